/* semantic_internal: what semantic.c (scopes, bindings, the build walk) and semantic_types.c
 * (qualified names and types) share. Private to those two files; everyone else uses semantic.h. */
#ifndef ASYNCREVIEW_ANALYSIS_SEMANTIC_INTERNAL_H
#define ASYNCREVIEW_ANALYSIS_SEMANTIC_INTERNAL_H

#include "analysis/semantic.h"

#include <string.h>

#define MAX_DEPTH 40 /* bound on recursion through aliases, types and bases */

/* Hash tables: string -> pointer (struct SemTable) and pointer -> pointer (struct SemMap), in the
 * file's arena. */
struct SemTable {
    const char **keys;
    uint32_t *hashes;
    void **vals;
    uint32_t cap, count;
};

struct SemMap {
    const void **keys;
    void **vals;
    uint32_t cap, count;
};

/* Private extensions of the public structs (the public part comes first, so casts work). */

enum { DECL_NONE, DECL_GLOBAL, DECL_NONLOCAL };
enum { STATE_TODO, STATE_BUSY, STATE_DONE };

typedef struct ClassPriv ClassPriv;

typedef struct ScopePriv {
    Scope pub;
    ClassPriv *cls;  /* SCOPE_CLASS */
    Ident self_name; /* methods (not static): the first positional parameter */
    bool is_classmethod;
} ScopePriv;

typedef struct BindingPriv {
    Binding pub;
    const Scope *eval_scope; /* where value/annotation/aux are evaluated */
    const Expr *aux;         /* with-target: the context expression; except: the exception type */
    uint32_t pos;            /* loads at or after pos see the binding */
    uint8_t type_state;
    bool is_self; /* first parameter of a (non-static) method */
} BindingPriv;

/* Names, with their bindings in one scope sorted by pos. */
typedef struct SemEntry {
    uint8_t decl; /* DECL_*: `global`/`nonlocal` declared in this scope */
    Binding **items;
    uint32_t n, cap;
} SemEntry;

typedef struct AttrAssign {
    const Expr *value;      /* `self.x = value` (single target), else NULL */
    const Expr *annotation; /* `self.x: T = ...` */
    const Scope *scope;
} AttrAssign;

typedef struct ClassAttr {
    VEC(AttrAssign) assigns;
    uint8_t state;
    const char *type;
} ClassAttr;

struct ClassPriv {
    const Stmt *stmt;
    ScopePriv *scope;
    struct SemTable *methods; /* name -> const Stmt * (def directly in the class body) */
    struct SemTable *attrs;   /* name -> ClassAttr * (`self.name = ...` in any method) */
    uint8_t bases_state;
    uint32_t nbases;
    const char **base_qn;   /* resolved qualified name of each base, or NULL */
    ClassPriv **base_local; /* the base when it is a class of this file, or NULL */
};

typedef struct SemPriv {
    Semantic pub;
    VEC(Binding *) bindings; /* every binding of the file */
    VEC(ClassPriv *) classes;
    struct SemTable *classes_by_qn;   /* qualname -> ClassPriv */
    struct SemMap *binding_by_target; /* Name (store/del) -> Binding */
} SemPriv;

#define SP(sm) ((SemPriv *)(sm))
#define BP(b) ((BindingPriv *)(b))
#define SCP(s) ((ScopePriv *)(s))

/* semantic.c */
struct SemTable *semtab_new(Arena *a, uint32_t cap);
void *semtab_get(const struct SemTable *t, const char *key);
void semtab_put(Arena *a, struct SemTable *t, const char *key, void *val);
void *semmap_get(const struct SemMap *m, const void *key);
/* sem_lookup_in: sem_lookup; `exact` lets an offset inside a store target name its binding. */
const Binding *sem_lookup_in(const SemPriv *sp, const Scope *scope, const char *name, uint32_t at,
                             bool exact);
const char *sem_join(Arena *a, const char *prefix, const char *name); /* "prefix.name" */
const char *sem_canon(Arena *a, const char *q); /* catalog_canonical, copied into the arena */
bool sem_builtin_name(const char *name);

/* semantic_types.c: all memoised on the private structs, so sem_build can compute them once. */
void sem_ensure_bases(SemPriv *sp, ClassPriv *c, int depth);
const char *sem_binding_type(SemPriv *sp, const Binding *b, int depth);
const char *sem_class_attr_type(SemPriv *sp, ClassPriv *c, const char *attr, int depth);
/* sem_qual: the qualified name (not yet canonical); `receiver` when e is the value of an attribute
 * (then `self.x` that is no method has no name). */
const char *sem_qual(SemPriv *sp, const Scope *scope, const Expr *e, int depth, bool receiver);
const char *sem_type(SemPriv *sp, const Scope *scope, const Expr *e, int depth);

#endif
