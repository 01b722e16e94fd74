/* strbuf: a growable, NUL-terminated byte buffer on the heap, for building output. */
#ifndef ASYNCREVIEW_BASE_STRBUF_H
#define ASYNCREVIEW_BASE_STRBUF_H

#include "base/util.h"

#include <stdarg.h>

typedef struct StrBuf {
    char *data; /* always NUL-terminated once anything was added; NULL when empty and unused */
    size_t len, cap;
} StrBuf;

#define STRBUF_INIT                                                                                \
    {                                                                                              \
        NULL, 0, 0                                                                                 \
    }

void sb_free(StrBuf *sb);
void sb_clear(StrBuf *sb);
void sb_reserve(StrBuf *sb, size_t extra);
void sb_add(StrBuf *sb, const char *s, size_t n);
void sb_adds(StrBuf *sb, const char *s);
void sb_addc(StrBuf *sb, char c);
void sb_printf(StrBuf *sb, const char *fmt, ...) PRINTF_LIKE(2, 3);
void sb_vprintf(StrBuf *sb, const char *fmt, va_list ap) PRINTF_LIKE(2, 0);
/* sb_cstr: the contents as a C string ("" when empty); owned by the buffer. */
const char *sb_cstr(StrBuf *sb);
/* sb_steal: hands the heap string to the caller (free() it) and leaves the buffer empty. */
char *sb_steal(StrBuf *sb);

#endif
