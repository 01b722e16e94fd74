/* arena: bump allocator. Everything made while processing one file lives in that file's arena and
 * is freed at once by arena_free(); there is no per-object free. */
#ifndef ASYNCREVIEW_BASE_ARENA_H
#define ASYNCREVIEW_BASE_ARENA_H

#include "base/util.h"

#include <string.h>

typedef struct ArenaChunk ArenaChunk;

/* An Arena is used through one object: the free space of its current chunk is kept in the Arena
 * itself, so a by-value copy that allocates would hand out memory the original also hands out
 * (copies that only read what was allocated, as report views do, are fine). */
typedef struct Arena {
    ArenaChunk *head;
    size_t chunk_size;  /* default size of a new chunk */
    size_t total;       /* bytes obtained from malloc, for memory accounting */
    unsigned char *ptr; /* the free space of head, [ptr, end): arena_alloc's inline fast path */
    unsigned char *end;
} Arena;

/* arena_init: an empty arena; chunk_size 0 picks the default (64 KiB). */
void arena_init(Arena *a, size_t chunk_size);
/* arena_free: releases every chunk; the arena may be reused after arena_init. */
void arena_free(Arena *a);
/* arena_alloc_slow: arena_alloc when the head chunk has no room (a new chunk). */
void *arena_alloc_slow(Arena *a, size_t n);

#define ARENA_ALIGN _Alignof(max_align_t)

/* arena_alloc: n bytes aligned for any type, uninitialised; never NULL. Inline, since the parser
 * allocates a node or two per token: the fast path is a bump of a->ptr. A rounded size of 0 (n ==
 * 0, or an n so large that rounding wraps) goes to the slow path, which handles both. */
static inline void *
arena_alloc(Arena *a, size_t n)
{
    size_t need = (n + ARENA_ALIGN - 1) & ~(size_t)(ARENA_ALIGN - 1);
    if (need - 1 < (size_t)((uintptr_t)a->end - (uintptr_t)a->ptr)) {
        void *mem = a->ptr;
        a->ptr += need;
        return mem;
    }
    return arena_alloc_slow(a, n);
}

/* arena_zalloc: like arena_alloc, zero-filled. */
static inline void *
arena_zalloc(Arena *a, size_t n)
{
    void *p = arena_alloc(a, n);
    memset(p, 0, n);
    return p;
}
/* arena_strndup: copy of s[0..n) with a terminating NUL, in the arena. */
char *arena_strndup(Arena *a, const char *s, size_t n);
char *arena_strdup(Arena *a, const char *s);
/* arena_join: "prefix.name" in the arena (plain copies: qualified names are built in hot loops). */
char *arena_join(Arena *a, const char *prefix, const char *name);
/* arena_join_sep: "prefix" sep "name" ("dir/file": paths are joined once per directory entry). */
char *arena_join_sep(Arena *a, const char *prefix, char sep, const char *name);
/* arena_sprintf: formatted string in the arena. */
char *arena_sprintf(Arena *a, const char *fmt, ...) PRINTF_LIKE(2, 3);

#define ARENA_NEW(a, T) ((T *)arena_zalloc((a), sizeof(T)))
#define ARENA_ARRAY(a, T, n) ((T *)arena_zalloc((a), sizeof(T) * (size_t)(n)))

/* Vec: a growable array in an arena (old storage is abandoned in the arena when it grows).
 * Declare with VEC(T) and push with VEC_PUSH(arena, vec, value). */
#define VEC(T)                                                                                     \
    struct {                                                                                       \
        T *items;                                                                                  \
        uint32_t len, cap;                                                                         \
    }
#define VEC_PUSH(a, v, value)                                                                      \
    do {                                                                                           \
        if ((v).len == (v).cap) {                                                                  \
            uint32_t new_cap_ = (v).cap ? (v).cap * 2 : 8;                                         \
            void *new_items_ = arena_alloc((a), sizeof(*(v).items) * (size_t)new_cap_);            \
            if ((v).len)                                                                           \
                memcpy(new_items_, (v).items, sizeof(*(v).items) * (size_t)(v).len);               \
            (v).items = new_items_;                                                                \
            (v).cap = new_cap_;                                                                    \
        }                                                                                          \
        (v).items[(v).len++] = (value);                                                            \
    } while (0)

#endif
