/* lexer: CPython's tokenizer, over a decoded Source. It tokenizes the whole file at once into an
 * arena array (the parser backtracks by index), stopping at the first error with a TOK_ERROR token
 * whose details are in `err`: the parser reports that error only when it reaches the token, so a
 * syntax error earlier in the file wins, as with CPython's lazy tokenizer.
 *
 * It implements: INDENT/DEDENT with CPython's tab rules (TabError, "unindent does not match any
 * outer indentation level", "unexpected indent" is the parser's), implicit line joining inside
 * brackets, backslash continuations, form feeds, comments (collected in `comments`, not given to
 * the parser), blank lines, the missing final newline (a NEWLINE is synthesised), numbers with
 * underscores and all bases, string prefixes, PEP 701 f-strings (FSTRING_START / FSTRING_MIDDLE /
 * FSTRING_END with nested expressions, quotes and format specs) and PEP 750 t-strings likewise, and
 * CPython's error messages: "unterminated string literal (detected at line N)", "unterminated
 * triple-quoted string literal (detected at line N)", "unmatched ')'", "closing parenthesis ']'
 * does not match opening parenthesis
 * '('", "'(' was never closed", "too many nested parentheses", "invalid character '€' (U+20AC)",
 * "invalid decimal literal", "unexpected character after line continuation character", ... */
#ifndef ASYNCREVIEW_PARSE_LEXER_H
#define ASYNCREVIEW_PARSE_LEXER_H

#include "base/arena.h"
#include "parse/source.h"
#include "parse/token.h"

typedef struct Comment {
    uint32_t start, end; /* from '#' to the end of the line, without the newline */
} Comment;

typedef struct Lexer {
    const Source *src;
    Token *tokens; /* ends with TOK_ENDMARKER or TOK_ERROR */
    uint32_t ntokens;
    Comment *comments;
    uint32_t ncomments;
    SyntaxErr err; /* set when the last token is TOK_ERROR */
} Lexer;

/* Token spans are those of CPython's tokenizer as its parser sees them:
 * - NEWLINE runs from its token start to the '\n' (empty at the '\n', or from the '#' when a
 * comment ends the line); for a last line without '\n' it is empty at the end of the text.
 * - INDENT covers the indentation (line start .. first token); DEDENT is empty at the first token
 *   of the line (at the end of the text after the last line); ENDMARKER is empty at the end.
 * - FSTRING_MIDDLE/TSTRING_MIDDLE: "{{" and "}}" end a middle with a single brace and the second
 *   brace is in no token; a middle may be empty (f"{x:}"); \N{NAME} is one middle. Decode each with
 *   lit_fstring_middle (no brace undoubling needed).
 * - "<>" is TOK_NOTEQUAL, as in CPython, whose parser then rejects the text "<>".
 * Error positions in `err` are those CPython's SyntaxError reports (its end offset -1 is 0 here).
 */

/* CPython's limits: MAXINDENT 100 indentation levels, MAXLEVEL 200 nested brackets, and f-strings
 * nested at most 150 deep (3.12+). */
#define LEX_MAX_INDENT 100
#define LEX_MAX_PAREN 200
#define LEX_MAX_FSTRING_DEPTH 150

/* lex_tokenize: tokenizes src into lx, all memory in arena a. Never fails: errors become TOK_ERROR.
 */
void lex_tokenize(Lexer *lx, Arena *a, const Source *src);

#endif
