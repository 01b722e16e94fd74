/* ASR204 lock-held-across-slow-await: `async with lock:` (or `async with pool.acquire() as conn:`)
 * whose body awaits network I/O that has nothing to do with what the lock protects, so every other
 * task waiting for the lock (or the pool) waits for the network too. The suggestion moves the await
 * before or after the block.
 *
 * Kept tight: only mutual-exclusion locks and conditions (a semaphore or capacity limiter around a
 * request is how one bounds concurrency: never flagged) and pooled connections; only a top-level
 * statement `await call(...)` / `x = await call(...)` of the body whose call is clearly network I/O
 * (an HTTP client, a catalog network call; for pools, anything but the acquired connection). For a
 * lock the body must also touch shared state (attribute or subscript stores, mutating calls), the
 * call must not read anything the body writes, and its result must not be used inside the block. No
 * return/raise/break/continue in the body (moving the await would change which paths run it). */
#include "rules/asyncsem.h"
#include "rules/concurrency.h"
#include "rules/structured.h"

#include "base/strbuf.h"
#include "parse/visit.h"

#include <ctype.h>
#include <string.h>

static const char *const lock_types[] = {
    "asyncio.Lock",   "asyncio.Condition", "trio.Lock",       "trio.StrictFIFOLock",
    "trio.Condition", "anyio.Lock",        "anyio.Condition", NULL,
};

static const char *
last_name(const Expr *e)
{
    return e->kind == E_Name ? e->v.Name.id : e->kind == E_Attribute ? e->v.Attribute.attr : NULL;
}

static bool
contains_ci(const char *s, const char *word)
{
    size_t n = strlen(word);
    for (; *s; s++) {
        size_t i = 0;
        while (i < n && s[i] && tolower((unsigned char)s[i]) == word[i])
            i++;
        if (i == n)
            return true;
    }
    return false;
}

/* Whether word is a whole snake_case word of name, ignoring case: `_lock`, `write_lock`, `Lock`. */
static bool
name_has_word(const char *name, const char *word)
{
    size_t n = strlen(word);
    for (const char *p = name; *p; p++) {
        if (p != name && p[-1] != '_')
            continue;
        size_t i = 0;
        while (i < n && p[i] && tolower((unsigned char)p[i]) == word[i])
            i++;
        if (i == n && (p[n] == '\0' || p[n] == '_'))
            return true;
    }
    return false;
}

/* `async with <lock>:` with a mutual-exclusion lock (by type, or a name saying lock/mutex). */
static bool
is_lock(RuleCtx *cx, const WithItem *item)
{
    const Expr *ce = item->context_expr;
    if (item->optional_vars)
        return false;
    const char *type = cx_type_of(cx, ce);
    if (type)
        return qualname_in(type, lock_types);
    const char *name = last_name(ce);
    if (!name || contains_ci(name, "sem") || contains_ci(name, "limit"))
        return false;
    return name_has_word(name, "lock") || name_has_word(name, "mutex");
}

/* `async with pool.acquire() as conn:` */
static const Expr *
pooled_connection(RuleCtx *cx, const WithItem *item)
{
    const Expr *ce = item->context_expr;
    if (!item->optional_vars || item->optional_vars->kind != E_Name || ce->kind != E_Call ||
        ce->v.Call.func->kind != E_Attribute ||
        strcmp(ce->v.Call.func->v.Attribute.attr, "acquire"))
        return NULL;
    const Expr *pool = ce->v.Call.func->v.Attribute.value;
    const char *type = cx_type_of(cx, pool);
    const char *name = last_name(pool);
    if ((type && !strncmp(type, "asyncpg.Pool", 12)) || (name && contains_ci(name, "pool")))
        return item->optional_vars;
    return NULL;
}

/* The awaited call of a top-level body statement `await f()` / `x = await f()`, and its target. */
static const Expr *
awaited_call(const Stmt *s, const Expr **target)
{
    const Expr *v = NULL;
    *target = NULL;
    if (s->kind == S_Expr)
        v = s->v.Expr.value;
    else if (s->kind == S_Assign && s->v.Assign.targets.len == 1 &&
             s->v.Assign.targets.items[0]->kind == E_Name) {
        v = s->v.Assign.value;
        *target = s->v.Assign.targets.items[0];
    }
    if (!v || v->kind != E_Await || v->v.Await.value->kind != E_Call)
        return NULL;
    return v->v.Await.value;
}

static bool
is_http_verb(const char *m)
{
    static const char *const verbs[] = { "get",     "post",    "put",  "patch",  "delete", "head",
                                         "options", "request", "send", "stream", NULL };
    return conc_word_in(m, verbs);
}

/* Clearly network I/O: a catalog network call, or an HTTP verb on an HTTP client (by type, or by a
 * name saying client/http; `session` is left out, it is as often a database session). */
static bool
is_network_call(RuleCtx *cx, const Expr *call)
{
    const CatalogEntry *ce = call_entry(cx, call);
    if (ce && (ce->flags & CATF_NETWORK))
        return true;
    const Expr *func = call->v.Call.func;
    if (func->kind != E_Attribute || !is_http_verb(func->v.Attribute.attr))
        return false;
    const Expr *recv = func->v.Attribute.value;
    if (conc_type_is_http_client(cx_type_of(cx, recv)))
        return true;
    const char *name = last_name(recv);
    return name && (contains_ci(name, "client") || contains_ci(name, "http"));
}

/* ---- what the body writes -----------------------------------------------------------------------
 */

#define MAX_WRITES 32

typedef struct Writes {
    RuleCtx *cx;
    const char
        *roots[MAX_WRITES]; /* source text of written objects: "self._cache", "counts", "n" */
    uint32_t n;
    bool overflow;
    bool shared;  /* an attribute/subscript store or a mutating call */
    bool control; /* return, raise, break, continue */
} Writes;

static void
add_root(Writes *w, const Expr *e)
{
    if (w->n == MAX_WRITES)
        w->overflow = true;
    else
        w->roots[w->n++] = cx_expr_text(w->cx, e);
}

static void
add_target(Writes *w, const Expr *t)
{
    switch (t->kind) {
    case E_Attribute:
        w->shared = true;
        add_root(w, t);
        break;
    case E_Subscript:
        w->shared = true;
        add_root(w, t->v.Subscript.value);
        break;
    case E_Tuple:
    case E_List:
        for (uint32_t i = 0; i < t->v.Tuple.elts.len; i++)
            add_target(w, t->v.Tuple.elts.items[i]);
        break;
    case E_Starred:
        add_target(w, t->v.Starred.value);
        break;
    default:
        add_root(w, t);
        break;
    }
}

static bool
writes_stmt(Visitor *v, const Stmt *s)
{
    Writes *w = v->data;
    switch (s->kind) {
    case S_FunctionDef:
    case S_AsyncFunctionDef:
    case S_ClassDef:
        return false;
    case S_Return:
    case S_Raise:
    case S_Break:
    case S_Continue:
        w->control = true;
        return true;
    case S_Assign:
        for (uint32_t i = 0; i < s->v.Assign.targets.len; i++)
            add_target(w, s->v.Assign.targets.items[i]);
        return true;
    case S_AugAssign:
        add_target(w, s->v.AugAssign.target);
        if (s->v.AugAssign.target->kind == E_Name)
            w->shared = true; /* `total += n` under a lock: a nonlocal/global counter */
        return true;
    case S_AnnAssign:
        add_target(w, s->v.AnnAssign.target);
        return true;
    case S_Delete:
        for (uint32_t i = 0; i < s->v.Delete.targets.len; i++)
            add_target(w, s->v.Delete.targets.items[i]);
        return true;
    case S_For:
    case S_AsyncFor:
        add_target(w, s->v.For.target);
        return true;
    default:
        return true;
    }
}

static bool
writes_expr(Visitor *v, const Expr *e)
{
    static const char *const mutators[] = {
        "append", "extend",  "add",    "update",     "insert",     "setdefault",
        "pop",    "popitem", "remove", "discard",    "appendleft", "popleft",
        "clear",  "set",     "notify", "notify_all", NULL,
    };
    Writes *w = v->data;
    if (e->kind == E_Lambda)
        return false;
    if (e->kind == E_NamedExpr)
        add_target(w, e->v.NamedExpr.target);
    if (e->kind == E_Call && e->v.Call.func->kind == E_Attribute &&
        conc_word_in(e->v.Call.func->v.Attribute.attr, mutators)) {
        w->shared = true;
        add_root(w, e->v.Call.func->v.Attribute.value);
    }
    return true;
}

static bool
stmt_writes_shared(RuleCtx *cx, const Stmt *s)
{
    Writes w = { .cx = cx };
    Visitor v = { .enter_stmt = writes_stmt, .enter_expr = writes_expr, .data = &w };
    visit_stmt(&v, s);
    return w.shared;
}

/* Whether the text of e mentions root as a whole dotted name: "self._cache" in
 * "self._cache.get(k)". */
static bool
mentions_root(const char *text, const char *root)
{
    size_t n = strlen(root);
    for (const char *p = strstr(text, root); p; p = strstr(p + 1, root)) {
        bool start_ok =
            p == text || !(isalnum((unsigned char)p[-1]) || p[-1] == '_' || p[-1] == '.');
        bool end_ok = !(isalnum((unsigned char)p[n]) || p[n] == '_');
        if (start_ok && end_ok)
            return true;
    }
    return false;
}

typedef struct NameRead {
    Ident name;
    bool found;
} NameRead;

static bool
reads_name(Visitor *v, const Expr *e)
{
    NameRead *r = v->data;
    if (e->kind == E_Name && e->v.Name.ctx == CTX_LOAD && !strcmp(e->v.Name.id, r->name))
        r->found = v->stop = true;
    return true;
}

static bool
stmt_reads(const Stmt *s, Ident name)
{
    NameRead r = { name, false };
    Visitor v = { .enter_expr = reads_name, .data = &r };
    visit_stmt(&v, s);
    return r.found;
}

/* ---- the rewrite --------------------------------------------------------------------------------
 */

/* Source lines [from, to) with `indent` removed from the start of each line that has it. */
static void
add_lines(RuleCtx *cx, StrBuf *sb, uint32_t from, uint32_t to, const char *indent)
{
    const char *text = cx->pf->src.text;
    size_t ilen = strlen(indent);
    for (uint32_t p = from; p < to;) {
        uint32_t next = src_next_line(cx, p);
        if (next > to)
            next = to;
        uint32_t q = p;
        if (!strncmp(text + p, indent, ilen))
            q += (uint32_t)ilen;
        sb_add(sb, text + q, next - q);
        p = next;
    }
}

static const char *
build_rewrite(RuleCtx *cx, const Stmt *with, const Stmt *moved, bool before)
{
    const char *with_indent = cx_indent(cx, with->start);
    uint32_t with_start = src_line_start(cx, with->start),
             with_end = src_next_line(cx, with->end - 1);
    uint32_t moved_start = src_line_start(cx, moved->start),
             moved_end = src_next_line(cx, moved->end - 1);
    StrBuf sb = STRBUF_INIT;
    if (before)
        sb_printf(&sb, "%s\n", sugg_dedent(cx, moved->start, moved->end));
    add_lines(cx, &sb, with_start, moved_start, with_indent);
    add_lines(cx, &sb, moved_end, with_end, with_indent);
    if (!before)
        sb_printf(&sb, "%s\n", sugg_dedent(cx, moved->start, moved->end));
    while (sb.len && sb_cstr(&sb)[sb.len - 1] == '\n')
        sb.len--;
    const char *out = arena_strndup(cx->out_arena, sb_cstr(&sb), sb.len);
    sb_free(&sb);
    return out;
}

/* ---- the rule -----------------------------------------------------------------------------------
 */

static void
report(RuleCtx *cx, const Stmt *with, const Stmt *moved, const Expr *call, bool before,
       const char *holder)
{
    Finding *f =
        rule_report(cx, moved->start, moved->end,
                    "`%s` awaits network I/O while holding %s; move it %s the `async with` block",
                    cx_expr_text(cx, call->v.Call.func), holder, before ? "before" : "after");
    finding_suggest(cx, f, with->start, with->end, build_rewrite(cx, with, moved, before));
    finding_fix_title(cx, f, "Move the network call %s the `async with` block",
                      before ? "before" : "after");
}

static void
check_lock(RuleCtx *cx, const Stmt *with, const Expr *lock)
{
    const StmtSeq body = with->v.With.body;
    Writes all = { .cx = cx };
    Visitor v = { .enter_stmt = writes_stmt, .enter_expr = writes_expr, .data = &all };
    visit_stmts(&v, body);
    if (!all.shared || all.control || all.overflow)
        return;
    for (uint32_t i = 0; i < body.len; i++) {
        const Expr *target;
        const Expr *call = awaited_call(body.items[i], &target);
        if (!call || !is_network_call(cx, call))
            continue;
        /* the call must not read what the block writes (nor the lock's own object) */
        const char *text = cx_expr_text(cx, call);
        bool reads_shared = mentions_root(text, cx_expr_text(cx, lock));
        for (uint32_t k = 0; k < all.n && !reads_shared; k++)
            if (!target || strcmp(all.roots[k], target->v.Name.id))
                reads_shared = mentions_root(text, all.roots[k]);
        if (reads_shared)
            continue;
        bool result_used = false, shared_before = false, shared_after = false;
        for (uint32_t k = 0; k < body.len; k++) {
            if (k == i)
                continue;
            if (target && stmt_reads(body.items[k], target->v.Name.id))
                result_used = true;
            if (stmt_writes_shared(cx, body.items[k]))
                *(k < i ? &shared_before : &shared_after) = true;
        }
        if (result_used || (shared_before && shared_after))
            continue;
        report(cx, with, body.items[i], call, !shared_before,
               arena_sprintf(cx->out_arena, "`%s`", cx_expr_text(cx, lock)));
        return;
    }
}

static void
check_pool(RuleCtx *cx, const Stmt *with, const Expr *conn)
{
    const StmtSeq body = with->v.With.body;
    Writes seen = { .cx = cx };
    add_root(&seen, conn);
    Visitor v = { .enter_stmt = writes_stmt, .enter_expr = writes_expr, .data = &seen };
    for (uint32_t i = 0; i < body.len && !seen.control && !seen.overflow; i++) {
        const Expr *target;
        const Expr *call = awaited_call(body.items[i], &target);
        if (call && body.len > 1 && is_network_call(cx, call)) {
            /* an HTTP call (not on the connection) that needs nothing computed in the block so far
             */
            const char *text = cx_expr_text(cx, call);
            bool depends = false;
            for (uint32_t k = 0; k < seen.n && !depends; k++)
                depends = mentions_root(text, seen.roots[k]);
            const char *recv_type = call->v.Call.func->kind == E_Attribute
                                        ? cx_type_of(cx, call->v.Call.func->v.Attribute.value)
                                        : NULL;
            if (!depends && !conc_type_is_ordered(recv_type)) {
                report(cx, with, body.items[i], call, true,
                       arena_sprintf(cx->out_arena, "pooled connection `%s`", conn->v.Name.id));
                return;
            }
        }
        visit_stmt(&v, body.items[i]);
    }
}

static void
check_async_with(RuleCtx *cx, const Stmt *with)
{
    if (with->v.With.items.len != 1 || !cx_in_async_function(cx) || conc_in_test_code(cx))
        return;
    const WithItem *item = with->v.With.items.items[0];
    const Expr *conn = pooled_connection(cx, item);
    if (conn)
        check_pool(cx, with, conn);
    else if (is_lock(cx, item))
        check_lock(cx, with, item->context_expr);
}

const RuleDesc rule_asr204 = {
    .code = "ASR204",
    .name = "lock-held-across-slow-await",
    .severity = SEV_SUGGESTION,
    .area = AREA_PERFORMANCE,
    .frameworks = FW_ALL,
    .stmt_kinds = STMT_BIT(S_AsyncWith),
    .on_stmt = check_async_with,
    .summary = "Network await inside a lock or pooled-connection block that does not need it",
    .why =
        "Every task waiting for the lock (or for a connection from the pool) also waits for this "
        "network round trip, although the call does not use what the block protects. Moving it out "
        "shortens the critical section to the state updates themselves.",
    .doc =
        "## What it does\n"
        "Flags a network await (an HTTP client call, a catalog network call) that is a statement "
        "of "
        "its own in an `async with lock:` block (asyncio, trio or anyio `Lock` or `Condition`, or "
        "a "
        "name saying lock/mutex) or an `async with pool.acquire() as conn:` block, when it does "
        "not "
        "need the block: for a lock, the block also updates shared state, the call reads nothing "
        "the block writes and its result is not used inside the block; for a pooled connection, "
        "the call does not use the connection or anything computed in the block before it. The "
        "suggestion moves the call before (or after) the block.\n\n"
        "It stays silent for semaphores and capacity limiters (bounding concurrent requests is "
        "their "
        "purpose), for blocks that return, raise, break or continue, for awaits whose result feeds "
        "the shared state (single-flight caches, token refresh), for blocks that only make the "
        "call "
        "(serialising it is then the point), and in test code.\n\n"
        "## Why is this bad?\n"
        "A lock held across a 200 ms request serialises every task that needs the lock behind that "
        "request; a pooled connection held across it is unavailable to other tasks, so the pool "
        "runs dry under load.\n\n"
        "## Example\n"
        "```python\n"
        "async def record(self, event):\n"
        "    async with self._lock:\n"
        "        self._counts[event.kind] += 1\n"
        "        await self.client.post(\"/events\", json=event.payload)\n"
        "```\n\n"
        "Use instead:\n"
        "```python\n"
        "async def record(self, event):\n"
        "    async with self._lock:\n"
        "        self._counts[event.kind] += 1\n"
        "    await self.client.post(\"/events\", json=event.payload)\n"
        "```\n",
};
