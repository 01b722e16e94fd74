/* semantic_internal: what semantic.c (scopes, bindings, the build walk) and semantic_types.c
 * (qualified names and types) share. Private to those two files; everyone else uses semantic.h. */
#ifndef ASYNCREVIEW_ANALYSIS_SEMANTIC_INTERNAL_H
#define ASYNCREVIEW_ANALYSIS_SEMANTIC_INTERNAL_H

#include "analysis/semantic.h"

#include <string.h>

#define MAX_DEPTH 40 /* bound on recursion through aliases, types and bases */

/* Hash tables: string -> pointer (struct SemTable) and pointer -> pointer (struct SemMap), in the
 * file's arena.
 *
 * Scope and method tables are SemMaps keyed by the file's *atoms*: for each distinct name, one
 * canonical pointer to its text (sem_atom). A lookup climbing three scopes then hashes and compares
 * pointers, where string keys cost a strlen, a hash and a strcmp at every scope; that was a tenth
 * of sem_build and of every qualified-name query. */
struct SemTable {
    const char **keys;
    uint32_t *hashes;
    void **vals;
    uint32_t cap, count;
};

struct SemMapSlot {
    const void *key; /* NULL: empty */
    void *val;
};

struct SemMap {
    struct SemMapSlot *slots; /* kept at most half full: most probes of scope tables miss */
    uint32_t cap, count;
};

/* SemPairMap: (pointer, pointer) -> pointer, for memoised queries. */
struct SemPairSlot {
    const void *a, *b; /* a NULL: empty */
    const void *val;
};

struct SemPairMap {
    struct SemPairSlot *slots; /* at most half full */
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
    Binding *first[2]; /* items' storage until a third binding (most names have one or two) */
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
    struct SemMap *methods; /* atom -> const Stmt * (def directly in the class body) */
    struct SemTable *attrs; /* name -> ClassAttr * (`self.name = ...` in any method) */
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
    struct SemTable *atoms;           /* text -> its atom */
    struct SemMap *atom_of;           /* any pointer seen -> the atom of its text */
    /* Memoised answers of the qualified-name queries: many calls share their parts (`self.x`,
     * `builtins.len`, `<type>.method`). Classes' answers are kept only once every class's bases
     * are resolved (`frozen`): until then a class being resolved shows only part of its bases. */
    bool frozen;
    struct SemMap *builtin_qn; /* atom -> "builtins.<atom>", or sem_not_builtin */
    struct SemMap *canon_of;   /* string -> sem_canon's answer */
    /* (ClassPriv | skip_self, atom) -> class_method's answer; (ClassPriv | 2, atom) ->
     * "<class>.<atom>" */
    struct SemPairMap *class_members;
    struct SemPairMap *type_members; /* (type's text atom, atom) -> member_of_type's answer */
} SemPriv;

#define SP(sm) ((SemPriv *)(sm))
#define BP(b) ((BindingPriv *)(b))
#define SCP(s) ((ScopePriv *)(s))

/* semantic.c */
struct SemTable *semtab_new(Arena *a, uint32_t cap);
void *semtab_get(const struct SemTable *t, const char *key);
void semtab_put(Arena *a, struct SemTable *t, const char *key, void *val);
/* semmap_put: sets key's value (key not NULL), growing the map in the arena. */
void semmap_put(Arena *a, struct SemMap *m, const void *key, void *val);

static inline uint32_t
sem_hash_ptr(const void *p)
{
    uint64_t x = (uint64_t)(uintptr_t)p;
    x ^= x >> 33;
    x *= UINT64_C(0xff51afd7ed558ccd);
    x ^= x >> 33;
    return (uint32_t)x;
}

/* semmap_get: key's value, or NULL (also for a NULL map or key). Inline: scope lookups probe one
 * map per scope they climb. */
static inline void *
semmap_get(const struct SemMap *m, const void *key)
{
    if (!m || !key)
        return NULL;
    uint32_t mask = m->cap - 1;
    for (uint32_t i = sem_hash_ptr(key) & mask;; i = (i + 1) & mask) {
        const struct SemMapSlot *slot = &m->slots[i];
        if (slot->key == key)
            return slot->val;
        if (!slot->key)
            return NULL;
    }
}

/* sem_atom: the atom of name's text (made on first sight). The pointer itself is memoised, so name
 * must stay valid and unchanged as long as the model: an AST identifier, a static or an arena
 * string, never a buffer that is reused. */
const char *sem_atom(const SemPriv *sp, const char *name);
/* sem_atom_find: the atom of name's text, or NULL when the file has none (so no table holds it);
 * for any string, as nothing is memoised. */
const char *sem_atom_find(const SemPriv *sp, const char *name);
/* sem_text_atom: the atom of s's text (s itself when new), without memoising the pointer: for
 * strings that stay valid as long as the model but are often fresh copies (qualified names). */
const char *sem_text_atom(const SemPriv *sp, const char *s);
/* sem_pair_new: an empty pair map of cap slots (a power of two), in the arena. */
struct SemPairMap *sem_pair_new(Arena *a, uint32_t cap);
/* sem_pair_get: whether (a, b) is in the map (a not NULL; the map may be NULL), with its value in
 * *val. sem_pair_put makes the map on first use. */
bool sem_pair_get(const struct SemPairMap *m, const void *a, const void *b, const void **val);
void sem_pair_put(Arena *ar, struct SemPairMap **m, const void *a, const void *b, const void *val);
/* The value builtin_qn holds for names that are no builtin. */
extern const char sem_not_builtin[];
/* sem_lookup_atom: sem_lookup of an atom; `exact` lets an offset inside a store target name its
 * binding. */
const Binding *sem_lookup_atom(const SemPriv *sp, const Scope *scope, const char *atom, uint32_t at,
                               bool exact);
/* sem_lookup_in: sem_lookup_atom of sem_atom(name) (the same contract on name). */
const Binding *sem_lookup_in(const SemPriv *sp, const Scope *scope, const char *name, uint32_t at,
                             bool exact);
const char *sem_join(Arena *a, const char *prefix, const char *name); /* "prefix.name" */
/* sem_canon: catalog_canonical(q) copied into the arena; q must stay unchanged as long as the
 * model (the answer is memoised by its address). */
const char *sem_canon(const SemPriv *sp, const char *q);
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
