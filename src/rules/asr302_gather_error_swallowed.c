/* ASR302 gather-error-swallowed: `await asyncio.gather(a(), b())` (without return_exceptions)
 * inside a `try` whose handler swallows the error. gather raises the first exception but does not
 * cancel the other awaitables: they keep running with nobody waiting for them, and their own errors
 * are lost. */
#include "rules/asyncsem.h"
#include "rules/cancelsem.h"
#include "rules/structured.h"
#include "rules/usesem.h"

#include "base/strbuf.h"

#include <string.h>

static const char *const gathers[] = { "asyncio.gather", NULL };

/* The innermost `try` whose body (not a handler, else or finally) holds the node being visited. */
static const Stmt *
enclosing_try_body(RuleCtx *cx, uint32_t off)
{
    for (uint32_t i = cx->depth; i-- > 0;) {
        if (!cx->stack[i].is_stmt) {
            if (((const Expr *)cx->stack[i].node)->kind == E_Lambda)
                return NULL;
            continue;
        }
        const Stmt *s = cx->stack[i].node;
        if (s->kind == S_FunctionDef || s->kind == S_AsyncFunctionDef || s->kind == S_ClassDef)
            return NULL;
        if (s->kind != S_Try && s->kind != S_TryStar)
            continue;
        StmtSeq b = s->v.Try.body;
        if (b.len && off >= b.items[0]->start && off < b.items[b.len - 1]->end)
            return s;
        return NULL; /* in a handler, else or finally: not guarded by this try */
    }
    return NULL;
}

/* The first handler of t that falls through without re-raising, ignoring handlers that only
 * name the cancellation class. */
static const ExceptHandler *
swallowing_handler(RuleCtx *cx, const Stmt *t)
{
    for (uint32_t i = 0; i < t->v.Try.handlers.len; i++) {
        const ExceptHandler *h = t->v.Try.handlers.items[i];
        bool explicit_cancel = false;
        handler_catches_cancel(cx, h, &explicit_cancel);
        if (explicit_cancel)
            continue;
        if (h->type && strstr(cx_expr_text(cx, h->type), "TimeoutError"))
            continue; /* about a deadline, not the gathered work */
        ReraiseScan scan;
        handler_scan_reraise(cx, h, &scan);
        if (scan.may_fall_through)
            return h;
    }
    return NULL;
}

static const char *
args_text(RuleCtx *cx, const Expr *call)
{
    ExprSeq args = call->v.Call.args;
    if (args.len == 1 && args.items[0]->kind == E_Starred)
        return cx_expr_text(cx, args.items[0]->v.Starred.value);
    StrBuf sb = STRBUF_INIT;
    sb_adds(&sb, "(");
    for (uint32_t i = 0; i < args.len; i++) {
        if (i)
            sb_adds(&sb, ", ");
        sb_adds(&sb, cx_expr_text(cx, args.items[i]));
    }
    sb_adds(&sb, args.len == 1 ? ",)" : ")");
    const char *r = arena_strdup(cx->out_arena, sb_cstr(&sb));
    sb_free(&sb);
    return r;
}

static const char *
suggestion(RuleCtx *cx, const Stmt *s, const Expr *call)
{
    const char *mod = module_ref(cx, NULL, call->v.Call.func, "asyncio");
    ExprSeq args = call->v.Call.args;
    bool plain = args.len > 0 && call->v.Call.keywords.len == 0;
    for (uint32_t i = 0; i < args.len; i++)
        plain &= args.items[i]->kind == E_Call;
    if (cx->pyver >= 311 && plain &&
        (s->kind == S_Expr || s->v.Assign.targets.items[0]->kind == E_Name)) {
        StrBuf sb = STRBUF_INIT;
        sb_printf(&sb, "async with %s.TaskGroup() as tg:  # cancels the rest when one fails\n",
                  mod);
        for (uint32_t i = 0; i < args.len; i++) {
            if (s->kind == S_Expr)
                sb_printf(&sb, "    tg.create_task(%s)\n", cx_expr_text(cx, args.items[i]));
            else
                sb_printf(&sb, "    t%u = tg.create_task(%s)\n", i,
                          cx_expr_text(cx, args.items[i]));
        }
        if (s->kind == S_Assign) {
            sb_printf(&sb, "%s = [", cx_expr_text(cx, s->v.Assign.targets.items[0]));
            for (uint32_t i = 0; i < args.len; i++)
                sb_printf(&sb, "%st%u.result()", i ? ", " : "", i);
            sb_adds(&sb, "]\n");
        }
        sb_adds(&sb, "# the error now arrives in an ExceptionGroup: handle it with `except*`");
        const char *r = arena_strdup(cx->out_arena, sb_cstr(&sb));
        sb_free(&sb);
        return r;
    }
    const char *gather = cx_expr_text(cx, call->v.Call.func);
    const char *stmt = sugg_stmt_with(cx, s, call->start, call->end,
                                      arena_sprintf(cx->out_arena, "%s(*tasks)", gather));
    return arena_sprintf(cx->out_arena,
                         "tasks = [%s.ensure_future(aw) for aw in %s]\n"
                         "try:\n"
                         "%s\n"
                         "finally:\n"
                         "    for task in tasks:\n"
                         "        task.cancel()  # no-op for the tasks that finished",
                         mod, args_text(cx, call), sugg_indent(cx, stmt, "    ", false));
}

static void
check_call(RuleCtx *cx, const Expr *call)
{
    if (!cx_in_async_function(cx) || !expr_is_call_to(cx, call, gathers))
        return;
    const Expr *re = keyword_arg(call, "return_exceptions");
    if (re && !expr_is_false(re))
        return;
    ExprSeq args = call->v.Call.args;
    bool several = args.len > 1;
    for (uint32_t i = 0; i < args.len; i++)
        several |= args.items[i]->kind == E_Starred;
    if (!several || call->v.Call.keywords.len > (re ? 1u : 0u))
        return;
    if (cx->depth < 2 || cx->stack[cx->depth - 1].is_stmt)
        return;
    const Expr *aw = cx->stack[cx->depth - 1].node;
    if (aw->kind != E_Await || !cx->stack[cx->depth - 2].is_stmt)
        return;
    const Stmt *s = cx->stack[cx->depth - 2].node;
    if (!(s->kind == S_Expr && s->v.Expr.value == aw) &&
        !(s->kind == S_Assign && s->v.Assign.value == aw && s->v.Assign.targets.len == 1))
        return;
    const Stmt *t = enclosing_try_body(cx, s->start);
    if (!t)
        return;
    const ExceptHandler *h = swallowing_handler(cx, t);
    if (!h)
        return;
    const Stmt *fn = enclosing_function_stmt(cx, NULL);
    if (!fn || stmts_call_method(fn->v.FunctionDef.body, "cancel", UINT32_MAX))
        return; /* the function cancels something itself: trust it */
    Finding *f =
        rule_report_expr(cx, call,
                         "When one awaitable of `%s()` fails, `%s` swallows the error while the "
                         "others keep running unobserved",
                         cx_expr_text(cx, call->v.Call.func), handler_label(cx, h));
    finding_suggest(cx, f, s->start, s->end, suggestion(cx, s, call));
}

const RuleDesc rule_asr302 = {
    .code = "ASR302",
    .name = "gather-error-swallowed",
    .severity = SEV_WARNING,
    .area = AREA_ERROR_HANDLING,
    .frameworks = FW_BIT(FW_ASYNCIO),
    .expr_kinds = EXPR_BIT(E_Call),
    .on_expr = check_call,
    .summary =
        "`gather()` in a `try` whose handler swallows the error while the other awaitables run on",
    .why =
        "`asyncio.gather()` raises the first exception but does not cancel the other awaitables. "
        "When the handler carries on, they keep running with nobody waiting for them: their "
        "results and errors are lost and they may act after the caller moved on.",
    .doc =
        "## What it does\n"
        "Flags `await asyncio.gather(...)` over several awaitables (without "
        "`return_exceptions=True`) directly inside a `try` body whose handler has a path that does "
        "not re-raise. Handlers that only name the cancellation class or a timeout are ignored, "
        "and "
        "so are functions that call `.cancel()` themselves.\n\n"
        "## Why is this bad?\n"
        "gather propagates the first error immediately and leaves the siblings running. After the "
        "handler swallows the error, those tasks are orphans: their failures are only logged at "
        "garbage collection, and their side effects happen at unexpected times. On Python 3.11+ a "
        "`TaskGroup` cancels the siblings; before, cancel them explicitly.\n\n"
        "## Example\n"
        "```python\n"
        "import asyncio\n\n"
        "async def load(user_id):\n"
        "    try:\n"
        "        await asyncio.gather(fetch_profile(user_id), fetch_orders(user_id))\n"
        "    except Exception:\n"
        "        log.warning(\"partial load\")\n"
        "```\n\n"
        "Use instead:\n"
        "```python\n"
        "import asyncio\n\n"
        "async def load(user_id):\n"
        "    try:\n"
        "        async with asyncio.TaskGroup() as tg:\n"
        "            tg.create_task(fetch_profile(user_id))\n"
        "            tg.create_task(fetch_orders(user_id))\n"
        "    except* Exception:\n"
        "        log.warning(\"partial load\")\n"
        "```\n",
};
