/* ASR130 loop-runner-in-coroutine: `asyncio.run()`, `loop.run_until_complete()`,
 * `loop.run_forever()`, `trio.run()` or `anyio.run()` called while an event loop is already running
 * (inside `async def`). */
#include "rules/asyncsem.h"
#include "rules/suggest.h"

#include <string.h>

static void
check_call(RuleCtx *cx, const Expr *call)
{
    if (!cx_in_async_function(cx))
        return;
    const CatalogEntry *e = call_entry(cx, call);
    if (!e || !(e->flags & CATF_LOOP_RUNNER))
        return;
    const char *func = cx_expr_text(cx, call->v.Call.func);
    Finding *f =
        rule_report_expr(cx, call,
                         "`%s()` starts an event loop inside `async def %s`, where one is already "
                         "running: it raises RuntimeError (or deadlocks)",
                         func, cx_func_name(cx));
    /* the fix is to await what would have been run: the first argument when it is a coroutine */
    if (call->v.Call.args.len >= 1) {
        const Expr *arg = call->v.Call.args.items[0];
        const char *awaited = NULL;
        if (arg->kind == E_Call && call_is_coroutine(cx, arg))
            awaited = arena_sprintf(cx->out_arena, "await %s", cx_expr_text(cx, arg));
        else if (cx->fw != FW_ASYNCIO && call->v.Call.args.len == 1)
            awaited = arena_sprintf(cx->out_arena, "await %s()", cx_expr_text(cx, arg));
        const Stmt *stmt = cx_parent_stmt(cx);
        if (awaited && stmt) {
            awaited = sugg_await_expr(cx, call, awaited);
            finding_suggest(cx, f, stmt->start, stmt->end,
                            sugg_stmt_with(cx, stmt, call->start, call->end, awaited));
            finding_fix_title(cx, f, "Await it directly: `%s`", awaited);
        }
    }
}

const RuleDesc rule_asr130 = {
    .code = "ASR130",
    .name = "loop-runner-in-coroutine",
    .severity = SEV_CRITICAL,
    .area = AREA_CORRECTNESS,
    .frameworks = FW_ALL,
    .expr_kinds = EXPR_BIT(E_Call),
    .on_expr = check_call,
    .summary = "`asyncio.run()` / `run_until_complete()` / `trio.run()` called inside a running "
               "event loop",
    .why = "A coroutine already runs inside an event loop; asking for another one with "
           "`asyncio.run` or "
           "`run_until_complete` raises RuntimeError (\"cannot be called from a running event "
           "loop\"). "
           "Await the coroutine instead.",
    .doc = "## What it does\n"
           "Flags calls that start or drive an event loop (`asyncio.run`, `asyncio.Runner.run`, "
           "`loop.run_until_complete`, `loop.run_forever`, `trio.run`, `anyio.run`) made inside an "
           "`async def`.\n\n"
           "## Why is this bad?\n"
           "Only one event loop runs per thread. Inside a coroutine these calls fail with "
           "RuntimeError, "
           "or, with patched loops, re-enter the loop and deadlock.\n\n"
           "## Example\n"
           "```python\n"
           "import asyncio\n\n"
           "async def handler():\n"
           "    data = asyncio.run(fetch())\n"
           "```\n\n"
           "Use instead:\n"
           "```python\n"
           "async def handler():\n"
           "    data = await fetch()\n"
           "```\n",
};
