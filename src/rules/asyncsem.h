/* asyncsem: questions about async meaning that several rules ask: is this call a coroutine function's,
 * what does the catalog say about it, is this expression a task-spawning call. */
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

/* expr_is_call_to: e is a call whose target's canonical qualname is one of names (NULL-terminated). */
bool expr_is_call_to(RuleCtx *cx, const Expr *e, const char *const *names);

/* qualname_in: q equals one of names (NULL-terminated list). */
bool qualname_in(const char *q, const char *const *names);

/* is_const_false / is_const_true / const_number: small literal tests. */
bool expr_is_false(const Expr *e);
bool expr_is_true(const Expr *e);

#endif
