/* parser_pattern: the match statement of python.gram (Match statement): the "match" and "case" soft
 * keywords, every pattern kind (literal, capture, wildcard, value, group, sequence, mapping, class,
 * star, or and as patterns) and mapping keys. Patterns nest only through brackets, which the
 * tokenizer bounds, and each nesting also counts against PARSE_MAX_DEPTH. */
#include "parse/parser_internal.h"

static Pattern *parse_pattern(Parser *p);
static Pattern *parse_closed_pattern(Parser *p);

static bool
is_wildcard(const Parser *p, const Token *t)
{
    return tok_is_name(p, t, "_");
}

/* signed_number: NUMBER | '-' NUMBER
 * complex_number: signed_real_number ('+' | '-') imaginary_number */
static Expr *
parse_number_literal(Parser *p)
{
    uint32_t start = tok_start(p);
    Expr *real;
    if (at(p, TOK_MINUS)) {
        advance(p);
        if (!at(p, TOK_NUMBER))
            return error_at_cur(p, "invalid syntax");
        Expr *n = parse_number(p);
        if (!n)
            return NULL;
        real = expr_new(p, E_UnaryOp, start, node_end(p));
        real->v.UnaryOp.op = UNARY_USUB;
        real->v.UnaryOp.operand = n;
    } else {
        real = parse_number(p);
        if (!real)
            return NULL;
    }
    if (!at(p, TOK_PLUS) && !at(p, TOK_MINUS))
        return real;
    /* complex: the left part must be real, the right one imaginary */
    const Expr *num = real->kind == E_UnaryOp ? real->v.UnaryOp.operand : real;
    if (num->v.Constant.kind == CONST_COMPLEX)
        return syntax_error(p, real->start, real->end, "real number required in complex literal");
    OperatorKind op = at(p, TOK_PLUS) ? OP_ADD : OP_SUB;
    advance(p);
    if (!at(p, TOK_NUMBER))
        return error_at_cur(p, "invalid syntax");
    Expr *imag = parse_number(p);
    if (!imag)
        return NULL;
    if (imag->v.Constant.kind != CONST_COMPLEX)
        return syntax_error(p, imag->start, imag->end,
                            "imaginary number required in complex literal");
    Expr *b = expr_new(p, E_BinOp, start, node_end(p));
    b->v.BinOp.left = real;
    b->v.BinOp.op = op;
    b->v.BinOp.right = imag;
    return b;
}

/* name_or_attr: attr | NAME;  attr: name_or_attr '.' NAME */
static Expr *
parse_name_or_attr(Parser *p)
{
    uint32_t start = tok_start(p);
    Expr *e = name_expr(p, advance(p), CTX_LOAD);
    int chain = 0;
    while (at(p, TOK_DOT)) {
        advance(p);
        if (!at(p, TOK_NAME))
            return error_at_cur(p, "invalid syntax");
        if (p->depth + ++chain > PARSE_MAX_DEPTH)
            return syntax_error(p, cur(p)->start, cur(p)->end, "too many nested expressions");
        const Token *name = advance(p);
        Expr *a = expr_new(p, E_Attribute, start, name->end);
        a->v.Attribute.value = e;
        a->v.Attribute.attr = name_ident(p, name);
        a->v.Attribute.ctx = CTX_LOAD;
        e = a;
    }
    return e;
}

/* star_pattern: '*' pattern_capture_target | '*' wildcard_pattern */
static Pattern *
parse_star_pattern(Parser *p)
{
    uint32_t start = advance(p)->start;
    if (!at(p, TOK_NAME))
        return error_at_cur(p, "invalid syntax");
    const Token *name = advance(p);
    Pattern *pt = pattern_new(p, P_MatchStar, start, name->end);
    if (!is_wildcard(p, name))
        pt->v.MatchStar.name = name_ident(p, name);
    return pt;
}

/* maybe_star_pattern: star_pattern | pattern */
static Pattern *
parse_maybe_star_pattern(Parser *p)
{
    if (at(p, TOK_STAR))
        return parse_star_pattern(p);
    return parse_pattern(p);
}

/* maybe_sequence_pattern: ','.maybe_star_pattern+ ','?  (pushed on the scratch stack, up to close)
 */
static bool
parse_sequence_items(Parser *p, TokKind close)
{
    while (!at(p, close)) {
        Pattern *pt = parse_maybe_star_pattern(p);
        if (!pt)
            return false;
        scratch_push(p, pt);
        if (!accept(p, TOK_COMMA))
            break;
    }
    if (!at(p, close)) {
        error_at_cur(p, "invalid syntax");
        return false;
    }
    return true;
}

/* literal_expr and attr: the keys of mapping patterns */
static Expr *
parse_mapping_key(Parser *p)
{
    switch (cur_kind(p)) {
    case TOK_NUMBER:
    case TOK_MINUS:
        return parse_number_literal(p);
    case TOK_STRING:
    case TOK_FSTRING_START:
    case TOK_TSTRING_START:
        return parse_strings(p);
    case TOK_NONE:
    case TOK_TRUE:
    case TOK_FALSE: {
        const Token *t = advance(p);
        Expr *e = expr_new(p, E_Constant, t->start, t->end);
        e->v.Constant.kind = t->kind == TOK_NONE   ? CONST_NONE
                             : t->kind == TOK_TRUE ? CONST_TRUE
                                                   : CONST_FALSE;
        return e;
    }
    case TOK_NAME: {
        Expr *e = parse_name_or_attr(p);
        if (e && e->kind != E_Attribute) /* CPython read on, looking for the '.' */
            return error_at_cur(p, "invalid syntax");
        return e;
    }
    default:
        return error_at_cur(p, "invalid syntax");
    }
}

/* mapping_pattern: '{' [items_pattern] [double_star_pattern] ','? '}' */
static Pattern *
parse_mapping_pattern(Parser *p)
{
    uint32_t start = advance(p)->start;
    uint32_t mark = scratch_mark(p);
    Ident rest = NULL;
    const Token *rest_tok = NULL;
    while (!at(p, TOK_RBRACE)) {
        if (at(p, TOK_DOUBLESTAR)) {
            advance(p);
            if (!at(p, TOK_NAME) || is_wildcard(p, cur(p)))
                return error_at_cur(p, "invalid syntax");
            rest_tok = advance(p);
            rest = name_ident(p, rest_tok);
        } else {
            if (rest_tok)
                return syntax_error(
                    p, rest_tok->start - 2, rest_tok->end,
                    "double star pattern must be the last (right-most) subpattern in the "
                    "mapping pattern");
            Expr *key = parse_mapping_key(p);
            if (!key || !expect(p, TOK_COLON))
                return NULL;
            Pattern *v = parse_pattern(p);
            if (!v)
                return NULL;
            scratch_push(p, key);
            scratch_push(p, v);
        }
        if (!accept(p, TOK_COMMA))
            break;
    }
    if (!expect(p, TOK_RBRACE))
        return NULL;
    Pattern *pt = pattern_new(p, P_MatchMapping, start, node_end(p));
    uint32_t n = (p->nscratch - mark) / 2;
    if (n) {
        pt->v.MatchMapping.keys.items = arena_alloc(p->a, sizeof(Expr *) * n);
        pt->v.MatchMapping.patterns.items = arena_alloc(p->a, sizeof(Pattern *) * n);
        pt->v.MatchMapping.keys.len = pt->v.MatchMapping.patterns.len = n;
        for (uint32_t i = 0; i < n; i++) {
            pt->v.MatchMapping.keys.items[i] = p->scratch[mark + 2 * i];
            pt->v.MatchMapping.patterns.items[i] = p->scratch[mark + 2 * i + 1];
        }
    }
    p->nscratch = mark;
    pt->v.MatchMapping.rest = rest;
    return pt;
}

/* class_pattern: name_or_attr '(' [positional_patterns] [keyword_patterns] ','? ')' */
static Pattern *
parse_class_pattern(Parser *p, uint32_t start, Expr *cls)
{
    advance(p); /* '(' */
    uint32_t pmark = scratch_mark(p);
    VEC(Ident) kwd_attrs = { 0 };
    VEC(Pattern *) kwd_patterns = { 0 };
    Pattern *first_bad = NULL;
    while (!at(p, TOK_RPAR)) {
        if (at(p, TOK_NAME) && peek_kind(p, 1) == TOK_EQUAL) {
            Ident attr = name_ident(p, advance(p));
            advance(p);
            Pattern *v = parse_pattern(p);
            if (!v)
                return NULL;
            VEC_PUSH(p->a, kwd_attrs, attr);
            VEC_PUSH(p->a, kwd_patterns, v);
        } else {
            Pattern *v = parse_pattern(p);
            if (!v)
                return NULL;
            if (kwd_attrs.len) {
                if (!first_bad)
                    first_bad = v;
                /* keep going to find the last positional pattern for the error's range */
            }
            scratch_push(p, v);
            if (first_bad && !at(p, TOK_COMMA)) {
                return syntax_error(p, first_bad->start, v->end,
                                    "positional patterns follow keyword patterns");
            }
        }
        if (!accept(p, TOK_COMMA))
            break;
    }
    if (first_bad) {
        Pattern *last = p->scratch[p->nscratch - 1];
        return syntax_error(p, first_bad->start, last->end,
                            "positional patterns follow keyword patterns");
    }
    if (!expect(p, TOK_RPAR))
        return NULL;
    Pattern *pt = pattern_new(p, P_MatchClass, start, node_end(p));
    pt->v.MatchClass.cls = cls;
    pt->v.MatchClass.patterns = pop_patterns(p, pmark);
    pt->v.MatchClass.kwd_attrs.items = kwd_attrs.items;
    pt->v.MatchClass.kwd_attrs.len = kwd_attrs.len;
    pt->v.MatchClass.kwd_patterns.items = kwd_patterns.items;
    pt->v.MatchClass.kwd_patterns.len = kwd_patterns.len;
    return pt;
}

/* closed_pattern: literal_pattern | capture_pattern | wildcard_pattern | value_pattern
 *               | group_pattern | sequence_pattern | mapping_pattern | class_pattern */
static Pattern *
parse_closed_pattern(Parser *p)
{
    uint32_t start = tok_start(p);
    switch (cur_kind(p)) {
    case TOK_NUMBER:
    case TOK_MINUS: {
        Expr *v = parse_number_literal(p);
        if (!v)
            return NULL;
        Pattern *pt = pattern_new(p, P_MatchValue, start, node_end(p));
        pt->v.MatchValue.value = v;
        return pt;
    }
    case TOK_STRING:
    case TOK_FSTRING_START:
    case TOK_TSTRING_START: {
        Expr *v = parse_strings(p);
        if (!v)
            return NULL;
        Pattern *pt = pattern_new(p, P_MatchValue, start, node_end(p));
        pt->v.MatchValue.value = v;
        return pt;
    }
    case TOK_NONE:
    case TOK_TRUE:
    case TOK_FALSE: {
        const Token *t = advance(p);
        Pattern *pt = pattern_new(p, P_MatchSingleton, t->start, t->end);
        pt->v.MatchSingleton.value = t->kind == TOK_NONE   ? CONST_NONE
                                     : t->kind == TOK_TRUE ? CONST_TRUE
                                                           : CONST_FALSE;
        return pt;
    }
    case TOK_NAME: {
        if (is_wildcard(p, cur(p))) {
            const Token *t = advance(p);
            return pattern_new(p, P_MatchAs, t->start, t->end);
        }
        TokKind next = peek_kind(p, 1);
        if (next != TOK_DOT && next != TOK_LPAR) {
            const Token *t = advance(p);
            Pattern *pt = pattern_new(p, P_MatchAs, t->start, t->end);
            pt->v.MatchAs.name = name_ident(p, t);
            return pt;
        }
        Expr *e = parse_name_or_attr(p);
        if (!e)
            return NULL;
        if (at(p, TOK_LPAR))
            return parse_class_pattern(p, start, e);
        Pattern *pt = pattern_new(p, P_MatchValue, start, node_end(p));
        pt->v.MatchValue.value = e;
        return pt;
    }
    case TOK_LPAR: {
        advance(p);
        if (at(p, TOK_RPAR))
            return pattern_new(p, P_MatchSequence, start, advance(p)->end);
        Pattern *first = parse_maybe_star_pattern(p);
        if (!first)
            return NULL;
        if (at(p, TOK_RPAR) && first->kind != P_MatchStar) {
            advance(p);
            return first; /* group_pattern keeps the inner pattern's span */
        }
        if (!at(p, TOK_COMMA))
            return error_at_cur(p, "invalid syntax");
        uint32_t mark = scratch_mark(p);
        scratch_push(p, first);
        advance(p);
        if (!parse_sequence_items(p, TOK_RPAR))
            return NULL;
        Pattern *pt = pattern_new(p, P_MatchSequence, start, advance(p)->end);
        pt->v.MatchSequence.patterns = pop_patterns(p, mark);
        return pt;
    }
    case TOK_LSQB: {
        advance(p);
        uint32_t mark = scratch_mark(p);
        if (!parse_sequence_items(p, TOK_RSQB))
            return NULL;
        Pattern *pt = pattern_new(p, P_MatchSequence, start, advance(p)->end);
        pt->v.MatchSequence.patterns = pop_patterns(p, mark);
        return pt;
    }
    case TOK_LBRACE:
        return parse_mapping_pattern(p);
    default:
        return error_at_cur(p, "invalid syntax");
    }
}

/* pattern: as_pattern | or_pattern
 * as_pattern: or_pattern 'as' pattern_capture_target
 * or_pattern: '|'.closed_pattern+ */
static Pattern *
parse_pattern(Parser *p)
{
    uint32_t start = tok_start(p);
    if (!depth_enter(p, start))
        return NULL;
    Pattern *result = NULL;
    Pattern *first = parse_closed_pattern(p);
    if (!first)
        goto out;
    if (at(p, TOK_VBAR)) {
        uint32_t mark = scratch_mark(p);
        scratch_push(p, first);
        while (accept(p, TOK_VBAR)) {
            Pattern *alt = parse_closed_pattern(p);
            if (!alt)
                goto out;
            scratch_push(p, alt);
        }
        first = pattern_new(p, P_MatchOr, start, node_end(p));
        first->v.MatchOr.patterns = pop_patterns(p, mark);
    }
    if (at(p, TOK_AS)) {
        advance(p);
        const Token *t = cur(p);
        if (t->kind == TOK_NAME && is_wildcard(p, t)) {
            syntax_error(p, t->start, t->end, "cannot use '_' as a target");
            goto out;
        }
        TokKind next = peek_kind(p, 1);
        if (t->kind != TOK_NAME || next == TOK_DOT || next == TOK_LPAR || next == TOK_EQUAL) {
            if (can_start_expr(t->kind)) {
                Expr *bad = parse_expression(p);
                if (bad && !p->err->set)
                    syntax_error(p, bad->start, bad->end, "cannot use %s as pattern target",
                                 expr_name(bad));
            } else {
                error_at_cur(p, "invalid syntax");
            }
            goto out;
        }
        advance(p);
        Pattern *as = pattern_new(p, P_MatchAs, start, t->end);
        as->v.MatchAs.pattern = first;
        as->v.MatchAs.name = name_ident(p, t);
        first = as;
    }
    result = first;
out:
    depth_leave(p);
    return result;
}

/* patterns: open_sequence_pattern | pattern */
static Pattern *
parse_patterns(Parser *p)
{
    uint32_t start = tok_start(p);
    Pattern *first = parse_maybe_star_pattern(p);
    if (!first)
        return NULL;
    if (!at(p, TOK_COMMA)) {
        if (first->kind == P_MatchStar)
            return error_at_cur(p, "invalid syntax");
        return first;
    }
    uint32_t mark = scratch_mark(p);
    scratch_push(p, first);
    while (accept(p, TOK_COMMA)) {
        if (at(p, TOK_COLON) || at(p, TOK_IF))
            break;
        Pattern *pt = parse_maybe_star_pattern(p);
        if (!pt)
            return NULL;
        scratch_push(p, pt);
    }
    Pattern *seq = pattern_new(p, P_MatchSequence, start, node_end(p));
    seq->v.MatchSequence.patterns = pop_patterns(p, mark);
    return seq;
}

/* case_block: "case" patterns guard? ':' block */
static MatchCase *
parse_case(Parser *p)
{
    const Token *kw = advance(p);
    Pattern *pt = parse_patterns(p);
    if (!pt)
        return NULL;
    Expr *guard = NULL;
    if (accept(p, TOK_IF)) {
        guard = parse_named_expression(p);
        if (!guard)
            return NULL;
    }
    if (!at(p, TOK_COLON)) {
        if (at(p, TOK_NEWLINE))
            return syntax_error(p, cur(p)->start, cur(p)->end, "expected ':'");
        return error_at_cur(p, "invalid syntax");
    }
    advance(p);
    MatchCase *mc = ARENA_NEW(p->a, MatchCase);
    mc->pattern = pt;
    mc->guard = guard;
    if (!parse_block(p, kw, "'case' statement", &mc->body))
        return NULL;
    return mc;
}

/* subject_expr: star_named_expression ',' star_named_expressions? | named_expression */
static Expr *
parse_subject(Parser *p)
{
    uint32_t start = tok_start(p);
    Expr *first = parse_star_named_expression(p);
    if (!first)
        return NULL;
    if (!at(p, TOK_COMMA)) {
        if (first->kind == E_Starred)
            return error_at_cur(p, "invalid syntax");
        return first;
    }
    uint32_t mark = scratch_mark(p);
    scratch_push(p, first);
    while (accept(p, TOK_COMMA)) {
        if (!can_start_expr(cur_kind(p)) && !at(p, TOK_STAR))
            break;
        Expr *e = parse_star_named_expression(p);
        if (!e)
            return NULL;
        scratch_push(p, e);
    }
    Expr *t = expr_new(p, E_Tuple, start, node_end(p));
    t->v.Tuple.elts = pop_exprs(p, mark);
    t->v.Tuple.ctx = CTX_LOAD;
    return t;
}

/* match_stmt: "match" subject_expr ':' NEWLINE INDENT case_block+ DEDENT
 * `match` is a soft keyword: the statement is taken only when "match" subject ':' NEWLINE all
 * parse; otherwise *not_match is set and the line is an ordinary statement (`match = 1`,
 * `match(x)`). */
Stmt *
parse_match_stmt(Parser *p, bool *not_match)
{
    TokKind k1 = peek_kind(p, 1);
    if (!can_start_expr(k1) && k1 != TOK_STAR) {
        *not_match = true;
        return NULL;
    }
    Spec s;
    spec_begin(p, &s);
    const Token *kw = advance(p);
    Expr *subject = parse_subject(p);
    if (!subject || !at(p, TOK_COLON) || peek_kind(p, 1) != TOK_NEWLINE) {
        if (subject && at(p, TOK_NEWLINE))
            p->match_newline = tok_pos(p);
        uint32_t reached =
            subject && at(p, TOK_COLON) ? tok_pos(p) + 1 : tok_pos(p); /* read past ':' */
        if (reached > p->far && reached < p->ntoks)
            p->far = reached;
        spec_fail(p, &s);
        *not_match = true;
        return NULL;
    }
    spec_end(p, &s);
    advance(p); /* ':' */
    if (peek_kind(p, 1) != TOK_INDENT)
        return missing_block(p, kw, "'match' statement");
    advance(p);
    advance(p);
    uint32_t mark = scratch_mark(p);
    while (!at(p, TOK_DEDENT)) {
        if (!tok_is_name(p, cur(p), "case"))
            return error_at_cur(p, "invalid syntax");
        MatchCase *mc = parse_case(p);
        if (!mc)
            return NULL;
        scratch_push(p, mc);
    }
    advance(p);
    Stmt *st = stmt_new(p, S_Match, kw->start, node_end(p));
    st->v.Match.subject = subject;
    st->v.Match.cases = pop_cases(p, mark);
    return st;
}
