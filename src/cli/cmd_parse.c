/* parse: `asyncreview parse [--jobs N] [--quiet] [--stats] [--exclude GLOB] [--show-files] PATH...`
 * checks the syntax of every Python file under the paths, in parallel, one arena per file freed as
 * soon as the file is done. Output, in path order: `FILE:LINE:COL: SyntaxError: MESSAGE` (or
 * IndentationError, TabError) per file that does not parse, `FILE: error: MESSAGE` per file or
 * directory that cannot be read. Exit status 0 when everything parses, 1 otherwise, 2 on a usage
 * error or a PATH that does not exist. `--stats` prints counts, wall time, throughput and peak RSS
 * to stderr: it is the parser's benchmark entry (bench/bench.py reads it). */
#include "base/arena.h"
#include "base/files.h"
#include "base/pool.h"
#include "cli/commands.h"
#include "parse/parser.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>

typedef enum ParseOutcome { OUT_OK, OUT_SYNTAX, OUT_READ } ParseOutcome;

typedef struct FileResult {
    char *line; /* heap; the message to print, NULL when the file parsed */
    size_t bytes;
    ParseOutcome outcome;
} FileResult;

typedef struct ParseJob {
    const char *const *paths;
    FileResult *results;
} ParseJob;

static char *heap_printf(const char *fmt, ...) PRINTF_LIKE(1, 2);

static char *
heap_printf(const char *fmt, ...)
{
    va_list ap, ap2;
    va_start(ap, fmt);
    va_copy(ap2, ap);
    int n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    char *s = xmalloc((size_t)(n > 0 ? n : 0) + 1);
    vsnprintf(s, (size_t)(n > 0 ? n : 0) + 1, fmt, ap2);
    va_end(ap2);
    return s;
}

/* parse_one: a pool job; reads and parses paths[i] into results[i]. */
static void
parse_one(void *ctx, size_t i)
{
    ParseJob *job = ctx;
    const char *path = job->paths[i];
    FileResult *res = &job->results[i];
    char reason[256];
    size_t n;
    char *raw = source_read_file(path, &n, reason, sizeof reason);
    if (!raw) {
        res->outcome = OUT_READ;
        res->line = heap_printf("%s: error: %s", path, reason);
        return;
    }
    res->bytes = n;
    Arena a;
    arena_init(&a, 0);
    ParsedFile pf;
    memset(&pf, 0, sizeof pf);
    if (parse_source(&pf, &a, path, raw, n) != 0 || !pf.mod) {
        const SyntaxErr *err = &pf.err;
        res->outcome = OUT_SYNTAX;
        res->line = heap_printf("%s:%u:%u: %s: %s", path, err->line ? err->line : 1,
                                err->col ? err->col : 1, err->kind ? err->kind : "SyntaxError",
                                err->msg ? err->msg : "invalid syntax");
    }
    arena_free(&a);
    free(raw);
}

static void
usage(FILE *f)
{
    fputs("usage: asyncreview parse [--jobs N] [--quiet] [--stats] [--exclude GLOB]... "
          "[--show-files]\n"
          "                         PATH...\n\n"
          "Checks the syntax of every .py file under PATH (directories are walked recursively,\n"
          "honouring .gitignore and skipping virtual environments and tool directories).\n\n"
          "  -j, --jobs N      parse on N threads (default: one per CPU)\n"
          "  -q, --quiet       print nothing per file; only the exit status tells\n"
          "      --stats       print files, bytes, errors, wall time, MB/s and peak RSS to stderr\n"
          "      --exclude G   skip paths matching the glob G (repeatable)\n"
          "      --show-files  list the files that would be parsed, and parse nothing\n\n"
          "Exit status: 0 all files parse, 1 some do not (or cannot be read), 2 usage error or\n"
          "a PATH that does not exist.\n",
          f);
}

static double
now_seconds(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static int
parse_jobs(const char *s, unsigned *out)
{
    char *end;
    errno = 0;
    long v = strtol(s, &end, 10);
    if (errno || end == s || *end || v < 0 || v > 4096)
        return -1;
    *out = (unsigned)v;
    return 0;
}

int
cmd_parse(int argc, char **argv)
{
    unsigned jobs = 0;
    bool quiet = false, stats = false, show_files = false, only_paths = false;
    const char **paths = xcalloc((size_t)argc + 1, sizeof *paths);
    const char **excludes = xcalloc((size_t)argc + 1, sizeof *excludes);
    size_t npaths = 0, nexcludes = 0;
    int status = 0;
    for (int i = 1; i < argc; i++) {
        const char *arg = argv[i];
        const char *val = NULL;
        if (only_paths || arg[0] != '-' || !strcmp(arg, "-")) {
            paths[npaths++] = arg;
        } else if (!strcmp(arg, "--")) {
            only_paths = true;
        } else if (!strcmp(arg, "-h") || !strcmp(arg, "--help")) {
            usage(stdout);
            goto done;
        } else if (!strcmp(arg, "-q") || !strcmp(arg, "--quiet")) {
            quiet = true;
        } else if (!strcmp(arg, "--stats")) {
            stats = true;
        } else if (!strcmp(arg, "--show-files")) {
            show_files = true;
        } else if (!strcmp(arg, "-j") || !strcmp(arg, "--jobs") || !strncmp(arg, "--jobs=", 7) ||
                   (!strncmp(arg, "-j", 2) && arg[2])) {
            val = !strncmp(arg, "--jobs=", 7) ? arg + 7
                  : (arg[1] == 'j' && arg[2]) ? arg + 2
                                              : NULL;
            if (!val) {
                if (i + 1 >= argc) {
                    fprintf(stderr, "asyncreview parse: %s needs a number\n", arg);
                    status = 2;
                    goto done;
                }
                val = argv[++i];
            }
            if (parse_jobs(val, &jobs) != 0) {
                fprintf(stderr, "asyncreview parse: invalid number of jobs '%s'\n", val);
                status = 2;
                goto done;
            }
        } else if (!strcmp(arg, "--exclude") || !strncmp(arg, "--exclude=", 10)) {
            if (arg[9] == '=') {
                excludes[nexcludes++] = arg + 10;
            } else if (i + 1 < argc) {
                excludes[nexcludes++] = argv[++i];
            } else {
                fprintf(stderr, "asyncreview parse: --exclude needs a glob\n");
                status = 2;
                goto done;
            }
        } else {
            fprintf(stderr, "asyncreview parse: unknown option '%s'\n", arg);
            usage(stderr);
            status = 2;
            goto done;
        }
    }
    if (!npaths) {
        usage(stderr);
        status = 2;
        goto done;
    }

    double t0 = now_seconds();
    FileOptions fo = { .exclude = excludes, .nexclude = nexcludes };
    FileList fl;
    files_collect(&fl, paths, npaths, &fo);
    for (size_t i = 0; i < fl.nerrors; i++) {
        if (fl.errors[i].kind == FILEERR_MISSING) {
            fprintf(stderr, "asyncreview parse: %s: %s\n", fl.errors[i].path, fl.errors[i].msg);
            status = 2;
        }
    }
    if (status == 2) {
        files_free(&fl);
        goto done;
    }
    double t1 = now_seconds();
    if (show_files) {
        for (size_t i = 0; i < fl.npaths; i++)
            printf("%s\n", fl.paths[i]);
        status = 0;
        files_free(&fl);
        goto done;
    }

    ParseJob job = { .paths = fl.paths, .results = xcalloc(fl.npaths + 1, sizeof(FileResult)) };
    pool_run(fl.npaths, jobs, parse_one, &job);
    double t2 = now_seconds();

    /* results and walk errors, merged in path order */
    size_t nsyntax = 0, nread = 0, nwalk = 0, total_bytes = 0;
    size_t e = 0;
    for (size_t i = 0; i <= fl.npaths; i++) {
        while (e < fl.nerrors && (i == fl.npaths || strcmp(fl.errors[e].path, fl.paths[i]) <= 0)) {
            const FileError *fe = &fl.errors[e++];
            bool warning = fe->kind == FILEERR_LOOP;
            if (!warning)
                nwalk++;
            if (!quiet)
                printf("%s: %s: %s\n", fe->path, warning ? "warning" : "error", fe->msg);
        }
        if (i == fl.npaths)
            break;
        FileResult *res = &job.results[i];
        total_bytes += res->bytes;
        if (res->outcome == OUT_SYNTAX)
            nsyntax++;
        else if (res->outcome == OUT_READ)
            nread++;
        if (res->line && !quiet)
            printf("%s\n", res->line);
        free(res->line);
    }
    fflush(stdout);
    status = nsyntax || nread || nwalk ? 1 : 0;

    if (stats) {
        double wall = t2 - t1;
        struct rusage ru;
        getrusage(RUSAGE_SELF, &ru);
        fprintf(stderr, "files: %zu\n", fl.npaths);
        fprintf(stderr, "bytes: %zu\n", total_bytes);
        fprintf(stderr, "syntax errors: %zu\n", nsyntax);
        fprintf(stderr, "read errors: %zu\n", nread + nwalk);
        fprintf(stderr, "jobs: %u\n", jobs ? jobs : pool_ncpu());
        fprintf(stderr, "walk seconds: %.4f\n", t1 - t0);
        fprintf(stderr, "wall seconds: %.4f\n", wall);
        fprintf(stderr, "throughput: %.2f MB/s\n",
                wall > 0 ? (double)total_bytes / 1e6 / wall : 0.0);
        fprintf(stderr, "cpu seconds: %.4f\n",
                (double)ru.ru_utime.tv_sec + (double)ru.ru_utime.tv_usec / 1e6 +
                    (double)ru.ru_stime.tv_sec + (double)ru.ru_stime.tv_usec / 1e6);
        fprintf(stderr, "peak RSS: %.1f MiB\n", (double)ru.ru_maxrss / 1024.0);
    }
    free(job.results);
    files_free(&fl);
done:
    free(paths);
    free(excludes);
    return status;
}
