#include "rules/blocking.h"

#include "base/strbuf.h"
#include "parse/visit.h"
#include "rules/suggest.h"

#include <string.h>

/* `q.get(block=False)`, `lock.acquire(False)`, `lock.acquire(timeout=0)`: calls that do not wait.
 */
static bool
is_non_blocking_variant(const Expr *call, const char *qualname)
{
    const char *dot = strrchr(qualname, '.');
    const char *method = dot ? dot + 1 : qualname;
    bool acquire = !strcmp(method, "acquire") || !strcmp(method, "wait");
    bool queue_op = !strcmp(method, "get") || !strcmp(method, "put");
    if (!acquire && !queue_op)
        return false;
    const char *flag = acquire ? "blocking" : "block";
    /* the flag is the first positional argument of acquire() and get(), the second of put() */
    uint32_t flag_pos = !strcmp(method, "put") ? 1 : 0;
    const Expr *value = NULL;
    if (call->v.Call.args.len > flag_pos)
        value = call->v.Call.args.items[flag_pos];
    for (uint32_t i = 0; i < call->v.Call.keywords.len; i++) {
        const Keyword *k = call->v.Call.keywords.items[i];
        if (k->arg && !strcmp(k->arg, flag))
            value = k->value;
        /* a zero timeout polls instead of waiting */
        if (k->arg && !strcmp(k->arg, "timeout") && k->value->kind == E_Constant &&
            k->value->v.Constant.kind == CONST_INT && k->value->v.Constant.fits_int64 &&
            k->value->v.Constant.small == 0)
            return true;
    }
    return value && value->kind == E_Constant && value->v.Constant.kind == CONST_FALSE;
}

static const char *
code_word(BlockKind kind)
{
    switch (kind) {
    case BLK_SLEEP:
        return "sleeps the whole event loop";
    case BLK_HTTP:
    case BLK_HTTPX_SYNC:
        return "makes a blocking HTTP request that stalls the event loop";
    case BLK_SUBPROCESS_START:
        return "starts a process with a blocking call";
    case BLK_SUBPROCESS_RUN:
        return "runs a process and blocks the event loop until it exits";
    case BLK_PROCESS_WAIT:
        return "blocks the event loop waiting for a process";
    case BLK_OPEN:
    case BLK_FDOPEN:
        return "opens a file with blocking I/O";
    case BLK_PATH:
        return "does blocking filesystem I/O";
    case BLK_INPUT:
        return "blocks the event loop waiting for user input";
    case BLK_SOCKET:
        return "does blocking network I/O";
    case BLK_DB:
        return "makes a blocking database call";
    case BLK_SYNC_PRIMITIVE:
        return "blocks the event loop waiting on a thread primitive";
    case BLK_FILE_IO:
        return "does blocking file I/O";
    case BLK_NONE:
    case BLK_OTHER:
        break;
    }
    return "blocks the event loop";
}

/* The why of a finding, by kind of blocking (the rule's own why covers its whole family). */
static const char *
kind_why(BlockKind kind)
{
    switch (kind) {
    case BLK_SOCKET:
        return "A synchronous socket or DNS call waits on the network with the event loop's "
               "thread, so "
               "every other task stalls until the peer answers. Use the framework's streams and "
               "resolver, or run the call in a worker thread.";
    case BLK_DB:
        return "A synchronous database driver waits for the server on the event loop's thread, so "
               "every "
               "other task stalls for the whole query. Use the async driver (asyncpg, aiosqlite, "
               "redis.asyncio, motor...) or run the query in a worker thread.";
    case BLK_SYNC_PRIMITIVE:
        return "A thread lock, queue or future waits for another thread on the event loop's "
               "thread; "
               "if that thread needs the loop, it deadlocks, and meanwhile every task stalls. Use "
               "the "
               "framework's primitives or wait in a worker thread.";
    case BLK_FILE_IO:
        return "File system calls block the thread until the disk answers: usually quick, but on a "
               "network file system or a busy disk the whole event loop stalls. Run them in a "
               "worker "
               "thread (or use the framework's async files).";
    default:
        return NULL;
    }
}

/* The statement that holds the call (for the suggestion), or NULL. */
static const Stmt *
holding_stmt(RuleCtx *cx)
{
    return cx_parent_stmt(cx);
}

/* Names assigned by the top level of a block (Name targets only), for returning them from a helper.
 */
static void
assigned_names(const StmtSeq body, Ident *names, uint32_t *n, uint32_t cap)
{
    for (uint32_t i = 0; i < body.len; i++) {
        const Stmt *s = body.items[i];
        const Expr *targets[8];
        uint32_t nt = 0;
        if (s->kind == S_Assign)
            for (uint32_t j = 0; j < s->v.Assign.targets.len && nt < 8; j++)
                targets[nt++] = s->v.Assign.targets.items[j];
        else if (s->kind == S_AnnAssign && s->v.AnnAssign.value)
            targets[nt++] = s->v.AnnAssign.target;
        else if (s->kind == S_AugAssign)
            targets[nt++] = s->v.AugAssign.target;
        for (uint32_t j = 0; j < nt; j++) {
            const Expr *t = targets[j];
            const ExprSeq elts =
                (t->kind == E_Tuple || t->kind == E_List) ? t->v.Tuple.elts : (ExprSeq){ NULL, 0 };
            const Expr *single[1] = { t };
            const Expr *const *items = elts.len ? (const Expr *const *)elts.items : single;
            uint32_t count = elts.len ? elts.len : 1;
            for (uint32_t k = 0; k < count; k++) {
                if (items[k]->kind != E_Name)
                    continue;
                bool seen = false;
                for (uint32_t m = 0; m < *n; m++)
                    seen |= names[m] == items[k]->v.Name.id;
                if (!seen && *n < cap)
                    names[(*n)++] = items[k]->v.Name.id;
            }
        }
    }
}

typedef struct EscapeScan {
    bool found;
} EscapeScan;

static bool
escape_enter_stmt(Visitor *v, const Stmt *s)
{
    EscapeScan *st = v->data;
    if (s->kind == S_FunctionDef || s->kind == S_AsyncFunctionDef || s->kind == S_ClassDef)
        return false;
    if (s->kind == S_Return || s->kind == S_Break || s->kind == S_Continue) {
        st->found = true;
        v->stop = true;
    }
    return true;
}

static bool
escape_enter_expr(Visitor *v, const Expr *e)
{
    EscapeScan *st = v->data;
    if (e->kind == E_Lambda)
        return false;
    if (e->kind == E_Await || e->kind == E_Yield || e->kind == E_YieldFrom) {
        st->found = true;
        v->stop = true;
    }
    return true;
}

/* `with open(...) as f:` in a coroutine: the whole block is blocking I/O. For trio/anyio the
 * framework has async files; for asyncio the block moves into a helper run in a thread. Returns the
 * suggestion or NULL when the block cannot move (it awaits, returns or breaks out). */
static const char *
suggest_with_open(RuleCtx *cx, const Stmt *with, const Expr *call)
{
    if (cx->fw != FW_ASYNCIO) {
        /* async files: `async with await trio.open_file(...) as f:` and every method awaited */
        const char *repl =
            arena_sprintf(cx->out_arena, "await %s.open_file(%s)", cx_framework_module(cx),
                          cx_text(cx, call->v.Call.func->end + 1, call->end - 1));
        const char *text = sugg_stmt_with(cx, with, call->start, call->end, repl);
        StrBuf sb = STRBUF_INIT;
        sb_printf(&sb, "async %s", text);
        sb_adds(
            &sb,
            "\n# the file's methods are coroutines now: `await f.read()`, `await f.write(...)`");
        const char *out = arena_strndup(cx->out_arena, sb_cstr(&sb), sb.len);
        sb_free(&sb);
        return out;
    }
    EscapeScan scan = { false };
    Visitor v = { .enter_stmt = escape_enter_stmt, .enter_expr = escape_enter_expr, .data = &scan };
    visit_stmts(&v, with->v.With.body);
    if (scan.found)
        return NULL;
    Ident names[16];
    uint32_t n = 0;
    assigned_names(with->v.With.body, names, &n, 16);
    StrBuf sb = STRBUF_INIT;
    sb_adds(&sb, "def _blocking_io():\n");
    const char *block = sugg_dedent(cx, with->start, with->end);
    for (const char *p = block; *p;) {
        const char *nl = strchr(p, '\n');
        size_t len = nl ? (size_t)(nl - p) : strlen(p);
        if (len)
            sb_adds(&sb, "    ");
        sb_add(&sb, p, len);
        sb_addc(&sb, '\n');
        if (!nl)
            break;
        p = nl + 1;
    }
    if (n) {
        sb_adds(&sb, "    return ");
        for (uint32_t i = 0; i < n; i++)
            sb_printf(&sb, "%s%s", i ? ", " : "", names[i]);
        sb_addc(&sb, '\n');
        for (uint32_t i = 0; i < n; i++)
            sb_printf(&sb, "%s%s", i ? ", " : "", names[i]);
        sb_adds(&sb, " = ");
    }
    if (cx->pyver >= 309)
        sb_printf(&sb, "await %s.to_thread(_blocking_io)", cx_framework_module(cx));
    else
        sb_printf(&sb, "await %s.get_running_loop().run_in_executor(None, _blocking_io)",
                  cx_framework_module(cx));
    const char *out = arena_strndup(cx->out_arena, sb_cstr(&sb), sb.len);
    sb_free(&sb);
    return out;
}

typedef struct NonBlockingScan {
    bool found;
} NonBlockingScan;

static bool
nonblocking_enter(Visitor *v, const Expr *e)
{
    NonBlockingScan *st = v->data;
    if (e->kind == E_Call && e->v.Call.func->kind == E_Attribute && e->v.Call.args.len == 1) {
        const char *m = e->v.Call.func->v.Attribute.attr;
        const Expr *arg = e->v.Call.args.items[0];
        bool zero = (arg->kind == E_Constant && arg->v.Constant.kind == CONST_FALSE) ||
                    (arg->kind == E_Constant && arg->v.Constant.kind == CONST_INT &&
                     arg->v.Constant.fits_int64 && arg->v.Constant.small == 0);
        if (zero && (!strcmp(m, "setblocking") || !strcmp(m, "settimeout"))) {
            st->found = true;
            v->stop = true;
        }
    }
    return true;
}

/* Whether the module puts sockets in non-blocking mode (`sock.setblocking(False)`): then its socket
 * calls are the event loop's own plumbing (they return EWOULDBLOCK instead of waiting). */
static bool
module_uses_nonblocking_sockets(RuleCtx *cx)
{
    NonBlockingScan st = { false };
    Visitor v = { .enter_expr = nonblocking_enter, .data = &st };
    visit_module(&v, cx->sm->mod);
    return st.found;
}

/* `getaddrinfo(host, port, flags=AI_NUMERICHOST)` / `getnameinfo(addr, NI_NUMERICHOST)` never ask
 * DNS: the address is already numeric. */
static bool
is_numeric_resolution(RuleCtx *cx, const Expr *call, const char *qualname)
{
    if (strcmp(qualname, "socket.getaddrinfo") != 0 && strcmp(qualname, "socket.getnameinfo") != 0)
        return false;
    return strstr(cx_expr_text(cx, call), "NUMERIC") !=
           NULL; /* AI_NUMERICHOST, NI_NUMERICHOST, or a project constant like _NUMERIC_ONLY */
}

/* `q.put(x)` only waits on a bounded queue: `queue.Queue()` without a maxsize never blocks on put.
 */
static bool
is_unbounded_queue_put(RuleCtx *cx, const Expr *call, const char *qualname)
{
    size_t n = strlen(qualname);
    if (n < 4 || strcmp(qualname + n - 4, ".put") != 0 || strncmp(qualname, "queue.", 6) != 0)
        return false;
    if (!strncmp(qualname, "queue.SimpleQueue", 17))
        return true;
    const Expr *recv =
        call->v.Call.func->kind == E_Attribute ? call->v.Call.func->v.Attribute.value : NULL;
    if (!recv || recv->kind != E_Name)
        return true; /* unknown construction: do not guess */
    const Binding *b = sem_lookup(cx->sm, cx->scope, recv->v.Name.id, recv->start);
    const Expr *ctor = b ? b->value : NULL;
    if (!ctor || ctor->kind != E_Call)
        return true;
    if (ctor->v.Call.args.len)
        return false;
    for (uint32_t i = 0; i < ctor->v.Call.keywords.len; i++)
        if (ctor->v.Call.keywords.items[i]->arg &&
            !strcmp(ctor->v.Call.keywords.items[i]->arg, "maxsize"))
            return false;
    return true;
}

void
blocking_check_call(RuleCtx *cx, const Expr *call, const BlockKind *kinds, uint32_t nkinds)
{
    if (!cx_in_async_function(cx))
        return;
    const char *q = cx_call_target(cx, call);
    const CatalogEntry *e = cx_catalog(cx, q);
    if (!e || !(e->flags & CATF_BLOCKING))
        return;
    bool wanted = false;
    for (uint32_t i = 0; i < nkinds; i++)
        wanted |= e->block == kinds[i];
    if (!wanted || is_non_blocking_variant(call, e->qualname) ||
        is_unbounded_queue_put(cx, call, e->qualname) ||
        is_numeric_resolution(cx, call, e->qualname))
        return;
    if (e->block == BLK_SOCKET && !strncmp(e->qualname, "socket.socket.", 14) &&
        module_uses_nonblocking_sockets(cx))
        return;

    const char *written = cx_expr_text(cx, call->v.Call.func);
    /* name the library function when the code calls it through an alias or a typed receiver */
    bool aliased = strcmp(written, e->qualname) != 0 && strncmp(e->qualname, "builtins.", 9) != 0;
    const char *shown = aliased
                            ? arena_sprintf(cx->out_arena, "`%s()` (`%s`)", written, e->qualname)
                            : arena_sprintf(cx->out_arena, "`%s()`", written);
    const Stmt *stmt = holding_stmt(cx);

    /* `with open(...) as f:` gets a block-level correction */
    bool is_with_item = false;
    if (stmt && (stmt->kind == S_With) && (e->block == BLK_OPEN)) {
        for (uint32_t i = 0; i < stmt->v.With.items.len; i++)
            is_with_item |= stmt->v.With.items.items[i]->context_expr == call;
    }
    const char *replacement = NULL;
    bool needs_functools = false;
    bool direct = false;
    if (!is_with_item) {
        const char *t = e->replace[cx->fw];
        if (t && (!e->min_version || cx->pyver >= e->min_version)) {
            replacement = sugg_render(cx, t, call);
            direct = replacement != NULL;
        }
        if (!replacement)
            replacement = sugg_offload(cx, call, &needs_functools);
    }
    Finding *f = rule_report_expr(cx, call, "%s %s inside `async def %s`", shown,
                                  code_word(e->block), cx_func_name(cx));
    if (kind_why(e->block))
        f->why = kind_why(e->block);
    /* local file operations are usually fast: a warning, where network and lock waits are critical
     */
    if ((e->block == BLK_FILE_IO || e->block == BLK_PATH) && f->severity > SEV_WARNING)
        f->severity = SEV_WARNING;
    if (is_with_item) {
        const char *s = suggest_with_open(cx, stmt, call);
        if (s)
            finding_suggest(cx, f, stmt->start, stmt->end, s);
        return;
    }
    const char *awaited = sugg_await_expr(cx, call, replacement);
    /* templates already start with `await`; sugg_await_expr only adds parentheses */
    if (stmt)
        finding_suggest(cx, f, stmt->start, stmt->end,
                        sugg_stmt_with(cx, stmt, call->start, call->end, awaited));
    finding_fix_title(cx, f, direct ? "Replace with `%s`" : "Run it in a worker thread: `%s`",
                      replacement);
    finding_edit(cx, f, call->start, call->end, awaited);
    finding_add_import(cx, f, cx_framework_module(cx));
    if (needs_functools)
        finding_add_import(cx, f, "functools");
}

void
blocking_check_project_call(RuleCtx *cx, const Expr *call)
{
    if (!cx_in_async_function(cx) || !cx->index)
        return;
    const char *q = cx_call_target(cx, call);
    if (!q)
        return;
    const FuncInfo *fn = project_find_func(cx->index, q);
    if (!fn || fn->is_async || !project_func_blocks(cx->index, fn))
        return;
    const char *chain = project_blocking_chain(cx->index, cx->out_arena, fn);
    bool needs_functools = false;
    const char *replacement = sugg_offload(cx, call, &needs_functools);
    Finding *f = rule_report_expr(
        cx, call, "`%s()` blocks the event loop inside `async def %s` through `%s`",
        cx_expr_text(cx, call->v.Call.func), cx_func_name(cx), chain ? chain : q);
    const Stmt *stmt = holding_stmt(cx);
    const char *awaited = sugg_await_expr(cx, call, replacement);
    if (stmt)
        finding_suggest(cx, f, stmt->start, stmt->end,
                        sugg_stmt_with(cx, stmt, call->start, call->end, awaited));
    finding_fix_title(cx, f, "Run it in a worker thread: `%s`", replacement);
    finding_edit(cx, f, call->start, call->end, awaited);
    finding_add_import(cx, f, cx_framework_module(cx));
    if (needs_functools)
        finding_add_import(cx, f, "functools");
}
