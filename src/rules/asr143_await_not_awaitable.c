/* ASR143 await-not-awaitable: `await` on the result of a plain sync method of an async object
 * (`event.set()`, `queue.put_nowait()`, `nursery.start_soon()`, `writer.write()`). */
#include "rules/asyncsem.h"
#include "rules/suggest.h"

static void
check_await(RuleCtx *cx, const Expr *e)
{
    const Expr *call = e->v.Await.value;
    const CatalogEntry *ce = call_entry(cx, call);
    if (!ce || !(ce->flags & CATF_NOT_AWAITABLE))
        return;
    Finding *f =
        rule_report_expr(cx, e,
                         "`%s()` is a plain method that does not return an awaitable: awaiting it "
                         "raises TypeError",
                         cx_expr_text(cx, call->v.Call.func));
    const Stmt *stmt = cx_parent_stmt(cx);
    const char *plain = cx_expr_text(cx, call);
    if (stmt)
        finding_suggest(cx, f, stmt->start, stmt->end,
                        sugg_stmt_with(cx, stmt, e->start, e->end, plain));
    finding_fix_title(cx, f, "Remove `await`");
    finding_edit(cx, f, e->start, call->start, "");
}

const RuleDesc rule_asr143 = {
    .code = "ASR143",
    .name = "await-not-awaitable",
    .severity = SEV_CRITICAL,
    .area = AREA_CORRECTNESS,
    .frameworks = FW_ALL,
    .fix = FIX_SAFE,
    .expr_kinds = EXPR_BIT(E_Await),
    .on_expr = check_await,
    .summary =
        "`await` on a sync method that returns no awaitable (`Event.set()`, `start_soon()`, ...)",
    .why = "Some methods of async objects are ordinary synchronous calls (`asyncio.Event.set`, "
           "`Queue.put_nowait`, `StreamWriter.write`, `nursery.start_soon`); they return None, and "
           "`await None` raises TypeError after the call already happened.",
    .doc = "## What it does\n"
           "Flags `await` applied to calls the catalog knows are synchronous methods of async "
           "objects.\n\n"
           "## Why is this bad?\n"
           "The call runs, then `await` fails with \"object NoneType can't be used in 'await' "
           "expression\", aborting the coroutine after the side effect.\n\n"
           "## Example\n"
           "```python\n"
           "async def done(event):\n"
           "    await event.set()\n"
           "```\n\n"
           "Use instead:\n"
           "```python\n"
           "async def done(event):\n"
           "    event.set()\n"
           "```\n",
};
