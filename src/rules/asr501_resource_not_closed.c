/* ASR501 resource-not-closed: an async resource (catalog CATF_RESOURCE: aiohttp.ClientSession,
 * httpx.AsyncClient, asyncpg connections and pools, aiofiles, redis.asyncio clients, trio/anyio
 * streams, the writer of asyncio.open_connection) kept in a local of an `async def` that is not
 * closed on every path: no `async with`, no close in a `finally` block or handler, and not
 * returned, stored or handed to other code that takes ownership; or kept in `self.<attr>` by a
 * method of a class that never closes it anywhere in the file. */
#include "rules/asyncsem.h"
#include "rules/cancelsem.h"
#include "rules/structured.h"
#include "rules/usesem.h"

#include "base/strbuf.h"
#include "parse/visit.h"

#include <string.h>

static const char *const closers[] = { "close",   "aclose",  "terminate", "disconnect",
                                       "dispose", "release", "shutdown",  NULL };

static const char *const connections[] = { "asyncio.open_connection",
                                           "asyncio.open_unix_connection", NULL };

/* Resources left to other rules or not ours: processes (ASR504), event loops. */
static const char *const excluded[] = { "trio.lowlevel.open_process", "anyio.open_process",
                                        "asyncio.new_event_loop", NULL };

/* The async resource entry the value (a call or `await call`) creates, or NULL. */
static const CatalogEntry *
resource_entry(RuleCtx *cx, const Expr *value, const Expr **call_out)
{
    const Expr *call = value->kind == E_Await ? value->v.Await.value : value;
    *call_out = call;
    if (call->kind != E_Call)
        return NULL;
    const CatalogEntry *ce = call_entry(cx, call);
    if (!ce || !(ce->flags & CATF_RESOURCE) || (ce->flags & (CATF_BLOCKING | CATF_SYNC_CM)))
        return NULL;
    if (qualname_in(canonical_target(cx, call), excluded))
        return NULL;
    bool awaits = (ce->flags & CATF_COROUTINE) != 0;
    if (awaits != (value->kind == E_Await))
        return NULL; /* `x = aiofiles.open(...)` without await is another bug */
    return ce;
}

typedef struct Verdict {
    bool closed, protected_close, escapes, passed;
} Verdict;

static void
judge_use(StmtSeq body, const Expr *node, Verdict *vd)
{
    UsePath p;
    if (!use_path(body, node, &p)) {
        vd->escapes = true;
        return;
    }
    const Expr *detail;
    UseKind k = use_kind(&p, node, &detail);
    switch (k) {
    case USE_METHOD:
        if (qualname_in(use_method_name(k, detail), closers)) {
            vd->closed = true;
            vd->protected_close |= path_in_cleanup(&p, node->start);
        }
        return;
    case USE_ATTR:
        if (qualname_in(use_method_name(k, detail), closers))
            vd->escapes = true; /* x.close registered as a callback */
        return;
    case USE_WITH:
    case USE_RETURN:
    case USE_STORE:
    case USE_AWAIT:
        vd->escapes = true;
        return;
    case USE_ARG:
        vd->passed = true;
        return;
    default:
        return;
    }
}

/* `await x.aclose()` / `await x.close()` / `x.close()` for the resource type. */
static const char *
close_code(RuleCtx *cx, const CatalogEntry *ce, const char *name, bool writer)
{
    if (writer)
        return arena_sprintf(cx->out_arena, "%s.close()\nawait %s.wait_closed()", name, name);
    const char *type = ce->result_type;
    if (type) {
        const char *methods[] = { "aclose", "close" };
        for (int i = 0; i < 2; i++) {
            const CatalogEntry *m =
                catalog_lookup(arena_sprintf(cx->out_arena, "%s.%s", type, methods[i]));
            if (!m)
                continue;
            if (m->flags & CATF_COROUTINE)
                return arena_sprintf(cx->out_arena, "await %s.%s()", name, methods[i]);
            if (m->flags & CATF_NOT_AWAITABLE)
                return arena_sprintf(cx->out_arena, "%s.%s()", name, methods[i]);
        }
        if (!strncmp(type, "trio.", 5) || !strncmp(type, "anyio.", 6))
            return arena_sprintf(cx->out_arena, "await %s.aclose()", name);
    }
    return arena_sprintf(cx->out_arena, "await %s.close()", name);
}

/* s is a plain `name.close()` / `await name.aclose()` statement. */
static bool
is_close_stmt(const Stmt *s, const char *name)
{
    if (s->kind != S_Expr)
        return false;
    const Expr *e = s->v.Expr.value;
    if (e->kind == E_Await)
        e = e->v.Await.value;
    if (e->kind != E_Call || e->v.Call.func->kind != E_Attribute)
        return false;
    const Expr *recv = e->v.Call.func->v.Attribute.value;
    return recv->kind == E_Name && !strcmp(recv->v.Name.id, name) &&
           qualname_in(e->v.Call.func->v.Attribute.attr, closers);
}

static void
suggest_local(RuleCtx *cx, Finding *f, const Stmt *s, const CatalogEntry *ce, const Expr *value,
              const Expr *call, const char *name, bool writer)
{
    StmtSeq block = cx->depth ? stmt_seq_holding(cx_parent_stmt(cx), s) : (StmtSeq){ NULL, 0 };
    uint32_t i = 0;
    while (i < block.len && block.items[i] != s)
        i++;
    StrBuf rest = STRBUF_INIT;
    uint32_t end = s->end;
    for (uint32_t j = i + 1; j < block.len; j++) {
        end = block.items[j]->end;
        if (is_close_stmt(block.items[j], name) ||
            (writer && block.items[j]->kind == S_Expr &&
             strstr(cx_expr_text(cx, block.items[j]->v.Expr.value), "wait_closed")))
            continue;
        if (rest.len)
            sb_adds(&rest, "\n");
        sb_adds(&rest, sugg_dedent(cx, block.items[j]->start, block.items[j]->end));
    }
    const char *body = rest.len ? sugg_indent(cx, sb_cstr(&rest), "    ", false) : "    ...";
    const CatalogEntry *te = ce->result_type ? catalog_lookup(ce->result_type) : NULL;
    const char *code;
    if (!writer && (ce->flags & CATF_ASYNC_CM))
        code = arena_sprintf(cx->out_arena, "async with %s as %s:\n%s", cx_expr_text(cx, call),
                             name, body);
    else if (!writer && te && (te->flags & CATF_ASYNC_CM))
        code = arena_sprintf(cx->out_arena, "async with %s as %s:\n%s", cx_expr_text(cx, value),
                             name, body);
    else
        code = arena_sprintf(cx->out_arena, "%s\ntry:\n%s\nfinally:\n%s",
                             sugg_dedent(cx, s->start, s->end), body,
                             sugg_indent(cx, close_code(cx, ce, name, writer), "    ", false));
    sb_free(&rest);
    finding_suggest(cx, f, s->start, end, code);
}

static void
check_local(RuleCtx *cx, const Stmt *s, const Expr *target, const CatalogEntry *ce,
            const Expr *value, const Expr *call, bool writer)
{
    const Stmt *fn = enclosing_function_stmt(cx, NULL);
    const Binding *b = sem_binding_of(cx->sm, target);
    if (!fn || !b || b->scope->kind != SCOPE_FUNCTION)
        return;
    Verdict vd = { 0 };
    /* every binding of the name in the function: `con = a()` / `con = b()` in two branches are one
     * variable whose later uses the lookup gives to the last binding only */
    for (const Binding *o = sem_lookup(cx->sm, b->scope, target->v.Name.id, UINT32_MAX); o;
         o = o->shadowed)
        if (o->scope == b->scope)
            for (uint32_t i = 0; i < o->uses.len; i++)
                judge_use(fn->v.FunctionDef.body, o->uses.items[i].name, &vd);
    if (vd.escapes || vd.protected_close || (vd.passed && !vd.closed))
        return;
    const char *what =
        arena_sprintf(cx->out_arena, writer ? "`%s`, the writer from `%s()`," : "`%s` from `%s()`",
                      target->v.Name.id, cx_expr_text(cx, call->v.Call.func));
    Finding *f;
    if (!vd.closed)
        f = rule_report_stmt(cx, s, "%s is never closed", what);
    else
        f = rule_report_stmt(
            cx, s, "%s is closed only when no exception or cancellation happens first", what);
    suggest_local(cx, f, s, ce, value, call, target->v.Name.id, writer);
}

typedef struct AttrScan {
    Ident attr;
    const Expr *store;
    StmtSeq body;
    Verdict vd;
} AttrScan;

static bool
attr_enter_expr(Visitor *v, const Expr *e)
{
    AttrScan *as = v->data;
    if (e->kind == E_Attribute && e != as->store && e->v.Attribute.ctx == CTX_LOAD &&
        !strcmp(e->v.Attribute.attr, as->attr))
        judge_use(as->body, e, &as->vd);
    return true;
}

static void
check_attr(RuleCtx *cx, const Stmt *s, const Expr *target, const CatalogEntry *ce, const Expr *call)
{
    const Stmt *fn = enclosing_function_stmt(cx, NULL);
    const Stmt *cls = fn ? class_of_method(cx, fn) : NULL;
    if (!cls)
        return;
    AttrScan as = { .attr = target->v.Attribute.attr, .store = target, .body = cx->sm->mod->body };
    Visitor v = { .enter_expr = attr_enter_expr, .data = &as };
    visit_module(&v, cx->sm->mod);
    if (as.vd.closed || as.vd.escapes || as.vd.passed)
        return;
    Finding *f =
        rule_report_stmt(cx, s,
                         "`%s` from `%s()` is created by `%s.%s()` and never closed anywhere in "
                         "the class",
                         cx_expr_text(cx, target), cx_expr_text(cx, call->v.Call.func),
                         cls->v.ClassDef.name, fn->v.FunctionDef.name);
    finding_suggest(cx, f, s->start, s->end,
                    arena_sprintf(cx->out_arena,
                                  "%s\n"
                                  "# and in the class:\n"
                                  "# async def aclose(self):\n"
                                  "#     %s",
                                  sugg_dedent(cx, s->start, s->end),
                                  close_code(cx, ce, cx_expr_text(cx, target), false)));
}

static void
check_assign(RuleCtx *cx, const Stmt *s)
{
    if (!cx_in_async_function(cx) || s->v.Assign.targets.len != 1)
        return;
    const Expr *target = s->v.Assign.targets.items[0];
    const Expr *value = s->v.Assign.value;
    const Expr *call = value->kind == E_Await ? value->v.Await.value : value;
    if (target->kind == E_Tuple && target->v.Tuple.elts.len == 2 && value->kind == E_Await &&
        expr_is_call_to(cx, call, connections) && target->v.Tuple.elts.items[1]->kind == E_Name) {
        const CatalogEntry *we = catalog_lookup("asyncio.StreamWriter");
        if (we)
            check_local(cx, s, target->v.Tuple.elts.items[1], we, value, call, true);
        return;
    }
    const CatalogEntry *ce = resource_entry(cx, value, &call);
    if (!ce)
        return;
    if (target->kind == E_Name)
        check_local(cx, s, target, ce, value, call, false);
    else if (is_self_attr(target))
        check_attr(cx, s, target, ce, call);
}

const RuleDesc rule_asr501 = {
    .code = "ASR501",
    .name = "resource-not-closed",
    .severity = SEV_WARNING,
    .area = AREA_RESOURCES,
    .frameworks = FW_ALL,
    .stmt_kinds = STMT_BIT(S_Assign),
    .on_stmt = check_assign,
    .summary = "Async resource (session, client, connection, file) not closed on every path",
    .why =
        "Sessions, clients, connections and files hold sockets, pools and file descriptors until "
        "they are closed. Closing only on the success path leaks them whenever an exception or a "
        "cancellation comes first, and aiohttp warns about unclosed sessions at exit.",
    .doc =
        "## What it does\n"
        "Flags a local assigned an async resource from the catalog (`aiohttp.ClientSession()`, "
        "`httpx.AsyncClient()`, `await asyncpg.connect()`, `await asyncpg.create_pool()`, "
        "`await aiofiles.open()`, `redis.asyncio.from_url()`, trio/anyio streams, the writer of "
        "`asyncio.open_connection()`) in an `async def`, when it is never closed, or closed only "
        "outside `finally` and except handlers. A resource used with `async with`, returned, "
        "yielded, stored on an object or in a container, or passed to other code that then owns it "
        "is not flagged. For `self.<attr>`, the class is flagged only when nothing in the file "
        "closes or hands over that attribute.\n\n"
        "## Why is this bad?\n"
        "Every early exit (an exception, a cancellation, a timeout) skips the close: connections "
        "pile up until the pool or the file-descriptor limit runs out.\n\n"
        "## Example\n"
        "```python\n"
        "import aiohttp\n\n"
        "async def fetch(url):\n"
        "    session = aiohttp.ClientSession()\n"
        "    resp = await session.get(url)\n"
        "    data = await resp.json()\n"
        "    await session.close()\n"
        "    return data\n"
        "```\n\n"
        "Use instead:\n"
        "```python\n"
        "import aiohttp\n\n"
        "async def fetch(url):\n"
        "    async with aiohttp.ClientSession() as session:\n"
        "        resp = await session.get(url)\n"
        "        data = await resp.json()\n"
        "        return data\n"
        "```\n",
};
