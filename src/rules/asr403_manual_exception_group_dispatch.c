/* ASR403 manual-exception-group-dispatch: `except ExceptionGroup as eg:` whose body sorts the
 * members by type by hand (`eg.subgroup(X)`, `eg.split(X)`, `for e in eg.exceptions: if
 * isinstance(e, X)`), which `except* X:` clauses do for you on Python 3.11+.
 *
 * The suggestion is the rewritten `try` with the handling code moved into its clause when the
 * handler has one of the three shapes and the move keeps what the handler did (see `Plan`); else
 * it is a skeleton of clauses saying why the code was not moved. */
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

/* ---- source text: lines, comments, string literals ------------------------------------------- */

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

/* The comment after a branch's condition (`if eg.subgroup(X):  # why`), or NULL; off is the end of
 * the condition. */
static const char *
header_comment(RuleCtx *cx, uint32_t off)
{
    const char *text = cx->pf->src.text;
    uint32_t end = line_end(cx, off);
    while (off < end && (text[off] == ' ' || text[off] == '\t'))
        off++;
    if (off < end && text[off] == ':')
        off++;
    while (off < end && (text[off] == ' ' || text[off] == '\t'))
        off++;
    return off < end && text[off] == '#' ? cx_text(cx, off, end) : NULL;
}

typedef struct Span {
    uint32_t start, end;
} Span;
typedef VEC(Span) SpanVec;

/* The string literals (f- and t-strings whole, replacement fields included) in [start, end): a line
 * that begins inside one is part of the literal and is copied as it is. */
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

/* emit_lines: the code from `start` (a statement's start) to `end` (a line's end), its first line
 * written at indentation `to` and each later line with its leading `from` replaced by `to` (`from`
 * NULL: later lines kept as they are). Lines inside string literals, blank lines and continuation
 * lines indented otherwise are kept, so the code means what it meant. */
static void
emit_lines(RuleCtx *cx, StrBuf *sb, uint32_t start, uint32_t end, const char *from, const char *to)
{
    SpanVec spans = { 0 };
    string_spans(cx, start, end, &spans);
    const char *text = cx->pf->src.text;
    size_t flen = from ? strlen(from) : 0;
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
        if (at == start) {
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

/* The comment lines in [start, end) (whole lines between statements), written at `to`. */
static void
emit_comments(RuleCtx *cx, StrBuf *sb, uint32_t start, uint32_t end, const char *to)
{
    const char *text = cx->pf->src.text;
    for (uint32_t at = start; at < end;) {
        uint32_t e = line_end(cx, at);
        uint32_t q = at;
        while (q < e && (text[q] == ' ' || text[q] == '\t'))
            q++;
        if (q < e && text[q] == '#') {
            sb_adds(sb, to);
            sb_add(sb, text + q, e - q);
            sb_addc(sb, '\n');
        }
        at = e + 1;
    }
}

/* ---- the plan: which clause gets which code -------------------------------------------------- */

typedef enum Tail {
    TAIL_SWALLOW,   /* nothing re-raised: the members no branch handled are dropped */
    TAIL_RERAISE,   /* a final bare `raise`: the whole group goes on */
    TAIL_RAISE_REST /* `if rest: raise rest` after `matched, rest = eg.split(X)` */
} Tail;

typedef struct Clause {
    const Expr *type;            /* class or tuple of classes */
    Ident as;                    /* `except* X as <as>:`, or NULL */
    const Expr *as_target;       /* the Name the handler bound it to (walrus, split), or NULL */
    StmtSeq body;                /* the handling code (empty: the members were dropped) */
    const Stmt *owner;           /* the statement `as_target` may be read in */
    uint32_t lead_from, lead_to; /* comment lines carried to the top of the clause */
    uint32_t header;             /* end of the branch's condition: a comment after its colon is
                                    kept on the clause's line; 0 for none */
    bool current_note;           /* the code logs "the exception being handled" */
} Clause;

typedef struct Plan {
    RuleCtx *cx;
    const ExceptHandler *h;
    VEC(Clause) clauses;
    Tail tail;
    const Expr *rest;    /* split form: the Name bound to the unmatched members */
    const Stmt *rest_if; /* `if rest: raise rest` */
    const Stmt *loop;    /* loop form: `for exc in eg.exceptions:` */
    bool exclusive;      /* if/elif: the first matching branch wins, as with except* */
} Plan;

static bool
is_bare_raise(const Stmt *s)
{
    return s->kind == S_Raise && !s->v.Raise.exc && !s->v.Raise.cause;
}

static bool
is_name(const Expr *e, Ident id)
{
    return e && e->kind == E_Name && e->v.Name.id == id;
}

/* `name` or `name is not None`: both test that the sub-group is not empty. */
static bool
tests_name(const Expr *e, Ident id)
{
    if (is_name(e, id))
        return true;
    return e->kind == E_Compare && e->v.Compare.n == 1 && e->v.Compare.ops[0] == CMP_ISNOT &&
           is_name(e->v.Compare.left, id) &&
           e->v.Compare.comparators.items[0]->kind == E_Constant &&
           e->v.Compare.comparators.items[0]->v.Constant.kind == CONST_NONE;
}

/* group.<method>(X) with X a class expression: X, else NULL. */
static const Expr *
group_call(RuleCtx *cx, const Expr *e, Ident group, const char *method)
{
    if (e->kind != E_Call || e->v.Call.args.len != 1 || e->v.Call.keywords.len)
        return NULL;
    const Expr *f = e->v.Call.func;
    if (f->kind != E_Attribute || strcmp(f->v.Attribute.attr, method) ||
        !is_name(f->v.Attribute.value, group))
        return NULL;
    const Expr *arg = e->v.Call.args.items[0];
    return is_class_expr(cx, arg) ? arg : NULL;
}

/* isinstance(<var>, X): X, else NULL. */
static const Expr *
isinstance_test(RuleCtx *cx, const Expr *e, Ident var)
{
    if (e->kind != E_Call || e->v.Call.args.len != 2 || e->v.Call.keywords.len ||
        e->v.Call.func->kind != E_Name ||
        !sem_is_builtin(cx->sm, cx->scope, e->v.Call.func, "isinstance") ||
        !is_name(e->v.Call.args.items[0], var))
        return NULL;
    const Expr *t = e->v.Call.args.items[1];
    return is_class_expr(cx, t) ? t : NULL;
}

static void
add_clause(Plan *p, Clause c)
{
    VEC_PUSH(p->cx->out_arena, p->clauses, c);
}

/* if eg.subgroup(X): ... / if name := eg.subgroup(X): ..., one after another. */
static bool
plan_subgroups(Plan *p, const Stmt *const *stmts, uint32_t n, uint32_t lead)
{
    for (uint32_t i = 0; i < n; i++) {
        const Stmt *s = stmts[i];
        if (s->kind != S_If || s->v.If.orelse.len)
            return false;
        const Expr *test = s->v.If.test, *target = NULL;
        if (test->kind == E_NamedExpr && test->v.NamedExpr.target->kind == E_Name) {
            target = test->v.NamedExpr.target;
            test = test->v.NamedExpr.value;
        }
        const Expr *type = group_call(p->cx, test, p->h->name, "subgroup");
        if (!type)
            return false;
        add_clause(p, (Clause){ .type = type,
                                .as = target ? target->v.Name.id : NULL,
                                .as_target = target,
                                .body = s->v.If.body,
                                .owner = s,
                                .lead_from = lead,
                                .lead_to = src_line_start(p->cx, s->start),
                                .header = s->v.If.test->end });
        lead = src_next_line(p->cx, s->end);
    }
    return n > 0;
}

/* matched, rest = eg.split(X), then `if matched: ...` and `if rest: raise rest`, both optional. */
static bool
plan_split(Plan *p, const Stmt *const *stmts, uint32_t n, uint32_t lead)
{
    const Stmt *s = stmts[0];
    if (s->kind != S_Assign || s->v.Assign.targets.len != 1)
        return false;
    const Expr *t = s->v.Assign.targets.items[0];
    if ((t->kind != E_Tuple && t->kind != E_List) || t->v.Tuple.elts.len != 2)
        return false;
    const Expr *matched = t->v.Tuple.elts.items[0], *rest = t->v.Tuple.elts.items[1];
    if (matched->kind != E_Name || rest->kind != E_Name || matched->v.Name.id == rest->v.Name.id)
        return false;
    const Expr *type = group_call(p->cx, s->v.Assign.value, p->h->name, "split");
    if (!type)
        return false;
    Clause c = { .type = type,
                 .as_target = matched,
                 .lead_from = lead,
                 .lead_to = src_line_start(p->cx, s->start) };
    uint32_t i = 1;
    if (i < n && stmts[i]->kind == S_If && !stmts[i]->v.If.orelse.len &&
        tests_name(stmts[i]->v.If.test, matched->v.Name.id)) {
        c.body = stmts[i]->v.If.body;
        c.owner = stmts[i];
        c.header = stmts[i]->v.If.test->end;
        i++;
    }
    if (i < n && stmts[i]->kind == S_If && !stmts[i]->v.If.orelse.len &&
        tests_name(stmts[i]->v.If.test, rest->v.Name.id) && stmts[i]->v.If.body.len == 1) {
        const Stmt *r = stmts[i]->v.If.body.items[0];
        if (r->kind == S_Raise && is_name(r->v.Raise.exc, rest->v.Name.id) && !r->v.Raise.cause) {
            if (p->tail == TAIL_RERAISE)
                return false; /* `if rest: raise rest` and then `raise`: no clause does that */
            p->tail = TAIL_RAISE_REST;
            p->rest_if = stmts[i];
            i++;
        }
    }
    p->rest = rest;
    add_clause(p, c);
    return i == n;
}

/* for exc in eg.exceptions: if isinstance(exc, X): ... elif isinstance(exc, Y): ... (or several
 * plain `if isinstance(...)` statements, which are not exclusive). */
static bool
plan_loop(Plan *p, const Stmt *const *stmts, uint32_t n)
{
    const Stmt *s = stmts[0];
    if (n != 1 || s->kind != S_For || s->v.For.orelse.len || s->v.For.target->kind != E_Name)
        return false;
    Ident var = s->v.For.target->v.Name.id;
    const Expr *iter = s->v.For.iter;
    if (var == p->h->name || iter->kind != E_Attribute ||
        strcmp(iter->v.Attribute.attr, "exceptions") ||
        !is_name(iter->v.Attribute.value, p->h->name))
        return false;
    StmtSeq body = s->v.For.body;
    p->loop = s;
    p->exclusive = body.len == 1;
    for (uint32_t i = 0; i < body.len; i++) {
        const Stmt *br = body.items[i];
        if (!starts_line_of(p->cx, br->start))
            return false;
        while (br) {
            const Expr *type = br->kind == S_If ? isinstance_test(p->cx, br->v.If.test, var) : NULL;
            if (!type)
                return false;
            add_clause(p, (Clause){ .type = type,
                                    .as = p->h->name,
                                    .body = br->v.If.body,
                                    .owner = s,
                                    .header = br->v.If.test->end });
            StmtSeq orelse = br->v.If.orelse;
            if (orelse.len && (!p->exclusive || orelse.len != 1 || orelse.items[0]->kind != S_If))
                return false; /* a final `else:` handles what no type matched: no clause does */
            br = orelse.len ? orelse.items[0] : NULL;
        }
    }
    return body.len > 0;
}

/* The handler's shape as clauses, or false when it is none of the three. Every statement of the
 * handler starts its own line (the rewrite moves them by lines). */
static bool
plan_handler(Plan *p)
{
    RuleCtx *cx = p->cx;
    StmtSeq body = p->h->body;
    for (uint32_t i = 0; i < body.len; i++)
        if (!starts_line_of(cx, body.items[i]->start))
            return false;
    uint32_t n = body.len;
    if (n && is_bare_raise(body.items[n - 1])) {
        p->tail = TAIL_RERAISE;
        n--;
    }
    if (!n)
        return false;
    const Stmt *const *stmts = (const Stmt *const *)body.items;
    uint32_t lead = src_next_line(cx, p->h->type->end);
    Tail tail = p->tail;
    if (plan_split(p, stmts, n, lead))
        return true;
    *p = (Plan){ .cx = cx, .h = p->h, .tail = tail };
    if (plan_loop(p, stmts, n))
        return true;
    *p = (Plan){ .cx = cx, .h = p->h, .tail = tail };
    return plan_subgroups(p, stmts, n, lead);
}

/* ---- does the code keep its meaning inside an `except*` clause? ------------------------------ */

typedef struct Flow {
    bool returns, raises;
    bool breaks, continues; /* leaving the moved code itself (not a loop inside it) */
} Flow;

static void
scan_flow(StmtSeq body, bool in_loop, Flow *fl)
{
    for (uint32_t i = 0; i < body.len; i++) {
        const Stmt *s = body.items[i];
        switch (s->kind) {
        case S_Return:
            fl->returns = true;
            break;
        case S_Raise:
            fl->raises = true;
            break;
        case S_Break:
            fl->breaks |= !in_loop;
            break;
        case S_Continue:
            fl->continues |= !in_loop;
            break;
        case S_For:
        case S_AsyncFor:
            scan_flow(s->v.For.body, true, fl);
            scan_flow(s->v.For.orelse, in_loop, fl);
            break;
        case S_While:
            scan_flow(s->v.While.body, true, fl);
            scan_flow(s->v.While.orelse, in_loop, fl);
            break;
        case S_If:
            scan_flow(s->v.If.body, in_loop, fl);
            scan_flow(s->v.If.orelse, in_loop, fl);
            break;
        case S_With:
        case S_AsyncWith:
            scan_flow(s->v.With.body, in_loop, fl);
            break;
        case S_Try:
        case S_TryStar:
            scan_flow(s->v.Try.body, in_loop, fl);
            for (uint32_t j = 0; j < s->v.Try.handlers.len; j++)
                scan_flow(s->v.Try.handlers.items[j]->body, in_loop, fl);
            scan_flow(s->v.Try.orelse, in_loop, fl);
            scan_flow(s->v.Try.finalbody, in_loop, fl);
            break;
        case S_Match:
            for (uint32_t j = 0; j < s->v.Match.cases.len; j++)
                scan_flow(s->v.Match.cases.items[j]->body, in_loop, fl);
            break;
        default:
            break; /* a def or class has its own flow */
        }
    }
}

typedef struct NameScan {
    Ident a, b;  /* names looked for (b may be NULL) */
    Ident found; /* the first one read or written, or NULL */
} NameScan;

static bool
scan_names(Visitor *v, const Expr *e)
{
    NameScan *ns = v->data;
    if (e->kind == E_Name && (e->v.Name.id == ns->a || (ns->b && e->v.Name.id == ns->b))) {
        ns->found = e->v.Name.id;
        v->stop = true;
    }
    return true;
}

/* The first of names a, b the code mentions (nested functions included: they may read it). */
static Ident
body_mentions(StmtSeq body, Ident a, Ident b)
{
    NameScan ns = { a, b, NULL };
    Visitor v = { .enter_expr = scan_names, .data = &ns };
    visit_stmts(&v, body);
    return ns.found;
}

/* Logging "the exception being handled" (`log.exception(...)`, `exc_info=True`, `sys.exc_info()`,
 * `traceback.print_exc()`): in an except* clause that is the clause's sub-group. */
static bool
scan_current(Visitor *v, const Expr *e)
{
    static const char *const readers[] = { "exception", "exc_info", "print_exc", "format_exc",
                                           NULL };
    if (e->kind == E_Lambda)
        return false;
    if (e->kind != E_Call)
        return true;
    const Expr *f = e->v.Call.func;
    const char *name = f->kind == E_Attribute ? f->v.Attribute.attr
                       : f->kind == E_Name    ? f->v.Name.id
                                              : NULL;
    for (uint32_t i = 0; name && readers[i]; i++)
        if (!strcmp(name, readers[i]))
            *(bool *)v->data = true;
    for (uint32_t i = 0; i < e->v.Call.keywords.len; i++) {
        const Keyword *k = e->v.Call.keywords.items[i];
        if (k->arg && !strcmp(k->arg, "exc_info"))
            *(bool *)v->data = true;
    }
    return true;
}

static bool
reads_current(StmtSeq body)
{
    bool found = false;
    Visitor v = { .enter_stmt = skip_defs, .enter_expr = scan_current, .data = &found };
    visit_stmts(&v, body);
    return found;
}

/* Whether the name bound by `target` (in the handler) is read outside `owner` (NULL: anywhere). In
 * the rewrite it is bound only there, and an `except*`'s `as` name is deleted when it ends. */
static bool
read_outside(RuleCtx *cx, const Expr *target, const Stmt *owner)
{
    const Binding *b = sem_binding_of(cx->sm, target);
    if (!b)
        return true;
    for (uint32_t i = 0; i < b->uses.len; i++) {
        uint32_t at = b->uses.items[i].name->start;
        if (!owner || at < owner->start || at >= owner->end)
            return true;
    }
    return false;
}

/* ---- which exception types may overlap ---------------------------------------------------------
 * `except*` hands each exception to the first clause that matches it, while separate `if
 * eg.subgroup(X)` branches all run: the rewrite keeps that only when no exception can be both.
 * Known: the builtin hierarchy and classes defined in this file on top of it. */

static const char *const exc_parents[][2] = {
    { "BaseException", NULL },
    { "BaseExceptionGroup", "BaseException" },
    { "GeneratorExit", "BaseException" },
    { "KeyboardInterrupt", "BaseException" },
    { "SystemExit", "BaseException" },
    { "asyncio.CancelledError", "BaseException" },
    { "trio.Cancelled", "BaseException" },
    { "Exception", "BaseException" },
    { "ArithmeticError", "Exception" },
    { "FloatingPointError", "ArithmeticError" },
    { "OverflowError", "ArithmeticError" },
    { "ZeroDivisionError", "ArithmeticError" },
    { "AssertionError", "Exception" },
    { "AttributeError", "Exception" },
    { "BufferError", "Exception" },
    { "EOFError", "Exception" },
    { "ExceptionGroup", "Exception" },
    { "ImportError", "Exception" },
    { "ModuleNotFoundError", "ImportError" },
    { "LookupError", "Exception" },
    { "IndexError", "LookupError" },
    { "KeyError", "LookupError" },
    { "MemoryError", "Exception" },
    { "NameError", "Exception" },
    { "UnboundLocalError", "NameError" },
    { "OSError", "Exception" },
    { "BlockingIOError", "OSError" },
    { "ChildProcessError", "OSError" },
    { "ConnectionError", "OSError" },
    { "BrokenPipeError", "ConnectionError" },
    { "ConnectionAbortedError", "ConnectionError" },
    { "ConnectionRefusedError", "ConnectionError" },
    { "ConnectionResetError", "ConnectionError" },
    { "FileExistsError", "OSError" },
    { "FileNotFoundError", "OSError" },
    { "InterruptedError", "OSError" },
    { "IsADirectoryError", "OSError" },
    { "NotADirectoryError", "OSError" },
    { "PermissionError", "OSError" },
    { "ProcessLookupError", "OSError" },
    { "TimeoutError", "OSError" },
    { "ReferenceError", "Exception" },
    { "RuntimeError", "Exception" },
    { "NotImplementedError", "RuntimeError" },
    { "RecursionError", "RuntimeError" },
    { "StopAsyncIteration", "Exception" },
    { "StopIteration", "Exception" },
    { "SyntaxError", "Exception" },
    { "IndentationError", "SyntaxError" },
    { "TabError", "IndentationError" },
    { "SystemError", "Exception" },
    { "TypeError", "Exception" },
    { "ValueError", "Exception" },
    { "UnicodeError", "ValueError" },
    { "UnicodeDecodeError", "UnicodeError" },
    { "UnicodeEncodeError", "UnicodeError" },
    { "UnicodeTranslateError", "UnicodeError" },
};

/* Other names of the classes above (Python 3.11+). */
static const char *const exc_aliases[][2] = {
    { "IOError", "OSError" },
    { "EnvironmentError", "OSError" },
    { "asyncio.TimeoutError", "TimeoutError" },
    { "asyncio.exceptions.TimeoutError", "TimeoutError" },
    { "asyncio.exceptions.CancelledError", "asyncio.CancelledError" },
    { "concurrent.futures.TimeoutError", "TimeoutError" },
    { "socket.timeout", "TimeoutError" },
    { "socket.error", "OSError" },
    { "select.error", "OSError" },
};

typedef VEC(const char *) NameVec;

static int
exc_index(const char *key)
{
    for (size_t i = 0; i < sizeof exc_parents / sizeof exc_parents[0]; i++)
        if (!strcmp(exc_parents[i][0], key))
            return (int)i;
    return -1;
}

/* t's class and its ancestors, most derived first; false when some of them is not known. */
static bool
ancestry(RuleCtx *cx, const Scope *scope, const Expr *t, NameVec *out, int depth)
{
    const char *q = sem_qualname(cx->sm, scope, t);
    if (!q || depth > 16)
        return false;
    q = catalog_canonical(q);
    if (!strncmp(q, "builtins.", 9))
        q += 9;
    for (size_t i = 0; i < sizeof exc_aliases / sizeof exc_aliases[0]; i++)
        if (!strcmp(q, exc_aliases[i][0]))
            q = exc_aliases[i][1];
    int i = exc_index(q);
    if (i >= 0) {
        for (; i >= 0; i = exc_parents[i][1] ? exc_index(exc_parents[i][1]) : -1)
            VEC_PUSH(cx->out_arena, *out, exc_parents[i][0]);
        return true;
    }
    q = arena_strdup(cx->out_arena, q); /* catalog_canonical's buffer is reused */
    const Binding *b = t->kind == E_Name ? sem_lookup(cx->sm, scope, t->v.Name.id, t->start) : NULL;
    if (!b || b->kind != BIND_CLASS || !b->stmt || b->stmt->kind != S_ClassDef)
        return false;
    VEC_PUSH(cx->out_arena, *out, q);
    ExprSeq bases = b->stmt->v.ClassDef.bases;
    for (uint32_t k = 0; k < bases.len; k++)
        if (!ancestry(cx, b->scope, bases.items[k], out, depth + 1))
            return false;
    return true;
}

static bool
has_name(const NameVec *v, const char *name)
{
    for (uint32_t i = 0; i < v->len; i++)
        if (!strcmp(v->items[i], name))
            return true;
    return false;
}

/* Whether one exception could be an instance of both a and b (either may be a tuple). */
static bool
may_overlap(RuleCtx *cx, const Expr *a, const Expr *b)
{
    if (a->kind == E_Tuple || b->kind == E_Tuple) {
        const Expr *tuple = a->kind == E_Tuple ? a : b, *other = tuple == a ? b : a;
        for (uint32_t i = 0; i < tuple->v.Tuple.elts.len; i++)
            if (may_overlap(cx, tuple->v.Tuple.elts.items[i], other))
                return true;
        return false;
    }
    NameVec aa = { 0 }, bb = { 0 };
    if (!ancestry(cx, cx->scope, a, &aa, 0) || !ancestry(cx, cx->scope, b, &bb, 0))
        return true;
    return has_name(&aa, bb.items[0]) || has_name(&bb, aa.items[0]);
}

/* A known class that is not an Exception (KeyboardInterrupt, CancelledError): task groups let those
 * through alone, outside a group, and `except*` would catch them there. */
static bool
base_only(RuleCtx *cx, const Expr *t)
{
    if (t->kind == E_Tuple) {
        for (uint32_t i = 0; i < t->v.Tuple.elts.len; i++)
            if (base_only(cx, t->v.Tuple.elts.items[i]))
                return true;
        return false;
    }
    NameVec anc = { 0 };
    return ancestry(cx, cx->scope, t, &anc, 0) && !has_name(&anc, "Exception");
}

/* A type `except*` can name: not a group type (a TypeError at run time), no nested tuple. */
static bool
star_type_ok(RuleCtx *cx, const Expr *t, bool nested)
{
    if (t->kind == E_Tuple) {
        if (nested)
            return false;
        for (uint32_t i = 0; i < t->v.Tuple.elts.len; i++)
            if (!star_type_ok(cx, t->v.Tuple.elts.items[i], true))
                return false;
        return true;
    }
    const char *q = cx_qualname(cx, t);
    return !q || !qualname_in(catalog_canonical(q), group_types);
}

/* Why the code cannot move into the clauses as it is, or NULL. Sets each clause's notes. */
static const char *
refusal(Plan *p)
{
    RuleCtx *cx = p->cx;
    Ident group = p->h->name, rest = p->rest ? p->rest->v.Name.id : NULL;
    for (uint32_t i = 0; i < p->clauses.len; i++) {
        Clause *c = &p->clauses.items[i];
        Flow fl = { 0 };
        scan_flow(c->body, false, &fl);
        if (fl.returns || (!p->loop && (fl.breaks || fl.continues)))
            return "the handling code uses `return`, `break` or `continue`, which an `except*` "
                   "clause cannot contain";
        if (fl.breaks)
            return "its `break` would leave only the loop over one type's exceptions";
        if (fl.raises)
            return "the handling code raises, and an exception raised in an `except*` clause is "
                   "grouped with the other clauses' exceptions instead of replacing them";
        Ident read = body_mentions(c->body, group, rest);
        if (read == group)
            return arena_sprintf(cx->out_arena,
                                 "the handling code uses `%s` itself, which in an `except*` clause "
                                 "holds only the matching exceptions",
                                 group);
        if (read)
            return arena_sprintf(cx->out_arena,
                                 "the handling code uses `%s`, which has no `except*` equivalent",
                                 read);
        if (c->as_target && read_outside(cx, c->as_target, c->owner))
            return arena_sprintf(cx->out_arena,
                                 "`%s` is used outside the branch that handles its exceptions",
                                 c->as_target->v.Name.id);
        if (c->as_target && !c->as && body_mentions(c->body, c->as_target->v.Name.id, NULL))
            c->as = c->as_target->v.Name.id;
        c->current_note = reads_current(c->body);
    }
    if (p->rest && read_outside(cx, p->rest, p->rest_if))
        return arena_sprintf(cx->out_arena, "`%s` is used outside `if %s: raise %s`", rest, rest,
                             rest);
    if (p->loop && read_outside(cx, p->loop->v.For.target, p->loop))
        return arena_sprintf(cx->out_arena, "`%s` is used after the loop",
                             p->loop->v.For.target->v.Name.id);
    if (!p->exclusive)
        for (uint32_t i = 0; i < p->clauses.len; i++)
            for (uint32_t j = i + 1; j < p->clauses.len; j++) {
                const Expr *a = p->clauses.items[i].type, *b = p->clauses.items[j].type;
                if (may_overlap(cx, a, b))
                    return arena_sprintf(
                        cx->out_arena,
                        "`%s` and `%s` may overlap, and `except*` gives each exception to the "
                        "first matching clause only, where the handler ran every matching branch",
                        cx_expr_text(cx, a), cx_expr_text(cx, b));
            }
    return NULL;
}

/* Every statement of the try body is an `async with` whose first (outermost) item opens a task
 * group in strict mode: whatever leaves it is an exception group (but cancellation and
 * KeyboardInterrupt). Else a lone exception may arrive, which `except ExceptionGroup` let through
 * and `except*` catches. */
static bool
raises_only_groups(RuleCtx *cx, const Stmt *s)
{
    StmtSeq body = s->v.Try.body;
    for (uint32_t i = 0; i < body.len; i++) {
        const Stmt *w = body.items[i];
        if (w->kind != S_AsyncWith)
            return false;
        const Expr *ce = w->v.With.items.items[0]->context_expr;
        if (!taskgroup_kind(cx, ce))
            return false;
        const Expr *strict = keyword_arg(ce, "strict_exception_groups");
        if (strict && !expr_is_true(strict))
            return false; /* trio's loose mode lets a lone exception through */
    }
    return body.len > 0;
}

/* A handler the rewrite drops: after the group handler, with only a bare `raise` (it changes
 * nothing there, while `except* X: raise` would wrap a lone X in a group). */
static bool
droppable(const ExceptHandler *h)
{
    return h->type && !h->name && h->body.len == 1 && is_bare_raise(h->body.items[0]);
}

/* ---- the suggestion -------------------------------------------------------------------------- */

static const char *
type_text(RuleCtx *cx, const Expr *t)
{
    const char *text = cx_expr_text(cx, t);
    return t->kind == E_Tuple && text[0] != '(' ? arena_sprintf(cx->out_arena, "(%s)", text) : text;
}

/* The try statement from `try:` to the line of its first handler, and the rest after its last
 * handler (else, finally). */
static void
try_prefix(RuleCtx *cx, StrBuf *sb, const Stmt *s)
{
    sb_adds(sb, cx_text(cx, s->start, src_line_start(cx, s->v.Try.handlers.items[0]->start)));
}

static const char *
try_finish(RuleCtx *cx, StrBuf *sb, const Stmt *s)
{
    const ExceptHandler *last = s->v.Try.handlers.items[s->v.Try.handlers.len - 1];
    if (s->end > last->end) /* up to the end of the line: the suggestion replaces whole lines */
        sb_adds(sb, cx_text(cx, src_next_line(cx, last->end), line_end(cx, s->end)));
    if (sb->len && sb->data[sb->len - 1] == '\n')
        sb->data[--sb->len] = '\0'; /* the statement ends where it ended */
    const char *out = reindent(cx, sb_cstr(sb), cx_indent(cx, s->start), "");
    sb_free(sb);
    return out;
}

static const char *
filled_try(Plan *p, const Stmt *s, bool lone_note)
{
    RuleCtx *cx = p->cx;
    const ExceptHandler *h = p->h;
    const char *ind = cx_indent(cx, s->start);
    const char *body_ind = cx_indent(cx, h->body.items[0]->start);
    const char *loop_ind = p->loop ? cx_indent(cx, p->loop->v.For.body.items[0]->start) : NULL;
    StrBuf sb = STRBUF_INIT;
    try_prefix(cx, &sb, s);
    if (lone_note)
        sb_printf(&sb,
                  "%s# note: unlike `except %s`, these clauses also catch an exception raised "
                  "alone, outside a group\n",
                  ind, cx_expr_text(cx, h->type));
    if (p->loop)
        sb_printf(&sb,
                  "%s# note: the loops now run one type after the other, and also reach the "
                  "members inside nested groups\n",
                  ind);
    for (uint32_t i = 0; i < p->clauses.len; i++) {
        const Clause *c = &p->clauses.items[i];
        sb_printf(&sb, "%sexcept* %s", ind, type_text(cx, c->type));
        if (c->as)
            sb_printf(&sb, " as %s", c->as);
        sb_addc(&sb, ':');
        const char *comment = c->header ? header_comment(cx, c->header) : NULL;
        if (comment)
            sb_printf(&sb, "  %s", comment);
        sb_addc(&sb, '\n');
        if (c->lead_to > c->lead_from)
            emit_comments(cx, &sb, c->lead_from, c->lead_to, body_ind);
        if (c->current_note)
            sb_printf(&sb,
                      "%s# note: the exception being handled here is the sub-group of matching "
                      "exceptions, not the whole group\n",
                      body_ind);
        const char *to = body_ind;
        if (p->loop) {
            sb_printf(&sb, "%sfor %s in %s.exceptions:\n", body_ind,
                      p->loop->v.For.target->v.Name.id, h->name);
            to = loop_ind;
        }
        if (c->body.len) {
            const Stmt *first = c->body.items[0], *last = c->body.items[c->body.len - 1];
            emit_lines(cx, &sb, first->start, line_end(cx, last->end),
                       starts_line_of(cx, first->start) ? cx_indent(cx, first->start) : NULL, to);
        } else {
            sb_printf(&sb, "%spass\n", to);
        }
        if (p->tail == TAIL_RERAISE)
            sb_printf(&sb, "%sraise\n", body_ind);
    }
    if (p->tail == TAIL_SWALLOW) {
        const char *q = cx_qualname(cx, h->type);
        bool base = q && strstr(catalog_canonical(q), "BaseExceptionGroup");
        sb_printf(&sb,
                  "%sexcept* %s:\n%spass  # the handler dropped the other exceptions; delete this "
                  "clause to let them propagate\n",
                  ind, base ? "BaseException" : "Exception", body_ind);
    }
    return try_finish(cx, &sb, s);
}

/* One clause per type with the code left to move, and why it was not moved. */
static const char *
skeleton_try(RuleCtx *cx, const Stmt *s, const ExceptHandler *h, const Dispatch *d,
             const char *reason)
{
    const char *ind = cx_indent(cx, s->start);
    const char *body_ind = h->body.len && starts_line_of(cx, h->body.items[0]->start)
                               ? cx_indent(cx, h->body.items[0]->start)
                               : arena_sprintf(cx->out_arena, "%s    ", ind);
    bool reraise = h->body.len && is_bare_raise(h->body.items[h->body.len - 1]);
    StrBuf sb = STRBUF_INIT;
    try_prefix(cx, &sb, s);
    sb_printf(&sb, "%s# not filled in: %s\n", ind, reason);
    const char **seen = ARENA_ARRAY(cx->out_arena, const char *, d->types.len);
    uint32_t nseen = 0;
    for (uint32_t i = 0; i < d->types.len; i++) {
        const char *t = type_text(cx, d->types.items[i]);
        bool dup = false;
        for (uint32_t j = 0; j < nseen && !dup; j++)
            dup = !strcmp(seen[j], t);
        if (dup)
            continue;
        seen[nseen++] = t;
        sb_printf(&sb,
                  "%sexcept* %s as %s:\n%s...  # handle the matching exceptions in %s.exceptions\n",
                  ind, t, h->name, body_ind, h->name);
        if (reraise)
            sb_printf(&sb, "%sraise\n", body_ind);
    }
    return try_finish(cx, &sb, s);
}

static void
suggest(RuleCtx *cx, Finding *f, const Stmt *s, uint32_t at, const Dispatch *d)
{
    const ExceptHandler *h = s->v.Try.handlers.items[at];
    for (uint32_t i = 0; i < s->v.Try.handlers.len; i++)
        if (i != at && (i < at || !droppable(s->v.Try.handlers.items[i])))
            return; /* other handlers: `except` and `except*` do not mix */
    for (uint32_t i = 0; i < d->types.len; i++)
        if (!star_type_ok(cx, d->types.items[i], false))
            return;
    if (!strings_survive(cx, s, cx_indent(cx, s->start)))
        return;
    Plan p = { .cx = cx, .h = h };
    const char *reason = plan_handler(&p) ? refusal(&p)
                                          : "the handler does more than sort the exceptions by "
                                            "type; move its code into the clauses by hand";
    bool lone = !raises_only_groups(cx, s);
    for (uint32_t i = 0; !reason && i < p.clauses.len; i++)
        lone |= base_only(cx, p.clauses.items[i].type);
    if (!reason && lone && p.tail == TAIL_SWALLOW)
        reason = "the handler drops the exceptions it does not handle, and a catch-all "
                 "`except*` clause would also drop an exception raised alone, outside a group";
    if (reason) {
        finding_suggest(cx, f, s->start, s->end, skeleton_try(cx, s, h, d, reason));
        finding_fix_title(cx, f, "Use one `except*` clause per exception type");
        return;
    }
    finding_suggest(cx, f, s->start, s->end, filled_try(&p, s, lone));
    finding_fix_title(cx, f, "Move the handling code into one `except*` clause per exception type");
    if (p.tail == TAIL_SWALLOW)
        finding_why(cx, f,
                    "%s This handler also drops every exception it does not sort out; the rewrite "
                    "keeps that, visibly, in a final catch-all `except*` clause.",
                    cx->rule->why);
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
        suggest(cx, f, s, i, &d);
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
        "not flagged). A handler that only logs, wraps or re-raises the group is left alone.\n\n"
        "The suggestion is the rewritten `try`, with one `except* X:` clause per type and the "
        "handling code moved into it, for these handlers:\n"
        "- `if eg.subgroup(X): ...` branches; `if name := eg.subgroup(X):` becomes `except* X as "
        "name:`;\n"
        "- `matched, rest = eg.split(X)` with `if matched: ...` and `if rest: raise rest` (the "
        "clause re-raises the unmatched exceptions by itself);\n"
        "- `for exc in eg.exceptions:` with `if isinstance(exc, X): ... elif isinstance(exc, Y): "
        "...`: each branch becomes `except* X as eg:` with `for exc in eg.exceptions:` around its "
        "code.\n\n"
        "A final bare `raise` (the whole group re-raised after the handling) becomes a `raise` at "
        "the end of every clause. A handler that drops the exceptions it does not handle gets a "
        "final `except* Exception: pass` that says so, since `except*` would re-raise them. The "
        "`else` and `finally` blocks are kept; a later handler that only re-raises (`except "
        "KeyboardInterrupt: raise`) is dropped: it changes nothing, and as `except*` it would wrap "
        "a lone exception in a group. When the `try` body is not just a task group (strict, as "
        "`asyncio.TaskGroup`, anyio and trio's default are), or a type is not an `Exception` "
        "(`KeyboardInterrupt`), a comment notes that the clauses also catch an exception raised "
        "alone, outside a group, which `except ExceptionGroup` let through.\n\n"
        "The code is left in place and the suggestion is a skeleton of clauses, with the reason "
        "as a comment, when the handling code uses `return`, `break` or `continue` (not allowed "
        "in `except*`) or raises (in a clause, a new exception joins the others rather than "
        "replacing them); when it uses `eg` itself (in a clause, only the sub-group) or "
        "`rest`; when a name the handler binds (`name`, `matched`, `rest`, the loop variable) is "
        "used elsewhere, as the clause's `as` name is unbound when the clause ends; when separate "
        "`if` branches test types that may overlap (only builtin exceptions and classes defined "
        "in the file are told apart), since `except*` runs the first matching clause only; when "
        "a handler that drops exceptions guards a `try` body that may raise one alone; and when "
        "the handler does anything else. There is no suggestion when the `try` has other "
        "handlers (but the re-raising ones above), when a type is itself an exception group "
        "(`except*` rejects those), or when a string literal in the `try` has lines indented "
        "less than the `try`.\n\n"
        "Even the filled-in rewrite differs in small ways, and says so in a comment where it "
        "does: an `isinstance` loop sees only the group's top-level members, while `except*` "
        "also finds them inside nested groups, and the loop's branches then run type by type "
        "rather than member by member; `log.exception()` in a clause logs its sub-group. The "
        "group that propagates is rebuilt, without the \"During handling\" chaining of `raise "
        "rest`.\n\n"
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
