/* parse_speed: times the parser's phases over a corpus held in memory, on one thread, so that the
 * numbers measure decode, tokenize and parse and nothing else (no reading, no thread pool).
 *
 *   build/bench/parse_speed [--reps N] [--phase all|decode|lines|lex|parse] [PATH...]
 *
 * PATHs (default: this Python's standard library, found with python3) are walked as
 * `asyncreview parse` walks them. Every file is read into memory first. Phases:
 *   decode  source_decode of every file
 *   lines   lineindex_build of every (already decoded) file
 *   lex     lex_tokenize of every (already decoded) file
 *   parse   the whole parse_source (decode + line index + lex + parse) of every file
 * Each phase runs N times (default 5) and the best wall time is reported with MB/s (10^6 bytes of
 * raw source per second), and the best CPU time of the thread, which a busy machine disturbs
 * less (time spent waiting for a CPU is not counted). With --reps 1 --phase P it is the workload to
 * give to `valgrind --tool=callgrind` (the set-up, reading files, is outside the phase functions).
 */
#include "base/arena.h"
#include "base/files.h"
#include "parse/parser.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

typedef struct Corpus {
    char **raw;
    size_t *len;
    size_t n, bytes;
    Source *src; /* decoded once, for the lines and lex phases */
    Arena decoded;
} Corpus;

typedef struct Times {
    double wall, cpu;
} Times;

static Times
now(void)
{
    struct timespec w, c;
    clock_gettime(CLOCK_MONOTONIC, &w);
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &c);
    return (Times){ (double)w.tv_sec + (double)w.tv_nsec / 1e9,
                    (double)c.tv_sec + (double)c.tv_nsec / 1e9 };
}

static Times
since(Times t0)
{
    Times t1 = now();
    return (Times){ t1.wall - t0.wall, t1.cpu - t0.cpu };
}

/* default_stdlib: the standard library directory of the python3 on PATH, heap-allocated. */
static char *
default_stdlib(void)
{
    FILE *f = popen("python3 -c 'import sysconfig;print(sysconfig.get_paths()[\"stdlib\"])'", "r");
    if (!f)
        fatal("cannot run python3");
    char buf[4096];
    if (!fgets(buf, sizeof buf, f))
        fatal("python3 printed no stdlib path");
    pclose(f);
    buf[strcspn(buf, "\n")] = '\0';
    return xstrdup(buf);
}

static void
load(Corpus *c, const char *const *args, size_t nargs)
{
    FileList fl;
    files_collect(&fl, args, nargs, NULL);
    c->raw = xcalloc(fl.npaths, sizeof *c->raw);
    c->len = xcalloc(fl.npaths, sizeof *c->len);
    for (size_t i = 0; i < fl.npaths; i++) {
        char reason[256];
        size_t n;
        char *raw = source_read_file(fl.paths[i], &n, reason, sizeof reason);
        if (!raw)
            continue;
        c->raw[c->n] = raw;
        c->len[c->n] = n;
        c->n++;
        c->bytes += n;
    }
    files_free(&fl);
}

static Times
run_decode(const Corpus *c)
{
    Times t0 = now();
    for (size_t i = 0; i < c->n; i++) {
        Arena a;
        arena_init(&a, 0);
        Source src;
        SyntaxErr err;
        memset(&err, 0, sizeof err);
        if (source_decode(&a, "f.py", c->raw[i], c->len[i], &src, &err) != 0)
            memset(&src, 0, sizeof src);
        arena_free(&a);
    }
    return since(t0);
}

static Times
run_lines(const Corpus *c)
{
    Times t0 = now();
    for (size_t i = 0; i < c->n; i++) {
        if (!c->src[i].text)
            continue;
        Arena a;
        arena_init(&a, 0);
        LineIndex li;
        lineindex_build(&li, &a, c->src[i].text, c->src[i].len);
        arena_free(&a);
    }
    return since(t0);
}

static Times
run_lex(const Corpus *c)
{
    Times t0 = now();
    for (size_t i = 0; i < c->n; i++) {
        if (!c->src[i].text)
            continue;
        Arena a;
        arena_init(&a, 0);
        Lexer lx;
        lex_tokenize(&lx, &a, &c->src[i]);
        arena_free(&a);
    }
    return since(t0);
}

static Times
run_parse(const Corpus *c, size_t *failed)
{
    *failed = 0;
    Times t0 = now();
    for (size_t i = 0; i < c->n; i++) {
        Arena a;
        arena_init(&a, 0);
        ParsedFile pf;
        if (parse_source(&pf, &a, "f.py", c->raw[i], c->len[i]) != 0)
            (*failed)++;
        arena_free(&a);
    }
    return since(t0);
}

static void
keep_best(Times *best, Times t)
{
    if (t.wall < best->wall)
        best->wall = t.wall;
    if (t.cpu < best->cpu)
        best->cpu = t.cpu;
}

static void
report(const char *phase, Times best, size_t bytes)
{
    printf("%-7s wall %8.2f ms %7.1f MB/s   cpu %8.2f ms %7.1f MB/s\n", phase, best.wall * 1e3,
           (double)bytes / 1e6 / best.wall, best.cpu * 1e3, (double)bytes / 1e6 / best.cpu);
}

int
main(int argc, char **argv)
{
    int reps = 5;
    const char *phase = "all";
    const char **paths = xcalloc((size_t)argc + 1, sizeof *paths);
    size_t npaths = 0;
    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "--reps") && i + 1 < argc)
            reps = atoi(argv[++i]);
        else if (!strcmp(argv[i], "--phase") && i + 1 < argc)
            phase = argv[++i];
        else
            paths[npaths++] = argv[i];
    }
    if (reps < 1)
        reps = 1;
    char *stdlib = NULL;
    if (npaths == 0)
        paths[npaths++] = stdlib = default_stdlib();
    Corpus c;
    memset(&c, 0, sizeof c);
    load(&c, paths, npaths);
    printf("%zu files, %.1f MB, best of %d\n", c.n, (double)c.bytes / 1e6, reps);
    bool all = !strcmp(phase, "all");

    if (all || !strcmp(phase, "decode")) {
        Times best = { 1e9, 1e9 };
        for (int r = 0; r < reps; r++)
            keep_best(&best, run_decode(&c));
        report("decode", best, c.bytes);
    }
    if (all || !strcmp(phase, "lines") || !strcmp(phase, "lex")) {
        /* decoding happens here, outside the timed loops (and outside the phase for callgrind) */
        arena_init(&c.decoded, 0);
        c.src = xcalloc(c.n, sizeof *c.src);
        for (size_t i = 0; i < c.n; i++) {
            SyntaxErr err;
            memset(&err, 0, sizeof err);
            if (source_decode(&c.decoded, "f.py", c.raw[i], c.len[i], &c.src[i], &err) != 0)
                memset(&c.src[i], 0, sizeof c.src[i]);
        }
    }
    if (all || !strcmp(phase, "lines")) {
        Times best = { 1e9, 1e9 };
        for (int r = 0; r < reps; r++)
            keep_best(&best, run_lines(&c));
        report("lines", best, c.bytes);
    }
    if (all || !strcmp(phase, "lex")) {
        Times best = { 1e9, 1e9 };
        for (int r = 0; r < reps; r++)
            keep_best(&best, run_lex(&c));
        report("lex", best, c.bytes);
    }
    if (all || !strcmp(phase, "parse")) {
        Times best = { 1e9, 1e9 };
        size_t failed = 0;
        for (int r = 0; r < reps; r++)
            keep_best(&best, run_parse(&c, &failed));
        report("parse", best, c.bytes);
        printf("        (%zu files with syntax errors)\n", failed);
    }

    for (size_t i = 0; i < c.n; i++)
        free(c.raw[i]);
    free(c.raw);
    free(c.len);
    free(c.src);
    arena_free(&c.decoded); /* zeroed, so a no-op when the lex phase did not run */
    free(stdlib);
    free(paths);
    return 0;
}
