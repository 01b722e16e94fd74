#include "parse/lineindex.h"

#include <string.h>

void
lineindex_build(LineIndex *li, Arena *a, const char *text, uint32_t len)
{
    /* memchr is vectorised: this runs on every file, up to three times in `check` */
    uint32_t n = 1;
    const char *end = text + len;
    for (const char *p = text; (p = memchr(p, '\n', (size_t)(end - p))) != NULL; p++)
        n++;
    li->text = text;
    li->len = len;
    li->nlines = n;
    li->line_starts = arena_alloc(a, sizeof(uint32_t) * n);
    li->line_starts[0] = 0;
    uint32_t k = 1;
    for (const char *p = text; (p = memchr(p, '\n', (size_t)(end - p))) != NULL; p++)
        li->line_starts[k++] = (uint32_t)(p - text) + 1;
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
