/* parser_stmt: statements of python.gram (GENERAL STATEMENTS, SIMPLE STATEMENTS, COMPOUND
 * STATEMENTS), function parameters (def and lambda) and PEP 695 type parameters. Assignments are
 * parsed as expressions first and then turned into targets, with CPython's messages for what cannot
 * be one. */
#include "parse/parser_internal.h"

#include <stdio.h>

static bool parse_statement(Parser *p);
static bool parse_simple_stmts(Parser *p);

/* expect_colon: the ':' of a compound statement header. CPython says "expected ':'" when the line
 * ends there (always, for the eager &&':' of try/else/finally/def), "invalid syntax" otherwise. */
static bool
expect_colon(Parser *p, bool eager)
{
    if (accept(p, TOK_COLON))
        return true;
    if (at(p, TOK_NEWLINE) ||
        (eager && !at(p, TOK_ERROR) && !at(p, TOK_INDENT) && !at(p, TOK_DEDENT)))
        syntax_error(p, cur(p)->start, cur(p)->end, "expected ':'");
    else
        error_at_cur(p, "invalid syntax");
    return false;
}

/* missing_block: "expected an indented block after WHAT on line N" (IndentationError) with the
 * current token the NEWLINE after the header. CPython points at the token after the NEWLINE, or, at
 * the end of the file, just past the last line (its tokenizer's cursor) with no end column. */
void *
missing_block(Parser *p, const Token *kw, const char *what)
{
    const Token *t = peek(p, 1);
    if (t->kind == TOK_ERROR) {
        advance(p);
        return error_at_cur(p, "invalid syntax");
    }
    uint32_t line = lineindex_line(p->lines, kw->start);
    if (!at_eof(p, t))
        return indent_error(p, t->start, t->end, "expected an indented block after %s on line %u",
                            what, line);
    char msg[128];
    snprintf(msg, sizeof msg, "expected an indented block after %s on line %u", what, line);
    uint32_t last = eof_offset(p);
    return error_no_column(p, "IndentationError", last, lineindex_char_col(p->lines, last) + 1,
                           msg);
}

/* block: NEWLINE INDENT statements DEDENT | simple_stmts */
bool
parse_block(Parser *p, const Token *kw, const char *what, StmtSeq *out)
{
    uint32_t mark = scratch_mark(p);
    if (at(p, TOK_NEWLINE)) {
        if (peek_kind(p, 1) != TOK_INDENT) {
            missing_block(p, kw, what);
            return false;
        }
        advance(p);
        advance(p);
        while (!at(p, TOK_DEDENT)) {
            if (at(p, TOK_ENDMARKER) || at(p, TOK_ERROR)) {
                error_at_cur(p, "invalid syntax");
                return false;
            }
            if (!parse_statement(p))
                return false;
        }
        advance(p);
    } else if (!parse_simple_stmts(p)) {
        return false; /* a block on the header's line holds simple statements only */
    }
    *out = pop_stmts(p, mark);
    return true;
}

/* ---------------------------------------------------------------------------------------------- */
/* Simple statements */

static bool
is_bitwise_kind(const Expr *e)
{
    switch (e->kind) {
    case E_BoolOp:
    case E_Compare:
    case E_IfExp:
    case E_Lambda:
    case E_NamedExpr:
    case E_Starred:
    case E_Yield:
    case E_YieldFrom:
        return false;
    case E_UnaryOp:
        return e->v.UnaryOp.op != UNARY_NOT;
    case E_Tuple:
        return false;
    default:
        return true;
    }
}

/* invalid_assignment, once some target cannot be assigned to: CPython first tries
 * invalid_named_expression at the statement's start (NAME '=' bitwise_or, or a bitwise_or that is
 * not a display, then '=' bitwise_or, not followed by '=' or ':='), which names the first target
 * even when that one is valid; then the bare yield; then the bad target itself. */
static void *
assignment_error(Parser *p, uint32_t start, const Expr *first, uint32_t first_eq,
                 const Expr *target, bool bare_yield)
{
    bool is_name = first->kind == E_Name && first->start == start;
    if (is_bitwise_kind(first) && (is_name || !starts_with_display(first, start))) {
        Spec s;
        spec_begin(p, &s);
        set_pos(p, first_eq + 1);
        Expr *b = parse_bitwise_or(p);
        bool fires = b && !at(p, TOK_EQUAL) && !at(p, TOK_COLONEQUAL);
        uint32_t b_end = b ? b->end : 0;
        spec_fail(p, &s);
        if (fires && is_name)
            return syntax_error(p, first->start, b_end,
                                "invalid syntax. Maybe you meant '==' or ':=' instead of '='?");
        if (fires)
            return syntax_error(p, first->start, first->end,
                                "cannot assign to %s here. Maybe you meant '==' instead of '='?",
                                expr_name(first));
    }
    if (bare_yield)
        return syntax_error(p, target->start, target->end,
                            "assignment to yield expression not possible");
    const Expr *bad = invalid_target(target, TARGET_STAR);
    return syntax_error(p, bad->start, bad->end, "cannot assign to %s", expr_name(bad));
}

/* assignment: (star_targets '=')+ (yield_expr | star_expressions) */
static Stmt *
parse_assignment(Parser *p, uint32_t start, Expr *first, bool first_bare_yield)
{
    uint32_t mark = scratch_mark(p);
    uint32_t first_eq = tok_pos(p);
    Expr *target = first;
    bool bare_yield = first_bare_yield;
    while (at(p, TOK_EQUAL)) {
        if (bare_yield || invalid_target(target, TARGET_STAR))
            return assignment_error(p, start, first, first_eq, target, bare_yield);
        set_target_ctx(p, target, CTX_STORE, TARGET_STAR);
        scratch_push(p, target);
        advance(p); /* '=' */
        bare_yield = at(p, TOK_YIELD);
        target = parse_annotated_rhs(p);
        if (!target)
            return NULL;
    }
    Stmt *s = stmt_new(p, S_Assign, start, node_end(p));
    s->v.Assign.targets = pop_exprs(p, mark);
    s->v.Assign.value = target;
    return s;
}

static bool
augassign_op(TokKind k, OperatorKind *op)
{
    switch (k) {
    case TOK_PLUSEQUAL:
        *op = OP_ADD;
        return true;
    case TOK_MINEQUAL:
        *op = OP_SUB;
        return true;
    case TOK_STAREQUAL:
        *op = OP_MULT;
        return true;
    case TOK_ATEQUAL:
        *op = OP_MATMULT;
        return true;
    case TOK_SLASHEQUAL:
        *op = OP_DIV;
        return true;
    case TOK_PERCENTEQUAL:
        *op = OP_MOD;
        return true;
    case TOK_AMPEREQUAL:
        *op = OP_BITAND;
        return true;
    case TOK_VBAREQUAL:
        *op = OP_BITOR;
        return true;
    case TOK_CIRCUMFLEXEQUAL:
        *op = OP_BITXOR;
        return true;
    case TOK_LEFTSHIFTEQUAL:
        *op = OP_LSHIFT;
        return true;
    case TOK_RIGHTSHIFTEQUAL:
        *op = OP_RSHIFT;
        return true;
    case TOK_DOUBLESTAREQUAL:
        *op = OP_POW;
        return true;
    case TOK_DOUBLESLASHEQUAL:
        *op = OP_FLOORDIV;
        return true;
    default:
        return false;
    }
}

/* legacy_print: `print "x"` / `exec code` (invalid_legacy_expression) */
static void *
legacy_print(Parser *p, const Expr *e)
{
    if (e->kind != E_Name || (strcmp(e->v.Name.id, "print") && strcmp(e->v.Name.id, "exec")))
        return NULL;
    if (!can_start_expr(cur_kind(p)) && !at(p, TOK_STAR))
        return NULL;
    Spec s;
    spec_begin(p, &s);
    Expr *b = parse_star_expressions(p);
    uint32_t b_end = b ? b->end : 0;
    spec_fail(p, &s);
    if (!b)
        return NULL;
    return syntax_error(p, e->start, b_end,
                        "Missing parentheses in call to '%s'. Did you mean %s(...)?", e->v.Name.id,
                        e->v.Name.id);
}

/* assignment | star_expressions (an expression statement), annotated and augmented assignments */
static Stmt *
parse_expr_stmt(Parser *p)
{
    uint32_t start = tok_start(p);
    const Token *first_tok = p->tok;
    bool bare_yield = at(p, TOK_YIELD);
    Expr *e = bare_yield ? parse_yield_expr(p) : parse_star_expressions(p);
    if (!e)
        return NULL;
    TokKind k = cur_kind(p);
    if (k == TOK_EQUAL)
        return parse_assignment(p, start, e, bare_yield);
    if (k == TOK_COLON) {
        /* annotated assignment: a single target only (CPython names a bad one only when an
         * expression follows the ':') */
        bool parenthesized = e->start != start;
        bool single = e->kind == E_Name || e->kind == E_Attribute || e->kind == E_Subscript;
        if (!single && !can_start_expr(peek_kind(p, 1)))
            return error_at_cur(p, "invalid syntax"); /* no rule took the ':' */
        if (e->kind == E_Tuple) {
            const Expr *where = e == p->bare_tuple ? e->v.Tuple.elts.items[0] : e;
            return syntax_error(p, where->start, where->end,
                                "only single target (not tuple) can be annotated");
        }
        if (e->kind == E_List)
            return syntax_error(p, e->start, e->end,
                                "only single target (not list) can be annotated");
        if (e->kind != E_Name && e->kind != E_Attribute && e->kind != E_Subscript)
            return syntax_error(p, e->start, e->end, "illegal target for annotation");
        set_target_ctx(p, e, CTX_STORE, TARGET_STAR);
        advance(p);
        Expr *ann = parse_expression(p);
        if (!ann)
            return NULL;
        Expr *value = NULL;
        if (accept(p, TOK_EQUAL)) {
            value = parse_annotated_rhs(p);
            if (!value)
                return NULL;
        }
        Stmt *s = stmt_new(p, S_AnnAssign, start, node_end(p));
        s->v.AnnAssign.target = e;
        s->v.AnnAssign.annotation = ann;
        s->v.AnnAssign.value = value;
        s->v.AnnAssign.simple = e->kind == E_Name && !parenthesized;
        return s;
    }
    OperatorKind op;
    if (augassign_op(k, &op)) {
        if (e->kind != E_Name && e->kind != E_Attribute && e->kind != E_Subscript)
            return syntax_error(p, e->start, e->end,
                                "'%s' is an illegal expression for augmented assignment",
                                expr_name(e));
        set_target_ctx(p, e, CTX_STORE, TARGET_STAR);
        advance(p);
        Expr *value = parse_annotated_rhs(p);
        if (!value)
            return NULL;
        Stmt *s = stmt_new(p, S_AugAssign, start, node_end(p));
        s->v.AugAssign.target = e;
        s->v.AugAssign.op = op;
        s->v.AugAssign.value = value;
        return s;
    }
    if (k != TOK_NEWLINE && k != TOK_SEMI) {
        if (first_tok + 1 == p->tok || e->kind == E_Name)
            legacy_print(p, e);
    }
    Stmt *s = stmt_new(p, S_Expr, start, node_end(p));
    s->v.Expr.value = e;
    return s;
}

/* dotted_name: dotted_name '.' NAME | NAME  (joined into one identifier, e.g. "os.path") */
static Ident
parse_dotted_name(Parser *p)
{
    if (!at(p, TOK_NAME))
        return error_at_cur(p, "invalid syntax");
    const Token *first = advance(p);
    if (!at(p, TOK_DOT))
        return name_ident(p, first);
    char buf[256];
    size_t len = 0, cap = sizeof buf;
    char *out = buf;
    Ident part = name_ident(p, first);
    for (;;) {
        size_t n = strlen(part);
        if (len + n + 2 > cap) {
            size_t ncap = (len + n + 2) * 2;
            char *nd = arena_alloc(p->a, ncap);
            memcpy(nd, out, len);
            out = nd;
            cap = ncap;
        }
        memcpy(out + len, part, n);
        len += n;
        if (!at(p, TOK_DOT) || peek_kind(p, 1) != TOK_NAME)
            break;
        advance(p);
        out[len++] = '.';
        part = name_ident(p, advance(p));
    }
    if (at(p, TOK_DOT)) {
        advance(p);
        return error_at_cur(p, "invalid syntax");
    }
    return intern_ident(p->in, out, (uint32_t)len);
}

/* dotted_as_name: dotted_name ['as' NAME]; import_from_as_name: NAME ['as' NAME] */
static Alias *
parse_alias(Parser *p, bool dotted)
{
    uint32_t start = tok_start(p);
    Ident name;
    if (dotted) {
        name = parse_dotted_name(p);
        if (!name)
            return NULL;
    } else {
        if (!at(p, TOK_NAME))
            return error_at_cur(p, "invalid syntax");
        name = name_ident(p, advance(p));
    }
    Ident asname = NULL;
    if (accept(p, TOK_AS)) {
        if (!at(p, TOK_NAME))
            return error_at_cur(p, "invalid syntax");
        asname = name_ident(p, advance(p));
    }
    Alias *al = ARENA_NEW(p->a, Alias);
    al->start = start;
    al->end = node_end(p);
    al->name = name;
    al->asname = asname;
    return al;
}

/* import_name: 'import' dotted_as_names */
static Stmt *
parse_import(Parser *p)
{
    uint32_t start = advance(p)->start;
    if (at(p, TOK_NEWLINE))
        return syntax_error(p, cur(p)->start, cur(p)->end,
                            "Expected one or more names after 'import'");
    uint32_t mark = scratch_mark(p);
    do {
        Alias *al = parse_alias(p, true);
        if (!al)
            return NULL;
        scratch_push(p, al);
    } while (accept(p, TOK_COMMA));
    Stmt *s = stmt_new(p, S_Import, start, node_end(p));
    s->v.Import.names = pop_aliases(p, mark);
    return s;
}

/* import_from: 'from' ('.' | '...')* dotted_name 'import' import_from_targets
 *            | 'from' ('.' | '...')+ 'import' import_from_targets */
static Stmt *
parse_import_from(Parser *p)
{
    uint32_t start = advance(p)->start;
    int level = 0;
    for (;;) {
        if (accept(p, TOK_DOT))
            level += 1;
        else if (accept(p, TOK_ELLIPSIS))
            level += 3;
        else
            break;
    }
    Ident module = NULL;
    if (!at(p, TOK_IMPORT) || level == 0) {
        module = parse_dotted_name(p);
        if (!module)
            return NULL;
    }
    if (!expect(p, TOK_IMPORT))
        return NULL;
    if (at(p, TOK_NEWLINE))
        return syntax_error(p, cur(p)->start, cur(p)->end,
                            "Expected one or more names after 'import'");
    uint32_t mark = scratch_mark(p);
    if (at(p, TOK_STAR)) {
        const Token *star = advance(p);
        Alias *al = ARENA_NEW(p->a, Alias);
        al->start = star->start;
        al->end = star->end;
        al->name = p->star_ident;
        scratch_push(p, al);
    } else if (accept(p, TOK_LPAR)) {
        do {
            if (at(p, TOK_RPAR) && p->nscratch > mark)
                break;
            Alias *al = parse_alias(p, false);
            if (!al)
                return NULL;
            scratch_push(p, al);
        } while (accept(p, TOK_COMMA));
        if (!expect(p, TOK_RPAR))
            return NULL;
    } else {
        for (;;) {
            Alias *al = parse_alias(p, false);
            if (!al)
                return NULL;
            scratch_push(p, al);
            if (!at(p, TOK_COMMA))
                break;
            advance(p);
            if (at(p, TOK_NEWLINE))
                return syntax_error(p, cur(p)->start, cur(p)->end,
                                    "trailing comma not allowed without surrounding parentheses");
        }
    }
    Stmt *s = stmt_new(p, S_ImportFrom, start, node_end(p));
    s->v.ImportFrom.module = module;
    s->v.ImportFrom.names = pop_aliases(p, mark);
    s->v.ImportFrom.level = level;
    return s;
}

/* global_stmt: 'global' ','.NAME+ ; nonlocal_stmt likewise */
static Stmt *
parse_global(Parser *p, StmtKind kind)
{
    uint32_t start = advance(p)->start;
    uint32_t mark = scratch_mark(p);
    do {
        if (!at(p, TOK_NAME))
            return error_at_cur(p, "invalid syntax");
        scratch_push(p, (void *)name_ident(p, advance(p)));
    } while (accept(p, TOK_COMMA));
    Stmt *s = stmt_new(p, kind, start, node_end(p));
    if (kind == S_Global)
        s->v.Global.names = pop_idents(p, mark);
    else
        s->v.Nonlocal.names = pop_idents(p, mark);
    return s;
}

/* del_stmt: 'del' del_targets &(';' | NEWLINE) */
static Stmt *
parse_del(Parser *p)
{
    uint32_t start = advance(p)->start;
    uint32_t mark = scratch_mark(p);
    for (;;) {
        Expr *e = parse_star_expression(p);
        if (!e)
            return NULL;
        if (!set_target_ctx(p, e, CTX_DEL, TARGET_DEL))
            return NULL;
        scratch_push(p, e);
        if (!accept(p, TOK_COMMA))
            break;
        if (at(p, TOK_NEWLINE) || at(p, TOK_SEMI))
            break;
    }
    if (!at(p, TOK_NEWLINE) && !at(p, TOK_SEMI))
        return error_at_cur(p, "invalid syntax");
    Stmt *s = stmt_new(p, S_Delete, start, node_end(p));
    s->v.Delete.targets = pop_exprs(p, mark);
    return s;
}

static TypeParamSeq parse_type_params(Parser *p, bool *ok);

/* type_alias: "type" NAME [type_params] '=' expression */
static Stmt *
parse_type_alias(Parser *p)
{
    uint32_t start = advance(p)->start;
    Expr *name = name_expr(p, advance(p), CTX_STORE);
    TypeParamSeq tps = { NULL, 0 };
    if (at(p, TOK_LSQB)) {
        bool ok = true;
        tps = parse_type_params(p, &ok);
        if (!ok)
            return NULL;
    }
    if (!expect(p, TOK_EQUAL))
        return NULL;
    Expr *value = parse_expression(p);
    if (!value)
        return NULL;
    Stmt *s = stmt_new(p, S_TypeAlias, start, node_end(p));
    s->v.TypeAlias.name = name;
    s->v.TypeAlias.type_params = tps;
    s->v.TypeAlias.value = value;
    return s;
}

/* simple_stmt */
static Stmt *
parse_simple_stmt(Parser *p)
{
    uint32_t start = tok_start(p);
    switch (cur_kind(p)) {
    case TOK_PASS:
        advance(p);
        return stmt_new(p, S_Pass, start, node_end(p));
    case TOK_BREAK:
        advance(p);
        return stmt_new(p, S_Break, start, node_end(p));
    case TOK_CONTINUE:
        advance(p);
        return stmt_new(p, S_Continue, start, node_end(p));
    case TOK_RETURN: {
        advance(p);
        Expr *v = NULL;
        if (can_start_expr(cur_kind(p)) || at(p, TOK_STAR)) {
            v = parse_star_expressions(p);
            if (!v)
                return NULL;
        }
        Stmt *s = stmt_new(p, S_Return, start, node_end(p));
        s->v.Return.value = v;
        return s;
    }
    case TOK_RAISE: {
        const Token *kw = advance(p);
        Expr *exc = NULL, *cause = NULL;
        if (at(p, TOK_FROM))
            return syntax_error(p, kw->start, cur(p)->end,
                                "did you forget an expression between 'raise' and 'from'?");
        if (can_start_expr(cur_kind(p))) {
            exc = parse_expression(p);
            if (!exc)
                return NULL;
            if (at(p, TOK_FROM)) {
                const Token *from = advance(p);
                if (!can_start_expr(cur_kind(p)))
                    return syntax_error(p, from->start, from->end,
                                        "did you forget an expression after 'from'?");
                cause = parse_expression(p);
                if (!cause)
                    return NULL;
            }
        }
        Stmt *s = stmt_new(p, S_Raise, start, node_end(p));
        s->v.Raise.exc = exc;
        s->v.Raise.cause = cause;
        return s;
    }
    case TOK_DEL:
        return parse_del(p);
    case TOK_ASSERT: {
        advance(p);
        Expr *test = parse_expression(p);
        if (!test)
            return NULL;
        Expr *msg = NULL;
        if (accept(p, TOK_COMMA)) {
            msg = parse_expression(p);
            if (!msg)
                return NULL;
        }
        Stmt *s = stmt_new(p, S_Assert, start, node_end(p));
        s->v.Assert.test = test;
        s->v.Assert.msg = msg;
        return s;
    }
    case TOK_GLOBAL:
        return parse_global(p, S_Global);
    case TOK_NONLOCAL:
        return parse_global(p, S_Nonlocal);
    case TOK_IMPORT:
        return parse_import(p);
    case TOK_FROM:
        return parse_import_from(p);
    case TOK_NAME:
        if (peek_kind(p, 1) == TOK_NAME && tok_is_name(p, cur(p), "type"))
            return parse_type_alias(p);
        return parse_expr_stmt(p);
    default:
        return parse_expr_stmt(p);
    }
}

/* simple_stmts: simple_stmt !';' NEWLINE | ';'.simple_stmt+ [';'] NEWLINE */
static bool
parse_simple_stmts(Parser *p)
{
    for (;;) {
        Stmt *s = parse_simple_stmt(p);
        if (!s)
            return false;
        scratch_push(p, s);
        if (!accept(p, TOK_SEMI))
            break;
        if (at(p, TOK_NEWLINE))
            break;
    }
    if (!at(p, TOK_NEWLINE)) {
        error_at_cur(p, "invalid syntax");
        return false;
    }
    advance(p);
    return true;
}

/* ---------------------------------------------------------------------------------------------- */
/* Compound statements */

/* if_stmt / elif_stmt: elif chains are nested If nodes in orelse, built here without recursion */
static Stmt *
parse_if(Parser *p)
{
    const Token *kw = advance(p);
    Expr *test = parse_named_expression(p);
    if (!test || !expect_colon(p, false))
        return NULL;
    StmtSeq body;
    if (!parse_block(p, kw, "'if' statement", &body))
        return NULL;
    Stmt *top = stmt_new(p, S_If, kw->start, 0);
    top->v.If.test = test;
    top->v.If.body = body;
    uint32_t mark = scratch_mark(p);
    scratch_push(p, top);
    Stmt *last = top;
    while (at(p, TOK_ELIF)) {
        const Token *ekw = advance(p);
        if (!depth_enter(p, ekw->start))
            return NULL;
        Expr *etest = parse_named_expression(p);
        if (!etest || !expect_colon(p, false))
            return NULL;
        StmtSeq ebody;
        if (!parse_block(p, ekw, "'elif' statement", &ebody))
            return NULL;
        Stmt *s = stmt_new(p, S_If, ekw->start, 0);
        s->v.If.test = etest;
        s->v.If.body = ebody;
        last->v.If.orelse.items = arena_alloc(p->a, sizeof(Stmt *));
        last->v.If.orelse.items[0] = s;
        last->v.If.orelse.len = 1;
        scratch_push(p, s);
        last = s;
    }
    if (at(p, TOK_ELSE)) {
        const Token *ekw = advance(p);
        if (!expect_colon(p, true))
            return NULL;
        if (!parse_block(p, ekw, "'else' statement", &last->v.If.orelse))
            return NULL;
    }
    uint32_t end = node_end(p);
    for (uint32_t i = mark; i < p->nscratch; i++) {
        ((Stmt *)p->scratch[i])->end = end;
        if (i > mark)
            depth_leave(p);
    }
    p->nscratch = mark;
    return top;
}

/* else_block: 'else' &&':' block */
static bool
parse_else(Parser *p, StmtSeq *out)
{
    if (!at(p, TOK_ELSE))
        return true;
    const Token *kw = advance(p);
    if (!expect_colon(p, true))
        return false;
    return parse_block(p, kw, "'else' statement", out);
}

/* while_stmt: 'while' named_expression ':' block [else_block] */
static Stmt *
parse_while(Parser *p)
{
    const Token *kw = advance(p);
    Expr *test = parse_named_expression(p);
    if (!test || !expect_colon(p, false))
        return NULL;
    Stmt *s = stmt_new(p, S_While, kw->start, 0);
    s->v.While.test = test;
    if (!parse_block(p, kw, "'while' statement", &s->v.While.body) ||
        !parse_else(p, &s->v.While.orelse))
        return NULL;
    s->end = node_end(p);
    return s;
}

/* invalid_for_target: 'async'? 'for' star_expressions -> "cannot assign to X" */
static void *
for_target_error(Parser *p, uint32_t after_for)
{
    if (p->err->set)
        return NULL;
    Spec s;
    spec_begin(p, &s);
    set_pos(p, after_for);
    Expr *e = parse_star_expressions(p);
    const Expr *bad = e ? invalid_target(e, TARGET_FOR) : NULL;
    uint32_t bs = bad ? bad->start : 0, be = bad ? bad->end : 0;
    const char *what = bad ? expr_name(bad) : NULL;
    spec_fail(p, &s);
    if (bad)
        return syntax_error(p, bs, be, "cannot assign to %s", what);
    return NULL;
}

/* for_stmt: ['async'] 'for' star_targets 'in' ~ star_expressions ':' block [else_block] */
static Stmt *
parse_for(Parser *p, const Token *async_kw)
{
    const Token *kw = advance(p);
    uint32_t after_for = tok_pos(p);
    Expr *target = parse_star_targets(p);
    if (!target) {
        SyntaxErr saved = *p->err;
        *p->err = (SyntaxErr){ 0 };
        for_target_error(p, after_for);
        if (!p->err->set)
            *p->err = saved;
        return NULL;
    }
    if (!at(p, TOK_IN)) {
        for_target_error(p, after_for);
        return error_at_cur(p, "invalid syntax");
    }
    advance(p);
    Expr *iter = parse_star_expressions(p);
    if (!iter || !expect_colon(p, false))
        return NULL;
    Stmt *s = stmt_new(p, async_kw ? S_AsyncFor : S_For, async_kw ? async_kw->start : kw->start, 0);
    s->v.For.target = target;
    s->v.For.iter = iter;
    if (!parse_block(p, kw, "'for' statement", &s->v.For.body) || !parse_else(p, &s->v.For.orelse))
        return NULL;
    s->end = node_end(p);
    return s;
}

/* with_item: expression 'as' star_target &(',' | ')' | ':') | expression */
static WithItem *
parse_with_item(Parser *p)
{
    Expr *e = parse_expression(p);
    if (!e)
        return NULL;
    WithItem *w = ARENA_NEW(p->a, WithItem);
    w->context_expr = e;
    if (accept(p, TOK_AS)) {
        Expr *t = parse_star_target(p, false);
        if (!t)
            return NULL;
        if (!at(p, TOK_COMMA) && !at(p, TOK_RPAR) && !at(p, TOK_COLON)) {
            if (at(p, TOK_NEWLINE)) /* invalid_with_stmt */
                return syntax_error(p, cur(p)->start, cur(p)->end, "expected ':'");
            return error_at_cur(p, "invalid syntax");
        }
        if (!set_target_ctx(p, t, CTX_STORE, TARGET_STAR))
            return NULL;
        w->optional_vars = t;
    }
    return w;
}

/* with_stmt: ['async'] 'with' '(' ','.with_item+ ','? ')' ':' block
 *          | ['async'] 'with' ','.with_item+ ':' block */
static Stmt *
parse_with(Parser *p, const Token *async_kw)
{
    const Token *kw = advance(p);
    uint32_t mark = scratch_mark(p);
    bool done = false;
    if (at(p, TOK_LPAR)) {
        /* the parenthesized form wins when the items and ')' ':' all match */
        Spec s;
        spec_begin(p, &s);
        advance(p);
        bool ok = true;
        for (;;) {
            WithItem *w = parse_with_item(p);
            if (!w) {
                ok = false;
                break;
            }
            scratch_push(p, w);
            if (!accept(p, TOK_COMMA) || at(p, TOK_RPAR))
                break;
        }
        if (ok && accept(p, TOK_RPAR) && at(p, TOK_COLON)) {
            spec_end(p, &s);
            done = true;
        } else {
            if (tok_pos(p) > p->far)
                p->far = tok_pos(p);
            spec_fail(p, &s);
        }
    }
    if (!done) {
        for (;;) {
            WithItem *w = parse_with_item(p);
            if (!w)
                return NULL;
            scratch_push(p, w);
            if (!at(p, TOK_COMMA))
                break;
            const Token *comma = advance(p);
            if (at(p, TOK_COLON))
                return syntax_error(p, comma->start, comma->end,
                                    "the last 'with' item has a trailing comma");
        }
    }
    if (!expect_colon(p, false))
        return NULL;
    WithItemSeq items = pop_withitems(p, mark);
    Stmt *s =
        stmt_new(p, async_kw ? S_AsyncWith : S_With, async_kw ? async_kw->start : kw->start, 0);
    s->v.With.items = items;
    if (!parse_block(p, kw, "'with' statement", &s->v.With.body))
        return NULL;
    s->end = node_end(p);
    return s;
}

/* except_block: 'except' expression ['as' NAME] ':' block | 'except' expressions ':' block
 *             | 'except' ':' block;  except_star_block likewise with '*' */
static ExceptHandler *
parse_except(Parser *p, bool *is_star)
{
    const Token *kw = advance(p);
    bool star = false;
    if (at(p, TOK_STAR)) {
        star = true;
        advance(p);
        if (at(p, TOK_COLON) || at(p, TOK_NEWLINE))
            return syntax_error(p, cur(p)->start, cur(p)->end,
                                "expected one or more exception types");
    }
    *is_star = star;
    Expr *type = NULL;
    Ident name = NULL;
    if (!at(p, TOK_COLON)) {
        uint32_t estart = tok_start(p);
        type = parse_expression(p);
        if (!type)
            return NULL;
        if (at(p, TOK_COMMA)) {
            /* PEP 758: several exception types without parentheses (no 'as' then) */
            uint32_t mark = scratch_mark(p);
            scratch_push(p, type);
            while (accept(p, TOK_COMMA)) {
                if (!can_start_expr(cur_kind(p)))
                    break;
                Expr *e = parse_expression(p);
                if (!e)
                    return NULL;
                scratch_push(p, e);
            }
            Expr *t = expr_new(p, E_Tuple, estart, node_end(p));
            t->v.Tuple.elts = pop_exprs(p, mark);
            t->v.Tuple.ctx = CTX_LOAD;
            if (at(p, TOK_AS))
                return syntax_error(
                    p, estart, node_end(p),
                    "multiple exception types must be parenthesized when using 'as'");
            type = t;
        } else if (accept(p, TOK_AS)) {
            if (!at(p, TOK_NAME))
                return error_at_cur(p, "invalid syntax");
            const Token *n = advance(p);
            if (at(p, TOK_DOT) || at(p, TOK_LSQB) || at(p, TOK_LPAR)) {
                set_pos(p, tok_pos(p) - 1);
                uint32_t tstart = tok_start(p);
                Expr *bad = parse_primary(p);
                if (bad && at(p, TOK_COLON))
                    return syntax_error(p, tstart, bad->end,
                                        "cannot use except%s statement with %s", star ? "*" : "",
                                        expr_name(bad));
                return error_at_cur(p, "invalid syntax");
            }
            name = name_ident(p, n);
        }
    }
    if (!expect_colon(p, false))
        return NULL;
    ExceptHandler *h = ARENA_NEW(p->a, ExceptHandler);
    h->start = kw->start;
    h->type = type;
    h->name = name;
    if (!parse_block(p, kw, star ? "'except*' statement" : "'except' statement", &h->body))
        return NULL;
    h->end = node_end(p);
    return h;
}

/* try_stmt: 'try' &&':' block finally_block
 *         | 'try' &&':' block except_block+ [else_block] [finally_block]
 *         | 'try' &&':' block except_star_block+ [else_block] [finally_block] */
static Stmt *
parse_try(Parser *p)
{
    const Token *kw = advance(p);
    if (!expect_colon(p, true))
        return NULL;
    Stmt *s = stmt_new(p, S_Try, kw->start, 0);
    if (!parse_block(p, kw, "'try' statement", &s->v.Try.body))
        return NULL;
    uint32_t mark = scratch_mark(p);
    int kind = -1; /* 0 except, 1 except* */
    while (at(p, TOK_EXCEPT)) {
        const Token *ekw = cur(p);
        bool star = false;
        ExceptHandler *h = parse_except(p, &star);
        if (!h)
            return NULL;
        if (kind >= 0 && kind != (int)star) {
            if (star)
                return syntax_error(p, ekw->start, ekw->end + 1,
                                    "cannot have both 'except' and 'except*' on the same 'try'");
            return syntax_error(p, ekw->start, ekw->end,
                                "cannot have both 'except' and 'except*' on the same 'try'");
        }
        kind = star;
        scratch_push(p, h);
    }
    s->v.Try.handlers = pop_handlers(p, mark);
    if (kind == 1)
        s->kind = S_TryStar;
    if (kind >= 0 && !parse_else(p, &s->v.Try.orelse))
        return NULL;
    if (at(p, TOK_FINALLY)) {
        const Token *fkw = advance(p);
        if (!expect_colon(p, true))
            return NULL;
        if (!parse_block(p, fkw, "'finally' statement", &s->v.Try.finalbody))
            return NULL;
    } else if (kind < 0) {
        return error_here(p, "expected 'except' or 'finally' block");
    }
    s->end = node_end(p);
    return s;
}

/* type_params: '[' type_param_seq ']'
 * type_param: NAME [':' expression] ['=' expression] | '*' NAME ['=' star_expression]
 *           | '**' NAME ['=' expression] */
static TypeParamSeq
parse_type_params(Parser *p, bool *ok)
{
    TypeParamSeq none = { NULL, 0 };
    advance(p); /* '[' */
    if (at(p, TOK_RSQB)) {
        syntax_error(p, cur(p)->start, cur(p)->end, "Type parameter list cannot be empty");
        *ok = false;
        return none;
    }
    uint32_t mark = scratch_mark(p);
    while (!at(p, TOK_RSQB)) {
        uint32_t start = tok_start(p);
        TypeParamKind kind = TP_TypeVar;
        if (accept(p, TOK_STAR))
            kind = TP_TypeVarTuple;
        else if (accept(p, TOK_DOUBLESTAR))
            kind = TP_ParamSpec;
        if (!at(p, TOK_NAME)) {
            error_at_cur(p, "invalid syntax");
            *ok = false;
            return none;
        }
        TypeParam *tp = ARENA_NEW(p->a, TypeParam);
        tp->kind = kind;
        tp->name = name_ident(p, advance(p));
        if (at(p, TOK_COLON)) {
            const Token *colon = advance(p);
            Expr *b = parse_expression(p);
            if (!b) {
                *ok = false;
                return none;
            }
            if (kind != TP_TypeVar) {
                const char *what = kind == TP_TypeVarTuple ? "TypeVarTuple" : "ParamSpec";
                syntax_error(p, colon->start, b->end, "cannot use %s with %s",
                             b->kind == E_Tuple ? "constraints" : "bound", what);
                *ok = false;
                return none;
            }
            tp->bound = b;
        }
        if (accept(p, TOK_EQUAL)) {
            Expr *d = kind == TP_TypeVarTuple ? parse_star_expression(p) : parse_expression(p);
            if (!d) {
                *ok = false;
                return none;
            }
            tp->default_value = d;
        }
        tp->start = start;
        tp->end = node_end(p);
        scratch_push(p, tp);
        if (!accept(p, TOK_COMMA))
            break;
    }
    if (!expect(p, TOK_RSQB)) {
        *ok = false;
        return none;
    }
    return pop_typeparams(p, mark);
}

/* function_def_raw: ['async'] 'def' NAME [type_params] '(' [params] ')' ['->' expression] ':' block
 */
static Stmt *
parse_funcdef(Parser *p, const Token *async_kw, ExprSeq decorators)
{
    const Token *kw = advance(p);
    if (!at(p, TOK_NAME))
        return error_at_cur(p, "invalid syntax");
    Ident name = name_ident(p, advance(p));
    TypeParamSeq tps = { NULL, 0 };
    if (at(p, TOK_LSQB)) {
        bool ok = true;
        tps = parse_type_params(p, &ok);
        if (!ok)
            return NULL;
    }
    if (!at(p, TOK_LPAR)) {
        if (at(p, TOK_ERROR))
            return error_at_cur(p, "invalid syntax");
        return syntax_error(p, cur(p)->start, cur(p)->end, "expected '('");
    }
    advance(p);
    Arguments *args;
    if (at(p, TOK_RPAR)) {
        args = empty_arguments(p);
    } else {
        args = parse_params(p, false);
        if (!args)
            return NULL;
    }
    if (!expect(p, TOK_RPAR))
        return NULL;
    Expr *returns = NULL;
    if (at(p, TOK_RARROW)) {
        const Token *arrow = advance(p);
        if (!can_start_expr(cur_kind(p)) &&
            !at(p, TOK_ERROR)) /* &&':' once ['->' expression] fails */
            return syntax_error(p, arrow->start, arrow->end, "expected ':'");
        returns = parse_expression(p);
        if (!returns)
            return NULL;
    }
    if (!expect_colon(p, true))
        return NULL;
    Stmt *s = stmt_new(p, async_kw ? S_AsyncFunctionDef : S_FunctionDef,
                       async_kw ? async_kw->start : kw->start, 0);
    s->v.FunctionDef.name = name;
    s->v.FunctionDef.args = args;
    s->v.FunctionDef.returns = returns;
    s->v.FunctionDef.type_params = tps;
    s->v.FunctionDef.decorator_list = decorators;
    if (!parse_block(p, kw, "function definition", &s->v.FunctionDef.body))
        return NULL;
    s->end = node_end(p);
    return s;
}

/* class_def_raw: 'class' NAME [type_params] ['(' [arguments] ')'] ':' block */
static Stmt *
parse_classdef(Parser *p, ExprSeq decorators)
{
    const Token *kw = advance(p);
    if (!at(p, TOK_NAME))
        return error_at_cur(p, "invalid syntax");
    Ident name = name_ident(p, advance(p));
    Stmt *s = stmt_new(p, S_ClassDef, kw->start, 0);
    s->v.ClassDef.name = name;
    s->v.ClassDef.decorator_list = decorators;
    if (at(p, TOK_LSQB)) {
        bool ok = true;
        s->v.ClassDef.type_params = parse_type_params(p, &ok);
        if (!ok)
            return NULL;
    }
    if (at(p, TOK_LPAR)) {
        const Token *lpar = advance(p);
        if (!depth_enter(p, lpar->start))
            return NULL;
        bool ok = parse_call_args(p, lpar, &s->v.ClassDef.bases, &s->v.ClassDef.keywords);
        depth_leave(p);
        if (!ok)
            return NULL;
    }
    if (!expect_colon(p, false))
        return NULL;
    if (!parse_block(p, kw, "class definition", &s->v.ClassDef.body))
        return NULL;
    s->end = node_end(p);
    return s;
}

/* decorators: ('@' named_expression NEWLINE)+, then class_def_raw or function_def_raw */
static Stmt *
parse_decorated(Parser *p)
{
    uint32_t mark = scratch_mark(p);
    while (accept(p, TOK_AT)) {
        Expr *d = parse_named_expression(p);
        if (!d)
            return NULL;
        if (!at(p, TOK_NEWLINE))
            return error_at_cur(p, "invalid syntax");
        advance(p);
        scratch_push(p, d);
    }
    ExprSeq decorators = pop_exprs(p, mark);
    if (at(p, TOK_DEF))
        return parse_funcdef(p, NULL, decorators);
    if (at(p, TOK_CLASS))
        return parse_classdef(p, decorators);
    if (at(p, TOK_ASYNC)) {
        const Token *async_kw = advance(p); /* and 'def' must follow */
        if (at(p, TOK_DEF))
            return parse_funcdef(p, async_kw, decorators);
    }
    return error_at_cur(p, "invalid syntax");
}

/* statement: compound_stmt | simple_stmts; pushes the statements onto the scratch stack */
static bool
parse_statement(Parser *p)
{
    Stmt *s = NULL;
    switch (cur_kind(p)) {
    case TOK_IF:
        s = parse_if(p);
        break;
    case TOK_WHILE:
        s = parse_while(p);
        break;
    case TOK_FOR:
        s = parse_for(p, NULL);
        break;
    case TOK_WITH:
        s = parse_with(p, NULL);
        break;
    case TOK_TRY:
        s = parse_try(p);
        break;
    case TOK_DEF:
        s = parse_funcdef(p, NULL, (ExprSeq){ NULL, 0 });
        break;
    case TOK_CLASS:
        s = parse_classdef(p, (ExprSeq){ NULL, 0 });
        break;
    case TOK_AT:
        s = parse_decorated(p);
        break;
    case TOK_ASYNC: {
        TokKind next = peek_kind(p, 1);
        if (next == TOK_DEF || next == TOK_FOR || next == TOK_WITH) {
            const Token *async_kw = advance(p);
            if (next == TOK_DEF)
                s = parse_funcdef(p, async_kw, (ExprSeq){ NULL, 0 });
            else if (next == TOK_FOR)
                s = parse_for(p, async_kw);
            else
                s = parse_with(p, async_kw);
            break;
        }
        advance(p);
        error_at_cur(p, "invalid syntax");
        return false;
    }
    case TOK_NAME:
        if (tok_is_name(p, cur(p), "match")) {
            bool not_match = false;
            p->match_newline = 0;
            s = parse_match_stmt(p, &not_match);
            if (s)
                break;
            if (!not_match)
                return false;
            if (parse_simple_stmts(p))
                return true;
            if (p->match_newline) {
                /* invalid_match_stmt: "match" subject_expr NEWLINE */
                const Token *nl = &p->toks[p->match_newline];
                *p->err = (SyntaxErr){ 0 };
                syntax_error(p, nl->start, nl->end, "expected ':'");
            }
            return false;
        }
        return parse_simple_stmts(p);
    case TOK_INDENT:
    case TOK_DEDENT:
    case TOK_ERROR:
        error_at_cur(p, "invalid syntax");
        return false;
    default:
        return parse_simple_stmts(p);
    }
    if (!s)
        return false;
    scratch_push(p, s);
    return true;
}

/* file: [statements] ENDMARKER */
StmtSeq
parse_file_body(Parser *p, bool *ok)
{
    uint32_t mark = scratch_mark(p);
    while (!at(p, TOK_ENDMARKER)) {
        if (at(p, TOK_NEWLINE)) {
            /* only possible for a file of blank lines and comments with odd continuation lines */
            error_at_cur(p, "invalid syntax");
            *ok = false;
            return (StmtSeq){ NULL, 0 };
        }
        if (!parse_statement(p)) {
            *ok = false;
            return (StmtSeq){ NULL, 0 };
        }
    }
    return pop_stmts(p, mark);
}

/* ---------------------------------------------------------------------------------------------- */
/* Parameters */

/* empty_arguments: the arguments of `def f()` and `lambda: x`. */
Arguments *
empty_arguments(Parser *p)
{
    return ARENA_NEW(p->a, Arguments);
}

/* param: NAME annotation? (annotation: ':' expression; star_annotation: ':' star_expression) */
static Arg *
parse_param(Parser *p, bool is_lambda, bool star_annotation)
{
    if (!at(p, TOK_NAME))
        return error_at_cur(p, "invalid syntax");
    const Token *name = advance(p);
    Arg *a = ARENA_NEW(p->a, Arg);
    a->start = name->start;
    a->arg = name_ident(p, name);
    if (!is_lambda && accept(p, TOK_COLON)) {
        a->annotation = star_annotation ? parse_star_expression(p) : parse_expression(p);
        if (!a->annotation)
            return NULL;
    }
    a->end = node_end(p);
    return a;
}

/* params / lambda_params: the whole parameter list, with CPython 3.11's messages for misplaced
 * '/', '*', '**' and defaults */
Arguments *
parse_params(Parser *p, bool is_lambda)
{
    TokKind close = is_lambda ? TOK_COLON : TOK_RPAR;
    VEC(Arg *) pos = { 0 };
    VEC(Expr *) defaults = { 0 };
    VEC(Arg *) kwonly = { 0 };
    VEC(Expr *) kwdefaults = { 0 };
    Arg *vararg = NULL, *kwarg = NULL;
    int slash = -1;
    bool star = false, saw_default = false;
    while (!at(p, close)) {
        const Token *t = cur(p);
        if (kwarg) {
            if (t->kind == TOK_NAME || t->kind == TOK_STAR || t->kind == TOK_DOUBLESTAR ||
                t->kind == TOK_SLASH)
                return syntax_error(p, t->start, t->end,
                                    "arguments cannot follow var-keyword argument");
            return error_at_cur(p, "invalid syntax");
        }
        if (t->kind == TOK_SLASH) {
            if (star)
                return syntax_error(p, t->start, t->end, "/ must be ahead of *");
            if (slash >= 0)
                return syntax_error(p, t->start, t->end, "/ may appear only once");
            if (pos.len == 0) {
                if (peek_kind(p, 1) == TOK_COMMA)
                    return syntax_error(p, t->start, t->end,
                                        "at least one argument must precede /");
                return error_at_cur(p, "invalid syntax");
            }
            slash = (int)pos.len;
            advance(p);
        } else if (t->kind == TOK_STAR) {
            if (star)
                return syntax_error(p, t->start, t->end, "* argument may appear only once");
            advance(p);
            star = true;
            if (at(p, TOK_COMMA) || at(p, close)) {
                const Token *after = at(p, close) ? cur(p) : peek(p, 1);
                if (after->kind == close || after->kind == TOK_DOUBLESTAR) {
                    /* def: at the '*'; lambda: CPython reports the last token it read */
                    const Token *where = is_lambda ? after : t;
                    return syntax_error(p, where->start, where->end,
                                        "named arguments must follow bare *");
                }
            } else {
                vararg = parse_param(p, is_lambda, true);
                if (!vararg)
                    return NULL;
                if (at(p, TOK_EQUAL))
                    return syntax_error(p, cur(p)->start, cur(p)->end,
                                        "var-positional argument cannot have default value");
            }
        } else if (t->kind == TOK_DOUBLESTAR) {
            advance(p);
            kwarg = parse_param(p, is_lambda, false);
            if (!kwarg)
                return NULL;
            if (at(p, TOK_EQUAL))
                return syntax_error(p, cur(p)->start, cur(p)->end,
                                    "var-keyword argument cannot have default value");
        } else if (t->kind == TOK_NAME) {
            Arg *a = parse_param(p, is_lambda, false);
            if (!a)
                return NULL;
            Expr *d = NULL;
            if (accept(p, TOK_EQUAL)) {
                if (at(p, TOK_COMMA) || at(p, close)) {
                    const Token *eq = &p->toks[tok_pos(p) - 1];
                    return syntax_error(p, eq->start, eq->end, "expected default value expression");
                }
                d = parse_expression(p);
                if (!d)
                    return NULL;
            }
            if (star) {
                VEC_PUSH(p->a, kwonly, a);
                VEC_PUSH(p->a, kwdefaults, d);
            } else {
                if (d) {
                    saw_default = true;
                    VEC_PUSH(p->a, defaults, d);
                } else if (saw_default && (at(p, TOK_COMMA) || at(p, close))) {
                    /* (CPython's rule wants a whole param_no_default: then ',' or the end) */
                    return syntax_error(p, a->start, a->end,
                                        "non-default argument follows default argument");
                }
                VEC_PUSH(p->a, pos, a);
            }
        } else if (t->kind == TOK_LPAR && !star) {
            /* invalid_parameters: '(' param_no_default+ ','? ')' */
            uint32_t i = 1;
            while (peek_kind(p, i) == TOK_NAME &&
                   (peek_kind(p, i + 1) == TOK_COMMA || peek_kind(p, i + 1) == TOK_RPAR)) {
                i += peek_kind(p, i + 1) == TOK_COMMA ? 2 : 1;
                if (peek_kind(p, i) == TOK_RPAR) {
                    return syntax_error(p, t->start, peek(p, i)->end,
                                        "%s parameters cannot be parenthesized",
                                        is_lambda ? "Lambda expression" : "Function");
                }
            }
            return error_at_cur(p, "invalid syntax");
        } else {
            return error_at_cur(p, "invalid syntax");
        }
        if (!accept(p, TOK_COMMA))
            break;
    }
    if (!at(p, close))
        return error_at_cur(p, "invalid syntax");
    Arguments *args = ARENA_NEW(p->a, Arguments);
    uint32_t nposonly = slash < 0 ? 0 : (uint32_t)slash;
    if (nposonly) {
        args->posonlyargs.items = pos.items;
        args->posonlyargs.len = nposonly;
    }
    if (pos.len > nposonly) {
        args->args.items = pos.items + nposonly;
        args->args.len = pos.len - nposonly;
    }
    args->vararg = vararg;
    args->kwonlyargs.items = kwonly.items;
    args->kwonlyargs.len = kwonly.len;
    args->kw_defaults.items = kwdefaults.items;
    args->kw_defaults.len = kwdefaults.len;
    args->kwarg = kwarg;
    args->defaults.items = defaults.items;
    args->defaults.len = defaults.len;
    return args;
}
