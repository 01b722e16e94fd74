/* ASYNC103 no-reraise-cancelled: a handler that catches cancellation (bare `except:`,
 * `BaseException`, the framework's cancellation class) in async code, with a path that ends without
 * re-raising. */
#include "rules/cancelsem.h"
#include "rules/suggest.h"

#include <string.h>

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
        if (!scan.may_fall_through)
            continue;
        bool explicit_cancel = false;
        handler_catches_cancel(cx, h, &explicit_cancel);
        uint32_t start = h->type ? h->type->start : h->start;
        uint32_t end = h->type ? h->type->end : h->start + 6;
        Finding *f = rule_report(cx, start, end,
                                 "`%s` catches cancellation but a path through the handler ends "
                                 "without re-raising it",
                                 handler_label(cx, h));
        const char *fixed;
        if (explicit_cancel) {
            fixed = handler_with_reraise(cx, h);
        } else {
            /* keep the catch-all for other errors, let cancellation through first */
            fixed = arena_sprintf(cx->out_arena, "%s\n%s", cancel_reraise_handler(cx),
                                  sugg_dedent(cx, h->start, h->end));
        }
        if (!fixed)
            continue;
        /* the whole try is shown: a handler alone is not a statement */
        fixed = sugg_indent(cx, fixed, cx_indent(cx, h->start), true);
        finding_suggest(cx, f, s->start, s->end, sugg_stmt_with(cx, s, h->start, h->end, fixed));
    }
}

const RuleDesc rule_async103 = {
    .code = "ASYNC103",
    .name = "no-reraise-cancelled",
    .severity = SEV_WARNING,
    .area = AREA_ERROR_HANDLING,
    .frameworks = FW_ALL,
    .stmt_kinds = STMT_BIT(S_Try) | STMT_BIT(S_TryStar),
    .on_stmt = check_try,
    .summary = "Handler catching cancellation has a path that does not re-raise it",
    .why =
        "Cancellation is how a timeout, a task group or `task.cancel()` stops this task. A handler "
        "that catches it and carries on leaves the canceller waiting for a task that never stops, "
        "and timeouts silently stop working.",
    .doc =
        "## What it does\n"
        "Flags `except:`, `except BaseException` and `except` of the framework's cancellation "
        "class "
        "(`asyncio.CancelledError`, `trio.Cancelled`, `anyio.get_cancelled_exc_class()`), alone or "
        "in "
        "a tuple, inside `async def`, when some path through the handler ends without `raise`. A "
        "bare "
        "`raise` or `raise <name>` of the caught exception on every path is fine, so a handler "
        "that "
        "logs and re-raises stays silent. A catch-all after a handler that names the cancellation "
        "class is not flagged, and neither is a `try` whose body cannot be cancelled (it never "
        "awaits). `except Exception` does not catch cancellation (Python 3.8+) and is never "
        "flagged.\n\n"
        "## Why is this bad?\n"
        "Swallowing cancellation breaks every timeout and task group above this code: the scope "
        "that cancelled the task waits for it forever or sees it finish normally.\n\n"
        "## Example\n"
        "```python\n"
        "import asyncio\n\n"
        "async def worker(queue):\n"
        "    try:\n"
        "        await process(await queue.get())\n"
        "    except BaseException:\n"
        "        log.exception(\"worker failed\")\n"
        "```\n\n"
        "Use instead:\n"
        "```python\n"
        "import asyncio\n\n"
        "async def worker(queue):\n"
        "    try:\n"
        "        await process(await queue.get())\n"
        "    except asyncio.CancelledError:\n"
        "        raise\n"
        "    except BaseException:\n"
        "        log.exception(\"worker failed\")\n"
        "```\n",
};
