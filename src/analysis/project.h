/* project: the index of every function and class in the scanned project, built before any rule
 * runs, so that rules see across modules: whether an imported name is a coroutine function, and
 * whether a project sync function blocks (directly or through other project functions), with the
 * call chain.
 *
 * Building it is two-phase: each file contributes a FileSummary (made in parallel, from that file's
 * semantic model, copied into the project arena), then project_finish() links them and computes the
 * blocking closure. After that the index is read-only and shared by all threads. */
#ifndef ASYNCREVIEW_ANALYSIS_PROJECT_H
#define ASYNCREVIEW_ANALYSIS_PROJECT_H

#include "analysis/semantic.h"
#include "base/arena.h"

typedef struct FuncInfo FuncInfo;

typedef struct CallSite {
    const char *callee; /* qualified name of what is called ("time.sleep", "pkg.util.load") */
    uint32_t line;
} CallSite;

struct FuncInfo {
    const char *qualname; /* "pkg.mod.func", "pkg.mod.Class.method" */
    const char *module;   /* "pkg.mod" */
    const char *path;     /* file it is defined in */
    uint32_t line;
    bool is_async;
    bool is_generator; /* has yield (an async generator when is_async) */
    bool is_method;
    bool is_abstract; /* @abstractmethod, or a body that is only `...`/pass/docstring/raise */
    const char **decorators; /* qualified names (or source text when unknown) */
    uint32_t ndecorators;
    /* Sync functions only: calls made in the body itself (not in nested defs/lambdas, not handed to
     * a thread). Blocking catalog calls and calls to other project functions. */
    CallSite *calls;
    uint32_t ncalls;
    /* Computed by project_finish(): */
    bool blocks;                   /* a call chain from here reaches a blocking catalog call */
    const CallSite *blocking_call; /* the first call of this body on that chain */
    const FuncInfo
        *blocks_via; /* the project function that call goes to (NULL: it is the catalog call) */
};

typedef struct ClassInfo {
    const char *qualname;
    const char **bases; /* qualified names as resolved in the defining module */
    uint32_t nbases;
    const char **methods; /* method names defined in the class body */
    uint32_t nmethods;
    bool has_aclose; /* defines aclose/close/__aexit__ (owns resources it closes) */
} ClassInfo;

typedef struct FileSummary {
    const char *path;
    const char *module;
    FuncInfo *funcs;
    uint32_t nfuncs;
    ClassInfo *classes;
    uint32_t nclasses;
} FileSummary;

struct ProjectIndex {
    Arena arena;                    /* owns every FuncInfo, ClassInfo and string */
    struct ProjIndexTable *funcs;   /* private: qualname -> FuncInfo */
    struct ProjIndexTable *classes; /* private: qualname -> ClassInfo */
    uint32_t nfuncs, nclasses;
};

/* project_module_name: module name of a file from the package layout on disk (walking up while the
 * directory has __init__.py): "src/pkg/sub/mod.py" -> "pkg.sub.mod", "pkg/__init__.py" -> "pkg".
 * Heap string, caller frees. */
char *project_module_name(const char *path, bool *is_package_init);

/* project_summarize: the FileSummary of one file, allocated in arena a (the caller's per-summary
 * arena, later merged). Uses the semantic model (built without an index) and the catalog. */
FileSummary *project_summarize(Arena *a, const Semantic *sm, const char *path);

/* project_new / project_add / project_finish / project_free. project_add copies the summary in. */
ProjectIndex *project_new(void);
void project_add(ProjectIndex *idx, const FileSummary *fs);
void project_finish(ProjectIndex *idx);
void project_free(ProjectIndex *idx);

/* Lookups by qualified name (NULL when unknown). project_find_method searches the class and then
 * its project base classes, breadth-first, guarding against cycles. */
const FuncInfo *project_find_func(const ProjectIndex *idx, const char *qualname);
const ClassInfo *project_find_class(const ProjectIndex *idx, const char *qualname);
const FuncInfo *project_find_method(const ProjectIndex *idx, const char *class_qualname,
                                    const char *method);

/* project_blocking_chain: for a blocking sync function, the chain as text:
 * "load_config() -> read_file() -> open()" (short names), in arena a. NULL if it does not block. */
const char *project_blocking_chain(Arena *a, const FuncInfo *fn);

#endif
