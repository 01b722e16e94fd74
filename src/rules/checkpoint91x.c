#include "rules/checkpoint91x.h"

#include "rules/asyncsem.h"
#include "rules/cancelsem.h"
#include "rules/structured.h"
#include "rules/suggest.h"

#include "parse/visit.h"

#include <string.h>

/* An uncheckpointed statement: where a path without a checkpoint started. UNC_LOOP (one marker for
 * every loop, as flake8-async's single artificial statement) and UNC_WITH (a cancel scope's entry)
 * never produce 910/911 themselves. */
typedef enum UncKind { UNC_DEF, UNC_YIELD, UNC_LOOP, UNC_WITH } UncKind;
typedef struct Unc {
    UncKind kind;
    uint32_t off;
} Unc;
typedef struct UncSet {
    Unc *items;
    uint32_t len, cap;
} UncSet;

/* A return / yield / function exit that may need an error, with where its fix would go. */
typedef struct Site {
    const char *what;
    uint32_t start, end;
    Cp91FixAt fix_at;
    uint32_t fix_off;
    const char *indent;
} Site;

typedef struct Loop {
    bool infinite, once, has_break;
    UncSet before_continue, before_break;
    VEC(Site) artificial_errors;
} Loop;

typedef struct ScopeCm {
    int state; /* -1 not a cancel scope, 0 no cancel point yet, 1 had one */
    const Expr *call;
} ScopeCm;

typedef struct TgName {
    Ident name;
    bool started;
} TgName;

typedef struct Walk {
    RuleCtx *cx;
    Arena *a;
    UncSet uc;
    bool has_yield;
    bool exempt; /* __aenter__/__aexit__ whose partner checkpoints: no 910/911 */
    Loop *loop;
    VEC(ScopeCm) cms;
    VEC(TgName) groups;
    int except_depth;
    int bool_depth;
    bool comp_unknown;
    const Stmt *simple; /* the simple statement whose expressions are being walked, else NULL */
    VEC(Cp91Event) events;
    Visitor v;
} Walk;

static bool
artificial(Unc u)
{
    return u.kind == UNC_LOOP || u.kind == UNC_WITH;
}

static bool
set_has(const UncSet *s, Unc u)
{
    for (uint32_t i = 0; i < s->len; i++)
        if (s->items[i].kind == u.kind && s->items[i].off == u.off)
            return true;
    return false;
}

static void
set_add(Walk *w, UncSet *s, Unc u)
{
    if (!set_has(s, u))
        VEC_PUSH(w->a, *s, u);
}

static void
set_union(Walk *w, UncSet *s, const UncSet *o)
{
    for (uint32_t i = 0; i < o->len; i++)
        set_add(w, s, o->items[i]);
}

static UncSet
set_copy(Walk *w, const UncSet *s)
{
    UncSet c = { 0 };
    set_union(w, &c, s);
    return c;
}

static bool
set_remove(UncSet *s, Unc u)
{
    for (uint32_t i = 0; i < s->len; i++)
        if (s->items[i].kind == u.kind && s->items[i].off == u.off) {
            s->items[i] = s->items[--s->len];
            return true;
        }
    return false;
}

static const Unc loop_marker = { UNC_LOOP, 0 };

/* Replaces the loop marker in s by the statements of outer. */
static void
replace_marker(Walk *w, UncSet *s, const UncSet *outer)
{
    if (set_remove(s, loop_marker))
        set_union(w, s, outer);
}

static void
cancel_point(Walk *w)
{
    for (uint32_t i = w->cms.len; i-- > 0;) {
        if (w->cms.items[i].state == 1)
            break;
        w->cms.items[i].state = 1;
    }
    w->groups.len = 0; /* a start_soon after a checkpoint no longer matters */
}

static void
checkpoint(Walk *w)
{
    w->uc.len = 0;
    cancel_point(w);
}

/* A schedule point that is no cancel point (a return, a nursery's entry): it ends the 910/911
 * paths but not the artificial markers 912/913 watch. */
static void
schedule_point(Walk *w)
{
    uint32_t k = 0;
    for (uint32_t i = 0; i < w->uc.len; i++)
        if (artificial(w->uc.items[i]))
            w->uc.items[k++] = w->uc.items[i];
    w->uc.len = k;
}

/* --- events --- */

static bool
emit(Walk *w, const Site *site, Unc from, bool keep_fix)
{
    if (w->exempt)
        return false;
    Cp91Code code = w->has_yield ? CP91_911 : CP91_910;
    for (uint32_t i = 0; i < w->events.len; i++) {
        const Cp91Event *e = &w->events.items[i];
        if (e->code == code && e->start == site->start && e->since == from.off &&
            e->since_yield == (from.kind == UNC_YIELD))
            return true;
    }
    Cp91Event ev = {
        .code = code,
        .what = site->what,
        .start = site->start,
        .end = site->end,
        .since_yield = from.kind == UNC_YIELD,
        .since = from.off,
        .fix_at = keep_fix ? site->fix_at : CP91_FIX_NONE,
        .fix_off = site->fix_off,
        .fix_indent = site->indent,
    };
    VEC_PUSH(w->a, w->events, ev);
    return true;
}

/* check_function_exit: errors for every real statement the site is reachable from unchecked; a
 * site inside a loop whose only problem is the loop marker is decided when the loop ends. */
static void
check_exit(Walk *w, const Site *site)
{
    if (!w->uc.len)
        return;
    if (set_has(&w->uc, loop_marker) && w->loop) {
        bool seen = false;
        for (uint32_t i = 0; i < w->loop->artificial_errors.len; i++)
            seen |= w->loop->artificial_errors.items[i].start == site->start;
        if (!seen)
            VEC_PUSH(w->a, w->loop->artificial_errors, *site);
        if (w->uc.len == 1)
            return;
    }
    for (uint32_t i = 0; i < w->uc.len; i++)
        if (!artificial(w->uc.items[i]))
            emit(w, site, w->uc.items[i], true);
}

/* Whether s stands alone on its line(s): only indentation before it, nothing but a comment after.
 */
static bool
alone_on_line(RuleCtx *cx, const Stmt *s)
{
    const char *src = cx->pf->src.text;
    uint32_t len = cx->pf->src.len;
    for (uint32_t i = src_line_start(cx, s->start); i < s->start; i++)
        if (src[i] != ' ' && src[i] != '\t')
            return false;
    uint32_t i = s->end;
    while (i < len && (src[i] == ' ' || src[i] == '\t'))
        i++;
    return i >= len || src[i] == '\n' || src[i] == '#';
}

static Site
site_for(Walk *w, const char *what, uint32_t start, uint32_t end, const Stmt *stmt)
{
    Site site = { .what = what, .start = start, .end = end };
    if (stmt && !w->bool_depth && !w->except_depth && w->cx->fw != FW_ASYNCIO &&
        alone_on_line(w->cx, stmt)) {
        site.fix_at = CP91_FIX_BEFORE;
        site.fix_off = src_line_start(w->cx, stmt->start);
        site.indent = cx_indent(w->cx, stmt->start);
    }
    return site;
}

/* --- expressions --- */

static void walk_expr(Walk *w, const Expr *e);

static bool
iter_once(const Expr *it)
{
    switch (it->kind) {
    case E_List:
    case E_Tuple:
    case E_Set: {
        ExprSeq elts = it->kind == E_Set ? it->v.Set.elts : it->v.List.elts;
        for (uint32_t i = 0; i < elts.len; i++)
            if (elts.items[i]->kind != E_Starred || iter_once(elts.items[i]->v.Starred.value))
                return true;
        return false;
    }
    case E_Dict:
        for (uint32_t i = 0; i < it->v.Dict.keys.len; i++)
            if (it->v.Dict.keys.items[i] || iter_once(it->v.Dict.values.items[i]))
                return true;
        return false;
    case E_Constant:
        return (it->v.Constant.kind == CONST_STR || it->v.Constant.kind == CONST_BYTES) &&
               it->v.Constant.len > 0;
    case E_Call: {
        const Expr *f = it->v.Call.func;
        if (f->kind != E_Name || strcmp(f->v.Name.id, "range") || it->v.Call.keywords.len ||
            !it->v.Call.args.len || it->v.Call.args.len > 3)
            return false;
        int64_t vals[3] = { 0, 0, 0 };
        for (uint32_t i = 0; i < it->v.Call.args.len; i++) {
            const Expr *a = it->v.Call.args.items[i];
            bool neg = false;
            if (a->kind == E_UnaryOp && a->v.UnaryOp.op == UNARY_USUB) {
                neg = true;
                a = a->v.UnaryOp.operand;
            }
            if (a->kind != E_Constant || a->v.Constant.kind != CONST_INT ||
                !a->v.Constant.fits_int64)
                return false;
            vals[i] = neg ? -a->v.Constant.small : a->v.Constant.small;
        }
        int64_t lo = 0, hi = vals[0], step = 1;
        if (it->v.Call.args.len >= 2) {
            lo = vals[0];
            hi = vals[1];
        }
        if (it->v.Call.args.len == 3)
            step = vals[2];
        if (step == 0)
            return false;
        return step > 0 ? lo < hi : lo > hi;
    }
    default:
        return false;
    }
}

static bool
const_truthy(const Expr *e)
{
    if (e->kind != E_Constant)
        return false;
    switch (e->v.Constant.kind) {
    case CONST_TRUE:
        return true;
    case CONST_INT:
        return !e->v.Constant.fits_int64 || e->v.Constant.small != 0;
    case CONST_FLOAT:
        return e->v.Constant.number != 0;
    case CONST_STR:
    case CONST_BYTES:
        return e->v.Constant.len > 0;
    default:
        return false;
    }
}

static void
walk_comp_for(Walk *w, ComprehensionSeq gens, uint32_t i)
{
    if (!w->uc.len || i >= gens.len)
        return;
    const Comprehension *g = gens.items[i];
    if (g->is_async) {
        checkpoint(w);
        w->comp_unknown = false;
        return;
    }
    walk_expr(w, g->iter);
    if (!iter_once(g->iter)) {
        w->comp_unknown = false;
    } else if (g->ifs.len) {
        w->comp_unknown = false;
        walk_expr(w, g->ifs.items[0]);
    } else {
        walk_comp_for(w, gens, i + 1);
    }
}

static void
on_yield(Walk *w, const Expr *y)
{
    w->has_yield = true;
    cancel_point(w); /* the consumer may checkpoint, as far as ASYNC100/912 care */
    Site site = site_for(w, "yield", y->start, y->end, w->simple);
    check_exit(w, &site);
    w->uc.len = 0;
    set_add(w, &w->uc, (Unc){ UNC_YIELD, y->start });
}

static bool
enter_expr(Visitor *v, const Expr *e)
{
    Walk *w = v->data;
    switch (e->kind) {
    case E_Lambda:
        return false;
    case E_BoolOp: {
        w->bool_depth++;
        ExprSeq vals = e->v.BoolOp.values;
        walk_expr(w, vals.items[0]);
        for (uint32_t i = 1; i < vals.len; i++) {
            UncSet before = set_copy(w, &w->uc);
            walk_expr(w, vals.items[i]); /* may not run: its checkpoints are not guaranteed */
            set_union(w, &w->uc, &before);
        }
        w->bool_depth--;
        return false;
    }
    case E_IfExp: {
        walk_expr(w, e->v.IfExp.test);
        UncSet before = set_copy(w, &w->uc);
        walk_expr(w, e->v.IfExp.body);
        UncSet after_body = w->uc;
        w->uc = before;
        walk_expr(w, e->v.IfExp.orelse);
        set_union(w, &w->uc, &after_body);
        return false;
    }
    case E_ListComp:
    case E_SetComp:
    case E_DictComp: {
        if (!w->uc.len)
            return false;
        bool outer = w->comp_unknown;
        w->comp_unknown = true;
        ComprehensionSeq gens =
            e->kind == E_DictComp ? e->v.DictComp.generators : e->v.ListComp.generators;
        walk_comp_for(w, gens, 0);
        if (w->comp_unknown && w->uc.len) {
            if (e->kind == E_DictComp) {
                walk_expr(w, e->v.DictComp.key);
                walk_expr(w, e->v.DictComp.value);
            } else {
                walk_expr(w, e->v.ListComp.elt);
            }
        }
        w->comp_unknown = outer;
        return false;
    }
    case E_GeneratorExp:
        /* only the first iterable is evaluated where the generator is created */
        walk_expr(w, e->v.GeneratorExp.generators.items[0]->iter);
        return false;
    case E_Call: {
        const Expr *f = e->v.Call.func;
        if (f->kind == E_Attribute && f->v.Attribute.value->kind == E_Name &&
            !strcmp(f->v.Attribute.attr, "start_soon"))
            for (uint32_t i = 0; i < w->groups.len; i++)
                if (!strcmp(w->groups.items[i].name, f->v.Attribute.value->v.Name.id))
                    w->groups.items[i].started = true;
        return true;
    }
    default:
        return true;
    }
}

static void
leave_expr(Visitor *v, const Expr *e)
{
    Walk *w = v->data;
    if (e->kind == E_Await)
        checkpoint(w); /* the awaited expression itself runs before the checkpoint */
    else if (e->kind == E_Yield || e->kind == E_YieldFrom)
        on_yield(w, e);
}

static void
walk_expr(Walk *w, const Expr *e)
{
    if (e)
        visit_expr(&w->v, e);
}

/* --- statements --- */

static void walk_body(Walk *w, StmtSeq body);

static void
walk_loop(Walk *w, const Stmt *s)
{
    Loop loop = { 0 };
    Loop *outer_loop = w->loop;
    bool is_async = s->kind == S_AsyncFor;
    w->simple = NULL;
    if (s->kind == S_While) {
        walk_expr(w, s->v.While.test);
        loop.infinite = loop.once = const_truthy(s->v.While.test);
    } else {
        walk_expr(w, s->v.For.target);
        walk_expr(w, s->v.For.iter);
        loop.once = iter_once(s->v.For.iter);
    }
    w->loop = &loop;
    UncSet outer = w->uc;
    w->uc = (UncSet){ 0 };
    if (is_async)
        checkpoint(w);
    else
        set_add(w, &w->uc, loop_marker);
    StmtSeq body = s->kind == S_While ? s->v.While.body : s->v.For.body;
    StmtSeq orelse = s->kind == S_While ? s->v.While.orelse : s->v.For.orelse;
    walk_body(w, body);

    bool flag913 = loop.infinite && !loop.has_break && set_has(&w->uc, loop_marker);
    /* returns and yields that depended on the marker: the loop's entry, its end and its continues
     * are the statements that reach them */
    for (uint32_t i = 0; i < loop.artificial_errors.len; i++) {
        const Site *site = &loop.artificial_errors.items[i];
        const UncSet *sources[] = { &outer, &w->uc, &loop.before_continue };
        for (uint32_t k = 0; k < 3; k++)
            for (uint32_t j = 0; j < sources[k]->len; j++)
                if (!artificial(sources[k]->items[j]))
                    emit(w, site, sources[k]->items[j], !flag913);
    }
    if (flag913) {
        const Expr *head = s->kind == S_While ? s->v.While.test : s->v.For.iter;
        Cp91Event ev = { .code = CP91_913, .start = s->start, .end = head->end };
        const Stmt *first = body.items[0];
        if (w->cx->fw != FW_ASYNCIO && cx_line(w->cx, first->start) != cx_line(w->cx, s->start)) {
            ev.fix_at = CP91_FIX_LOOP;
            ev.fix_off = src_line_start(w->cx, first->start);
            ev.fix_indent = cx_indent(w->cx, first->start);
        }
        VEC_PUSH(w->a, w->events, ev);
    }
    replace_marker(w, &loop.before_continue, &outer);
    replace_marker(w, &loop.before_break, &outer);
    replace_marker(w, &w->uc, &outer);
    if (is_async) {
        checkpoint(w); /* running out of an async iterator checkpoints */
    } else {
        if (!loop.once)
            set_union(w, &w->uc, &outer);
        if (!loop.infinite)
            set_union(w, &w->uc, &loop.before_continue);
    }
    w->loop = outer_loop;
    walk_body(w, orelse);
    if (loop.infinite && !loop.has_break)
        w->uc.len = 0;
    else
        set_union(w, &w->uc, &loop.before_break);
}

static bool
is_suppress(RuleCtx *cx, const Expr *ce)
{
    if (ce->kind != E_Call)
        return false;
    const char *q = cx_call_target(cx, ce);
    return q && !strcmp(q, "contextlib.suppress");
}

static bool
is_group_call(RuleCtx *cx, const Expr *ce)
{
    const char *q = ce->kind == E_Call ? canonical_target(cx, ce) : NULL;
    return q && (!strcmp(q, "trio.open_nursery") || !strcmp(q, "anyio.create_task_group"));
}

static bool
pop_group(Walk *w, Ident name)
{
    for (uint32_t i = 0; i < w->groups.len; i++)
        if (!strcmp(w->groups.items[i].name, name)) {
            bool started = w->groups.items[i].started;
            w->groups.items[i] = w->groups.items[--w->groups.len];
            return started;
        }
    return false;
}

static void
walk_with(Walk *w, const Stmt *s)
{
    RuleCtx *cx = w->cx;
    bool is_async = s->kind == S_AsyncWith;
    WithItemSeq items = s->v.With.items;
    w->simple = NULL;
    for (uint32_t k = 0; k < items.len; k++) {
        walk_expr(w, items.items[k]->context_expr);
        walk_expr(w, items.items[k]->optional_vars);
    }
    bool suppressing = false;
    UncSet before_suppress = { 0 };
    uint32_t base = w->cms.len;
    for (uint32_t k = 0; k < items.len; k++) {
        const Expr *ce = items.items[k]->context_expr, *as = items.items[k]->optional_vars;
        VEC_PUSH(w->a, w->cms, ((ScopeCm){ .state = -1 }));
        if (is_group_call(cx, ce)) {
            if (as && as->kind == E_Name)
                VEC_PUSH(w->a, w->groups, ((TgName){ as->v.Name.id, false }));
            schedule_point(w); /* entering a nursery schedules but does not cancel */
            continue;
        }
        if (is_async)
            checkpoint(w);
        if (ce->kind != E_Call)
            continue;
        if (is_suppress(cx, ce)) {
            if (!suppressing)
                before_suppress = set_copy(w, &w->uc);
            suppressing = true;
            continue;
        }
        if (cancel_scope_call(cx, ce)) {
            set_add(w, &w->uc, (Unc){ UNC_WITH, ce->start });
            w->cms.items[w->cms.len - 1] = (ScopeCm){ .state = 0, .call = ce };
        }
    }
    walk_body(w, s->v.With.body);
    while (w->cms.len > base) {
        ScopeCm cm = w->cms.items[--w->cms.len];
        /* state 0: no checkpoint at all, which is ASYNC100's to report */
        if (cm.state == 1 && cm.call && set_remove(&w->uc, (Unc){ UNC_WITH, cm.call->start })) {
            Cp91Event ev = { .code = CP91_912, .start = cm.call->start, .end = cm.call->end };
            VEC_PUSH(w->a, w->events, ev);
        }
    }
    if (suppressing) {
        /* an exception the body raises may be swallowed: the code after it runs unchecked */
        UncSet after = w->uc;
        w->uc = before_suppress;
        set_union(w, &w->uc, &after);
    }
    if (!is_async)
        return;
    for (uint32_t k = 0; k < items.len; k++) {
        const Expr *ce = items.items[k]->context_expr, *as = items.items[k]->optional_vars;
        if (!is_group_call(cx, ce)) {
            checkpoint(w);
            return;
        }
        if (as && as->kind == E_Name && pop_group(w, as->v.Name.id)) {
            checkpoint(w); /* a nursery that started tasks waits for them on exit */
            return;
        }
    }
    schedule_point(w);
}

static bool
handler_is_catch_all(const ExceptHandler *h)
{
    return !h->type || (h->type->kind == E_Name && !strcmp(h->type->v.Name.id, "BaseException"));
}

typedef struct YieldScan {
    Walk *w;
    UncSet *into;
} YieldScan;

static bool
scan_yield_stmt(Visitor *v, const Stmt *s)
{
    (void)v;
    return s->kind != S_FunctionDef && s->kind != S_AsyncFunctionDef && s->kind != S_ClassDef;
}

static bool
scan_yield_expr(Visitor *v, const Expr *e)
{
    YieldScan *ys = v->data;
    if (e->kind == E_Lambda)
        return false;
    if (e->kind == E_Yield || e->kind == E_YieldFrom)
        set_add(ys->w, ys->into, (Unc){ UNC_YIELD, e->start });
    return true;
}

static void
walk_try(Walk *w, const Stmt *s)
{
    /* an exception can leave the body at any point: handlers start from the worst case, which
     * includes every yield in the body */
    UncSet body_uc = set_copy(w, &w->uc);
    YieldScan ys = { w, &body_uc };
    Visitor yv = { .enter_stmt = scan_yield_stmt, .enter_expr = scan_yield_expr, .data = &ys };
    visit_stmts(&yv, s->v.Try.body);

    walk_body(w, s->v.Try.body);
    UncSet try_end = w->uc;
    UncSet except_uc = { 0 };
    ExceptHandlerSeq hs = s->v.Try.handlers;
    for (uint32_t i = 0; i < hs.len; i++) {
        w->uc = set_copy(w, &body_uc);
        w->except_depth++;
        w->simple = NULL;
        walk_expr(w, hs.items[i]->type);
        walk_body(w, hs.items[i]->body);
        set_union(w, &except_uc, &w->uc);
        w->except_depth--;
    }
    w->uc = try_end;
    walk_body(w, s->v.Try.orelse);
    set_union(w, &w->uc, &except_uc);
    if (s->v.Try.finalbody.len) {
        /* without a catch-all handler, an exception can jump into finally from anywhere in the
         * body; it is re-raised afterwards, so those statements are dropped again after it */
        UncSet added = { 0 };
        for (uint32_t i = 0; i < body_uc.len; i++)
            if (!set_has(&w->uc, body_uc.items[i]))
                set_add(w, &added, body_uc.items[i]);
        bool catch_all = false;
        for (uint32_t i = 0; i < hs.len; i++)
            catch_all |= handler_is_catch_all(hs.items[i]);
        if (!catch_all)
            set_union(w, &w->uc, &added);
        walk_body(w, s->v.Try.finalbody);
        for (uint32_t i = 0; i < added.len; i++)
            set_remove(&w->uc, added.items[i]);
    }
}

static void
walk_match(Walk *w, const Stmt *s)
{
    w->simple = NULL;
    walk_expr(w, s->v.Match.subject);
    UncSet base = set_copy(w, &w->uc);
    UncSet cases = { 0 };
    bool fallback = false;
    for (uint32_t i = 0; i < s->v.Match.cases.len; i++) {
        const MatchCase *mc = s->v.Match.cases.items[i];
        w->uc = set_copy(w, &base);
        w->simple = NULL;
        walk_expr(w, mc->guard);
        /* `case _:` / `case x:` always matches; with a guard only if the guard checkpoints */
        if (mc->pattern->kind == P_MatchAs && !mc->pattern->v.MatchAs.pattern &&
            (!mc->guard || !w->uc.len))
            fallback = true;
        walk_body(w, mc->body);
        set_union(w, &cases, &w->uc);
    }
    w->uc = cases;
    if (!fallback)
        set_union(w, &w->uc, &base);
}

static void
walk_stmt(Walk *w, const Stmt *s)
{
    switch (s->kind) {
    case S_FunctionDef:
    case S_AsyncFunctionDef: {
        /* defaults run here; the body is analysed on its own */
        const Arguments *args = s->v.FunctionDef.args;
        w->simple = NULL;
        for (uint32_t i = 0; i < args->defaults.len; i++)
            walk_expr(w, args->defaults.items[i]);
        for (uint32_t i = 0; i < args->kw_defaults.len; i++)
            walk_expr(w, args->kw_defaults.items[i]);
        return;
    }
    case S_ClassDef:
        return;
    case S_Return: {
        w->simple = s;
        walk_expr(w, s->v.Return.value);
        Site site = site_for(w, "return", s->start, s->end, s);
        check_exit(w, &site);
        schedule_point(w); /* no second error further on, but no cancel point for 912 */
        return;
    }
    case S_Raise:
        w->simple = s;
        walk_expr(w, s->v.Raise.exc);
        walk_expr(w, s->v.Raise.cause);
        checkpoint(w); /* an exception needs no checkpoint */
        return;
    case S_If: {
        w->simple = NULL;
        walk_expr(w, s->v.If.test);
        UncSet before = set_copy(w, &w->uc);
        walk_body(w, s->v.If.body);
        UncSet after_body = w->uc;
        w->uc = before;
        walk_body(w, s->v.If.orelse);
        set_union(w, &w->uc, &after_body);
        return;
    }
    case S_While:
    case S_For:
    case S_AsyncFor:
        walk_loop(w, s);
        return;
    case S_With:
    case S_AsyncWith:
        walk_with(w, s);
        return;
    case S_Try:
    case S_TryStar:
        walk_try(w, s);
        return;
    case S_Match:
        walk_match(w, s);
        return;
    case S_Continue:
        if (w->loop)
            set_union(w, &w->loop->before_continue, &w->uc);
        return;
    case S_Break:
        if (w->loop) {
            w->loop->has_break = true;
            set_union(w, &w->loop->before_break, &w->uc);
        }
        return;
    default:
        w->simple = s;
        visit_stmt(&w->v, s);
        w->simple = NULL;
        return;
    }
}

static void
walk_body(Walk *w, StmtSeq body)
{
    for (uint32_t i = 0; i < body.len; i++)
        walk_stmt(w, body.items[i]);
}

/* The statements of a simple statement: expressions only, so the visitor stays in them. */
static bool
enter_stmt(Visitor *v, const Stmt *s)
{
    (void)v;
    return s->kind != S_FunctionDef && s->kind != S_AsyncFunctionDef && s->kind != S_ClassDef;
}

/* --- exemptions --- */

static bool
empty_body(StmtSeq body)
{
    for (uint32_t i = 0; i < body.len; i++) {
        const Stmt *s = body.items[i];
        if (s->kind == S_Pass)
            continue;
        if (s->kind == S_Expr && s->v.Expr.value->kind == E_Constant &&
            (s->v.Expr.value->v.Constant.kind == CONST_ELLIPSIS ||
             s->v.Expr.value->v.Constant.kind == CONST_STR))
            continue;
        return false;
    }
    return true;
}

/* Decorated with `name`, `x.name` or either called (flake8-async matches the last name). */
static bool
decorated(const Stmt *fn, const char *name)
{
    ExprSeq decos = fn->v.FunctionDef.decorator_list;
    for (uint32_t i = 0; i < decos.len; i++) {
        const Expr *d = decos.items[i];
        if (d->kind == E_Call)
            d = d->v.Call.func;
        Ident last = d->kind == E_Name        ? d->v.Name.id
                     : d->kind == E_Attribute ? d->v.Attribute.attr
                                              : NULL;
        if (last && !strcmp(last, name))
            return true;
    }
    return false;
}

static const Stmt *
class_method(const Stmt *cls, const char *name)
{
    for (uint32_t i = 0; i < cls->v.ClassDef.body.len; i++) {
        const Stmt *s = cls->v.ClassDef.body.items[i];
        if (s->kind == S_AsyncFunctionDef && !strcmp(s->v.FunctionDef.name, name))
            return s;
    }
    return NULL;
}

/* An `__aenter__` / `__aexit__` without checkpoints is fine when its partner checkpoints, or is
 * inherited (the class has bases); when neither checkpoints only `__aenter__` is reported. */
static bool
exempt_cm_method(RuleCtx *cx, const Stmt *fn)
{
    const char *name = fn->v.FunctionDef.name;
    bool enter = !strcmp(name, "__aenter__");
    if (!enter && strcmp(name, "__aexit__"))
        return false;
    bool is_stmt = false;
    const Stmt *cls = cx_parent(cx, 0, &is_stmt);
    if (!cls || !is_stmt || cls->kind != S_ClassDef || class_method(cls, name) != fn)
        return false;
    if (body_can_be_cancelled(fn->v.FunctionDef.body))
        return false;
    const Stmt *partner = class_method(cls, enter ? "__aexit__" : "__aenter__");
    if (partner)
        return body_can_be_cancelled(partner->v.FunctionDef.body) || !enter;
    return cls->v.ClassDef.bases.len > 0;
}

Cp91Result
cp91x_analyze(RuleCtx *cx, const Stmt *fn)
{
    Cp91Result res = { NULL, 0 };
    if (fn->kind != S_AsyncFunctionDef || empty_body(fn->v.FunctionDef.body) ||
        decorated(fn, "overload") || decorated(fn, "fixture"))
        return res;
    Arena scratch;
    arena_init(&scratch, 0);
    Walk w = { .cx = cx, .a = &scratch };
    w.v = (Visitor){
        .enter_stmt = enter_stmt, .enter_expr = enter_expr, .leave_expr = leave_expr, .data = &w
    };
    w.exempt = exempt_cm_method(cx, fn);
    set_add(&w, &w.uc, (Unc){ UNC_DEF, fn->start });
    StmtSeq body = fn->v.FunctionDef.body;
    walk_body(&w, body);

    uint32_t head_end = src_next_line(cx, fn->start);
    if (head_end > fn->start && cx->pf->src.text[head_end - 1] == '\n')
        head_end--;
    Site exit = { .what = "exit", .start = fn->start, .end = head_end };
    const Stmt *first = body.items[0], *last = body.items[body.len - 1];
    if (cx->fw != FW_ASYNCIO && cx_line(cx, first->start) != cx_line(cx, fn->start)) {
        exit.fix_at = CP91_FIX_END;
        exit.fix_off = src_next_line(cx, last->end > 0 ? last->end - 1 : 0);
        exit.indent = cx_indent(cx, first->start);
    }
    for (uint32_t i = 0; i < w.uc.len; i++)
        if (!artificial(w.uc.items[i]))
            emit(&w, &exit, w.uc.items[i], true);

    res.n = w.events.len;
    res.events = ARENA_ARRAY(cx->out_arena, Cp91Event, res.n ? res.n : 1);
    for (uint32_t i = 0; i < res.n; i++) {
        res.events[i] = w.events.items[i];
        if (res.events[i].fix_indent)
            res.events[i].fix_indent = arena_strdup(cx->out_arena, res.events[i].fix_indent);
    }
    arena_free(&scratch);
    return res;
}

void
cp91x_report(RuleCtx *cx, const Stmt *fn, Cp91Code code)
{
    Cp91Result r = cp91x_analyze(cx, fn);
    const char *mod = framework_name(cx->fw);
    for (uint32_t i = 0; i < r.n; i++) {
        const Cp91Event *e = &r.events[i];
        if (e->code != code)
            continue;
        Finding *f;
        switch (code) {
        case CP91_910:
            f = rule_report(
                cx, e->start, e->end,
                "%s from async function `%s` with no guaranteed checkpoint or exception since "
                "function definition on line %u",
                !strcmp(e->what, "exit") ? "Exit" : "Return", fn->v.FunctionDef.name,
                cx_line(cx, e->since));
            break;
        case CP91_911:
            f = rule_report(
                cx, e->start, e->end,
                "%s from async iterable `%s` with no guaranteed checkpoint since %s on line %u",
                !strcmp(e->what, "exit")    ? "Exit"
                : !strcmp(e->what, "yield") ? "Yield"
                                            : "Return",
                fn->v.FunctionDef.name, e->since_yield ? "yield" : "function definition",
                cx_line(cx, e->since));
            break;
        case CP91_912:
            f = rule_report(
                cx, e->start, e->end,
                "`%s` has checkpoints but none guaranteed, so it may be impossible to cancel",
                cx_text(cx, e->start, e->end));
            break;
        default:
            f = rule_report(cx, e->start, e->end, "Indefinite loop with no guaranteed checkpoint");
            break;
        }
        if (e->fix_at == CP91_FIX_NONE)
            continue;
        const char *line =
            arena_sprintf(cx->out_arena, "%sawait %s.lowlevel.checkpoint()\n", e->fix_indent, mod);
        if (e->fix_off >= cx->pf->src.len && cx->pf->src.len &&
            cx->pf->src.text[cx->pf->src.len - 1] != '\n')
            line = arena_sprintf(cx->out_arena, "\n%.*s", (int)(strlen(line) - 1), line);
        finding_edit(cx, f, e->fix_off, e->fix_off, line);
        finding_add_import(cx, f, mod);
        finding_fix_title(cx, f, "Insert `await %s.lowlevel.checkpoint()`", mod);
    }
}
