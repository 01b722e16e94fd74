/* markdown: the review format of `asyncreview review`: a summary, one section per finding (the
 * flagged lines, why they are a problem, the corrected code), what was left out, files that could
 * not be reviewed (CPython's SyntaxError layout), the LLM's checked points, and the refactored
 * files. The command decides everything (order, caps, what was applied); this file only prints. */
#include "report/report.h"

#include <string.h>

#define MAX_PROBLEM_LINES 20 /* longer flagged statements are cut (with a note) */
#define MAX_LISTED_FILES 10  /* the summary names at most this many files */

static const char *
plural(uint32_t n, const char *one, const char *many)
{
    return n == 1 ? one : many;
}

uint32_t
md_fence_len(const char *text, size_t len)
{
    uint32_t longest = 0, run = 0;
    for (size_t i = 0; i < len; i++) {
        run = text[i] == '`' ? run + 1 : 0;
        if (run > longest)
            longest = run;
    }
    return longest >= 3 ? longest + 1 : 3;
}

static uint32_t
backtick_run(const char *s)
{
    uint32_t n = 0;
    while (s[n] == '`')
        n++;
    return n;
}

/* The end of the code span opening at s (a run of n backticks), or NULL when it is never closed:
 * CommonMark closes a span with a run of exactly the same length. */
static const char *
span_end(const char *s, uint32_t n)
{
    const char *p = s + n;
    while (*p) {
        if (*p == '`') {
            uint32_t m = backtick_run(p);
            if (m == n)
                return p + m;
            p += m;
        } else {
            p++;
        }
    }
    return NULL;
}

static bool
is_word(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
           (unsigned char)c >= 0x80;
}

void
md_add_inline(StrBuf *out, const char *text)
{
    if (!text)
        return;
    const char *p = text;
    while (*p) {
        if (*p == '`') {
            uint32_t n = backtick_run(p);
            const char *end = span_end(p, n);
            if (end && !memchr(p, '\n', (size_t)(end - p))) {
                sb_add(out, p, (size_t)(end - p));
                p = end;
                continue;
            }
            for (uint32_t i = 0; i < n; i++)
                sb_adds(out, "\\`");
            p += n;
            continue;
        }
        char c = *p++;
        /* an underscore inside a word never starts emphasis: ANTHROPIC_API_KEY stays readable */
        bool inner_underscore = c == '_' && p - 1 > text && is_word(p[-2]) && is_word(*p);
        if (strchr("\\*_[]<>|#", c) && !inner_underscore)
            sb_addc(out, '\\');
        if (c == '\n' || c == '\r' || c == '\t')
            c = ' ';
        sb_addc(out, c);
    }
}

void
md_add_code_span(StrBuf *out, const char *text)
{
    uint32_t longest = 0;
    for (const char *p = text; *p;) {
        uint32_t n = backtick_run(p);
        if (n > longest)
            longest = n;
        p += n ? n : 1;
    }
    uint32_t fence = longest + 1;
    bool pad = text[0] == '`' || (*text && text[strlen(text) - 1] == '`');
    for (uint32_t i = 0; i < fence; i++)
        sb_addc(out, '`');
    if (pad)
        sb_addc(out, ' ');
    for (const char *p = text; *p; p++)
        sb_addc(out, *p == '\n' ? ' ' : *p);
    if (pad)
        sb_addc(out, ' ');
    for (uint32_t i = 0; i < fence; i++)
        sb_addc(out, '`');
}

void
md_add_block(StrBuf *out, const char *lang, const char *text, size_t len)
{
    uint32_t fence = md_fence_len(text, len);
    for (uint32_t i = 0; i < fence; i++)
        sb_addc(out, '`');
    sb_adds(out, lang ? lang : "");
    sb_addc(out, '\n');
    sb_add(out, text, len);
    if (len && text[len - 1] != '\n')
        sb_addc(out, '\n');
    for (uint32_t i = 0; i < fence; i++)
        sb_addc(out, '`');
    sb_addc(out, '\n');
}

/* Appends text[0..len) without the indentation its non-blank lines share (tabs count as one
 * character: a shared prefix must be the same bytes). */
static void
add_dedented(StrBuf *out, const char *text, size_t len)
{
    size_t common = SIZE_MAX;
    const char *first = NULL;
    for (size_t i = 0; i < len;) {
        const char *line = text + i;
        const char *nl = memchr(line, '\n', len - i);
        size_t n = nl ? (size_t)(nl - line) : len - i;
        size_t ws = 0;
        while (ws < n && (line[ws] == ' ' || line[ws] == '\t'))
            ws++;
        if (ws < n) { /* blank lines do not count */
            if (!first) {
                first = line;
                common = ws;
            } else {
                size_t k = 0;
                while (k < common && k < ws && line[k] == first[k])
                    k++;
                common = k;
            }
        }
        i += n + (nl != NULL);
    }
    if (common == SIZE_MAX)
        common = 0;
    for (size_t i = 0; i < len;) {
        const char *line = text + i;
        const char *nl = memchr(line, '\n', len - i);
        size_t n = nl ? (size_t)(nl - line) : len - i;
        if (n > common)
            sb_add(out, line + common, n - common);
        sb_addc(out, '\n');
        i += n + (nl != NULL);
    }
}

static void
add_python_block(StrBuf *out, const char *text, size_t len)
{
    StrBuf tmp = STRBUF_INIT;
    add_dedented(&tmp, text, len);
    md_add_block(out, "python", tmp.data ? tmp.data : "", tmp.len);
    sb_free(&tmp);
}

static Severity
sev_of(const Finding *f)
{
    return f->severity < SEV_COUNT ? f->severity : SEV_SUGGESTION;
}

static const char *
version_text(int pyver, char *buf, size_t size)
{
    snprintf(buf, size, "%d.%d", pyver / 100, pyver % 100);
    return buf;
}

/* ---- the summary -------------------------------------------------------------------------------
 */

static void
add_frameworks(StrBuf *out, const Review *rv)
{
    uint32_t per[FW_COUNT] = { 0 }, kinds = 0, total = 0;
    for (uint32_t i = 0; i < rv->nfiles; i++) {
        const FileReport *r = rv->files[i].report;
        if (r->error || r->syntax.set || r->framework >= FW_COUNT)
            continue;
        kinds += !per[r->framework]++;
        total++;
    }
    if (!total) {
        sb_adds(out, "not detected (nothing could be parsed)");
        return;
    }
    bool first = true;
    for (int fw = 0; fw < FW_COUNT; fw++) {
        if (!per[fw])
            continue;
        sb_printf(out, "%s%s", first ? "" : ", ", framework_name((Framework)fw));
        if (kinds > 1)
            sb_printf(out, " (%u %s)", per[fw], plural(per[fw], "file", "files"));
        first = false;
    }
    if (rv->cfg->framework_set)
        sb_adds(out, " (set by --framework or the configuration)");
    else
        sb_adds(out, " (detected from the imports)");
}

static void
add_summary(StrBuf *out, const Review *rv)
{
    uint32_t sev[SEV_COUNT] = { 0 }, area[AREA_COUNT] = { 0 }, applied = 0, suggested = 0,
             errors = 0;
    for (uint32_t i = 0; i < rv->nfindings; i++) {
        const ReviewFinding *rf = &rv->findings[i];
        sev[sev_of(rf->f)]++;
        if (rf->f->rule && rf->f->rule->area < AREA_COUNT)
            area[rf->f->rule->area]++;
        applied += rf->applied;
        suggested += !rf->applied && rf->f->suggestion != NULL;
    }
    for (uint32_t i = 0; i < rv->nfiles; i++)
        errors += rv->files[i].report->error != NULL || rv->files[i].report->syntax.set;
    char ver[16];
    sb_adds(out, "# Async code review\n\n## Summary\n\n");
    sb_printf(out, "- **Files reviewed:** %u", rv->nfiles);
    for (uint32_t i = 0; i < rv->nfiles && i < MAX_LISTED_FILES; i++) {
        sb_adds(out, i ? ", " : " (");
        md_add_code_span(out, rv->files[i].report->path);
    }
    if (rv->nfiles > MAX_LISTED_FILES)
        sb_printf(out, " and %u more", rv->nfiles - MAX_LISTED_FILES);
    sb_adds(out, rv->nfiles ? ")\n" : "\n");
    sb_adds(out, "- **Framework:** ");
    add_frameworks(out, rv);
    sb_printf(
        out, "\n- **Target:** Python %s\n",
        version_text(rv->cfg->python_version ? rv->cfg->python_version : 311, ver, sizeof ver));
    sb_printf(out, "- **Findings:** %u (%u critical, %u %s, %u %s) at or above %s\n", rv->nfindings,
              sev[SEV_CRITICAL], sev[SEV_WARNING], plural(sev[SEV_WARNING], "warning", "warnings"),
              sev[SEV_SUGGESTION], plural(sev[SEV_SUGGESTION], "suggestion", "suggestions"),
              severity_name(rv->cfg->severity_threshold));
    if (rv->nfindings) {
        sb_adds(out, "- **By area:** ");
        bool first = true;
        for (int a = 0; a < AREA_COUNT; a++)
            if (area[a]) {
                sb_printf(out, "%s%s %u", first ? "" : ", ", area_name((Area)a), area[a]);
                first = false;
            }
        sb_addc(out, '\n');
        if (rv->cfg->include_refactored)
            sb_printf(out,
                      "- **Corrections:** %u applied in the refactored code (verified by a "
                      "re-check), %u shown as suggested code only\n",
                      applied, suggested);
    }
    if (errors)
        sb_printf(out, "- **Could not be reviewed:** %u %s (see below)\n", errors,
                  plural(errors, "file", "files"));
    if (rv->llm)
        sb_printf(out, "- **LLM review:** %s\n",
                  rv->llm->error ? "failed (see the note below)"
                                 : "included below, marked as such");
    sb_addc(out, '\n');
}

/* ---- one finding -------------------------------------------------------------------------------
 */

/* The whole lines [first, last] of r's text (cut to MAX_PROBLEM_LINES). */
static void
add_lines(StrBuf *out, const FileReport *r, uint32_t first, uint32_t last)
{
    if (!r->text || !r->lines.line_starts || !first || first > r->lines.nlines)
        return;
    if (last > r->lines.nlines)
        last = r->lines.nlines;
    if (last < first)
        last = first;
    uint32_t shown_last =
        last - first + 1 > MAX_PROBLEM_LINES ? first + MAX_PROBLEM_LINES - 1 : last;
    uint32_t start = lineindex_line_start(&r->lines, first);
    uint32_t end =
        lineindex_line_start(&r->lines, shown_last) + lineindex_line_len(&r->lines, shown_last);
    StrBuf tmp = STRBUF_INIT;
    add_dedented(&tmp, r->text + start, end - start);
    if (shown_last < last)
        sb_printf(&tmp, "# ... %u more lines\n", last - shown_last);
    md_add_block(out, "python", tmp.data ? tmp.data : "", tmp.len);
    sb_free(&tmp);
}

static void
add_location(StrBuf *out, const char *path, uint32_t line, uint32_t end_line)
{
    StrBuf loc = STRBUF_INIT;
    sb_adds(&loc, path);
    if (line)
        sb_printf(&loc, ":%u", line);
    if (end_line > line)
        sb_printf(&loc, "-%u", end_line);
    md_add_code_span(out, sb_cstr(&loc));
    sb_free(&loc);
}

static void
add_finding(StrBuf *out, const Review *rv, uint32_t index)
{
    const ReviewFinding *rf = &rv->findings[index];
    const Finding *f = rf->f;
    const FileReport *r = rf->file;
    sb_printf(out, "### %u. %s · %s %s · ", index + 1, severity_name(sev_of(f)),
              f->rule ? f->rule->code : "?", f->rule ? f->rule->name : "");
    add_location(out, r->path, f->line, 0);
    sb_adds(out, "\n\n");
    md_add_inline(out, f->message);
    if (f->rule)
        sb_printf(out, " (%s)", area_name(f->rule->area));
    sb_adds(out, "\n\n");

    uint32_t first = f->line, last = f->end_line ? f->end_line : f->line;
    bool have_range = f->suggestion && f->sugg_end > f->sugg_start && r->lines.line_starts &&
                      f->sugg_end <= r->text_len;
    if (have_range) {
        first = lineindex_line(&r->lines, f->sugg_start);
        last = lineindex_line(&r->lines, f->sugg_end - 1);
    }
    if (last > first)
        sb_printf(out, "Lines %u-%u:\n\n", first, last);
    else
        sb_printf(out, "Line %u:\n\n", first);
    add_lines(out, r, first, last);
    sb_addc(out, '\n');

    const char *why = f->why ? f->why : f->rule ? f->rule->why : NULL;
    if (why && *why) {
        sb_adds(out, "**Why it is a problem:** ");
        md_add_inline(out, why);
        sb_adds(out, "\n\n");
    }
    if (f->suggestion) {
        sb_adds(out, "**Corrected code**");
        if (have_range)
            sb_printf(out, last > first ? " (replaces lines %u-%u)" : " (replaces line %u)", first,
                      last);
        bool only_suggested = !f->nedits || f->fix == FIX_NONE;
        if (rf->applied)
            sb_adds(out, ", applied in the refactored code");
        else if (only_suggested)
            sb_adds(out, ", a suggestion to adapt: not a mechanical correction, so not applied");
        else if (rf->not_applied)
            sb_adds(out, ", not applied automatically");
        sb_adds(out, ":\n\n");
        add_python_block(out, f->suggestion, strlen(f->suggestion));
        sb_addc(out, '\n');
    } else if (f->fix_title) {
        sb_adds(out, "**Correction:** ");
        md_add_inline(out, f->fix_title);
        sb_adds(out, rf->applied ? " (applied in the refactored code)\n\n" : "\n\n");
    }
    if (rf->not_applied && rv->cfg->include_refactored && f->nedits && f->fix != FIX_NONE) {
        sb_adds(out, "_Not applied: ");
        md_add_inline(out, rf->not_applied);
        sb_adds(out, "._\n\n");
    }
    if (rf->sugg_check) {
        sb_adds(out, rf->sugg_ok ? "_Checked by the engine: " : "_Warning from the engine: ");
        md_add_inline(out, rf->sugg_check);
        sb_adds(out, "._\n\n");
    }
}

static void
add_omitted(StrBuf *out, const Review *rv)
{
    if (rv->nshown >= rv->nfindings)
        return;
    uint32_t sev[SEV_COUNT] = { 0 };
    for (uint32_t i = rv->nshown; i < rv->nfindings; i++)
        sev[sev_of(rv->findings[i].f)]++;
    uint32_t left = rv->nfindings - rv->nshown;
    sb_printf(out, "_%u more %s not shown (--max-issues %d):", left,
              plural(left, "finding", "findings"), rv->cfg->max_issues);
    bool first = true;
    for (int s = SEV_CRITICAL; s >= 0; s--)
        if (sev[s]) {
            sb_printf(out, "%s %u %s", first ? "" : ",", sev[s], severity_name((Severity)s));
            first = false;
        }
    sb_adds(out, "; `asyncreview check` lists them all._\n\n");
}

/* ---- errors ------------------------------------------------------------------------------------
 */

/* CPython's traceback layout: File "x", line N / the line / a caret under the columns / Kind: msg
 */
static void
add_syntax_error(StrBuf *out, const FileReport *r)
{
    const SyntaxErr *e = &r->syntax;
    StrBuf tb = STRBUF_INIT;
    sb_printf(&tb, "  File \"%s\", line %u\n", r->path, e->line);
    if (r->text && r->lines.line_starts && e->line && e->line <= r->lines.nlines) {
        uint32_t start = lineindex_line_start(&r->lines, e->line);
        uint32_t len = lineindex_line_len(&r->lines, e->line);
        uint32_t lead = 0;
        while (lead < len && (r->text[start + lead] == ' ' || r->text[start + lead] == '\t' ||
                              r->text[start + lead] == '\f'))
            lead++;
        sb_adds(&tb, "    ");
        uint32_t chars = 0;
        for (uint32_t i = lead; i < len; i++) {
            unsigned char c = (unsigned char)r->text[start + i];
            sb_addc(&tb, c == '\t' ? ' ' : (char)c);
            chars += (c & 0xC0) != 0x80;
        }
        sb_addc(&tb, '\n');
        if (e->col) {
            uint32_t lead_chars = lead; /* white space is ASCII */
            uint32_t c0 = e->col > lead_chars + 1 ? e->col - 1 - lead_chars : 0;
            uint32_t c1 = e->end_line == e->line && e->end_col > e->col
                              ? e->end_col - 1 - lead_chars
                              : c0 + 1;
            if (c0 > chars)
                c0 = chars;
            if (c1 > chars + 1)
                c1 = chars + 1;
            if (c1 <= c0)
                c1 = c0 + 1;
            sb_adds(&tb, "    ");
            for (uint32_t i = 0; i < c0; i++)
                sb_addc(&tb, ' ');
            for (uint32_t i = c0; i < c1; i++)
                sb_addc(&tb, '^');
            sb_addc(&tb, '\n');
        }
    }
    sb_printf(&tb, "%s: %s\n", e->kind ? e->kind : "SyntaxError",
              e->msg ? e->msg : "invalid syntax");
    md_add_block(out, "text", tb.data, tb.len);
    sb_free(&tb);
}

static void
add_errors(StrBuf *out, const Review *rv)
{
    bool any = false;
    for (uint32_t i = 0; i < rv->nfiles; i++) {
        const FileReport *r = rv->files[i].report;
        if (!r->error && !r->syntax.set)
            continue;
        if (!any)
            sb_adds(out, "## Could not be reviewed\n\n");
        any = true;
        if (r->syntax.set) {
            sb_adds(out, "### ");
            add_location(out, r->path, r->syntax.line, 0);
            sb_printf(out, ": %s\n\n", r->syntax.kind ? r->syntax.kind : "SyntaxError");
            sb_adds(out,
                    "The code does not parse, so no rule could run on it. Python reports:\n\n");
            add_syntax_error(out, r);
            sb_addc(out, '\n');
        } else {
            sb_adds(out, "- ");
            md_add_code_span(out, r->path);
            sb_adds(out, ": ");
            md_add_inline(out, r->error);
            sb_adds(out, "\n\n");
        }
    }
}

/* ---- the LLM's points --------------------------------------------------------------------------
 */

static void
add_llm(StrBuf *out, const Review *rv)
{
    const ReviewLlm *llm = rv->llm;
    if (!llm)
        return;
    sb_adds(out, "## Additional review (LLM)\n\n");
    if (llm->error) {
        sb_adds(out, "> **Note:** the LLM review could not be added: ");
        md_add_inline(out, llm->error);
        sb_adds(out, ". The engine's review above is complete without it.\n\n");
        return;
    }
    sb_adds(out, "These points come from a language model");
    if (llm->model) {
        sb_adds(out, " (");
        md_add_code_span(out, llm->model);
        sb_adds(out, ")");
    }
    sb_adds(out,
            ". The rules did not find them. Code the model proposes was spliced into a copy of "
            "the file, parsed and re-checked by the engine; only code that passed is marked "
            "verified.\n\n");
    if (!llm->npoints)
        sb_adds(out, "_The model raised no further points._\n\n");
    for (uint32_t i = 0; i < llm->npoints; i++) {
        const ReviewLlmPoint *pt = &llm->points[i];
        bool has_code = pt->code && *pt->code;
        sb_printf(out, "### L%u. %s · ", i + 1, severity_name(pt->severity));
        md_add_inline(out, pt->title);
        sb_adds(out, " · ");
        add_location(out, pt->path, pt->line, pt->end_line);
        sb_adds(out, has_code && pt->verified
                         ? "\n\n_(LLM, verified: parses and introduces no CRITICAL finding)_\n\n"
                         : "\n\n_(LLM, unverified by rules)_\n\n");
        md_add_inline(out, pt->explanation);
        sb_printf(out, " (%s)\n\n", area_name(pt->area));
        if (has_code) {
            sb_adds(out, pt->verified ? "**Proposed code:**\n\n"
                                      : "**Proposed code (not verified, use with care):**\n\n");
            add_python_block(out, pt->code, strlen(pt->code));
            sb_addc(out, '\n');
        }
        if (pt->verdict && *pt->verdict) {
            sb_adds(out, pt->verified ? "_Engine check: " : "_Not verified: ");
            md_add_inline(out, pt->verdict);
            sb_adds(out, "._\n\n");
        }
    }
    if (llm->summary && *llm->summary) {
        sb_adds(out, "**The model's summary (LLM, unverified by rules):** ");
        md_add_inline(out, llm->summary);
        sb_adds(out, "\n\n");
    }
    if (llm->nnotes) {
        sb_adds(out, "Left out of the model's answer:\n\n");
        for (uint32_t i = 0; i < llm->nnotes; i++) {
            sb_adds(out, "- ");
            md_add_inline(out, llm->notes[i]);
            sb_addc(out, '\n');
        }
        sb_addc(out, '\n');
    }
}

/* ---- refactored files --------------------------------------------------------------------------
 */

static void
add_refactored(StrBuf *out, const Review *rv)
{
    if (!rv->cfg->include_refactored)
        return;
    uint32_t nref = 0;
    for (uint32_t i = 0; i < rv->nfiles; i++)
        nref += rv->files[i].refactored != NULL;
    if (!nref) {
        bool any_fix = false, any_backoff = false;
        for (uint32_t i = 0; i < rv->nfindings; i++)
            any_fix |= rv->findings[i].f->nedits > 0;
        for (uint32_t i = 0; i < rv->nfiles; i++)
            any_backoff |= rv->files[i].backoff != NULL;
        if (!any_fix && !any_backoff)
            return;
        sb_adds(out, "## Refactored code\n\n");
        sb_adds(
            out,
            "_No mechanical correction could be verified, so no refactored file is shown._\n\n");
        for (uint32_t i = 0; i < rv->nfiles; i++)
            if (rv->files[i].backoff) {
                sb_adds(out, "- ");
                md_add_code_span(out, rv->files[i].report->path);
                sb_adds(out, ": ");
                md_add_inline(out, rv->files[i].backoff);
                sb_addc(out, '\n');
            }
        sb_addc(out, '\n');
        return;
    }
    sb_adds(out, "## Refactored code\n\n");
    sb_adds(out,
            "Every mechanical correction the engine could verify is applied below: the result "
            "parses, and re-checking it finds none of the applied findings and no new CRITICAL "
            "or WARNING finding. Corrections that are not mechanical (such as turning a loop "
            "into a task group) are shown in their sections only.\n\n");
    for (uint32_t i = 0; i < rv->nfiles; i++) {
        const ReviewFile *rf = &rv->files[i];
        if (!rf->refactored)
            continue;
        sb_adds(out, "### ");
        md_add_code_span(out, rf->report->path);
        sb_adds(out, "\n\n");
        for (int pass = 0; pass < 2; pass++) {
            bool header = false;
            for (uint32_t k = 0; k < rv->nfindings; k++) {
                const ReviewFinding *f = &rv->findings[k];
                if (f->file != rf->report || f->applied != (pass == 0))
                    continue;
                if (!header)
                    sb_adds(out, pass == 0 ? "Applied:\n\n" : "Not applied:\n\n");
                header = true;
                sb_printf(out, "- %s line %u: ", f->f->rule ? f->f->rule->code : "?", f->f->line);
                if (pass == 0)
                    md_add_inline(out, f->f->fix_title ? f->f->fix_title : f->f->message);
                else
                    md_add_inline(out, f->not_applied ? f->not_applied : "no automatic correction");
                sb_addc(out, '\n');
            }
            if (header)
                sb_addc(out, '\n');
        }
        if (rf->backoff) {
            sb_adds(out, "_Backed off: ");
            md_add_inline(out, rf->backoff);
            sb_adds(out, "._\n\n");
        }
        md_add_block(out, "python", rf->refactored, rf->refactored_len);
        sb_addc(out, '\n');
    }
}

void
report_markdown(StrBuf *out, const Review *rv)
{
    add_summary(out, rv);
    if (rv->nfindings) {
        sb_adds(out, "## Findings\n\n");
        for (uint32_t i = 0; i < rv->nshown && i < rv->nfindings; i++)
            add_finding(out, rv, i);
        add_omitted(out, rv);
    } else {
        bool errors = false;
        for (uint32_t i = 0; i < rv->nfiles; i++)
            errors |= rv->files[i].report->error != NULL || rv->files[i].report->syntax.set;
        sb_printf(out, "No finding at or above %s%s.\n\n",
                  severity_name(rv->cfg->severity_threshold),
                  errors ? " in the files that could be read" : "");
    }
    add_errors(out, rv);
    add_llm(out, rv);
    add_refactored(out, rv);
    /* one trailing newline */
    while (out->len > 1 && out->data[out->len - 1] == '\n' && out->data[out->len - 2] == '\n')
        out->len--;
    if (out->data)
        out->data[out->len] = '\0';
}
