/* ASYNC109 async-function-with-timeout: an `async def` with a `timeout` parameter where the
 * framework offers cancel scopes (trio, anyio; asyncio from 3.11 with `asyncio.timeout`). */
#include "rules/asyncsem.h"

#include <string.h>

static const Arg *
timeout_param(const Arguments *a)
{
    const ArgSeq seqs[3] = { a->posonlyargs, a->args, a->kwonlyargs };
    for (int k = 0; k < 3; k++)
        for (uint32_t i = 0; i < seqs[k].len; i++)
            if (!strcmp(seqs[k].items[i]->arg, "timeout"))
                return seqs[k].items[i];
    return NULL;
}

static void
check_function(RuleCtx *cx, const Stmt *fn)
{
    if (fn->kind != S_AsyncFunctionDef || (cx->fw == FW_ASYNCIO && cx->pyver < 311))
        return; /* asyncio.timeout() is 3.11+; wait_for's timeout= is the only tool before */
    /* a signature imposed by a base class or an overload set is not this function's choice */
    static const char *const imposed[] = {
        "typing.overload",
        "typing_extensions.overload",
        "typing.override",
        "typing_extensions.override",
        NULL,
    };
    if (has_decorator(cx, fn, imposed))
        return;
    const Arg *arg = timeout_param(fn->v.FunctionDef.args);
    if (!arg)
        return;
    const char *mod = cx_framework_module(cx);
    const char *scope = cx->fw == FW_ASYNCIO ? "timeout" : "fail_after";
    Finding *f =
        rule_report(cx, arg->start, arg->end,
                    "`async def %s` takes a `timeout` parameter; let callers wrap the call in "
                    "`%s.%s()` instead",
                    fn->v.FunctionDef.name, mod, scope);
    finding_why(
        cx, f,
        "With cancel scopes the caller decides the deadline for everything it awaits at once; a "
        "`timeout` parameter duplicates that, composes badly with outer deadlines and is easy "
        "to forget to pass down. Remove the parameter and use `with %s.%s(...)` (or "
        "`move_on_after`) at the call site.",
        mod, cx->fw == FW_ASYNCIO ? "timeout" : "fail_after");
}

const RuleDesc rule_async109 = {
    .code = "ASYNC109",
    .name = "async-function-with-timeout",
    .severity = SEV_SUGGESTION,
    .opt_in = true, /* "highly opinionated" (ruff): public APIs take timeouts; select ASYNC109 to
                       use it */
    .area = AREA_PATTERNS,
    .frameworks = FW_ALL,
    .hooks = HOOK_FUNCTION,
    .on_function = check_function,
    .summary = "`async def` with a `timeout` parameter instead of a caller-side cancel scope",
    .why = "Structured concurrency puts deadlines in cancel scopes around the call, not in "
           "parameters of "
           "each async function.",
    .doc =
        "## What it does\n"
        "Flags an `async def` with a parameter named `timeout` in trio and anyio code, and in "
        "asyncio "
        "code targeting Python 3.11 or later (where `asyncio.timeout()` exists), as flake8-async "
        "and "
        "ruff do. Functions decorated with `@overload` or `@override` are skipped: their signature "
        "is imposed from elsewhere.\n\n"
        "## Why is this bad?\n"
        "A `timeout` parameter covers only what this function chooses to apply it to, and callers "
        "must thread it through every layer. A cancel scope at the call site bounds the whole "
        "operation, nests with outer deadlines and needs no cooperation from the callee.\n\n"
        "## Example\n"
        "```python\n"
        "import trio\n\n"
        "async def fetch(url, timeout=10):\n"
        "    with trio.fail_after(timeout):\n"
        "        return await download(url)\n"
        "```\n\n"
        "Use instead:\n"
        "```python\n"
        "import trio\n\n"
        "async def fetch(url):\n"
        "    return await download(url)\n\n"
        "async def main():\n"
        "    with trio.fail_after(10):\n"
        "        await fetch(\"https://example.com\")\n"
        "```\n",
};
