/* text: the human format of `asyncreview check`, one line per finding in the style of compilers and
 * ruff (`path:line:col: CODE [SEVERITY] message`), optionally followed by the source line with a
 * caret under the flagged columns and the suggested code. */
#include "report/report.h"

#include <string.h>

#define TAB_WIDTH 8

#define BOLD "\x1b[1m"
#define DIM "\x1b[2m"
#define RED "\x1b[31m"
#define YELLOW "\x1b[33m"
#define CYAN "\x1b[36m"
#define RESET "\x1b[0m"

static const char *
severity_color(Severity s)
{
    switch (s) {
    case SEV_CRITICAL:
        return RED;
    case SEV_WARNING:
        return YELLOW;
    default:
        return CYAN;
    }
}

static const char *
plural(uint32_t n, const char *one, const char *many)
{
    return n == 1 ? one : many;
}

/* Appends s[0..n) with tabs expanded to TAB_WIDTH columns; other control characters become spaces
 * so that source text cannot drive the terminal. Returns the display width (one column per code
 * point; wide characters are not measured). */
static uint32_t
add_expanded(StrBuf *out, const char *s, uint32_t n, uint32_t col)
{
    for (uint32_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c == '\t') {
            do
                sb_addc(out, ' ');
            while (++col % TAB_WIDTH);
            continue;
        }
        sb_addc(out, c < 0x20 || c == 0x7F ? ' ' : (char)c);
        col += (c & 0xC0) != 0x80;
    }
    return col;
}

/* The display column of byte offset off in line [start, ...), tabs expanded. */
static uint32_t
display_col(const char *text, uint32_t start, uint32_t off)
{
    uint32_t col = 0;
    for (uint32_t i = start; i < off; i++) {
        unsigned char c = (unsigned char)text[i];
        if (c == '\t')
            col = (col / TAB_WIDTH + 1) * TAB_WIDTH;
        else
            col += (c & 0xC0) != 0x80;
    }
    return col;
}

static void
add_location(StrBuf *out, const char *path, uint32_t line, uint32_t col, bool color)
{
    sb_printf(out, "%s%s%s", color ? BOLD : "", path, color ? RESET : "");
    if (line)
        sb_printf(out, ":%u", line);
    if (line && col)
        sb_printf(out, ":%u", col);
    sb_addc(out, ':');
}

/*   12 |     time.sleep(1)
 *      |     ^^^^^^^^^^^^^        (limited to the first line of the range) */
static void
add_source(StrBuf *out, const FileReport *r, const Finding *f, bool color)
{
    if (!r->text || !r->lines.line_starts || f->start > r->text_len)
        return;
    uint32_t line = lineindex_line(&r->lines, f->start);
    uint32_t start = lineindex_line_start(&r->lines, line);
    uint32_t len = lineindex_line_len(&r->lines, line);
    uint32_t end = f->end < f->start ? f->start : f->end;
    if (end > start + len)
        end = start + len;
    char num[16];
    int width = snprintf(num, sizeof num, "%u", line);
    sb_printf(out, "  %s | ", num);
    add_expanded(out, r->text + start, len, 0);
    sb_addc(out, '\n');
    uint32_t c0 = display_col(r->text, start, f->start);
    uint32_t c1 = display_col(r->text, start, end);
    sb_printf(out, "  %*s | ", width, "");
    for (uint32_t i = 0; i < c0; i++)
        sb_addc(out, ' ');
    if (color)
        sb_adds(out, DIM);
    for (uint32_t i = c0; i < (c1 > c0 ? c1 : c0 + 1); i++)
        sb_addc(out, '^');
    if (color)
        sb_adds(out, RESET);
    sb_addc(out, '\n');
}

/* The suggestion's lines without their common indentation (after tab expansion), each indented by
 * six spaces under "  help: TITLE". */
static void
add_help(StrBuf *out, const Finding *f)
{
    sb_printf(out, "  help: %s\n", f->fix_title ? f->fix_title : "Suggested change");
    if (!f->suggestion)
        return;
    StrBuf expanded = STRBUF_INIT;
    uint32_t common = UINT32_MAX;
    const char *s = f->suggestion;
    while (*s) {
        const char *nl = strchr(s, '\n');
        uint32_t n = (uint32_t)(nl ? (size_t)(nl - s) : strlen(s));
        size_t at = expanded.len;
        add_expanded(&expanded, s, n, 0);
        sb_addc(&expanded, '\n');
        uint32_t indent = 0;
        while (at + indent < expanded.len - 1 && expanded.data[at + indent] == ' ')
            indent++;
        if (at + indent < expanded.len - 1 && indent < common) /* blank lines do not count */
            common = indent;
        s += n + (nl != NULL);
    }
    if (common == UINT32_MAX)
        common = 0;
    const char *line = sb_cstr(&expanded);
    while (*line) {
        const char *nl = strchr(line, '\n');
        size_t n = (size_t)(nl - line);
        if (n > common) {
            sb_adds(out, "      ");
            sb_add(out, line + common, n - common);
        }
        sb_addc(out, '\n');
        line = nl + 1;
    }
    sb_free(&expanded);
}

static void
add_error(StrBuf *out, const FileReport *r, bool color)
{
    if (r->syntax.set) {
        add_location(out, r->path, r->syntax.line, r->syntax.col, color);
        sb_printf(out, " %s%s%s: %s\n", color ? RED : "",
                  r->syntax.kind ? r->syntax.kind : "SyntaxError", color ? RESET : "",
                  r->syntax.msg ? r->syntax.msg : "invalid syntax");
    } else {
        add_location(out, r->path, 0, 0, color);
        sb_printf(out, " %serror%s: %s\n", color ? RED : "", color ? RESET : "", r->error);
    }
}

/* report_text: errors and findings file by file, in the order given, then the summary lines. */
void
report_text(StrBuf *out, FileReport *const *files, uint32_t nfiles, const ReportOptions *opt)
{
    uint32_t counts[SEV_COUNT] = { 0 };
    uint32_t total = 0, suppressed = 0, errors = 0;
    bool blocks = opt->show_source || opt->show_fixes;
    for (uint32_t i = 0; i < nfiles; i++) {
        const FileReport *r = files[i];
        suppressed += r->nsuppressed;
        if (r->error || r->syntax.set) {
            errors++;
            add_error(out, r, opt->color);
        }
        for (uint32_t k = 0; k < r->nfindings; k++) {
            const Finding *f = &r->findings[k];
            Severity sev = f->severity < SEV_COUNT ? f->severity : SEV_SUGGESTION;
            counts[sev]++;
            total++;
            add_location(out, r->path, f->line, f->col, opt->color);
            sb_printf(out, " %s [%s%s%s] %s\n", f->rule ? f->rule->code : "?",
                      opt->color ? severity_color(sev) : "", severity_name(sev),
                      opt->color ? RESET : "", f->message ? f->message : "");
            if (opt->show_source)
                add_source(out, r, f, opt->color);
            if (opt->show_fixes && (f->suggestion || f->fix_title))
                add_help(out, f);
            if (blocks)
                sb_addc(out, '\n');
        }
    }
    uint32_t scanned = opt->nfiles ? opt->nfiles : nfiles;
    /* files that could not be read or parsed were not checked: count only the others */
    if (errors <= scanned)
        scanned -= errors;
    if (total)
        sb_printf(out, "Found %u %s (%u critical, %u %s, %u %s) in %u %s.\n", total,
                  plural(total, "issue", "issues"), counts[SEV_CRITICAL], counts[SEV_WARNING],
                  plural(counts[SEV_WARNING], "warning", "warnings"), counts[SEV_SUGGESTION],
                  plural(counts[SEV_SUGGESTION], "suggestion", "suggestions"), scanned,
                  plural(scanned, "file", "files"));
    else
        sb_printf(out, "No issues found in %u %s.\n", scanned, plural(scanned, "file", "files"));
    if (opt->nskimmed)
        sb_printf(out,
                  "%u of them %s no async code and %s skimmed, not parsed (--full parses %s "
                  "too).\n",
                  opt->nskimmed, opt->nskimmed == 1 ? "has" : "have",
                  opt->nskimmed == 1 ? "was" : "were", opt->nskimmed == 1 ? "it" : "them");
    if (suppressed)
        sb_printf(out, "%u %s suppressed by noqa.\n", suppressed,
                  plural(suppressed, "issue", "issues"));
    if (errors)
        sb_printf(out, "%u %s could not be checked.\n", errors, plural(errors, "file", "files"));
}
