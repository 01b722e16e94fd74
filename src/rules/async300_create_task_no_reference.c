/* ASYNC300 create-task-no-reference: the task made by `asyncio.create_task()` / `ensure_future()` /
 * `loop.create_task()` is thrown away. */
#include "rules/asyncsem.h"
#include "rules/suggest.h"

static const char *const spawners[] = {
    "asyncio.create_task",
    "asyncio.ensure_future",
    "asyncio.AbstractEventLoop.create_task",
    NULL,
};

static void
check_stmt(RuleCtx *cx, const Stmt *s)
{
    const Expr *call = s->v.Expr.value;
    if (!expr_is_call_to(cx, call, spawners))
        return;
    Finding *f =
        rule_report_expr(cx, call,
                         "The task from `%s()` is not kept, so it can be garbage-collected before "
                         "it finishes and its exception is never seen",
                         cx_expr_text(cx, call->v.Call.func));
    finding_suggest(cx, f, s->start, s->end, sugg_keep_task(cx, cx_expr_text(cx, call)));
}

const RuleDesc rule_async300 = {
    .code = "ASYNC300",
    .name = "create-task-no-reference",
    .severity = SEV_WARNING,
    .area = AREA_CORRECTNESS,
    .frameworks = FW_BIT(FW_ASYNCIO),
    .stmt_kinds = STMT_BIT(S_Expr),
    .on_stmt = check_stmt,
    .summary = "Result of `asyncio.create_task()` not kept",
    .why =
        "The event loop keeps only a weak reference to tasks, so a task nobody references can be "
        "garbage-collected mid-flight, and an exception it raises is never retrieved. Keep a "
        "strong "
        "reference until it is done, or use a TaskGroup that owns its tasks.",
    .doc =
        "## What it does\n"
        "Flags `asyncio.create_task(...)`, `asyncio.ensure_future(...)` and "
        "`loop.create_task(...)` "
        "used as a statement, with the returned task thrown away. `TaskGroup.create_task` is not "
        "flagged: the group keeps its tasks.\n\n"
        "## Why is this bad?\n"
        "asyncio holds tasks weakly. A fire-and-forget task can disappear before it completes, and "
        "its failure is only logged as \"Task exception was never retrieved\" when it is "
        "collected.\n\n"
        "## Example\n"
        "```python\n"
        "import asyncio\n\n"
        "async def handle(event):\n"
        "    asyncio.create_task(notify(event))\n"
        "```\n\n"
        "Use instead:\n"
        "```python\n"
        "import asyncio\n\n"
        "background_tasks = set()\n\n"
        "async def handle(event):\n"
        "    task = asyncio.create_task(notify(event))\n"
        "    background_tasks.add(task)\n"
        "    task.add_done_callback(background_tasks.discard)\n"
        "```\n",
};
