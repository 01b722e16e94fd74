/* ASYNC105 missing-await: one of trio's async functions (flake8-async's list) or `nursery.start()`
 * called anywhere but directly under `await`. */
#include "rules/asyncsem.h"
#include "rules/suggest.h"

#include <string.h>

/* flake8-async's list of trio's async functions. */
static const char *const trio_async_funcs[] = {
    "trio.aclose_forcefully",
    "trio.open_file",
    "trio.open_ssl_over_tcp_listeners",
    "trio.open_ssl_over_tcp_stream",
    "trio.open_tcp_listeners",
    "trio.open_tcp_stream",
    "trio.open_unix_socket",
    "trio.run_process",
    "trio.serve_listeners",
    "trio.serve_ssl_over_tcp",
    "trio.serve_tcp",
    "trio.sleep",
    "trio.sleep_forever",
    "trio.sleep_until",
    "trio.lowlevel.cancel_shielded_checkpoint",
    "trio.lowlevel.checkpoint",
    "trio.lowlevel.checkpoint_if_cancelled",
    "trio.lowlevel.open_process",
    "trio.lowlevel.permanently_detach_coroutine_object",
    "trio.lowlevel.reattach_detached_coroutine_object",
    "trio.lowlevel.temporarily_detach_coroutine_object",
    "trio.lowlevel.wait_readable",
    "trio.lowlevel.wait_task_rescheduled",
    "trio.lowlevel.wait_writable",
    NULL,
};

static bool
ends_with(const char *s, const char *suffix)
{
    size_t n = strlen(s), m = strlen(suffix);
    return n >= m && !strcmp(s + n - m, suffix);
}

/* `<recv>.start(...)` where the receiver is a nursery: its text ends in "nursery" (as flake8-async
 * matches it) or its type is known to be trio.Nursery. */
static bool
is_nursery_start(RuleCtx *cx, const Expr *call)
{
    const Expr *f = call->v.Call.func;
    if (f->kind != E_Attribute || strcmp(f->v.Attribute.attr, "start"))
        return false;
    const Expr *recv = f->v.Attribute.value;
    if (ends_with(cx_expr_text(cx, recv), "nursery"))
        return true;
    const char *t = cx_type_of(cx, recv);
    return t && !strcmp(t, "trio.Nursery");
}

static void
check_call(RuleCtx *cx, const Expr *call)
{
    bool parent_is_stmt = false;
    const Expr *parent = cx_parent(cx, 0, &parent_is_stmt);
    if (parent && !parent_is_stmt && parent->kind == E_Await && parent->v.Await.value == call)
        return;
    const char *what = NULL, *kind = "function";
    const char *q = cx_qualname(cx, call->v.Call.func);
    if (q)
        q = arena_strdup(cx->out_arena,
                         catalog_canonical(q)); /* the canonical name is in a shared buffer */
    if (q && qualname_in(q, trio_async_funcs))
        what = q;
    else if (is_nursery_start(cx, call)) {
        what = "trio.Nursery.start";
        kind = "method";
    }
    if (!what)
        return;
    Finding *f = rule_report_expr(
        cx, call, "`%s()` is an async %s and must be awaited where it is called", what, kind);
    if (!cx_in_async_function(cx))
        return;
    const char *awaited =
        sugg_await_expr(cx, call, arena_sprintf(cx->out_arena, "await %s", cx_expr_text(cx, call)));
    const Stmt *stmt = cx_parent_stmt(cx);
    if (stmt)
        finding_suggest(cx, f, stmt->start, stmt->end,
                        sugg_stmt_with(cx, stmt, call->start, call->end, awaited));
    finding_fix_title(cx, f, "Add `await`");
    finding_edit(cx, f, call->start, call->end, awaited);
}

const RuleDesc rule_async105 = {
    .code = "ASYNC105",
    .name = "trio-sync-call",
    .severity = SEV_CRITICAL,
    .area = AREA_CORRECTNESS,
    .frameworks = FW_BIT(FW_TRIO),
    .fix = FIX_UNSAFE,
    .expr_kinds = EXPR_BIT(E_Call),
    .on_expr = check_call,
    .summary = "Trio async function called without `await` directly around the call",
    .why =
        "Trio's async functions only return a coroutine object when called; nothing happens until "
        "it is awaited. Trio expects each one to be awaited right where it is called.",
    .doc =
        "## What it does\n"
        "Flags a call to one of trio's async functions that is not the direct operand of `await`: "
        "`trio.sleep`, `trio.sleep_forever`, `trio.sleep_until`, `trio.open_file`, "
        "`trio.open_tcp_stream`, `trio.open_ssl_over_tcp_stream`, `trio.open_tcp_listeners`, "
        "`trio.open_ssl_over_tcp_listeners`, `trio.open_unix_socket`, `trio.run_process`, "
        "`trio.serve_tcp`, `trio.serve_ssl_over_tcp`, `trio.serve_listeners`, "
        "`trio.aclose_forcefully` and the `trio.lowlevel` ones (`checkpoint`, "
        "`checkpoint_if_cancelled`, `cancel_shielded_checkpoint`, `open_process`, "
        "`wait_readable`, `wait_writable`, `wait_task_rescheduled` and the coroutine "
        "detach/reattach functions), however they are imported, and `<nursery>.start(...)` (a "
        "receiver whose name ends in `nursery` or that is typed `trio.Nursery`). Only for trio "
        "files. Unlike ASR110 (missing-await), which flags a coroutine that is discarded, tested, "
        "left unused or used as a value, this rule flags every use that is not an immediate "
        "`await`, including `k = trio.open_file(p)` followed by `await k` and "
        "`async with trio.open_file(p)`; with both rules enabled, a discarded `trio.sleep(1)` is "
        "reported by each. The fix (unsafe) adds `await` inside `async def`.\n\n"
        "## Why is this bad?\n"
        "Without `await` the call does nothing but create a coroutine object: the sleep does not "
        "sleep, the file is not opened, and Python only warns about the forgotten coroutine when "
        "it is garbage collected. Storing the coroutine to await it later is legal, but it "
        "obscures where the checkpoint happens.\n\n"
        "## Example\n"
        "```python\n"
        "async def double_sleep(x):\n"
        "    trio.sleep(2 * x)\n"
        "```\n\n"
        "Use instead:\n"
        "```python\n"
        "async def double_sleep(x):\n"
        "    await trio.sleep(2 * x)\n"
        "```\n",
};
