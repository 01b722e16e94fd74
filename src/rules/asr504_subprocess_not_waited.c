/* ASR504 subprocess-not-waited: a child process started with asyncio.create_subprocess_exec/shell,
 * trio.lowlevel.open_process or anyio.open_process whose Process object is thrown away or kept in a
 * local that is never waited for (`.wait()`, `.communicate()`, `.aclose()`, `async with`) nor
 * handed to other code. */
#include "rules/asyncsem.h"
#include "rules/structured.h"
#include "rules/usesem.h"

#include <string.h>

static const char *const spawners[] = {
    "asyncio.create_subprocess_exec",
    "asyncio.create_subprocess_shell",
    "trio.lowlevel.open_process",
    "anyio.open_process",
    NULL,
};

static const char *const waits[] = { "wait", "communicate", "aclose", NULL };

/* Whether a read of the process waits for it or hands it to code that may. */
static bool
use_settles(const Stmt *fn, const Expr *name)
{
    UsePath p;
    if (!use_path(fn->v.FunctionDef.body, name, &p))
        return true;
    const Expr *detail;
    UseKind k = use_kind(&p, name, &detail);
    switch (k) {
    case USE_METHOD:
        return qualname_in(use_method_name(k, detail), waits);
    case USE_ATTR:
        /* proc.wait passed as a callback counts; proc.stdout / proc.pid do not */
        return qualname_in(use_method_name(k, detail), waits);
    case USE_TEST:
    case USE_OTHER:
        return false;
    default:
        return true; /* awaited, returned, stored, passed on, used in `async with` */
    }
}

static void
check_stmt(RuleCtx *cx, const Stmt *s)
{
    if (!cx_in_async_function(cx) || inside_expected_raise(cx))
        return;
    const Expr *value = s->kind == S_Expr ? s->v.Expr.value : s->v.Assign.value;
    if (s->kind == S_Assign &&
        (s->v.Assign.targets.len != 1 || s->v.Assign.targets.items[0]->kind != E_Name))
        return;
    if (value->kind != E_Await || !expr_is_call_to(cx, value->v.Await.value, spawners))
        return;
    const Expr *call = value->v.Await.value;
    const char *func = cx_expr_text(cx, call->v.Call.func);
    const Stmt *fn = enclosing_function_stmt(cx, NULL);
    if (!fn)
        return;
    const char *name = "proc";
    Finding *f;
    if (s->kind == S_Expr) {
        f = rule_report_expr(
            cx, call, "The process started by `%s()` is thrown away and never waited for", func);
    } else {
        const Expr *target = s->v.Assign.targets.items[0];
        const Binding *b = sem_binding_of(cx->sm, target);
        if (!b || b->scope->kind != SCOPE_FUNCTION)
            return;
        /* every binding of the name in the function (branches that each start the process) */
        for (const Binding *o = sem_lookup(cx->sm, b->scope, target->v.Name.id, UINT32_MAX); o;
             o = o->shadowed)
            if (o->scope == b->scope)
                for (uint32_t i = 0; i < o->uses.len; i++)
                    if (use_settles(fn, o->uses.items[i].name))
                        return;
        name = target->v.Name.id;
        f = rule_report_expr(cx, call, "The process `%s` started by `%s()` is never waited for",
                             name, func);
    }
    bool piped =
        keyword_arg(call, "stdout") || keyword_arg(call, "stderr") || keyword_arg(call, "stdin");
    const char *wait =
        cx->fw == FW_ASYNCIO && piped
            ? arena_sprintf(cx->out_arena, "stdout, stderr = await %s.communicate()", name)
            : arena_sprintf(cx->out_arena, "await %s.wait()", name);
    const char *first = s->kind == S_Expr
                            ? arena_sprintf(cx->out_arena, "%s = %s", name, cx_expr_text(cx, value))
                            : sugg_dedent(cx, s->start, s->end);
    finding_suggest(cx, f, s->start, s->end,
                    arena_sprintf(cx->out_arena,
                                  "%s\n%s  # reaps the child and collects its exit status", first,
                                  wait));
}

const RuleDesc rule_asr504 = {
    .code = "ASR504",
    .name = "subprocess-not-waited",
    .severity = SEV_WARNING,
    .area = AREA_RESOURCES,
    .frameworks = FW_ALL,
    .stmt_kinds = STMT_BIT(S_Expr) | STMT_BIT(S_Assign),
    .on_stmt = check_stmt,
    .summary = "Child process started in async code and never waited for",
    .why =
        "A child process that is never waited for stays a zombie until the interpreter exits, its "
        "exit status and failures go unnoticed, and its pipes stay open. asyncio also warns when a "
        "transport for an unfinished process is garbage-collected.",
    .doc =
        "## What it does\n"
        "Flags `await asyncio.create_subprocess_exec(...)`, `create_subprocess_shell`, "
        "`trio.lowlevel.open_process` and `anyio.open_process` when the Process is discarded, or "
        "kept in a local that the function never waits for: no `.wait()`, `.communicate()` or "
        "`.aclose()` call, no `async with`, and the process is not returned, stored or passed to "
        "other code. `.kill()` or `.terminate()` alone do not count: they signal the child but do "
        "not reap it.\n\n"
        "## Why is this bad?\n"
        "Without a wait the exit status is never collected: the child becomes a zombie, a failing "
        "command goes unnoticed, and pipes leak file descriptors.\n\n"
        "## Example\n"
        "```python\n"
        "import asyncio\n\n"
        "async def reload_nginx():\n"
        "    await asyncio.create_subprocess_exec(\"nginx\", \"-s\", \"reload\")\n"
        "```\n\n"
        "Use instead:\n"
        "```python\n"
        "import asyncio\n\n"
        "async def reload_nginx():\n"
        "    proc = await asyncio.create_subprocess_exec(\"nginx\", \"-s\", \"reload\")\n"
        "    if await proc.wait() != 0:\n"
        "        raise RuntimeError(\"nginx reload failed\")\n"
        "```\n",
};
