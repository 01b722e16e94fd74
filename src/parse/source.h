/* source: turns a file's raw bytes into the text the tokenizer reads, as CPython does: a UTF-8 BOM
 * is dropped, a PEP 263 coding cookie in the first two lines is honoured (utf-8 and its aliases,
 * latin-1/iso-8859-1 and their aliases, ascii; any other is an error), the text is checked to be
 * valid UTF-8, and CRLF and lone CR newlines become LF. NUL bytes are an error, as in CPython. */
#ifndef ASYNCREVIEW_PARSE_SOURCE_H
#define ASYNCREVIEW_PARSE_SOURCE_H

#include "base/arena.h"

typedef struct Source {
    const char *path; /* as given by the caller, for messages */
    const char *text; /* decoded UTF-8 with '\n' newlines, NUL-terminated, in the arena */
    uint32_t len;     /* bytes in text, without the terminating NUL */
    bool had_bom;     /* the raw bytes started with a UTF-8 BOM */
    bool crlf;        /* the first newline in the raw bytes was CRLF (for writing fixes back) */
} Source;

/* The first error met while decoding or parsing, CPython style. Lines and columns are 1-based;
 * col is in characters (code points) as CPython's SyntaxError.offset is; 0 when unknown. */
typedef struct SyntaxErr {
    bool set;
    const char *kind; /* "SyntaxError", "IndentationError", "TabError" */
    const char *msg;  /* CPython's wording, e.g. "'(' was never closed" */
    uint32_t line, col;
    uint32_t end_line, end_col;
} SyntaxErr;

/* Limits. MAX_SOURCE_BYTES keeps memory bounded; a larger file is rejected with a clear message. */
#define SOURCE_MAX_BYTES (32u * 1024u * 1024u)

/* source_decode: decodes raw[0..n) into src (text allocated in arena a). On failure returns -1 and
 * fills err (kind "SyntaxError", CPython's message, e.g. "Non-UTF-8 code starting with '\xff' ...",
 * "source code cannot contain null bytes", "unknown encoding: cp1252"). */
WARN_UNUSED int source_decode(Arena *a, const char *path, const char *raw, size_t n, Source *src,
                              SyntaxErr *err);

/* source_decode_borrowed: source_decode, except that a text needing no change (no BOM, no '\r',
 * valid UTF-8, no coding cookie but utf-8) is not copied: src->text then points into raw, which
 * must stay alive and have raw[n] == '\0'. */
WARN_UNUSED int source_decode_borrowed(Arena *a, const char *path, const char *raw, size_t n,
                                       Source *src, SyntaxErr *err);

/* source_read_file: reads a whole file (refusing files over SOURCE_MAX_BYTES, directories and
 * unreadable files) into a heap buffer the caller frees. On failure returns NULL and writes a
 * one-line reason (e.g. "Permission denied", "file too large (100.0 MB; the limit is 32 MB)") to
 * reason. */
WARN_UNUSED char *source_read_file(const char *path, size_t *len, char *reason, size_t reason_size);

/* source_read_file_arena: source_read_file with the buffer in arena a (NUL-terminated too). */
WARN_UNUSED char *source_read_file_arena(Arena *a, const char *path, size_t *len, char *reason,
                                         size_t reason_size);

#endif
