/* ctx: what a rule can ask of the checker while it runs (RuleCtx queries) and how it reports. */
#include "rules/checker_internal.h"

#include "base/strbuf.h"

#include <stdarg.h>
#include <stdio.h>

/* The memos' slow paths stay out of line, so that their fast paths need no register saving. */
#define NOINLINE __attribute__((noinline))

static Finding *report_range(RuleCtx *cx, uint32_t start, uint32_t end, const char *fmt, va_list ap)
    PRINTF_LIKE(4, 0);

static Finding *
report_range(RuleCtx *cx, uint32_t start, uint32_t end, const char *fmt, va_list ap)
{
    StrBuf sb = STRBUF_INIT;
    sb_vprintf(&sb, fmt, ap);
    const LineIndex *li = &cx->pf->lines;
    if (end < start)
        end = start;
    Finding f = {
        .rule = cx->rule,
        .severity = cx->rule->severity,
        .start = start,
        .end = end,
        .line = lineindex_line(li, start),
        .col = lineindex_char_col(li, start) + 1,
        .end_line = lineindex_line(li, end),
        .end_col = lineindex_char_col(li, end) + 1,
        .message = arena_strndup(cx->out_arena, sb_cstr(&sb), sb.len),
        .why = cx->rule->why,
        .fix = FIX_NONE,
    };
    sb_free(&sb);
    VEC_PUSH(cx->out_arena, cx->out->items, f);
    return &cx->out->items.items[cx->out->items.len - 1];
}

Finding *
rule_report(RuleCtx *cx, uint32_t start, uint32_t end, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    Finding *f = report_range(cx, start, end, fmt, ap);
    va_end(ap);
    return f;
}

Finding *
rule_report_expr(RuleCtx *cx, const Expr *e, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    Finding *f = report_range(cx, e->start, e->end, fmt, ap);
    va_end(ap);
    return f;
}

Finding *
rule_report_stmt(RuleCtx *cx, const Stmt *s, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    Finding *f = report_range(cx, s->start, s->end, fmt, ap);
    va_end(ap);
    return f;
}

void
finding_why(RuleCtx *cx, Finding *f, const char *fmt, ...)
{
    StrBuf sb = STRBUF_INIT;
    va_list ap;
    va_start(ap, fmt);
    sb_vprintf(&sb, fmt, ap);
    va_end(ap);
    f->why = arena_strndup(cx->out_arena, sb_cstr(&sb), sb.len);
    sb_free(&sb);
}

void
finding_fix_title(RuleCtx *cx, Finding *f, const char *fmt, ...)
{
    StrBuf sb = STRBUF_INIT;
    va_list ap;
    va_start(ap, fmt);
    sb_vprintf(&sb, fmt, ap);
    va_end(ap);
    f->fix_title = arena_strndup(cx->out_arena, sb_cstr(&sb), sb.len);
    sb_free(&sb);
}

/* The start of the line holding off, and the end (before '\n') of the line holding off. */
static uint32_t
line_start_of(const ParsedFile *pf, uint32_t off)
{
    return lineindex_line_start(&pf->lines, lineindex_line(&pf->lines, off));
}

static uint32_t
line_end_of(const ParsedFile *pf, uint32_t off)
{
    uint32_t line = lineindex_line(&pf->lines, off);
    return lineindex_line_start(&pf->lines, line) + lineindex_line_len(&pf->lines, line);
}

const char *
cx_indent(RuleCtx *cx, uint32_t off)
{
    uint32_t s = line_start_of(cx->pf, off), e = s;
    const char *text = cx->pf->src.text;
    while (e < cx->pf->src.len && (text[e] == ' ' || text[e] == '\t'))
        e++;
    return arena_strndup(cx->out_arena, text + s, e - s);
}

void
finding_suggest(RuleCtx *cx, Finding *f, uint32_t start, uint32_t end, const char *code)
{
    if (end > start && cx->pf->src.text[end - 1] == '\n')
        end--;
    uint32_t s = line_start_of(cx->pf, start);
    uint32_t e = line_end_of(cx->pf, end > start ? end - 1 : start);
    const char *indent = cx_indent(cx, start);
    StrBuf sb = STRBUF_INIT;
    for (const char *p = code; *p;) {
        const char *nl = strchr(p, '\n');
        size_t n = nl ? (size_t)(nl - p) : strlen(p);
        if (n)
            sb_adds(&sb, indent);
        sb_add(&sb, p, n);
        if (!nl)
            break;
        sb_addc(&sb, '\n');
        p = nl + 1;
    }
    f->suggestion = arena_strndup(cx->out_arena, sb_cstr(&sb), sb.len);
    f->sugg_start = s;
    f->sugg_end = e;
    sb_free(&sb);
}

void
finding_edit(RuleCtx *cx, Finding *f, uint32_t start, uint32_t end, const char *text)
{
    Edit *edits = arena_alloc(cx->out_arena, sizeof(Edit) * (f->nedits + 1));
    if (f->nedits)
        memcpy(edits, f->edits, sizeof(Edit) * f->nedits);
    edits[f->nedits++] = (Edit){ start, end, arena_strdup(cx->out_arena, text) };
    f->edits = edits;
    if (f->fix == FIX_NONE)
        f->fix = cx->rule->fix == FIX_NONE ? FIX_UNSAFE : cx->rule->fix;
}

const char *
cx_text(RuleCtx *cx, uint32_t start, uint32_t end)
{
    if (end > cx->pf->src.len)
        end = cx->pf->src.len;
    if (start > end)
        start = end;
    return arena_strndup(cx->out_arena, cx->pf->src.text + start, end - start);
}

const char *
cx_expr_text(RuleCtx *cx, const Expr *e)
{
    return cx_text(cx, e->start, e->end);
}

static void
memo_init(Arena *a, struct CxMemo *m, uint32_t cap)
{
    m->cap = cap;
    m->count = 0;
    m->keys = arena_zalloc(a, sizeof(*m->keys) * cap);
    m->vals = arena_alloc(a, sizeof(*m->vals) * cap);
    m->scopes = arena_alloc(a, sizeof(*m->scopes) * cap);
}

struct CxCache *
cx_cache_new(Arena *a)
{
    struct CxCache *c = arena_zalloc(a, sizeof *c);
    c->arena = a; /* the memos are sized for the file on first use */
    return c;
}

static uint32_t
memo_cap(size_t n, uint32_t min)
{
    uint32_t cap = min;
    while (cap < n && cap < (1u << 28))
        cap *= 2;
    return cap;
}

/* The memos are sized on first use for the file: about a call per 90 bytes of source in the
 * stdlib's and async projects' files (growing rehashes; zeroing too much costs as much). */
static void
size_memos(RuleCtx *cx, struct CxCache *c)
{
    memo_init(c->arena, &c->exprs, memo_cap(cx->pf->src.len / 64, 64));
    memo_init(c->arena, &c->entries, memo_cap(cx->pf->src.len / 256, 32));
}

static uint32_t
cache_hash(const void *key)
{
    uintptr_t k = (uintptr_t)key;
    k ^= k >> 17;
    k *= UINT64_C(0xed5ad4bb);
    k ^= k >> 11;
    return (uint32_t)k;
}

/* Looks key up; returns the slot index, with *found telling whether it holds key. */
static uint32_t
memo_slot(const struct CxMemo *m, const void *key, bool *found)
{
    uint32_t mask = m->cap - 1;
    for (uint32_t i = cache_hash(key) & mask;; i = (i + 1) & mask) {
        if (m->keys[i] == key) {
            *found = true;
            return i;
        }
        if (!m->keys[i]) {
            *found = false;
            return i;
        }
    }
}

static void
memo_put(Arena *a, struct CxMemo *m, const void *key, const void *scope, const void *val)
{
    if ((m->count + 1) * 2 > m->cap) {
        struct CxMemo old = *m;
        memo_init(a, m, old.cap * 2);
        for (uint32_t i = 0; i < old.cap; i++)
            if (old.keys[i])
                memo_put(a, m, old.keys[i], old.scopes[i], old.vals[i]);
    }
    bool found;
    uint32_t i = memo_slot(m, key, &found);
    if (!found)
        m->count++;
    m->keys[i] = key;
    m->vals[i] = val;
    m->scopes[i] = scope;
}

/* The memo's path: a probe, and the semantic model's answer on a miss. Kept out of line so that
 * the usual answer (the one the previous rule asked for) costs no register saving. */
static NOINLINE const char *
cached_slow(RuleCtx *cx, struct CxCache *c, const Expr *e, uintptr_t kind)
{
    const void *key = (const void *)((uintptr_t)e | kind);
    bool found;
    uint32_t i = memo_slot(&c->exprs, key, &found);
    const char *v;
    if (found && c->exprs.scopes[i] == cx->scope) {
        v = c->exprs.vals[i];
    } else {
        v = kind == 1 ? sem_qualname(cx->sm, cx->scope, e) : sem_type_of(cx->sm, cx->scope, e);
        memo_put(c->arena, &c->exprs, key, cx->scope, v);
    }
    c->last_key = key;
    c->last_scope = cx->scope;
    c->last_val = v;
    return v;
}

/* Memoised query: kind 1 = qualified name, 2 = type. The scope is implied by the expression (one
 * expression lives in one scope), so the expression alone is the key. */
static inline const char *
cached(RuleCtx *cx, const Expr *e, uintptr_t kind)
{
    struct CxCache *c = cx->cache;
    if (!c)
        return kind == 1 ? sem_qualname(cx->sm, cx->scope, e) : sem_type_of(cx->sm, cx->scope, e);
    if ((const void *)((uintptr_t)e | kind) == c->last_key && cx->scope == c->last_scope)
        return c->last_val;
    if (!c->exprs.cap)
        size_memos(cx, c);
    return cached_slow(cx, c, e, kind);
}

static NOINLINE const CatalogEntry *
catalog_slow(struct CxCache *c, const char *q)
{
    bool found;
    uint32_t i = memo_slot(&c->entries, q, &found);
    const CatalogEntry *e;
    if (found) {
        e = c->entries.vals[i];
    } else {
        e = catalog_lookup(q);
        memo_put(c->arena, &c->entries, q, NULL, e);
    }
    c->last_q = q;
    c->last_entry = e;
    return e;
}

const CatalogEntry *
cx_catalog(RuleCtx *cx, const char *q)
{
    struct CxCache *c = cx->cache;
    if (!q)
        return NULL;
    if (!c)
        return catalog_lookup(q);
    if (q == c->last_q)
        return c->last_entry;
    if (!c->exprs.cap)
        size_memos(cx, c);
    return catalog_slow(c, q);
}

const char *
cx_qualname(RuleCtx *cx, const Expr *e)
{
    return cached(cx, e, 1);
}

const char *
cx_call_target(RuleCtx *cx, const Expr *call)
{
    return call->kind == E_Call ? cached(cx, call->v.Call.func, 1) : NULL;
}

const char *
cx_type_of(RuleCtx *cx, const Expr *e)
{
    return cached(cx, e, 2);
}

const Scope *
cx_function(RuleCtx *cx)
{
    return sem_enclosing_function(cx->scope);
}

const void *
cx_parent(RuleCtx *cx, uint32_t up, bool *is_stmt)
{
    if (up >= cx->depth)
        return NULL;
    const NodeRef *ref = &cx->stack[cx->depth - 1 - up];
    if (is_stmt)
        *is_stmt = ref->is_stmt;
    return ref->node;
}

const Stmt *
cx_parent_stmt(RuleCtx *cx)
{
    for (uint32_t i = cx->depth; i-- > 0;)
        if (cx->stack[i].is_stmt)
            return cx->stack[i].node;
    return NULL;
}

const char *
cx_func_name(RuleCtx *cx)
{
    const Scope *fn = cx_function(cx);
    return fn && fn->stmt ? fn->stmt->v.FunctionDef.name : "<module>";
}

uint32_t
cx_line(RuleCtx *cx, uint32_t off)
{
    return lineindex_line(&cx->pf->lines, off);
}

const char *
cx_framework_module(RuleCtx *cx)
{
    /* `import asyncio as aio`: suggestions say `aio.sleep(...)` */
    const char *fw = framework_name(cx->fw);
    const Scope *mod = cx->sm->module_scope;
    for (uint32_t i = 0; i < mod->bindings.len; i++) {
        const Binding *b = mod->bindings.items[i];
        if (b->kind == BIND_IMPORT && b->qualname && !strcmp(b->qualname, fw))
            return b->name;
    }
    return fw;
}
