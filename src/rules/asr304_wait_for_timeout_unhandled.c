/* ASR304 wait-for-timeout-unhandled (opt-in): `await asyncio.wait_for(...)` in a loop or in a route
 * handler with no enclosing `try` (in the same function) that catches the timeout. One slow item
 * ends the whole loop (a worker or consumer dies), or a request fails with a 500 instead of a
 * timeout answer. Before Python 3.11 `except TimeoutError` does not catch `asyncio.TimeoutError`.
 */
#include "rules/asyncsem.h"
#include "rules/cancelsem.h"
#include "rules/structured.h"
#include "rules/usesem.h"

#include <string.h>

static const char *const wait_fors[] = { "asyncio.wait_for", NULL };
static const char *const route_verbs[] = { "get",       "post",      "put",     "delete",
                                           "patch",     "head",      "options", "route",
                                           "api_route", "websocket", NULL };

static bool
is_route(const Stmt *fn)
{
    ExprSeq decos = fn->v.FunctionDef.decorator_list;
    for (uint32_t i = 0; i < decos.len; i++) {
        const Expr *d = decos.items[i];
        if (d->kind == E_Call && d->v.Call.func->kind == E_Attribute &&
            d->v.Call.func->v.Attribute.value->kind == E_Name &&
            qualname_in(d->v.Call.func->v.Attribute.attr, route_verbs))
            return true;
    }
    return false;
}

/* Whether one exception class expression catches asyncio's timeout for the target version; sets
 * *builtin_miss for a bare `TimeoutError`/`OSError` below 3.11. */
static bool
type_catches(RuleCtx *cx, const Expr *t, bool *builtin_miss)
{
    if (t->kind == E_Tuple) {
        for (uint32_t i = 0; i < t->v.Tuple.elts.len; i++)
            if (type_catches(cx, t->v.Tuple.elts.items[i], builtin_miss))
                return true;
        return false;
    }
    const char *text = cx_expr_text(cx, t);
    const char *dot = strrchr(text, '.');
    const char *last = dot ? dot + 1 : text;
    if (!strcmp(last, "Exception") || !strcmp(last, "BaseException"))
        return true;
    if (!strcmp(last, "TimeoutError") && dot)
        return true; /* asyncio.TimeoutError, asyncio.exceptions.TimeoutError */
    if (!strcmp(text, "TimeoutError") || !strcmp(text, "OSError") || !strcmp(text, "IOError") ||
        !strcmp(text, "EnvironmentError")) {
        if (cx->pyver >= 311)
            return true;
        *builtin_miss = true;
        return false;
    }
    return t->kind != E_Name && t->kind != E_Attribute; /* a computed class: cannot tell */
}

static void
check_call(RuleCtx *cx, const Expr *call)
{
    if (!cx_in_async_function(cx) || !expr_is_call_to(cx, call, wait_fors))
        return;
    const Stmt *fn = enclosing_function_stmt(cx, NULL);
    if (!fn || cx->depth < 1 || cx->stack[cx->depth - 1].is_stmt)
        return;
    const Expr *aw = cx->stack[cx->depth - 1].node;
    if (aw->kind != E_Await)
        return;
    bool in_loop = false, builtin_miss = false;
    const Stmt *stmt = NULL;
    for (uint32_t i = cx->depth; i-- > 0;) {
        if (!cx->stack[i].is_stmt)
            continue;
        const Stmt *s = cx->stack[i].node;
        if (s == fn)
            break;
        if (!stmt)
            stmt = s;
        if (s->kind == S_For || s->kind == S_AsyncFor || s->kind == S_While)
            in_loop = true;
        if (s->kind != S_Try && s->kind != S_TryStar)
            continue;
        StmtSeq b = s->v.Try.body;
        if (!b.len || call->start < b.items[0]->start || call->start >= b.items[b.len - 1]->end)
            continue;
        for (uint32_t k = 0; k < s->v.Try.handlers.len; k++) {
            const ExceptHandler *h = s->v.Try.handlers.items[k];
            if (!h->type || type_catches(cx, h->type, &builtin_miss))
                return;
        }
    }
    if (!stmt || (!in_loop && !is_route(fn)))
        return;
    if (stmt->kind != S_Expr && stmt->kind != S_Assign && stmt->kind != S_AnnAssign &&
        stmt->kind != S_Return)
        return;
    const char *exc = cx->pyver >= 311
                          ? "TimeoutError"
                          : arena_sprintf(cx->out_arena, "%s.TimeoutError",
                                          module_ref(cx, NULL, call->v.Call.func, "asyncio"));
    Finding *f;
    if (builtin_miss)
        f = rule_report_expr(
            cx, call,
            "`except TimeoutError` does not catch the `asyncio.TimeoutError` that `%s()` "
            "raises before Python 3.11",
            cx_expr_text(cx, call->v.Call.func));
    else
        f = rule_report_expr(
            cx, call, "The timeout of `%s()` is not handled, so one slow call ends the whole %s",
            cx_expr_text(cx, call->v.Call.func), in_loop ? "loop" : "request with an error");
    const char *on_timeout = in_loop ? "continue  # or retry, or record the failure"
                                     : "...  # answer with a timeout error";
    if (in_loop && stmt->kind == S_Return)
        on_timeout = "...  # retry, or record the failure";
    finding_suggest(
        cx, f, stmt->start, stmt->end,
        arena_sprintf(cx->out_arena, "try:\n%s\nexcept %s:\n    %s",
                      sugg_indent(cx, sugg_dedent(cx, stmt->start, stmt->end), "    ", false), exc,
                      on_timeout));
}

const RuleDesc rule_asr304 = {
    .code = "ASR304",
    .name = "wait-for-timeout-unhandled",
    .severity = SEV_WARNING,
    .area = AREA_ERROR_HANDLING,
    .frameworks = FW_BIT(FW_ASYNCIO),
    .opt_in = true,
    .expr_kinds = EXPR_BIT(E_Call),
    .on_expr = check_call,
    .summary = "`await asyncio.wait_for()` in a loop or route handler without handling its timeout",
    .why =
        "`wait_for` raises `TimeoutError` when the deadline passes. Unhandled inside a loop, one "
        "slow "
        "item ends the loop (a worker or consumer silently dies); in a request handler the client "
        "gets a generic server error instead of a timeout answer.",
    .doc =
        "## What it does\n"
        "Opt-in. Flags `await asyncio.wait_for(...)` inside a `for`/`while` loop, or in a function "
        "decorated as a route (`@app.get`, `@router.post`, ...), when no enclosing `try` in the "
        "same "
        "function catches the timeout: `asyncio.TimeoutError`, `Exception`, `BaseException`, a "
        "bare "
        "`except`, or on Python 3.11+ the builtin `TimeoutError` / `OSError` (before 3.11, "
        "`asyncio.TimeoutError` is not the builtin one and `except TimeoutError` misses it). "
        "Callers may handle the timeout, which is why the rule is opt-in.\n\n"
        "## Why is this bad?\n"
        "A timeout is an expected outcome, not a bug: code that sets one should decide what "
        "happens "
        "when it fires.\n\n"
        "## Example\n"
        "```python\n"
        "import asyncio\n\n"
        "async def consume(queue, handle):\n"
        "    while True:\n"
        "        item = await queue.get()\n"
        "        await asyncio.wait_for(handle(item), 10)\n"
        "```\n\n"
        "Use instead:\n"
        "```python\n"
        "import asyncio\n\n"
        "async def consume(queue, handle):\n"
        "    while True:\n"
        "        item = await queue.get()\n"
        "        try:\n"
        "            await asyncio.wait_for(handle(item), 10)\n"
        "        except asyncio.TimeoutError:\n"
        "            log.warning(\"item %r timed out\", item)\n"
        "```\n",
};
