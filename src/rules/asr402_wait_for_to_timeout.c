/* ASR402 wait-for-to-timeout: on Python 3.11+, `await asyncio.wait_for(coro(), t)` and the
 * async-timeout package's `async_timeout.timeout(t)`, both of which `asyncio.timeout(t)` replaces.
 */
#include "rules/structured.h"

#include <string.h>

/* The statement whose whole value is e (an expression statement, assignment or return), or NULL. */
static const Stmt *
value_stmt(RuleCtx *cx, const Expr *e)
{
    bool is_stmt = false;
    const Stmt *s = cx_parent(cx, 0, &is_stmt);
    if (!s || !is_stmt)
        return NULL;
    switch (s->kind) {
    case S_Expr:
        return s->v.Expr.value == e ? s : NULL;
    case S_Assign:
        return s->v.Assign.value == e ? s : NULL;
    case S_AnnAssign:
        return s->v.AnnAssign.value == e ? s : NULL;
    case S_AugAssign:
        return s->v.AugAssign.value == e ? s : NULL;
    case S_Return:
        return s->v.Return.value == e ? s : NULL;
    default:
        return NULL;
    }
}

static void
check_wait_for(RuleCtx *cx, const Expr *aw)
{
    const Expr *call = aw->v.Await.value;
    if (call->kind != E_Call || !cx_in_async_function(cx))
        return;
    const char *q = canonical_target(cx, call);
    if (!q || strcmp(q, "asyncio.wait_for"))
        return;
    const Expr *coro = NULL, *timeout = NULL;
    uint32_t nargs = call->v.Call.args.len;
    if (nargs >= 1)
        coro = call->v.Call.args.items[0];
    if (nargs == 2)
        timeout = call->v.Call.args.items[1];
    for (uint32_t i = 0; i < call->v.Call.keywords.len; i++) {
        const Keyword *k = call->v.Call.keywords.items[i];
        if (k->arg && !strcmp(k->arg, "timeout") && !timeout)
            timeout = k->value;
        else if (k->arg && !strcmp(k->arg, "fut") && !coro)
            coro = k->value;
        else
            return; /* loop=, **kwargs: leave it */
    }
    if (!coro || !timeout || nargs > 2 || !call_is_coroutine(cx, coro))
        return;
    const Stmt *stmt = value_stmt(cx, aw);
    if (!stmt)
        return;
    Finding *f = rule_report_expr(cx, call,
                                  "`%s()` can be `async with asyncio.timeout(...)` on Python 3.11+",
                                  cx_expr_text(cx, call->v.Call.func));
    const char *mod = module_ref(cx, NULL, call->v.Call.func, "asyncio");
    const char *inner =
        sugg_stmt_with(cx, stmt, aw->start, aw->end,
                       arena_sprintf(cx->out_arena, "await %s", cx_expr_text(cx, coro)));
    const char *head = arena_sprintf(cx->out_arena, "async with %s.timeout(%s):\n", mod,
                                     cx_expr_text(cx, timeout));
    const char *body = reindent(cx, arena_sprintf(cx->out_arena, "    %s", inner), "", "    ");
    finding_suggest(cx, f, stmt->start, stmt->end,
                    arena_sprintf(cx->out_arena, "%s%s", head, body));
    finding_fix_title(cx, f, "Wrap the statement in `async with %s.timeout(%s)`", mod,
                      cx_expr_text(cx, timeout));
    /* one-line statements only: re-indenting continuation lines could change string literals */
    if (cx_line(cx, stmt->start) != cx_line(cx, stmt->end) ||
        range_has_comment(cx, stmt->start, stmt->end))
        return;
    const char *indent = cx_indent(cx, stmt->start);
    finding_edit(cx, f, stmt->start, stmt->end,
                 arena_sprintf(cx->out_arena, "%s%s    %s", head, indent, inner));
}

/* `async with async_timeout.timeout(t):` -> `async with asyncio.timeout(t):`. */
static void
check_async_timeout(RuleCtx *cx, const Expr *call)
{
    const char *q = canonical_target(cx, call);
    if (!q || (strcmp(q, "async_timeout.timeout") && strcmp(q, "async_timeout.timeout_at")))
        return;
    bool is_stmt = false;
    const Stmt *s = cx_parent(cx, 0, &is_stmt);
    if (!s || !is_stmt || s->kind != S_AsyncWith)
        return;
    const WithItem *item = NULL;
    for (uint32_t i = 0; i < s->v.With.items.len; i++)
        if (s->v.With.items.items[i]->context_expr == call)
            item = s->v.With.items.items[i];
    if (!item)
        return;
    const char *api = !strcmp(q, "async_timeout.timeout") ? "timeout" : "timeout_at";
    const Expr *func = call->v.Call.func;
    Finding *f = rule_report_expr(
        cx, call, "`%s()` from the async-timeout package is `asyncio.%s()` on Python 3.11+",
        cx_expr_text(cx, func), api);
    finding_why(
        cx, f,
        "Python 3.11 added `asyncio.timeout()` and `asyncio.timeout_at()`, which the async-timeout "
        "package backported; its README recommends the standard library version from 3.11 on. "
        "Dropping it removes a dependency with the same behaviour.");
    const char *repl_func =
        arena_sprintf(cx->out_arena, "%s.%s", module_ref(cx, NULL, NULL, "asyncio"), api);
    finding_suggest(cx, f, s->start, s->end,
                    sugg_stmt_with(cx, s, func->start, func->end, repl_func));
    finding_fix_title(cx, f, "Replace with `%s()`", repl_func);
    /* `as cm` binds an object whose API differs (`expired` is a property there, a method here) */
    if (item->optional_vars)
        return;
    finding_edit(cx, f, func->start, func->end, repl_func);
    finding_add_import(cx, f, "asyncio");
}

static void
check_expr(RuleCtx *cx, const Expr *e)
{
    if (e->kind == E_Await)
        check_wait_for(cx, e);
    else
        check_async_timeout(cx, e);
}

const RuleDesc rule_asr402 = {
    .code = "ASR402",
    .name = "wait-for-to-timeout",
    .severity = SEV_SUGGESTION,
    .area = AREA_PATTERNS,
    .frameworks = FW_BIT(FW_ASYNCIO),
    .min_version = 311,
    .fix = FIX_UNSAFE,
    .expr_kinds = EXPR_BIT(E_Await) | EXPR_BIT(E_Call),
    .on_expr = check_expr,
    .summary =
        "`asyncio.wait_for()` or `async_timeout.timeout()` where `asyncio.timeout()` (3.11+) fits",
    .why =
        "`asyncio.timeout()` is a cancel scope: it bounds a whole block, runs the awaited "
        "coroutine in "
        "the current task (no extra task, context variables behave as expected) and nests cleanly. "
        "`wait_for()` wraps one awaitable and, before 3.12, ran it in a separate task.",
    .doc =
        "## What it does\n"
        "On Python 3.11+ targets, flags `await asyncio.wait_for(coro(), timeout)` used as a whole "
        "statement value (expression statement, assignment, return), and `async with "
        "async_timeout.timeout(t):` / `timeout_at(t)` from the async-timeout package. The fixes "
        "are "
        "unsafe: `wait_for` ran the coroutine in its own task before 3.12, and async-timeout's "
        "context object has a different API.\n\n"
        "## Why is this bad?\n"
        "A timeout scope states the deadline once for a block, composes with other scopes, and "
        "needs no extra task or third-party package.\n\n"
        "## Example\n"
        "```python\n"
        "async def get(reader):\n"
        "    line = await asyncio.wait_for(reader.readline(), 5)\n"
        "```\n\n"
        "Use instead:\n"
        "```python\n"
        "async def get(reader):\n"
        "    async with asyncio.timeout(5):\n"
        "        line = await reader.readline()\n"
        "```\n",
};
