/* ASYNC119 yield-in-context-manager-in-async-generator: `yield` inside `with`/`async with` in an
 * async generator that is not a context manager. */
#include "rules/asyncsem.h"

static const char *const cm_decorators[] = {
    "contextlib.asynccontextmanager",
    "pytest.fixture",
    "pytest_asyncio.fixture",
    NULL,
};

static void
check_yield(RuleCtx *cx, const Expr *y)
{
    uint32_t fn_index = 0;
    const Stmt *fn = enclosing_function_stmt(cx, &fn_index);
    if (!fn || fn->kind != S_AsyncFunctionDef || has_decorator(cx, fn, cm_decorators))
        return;
    for (uint32_t i = cx->depth; i-- > fn_index + 1;) {
        if (!cx->stack[i].is_stmt)
            continue;
        const Stmt *s = cx->stack[i].node;
        if (s->kind != S_With && s->kind != S_AsyncWith)
            continue;
        Finding *f = rule_report_expr(
            cx, y,
            "`yield` inside `%swith` in async generator `%s`: if the consumer stops "
            "early, the context manager's cleanup is delayed until the generator is "
            "collected",
            s->kind == S_AsyncWith ? "async " : "", fn->v.FunctionDef.name);
        (void)f;
        return;
    }
}

const RuleDesc rule_async119 = {
    .code = "ASYNC119",
    .name = "yield-in-context-manager-in-async-generator",
    .severity = SEV_WARNING,
    .area = AREA_RESOURCES,
    .frameworks = FW_ALL,
    .expr_kinds = EXPR_BIT(E_Yield) | EXPR_BIT(E_YieldFrom),
    .on_expr = check_yield,
    .summary = "`yield` inside a context manager in an async generator",
    .why =
        "When the consumer of an async generator stops early (break, exception, cancellation), the "
        "generator is only finalized later by the garbage collector or the loop's asyncgen hooks, "
        "where `await` may no longer work; the context manager's cleanup runs late or not at all.",
    .doc = "## What it does\n"
           "Flags `yield` inside a `with` or `async with` block of an `async def` generator, "
           "unless it is "
           "an `@asynccontextmanager` or a pytest fixture (PEP 533 explains the underlying "
           "problem).\n\n"
           "## Why is this bad?\n"
           "Connections, locks and files opened by the `with` stay held until the generator is "
           "finalized, which may be never in a long-lived process.\n\n"
           "## Example\n"
           "```python\n"
           "async def rows(pool):\n"
           "    async with pool.acquire() as conn:\n"
           "        async for row in conn.cursor(\"select * from t\"):\n"
           "            yield row\n"
           "```\n\n"
           "Use instead:\n"
           "```python\n"
           "from contextlib import aclosing\n\n"
           "async def consume(pool):\n"
           "    async with aclosing(rows(pool)) as it:\n"
           "        async for row in it:\n"
           "            ...\n"
           "```\n",
};
