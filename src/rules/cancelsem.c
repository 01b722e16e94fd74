/* cancelsem: shared analysis of cancellation handlers, `finally` blocks and shielded scopes. */
#include "rules/cancelsem.h"

#include "base/strbuf.h"
#include "parse/visit.h"
#include "rules/asyncsem.h"
#include "rules/suggest.h"

#include <string.h>

static const char *const cancel_classes[] = {
    "asyncio.CancelledError",
    "asyncio.exceptions.CancelledError",
    "trio.Cancelled",
    NULL,
};

/* One exception class expression: 0 = not cancellation, 1 = catch-all, 2 = the cancellation class.
 */
static int
class_kind(RuleCtx *cx, const Expr *e)
{
    if (e->kind == E_Call) {
        const char *q = cx_call_target(cx, e);
        return q && !strcmp(q, "anyio.get_cancelled_exc_class") && !e->v.Call.args.len ? 2 : 0;
    }
    if (e->kind != E_Name && e->kind != E_Attribute)
        return 0;
    const char *q = cx_qualname(cx, e);
    if (!q)
        return 0;
    if (!strcmp(q, "builtins.BaseException"))
        return 1;
    return qualname_in(q, cancel_classes) ? 2 : 0;
}

const char *
handler_catches_cancel(RuleCtx *cx, const ExceptHandler *h, bool *explicit_cancel)
{
    *explicit_cancel = false;
    if (!h->type)
        return "except:";
    if (h->type->kind != E_Tuple) {
        int k = class_kind(cx, h->type);
        *explicit_cancel = k == 2;
        return k ? cx_expr_text(cx, h->type) : NULL;
    }
    const char *found = NULL;
    ExprSeq elts = h->type->v.Tuple.elts;
    for (uint32_t i = 0; i < elts.len; i++) {
        int k = class_kind(cx, elts.items[i]);
        if (k == 2)
            *explicit_cancel = true;
        if (k && !found)
            found = cx_expr_text(cx, elts.items[i]);
    }
    return found;
}

bool
handler_is_critical(RuleCtx *cx, const Stmt *try_stmt, uint32_t handler_index)
{
    ExceptHandlerSeq hs = try_stmt->v.Try.handlers;
    bool explicit_cancel = false;
    if (!handler_catches_cancel(cx, hs.items[handler_index], &explicit_cancel))
        return false;
    if (explicit_cancel)
        return true;
    for (uint32_t i = 0; i < handler_index; i++) {
        bool earlier = false;
        if (handler_catches_cancel(cx, hs.items[i], &earlier) && earlier)
            return false;
    }
    return true;
}

/* ---- re-raise paths (flake8-async's Visitor103_104, restated over our AST) ----------------------
 */

typedef struct Flow {
    RuleCtx *cx;
    Ident except_name;
    bool unraised, unraised_break, unraised_continue;
    uint32_t loop_depth;
    ReraiseScan *out;
} Flow;

static void flow_stmts(Flow *fl, StmtSeq body);

static void
note(Flow *fl, const void *node, bool is_stmt)
{
    ReraiseScan *o = fl->out;
    for (uint32_t i = 0; i < o->n; i++)
        if (o->nodes[i] == node)
            return;
    if (o->n < ARRAY_LEN(o->nodes)) {
        o->nodes[o->n] = node;
        o->node_is_stmt[o->n++] = is_stmt;
    }
}

static bool
is_yield(const Expr *e, void *data)
{
    (void)data;
    return e->kind == E_Yield || e->kind == E_YieldFrom;
}

typedef struct YieldFind {
    const Expr *found;
} YieldFind;

static bool
find_yield(Visitor *v, const Expr *e)
{
    YieldFind *yf = v->data;
    if (e->kind == E_Lambda)
        return false;
    if (is_yield(e, NULL) && !yf->found) {
        yf->found = e;
        v->stop = true;
    }
    return true;
}

/* A yield in the expressions of a simple statement (nested scopes excluded). */
static void
flow_simple(Flow *fl, const Stmt *s)
{
    if (!fl->unraised)
        return;
    YieldFind yf = { NULL };
    Visitor v = { .enter_expr = find_yield, .data = &yf };
    visit_stmt(&v, s);
    if (yf.found)
        note(fl, yf.found, false);
}

static bool
iter_guaranteed_once(const Expr *it)
{
    switch (it->kind) {
    case E_List:
    case E_Tuple:
        return it->v.List.elts.len > 0;
    case E_Set:
        return it->v.Set.elts.len > 0;
    case E_Constant:
        return it->v.Constant.kind == CONST_STR && it->v.Constant.len > 0;
    default:
        return false;
    }
}

static bool
const_truthy(const Expr *e)
{
    if (e->kind != E_Constant)
        return false;
    if (e->v.Constant.kind == CONST_TRUE)
        return true;
    if (e->v.Constant.kind == CONST_INT)
        return !e->v.Constant.fits_int64 || e->v.Constant.small != 0;
    return false;
}

static void
flow_loop(Flow *fl, const Stmt *s)
{
    bool infinite = false, once = false;
    if (s->kind == S_While)
        infinite = once = const_truthy(s->v.While.test);
    else
        once = iter_guaranteed_once(s->v.For.iter);
    bool saved_break = fl->unraised_break, saved_continue = fl->unraised_continue;
    fl->unraised_break = fl->unraised_continue = false;
    fl->loop_depth++;
    flow_stmts(fl, s->kind == S_While ? s->v.While.body : s->v.For.body);
    fl->loop_depth--;
    if (!(infinite || (once && !fl->unraised_continue)))
        fl->unraised = true;
    flow_stmts(fl, s->kind == S_While ? s->v.While.orelse : s->v.For.orelse);
    fl->unraised |= fl->unraised_break;
    fl->unraised_break = saved_break;
    fl->unraised_continue = saved_continue;
}

static void
flow_try(Flow *fl, const Stmt *s)
{
    flow_stmts(fl, s->v.Try.body);
    fl->unraised = true;
    for (uint32_t i = 0; i < s->v.Try.handlers.len; i++) {
        const ExceptHandler *h = s->v.Try.handlers.items[i];
        bool ex = false;
        /* a nested cancellation handler is analysed on its own; its raises are not ours */
        if (!handler_catches_cancel(fl->cx, h, &ex)) {
            Ident saved = fl->except_name;
            flow_stmts(fl, h->body);
            fl->except_name = saved;
        }
        fl->unraised = true;
    }
    flow_stmts(fl, s->v.Try.orelse);
    fl->unraised = true;
    flow_stmts(fl, s->v.Try.finalbody);
}

static void
flow_stmt(Flow *fl, const Stmt *s)
{
    switch (s->kind) {
    case S_FunctionDef:
    case S_AsyncFunctionDef:
    case S_ClassDef:
        return;
    case S_Raise: {
        const Expr *exc = s->v.Raise.exc;
        if (fl->unraised && exc &&
            !(exc->kind == E_Name && fl->except_name && exc->v.Name.id == fl->except_name))
            note(fl, s, true);
        fl->unraised = false;
        return;
    }
    case S_Return:
        if (fl->unraised)
            note(fl, s, true);
        flow_simple(fl, s);
        return;
    case S_Break:
    case S_Continue:
        if (fl->unraised && fl->loop_depth == 0)
            note(fl, s, true);
        if (s->kind == S_Break)
            fl->unraised_break |= fl->unraised;
        else
            fl->unraised_continue |= fl->unraised;
        return;
    case S_If: {
        if (!fl->unraised)
            return;
        flow_stmts(fl, s->v.If.body);
        bool body_raised = !fl->unraised;
        fl->unraised = true;
        flow_stmts(fl, s->v.If.orelse);
        fl->unraised = !body_raised || fl->unraised;
        return;
    }
    case S_Match: {
        if (!fl->unraised)
            return;
        bool all_raise = true, fallback = false;
        for (uint32_t i = 0; i < s->v.Match.cases.len; i++) {
            const MatchCase *c = s->v.Match.cases.items[i];
            fallback |=
                !c->guard && c->pattern->kind == P_MatchAs && !c->pattern->v.MatchAs.pattern;
            flow_stmts(fl, c->body);
            all_raise &= !fl->unraised;
            fl->unraised = true;
        }
        fl->unraised = !(all_raise && fallback);
        return;
    }
    case S_For:
    case S_AsyncFor:
    case S_While:
        if (fl->unraised)
            flow_loop(fl, s);
        return;
    case S_Try:
    case S_TryStar:
        if (fl->unraised)
            flow_try(fl, s);
        return;
    case S_With:
    case S_AsyncWith:
        flow_stmts(fl, s->v.With.body);
        return;
    default:
        flow_simple(fl, s);
        return;
    }
}

static void
flow_stmts(Flow *fl, StmtSeq body)
{
    for (uint32_t i = 0; i < body.len; i++)
        flow_stmt(fl, body.items[i]);
}

void
handler_scan_reraise(RuleCtx *cx, const ExceptHandler *h, ReraiseScan *out)
{
    memset(out, 0, sizeof *out);
    Flow fl = { .cx = cx, .except_name = h->name, .unraised = true, .out = out };
    flow_stmts(&fl, h->body);
    out->may_fall_through = fl.unraised;
}

const char *
cancel_reraise_handler(RuleCtx *cx)
{
    const char *mod = cx_framework_module(cx);
    switch (cx->fw) {
    case FW_TRIO:
        return arena_sprintf(cx->out_arena, "except %s.Cancelled:\n    raise", mod);
    case FW_ANYIO:
        return arena_sprintf(cx->out_arena, "except %s.get_cancelled_exc_class():\n    raise", mod);
    default:
        return arena_sprintf(cx->out_arena, "except %s.CancelledError:\n    raise", mod);
    }
}

/* ---- shielded scopes ----------------------------------------------------------------------------
 */

static bool
is_scope_call(RuleCtx *cx, const Expr *e)
{
    const CatalogEntry *ce = call_entry(cx, e);
    return ce && (ce->flags & CATF_CANCEL_SCOPE) && strncmp(ce->qualname, "asyncio.", 8) != 0;
}

typedef struct ShieldFind {
    Ident var;
    bool found;
} ShieldFind;

static bool
find_shield_assign(Visitor *v, const Stmt *s)
{
    ShieldFind *sf = v->data;
    if (s->kind == S_FunctionDef || s->kind == S_AsyncFunctionDef || s->kind == S_ClassDef)
        return false;
    if (s->kind != S_Assign || s->v.Assign.targets.len != 1 || !expr_is_true(s->v.Assign.value))
        return true;
    const Expr *t = s->v.Assign.targets.items[0];
    if (t->kind != E_Attribute || strcmp(t->v.Attribute.attr, "shield") != 0)
        return true;
    const Expr *base = t->v.Attribute.value;
    if (base->kind == E_Attribute && !strcmp(base->v.Attribute.attr, "cancel_scope"))
        base = base->v.Attribute.value;
    if (base->kind == E_Name && base->v.Name.id == sf->var) {
        sf->found = true;
        v->stop = true;
    }
    return true;
}

bool
with_is_shielded(RuleCtx *cx, const Stmt *with)
{
    for (uint32_t i = 0; i < with->v.With.items.len; i++) {
        const WithItem *it = with->v.With.items.items[i];
        const Expr *ce = it->context_expr;
        if (ce->kind != E_Call || !is_scope_call(cx, ce))
            continue;
        for (uint32_t k = 0; k < ce->v.Call.keywords.len; k++) {
            const Keyword *kw = ce->v.Call.keywords.items[k];
            if (kw->arg && !strcmp(kw->arg, "shield") && expr_is_true(kw->value))
                return true;
        }
        if (it->optional_vars && it->optional_vars->kind == E_Name) {
            ShieldFind sf = { it->optional_vars->v.Name.id, false };
            Visitor v = { .enter_stmt = find_shield_assign, .data = &sf };
            visit_stmts(&v, with->v.With.body);
            if (sf.found)
                return true;
        }
    }
    return false;
}

const char *
sugg_indent(RuleCtx *cx, const char *code, const char *prefix, bool skip_first)
{
    StrBuf sb = STRBUF_INIT;
    bool line_start = !skip_first;
    for (const char *p = code; *p; p++) {
        if (line_start && *p != '\n')
            sb_adds(&sb, prefix);
        sb_addc(&sb, *p);
        line_start = *p == '\n';
    }
    const char *out = arena_strndup(cx->out_arena, sb_cstr(&sb), sb.len);
    sb_free(&sb);
    return out;
}

static bool
await_here(Visitor *v, const Stmt *s)
{
    bool *found = v->data;
    if (s->kind == S_FunctionDef || s->kind == S_AsyncFunctionDef || s->kind == S_ClassDef)
        return false;
    if (s->kind == S_AsyncFor || s->kind == S_AsyncWith) {
        *found = true;
        v->stop = true;
    }
    return true;
}

static bool
await_expr_here(Visitor *v, const Expr *e)
{
    bool *found = v->data;
    if (e->kind == E_Lambda)
        return false;
    if (e->kind == E_Await) {
        *found = true;
        v->stop = true;
    }
    if ((e->kind == E_ListComp || e->kind == E_SetComp || e->kind == E_GeneratorExp ||
         e->kind == E_DictComp)) {
        ComprehensionSeq gens =
            e->kind == E_DictComp ? e->v.DictComp.generators : e->v.ListComp.generators;
        for (uint32_t i = 0; i < gens.len; i++)
            if (gens.items[i]->is_async) {
                *found = true;
                v->stop = true;
            }
    }
    return true;
}

bool
body_can_be_cancelled(StmtSeq body)
{
    bool found = false;
    Visitor v = { .enter_stmt = await_here, .enter_expr = await_expr_here, .data = &found };
    visit_stmts(&v, body);
    return found;
}

const char *
handler_label(RuleCtx *cx, const ExceptHandler *h)
{
    if (!h->type)
        return "except:";
    return arena_sprintf(cx->out_arena, "except %s", cx_expr_text(cx, h->type));
}

const char *
handler_with_reraise(RuleCtx *cx, const ExceptHandler *h)
{
    if (!h->body.len || cx_line(cx, h->body.items[0]->start) == cx_line(cx, h->start))
        return NULL;
    const char *outer = cx_indent(cx, h->start);
    const char *inner = cx_indent(cx, h->body.items[0]->start);
    size_t n = strlen(outer);
    if (strlen(inner) <= n || strncmp(inner, outer, n) != 0)
        return NULL;
    const char *text = sugg_dedent(cx, h->start, h->end);
    return arena_sprintf(cx->out_arena, "%s\n%sraise", text, inner + n);
}

static uint32_t
node_start(const NodeRef *ref)
{
    return ref->is_stmt ? ((const Stmt *)ref->node)->start : ((const Expr *)ref->node)->start;
}

CleanupSpot
cleanup_spot(RuleCtx *cx, uint32_t start)
{
    CleanupSpot none = { CLEANUP_NONE, NULL, NULL }, found = none;
    uint32_t fn_index = 0;
    const Stmt *fn = enclosing_function_stmt(cx, &fn_index);
    if (!fn || fn->kind != S_AsyncFunctionDef)
        return none;
    bool shielded = false, except_shielded = false;
    for (uint32_t i = cx->depth; i-- > fn_index + 1;) {
        if (!cx->stack[i].is_stmt)
            continue;
        const Stmt *s = cx->stack[i].node;
        if ((s->kind == S_With || s->kind == S_AsyncWith) && with_is_shielded(cx, s))
            shielded = true;
        if (s->kind != S_Try && s->kind != S_TryStar)
            continue;
        uint32_t child = i + 1 < cx->depth ? node_start(&cx->stack[i + 1]) : start;
        StmtSeq fin = s->v.Try.finalbody;
        if (fin.len && child >= fin.items[0]->start && child < s->end)
            return shielded ? none : (CleanupSpot){ CLEANUP_FINALLY, s, NULL };
        for (uint32_t k = 0; k < s->v.Try.handlers.len; k++) {
            const ExceptHandler *h = s->v.Try.handlers.items[k];
            if (child < h->start || child >= h->end)
                continue;
            if (handler_is_critical(cx, s, k))
                return shielded ? none : (CleanupSpot){ CLEANUP_CANCEL, s, h };
            if (found.kind == CLEANUP_NONE) {
                found = (CleanupSpot){ CLEANUP_EXCEPT, s, h };
                except_shielded = shielded;
            }
        }
    }
    return except_shielded ? none : found;
}

static bool
simple_stmt(const Stmt *s)
{
    switch (s->kind) {
    case S_Expr:
    case S_Assign:
    case S_AugAssign:
    case S_AnnAssign:
    case S_AsyncFor:
    case S_AsyncWith:
        return true;
    default:
        return false;
    }
}

const char *
sugg_shielded(RuleCtx *cx, const Stmt *stmt)
{
    if (!simple_stmt(stmt) || cx->fw == FW_ASYNCIO)
        return NULL;
    const char *body = sugg_indent(cx, sugg_dedent(cx, stmt->start, stmt->end), "    ", false);
    const char *mod = cx_framework_module(cx);
    if (cx->fw == FW_TRIO)
        return arena_sprintf(
            cx->out_arena,
            "with %s.move_on_after(10) as cleanup_scope:\n    cleanup_scope.shield = True\n%s", mod,
            body);
    return arena_sprintf(cx->out_arena, "with %s.move_on_after(10, shield=True):\n%s", mod, body);
}
