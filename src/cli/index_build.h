/* index_build: what `check` and `review` set up before the rules run: the project index (every
 * walked file registered with its module name, read and summarised only when a lookup needs it;
 * see analysis/project.h) and the choice of files to analyse (every file skimmed in parallel, then
 * analysis/relevance.h decides). */
#ifndef ASYNCREVIEW_CLI_INDEX_BUILD_H
#define ASYNCREVIEW_CLI_INDEX_BUILD_H

#include "analysis/project.h"
#include "analysis/relevance.h"

/* index_build: the lazy index of paths[0..n); file i of the index is paths[i]
 * (project_file_module gives its module name). Free with project_free. */
ProjectIndex *index_build(const char *const *paths, size_t n);

/* index_select: which of paths[0..n) to analyse, as a heap array the caller frees. named[i] marks
 * a file named on the command line (NULL: none); `full` analyses every file. Skims the files on
 * `jobs` threads (0: all cores) and tells idx (NULL: none) what each module binds at top level
 * (project_set_exports); stats may be NULL. */
bool *index_select(const char *const *paths, const bool *named, size_t n, ProjectIndex *idx,
                   unsigned jobs, bool full, RelevanceStats *stats);

#endif
