/* ASYNC251 blocking-sleep-in-async-function: `time.sleep()` inside `async def`. */
#include "rules/blocking.h"

static const BlockKind kinds[] = { BLK_SLEEP };

static void
check_call(RuleCtx *cx, const Expr *call)
{
    blocking_check_call(cx, call, kinds, ARRAY_LEN(kinds));
}

const RuleDesc rule_async251 = {
    .code = "ASYNC251",
    .name = "blocking-sleep-in-async-function",
    .severity = SEV_CRITICAL,
    .area = AREA_CORRECTNESS,
    .frameworks = FW_ALL,
    .fix = FIX_UNSAFE,
    .expr_kinds = EXPR_BIT(E_Call),
    .on_expr = check_call,
    .summary = "`time.sleep()` inside `async def`",
    .why = "`time.sleep` suspends the whole thread, so the event loop cannot run any other task "
           "until it returns. The framework's `sleep` suspends only this coroutine.",
    .doc = "## What it does\n"
           "Checks for `time.sleep` inside an `async def`.\n"
           "\n"
           "## Why is this bad?\n"
           "`time.sleep` suspends the whole thread, so the event loop cannot run any other task "
           "until it returns. The framework's `sleep` suspends only this coroutine.\n"
           "\n"
           "## Example\n"
           "```python\n"
           "import time\n"
           "\n"
           "async def poll():\n"
           "    time.sleep(1)\n"
           "```\n"
           "\n"
           "Use instead:\n"
           "```python\n"
           "import asyncio\n"
           "\n"
           "async def poll():\n"
           "    await asyncio.sleep(1)\n"
           "```\n"
           "",
};
