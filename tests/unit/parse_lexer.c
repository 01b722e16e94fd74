/* Tokens, positions and errors of the lexer, checked against CPython 3.14's tokenizer. Positions
 * are printed as CPython's (line, col_offset): 1-based lines, 0-based byte columns. */
#include "base/strbuf.h"
#include "parse/lexer.h"
#include "parse/lineindex.h"
#include "parse/source.h"
#include "test.h"

static Arena arena;
static Lexer lx;
static Source src;
static LineIndex lines;
static StrBuf out = STRBUF_INIT;

static void
lex(const char *text)
{
    arena_free(&arena);
    arena_init(&arena, 0);
    src = (Source){ .path = "<test>", .text = text, .len = (uint32_t)strlen(text) };
    lex_tokenize(&lx, &arena, &src);
    lineindex_build(&lines, &arena, text, src.len);
}

/* toks: "KIND'text' ..." for every token but ENDMARKER, or the error at the end */
static const char *
toks(const char *text)
{
    lex(text);
    sb_clear(&out);
    for (uint32_t i = 0; i < lx.ntokens; i++) {
        const Token *t = &lx.tokens[i];
        if (t->kind == TOK_ENDMARKER)
            break;
        if (i)
            sb_addc(&out, ' ');
        if (t->kind == TOK_ERROR) {
            sb_printf(&out, "%s: %s", lx.err.kind, lx.err.msg);
            break;
        }
        sb_printf(&out, "%s'%.*s'", tok_spelling(t->kind), (int)(t->end - t->start),
                  text + t->start);
    }
    return sb_cstr(&out);
}

/* pos: "l:c-l:c ..." for every token */
static const char *
pos(const char *text)
{
    lex(text);
    sb_clear(&out);
    for (uint32_t i = 0; i < lx.ntokens; i++) {
        const Token *t = &lx.tokens[i];
        sb_printf(&out, "%s%u:%u-%u:%u", i ? " " : "", lineindex_line(&lines, t->start),
                  lineindex_byte_col(&lines, t->start), lineindex_line(&lines, t->end),
                  lineindex_byte_col(&lines, t->end));
    }
    return sb_cstr(&out);
}

/* err: "Kind: msg (line:col-end_line:end_col)" as CPython's SyntaxError reports it */
static const char *
err(const char *text)
{
    lex(text);
    sb_clear(&out);
    if (!lx.err.set || lx.tokens[lx.ntokens - 1].kind != TOK_ERROR)
        return "no error";
    sb_printf(&out, "%s: %s (%u:%u-%u:%u)", lx.err.kind, lx.err.msg, lx.err.line, lx.err.col,
              lx.err.end_line, lx.err.end_col);
    return sb_cstr(&out);
}

TEST(simple_statement)
{
    CHECK_STR_EQ(toks("x = 1\n"), "NAME'x' ='=' NUMBER'1' NEWLINE''");
    CHECK_STR_EQ(pos("x = 1\n"), "1:0-1:1 1:2-1:3 1:4-1:5 1:5-1:5 2:0-2:0");
    CHECK_INT_EQ(lx.tokens[lx.ntokens - 1].kind, TOK_ENDMARKER);
    CHECK(!lx.err.set);
    CHECK_STR_EQ(toks(""), "");
    CHECK_INT_EQ(lx.ntokens, 1);
    CHECK_STR_EQ(toks("\n\n   \n"), "");
}

TEST(missing_final_newline)
{
    /* CPython appends a newline: the NEWLINE is an empty span at EOF */
    CHECK_STR_EQ(toks("x"), "NAME'x' NEWLINE''");
    CHECK_STR_EQ(pos("x"), "1:0-1:1 1:1-1:1 1:1-1:1");
    CHECK_STR_EQ(toks("if x:\n    y"),
                 "if'if' NAME'x' :':' NEWLINE'' INDENT'    ' NAME'y' NEWLINE'' DEDENT''");
    CHECK_STR_EQ(toks("x # c"), "NAME'x' NEWLINE'# c'");
    CHECK_STR_EQ(toks("   "), "");
}

TEST(comments)
{
    CHECK_STR_EQ(toks("x # c\n# d\n  # e\ny\n"), "NAME'x' NEWLINE'# c' NAME'y' NEWLINE''");
    /* a NEWLINE after a comment starts at the '#', as in CPython's parser */
    CHECK_STR_EQ(pos("x # c\ny\n"), "1:0-1:1 1:2-1:5 2:0-2:1 2:1-2:1 3:0-3:0");
    lex("x # c\n# d\n  # e\ny\n");
    CHECK_INT_EQ(lx.ncomments, 3);
    CHECK_INT_EQ(lx.comments[0].start, 2);
    CHECK_INT_EQ(lx.comments[0].end, 5);
    CHECK_INT_EQ(lx.comments[2].start, 12);
    CHECK_INT_EQ(lx.comments[2].end, 15);
}

TEST(indent_dedent)
{
    const char *s = "if x:\n    y\n\n  # c\n    z\nw\n";
    CHECK_STR_EQ(toks(s), "if'if' NAME'x' :':' NEWLINE'' INDENT'    ' NAME'y' NEWLINE'' NAME'z' "
                          "NEWLINE'' DEDENT'' NAME'w' NEWLINE''");
    CHECK_STR_EQ(pos(s), "1:0-1:2 1:3-1:4 1:4-1:5 1:5-1:5 2:0-2:4 2:4-2:5 2:5-2:5 5:4-5:5 "
                         "5:5-5:5 6:0-6:0 6:0-6:1 6:1-6:1 7:0-7:0");
    /* two dedents at once, and dedents at EOF */
    CHECK_STR_EQ(toks("if a:\n if b:\n  c\nd\n"),
                 "if'if' NAME'a' :':' NEWLINE'' INDENT' ' if'if' NAME'b' :':' NEWLINE'' "
                 "INDENT'  ' NAME'c' NEWLINE'' DEDENT'' DEDENT'' NAME'd' NEWLINE''");
    CHECK_STR_EQ(pos("if a:\n  b\n"), "1:0-1:2 1:3-1:4 1:4-1:5 1:5-1:5 2:0-2:2 2:2-2:3 2:3-2:3 "
                                      "3:0-3:0 3:0-3:0");
    /* brackets and backslashes join lines: no NEWLINE or INDENT inside */
    CHECK_STR_EQ(toks("f(a,\n      b)\n"), "NAME'f' ('(' NAME'a' ,',' NAME'b' )')' NEWLINE''");
    CHECK_STR_EQ(toks("x = 1 + \\\n        2\n"),
                 "NAME'x' ='=' NUMBER'1' +'+' NUMBER'2' NEWLINE''");
    CHECK_STR_EQ(pos("x = \\\n  2\n"), "1:0-1:1 1:2-1:3 2:2-2:3 2:3-2:3 3:0-3:0");
}

TEST(tabs_and_form_feeds)
{
    CHECK_STR_EQ(toks("if x:\n\ty\n\tz\n"), "if'if' NAME'x' :':' NEWLINE'' INDENT'\t' NAME'y' "
                                            "NEWLINE'' NAME'z' NEWLINE'' DEDENT''");
    /* a tab is 8 columns, and 1 in the alternative count: they must agree */
    CHECK_STR_EQ(err("if x:\n\ty\n        z\n"),
                 "TabError: inconsistent use of tabs and spaces in indentation (3:1-3:0)");
    CHECK_STR_EQ(err("if x:\n        a\n\tb\n"),
                 "TabError: inconsistent use of tabs and spaces in indentation (3:1-3:0)");
    CHECK_STR_EQ(err("if x:\n    a\n\tb\n"),
                 "TabError: inconsistent use of tabs and spaces in indentation (3:1-3:0)");
    CHECK_STR_EQ(err("if x:\n    \ty\n\tz\n"),
                 "TabError: inconsistent use of tabs and spaces in indentation (3:1-3:0)");
    CHECK_STR_EQ(toks("if x:\n \ty\n \tz\n"), "if'if' NAME'x' :':' NEWLINE'' INDENT' \t' "
                                              "NAME'y' NEWLINE'' NAME'z' NEWLINE'' DEDENT''");
    /* a form feed resets the column */
    CHECK_STR_EQ(toks("if x:\n    a\n  \f    b\n"),
                 "if'if' NAME'x' :':' NEWLINE'' INDENT'    ' NAME'a' NEWLINE'' NAME'b' "
                 "NEWLINE'' DEDENT''");
    CHECK_STR_EQ(toks("if x:\n  \fa\n"), "if'if' NAME'x' :':' NEWLINE'' NAME'a' NEWLINE''");
}

TEST(indentation_errors)
{
    CHECK_STR_EQ(err("if x:\n    a\n  b\n"),
                 "IndentationError: unindent does not match any outer indentation level (3:4-3:0)");
    CHECK_STR_EQ(err("if x:\n    a\n  b"),
                 "IndentationError: unindent does not match any outer indentation level (3:4-3:0)");
    StrBuf sb = STRBUF_INIT;
    for (int i = 0; i < 100; i++) {
        for (int j = 0; j < i; j++)
            sb_addc(&sb, ' ');
        sb_adds(&sb, "if 1:\n");
    }
    for (int j = 0; j < 100; j++)
        sb_addc(&sb, ' ');
    sb_adds(&sb, "pass\n");
    CHECK_STR_EQ(err(sb_cstr(&sb)),
                 "IndentationError: too many levels of indentation (101:1-101:0)");
    sb_free(&sb);
}

TEST(bracket_errors)
{
    CHECK_STR_EQ(err("x = 1)\n"), "SyntaxError: unmatched ')' (1:6-1:6)");
    CHECK_STR_EQ(err("x = (1, 2]\n"),
                 "SyntaxError: closing parenthesis ']' does not match opening parenthesis '(' "
                 "(1:10-1:10)");
    CHECK_STR_EQ(err("x = (1,\n2]\n"),
                 "SyntaxError: closing parenthesis ']' does not match opening parenthesis '(' on "
                 "line 1 (2:2-2:2)");
    CHECK_STR_EQ(err("x = (1,\n2,\n"), "SyntaxError: '(' was never closed (1:5-1:0)");
    CHECK_STR_EQ(err("x = [1, (2,\n"), "SyntaxError: '(' was never closed (1:9-1:0)");
    CHECK_STR_EQ(err("é = [1,"), "SyntaxError: '[' was never closed (1:5-1:0)");
    StrBuf sb = STRBUF_INIT;
    sb_adds(&sb, "x = ");
    for (int i = 0; i < 201; i++)
        sb_addc(&sb, '(');
    CHECK_STR_EQ(err(sb_cstr(&sb)), "SyntaxError: too many nested parentheses (1:205-1:205)");
    sb_free(&sb);
}

TEST(continuation_errors)
{
    CHECK_STR_EQ(err("x = \\ y\n"),
                 "SyntaxError: unexpected character after line continuation character (1:6-1:0)");
    CHECK_STR_EQ(err("x = 1 \\ # c\n"),
                 "SyntaxError: unexpected character after line continuation character (1:8-1:0)");
    CHECK_STR_EQ(err("x = 1 \\\n"), "SyntaxError: unexpected EOF while parsing (1:8-1:0)");
    CHECK_STR_EQ(err("x = 1 \\"), "SyntaxError: unexpected EOF while parsing (1:8-1:0)");
    CHECK_STR_EQ(err("x = (1 \\\n"), "SyntaxError: '(' was never closed (1:5-1:0)");
}

TEST(numbers)
{
    CHECK_STR_EQ(
        toks("0x_1F 0o17 0B1_0 1_000 1.5 .5 1. 1e10 1E-5 1j 1.5J 0 00 0_0 09.5 1e+3j\n"),
        "NUMBER'0x_1F' NUMBER'0o17' NUMBER'0B1_0' NUMBER'1_000' NUMBER'1.5' NUMBER'.5' "
        "NUMBER'1.' NUMBER'1e10' NUMBER'1E-5' NUMBER'1j' NUMBER'1.5J' NUMBER'0' NUMBER'00' "
        "NUMBER'0_0' NUMBER'09.5' NUMBER'1e+3j' NEWLINE''");
    /* keywords right after a number are only a warning */
    CHECK_STR_EQ(toks("1if x else 2\n"), "NUMBER'1' if'if' NAME'x' else'else' NUMBER'2' NEWLINE''");
    CHECK_STR_EQ(toks("0x1for x in y\n"), "NUMBER'0x1f' or'or' NAME'x' in'in' NAME'y' NEWLINE''");
    CHECK_STR_EQ(toks("1.e5else 1..real\n"),
                 "NUMBER'1.e5' else'else' NUMBER'1.' .'.' NAME'real' NEWLINE''");
    CHECK_STR_EQ(err("x = 1_a\n"), "SyntaxError: invalid decimal literal (1:6-1:6)");
    CHECK_STR_EQ(err("x = 1__0\n"), "SyntaxError: invalid decimal literal (1:6-1:6)");
    CHECK_STR_EQ(err("x = 1abc\n"), "SyntaxError: invalid decimal literal (1:5-1:5)");
    CHECK_STR_EQ(err("x = 1e\n"), "SyntaxError: invalid decimal literal (1:5-1:5)");
    CHECK_STR_EQ(err("x = 1e+\n"), "SyntaxError: invalid decimal literal (1:7-1:7)");
    CHECK_STR_EQ(err("x = 1.e5_\n"), "SyntaxError: invalid decimal literal (1:9-1:9)");
    CHECK_STR_EQ(err("x = 1.5j2\n"), "SyntaxError: invalid imaginary literal (1:8-1:8)");
    CHECK_STR_EQ(err("x = 0x\n"), "SyntaxError: invalid hexadecimal literal (1:6-1:6)");
    CHECK_STR_EQ(err("x = 0xg\n"), "SyntaxError: invalid hexadecimal literal (1:6-1:6)");
    CHECK_STR_EQ(err("x = 0o8\n"), "SyntaxError: invalid digit '8' in octal literal (1:7-1:7)");
    CHECK_STR_EQ(err("x = 0o1_8\n"), "SyntaxError: invalid digit '8' in octal literal (1:9-1:9)");
    CHECK_STR_EQ(err("x = 0o\n"), "SyntaxError: invalid octal literal (1:6-1:6)");
    CHECK_STR_EQ(err("x = 0b12\n"), "SyntaxError: invalid digit '2' in binary literal (1:8-1:8)");
    CHECK_STR_EQ(err("x = 0b1_\n"), "SyntaxError: invalid binary literal (1:8-1:8)");
    CHECK_STR_EQ(err("x = 0_\n"), "SyntaxError: invalid decimal literal (1:6-1:6)");
    CHECK_STR_EQ(err("x = 0777\n"),
                 "SyntaxError: leading zeros in decimal integer literals are not permitted; use an "
                 "0o prefix for octal integers (1:5-1:6)");
    CHECK_STR_EQ(err("x = 0_0_1\n"),
                 "SyntaxError: leading zeros in decimal integer literals are not permitted; use an "
                 "0o prefix for octal integers (1:5-1:9)");
}

TEST(names_and_keywords)
{
    CHECK_STR_EQ(toks("async def f(): await x\n"),
                 "async'async' def'def' NAME'f' ('(' )')' :':' await'await' NAME'x' NEWLINE''");
    /* soft keywords stay NAME */
    CHECK_STR_EQ(toks("match case _ type None True False\n"),
                 "NAME'match' NAME'case' NAME'_' NAME'type' None'None' True'True' False'False' "
                 "NEWLINE''");
    CHECK_STR_EQ(toks("é = ñandú_2\n"), "NAME'é' ='=' NAME'ñandú_2' NEWLINE''");
    CHECK_STR_EQ(toks("bb rbx fr\n"), "NAME'bb' NAME'rbx' NAME'fr' NEWLINE''");
    CHECK_STR_EQ(err("a€ = 1\n"), "SyntaxError: invalid character '€' (U+20AC) (1:2-1:2)");
    CHECK_STR_EQ(err("x = a€b\n"), "SyntaxError: invalid character '€' (U+20AC) (1:6-1:6)");
    CHECK_STR_EQ(err("x = €\n"), "SyntaxError: invalid character '€' (U+20AC) (1:5-1:5)");
    CHECK_STR_EQ(err("x = \xc2\xa0\n"),
                 "SyntaxError: invalid non-printable character U+00A0 (1:5-1:5)");
    CHECK_STR_EQ(err("x = \x01\n"),
                 "SyntaxError: invalid non-printable character U+0001 (1:5-1:5)");
    CHECK_STR_EQ(err("x = $\n"), "SyntaxError: invalid syntax (1:5-1:6)");
}

TEST(operators)
{
    CHECK_STR_EQ(toks("a**=b//=c>>=d<<=e->f:=g!=h<>i...j.k@=l\n"),
                 "NAME'a' **='**=' NAME'b' //='//=' NAME'c' >>='>>=' NAME'd' <<='<<=' NAME'e' "
                 "->'->' NAME'f' :=':=' NAME'g' !='!=' NAME'h' !='<>' NAME'i' ...'...' NAME'j' "
                 ".'.' NAME'k' @='@=' NAME'l' NEWLINE''");
    CHECK_STR_EQ(toks("a..b\n"), "NAME'a' .'.' .'.' NAME'b' NEWLINE''");
}

TEST(strings)
{
    lex("rb'x' BR\"y\" u'z' Rb'''q''' b\"\" ''\n");
    CHECK_INT_EQ(lx.ntokens, 8);
    CHECK_INT_EQ(lx.tokens[0].flags, TOKF_RAW | TOKF_BYTES);
    CHECK_INT_EQ(lx.tokens[1].flags, TOKF_RAW | TOKF_BYTES);
    CHECK_INT_EQ(lx.tokens[2].flags, TOKF_UNICODE);
    CHECK_INT_EQ(lx.tokens[3].end - lx.tokens[3].start, 9);
    CHECK_STR_EQ(toks("x = '''a\n'b'' \\'''' \"c\\\"\"\n"),
                 "NAME'x' ='=' STRING''''a\n'b'' \\''''' STRING'\"c\\\"\"' NEWLINE''");
    CHECK_STR_EQ(pos("'''a\nb''' c\n"), "1:0-2:4 2:5-2:6 2:6-2:6 3:0-3:0");
    CHECK_STR_EQ(toks("'a\\\nb'\n"), "STRING''a\\\nb'' NEWLINE''");
    CHECK_STR_EQ(err("x = 'abc\n"),
                 "SyntaxError: unterminated string literal (detected at line 1) (1:5-1:5)");
    CHECK_STR_EQ(err("x = 'abc"),
                 "SyntaxError: unterminated string literal (detected at line 1) (1:5-1:5)");
    CHECK_STR_EQ(err("x = '''abc\n\n"), "SyntaxError: unterminated triple-quoted string literal "
                                        "(detected at line 2) (1:5-1:5)");
    CHECK_STR_EQ(err("'''\n\nabc"), "SyntaxError: unterminated triple-quoted string literal "
                                    "(detected at line 3) (1:1-1:1)");
    CHECK_STR_EQ(err("x = 'ab\\'\n"),
                 "SyntaxError: unterminated string literal (detected at line 1); perhaps you "
                 "escaped the end quote? (1:5-1:5)");
    CHECK_STR_EQ(err("x = ub''\n"), "SyntaxError: 'u' and 'b' prefixes are incompatible (1:5-1:7)");
    CHECK_STR_EQ(err("x = Fb''\n"), "SyntaxError: 'b' and 'f' prefixes are incompatible (1:5-1:7)");
    CHECK_STR_EQ(err("x = tf''\n"), "SyntaxError: 'f' and 't' prefixes are incompatible (1:5-1:7)");
}

TEST(fstrings)
{
    CHECK_STR_EQ(toks("f\"a{x!r:>{w}}b{{c}}\"\n"),
                 "FSTRING_START'f\"' FSTRING_MIDDLE'a' {'{' NAME'x' !'!' NAME'r' :':' "
                 "FSTRING_MIDDLE'>' {'{' NAME'w' }'}' FSTRING_MIDDLE'' }'}' FSTRING_MIDDLE'b{' "
                 "FSTRING_MIDDLE'c}' FSTRING_END'\"' NEWLINE''");
    lex("f'x' rf'''y''' Fr\"z\"\n");
    CHECK_INT_EQ(lx.tokens[0].extra, 1);
    CHECK_INT_EQ(lx.tokens[0].flags, 0);
    CHECK_INT_EQ(lx.tokens[3].kind, TOK_FSTRING_START);
    CHECK_INT_EQ(lx.tokens[3].extra, 3);
    CHECK_INT_EQ(lx.tokens[3].flags, TOKF_RAW);
    CHECK_INT_EQ(lx.tokens[6].flags, TOKF_RAW);
    /* "{{" and "}}": the middle keeps one brace; the second is in no token */
    CHECK_STR_EQ(pos("f\"{{a}}\""), "1:0-1:2 1:2-1:3 1:4-1:6 1:7-1:8 1:8-1:8 1:8-1:8");
    /* PEP 701: the same quotes nested */
    CHECK_STR_EQ(toks("f\"{f\"{x}\"}\"\n"),
                 "FSTRING_START'f\"' {'{' FSTRING_START'f\"' {'{' NAME'x' }'}' FSTRING_END'\"' "
                 "}'}' FSTRING_END'\"' NEWLINE''");
    CHECK_STR_EQ(pos("f\"{f\"{x}\"}\""),
                 "1:0-1:2 1:2-1:3 1:3-1:5 1:5-1:6 1:6-1:7 1:7-1:8 1:8-1:9 1:9-1:10 1:10-1:11 "
                 "1:11-1:11 1:11-1:11");
    /* debug '=', conversions, and != inside a field */
    CHECK_STR_EQ(toks("f'{x=}{y = !r}{a!=b}'"),
                 "FSTRING_START'f'' {'{' NAME'x' ='=' }'}' {'{' NAME'y' ='=' !'!' NAME'r' }'}' "
                 "{'{' NAME'a' !='!=' NAME'b' }'}' FSTRING_END''' NEWLINE''");
    /* format specs with nested fields; ':' inside brackets is not a spec */
    CHECK_STR_EQ(toks("f'{x:{y}.{z}f}{d[1:2]}{x:=5}'"),
                 "FSTRING_START'f'' {'{' NAME'x' :':' {'{' NAME'y' }'}' FSTRING_MIDDLE'.' {'{' "
                 "NAME'z' }'}' FSTRING_MIDDLE'f' }'}' {'{' NAME'd' ['[' NUMBER'1' :':' NUMBER'2' "
                 "]']' }'}' {'{' NAME'x' :':' FSTRING_MIDDLE'=5' }'}' FSTRING_END''' NEWLINE''");
    CHECK_STR_EQ(
        toks("f'{x:}'"),
        "FSTRING_START'f'' {'{' NAME'x' :':' FSTRING_MIDDLE'' }'}' FSTRING_END''' NEWLINE''");
    /* \N{...} is literal text; in raw f-strings a backslash does not hide a brace */
    CHECK_STR_EQ(toks("f'\\N{BULLET} {x}'"),
                 "FSTRING_START'f'' FSTRING_MIDDLE'\\N{BULLET}' FSTRING_MIDDLE' ' {'{' NAME'x' "
                 "}'}' FSTRING_END''' NEWLINE''");
    CHECK_STR_EQ(toks("rf'\\{x}\\n'"), "FSTRING_START'rf'' FSTRING_MIDDLE'\\' {'{' NAME'x' }'}' "
                                       "FSTRING_MIDDLE'\\n' FSTRING_END''' NEWLINE''");
    /* multi-line triple-quoted f-string with a newline inside the field */
    CHECK_STR_EQ(pos("f'''a\n{x\n}b'''\n"),
                 "1:0-1:4 1:4-2:0 2:0-2:1 2:1-2:2 3:0-3:1 3:1-3:2 3:2-3:5 3:5-3:5 4:0-4:0");
    /* in a triple-quoted f-string a newline is part of the format spec */
    CHECK_STR_EQ(toks("f'''{x:\n}'''"), "FSTRING_START'f'''' {'{' NAME'x' :':' FSTRING_MIDDLE'\n' "
                                        "}'}' FSTRING_END''''' NEWLINE''");
}

TEST(tstrings)
{
    CHECK_STR_EQ(toks("t'a{b!s:>3}'\n"),
                 "TSTRING_START't'' TSTRING_MIDDLE'a' {'{' NAME'b' !'!' NAME's' :':' "
                 "TSTRING_MIDDLE'>3' }'}' TSTRING_END''' NEWLINE''");
    lex("Rt'x' tr\"\"\"y\"\"\"\n");
    CHECK_INT_EQ(lx.tokens[0].kind, TOK_TSTRING_START);
    CHECK_INT_EQ(lx.tokens[0].flags, TOKF_RAW);
    CHECK_INT_EQ(lx.tokens[3].kind, TOK_TSTRING_START);
    CHECK_INT_EQ(lx.tokens[3].extra, 3);
}

TEST(fstring_errors)
{
    CHECK_STR_EQ(err("f\"{x\"\n"), "SyntaxError: f-string: expecting '}' (1:5-1:5)");
    /* r' starts a raw string that runs into the f-string's closing quote */
    CHECK_STR_EQ(err("f'{x!r'"), "SyntaxError: f-string: expecting '}' (1:6-1:6)");
    CHECK_STR_EQ(err("t'{x'"), "SyntaxError: t-string: expecting '}' (1:5-1:5)");
    CHECK_STR_EQ(err("f'a}b'"), "SyntaxError: f-string: single '}' is not allowed (1:4-1:4)");
    CHECK_STR_EQ(err("f'{x}}'"), "SyntaxError: f-string: single '}' is not allowed (1:6-1:6)");
    CHECK_STR_EQ(err("f'{)}'"), "SyntaxError: f-string: unmatched ')' (1:4-1:4)");
    CHECK_STR_EQ(err("x = f'abc\n"),
                 "SyntaxError: unterminated f-string literal (detected at line 1) (1:5-1:5)");
    CHECK_STR_EQ(err("x = f'''abc\n\n"),
                 "SyntaxError: unterminated triple-quoted f-string literal (detected at line 2) "
                 "(1:5-1:5)");
    CHECK_STR_EQ(err("t'abc"),
                 "SyntaxError: unterminated t-string literal (detected at line 1) (1:1-1:1)");
    CHECK_STR_EQ(err("f'{x:{y:{z:{w}}}}'"),
                 "SyntaxError: f-string: expressions nested too deeply (1:11-1:11)");
    CHECK_STR_EQ(err("f'{x:\n}'"), "SyntaxError: f-string: newlines are not allowed in format "
                                   "specifiers for single quoted f-strings (1:6-1:6)");
    CHECK_STR_EQ(err("f'{x\n"), "SyntaxError: '{' was never closed (1:3-1:0)");
    StrBuf sb = STRBUF_INIT;
    for (int i = 0; i < 150; i++)
        sb_adds(&sb, "f'{");
    CHECK_STR_EQ(err(sb_cstr(&sb)), "SyntaxError: too many nested f-strings or t-strings "
                                    "(1:449-1:449)");
    sb_free(&sb);
}

TEST(crlf_source)
{
    /* the lexer reads decoded text: source_decode has turned CRLF and CR into LF */
    arena_free(&arena);
    arena_init(&arena, 0);
    const char raw[] = "if x:\r\n    y = '''a\r\nb'''\r\n";
    SyntaxErr e = { 0 };
    CHECK(source_decode(&arena, "<test>", raw, sizeof raw - 1, &src, &e) == 0);
    lex_tokenize(&lx, &arena, &src);
    CHECK_INT_EQ(lx.ntokens, 11);
    CHECK_INT_EQ(lx.tokens[7].kind, TOK_STRING);
    CHECK_INT_EQ(lx.tokens[7].end - lx.tokens[7].start, 9);
}

static void
cleanup(void)
{
    arena_free(&arena);
    sb_free(&out);
}

TEST(zz_cleanup)
{
    cleanup();
}

TEST_MAIN("parse_lexer", TEST_CASE(simple_statement), TEST_CASE(missing_final_newline),
          TEST_CASE(comments), TEST_CASE(indent_dedent), TEST_CASE(tabs_and_form_feeds),
          TEST_CASE(indentation_errors), TEST_CASE(bracket_errors), TEST_CASE(continuation_errors),
          TEST_CASE(numbers), TEST_CASE(names_and_keywords), TEST_CASE(operators),
          TEST_CASE(strings), TEST_CASE(fstrings), TEST_CASE(tstrings), TEST_CASE(fstring_errors),
          TEST_CASE(crlf_source), TEST_CASE(zz_cleanup))
