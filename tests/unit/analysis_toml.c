/* analysis_toml: the TOML reader. Acceptance and rejection were cross-checked against Python 3.11's
 * tomllib (including the line of every error); these cases keep that behaviour pinned. */
#include "analysis/toml.h"
#include "test.h"

#include <math.h>

static Arena arena;
static TomlError err;

static TomlValue *
parse(const char *text)
{
    arena_free(&arena);
    arena_init(&arena, 0);
    return toml_parse(&arena, text, strlen(text), &err);
}

/* Expects text to be rejected at `line` with message `msg`. */
#define CHECK_REJECT(text, line_, msg_)                                                            \
    do {                                                                                           \
        CHECK(parse(text) == NULL);                                                                \
        CHECK_INT_EQ(err.line, line_);                                                             \
        CHECK_STR_EQ(err.msg, msg_);                                                               \
    } while (0)

#define CHECK_ACCEPT(text)                                                                         \
    do {                                                                                           \
        if (!parse(text)) {                                                                        \
            fprintf(stderr, "  rejected at %u: %s\n", err.line, err.msg);                          \
            CHECK(!"accepted");                                                                    \
        }                                                                                          \
    } while (0)

static const TomlValue *
path(const TomlValue *t, const char *a, const char *b, const char *c)
{
    t = toml_get(t, a);
    if (b)
        t = toml_get(t, b);
    if (c)
        t = toml_get(t, c);
    return t;
}

TEST(scalars)
{
    TomlValue *root = parse("s = \"a\\tb\\u00e9\\U0001F600\\\\\"\n"
                            "l = 'C:\\path'\n"
                            "i = -42\n"
                            "h = 0xff\n"
                            "o = 0o17\n"
                            "b = 0b101\n"
                            "u = 1_000_000\n"
                            "f = 6.25e-1\n"
                            "n = -inf\n"
                            "t = true\n"
                            "d = 1979-05-27T07:32:00Z\n"
                            "big = 99999999999999999999\n"
                            "nul = \"a\\u0000b\"\n");
    CHECK(root != NULL);
    if (!root)
        return;
    const TomlValue *v = toml_get(root, "s");
    CHECK_INT_EQ(v->type, TOML_STRING);
    CHECK_STR_EQ(v->u.str.s, "a\tb\xc3\xa9\xf0\x9f\x98\x80\\");
    CHECK_STR_EQ(toml_get(root, "l")->u.str.s, "C:\\path");
    CHECK_INT_EQ(toml_get(root, "i")->u.integer, -42);
    CHECK_INT_EQ(toml_get(root, "h")->u.integer, 255);
    CHECK_INT_EQ(toml_get(root, "o")->u.integer, 15);
    CHECK_INT_EQ(toml_get(root, "b")->u.integer, 5);
    CHECK_INT_EQ(toml_get(root, "u")->u.integer, 1000000);
    CHECK_INT_EQ(toml_get(root, "f")->type, TOML_FLOAT);
    CHECK(toml_get(root, "f")->u.real == 0.625);
    CHECK(isinf(toml_get(root, "n")->u.real) && toml_get(root, "n")->u.real < 0);
    CHECK_INT_EQ(toml_get(root, "t")->type, TOML_BOOLEAN);
    CHECK(toml_get(root, "t")->u.boolean);
    CHECK_INT_EQ(toml_get(root, "d")->type, TOML_DATETIME);
    CHECK_STR_EQ(toml_get(root, "d")->u.str.s, "1979-05-27T07:32:00Z");
    CHECK_INT_EQ(toml_get(root, "big")->u.integer, INT64_MAX); /* clamped */
    CHECK_INT_EQ(toml_get(root, "nul")->u.str.len, 3);
    CHECK_INT_EQ(toml_get(root, "d")->line, 11);
    CHECK(toml_get(root, "missing") == NULL);
    CHECK_STR_EQ(toml_type_name(TOML_DATETIME), "date-time");
    CHECK_STR_EQ(toml_type_name(TOML_TABLE), "table");
}

TEST(multiline_strings)
{
    TomlValue *root = parse("a = \"\"\"\nline one\nline two\"\"\"\n"
                            "b = \"\"\"\\\n    folded \\\n    text\"\"\"\n"
                            "c = '''\n raw \\n '''\n"
                            "d = \"\"\"quote \"\"inside\"\" \"\"\"\"\"\n"
                            "e = '''''two'''''\n"
                            "f = \"\"\"crlf\r\nline\"\"\"\n");
    CHECK(root != NULL);
    if (!root)
        return;
    CHECK_STR_EQ(toml_get(root, "a")->u.str.s, "line one\nline two");
    CHECK_STR_EQ(toml_get(root, "b")->u.str.s, "folded text");
    CHECK_STR_EQ(toml_get(root, "c")->u.str.s, " raw \\n ");
    CHECK_STR_EQ(toml_get(root, "d")->u.str.s, "quote \"\"inside\"\" \"\"");
    CHECK_STR_EQ(toml_get(root, "e")->u.str.s, "''two''");
    CHECK_STR_EQ(toml_get(root, "f")->u.str.s, "crlf\nline");
    CHECK_INT_EQ(toml_get(root, "b")->line, 4);
    CHECK_INT_EQ(toml_entry(root, "c")->line, 7);
}

TEST(tables_and_lines)
{
    TomlValue *root = parse("top = 1\n"
                            "\n"
                            "[a.b]\n"
                            "x = 1\n"
                            "[a]\n"
                            "y.z = 2\n"
                            "y.w = 3\n"
                            "[a.y.deep]\n"
                            "[[arr]]\n"
                            "k = 1\n"
                            "[arr.sub]\n"
                            "[[arr]]\n"
                            "k = 2\n"
                            "[\"quoted key\".'lit']\n"
                            "v = [1, [2, 3], {in = \"line\"}]\n");
    CHECK(root != NULL);
    if (!root)
        return;
    CHECK_INT_EQ(path(root, "a", "b", "x")->u.integer, 1);
    CHECK_INT_EQ(path(root, "a", "y", "w")->u.integer, 3);
    CHECK_INT_EQ(path(root, "a", "y", "deep")->type, TOML_TABLE);
    CHECK_INT_EQ(toml_entry(root, "a")->line, 5); /* defined by [a] on line 5 */
    CHECK_INT_EQ(toml_entry(toml_get(root, "a"), "y")->line, 6);
    const TomlValue *arr = toml_get(root, "arr");
    CHECK_INT_EQ(arr->type, TOML_ARRAY);
    CHECK_INT_EQ(arr->u.array.len, 2);
    CHECK_INT_EQ(toml_get(arr->u.array.items[0], "sub")->type, TOML_TABLE);
    CHECK_INT_EQ(toml_get(arr->u.array.items[1], "k")->u.integer, 2);
    CHECK(toml_get(arr->u.array.items[1], "sub") == NULL);
    const TomlValue *v = path(root, "quoted key", "lit", "v");
    CHECK(v != NULL);
    if (!v)
        return;
    CHECK_INT_EQ(v->u.array.len, 3);
    CHECK_INT_EQ(v->u.array.items[1]->u.array.items[1]->u.integer, 3);
    CHECK_STR_EQ(toml_get(v->u.array.items[2], "in")->u.str.s, "line");
    /* entries keep the order written */
    CHECK_STR_EQ(root->u.table.items[0].key, "top");
    CHECK_STR_EQ(root->u.table.items[1].key, "a");
    CHECK_STR_EQ(root->u.table.items[2].key, "arr");
}

TEST(accepts_what_tomllib_accepts)
{
    CHECK_ACCEPT("");
    CHECK_ACCEPT("# only a comment");
    CHECK_ACCEPT("a = [\n  1, # one\n  2,\n]\n");
    CHECK_ACCEPT("a = []\nb = [ ]\nc = {}\n");
    CHECK_ACCEPT("a = [1, 'x', 2.0, [true], {k = 1}]"); /* mixed arrays are TOML 1.0 */
    CHECK_ACCEPT("[a.b.c]\n[a]\nx = 1\n[a.b]\n");
    CHECK_ACCEPT("[a.b.c]\n[a]\nb.d = 1\n"); /* a.b was only implied by [a.b.c] */
    CHECK_ACCEPT("[a]\nb.c = 1\n[a.b.d]\n"); /* a sub-table of a dotted-key table */
    CHECK_ACCEPT("a.b = 1\n[a.c]\n");
    CHECK_ACCEPT("a = {x = 1, y.z = 2, y.w = 3}");
    CHECK_ACCEPT("3.14 = 'pi'\ntrue = 1\n\"\" = 2\n");
    CHECK_ACCEPT(" a . b = 1\n");
    CHECK_ACCEPT("a = 1979-05-27 07:32:00\nb = 07:32:00.5\nc = 1980-02-29\n");
    CHECK_ACCEPT("a = 0\nb = +0\nc = -0.0\nd = 0e0\ne = 1e1_0\n");
    CHECK_ACCEPT("a = 1\r\nb = 2\r\n");
}

TEST(rejects_what_tomllib_rejects)
{
    CHECK_REJECT("a = 1\na = 2\n", 2, "duplicate key 'a'");
    CHECK_REJECT("[a]\n[a]\n", 2, "table [a] is defined more than once");
    CHECK_REJECT("[a]\nb.c = 1\n[a.b]\n", 3, "table [a.b] is defined more than once");
    CHECK_REJECT("a = {}\n[a]\n", 2, "table [a] is defined more than once");
    CHECK_REJECT("a = {}\n[a.b]\n", 2,
                 "'a' is already defined as an inline table and cannot be extended");
    CHECK_REJECT("a = []\n[[a]]\n", 2,
                 "'a' is already defined as an array, not an array of tables");
    CHECK_REJECT("[a]\n[[a]]\n", 2, "'a' is already defined as a table, not an array of tables");
    CHECK_REJECT("[[a]]\n[a]\n", 2, "table [a] is defined more than once");
    CHECK_REJECT("[a.b.c]\nz = 9\n[a]\nb.c.t = 1\n", 4,
                 "cannot set 'b.c.t': 'b.c' is a table defined elsewhere");
    CHECK_REJECT("a = {x = {y = 1}, x.z = 2}", 1,
                 "cannot set 'x.z': 'x' is an inline table, closed to additions");
    CHECK_REJECT("a.b = 1\na.b.c = 2\n", 2, "cannot set 'a.b.c': 'a.b' is not a table");
    CHECK_REJECT("a = {x = 1,}", 1, "trailing comma in an inline table");
    CHECK_REJECT("a = 0123", 1, "invalid number: leading zeros are not allowed");
    CHECK_REJECT("a = 1__0", 1, "invalid number");
    CHECK_REJECT("a = 0xg", 1, "invalid hexadecimal integer");
    CHECK_REJECT("a = 1.", 1, "expected a newline after the statement, found '.'");
    CHECK_REJECT(
        "a = .5", 1,
        "expected a value (a string, number, boolean, date, array or inline table), found '.'");
    CHECK_REJECT(
        "a = True", 1,
        "expected a value (a string, number, boolean, date, array or inline table), found 'T'");
    CHECK_REJECT("a = 1979-02-29", 1, "invalid date '1979-02-29'");
    CHECK_REJECT("a = [1 2]", 1, "expected ',' or ']' after an array element, found '2'");
    CHECK_REJECT(
        "a = [1,,2]", 1,
        "expected a value (a string, number, boolean, date, array or inline table), found ','");
    CHECK_REJECT("a = \"\\q\"", 1, "invalid escape '\\' followed by 'q'");
    CHECK_REJECT("a = \"\\uD800\"", 1, "invalid escape: U+D800 is not a Unicode scalar value");
    CHECK_REJECT("a = \"\\u12\"", 1, "invalid escape: '\\u' needs 4 hex digits");
    CHECK_REJECT("a = \"\"\"a\\ b\"\"\"", 1,
                 "invalid escape: '\\' followed by whitespace must end the line");
    CHECK_REJECT("a = \"a\x01\"", 1, "byte 0x01 is not allowed in a string; write it as an escape");
    CHECK_REJECT("\n\na = \"open", 3, "unterminated string");
    CHECK_REJECT("a = '''\n\nnever closed", 3, "unterminated string");
    CHECK_REJECT("# bell \x07\n", 1, "byte 0x07 is not allowed in a comment");
    CHECK_REJECT("a = 1\rb = 2", 1, "expected a newline after the statement, found byte 0x0D");
    CHECK_REJECT("= 1", 1, "expected a key, a [table] header or a comment, found '='");
    CHECK_REJECT("a", 1, "expected '=' after the key, found end of file");
    CHECK_REJECT("[a", 1, "expected ']' at the end of the table header, found end of file");
    CHECK_REJECT("[[a]\n", 1,
                 "expected ']]' at the end of the array of tables header, found a single ']'");
    CHECK_REJECT("[[a\n", 1,
                 "expected ']]' at the end of the array of tables header, found a newline");
    CHECK_REJECT("[ [a] ]", 1,
                 "expected a key (letters, digits, '_', '-' or a quoted string), found '['");
    CHECK_REJECT("\"\"\"k\"\"\" = 1", 1, "a key cannot be a multi-line string");
    CHECK_REJECT("ok = 1\nbad = \"\xc3\x28\"", 2, "invalid UTF-8 (byte 0xC3)");
    CHECK_REJECT("a = \"\xed\xa0\x80\"", 1, "invalid UTF-8 (byte 0xED)"); /* a UTF-8 surrogate */
    CHECK_REJECT("a = [\n1,\n", 1, "unclosed array: '[' without a matching ']'");
}

TEST(nesting_limit)
{
    char deep[600];
    size_t n = 0;
    n += (size_t)sprintf(deep, "a = ");
    for (int i = 0; i < TOML_MAX_DEPTH + 1; i++)
        deep[n++] = '[';
    deep[n] = '\0';
    CHECK(parse(deep) == NULL);
    CHECK_STR_EQ(err.msg, "arrays and inline tables nested more than 128 deep");
    n = 4;
    for (int i = 0; i < TOML_MAX_DEPTH; i++)
        deep[n++] = '[';
    for (int i = 0; i < TOML_MAX_DEPTH; i++)
        deep[n++] = ']';
    deep[n] = '\0';
    CHECK(parse(deep) != NULL);
}

TEST(many_keys_and_long_dotted_keys)
{
    /* a table of 20,000 keys (hashed duplicate checks) and a 5,000-part dotted key in an inline
     * table */
    size_t cap = 20000 * 16 + 5000 * 4 + 100;
    char *text = malloc(cap);
    size_t n = 0;
    for (int i = 0; i < 20000; i++)
        n += (size_t)snprintf(text + n, cap - n, "k%d = %d\n", i, i);
    n += (size_t)snprintf(text + n, cap - n, "x = {");
    for (int i = 0; i < 5000; i++)
        n += (size_t)snprintf(text + n, cap - n, "%sa", i ? "." : "");
    n += (size_t)snprintf(text + n, cap - n, " = 1}\nk7 = 0\n");
    CHECK(parse(text) == NULL);
    CHECK_INT_EQ(err.line, 20002);
    CHECK_STR_EQ(err.msg, "duplicate key 'k7'");
    free(text);
}

TEST(zz_cleanup)
{
    arena_free(&arena);
}

TEST_MAIN("analysis_toml", TEST_CASE(scalars), TEST_CASE(multiline_strings),
          TEST_CASE(tables_and_lines), TEST_CASE(accepts_what_tomllib_accepts),
          TEST_CASE(rejects_what_tomllib_rejects), TEST_CASE(nesting_limit),
          TEST_CASE(many_keys_and_long_dotted_keys), TEST_CASE(zz_cleanup))
