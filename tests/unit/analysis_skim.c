/* Unit tests for analysis/skim: what it records (ids, chains, imports, classes, module-level async
 * defs, async syntax) and where it must say `unsure`, case by case; every valid snippet is also
 * checked against the real parser with skim_check.h.
 *
 * With arguments the binary has two more modes:
 *   --corpus PATH...  skims every file (directories are walked for *.py), checks the files that
 *                     parse against the parser, prints one line per broken promise and the line
 *                     "skim corpus: N files, N parsed, N violations, N unsure (N excused)";
 *                     exit status 1 on any violation.
 *   --bench [--runs N] [--skim-only] PATH...
 *                     reads and decodes the files, then reports the skim's and the lexer's MB/s
 *                     over the same text: CPU time of one thread, best of N runs (default 7). */
#include "analysis/skim.h"
#include "base/files.h"
#include "parse/lexer.h"
#include "parse/parser.h"
#include "parse/source.h"
#include "skim_check.h"
#include "test.h"

#include <time.h>

static Arena arena;
static FileSkim fs;
static StrBuf out = STRBUF_INIT;

static const FileSkim *
skim(const char *text)
{
    arena_free(&arena);
    arena_init(&arena, 0);
    skim_text(&fs, &arena, text, (uint32_t)strlen(text));
    return &fs;
}

static bool
has_id(const char *s)
{
    return skim_has_id(&fs, s, strlen(s));
}

static bool
has_chain(const char *s)
{
    return skim_has_chain(&fs, s, strlen(s));
}

/* imports: "module|name|local|level|top" for each import, joined by "; " (NULL shown as -) */
static const char *
imports(void)
{
    sb_clear(&out);
    for (uint32_t i = 0; i < fs.nimports; i++) {
        const SkimImport *imp = &fs.imports[i];
        sb_printf(&out, "%s%s|%s|%s|%u|%s", i ? "; " : "", imp->module, imp->name ? imp->name : "-",
                  imp->local ? imp->local : "-", imp->level, imp->top_level ? "top" : "inner");
    }
    return sb_cstr(&out);
}

/* classes: "Name(base,base)" plus " async" and " inner" flags, joined by "; " */
static const char *
classes(void)
{
    sb_clear(&out);
    for (uint32_t i = 0; i < fs.nclasses; i++) {
        const SkimClass *c = &fs.classes[i];
        sb_printf(&out, "%s%s(", i ? "; " : "", c->name);
        for (uint32_t j = 0; j < c->nbases; j++)
            sb_printf(&out, "%s%s", j ? "," : "", c->bases[j]);
        sb_printf(&out, ")%s%s", c->has_async_member ? " async" : "", c->top_level ? "" : " inner");
    }
    return sb_cstr(&out);
}

static const char *
async_defs(void)
{
    sb_clear(&out);
    for (uint32_t i = 0; i < fs.nasync_defs; i++)
        sb_printf(&out, "%s%s", i ? " " : "", fs.async_defs[i]);
    return sb_cstr(&out);
}

static const char *
defs(void)
{
    sb_clear(&out);
    for (uint32_t i = 0; i < fs.ndefs; i++)
        sb_printf(&out, "%s%s", i ? " " : "", fs.defs[i]);
    return sb_cstr(&out);
}

/* sound: text must parse, and its skim must keep every promise (violations go to stderr). */
static bool
sound(const char *text)
{
    Arena a;
    arena_init(&a, 0);
    ParsedFile pf;
    bool ok = false;
    if (parse_source(&pf, &a, "<test>", text, strlen(text)) != 0) {
        fprintf(stderr, "FAIL %s: does not parse: %s at %u:%u\n", test_current_name, pf.err.msg,
                pf.err.line, pf.err.col);
    } else {
        FileSkim k;
        skim_text(&k, &a, pf.src.text, pf.src.len);
        ok = skim_check(&pf, &k, test_current_name, stderr) == 0;
    }
    arena_free(&a);
    return ok;
}

TEST(comments_and_strings_hide_code)
{
    skim("x = 1  # import os; await y\n");
    CHECK(has_id("x"));
    CHECK(!has_id("os") && !has_id("y") && !has_id("import"));
    CHECK_STR_EQ(imports(), "");
    CHECK(!fs.async_syntax && !fs.unsure);

    skim("s = 'import os'\nt = \"async def f(): pass\"\nu = '''\nimport sys\nclass X: pass\n'''\n"
         "v = b'await'\nw = rb'\\\\' + c\n");
    CHECK_STR_EQ(imports(), "");
    CHECK_STR_EQ(classes(), "");
    CHECK(!fs.async_syntax && !fs.unsure);
    CHECK(has_id("c") && has_id("w") && !has_id("sys") && !has_id("X"));

    /* a backslash skips the next character, in raw strings too */
    skim("a = r\"x\\\"y\" + b\nc = 'it\\'s' + d\ne = '''a\\''' + f'''\n");
    CHECK(!fs.unsure);
    CHECK(has_id("b") && has_id("d") && !has_id("y") && !has_id("s") && !has_id("f"));
    CHECK(sound("a = r\"x\\\"y\" + b\nc = 'it\\'s' + d\ne = '''a\\''' + f'''\n"));

    /* four quotes: the string ends at the first three */
    skim("x = '''a''''' + y\n");
    CHECK(!fs.unsure && has_id("y"));
    /* a docstring with both quote kinds and escapes */
    skim("def f():\n    \"\"\"It's \\\"\"\" not the end\"\"\"\n    return g\n");
    CHECK(!fs.unsure && has_id("g") && !has_id("end"));
}

TEST(string_prefixes)
{
    const char *src = "a = rb'x' + Rb\"y\" + BR'''z''' + u'w' + f'{p}' + Rf'''{q}''' + "
                      "fR\"{r}\" + t'{s}' + Tr'{v}' + b'' + F''\n";
    skim(src);
    CHECK(has_id("p") && has_id("q") && has_id("r") && has_id("s") && has_id("v"));
    CHECK(!has_id("rb") && !has_id("Rb") && !has_id("BR") && !has_id("u") && !has_id("Rf"));
    CHECK(!has_id("x") && !has_id("y") && !has_id("z") && !has_id("w"));
    CHECK(!fs.unsure);
    CHECK(sound(src));
    /* names made of prefix letters are names when no quote follows */
    skim("rb = f = bar = fr = 1\nf(rb, bar) ; print(t)\n");
    CHECK(has_id("rb") && has_id("f") && has_id("bar") && has_id("fr") && has_id("t"));
    /* bar"x" is no prefix (and invalid Python): a name, then a string */
    skim("bar\"x\"\n");
    CHECK(has_id("bar") && !has_id("x"));
}

TEST(fstring_fields)
{
    skim("f\"{x}\"\n");
    CHECK(has_id("x"));
    skim("f\"{{x}} {{{y}}}\"\n");
    CHECK(!has_id("x") && has_id("y") && !fs.unsure);
    skim("f\"{a.b.c!r:>{width}}\"\n");
    CHECK(has_chain("a.b") && has_chain("a.b.c") && has_id("width") && !has_id("r"));
    /* the same quote inside a field (3.12+) */
    const char *nested = "v = f\"{x[\"a\"]} and {f\"{y}\"} and {f'{f\"{z}\"}'}\" + after\n";
    skim(nested);
    CHECK(has_id("x") && has_id("y") && has_id("z") && has_id("after") && !has_id("a"));
    CHECK(!fs.unsure);
    CHECK(sound(nested));
    /* format specs: literal text with nested fields */
    skim("f\"{v:{w}.{p}f} {t:%H:%M} {n:>10}\" + k\n");
    CHECK(has_id("v") && has_id("w") && has_id("p") && has_id("t") && has_id("n") && has_id("k"));
    CHECK(!has_id("f") && !has_id("H") && !has_id("M"));
    CHECK(!fs.unsure);
    /* triple-quoted, with newlines and comments in a field */
    const char *multi = "s = f\"\"\"head {\n    a  # not b\n    + c.d\n} tail \"quoted\" {e!s}\n"
                        "\"\"\"\nimport after\n";
    skim(multi);
    CHECK(has_id("a") && has_id("c") && has_chain("c.d") && has_id("e") && !has_id("b"));
    CHECK(!has_id("head") && !has_id("tail") && !has_id("quoted"));
    CHECK_STR_EQ(imports(), "after|-|after|0|top");
    CHECK(!fs.unsure);
    CHECK(sound(multi));
    /* operators that are not conversions or specs */
    skim("f\"{a!=b} {c=} {d = !r} {(lambda: e)()} {g if h else 'i'} {j:=k}\"\n");
    CHECK(has_id("a") && has_id("b") && has_id("c") && has_id("d") && has_id("e"));
    CHECK(has_id("g") && has_id("h") && has_id("j") && !has_id("i") && !has_id("k"));
    CHECK(!fs.unsure);
    /* a '}' inside a string of a field; a dict display in a field */
    skim("f\"{d['}']}{ {'k': v}['k'] }\" + after\n");
    CHECK(has_id("d") && has_id("v") && has_id("after") && !has_id("k") && !fs.unsure);
    /* raw f-strings: a backslash does not hide a brace */
    skim("rf\"\\{x}\" + f\"\\N{DASH}{y}\" + f\"a\\\"{z}\\\"\"\n");
    CHECK(has_id("x") && has_id("y") && has_id("z") && !has_id("DASH") && !fs.unsure);
    CHECK(sound("rf\"\\{x}\" + f\"\\N{EM DASH}{y}\" + f\"a\\\"{z}\\\"\"\n"));
    /* t-strings */
    skim("t\"{q:{r}}\" t'''{\ns\n}'''\n");
    CHECK(has_id("q") && has_id("r") && has_id("s") && !fs.unsure);
    /* implicit concatenation and chains right after */
    skim("x = f\"{a}\" f'{b}' 'c'.join(d)\n");
    CHECK(has_id("a") && has_id("b") && has_id("join") && !has_chain("c.join"));
    /* a colon inside brackets of a field is no format spec */
    skim("f\"{x[1:2]} {y(z=lambda: w)}\"\n");
    CHECK(has_id("x") && has_id("y") && has_id("w") && !fs.unsure);
}

TEST(fstring_errors)
{
    skim("x = f\"{a\nimport b\n");
    CHECK(fs.unsure);
    skim("x = f\"abc\nimport b\n");
    CHECK(fs.unsure);
    CHECK_STR_EQ(imports(), "b|-|b|0|top");
    skim("x = f'''{a");
    CHECK(fs.unsure);
    skim("x = f'''abc");
    CHECK(fs.unsure);
    skim("x = f'a}b'\n");
    CHECK(fs.unsure);
    skim("x = f'{a:{b:{c:{d}}}}'\n"); /* fields nested too deeply in specs */
    CHECK(fs.unsure);
    skim("f'{");
    CHECK(fs.unsure);
    skim("f'");
    CHECK(fs.unsure);
}

TEST(async_syntax)
{
    skim("x = 1\n");
    CHECK(!fs.async_syntax);
    skim("await x\n");
    CHECK(fs.async_syntax);
    skim("def f():\n    async with a: pass\n");
    CHECK(fs.async_syntax);
    skim("class A:\n    def __aenter__(self): pass\n");
    CHECK(fs.async_syntax);
    skim("y = obj.__await__\n");
    CHECK(fs.async_syntax);
    skim("y = [i for i in __aiter__]\n");
    CHECK(fs.async_syntax);
    skim("z = __anext__ or __aexit__\n");
    CHECK(fs.async_syntax);
    skim("s = 'async' # await\nasyncio = awaiting = __aenter = __aiter_x__ = 1\n");
    CHECK(!fs.async_syntax);
    CHECK(has_id("asyncio") && has_id("awaiting"));
    skim("f'{await x}'\n");
    CHECK(fs.async_syntax);
}

TEST(chains)
{
    skim("x = a.b.c\n");
    CHECK(has_chain("a.b") && has_chain("a.b.c") && has_id("a") && has_id("b") && has_id("c"));
    CHECK(!has_chain("b.c") && !has_chain("x.a"));
    skim("(a\n .b  # comment\n .c)\nd . e\nf.\\\n  g\n");
    CHECK(has_chain("a.b") && has_chain("a.b.c") && has_chain("d.e") && has_chain("f.g"));
    CHECK(sound("(a\n .b  # comment\n .c)\nd . e\nf.\\\n  g\n"));
    skim("x.a.b\n");
    CHECK(has_chain("x.a") && has_chain("x.a.b") && !has_chain("a.b"));
    skim("f().x\na[0].b\ng(c).d\n(e, f).g\n(h + i).j\n");
    CHECK(!has_chain("f.x") && !has_chain("a.b") && has_id("x") && has_id("b") && has_id("d"));
    CHECK(!has_chain("f.g") && !has_chain("i.j"));
    /* parentheses around a chain's start: the AST has no trace of them */
    const char *grouped = "x = 2 ** (num).bit_length()\ny = ((a.b)).c + ( d\n).e\n"
                          "return_ = [(f)(g).h]\ndef k(): return (m).n\nz = not (p).q\n";
    skim(grouped);
    CHECK(has_chain("num.bit_length") && has_chain("a.b") && has_chain("a.b.c"));
    CHECK(has_chain("d.e") && has_chain("m.n") && has_chain("p.q") && !has_chain("g.h"));
    CHECK(sound(grouped));
    skim("y = 1.5 + 1..real + 2 .imag + .5j + 0x1f.bit_length\n");
    CHECK(has_id("real") && has_id("imag") && has_id("bit_length"));
    CHECK(!has_id("j") && !has_id("f") && !has_id("x1f"));
    CHECK(sound("y = 1.5 + 1..real + 2 .imag + .5j + 0x1f .bit_length\n"));
    /* keywords right after a number ("1if", "0x1for") may be lost, names after them not */
    skim("z = [1if x else 0x1for y in w]\n");
    CHECK(has_id("x") && has_id("y") && has_id("w") && !fs.unsure);
    skim("@a.b.c\ndef f(x=m.n): return p.q\n");
    CHECK(has_chain("a.b.c") && has_chain("m.n") && has_chain("p.q"));
    /* long chains are hashed piece by piece */
    StrBuf sb = STRBUF_INIT;
    for (int i = 0; i < 500; i++)
        sb_printf(&sb, "%sname%d", i ? " . " : "", i);
    sb_addc(&sb, '\n');
    skim(sb_cstr(&sb));
    sb_clear(&sb);
    for (int i = 0; i < 500; i++)
        sb_printf(&sb, "%sname%d", i ? "." : "", i);
    CHECK(has_chain(sb_cstr(&sb)));
    sb_free(&sb);
    /* the chain hash equals skim_hash of the dotted text */
    CHECK(skim_hash("a.b", 3) == skim_hash("a.b", 3));
    CHECK(skim_hash("a.b", 3) != skim_hash("a.c", 3));
    CHECK(skim_hash("abcdefgh", 8) != skim_hash("abcdefgh\0", 9));
}

TEST(imports)
{
    skim("import a.b.c\nimport a.b as c, d , e.f as g\n");
    CHECK_STR_EQ(imports(), "a.b.c|-|a|0|top; a.b|-|c|0|top; d|-|d|0|top; e.f|-|g|0|top");
    skim("from ..pkg.mod import x as y, z\nfrom . import w\nfrom .m import *\n"
         "from .... import deep\nfrom ... import three\n");
    CHECK_STR_EQ(imports(), "pkg.mod|x|y|2|top; pkg.mod|z|z|2|top; |w|w|1|top; m|*|-|1|top; "
                            "|deep|deep|4|top; |three|three|3|top");
    skim("from m import (a,\n    b as c,  # comment\n    d,\n)\nfrom n import (e)\n");
    CHECK_STR_EQ(imports(), "m|a|a|0|top; m|b|c|0|top; m|d|d|0|top; n|e|e|0|top");
    skim("import os; import sys\nif x: from a import b\ntry: import json\n"
         "except ImportError: json = None\nelse: import k; from l import m\n");
    CHECK_STR_EQ(imports(), "os|-|os|0|top; sys|-|sys|0|top; a|b|b|0|top; json|-|json|0|top; "
                            "k|-|k|0|top; l|m|m|0|top");
    /* yield from, raise from: no imports */
    skim("def g():\n    yield from x\n    raise E from y\n    z = yield from w\n");
    CHECK_STR_EQ(imports(), "");
    /* depth */
    skim("def f():\n    import os\nclass A:\n    from b import c\nif x:\n    import d\n"
         "    def g(): import e\nimport h\n");
    CHECK_STR_EQ(imports(), "os|-|os|0|inner; b|c|c|0|inner; d|-|d|0|top; e|-|e|0|inner; "
                            "h|-|h|0|top");
    /* continuation lines and spaces in dotted names */
    skim("from a . b \\\n  import c\nimport d . e\n");
    CHECK_STR_EQ(imports(), "a.b|c|c|0|top; d.e|-|d|0|top");
    const char *all = "import a.b.c\nimport a.b as c, d\nfrom . import w\nfrom m import (a,\n"
                      "  b as c,\n)\nfrom .m import *\ndef f():\n    import os\n"
                      "class A:\n    from b import c\nif x: from q import r\n";
    CHECK(sound(all));
}

TEST(classes)
{
    const char *src = "class A(B, mod.Base2, Generic[T], metaclass=Meta):\n    pass\n"
                      "class Outer:\n    class Inner(Outer.X):\n        async def m(self): pass\n"
                      "    def meth(self):\n        class Local(y . z):\n            pass\n"
                      "def f():\n    class L: pass\n"
                      "class C:\n    async def m(self): pass\n"
                      "class D:\n    def __aenter__(self): pass\n"
                      "class E:\n    def f(self):\n        async def inner(): pass\n"
                      "class G[T: int](Base[T], **kw):\n    x: int\n"
                      "class H(  # comment\n    a.b\n    .c,\n    f(x).y,\n):\n    pass\n"
                      "class I((m).N, (o.p).Q):\n    pass\n";
    skim(src);
    CHECK_STR_EQ(classes(), "A(B,mod.Base2,Generic,T,Meta); Outer(); Outer.Inner(Outer.X) async; "
                            "Outer.Local(y.z) inner; L() inner; C() async; D() async; E(); "
                            "G(Base,T,kw); H(a.b.c,f,x,y); I(m.N,o.p.Q)");
    CHECK(!fs.unsure);
    CHECK(sound(src));
    /* a class header on one line with its body */
    skim("class K(B): import os\nclass M: x = await_it\n");
    CHECK_STR_EQ(classes(), "K(B); M()");
    CHECK_STR_EQ(imports(), "os|-|os|0|inner");
    /* decorators */
    skim("@dataclass(frozen=True)\nclass P(Q):\n    @property\n    async def r(self): pass\n");
    CHECK_STR_EQ(classes(), "P(Q) async");
    CHECK(has_id("dataclass") && has_id("frozen") && has_id("property"));
}

TEST(module_level_async_defs)
{
    const char *src =
        "async def main(): pass\n"
        "if x:\n    async def g(): pass\n"
        "try:\n    async def t(): pass\nexcept E:\n    pass\n"
        "with a:\n    for i in b:\n        while c:\n            async def w(): pass\n"
        "match m:\n    case 1:\n        async def mm(): pass\n"
        "def f():\n    async def h(): pass\n"
        "class K:\n    async def m(self): pass\n"
        "@dec\nasync def d(): pass\n"
        "async \\\n  def cont(): pass\n";
    skim(src);
    CHECK_STR_EQ(async_defs(), "main g t w mm d cont");
    /* every module-level def, sync or async: the names a module can define functions under */
    CHECK_STR_EQ(defs(), "main g t w mm f d cont");
    CHECK(fs.async_syntax && !fs.unsure);
    CHECK(sound(src));
}

/* group_syntax: an except* clause or a name containing ExceptionGroup, and nothing else */
TEST(group_syntax)
{
    static const struct {
        const char *src;
        bool group;
    } cases[] = {
        { "try:\n    f()\nexcept* ValueError:\n    pass\n", true },
        { "try:\n    f()\nexcept *ValueError as e:\n    pass\n", true },
        { "try:\n    f()\nexcept ExceptionGroup as eg:\n    pass\n", true },
        { "x = BaseExceptionGroup\n", true },
        { "class MyExceptionGroupError(Exception): pass\n", true },
        { "try:\n    f()\nexcept (ValueError, KeyError) as e:\n    raise e.exceptions\n", false },
        { "s = 'ExceptionGroup'  # ExceptionGroup\nx = a * b\n", false },
        { "try:\n    f()\nexcept:\n    pass\nexcept_ = 1\nx = y *z\n", false },
    };
    for (size_t i = 0; i < ARRAY_LEN(cases); i++) {
        skim(cases[i].src);
        if (fs.group_syntax != cases[i].group)
            fprintf(stderr, "FAIL group_syntax: case %zu: got %d\n", i, fs.group_syntax);
        CHECK(fs.group_syntax == cases[i].group);
        CHECK(sound(cases[i].src));
    }
}

TEST(indentation)
{
    /* tabs go to the next multiple of 8 */
    const char *tabs = "class A:\n\tdef f(self): pass\n\tasync def g(self): pass\n"
                       "async def top(): pass\n"
                       "if x:\n\tclass B:\n\t\tasync def m(self): pass\n\tasync def n(): pass\n";
    skim(tabs);
    CHECK_STR_EQ(classes(), "A() async; B() async");
    CHECK_STR_EQ(async_defs(), "top n");
    CHECK(sound(tabs));
    /* a form feed resets the column */
    skim("class A:\n    pass\n\fasync def f(): pass\n");
    CHECK_STR_EQ(async_defs(), "f");
    /* blank lines, comment lines and continuation lines do not end blocks */
    const char *blank = "class A:\n    x = 1\n\n# comment at column 0\n  # other\n"
                        "    y = (1,\n2)\n    z = \\\n3\n    async def m(self): pass\n";
    skim(blank);
    CHECK_STR_EQ(classes(), "A() async");
    CHECK_STR_EQ(async_defs(), "");
    CHECK(sound(blank));
    /* a backslash at the start of a line: its column is the indentation */
    skim("class A:\n    x = 1\n\\\n    async def m(self): pass\n");
    CHECK_STR_EQ(async_defs(), "m");
    CHECK_STR_EQ(classes(), "A()");
    skim("class A:\n    x = 1\n  \\\n\n    async def m(self): pass\n");
    CHECK_STR_EQ(classes(), "A() async");
    /* a multi-line string does not end a block */
    skim("class A:\n    s = '''\nasync def x(): pass\n'''\n    async def m(self): pass\n");
    CHECK_STR_EQ(classes(), "A() async");
    CHECK_STR_EQ(async_defs(), "");
}

TEST(decoded_crlf)
{
    /* the decoder has already turned CRLF and CR into LF */
    Arena a;
    arena_init(&a, 0);
    Source src;
    SyntaxErr err;
    const char raw[] = "import os\r\nclass A(B):\r\n    async def m(self): pass\rimport sys\r\n";
    CHECK(source_decode(&a, "crlf.py", raw, sizeof raw - 1, &src, &err) == 0);
    FileSkim k;
    skim_text(&k, &a, src.text, src.len);
    CHECK_INT_EQ(k.nimports, 2);
    CHECK_INT_EQ(k.nclasses, 1);
    CHECK(k.nclasses == 1 && k.classes[0].has_async_member);
    CHECK(!k.unsure);
    arena_free(&a);
}

TEST(unsure)
{
    skim("x = 'abc\nimport os\n");
    CHECK(fs.unsure);
    CHECK_STR_EQ(imports(), "os|-|os|0|top"); /* the string ended at the newline */
    skim("x = \"\"\"abc\nimport os\n");
    CHECK(fs.unsure);
    CHECK_STR_EQ(imports(), "");
    skim("f(a\n");
    CHECK(fs.unsure);
    skim("a)\n");
    CHECK(fs.unsure);
    skim("(]\n");
    CHECK(fs.unsure);
    skim("caf\xC3\xA9 = 1\n");
    CHECK(fs.unsure);
    CHECK(has_id("caf\xC3\xA9"));
    skim("\xCF\x80 = x.\xCF\x80\n");
    CHECK(fs.unsure && has_chain("x.\xCF\x80") && has_id("x"));
    skim("x = 1\n");
    CHECK(!fs.unsure);
    skim("");
    CHECK(!fs.unsure && fs.nimports == 0);
}

TEST(deep_nesting)
{
    StrBuf sb = STRBUF_INIT;
    for (int i = 0; i < 300; i++)
        sb_addc(&sb, '(');
    sb_adds(&sb, "x");
    for (int i = 0; i < 300; i++)
        sb_addc(&sb, ')');
    skim(sb_cstr(&sb));
    CHECK(fs.unsure);

    sb_clear(&sb);
    sb_adds(&sb, "x");
    for (int i = 0; i < 100; i++) {
        StrBuf next = STRBUF_INIT;
        sb_printf(&next, "f'{%s}'", sb_cstr(&sb));
        sb_free(&sb);
        sb = next;
    }
    skim(sb_cstr(&sb));
    CHECK(fs.unsure);

    /* 40 nested f-strings are fine */
    sb_clear(&sb);
    sb_adds(&sb, "x");
    for (int i = 0; i < 40; i++) {
        StrBuf next = STRBUF_INIT;
        sb_printf(&next, "f'{%s}'", sb_cstr(&sb));
        sb_free(&sb);
        sb = next;
    }
    sb_adds(&sb, "\n");
    skim(sb_cstr(&sb));
    CHECK(!fs.unsure && has_id("x"));
    CHECK(sound(sb_cstr(&sb)));

    sb_clear(&sb);
    for (int i = 0; i < 200; i++) {
        for (int j = 0; j < i; j++)
            sb_addc(&sb, ' ');
        sb_adds(&sb, i % 2 ? "def f():\n" : "class C:\n");
    }
    skim(sb_cstr(&sb));
    CHECK(fs.unsure);
    sb_free(&sb);
}

TEST(hostile_text)
{
    /* none of these may crash or hang; the sanitizers watch the reads */
    static const char *const texts[] = {
        "\\",
        "\\\n",
        "f",
        "rb",
        "'",
        "'''",
        "'''\\",
        "f'{",
        "f'{x!",
        "f'{x:",
        "f'{x:{",
        "f'''{x:\n",
        "x.",
        "import",
        "from",
        "from .",
        "from . import",
        "from m import (",
        "class",
        "class A(",
        "class A[",
        "async",
        "async def",
        "def",
        "@",
        "1.",
        "0x",
        "1e",
        "1e+",
        "#",
        "# c\n\\",
        "\t\f \\\n",
        "}",
        "f'}",
        "f'{}}'",
        "f'{{'",
        "f'\\N{'",
        "f'\\N{x}'",
        "f'\\",
        "\"\\",
        "x = (\n",
        "t'{a:{b:{c}}}'",
        "f'''{\n#'''}'''",
        "f'{x:\n}'",
        "f'''{x:\n}'''",
        "f'''{x:a\nb}'''",
    };
    for (size_t i = 0; i < ARRAY_LEN(texts); i++) {
        /* a copy of exactly len + 1 bytes so that reads past the end are seen */
        size_t n = strlen(texts[i]);
        char *copy = malloc(n + 1);
        memcpy(copy, texts[i], n + 1);
        skim(copy);
        free(copy);
    }
    /* a NUL inside the given length is skipped like any other byte */
    arena_free(&arena);
    arena_init(&arena, 0);
    skim_text(&fs, &arena, "a\0b 'c\0' f'{d}\0'\0", 17);
    CHECK(has_id("a") && has_id("b") && has_id("d"));
    CHECK(true);
}

TEST(sets)
{
    /* many distinct names: the sets grow and keep everything */
    StrBuf sb = STRBUF_INIT;
    for (int i = 0; i < 5000; i++)
        sb_printf(&sb, "n%d = m%d.a%d\n", i, i, i);
    skim(sb_cstr(&sb));
    bool all = true;
    char name[32];
    for (int i = 0; i < 5000 && all; i++) {
        snprintf(name, sizeof name, "n%d", i);
        all = has_id(name);
        snprintf(name, sizeof name, "m%d.a%d", i, i);
        all = all && has_chain(name);
    }
    CHECK(all);
    CHECK(fs.ids.count >= 15000 && fs.ids.count * 2 <= fs.ids.cap);
    CHECK(!has_id("n5000") && !has_chain("m1.a2"));
    sb_free(&sb);
    /* a zeroed FileSkim answers no */
    FileSkim empty = { 0 };
    CHECK(!skim_has_id(&empty, "x", 1) && !skim_has_chain(&empty, "a.b", 3));
}

/* Valid programs over the corners of the grammar: the skim must keep every promise about each. */
TEST(snippets_sound)
{
    static const char *const snippets[] = {
        "f'a{x}b' f'{x:>{w}}' f'{x=}' f'{x = !r:>10}' f'{x=!s:{y}}' f'{x=:>{y}}' f'{x=!a}'\n",
        "f'{f\"{y}\"}' f'''\n{x}\n{  y  }''' ('a'\n f'{x}' 'b')\n",
        "f'{x:}' f'{x!r}' f'{{}}{x}}}' f'{x:a{y}b}' f'{ (x) }'\n",
        "f'{(lambda: 1)()}' f\"{ {'a': 1}['a'] }\" f\"{'a'}\" f'{x!a:{y}.{z}}' rf'\\d{x}'\n",
        "x = f'{a, b}' f'{c,}' f'{*a,}' f'{a, b!r:{c, d}}' f'{a, b = }' f'{(a), (b)}'\n",
        "x = f'''{\na, b}'''\nx = f'''ab\n{\na, b}'''\nx = f'''{  \n  a,\n b\n }'''\n",
        "async def f():\n    return f'{await x:{await y}}'\n",
        "x = f\"{'\\n'.join(a.b)}\" + f\"{x[\"k\"]!r:{w.v}}\" + f'{f'{f'{deep.er}'}'}'\n",
        "t'a{x!r:>3}' t'''{\n  y.z  # c\n}'''\n",
        "type X[T: int = str, *Ts = int, **P = [int]] = list[T]\ntype A = m.B\n",
        "def f[T, *Ts, **P](x: T) -> T:\n    return x\n",
        "class C[T: (int, str)](B, metaclass=M):\n    async def m[U](self): pass\n",
        "match x:\n    case 1 | 2: pass\n    case [a, *rest]: pass\n    case {'k': v, **kw}: pass\n"
        "    case Point(x=0, y=yy) as p if p: pass\n    case m.C.D(): pass\n    case _: pass\n",
        "try:\n    pass\nexcept* ValueError as e:\n    raise X from e\nelse:\n    pass\nfinally:\n"
        "    del a, b[0], c.d\n",
        "@dec\n@dec2(1)\nclass C(B, metaclass=M, **kw):\n    x: int = 1\n    (z): int\n"
        "    def m(self, *, k): nonlocal n; yield; yield x; yield from y\n",
        "from . import a as b, c\nfrom ..m import *\nimport os.path as p, sys\nassert x, 'msg'\n"
        "with (open(a) as f, open(b) as g):\n    pass\n",
        "a[1:2, ::3, ...]; a[:]; a[x:=1]; (y := 2); f(*a, **k, x=1); {**a, 'b': 1}; {1, *s}\n"
        "x = y = z; x += 1; a, *b = c; lambda: 0; lambda *a, **k: 0; a if b else c\n",
        "if a:\n    pass\nelif b:\n    import c\nelse:\n    from d import e\n"
        "while x:\n    break\nelse:\n    continue\n",
        "if True:\n\tx = 1\n\tif x:\n\t\ty = 2\n\t\tasync def g(): pass\n",
        "def f(\n    a,\n    b,\n):\n    '''doc'''\n    return a.b.c(\n        d\n        .e\n    "
        ")\n",
        "x = 1 if y else 2 # trailing comment without newline",
        "\n\n\n",
        "",
        "x = (\n  1, # one\n  2, \\\n  3)\n",
        "def f():\n    x = 1\n\n  # dedented comment\n    return x\n",
        "class A:\n    class B:\n        async def __aenter__(self): pass\n        def "
        "__aexit__(s, *a): pass\n"
        "    def m(self):\n        class L(A.B): pass\n        return L\n",
        "async def g():\n    async with a as b:\n        async for i in b:\n            await i\n"
        "    return [x async for x in y], {k: v async for k, v in z}\n",
        "def g():\n    x = (\n        yield\n    )\nif (n := len(a)) > 10: import q\n",
        "print(a . b . c, (d) . e, ((f.g)) . h, (i\n  ).j, k.\\\n  l)\n",
        "def f(x=lambda y: y.z, *, w=(a).b): ...\n@(a.b)\ndef g(): ...\n",
        "x = [1. .real, 1..imag, 0x1f .bit_length(), 1e5 .hex(), 1j .imag, 1_0 .real]\n",
        "x = rb'\\\\' + Rb\"x\" + BR'''y''' + u'z' + b''\n",
        "x = 'a' \\\n    'b'\nclass K(\\\n    Base): pass\n",
        "global_ = 1\nasync_ = await_ = 2\nclass_ = def_ = import_ = from_ = 3\n",
    };
    for (size_t i = 0; i < ARRAY_LEN(snippets); i++) {
        if (!sound(snippets[i])) {
            fprintf(stderr, "  in snippet %zu: %s\n", i, snippets[i]);
            test_failures_in_case++;
        }
    }
}

/* The check itself: a skim that lost something is caught. */
TEST(check_catches_losses)
{
    const char *src =
        "import os\nclass A(B):\n    async def m(self): await x.y\nasync def f(): pass\n";
    Arena a;
    arena_init(&a, 0);
    ParsedFile pf;
    CHECK(parse_source(&pf, &a, "<test>", src, strlen(src)) == 0);
    FileSkim k;
    skim_text(&k, &a, pf.src.text, pf.src.len);
    CHECK_INT_EQ(skim_check(&pf, &k, "<test>", NULL), 0);
    FileSkim lost = k;
    lost.chains.cap = 0; /* x.y */
    CHECK(skim_check(&pf, &lost, "<test>", NULL) >= 1);
    lost = k;
    lost.ids.cap = 0; /* every name */
    CHECK(skim_check(&pf, &lost, "<test>", NULL) >= 3);
    lost = k;
    lost.nimports = 0;
    CHECK_INT_EQ(skim_check(&pf, &lost, "<test>", NULL), 1);
    lost = k;
    lost.nasync_defs = 0;
    CHECK_INT_EQ(skim_check(&pf, &lost, "<test>", NULL), 1);
    lost = k;
    lost.async_syntax = false;
    CHECK_INT_EQ(skim_check(&pf, &lost, "<test>", NULL), 1);
    SkimClass cls = k.classes[0];
    cls.has_async_member = false;
    lost = k;
    lost.classes = &cls;
    CHECK_INT_EQ(skim_check(&pf, &lost, "<test>", NULL), 1);
    cls = k.classes[0];
    cls.nbases = 0;
    CHECK_INT_EQ(skim_check(&pf, &lost, "<test>", NULL), 1);
    lost = k;
    lost.unsure = true; /* without a reason */
    CHECK_INT_EQ(skim_check(&pf, &lost, "<test>", NULL), 1);
    arena_free(&a);
}

/* ---- corpus and benchmark modes ---- */

typedef struct Loaded {
    const char *path;
    Source src;
} Loaded;

/* load: the decoded text of every file (directories walked for *.py) in arena a. */
static Loaded *
load(Arena *a, int nargs, char **args, size_t *n, size_t *bytes)
{
    FileList fl;
    FileOptions opt = { .no_gitignore = true };
    files_collect(&fl, (const char *const *)args, (size_t)nargs, &opt);
    Loaded *files = ARENA_ARRAY(a, Loaded, fl.npaths + 1);
    *n = 0;
    *bytes = 0;
    for (size_t i = 0; i < fl.npaths; i++) {
        char reason[256];
        size_t len;
        char *raw = source_read_file(fl.paths[i], &len, reason, sizeof reason);
        if (!raw) {
            fprintf(stderr, "%s: %s\n", fl.paths[i], reason);
            continue;
        }
        SyntaxErr err;
        Loaded *l = &files[*n];
        l->path = arena_strdup(a, fl.paths[i]);
        if (source_decode(a, l->path, raw, len, &l->src, &err) == 0) {
            *bytes += l->src.len;
            (*n)++;
        }
        free(raw);
    }
    files_free(&fl);
    return files;
}

static int
corpus(int nargs, char **args)
{
    size_t nfiles = 0, parsed = 0, violations = 0, unsure = 0, excused = 0;
    FileList fl;
    FileOptions opt = { .no_gitignore = true };
    files_collect(&fl, (const char *const *)args, (size_t)nargs, &opt);
    for (size_t i = 0; i < fl.nerrors; i++)
        fprintf(stderr, "%s: %s\n", fl.errors[i].path, fl.errors[i].msg);
    for (size_t i = 0; i < fl.npaths; i++) {
        const char *path = fl.paths[i];
        char reason[256];
        size_t len;
        char *raw = source_read_file(path, &len, reason, sizeof reason);
        if (!raw) {
            fprintf(stderr, "%s: %s\n", path, reason);
            continue;
        }
        nfiles++;
        Arena a;
        arena_init(&a, 0);
        Source src;
        SyntaxErr err;
        FileSkim k;
        if (source_decode(&a, path, raw, len, &src, &err) == 0) {
            skim_text(&k, &a, src.text, src.len);
            ParsedFile pf;
            if (parse_source(&pf, &a, path, raw, len) == 0) {
                parsed++;
                violations += skim_check(&pf, &k, path, stdout);
                if (k.unsure) {
                    unsure++;
                    if (skim_check_unsure_excused(&pf)) {
                        excused++;
                        printf("%s: unsure (excused: non-ASCII names or deep f-strings)\n", path);
                    }
                }
            }
        }
        arena_free(&a);
        free(raw);
    }
    files_free(&fl);
    printf("skim corpus: %zu files, %zu parsed, %zu violations, %zu unsure (%zu excused)\n", nfiles,
           parsed, violations, unsure, excused);
    return violations ? 1 : 0;
}

static double
now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

static int
bench(int nargs, char **args)
{
    int runs = 7;
    bool lexer = true;
    while (nargs > 0 && args[0][0] == '-') {
        if (!strcmp(args[0], "--runs") && nargs > 1) {
            runs = atoi(args[1]);
            args += 2, nargs -= 2;
        } else if (!strcmp(args[0], "--skim-only")) {
            lexer = false;
            args++, nargs--;
        } else {
            fprintf(stderr, "unknown option %s\n", args[0]);
            return 2;
        }
    }
    Arena a;
    arena_init(&a, 0);
    size_t n, bytes;
    Loaded *files = load(&a, nargs, args, &n, &bytes);
    double best_skim = 1e9, best_lex = 1e9;
    size_t ids = 0, unsure = 0;
    for (int r = 0; r < runs; r++) {
        ids = unsure = 0;
        double t0 = now();
        for (size_t i = 0; i < n; i++) {
            Arena fa;
            arena_init(&fa, 0);
            FileSkim k;
            skim_text(&k, &fa, files[i].src.text, files[i].src.len);
            ids += k.ids.count;
            unsure += k.unsure;
            arena_free(&fa);
        }
        double t1 = now();
        for (size_t i = 0; i < n && lexer; i++) {
            Arena fa;
            arena_init(&fa, 0);
            Lexer lx;
            lex_tokenize(&lx, &fa, &files[i].src);
            arena_free(&fa);
        }
        double t2 = now();
        best_skim = t1 - t0 < best_skim ? t1 - t0 : best_skim;
        best_lex = t2 - t1 < best_lex ? t2 - t1 : best_lex;
    }
    printf("skim bench: %zu files, %.1f MB of decoded text, best of %d runs, one thread\n", n,
           (double)bytes / 1e6, runs);
    printf("  skim_text:    %8.1f MB/s  (%.3f s; %zu ids, %zu unsure files)\n",
           (double)bytes / 1e6 / best_skim, best_skim, ids, unsure);
    printf("  lex_tokenize: %8.1f MB/s  (%.3f s)\n", (double)bytes / 1e6 / best_lex, best_lex);
    printf("  ratio:        %8.1fx\n", best_lex / best_skim);
    arena_free(&a);
    return 0;
}

static int
modes(int argc, char **argv)
{
    if (argc >= 3 && !strcmp(argv[1], "--corpus"))
        return corpus(argc - 2, argv + 2);
    if (argc >= 3 && !strcmp(argv[1], "--bench"))
        return bench(argc - 2, argv + 2);
    fprintf(stderr, "usage: %s [--corpus PATH... | --bench PATH...]\n", argv[0]);
    return 2;
}

TEST_MAIN_ARGS("analysis_skim", modes, TEST_CASE(comments_and_strings_hide_code),
               TEST_CASE(string_prefixes), TEST_CASE(fstring_fields), TEST_CASE(fstring_errors),
               TEST_CASE(async_syntax), TEST_CASE(chains), TEST_CASE(imports), TEST_CASE(classes),
               TEST_CASE(module_level_async_defs), TEST_CASE(group_syntax), TEST_CASE(indentation),
               TEST_CASE(decoded_crlf), TEST_CASE(unsure), TEST_CASE(deep_nesting),
               TEST_CASE(hostile_text), TEST_CASE(sets), TEST_CASE(snippets_sound),
               TEST_CASE(check_catches_losses))
