/* checker: one file through the whole pipeline: parse, semantic model, one walk dispatching to the
 * enabled rules by node kind, then noqa and the severity threshold. */
#include "rules/checker_internal.h"
#include "rules/prune.h"

#include "base/glob.h"
#include "parse/visit.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>

/* ---- rule selection ----------------------------------------------------------------------------
 */

static bool
code_matches(const char *selector, const char *code)
{
    if (!strcmp(selector, "ALL"))
        return true;
    return !strncmp(code, selector, strlen(selector)); /* a prefix selects a family */
}

static bool
selector_known(const char *selector)
{
    for (uint32_t i = 0; i < rule_count; i++)
        if (code_matches(selector, rule_table[i]->code))
            return true;
    return false;
}

static bool
list_matches(const CodeList *list, const char *code)
{
    for (uint32_t i = 0; i < list->len; i++)
        if (code_matches(list->items[i], code))
            return true;
    return false;
}

/* An explicit full code selects an opt-in rule; a prefix or ALL does not, as in flake8-async. */
static bool
list_names_exactly(const CodeList *list, const char *code)
{
    for (uint32_t i = 0; i < list->len; i++)
        if (!strcmp(list->items[i], code))
            return true;
    return false;
}

int
ruleset_build(RuleSet *rs, const Config *cfg, char *err, size_t err_size)
{
    const CodeList *lists[3] = { &cfg->select, &cfg->extend_select, &cfg->ignore };
    const char *names[3] = { "select", "extend-select", "ignore" };
    for (int k = 0; k < 3; k++)
        for (uint32_t i = 0; i < lists[k]->len; i++)
            if (!selector_known(lists[k]->items[i])) {
                snprintf(err, err_size, "unknown rule code or prefix '%s' in %s",
                         lists[k]->items[i], names[k]);
                return -1;
            }
    memset(rs, 0, sizeof *rs);
    if (NEVER(rule_count > ARRAY_LEN(rs->enabled)))
        return -1;
    for (uint32_t i = 0; i < rule_count; i++) {
        const RuleDesc *r = rule_table[i];
        bool on;
        if (cfg->select.len)
            on = list_matches(&cfg->select, r->code) &&
                 (!r->opt_in || list_names_exactly(&cfg->select, r->code));
        else
            on = !r->opt_in;
        if (list_matches(&cfg->extend_select, r->code) &&
            (!r->opt_in || list_names_exactly(&cfg->extend_select, r->code)))
            on = true;
        if (list_matches(&cfg->ignore, r->code))
            on = false;
        rs->enabled[i] = on;
    }
    return 0;
}

/* ---- the walk ----------------------------------------------------------------------------------
 */

typedef struct RuleList {
    const RuleDesc **items; /* exactly sized, in the file's AST arena */
    uint32_t len;
} RuleList;

typedef struct ScopeFrame {
    const Scope *scope;
    const void *node;
    bool is_stmt;
} ScopeFrame;

typedef struct Walk {
    RuleCtx cx;
    RuleList by_expr[E_KIND_COUNT];
    RuleList by_stmt[S_KIND_COUNT];
    RuleList on_function;
    RuleList on_module;
    VEC(NodeRef) stack;
    VEC(const Scope *) stack_scope; /* the scope each node of the stack runs in */
    VEC(ScopeFrame) scopes;
    Arena *ast_arena;
    const bool *skip; /* per top-level statement: the walk skips it (prune.h), or NULL */
    uint32_t top;     /* top-level statements entered so far */
} Walk;

static bool
in_range(uint32_t off, uint32_t start, uint32_t end)
{
    return off >= start && off < end;
}

/* Whether `child` (a direct or deeper descendant of a scope-creating node) runs inside that scope:
 * decorators, defaults, annotations and a comprehension's first iterable belong to the outer scope.
 */
static bool
inside_scope_body(const ScopeFrame *f, uint32_t start)
{
    if (f->is_stmt) {
        const Stmt *s = f->node;
        StmtSeq body = s->kind == S_ClassDef ? s->v.ClassDef.body : s->v.FunctionDef.body;
        return body.len && start >= body.items[0]->start && start < s->end;
    }
    const Expr *e = f->node;
    if (e->kind == E_Lambda)
        return in_range(start, e->v.Lambda.body->start, e->v.Lambda.body->end);
    ComprehensionSeq gens =
        e->kind == E_DictComp ? e->v.DictComp.generators : e->v.ListComp.generators;
    if (gens.len && in_range(start, gens.items[0]->iter->start, gens.items[0]->iter->end))
        return false;
    return in_range(start, e->start, e->end);
}

/* The scope a node starting at `start` runs in. Only the children of a scope-making node can run
 * in another scope than their parent (its body does, its decorators and defaults do not), so
 * every other node takes its parent's. */
static void
update_scope(Walk *w, uint32_t start)
{
    if (w->stack.len && !(w->scopes.len && w->scopes.items[w->scopes.len - 1].node ==
                                               w->stack.items[w->stack.len - 1].node)) {
        w->cx.scope = w->stack_scope.items[w->stack.len - 1];
        return;
    }
    const Scope *scope = w->cx.sm->module_scope;
    for (uint32_t i = w->scopes.len; i-- > 0;)
        if (inside_scope_body(&w->scopes.items[i], start)) {
            scope = w->scopes.items[i].scope;
            break;
        }
    w->cx.scope = scope;
}

static void
push_node(Walk *w, const void *node, bool is_stmt)
{
    VEC_PUSH(w->ast_arena, w->stack, ((NodeRef){ is_stmt, node }));
    VEC_PUSH(w->ast_arena, w->stack_scope, w->cx.scope);
    w->cx.stack = w->stack.items;
    w->cx.depth = w->stack.len;
    const Scope *scope = sem_scope_of_node(w->cx.sm, node);
    if (scope)
        VEC_PUSH(w->ast_arena, w->scopes, ((ScopeFrame){ scope, node, is_stmt }));
}

static void
pop_node(Walk *w, const void *node)
{
    w->stack.len--;
    w->stack_scope.len--;
    w->cx.depth = w->stack.len;
    if (w->scopes.len && w->scopes.items[w->scopes.len - 1].node == node)
        w->scopes.len--;
}

static void
run_rules(Walk *w, const RuleList *list, const void *node, int which)
{
    for (uint32_t i = 0; i < list->len; i++) {
        w->cx.rule = list->items[i];
        if (which == 0)
            list->items[i]->on_stmt(&w->cx, node);
        else if (which == 1)
            list->items[i]->on_expr(&w->cx, node);
        else
            list->items[i]->on_function(&w->cx, node);
    }
}

static bool
walk_enter_stmt(Visitor *v, const Stmt *s)
{
    Walk *w = v->data;
    if (w->stack.len == 0 && w->skip && w->skip[w->top++])
        return false; /* a plain def or class no rule can fire in */
    update_scope(w, s->start);
    run_rules(w, &w->by_stmt[s->kind], s, 0);
    if (s->kind == S_FunctionDef || s->kind == S_AsyncFunctionDef)
        run_rules(w, &w->on_function, s, 2);
    push_node(w, s, true);
    return true;
}

static void
walk_leave_stmt(Visitor *v, const Stmt *s)
{
    pop_node(v->data, s);
}

static bool
walk_enter_expr(Visitor *v, const Expr *e)
{
    Walk *w = v->data;
    update_scope(w, e->start);
    run_rules(w, &w->by_expr[e->kind], e, 1);
    push_node(w, e, false);
    return true;
}

static void
walk_leave_expr(Visitor *v, const Expr *e)
{
    pop_node(v->data, e);
}

/* ---- per-file rule selection -------------------------------------------------------------------
 */

static const char *
relative_path(const Config *cfg, const char *path)
{
    if (cfg->root) {
        size_t n = strlen(cfg->root);
        if (!strncmp(path, cfg->root, n) && path[n] == '/')
            return path + n + 1;
    }
    if (!strncmp(path, "./", 2))
        return path + 2;
    return path;
}

static bool
per_file_ignored(const Config *cfg, const char *path, const char *code)
{
    const char *rel = relative_path(cfg, path);
    const char *base = strrchr(path, '/');
    base = base ? base + 1 : path;
    for (uint32_t i = 0; i < cfg->n_per_file_ignores; i++) {
        const PerFileIgnore *pfi = &cfg->per_file_ignores[i];
        if ((glob_match(pfi->glob, rel) || glob_match(pfi->glob, base)) &&
            list_matches(&pfi->codes, code))
            return true;
    }
    return false;
}

/* Which hooks of rule r go in which list: one counting pass, one filling pass. */
static void
add_to_lists(Walk *w, const RuleDesc *r, bool fill)
{
    for (int k = 0; k < E_KIND_COUNT; k++)
        if (r->on_expr && (r->expr_kinds & EXPR_BIT(k))) {
            if (fill)
                w->by_expr[k].items[w->by_expr[k].len] = r;
            w->by_expr[k].len++;
        }
    for (int k = 0; k < S_KIND_COUNT; k++)
        if (r->on_stmt && (r->stmt_kinds & STMT_BIT(k))) {
            if (fill)
                w->by_stmt[k].items[w->by_stmt[k].len] = r;
            w->by_stmt[k].len++;
        }
    if (r->on_function && (r->hooks & HOOK_FUNCTION)) {
        if (fill)
            w->on_function.items[w->on_function.len] = r;
        w->on_function.len++;
    }
    if (r->on_module && (r->hooks & HOOK_MODULE)) {
        if (fill)
            w->on_module.items[w->on_module.len] = r;
        w->on_module.len++;
    }
}

static void
reserve_list(Arena *a, RuleList *list)
{
    list->items = list->len ? arena_alloc(a, sizeof(*list->items) * list->len) : NULL;
    list->len = 0;
}

static void
build_dispatch_into(Walk *w, Arena *a, const RuleSet *rs, const Config *cfg, const char *path)
{
    const RuleDesc *active[ARRAY_LEN(rs->enabled)];
    uint32_t nactive = 0;
    for (uint32_t i = 0; i < rule_count; i++) {
        const RuleDesc *r = rule_table[i];
        if (!rs->enabled[i] || !(r->frameworks & FW_BIT(w->cx.fw)))
            continue;
        if ((r->min_version && w->cx.pyver < r->min_version) ||
            (r->max_version && w->cx.pyver >= r->max_version))
            continue;
        if (path && cfg->n_per_file_ignores && per_file_ignored(cfg, path, r->code))
            continue;
        active[nactive++] = r;
    }
    for (uint32_t i = 0; i < nactive; i++)
        add_to_lists(w, active[i], false);
    for (int k = 0; k < E_KIND_COUNT; k++)
        reserve_list(a, &w->by_expr[k]);
    for (int k = 0; k < S_KIND_COUNT; k++)
        reserve_list(a, &w->by_stmt[k]);
    reserve_list(a, &w->on_function);
    reserve_list(a, &w->on_module);
    for (uint32_t i = 0; i < nactive; i++)
        add_to_lists(w, active[i], true);
}

/* The dispatch lists depend only on the rule set, the framework and the target version, except
 * for files that per-file-ignores name: built once per combination and shared by every file
 * (read-only), instead of sorting 70 rules into 100 node kinds per file. */
typedef struct DispatchCache {
    bool enabled[ARRAY_LEN(((RuleSet *)0)->enabled)];
    Framework fw;
    int pyver;
    Walk lists; /* only the list fields are used */
} DispatchCache;

enum { DISPATCH_CACHE_MAX = 8 };
static DispatchCache *dispatch_cache[DISPATCH_CACHE_MAX];
static uint32_t dispatch_cached;
static Arena dispatch_arena;
static pthread_mutex_t dispatch_mu = PTHREAD_MUTEX_INITIALIZER;

static void
copy_lists(Walk *dst, const Walk *src)
{
    memcpy(dst->by_expr, src->by_expr, sizeof dst->by_expr);
    memcpy(dst->by_stmt, src->by_stmt, sizeof dst->by_stmt);
    dst->on_function = src->on_function;
    dst->on_module = src->on_module;
}

static void
build_dispatch(Walk *w, const RuleSet *rs, const Config *cfg, const char *path)
{
    bool ignores = false;
    for (uint32_t i = 0; i < cfg->n_per_file_ignores && !ignores; i++) {
        const char *rel = relative_path(cfg, path);
        const char *base = strrchr(path, '/');
        base = base ? base + 1 : path;
        ignores = glob_match(cfg->per_file_ignores[i].glob, rel) ||
                  glob_match(cfg->per_file_ignores[i].glob, base);
    }
    if (ignores) {
        build_dispatch_into(w, w->ast_arena, rs, cfg, path);
        return;
    }
    pthread_mutex_lock(&dispatch_mu);
    const DispatchCache *hit = NULL;
    for (uint32_t i = 0; i < dispatch_cached && !hit; i++) {
        const DispatchCache *c = dispatch_cache[i];
        if (c->fw == w->cx.fw && c->pyver == w->cx.pyver &&
            !memcmp(c->enabled, rs->enabled, sizeof c->enabled))
            hit = c;
    }
    if (!hit) {
        if (!dispatch_cached)
            arena_init(&dispatch_arena, 0);
        DispatchCache *c = arena_zalloc(&dispatch_arena, sizeof *c);
        memcpy(c->enabled, rs->enabled, sizeof c->enabled);
        c->fw = w->cx.fw;
        c->pyver = w->cx.pyver;
        c->lists.cx = w->cx;
        build_dispatch_into(&c->lists, &dispatch_arena, rs, cfg, NULL);
        if (dispatch_cached < DISPATCH_CACHE_MAX) {
            dispatch_cache[dispatch_cached++] = c;
        } else { /* a process that checks with many rule sets (tests): replace the oldest */
            memmove(dispatch_cache, dispatch_cache + 1,
                    sizeof dispatch_cache[0] * (DISPATCH_CACHE_MAX - 1));
            dispatch_cache[DISPATCH_CACHE_MAX - 1] = c;
        }
        hit = c;
    }
    copy_lists(w, &hit->lists);
    pthread_mutex_unlock(&dispatch_mu);
}

/* ---- suppression -------------------------------------------------------------------------------
 */

static int
compare_findings(const void *pa, const void *pb)
{
    const Finding *a = pa, *b = pb;
    if (a->start != b->start)
        return a->start < b->start ? -1 : 1;
    int c = strcmp(a->rule->code, b->rule->code);
    if (c)
        return c;
    return a->end < b->end ? -1 : a->end > b->end;
}

/* Drops findings silenced by `# noqa` comments on their first line (or the file-level form) and
 * those below the severity threshold; sorts the rest. */
static void
filter_findings(FileReport *report, const ParsedFile *pf, struct FindingList *list,
                const Config *cfg)
{
    const Lexer *lx = &pf->lex;
    bool file_noqa = false;
    for (uint32_t i = 0; i < lx->ncomments && !file_noqa; i++)
        file_noqa = noqa_file_level(pf->src.text + lx->comments[i].start,
                                    lx->comments[i].end - lx->comments[i].start);
    Finding *kept = arena_alloc(&report->arena, sizeof(Finding) * (list->items.len + 1));
    uint32_t n = 0;
    for (uint32_t i = 0; i < list->items.len; i++) {
        Finding *f = &list->items.items[i];
        if (f->severity < cfg->severity_threshold)
            continue;
        bool suppressed = file_noqa;
        /* comments are sorted by offset: binary search the first on the finding's line */
        uint32_t line_start = lineindex_line_start(&pf->lines, f->line);
        uint32_t line_end = line_start + lineindex_line_len(&pf->lines, f->line);
        uint32_t lo = 0, hi = lx->ncomments;
        while (lo < hi) {
            uint32_t mid = lo + (hi - lo) / 2;
            if (lx->comments[mid].start < line_start)
                lo = mid + 1;
            else
                hi = mid;
        }
        for (uint32_t c = lo; c < lx->ncomments && lx->comments[c].start <= line_end && !suppressed;
             c++)
            suppressed =
                noqa_suppresses(pf->src.text + lx->comments[c].start,
                                lx->comments[c].end - lx->comments[c].start, f->rule->code);
        if (suppressed) {
            report->nsuppressed++;
            continue;
        }
        kept[n++] = *f;
    }
    qsort(kept, n, sizeof *kept, compare_findings);
    /* two rules may flag the same span with the same code (e.g. via aliases): keep one */
    uint32_t m = 0;
    for (uint32_t i = 0; i < n; i++)
        if (!m || compare_findings(&kept[m - 1], &kept[i]) != 0)
            kept[m++] = kept[i];
    report->findings = kept;
    report->nfindings = m;
}

/* ---- entry points ------------------------------------------------------------------------------
 */

/* The file's framework: from its imports, except inside trio's and anyio's own packages, whose
 * modules often import only their siblings (`from ._core import ...`) yet are trio/anyio code. */
static Framework
file_framework(const Semantic *sm, const char *module_name)
{
    if (sm->imports_trio || sm->imports_anyio || !module_name)
        return sm->framework;
    if (!strncmp(module_name, "trio", 4) && (module_name[4] == '.' || module_name[4] == '\0'))
        return FW_TRIO;
    if (!strncmp(module_name, "anyio", 5) && (module_name[5] == '.' || module_name[5] == '\0'))
        return FW_ANYIO;
    return sm->framework;
}

static void check_source(FileReport *report, const char *path, const char *module_name,
                         uint32_t index_file, const char *raw, size_t n, const Config *cfg,
                         const RuleSet *rs, const ProjectIndex *index);

void
checker_check_source(FileReport *report, const char *path, const char *module_name, const char *raw,
                     size_t n, const Config *cfg, const RuleSet *rs, const ProjectIndex *index)
{
    check_source(report, path, module_name, UINT32_MAX, raw, n, cfg, rs, index);
}

static void
check_source(FileReport *report, const char *path, const char *module_name, uint32_t index_file,
             const char *raw, size_t n, const Config *cfg, const RuleSet *rs,
             const ProjectIndex *index)
{
    memset(report, 0, sizeof *report);
    arena_init(&report->arena, 0);
    report->path = arena_strdup(&report->arena, path);
    report->pyver = cfg->python_version ? cfg->python_version : 311;

    Arena ast_arena;
    arena_init(&ast_arena, 256 * 1024);
    ParsedFile pf;
    memset(&pf, 0, sizeof pf);
    int rc = parse_source(&pf, &ast_arena, path, raw, n);
    /* keep the decoded text (for carets, snippets and fixes) beyond the AST's arena */
    if (pf.src.text) {
        report->text = arena_strndup(&report->arena, pf.src.text, pf.src.len);
        report->text_len = pf.src.len;
        if (pf.lines.line_starts && pf.lines.text == pf.src.text) {
            /* the same line table as the parse's, pointing at the copied text */
            report->lines = pf.lines;
            report->lines.text = report->text;
            report->lines.line_starts =
                arena_alloc(&report->arena, sizeof(uint32_t) * pf.lines.nlines);
            memcpy(report->lines.line_starts, pf.lines.line_starts,
                   sizeof(uint32_t) * pf.lines.nlines);
        } else {
            lineindex_build(&report->lines, &report->arena, report->text, report->text_len);
        }
        report->crlf = pf.src.crlf;
        report->had_bom = pf.src.had_bom;
    }
    if (rc != 0) {
        report->syntax = pf.err;
        report->syntax.msg =
            arena_strdup(&report->arena, pf.err.msg ? pf.err.msg : "invalid syntax");
        report->syntax.kind =
            arena_strdup(&report->arena, pf.err.kind ? pf.err.kind : "SyntaxError");
        report->error =
            arena_sprintf(&report->arena, "%s: %s", report->syntax.kind, report->syntax.msg);
        arena_free(&ast_arena);
        return;
    }

    char *owned_module = NULL;
    bool is_init = false;
    if (!module_name)
        module_name = owned_module = project_module_name(path, &is_init);
    else {
        const char *base = strrchr(path, '/');
        is_init = !strcmp(base ? base + 1 : path, "__init__.py");
    }
    /* the project index may want this module's summary: made from this parse, not a second one */
    if (index && index_file != UINT32_MAX)
        project_offer(index, index_file, pf.mod, &pf.lines);
    Semantic *sm = sem_build_untyped(&ast_arena, pf.mod, module_name, is_init, index);
    sm->lines = &pf.lines;
    Framework fw = cfg->framework_set ? cfg->framework : file_framework(sm, module_name);
    free(owned_module);

    Walk *w = arena_zalloc(&ast_arena, sizeof *w);
    struct FindingList list = { 0 };
    w->ast_arena = &ast_arena;
    w->cx = (RuleCtx){
        .pf = &pf,
        .sm = sm,
        .index = index,
        .cfg = cfg,
        .fw = fw,
        .pyver = report->pyver,
        .scope = sm->module_scope,
        .out_arena = &report->arena,
        .out = &list,
        .cache = cx_cache_new(&ast_arena),
    };
    report->framework = w->cx.fw;
    build_dispatch(w, rs, cfg, path);
    /* the plain defs and classes no rule can fire in are neither typed nor walked */
    w->skip = prune_units(&ast_arena, sm, pf.mod, index);
    uint32_t nskip = 0;
    uint32_t *skip_starts = NULL, *skip_ends = NULL;
    if (w->skip) {
        skip_starts = ARENA_ARRAY(&ast_arena, uint32_t, pf.mod->body.len);
        skip_ends = ARENA_ARRAY(&ast_arena, uint32_t, pf.mod->body.len);
        for (uint32_t i = 0; i < pf.mod->body.len; i++)
            if (w->skip[i]) {
                skip_starts[nskip] = pf.mod->body.items[i]->start;
                skip_ends[nskip++] = pf.mod->body.items[i]->end;
            }
    }
    sem_type_bindings(sm, skip_starts, skip_ends, nskip);

    for (uint32_t i = 0; i < w->on_module.len; i++) {
        w->cx.rule = w->on_module.items[i];
        w->on_module.items[i]->on_module(&w->cx, pf.mod);
    }
    Visitor v = {
        .enter_stmt = walk_enter_stmt,
        .leave_stmt = walk_leave_stmt,
        .enter_expr = walk_enter_expr,
        .leave_expr = walk_leave_expr,
        .data = w,
    };
    visit_module(&v, pf.mod);
    if (index && index_file != UINT32_MAX)
        project_offer(index, UINT32_MAX, NULL, NULL);
    filter_findings(report, &pf, &list, cfg);
    arena_free(&ast_arena);
}

void
checker_check_file(FileReport *report, const char *path, uint32_t index_file, const Config *cfg,
                   const RuleSet *rs, const ProjectIndex *index)
{
    char reason[256];
    size_t n = 0;
    char *raw = source_read_file(path, &n, reason, sizeof reason);
    if (!raw) {
        memset(report, 0, sizeof *report);
        arena_init(&report->arena, 0);
        report->path = arena_strdup(&report->arena, path);
        report->error = arena_strdup(&report->arena, reason);
        return;
    }
    check_source(report, path, project_file_module(index, index_file, NULL), index_file, raw, n,
                 cfg, rs, index);
    free(raw);
}

void
file_report_free(FileReport *report)
{
    arena_free(&report->arena);
    memset(report, 0, sizeof *report);
}
