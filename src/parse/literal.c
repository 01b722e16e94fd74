/* literal: values of NUMBER, STRING and FSTRING_MIDDLE tokens, with CPython's rules and messages,
 * and the per-file identifier interner.
 *
 * String escapes follow CPython's decoders: _PyUnicode_DecodeUnicodeEscapeInternal for str (whose
 * error positions count in the buffer CPython actually decodes, where every non-ASCII character was
 * first rewritten as a 10-byte \UXXXXXXXX escape and a backslash before one as \u005c) and
 * _PyBytes_DecodeEscape for bytes. Invalid escapes are kept as written: CPython only warns. */
#include "parse/literal.h"
#include "base/hash.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <unicode/uchar.h>
#include <unicode/unorm2.h>
#include <unicode/ustring.h>

#include "parse/name_aliases.h"

/* ---- numbers ---- */

static int
digit_value(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'z')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'Z')
        return c - 'A' + 10;
    return 99;
}

/* int_value: digits[0..n) in base into *v; false when the value does not fit in int64. */
static bool
int_value(const char *digits, uint32_t n, int base, int64_t *v)
{
    uint64_t acc = 0;
    for (uint32_t i = 0; i < n; i++) {
        uint64_t d = (uint64_t)digit_value(digits[i]);
        if (acc > (UINT64_MAX - d) / (uint64_t)base)
            return false;
        acc = acc * (uint64_t)base + d;
    }
    if (acc > (uint64_t)INT64_MAX)
        return false;
    *v = (int64_t)acc;
    return true;
}

/* lit_number: see literal.h. The digits are kept as written without underscores. */
int
lit_number(Arena *a, const char *text, uint32_t n, Constant *out, const char **msg)
{
    char *buf = arena_alloc(a, (size_t)n + 1);
    /* the common case, a small decimal integer (at most 18 digits always fits in int64), in one
     * pass; anything else (underscores, prefixes, fractions, exponents, leading zeros) below */
    if (n > 0 && n <= 18 && (text[0] != '0' || n == 1)) {
        uint64_t v = 0;
        uint32_t i = 0;
        for (; i < n && text[i] >= '0' && text[i] <= '9'; i++) {
            v = v * 10 + (uint64_t)(text[i] - '0');
            buf[i] = text[i];
        }
        if (i == n) {
            buf[n] = '\0';
            *out = (Constant){
                .kind = CONST_INT, .text = buf, .len = n, .fits_int64 = true, .small = (int64_t)v
            };
            *msg = NULL;
            return 0;
        }
    }
    uint32_t m = 0;
    for (uint32_t i = 0; i < n; i++)
        if (text[i] != '_')
            buf[m++] = text[i];
    buf[m] = '\0';
    *out = (Constant){ .kind = CONST_INT, .text = buf, .len = m };
    *msg = NULL;
    if (m == 0) {
        *msg = "invalid decimal literal";
        return -1;
    }
    if (m >= 2 && buf[0] == '0' && strchr("xXoObB", buf[1])) {
        int base = (buf[1] == 'x' || buf[1] == 'X') ? 16 : (buf[1] == 'o' || buf[1] == 'O') ? 8 : 2;
        const char *kind = base == 16  ? "invalid hexadecimal literal"
                           : base == 8 ? "invalid octal literal"
                                       : "invalid binary literal";
        if (m == 2) {
            *msg = kind;
            return -1;
        }
        for (uint32_t i = 2; i < m; i++) {
            if (digit_value(buf[i]) >= base) {
                *msg = kind;
                return -1;
            }
        }
        out->fits_int64 = int_value(buf + 2, m - 2, base, &out->small);
        return 0;
    }
    char last = buf[m - 1];
    bool imaginary = last == 'j' || last == 'J';
    if (imaginary || strpbrk(buf, ".eE")) {
        if (imaginary)
            buf[m - 1] = '\0';
        char *end;
        errno = 0;
        double d = strtod(buf, &end); /* glibc rounds correctly, as Python does */
        if (imaginary)
            buf[m - 1] = last;
        if (end != buf + m - (imaginary ? 1 : 0) || end == buf) {
            *msg = imaginary ? "invalid imaginary literal" : "invalid decimal literal";
            return -1;
        }
        out->kind = imaginary ? CONST_COMPLEX : CONST_FLOAT;
        out->number = d;
        return 0;
    }
    for (uint32_t i = 0; i < m; i++) {
        if (buf[i] < '0' || buf[i] > '9') {
            *msg = "invalid decimal literal";
            return -1;
        }
    }
    if (buf[0] == '0') {
        for (uint32_t i = 1; i < m; i++) {
            if (buf[i] != '0') {
                *msg = "leading zeros in decimal integer literals are not permitted; use an 0o "
                       "prefix for octal integers";
                return -1;
            }
        }
    }
    out->fits_int64 = int_value(buf, m, 10, &out->small);
    return 0;
}

/* ---- strings ---- */

static uint32_t
put_utf8(char *dst, uint32_t cp)
{
    /* surrogates are encoded like any code point (WTF-8), as CPython keeps them in str */
    if (cp < 0x80) {
        dst[0] = (char)cp;
        return 1;
    }
    if (cp < 0x800) {
        dst[0] = (char)(0xC0 | (cp >> 6));
        dst[1] = (char)(0x80 | (cp & 0x3F));
        return 2;
    }
    if (cp < 0x10000) {
        dst[0] = (char)(0xE0 | (cp >> 12));
        dst[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
        dst[2] = (char)(0x80 | (cp & 0x3F));
        return 3;
    }
    dst[0] = (char)(0xF0 | (cp >> 18));
    dst[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
    dst[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
    dst[3] = (char)(0x80 | (cp & 0x3F));
    return 4;
}

static int
hex_value(char c)
{
    int d = digit_value(c);
    return d < 16 ? d : -1;
}

/* Positions in CPython's rewritten buffer: a non-ASCII character counts 10 (\UXXXXXXXX), a
 * backslash before one or at the very end counts 6 (\u005c). Error messages give them; they are
 * counted only when an error is reported (rewritten_pos), not for every decoded string. */
typedef struct Decoder {
    const char *s;
    uint32_t n;
    uint32_t i; /* index in s */
} Decoder;

static uint32_t
unit_width(const Decoder *d, uint32_t i)
{
    unsigned char c = (unsigned char)d->s[i];
    if (c >= 0x80)
        return (c & 0xC0) == 0x80 ? 0 : 10;
    if (c == '\\' && (i + 1 >= d->n || (unsigned char)d->s[i + 1] >= 0x80))
        return 6;
    return 1;
}

/* advance: moves over k bytes of ASCII escape text (not beyond the end). */
static void
advance(Decoder *d, uint32_t k)
{
    while (k-- && d->i < d->n)
        d->i++;
}

/* rewritten_pos: the position in CPython's rewritten buffer of s[i] (i <= n). */
static uint32_t
rewritten_pos(const Decoder *d, uint32_t i)
{
    uint32_t t = 0;
    for (uint32_t j = 0; j < i; j++)
        t += unit_width(d, j);
    return t;
}

static const char *
escape_error(Arena *a, uint32_t start, uint32_t end, const char *reason)
{
    if (end == start + 1)
        return arena_sprintf(a,
                             "(unicode error) 'unicodeescape' codec can't decode byte 0x5c in "
                             "position %u: %s",
                             start, reason);
    return arena_sprintf(a,
                         "(unicode error) 'unicodeescape' codec can't decode bytes in position "
                         "%u-%u: %s",
                         start, end - 1, reason);
}

/* lookup_name: the code point named name[0..n) (names and aliases, any case, as CPython's \N{}),
 * or -1. */
static int32_t
lookup_name(const char *name, uint32_t n)
{
    char buf[256];
    if (n == 0 || n >= sizeof buf)
        return -1;
    for (uint32_t i = 0; i < n; i++) {
        if ((unsigned char)name[i] >= 0x80)
            return -1;
        buf[i] = name[i] >= 'a' && name[i] <= 'z' ? (char)(name[i] - 32) : name[i];
    }
    buf[n] = '\0';
    UErrorCode st = U_ZERO_ERROR;
    UChar32 cp = u_charFromName(U_UNICODE_CHAR_NAME, buf, &st);
    if (U_SUCCESS(st) && cp >= 0)
        return cp;
    size_t lo = 0, hi = ARRAY_LEN(name_aliases); /* ICU has only the correction aliases */
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        int cmp = strcmp(name_aliases[mid].name, buf);
        if (cmp == 0)
            return (int32_t)name_aliases[mid].cp;
        if (cmp < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    return -1;
}

/* decode_str: str escapes of s[0..n) into dst (room for n bytes); returns the length, or -1 with
 * *msg and *err_at (index in s of the failing escape). */
static int64_t
decode_str(Arena *a, const char *s, uint32_t n, char *dst, const char **msg, uint32_t *err_at)
{
    Decoder d = { s, n, 0 };
    uint32_t o = 0;
    while (d.i < n) {
        const char *bs = memchr(s + d.i, '\\', n - d.i);
        uint32_t stop = bs ? (uint32_t)(bs - s) : n;
        if (stop > d.i) { /* plain text up to the backslash: copied */
            memcpy(dst + o, s + d.i, stop - d.i);
            o += stop - d.i;
            d.i = stop;
            if (stop == n)
                break;
        }
        uint32_t esc = d.i;
        advance(&d, 1);
        if (d.i >= n || (unsigned char)s[d.i] >= 0x80) {
            dst[o++] = '\\'; /* a lone backslash stays */
            continue;
        }
        char c = s[d.i];
        advance(&d, 1);
        int count = 0;
        const char *reason = NULL;
        switch (c) {
        case '\n':
            continue;
        case '\\':
        case '\'':
        case '"':
            dst[o++] = c;
            continue;
        case 'a':
            dst[o++] = '\a';
            continue;
        case 'b':
            dst[o++] = '\b';
            continue;
        case 'f':
            dst[o++] = '\f';
            continue;
        case 'n':
            dst[o++] = '\n';
            continue;
        case 'r':
            dst[o++] = '\r';
            continue;
        case 't':
            dst[o++] = '\t';
            continue;
        case 'v':
            dst[o++] = '\v';
            continue;
        case '0':
        case '1':
        case '2':
        case '3':
        case '4':
        case '5':
        case '6':
        case '7': {
            uint32_t cp = (uint32_t)(c - '0');
            for (int k = 0; k < 2 && d.i < n && s[d.i] >= '0' && s[d.i] <= '7'; k++) {
                cp = cp * 8 + (uint32_t)(s[d.i] - '0');
                advance(&d, 1);
            }
            o += put_utf8(dst + o, cp); /* above \377 only warns in CPython */
            continue;
        }
        case 'x':
            count = 2;
            reason = "truncated \\xXX escape";
            break;
        case 'u':
            count = 4;
            reason = "truncated \\uXXXX escape";
            break;
        case 'U':
            count = 8;
            reason = "truncated \\UXXXXXXXX escape";
            break;
        case 'N': {
            reason = "malformed \\N character escape";
            if (d.i >= n) {
                *msg = escape_error(a, rewritten_pos(&d, esc), rewritten_pos(&d, n), reason);
                *err_at = esc;
                return -1;
            }
            if (s[d.i] == '{') {
                advance(&d, 1);
                uint32_t name = d.i;
                while (d.i < n && s[d.i] != '}')
                    d.i++;
                if (d.i >= n) {
                    *msg = escape_error(a, rewritten_pos(&d, esc), rewritten_pos(&d, n), reason);
                    *err_at = esc;
                    return -1;
                }
                if (d.i > name) {
                    uint32_t len = d.i - name;
                    advance(&d, 1);
                    int32_t cp = lookup_name(s + name, len);
                    if (cp >= 0) {
                        o += put_utf8(dst + o, (uint32_t)cp);
                        continue;
                    }
                    reason = "unknown Unicode character name";
                }
            }
            *msg = escape_error(a, rewritten_pos(&d, esc), rewritten_pos(&d, d.i), reason);
            *err_at = esc;
            return -1;
        }
        default:
            dst[o++] = '\\'; /* an invalid escape is kept (a SyntaxWarning in CPython) */
            dst[o++] = c;
            continue;
        }
        uint32_t cp = 0;
        for (; count; count--) {
            int h = d.i < n ? hex_value(s[d.i]) : -1;
            if (h < 0) {
                *msg = escape_error(a, rewritten_pos(&d, esc), rewritten_pos(&d, d.i < n ? d.i : n),
                                    reason);
                *err_at = esc;
                return -1;
            }
            cp = cp * 16 + (uint32_t)h;
            advance(&d, 1);
        }
        if (cp > 0x10FFFF) {
            *msg = escape_error(a, rewritten_pos(&d, esc), rewritten_pos(&d, d.i),
                                "illegal Unicode character");
            *err_at = esc;
            return -1;
        }
        o += put_utf8(dst + o, cp);
    }
    return o;
}

/* decode_bytes: bytes escapes of s[0..n) into dst (room for n bytes), as decode_str. */
static int64_t
decode_bytes(Arena *a, const char *s, uint32_t n, char *dst, const char **msg, uint32_t *err_at)
{
    uint32_t o = 0, i = 0;
    while (i < n) {
        char c = s[i++];
        if (c != '\\') {
            dst[o++] = c;
            continue;
        }
        if (i >= n) {
            *msg = "(value error) Trailing \\ in string";
            *err_at = i - 1;
            return -1;
        }
        c = s[i++];
        switch (c) {
        case '\n':
            break;
        case '\\':
        case '\'':
        case '"':
            dst[o++] = c;
            break;
        case 'a':
            dst[o++] = '\a';
            break;
        case 'b':
            dst[o++] = '\b';
            break;
        case 'f':
            dst[o++] = '\f';
            break;
        case 'n':
            dst[o++] = '\n';
            break;
        case 'r':
            dst[o++] = '\r';
            break;
        case 't':
            dst[o++] = '\t';
            break;
        case 'v':
            dst[o++] = '\v';
            break;
        case '0':
        case '1':
        case '2':
        case '3':
        case '4':
        case '5':
        case '6':
        case '7': {
            unsigned v = (unsigned)(c - '0');
            for (int k = 0; k < 2 && i < n && s[i] >= '0' && s[i] <= '7'; k++)
                v = v * 8 + (unsigned)(s[i++] - '0');
            dst[o++] = (char)(v & 0xFF); /* above \377 only warns in CPython */
            break;
        }
        case 'x': {
            int h1 = i < n ? hex_value(s[i]) : -1;
            int h2 = i + 1 < n ? hex_value(s[i + 1]) : -1;
            if (h1 < 0 || h2 < 0) {
                *msg = arena_sprintf(a, "(value error) invalid \\x escape at position %u", i - 2);
                *err_at = i - 2;
                return -1;
            }
            dst[o++] = (char)(h1 * 16 + h2);
            i += 2;
            break;
        }
        default:
            dst[o++] = '\\';
            i--; /* the character after an invalid escape is read again */
            break;
        }
    }
    return o;
}

/* lit_string: see literal.h. */
int
lit_string(Arena *a, const char *text, uint32_t n, Constant *out, const char **msg,
           uint32_t *err_off)
{
    bool raw = false, bytes = false, u = false;
    uint32_t p = 0;
    *msg = NULL;
    *err_off = 0;
    while (p < n && text[p] != '\'' && text[p] != '"') {
        switch (text[p]) {
        case 'r':
        case 'R':
            raw = true;
            break;
        case 'b':
        case 'B':
            bytes = true;
            break;
        case 'u':
        case 'U':
            u = true;
            break;
        default:
            *msg = "invalid string prefix";
            return -1;
        }
        p++;
    }
    if (p >= n) {
        *msg = "invalid string literal";
        return -1;
    }
    char q = text[p];
    uint32_t qs = (n - p >= 6 && text[p + 1] == q && text[p + 2] == q) ? 3 : 1;
    if (n - p < 2 * qs) {
        *msg = "invalid string literal";
        return -1;
    }
    const char *body = text + p + qs;
    uint32_t blen = n - p - 2 * qs;
    char *dst = arena_alloc(a, (size_t)blen + 1);
    int64_t len;
    uint32_t at = 0;
    *out = (Constant){ .kind = bytes ? CONST_BYTES : CONST_STR, .has_u_prefix = u };
    if (bytes) {
        for (uint32_t i = 0; i < blen; i++) {
            if ((unsigned char)body[i] >= 0x80) {
                *msg = "bytes can only contain ASCII literal characters";
                return -1;
            }
        }
    }
    if (raw) {
        memcpy(dst, body, blen);
        len = blen;
    } else if (bytes) {
        len = decode_bytes(a, body, blen, dst, msg, &at);
    } else {
        len = decode_str(a, body, blen, dst, msg, &at);
    }
    if (len < 0) {
        *err_off = p + qs + at;
        return -1;
    }
    dst[len] = '\0';
    out->text = dst;
    out->len = (uint32_t)len;
    return 0;
}

/* lit_fstring_middle: see literal.h. The lexer already left out the second brace of "{{" and "}}",
 * as CPython's does, so the text is decoded as it is; a backslash ending the text (before a
 * replacement field, f"\{x}") stays a backslash. */
int
lit_fstring_middle(Arena *a, const char *text, uint32_t n, bool raw, char **out, uint32_t *out_len,
                   const char **msg)
{
    *msg = NULL;
    char *buf = arena_alloc(a, (size_t)*out_len + n + 1);
    if (*out_len)
        memcpy(buf, *out, *out_len);
    int64_t len;
    if (raw) {
        memcpy(buf + *out_len, text, n);
        len = n;
    } else {
        uint32_t at;
        len = decode_str(a, text, n, buf + *out_len, msg, &at);
        if (len < 0)
            return -1;
    }
    *out_len += (uint32_t)len;
    buf[*out_len] = '\0';
    *out = buf;
    return 0;
}

/* ---- interner ---- */

typedef struct InternEntry {
    const char *s; /* NULL when free */
    uint32_t len, hash;
    uint64_t head; /* the first (up to) 8 bytes as hash_load_tail reads them: most names are
                      compared with this word alone */
} InternEntry;

struct Interner {
    Arena *a;
    InternEntry *tab;
    uint32_t cap, n; /* cap is a power of two; kept at most half full */
};

/* intern_new: an empty interner in arena a. */
Interner *
intern_new(Arena *a)
{
    Interner *in = ARENA_NEW(a, Interner);
    in->a = a;
    in->cap = 256;
    in->tab = ARENA_ARRAY(a, InternEntry, in->cap);
    return in;
}

static void
grow(Interner *in)
{
    uint32_t cap = in->cap * 2;
    InternEntry *tab = ARENA_ARRAY(in->a, InternEntry, cap);
    for (uint32_t i = 0; i < in->cap; i++) {
        InternEntry *e = &in->tab[i];
        if (!e->s)
            continue;
        uint32_t j = e->hash & (cap - 1);
        while (tab[j].s)
            j = (j + 1) & (cap - 1);
        tab[j] = *e;
    }
    in->tab = tab;
    in->cap = cap;
}

/* nfkc: name[0..n) NFKC-normalised, in the arena (itself when already normal or on ICU error). */
static const char *
nfkc(Arena *a, const char *name, uint32_t n, uint32_t *out_n)
{
    UErrorCode st = U_ZERO_ERROR;
    const UNormalizer2 *norm = unorm2_getNFKCInstance(&st);
    UChar *u16 = arena_alloc(a, sizeof(UChar) * ((size_t)n + 1));
    int32_t ulen = 0;
    u_strFromUTF8(u16, (int32_t)n + 1, &ulen, name, (int32_t)n, &st);
    *out_n = n;
    if (U_FAILURE(st) || unorm2_isNormalized(norm, u16, ulen, &st) || U_FAILURE(st))
        return name;
    int32_t need = unorm2_normalize(norm, u16, ulen, NULL, 0, &st);
    st = U_ZERO_ERROR;
    UChar *normed = arena_alloc(a, sizeof(UChar) * ((size_t)need + 1));
    need = unorm2_normalize(norm, u16, ulen, normed, need + 1, &st);
    if (U_FAILURE(st))
        return name;
    int32_t blen = 0;
    u_strToUTF8(NULL, 0, &blen, normed, need, &st);
    st = U_ZERO_ERROR;
    char *utf8 = arena_alloc(a, (size_t)blen + 1);
    u_strToUTF8(utf8, blen + 1, &blen, normed, need, &st);
    if (U_FAILURE(st))
        return name;
    *out_n = (uint32_t)blen;
    return utf8;
}

/* same_bytes: a[0..n) == b[0..n), a word at a time (names are short; a libc call costs more). */
static inline bool
same_bytes(const char *a, const char *b, uint32_t n)
{
    for (; n >= 8; a += 8, b += 8, n -= 8) {
        uint64_t x, y;
        memcpy(&x, a, 8);
        memcpy(&y, b, 8);
        if (x != y)
            return false;
    }
    return hash_load_tail(a, n) == hash_load_tail(b, n);
}

/* head_word: the first min(n, 8) bytes of name as one word. */
static inline uint64_t
head_word(const char *name, uint32_t n)
{
    if (n < 8)
        return hash_load_tail(name, n);
    uint64_t w;
    memcpy(&w, name, 8);
    return w;
}

/* ascii_hash: hash_bytes(name, n) and the head word, or false when name has a non-ASCII byte
 * (found in the same pass over the words, since every NAME token of every file comes through
 * here). */
static inline bool
ascii_hash(const char *name, uint32_t n, uint32_t *hash, uint64_t *head)
{
    uint64_t h = 0x9E3779B97F4A7C15ull ^ (uint64_t)n, high = 0;
    const char *s = name;
    size_t left = n;
    *head = head_word(name, n);
    for (; left >= 8; s += 8, left -= 8) {
        uint64_t w;
        memcpy(&w, s, 8);
        high |= w;
        h = (h ^ w) * 0xFF51AFD7ED558CCDull;
        h ^= h >> 32;
    }
    uint64_t w = left ? hash_load_tail(s, left) : 0;
    high |= w;
    if (high & 0x8080808080808080ull)
        return false;
    h = (h ^ w) * 0xC4CEB9FE1A85EC53ull;
    h ^= h >> 29;
    *hash = (uint32_t)h;
    return true;
}

/* intern_insert: adds name[0..n) (hash h) at the free slot j. Not inlined, like intern_nonascii:
 * a lookup that finds the name, by far the most common case, then needs few registers. */
static __attribute__((noinline)) Ident
intern_insert(Interner *in, const char *name, uint32_t n, uint32_t h, uint64_t head, uint32_t j)
{
    const char *copy = arena_strndup(in->a, name, n);
    in->tab[j] = (InternEntry){ copy, n, h, head };
    if (++in->n * 2 > in->cap)
        grow(in);
    return copy;
}

static inline Ident
intern_hashed(Interner *in, const char *name, uint32_t n, uint32_t h, uint64_t head)
{
    uint32_t mask = in->cap - 1;
    uint32_t j = h & mask;
    for (;;) {
        const InternEntry *e = &in->tab[j];
        if (!e->s)
            return intern_insert(in, name, n, h, head, j);
        if (e->hash == h && e->head == head && e->len == n &&
            (n <= 8 || same_bytes(e->s + 8, name + 8, n - 8)))
            return e->s;
        j = (j + 1) & mask;
    }
}

/* intern_nonascii: a name with non-ASCII characters, NFKC-normalised first as CPython does. */
static __attribute__((noinline)) Ident
intern_nonascii(Interner *in, const char *name, uint32_t n)
{
    name = nfkc(in->a, name, n, &n);
    return intern_hashed(in, name, n, hash_bytes(name, n), head_word(name, n));
}

/* intern_long: intern_ident for names longer than 8 bytes and non-ASCII ones (out of line, so
 * that the fast path of short names saves few registers). Those of at most 16 bytes compare their
 * second word directly. */
static __attribute__((noinline)) Ident
intern_long(Interner *in, const char *name, uint32_t n)
{
    if (n > 8 && n <= 16) { /* most of the rest: two words, hashed as hash_bytes does */
        uint64_t w0 = head_word(name, 8), w1 = head_word(name + 8, n - 8);
        if (!((w0 | w1) & 0x8080808080808080ull)) {
            uint64_t x = 0x9E3779B97F4A7C15ull ^ (uint64_t)n;
            x = (x ^ w0) * 0xFF51AFD7ED558CCDull;
            x ^= x >> 32;
            if (n == 16) {
                x = (x ^ w1) * 0xFF51AFD7ED558CCDull;
                x ^= x >> 32;
                x *= 0xC4CEB9FE1A85EC53ull;
            } else {
                x = (x ^ w1) * 0xC4CEB9FE1A85EC53ull;
            }
            x ^= x >> 29;
            uint32_t h = (uint32_t)x, mask = in->cap - 1;
            for (uint32_t j = h & mask;; j = (j + 1) & mask) {
                const InternEntry *e = &in->tab[j];
                if (!e->s)
                    return intern_insert(in, name, n, h, w0, j);
                if (e->hash == h && e->head == w0 && e->len == n &&
                    head_word(e->s + 8, n - 8) == w1)
                    return e->s;
            }
        }
    }
    uint32_t h;
    uint64_t head;
    if (!ascii_hash(name, n, &h, &head))
        return intern_nonascii(in, name, n);
    return intern_hashed(in, name, n, h, head);
}

/* intern_ident: see literal.h. The result lives in the interner's arena. Names of at most 8 bytes
 * (three in four) have their own path: their head word is the whole name, so it alone is
 * compared, and the hash is hash_bytes' for that length (every path must agree, since an NFKC
 * normalised name may be short and ASCII too). */
Ident
intern_ident(Interner *in, const char *name, uint32_t n)
{
    if (n - 1 < 8) {
        uint64_t w = head_word(name, n), h = 0x9E3779B97F4A7C15ull ^ (uint64_t)n;
        if (!(w & 0x8080808080808080ull)) {
            if (n == 8) {
                h = (h ^ w) * 0xFF51AFD7ED558CCDull;
                h ^= h >> 32;
                h = h * 0xC4CEB9FE1A85EC53ull;
            } else {
                h = (h ^ w) * 0xC4CEB9FE1A85EC53ull;
            }
            h ^= h >> 29;
            uint32_t mask = in->cap - 1;
            for (uint32_t j = (uint32_t)h & mask;; j = (j + 1) & mask) {
                const InternEntry *e = &in->tab[j];
                if (e->head == w && e->len == n) /* a free entry has len 0 */
                    return e->s;
                if (!e->s)
                    return intern_insert(in, name, n, (uint32_t)h, w, j);
            }
        }
    }
    return intern_long(in, name, n);
}
