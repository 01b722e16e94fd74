/* ASYNC221 run-process-in-async-function: Process run to completion with a blocking call
 * (`subprocess.run`, `os.system`, ...) inside `async def`. */
#include "rules/blocking.h"

static const BlockKind kinds[] = { BLK_SUBPROCESS_RUN };

static void
check_call(RuleCtx *cx, const Expr *call)
{
    blocking_check_call(cx, call, kinds, ARRAY_LEN(kinds));
}

const RuleDesc rule_async221 = {
    .code = "ASYNC221",
    .name = "run-process-in-async-function",
    .severity = SEV_CRITICAL,
    .area = AREA_CORRECTNESS,
    .frameworks = FW_ALL,
    .fix = FIX_UNSAFE,
    .expr_kinds = EXPR_BIT(E_Call),
    .on_expr = check_call,
    .summary = "Process run to completion with a blocking call (`subprocess.run`, `os.system`, "
               "...) inside `async def`",
    .why = "`subprocess.run`, `check_output` and `os.system` wait for the child to exit, and the "
           "event loop waits with them: no other task runs until the command finishes. Await the "
           "framework's process API instead.",
    .doc = "## What it does\n"
           "Checks for `subprocess.run`, `subprocess.call`, `check_call`, `check_output`, "
           "`getoutput`, `getstatusoutput`, `os.system` and the `os.exec*` family inside an `async "
           "def`.\n"
           "\n"
           "## Why is this bad?\n"
           "`subprocess.run`, `check_output` and `os.system` wait for the child to exit, and the "
           "event loop waits with them: no other task runs until the command finishes. Await the "
           "framework's process API instead.\n"
           "\n"
           "## Example\n"
           "```python\n"
           "import subprocess\n"
           "\n"
           "async def build():\n"
           "    subprocess.run([\"make\"], check=True)\n"
           "```\n"
           "\n"
           "Use instead:\n"
           "```python\n"
           "import asyncio\n"
           "import subprocess\n"
           "\n"
           "async def build():\n"
           "    await asyncio.to_thread(subprocess.run, [\"make\"], check=True)\n"
           "```\n"
           "",
};
