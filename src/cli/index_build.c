#include "cli/index_build.h"

#include <stdlib.h>

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
