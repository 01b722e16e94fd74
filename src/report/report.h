/* report: turns FileReports into output, one file per format (text.c, json.c, markdown.c, sarif.c).
 * Reports are written in the order given (callers sort files by path). */
#ifndef ASYNCREVIEW_REPORT_REPORT_H
#define ASYNCREVIEW_REPORT_REPORT_H

#include "base/strbuf.h"
#include "rules/checker.h"

#include <stdio.h>

typedef struct ReportOptions {
    bool color;       /* ANSI colours (text) */
    bool show_source; /* the source line and a caret under each finding (text) */
    bool show_fixes;  /* the suggestion under each finding (text) */
    const Config *cfg;
    uint32_t nfiles;   /* files scanned */
    uint32_t nskimmed; /* of those, files only skimmed: no async code, not parsed */
} ReportOptions;

/* report_text: `path:line:col: CODE [SEVERITY] message`, then the source line and a caret, and a
 * closing summary line ("Found N issues (C critical, W warnings, S suggestions) in F files.").
 * Errors (unreadable files, syntax errors) are printed as `path:line:col: SyntaxError: msg` /
 * `path: error: msg`. */
void report_text(StrBuf *out, FileReport *const *files, uint32_t nfiles, const ReportOptions *opt);

/* report_json: {"findings": [{path, line, column, end_line, end_column, code, name, severity, area,
 * message, why, suggestion, fix}], "files": N, "skimmed": N, "errors": [{path, message}]}. `fix` is
 * null or
 * {"title", "applicability": "safe"|"unsafe", "edits": [{line, column, end_line, end_column,
 * content}]}. */
void report_json(StrBuf *out, FileReport *const *files, uint32_t nfiles, const ReportOptions *opt);

/* report_json_prepare: renders r's findings as report_json would (kept in r's arena), so that the
 * files' reports can be rendered in parallel and report_json only joins them. */
void report_json_prepare(FileReport *r);

/* json_escape: appends s as a JSON string literal (with quotes). */
void json_escape(StrBuf *out, const char *s);

/* ---- review reports (`asyncreview review`) ------------------------------------------------------
 * The review command checks the files, decides which findings become sections (severity, then path,
 * then line, capped by max_issues), builds the verified refactored files and, with --llm, the
 * model's checked points; the formats below only print that. Everything is owned by the caller. */

/* One finding at or above the threshold. */
typedef struct ReviewFinding {
    const FileReport *file;
    const Finding *f;
    bool applied;            /* its edits are in the file's refactored text */
    const char *not_applied; /* why a correction was not applied, or NULL */
    const char *sugg_check;  /* what the engine found checking the suggestion in place, or NULL */
    bool sugg_ok;            /* the suggestion parses in place and the re-check is clean there */
} ReviewFinding;

/* One reviewed file. */
typedef struct ReviewFile {
    const FileReport *report;
    const char *refactored; /* the corrected text when at least one correction was applied */
    uint32_t refactored_len;
    const char *backoff; /* what the re-check made the command drop, or NULL */
} ReviewFile;

/* One point of the model's answer, after the engine checked its code. */
typedef struct ReviewLlmPoint {
    const char *path;
    const char *title;
    Severity severity;
    Area area;
    uint32_t line, end_line;
    const char *explanation;
    const char *code;    /* proposed code for lines line..end_line, or "" */
    bool verified;       /* code parses in place and adds or keeps no CRITICAL finding there */
    const char *verdict; /* why it is unverified (or what was checked) */
} ReviewLlmPoint;

typedef struct ReviewLlm {
    const char *model;
    const char *error; /* the LLM part failed (key-free, one line), or NULL */
    ReviewLlmPoint *points;
    uint32_t npoints;
    const char **notes; /* dropped points and other remarks */
    uint32_t nnotes;
    const char *summary; /* "" when none */
} ReviewLlm;

typedef struct Review {
    const ReviewFile *files; /* in path order */
    uint32_t nfiles;
    const ReviewFinding *findings; /* sorted: severity (CRITICAL first), path, line, column */
    uint32_t nfindings;
    uint32_t nshown;      /* the first nshown get a section */
    const Config *cfg;    /* threshold, max_issues, include_refactored, python_version */
    const ReviewLlm *llm; /* NULL without --llm */
} Review;

/* report_markdown: the review as Markdown: summary, one section per shown finding, what was left
 * out, syntax errors (CPython's layout, with the line and a caret), the LLM's points when asked,
 * and the refactored files. Fences are longer than any backtick run in their content. */
void report_markdown(StrBuf *out, const Review *rv);

/* report_review_json: {"summary", "findings" (check's fields plus "applied"), "omitted",
 * "errors", "refactored", "llm"} as one JSON document and a newline. */
void report_review_json(StrBuf *out, const Review *rv);

/* md_fence_len: backticks needed to fence text (at least 3, more than its longest backtick run). */
uint32_t md_fence_len(const char *text, size_t len);
/* md_add_inline: appends prose for Markdown: code spans (`...`) kept, characters Markdown would
 * interpret outside them (\ * _ [ ] < > | # and stray backticks) escaped, newlines as spaces. */
void md_add_inline(StrBuf *out, const char *text);
/* md_add_code_span: appends text as one inline code span, fenced with enough backticks. */
void md_add_code_span(StrBuf *out, const char *text);
/* md_add_block: appends a fenced block of language lang holding text[0..len) (a newline is added
 * when text does not end with one). */
void md_add_block(StrBuf *out, const char *lang, const char *text, size_t len);

#endif
