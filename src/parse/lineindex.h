/* lineindex: converts byte offsets in a Source's text to line and column numbers. */
#ifndef ASYNCREVIEW_PARSE_LINEINDEX_H
#define ASYNCREVIEW_PARSE_LINEINDEX_H

#include "base/arena.h"

typedef struct LineIndex {
    const char *text;
    uint32_t len;
    uint32_t *line_starts; /* offset of the first byte of each line; line_starts[0] == 0 */
    uint32_t nlines;
} LineIndex;

/* lineindex_build: index of text[0..len) ('\n' newlines), allocated in arena a. */
void lineindex_build(LineIndex *li, Arena *a, const char *text, uint32_t len);
/* lineindex_line: 1-based line number holding byte offset off (off may equal len). */
uint32_t lineindex_line(const LineIndex *li, uint32_t off);
/* lineindex_byte_col: 0-based UTF-8 byte column of off within its line (CPython's col_offset). */
uint32_t lineindex_byte_col(const LineIndex *li, uint32_t off);
/* lineindex_char_col: 0-based column of off in code points (for user-facing 1-based columns, add
 * 1). */
uint32_t lineindex_char_col(const LineIndex *li, uint32_t off);
/* lineindex_line_text: start offset and length (without '\n') of 1-based line `line`. */
uint32_t lineindex_line_start(const LineIndex *li, uint32_t line);
uint32_t lineindex_line_len(const LineIndex *li, uint32_t line);

#endif
