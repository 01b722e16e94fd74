/* parser: the core of the hand-written parser for Python 3.14 (CPython's Grammar/python.gram):
 * token helpers, errors with CPython's messages and positions, node allocation, sequences,
 * assignment targets, and the entry points parse_source and parse_module. The grammar itself is in
 * parser_expr.c, parser_string.c, parser_stmt.c and parser_pattern.c.
 *
 * Strategy: one token of lookahead almost everywhere; where PEG would backtrack between a target
 * and an expression we parse the expression once and convert it (set_target_ctx). The few places
 * that need a real trial (`with (` items, the `match` soft keyword, error diagnosis) speculate with
 * spec_begin/spec_fail, each over a bounded stretch, so parsing stays linear. */
#include "parse/parser_internal.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>

/* node_end_scan: node_end when the last consumed token is a NEWLINE, INDENT or DEDENT (see
 * parser_internal.h): the end of the last one before it that is not. */
uint32_t
node_end_scan(const Parser *p)
{
    for (uint32_t i = tok_pos(p); i > 0; i--) {
        const Token *t = &p->toks[i - 1];
        if (t->kind != TOK_NEWLINE && t->kind != TOK_INDENT && t->kind != TOK_DEDENT)
            return t->end;
    }
    return 0;
}

/* ---------------------------------------------------------------------------------------------- */
/* Errors */

static void record_error(Parser *p, const char *kind, uint32_t start, uint32_t end, const char *fmt,
                         va_list ap) PRINTF_LIKE(5, 0);

static void
record_error(Parser *p, const char *kind, uint32_t start, uint32_t end, const char *fmt, va_list ap)
{
    if (p->err->set)
        return;
    SyntaxErr *e = p->err;
    e->set = true;
    e->kind = kind;
    if (p->speculating) {
        e->msg = "speculation failed"; /* discarded by spec_fail */
        return;
    }
    char buf[512];
    vsnprintf(buf, sizeof buf, fmt, ap);
    const Token *far = &p->toks[p->max_pos > tok_pos(p) ? p->max_pos : tok_pos(p)];
    p->err_far_line = lineindex_line(p->lines, far->start);
    p->err_far_lex = far->kind == TOK_ERROR;
    e->msg = arena_strdup(p->a, buf);
    if (start > p->src->len)
        start = p->src->len;
    if (end < start)
        end = start;
    if (end > p->src->len)
        end = p->src->len;
    e->line = lineindex_line(p->lines, start);
    e->col = lineindex_char_col(p->lines, start) + 1;
    e->end_line = lineindex_line(p->lines, end);
    e->end_col = lineindex_char_col(p->lines, end) + 1;
}

/* syntax_error: records the first error as a SyntaxError over [start, end); returns NULL. */
void *
syntax_error(Parser *p, uint32_t start, uint32_t end, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    record_error(p, "SyntaxError", start, end, fmt, ap);
    va_end(ap);
    return NULL;
}

/* indent_error: like syntax_error, as an IndentationError. */
void *
indent_error(Parser *p, uint32_t start, uint32_t end, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    record_error(p, "IndentationError", start, end, fmt, ap);
    va_end(ap);
    return NULL;
}

/* error_no_column: an error at a token CPython gives no column (INDENT, DEDENT, ENDMARKER): its
 * message then carries the tokenizer's cursor as the (1-based) offset, col, and no end column. */
void *
error_no_column(Parser *p, const char *kind, uint32_t at_off, uint32_t col, const char *msg)
{
    bool was_set = p->err->set;
    if (!strcmp(kind, "IndentationError"))
        indent_error(p, at_off, at_off, "%s", msg);
    else
        syntax_error(p, at_off, at_off, "%s", msg);
    if (!was_set && !p->speculating) {
        p->err->col = col;
        p->err->end_col = 0;
    }
    return NULL;
}

/* eof_offset: where CPython's tokenizer stands at the end of the file: the end of the last line,
 * whose width (newline included) is the column its errors there carry. */
uint32_t
eof_offset(const Parser *p)
{
    uint32_t last = p->src->len;
    if (last > 0 && p->text[last - 1] == '\n')
        last--;
    return last;
}

/* at_eof: t is the ENDMARKER or one of the DEDENTs before it */
bool
at_eof(const Parser *p, const Token *t)
{
    if (t->kind != TOK_ENDMARKER && t->kind != TOK_DEDENT)
        return false;
    for (const Token *u = t; u < p->toks + p->ntoks; u++)
        if (u->kind != TOK_DEDENT && u->kind != TOK_ENDMARKER)
            return false;
    return true;
}

/* eof_error: a generic error at the end of the file: the last line, column 0 for the ENDMARKER
 * (CPython's generic errors add 1 to its column of -1), the line's width for a DEDENT
 * ("unexpected unindent"). */
static void *
eof_error(Parser *p, const Token *t, const char *msg)
{
    uint32_t last = eof_offset(p);
    if (t->kind == TOK_ENDMARKER)
        return error_no_column(p, "SyntaxError", last, 0, msg);
    return error_no_column(p, "IndentationError", last, lineindex_char_col(p->lines, last) + 1,
                           "unexpected unindent");
}

/* error_here: msg where CPython's location-less RAISE_SYNTAX_ERROR puts it (see parser_internal.h).
 */
void *
error_here(Parser *p, const char *msg)
{
    const Token *t = cur(p);
    if (t->kind == TOK_INDENT) { /* the tokenizer's cursor, past the indentation */
        uint32_t at_off = peek(p, 1)->start;
        return error_no_column(p, "SyntaxError", at_off, lineindex_char_col(p->lines, at_off), msg);
    }
    if (at_eof(p, t)) {
        uint32_t last = eof_offset(p);
        return error_no_column(p, "SyntaxError", last, lineindex_char_col(p->lines, last) + 1, msg);
    }
    return syntax_error(p, t->start, t->end, "%s", msg);
}

/* error_at_cur: CPython reports a generic failure at the last token it read; an INDENT or DEDENT
 * there is "unexpected indent" / "unexpected unindent" (IndentationError, and a later tokenizer
 * error does not replace it). */
void *
error_at_cur(Parser *p, const char *msg)
{
    const Token *t = cur(p);
    if (t->kind == TOK_ERROR && !p->err->set) {
        if (p->speculating)
            return syntax_error(p, t->start, t->end, "%s", msg);
        *p->err = p->lx->err;
        if (!p->err->set) {
            p->err->set = true;
            p->err->kind = "SyntaxError";
            p->err->msg = "invalid syntax";
        }
        return NULL;
    }
    if (p->far > tok_pos(p) && !p->speculating && t->kind != TOK_INDENT && t->kind != TOK_DEDENT) {
        const Token *f = &p->toks[p->far];
        if (at_eof(p, f) && f->kind == TOK_ENDMARKER)
            return eof_error(p, f, msg);
        if (f->kind != TOK_ERROR && f->kind != TOK_DEDENT && f->kind != TOK_ENDMARKER)
            return syntax_error(p, f->start, f->end, "%s", msg);
    }
    if (!p->err->set && at_eof(p, t))
        return eof_error(p, t, msg);
    if (t->kind == TOK_INDENT || t->kind == TOK_DEDENT) {
        if (p->err->set)
            return NULL;
        /* the line of the indented statement and the width of the indentation */
        uint32_t at_off = t->kind == TOK_INDENT ? peek(p, 1)->start : t->start;
        uint32_t col = lineindex_char_col(p->lines, at_off);
        return error_no_column(p, "IndentationError", at_off, col ? col : 1,
                               t->kind == TOK_INDENT ? "unexpected indent" : "unexpected unindent");
    }
    return syntax_error(p, t->start, t->end, "%s", msg);
}

/* expect: the token k, or "invalid syntax" where CPython reports it; NULL then. */
const Token *
expect(Parser *p, TokKind k)
{
    if (at(p, k))
        return advance(p);
    return error_at_cur(p, "invalid syntax");
}

/* expect_msg: the token k, or msg at the current token; NULL then. */
const Token *
expect_msg(Parser *p, TokKind k, const char *msg)
{
    if (at(p, k))
        return advance(p);
    if (at(p, TOK_ERROR) || at(p, TOK_INDENT) || at(p, TOK_DEDENT))
        return error_at_cur(p, msg);
    return syntax_error(p, cur(p)->start, cur(p)->end, "%s", msg);
}

/* depth_error: depth_enter past PARSE_MAX_DEPTH: records "too many nested expressions" at at_off
 * and returns false (no depth is taken then). */
bool
depth_error(Parser *p, uint32_t at_off)
{
    p->depth--;
    syntax_error(p, at_off, at_off, "too many nested expressions");
    return false;
}

/* spec_begin: starts a trial; errors recorded during it are cheap and thrown away by spec_fail. */
void
spec_begin(Parser *p, Spec *s)
{
    s->pos = tok_pos(p);
    s->depth = p->depth;
    s->nscratch = p->nscratch;
    s->saved = *p->err;
    p->speculating++;
}

/* spec_fail: abandons the trial: position, depth, scratch stack and error as they were. */
void
spec_fail(Parser *p, Spec *s)
{
    set_pos(p, s->pos);
    p->depth = s->depth;
    p->nscratch = s->nscratch;
    *p->err = s->saved;
    p->speculating--;
}

/* spec_end: keeps what the trial parsed. */
void
spec_end(Parser *p, Spec *s)
{
    (void)s;
    p->speculating--;
}

/* ---------------------------------------------------------------------------------------------- */
/* Nodes and sequences */

/* name_ident: the interned (NFKC-normalised) identifier of a NAME token. */
Ident
name_ident(Parser *p, const Token *t)
{
    return intern_ident(p->in, p->text + t->start, t->end - t->start);
}

/* name_expr: a Name node for a NAME token. */
Expr *
name_expr(Parser *p, const Token *t, ExprContext ctx)
{
    Expr *e = expr_new(p, E_Name, t->start, t->end);
    e->v.Name.id = name_ident(p, t);
    e->v.Name.ctx = ctx;
    return e;
}

/* scratch_grow: makes room on the scratch stack (see scratch_push). */
void
scratch_grow(Parser *p)
{
    p->capscratch = p->capscratch ? p->capscratch * 2 : 256;
    p->scratch = xrealloc(p->scratch, sizeof(void *) * (size_t)p->capscratch);
}

/* POP_SEQ: copies scratch[mark..top) into an exact-size arena array of T* and pops it. */
#define POP_SEQ(fn, SeqT, T)                                                                       \
    SeqT fn(Parser *p, uint32_t mark)                                                              \
    {                                                                                              \
        SeqT s = { NULL, 0 };                                                                      \
        uint32_t n = p->nscratch - mark;                                                           \
        if (n) {                                                                                   \
            s.items = arena_alloc(p->a, sizeof(T *) * (size_t)n);                                  \
            for (uint32_t i = 0; i < n; i++)                                                       \
                s.items[i] = (T *)p->scratch[mark + i];                                            \
            s.len = n;                                                                             \
        }                                                                                          \
        p->nscratch = mark;                                                                        \
        return s;                                                                                  \
    }
POP_SEQ(pop_exprs, ExprSeq, Expr)
POP_SEQ(pop_stmts, StmtSeq, Stmt)
POP_SEQ(pop_patterns, PatternSeq, Pattern)
POP_SEQ(pop_args, ArgSeq, Arg)
POP_SEQ(pop_keywords, KeywordSeq, Keyword)
POP_SEQ(pop_aliases, AliasSeq, Alias)
POP_SEQ(pop_withitems, WithItemSeq, WithItem)
POP_SEQ(pop_comprehensions, ComprehensionSeq, Comprehension)
POP_SEQ(pop_handlers, ExceptHandlerSeq, ExceptHandler)
POP_SEQ(pop_cases, MatchCaseSeq, MatchCase)
POP_SEQ(pop_typeparams, TypeParamSeq, TypeParam)
#undef POP_SEQ

/* pop_idents: like the pop_* functions above, for identifiers. */
IdentSeq
pop_idents(Parser *p, uint32_t mark)
{
    IdentSeq s = { NULL, 0 };
    uint32_t n = p->nscratch - mark;
    if (n) {
        s.items = arena_alloc(p->a, sizeof(Ident) * (size_t)n);
        for (uint32_t i = 0; i < n; i++)
            s.items[i] = (Ident)p->scratch[mark + i];
        s.len = n;
    }
    p->nscratch = mark;
    return s;
}

ExprSeq
expr_seq1(Parser *p, Expr *e)
{
    ExprSeq s;
    s.items = arena_alloc(p->a, sizeof(Expr *));
    s.items[0] = e;
    s.len = 1;
    return s;
}

/* ---------------------------------------------------------------------------------------------- */
/* Targets */

/* expr_name: how CPython's messages name an expression (_PyPegen_get_expr_name). */
const char *
expr_name(const Expr *e)
{
    switch (e->kind) {
    case E_Attribute:
        return "attribute";
    case E_Subscript:
        return "subscript";
    case E_Starred:
        return "starred";
    case E_Name:
        return "name";
    case E_List:
        return "list";
    case E_Tuple:
        return "tuple";
    case E_Lambda:
        return "lambda";
    case E_Call:
        return "function call";
    case E_BoolOp:
    case E_BinOp:
    case E_UnaryOp:
        return "expression";
    case E_GeneratorExp:
        return "generator expression";
    case E_Yield:
    case E_YieldFrom:
        return "yield expression";
    case E_Await:
        return "await expression";
    case E_ListComp:
        return "list comprehension";
    case E_SetComp:
        return "set comprehension";
    case E_DictComp:
        return "dict comprehension";
    case E_Dict:
        return "dict literal";
    case E_Set:
        return "set display";
    case E_JoinedStr:
    case E_FormattedValue:
        return "f-string expression";
    case E_TemplateStr:
    case E_Interpolation:
        return "t-string expression";
    case E_Constant:
        switch (e->v.Constant.kind) {
        case CONST_NONE:
            return "None";
        case CONST_FALSE:
            return "False";
        case CONST_TRUE:
            return "True";
        case CONST_ELLIPSIS:
            return "ellipsis";
        default:
            return "literal";
        }
    case E_Compare:
        return "comparison";
    case E_IfExp:
        return "conditional expression";
    case E_NamedExpr:
        return "named expression";
    case E_Slice:
        return "slice";
    case E_KIND_COUNT:
        break;
    }
    return "expression";
}

/* invalid_target: CPython's _PyPegen_get_invalid_target: the part of e that cannot be assigned to
 * (or deleted), or NULL. */
const Expr *
invalid_target(const Expr *e, TargetKind kind)
{
    /* Iterative over the last element of containers would not bound anything: containers come from
     * bracketed source, at most LEX_MAX_PAREN deep, so plain recursion is bounded. */
    switch (e->kind) {
    case E_List:
    case E_Tuple: {
        const ExprSeq *elts = e->kind == E_List ? &e->v.List.elts : &e->v.Tuple.elts;
        for (uint32_t i = 0; i < elts->len; i++) {
            const Expr *bad = invalid_target(elts->items[i], kind);
            if (bad)
                return bad;
        }
        return NULL;
    }
    case E_Starred:
        if (kind == TARGET_DEL)
            return e;
        return invalid_target(e->v.Starred.value, kind);
    case E_Compare:
        /* `for a in b` reaches here as a comparison; look at its left side */
        if (kind == TARGET_FOR) {
            if (e->v.Compare.ops[0] == CMP_IN)
                return invalid_target(e->v.Compare.left, kind);
            return NULL;
        }
        return e;
    case E_Name:
    case E_Subscript:
    case E_Attribute:
        return NULL;
    default:
        return e;
    }
}

/* set_target_ctx: marks a target Store or Del all the way down (Name, Attribute, Subscript,
 * Starred, List, Tuple), or records "cannot assign to X" / "cannot delete X" and returns false. */
bool
set_target_ctx(Parser *p, Expr *e, ExprContext ctx, TargetKind kind)
{
    const Expr *bad = invalid_target(e, kind);
    if (bad) {
        if (kind == TARGET_DEL)
            syntax_error(p, bad->start, bad->end, "cannot delete %s", expr_name(bad));
        else
            syntax_error(p, bad->start, bad->end, "cannot assign to %s", expr_name(bad));
        return false;
    }
    /* Walk with an explicit stack: only List/Tuple/Starred nest. */
    Expr *stack[64];
    int top = 0;
    stack[top++] = e;
    while (top > 0) {
        Expr *x = stack[--top];
        switch (x->kind) {
        case E_Name:
            x->v.Name.ctx = ctx;
            break;
        case E_Attribute:
            x->v.Attribute.ctx = ctx;
            break;
        case E_Subscript:
            x->v.Subscript.ctx = ctx;
            break;
        case E_Starred:
            x->v.Starred.ctx = ctx;
            if (top < 64)
                stack[top++] = x->v.Starred.value;
            else
                set_target_ctx(p, x->v.Starred.value, ctx, kind);
            break;
        case E_List:
        case E_Tuple: {
            ExprSeq *elts = x->kind == E_List ? &x->v.List.elts : &x->v.Tuple.elts;
            if (x->kind == E_List)
                x->v.List.ctx = ctx;
            else
                x->v.Tuple.ctx = ctx;
            for (uint32_t i = 0; i < elts->len; i++) {
                if (top < 64)
                    stack[top++] = elts->items[i];
                else
                    set_target_ctx(p, elts->items[i], ctx, kind);
            }
            break;
        }
        default:
            break;
        }
    }
    return true;
}

/* starts_with_display: the `!(list|tuple|genexp|'True'|'None'|'False')` lookahead of
 * invalid_named_expression, from the parsed expression's left spine. */
bool
starts_with_display(const Expr *e, uint32_t start)
{
    for (;;) {
        switch (e->kind) {
        case E_Attribute:
            e = e->v.Attribute.value;
            continue;
        case E_Subscript:
            e = e->v.Subscript.value;
            continue;
        case E_Call:
            e = e->v.Call.func;
            continue;
        case E_BinOp:
            e = e->v.BinOp.left;
            continue;
        default:
            break;
        }
        break;
    }
    if (e->start != start) /* a parenthesized group */
        return false;
    if (e->kind == E_Constant)
        return e->v.Constant.kind == CONST_TRUE || e->v.Constant.kind == CONST_FALSE ||
               e->v.Constant.kind == CONST_NONE;
    return e->kind == E_List || e->kind == E_Tuple || e->kind == E_GeneratorExp;
}

/* ---------------------------------------------------------------------------------------------- */
/* Entry points */

/* lex_error_wins: whether the tokenizer error that ends lx replaces the parser's error, as in
 * CPython's _PyPegen_tokenize_full_source_to_check_for_errors: only errors its tokenizer raises as
 * exceptions (not bad dedents, too deep indentation, a bad line continuation, EOF, or the stray
 * characters its tokenizer passes on as operators), an unclosed
 * bracket at the end of the file only when opened on a line before the last token the parser read
 * (far_line), and no error met inside an f-string or t-string. */
static bool
lex_error_wins(const Lexer *lx, uint32_t far_line)
{
    static const char *const silent[] = {
        "unindent does not match any outer indentation level",
        "too many levels of indentation",
        "unexpected character after line continuation character",
        "unexpected EOF while parsing",
        "invalid syntax", /* '$', '?', '`': an operator token CPython's parser rejects */
    };
    if (!lx->err.msg)
        return true;
    for (size_t i = 0; i < ARRAY_LEN(silent); i++)
        if (!strcmp(lx->err.msg, silent[i]))
            return false;
    if (strstr(lx->err.msg, "was never closed"))
        return far_line > lx->err.line;
    int fdepth = 0;
    for (uint32_t i = 0; i + 1 < lx->ntokens; i++) {
        TokKind k = (TokKind)lx->tokens[i].kind;
        if (k == TOK_FSTRING_START || k == TOK_TSTRING_START)
            fdepth++;
        else if (k == TOK_FSTRING_END || k == TOK_TSTRING_END)
            fdepth--;
    }
    return fdepth <= 0;
}

/* parse_module: parses the tokens in lx (over src) into a Module in arena a. On a syntax error
 * returns NULL and fills err; as in CPython, a tokenizer error anywhere in the file takes
 * precedence over a parser error before it (CPython tokenizes the rest of the file to look for
 * one), except for "unexpected indent"/"unexpected unindent". */
Module *
parse_module(Arena *a, const Source *src, Lexer *lx, const LineIndex *lines, SyntaxErr *err)
{
    memset(err, 0, sizeof *err);
    Parser parser;
    memset(&parser, 0, sizeof parser);
    Parser *p = &parser;
    p->a = a;
    p->src = src;
    p->text = src->text;
    p->lines = lines;
    p->lx = lx;
    p->toks = lx->tokens;
    p->ntoks = lx->ntokens;
    p->tok = p->toks;
    p->last = p->ntoks ? p->toks + p->ntoks - 1 : p->toks;
    p->err = err;
    p->in = intern_new(a);
    p->star_ident = intern_ident(p->in, "*", 1);
    bool lex_failed = lx->ntokens == 0 || lx->tokens[lx->ntokens - 1].kind == TOK_ERROR;
    if (lx->ntokens == 0) {
        *err = lx->err;
        if (!err->set) {
            err->set = true;
            err->kind = "SyntaxError";
            err->msg = "invalid syntax";
        }
        return NULL;
    }
    bool ok = true;
    StmtSeq body = parse_file_body(p, &ok);
    free(p->scratch);
    if (!ok || err->set) {
        bool indent_msg =
            err->set && err->msg &&
            (!strcmp(err->msg, "unexpected indent") || !strcmp(err->msg, "unexpected unindent"));
        if (lex_failed && lx->err.set && !indent_msg &&
            (p->err_far_lex || lex_error_wins(lx, p->err_far_line)))
            *err = lx->err;
        if (!err->set) {
            err->set = true;
            err->kind = "SyntaxError";
            err->msg = "invalid syntax";
        }
        return NULL;
    }
    Module *m = arena_alloc(a, sizeof *m);
    m->body = body;
    return m;
}

/* parse_source: decode, index lines, tokenize and parse; everything in arena a. */
int
parse_source(ParsedFile *pf, Arena *a, const char *path, const char *raw, size_t n)
{
    memset(pf, 0, sizeof *pf);
    if (source_decode(a, path, raw, n, &pf->src, &pf->err) != 0) {
        if (!pf->err.set) {
            pf->err.set = true;
            pf->err.kind = "SyntaxError";
            pf->err.msg = "cannot decode source";
        }
        return -1;
    }
    lineindex_build(&pf->lines, a, pf->src.text, pf->src.len);
    lex_tokenize(&pf->lex, a, &pf->src);
    pf->mod = parse_module(a, &pf->src, &pf->lex, &pf->lines, &pf->err);
    return pf->mod ? 0 : -1;
}
