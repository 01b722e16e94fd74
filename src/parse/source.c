/* source: raw file bytes -> the UTF-8, '\n'-newline text the tokenizer reads, following CPython's
 * tokenizer (Parser/tokenizer): BOM, PEP 263 cookie, strict UTF-8 check, universal newlines, NULs.
 */
#include "parse/source.h"

#include "base/bytescan.h"

#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <iconv.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define MIB (1024.0 * 1024.0)

/* How the bytes after the BOM are turned into UTF-8. */
typedef enum Encoding {
    ENC_UTF8,       /* the default, a BOM, or a cookie that CPython normalises to "utf-8" */
    ENC_UTF8_CODEC, /* a utf-8 alias CPython does not normalise ("utf8"): decoded by the codec */
    ENC_LATIN1,
    ENC_ASCII,
    ENC_ICONV, /* any other encoding glibc's iconv knows */
} Encoding;

typedef struct Decoder {
    Arena *a;
    const char *path;
    SyntaxErr *err;
    Encoding enc;
    const char *cookie; /* the declared name, as CPython reports it, or NULL */
    uint32_t cookie_line;
} Decoder;

static int fail(Decoder *d, uint32_t line, uint32_t col, const char *fmt, ...) PRINTF_LIKE(4, 5);

static int
fail(Decoder *d, uint32_t line, uint32_t col, const char *fmt, ...)
{
    va_list ap, ap2;
    va_start(ap, fmt);
    va_copy(ap2, ap);
    int n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    char *msg = arena_alloc(d->a, (size_t)(n > 0 ? n : 0) + 1);
    vsnprintf(msg, (size_t)(n > 0 ? n : 0) + 1, fmt, ap2);
    va_end(ap2);
    *d->err = (SyntaxErr){ .set = true,
                           .kind = "SyntaxError",
                           .msg = msg,
                           .line = line,
                           .col = col,
                           .end_line = line,
                           .end_col = col };
    return -1;
}

/* Length of the raw line starting at s (through its '\n', '\r\n' or '\r'), as CPython splits lines
 * when it looks for the cookie. */
static size_t
raw_line_length(const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        if (s[i] == '\n')
            return i + 1;
        if (s[i] == '\r')
            return i + 1 < n && s[i + 1] == '\n' ? i + 2 : i + 1;
    }
    return n;
}

/* find_cookie: CPython's coding-spec search on one line, i.e. the PEP 263 regex
 * `^[ \t\f]*#.*?coding[:=][ \t]*([-\w.]+)`. Returns the name (in the arena) or NULL; *scan_next
 * says whether the line was blank or comment-only, so the second line may hold the cookie. */
static const char *
find_cookie(Arena *a, const char *line, size_t len, bool *scan_next)
{
    size_t i = 0;
    *scan_next = true;
    for (; i < len; i++) {
        if (line[i] == '#')
            break;
        if (line[i] == '\n' || line[i] == '\r' || line[i] == '\0')
            return NULL;
        if (line[i] != ' ' && line[i] != '\t' && line[i] != '\f') {
            *scan_next = false;
            return NULL;
        }
    }
    for (; i + 6 < len; i++) {
        if (line[i] == '\0')
            return NULL; /* CPython reads the line as a C string */
        if (memcmp(line + i, "coding", 6) != 0)
            continue;
        size_t j = i + 6;
        if (line[j] != ':' && line[j] != '=')
            continue;
        do
            j++;
        while (j < len && (line[j] == ' ' || line[j] == '\t'));
        size_t start = j;
        while (j < len && (isalnum((unsigned char)line[j]) || line[j] == '-' || line[j] == '_' ||
                           line[j] == '.'))
            j++;
        if (j == start)
            continue;
        *scan_next = false;
        return arena_strndup(a, line + start, j - start);
    }
    return NULL;
}

/* get_normal_name: CPython's normalisation of the names it handles itself (first 12 characters,
 * lower case, '_' -> '-'): utf-8 and latin-1 spellings, with any "-suffix" (e.g. utf-8-unix). */
static const char *
normal_name(const char *s)
{
    char buf[13];
    int i;
    for (i = 0; i < 12 && s[i]; i++)
        buf[i] = s[i] == '_' ? '-' : (char)tolower((unsigned char)s[i]);
    buf[i] = '\0';
    if (!strcmp(buf, "utf-8") || !strncmp(buf, "utf-8-", 6))
        return "utf-8";
    if (!strcmp(buf, "latin-1") || !strcmp(buf, "iso-8859-1") || !strcmp(buf, "iso-latin-1") ||
        !strncmp(buf, "latin-1-", 8) || !strncmp(buf, "iso-8859-1-", 11) ||
        !strncmp(buf, "iso-latin-1-", 12))
        return "iso-8859-1";
    return s;
}

/* codec_key: Python's encodings.normalize_encoding plus lower-casing, the key of its alias table:
 * runs of characters other than ASCII letters, digits and '.' become one '_'. */
static void
codec_key(const char *s, char *out, size_t size)
{
    size_t n = 0;
    bool punct = false;
    for (; *s && n + 2 < size; s++) {
        unsigned char c = (unsigned char)*s;
        if (isalnum(c) || c == '.') {
            if (punct && n)
                out[n++] = '_';
            out[n++] = (char)tolower(c);
            punct = false;
        } else {
            punct = true;
        }
    }
    out[n] = '\0';
}

static bool
in_list(const char *key, const char *const *list)
{
    for (; *list; list++)
        if (!strcmp(key, *list))
            return true;
    return false;
}

/* Python's aliases (Lib/encodings/aliases.py) of the three codecs we decode ourselves. */
static const char *const utf8_aliases[] = { "utf_8",     "u8",        "utf",     "utf8",
                                            "utf8_ucs2", "utf8_ucs4", "cp65001", NULL };
static const char *const latin1_aliases[] = { "latin_1",     "8859",       "cp819",
                                              "csisolatin1", "ibm819",     "iso8859",
                                              "iso8859_1",   "iso_8859_1", "iso_8859_1_1987",
                                              "iso_ir_100",  "l1",         "latin",
                                              "latin1",      NULL };
static const char *const ascii_aliases[] = {
    "ascii",    "646",    "ansi_x3.4_1968", "ansi_x3_4_1968",   "ansi_x3.4_1986", "cp367",
    "csascii",  "ibm367", "iso646_us",      "iso_646.irv_1991", "iso_ir_6",       "us",
    "us_ascii", NULL
};

/* open_iconv: a converter from `name` to UTF-8, trying the name as written and with '_' -> '-'
 * (Python spells shift_jis, glibc SHIFT-JIS). (iconv_t)-1 when glibc does not know it. */
static iconv_t
open_iconv(const char *name)
{
    iconv_t cd = iconv_open("UTF-8", name);
    if (cd != (iconv_t)-1)
        return cd;
    char alt[64];
    size_t n = strlen(name);
    if (n >= sizeof alt)
        return cd;
    for (size_t i = 0; i <= n; i++)
        alt[i] = name[i] == '_' ? '-' : name[i];
    return iconv_open("UTF-8", alt);
}

/* CPython's valid_utf8 (Parser/tokenizer/helpers.c), bounded: the length of the well-formed UTF-8
 * sequence at s, or 0. Overlong forms, surrogates and code points above U+10FFFF are rejected. */
static int
utf8_seq_len(const unsigned char *s, const unsigned char *end)
{
    int expected;
    if (s[0] < 0x80)
        return 1;
    if (s[0] < 0xE0) {
        if (s[0] < 0xC2)
            return 0;
        expected = 1;
    } else if (s[0] < 0xF0) {
        if (end - s < 2)
            return 0;
        if ((s[0] == 0xE0 && s[1] < 0xA0) || (s[0] == 0xED && s[1] >= 0xA0))
            return 0;
        expected = 2;
    } else if (s[0] < 0xF5) {
        if (end - s < 2)
            return 0;
        if (s[1] < 0x90 ? s[0] == 0xF0 : s[0] == 0xF4)
            return 0;
        expected = 3;
    } else {
        return 0;
    }
    if (end - s <= expected)
        return 0;
    for (int i = 1; i <= expected; i++)
        if (s[i] < 0x80 || s[i] >= 0xC0)
            return 0;
    return expected + 1;
}

/* The reason Python's UTF-8 codec gives for the ill-formed sequence at s. */
static const char *
utf8_error_reason(const unsigned char *s, const unsigned char *end)
{
    if (s[0] < 0xC2 || s[0] > 0xF4)
        return "invalid start byte";
    int expected = s[0] < 0xE0 ? 1 : s[0] < 0xF0 ? 2 : 3;
    for (int i = 1; i <= expected; i++) {
        if (s + i >= end)
            return "unexpected end of data";
        unsigned lo = 0x80, hi = 0xBF;
        if (i == 1) {
            if (s[0] == 0xE0)
                lo = 0xA0;
            else if (s[0] == 0xED)
                hi = 0x9F;
            else if (s[0] == 0xF0)
                lo = 0x90;
            else if (s[0] == 0xF4)
                hi = 0x8F;
        }
        if (s[i] < lo || s[i] > hi)
            return "invalid continuation byte";
    }
    return "invalid start byte"; /* not reached for an ill-formed sequence */
}

/* Line (1-based) and column (1-based, in code points) of byte offset off in already-translated
 * text. */
static void
text_position(const char *text, size_t off, uint32_t *line, uint32_t *col)
{
    uint32_t ln = 1;
    size_t line_start = 0;
    for (size_t i = 0; i < off; i++)
        if (text[i] == '\n') {
            ln++;
            line_start = i + 1;
        }
    uint32_t c = 1;
    for (size_t i = line_start; i < off; i++)
        if (((unsigned char)text[i] & 0xC0) != 0x80)
            c++;
    *line = ln;
    *col = c;
}

/* Line of byte offset off in raw bytes (counting '\n', '\r\n' and '\r'). */
static uint32_t
raw_line_of(const char *raw, size_t off)
{
    uint32_t ln = 1;
    for (size_t i = 0; i < off; i++)
        if (raw[i] == '\n' || (raw[i] == '\r' && (i + 1 >= off || raw[i + 1] != '\n')))
            ln++;
    return ln;
}

#define ONES 0x0101010101010101ull
#define HIGHS 0x8080808080808080ull

/* plain_word: the 8 bytes of w are ASCII and none is NUL or '\r'. For ASCII bytes, subtracting 1
 * sets a byte's high bit only when the byte was 0 (a borrow into the next byte needs a 0 first);
 * '\r' is found as a 0 in w ^ '\r'. */
static inline bool
plain_word(uint64_t w)
{
    return !((w | (w - ONES) | ((w ^ (ONES * '\r')) - ONES)) & HIGHS);
}

/* translate: copies u[0..n) (UTF-8 unless `validate`) into the arena with CRLF and CR -> LF; checks
 * for NULs and, when `validate`, for ill-formed UTF-8, whichever comes first (CPython's check stops
 * at the first NUL). */
static int
translate(Decoder *d, const char *u, size_t n, bool validate, Source *src)
{
    char *out = arena_alloc(d->a, n + 1);
    const unsigned char *s = (const unsigned char *)u, *end = s + n;
    size_t o = 0;
    bool seen_newline = false;
    while (s < end) {
        /* fast path: a run of plain 8-byte words (ASCII, no NUL, no '\r'), copied at once */
        const unsigned char *run = s;
        const Bytes16 one = bytes16_splat(1), cr = bytes16_splat('\r');
        while (end - s >= 32) { /* 32 bytes per test: most of a file is plain */
            Bytes16 v0 = bytes16_load(s), v1 = bytes16_load(s + 16);
            /* as signed bytes, NUL and the bytes >= 0x80 are those below 1 */
            Bytes16 m = (Bytes16)((v0 < one) | (v0 == cr) | (v1 < one) | (v1 == cr));
            if (bytes16_any(m))
                break;
            s += 32;
        }
        while (end - s >= 8) {
            uint64_t w;
            memcpy(&w, s, 8);
            if (!plain_word(w))
                break;
            s += 8;
        }
        if (s > run) {
            if (!seen_newline && memchr(run, '\n', (size_t)(s - run)))
                seen_newline = true;
            memcpy(out + o, run, (size_t)(s - run));
            o += (size_t)(s - run);
        }
        /* then byte by byte over the word that was not plain (or the last few bytes) */
        const unsigned char *stop = end - s >= 8 ? s + 8 : end;
        while (s < stop) {
            unsigned char c = *s;
            if (c == '\0') {
                uint32_t line, col;
                text_position(out, o, &line, &col);
                return fail(d, line, col, "source code cannot contain null bytes");
            }
            if (c == '\r') {
                if (!seen_newline) {
                    src->crlf = s + 1 < end && s[1] == '\n';
                    seen_newline = true;
                }
                out[o++] = '\n';
                s += s + 1 < end && s[1] == '\n' ? 2 : 1;
                continue;
            }
            if (c == '\n')
                seen_newline = true;
            if (c < 0x80 || !validate) {
                out[o++] = (char)c;
                s++;
                continue;
            }
            int len = utf8_seq_len(s, end);
            if (!len) {
                uint32_t line, col;
                text_position(out, o, &line, &col);
                if (d->path)
                    return fail(d, line, col,
                                "Non-UTF-8 code starting with '\\x%.2x' in file %s on line %u, but "
                                "no encoding declared; see https://peps.python.org/pep-0263/ for "
                                "details",
                                c, d->path, line);
                return fail(d, line, col,
                            "Non-UTF-8 code starting with '\\x%.2x' on line %u, but no encoding "
                            "declared; see https://peps.python.org/pep-0263/ for details",
                            c, line);
            }
            memcpy(out + o, s, (size_t)len);
            o += (size_t)len;
            s += len;
        }
    }
    out[o] = '\0';
    if (o > UINT32_MAX)
        return fail(d, 1, 1, "source too large after decoding");
    src->text = out;
    src->len = (uint32_t)o;
    return 0;
}

/* iconv_decode: converts raw[0..n) from d->cookie to UTF-8 in a heap buffer (*out, *out_len). */
static int
iconv_decode(Decoder *d, iconv_t cd, const char *raw, size_t n, char **out, size_t *out_len)
{
    size_t cap = n * 2 + 16, used = 0;
    char *buf = xmalloc(cap);
    char *in = (char *)raw;
    size_t in_left = n;
    bool flushing = false;
    for (;;) {
        char *o = buf + used;
        size_t o_left = cap - used;
        size_t r =
            flushing ? iconv(cd, NULL, NULL, &o, &o_left) : iconv(cd, &in, &in_left, &o, &o_left);
        used = (size_t)(o - buf);
        if (r == (size_t)-1 && errno == E2BIG) {
            cap *= 2;
            buf = xrealloc(buf, cap);
            continue;
        }
        if (r == (size_t)-1) {
            int e = errno;
            size_t pos = (size_t)(in - raw);
            free(buf);
            return fail(d, raw_line_of(raw, pos), 0,
                        "'%s' codec can't decode byte 0x%.2x in position %zu: %s", d->cookie,
                        pos < n ? (unsigned char)raw[pos] : 0, pos,
                        e == EINVAL ? "unexpected end of data" : "invalid byte sequence");
        }
        if (flushing)
            break;
        if (!in_left)
            flushing = true; /* a stateful encoding may still have output to give */
    }
    *out = buf;
    *out_len = used;
    return 0;
}

/* source_decode: see source.h. */
int
source_decode(Arena *a, const char *path, const char *raw, size_t n, Source *src, SyntaxErr *err)
{
    Decoder dec = { .a = a, .path = path, .err = err, .enc = ENC_UTF8 };
    Decoder *d = &dec;
    *src = (Source){ .path = path, .text = "", .len = 0 };
    *err = (SyntaxErr){ 0 };
    if (n > SOURCE_MAX_BYTES)
        return fail(d, 0, 0, "file too large (%.1f MB; the limit is %u MB)", (double)n / MIB,
                    SOURCE_MAX_BYTES / (1024u * 1024u));

    if (n >= 3 && (unsigned char)raw[0] == 0xEF && (unsigned char)raw[1] == 0xBB &&
        (unsigned char)raw[2] == 0xBF) {
        src->had_bom = true;
        raw += 3;
        n -= 3;
    }

    /* PEP 263: a cookie on line 1, or on line 2 when line 1 is blank or only a comment */
    bool scan_next;
    size_t len1 = raw_line_length(raw, n);
    const char *cookie = find_cookie(a, raw, len1, &scan_next);
    uint32_t cookie_line = 1;
    if (!cookie && scan_next && len1 < n) {
        cookie = find_cookie(a, raw + len1, raw_line_length(raw + len1, n - len1), &scan_next);
        cookie_line = 2;
    }
    iconv_t cd = (iconv_t)-1;
    if (cookie) {
        cookie = normal_name(cookie);
        d->cookie = cookie;
        d->cookie_line = cookie_line;
        if (src->had_bom && strcmp(cookie, "utf-8") != 0)
            return fail(d, cookie_line, 0, "encoding problem: %s with BOM", cookie);
        char key[64];
        codec_key(cookie, key, sizeof key);
        if (!strcmp(cookie, "utf-8"))
            d->enc = ENC_UTF8;
        else if (in_list(key, utf8_aliases))
            d->enc = ENC_UTF8_CODEC;
        else if (!strcmp(cookie, "iso-8859-1") || in_list(key, latin1_aliases))
            d->enc = ENC_LATIN1;
        else if (in_list(key, ascii_aliases))
            d->enc = ENC_ASCII;
        else if ((cd = open_iconv(cookie)) != (iconv_t)-1)
            d->enc = ENC_ICONV;
        else
            return fail(d, cookie_line, 0, "unknown encoding: %s", cookie);
    }

    switch (d->enc) {
    case ENC_UTF8:
        return translate(d, raw, n, true, src);
    case ENC_UTF8_CODEC: {
        /* decoded by Python's codec before any other check, so its message, with a byte position */
        const unsigned char *s = (const unsigned char *)raw, *end = s + n;
        while (s < end) {
            int len = utf8_seq_len(s, end);
            if (!len) {
                size_t pos = (size_t)(s - (const unsigned char *)raw);
                return fail(d, raw_line_of(raw, pos), 0,
                            "'utf-8' codec can't decode byte 0x%.2x in position %zu: %s", *s, pos,
                            utf8_error_reason(s, end));
            }
            s += len;
        }
        return translate(d, raw, n, false, src);
    }
    case ENC_ASCII:
        for (size_t i = 0; i < n; i++)
            if ((unsigned char)raw[i] >= 0x80)
                return fail(
                    d, raw_line_of(raw, i), 0,
                    "'ascii' codec can't decode byte 0x%.2x in position %zu: ordinal not in "
                    "range(128)",
                    (unsigned char)raw[i], i);
        return translate(d, raw, n, false, src);
    case ENC_LATIN1: {
        char *u = xmalloc(n * 2 + 1);
        size_t o = 0;
        for (size_t i = 0; i < n; i++) {
            unsigned char c = (unsigned char)raw[i];
            if (c < 0x80) {
                u[o++] = (char)c;
            } else {
                u[o++] = (char)(0xC0 | (c >> 6));
                u[o++] = (char)(0x80 | (c & 0x3F));
            }
        }
        int r = translate(d, u, o, false, src);
        free(u);
        return r;
    }
    case ENC_ICONV: {
        char *u = NULL;
        size_t ulen = 0;
        int r = iconv_decode(d, cd, raw, n, &u, &ulen);
        iconv_close(cd);
        if (r < 0)
            return r;
        /* a decoder may emit a BOM of its own (utf-16 with one, for instance); CPython drops it */
        size_t skip = ulen >= 3 && !memcmp(u, "\xEF\xBB\xBF", 3) ? 3 : 0;
        r = translate(d, u + skip, ulen - skip, false, src);
        free(u);
        return r;
    }
    }
    return fail(d, 0, 0, "internal error: bad encoding");
}

static void
set_reason(char *reason, size_t size, int errnum)
{
    if (strerror_r(errnum, reason, size) != 0)
        snprintf(reason, size, "error %d", errnum);
}

/* read_file: source_read_file's work, the buffer from arena a (NULL: the heap). */
static char *
read_file(Arena *a, const char *path, size_t *len, char *reason, size_t reason_size)
{
    *len = 0;
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
        set_reason(reason, reason_size, errno);
        return NULL;
    }
    struct stat st;
    if (fstat(fd, &st) < 0) {
        set_reason(reason, reason_size, errno);
        close(fd);
        return NULL;
    }
    if (S_ISDIR(st.st_mode)) {
        set_reason(reason, reason_size, EISDIR);
        close(fd);
        return NULL;
    }
    if (S_ISREG(st.st_mode) && (uint64_t)st.st_size > SOURCE_MAX_BYTES) {
        snprintf(reason, reason_size, "file too large (%.1f MB; the limit is %u MB)",
                 (double)st.st_size / MIB, SOURCE_MAX_BYTES / (1024u * 1024u));
        close(fd);
        return NULL;
    }
    /* st_size is only a hint: the file may change under us, and pipes report 0. The buffer has room
     * for one byte more than expected, so EOF is seen without growing it. */
    size_t cap = S_ISREG(st.st_mode) ? (size_t)st.st_size + 2 : 64 * 1024, used = 0;
    char *buf = a ? arena_alloc(a, cap) : xmalloc(cap);
    for (;;) {
        if (used + 1 >= cap) {
            if (used > SOURCE_MAX_BYTES)
                break;
            cap *= 2;
            if (a) {
                char *bigger = arena_alloc(a, cap);
                memcpy(bigger, buf, used);
                buf = bigger;
            } else {
                buf = xrealloc(buf, cap);
            }
        }
        ssize_t r = read(fd, buf + used, cap - used - 1);
        if (r < 0) {
            if (errno == EINTR)
                continue;
            set_reason(reason, reason_size, errno);
            if (!a)
                free(buf);
            close(fd);
            return NULL;
        }
        if (r == 0)
            break;
        used += (size_t)r;
        /* a short read that brings a regular file to its stat size is its end: no read of 0 */
        if (S_ISREG(st.st_mode) && used == (size_t)st.st_size && used + 1 < cap)
            break;
    }
    close(fd);
    if (used > SOURCE_MAX_BYTES) {
        snprintf(reason, reason_size, "file too large (more than %u MB)",
                 SOURCE_MAX_BYTES / (1024u * 1024u));
        if (!a)
            free(buf);
        return NULL;
    }
    buf[used] = '\0';
    *len = used;
    return buf;
}

/* source_read_file: see source.h. */
char *
source_read_file(const char *path, size_t *len, char *reason, size_t reason_size)
{
    return read_file(NULL, path, len, reason, reason_size);
}

/* source_read_file_arena: see source.h. */
char *
source_read_file_arena(Arena *a, const char *path, size_t *len, char *reason, size_t reason_size)
{
    return read_file(a, path, len, reason, reason_size);
}

/* plain_text: no NUL, no '\r', valid UTF-8: the decoded text is the raw text itself. */
static bool
plain_text(const unsigned char *s, const unsigned char *end)
{
    const Bytes16 one = bytes16_splat(1), cr = bytes16_splat('\r');
    while (s < end) {
        while (end - s >= 32) {
            Bytes16 v0 = bytes16_load(s), v1 = bytes16_load(s + 16);
            Bytes16 m = (Bytes16)((v0 < one) | (v0 == cr) | (v1 < one) | (v1 == cr));
            if (bytes16_any(m))
                break;
            s += 32;
        }
        if (s >= end)
            break;
        if (*s == '\0' || *s == '\r')
            return false;
        if (*s < 0x80) {
            s++;
            continue;
        }
        int len = utf8_seq_len(s, end);
        if (!len)
            return false;
        s += len;
    }
    return true;
}

/* source_decode_borrowed: see source.h. */
int
source_decode_borrowed(Arena *a, const char *path, const char *raw, size_t n, Source *src,
                       SyntaxErr *err)
{
    bool bom = n >= 3 && (unsigned char)raw[0] == 0xEF && (unsigned char)raw[1] == 0xBB &&
               (unsigned char)raw[2] == 0xBF;
    if (!bom && n <= SOURCE_MAX_BYTES && raw[n] == '\0') {
        bool scan_next;
        size_t len1 = raw_line_length(raw, n);
        const char *cookie = find_cookie(a, raw, len1, &scan_next);
        if (!cookie && scan_next && len1 < n)
            cookie = find_cookie(a, raw + len1, raw_line_length(raw + len1, n - len1), &scan_next);
        if ((!cookie || !strcmp(normal_name(cookie), "utf-8")) &&
            plain_text((const unsigned char *)raw, (const unsigned char *)raw + n)) {
            *err = (SyntaxErr){ 0 };
            *src = (Source){ .path = path, .text = raw, .len = (uint32_t)n };
            return 0;
        }
    }
    return source_decode(a, path, raw, n, src, err);
}
