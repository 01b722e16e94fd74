/* ASYNC111 variable-from-cm-in-start-soon: `nursery.start_soon(worker, conn)` where `conn` comes
 * from a `with ... as conn` opened inside the nursery's block: the context closes before the
 * nursery waits for the task, so the task may use `conn` after it was closed.
 *
 * The suggestion opens that context manager before the nursery, when moving it changes nothing
 * but its lifetime (see `reorder_suggestion`). */
#include "rules/structured.h"

#include "base/strbuf.h"
#include "parse/visit.h"

#include <string.h>

/* A with-item bound to a plain name, in the order the with statements enclose the code. */
typedef struct OpenCm {
    Ident name;
    uint32_t at;      /* start of the context expression (for its line) */
    bool is_nursery;  /* trio.open_nursery(), anyio.create_task_group(), asyncio.TaskGroup() */
    Framework fw;     /* a nursery's framework */
    const Stmt *with; /* the with statement, and the index of the item that bound the name */
    uint32_t item;
} OpenCm;

/* What a with statement, function, lambda or call restores when it ends (flake8-async saves the
 * visitor's whole state at those nodes). */
typedef struct Saved {
    uint32_t len, base;
    int32_t nursery;
    const char *method;
} Saved;

typedef struct CmState {
    RuleCtx *cx;
    VEC(OpenCm) cms; /* cms[base..len) are visible: a def or lambda starts with none */
    uint32_t base;
    int32_t nursery;    /* index in cms of the nursery whose start call holds the walk, or -1 */
    const char *method; /* "start", "start_soon" or "create_task" */
    VEC(Saved) saved;
} CmState;

static const char *const group_calls[][2] = {
    { "trio", "open_nursery" },
    { "anyio", "create_task_group" },
    { "asyncio", "TaskGroup" },
};
static const Framework group_frameworks[] = { FW_TRIO, FW_ANYIO, FW_ASYNCIO };

/* flake8-async matches `trio.open_nursery()` as written (the module by its own name, not an alias),
 * and the bare name imported from the module. Sets *fw to the nursery's framework. */
static bool
is_nursery_call(RuleCtx *cx, const Expr *e, Framework *fw)
{
    if (e->kind != E_Call)
        return false;
    const Expr *f = e->v.Call.func;
    for (size_t i = 0; i < sizeof group_calls / sizeof group_calls[0]; i++) {
        *fw = group_frameworks[i];
        if (f->kind == E_Attribute && f->v.Attribute.value->kind == E_Name &&
            !strcmp(f->v.Attribute.value->v.Name.id, group_calls[i][0]) &&
            !strcmp(f->v.Attribute.attr, group_calls[i][1]))
            return true;
        if (f->kind == E_Name && !strcmp(f->v.Name.id, group_calls[i][1])) {
            const char *q = cx_qualname(cx, f);
            size_t n = strlen(group_calls[i][0]);
            if (q && !strncmp(q, group_calls[i][0], n) && q[n] == '.' &&
                !strcmp(q + n + 1, group_calls[i][1]))
                return true;
        }
    }
    return false;
}

static void
save(CmState *st)
{
    Saved s = { st->cms.len, st->base, st->nursery, st->method };
    VEC_PUSH(st->cx->out_arena, st->saved, s);
}

static void
restore(CmState *st)
{
    Saved s = st->saved.items[--st->saved.len];
    st->cms.len = s.len;
    st->base = s.base;
    st->nursery = s.nursery;
    st->method = s.method;
}

static void
enter_scope(CmState *st)
{
    save(st);
    st->base = st->cms.len;
    st->nursery = -1;
    st->method = NULL;
}

static bool
enter_stmt(Visitor *v, const Stmt *s)
{
    CmState *st = v->data;
    switch (s->kind) {
    case S_FunctionDef:
    case S_AsyncFunctionDef:
        enter_scope(st);
        break;
    case S_With:
    case S_AsyncWith:
        save(st);
        for (uint32_t i = 0; i < s->v.With.items.len; i++) {
            const WithItem *it = s->v.With.items.items[i];
            if (!it->optional_vars || it->optional_vars->kind != E_Name)
                continue;
            OpenCm cm = { .name = it->optional_vars->v.Name.id,
                          .at = it->context_expr->start,
                          .with = s,
                          .item = i };
            cm.is_nursery = is_nursery_call(st->cx, it->context_expr, &cm.fw);
            VEC_PUSH(st->cx->out_arena, st->cms, cm);
        }
        break;
    default:
        break;
    }
    return true;
}

static void
leave_stmt(Visitor *v, const Stmt *s)
{
    if (s->kind == S_FunctionDef || s->kind == S_AsyncFunctionDef || s->kind == S_With ||
        s->kind == S_AsyncWith)
        restore(v->data);
}

static void
enter_call(CmState *st, const Expr *call)
{
    save(st);
    const Expr *f = call->v.Call.func;
    if (f->kind != E_Attribute || f->v.Attribute.value->kind != E_Name)
        return;
    const char *attr = f->v.Attribute.attr;
    if (strcmp(attr, "start") && strcmp(attr, "start_soon") && strcmp(attr, "create_task"))
        return;
    Ident recv = f->v.Attribute.value->v.Name.id;
    st->nursery = -1;
    st->method = NULL;
    /* the innermost with-item of that name decides: a later non-nursery one shadows the nursery */
    for (uint32_t i = st->base; i < st->cms.len; i++) {
        if (st->cms.items[i].name != recv)
            continue;
        st->nursery = st->cms.items[i].is_nursery ? (int32_t)i : -1;
        st->method = attr;
    }
}

/* ---- the suggestion: the context manager opened before the nursery --------------------------- */

static uint32_t
line_end(RuleCtx *cx, uint32_t off)
{
    const char *text = cx->pf->src.text;
    while (off < cx->pf->src.len && text[off] != '\n')
        off++;
    return off;
}

/* Only blanks before off on its line. */
static bool
starts_line_of(RuleCtx *cx, uint32_t off)
{
    const char *text = cx->pf->src.text;
    for (uint32_t i = src_line_start(cx, off); i < off; i++)
        if (text[i] != ' ' && text[i] != '\t')
            return false;
    return true;
}

typedef struct Span {
    uint32_t start, end;
} Span;
typedef VEC(Span) SpanVec;

/* The string literals (f- and t-strings whole, replacement fields included) in [start, end). */
static void
string_spans(RuleCtx *cx, uint32_t start, uint32_t end, SpanVec *out)
{
    const Lexer *lx = &cx->pf->lex;
    uint32_t lo = 0, hi = lx->ntokens;
    while (lo < hi) {
        uint32_t mid = lo + (hi - lo) / 2;
        if (lx->tokens[mid].start < start)
            lo = mid + 1;
        else
            hi = mid;
    }
    uint32_t depth = 0, open = 0;
    for (uint32_t i = lo; i < lx->ntokens && lx->tokens[i].start < end; i++) {
        const Token *t = &lx->tokens[i];
        if (t->kind == TOK_STRING && !depth) {
            VEC_PUSH(cx->out_arena, *out, ((Span){ t->start, t->end }));
        } else if (t->kind == TOK_FSTRING_START || t->kind == TOK_TSTRING_START) {
            if (!depth++)
                open = t->start;
        } else if ((t->kind == TOK_FSTRING_END || t->kind == TOK_TSTRING_END) && depth) {
            if (!--depth)
                VEC_PUSH(cx->out_arena, *out, ((Span){ open, t->end }));
        }
    }
}

/* Whether every line that begins inside a string literal of s is empty or starts with `ind`: the
 * suggestion is written back at s's indentation line by line, which would change any other. */
static bool
strings_survive(RuleCtx *cx, const Stmt *s, const char *ind)
{
    SpanVec spans = { 0 };
    string_spans(cx, s->start, s->end, &spans);
    const char *text = cx->pf->src.text;
    size_t n = strlen(ind);
    for (uint32_t i = 0; i < spans.len; i++)
        for (uint32_t at = spans.items[i].start; at < spans.items[i].end; at++)
            if (text[at] == '\n' && at + 1 < spans.items[i].end && text[at + 1] != '\n' &&
                strncmp(text + at + 1, ind, n))
                return false;
    return true;
}

/* emit_lines: the source lines of [start, end) (end at a line's end or start), each with its
 * leading `from` replaced by `to` (`from` NULL: kept as it is); when start is inside a line, that
 * first piece is written at `to`. Lines inside string literals, blank lines and continuation lines
 * indented otherwise are kept, so the code means what it meant. */
static void
emit_lines(RuleCtx *cx, StrBuf *sb, uint32_t start, uint32_t end, const char *from, const char *to)
{
    SpanVec spans = { 0 };
    string_spans(cx, start, end, &spans);
    const char *text = cx->pf->src.text;
    size_t flen = from ? strlen(from) : 0;
    bool mid_line = src_line_start(cx, start) != start;
    for (uint32_t at = start; at < end;) {
        uint32_t e = line_end(cx, at);
        if (e > end)
            e = end;
        bool in_string = false;
        for (uint32_t i = 0; i < spans.len && !in_string; i++)
            in_string = spans.items[i].start < at && at < spans.items[i].end;
        uint32_t q = at;
        while (q < e && (text[q] == ' ' || text[q] == '\t'))
            q++;
        if (at == start && mid_line) {
            sb_adds(sb, to);
            sb_add(sb, text + at, e - at);
        } else if (in_string) {
            sb_add(sb, text + at, e - at);
        } else if (q == e) {
            /* blank line: no trailing blanks */
        } else if (from && e - at >= flen && !strncmp(text + at, from, flen)) {
            sb_adds(sb, to);
            sb_add(sb, text + at + flen, e - at - flen);
        } else {
            sb_add(sb, text + at, e - at);
        }
        sb_addc(sb, '\n');
        at = e + 1;
    }
}

/* The colon that ends a with statement's header (after `)` of parenthesized items), or 0. */
static uint32_t
with_colon(RuleCtx *cx, const Stmt *w)
{
    const WithItem *last = w->v.With.items.items[w->v.With.items.len - 1];
    uint32_t at = last->optional_vars ? last->optional_vars->end : last->context_expr->end;
    const char *text = cx->pf->src.text;
    while (at < cx->pf->src.len) {
        char c = text[at];
        if (c == ' ' || c == '\t' || c == '\n' || c == '\\' || c == ')' || c == ',')
            at++;
        else if (c == '#')
            at = line_end(cx, at);
        else
            return c == ':' ? at : 0;
    }
    return 0;
}

/* The comment after the colon at `colon` on its line, or NULL. */
static const char *
colon_comment(RuleCtx *cx, uint32_t colon)
{
    const char *text = cx->pf->src.text;
    uint32_t end = line_end(cx, colon), at = colon + 1;
    while (at < end && (text[at] == ' ' || text[at] == '\t'))
        at++;
    return at < end && text[at] == '#' ? cx_text(cx, at, end) : NULL;
}

/* Items [from, to) of w as written, joined by ", "; NULL when one is not self-contained (a
 * parenthesized `as (name)`). */
static const char *
items_text(RuleCtx *cx, const Stmt *w, uint32_t from, uint32_t to)
{
    StrBuf sb = STRBUF_INIT;
    for (uint32_t i = from; i < to; i++) {
        const WithItem *it = w->v.With.items.items[i];
        uint32_t end = it->optional_vars ? it->optional_vars->end : it->context_expr->end;
        const char *t = cx_text(cx, it->context_expr->start, end);
        int depth = 0;
        for (const char *c = t; *c; c++)
            depth += (*c == '(' || *c == '[' || *c == '{') - (*c == ')' || *c == ']' || *c == '}');
        if (depth) {
            sb_free(&sb);
            return NULL;
        }
        sb_printf(&sb, "%s%s", i > from ? ", " : "", t);
    }
    const char *out = arena_strdup(cx->out_arena, sb_cstr(&sb));
    sb_free(&sb);
    return out;
}

typedef struct NameList {
    RuleCtx *cx;
    VEC(Ident) ids;
} NameList;

static bool
collect_name(Visitor *v, const Expr *e)
{
    NameList *nl = v->data;
    if (e->kind == E_Name)
        VEC_PUSH(nl->cx->out_arena, nl->ids, e->v.Name.id);
    return true;
}

static bool
in_list(const NameList *nl, Ident id)
{
    for (uint32_t i = 0; i < nl->ids.len; i++)
        if (nl->ids.items[i] == id)
            return true;
    return false;
}

static bool
flag_effect(Visitor *v, const Expr *e)
{
    if (e->kind == E_Call || e->kind == E_Await || e->kind == E_Yield || e->kind == E_YieldFrom) {
        *(bool *)v->data = true;
        v->stop = true;
    }
    return true;
}

/* A statement that calls and awaits nothing (`x = 1`, `label = f"{n}"`): opening the context
 * manager before it instead of after it cannot change what either does. */
static bool
quiet_stmt(const Stmt *s)
{
    if (s->kind != S_Assign && s->kind != S_AnnAssign && s->kind != S_AugAssign &&
        s->kind != S_Expr && s->kind != S_Pass)
        return false;
    bool effect = false;
    Visitor v = { .enter_expr = flag_effect, .data = &effect };
    visit_stmt(&v, s);
    return !effect;
}

/* Every name s mentions. */
static void
stmt_names(RuleCtx *cx, const Stmt *s, NameList *out)
{
    out->cx = cx;
    Visitor v = { .enter_expr = collect_name, .data = out };
    visit_stmt(&v, s);
}

static bool
collect_walrus(Visitor *v, const Expr *e)
{
    if (e->kind == E_NamedExpr)
        collect_name(v, e->v.NamedExpr.target);
    return true;
}

/* The names a quiet statement may change: its targets, with the bases of attribute and subscript
 * targets (`cfg.path = ...` changes what `cfg.path` reads), and walrus targets. */
static void
assigned_names(RuleCtx *cx, const Stmt *s, NameList *out)
{
    out->cx = cx;
    Visitor targets = { .enter_expr = collect_name, .data = out };
    if (s->kind == S_Assign)
        for (uint32_t i = 0; i < s->v.Assign.targets.len; i++)
            visit_expr(&targets, s->v.Assign.targets.items[i]);
    else if (s->kind == S_AnnAssign)
        visit_expr(&targets, s->v.AnnAssign.target);
    else if (s->kind == S_AugAssign)
        visit_expr(&targets, s->v.AugAssign.target);
    Visitor walrus = { .enter_expr = collect_walrus, .data = out };
    visit_stmt(&walrus, s);
}

static void
expr_names(RuleCtx *cx, const Expr *e, NameList *out)
{
    out->cx = cx;
    Visitor v = { .enter_expr = collect_name, .data = out };
    visit_expr(&v, e);
}

/* contextlib.suppress and pytest.raises swallow exceptions: around the nursery they would see its
 * exception group instead of the bare exception. */
static bool
suppresses(RuleCtx *cx, const Expr *ce)
{
    static const char *const suppressors[] = { "contextlib.suppress", "pytest.raises", NULL };
    const char *q = ce->kind == E_Call ? cx_call_target(cx, ce) : NULL;
    return q && qualname_in(q, suppressors);
}

static const char *
with_kw(const Stmt *w)
{
    return w->kind == S_AsyncWith ? "async with" : "with";
}

typedef struct Layer {
    const char *kw, *items, *comment;
} Layer;

/* Case `with` inside the nursery block: a with statement for n's items before the nursery (if
 * any), inside it one for w's first item, inside that one for the nursery, over n's block with w's
 * first item removed (w's other items stay, or w's body takes its place). */
static const char *
opened_before(RuleCtx *cx, const Stmt *n, uint32_t k, const Stmt *w)
{
    const char *ind = cx_indent(cx, n->start);
    const Stmt *first = n->v.With.body.items[0];
    const Stmt *wfirst = w->v.With.body.items[0];
    const char *body_ind = cx_indent(cx, first->start);
    size_t il = strlen(ind);
    uint32_t ncolon = with_colon(cx, n), wcolon = with_colon(cx, w);
    if (!starts_line_of(cx, first->start) || !starts_line_of(cx, w->start) || !ncolon || !wcolon ||
        strlen(body_ind) <= il || strncmp(body_ind, ind, il))
        return NULL;
    const char *unit = body_ind + il;
    const char *outer = k ? items_text(cx, n, 0, k) : "";
    const char *moved = items_text(cx, w, 0, 1), *group = items_text(cx, n, k, k + 1);
    const char *rest = items_text(cx, w, 1, w->v.With.items.len);
    if (!outer || !moved || !group || !rest)
        return NULL;

    Layer ls[3];
    uint32_t nl = 0;
    if (k)
        ls[nl++] = (Layer){ with_kw(n), outer, NULL };
    ls[nl++] = (Layer){ with_kw(w), moved, colon_comment(cx, wcolon) };
    ls[nl++] = (Layer){ with_kw(n), group, colon_comment(cx, ncolon) };
    StrBuf sb = STRBUF_INIT;
    const char *at = ind;
    for (uint32_t i = 0; i < nl; i++) {
        sb_printf(&sb, "%s%s %s:%s%s\n", i ? at : "", ls[i].kw, ls[i].items,
                  ls[i].comment ? "  " : "", ls[i].comment ? ls[i].comment : "");
        at = arena_sprintf(cx->out_arena, "%s%s", at, unit);
    }
    /* (the first line goes where the statement starts) `at` is now the block's indentation, one
     * level deeper per layer after the first */
    emit_lines(cx, &sb, src_next_line(cx, ncolon), src_line_start(cx, w->start), body_ind, at);
    uint32_t wend = line_end(cx, w->end);
    bool same_line = !starts_line_of(cx, wfirst->start);
    if (w->v.With.items.len == 1)
        emit_lines(cx, &sb, same_line ? wfirst->start : src_next_line(cx, wcolon), wend,
                   same_line ? NULL : cx_indent(cx, wfirst->start), at);
    else if (same_line)
        sb_printf(&sb, "%s%s %s: %s\n", at, with_kw(w), rest, cx_text(cx, wfirst->start, wend));
    else {
        sb_printf(&sb, "%s%s %s:\n", at, with_kw(w), rest);
        emit_lines(cx, &sb, src_next_line(cx, wcolon), wend, body_ind, at);
    }
    uint32_t after = src_next_line(cx, w->end), nend = line_end(cx, n->end);
    if (after < nend)
        emit_lines(cx, &sb, after, nend, body_ind, at);
    if (sb.len && sb.data[sb.len - 1] == '\n')
        sb.data[--sb.len] = '\0';
    const char *out = reindent(cx, sb_cstr(&sb), ind, "");
    sb_free(&sb);
    return out;
}

/* Case both in one with statement: items k (the nursery) and k + 1 swapped. */
static const char *
swapped(RuleCtx *cx, const Stmt *n, uint32_t k)
{
    const WithItem *a = n->v.With.items.items[k], *b = n->v.With.items.items[k + 1];
    uint32_t as = a->context_expr->start, bs = b->context_expr->start;
    uint32_t ae = a->optional_vars ? a->optional_vars->end : a->context_expr->end;
    uint32_t be = b->optional_vars ? b->optional_vars->end : b->context_expr->end;
    if (!items_text(cx, n, k, k + 2))
        return NULL;
    StrBuf sb = STRBUF_INIT;
    sb_adds(&sb, cx_text(cx, n->start, as));
    sb_adds(&sb, cx_text(cx, bs, be));
    sb_adds(&sb, cx_text(cx, ae, bs));
    sb_adds(&sb, cx_text(cx, as, ae));
    sb_adds(&sb, cx_text(cx, be, line_end(cx, n->end))); /* with a last comment */
    const char *out = reindent(cx, sb_cstr(&sb), cx_indent(cx, n->start), "");
    sb_free(&sb);
    return out;
}

/* The nursery's with statement rewritten with the context manager that bound cm opened before the
 * nursery, or NULL when that could change more than the resource's lifetime:
 * - the nursery must be of the file's framework (the suggestion names no other);
 * - the context manager must not be a nursery, a cancel scope or an exception suppressor, whose
 *   meaning changes around the nursery;
 * - its `with` must be the item right after the nursery's in the same statement, or the first item
 *   of a `with` statement directly in the nursery's block (not in a loop or `if` inside it: opened
 *   once outside, it would open a different number of times), the nursery being the last item of
 *   its own statement;
 * - the statements before it in the block must call and await nothing (the context manager now
 *   opens before them), assign no name its expression reads, and not mention its `as` name;
 * - its expression must not read the nursery's name, nor the nursery's expression its `as` name. */
static const char *
reorder_suggestion(RuleCtx *cx, const OpenCm *nursery, const OpenCm *cm)
{
    const Stmt *n = nursery->with, *w = cm->with;
    if (nursery->fw != cx->fw || cm->is_nursery)
        return NULL;
    const Expr *ce = w->v.With.items.items[cm->item]->context_expr;
    const Expr *nce = n->v.With.items.items[nursery->item]->context_expr;
    if (cancel_scope_call(cx, ce) || suppresses(cx, ce))
        return NULL;
    NameList reads = { 0 }, nursery_reads = { 0 };
    expr_names(cx, ce, &reads);
    expr_names(cx, nce, &nursery_reads);
    if (in_list(&reads, nursery->name) || in_list(&nursery_reads, cm->name))
        return NULL;
    if (!starts_line_of(cx, n->start) || !strings_survive(cx, n, cx_indent(cx, n->start)))
        return NULL;
    if (n == w)
        return cm->item == nursery->item + 1 ? swapped(cx, n, nursery->item) : NULL;
    if (nursery->item + 1 != n->v.With.items.len || cm->item != 0)
        return NULL;
    StmtSeq body = n->v.With.body;
    for (uint32_t i = 0; i < body.len; i++) {
        const Stmt *s = body.items[i];
        if (s == w)
            return opened_before(cx, n, nursery->item, w);
        NameList mentioned = { 0 }, assigned = { 0 };
        stmt_names(cx, s, &mentioned);
        assigned_names(cx, s, &assigned);
        if (!quiet_stmt(s) || in_list(&mentioned, cm->name))
            return NULL;
        for (uint32_t j = 0; j < reads.ids.len; j++)
            if (in_list(&assigned, reads.ids.items[j]))
                return NULL;
    }
    return NULL; /* nested deeper in the block */
}

static void
check_name(CmState *st, const Expr *name)
{
    if (st->nursery < 0)
        return;
    RuleCtx *cx = st->cx;
    const OpenCm *nursery = &st->cms.items[st->nursery];
    for (uint32_t i = (uint32_t)st->nursery + 1; i < st->cms.len; i++) {
        const OpenCm *cm = &st->cms.items[i];
        if (cm->name != name->v.Name.id)
            continue;
        Finding *f = rule_report_expr(
            cx, name,
            "`%s` comes from the context manager on line %u, which closes before the %s "
            "opened on line %u waits for the task it is passed to with `%s.%s()`",
            name->v.Name.id, cx_line(cx, cm->at), cx->fw == FW_TRIO ? "nursery" : "task group",
            cx_line(cx, nursery->at), nursery->name, st->method);
        const char *fixed = reorder_suggestion(cx, nursery, cm);
        if (fixed) {
            finding_suggest(cx, f, nursery->with->start, nursery->with->end, fixed);
            const char *kind = nursery->fw == FW_TRIO ? "nursery" : "task group";
            finding_fix_title(cx, f,
                              "Open `%s` before the %s, so it stays open until the %s's tasks "
                              "are done",
                              cm->name, kind, kind);
        }
    }
}

static bool
enter_expr(Visitor *v, const Expr *e)
{
    CmState *st = v->data;
    if (e->kind == E_Call)
        enter_call(st, e);
    else if (e->kind == E_Lambda)
        enter_scope(st);
    else if (e->kind == E_Name)
        check_name(st, e);
    return true;
}

static void
leave_expr(Visitor *v, const Expr *e)
{
    if (e->kind == E_Call || e->kind == E_Lambda)
        restore(v->data);
}

/* Whether some `with` item bound to a name opens a nursery. Without one nothing can be reported,
 * and the walk below (every expression of the file) is skipped. Each such item is a with-target
 * binding of the semantic model, whose statement holds the item. */
static bool
opens_a_nursery(RuleCtx *cx)
{
    uint32_t n;
    Binding *const *bindings = sem_bindings(cx->sm, &n);
    for (uint32_t i = 0; i < n; i++) {
        const Binding *b = bindings[i];
        if (b->kind != BIND_WITH_TARGET || !b->stmt || !b->target ||
            (b->stmt->kind != S_With && b->stmt->kind != S_AsyncWith))
            continue;
        for (uint32_t k = 0; k < b->stmt->v.With.items.len; k++) {
            const WithItem *it = b->stmt->v.With.items.items[k];
            Framework fw;
            if (it->optional_vars == b->target && is_nursery_call(cx, it->context_expr, &fw))
                return true;
        }
    }
    return false;
}

static void
check_module(RuleCtx *cx, const Module *m)
{
    if (!opens_a_nursery(cx))
        return;
    CmState st = { .cx = cx, .nursery = -1 };
    Visitor v = {
        .enter_stmt = enter_stmt,
        .leave_stmt = leave_stmt,
        .enter_expr = enter_expr,
        .leave_expr = leave_expr,
        .data = &st,
    };
    visit_module(&v, m);
}

const RuleDesc rule_async111 = {
    .code = "ASYNC111",
    .name = "variable-from-cm-in-start-soon",
    .severity = SEV_WARNING,
    .area = AREA_CORRECTNESS,
    .frameworks = FW_ALL,
    .hooks = HOOK_MODULE,
    .on_module = check_module,
    .summary = "Value of a context manager opened inside a nursery passed to `start`/`start_soon`",
    .why = "A nursery (task group) waits for its tasks when its own block ends. A context manager "
           "opened "
           "inside that block closes first, while the task started with its value may still be "
           "running, so the task can end up using a closed file, connection or process.",
    .doc =
        "## What it does\n"
        "Flags a name bound by `with ... as name` (or `async with`) that is passed to "
        "`<nursery>.start(...)`, `.start_soon(...)` or `.create_task(...)`, anywhere in the "
        "call's arguments, when that `with` is nested inside the `with` that opened the nursery: "
        "`trio.open_nursery()`, `anyio.create_task_group()` or `asyncio.TaskGroup()`. As in "
        "flake8-async, the nursery and the variable are recognised by the names their `with` "
        "items bind in the enclosing code; a `def` or `lambda` starts afresh.\n\n"
        "The suggestion rewrites the nursery's `with` statement so that the context manager "
        "opens before the nursery and closes after it, once the nursery has waited for its "
        "tasks: the `with` moves out to enclose the nursery, its body stays in place in the "
        "nursery's block, and the block's other statements keep their order. When the `with` "
        "has several items, only the first moves out and the others stay where they were; when "
        "the context manager is an item of the nursery's own `with` statement right after the "
        "nursery, the two items swap. Items of the nursery's statement before the nursery stay "
        "outermost.\n\n"
        "There is no suggestion when moving the context manager could change more than how long "
        "it stays open:\n"
        "- its `with` is inside a loop, `if` or other block within the nursery's block (opened "
        "once outside, it would open a different number of times), or is not the first item of "
        "its statement, or the nursery is not the last item of its own;\n"
        "- a statement before it in the nursery's block calls or awaits anything (starting a "
        "task, creating a directory: the context manager would now open first), assigns a name "
        "its expression reads, or uses its `as` name;\n"
        "- its expression reads the nursery's name;\n"
        "- it is itself a nursery, a cancel scope or timeout (around the nursery it would cancel "
        "the tasks too), or `contextlib.suppress` / `pytest.raises`;\n"
        "- the nursery belongs to another framework than the file's;\n"
        "- a string literal in the nursery's statement has lines indented less than the "
        "statement (they would change when re-indented).\n\n"
        "An exception from the moved body now reaches the nursery, which cancels its tasks, "
        "before the context manager's exit sees it, wrapped in an exception group.\n\n"
        "## Why is this bad?\n"
        "`start_soon` returns at once. The inner `with` then ends and closes its resource, but "
        "the nursery only waits for the task when the outer block ends: the task may run with a "
        "closed resource, which fails in confusing ways or only under load. Nurseries should "
        "generally be the innermost context manager.\n\n"
        "## Example\n"
        "```python\n"
        "async def main():\n"
        "    async with trio.open_nursery() as nursery:\n"
        "        async with await trio.open_file(\"log.txt\", \"w\") as log:\n"
        "            nursery.start_soon(writer, log)\n"
        "```\n\n"
        "Use instead:\n"
        "```python\n"
        "async def main():\n"
        "    async with await trio.open_file(\"log.txt\", \"w\") as log:\n"
        "        async with trio.open_nursery() as nursery:\n"
        "            nursery.start_soon(writer, log)\n"
        "```\n",
};
