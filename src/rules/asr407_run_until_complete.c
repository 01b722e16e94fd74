/* ASR407 run-until-complete: a program's entry point written as
 * `loop = asyncio.get_event_loop(); loop.run_until_complete(main())` instead of
 * `asyncio.run(main())`. */
#include "rules/structured.h"

#include <string.h>

static const char *const loop_factories[] = {
    "asyncio.get_event_loop",
    "asyncio.new_event_loop",
    NULL,
};

static bool
is_main_guard(const Expr *test)
{
    if (test->kind != E_Compare || test->v.Compare.n != 1 || test->v.Compare.ops[0] != CMP_EQ)
        return false;
    const Expr *l = test->v.Compare.left, *r = test->v.Compare.comparators.items[0];
    if (l->kind == E_Constant)
        l = r, r = test->v.Compare.left;
    return l->kind == E_Name && !strcmp(l->v.Name.id, "__name__") && r->kind == E_Constant &&
           r->v.Constant.kind == CONST_STR && !strcmp(r->v.Constant.text, "__main__");
}

/* The statement sequence that holds s: the module body or the body of an `if __name__ ...`.
 * NULL when s runs anywhere else (a function, a loop, a try, another if). */
static const StmtSeq *
entry_block(RuleCtx *cx, const Stmt *s, bool *in_try)
{
    *in_try = false;
    const StmtSeq *block = &cx->sm->mod->body;
    for (uint32_t i = 0; i < cx->depth; i++) {
        if (!cx->stack[i].is_stmt)
            continue;
        const Stmt *a = cx->stack[i].node;
        if (a == s)
            break;
        if (a->kind == S_If && is_main_guard(a->v.If.test))
            block = &a->v.If.body;
        else if (a->kind == S_Try)
            *in_try = true;
        else
            return NULL;
    }
    return block;
}

static const Stmt *
find_in(const StmtSeq *block, const Stmt *s)
{
    for (uint32_t i = 0; block && i < block->len; i++)
        if (block->items[i] == s)
            return s;
    return NULL;
}

/* A statement `name.close()` in block whose receiver is the Name node `use`. */
static const Stmt *
close_stmt(const StmtSeq *block, const Expr *use)
{
    for (uint32_t i = 0; i < block->len; i++) {
        const Stmt *s = block->items[i];
        if (s->kind != S_Expr || s->v.Expr.value->kind != E_Call)
            continue;
        const Expr *call = s->v.Expr.value;
        const Expr *fn = call->v.Call.func;
        if (fn->kind == E_Attribute && fn->v.Attribute.value == use &&
            !strcmp(fn->v.Attribute.attr, "close") && call->v.Call.args.len == 0 &&
            call->v.Call.keywords.len == 0)
            return s;
    }
    return NULL;
}

static void
delete_line(RuleCtx *cx, Finding *f, const Stmt *s)
{
    finding_edit(cx, f, src_line_start(cx, s->start), src_next_line(cx, s->end), "");
}

static void
check_call(RuleCtx *cx, const Expr *call)
{
    const Expr *fn = call->v.Call.func;
    if (cx->scope != cx->sm->module_scope || fn->kind != E_Attribute ||
        strcmp(fn->v.Attribute.attr, "run_until_complete") || call->v.Call.args.len != 1 ||
        call->v.Call.keywords.len)
        return;
    const Expr *arg = call->v.Call.args.items[0];
    if (!call_is_coroutine(cx, arg))
        return;
    const Stmt *stmt = cx_parent_stmt(cx);
    bool is_stmt = false;
    const void *parent = cx_parent(cx, 0, &is_stmt);
    if (!stmt || !is_stmt || parent != stmt)
        return;
    if (!(stmt->kind == S_Expr || (stmt->kind == S_Assign && stmt->v.Assign.value == call)))
        return;
    bool in_try = false;
    const StmtSeq *block = entry_block(cx, stmt, &in_try);
    if (!block)
        return;
    const Expr *recv = fn->v.Attribute.value;
    const Binding *b = NULL;
    if (recv->kind == E_Name) {
        b = sem_lookup(cx->sm, cx->scope, recv->v.Name.id, recv->start);
        if (!b || b->kind != BIND_ASSIGN || b->scope != cx->sm->module_scope || !b->value ||
            !expr_is_call_to(cx, b->value, loop_factories))
            return;
    } else if (!expr_is_call_to(cx, recv, loop_factories)) {
        return;
    }
    Finding *f =
        rule_report_expr(cx, call, "`%s` runs the program's entry point; use `asyncio.run(%s)`",
                         cx_expr_text(cx, fn), cx_expr_text(cx, arg));
    const Expr *factory = b ? b->value : recv;
    const char *ref = module_ref(cx, NULL, factory->v.Call.func, "asyncio");
    const char *repl = arena_sprintf(cx->out_arena, "%s.run(%s)", ref, cx_expr_text(cx, arg));
    finding_suggest(cx, f, stmt->start, stmt->end,
                    sugg_stmt_with(cx, stmt, call->start, call->end, repl));
    finding_fix_title(cx, f, "Replace with `%s`", repl);
    if (in_try)
        return; /* `finally: loop.close()` and friends: leave the restructuring to a person */
    /* the loop variable goes away with its only other use, `loop.close()`, when both are plain
     * statements of this block or the module */
    const Stmt *closes[4];
    uint32_t nclose = 0;
    if (b) {
        const StmtSeq *mod = &cx->sm->mod->body;
        if (!b->stmt || b->stmt->kind != S_Assign || b->stmt->v.Assign.targets.len != 1 ||
            (!find_in(mod, b->stmt) && !find_in(block, b->stmt)))
            return;
        for (uint32_t i = 0; i < b->uses.len; i++) {
            const Expr *use = b->uses.items[i].name;
            if (use == recv)
                continue;
            const Stmt *c = close_stmt(block, use);
            if (!c)
                c = close_stmt(mod, use);
            if (!c || nclose == 4)
                return;
            closes[nclose++] = c;
        }
        if (range_has_comment(cx, b->stmt->start, b->stmt->end))
            return;
    }
    finding_edit(cx, f, call->start, call->end, repl);
    if (b)
        delete_line(cx, f, b->stmt);
    for (uint32_t i = 0; i < nclose; i++)
        delete_line(cx, f, closes[i]);
}

const RuleDesc rule_asr407 = {
    .code = "ASR407",
    .name = "run-until-complete",
    .severity = SEV_SUGGESTION,
    .area = AREA_PATTERNS,
    .frameworks = FW_BIT(FW_ASYNCIO),
    .fix = FIX_UNSAFE,
    .expr_kinds = EXPR_BIT(E_Call),
    .on_expr = check_call,
    .summary = "Top-level `loop.run_until_complete(main())` instead of `asyncio.run(main())`",
    .why =
        "`asyncio.run()` creates a fresh loop, runs the coroutine, then cancels leftover tasks, "
        "finalises async generators, shuts down the default executor and closes the loop. The "
        "hand-written version skips that cleanup, and `get_event_loop()` without a running loop is "
        "deprecated.",
    .doc =
        "## What it does\n"
        "Flags `loop.run_until_complete(main())` at module level or under `if __name__ == "
        "\"__main__\":`, where `loop` comes from `asyncio.get_event_loop()` or "
        "`asyncio.new_event_loop()` and the argument is a coroutine. The fix also removes the loop "
        "variable and a following `loop.close()` when nothing else uses them; it is unsafe because "
        "`asyncio.run()` cancels tasks that are still pending at the end.\n\n"
        "## Why is this bad?\n"
        "The manual loop management leaks the loop and its resources, skips async-generator and "
        "executor shutdown, and relies on deprecated `get_event_loop()` behaviour.\n\n"
        "## Example\n"
        "```python\n"
        "if __name__ == \"__main__\":\n"
        "    loop = asyncio.get_event_loop()\n"
        "    loop.run_until_complete(main())\n"
        "```\n\n"
        "Use instead:\n"
        "```python\n"
        "if __name__ == \"__main__\":\n"
        "    asyncio.run(main())\n"
        "```\n",
};
