/* ASYNC222 wait-for-process-in-async-function: Blocking wait for a child process (`os.wait`,
 * `os.waitpid`, ...) inside `async def`. */
#include "rules/blocking.h"

static const BlockKind kinds[] = { BLK_PROCESS_WAIT };

static void
check_call(RuleCtx *cx, const Expr *call)
{
    blocking_check_call(cx, call, kinds, ARRAY_LEN(kinds));
}

const RuleDesc rule_async222 = {
    .code = "ASYNC222",
    .name = "wait-for-process-in-async-function",
    .severity = SEV_CRITICAL,
    .area = AREA_CORRECTNESS,
    .frameworks = FW_ALL,
    .fix = FIX_UNSAFE,
    .expr_kinds = EXPR_BIT(E_Call),
    .on_expr = check_call,
    .summary =
        "Blocking wait for a child process (`os.wait`, `os.waitpid`, ...) inside `async def`",
    .why = "`os.wait` and its relatives suspend the whole thread until a child exits, so the event "
           "loop stops serving every other task. Await the process through the framework or wait "
           "in a worker thread.",
    .doc = "## What it does\n"
           "Checks for `os.wait`, `os.wait3`, `os.wait4`, `os.waitid` and `os.waitpid` inside an "
           "`async def`.\n"
           "\n"
           "## Why is this bad?\n"
           "`os.wait` and its relatives suspend the whole thread until a child exits, so the event "
           "loop stops serving every other task. Await the process through the framework or wait "
           "in a worker thread.\n"
           "\n"
           "## Example\n"
           "```python\n"
           "import os\n"
           "\n"
           "async def reap(pid):\n"
           "    os.waitpid(pid, 0)\n"
           "```\n"
           "\n"
           "Use instead:\n"
           "```python\n"
           "import asyncio\n"
           "import os\n"
           "\n"
           "async def reap(pid):\n"
           "    await asyncio.to_thread(os.waitpid, pid, 0)\n"
           "```\n"
           "",
};
