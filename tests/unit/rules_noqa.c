/* rules_noqa: `# noqa` comments parsed as ruff parses them, and the file-level forms. */
#include "rules/checker.h"
#include "test.h"

static bool
sup(const char *comment, const char *code)
{
    return noqa_suppresses(comment, (uint32_t)strlen(comment), code);
}

static bool
file_level(const char *comment)
{
    return noqa_file_level(comment, (uint32_t)strlen(comment));
}

TEST(blanket)
{
    CHECK(sup("# noqa", "ASYNC251"));
    CHECK(sup("#noqa", "ASYNC251"));
    CHECK(sup("# NOQA", "AR101"));
    CHECK(sup("# NoQa", "AR101"));
    CHECK(sup("#   noqa", "AR101"));
    CHECK(sup("# noqa # a second comment", "AR101"));
    CHECK(sup("# noqa#a second comment", "AR101"));
    CHECK(sup("# noqa because reasons", "AR101")); /* whitespace then a non-colon: blanket */
    CHECK(sup("# noqa ", "AR101"));
    CHECK(sup("# noqa\t", "AR101"));
}

TEST(codes)
{
    CHECK(sup("# noqa: ASYNC251", "ASYNC251"));
    CHECK(sup("# noqa:ASYNC251", "ASYNC251"));
    CHECK(sup("#noqa:ASYNC251", "ASYNC251"));
    CHECK(sup("# NOQA: ASYNC251", "ASYNC251"));
    CHECK(sup("# noqa : ASYNC251", "ASYNC251"));
    CHECK(sup("# noqa: AR101, ASYNC251", "ASYNC251"));
    CHECK(sup("# noqa: AR101, ASYNC251", "AR101"));
    CHECK(sup("# noqa:AR101,ASYNC251", "ASYNC251"));
    CHECK(sup("# noqa: AR101 ASYNC251", "ASYNC251"));
    CHECK(sup("# noqa: AR101,  ,ASYNC251", "ASYNC251"));
    CHECK(sup("# noqa: AR101,,ASYNC251", "ASYNC251"));
    CHECK(sup("# noqa: AR101,", "AR101"));
    CHECK(sup("# noqa: AR101F401", "F401")); /* joined codes are read as two, like ruff */
    CHECK(sup("# noqa: AR101F401", "AR101"));
    CHECK(!sup("# noqa: ASYNC251", "AR101"));
    CHECK(!sup("# noqa: AR101, ASYNC251", "ASYNC250"));
}

TEST(no_prefix_matching)
{
    CHECK(!sup("# noqa: ASYNC", "ASYNC251"));
    CHECK(!sup("# noqa: ASYNC2", "ASYNC251"));
    CHECK(!sup("# noqa: ASYNC25", "ASYNC251"));
    CHECK(!sup("# noqa: ASYNC2510", "ASYNC251"));
    CHECK(!sup("# noqa: SYNC251", "ASYNC251"));
}

TEST(list_ends_at_first_non_code)
{
    CHECK(sup("# noqa: AR101 the loop is closed here", "AR101"));
    CHECK(!sup("# noqa: AR101 the loop ASYNC251", "ASYNC251"));
    CHECK(sup("# noqa: AR101 # and a comment", "AR101"));
    CHECK(sup("# noqa: AR101#comment", "AR101"));
    CHECK(!sup("# noqa: AR101 # ASYNC251", "ASYNC251"));
    CHECK(!sup("# noqa: AR101 NOTACODE ASYNC251", "ASYNC251"));
    CHECK(!sup("# noqa: asyncio251", "asyncio251")); /* codes are upper-case */
}

TEST(malformed_suppresses_nothing)
{
    CHECK(!sup("# noqa:", "AR101")); /* no codes */
    CHECK(!sup("# noqa: ", "AR101"));
    CHECK(!sup("# noqa: unused-import", "AR101"));
    CHECK(!sup("# noqa; AR101", "AR101")); /* wrong separator */
    CHECK(!sup("# noqaAR101", "AR101"));
    CHECK(!sup("# noqa-ish", "AR101"));
    CHECK(!sup("# noqa: AR101.", "AR101")); /* a code followed by junk */
    CHECK(!sup("# noqa: AR101abc", "AR101"));
    CHECK(!sup("# noqa: AR101Fabc", "AR101")); /* joined, then not a code */
}

TEST(not_a_directive)
{
    CHECK(!sup("", "AR101"));
    CHECK(!sup("#", "AR101"));
    CHECK(!sup("# no qa", "AR101"));
    CHECK(!sup("# TODO: noqa later", "AR101"));
    CHECK(!sup("# ruff: noqa", "AR101")); /* file-level, not a line directive */
    CHECK(!sup("# asyncreview: noqa", "AR101"));
    CHECK(!sup("# type: ignore", "AR101"));
}

TEST(anywhere_in_comment)
{
    CHECK(sup("# type: ignore # noqa", "AR101"));
    CHECK(sup("# type: ignore  # noqa: AR101", "AR101"));
    CHECK(!sup("# type: ignore  # noqa: AR101", "AR102"));
    CHECK(sup("# first # second # noqa: AR101", "AR101"));
}

TEST(length_is_respected)
{
    const char *text = "# noqa: AR101, AR102";
    CHECK(noqa_suppresses(text, 13, "AR101"));
    CHECK(!noqa_suppresses(text, 13, "AR102"));
    CHECK(!noqa_suppresses(text, 12, "AR101")); /* "AR10" then end */
    CHECK(noqa_suppresses(text, 6, "AR101"));   /* "# noqa" */
    CHECK(!noqa_suppresses(text, 5, "AR101"));
}

TEST(file_level)
{
    CHECK(file_level("# asyncreview: noqa"));
    CHECK(file_level("#asyncreview:noqa"));
    CHECK(file_level("# asyncreview : NOQA"));
    CHECK(file_level("# ruff: noqa"));
    CHECK(file_level("# flake8: noqa"));
    CHECK(file_level("# flake8: noqa because generated"));
    CHECK(file_level("# generated # ruff: noqa"));
    CHECK(!file_level("# noqa"));
    CHECK(!file_level("# ruff: noqa: ASYNC251")); /* codes: not a blanket exemption */
    CHECK(!file_level("# asyncreview: noqa: AR101"));
    CHECK(!file_level("# ruff: noqa;"));
    CHECK(!file_level("# ruff noqa"));
    CHECK(!file_level("# Ruff: noqa")); /* the tool name is case-sensitive, as in ruff */
    CHECK(!file_level("# mypy: noqa"));
    CHECK(!file_level("# ruff: isort: skip_file"));
    CHECK(!file_level(""));
}

TEST_MAIN("rules_noqa", TEST_CASE(blanket), TEST_CASE(codes), TEST_CASE(no_prefix_matching),
          TEST_CASE(list_ends_at_first_non_code), TEST_CASE(malformed_suppresses_nothing),
          TEST_CASE(not_a_directive), TEST_CASE(anywhere_in_comment),
          TEST_CASE(length_is_respected), TEST_CASE(file_level))
