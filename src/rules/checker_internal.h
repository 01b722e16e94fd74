/* checker_internal: state shared by checker.c and ctx.c, private to src/rules. */
#ifndef ASYNCREVIEW_RULES_CHECKER_INTERNAL_H
#define ASYNCREVIEW_RULES_CHECKER_INTERNAL_H

#include "rules/checker.h"

#include <string.h>

struct FindingList {
    VEC(Finding) items;
};

/* CxMemo: pointer -> answer, open addressing in the file's arena (NULL answers are kept too). */
struct CxMemo {
    const void **keys;
    const void **vals;
    const void **scopes; /* what else the answer depends on (the scope it was computed in) */
    uint32_t cap, count;
};

/* CxCache: per-file memo of the answers every rule asks again (about the same call, each rule asks
 * for its target and the target's catalog entry): resolving once per expression instead of once
 * per rule. */
struct CxCache {
    Arena *arena;
    struct CxMemo exprs;   /* Expr* tagged with the query kind in the low bits -> qualname/type */
    struct CxMemo entries; /* qualified-name string -> its CatalogEntry */
    /* the last answer of each: the rules run one after another on a node and ask the same */
    const void *last_key, *last_scope;
    const char *last_val;
    const char *last_q;
    const CatalogEntry *last_entry;
};

struct CxCache *cx_cache_new(Arena *a);

#endif
