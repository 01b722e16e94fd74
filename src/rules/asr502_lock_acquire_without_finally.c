/* ASR502 lock-acquire-without-finally: `await lock.acquire()` on an asyncio/trio/anyio lock or
 * semaphore, released later in the same function but never from a `finally` or handler, so an
 * exception (or cancellation) in between leaves it held. */
#include "rules/asyncsem.h"
#include "rules/cancelsem.h"
#include "rules/suggest.h"

#include "parse/visit.h"

#include <string.h>

static const char *const acquires[] = {
    "asyncio.Lock.acquire",
    "asyncio.Semaphore.acquire",
    "asyncio.BoundedSemaphore.acquire",
    "asyncio.Condition.acquire",
    "trio.Lock.acquire",
    "trio.StrictFIFOLock.acquire",
    "trio.Semaphore.acquire",
    "trio.CapacityLimiter.acquire",
    "trio.Condition.acquire",
    "anyio.Lock.acquire",
    "anyio.Semaphore.acquire",
    "anyio.CapacityLimiter.acquire",
    "anyio.Condition.acquire",
    NULL,
};

typedef struct Scan {
    RuleCtx *cx;
    const char *recv; /* receiver text, e.g. "self._lock" */
    uint32_t after;   /* releases before the acquire do not count */
    VEC(const Stmt *) tries;
} Scan;

static bool
is_release_of(Scan *sc, const Expr *e)
{
    if (e->kind != E_Call || e->v.Call.args.len || e->v.Call.func->kind != E_Attribute)
        return false;
    const Expr *func = e->v.Call.func;
    return !strcmp(func->v.Attribute.attr, "release") &&
           !strcmp(cx_expr_text(sc->cx, func->v.Attribute.value), sc->recv);
}

static bool
in_cleanup(Scan *sc, uint32_t off)
{
    for (uint32_t i = 0; i < sc->tries.len; i++) {
        const Stmt *t = sc->tries.items[i];
        StmtSeq fin = t->v.Try.finalbody;
        if (fin.len && off >= fin.items[0]->start && off < t->end)
            return true;
        for (uint32_t k = 0; k < t->v.Try.handlers.len; k++)
            if (off >= t->v.Try.handlers.items[k]->start && off < t->v.Try.handlers.items[k]->end)
                return true;
    }
    return false;
}

static bool
scan_stmt(Visitor *v, const Stmt *s)
{
    Scan *sc = v->data;
    if (s->kind == S_FunctionDef || s->kind == S_AsyncFunctionDef || s->kind == S_ClassDef)
        return false;
    if (s->kind == S_Try || s->kind == S_TryStar)
        VEC_PUSH(sc->cx->out_arena, sc->tries, s);
    return true;
}

typedef struct ReleaseFind {
    Scan *sc;
    bool any_protected;
    const Expr *first_after;
} ReleaseFind;

static bool
find_release(Visitor *v, const Expr *e)
{
    ReleaseFind *rf = v->data;
    if (e->kind == E_Lambda)
        return false;
    if (!is_release_of(rf->sc, e))
        return true;
    if (in_cleanup(rf->sc, e->start))
        rf->any_protected = true;
    else if (e->start > rf->sc->after && !rf->first_after)
        rf->first_after = e;
    return true;
}

static bool
skip_defs(Visitor *v, const Stmt *s)
{
    (void)v;
    return s->kind != S_FunctionDef && s->kind != S_AsyncFunctionDef && s->kind != S_ClassDef;
}

/* The statement sequence of parent holding s, or an empty one. */
static StmtSeq
block_of(const Stmt *parent, const Stmt *s)
{
    StmtSeq none = { NULL, 0 };
    StmtSeq cands[4] = { none, none, none, none };
    switch (parent->kind) {
    case S_FunctionDef:
    case S_AsyncFunctionDef:
        cands[0] = parent->v.FunctionDef.body;
        break;
    case S_If:
    case S_While:
        cands[0] = parent->v.If.body;
        cands[1] = parent->v.If.orelse;
        break;
    case S_For:
    case S_AsyncFor:
        cands[0] = parent->v.For.body;
        cands[1] = parent->v.For.orelse;
        break;
    case S_With:
    case S_AsyncWith:
        cands[0] = parent->v.With.body;
        break;
    case S_Try:
    case S_TryStar:
        cands[0] = parent->v.Try.body;
        cands[1] = parent->v.Try.orelse;
        cands[2] = parent->v.Try.finalbody;
        for (uint32_t k = 0; k < parent->v.Try.handlers.len; k++)
            for (uint32_t i = 0; i < parent->v.Try.handlers.items[k]->body.len; i++)
                if (parent->v.Try.handlers.items[k]->body.items[i] == s)
                    return parent->v.Try.handlers.items[k]->body;
        break;
    default:
        break;
    }
    for (int c = 0; c < 4; c++)
        for (uint32_t i = 0; i < cands[c].len; i++)
            if (cands[c].items[i] == s)
                return cands[c];
    return none;
}

static void
check_stmt(RuleCtx *cx, const Stmt *s)
{
    const Expr *aw = s->v.Expr.value;
    if (aw->kind != E_Await || !cx_in_async_function(cx))
        return;
    const Expr *call = aw->v.Await.value;
    if (!expr_is_call_to(cx, call, acquires) || call->v.Call.func->kind != E_Attribute)
        return;
    uint32_t fn_index = 0;
    const Stmt *fn = enclosing_function_stmt(cx, &fn_index);
    if (!fn || !strcmp(fn->v.FunctionDef.name, "__aenter__"))
        return; /* released by __aexit__ */
    Scan sc = { .cx = cx,
                .recv = cx_expr_text(cx, call->v.Call.func->v.Attribute.value),
                .after = s->end };
    Visitor v = { .enter_stmt = scan_stmt, .data = &sc };
    visit_stmts(&v, fn->v.FunctionDef.body);
    ReleaseFind rf = { &sc, false, NULL };
    Visitor rv = { .enter_stmt = skip_defs, .enter_expr = find_release, .data = &rf };
    visit_stmts(&rv, fn->v.FunctionDef.body);
    if (rf.any_protected || !rf.first_after)
        return; /* released safely, or handed over to other code: not ours to judge */
    Finding *f =
        rule_report_stmt(cx, s,
                         "The lock taken by `%s` is released without `try`/`finally`, so an "
                         "exception or cancellation in between leaves it held",
                         cx_expr_text(cx, aw));
    /* `async with lock:` over the statements up to a release in the same block */
    StmtSeq block = block_of(cx_parent_stmt(cx), s);
    uint32_t i = 0;
    while (i < block.len && block.items[i] != s)
        i++;
    for (uint32_t j = i + 1; j < block.len; j++) {
        const Stmt *r = block.items[j];
        if (r->kind != S_Expr || r->v.Expr.value != rf.first_after)
            continue;
        if (j == i + 1)
            break;
        const char *body = sugg_dedent(cx, block.items[i + 1]->start, block.items[j - 1]->end);
        finding_suggest(cx, f, s->start, r->end,
                        arena_sprintf(cx->out_arena, "async with %s:\n%s", sc.recv,
                                      sugg_indent(cx, body, "    ", false)));
        break;
    }
}

const RuleDesc rule_asr502 = {
    .code = "ASR502",
    .name = "lock-acquire-without-finally",
    .severity = SEV_WARNING,
    .area = AREA_RESOURCES,
    .frameworks = FW_ALL,
    .stmt_kinds = STMT_BIT(S_Expr),
    .on_stmt = check_stmt,
    .summary = "`await lock.acquire()` released later without `try`/`finally`",
    .why = "Between `acquire()` and `release()` any exception, and in async code any cancellation "
           "at an "
           "await, skips the release: the lock stays held and every later user waits forever.",
    .doc =
        "## What it does\n"
        "Flags `await x.acquire()` on an asyncio, trio or anyio lock, semaphore, capacity limiter "
        "or "
        "condition (when the type of `x` is known) when the same function later calls "
        "`x.release()` but never from a `finally` block or an `except` handler. Acquires whose "
        "release lives elsewhere (another method, a callback, `__aexit__`) are not flagged.\n\n"
        "## Why is this bad?\n"
        "An error or a cancellation between the two calls leaves the lock held forever: a deadlock "
        "that shows up only under failure.\n\n"
        "## Example\n"
        "```python\n"
        "import asyncio\n\n"
        "lock = asyncio.Lock()\n\n"
        "async def update(store, key, value):\n"
        "    await lock.acquire()\n"
        "    await store.put(key, value)\n"
        "    lock.release()\n"
        "```\n\n"
        "Use instead:\n"
        "```python\n"
        "import asyncio\n\n"
        "lock = asyncio.Lock()\n\n"
        "async def update(store, key, value):\n"
        "    async with lock:\n"
        "        await store.put(key, value)\n"
        "```\n",
};
