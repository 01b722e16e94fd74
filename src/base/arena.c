#include "base/arena.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The head chunk's free space is [a->ptr, a->end); older chunks are full (what was left in them
 * when a request did not fit is abandoned). */
struct ArenaChunk {
    ArenaChunk *prev;
    size_t cap;
    _Alignas(max_align_t) unsigned char data[];
};

void
arena_init(Arena *a, size_t chunk_size)
{
    *a = (Arena){ .head = NULL,
                  .chunk_size = chunk_size ? chunk_size : 64 * 1024,
                  .total = 0,
                  .ptr = NULL,
                  .end = NULL };
#ifdef ARENA_SANITIZE
    /* SAN=1: every allocation gets its own malloc'd block so ASan sees overflows between objects */
    a->chunk_size = 0;
#endif
}

/* Chunks come from malloc and go back to it; main() tells glibc to keep freed memory rather than
 * return it to the system, so one file's freed chunks serve the next file's (in any size) without
 * new page faults. (A cache of chunks per thread, tried before, kept chunks of the wrong sizes out
 * of reach: 18,000 page faults and 77 MB peak on the stdlib, against 12,500 and 58 MB.) */
#define CHUNK_MAX_GROWTH (1024u * 1024u)

static ArenaChunk *
chunk_take(size_t cap)
{
    ArenaChunk *fresh = xmalloc(sizeof *fresh + cap);
    fresh->cap = cap;
    return fresh;
}

static void
chunk_release(ArenaChunk *c)
{
    free(c);
}

void
arena_free(Arena *a)
{
    ArenaChunk *c = a->head;
    while (c) {
        ArenaChunk *prev = c->prev;
        chunk_release(c);
        c = prev;
    }
    a->head = NULL;
    a->total = 0;
    a->ptr = a->end = NULL;
}

/* arena_alloc_slow: see arena.h; the request does not fit in the head chunk (or rounds to 0). */
void *
arena_alloc_slow(Arena *a, size_t n)
{
    const size_t align = ARENA_ALIGN;
    if (n > SIZE_MAX / 2)
        fatal("arena request too large");
    n = (n + align - 1) & ~(align - 1);
    if (n == 0)
        n = align;
    if ((size_t)((uintptr_t)a->end - (uintptr_t)a->ptr) <
        n) { /* oversized requests get their own chunk */
        /* chunks grow with the arena (up to 1 MiB) so big files take few mallocs */
        size_t cap = a->chunk_size;
        if (cap && a->total > cap)
            cap = a->total < CHUNK_MAX_GROWTH ? a->total : CHUNK_MAX_GROWTH;
        if (n > cap)
            cap = n;
        ArenaChunk *c = chunk_take(cap);
        c->prev = a->head;
        a->head = c;
        a->total += sizeof *c + c->cap;
        a->ptr = c->data;
        a->end = c->data + c->cap;
    }
    void *mem = a->ptr;
    a->ptr += n;
    return mem;
}

char *
arena_strndup(Arena *a, const char *s, size_t n)
{
    char *p = arena_alloc(a, n + 1);
    if (n)
        memcpy(p, s, n);
    p[n] = '\0';
    return p;
}

char *
arena_strdup(Arena *a, const char *s)
{
    return arena_strndup(a, s, strlen(s));
}

/* arena_join: see arena.h. */
char *
arena_join(Arena *a, const char *prefix, const char *name)
{
    return arena_join_sep(a, prefix, '.', name);
}

char *
arena_join_sep(Arena *a, const char *prefix, char sep, const char *name)
{
    size_t np = strlen(prefix), nn = strlen(name);
    char *out = arena_alloc(a, np + nn + 2);
    memcpy(out, prefix, np);
    out[np] = sep;
    memcpy(out + np + 1, name, nn + 1);
    return out;
}

char *
arena_sprintf(Arena *a, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    va_list ap2;
    va_copy(ap2, ap);
    int n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    if (n < 0)
        n = 0;
    char *p = arena_alloc(a, (size_t)n + 1);
    vsnprintf(p, (size_t)n + 1, fmt, ap2);
    va_end(ap2);
    return p;
}
