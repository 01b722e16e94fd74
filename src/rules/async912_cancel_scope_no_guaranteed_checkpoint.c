/* ASYNC912 cancel-scope-no-guaranteed-checkpoint (opt-in): a timeout / cancel scope whose body has
 * checkpoints, but some path through it has none. */
#include "rules/checkpoint91x.h"

static void
check_function(RuleCtx *cx, const Stmt *fn)
{
    cp91x_report(cx, fn, CP91_912);
}

const RuleDesc rule_async912 = {
    .code = "ASYNC912",
    .name = "cancel-scope-no-guaranteed-checkpoint",
    .severity = SEV_WARNING,
    .area = AREA_CORRECTNESS,
    .frameworks = FW_ALL,
    .opt_in = true,
    .hooks = HOOK_FUNCTION,
    .on_function = check_function,
    .summary = "Timeout / cancel scope with checkpoints, but none guaranteed",
    .why = "A timeout only fires at a checkpoint. When the body can take a path without one, the "
           "deadline is ignored on that path and the scope cannot cancel the work it was meant to "
           "bound.",
    .doc =
        "## What it does\n"
        "Opt-in (select it by its exact code). Flags `trio.move_on_after`, `fail_after`, "
        "`move_on_at`, `fail_at`, `CancelScope`, their anyio equivalents and `asyncio.timeout` / "
        "`timeout_at` in an `async def` when the body contains a checkpoint but some path through "
        "it (a branch not taken, a loop that runs zero times, an early `break`) has none. A body "
        "with no checkpoint at all is ASYNC100's.\n\n"
        "## Why is this bad?\n"
        "On the path without a checkpoint the scope can neither time out nor be cancelled, which "
        "is easy to miss because the code looks protected.\n\n"
        "## Example\n"
        "```python\n"
        "async def refresh(conn, stale):\n"
        "    with trio.move_on_after(5):\n"
        "        if stale:\n"
        "            await conn.reload()\n"
        "```\n\n"
        "Use instead:\n"
        "```python\n"
        "async def refresh(conn, stale):\n"
        "    with trio.move_on_after(5):\n"
        "        if stale:\n"
        "            await conn.reload()\n"
        "        else:\n"
        "            await trio.lowlevel.checkpoint()\n"
        "```\n",
};
