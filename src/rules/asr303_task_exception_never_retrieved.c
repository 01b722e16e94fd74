/* ASR303 task-exception-never-retrieved: a task made by create_task/ensure_future and kept in a
 * local or a `self` attribute, that is never awaited, gathered, waited for or handed to other code,
 * and has no .result()/.exception()/add_done_callback: at most it is cancelled or polled with
 * .done(). Its exception is never retrieved: asyncio only logs it when the task is
 * garbage-collected. (A local that is never read at all is ASR120.) */
#include "rules/asyncsem.h"
#include "rules/structured.h"
#include "rules/usesem.h"

#include "parse/visit.h"

#include <string.h>

static const char *const spawners[] = { "asyncio.create_task", "asyncio.ensure_future",
                                        "asyncio.AbstractEventLoop.create_task", NULL };

/* Methods that neither retrieve the task's outcome nor hand the task on. */
static const char *const idle_methods[] = { "cancel",     "cancelled", "done",      "get_name",
                                            "set_name",   "get_coro",  "get_stack", "print_stack",
                                            "cancelling", "uncancel",  NULL };

/* Whether a read of the task leaves its exception unretrieved (cancelled, polled, tested). */
static bool
use_is_idle(StmtSeq body, const Expr *node)
{
    UsePath p;
    if (!use_path(body, node, &p))
        return false;
    const Expr *detail;
    UseKind k = use_kind(&p, node, &detail);
    if (k == USE_TEST)
        return true;
    if (k == USE_METHOD || k == USE_ATTR)
        return qualname_in(use_method_name(k, detail), idle_methods);
    return false;
}

/* A broad handler: bare, Exception or BaseException (alone or in a tuple). */
static bool
handler_is_broad(RuleCtx *cx, const ExceptHandler *h)
{
    if (!h->type)
        return true;
    const char *t = cx_expr_text(cx, h->type);
    return strstr(t, "Exception") != NULL;
}

static bool
try_is_broad(RuleCtx *cx, const Stmt *s)
{
    if (s->kind != S_Try)
        return false;
    for (uint32_t i = 0; i < s->v.Try.handlers.len; i++)
        if (handler_is_broad(cx, s->v.Try.handlers.items[i]))
            return true;
    return false;
}

/* The coroutine body catches its own errors: a top-level `try` (or one directly in a top-level
 * loop) with a broad handler. */
static bool
body_handles_errors(RuleCtx *cx, StmtSeq body)
{
    for (uint32_t i = 0; i < body.len; i++) {
        const Stmt *s = body.items[i];
        if (try_is_broad(cx, s))
            return true;
        if (s->kind == S_While || s->kind == S_For || s->kind == S_AsyncFor || s->kind == S_With ||
            s->kind == S_AsyncWith) {
            StmtSeq inner = s->kind == S_While                            ? s->v.While.body
                            : s->kind == S_With || s->kind == S_AsyncWith ? s->v.With.body
                                                                          : s->v.For.body;
            for (uint32_t j = 0; j < inner.len; j++)
                if (try_is_broad(cx, inner.items[j]))
                    return true;
        }
    }
    return false;
}

static const Stmt *
find_method(const Stmt *cls, const char *name)
{
    if (!cls)
        return NULL;
    StmtSeq b = cls->v.ClassDef.body;
    for (uint32_t i = 0; i < b.len; i++)
        if (b.items[i]->kind == S_AsyncFunctionDef && !strcmp(b.items[i]->v.FunctionDef.name, name))
            return b.items[i];
    return NULL;
}

/* The spawned coroutine is a function of this file that handles its own errors. */
static bool
coro_handles_errors(RuleCtx *cx, const Expr *spawn, const Stmt *cls)
{
    if (!spawn->v.Call.args.len || spawn->v.Call.args.items[0]->kind != E_Call)
        return false;
    const Expr *func = spawn->v.Call.args.items[0]->v.Call.func;
    const Stmt *def = local_async_def(cx, func);
    if (!def && is_self_attr(func))
        def = find_method(cls, func->v.Attribute.attr);
    return def && body_handles_errors(cx, def->v.FunctionDef.body);
}

typedef struct AttrScan {
    Ident attr;
    StmtSeq body;
    const Expr *store; /* the assignment target itself */
    bool retrieved;
    uint32_t reads;
} AttrScan;

static bool
attr_enter_expr(Visitor *v, const Expr *e)
{
    AttrScan *as = v->data;
    if (e->kind != E_Attribute || e == as->store || strcmp(e->v.Attribute.attr, as->attr))
        return true;
    if (e->v.Attribute.ctx != CTX_LOAD)
        return true;
    if (!is_self_attr(e) || !use_is_idle(as->body, e))
        as->retrieved = v->stop = true;
    as->reads++;
    return true;
}

static const char *
suggestion(RuleCtx *cx, const Stmt *s, const char *target)
{
    return arena_sprintf(
        cx->out_arena,
        "# module level:\n"
        "# def report_task_error(task):\n"
        "#     if not task.cancelled() and task.exception() is not None:\n"
        "#         log.error(\"background task failed\", exc_info=task.exception())\n"
        "%s\n"
        "%s.add_done_callback(report_task_error)",
        sugg_dedent(cx, s->start, s->end), target);
}

static void
check_assign(RuleCtx *cx, const Stmt *s)
{
    if (s->v.Assign.targets.len != 1 || !expr_is_call_to(cx, s->v.Assign.value, spawners))
        return;
    const Expr *spawn = s->v.Assign.value;
    const Expr *target = s->v.Assign.targets.items[0];
    const Stmt *fn = enclosing_function_stmt(cx, NULL);
    if (!fn)
        return;
    const Stmt *cls = class_of_method(cx, fn);
    if (coro_handles_errors(cx, spawn, cls))
        return;
    const char *func = cx_expr_text(cx, spawn->v.Call.func);
    if (target->kind == E_Name) {
        const Binding *b = sem_binding_of(cx->sm, target);
        if (!b || b->scope->kind != SCOPE_FUNCTION || !b->uses.len)
            return; /* unread locals are ASR120's */
        for (uint32_t i = 0; i < b->uses.len; i++)
            if (!use_is_idle(fn->v.FunctionDef.body, b->uses.items[i].name))
                return;
        Finding *f =
            rule_report_expr(cx, spawn,
                             "The task `%s` from `%s()` is never awaited or checked, so its "
                             "exception is never retrieved",
                             target->v.Name.id, func);
        finding_suggest(cx, f, s->start, s->end, suggestion(cx, s, target->v.Name.id));
        return;
    }
    if (!is_self_attr(target) || !cls)
        return;
    AttrScan as = { .attr = target->v.Attribute.attr,
                    .body = cls->v.ClassDef.body,
                    .store = target };
    Visitor v = { .enter_expr = attr_enter_expr, .data = &as };
    visit_module(&v, cx->sm->mod); /* reads through other receivers anywhere in the file count */
    if (as.retrieved)
        return;
    Finding *f =
        rule_report_expr(cx, spawn,
                         "The task `%s` from `%s()` is never awaited or checked anywhere in "
                         "class `%s`, so its exception is never retrieved",
                         cx_expr_text(cx, target), func, cls->v.ClassDef.name);
    finding_suggest(cx, f, s->start, s->end, suggestion(cx, s, cx_expr_text(cx, target)));
}

const RuleDesc rule_asr303 = {
    .code = "ASR303",
    .name = "task-exception-never-retrieved",
    .severity = SEV_WARNING,
    .area = AREA_ERROR_HANDLING,
    .frameworks = FW_BIT(FW_ASYNCIO),
    .stmt_kinds = STMT_BIT(S_Assign),
    .on_stmt = check_assign,
    .summary = "Stored task that is only cancelled or polled: its exception is never retrieved",
    .why = "A task's exception is delivered only to whoever awaits it or calls "
           "`result()`/`exception()`. "
           "A task that is merely kept and cancelled fails silently: asyncio logs \"Task exception "
           "was "
           "never retrieved\" at garbage collection, long after the fact, if at all.",
    .doc =
        "## What it does\n"
        "Flags `x = asyncio.create_task(...)` (or `ensure_future`) kept in a local, or in "
        "`self.x` of a class, when nothing in the function (for locals) or in the file (for "
        "attributes) awaits it, passes it to `gather`/`wait`/`as_completed` or any other call, "
        "returns or stores it elsewhere, or calls `.result()`, `.exception()` or "
        "`.add_done_callback()`. Calls to `.cancel()`, `.done()` and `.cancelled()` do not count. "
        "Tasks running a coroutine of this file that catches its own errors (a top-level `try` "
        "with `except Exception`) are not flagged.\n\n"
        "## Why is this bad?\n"
        "If the task fails before it is cancelled, the error vanishes: the feature it implements "
        "(a heartbeat, a refresher, a consumer) silently stops.\n\n"
        "## Example\n"
        "```python\n"
        "import asyncio\n\n"
        "class Client:\n"
        "    async def connect(self):\n"
        "        self._pinger = asyncio.create_task(self._ping_forever())\n\n"
        "    async def close(self):\n"
        "        self._pinger.cancel()\n"
        "```\n\n"
        "Use instead:\n"
        "```python\n"
        "import asyncio\n\n"
        "class Client:\n"
        "    async def connect(self):\n"
        "        self._pinger = asyncio.create_task(self._ping_forever())\n"
        "        self._pinger.add_done_callback(report_task_error)\n\n"
        "    async def close(self):\n"
        "        self._pinger.cancel()\n"
        "```\n",
};
