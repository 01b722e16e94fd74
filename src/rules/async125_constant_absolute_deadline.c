/* ASYNC125 constant-absolute-deadline: `trio.fail_at(5)`, `trio.move_on_at(10)` or
 * `CancelScope(deadline=7)` with a constant, which is relative to the runner's clock, not the
 * program's. */
#include "rules/structured.h"

#include <string.h>

static bool
is_constant(const Expr *e)
{
    if (e->kind == E_Constant)
        return true;
    if (e->kind == E_BinOp)
        return is_constant(e->v.BinOp.left) && is_constant(e->v.BinOp.right);
    return false;
}

static void
check_call(RuleCtx *cx, const Expr *call)
{
    static const char *const apis[] = {
        "trio.fail_at", "trio.move_on_at", "trio.CancelScope", "anyio.CancelScope", NULL,
    };
    const char *q = canonical_target(cx, call);
    if (!qualname_in(q, apis))
        return;
    bool absolute_fn = !strcmp(q, "trio.fail_at") || !strcmp(q, "trio.move_on_at");
    const Expr *value = NULL;
    bool positional = false;
    if (absolute_fn && call->v.Call.args.len == 1)
        value = call->v.Call.args.items[0], positional = true;
    else
        value = keyword_arg(call, "deadline");
    if (!value || !is_constant(value))
        return;
    const char *module = !strncmp(q, "trio", 4) ? "trio" : "anyio";
    const char *fn = cx_expr_text(cx, call->v.Call.func);
    Finding *f = rule_report_expr(
        cx, value,
        "Using `%s` with a constant value is nonsensical, as the value is relative to the "
        "runner clock; use a relative timeout or `%s.current_time()`",
        fn, module);
    const Stmt *stmt = cx_parent_stmt(cx);
    if (!stmt)
        return;
    const char *ref = module_ref(cx, NULL, call->v.Call.func, module);
    if (absolute_fn && positional) {
        const char *rel = !strcmp(q, "trio.fail_at") ? "fail_after" : "move_on_after";
        const char *repl = arena_sprintf(cx->out_arena, "%s.%s", ref, rel);
        const Expr *func = call->v.Call.func;
        finding_suggest(cx, f, stmt->start, stmt->end,
                        sugg_stmt_with(cx, stmt, func->start, func->end, repl));
        finding_fix_title(cx, f, "Use the relative `%s(...)`", repl);
        if (func->kind == E_Attribute)
            finding_edit(cx, f, func->start, func->end, repl);
        return;
    }
    const char *repl =
        arena_sprintf(cx->out_arena, "%s.current_time() + %s", ref, cx_expr_text(cx, value));
    finding_suggest(cx, f, stmt->start, stmt->end,
                    sugg_stmt_with(cx, stmt, value->start, value->end, repl));
    finding_fix_title(cx, f, "Make the deadline relative to `%s.current_time()`", ref);
    finding_edit(cx, f, value->start, value->end, repl);
}

const RuleDesc rule_async125 = {
    .code = "ASYNC125",
    .name = "constant-absolute-deadline",
    .severity = SEV_WARNING,
    .area = AREA_CORRECTNESS,
    .frameworks = FW_ALL,
    .fix = FIX_UNSAFE,
    .expr_kinds = EXPR_BIT(E_Call),
    .on_expr = check_call,
    .summary =
        "Absolute deadline (`fail_at`, `move_on_at`, `CancelScope(deadline=)`) given as a constant",
    .why =
        "Absolute deadlines are measured on the runner's clock, whose zero is arbitrary (trio "
        "starts "
        "it at a random large offset). A constant deadline is therefore already past or far in the "
        "future; a relative timeout or `current_time() + delay` is what was meant.",
    .doc = "## What it does\n"
           "Flags `trio.fail_at(c)`, `trio.move_on_at(c)`, `trio.CancelScope(deadline=c)` and "
           "`anyio.CancelScope(deadline=c)` where `c` is a literal or arithmetic on literals.\n\n"
           "## Why is this bad?\n"
           "The deadline has no meaning relative to the program's start, so the scope fires "
           "immediately or never.\n\n"
           "## Example\n"
           "```python\n"
           "async def main():\n"
           "    with trio.move_on_at(10):\n"
           "        await work()\n"
           "```\n\n"
           "Use instead:\n"
           "```python\n"
           "async def main():\n"
           "    with trio.move_on_after(10):\n"
           "        await work()\n"
           "```\n",
};
