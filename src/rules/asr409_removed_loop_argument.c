/* ASR409 removed-loop-argument: `loop=` passed to an asyncio API that deprecated it in 3.8 and
 * removed it in 3.10 (a TypeError there). */
#include "rules/structured.h"

#include <string.h>

static const char *const removed_loop_apis[] = {
    "asyncio.sleep",
    "asyncio.gather",
    "asyncio.wait_for",
    "asyncio.wait",
    "asyncio.shield",
    "asyncio.as_completed",
    "asyncio.Queue",
    "asyncio.PriorityQueue",
    "asyncio.LifoQueue",
    "asyncio.Lock",
    "asyncio.Event",
    "asyncio.Semaphore",
    "asyncio.BoundedSemaphore",
    "asyncio.Condition",
    "asyncio.open_connection",
    "asyncio.start_server",
    "asyncio.open_unix_connection",
    "asyncio.start_unix_server",
    "asyncio.create_subprocess_exec",
    "asyncio.create_subprocess_shell",
    "asyncio.subprocess.create_subprocess_exec",
    "asyncio.subprocess.create_subprocess_shell",
    NULL,
};

/* The byte range that removing argument k (a keyword) from call must delete, commas included. */
static void
removal_range(const Expr *call, const Keyword *kw, uint32_t *start, uint32_t *end)
{
    uint32_t prev_end = 0, next_start = UINT32_MAX;
    bool has_prev = false;
    for (uint32_t i = 0; i < call->v.Call.args.len; i++) {
        const Expr *a = call->v.Call.args.items[i];
        if (a->end <= kw->start && (!has_prev || a->end > prev_end))
            prev_end = a->end, has_prev = true;
        if (a->start >= kw->end && a->start < next_start)
            next_start = a->start;
    }
    for (uint32_t i = 0; i < call->v.Call.keywords.len; i++) {
        const Keyword *k = call->v.Call.keywords.items[i];
        if (k == kw)
            continue;
        if (k->end <= kw->start && (!has_prev || k->end > prev_end))
            prev_end = k->end, has_prev = true;
        if (k->start >= kw->end && k->start < next_start)
            next_start = k->start;
    }
    if (has_prev) {
        *start = prev_end, *end = kw->end;
    } else if (next_start != UINT32_MAX) {
        *start = kw->start, *end = next_start;
    } else {
        *start = kw->start, *end = call->end - 1; /* up to `)`: drops a trailing comma too */
    }
}

static void
check_call(RuleCtx *cx, const Expr *call)
{
    const Keyword *kw = NULL;
    for (uint32_t i = 0; i < call->v.Call.keywords.len; i++)
        if (call->v.Call.keywords.items[i]->arg &&
            !strcmp(call->v.Call.keywords.items[i]->arg, "loop"))
            kw = call->v.Call.keywords.items[i];
    if (!kw)
        return;
    const char *q = canonical_target(cx, call);
    if (!qualname_in(q, removed_loop_apis))
        return;
    const char *name = cx_expr_text(cx, call->v.Call.func);
    Finding *f;
    if (cx->pyver >= 310) {
        f = rule_report(cx, kw->start, kw->end,
                        "`%s()` no longer accepts `loop=` (removed in Python 3.10): this call "
                        "raises `TypeError`",
                        name);
        f->severity = SEV_WARNING;
        finding_why(
            cx, f,
            "Python 3.10 removed the `loop` parameter from asyncio's high-level APIs, so the call "
            "fails "
            "with `TypeError` before doing anything. These APIs always use the running loop.");
    } else {
        f = rule_report(cx, kw->start, kw->end,
                        "`loop=` argument to `%s()` is deprecated and removed in Python 3.10",
                        name);
    }
    uint32_t start, end;
    removal_range(call, kw, &start, &end);
    const Stmt *stmt = cx_parent_stmt(cx);
    if (stmt && stmt->start <= call->start && stmt->end >= call->end)
        finding_suggest(cx, f, stmt->start, stmt->end, sugg_stmt_with(cx, stmt, start, end, ""));
    finding_fix_title(cx, f, "Remove the `loop=` argument");
    finding_edit(cx, f, start, end, "");
    f->fix = cx->pyver >= 310 && !range_has_comment(cx, start, end) ? FIX_SAFE : FIX_UNSAFE;
}

const RuleDesc rule_asr409 = {
    .code = "ASR409",
    .name = "removed-loop-argument",
    .severity = SEV_SUGGESTION,
    .area = AREA_PATTERNS,
    .frameworks = FW_BIT(FW_ASYNCIO),
    .fix = FIX_UNSAFE,
    .expr_kinds = EXPR_BIT(E_Call),
    .on_expr = check_call,
    .summary = "`loop=` argument to an asyncio API that removed it in Python 3.10",
    .why =
        "The `loop` parameter of asyncio's high-level functions and synchronisation primitives was "
        "deprecated in Python 3.8 and removed in 3.10; they always use the running loop. Passing "
        "it "
        "keeps code from running on current Python.",
    .doc = "## What it does\n"
           "Flags `loop=` passed to `asyncio.sleep`, `gather`, `wait_for`, `wait`, `shield`, "
           "`as_completed`, the queues, `Lock`, `Event`, `Semaphore`, `BoundedSemaphore`, "
           "`Condition`, "
           "`open_connection`, `start_server` (and their Unix variants) and "
           "`create_subprocess_exec`/`_shell`. On targets 3.10 and later the finding is a warning "
           "(the "
           "call raises `TypeError`) and removing the argument is a safe fix; before 3.10 it is a "
           "suggestion and the fix is unsafe (a different loop than the running one may have been "
           "meant).\n\n"
           "## Why is this bad?\n"
           "The argument is gone from current Python; code passing it fails at runtime.\n\n"
           "## Example\n"
           "```python\n"
           "async def pause(loop):\n"
           "    await asyncio.sleep(1, loop=loop)\n"
           "```\n\n"
           "Use instead:\n"
           "```python\n"
           "async def pause():\n"
           "    await asyncio.sleep(1)\n"
           "```\n",
};
