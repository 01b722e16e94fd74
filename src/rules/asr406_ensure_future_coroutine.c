/* ASR406 ensure-future-coroutine: `asyncio.ensure_future(coro())` in a coroutine, which is
 * `asyncio.create_task(coro())` said less clearly. */
#include "rules/structured.h"

#include <string.h>

static void
check_call(RuleCtx *cx, const Expr *call)
{
    if (!cx_in_async_function(cx) || call->v.Call.args.len != 1 || call->v.Call.keywords.len)
        return;
    const char *q = canonical_target(cx, call);
    if (!q || strcmp(q, "asyncio.ensure_future"))
        return;
    const Expr *arg = call->v.Call.args.items[0];
    const char *callee = call_is_coroutine(cx, arg);
    if (!callee)
        return;
    const Expr *func = call->v.Call.func;
    Finding *f = rule_report_expr(
        cx, call, "`%s()` is given the coroutine `%s()`; use `asyncio.create_task()`",
        cx_expr_text(cx, func), callee);
    const char *ref = module_ref(cx, f, func, "asyncio");
    const char *repl = arena_sprintf(cx->out_arena, "%s.create_task", ref);
    const Stmt *stmt = cx_parent_stmt(cx);
    if (stmt)
        finding_suggest(cx, f, stmt->start, stmt->end,
                        sugg_stmt_with(cx, stmt, func->start, func->end, repl));
    finding_fix_title(cx, f, "Replace with `%s(...)`", repl);
    finding_edit(cx, f, func->start, func->end, repl);
}

const RuleDesc rule_asr406 = {
    .code = "ASR406",
    .name = "ensure-future-coroutine",
    .severity = SEV_SUGGESTION,
    .area = AREA_PATTERNS,
    .frameworks = FW_BIT(FW_ASYNCIO),
    .fix = FIX_SAFE,
    .expr_kinds = EXPR_BIT(E_Call),
    .on_expr = check_call,
    .summary = "`asyncio.ensure_future()` on a coroutine instead of `asyncio.create_task()`",
    .why =
        "Given a coroutine inside a running loop, `ensure_future()` does exactly what "
        "`create_task()` does. `ensure_future()` also accepts futures and awaitables, so a reader "
        "cannot tell that a new task starts here; the asyncio documentation recommends "
        "`create_task()`.",
    .doc =
        "## What it does\n"
        "Flags `asyncio.ensure_future(coro())` in an `async def`, where the argument is a call to "
        "a "
        "coroutine function (the project's own `async def`s and the catalog's).\n\n"
        "## Why is this bad?\n"
        "`create_task()` names what happens (a task is scheduled) and only accepts coroutines, so "
        "passing something else fails loudly. Inside a running loop the two are equivalent for "
        "coroutines, so the fix is safe.\n\n"
        "## Example\n"
        "```python\n"
        "async def main():\n"
        "    task = asyncio.ensure_future(worker())\n"
        "```\n\n"
        "Use instead:\n"
        "```python\n"
        "async def main():\n"
        "    task = asyncio.create_task(worker())\n"
        "```\n",
};
