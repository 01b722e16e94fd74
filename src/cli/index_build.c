#include "cli/index_build.h"

#include "base/pool.h"
#include "parse/parser.h"

#include <stdlib.h>

typedef struct IndexJob {
    const char *const *paths;
    FileSummary **summaries;
    Arena *arenas; /* one per summary: merged into the index, then freed */
} IndexJob;

static void
summarize_one(void *ctx, size_t i)
{
    IndexJob *job = ctx;
    job->summaries[i] = NULL;
    arena_init(&job->arenas[i], 0);
    char reason[256];
    size_t n = 0;
    char *raw = source_read_file(job->paths[i], &n, reason, sizeof reason);
    if (!raw)
        return;
    Arena ast_arena;
    arena_init(&ast_arena, 256 * 1024);
    ParsedFile pf;
    if (parse_source(&pf, &ast_arena, job->paths[i], raw, n) == 0) {
        bool is_init = false;
        char *module = project_module_name(job->paths[i], &is_init);
        Semantic *sm = sem_build(&ast_arena, pf.mod, module, is_init, NULL);
        sm->lines = &pf.lines; /* line numbers of functions and calls in the index */
        job->summaries[i] = project_summarize(&job->arenas[i], sm, job->paths[i]);
        free(module);
    }
    arena_free(&ast_arena);
    free(raw);
}

ProjectIndex *
index_build(const char *const *paths, size_t n, unsigned jobs)
{
    IndexJob job = {
        .paths = paths,
        .summaries = xcalloc(n + 1, sizeof(FileSummary *)),
        .arenas = xcalloc(n + 1, sizeof(Arena)),
    };
    pool_run(n, jobs, summarize_one, &job);
    ProjectIndex *idx = project_new();
    for (size_t i = 0; i < n; i++) {
        if (job.summaries[i])
            project_add(idx, job.summaries[i]);
        arena_free(&job.arenas[i]);
    }
    project_finish(idx);
    free(job.summaries);
    free(job.arenas);
    return idx;
}
