#include "parse/lineindex.h"

#include <string.h>

void
lineindex_build(LineIndex *li, Arena *a, const char *text, uint32_t len)
{
    /* One pass with memchr (vectorised; this runs on every file, up to three times in `check`)
     * into room for a line per 32 bytes, which is more than most files need (the stdlib averages
     * 36 bytes a line); a file of shorter lines has its array regrown in the arena. */
    uint32_t cap = len / 32 + 16, n = 1;
    uint32_t *starts = arena_alloc(a, sizeof(uint32_t) * cap);
    starts[0] = 0;
    const char *end = text + len;
    for (const char *p = text; (p = memchr(p, '\n', (size_t)(end - p))) != NULL; p++) {
        if (n == cap) {
            uint32_t *bigger = arena_alloc(a, sizeof(uint32_t) * (size_t)cap * 2);
            memcpy(bigger, starts, sizeof(uint32_t) * cap);
            starts = bigger;
            cap *= 2;
        }
        starts[n++] = (uint32_t)(p - text) + 1;
    }
    li->text = text;
    li->len = len;
    li->nlines = n;
    li->line_starts = starts;
}

uint32_t
lineindex_line(const LineIndex *li, uint32_t off)
{
    uint32_t lo = 0, hi = li->nlines; /* find the last line start <= off */
    while (hi - lo > 1) {
        uint32_t mid = lo + (hi - lo) / 2;
        if (li->line_starts[mid] <= off)
            lo = mid;
        else
            hi = mid;
    }
    return lo + 1;
}

uint32_t
lineindex_byte_col(const LineIndex *li, uint32_t off)
{
    return off - li->line_starts[lineindex_line(li, off) - 1];
}

uint32_t
lineindex_char_col(const LineIndex *li, uint32_t off)
{
    uint32_t start = li->line_starts[lineindex_line(li, off) - 1];
    uint32_t col = 0;
    for (uint32_t i = start; i < off && i < li->len; i++)
        col += ((unsigned char)li->text[i] & 0xC0) != 0x80; /* count lead bytes only */
    return col;
}

uint32_t
lineindex_line_start(const LineIndex *li, uint32_t line)
{
    if (line == 0 || line > li->nlines)
        return li->len;
    return li->line_starts[line - 1];
}

uint32_t
lineindex_line_len(const LineIndex *li, uint32_t line)
{
    if (line == 0 || line > li->nlines)
        return 0;
    uint32_t start = li->line_starts[line - 1];
    uint32_t end = line < li->nlines ? li->line_starts[line] - 1 : li->len;
    return end - start;
}
