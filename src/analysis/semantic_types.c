/* semantic_types: what an expression names and what type its value has (sem_qualname,
 * sem_type_of): imports, definitions, `self`/`cls` methods through this file's, the project's and
 * the catalog's base classes, `super()`, receivers of known type (constructors, catalog result
 * types, awaited coroutines, annotations incl. strings and Optional, `with ... as`, `self.attr`).
 * Types of bindings and of class attributes are memoised on them with cycle guards. */
#include "analysis/semantic_internal.h"

#include "analysis/catalog.h"
#include "analysis/project.h"

static bool
has_prefix(const char *s, const char *prefix)
{
    return strncmp(s, prefix, strlen(prefix)) == 0;
}

static const char *
last_component(const char *q)
{
    const char *dot = strrchr(q, '.');
    return dot ? dot + 1 : q;
}

static const Scope *
scope_of(const SemPriv *sp, const void *node)
{
    return semmap_get(sp->pub.scopes_by_node, node);
}

static ClassPriv *
class_of_stmt(const SemPriv *sp, const Stmt *s)
{
    const Scope *cs = s ? scope_of(sp, s) : NULL;
    return cs && cs->kind == SCOPE_CLASS ? SCP(cs)->cls : NULL;
}

/* The class when b is the first parameter of a method (`self`, `cls`). */
static ClassPriv *
self_class_of(const Binding *b)
{
    if (!b || b->kind != BIND_PARAMETER || !BP(b)->is_self || !b->scope->class_scope)
        return NULL;
    return SCP(b->scope->class_scope)->cls;
}

/* self_class: the class when e is the first parameter of a method (`self`, `cls`). Such a
 * parameter belongs to a method enclosing scope and has its name: without one, no lookup. */
static ClassPriv *
self_class(SemPriv *sp, const Scope *scope, const Expr *e)
{
    if (e->kind != E_Name)
        return NULL;
    Ident id = e->v.Name.id;
    bool candidate = false;
    for (const Scope *s = scope; s && !candidate; s = s->parent) {
        Ident self = s->kind == SCOPE_FUNCTION ? SCP(s)->self_name : NULL;
        candidate = self && (self == id || strcmp(self, id) == 0);
    }
    if (!candidate)
        return NULL;
    return self_class_of(sem_lookup_in(sp, scope, id, e->start, false));
}

/* sem_ensure_bases: see semantic_internal.h. */
void
sem_ensure_bases(SemPriv *sp, ClassPriv *c, int depth)
{
    if (c->bases_state != STATE_TODO)
        return;
    c->bases_state = STATE_BUSY;
    ExprSeq bases = c->stmt->v.ClassDef.bases;
    const Scope *outer = c->scope->pub.parent;
    c->nbases = bases.len;
    c->base_qn = ARENA_ARRAY(sp->pub.arena, const char *, bases.len ? bases.len : 1);
    c->base_local = ARENA_ARRAY(sp->pub.arena, ClassPriv *, bases.len ? bases.len : 1);
    for (uint32_t i = 0; i < bases.len; i++) {
        const Expr *e = bases.items[i];
        if (e->kind == E_Subscript) /* Base[T] */
            e = e->v.Subscript.value;
        if (e->kind == E_Name) {
            const Binding *b = sem_lookup_in(sp, outer, e->v.Name.id, c->stmt->start, false);
            if (b && b->kind == BIND_CLASS)
                c->base_local[i] = class_of_stmt(sp, b->stmt);
        }
        c->base_qn[i] = sem_canon(sp, sem_qual(sp, outer, e, depth + 1, true));
    }
    c->bases_state = STATE_DONE;
}

/* class_method: the qualified name of the method `attr` as found on class c or its bases (breadth
 * first, each class once): this file's classes, the project's, then the catalog's. NULL when not
 * found. */
static const char *
find_class_method(SemPriv *sp, ClassPriv *c, const char *attr, bool skip_self, int depth)
{
    enum { QMAX = 64 };
    ClassPriv *qlocal[QMAX];
    const char *qname[QMAX];
    uint32_t n = 1;
    const char *attr_atom = sem_atom(sp, attr);
    qlocal[0] = c;
    qname[0] = c->scope->pub.qualname;
    for (uint32_t i = 0; i < n; i++) {
        if (qlocal[i]) {
            ClassPriv *k = qlocal[i];
            if (!(skip_self && i == 0) && semmap_get(k->methods, attr_atom))
                return sem_join(sp->pub.arena, k->scope->pub.qualname, attr);
            sem_ensure_bases(sp, k, depth + 1);
            for (uint32_t j = 0; j < k->nbases && n < QMAX; j++) {
                ClassPriv *bl = k->base_local[j];
                const char *bq = k->base_qn[j];
                if (!bl && !bq)
                    continue;
                bool seen = false;
                for (uint32_t m = 0; m < n && !seen; m++)
                    seen = bl ? qlocal[m] == bl : (!qlocal[m] && strcmp(qname[m], bq) == 0);
                if (!seen) {
                    qlocal[n] = bl;
                    qname[n] = bl ? bl->scope->pub.qualname : bq;
                    n++;
                }
            }
        } else {
            const FuncInfo *fi =
                sp->pub.index ? project_find_method(sp->pub.index, qname[i], attr) : NULL;
            if (fi)
                return fi->qualname;
            /* a library class the catalog knows: `class Client(httpx.AsyncClient)` */
            const char *m = sem_join(sp->pub.arena, qname[i], attr);
            if (catalog_lookup(m))
                return m;
        }
    }
    return NULL;
}

static const char *
class_method(SemPriv *sp, ClassPriv *c, const char *attr, bool skip_self, int depth)
{
    if (!sp->frozen)
        return find_class_method(sp, c, attr, skip_self, depth);
    const void *key = (const void *)((uintptr_t)c | (uintptr_t)skip_self);
    const char *atom = sem_atom(sp, attr);
    const void *r;
    if (!sem_pair_get(sp->class_members, key, atom, &r)) {
        r = find_class_method(sp, c, attr, skip_self, depth);
        sem_pair_put(sp->pub.arena, &sp->class_members, key, atom, r);
    }
    return r;
}

/* instance_attr: "<class>.<attr>" for `self.attr` that names no method; one string per pair once
 * the classes are frozen (as class_method's answers, under the key's second tag bit). */
static const char *
instance_attr(SemPriv *sp, ClassPriv *c, const char *attr)
{
    if (!sp->frozen)
        return sem_join(sp->pub.arena, c->scope->pub.qualname, attr);
    const void *key = (const void *)((uintptr_t)c | 2u);
    const char *atom = sem_atom(sp, attr);
    const void *r;
    if (!sem_pair_get(sp->class_members, key, atom, &r)) {
        r = sem_join(sp->pub.arena, c->scope->pub.qualname, attr);
        sem_pair_put(sp->pub.arena, &sp->class_members, key, atom, r);
    }
    return r;
}

/* member_of_type: `<value of type t>.attr`, resolved to the defining class for known classes. */
static const char *
find_member_of_type(SemPriv *sp, const char *t, const char *attr, int depth)
{
    ClassPriv *c = semtab_get(sp->classes_by_qn, t);
    if (c) {
        const char *r = class_method(sp, c, attr, false, depth + 1);
        if (r)
            return r;
    } else if (sp->pub.index && project_find_class(sp->pub.index, t)) {
        /* only a class has bases that may define attr under another name; of anything else (a
         * module) the index could only confirm "t.attr", after loading t to find it */
        const FuncInfo *fi = project_find_method(sp->pub.index, t, attr);
        if (fi)
            return fi->qualname;
    }
    return sem_join(sp->pub.arena, t, attr);
}

static const char *
member_of_type(SemPriv *sp, const char *t, const char *attr, int depth)
{
    if (!sp->frozen)
        return find_member_of_type(sp, t, attr, depth);
    const char *type_atom = sem_text_atom(sp, t), *atom = sem_atom(sp, attr);
    const void *r;
    if (!sem_pair_get(sp->type_members, type_atom, atom, &r)) {
        r = find_member_of_type(sp, type_atom, attr, depth);
        sem_pair_put(sp->pub.arena, &sp->type_members, type_atom, atom, r);
    }
    return r;
}

/* builtin_qual: "builtins.<name>" when name is a builtin's, else NULL (one string per name). */
static const char *
builtin_qual(SemPriv *sp, const char *name)
{
    const char *atom = sem_atom(sp, name);
    const char *q = semmap_get(sp->builtin_qn, atom);
    if (!q) {
        q = sem_builtin_name(name) ? sem_join(sp->pub.arena, "builtins", name) : sem_not_builtin;
        semmap_put(sp->pub.arena, sp->builtin_qn, atom, (void *)q);
    }
    return q == sem_not_builtin ? NULL : q;
}

static bool
is_super_call(SemPriv *sp, const Scope *scope, const Expr *e)
{
    return e->kind == E_Call && e->v.Call.func->kind == E_Name &&
           strcmp(e->v.Call.func->v.Name.id, "super") == 0 &&
           !sem_lookup_in(sp, scope, "super", e->start, false);
}

/* super_member: `super().attr` in a method: the first base (breadth first) that defines attr; the
 * first base's name when none of the known ones does. */
static const char *
super_member(SemPriv *sp, const Scope *scope, const char *attr, int depth)
{
    const Scope *fn = sem_enclosing_function(scope);
    while (fn && !fn->class_scope)
        fn = sem_enclosing_function(fn->parent);
    if (!fn)
        return NULL;
    ClassPriv *c = SCP(fn->class_scope)->cls;
    const char *r = class_method(sp, c, attr, true, depth + 1);
    if (r)
        return r;
    sem_ensure_bases(sp, c, depth + 1);
    for (uint32_t i = 0; i < c->nbases; i++)
        if (c->base_qn[i])
            return sem_join(sp->pub.arena, c->base_qn[i], attr);
    return NULL;
}

/* name_qual: sem_qual of the Name e, which reads binding b (NULL: a builtin or unknown). */
static const char *
name_qual(SemPriv *sp, const Expr *e, const Binding *b, int depth, bool receiver)
{
    if (!b)
        return builtin_qual(sp, e->v.Name.id);
    switch (b->kind) {
    case BIND_IMPORT:
    case BIND_FROM_IMPORT:
    case BIND_FUNCTION:
    case BIND_CLASS:
        return b->qualname;
    case BIND_ASSIGN: /* an alias: `sleep = time.sleep` */
        if (b->value && (b->value->kind == E_Name || b->value->kind == E_Attribute))
            return sem_qual(sp, BP(b)->eval_scope, b->value, depth + 1, receiver);
        return NULL;
    default:
        return NULL;
    }
}

/* name_member: sem_qual of `recv.attr` at depth for a Name receiver: what self_class, sem_type
 * and sem_qual would each find for recv, from one lookup of it. */
static const char *
name_member(SemPriv *sp, const Scope *scope, const Expr *recv, const char *attr, int depth,
            bool receiver)
{
    const Binding *b = sem_lookup_in(sp, scope, recv->v.Name.id, recv->start, false);
    ClassPriv *c = self_class_of(b);
    if (c) {
        const char *r = class_method(sp, c, attr, false, depth + 1);
        if (r)
            return r;
        /* not a method here: an instance attribute or inherited from an unknown base */
        return receiver ? NULL : instance_attr(sp, c, attr);
    }
    /* sem_type(recv) and sem_qual(recv) at depth + 1 */
    bool deep = depth + 1 > MAX_DEPTH;
    const char *t = !deep && b ? sem_binding_type(sp, b, depth + 2) : NULL;
    if (t)
        return member_of_type(sp, t, attr, depth + 1);
    const char *q = deep ? NULL : name_qual(sp, recv, b, depth + 1, true);
    if (q)
        return member_of_type(sp, sem_canon(sp, q), attr, depth + 1);
    return NULL;
}

/* sem_qual: see semantic_internal.h. */
const char *
sem_qual(SemPriv *sp, const Scope *scope, const Expr *e, int depth, bool receiver)
{
    if (depth > MAX_DEPTH)
        return NULL;
    if (e->kind == E_Name)
        return name_qual(sp, e, sem_lookup_in(sp, scope, e->v.Name.id, e->start, false), depth,
                         receiver);
    if (e->kind != E_Attribute)
        return NULL;
    const Expr *recv = e->v.Attribute.value;
    const char *attr = e->v.Attribute.attr;
    if (recv->kind == E_Name) /* self.attr, module.attr, obj.attr */
        return name_member(sp, scope, recv, attr, depth, receiver);
    if (is_super_call(sp, scope, recv))
        return super_member(sp, scope, attr, depth + 1);
    const char *t = sem_type(sp, scope, recv, depth + 1);
    if (t)
        return member_of_type(sp, t, attr, depth + 1);
    const char *q = sem_qual(sp, scope, recv, depth + 1, true);
    if (q)
        return member_of_type(sp, sem_canon(sp, q), attr, depth + 1);
    return NULL;
}

static bool
is_dotted(const char *s, size_t n)
{
    if (!n)
        return false;
    bool start = true;
    for (size_t i = 0; i < n; i++) {
        unsigned char ch = (unsigned char)s[i];
        if (ch == '.') {
            if (start)
                return false;
            start = true;
            continue;
        }
        bool alpha =
            (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || ch == '_' || ch >= 0x80;
        if (!alpha && !(ch >= '0' && ch <= '9' && !start))
            return false;
        start = false;
    }
    return !start;
}

/* resolve_dotted: "httpx.AsyncClient" written in a string annotation, read in scope at `at`. */
static const char *
resolve_dotted(SemPriv *sp, const Scope *scope, const char *s, size_t n, uint32_t at)
{
    if (!is_dotted(s, n))
        return NULL;
    Arena *a = sp->pub.arena;
    size_t head = 0;
    while (head < n && s[head] != '.')
        head++;
    const char *first = arena_strndup(a, s, head);
    const char *rest = head < n ? arena_strndup(a, s + head + 1, n - head - 1) : NULL;
    const char *atom = sem_atom_find(sp, first); /* `first` is a fresh copy: not memoised */
    const Binding *b = atom ? sem_lookup_atom(sp, scope, atom, at, false) : NULL;
    const char *base = NULL;
    if (!b)
        base = sem_builtin_name(first) ? sem_join(a, "builtins", first) : NULL;
    else if (b->kind == BIND_IMPORT || b->kind == BIND_FROM_IMPORT || b->kind == BIND_CLASS ||
             b->kind == BIND_FUNCTION)
        base = b->qualname;
    if (!base)
        return NULL;
    return rest ? sem_join(a, base, rest) : base;
}

/* ann_text_type: a string annotation: "X", "Optional[X]", "X | None", "typing.Optional[X]". */
static const char *
ann_text_type(SemPriv *sp, const Scope *scope, const char *s, size_t n, uint32_t at)
{
    for (int guard = 0; guard < 8; guard++) {
        while (n && (*s == ' ' || *s == '\t'))
            s++, n--;
        while (n && (s[n - 1] == ' ' || s[n - 1] == '\t'))
            n--;
        static const char *const wrappers[] = { "Optional[", "typing.Optional[",
                                                "Final[",    "typing.Final[",
                                                "ClassVar[", "typing.ClassVar[" };
        bool unwrapped = false;
        for (size_t i = 0; i < ARRAY_LEN(wrappers) && !unwrapped; i++) {
            size_t w = strlen(wrappers[i]);
            if (n > w + 1 && strncmp(s, wrappers[i], w) == 0 && s[n - 1] == ']') {
                s += w;
                n -= w + 1;
                unwrapped = true;
            }
        }
        if (unwrapped)
            continue;
        const char *bar = memchr(s, '|', n);
        if (!bar)
            break;
        /* exactly two alternatives, one of them None */
        size_t ln = (size_t)(bar - s);
        const char *r = bar + 1;
        size_t rn = n - ln - 1;
        if (memchr(r, '|', rn))
            return NULL;
        const char *l = s;
        while (ln && l[ln - 1] == ' ')
            ln--;
        while (rn && *r == ' ')
            r++, rn--;
        if (ln == 4 && strncmp(l, "None", 4) == 0)
            s = r, n = rn;
        else if (rn >= 4 && strncmp(r, "None", 4) == 0 && (rn == 4 || r[4] == ' '))
            n = ln;
        else
            return NULL;
    }
    if (n == 4 && strncmp(s, "None", 4) == 0)
        return NULL;
    return resolve_dotted(sp, scope, s, n, at);
}

/* typing_name: "X" when q is "typing.X" or "typing_extensions.X", else NULL. */
static const char *
typing_name(const char *q)
{
    if (!q || q[0] != 't')
        return NULL;
    if (strncmp(q, "typing.", 7) == 0)
        return q + 7;
    if (strncmp(q, "typing_extensions.", 18) == 0)
        return q + 18;
    return NULL;
}

static bool
is_typing(const char *q, const char *name)
{
    const char *t = typing_name(q);
    return t && strcmp(t, name) == 0;
}

static bool
is_none(const Expr *e)
{
    return e->kind == E_Constant && e->v.Constant.kind == CONST_NONE;
}

/* ann_type: the type an annotation names, unwrapping Optional[X], X | None, Annotated[X, ...],
 * Final[X], ClassVar[X] and string annotations. */
static const char *
ann_type(SemPriv *sp, const Scope *scope, const Expr *ann, int depth)
{
    if (!ann || depth > MAX_DEPTH)
        return NULL;
    switch (ann->kind) {
    case E_Constant:
        if (ann->v.Constant.kind == CONST_STR)
            return ann_text_type(sp, scope, ann->v.Constant.text, ann->v.Constant.len, ann->start);
        return NULL;
    case E_Name:
    case E_Attribute: {
        const char *q = sem_canon(sp, sem_qual(sp, scope, ann, depth + 1, true));
        return is_typing(q, "Any") ? NULL : q;
    }
    case E_BinOp:
        if (ann->v.BinOp.op != OP_BITOR)
            return NULL;
        if (is_none(ann->v.BinOp.left))
            return ann_type(sp, scope, ann->v.BinOp.right, depth + 1);
        if (is_none(ann->v.BinOp.right))
            return ann_type(sp, scope, ann->v.BinOp.left, depth + 1);
        return NULL;
    case E_Subscript: {
        const char *vq =
            sem_canon(sp, sem_qual(sp, scope, ann->v.Subscript.value, depth + 1, true));
        const Expr *sl = ann->v.Subscript.slice;
        const char *tn = typing_name(vq);
        if (tn && (!strcmp(tn, "Optional") || !strcmp(tn, "Final") || !strcmp(tn, "ClassVar") ||
                   !strcmp(tn, "Annotated") || !strcmp(tn, "Required") ||
                   !strcmp(tn, "NotRequired") || !strcmp(tn, "ReadOnly"))) {
            if (sl->kind == E_Tuple && sl->v.Tuple.elts.len)
                sl = sl->v.Tuple.elts.items[0];
            return ann_type(sp, scope, sl, depth + 1);
        }
        if (tn && !strcmp(tn, "Union")) {
            if (sl->kind != E_Tuple)
                return ann_type(sp, scope, sl, depth + 1);
            const Expr *only = NULL;
            for (uint32_t i = 0; i < sl->v.Tuple.elts.len; i++) {
                const Expr *x = sl->v.Tuple.elts.items[i];
                if (is_none(x) ||
                    (x->kind == E_Constant && x->v.Constant.kind == CONST_STR &&
                     x->v.Constant.len == 4 && memcmp(x->v.Constant.text, "None", 4) == 0))
                    continue;
                if (only)
                    return NULL;
                only = x;
            }
            return only ? ann_type(sp, scope, only, depth + 1) : NULL;
        }
        return vq; /* list[int] -> builtins.list */
    }
    default:
        return NULL;
    }
}

/* def_return_type: the return annotation of a def of this file (async defs only when awaited). */
static const char *
def_return_type(SemPriv *sp, const Binding *b, bool awaited, int depth)
{
    const Stmt *s = b->stmt;
    if (!s || (s->kind == S_AsyncFunctionDef) != awaited || !s->v.FunctionDef.returns)
        return NULL;
    return ann_type(sp, b->scope, s->v.FunctionDef.returns, depth + 1);
}

static bool
looks_like_class(const char *q)
{
    const char *last = last_component(q);
    return *last >= 'A' && *last <= 'Z';
}

/* call_type: the type of a call's result. */
static const char *
call_type(SemPriv *sp, const Scope *scope, const Expr *call, int depth)
{
    const Expr *func = call->v.Call.func;
    if (func->kind == E_Name) {
        const Binding *b = sem_lookup_in(sp, scope, func->v.Name.id, func->start, false);
        if (b && b->kind == BIND_CLASS)
            return b->qualname;
        if (b && b->kind == BIND_FUNCTION)
            return def_return_type(sp, b, false, depth + 1);
    }
    const char *q = sem_canon(sp, sem_qual(sp, scope, func, depth + 1, false));
    if (!q)
        return NULL;
    const CatalogEntry *ce = catalog_lookup(q);
    if (ce) {
        if (ce->flags & CATF_CLASS)
            return ce->result_type ? ce->result_type : q;
        if (ce->flags & CATF_COROUTINE)
            return NULL; /* a coroutine object until awaited */
        return ce->result_type;
    }
    if (semtab_get(sp->classes_by_qn, q))
        return q;
    if (sp->pub.index && project_find_class(sp->pub.index, q))
        return q;
    /* an imported class the catalog does not know (`Service()` from another module): by convention
     * classes are capitalised, and a wrong guess only names a type no rule knows; a project
     * function so named is not one (asked only then: the answer is no type either way) */
    if (has_prefix(q, "builtins.") || !looks_like_class(q))
        return NULL;
    return sp->pub.index && project_find_func(sp->pub.index, q) ? NULL : q;
}

static const char *
await_type(SemPriv *sp, const Scope *scope, const Expr *value, int depth)
{
    if (value->kind != E_Call)
        return NULL;
    const Expr *func = value->v.Call.func;
    if (func->kind == E_Name) {
        const Binding *b = sem_lookup_in(sp, scope, func->v.Name.id, func->start, false);
        if (b && b->kind == BIND_FUNCTION)
            return def_return_type(sp, b, true, depth + 1);
    }
    const char *q = sem_canon(sp, sem_qual(sp, scope, func, depth + 1, false));
    const CatalogEntry *ce = q ? catalog_lookup(q) : NULL;
    if (ce && (ce->flags & CATF_COROUTINE))
        return ce->result_type;
    return NULL;
}

/* with_type: the type `with ctx as v` binds v to. */
static const char *
with_type(SemPriv *sp, const Scope *scope, const Expr *ctx, int depth)
{
    if (ctx->kind == E_Call) {
        const char *q = sem_canon(sp, sem_qual(sp, scope, ctx->v.Call.func, depth + 1, false));
        const CatalogEntry *ce = q ? catalog_lookup(q) : NULL;
        if (ce)
            return ce->result_type ? ce->result_type : (ce->flags & CATF_CLASS) ? q : NULL;
        return call_type(sp, scope, ctx, depth + 1); /* a class's __enter__ usually returns self */
    }
    return sem_type(sp, scope, ctx, depth + 1);
}

/* sem_class_attr_type: see semantic_internal.h. */
const char *
sem_class_attr_type(SemPriv *sp, ClassPriv *c, const char *attr, int depth)
{
    if (depth > MAX_DEPTH)
        return NULL;
    const char *t = NULL;
    ClassAttr *ca = semtab_get(c->attrs, attr);
    if (ca) {
        if (ca->state == STATE_DONE)
            return ca->type;
        if (ca->state == STATE_BUSY)
            return NULL;
        ca->state = STATE_BUSY;
        for (uint32_t i = 0; i < ca->assigns.len && !t; i++) {
            const AttrAssign *as = &ca->assigns.items[i];
            if (as->annotation)
                t = ann_type(sp, as->scope, as->annotation, depth + 1);
            if (!t && as->value)
                t = sem_type(sp, as->scope, as->value, depth + 1);
        }
    }
    if (!t) { /* a class-level `attr: T` or `attr = T()` */
        const SemEntry *en = semmap_get(c->scope->pub.table, sem_atom(sp, attr));
        if (en && en->n)
            t = sem_binding_type(sp, en->items[en->n - 1], depth + 1);
    }
    if (!t) {
        sem_ensure_bases(sp, c, depth + 1);
        for (uint32_t i = 0; i < c->nbases && !t; i++)
            if (c->base_local[i] && c->base_local[i] != c)
                t = sem_class_attr_type(sp, c->base_local[i], attr, depth + 1);
    }
    t = sem_canon(sp, t);
    if (ca) {
        ca->type = t;
        ca->state = STATE_DONE;
    }
    return t;
}

/* sem_binding_type: see semantic_internal.h. */
const char *
sem_binding_type(SemPriv *sp, const Binding *b, int depth)
{
    BindingPriv *bp = BP(b);
    if (bp->type_state == STATE_DONE)
        return b->type;
    if (bp->type_state == STATE_BUSY || depth > MAX_DEPTH)
        return NULL;
    bp->type_state = STATE_BUSY;
    const char *t = NULL;
    const Scope *es = bp->eval_scope;
    switch (b->kind) {
    case BIND_PARAMETER:
        if (bp->is_self)
            t = SCP(b->scope)->is_classmethod ? NULL : b->scope->class_scope->qualname;
        else
            t = ann_type(sp, es, b->annotation, depth + 1);
        break;
    case BIND_ASSIGN:
        t = ann_type(sp, es, b->annotation, depth + 1);
        if (!t && b->value)
            t = sem_type(sp, es, b->value, depth + 1);
        break;
    case BIND_ANNOTATION:
        t = ann_type(sp, es, b->annotation, depth + 1);
        break;
    case BIND_WITH_TARGET:
        t = bp->aux ? with_type(sp, es, bp->aux, depth + 1) : NULL;
        break;
    case BIND_EXCEPT:
        if (bp->aux && (bp->aux->kind == E_Name || bp->aux->kind == E_Attribute))
            t = sem_qual(sp, es, bp->aux, depth + 1, true);
        break;
    default:
        break;
    }
    bp->pub.type = sem_canon(sp, t);
    bp->type_state = STATE_DONE;
    return b->type;
}

/* sem_type: see semantic_internal.h. */
const char *
sem_type(SemPriv *sp, const Scope *scope, const Expr *e, int depth)
{
    if (depth > MAX_DEPTH)
        return NULL;
    switch (e->kind) {
    case E_Name: {
        const Binding *b = sem_lookup_in(sp, scope, e->v.Name.id, e->start, false);
        return b ? sem_binding_type(sp, b, depth + 1) : NULL;
    }
    case E_Attribute: {
        ClassPriv *c = self_class(sp, scope, e->v.Attribute.value);
        return c ? sem_class_attr_type(sp, c, e->v.Attribute.attr, depth + 1) : NULL;
    }
    case E_Call:
        return call_type(sp, scope, e, depth + 1);
    case E_Await:
        return await_type(sp, scope, e->v.Await.value, depth + 1);
    case E_NamedExpr:
        return sem_type(sp, scope, e->v.NamedExpr.value, depth + 1);
    default:
        return NULL;
    }
}

/* sem_qualname: see semantic.h; the string is in the file's arena. */
const char *
sem_qualname(const Semantic *sm, const Scope *scope, const Expr *e)
{
    if (!e)
        return NULL;
    SemPriv *sp = SP(sm);
    return sem_canon(sp, sem_qual(sp, scope ? scope : sm->module_scope, e, 0, false));
}

/* sem_type_of: see semantic.h; the string is in the file's arena (or the catalog's). */
const char *
sem_type_of(const Semantic *sm, const Scope *scope, const Expr *e)
{
    if (!e)
        return NULL;
    SemPriv *sp = SP(sm);
    return sem_canon(sp, sem_type(sp, scope ? scope : sm->module_scope, e, 0));
}

/* sem_call_target: see semantic.h. */
const char *
sem_call_target(const Semantic *sm, const Scope *scope, const Expr *call)
{
    if (!call || call->kind != E_Call)
        return NULL;
    return sem_qualname(sm, scope, call->v.Call.func);
}
