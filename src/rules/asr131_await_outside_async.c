/* ASR131 await-outside-async: `await`, `async for` or `async with` in a plain `def`, a lambda or at
 * module level, where CPython rejects it when compiling. */
#include "rules/rule.h"

/* The innermost function-like scope, skipping comprehensions (an async comprehension in an async
 * def is fine). */
static const Scope *
code_scope(const Scope *s)
{
    while (s && s->kind == SCOPE_COMPREHENSION)
        s = s->parent;
    return s;
}

static void
report(RuleCtx *cx, uint32_t start, uint32_t end, const char *what)
{
    const Scope *s = code_scope(cx->scope);
    if (s && s->kind == SCOPE_FUNCTION && s->is_async)
        return;
    const char *where = !s || s->kind == SCOPE_MODULE ? "at module level"
                        : s->kind == SCOPE_LAMBDA     ? "in a lambda"
                        : s->kind == SCOPE_CLASS
                            ? "in a class body"
                            : arena_sprintf(cx->out_arena, "in the plain function `%s`",
                                            s->stmt ? s->stmt->v.FunctionDef.name : "?");
    Finding *f = rule_report(cx, start, end, "%s %s is a SyntaxError when the module is compiled",
                             what, where);
    if (s && s->kind == SCOPE_FUNCTION && s->stmt && s->stmt->kind == S_FunctionDef) {
        finding_fix_title(cx, f, "Make `%s` a coroutine: `async def %s(...)`",
                          s->stmt->v.FunctionDef.name, s->stmt->v.FunctionDef.name);
        /* `def` -> `async def`: the keyword starts the statement (decorators are outside its range)
         */
        finding_edit(cx, f, s->stmt->start, s->stmt->start, "async ");
    }
}

static void
check_expr(RuleCtx *cx, const Expr *e)
{
    report(cx, e->start, e->end, "`await`");
}

static void
check_stmt(RuleCtx *cx, const Stmt *s)
{
    report(cx, s->start, s->start + 5, s->kind == S_AsyncFor ? "`async for`" : "`async with`");
}

const RuleDesc rule_asr131 = {
    .code = "ASR131",
    .name = "await-outside-async",
    .severity = SEV_CRITICAL,
    .area = AREA_CORRECTNESS,
    .frameworks = FW_ALL,
    .fix = FIX_UNSAFE,
    .expr_kinds = EXPR_BIT(E_Await),
    .stmt_kinds = STMT_BIT(S_AsyncFor) | STMT_BIT(S_AsyncWith),
    .on_expr = check_expr,
    .on_stmt = check_stmt,
    .summary = "`await` / `async for` / `async with` outside an `async def`",
    .why = "`await` and the async statements are only valid inside `async def`. `ast.parse` "
           "accepts them, "
           "but compiling the module raises SyntaxError, so the file cannot even be imported.",
    .doc = "## What it does\n"
           "Flags `await`, `async for` and `async with` in a plain function, a lambda, a class "
           "body or at "
           "module level. The fix turns the enclosing `def` into `async def` (its callers must "
           "then await "
           "it, so the fix is unsafe).\n\n"
           "## Why is this bad?\n"
           "The module fails to compile. (Top-level `await` is only valid in notebooks and the "
           "asyncio "
           "REPL, which this tool does not scan.)\n\n"
           "## Example\n"
           "```python\n"
           "def load(client):\n"
           "    return await client.get(\"/\")\n"
           "```\n\n"
           "Use instead:\n"
           "```python\n"
           "async def load(client):\n"
           "    return await client.get(\"/\")\n"
           "```\n",
};
