/* ASR306 shield-unreferenced-task: `asyncio.shield(coro())` (or `shield(create_task(...))`) where
 * the shielded awaitable is made on the spot and nobody keeps it. When the outer await is
 * cancelled, the inner task runs on with only the event loop's weak reference: it may be collected
 * mid-flight, and its exception is never retrieved. */
#include "rules/asyncsem.h"
#include "rules/structured.h"
#include "rules/suggest.h"

static const char *const shields[] = { "asyncio.shield", NULL };
static const char *const spawners[] = { "asyncio.create_task", "asyncio.ensure_future",
                                        "asyncio.AbstractEventLoop.create_task", NULL };

static void
check_call(RuleCtx *cx, const Expr *call)
{
    if (!expr_is_call_to(cx, call, shields) || call->v.Call.args.len != 1)
        return;
    const Expr *inner = call->v.Call.args.items[0];
    if (inner->kind != E_Call)
        return; /* a name or attribute: someone keeps a reference */
    bool spawned = expr_is_call_to(cx, inner, spawners);
    if (!spawned && !call_is_coroutine(cx, inner))
        return; /* an unknown call may hand back a future kept elsewhere */
    const Stmt *s = cx_parent_stmt(cx);
    if (!s ||
        (s->kind != S_Expr && s->kind != S_Assign && s->kind != S_AnnAssign && s->kind != S_Return))
        return;
    Finding *f =
        rule_report_expr(cx, call,
                         "The task that `%s()` protects is made here and kept by nobody, so it "
                         "may be garbage-collected after a cancellation and its exception lost",
                         cx_expr_text(cx, call->v.Call.func));
    const char *spawn = spawned ? cx_expr_text(cx, inner)
                                : arena_sprintf(cx->out_arena, "%s.create_task(%s)",
                                                module_ref(cx, NULL, call->v.Call.func, "asyncio"),
                                                cx_expr_text(cx, inner));
    finding_suggest(cx, f, s->start, s->end,
                    arena_sprintf(cx->out_arena, "%s\n%s", sugg_keep_task(cx, spawn),
                                  sugg_stmt_with(cx, s, inner->start, inner->end, "task")));
}

const RuleDesc rule_asr306 = {
    .code = "ASR306",
    .name = "shield-unreferenced-task",
    .severity = SEV_WARNING,
    .area = AREA_ERROR_HANDLING,
    .frameworks = FW_BIT(FW_ASYNCIO),
    .expr_kinds = EXPR_BIT(E_Call),
    .on_expr = check_call,
    .summary = "`asyncio.shield()` of a fresh coroutine or task that nobody keeps a reference to",
    .why = "`shield()` wraps its argument in a task that survives the cancellation of the outer "
           "await. "
           "If nothing else references that task, the event loop's weak reference is all that is "
           "left: "
           "the task can disappear mid-execution and its exception is never retrieved.",
    .doc =
        "## What it does\n"
        "Flags `asyncio.shield(work())` and `asyncio.shield(asyncio.create_task(work()))` where "
        "the "
        "shielded awaitable is created in the call itself. Shielding a task or future that is kept "
        "in a variable, attribute or collection is not flagged.\n\n"
        "## Why is this bad?\n"
        "The point of `shield()` is that the inner work goes on when the caller is cancelled. At "
        "that "
        "moment the caller's frame is gone, and with it the only strong reference to the inner "
        "task: "
        "the asyncio documentation asks to save a reference to tasks passed to `shield()`. Keep "
        "the "
        "task in a set that lives longer than the call.\n\n"
        "## Example\n"
        "```python\n"
        "import asyncio\n\n"
        "async def save(order):\n"
        "    await asyncio.shield(db.commit(order))\n"
        "```\n\n"
        "Use instead:\n"
        "```python\n"
        "import asyncio\n\n"
        "background_tasks = set()\n\n"
        "async def save(order):\n"
        "    task = asyncio.create_task(db.commit(order))\n"
        "    background_tasks.add(task)\n"
        "    task.add_done_callback(background_tasks.discard)\n"
        "    await asyncio.shield(task)\n"
        "```\n",
};
