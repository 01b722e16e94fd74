/* ASR404 except-misses-exception-group: `try: async with <task group>: ... except ValueError:` --
 * the task group wraps every error of its block in an ExceptionGroup, so the handler never matches.
 */
#include "rules/structured.h"

#include "base/strbuf.h"

#include <ctype.h>
#include <string.h>

/* Types that do catch a group, or that task groups re-raise unwrapped (cancellation, interrupts).
 */
static const char *const passes[] = {
    "builtins.ExceptionGroup",
    "builtins.BaseExceptionGroup",
    "exceptiongroup.ExceptionGroup",
    "exceptiongroup.BaseExceptionGroup",
    "builtins.Exception",
    "builtins.BaseException",
    "builtins.KeyboardInterrupt",
    "builtins.SystemExit",
    "builtins.GeneratorExit",
    "asyncio.CancelledError",
    "asyncio.exceptions.CancelledError",
    "trio.Cancelled",
    NULL,
};

/* Whether every type the handler names is a plain exception class that a group would hide. */
static bool
handler_misses_group(RuleCtx *cx, const ExceptHandler *h)
{
    if (!h->type)
        return false;
    ExprSeq types = { (Expr **)&h->type, 1 };
    if (h->type->kind == E_Tuple)
        types = h->type->v.Tuple.elts;
    for (uint32_t i = 0; i < types.len; i++) {
        const Expr *t = types.items[i];
        if (t->kind != E_Name && t->kind != E_Attribute)
            return false;
        const char *q = cx_qualname(cx, t);
        if (!q || qualname_in(catalog_canonical(q), passes))
            return false;
    }
    return true;
}

/* The task-group kind when the try body is exactly one `async with` opening a task group. */
static const Stmt *
sole_task_group(RuleCtx *cx, const Stmt *s, const char **kind)
{
    if (s->v.Try.body.len != 1 || s->v.Try.body.items[0]->kind != S_AsyncWith)
        return NULL;
    const Stmt *w = s->v.Try.body.items[0];
    for (uint32_t k = 0; k < w->v.With.items.len; k++) {
        const Expr *ce = w->v.With.items.items[k]->context_expr;
        *kind = taskgroup_kind(cx, ce);
        if (!*kind)
            continue;
        const Expr *strict = keyword_arg(ce, "strict_exception_groups");
        if (strict && !expr_is_true(strict))
            return NULL; /* trio's loose mode lets a lone exception through */
        return w;
    }
    return NULL;
}

static bool
handlers_fit_except_star(const Stmt *s)
{
    for (uint32_t i = 0; i < s->v.Try.handlers.len; i++) {
        const ExceptHandler *h = s->v.Try.handlers.items[i];
        if (!h->type || stmts_contain_kind(h->body, S_Return) ||
            stmts_contain_kind(h->body, S_Break) || stmts_contain_kind(h->body, S_Continue))
            return false;
    }
    return true;
}

/* Before 3.11: the handler as a function given to exceptiongroup.catch(). */
static const char *
catch_suggestion(RuleCtx *cx, const Stmt *s, const ExceptHandler *h)
{
    const char *tname = cx_expr_text(cx, h->type);
    StrBuf fn = STRBUF_INIT;
    sb_adds(&fn, "on_");
    const char *last = strrchr(tname, '.');
    for (const char *p = last ? last + 1 : tname; *p; p++)
        if (isalnum((unsigned char)*p) || *p == '_')
            sb_addc(&fn, (char)tolower((unsigned char)*p));
    const char *body = sugg_dedent(cx, h->body.items[0]->start, h->end);
    const char *inner = sugg_dedent(cx, s->v.Try.body.items[0]->start, s->v.Try.body.items[0]->end);
    const char *out = arena_sprintf(
        cx->out_arena, "def %s(%s):\n%s\n\n\nwith exceptiongroup.catch({%s: %s}):\n%s",
        sb_cstr(&fn), h->name ? h->name : "group",
        reindent(cx, arena_sprintf(cx->out_arena, "    %s", body), "", "    "), tname, sb_cstr(&fn),
        reindent(cx, arena_sprintf(cx->out_arena, "    %s", inner), "", "    "));
    sb_free(&fn);
    return out;
}

static void
check_try(RuleCtx *cx, const Stmt *s)
{
    const char *kind = NULL;
    const Stmt *w = sole_task_group(cx, s, &kind);
    if (!w)
        return;
    const ExceptHandler *bad = NULL;
    for (uint32_t i = 0; i < s->v.Try.handlers.len && !bad; i++)
        if (handler_misses_group(cx, s->v.Try.handlers.items[i]))
            bad = s->v.Try.handlers.items[i];
    if (!bad)
        return;
    Finding *f =
        rule_report(cx, bad->start, bad->type->end,
                    "`except %s` never matches errors from the %s block: they arrive wrapped in an "
                    "`ExceptionGroup`",
                    cx_expr_text(cx, bad->type), kind);
    if (cx->pyver >= 311 && handlers_fit_except_star(s)) {
        StrBuf sb = STRBUF_INIT;
        uint32_t at = s->start;
        for (uint32_t i = 0; i < s->v.Try.handlers.len; i++) {
            const ExceptHandler *h = s->v.Try.handlers.items[i];
            sb_adds(&sb, cx_text(cx, at, h->start + 6));
            sb_adds(&sb, "*");
            at = h->start + 6;
        }
        sb_adds(&sb, cx_text(cx, at, s->end));
        const char *indent = cx_indent(cx, s->start);
        finding_suggest(cx, f, s->start, s->end, reindent(cx, sb_cstr(&sb), indent, ""));
        sb_free(&sb);
        finding_fix_title(cx, f, "Use `except*` so the handlers match inside the group");
        for (uint32_t i = 0; i < s->v.Try.handlers.len; i++) {
            const ExceptHandler *h = s->v.Try.handlers.items[i];
            finding_edit(cx, f, h->start, h->start + 6, "except*");
        }
        return;
    }
    if (cx->pyver < 311 && s->v.Try.handlers.len == 1 && !s->v.Try.orelse.len &&
        !s->v.Try.finalbody.len) {
        finding_suggest(cx, f, s->start, s->end, catch_suggestion(cx, s, bad));
        finding_fix_title(cx, f,
                          "Handle the errors inside the group with `exceptiongroup.catch()`");
    }
}

const RuleDesc rule_asr404 = {
    .code = "ASR404",
    .name = "except-misses-exception-group",
    .severity = SEV_WARNING,
    .area = AREA_ERROR_HANDLING,
    .frameworks = FW_ALL,
    .fix = FIX_UNSAFE,
    .stmt_kinds = STMT_BIT(S_Try),
    .on_stmt = check_try,
    .summary = "`except SomeError` around a task group, whose errors arrive as an `ExceptionGroup`",
    .why = "`asyncio.TaskGroup`, trio nurseries (strict exception groups, the default since trio "
           "0.25) "
           "and anyio 4 task groups raise every error of their block, even a single one, wrapped "
           "in an "
           "`ExceptionGroup`. A handler for the plain exception type is skipped and the group "
           "propagates.",
    .doc =
        "## What it does\n"
        "Flags a `try` whose body is one `async with` opening `asyncio.TaskGroup()`, "
        "`trio.open_nursery()` or `anyio.create_task_group()`, when a handler names only plain "
        "exception classes (not `ExceptionGroup`, `BaseExceptionGroup`, `Exception`, "
        "`BaseException`, nor the cancellation and interrupt exceptions task groups re-raise "
        "unwrapped). On Python 3.11+ the unsafe fix turns the handlers into `except*`; before 3.11 "
        "the suggestion uses `exceptiongroup.catch()`. Nurseries opened with "
        "`strict_exception_groups=False` are left alone.\n\n"
        "## Why is this bad?\n"
        "The handler looks like it deals with the error, but it never runs: the program fails "
        "with an unhandled `ExceptionGroup` instead.\n\n"
        "## Example\n"
        "```python\n"
        "async def main():\n"
        "    try:\n"
        "        async with asyncio.TaskGroup() as tg:\n"
        "            tg.create_task(fetch())\n"
        "    except ConnectionError:\n"
        "        log.warning(\"offline\")\n"
        "```\n\n"
        "Use instead:\n"
        "```python\n"
        "async def main():\n"
        "    try:\n"
        "        async with asyncio.TaskGroup() as tg:\n"
        "            tg.create_task(fetch())\n"
        "    except* ConnectionError:\n"
        "        log.warning(\"offline\")\n"
        "```\n",
};
