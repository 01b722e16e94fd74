/* ASYNC110 async-busy-wait: `while <condition>: await sleep(...)` polling instead of waiting on an
 * event. */
#include "rules/asyncsem.h"
#include "rules/suggest.h"

#include "parse/visit.h"

static const char *const sleeps[] = {
    "asyncio.sleep", "trio.sleep", "anyio.sleep", "trio.sleep_until", "anyio.sleep_until", NULL,
};

static bool
is_await(const Expr *e, void *data)
{
    (void)data;
    return e->kind == E_Await;
}

static void
check_while(RuleCtx *cx, const Stmt *s)
{
    if (s->v.While.body.len != 1 || s->v.While.orelse.len || !cx_in_async_function(cx))
        return;
    const Stmt *only = s->v.While.body.items[0];
    if (only->kind != S_Expr || only->v.Expr.value->kind != E_Await)
        return;
    const Expr *call = only->v.Expr.value->v.Await.value;
    if (!expr_is_call_to(cx, call, sleeps))
        return;
    const Expr *test = s->v.While.test;
    if (test->kind == E_Constant)
        return; /* `while True: await sleep(3600)` keeps a process alive; it polls nothing */
    if (expr_contains(test, is_await, NULL, true))
        return; /* polling a remote state (`await job.status()`): no local event can signal it */
    Finding *f = rule_report(
        cx, s->start, test->end,
        "Polling `%s` with `%s()` wakes up on a timer instead of when the state changes",
        cx_expr_text(cx, test), cx_expr_text(cx, call->v.Call.func));
    const char *fw = cx_framework_module(cx);
    const char *event = arena_sprintf(cx->out_arena, "%s.Event()", fw);
    finding_suggest(
        cx, f, s->start, s->end,
        arena_sprintf(cx->out_arena,
                      "# where the state changes: `state_changed = %s` shared with the code\n"
                      "# that changes it, which calls `state_changed.set()`\n"
                      "await state_changed.wait()",
                      event));
    finding_fix_title(cx, f, "Wait on an `Event` set by the code that changes the state");
}

const RuleDesc rule_async110 = {
    .code = "ASYNC110",
    .name = "async-busy-wait",
    .severity = SEV_SUGGESTION,
    .area = AREA_PERFORMANCE,
    .frameworks = FW_ALL,
    .stmt_kinds = STMT_BIT(S_While),
    .on_stmt = check_while,
    .summary = "`while` loop that only sleeps, polling a condition",
    .why =
        "A loop that sleeps and re-checks wastes wake-ups while nothing changes and reacts late "
        "(up to "
        "one sleep interval) when something does. An `Event` (or `Condition`) set by the code that "
        "changes the state wakes the waiter exactly once, at the right time.",
    .doc = "## What it does\n"
           "Flags `while` loops in a coroutine whose whole body is `await asyncio.sleep(...)`, "
           "`await trio.sleep(...)` or `await anyio.sleep(...)`: busy-waiting on a condition.\n\n"
           "## Why is this bad?\n"
           "Polling burns CPU in proportion to how short the interval is, and adds latency in "
           "proportion to how long it is. Waiting on an event has neither cost.\n\n"
           "## Example\n"
           "```python\n"
           "import asyncio\n\n"
           "async def wait_ready(state):\n"
           "    while not state.ready:\n"
           "        await asyncio.sleep(0.1)\n"
           "```\n\n"
           "Use instead:\n"
           "```python\n"
           "import asyncio\n\n"
           "async def wait_ready(state):\n"
           "    await state.ready_event.wait()  # state.ready_event = asyncio.Event(), set() when "
           "ready\n"
           "```\n",
};
