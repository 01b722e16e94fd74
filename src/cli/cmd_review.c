/* `asyncreview review [OPTIONS] PATH|-`: a Markdown (or JSON) review for people: a summary, one
 * section per finding with the flagged lines, why, and the corrected code, then the refactored
 * files.
 *
 * Nothing the engine did not verify is presented as correct: the refactored file is every
 * mechanical correction (safe and unsafe edits) that survives apply -> parse -> re-check, where the
 * re-check must no longer report the applied findings and must not report any new CRITICAL or
 * WARNING finding. When the corrections together fail, they are retried one at a time and the ones
 * that fail are dropped, saying why. Suggested code is spliced into a copy of the file and
 * re-checked too. With
 * --llm the model's points are added in their own sections, each code block checked the same way.
 */
#include "cli/commands.h"
#include "cli/index_build.h"
#include "cli/options.h"

#include "base/files.h"
#include "base/pool.h"
#include "fix/fix.h"
#include "llm/review_merge.h"
#include "report/report.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define LLM_MAX_FILES_DEFAULT 10

static const char review_usage[] =
    "usage: asyncreview review [OPTIONS] PATH|-\n"
    "\n"
    "Writes a review of the .py files under PATH (a file, a directory, or '-' for a snippet on\n"
    "standard input) as Markdown: a summary, one section per finding (most severe first) with the\n"
    "flagged lines, why they are a problem and the corrected code, and the refactored files with\n"
    "every correction the engine could verify by re-checking the result.\n"
    "Exit status: 0 nothing found at or above the threshold, 1 findings or unparsable files,\n"
    "2 usage or configuration error.\n"
    "\n"
    "options:\n" COMMON_OPTIONS_HELP
    "  --format markdown|json      output format (default markdown)\n"
    "  --max-issues N              at most N finding sections (default 20; the rest are counted)\n"
    "  --include-refactored        end with the corrected files (the default)\n"
    "  --no-include-refactored     do not\n"
    "  --stdin-filename NAME       with PATH '-': the name to report for standard input\n"
    "  --full                      parse every file, also those without async code (otherwise\n"
    "                              only skimmed: no rule can fire in them)\n"
    "  --unsafe-fixes              accepted (safe and unsafe edits are always candidates, each\n"
    "                              applied only when the re-check accepts it)\n"
    "  --llm                       also ask an LLM (Anthropic API; sends the code and findings)\n"
    "  --model NAME                with --llm: the model (default " LLM_DEFAULT_MODEL ")\n"
    "  --llm-base-url URL          with --llm: API base URL (default: $" LLM_BASE_URL_ENV ", else\n"
    "                              " LLM_DEFAULT_BASE_URL ")\n"
    "  --llm-timeout SEC           with --llm: timeout of one request (default 120)\n"
    "  --llm-retries N             with --llm: retries on rate limits and server errors (default "
    "2)\n"
    "  --llm-max-files N           with --llm: files sent at most (default 10)\n"
    "The API key is read from $" LLM_KEY_ENV "; nothing leaves the machine without --llm.\n";

/* ---- verified corrections ----------------------------------------------------------------------
 */

typedef struct ReviewJob {
    const char *const *paths;
    const uint32_t *selected; /* the files to analyse, indices into paths */
    FileReport *reports;
    ReviewFile *files;
    const char ***reasons; /* per file, per finding: why its correction was not applied */
    const Config *all;     /* the configuration with the threshold lowered: every finding */
    Severity threshold;
    const RuleSet *rs;
    const ProjectIndex *index;
    const char *stdin_name, *stdin_text;
    size_t stdin_len;
    bool refactor;
} ReviewJob;

typedef struct Attempt {
    char *text; /* heap, the corrected text, when ok */
    size_t len;
    bool ok;
    bool *applied; /* per member of the set tried */
    char why[400]; /* when not ok */
} Attempt;

static int
compare_edits(const void *pa, const void *pb)
{
    const Edit *a = *(const Edit *const *)pa, *b = *(const Edit *const *)pb;
    if (a->start != b->start)
        return a->start < b->start ? -1 : 1;
    return a->end < b->end ? -1 : a->end > b->end;
}

/* Where byte off of the original text is after the edits (sorted, as fix_apply_text applied them);
 * an offset inside a replaced range goes to where the replacement starts. */
static uint32_t
map_offset(Edit *const *edits, uint32_t n, uint32_t off)
{
    int64_t delta = 0;
    for (uint32_t i = 0; i < n; i++) {
        const Edit *e = edits[i];
        if (e->start > off)
            break;
        if (e->end <= off && (e->start < off || e->start == e->end || e->end == off))
            delta += (int64_t)strlen(e->text) - (int64_t)(e->end - e->start);
        else if (e->start < off)
            return (uint32_t)((int64_t)e->start + delta);
    }
    return (uint32_t)((int64_t)off + delta);
}

static const char *
code_of(const Finding *f)
{
    return f->rule ? f->rule->code : "?";
}

/* try_set: applies the corrections of r->findings[set[0..n)] to a copy, then checks the result:
 * it parses, none of the applied findings is reported again, and no CRITICAL or WARNING finding
 * appears that the original did not have (findings are matched by rule and mapped position). */
static void
try_set(const ReviewJob *job, const FileReport *r, const uint32_t *set, uint32_t n, Attempt *at)
{
    memset(at, 0, sizeof *at);
    at->applied = xcalloc(n + 1, sizeof(bool));
    Finding *tmp = xmalloc(sizeof *tmp * (n + 1));
    for (uint32_t k = 0; k < n; k++) {
        tmp[k] = r->findings[set[k]];
        tmp[k].applied = false;
    }
    FileReport view = *r;
    view.findings = tmp;
    view.nfindings = n;
    size_t len = 0;
    char *text = fix_apply_text(&view, true, &len);
    if (!text) {
        snprintf(at->why, sizeof at->why, "the corrected file would not parse");
        free(tmp);
        return;
    }
    /* the edits as applied: sorted, overlaps and repeated insertions skipped as fix_apply_text does
     */
    uint32_t nedits = 0;
    for (uint32_t k = 0; k < n; k++)
        if (tmp[k].applied)
            nedits += tmp[k].nedits;
    Edit **edits = xmalloc(sizeof *edits * (nedits + 1));
    uint32_t m = 0;
    for (uint32_t k = 0; k < n; k++) {
        at->applied[k] = tmp[k].applied;
        for (uint32_t j = 0; tmp[k].applied && j < tmp[k].nedits; j++)
            edits[m++] = &tmp[k].edits[j];
    }
    qsort(edits, m, sizeof *edits, compare_edits);
    uint32_t kept = 0, pos = 0;
    for (uint32_t i = 0; i < m; i++) {
        const Edit *e = edits[i];
        if (e->start < pos)
            continue;
        if (kept && e->start == e->end && edits[kept - 1]->start == e->start &&
            edits[kept - 1]->start == edits[kept - 1]->end &&
            !strcmp(edits[kept - 1]->text, e->text))
            continue;
        edits[kept++] = edits[i];
        pos = e->end;
    }

    FileReport after;
    checker_check_source(&after, r->path, NULL, text, len, job->all, job->rs, job->index);
    if (after.error || after.syntax.set) {
        snprintf(at->why, sizeof at->why, "the corrected file could not be re-checked (%s)",
                 after.error ? after.error : "syntax error");
        goto done;
    }
    bool *used = xcalloc(r->nfindings + 1, sizeof(bool));
    bool *is_applied = xcalloc(r->nfindings + 1, sizeof(bool));
    for (uint32_t k = 0; k < n; k++)
        is_applied[set[k]] = at->applied[k];
    const Finding *bad = NULL;
    bool bad_is_still = false;
    for (uint32_t a = 0; a < after.nfindings && !bad; a++) {
        const Finding *fa = &after.findings[a];
        bool matched = false;
        for (uint32_t o = 0; o < r->nfindings && !matched; o++) {
            const Finding *fo = &r->findings[o];
            if (used[o] || is_applied[o] || strcmp(code_of(fo), code_of(fa)))
                continue;
            uint32_t mapped = map_offset(edits, kept, fo->start);
            if (mapped == fa->start ||
                (mapped <= after.text_len && lineindex_line(&after.lines, mapped) == fa->line))
                matched = used[o] = true;
        }
        if (matched)
            continue;
        bool same_code = false;
        for (uint32_t k = 0; k < n; k++)
            same_code |= at->applied[k] && !strcmp(code_of(&tmp[k]), code_of(fa));
        if (fa->severity >= SEV_WARNING || same_code) {
            bad = fa;
            bad_is_still = same_code;
        }
    }
    if (bad)
        snprintf(at->why, sizeof at->why,
                 "the re-check of the corrected file %s %s %s at line %u (%s)",
                 bad_is_still ? "still reports" : "reports a new", severity_name(bad->severity),
                 code_of(bad), bad->line, bad->message ? bad->message : "");
    else
        at->ok = true;
    free(used);
    free(is_applied);
done:
    file_report_free(&after);
    free(edits);
    free(tmp);
    if (at->ok) {
        at->text = text;
        at->len = len;
    } else {
        free(text);
    }
}

static void
refactor_file(ReviewJob *job, size_t i)
{
    FileReport *r = &job->reports[i];
    const char **reason = job->reasons[i];
    uint32_t *cands = xmalloc(sizeof *cands * (r->nfindings + 1));
    uint32_t ncands = 0;
    for (uint32_t k = 0; k < r->nfindings; k++) {
        const Finding *f = &r->findings[k];
        if (f->severity < job->threshold)
            continue;
        if (f->nedits && f->fix != FIX_NONE)
            cands[ncands++] = k;
        else
            reason[k] = f->suggestion ? "not a mechanical correction; the corrected code is shown "
                                        "as a suggestion only"
                                      : "the rule has no automatic correction";
    }
    Attempt at;
    if (!ncands) {
        free(cands);
        return;
    }
    try_set(job, r, cands, ncands, &at);
    uint32_t *accepted = xmalloc(sizeof *accepted * (ncands + 1));
    uint32_t naccepted = 0, dropped = 0;
    char *text = NULL;
    size_t len = 0;
    if (at.ok) {
        for (uint32_t k = 0; k < ncands; k++)
            if (at.applied[k])
                accepted[naccepted++] = cands[k];
            else
                reason[cands[k]] = "its edits overlap those of another correction";
        text = at.text;
        len = at.len;
        free(at.applied);
    } else {
        /* back off: one correction at a time, keeping those the re-check accepts */
        char first_why[400];
        snprintf(first_why, sizeof first_why, "%s", at.why);
        free(at.applied);
        for (uint32_t k = 0; k < ncands; k++) {
            accepted[naccepted] = cands[k];
            Attempt one;
            try_set(job, r, accepted, naccepted + 1, &one);
            if (one.ok && one.applied[naccepted]) {
                free(text);
                text = one.text;
                len = one.len;
                naccepted++;
            } else {
                free(one.text);
                dropped++;
                reason[cands[k]] =
                    one.ok ? "its edits overlap those of another correction"
                           : arena_sprintf(&r->arena, "dropped after the re-check: %s", one.why);
            }
            free(one.applied);
        }
        job->files[i].backoff = arena_sprintf(
            &r->arena,
            "with all %u corrections applied together, %s; they were then applied one at a time "
            "and %u of them %s dropped",
            ncands, first_why, dropped, dropped == 1 ? "was" : "were");
    }
    for (uint32_t k = 0; k < naccepted; k++)
        r->findings[accepted[k]].applied = true;
    if (text && naccepted) {
        job->files[i].refactored = arena_strndup(&r->arena, text, len);
        job->files[i].refactored_len = (uint32_t)len;
    }
    free(text);
    free(accepted);
    free(cands);
}

static void
review_one(void *ctx, size_t job_index)
{
    ReviewJob *job = ctx;
    size_t i = job->selected[job_index];
    FileReport *r = &job->reports[i];
    if (job->stdin_text && !strcmp(job->paths[i], "-"))
        checker_check_source(r, job->stdin_name, NULL, job->stdin_text, job->stdin_len, job->all,
                             job->rs, job->index);
    else
        checker_check_file(r, job->paths[i], (uint32_t)i, job->all, job->rs, job->index);
    job->files[i].report = r;
    job->reasons[i] = ARENA_ARRAY(&r->arena, const char *, r->nfindings + 1);
    if (job->refactor && r->nfindings && !r->error && r->text)
        refactor_file(job, i);
}

/* ---- ordering and suggestion checks ------------------------------------------------------------
 */

static int
compare_review(const void *pa, const void *pb)
{
    const ReviewFinding *a = pa, *b = pb;
    if (a->f->severity != b->f->severity)
        return a->f->severity > b->f->severity ? -1 : 1;
    int c = strcmp(a->file->path, b->file->path);
    if (c)
        return c;
    if (a->f->line != b->f->line)
        return a->f->line < b->f->line ? -1 : 1;
    if (a->f->col != b->f->col)
        return a->f->col < b->f->col ? -1 : 1;
    return strcmp(code_of(a->f), code_of(b->f));
}

static void
check_suggestion(ReviewFinding *rf, const ReviewJob *job, Arena *a)
{
    const Finding *f = rf->f;
    const FileReport *r = rf->file;
    if (!f->suggestion || f->sugg_end <= f->sugg_start || f->sugg_end > r->text_len)
        return;
    SpliceCheck sc;
    review_check_splice(r, f->sugg_start, f->sugg_end, f->suggestion, code_of(f), job->all, job->rs,
                        job->index, &sc);
    if (!sc.parses) {
        rf->sugg_check = arena_sprintf(a, "this code does not parse in place (%s)", sc.detail);
    } else if (sc.critical || sc.same_code) {
        rf->sugg_check = arena_sprintf(a, "with this code in place, %s", sc.detail);
    } else {
        rf->sugg_ok = true;
        rf->sugg_check = arena_sprintf(a,
                                       "parses in place; the re-check no longer reports %s "
                                       "here and finds nothing CRITICAL",
                                       code_of(f));
    }
}

/* ---- the command -------------------------------------------------------------------------------
 */

static char *
read_stdin(size_t *len)
{
    StrBuf sb = STRBUF_INIT;
    char buf[65536];
    size_t n;
    while ((n = fread(buf, 1, sizeof buf, stdin)) > 0)
        sb_add(&sb, buf, n);
    *len = sb.len;
    return sb_steal(&sb);
}

static bool
parse_number(const char *s, double max, double *out)
{
    char *end;
    double v = strtod(s, &end);
    if (end == s || *end || !(v >= 0) || v > max)
        return false;
    *out = v;
    return true;
}

static void
log_stderr(void *ctx, const char *line)
{
    (void)ctx;
    fprintf(stderr, "asyncreview review: llm: %s\n", line);
}

int
cmd_review(int argc, char **argv)
{
    CommonOptions co;
    const char *format = "markdown";
    const char *stdin_name = "<stdin>";
    bool use_llm = false, full = false;
    LlmOptions lo;
    llm_options_default(&lo);
    uint32_t llm_max_files = LLM_MAX_FILES_DEFAULT;
    options_init(&co);
    for (int i = 1; i < argc; i++) {
        int used = options_parse_common(&co, argc, argv, i);
        if (used < 0) {
            options_free(&co);
            return 2;
        }
        if (used > 0) {
            i += used - 1;
            continue;
        }
        const char *a = argv[i];
        const char *val = NULL;
        static const char *const with_value[] = { "--format",       "--stdin-filename",
                                                  "--model",        "--llm-base-url",
                                                  "--llm-timeout",  "--llm-retries",
                                                  "--llm-max-files" };
        char name[64];
        snprintf(name, sizeof name, "%s", a);
        char *eq = strchr(name, '=');
        if (eq && !strncmp(a, "--", 2)) {
            *eq = '\0';
            val = a + (eq - name) + 1;
        }
        bool wants = false;
        for (size_t k = 0; k < ARRAY_LEN(with_value); k++)
            wants |= !strcmp(name, with_value[k]);
        if (wants && !val) {
            if (i + 1 >= argc) {
                fprintf(stderr, "asyncreview review: option %s needs a value\n", name);
                options_free(&co);
                return 2;
            }
            val = argv[++i];
        }
        double num;
        if (!strcmp(a, "--help") || !strcmp(a, "-h")) {
            fputs(review_usage, stdout);
            options_free(&co);
            return 0;
        } else if (!strcmp(name, "--format")) {
            format = !strcmp(val, "md") ? "markdown" : val;
            if (strcmp(format, "markdown") && strcmp(format, "json")) {
                fprintf(stderr, "asyncreview review: unknown format '%s' (markdown or json)\n",
                        val);
                options_free(&co);
                return 2;
            }
        } else if (!strcmp(name, "--stdin-filename"))
            stdin_name = val;
        else if (!strcmp(name, "--model"))
            lo.model = val;
        else if (!strcmp(name, "--llm-base-url"))
            lo.base_url = val;
        else if (!strcmp(name, "--llm-timeout") || !strcmp(name, "--llm-retries") ||
                 !strcmp(name, "--llm-max-files")) {
            bool timeout = !strcmp(name, "--llm-timeout");
            if (!parse_number(val, timeout ? 86400 : 1000, &num) || (num == 0 && timeout) ||
                (!timeout && num != (double)(long)num) ||
                (!strcmp(name, "--llm-max-files") && num < 1)) {
                fprintf(stderr, "asyncreview review: %s: '%s' is not a valid %s\n", name, val,
                        timeout ? "number of seconds" : "count");
                options_free(&co);
                return 2;
            }
            if (timeout)
                lo.timeout_ms = (long)(num * 1000.0 + 0.5);
            else if (!strcmp(name, "--llm-retries"))
                lo.max_retries = (int)num;
            else
                llm_max_files = (uint32_t)num;
        } else if (!strcmp(a, "--full"))
            full = true;
        else if (!strcmp(a, "--unsafe-fixes"))
            ; /* accepted for symmetry with check: unsafe edits are always candidates here */
        else if (!strcmp(a, "--llm"))
            use_llm = true;
        else if (!strcmp(a, "--no-llm"))
            use_llm = false;
        else if (a[0] == '-' && a[1]) {
            fprintf(stderr, "asyncreview review: unknown option '%s' (see --help)\n", a);
            options_free(&co);
            return 2;
        } else
            options_add_path(&co, a);
    }
    if (!co.npaths) {
        fprintf(stderr, "asyncreview review: give a file, a directory or '-' (see --help)\n");
        options_free(&co);
        return 2;
    }
    bool has_stdin = false;
    for (size_t i = 0; i < co.npaths; i++)
        has_stdin |= !strcmp(co.paths[i], "-");
    if (has_stdin && co.npaths > 1) {
        fprintf(stderr, "asyncreview review: '-' (standard input) cannot be combined with paths\n");
        options_free(&co);
        return 2;
    }
    Config cfg;
    RuleSet rs;
    if (options_finish(&co, &cfg, &rs, "review") != 0) {
        options_free(&co);
        return 2;
    }
    if (use_llm && getenv("ASYNCREVIEW_LLM_VERBOSE")) {
        lo.log = log_stderr;
        lo.log_ctx = NULL;
    }

    FileList fl = { 0 };
    const char **paths;
    size_t npaths;
    if (has_stdin) {
        paths = xmalloc(sizeof *paths);
        paths[0] = "-";
        npaths = 1;
    } else {
        FileOptions fo = { .exclude = cfg.exclude.items, .nexclude = cfg.exclude.len };
        files_collect(&fl, co.paths, co.npaths, &fo);
        paths = xmalloc(sizeof *paths * (fl.npaths + 1));
        if (fl.npaths)
            memcpy(paths, fl.paths, sizeof *paths * fl.npaths);
        npaths = fl.npaths;
    }
    int status = 0;
    for (size_t i = 0; i < fl.nerrors; i++) {
        fprintf(stderr, "%s: %s: %s\n", fl.errors[i].path,
                fl.errors[i].kind == FILEERR_LOOP ? "warning" : "error", fl.errors[i].msg);
        if (fl.errors[i].kind == FILEERR_MISSING)
            status = 2;
    }
    if (status == 2) {
        files_free(&fl);
        free(paths);
        options_free(&co);
        return 2;
    }

    Config all = cfg;
    all.severity_threshold = SEV_SUGGESTION;
    ReviewJob job = {
        .paths = paths,
        .reports = xcalloc(npaths + 1, sizeof(FileReport)),
        .files = xcalloc(npaths + 1, sizeof(ReviewFile)),
        .reasons = xcalloc(npaths + 1, sizeof(const char **)),
        .all = &all,
        .threshold = cfg.severity_threshold,
        .rs = &rs,
        .stdin_name = stdin_name,
        .refactor = cfg.include_refactored,
    };
    if (has_stdin)
        job.stdin_text = read_stdin(&job.stdin_len);
    ProjectIndex *index = has_stdin ? NULL : index_build(paths, npaths);
    job.index = index;
    bool *analyse = index_select(paths, has_stdin ? NULL : fl.named, has_stdin ? 0 : npaths, index,
                                 co.jobs, full, NULL);
    uint32_t *selected = xmalloc(sizeof *selected * (npaths + 1));
    uint32_t nselected = 0;
    for (size_t i = 0; i < npaths; i++) {
        if (has_stdin || analyse[i]) {
            selected[nselected++] = (uint32_t)i;
        } else { /* skimmed: no async code, nothing to review */
            arena_init(&job.reports[i].arena, 0);
            job.reports[i].path = paths[i];
            job.files[i].report = &job.reports[i];
        }
    }
    job.selected = selected;
    pool_run(nselected, co.jobs, review_one, &job);
    free(analyse);
    free(selected);

    uint32_t total = 0, errors = 0;
    for (size_t i = 0; i < npaths; i++) {
        const FileReport *r = &job.reports[i];
        errors += r->error != NULL || r->syntax.set;
        for (uint32_t k = 0; k < r->nfindings; k++)
            total += r->findings[k].severity >= cfg.severity_threshold;
    }
    ReviewFinding *rfs = xcalloc(total + 1, sizeof *rfs);
    uint32_t n = 0;
    for (size_t i = 0; i < npaths; i++) {
        const FileReport *r = &job.reports[i];
        for (uint32_t k = 0; k < r->nfindings; k++) {
            const Finding *f = &r->findings[k];
            if (f->severity < cfg.severity_threshold)
                continue;
            rfs[n++] = (ReviewFinding){
                .file = r,
                .f = f,
                .applied = f->applied,
                .not_applied = f->applied ? NULL : job.reasons[i][k],
            };
        }
    }
    qsort(rfs, n, sizeof *rfs, compare_review);
    Arena review_arena; /* suggestion checks and the LLM's points */
    arena_init(&review_arena, 0);
    uint32_t nshown = n < (uint32_t)cfg.max_issues ? n : (uint32_t)cfg.max_issues;
    for (uint32_t i = 0; i < nshown; i++)
        check_suggestion(&rfs[i], &job, &review_arena);

    ReviewLlm llm;
    if (use_llm)
        review_llm(&llm, &review_arena, job.files, (uint32_t)npaths, &lo, llm_max_files, &cfg, &rs,
                   index);

    Review rv = {
        .files = job.files,
        .nfiles = (uint32_t)npaths,
        .findings = rfs,
        .nfindings = n,
        .nshown = nshown,
        .cfg = &cfg,
        .llm = use_llm ? &llm : NULL,
    };
    StrBuf out = STRBUF_INIT;
    if (!strcmp(format, "json"))
        report_review_json(&out, &rv);
    else
        report_markdown(&out, &rv);
    fwrite(out.data ? out.data : "", 1, out.len, stdout);
    fflush(stdout);
    sb_free(&out);
    if (use_llm && llm.error)
        fprintf(stderr, "asyncreview review: the LLM review was skipped: %s\n", llm.error);

    if (n || errors)
        status = 1;
    arena_free(&review_arena);
    free(rfs);
    for (size_t i = 0; i < npaths; i++)
        file_report_free(&job.reports[i]);
    free(job.reports);
    free(job.files);
    free(job.reasons);
    free((void *)job.stdin_text);
    if (index)
        project_free(index);
    files_free(&fl);
    free(paths);
    options_free(&co);
    return status;
}
