/* ASYNC910 async-function-no-checkpoint (opt-in): an `async def` that can return or fall off its
 * end without a checkpoint (or an exception) on some path since it was entered. */
#include "rules/checkpoint91x.h"

static void
check_function(RuleCtx *cx, const Stmt *fn)
{
    cp91x_report(cx, fn, CP91_910);
}

const RuleDesc rule_async910 = {
    .code = "ASYNC910",
    .name = "async-function-no-checkpoint",
    .severity = SEV_WARNING,
    .area = AREA_CORRECTNESS,
    .frameworks = FW_ALL,
    .opt_in = true,
    .fix = FIX_UNSAFE,
    .hooks = HOOK_FUNCTION,
    .on_function = check_function,
    .summary = "Exit or return from an async function with no guaranteed checkpoint",
    .why =
        "Callers of an async function expect it to be a checkpoint: a place where cancellation is "
        "delivered and other tasks get to run. A path through the function without an `await` "
        "makes a caller's loop over it uncancellable and lets it starve the other tasks.",
    .doc =
        "## What it does\n"
        "Opt-in (select it by its exact code). Follows every path through an `async def` and flags "
        "a "
        "`return`, and the function's end, that can be reached without a checkpoint since the "
        "function was entered. An `await`, an `async for` and an `async with` checkpoint; a "
        "`raise` "
        "counts as one. A loop body may run zero times, an `if` may take either branch, an "
        "exception may leave a `try` body at any point, and a body under `contextlib.suppress` may "
        "be cut short. Functions whose body is only `pass`, `...` or a docstring, `@overload` and "
        "pytest fixtures are skipped, as are `__aenter__`/`__aexit__` whose partner method "
        "checkpoints. Async generators are ASYNC911's. For trio and anyio the unsafe fix inserts "
        "`await trio.lowlevel.checkpoint()` (`anyio.lowlevel.checkpoint()`) before the `return` or "
        "at the end of the body; asyncio has no such call and gets no fix.\n\n"
        "## Why is this bad?\n"
        "Trio and anyio promise that every async function of theirs checkpoints; code that follows "
        "the same rule can be cancelled and never hogs the event loop, whichever path it takes.\n\n"
        "## Example\n"
        "```python\n"
        "async def fetch(cache, key):\n"
        "    if key in cache:\n"
        "        return cache[key]\n"
        "    return await download(key)\n"
        "```\n\n"
        "Use instead:\n"
        "```python\n"
        "async def fetch(cache, key):\n"
        "    if key in cache:\n"
        "        await trio.lowlevel.checkpoint()\n"
        "        return cache[key]\n"
        "    return await download(key)\n"
        "```\n",
};
