/* cancelsem: what the cancellation rules (ASYNC102, ASYNC103, ASYNC104, ASYNC120) share: which
 * except handlers catch cancellation, whether a handler re-raises on every path, where an await
 * sits relative to `finally` blocks and handlers, and shielded cancel scopes. */
#ifndef ASYNCREVIEW_RULES_CANCELSEM_H
#define ASYNCREVIEW_RULES_CANCELSEM_H

#include "rules/rule.h"

/* handler_catches_cancel: the catch-all or cancellation class the handler names, as written
 * ("except:", "BaseException", "asyncio.CancelledError", "trio.Cancelled",
 * "anyio.get_cancelled_exc_class()"), also inside a tuple; NULL when it cannot catch cancellation
 * (`except Exception` on 3.8+). *explicit_cancel is set when it names the cancellation class itself
 * rather than a catch-all. The string is in out_arena. */
const char *handler_catches_cancel(RuleCtx *cx, const ExceptHandler *h, bool *explicit_cancel);

/* handler_is_critical: h catches cancellation and no earlier handler of the same try named the
 * cancellation class (which then takes it first, as flake8-async reasons). */
bool handler_is_critical(RuleCtx *cx, const Stmt *try_stmt, uint32_t handler_index);

/* Points where a handler gives up a caught cancellation (ASYNC104): `return`, `yield`, `raise` of
 * another exception, `break`/`continue` out of the handler. */
typedef struct ReraiseScan {
    const void *nodes[64]; /* Stmt* or Expr* (for yields) */
    bool node_is_stmt[64];
    uint32_t n;
    bool may_fall_through; /* some path ends without re-raising (ASYNC103) */
} ReraiseScan;

/* handler_scan_reraise: follows every path of the handler's body as flake8-async's ASYNC103/104
 * visitor does (if/else, match with a fallback, loops guaranteed to run, try/finally). Nested
 * cancellation handlers are left to their own scan, nested defs and classes are skipped. */
void handler_scan_reraise(RuleCtx *cx, const ExceptHandler *h, ReraiseScan *out);

/* cancel_reraise_handler: the handler `except <cancel class>:\n    raise` for the file's framework.
 */
const char *cancel_reraise_handler(RuleCtx *cx);

/* with_is_shielded: the with statement opens a trio/anyio cancel scope that is shielded:
 * `CancelScope(shield=True)`, `move_on_after(5, shield=True)`, or `scope.shield = True` assigned in
 * its body. */
bool with_is_shielded(RuleCtx *cx, const Stmt *with);

/* body_can_be_cancelled: the statements await (await, async for, async with) outside nested scopes:
 * only then can cancellation be delivered inside them. */
bool body_can_be_cancelled(StmtSeq body);

/* handler_label: "except:" for a bare handler, else "except <type as written>" (in out_arena). */
const char *handler_label(RuleCtx *cx, const ExceptHandler *h);

/* handler_with_reraise: the handler's source with `raise` appended to its body, or NULL when the
 * body shares the `except` line. */
const char *handler_with_reraise(RuleCtx *cx, const ExceptHandler *h);

/* Where an await (or async for / async with) at `node` sits, for ASYNC102 / ASYNC120. */
typedef enum CleanupKind {
    CLEANUP_NONE,    /* not in a finally or handler, or shielded there */
    CLEANUP_FINALLY, /* a `finally` block (ASYNC102) */
    CLEANUP_CANCEL,  /* a handler that catches cancellation (ASYNC102) */
    CLEANUP_EXCEPT   /* another handler (ASYNC120 when the handler raises afterwards) */
} CleanupKind;
typedef struct CleanupSpot {
    CleanupKind kind;
    const Stmt *try_stmt;
    const ExceptHandler *handler; /* CLEANUP_CANCEL / CLEANUP_EXCEPT */
} CleanupSpot;

/* cleanup_spot: the innermost `finally` or cancellation handler around the node being visited (node
 * itself is at `start`, not on cx->stack), else the innermost other handler; CLEANUP_NONE when a
 * shielded cancel scope inside that region protects the node, or outside async functions. */
CleanupSpot cleanup_spot(RuleCtx *cx, uint32_t start);

/* sugg_shielded: stmt's source wrapped in a shielded cancel scope with a deadline for the file's
 * framework (trio: `with trio.move_on_after(10) as cleanup_scope: cleanup_scope.shield = True`,
 * anyio: `with anyio.move_on_after(10, shield=True):`), or NULL for asyncio. */
const char *sugg_shielded(RuleCtx *cx, const Stmt *stmt);

/* sugg_indent: every line of code (but the first when skip_first) prefixed with prefix (in
 * out_arena). */
const char *sugg_indent(RuleCtx *cx, const char *code, const char *prefix, bool skip_first);

#endif
