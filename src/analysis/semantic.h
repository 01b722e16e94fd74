/* semantic: the per-file semantic model built once from the AST: scopes, bindings, imports resolved
 * to qualified names, and light local type knowledge. Rules ask it what a name or an expression
 * *is*
 * (`t.sleep` is `time.sleep`; `client.get` is `httpx.AsyncClient.get` when `client` was built by
 * `httpx.AsyncClient()`), never re-deriving that themselves.
 *
 * Qualified names are dotted strings: "time.sleep", "asyncio.TaskGroup.create_task",
 * "pkg.mod.helper" for a function defined in module pkg.mod, "pkg.mod.Service.fetch" for a method.
 * All memory is in the file's arena. */
#ifndef ASYNCREVIEW_ANALYSIS_SEMANTIC_H
#define ASYNCREVIEW_ANALYSIS_SEMANTIC_H

#include "analysis/config.h"
#include "base/arena.h"
#include "parse/ast.h"
#include "parse/lineindex.h"

typedef struct ProjectIndex ProjectIndex; /* analysis/project.h */

typedef enum ScopeKind {
    SCOPE_MODULE,
    SCOPE_CLASS,
    SCOPE_FUNCTION, /* def or async def: see Scope.is_async */
    SCOPE_LAMBDA,
    SCOPE_COMPREHENSION
} ScopeKind;

typedef enum BindingKind {
    BIND_IMPORT,      /* import a.b [as c] */
    BIND_FROM_IMPORT, /* from m import x [as y] */
    BIND_FUNCTION,    /* def / async def */
    BIND_CLASS,
    BIND_ASSIGN,     /* =, augmented, annotated with value, walrus */
    BIND_ANNOTATION, /* x: T without a value */
    BIND_PARAMETER,
    BIND_FOR_TARGET,  /* for / async for / comprehension target */
    BIND_WITH_TARGET, /* with ... as x / async with ... as x */
    BIND_EXCEPT,      /* except E as x */
    BIND_MATCH,       /* capture patterns */
    BIND_GLOBAL,      /* declared global/nonlocal here: lookups go to the outer binding */
    BIND_DELETE,
    BIND_OTHER
} BindingKind;

typedef struct Scope Scope;
typedef struct Binding Binding;

typedef struct NameUse {
    const Expr *name; /* the E_Name (ctx Load) that reads the binding */
    const Scope *scope;
} NameUse;

struct Binding {
    Ident name;
    BindingKind kind;
    const Scope *scope;
    uint32_t start;       /* offset where the binding happens (the target's start) */
    const char *qualname; /* imports: what it names ("time.sleep"); defs: their qualified name */
    const char *type;     /* qualified name of the bound value's type, when known, else NULL */
    const Stmt *stmt;   /* the binding statement (def, class, assignment, with, for...), or NULL */
    const Expr *target; /* the Name node bound (NULL for defs and imports) */
    const Expr *value;  /* for simple `x = value` / `x := value`, the value; else NULL */
    const Expr *annotation; /* for annotated assignments and parameters */
    VEC(NameUse) uses;      /* every load resolved to this binding, in source order */
    Binding *shadowed;      /* the previous binding of the same name in the same scope */
};

struct Scope {
    ScopeKind kind;
    bool is_async;     /* SCOPE_FUNCTION: async def */
    bool is_generator; /* contains yield / yield from (own body only) */
    bool has_await;    /* contains await, async for or async with (own body only; list, set
                          and dict comprehensions run inline, so theirs count too) */
    const Scope *parent;
    const Stmt *stmt; /* FunctionDef/AsyncFunctionDef/ClassDef, NULL otherwise */
    const Expr *expr; /* Lambda or comprehension expression, NULL otherwise */
    const char
        *qualname; /* "pkg.mod", "pkg.mod.Class", "pkg.mod.Class.method", "pkg.mod.f.<locals>.g" */
    const Scope *class_scope; /* for methods: the class scope they are defined in, else NULL */
    VEC(Binding *)
    bindings; /* every binding made in this scope (incl. BIND_GLOBAL declarations), in
                 walk order; for "assigned and never used" checks */
    /* atom -> SemEntry (the name's bindings); private to semantic.c */
    struct SemMap *table;
};

typedef struct ImportInfo {
    const char *module; /* fully resolved module name ("asyncio", "pkg.helpers") */
    const Stmt *stmt;
} ImportInfo;

typedef struct Semantic {
    const Module *mod;
    const char *module_name; /* "pkg.mod" from the path (packages found by __init__.py) */
    const char *package;     /* package for relative imports ("pkg"), "" at top level */
    Scope *module_scope;
    VEC(ImportInfo) imports; /* every imported module, in source order */
    bool imports_asyncio, imports_trio, imports_anyio;
    Framework framework;       /* detected: trio or anyio when imported, else asyncio */
    const ProjectIndex *index; /* may be NULL (single-file mode) */
    Arena *arena;
    const LineIndex
        *lines; /* optional, set by the caller after sem_build: project_summarize takes
                   line numbers and decorator text from it (0 / dotted names when NULL) */
    struct SemMap *scopes_by_node; /* private */
} Semantic;

/* sem_build: builds the model for one parsed module. module_name may be "" when unknown. `index`
 * may be NULL; when given, names imported from project modules resolve to the project's
 * definitions. */
Semantic *sem_build(Arena *a, const Module *mod, const char *module_name, bool is_package_init,
                    const ProjectIndex *index);

/* sem_build_untyped / sem_type_bindings: sem_build in two steps, so that the types of the bindings
 * inside the given ranges (sorted, disjoint offsets [start, end): code nobody will ask about) are
 * not worked out; sem_type_bindings(sm, NULL, NULL, 0) types them all, as sem_build does. */
Semantic *sem_build_untyped(Arena *a, const Module *mod, const char *module_name,
                            bool is_package_init, const ProjectIndex *index);
void sem_type_bindings(Semantic *sm, const uint32_t *skip_starts, const uint32_t *skip_ends,
                       uint32_t nskip);

/* sem_build_summary: sem_build without an index and without resolving name reads to their
 * bindings (Binding.uses stay empty): what the project index's summaries need, for less. */
Semantic *sem_build_summary(Arena *a, const Module *mod, const char *module_name,
                            bool is_package_init);

/* sem_scope_of_node: the scope a FunctionDef/AsyncFunctionDef/ClassDef statement, Lambda or
 * comprehension creates (node is the Stmt* or Expr*), or NULL. */
const Scope *sem_scope_of_node(const Semantic *sm, const void *node);

/* sem_lookup: the binding `name` refers to when read at offset `at` inside `scope`, following
 * Python's rules (class scopes are skipped for nested functions; global/nonlocal declarations
 * honoured; the latest binding in the scope before `at`, else the latest at all, so functions see
 * later module bindings). A binding is seen only after its value is evaluated (in `x = x + 1` the
 * read is the previous x); an `at` inside a store target (from its start to its end) gives the
 * binding that target makes. NULL for builtins and unknown names. */
const Binding *sem_lookup(const Semantic *sm, const Scope *scope, Ident name, uint32_t at);
const Binding *sem_lookup_str(const Semantic *sm, const Scope *scope, const char *name,
                              uint32_t at);

/* sem_qualname: the qualified name of a Name/Attribute chain (or a Call's func) read in `scope`:
 *   `t.sleep` with `import time as t`      -> "time.sleep"
 *   `nap` with `from time import sleep as nap` -> "time.sleep"
 *   `open` (a builtin, not rebound)         -> "builtins.open"
 *   `helper` defined in this module pkg.mod  -> "pkg.mod.helper"
 *   `self.fetch` inside a method of Service -> "pkg.mod.Service.fetch" (also inherited: the
 * defining class's name, through project bases) `client.get` where client's type is
 * httpx.AsyncClient -> "httpx.AsyncClient.get" `asyncio.get_running_loop().run_in_executor` ->
 * "asyncio.AbstractEventLoop.run_in_executor" NULL when unknown. */
const char *sem_qualname(const Semantic *sm, const Scope *scope, const Expr *e);

/* sem_type_of: the qualified name of the type of e's value, when known: a call to a known class
 * (constructor), `await` of a catalog/project coroutine with a known result type, a name bound to
 * one of those, an annotated name or parameter, `self` (its class), `async with X() as v` (X's
 * enter type), `self.attr` assigned in the class. NULL when unknown. */
const char *sem_type_of(const Semantic *sm, const Scope *scope, const Expr *e);

/* sem_call_target: sem_qualname of the call's func. */
const char *sem_call_target(const Semantic *sm, const Scope *scope, const Expr *call);

/* sem_is_builtin: the name is read as the builtin (not rebound anywhere visible). */
bool sem_is_builtin(const Semantic *sm, const Scope *scope, const Expr *name, const char *builtin);

/* sem_binding_of: the binding a Name in store or delete context creates (an assignment, for, with,
 * walrus or del target), or NULL. */
const Binding *sem_binding_of(const Semantic *sm, const Expr *target);

/* sem_bindings: every binding of the file (incl. global/nonlocal declarations) in walk order, for
 * rules that look for one kind across the file without walking it; *n receives the count. */
Binding *const *sem_bindings(const Semantic *sm, uint32_t *n);

/* sem_enclosing_function: the nearest SCOPE_FUNCTION scope at or above scope (lambdas and
 * comprehensions are not functions), or NULL at module/class level. */
const Scope *sem_enclosing_function(const Scope *scope);

#endif
