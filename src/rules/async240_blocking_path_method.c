/* ASYNC240 blocking-path-method-in-async-function: Blocking `os.path` / `pathlib` filesystem query
 * inside `async def`. */
#include "rules/blocking.h"

static const BlockKind kinds[] = { BLK_PATH };

static void
check_call(RuleCtx *cx, const Expr *call)
{
    blocking_check_call(cx, call, kinds, ARRAY_LEN(kinds));
}

const RuleDesc rule_async240 = {
    .code = "ASYNC240",
    .name = "blocking-path-method-in-async-function",
    .severity = SEV_SUGGESTION,
    .area = AREA_CORRECTNESS,
    .frameworks = FW_ALL,
    .fix = FIX_UNSAFE,
    .expr_kinds = EXPR_BIT(E_Call),
    .on_expr = check_call,
    .summary = "Blocking `os.path` / `pathlib` filesystem query inside `async def`",
    .why = "`os.path.exists`, `Path.stat` and similar calls hit the filesystem synchronously; "
           "usually fast, but on network filesystems or under load they stall the event loop. trio "
           "and anyio offer awaitable `Path` methods; with asyncio, run them in a worker thread.",
    .doc = "## What it does\n"
           "Checks for `os.path` functions and `pathlib.Path` methods that touch the filesystem "
           "(not pure path manipulation such as `os.path.join`) inside an `async def`.\n"
           "\n"
           "## Why is this bad?\n"
           "`os.path.exists`, `Path.stat` and similar calls hit the filesystem synchronously; "
           "usually fast, but on network filesystems or under load they stall the event loop. trio "
           "and anyio offer awaitable `Path` methods; with asyncio, run them in a worker thread.\n"
           "\n"
           "## Example\n"
           "```python\n"
           "import os\n"
           "\n"
           "async def ready(path):\n"
           "    return os.path.exists(path)\n"
           "```\n"
           "\n"
           "Use instead:\n"
           "```python\n"
           "import trio\n"
           "\n"
           "async def ready(path):\n"
           "    return await trio.Path(path).exists()\n"
           "```\n"
           "",
};
