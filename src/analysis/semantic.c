/* semantic: scopes, bindings, qualified names and local types of one module (see semantic.h).
 *
 * sem_build walks the module once with the generic visitor, switching scopes where Python does
 * (decorators, defaults and annotations in the enclosing scope; bodies in the new one; a
 * comprehension's first iterable outside it) and recording every binding in its scope's table.
 * Loads are collected and resolved after the walk, when every binding is known, because Python
 * decides locality per scope, not per line. Types of bindings, class bases and `self.attr` types
 * are then computed once (lazily, with cycle guards), so the model is read-only afterwards except
 * for strings the query functions allocate in the arena.
 *
 * Each name in a scope keeps its bindings sorted by `pos`, the offset from which a load sees the
 * binding (after the assigned value is evaluated: in `x = x + 1` the load sees the previous x), so
 * a lookup is a hash probe plus a binary search. */
#include "analysis/semantic.h"
#include "base/hash.h"

#include "analysis/semantic_internal.h"

#include "analysis/catalog.h"
#include "analysis/project.h"
#include "parse/visit.h"

#include <stddef.h>
#include <stdlib.h>
#include <string.h>

/* ---- hash tables: string -> pointer (struct SemTable) and pointer -> pointer (struct SemMap) ----
 */

/* semtab_new: see semantic_internal.h. */
struct SemTable *
semtab_new(Arena *a, uint32_t cap)
{
    struct SemTable *t = ARENA_NEW(a, struct SemTable);
    t->cap = cap;
    t->keys = ARENA_ARRAY(a, const char *, cap);
    t->hashes = ARENA_ARRAY(a, uint32_t, cap);
    t->vals = ARENA_ARRAY(a, void *, cap);
    return t;
}

/* semtab_get: see semantic_internal.h. */
void *
semtab_get(const struct SemTable *t, const char *key)
{
    if (!t || !key)
        return NULL;
    uint32_t h = hash_str(key), mask = t->cap - 1;
    for (uint32_t i = h & mask;; i = (i + 1) & mask) {
        const char *k = t->keys[i];
        if (!k)
            return NULL;
        if (t->hashes[i] == h && (k == key || strcmp(k, key) == 0))
            return t->vals[i];
    }
}

/* Doubles t when one more key would fill it past three quarters; the old arrays are abandoned in
 * the arena. Keys are re-placed in slot order with their stored hashes. */
static void
semtab_reserve(Arena *a, struct SemTable *t)
{
    if ((t->count + 1) * 4 <= t->cap * 3)
        return;
    struct SemTable *n = semtab_new(a, t->cap * 2);
    uint32_t mask = n->cap - 1;
    for (uint32_t i = 0; i < t->cap; i++) {
        if (!t->keys[i])
            continue;
        uint32_t j = t->hashes[i] & mask;
        while (n->keys[j])
            j = (j + 1) & mask;
        n->keys[j] = t->keys[i];
        n->hashes[j] = t->hashes[i];
        n->vals[j] = t->vals[i];
    }
    n->count = t->count;
    *t = *n;
}

/* semtab_intern: the key equal to `key` in t, adding key (as its own value) when there is none.
 */
static const char *
semtab_intern(Arena *a, struct SemTable *t, const char *key)
{
    semtab_reserve(a, t);
    uint32_t h = hash_str(key), mask = t->cap - 1;
    uint32_t i = h & mask;
    for (; t->keys[i]; i = (i + 1) & mask)
        if (t->hashes[i] == h && (t->keys[i] == key || strcmp(t->keys[i], key) == 0))
            return t->keys[i];
    t->keys[i] = key;
    t->hashes[i] = h;
    t->vals[i] = (void *)key;
    t->count++;
    return key;
}

/* semtab_put: see semantic_internal.h. */
void
semtab_put(Arena *a, struct SemTable *t, const char *key, void *val)
{
    semtab_reserve(a, t);
    uint32_t h = hash_str(key), mask = t->cap - 1;
    uint32_t i = h & mask;
    for (; t->keys[i]; i = (i + 1) & mask)
        if (t->hashes[i] == h && strcmp(t->keys[i], key) == 0) {
            t->vals[i] = val;
            return;
        }
    t->keys[i] = key;
    t->hashes[i] = h;
    t->vals[i] = val;
    t->count++;
}

static struct SemMap *
map_new(Arena *a, uint32_t cap)
{
    struct SemMap *m = ARENA_NEW(a, struct SemMap);
    m->cap = cap;
    m->slots = ARENA_ARRAY(a, struct SemMapSlot, cap);
    return m;
}

/* semmap_put: see semantic_internal.h. */
void
semmap_put(Arena *a, struct SemMap *m, const void *key, void *val)
{
    if ((m->count + 1) * 2 > m->cap) { /* grow; the old slots are abandoned in the arena */
        struct SemMap *n = map_new(a, m->cap * 2);
        for (uint32_t i = 0; i < m->cap; i++)
            if (m->slots[i].key)
                semmap_put(a, n, m->slots[i].key, m->slots[i].val);
        *m = *n;
    }
    uint32_t mask = m->cap - 1;
    uint32_t i = sem_hash_ptr(key) & mask;
    for (; m->slots[i].key; i = (i + 1) & mask)
        if (m->slots[i].key == key) {
            m->slots[i].val = val;
            return;
        }
    m->slots[i] = (struct SemMapSlot){ key, val };
    m->count++;
}

/* sem_pair_new: see semantic_internal.h. */
struct SemPairMap *
sem_pair_new(Arena *a, uint32_t cap)
{
    struct SemPairMap *m = ARENA_NEW(a, struct SemPairMap);
    m->cap = cap;
    m->slots = ARENA_ARRAY(a, struct SemPairSlot, cap);
    return m;
}

static uint32_t
hash_pair(const void *a, const void *b)
{
    return sem_hash_ptr(a) ^ (sem_hash_ptr(b) * 0x9E3779B1u);
}

/* sem_pair_get: see semantic_internal.h. */
bool
sem_pair_get(const struct SemPairMap *m, const void *a, const void *b, const void **val)
{
    if (!m)
        return false;
    uint32_t mask = m->cap - 1;
    for (uint32_t i = hash_pair(a, b) & mask;; i = (i + 1) & mask) {
        const struct SemPairSlot *slot = &m->slots[i];
        if (!slot->a)
            return false;
        if (slot->a == a && slot->b == b) {
            *val = slot->val;
            return true;
        }
    }
}

/* sem_pair_put: see semantic_internal.h. */
void
sem_pair_put(Arena *ar, struct SemPairMap **mp, const void *a, const void *b, const void *val)
{
    if (!*mp)
        *mp = sem_pair_new(ar, 64);
    struct SemPairMap *m = *mp;
    if ((m->count + 1) * 2 > m->cap) {
        struct SemPairMap *n = sem_pair_new(ar, m->cap * 2);
        for (uint32_t i = 0; i < m->cap; i++)
            if (m->slots[i].a)
                sem_pair_put(ar, &n, m->slots[i].a, m->slots[i].b, m->slots[i].val);
        *m = *n;
    }
    uint32_t mask = m->cap - 1;
    uint32_t i = hash_pair(a, b) & mask;
    for (; m->slots[i].a; i = (i + 1) & mask)
        if (m->slots[i].a == a && m->slots[i].b == b) {
            m->slots[i].val = val;
            return;
        }
    m->slots[i] = (struct SemPairSlot){ a, b, val };
    m->count++;
}

/* ---- atoms ---- */

/* sem_atom: see semantic_internal.h. The model is the calling thread's own, so a query may add. */
const char *
sem_atom(const SemPriv *sp, const char *name)
{
    const char *atom = semmap_get(sp->atom_of, name);
    if (atom)
        return atom;
    SemPriv *w = (SemPriv *)sp;
    atom = semtab_intern(w->pub.arena, w->atoms, name);
    semmap_put(w->pub.arena, w->atom_of, name, (void *)atom);
    return atom;
}

/* sem_text_atom: see semantic_internal.h. */
const char *
sem_text_atom(const SemPriv *sp, const char *s)
{
    return semtab_intern(sp->pub.arena, sp->atoms, s);
}

/* sem_atom_find: see semantic_internal.h. */
const char *
sem_atom_find(const SemPriv *sp, const char *name)
{
    const char *atom = semmap_get(sp->atom_of, name);
    return atom ? atom : semtab_get(sp->atoms, name);
}

/* ---- builtins ---- */

static const char *const builtin_names[] = {
    "ArithmeticError",
    "AssertionError",
    "AttributeError",
    "BaseException",
    "BaseExceptionGroup",
    "BlockingIOError",
    "BrokenPipeError",
    "BufferError",
    "BytesWarning",
    "ChildProcessError",
    "ConnectionAbortedError",
    "ConnectionError",
    "ConnectionRefusedError",
    "ConnectionResetError",
    "DeprecationWarning",
    "EOFError",
    "Ellipsis",
    "EncodingWarning",
    "EnvironmentError",
    "Exception",
    "ExceptionGroup",
    "False",
    "FileExistsError",
    "FileNotFoundError",
    "FloatingPointError",
    "FutureWarning",
    "GeneratorExit",
    "IOError",
    "ImportError",
    "ImportWarning",
    "IndentationError",
    "IndexError",
    "InterruptedError",
    "IsADirectoryError",
    "KeyError",
    "KeyboardInterrupt",
    "LookupError",
    "MemoryError",
    "ModuleNotFoundError",
    "NameError",
    "None",
    "NotADirectoryError",
    "NotImplemented",
    "NotImplementedError",
    "OSError",
    "OverflowError",
    "PendingDeprecationWarning",
    "PermissionError",
    "ProcessLookupError",
    "PythonFinalizationError",
    "RecursionError",
    "ReferenceError",
    "ResourceWarning",
    "RuntimeError",
    "RuntimeWarning",
    "StopAsyncIteration",
    "StopIteration",
    "SyntaxError",
    "SyntaxWarning",
    "SystemError",
    "SystemExit",
    "TabError",
    "TimeoutError",
    "True",
    "TypeError",
    "UnboundLocalError",
    "UnicodeDecodeError",
    "UnicodeEncodeError",
    "UnicodeError",
    "UnicodeTranslateError",
    "UnicodeWarning",
    "UserWarning",
    "ValueError",
    "Warning",
    "ZeroDivisionError",
    "__build_class__",
    "__debug__",
    "__import__",
    "abs",
    "aiter",
    "all",
    "anext",
    "any",
    "ascii",
    "bin",
    "bool",
    "breakpoint",
    "bytearray",
    "bytes",
    "callable",
    "chr",
    "classmethod",
    "compile",
    "complex",
    "copyright",
    "credits",
    "delattr",
    "dict",
    "dir",
    "divmod",
    "enumerate",
    "eval",
    "exec",
    "exit",
    "filter",
    "float",
    "format",
    "frozenset",
    "getattr",
    "globals",
    "hasattr",
    "hash",
    "help",
    "hex",
    "id",
    "input",
    "int",
    "isinstance",
    "issubclass",
    "iter",
    "len",
    "license",
    "list",
    "locals",
    "map",
    "max",
    "memoryview",
    "min",
    "next",
    "object",
    "oct",
    "open",
    "ord",
    "pow",
    "print",
    "property",
    "quit",
    "range",
    "repr",
    "reversed",
    "round",
    "set",
    "setattr",
    "slice",
    "sorted",
    "staticmethod",
    "str",
    "sum",
    "super",
    "tuple",
    "type",
    "vars",
    "zip",
};

static int
cmp_cstr(const void *key, const void *item)
{
    return strcmp((const char *)key, *(const char *const *)item);
}

const char sem_not_builtin[] = "";

/* sem_builtin_name: see semantic_internal.h. */
bool
sem_builtin_name(const char *name)
{
    return bsearch(name, builtin_names, ARRAY_LEN(builtin_names), sizeof builtin_names[0],
                   cmp_cstr) != NULL;
}

/* ---- small helpers ---- */

/* sem_join: see semantic_internal.h. */
const char *
sem_join(Arena *a, const char *prefix, const char *name)
{
    if (!prefix || !*prefix)
        return name;
    return arena_join(a, prefix, name); /* hot: every attribute chain resolved */
}

/* sem_canon: catalog_canonical's answer copied into the arena (it is a thread-local buffer),
 * memoised by q's address: most names come from bindings and memoised answers, asked many times. */
const char *
sem_canon(const SemPriv *sp, const char *q)
{
    if (!q)
        return NULL;
    const char *r = semmap_get(sp->canon_of, q);
    if (r)
        return r;
    const char *c = catalog_canonical(q);
    r = !c || c == q || strcmp(c, q) == 0 ? q : arena_strdup(sp->pub.arena, c);
    semmap_put(sp->pub.arena, sp->canon_of, q, (void *)r);
    return r;
}

/* ---- scopes and bindings ---- */

static const char *
child_qualname(Arena *a, const Scope *parent, const char *name)
{
    /* Each level repeats its parent's name: past this length (only pathological nesting, such as
     * thousands of nested lambdas) a scope shares its parent's name, keeping memory linear. */
    if (strlen(parent->qualname) > 1024)
        return parent->qualname;
    if (parent->kind == SCOPE_FUNCTION || parent->kind == SCOPE_LAMBDA ||
        parent->kind == SCOPE_COMPREHENSION) {
        /* every nested def, lambda and comprehension: plain copies, not printf */
        static const char locals[] = ".<locals>.";
        size_t np = strlen(parent->qualname), nl = sizeof locals - 1, nn = strlen(name);
        char *out = arena_alloc(a, np + nl + nn + 1);
        memcpy(out, parent->qualname, np);
        memcpy(out + np, locals, nl);
        memcpy(out + np + nl, name, nn + 1);
        return out;
    }
    return sem_join(a, parent->qualname, name);
}

static SemEntry *
entry_get_or_add(Arena *a, Scope *scope, const char *atom)
{
    SemEntry *en = semmap_get(scope->table, atom);
    if (!en) {
        en = arena_alloc(a, sizeof *en); /* initialised whole, without a call to memset */
        *en = (SemEntry){ .cap = ARRAY_LEN(en->first) };
        en->items = en->first;
        semmap_put(a, scope->table, atom, en);
    }
    return en;
}

static void
entry_insert(Arena *a, SemEntry *en, BindingPriv *bp)
{
    if (en->n == en->cap) {
        uint32_t cap = en->cap * 2;
        Binding **items = arena_alloc(a, sizeof *items * cap);
        memcpy(items, en->items, sizeof *items * en->n);
        en->items = items;
        en->cap = cap;
    }
    uint32_t k = en->n; /* bindings mostly arrive in pos order: this loop rarely runs */
    while (k > 0 && BP(en->items[k - 1])->pos > bp->pos) {
        en->items[k] = en->items[k - 1];
        k--;
    }
    en->items[k] = &bp->pub;
    en->n++;
    bp->pub.shadowed = k ? en->items[k - 1] : NULL;
    if (k + 1 < en->n)
        en->items[k + 1]->shadowed = &bp->pub;
}

/* entry_pick: the latest binding with pos <= at; with `exact`, a binding whose target spans `at`
 * wins (asking about a store target, at its start or end, gives the binding it makes); else the
 * latest at all. */
static const Binding *
entry_pick(const SemEntry *en, uint32_t at, bool exact)
{
    if (en->n <= 1) /* most names: every path below picks the only binding */
        return en->n ? en->items[0] : NULL;
    uint32_t lo = 0, hi = en->n;
    while (lo < hi) {
        uint32_t mid = lo + (hi - lo) / 2;
        if (BP(en->items[mid])->pos <= at)
            lo = mid + 1;
        else
            hi = mid;
    }
    if (exact)
        for (uint32_t i = lo; i < en->n && i < lo + 16; i++)
            if (en->items[i]->start == at || (en->items[i]->target && en->items[i]->start <= at &&
                                              at <= en->items[i]->target->end))
                return en->items[i];
    return en->items[lo ? lo - 1 : en->n - 1];
}

/* find_entry: the bindings of atom that a read in scope sees, whatever its offset: the first scope
 * up the chain with bindings of the name, honouring global/nonlocal; NULL for none. */
static const SemEntry *
find_entry(const SemPriv *sp, const Scope *scope, const char *atom)
{
    const Scope *module = sp->pub.module_scope;
    const Scope *s = scope ? scope : module;
    bool first = true;
    while (s) {
        /* a class body's names are visible to code directly in it, not to nested scopes */
        if (first || s->kind != SCOPE_CLASS) {
            const SemEntry *en = semmap_get(s->table, atom);
            if (en) {
                if (en->decl == DECL_GLOBAL && s != module) {
                    s = module;
                    first = false;
                    continue;
                }
                if (en->decl != DECL_NONLOCAL && en->n)
                    return en;
            }
        }
        s = s->parent;
        first = false;
    }
    return NULL;
}

/* sem_lookup_atom: see semantic_internal.h. */
const Binding *
sem_lookup_atom(const SemPriv *sp, const Scope *scope, const char *atom, uint32_t at, bool exact)
{
    const SemEntry *en = find_entry(sp, scope, atom);
    return en ? entry_pick(en, at, exact) : NULL;
}

/* sem_lookup_in: see semantic_internal.h. */
const Binding *
sem_lookup_in(const SemPriv *sp, const Scope *scope, const char *name, uint32_t at, bool exact)
{
    return sem_lookup_atom(sp, scope, sem_atom(sp, name), at, exact);
}

/* ---- the build walk ---- */

typedef struct LoadRec {
    const Expr *name;
    const Scope *scope;
    uint32_t at;
} LoadRec;

typedef struct Builder {
    SemPriv *sp;
    Arena *a;
    ScopePriv *cur;
    VEC(LoadRec) loads;
    VEC(const Stmt *) matches; /* enclosing match statements, for capture bindings */
    Visitor v;
    bool no_uses; /* sem_build_summary: name reads are not resolved to their bindings */
} Builder;

static ScopePriv *
new_scope(Builder *bd, ScopeKind kind, ScopePriv *parent, const Stmt *stmt, const Expr *expr,
          const char *qualname)
{
    ScopePriv *s = ARENA_NEW(bd->a, ScopePriv);
    s->pub.kind = kind;
    s->pub.parent = parent ? &parent->pub : NULL;
    s->pub.stmt = stmt;
    s->pub.expr = expr;
    s->pub.qualname = qualname;
    /* functions and classes usually bind a few names more than fit 8 slots at half load */
    s->pub.table = map_new(bd->a, kind == SCOPE_FUNCTION || kind == SCOPE_CLASS ? 16 : 8);
    if (stmt || expr)
        semmap_put(bd->a, bd->sp->pub.scopes_by_node,
                   stmt ? (const void *)stmt : (const void *)expr, s);
    return s;
}

/* binding_scope: where a binding of `atom` made in `scope` lands, honouring global/nonlocal. */
static Scope *
binding_scope(Builder *bd, Scope *scope, const char *atom)
{
    const SemEntry *en = semmap_get(scope->table, atom);
    if (!en || en->decl == DECL_NONE || scope->kind == SCOPE_MODULE)
        return scope;
    if (en->decl == DECL_GLOBAL)
        return bd->sp->pub.module_scope;
    Scope *nearest = NULL;
    for (Scope *s = (Scope *)scope->parent; s && s->kind != SCOPE_MODULE; s = (Scope *)s->parent) {
        if (s->kind == SCOPE_CLASS)
            continue;
        if (!nearest)
            nearest = s;
        const SemEntry *up = semmap_get(s->table, atom);
        if (up && up->decl == DECL_NONE && up->n)
            return s;
        if (up && up->decl == DECL_GLOBAL)
            return bd->sp->pub.module_scope;
    }
    return nearest ? nearest : bd->sp->pub.module_scope;
}

static BindingPriv *
bind(Builder *bd, ScopePriv *scope, const char *name, BindingKind kind, uint32_t start,
     uint32_t pos)
{
    const char *atom = sem_atom(bd->sp, name);
    /* usually the binding lands in its own scope, whose entry the first probe finds */
    SemEntry *en = semmap_get(scope->pub.table, atom);
    Scope *target = &scope->pub;
    if (kind != BIND_PARAMETER && en && en->decl != DECL_NONE)
        target = binding_scope(bd, &scope->pub, atom);
    if (target != &scope->pub || !en)
        en = entry_get_or_add(bd->a, target, atom);
    BindingPriv *bp = arena_alloc(bd->a, sizeof *bp); /* initialised whole, without memset */
    *bp = (BindingPriv){
        .pub = { .name = name, .kind = kind, .scope = target, .start = start },
        .eval_scope = &scope->pub,
        .pos = pos,
    };
    entry_insert(bd->a, en, bp);
    VEC_PUSH(bd->a, target->bindings, &bp->pub);
    VEC_PUSH(bd->a, bd->sp->bindings, &bp->pub);
    return bp;
}

static void
declare(Builder *bd, const Stmt *s, uint8_t decl)
{
    Scope *scope = &bd->cur->pub;
    if (scope->kind == SCOPE_MODULE)
        return; /* `global x` at module level changes nothing */
    IdentSeq names = decl == DECL_GLOBAL ? s->v.Global.names : s->v.Nonlocal.names;
    for (uint32_t i = 0; i < names.len; i++) {
        SemEntry *en = entry_get_or_add(bd->a, scope, sem_atom(bd->sp, names.items[i]));
        en->decl = decl;
        BindingPriv *bp = ARENA_NEW(bd->a, BindingPriv);
        bp->pub.name = names.items[i];
        bp->pub.kind = BIND_GLOBAL;
        bp->pub.scope = scope;
        bp->pub.start = s->start;
        bp->pub.stmt = s;
        bp->eval_scope = scope;
        bp->pos = s->start;
        bp->type_state = STATE_DONE;
        VEC_PUSH(bd->a, scope->bindings, &bp->pub);
        VEC_PUSH(bd->a, bd->sp->bindings, &bp->pub);
    }
}

static void
add_load(Builder *bd, const Expr *name, uint32_t at)
{
    if (bd->no_uses)
        return;
    LoadRec r = { name, &bd->cur->pub, at };
    VEC_PUSH(bd->a, bd->loads, r);
}

/* mark_await: the scope awaits. List, set and dict comprehensions run inside their function
 * (inlined since PEP 709), so their awaits count for the enclosing scope too; generator expressions
 * do not. */
static void
mark_await(ScopePriv *s)
{
    Scope *sc = &s->pub;
    sc->has_await = true;
    while (sc->kind == SCOPE_COMPREHENSION && sc->expr && sc->expr->kind != E_GeneratorExp &&
           sc->parent) {
        sc = (Scope *)sc->parent;
        sc->has_await = true;
    }
}

static void
note_framework(SemPriv *sp, const char *module)
{
    size_t n = strcspn(module, ".");
    if (n == 7 && strncmp(module, "asyncio", 7) == 0)
        sp->pub.imports_asyncio = true;
    else if (n == 4 && strncmp(module, "trio", 4) == 0)
        sp->pub.imports_trio = true;
    else if (n == 5 && strncmp(module, "anyio", 5) == 0)
        sp->pub.imports_anyio = true;
}

static const Scope *
enclosing_function(const Scope *s)
{
    for (; s; s = s->parent) {
        if (s->kind == SCOPE_FUNCTION)
            return s;
        if (s->kind == SCOPE_CLASS || s->kind == SCOPE_MODULE)
            return NULL;
    }
    return NULL;
}

/* record_self_attr: `self.attr = value` in a method: remembered on the class for sem_type_of. */
static void
record_self_attr(Builder *bd, const Expr *target, const Expr *value, const Expr *annotation)
{
    const Expr *recv = target->v.Attribute.value;
    const Scope *fn = enclosing_function(&bd->cur->pub);
    if (recv->kind != E_Name || !fn || !fn->class_scope || !SCP(fn)->self_name ||
        strcmp(SCP(fn)->self_name, recv->v.Name.id) != 0)
        return;
    ClassPriv *c = SCP(fn->class_scope)->cls;
    ClassAttr *ca = semtab_get(c->attrs, target->v.Attribute.attr);
    if (!ca) {
        ca = ARENA_NEW(bd->a, ClassAttr);
        semtab_put(bd->a, c->attrs, target->v.Attribute.attr, ca);
    }
    AttrAssign as = { value, annotation, &bd->cur->pub };
    VEC_PUSH(bd->a, ca->assigns, as);
}

/* bind_target: binds every name in an assignment-like target; loads inside it (the receiver of an
 * attribute, a subscript) are visited. `value` is kept only for a plain Name target. */
static void
bind_target(Builder *bd, const Expr *t, BindingKind kind, const Stmt *stmt, const Expr *value,
            const Expr *annotation, uint32_t pos)
{
    switch (t->kind) {
    case E_Name: {
        BindingPriv *bp = bind(bd, bd->cur, t->v.Name.id, kind, t->start, pos);
        bp->pub.stmt = stmt;
        bp->pub.target = t;
        bp->pub.value = value;
        bp->pub.annotation = annotation;
        semmap_put(bd->a, bd->sp->binding_by_target, t, bp);
        break;
    }
    case E_Tuple:
    case E_List:
        for (uint32_t i = 0; i < t->v.Tuple.elts.len; i++)
            bind_target(bd, t->v.Tuple.elts.items[i], kind, stmt, NULL, NULL, pos);
        break;
    case E_Starred:
        bind_target(bd, t->v.Starred.value, kind, stmt, NULL, NULL, pos);
        break;
    case E_Attribute:
        visit_expr(&bd->v, t->v.Attribute.value);
        if (kind == BIND_ASSIGN || kind == BIND_ANNOTATION)
            record_self_attr(bd, t, value, annotation);
        break;
    default:
        visit_expr(&bd->v, t);
        break;
    }
}

static bool
is_decorator(const Expr *d, const char *name)
{
    if (d->kind == E_Call)
        d = d->v.Call.func;
    if (d->kind == E_Name)
        return strcmp(d->v.Name.id, name) == 0;
    if (d->kind == E_Attribute)
        return strcmp(d->v.Attribute.attr, name) == 0;
    return false;
}

static void
bind_type_params(Builder *bd, ScopePriv *s, TypeParamSeq tps)
{
    for (uint32_t i = 0; i < tps.len; i++)
        bind(bd, s, tps.items[i]->name, BIND_OTHER, tps.items[i]->start, 0);
}

static void
bind_arg(Builder *bd, ScopePriv *fs, const Arg *arg, bool is_self)
{
    BindingPriv *bp = bind(bd, fs, arg->arg, BIND_PARAMETER, arg->start, arg->start);
    bp->pub.annotation = arg->annotation;
    bp->eval_scope = fs->pub.parent;
    bp->is_self = is_self;
}

static void
bind_params(Builder *bd, ScopePriv *fs, const Arguments *args)
{
    if (!args)
        return;
    const Arg *first = args->posonlyargs.len ? args->posonlyargs.items[0]
                       : args->args.len      ? args->args.items[0]
                                             : NULL;
    const ArgSeq seqs[2] = { args->posonlyargs, args->args };
    for (int k = 0; k < 2; k++)
        for (uint32_t i = 0; i < seqs[k].len; i++)
            bind_arg(bd, fs, seqs[k].items[i], fs->self_name && seqs[k].items[i] == first);
    if (args->vararg)
        bind_arg(bd, fs, args->vararg, false);
    for (uint32_t i = 0; i < args->kwonlyargs.len; i++)
        bind_arg(bd, fs, args->kwonlyargs.items[i], false);
    if (args->kwarg)
        bind_arg(bd, fs, args->kwarg, false);
}

static void
build_function(Builder *bd, const Stmt *s)
{
    Visitor *v = &bd->v;
    ScopePriv *outer = bd->cur;
    ExprSeq decos = s->v.FunctionDef.decorator_list;
    for (uint32_t i = 0; i < decos.len; i++)
        visit_expr(v, decos.items[i]);
    visit_arguments(v, s->v.FunctionDef.args);
    if (s->v.FunctionDef.returns)
        visit_expr(v, s->v.FunctionDef.returns);

    const char *name = s->v.FunctionDef.name;
    ScopePriv *fs =
        new_scope(bd, SCOPE_FUNCTION, outer, s, NULL, child_qualname(bd->a, &outer->pub, name));
    fs->pub.is_async = s->kind == S_AsyncFunctionDef;
    BindingPriv *bp = bind(bd, outer, name, BIND_FUNCTION, s->start, s->start);
    bp->pub.stmt = s;
    bp->pub.qualname = fs->pub.qualname;

    if (outer->pub.kind == SCOPE_CLASS) {
        fs->pub.class_scope = &outer->pub;
        bool is_static = false;
        for (uint32_t i = 0; i < decos.len; i++) {
            is_static |= is_decorator(decos.items[i], "staticmethod");
            fs->is_classmethod |= is_decorator(decos.items[i], "classmethod");
        }
        const Arguments *args = s->v.FunctionDef.args;
        const Arg *first = !args                   ? NULL
                           : args->posonlyargs.len ? args->posonlyargs.items[0]
                           : args->args.len        ? args->args.items[0]
                                                   : NULL;
        if (!is_static && first)
            fs->self_name = first->arg;
        semmap_put(bd->a, outer->cls->methods, sem_atom(bd->sp, name), (void *)s);
    }
    bind_type_params(bd, fs, s->v.FunctionDef.type_params);
    bind_params(bd, fs, s->v.FunctionDef.args);
    bd->cur = fs;
    visit_stmts(v, s->v.FunctionDef.body);
    bd->cur = outer;
}

static void
build_class(Builder *bd, const Stmt *s)
{
    Visitor *v = &bd->v;
    ScopePriv *outer = bd->cur;
    ExprSeq decos = s->v.ClassDef.decorator_list;
    for (uint32_t i = 0; i < decos.len; i++)
        visit_expr(v, decos.items[i]);
    for (uint32_t i = 0; i < s->v.ClassDef.bases.len; i++)
        visit_expr(v, s->v.ClassDef.bases.items[i]);
    for (uint32_t i = 0; i < s->v.ClassDef.keywords.len; i++)
        visit_expr(v, s->v.ClassDef.keywords.items[i]->value);

    const char *name = s->v.ClassDef.name;
    ScopePriv *cs =
        new_scope(bd, SCOPE_CLASS, outer, s, NULL, child_qualname(bd->a, &outer->pub, name));
    ClassPriv *c = ARENA_NEW(bd->a, ClassPriv);
    c->stmt = s;
    c->scope = cs;
    c->methods = map_new(bd->a, 8);
    c->attrs = semtab_new(bd->a, 8);
    cs->cls = c;
    VEC_PUSH(bd->a, bd->sp->classes, c);
    if (!bd->sp->classes_by_qn)
        bd->sp->classes_by_qn = semtab_new(bd->a, 16);
    semtab_put(bd->a, bd->sp->classes_by_qn, cs->pub.qualname, c);
    BindingPriv *bp = bind(bd, outer, name, BIND_CLASS, s->start, s->start);
    bp->pub.stmt = s;
    bp->pub.qualname = cs->pub.qualname;

    bind_type_params(bd, cs, s->v.ClassDef.type_params);
    bd->cur = cs;
    visit_stmts(v, s->v.ClassDef.body);
    bd->cur = outer;
}

static const char *
comprehension_name(ExprKind k)
{
    switch (k) {
    case E_ListComp:
        return "<listcomp>";
    case E_SetComp:
        return "<setcomp>";
    case E_DictComp:
        return "<dictcomp>";
    default:
        return "<genexpr>";
    }
}

static void
build_comprehension(Builder *bd, const Expr *e)
{
    Visitor *v = &bd->v;
    ComprehensionSeq gens = e->kind == E_DictComp       ? e->v.DictComp.generators
                            : e->kind == E_SetComp      ? e->v.SetComp.generators
                            : e->kind == E_GeneratorExp ? e->v.GeneratorExp.generators
                                                        : e->v.ListComp.generators;
    if (gens.len)
        visit_expr(v, gens.items[0]->iter); /* evaluated in the enclosing scope */
    ScopePriv *outer = bd->cur;
    ScopePriv *cs = new_scope(bd, SCOPE_COMPREHENSION, outer, NULL, e,
                              child_qualname(bd->a, &outer->pub, comprehension_name(e->kind)));
    bd->cur = cs;
    for (uint32_t i = 0; i < gens.len; i++) {
        const Comprehension *c = gens.items[i];
        if (i > 0)
            visit_expr(v, c->iter);
        if (c->is_async)
            mark_await(cs);
        /* pos 0: the element is written before the `for` that binds its names */
        bind_target(bd, c->target, BIND_FOR_TARGET, NULL, NULL, NULL, 0);
        for (uint32_t j = 0; j < c->ifs.len; j++)
            visit_expr(v, c->ifs.items[j]);
    }
    if (e->kind == E_DictComp) {
        visit_expr(v, e->v.DictComp.key);
        visit_expr(v, e->v.DictComp.value);
    } else {
        visit_expr(v, e->v.ListComp.elt);
    }
    bd->cur = outer;
}

/* resolve_from: the absolute module of `from <dots><module> import ...`. */
static const char *
resolve_from(Builder *bd, Ident module, int level)
{
    if (level <= 0)
        return module ? module : "";
    const char *pkg = bd->sp->pub.package;
    size_t len = strlen(pkg);
    for (int i = 1; i < level && len; i++) {
        while (len && pkg[len - 1] != '.')
            len--;
        if (len)
            len--; /* the dot */
    }
    if (!len)
        return module ? module : "";
    if (!module)
        return arena_strndup(bd->a, pkg, len);
    return arena_sprintf(bd->a, "%.*s.%s", (int)len, pkg, module);
}

static void
build_import(Builder *bd, const Stmt *s)
{
    SemPriv *sp = bd->sp;
    for (uint32_t i = 0; i < s->v.Import.names.len; i++) {
        const Alias *al = s->v.Import.names.items[i];
        ImportInfo info = { al->name, s };
        VEC_PUSH(bd->a, sp->pub.imports, info);
        note_framework(sp, al->name);
        if (al->asname) {
            BindingPriv *bp = bind(bd, bd->cur, al->asname, BIND_IMPORT, al->start, al->start);
            bp->pub.stmt = s;
            bp->pub.qualname = al->name; /* import a.b as c: c is a.b */
        } else {
            size_t n = strcspn(al->name, ".");
            const char *top = al->name[n] ? arena_strndup(bd->a, al->name, n) : al->name;
            BindingPriv *bp = bind(bd, bd->cur, top, BIND_IMPORT, al->start, al->start);
            bp->pub.stmt = s;
            bp->pub.qualname = top; /* import a.b.c binds a */
        }
    }
}

static void
build_import_from(Builder *bd, const Stmt *s)
{
    SemPriv *sp = bd->sp;
    Ident module = s->v.ImportFrom.module;
    int level = s->v.ImportFrom.level;
    const char *mod = resolve_from(bd, module, level);
    ImportInfo info = { mod, s };
    VEC_PUSH(bd->a, sp->pub.imports, info);
    if (level == 0 && module)
        note_framework(sp, module);
    if (level == 0 && module && strcmp(module, "__future__") == 0)
        return; /* compiler directives, not names the code reads */
    for (uint32_t i = 0; i < s->v.ImportFrom.names.len; i++) {
        const Alias *al = s->v.ImportFrom.names.items[i];
        if (strcmp(al->name, "*") == 0)
            continue; /* noted in imports; the names it binds are unknown */
        const char *name = al->asname ? al->asname : al->name;
        BindingPriv *bp = bind(bd, bd->cur, name, BIND_FROM_IMPORT, al->start, al->start);
        bp->pub.stmt = s;
        bp->pub.qualname = sem_join(bd->a, mod, al->name);
    }
}

static bool
enter_stmt(Visitor *v, const Stmt *s)
{
    Builder *bd = v->data;
    switch (s->kind) {
    case S_FunctionDef:
    case S_AsyncFunctionDef:
        build_function(bd, s);
        return false;
    case S_ClassDef:
        build_class(bd, s);
        return false;
    case S_Assign: {
        const Expr *value = s->v.Assign.value;
        visit_expr(v, value);
        for (uint32_t i = 0; i < s->v.Assign.targets.len; i++) {
            const Expr *t = s->v.Assign.targets.items[i];
            bind_target(bd, t, BIND_ASSIGN, s, value, NULL, s->end);
        }
        return false;
    }
    case S_AugAssign: {
        const Expr *t = s->v.AugAssign.target;
        visit_expr(v, s->v.AugAssign.value);
        if (t->kind == E_Name) {
            add_load(bd, t, t->start); /* `x += 1` reads x */
            bind_target(bd, t, BIND_ASSIGN, s, NULL, NULL, s->end);
        } else {
            visit_expr(v, t);
        }
        return false;
    }
    case S_AnnAssign: {
        const Expr *value = s->v.AnnAssign.value;
        visit_expr(v, s->v.AnnAssign.annotation);
        if (value)
            visit_expr(v, value);
        bind_target(bd, s->v.AnnAssign.target, value ? BIND_ASSIGN : BIND_ANNOTATION, s, value,
                    s->v.AnnAssign.annotation, s->end);
        return false;
    }
    case S_For:
    case S_AsyncFor:
        if (s->kind == S_AsyncFor)
            mark_await(bd->cur);
        visit_expr(v, s->v.For.iter);
        bind_target(bd, s->v.For.target, BIND_FOR_TARGET, s, NULL, NULL, s->v.For.iter->end);
        visit_stmts(v, s->v.For.body);
        visit_stmts(v, s->v.For.orelse);
        return false;
    case S_With:
    case S_AsyncWith:
        if (s->kind == S_AsyncWith)
            mark_await(bd->cur);
        for (uint32_t i = 0; i < s->v.With.items.len; i++) {
            const WithItem *it = s->v.With.items.items[i];
            visit_expr(v, it->context_expr);
            if (!it->optional_vars)
                continue;
            const Expr *t = it->optional_vars;
            bind_target(bd, t, BIND_WITH_TARGET, s, NULL, NULL, t->start);
            if (t->kind == E_Name) {
                BindingPriv *bp = semmap_get(bd->sp->binding_by_target, t);
                if (bp)
                    bp->aux = it->context_expr;
            }
        }
        visit_stmts(v, s->v.With.body);
        return false;
    case S_Delete:
        for (uint32_t i = 0; i < s->v.Delete.targets.len; i++)
            bind_target(bd, s->v.Delete.targets.items[i], BIND_DELETE, s, NULL, NULL, s->end);
        return false;
    case S_Import:
        build_import(bd, s);
        return false;
    case S_ImportFrom:
        build_import_from(bd, s);
        return false;
    case S_Global:
        declare(bd, s, DECL_GLOBAL);
        return false;
    case S_Nonlocal:
        declare(bd, s, DECL_NONLOCAL);
        return false;
    case S_TypeAlias: {
        const Expr *name = s->v.TypeAlias.name;
        visit_expr(v, s->v.TypeAlias.value);
        if (name->kind == E_Name)
            bind_target(bd, name, BIND_OTHER, s, NULL, NULL, s->start);
        return false;
    }
    case S_Match:
        VEC_PUSH(bd->a, bd->matches, s);
        return true;
    default:
        return true;
    }
}

static void
leave_stmt(Visitor *v, const Stmt *s)
{
    Builder *bd = v->data;
    if (s->kind == S_Match && bd->matches.len)
        bd->matches.len--;
}

static bool
enter_handler(Visitor *v, const ExceptHandler *h)
{
    Builder *bd = v->data;
    if (h->name) {
        BindingPriv *bp =
            bind(bd, bd->cur, h->name, BIND_EXCEPT, h->start, h->type ? h->type->end : h->start);
        bp->aux = h->type;
    }
    return true;
}

static bool
enter_pattern(Visitor *v, const Pattern *p)
{
    Builder *bd = v->data;
    Ident name = p->kind == P_MatchAs        ? p->v.MatchAs.name
                 : p->kind == P_MatchStar    ? p->v.MatchStar.name
                 : p->kind == P_MatchMapping ? p->v.MatchMapping.rest
                                             : NULL;
    if (name) {
        BindingPriv *bp = bind(bd, bd->cur, name, BIND_MATCH, p->start, p->start);
        bp->pub.stmt = bd->matches.len ? bd->matches.items[bd->matches.len - 1] : NULL;
    }
    return true;
}

static bool
enter_expr(Visitor *v, const Expr *e)
{
    Builder *bd = v->data;
    switch (e->kind) {
    case E_Name:
        if (e->v.Name.ctx == CTX_LOAD)
            add_load(bd, e, e->start);
        else /* targets are bound by their statements; this is only a safety net */
            bind_target(bd, e, e->v.Name.ctx == CTX_DEL ? BIND_DELETE : BIND_OTHER, NULL, NULL,
                        NULL, e->end);
        return false;
    case E_Lambda: {
        visit_arguments(v, e->v.Lambda.args);
        ScopePriv *outer = bd->cur;
        ScopePriv *ls = new_scope(bd, SCOPE_LAMBDA, outer, NULL, e,
                                  child_qualname(bd->a, &outer->pub, "<lambda>"));
        bind_params(bd, ls, e->v.Lambda.args);
        bd->cur = ls;
        visit_expr(v, e->v.Lambda.body);
        bd->cur = outer;
        return false;
    }
    case E_ListComp:
    case E_SetComp:
    case E_DictComp:
    case E_GeneratorExp:
        build_comprehension(bd, e);
        return false;
    case E_NamedExpr: {
        visit_expr(v, e->v.NamedExpr.value);
        ScopePriv *outer = bd->cur, *s = bd->cur; /* binds in the nearest non-comprehension scope */
        while (s->pub.kind == SCOPE_COMPREHENSION && s->pub.parent)
            s = SCP(s->pub.parent);
        const Expr *t = e->v.NamedExpr.target;
        if (t->kind == E_Name) {
            BindingPriv *bp = bind(bd, s, t->v.Name.id, BIND_ASSIGN, t->start, e->end);
            bp->pub.target = t;
            bp->pub.value = e->v.NamedExpr.value;
            bp->eval_scope = &outer->pub;
            semmap_put(bd->a, bd->sp->binding_by_target, t, bp);
        }
        return false;
    }
    case E_Await:
        mark_await(bd->cur);
        return true;
    case E_Yield:
    case E_YieldFrom:
        bd->cur->pub.is_generator = true;
        return true;
    default:
        return true;
    }
}

/* Source order of loads: by offset, then by end. */
static bool
load_before(const LoadRec *x, const LoadRec *y)
{
    if (x->at != y->at)
        return x->at < y->at;
    return x->name->end < y->name->end;
}

static uint32_t
run_end(const LoadRec *v, uint32_t i, uint32_t n)
{
    for (i++; i < n && !load_before(&v[i], &v[i - 1]); i++)
        ;
    return i;
}

/* merge_sort_loads: a stable natural merge sort, for arrays far from order. */
static void
merge_sort_loads(Arena *a, LoadRec *v, uint32_t n)
{
    LoadRec *src = v, *dst = ARENA_ARRAY(a, LoadRec, n);
    for (;;) {
        uint32_t runs = 0;
        for (uint32_t lo = 0; lo < n; runs++) {
            uint32_t mid = run_end(src, lo, n), hi = mid < n ? run_end(src, mid, n) : n;
            uint32_t i = lo, j = mid, k = lo;
            while (i < mid && j < hi)
                dst[k++] = load_before(&src[j], &src[i]) ? src[j++] : src[i++];
            while (i < mid)
                dst[k++] = src[i++];
            while (j < hi)
                dst[k++] = src[j++];
            lo = hi;
        }
        LoadRec *t = src;
        src = dst;
        dst = t;
        if (runs == 1)
            break;
    }
    if (src != v)
        memcpy(v, src, sizeof *v * n);
}

/* sort_loads: sorts stably into source order. The walk records loads almost in that order: only
 * the loads inside an assignment's target (`self` in `self.x = f(y)`), a comprehension's element
 * and such come a few places late, so an insertion sort moves few elements; qsort's comparisons
 * through a callback were a fifth of sem_build. Past a budget of moves (pathological nesting) the
 * rest goes to a merge sort. */
static void
sort_loads(Arena *a, LoadRec *v, uint32_t n)
{
    uint64_t budget = 4 * (uint64_t)n + 1024;
    for (uint32_t i = 1; i < n; i++) {
        if (!load_before(&v[i], &v[i - 1]))
            continue;
        LoadRec x = v[i];
        uint32_t j = i;
        do {
            v[j] = v[j - 1];
            j--;
        } while (j > 0 && load_before(&x, &v[j - 1]));
        v[j] = x;
        if (budget < i - j) {
            merge_sort_loads(a, v, n);
            return;
        }
        budget -= i - j;
    }
}

/* The power of two at least n and at least min (a power of two). */
static uint32_t
table_cap(uint32_t n, uint32_t min)
{
    uint32_t cap = min;
    while (cap < n && cap < (1u << 30))
        cap *= 2;
    return cap;
}

/* ---- public API ---- */

/* sem_build: see semantic.h. Everything is allocated in arena a; never fails. */
enum { BUILD_FULL, BUILD_UNTYPED, BUILD_SUMMARY };

static Semantic *build(Arena *a, const Module *mod, const char *module_name, bool is_package_init,
                       const ProjectIndex *index, int mode);

Semantic *
sem_build(Arena *a, const Module *mod, const char *module_name, bool is_package_init,
          const ProjectIndex *index)
{
    Semantic *sm = build(a, mod, module_name, is_package_init, index, BUILD_UNTYPED);
    sem_type_bindings(sm, NULL, NULL, 0);
    return sm;
}

/* sem_build_untyped: see semantic.h. */
Semantic *
sem_build_untyped(Arena *a, const Module *mod, const char *module_name, bool is_package_init,
                  const ProjectIndex *index)
{
    return build(a, mod, module_name, is_package_init, index, BUILD_UNTYPED);
}

static bool
in_ranges(uint32_t off, const uint32_t *starts, const uint32_t *ends, uint32_t n)
{
    uint32_t lo = 0, hi = n; /* ranges sorted and disjoint */
    while (lo < hi) {
        uint32_t mid = lo + (hi - lo) / 2;
        if (off < starts[mid])
            hi = mid;
        else if (off >= ends[mid])
            lo = mid + 1;
        else
            return true;
    }
    return false;
}

/* sem_type_bindings: see semantic.h. Types once, in binding order, so that queries only read
 * (and answer the same whatever asks first). */
void
sem_type_bindings(Semantic *sm, const uint32_t *skip_starts, const uint32_t *skip_ends,
                  uint32_t nskip)
{
    SemPriv *sp = (SemPriv *)sm;
    for (uint32_t i = 0; i < sp->bindings.len; i++)
        if (!nskip || !in_ranges(sp->bindings.items[i]->start, skip_starts, skip_ends, nskip))
            sem_binding_type(sp, sp->bindings.items[i], 0);
    for (uint32_t i = 0; i < sp->classes.len; i++) {
        ClassPriv *c = sp->classes.items[i];
        if (nskip && c->scope->pub.stmt &&
            in_ranges(c->scope->pub.stmt->start, skip_starts, skip_ends, nskip))
            continue;
        for (uint32_t j = 0; j < c->attrs->cap; j++)
            if (c->attrs->keys[j])
                sem_class_attr_type(sp, c, c->attrs->keys[j], 0);
    }
}

/* sem_build_summary: see semantic.h. */
Semantic *
sem_build_summary(Arena *a, const Module *mod, const char *module_name, bool is_package_init)
{
    return build(a, mod, module_name, is_package_init, NULL, BUILD_SUMMARY);
}

static Semantic *
build(Arena *a, const Module *mod, const char *module_name, bool is_package_init,
      const ProjectIndex *index, int mode)
{
    bool no_uses = mode == BUILD_SUMMARY;
    SemPriv *sp = ARENA_NEW(a, SemPriv);
    Semantic *sm = &sp->pub;
    sm->mod = mod;
    sm->arena = a;
    sm->index = index;
    sm->module_name = module_name ? arena_strdup(a, module_name) : "";
    if (is_package_init) {
        sm->package = sm->module_name;
    } else {
        const char *dot = strrchr(sm->module_name, '.');
        sm->package = dot ? arena_strndup(a, sm->module_name, (size_t)(dot - sm->module_name)) : "";
    }
    /* Sized for the file (the stdlib and async projects have a distinct name per 170-260 bytes of
     * source, a name target per 300-400, a scope per 370, a load per 45): growing rehashes and
     * copies, and zeroing oversized tables costs as much on small files. */
    uint32_t size = mod && mod->body.len ? mod->body.items[mod->body.len - 1]->end : 0;
    sm->scopes_by_node = map_new(a, table_cap(size / 128, 64));
    sp->binding_by_target = map_new(a, table_cap(size / 256, 32));
    sp->atoms = semtab_new(a, table_cap(size / 96, 64));
    sp->atom_of = map_new(a, table_cap(size / 64, 128));
    sp->builtin_qn = map_new(a, 64);
    sp->canon_of = map_new(a, table_cap(size / 128, 64));
    /* classes_by_qn, class_members and type_members are made on first use */
    sp->bindings.cap = table_cap(size / 64, 64);
    sp->bindings.items = arena_alloc(a, sizeof *sp->bindings.items * sp->bindings.cap);

    Builder bd = { .sp = sp, .a = a, .no_uses = no_uses };
    bd.loads.cap = no_uses ? 1 : table_cap(size / 32, 64);
    bd.loads.items = arena_alloc(a, sizeof *bd.loads.items * bd.loads.cap);
    bd.v = (Visitor){ .enter_stmt = enter_stmt,
                      .leave_stmt = leave_stmt,
                      .enter_expr = enter_expr,
                      .enter_pattern = enter_pattern,
                      .enter_handler = enter_handler,
                      .data = &bd };
    ScopePriv *ms = new_scope(&bd, SCOPE_MODULE, NULL, NULL, NULL, sm->module_name);
    ms->pub.table = map_new(a, table_cap(size / 128, 64));
    sm->module_scope = &ms->pub;
    bd.cur = ms;
    if (mod)
        visit_module(&bd.v, mod);

    sm->framework = sm->imports_trio ? FW_TRIO : sm->imports_anyio ? FW_ANYIO : FW_ASYNCIO;

    /* Resolve the loads now that every binding is known. */
    if (bd.loads.len)
        sort_loads(a, bd.loads.items, bd.loads.len);
    /* Loads of one identifier in one scope see the same entry (only the binding picked in it
     * depends on the offset): a small direct-mapped cache of (scope, identifier) spares most
     * loads the atom probe and the climb through the scopes. */
    enum { RESOLVE_SLOTS = 256 };
    struct {
        const Scope *scope;
        Ident name;
        const SemEntry *en;
    } resolved[RESOLVE_SLOTS];
    memset(resolved, 0, sizeof resolved);
    for (uint32_t i = 0; i < bd.loads.len; i++) {
        const LoadRec *r = &bd.loads.items[i];
        Ident name = r->name->v.Name.id;
        uint32_t slot = (sem_hash_ptr(name) ^ sem_hash_ptr(r->scope)) % RESOLVE_SLOTS;
        if (resolved[slot].scope != r->scope || resolved[slot].name != name) {
            resolved[slot].scope = r->scope;
            resolved[slot].name = name;
            resolved[slot].en = find_entry(sp, r->scope, sem_atom(sp, name));
        }
        Binding *b =
            resolved[slot].en ? (Binding *)entry_pick(resolved[slot].en, r->at, false) : NULL;
        if (b) {
            NameUse use = { r->name, r->scope };
            VEC_PUSH(a, b->uses, use);
        }
    }
    /* Bases and types once, so that queries only read. */
    for (uint32_t i = 0; i < sp->classes.len; i++)
        sem_ensure_bases(sp, sp->classes.items[i], 0);
    sp->frozen = true;
    /* types: sem_type_bindings (a summary asks for few: they are worked out when asked) */
    return sm;
}

/* sem_scope_of_node: see semantic.h. */
const Scope *
sem_scope_of_node(const Semantic *sm, const void *node)
{
    /* The checker asks for every node it enters. Both node types start with their kind, so one
     * read rules out all but the kinds whose number is some scope-making kind's (as a Stmt or as
     * an Expr) before the map is probed. */
    _Static_assert(offsetof(Stmt, kind) == 0 && offsetof(Expr, kind) == 0 &&
                       sizeof(StmtKind) == sizeof(ExprKind),
                   "Stmt and Expr start with a kind of the same size");
    _Static_assert(S_KIND_COUNT <= 64 && E_KIND_COUNT <= 64, "kinds fit a 64-bit mask");
    const uint64_t scope_kinds = UINT64_C(1) << S_FunctionDef | UINT64_C(1) << S_AsyncFunctionDef |
                                 UINT64_C(1) << S_ClassDef | UINT64_C(1) << E_Lambda |
                                 UINT64_C(1) << E_ListComp | UINT64_C(1) << E_SetComp |
                                 UINT64_C(1) << E_DictComp | UINT64_C(1) << E_GeneratorExp;
    StmtKind kind;
    if (!node)
        return NULL;
    memcpy(&kind, node, sizeof kind);
    if ((unsigned)kind >= 64 || !(scope_kinds >> (unsigned)kind & 1))
        return NULL;
    return semmap_get(sm->scopes_by_node, node);
}

/* sem_lookup: see semantic.h. */
const Binding *
sem_lookup(const Semantic *sm, const Scope *scope, Ident name, uint32_t at)
{
    return name ? sem_lookup_in(SP(sm), scope, name, at, true) : NULL;
}

/* sem_lookup_str: sem_lookup for a name that need not be interned (nor outlive the call). */
const Binding *
sem_lookup_str(const Semantic *sm, const Scope *scope, const char *name, uint32_t at)
{
    const char *atom = name ? sem_atom_find(SP(sm), name) : NULL;
    return atom ? sem_lookup_atom(SP(sm), scope, atom, at, true) : NULL;
}

/* sem_is_builtin: see semantic.h. */
bool
sem_is_builtin(const Semantic *sm, const Scope *scope, const Expr *name, const char *builtin)
{
    if (!name || name->kind != E_Name || strcmp(name->v.Name.id, builtin) != 0)
        return false;
    return !sem_lookup_in(SP(sm), scope, name->v.Name.id, name->start, false);
}

/* sem_binding_of: see semantic.h. */
const Binding *
sem_binding_of(const Semantic *sm, const Expr *target)
{
    return semmap_get(SP(sm)->binding_by_target, target);
}

/* sem_bindings: see semantic.h. */
Binding *const *
sem_bindings(const Semantic *sm, uint32_t *n)
{
    *n = SP(sm)->bindings.len;
    return SP(sm)->bindings.items;
}

/* sem_enclosing_function: see semantic.h. */
const Scope *
sem_enclosing_function(const Scope *scope)
{
    return enclosing_function(scope);
}
