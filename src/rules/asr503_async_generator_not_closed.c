/* ASR503 async-generator-not-closed: `async for x in agen(...)` over an async generator of the
 * project whose body can leave the loop early (`break`, `return`) while the generator is not closed
 * by `contextlib.aclosing()` or an `aclose()` call. The suspended generator's `finally` blocks and
 * `async with` exits then run only when the garbage collector gets to it, outside this task. */
#include "rules/asyncsem.h"
#include "rules/cancelsem.h"
#include "rules/structured.h"
#include "rules/usesem.h"

#include "parse/visit.h"

#include <string.h>

static const char *const aclosings[] = { "contextlib.aclosing", "async_generator.aclosing", NULL };

static bool
def_is_async_gen(RuleCtx *cx, const Stmt *def)
{
    if (!def || def->kind != S_AsyncFunctionDef)
        return false;
    const Scope *sc = sem_scope_of_node(cx->sm, def);
    return sc && sc->is_generator;
}

/* call makes an async generator defined in the project. */
static bool
is_async_gen_call(RuleCtx *cx, const Expr *call)
{
    if (!call || call->kind != E_Call)
        return false;
    const Expr *func = call->v.Call.func;
    if (func->kind == E_Name) {
        const Binding *b = sem_lookup(cx->sm, cx->scope, func->v.Name.id, func->start);
        if (b && b->kind == BIND_FUNCTION)
            return def_is_async_gen(cx, b->stmt);
    }
    const char *q = cx_call_target(cx, call);
    if (q && cx->index) {
        const FuncInfo *fi = project_find_func(cx->index, q);
        if (fi)
            return fi->is_async && fi->is_generator;
    }
    if (is_self_attr(func)) {
        const Stmt *fn = enclosing_function_stmt(cx, NULL);
        const Stmt *cls = fn ? class_of_method(cx, fn) : NULL;
        if (!cls)
            return false;
        for (uint32_t i = 0; i < cls->v.ClassDef.body.len; i++) {
            const Stmt *m = cls->v.ClassDef.body.items[i];
            if ((m->kind == S_AsyncFunctionDef || m->kind == S_FunctionDef) &&
                !strcmp(m->v.FunctionDef.name, func->v.Attribute.attr))
                return def_is_async_gen(cx, m);
        }
    }
    return false;
}

typedef struct ExitScan {
    uint32_t loop_depth;
    const Stmt *exit;
} ExitScan;

static bool
exit_enter(Visitor *v, const Stmt *s)
{
    ExitScan *es = v->data;
    switch (s->kind) {
    case S_FunctionDef:
    case S_AsyncFunctionDef:
    case S_ClassDef:
        return false;
    case S_For:
    case S_AsyncFor:
    case S_While:
        es->loop_depth++;
        return true;
    case S_Break:
        if (es->loop_depth == 0) {
            es->exit = s;
            v->stop = true;
        }
        return true;
    case S_Return:
        es->exit = s;
        v->stop = true;
        return true;
    default:
        return true;
    }
}

static void
exit_leave(Visitor *v, const Stmt *s)
{
    ExitScan *es = v->data;
    if (s->kind == S_For || s->kind == S_AsyncFor || s->kind == S_While)
        es->loop_depth--;
}

static bool
skip_exprs(Visitor *v, const Expr *e)
{
    (void)v;
    (void)e;
    return false;
}

/* The loop sits in `async with aclosing(...)`. */
static bool
inside_aclosing(RuleCtx *cx)
{
    for (uint32_t i = cx->depth; i-- > 0;) {
        if (!cx->stack[i].is_stmt)
            continue;
        const Stmt *s = cx->stack[i].node;
        if (s->kind == S_FunctionDef || s->kind == S_AsyncFunctionDef)
            return false;
        if (s->kind != S_AsyncWith && s->kind != S_With)
            continue;
        for (uint32_t k = 0; k < s->v.With.items.len; k++)
            if (expr_is_call_to(cx, s->v.With.items.items[k]->context_expr, aclosings))
                return true;
    }
    return false;
}

/* A name bound to the generator is closed or handed on somewhere in the function. */
static bool
name_settled(RuleCtx *cx, const Stmt *fn, const Expr *name, const Expr **call_out)
{
    const Binding *b = sem_lookup(cx->sm, cx->scope, name->v.Name.id, name->start);
    *call_out = NULL;
    if (!b || b->kind != BIND_ASSIGN || !b->value || b->shadowed ||
        b->scope->kind != SCOPE_FUNCTION)
        return true;
    *call_out = b->value;
    for (uint32_t i = 0; i < b->uses.len; i++) {
        const Expr *u = b->uses.items[i].name;
        if (u == name)
            continue;
        UsePath p;
        if (!use_path(fn->v.FunctionDef.body, u, &p))
            return true;
        const Expr *detail;
        UseKind k = use_kind(&p, u, &detail);
        if (k != USE_ITER && k != USE_TEST && k != USE_OTHER)
            return true; /* aclose(), aclosing(gen), returned, stored, passed on */
    }
    return false;
}

static void
check_for(RuleCtx *cx, const Stmt *s)
{
    if (!cx_in_async_function(cx) || s->v.For.orelse.len)
        return;
    const Expr *iter = s->v.For.iter;
    const Stmt *fn = enclosing_function_stmt(cx, NULL);
    if (!fn)
        return;
    const Expr *call = iter;
    if (iter->kind == E_Name && name_settled(cx, fn, iter, &call))
        return;
    if (!is_async_gen_call(cx, call) || inside_aclosing(cx))
        return;
    ExitScan es = { 0, NULL };
    Visitor v = {
        .enter_stmt = exit_enter, .leave_stmt = exit_leave, .enter_expr = skip_exprs, .data = &es
    };
    visit_stmts(&v, s->v.For.body);
    if (!es.exit)
        return;
    Finding *f =
        rule_report_expr(cx, iter,
                         "The async generator `%s` is left suspended by the `%s` in this loop, so "
                         "its clean-up runs only when it is garbage-collected",
                         cx_expr_text(cx, iter), es.exit->kind == S_Break ? "break" : "return");
    const char *code;
    if (cx->pyver >= 310) {
        const Binding *ab = sem_lookup_str(cx->sm, cx->scope, "aclosing", s->start);
        const char *acl = ab && ab->qualname && qualname_in(ab->qualname, aclosings)
                              ? "aclosing"
                              : "contextlib.aclosing";
        if (iter->kind == E_Name)
            code =
                arena_sprintf(cx->out_arena, "async with %s(%s):\n%s", acl, cx_expr_text(cx, iter),
                              sugg_indent(cx, sugg_dedent(cx, s->start, s->end), "    ", false));
        else
            code = arena_sprintf(
                cx->out_arena, "async with %s(%s) as gen:\n%s", acl, cx_expr_text(cx, iter),
                sugg_indent(cx, sugg_stmt_with(cx, s, iter->start, iter->end, "gen"), "    ",
                            false));
    } else {
        const char *gen = iter->kind == E_Name ? cx_expr_text(cx, iter) : "gen";
        const char *loop = iter->kind == E_Name
                               ? sugg_dedent(cx, s->start, s->end)
                               : sugg_stmt_with(cx, s, iter->start, iter->end, "gen");
        const char *pre = iter->kind == E_Name
                              ? ""
                              : arena_sprintf(cx->out_arena, "gen = %s\n", cx_expr_text(cx, iter));
        code = arena_sprintf(cx->out_arena, "%stry:\n%s\nfinally:\n    await %s.aclose()", pre,
                             sugg_indent(cx, loop, "    ", false), gen);
    }
    finding_suggest(cx, f, s->start, s->end, code);
}

const RuleDesc rule_asr503 = {
    .code = "ASR503",
    .name = "async-generator-not-closed",
    .severity = SEV_WARNING,
    .area = AREA_RESOURCES,
    .frameworks = FW_ALL,
    .stmt_kinds = STMT_BIT(S_AsyncFor),
    .on_stmt = check_for,
    .summary =
        "`async for` over an async generator left early by `break`/`return` without `aclosing`",
    .why = "Leaving an `async for` early leaves the async generator suspended at its `yield`. Its "
           "`finally` blocks and `async with` exits (closing connections, releasing locks) run "
           "only when "
           "the generator is garbage-collected, later, in another task, and possibly never.",
    .doc =
        "## What it does\n"
        "Flags `async for` loops over an async generator defined in the project (called directly, "
        "or "
        "through a local bound to the call) when the loop body contains a `break` or `return`, "
        "unless the loop is inside `async with contextlib.aclosing(...)` or the generator is "
        "closed "
        "(`aclose()`) or handed to other code.\n\n"
        "## Why is this bad?\n"
        "An async generator cannot be finalised synchronously: when the loop is left early, its "
        "clean-up is deferred to the event loop's async-generator hooks, runs outside the caller's "
        "task and context (and outside its cancel scopes on trio), or is skipped at shutdown. "
        "`contextlib.aclosing()` (Python 3.10+) closes it right away; on older versions call "
        "`await gen.aclose()` in a `finally` block.\n\n"
        "## Example\n"
        "```python\n"
        "async def first_match(db, pattern):\n"
        "    async for row in db.stream_rows():\n"
        "        if pattern in row:\n"
        "            return row\n"
        "```\n\n"
        "Use instead:\n"
        "```python\n"
        "import contextlib\n\n"
        "async def first_match(db, pattern):\n"
        "    async with contextlib.aclosing(db.stream_rows()) as rows:\n"
        "        async for row in rows:\n"
        "            if pattern in row:\n"
        "                return row\n"
        "```\n",
};
