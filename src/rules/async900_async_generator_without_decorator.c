/* ASYNC900 async-generator-without-decorator (opt-in): an async generator that is not turned into
 * something safe by a known decorator (`@asynccontextmanager`, a pytest fixture, trio's
 * `@as_safe_channel`). */
#include "rules/structured.h"

#include <string.h>

/* Decorated with `name`, `x.name` or either called: flake8-async matches the last name only. */
static bool
decorated(const Stmt *fn, const char *name)
{
    ExprSeq decos = fn->v.FunctionDef.decorator_list;
    for (uint32_t i = 0; i < decos.len; i++) {
        const Expr *d = decos.items[i];
        if (d->kind == E_Call)
            d = d->v.Call.func;
        Ident last = d->kind == E_Name        ? d->v.Name.id
                     : d->kind == E_Attribute ? d->v.Attribute.attr
                                              : NULL;
        if (last && !strcmp(last, name))
            return true;
    }
    return false;
}

static void
check_function(RuleCtx *cx, const Stmt *fn)
{
    if (fn->kind != S_AsyncFunctionDef)
        return;
    const Scope *sc = sem_scope_of_node(cx->sm, fn);
    if (!sc || !sc->is_generator || decorated(fn, "asynccontextmanager") ||
        decorated(fn, "fixture"))
        return;
    bool trio = cx->fw == FW_TRIO;
    if (trio && decorated(fn, "as_safe_channel"))
        return;
    uint32_t end = src_next_line(cx, fn->start);
    if (end > fn->start && cx->pf->src.text[end - 1] == '\n')
        end--;
    rule_report(
        cx, fn->start, end,
        "Async generator `%s` not allowed unless transformed by a known decorator (one of: %s"
        "`contextlib.asynccontextmanager`, `pytest.fixture`)",
        fn->v.FunctionDef.name, trio ? "`trio.as_safe_channel`, " : "");
}

const RuleDesc rule_async900 = {
    .code = "ASYNC900",
    .name = "async-generator-without-decorator",
    .severity = SEV_WARNING,
    .area = AREA_CORRECTNESS,
    .frameworks = FW_ALL,
    .opt_in = true,
    .hooks = HOOK_FUNCTION,
    .on_function = check_function,
    .summary = "Async generator not transformed by a known decorator",
    .why =
        "An async generator's cleanup (`finally`, `async with` exits) runs only when it is closed "
        "or garbage collected, possibly in another task or never; a `yield` inside a cancel scope "
        "or nursery breaks structured concurrency.",
    .doc =
        "## What it does\n"
        "Opt-in (select it by its exact code). Flags every `async def` that contains `yield` "
        "unless "
        "it is decorated with `asynccontextmanager`, a pytest `fixture`, or (trio) "
        "`trio.as_safe_channel`; decorators are matched by their last name, as flake8-async "
        "does.\n\n"
        "## Why is this bad?\n"
        "Async generators are unsafe in structured concurrency: their finalisation is not tied "
        "to the code that iterates them, and a cancel scope or nursery around a `yield` leaks into "
        "the consumer. Enable the rule on a codebase that wants to ban them.\n\n"
        "## Example\n"
        "```python\n"
        "async def messages(conn):\n"
        "    async with conn:\n"
        "        while True:\n"
        "            yield await conn.receive()\n"
        "```\n\n"
        "Use instead:\n"
        "```python\n"
        "@trio.as_safe_channel\n"
        "async def messages(conn):\n"
        "    async with conn:\n"
        "        while True:\n"
        "            yield await conn.receive()\n"
        "```\n",
};
