/* ASR305 network-call-without-timeout (opt-in): an aiohttp or httpx request awaited with no timeout
 * anywhere: no `timeout=` on the call, the session/client built in the same function without one
 * (aiohttp's default lets a request hang for 5 minutes; httpx only with an explicit
 * `timeout=None`), and no enclosing timeout scope (`asyncio.timeout`, `async_timeout.timeout`,
 * `move_on_after`, `fail_after`) or `asyncio.wait_for`. */
#include "rules/asyncsem.h"
#include "rules/structured.h"

#include <string.h>

static const char *const waiters[] = { "asyncio.wait_for", NULL };
static const char *const verbs[] = { "get",     "post",    "put",        "delete", "patch", "head",
                                     "options", "request", "ws_connect", "stream", "send",  NULL };

typedef enum Lib { LIB_NONE, LIB_AIOHTTP, LIB_HTTPX } Lib;

/* The constructor call that the local `recv` was bound to in this function, or NULL. */
static const Expr *
client_ctor(RuleCtx *cx, const Expr *recv)
{
    if (recv->kind != E_Name)
        return NULL;
    const Binding *b = sem_lookup(cx->sm, cx->scope, recv->v.Name.id, recv->start);
    if (!b || b->scope != cx_function(cx))
        return NULL;
    if (b->kind == BIND_ASSIGN)
        return b->value && b->value->kind == E_Call ? b->value : NULL;
    if (b->kind == BIND_WITH_TARGET && b->stmt &&
        (b->stmt->kind == S_AsyncWith || b->stmt->kind == S_With)) {
        for (uint32_t i = 0; i < b->stmt->v.With.items.len; i++) {
            const WithItem *it = b->stmt->v.With.items.items[i];
            if (it->optional_vars == b->target && it->context_expr->kind == E_Call)
                return it->context_expr;
        }
    }
    return NULL;
}

static bool
has_kwargs_splat(const Expr *call)
{
    for (uint32_t i = 0; i < call->v.Call.keywords.len; i++)
        if (!call->v.Call.keywords.items[i]->arg)
            return true;
    return false;
}

/* Under a timeout scope or inside wait_for, in this function. */
static bool
under_timeout(RuleCtx *cx)
{
    for (uint32_t i = cx->depth; i-- > 0;) {
        if (!cx->stack[i].is_stmt) {
            const Expr *e = cx->stack[i].node;
            if (e->kind == E_Lambda)
                return false;
            if (expr_is_call_to(cx, e, waiters))
                return true;
            continue;
        }
        const Stmt *s = cx->stack[i].node;
        if (s->kind == S_FunctionDef || s->kind == S_AsyncFunctionDef)
            return false;
        if (s->kind != S_With && s->kind != S_AsyncWith)
            continue;
        for (uint32_t k = 0; k < s->v.With.items.len; k++) {
            const Expr *ce = s->v.With.items.items[k]->context_expr;
            if (ce->kind == E_Call && cancel_scope_call(cx, ce))
                return true;
            const char *q = ce->kind == E_Call ? canonical_target(cx, ce) : NULL;
            if (q && strstr(q, "timeout"))
                return true; /* async_timeout.timeout, asyncio.timeout_at, ... */
        }
    }
    return false;
}

static void
check_call(RuleCtx *cx, const Expr *call)
{
    if (!cx_in_async_function(cx) || call->v.Call.func->kind != E_Attribute)
        return;
    if (keyword_arg(call, "timeout") || has_kwargs_splat(call))
        return;
    const char *q = canonical_target(cx, call);
    if (!q)
        return;
    Lib lib = LIB_NONE;
    if (!strncmp(q, "aiohttp.ClientSession.", 22))
        lib = LIB_AIOHTTP;
    else if (!strncmp(q, "httpx.AsyncClient.", 18))
        lib = LIB_HTTPX;
    if (lib == LIB_NONE || !qualname_in(call->v.Call.func->v.Attribute.attr, verbs))
        return;
    const Expr *ctor = client_ctor(cx, call->v.Call.func->v.Attribute.value);
    if (!ctor || has_kwargs_splat(ctor))
        return;
    const Expr *ct = keyword_arg(ctor, "timeout");
    if (lib == LIB_AIOHTTP && ct)
        return;
    if (lib == LIB_HTTPX && !(ct && ct->kind == E_Constant && ct->v.Constant.kind == CONST_NONE))
        return; /* httpx defaults to 5 seconds */
    if (under_timeout(cx))
        return;
    const Stmt *s = cx_parent_stmt(cx);
    if (!s)
        return;
    const char *recv = cx_expr_text(cx, call->v.Call.func->v.Attribute.value);
    const char *text = cx_expr_text(cx, call);
    size_t n = strlen(text);
    if (n < 3 || text[n - 1] != ')' || strchr(",\n ", text[n - 2]))
        return; /* a trailing comma or a multi-line call: no simple edit */
    Finding *f = rule_report_expr(
        cx, call,
        lib == LIB_AIOHTTP ? "`%s()` has no timeout: `%s` was created without `timeout=`, so a "
                             "stalled server holds this request for aiohttp's default 5 minutes"
                           : "`%s()` has no timeout: `%s` was created with `timeout=None`, so a "
                             "stalled server holds this request forever",
        cx_expr_text(cx, call->v.Call.func), recv);
    const char *value = lib == LIB_AIOHTTP
                            ? arena_sprintf(cx->out_arena, "%s.ClientTimeout(total=10)",
                                            module_ref(cx, NULL, ctor->v.Call.func, "aiohttp"))
                            : "10";
    bool has_args = call->v.Call.args.len || call->v.Call.keywords.len;
    const char *fixed = arena_sprintf(cx->out_arena, "%.*s%stimeout=%s)", (int)(n - 1), text,
                                      has_args ? ", " : "", value);
    const char *stmt_text = sugg_stmt_with(cx, s, call->start, call->end, fixed);
    finding_suggest(cx, f, s->start, s->end, stmt_text);
}

const RuleDesc rule_asr305 = {
    .code = "ASR305",
    .name = "network-call-without-timeout",
    .severity = SEV_WARNING,
    .area = AREA_ERROR_HANDLING,
    .frameworks = FW_ALL,
    .opt_in = true,
    .expr_kinds = EXPR_BIT(E_Call),
    .on_expr = check_call,
    .summary = "aiohttp/httpx request with no timeout on the call, the client or around it",
    .why =
        "A request without a deadline waits as long as the server keeps the connection open. One "
        "stalled upstream then ties up the task, its connection and everything waiting on it.",
    .doc =
        "## What it does\n"
        "Opt-in. Flags requests on an `aiohttp.ClientSession` or `httpx.AsyncClient` created in "
        "the "
        "same function when neither the call nor the constructor passes `timeout=` and no "
        "enclosing "
        "`asyncio.timeout()`, `async_timeout.timeout()`, `move_on_after()`/`fail_after()` or "
        "`asyncio.wait_for()` bounds it. aiohttp's default total timeout is 5 minutes; httpx "
        "defaults to 5 seconds, so httpx is flagged only for clients made with `timeout=None`. "
        "Clients received as parameters or attributes are not judged.\n\n"
        "## Why is this bad?\n"
        "Timeouts are the only defence against a peer that accepts the connection and then never "
        "answers: without one, requests pile up until the connection pool or the service's own "
        "callers give out.\n\n"
        "## Example\n"
        "```python\n"
        "import aiohttp\n\n"
        "async def fetch(url):\n"
        "    async with aiohttp.ClientSession() as session:\n"
        "        async with session.get(url) as resp:\n"
        "            return await resp.text()\n"
        "```\n\n"
        "Use instead:\n"
        "```python\n"
        "import aiohttp\n\n"
        "async def fetch(url):\n"
        "    async with aiohttp.ClientSession() as session:\n"
        "        async with session.get(url, timeout=aiohttp.ClientTimeout(total=10)) as resp:\n"
        "            return await resp.text()\n"
        "```\n",
};
