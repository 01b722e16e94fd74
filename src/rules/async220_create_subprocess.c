/* ASYNC220 create-subprocess-in-async-function: Process started with a blocking call
 * (`subprocess.Popen`, `os.popen`, `os.spawn*`) inside `async def`. */
#include "rules/blocking.h"

static const BlockKind kinds[] = { BLK_SUBPROCESS_START };

static void
check_call(RuleCtx *cx, const Expr *call)
{
    blocking_check_call(cx, call, kinds, ARRAY_LEN(kinds));
}

const RuleDesc rule_async220 = {
    .code = "ASYNC220",
    .name = "create-subprocess-in-async-function",
    .severity = SEV_WARNING,
    .area = AREA_CORRECTNESS,
    .frameworks = FW_ALL,
    .fix = FIX_UNSAFE,
    .expr_kinds = EXPR_BIT(E_Call),
    .on_expr = check_call,
    .summary = "Process started with a blocking call (`subprocess.Popen`, `os.popen`, `os.spawn*`) "
               "inside `async def`",
    .why = "Starting a process with the synchronous APIs forks and execs on the event loop's "
           "thread, and the returned object only offers blocking ways to talk to the child. The "
           "framework's process API starts it without blocking and lets you await its output.",
    .doc = "## What it does\n"
           "Checks for processes started with `subprocess.Popen`, `os.popen`, `os.spawn*` (except "
           "`P_NOWAIT`) or `os.posix_spawn*` inside an `async def`.\n"
           "\n"
           "## Why is this bad?\n"
           "Starting a process with the synchronous APIs forks and execs on the event loop's "
           "thread, and the returned object only offers blocking ways to talk to the child. The "
           "framework's process API starts it without blocking and lets you await its output.\n"
           "\n"
           "## Example\n"
           "```python\n"
           "import subprocess\n"
           "\n"
           "async def start():\n"
           "    proc = subprocess.Popen([\"ls\"])\n"
           "```\n"
           "\n"
           "Use instead:\n"
           "```python\n"
           "import asyncio\n"
           "\n"
           "async def start():\n"
           "    proc = await asyncio.create_subprocess_exec(\"ls\")\n"
           "```\n"
           "",
};
