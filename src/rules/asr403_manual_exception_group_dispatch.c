/* ASR403 manual-exception-group-dispatch: `except ExceptionGroup as eg:` whose body sorts the
 * members by type by hand (`eg.subgroup(X)`, `eg.split(X)`, `for e in eg.exceptions: if
 * isinstance(e, X)`), which `except* X:` clauses do for you on Python 3.11+. */
#include "rules/structured.h"

#include "base/strbuf.h"
#include "parse/visit.h"

#include <string.h>

static const char *const group_types[] = {
    "builtins.ExceptionGroup",
    "builtins.BaseExceptionGroup",
    "exceptiongroup.ExceptionGroup",
    "exceptiongroup.BaseExceptionGroup",
    NULL,
};

typedef struct Dispatch {
    RuleCtx *cx;
    Ident group;             /* the handler's `as` name */
    VEC(Ident) members;      /* loop variables over `group.exceptions` */
    VEC(const Expr *) types; /* the class expressions dispatched on, in source order */
    const Expr *first;       /* the first dispatching expression, for the message */
} Dispatch;

/* A class (or tuple of classes) as written: names and attributes, not a predicate function. */
static bool
is_class_expr(RuleCtx *cx, const Expr *e)
{
    if (e->kind == E_Tuple) {
        for (uint32_t i = 0; i < e->v.Tuple.elts.len; i++)
            if (!is_class_expr(cx, e->v.Tuple.elts.items[i]))
                return false;
        return e->v.Tuple.elts.len > 0;
    }
    if (e->kind != E_Name && e->kind != E_Attribute)
        return false;
    if (e->kind == E_Name) {
        const Binding *b = sem_lookup(cx->sm, cx->scope, e->v.Name.id, e->start);
        if (b && (b->kind == BIND_FUNCTION || (b->value && b->value->kind == E_Lambda)))
            return false; /* eg.subgroup(is_retryable): a predicate has no except* form */
    }
    return true;
}

static bool
is_group_name(const Dispatch *d, const Expr *e)
{
    return e->kind == E_Name && e->v.Name.id == d->group;
}

static void
add_type(Dispatch *d, const Expr *type, const Expr *at)
{
    if (!d->first)
        d->first = at;
    VEC_PUSH(d->cx->out_arena, d->types, type);
}

static bool
enter_stmt(Visitor *v, const Stmt *s)
{
    Dispatch *d = v->data;
    if (s->kind == S_FunctionDef || s->kind == S_AsyncFunctionDef || s->kind == S_ClassDef)
        return false;
    if (s->kind == S_For && s->v.For.target->kind == E_Name && s->v.For.iter->kind == E_Attribute &&
        !strcmp(s->v.For.iter->v.Attribute.attr, "exceptions") &&
        is_group_name(d, s->v.For.iter->v.Attribute.value))
        VEC_PUSH(d->cx->out_arena, d->members, s->v.For.target->v.Name.id);
    return true;
}

static bool
enter_expr(Visitor *v, const Expr *e)
{
    Dispatch *d = v->data;
    if (e->kind == E_Lambda)
        return false;
    if (e->kind != E_Call || e->v.Call.args.len != 1 || e->v.Call.keywords.len)
        return true;
    const Expr *f = e->v.Call.func;
    const Expr *arg = e->v.Call.args.items[0];
    if (f->kind == E_Attribute && is_group_name(d, f->v.Attribute.value) &&
        (!strcmp(f->v.Attribute.attr, "subgroup") || !strcmp(f->v.Attribute.attr, "split")) &&
        is_class_expr(d->cx, arg)) {
        add_type(d, arg, e);
        return true;
    }
    return true;
}

/* isinstance(member, X) with member a loop variable over the group's exceptions: checked after the
 * walk has seen the loops (they come first in source order, so one pass would do, but a second
 * keeps the two shapes apart). */
static bool
enter_isinstance(Visitor *v, const Expr *e)
{
    Dispatch *d = v->data;
    if (e->kind == E_Lambda)
        return false;
    if (e->kind != E_Call || e->v.Call.args.len != 2 || e->v.Call.func->kind != E_Name ||
        !sem_is_builtin(d->cx->sm, d->cx->scope, e->v.Call.func, "isinstance"))
        return true;
    const Expr *obj = e->v.Call.args.items[0];
    if (obj->kind != E_Name)
        return true;
    for (uint32_t i = 0; i < d->members.len; i++)
        if (d->members.items[i] == obj->v.Name.id &&
            is_class_expr(d->cx, e->v.Call.args.items[1])) {
            add_type(d, e->v.Call.args.items[1], e);
            break;
        }
    return true;
}

static bool
skip_defs(Visitor *v, const Stmt *s)
{
    (void)v;
    return s->kind != S_FunctionDef && s->kind != S_AsyncFunctionDef && s->kind != S_ClassDef;
}

/* The try statement with its one handler replaced by one `except*` clause per dispatched type. */
static const char *
except_star_suggestion(RuleCtx *cx, const Stmt *s, const ExceptHandler *h, const Dispatch *d)
{
    const char *indent = cx_indent(cx, s->start);
    StrBuf sb = STRBUF_INIT;
    sb_adds(&sb, cx_text(cx, s->start, h->start));
    const char **seen = ARENA_ARRAY(cx->out_arena, const char *, d->types.len);
    uint32_t nseen = 0;
    for (uint32_t i = 0; i < d->types.len; i++) {
        const char *t = cx_expr_text(cx, d->types.items[i]);
        bool dup = false;
        for (uint32_t j = 0; j < nseen && !dup; j++)
            dup = !strcmp(seen[j], t);
        if (dup)
            continue;
        seen[nseen++] = t;
        bool tuple = d->types.items[i]->kind == E_Tuple && t[0] != '(';
        sb_printf(&sb,
                  "%sexcept* %s%s%s as %s:\n%s    ...  # handle the matching exceptions in "
                  "%s.exceptions\n",
                  nseen > 1 ? indent : "", tuple ? "(" : "", t, tuple ? ")" : "", h->name, indent,
                  h->name);
    }
    /* drop the newline after the last clause: else/finally (or the statement's end) follow */
    if (sb.len && sb.data[sb.len - 1] == '\n')
        sb.data[--sb.len] = '\0';
    sb_adds(&sb, cx_text(cx, h->end, s->end));
    const char *out = reindent(cx, sb_cstr(&sb), indent, "");
    sb_free(&sb);
    return out;
}

static void
check_try(RuleCtx *cx, const Stmt *s)
{
    for (uint32_t i = 0; i < s->v.Try.handlers.len; i++) {
        const ExceptHandler *h = s->v.Try.handlers.items[i];
        if (!h->name || !h->type || (h->type->kind != E_Name && h->type->kind != E_Attribute))
            continue;
        const char *q = cx_qualname(cx, h->type);
        if (!q || !qualname_in(catalog_canonical(q), group_types))
            continue;
        Dispatch d = { .cx = cx, .group = h->name };
        Visitor v = { .enter_stmt = enter_stmt, .enter_expr = enter_expr, .data = &d };
        visit_stmts(&v, h->body);
        if (d.members.len) {
            Visitor iv = { .enter_stmt = skip_defs, .enter_expr = enter_isinstance, .data = &d };
            visit_stmts(&iv, h->body);
        }
        if (!d.types.len)
            continue; /* logs or re-raises the group as a whole */
        Finding *f =
            rule_report(cx, h->start, h->type->end,
                        "`except %s as %s` sorts the group's exceptions by type by hand (`%s`); "
                        "`except* %s:` clauses do that",
                        cx_expr_text(cx, h->type), h->name, cx_expr_text(cx, d.first),
                        cx_expr_text(cx, d.types.items[0]));
        if (s->v.Try.handlers.len == 1) {
            finding_suggest(cx, f, s->start, s->end, except_star_suggestion(cx, s, h, &d));
            finding_fix_title(cx, f, "Use one `except*` clause per exception type");
        }
    }
}

const RuleDesc rule_asr403 = {
    .code = "ASR403",
    .name = "manual-exception-group-dispatch",
    .severity = SEV_SUGGESTION,
    .area = AREA_ERROR_HANDLING,
    .frameworks = FW_ALL,
    .min_version = 311,
    .stmt_kinds = STMT_BIT(S_Try),
    .on_stmt = check_try,
    .summary =
        "`except ExceptionGroup` handler that dispatches on member types by hand; use `except*`",
    .why =
        "`except* X:` runs its clause with the sub-group of the members that are `X` and re-raises "
        "whatever no clause matched, with tracebacks intact. Hand-written `subgroup`/`split` calls "
        "and `isinstance` loops are longer and easy to get wrong: forgetting to re-raise the rest "
        "silently swallows errors.",
    .doc =
        "## What it does\n"
        "On Python 3.11+, flags `except ExceptionGroup as eg:` and `except BaseExceptionGroup as "
        "eg:` (also `exceptiongroup.ExceptionGroup`) when the handler dispatches on the types of "
        "the group's members: `eg.subgroup(X)`, `eg.split(X)`, or `for e in eg.exceptions:` with "
        "`isinstance(e, X)`, where `X` is a class or tuple of classes (a predicate function is "
        "not flagged). A handler that only logs, wraps or re-raises the group is left alone. When "
        "the `try` has only that handler, the suggestion shows the `except*` clauses to write, one "
        "per type, to fill in with the handling code.\n\n"
        "## Why is this bad?\n"
        "`except*` is the language's own dispatch for exception groups: each clause sees the "
        "sub-group that matches its type, and the members no clause handles are re-raised "
        "automatically. The hand-written version repeats that logic and often drops the "
        "unhandled members or their tracebacks.\n\n"
        "## Example\n"
        "```python\n"
        "try:\n"
        "    async with asyncio.TaskGroup() as tg:\n"
        "        tg.create_task(fetch())\n"
        "except ExceptionGroup as eg:\n"
        "    timeouts, rest = eg.split(TimeoutError)\n"
        "    if timeouts:\n"
        "        log.warning(\"timed out\")\n"
        "    if rest:\n"
        "        raise rest\n"
        "```\n\n"
        "Use instead:\n"
        "```python\n"
        "try:\n"
        "    async with asyncio.TaskGroup() as tg:\n"
        "        tg.create_task(fetch())\n"
        "except* TimeoutError:\n"
        "    log.warning(\"timed out\")\n"
        "```\n",
};
