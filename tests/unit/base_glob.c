/* base_glob: glob_match for `exclude` and `per-file-ignores`. */
#include "base/glob.h"
#include "test.h"

TEST(literal)
{
    CHECK(glob_match("a.py", "a.py"));
    CHECK(!glob_match("a.py", "b.py"));
    CHECK(!glob_match("a.py", "a.pyi"));
    CHECK(!glob_match("a.py", "x/a.py"));
    CHECK(glob_match("", ""));
    CHECK(!glob_match("", "a"));
    CHECK(!glob_match("a", ""));
}

TEST(star)
{
    CHECK(glob_match("*.py", "a.py"));
    CHECK(glob_match("*.py", ".py"));
    CHECK(!glob_match("*.py", "dir/a.py")); /* '*' stops at '/' */
    CHECK(glob_match("test_*.py", "test_io.py"));
    CHECK(glob_match("*", "anything"));
    CHECK(glob_match("*", ""));
    CHECK(!glob_match("*", "a/b"));
    CHECK(glob_match("src/*/x.py", "src/pkg/x.py"));
    CHECK(!glob_match("src/*/x.py", "src/a/b/x.py"));
    CHECK(glob_match("*a*b*c", "xaybzc"));
    CHECK(!glob_match("*a*b*c", "xaybzcd"));
    CHECK(glob_match("a*", "a"));
}

TEST(question_and_class)
{
    CHECK(glob_match("?.py", "a.py"));
    CHECK(!glob_match("?.py", "ab.py"));
    CHECK(!glob_match("a?b", "a/b"));
    CHECK(glob_match("[abc].py", "b.py"));
    CHECK(!glob_match("[abc].py", "d.py"));
    CHECK(glob_match("[a-c]x", "cx"));
    CHECK(glob_match("[!a-c]x", "dx"));
    CHECK(!glob_match("[!a-c]x", "bx"));
    CHECK(glob_match("[^a-c]x", "dx"));
    CHECK(glob_match("[]]", "]"));
    CHECK(glob_match("[!]]", "a"));
    CHECK(!glob_match("[!]]", "]"));
    CHECK(glob_match("x[-]y", "x-y"));
    CHECK(glob_match("x[a-]y", "x-y"));
    CHECK(!glob_match("a[/]b", "a/b")); /* classes never match '/' */
    CHECK(!glob_match("a[!x]b", "a/b"));
    CHECK(glob_match("[", "[")); /* unclosed: an ordinary character */
    CHECK(glob_match("a[b", "a[b"));
    CHECK(!glob_match("a[b", "ab"));
}

TEST(escape)
{
    CHECK(glob_match("\\*.py", "*.py"));
    CHECK(!glob_match("\\*.py", "a.py"));
    CHECK(glob_match("a\\?", "a?"));
    CHECK(!glob_match("a\\?", "ab"));
    CHECK(glob_match("a\\", "a\\")); /* trailing backslash is itself */
    CHECK(glob_match("[\\]]", "]"));
}

TEST(globstar)
{
    CHECK(glob_match("**", "a/b/c.py"));
    CHECK(glob_match("**", ""));
    CHECK(glob_match("**/*.py", "a.py"));
    CHECK(glob_match("**/*.py", "a/b/c.py"));
    CHECK(!glob_match("**/*.py", "a/b/c.pyi"));
    CHECK(glob_match("tests/**", "tests/a.py"));
    CHECK(glob_match("tests/**", "tests/a/b.py"));
    CHECK(glob_match("tests/**", "tests"));
    CHECK(!glob_match("tests/**", "testsuite/a.py"));
    CHECK(!glob_match("tests/**", "other/tests/a.py"));
    CHECK(glob_match("src/**/x.py", "src/x.py"));
    CHECK(glob_match("src/**/x.py", "src/a/x.py"));
    CHECK(glob_match("src/**/x.py", "src/a/b/c/x.py"));
    CHECK(!glob_match("src/**/x.py", "src/a/b/cx.py"));
    CHECK(!glob_match("src/**/x.py", "srcx.py"));
    CHECK(glob_match("**/migrations/*.py", "app/migrations/0001.py"));
    CHECK(glob_match("**/migrations/*.py", "migrations/0001.py"));
    CHECK(!glob_match("**/migrations/*.py", "app/migrations/sub/0001.py"));
    CHECK(glob_match("**/migrations/**", "a/migrations/sub/0001.py"));
    CHECK(glob_match("a**b", "a/x/b")); /* '**' inside a segment still crosses '/' */
    CHECK(!glob_match("a**/b", "ab"));  /* but only a whole segment may match nothing of a dir */
    CHECK(glob_match("a/***/b", "a/x/y/b"));
}

TEST(unicode)
{
    CHECK(glob_match("?.py", "\xc3\xa9.py")); /* é is one character */
    CHECK(glob_match("[\xc3\xa9\xc3\xa8].py", "\xc3\xa8.py"));
    CHECK(!glob_match("[\xc3\xa9].py", "\xc3\xa8.py"));
    CHECK(glob_match("caf\xc3\xa9/*", "caf\xc3\xa9/x"));
    CHECK(glob_match("?", "\xff")); /* invalid UTF-8: one byte, one char */
    CHECK(!glob_match("\xc3\xa9", "\xc3"));
}

TEST(pathological_is_fast)
{
    /* Backtracking matchers take exponential time here; the NFA takes microseconds. */
    char path[512], pattern[256];
    memset(path, 'a', sizeof path - 1);
    path[sizeof path - 1] = '\0';
    strcpy(pattern, "");
    for (int i = 0; i < 40; i++)
        strcat(pattern, "**a");
    strcat(pattern, "b");
    CHECK(!glob_match(pattern, path));
    strcpy(pattern, "");
    for (int i = 0; i < 40; i++)
        strcat(pattern, "*a");
    CHECK(glob_match(pattern, path));
}

TEST_MAIN("base_glob", TEST_CASE(literal), TEST_CASE(star), TEST_CASE(question_and_class),
          TEST_CASE(escape), TEST_CASE(globstar), TEST_CASE(unicode),
          TEST_CASE(pathological_is_fast))
