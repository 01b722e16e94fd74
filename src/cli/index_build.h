/* index_build: pass one of `check` and `review`: every file summarised in parallel into the project
 * index (functions, classes, what blocks), before the rules run. */
#ifndef ASYNCREVIEW_CLI_INDEX_BUILD_H
#define ASYNCREVIEW_CLI_INDEX_BUILD_H

#include "analysis/project.h"

/* index_build: the finished index of paths[0..n) (files that cannot be read or parsed are skipped:
 * pass two reports them), using `jobs` threads (0: all cores). Free with project_free. */
ProjectIndex *index_build(const char *const *paths, size_t n, unsigned jobs);

#endif
