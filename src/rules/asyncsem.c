#include "rules/asyncsem.h"

#include <string.h>

const CatalogEntry *
call_entry(RuleCtx *cx, const Expr *call)
{
    if (call->kind != E_Call)
        return NULL;
    const char *q = cx_call_target(cx, call);
    return q ? catalog_lookup(q) : NULL;
}

const Stmt *
local_async_def(RuleCtx *cx, const Expr *func)
{
    if (func->kind != E_Name)
        return NULL;
    const Binding *b = sem_lookup(cx->sm, cx->scope, func->v.Name.id, func->start);
    if (b && b->kind == BIND_FUNCTION && b->stmt && b->stmt->kind == S_AsyncFunctionDef)
        return b->stmt;
    return NULL;
}

/* Whether an async def's own body yields (an async generator: calling it gives an async iterator). */
static bool
body_yields(const Stmt *fn, RuleCtx *cx)
{
    const Scope *s = sem_scope_of_node(cx->sm, fn);
    return s && s->is_generator;
}

const char *
call_is_coroutine(RuleCtx *cx, const Expr *call)
{
    if (call->kind != E_Call)
        return NULL;
    const Expr *func = call->v.Call.func;
    const Stmt *local = local_async_def(cx, func);
    if (local)
        return body_yields(local, cx) ? NULL : cx_expr_text(cx, func);
    const char *q = cx_call_target(cx, call);
    if (!q)
        return NULL;
    const CatalogEntry *e = catalog_lookup(q);
    if (e)
        return (e->flags & CATF_COROUTINE) && !(e->flags & CATF_TASK_SPAWN) ? cx_expr_text(cx, func) : NULL;
    if (cx->index) {
        const FuncInfo *fn = project_find_func(cx->index, q);
        if (fn && fn->is_async && !fn->is_generator)
            return cx_expr_text(cx, func);
    }
    return NULL;
}

bool
qualname_in(const char *q, const char *const *names)
{
    if (!q)
        return false;
    for (; *names; names++)
        if (!strcmp(q, *names))
            return true;
    return false;
}

bool
expr_is_call_to(RuleCtx *cx, const Expr *e, const char *const *names)
{
    return e && e->kind == E_Call && qualname_in(cx_call_target(cx, e), names);
}

bool
expr_is_false(const Expr *e)
{
    return e && e->kind == E_Constant && e->v.Constant.kind == CONST_FALSE;
}

bool
expr_is_true(const Expr *e)
{
    return e && e->kind == E_Constant && e->v.Constant.kind == CONST_TRUE;
}
