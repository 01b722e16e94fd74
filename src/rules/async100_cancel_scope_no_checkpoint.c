/* ASYNC100 cancel-scope-no-checkpoint: a timeout / cancel scope whose body never checkpoints, so it
 * can never cancel anything. `yield` counts as a checkpoint (the consumer may checkpoint). */
#include "rules/structured.h"

#include <string.h>

/* The with statement's text without item k: the item and one separating comma removed. */
static const char *
without_item(RuleCtx *cx, const Stmt *s, uint32_t k)
{
    WithItemSeq items = s->v.With.items;
    const WithItem *it = items.items[k];
    uint32_t start = it->context_expr->start;
    uint32_t end = it->optional_vars ? it->optional_vars->end : it->context_expr->end;
    if (k + 1 < items.len) {
        end = items.items[k + 1]->context_expr->start;
    } else {
        const WithItem *prev = items.items[k - 1];
        start = prev->optional_vars ? prev->optional_vars->end : prev->context_expr->end;
    }
    return sugg_stmt_with(cx, s, start, end, "");
}

/* The body of s, moved out one level: its lines re-indented from the body's indentation to the
 * with statement's own. NULL when the body shares the `with` line. */
static const char *
dedented_body(RuleCtx *cx, const Stmt *s, bool for_edit)
{
    const Stmt *first = s->v.With.body.items[0];
    if (cx_line(cx, first->start) == cx_line(cx, s->start))
        return NULL;
    const char *body_indent = cx_indent(cx, first->start);
    const char *with_indent = cx_indent(cx, s->start);
    const char *text = cx_text(cx, first->start, s->end);
    return reindent(cx, text, body_indent, for_edit ? with_indent : "");
}

static void
check_with(RuleCtx *cx, const Stmt *s)
{
    if (stmts_checkpoint(s->v.With.body))
        return;
    WithItemSeq items = s->v.With.items;
    for (uint32_t k = 0; k < items.len; k++) {
        const Expr *ce = items.items[k]->context_expr;
        const CatalogEntry *e = cancel_scope_call(cx, ce);
        if (!e)
            continue;
        const char *fn = cx_expr_text(cx, ce->v.Call.func);
        Finding *f = rule_report_expr(
            cx, ce,
            "`%s` context contains no checkpoints; remove the context or add a checkpoint "
            "(`%s`)",
            fn, fw_checkpoint(cx));
        if (items.len > 1) {
            finding_suggest(cx, f, s->start, s->end, without_item(cx, s, k));
            finding_fix_title(cx, f, "Remove the `%s` context", fn);
            continue;
        }
        const char *body = dedented_body(cx, s, false);
        if (!body)
            continue;
        finding_suggest(cx, f, s->start, s->end, body);
        finding_fix_title(cx, f, "Remove the `%s` context", fn);
        if (items.items[k]->optional_vars ||
            range_has_comment(cx, s->start, s->v.With.body.items[0]->start))
            continue; /* the scope object is used, or a comment would be lost */
        finding_edit(cx, f, s->start, s->end, dedented_body(cx, s, true));
    }
}

const RuleDesc rule_async100 = {
    .code = "ASYNC100",
    .name = "cancel-scope-no-checkpoint",
    .severity = SEV_WARNING,
    .area = AREA_CORRECTNESS,
    .frameworks = FW_ALL,
    .fix = FIX_UNSAFE,
    .stmt_kinds = STMT_BIT(S_With) | STMT_BIT(S_AsyncWith),
    .on_stmt = check_with,
    .summary = "Timeout / cancel scope whose body contains no checkpoint",
    .why =
        "A timeout can only take effect at a checkpoint (an `await`, `async for` or `async with`). "
        "With none in its body, the scope never cancels anything: the deadline is silently "
        "ignored, "
        "which usually means the slow call inside is synchronous or the scope is in the wrong "
        "place.",
    .doc =
        "## What it does\n"
        "Flags `with trio.move_on_after(...)`, `trio.fail_after`, `trio.move_on_at`, "
        "`trio.fail_at`, "
        "`trio.CancelScope()`, the anyio equivalents and `async with asyncio.timeout(...)` / "
        "`timeout_at` whose body has no `await`, `async for`, `async with` or `yield` (code in "
        "nested "
        "functions does not count). The unsafe fix removes the context when it has a single item "
        "and no `as` target.\n\n"
        "## Why is this bad?\n"
        "The timeout looks like protection but can never fire, so a hang inside it is not "
        "bounded.\n\n"
        "## Example\n"
        "```python\n"
        "async def poll(sock):\n"
        "    with trio.move_on_after(5):\n"
        "        data = sock.recv(1024)\n"
        "```\n\n"
        "Use instead:\n"
        "```python\n"
        "async def poll(sock):\n"
        "    with trio.move_on_after(5):\n"
        "        data = await sock.recv(1024)\n"
        "```\n",
};
