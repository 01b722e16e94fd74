/* ASYNC101 yield-in-cancel-scope: `yield` inside a nursery / task group or a cancel scope (timeout)
 * in a function that is not a context manager or fixture. */
#include "rules/asyncsem.h"

#include <string.h>

static const char *const cm_decorators[] = {
    "contextlib.contextmanager", "contextlib.asynccontextmanager", "pytest.fixture",
    "pytest_asyncio.fixture",    "trio_util.trio_async_generator", NULL,
};

/* Whether the with-item opens a nursery, task group or cancel scope. */
static const char *
scope_kind(RuleCtx *cx, const Expr *ce)
{
    const CatalogEntry *e = call_entry(cx, ce);
    if (!e)
        return NULL;
    if (e->flags & CATF_CANCEL_SCOPE)
        return "cancel scope";
    static const char *const groups[] = {
        "trio.open_nursery",
        "anyio.create_task_group",
        "asyncio.TaskGroup",
        NULL,
    };
    return qualname_in(e->qualname, groups) ? "task group" : NULL;
}

static void
check_yield(RuleCtx *cx, const Expr *y)
{
    uint32_t fn_index = 0;
    const Stmt *fn = enclosing_function_stmt(cx, &fn_index);
    if (!fn || has_decorator(cx, fn, cm_decorators))
        return;
    for (uint32_t i = cx->depth; i-- > fn_index + 1;) {
        if (!cx->stack[i].is_stmt)
            continue;
        const Stmt *s = cx->stack[i].node;
        if (s->kind != S_With && s->kind != S_AsyncWith)
            continue;
        for (uint32_t k = 0; k < s->v.With.items.len; k++) {
            const char *kind = scope_kind(cx, s->v.With.items.items[k]->context_expr);
            if (!kind)
                continue;
            rule_report_expr(
                cx, y,
                "`yield` inside a %s (`%s`) suspends the generator while the scope is open, "
                "so cancellation and errors reach the wrong code",
                kind, cx_expr_text(cx, s->v.With.items.items[k]->context_expr));
            return;
        }
    }
}

const RuleDesc rule_async101 = {
    .code = "ASYNC101",
    .name = "yield-in-cancel-scope",
    .severity = SEV_WARNING,
    .area = AREA_CORRECTNESS,
    .frameworks = FW_ALL,
    .expr_kinds = EXPR_BIT(E_Yield) | EXPR_BIT(E_YieldFrom),
    .on_expr = check_yield,
    .summary = "`yield` inside a nursery, task group or cancel scope outside a context manager",
    .why = "While a generator is suspended at `yield`, the nursery or cancel scope it opened stays "
           "active "
           "but the code running is the consumer's: a cancellation or a child task's error is "
           "delivered "
           "to whatever the consumer is doing. Only a context manager (which yields exactly once "
           "to its "
           "`with` body) may do this safely.",
    .doc = "## What it does\n"
           "Flags `yield` inside `async with trio.open_nursery()`, `anyio.create_task_group()`, "
           "`asyncio.TaskGroup()`, or a cancel scope / timeout (`trio.move_on_after`, "
           "`anyio.fail_after`, "
           "`asyncio.timeout`, ...), unless the function is decorated with `@contextmanager`, "
           "`@asynccontextmanager` or `@pytest.fixture`.\n\n"
           "## Why is this bad?\n"
           "Structured concurrency assumes a scope's body runs in the scope's task. A generator "
           "breaks "
           "that assumption: the scope can cancel or raise into unrelated code of the consumer.\n\n"
           "## Example\n"
           "```python\n"
           "import trio\n\n"
           "async def ticks():\n"
           "    with trio.move_on_after(10):\n"
           "        while True:\n"
           "            yield await read_tick()\n"
           "```\n\n"
           "Use instead:\n"
           "```python\n"
           "import trio\n\n"
           "async def ticks(send_channel):\n"
           "    with trio.move_on_after(10):\n"
           "        while True:\n"
           "            await send_channel.send(await read_tick())\n"
           "```\n",
};
