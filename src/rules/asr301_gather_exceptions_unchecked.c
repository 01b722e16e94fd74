/* ASR301 gather-exceptions-unchecked: `asyncio.gather(..., return_exceptions=True)` whose results
 * are thrown away, or kept in names the function never examines for exceptions (no isinstance check
 * against an exception class, no `raise` of a result, never handed to other code). */
#include "rules/asyncsem.h"
#include "rules/cancelsem.h"
#include "rules/structured.h"
#include "rules/usesem.h"

#include "parse/visit.h"

#include <string.h>

static const char *const gathers[] = { "asyncio.gather", NULL };

/* Calls that only reshape or count a sequence: passing results to them examines nothing. */
static const char *const reshapers[] = { "len",   "zip",  "enumerate", "list",
                                         "tuple", "iter", "reversed",  NULL };

typedef struct Examine {
    RuleCtx *cx;
    bool found;
} Examine;

/* isinstance(x, <exception class>) / issubclass / `raise <name>` anywhere in the function. */
static bool
ex_enter_expr(Visitor *v, const Expr *e)
{
    Examine *ex = v->data;
    if (e->kind != E_Call || e->v.Call.func->kind != E_Name || e->v.Call.args.len != 2)
        return true;
    const char *f = e->v.Call.func->v.Name.id;
    if (strcmp(f, "isinstance") && strcmp(f, "issubclass"))
        return true;
    const char *cls = cx_expr_text(ex->cx, e->v.Call.args.items[1]);
    if (strstr(cls, "Exception") || strstr(cls, "Error") || strstr(cls, "Cancelled"))
        ex->found = v->stop = true;
    return true;
}

static bool
ex_enter_stmt(Visitor *v, const Stmt *s)
{
    Examine *ex = v->data;
    if (s->kind == S_Raise && s->v.Raise.exc &&
        (s->v.Raise.exc->kind == E_Name || s->v.Raise.exc->kind == E_Subscript))
        ex->found = v->stop = true;
    return true;
}

static bool
function_examines(RuleCtx *cx, const Stmt *fn)
{
    Examine ex = { cx, false };
    Visitor v = { .enter_stmt = ex_enter_stmt, .enter_expr = ex_enter_expr, .data = &ex };
    visit_stmts(&v, fn->v.FunctionDef.body);
    return ex.found;
}

/* A read of the results that may look at them elsewhere: handed to a call (other than a reshaper),
 * returned, yielded, stored on an object or in a container, bound to another name. */
static bool
use_escapes(RuleCtx *cx, const Stmt *fn, const Expr *name)
{
    UsePath p;
    if (!use_path(fn->v.FunctionDef.body, name, &p))
        return true;
    const Expr *below = name;
    for (uint32_t i = 0; i < p.nexprs; i++) {
        const Expr *e = p.exprs[i];
        if (e->kind == E_Call && e->v.Call.func != below) {
            const Expr *f = e->v.Call.func;
            if (f->kind == E_Name && !strcmp(f->v.Name.id, "len") &&
                sem_is_builtin(cx->sm, cx->scope, f, "len"))
                return false; /* a count */
            if (f->kind != E_Name || !qualname_in(f->v.Name.id, reshapers) ||
                !sem_is_builtin(cx->sm, cx->scope, f, f->v.Name.id))
                return true;
        }
        if (e->kind == E_Yield || e->kind == E_YieldFrom || e->kind == E_NamedExpr ||
            e->kind == E_Lambda)
            return true;
        below = e;
    }
    for (uint32_t i = 0; i < p.nstmts; i++) {
        const Stmt *s = p.stmts[i];
        if (s->kind == S_Return || s->kind == S_Assign || s->kind == S_AnnAssign ||
            s->kind == S_AugAssign)
            return true;
        if (s->kind == S_FunctionDef || s->kind == S_AsyncFunctionDef)
            break;
    }
    return false;
}

/* Every name bound by target (a Name or a tuple/list of Names) is read only in ways that cannot
 * look for exceptions. false when the target has another shape. */
static bool
names_unexamined(RuleCtx *cx, const Stmt *fn, const Expr *target)
{
    if (target->kind == E_Tuple || target->kind == E_List) {
        for (uint32_t i = 0; i < target->v.Tuple.elts.len; i++)
            if (!names_unexamined(cx, fn, target->v.Tuple.elts.items[i]))
                return false;
        return true;
    }
    if (target->kind != E_Name)
        return false;
    const Binding *b = sem_binding_of(cx->sm, target);
    if (!b)
        return false;
    for (uint32_t i = 0; i < b->uses.len; i++)
        if (use_escapes(cx, fn, b->uses.items[i].name))
            return false;
    return true;
}

static const char *
check_loop(RuleCtx *cx, const char *name)
{
    return arena_sprintf(cx->out_arena,
                         "for result in %s:\n"
                         "    if isinstance(result, Exception):\n"
                         "        raise result  # or log it; a failure must not pass silently",
                         name);
}

static void
check_call(RuleCtx *cx, const Expr *call)
{
    if (!expr_is_call_to(cx, call, gathers) ||
        !expr_is_true(keyword_arg(call, "return_exceptions")))
        return;
    const Stmt *fn = enclosing_function_stmt(cx, NULL);
    if (!fn || func_is_cleanup(fn))
        return;
    const Expr *parent =
        cx->depth && !cx->stack[cx->depth - 1].is_stmt ? cx->stack[cx->depth - 1].node : NULL;
    const Expr *value = parent && parent->kind == E_Await ? parent : call;
    UsePath p;
    if (!use_path(fn->v.FunctionDef.body, value, &p) || !p.nstmts)
        return;
    if (path_in_cleanup(&p, call->start))
        return; /* waiting out tasks while handling another error or cleaning up */
    if (stmts_call_method(fn->v.FunctionDef.body, "cancel", call->start))
        return; /* cancel, then gather to wait for the cancellations: errors are expected */
    const Stmt *s = p.stmts[0];
    const char *gtext = cx_expr_text(cx, value);
    if (!p.nexprs && s->kind == S_Expr) {
        if (value == call)
            return; /* a future nobody awaits: another problem */
        Finding *f =
            rule_report_expr(cx, call,
                             "`%s(..., return_exceptions=True)` collects the exceptions of its "
                             "awaitables and this statement throws them away",
                             cx_expr_text(cx, call->v.Call.func));
        finding_suggest(
            cx, f, s->start, s->end,
            arena_sprintf(cx->out_arena, "results = %s\n%s", gtext, check_loop(cx, "results")));
        return;
    }
    if (function_examines(cx, fn))
        return;
    if (!p.nexprs && s->kind == S_Assign && s->v.Assign.targets.len == 1) {
        const Expr *t = s->v.Assign.targets.items[0];
        if (!names_unexamined(cx, fn, t))
            return;
        Finding *f =
            rule_report_expr(cx, call,
                             "The results of `%s(..., return_exceptions=True)` are never checked "
                             "for exceptions, so a failed awaitable passes silently",
                             cx_expr_text(cx, call->v.Call.func));
        const char *seq = t->kind == E_Name
                              ? cx_expr_text(cx, t)
                              : arena_sprintf(cx->out_arena, "(%s)", cx_expr_text(cx, t));
        finding_suggest(cx, f, s->start, s->end,
                        arena_sprintf(cx->out_arena, "%s\n%s", sugg_dedent(cx, s->start, s->end),
                                      check_loop(cx, seq)));
        return;
    }
    if (p.nexprs == 0 && (s->kind == S_For || s->kind == S_AsyncFor) && s->v.For.iter == value &&
        s->v.For.target->kind == E_Name && names_unexamined(cx, fn, s->v.For.target)) {
        const char *var = cx_expr_text(cx, s->v.For.target);
        Finding *f =
            rule_report_expr(cx, call,
                             "The results of `%s(..., return_exceptions=True)` are never checked "
                             "for exceptions, so a failed awaitable passes silently",
                             cx_expr_text(cx, call->v.Call.func));
        StmtSeq body = s->v.For.body;
        if (!body.len || s->v.For.orelse.len ||
            cx_line(cx, body.items[0]->start) == cx_line(cx, s->start))
            return;
        const char *head = cx_text(cx, s->start, body.items[0]->start);
        const char *rest = sugg_dedent(cx, body.items[0]->start, body.items[body.len - 1]->end);
        uint32_t hl = (uint32_t)strlen(head);
        while (hl && (head[hl - 1] == ' ' || head[hl - 1] == '\t' || head[hl - 1] == '\n'))
            hl--;
        finding_suggest(
            cx, f, s->start, s->end,
            arena_sprintf(cx->out_arena,
                          "%.*s\n    if isinstance(%s, Exception):\n        raise %s\n%s", (int)hl,
                          head, var, var, sugg_indent(cx, rest, "    ", false)));
    }
}

const RuleDesc rule_asr301 = {
    .code = "ASR301",
    .name = "gather-exceptions-unchecked",
    .severity = SEV_WARNING,
    .area = AREA_ERROR_HANDLING,
    .frameworks = FW_BIT(FW_ASYNCIO),
    .expr_kinds = EXPR_BIT(E_Call),
    .on_expr = check_call,
    .summary =
        "`gather(..., return_exceptions=True)` whose results are never checked for exceptions",
    .why = "With `return_exceptions=True`, `gather` returns exceptions as ordinary list items "
           "instead of "
           "raising them. Unless the caller looks for them, every failure of the gathered work is "
           "silently dropped.",
    .doc =
        "## What it does\n"
        "Flags `asyncio.gather(..., return_exceptions=True)` when its result is discarded, or "
        "bound "
        "to names that the function never examines: no `isinstance(r, Exception)` (or another "
        "exception class) check, no `raise` of a result, and the results are not returned, stored "
        "or "
        "handed to other code that could check them. Gathers in `finally` blocks, except handlers, "
        "clean-up methods (`close`, `shutdown`, `__aexit__`...) and after `.cancel()` calls are "
        "left alone: there, waiting out the tasks while ignoring their errors is the point.\n\n"
        "## Why is this bad?\n"
        "`return_exceptions=True` turns exceptions into return values. If nobody looks at them, a "
        "failing request, query or task is lost without a trace.\n\n"
        "## Example\n"
        "```python\n"
        "import asyncio\n\n"
        "async def refresh_all(caches):\n"
        "    await asyncio.gather(*(c.refresh() for c in caches), return_exceptions=True)\n"
        "```\n\n"
        "Use instead:\n"
        "```python\n"
        "import asyncio\n\n"
        "async def refresh_all(caches):\n"
        "    results = await asyncio.gather(*(c.refresh() for c in caches), "
        "return_exceptions=True)\n"
        "    for result in results:\n"
        "        if isinstance(result, Exception):\n"
        "            log.error(\"refresh failed\", exc_info=result)\n"
        "```\n",
};
