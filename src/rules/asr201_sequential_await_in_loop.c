/* ASR201 sequential-await-in-loop: a `for` loop whose iterations await independent work one after
 * another, rewritten as the framework's concurrent idiom (TaskGroup / gather / nursery / task
 * group).
 *
 * Precision first: the loop is left alone when an iteration may depend on the previous one (a name
 * written in the body is read before it is written, a collection the body mutates is also read),
 * when it exits early (break, return, for-else), yields, sleeps or waits on a lock/queue/event
 * (rate limiting, consumers), awaits a database connection / transaction / cursor or a stream write
 * (ordered on purpose), sets attributes or shared state, is in test code, or carries the `#
 * asyncreview: ordered` marker. It is only flagged when the rewrite keeps the result order. */
#include "rules/asyncsem.h"
#include "rules/concurrency.h"
#include "rules/suggest.h"

#include "base/strbuf.h"
#include "parse/visit.h"

#include <string.h>

#define MAX_NAMES 64

typedef struct NameSet {
    Ident items[MAX_NAMES];
    uint32_t len;
    bool overflow;
} NameSet;

static bool
set_has(const NameSet *s, Ident n)
{
    for (uint32_t i = 0; i < s->len; i++)
        if (s->items[i] == n)
            return true;
    return false;
}

static void
set_add(NameSet *s, Ident n)
{
    if (set_has(s, n))
        return;
    if (s->len == MAX_NAMES)
        s->overflow = true;
    else
        s->items[s->len++] = n;
}

typedef struct BodyScan {
    RuleCtx *cx;
    NameSet written;        /* every name bound in the body */
    NameSet written_so_far; /* names bound so far in this iteration (execution order) */
    NameSet carried;        /* read before written in the iteration: depends on the previous one */
    NameSet mutated;        /* outer names mutated through a method call (acc.append(...)) */
    NameSet read;           /* every name read (for mutated-and-read) */
    NameSet loop_targets;   /* names the `for` target binds */
    uint32_t nawaits;
    uint32_t ninvariant; /* awaits whose callee is the same object every iteration */
    bool network;        /* an await is clearly network I/O */
    bool ordered;        /* something makes the order matter */
    const char *why_ordered;
} BodyScan;

static void
mark_ordered(BodyScan *b, const char *why)
{
    if (!b->ordered) {
        b->ordered = true;
        b->why_ordered = why;
    }
}

/* One awaited call: does it make the loop ordered, is it network I/O? */
static bool
mentions_variant(const Expr *e, void *data)
{
    const BodyScan *b = data;
    return e->kind == E_Name &&
           (set_has(&b->loop_targets, e->v.Name.id) || set_has(&b->written, e->v.Name.id));
}

static void
judge_await(BodyScan *b, const Expr *aw)
{
    RuleCtx *cx = b->cx;
    const Expr *v = aw->v.Await.value;
    b->nawaits++;
    /* `for hook in hooks: await hook(x)`, `for site in sites: await site.start()`: a different
     * object each iteration is callback dispatch, whose order is the contract; data loops call one
     * function */
    if (!expr_contains(conc_awaited_callee(cx, v), mentions_variant, b, false))
        b->ninvariant++;
    ConcJudgement j = conc_judge_call(cx, v);
    if (j.network)
        b->network = true;
    if (j.ordered)
        mark_ordered(b, j.why);
}

static bool
scan_enter_expr(Visitor *v, const Expr *e)
{
    BodyScan *b = v->data;
    switch (e->kind) {
    case E_Lambda:
    case E_ListComp:
    case E_SetComp:
    case E_DictComp:
    case E_GeneratorExp:
        /* inner scopes: their reads still count, their writes are their own */
        break;
    case E_Await:
        judge_await(b, e);
        break;
    case E_Yield:
    case E_YieldFrom:
        mark_ordered(b, "yields each result in order");
        break;
    case E_Name:
        if (e->v.Name.ctx == CTX_LOAD) {
            set_add(&b->read, e->v.Name.id);
            if (set_has(&b->written, e->v.Name.id) && !set_has(&b->written_so_far, e->v.Name.id))
                set_add(&b->carried, e->v.Name.id);
        } else {
            set_add(&b->written_so_far, e->v.Name.id);
        }
        break;
    case E_NamedExpr:
        break;
    case E_Call: {
        const Expr *func = e->v.Call.func;
        static const char *const mutators[] = {
            "append", "extend", "add",     "update",     "insert", "setdefault",
            "pop",    "remove", "discard", "appendleft", "clear",  NULL,
        };
        if (func->kind == E_Attribute && conc_word_in(func->v.Attribute.attr, mutators)) {
            if (func->v.Attribute.value->kind == E_Name)
                set_add(&b->mutated, func->v.Attribute.value->v.Name.id);
            else /* `self.servers.append(...)`: shared state filled in order */
                mark_ordered(b, "fills shared state in order");
        }
        break;
    }
    default:
        break;
    }
    return true;
}

static bool
scan_enter_stmt(Visitor *v, const Stmt *s)
{
    BodyScan *b = v->data;
    switch (s->kind) {
    case S_FunctionDef:
    case S_AsyncFunctionDef:
    case S_ClassDef:
        mark_ordered(b, "defines functions or classes in the loop");
        return false;
    case S_Break:
    case S_Return:
        mark_ordered(
            b, "can stop early (break/return), so later iterations depend on earlier results");
        return false;
    case S_Global:
    case S_Nonlocal:
        mark_ordered(b, "writes shared state");
        return false;
    case S_AugAssign:
        /* `total += await f(x)`: reads and writes `total` every iteration */
        if (s->v.AugAssign.target->kind == E_Name)
            set_add(&b->carried, s->v.AugAssign.target->v.Name.id);
        else
            mark_ordered(b, "updates shared state in place");
        return true;
    case S_Assign:
    case S_AnnAssign:
    case S_Delete: {
        const ExprSeq targets = s->kind == S_Assign ? s->v.Assign.targets
                                : s->kind == S_Delete
                                    ? s->v.Delete.targets
                                    : (ExprSeq){ (Expr **)&s->v.AnnAssign.target, 1 };
        for (uint32_t i = 0; i < targets.len; i++) {
            const Expr *t = targets.items[i];
            if (t->kind == E_Attribute)
                mark_ordered(b, "assigns attributes, so the last iteration's value wins");
        }
        return true;
    }
    case S_AsyncFor:
        mark_ordered(b, "consumes a stream with `async for`");
        return true;
    case S_While:
        mark_ordered(b, "polls or retries inside the loop");
        return true;
    default:
        return true;
    }
}

/* Names bound anywhere in the body (first pass, so reads can be classified in the second). */
static bool
collect_writes_expr(Visitor *v, const Expr *e)
{
    BodyScan *b = v->data;
    if (e->kind == E_Lambda || e->kind == E_ListComp || e->kind == E_SetComp ||
        e->kind == E_DictComp || e->kind == E_GeneratorExp)
        return false;
    if (e->kind == E_Name && e->v.Name.ctx != CTX_LOAD)
        set_add(&b->written, e->v.Name.id);
    return true;
}

static bool
collect_writes_stmt(Visitor *v, const Stmt *s)
{
    (void)v;
    return s->kind != S_FunctionDef && s->kind != S_AsyncFunctionDef && s->kind != S_ClassDef;
}

/* ---- the marker, test code ----------------------------------------------------------------------
 */

/* `# asyncreview: ordered` on the `for` line or the line above it. */
static bool
has_ordered_marker(RuleCtx *cx, const Stmt *loop)
{
    const Lexer *lx = &cx->pf->lex;
    uint32_t line = cx_line(cx, loop->start);
    for (uint32_t i = 0; i < lx->ncomments; i++) {
        uint32_t cl = cx_line(cx, lx->comments[i].start);
        if (cl + 1 < line)
            continue;
        if (cl > line)
            break;
        const char *c = cx->pf->src.text + lx->comments[i].start;
        uint32_t n = lx->comments[i].end - lx->comments[i].start;
        for (uint32_t k = 0; k + 20 <= n; k++)
            if (!strncmp(c + k, "asyncreview: ordered", 20))
                return true;
    }
    return false;
}

/* Whether a name bound in the body is read after the loop in the same function (then the loop's
 * last value matters and concurrency would change it). */
static bool
used_after(RuleCtx *cx, const Stmt *loop, Ident name)
{
    const Binding *b = sem_lookup(cx->sm, cx->scope, name, loop->end);
    for (; b; b = b->shadowed)
        for (uint32_t i = 0; i < b->uses.len; i++)
            if (b->uses.items[i].name->start >= loop->end)
                return true;
    return false;
}

/* ---- the rewrite --------------------------------------------------------------------------------
 */

typedef enum Shape {
    SHAPE_SIDE_EFFECTS, /* no accumulation: run every iteration */
    SHAPE_APPEND,       /* last statement `acc.append(value)` */
    SHAPE_DICT,         /* last statement `acc[key] = value` */
} Shape;

/* The helper's name from the first awaited call: `http_client.get` -> `_get_one`. */
static const char *
helper_name(RuleCtx *cx, const StmtSeq body)
{
    const char *verb = "process";
    for (uint32_t i = 0; i < body.len; i++) {
        const Stmt *s = body.items[i];
        const Expr *v = s->kind == S_Expr     ? s->v.Expr.value
                        : s->kind == S_Assign ? s->v.Assign.value
                                              : NULL;
        if (v && v->kind == E_Await && v->v.Await.value->kind == E_Call) {
            const Expr *f = v->v.Await.value->v.Call.func;
            verb = f->kind == E_Attribute ? f->v.Attribute.attr
                   : f->kind == E_Name    ? f->v.Name.id
                                          : verb;
            break;
        }
    }
    while (*verb == '_')
        verb++;
    return conc_fresh_name(cx, arena_sprintf(cx->out_arena, "_%s_one", *verb ? verb : "process"));
}

/* Appends `text` re-indented by `indent` spaces (every non-empty line). */
static void
add_indented(StrBuf *sb, const char *text, int indent)
{
    for (const char *p = text; *p;) {
        const char *nl = strchr(p, '\n');
        size_t n = nl ? (size_t)(nl - p) : strlen(p);
        if (n)
            sb_printf(sb, "%*s", indent, "");
        sb_add(sb, p, n);
        sb_addc(sb, '\n');
        if (!nl)
            break;
        p = nl + 1;
    }
}

static bool
is_bounded_iterable(const Expr *it)
{
    if (it->kind == E_List || it->kind == E_Tuple || it->kind == E_Set)
        return it->v.List.elts.len <= 20;
    if (it->kind == E_Call && it->v.Call.func->kind == E_Name &&
        !strcmp(it->v.Call.func->v.Name.id, "range") && it->v.Call.args.len == 1 &&
        it->v.Call.args.items[0]->kind == E_Constant &&
        it->v.Call.args.items[0]->v.Constant.kind == CONST_INT &&
        it->v.Call.args.items[0]->v.Constant.fits_int64 &&
        it->v.Call.args.items[0]->v.Constant.small <= 20)
        return true;
    return false;
}

static const char *
build_rewrite(RuleCtx *cx, const Stmt *loop, Shape shape, const Expr *acc, const Expr *value,
              const Expr *key)
{
    const StmtSeq body = loop->v.For.body;
    const char *fw = cx_framework_module(cx);
    const Expr *target = loop->v.For.target;
    bool simple_target = target->kind == E_Name;
    const char *param = simple_target ? target->v.Name.id : conc_fresh_name(cx, "item");
    const char *iter = cx_expr_text(cx, loop->v.For.iter);
    const char *loopvar = simple_target ? target->v.Name.id : param;
    bool bounded = is_bounded_iterable(loop->v.For.iter);
    const char *helper = helper_name(cx, body);
    const char *limit = bounded ? NULL : conc_fresh_name(cx, "limit");
    bool nursery = cx->fw != FW_ASYNCIO;
    const char *index = nursery && shape == SHAPE_APPEND ? conc_fresh_name(cx, "index") : NULL;
    const char *slots = nursery && shape == SHAPE_APPEND ? conc_fresh_name(cx, "slots") : NULL;
    const char *items = nursery && shape == SHAPE_APPEND ? conc_fresh_name(cx, "items") : NULL;

    /* the statements the helper runs: the body without the accumulating last statement */
    uint32_t nstmts = shape == SHAPE_SIDE_EFFECTS ? body.len : body.len - 1;
    StrBuf sb = STRBUF_INIT;
    if (limit) {
        if (cx->fw == FW_ASYNCIO)
            sb_printf(&sb, "%s = %s.Semaphore(10)  # at most 10 at a time\n\n", limit, fw);
        else
            sb_printf(&sb, "%s = %s.CapacityLimiter(10)  # at most 10 at a time\n\n", limit, fw);
    }
    if (index)
        sb_printf(&sb, "async def %s(%s, %s):\n", helper, index, param);
    else
        sb_printf(&sb, "async def %s(%s):\n", helper, param);
    int ind = 4;
    if (limit) {
        sb_printf(&sb, "    async with %s:\n", limit);
        ind = 8;
    }
    if (!simple_target)
        sb_printf(&sb, "%*s%s = %s\n", ind, "", cx_expr_text(cx, target), param);
    if (nstmts)
        add_indented(&sb, sugg_dedent(cx, body.items[0]->start, body.items[nstmts - 1]->end), ind);
    if (shape == SHAPE_APPEND) {
        if (nursery)
            sb_printf(&sb, "%*s%s[%s] = %s\n", ind, "", slots, index, cx_expr_text(cx, value));
        else
            sb_printf(&sb, "%*sreturn %s\n", ind, "", cx_expr_text(cx, value));
    } else if (shape == SHAPE_DICT) {
        if (nursery)
            sb_printf(&sb, "%*s%s[%s] = %s\n", ind, "", cx_expr_text(cx, acc),
                      cx_expr_text(cx, key), cx_expr_text(cx, value));
        else
            sb_printf(&sb, "%*sreturn %s, %s\n", ind, "", cx_expr_text(cx, key),
                      cx_expr_text(cx, value));
    } else if (!nstmts) {
        sb_printf(&sb, "%*spass\n", ind, "");
    }
    sb_addc(&sb, '\n');

    const char *acc_text = acc ? cx_expr_text(cx, acc) : NULL;
    if (cx->fw == FW_ASYNCIO && cx->pyver >= 311) {
        const char *tg = conc_fresh_name(cx, "tg");
        const char *tasks = conc_fresh_name(cx, "tasks");
        sb_printf(&sb, "async with %s.TaskGroup() as %s:\n", fw, tg);
        if (shape == SHAPE_SIDE_EFFECTS) {
            sb_printf(&sb, "    for %s in %s:\n        %s.create_task(%s(%s))", loopvar, iter, tg,
                      helper, loopvar);
        } else {
            sb_printf(&sb, "    %s = [%s.create_task(%s(%s)) for %s in %s]\n", tasks, tg, helper,
                      loopvar, loopvar, iter);
            if (shape == SHAPE_APPEND)
                sb_printf(&sb, "%s.extend(task.result() for task in %s)", acc_text, tasks);
            else
                sb_printf(&sb, "%s.update(task.result() for task in %s)", acc_text, tasks);
        }
    } else if (cx->fw == FW_ASYNCIO) {
        const char *gathered =
            arena_sprintf(cx->out_arena, "await %s.gather(*(%s(%s) for %s in %s))", fw, helper,
                          loopvar, loopvar, iter);
        if (shape == SHAPE_SIDE_EFFECTS)
            sb_adds(&sb, gathered);
        else if (shape == SHAPE_APPEND)
            sb_printf(&sb, "%s.extend(%s)", acc_text, gathered);
        else
            sb_printf(&sb, "%s.update(%s)", acc_text, gathered);
    } else {
        const char *opener = cx->fw == FW_TRIO ? "open_nursery" : "create_task_group";
        const char *group = conc_fresh_name(cx, cx->fw == FW_TRIO ? "nursery" : "tg");
        if (shape == SHAPE_APPEND) {
            sb_printf(&sb, "%s = list(%s)\n%s = [None] * len(%s)\n", items, iter, slots, items);
            sb_printf(&sb, "async with %s.%s() as %s:\n", fw, opener, group);
            sb_printf(&sb, "    for %s, %s in enumerate(%s):\n        %s.start_soon(%s, %s, %s)\n",
                      index, loopvar, items, group, helper, index, loopvar);
            sb_printf(&sb, "%s.extend(%s)", acc_text, slots);
        } else {
            sb_printf(&sb, "async with %s.%s() as %s:\n", fw, opener, group);
            sb_printf(&sb, "    for %s in %s:\n        %s.start_soon(%s, %s)", loopvar, iter, group,
                      helper, loopvar);
        }
    }
    const char *out = arena_strndup(cx->out_arena, sb_cstr(&sb), sb.len);
    sb_free(&sb);
    return out;
}

typedef struct NameSearch {
    Ident name;
    bool found;
} NameSearch;

static bool
name_search_expr(Visitor *v, const Expr *e)
{
    NameSearch *ns = v->data;
    if (e->kind == E_Name && e->v.Name.id == ns->name) {
        ns->found = true;
        v->stop = true;
    }
    return true;
}

/* Whether statement s mentions the name anywhere (read or write). */
static bool
stmt_mentions(const Stmt *s, Ident name)
{
    NameSearch ns = { name, false };
    Visitor v = { .enter_expr = name_search_expr, .data = &ns };
    visit_stmt(&v, s);
    return ns.found;
}

static void
check_for(RuleCtx *cx, const Stmt *loop)
{
    if (!cx_in_async_function(cx) || loop->v.For.orelse.len || conc_in_test_code(cx) ||
        has_ordered_marker(cx, loop))
        return;
    const StmtSeq body = loop->v.For.body;
    BodyScan scan = { .cx = cx };
    Visitor collect = { .enter_stmt = collect_writes_stmt,
                        .enter_expr = collect_writes_expr,
                        .data = &scan };
    visit_stmts(&collect, body);
    /* the loop target is rebound by the loop itself each iteration */
    Visitor target_collect = { .enter_expr = collect_writes_expr, .data = &scan };
    NameSet target_names = { 0 };
    {
        BodyScan tscan = { .cx = cx };
        target_collect.data = &tscan;
        visit_expr(&target_collect, loop->v.For.target);
        target_names = tscan.written;
    }
    for (uint32_t i = 0; i < target_names.len; i++) {
        set_add(&scan.written_so_far, target_names.items[i]);
        set_add(&scan.loop_targets, target_names.items[i]);
    }
    Visitor v = { .enter_stmt = scan_enter_stmt, .enter_expr = scan_enter_expr, .data = &scan };
    visit_stmts(&v, body);
    if (!scan.nawaits || !scan.ninvariant || scan.ordered || scan.carried.len ||
        scan.written.overflow)
        return;
    /* without clear network I/O, only the plain shape (one await per iteration) is worth the
     * rewrite */
    if (!scan.network && scan.nawaits > 1)
        return;

    /* the shape of the last statement decides how results are collected */
    Shape shape = SHAPE_SIDE_EFFECTS;
    const Expr *acc = NULL, *value = NULL, *key = NULL;
    const Stmt *last = body.items[body.len - 1];
    if (last->kind == S_Expr && last->v.Expr.value->kind == E_Call) {
        const Expr *call = last->v.Expr.value;
        const Expr *func = call->v.Call.func;
        if (func->kind == E_Attribute && func->v.Attribute.value->kind == E_Name &&
            !strcmp(func->v.Attribute.attr, "append") && call->v.Call.args.len == 1 &&
            !call->v.Call.keywords.len) {
            shape = SHAPE_APPEND;
            acc = func->v.Attribute.value;
            value = call->v.Call.args.items[0];
        }
    } else if (last->kind == S_Assign && last->v.Assign.targets.len == 1 &&
               last->v.Assign.targets.items[0]->kind == E_Subscript &&
               last->v.Assign.targets.items[0]->v.Subscript.value->kind == E_Name) {
        shape = SHAPE_DICT;
        acc = last->v.Assign.targets.items[0]->v.Subscript.value;
        key = last->v.Assign.targets.items[0]->v.Subscript.slice;
        value = last->v.Assign.value;
        if (key->kind == E_Slice)
            return;
    }
    /* every other mutation of an outer collection, or a collection mutated and also read, means the
     * iterations interact */
    for (uint32_t i = 0; i < scan.mutated.len; i++) {
        Ident m = scan.mutated.items[i];
        if (acc && m == acc->v.Name.id)
            continue;
        return;
    }
    if (acc && set_has(&scan.written, acc->v.Name.id))
        return;
    /* the accumulator may appear only in the accumulating statement */
    for (uint32_t i = 0; i < body.len - (shape == SHAPE_SIDE_EFFECTS ? 0 : 1); i++) {
        const Stmt *s = body.items[i];
        if (acc && stmt_mentions(s, acc->v.Name.id))
            return;
        /* subscript stores outside the accumulating statement write shared state */
        if (s->kind == S_Assign)
            for (uint32_t k = 0; k < s->v.Assign.targets.len; k++)
                if (s->v.Assign.targets.items[k]->kind == E_Subscript)
                    return;
    }
    for (uint32_t i = 0; i < scan.written.len; i++) {
        Ident n = scan.written.items[i];
        if (!set_has(&target_names, n) && used_after(cx, loop, n))
            return;
    }
    for (uint32_t i = 0; i < target_names.len; i++)
        if (used_after(cx, loop, target_names.items[i]))
            return;

    const char *idiom = cx->fw == FW_TRIO    ? "a trio nursery"
                        : cx->fw == FW_ANYIO ? "an anyio task group"
                        : cx->pyver >= 311   ? "`asyncio.TaskGroup`"
                                             : "`asyncio.gather`";
    Finding *f = rule_report(
        cx, loop->start, loop->v.For.iter->end,
        "Each iteration awaits independent work one after another; run them concurrently "
        "with %s",
        idiom);
    if (scan.network)
        f->severity = SEV_WARNING;
    finding_suggest(cx, f, loop->start, loop->end, build_rewrite(cx, loop, shape, acc, value, key));
    finding_fix_title(cx, f, "Run the iterations concurrently with %s", idiom);
}

const RuleDesc rule_asr201 = {
    .code = "ASR201",
    .name = "sequential-await-in-loop",
    .severity = SEV_SUGGESTION,
    .area = AREA_PERFORMANCE,
    .frameworks = FW_ALL,
    .stmt_kinds = STMT_BIT(S_For),
    .on_stmt = check_for,
    .summary = "Loop awaiting independent work one iteration at a time",
    .why = "Each `await` in the loop waits for the previous iteration to finish, so the loop takes "
           "the sum "
           "of all latencies. The iterations do not depend on each other, so they can run "
           "concurrently "
           "and the loop takes about as long as the slowest one.",
    .doc =
        "## What it does\n"
        "Flags `for` loops in a coroutine whose iterations await independent work (no value flows "
        "from "
        "one iteration to the next), and shows the framework's concurrent form: "
        "`asyncio.TaskGroup` "
        "on Python 3.11+, `asyncio.gather` before, a trio nursery, or an anyio task group. Results "
        "collected with `append` keep their order. When the iterable may be large, the rewrite "
        "bounds "
        "concurrency with a semaphore (asyncio) or a capacity limiter (trio/anyio). It is a "
        "WARNING "
        "when the awaits are clearly network I/O (an HTTP client), a SUGGESTION otherwise.\n\n"
        "It stays silent when concurrency would be wrong or useless: an iteration uses a value "
        "from "
        "the previous one (pagination, running totals), the loop exits early (`break`, `return`, "
        "`for ... else`), sleeps (rate limiting), waits on a lock, queue or event, consumes a "
        "stream "
        "or yields, awaits one database connection, transaction, cursor, stream or websocket "
        "(writes must stay in order: a parent row before its child), assigns attributes, or is in "
        "test code.\n\n"
        "To mark a loop as ordered on purpose, put `# asyncreview: ordered` on the `for` line or "
        "the "
        "line above it (or `# noqa: ASR201`).\n\n"
        "## Why is this bad?\n"
        "Ten requests of 100 ms in a loop take a second; concurrently they take about 100 ms.\n\n"
        "## Example\n"
        "```python\n"
        "async def fetch_all_users(user_ids):\n"
        "    results = []\n"
        "    for uid in user_ids:\n"
        "        resp = await http_client.get(f\"/users/{uid}\")\n"
        "        results.append(resp.json())\n"
        "    return results\n"
        "```\n\n"
        "Use instead:\n"
        "```python\n"
        "async def fetch_all_users(user_ids):\n"
        "    results = []\n"
        "    limit = asyncio.Semaphore(10)  # at most 10 at a time\n\n"
        "    async def _get_one(uid):\n"
        "        async with limit:\n"
        "            resp = await http_client.get(f\"/users/{uid}\")\n"
        "            return resp.json()\n\n"
        "    async with asyncio.TaskGroup() as tg:\n"
        "        tasks = [tg.create_task(_get_one(uid)) for uid in user_ids]\n"
        "    results.extend(task.result() for task in tasks)\n"
        "    return results\n"
        "```\n",
};
