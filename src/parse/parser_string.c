/* parser_string: string literals of python.gram (LITERALS): implicit concatenation of strings,
 * bytes and f-strings (one Constant, or one JoinedStr whose adjacent literal parts are merged),
 * t-strings (TemplateStr with Interpolation nodes), replacement fields with `!r` conversions,
 * format specs (nested JoinedStr) and the `=` debug specifier. Positions are CPython 3.12+'s: each
 * literal part spans its FSTRING_MIDDLE token(s), a replacement field spans '{' .. '}'. */
#include "parse/parser_internal.h"

static bool
is_string_start(TokKind k)
{
    return k == TOK_STRING || k == TOK_FSTRING_START || k == TOK_TSTRING_START;
}

/* string: STRING */
static Expr *
string_constant(Parser *p, const Token *t)
{
    Expr *e = expr_new(p, E_Constant, t->start, t->end);
    const char *msg = NULL;
    uint32_t err_off = 0;
    if (lit_string(p->a, p->text + t->start, t->end - t->start, &e->v.Constant, &msg, &err_off) !=
        0)
        return syntax_error(p, t->start, t->end, "%s", msg ? msg : "invalid string literal");
    /* CPython's kind='u' comes from a lowercase u prefix only */
    e->v.Constant.has_u_prefix = e->v.Constant.kind == CONST_STR && p->text[t->start] == 'u';
    return e;
}

static Expr *
middle_constant(Parser *p, const Token *t, bool raw)
{
    char *buf = NULL;
    uint32_t len = 0;
    const char *msg = NULL;
    if (lit_fstring_middle(p->a, p->text + t->start, t->end - t->start, raw, &buf, &len, &msg) != 0)
        return syntax_error(p, t->start, t->end, "%s", msg ? msg : "invalid string literal");
    Expr *e = expr_new(p, E_Constant, t->start, t->end);
    e->v.Constant.kind = CONST_STR;
    e->v.Constant.text = buf ? buf : "";
    e->v.Constant.len = len;
    return e;
}

static bool
is_str_constant(const Expr *e)
{
    return e->kind == E_Constant && e->v.Constant.kind == CONST_STR;
}

/* fold_constants: the items on the scratch stack from mark become a sequence where each run of
 * adjacent str Constants is one Constant (value concatenated, span first..last, kind of the first)
 * and empty Constants are dropped (CPython's _build_concatenated_str). */
static ExprSeq
fold_constants(Parser *p, uint32_t mark)
{
    uint32_t n = p->nscratch - mark;
    uint32_t out = mark;
    for (uint32_t i = 0; i < n;) {
        Expr *e = p->scratch[mark + i];
        if (!is_str_constant(e)) {
            p->scratch[out++] = e;
            i++;
            continue;
        }
        uint32_t j = i + 1;
        size_t total = e->v.Constant.len;
        while (j < n && is_str_constant((Expr *)p->scratch[mark + j])) {
            total += ((Expr *)p->scratch[mark + j])->v.Constant.len;
            j++;
        }
        if (j - i > 1) {
            Expr *last = p->scratch[mark + j - 1];
            Expr *m = expr_new(p, E_Constant, e->start, last->end);
            m->v.Constant.kind = CONST_STR;
            m->v.Constant.has_u_prefix = e->v.Constant.has_u_prefix;
            char *buf = arena_alloc(p->a, total + 1);
            size_t off = 0;
            for (uint32_t k = i; k < j; k++) {
                Expr *c = p->scratch[mark + k];
                if (c->v.Constant.len)
                    memcpy(buf + off, c->v.Constant.text, c->v.Constant.len);
                off += c->v.Constant.len;
            }
            buf[total] = 0;
            m->v.Constant.text = buf;
            m->v.Constant.len = (uint32_t)total;
            e = m;
        }
        if (e->v.Constant.len)
            p->scratch[out++] = e;
        i = j;
    }
    p->nscratch = out;
    return pop_exprs(p, mark);
}

static bool parse_replacement_field(Parser *p, bool is_t, bool raw, bool top);

/* Messages for f-strings and t-strings differ only in their prefix. */
static void *
fstr_error(Parser *p, bool is_t, const Token *t, const char *what)
{
    if (t->kind == TOK_ERROR || t->kind == TOK_INDENT || t->kind == TOK_DEDENT)
        return error_at_cur(p, "invalid syntax");
    return syntax_error(p, t->start, t->end, "%s: %s", is_t ? "t-string" : "f-string", what);
}

/* fstring_format_spec*: literal parts and nested replacement fields up to the closing '}' */
static Expr *
parse_format_spec(Parser *p, bool is_t, bool raw, const Token *colon)
{
    TokKind mid = is_t ? TOK_TSTRING_MIDDLE : TOK_FSTRING_MIDDLE;
    uint32_t mark = scratch_mark(p);
    for (;;) {
        if (at(p, mid)) {
            Expr *c = middle_constant(p, advance(p), raw);
            if (!c)
                return NULL;
            scratch_push(p, c);
        } else if (at(p, TOK_LBRACE)) {
            if (!parse_replacement_field(p, is_t, raw, false))
                return NULL;
        } else {
            break;
        }
    }
    if (!at(p, TOK_RBRACE))
        return fstr_error(p, is_t, cur(p), "expecting '}', or format specs");
    Expr *j = expr_new(p, E_JoinedStr, colon->start, node_end(p));
    j->v.JoinedStr.values = fold_constants(p, mark);
    return j;
}

static bool
is_space_or_eq(char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v' || c == '=';
}

/* fstring_replacement_field: '{' annotated_rhs '='? [fstring_conversion] [fstring_full_format_spec]
 * '}' Pushes a FormattedValue (or, at the top level of a t-string, an Interpolation) on the scratch
 * stack, preceded by the debug text Constant when there is an '='. */
static bool
parse_replacement_field(Parser *p, bool is_t, bool raw, bool top)
{
    const Token *lb = advance(p);
    TokKind k = cur_kind(p);
    if (k == TOK_EQUAL || k == TOK_EXCLAMATION || k == TOK_COLON || k == TOK_RBRACE) {
        const Token *t = cur(p);
        syntax_error(p, t->start, t->end, "%s: valid expression required before '%c'",
                     is_t ? "t-string" : "f-string", p->text[t->start]);
        return false;
    }
    if (!can_start_expr(k) && k != TOK_STAR && k != TOK_YIELD) {
        fstr_error(p, is_t, cur(p), "expecting a valid expression after '{'");
        return false;
    }
    Expr *value = parse_annotated_rhs(p);
    if (!value)
        return false;
    const Token *debug = NULL;
    if (at(p, TOK_EQUAL))
        debug = advance(p);
    int conversion = -1;
    const Token *bang = NULL;
    if (at(p, TOK_EXCLAMATION)) {
        bang = advance(p);
        if (!at(p, TOK_NAME)) {
            fstr_error(p, is_t, cur(p),
                       at(p, TOK_COLON) || at(p, TOK_RBRACE) ? "missing conversion character"
                                                             : "invalid conversion character");
            return false;
        }
        const Token *name = advance(p);
        if (name->start != bang->end) {
            syntax_error(p, bang->start, name->end,
                         "%s: conversion type must come right after the exclamanation mark",
                         is_t ? "t-string" : "f-string");
            return false;
        }
        char c = p->text[name->start];
        if (name->end - name->start != 1 || (c != 's' && c != 'r' && c != 'a')) {
            syntax_error(p, name->start, name->end,
                         "%s: invalid conversion character '%.*s': expected 's', 'r', or 'a'",
                         is_t ? "t-string" : "f-string", (int)(name->end - name->start),
                         p->text + name->start);
            return false;
        }
        conversion = c;
    }
    Expr *spec = NULL;
    const Token *colon = NULL;
    if (at(p, TOK_COLON)) {
        colon = advance(p);
        spec = parse_format_spec(p, is_t, raw, colon);
        if (!spec)
            return false;
    }
    if (!at(p, TOK_RBRACE)) {
        const char *what = bang    ? "expecting ':' or '}'"
                           : debug ? "expecting '!', or ':', or '}'"
                                   : "expecting '=', or '!', or ':', or '}'";
        fstr_error(p, is_t, cur(p), what);
        return false;
    }
    const Token *rb = advance(p);
    if (conversion < 0 && debug && !spec)
        conversion = 'r';
    /* the expression's text: from after '{' to the '!', ':' or '}' that ends it */
    uint32_t text_end = bang ? bang->start : colon ? colon->start : rb->start;
    if (debug) {
        Expr *d = expr_new(p, E_Constant, lb->end, text_end);
        d->v.Constant.kind = CONST_STR;
        d->v.Constant.text = arena_strndup(p->a, p->text + lb->end, text_end - lb->end);
        d->v.Constant.len = text_end - lb->end;
        scratch_push(p, d);
    }
    Expr *f;
    if (is_t && top) {
        f = expr_new(p, E_Interpolation, lb->start, rb->end);
        f->v.Interpolation.value = value;
        f->v.Interpolation.conversion = conversion;
        f->v.Interpolation.format_spec = spec;
        uint32_t n = text_end - lb->end;
        while (n > 0 && is_space_or_eq(p->text[lb->end + n - 1]))
            n--;
        f->v.Interpolation.str = arena_strndup(p->a, p->text + lb->end, n);
        f->v.Interpolation.str_len = n;
    } else {
        f = expr_new(p, E_FormattedValue, lb->start, rb->end);
        f->v.FormattedValue.value = value;
        f->v.FormattedValue.conversion = conversion;
        f->v.FormattedValue.format_spec = spec;
    }
    scratch_push(p, f);
    return true;
}

/* fstring: FSTRING_START fstring_middle* FSTRING_END (tstring likewise); pushes the values */
static bool
parse_fstring_piece(Parser *p, bool is_t)
{
    const Token *st = advance(p);
    bool raw = (st->flags & TOKF_RAW) != 0;
    TokKind mid = is_t ? TOK_TSTRING_MIDDLE : TOK_FSTRING_MIDDLE;
    TokKind end = is_t ? TOK_TSTRING_END : TOK_FSTRING_END;
    for (;;) {
        if (at(p, mid)) {
            Expr *c = middle_constant(p, advance(p), raw);
            if (!c)
                return false;
            if (c->v.Constant.len)
                scratch_push(p, c);
        } else if (at(p, TOK_LBRACE)) {
            if (!depth_enter(p, cur(p)->start))
                return false;
            bool ok = parse_replacement_field(p, is_t, raw, true);
            depth_leave(p);
            if (!ok)
                return false;
        } else if (at(p, end)) {
            advance(p);
            return true;
        } else {
            error_at_cur(p, "invalid syntax");
            return false;
        }
    }
}

/* strings: (fstring|string)+ | tstring+ */
Expr *
parse_strings(Parser *p)
{
    uint32_t start = tok_start(p);
    if (at(p, TOK_STRING) && !is_string_start(peek_kind(p, 1)))
        return string_constant(p, advance(p));
    uint32_t mark = scratch_mark(p);
    bool has_f = false, has_t = false, has_bytes = false, has_str = false;
    uint32_t prev_start = 0;
    int prev_t = -1; /* whether the previous piece was a t-string; -1 before the first */
    while (is_string_start(cur_kind(p))) {
        const Token *t = cur(p);
        bool piece_t = t->kind == TOK_TSTRING_START;
        if (prev_t >= 0 && (int)piece_t != prev_t) {
            /* find this piece's end for the error's range */
            uint32_t depth = 0, i = tok_pos(p);
            uint32_t piece_end = t->end;
            if (t->kind != TOK_STRING) {
                for (; i < p->ntoks; i++) {
                    TokKind k = (TokKind)p->toks[i].kind;
                    if (k == TOK_FSTRING_START || k == TOK_TSTRING_START)
                        depth++;
                    else if (k == TOK_FSTRING_END || k == TOK_TSTRING_END) {
                        if (--depth == 0) {
                            piece_end = p->toks[i].end;
                            break;
                        }
                    } else if (k == TOK_ERROR || k == TOK_ENDMARKER)
                        break;
                }
            }
            return syntax_error(p, prev_start, piece_end,
                                "cannot mix t-string literals with string or bytes literals");
        }
        prev_t = piece_t;
        prev_start = t->start;
        if (t->kind == TOK_STRING) {
            Expr *c = string_constant(p, advance(p));
            if (!c)
                return NULL;
            if (c->v.Constant.kind == CONST_BYTES)
                has_bytes = true;
            else
                has_str = true;
            scratch_push(p, c);
        } else {
            if (piece_t)
                has_t = true;
            else
                has_f = true;
            if (!parse_fstring_piece(p, piece_t))
                return NULL;
        }
    }
    uint32_t end = node_end(p);
    if (has_bytes && (has_str || has_f))
        return syntax_error(p, cur(p)->start, cur(p)->start,
                            "cannot mix bytes and nonbytes literals");
    if (has_t) {
        Expr *t = expr_new(p, E_TemplateStr, start, end);
        t->v.TemplateStr.values = fold_constants(p, mark);
        return t;
    }
    if (has_f) {
        Expr *j = expr_new(p, E_JoinedStr, start, end);
        j->v.JoinedStr.values = fold_constants(p, mark);
        return j;
    }
    /* only plain strings or only bytes: one Constant */
    uint32_t n = p->nscratch - mark;
    Expr *first = p->scratch[mark];
    if (n == 1) {
        p->nscratch = mark;
        return first;
    }
    size_t total = 0;
    for (uint32_t i = 0; i < n; i++)
        total += ((Expr *)p->scratch[mark + i])->v.Constant.len;
    char *buf = arena_alloc(p->a, total + 1);
    size_t off = 0;
    for (uint32_t i = 0; i < n; i++) {
        Expr *c = p->scratch[mark + i];
        if (c->v.Constant.len)
            memcpy(buf + off, c->v.Constant.text, c->v.Constant.len);
        off += c->v.Constant.len;
    }
    buf[total] = 0;
    p->nscratch = mark;
    Expr *e = expr_new(p, E_Constant, start, end);
    e->v.Constant.kind = first->v.Constant.kind;
    e->v.Constant.has_u_prefix = first->v.Constant.has_u_prefix;
    e->v.Constant.text = buf;
    e->v.Constant.len = (uint32_t)total;
    return e;
}
