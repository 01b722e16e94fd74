/* ASR110 missing-await: a coroutine created and then discarded, tested for truth, left unused in a
 * variable, or used where a value is expected. */
#include "rules/asyncsem.h"
#include "rules/suggest.h"

#include <string.h>

typedef enum Misuse {
    MISUSE_NONE,
    MISUSE_DISCARDED,
    MISUSE_TRUTH,
    MISUSE_UNUSED_VARIABLE,
    MISUSE_VALUE,
} Misuse;

/* Builtins that consume their argument as a value: a coroutine passed to them is a bug. */
static const char *const value_builtins[] = {
    "builtins.print",
    "builtins.len",
    "builtins.str",
    "builtins.int",
    "builtins.float",
    "builtins.bool",
    "builtins.list",
    "builtins.tuple",
    "builtins.dict",
    "builtins.set",
    "builtins.sorted",
    "builtins.sum",
    "builtins.repr",
    "builtins.iter",
    "builtins.next",
    "json.dumps",
    NULL,
};

static bool
is_sole_name_target(const Stmt *s, const Expr *call, const Expr **name)
{
    if (s->kind == S_Assign && s->v.Assign.value == call && s->v.Assign.targets.len == 1 &&
        s->v.Assign.targets.items[0]->kind == E_Name) {
        *name = s->v.Assign.targets.items[0];
        return true;
    }
    if (s->kind == S_AnnAssign && s->v.AnnAssign.value == call &&
        s->v.AnnAssign.target->kind == E_Name) {
        *name = s->v.AnnAssign.target;
        return true;
    }
    return false;
}

/* How the call's result is used, judged from its parent. */
static Misuse
classify(RuleCtx *cx, const Expr *call)
{
    bool is_stmt = false;
    const void *parent = cx_parent(cx, 0, &is_stmt);
    if (!parent)
        return MISUSE_NONE;
    if (is_stmt) {
        const Stmt *s = parent;
        const Expr *name = NULL;
        switch (s->kind) {
        case S_Expr:
            return MISUSE_DISCARDED;
        case S_If:
        case S_While:
            return s->v.If.test == call ? MISUSE_TRUTH : MISUSE_NONE;
        case S_Assert:
            return s->v.Assert.test == call ? MISUSE_TRUTH : MISUSE_NONE;
        case S_For:
            return s->v.For.iter == call ? MISUSE_VALUE : MISUSE_NONE;
        case S_With:
            for (uint32_t i = 0; i < s->v.With.items.len; i++)
                if (s->v.With.items.items[i]->context_expr == call)
                    return MISUSE_VALUE;
            return MISUSE_NONE;
        case S_Assign:
        case S_AnnAssign:
            if (is_sole_name_target(s, call, &name)) {
                const Binding *b = sem_lookup(cx->sm, cx->scope, name->v.Name.id, name->end);
                /* only a local that nothing ever reads: a module global may be read elsewhere */
                if (b && b->target == name && b->scope->kind == SCOPE_FUNCTION &&
                    name_never_read(cx, b->scope, name->v.Name.id))
                    return MISUSE_UNUSED_VARIABLE;
            }
            return MISUSE_NONE;
        default:
            return MISUSE_NONE;
        }
    }
    const Expr *pe = parent;
    switch (pe->kind) {
    case E_Attribute: {
        /* the coroutine protocol itself: `coro().__await__()`, `.send()`, `.close()`, `.cr_frame`
         */
        static const char *const coroutine_attrs[] = {
            "__await__", "send",         "throw",      "close",     "cr_await",
            "cr_frame",  "cr_code",      "cr_running", "cr_origin", "cr_suspended",
            "__name__",  "__qualname__", NULL,
        };
        if (pe->v.Attribute.value != call)
            return MISUSE_NONE;
        for (const char *const *a = coroutine_attrs; *a; a++)
            if (!strcmp(pe->v.Attribute.attr, *a))
                return MISUSE_NONE;
        return MISUSE_VALUE;
    }
    case E_Subscript:
        return pe->v.Subscript.value == call ? MISUSE_VALUE : MISUSE_NONE;
    case E_BoolOp:
        return MISUSE_TRUTH;
    case E_UnaryOp:
        return pe->v.UnaryOp.op == UNARY_NOT ? MISUSE_TRUTH : MISUSE_VALUE;
    case E_IfExp:
        return pe->v.IfExp.test == call ? MISUSE_TRUTH : MISUSE_NONE;
    case E_BinOp:
    case E_Compare:
    case E_FormattedValue:
        return MISUSE_VALUE;
    case E_Call:
        if (pe->v.Call.func != call && expr_is_call_to(cx, pe, value_builtins))
            return MISUSE_VALUE;
        return MISUSE_NONE;
    default:
        return MISUSE_NONE;
    }
}

static void
check_call(RuleCtx *cx, const Expr *call)
{
    const char *callee = call_is_coroutine(cx, call);
    if (!callee)
        return;
    Misuse how = classify(cx, call);
    if (how == MISUSE_NONE)
        return;
    /* comprehension elements and lambda bodies are handed on (e.g. to gather); only judge code that
     * runs in a function or at module level */
    const char *what;
    switch (how) {
    case MISUSE_DISCARDED:
        what = "is discarded without being awaited";
        break;
    case MISUSE_TRUTH:
        what = "is tested for truth (a coroutine object is always true) instead of being awaited";
        break;
    case MISUSE_UNUSED_VARIABLE:
        what = "is stored in a variable that is never awaited or used";
        break;
    default:
        what = "is used as a value without being awaited";
        break;
    }
    Finding *f = rule_report_expr(
        cx, call, "`%s()` returns a coroutine that %s, so `%s` never runs", callee, what, callee);
    if (!cx_in_async_function(cx)) {
        finding_why(
            cx, f,
            "Calling a coroutine function only creates a coroutine object; its body runs when it "
            "is "
            "awaited or scheduled. This code is not in an `async def`, so it cannot await: run it "
            "with the framework's runner or schedule it from async code.");
        return;
    }
    const char *awaited =
        sugg_await_expr(cx, call, arena_sprintf(cx->out_arena, "await %s", cx_expr_text(cx, call)));
    const Stmt *stmt = cx_parent_stmt(cx);
    if (stmt)
        finding_suggest(cx, f, stmt->start, stmt->end,
                        sugg_stmt_with(cx, stmt, call->start, call->end, awaited));
    finding_fix_title(cx, f, "Await it: `%s`", awaited);
    finding_edit(cx, f, call->start, call->end, awaited);
}

const RuleDesc rule_asr110 = {
    .code = "ASR110",
    .name = "missing-await",
    .severity = SEV_CRITICAL,
    .area = AREA_CORRECTNESS,
    .frameworks = FW_ALL,
    .fix = FIX_UNSAFE,
    .expr_kinds = EXPR_BIT(E_Call),
    .on_expr = check_call,
    .summary = "Coroutine created but never awaited (discarded, tested for truth, unused, or used "
               "as a value)",
    .why =
        "Calling a coroutine function only creates a coroutine object: its body runs when the "
        "coroutine "
        "is awaited or scheduled as a task. Without `await`, the work silently never happens, and "
        "Python only warns about it at garbage collection.",
    .doc =
        "## What it does\n"
        "Flags calls to coroutine functions whose result is discarded, tested for truth (`if "
        "is_ready():`), stored in a local that is never used, or used where a value is expected "
        "(`fetch().json()`, `len(fetch())`, `for x in fetch():`). Coroutine functions are the "
        "project's own `async def`s (across modules, including methods called through `self`, "
        "`super()` or a typed receiver) and the catalog's (`asyncio.sleep`, "
        "`httpx.AsyncClient.get`, "
        "`asyncpg.Connection.fetch`, ...). A coroutine handed to `gather`, `create_task`, `run`, a "
        "nursery or returned to a caller is not flagged.\n\n"
        "## Why is this bad?\n"
        "The call looks like it does the work, but nothing runs until the coroutine is awaited. A "
        "coroutine object is also always true, so `if coro():` takes the same branch every "
        "time.\n\n"
        "## Example\n"
        "```python\n"
        "async def save(user):\n"
        "    db.write(user)  # db.write is async\n"
        "```\n\n"
        "Use instead:\n"
        "```python\n"
        "async def save(user):\n"
        "    await db.write(user)\n"
        "```\n",
};
