/* asyncsem: questions about async meaning that several rules ask: is this call a coroutine
 * function's, what does the catalog say about it, is this expression a task-spawning call. */
#ifndef ASYNCREVIEW_RULES_ASYNCSEM_H
#define ASYNCREVIEW_RULES_ASYNCSEM_H

#include "rules/rule.h"

/* call_entry: the catalog entry of the call's target, or NULL. */
const CatalogEntry *call_entry(RuleCtx *cx, const Expr *call);

/* call_is_coroutine: whether calling `call` creates a coroutine (or another awaitable that does
 * nothing until awaited): an `async def` of the project (not an async generator), including methods
 * through self/super/typed receivers, or a catalog coroutine. Returns the callee's display name
 * (as written) or NULL. */
const char *call_is_coroutine(RuleCtx *cx, const Expr *call);

/* local_async_def: the `async def` (in this file) that name resolves to, or NULL. */
const Stmt *local_async_def(RuleCtx *cx, const Expr *func);

/* expr_is_call_to: e is a call whose target's canonical qualname is one of names (NULL-terminated).
 */
bool expr_is_call_to(RuleCtx *cx, const Expr *e, const char *const *names);

/* qualname_in: q equals one of names (NULL-terminated list). */
bool qualname_in(const char *q, const char *const *names);

/* is_const_false / is_const_true / const_number: small literal tests. */
bool expr_is_false(const Expr *e);
bool expr_is_true(const Expr *e);

/* The context-manager / iterator protocol an expression's value follows, from the catalog (calls
 * and typed values) and project classes (which of __enter__/__aenter__, __iter__/__aiter__ they
 * define). */
typedef enum Protocol { PROTO_UNKNOWN, PROTO_SYNC, PROTO_ASYNC } Protocol;
Protocol cm_protocol(RuleCtx *cx, const Expr *e);
Protocol iter_protocol(RuleCtx *cx, const Expr *e);

/* enclosing_function_stmt: the def/async def whose body holds the node being visited, or NULL;
 * stack_index receives its position in cx->stack. */
const Stmt *enclosing_function_stmt(RuleCtx *cx, uint32_t *stack_index);

/* has_decorator: fn is decorated with one of names (qualified, e.g. "contextlib.contextmanager").
 */
bool has_decorator(RuleCtx *cx, const Stmt *fn, const char *const *names);

/* name_never_read: no binding of `name` in scope (the one at `at`, earlier and later ones) is ever
 * read: flow-insensitive on purpose, so `x = a() if c else b()` split over branches counts as read.
 */
bool name_never_read(RuleCtx *cx, const Scope *scope, Ident name);

/* inside_expected_raise: the visited node is inside `with pytest.raises(...)` or
 * `with self.assertRaises(...)`: the code is expected to fail before it returns anything. */
bool inside_expected_raise(RuleCtx *cx);

#endif
