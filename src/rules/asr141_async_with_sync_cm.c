/* ASR141 async-with-on-sync-context-manager: `async with` on an object that only supports plain
 * `with` (threading.Lock, open(), trio/anyio cancel scopes, ...). */
#include "rules/asyncsem.h"
#include "rules/suggest.h"

#include <string.h>

static void
check_stmt(RuleCtx *cx, const Stmt *s)
{
    for (uint32_t i = 0; i < s->v.With.items.len; i++) {
        const Expr *ce = s->v.With.items.items[i]->context_expr;
        if (cm_protocol(cx, ce) != PROTO_SYNC)
            continue;
        Finding *f =
            rule_report_expr(cx, ce,
                             "`%s` is a synchronous context manager: `async with` raises TypeError "
                             "(it has no `__aenter__`); use plain `with`",
                             cx_expr_text(cx, ce));
        const CatalogEntry *e = call_entry(cx, ce);
        if (e && (e->flags & CATF_CANCEL_SCOPE))
            finding_why(
                cx, f,
                "Cancel scopes (`move_on_after`, `fail_after`, `CancelScope`) are entered with "
                "plain `with` in trio and anyio: entering and leaving them never needs to "
                "await, so they have no async protocol.");
        /* `async with` -> `with`: drop the `async` keyword and the whitespace after it */
        const char *text = cx->pf->src.text;
        uint32_t after = s->start + 5;
        while (after < s->end && (text[after] == ' ' || text[after] == '\t'))
            after++;
        const char *block = sugg_dedent(cx, s->start, s->end);
        finding_suggest(cx, f, s->start, s->end, block + (after - s->start));
        finding_fix_title(cx, f, "Use plain `with`");
        finding_edit(cx, f, s->start, after, "");
        return;
    }
}

const RuleDesc rule_asr141 = {
    .code = "ASR141",
    .name = "async-with-on-sync-context-manager",
    .severity = SEV_CRITICAL,
    .area = AREA_CORRECTNESS,
    .frameworks = FW_ALL,
    .fix = FIX_SAFE,
    .stmt_kinds = STMT_BIT(S_AsyncWith),
    .on_stmt = check_stmt,
    .summary = "`async with` on a sync-only context manager",
    .why = "`async with` looks up `__aenter__`/`__aexit__`; a synchronous context manager only has "
           "`__enter__`/`__exit__`, so the statement raises TypeError when it runs.",
    .doc =
        "## What it does\n"
        "Flags `async with X:` where X only supports plain `with`: `threading` locks, `open()`, "
        "trio and anyio cancel scopes (`move_on_after`, `fail_after`, `CancelScope`), and project "
        "classes with `__enter__` but no `__aenter__`.\n\n"
        "## Why is this bad?\n"
        "The statement fails at run time. For thread locks the right fix is usually not `with` "
        "either "
        "but the framework's own lock (see ASR101).\n\n"
        "## Example\n"
        "```python\n"
        "import trio\n\n"
        "async def fetch():\n"
        "    async with trio.move_on_after(5):\n"
        "        await get()\n"
        "```\n\n"
        "Use instead:\n"
        "```python\n"
        "import trio\n\n"
        "async def fetch():\n"
        "    with trio.move_on_after(5):\n"
        "        await get()\n"
        "```\n",
};
