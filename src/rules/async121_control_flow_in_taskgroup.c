/* ASYNC121 control-flow-in-taskgroup: `return`, or `break`/`continue` of a loop outside, inside a
 * nursery / task group block. */
#include "rules/structured.h"

#include <string.h>

/* The with statement opening a task group among s's items, and its kind. */
static const char *
taskgroup_of(RuleCtx *cx, const Stmt *s)
{
    if (s->kind != S_AsyncWith)
        return NULL;
    for (uint32_t k = 0; k < s->v.With.items.len; k++) {
        const char *kind = taskgroup_kind(cx, s->v.With.items.items[k]->context_expr);
        if (kind)
            return kind;
    }
    return NULL;
}

static void
check_stmt(RuleCtx *cx, const Stmt *s)
{
    const char *what = s->kind == S_Return ? "return" : s->kind == S_Break ? "break" : "continue";
    const Stmt *group = NULL;
    const char *kind = NULL;
    for (uint32_t i = cx->depth; i-- > 0 && !group;) {
        if (!cx->stack[i].is_stmt) {
            if (((const Expr *)cx->stack[i].node)->kind == E_Lambda)
                return;
            continue;
        }
        const Stmt *a = cx->stack[i].node;
        if (a->kind == S_FunctionDef || a->kind == S_AsyncFunctionDef || a->kind == S_ClassDef)
            return;
        if (s->kind != S_Return &&
            (a->kind == S_For || a->kind == S_AsyncFor || a->kind == S_While))
            return; /* the loop is inside the block */
        kind = taskgroup_of(cx, a);
        if (kind)
            group = a;
    }
    if (!group)
        return;
    Finding *f = rule_report_stmt(
        cx, s,
        "`%s` in a %s block behaves counterintuitively in several situations; refactor "
        "to have the `%s` outside",
        what, kind, what);
    /* the clear case: the last statement of the block moves after it */
    StmtSeq body = group->v.With.body;
    if (body.len < 2 || body.items[body.len - 1] != s)
        return;
    const Stmt *prev = body.items[body.len - 2];
    const char *block = sugg_dedent(cx, group->start, prev->end);
    const char *moved = cx_text(cx, s->start, s->end);
    finding_suggest(cx, f, group->start, group->end,
                    arena_sprintf(cx->out_arena, "%s\n%s", block, moved));
    finding_fix_title(cx, f, "Move the `%s` after the `async with` block", what);
}

const RuleDesc rule_async121 = {
    .code = "ASYNC121",
    .name = "control-flow-in-taskgroup",
    .severity = SEV_WARNING,
    .area = AREA_CORRECTNESS,
    .frameworks = FW_ALL,
    .stmt_kinds = STMT_BIT(S_Return) | STMT_BIT(S_Break) | STMT_BIT(S_Continue),
    .on_stmt = check_stmt,
    .summary = "`return`, `break` or `continue` inside a nursery / task group block",
    .why =
        "Leaving a nursery or task group block early does not leave it: the block still waits for "
        "every child task. If a child fails, the exception group replaces the returned value; if "
        "the "
        "scope is cancelled, the `return` or `break` may never take effect.",
    .doc =
        "## What it does\n"
        "Flags `return` anywhere inside `async with trio.open_nursery()`, "
        "`anyio.create_task_group()` "
        "or `asyncio.TaskGroup()` (not in nested functions), and `break` / `continue` there whose "
        "loop "
        "encloses the block.\n\n"
        "## Why is this bad?\n"
        "The statement reads as \"leave now\" but the block first waits for, and may be overridden "
        "by, its children (trio issue #1493).\n\n"
        "## Example\n"
        "```python\n"
        "async def first(urls):\n"
        "    async with trio.open_nursery() as nursery:\n"
        "        nursery.start_soon(log_progress)\n"
        "        return await fetch(urls[0])\n"
        "```\n\n"
        "Use instead:\n"
        "```python\n"
        "async def first(urls):\n"
        "    async with trio.open_nursery() as nursery:\n"
        "        nursery.start_soon(log_progress)\n"
        "        result = await fetch(urls[0])\n"
        "    return result\n"
        "```\n",
};
