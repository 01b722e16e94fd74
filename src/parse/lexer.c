/* lexer: CPython 3.14's tokenizer (Parser/lexer/lexer.c), re-implemented over a decoded Source.
 *
 * The whole file is tokenized at once. Token boundaries, the NEWLINE/INDENT/DEDENT conventions and
 * the error messages and positions are CPython's, because the parser builds node positions and
 * reports syntax errors from them. Reading goes through nextc()/backup() as in CPython so that the
 * many one-character look-aheads behave the same; a file whose last line has no '\n' gets a virtual
 * one at offset len, as CPython appends one to such input. */
#include "parse/lexer.h"

#include "base/bytescan.h"

#include <assert.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include <unicode/uchar.h>

#define LEX_EOF (-1)
#define TABSIZE 8
#define ALTTABSIZE 1
#define MAX_EXPR_NESTING 3 /* CPython's limit on replacement fields nested in format specs */

/* One f-string or t-string being scanned (CPython's tokenizer_mode). Entry 0 of the stack is the
 * plain regular mode. */
typedef struct FtMode {
    bool literal; /* scanning literal text (TOK_FSTRING_MODE), not an expression */
    bool raw, is_t, in_format_spec;
    char quote;
    uint8_t quote_size;
    int curly_depth;      /* brackets open inside this string's replacement fields */
    int expr_start_depth; /* curly_depth at which the innermost replacement field began; -1 none */
    uint32_t start;       /* offset of the prefix */
} FtMode;

typedef struct Lx {
    Lexer *lx;
    Arena *a;
    const char *s;
    uint32_t len;
    bool implicit_nl; /* a virtual '\n' sits at offset len */
    uint32_t cur;
    uint32_t start; /* start of the token being scanned */
    bool atbol, done;
    int pendin;
    uint32_t indent_bol; /* start of the line whose indentation made the pending INDENT */
    int indent;
    int indstack[LEX_MAX_INDENT];
    int altindstack[LEX_MAX_INDENT];
    int level;
    char parenstack[LEX_MAX_PAREN];
    uint32_t parenpos[LEX_MAX_PAREN];
    int mode_idx;
    FtMode modes[LEX_MAX_FSTRING_DEPTH];
    VEC(Token) toks;
    VEC(Comment) comments;
} Lx;

/* ---- reading ---- */

static inline int
nextc(Lx *t)
{
    if (t->cur < t->len)
        return (unsigned char)t->s[t->cur++];
    if (t->cur == t->len && t->implicit_nl) {
        t->cur++;
        return '\n';
    }
    return LEX_EOF;
}

static inline void
backup(Lx *t, int c)
{
    if (c != LEX_EOF) {
        assert(t->cur > 0);
        t->cur--;
    }
}

/* charat: the character at off without moving, with the virtual newline and EOF. */
static inline int
charat(const Lx *t, uint32_t off)
{
    if (off < t->len)
        return (unsigned char)t->s[off];
    if (off == t->len && t->implicit_nl)
        return '\n';
    return LEX_EOF;
}

static inline uint32_t
clamp(const Lx *t, uint32_t off)
{
    return off < t->len ? off : t->len;
}

static const uint8_t ident_class[256] = {
    /* 1: may start an identifier, 2: may continue one (CPython's is_potential_identifier_*) */
    ['0'] = 2, ['1'] = 2, ['2'] = 2, ['3'] = 2, ['4'] = 2, ['5'] = 2, ['6'] = 2, ['7'] = 2,
    ['8'] = 2, ['9'] = 2, ['_'] = 3,
#define L3(c) [c] = 3
    L3('a'),   L3('b'),   L3('c'),   L3('d'),   L3('e'),   L3('f'),   L3('g'),   L3('h'),
    L3('i'),   L3('j'),   L3('k'),   L3('l'),   L3('m'),   L3('n'),   L3('o'),   L3('p'),
    L3('q'),   L3('r'),   L3('s'),   L3('t'),   L3('u'),   L3('v'),   L3('w'),   L3('x'),
    L3('y'),   L3('z'),   L3('A'),   L3('B'),   L3('C'),   L3('D'),   L3('E'),   L3('F'),
    L3('G'),   L3('H'),   L3('I'),   L3('J'),   L3('K'),   L3('L'),   L3('M'),   L3('N'),
    L3('O'),   L3('P'),   L3('Q'),   L3('R'),   L3('S'),   L3('T'),   L3('U'),   L3('V'),
    L3('W'),   L3('X'),   L3('Y'),   L3('Z'),
#undef L3
};

/* string prefix letters (b, r, u, f, t in either case) */
static const uint8_t prefix_letter[256] = {
    ['b'] = 1, ['B'] = 1, ['r'] = 1, ['R'] = 1, ['u'] = 1,
    ['U'] = 1, ['f'] = 1, ['F'] = 1, ['t'] = 1, ['T'] = 1,
};

/* characters that stop the scan of a string's body (NUL is the end of the text) */
static const uint8_t string_stop[256] = { [0] = 1, ['\''] = 1, ['"'] = 1, ['\\'] = 1, ['\n'] = 1 };

static inline bool
is_id_start(int c)
{
    return c >= 128 || (c >= 0 && (ident_class[c] & 1));
}

static inline bool
is_id_char(int c)
{
    return c >= 128 || (c >= 0 && ident_class[c] != 0);
}

static inline bool
is_digit(int c)
{
    return c >= '0' && c <= '9';
}

static inline bool
is_xdigit(int c)
{
    return is_digit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

/* utf8_next: decodes the (valid) UTF-8 sequence at s[*i], advancing *i. */
static uint32_t
utf8_next(const char *s, uint32_t len, uint32_t *i)
{
    const unsigned char *u = (const unsigned char *)s;
    uint32_t c = u[*i], n = 0;
    if (c < 0x80)
        n = 0;
    else if (c >= 0xF0)
        c &= 0x07, n = 3;
    else if (c >= 0xE0)
        c &= 0x0F, n = 2;
    else
        c &= 0x1F, n = 1;
    (*i)++;
    while (n-- && *i < len)
        c = (c << 6) | (u[(*i)++] & 0x3F);
    return c;
}

/* is_printable: CPython's str.isprintable() for one code point (not Other nor Separator, but ' ').
 */
static bool
is_printable(uint32_t ch)
{
    if (ch < 128)
        return ch >= 0x20 && ch < 0x7F;
    switch (u_charType((UChar32)ch)) {
    case U_UNASSIGNED:
    case U_CONTROL_CHAR:
    case U_FORMAT_CHAR:
    case U_SURROGATE:
    case U_PRIVATE_USE_CHAR:
    case U_LINE_SEPARATOR:
    case U_PARAGRAPH_SEPARATOR:
    case U_SPACE_SEPARATOR:
        return false;
    default:
        return true;
    }
}

/* ---- tokens ---- */

static inline void
emit(Lx *t, TokKind kind, uint32_t start, uint32_t end, uint8_t flags, uint16_t extra)
{
    if (end > t->len) /* only at the virtual newline */
        end = t->len, start = start < end ? start : end;
    Token tok = {
        .kind = (uint8_t)kind, .flags = flags, .extra = extra, .start = start, .end = end
    };
    VEC_PUSH(t->a, t->toks, tok);
}

/* ---- errors (CPython's positions: lines 1-based, columns in code points) ---- */

static uint32_t
line_of(const Lx *t, uint32_t off)
{
    uint32_t line = 1, end = clamp(t, off);
    for (const char *p = t->s; (p = memchr(p, '\n', (size_t)(t->s + end - p))) != NULL; p++)
        line++;
    return line;
}

static uint32_t
line_start_of(const Lx *t, uint32_t off)
{
    uint32_t i = clamp(t, off);
    while (i > 0 && t->s[i - 1] != '\n')
        i--;
    return i;
}

/* chars: code points in [a, b), the virtual newline counting as one. */
static uint32_t
chars(const Lx *t, uint32_t a, uint32_t b)
{
    uint32_t n = b > t->len ? 1 : 0;
    b = clamp(t, b);
    for (uint32_t i = a; i < b; i++)
        n += ((unsigned char)t->s[i] & 0xC0) != 0x80;
    return n;
}

static void
fail(Lx *t, const char *kind, uint32_t line, uint32_t col, uint32_t end_line, uint32_t end_col,
     const char *msg)
{
    SyntaxErr *e = &t->lx->err;
    *e = (SyntaxErr){ .set = true,
                      .kind = kind,
                      .msg = msg,
                      .line = line,
                      .col = col,
                      .end_line = end_line,
                      .end_col = end_col };
    emit(t, TOK_ERROR, t->start, t->cur > t->start ? t->cur : t->start, 0, 0);
    t->done = true;
}

static const char *vformat(Lx *t, const char *fmt, va_list ap) PRINTF_LIKE(2, 0);

static const char *
vformat(Lx *t, const char *fmt, va_list ap)
{
    char buf[256];
    vsnprintf(buf, sizeof buf, fmt, ap);
    return arena_strdup(t->a, buf);
}

static void syntax_error(Lx *t, const char *fmt, ...) PRINTF_LIKE(2, 3);

static void
syntax_error(Lx *t, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    const char *msg = vformat(t, fmt, ap);
    va_end(ap);
    uint32_t line = 1, col = 0;
    if (t->cur > 0) {
        line = line_of(t, t->cur - 1);
        col = chars(t, line_start_of(t, t->cur - 1), t->cur);
    }
    fail(t, "SyntaxError", line, col, line, col, msg);
}

/* known_range_error: CPython's _PyTokenizer_syntaxerror_known_range, whose columns are byte
 * offsets on the current line (start+1 .. end). */
static void
known_range_error(Lx *t, uint32_t start, uint32_t end, const char *msg)
{
    uint32_t last = t->cur > 0 ? t->cur - 1 : 0;
    uint32_t ls = line_start_of(t, last);
    uint32_t line = line_of(t, last);
    fail(t, "SyntaxError", line, start + 1 - ls, line, end - ls, msg);
}

/* indentation errors are raised by CPython's parser from the tokenizer's state: the offending line,
 * column 1 (TabError, too deep) or the whole line (bad dedent). CPython's end offset -1 is 0 here.
 */
static void
indent_error(Lx *t, const char *kind, const char *msg, uint32_t bol, bool whole_line)
{
    uint32_t line = line_of(t, bol);
    uint32_t col = 1;
    if (whole_line) {
        uint32_t e = bol;
        while (e < t->len && t->s[e] != '\n')
            e++;
        col = chars(t, bol, e + 1);
    }
    t->start = bol;
    fail(t, kind, line, col, line, 0, msg);
}

static void
unclosed_paren_error(Lx *t)
{
    uint32_t pos = t->parenpos[t->level - 1];
    uint32_t line = line_of(t, pos);
    uint32_t col = chars(t, line_start_of(t, pos), pos + 1);
    fail(t, "SyntaxError", line, col, line, 0,
         arena_sprintf(t->a, "'%c' was never closed", t->parenstack[t->level - 1]));
}

static char
string_prefix(const Lx *t)
{
    return t->modes[t->mode_idx].is_t ? 't' : 'f';
}

/* continuation_line: after a backslash; 0 when a newline follows (and more text after it), else
 * records CPython's error and returns -1. */
static int
continuation_line(Lx *t)
{
    int c = nextc(t);
    if (c != '\n') {
        uint32_t last = t->cur - 1;
        uint32_t line = line_of(t, last);
        uint32_t col = chars(t, line_start_of(t, last), t->cur);
        fail(t, "SyntaxError", line, col, line, 0,
             "unexpected character after line continuation character");
        return -1;
    }
    c = nextc(t);
    if (c == LEX_EOF) {
        if (t->level) {
            unclosed_paren_error(t);
        } else {
            uint32_t last = t->cur - 1;
            uint32_t line = line_of(t, last);
            uint32_t col = chars(t, line_start_of(t, last), t->cur);
            fail(t, "SyntaxError", line, col, line, 0, "unexpected EOF while parsing");
        }
        return -1;
    }
    backup(t, c);
    return 0;
}

/* ---- names ---- */

static TokKind
keyword_kind(const char *s, uint32_t n)
{
#define KW(text, kind)                                                                             \
    if (n == sizeof(text) - 1 && memcmp(s, text, n) == 0)                                          \
    return kind
    if (n < 2 || n > 8)
        return TOK_NAME;
    switch (s[0]) {
    case 'F':
        KW("False", TOK_FALSE);
        break;
    case 'N':
        KW("None", TOK_NONE);
        break;
    case 'T':
        KW("True", TOK_TRUE);
        break;
    case 'a':
        KW("and", TOK_AND);
        KW("as", TOK_AS);
        KW("assert", TOK_ASSERT);
        KW("async", TOK_ASYNC);
        KW("await", TOK_AWAIT);
        break;
    case 'b':
        KW("break", TOK_BREAK);
        break;
    case 'c':
        KW("class", TOK_CLASS);
        KW("continue", TOK_CONTINUE);
        break;
    case 'd':
        KW("def", TOK_DEF);
        KW("del", TOK_DEL);
        break;
    case 'e':
        KW("elif", TOK_ELIF);
        KW("else", TOK_ELSE);
        KW("except", TOK_EXCEPT);
        break;
    case 'f':
        KW("finally", TOK_FINALLY);
        KW("for", TOK_FOR);
        KW("from", TOK_FROM);
        break;
    case 'g':
        KW("global", TOK_GLOBAL);
        break;
    case 'i':
        KW("if", TOK_IF);
        KW("import", TOK_IMPORT);
        KW("in", TOK_IN);
        KW("is", TOK_IS);
        break;
    case 'l':
        KW("lambda", TOK_LAMBDA);
        break;
    case 'n':
        KW("nonlocal", TOK_NONLOCAL);
        KW("not", TOK_NOT);
        break;
    case 'o':
        KW("or", TOK_OR);
        break;
    case 'p':
        KW("pass", TOK_PASS);
        break;
    case 'r':
        KW("raise", TOK_RAISE);
        KW("return", TOK_RETURN);
        break;
    case 't':
        KW("try", TOK_TRY);
        break;
    case 'w':
        KW("while", TOK_WHILE);
        KW("with", TOK_WITH);
        break;
    case 'y':
        KW("yield", TOK_YIELD);
        break;
    default:
        break;
    }
    return TOK_NAME;
#undef KW
}

/* verify_identifier: PEP 3131 for a name with non-ASCII characters in [t->start, t->cur). */
static bool
verify_identifier(Lx *t)
{
    uint32_t i = t->start;
    bool first = true;
    while (i < t->cur) {
        uint32_t ch = utf8_next(t->s, t->cur, &i);
        bool ok = first ? (ch == '_' || u_hasBinaryProperty((UChar32)ch, UCHAR_XID_START))
                        : u_hasBinaryProperty((UChar32)ch, UCHAR_XID_CONTINUE);
        first = false;
        if (ok)
            continue;
        t->cur = i; /* CPython points just past the offending character */
        if (is_printable(ch)) {
            char utf8[5] = { 0 };
            uint32_t k = t->cur - (ch < 0x80 ? 1 : ch < 0x800 ? 2 : ch < 0x10000 ? 3 : 4);
            memcpy(utf8, t->s + k, t->cur - k);
            syntax_error(t, "invalid character '%s' (U+%04X)", utf8, (unsigned)ch);
        } else {
            syntax_error(t, "invalid non-printable character U+%04X", (unsigned)ch);
        }
        return false;
    }
    return true;
}

/* ---- numbers ---- */

/* lookahead: the text at off is `word` not followed by an identifier character. */
static bool
lookahead(const Lx *t, uint32_t off, const char *word)
{
    for (; *word; word++, off++)
        if (charat(t, off) != *word)
            return false;
    return !is_id_char(charat(t, off));
}

/* verify_end_of_number: c was just read after a number. A keyword that may follow a number in
 * valid code ("1if x else y") is only a warning in CPython; any other letter is an error. */
static bool
verify_end_of_number(Lx *t, int c, const char *kind)
{
    bool r = false;
    switch (c) {
    case 'a':
        r = lookahead(t, t->cur, "nd");
        break;
    case 'e':
        r = lookahead(t, t->cur, "lse");
        break;
    case 'f':
        r = lookahead(t, t->cur, "or");
        break;
    case 'i': {
        int c2 = charat(t, t->cur);
        r = c2 == 'f' || c2 == 'n' || c2 == 's';
        break;
    }
    case 'o':
        r = lookahead(t, t->cur, "r");
        break;
    case 'n':
        r = lookahead(t, t->cur, "ot");
        break;
    default:
        break;
    }
    if (r)
        return true;
    if (c >= 0 && c < 128 && is_id_char(c)) {
        backup(t, c);
        syntax_error(t, "invalid %s literal", kind);
        return false;
    }
    return true;
}

#define NUM_ERROR (-2)

/* decimal_tail: digits with single underscores between them; returns the character after them. */
static int
decimal_tail(Lx *t)
{
    int c;
    for (;;) {
        do
            c = nextc(t);
        while (is_digit(c));
        if (c != '_')
            return c;
        c = nextc(t);
        if (!is_digit(c)) {
            backup(t, c);
            syntax_error(t, "invalid decimal literal");
            return NUM_ERROR;
        }
    }
}

static void
number_done(Lx *t, int c)
{
    backup(t, c);
    emit(t, TOK_NUMBER, t->start, t->cur, 0, 0);
}

/* number_tail: the fraction, exponent and imaginary suffix of a decimal number; c is the
 * character after the integer part, or after the '.' when `fraction`. */
static void
number_tail(Lx *t, int c, bool fraction)
{
    if (!fraction && c == '.') {
        c = nextc(t);
        fraction = true;
    }
    if (fraction && is_digit(c)) {
        c = decimal_tail(t);
        if (c == NUM_ERROR)
            return;
    }
    if (c == 'e' || c == 'E') {
        int e = c;
        c = nextc(t);
        if (c == '+' || c == '-') {
            c = nextc(t);
            if (!is_digit(c)) {
                backup(t, c);
                syntax_error(t, "invalid decimal literal");
                return;
            }
        } else if (!is_digit(c)) {
            backup(t, c);
            if (!verify_end_of_number(t, e, "decimal"))
                return;
            backup(t, e);
            emit(t, TOK_NUMBER, t->start, t->cur, 0, 0);
            return;
        }
        c = decimal_tail(t);
        if (c == NUM_ERROR)
            return;
    }
    if (c == 'j' || c == 'J') {
        c = nextc(t);
        if (!verify_end_of_number(t, c, "imaginary"))
            return;
    } else if (!verify_end_of_number(t, c, "decimal")) {
        return;
    }
    number_done(t, c);
}

/* radix_number: 0x/0o/0b literals; c is the character after the base letter. */
static void
radix_number(Lx *t, int c, int base, const char *kind)
{
    for (;;) {
        if (c == '_')
            c = nextc(t);
        bool ok = base == 16  ? is_xdigit(c)
                  : base == 8 ? (c >= '0' && c < '8')
                              : (c == '0' || c == '1');
        if (!ok) {
            if (base != 16 && is_digit(c)) {
                syntax_error(t, "invalid digit '%c' in %s literal", c, kind);
            } else {
                backup(t, c);
                syntax_error(t, "invalid %s literal", kind);
            }
            return;
        }
        do {
            c = nextc(t);
            ok = base == 16  ? is_xdigit(c)
                 : base == 8 ? (c >= '0' && c < '8')
                             : (c == '0' || c == '1');
        } while (ok);
        if (c != '_')
            break;
    }
    if (base != 16 && is_digit(c)) {
        syntax_error(t, "invalid digit '%c' in %s literal", c, kind);
        return;
    }
    if (!verify_end_of_number(t, c, kind))
        return;
    number_done(t, c);
}

static void
lex_number(Lx *t, int c)
{
    if (c != '0') {
        c = decimal_tail(t);
        if (c != NUM_ERROR)
            number_tail(t, c, false);
        return;
    }
    c = nextc(t);
    if (c == 'x' || c == 'X') {
        radix_number(t, nextc(t), 16, "hexadecimal");
        return;
    }
    if (c == 'o' || c == 'O') {
        radix_number(t, nextc(t), 8, "octal");
        return;
    }
    if (c == 'b' || c == 'B') {
        radix_number(t, nextc(t), 2, "binary");
        return;
    }
    /* maybe an old-style octal such as 0777, which is an error; 0, 00 and 0_0 are fine */
    bool nonzero = false;
    for (;;) {
        if (c == '_') {
            c = nextc(t);
            if (!is_digit(c)) {
                backup(t, c);
                syntax_error(t, "invalid decimal literal");
                return;
            }
        }
        if (c != '0')
            break;
        c = nextc(t);
    }
    uint32_t zeros_end = t->cur;
    if (is_digit(c)) {
        nonzero = true;
        c = decimal_tail(t);
        if (c == NUM_ERROR)
            return;
    }
    if (c == '.') {
        number_tail(t, nextc(t), true);
        return;
    }
    if (c == 'e' || c == 'E' || c == 'j' || c == 'J') {
        number_tail(t, c, false);
        return;
    }
    if (nonzero) {
        backup(t, c);
        known_range_error(t, t->start, zeros_end,
                          "leading zeros in decimal integer literals are not permitted; use an 0o "
                          "prefix for octal integers");
        return;
    }
    if (!verify_end_of_number(t, c, "decimal"))
        return;
    number_done(t, c);
}

/* ---- strings ---- */

/* string_body_skip: from q, 16 bytes at a time while 16 remain before end (the text's NUL), to
 * the first quote, backslash or `also` (the newline that ends a single-quoted string; the quote
 * again for a triple-quoted one); the byte loop of lex_string goes on from there. */
static inline const unsigned char *
string_body_skip(const unsigned char *q, const unsigned char *end, int quote, int also)
{
    const Bytes16 quotes = bytes16_splat((char)quote), backslashes = bytes16_splat('\\'),
                  others = bytes16_splat((char)also);
    while (end - q >= 16) {
        Bytes16 v = bytes16_load(q);
        uint32_t k = bytes16_first((Bytes16)((v == quotes) | (v == backslashes) | (v == others)));
        q += k;
        if (k < 16)
            break;
    }
    return q;
}

static void
lex_string(Lx *t, int quote, uint8_t flags)
{
    int quote_size = 1, end_quote_size = 0;
    bool has_escaped_quote = false;
    int c = nextc(t);
    if (c == quote) {
        c = nextc(t);
        if (c == quote)
            quote_size = 3;
        else
            end_quote_size = 1; /* the empty string */
    }
    if (c != quote)
        backup(t, c);
    const char *s = t->s;
    while (end_quote_size != quote_size) {
        /* fast path over ordinary characters (the text is NUL-terminated) */
        if (t->cur < t->len) {
            const unsigned char *u = (const unsigned char *)s, *q = u + t->cur;
            q = string_body_skip(q, u + t->len, quote, quote_size == 1 ? '\n' : quote);
            for (;;) {
                while (!string_stop[*q])
                    q++;
                if (*q == quote || *q != (quote == '"' ? '\'' : '"'))
                    break;
                q++; /* the other quote */
            }
            uint32_t i = (uint32_t)(q - u);
            if (i != t->cur)
                end_quote_size = 0;
            t->cur = i;
        }
        c = nextc(t);
        if (c == LEX_EOF || (quote_size == 1 && c == '\n')) {
            uint32_t detected = line_of(t, t->cur - 1);
            t->cur = t->start + 1;
            if (t->mode_idx > 0) {
                FtMode *m = &t->modes[t->mode_idx];
                if (m->quote == quote && m->quote_size == quote_size) {
                    syntax_error(t, "%c-string: expecting '}'", string_prefix(t));
                    return;
                }
            }
            if (quote_size == 3)
                syntax_error(t, "unterminated triple-quoted string literal (detected at line %u)",
                             detected);
            else if (has_escaped_quote)
                syntax_error(t,
                             "unterminated string literal (detected at line %u); perhaps you "
                             "escaped the end quote?",
                             detected);
            else
                syntax_error(t, "unterminated string literal (detected at line %u)", detected);
            return;
        }
        if (c == quote) {
            end_quote_size++;
        } else {
            end_quote_size = 0;
            if (c == '\\') {
                c = nextc(t);
                if (c == quote)
                    has_escaped_quote = true;
            }
        }
    }
    emit(t, TOK_STRING, t->start, t->cur, flags, 0);
}

static void
lex_fstring_start(Lx *t, int quote, bool raw, bool is_t)
{
    int quote_size = 1;
    int after = nextc(t);
    if (after == quote) {
        int after2 = nextc(t);
        if (after2 == quote) {
            quote_size = 3;
        } else {
            backup(t, after2);
            backup(t, after);
        }
    } else {
        backup(t, after);
    }
    if (t->mode_idx + 1 >= LEX_MAX_FSTRING_DEPTH) {
        syntax_error(t, "too many nested f-strings or t-strings");
        return;
    }
    FtMode *m = &t->modes[++t->mode_idx];
    *m = (FtMode){ .literal = true,
                   .raw = raw,
                   .is_t = is_t,
                   .quote = (char)quote,
                   .quote_size = (uint8_t)quote_size,
                   .curly_depth = 0,
                   .expr_start_depth = -1,
                   .start = t->start };
    emit(t, is_t ? TOK_TSTRING_START : TOK_FSTRING_START, t->start, t->cur, raw ? TOKF_RAW : 0,
         (uint16_t)quote_size);
}

/* ---- operators ---- */

static TokKind
one_char(int c)
{
    switch (c) {
    case '(':
        return TOK_LPAR;
    case ')':
        return TOK_RPAR;
    case '[':
        return TOK_LSQB;
    case ']':
        return TOK_RSQB;
    case '{':
        return TOK_LBRACE;
    case '}':
        return TOK_RBRACE;
    case ':':
        return TOK_COLON;
    case ',':
        return TOK_COMMA;
    case ';':
        return TOK_SEMI;
    case '+':
        return TOK_PLUS;
    case '-':
        return TOK_MINUS;
    case '*':
        return TOK_STAR;
    case '/':
        return TOK_SLASH;
    case '|':
        return TOK_VBAR;
    case '&':
        return TOK_AMPER;
    case '<':
        return TOK_LESS;
    case '>':
        return TOK_GREATER;
    case '=':
        return TOK_EQUAL;
    case '.':
        return TOK_DOT;
    case '%':
        return TOK_PERCENT;
    case '~':
        return TOK_TILDE;
    case '^':
        return TOK_CIRCUMFLEX;
    case '@':
        return TOK_AT;
    case '!':
        return TOK_EXCLAMATION;
    default:
        return TOK_ERROR; /* CPython's generic OP, which no grammar rule accepts */
    }
}

static TokKind
two_chars(int c1, int c2)
{
    switch (c1) {
    case '!':
        return c2 == '=' ? TOK_NOTEQUAL : TOK_ERROR;
    case '%':
        return c2 == '=' ? TOK_PERCENTEQUAL : TOK_ERROR;
    case '&':
        return c2 == '=' ? TOK_AMPEREQUAL : TOK_ERROR;
    case '*':
        return c2 == '*' ? TOK_DOUBLESTAR : c2 == '=' ? TOK_STAREQUAL : TOK_ERROR;
    case '+':
        return c2 == '=' ? TOK_PLUSEQUAL : TOK_ERROR;
    case '-':
        return c2 == '=' ? TOK_MINEQUAL : c2 == '>' ? TOK_RARROW : TOK_ERROR;
    case '/':
        return c2 == '/' ? TOK_DOUBLESLASH : c2 == '=' ? TOK_SLASHEQUAL : TOK_ERROR;
    case ':':
        return c2 == '=' ? TOK_COLONEQUAL : TOK_ERROR;
    case '<':
        /* "<>" is NOTEQUAL as in CPython's tokenizer; its parser rejects the text "<>" */
        return c2 == '<'   ? TOK_LEFTSHIFT
               : c2 == '=' ? TOK_LESSEQUAL
               : c2 == '>' ? TOK_NOTEQUAL
                           : TOK_ERROR;
    case '=':
        return c2 == '=' ? TOK_EQEQUAL : TOK_ERROR;
    case '>':
        return c2 == '=' ? TOK_GREATEREQUAL : c2 == '>' ? TOK_RIGHTSHIFT : TOK_ERROR;
    case '@':
        return c2 == '=' ? TOK_ATEQUAL : TOK_ERROR;
    case '^':
        return c2 == '=' ? TOK_CIRCUMFLEXEQUAL : TOK_ERROR;
    case '|':
        return c2 == '=' ? TOK_VBAREQUAL : TOK_ERROR;
    default:
        return TOK_ERROR;
    }
}

static TokKind
three_chars(int c1, int c2, int c3)
{
    if (c3 != '=')
        return TOK_ERROR;
    if (c1 == '*' && c2 == '*')
        return TOK_DOUBLESTAREQUAL;
    if (c1 == '/' && c2 == '/')
        return TOK_DOUBLESLASHEQUAL;
    if (c1 == '<' && c2 == '<')
        return TOK_LEFTSHIFTEQUAL;
    if (c1 == '>' && c2 == '>')
        return TOK_RIGHTSHIFTEQUAL;
    return TOK_ERROR;
}

/* ---- regular mode ---- */

/* indentation: CPython's column rules at the start of a logical line. Returns false on error. */
static bool
indentation(Lx *t, bool *blankline)
{
    int col = 0, altcol = 0, cont_line_col = 0, c;
    uint32_t bol = t->cur;
    if (bol < t->len) { /* the common case: spaces only (the text is NUL-terminated) */
        uint32_t i = bol;
        while (t->s[i] == ' ')
            i++;
        col = altcol = (int)(i - bol);
        t->cur = i;
    }
    for (;;) {
        c = nextc(t);
        if (c == ' ') {
            col++, altcol++;
        } else if (c == '\t') {
            col = (col / TABSIZE + 1) * TABSIZE;
            altcol = (altcol / ALTTABSIZE + 1) * ALTTABSIZE;
        } else if (c == '\f') {
            col = altcol = 0;
        } else if (c == '\\') {
            /* the first backslash decides the indentation of what comes next */
            cont_line_col = cont_line_col ? cont_line_col : col;
            if (continuation_line(t) < 0)
                return false;
        } else {
            break;
        }
    }
    backup(t, c);
    if (c == '#' || c == '\n') {
        *blankline = true; /* comment-only and blank lines do not affect indentation */
        return true;
    }
    if (t->level != 0)
        return true;
    if (cont_line_col)
        col = altcol = cont_line_col;
    if (col == t->indstack[t->indent]) {
        if (altcol != t->altindstack[t->indent]) {
            indent_error(t, "TabError", "inconsistent use of tabs and spaces in indentation", bol,
                         false);
            return false;
        }
    } else if (col > t->indstack[t->indent]) {
        if (t->indent + 1 >= LEX_MAX_INDENT) {
            indent_error(t, "IndentationError", "too many levels of indentation", bol, false);
            return false;
        }
        if (altcol <= t->altindstack[t->indent]) {
            indent_error(t, "TabError", "inconsistent use of tabs and spaces in indentation", bol,
                         false);
            return false;
        }
        t->pendin++;
        t->indstack[++t->indent] = col;
        t->altindstack[t->indent] = altcol;
        t->indent_bol = bol;
    } else {
        while (t->indent > 0 && col < t->indstack[t->indent]) {
            t->pendin--;
            t->indent--;
        }
        if (col != t->indstack[t->indent]) {
            indent_error(t, "IndentationError",
                         "unindent does not match any outer indentation level", bol, true);
            return false;
        }
        if (altcol != t->altindstack[t->indent]) {
            indent_error(t, "TabError", "inconsistent use of tabs and spaces in indentation", bol,
                         false);
            return false;
        }
    }
    return true;
}

/* closing_bracket: bookkeeping for ')', ']' and '}'; false on error. */
static bool
closing_bracket(Lx *t, FtMode *m, int c)
{
    bool in_ft = t->mode_idx > 0;
    if (in_ft && m->curly_depth == 0 && c == '}') {
        syntax_error(t, "%c-string: single '}' is not allowed", string_prefix(t));
        return false;
    }
    if (t->level == 0) {
        syntax_error(t, "unmatched '%c'", c);
        return false;
    }
    t->level--;
    int opening = t->parenstack[t->level];
    if (!((opening == '(' && c == ')') || (opening == '[' && c == ']') ||
          (opening == '{' && c == '}'))) {
        /* f"{)}": the '{' opens the replacement field, so the ')' is unmatched */
        if (in_ft && opening == '{' && m->curly_depth - 1 == m->expr_start_depth) {
            syntax_error(t, "%c-string: unmatched '%c'", string_prefix(t), c);
            return false;
        }
        uint32_t open_line = line_of(t, t->parenpos[t->level]);
        uint32_t cur_line = line_of(t, t->cur - 1);
        if (open_line != cur_line)
            syntax_error(t,
                         "closing parenthesis '%c' does not match opening parenthesis '%c' on "
                         "line %u",
                         c, opening, open_line);
        else
            syntax_error(t, "closing parenthesis '%c' does not match opening parenthesis '%c'", c,
                         opening);
        return false;
    }
    if (in_ft) {
        m->curly_depth--;
        if (m->curly_depth < 0) {
            syntax_error(t, "%c-string: unmatched '%c'", string_prefix(t), c);
            return false;
        }
        if (c == '}' && m->curly_depth == m->expr_start_depth) {
            m->expr_start_depth--;
            m->literal = true;
            m->in_format_spec = false;
        }
    }
    return true;
}

static void
lex_regular(Lx *t)
{
    FtMode *m = &t->modes[t->mode_idx];
    int c;
    bool blankline;
nextline:
    blankline = false;
    if (t->atbol) {
        t->atbol = false;
        t->start = t->cur;
        if (!indentation(t, &blankline))
            return;
    }
    t->start = t->cur;
    if (t->pendin != 0) {
        if (t->pendin < 0) {
            t->pendin++;
            emit(t, TOK_DEDENT, t->cur, t->cur, 0, 0);
        } else {
            t->pendin--;
            emit(t, TOK_INDENT, t->indent_bol, t->cur, 0, 0);
        }
        return;
    }
again : {
    uint32_t i = t->cur; /* the text is NUL-terminated */
    if (i < t->len) {
        while (t->s[i] == ' ' || t->s[i] == '\t' || t->s[i] == '\f')
            i++;
        t->cur = i;
    }
}
    c = nextc(t);
    t->start = c == LEX_EOF ? t->cur : t->cur - 1;

    if (c == '#') {
        const char *nl = memchr(t->s + t->cur, '\n', t->len - t->cur);
        uint32_t end = nl ? (uint32_t)(nl - t->s) : t->len;
        Comment cm = { t->start, end };
        VEC_PUSH(t->a, t->comments, cm);
        t->cur = end;
        c = nextc(t); /* the newline, or EOF */
    }

    if (c == LEX_EOF) {
        if (t->level) {
            unclosed_paren_error(t);
            return;
        }
        emit(t, TOK_ENDMARKER, t->cur, t->cur, 0, 0);
        t->done = true;
        return;
    }

    if (is_id_start(c)) {
        /* string prefixes: any order, each letter once; incompatible ones are errors */
        bool saw_b = false, saw_r = false, saw_u = false, saw_f = false, saw_t = false;
        while (c < 128 && prefix_letter[c]) {
            if (!saw_b && (c == 'b' || c == 'B'))
                saw_b = true;
            else if (!saw_u && (c == 'u' || c == 'U'))
                saw_u = true;
            else if (!saw_r && (c == 'r' || c == 'R'))
                saw_r = true;
            else if (!saw_f && (c == 'f' || c == 'F'))
                saw_f = true;
            else if (!saw_t && (c == 't' || c == 'T'))
                saw_t = true;
            else
                break;
            c = nextc(t);
            if (c == '"' || c == '\'') {
                const char *a = NULL, *b = NULL;
                if (saw_u && (saw_b || saw_r || saw_f || saw_t))
                    a = "u", b = saw_b ? "b" : saw_r ? "r" : saw_f ? "f" : "t";
                else if (saw_b && (saw_f || saw_t))
                    a = "b", b = saw_f ? "f" : "t";
                else if (saw_f && saw_t)
                    a = "f", b = "t";
                if (a) {
                    known_range_error(
                        t, t->start, t->cur,
                        arena_sprintf(t->a, "'%s' and '%s' prefixes are incompatible", a, b));
                    return;
                }
                if (saw_f || saw_t)
                    lex_fstring_start(t, c, saw_r, saw_t);
                else
                    lex_string(t, c,
                               (uint8_t)((saw_r ? TOKF_RAW : 0) | (saw_b ? TOKF_BYTES : 0) |
                                         (saw_u ? TOKF_UNICODE : 0)));
                return;
            }
        }
        bool nonascii = false;
        const unsigned char *u = (const unsigned char *)t->s;
        backup(t, c);
        uint32_t i = t->cur; /* the text is NUL-terminated and ident_class[0] is 0 */
        for (;;) {
            while (ident_class[u[i]])
                i++;
            if (u[i] >= 128) {
                nonascii = true;
                i++;
                continue;
            }
            break;
        }
        t->cur = i;
        if (nonascii && !verify_identifier(t))
            return;
        emit(t, keyword_kind(t->s + t->start, t->cur - t->start), t->start, t->cur, 0, 0);
        return;
    }

    if (c == '\n') {
        t->atbol = true;
        if (blankline || t->level > 0)
            goto nextline;
        /* CPython's NEWLINE runs from the token start (a comment's '#') to the '\n' */
        emit(t, TOK_NEWLINE, t->start, t->cur - 1, 0, 0);
        return;
    }

    if (c == '.') {
        c = nextc(t);
        if (is_digit(c)) {
            number_tail(t, c, true);
            return;
        }
        if (c == '.') {
            int c3 = nextc(t);
            if (c3 == '.') {
                emit(t, TOK_ELLIPSIS, t->start, t->cur, 0, 0);
                return;
            }
            backup(t, c3);
        }
        backup(t, c);
        emit(t, TOK_DOT, t->start, t->cur, 0, 0);
        return;
    }

    if (is_digit(c)) {
        lex_number(t, c);
        return;
    }

    if (c == '"' || c == '\'') {
        lex_string(t, c, 0);
        return;
    }

    if (c == '\\') {
        if (continuation_line(t) < 0)
            return;
        goto again;
    }

    /* a ':' at the top of a replacement field starts its format spec */
    if (c == ':' && t->mode_idx > 0 && m->expr_start_depth >= 0 &&
        m->curly_depth - 1 == m->expr_start_depth) {
        m->literal = true;
        m->in_format_spec = true;
        emit(t, TOK_COLON, t->start, t->cur, 0, 0);
        return;
    }

    int c2 = nextc(t);
    TokKind kind = two_chars(c, c2);
    if (kind != TOK_ERROR) {
        int c3 = nextc(t);
        TokKind kind3 = three_chars(c, c2, c3);
        if (kind3 != TOK_ERROR)
            kind = kind3;
        else
            backup(t, c3);
        emit(t, kind, t->start, t->cur, 0, 0);
        return;
    }
    backup(t, c2);

    switch (c) {
    case '(':
    case '[':
    case '{':
        if (t->level >= LEX_MAX_PAREN) {
            syntax_error(t, "too many nested parentheses");
            return;
        }
        t->parenstack[t->level] = (char)c;
        t->parenpos[t->level] = t->start;
        t->level++;
        if (t->mode_idx > 0)
            m->curly_depth++;
        break;
    case ')':
    case ']':
    case '}':
        if (!closing_bracket(t, m, c))
            return;
        break;
    default:
        break;
    }

    if (!is_printable((uint32_t)c)) {
        syntax_error(t, "invalid non-printable character U+%04X", (unsigned)c);
        return;
    }
    kind = one_char(c);
    if (kind == TOK_ERROR) {
        /* '$', '?', '`': CPython's tokenizer gives an OP that the parser rejects */
        uint32_t ls = line_start_of(t, t->start);
        uint32_t line = line_of(t, t->start);
        uint32_t col = chars(t, ls, t->start) + 1;
        fail(t, "SyntaxError", line, col, line, col + 1, "invalid syntax");
        return;
    }
    emit(t, kind, t->start, t->cur, 0, 0);
}

/* ---- f-string and t-string literal parts ---- */

static void
lex_ftstring(Lx *t)
{
    FtMode *m = &t->modes[t->mode_idx];
    TokKind middle = m->is_t ? TOK_TSTRING_MIDDLE : TOK_FSTRING_MIDDLE;
    t->start = t->cur;

    /* a replacement field right here: nothing literal to return first */
    int c = nextc(t);
    if (c == '{') {
        int peek = charat(t, t->cur);
        backup(t, c);
        if (peek != '{') {
            if (++m->expr_start_depth >= MAX_EXPR_NESTING) {
                syntax_error(t, "%c-string: expressions nested too deeply", string_prefix(t));
                return;
            }
            m->literal = false;
            lex_regular(t);
            return;
        }
    } else {
        backup(t, c);
    }

    /* the closing quote(s) */
    bool at_end = true;
    for (int i = 0; i < m->quote_size; i++) {
        int q = nextc(t);
        if (q != m->quote) {
            backup(t, q);
            t->cur = t->start;
            at_end = false;
            break;
        }
    }
    if (at_end) {
        emit(t, m->is_t ? TOK_TSTRING_END : TOK_FSTRING_END, t->start, t->cur, 0, 0);
        t->mode_idx--;
        return;
    }

    int end_quote_size = 0;
    bool unicode_escape = false;
    while (end_quote_size != m->quote_size) {
        c = nextc(t);
        bool in_format_spec = m->in_format_spec && m->expr_start_depth >= 0;
        if (c == LEX_EOF || (m->quote_size == 1 && c == '\n')) {
            if (in_format_spec && c == '\n') {
                if (m->quote_size == 1) {
                    syntax_error(t,
                                 "%c-string: newlines are not allowed in format specifiers for "
                                 "single quoted %c-strings",
                                 string_prefix(t), string_prefix(t));
                    return;
                }
                backup(t, c);
                m->literal = false;
                m->in_format_spec = false;
                emit(t, middle, t->start, t->cur, 0, 0);
                return;
            }
            uint32_t detected = line_of(t, t->cur - 1);
            t->cur = m->start + 1;
            if (m->quote_size == 3)
                syntax_error(t,
                             "unterminated triple-quoted %c-string literal (detected at line %u)",
                             string_prefix(t), detected);
            else
                syntax_error(t, "unterminated %c-string literal (detected at line %u)",
                             string_prefix(t), detected);
            return;
        }
        if (c == m->quote) {
            end_quote_size++;
            continue;
        }
        end_quote_size = 0;
        if (c == '{') {
            int peek = nextc(t);
            if (peek != '{' || in_format_spec) {
                /* a replacement field: return the text before it */
                backup(t, peek);
                backup(t, c);
                if (++m->expr_start_depth >= MAX_EXPR_NESTING) {
                    syntax_error(t, "%c-string: expressions nested too deeply", string_prefix(t));
                    return;
                }
                m->literal = false;
                m->in_format_spec = false;
                emit(t, middle, t->start, t->cur, 0, 0);
            } else {
                /* "{{": the text keeps one brace, the second is skipped */
                emit(t, middle, t->start, t->cur - 1, 0, 0);
            }
            return;
        }
        if (c == '}') {
            if (unicode_escape) { /* the end of \N{NAME} */
                emit(t, middle, t->start, t->cur, 0, 0);
                return;
            }
            int peek = nextc(t);
            if (peek == '}' && !in_format_spec && m->curly_depth == 0) {
                emit(t, middle, t->start, t->cur - 1, 0, 0);
            } else {
                /* the end of a format spec, or a single '}' the regular mode rejects */
                backup(t, peek);
                backup(t, c);
                m->literal = false;
                m->in_format_spec = false;
                emit(t, middle, t->start, t->cur, 0, 0);
            }
            return;
        }
        if (c == '\\') {
            int peek = nextc(t);
            if (peek == '{' || peek == '}') {
                backup(t, peek); /* the brace is handled by the loop (a warning in CPython) */
                continue;
            }
            if (!m->raw && peek == 'N') {
                peek = nextc(t);
                if (peek == '{')
                    unicode_escape = true;
                else
                    backup(t, peek);
            }
        }
    }
    for (int i = 0; i < m->quote_size; i++)
        backup(t, m->quote);
    emit(t, middle, t->start, t->cur, 0, 0);
}

/* ---- the fast path of regular mode ---- */

/* How lex_fast treats a token's first byte when it cannot start an identifier (ident_class says
 * that). FC_SLOW (NUL, the end of the text; non-ASCII; '\\'; '$'; ...) sends the token to
 * lex_regular. */
enum {
    FC_SLOW = 0,
    FC_DIGIT,   /* a number */
    FC_QUOTE,   /* a plain string */
    FC_OPEN,    /* ( [ { */
    FC_CLOSE,   /* ) ] } */
    FC_ONE,     /* , ; ~: never the start of a longer operator */
    FC_OP,      /* every other operator character, maybe two or three long */
    FC_DOT,     /* . ... or a number like .5 */
    FC_NEWLINE, /* '\n' */
    FC_COMMENT, /* '#' */
};

/* clang-format off */
static const uint8_t fast_class[256] = {
    ['0'] = FC_DIGIT, ['1'] = FC_DIGIT, ['2'] = FC_DIGIT, ['3'] = FC_DIGIT, ['4'] = FC_DIGIT,
    ['5'] = FC_DIGIT, ['6'] = FC_DIGIT, ['7'] = FC_DIGIT, ['8'] = FC_DIGIT, ['9'] = FC_DIGIT,
    ['"'] = FC_QUOTE, ['\''] = FC_QUOTE,
    ['('] = FC_OPEN, ['['] = FC_OPEN, ['{'] = FC_OPEN,
    [')'] = FC_CLOSE, [']'] = FC_CLOSE, ['}'] = FC_CLOSE,
    [','] = FC_ONE, [';'] = FC_ONE, ['~'] = FC_ONE,
    ['+'] = FC_OP, ['-'] = FC_OP, ['*'] = FC_OP, ['/'] = FC_OP, ['%'] = FC_OP, ['&'] = FC_OP,
    ['|'] = FC_OP, ['^'] = FC_OP, ['<'] = FC_OP, ['>'] = FC_OP, ['='] = FC_OP, ['!'] = FC_OP,
    ['@'] = FC_OP, [':'] = FC_OP,
    ['.'] = FC_DOT, ['\n'] = FC_NEWLINE, ['#'] = FC_COMMENT,
};
/* clang-format on */

/* push_tok: emit for tokens inside the text (never at the virtual newline). */
static inline void
push_tok(Lx *t, TokKind kind, uint32_t start, uint32_t end)
{
    if (t->toks.len == t->toks.cap) {
        emit(t, kind, start, end, 0, 0); /* grows the array */
        return;
    }
    t->toks.items[t->toks.len++] = (Token){ .kind = (uint8_t)kind, .start = start, .end = end };
}

/* fast_line_start: after a NEWLINE (or a newline inside brackets) at *bol, skips blank and
 * comment-only lines (recording the comments) and handles the indentation of the next line when
 * it is the plain case: spaces only, then a token. Emits its INDENT or DEDENTs and returns the
 * offset of that token. Returns 0 for anything else (tabs, form feeds, a backslash, the end of the
 * text, an indentation error) with *bol at the start of that line and nothing else changed, for
 * lex_regular's indentation() to handle. The offset of a token after a newline is never 0. */
static uint32_t
fast_line_start(Lx *t, uint32_t *line)
{
    const char *s = t->s;
    uint32_t bol = *line, i;
    for (;;) {
        const char *q = s + bol;
        while (*q == ' ')
            q++;
        i = (uint32_t)(q - s);
        if (s[i] == '\n') { /* a blank line */
            bol = i + 1;
            continue;
        }
        if (s[i] == '#') { /* a comment-only line (one at the end of the text is left) */
            const char *nl = memchr(s + i, '\n', t->len - i);
            if (!nl)
                break;
            Comment cm = { i, (uint32_t)(nl - s) };
            VEC_PUSH(t->a, t->comments, cm);
            bol = cm.end + 1;
            continue;
        }
        break;
    }
    *line = bol;
    switch (s[i]) {
    case '\0':
    case '\t':
    case '\f':
    case '\\':
    case '#':
        return 0;
    default:
        break;
    }
    if (t->level != 0) /* indentation inside brackets means nothing */
        return i;
    int col = (int)(i - bol);
    int top = t->indent;
    if (col == t->indstack[top])
        return col == t->altindstack[top] ? i : 0;
    if (col > t->indstack[top]) {
        if (top + 1 >= LEX_MAX_INDENT || col <= t->altindstack[top])
            return 0;
        t->indstack[++t->indent] = col;
        t->altindstack[t->indent] = col;
        t->indent_bol = bol;
        push_tok(t, TOK_INDENT, bol, i);
        return i;
    }
    while (top > 0 && col < t->indstack[top])
        top--;
    if (col != t->indstack[top] || col != t->altindstack[top])
        return 0; /* "unindent does not match ...", or tabs */
    for (int k = t->indent; k > top; k--)
        push_tok(t, TOK_DEDENT, i, i);
    t->indent = top;
    return i;
}

/* plain_prefix: s[0..n) is the prefix of a plain string or bytes literal (r, b, u, rb or br in
 * any case), whose flags it gives. */
static bool
plain_prefix(const char *s, uint32_t n, uint8_t *flags)
{
    int a = s[0] | 0x20, b = n == 2 ? s[1] | 0x20 : 0; /* lower case (the letters are ASCII) */
    if (n == 1) {
        *flags = a == 'r' ? TOKF_RAW : a == 'b' ? TOKF_BYTES : a == 'u' ? TOKF_UNICODE : 0;
        return *flags != 0;
    }
    if (n == 2 && ((a == 'r' && b == 'b') || (a == 'b' && b == 'r'))) {
        *flags = TOKF_RAW | TOKF_BYTES;
        return true;
    }
    return false;
}

/* TokOut: lex_fast's cursor into the token array, kept in registers (t->toks.len is brought up to
 * date with out_sync before anything else emits, and out_load reads it back). */
typedef struct TokOut {
    Token *next, *limit;
} TokOut;

static inline void
out_load(const Lx *t, TokOut *o)
{
    o->next = t->toks.items + t->toks.len;
    o->limit = t->toks.items + t->toks.cap;
}

static inline void
out_sync(Lx *t, const TokOut *o)
{
    t->toks.len = (uint32_t)(o->next - t->toks.items);
}

static inline void
out_put(Lx *t, TokOut *o, TokKind kind, uint32_t start, uint32_t end)
{
    if (o->next == o->limit) { /* the array is full: emit grows it */
        out_sync(t, o);
        emit(t, kind, start, end, 0, 0);
        out_load(t, o);
        return;
    }
    *o->next++ = (Token){ .kind = (uint8_t)kind, .start = start, .end = end };
}

/* lex_fast: the common tokens of regular mode outside f-strings (names, keywords, operators,
 * brackets, plain strings, numbers, comments, newlines and plain indentation), in a loop over a
 * local cursor. It returns at the first token it leaves to lex_regular, with t->cur at that
 * token's start (or at the start of its line with t->atbol set); errors found by the helpers it
 * calls set t->done. Everything it emits is what lex_regular would emit, in the same state. */
static void
lex_fast(Lx *t)
{
    const char *s = t->s;
    const unsigned char *u = (const unsigned char *)s;
    uint32_t i = t->cur;
    TokOut o;
    out_load(t, &o);
    for (;;) {
        if (s[i] == ' ' || s[i] == '\t' || s[i] == '\f') {
            const char *q = s + i + 1;
            while (*q == ' ' || *q == '\t' || *q == '\f')
                q++;
            i = (uint32_t)(q - s);
        }
        uint32_t start = i;
        int c = u[i];
        if (ident_class[c] & 1) {
            const unsigned char *q = u + i + 1; /* a pointer: one add less per byte than u[j] */
            while (ident_class[*q])
                q++;
            uint32_t j = (uint32_t)(q - u);
            if (u[j] == '"' || u[j] == '\'') {
                uint8_t flags;
                if (!plain_prefix(s + i, j - i, &flags))
                    goto slow; /* f- and t-strings, bad prefixes, names before strings */
                t->start = i;
                t->cur = j + 1;
                out_sync(t, &o);
                lex_string(t, u[j], flags);
                if (t->done)
                    return;
                out_load(t, &o);
                i = t->cur;
                continue;
            }
            if (u[j] >= 128)
                goto slow; /* a non-ASCII identifier */
            out_put(t, &o, keyword_kind(s + i, j - i), i, j);
            i = j;
            continue;
        }
        switch (fast_class[c]) {
        case FC_DIGIT:
            t->start = i;
            t->cur = i + 1;
            out_sync(t, &o);
            lex_number(t, c);
            if (t->done)
                return;
            out_load(t, &o);
            i = t->cur;
            continue;
        case FC_QUOTE:
            t->start = i;
            t->cur = i + 1;
            out_sync(t, &o);
            lex_string(t, c, 0);
            if (t->done)
                return;
            out_load(t, &o);
            i = t->cur;
            continue;
        case FC_OPEN:
            if (t->level >= LEX_MAX_PAREN)
                goto slow;
            t->parenstack[t->level] = (char)c;
            t->parenpos[t->level] = i;
            t->level++;
            out_put(t, &o, one_char(c), i, i + 1);
            i++;
            continue;
        case FC_CLOSE: {
            if (t->level == 0)
                goto slow;
            int opening = t->parenstack[t->level - 1];
            if (!((opening == '(' && c == ')') || (opening == '[' && c == ']') ||
                  (opening == '{' && c == '}')))
                goto slow;
            t->level--;
            out_put(t, &o, one_char(c), i, i + 1);
            i++;
            continue;
        }
        case FC_ONE:
            out_put(t, &o, one_char(c), i, i + 1);
            i++;
            continue;
        case FC_OP: {
            /* the text is NUL-terminated, so s[i + 1] and (after a two-character operator)
             * s[i + 2] can be read */
            TokKind kind = two_chars(c, u[i + 1]);
            if (kind != TOK_ERROR) {
                TokKind kind3 = three_chars(c, u[i + 1], u[i + 2]);
                uint32_t n = kind3 != TOK_ERROR ? 3 : 2;
                out_put(t, &o, kind3 != TOK_ERROR ? kind3 : kind, i, i + n);
                i += n;
            } else {
                out_put(t, &o, one_char(c), i, i + 1);
                i++;
            }
            continue;
        }
        case FC_DOT:
            if (is_digit(u[i + 1]))
                goto slow;
            if (s[i + 1] == '.' && s[i + 2] == '.') {
                out_put(t, &o, TOK_ELLIPSIS, i, i + 3);
                i += 3;
            } else {
                out_put(t, &o, TOK_DOT, i, i + 1);
                i++;
            }
            continue;
        case FC_COMMENT: {
            const char *nl = memchr(s + i, '\n', t->len - i);
            if (!nl)
                goto slow; /* a comment on the last line, without '\n' */
            Comment cm = { i, (uint32_t)(nl - s) };
            VEC_PUSH(t->a, t->comments, cm);
            i = cm.end;
            goto newline; /* whose NEWLINE starts at the '#' */
        }
        case FC_NEWLINE:
        newline:
            if (t->level == 0)
                out_put(t, &o, TOK_NEWLINE, start, i);
            out_sync(t, &o);
            {
                uint32_t bol = i + 1;
                uint32_t next = fast_line_start(t, &bol);
                if (next == 0) {
                    t->atbol = true;
                    t->cur = bol;
                    return;
                }
                i = next;
            }
            out_load(t, &o);
            continue;
        default:
            goto slow;
        }
    }
slow:
    out_sync(t, &o);
    t->cur = i;
}

/* lex_tokenize: see lexer.h. Tokens and comments are arena arrays; errors end the array with a
 * TOK_ERROR token and fill lx->err. */
void
lex_tokenize(Lexer *lx, Arena *a, const Source *src)
{
    Lx *t = arena_zalloc(a, sizeof *t);
    t->lx = lx;
    t->a = a;
    t->s = src->text;
    t->len = src->len;
    t->implicit_nl = src->len > 0 && src->text[src->len - 1] != '\n';
    t->atbol = true;
    t->modes[0] = (FtMode){ .literal = false, .expr_start_depth = -1 };
    t->toks.cap = src->len / 4 + 16;
    t->toks.items = arena_alloc(a, sizeof(Token) * t->toks.cap);
    *lx = (Lexer){ .src = src };
    while (!t->done) {
        if (t->modes[t->mode_idx].literal) {
            lex_ftstring(t);
            continue;
        }
        /* past the virtual newline (cur == len + 1) the text holds nothing to read */
        if (t->mode_idx == 0 && !t->atbol && t->pendin == 0 && t->cur <= t->len) {
            lex_fast(t);
            if (t->done)
                break;
        }
        lex_regular(t);
    }
    lx->tokens = t->toks.items;
    lx->ntokens = t->toks.len;
    lx->comments = t->comments.items;
    lx->ncomments = t->comments.len;
}
