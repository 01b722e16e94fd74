/* ASR505 client-per-iteration: `async with aiohttp.ClientSession()` / `httpx.AsyncClient()` (or an
 * asyncpg / redis connection) opened inside a loop body, once per iteration, or inside a route
 * handler
 * (`@app.get`, `@router.post`, `@routes.get`...), once per request. Each client owns a connection
 * pool: making a new one throws away keep-alive connections, DNS and TLS work every time. */
#include "rules/asyncsem.h"
#include "rules/cancelsem.h"
#include "rules/structured.h"
#include "rules/usesem.h"

#include <string.h>

static const char *const clients[] = { "aiohttp.ClientSession", "httpx.AsyncClient", NULL };
/* Reconnecting in a `while` loop is normal for these; a `for` over data is not. */
static const char *const connections[] = { "asyncpg.connect", "asyncpg.create_pool",
                                           "redis.asyncio.Redis", "redis.asyncio.from_url", NULL };
static const char *const route_verbs[] = { "get",       "post",      "put",     "delete",
                                           "patch",     "head",      "options", "route",
                                           "api_route", "websocket", NULL };
static const char *const retry_words[] = { "attempt", "retry", "retries", "tries", "try_", NULL };

static bool
target_is_retry(const Stmt *loop)
{
    if (loop->kind == S_While)
        return false;
    const Expr *t = loop->v.For.target;
    if (t->kind != E_Name)
        return false;
    for (const char *const *w = retry_words; *w; w++)
        if (strstr(t->v.Name.id, *w))
            return true;
    return false;
}

/* The nearest loop whose body holds the statement, or NULL when a `try` (a retry or reconnect
 * pattern), a def or the function start comes first. */
static const Stmt *
enclosing_loop(RuleCtx *cx, const Stmt *s)
{
    const Stmt *below = s;
    for (uint32_t i = cx->depth; i-- > 0;) {
        if (!cx->stack[i].is_stmt)
            return NULL;
        const Stmt *p = cx->stack[i].node;
        switch (p->kind) {
        case S_FunctionDef:
        case S_AsyncFunctionDef:
        case S_ClassDef:
        case S_Try:
        case S_TryStar:
            return NULL;
        case S_For:
        case S_AsyncFor:
        case S_While: {
            StmtSeq body = p->kind == S_While ? p->v.While.body : p->v.For.body;
            StmtSeq seq = stmt_seq_holding(p, below);
            return seq.items == body.items && seq.len ? p : NULL;
        }
        default:
            below = p;
            break;
        }
    }
    return NULL;
}

static bool
is_route(const Stmt *fn)
{
    ExprSeq decos = fn->v.FunctionDef.decorator_list;
    for (uint32_t i = 0; i < decos.len; i++) {
        const Expr *d = decos.items[i];
        if (d->kind != E_Call || d->v.Call.func->kind != E_Attribute)
            continue;
        const Expr *f = d->v.Call.func;
        if (f->v.Attribute.value->kind == E_Name && qualname_in(f->v.Attribute.attr, route_verbs))
            return true;
    }
    return false;
}

static void
check_with(RuleCtx *cx, const Stmt *s)
{
    if (!cx_in_async_function(cx) || s->v.With.items.len != 1 || !s->v.With.body.len)
        return;
    const WithItem *it = s->v.With.items.items[0];
    const Expr *ce = it->context_expr;
    const Expr *call = ce->kind == E_Await ? ce->v.Await.value : ce;
    if (call->kind != E_Call || !it->optional_vars || it->optional_vars->kind != E_Name)
        return;
    const char *q = canonical_target(cx, call);
    bool client = qualname_in(q, clients), conn = qualname_in(q, connections);
    if (!client && !conn)
        return;
    const Stmt *fn = enclosing_function_stmt(cx, NULL);
    if (!fn)
        return;
    const char *name = it->optional_vars->v.Name.id;
    const char *ctor = cx_expr_text(cx, ce);
    const Stmt *loop = enclosing_loop(cx, s);
    if (loop && !target_is_retry(loop) && (client || loop->kind != S_While)) {
        Finding *f =
            rule_report_expr(cx, ce,
                             "A new `%s()` is opened on every iteration of this loop; create it "
                             "once before the loop and reuse it",
                             cx_expr_text(cx, call->v.Call.func));
        const char *wi = cx_indent(cx, s->start); /* sugg_stmt_with dedents the loop afterwards */
        StmtSeq b = s->v.With.body;
        const char *body = sugg_dedent(cx, b.items[0]->start, b.items[b.len - 1]->end);
        const char *inner =
            sugg_stmt_with(cx, loop, s->start, s->end, sugg_indent(cx, body, wi, true));
        finding_suggest(cx, f, loop->start, loop->end,
                        arena_sprintf(cx->out_arena, "async with %s as %s:\n%s", ctor, name,
                                      sugg_indent(cx, inner, "    ", false)));
        return;
    }
    if (!client || !is_route(fn) || enclosing_loop(cx, s))
        return;
    Finding *f =
        rule_report_expr(cx, ce,
                         "A new `%s()` is opened on every request to `%s`; share one client "
                         "created at application start-up",
                         cx_expr_text(cx, call->v.Call.func), fn->v.FunctionDef.name);
    StmtSeq b = s->v.With.body;
    finding_suggest(
        cx, f, s->start, s->end,
        arena_sprintf(cx->out_arena,
                      "# `%s`: one %s created at start-up (lifespan / on_startup), closed "
                      "at shutdown\n%s",
                      name, cx_expr_text(cx, ce),
                      sugg_dedent(cx, b.items[0]->start, b.items[b.len - 1]->end)));
}

const RuleDesc rule_asr505 = {
    .code = "ASR505",
    .name = "client-per-iteration",
    .severity = SEV_SUGGESTION,
    .area = AREA_PERFORMANCE,
    .frameworks = FW_ALL,
    .stmt_kinds = STMT_BIT(S_AsyncWith),
    .on_stmt = check_with,
    .summary = "HTTP client session or connection opened per loop iteration or per request",
    .why = "A ClientSession / AsyncClient is a connection pool. Opening one per iteration or per "
           "request "
           "repeats DNS lookups, TCP and TLS handshakes and throws away keep-alive connections, "
           "which is slow and can exhaust sockets under load.",
    .doc =
        "## What it does\n"
        "Flags `async with aiohttp.ClientSession()` and `async with httpx.AsyncClient()` opened "
        "directly in the body of a `for`, `async for` or `while` loop, and asyncpg / redis "
        "connections opened in the body of a `for` loop, in an `async def`. Loops that retry "
        "(a loop variable named like `attempt`/`retry`, or the client opened inside a `try`) are "
        "not flagged. A client opened in a route handler (a function decorated with `@app.get`, "
        "`@router.post`, `@routes.get`, ...) is flagged too: it is made once per request.\n\n"
        "## Why is this bad?\n"
        "Sessions and clients are meant to be long-lived and shared: they keep a pool of "
        "connections. A new one per iteration pays connection set-up every time and defeats "
        "keep-alive.\n\n"
        "## Example\n"
        "```python\n"
        "import aiohttp\n\n"
        "async def fetch_all(urls):\n"
        "    pages = []\n"
        "    for url in urls:\n"
        "        async with aiohttp.ClientSession() as session:\n"
        "            async with session.get(url) as resp:\n"
        "                pages.append(await resp.text())\n"
        "    return pages\n"
        "```\n\n"
        "Use instead:\n"
        "```python\n"
        "import aiohttp\n\n"
        "async def fetch_all(urls):\n"
        "    pages = []\n"
        "    async with aiohttp.ClientSession() as session:\n"
        "        for url in urls:\n"
        "            async with session.get(url) as resp:\n"
        "                pages.append(await resp.text())\n"
        "    return pages\n"
        "```\n",
};
