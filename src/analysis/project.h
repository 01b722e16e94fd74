/* project: the index of every function and class in the scanned project, so that rules see across
 * modules: whether an imported name is a coroutine function, and whether a project sync function
 * blocks (directly or through other project functions), with the call chain.
 *
 * The index is lazy. `check` registers every file it walked (project_add_file) with its module
 * name, and a module is read, parsed and summarised only when a lookup first names something in it
 * ("pkg.mod.func" loads the files of "pkg", "pkg.mod"); whether a sync function blocks is worked
 * out on first request, over the part of the call graph it reaches. Lookups are thread-safe and
 * their answers do not depend on the order of requests or on which modules were loaded before: a
 * qualified name defined in several files resolves to the one defined last in walk order, as if
 * every file had been indexed up front. Summaries can also be added directly (project_add), as
 * the unit tests do. */
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
     * a thread). Blocking catalog calls and calls to other project functions. The index fills them
     * in on first need for summaries made from a checker's parse (calls_pending): read them only
     * through project_func_blocks. */
    CallSite *calls;
    uint32_t ncalls;
    uint32_t calls_seq;  /* position among its file summary's functions */
    uint8_t calls_state; /* the index's: 0 when `calls` is complete */
    uint32_t order; /* position of the defining file in the index (the later definition wins) */
    /* Worked out on request, by project_func_blocks(); read them only after calling it. */
    bool blocks;                   /* a call chain from here reaches a blocking catalog call */
    const CallSite *blocking_call; /* the first call of this body on that chain */
    const FuncInfo
        *blocks_via;    /* the project function that call goes to (NULL: it is the catalog call) */
    uint32_t chain_len; /* calls on the shortest chain (1: a direct blocking call) */
    bool closure_done;  /* the four fields above are final */
};

typedef struct ClassInfo {
    const char *qualname;
    const char **bases; /* qualified names as resolved in the defining module */
    uint32_t nbases;
    const char **methods; /* method names defined in the class body */
    uint32_t nmethods;
    bool has_aclose; /* defines aclose/close/__aexit__ (owns resources it closes) */
    uint32_t order;  /* position of the defining file in the index */
} ClassInfo;

/* A module-level import, which other modules may import from this one (a re-export):
 * `from .client import Client` in pkg/__init__.py makes "pkg.Client" name "pkg.client.Client". */
typedef struct ModuleAlias {
    const char *name;   /* the name bound at module level */
    const char *target; /* what it names, fully qualified */
} ModuleAlias;

typedef struct FileSummary {
    const char *path;
    const char *module;
    FuncInfo *funcs;
    uint32_t nfuncs;
    ClassInfo *classes;
    uint32_t nclasses;
    ModuleAlias *aliases; /* the module's final import bindings (not rebound later) */
    uint32_t naliases;
    const char **stars; /* modules star-imported at module level */
    uint32_t nstars;
} FileSummary;

/* project_module_name: module name of a file from the package layout on disk (walking up while the
 * directory has __init__.py): "src/pkg/sub/mod.py" -> "pkg.sub.mod", "pkg/__init__.py" -> "pkg".
 * Heap string, caller frees. */
char *project_module_name(const char *path, bool *is_package_init);

/* project_summarize: the FileSummary of one file, allocated in arena a (the caller's per-summary
 * arena, later merged). Uses the semantic model (built without an index) and the catalog. */
FileSummary *project_summarize(Arena *a, const Semantic *sm, const char *path);

/* ModuleNamer: project_module_name for many files, remembering each directory's package prefix so
 * that a tree of thousands of files costs one realpath and one __init__.py lookup per directory.
 * Not thread-safe. */
typedef struct ModuleNamer ModuleNamer;
ModuleNamer *module_namer_new(void);
char *module_namer_name(ModuleNamer *mn, const char *path, bool *is_package_init); /* heap */
void module_namer_free(ModuleNamer *mn);

/* project_new: an empty index; free with project_free. */
ProjectIndex *project_new(void);

/* project_add_file: registers a file to be loaded on demand as module `module` (copied). Call in
 * walk order, before any lookup and from one thread; the order decides which of two definitions
 * of one qualified name wins (the later). A file that cannot be read or parsed contributes
 * nothing. */
void project_add_file(ProjectIndex *idx, const char *path, const char *module, bool is_init);

/* project_add: adds a summary made by project_summarize (copied in), after the registered files.
 * Not thread-safe: call before lookups start. */
void project_add(ProjectIndex *idx, const FileSummary *fs);

/* ModuleExports: what a file defines and binds at module level, from its skim (over-approximated):
 * every module-level def and async def name, the dotted path of every class outside any def
 * ("Outer.Inner"), every name a top-level import binds, and whether it star-imports. */
typedef struct ModuleExports {
    const char *const *functions;
    uint32_t nfunctions;
    const char *const *classes;
    uint32_t nclasses;
    const char *const *imported;
    uint32_t nimported;
    bool has_star;
} ModuleExports;

/* project_set_exports: records what registered file `file` binds at module level, so that lookups
 * of names its module cannot define do not load it. Call for every file of a module or for none
 * (a module with a file not described is always loaded); after every project_add_file and before
 * lookups start, from any number of threads. */
void project_set_exports(ProjectIndex *idx, uint32_t file, const ModuleExports *ex);

/* project_add_async_name: records a name that is, holds or re-exports an `async def` (relevance.h's
 * asynchronous project names), with its dotted prefixes. Before lookups start, from one thread. */
void project_add_async_name(ProjectIndex *idx, const char *name);

/* project_async_related: whether qualname, or a dotted prefix of it, is a recorded asynchronous
 * name (pkg.api.fetch, pkg.api.Conn.get), or qualname is a dotted prefix of one (pkg.api: a module
 * or class holding one). false when none was recorded: see project_async_known. */
bool project_async_related(const ProjectIndex *idx, const char *qualname);

/* project_async_known: whether asynchronous names were recorded (check without --full). */
bool project_async_known(const ProjectIndex *idx);

/* project_may_hold_async: whether a lookup of qualname may find an `async def`: false only when
 * asynchronous names were recorded and none lies on qualname's path (the lookup, which may load
 * modules, can then be skipped). */
bool project_may_hold_async(const ProjectIndex *idx, const char *qualname);

/* project_file_module: the module name registered for file number `file` (0-based, in
 * project_add_file order) and whether it is a package's __init__, or NULL. */
const char *project_file_module(const ProjectIndex *idx, uint32_t file, bool *is_init);

/* project_offer: offers the calling thread's parse of registered file `file` (its module tree and
 * line index, owned by the caller and alive until the next call): when this thread's lookups need
 * that file's module, its summary is made from this tree instead of a second read and parse.
 * project_offer(idx, UINT32_MAX, NULL, NULL) withdraws it. */
void project_offer(const ProjectIndex *idx, uint32_t file, const Module *mod,
                   const LineIndex *lines);

/* project_loaded_files: how many files have been read and summarised so far, and their bytes
 * (for --stats; bytes may be NULL). */
uint32_t project_loaded_files(const ProjectIndex *idx, uint64_t *bytes);

void project_free(ProjectIndex *idx);

/* Lookups by qualified name (NULL when unknown); they may load modules, and are thread-safe. A
 * name no module defines is followed through re-exports: "pkg.fetch" where pkg/__init__.py says
 * `from .api import fetch` (or `from .api import *`) finds "pkg.api.fetch".
 * project_find_method searches the class and then its project base classes, breadth-first,
 * guarding against cycles. */
const FuncInfo *project_find_func(const ProjectIndex *idx, const char *qualname);
const ClassInfo *project_find_class(const ProjectIndex *idx, const char *qualname);
const FuncInfo *project_find_method(const ProjectIndex *idx, const char *class_qualname,
                                    const char *method);

/* project_func_blocks: whether fn (a sync function of this index) blocks, working out its blocks /
 * blocking_call / blocks_via fields (and those of the functions on its chain) on first request: the
 * shortest chain to a blocking catalog call, starting with the first call of the body on such a
 * chain. Thread-safe. */
bool project_func_blocks(const ProjectIndex *idx, const FuncInfo *fn);

/* project_blocking_chain: for a blocking sync function, the chain as text:
 * "load_config() -> read_file() -> open()" (short names), in arena a. NULL if it does not block. */
const char *project_blocking_chain(const ProjectIndex *idx, Arena *a, const FuncInfo *fn);

#endif
