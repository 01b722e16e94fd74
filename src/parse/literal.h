/* literal: the values of literal tokens, as CPython computes them: numbers (ints of any size,
 * floats, imaginary numbers, underscores), string and bytes literals with every escape (\x, \u, \U,
 * \N{NAME}, octal, line continuation), raw strings, and the literal parts of f-strings and
 * t-strings ({{ and }}). Also the per-file identifier interner (with CPython's NFKC normalisation
 * of non-ASCII names). */
#ifndef ASYNCREVIEW_PARSE_LITERAL_H
#define ASYNCREVIEW_PARSE_LITERAL_H

#include "base/arena.h"
#include "parse/ast.h"

/* lit_number: value of a NUMBER token's text[0..n) into out (CONST_INT, CONST_FLOAT or
 * CONST_COMPLEX). Returns 0, or -1 with a CPython message in *msg (e.g. for "0777": "leading zeros
 * in decimal integer literals are not permitted; use an 0o prefix for octal integers"). */
WARN_UNUSED int lit_number(Arena *a, const char *text, uint32_t n, Constant *out, const char **msg);

/* lit_string: value of one STRING token's text[0..n) (prefix and quotes included) into out
 * (CONST_STR or CONST_BYTES; has_u_prefix set for u''). Returns 0, or -1 with CPython's message in
 * *msg, e.g.
 * "(unicode error) 'unicodeescape' codec can't decode bytes in position 0-1: truncated \xXX
 * escape", "bytes can only contain ASCII literal characters". *err_off receives the byte offset in
 * text where the error is, when known. */
WARN_UNUSED int lit_string(Arena *a, const char *text, uint32_t n, Constant *out, const char **msg,
                           uint32_t *err_off);

/* lit_fstring_middle: decoded value of an FSTRING_MIDDLE/TSTRING_MIDDLE text[0..n) (raw when
 * `raw`), appended to out (a UTF-8 buffer in the arena, grown as needed; *out_len updated). Same
 * errors. */
WARN_UNUSED int lit_fstring_middle(Arena *a, const char *text, uint32_t n, bool raw, char **out,
                                   uint32_t *out_len, const char **msg);

/* Interner: per-file table of identifiers; equal names give the same pointer. */
typedef struct Interner Interner;
Interner *intern_new(Arena *a);
/* intern_ident: the interned, NUL-terminated copy of name[0..n). Non-ASCII names are
 * NFKC-normalised first, as CPython does. */
Ident intern_ident(Interner *in, const char *name, uint32_t n);

#endif
