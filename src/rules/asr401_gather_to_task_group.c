/* ASR401 gather-to-task-group: on Python 3.11+, `await asyncio.gather(a(), b())` of coroutines,
 * which `asyncio.TaskGroup` runs with structured cancellation. A suggestion only: the rewrite
 * changes how failures propagate (siblings are cancelled, errors arrive as an ExceptionGroup). */
#include "rules/structured.h"

#include "base/strbuf.h"

#include <string.h>

/* A name for new code that is not bound in the current scope. */
static const char *
fresh_name(RuleCtx *cx, const char *want, const char *fallback)
{
    return sem_lookup_str(cx->sm, cx->scope, want, UINT32_MAX) ? fallback : want;
}

/* Whether the code runs inside a `try` that has handlers (they would see an ExceptionGroup). */
static bool
inside_try_with_handlers(RuleCtx *cx)
{
    uint32_t fn_index = 0;
    if (!enclosing_function_stmt(cx, &fn_index))
        return true;
    for (uint32_t i = fn_index + 1; i < cx->depth; i++) {
        if (!cx->stack[i].is_stmt)
            continue;
        const Stmt *s = cx->stack[i].node;
        if ((s->kind == S_Try || s->kind == S_TryStar) && s->v.Try.handlers.len)
            return true;
    }
    return false;
}

/* The comprehension `*(f(x) for x in xs)` / `*[f(x) for x in xs]` as the only argument, or NULL. */
static const Expr *
starred_comprehension(RuleCtx *cx, const Expr *call)
{
    if (call->v.Call.args.len != 1 || call->v.Call.args.items[0]->kind != E_Starred)
        return NULL;
    const Expr *comp = call->v.Call.args.items[0]->v.Starred.value;
    if (comp->kind != E_GeneratorExp && comp->kind != E_ListComp)
        return NULL;
    for (uint32_t i = 0; i < comp->v.ListComp.generators.len; i++)
        if (comp->v.ListComp.generators.items[i]->is_async)
            return NULL;
    return call_is_coroutine(cx, comp->v.ListComp.elt) ? comp : NULL;
}

static bool
all_coroutines(RuleCtx *cx, const Expr *call)
{
    if (call->v.Call.args.len < 2)
        return false;
    for (uint32_t i = 0; i < call->v.Call.args.len; i++)
        if (!call_is_coroutine(cx, call->v.Call.args.items[i]))
            return false;
    return true;
}

static void
check_await(RuleCtx *cx, const Expr *aw)
{
    const Expr *call = aw->v.Await.value;
    if (call->kind != E_Call || !cx_in_async_function(cx))
        return;
    const char *q = canonical_target(cx, call);
    if (!q || strcmp(q, "asyncio.gather"))
        return;
    for (uint32_t i = 0; i < call->v.Call.keywords.len; i++) {
        const Keyword *k = call->v.Call.keywords.items[i];
        if (!k->arg || strcmp(k->arg, "return_exceptions") || !expr_is_false(k->value))
            return; /* return_exceptions=True collects failures on purpose */
    }
    bool is_stmt = false;
    const Stmt *stmt = cx_parent(cx, 0, &is_stmt);
    if (!stmt || !is_stmt)
        return;
    const Expr *target = NULL;
    if (stmt->kind == S_Assign && stmt->v.Assign.value == aw && stmt->v.Assign.targets.len == 1)
        target = stmt->v.Assign.targets.items[0];
    else if (!(stmt->kind == S_Expr || (stmt->kind == S_Return && stmt->v.Return.value == aw)))
        return;
    const Expr *comp = starred_comprehension(cx, call);
    if (!comp && !all_coroutines(cx, call))
        return;
    if (inside_try_with_handlers(cx))
        return;

    const char *mod = module_ref(cx, NULL, call->v.Call.func, "asyncio");
    const char *tg = fresh_name(cx, "tg", "task_group");
    StrBuf sb = STRBUF_INIT;
    StrBuf results = STRBUF_INIT;
    sb_printf(&sb, "async with %s.TaskGroup() as %s:\n", mod, tg);
    if (comp) {
        const char *tasks = fresh_name(cx, "tasks", "gathered_tasks");
        const Expr *elt = comp->v.ListComp.elt;
        sb_printf(&sb, "    %s = [%s.create_task(%s)%s]\n", tasks, tg, cx_expr_text(cx, elt),
                  cx_text(cx, elt->end, comp->end - 1));
        sb_printf(&results, "[task.result() for task in %s]", tasks);
    } else {
        bool keep = stmt->kind != S_Expr;
        sb_adds(&results, target && (target->kind == E_Tuple || target->kind == E_List) ? "" : "[");
        for (uint32_t i = 0; i < call->v.Call.args.len; i++) {
            const char *arg = cx_expr_text(cx, call->v.Call.args.items[i]);
            if (keep) {
                sb_printf(&sb, "    task%u = %s.create_task(%s)\n", i + 1, tg, arg);
                sb_printf(&results, "%stask%u.result()", i ? ", " : "", i + 1);
            } else {
                sb_printf(&sb, "    %s.create_task(%s)\n", tg, arg);
            }
        }
        sb_adds(&results, target && (target->kind == E_Tuple || target->kind == E_List) ? "" : "]");
    }
    if (stmt->kind == S_Assign)
        sb_printf(&sb, "%s = %s\n", cx_expr_text(cx, target), sb_cstr(&results));
    else if (stmt->kind == S_Return)
        sb_printf(&sb, "return %s\n", sb_cstr(&results));
    Finding *f = rule_report_expr(
        cx, call, "`%s()` of coroutines can be an `asyncio.TaskGroup` on Python 3.11+",
        cx_expr_text(cx, call->v.Call.func));
    finding_suggest(cx, f, stmt->start, stmt->end, sb_cstr(&sb));
    finding_fix_title(cx, f, "Run the coroutines in `async with %s.TaskGroup()`", mod);
    sb_free(&sb);
    sb_free(&results);
}

const RuleDesc rule_asr401 = {
    .code = "ASR401",
    .name = "gather-to-task-group",
    .severity = SEV_SUGGESTION,
    .area = AREA_PATTERNS,
    .frameworks = FW_BIT(FW_ASYNCIO),
    .min_version = 311,
    .expr_kinds = EXPR_BIT(E_Await),
    .on_expr = check_await,
    .summary = "`await asyncio.gather(...)` of coroutines where `asyncio.TaskGroup` (3.11+) fits",
    .why =
        "When one coroutine passed to `gather()` fails, the others keep running unsupervised and "
        "their errors are lost. `asyncio.TaskGroup` cancels the siblings, waits for them, and "
        "reports "
        "every failure together in an `ExceptionGroup`.",
    .doc =
        "## What it does\n"
        "On Python 3.11+ targets, flags `await asyncio.gather(...)` used as a statement, assigned "
        "to "
        "one target or returned, when every argument is a coroutine call (at least two) or the "
        "argument is `*(coro(x) for x in xs)`. It stays silent when `return_exceptions=True` is "
        "passed (collecting failures is then deliberate) and inside a `try` with handlers, which "
        "would see an `ExceptionGroup` instead of the original exception after the rewrite.\n\n"
        "## Why is this bad?\n"
        "`gather()` without `return_exceptions` propagates the first error and leaves the other "
        "coroutines' tasks running in the background; their later failures are never retrieved. A "
        "task group gives structured concurrency: nothing outlives the block.\n\n"
        "## Example\n"
        "```python\n"
        "async def load(client):\n"
        "    users, orders = await asyncio.gather(fetch_users(client), fetch_orders(client))\n"
        "```\n\n"
        "Use instead:\n"
        "```python\n"
        "async def load(client):\n"
        "    async with asyncio.TaskGroup() as tg:\n"
        "        task1 = tg.create_task(fetch_users(client))\n"
        "        task2 = tg.create_task(fetch_orders(client))\n"
        "    users, orders = task1.result(), task2.result()\n"
        "```\n",
};
