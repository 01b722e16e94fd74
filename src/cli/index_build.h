/* index_build: the project index of `check` and `review`: every walked file registered with its
 * module name, to be read and summarised only when a lookup needs it (see analysis/project.h). */
#ifndef ASYNCREVIEW_CLI_INDEX_BUILD_H
#define ASYNCREVIEW_CLI_INDEX_BUILD_H

#include "analysis/project.h"

/* index_build: the lazy index of paths[0..n); file i of the index is paths[i]
 * (project_file_module gives its module name). Free with project_free. */
ProjectIndex *index_build(const char *const *paths, size_t n);

#endif
