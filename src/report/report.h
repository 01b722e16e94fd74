/* report: turns FileReports into output, one file per format (text.c, json.c, markdown.c, sarif.c).
 * Reports are written in the order given (callers sort files by path). */
#ifndef ASYNCREVIEW_REPORT_REPORT_H
#define ASYNCREVIEW_REPORT_REPORT_H

#include "base/strbuf.h"
#include "rules/checker.h"

#include <stdio.h>

typedef struct ReportOptions {
    bool color;          /* ANSI colours (text) */
    bool show_source;    /* the source line and a caret under each finding (text) */
    bool show_fixes;     /* the suggestion under each finding (text) */
    const Config *cfg;
    uint32_t nfiles;     /* files scanned */
} ReportOptions;

/* report_text: `path:line:col: CODE [SEVERITY] message`, then the source line and a caret, and a
 * closing summary line ("Found N issues (C critical, W warnings, S suggestions) in F files."). Errors
 * (unreadable files, syntax errors) are printed as `path:line:col: SyntaxError: msg` / `path: error: msg`. */
void report_text(StrBuf *out, FileReport *const *files, uint32_t nfiles, const ReportOptions *opt);

/* report_json: {"findings": [{path, line, column, end_line, end_column, code, name, severity, area,
 * message, why, suggestion, fix}], "files": N, "errors": [{path, message}]}. `fix` is null or
 * {"title", "applicability": "safe"|"unsafe", "edits": [{line, column, end_line, end_column, content}]}. */
void report_json(StrBuf *out, FileReport *const *files, uint32_t nfiles, const ReportOptions *opt);

/* json_escape: appends s as a JSON string literal (with quotes). */
void json_escape(StrBuf *out, const char *s);

#endif
