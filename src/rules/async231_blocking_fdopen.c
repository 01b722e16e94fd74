/* ASYNC231 blocking-fdopen-in-async-function: File object created with blocking `os.fdopen()`
 * inside `async def`. */
#include "rules/blocking.h"

static const BlockKind kinds[] = { BLK_FDOPEN };

static void
check_call(RuleCtx *cx, const Expr *call)
{
    blocking_check_call(cx, call, kinds, ARRAY_LEN(kinds));
}

const RuleDesc rule_async231 = {
    .code = "ASYNC231",
    .name = "blocking-fdopen-in-async-function",
    .severity = SEV_WARNING,
    .area = AREA_CORRECTNESS,
    .frameworks = FW_ALL,
    .fix = FIX_UNSAFE,
    .expr_kinds = EXPR_BIT(E_Call),
    .on_expr = check_call,
    .summary = "File object created with blocking `os.fdopen()` inside `async def`",
    .why =
        "`os.fdopen` wraps a descriptor in a blocking file object whose reads and writes stall the "
        "event loop. Wrap it with the framework's async file or do the I/O in a worker thread.",
    .doc =
        "## What it does\n"
        "Checks for `os.fdopen` inside an `async def`.\n"
        "\n"
        "## Why is this bad?\n"
        "`os.fdopen` wraps a descriptor in a blocking file object whose reads and writes stall the "
        "event loop. Wrap it with the framework's async file or do the I/O in a worker thread.\n"
        "\n"
        "## Example\n"
        "```python\n"
        "import os\n"
        "\n"
        "async def dump(fd, text):\n"
        "    f = os.fdopen(fd, \"w\")\n"
        "```\n"
        "\n"
        "Use instead:\n"
        "```python\n"
        "import asyncio\n"
        "import os\n"
        "\n"
        "async def dump(fd, text):\n"
        "    f = await asyncio.to_thread(os.fdopen, fd, \"w\")\n"
        "    await asyncio.to_thread(f.write, text)\n"
        "```\n"
        "",
};
