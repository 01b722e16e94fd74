#include "rules/concurrency.h"

#include "rules/asyncsem.h"

#include <ctype.h>
#include <string.h>

const char *const conc_sleep_calls[] = {
    "asyncio.sleep", "trio.sleep", "anyio.sleep", "trio.sleep_until", "anyio.sleep_until", NULL,
};

/* Methods that send or write: messages, pages and chunks must arrive in order whatever the
 * receiver. */
static const char *const send_methods[] = {
    "send",       "send_all",   "sendall", "sendto",  "send_message", "write",
    "writelines", "drain",      "reply",   "respond", "publish",      "emit",
    "put",        "put_nowait", "acquire", "wait",    "join",         NULL,
};

/* Lifecycle operations (start, stop, close, load, register...): their order is usually part of the
 * contract (dependencies, rate limits on connects). */
static const char *const lifecycle_prefixes[] = {
    "close",     "aclose", "stop",           "shutdown",    "disconnect", "cleanup",    "clean_up",
    "teardown",  "unload", "remove",         "start",       "launch",     "connect",    "reconnect",
    "setup",     "set_up", "load_extension", "load_plugin", "register",   "unregister", "install",
    "uninstall", "init_",  "initialize",     "migrate",     "finalize",   "commit",     "rollback",
    "flush",     "login",  "logout",         "__aenter__",  "__aexit__",  "__anext__",  NULL,
};

/* Methods that write or consume in order: on a shared object they must not be reordered. */
static const char *const ordered_methods[] = {
    "send",
    "sendall",
    "send_all",
    "write",
    "writelines",
    "drain",
    "put",
    "put_nowait",
    "acquire",
    "wait",
    "get",
    "receive",
    "recv",
    "read",
    "readline",
    "readexactly",
    "readuntil",
    "commit",
    "rollback",
    "execute",
    "executemany",
    "executescript",
    "fetch",
    "fetchrow",
    "fetchval",
    "fetchone",
    "fetchall",
    "fetchmany",
    "copy_records_to_table",
    "flush",
    "publish",
    "ack",
    "nack",
    "insert_one",
    "update_one",
    "delete_one",
    "add",
    "delete",
    "merge",
    "refresh",
    NULL,
};

bool
conc_word_in(const char *w, const char *const *list)
{
    for (; *list; list++)
        if (!strcmp(w, *list))
            return true;
    return false;
}

bool
conc_is_lifecycle(const char *name)
{
    while (*name == '_' && strncmp(name, "__a", 3) != 0)
        name++;
    for (const char *const *p = lifecycle_prefixes; *p; p++)
        if (!strncmp(name, *p, strlen(*p)))
            return true;
    return false;
}

bool
conc_name_is_connection_like(const char *name)
{
    static const char *const stems[] = {
        "conn",   "connection", "cursor",  "cur",    "tx",     "txn",   "transaction",
        "db",     "database",   "writer",  "reader", "stream", "ws",    "websocket",
        "socket", "sock",       "channel", "queue",  "pipe",   "redis", "session_db",
        "uow",    "protocol",   "proto",   NULL,
    };
    char lower[64];
    size_t n = strlen(name);
    if (n >= sizeof lower)
        return false;
    for (size_t i = 0; i <= n; i++)
        lower[i] = (char)tolower((unsigned char)name[i]);
    for (const char *const *s = stems; *s; s++) {
        size_t sl = strlen(*s);
        /* the stem as a whole word of the snake_case name: conn, db_conn, conn2, read_cursor */
        for (const char *p = strstr(lower, *s); p; p = strstr(p + 1, *s)) {
            bool start_ok = p == lower || p[-1] == '_';
            char after = p[sl];
            bool end_ok = after == '\0' || after == '_' || isdigit((unsigned char)after) ||
                          (after == 's' && (p[sl + 1] == '\0' || p[sl + 1] == '_'));
            if (start_ok && end_ok)
                return true;
        }
    }
    return false;
}

bool
conc_type_is_ordered(const char *type)
{
    static const char *const prefixes[] = {
        "asyncpg.",
        "aiosqlite.",
        "aiomysql.",
        "aiopg.",
        "psycopg.",
        "sqlalchemy.",
        "motor.",
        "redis.asyncio.client.Pipeline",
        "asyncio.StreamWriter",
        "asyncio.StreamReader",
        "asyncio.Queue",
        "asyncio.Lock",
        "asyncio.Semaphore",
        "asyncio.Event",
        "asyncio.Condition",
        "trio.MemorySendChannel",
        "trio.MemoryReceiveChannel",
        "trio.SocketStream",
        "anyio.abc.",
        "aiohttp.ClientWebSocketResponse",
        "websockets.",
        NULL,
    };
    if (!type)
        return false;
    for (const char *const *p = prefixes; *p; p++)
        if (!strncmp(type, *p, strlen(*p)))
            return true;
    return false;
}

bool
conc_type_is_http_client(const char *type)
{
    static const char *const types[] = {
        "httpx.AsyncClient",
        "aiohttp.ClientSession",
        NULL,
    };
    return type && qualname_in(type, types);
}

const Expr *
conc_awaited_callee(RuleCtx *cx, const Expr *v)
{
    static const char *const wrappers[] = {
        "asyncio.wait_for",
        "asyncio.shield",
        "asyncio.ensure_future",
        NULL,
    };
    if (v->kind != E_Call)
        return v;
    if (expr_is_call_to(cx, v, wrappers) && v->v.Call.args.len)
        return conc_awaited_callee(cx, v->v.Call.args.items[0]);
    return v->v.Call.func;
}

static ConcJudgement
ordered(ConcJudgement j, const char *why)
{
    j.ordered = true;
    j.why = why;
    return j;
}

ConcJudgement
conc_judge_call(RuleCtx *cx, const Expr *v)
{
    static const char *const lifecycle_why =
        "starts, stops, loads or closes things, whose order usually matters";
    static const char *const connection_why =
        "awaits one connection, transaction, stream or queue, which serves requests in order";
    ConcJudgement j = { 0 };
    if (v->kind != E_Call)
        return j;
    if (expr_is_call_to(cx, v, conc_sleep_calls))
        return ordered(j, "sleeps between iterations (rate limiting)");
    const CatalogEntry *ce = call_entry(cx, v);
    if (ce && (ce->flags & CATF_NETWORK))
        j.network = true;
    const Expr *func = v->v.Call.func;
    const char *fname = func->kind == E_Name        ? func->v.Name.id
                        : func->kind == E_Attribute ? func->v.Attribute.attr
                                                    : "";
    /* maybe_coroutine(callback, ...) runs whatever callable it is given: dispatch, not data */
    if (strstr(fname, "maybe"))
        return ordered(j, "runs arbitrary callbacks");
    if (func->kind == E_Name && conc_is_lifecycle(func->v.Name.id))
        return ordered(j, lifecycle_why);
    if (func->kind != E_Attribute)
        return j;
    const char *method = func->v.Attribute.attr;
    const Expr *recv = func->v.Attribute.value;
    if (conc_word_in(method, send_methods))
        return ordered(j, "sends or writes, and messages must arrive in order");
    if (conc_is_lifecycle(method))
        return ordered(j, lifecycle_why);
    const char *type = cx_type_of(cx, recv);
    if (conc_type_is_http_client(type)) {
        j.network = true;
        return j;
    }
    if (conc_type_is_ordered(type))
        return ordered(j, connection_why);
    const char *recv_name = recv->kind == E_Name        ? recv->v.Name.id
                            : recv->kind == E_Attribute ? recv->v.Attribute.attr
                                                        : NULL;
    if (recv_name && conc_name_is_connection_like(recv_name) &&
        conc_word_in(method, ordered_methods))
        return ordered(j, connection_why);
    if (!strcmp(method, "acquire") || !strcmp(method, "wait") || !strcmp(method, "join"))
        return ordered(j, "waits on a synchronisation primitive");
    if (recv_name &&
        (strstr(recv_name, "client") || strstr(recv_name, "session") ||
         strstr(recv_name, "http")) &&
        (!strcmp(method, "get") || !strcmp(method, "post") || !strcmp(method, "put") ||
         !strcmp(method, "delete") || !strcmp(method, "patch") || !strcmp(method, "request") ||
         !strcmp(method, "head")))
        j.network = true;
    return j;
}

bool
conc_in_test_code(RuleCtx *cx)
{
    const char *path = cx->pf->src.path ? cx->pf->src.path : "";
    const char *base = strrchr(path, '/');
    base = base ? base + 1 : path;
    if (!strncmp(base, "test_", 5) || strstr(base, "_test.py") || !strcmp(base, "conftest.py"))
        return true;
    const Scope *fn = cx_function(cx);
    return fn && fn->stmt && !strncmp(fn->stmt->v.FunctionDef.name, "test", 4);
}

const char *
conc_fresh_name(RuleCtx *cx, const char *base)
{
    const char *name = base;
    for (int i = 2; i < 100; i++) {
        if (!sem_lookup_str(cx->sm, cx->scope, name, UINT32_MAX))
            return name;
        name = arena_sprintf(cx->out_arena, "%s_%d", base, i);
    }
    return name;
}
