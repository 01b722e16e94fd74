/* token: the tokens the tokenizer (lexer.c) hands to the parser, CPython's token set. Each operator
 * and each hard keyword has its own kind; soft keywords (match, case, type, _) are TOK_NAME and the
 * parser recognises them by text. Declared once here and expanded by macros. */
#ifndef ASYNCREVIEW_PARSE_TOKEN_H
#define ASYNCREVIEW_PARSE_TOKEN_H

#include <stdint.h>

/* X(kind, spelling) */
#define TOKEN_LIST(X)                                                                              \
    X(TOK_ENDMARKER, "ENDMARKER")                                                                  \
    X(TOK_ERROR, "ERRORTOKEN") /* tokenizer error; details in Lexer.err */                         \
    X(TOK_NAME, "NAME")                                                                            \
    X(TOK_NUMBER, "NUMBER")                                                                        \
    X(TOK_STRING, "STRING") /* a whole plain, bytes or raw string literal with its prefix */       \
    X(TOK_NEWLINE, "NEWLINE")                                                                      \
    X(TOK_INDENT, "INDENT")                                                                        \
    X(TOK_DEDENT, "DEDENT")                                                                        \
    X(TOK_FSTRING_START, "FSTRING_START")   /* prefix and opening quote, e.g. rf""" */             \
    X(TOK_FSTRING_MIDDLE, "FSTRING_MIDDLE") /* literal text, escapes not yet decoded */            \
    X(TOK_FSTRING_END, "FSTRING_END")                                                              \
    X(TOK_TSTRING_START, "TSTRING_START")                                                          \
    X(TOK_TSTRING_MIDDLE, "TSTRING_MIDDLE")                                                        \
    X(TOK_TSTRING_END, "TSTRING_END")                                                              \
    X(TOK_LPAR, "(")                                                                               \
    X(TOK_RPAR, ")")                                                                               \
    X(TOK_LSQB, "[")                                                                               \
    X(TOK_RSQB, "]")                                                                               \
    X(TOK_LBRACE, "{")                                                                             \
    X(TOK_RBRACE, "}")                                                                             \
    X(TOK_COLON, ":")                                                                              \
    X(TOK_COMMA, ",")                                                                              \
    X(TOK_SEMI, ";")                                                                               \
    X(TOK_PLUS, "+")                                                                               \
    X(TOK_MINUS, "-")                                                                              \
    X(TOK_STAR, "*")                                                                               \
    X(TOK_SLASH, "/")                                                                              \
    X(TOK_VBAR, "|")                                                                               \
    X(TOK_AMPER, "&")                                                                              \
    X(TOK_LESS, "<")                                                                               \
    X(TOK_GREATER, ">")                                                                            \
    X(TOK_EQUAL, "=")                                                                              \
    X(TOK_DOT, ".")                                                                                \
    X(TOK_PERCENT, "%")                                                                            \
    X(TOK_EQEQUAL, "==")                                                                           \
    X(TOK_NOTEQUAL, "!=")                                                                          \
    X(TOK_LESSEQUAL, "<=")                                                                         \
    X(TOK_GREATEREQUAL, ">=")                                                                      \
    X(TOK_TILDE, "~")                                                                              \
    X(TOK_CIRCUMFLEX, "^")                                                                         \
    X(TOK_LEFTSHIFT, "<<")                                                                         \
    X(TOK_RIGHTSHIFT, ">>")                                                                        \
    X(TOK_DOUBLESTAR, "**")                                                                        \
    X(TOK_PLUSEQUAL, "+=")                                                                         \
    X(TOK_MINEQUAL, "-=")                                                                          \
    X(TOK_STAREQUAL, "*=")                                                                         \
    X(TOK_SLASHEQUAL, "/=")                                                                        \
    X(TOK_PERCENTEQUAL, "%=")                                                                      \
    X(TOK_AMPEREQUAL, "&=")                                                                        \
    X(TOK_VBAREQUAL, "|=")                                                                         \
    X(TOK_CIRCUMFLEXEQUAL, "^=")                                                                   \
    X(TOK_LEFTSHIFTEQUAL, "<<=")                                                                   \
    X(TOK_RIGHTSHIFTEQUAL, ">>=")                                                                  \
    X(TOK_DOUBLESTAREQUAL, "**=")                                                                  \
    X(TOK_DOUBLESLASH, "//")                                                                       \
    X(TOK_DOUBLESLASHEQUAL, "//=")                                                                 \
    X(TOK_AT, "@")                                                                                 \
    X(TOK_ATEQUAL, "@=")                                                                           \
    X(TOK_RARROW, "->")                                                                            \
    X(TOK_ELLIPSIS, "...")                                                                         \
    X(TOK_COLONEQUAL, ":=")                                                                        \
    X(TOK_EXCLAMATION, "!")                                                                        \
    X(TOK_FALSE, "False")                                                                          \
    X(TOK_NONE, "None")                                                                            \
    X(TOK_TRUE, "True")                                                                            \
    X(TOK_AND, "and")                                                                              \
    X(TOK_AS, "as")                                                                                \
    X(TOK_ASSERT, "assert")                                                                        \
    X(TOK_ASYNC, "async")                                                                          \
    X(TOK_AWAIT, "await")                                                                          \
    X(TOK_BREAK, "break")                                                                          \
    X(TOK_CLASS, "class")                                                                          \
    X(TOK_CONTINUE, "continue")                                                                    \
    X(TOK_DEF, "def")                                                                              \
    X(TOK_DEL, "del")                                                                              \
    X(TOK_ELIF, "elif")                                                                            \
    X(TOK_ELSE, "else")                                                                            \
    X(TOK_EXCEPT, "except")                                                                        \
    X(TOK_FINALLY, "finally")                                                                      \
    X(TOK_FOR, "for")                                                                              \
    X(TOK_FROM, "from")                                                                            \
    X(TOK_GLOBAL, "global")                                                                        \
    X(TOK_IF, "if")                                                                                \
    X(TOK_IMPORT, "import")                                                                        \
    X(TOK_IN, "in")                                                                                \
    X(TOK_IS, "is")                                                                                \
    X(TOK_LAMBDA, "lambda")                                                                        \
    X(TOK_NONLOCAL, "nonlocal")                                                                    \
    X(TOK_NOT, "not")                                                                              \
    X(TOK_OR, "or")                                                                                \
    X(TOK_PASS, "pass")                                                                            \
    X(TOK_RAISE, "raise")                                                                          \
    X(TOK_RETURN, "return")                                                                        \
    X(TOK_TRY, "try")                                                                              \
    X(TOK_WHILE, "while")                                                                          \
    X(TOK_WITH, "with")                                                                            \
    X(TOK_YIELD, "yield")

typedef enum TokKind {
#define TOKEN_ENUM(kind, spelling) kind,
    TOKEN_LIST(TOKEN_ENUM)
#undef TOKEN_ENUM
        TOK_KIND_COUNT
} TokKind;

#define TOK_FIRST_KEYWORD TOK_FALSE
#define TOK_LAST_KEYWORD TOK_YIELD

typedef struct Token {
    uint8_t kind;   /* TokKind */
    uint8_t flags;  /* TOKF_* */
    uint16_t extra; /* FSTRING/TSTRING_START: quote length (1 or 3); otherwise 0 */
    uint32_t
        start;    /* byte offsets into Source.text; for NEWLINE/INDENT/DEDENT/ENDMARKER CPython's */
    uint32_t end; /* positions (see lexer.h) */
} Token;

#define TOKF_RAW 0x01     /* STRING/FSTRING_START/TSTRING_START: has an r/R prefix */
#define TOKF_BYTES 0x02   /* STRING: has a b/B prefix */
#define TOKF_UNICODE 0x04 /* STRING: has a u/U prefix */

/* tok_spelling: "NAME", "(", "async" ... */
const char *tok_spelling(TokKind kind);

#endif
