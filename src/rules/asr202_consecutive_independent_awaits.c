/* ASR202 consecutive-independent-awaits: two or more consecutive `x = await read_call(...)`
 * statements where no later call uses an earlier result, rewritten to await them concurrently
 * (TaskGroup on 3.11+, gather before, a nursery / task group for trio and anyio).
 *
 * Precision first: only assignments of awaited read-like calls (get, fetch, load, read, query,
 * list, find, search, lookup, head, count, exists, download...) count; bare awaits are usually
 * ordered side effects. A run ends at a call that reads a name an earlier statement bound, that
 * works on the same receiver as an earlier one (one session, repository, connection: only HTTP
 * clients serve concurrent requests), or that ASR201's judgement calls ordered (sleeps, locks,
 * queues, events, sends, lifecycle steps, connections, transactions, cursors, streams). Nothing is
 * flagged in loops (ASR201's domain), in except/finally blocks, inside `async with` other than an
 * HTTP client's, or in test code. */
#include "rules/asyncsem.h"
#include "rules/concurrency.h"
#include "rules/suggest.h"
#include "rules/usesem.h"

#include "base/strbuf.h"
#include "parse/visit.h"

#include <string.h>

#define MAX_RUN 8

/* One candidate statement: `target = await call` (or `target: T = await call`). */
typedef struct Step {
    const Stmt *stmt;
    const Expr *target; /* E_Name */
    const Expr *annotation;
    const Expr *call;
    const char *recv; /* the receiver's text for method calls, else NULL */
    bool network;
} Step;

static const char *const read_verbs[] = {
    "get",      "fetch",   "load",     "read", "query", "select", "list",
    "find",     "search",  "lookup",   "head", "count", "exists", "download",
    "retrieve", "resolve", "describe", "stat", NULL,
};

/* Verbs that change things even when they look like reads (`get_or_create`, `fetch_and_delete`). */
static const char *const write_words[] = {
    "create",  "update",    "delete", "remove", "insert",  "upsert", "set",     "put", "post",
    "patch",   "write",     "save",   "send",   "publish", "lock",   "acquire", "pop", "claim",
    "reserve", "increment", "incr",   "decr",   "consume", "next",   NULL,
};

/* Receivers that usually wrap one database session or connection, whatever their type says. */
static const char *const shared_receivers[] = {
    "session", "repo", "repository", "dao", "crud", "uow", "orm", "store", "storage", "cache", NULL,
};

static bool
has_word(const char *name, const char *const *words, bool prefix_only)
{
    while (*name == '_')
        name++;
    for (const char *const *w = words; *w; w++) {
        size_t n = strlen(*w);
        for (const char *p = strstr(name, *w); p; p = strstr(p + 1, *w)) {
            bool start_ok = p == name || p[-1] == '_';
            bool end_ok = p[n] == '\0' || p[n] == '_' ||
                          (p[n] == 's' && (p[n + 1] == '\0' || p[n + 1] == '_'));
            if (start_ok && end_ok)
                return true;
            if (prefix_only)
                break;
        }
    }
    return false;
}

static bool
is_read_call(const char *fname)
{
    const char *n = fname;
    while (*n == '_')
        n++;
    for (const char *const *v = read_verbs; *v; v++) {
        size_t len = strlen(*v);
        if (!strncmp(n, *v, len) && (n[len] == '\0' || n[len] == '_'))
            return !has_word(n, write_words, false);
    }
    return false;
}

static const char *
func_name(const Expr *func)
{
    return func->kind == E_Name        ? func->v.Name.id
           : func->kind == E_Attribute ? func->v.Attribute.attr
                                       : NULL;
}

static bool
is_await_expr(const Expr *e, void *data)
{
    (void)data;
    return e->kind == E_Await || e->kind == E_Yield || e->kind == E_YieldFrom ||
           e->kind == E_NamedExpr;
}

/* Whether s is a candidate; fills step. */
static bool
candidate(RuleCtx *cx, const Stmt *s, Step *step)
{
    const Expr *target, *value, *annotation = NULL;
    if (s->kind == S_Assign && s->v.Assign.targets.len == 1) {
        target = s->v.Assign.targets.items[0];
        value = s->v.Assign.value;
    } else if (s->kind == S_AnnAssign && s->v.AnnAssign.value && s->v.AnnAssign.simple) {
        target = s->v.AnnAssign.target;
        value = s->v.AnnAssign.value;
        annotation = s->v.AnnAssign.annotation;
    } else {
        return false;
    }
    if (target->kind != E_Name || value->kind != E_Await || value->v.Await.value->kind != E_Call)
        return false;
    const Expr *call = value->v.Await.value;
    const Expr *func = call->v.Call.func;
    const char *fname = func_name(func);
    if (!fname)
        return false;
    /* nested awaits, walruses: ordering inside the statement itself */
    for (uint32_t i = 0; i < call->v.Call.args.len; i++)
        if (expr_contains(call->v.Call.args.items[i], is_await_expr, NULL, false))
            return false;
    for (uint32_t i = 0; i < call->v.Call.keywords.len; i++)
        if (expr_contains(call->v.Call.keywords.items[i]->value, is_await_expr, NULL, false))
            return false;
    const char *q = cx_call_target(cx, call);
    if (q && (!strncmp(q, "asyncio.", 8) || !strncmp(q, "trio.", 5) || !strncmp(q, "anyio.", 6)))
        return false; /* framework primitives: sleeps, waits, queues, threads, subprocesses */
    /* `await inbox.get()`: a queue or channel (an HTTP get names a URL) */
    if (!strcmp(fname, "get") && !call->v.Call.args.len && !call->v.Call.keywords.len)
        return false;
    ConcJudgement j = conc_judge_call(cx, call);
    if (j.ordered || !is_read_call(fname))
        return false;
    const char *recv = NULL;
    if (func->kind == E_Attribute) {
        const Expr *r = func->v.Attribute.value;
        const char *type = cx_type_of(cx, r);
        const char *rname = func_name(r);
        if (!conc_type_is_http_client(type) && rname && has_word(rname, shared_receivers, false))
            return false;
        recv = cx_expr_text(cx, r);
    }
    *step = (Step){ .stmt = s,
                    .target = target,
                    .annotation = annotation,
                    .call = call,
                    .recv = recv,
                    .network = j.network };
    return true;
}

typedef struct ReadSearch {
    const Step *run;
    uint32_t n;
    bool found;
} ReadSearch;

static bool
reads_run_target(const Expr *e, void *data)
{
    ReadSearch *rs = data;
    if (e->kind != E_Name)
        return false;
    for (uint32_t i = 0; i < rs->n; i++)
        if (!strcmp(e->v.Name.id, rs->run[i].target->v.Name.id))
            return true;
    return false;
}

/* Whether step may join the run: it reads none of the run's results, binds a new name, and does not
 * use a receiver of the run (unless that receiver is an HTTP client, which serves requests
 * concurrently). */
static bool
independent(RuleCtx *cx, const Step *run, uint32_t n, const Step *step)
{
    ReadSearch rs = { run, n, false };
    if (expr_contains(step->call, reads_run_target, &rs, false) ||
        reads_run_target(step->target, &rs))
        return false;
    if (step->annotation && expr_contains(step->annotation, reads_run_target, &rs, false))
        return false;
    for (uint32_t i = 0; i < n; i++) {
        if (!run[i].recv || !step->recv || strcmp(run[i].recv, step->recv))
            continue;
        const Expr *r = step->call->v.Call.func->v.Attribute.value;
        const char *rname = func_name(r);
        if (conc_type_is_http_client(cx_type_of(cx, r)))
            continue;
        if (rname && (strstr(rname, "client") || strstr(rname, "http")))
            continue;
        return false;
    }
    return true;
}

/* ---- where we are -------------------------------------------------------------------------------
 */

static bool
is_http_client_cm(RuleCtx *cx, const WithItem *item)
{
    const Expr *ce = item->context_expr;
    if (conc_type_is_http_client(cx_type_of(cx, ce)))
        return true;
    return item->optional_vars && conc_type_is_http_client(cx_type_of(cx, item->optional_vars));
}

/* Whether the visited statement is somewhere the rewrite is wrong or unwelcome: in a loop, an
 * except or finally block, or an `async with` other than an HTTP client's. */
static bool
bad_context(RuleCtx *cx, const Stmt *parent, StmtSeq seq)
{
    if ((parent->kind == S_Try || parent->kind == S_TryStar) &&
        seq.items != parent->v.Try.body.items && seq.items != parent->v.Try.orelse.items)
        return true;
    for (uint32_t i = cx->depth; i-- > 0;) {
        if (!cx->stack[i].is_stmt)
            continue;
        const Stmt *s = cx->stack[i].node;
        if (s->kind == S_FunctionDef || s->kind == S_AsyncFunctionDef || s->kind == S_ClassDef)
            break;
        if (s->kind == S_For || s->kind == S_AsyncFor || s->kind == S_While)
            return true;
        if (s->kind == S_AsyncWith || s->kind == S_With) {
            for (uint32_t k = 0; k < s->v.With.items.len; k++)
                if (!is_http_client_cm(cx, s->v.With.items.items[k]))
                    return true;
        }
        if ((s->kind == S_Try || s->kind == S_TryStar) && i + 1 < cx->depth &&
            cx->stack[i + 1].is_stmt) {
            StmtSeq inner = stmt_seq_holding(s, cx->stack[i + 1].node);
            if (inner.items != s->v.Try.body.items && inner.items != s->v.Try.orelse.items)
                return true;
        }
    }
    return false;
}

/* ---- the rewrite --------------------------------------------------------------------------------
 */

static const char *
names_list(RuleCtx *cx, const Step *run, uint32_t n)
{
    StrBuf sb = STRBUF_INIT;
    for (uint32_t i = 0; i < n; i++) {
        if (i)
            sb_adds(&sb, i + 1 == n ? " and " : ", ");
        sb_printf(&sb, "`%s`", run[i].target->v.Name.id);
    }
    const char *out = arena_strndup(cx->out_arena, sb_cstr(&sb), sb.len);
    sb_free(&sb);
    return out;
}

static const char *
build_rewrite(RuleCtx *cx, const Step *run, uint32_t n)
{
    const char *fw = cx_framework_module(cx);
    StrBuf sb = STRBUF_INIT;
    if (cx->fw == FW_ASYNCIO && cx->pyver >= 311) {
        const char *tg = conc_fresh_name(cx, "tg");
        const char *tasks[MAX_RUN];
        sb_printf(&sb, "async with %s.TaskGroup() as %s:\n", fw, tg);
        for (uint32_t i = 0; i < n; i++) {
            tasks[i] = conc_fresh_name(
                cx, arena_sprintf(cx->out_arena, "%s_task", run[i].target->v.Name.id));
            sb_printf(&sb, "    %s = %s.create_task(%s)\n", tasks[i], tg,
                      cx_expr_text(cx, run[i].call));
        }
        for (uint32_t i = 0; i < n; i++) {
            if (run[i].annotation)
                sb_printf(&sb, "%s: %s = %s.result()\n", run[i].target->v.Name.id,
                          cx_expr_text(cx, run[i].annotation), tasks[i]);
            else
                sb_printf(&sb, "%s = %s.result()\n", run[i].target->v.Name.id, tasks[i]);
        }
    } else if (cx->fw == FW_ASYNCIO) {
        for (uint32_t i = 0; i < n; i++)
            if (run[i].annotation)
                sb_printf(&sb, "%s: %s\n", run[i].target->v.Name.id,
                          cx_expr_text(cx, run[i].annotation));
        for (uint32_t i = 0; i < n; i++)
            sb_printf(&sb, "%s%s", i ? ", " : "", run[i].target->v.Name.id);
        sb_printf(&sb, " = await %s.gather(\n", fw);
        for (uint32_t i = 0; i < n; i++)
            sb_printf(&sb, "    %s,\n", cx_expr_text(cx, run[i].call));
        sb_adds(&sb, ")\n");
    } else {
        /* trio / anyio: each helper stores its result in the enclosing function's variable */
        const char *helpers[MAX_RUN];
        for (uint32_t i = 0; i < n; i++)
            sb_printf(&sb, "%s = ", run[i].target->v.Name.id);
        sb_adds(&sb, "None\n\n");
        for (uint32_t i = 0; i < n; i++) {
            const char *t = run[i].target->v.Name.id;
            helpers[i] = conc_fresh_name(
                cx, arena_sprintf(cx->out_arena, "_get_%s", t[0] == '_' ? t + 1 : t));
            sb_printf(&sb, "async def %s():\n    nonlocal %s\n    %s = await %s\n\n", helpers[i], t,
                      t, cx_expr_text(cx, run[i].call));
        }
        const char *group = conc_fresh_name(cx, cx->fw == FW_TRIO ? "nursery" : "tg");
        sb_printf(&sb, "async with %s.%s() as %s:\n", fw,
                  cx->fw == FW_TRIO ? "open_nursery" : "create_task_group", group);
        for (uint32_t i = 0; i < n; i++)
            sb_printf(&sb, "    %s.start_soon(%s)\n", group, helpers[i]);
    }
    if (sb.len && sb_cstr(&sb)[sb.len - 1] == '\n')
        sb.len--;
    const char *out = arena_strndup(cx->out_arena, sb_cstr(&sb), sb.len);
    sb_free(&sb);
    return out;
}

static void
report_run(RuleCtx *cx, const Step *run, uint32_t n)
{
    if (n < 2)
        return;
    bool network = true;
    for (uint32_t i = 0; i < n; i++)
        network = network && run[i].network;
    const char *idiom = cx->fw == FW_TRIO    ? "a trio nursery"
                        : cx->fw == FW_ANYIO ? "an anyio task group"
                        : cx->pyver >= 311   ? "`asyncio.TaskGroup`"
                                             : "`asyncio.gather`";
    Finding *f =
        rule_report(cx, run[0].stmt->start, run[0].stmt->end,
                    "%s are awaited one after another but do not depend on each other; await them "
                    "concurrently with %s",
                    names_list(cx, run, n), idiom);
    if (network)
        f->severity = SEV_WARNING;
    finding_suggest(cx, f, run[0].stmt->start, run[n - 1].stmt->end, build_rewrite(cx, run, n));
    finding_fix_title(cx, f, "Await the independent calls concurrently with %s", idiom);
}

/* Runs start at the first statement of each statement sequence of an `async def`: the whole
 * sequence is scanned once, from there. */
static void
check_stmt(RuleCtx *cx, const Stmt *s)
{
    const Stmt *parent = cx_parent_stmt(cx);
    if (!parent || !cx_in_async_function(cx))
        return;
    StmtSeq seq = stmt_seq_holding(parent, s);
    if (!seq.len || seq.items[0] != s || seq.len < 2 || bad_context(cx, parent, seq) ||
        conc_in_test_code(cx))
        return;
    Step run[MAX_RUN];
    uint32_t n = 0;
    for (uint32_t i = 0; i < seq.len; i++) {
        Step step;
        if (!candidate(cx, seq.items[i], &step)) {
            report_run(cx, run, n);
            n = 0;
            continue;
        }
        if (n == MAX_RUN || !independent(cx, run, n, &step)) {
            report_run(cx, run, n);
            n = 0;
        }
        run[n++] = step;
    }
    report_run(cx, run, n);
}

const RuleDesc rule_asr202 = {
    .code = "ASR202",
    .name = "consecutive-independent-awaits",
    .severity = SEV_SUGGESTION,
    .area = AREA_PERFORMANCE,
    .frameworks = FW_ALL,
    .stmt_kinds = ~UINT64_C(0),
    .on_stmt = check_stmt,
    .summary = "Consecutive awaits of independent reads that could run concurrently",
    .why = "Each `await` waits for the previous one to finish, so the statements take the sum of "
           "their "
           "latencies. None uses another's result, so awaiting them together takes about as long "
           "as the "
           "slowest one.",
    .doc =
        "## What it does\n"
        "Flags two or more consecutive statements `x = await f(...)`, `y = await g(...)` in a "
        "coroutine "
        "where the calls are reads (`get`, `fetch`, `load`, `read`, `query`, `list`, `find`, "
        "`search`, "
        "`lookup`, `head`, `count`, `exists`, `download`...) and no later call uses an earlier "
        "result. The rewrite awaits them concurrently: an `asyncio.TaskGroup` on Python 3.11+, "
        "`asyncio.gather` before, a trio nursery or an anyio task group storing each result. It is "
        "a "
        "WARNING when every call is clearly network I/O (an HTTP client), a SUGGESTION "
        "otherwise.\n\n"
        "It stays silent when concurrency would be wrong or surprising: bare `await` statements "
        "(usually ordered side effects), calls that write or change state, calls on the same "
        "receiver "
        "(one database session, repository or connection cannot serve concurrent requests; HTTP "
        "clients can), sleeps, locks, queues, events, sends and lifecycle steps, connections, "
        "transactions, cursors and streams, code in loops (see ASR201), in `except`/`finally` "
        "blocks "
        "or inside `async with` blocks other than an HTTP client's, and test code.\n\n"
        "## Why is this bad?\n"
        "Two independent 100 ms requests awaited one after the other take 200 ms; awaited together "
        "they take about 100 ms.\n\n"
        "## Example\n"
        "```python\n"
        "async def profile_page(client, user_id):\n"
        "    user = await client.get(f\"/users/{user_id}\")\n"
        "    orders = await client.get(f\"/users/{user_id}/orders\")\n"
        "    return render(user, orders)\n"
        "```\n\n"
        "Use instead:\n"
        "```python\n"
        "async def profile_page(client, user_id):\n"
        "    async with asyncio.TaskGroup() as tg:\n"
        "        user_task = tg.create_task(client.get(f\"/users/{user_id}\"))\n"
        "        orders_task = tg.create_task(client.get(f\"/users/{user_id}/orders\"))\n"
        "    user = user_task.result()\n"
        "    orders = orders_task.result()\n"
        "    return render(user, orders)\n"
        "```\n",
};
