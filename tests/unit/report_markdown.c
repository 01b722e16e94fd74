/* report_markdown: fence selection, inline escaping and code spans of the review format, and a
 * small review rendered from hand-built reports (section order, the flagged lines, the refactored
 * file). */
#include "report/report.h"
#include "test.h"

TEST(fence_len)
{
    CHECK_INT_EQ(md_fence_len("", 0), 3);
    CHECK_INT_EQ(md_fence_len("x = 1\n", 6), 3);
    CHECK_INT_EQ(md_fence_len("`a` ``b``", 9), 3);
    CHECK_INT_EQ(md_fence_len("s = '```'", 9), 4);
    CHECK_INT_EQ(md_fence_len("`````", 5), 6);
}

TEST(block)
{
    StrBuf sb = STRBUF_INIT;
    md_add_block(&sb, "python", "x = '```'", 9);
    CHECK_STR_EQ(sb_cstr(&sb), "````python\nx = '```'\n````\n");
    sb_clear(&sb);
    md_add_block(&sb, "python", "pass\n", 5);
    CHECK_STR_EQ(sb_cstr(&sb), "```python\npass\n```\n");
    sb_free(&sb);
}

TEST(inline_escaping)
{
    StrBuf sb = STRBUF_INIT;
    md_add_inline(&sb, "use `a_b*c` not *x* <b> [l](u) #1 | a_b _c_");
    CHECK_STR_EQ(sb_cstr(&sb), "use `a_b*c` not \\*x\\* \\<b\\> \\[l\\](u) \\#1 \\| a_b \\_c\\_");
    sb_clear(&sb);
    md_add_inline(&sb, "stray ` tick\nand line");
    CHECK_STR_EQ(sb_cstr(&sb), "stray \\` tick and line");
    sb_clear(&sb);
    md_add_inline(&sb, "``a`b`` ok");
    CHECK_STR_EQ(sb_cstr(&sb), "``a`b`` ok");
    sb_free(&sb);
}

TEST(code_span)
{
    StrBuf sb = STRBUF_INIT;
    md_add_code_span(&sb, "a.py:3");
    CHECK_STR_EQ(sb_cstr(&sb), "`a.py:3`");
    sb_clear(&sb);
    md_add_code_span(&sb, "we`ird");
    CHECK_STR_EQ(sb_cstr(&sb), "``we`ird``");
    sb_clear(&sb);
    md_add_code_span(&sb, "`x`");
    CHECK_STR_EQ(sb_cstr(&sb), "`` `x` ``");
    sb_free(&sb);
}

static const RuleDesc rule_sleep = {
    .code = "ASYNC251",
    .name = "blocking-sleep",
    .severity = SEV_WARNING,
    .area = AREA_PERFORMANCE,
    .why = "Blocking calls stall every task.",
};

static const char SOURCE[] = "import time\n"
                             "async def main():\n"
                             "    time.sleep(1)  # ```\n";

TEST(review)
{
    FileReport r = { 0 };
    arena_init(&r.arena, 0);
    r.path = "a.py";
    r.text = SOURCE;
    r.text_len = sizeof SOURCE - 1;
    lineindex_build(&r.lines, &r.arena, r.text, r.text_len);
    uint32_t start = (uint32_t)(strstr(SOURCE, "time.sleep") - SOURCE);
    uint32_t line_start = (uint32_t)(strstr(SOURCE, "    time.sleep") - SOURCE);
    Finding f = {
        .rule = &rule_sleep,
        .severity = SEV_WARNING,
        .start = start,
        .end = start + 13,
        .line = 3,
        .col = 5,
        .end_line = 3,
        .end_col = 18,
        .message = "`time.sleep()` blocks the event loop",
        .suggestion = "    await asyncio.sleep(1)  # ```",
        .sugg_start = line_start,
        .sugg_end = (uint32_t)(sizeof SOURCE - 2),
        .fix_title = "Replace with `await asyncio.sleep(1)`",
        .fix = FIX_SAFE,
    };
    r.findings = &f;
    r.nfindings = 1;
    Config cfg;
    config_defaults(&cfg);
    ReviewFile rf = { .report = &r, .refactored = "x = 1\n", .refactored_len = 6 };
    ReviewFinding item = { .file = &r, .f = &f, .applied = true };
    Review rv = {
        .files = &rf, .nfiles = 1, .findings = &item, .nfindings = 1, .nshown = 1, .cfg = &cfg
    };
    StrBuf sb = STRBUF_INIT;
    report_markdown(&sb, &rv);
    const char *md = sb_cstr(&sb);
    CHECK(strstr(md, "### 1. WARNING · ASYNC251 blocking-sleep · `a.py:3`\n") != NULL);
    CHECK(strstr(md, "````python\ntime.sleep(1)  # ```\n````\n") != NULL);
    CHECK(strstr(md, "````python\nawait asyncio.sleep(1)  # ```\n````\n") != NULL);
    CHECK(strstr(md, "**Why it is a problem:** Blocking calls stall every task.") != NULL);
    CHECK(strstr(md, "- ASYNC251 line 3: Replace with `await asyncio.sleep(1)`\n") != NULL);
    CHECK(strstr(md, "```python\nx = 1\n```") != NULL);
    CHECK(strstr(md, "1 warning") != NULL);
    /* sections come before the refactored code */
    CHECK(strstr(md, "## Findings") < strstr(md, "## Refactored code"));
    sb_clear(&sb);
    cfg.include_refactored = false;
    report_markdown(&sb, &rv);
    CHECK(strstr(sb_cstr(&sb), "## Refactored code") == NULL);
    sb_free(&sb);
    arena_free(&r.arena);
}

TEST_MAIN("report_markdown", TEST_CASE(fence_len), TEST_CASE(block), TEST_CASE(inline_escaping),
          TEST_CASE(code_span), TEST_CASE(review))
