/* ASYNC102 await-in-finally-or-cancelled: in trio/anyio code, an await (or async for / async with)
 * inside `finally` or inside a handler that catches cancellation, not in a shielded cancel scope.
 */
#include "rules/asyncsem.h"
#include "rules/cancelsem.h"

#include <string.h>

/* `await x.aclose()`, `await trio.aclose_forcefully(x)` and the shielded checkpoint are made for
 * cleanup. */
static bool
safe_cleanup_await(RuleCtx *cx, const Expr *await)
{
    const Expr *call = await->v.Await.value;
    if (call->kind != E_Call)
        return false;
    const Expr *func = call->v.Call.func;
    if (func->kind == E_Attribute && !strcmp(func->v.Attribute.attr, "aclose") &&
        !call->v.Call.args.len && !call->v.Call.keywords.len)
        return true;
    static const char *const safe[] = {
        "trio.aclose_forcefully",
        "anyio.aclose_forcefully",
        "trio.lowlevel.cancel_shielded_checkpoint",
        "anyio.lowlevel.cancel_shielded_checkpoint",
        NULL,
    };
    return expr_is_call_to(cx, call, safe);
}

/* `async with trio.open_nursery()` / `anyio.create_task_group()` does not checkpoint on entry. */
static bool
nursery_only(RuleCtx *cx, const Stmt *s)
{
    static const char *const groups[] = { "trio.open_nursery", "anyio.create_task_group", NULL };
    for (uint32_t i = 0; i < s->v.With.items.len; i++)
        if (!expr_is_call_to(cx, s->v.With.items.items[i]->context_expr, groups))
            return false;
    return true;
}

static void
report(RuleCtx *cx, uint32_t start, uint32_t end, const Stmt *stmt, const char *what)
{
    CleanupSpot spot = cleanup_spot(cx, start);
    if (spot.kind != CLEANUP_FINALLY && spot.kind != CLEANUP_CANCEL)
        return;
    const char *where = spot.kind == CLEANUP_FINALLY ? "finally" : handler_label(cx, spot.handler);
    Finding *f = rule_report(cx, start, end,
                             "%s inside `%s` (line %u) is cancelled at once when the task is being "
                             "cancelled; run it in a shielded cancel scope with a timeout",
                             what, where, cx_line(cx, spot.try_stmt->start));
    const char *fixed = stmt ? sugg_shielded(cx, stmt) : NULL;
    if (fixed)
        finding_suggest(cx, f, stmt->start, stmt->end, fixed);
}

static void
check_await(RuleCtx *cx, const Expr *e)
{
    if (safe_cleanup_await(cx, e))
        return;
    report(cx, e->start, e->end, cx_parent_stmt(cx), "`await`");
}

static void
check_stmt(RuleCtx *cx, const Stmt *s)
{
    if (s->kind == S_AsyncWith && nursery_only(cx, s))
        return;
    /* flag the header only: the body is checked statement by statement */
    uint32_t end = s->v.With.body.len ? s->v.With.body.items[0]->start : s->end;
    if (s->kind == S_AsyncFor)
        end = s->v.For.iter->end;
    else if (s->v.With.items.len)
        end = s->v.With.items.items[s->v.With.items.len - 1]->context_expr->end;
    report(cx, s->start, end, s, s->kind == S_AsyncFor ? "`async for`" : "`async with`");
}

const RuleDesc rule_async102 = {
    .code = "ASYNC102",
    .name = "await-in-finally-or-cancelled",
    .severity = SEV_WARNING,
    .area = AREA_ERROR_HANDLING,
    .frameworks = FW_BIT(FW_TRIO) | FW_BIT(FW_ANYIO),
    .expr_kinds = EXPR_BIT(E_Await),
    .stmt_kinds = STMT_BIT(S_AsyncFor) | STMT_BIT(S_AsyncWith),
    .on_expr = check_await,
    .on_stmt = check_stmt,
    .summary = "`await` in `finally` or in a cancellation handler without a shielded cancel scope",
    .why = "In trio and anyio a cancelled scope stays cancelled: every checkpoint inside it raises "
           "`Cancelled` again. Cleanup that awaits in `finally` or in a handler of the "
           "cancellation is "
           "therefore cut short at its first await, unless a shielded cancel scope protects it.",
    .doc =
        "## What it does\n"
        "In trio and anyio code, flags `await`, `async for` and `async with` inside `finally:` and "
        "inside handlers that catch cancellation (`except:`, `except BaseException`, "
        "`trio.Cancelled`, `anyio.get_cancelled_exc_class()`), unless a cancel scope inside that "
        "block "
        "is shielded (`CancelScope(shield=True)`, `move_on_after(..., shield=True)`, or "
        "`scope.shield = True`). `await x.aclose()`, `aclose_forcefully(x)` and "
        "`lowlevel.cancel_shielded_checkpoint()` are allowed, as is `async with` of a nursery or "
        "task "
        "group. Unlike flake8-async, awaits in `__aexit__` are not flagged.\n\n"
        "## Why is this bad?\n"
        "The cleanup never runs when it matters most: on cancellation, the first await raises "
        "`Cancelled` and the rest of the block is skipped. A shield alone could hang forever, so "
        "give the shielded scope a deadline.\n\n"
        "## Example\n"
        "```python\n"
        "import trio\n\n"
        "async def session(conn):\n"
        "    try:\n"
        "        await conn.serve()\n"
        "    finally:\n"
        "        await conn.send_goodbye()\n"
        "```\n\n"
        "Use instead:\n"
        "```python\n"
        "import trio\n\n"
        "async def session(conn):\n"
        "    try:\n"
        "        await conn.serve()\n"
        "    finally:\n"
        "        with trio.move_on_after(10) as cleanup_scope:\n"
        "            cleanup_scope.shield = True\n"
        "            await conn.send_goodbye()\n"
        "```\n",
};
