/* ASYNC230 blocking-open-call-in-async-function: File opened with blocking `open()` inside `async
 * def`. */
#include "rules/blocking.h"

static const BlockKind kinds[] = { BLK_OPEN };

static void
check_call(RuleCtx *cx, const Expr *call)
{
    blocking_check_call(cx, call, kinds, ARRAY_LEN(kinds));
}

const RuleDesc rule_async230 = {
    .code = "ASYNC230",
    .name = "blocking-open-call-in-async-function",
    .severity = SEV_WARNING,
    .area = AREA_CORRECTNESS,
    .frameworks = FW_ALL,
    .fix = FIX_UNSAFE,
    .expr_kinds = EXPR_BIT(E_Call),
    .on_expr = check_call,
    .summary = "File opened with blocking `open()` inside `async def`",
    .why = "Opening, reading and writing a regular file are blocking system calls; on a slow or "
           "network disk they stall the event loop for every task. Use the framework's async files "
           "(trio/anyio), or do the whole file operation in a worker thread.",
    .doc = "## What it does\n"
           "Checks for `open()`, `io.open`, `io.open_code`, `codecs.open` and `pathlib.Path.open` "
           "inside an `async def`.\n"
           "\n"
           "## Why is this bad?\n"
           "Opening, reading and writing a regular file are blocking system calls; on a slow or "
           "network disk they stall the event loop for every task. Use the framework's async files "
           "(trio/anyio), or do the whole file operation in a worker thread.\n"
           "\n"
           "## Example\n"
           "```python\n"
           "async def load(path):\n"
           "    with open(path) as f:\n"
           "        data = f.read()\n"
           "    return data\n"
           "```\n"
           "\n"
           "Use instead:\n"
           "```python\n"
           "import asyncio\n"
           "\n"
           "async def load(path):\n"
           "    def _blocking_io():\n"
           "        with open(path) as f:\n"
           "            data = f.read()\n"
           "        return data\n"
           "    data = await asyncio.to_thread(_blocking_io)\n"
           "    return data\n"
           "```\n"
           "",
};
