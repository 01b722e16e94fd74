/* suggest: building corrected code for findings: catalog templates rendered against a call, a
 * statement with one range replaced, `await` wrapped in parentheses where precedence needs it, the
 * framework's way to run a sync call in a thread, and an import added by a fix. */
#ifndef ASYNCREVIEW_RULES_SUGGEST_H
#define ASYNCREVIEW_RULES_SUGGEST_H

#include "rules/rule.h"

/* sugg_render: template (catalog syntax: {args} {0} {1} {func} {recv} {fw}) against call, in
 * out_arena. {fw} is the framework module name. NULL when the template needs an argument the call
 * lacks. */
const char *sugg_render(RuleCtx *cx, const char *template_text, const Expr *call);

/* sugg_offload: the framework's idiom running the sync call in a worker thread, for the target
 * version: `await asyncio.to_thread(f, a, k=v)` (3.9+), `await loop.run_in_executor(None, ...)`
 * before 3.9, `await trio.to_thread.run_sync(...)`, `await anyio.to_thread.run_sync(...)` (keyword
 * arguments through functools.partial where the API lacks them). Sets *needs_functools when it used
 * partial. */
const char *sugg_offload(RuleCtx *cx, const Expr *call, bool *needs_functools);

/* sugg_await_expr: `await X` for X replacing expression e, parenthesised when e's parent binds
 * tighter than await allows (attribute, subscript, call func, ** operand, await itself). */
const char *sugg_await_expr(RuleCtx *cx, const Expr *e, const char *awaitable);

/* sugg_stmt_with: the text of statement s (dedented to its own indentation) with [start, end)
 * replaced by repl. */
const char *sugg_stmt_with(RuleCtx *cx, const Stmt *s, uint32_t start, uint32_t end,
                           const char *repl);

/* sugg_dedent: the source of [start, end), widened to whole lines, with the first line's
 * indentation removed from every line. */
const char *sugg_dedent(RuleCtx *cx, uint32_t start, uint32_t end);

/* fix_needs_import: whether `module` is bound as a module name in the file (import module). */
bool sugg_has_import(RuleCtx *cx, const char *module);
/* finding_add_import: adds an edit inserting `import module` after the module docstring and
 * __future__ imports (or after the last top-level import) when the file does not import it. */
void finding_add_import(RuleCtx *cx, Finding *f, const char *module);

/* sugg_keep_task: the keep-a-reference pattern for a spawned task whose call text is `spawn`:
 *     task = asyncio.create_task(work())
 *     background_tasks.add(task)
 *     task.add_done_callback(background_tasks.discard)
 * (`background_tasks` is a module-level set; the snippet says so in a comment). */
const char *sugg_keep_task(RuleCtx *cx, const char *spawn);

#endif
