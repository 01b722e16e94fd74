/* parser_expr: expressions of python.gram (EXPRESSIONS, Primary elements, comprehensions, call
 * arguments, lambdas and the assignment targets of `for` and `with`). Binary operators use
 * precedence climbing and unary operators a loop, so only brackets (bounded by the tokenizer),
 * lambdas, conditional expressions and `**` recurse; each of those counts against PARSE_MAX_DEPTH,
 * and so does every link of a left-deep chain (a + b + ..., a.b.c...), which keeps the tree's depth
 * bounded. */
#include "parse/parser_internal.h"

static Expr *parse_atom(Parser *p);
static Expr *parse_factor(Parser *p);
static Expr *parse_power(Parser *p);
static Expr *parse_lambda(Parser *p);
static bool parse_comp_clauses(Parser *p, ComprehensionSeq *out);

/* expr_starts: whether a token of each kind can begin an expression (not counting '*') */
const bool expr_starts[TOK_KIND_COUNT] = {
    [TOK_NAME] = true,          [TOK_NUMBER] = true,        [TOK_STRING] = true,
    [TOK_FSTRING_START] = true, [TOK_TSTRING_START] = true, [TOK_LPAR] = true,
    [TOK_LSQB] = true,          [TOK_LBRACE] = true,        [TOK_MINUS] = true,
    [TOK_PLUS] = true,          [TOK_TILDE] = true,         [TOK_NOT] = true,
    [TOK_LAMBDA] = true,        [TOK_AWAIT] = true,         [TOK_TRUE] = true,
    [TOK_FALSE] = true,         [TOK_NONE] = true,          [TOK_ELLIPSIS] = true,
};

/* expr_continues: the tokens after a power that some level of a disjunction takes (binary and
 * comparison operators, 'not' of 'not in', 'and', 'or'); after any other the power is the whole
 * disjunction. */
static const bool expr_continues[TOK_KIND_COUNT] = {
    [TOK_VBAR] = true,        [TOK_CIRCUMFLEX] = true, [TOK_AMPER] = true,
    [TOK_LEFTSHIFT] = true,   [TOK_RIGHTSHIFT] = true, [TOK_PLUS] = true,
    [TOK_MINUS] = true,       [TOK_STAR] = true,       [TOK_SLASH] = true,
    [TOK_DOUBLESLASH] = true, [TOK_PERCENT] = true,    [TOK_AT] = true,
    [TOK_EQEQUAL] = true,     [TOK_NOTEQUAL] = true,   [TOK_LESS] = true,
    [TOK_LESSEQUAL] = true,   [TOK_GREATER] = true,    [TOK_GREATEREQUAL] = true,
    [TOK_IN] = true,          [TOK_IS] = true,         [TOK_NOT] = true,
    [TOK_AND] = true,         [TOK_OR] = true,
};

static bool
is_soft_keyword(const Parser *p, const Token *t)
{
    return tok_is_name(p, t, "match") || tok_is_name(p, t, "case") || tok_is_name(p, t, "type") ||
           tok_is_name(p, t, "_");
}

/* bracket_level: how many brackets are open before token idx (error paths only: it scans). */
static int
bracket_level(const Parser *p, uint32_t idx)
{
    int level = 0;
    for (uint32_t i = 0; i < idx && i < p->ntoks; i++) {
        switch (p->toks[i].kind) {
        case TOK_LPAR:
        case TOK_LSQB:
        case TOK_LBRACE:
            level++;
            break;
        case TOK_RPAR:
        case TOK_RSQB:
        case TOK_RBRACE:
            level--;
            break;
        default:
            break;
        }
    }
    return level;
}

static bool
is_legacy_name(const Expr *e)
{
    return e->kind == E_Name && (!strcmp(e->v.Name.id, "print") || !strcmp(e->v.Name.id, "exec"));
}

/* missing_comma: inside brackets, an element followed by something that parses as an expression is
 * CPython's "invalid syntax. Perhaps you forgot a comma?" (invalid_expression), spanning both. */
static void *
missing_comma(Parser *p, Expr *a, const Token *first)
{
    if (p->err->set)
        return NULL;
    if (p->speculating)
        return error_at_cur(p, "invalid syntax");
    TokKind second = first < p->last ? (TokKind)first[1].kind : TOK_ENDMARKER;
    bool excluded =
        (first->kind == TOK_NAME &&
         (second == TOK_STRING || second == TOK_FSTRING_START || second == TOK_TSTRING_START)) ||
        is_soft_keyword(p, first);
    switch (a->kind) {
    case E_IfExp:
    case E_Lambda:
    case E_NamedExpr:
    case E_Starred:
    case E_Yield:
    case E_YieldFrom:
        excluded = true;
        break;
    default:
        break;
    }
    if (!excluded && can_start_expr(cur_kind(p))) {
        Spec s;
        spec_begin(p, &s);
        Expr *b = parse_expression(p);
        uint32_t b_end = b ? b->end : 0;
        spec_fail(p, &s);
        if (b && is_legacy_name(a))
            return syntax_error(p, a->start, b_end,
                                "Missing parentheses in call to '%s'. Did you mean %s(...)?",
                                a->v.Name.id, a->v.Name.id);
        if (b)
            return syntax_error(p, a->start, b_end, "invalid syntax. Perhaps you forgot a comma?");
    }
    return error_at_cur(p, "invalid syntax");
}

/* invalid_starred_expression: a '*' with no expression after it, where starred_expression is tried
 * (call arguments, subscripts, the first item of a display) */
static bool
bad_star(Parser *p)
{
    if (!at(p, TOK_STAR) || can_start_expr(peek_kind(p, 1)) || peek_kind(p, 1) == TOK_ERROR)
        return false;
    const Token *t = peek(p, 1);
    syntax_error(p, t->start, t->end, "Invalid star expression");
    return true;
}

/* ---------------------------------------------------------------------------------------------- */

/* expressions-level helpers */

/* star_expressions: star_expression (',' star_expression)* [','] (a Tuple when there is a comma) */
Expr *
parse_star_expressions(Parser *p)
{
    uint32_t start = tok_start(p);
    Expr *first = parse_star_expression(p);
    if (!first || !at(p, TOK_COMMA))
        return first;
    uint32_t mark = scratch_mark(p);
    scratch_push(p, first);
    while (accept(p, TOK_COMMA)) {
        if (!can_start_expr(cur_kind(p)) && !at(p, TOK_STAR))
            break;
        Expr *e = parse_star_expression(p);
        if (!e)
            return NULL;
        scratch_push(p, e);
    }
    Expr *t = expr_new(p, E_Tuple, start, node_end(p));
    t->v.Tuple.elts = pop_exprs(p, mark);
    t->v.Tuple.ctx = CTX_LOAD;
    p->bare_tuple = t;
    return t;
}

/* star_expression: '*' bitwise_or | expression */
Expr *
parse_star_expression(Parser *p)
{
    if (!at(p, TOK_STAR))
        return parse_expression(p);
    uint32_t start = advance(p)->start;
    Expr *v = parse_bitwise_or(p);
    if (!v)
        return NULL;
    Expr *e = expr_new(p, E_Starred, start, node_end(p));
    e->v.Starred.value = v;
    e->v.Starred.ctx = CTX_LOAD;
    return e;
}

/* star_named_expression: '*' bitwise_or | named_expression */
Expr *
parse_star_named_expression(Parser *p)
{
    if (!at(p, TOK_STAR))
        return parse_named_expression(p);
    uint32_t start = advance(p)->start;
    Expr *v = parse_bitwise_or(p);
    if (!v)
        return NULL;
    Expr *e = expr_new(p, E_Starred, start, node_end(p));
    e->v.Starred.value = v;
    e->v.Starred.ctx = CTX_LOAD;
    return e;
}

/* annotated_rhs: yield_expr | star_expressions */
Expr *
parse_annotated_rhs(Parser *p)
{
    if (at(p, TOK_YIELD))
        return parse_yield_expr(p);
    return parse_star_expressions(p);
}

/* yield_expr: 'yield' 'from' expression | 'yield' [star_expressions] */
Expr *
parse_yield_expr(Parser *p)
{
    uint32_t start = expect(p, TOK_YIELD)->start;
    if (accept(p, TOK_FROM)) {
        Expr *v = parse_expression(p);
        if (!v)
            return NULL;
        Expr *e = expr_new(p, E_YieldFrom, start, node_end(p));
        e->v.YieldFrom.value = v;
        return e;
    }
    Expr *v = NULL;
    if (can_start_expr(cur_kind(p)) || at(p, TOK_STAR)) {
        v = parse_star_expressions(p);
        if (!v)
            return NULL;
    }
    Expr *e = expr_new(p, E_Yield, start, node_end(p));
    e->v.Yield.value = v;
    return e;
}

/* equal_after_named: `if x = 1:` and the like (invalid_named_expression): a named expression is
 * never followed by '=' where named_expression is used, so diagnose it the way CPython does. */
static void *
equal_after_named(Parser *p, Expr *a, const Token *first)
{
    if (p->err->set)
        return NULL;
    bool bitwise = true;
    switch (a->kind) {
    case E_BoolOp:
    case E_Compare:
    case E_IfExp:
    case E_Lambda:
    case E_NamedExpr:
    case E_Starred:
    case E_Yield:
    case E_YieldFrom:
        bitwise = false;
        break;
    case E_UnaryOp:
        bitwise = a->v.UnaryOp.op != UNARY_NOT;
        break;
    default:
        break;
    }
    bool is_name = a->kind == E_Name && first->kind == TOK_NAME && a->start == first->start;
    if (bitwise && (is_name || !starts_with_display(a, first->start))) {
        Spec s;
        spec_begin(p, &s);
        advance(p); /* '=' */
        Expr *b = parse_bitwise_or(p);
        bool ok = b && !at(p, TOK_EQUAL) && !at(p, TOK_COLONEQUAL);
        uint32_t b_end = b ? b->end : 0;
        spec_fail(p, &s);
        if (ok && is_name)
            return syntax_error(p, a->start, b_end,
                                "invalid syntax. Maybe you meant '==' or ':=' instead of '='?");
        if (ok)
            return syntax_error(p, a->start, a->end,
                                "cannot assign to %s here. Maybe you meant '==' instead of '='?",
                                expr_name(a));
    }
    return error_at_cur(p, "invalid syntax");
}

/* named_expression: assignment_expression | expression !':='
 * assignment_expression: NAME ':=' ~ expression */
static Expr *
named_expression(Parser *p, bool diagnose_equal)
{
    if (at(p, TOK_NAME) && peek_kind(p, 1) == TOK_COLONEQUAL) {
        const Token *name = advance(p);
        advance(p);
        Expr *v = parse_expression(p);
        if (!v)
            return NULL;
        Expr *e = expr_new(p, E_NamedExpr, name->start, node_end(p));
        e->v.NamedExpr.target = name_expr(p, name, CTX_STORE);
        e->v.NamedExpr.value = v;
        return e;
    }
    const Token *a_tok = p->tok;
    Expr *e = parse_expression(p);
    if (!e)
        return NULL;
    if (at(p, TOK_COLONEQUAL)) {
        if (!can_start_expr(
                peek_kind(p, 1))) /* invalid_named_expression needs an expression after */
            return error_at_cur(p, "invalid syntax");
        return syntax_error(p, e->start, e->end, "cannot use assignment expressions with %s",
                            expr_name(e));
    }
    if (diagnose_equal && at(p, TOK_EQUAL))
        return equal_after_named(p, e, a_tok);
    return e;
}

/* named_expression: assignment_expression | invalid_named_expression | expression !':=' */
Expr *
parse_named_expression(Parser *p)
{
    return named_expression(p, true);
}

/* expression: disjunction 'if' disjunction 'else' expression | disjunction | lambdef */
Expr *
parse_expression(Parser *p)
{
    uint32_t start = tok_start(p);
    if (!depth_enter(p, start))
        return NULL;
    Expr *result = NULL;
    if (at(p, TOK_LAMBDA)) {
        result = parse_lambda(p);
        depth_leave(p);
        return result;
    }
    const Token *first_tok = p->tok;
    Expr *body = parse_disjunction(p);
    if (body && !at(p, TOK_IF) && can_start_expr(cur_kind(p)) && !p->speculating &&
        bracket_level(p, tok_pos(p)) > 0) {
        /* never valid: an expression directly followed by another one inside brackets */
        missing_comma(p, body, first_tok);
        body = NULL;
    }
    if (!body || !at(p, TOK_IF)) {
        depth_leave(p);
        return body;
    }
    advance(p);
    Expr *test = parse_disjunction(p);
    if (!test)
        goto out;
    if (!at(p, TOK_ELSE)) {
        if (!at(p, TOK_COLON) && !at(p, TOK_ERROR))
            syntax_error(p, body->start, test->end, "expected 'else' after 'if' expression");
        else
            error_at_cur(p, "invalid syntax");
        goto out;
    }
    advance(p);
    if (at(p, TOK_STAR)) {
        syntax_error(p, cur(p)->start, cur(p)->end,
                     "cannot unpack only part of a conditional expression");
        goto out;
    }
    if (at(p, TOK_DOUBLESTAR)) {
        syntax_error(p, cur(p)->start, cur(p)->end,
                     "cannot use dict unpacking on only part of a conditional expression");
        goto out;
    }
    Expr *orelse = parse_expression(p);
    if (!orelse)
        goto out;
    result = expr_new(p, E_IfExp, start, node_end(p));
    result->v.IfExp.test = test;
    result->v.IfExp.body = body;
    result->v.IfExp.orelse = orelse;
out:
    depth_leave(p);
    return result;
}

static Expr *parse_conjunction(Parser *p);
static Expr *parse_inversion(Parser *p);

/* boolop_rest: the `(keyword operand)+` after a first operand (which began at start), as one
 * BoolOp, or first itself (NULL stays NULL) */
static Expr *
boolop_rest(Parser *p, uint32_t start, Expr *first, TokKind keyword, BoolOpKind op,
            Expr *(*operand)(Parser *p))
{
    if (!first || !at(p, keyword))
        return first;
    uint32_t mark = scratch_mark(p);
    scratch_push(p, first);
    while (accept(p, keyword)) {
        Expr *e = operand(p);
        if (!e)
            return NULL;
        scratch_push(p, e);
    }
    Expr *b = expr_new(p, E_BoolOp, start, node_end(p));
    b->v.BoolOp.op = op;
    b->v.BoolOp.values = pop_exprs(p, mark);
    return b;
}

static Expr *power_rest(Parser *p, uint32_t start, Expr *left);

/* disjunction: conjunction ('or' conjunction)+ | conjunction
 * Most operands are a lone primary, so when no prefix operator starts it the primary is parsed
 * first and each level above it (binary operators, comparison, 'and', 'or') only looks at the
 * next token, instead of every level calling the one below. */
Expr *
parse_disjunction(Parser *p)
{
    uint32_t start = tok_start(p);
    TokKind k = cur_kind(p);
    if (k == TOK_NOT || k == TOK_PLUS || k == TOK_MINUS || k == TOK_TILDE)
        return boolop_rest(p, start, parse_conjunction(p), TOK_OR, BOOL_OR, parse_conjunction);
    Expr *e = parse_power(p);
    if (!e || !(expr_continues[cur_kind(p)]))
        return e;
    return power_rest(p, start, e);
}

/* conjunction: inversion ('and' inversion)+ | inversion */
static Expr *
parse_conjunction(Parser *p)
{
    uint32_t start = tok_start(p);
    return boolop_rest(p, start, parse_inversion(p), TOK_AND, BOOL_AND, parse_inversion);
}

static Expr *binary_rest(Parser *p, uint32_t start, Expr *left, int min_prec);
static Expr *parse_binary(Parser *p, int min_prec);

/* comparison_rest: the compare_op_bitwise_or_pair+ after a first operand (which began at start), as
 * a Compare, or left itself (NULL stays NULL) */
static Expr *
comparison_rest(Parser *p, uint32_t start, Expr *left)
{
    if (!left)
        return NULL;
    uint32_t mark = scratch_mark(p);
    for (;;) {
        CmpOpKind op;
        switch (cur_kind(p)) {
        case TOK_EQEQUAL:
            op = CMP_EQ;
            break;
        case TOK_NOTEQUAL:
            op = CMP_NOTEQ;
            break;
        case TOK_LESS:
            op = CMP_LT;
            break;
        case TOK_LESSEQUAL:
            op = CMP_LTE;
            break;
        case TOK_GREATER:
            op = CMP_GT;
            break;
        case TOK_GREATEREQUAL:
            op = CMP_GTE;
            break;
        case TOK_IN:
            op = CMP_IN;
            break;
        case TOK_IS:
            op = peek_kind(p, 1) == TOK_NOT ? CMP_ISNOT : CMP_IS;
            break;
        case TOK_NOT:
            if (peek_kind(p, 1) != TOK_IN) {
                if (tok_pos(p) + 1 >
                    p->far) /* CPython read the token after 'not' looking for 'in' */
                    p->far = tok_pos(p) + 1;
                goto done;
            }
            op = CMP_NOTIN;
            break;
        default:
            goto done;
        }
        advance(p);
        if (op == CMP_ISNOT || op == CMP_NOTIN)
            advance(p);
        Expr *right = parse_bitwise_or(p);
        if (!right)
            return NULL;
        scratch_push(p, (void *)(uintptr_t)op);
        scratch_push(p, right);
    }
done:
    if (p->nscratch == mark)
        return left;
    uint32_t n = (p->nscratch - mark) / 2;
    Expr *c = expr_new(p, E_Compare, start, node_end(p));
    c->v.Compare.left = left;
    c->v.Compare.n = n;
    c->v.Compare.ops = arena_alloc(p->a, sizeof(CmpOpKind) * n);
    c->v.Compare.comparators.items = arena_alloc(p->a, sizeof(Expr *) * n);
    c->v.Compare.comparators.len = n;
    for (uint32_t i = 0; i < n; i++) {
        c->v.Compare.ops[i] = (CmpOpKind)(uintptr_t)p->scratch[mark + 2 * i];
        c->v.Compare.comparators.items[i] = p->scratch[mark + 2 * i + 1];
    }
    p->nscratch = mark;
    return c;
}

/* comparison: bitwise_or compare_op_bitwise_or_pair+ | bitwise_or */
static Expr *
parse_comparison(Parser *p)
{
    uint32_t start = tok_start(p);
    return comparison_rest(p, start, parse_bitwise_or(p));
}

/* power_rest: everything a disjunction can hold after its first power (which began at start and
 * is not preceded by a prefix operator): binary operators, comparisons, 'and', 'or' */
static Expr *
power_rest(Parser *p, uint32_t start, Expr *e)
{
    e = comparison_rest(p, start, binary_rest(p, start, e, 1));
    e = boolop_rest(p, start, e, TOK_AND, BOOL_AND, parse_inversion);
    return boolop_rest(p, start, e, TOK_OR, BOOL_OR, parse_conjunction);
}

/* inversion: 'not' inversion | comparison (a loop: the nots are counted, not recursed into) */
static Expr *
parse_inversion(Parser *p)
{
    if (!at(p, TOK_NOT))
        return parse_comparison(p);
    uint32_t first = tok_pos(p);
    uint32_t n = 0;
    while (at(p, TOK_NOT)) {
        advance(p);
        n++;
    }
    if ((uint32_t)p->depth + n > PARSE_MAX_DEPTH)
        return syntax_error(p, p->toks[first].start, p->toks[first].end,
                            "too many nested expressions");
    Expr *e = parse_comparison(p);
    if (!e)
        return NULL;
    uint32_t end = node_end(p);
    for (uint32_t i = n; i > 0; i--) {
        Expr *u = expr_new(p, E_UnaryOp, p->toks[first + i - 1].start, end);
        u->v.UnaryOp.op = UNARY_NOT;
        u->v.UnaryOp.operand = e;
        e = u;
    }
    return e;
}

/* bitwise_or .. term: left-associative binary operators, by precedence climbing */
static int
binop_prec(TokKind k, OperatorKind *op)
{
    switch (k) {
    case TOK_VBAR:
        *op = OP_BITOR;
        return 1;
    case TOK_CIRCUMFLEX:
        *op = OP_BITXOR;
        return 2;
    case TOK_AMPER:
        *op = OP_BITAND;
        return 3;
    case TOK_LEFTSHIFT:
        *op = OP_LSHIFT;
        return 4;
    case TOK_RIGHTSHIFT:
        *op = OP_RSHIFT;
        return 4;
    case TOK_PLUS:
        *op = OP_ADD;
        return 5;
    case TOK_MINUS:
        *op = OP_SUB;
        return 5;
    case TOK_STAR:
        *op = OP_MULT;
        return 6;
    case TOK_SLASH:
        *op = OP_DIV;
        return 6;
    case TOK_DOUBLESLASH:
        *op = OP_FLOORDIV;
        return 6;
    case TOK_PERCENT:
        *op = OP_MOD;
        return 6;
    case TOK_AT:
        *op = OP_MATMULT;
        return 6;
    default:
        return 0;
    }
}

/* binary_rest: the binary operators of precedence >= min_prec after a first operand (which began at
 * start), left-associative, or left itself (NULL stays NULL) */
static Expr *
binary_rest(Parser *p, uint32_t start, Expr *left, int min_prec)
{
    if (!left)
        return NULL;
    int chain = 0;
    for (;;) {
        OperatorKind op;
        int prec = binop_prec(cur_kind(p), &op);
        if (prec == 0 || prec < min_prec)
            return left;
        const Token *optok = advance(p);
        if (at(p, TOK_NOT) && prec >= 5)
            return syntax_error(p, cur(p)->start, cur(p)->end,
                                "'not' after an operator must be parenthesized");
        Expr *right = prec == 6 ? parse_factor(p) : parse_binary(p, prec + 1);
        if (!right)
            return NULL;
        if (p->depth + ++chain > PARSE_MAX_DEPTH)
            return syntax_error(p, optok->start, optok->end, "too many nested expressions");
        Expr *b = expr_new(p, E_BinOp, start, node_end(p));
        b->v.BinOp.left = left;
        b->v.BinOp.op = op;
        b->v.BinOp.right = right;
        left = b;
    }
}

static Expr *
parse_binary(Parser *p, int min_prec)
{
    uint32_t start = tok_start(p);
    return binary_rest(p, start, parse_factor(p), min_prec);
}

/* bitwise_or: bitwise_or '|' bitwise_xor | bitwise_xor  (and everything down to factor) */
Expr *
parse_bitwise_or(Parser *p)
{
    return parse_binary(p, 1);
}

/* power: await_primary '**' factor | await_primary
 * await_primary: 'await' primary | primary */
static Expr *
parse_power(Parser *p)
{
    uint32_t start = tok_start(p);
    Expr *base;
    if (at(p, TOK_AWAIT)) {
        advance(p);
        Expr *v = parse_primary(p);
        if (!v)
            return NULL;
        base = expr_new(p, E_Await, start, node_end(p));
        base->v.Await.value = v;
    } else {
        base = parse_primary(p);
        if (!base)
            return NULL;
    }
    if (!at(p, TOK_DOUBLESTAR))
        return base;
    advance(p);
    if (!depth_enter(p, start))
        return NULL;
    Expr *exp = parse_factor(p);
    depth_leave(p);
    if (!exp)
        return NULL;
    Expr *b = expr_new(p, E_BinOp, start, node_end(p));
    b->v.BinOp.left = base;
    b->v.BinOp.op = OP_POW;
    b->v.BinOp.right = exp;
    return b;
}

/* factor: '+' factor | '-' factor | '~' factor | power (a loop over the prefix operators) */
static Expr *
parse_factor(Parser *p)
{
    TokKind k = cur_kind(p);
    if (k != TOK_PLUS && k != TOK_MINUS && k != TOK_TILDE)
        return parse_power(p);
    uint32_t first = tok_pos(p);
    uint32_t n = 0;
    while (at(p, TOK_PLUS) || at(p, TOK_MINUS) || at(p, TOK_TILDE)) {
        advance(p);
        n++;
    }
    if ((uint32_t)p->depth + n > PARSE_MAX_DEPTH)
        return syntax_error(p, p->toks[first].start, p->toks[first].end,
                            "too many nested expressions");
    if (at(p, TOK_NOT))
        return syntax_error(p, cur(p)->start, cur(p)->end,
                            "'not' after an operator must be parenthesized");
    Expr *e = parse_power(p);
    if (!e)
        return NULL;
    uint32_t end = node_end(p);
    for (uint32_t i = n; i > 0; i--) {
        const Token *t = &p->toks[first + i - 1];
        Expr *u = expr_new(p, E_UnaryOp, t->start, end);
        u->v.UnaryOp.op = t->kind == TOK_PLUS    ? UNARY_UADD
                          : t->kind == TOK_MINUS ? UNARY_USUB
                                                 : UNARY_INVERT;
        u->v.UnaryOp.operand = e;
        e = u;
    }
    return e;
}

/* ---------------------------------------------------------------------------------------------- */
/* Primary elements */

/* slice: [expression] ':' [expression] [':' [expression]] | named_expression
 * (starred_expression too, inside a tuple of slices) */
static Expr *
parse_slice(Parser *p)
{
    uint32_t start = tok_start(p);
    if (bad_star(p))
        return NULL;
    if (at(p, TOK_STAR)) {
        advance(p);
        Expr *v = parse_expression(p);
        if (!v)
            return NULL;
        Expr *e = expr_new(p, E_Starred, start, node_end(p));
        e->v.Starred.value = v;
        e->v.Starred.ctx = CTX_LOAD;
        return e;
    }
    Expr *lower = NULL;
    if (!at(p, TOK_COLON)) {
        lower = parse_named_expression(p);
        if (!lower || !at(p, TOK_COLON))
            return lower;
    }
    advance(p); /* ':' */
    Expr *upper = NULL, *step = NULL;
    if (can_start_expr(cur_kind(p))) {
        upper = parse_expression(p);
        if (!upper)
            return NULL;
    }
    if (accept(p, TOK_COLON)) {
        if (can_start_expr(cur_kind(p))) {
            step = parse_expression(p);
            if (!step)
                return NULL;
        }
    }
    Expr *s = expr_new(p, E_Slice, start, node_end(p));
    s->v.Slice.lower = lower;
    s->v.Slice.upper = upper;
    s->v.Slice.step = step;
    return s;
}

/* slices: slice !',' | ','.(slice | starred_expression)+ [','] */
static Expr *
parse_slices(Parser *p)
{
    uint32_t start = tok_start(p);
    const Token *a_tok = p->tok;
    Expr *first = parse_slice(p);
    if (!first)
        return NULL;
    if (!at(p, TOK_COMMA)) {
        if (first->kind == E_Starred) {
            Expr *t = expr_new(p, E_Tuple, start, node_end(p));
            t->v.Tuple.elts = expr_seq1(p, first);
            t->v.Tuple.ctx = CTX_LOAD;
            return t;
        }
        if (!at(p, TOK_RSQB))
            return missing_comma(p, first, a_tok);
        return first;
    }
    uint32_t mark = scratch_mark(p);
    scratch_push(p, first);
    while (accept(p, TOK_COMMA)) {
        if (at(p, TOK_RSQB))
            break;
        a_tok = p->tok;
        Expr *e = parse_slice(p);
        if (!e)
            return NULL;
        scratch_push(p, e);
        if (!at(p, TOK_COMMA) && !at(p, TOK_RSQB))
            return missing_comma(p, e, a_tok);
    }
    Expr *t = expr_new(p, E_Tuple, start, node_end(p));
    t->v.Tuple.elts = pop_exprs(p, mark);
    t->v.Tuple.ctx = CTX_LOAD;
    return t;
}

static Expr *
last_comprehension_item(ComprehensionSeq gens)
{
    Comprehension *c = gens.items[gens.len - 1];
    return c->ifs.len ? c->ifs.items[c->ifs.len - 1] : c->iter;
}

static bool
at_comp_for(const Parser *p)
{
    return at(p, TOK_FOR) || (at(p, TOK_ASYNC) && peek_kind(p, 1) == TOK_FOR);
}

/* arguments: args [','] &')'
 * args: ','.(starred_expression | (assignment_expression | expression !':=') !'=')+ [',' kwargs]
 *     | kwargs
 * kwargs: kwarg_or_starred and kwarg_or_double_starred items. A generator expression alone in the
 * parentheses is a GeneratorExp spanning them (primary genexp). */
static bool
call_args(Parser *p, const Token *lparen, ExprSeq *args, KeywordSeq *keywords, bool allow_genexp)
{
    uint32_t amark = scratch_mark(p);
    VEC(Keyword *) kws = { 0 };
    bool seen_keyword = false, seen_double_star = false;
    uint32_t nitems = 0;
    while (!at(p, TOK_RPAR)) {
        uint32_t start = tok_start(p);
        const Token *a_tok = p->tok;
        Expr *item_expr = NULL; /* for "forgot a comma" */
        if (bad_star(p))
            return false;
        if (at(p, TOK_STAR)) {
            advance(p);
            Expr *v = parse_expression(p);
            if (!v)
                return false;
            Expr *e = expr_new(p, E_Starred, start, node_end(p));
            e->v.Starred.value = v;
            e->v.Starred.ctx = CTX_LOAD;
            if (seen_double_star) {
                syntax_error(p, start, start + 1,
                             "iterable argument unpacking follows keyword argument unpacking");
                return false;
            }
            if (at(p, TOK_EQUAL)) {
                syntax_error(p, start, cur(p)->end, "cannot assign to iterable argument unpacking");
                return false;
            }
            scratch_push(p, e);
            item_expr = e;
        } else if (at(p, TOK_DOUBLESTAR)) {
            advance(p);
            Expr *v = parse_expression(p);
            if (!v)
                return false;
            if (at(p, TOK_EQUAL)) {
                syntax_error(p, start, cur(p)->end, "cannot assign to keyword argument unpacking");
                return false;
            }
            Keyword *k = ARENA_NEW(p->a, Keyword);
            k->start = start;
            k->end = node_end(p);
            k->value = v;
            VEC_PUSH(p->a, kws, k);
            seen_double_star = true;
            item_expr = v;
        } else if ((at(p, TOK_NAME) || at(p, TOK_TRUE) || at(p, TOK_FALSE) || at(p, TOK_NONE)) &&
                   peek_kind(p, 1) == TOK_EQUAL) {
            const Token *name = advance(p);
            const Token *eq = advance(p);
            if (name->kind != TOK_NAME) {
                syntax_error(p, name->start, eq->end, "cannot assign to %s",
                             name->kind == TOK_TRUE    ? "True"
                             : name->kind == TOK_FALSE ? "False"
                                                       : "None");
                return false;
            }
            if (at(p, TOK_RPAR) || at(p, TOK_COMMA)) {
                syntax_error(p, name->start, eq->end, "expected argument value expression");
                return false;
            }
            Expr *v = parse_expression(p);
            if (!v)
                return false;
            if (at_comp_for(p)) {
                syntax_error(p, name->start, eq->end,
                             "invalid syntax. Maybe you meant '==' or ':=' instead of '='?");
                return false;
            }
            Keyword *k = ARENA_NEW(p->a, Keyword);
            k->start = start;
            k->end = node_end(p);
            k->arg = name_ident(p, name);
            k->value = v;
            VEC_PUSH(p->a, kws, k);
            seen_keyword = true;
            item_expr = v;
        } else {
            Expr *e = named_expression(p, false);
            if (!e)
                return false;
            if (at(p, TOK_EQUAL)) {
                syntax_error(p, e->start, cur(p)->end,
                             "expression cannot contain assignment, perhaps you meant \"==\"?");
                return false;
            }
            if (at_comp_for(p)) {
                if (!allow_genexp && nitems == 0) {
                    error_at_cur(p, "invalid syntax");
                    return false;
                }
                ComprehensionSeq gens;
                uint32_t for_tok = tok_pos(p);
                if (!parse_comp_clauses(p, &gens)) {
                    /* after another argument CPython read no further than the 'for' */
                    if (nitems > 0 && !p->speculating && p->err->set && p->lx->ntokens &&
                        !p->err_far_lex) {
                        const Token *f = &p->toks[for_tok];
                        *p->err = (SyntaxErr){ 0 };
                        syntax_error(p, f->start, f->end, "invalid syntax");
                    }
                    return false;
                }
                if (nitems == 0 && at(p, TOK_RPAR) && allow_genexp) {
                    Expr *g = expr_new(p, E_GeneratorExp, lparen->start, cur(p)->end);
                    g->v.GeneratorExp.elt = e;
                    g->v.GeneratorExp.generators = gens;
                    scratch_push(p, g);
                    nitems++;
                    break;
                }
                syntax_error(p, e->start, last_comprehension_item(gens)->end,
                             "Generator expression must be parenthesized");
                return false;
            }
            if (seen_keyword || seen_double_star) {
                syntax_error(p, cur(p)->start, cur(p)->end,
                             seen_double_star
                                 ? "positional argument follows keyword argument unpacking"
                                 : "positional argument follows keyword argument");
                return false;
            }
            scratch_push(p, e);
            item_expr = e;
        }
        nitems++;
        if (accept(p, TOK_COMMA))
            continue;
        if (!at(p, TOK_RPAR)) {
            missing_comma(p, item_expr, a_tok);
            return false;
        }
    }
    advance(p); /* ')' */
    *args = pop_exprs(p, amark);
    keywords->items = kws.items;
    keywords->len = kws.len;
    return true;
}

/* class_def_raw's '(' [arguments] ')': the bases and keywords of a class. */
bool
parse_call_args(Parser *p, const Token *lparen, ExprSeq *args, KeywordSeq *keywords)
{
    return call_args(p, lparen, args, keywords, false);
}

/* primary: primary '.' NAME | primary genexp | primary '(' [arguments] ')' | primary '[' slices ']'
 *        | atom   (the trailers in a loop) */
Expr *
parse_primary(Parser *p)
{
    uint32_t start = tok_start(p);
    Expr *e = parse_atom(p);
    if (!e)
        return NULL;
    int chain = 0;
    for (;;) {
        TokKind k = cur_kind(p);
        if (k != TOK_DOT && k != TOK_LPAR && k != TOK_LSQB)
            return e;
        if (p->depth + ++chain > PARSE_MAX_DEPTH)
            return syntax_error(p, cur(p)->start, cur(p)->end, "too many nested expressions");
        if (k == TOK_DOT) {
            advance(p);
            if (!at(p, TOK_NAME))
                return error_at_cur(p, "invalid syntax");
            const Token *name = advance(p);
            Expr *a = expr_new(p, E_Attribute, start, name->end);
            a->v.Attribute.value = e;
            a->v.Attribute.attr = name_ident(p, name);
            a->v.Attribute.ctx = CTX_LOAD;
            e = a;
        } else if (k == TOK_LPAR) {
            const Token *lparen = advance(p);
            if (!depth_enter(p, lparen->start))
                return NULL;
            ExprSeq args;
            KeywordSeq kws;
            bool ok = call_args(p, lparen, &args, &kws, true);
            depth_leave(p);
            if (!ok)
                return NULL;
            Expr *c = expr_new(p, E_Call, start, node_end(p));
            c->v.Call.func = e;
            c->v.Call.args = args;
            c->v.Call.keywords = kws;
            e = c;
        } else {
            advance(p);
            if (!depth_enter(p, start))
                return NULL;
            Expr *s = parse_slices(p);
            depth_leave(p);
            if (!s || !expect(p, TOK_RSQB))
                return NULL;
            Expr *sub = expr_new(p, E_Subscript, start, node_end(p));
            sub->v.Subscript.value = e;
            sub->v.Subscript.slice = s;
            sub->v.Subscript.ctx = CTX_LOAD;
            e = sub;
        }
    }
}

/* NUMBER: a Constant with the literal's value (errors from lit_number at the token). */
Expr *
parse_number(Parser *p)
{
    const Token *t = advance(p);
    Expr *e = expr_new(p, E_Constant, t->start, t->end);
    const char *msg = NULL;
    if (lit_number(p->a, p->text + t->start, t->end - t->start, &e->v.Constant, &msg) != 0)
        return syntax_error(p, t->start, t->end, "%s", msg ? msg : "invalid number literal");
    return e;
}

static Expr *
constant_token(Parser *p, ConstKind kind)
{
    const Token *t = advance(p);
    Expr *e = expr_new(p, E_Constant, t->start, t->end);
    e->v.Constant.kind = kind;
    return e;
}

/* for_if_clauses: ('async'? 'for' star_targets 'in' ~ disjunction ('if' disjunction)*)+ */
static bool
parse_comp_clauses(Parser *p, ComprehensionSeq *out)
{
    uint32_t mark = scratch_mark(p);
    while (at_comp_for(p)) {
        bool is_async = accept(p, TOK_ASYNC);
        advance(p); /* 'for' */
        Expr *target = parse_star_targets(p);
        if (!target)
            return false;
        if (!at(p, TOK_IN)) {
            if (!p->err->set && !at(p, TOK_ERROR))
                syntax_error(p, cur(p)->start, cur(p)->end,
                             "'in' expected after for-loop variables");
            else
                error_at_cur(p, "invalid syntax");
            return false;
        }
        advance(p);
        Expr *iter = parse_disjunction(p);
        if (!iter)
            return false;
        uint32_t imark = scratch_mark(p);
        while (accept(p, TOK_IF)) {
            Expr *cond = parse_disjunction(p);
            if (!cond)
                return false;
            scratch_push(p, cond);
        }
        Comprehension *c = ARENA_NEW(p->a, Comprehension);
        c->target = target;
        c->iter = iter;
        c->ifs = pop_exprs(p, imark);
        c->is_async = is_async;
        scratch_push(p, c);
    }
    *out = pop_comprehensions(p, mark);
    return true;
}

/* elements: the comma-separated rest of a list, tuple or set display after its first element, up to
 * (not including) the closing bracket. */
static bool
display_elements(Parser *p, TokKind close)
{
    while (accept(p, TOK_COMMA)) {
        if (at(p, close))
            return true;
        const Token *a_tok = p->tok;
        Expr *e = parse_star_named_expression(p);
        if (!e)
            return false;
        scratch_push(p, e);
        if (!at(p, TOK_COMMA) && !at(p, close)) {
            missing_comma(p, e, a_tok);
            return false;
        }
    }
    return true;
}

/* tuple | group | genexp: '(' ... ')' */
static Expr *
parse_paren(Parser *p)
{
    const Token *lpar = advance(p);
    uint32_t start = lpar->start;
    if (at(p, TOK_RPAR)) {
        Expr *t = expr_new(p, E_Tuple, start, advance(p)->end);
        t->v.Tuple.ctx = CTX_LOAD;
        return t;
    }
    if (at(p, TOK_YIELD)) {
        Expr *y = parse_yield_expr(p);
        if (!y || !expect(p, TOK_RPAR))
            return NULL;
        return y;
    }
    if (at(p, TOK_DOUBLESTAR))
        return syntax_error(p, cur(p)->start, cur(p)->end,
                            "cannot use double starred expression here");
    if (bad_star(p))
        return NULL;
    const Token *a_tok = p->tok;
    Expr *first = parse_star_named_expression(p);
    if (!first)
        return NULL;
    if (at_comp_for(p)) {
        if (first->kind == E_Starred)
            return syntax_error(p, first->start, first->end,
                                "iterable unpacking cannot be used in comprehension");
        ComprehensionSeq gens;
        if (!parse_comp_clauses(p, &gens))
            return NULL;
        if (!at(p, TOK_RPAR))
            return error_at_cur(p, "invalid syntax");
        Expr *g = expr_new(p, E_GeneratorExp, start, advance(p)->end);
        g->v.GeneratorExp.elt = first;
        g->v.GeneratorExp.generators = gens;
        return g;
    }
    if (at(p, TOK_RPAR)) {
        if (first->kind == E_Starred)
            return syntax_error(p, first->start, first->end, "cannot use starred expression here");
        advance(p);
        return first;
    }
    if (!at(p, TOK_COMMA))
        return missing_comma(p, first, a_tok);
    uint32_t mark = scratch_mark(p);
    scratch_push(p, first);
    if (!display_elements(p, TOK_RPAR))
        return NULL;
    if (!at(p, TOK_RPAR))
        return error_at_cur(p, "invalid syntax");
    Expr *t = expr_new(p, E_Tuple, start, advance(p)->end);
    t->v.Tuple.elts = pop_exprs(p, mark);
    t->v.Tuple.ctx = CTX_LOAD;
    return t;
}

/* list | listcomp: '[' ... ']' */
static Expr *
parse_list(Parser *p)
{
    uint32_t start = advance(p)->start;
    if (at(p, TOK_RSQB)) {
        Expr *l = expr_new(p, E_List, start, advance(p)->end);
        l->v.List.ctx = CTX_LOAD;
        return l;
    }
    if (at(p, TOK_DOUBLESTAR)) {
        const Token *t = cur(p);
        return syntax_error(p, t->start, t->end, "cannot use dict unpacking here");
    }
    if (bad_star(p))
        return NULL;
    const Token *a_tok = p->tok;
    Expr *first = parse_star_named_expression(p);
    if (!first)
        return NULL;
    if (at_comp_for(p)) {
        if (first->kind == E_Starred)
            return syntax_error(p, first->start, first->end,
                                "iterable unpacking cannot be used in comprehension");
        ComprehensionSeq gens;
        if (!parse_comp_clauses(p, &gens))
            return NULL;
        if (!at(p, TOK_RSQB))
            return error_at_cur(p, "invalid syntax");
        Expr *l = expr_new(p, E_ListComp, start, advance(p)->end);
        l->v.ListComp.elt = first;
        l->v.ListComp.generators = gens;
        return l;
    }
    uint32_t mark = scratch_mark(p);
    scratch_push(p, first);
    if (!at(p, TOK_COMMA) && !at(p, TOK_RSQB))
        return missing_comma(p, first, a_tok);
    if (!display_elements(p, TOK_RSQB))
        return NULL;
    if (!at(p, TOK_RSQB))
        return error_at_cur(p, "invalid syntax");
    Expr *l = expr_new(p, E_List, start, advance(p)->end);
    l->v.List.elts = pop_exprs(p, mark);
    l->v.List.ctx = CTX_LOAD;
    return l;
}

/* dict | set | dictcomp | setcomp: '{' ... '}' */
static Expr *
parse_brace(Parser *p)
{
    uint32_t start = advance(p)->start;
    if (at(p, TOK_RBRACE)) {
        Expr *d = expr_new(p, E_Dict, start, advance(p)->end);
        return d;
    }
    if (bad_star(p))
        return NULL;
    const Token *a_tok = p->tok;
    Expr *first_key = NULL, *first = NULL;
    if (at(p, TOK_DOUBLESTAR)) {
        const Token *dstar = advance(p);
        first = parse_bitwise_or(p);
        if (!first)
            return NULL;
        if (at_comp_for(p))
            return syntax_error(p, dstar->start, first->end,
                                "dict unpacking cannot be used in dict comprehension");
    } else {
        first_key = parse_star_named_expression(p);
        if (!first_key)
            return NULL;
        if (at(p, TOK_COLON) && first_key->kind != E_Starred) {
            advance(p);
            if (at(p, TOK_RBRACE) || at(p, TOK_COMMA)) {
                const Token *colon = &p->toks[tok_pos(p) - 1];
                return syntax_error(p, colon->start, colon->end,
                                    "expression expected after dictionary key and ':'");
            }
            a_tok = p->tok;
            first = parse_expression(p);
            if (!first)
                return NULL;
            if (!at(p, TOK_COMMA) && !at(p, TOK_RBRACE) && !at_comp_for(p))
                return missing_comma(p, first, a_tok);
        } else {
            /* a set display or set comprehension */
            if (at_comp_for(p)) {
                if (first_key->kind == E_Starred)
                    return syntax_error(p, first_key->start, first_key->end,
                                        "iterable unpacking cannot be used in comprehension");
                ComprehensionSeq gens;
                if (!parse_comp_clauses(p, &gens))
                    return NULL;
                if (!at(p, TOK_RBRACE))
                    return error_at_cur(p, "invalid syntax");
                Expr *s = expr_new(p, E_SetComp, start, advance(p)->end);
                s->v.SetComp.elt = first_key;
                s->v.SetComp.generators = gens;
                return s;
            }
            uint32_t mark = scratch_mark(p);
            scratch_push(p, first_key);
            if (!at(p, TOK_COMMA) && !at(p, TOK_RBRACE))
                return missing_comma(p, first_key, a_tok);
            if (!display_elements(p, TOK_RBRACE))
                return NULL;
            if (!at(p, TOK_RBRACE))
                return error_at_cur(p, "invalid syntax");
            Expr *s = expr_new(p, E_Set, start, advance(p)->end);
            s->v.Set.elts = pop_exprs(p, mark);
            return s;
        }
    }
    if (first_key && at_comp_for(p)) {
        ComprehensionSeq gens;
        if (!parse_comp_clauses(p, &gens))
            return NULL;
        if (!at(p, TOK_RBRACE))
            return error_at_cur(p, "invalid syntax");
        Expr *d = expr_new(p, E_DictComp, start, advance(p)->end);
        d->v.DictComp.key = first_key;
        d->v.DictComp.value = first;
        d->v.DictComp.generators = gens;
        return d;
    }
    /* keys and values pushed in pairs (key may be NULL for **) */
    uint32_t mark = scratch_mark(p);
    scratch_push(p, first_key);
    scratch_push(p, first);
    while (accept(p, TOK_COMMA)) {
        if (at(p, TOK_RBRACE))
            break;
        Expr *k = NULL, *v;
        if (at(p, TOK_DOUBLESTAR)) {
            advance(p);
            v = parse_bitwise_or(p);
            if (!v)
                return NULL;
        } else {
            k = parse_expression(p);
            if (!k)
                return NULL;
            if (!at(p, TOK_COLON)) {
                if (at(p, TOK_RBRACE) || at(p, TOK_COMMA))
                    return syntax_error(p, k->end > k->start ? k->end - 1 : k->end, k->end,
                                        "':' expected after dictionary key");
                return error_at_cur(p, "invalid syntax");
            }
            advance(p);
            if (at(p, TOK_RBRACE) || at(p, TOK_COMMA)) {
                const Token *colon = &p->toks[tok_pos(p) - 1];
                return syntax_error(p, colon->start, colon->end,
                                    "expression expected after dictionary key and ':'");
            }
            const Token *v_tok = p->tok;
            v = parse_expression(p);
            if (!v)
                return NULL;
            if (!at(p, TOK_COMMA) && !at(p, TOK_RBRACE))
                return missing_comma(p, v, v_tok);
        }
        scratch_push(p, k);
        scratch_push(p, v);
    }
    if (!at(p, TOK_RBRACE))
        return error_at_cur(p, "invalid syntax");
    Expr *d = expr_new(p, E_Dict, start, advance(p)->end);
    uint32_t n = (p->nscratch - mark) / 2;
    d->v.Dict.keys.items = arena_alloc(p->a, sizeof(Expr *) * n);
    d->v.Dict.values.items = arena_alloc(p->a, sizeof(Expr *) * n);
    d->v.Dict.keys.len = d->v.Dict.values.len = n;
    for (uint32_t i = 0; i < n; i++) {
        d->v.Dict.keys.items[i] = p->scratch[mark + 2 * i];
        d->v.Dict.values.items[i] = p->scratch[mark + 2 * i + 1];
    }
    p->nscratch = mark;
    return d;
}

/* atom: NAME | 'True' | 'False' | 'None' | strings | NUMBER | (tuple | group | genexp)
 *     | (list | listcomp) | (dict | set | dictcomp | setcomp) | '...' */
static Expr *
parse_atom(Parser *p)
{
    switch (cur_kind(p)) {
    case TOK_NAME:
        return name_expr(p, advance(p), CTX_LOAD);
    case TOK_TRUE:
        return constant_token(p, CONST_TRUE);
    case TOK_FALSE:
        return constant_token(p, CONST_FALSE);
    case TOK_NONE:
        return constant_token(p, CONST_NONE);
    case TOK_ELLIPSIS:
        return constant_token(p, CONST_ELLIPSIS);
    case TOK_NUMBER:
        return parse_number(p);
    case TOK_STRING:
    case TOK_FSTRING_START:
    case TOK_TSTRING_START:
        return parse_strings(p);
    case TOK_LPAR:
        return parse_paren(p);
    case TOK_LSQB:
        return parse_list(p);
    case TOK_LBRACE:
        return parse_brace(p);
    default:
        return error_at_cur(p, "invalid syntax");
    }
}

/* lambdef: 'lambda' [lambda_params] ':' expression */
static Expr *
parse_lambda(Parser *p)
{
    const Token *kw = advance(p);
    Arguments *args;
    if (at(p, TOK_COLON)) {
        args = empty_arguments(p);
    } else {
        args = parse_params(p, true);
        if (!args)
            return NULL;
    }
    const Token *colon = expect(p, TOK_COLON);
    if (!colon)
        return NULL;
    if (at(p, TOK_FSTRING_MIDDLE))
        return syntax_error(p, kw->start, colon->end,
                            "f-string: lambda expressions are not allowed without parentheses");
    if (at(p, TOK_TSTRING_MIDDLE))
        return syntax_error(p, kw->start, colon->end,
                            "t-string: lambda expressions are not allowed without parentheses");
    Expr *body = parse_expression(p);
    if (!body)
        return NULL;
    Expr *e = expr_new(p, E_Lambda, kw->start, node_end(p));
    e->v.Lambda.args = args;
    e->v.Lambda.body = body;
    return e;
}

/* ---------------------------------------------------------------------------------------------- */
/* Targets of `for`, comprehensions and `with ... as` */

/* star_target: '*' (!'*' star_target) | target_with_star_atom
 * The target is parsed as a primary (t_primary and star_atom are primaries) and then checked. */
static Expr *
star_target(Parser *p, bool validate)
{
    uint32_t start = tok_start(p);
    if (at(p, TOK_STAR)) {
        advance(p);
        if (at(p, TOK_STAR))
            return error_at_cur(p, "invalid syntax");
        if (!depth_enter(p, start))
            return NULL;
        Expr *inner = star_target(p, validate);
        depth_leave(p);
        if (!inner)
            return NULL;
        Expr *e = expr_new(p, E_Starred, start, node_end(p));
        e->v.Starred.value = inner;
        e->v.Starred.ctx = CTX_STORE;
        return e;
    }
    Expr *e = parse_primary(p);
    if (!e)
        return NULL;
    if (validate && !set_target_ctx(p, e, CTX_STORE, TARGET_FOR))
        return NULL;
    return e;
}

/* star_target: for `with ... as` (see parser_internal.h). */
Expr *
parse_star_target(Parser *p, bool validate)
{
    return star_target(p, validate);
}

/* star_targets: star_target !',' | star_target (',' star_target)* [','] */
Expr *
parse_star_targets(Parser *p)
{
    uint32_t start = tok_start(p);
    Expr *first = star_target(p, true);
    if (!first || !at(p, TOK_COMMA))
        return first;
    uint32_t mark = scratch_mark(p);
    scratch_push(p, first);
    while (accept(p, TOK_COMMA)) {
        TokKind k = cur_kind(p);
        if (k != TOK_NAME && k != TOK_LPAR && k != TOK_LSQB && k != TOK_STAR)
            break;
        Expr *e = star_target(p, true);
        if (!e)
            return NULL;
        scratch_push(p, e);
    }
    Expr *t = expr_new(p, E_Tuple, start, node_end(p));
    t->v.Tuple.elts = pop_exprs(p, mark);
    t->v.Tuple.ctx = CTX_STORE;
    return t;
}
