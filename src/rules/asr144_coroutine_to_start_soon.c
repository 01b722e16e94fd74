/* ASR144 coroutine-passed-to-start-soon: `nursery.start_soon(work())` passes a coroutine object
 * where trio/anyio expect the async function and its arguments. */
#include "rules/asyncsem.h"
#include "rules/suggest.h"

#include "base/strbuf.h"

static void
check_call(RuleCtx *cx, const Expr *call)
{
    const CatalogEntry *ce = call_entry(cx, call);
    if (!ce || !(ce->flags & CATF_START_SOON) || call->v.Call.args.len < 1)
        return;
    const Expr *arg = call->v.Call.args.items[0];
    if (arg->kind != E_Call || !call_is_coroutine(cx, arg))
        return;
    Finding *f =
        rule_report_expr(cx, arg,
                         "`%s()` passes a coroutine object: `%s` takes the async function and its "
                         "arguments separately and raises TypeError otherwise",
                         cx_expr_text(cx, call->v.Call.func), cx_expr_text(cx, call->v.Call.func));
    if (arg->v.Call.keywords.len) {
        finding_why(
            cx, f,
            "`start_soon` takes the async function and positional arguments only; pass keyword "
            "arguments with `functools.partial(func, key=value)`.");
        return;
    }
    StrBuf sb = STRBUF_INIT;
    sb_adds(&sb, cx_expr_text(cx, arg->v.Call.func));
    for (uint32_t i = 0; i < arg->v.Call.args.len; i++)
        sb_printf(&sb, ", %s", cx_expr_text(cx, arg->v.Call.args.items[i]));
    const char *repl = arena_strndup(cx->out_arena, sb_cstr(&sb), sb.len);
    sb_free(&sb);
    const Stmt *stmt = cx_parent_stmt(cx);
    if (stmt)
        finding_suggest(cx, f, stmt->start, stmt->end,
                        sugg_stmt_with(cx, stmt, arg->start, arg->end, repl));
    finding_fix_title(cx, f, "Pass the function and its arguments: `%s`", repl);
    finding_edit(cx, f, arg->start, arg->end, repl);
}

const RuleDesc rule_asr144 = {
    .code = "ASR144",
    .name = "coroutine-passed-to-start-soon",
    .severity = SEV_CRITICAL,
    .area = AREA_CORRECTNESS,
    .frameworks = FW_BIT(FW_TRIO) | FW_BIT(FW_ANYIO),
    .fix = FIX_SAFE,
    .expr_kinds = EXPR_BIT(E_Call),
    .on_expr = check_call,
    .summary = "Coroutine object passed to `start_soon` / `start` instead of the async function",
    .why = "trio's and anyio's `start_soon(fn, *args)` call `fn(*args)` themselves; given an "
           "already-created "
           "coroutine they raise TypeError, and the coroutine is never awaited.",
    .doc = "## What it does\n"
           "Flags `nursery.start_soon(work(x))` and `task_group.start_soon(work(x))` (and `start`) "
           "whose "
           "first argument is a call to a coroutine function.\n\n"
           "## Why is this bad?\n"
           "The task never starts: the call raises TypeError, and Python later warns that the "
           "coroutine "
           "was never awaited.\n\n"
           "## Example\n"
           "```python\n"
           "import trio\n\n"
           "async def main():\n"
           "    async with trio.open_nursery() as nursery:\n"
           "        nursery.start_soon(fetch(\"a\"))\n"
           "```\n\n"
           "Use instead:\n"
           "```python\n"
           "import trio\n\n"
           "async def main():\n"
           "    async with trio.open_nursery() as nursery:\n"
           "        nursery.start_soon(fetch, \"a\")\n"
           "```\n",
};
