#include "base/strbuf.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void
sb_free(StrBuf *sb)
{
    free(sb->data);
    *sb = (StrBuf)STRBUF_INIT;
}

void
sb_clear(StrBuf *sb)
{
    sb->len = 0;
    if (sb->data)
        sb->data[0] = '\0';
}

void
sb_reserve(StrBuf *sb, size_t extra)
{
    if (sb->len + extra + 1 <= sb->cap)
        return;
    size_t cap = sb->cap ? sb->cap : 64;
    while (cap < sb->len + extra + 1)
        cap *= 2;
    sb->data = xrealloc(sb->data, cap);
    sb->cap = cap;
}

void
sb_add(StrBuf *sb, const char *s, size_t n)
{
    sb_reserve(sb, n);
    if (n)
        memcpy(sb->data + sb->len, s, n);
    sb->len += n;
    sb->data[sb->len] = '\0';
}

void
sb_adds(StrBuf *sb, const char *s)
{
    sb_add(sb, s, strlen(s));
}

void
sb_addc(StrBuf *sb, char c)
{
    sb_reserve(sb, 1);
    sb->data[sb->len++] = c;
    sb->data[sb->len] = '\0';
}

/* Formats of literal text, `%s` and `%%` only (the index's "%s.%s" lookups, most messages) are
 * copied directly: vsnprintf costs about ten times more, and sb_vprintf runs it twice. */
enum { SIMPLE_MAX_ARGS = 8 };

/* simple_format: the number of `%s` in fmt when it is such a format, else -1. */
static int
simple_format(const char *fmt)
{
    int nargs = 0;
    for (const char *p = fmt; (p = strchr(p, '%')) != NULL; p += 2) {
        if (p[1] == 's') {
            if (++nargs > SIMPLE_MAX_ARGS)
                return -1;
        } else if (p[1] != '%') {
            return -1;
        }
    }
    return nargs;
}

static void
simple_vprintf(StrBuf *sb, const char *fmt, int nargs, va_list ap)
{
    const char *args[SIMPLE_MAX_ARGS];
    size_t lens[SIMPLE_MAX_ARGS];
    size_t total = strlen(fmt) - 2 * (size_t)nargs; /* an upper bound: a %% writes one byte */
    for (int i = 0; i < nargs; i++) {
        args[i] = va_arg(ap, const char *);
        if (!args[i])
            args[i] = "(null)"; /* what glibc's printf writes */
        lens[i] = strlen(args[i]);
        total += lens[i];
    }
    if (!total)
        return; /* as vsnprintf's path: an empty result leaves the buffer untouched */
    sb_reserve(sb, total);
    char *out = sb->data + sb->len;
    int arg = 0;
    for (const char *p = fmt; *p; p++) {
        if (*p != '%') {
            *out++ = *p;
        } else if (*++p == 's') {
            memcpy(out, args[arg], lens[arg]);
            out += lens[arg++];
        } else {
            *out++ = '%';
        }
    }
    sb->len = (size_t)(out - sb->data);
    sb->data[sb->len] = '\0';
}

void
sb_vprintf(StrBuf *sb, const char *fmt, va_list ap)
{
    int nargs = simple_format(fmt);
    if (nargs >= 0) {
        simple_vprintf(sb, fmt, nargs, ap);
        return;
    }
    va_list ap2;
    va_copy(ap2, ap);
    int n = vsnprintf(NULL, 0, fmt, ap);
    if (n > 0) {
        sb_reserve(sb, (size_t)n);
        vsnprintf(sb->data + sb->len, (size_t)n + 1, fmt, ap2);
        sb->len += (size_t)n;
    }
    va_end(ap2);
}

void
sb_printf(StrBuf *sb, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    sb_vprintf(sb, fmt, ap);
    va_end(ap);
}

const char *
sb_cstr(StrBuf *sb)
{
    return sb->data ? sb->data : "";
}

char *
sb_steal(StrBuf *sb)
{
    char *s = sb->data ? sb->data : xstrdup("");
    *sb = (StrBuf)STRBUF_INIT;
    return s;
}
