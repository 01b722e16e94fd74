/* ASR120 dangling-task: a spawned task kept only in a local that is never used, or spawned in a
 * comprehension whose list is thrown away. (A spawn used as a bare statement is ASYNC300.) */
#include "rules/asyncsem.h"
#include "rules/suggest.h"

static const char *const spawners[] = {
    "asyncio.create_task",
    "asyncio.ensure_future",
    "asyncio.AbstractEventLoop.create_task",
    NULL,
};

/* `task = asyncio.create_task(...)` where the local `task` is never read. */
static void
check_assign(RuleCtx *cx, const Stmt *s)
{
    if (s->v.Assign.targets.len != 1 || s->v.Assign.targets.items[0]->kind != E_Name)
        return;
    const Expr *call = s->v.Assign.value;
    if (!expr_is_call_to(cx, call, spawners))
        return;
    const Expr *name = s->v.Assign.targets.items[0];
    const Binding *b = sem_lookup(cx->sm, cx->scope, name->v.Name.id, name->end);
    if (!b || b->target != name || b->scope->kind != SCOPE_FUNCTION ||
        !name_never_read(cx, b->scope, name->v.Name.id))
        return;
    /* a later binding of the same name that is read does not keep this task either */
    Finding *f =
        rule_report_expr(cx, call,
                         "The task from `%s()` is stored in `%s`, which is never used, so nothing "
                         "keeps it alive or sees its exception",
                         cx_expr_text(cx, call->v.Call.func), name->v.Name.id);
    finding_suggest(cx, f, s->start, s->end, sugg_keep_task(cx, cx_expr_text(cx, call)));
}

/* `[asyncio.create_task(f(x)) for x in xs]` as a statement. */
static void
check_expr_stmt(RuleCtx *cx, const Stmt *s)
{
    const Expr *e = s->v.Expr.value;
    if (e->kind != E_ListComp && e->kind != E_SetComp && e->kind != E_GeneratorExp)
        return;
    const Expr *elt = e->v.ListComp.elt;
    if (!expr_is_call_to(cx, elt, spawners))
        return;
    Finding *f =
        rule_report_expr(cx, e,
                         "The tasks made by `%s()` in this comprehension are thrown away with it, "
                         "so nothing keeps them alive or sees their exceptions",
                         cx_expr_text(cx, elt->v.Call.func));
    if (e->kind == E_GeneratorExp)
        finding_why(cx, f,
                    "A generator expression used as a statement is never iterated, so no task is "
                    "even created. Build the tasks in a list you keep, or use a TaskGroup.");
    const char *body =
        cx->pyver >= 311
            ? arena_sprintf(
                  cx->out_arena,
                  "async with asyncio.TaskGroup() as tg:\n    for %s in %s:\n        "
                  "tg.create_task(%s)",
                  cx_expr_text(cx, e->v.ListComp.generators.items[0]->target),
                  cx_expr_text(cx, e->v.ListComp.generators.items[0]->iter),
                  cx_expr_text(cx, elt->v.Call.args.len ? elt->v.Call.args.items[0] : elt))
            : arena_sprintf(cx->out_arena, "tasks = %s\nawait asyncio.gather(*tasks)",
                            cx_text(cx, e->start, e->end));
    if (e->v.ListComp.generators.len == 1 && cx_in_async_function(cx) && elt->v.Call.args.len == 1)
        finding_suggest(cx, f, s->start, s->end, body);
}

static void
check_stmt(RuleCtx *cx, const Stmt *s)
{
    if (s->kind == S_Assign)
        check_assign(cx, s);
    else
        check_expr_stmt(cx, s);
}

const RuleDesc rule_asr120 = {
    .code = "ASR120",
    .name = "dangling-task",
    .severity = SEV_WARNING,
    .area = AREA_CORRECTNESS,
    .frameworks = FW_BIT(FW_ASYNCIO),
    .stmt_kinds = STMT_BIT(S_Assign) | STMT_BIT(S_Expr),
    .on_stmt = check_stmt,
    .summary = "Task kept only in an unused local, or spawned in a discarded comprehension",
    .why = "asyncio keeps only weak references to tasks: a task stored in a variable nobody reads, "
           "or in "
           "a list that is thrown away, can be collected before it finishes and its exception is "
           "never "
           "retrieved.",
    .doc =
        "## What it does\n"
        "Flags `task = asyncio.create_task(...)` where the local `task` is never read, and "
        "comprehensions of `create_task` calls used as statements. (A bare `create_task(...)` "
        "statement is ASYNC300.)\n\n"
        "## Why is this bad?\n"
        "Assigning the task to a local that goes out of scope keeps it no better than discarding "
        "it: when the function returns, the last strong reference is gone.\n\n"
        "## Example\n"
        "```python\n"
        "import asyncio\n\n"
        "async def start(jobs):\n"
        "    [asyncio.create_task(run(j)) for j in jobs]\n"
        "```\n\n"
        "Use instead:\n"
        "```python\n"
        "import asyncio\n\n"
        "async def start(jobs):\n"
        "    async with asyncio.TaskGroup() as tg:\n"
        "        for j in jobs:\n"
        "            tg.create_task(run(j))\n"
        "```\n",
};
