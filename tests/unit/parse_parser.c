/* The parser: node kinds, fields and positions (checked against CPython 3.13's ast for everything
 * it parses, and by hand for 3.14's t-strings and PEP 758), error messages and positions
 * (CPython's, 3.11 where it has the rule), and pathological nesting. Positions print as CPython's
 * (line, col_offset): 1-based lines, 0-based byte columns. */
#include "base/strbuf.h"
#include "parse/parser.h"
#include "parse/visit.h"
#include "test.h"

static Arena arena;
static ParsedFile pf;
static StrBuf out = STRBUF_INIT;

static int
parse(const char *text)
{
    arena_free(&arena);
    arena_init(&arena, 0);
    return parse_source(&pf, &arena, "<test>", text, strlen(text));
}

/* span: "l:c-l:c" of [start, end) */
static const char *
span(uint32_t start, uint32_t end)
{
    static char buf[4][64];
    static int k;
    k = (k + 1) % 4;
    snprintf(buf[k], sizeof buf[k], "%u:%u-%u:%u", lineindex_line(&pf.lines, start),
             lineindex_byte_col(&pf.lines, start), lineindex_line(&pf.lines, end),
             lineindex_byte_col(&pf.lines, end));
    return buf[k];
}

typedef struct Listing {
    Visitor v;
    StrBuf *out;
} Listing;

static void
add(Visitor *v, const char *kind, uint32_t start, uint32_t end)
{
    StrBuf *o = ((Listing *)v)->out;
    sb_printf(o, "%s%s@%s", o->len ? " " : "", kind, span(start, end));
}
static bool
on_stmt(Visitor *v, const Stmt *s)
{
    add(v, ast_stmt_kind_name(s->kind), s->start, s->end);
    return true;
}
static bool
on_expr(Visitor *v, const Expr *e)
{
    add(v, ast_expr_kind_name(e->kind), e->start, e->end);
    return true;
}
static bool
on_pattern(Visitor *v, const Pattern *p)
{
    add(v, ast_pattern_kind_name(p->kind), p->start, p->end);
    return true;
}
static bool
on_handler(Visitor *v, const ExceptHandler *h)
{
    add(v, "ExceptHandler", h->start, h->end);
    return true;
}

/* listing: "Kind@l:c-l:c ..." of every statement, handler, expression and pattern in the visitor's
 * (evaluation) order, or "Kind: message @line:col" for a syntax error */
static const char *
listing(const char *text)
{
    sb_clear(&out);
    if (parse(text) != 0) {
        sb_printf(&out, "%s: %s @%u:%u", pf.err.kind, pf.err.msg, pf.err.line, pf.err.col);
        return sb_cstr(&out);
    }
    Listing l = { .v = { .enter_stmt = on_stmt,
                         .enter_expr = on_expr,
                         .enter_pattern = on_pattern,
                         .enter_handler = on_handler },
                  .out = &out };
    visit_module(&l.v, pf.mod);
    return sb_cstr(&out);
}

static const char *
error_of(const char *text)
{
    sb_clear(&out);
    if (parse(text) == 0)
        return "OK";
    sb_printf(&out, "%s: %s @%u:%u", pf.err.kind, pf.err.msg, pf.err.line, pf.err.col);
    return sb_cstr(&out);
}

static const Stmt *
stmt0(void)
{
    return pf.mod && pf.mod->body.len ? pf.mod->body.items[0] : NULL;
}

static const Expr *
expr0(void)
{
    const Stmt *s = stmt0();
    return s && s->kind == S_Expr ? s->v.Expr.value : NULL;
}

static bool
const_is(const Expr *e, const char *s)
{
    return e && e->kind == E_Constant && e->v.Constant.kind == CONST_STR &&
           e->v.Constant.len == strlen(s) && memcmp(e->v.Constant.text, s, e->v.Constant.len) == 0;
}

/* Every node of these, in order, with CPython 3.13's kinds and positions (generated with its ast
 * module, walked in parse/visit.c's order). */
static const struct {
    const char *src, *expected;
} same_as_cpython[] = {
    { "def f[T: int = str, *Ts = *tuple[int], **P = [int]](x: T) -> T: pass",
      "FunctionDef@1:0-1:68 Name@1:9-1:12 Name@1:15-1:18 Starred@1:26-1:37 Subscript@1:27-1:37 "
      "Name@1:27-1:32 Name@1:33-1:36 List@1:45-1:50 Name@1:46-1:49 Name@1:55-1:56 Name@1:61-1:62 "
      "Pass@1:64-1:68" },
    { "class C[T: (int, str), **P](B, metaclass=M): pass",
      "ClassDef@1:0-1:49 Tuple@1:11-1:21 Name@1:12-1:15 Name@1:17-1:20 Name@1:28-1:29 "
      "Name@1:41-1:42 Pass@1:45-1:49" },
    { "type A[T = int] = list[T]",
      "TypeAlias@1:0-1:25 Name@1:11-1:14 Subscript@1:18-1:25 Name@1:18-1:22 Name@1:23-1:24" },
    { "type B = int | None", "TypeAlias@1:0-1:19 BinOp@1:9-1:19 Name@1:9-1:12 Constant@1:15-1:19" },
    { "f\"{x[\"a\"]}\"", "Expr@1:0-1:11 JoinedStr@1:0-1:11 FormattedValue@1:2-1:10 "
                         "Subscript@1:3-1:9 Name@1:3-1:4 Constant@1:5-1:8" },
    { "f'{a['b']:{c}>{w}}'",
      "Expr@1:0-1:19 JoinedStr@1:0-1:19 FormattedValue@1:2-1:18 Subscript@1:3-1:9 Name@1:3-1:4 "
      "Constant@1:5-1:8 JoinedStr@1:9-1:17 FormattedValue@1:10-1:13 Name@1:11-1:12 "
      "Constant@1:13-1:14 FormattedValue@1:14-1:17 Name@1:15-1:16" },
    { "f\"\"\"{\n  x  # comment\n  + 1\n}\"\"\"",
      "Expr@1:0-4:4 JoinedStr@1:0-4:4 FormattedValue@1:4-4:1 BinOp@2:2-3:5 Name@2:2-2:3 "
      "Constant@3:4-3:5" },
    { "f\"{x=}\"",
      "Expr@1:0-1:7 JoinedStr@1:0-1:7 Constant@1:3-1:5 FormattedValue@1:2-1:6 Name@1:3-1:4" },
    { "f\"a{x = !s:>10}b\"",
      "Expr@1:0-1:17 JoinedStr@1:0-1:17 Constant@1:2-1:8 FormattedValue@1:3-1:15 Name@1:4-1:5 "
      "JoinedStr@1:10-1:14 Constant@1:11-1:14 Constant@1:15-1:16" },
    { "f\"{f\"{y}\"}\" f\"\" \"z\"",
      "Expr@1:0-1:19 JoinedStr@1:0-1:19 FormattedValue@1:2-1:10 JoinedStr@1:3-1:9 "
      "FormattedValue@1:5-1:8 Name@1:6-1:7 Constant@1:16-1:19" },
    { "u\"a\" \"b\"", "Expr@1:0-1:8 Constant@1:0-1:8" },
    { "\"a\" f\"{x!r}\" \"c\"", "Expr@1:0-1:16 JoinedStr@1:0-1:16 Constant@1:0-1:3 "
                                "FormattedValue@1:6-1:11 Name@1:7-1:8 Constant@1:13-1:16" },
    { "b\"a\" b\"b\"", "Expr@1:0-1:9 Constant@1:0-1:9" },
    { "x = 1, 2,", "Assign@1:0-1:9 Tuple@1:4-1:9 Constant@1:4-1:5 Constant@1:7-1:8 Name@1:0-1:1" },
    { "(a)", "Expr@1:0-1:3 Name@1:1-1:2" },
    { "(a).b", "Expr@1:0-1:5 Attribute@1:0-1:5 Name@1:1-1:2" },
    { "a[1:2, ::3]", "Expr@1:0-1:11 Subscript@1:0-1:11 Name@1:0-1:1 Tuple@1:2-1:10 Slice@1:2-1:5 "
                     "Constant@1:2-1:3 Constant@1:4-1:5 Slice@1:7-1:10 Constant@1:9-1:10" },
    { "a[*b]",
      "Expr@1:0-1:5 Subscript@1:0-1:5 Name@1:0-1:1 Tuple@1:2-1:4 Starred@1:2-1:4 Name@1:3-1:4" },
    { "a[:]", "Expr@1:0-1:4 Subscript@1:0-1:4 Name@1:0-1:1 Slice@1:2-1:3" },
    { "f(x for x in y)", "Expr@1:0-1:15 Call@1:0-1:15 Name@1:0-1:1 GeneratorExp@1:1-1:15 "
                         "Name@1:13-1:14 Name@1:8-1:9 Name@1:2-1:3" },
    { "f(*a, b=1, **c)", "Expr@1:0-1:15 Call@1:0-1:15 Name@1:0-1:1 Starred@1:2-1:4 Name@1:3-1:4 "
                         "Constant@1:8-1:9 Name@1:13-1:14" },
    { "lambda x, /, y=1, *a, z, **k: x",
      "Expr@1:0-1:31 Lambda@1:0-1:31 Constant@1:15-1:16 Name@1:30-1:31" },
    { "lambda *, k=2: k", "Expr@1:0-1:16 Lambda@1:0-1:16 Constant@1:12-1:13 Name@1:15-1:16" },
    { "[*a, *b] = c", "Assign@1:0-1:12 Name@1:11-1:12 List@1:0-1:8 Starred@1:1-1:3 Name@1:2-1:3 "
                      "Starred@1:5-1:7 Name@1:6-1:7" },
    { "a, *b = c = d", "Assign@1:0-1:13 Name@1:12-1:13 Tuple@1:0-1:5 Name@1:0-1:1 Starred@1:3-1:5 "
                       "Name@1:4-1:5 Name@1:8-1:9" },
    { "x: int = 1", "AnnAssign@1:0-1:10 Name@1:3-1:6 Constant@1:9-1:10 Name@1:0-1:1" },
    { "(x): int", "AnnAssign@1:0-1:8 Name@1:5-1:8 Name@1:1-1:2" },
    { "x.y: int", "AnnAssign@1:0-1:8 Name@1:5-1:8 Attribute@1:0-1:3 Name@1:0-1:1" },
    { "x += 1", "AugAssign@1:0-1:6 Constant@1:5-1:6 Name@1:0-1:1" },
    { "del a, (b), [c, d]",
      "Delete@1:0-1:18 Name@1:4-1:5 Name@1:8-1:9 List@1:12-1:18 Name@1:13-1:14 Name@1:16-1:17" },
    { "for i, in x: pass",
      "For@1:0-1:17 Name@1:10-1:11 Tuple@1:4-1:6 Name@1:4-1:5 Pass@1:13-1:17" },
    { "async def f():\n  async for a in b: pass\n  async with c as (d, e), f: pass\n  await g",
      "AsyncFunctionDef@1:0-4:9 AsyncFor@2:2-2:24 Name@2:17-2:18 Name@2:12-2:13 Pass@2:20-2:24 "
      "AsyncWith@3:2-3:33 Name@3:13-3:14 Tuple@3:18-3:24 Name@3:19-3:20 Name@3:22-3:23 "
      "Name@3:26-3:27 Pass@3:29-3:33 Expr@4:2-4:9 Await@4:2-4:9 Name@4:8-4:9" },
    { "with (a as b, c): pass",
      "With@1:0-1:22 Name@1:6-1:7 Name@1:11-1:12 Name@1:14-1:15 Pass@1:18-1:22" },
    { "with (a, b) as c: pass",
      "With@1:0-1:22 Tuple@1:5-1:11 Name@1:6-1:7 Name@1:9-1:10 Name@1:15-1:16 Pass@1:18-1:22" },
    { "try:\n  pass\nexcept* E as e:\n  pass",
      "TryStar@1:0-4:6 Pass@2:2-2:6 ExceptHandler@3:0-4:6 Name@3:8-3:9 Pass@4:2-4:6" },
    { "try:\n  pass\nexcept (A, B):\n  pass\nelse:\n  pass\nfinally:\n  pass",
      "Try@1:0-8:6 Pass@2:2-2:6 ExceptHandler@3:0-4:6 Tuple@3:7-3:13 Name@3:8-3:9 Name@3:11-3:12 "
      "Pass@4:2-4:6 Pass@6:2-6:6 Pass@8:2-8:6" },
    { "if a:\n  pass\nelif b:\n  pass\nelse:\n  pass",
      "If@1:0-6:6 Name@1:3-1:4 Pass@2:2-2:6 If@3:0-6:6 Name@3:5-3:6 Pass@4:2-4:6 Pass@6:2-6:6" },
    { "@d1\n@d2.x(y)\nclass A: pass", "ClassDef@3:0-3:13 Name@1:1-1:3 Call@2:1-2:8 "
                                      "Attribute@2:1-2:5 Name@2:1-2:3 Name@2:6-2:7 Pass@3:9-3:13" },
    { "@d\nasync def g(): return", "AsyncFunctionDef@2:0-2:21 Name@1:1-1:2 Return@2:15-2:21" },
    { "match x:\n  case [1, *rest] | {\"k\": v, **kw} if v: pass\n  case Point(x=0, y=_) as pt: "
      "pass\n  case -1+2j | None | \"s\" | a.b: pass\n  case (1, 2) | (): pass",
      "Match@1:0-5:24 Name@1:6-1:7 MatchOr@2:7-2:34 MatchSequence@2:7-2:17 MatchValue@2:8-2:9 "
      "Constant@2:8-2:9 MatchStar@2:11-2:16 MatchMapping@2:20-2:34 Constant@2:21-2:24 "
      "MatchAs@2:26-2:27 Name@2:38-2:39 Pass@2:41-2:45 MatchAs@3:7-3:28 MatchClass@3:7-3:22 "
      "Name@3:7-3:12 MatchValue@3:15-3:16 Constant@3:15-3:16 MatchAs@3:20-3:21 Pass@3:30-3:34 "
      "MatchOr@4:7-4:31 MatchValue@4:7-4:12 BinOp@4:7-4:12 UnaryOp@4:7-4:9 Constant@4:8-4:9 "
      "Constant@4:10-4:12 MatchSingleton@4:15-4:19 MatchValue@4:22-4:25 Constant@4:22-4:25 "
      "MatchValue@4:28-4:31 Attribute@4:28-4:31 Name@4:28-4:29 Pass@4:33-4:37 MatchOr@5:7-5:18 "
      "MatchSequence@5:7-5:13 MatchValue@5:8-5:9 Constant@5:8-5:9 MatchValue@5:11-5:12 "
      "Constant@5:11-5:12 MatchSequence@5:16-5:18 Pass@5:20-5:24" },
    { "match a, *b:\n  case _: pass", "Match@1:0-2:14 Tuple@1:6-1:11 Name@1:6-1:7 Starred@1:9-1:11 "
                                      "Name@1:10-1:11 MatchAs@2:7-2:8 Pass@2:10-2:14" },
    { "x = yield", "Assign@1:0-1:9 Yield@1:4-1:9 Name@1:0-1:1" },
    { "x = yield from y", "Assign@1:0-1:16 YieldFrom@1:4-1:16 Name@1:15-1:16 Name@1:0-1:1" },
    { "print(not a, -b, ~c, +d, a if b else c)",
      "Expr@1:0-1:39 Call@1:0-1:39 Name@1:0-1:5 UnaryOp@1:6-1:11 Name@1:10-1:11 UnaryOp@1:13-1:15 "
      "Name@1:14-1:15 UnaryOp@1:17-1:19 Name@1:18-1:19 UnaryOp@1:21-1:23 Name@1:22-1:23 "
      "IfExp@1:25-1:38 Name@1:30-1:31 Name@1:25-1:26 Name@1:37-1:38" },
    { "a < b <= c is not d not in e", "Expr@1:0-1:28 Compare@1:0-1:28 Name@1:0-1:1 Name@1:4-1:5 "
                                      "Name@1:9-1:10 Name@1:18-1:19 Name@1:27-1:28" },
    { "a and b or c and d", "Expr@1:0-1:18 BoolOp@1:0-1:18 BoolOp@1:0-1:7 Name@1:0-1:1 "
                            "Name@1:6-1:7 BoolOp@1:11-1:18 Name@1:11-1:12 Name@1:17-1:18" },
    { "{1: 2, **m, 3: 4}", "Expr@1:0-1:17 Dict@1:0-1:17 Constant@1:1-1:2 Constant@1:4-1:5 "
                           "Name@1:9-1:10 Constant@1:12-1:13 Constant@1:15-1:16" },
    { "{k: v for k, v in x if k}",
      "Expr@1:0-1:25 DictComp@1:0-1:25 Name@1:18-1:19 Tuple@1:10-1:14 Name@1:10-1:11 "
      "Name@1:13-1:14 Name@1:23-1:24 Name@1:1-1:2 Name@1:4-1:5" },
    { "{a, *b}", "Expr@1:0-1:7 Set@1:0-1:7 Name@1:1-1:2 Starred@1:4-1:6 Name@1:5-1:6" },
    { "{a for a in b}", "Expr@1:0-1:14 SetComp@1:0-1:14 Name@1:12-1:13 Name@1:7-1:8 Name@1:1-1:2" },
    { "[a async for a in b if c if d for e in f]",
      "Expr@1:0-1:41 ListComp@1:0-1:41 Name@1:18-1:19 Name@1:13-1:14 Name@1:23-1:24 Name@1:28-1:29 "
      "Name@1:39-1:40 Name@1:34-1:35 Name@1:1-1:2" },
    { "x = (y := 10)",
      "Assign@1:0-1:13 NamedExpr@1:5-1:12 Constant@1:10-1:12 Name@1:5-1:6 Name@1:0-1:1" },
    { "global a, b", "Global@1:0-1:11" },
    { "from . import (a as b, c,)", "ImportFrom@1:0-1:26" },
    { "from ...m.n import *", "ImportFrom@1:0-1:20" },
    { "import a.b.c as d, e", "Import@1:0-1:20" },
    { "raise X from Y", "Raise@1:0-1:14 Name@1:6-1:7 Name@1:13-1:14" },
    { "assert x, \"msg\"", "Assert@1:0-1:15 Name@1:7-1:8 Constant@1:10-1:15" },
    { "x = ...", "Assign@1:0-1:7 Constant@1:4-1:7 Name@1:0-1:1" },
    { "nonlocal_ = 1", "Assign@1:0-1:13 Constant@1:12-1:13 Name@1:0-1:9" },
    { "match = case = type = _ = 1", "Assign@1:0-1:27 Constant@1:26-1:27 Name@1:0-1:5 "
                                     "Name@1:8-1:12 Name@1:15-1:19 Name@1:22-1:23" },
    { "match(x)", "Expr@1:0-1:8 Call@1:0-1:8 Name@1:0-1:5 Name@1:6-1:7" },
    { "type(x)", "Expr@1:0-1:7 Call@1:0-1:7 Name@1:0-1:4 Name@1:5-1:6" },
};

TEST(positions_match_cpython)
{
    for (size_t i = 0; i < ARRAY_LEN(same_as_cpython); i++)
        CHECK_STR_EQ(listing(same_as_cpython[i].src), same_as_cpython[i].expected);
}

/* PEP 695 and PEP 696: type parameters with bounds, constraints and defaults */
TEST(type_params)
{
    CHECK(parse("def f[T: int = str, *Ts = *tuple[int], **P = [int]](x: T) -> T: pass") == 0);
    const Stmt *s = stmt0();
    CHECK(s && s->kind == S_FunctionDef && s->v.FunctionDef.type_params.len == 3);
    if (!s || s->v.FunctionDef.type_params.len != 3)
        return;
    const TypeParam *t = s->v.FunctionDef.type_params.items[0];
    CHECK(t->kind == TP_TypeVar && !strcmp(t->name, "T") && t->bound && t->default_value);
    CHECK_STR_EQ(span(t->start, t->end), "1:6-1:18");
    t = s->v.FunctionDef.type_params.items[1];
    CHECK(t->kind == TP_TypeVarTuple && !strcmp(t->name, "Ts") && !t->bound);
    CHECK(t->default_value && t->default_value->kind == E_Starred);
    CHECK_STR_EQ(span(t->start, t->end), "1:20-1:37");
    t = s->v.FunctionDef.type_params.items[2];
    CHECK(t->kind == TP_ParamSpec && !strcmp(t->name, "P") && t->default_value->kind == E_List);
    CHECK_STR_EQ(span(t->start, t->end), "1:39-1:50");
    CHECK(s->v.FunctionDef.returns && s->v.FunctionDef.returns->kind == E_Name);

    CHECK(parse("type Alias[K, V = int] = dict[K, V]") == 0);
    s = stmt0();
    CHECK(s && s->kind == S_TypeAlias && s->v.TypeAlias.type_params.len == 2);
    CHECK(s->v.TypeAlias.name->kind == E_Name && s->v.TypeAlias.name->v.Name.ctx == CTX_STORE);
    CHECK_STR_EQ(span(s->v.TypeAlias.name->start, s->v.TypeAlias.name->end), "1:5-1:10");

    CHECK(parse("class C[T: (int, str)](Base, metaclass=M): pass") == 0);
    s = stmt0();
    CHECK(s && s->kind == S_ClassDef && s->v.ClassDef.type_params.len == 1);
    CHECK(s->v.ClassDef.type_params.items[0]->bound->kind == E_Tuple);
    CHECK(s->v.ClassDef.bases.len == 1 && s->v.ClassDef.keywords.len == 1);
    CHECK_STR_EQ(s->v.ClassDef.keywords.items[0]->arg, "metaclass");
    CHECK_STR_EQ(span(s->v.ClassDef.keywords.items[0]->start, s->v.ClassDef.keywords.items[0]->end),
                 "1:29-1:40");

    /* soft keywords stay names everywhere else */
    CHECK(parse("type = 1\ntype(x)\ntype.x = 2\nprint(type)\n") == 0);
    CHECK(pf.mod->body.len == 4 && pf.mod->body.items[0]->kind == S_Assign);
}

/* PEP 701: quotes reused inside replacement fields, multi-line expressions with comments, `=`,
 * conversions and nested format specs */
TEST(fstrings)
{
    CHECK(parse("f\"{x[\"a\"]!r:>{width}}\"") == 0);
    const Expr *j = expr0();
    CHECK(j && j->kind == E_JoinedStr && j->v.JoinedStr.values.len == 1);
    const Expr *fv = j->v.JoinedStr.values.items[0];
    CHECK(fv->kind == E_FormattedValue && fv->v.FormattedValue.conversion == 'r');
    CHECK(fv->v.FormattedValue.value->kind == E_Subscript);
    CHECK(const_is(fv->v.FormattedValue.value->v.Subscript.slice, "a"));
    const Expr *spec = fv->v.FormattedValue.format_spec;
    CHECK(spec && spec->kind == E_JoinedStr && spec->v.JoinedStr.values.len == 2);
    CHECK(const_is(spec->v.JoinedStr.values.items[0], ">"));
    CHECK(spec->v.JoinedStr.values.items[1]->kind == E_FormattedValue);

    /* `=`: the expression's text becomes a Constant, merged with the literal before it, and the
     * conversion defaults to !r (but not with a format spec) */
    CHECK(parse("f\"a{x = }b{y=:>4}\"") == 0);
    j = expr0();
    CHECK(j && j->v.JoinedStr.values.len == 4);
    if (j && j->v.JoinedStr.values.len == 4) {
        CHECK(const_is(j->v.JoinedStr.values.items[0], "ax = "));
        CHECK(j->v.JoinedStr.values.items[1]->v.FormattedValue.conversion == 'r');
        CHECK(const_is(j->v.JoinedStr.values.items[2], "by="));
        CHECK(j->v.JoinedStr.values.items[3]->v.FormattedValue.conversion == -1);
        CHECK_STR_EQ(
            span(j->v.JoinedStr.values.items[2]->start, j->v.JoinedStr.values.items[2]->end),
            "1:9-1:13");
    }

    /* a comment and line breaks inside the braces of a triple-quoted f-string */
    CHECK(parse("f'''{\n  x  # the x\n  + 1\n}'''\n") == 0);
    j = expr0();
    CHECK(j && j->v.JoinedStr.values.len == 1 &&
          j->v.JoinedStr.values.items[0]->kind == E_FormattedValue);
    CHECK_STR_EQ(span(j->v.JoinedStr.values.items[0]->v.FormattedValue.value->start,
                      j->v.JoinedStr.values.items[0]->v.FormattedValue.value->end),
                 "2:2-3:5");

    /* implicit concatenation: one JoinedStr, adjacent literal parts merged */
    CHECK(parse("'a' f'b{c}' 'd' f'e'") == 0);
    j = expr0();
    CHECK(j && j->kind == E_JoinedStr && j->v.JoinedStr.values.len == 3);
    if (j && j->v.JoinedStr.values.len == 3) {
        CHECK(const_is(j->v.JoinedStr.values.items[0], "ab"));
        CHECK(const_is(j->v.JoinedStr.values.items[2], "de"));
        CHECK_STR_EQ(
            span(j->v.JoinedStr.values.items[2]->start, j->v.JoinedStr.values.items[2]->end),
            "1:12-1:19");
    }
    /* nested f-strings using the same quotes */
    CHECK(parse("f\"{f\"{f\"{x}\"}\"}\"") == 0);
    CHECK_STR_EQ(error_of("f'{x!z}'"),
                 "SyntaxError: f-string: invalid conversion character 'z': expected "
                 "'s', 'r', or 'a' @1:6");
    CHECK_STR_EQ(error_of("f'{}'"),
                 "SyntaxError: f-string: valid expression required before '}' @1:4");
    CHECK_STR_EQ(error_of("x = b'a' f'b'"),
                 "SyntaxError: cannot mix bytes and nonbytes literals @1:14");
}

/* PEP 750: t-strings are TemplateStr nodes of Constant and Interpolation parts */
TEST(tstrings)
{
    CHECK_STR_EQ(
        listing("t\"a{x!r:>{w}}b{y=}\""),
        "Expr@1:0-1:19 TemplateStr@1:0-1:19 Constant@1:2-1:3 Interpolation@1:3-1:13 Name@1:4-1:5 "
        "JoinedStr@1:7-1:12 Constant@1:8-1:9 FormattedValue@1:9-1:12 Name@1:10-1:11 "
        "Constant@1:13-1:17 Interpolation@1:14-1:18 Name@1:15-1:16");
    const Expr *t = expr0();
    CHECK(t && t->kind == E_TemplateStr && t->v.TemplateStr.values.len == 4);
    if (!t || t->v.TemplateStr.values.len != 4)
        return;
    const Expr *i = t->v.TemplateStr.values.items[1];
    CHECK(i->kind == E_Interpolation && i->v.Interpolation.conversion == 'r');
    CHECK(i->v.Interpolation.str_len == 1 && !strcmp(i->v.Interpolation.str, "x"));
    CHECK(const_is(t->v.TemplateStr.values.items[2], "by="));
    i = t->v.TemplateStr.values.items[3];
    CHECK(i->v.Interpolation.conversion == 'r' && !strcmp(i->v.Interpolation.str, "y"));

    CHECK_STR_EQ(listing("t\"{x}\" t\"{y}\""),
                 "Expr@1:0-1:13 TemplateStr@1:0-1:13 Interpolation@1:2-1:5 "
                 "Name@1:3-1:4 Interpolation@1:9-1:12 Name@1:10-1:11");
    CHECK_STR_EQ(error_of("t'a' 'b'"),
                 "SyntaxError: cannot mix t-string literals with string or bytes literals @1:1");
    CHECK_STR_EQ(error_of("f'{x}' t'y'"),
                 "SyntaxError: cannot mix t-string literals with string or bytes literals @1:1");
}

/* PEP 758: several exception types without parentheses */
TEST(except_without_parens)
{
    CHECK_STR_EQ(
        listing("try:\n  pass\nexcept A, B:\n  pass\n"),
        "Try@1:0-4:6 Pass@2:2-2:6 ExceptHandler@3:0-4:6 Tuple@3:7-3:11 Name@3:7-3:8 Name@3:10-3:11 "
        "Pass@4:2-4:6");
    CHECK_STR_EQ(listing("try:\n  pass\nexcept* A, B,:\n  pass\n"),
                 "TryStar@1:0-4:6 Pass@2:2-2:6 ExceptHandler@3:0-4:6 Tuple@3:8-3:13 Name@3:8-3:9 "
                 "Name@3:11-3:12 Pass@4:2-4:6");
    CHECK_STR_EQ(
        error_of("try:\n  pass\nexcept A, B as e:\n  pass\n"),
        "SyntaxError: multiple exception types must be parenthesized when using 'as' @3:8");
}

TEST(constants_and_strings)
{
    CHECK(parse("u'a' 'b'") == 0);
    CHECK(expr0() && expr0()->v.Constant.has_u_prefix && const_is(expr0(), "ab"));
    CHECK(parse("'a' u'b'") == 0);
    CHECK(expr0() && !expr0()->v.Constant.has_u_prefix);
    CHECK(parse("U'a'") == 0);
    CHECK(expr0() && !expr0()->v.Constant.has_u_prefix);
    CHECK(parse("b'a' b'\\x00c'") == 0);
    CHECK(expr0() && expr0()->v.Constant.kind == CONST_BYTES && expr0()->v.Constant.len == 3);
    CHECK(parse("...") == 0);
    CHECK(expr0() && expr0()->v.Constant.kind == CONST_ELLIPSIS);
    CHECK(parse("-1") == 0);
    CHECK(expr0() && expr0()->kind == E_UnaryOp &&
          expr0()->v.UnaryOp.operand->v.Constant.kind == CONST_INT);
}

TEST(arguments)
{
    CHECK(parse("def f(a, b=1, /, c=2, *args: int, d, e=3, **kw): pass") == 0);
    const Stmt *s = stmt0();
    if (!s)
        return;
    const Arguments *a = s->v.FunctionDef.args;
    CHECK(a->posonlyargs.len == 2 && a->args.len == 1 && a->defaults.len == 2);
    CHECK(a->vararg && !strcmp(a->vararg->arg, "args") && a->vararg->annotation);
    CHECK_STR_EQ(span(a->vararg->start, a->vararg->end), "1:23-1:32");
    CHECK(a->kwonlyargs.len == 2 && a->kw_defaults.len == 2 && !a->kw_defaults.items[0] &&
          a->kw_defaults.items[1]);
    CHECK(a->kwarg && !strcmp(a->kwarg->arg, "kw"));
    CHECK_STR_EQ(span(a->kwarg->start, a->kwarg->end), "1:44-1:46");
    CHECK(parse("def f(*args: *Ts): pass") == 0);
    CHECK(stmt0() && stmt0()->v.FunctionDef.args->vararg->annotation->kind == E_Starred);
    CHECK(parse("lambda: 0") == 0);
    CHECK(expr0() && expr0()->kind == E_Lambda && expr0()->v.Lambda.args->args.len == 0);
}

TEST(imports)
{
    CHECK(parse("from ...pkg.mod import (a as b, c,)") == 0);
    const Stmt *s = stmt0();
    CHECK(s && s->kind == S_ImportFrom && s->v.ImportFrom.level == 3 &&
          !strcmp(s->v.ImportFrom.module, "pkg.mod"));
    CHECK(s && s->v.ImportFrom.names.len == 2 &&
          !strcmp(s->v.ImportFrom.names.items[0]->asname, "b"));
    CHECK_STR_EQ(span(s->v.ImportFrom.names.items[0]->start, s->v.ImportFrom.names.items[0]->end),
                 "1:24-1:30");
    CHECK(parse("from .... import *") == 0);
    s = stmt0();
    CHECK(s && s->v.ImportFrom.level == 4 && !s->v.ImportFrom.module &&
          !strcmp(s->v.ImportFrom.names.items[0]->name, "*"));
    CHECK(parse("import os.path as p") == 0);
    s = stmt0();
    CHECK(s && !strcmp(s->v.Import.names.items[0]->name, "os.path"));
    CHECK_STR_EQ(span(s->v.Import.names.items[0]->start, s->v.Import.names.items[0]->end),
                 "1:7-1:19");
}

TEST(targets)
{
    CHECK(parse("a, (b, *c), d[0], e.f = x") == 0);
    const Stmt *s = stmt0();
    CHECK(s && s->kind == S_Assign);
    const Expr *t = s->v.Assign.targets.items[0];
    CHECK(t->kind == E_Tuple && t->v.Tuple.ctx == CTX_STORE);
    CHECK(t->v.Tuple.elts.items[1]->v.Tuple.elts.items[1]->v.Starred.ctx == CTX_STORE);
    CHECK(t->v.Tuple.elts.items[1]->v.Tuple.elts.items[1]->v.Starred.value->v.Name.ctx ==
          CTX_STORE);
    CHECK(t->v.Tuple.elts.items[2]->v.Subscript.ctx == CTX_STORE);
    CHECK(t->v.Tuple.elts.items[3]->v.Attribute.ctx == CTX_STORE);
    CHECK(t->v.Tuple.elts.items[3]->v.Attribute.value->v.Name.ctx == CTX_LOAD);
    CHECK(parse("del a, b[1]") == 0);
    s = stmt0();
    CHECK(s && s->v.Delete.targets.len == 2 &&
          s->v.Delete.targets.items[1]->v.Subscript.ctx == CTX_DEL);
    CHECK(parse("(x): int = 1\ny: int") == 0);
    CHECK(!pf.mod->body.items[0]->v.AnnAssign.simple && pf.mod->body.items[1]->v.AnnAssign.simple);
    CHECK(parse("for x, in y: pass\n[0 for a.b in c]") == 0);
}

/* CPython's messages and positions ("Kind: message @line:col", col 1-based in characters) */
static const struct {
    const char *src, *expected;
} errors[] = {
    { "a b\nx = \"abc", "SyntaxError: unterminated string literal (detected at line 2) @2:5" },
    { "if x\n  pass", "SyntaxError: expected ':' @1:5" },
    { "if x:\npass",
      "IndentationError: expected an indented block after 'if' statement on line 1 @2:1" },
    { "f(a=1, b)", "SyntaxError: positional argument follows keyword argument @1:9" },
    { "def f(a=1, b): pass", "SyntaxError: non-default argument follows default argument @1:12" },
    { "try:\n  pass\nx=1", "SyntaxError: expected 'except' or 'finally' block @3:1" },
    { "  x = 1", "IndentationError: unexpected indent @1:2" },
    { "if 1:\n    x\n  y",
      "IndentationError: unindent does not match any outer indentation level @3:4" },
    { "f() = 1", "SyntaxError: cannot assign to function call here. Maybe you meant '==' instead "
                 "of '='? @1:1" },
    { "del f()", "SyntaxError: cannot delete function call @1:5" },
    { "(a, b) += 1",
      "SyntaxError: 'tuple' is an illegal expression for augmented assignment @1:1" },
    { "1 = 2",
      "SyntaxError: cannot assign to literal here. Maybe you meant '==' instead of '='? @1:1" },
    { "a = yield = 3", "SyntaxError: assignment to yield expression not possible @1:5" },
    { "(a, b) = (yield) = 3", "SyntaxError: cannot assign to yield expression @1:11" },
    { "x if y else z = 1", "SyntaxError: cannot assign to conditional expression @1:1" },
    { "(a.b := 1)", "SyntaxError: cannot use assignment expressions with attribute @1:2" },
    { "del (a, *b)", "SyntaxError: cannot delete starred @1:9" },
    { "for f() in x: pass", "SyntaxError: cannot assign to function call @1:5" },
    { "for x + 1 in y: pass", "SyntaxError: cannot assign to expression @1:5" },
    { "with a as f(): pass", "SyntaxError: cannot assign to function call @1:11" },
    { "(a, b): int", "SyntaxError: only single target (not tuple) can be annotated @1:1" },
    { "a.b, c: int", "SyntaxError: only single target (not tuple) can be annotated @1:1" },
    { "f(): int", "SyntaxError: illegal target for annotation @1:1" },
    { "x = b\"a\" \"b\"", "SyntaxError: cannot mix bytes and nonbytes literals @1:13" },
    { "if x = 1: pass",
      "SyntaxError: invalid syntax. Maybe you meant '==' or ':=' instead of '='? @1:4" },
    { "if x.y = 1: pass",
      "SyntaxError: cannot assign to attribute here. Maybe you meant '==' instead of '='? @1:4" },
    { "f(a.b=1)",
      "SyntaxError: expression cannot contain assignment, perhaps you meant \"==\"? @1:3" },
    { "f(True=1)", "SyntaxError: cannot assign to True @1:3" },
    { "print \"x\"",
      "SyntaxError: Missing parentheses in call to 'print'. Did you mean print(...)? @1:1" },
    { "from x import a,",
      "SyntaxError: trailing comma not allowed without surrounding parentheses @1:17" },
    { "def f(*, **k): pass", "SyntaxError: named arguments must follow bare * @1:7" },
    { "def f(**k, a): pass", "SyntaxError: arguments cannot follow var-keyword argument @1:12" },
    { "def f(a, /, b, /): pass", "SyntaxError: / may appear only once @1:16" },
    { "def f(*a=1): pass", "SyntaxError: var-positional argument cannot have default value @1:9" },
    { "def f(a, *, b, /): pass", "SyntaxError: / must be ahead of * @1:16" },
    { "lambda a=1, b: 0", "SyntaxError: non-default argument follows default argument @1:13" },
    { "lambda *,: 0", "SyntaxError: named arguments must follow bare * @1:10" },
    { "f(x for x in y, 1)", "SyntaxError: Generator expression must be parenthesized @1:3" },
    { "f(**a, *b)",
      "SyntaxError: iterable argument unpacking follows keyword argument unpacking @1:8" },
    { "f(**a, b)", "SyntaxError: positional argument follows keyword argument unpacking @1:9" },
    { "def f:\n  pass", "SyntaxError: expected '(' @1:6" },
    { "def f()\n  pass", "SyntaxError: expected ':' @1:8" },
    { "class A\n  pass", "SyntaxError: expected ':' @1:8" },
    { "for x in range(3):\npass",
      "IndentationError: expected an indented block after 'for' statement on line 1 @2:1" },
    { "def f():\nreturn",
      "IndentationError: expected an indented block after function definition on line 1 @2:1" },
    { "class A:\npass",
      "IndentationError: expected an indented block after class definition on line 1 @2:1" },
    { "try:\n  pass\nexcept:\npass",
      "IndentationError: expected an indented block after 'except' statement on line 3 @4:1" },
    { "if a:\n  pass\nelif b:\npass",
      "IndentationError: expected an indented block after 'elif' statement on line 3 @4:1" },
    { "match x:\ncase 1: pass",
      "IndentationError: expected an indented block after 'match' statement on line 1 @2:1" },
    { "match x:\n  case 1:\n  pass",
      "IndentationError: expected an indented block after 'case' statement on line 2 @3:3" },
    { "match x\n  case 1: pass", "SyntaxError: expected ':' @1:8" },
    { "match x y", "SyntaxError: invalid syntax @1:9" },
    { "with (a as b) as c: pass", "SyntaxError: invalid syntax @1:15" },
    { "try:\n  pass\nexcept* A:\n  pass\nexcept B:\n  pass",
      "SyntaxError: cannot have both 'except' and 'except*' on the same 'try' @5:1" },
    { "try:\n  pass\nexcept *:\n  pass", "SyntaxError: expected one or more exception types @3:9" },
    { "[1 2]", "SyntaxError: invalid syntax. Perhaps you forgot a comma? @1:2" },
    { "f(a b)", "SyntaxError: invalid syntax. Perhaps you forgot a comma? @1:3" },
    { "{1: 2 3: 4}", "SyntaxError: invalid syntax. Perhaps you forgot a comma? @1:5" },
    { "x = a if b", "SyntaxError: expected 'else' after 'if' expression @1:5" },
    { "x = 1 \\ + 2", "SyntaxError: unexpected character after line continuation character @1:8" },
    { "x = (", "SyntaxError: '(' was never closed @1:5" },
    { "x = 0777", "SyntaxError: leading zeros in decimal integer literals are not permitted; use "
                  "an 0o prefix for octal integers @1:5" },
    { "t\"a\" \"b\"",
      "SyntaxError: cannot mix t-string literals with string or bytes literals @1:1" },
    { "type X[] = int", "SyntaxError: Type parameter list cannot be empty @1:8" },
    { "def f[**P: int](): pass", "SyntaxError: cannot use bound with ParamSpec @1:10" },
    { "match x:\n  case 1j+1: pass", "SyntaxError: real number required in complex literal @2:8" },
};

/* CPython 3.13's messages and positions (end of file, tokenizer versus parser errors, newer
 * messages) */
static const struct {
    const char *src, *expected;
} errors_313[] = {
    { "import", "SyntaxError: Expected one or more names after 'import' @1:7" },
    { "def f():",
      "IndentationError: expected an indented block after function definition on line 1 @1:9" },
    { "try:\n  pass\n", "SyntaxError: expected 'except' or 'finally' block @2:7" },
    { "@x\n", "SyntaxError: invalid syntax @1:0" },
    { "if x:\n  @x\n", "IndentationError: unexpected unindent @2:5" },
    { "def broken(:\n", "SyntaxError: invalid syntax @1:12" },
    { "a b\nx = (\n", "SyntaxError: invalid syntax @1:3" },
    { "x = (a\n  b c\n", "SyntaxError: '(' was never closed @1:5" },
    { "a b\nx = 1\n  y = 2\n", "SyntaxError: invalid syntax @1:3" },
    { "f(*)", "SyntaxError: Invalid star expression @1:4" },
    { "def f((a, b)): pass", "SyntaxError: Function parameters cannot be parenthesized @1:7" },
    { "lambda (a): 0", "SyntaxError: Lambda expression parameters cannot be parenthesized @1:8" },
    { "x = 1not ", "SyntaxError: invalid syntax @1:10" },
    { "if x.y: = 1\n", "SyntaxError: invalid syntax @1:9" },
    { "f(a, b for , c)", "SyntaxError: invalid syntax @1:8" },
    { "def f(x:int) -> : pass", "SyntaxError: expected ':' @1:14" },
    { "with f() as g\n  pass", "SyntaxError: expected ':' @1:14" },
    /* a later bad target: invalid_named_expression at the statement's start wins */
    { "x = a < b = 1",
      "SyntaxError: invalid syntax. Maybe you meant '==' or ':=' instead of '='? @1:1" },
    { "x.y = 1, 2 = 3",
      "SyntaxError: cannot assign to attribute here. Maybe you meant '==' instead of '='? @1:1" },
    { "x = y = a < b = 1", "SyntaxError: cannot assign to comparison @1:9" },
    { "def f(a, b=1, c d): pass", "SyntaxError: invalid syntax @1:17" },
};

TEST(error_messages)
{
    for (size_t i = 0; i < ARRAY_LEN(errors_313); i++)
        CHECK_STR_EQ(error_of(errors_313[i].src), errors_313[i].expected);
    for (size_t i = 0; i < ARRAY_LEN(errors); i++)
        CHECK_STR_EQ(error_of(errors[i].src), errors[i].expected);
    /* a tokenizer error later in the file wins over a parser error before it, as in CPython */
    CHECK_STR_EQ(error_of("f() = 1\nx = 'abc\n"),
                 "SyntaxError: unterminated string literal (detected at line 2) @2:5");
    /* columns count characters, not bytes */
    CHECK_STR_EQ(
        error_of("\"\u00e9\u00e9\" = 1"),
        "SyntaxError: cannot assign to literal here. Maybe you meant '==' instead of '='? @1:1");
    CHECK_STR_EQ(error_of("x = ('\u00e9\u00e9' 2)"),
                 "SyntaxError: invalid syntax. Perhaps you forgot a comma? @1:6");
    CHECK_STR_EQ(error_of("'\u00e9\u00e9' + $"), "SyntaxError: invalid syntax @1:8");
}

static char *
repeat(const char *head, const char *unit, size_t n, const char *tail)
{
    size_t hl = strlen(head), ul = strlen(unit), tl = strlen(tail);
    char *s = malloc(hl + ul * n + tl + 1);
    memcpy(s, head, hl);
    for (size_t i = 0; i < n; i++)
        memcpy(s + hl + ul * i, unit, ul);
    memcpy(s + hl + ul * n, tail, tl + 1);
    return s;
}

/* Deep nesting is an error, never a crash; moderate nesting parses. */
TEST(nesting_limits)
{
    static const struct {
        const char *head, *unit, *tail;
    } shapes[] = {
        { "", "-", "x" },          { "", "not ", "x" },         { "x", ".a", "" },
        { "x", "[0]", "" },        { "x", "(1)", "" },          { "", "lambda:", "x" },
        { "x", "**x", "" },        { "", "1 if x else ", "2" }, { "x", "+x", "" },
        { "", "await ", "x" },     { "x = ", "f'{", "" },       { "", "[", "" },
        { "x = ", "yield ", "1" }, { "x", " or x", "" },        { "x", " < x", "" },
    };
    for (size_t i = 0; i < ARRAY_LEN(shapes); i++) {
        char *deep = repeat(shapes[i].head, shapes[i].unit, 100000, shapes[i].tail);
        CHECK(parse(deep) != 0 || i >= 13); /* flat chains (or, <) are fine at any length */
        CHECK(pf.err.set || i >= 13);
        free(deep);
        char *mid = repeat(shapes[i].head, shapes[i].unit, 150, shapes[i].tail);
        int rc = parse(mid);
        /* `await await x`, 150 unclosed brackets and `yield yield` are errors at any depth; 150 is
         * within CPython's limits for the rest */
        CHECK(rc == 0 || i == 9 || i == 10 || i == 11 || i == 12);
        free(mid);
    }
    char *elifs = repeat("if x: pass\n", "elif x: pass\n", 2000, "else: pass\n");
    CHECK(parse(elifs) == 0);
    free(elifs);
}

TEST(match_statement)
{
    CHECK(parse("match x:\n  case {'k': v, **rest}: pass\n  case C(1, a=2): pass\n  case [*_]: "
                "pass\n") == 0);
    const Stmt *s = stmt0();
    CHECK(s && s->kind == S_Match && s->v.Match.cases.len == 3);
    if (!s || s->v.Match.cases.len != 3)
        return;
    const Pattern *m = s->v.Match.cases.items[0]->pattern;
    CHECK(m->kind == P_MatchMapping && !strcmp(m->v.MatchMapping.rest, "rest") &&
          m->v.MatchMapping.keys.len == 1);
    m = s->v.Match.cases.items[1]->pattern;
    CHECK(m->kind == P_MatchClass && m->v.MatchClass.patterns.len == 1 &&
          m->v.MatchClass.kwd_attrs.len == 1);
    CHECK(m->kind == P_MatchClass && !strcmp(m->v.MatchClass.kwd_attrs.items[0], "a"));
    m = s->v.Match.cases.items[2]->pattern;
    CHECK(m->kind == P_MatchSequence && m->v.MatchSequence.patterns.items[0]->kind == P_MatchStar);
    CHECK(m->v.MatchSequence.patterns.items[0]->v.MatchStar.name == NULL);
    /* match and case as names */
    CHECK(parse("match = 1\nmatch.x = 2\nmatch[1]: int\ncase = match(case)\nmatch -x\n") == 0);
    CHECK(pf.mod->body.len == 5 && pf.mod->body.items[4]->kind == S_Expr);
}

TEST_MAIN("parse_parser", TEST_CASE(positions_match_cpython), TEST_CASE(type_params),
          TEST_CASE(fstrings), TEST_CASE(tstrings), TEST_CASE(except_without_parens),
          TEST_CASE(constants_and_strings), TEST_CASE(arguments), TEST_CASE(imports),
          TEST_CASE(targets), TEST_CASE(error_messages), TEST_CASE(nesting_limits),
          TEST_CASE(match_statement))
