#include "rules/asyncsem.h"

#include <string.h>

const CatalogEntry *
call_entry(RuleCtx *cx, const Expr *call)
{
    if (call->kind != E_Call)
        return NULL;
    return cx_catalog(cx, cx_call_target(cx, call));
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

/* Whether an async def's own body yields (an async generator: calling it gives an async iterator).
 */
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
    if (func->kind == E_Name) {
        /* a def or class of this file, as bound where the call is: its own answer, with no lookup
         * in the project index (which would see the module's last definition of the name) */
        const Binding *b = sem_lookup(cx->sm, cx->scope, func->v.Name.id, func->start);
        if (b && b->kind == BIND_FUNCTION && b->stmt && b->stmt->kind == S_AsyncFunctionDef)
            return body_yields(b->stmt, cx) ? NULL : cx_expr_text(cx, func);
        if (b && (b->kind == BIND_CLASS ||
                  (b->kind == BIND_FUNCTION && b->stmt && b->stmt->kind == S_FunctionDef)))
            return NULL;
    }
    const char *q = cx_call_target(cx, call);
    if (!q)
        return NULL;
    const CatalogEntry *e = cx_catalog(cx, q);
    if (e)
        return (e->flags & CATF_COROUTINE) && !(e->flags & CATF_TASK_SPAWN) ? cx_expr_text(cx, func)
                                                                            : NULL;
    if (project_may_hold_async(cx->index, q)) {
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
    /* asked by many rules for every call: the first byte rules out most names without a call */
    for (; *names; names++)
        if (q[0] == (*names)[0] && !strcmp(q, *names))
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

static bool
class_has_method(RuleCtx *cx, const char *type, const char *method)
{
    if (!cx->index || !type)
        return false;
    const ClassInfo *ci = project_find_class(cx->index, type);
    if (!ci)
        return false;
    for (uint32_t i = 0; i < ci->nmethods; i++)
        if (!strcmp(ci->methods[i], method))
            return true;
    return project_find_method(cx->index, type, method) != NULL;
}

static const CatalogEntry *
value_entry(RuleCtx *cx, const Expr *e, const char **type_out)
{
    *type_out = NULL;
    if (e->kind == E_Call) {
        const CatalogEntry *ce = call_entry(cx, e);
        if (ce)
            return ce;
    }
    const char *type = cx_type_of(cx, e);
    *type_out = type;
    return cx_catalog(cx, type);
}

Protocol
cm_protocol(RuleCtx *cx, const Expr *e)
{
    const char *type = NULL;
    const CatalogEntry *ce = value_entry(cx, e, &type);
    if (ce && (ce->flags & CATF_ASYNC_CM) && !(ce->flags & CATF_SYNC_CM))
        return PROTO_ASYNC;
    if (ce && (ce->flags & CATF_SYNC_CM) && !(ce->flags & CATF_ASYNC_CM))
        return PROTO_SYNC;
    if (!ce && type) {
        bool sync = class_has_method(cx, type, "__enter__");
        bool async = class_has_method(cx, type, "__aenter__");
        if (sync != async)
            return async ? PROTO_ASYNC : PROTO_SYNC;
    }
    return PROTO_UNKNOWN;
}

Protocol
iter_protocol(RuleCtx *cx, const Expr *e)
{
    if (e->kind == E_Call) {
        const Stmt *local = local_async_def(cx, e->v.Call.func);
        if (local) {
            const Scope *s = sem_scope_of_node(cx->sm, local);
            if (s && s->is_generator)
                return PROTO_ASYNC;
        }
        const char *q = cx_call_target(cx, e);
        if (q && cx->index) {
            const FuncInfo *fn = project_find_func(cx->index, q);
            if (fn && fn->is_async && fn->is_generator)
                return PROTO_ASYNC;
            if (fn && !fn->is_async && fn->is_generator)
                return PROTO_SYNC;
        }
    }
    const char *type = NULL;
    const CatalogEntry *ce = value_entry(cx, e, &type);
    if (ce && (ce->flags & CATF_ASYNC_ITER))
        return PROTO_ASYNC;
    if (!ce && type) {
        bool sync = class_has_method(cx, type, "__iter__");
        bool async = class_has_method(cx, type, "__aiter__");
        if (sync != async)
            return async ? PROTO_ASYNC : PROTO_SYNC;
    }
    return PROTO_UNKNOWN;
}

const Stmt *
enclosing_function_stmt(RuleCtx *cx, uint32_t *stack_index)
{
    for (uint32_t i = cx->depth; i-- > 0;) {
        if (!cx->stack[i].is_stmt) {
            const Expr *e = cx->stack[i].node;
            if (e->kind == E_Lambda)
                return NULL;
            continue;
        }
        const Stmt *s = cx->stack[i].node;
        if (s->kind == S_FunctionDef || s->kind == S_AsyncFunctionDef) {
            if (stack_index)
                *stack_index = i;
            return s;
        }
        if (s->kind == S_ClassDef)
            return NULL;
    }
    return NULL;
}

bool
has_decorator(RuleCtx *cx, const Stmt *fn, const char *const *names)
{
    ExprSeq decos = fn->v.FunctionDef.decorator_list;
    for (uint32_t i = 0; i < decos.len; i++) {
        const Expr *d = decos.items[i];
        if (d->kind == E_Call)
            d = d->v.Call.func;
        /* decorators are evaluated in the enclosing scope */
        const Scope *outer = sem_scope_of_node(cx->sm, fn);
        const char *q = sem_qualname(cx->sm, outer && outer->parent ? outer->parent : cx->scope, d);
        if (qualname_in(q, names))
            return true;
    }
    return false;
}

bool
name_never_read(RuleCtx *cx, const Scope *scope, Ident name)
{
    for (const Binding *b = sem_lookup(cx->sm, scope, name, UINT32_MAX); b; b = b->shadowed)
        if (b->scope == scope && b->uses.len)
            return false;
    return true;
}

bool
inside_expected_raise(RuleCtx *cx)
{
    static const char *const raisers[] = {
        "pytest.raises",
        "unittest.TestCase.assertRaises",
        "unittest.TestCase.assertRaisesRegex",
        NULL,
    };
    for (uint32_t i = cx->depth; i-- > 0;) {
        if (!cx->stack[i].is_stmt)
            continue;
        const Stmt *s = cx->stack[i].node;
        if (s->kind == S_FunctionDef || s->kind == S_AsyncFunctionDef || s->kind == S_ClassDef)
            return false;
        if (s->kind != S_With && s->kind != S_AsyncWith)
            continue;
        for (uint32_t k = 0; k < s->v.With.items.len; k++) {
            const Expr *ce = s->v.With.items.items[k]->context_expr;
            if (ce->kind != E_Call)
                continue;
            const Expr *f = ce->v.Call.func;
            /* self.assertRaises(...) in a TestCase: the method name is enough */
            if (f->kind == E_Attribute && (!strcmp(f->v.Attribute.attr, "assertRaises") ||
                                           !strcmp(f->v.Attribute.attr, "assertRaisesRegex")))
                return true;
            if (expr_is_call_to(cx, ce, raisers))
                return true;
        }
    }
    return false;
}
