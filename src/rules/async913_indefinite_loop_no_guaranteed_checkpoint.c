/* ASYNC913 indefinite-loop-no-guaranteed-checkpoint (opt-in): a `while True:` loop without `break`
 * whose body has a path without a checkpoint. */
#include "rules/checkpoint91x.h"

static void
check_function(RuleCtx *cx, const Stmt *fn)
{
    cp91x_report(cx, fn, CP91_913);
}

const RuleDesc rule_async913 = {
    .code = "ASYNC913",
    .name = "indefinite-loop-no-guaranteed-checkpoint",
    .severity = SEV_WARNING,
    .area = AREA_CORRECTNESS,
    .frameworks = FW_ALL,
    .opt_in = true,
    .fix = FIX_UNSAFE,
    .hooks = HOOK_FUNCTION,
    .on_function = check_function,
    .summary = "Indefinite loop with no guaranteed checkpoint",
    .why =
        "A loop that never ends by itself must checkpoint on every iteration: an iteration without "
        "one cannot be cancelled and keeps every other task from running.",
    .doc =
        "## What it does\n"
        "Opt-in (select it by its exact code). Flags `while True:` (or another constant true test) "
        "without a `break` in an `async def` when some path through its body reaches the next "
        "iteration without an `await`, `async for` or `async with`. For trio and anyio the unsafe "
        "fix inserts `await trio.lowlevel.checkpoint()` (`anyio.lowlevel.checkpoint()`) as the "
        "first statement of the body; asyncio gets no fix.\n\n"
        "## Why is this bad?\n"
        "When the uncheckpointed path is taken repeatedly (an empty queue, a flag that is not "
        "set), the task spins without ever yielding to the scheduler or noticing cancellation.\n\n"
        "## Example\n"
        "```python\n"
        "async def pump(queue, sink):\n"
        "    while True:\n"
        "        if queue:\n"
        "            await sink.send(queue.pop())\n"
        "```\n\n"
        "Use instead:\n"
        "```python\n"
        "async def pump(queue, sink):\n"
        "    while True:\n"
        "        await trio.lowlevel.checkpoint()\n"
        "        if queue:\n"
        "            await sink.send(queue.pop())\n"
        "```\n",
};
