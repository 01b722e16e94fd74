/* ASYNC111 variable-from-cm-in-start-soon: `nursery.start_soon(worker, conn)` where `conn` comes
 * from a `with ... as conn` opened inside the nursery's block: the context closes before the
 * nursery waits for the task, so the task may use `conn` after it was closed. */
#include "rules/rule.h"

#include "parse/visit.h"

#include <string.h>

/* A with-item bound to a plain name, in the order the with statements enclose the code. */
typedef struct OpenCm {
    Ident name;
    uint32_t at;     /* start of the context expression (for its line) */
    bool is_nursery; /* trio.open_nursery(), anyio.create_task_group(), asyncio.TaskGroup() */
} OpenCm;

/* What a with statement, function, lambda or call restores when it ends (flake8-async saves the
 * visitor's whole state at those nodes). */
typedef struct Saved {
    uint32_t len, base;
    int32_t nursery;
    const char *method;
} Saved;

typedef struct CmState {
    RuleCtx *cx;
    VEC(OpenCm) cms; /* cms[base..len) are visible: a def or lambda starts with none */
    uint32_t base;
    int32_t nursery;    /* index in cms of the nursery whose start call holds the walk, or -1 */
    const char *method; /* "start", "start_soon" or "create_task" */
    VEC(Saved) saved;
} CmState;

static const char *const group_calls[][2] = {
    { "trio", "open_nursery" },
    { "anyio", "create_task_group" },
    { "asyncio", "TaskGroup" },
};

/* flake8-async matches `trio.open_nursery()` as written (the module by its own name, not an alias),
 * and the bare name imported from the module. */
static bool
is_nursery_call(RuleCtx *cx, const Expr *e)
{
    if (e->kind != E_Call)
        return false;
    const Expr *f = e->v.Call.func;
    for (size_t i = 0; i < sizeof group_calls / sizeof group_calls[0]; i++) {
        if (f->kind == E_Attribute && f->v.Attribute.value->kind == E_Name &&
            !strcmp(f->v.Attribute.value->v.Name.id, group_calls[i][0]) &&
            !strcmp(f->v.Attribute.attr, group_calls[i][1]))
            return true;
        if (f->kind == E_Name && !strcmp(f->v.Name.id, group_calls[i][1])) {
            const char *q = cx_qualname(cx, f);
            size_t n = strlen(group_calls[i][0]);
            if (q && !strncmp(q, group_calls[i][0], n) && q[n] == '.' &&
                !strcmp(q + n + 1, group_calls[i][1]))
                return true;
        }
    }
    return false;
}

static void
save(CmState *st)
{
    Saved s = { st->cms.len, st->base, st->nursery, st->method };
    VEC_PUSH(st->cx->out_arena, st->saved, s);
}

static void
restore(CmState *st)
{
    Saved s = st->saved.items[--st->saved.len];
    st->cms.len = s.len;
    st->base = s.base;
    st->nursery = s.nursery;
    st->method = s.method;
}

static void
enter_scope(CmState *st)
{
    save(st);
    st->base = st->cms.len;
    st->nursery = -1;
    st->method = NULL;
}

static bool
enter_stmt(Visitor *v, const Stmt *s)
{
    CmState *st = v->data;
    switch (s->kind) {
    case S_FunctionDef:
    case S_AsyncFunctionDef:
        enter_scope(st);
        break;
    case S_With:
    case S_AsyncWith:
        save(st);
        for (uint32_t i = 0; i < s->v.With.items.len; i++) {
            const WithItem *it = s->v.With.items.items[i];
            if (!it->optional_vars || it->optional_vars->kind != E_Name)
                continue;
            OpenCm cm = { it->optional_vars->v.Name.id, it->context_expr->start,
                          is_nursery_call(st->cx, it->context_expr) };
            VEC_PUSH(st->cx->out_arena, st->cms, cm);
        }
        break;
    default:
        break;
    }
    return true;
}

static void
leave_stmt(Visitor *v, const Stmt *s)
{
    if (s->kind == S_FunctionDef || s->kind == S_AsyncFunctionDef || s->kind == S_With ||
        s->kind == S_AsyncWith)
        restore(v->data);
}

static void
enter_call(CmState *st, const Expr *call)
{
    save(st);
    const Expr *f = call->v.Call.func;
    if (f->kind != E_Attribute || f->v.Attribute.value->kind != E_Name)
        return;
    const char *attr = f->v.Attribute.attr;
    if (strcmp(attr, "start") && strcmp(attr, "start_soon") && strcmp(attr, "create_task"))
        return;
    Ident recv = f->v.Attribute.value->v.Name.id;
    st->nursery = -1;
    st->method = NULL;
    /* the innermost with-item of that name decides: a later non-nursery one shadows the nursery */
    for (uint32_t i = st->base; i < st->cms.len; i++) {
        if (st->cms.items[i].name != recv)
            continue;
        st->nursery = st->cms.items[i].is_nursery ? (int32_t)i : -1;
        st->method = attr;
    }
}

static void
check_name(CmState *st, const Expr *name)
{
    if (st->nursery < 0)
        return;
    RuleCtx *cx = st->cx;
    const OpenCm *nursery = &st->cms.items[st->nursery];
    for (uint32_t i = (uint32_t)st->nursery + 1; i < st->cms.len; i++) {
        const OpenCm *cm = &st->cms.items[i];
        if (cm->name != name->v.Name.id)
            continue;
        rule_report_expr(
            cx, name,
            "`%s` comes from the context manager on line %u, which closes before the nursery "
            "opened on line %u waits for the task it is passed to with `%s.%s()`",
            name->v.Name.id, cx_line(cx, cm->at), cx_line(cx, nursery->at), nursery->name,
            st->method);
    }
}

static bool
enter_expr(Visitor *v, const Expr *e)
{
    CmState *st = v->data;
    if (e->kind == E_Call)
        enter_call(st, e);
    else if (e->kind == E_Lambda)
        enter_scope(st);
    else if (e->kind == E_Name)
        check_name(st, e);
    return true;
}

static void
leave_expr(Visitor *v, const Expr *e)
{
    if (e->kind == E_Call || e->kind == E_Lambda)
        restore(v->data);
}

/* Whether some `with` item bound to a name opens a nursery. Without one nothing can be reported,
 * and the walk below (every expression of the file) is skipped. Each such item is a with-target
 * binding of the semantic model, whose statement holds the item. */
static bool
opens_a_nursery(RuleCtx *cx)
{
    uint32_t n;
    Binding *const *bindings = sem_bindings(cx->sm, &n);
    for (uint32_t i = 0; i < n; i++) {
        const Binding *b = bindings[i];
        if (b->kind != BIND_WITH_TARGET || !b->stmt || !b->target ||
            (b->stmt->kind != S_With && b->stmt->kind != S_AsyncWith))
            continue;
        for (uint32_t k = 0; k < b->stmt->v.With.items.len; k++) {
            const WithItem *it = b->stmt->v.With.items.items[k];
            if (it->optional_vars == b->target && is_nursery_call(cx, it->context_expr))
                return true;
        }
    }
    return false;
}

static void
check_module(RuleCtx *cx, const Module *m)
{
    if (!opens_a_nursery(cx))
        return;
    CmState st = { .cx = cx, .nursery = -1 };
    Visitor v = {
        .enter_stmt = enter_stmt,
        .leave_stmt = leave_stmt,
        .enter_expr = enter_expr,
        .leave_expr = leave_expr,
        .data = &st,
    };
    visit_module(&v, m);
}

const RuleDesc rule_async111 = {
    .code = "ASYNC111",
    .name = "variable-from-cm-in-start-soon",
    .severity = SEV_WARNING,
    .area = AREA_CORRECTNESS,
    .frameworks = FW_ALL,
    .hooks = HOOK_MODULE,
    .on_module = check_module,
    .summary = "Value of a context manager opened inside a nursery passed to `start`/`start_soon`",
    .why = "A nursery (task group) waits for its tasks when its own block ends. A context manager "
           "opened "
           "inside that block closes first, while the task started with its value may still be "
           "running, so the task can end up using a closed file, connection or process.",
    .doc =
        "## What it does\n"
        "Flags a name bound by `with ... as name` (or `async with`) that is passed to "
        "`<nursery>.start(...)`, `.start_soon(...)` or `.create_task(...)`, anywhere in the "
        "call's arguments, when that `with` is nested inside the `with` that opened the nursery: "
        "`trio.open_nursery()`, `anyio.create_task_group()` or `asyncio.TaskGroup()`. As in "
        "flake8-async, the nursery and the variable are recognised by the names their `with` "
        "items bind in the enclosing code; a `def` or `lambda` starts afresh.\n\n"
        "## Why is this bad?\n"
        "`start_soon` returns at once. The inner `with` then ends and closes its resource, but "
        "the nursery only waits for the task when the outer block ends: the task may run with a "
        "closed resource, which fails in confusing ways or only under load. Nurseries should "
        "generally be the innermost context manager.\n\n"
        "## Example\n"
        "```python\n"
        "async def main():\n"
        "    async with trio.open_nursery() as nursery:\n"
        "        async with await trio.open_file(\"log.txt\", \"w\") as log:\n"
        "            nursery.start_soon(writer, log)\n"
        "```\n\n"
        "Use instead:\n"
        "```python\n"
        "async def main():\n"
        "    async with await trio.open_file(\"log.txt\", \"w\") as log:\n"
        "        async with trio.open_nursery() as nursery:\n"
        "            nursery.start_soon(writer, log)\n"
        "```\n",
};
