/* ASYNC104 cancelled-not-raised: inside a handler that catches cancellation, a `return`, `yield`,
 * `break`/`continue` out of the handler, or a `raise` of a different exception. */
#include "rules/cancelsem.h"

static void
check_try(RuleCtx *cx, const Stmt *s)
{
    if (!cx_in_async_function(cx) || !body_can_be_cancelled(s->v.Try.body))
        return;
    for (uint32_t i = 0; i < s->v.Try.handlers.len; i++) {
        const ExceptHandler *h = s->v.Try.handlers.items[i];
        if (!handler_is_critical(cx, s, i))
            continue;
        ReraiseScan scan;
        handler_scan_reraise(cx, h, &scan);
        const char *label = handler_label(cx, h);
        for (uint32_t k = 0; k < scan.n; k++) {
            if (!scan.node_is_stmt[k]) {
                rule_report_expr(
                    cx, scan.nodes[k],
                    "`yield` inside `%s` suspends in the middle of a caught cancellation "
                    "instead of re-raising it",
                    label);
                continue;
            }
            const Stmt *st = scan.nodes[k];
            if (st->kind != S_Raise) {
                const char *what = st->kind == S_Return  ? "return"
                                   : st->kind == S_Break ? "break"
                                                         : "continue";
                rule_report_stmt(cx, st,
                                 "`%s` inside `%s` swallows the caught cancellation instead of "
                                 "re-raising it",
                                 what, label);
                continue;
            }
            Finding *f = rule_report_stmt(cx, st,
                                          "Raising another exception inside `%s` replaces the "
                                          "caught cancellation",
                                          label);
            finding_why(cx, f,
                        "The scope that cancelled this task sees an error instead of the "
                        "cancellation it requested, so a timeout turns into a crash. Re-raise "
                        "the caught exception (`raise`) and report the problem some other way.");
        }
    }
}

const RuleDesc rule_async104 = {
    .code = "ASYNC104",
    .name = "cancelled-not-raised",
    .severity = SEV_WARNING,
    .area = AREA_ERROR_HANDLING,
    .frameworks = FW_ALL,
    .stmt_kinds = STMT_BIT(S_Try) | STMT_BIT(S_TryStar),
    .on_stmt = check_try,
    .summary =
        "`return`, `yield`, `break` or another `raise` inside a handler that catches cancellation",
    .why =
        "Leaving a cancellation handler by `return`, `break` or `continue` ends the cancellation: "
        "the "
        "task keeps running, and the timeout or task group that cancelled it never learns it was "
        "ignored.",
    .doc = "## What it does\n"
           "Inside a handler that catches cancellation (`except:`, `except BaseException`, "
           "`asyncio.CancelledError`, `trio.Cancelled`, `anyio.get_cancelled_exc_class()`) in "
           "`async def`, flags `return`, `yield`, `break`/`continue` that leave the handler, and "
           "`raise` of any exception other than the caught one, wherever the cancellation has not "
           "been re-raised yet on that path.\n\n"
           "## Why is this bad?\n"
           "Cancellation must propagate to the scope that requested it. Returning swallows it; "
           "raising "
           "another exception replaces it with an error the canceller did not expect.\n\n"
           "## Example\n"
           "```python\n"
           "import trio\n\n"
           "async def fetch(client, url):\n"
           "    try:\n"
           "        return await client.get(url)\n"
           "    except trio.Cancelled:\n"
           "        return None\n"
           "```\n\n"
           "Use instead:\n"
           "```python\n"
           "import trio\n\n"
           "async def fetch(client, url):\n"
           "    try:\n"
           "        return await client.get(url)\n"
           "    except trio.Cancelled:\n"
           "        log.info(\"fetch of %s cancelled\", url)\n"
           "        raise\n"
           "```\n",
};
