/* dump: CPython 3.11's ast.dump(..., include_attributes=True) of a parsed file (see dump.h). */
#include "parse/dump.h"

#include "parse/pyrepr.h"

#include <string.h>

typedef struct Span {
    uint32_t start, end;
} Span;

typedef struct Dumper {
    StrBuf *out;
    const LineIndex *li;
    const Token *toks; /* the file's tokens, to find the string piece holding a format spec */
    uint32_t ntoks;
    uint32_t depth;
    bool too_deep;
    uint32_t in_tstring; /* inside a t-string (3.14 only): no 3.11 position rules apply */
} Dumper;

static const char *const boolop_names[] = { "And", "Or" };
static const char *const operator_names[] = { "Add",    "Sub",    "Mult",    "MatMult", "Div",
                                              "Mod",    "Pow",    "LShift",  "RShift",  "BitOr",
                                              "BitXor", "BitAnd", "FloorDiv" };
static const char *const unaryop_names[] = { "Invert", "Not", "UAdd", "USub" };
static const char *const cmpop_names[] = { "Eq",  "NotEq", "Lt",    "LtE", "Gt",
                                           "GtE", "Is",    "IsNot", "In",  "NotIn" };
static const char *const ctx_names[] = { "Load", "Store", "Del" };

static void dump_expr_at(Dumper *d, const Expr *e, const Span *pos);
#define dump_expr(d, e) dump_expr_at((d), (e), NULL)
static void dump_stmt(Dumper *d, const Stmt *s);
static void dump_pattern(Dumper *d, const Pattern *pat);

/* ---- output helpers ---- */

/* sep: ", " between fields and list items; nothing right after an opening "(" or "[". */
static void
sep(Dumper *d)
{
    StrBuf *out = d->out;
    if (out->len && out->data[out->len - 1] != '(' && out->data[out->len - 1] != '[')
        sb_adds(out, ", ");
}

static void
key(Dumper *d, const char *name)
{
    sep(d);
    sb_adds(d->out, name);
    sb_addc(d->out, '=');
}

static void
open_node(Dumper *d, const char *name)
{
    sb_adds(d->out, name);
    sb_addc(d->out, '(');
}

static void
close_node(Dumper *d)
{
    sb_addc(d->out, ')');
}

/* attrs: lineno, col_offset, end_lineno, end_col_offset (UTF-8 byte columns), then ")". */
static void
attrs(Dumper *d, uint32_t start, uint32_t end)
{
    const LineIndex *li = d->li;
    key(d, "lineno");
    sb_printf(d->out, "%u, col_offset=%u, end_lineno=%u, end_col_offset=%u",
              lineindex_line(li, start), lineindex_byte_col(li, start), lineindex_line(li, end),
              lineindex_byte_col(li, end));
    close_node(d);
}

/* enter/leave: CPython's ast2obj depth guard, counted per node. */
static bool
enter(Dumper *d)
{
    if (++d->depth > DUMP_MAX_DEPTH)
        d->too_deep = true;
    return !d->too_deep;
}

static void
leave(Dumper *d)
{
    d->depth--;
}

static void
ident_repr(Dumper *d, Ident id)
{
    pyrepr_str(d->out, id, (uint32_t)strlen(id));
}

static void
f_ident(Dumper *d, const char *name, Ident id)
{
    key(d, name);
    if (id)
        ident_repr(d, id);
    else
        sb_adds(d->out, "None");
}

/* f_ident_opt: an `identifier?` field, left out when None. */
static void
f_ident_opt(Dumper *d, const char *name, Ident id)
{
    if (id)
        f_ident(d, name, id);
}

static void
f_idents(Dumper *d, const char *name, IdentSeq seq)
{
    key(d, name);
    sb_addc(d->out, '[');
    for (uint32_t i = 0; i < seq.len; i++) {
        sep(d);
        ident_repr(d, seq.items[i]);
    }
    sb_addc(d->out, ']');
}

static void
f_int(Dumper *d, const char *name, long long v)
{
    key(d, name);
    sb_printf(d->out, "%lld", v);
}

/* f_op: an operator or context field, e.g. `op=Add()`. */
static void
f_op(Dumper *d, const char *name, const char *const *names, size_t count, unsigned v)
{
    key(d, name);
    sb_adds(d->out, v < count ? names[v] : "?");
    sb_adds(d->out, "()");
}

#define F_OP(d, name, table, v) f_op((d), (name), (table), ARRAY_LEN(table), (unsigned)(v))

static void
f_expr(Dumper *d, const char *name, const Expr *e)
{
    key(d, name);
    if (e)
        dump_expr(d, e);
    else
        sb_adds(d->out, "None");
}

/* f_expr_opt: an `expr?` field, left out when None. */
static void
f_expr_opt(Dumper *d, const char *name, const Expr *e)
{
    if (e)
        f_expr(d, name, e);
}

/* f_exprs: an `expr*` field; NULL items (Dict keys for `**m`, absent kw_defaults) print None. */
static void
f_exprs(Dumper *d, const char *name, ExprSeq seq)
{
    key(d, name);
    sb_addc(d->out, '[');
    for (uint32_t i = 0; i < seq.len; i++) {
        sep(d);
        if (seq.items[i])
            dump_expr(d, seq.items[i]);
        else
            sb_adds(d->out, "None");
    }
    sb_addc(d->out, ']');
}

static void
f_stmts(Dumper *d, const char *name, StmtSeq seq)
{
    key(d, name);
    sb_addc(d->out, '[');
    for (uint32_t i = 0; i < seq.len; i++) {
        sep(d);
        dump_stmt(d, seq.items[i]);
    }
    sb_addc(d->out, ']');
}

static void
f_patterns(Dumper *d, const char *name, PatternSeq seq)
{
    key(d, name);
    sb_addc(d->out, '[');
    for (uint32_t i = 0; i < seq.len; i++) {
        sep(d);
        dump_pattern(d, seq.items[i]);
    }
    sb_addc(d->out, ']');
}

/* ---- helper nodes ---- */

static void
dump_arg(Dumper *d, const Arg *a)
{
    if (!enter(d))
        return;
    open_node(d, "arg");
    f_ident(d, "arg", a->arg);
    f_expr_opt(d, "annotation", a->annotation);
    attrs(d, a->start, a->end);
    leave(d);
}

static void
f_args(Dumper *d, const char *name, ArgSeq seq)
{
    key(d, name);
    sb_addc(d->out, '[');
    for (uint32_t i = 0; i < seq.len; i++) {
        sep(d);
        dump_arg(d, seq.items[i]);
    }
    sb_addc(d->out, ']');
}

static void
f_arguments(Dumper *d, const char *name, const Arguments *a)
{
    key(d, name);
    if (!enter(d))
        return;
    static const Arguments empty;
    if (!a)
        a = &empty; /* `lambda: 0` may come without an Arguments node */
    open_node(d, "arguments");
    f_args(d, "posonlyargs", a->posonlyargs);
    f_args(d, "args", a->args);
    if (a->vararg) {
        key(d, "vararg");
        dump_arg(d, a->vararg);
    }
    f_args(d, "kwonlyargs", a->kwonlyargs);
    f_exprs(d, "kw_defaults", a->kw_defaults);
    if (a->kwarg) {
        key(d, "kwarg");
        dump_arg(d, a->kwarg);
    }
    f_exprs(d, "defaults", a->defaults);
    close_node(d);
    leave(d);
}

static void
f_keywords(Dumper *d, const char *name, KeywordSeq seq)
{
    key(d, name);
    sb_addc(d->out, '[');
    for (uint32_t i = 0; i < seq.len && enter(d); i++, leave(d)) {
        const Keyword *k = seq.items[i];
        sep(d);
        open_node(d, "keyword");
        f_ident_opt(d, "arg", k->arg);
        f_expr(d, "value", k->value);
        attrs(d, k->start, k->end);
    }
    sb_addc(d->out, ']');
}

static void
f_aliases(Dumper *d, const char *name, AliasSeq seq)
{
    key(d, name);
    sb_addc(d->out, '[');
    for (uint32_t i = 0; i < seq.len && enter(d); i++, leave(d)) {
        const Alias *al = seq.items[i];
        sep(d);
        open_node(d, "alias");
        f_ident(d, "name", al->name);
        f_ident_opt(d, "asname", al->asname);
        attrs(d, al->start, al->end);
    }
    sb_addc(d->out, ']');
}

static void
f_withitems(Dumper *d, const char *name, WithItemSeq seq)
{
    key(d, name);
    sb_addc(d->out, '[');
    for (uint32_t i = 0; i < seq.len && enter(d); i++, leave(d)) {
        const WithItem *w = seq.items[i];
        sep(d);
        open_node(d, "withitem");
        f_expr(d, "context_expr", w->context_expr);
        f_expr_opt(d, "optional_vars", w->optional_vars);
        close_node(d);
    }
    sb_addc(d->out, ']');
}

static void
f_comprehensions(Dumper *d, const char *name, ComprehensionSeq seq)
{
    key(d, name);
    sb_addc(d->out, '[');
    for (uint32_t i = 0; i < seq.len && enter(d); i++, leave(d)) {
        const Comprehension *c = seq.items[i];
        sep(d);
        open_node(d, "comprehension");
        f_expr(d, "target", c->target);
        f_expr(d, "iter", c->iter);
        f_exprs(d, "ifs", c->ifs);
        f_int(d, "is_async", c->is_async);
        close_node(d);
    }
    sb_addc(d->out, ']');
}

static void
f_handlers(Dumper *d, const char *name, ExceptHandlerSeq seq)
{
    key(d, name);
    sb_addc(d->out, '[');
    for (uint32_t i = 0; i < seq.len && enter(d); i++, leave(d)) {
        const ExceptHandler *h = seq.items[i];
        sep(d);
        open_node(d, "ExceptHandler");
        f_expr_opt(d, "type", h->type);
        f_ident_opt(d, "name", h->name);
        f_stmts(d, "body", h->body);
        attrs(d, h->start, h->end);
    }
    sb_addc(d->out, ']');
}

static void
f_cases(Dumper *d, const char *name, MatchCaseSeq seq)
{
    key(d, name);
    sb_addc(d->out, '[');
    for (uint32_t i = 0; i < seq.len && enter(d); i++, leave(d)) {
        const MatchCase *c = seq.items[i];
        sep(d);
        open_node(d, "match_case");
        key(d, "pattern");
        dump_pattern(d, c->pattern);
        f_expr_opt(d, "guard", c->guard);
        f_stmts(d, "body", c->body);
        close_node(d);
    }
    sb_addc(d->out, ']');
}

static void
f_type_params(Dumper *d, const char *name, TypeParamSeq seq)
{
    static const char *const kinds[] = { "TypeVar", "ParamSpec", "TypeVarTuple" };
    key(d, name);
    sb_addc(d->out, '[');
    for (uint32_t i = 0; i < seq.len && enter(d); i++, leave(d)) {
        const TypeParam *tp = seq.items[i];
        sep(d);
        open_node(d, tp->kind < ARRAY_LEN(kinds) ? kinds[tp->kind] : "?");
        f_ident(d, "name", tp->name);
        if (tp->kind == TP_TypeVar)
            f_expr_opt(d, "bound", tp->bound);
        f_expr_opt(d, "default_value", tp->default_value);
        attrs(d, tp->start, tp->end);
    }
    sb_addc(d->out, ']');
}

/* ---- f-strings (3.11 positions) ---- */

/* piece_span: the string token (a STRING, or FSTRING_START .. its FSTRING_END) of the concatenation
 * `whole` that contains offset `at`; `whole` itself when the tokens do not tell. */
static Span
piece_span(const Dumper *d, Span whole, uint32_t at)
{
    uint32_t lo = 0, hi = d->ntoks; /* first token starting at or after whole.start */
    while (lo < hi) {
        uint32_t mid = lo + (hi - lo) / 2;
        if (d->toks[mid].start < whole.start)
            lo = mid + 1;
        else
            hi = mid;
    }
    uint32_t depth = 0, piece_start = whole.start;
    for (uint32_t i = lo; i < d->ntoks && d->toks[i].start < whole.end; i++) {
        const Token *t = &d->toks[i];
        switch (t->kind) {
        case TOK_FSTRING_START:
        case TOK_TSTRING_START:
            if (depth++ == 0)
                piece_start = t->start;
            break;
        case TOK_FSTRING_END:
        case TOK_TSTRING_END:
            if (depth && --depth == 0 && piece_start <= at && at < t->end)
                return (Span){ piece_start, t->end };
            break;
        case TOK_STRING:
            if (depth == 0 && t->start <= at && at < t->end)
                return (Span){ t->start, t->end };
            break;
        default:
            break;
        }
    }
    return whole;
}

/* token_at: index of the token starting at offset off, or ntoks. */
static uint32_t
token_at(const Dumper *d, uint32_t off)
{
    uint32_t lo = 0, hi = d->ntoks;
    while (lo < hi) {
        uint32_t mid = lo + (hi - lo) / 2;
        if (d->toks[mid].start < off)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo < d->ntoks && d->toks[lo].start == off ? lo : d->ntoks;
}

/* parenthesized: whether e's span is one pair of parentheses (`(a, b)`, not `(a), (b)`). */
static bool
parenthesized(const Dumper *d, const Expr *e)
{
    uint32_t i = token_at(d, e->start), depth = 0;
    if (i == d->ntoks || d->toks[i].kind != TOK_LPAR)
        return false;
    for (; i < d->ntoks && d->toks[i].start < e->end; i++) {
        TokKind k = d->toks[i].kind;
        if (k == TOK_LPAR)
            depth++;
        else if (k == TOK_RPAR && --depth == 0)
            return d->toks[i].end == e->end;
    }
    return false;
}

static bool
is_space(char c)
{
    return c == ' ' || c == '\t' || c == '\f' || c == '\n';
}

/* bare_tuple_span: 3.11 compiled a replacement field's text as "(" + text + ")", so a bare tuple
 * `{a, b}` spans the braces: from the '{' to one past the character ending the expression ('}',
 * '!', ':' or '='). When only whitespace follows the '{' on its line, 3.11 started the field at
 * the string token's column on the token's first line, and at column 0 on later lines. */
static Span
bare_tuple_span(const Dumper *d, const Expr *e, Span whole)
{
    const char *text = d->li->text;
    uint32_t lb = e->start, term = e->end;
    while (lb > whole.start && is_space(text[lb - 1]))
        lb--;
    if (lb == whole.start || text[lb - 1] != '{')
        return (Span){ e->start, e->end };
    lb--;
    while (term < whole.end && is_space(text[term]))
        term++;
    if (term >= whole.end)
        return (Span){ e->start, e->end };
    Span pos = { lb, term + 1 };
    uint32_t k = lb + 1;
    while (text[k] == ' ' || text[k] == '\t' || text[k] == '\f')
        k++;
    if (text[k] == '\n') {
        Span piece = piece_span(d, whole, lb);
        uint32_t line = lineindex_line(d->li, lb);
        pos.start = line == lineindex_line(d->li, piece.start) ? piece.start
                                                               : lineindex_line_start(d->li, line);
    }
    return pos;
}

/* dump_constant_at: a Constant placed at pos; kind_u is -1 to print `kind='u'` as the tree says,
 * else 0 or 1 to decide it (3.11's f-string rule differs from the tree's, see below). */
static void
dump_constant_at(Dumper *d, const Expr *e, Span pos, int kind_u)
{
    open_node(d, "Constant");
    key(d, "value");
    pyrepr_constant(d->out, &e->v.Constant);
    if (kind_u < 0)
        kind_u = e->v.Constant.kind == CONST_STR && e->v.Constant.has_u_prefix;
    if (kind_u)
        sb_adds(d->out, ", kind='u'");
    attrs(d, pos.start, pos.end);
}

static void dump_fstring_values(Dumper *d, ExprSeq values, Span whole, Span const_pos);

/* dump_formatted_value: a FormattedValue of the string expression `whole`, placed at `whole`; its
 * format spec is placed at the piece holding it. */
static void
dump_formatted_value(Dumper *d, const Expr *e, Span whole)
{
    const Expr *value = e->v.FormattedValue.value;
    open_node(d, "FormattedValue");
    key(d, "value");
    if (value && value->kind == E_Tuple && !parenthesized(d, value)) {
        Span pos = bare_tuple_span(d, value, whole);
        dump_expr_at(d, value, &pos);
    } else if (value) {
        dump_expr(d, value);
    } else {
        sb_adds(d->out, "None");
    }
    f_int(d, "conversion", e->v.FormattedValue.conversion);
    const Expr *spec = e->v.FormattedValue.format_spec;
    if (spec) {
        key(d, "format_spec");
        if (spec->kind == E_JoinedStr && enter(d)) {
            Span piece = piece_span(d, whole, e->start);
            open_node(d, "JoinedStr");
            dump_fstring_values(d, spec->v.JoinedStr.values, whole, piece);
            attrs(d, piece.start, piece.end);
            leave(d);
        } else {
            dump_expr(d, spec);
        }
    }
    attrs(d, whole.start, whole.end);
}

/* followed_by_field: whether a FormattedValue comes after values[i]. */
static bool
followed_by_field(ExprSeq values, uint32_t i)
{
    for (uint32_t k = i + 1; k < values.len; k++)
        if (values.items[k]->kind == E_FormattedValue)
            return true;
    return false;
}

/* dump_fstring_values: `values=[...]` of a JoinedStr: FormattedValues at `whole`, Constants at
 * const_pos (whole at the top level, the piece inside a format spec). 3.11 made a literal into a
 * Constant at `whole` when a replacement field followed it, and the last literal of a format spec
 * at the spec's piece; and it gave `kind='u'` to the Constants it placed at `whole` when the first
 * piece of the concatenation starts with a lowercase u (`u'a' f'{x}b'`: both 'a' and 'b'). */
static void
dump_fstring_values(Dumper *d, ExprSeq values, Span whole, Span const_pos)
{
    key(d, "values");
    sb_addc(d->out, '[');
    for (uint32_t i = 0; i < values.len && enter(d); i++, leave(d)) {
        const Expr *v = values.items[i];
        sep(d);
        if (v->kind == E_Constant) {
            bool at_whole = followed_by_field(values, i) ||
                            (const_pos.start == whole.start && const_pos.end == whole.end);
            dump_constant_at(d, v, at_whole ? whole : const_pos,
                             at_whole && d->li->text[whole.start] == 'u');
        } else if (v->kind == E_FormattedValue) {
            dump_formatted_value(d, v, whole);
        } else {
            dump_expr(d, v);
        }
    }
    sb_addc(d->out, ']');
}

/* ---- expressions ---- */

/* dump_expr_at: the node e, with its own attributes replaced by pos when given. */
static void
dump_expr_at(Dumper *d, const Expr *e, const Span *pos)
{
    if (!enter(d))
        return;
    switch (e->kind) {
    case E_BoolOp:
        open_node(d, "BoolOp");
        F_OP(d, "op", boolop_names, e->v.BoolOp.op);
        f_exprs(d, "values", e->v.BoolOp.values);
        break;
    case E_NamedExpr:
        open_node(d, "NamedExpr");
        f_expr(d, "target", e->v.NamedExpr.target);
        f_expr(d, "value", e->v.NamedExpr.value);
        break;
    case E_BinOp:
        open_node(d, "BinOp");
        f_expr(d, "left", e->v.BinOp.left);
        F_OP(d, "op", operator_names, e->v.BinOp.op);
        f_expr(d, "right", e->v.BinOp.right);
        break;
    case E_UnaryOp:
        open_node(d, "UnaryOp");
        F_OP(d, "op", unaryop_names, e->v.UnaryOp.op);
        f_expr(d, "operand", e->v.UnaryOp.operand);
        break;
    case E_Lambda:
        open_node(d, "Lambda");
        f_arguments(d, "args", e->v.Lambda.args);
        f_expr(d, "body", e->v.Lambda.body);
        break;
    case E_IfExp:
        open_node(d, "IfExp");
        f_expr(d, "test", e->v.IfExp.test);
        f_expr(d, "body", e->v.IfExp.body);
        f_expr(d, "orelse", e->v.IfExp.orelse);
        break;
    case E_Dict:
        open_node(d, "Dict");
        f_exprs(d, "keys", e->v.Dict.keys);
        f_exprs(d, "values", e->v.Dict.values);
        break;
    case E_Set:
        open_node(d, "Set");
        f_exprs(d, "elts", e->v.Set.elts);
        break;
    case E_ListComp:
    case E_SetComp:
    case E_GeneratorExp:
        open_node(d, e->kind == E_ListComp  ? "ListComp"
                     : e->kind == E_SetComp ? "SetComp"
                                            : "GeneratorExp");
        f_expr(d, "elt", e->v.ListComp.elt);
        f_comprehensions(d, "generators", e->v.ListComp.generators);
        break;
    case E_DictComp:
        open_node(d, "DictComp");
        f_expr(d, "key", e->v.DictComp.key);
        f_expr(d, "value", e->v.DictComp.value);
        f_comprehensions(d, "generators", e->v.DictComp.generators);
        break;
    case E_Await:
        open_node(d, "Await");
        f_expr(d, "value", e->v.Await.value);
        break;
    case E_Yield:
        open_node(d, "Yield");
        f_expr_opt(d, "value", e->v.Yield.value);
        break;
    case E_YieldFrom:
        open_node(d, "YieldFrom");
        f_expr(d, "value", e->v.YieldFrom.value);
        break;
    case E_Compare:
        open_node(d, "Compare");
        f_expr(d, "left", e->v.Compare.left);
        key(d, "ops");
        sb_addc(d->out, '[');
        for (uint32_t i = 0; i < e->v.Compare.n; i++) {
            unsigned op = e->v.Compare.ops[i];
            sep(d);
            sb_adds(d->out, op < ARRAY_LEN(cmpop_names) ? cmpop_names[op] : "?");
            sb_adds(d->out, "()");
        }
        sb_addc(d->out, ']');
        f_exprs(d, "comparators", e->v.Compare.comparators);
        break;
    case E_Call:
        open_node(d, "Call");
        f_expr(d, "func", e->v.Call.func);
        f_exprs(d, "args", e->v.Call.args);
        f_keywords(d, "keywords", e->v.Call.keywords);
        break;
    case E_FormattedValue: /* only inside a JoinedStr, dumped there; this is a fallback */
        open_node(d, "FormattedValue");
        f_expr(d, "value", e->v.FormattedValue.value);
        f_int(d, "conversion", e->v.FormattedValue.conversion);
        f_expr_opt(d, "format_spec", e->v.FormattedValue.format_spec);
        break;
    case E_Interpolation:
        open_node(d, "Interpolation");
        f_expr(d, "value", e->v.Interpolation.value);
        key(d, "str");
        pyrepr_str(d->out, e->v.Interpolation.str ? e->v.Interpolation.str : "",
                   e->v.Interpolation.str_len);
        f_int(d, "conversion", e->v.Interpolation.conversion);
        f_expr_opt(d, "format_spec", e->v.Interpolation.format_spec);
        break;
    case E_JoinedStr: {
        Span whole = { e->start, e->end }; /* a string expression: its parts take its span */
        open_node(d, "JoinedStr");
        if (d->in_tstring)
            f_exprs(d, "values", e->v.JoinedStr.values);
        else
            dump_fstring_values(d, e->v.JoinedStr.values, whole, whole);
        break;
    }
    case E_TemplateStr: /* 3.14 node: true positions throughout, as 3.14 prints them */
        open_node(d, "TemplateStr");
        d->in_tstring++;
        f_exprs(d, "values", e->v.TemplateStr.values);
        d->in_tstring--;
        break;
    case E_Constant:
        dump_constant_at(d, e, pos ? *pos : (Span){ e->start, e->end }, -1);
        leave(d);
        return;
    case E_Attribute:
        open_node(d, "Attribute");
        f_expr(d, "value", e->v.Attribute.value);
        f_ident(d, "attr", e->v.Attribute.attr);
        F_OP(d, "ctx", ctx_names, e->v.Attribute.ctx);
        break;
    case E_Subscript:
        open_node(d, "Subscript");
        f_expr(d, "value", e->v.Subscript.value);
        f_expr(d, "slice", e->v.Subscript.slice);
        F_OP(d, "ctx", ctx_names, e->v.Subscript.ctx);
        break;
    case E_Starred:
        open_node(d, "Starred");
        f_expr(d, "value", e->v.Starred.value);
        F_OP(d, "ctx", ctx_names, e->v.Starred.ctx);
        break;
    case E_Name:
        open_node(d, "Name");
        f_ident(d, "id", e->v.Name.id);
        F_OP(d, "ctx", ctx_names, e->v.Name.ctx);
        break;
    case E_List:
        open_node(d, "List");
        f_exprs(d, "elts", e->v.List.elts);
        F_OP(d, "ctx", ctx_names, e->v.List.ctx);
        break;
    case E_Tuple:
        open_node(d, "Tuple");
        f_exprs(d, "elts", e->v.Tuple.elts);
        F_OP(d, "ctx", ctx_names, e->v.Tuple.ctx);
        break;
    case E_Slice:
        open_node(d, "Slice");
        f_expr_opt(d, "lower", e->v.Slice.lower);
        f_expr_opt(d, "upper", e->v.Slice.upper);
        f_expr_opt(d, "step", e->v.Slice.step);
        break;
    default:
        open_node(d, "?");
        break;
    }
    attrs(d, pos ? pos->start : e->start, pos ? pos->end : e->end);
    leave(d);
}

/* ---- patterns ---- */

static void
dump_pattern(Dumper *d, const Pattern *pat)
{
    if (!enter(d))
        return;
    switch (pat->kind) {
    case P_MatchValue:
        open_node(d, "MatchValue");
        f_expr(d, "value", pat->v.MatchValue.value);
        break;
    case P_MatchSingleton:
        open_node(d, "MatchSingleton");
        key(d, "value");
        sb_adds(d->out, pat->v.MatchSingleton.value == CONST_TRUE    ? "True"
                        : pat->v.MatchSingleton.value == CONST_FALSE ? "False"
                                                                     : "None");
        break;
    case P_MatchSequence:
        open_node(d, "MatchSequence");
        f_patterns(d, "patterns", pat->v.MatchSequence.patterns);
        break;
    case P_MatchMapping:
        open_node(d, "MatchMapping");
        f_exprs(d, "keys", pat->v.MatchMapping.keys);
        f_patterns(d, "patterns", pat->v.MatchMapping.patterns);
        f_ident_opt(d, "rest", pat->v.MatchMapping.rest);
        break;
    case P_MatchClass:
        open_node(d, "MatchClass");
        f_expr(d, "cls", pat->v.MatchClass.cls);
        f_patterns(d, "patterns", pat->v.MatchClass.patterns);
        f_idents(d, "kwd_attrs", pat->v.MatchClass.kwd_attrs);
        f_patterns(d, "kwd_patterns", pat->v.MatchClass.kwd_patterns);
        break;
    case P_MatchStar:
        open_node(d, "MatchStar");
        f_ident_opt(d, "name", pat->v.MatchStar.name);
        break;
    case P_MatchAs:
        open_node(d, "MatchAs");
        if (pat->v.MatchAs.pattern) {
            key(d, "pattern");
            dump_pattern(d, pat->v.MatchAs.pattern);
        }
        f_ident_opt(d, "name", pat->v.MatchAs.name);
        break;
    case P_MatchOr:
        open_node(d, "MatchOr");
        f_patterns(d, "patterns", pat->v.MatchOr.patterns);
        break;
    default:
        open_node(d, "?");
        break;
    }
    attrs(d, pat->start, pat->end);
    leave(d);
}

/* ---- statements ---- */

static void
dump_stmt(Dumper *d, const Stmt *s)
{
    if (!enter(d))
        return;
    switch (s->kind) {
    case S_FunctionDef:
    case S_AsyncFunctionDef:
        open_node(d, s->kind == S_FunctionDef ? "FunctionDef" : "AsyncFunctionDef");
        f_ident(d, "name", s->v.FunctionDef.name);
        f_arguments(d, "args", s->v.FunctionDef.args);
        f_stmts(d, "body", s->v.FunctionDef.body);
        f_exprs(d, "decorator_list", s->v.FunctionDef.decorator_list);
        f_expr_opt(d, "returns", s->v.FunctionDef.returns);
        if (s->v.FunctionDef.type_params.len) /* 3.12+; 3.11 has no such field */
            f_type_params(d, "type_params", s->v.FunctionDef.type_params);
        break;
    case S_ClassDef:
        open_node(d, "ClassDef");
        f_ident(d, "name", s->v.ClassDef.name);
        f_exprs(d, "bases", s->v.ClassDef.bases);
        f_keywords(d, "keywords", s->v.ClassDef.keywords);
        f_stmts(d, "body", s->v.ClassDef.body);
        f_exprs(d, "decorator_list", s->v.ClassDef.decorator_list);
        if (s->v.ClassDef.type_params.len)
            f_type_params(d, "type_params", s->v.ClassDef.type_params);
        break;
    case S_Return:
        open_node(d, "Return");
        f_expr_opt(d, "value", s->v.Return.value);
        break;
    case S_Delete:
        open_node(d, "Delete");
        f_exprs(d, "targets", s->v.Delete.targets);
        break;
    case S_Assign:
        open_node(d, "Assign");
        f_exprs(d, "targets", s->v.Assign.targets);
        f_expr(d, "value", s->v.Assign.value);
        break;
    case S_TypeAlias:
        open_node(d, "TypeAlias");
        f_expr(d, "name", s->v.TypeAlias.name);
        f_type_params(d, "type_params", s->v.TypeAlias.type_params);
        f_expr(d, "value", s->v.TypeAlias.value);
        break;
    case S_AugAssign:
        open_node(d, "AugAssign");
        f_expr(d, "target", s->v.AugAssign.target);
        F_OP(d, "op", operator_names, s->v.AugAssign.op);
        f_expr(d, "value", s->v.AugAssign.value);
        break;
    case S_AnnAssign:
        open_node(d, "AnnAssign");
        f_expr(d, "target", s->v.AnnAssign.target);
        f_expr(d, "annotation", s->v.AnnAssign.annotation);
        f_expr_opt(d, "value", s->v.AnnAssign.value);
        f_int(d, "simple", s->v.AnnAssign.simple);
        break;
    case S_For:
    case S_AsyncFor:
        open_node(d, s->kind == S_For ? "For" : "AsyncFor");
        f_expr(d, "target", s->v.For.target);
        f_expr(d, "iter", s->v.For.iter);
        f_stmts(d, "body", s->v.For.body);
        f_stmts(d, "orelse", s->v.For.orelse);
        break;
    case S_While:
        open_node(d, "While");
        f_expr(d, "test", s->v.While.test);
        f_stmts(d, "body", s->v.While.body);
        f_stmts(d, "orelse", s->v.While.orelse);
        break;
    case S_If:
        open_node(d, "If");
        f_expr(d, "test", s->v.If.test);
        f_stmts(d, "body", s->v.If.body);
        f_stmts(d, "orelse", s->v.If.orelse);
        break;
    case S_With:
    case S_AsyncWith:
        open_node(d, s->kind == S_With ? "With" : "AsyncWith");
        f_withitems(d, "items", s->v.With.items);
        f_stmts(d, "body", s->v.With.body);
        break;
    case S_Match:
        open_node(d, "Match");
        f_expr(d, "subject", s->v.Match.subject);
        f_cases(d, "cases", s->v.Match.cases);
        break;
    case S_Raise:
        open_node(d, "Raise");
        f_expr_opt(d, "exc", s->v.Raise.exc);
        f_expr_opt(d, "cause", s->v.Raise.cause);
        break;
    case S_Try:
    case S_TryStar:
        open_node(d, s->kind == S_Try ? "Try" : "TryStar");
        f_stmts(d, "body", s->v.Try.body);
        f_handlers(d, "handlers", s->v.Try.handlers);
        f_stmts(d, "orelse", s->v.Try.orelse);
        f_stmts(d, "finalbody", s->v.Try.finalbody);
        break;
    case S_Assert:
        open_node(d, "Assert");
        f_expr(d, "test", s->v.Assert.test);
        f_expr_opt(d, "msg", s->v.Assert.msg);
        break;
    case S_Import:
        open_node(d, "Import");
        f_aliases(d, "names", s->v.Import.names);
        break;
    case S_ImportFrom:
        open_node(d, "ImportFrom");
        f_ident_opt(d, "module", s->v.ImportFrom.module);
        f_aliases(d, "names", s->v.ImportFrom.names);
        f_int(d, "level", s->v.ImportFrom.level);
        break;
    case S_Global:
        open_node(d, "Global");
        f_idents(d, "names", s->v.Global.names);
        break;
    case S_Nonlocal:
        open_node(d, "Nonlocal");
        f_idents(d, "names", s->v.Nonlocal.names);
        break;
    case S_Expr:
        open_node(d, "Expr");
        f_expr(d, "value", s->v.Expr.value);
        break;
    case S_Pass:
        open_node(d, "Pass");
        break;
    case S_Break:
        open_node(d, "Break");
        break;
    case S_Continue:
        open_node(d, "Continue");
        break;
    default:
        open_node(d, "?");
        break;
    }
    attrs(d, s->start, s->end);
    leave(d);
}

int
dump_module(StrBuf *out, const ParsedFile *pf)
{
    Dumper d = { .out = out, .li = &pf->lines, .toks = pf->lex.tokens, .ntoks = pf->lex.ntokens };
    if (!ALWAYS(pf->mod))
        return -1;
    d.depth = 1; /* the Module node */
    open_node(&d, "Module");
    f_stmts(&d, "body", pf->mod->body);
    sb_adds(out, ", type_ignores=[])");
    return d.too_deep ? -1 : 0;
}
