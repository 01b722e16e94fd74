/* parse_repr: pyrepr against reprs that CPython 3.11 printed (parse_repr_data.h, written by
 * tests/tools/gen_repr_data.py). */
#include "base/strbuf.h"
#include "parse/pyrepr.h"
#include "test.h"

#include <math.h>

#include "parse_repr_data.h"

/* Each table row is its own check; a failing row prints its input. */
#define ROWS(table) (sizeof(table) / sizeof((table)[0]))

TEST(int_literals)
{
    StrBuf sb = STRBUF_INIT;
    for (size_t i = 0; i < ROWS(int_cases); i++) {
        sb_clear(&sb);
        pyrepr_int(&sb, int_cases[i].text, (uint32_t)strlen(int_cases[i].text));
        CHECK_STR_EQ(sb_cstr(&sb), int_cases[i].repr);
    }
    sb_free(&sb);
}

TEST(int_from_constant)
{
    StrBuf sb = STRBUF_INIT;
    Constant c = { .kind = CONST_INT, .fits_int64 = true, .small = 255, .text = "0xff", .len = 4 };
    pyrepr_constant(&sb, &c);
    CHECK_STR_EQ(sb_cstr(&sb), "255");
    sb_free(&sb);
}

TEST(floats)
{
    StrBuf sb = STRBUF_INIT;
    for (size_t i = 0; i < ROWS(float_cases); i++) {
        sb_clear(&sb);
        pyrepr_float(&sb, strtod(float_cases[i].hex, NULL));
        CHECK_STR_EQ(sb_cstr(&sb), float_cases[i].repr);
    }
    sb_clear(&sb);
    pyrepr_float(&sb, NAN);
    CHECK_STR_EQ(sb_cstr(&sb), "nan");
    sb_clear(&sb);
    pyrepr_float(&sb, -0.0);
    CHECK_STR_EQ(sb_cstr(&sb), "-0.0");
    sb_clear(&sb);
    pyrepr_float(&sb, -1.5e300);
    CHECK_STR_EQ(sb_cstr(&sb), "-1.5e+300");
    sb_free(&sb);
}

TEST(imaginary)
{
    StrBuf sb = STRBUF_INIT;
    for (size_t i = 0; i < ROWS(imag_cases); i++) {
        sb_clear(&sb);
        pyrepr_imag(&sb, strtod(imag_cases[i].hex, NULL));
        /* repr(complex(0, v)) is "vj" without parentheses when the real part is +0.0 */
        CHECK_STR_EQ(sb_cstr(&sb), imag_cases[i].repr);
    }
    sb_clear(&sb);
    pyrepr_imag(&sb, NAN);
    CHECK_STR_EQ(sb_cstr(&sb), "nanj");
    sb_free(&sb);
}

TEST(strings)
{
    StrBuf sb = STRBUF_INIT;
    for (size_t i = 0; i < ROWS(str_cases); i++) {
        sb_clear(&sb);
        pyrepr_str(&sb, str_cases[i].utf8, str_cases[i].len);
        CHECK_STR_EQ(sb_cstr(&sb), str_cases[i].repr);
    }
    sb_free(&sb);
}

TEST(bytes)
{
    StrBuf sb = STRBUF_INIT;
    for (size_t i = 0; i < ROWS(bytes_cases); i++) {
        sb_clear(&sb);
        pyrepr_bytes(&sb, bytes_cases[i].bytes, bytes_cases[i].len);
        CHECK_STR_EQ(sb_cstr(&sb), bytes_cases[i].repr);
    }
    sb_free(&sb);
}

/* utf8_encode: WTF-8 of one code point (surrogates included), returns its length. */
static uint32_t
utf8_encode(uint32_t c, char *buf)
{
    if (c < 0x80) {
        buf[0] = (char)c;
        return 1;
    }
    if (c < 0x800) {
        buf[0] = (char)(0xC0 | (c >> 6));
        buf[1] = (char)(0x80 | (c & 0x3F));
        return 2;
    }
    if (c < 0x10000) {
        buf[0] = (char)(0xE0 | (c >> 12));
        buf[1] = (char)(0x80 | ((c >> 6) & 0x3F));
        buf[2] = (char)(0x80 | (c & 0x3F));
        return 3;
    }
    buf[0] = (char)(0xF0 | (c >> 18));
    buf[1] = (char)(0x80 | ((c >> 12) & 0x3F));
    buf[2] = (char)(0x80 | ((c >> 6) & 0x3F));
    buf[3] = (char)(0x80 | (c & 0x3F));
    return 4;
}

/* Every code point: printed as itself exactly when CPython 3.11's str.isprintable() says so. */
TEST(isprintable_all_code_points)
{
    StrBuf sb = STRBUF_INIT;
    size_t r = 0, mismatches = 0;
    for (uint32_t c = 0; c < 0x110000; c++) {
        while (r < ROWS(printable_ranges) && printable_ranges[r][1] <= c)
            r++;
        bool expect = r < ROWS(printable_ranges) && printable_ranges[r][0] <= c;
        if (c == '\'' || c == '\\')
            continue; /* printable but escaped by repr */
        char buf[4];
        uint32_t n = utf8_encode(c, buf);
        sb_clear(&sb);
        pyrepr_str(&sb, buf, n);
        bool verbatim = sb.len == n + 2 && !memcmp(sb.data + 1, buf, n);
        if (verbatim != expect && mismatches++ < 10)
            fprintf(stderr, "  U+%04X: isprintable %d, repr %s\n", c, expect, sb_cstr(&sb));
    }
    CHECK_INT_EQ(mismatches, 0);
    sb_free(&sb);
}

TEST(constants)
{
    StrBuf sb = STRBUF_INIT;
    Constant c = { .kind = CONST_ELLIPSIS };
    pyrepr_constant(&sb, &c);
    c.kind = CONST_NONE;
    sb_addc(&sb, ' ');
    pyrepr_constant(&sb, &c);
    c.kind = CONST_TRUE;
    sb_addc(&sb, ' ');
    pyrepr_constant(&sb, &c);
    c = (Constant){ .kind = CONST_STR, .text = "a\0b", .len = 3 };
    sb_addc(&sb, ' ');
    pyrepr_constant(&sb, &c);
    c = (Constant){ .kind = CONST_BYTES, .text = "", .len = 0 };
    sb_addc(&sb, ' ');
    pyrepr_constant(&sb, &c);
    CHECK_STR_EQ(sb_cstr(&sb), "Ellipsis None True 'a\\x00b' b''");
    sb_free(&sb);
}

TEST_MAIN("parse_repr", TEST_CASE(int_literals), TEST_CASE(int_from_constant), TEST_CASE(floats),
          TEST_CASE(imaginary), TEST_CASE(strings), TEST_CASE(bytes),
          TEST_CASE(isprintable_all_code_points), TEST_CASE(constants))
