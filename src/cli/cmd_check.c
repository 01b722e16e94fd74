/* `asyncreview check [OPTIONS] [PATH...]`: lint output for CI and editors. Two parallel passes over
 * the files: the first builds the project index (every function, what blocks), the second runs the
 * rules. */
#include "cli/commands.h"
#include "cli/index_build.h"
#include "cli/options.h"

#include "base/files.h"
#include "base/pool.h"
#include "fix/fix.h"
#include "report/report.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>
#include <unistd.h>

/* Whether check hands back what it made before the process ends. Only sanitizer builds do, so that
 * their leak checks keep their meaning: the kernel takes it all back at exit anyway, and freeing
 * the reports, the index and the file list arena by arena took 1.7 ms of a stdlib run (as clang's
 * -disable-free). */
#ifdef ARENA_SANITIZE
enum { FREE_AT_EXIT = 1 };
#else
enum { FREE_AT_EXIT = 0 };
#endif

static const char check_usage[] =
    "usage: asyncreview check [OPTIONS] [PATH...]\n"
    "\n"
    "Checks every .py file under PATH... (default: the current directory) and prints findings.\n"
    "Exit status: 0 nothing found at or above the threshold, 1 findings or unparsable files,\n"
    "2 usage or configuration error.\n"
    "\n"
    "options:\n" COMMON_OPTIONS_HELP "  --format text|json          output format (default text)\n"
    "  --fix                       apply safe fixes in place (files are rewritten atomically,\n"
    "                              only when the result still parses)\n"
    "  --unsafe-fixes              with --fix, also apply fixes that may change behaviour\n"
    "  --show-fixes                print each finding's corrected code (text format)\n"
    "  --no-source                 do not print the source line and caret (text format)\n"
    "  --exit-zero                 exit 0 even when something is found\n"
    "  --stdin-filename NAME       with PATH '-': the name to report for standard input\n"
    "  --full                      parse every file, also those without async code (which\n"
    "                              are otherwise only skimmed: no rule can fire in them)\n"
    "  --stats                     print the time of each phase and the peak memory to stderr\n";

/* ---- pass 2: the rules -------------------------------------------------------------------------
 */

typedef struct CheckJob {
    const char *const *paths;
    const uint32_t *selected; /* the files to analyse, indices into paths */
    FileReport *reports;
    const Config *cfg;
    const RuleSet *rs;
    const ProjectIndex *index;
    const char *stdin_name;
    const char *stdin_text;
    size_t stdin_len;
    bool fix, unsafe_fixes;
    bool json; /* --format json: each file's findings are rendered by the thread that checked it */
} CheckJob;

static void
check_one(void *ctx, size_t job_index)
{
    CheckJob *job = ctx;
    size_t i = job->selected[job_index];
    FileReport *r = &job->reports[i];
    if (job->stdin_text && !strcmp(job->paths[i], "-"))
        checker_check_source(r, job->stdin_name, NULL, job->stdin_text, job->stdin_len, job->cfg,
                             job->rs, job->index);
    else
        checker_check_file(r, job->paths[i], (uint32_t)i, job->cfg, job->rs, job->index);
    if (job->fix && r->nfindings && !r->error && strcmp(job->paths[i], "-") != 0 &&
        fix_apply_file(r, job->unsafe_fixes) > 0) {
        /* report what is left, like ruff: fixed findings are counted, not listed */
        uint32_t kept = 0;
        for (uint32_t k = 0; k < r->nfindings; k++)
            if (!r->findings[k].applied)
                r->findings[kept++] = r->findings[k];
        r->nfixed = r->nfindings - kept;
        r->nfindings = kept;
    }
    if (!r->nfindings && !r->error && !r->nsuppressed && !r->nfixed) {
        /* nothing to print: keep only the path, free the source text */
        const char *path = job->paths[i];
        file_report_free(r);
        r->path = path;
    } else if (job->json) {
        report_json_prepare(r);
    }
}

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

static double
now_seconds(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

int
cmd_check(int argc, char **argv)
{
    double t_start = now_seconds(), t_walk = t_start;
    CommonOptions co;
    const char *format = "text";
    bool stats = false, full = false;
    bool fix = false, unsafe_fixes = false, show_fixes = false, no_source = false,
         exit_zero = false;
    const char *stdin_name = "<stdin>";
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
        if (!strcmp(a, "--help") || !strcmp(a, "-h")) {
            fputs(check_usage, stdout);
            options_free(&co);
            return 0;
        } else if (!strcmp(a, "--format") && i + 1 < argc) {
            format = argv[++i];
            if (strcmp(format, "text") && strcmp(format, "json")) {
                fprintf(stderr, "asyncreview check: unknown format '%s' (text or json)\n", format);
                options_free(&co);
                return 2;
            }
        } else if (!strcmp(a, "--fix"))
            fix = true;
        else if (!strcmp(a, "--unsafe-fixes"))
            unsafe_fixes = true;
        else if (!strcmp(a, "--show-fixes"))
            show_fixes = true;
        else if (!strcmp(a, "--no-source"))
            no_source = true;
        else if (!strcmp(a, "--exit-zero"))
            exit_zero = true;
        else if (!strcmp(a, "--stats"))
            stats = true;
        else if (!strcmp(a, "--full"))
            full = true;
        else if (!strcmp(a, "--stdin-filename") && i + 1 < argc)
            stdin_name = argv[++i];
        else if (a[0] == '-' && a[1]) {
            fprintf(stderr, "asyncreview check: unknown option '%s' (see --help)\n", a);
            options_free(&co);
            return 2;
        } else
            options_add_path(&co, a);
    }
    Config cfg;
    RuleSet rs;
    if (options_finish(&co, &cfg, &rs, "check") != 0) {
        options_free(&co);
        return 2;
    }

    bool has_stdin = false;
    for (size_t i = 0; i < co.npaths; i++)
        has_stdin |= !strcmp(co.paths[i], "-");
    FileList fl = { 0 };
    const char **paths;
    size_t npaths;
    if (has_stdin && co.npaths == 1) {
        paths = xmalloc(sizeof *paths);
        paths[0] = "-";
        npaths = 1;
    } else {
        FileOptions fo = { .exclude = cfg.exclude.items, .nexclude = cfg.exclude.len };
        files_collect(&fl, co.paths, co.npaths, &fo);
        t_walk = now_seconds();
        paths = xmalloc(sizeof *paths * (fl.npaths + 1));
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

    CheckJob job = {
        .paths = paths,
        .reports = xcalloc(npaths + 1, sizeof(FileReport)),
        .cfg = &cfg,
        .rs = &rs,
        .stdin_name = stdin_name,
        .fix = fix,
        .unsafe_fixes = unsafe_fixes,
        .json = !strcmp(format, "json"),
    };
    if (has_stdin)
        job.stdin_text = read_stdin(&job.stdin_len);
    /* even one file needs the index: its own classes and functions are resolved through it */
    ProjectIndex *index = has_stdin ? NULL : index_build(paths, npaths);
    RelevanceStats rel = { 0 };
    bool *analyse = index_select(paths, has_stdin ? NULL : fl.named, has_stdin ? 0 : npaths, index,
                                 co.jobs, full, &rel);
    uint32_t *selected = xmalloc(sizeof *selected * (npaths + 1));
    uint32_t nselected = 0;
    for (size_t i = 0; i < npaths; i++)
        if (has_stdin || analyse[i])
            selected[nselected++] = (uint32_t)i;
        else
            job.reports[i].path = paths[i]; /* skimmed: nothing to report */
    double t_index = now_seconds();
    job.index = index;
    job.selected = selected;
    pool_run(nselected, co.jobs, check_one, &job);
    double t_check = now_seconds();

    FileReport **order = xmalloc(sizeof *order * (npaths + 1));
    uint32_t nfindings = 0, nerrors = 0;
    for (size_t i = 0; i < npaths; i++) {
        order[i] = &job.reports[i];
        nfindings += job.reports[i].nfindings;
        nerrors += job.reports[i].error != NULL;
    }
    ReportOptions ro = {
        .color = co.color,
        .show_source = !no_source,
        .show_fixes = show_fixes,
        .cfg = &cfg,
        .nfiles = (uint32_t)npaths,
        .nskimmed = (uint32_t)npaths - nselected,
    };
    StrBuf out = STRBUF_INIT;
    if (!strcmp(format, "json"))
        report_json(&out, order, (uint32_t)npaths, &ro);
    else
        report_text(&out, order, (uint32_t)npaths, &ro);
    fwrite(out.data ? out.data : "", 1, out.len, stdout);
    if (stats) {
        double t_end = now_seconds();
        struct rusage ru;
        getrusage(RUSAGE_SELF, &ru);
        uint64_t loaded_bytes = 0;
        uint32_t loaded_files = project_loaded_files(index, &loaded_bytes);
        fprintf(stderr,
                "files: %zu\nanalysed: %u (async syntax %u, async names %u, imports %u, named or "
                "unsure %u)\nskimmed only: %zu\nwalk seconds: %.3f\nskim seconds: %.3f\n"
                "rules seconds: %.3f\nreport seconds: %.3f\nindex files loaded: %u (%.1f MB)\n"
                "cpu seconds: %.3f\npeak RSS: %.1f MiB\n",
                npaths, nselected, rel.by_syntax, rel.by_name, rel.by_import, rel.by_default,
                npaths - nselected, t_walk - t_start, t_index - t_walk, t_check - t_index,
                t_end - t_check, loaded_files, loaded_bytes / 1e6,
                (double)ru.ru_utime.tv_sec + ru.ru_utime.tv_usec / 1e6 +
                    (double)ru.ru_stime.tv_sec + ru.ru_stime.tv_usec / 1e6,
                ru.ru_maxrss / 1024.0);
    }
    fflush(stdout);
    sb_free(&out);

    if (!exit_zero && (nfindings || nerrors))
        status = 1;

    if (FREE_AT_EXIT) {
        for (size_t i = 0; i < npaths; i++)
            if (job.reports[i].arena.head)
                file_report_free(&job.reports[i]);
        free(job.reports);
        free((void *)job.stdin_text);
        if (index)
            project_free(index);
        files_free(&fl);
        free(paths);
    }
    free(order);
    free(analyse);
    free(selected);
    options_free(&co);
    return status;
}
