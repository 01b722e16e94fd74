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
#include "parse/parser.h"
#include "parse/visit.h"

#include <pthread.h>

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

/* ---- module names for a whole tree ---- */

typedef struct DirPrefix {
    char *dir;    /* as given (the text before the last '/' of a path) */
    char *prefix; /* its package prefix: "pkg.sub", or "" outside any package */
} DirPrefix;

struct ModuleNamer {
    DirPrefix *items;
    uint32_t n, cap; /* open addressing on dir */
    /* project_module_name's two costs, once per directory of the tree instead of once per
     * directory and ancestor: real paths (by the directory as written; NULL where realpath fails)
     * and package prefixes (by real path), their strings in `arena` */
    struct ProjIndexTable *reals, *prefixes;
    Arena arena;
};

/* module_namer_new: see project.h. */
ModuleNamer *
module_namer_new(void)
{
    ModuleNamer *mn = xcalloc(1, sizeof *mn);
    mn->cap = 64;
    mn->items = xcalloc(mn->cap, sizeof *mn->items);
    mn->reals = ptable_new(64);
    mn->prefixes = ptable_new(64);
    arena_init(&mn->arena, 0);
    return mn;
}

/* A directory path s[0..n) copied into the namer's arena and split at its last '/': `name` follows
 * the slash (the whole text without one), `parent_len` is the length before it (0: none). */
typedef struct DirSplit {
    const char *text;
    const char *name;
    size_t parent_len;
    bool plain; /* name is not "", "." or ".." */
} DirSplit;

static DirSplit
dir_split(Arena *a, const char *s, size_t n)
{
    DirSplit d = { arena_strndup(a, s, n), NULL, 0, false };
    const char *slash = strrchr(d.text, '/');
    d.name = slash ? slash + 1 : d.text;
    d.parent_len = slash ? (size_t)(slash - d.text) : 0;
    d.plain = *d.name && strcmp(d.name, ".") != 0 && strcmp(d.name, "..") != 0;
    return d;
}

/* namer_real: realpath() of the directory dir[0..n) (n > 0), or NULL. A directory that is not a
 * symbolic link is its parent's real path and its own name: one lstat instead of a realpath's
 * readlink of every component. */
static const char *
namer_real(ModuleNamer *mn, const char *dir, size_t n)
{
    DirSplit d = dir_split(&mn->arena, dir, n);
    uint32_t known = ptable_slot(mn->reals, d.text);
    if (known != UINT32_MAX)
        return mn->reals->vals[known];
    const char *real = NULL;
    if (d.parent_len && d.plain) {
        const char *parent = namer_real(mn, d.text, d.parent_len);
        struct stat st;
        if (parent && lstat(d.text, &st) == 0 && !S_ISLNK(st.st_mode))
            real = arena_join_sep(&mn->arena, strcmp(parent, "/") ? parent : "", '/', d.name);
    }
    if (!real) {
        char *resolved = realpath(d.text, NULL);
        real = resolved ? arena_strdup(&mn->arena, resolved) : NULL;
        free(resolved);
    }
    ptable_put(mn->reals, d.text, (void *)real);
    return real;
}

/* namer_prefix: the package prefix of the real directory real[0..n) as project_module_name walks
 * it up ("pkg.sub" while each directory has an __init__, "" outside any package), memoised. */
static const char *
namer_prefix(ModuleNamer *mn, const char *real, size_t n)
{
    DirSplit d = dir_split(&mn->arena, real, n);
    const char *prefix = ptable_get(mn->prefixes, d.text);
    if (prefix)
        return prefix;
    prefix = "";
    if (n && !(n == 1 && d.text[0] == '/') && d.plain && has_init(d.text)) {
        const char *above = d.parent_len ? namer_prefix(mn, d.text, d.parent_len) : "";
        prefix = *above ? arena_join_sep(&mn->arena, above, '.', d.name) : d.name;
    }
    ptable_put(mn->prefixes, d.text, (void *)prefix);
    return prefix;
}

static DirPrefix *
namer_slot(ModuleNamer *mn, const char *dir, size_t n)
{
    uint32_t mask = mn->cap - 1;
    for (uint32_t i = hash_bytes(dir, n) & mask;; i = (i + 1) & mask)
        if (!mn->items[i].dir || (strncmp(mn->items[i].dir, dir, n) == 0 && !mn->items[i].dir[n]))
            return &mn->items[i];
}

/* module_namer_name: see project.h. The package prefix of a file's directory is what
 * project_module_name computes for a file named "x" in it, minus the "x". */
char *
module_namer_name(ModuleNamer *mn, const char *path, bool *is_package_init)
{
    const char *slash = strrchr(path, '/');
    size_t dlen = slash ? (size_t)(slash - path) : 0;
    const char *base = slash ? slash + 1 : path;
    DirPrefix *dp = namer_slot(mn, path, dlen);
    if (!dp->dir) {
        if ((mn->n + 1) * 2 > mn->cap) {
            DirPrefix *old = mn->items;
            uint32_t old_cap = mn->cap;
            mn->cap *= 2;
            mn->items = xcalloc(mn->cap, sizeof *mn->items);
            for (uint32_t i = 0; i < old_cap; i++)
                if (old[i].dir)
                    *namer_slot(mn, old[i].dir, strlen(old[i].dir)) = old[i];
            free(old);
            dp = namer_slot(mn, path, dlen);
        }
        const char *real = dlen ? namer_real(mn, path, dlen) : NULL;
        uint32_t depth = 0;
        for (const char *c = real; c && *c; c++)
            depth += *c == '/';
        char *full;
        if (real && depth < 200) { /* project_module_name stops after 255 packages */
            full = xstrdup(namer_prefix(mn, real, strlen(real)));
        } else {
            StrBuf probe = STRBUF_INIT;
            sb_add(&probe, path, slash ? dlen + 1 : 0);
            sb_adds(&probe, "x.py");
            full = project_module_name(sb_cstr(&probe), NULL);
            sb_free(&probe);
            size_t flen = strlen(full); /* "pkg.sub.x" or "x" */
            full[flen > 2 ? flen - 2 : 0] = '\0';
            if (flen == 1)
                full[0] = '\0';
        }
        dp->dir = xmalloc(dlen + 1);
        memcpy(dp->dir, path, dlen);
        dp->dir[dlen] = '\0';
        dp->prefix = full;
        mn->n++;
    }
    size_t blen = strlen(base);
    if (blen > 3 && strcmp(base + blen - 3, ".py") == 0)
        blen -= 3;
    else if (blen > 4 &&
             (strcmp(base + blen - 4, ".pyi") == 0 || strcmp(base + blen - 4, ".pyw") == 0))
        blen -= 4;
    bool init = blen == 8 && strncmp(base, "__init__", 8) == 0;
    if (is_package_init)
        *is_package_init = init;
    StrBuf out = STRBUF_INIT;
    sb_adds(&out, dp->prefix);
    if (!init) {
        if (*dp->prefix)
            sb_addc(&out, '.');
        sb_add(&out, base, blen);
    }
    return out.data ? sb_steal(&out) : xstrdup("");
}

/* module_namer_free: see project.h. */
void
module_namer_free(ModuleNamer *mn)
{
    if (!mn)
        return;
    for (uint32_t i = 0; i < mn->cap; i++) {
        free(mn->items[i].dir);
        free(mn->items[i].prefix);
    }
    free(mn->items);
    ptable_free(mn->reals);
    ptable_free(mn->prefixes);
    arena_free(&mn->arena);
    free(mn);
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
    /* calls left for later (summarize's lazy_calls): each function's def, by calls_seq */
    bool lazy_calls;
    VEC(const Stmt *) defs;
} SumBuilder;

/* FuncInfo.calls_state */
enum { CALLS_READY = 0, CALLS_PENDING = 1 };

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
    fi.calls_seq = sb->funcs.len;
    if (sb->lazy_calls) {
        VEC_PUSH(sb->a, sb->defs, s);
        fi.calls_state = fi.is_async ? CALLS_READY : CALLS_PENDING;
    } else if (!fi.is_async) {
        collect_calls(sb, s, scope, &fi);
    }
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

/* The module's import bindings that stay bound to the end of the module, and its star imports
 * (legal only at module level). */
static void
summarize_aliases(SumBuilder *sb, FileSummary *fs)
{
    const Scope *ms = sb->sm->module_scope;
    VEC(ModuleAlias) aliases = { 0 };
    for (uint32_t i = 0; ms && i < ms->bindings.len; i++) {
        const Binding *b = ms->bindings.items[i];
        if ((b->kind != BIND_IMPORT && b->kind != BIND_FROM_IMPORT) || !b->qualname)
            continue;
        if (sem_lookup_str(sb->sm, ms, b->name, UINT32_MAX) != b)
            continue; /* rebound later (`fetch = wrap(fetch)`): not what importers get */
        ModuleAlias al = { arena_strdup(sb->a, b->name), arena_strdup(sb->a, b->qualname) };
        VEC_PUSH(sb->a, aliases, al);
    }
    VEC(const char *) stars = { 0 };
    for (uint32_t i = 0; i < sb->sm->imports.len; i++) {
        const ImportInfo *im = &sb->sm->imports.items[i];
        const Stmt *s = im->stmt;
        if (s->kind != S_ImportFrom || !im->module)
            continue;
        for (uint32_t k = 0; k < s->v.ImportFrom.names.len; k++)
            if (!strcmp(s->v.ImportFrom.names.items[k]->name, "*")) {
                VEC_PUSH(sb->a, stars, arena_strdup(sb->a, im->module));
                break;
            }
    }
    fs->aliases = aliases.items;
    fs->naliases = aliases.len;
    fs->stars = stars.items;
    fs->nstars = stars.len;
}

/* summarize: project_summarize; with lazy_calls, sync functions are left CALLS_PENDING and *defs
 * gets each function's def statement by calls_seq (in `a`), for collect_calls later. */
static FileSummary *
summarize(Arena *a, const Semantic *sm, const char *path, bool lazy_calls, const Stmt ***defs,
          uint32_t *ndefs)
{
    SumBuilder sb = { .a = a,
                      .sm = sm,
                      .path = arena_strdup(a, path ? path : ""),
                      .module = arena_strdup(a, sm->module_name ? sm->module_name : ""),
                      .lazy_calls = lazy_calls };
    Visitor v = { .enter_stmt = sum_enter_stmt,
                  .leave_stmt = sum_leave_stmt,
                  .enter_expr = sum_enter_expr,
                  .data = &sb };
    if (sm->mod)
        visit_module(&v, sm->mod);
    FileSummary *fs = ARENA_NEW(a, FileSummary);
    summarize_aliases(&sb, fs);
    fs->path = sb.path;
    fs->module = sb.module;
    fs->funcs = sb.funcs.items;
    fs->nfuncs = sb.funcs.len;
    fs->classes = sb.classes.items;
    fs->nclasses = sb.classes.len;
    if (defs) {
        *defs = sb.defs.items;
        *ndefs = sb.defs.len;
    }
    return fs;
}

/* project_summarize: see project.h. Everything in the summary is allocated in `a` (the file's AST
 * and semantic model may be freed before project_add). Reads sm->lines for line numbers and
 * decorator text when set. */
FileSummary *
project_summarize(Arena *a, const Semantic *sm, const char *path)
{
    return summarize(a, sm, path, false, NULL, NULL);
}

/* ---- the lazy index ---- */

enum { MOD_UNLOADED, MOD_LOADING, MOD_LOADED };

typedef struct ProjFile {
    const char *path;
    const char *module;
    bool is_init;
    /* A summary made from a checker's parse leaves the calls of its sync functions for later
     * (most are never asked for): `lazy` is that summary, `lazy_arena` holds the calls worked out
     * since, and `calls_busy` (under load_mu) marks one thread working them out. */
    FileSummary *lazy;
    Arena lazy_arena;
    bool calls_busy;
} ProjFile;

/* A set of names by hash (a false "maybe" costs only a load). */
typedef struct NameSet {
    uint32_t *slots; /* 0: empty */
    uint32_t cap, count;
} NameSet;

static uint32_t
name_hash(const char *s, size_t n)
{
    uint32_t h = hash_bytes(s, n);
    return h ? h : 1;
}

static void
nameset_add(Arena *a, NameSet *set, const char *s, size_t n)
{
    if ((set->count + 1) * 2 > set->cap) {
        uint32_t *old = set->slots, old_cap = set->cap;
        set->cap = set->cap ? set->cap * 2 : 16;
        set->slots = ARENA_ARRAY(a, uint32_t, set->cap);
        set->count = 0;
        for (uint32_t i = 0; i < old_cap; i++)
            if (old[i]) {
                uint32_t j = old[i] & (set->cap - 1);
                while (set->slots[j])
                    j = (j + 1) & (set->cap - 1);
                set->slots[j] = old[i];
                set->count++;
            }
    }
    uint32_t h = name_hash(s, n), mask = set->cap - 1;
    uint32_t i = h & mask;
    for (; set->slots[i]; i = (i + 1) & mask)
        if (set->slots[i] == h)
            return;
    set->slots[i] = h;
    set->count++;
}

static bool
nameset_has(const NameSet *set, const char *s, size_t n)
{
    if (!set->cap)
        return false;
    uint32_t h = name_hash(s, n), mask = set->cap - 1;
    for (uint32_t i = h & mask; set->slots[i]; i = (i + 1) & mask)
        if (set->slots[i] == h)
            return true;
    return false;
}

/* One module name and the files that define it (usually one; two scripts named alike in different
 * folders share a name). Its tables are written by the one thread that loads it and are read-only
 * once `state` is MOD_LOADED (published with a release store, read with an acquire load). */
typedef struct ModEntry {
    const char *name;
    uint32_t hash;
    uint32_t *files; /* indices into ProjectIndex.files, in walk order */
    uint32_t nfiles, files_cap;
    uint8_t state;
    Arena arena; /* summaries */
    struct ProjIndexTable *funcs, *classes;
    struct ProjIndexTable *aliases; /* name -> target (const char *) */
    VEC(const char *) stars;
    /* What the files' skims say the module defines (project_set_exports), when all its files were
     * skimmed: a module-level function is one of `functions`, a class (outside any def) one of
     * `class_paths` ("Outer.Inner"), a method or nested def is under one of those, a def's locals
     * under a def or class; only an `imported` name (or any, with a star import) is a re-export.
     * Other names need no loading. */
    uint32_t nexport_files;
    NameSet functions, class_paths, imported;
    bool has_star;
} ModEntry;

/* Answers already given, keyed by (which, qualname): the rules ask the same names again and again,
 * and a name no module defines costs a search through re-exports. Sharded, one lock each. */
enum { MEMO_SHARDS = 64 };

typedef struct MemoSlot {
    const char *key; /* in the shard's arena; NULL: empty */
    uint32_t hash;
    uint8_t which;
    void *val;
} MemoSlot;

typedef struct MemoShard {
    pthread_mutex_t mu;
    MemoSlot *slots;
    uint32_t cap, count;
    Arena arena;
} MemoShard;

struct ProjectIndex {
    Arena arena; /* module names and paths (written before lookups start) */
    MemoShard memo[MEMO_SHARDS];
    ProjFile *files;
    uint32_t nfiles, files_cap;
    uint32_t nextra;      /* summaries added with project_add, ordered after the files */
    ModEntry **mods;      /* open addressing by name */
    uint32_t *mod_hashes; /* mods[i]'s name hash: a probe reads no entry that cannot match */
    uint32_t mods_cap, nmods;
    pthread_mutex_t load_mu; /* with load_cv: module state changes */
    pthread_cond_t load_cv;
    pthread_mutex_t closure_mu; /* FuncInfo blocking fields */
    pthread_mutex_t exports_mu; /* project_set_exports, called from the skimming threads */
    NameSet async_names;        /* project_add_async_name: the names */
    NameSet async_holders;      /* and their dotted prefixes (modules, classes holding one) */
    bool async_known;
    uint32_t loaded_files; /* atomic counters, for --stats */
    uint64_t loaded_bytes;
};

/* project_new: see project.h. */
ProjectIndex *
project_new(void)
{
    ProjectIndex *idx = xcalloc(1, sizeof *idx);
    arena_init(&idx->arena, 0);
    idx->mods_cap = 64;
    idx->mods = xcalloc(idx->mods_cap, sizeof *idx->mods);
    idx->mod_hashes = xcalloc(idx->mods_cap, sizeof *idx->mod_hashes);
    pthread_mutex_init(&idx->load_mu, NULL);
    pthread_cond_init(&idx->load_cv, NULL);
    pthread_mutex_init(&idx->closure_mu, NULL);
    pthread_mutex_init(&idx->exports_mu, NULL);
    for (int i = 0; i < MEMO_SHARDS; i++) {
        pthread_mutex_init(&idx->memo[i].mu, NULL);
        arena_init(&idx->memo[i].arena, 16 * 1024);
    }
    return idx;
}

static bool
memo_get(ProjectIndex *idx, const char *key, size_t n, uint32_t h, int which, void **val)
{
    MemoShard *sh = &idx->memo[h % MEMO_SHARDS];
    bool found = false;
    pthread_mutex_lock(&sh->mu);
    if (sh->cap) {
        uint32_t mask = sh->cap - 1;
        for (uint32_t i = (h / MEMO_SHARDS) & mask; sh->slots[i].key; i = (i + 1) & mask) {
            MemoSlot *sl = &sh->slots[i];
            if (sl->hash == h && sl->which == which && !strncmp(sl->key, key, n) && !sl->key[n]) {
                *val = sl->val;
                found = true;
                break;
            }
        }
    }
    pthread_mutex_unlock(&sh->mu);
    return found;
}

static void
memo_insert(MemoShard *sh, MemoSlot slot)
{
    uint32_t mask = sh->cap - 1;
    uint32_t i = (slot.hash / MEMO_SHARDS) & mask;
    while (sh->slots[i].key)
        i = (i + 1) & mask;
    sh->slots[i] = slot;
}

static void
memo_put(ProjectIndex *idx, const char *key, size_t n, uint32_t h, int which, void *val)
{
    MemoShard *sh = &idx->memo[h % MEMO_SHARDS];
    pthread_mutex_lock(&sh->mu);
    if ((sh->count + 1) * 2 > sh->cap) {
        MemoSlot *old = sh->slots;
        uint32_t old_cap = sh->cap;
        sh->cap = sh->cap ? sh->cap * 2 : 64;
        sh->slots = xcalloc(sh->cap, sizeof *sh->slots);
        for (uint32_t i = 0; i < old_cap; i++)
            if (old[i].key)
                memo_insert(sh, old[i]);
        free(old);
    }
    /* another thread may have put the same answer meanwhile: a duplicate is harmless */
    memo_insert(sh, (MemoSlot){ arena_strndup(&sh->arena, key, n), h, (uint8_t)which, val });
    sh->count++;
    pthread_mutex_unlock(&sh->mu);
}

/* find_mod: the entry named s[0..n), or NULL. Reads only what is fixed before lookups start. */
static ModEntry *
find_mod(const ProjectIndex *idx, const char *s, size_t n)
{
    uint32_t h = hash_bytes(s, n), mask = idx->mods_cap - 1;
    for (uint32_t i = h & mask;; i = (i + 1) & mask) {
        ModEntry *m = idx->mods[i];
        if (!m)
            return NULL;
        if (idx->mod_hashes[i] == h && strncmp(m->name, s, n) == 0 && m->name[n] == '\0')
            return m;
    }
}

static void
insert_mod(ProjectIndex *idx, ModEntry *m)
{
    uint32_t mask = idx->mods_cap - 1;
    uint32_t i = m->hash & mask;
    while (idx->mods[i])
        i = (i + 1) & mask;
    idx->mods[i] = m;
    idx->mod_hashes[i] = m->hash;
}

static ModEntry *
get_or_add_mod(ProjectIndex *idx, const char *name)
{
    size_t n = strlen(name);
    ModEntry *m = find_mod(idx, name, n);
    if (m)
        return m;
    if ((idx->nmods + 1) * 2 > idx->mods_cap) {
        ModEntry **old = idx->mods;
        uint32_t old_cap = idx->mods_cap;
        idx->mods_cap *= 2;
        idx->mods = xcalloc(idx->mods_cap, sizeof *idx->mods);
        free(idx->mod_hashes);
        idx->mod_hashes = xcalloc(idx->mods_cap, sizeof *idx->mod_hashes);
        for (uint32_t i = 0; i < old_cap; i++)
            if (old[i])
                insert_mod(idx, old[i]);
        free(old);
    }
    m = xcalloc(1, sizeof *m);
    m->name = arena_strndup(&idx->arena, name, n);
    m->hash = hash_bytes(name, n);
    arena_init(&m->arena, 16 * 1024);
    insert_mod(idx, m);
    idx->nmods++;
    return m;
}

/* project_add_file: see project.h. */
void
project_add_file(ProjectIndex *idx, const char *path, const char *module, bool is_init)
{
    if (idx->nfiles == idx->files_cap) {
        idx->files_cap = idx->files_cap ? idx->files_cap * 2 : 64;
        idx->files = xrealloc(idx->files, sizeof *idx->files * idx->files_cap);
    }
    uint32_t fi = idx->nfiles++;
    ModEntry *m = get_or_add_mod(idx, module ? module : "");
    idx->files[fi] = (ProjFile){ .path = arena_strdup(&idx->arena, path),
                                 .module = m->name,
                                 .is_init = is_init };
    if (m->nfiles == m->files_cap) {
        m->files_cap = m->files_cap ? m->files_cap * 2 : 1;
        m->files = xrealloc(m->files, sizeof *m->files * m->files_cap);
    }
    m->files[m->nfiles++] = fi;
}

/* Adds a summary's functions and classes to m's tables (the later definition of a name wins). */
static void
insert_summary(ModEntry *m, FileSummary *fs, uint32_t order)
{
    /* the tables of a module are made when it is first loaded: most registered modules never are */
    if (!m->funcs) {
        m->funcs = ptable_new(16);
        m->classes = ptable_new(8);
        m->aliases = ptable_new(8);
    }
    for (uint32_t i = 0; i < fs->nfuncs; i++) {
        FuncInfo *fi = &fs->funcs[i];
        fi->order = order;
        fi->blocks = false;
        fi->blocking_call = NULL;
        fi->blocks_via = NULL;
        fi->chain_len = 0;
        fi->closure_done = fi->is_async; /* an async def blocks nothing by being called */
        ptable_put(m->funcs, fi->qualname, fi);
    }
    for (uint32_t i = 0; i < fs->nclasses; i++) {
        fs->classes[i].order = order;
        ptable_put(m->classes, fs->classes[i].qualname, &fs->classes[i]);
    }
    for (uint32_t i = 0; i < fs->naliases; i++)
        ptable_put(m->aliases, fs->aliases[i].name, (void *)fs->aliases[i].target);
    for (uint32_t i = 0; i < fs->nstars; i++)
        VEC_PUSH(&m->arena, m->stars, fs->stars[i]);
}

static const char **
copy_strs(Arena *a, const char *const *src, uint32_t n)
{
    const char **dst = ARENA_ARRAY(a, const char *, n ? n : 1);
    for (uint32_t i = 0; i < n; i++)
        dst[i] = arena_strdup(a, src[i]);
    return dst;
}

/* project_add: see project.h. */
void
project_add(ProjectIndex *idx, const FileSummary *src)
{
    ModEntry *m = get_or_add_mod(idx, src->module ? src->module : "");
    Arena *a = &m->arena;
    FileSummary *fs = ARENA_NEW(a, FileSummary);
    fs->path = arena_strdup(a, src->path ? src->path : "");
    fs->module = m->name;
    fs->nfuncs = src->nfuncs;
    fs->funcs = ARENA_ARRAY(a, FuncInfo, src->nfuncs ? src->nfuncs : 1);
    for (uint32_t i = 0; i < src->nfuncs; i++) {
        const FuncInfo *sf = &src->funcs[i];
        FuncInfo *fi = &fs->funcs[i];
        *fi = *sf;
        fi->qualname = arena_strdup(a, sf->qualname);
        fi->module = fs->module;
        fi->path = fs->path;
        fi->decorators = copy_strs(a, sf->decorators, sf->ndecorators);
        fi->calls = ARENA_ARRAY(a, CallSite, sf->ncalls ? sf->ncalls : 1);
        for (uint32_t j = 0; j < sf->ncalls; j++) {
            fi->calls[j].callee = arena_strdup(a, sf->calls[j].callee);
            fi->calls[j].line = sf->calls[j].line;
        }
    }
    fs->nclasses = src->nclasses;
    fs->classes = ARENA_ARRAY(a, ClassInfo, src->nclasses ? src->nclasses : 1);
    for (uint32_t i = 0; i < src->nclasses; i++) {
        const ClassInfo *sc = &src->classes[i];
        ClassInfo *ci = &fs->classes[i];
        *ci = *sc;
        ci->qualname = arena_strdup(a, sc->qualname);
        ci->bases = copy_strs(a, sc->bases, sc->nbases);
        ci->methods = copy_strs(a, sc->methods, sc->nmethods);
    }
    fs->naliases = src->naliases;
    fs->aliases = ARENA_ARRAY(a, ModuleAlias, src->naliases ? src->naliases : 1);
    for (uint32_t i = 0; i < src->naliases; i++)
        fs->aliases[i] = (ModuleAlias){ arena_strdup(a, src->aliases[i].name),
                                        arena_strdup(a, src->aliases[i].target) };
    fs->nstars = src->nstars;
    fs->stars = copy_strs(a, src->stars, src->nstars);
    insert_summary(m, fs, UINT32_MAX / 2 + idx->nextra++);
    m->state = MOD_LOADED;
}

/* summarize_file: the registered file read, parsed and summarised (calls collected) into `out`, or
 * NULL; *nread is the bytes read, SIZE_MAX when the file cannot be read. */
static FileSummary *
summarize_file(Arena *out, const ProjFile *pfile, size_t *nread)
{
    char reason[256];
    size_t n = 0;
    char *raw = source_read_file(pfile->path, &n, reason, sizeof reason);
    *nread = raw ? n : SIZE_MAX;
    if (!raw)
        return NULL;
    Arena ast_arena;
    arena_init(&ast_arena, 256 * 1024);
    FileSummary *fs = NULL;
    ParsedFile pf;
    if (parse_source(&pf, &ast_arena, pfile->path, raw, n) == 0) {
        Semantic *sm = sem_build_summary(&ast_arena, pf.mod, pfile->module, pfile->is_init);
        sm->lines = &pf.lines;
        fs = project_summarize(out, sm, pfile->path);
    }
    arena_free(&ast_arena);
    free(raw);
    return fs;
}

/* Reads, parses and summarises one registered file into m's arena and tables. */
static void
load_file(ProjectIndex *idx, ModEntry *m, uint32_t file)
{
    size_t n;
    FileSummary *fs = summarize_file(&m->arena, &idx->files[file], &n);
    if (n == SIZE_MAX)
        return;
    if (fs)
        insert_summary(m, fs, file);
    __atomic_add_fetch(&idx->loaded_files, 1, __ATOMIC_RELAXED);
    __atomic_add_fetch(&idx->loaded_bytes, (uint64_t)n, __ATOMIC_RELAXED);
}

/* The parse the calling thread is checking (project_offer): if this thread needs that module, its
 * summary is made from this tree instead of a second read and parse of the file. */
typedef struct Offer {
    const ProjectIndex *idx;
    uint32_t file;
    const Module *mod;
    const LineIndex *lines;
    /* once summarised: the summary model and the def of each function, kept while the offer
     * stands, so that a function's calls are collected from this tree when first needed */
    Arena sem_arena;
    const Semantic *sm;
    const Stmt **defs;
    uint32_t ndefs;
} Offer;
static _Thread_local Offer offer;

/* Summarises the offered tree into m (which the caller has claimed), leaving the calls of its
 * functions for ensure_calls. */
static void
summarize_offer(ProjectIndex *idx, ModEntry *m)
{
    ProjFile *pfile = &idx->files[offer.file];
    if (!offer.sm) {
        arena_init(&offer.sem_arena, 64 * 1024);
        Semantic *sm = sem_build_summary(&offer.sem_arena, offer.mod, m->name, pfile->is_init);
        sm->lines = offer.lines;
        offer.sm = sm;
    }
    FileSummary *fs = summarize(&m->arena, offer.sm, pfile->path, true, &offer.defs, &offer.ndefs);
    arena_init(&pfile->lazy_arena, 16 * 1024);
    pfile->lazy = fs;
    insert_summary(m, fs, offer.file);
}

/* calls_by_reparse: the pending calls of file pf's lazy summary, from a new parse of the file
 * (the checker that offered its tree has moved on, or another thread asks). */
static void
calls_by_reparse(ProjFile *pf)
{
    FileSummary *lazy = pf->lazy;
    Arena scratch;
    arena_init(&scratch, 64 * 1024);
    size_t n;
    FileSummary *full = summarize_file(&scratch, pf, &n);
    if (full && full->nfuncs != lazy->nfuncs)
        full = NULL; /* the file changed since */
    for (uint32_t i = 0; i < lazy->nfuncs; i++) {
        FuncInfo *f = &lazy->funcs[i];
        if (f->calls_state == CALLS_READY)
            continue;
        const FuncInfo *g = full ? &full->funcs[i] : NULL;
        if (g && !strcmp(g->qualname, f->qualname) && g->ncalls) {
            CallSite *calls = ARENA_ARRAY(&pf->lazy_arena, CallSite, g->ncalls);
            for (uint32_t j = 0; j < g->ncalls; j++)
                calls[j] = (CallSite){ arena_strdup(&pf->lazy_arena, g->calls[j].callee),
                                       g->calls[j].line };
            f->calls = calls;
            f->ncalls = g->ncalls;
        }
        __atomic_store_n(&f->calls_state, CALLS_READY, __ATOMIC_RELEASE);
    }
    arena_free(&scratch);
}

/* ensure_loaded: m's tables are complete when this returns. One thread loads a module; others
 * asking meanwhile wait for it. Loading never waits for anything, so this cannot deadlock. */
static void
ensure_loaded(ProjectIndex *idx, ModEntry *m)
{
    if (__atomic_load_n(&m->state, __ATOMIC_ACQUIRE) == MOD_LOADED)
        return;
    /* under the lock too, state is read and written atomically: the check above reads it
     * without the lock */
    pthread_mutex_lock(&idx->load_mu);
    while (__atomic_load_n(&m->state, __ATOMIC_RELAXED) == MOD_LOADING)
        pthread_cond_wait(&idx->load_cv, &idx->load_mu);
    if (__atomic_load_n(&m->state, __ATOMIC_RELAXED) == MOD_LOADED) {
        pthread_mutex_unlock(&idx->load_mu);
        return;
    }
    __atomic_store_n(&m->state, MOD_LOADING, __ATOMIC_RELAXED);
    pthread_mutex_unlock(&idx->load_mu);
    if (offer.idx == idx && m->nfiles == 1 && m->files[0] == offer.file)
        summarize_offer(idx, m);
    else
        for (uint32_t i = 0; i < m->nfiles; i++)
            load_file(idx, m, m->files[i]);
    pthread_mutex_lock(&idx->load_mu);
    __atomic_store_n(&m->state, MOD_LOADED, __ATOMIC_RELEASE);
    pthread_cond_broadcast(&idx->load_cv);
    pthread_mutex_unlock(&idx->load_mu);
}

/* may_define: whether module m, as its skims describe it, may define `rest` (the qualified name
 * without the module's) as a function (which 0) or a class (1): a class is one of its class paths;
 * a function is a module-level def, or a method of one of its classes; a def's or method's locals
 * ("f.<locals>.g") lie under a def or class named by the first component. */
static bool
may_define(const ModEntry *m, const char *rest, int which)
{
    size_t len = strlen(rest), first = strcspn(rest, ".");
    if (strstr(rest, ".<locals>."))
        return nameset_has(&m->functions, rest, first) || nameset_has(&m->class_paths, rest, first);
    if (which)
        return nameset_has(&m->class_paths, rest, len);
    const char *dot = strrchr(rest, '.');
    return dot ? nameset_has(&m->class_paths, rest, (size_t)(dot - rest))
               : nameset_has(&m->functions, rest, len);
}

/* lookup: the definition of qualname in `which` (0 functions, 1 classes). A qualified name starts
 * with the name of the module that defines it, so the candidates are the modules named by each
 * dotted prefix (and the unnamed module of files outside any package); among several definitions
 * the one from the file latest in walk order wins. */
/* direct: the definition of qualname in the modules named by its prefixes (the latest in walk
 * order), without following re-exports. */
static void *
direct(ProjectIndex *idx, const char *qualname, size_t len, int which)
{
    void *best = NULL;
    uint32_t best_order = 0;
    for (size_t i = 0; i < len; i++) {
        if (i && qualname[i] != '.')
            continue;
        ModEntry *m = find_mod(idx, qualname, i);
        if (!m)
            continue;
        if (m->nexport_files == m->nfiles && m->nfiles &&
            !may_define(m, qualname + (i ? i + 1 : 0), which))
            continue; /* nothing of that kind can be defined there: nothing to load */
        ensure_loaded(idx, m);
        void *v = ptable_get(which ? m->classes : m->funcs, qualname);
        if (!v)
            continue;
        uint32_t order = which ? ((ClassInfo *)v)->order : ((FuncInfo *)v)->order;
        if (!best || order > best_order) {
            best = v;
            best_order = order;
        }
    }
    return best;
}

enum { REEXPORT_MAX = 48 }; /* names tried per lookup through re-exports */

/* lookup: the definition of qualname in `which` (0 functions, 1 classes). A qualified name starts
 * with the name of the module that defines it, so the candidates are the modules named by each
 * dotted prefix (and the unnamed module of files outside any package); among several definitions
 * the one from the file latest in walk order wins. When no module defines it, the name is followed
 * through re-exports (module-level imports and star imports of the module named by the longest
 * prefix first), each rewritten name tried once, in a fixed order: the answer does not depend on
 * what was loaded before. */
/* What a lookup looks for: LOOKUP_METHOD is a function defined under exactly that name (a class's
 * own method), without following re-exports. */
enum { LOOKUP_FUNC = 0, LOOKUP_CLASS = 1, LOOKUP_METHOD = 2 };

static void *lookup_uncached(ProjectIndex *idx, const char *qualname, size_t len, int which);

static void *
lookup(const ProjectIndex *cidx, const char *qualname, int which)
{
    if (!cidx || !qualname)
        return NULL;
    ProjectIndex *idx = (ProjectIndex *)cidx; /* loading on demand does not change any answer */
    size_t len = strlen(qualname);
    uint32_t h = hash_bytes(qualname, len);
    void *best = NULL;
    if (memo_get(idx, qualname, len, h, which, &best))
        return best;
    if (which == LOOKUP_CLASS && find_mod(idx, qualname, len))
        best = NULL; /* a project module: `pkg.mod` names the module, whatever pkg re-exports */
    else
        best = which == LOOKUP_METHOD ? direct(idx, qualname, len, 0)
                                      : lookup_uncached(idx, qualname, len, which);
    memo_put(idx, qualname, len, h, which, best);
    return best;
}

/* may_reexport: whether module m may bind `name` (name[0..n)) through an import: unknown exports,
 * an import binding of that name, or a star import. */
static bool
may_reexport(const ModEntry *m, const char *name, size_t n)
{
    if (m->nexport_files != m->nfiles || !m->nfiles)
        return true;
    return m->has_star || nameset_has(&m->imported, name, n);
}

/* submodule_name: whether the name after q's first `prefix` bytes (the `nlen` bytes after the
 * dot) is a project module of its own, "pkg.sub": as an attribute of pkg that is the submodule
 * once imported, whatever pkg's __init__ binds under the name, so pkg's re-exports of it are not
 * followed. */
static bool
submodule_name(const ProjectIndex *idx, const char *q, size_t prefix, size_t nlen)
{
    return find_mod(idx, q, prefix + 1 + nlen) != NULL;
}

static void *
lookup_uncached(ProjectIndex *idx, const char *qualname, size_t len, int which)
{
    void *best = direct(idx, qualname, len, which);
    /* the catalog knows library names better than a library's own re-exports (`trio.sleep` is
     * trio._timeouts.sleep when trio itself is checked) */
    if (best || catalog_lookup(qualname))
        return best;
    /* most names no module re-exports: settle that before any copying */
    bool any = false;
    for (size_t i = len; i-- > 0 && !any;) {
        if (qualname[i] != '.')
            continue;
        const ModEntry *m = find_mod(idx, qualname, i);
        const char *rest = qualname + i + 1;
        size_t nlen = strcspn(rest, ".");
        any = m && !submodule_name(idx, qualname, i, nlen) && may_reexport(m, rest, nlen);
    }
    if (!any)
        return NULL;
    char *tried[REEXPORT_MAX];
    uint32_t tried_hash[REEXPORT_MAX];
    uint32_t ntried = 0, next = 0;
    tried_hash[ntried] = hash_bytes(qualname, len);
    tried[ntried++] = xstrdup(qualname);
    while (next < ntried && !best) {
        const char *q = tried[next++];
        size_t qlen = strlen(q);
        if (next > 1 && (best = direct(idx, q, qlen, which)))
            break;
        for (size_t i = qlen; i-- > 0;) {
            if (q[i] != '.')
                continue;
            ModEntry *m = find_mod(idx, q, i);
            if (!m)
                continue;
            const char *rest = q + i + 1; /* "name" or "name.attr..." */
            size_t nlen = strcspn(rest, "."), rlen = qlen - i - 1;
            if (submodule_name(idx, q, i, nlen) || !may_reexport(m, rest, nlen))
                continue; /* no import binds that name there: nothing to load */
            ensure_loaded(idx, m);
            const char *target = NULL;
            char name[256];
            if (nlen < sizeof name) {
                memcpy(name, rest, nlen);
                name[nlen] = '\0';
                target = ptable_get(m->aliases, name);
            }
            for (uint32_t k = 0; k <= m->stars.len && ntried < REEXPORT_MAX; k++) {
                /* the rewritten name: target + what follows the name, or star module + rest */
                const char *head = k == 0 ? target : m->stars.items[k - 1];
                if (!head)
                    continue;
                size_t hlen = strlen(head);
                const char *tail = k == 0 ? rest + nlen : rest;
                size_t tlen = k == 0 ? rlen - nlen : rlen;
                char *cand = xmalloc(hlen + tlen + 2);
                memcpy(cand, head, hlen);
                size_t cl = hlen;
                if (k)
                    cand[cl++] = '.';
                memcpy(cand + cl, tail, tlen);
                cl += tlen;
                cand[cl] = '\0';
                uint32_t h = hash_bytes(cand, cl);
                bool seen = false;
                for (uint32_t t = 0; t < ntried && !seen; t++)
                    seen = tried_hash[t] == h && !strcmp(tried[t], cand);
                if (seen) {
                    free(cand);
                    continue;
                }
                tried_hash[ntried] = h;
                tried[ntried++] = cand;
            }
        }
    }
    for (uint32_t t = 0; t < ntried; t++)
        free(tried[t]);
    return best;
}

/* project_find_func: see project.h. */
const FuncInfo *
project_find_func(const ProjectIndex *idx, const char *qualname)
{
    return lookup(idx, qualname, LOOKUP_FUNC);
}

/* project_find_class: see project.h. */
const ClassInfo *
project_find_class(const ProjectIndex *idx, const char *qualname)
{
    return lookup(idx, qualname, LOOKUP_CLASS);
}

/* project_find_method: see project.h. The class is looked up through re-exports and its methods
 * under the name it is defined with; a name that is not a project class (a module, a library
 * class) gets only a direct definition, so `pkg.func` through `pkg`'s re-exports is not a
 * "method" and keeps the name the code wrote. */
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
    size_t mlen = strlen(method);
    for (uint32_t i = 0; i < n && !found; i++) {
        const ClassInfo *ci = lookup(idx, queue[i], LOOKUP_CLASS);
        const char *cls = ci ? ci->qualname : queue[i];
        size_t clen = strlen(cls);
        char buf[256]; /* most "Class.method" names: no allocation */
        if (clen + mlen + 2 <= sizeof buf) {
            memcpy(buf, cls, clen);
            buf[clen] = '.';
            memcpy(buf + clen + 1, method, mlen + 1);
            found = lookup(idx, buf, LOOKUP_METHOD);
        } else {
            sb_clear(&name);
            sb_printf(&name, "%s.%s", cls, method);
            found = lookup(idx, sb_cstr(&name), LOOKUP_METHOD);
        }
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

/* project_set_exports: see project.h. */
void
project_set_exports(ProjectIndex *idx, uint32_t file, const ModuleExports *ex)
{
    if (!idx || file >= idx->nfiles)
        return;
    ModEntry *m = find_mod(idx, idx->files[file].module, strlen(idx->files[file].module));
    if (!m)
        return;
    /* in the index's own arena: a module's arena would take a whole chunk for a few names */
    pthread_mutex_lock(&idx->exports_mu);
    for (uint32_t i = 0; i < ex->nfunctions; i++)
        nameset_add(&idx->arena, &m->functions, ex->functions[i], strlen(ex->functions[i]));
    for (uint32_t i = 0; i < ex->nclasses; i++)
        nameset_add(&idx->arena, &m->class_paths, ex->classes[i], strlen(ex->classes[i]));
    for (uint32_t i = 0; i < ex->nimported; i++)
        nameset_add(&idx->arena, &m->imported, ex->imported[i], strlen(ex->imported[i]));
    m->has_star |= ex->has_star;
    m->nexport_files++;
    pthread_mutex_unlock(&idx->exports_mu);
}

/* project_add_async_name: see project.h. */
void
project_add_async_name(ProjectIndex *idx, const char *name)
{
    size_t n = strlen(name);
    nameset_add(&idx->arena, &idx->async_names, name, n);
    for (size_t i = 1; i < n; i++)
        if (name[i] == '.')
            nameset_add(&idx->arena, &idx->async_holders, name, i);
    idx->async_known = true;
}

/* project_async_related: see project.h. */
bool
project_async_related(const ProjectIndex *idx, const char *qualname)
{
    if (!idx || !qualname)
        return false;
    size_t n = strlen(qualname);
    if (nameset_has(&idx->async_holders, qualname, n))
        return true;
    for (size_t i = 1; i <= n; i++)
        if ((i == n || qualname[i] == '.') && nameset_has(&idx->async_names, qualname, i))
            return true;
    return false;
}

/* project_may_hold_async: see project.h. */
bool
project_may_hold_async(const ProjectIndex *idx, const char *qualname)
{
    return idx && (!idx->async_known || project_async_related(idx, qualname));
}

/* project_async_known: see project.h. */
bool
project_async_known(const ProjectIndex *idx)
{
    return idx && idx->async_known;
}

/* project_file_module: see project.h. */
const char *
project_file_module(const ProjectIndex *idx, uint32_t file, bool *is_init)
{
    if (!idx || file >= idx->nfiles)
        return NULL;
    if (is_init)
        *is_init = idx->files[file].is_init;
    return idx->files[file].module;
}

/* project_offer: see project.h. */
void
project_offer(const ProjectIndex *idx, uint32_t file, const Module *mod, const LineIndex *lines)
{
    if (offer.sm)
        arena_free(&offer.sem_arena);
    if (!idx || file >= idx->nfiles || !mod)
        offer = (Offer){ 0 };
    else
        offer = (Offer){ .idx = idx, .file = file, .mod = mod, .lines = lines };
}

/* project_loaded_files: see project.h. */
uint32_t
project_loaded_files(const ProjectIndex *idx, uint64_t *bytes)
{
    if (bytes)
        *bytes = idx ? __atomic_load_n(&idx->loaded_bytes, __ATOMIC_RELAXED) : 0;
    return idx ? __atomic_load_n(&idx->loaded_files, __ATOMIC_RELAXED) : 0;
}

/* project_free: releases the index and everything in it. */
void
project_free(ProjectIndex *idx)
{
    if (!idx)
        return;
    for (uint32_t i = 0; i < idx->mods_cap; i++) {
        ModEntry *m = idx->mods[i];
        if (!m)
            continue;
        ptable_free(m->funcs);
        ptable_free(m->classes);
        ptable_free(m->aliases);
        arena_free(&m->arena);
        free(m->files);
        free(m);
    }
    for (uint32_t i = 0; i < idx->nfiles; i++)
        if (idx->files[i].lazy)
            arena_free(&idx->files[i].lazy_arena);
    free(idx->mods);
    free(idx->mod_hashes);
    free(idx->files);
    pthread_mutex_destroy(&idx->load_mu);
    pthread_cond_destroy(&idx->load_cv);
    pthread_mutex_destroy(&idx->closure_mu);
    pthread_mutex_destroy(&idx->exports_mu);
    for (int i = 0; i < MEMO_SHARDS; i++) {
        pthread_mutex_destroy(&idx->memo[i].mu);
        free(idx->memo[i].slots);
        arena_free(&idx->memo[i].arena);
    }
    arena_free(&idx->arena);
    free(idx);
}

/* ---- which sync functions block ---- */

#define TARGET_NONE ((const FuncInfo *)NULL)
static const FuncInfo catalog_target; /* a call that is itself a blocking catalog call */
#define TARGET_CATALOG (&catalog_target)

/* resolve_callee: the sync project function a call goes to, TARGET_CATALOG, or TARGET_NONE. A
 * method named through a class that does not define it ("pkg.Sub.run", inherited) is looked up in
 * the bases. */
static const FuncInfo *
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
    const FuncInfo *fi = lookup(idx, callee, 0);
    if (!fi) {
        const char *dot = strrchr(callee, '.');
        if (!dot)
            return TARGET_NONE;
        char *cls = xmalloc((size_t)(dot - callee) + 1);
        memcpy(cls, callee, (size_t)(dot - callee));
        cls[dot - callee] = 0;
        const FuncInfo *m = lookup(idx, cls, 1) ? project_find_method(idx, cls, dot + 1) : NULL;
        free(cls);
        /* the definition that wins for that qualified name */
        fi = m ? lookup(idx, m->qualname, 0) : NULL;
        if (!fi)
            return TARGET_NONE;
    }
    return fi->is_async ? TARGET_NONE : fi; /* calling an async def runs nothing */
}

/* The part of the call graph one request explores: the functions reached from it whose answer is
 * not final yet, their resolved calls, and a pointer -> node map. */
typedef struct Explore {
    FuncInfo **nodes;
    uint32_t n, cap;
    const FuncInfo **targets; /* resolve_callee of each call, per node from first[node] */
    uint32_t *first;          /* n + 1 offsets */
    uint32_t ntargets, targets_cap;
    FuncInfo **map_keys; /* open addressing: node pointer -> index */
    uint32_t *map_vals;
    uint32_t map_cap;
} Explore;

static uint32_t
ptr_hash(const void *p)
{
    uint64_t x = (uint64_t)(uintptr_t)p;
    x ^= x >> 33;
    x *= 0xFF51AFD7ED558CCDull;
    x ^= x >> 33;
    return (uint32_t)x;
}

static uint32_t
explore_find(const Explore *ex, const FuncInfo *f)
{
    uint32_t mask = ex->map_cap - 1;
    for (uint32_t i = ptr_hash(f) & mask;; i = (i + 1) & mask) {
        if (!ex->map_keys[i])
            return UINT32_MAX;
        if (ex->map_keys[i] == f)
            return ex->map_vals[i];
    }
}

static void
explore_map_put(Explore *ex, FuncInfo *f, uint32_t v)
{
    uint32_t mask = ex->map_cap - 1;
    uint32_t i = ptr_hash(f) & mask;
    while (ex->map_keys[i])
        i = (i + 1) & mask;
    ex->map_keys[i] = f;
    ex->map_vals[i] = v;
}

static void
explore_add(Explore *ex, FuncInfo *f)
{
    if ((ex->n + 1) * 2 > ex->map_cap) {
        FuncInfo **old_keys = ex->map_keys;
        uint32_t *old_vals = ex->map_vals;
        uint32_t old_cap = ex->map_cap;
        ex->map_cap = ex->map_cap ? ex->map_cap * 2 : 64;
        ex->map_keys = xcalloc(ex->map_cap, sizeof *ex->map_keys);
        ex->map_vals = xcalloc(ex->map_cap, sizeof *ex->map_vals);
        for (uint32_t i = 0; i < old_cap; i++)
            if (old_keys[i])
                explore_map_put(ex, old_keys[i], old_vals[i]);
        free(old_keys);
        free(old_vals);
    }
    if (ex->n == ex->cap) {
        ex->cap = ex->cap ? ex->cap * 2 : 64;
        ex->nodes = xrealloc(ex->nodes, sizeof *ex->nodes * ex->cap);
        ex->first = xrealloc(ex->first, sizeof *ex->first * (ex->cap + 1));
    }
    explore_map_put(ex, f, ex->n);
    ex->nodes[ex->n++] = f;
}

static void
explore_free(Explore *ex)
{
    free(ex->nodes);
    free(ex->targets);
    free(ex->first);
    free(ex->map_keys);
    free(ex->map_vals);
}

/* ensure_calls: f->calls complete. A function of a lazy summary gets them from the offered tree
 * when this thread is still checking that file, else its whole file's pending calls from a new
 * parse; one thread per file at a time, and collecting waits for nothing, so this cannot
 * deadlock. */
static void
ensure_calls(ProjectIndex *idx, FuncInfo *f)
{
    if (__atomic_load_n(&f->calls_state, __ATOMIC_ACQUIRE) == CALLS_READY)
        return;
    ProjFile *pf = &idx->files[f->order]; /* pending only in file summaries */
    pthread_mutex_lock(&idx->load_mu);
    while (pf->calls_busy)
        pthread_cond_wait(&idx->load_cv, &idx->load_mu);
    if (__atomic_load_n(&f->calls_state, __ATOMIC_RELAXED) == CALLS_READY) {
        pthread_mutex_unlock(&idx->load_mu);
        return;
    }
    pf->calls_busy = true;
    pthread_mutex_unlock(&idx->load_mu);
    if (offer.idx == idx && offer.file == f->order && offer.sm && f->calls_seq < offer.ndefs) {
        const Stmt *def = offer.defs[f->calls_seq];
        SumBuilder sb = { .a = &pf->lazy_arena, .sm = offer.sm };
        collect_calls(&sb, def, sem_scope_of_node(offer.sm, def), f);
        __atomic_store_n(&f->calls_state, CALLS_READY, __ATOMIC_RELEASE);
    } else {
        calls_by_reparse(pf);
    }
    pthread_mutex_lock(&idx->load_mu);
    pf->calls_busy = false;
    pthread_cond_broadcast(&idx->load_cv);
    pthread_mutex_unlock(&idx->load_mu);
}

static bool
closure_known(ProjectIndex *idx, const FuncInfo *f, uint32_t *chain_len)
{
    pthread_mutex_lock(&idx->closure_mu);
    bool done = f->closure_done;
    *chain_len = f->blocks ? f->chain_len : UINT32_MAX;
    pthread_mutex_unlock(&idx->closure_mu);
    return done;
}

/* project_func_blocks: see project.h. The request explores every function reachable from fn by
 * calls whose answer is not final (loading modules as calls name them); with the final answers at
 * its border the explored part is closed, so its shortest chains are exact whatever other threads
 * do meanwhile: a multi-source breadth-first search backwards from the functions with a direct
 * blocking call and from the border. */
bool
project_func_blocks(const ProjectIndex *cidx, const FuncInfo *cfn)
{
    if (!cidx || !cfn || cfn->is_async)
        return false;
    ProjectIndex *idx = (ProjectIndex *)cidx;
    uint32_t len;
    if (closure_known(idx, cfn, &len))
        return len != UINT32_MAX;

    Explore ex = { 0 };
    explore_add(&ex, (FuncInfo *)cfn);
    for (uint32_t i = 0; i < ex.n; i++) {
        const FuncInfo *f = ex.nodes[i];
        ensure_calls(idx, ex.nodes[i]);
        ex.first[i] = ex.ntargets;
        for (uint32_t j = 0; j < f->ncalls; j++) {
            const FuncInfo *t = resolve_callee(idx, f->calls[j].callee);
            if (ex.ntargets == ex.targets_cap) {
                ex.targets_cap = ex.targets_cap ? ex.targets_cap * 2 : 256;
                ex.targets = xrealloc(ex.targets, sizeof *ex.targets * ex.targets_cap);
            }
            ex.targets[ex.ntargets++] = t;
            uint32_t known;
            if (t && t != TARGET_CATALOG && explore_find(&ex, t) == UINT32_MAX &&
                !closure_known(idx, t, &known))
                explore_add(&ex, (FuncInfo *)t);
        }
    }
    ex.first[ex.n] = ex.ntargets;

    uint32_t n = ex.n;
    uint32_t *dist = xmalloc(sizeof *dist * n);
    uint32_t *border = xmalloc(sizeof *border * ex.ntargets); /* final chain lengths, or MAX */
    for (uint32_t k = 0; k < ex.ntargets; k++) {
        const FuncInfo *t = ex.targets[k];
        border[k] = UINT32_MAX;
        if (t && t != TARGET_CATALOG && explore_find(&ex, t) == UINT32_MAX) {
            uint32_t known = UINT32_MAX;
            closure_known(idx, t, &known); /* final: it was when the exploration saw it */
            border[k] = known;
        }
    }
    /* start distances: a direct blocking call, or one call more than a final border answer */
    uint32_t *order = xmalloc(sizeof *order * n);
    uint32_t nstart = 0;
    for (uint32_t i = 0; i < n; i++) {
        dist[i] = UINT32_MAX;
        for (uint32_t k = ex.first[i]; k < ex.first[i + 1]; k++) {
            uint32_t d = ex.targets[k] == TARGET_CATALOG ? 1
                         : border[k] != UINT32_MAX       ? border[k] + 1
                                                         : UINT32_MAX;
            if (d < dist[i])
                dist[i] = d;
        }
        if (dist[i] != UINT32_MAX)
            order[nstart++] = i;
    }
    /* callers within the explored part, compressed */
    uint32_t *rstart = xcalloc((size_t)n + 1, sizeof *rstart);
    for (uint32_t k = 0; k < ex.ntargets; k++) {
        const FuncInfo *t = ex.targets[k];
        uint32_t ti = t && t != TARGET_CATALOG ? explore_find(&ex, t) : UINT32_MAX;
        if (ti != UINT32_MAX)
            rstart[ti + 1]++;
    }
    for (uint32_t i = 0; i < n; i++)
        rstart[i + 1] += rstart[i];
    uint32_t *fill = xmalloc(sizeof *fill * (n + 1));
    memcpy(fill, rstart, sizeof *fill * (n + 1));
    uint32_t *callers = xmalloc(sizeof *callers * (rstart[n] ? rstart[n] : 1));
    for (uint32_t i = 0; i < n; i++)
        for (uint32_t k = ex.first[i]; k < ex.first[i + 1]; k++) {
            const FuncInfo *t = ex.targets[k];
            uint32_t ti = t && t != TARGET_CATALOG ? explore_find(&ex, t) : UINT32_MAX;
            if (ti != UINT32_MAX)
                callers[fill[ti]++] = i;
        }
    /* merge the start nodes (sorted by distance) with the BFS queue: both stay sorted */
    for (uint32_t a = 1; a < nstart; a++) { /* insertion sort: start lists are short */
        uint32_t v = order[a], b = a;
        for (; b > 0 && dist[order[b - 1]] > dist[v]; b--)
            order[b] = order[b - 1];
        order[b] = v;
    }
    uint32_t *queue = xmalloc(sizeof *queue * (n ? n : 1));
    uint32_t *qdist = xmalloc(sizeof *qdist * (n ? n : 1));
    uint32_t qhead = 0, qtail = 0, si = 0;
    bool *settled = xcalloc(n ? n : 1, sizeof *settled);
    while (si < nstart || qhead < qtail) {
        uint32_t g, d;
        if (qhead < qtail && (si == nstart || qdist[qhead] <= dist[order[si]])) {
            g = queue[qhead];
            d = qdist[qhead++];
        } else {
            g = order[si++];
            d = dist[g];
        }
        if (settled[g] || d != dist[g])
            continue;
        settled[g] = true;
        for (uint32_t k = rstart[g]; k < rstart[g + 1]; k++) {
            uint32_t f = callers[k];
            if (dist[f] > d + 1 && qtail < n) {
                dist[f] = d + 1;
                queue[qtail] = f;
                qdist[qtail++] = d + 1;
            }
        }
    }

    pthread_mutex_lock(&idx->closure_mu);
    for (uint32_t i = 0; i < n; i++) {
        FuncInfo *f = ex.nodes[i];
        if (f->closure_done)
            continue; /* another request finished it meanwhile, with the same answer */
        f->blocks = dist[i] != UINT32_MAX;
        f->chain_len = f->blocks ? dist[i] : 0;
        f->blocking_call = NULL;
        f->blocks_via = NULL;
        /* the first call of the body that starts a shortest chain */
        for (uint32_t j = 0; f->blocks && j < f->ncalls; j++) {
            uint32_t k = ex.first[i] + j;
            const FuncInfo *t = ex.targets[k];
            uint32_t ti = t && t != TARGET_CATALOG ? explore_find(&ex, t) : UINT32_MAX;
            uint32_t td = ti != UINT32_MAX ? dist[ti] : border[k];
            if (dist[i] == 1 ? t == TARGET_CATALOG
                             : (t && t != TARGET_CATALOG && td == dist[i] - 1)) {
                f->blocking_call = &f->calls[j];
                f->blocks_via = t == TARGET_CATALOG ? NULL : t;
                break;
            }
        }
        f->closure_done = true;
    }
    bool blocks = cfn->blocks;
    pthread_mutex_unlock(&idx->closure_mu);

    free(dist);
    free(border);
    free(order);
    free(rstart);
    free(fill);
    free(callers);
    free(queue);
    free(qdist);
    free(settled);
    explore_free(&ex);
    return blocks;
}

/* project_blocking_chain: see project.h. */
const char *
project_blocking_chain(const ProjectIndex *idx, Arena *a, const FuncInfo *fn)
{
    if (!fn || !project_func_blocks(idx, fn))
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
