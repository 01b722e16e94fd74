/* ASYNC115 async-zero-sleep: `trio.sleep(0)` / `anyio.sleep(0)`, which is only a checkpoint and
 * says so better as `trio.lowlevel.checkpoint()`. */
#include "rules/structured.h"

#include <string.h>

/* The zero argument: the only positional argument or `seconds=`, the literal 0 or 0.0. */
static bool
sleeps_zero(const Expr *call)
{
    const Expr *arg = NULL;
    if (call->v.Call.args.len == 1 && call->v.Call.keywords.len == 0)
        arg = call->v.Call.args.items[0];
    else if (call->v.Call.args.len == 0 && call->v.Call.keywords.len == 1)
        arg = keyword_arg(call, "seconds");
    if (!arg || arg->kind != E_Constant)
        return false;
    const Constant *c = &arg->v.Constant;
    return (c->kind == CONST_INT && c->fits_int64 && c->small == 0) ||
           (c->kind == CONST_FLOAT && c->number == 0.0);
}

static void
check_call(RuleCtx *cx, const Expr *call)
{
    const char *q = canonical_target(cx, call);
    if (!q || (strcmp(q, "trio.sleep") && strcmp(q, "anyio.sleep")) || !sleeps_zero(call))
        return;
    const char *module = !strncmp(q, "trio", 4) ? "trio" : "anyio";
    Finding *f = rule_report_expr(
        cx, call, "Use `%s.lowlevel.checkpoint()` instead of `%s.sleep(0)`", module, module);
    const char *ref = module_ref(cx, f, call->v.Call.func, module);
    const char *repl = arena_sprintf(cx->out_arena, "%s.lowlevel.checkpoint()", ref);
    const Stmt *stmt = cx_parent_stmt(cx);
    if (stmt)
        finding_suggest(cx, f, stmt->start, stmt->end,
                        sugg_stmt_with(cx, stmt, call->start, call->end, repl));
    finding_fix_title(cx, f, "Replace with `%s`", repl);
    finding_edit(cx, f, call->start, call->end, repl);
    if (range_has_comment(cx, call->start, call->end))
        f->fix = FIX_UNSAFE;
}

const RuleDesc rule_async115 = {
    .code = "ASYNC115",
    .name = "async-zero-sleep",
    .severity = SEV_SUGGESTION,
    .area = AREA_PATTERNS,
    .frameworks = FW_ALL,
    .fix = FIX_SAFE,
    .expr_kinds = EXPR_BIT(E_Call),
    .on_expr = check_call,
    .summary = "`trio.sleep(0)` / `anyio.sleep(0)` instead of `lowlevel.checkpoint()`",
    .why =
        "Sleeping for zero seconds is only a way to reach a checkpoint (let other tasks run and "
        "deliver a pending cancellation). `lowlevel.checkpoint()` does exactly that and says so, "
        "so a reader does not wonder whether the zero is a placeholder.",
    .doc = "## What it does\n"
           "Flags `trio.sleep(0)` and `anyio.sleep(0)` (also `seconds=0` and `0.0`).\n\n"
           "## Why is this bad?\n"
           "The call does nothing but checkpoint. `trio.lowlevel.checkpoint()` / "
           "`anyio.lowlevel.checkpoint()` states the intent and is what the libraries document for "
           "it.\n\n"
           "## Example\n"
           "```python\n"
           "import trio\n\n"
           "async def spin():\n"
           "    await trio.sleep(0)\n"
           "```\n\n"
           "Use instead:\n"
           "```python\n"
           "import trio\n\n"
           "async def spin():\n"
           "    await trio.lowlevel.checkpoint()\n"
           "```\n",
};
