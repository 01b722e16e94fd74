/* ASYNC250 blocking-input-in-async-function: `input()` inside `async def`. */
#include "rules/blocking.h"

static const BlockKind kinds[] = { BLK_INPUT };

static void
check_call(RuleCtx *cx, const Expr *call)
{
    blocking_check_call(cx, call, kinds, ARRAY_LEN(kinds));
}

const RuleDesc rule_async250 = {
    .code = "ASYNC250",
    .name = "blocking-input-in-async-function",
    .severity = SEV_CRITICAL,
    .area = AREA_CORRECTNESS,
    .frameworks = FW_ALL,
    .fix = FIX_UNSAFE,
    .expr_kinds = EXPR_BIT(E_Call),
    .on_expr = check_call,
    .summary = "`input()` inside `async def`",
    .why = "`input()` blocks until the user presses Enter, freezing every task on the event loop "
           "meanwhile. Read standard input in a worker thread.",
    .doc = "## What it does\n"
           "Checks for `input()` (and `getpass.getpass`) inside an `async def`.\n"
           "\n"
           "## Why is this bad?\n"
           "`input()` blocks until the user presses Enter, freezing every task on the event loop "
           "meanwhile. Read standard input in a worker thread.\n"
           "\n"
           "## Example\n"
           "```python\n"
           "async def ask():\n"
           "    return input(\"name? \")\n"
           "```\n"
           "\n"
           "Use instead:\n"
           "```python\n"
           "import asyncio\n"
           "\n"
           "async def ask():\n"
           "    return await asyncio.to_thread(input, \"name? \")\n"
           "```\n"
           "",
};
