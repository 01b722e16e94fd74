/* ASR405 get-event-loop-in-coroutine: `asyncio.get_event_loop()` inside `async def`, where
 * `asyncio.get_running_loop()` returns the same loop without the deprecated fallbacks. */
#include "rules/structured.h"

#include <string.h>

static void
check_call(RuleCtx *cx, const Expr *call)
{
    if (!cx_in_async_function(cx) || call->v.Call.args.len || call->v.Call.keywords.len)
        return;
    const char *q = canonical_target(cx, call);
    if (!q || strcmp(q, "asyncio.get_event_loop"))
        return;
    const Expr *func = call->v.Call.func;
    Finding *f =
        rule_report_expr(cx, call, "`%s()` inside `async def %s`; use `asyncio.get_running_loop()`",
                         cx_expr_text(cx, func), cx_func_name(cx));
    const char *ref = module_ref(cx, f, func, "asyncio");
    const char *repl = arena_sprintf(cx->out_arena, "%s.get_running_loop", ref);
    const Stmt *stmt = cx_parent_stmt(cx);
    if (stmt)
        finding_suggest(cx, f, stmt->start, stmt->end,
                        sugg_stmt_with(cx, stmt, func->start, func->end, repl));
    finding_fix_title(cx, f, "Replace with `%s()`", repl);
    finding_edit(cx, f, func->start, func->end, repl);
}

const RuleDesc rule_asr405 = {
    .code = "ASR405",
    .name = "get-event-loop-in-coroutine",
    .severity = SEV_SUGGESTION,
    .area = AREA_PATTERNS,
    .frameworks = FW_BIT(FW_ASYNCIO),
    .fix = FIX_SAFE,
    .expr_kinds = EXPR_BIT(E_Call),
    .on_expr = check_call,
    .summary = "`asyncio.get_event_loop()` inside a coroutine instead of `get_running_loop()`",
    .why = "Inside a coroutine a loop is always running, and `get_running_loop()` returns it. "
           "`get_event_loop()` has policy-dependent fallbacks (creating a loop, warning since "
           "3.10/3.12) "
           "that only matter outside a running loop, so in async code it just hides the intent.",
    .doc = "## What it does\n"
           "Flags calls to `asyncio.get_event_loop()` made directly in an `async def` body.\n\n"
           "## Why is this bad?\n"
           "`asyncio.get_running_loop()` is the documented way for coroutines and callbacks to get "
           "their "
           "loop; `get_event_loop()` is deprecated outside a running loop and its behaviour "
           "depends on "
           "the event-loop policy. Inside a coroutine both return the same loop, so the fix is "
           "safe.\n\n"
           "## Example\n"
           "```python\n"
           "async def main():\n"
           "    loop = asyncio.get_event_loop()\n"
           "```\n\n"
           "Use instead:\n"
           "```python\n"
           "async def main():\n"
           "    loop = asyncio.get_running_loop()\n"
           "```\n",
};
