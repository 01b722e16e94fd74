/* checker: runs the enabled rules over one file: parse, semantic model, one walk of the AST
 * dispatching to rule hooks by node kind, then noqa suppression and the severity threshold. Results
 * go into a FileReport whose arena outlives the file's AST (which is freed before returning). */
#ifndef ASYNCREVIEW_RULES_CHECKER_H
#define ASYNCREVIEW_RULES_CHECKER_H

#include "rules/rule.h"

/* Which rules run: built once from the config (select, extend-select, ignore, opt-in rules, the
 * target version); per-file ignores and the file's framework are applied per file. */
typedef struct RuleSet {
    bool enabled[256]; /* indexed like rule_table */
} RuleSet;

/* ruleset_build: 0, or -1 with "unknown rule code or prefix 'X' in select" in err. */
WARN_UNUSED int ruleset_build(RuleSet *rs, const Config *cfg, char *err, size_t err_size);

typedef struct FileReport {
    const char *path;
    Arena arena;       /* owns everything below */
    Finding *findings; /* sorted by position, then code */
    uint32_t nfindings;
    uint32_t nsuppressed; /* silenced by noqa */
    uint32_t nfixed;      /* fixed by --fix (and removed from findings) */
    const char *error;    /* read or decode or syntax error, one line, or NULL */
    SyntaxErr syntax;     /* set for syntax errors */
    Framework framework;
    int pyver;
    /* The decoded source and its line index, kept for carets, snippets and fixes. */
    const char *text;
    uint32_t text_len;
    LineIndex lines;
    bool crlf, had_bom;
    /* report_json_prepare's rendering of the findings ("{...},{...}"), or NULL */
    const char *json_findings;
} FileReport;

/* checker_check_source: checks raw[0..n) as file `path` (module name from the path on disk unless
 * module_name is given). index may be NULL. Never fails: problems become report->error. */
void checker_check_source(FileReport *report, const char *path, const char *module_name,
                          const char *raw, size_t n, const Config *cfg, const RuleSet *rs,
                          const ProjectIndex *index);

/* checker_check_file: reads path then checks it as checker_check_source does. index_file is the
 * file's number in the project index (project_add_file order), which gives its module name and
 * lets the index take the file's summary from this parse (UINT32_MAX: not in the index). */
void checker_check_file(FileReport *report, const char *path, uint32_t index_file,
                        const Config *cfg, const RuleSet *rs, const ProjectIndex *index);

void file_report_free(FileReport *report);

/* noqa_suppresses: whether the comment text (from '#') suppresses `code`: "# noqa", "# noqa: A, B",
 * "# noqa:A,B" (flake8 and ruff forms, case-insensitive "noqa"); prefixes do not match. Parsed as
 * ruff does: the code list ends at the first word that is not a code, and a malformed directive
 * ("# noqa:" without codes, "# noqa; A", "#noqaA") suppresses nothing. */
bool noqa_suppresses(const char *comment, uint32_t len, const char *code);

/* noqa_file_level: whether the comment is a file-level blanket exemption that silences every
 * finding in the file: "# asyncreview: noqa", ruff's "# ruff: noqa" or flake8's "# flake8: noqa".
 * The forms with codes ("# ruff: noqa: X") are not blanket exemptions and return false. */
bool noqa_file_level(const char *comment, uint32_t len);

#endif
