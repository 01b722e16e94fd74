/* report_formats: the text and JSON reports over FileReports built by hand, compared byte for byte.
 * The JSON expectations hold for both writers: the library's report_json (cJSON when the Makefile
 * found it) and the hand-written writer, compiled into this test from json.c under other names. */
#include "report/report.h"
#include "test.h"

void report_json_hand(StrBuf *out, FileReport *const *files, uint32_t nfiles,
                      const ReportOptions *opt);
void json_escape_hand(StrBuf *out, const char *s);
void report_json_prepare_hand(FileReport *r);
#define report_json report_json_hand
#define json_escape json_escape_hand
#define report_json_prepare report_json_prepare_hand
#undef HAVE_CJSON
#include "report/json.c"
#undef report_json
#undef json_escape
#undef report_json_prepare

static const RuleDesc rule_sleep = {
    .code = "ASYNC251",
    .name = "blocking-sleep",
    .severity = SEV_WARNING,
    .area = AREA_PERFORMANCE,
    .why = "Blocking calls stall every task.",
};
static const RuleDesc rule_await = {
    .code = "AR101",
    .name = "await-across-lines",
    .severity = SEV_CRITICAL,
    .area = AREA_CORRECTNESS,
};
static const RuleDesc rule_style = {
    .code = "AR300",
    .name = "style-thing",
    .severity = SEV_SUGGESTION,
    .area = AREA_PATTERNS,
};

static const char SOURCE[] = "import time\n"
                             "async def main():\n"
                             "\ttime.sleep(1)\n"
                             "    s = \"\xc3\xa9\"; await g(\n"
                             "        1)\n";

/* Frees what a previous report_init made (statics start zeroed, so their arena is empty). */
static void
report_release(FileReport *r)
{
    arena_free(&r->arena);
    memset(r, 0, sizeof *r);
}

static void
report_init(FileReport *r, const char *path, const char *text)
{
    report_release(r);
    arena_init(&r->arena, 0);
    r->path = arena_strdup(&r->arena, path);
    if (text) {
        r->text_len = (uint32_t)strlen(text);
        r->text = arena_strndup(&r->arena, text, r->text_len);
        lineindex_build(&r->lines, &r->arena, r->text, r->text_len);
    }
}

static uint32_t
offset_of(const FileReport *r, const char *needle)
{
    const char *at = strstr(r->text, needle);
    if (!at) {
        fprintf(stderr, "offset_of: %s not found\n", needle);
        exit(1);
    }
    return (uint32_t)(at - r->text);
}

/* A finding over [start, end) with positions computed as the checker does. */
static Finding *
add_finding(FileReport *r, const RuleDesc *rule, uint32_t start, uint32_t end, const char *message)
{
    Finding *grown = arena_zalloc(&r->arena, sizeof(Finding) * (r->nfindings + 1));
    if (r->nfindings)
        memcpy(grown, r->findings, sizeof(Finding) * r->nfindings);
    r->findings = grown;
    Finding *f = &r->findings[r->nfindings++];
    f->rule = rule;
    f->severity = rule->severity;
    f->start = start;
    f->end = end;
    f->line = lineindex_line(&r->lines, start);
    f->col = lineindex_char_col(&r->lines, start) + 1;
    f->end_line = lineindex_line(&r->lines, end);
    f->end_col = lineindex_char_col(&r->lines, end) + 1;
    f->message = message;
    return f;
}

static void
add_edit(FileReport *r, Finding *f, uint32_t start, uint32_t end, const char *text)
{
    Edit *grown = arena_zalloc(&r->arena, sizeof(Edit) * (f->nedits + 1));
    if (f->nedits)
        memcpy(grown, f->edits, sizeof(Edit) * f->nedits);
    f->edits = grown;
    f->edits[f->nedits++] = (Edit){ start, end, text };
}

/* main.py with three findings; other.py clean. */
static FileReport main_py, other_py;

static void
build_reports(void)
{
    FileReport *r = &main_py;
    report_init(r, "app/main.py", SOURCE);
    uint32_t eol1 = offset_of(r, "\nasync");
    add_finding(r, &rule_style, eol1, eol1, "Something at the end of the line");
    uint32_t sleep = offset_of(r, "time.sleep(1)");
    Finding *f =
        add_finding(r, &rule_sleep, sleep, sleep + 13, "`time.sleep()` blocks the event loop");
    f->suggestion = "\tawait asyncio.sleep(1)\n";
    f->fix_title = "Replace with `await asyncio.sleep(1)`";
    f->fix = FIX_SAFE;
    add_edit(r, f, sleep, sleep + 13, "await asyncio.sleep(1)");
    add_edit(r, f, 0, 0, "import asyncio\n");
    uint32_t aw = offset_of(r, "await g(");
    f = add_finding(r, &rule_await, aw, offset_of(r, "        1)") + 10,
                    "`g()` is \"awaited\" across lines");
    f->why = "Line one.\nLine two\twith a tab.";
    f->suggestion = "    async with x:\n\n        await g(1)\n";
    f->fix = FIX_UNSAFE;
    add_edit(r, f, aw, aw + 5, "");
    add_edit(r, f, offset_of(r, "\xc3\xa9"), offset_of(r, "\"; await"), "e\xcc\x81");
    r->nsuppressed = 2;
    report_init(&other_py, "app/other.py", "x = 1\n");
}

static char *
run_text(FileReport **files, uint32_t n, bool color, bool source, bool fixes, uint32_t nscanned)
{
    ReportOptions opt = {
        .color = color, .show_source = source, .show_fixes = fixes, .nfiles = nscanned
    };
    StrBuf sb = STRBUF_INIT;
    report_text(&sb, files, n, &opt);
    return sb_steal(&sb);
}

static char *
run_json(FileReport **files, uint32_t n, uint32_t nscanned)
{
    ReportOptions opt = { .nfiles = nscanned };
    StrBuf sb = STRBUF_INIT, hand = STRBUF_INIT;
    report_json(&sb, files, n, &opt);
    report_json_hand(&hand, files, n, &opt);
    CHECK_STR_EQ(sb_cstr(&hand), sb_cstr(&sb));
    sb_free(&hand);
    return sb_steal(&sb);
}

#define CHECK_OUTPUT(expr, expected)                                                               \
    do {                                                                                           \
        char *out_ = (expr);                                                                       \
        CHECK_STR_EQ(out_, expected);                                                              \
        free(out_);                                                                                \
    } while (0)

TEST(text_plain)
{
    build_reports();
    FileReport *files[] = { &main_py, &other_py };
    CHECK_OUTPUT(run_text(files, 2, false, false, false, 2),
                 "app/main.py:1:12: AR300 [SUGGESTION] Something at the end of the line\n"
                 "app/main.py:3:2: ASYNC251 [WARNING] `time.sleep()` blocks the event loop\n"
                 "app/main.py:4:14: AR101 [CRITICAL] `g()` is \"awaited\" across lines\n"
                 "Found 3 issues (1 critical, 1 warning, 1 suggestion) in 2 files.\n"
                 "2 issues suppressed by noqa.\n");
    /* the severity shown is the finding's, not the rule's */
    main_py.findings[0].severity = SEV_WARNING;
    CHECK_OUTPUT(run_text(files, 2, false, false, false, 7),
                 "app/main.py:1:12: AR300 [WARNING] Something at the end of the line\n"
                 "app/main.py:3:2: ASYNC251 [WARNING] `time.sleep()` blocks the event loop\n"
                 "app/main.py:4:14: AR101 [CRITICAL] `g()` is \"awaited\" across lines\n"
                 "Found 3 issues (1 critical, 2 warnings, 0 suggestions) in 7 files.\n"
                 "2 issues suppressed by noqa.\n");
}

TEST(text_summaries)
{
    build_reports();
    FileReport *files[] = { &other_py };
    CHECK_OUTPUT(run_text(files, 1, false, true, true, 1), "No issues found in 1 file.\n");
    CHECK_OUTPUT(run_text(files, 1, false, false, false, 12), "No issues found in 12 files.\n");
    CHECK_OUTPUT(run_text(files, 1, false, false, false, 0), "No issues found in 1 file.\n");
    CHECK_OUTPUT(run_text(NULL, 0, false, false, false, 0), "No issues found in 0 files.\n");
    other_py.nsuppressed = 1;
    CHECK_OUTPUT(run_text(files, 1, false, false, false, 1),
                 "No issues found in 1 file.\n1 issue suppressed by noqa.\n");
    main_py.nfindings = 1;
    main_py.nsuppressed = 0;
    other_py.nsuppressed = 0;
    FileReport *one[] = { &main_py };
    CHECK_OUTPUT(run_text(one, 1, false, false, false, 1),
                 "app/main.py:1:12: AR300 [SUGGESTION] Something at the end of the line\n"
                 "Found 1 issue (0 critical, 0 warnings, 1 suggestion) in 1 file.\n");
}

TEST(text_source_and_carets)
{
    build_reports();
    FileReport *files[] = { &main_py, &other_py };
    CHECK_OUTPUT(run_text(files, 2, false, true, false, 2),
                 "app/main.py:1:12: AR300 [SUGGESTION] Something at the end of the line\n"
                 "  1 | import time\n"
                 "    |            ^\n" /* an empty range: one caret */
                 "\n"
                 "app/main.py:3:2: ASYNC251 [WARNING] `time.sleep()` blocks the event loop\n"
                 "  3 |         time.sleep(1)\n" /* the tab expanded to column 8 */
                 "    |         ^^^^^^^^^^^^^\n"
                 "\n"
                 "app/main.py:4:14: AR101 [CRITICAL] `g()` is \"awaited\" across lines\n"
                 "  4 |     s = \"\xc3\xa9\"; await g(\n" /* é is one column */
                 "    |              ^^^^^^^^\n"          /* the first line of the range only */
                 "\n"
                 "Found 3 issues (1 critical, 1 warning, 1 suggestion) in 2 files.\n"
                 "2 issues suppressed by noqa.\n");
}

TEST(text_wide_gutter_and_controls)
{
    FileReport r = { 0 };
    StrBuf src = STRBUF_INIT;
    for (int i = 0; i < 120; i++)
        sb_adds(&src, "pass\n");
    sb_adds(&src, "x = '\x1b[31m'\tand\t\x7f y\n");
    report_init(&r, "w.py", sb_cstr(&src));
    uint32_t y = (uint32_t)(strstr(r.text, " y\n") - r.text) + 1;
    add_finding(&r, &rule_style, y, y + 1, "y");
    FileReport *files[] = { &r };
    /* control characters shown as spaces; the tabs after them still reach the next stop */
    CHECK_OUTPUT(run_text(files, 1, false, true, false, 1),
                 "w.py:121:19: AR300 [SUGGESTION] y\n"
                 "  121 | x = ' [31m'     and       y\n"
                 "      |                           ^\n"
                 "\n"
                 "Found 1 issue (0 critical, 0 warnings, 1 suggestion) in 1 file.\n");
    sb_free(&src);
    report_release(&r);
}

TEST(text_fixes)
{
    build_reports();
    FileReport *files[] = { &main_py };
    CHECK_OUTPUT(run_text(files, 1, false, false, true, 1),
                 "app/main.py:1:12: AR300 [SUGGESTION] Something at the end of the line\n"
                 "\n"
                 "app/main.py:3:2: ASYNC251 [WARNING] `time.sleep()` blocks the event loop\n"
                 "  help: Replace with `await asyncio.sleep(1)`\n"
                 "      await asyncio.sleep(1)\n"
                 "\n"
                 "app/main.py:4:14: AR101 [CRITICAL] `g()` is \"awaited\" across lines\n"
                 "  help: Suggested change\n"
                 "      async with x:\n"
                 "\n"
                 "          await g(1)\n"
                 "\n"
                 "Found 3 issues (1 critical, 1 warning, 1 suggestion) in 1 file.\n"
                 "2 issues suppressed by noqa.\n");
    /* a title without code */
    main_py.findings[1].suggestion = NULL;
    main_py.nfindings = 2;
    CHECK_OUTPUT(run_text(files, 1, false, true, true, 1),
                 "app/main.py:1:12: AR300 [SUGGESTION] Something at the end of the line\n"
                 "  1 | import time\n"
                 "    |            ^\n"
                 "\n"
                 "app/main.py:3:2: ASYNC251 [WARNING] `time.sleep()` blocks the event loop\n"
                 "  3 |         time.sleep(1)\n"
                 "    |         ^^^^^^^^^^^^^\n"
                 "  help: Replace with `await asyncio.sleep(1)`\n"
                 "\n"
                 "Found 2 issues (0 critical, 1 warning, 1 suggestion) in 1 file.\n"
                 "2 issues suppressed by noqa.\n");
}

TEST(text_color)
{
    build_reports();
    FileReport *files[] = { &main_py };
    CHECK_OUTPUT(run_text(files, 1, true, true, false, 1),
                 "\x1b[1mapp/main.py\x1b[0m:1:12: AR300 [\x1b[36mSUGGESTION\x1b[0m] Something at "
                 "the end of the line\n"
                 "  1 | import time\n"
                 "    |            \x1b[2m^\x1b[0m\n"
                 "\n"
                 "\x1b[1mapp/main.py\x1b[0m:3:2: ASYNC251 [\x1b[33mWARNING\x1b[0m] `time.sleep()` "
                 "blocks the event loop\n"
                 "  3 |         time.sleep(1)\n"
                 "    |         \x1b[2m^^^^^^^^^^^^^\x1b[0m\n"
                 "\n"
                 "\x1b[1mapp/main.py\x1b[0m:4:14: AR101 [\x1b[31mCRITICAL\x1b[0m] `g()` is "
                 "\"awaited\" across lines\n"
                 "  4 |     s = \"\xc3\xa9\"; await g(\n"
                 "    |              \x1b[2m^^^^^^^^\x1b[0m\n"
                 "\n"
                 "Found 3 issues (1 critical, 1 warning, 1 suggestion) in 1 file.\n"
                 "2 issues suppressed by noqa.\n");
    /* no escape codes at all without color */
    char *plain = run_text(files, 1, false, true, true, 1);
    CHECK(strchr(plain, '\x1b') == NULL);
    free(plain);
}

static FileReport bad_py, gone_py;

static void
build_errors(void)
{
    report_init(&bad_py, "bad.py", "x = (\n");
    bad_py.syntax = (SyntaxErr){ .set = true,
                                 .kind = "SyntaxError",
                                 .msg = "'(' was never closed",
                                 .line = 1,
                                 .col = 5,
                                 .end_line = 1,
                                 .end_col = 6 };
    bad_py.error = "SyntaxError: '(' was never closed";
    report_init(&gone_py, "gone \"dir\"/x.py", NULL);
    gone_py.error = "No such file or directory";
}

TEST(text_errors)
{
    build_reports();
    build_errors();
    FileReport *files[] = { &bad_py, &gone_py, &other_py };
    CHECK_OUTPUT(run_text(files, 3, false, true, true, 3),
                 "bad.py:1:5: SyntaxError: '(' was never closed\n"
                 "gone \"dir\"/x.py: error: No such file or directory\n"
                 "No issues found in 1 file.\n"
                 "2 files could not be checked.\n");
    CHECK_OUTPUT(
        run_text(files, 3, true, false, false, 3),
        "\x1b[1mbad.py\x1b[0m:1:5: \x1b[31mSyntaxError\x1b[0m: '(' was never closed\n"
        "\x1b[1mgone \"dir\"/x.py\x1b[0m: \x1b[31merror\x1b[0m: No such file or directory\n"
        "No issues found in 1 file.\n"
        "2 files could not be checked.\n");
    bad_py.syntax.col = 0;
    bad_py.syntax.kind = "IndentationError";
    FileReport *mixed[] = { &bad_py, &main_py };
    main_py.nfindings = 1;
    main_py.nsuppressed = 0;
    CHECK_OUTPUT(run_text(mixed, 2, false, false, false, 2),
                 "bad.py:1: IndentationError: '(' was never closed\n"
                 "app/main.py:1:12: AR300 [SUGGESTION] Something at the end of the line\n"
                 "Found 1 issue (0 critical, 0 warnings, 1 suggestion) in 1 file.\n"
                 "1 file could not be checked.\n");
}

TEST(json_document)
{
    build_reports();
    FileReport *files[] = { &main_py, &other_py };
    CHECK_OUTPUT(
        run_json(files, 2, 2),
        "{\"findings\":["
        "{\"path\":\"app/main.py\",\"line\":1,\"column\":12,\"end_line\":1,\"end_column\":12,"
        "\"code\":\"AR300\",\"name\":\"style-thing\",\"severity\":\"SUGGESTION\",\"area\":"
        "\"patterns\","
        "\"message\":\"Something at the end of the "
        "line\",\"why\":null,\"suggestion\":null,\"fix\":null},"
        "{\"path\":\"app/main.py\",\"line\":3,\"column\":2,\"end_line\":3,\"end_column\":15,"
        "\"code\":\"ASYNC251\",\"name\":\"blocking-sleep\",\"severity\":\"WARNING\",\"area\":"
        "\"performance\","
        "\"message\":\"`time.sleep()` blocks the event loop\",\"why\":\"Blocking calls stall every "
        "task.\","
        "\"suggestion\":\"\\tawait asyncio.sleep(1)\\n\","
        "\"fix\":{\"title\":\"Replace with `await "
        "asyncio.sleep(1)`\",\"applicability\":\"safe\",\"edits\":["
        "{\"line\":3,\"column\":2,\"end_line\":3,\"end_column\":15,\"content\":\"await "
        "asyncio.sleep(1)\"},"
        "{\"line\":1,\"column\":1,\"end_line\":1,\"end_column\":1,\"content\":\"import "
        "asyncio\\n\"}]}},"
        "{\"path\":\"app/main.py\",\"line\":4,\"column\":14,\"end_line\":5,\"end_column\":11,"
        "\"code\":\"AR101\",\"name\":\"await-across-lines\",\"severity\":\"CRITICAL\",\"area\":"
        "\"correctness\","
        "\"message\":\"`g()` is \\\"awaited\\\" across lines\",\"why\":\"Line one.\\nLine "
        "two\\twith a tab.\","
        "\"suggestion\":\"    async with x:\\n\\n        await g(1)\\n\","
        "\"fix\":{\"title\":null,\"applicability\":\"unsafe\",\"edits\":["
        "{\"line\":4,\"column\":14,\"end_line\":4,\"end_column\":19,\"content\":\"\"},"
        "{\"line\":4,\"column\":10,\"end_line\":4,\"end_column\":11,\"content\":\"e\xcc\x81\"}]}}"
        "],\"files\":2,\"skimmed\":0,\"errors\":[]}\n");
}

/* Files whose findings were rendered ahead (report_json_prepare, by the threads that checked them)
 * give the same document, byte for byte, with either writer and with both kinds of file mixed. */
TEST(json_prepared_findings)
{
    build_reports();
    FileReport *files[] = { &main_py, &other_py };
    char *whole = run_json(files, 2, 2);
    report_json_prepare(&main_py);
    CHECK(main_py.json_findings != NULL);
    char *mixed = run_json(files, 2, 2);
    CHECK_STR_EQ(mixed, whole);
    report_json_prepare_hand(&other_py);
    char *both = run_json(files, 2, 2);
    CHECK_STR_EQ(both, whole);
    main_py.json_findings = other_py.json_findings = NULL;
    free(whole);
    free(mixed);
    free(both);
}

TEST(json_empty_and_errors)
{
    CHECK_OUTPUT(run_json(NULL, 0, 0),
                 "{\"findings\":[],\"files\":0,\"skimmed\":0,\"errors\":[]}\n");
    build_reports();
    build_errors();
    FileReport *files[] = { &bad_py, &gone_py, &other_py };
    CHECK_OUTPUT(
        run_json(files, 3, 0),
        "{\"findings\":[],\"files\":3,\"skimmed\":0,\"errors\":["
        "{\"path\":\"bad.py\",\"message\":\"SyntaxError: '(' was never closed (line 1, column "
        "5)\"},"
        "{\"path\":\"gone \\\"dir\\\"/x.py\",\"message\":\"No such file or directory\"}]}\n");
    /* a fix kind without edits, and edits without a fix kind, are no fix */
    main_py.findings[1].fix = FIX_NONE;
    main_py.findings[2].nedits = 0;
    main_py.nfindings = 3;
    FileReport *one[] = { &main_py };
    char *out = run_json(one, 1, 1);
    CHECK(strstr(out, "\"fix\":{") == NULL);
    free(out);
}

static char *
escaped(const char *s)
{
    StrBuf sb = STRBUF_INIT, hand = STRBUF_INIT;
    json_escape(&sb, s);
    json_escape_hand(&hand, s);
    CHECK_STR_EQ(sb_cstr(&hand), sb_cstr(&sb));
    sb_free(&hand);
    return sb_steal(&sb);
}

TEST(json_escaping)
{
    CHECK_OUTPUT(escaped(""), "\"\"");
    CHECK_OUTPUT(escaped(NULL), "null");
    CHECK_OUTPUT(escaped("plain"), "\"plain\"");
    CHECK_OUTPUT(escaped("say \"hi\""), "\"say \\\"hi\\\"\"");
    CHECK_OUTPUT(escaped("C:\\dir\\"), "\"C:\\\\dir\\\\\"");
    CHECK_OUTPUT(escaped("a/b"), "\"a/b\""); /* '/' is not escaped */
    CHECK_OUTPUT(escaped("l1\nl2\r\n\tx\b\f"), "\"l1\\nl2\\r\\n\\tx\\b\\f\"");
    CHECK_OUTPUT(escaped("\x01\x1b\x1f"), "\"\\u0001\\u001b\\u001f\"");
    CHECK_OUTPUT(escaped("del\x7f"), "\"del\x7f\"");
    CHECK_OUTPUT(escaped("caf\xc3\xa9 \xe2\x80\xa8 \xf0\x9f\x98\x80 \xe4\xb8\xad"),
                 "\"caf\xc3\xa9 \xe2\x80\xa8 \xf0\x9f\x98\x80 \xe4\xb8\xad\"");
    /* invalid UTF-8: each bad byte becomes U+FFFD */
    CHECK_OUTPUT(escaped("a\xff"
                         "b"),
                 "\"a\xef\xbf\xbd"
                 "b\"");
    CHECK_OUTPUT(escaped("\xc3"), "\"\xef\xbf\xbd\"");
    CHECK_OUTPUT(escaped("\xed\xa0\x80"),
                 "\"\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd\"");          /* surrogate */
    CHECK_OUTPUT(escaped("\xc0\xaf"), "\"\xef\xbf\xbd\xef\xbf\xbd\""); /* overlong '/' */
    CHECK_OUTPUT(escaped("\xf4\x90\x80\x80"),
                 "\"\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd\"");
}

TEST(json_escaping_in_documents)
{
    FileReport r = { 0 };
    report_init(&r, "dir/\xff\x01.py", "x\n");
    add_finding(&r, &rule_style, 0, 1, "tab\there \"q\" \\ \x02");
    FileReport *files[] = { &r };
    CHECK_OUTPUT(
        run_json(files, 1, 1),
        "{\"findings\":[{\"path\":\"dir/\xef\xbf\xbd\\u0001.py\",\"line\":1,\"column\":1,"
        "\"end_line\":1,\"end_column\":2,\"code\":\"AR300\",\"name\":\"style-thing\","
        "\"severity\":\"SUGGESTION\",\"area\":\"patterns\","
        "\"message\":\"tab\\there \\\"q\\\" \\\\ \\u0002\",\"why\":null,\"suggestion\":null,"
        "\"fix\":null}],\"files\":1,\"skimmed\":0,\"errors\":[]}\n");
    report_release(&r);
}

TEST(zz_cleanup)
{
    report_release(&main_py);
    report_release(&other_py);
    report_release(&bad_py);
    report_release(&gone_py);
}

TEST_MAIN("report_formats", TEST_CASE(text_plain), TEST_CASE(text_summaries),
          TEST_CASE(json_prepared_findings), TEST_CASE(text_source_and_carets),
          TEST_CASE(text_wide_gutter_and_controls), TEST_CASE(text_fixes), TEST_CASE(text_color),
          TEST_CASE(text_errors), TEST_CASE(json_document), TEST_CASE(json_empty_and_errors),
          TEST_CASE(json_escaping), TEST_CASE(json_escaping_in_documents), TEST_CASE(zz_cleanup))
