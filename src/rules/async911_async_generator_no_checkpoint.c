/* ASYNC911 async-generator-no-checkpoint (opt-in): an async generator that can yield, return or end
 * without a checkpoint since it was entered or since its previous `yield`. */
#include "rules/checkpoint91x.h"

static void
check_function(RuleCtx *cx, const Stmt *fn)
{
    cp91x_report(cx, fn, CP91_911);
}

const RuleDesc rule_async911 = {
    .code = "ASYNC911",
    .name = "async-generator-no-checkpoint",
    .severity = SEV_WARNING,
    .area = AREA_CORRECTNESS,
    .frameworks = FW_ALL,
    .opt_in = true,
    .fix = FIX_UNSAFE,
    .hooks = HOOK_FUNCTION,
    .on_function = check_function,
    .summary = "Yield, return or exit from an async generator with no guaranteed checkpoint",
    .why =
        "Each step of an async iterator is awaited by its consumer, who expects it to checkpoint. "
        "A step that can reach its `yield` without one makes `async for` over it a loop that "
        "cannot be cancelled and never lets other tasks run.",
    .doc =
        "## What it does\n"
        "Opt-in (select it by its exact code). In an `async def` that contains `yield`, follows "
        "every path and flags a `yield`, a `return` and the end of the function when it can be "
        "reached without a checkpoint (`await`, `async for`, `async with`) since the function "
        "was entered or since the previous `yield`. Exits and returns met before the first "
        "`yield` in the source are ASYNC910's. For trio and anyio the unsafe fix inserts "
        "`await trio.lowlevel.checkpoint()` (`anyio.lowlevel.checkpoint()`) before the statement; "
        "asyncio gets no fix.\n\n"
        "## Why is this bad?\n"
        "A consumer's `async for` checkpoints only where the generator does; a generator that "
        "yields buffered items without awaiting turns its consumer's loop into a busy loop.\n\n"
        "## Example\n"
        "```python\n"
        "async def lines(buffer, stream):\n"
        "    for line in buffer:\n"
        "        yield line\n"
        "    async for line in stream:\n"
        "        yield line\n"
        "```\n\n"
        "Use instead:\n"
        "```python\n"
        "async def lines(buffer, stream):\n"
        "    for line in buffer:\n"
        "        await trio.lowlevel.checkpoint()\n"
        "        yield line\n"
        "    async for line in stream:\n"
        "        yield line\n"
        "```\n",
};
