/* ASYNC113 start-soon-in-aenter: `nursery.start_soon(serve...)` in `__aenter__` (or before the
 * `yield` of an `@asynccontextmanager`), where the server may not be running when the context is
 * entered. */
#include "rules/structured.h"

#include "parse/visit.h"

#include <string.h>

/* Functions that take `task_status` and should be started with `.start()` (flake8-async's list;
 * the trio-only ones count when named through `trio.` or bare). */
static const char *const startable[] = { "serve", NULL };
static const char *const trio_startable[] = {
    "run_process", "serve_ssl_over_tcp", "serve_tcp", "serve_listeners", NULL,
};

static bool
in_list(const char *name, const char *const *list)
{
    for (uint32_t i = 0; list[i]; i++)
        if (!strcmp(name, list[i]))
            return true;
    return false;
}

static bool
is_startable(const Expr *e)
{
    if (e->kind == E_Name)
        return in_list(e->v.Name.id, startable) || in_list(e->v.Name.id, trio_startable);
    if (e->kind == E_Attribute) {
        const char *attr = e->v.Attribute.attr;
        if (in_list(attr, startable))
            return true;
        const Expr *base = e->v.Attribute.value;
        return in_list(attr, trio_startable) &&
               !(base->kind == E_Name && strcmp(base->v.Name.id, "trio"));
    }
    if (e->kind == E_Call) /* functools.partial(serve_tcp, ...) */
        for (uint32_t i = 0; i < e->v.Call.args.len; i++)
            if (is_startable(e->v.Call.args.items[i]))
                return true;
    return false;
}

static bool
ends_with(const char *s, const char *suffix)
{
    size_t n = strlen(s), m = strlen(suffix);
    return n >= m && !strcmp(s + n - m, suffix);
}

/* The receiver is a nursery / task group: named `...nursery` (trio) or `...task_group` (anyio), or
 * typed as one. */
static bool
is_group(RuleCtx *cx, const Expr *recv)
{
    const char *text = cx_expr_text(cx, recv);
    if ((cx->fw == FW_TRIO && ends_with(text, "nursery")) ||
        (cx->fw == FW_ANYIO && ends_with(text, "task_group")))
        return true;
    const char *t = cx_type_of(cx, recv);
    return t && (!strcmp(t, "trio.Nursery") || !strcmp(t, "anyio.abc.TaskGroup") ||
                 !strcmp(t, "anyio.TaskGroup") || !strcmp(t, "asyncio.TaskGroup"));
}

static bool
decorated_acm(const Stmt *fn)
{
    ExprSeq decos = fn->v.FunctionDef.decorator_list;
    for (uint32_t i = 0; i < decos.len; i++) {
        const Expr *d = decos.items[i];
        if (d->kind == E_Call)
            d = d->v.Call.func;
        Ident last = d->kind == E_Name        ? d->v.Name.id
                     : d->kind == E_Attribute ? d->v.Attribute.attr
                                              : NULL;
        if (last && !strcmp(last, "asynccontextmanager"))
            return true;
    }
    return false;
}

typedef struct YieldPos {
    uint32_t before, after; /* yields before / after the call */
    uint32_t at;
} YieldPos;

static bool
yield_stmt(Visitor *v, const Stmt *s)
{
    (void)v;
    return s->kind != S_FunctionDef && s->kind != S_AsyncFunctionDef && s->kind != S_ClassDef;
}

static bool
yield_expr(Visitor *v, const Expr *e)
{
    YieldPos *yp = v->data;
    if (e->kind == E_Lambda)
        return false;
    if (e->kind == E_Yield || e->kind == E_YieldFrom) {
        if (e->start < yp->at)
            yp->before++;
        else
            yp->after++;
    }
    return true;
}

static void
check_call(RuleCtx *cx, const Expr *call)
{
    const Expr *f = call->v.Call.func;
    if (f->kind != E_Attribute || !call->v.Call.args.len ||
        (strcmp(f->v.Attribute.attr, "start_soon") && strcmp(f->v.Attribute.attr, "create_task")) ||
        !is_startable(call->v.Call.args.items[0]) || !is_group(cx, f->v.Attribute.value))
        return;
    uint32_t fn_index = 0;
    const Stmt *fn = enclosing_function_stmt(cx, &fn_index);
    if (!fn || fn->kind != S_AsyncFunctionDef)
        return;
    bool aenter = !strcmp(fn->v.FunctionDef.name, "__aenter__");
    if (!aenter && !decorated_acm(fn))
        return;
    /* a nursery opened and closed in the body waits for its tasks: only bodies with a yield leak */
    for (uint32_t i = fn_index + 1; i < cx->depth; i++) {
        if (!cx->stack[i].is_stmt)
            continue;
        const Stmt *s = cx->stack[i].node;
        if (s->kind == S_With || s->kind == S_AsyncWith) {
            YieldPos inner = { .at = 0 };
            Visitor v = { .enter_stmt = yield_stmt, .enter_expr = yield_expr, .data = &inner };
            visit_stmts(&v, s->v.With.body);
            if (!inner.after)
                return;
        }
    }
    YieldPos yp = { .at = call->start };
    Visitor v = { .enter_stmt = yield_stmt, .enter_expr = yield_expr, .data = &yp };
    visit_stmts(&v, fn->v.FunctionDef.body);
    if (yp.before || (!aenter && !yp.after))
        return; /* after the yield the context is already entered */
    Finding *fd =
        rule_report_expr(cx, call,
                         "Dangerous `.%s()`: the function might not be running before `__aenter__` "
                         "exits; consider `.start()`",
                         f->v.Attribute.attr);
    if (strcmp(f->v.Attribute.attr, "start_soon"))
        return;
    const char *recv = cx_expr_text(cx, f->v.Attribute.value);
    const char *args = cx_text(cx, call->v.Call.args.items[0]->start, call->end - 1);
    bool parent_is_stmt = false;
    const Expr *parent = cx_parent(cx, 0, &parent_is_stmt);
    bool awaited = parent && !parent_is_stmt && parent->kind == E_Await;
    const Stmt *st = cx_parent_stmt(cx);
    if (!st)
        return;
    const char *repl =
        arena_sprintf(cx->out_arena, "%s%s.start(%s)", awaited ? "" : "await ", recv, args);
    finding_suggest(cx, fd, st->start, st->end,
                    sugg_stmt_with(cx, st, call->start, call->end, repl));
    finding_fix_title(cx, fd, "Use `await %s.start(...)`", recv);
}

const RuleDesc rule_async113 = {
    .code = "ASYNC113",
    .name = "start-soon-in-aenter",
    .severity = SEV_WARNING,
    .area = AREA_CORRECTNESS,
    .frameworks = FW_ALL,
    .expr_kinds = EXPR_BIT(E_Call),
    .on_expr = check_call,
    .summary = "`start_soon` of a server in `__aenter__` does not wait for it to start",
    .why =
        "`start_soon` only schedules the task: `__aenter__` returns, and the caller starts using "
        "the "
        "context, before the server is listening. `await nursery.start(...)` waits until the task "
        "reports that it is ready.",
    .doc = "## What it does\n"
           "Flags `<nursery>.start_soon(f, ...)` (and `.create_task(f, ...)`) in `async def "
           "__aenter__` or before the `yield` of an `@asynccontextmanager`, when `f` is a function "
           "that supports `.start()`: `serve`, `trio.serve_tcp`, `trio.serve_ssl_over_tcp`, "
           "`trio.serve_listeners`, `trio.run_process` (also through `functools.partial`). The "
           "receiver is a nursery or task group by its name (`...nursery`, `...task_group`) or its "
           "known type. Nurseries opened and closed inside the function are not flagged.\n\n"
           "## Why is this bad?\n"
           "The code inside the `async with` may try to use the server before it listens, a race "
           "that shows up only under load.\n\n"
           "## Example\n"
           "```python\n"
           "class Server:\n"
           "    async def __aenter__(self):\n"
           "        self.nursery.start_soon(trio.serve_tcp, self.handler, 8080)\n"
           "        return self\n"
           "```\n\n"
           "Use instead:\n"
           "```python\n"
           "class Server:\n"
           "    async def __aenter__(self):\n"
           "        await self.nursery.start(trio.serve_tcp, self.handler, 8080)\n"
           "        return self\n"
           "```\n",
};
