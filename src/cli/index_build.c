#include "cli/index_build.h"

#include "base/pool.h"
#include "parse/source.h"

#include <stdlib.h>
#include <string.h>

/* index_build: see index_build.h. */
ProjectIndex *
index_build(const char *const *paths, size_t n)
{
    ProjectIndex *idx = project_new();
    ModuleNamer *mn = module_namer_new();
    for (size_t i = 0; i < n; i++) {
        bool is_init = false;
        char *module = module_namer_name(mn, paths[i], &is_init);
        project_add_file(idx, paths[i], module, is_init);
        free(module);
    }
    module_namer_free(mn);
    return idx;
}

typedef struct SkimJob {
    const char *const *paths;
    ProjectIndex *idx; /* told each file's module-level names as its skim is done (or NULL) */
    FileSkim **skims;  /* NULL where the file could not be read or decoded */
    /* The skims, compacted into one arena per worker thread: an arena per file (its chunk, its
     * tables at working size) took 50 MB of fresh pages for the stdlib's 1,800 files. */
    Arena *arenas;    /* by pool_worker() */
    uint32_t narenas; /* as many as worker threads */
} SkimJob;

static void set_exports(ProjectIndex *idx, uint32_t file, const FileSkim *sk);

static void
skim_one(void *ctx, size_t i)
{
    SkimJob *job = ctx;
    Arena *thread_arena = &job->arenas[pool_worker()];
    char reason[256];
    size_t n = 0;
    /* the text lives only for the skim: a thread's freed arena chunks serve the next file */
    Arena text_arena;
    arena_init(&text_arena, 0);
    char *raw = source_read_file_arena(&text_arena, job->paths[i], &n, reason, sizeof reason);
    Source src;
    SyntaxErr err;
    if (raw && source_decode_borrowed(&text_arena, job->paths[i], raw, n, &src, &err) == 0) {
        FileSkim scratch; /* at working size in the warm scratch arena */
        skim_text(&scratch, &text_arena, src.text, src.len);
        FileSkim *fs = ARENA_NEW(thread_arena, FileSkim);
        skim_compact(fs, thread_arena, &scratch);
        job->skims[i] = fs;
        /* an unsure skim may have misread names (NFKC spellings, text past its limits): the
         * module's files are then loaded for any name */
        if (job->idx && !fs->unsure)
            set_exports(job->idx, (uint32_t)i, fs);
    } /* else the analysis reports why */
    arena_free(&text_arena);
}

/* What a file binds at module level, for the index (project_set_exports). */
static void
set_exports(ProjectIndex *idx, uint32_t file, const FileSkim *sk)
{
    const char **classes = xmalloc(sizeof *classes * (sk->nclasses + 1));
    const char **imported = xmalloc(sizeof *imported * (sk->nimports + 1));
    ModuleExports ex = { sk->defs, sk->ndefs, classes, 0, imported, 0, false };
    for (uint32_t i = 0; i < sk->nclasses; i++)
        if (sk->classes[i].top_level) /* inside a def: its methods live under the def's name */
            classes[ex.nclasses++] = sk->classes[i].name;
    for (uint32_t i = 0; i < sk->nimports; i++) {
        const SkimImport *im = &sk->imports[i];
        if (!im->top_level)
            continue;
        if (im->name && !strcmp(im->name, "*"))
            ex.has_star = true;
        else if (im->local)
            imported[ex.nimported++] = im->local;
    }
    project_set_exports(idx, file, &ex);
    free(classes);
    free(imported);
}

static void
add_async_name(void *idx, const char *name)
{
    project_add_async_name(idx, name);
}

/* index_select: see index_build.h. The skims also tell the index which names each module can
 * define, so that lookups of other names load nothing. */
bool *
index_select(const char *const *paths, const bool *named, size_t n, ProjectIndex *idx,
             unsigned jobs, bool full, RelevanceStats *stats)
{
    bool *analyse = xcalloc(n ? n : 1, sizeof *analyse);
    if (n == 0) {
        if (stats)
            *stats = (RelevanceStats){ 0 };
        return analyse;
    }
    SkimJob *job = xcalloc(1, sizeof *job);
    job->paths = paths;
    job->idx = idx;
    job->skims = xcalloc(n, sizeof(FileSkim *));
    job->narenas = pool_threads(n, jobs);
    job->arenas = xcalloc(job->narenas, sizeof *job->arenas);
    for (uint32_t k = 0; k < job->narenas; k++)
        arena_init(&job->arenas[k], 256 * 1024);
    pool_run(n, jobs, skim_one, job);
    if (full) {
        for (size_t i = 0; i < n; i++)
            analyse[i] = true;
        if (stats)
            *stats = (RelevanceStats){ .files = (uint32_t)n,
                                       .relevant = (uint32_t)n,
                                       .by_default = (uint32_t)n };
    } else {
        RelevanceFile *files = xcalloc(n, sizeof *files);
        for (size_t i = 0; i < n; i++) {
            bool is_init = false;
            const char *module = project_file_module(idx, (uint32_t)i, &is_init);
            files[i] =
                (RelevanceFile){ job->skims[i], module ? module : "", is_init, named && named[i] };
        }
        relevance_compute(files, n, analyse, jobs, stats, add_async_name, idx);
        free(files);
    }
    for (uint32_t k = 0; k < job->narenas; k++)
        arena_free(&job->arenas[k]);
    free(job->arenas);
    free(job->skims);
    free(job);
    return analyse;
}
