/* ASYNC112 useless-nursery: a nursery / task group whose body only starts one task (not passing the
 * nursery on), which is just awaiting that call. */
#include "rules/structured.h"

#include "parse/visit.h"

#include <string.h>

typedef struct NameFind {
    Ident name;
    bool found;
} NameFind;

static bool
find_name(const Expr *e, void *data)
{
    NameFind *nf = data;
    if (e->kind == E_Name && !strcmp(e->v.Name.id, nf->name))
        nf->found = true;
    return nf->found;
}

static bool
call_mentions(const Expr *call, Ident name)
{
    NameFind nf = { name, false };
    for (uint32_t i = 0; i < call->v.Call.args.len && !nf.found; i++)
        expr_contains(call->v.Call.args.items[i], find_name, &nf, false);
    for (uint32_t i = 0; i < call->v.Call.keywords.len && !nf.found; i++)
        expr_contains(call->v.Call.keywords.items[i]->value, find_name, &nf, false);
    return nf.found;
}

/* `await f(a, b)` for `n.start_soon(f, a, b)` / `n.start(f, a, b)`, `await coro` for
 * `tg.create_task(coro)` (a `name=` keyword is dropped); NULL for other keywords. */
static const char *
direct_call(RuleCtx *cx, const Expr *call, bool create_task)
{
    ExprSeq args = call->v.Call.args;
    if (!args.len || args.items[0]->kind == E_Starred)
        return NULL;
    for (uint32_t i = 0; i < call->v.Call.keywords.len; i++) {
        const Keyword *k = call->v.Call.keywords.items[i];
        if (!k->arg || strcmp(k->arg, "name"))
            return NULL; /* only the task's name may be dropped */
    }
    if (create_task)
        return args.len == 1
                   ? arena_sprintf(cx->out_arena, "await %s", cx_expr_text(cx, args.items[0]))
                   : NULL;
    const char *rest =
        args.len > 1 ? cx_text(cx, args.items[1]->start, args.items[args.len - 1]->end) : "";
    return arena_sprintf(cx->out_arena, "await %s(%s)", cx_expr_text(cx, args.items[0]), rest);
}

static void
check_with(RuleCtx *cx, const Stmt *s)
{
    StmtSeq body = s->v.With.body;
    if (body.len != 1 || body.items[0]->kind != S_Expr)
        return;
    const Expr *call = body.items[0]->v.Expr.value;
    if (call->kind == E_Await)
        call = call->v.Await.value;
    if (call->kind != E_Call || call->v.Call.func->kind != E_Attribute)
        return;
    const Expr *func = call->v.Call.func;
    const Expr *recv = func->v.Attribute.value;
    if (recv->kind != E_Name)
        return;
    for (uint32_t k = 0; k < s->v.With.items.len; k++) {
        const WithItem *it = s->v.With.items.items[k];
        const char *kind = taskgroup_kind(cx, it->context_expr);
        if (!kind || !it->optional_vars || it->optional_vars->kind != E_Name ||
            strcmp(it->optional_vars->v.Name.id, recv->v.Name.id))
            continue;
        bool asyncio_tg = !strcmp(canonical_target(cx, it->context_expr), "asyncio.TaskGroup");
        const char *attr = func->v.Attribute.attr;
        bool starts = asyncio_tg ? !strcmp(attr, "create_task")
                                 : !strcmp(attr, "start") || !strcmp(attr, "start_soon");
        if (!starts || call_mentions(call, recv->v.Name.id))
            continue;
        Finding *f =
            rule_report_expr(cx, it->context_expr,
                             "Redundant %s `%s`: it only runs one task; await the call directly",
                             kind, recv->v.Name.id);
        const char *direct = direct_call(cx, call, asyncio_tg);
        if (!direct)
            continue;
        if (s->v.With.items.len == 1) {
            finding_suggest(cx, f, s->start, s->end, direct);
            finding_fix_title(cx, f, "Replace the %s with `%s`", kind, direct);
            if (!call->v.Call.keywords.len && !range_has_comment(cx, s->start, s->end))
                finding_edit(cx, f, s->start, s->end, direct);
        }
    }
}

const RuleDesc rule_async112 = {
    .code = "ASYNC112",
    .name = "useless-nursery",
    .severity = SEV_SUGGESTION,
    .area = AREA_PATTERNS,
    .frameworks = FW_ALL,
    .fix = FIX_UNSAFE,
    .stmt_kinds = STMT_BIT(S_With) | STMT_BIT(S_AsyncWith),
    .on_stmt = check_with,
    .summary = "Nursery / task group whose body only starts a single task",
    .why = "A nursery that runs exactly one child and nothing else waits for that child, which is "
           "what "
           "awaiting the function does, with a simpler traceback and without wrapping its errors "
           "in an "
           "exception group.",
    .doc =
        "## What it does\n"
        "Flags `async with trio.open_nursery() as n:` (also `anyio.create_task_group()` and "
        "`asyncio.TaskGroup()`) whose body is a single `n.start_soon(...)` / `n.start(...)` / "
        "`tg.create_task(...)` call that does not pass the nursery itself on. The unsafe fix "
        "replaces "
        "the block with a direct `await` (the exception is then no longer wrapped in a group).\n\n"
        "## Why is this bad?\n"
        "The nursery adds a task, an exception group and indentation for no concurrency.\n\n"
        "## Example\n"
        "```python\n"
        "async def main():\n"
        "    async with trio.open_nursery() as nursery:\n"
        "        nursery.start_soon(worker, 1)\n"
        "```\n\n"
        "Use instead:\n"
        "```python\n"
        "async def main():\n"
        "    await worker(1)\n"
        "```\n",
};
