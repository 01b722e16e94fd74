/* ASR408 generator-based-coroutine: a `def` decorated with `@asyncio.coroutine` (removed in Python
 * 3.11) or `@types.coroutine` that delegates with `yield from`, written today as `async def` with
 * `await`. */
#include "rules/structured.h"

#include "base/strbuf.h"
#include "parse/visit.h"

#include <stdlib.h>
#include <string.h>

typedef struct YieldScan {
    VEC(const Expr *) yield_froms;
    bool bare_yield;
    Arena *arena;
} YieldScan;

static bool
scan_stmt(Visitor *v, const Stmt *s)
{
    (void)v;
    return s->kind != S_FunctionDef && s->kind != S_AsyncFunctionDef && s->kind != S_ClassDef;
}

static bool
scan_expr(Visitor *v, const Expr *e)
{
    YieldScan *ys = v->data;
    if (e->kind == E_Lambda || e->kind == E_GeneratorExp || e->kind == E_ListComp ||
        e->kind == E_SetComp || e->kind == E_DictComp)
        return false;
    if (e->kind == E_Yield)
        ys->bare_yield = true;
    if (e->kind == E_YieldFrom)
        VEC_PUSH(ys->arena, ys->yield_froms, e);
    return true;
}

/* Operands that `await X` takes without parentheses. */
static bool
is_primary(const Expr *e)
{
    return e->kind == E_Name || e->kind == E_Attribute || e->kind == E_Call ||
           e->kind == E_Subscript || e->kind == E_Constant || e->kind == E_List ||
           e->kind == E_Tuple || e->kind == E_Dict;
}

typedef struct Replace {
    uint32_t start, end;
    const char *text;
} Replace;

static int
cmp_replace(const void *a, const void *b)
{
    const Replace *x = a, *y = b;
    return x->start < y->start ? -1 : x->start > y->start;
}

static void
check_function(RuleCtx *cx, const Stmt *fn)
{
    if (fn->kind != S_FunctionDef)
        return;
    static const char *const asyncio_deco[] = { "asyncio.coroutine", "asyncio.coroutines.coroutine",
                                                NULL };
    static const char *const types_deco[] = { "types.coroutine", NULL };
    const Expr *deco = NULL;
    bool is_asyncio = false;
    ExprSeq decos = fn->v.FunctionDef.decorator_list;
    const Scope *fs = sem_scope_of_node(cx->sm, fn);
    const Scope *outer = fs && fs->parent ? fs->parent : cx->scope;
    for (uint32_t i = 0; i < decos.len && !deco; i++) {
        const char *q = sem_qualname(cx->sm, outer, decos.items[i]);
        if (qualname_in(q, asyncio_deco))
            deco = decos.items[i], is_asyncio = true;
        else if (qualname_in(q, types_deco))
            deco = decos.items[i];
    }
    if (!deco)
        return;
    YieldScan ys = { .arena = cx->out_arena };
    Visitor v = { .enter_stmt = scan_stmt, .enter_expr = scan_expr, .data = &ys };
    visit_stmts(&v, fn->v.FunctionDef.body);
    /* types.coroutine around a generator that yields futures itself is a low-level awaitable: keep
     * it */
    if (!is_asyncio && (ys.bare_yield || !ys.yield_froms.len))
        return;
    const char *name = fn->v.FunctionDef.name;
    Finding *f = rule_report(
        cx, deco->start - 1, deco->end,
        "`%s` is a generator-based coroutine; write it as `async def %s` with `await`", name, name);
    if (is_asyncio && cx->pyver >= 311) {
        f->severity = SEV_WARNING;
        finding_why(cx, f,
                    "`asyncio.coroutine` was removed in Python 3.11: this module fails with "
                    "`AttributeError` "
                    "when it is imported. Native coroutines (`async def`) replace it.");
    }
    if (ys.bare_yield)
        return; /* a bare `yield` has no `await` equivalent: the function needs a person */
    /* the rewrite: drop the decorator line, `def` -> `async def`, `yield from x` -> `await x` */
    const char *text = cx->pf->src.text;
    uint32_t deco_line = src_line_start(cx, deco->start);
    uint32_t deco_next = src_next_line(cx, deco->end);
    bool own_line = deco->start >= 1 && text[deco->start - 1] == '@';
    for (uint32_t p = deco_line; own_line && p < deco->start - 1; p++)
        own_line = text[p] == ' ' || text[p] == '\t';
    for (uint32_t p = deco->end; own_line && p < deco_next && text[p] != '\n' && text[p] != '#';
         p++)
        own_line = text[p] == ' ' || text[p] == '\t'; /* a trailing comment goes with the line */
    if (!own_line || strncmp(text + fn->start, "def", 3))
        return;
    uint32_t n = ys.yield_froms.len + 2;
    Replace *reps = arena_alloc(cx->out_arena, sizeof *reps * n);
    reps[0] = (Replace){ deco_line, deco_next, "" };
    reps[1] = (Replace){ fn->start, fn->start, "async " };
    for (uint32_t i = 0; i < ys.yield_froms.len; i++) {
        const Expr *yf = ys.yield_froms.items[i];
        const Expr *val = yf->v.YieldFrom.value;
        const char *vt = cx_expr_text(cx, val);
        reps[i + 2] = (Replace){ yf->start, yf->end,
                                 arena_sprintf(cx->out_arena,
                                               is_primary(val) ? "await %s" : "await (%s)", vt) };
    }
    qsort(reps, n, sizeof *reps, cmp_replace);
    /* the suggestion: the function from its first decorator with the replacements applied */
    uint32_t from = src_line_start(cx, decos.items[0]->start);
    StrBuf sb = STRBUF_INIT;
    uint32_t at = from;
    for (uint32_t i = 0; i < n; i++) {
        sb_add(&sb, text + at, reps[i].start - at);
        sb_adds(&sb, reps[i].text);
        at = reps[i].end;
    }
    sb_add(&sb, text + at, fn->end - at);
    const char *indent = cx_indent(cx, fn->start);
    const char *rewritten = reindent(cx, sb_cstr(&sb), indent, "");
    sb_free(&sb);
    finding_suggest(cx, f, from, fn->end, rewritten + strlen(indent));
    finding_fix_title(cx, f, "Rewrite as `async def %s` with `await`", name);
    for (uint32_t i = 0; i < n; i++)
        finding_edit(cx, f, reps[i].start, reps[i].end, reps[i].text);
}

const RuleDesc rule_asr408 = {
    .code = "ASR408",
    .name = "generator-based-coroutine",
    .severity = SEV_SUGGESTION,
    .area = AREA_PATTERNS,
    .frameworks = FW_ALL,
    .fix = FIX_UNSAFE,
    .hooks = HOOK_FUNCTION,
    .on_function = check_function,
    .summary =
        "Generator-based coroutine (`@asyncio.coroutine`, `@types.coroutine` with `yield from`)",
    .why =
        "Generator-based coroutines predate `async def`; `@asyncio.coroutine` was deprecated in "
        "3.8 "
        "and removed in 3.11. Native coroutines are faster, cannot be iterated by mistake, and are "
        "understood by type checkers and linters.",
    .doc =
        "## What it does\n"
        "Flags functions decorated with `@asyncio.coroutine`, and those decorated with "
        "`@types.coroutine` that delegate with `yield from` and never `yield` a value themselves "
        "(those are low-level awaitables and stay). On Python 3.11+ targets the "
        "`asyncio.coroutine` "
        "case is a warning: the decorator no longer exists. The unsafe fix removes the decorator, "
        "makes the function `async def` and turns each `yield from x` into `await x`; callers that "
        "still use `yield from` on it must change too.\n\n"
        "## Why is this bad?\n"
        "The decorator is gone from current Python, and generator-based coroutines mix up "
        "iteration "
        "and awaiting.\n\n"
        "## Example\n"
        "```python\n"
        "@asyncio.coroutine\n"
        "def fetch(reader):\n"
        "    data = yield from reader.read(100)\n"
        "    return data\n"
        "```\n\n"
        "Use instead:\n"
        "```python\n"
        "async def fetch(reader):\n"
        "    data = await reader.read(100)\n"
        "    return data\n"
        "```\n",
};
