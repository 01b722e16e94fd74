/* ASYNC122 delayed-entry-of-relative-cancelscope: `trio.move_on_after()` / `fail_after()` (or
 * anyio's) called anywhere but in a `with` item, so the scope is created before it is entered. */
#include "rules/structured.h"

#include <string.h>

static const char *const relative_scopes[] = {
    "trio.fail_after", "trio.move_on_after", "anyio.fail_after", "anyio.move_on_after", NULL,
};

/* Whether the call lies inside one of the with-items of the nearest enclosing statement. */
static bool
in_with_item(RuleCtx *cx, const Expr *call)
{
    const Stmt *s = cx_parent_stmt(cx);
    if (!s || (s->kind != S_With && s->kind != S_AsyncWith))
        return false;
    for (uint32_t k = 0; k < s->v.With.items.len; k++) {
        const WithItem *it = s->v.With.items.items[k];
        uint32_t end = it->optional_vars ? it->optional_vars->end : it->context_expr->end;
        if (call->start >= it->context_expr->start && call->end <= end)
            return true;
    }
    return false;
}

static void
check_call(RuleCtx *cx, const Expr *call)
{
    const char *q = canonical_target(cx, call);
    if (!q || !qualname_in(q, relative_scopes) || in_with_item(cx, call))
        return;
    rule_report_expr(
        cx, call,
        "`%s` is created apart from its `with`: separating a relative cancel scope's creation "
        "from its entry changed behaviour in Trio 0.27 and was unintuitive before",
        cx_expr_text(cx, call->v.Call.func));
}

const RuleDesc rule_async122 = {
    .code = "ASYNC122",
    .name = "delayed-entry-of-relative-cancelscope",
    .severity = SEV_WARNING,
    .area = AREA_CORRECTNESS,
    .frameworks = FW_BIT(FW_TRIO) | FW_BIT(FW_ANYIO),
    .expr_kinds = EXPR_BIT(E_Call),
    .on_expr = check_call,
    .summary = "Relative cancel scope created before it is entered",
    .why =
        "Before Trio 0.27 a `move_on_after`/`fail_after` deadline was computed when the scope was "
        "created, so time spent before the `with` counted against it; since 0.27 it counts from "
        "entry. Code that creates the scope early behaves differently across versions.",
    .doc =
        "## What it does\n"
        "Flags a call to `trio.move_on_after`, `trio.fail_after` or their anyio equivalents that "
        "is not written directly in a `with` item, such as one assigned to a variable and entered "
        "later. If you only support trio >= 0.27, disable this rule.\n\n"
        "## Why is this bad?\n"
        "Whether the relative deadline starts at creation or at entry depends on the Trio "
        "version, and either way a reader of the `with` cannot tell when the clock started.\n\n"
        "## Example\n"
        "```python\n"
        "async def fetch(conn):\n"
        "    scope = trio.move_on_after(5)\n"
        "    await conn.connect()\n"
        "    with scope:\n"
        "        await conn.read()\n"
        "```\n\n"
        "Use instead:\n"
        "```python\n"
        "async def fetch(conn):\n"
        "    await conn.connect()\n"
        "    with trio.move_on_after(5):\n"
        "        await conn.read()\n"
        "```\n",
};
