/* project: the cross-module index of functions and classes (see project.h).
 *
 * Summaries are made per file (in parallel, each in its own arena) from the file's semantic model;
 * project_add copies them into the index arena and its hash tables; project_finish resolves the
 * recorded calls to project functions and computes which sync functions block, by a breadth-first
 * search from the functions that make a blocking catalog call backwards along the call graph, so
 * each function gets the shortest chain and cycles are harmless. */
#include "analysis/project.h"
#include "base/hash.h"
#include "base/pool.h"

#include "analysis/catalog.h"
#include "base/strbuf.h"
#include "parse/visit.h"

#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* ---- qualname -> pointer table (heap arrays: it lives as long as the index) ---- */

struct ProjIndexTable {
    const char **keys;
    uint32_t *hashes;
    void **vals;
    uint32_t cap, count;
};

static struct ProjIndexTable *
ptable_new(uint32_t cap)
{
    struct ProjIndexTable *t = xcalloc(1, sizeof *t);
    t->cap = cap;
    t->keys = xcalloc(cap, sizeof *t->keys);
    t->hashes = xcalloc(cap, sizeof *t->hashes);
    t->vals = xcalloc(cap, sizeof *t->vals);
    return t;
}

static void
ptable_free(struct ProjIndexTable *t)
{
    if (!t)
        return;
    free(t->keys);
    free(t->hashes);
    free(t->vals);
    free(t);
}

/* ptable_slot: the slot holding key, or UINT32_MAX. */
static uint32_t
ptable_slot(const struct ProjIndexTable *t, const char *key)
{
    if (!t || !key)
        return UINT32_MAX;
    uint32_t h = hash_str(key), mask = t->cap - 1;
    for (uint32_t i = h & mask;; i = (i + 1) & mask) {
        if (!t->keys[i])
            return UINT32_MAX;
        if (t->hashes[i] == h && strcmp(t->keys[i], key) == 0)
            return i;
    }
}

static void *
ptable_get(const struct ProjIndexTable *t, const char *key)
{
    uint32_t i = ptable_slot(t, key);
    return i == UINT32_MAX ? NULL : t->vals[i];
}

static void ptable_put(struct ProjIndexTable *t, const char *key, void *val);

static void
ptable_grow(struct ProjIndexTable *t)
{
    struct ProjIndexTable old = *t;
    t->cap *= 2;
    t->count = 0;
    t->keys = xcalloc(t->cap, sizeof *t->keys);
    t->hashes = xcalloc(t->cap, sizeof *t->hashes);
    t->vals = xcalloc(t->cap, sizeof *t->vals);
    for (uint32_t i = 0; i < old.cap; i++)
        if (old.keys[i])
            ptable_put(t, old.keys[i], old.vals[i]);
    free(old.keys);
    free(old.hashes);
    free(old.vals);
}

/* ptable_put: inserts or replaces (the later definition of a qualified name wins, as in Python). */
static void
ptable_put(struct ProjIndexTable *t, const char *key, void *val)
{
    if ((t->count + 1) * 4 > t->cap * 3)
        ptable_grow(t);
    uint32_t h = hash_str(key), mask = t->cap - 1;
    uint32_t i = h & mask;
    for (; t->keys[i]; i = (i + 1) & mask)
        if (t->hashes[i] == h && strcmp(t->keys[i], key) == 0) {
            t->keys[i] = key;
            t->vals[i] = val;
            return;
        }
    t->keys[i] = key;
    t->hashes[i] = h;
    t->vals[i] = val;
    t->count++;
}

/* ---- module names from the layout on disk ---- */

static bool
has_init(const char *dir)
{
    size_t n = strlen(dir);
    char *p = xmalloc(n + sizeof "/__init__.pyi");
    memcpy(p, dir, n);
    memcpy(p + n, "/__init__.py", sizeof "/__init__.py");
    struct stat st;
    bool ok = stat(p, &st) == 0 && S_ISREG(st.st_mode);
    if (!ok) { /* stub-only packages */
        memcpy(p + n, "/__init__.pyi", sizeof "/__init__.pyi");
        ok = stat(p, &st) == 0 && S_ISREG(st.st_mode);
    }
    free(p);
    return ok;
}

/* project_module_name: see project.h. Directories are made absolute (realpath) so that "./x.py" and
 * "x.py" walk up past the current directory; a file outside any package is its own stem. */
char *
project_module_name(const char *path, bool *is_package_init)
{
    const char *slash = strrchr(path, '/');
    const char *base = slash ? slash + 1 : path;
    size_t blen = strlen(base);
    if (blen > 3 && strcmp(base + blen - 3, ".py") == 0)
        blen -= 3;
    else if (blen > 4 &&
             (strcmp(base + blen - 4, ".pyi") == 0 || strcmp(base + blen - 4, ".pyw") == 0))
        blen -= 4;
    bool init = blen == 8 && strncmp(base, "__init__", 8) == 0;
    if (is_package_init)
        *is_package_init = init;

    char *dir;
    if (!slash)
        dir = xstrdup(".");
    else if (slash == path)
        dir = xstrdup("/");
    else {
        dir = xmalloc((size_t)(slash - path) + 1);
        memcpy(dir, path, (size_t)(slash - path));
        dir[slash - path] = 0;
    }
    char *abs = realpath(dir, NULL);
    if (abs) {
        free(dir);
        dir = abs;
    }

    /* components, innermost first */
    StrBuf out = STRBUF_INIT;
    const char *parts[256];
    size_t lens[256];
    uint32_t n = 0;
    if (!init) {
        parts[n] = base;
        lens[n++] = blen;
    }
    size_t dlen = strlen(dir);
    while (n < ARRAY_LEN(parts) && dlen && !(dlen == 1 && dir[0] == '/')) {
        dir[dlen] = 0;
        if (!has_init(dir))
            break;
        char *s = strrchr(dir, '/');
        const char *name = s ? s + 1 : dir;
        if (!*name || strcmp(name, ".") == 0 || strcmp(name, "..") == 0)
            break;
        parts[n] = name;
        lens[n++] = strlen(name);
        if (!s)
            break;
        dlen = (size_t)(s - dir);
    }
    /* parts point into dir, which stays allocated (only NULs are written between them) */
    for (uint32_t i = n; i-- > 0;) {
        sb_add(&out, parts[i], lens[i]);
        if (i)
            sb_addc(&out, '.');
    }
    char *result = out.data ? sb_steal(&out) : xstrdup("");
    free(dir);
    return result;
}

/* ---- summaries ---- */

typedef struct ClassCtx {
    const Scope *scope;
    uint32_t index; /* into classes */
    VEC(const char *) methods;
} ClassCtx;

typedef struct SumBuilder {
    Arena *a;
    const Semantic *sm;
    const char *path, *module; /* copies in a */
    VEC(FuncInfo) funcs;
    VEC(ClassInfo) classes;
    VEC(ClassCtx) class_stack;
    /* call collection for one sync function */
    VEC(const Scope *) scopes;
    VEC(CallSite) calls;
} SumBuilder;

static uint32_t
line_of(const Semantic *sm, uint32_t off)
{
    return sm->lines ? lineindex_line(sm->lines, off) : 0;
}

static void
render_dotted(StrBuf *sb, const Expr *e)
{
    if (e->kind == E_Name) {
        sb_adds(sb, e->v.Name.id);
    } else if (e->kind == E_Attribute) {
        render_dotted(sb, e->v.Attribute.value);
        sb_addc(sb, '.');
        sb_adds(sb, e->v.Attribute.attr);
    } else if (e->kind == E_Call) {
        render_dotted(sb, e->v.Call.func);
        sb_adds(sb, "(...)");
    } else {
        sb_adds(sb, "?");
    }
}

/* expr_text: the source text of e, or a dotted rendering when the text is not available. */
static const char *
expr_text(SumBuilder *sb, const Expr *e)
{
    const LineIndex *li = sb->sm->lines;
    if (li && li->text && e->end <= li->len)
        return arena_strndup(sb->a, li->text + e->start, e->end - e->start);
    StrBuf buf = STRBUF_INIT;
    render_dotted(&buf, e);
    const char *r = arena_strdup(sb->a, sb_cstr(&buf));
    sb_free(&buf);
    return r;
}

static bool
trivial_stmt(const Stmt *s)
{
    switch (s->kind) {
    case S_Pass:
        return true;
    case S_Expr: {
        const Expr *e = s->v.Expr.value;
        return e->kind == E_Constant &&
               (e->v.Constant.kind == CONST_STR || e->v.Constant.kind == CONST_ELLIPSIS);
    }
    case S_Raise: {
        const Expr *e = s->v.Raise.exc;
        if (e && e->kind == E_Call)
            e = e->v.Call.func;
        return e && e->kind == E_Name && strcmp(e->v.Name.id, "NotImplementedError") == 0;
    }
    default:
        return false;
    }
}

static const Scope *
cur_scope(SumBuilder *sb)
{
    return sb->scopes.items[sb->scopes.len - 1];
}

static bool
is_comprehension(const Expr *e)
{
    return e->kind == E_ListComp || e->kind == E_SetComp || e->kind == E_DictComp ||
           e->kind == E_GeneratorExp;
}

static bool
calls_enter_expr(Visitor *v, const Expr *e)
{
    SumBuilder *sb = v->data;
    if (e->kind == E_Lambda)
        return false; /* runs when called, maybe elsewhere */
    if (is_comprehension(e)) {
        const Scope *s = sem_scope_of_node(sb->sm, e);
        VEC_PUSH(sb->a, sb->scopes, s ? s : cur_scope(sb));
        return true;
    }
    if (e->kind != E_Call)
        return true;
    const char *target = sem_call_target(sb->sm, cur_scope(sb), e);
    const CatalogEntry *ce = target ? catalog_lookup(target) : NULL;
    if (ce && (ce->flags & CATF_OFFLOAD)) {
        /* the callable handed to a thread (bare, in functools.partial or a lambda) does not run
         * here: skip that argument entirely */
        visit_expr(v, e->v.Call.func);
        for (uint32_t i = 0; i < e->v.Call.args.len; i++)
            if ((int)i != ce->offload_arg)
                visit_expr(v, e->v.Call.args.items[i]);
        for (uint32_t i = 0; i < e->v.Call.keywords.len; i++)
            visit_expr(v, e->v.Call.keywords.items[i]->value);
        return false;
    }
    if (target && (ce ? (ce->flags & CATF_BLOCKING) != 0 : strncmp(target, "builtins.", 9) != 0)) {
        CallSite cs = { arena_strdup(sb->a, target), line_of(sb->sm, e->start) };
        VEC_PUSH(sb->a, sb->calls, cs);
    }
    return true;
}

static void
calls_leave_expr(Visitor *v, const Expr *e)
{
    SumBuilder *sb = v->data;
    if (is_comprehension(e) && sb->scopes.len > 1)
        sb->scopes.len--;
}

static bool
calls_enter_stmt(Visitor *v, const Stmt *s)
{
    if (s->kind == S_FunctionDef || s->kind == S_AsyncFunctionDef) {
        /* decorators and defaults run here; the body does not */
        for (uint32_t i = 0; i < s->v.FunctionDef.decorator_list.len; i++)
            visit_expr(v, s->v.FunctionDef.decorator_list.items[i]);
        visit_arguments(v, s->v.FunctionDef.args);
        return false;
    }
    if (s->kind == S_ClassDef) {
        for (uint32_t i = 0; i < s->v.ClassDef.decorator_list.len; i++)
            visit_expr(v, s->v.ClassDef.decorator_list.items[i]);
        for (uint32_t i = 0; i < s->v.ClassDef.bases.len; i++)
            visit_expr(v, s->v.ClassDef.bases.items[i]);
        return false;
    }
    return true;
}

static void
collect_calls(SumBuilder *sb, const Stmt *fn, const Scope *scope, FuncInfo *fi)
{
    sb->scopes.len = 0;
    sb->calls.len = 0;
    sb->calls.cap = 0;
    sb->calls.items = NULL;
    VEC_PUSH(sb->a, sb->scopes, scope);
    Visitor v = { .enter_stmt = calls_enter_stmt,
                  .enter_expr = calls_enter_expr,
                  .leave_expr = calls_leave_expr,
                  .data = sb };
    visit_stmts(&v, fn->v.FunctionDef.body);
    fi->calls = sb->calls.items;
    fi->ncalls = sb->calls.len;
}

static void
summarize_function(SumBuilder *sb, const Stmt *s)
{
    const Scope *scope = sem_scope_of_node(sb->sm, s);
    if (!scope)
        return;
    FuncInfo fi = { 0 };
    fi.qualname = arena_strdup(sb->a, scope->qualname);
    fi.module = sb->module;
    fi.path = sb->path;
    fi.line = line_of(sb->sm, s->start);
    fi.is_async = scope->is_async;
    fi.is_generator = scope->is_generator;
    fi.is_method = scope->class_scope != NULL;

    ExprSeq decos = s->v.FunctionDef.decorator_list;
    fi.ndecorators = decos.len;
    fi.decorators = ARENA_ARRAY(sb->a, const char *, decos.len ? decos.len : 1);
    bool abstract = false;
    for (uint32_t i = 0; i < decos.len; i++) {
        const Expr *d = decos.items[i];
        const char *q = sem_qualname(sb->sm, scope->parent, d->kind == E_Call ? d->v.Call.func : d);
        fi.decorators[i] = q ? arena_strdup(sb->a, q) : expr_text(sb, d);
        const char *last = strrchr(fi.decorators[i], '.');
        last = last ? last + 1 : fi.decorators[i];
        abstract |= strcmp(last, "abstractmethod") == 0;
    }
    if (!abstract) {
        abstract = true;
        for (uint32_t i = 0; i < s->v.FunctionDef.body.len && abstract; i++)
            abstract = trivial_stmt(s->v.FunctionDef.body.items[i]);
    }
    fi.is_abstract = abstract;
    if (!fi.is_async)
        collect_calls(sb, s, scope, &fi);
    VEC_PUSH(sb->a, sb->funcs, fi);

    if (fi.is_method && sb->class_stack.len) {
        ClassCtx *cc = &sb->class_stack.items[sb->class_stack.len - 1];
        if (cc->scope == scope->class_scope)
            VEC_PUSH(sb->a, cc->methods, arena_strdup(sb->a, s->v.FunctionDef.name));
    }
}

static bool
sum_enter_stmt(Visitor *v, const Stmt *s)
{
    SumBuilder *sb = v->data;
    if (s->kind == S_FunctionDef || s->kind == S_AsyncFunctionDef) {
        summarize_function(sb, s);
    } else if (s->kind == S_ClassDef) {
        const Scope *scope = sem_scope_of_node(sb->sm, s);
        if (!scope)
            return false;
        ClassInfo ci = { 0 };
        ci.qualname = arena_strdup(sb->a, scope->qualname);
        ExprSeq bases = s->v.ClassDef.bases;
        ci.bases = ARENA_ARRAY(sb->a, const char *, bases.len ? bases.len : 1);
        for (uint32_t i = 0; i < bases.len; i++) {
            const Expr *e = bases.items[i];
            if (e->kind == E_Subscript)
                e = e->v.Subscript.value;
            const char *q = sem_qualname(sb->sm, scope->parent, e);
            if (q)
                ci.bases[ci.nbases++] = arena_strdup(sb->a, q);
        }
        ClassCtx cc = { scope, sb->classes.len, { 0 } };
        VEC_PUSH(sb->a, sb->classes, ci);
        VEC_PUSH(sb->a, sb->class_stack, cc);
    }
    return true;
}

static void
sum_leave_stmt(Visitor *v, const Stmt *s)
{
    SumBuilder *sb = v->data;
    if (s->kind != S_ClassDef || !sb->class_stack.len)
        return;
    ClassCtx *cc = &sb->class_stack.items[--sb->class_stack.len];
    ClassInfo *ci = &sb->classes.items[cc->index];
    ci->methods = cc->methods.items;
    ci->nmethods = cc->methods.len;
    for (uint32_t i = 0; i < ci->nmethods; i++) {
        const char *m = ci->methods[i];
        ci->has_aclose |=
            strcmp(m, "aclose") == 0 || strcmp(m, "close") == 0 || strcmp(m, "__aexit__") == 0;
    }
}

static bool
sum_enter_expr(Visitor *v, const Expr *e)
{
    (void)v;
    (void)e;
    return false; /* no def or class lives inside an expression */
}

/* project_summarize: see project.h. Everything in the summary is allocated in `a` (the file's AST
 * and semantic model may be freed before project_add). Reads sm->lines for line numbers and
 * decorator text when set. */
FileSummary *
project_summarize(Arena *a, const Semantic *sm, const char *path)
{
    SumBuilder sb = { .a = a,
                      .sm = sm,
                      .path = arena_strdup(a, path ? path : ""),
                      .module = arena_strdup(a, sm->module_name ? sm->module_name : "") };
    Visitor v = { .enter_stmt = sum_enter_stmt,
                  .leave_stmt = sum_leave_stmt,
                  .enter_expr = sum_enter_expr,
                  .data = &sb };
    if (sm->mod)
        visit_module(&v, sm->mod);
    FileSummary *fs = ARENA_NEW(a, FileSummary);
    fs->path = sb.path;
    fs->module = sb.module;
    fs->funcs = sb.funcs.items;
    fs->nfuncs = sb.funcs.len;
    fs->classes = sb.classes.items;
    fs->nclasses = sb.classes.len;
    return fs;
}

/* ---- the index ---- */

/* project_new: an empty index; free with project_free. */
ProjectIndex *
project_new(void)
{
    ProjectIndex *idx = xcalloc(1, sizeof *idx);
    arena_init(&idx->arena, 0);
    idx->funcs = ptable_new(1024);
    idx->classes = ptable_new(256);
    return idx;
}

static const char **
copy_strs(Arena *a, const char *const *src, uint32_t n)
{
    const char **dst = ARENA_ARRAY(a, const char *, n ? n : 1);
    for (uint32_t i = 0; i < n; i++)
        dst[i] = arena_strdup(a, src[i]);
    return dst;
}

/* project_add: copies fs (made in a per-file arena) into the index. Not thread-safe: add summaries
 * from one thread. */
void
project_add(ProjectIndex *idx, const FileSummary *fs)
{
    Arena *a = &idx->arena;
    const char *path = arena_strdup(a, fs->path ? fs->path : "");
    const char *module = arena_strdup(a, fs->module ? fs->module : "");
    for (uint32_t i = 0; i < fs->nfuncs; i++) {
        const FuncInfo *src = &fs->funcs[i];
        FuncInfo *fi = ARENA_NEW(a, FuncInfo);
        *fi = *src;
        fi->qualname = arena_strdup(a, src->qualname);
        fi->module = module;
        fi->path = path;
        fi->decorators = copy_strs(a, src->decorators, src->ndecorators);
        fi->calls = ARENA_ARRAY(a, CallSite, src->ncalls ? src->ncalls : 1);
        for (uint32_t j = 0; j < src->ncalls; j++) {
            fi->calls[j].callee = arena_strdup(a, src->calls[j].callee);
            fi->calls[j].line = src->calls[j].line;
        }
        fi->blocks = false;
        fi->blocking_call = NULL;
        fi->blocks_via = NULL;
        ptable_put(idx->funcs, fi->qualname, fi);
    }
    for (uint32_t i = 0; i < fs->nclasses; i++) {
        const ClassInfo *src = &fs->classes[i];
        ClassInfo *ci = ARENA_NEW(a, ClassInfo);
        *ci = *src;
        ci->qualname = arena_strdup(a, src->qualname);
        ci->bases = copy_strs(a, src->bases, src->nbases);
        ci->methods = copy_strs(a, src->methods, src->nmethods);
        ptable_put(idx->classes, ci->qualname, ci);
    }
    idx->nfuncs = idx->funcs->count;
    idx->nclasses = idx->classes->count;
}

enum { TARGET_NONE = -1, TARGET_CATALOG = -2 };

/* resolve_callee: the slot of the sync project function a call goes to, or TARGET_*. A method named
 * through a class that does not define it ("pkg.Sub.run", inherited) is looked up in the bases. */
static int64_t
resolve_callee(const ProjectIndex *idx, const char *callee)
{
    const CatalogEntry *ce = catalog_lookup(callee);
    /* a helper stalls the loop through real I/O waits; a thread lock taken in a sync helper guards
     * a short critical section and an os.path/pathlib query is quick, so neither makes it
     * "blocking" (and the chain looks further for a real read) */
    if (ce)
        return (ce->flags & CATF_BLOCKING) && ce->block != BLK_SYNC_PRIMITIVE &&
                       ce->block != BLK_PATH
                   ? TARGET_CATALOG
                   : TARGET_NONE;
    uint32_t slot = ptable_slot(idx->funcs, callee);
    if (slot == UINT32_MAX) {
        const char *dot = strrchr(callee, '.');
        if (!dot)
            return TARGET_NONE;
        char *cls = xmalloc((size_t)(dot - callee) + 1);
        memcpy(cls, callee, (size_t)(dot - callee));
        cls[dot - callee] = 0;
        const FuncInfo *fi =
            ptable_get(idx->classes, cls) ? project_find_method(idx, cls, dot + 1) : NULL;
        free(cls);
        if (!fi)
            return TARGET_NONE;
        slot = ptable_slot(idx->funcs, fi->qualname);
        if (slot == UINT32_MAX)
            return TARGET_NONE;
    }
    const FuncInfo *fi = idx->funcs->vals[slot];
    return fi->is_async ? TARGET_NONE : (int64_t)slot; /* calling an async def runs nothing */
}

/* project_finish: links calls to project functions and computes blocks / blocking_call / blocks_via
 * with the shortest chain for every function. Call once, after every project_add. */
#define RESOLVE_CHUNKS 64

typedef struct ResolveJob {
    const ProjectIndex *idx;
    const uint32_t *first; /* call offsets per slot */
    int64_t *target;       /* out: resolve_callee of each call site */
    uint32_t per_chunk, cap;
} ResolveJob;

static void
resolve_chunk(void *ctx, size_t chunk)
{
    ResolveJob *rj = ctx;
    const struct ProjIndexTable *t = rj->idx->funcs;
    uint32_t lo = (uint32_t)chunk * rj->per_chunk;
    uint32_t hi = lo + rj->per_chunk < rj->cap ? lo + rj->per_chunk : rj->cap;
    for (uint32_t i = lo; i < hi; i++) {
        const FuncInfo *fi = t->keys[i] ? t->vals[i] : NULL;
        for (uint32_t j = 0; fi && j < fi->ncalls; j++)
            rj->target[rj->first[i] + j] = resolve_callee(rj->idx, fi->calls[j].callee);
    }
}

void
project_finish(ProjectIndex *idx)
{
    struct ProjIndexTable *t = idx->funcs;
    uint32_t cap = t->cap;
    uint32_t *first = xcalloc((size_t)cap + 1, sizeof *first); /* call offsets per slot */
    for (uint32_t i = 0; i < cap; i++) {
        const FuncInfo *fi = t->keys[i] ? t->vals[i] : NULL;
        first[i + 1] = first[i] + (fi ? fi->ncalls : 0);
    }
    uint32_t ncalls = first[cap];
    int64_t *target = xmalloc(sizeof *target * (ncalls ? ncalls : 1));
    uint32_t *indeg = xcalloc((size_t)cap + 1, sizeof *indeg);
    uint32_t *dist = xmalloc(sizeof *dist * (cap ? cap : 1));
    uint32_t *queue = xmalloc(sizeof *queue * (cap ? cap : 1));
    uint32_t qn = 0;
    /* resolving every call site is the costly part and reads the index only: done in parallel */
    ResolveJob rj = { idx, first, target, (cap + RESOLVE_CHUNKS - 1) / RESOLVE_CHUNKS, cap };
    pool_run(RESOLVE_CHUNKS, 0, resolve_chunk, &rj);
    for (uint32_t i = 0; i < cap; i++) {
        dist[i] = UINT32_MAX;
        const FuncInfo *fi = t->keys[i] ? t->vals[i] : NULL;
        if (!fi)
            continue;
        bool direct = false;
        for (uint32_t j = 0; j < fi->ncalls; j++) {
            int64_t tg = target[first[i] + j];
            if (tg >= 0)
                indeg[tg]++;
            direct |= tg == TARGET_CATALOG;
        }
        if (direct) {
            dist[i] = 1;
            queue[qn++] = i;
        }
    }
    /* reverse edges (callee -> callers), compressed */
    uint32_t *rstart = xcalloc((size_t)cap + 1, sizeof *rstart);
    for (uint32_t i = 0; i < cap; i++)
        rstart[i + 1] = rstart[i] + indeg[i];
    uint32_t *rfill = xmalloc(sizeof *rfill * (cap ? cap : 1));
    memcpy(rfill, rstart, sizeof *rfill * cap);
    uint32_t *callers = xmalloc(sizeof *callers * (rstart[cap] ? rstart[cap] : 1));
    for (uint32_t i = 0; i < cap; i++)
        for (uint32_t k = first[i]; k < first[i + 1]; k++)
            if (target[k] >= 0)
                callers[rfill[target[k]]++] = i;

    for (uint32_t qi = 0; qi < qn; qi++) { /* breadth first: shortest chains */
        uint32_t g = queue[qi];
        for (uint32_t k = rstart[g]; k < rstart[g + 1]; k++) {
            uint32_t f = callers[k];
            if (dist[f] == UINT32_MAX) {
                dist[f] = dist[g] + 1;
                queue[qn++] = f;
            }
        }
    }
    for (uint32_t i = 0; i < cap; i++) {
        FuncInfo *fi = t->keys[i] ? t->vals[i] : NULL;
        if (!fi)
            continue;
        fi->blocks = false;
        fi->blocking_call = NULL;
        fi->blocks_via = NULL;
        if (dist[i] == UINT32_MAX)
            continue;
        /* the first call of the body that starts a shortest chain */
        for (uint32_t j = 0; j < fi->ncalls; j++) {
            int64_t tg = target[first[i] + j];
            if (dist[i] == 1 ? tg == TARGET_CATALOG : (tg >= 0 && dist[tg] == dist[i] - 1)) {
                fi->blocks = true;
                fi->blocking_call = &fi->calls[j];
                fi->blocks_via = tg >= 0 ? t->vals[tg] : NULL;
                break;
            }
        }
    }
    free(first);
    free(target);
    free(indeg);
    free(dist);
    free(queue);
    free(rstart);
    free(rfill);
    free(callers);
}

/* project_free: releases the index and everything in it. */
void
project_free(ProjectIndex *idx)
{
    if (!idx)
        return;
    ptable_free(idx->funcs);
    ptable_free(idx->classes);
    arena_free(&idx->arena);
    free(idx);
}

/* project_find_func: see project.h. */
const FuncInfo *
project_find_func(const ProjectIndex *idx, const char *qualname)
{
    return idx ? ptable_get(idx->funcs, qualname) : NULL;
}

/* project_find_class: see project.h. */
const ClassInfo *
project_find_class(const ProjectIndex *idx, const char *qualname)
{
    return idx ? ptable_get(idx->classes, qualname) : NULL;
}

/* project_find_method: see project.h. */
const FuncInfo *
project_find_method(const ProjectIndex *idx, const char *class_qualname, const char *method)
{
    if (!idx || !class_qualname || !method)
        return NULL;
    enum { QMAX = 128 };
    const char *queue[QMAX];
    uint32_t n = 1;
    queue[0] = class_qualname;
    StrBuf name = STRBUF_INIT;
    const FuncInfo *found = NULL;
    for (uint32_t i = 0; i < n && !found; i++) {
        sb_clear(&name);
        sb_printf(&name, "%s.%s", queue[i], method);
        found = ptable_get(idx->funcs, sb_cstr(&name));
        const ClassInfo *ci = ptable_get(idx->classes, queue[i]);
        for (uint32_t j = 0; ci && j < ci->nbases && n < QMAX; j++) {
            bool seen = false;
            for (uint32_t k = 0; k < n && !seen; k++)
                seen = strcmp(queue[k], ci->bases[j]) == 0;
            if (!seen)
                queue[n++] = ci->bases[j];
        }
    }
    sb_free(&name);
    return found;
}

/* project_blocking_chain: see project.h. */
const char *
project_blocking_chain(Arena *a, const FuncInfo *fn)
{
    if (!fn || !fn->blocks)
        return NULL;
    StrBuf sb = STRBUF_INIT;
    const FuncInfo *f = fn;
    for (int guard = 0; f && guard < 10000; guard++) {
        const char *dot = strrchr(f->qualname, '.');
        sb_printf(&sb, "%s() -> ", dot ? dot + 1 : f->qualname);
        if (!f->blocks_via) {
            const char *callee = f->blocking_call ? f->blocking_call->callee : "?";
            if (strncmp(callee, "builtins.", 9) == 0)
                callee += 9;
            sb_printf(&sb, "%s()", callee);
            break;
        }
        f = f->blocks_via;
    }
    const char *r = arena_strdup(a, sb_cstr(&sb));
    sb_free(&sb);
    return r;
}
