/* parser_internal: state and helpers shared by the parser's files (parser.c: core, errors, targets
 * and the entry points; parser_expr.c: expressions; parser_string.c: strings, f-strings and
 * t-strings; parser_stmt.c: statements and parameters; parser_pattern.c: match statements and
 * patterns).
 *
 * Conventions: every parse function returns NULL after recording the first error (callers propagate
 * with `if (!x) return NULL;`). Node positions follow CPython's EXTRA: a node starts at the first
 * token of its rule and ends at the last token the rule consumed, NEWLINE/INDENT/DEDENT excepted.
 */
#ifndef ASYNCREVIEW_PARSE_PARSER_INTERNAL_H
#define ASYNCREVIEW_PARSE_PARSER_INTERNAL_H

#include "parse/literal.h"
#include "parse/parser.h"

#include <string.h>

typedef struct Parser {
    Arena *a;
    const Source *src;
    const char *text;
    const LineIndex *lines;
    const Lexer *lx;
    const Token *toks;
    uint32_t ntoks;
    const Token *tok;      /* the current token (tok_pos gives its index); never beyond `last` */
    const Token *last;     /* the last token (ENDMARKER or ERROR) */
    uint32_t max_pos;      /* furthest token reached as of the last backward jump (set_pos); the
                              furthest reached overall (CPython's last token read, speculation
                              included) is the larger of max_pos and pos */
    uint32_t err_far_line; /* line of max_pos when the first error was recorded */
    bool err_far_lex;      /* ... and max_pos was the tokenizer's ERRORTOKEN */
    int depth; /* nesting of recursive rules and of left-deep chains, bounded by PARSE_MAX_DEPTH */
    int speculating; /* > 0 while trying an alternative whose errors are thrown away */
    SyntaxErr *err;
    Interner *in;
    /* Scratch stack for sequences being built: push items, then copy [mark, top) into the arena. */
    void **scratch;
    uint32_t nscratch, capscratch;
    Ident star_ident;       /* "*" for `from m import *` */
    const Expr *bare_tuple; /* the last Tuple star_expressions made without parentheses */
    uint32_t far;           /* furthest token a failed structural trial reached (CPython reports
                               generic errors at the last token it read) */
    uint32_t match_newline; /* NEWLINE after `match SUBJECT` that was not a match statement */
} Parser;

/* --- tokens --- */
/* The current token is a pointer, not an index, since every rule looks at it, often several
 * times: p->tok->kind is one load less than p->toks[p->pos].kind. */
static inline uint32_t
tok_pos(const Parser *p)
{
    return (uint32_t)(p->tok - p->toks);
}
static inline const Token *
cur(const Parser *p)
{
    return p->tok;
}
static inline TokKind
cur_kind(const Parser *p)
{
    return (TokKind)p->tok->kind;
}
static inline bool
at(const Parser *p, TokKind k)
{
    return p->tok->kind == k;
}
/* peek: the token n places ahead (clamped to the last token). */
static inline const Token *
peek(const Parser *p, uint32_t n)
{
    return (uint32_t)(p->last - p->tok) < n ? p->last : p->tok + n;
}
static inline TokKind
peek_kind(const Parser *p, uint32_t n)
{
    return (TokKind)peek(p, n)->kind;
}
static inline const Token *
advance(Parser *p)
{
    const Token *t = p->tok;
    if (t != p->last)
        p->tok = t + 1;
    return t;
}
/* set_pos: moves to token index pos, backward after a trial, keeping max_pos (advance only moves
 * forward, so the furthest point is known at every backward jump). */
static inline void
set_pos(Parser *p, uint32_t pos)
{
    if (tok_pos(p) > p->max_pos)
        p->max_pos = tok_pos(p);
    p->tok = p->toks + pos;
}
static inline bool
accept(Parser *p, TokKind k)
{
    if (!at(p, k))
        return false;
    advance(p);
    return true;
}
/* tok_is_name: a NAME token spelled exactly s (soft keywords: match, case, type, _). */
static inline bool
tok_is_name(const Parser *p, const Token *t, const char *s)
{
    size_t n = strlen(s);
    return t->kind == TOK_NAME && t->end - t->start == n && memcmp(p->text + t->start, s, n) == 0;
}
/* tok_start: start of the current token, the start of any rule beginning here. */
static inline uint32_t
tok_start(const Parser *p)
{
    return p->tok->start;
}
/* node_end: CPython's EXTRA end: the end of the last consumed token that is not NEWLINE, INDENT or
 * DEDENT. Inline for the usual case, where that is the token just consumed. */
uint32_t node_end_scan(const Parser *p);
static inline uint32_t
node_end(const Parser *p)
{
    if (p->tok != p->toks) {
        const Token *t = p->tok - 1;
        if (t->kind != TOK_NEWLINE && t->kind != TOK_INDENT && t->kind != TOK_DEDENT)
            return t->end;
    }
    return node_end_scan(p);
}

/* --- errors --- */
/* syntax_error: records "SyntaxError: msg" spanning [start, end) unless an error is already set;
 * returns NULL so callers can `return syntax_error(...)`. */
void *syntax_error(Parser *p, uint32_t start, uint32_t end, const char *fmt, ...) PRINTF_LIKE(4, 5);
void *indent_error(Parser *p, uint32_t start, uint32_t end, const char *fmt, ...) PRINTF_LIKE(4, 5);
/* error_at_cur: "invalid syntax"-style error at the current token (or the lexer's error when the
 * current token is its ERRORTOKEN). */
void *error_at_cur(Parser *p, const char *msg);
/* error_no_column: kind ("SyntaxError", "IndentationError") and msg at at_off with the given column
 * and no end column, as CPython reports errors at its column-less tokens. */
void *error_no_column(Parser *p, const char *kind, uint32_t at_off, uint32_t col, const char *msg);
/* eof_offset: the end of the file's last line; at_eof: t is the ENDMARKER or a DEDENT before it. */
uint32_t eof_offset(const Parser *p);
bool at_eof(const Parser *p, const Token *t);
/* error_here: msg at the current token, as CPython's RAISE_SYNTAX_ERROR (no location) gives it: at
 * the end of the file, just past the last line. */
void *error_here(Parser *p, const char *msg);
/* expect: consumes a token of kind k or records "invalid syntax" at the current token. */
const Token *expect(Parser *p, TokKind k);
/* expect_msg: consumes k, or records msg (e.g. "expected ':'") at the current token. */
const Token *expect_msg(Parser *p, TokKind k, const char *msg);
/* depth_enter: bumps the nesting depth; false (error recorded) when it passes PARSE_MAX_DEPTH. */
bool depth_error(Parser *p, uint32_t at_off);
static inline bool
depth_enter(Parser *p, uint32_t at_off)
{
    if (++p->depth > PARSE_MAX_DEPTH)
        return depth_error(p, at_off);
    return true;
}
static inline void
depth_leave(Parser *p)
{
    p->depth--;
}

/* Speculation: try an alternative and roll back (position and error) if it fails. */
typedef struct Spec {
    uint32_t pos;
    int depth;
    uint32_t nscratch;
    SyntaxErr saved;
} Spec;
void spec_begin(Parser *p, Spec *s);
/* spec_fail: rolls back to the start of the speculation and clears the error it produced. */
void spec_fail(Parser *p, Spec *s);
void spec_end(Parser *p, Spec *s);

/* --- nodes and sequences --- */
/* expr_new, stmt_new, pattern_new: zeroed nodes in the file's arena (inline: one or two per
 * token). */
static inline Expr *
expr_new(Parser *p, ExprKind kind, uint32_t start, uint32_t end)
{
    Expr *e = arena_zalloc(p->a, sizeof *e);
    e->kind = kind;
    e->start = start;
    e->end = end;
    return e;
}
static inline Stmt *
stmt_new(Parser *p, StmtKind kind, uint32_t start, uint32_t end)
{
    Stmt *s = arena_zalloc(p->a, sizeof *s);
    s->kind = kind;
    s->start = start;
    s->end = end;
    return s;
}
static inline Pattern *
pattern_new(Parser *p, PatternKind kind, uint32_t start, uint32_t end)
{
    Pattern *pt = arena_zalloc(p->a, sizeof *pt);
    pt->kind = kind;
    pt->start = start;
    pt->end = end;
    return pt;
}
Ident name_ident(Parser *p, const Token *t);
Expr *name_expr(Parser *p, const Token *t, ExprContext ctx);

static inline uint32_t
scratch_mark(const Parser *p)
{
    return p->nscratch;
}
void scratch_grow(Parser *p);
/* scratch_push: pushes an item of a sequence being built (the stack is malloc'd, freed at the end
 * of parse_module). */
static inline void
scratch_push(Parser *p, void *item)
{
    if (p->nscratch == p->capscratch)
        scratch_grow(p);
    p->scratch[p->nscratch++] = item;
}
ExprSeq pop_exprs(Parser *p, uint32_t mark);
StmtSeq pop_stmts(Parser *p, uint32_t mark);
PatternSeq pop_patterns(Parser *p, uint32_t mark);
ArgSeq pop_args(Parser *p, uint32_t mark);
KeywordSeq pop_keywords(Parser *p, uint32_t mark);
AliasSeq pop_aliases(Parser *p, uint32_t mark);
WithItemSeq pop_withitems(Parser *p, uint32_t mark);
ComprehensionSeq pop_comprehensions(Parser *p, uint32_t mark);
ExceptHandlerSeq pop_handlers(Parser *p, uint32_t mark);
MatchCaseSeq pop_cases(Parser *p, uint32_t mark);
TypeParamSeq pop_typeparams(Parser *p, uint32_t mark);
IdentSeq pop_idents(Parser *p, uint32_t mark);
ExprSeq expr_seq1(Parser *p, Expr *e);

/* --- targets (parser.c) --- */
typedef enum TargetKind { TARGET_STAR, TARGET_FOR, TARGET_DEL } TargetKind;
/* expr_name: CPython's _PyPegen_get_expr_name ("function call", "literal", ...). */
const char *expr_name(const Expr *e);
/* invalid_target: the first sub-expression that cannot be a target, or NULL. */
const Expr *invalid_target(const Expr *e, TargetKind kind);
/* starts_with_display: whether e (which starts at offset start) begins with a list, tuple or
 * generator display or True/False/None, the lookahead of CPython's invalid_named_expression. */
bool starts_with_display(const Expr *e, uint32_t start);
/* set_target_ctx: turns an expression parsed as Load into a target (Store or Del), recursively;
 * records "cannot assign to X" / "cannot delete X" and returns false when it cannot be one. */
bool set_target_ctx(Parser *p, Expr *e, ExprContext ctx, TargetKind kind);

/* --- expressions (parser_expr.c) --- */
extern const bool expr_starts[TOK_KIND_COUNT];
/* can_start_expr: whether a token of kind k can begin an expression (not counting '*'). */
static inline bool
can_start_expr(TokKind k)
{
    return expr_starts[k];
}
Expr *parse_expression(Parser *p);
Expr *parse_named_expression(Parser *p);
Expr *parse_star_expressions(Parser *p);
Expr *parse_star_expression(Parser *p);
Expr *parse_star_named_expression(Parser *p);
Expr *parse_disjunction(Parser *p);
Expr *parse_bitwise_or(Parser *p);
Expr *parse_primary(Parser *p);
Expr *parse_yield_expr(Parser *p);
/* parse_annotated_rhs: yield_expr | star_expressions */
Expr *parse_annotated_rhs(Parser *p);
/* parse_star_targets: the targets of `for` loops and comprehensions (a tuple when comma separated).
 */
Expr *parse_star_targets(Parser *p);
/* parse_star_target: one target (with `*`), for `with ... as`; with validate false the caller
 * checks it with set_target_ctx once the lookahead is known. */
Expr *parse_star_target(Parser *p, bool validate);
/* parse_call_args: the arguments of a class definition's bases, after the '(' at lparen, up to and
 * including the ')' (a lone generator expression is not allowed there). */
bool parse_call_args(Parser *p, const Token *lparen, ExprSeq *args, KeywordSeq *keywords);
Expr *parse_number(Parser *p);
Expr *parse_signed_number(Parser *p);

/* --- strings (parser_string.c) --- */
/* parse_strings: one or more adjacent STRING / f-string / t-string literals. */
Expr *parse_strings(Parser *p);

/* --- statements (parser_stmt.c) --- */
StmtSeq parse_file_body(Parser *p, bool *ok);
/* parse_block: the body after a compound statement's ':'; kw is the statement's keyword token and
 * what names it in "expected an indented block after ..." */
bool parse_block(Parser *p, const Token *kw, const char *what, StmtSeq *out);
/* missing_block: records the IndentationError for a header (keyword kw, WHAT) whose NEWLINE, the
 * current token, is not followed by an INDENT; returns NULL. */
void *missing_block(Parser *p, const Token *kw, const char *what);
/* parse_params: def parameters up to ')' (is_lambda false) or lambda parameters up to ':'. */
Arguments *parse_params(Parser *p, bool is_lambda);
Arguments *empty_arguments(Parser *p);

/* --- patterns (parser_pattern.c) --- */
/* parse_match_stmt: the `match` statement at the current "match" NAME; returns NULL with no error
 * set when the line is not a match statement (the caller then parses an ordinary statement). */
Stmt *parse_match_stmt(Parser *p, bool *not_match);

#endif
