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

void
sb_vprintf(StrBuf *sb, const char *fmt, va_list ap)
{
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
