/* Literal values and messages, checked against CPython (the messages are CPython's exactly). */
#include "parse/literal.h"
#include "test.h"

#include <math.h>

static Arena arena;

static Constant
num(const char *text, const char **msg)
{
    Constant c;
    *msg = NULL;
    if (lit_number(&arena, text, (uint32_t)strlen(text), &c, msg) != 0)
        c.kind = CONST_NONE;
    return c;
}

/* str: the decoded value as a C string, or the error message */
static const char *
str(const char *text)
{
    Constant c;
    const char *msg;
    uint32_t off;
    if (lit_string(&arena, text, (uint32_t)strlen(text), &c, &msg, &off) != 0)
        return msg;
    return c.text;
}

TEST(integers)
{
    const char *msg;
    Constant c = num("0x_1F", &msg);
    CHECK_INT_EQ(c.kind, CONST_INT);
    CHECK_STR_EQ(c.text, "0x1F");
    CHECK(c.fits_int64 && c.small == 31);
    c = num("1_000_000", &msg);
    CHECK_STR_EQ(c.text, "1000000");
    CHECK(c.fits_int64 && c.small == 1000000);
    c = num("0o17", &msg);
    CHECK(c.fits_int64 && c.small == 15);
    c = num("0B1_01", &msg);
    CHECK(c.fits_int64 && c.small == 5);
    c = num("9223372036854775807", &msg);
    CHECK(c.fits_int64 && c.small == INT64_MAX);
    c = num("9223372036854775808", &msg);
    CHECK(!c.fits_int64);
    CHECK_STR_EQ(c.text, "9223372036854775808");
    c = num("0xffffffffffffffffff", &msg);
    CHECK(c.kind == CONST_INT && !c.fits_int64);
    c = num("000", &msg);
    CHECK(c.kind == CONST_INT && c.fits_int64 && c.small == 0);
    c = num("0777", &msg);
    CHECK_INT_EQ(c.kind, CONST_NONE);
    CHECK_STR_EQ(msg, "leading zeros in decimal integer literals are not permitted; use an 0o "
                      "prefix for octal integers");
    c = num("0x", &msg);
    CHECK_STR_EQ(msg, "invalid hexadecimal literal");
}

TEST(floats_and_imaginary)
{
    const char *msg;
    Constant c = num("1.5", &msg);
    CHECK(c.kind == CONST_FLOAT && c.number == 1.5);
    c = num("1_0.5e-1_0", &msg);
    CHECK(c.kind == CONST_FLOAT && c.number == 10.5e-10);
    c = num(".5", &msg);
    CHECK(c.kind == CONST_FLOAT && c.number == 0.5);
    c = num("1.", &msg);
    CHECK(c.kind == CONST_FLOAT && c.number == 1.0);
    c = num("1e400", &msg);
    CHECK(c.kind == CONST_FLOAT && isinf(c.number));
    c = num("0.1", &msg);
    CHECK(c.number == 0.1); /* correctly rounded */
    c = num("3j", &msg);
    CHECK(c.kind == CONST_COMPLEX && c.number == 3.0);
    c = num("1.5E2J", &msg);
    CHECK(c.kind == CONST_COMPLEX && c.number == 150.0);
    c = num("09.5", &msg);
    CHECK(c.kind == CONST_FLOAT && c.number == 9.5);
}

TEST(plain_strings)
{
    CHECK_STR_EQ(str("'abc'"), "abc");
    CHECK_STR_EQ(str("\"\""), "");
    CHECK_STR_EQ(str("'''a\nb'''"), "a\nb");
    CHECK_STR_EQ(str("'a\\nb\\t\\\\\\'\\\"'"), "a\nb\t\\'\"");
    CHECK_STR_EQ(str("'a\\\nb'"), "ab");
    CHECK_STR_EQ(str("'\\a\\b\\f\\r\\v'"), "\a\b\f\r\v");
    CHECK_STR_EQ(str("'\\x41\\u00e9\\U0001F600'"), "A\xc3\xa9\xf0\x9f\x98\x80");
    CHECK_STR_EQ(str("'\\101\\0\\777x'"), "A\0\xc7\xbfx" /* \777 is U+01FF */);
    CHECK_STR_EQ(str("'\\q\\8'"), "\\q\\8"); /* invalid escapes stay */
    CHECK_STR_EQ(str("'\\é'"), "\\\xc3\xa9");
    CHECK_STR_EQ(str("'\\ud800'"), "\xed\xa0\x80"); /* a lone surrogate, WTF-8 */
    CHECK_STR_EQ(str("r'\\n\\x'"), "\\n\\x");
    CHECK_STR_EQ(str("R\"\\\"\""), "\\\"");
    Constant c;
    const char *msg;
    uint32_t off;
    CHECK(lit_string(&arena, "u'x'", 4, &c, &msg, &off) == 0);
    CHECK(c.kind == CONST_STR && c.has_u_prefix && c.len == 1);
    CHECK(lit_string(&arena, "'a\\0b'", 6, &c, &msg, &off) == 0);
    CHECK(c.len == 3 && c.text[1] == '\0');
}

TEST(named_escapes)
{
    CHECK_STR_EQ(str("'\\N{LATIN SMALL LETTER E WITH ACUTE}'"), "\xc3\xa9");
    CHECK_STR_EQ(str("'\\N{latin small letter e with acute}'"), "\xc3\xa9");
    CHECK_STR_EQ(str("'\\N{BULLET}!'"), "\xe2\x80\xa2!");
    CHECK_STR_EQ(str("'\\N{HANGUL SYLLABLE GA}'"), "\xea\xb0\x80");
    CHECK_STR_EQ(str("'\\N{CJK UNIFIED IDEOGRAPH-4E00}'"), "\xe4\xb8\x80");
    CHECK_STR_EQ(str("'\\N{BYTE ORDER MARK}'"), "\xef\xbb\xbf"); /* aliases */
    CHECK_STR_EQ(str("'\\N{line feed}\\N{LF}'"), "\n\n");
    CHECK_STR_EQ(str("'\\N{NUL}x'"), "");
}

TEST(string_errors)
{
    CHECK_STR_EQ(str("'\\x4'"), "(unicode error) 'unicodeescape' codec can't decode bytes in "
                                "position 0-2: truncated \\xXX escape");
    CHECK_STR_EQ(str("'\\x'"), "(unicode error) 'unicodeescape' codec can't decode bytes in "
                               "position 0-1: truncated \\xXX escape");
    CHECK_STR_EQ(str("'\xc3\xa9\\x'"), "(unicode error) 'unicodeescape' codec can't decode bytes "
                                       "in position 10-11: truncated \\xXX escape");
    CHECK_STR_EQ(str("'\\x\xc3\xa9'"), "(unicode error) 'unicodeescape' codec can't decode bytes "
                                       "in position 0-1: truncated \\xXX escape");
    CHECK_STR_EQ(str("'\\u12'"), "(unicode error) 'unicodeescape' codec can't decode bytes in "
                                 "position 0-3: truncated \\uXXXX escape");
    CHECK_STR_EQ(str("'\\U1234'"), "(unicode error) 'unicodeescape' codec can't decode bytes in "
                                   "position 0-5: truncated \\UXXXXXXXX escape");
    CHECK_STR_EQ(str("'\\U00110000'"), "(unicode error) 'unicodeescape' codec can't decode bytes "
                                       "in position 0-9: illegal Unicode character");
    CHECK_STR_EQ(str("'\\N{foo}'"), "(unicode error) 'unicodeescape' codec can't decode bytes in "
                                    "position 0-6: unknown Unicode character name");
    CHECK_STR_EQ(str("'\\N{}'"), "(unicode error) 'unicodeescape' codec can't decode bytes in "
                                 "position 0-2: malformed \\N character escape");
    CHECK_STR_EQ(str("'\\N{abc'"), "(unicode error) 'unicodeescape' codec can't decode bytes in "
                                   "position 0-5: malformed \\N character escape");
    CHECK_STR_EQ(str("'\\Nx'"), "(unicode error) 'unicodeescape' codec can't decode bytes in "
                                "position 0-1: malformed \\N character escape");
    CHECK_STR_EQ(str("'\xc3\xa9\\N{x'"), "(unicode error) 'unicodeescape' codec can't decode "
                                         "bytes in position 10-13: malformed \\N character escape");
    Constant c;
    const char *msg;
    uint32_t off;
    CHECK(lit_string(&arena, "'ab\\x'", 6, &c, &msg, &off) != 0);
    CHECK_INT_EQ(off, 3); /* the backslash */
}

TEST(bytes)
{
    CHECK_STR_EQ(str("b'abc'"), "abc");
    CHECK_STR_EQ(str("b'\\x41\\101\\n\\q'"), "A\x41\n\\q");
    CHECK_STR_EQ(str("b'\\777'"), "\xff");
    CHECK_STR_EQ(str("b'\\u0041\\N{X}'"), "\\u0041\\N{X}"); /* not escapes in bytes */
    CHECK_STR_EQ(str("rb'\\x'"), "\\x");
    CHECK_STR_EQ(str("b'\\x4'"), "(value error) invalid \\x escape at position 0");
    CHECK_STR_EQ(str("b'a\\xg0'"), "(value error) invalid \\x escape at position 1");
    CHECK_STR_EQ(str("b'\xc3\xa9'"), "bytes can only contain ASCII literal characters");
    CHECK_STR_EQ(str("Rb'\xc3\xa9'"), "bytes can only contain ASCII literal characters");
    Constant c;
    const char *msg;
    uint32_t off;
    CHECK(lit_string(&arena, "b'\\x00z'", 8, &c, &msg, &off) == 0);
    CHECK(c.kind == CONST_BYTES && c.len == 2 && c.text[0] == 0 && c.text[1] == 'z');
}

TEST(fstring_middles)
{
    char *buf = NULL;
    uint32_t len = 0;
    const char *msg;
    CHECK(lit_fstring_middle(&arena, "a\\n{", 4, false, &buf, &len, &msg) == 0);
    CHECK(len == 3 && memcmp(buf, "a\n{", 3) == 0);
    CHECK(lit_fstring_middle(&arena, "\\N{BULLET}}", 11, false, &buf, &len, &msg) == 0);
    CHECK_STR_EQ(buf, "a\n{\xe2\x80\xa2}");
    CHECK(lit_fstring_middle(&arena, "\\", 1, false, &buf, &len, &msg) == 0);
    CHECK_STR_EQ(buf, "a\n{\xe2\x80\xa2}\\"); /* f"\{x}": the backslash stays */
    buf = NULL;
    len = 0;
    CHECK(lit_fstring_middle(&arena, "\\n\\x", 4, true, &buf, &len, &msg) == 0);
    CHECK_STR_EQ(buf, "\\n\\x");
    CHECK(lit_fstring_middle(&arena, "\\x", 2, false, &buf, &len, &msg) != 0);
    CHECK_STR_EQ(msg, "(unicode error) 'unicodeescape' codec can't decode bytes in position 0-1: "
                      "truncated \\xXX escape");
}

TEST(interner)
{
    Interner *in = intern_new(&arena);
    Ident a = intern_ident(in, "spam", 4);
    CHECK(a == intern_ident(in, "spam eggs", 4));
    CHECK(a != intern_ident(in, "spa", 3));
    CHECK_STR_EQ(a, "spam");
    /* NFKC: the ligature U+FB01 and the fraktur H become plain letters */
    Ident fix = intern_ident(in, "fix", 3);
    CHECK(fix == intern_ident(in, "\xef\xac\x81x", 4));
    CHECK_STR_EQ(intern_ident(in, "\xe2\x84\x8c", 3), "H");
    Ident e = intern_ident(in, "\xc3\xa9", 2); /* already NFC/NFKC */
    CHECK(e == intern_ident(in, "e\xcc\x81", 3));
    /* short names (one word), exactly 8 bytes, longer ones: a normalised name finds the same
     * entry as its ASCII spelling (fullwidth h and y, U+FF48 and U+FF59) */
    Ident w8 = intern_ident(in, "abcdefgh", 8);
    CHECK(w8 == intern_ident(in, "abcdefg\xef\xbd\x88", 10));
    CHECK(w8 != intern_ident(in, "abcdefg", 7));
    CHECK(w8 != intern_ident(in, "abcdefgi", 8));
    Ident w12 = intern_ident(in, "long_name_xy", 12);
    CHECK(w12 == intern_ident(in, "long_name_x\xef\xbd\x99", 14));
    CHECK(w12 != intern_ident(in, "long_name_xz", 12));
    CHECK(w12 != intern_ident(in, "long_name_x", 11));
    CHECK_STR_EQ(w12, "long_name_xy");
    char name[16];
    Ident first = NULL;
    for (int i = 0; i < 5000; i++) { /* growth keeps earlier entries */
        int n = snprintf(name, sizeof name, "n%d", i);
        Ident id = intern_ident(in, name, (uint32_t)n);
        if (i == 0)
            first = id;
    }
    CHECK(first == intern_ident(in, "n0", 2));
    CHECK(a == intern_ident(in, "spam", 4));
    CHECK_STR_EQ(intern_ident(in, "n4999", 5), "n4999");
}

TEST(zz_cleanup)
{
    arena_free(&arena);
}

TEST_MAIN("parse_literal", TEST_CASE(integers), TEST_CASE(floats_and_imaginary),
          TEST_CASE(plain_strings), TEST_CASE(named_escapes), TEST_CASE(string_errors),
          TEST_CASE(bytes), TEST_CASE(fstring_middles), TEST_CASE(interner), TEST_CASE(zz_cleanup))
