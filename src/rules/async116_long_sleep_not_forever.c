/* ASYNC116 long-sleep-not-forever: `trio.sleep()` / `anyio.sleep()` with more than 24 hours (or
 * infinity), which means "sleep forever" and should say so. */
#include "rules/structured.h"

#include <string.h>

/* Whether the argument is infinite or a literal above 86400 seconds. */
static bool
is_long(RuleCtx *cx, const Expr *arg)
{
    if (arg->kind == E_Attribute && !strcmp(arg->v.Attribute.attr, "inf"))
        return true; /* math.inf, numpy.inf */
    if (arg->kind == E_Name && !strcmp(arg->v.Name.id, "inf"))
        return true;
    if (arg->kind == E_Call && arg->v.Call.args.len == 1 && arg->v.Call.func->kind == E_Name &&
        sem_is_builtin(cx->sm, cx->scope, arg->v.Call.func, "float")) {
        const Expr *s = arg->v.Call.args.items[0];
        return s->kind == E_Constant && s->v.Constant.kind == CONST_STR &&
               (!strcmp(s->v.Constant.text, "inf") || !strcmp(s->v.Constant.text, "infinity"));
    }
    if (arg->kind != E_Constant)
        return false;
    const Constant *c = &arg->v.Constant;
    if (c->kind == CONST_INT)
        return !c->fits_int64 || c->small > 86400;
    return c->kind == CONST_FLOAT && c->number > 86400.0;
}

static void
check_call(RuleCtx *cx, const Expr *call)
{
    const char *q = canonical_target(cx, call);
    if (!q || (strcmp(q, "trio.sleep") && strcmp(q, "anyio.sleep")))
        return;
    if (call->v.Call.args.len != 1 || call->v.Call.keywords.len ||
        call->v.Call.args.items[0]->kind == E_Starred || !is_long(cx, call->v.Call.args.items[0]))
        return;
    const char *module = !strncmp(q, "trio", 4) ? "trio" : "anyio";
    Finding *f =
        rule_report_expr(cx, call,
                         "`%s.sleep()` with a more than 24 hour interval should usually be "
                         "`%s.sleep_forever()`",
                         module, module);
    const char *ref = module_ref(cx, f, call->v.Call.func, module);
    const char *repl = arena_sprintf(cx->out_arena, "%s.sleep_forever()", ref);
    const Stmt *stmt = cx_parent_stmt(cx);
    if (stmt)
        finding_suggest(cx, f, stmt->start, stmt->end,
                        sugg_stmt_with(cx, stmt, call->start, call->end, repl));
    finding_fix_title(cx, f, "Replace with `%s`", repl);
    finding_edit(cx, f, call->start, call->end, repl);
}

const RuleDesc rule_async116 = {
    .code = "ASYNC116",
    .name = "long-sleep-not-forever",
    .severity = SEV_SUGGESTION,
    .area = AREA_PATTERNS,
    .frameworks = FW_ALL,
    .fix = FIX_UNSAFE,
    .expr_kinds = EXPR_BIT(E_Call),
    .on_expr = check_call,
    .summary = "`trio.sleep()` / `anyio.sleep()` for more than a day instead of `sleep_forever()`",
    .why = "A sleep of more than 24 hours (or of infinity) stands for \"wait until cancelled\". "
           "`sleep_forever()` says that directly; the fix is unsafe only because the original call "
           "would "
           "eventually return.",
    .doc = "## What it does\n"
           "Flags `trio.sleep(x)` / `anyio.sleep(x)` where `x` is a literal above 86400 seconds, "
           "`math.inf`, `inf` or `float(\"inf\")`.\n\n"
           "## Why is this bad?\n"
           "The huge number hides the intent (wait until cancelled) and invites off-by-a-unit "
           "edits.\n\n"
           "## Example\n"
           "```python\n"
           "import trio\n\n"
           "async def park():\n"
           "    await trio.sleep(10**10)\n"
           "```\n\n"
           "Use instead:\n"
           "```python\n"
           "import trio\n\n"
           "async def park():\n"
           "    await trio.sleep_forever()\n"
           "```\n",
};
