/* parser: hand-written recursive-descent parser for the Python 3.14 grammar (python.gram),
 * producing the AST of ast.h in the file's arena, with CPython's positions and CPython's syntax
 * error messages. */
#ifndef ASYNCREVIEW_PARSE_PARSER_H
#define ASYNCREVIEW_PARSE_PARSER_H

#include "base/arena.h"
#include "parse/ast.h"
#include "parse/lexer.h"
#include "parse/lineindex.h"
#include "parse/source.h"

/* CPython bounds recursion (MAXSTACK 6000 in the parser, 200 nested parentheses in the tokenizer);
 * we bound our own depth so no input can overflow the C stack. */
#define PARSE_MAX_DEPTH 3000

/* Everything known about one parsed file; all of it lives in the arena. */
typedef struct ParsedFile {
    Source src;
    LineIndex lines;
    Lexer lex;
    Module *mod; /* NULL when err.set */
    SyntaxErr err;
} ParsedFile;

/* parse_source: decodes raw[0..n) and parses it into pf (in arena a). Returns 0, or -1 with pf->err
 * set (decode errors, tokenizer errors and parser errors, CPython's message and position). */
WARN_UNUSED int parse_source(ParsedFile *pf, Arena *a, const char *path, const char *raw, size_t n);

/* parse_module: parses an already-decoded source; returns NULL and fills err on a syntax error. */
Module *parse_module(Arena *a, const Source *src, Lexer *lx, const LineIndex *lines,
                     SyntaxErr *err);

#endif
