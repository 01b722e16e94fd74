/* structured: questions the structured-concurrency and modernisation rules share (ASYNC100, 112,
 * 113, 121, 9xx; ASR401-409): which with-items open a task group or a cancel scope, whether a body
 * checkpoints, and the small text helpers their fixes need (line offsets, comments in a range, how
 * the file names a module). */
#ifndef ASYNCREVIEW_RULES_STRUCTURED_H
#define ASYNCREVIEW_RULES_STRUCTURED_H

#include "rules/asyncsem.h"
#include "rules/suggest.h"

/* taskgroup_kind: "nursery" for trio.open_nursery(), "task group" for anyio.create_task_group() and
 * asyncio.TaskGroup(), else NULL (ce is a with-item's context expression). */
const char *taskgroup_kind(RuleCtx *cx, const Expr *ce);

/* cancel_scope_call: the catalog's timeout / cancel-scope entry (CATF_CANCEL_SCOPE) that the call
 * ce makes, or NULL. */
const CatalogEntry *cancel_scope_call(RuleCtx *cx, const Expr *ce);

/* stmts_checkpoint / expr_checkpoints: whether the code contains `await`, `async for`, `async with`
 * or `yield` that runs in the same function (nested defs, lambdas and classes are not entered). */
bool stmts_checkpoint(StmtSeq body);
bool expr_checkpoints(const Expr *e);

/* stmts_contain_kind: whether a statement of kind `kind` occurs in body, not counting nested
 * functions and classes. */
bool stmts_contain_kind(StmtSeq body, StmtKind kind);

/* src_line_start / src_next_line: offset of the start of the line holding off, and of the line
 * after it (the file's length on the last line). */
uint32_t src_line_start(RuleCtx *cx, uint32_t off);
uint32_t src_next_line(RuleCtx *cx, uint32_t off);

/* range_has_comment: a `#` comment lies in [start, end). */
bool range_has_comment(RuleCtx *cx, uint32_t start, uint32_t end);

/* module_ref: how new code should name `module` ("trio", "asyncio"): the text of func's receiver
 * when func is `<module>.<attr>` (so `import trio as t` keeps `t`), else the module's own name, in
 * which case an `import module` edit is added to f when the file lacks it (f may be NULL). */
const char *module_ref(RuleCtx *cx, Finding *f, const Expr *func, const char *module);

/* canonical_target: the call's target qualname with catalog aliases resolved (as every qualified
 * name from the semantic model is), or NULL. */
const char *canonical_target(RuleCtx *cx, const Expr *call);

/* keyword_arg: the value of keyword `name` of call, or NULL. */
const Expr *keyword_arg(const Expr *call, const char *name);

/* reindent: text's lines (after the first) with `from` leading indentation replaced by `to`; lines
 * not starting with `from` are kept. The first line is taken as already placed. In out_arena. */
const char *reindent(RuleCtx *cx, const char *text, const char *from, const char *to);

/* fw_checkpoint: `await <mod>.lowlevel.checkpoint()` for trio/anyio, `await asyncio.sleep(0)`. */
const char *fw_checkpoint(RuleCtx *cx);

#endif
