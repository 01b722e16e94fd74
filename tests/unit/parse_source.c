/* Unit tests for parse/source: BOM, PEP 263 cookies, UTF-8 checks, newlines, NULs, file reading. */
#include "parse/source.h"
#include "test.h"

#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static Arena arena;

/* decode: decodes a NUL-free-length-aware literal; returns the text or NULL (then err is set). */
static const char *
decode_n(const char *raw, size_t n, Source *src, SyntaxErr *err)
{
    if (source_decode(&arena, "f.py", raw, n, src, err) < 0)
        return NULL;
    return src->text;
}

#define DECODE(lit, src, err) decode_n((lit), sizeof(lit) - 1, (src), (err))

TEST(plain_ascii)
{
    Source src;
    SyntaxErr err;
    CHECK_STR_EQ(DECODE("x = 1", &src, &err), "x = 1");
    CHECK_INT_EQ(src.len, 5);
    CHECK(!src.had_bom);
    CHECK(!src.crlf);
    CHECK(!err.set);
    CHECK_STR_EQ(src.path, "f.py");
    CHECK_STR_EQ(DECODE("", &src, &err), "");
    CHECK_INT_EQ(src.len, 0);
}

TEST(bom_dropped)
{
    Source src;
    SyntaxErr err;
    CHECK_STR_EQ(DECODE("\xEF\xBB\xBFx = 1\n", &src, &err), "x = 1\n");
    CHECK(src.had_bom);
    /* a partial BOM is just bytes, and ill-formed UTF-8 */
    CHECK(DECODE("\xEF\xBBx\n", &src, &err) == NULL);
    CHECK(err.set);
}

TEST(newlines)
{
    Source src;
    SyntaxErr err;
    CHECK_STR_EQ(DECODE("a\r\nb\r\n", &src, &err), "a\nb\n");
    CHECK(src.crlf);
    CHECK_INT_EQ(src.len, 4);
    CHECK_STR_EQ(DECODE("a\rb\rc", &src, &err), "a\nb\nc");
    CHECK(!src.crlf);
    CHECK_STR_EQ(DECODE("a\nb\r\nc\r\r\n", &src, &err), "a\nb\nc\n\n");
    CHECK(!src.crlf); /* the first newline decides */
    CHECK_STR_EQ(DECODE("0123456789abcdef\r\n0123456789abcdef\r", &src, &err),
                 "0123456789abcdef\n0123456789abcdef\n");
    CHECK(src.crlf);
}

/* reference translation: CR LF / CR -> LF, byte by byte */
static size_t
naive_translate(const char *s, size_t n, char *out)
{
    size_t o = 0;
    for (size_t i = 0; i < n; i++) {
        if (s[i] == '\r') {
            out[o++] = '\n';
            if (i + 1 < n && s[i + 1] == '\n')
                i++;
        } else {
            out[o++] = s[i];
        }
    }
    return o;
}

TEST(newlines_random)
{
    /* the 8-byte fast path must agree with the byte loop wherever CR, LF and UTF-8 fall */
    static const char *const pieces[] = {
        "a", "bc", "\r", "\n", "\r\n", "\xC3\xA9", "\xE2\x82\xAC", "xxxxxxx", "\xF0\x9F\x98\x80",
        " "
    };
    unsigned seed = 12345;
    char raw[512], want[512];
    for (int round = 0; round < 2000; round++) {
        size_t n = 0;
        while (n < 400) {
            seed = seed * 1103515245u + 12345u;
            const char *p = pieces[(seed >> 16) % ARRAY_LEN(pieces)];
            memcpy(raw + n, p, strlen(p));
            n += strlen(p);
        }
        size_t wn = naive_translate(raw, n, want);
        Source src;
        SyntaxErr err;
        const char *got = decode_n(raw, n, &src, &err);
        CHECK(got != NULL);
        if (!got)
            return;
        CHECK_INT_EQ(src.len, wn);
        CHECK(memcmp(got, want, wn) == 0);
    }
}

TEST(cookie_latin1)
{
    Source src;
    SyntaxErr err;
    CHECK_STR_EQ(DECODE("# -*- coding: latin-1 -*-\nx = '\xE9'\n", &src, &err),
                 "# -*- coding: latin-1 -*-\nx = '\xC3\xA9'\n");
    CHECK_STR_EQ(DECODE("#!/usr/bin/env python\n# vim: set fileencoding=iso-8859-1 :\nx = '\xFF'\n",
                        &src, &err),
                 "#!/usr/bin/env python\n# vim: set fileencoding=iso-8859-1 :\nx = '\xC3\xBF'\n");
    static const char *const names[] = { "latin-1",     "LATIN_1",      "iso-8859-1",
                                         "iso8859-1",   "l1",           "latin1",
                                         "iso-latin-1", "latin-1-unix", "ISO_8859_1" };
    for (size_t i = 0; i < ARRAY_LEN(names); i++) {
        char buf[100];
        int n = snprintf(buf, sizeof buf, "# coding=%s\ns = '\xB5'\n", names[i]);
        const char *t = decode_n(buf, (size_t)n, &src, &err);
        CHECK(t != NULL);
        if (!t)
            fprintf(stderr, "  name %s: %s\n", names[i], err.msg);
        else
            CHECK(strstr(t, "'\xC2\xB5'") != NULL);
    }
}

TEST(cookie_position)
{
    Source src;
    SyntaxErr err;
    /* line 2 counts only when line 1 is blank or a comment */
    CHECK(DECODE("x = 1\n# coding: latin-1\ny = '\xE9'\n", &src, &err) == NULL);
    CHECK_INT_EQ(err.line, 3);
    CHECK(DECODE("x = 1  # coding: latin-1\ny = '\xE9'\n", &src, &err) == NULL);
    CHECK(DECODE("\n\n# coding: latin-1\ny = '\xE9'\n", &src, &err) == NULL); /* line 3: too late */
    CHECK(DECODE("  \t\f\n# coding: latin-1\ny = '\xE9'\n", &src, &err) != NULL);
    CHECK(DECODE("\r\n# coding: latin-1\r\ny = '\xE9'\n", &src, &err) != NULL);
    /* "coding" must be followed by ':' or '=' and a name */
    CHECK(DECODE("# coding latin-1\ny = '\xE9'\n", &src, &err) == NULL);
    CHECK(DECODE("# encoding: latin-1\ny = '\xE9'\n", &src, &err) != NULL);
    CHECK(DECODE("#coding:latin-1\ny = '\xE9'\n", &src, &err) != NULL);
}

TEST(cookie_utf8)
{
    Source src;
    SyntaxErr err;
    static const char *const names[] = { "utf-8",      "UTF-8", "utf_8", "UTF_8",
                                         "utf-8-unix", "utf8",  "u8",    "UTF8" };
    for (size_t i = 0; i < ARRAY_LEN(names); i++) {
        char buf[100];
        int n = snprintf(buf, sizeof buf, "# coding: %s\ns = '\xC3\xA9'\n", names[i]);
        CHECK(decode_n(buf, (size_t)n, &src, &err) != NULL);
    }
    /* utf8 is decoded by Python's codec, so a bad byte gets the codec's message */
    CHECK(DECODE("# coding: utf8\nx='\xFF'\n", &src, &err) == NULL);
    CHECK_STR_EQ(err.msg,
                 "'utf-8' codec can't decode byte 0xff in position 18: invalid start byte");
    CHECK(DECODE("# coding: utf8\nx='\xE2\x28'\n", &src, &err) == NULL);
    CHECK_STR_EQ(err.msg,
                 "'utf-8' codec can't decode byte 0xe2 in position 18: invalid continuation byte");
    CHECK(DECODE("# coding: utf8\nx='\xE2\x82", &src, &err) == NULL);
    CHECK_STR_EQ(err.msg,
                 "'utf-8' codec can't decode byte 0xe2 in position 18: unexpected end of data");
}

TEST(bom_and_cookie)
{
    Source src;
    SyntaxErr err;
    CHECK(DECODE("\xEF\xBB\xBF# coding: utf-8\nx = 1\n", &src, &err) != NULL);
    CHECK(DECODE("\xEF\xBB\xBF# coding: UTF_8-unix\nx = 1\n", &src, &err) != NULL);
    CHECK(DECODE("\xEF\xBB\xBF# coding: latin-1\nx = 1\n", &src, &err) == NULL);
    CHECK_STR_EQ(err.msg, "encoding problem: iso-8859-1 with BOM");
    CHECK_STR_EQ(err.kind, "SyntaxError");
    CHECK(DECODE("\xEF\xBB\xBF# coding: utf8\nx = 1\n", &src, &err) == NULL);
    CHECK_STR_EQ(err.msg, "encoding problem: utf8 with BOM");
    CHECK(DECODE("\xEF\xBB\xBF#!python\n# coding: cp1252\nx = 1\n", &src, &err) == NULL);
    CHECK_STR_EQ(err.msg, "encoding problem: cp1252 with BOM");
    CHECK_INT_EQ(err.line, 2);
}

TEST(cookie_ascii)
{
    Source src;
    SyntaxErr err;
    CHECK_STR_EQ(DECODE("# coding: ascii\nx = 1\n", &src, &err), "# coding: ascii\nx = 1\n");
    CHECK(DECODE("# coding: us-ascii\nx = 1\n", &src, &err) != NULL);
    CHECK(DECODE("# coding: ascii\nx = '\xC3\xA9'\n", &src, &err) == NULL);
    CHECK_STR_EQ(err.msg, "'ascii' codec can't decode byte 0xc3 in position 21: ordinal not in "
                          "range(128)");
    CHECK_INT_EQ(err.line, 2);
}

TEST(cookie_iconv)
{
    Source src;
    SyntaxErr err;
    /* cp1252 0x80 is the euro sign */
    CHECK_STR_EQ(DECODE("# coding: cp1252\ns = '\x80'\n", &src, &err),
                 "# coding: cp1252\ns = '\xE2\x82\xAC'\n");
    CHECK_STR_EQ(DECODE("# coding: koi8_r\ns = '\xC1'\n", &src, &err),
                 "# coding: koi8_r\ns = '\xD0\xB0'\n");
    CHECK_STR_EQ(DECODE("# coding: iso8859_15\ns = '\xA4'\r\n", &src, &err),
                 "# coding: iso8859_15\ns = '\xE2\x82\xAC'\n");
    CHECK(DECODE("# coding: nonesuch-42\nx = 1\n", &src, &err) == NULL);
    CHECK_STR_EQ(err.msg, "unknown encoding: nonesuch-42");
    CHECK_INT_EQ(err.line, 1);
    /* bytes the encoding does not define */
    CHECK(DECODE("# coding: shift_jis\ns = '\x82'", &src, &err) == NULL);
    CHECK(err.set && strstr(err.msg, "codec can't decode byte 0x82 in position 25") != NULL);
}

TEST(non_utf8)
{
    Source src;
    SyntaxErr err;
    CHECK(DECODE("x = 1\ny = '\xFF'\n", &src, &err) == NULL);
    CHECK_STR_EQ(err.msg, "Non-UTF-8 code starting with '\\xff' in file f.py on line 2, but no "
                          "encoding declared; see https://peps.python.org/pep-0263/ for details");
    CHECK_STR_EQ(err.kind, "SyntaxError");
    CHECK_INT_EQ(err.line, 2);
    CHECK_INT_EQ(err.col, 6);
    /* lines count CR and CRLF, columns count code points */
    CHECK(DECODE("a\r\nb\rc\n'\xC3\xA9\xC3\xA9\x80'\n", &src, &err) == NULL);
    CHECK_INT_EQ(err.line, 4);
    CHECK_INT_EQ(err.col, 4);
    /* a NULL path leaves out "in file" */
    CHECK(source_decode(&arena, NULL, "\xFE", 1, &src, &err) < 0);
    CHECK_STR_EQ(err.msg, "Non-UTF-8 code starting with '\\xfe' on line 1, but no encoding "
                          "declared; see https://peps.python.org/pep-0263/ for details");
}

TEST(utf8_strictness)
{
    Source src;
    SyntaxErr err;
    CHECK(DECODE("s = '\xF0\x9F\x98\x80 \xF4\x8F\xBF\xBF \xEF\xBF\xBF \xC2\x80'", &src, &err) !=
          NULL);
    static const char *const bad[] = {
        "\xC0\x80",         /* overlong NUL */
        "\xC1\xBF",         /* overlong */
        "\xE0\x80\x80",     /* overlong */
        "\xED\xA0\x80",     /* surrogate */
        "\xF0\x80\x80\x80", /* overlong */
        "\xF4\x90\x80\x80", /* above U+10FFFF */
        "\xF5\x80\x80\x80", /* invalid start */
        "\x80",             /* lone continuation */
        "\xE2\x82",         /* truncated at end */
        "\xE2\x82x",        /* truncated */
    };
    for (size_t i = 0; i < ARRAY_LEN(bad); i++) {
        char buf[32];
        int n = snprintf(buf, sizeof buf, "x%s", bad[i]);
        CHECK(decode_n(buf, (size_t)n, &src, &err) == NULL);
        CHECK(err.set && !strncmp(err.msg, "Non-UTF-8 code starting with", 28));
    }
}

TEST(null_bytes)
{
    Source src;
    SyntaxErr err;
    CHECK(DECODE("x = 1\ny = 2\0\n", &src, &err) == NULL);
    CHECK_STR_EQ(err.msg, "source code cannot contain null bytes");
    CHECK_INT_EQ(err.line, 2);
    /* whichever of NUL and a bad byte comes first wins */
    CHECK(DECODE("\0\xFF", &src, &err) == NULL);
    CHECK_STR_EQ(err.msg, "source code cannot contain null bytes");
    CHECK(DECODE("\xFF\0", &src, &err) == NULL);
    CHECK(!strncmp(err.msg, "Non-UTF-8", 9));
    /* NUL through latin-1 decoding too */
    CHECK(DECODE("# coding: latin-1\n\0", &src, &err) == NULL);
    CHECK_STR_EQ(err.msg, "source code cannot contain null bytes");
}

TEST(too_large)
{
    size_t n = SOURCE_MAX_BYTES + 1;
    char *big = xmalloc(n);
    memset(big, '#', n);
    Source src;
    SyntaxErr err;
    CHECK(source_decode(&arena, "big.py", big, n, &src, &err) < 0);
    CHECK(err.set && strstr(err.msg, "file too large") != NULL);
    CHECK(source_decode(&arena, "big.py", big, n - 1, &src, &err) == 0);
    CHECK_INT_EQ(src.len, n - 1);
    free(big);
}

TEST(read_file)
{
    char dir[] = "/tmp/asyncreview-src-XXXXXX";
    CHECK(mkdtemp(dir) != NULL);
    char path[256], reason[256];
    size_t len;

    snprintf(path, sizeof path, "%s/a.py", dir);
    FILE *f = fopen(path, "wb");
    fputs("x = 1\n", f);
    fclose(f);
    char *buf = source_read_file(path, &len, reason, sizeof reason);
    CHECK(buf != NULL);
    CHECK_INT_EQ(len, 6);
    CHECK_STR_EQ(buf, "x = 1\n");
    free(buf);

    snprintf(path, sizeof path, "%s/empty.py", dir);
    f = fopen(path, "wb");
    fclose(f);
    buf = source_read_file(path, &len, reason, sizeof reason);
    CHECK(buf != NULL && len == 0 && buf[0] == '\0');
    free(buf);

    snprintf(path, sizeof path, "%s/missing.py", dir);
    CHECK(source_read_file(path, &len, reason, sizeof reason) == NULL);
    CHECK_STR_EQ(reason, "No such file or directory");

    CHECK(source_read_file(dir, &len, reason, sizeof reason) == NULL);
    CHECK_STR_EQ(reason, "Is a directory");

    /* a sparse 100 MiB file is refused by its size, before anything is read */
    snprintf(path, sizeof path, "%s/big.py", dir);
    int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
    CHECK(fd >= 0 && ftruncate(fd, 100 * 1024 * 1024) == 0);
    close(fd);
    CHECK(source_read_file(path, &len, reason, sizeof reason) == NULL);
    CHECK_STR_EQ(reason, "file too large (100.0 MB; the limit is 32 MB)");
    unlink(path);

    /* a file that is not a regular file is read to EOF */
    buf = source_read_file("/dev/null", &len, reason, sizeof reason);
    CHECK(buf != NULL && len == 0);
    free(buf);

    snprintf(path, sizeof path, "%s/a.py", dir);
    unlink(path);
    snprintf(path, sizeof path, "%s/empty.py", dir);
    unlink(path);
    rmdir(dir);
}

static void
setup(void)
{
    arena_init(&arena, 0);
}

/* source_decode_borrowed gives source_decode's result, without a copy when nothing changes */
TEST(borrowed)
{
    static const char *const inputs[] = {
        "x = 1\n",
        "# -*- coding: utf-8 -*-\ns = '\xc3\xa9'\n",
        "a = '\xe2\x82\xac'\n" /* plain: borrowed */,
        "x = 1\r\ny = 2\r\n",
        "\xEF\xBB\xBFx = 1\n",
        "# coding: latin-1\ns = '\xe9'\n",
        "s = '\xff'\n",
        "s = '\xe2\x82'\n",
        "x = 1\0\n",
        "",
    };
    for (size_t i = 0; i < ARRAY_LEN(inputs); i++) {
        size_t n = i == 8 ? 7 : strlen(inputs[i]);
        char *raw = malloc(n + 1);
        memcpy(raw, inputs[i], n);
        raw[n] = '\0';
        Source a, b;
        SyntaxErr ea, eb;
        int ra = source_decode(&arena, "f.py", raw, n, &a, &ea);
        int rb = source_decode_borrowed(&arena, "f.py", raw, n, &b, &eb);
        CHECK_INT_EQ(rb, ra);
        if (ra == 0 && rb == 0) {
            CHECK_INT_EQ(b.len, a.len);
            CHECK(memcmp(a.text, b.text, a.len) == 0 && b.text[b.len] == '\0');
            CHECK(a.had_bom == b.had_bom && a.crlf == b.crlf);
            /* the plain ones (no BOM, CR, other cookie) are not copied */
            bool plain = i <= 2 || i == 9;
            CHECK((b.text == raw) == plain);
        } else {
            CHECK_STR_EQ(eb.msg, ea.msg ? ea.msg : "");
            CHECK_INT_EQ(eb.line, ea.line);
        }
        free(raw);
    }
}

TEST(setup)
{
    setup();
}

TEST(teardown)
{
    arena_free(&arena);
}

TEST_MAIN("parse_source", TEST_CASE(setup), TEST_CASE(borrowed), TEST_CASE(plain_ascii),
          TEST_CASE(bom_dropped), TEST_CASE(newlines), TEST_CASE(newlines_random),
          TEST_CASE(cookie_latin1), TEST_CASE(cookie_position), TEST_CASE(cookie_utf8),
          TEST_CASE(bom_and_cookie), TEST_CASE(cookie_ascii), TEST_CASE(cookie_iconv),
          TEST_CASE(non_utf8), TEST_CASE(utf8_strictness), TEST_CASE(null_bytes),
          TEST_CASE(too_large), TEST_CASE(read_file), TEST_CASE(teardown))
