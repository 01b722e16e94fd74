/* ASYNC120 await-in-except: in trio/anyio code, an await inside an `except` handler (one that does
 * not catch cancellation) that re-raises afterwards, outside a shielded cancel scope. */
#include "rules/asyncsem.h"
#include "rules/cancelsem.h"

#include "parse/visit.h"

#include <string.h>

typedef struct RaiseAfter {
    uint32_t after;
    bool found;
} RaiseAfter;

static bool
find_raise(Visitor *v, const Stmt *s)
{
    RaiseAfter *ra = v->data;
    if (s->kind == S_FunctionDef || s->kind == S_AsyncFunctionDef || s->kind == S_ClassDef)
        return false;
    if (s->kind == S_Raise && s->start >= ra->after) {
        ra->found = true;
        v->stop = true;
    }
    return true;
}

static void
report(RuleCtx *cx, uint32_t start, uint32_t end, const Stmt *stmt, const char *what)
{
    CleanupSpot spot = cleanup_spot(cx, start);
    if (spot.kind != CLEANUP_EXCEPT)
        return;
    RaiseAfter ra = { end, false };
    Visitor v = { .enter_stmt = find_raise, .data = &ra };
    visit_stmts(&v, spot.handler->body);
    if (!ra.found)
        return; /* nothing to lose: the handler does not re-raise */
    Finding *f =
        rule_report(cx, start, end,
                    "%s inside `%s` (line %u) is a checkpoint: if the task is cancelled "
                    "there, the exception being handled is lost",
                    what, handler_label(cx, spot.handler), cx_line(cx, spot.handler->start));
    const char *fixed = stmt ? sugg_shielded(cx, stmt) : NULL;
    if (fixed)
        finding_suggest(cx, f, stmt->start, stmt->end, fixed);
}

static void
check_await(RuleCtx *cx, const Expr *e)
{
    const Expr *call = e->v.Await.value;
    if (call->kind == E_Call && call->v.Call.func->kind == E_Attribute &&
        !strcmp(call->v.Call.func->v.Attribute.attr, "aclose") && !call->v.Call.args.len)
        return;
    report(cx, e->start, e->end, cx_parent_stmt(cx), "`await`");
}

static void
check_stmt(RuleCtx *cx, const Stmt *s)
{
    static const char *const groups[] = { "trio.open_nursery", "anyio.create_task_group", NULL };
    uint32_t end = s->end;
    if (s->kind == S_AsyncFor) {
        end = s->v.For.iter->end;
    } else {
        bool all_groups = true;
        for (uint32_t i = 0; i < s->v.With.items.len; i++)
            all_groups &= expr_is_call_to(cx, s->v.With.items.items[i]->context_expr, groups);
        if (all_groups)
            return;
        end = s->v.With.items.items[s->v.With.items.len - 1]->context_expr->end;
    }
    report(cx, s->start, end, s, s->kind == S_AsyncFor ? "`async for`" : "`async with`");
}

const RuleDesc rule_async120 = {
    .code = "ASYNC120",
    .name = "await-in-except",
    .severity = SEV_WARNING,
    .area = AREA_ERROR_HANDLING,
    .frameworks = FW_BIT(FW_TRIO) | FW_BIT(FW_ANYIO),
    .expr_kinds = EXPR_BIT(E_Await),
    .stmt_kinds = STMT_BIT(S_AsyncFor) | STMT_BIT(S_AsyncWith),
    .on_expr = check_await,
    .on_stmt = check_stmt,
    .summary = "Checkpoint inside `except` before a re-raise, outside a shielded cancel scope",
    .why =
        "If the task is cancelled while the handler awaits, `Cancelled` is raised from the await "
        "and "
        "replaces the exception the handler was about to re-raise: the original error disappears.",
    .doc = "## What it does\n"
           "In trio and anyio code, flags `await`, `async for` and `async with` inside an `except` "
           "handler that does not catch cancellation (those are ASYNC102) when the handler raises "
           "after it, unless a shielded cancel scope inside the handler protects it. `await "
           "x.aclose()` "
           "and `async with` of a nursery or task group are allowed.\n\n"
           "## Why is this bad?\n"
           "The await is a checkpoint. Cancelled there, the handler never reaches its `raise`, and "
           "the "
           "error it was handling is silently replaced by the cancellation.\n\n"
           "## Example\n"
           "```python\n"
           "import trio\n\n"
           "async def upload(conn, data):\n"
           "    try:\n"
           "        await conn.send(data)\n"
           "    except OSError:\n"
           "        await conn.report_failure()\n"
           "        raise\n"
           "```\n\n"
           "Use instead:\n"
           "```python\n"
           "import trio\n\n"
           "async def upload(conn, data):\n"
           "    try:\n"
           "        await conn.send(data)\n"
           "    except OSError:\n"
           "        with trio.move_on_after(10) as cleanup_scope:\n"
           "            cleanup_scope.shield = True\n"
           "            await conn.report_failure()\n"
           "        raise\n"
           "```\n",
};
