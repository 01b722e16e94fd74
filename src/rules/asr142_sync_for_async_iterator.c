/* ASR142 sync-for-over-async-iterator: `for x in agen()` over an async generator or another
 * async-only iterable. */
#include "rules/asyncsem.h"
#include "rules/suggest.h"

static void
report(RuleCtx *cx, const Expr *iter, uint32_t for_start, bool is_stmt, const Stmt *s)
{
    Finding *f =
        rule_report_expr(cx, iter,
                         "`%s` is an async iterable: plain `for` raises TypeError (it has no "
                         "`__iter__`); use `async for`",
                         cx_expr_text(cx, iter));
    if (!cx_in_async_function(cx)) {
        finding_why(cx, f,
                    "An async iterator only has `__aiter__`/`__anext__`. This code is not in an "
                    "`async def`, so it cannot use `async for`: iterate it from a coroutine.");
        return;
    }
    if (is_stmt) {
        finding_suggest(
            cx, f, s->start, s->end,
            arena_sprintf(cx->out_arena, "async %s", sugg_dedent(cx, s->start, s->end)));
        finding_fix_title(cx, f, "Use `async for`");
        finding_edit(cx, f, for_start, for_start, "async ");
    } else {
        finding_fix_title(cx, f, "Use `async for` in the comprehension");
        finding_edit(cx, f, for_start, for_start, "async ");
    }
}

static void
check_stmt(RuleCtx *cx, const Stmt *s)
{
    if (iter_protocol(cx, s->v.For.iter) == PROTO_ASYNC)
        report(cx, s->v.For.iter, s->start, true, s);
}

/* Comprehensions: a non-async generator clause over an async iterable. The `for` keyword sits right
 * before the target; search back from the target over whitespace and parentheses. */
static void
check_comprehension(RuleCtx *cx, const Expr *e)
{
    ComprehensionSeq gens =
        e->kind == E_DictComp ? e->v.DictComp.generators : e->v.ListComp.generators;
    for (uint32_t i = 0; i < gens.len; i++) {
        const Comprehension *c = gens.items[i];
        if (c->is_async || iter_protocol(cx, c->iter) != PROTO_ASYNC)
            continue;
        const char *text = cx->pf->src.text;
        uint32_t p = c->target->start;
        while (p > e->start && (text[p - 1] == ' ' || text[p - 1] == '(' || text[p - 1] == '\t' ||
                                text[p - 1] == '\n'))
            p--;
        uint32_t for_start = p >= 3 ? p - 3 : p;
        report(cx, c->iter, for_start, false, NULL);
    }
}

static void
check_expr(RuleCtx *cx, const Expr *e)
{
    check_comprehension(cx, e);
}

const RuleDesc rule_asr142 = {
    .code = "ASR142",
    .name = "sync-for-over-async-iterator",
    .severity = SEV_CRITICAL,
    .area = AREA_CORRECTNESS,
    .frameworks = FW_ALL,
    .fix = FIX_SAFE,
    .stmt_kinds = STMT_BIT(S_For),
    .expr_kinds = EXPR_BIT(E_ListComp) | EXPR_BIT(E_SetComp) | EXPR_BIT(E_DictComp) |
                  EXPR_BIT(E_GeneratorExp),
    .on_stmt = check_stmt,
    .on_expr = check_expr,
    .summary = "Plain `for` over an async generator or async iterable",
    .why = "Async generators and async iterables implement `__aiter__`/`__anext__` only; a plain "
           "`for` "
           "raises TypeError (\"'async_generator' object is not iterable\").",
    .doc = "## What it does\n"
           "Flags `for` statements and comprehension clauses whose iterable is an async generator "
           "of the "
           "project (an `async def` containing `yield`), or a catalog value known to be "
           "async-iterable "
           "(for example `aiofiles` files, `asyncpg` cursors, `StreamReader`), or a project class "
           "with "
           "`__aiter__` but no `__iter__`.\n\n"
           "## Why is this bad?\n"
           "The loop fails when it starts.\n\n"
           "## Example\n"
           "```python\n"
           "async def rows():\n"
           "    yield 1\n\n"
           "async def total():\n"
           "    return sum(r for r in rows())\n"
           "```\n\n"
           "Use instead:\n"
           "```python\n"
           "async def total():\n"
           "    return sum([r async for r in rows()])\n"
           "```\n",
};
