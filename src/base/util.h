/* util: allocation that never fails, fatal errors, and small macros shared by every module. */
#ifndef ASYNCREVIEW_BASE_UTIL_H
#define ASYNCREVIEW_BASE_UTIL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define WARN_UNUSED __attribute__((warn_unused_result))
#define NORETURN __attribute__((noreturn))
#define PRINTF_LIKE(fmt, args) __attribute__((format(printf, fmt, args)))
#define ARRAY_LEN(a) (sizeof(a) / sizeof((a)[0]))

/* ALWAYS/NEVER: defensive checks kept in release builds; they assert in debug builds. */
#ifdef NDEBUG
#define ALWAYS(cond) (cond)
#define NEVER(cond) (cond)
#else
#define ALWAYS(cond) ((cond) ? 1 : (assert_fail(#cond, __FILE__, __LINE__), 0))
#define NEVER(cond) ((cond) ? (assert_fail(#cond, __FILE__, __LINE__), 1) : 0)
#endif

NORETURN void assert_fail(const char *expr, const char *file, int line);

/* fatal: prints "asyncreview: fatal: MSG" to stderr and aborts. For impossible states only. */
NORETURN void fatal(const char *fmt, ...) PRINTF_LIKE(1, 2);

/* xmalloc, xcalloc, xrealloc, xstrdup: abort on allocation failure, never return NULL. */
void *xmalloc(size_t n);
void *xcalloc(size_t count, size_t n);
void *xrealloc(void *ptr, size_t n);
char *xstrdup(const char *s);

#endif
