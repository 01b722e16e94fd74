/* ASR140 sync-with-on-async-context-manager: plain `with` on an object that only supports
 * `async with` (aiohttp.ClientSession, httpx.AsyncClient, asyncio.Lock, asyncio.timeout, ...). */
#include "rules/asyncsem.h"
#include "rules/suggest.h"

static void
check_stmt(RuleCtx *cx, const Stmt *s)
{
    for (uint32_t i = 0; i < s->v.With.items.len; i++) {
        const Expr *ce = s->v.With.items.items[i]->context_expr;
        if (cm_protocol(cx, ce) != PROTO_ASYNC)
            continue;
        Finding *f =
            rule_report_expr(cx, ce,
                             "`%s` is an async context manager: plain `with` raises TypeError "
                             "(it has no `__enter__`); use `async with`",
                             cx_expr_text(cx, ce));
        if (cx_in_async_function(cx)) {
            finding_suggest(
                cx, f, s->start, s->end,
                arena_sprintf(cx->out_arena, "async %s", sugg_dedent(cx, s->start, s->end)));
            finding_fix_title(cx, f, "Use `async with`");
            finding_edit(cx, f, s->start, s->start, "async ");
        } else {
            finding_why(
                cx, f,
                "An async context manager only has `__aenter__`/`__aexit__`, so plain `with` "
                "fails at run time. Here the code is not in an `async def`: move it into a "
                "coroutine and use `async with`.");
        }
        return;
    }
}

const RuleDesc rule_asr140 = {
    .code = "ASR140",
    .name = "sync-with-on-async-context-manager",
    .severity = SEV_CRITICAL,
    .area = AREA_CORRECTNESS,
    .frameworks = FW_ALL,
    .fix = FIX_SAFE,
    .stmt_kinds = STMT_BIT(S_With),
    .on_stmt = check_stmt,
    .summary = "Plain `with` on an async-only context manager",
    .why = "Async context managers implement `__aenter__`/`__aexit__` only; entering one with "
           "plain `with` "
           "raises TypeError (or AttributeError on older Pythons) at run time.",
    .doc =
        "## What it does\n"
        "Flags `with X:` where X is known to be an async-only context manager: sessions and "
        "clients "
        "(`aiohttp.ClientSession`, `httpx.AsyncClient`), asyncio locks, semaphores and conditions, "
        "`asyncio.timeout`, `asyncio.TaskGroup`, `trio.open_nursery`, `anyio.create_task_group`, "
        "and "
        "project classes that define `__aenter__` but not `__enter__`.\n\n"
        "## Why is this bad?\n"
        "The statement fails as soon as it runs, and on the happy path of a test that does not "
        "reach "
        "it, nothing warns.\n\n"
        "## Example\n"
        "```python\n"
        "import asyncio\n\n"
        "lock = asyncio.Lock()\n\n"
        "async def update():\n"
        "    with lock:\n"
        "        ...\n"
        "```\n\n"
        "Use instead:\n"
        "```python\n"
        "async def update():\n"
        "    async with lock:\n"
        "        ...\n"
        "```\n",
};
