/* checker_internal: state shared by checker.c and ctx.c, private to src/rules. */
#ifndef ASYNCREVIEW_RULES_CHECKER_INTERNAL_H
#define ASYNCREVIEW_RULES_CHECKER_INTERNAL_H

#include "rules/checker.h"

#include <string.h>

struct FindingList {
    VEC(Finding) items;
};

/* CxCache: per-file memo of sem_qualname / sem_type_of results keyed by expression (every rule asks
 * about the same call; resolving once per expression instead of once per rule). */
struct CxCache {
    Arena *arena;
    const void **keys; /* Expr* tagged with the query kind in the low bits */
    const char **vals;
    const void **scopes; /* the scope each answer was computed in */
    uint32_t cap, count;
};

struct CxCache *cx_cache_new(Arena *a);

#endif
