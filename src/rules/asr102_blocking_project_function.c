/* ASR102 blocking-project-function-in-async-function: a project sync function that blocks (directly
 * or through other project functions) called from `async def`. */
#include "rules/blocking.h"

static void
check_call(RuleCtx *cx, const Expr *call)
{
    blocking_check_project_call(cx, call);
}

const RuleDesc rule_asr102 = {
    .code = "ASR102",
    .name = "blocking-project-function-in-async-function",
    .severity = SEV_WARNING,
    .area = AREA_CORRECTNESS,
    .frameworks = FW_ALL,
    .fix = FIX_UNSAFE,
    .expr_kinds = EXPR_BIT(E_Call),
    .on_expr = check_call,
    .summary =
        "Project sync function that blocks (through its own calls) called inside `async def`",
    .why = "The called function is synchronous and reaches a blocking call, so the coroutine "
           "stalls the "
           "event loop as surely as if it made that call itself. Run the helper in a worker "
           "thread, or "
           "give it an async version.",
    .doc = "## What it does\n"
           "Follows calls from an `async def` into the project's own synchronous functions, across "
           "modules, and flags a call whose callee blocks: it calls `open()`, `time.sleep`, "
           "`requests`, "
           "a sync database driver or another blocking catalog function, directly or through a "
           "chain of "
           "project functions. The message names the chain, e.g. `load_config() -> read_file() -> "
           "open()`. Functions handed to a thread (`asyncio.to_thread(load_config)`) are not "
           "calls.\n\n"
           "## Why is this bad?\n"
           "A blocking call hidden behind a helper blocks the event loop exactly like one written "
           "in the "
           "coroutine, but reviewers and other linters do not see it.\n\n"
           "## Example\n"
           "```python\n"
           "import json\n\n"
           "def load_config(path):\n"
           "    with open(path) as f:\n"
           "        return json.load(f)\n\n"
           "async def handler(request):\n"
           "    config = load_config(\"app.json\")\n"
           "```\n\n"
           "Use instead:\n"
           "```python\n"
           "import asyncio\n\n"
           "async def handler(request):\n"
           "    config = await asyncio.to_thread(load_config, \"app.json\")\n"
           "```\n",
};
