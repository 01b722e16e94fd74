/* prune: see prune.h.
 *
 * One walk over each top-level statement records whether it mentions something asynchronous on
 * its own (syntax, a watch word, an async dunder, a name containing ExceptionGroup, an import or a
 * dotted chain that reaches an asynchronous project name), the names it reads (also the words of
 * string annotations, which the semantic model reads as types) and the names it binds. Then the
 * names bound by mentioning statements spread the mention to the statements that read them, until
 * nothing changes. Names are compared by text, whatever their scope: a local variable named like
 * a tainted global keeps its statement too (too much kept is only time). */
#include "rules/prune.h"

#include "analysis/relevance.h"
#include "base/hash.h"
#include "base/strbuf.h"
#include "parse/visit.h"

#include <stdlib.h>
#include <string.h>

/* ---- a set of names by text ---- */

typedef struct NameTab {
    const char **keys;
    uint32_t cap, count;
} NameTab;

static bool
tab_has(const NameTab *t, const char *s, size_t n)
{
    if (!t->cap)
        return false;
    uint32_t mask = t->cap - 1;
    for (uint32_t i = hash_bytes(s, n) & mask; t->keys[i]; i = (i + 1) & mask)
        if (!strncmp(t->keys[i], s, n) && !t->keys[i][n])
            return true;
    return false;
}

static bool
tab_add(Arena *a, NameTab *t, const char *s)
{
    size_t n = strlen(s);
    if (tab_has(t, s, n))
        return false;
    if ((t->count + 1) * 2 > t->cap) {
        NameTab old = *t;
        t->cap = t->cap ? t->cap * 2 : 32;
        t->keys = ARENA_ARRAY(a, const char *, t->cap);
        t->count = 0;
        for (uint32_t i = 0; i < old.cap; i++)
            if (old.keys[i])
                tab_add(a, t, old.keys[i]);
    }
    uint32_t mask = t->cap - 1, i = hash_bytes(s, n) & mask;
    while (t->keys[i])
        i = (i + 1) & mask;
    t->keys[i] = s;
    t->count++;
    return true;
}

/* ---- imports: local name -> what it names ---- */

typedef struct ImportMap {
    const char **locals, **targets;
    uint32_t *next_same; /* the next entry with the same local, or UINT32_MAX */
    uint32_t n, cap;
    NameTab names;   /* the locals, to skip the list for names no import binds */
    uint32_t *first; /* per slot of names: the first entry of that local */
    bool star_async; /* a star import from something asynchronous: names arrive unseen */
} ImportMap;

static void
map_add(Arena *a, ImportMap *m, const char *local, const char *target)
{
    if (m->n == m->cap) {
        m->cap = m->cap ? m->cap * 2 : 32;
        const char **l = ARENA_ARRAY(a, const char *, m->cap);
        const char **t = ARENA_ARRAY(a, const char *, m->cap);
        if (m->n) {
            memcpy(l, m->locals, sizeof *l * m->n);
            memcpy(t, m->targets, sizeof *t * m->n);
        }
        m->locals = l;
        m->targets = t;
    }
    m->locals[m->n] = local;
    m->targets[m->n++] = target;
    tab_add(a, &m->names, local);
}

/* Links the entries of each local, once the map is complete. */
static void
map_index(Arena *a, ImportMap *m)
{
    m->next_same = ARENA_ARRAY(a, uint32_t, m->n ? m->n : 1);
    m->first = ARENA_ARRAY(a, uint32_t, m->names.cap ? m->names.cap : 1);
    for (uint32_t i = 0; i < m->names.cap; i++)
        m->first[i] = UINT32_MAX;
    for (uint32_t i = m->n; i-- > 0;) {
        size_t n = strlen(m->locals[i]);
        uint32_t mask = m->names.cap - 1, j = hash_bytes(m->locals[i], n) & mask;
        while (strcmp(m->names.keys[j], m->locals[i]) != 0)
            j = (j + 1) & mask;
        m->next_same[i] = m->first[j];
        m->first[j] = i;
    }
}

/* The first entry binding `local`, or UINT32_MAX. */
static uint32_t
map_first(const ImportMap *m, const char *local)
{
    if (!m->names.cap)
        return UINT32_MAX;
    size_t n = strlen(local);
    uint32_t mask = m->names.cap - 1;
    for (uint32_t j = hash_bytes(local, n) & mask; m->names.keys[j]; j = (j + 1) & mask)
        if (!strcmp(m->names.keys[j], local))
            return m->first[j];
    return UINT32_MAX;
}

/* What an identifier is, worked out once per identifier of the file (they are interned). */
enum { ID_KNOWN = 1, ID_WATCH = 2, ID_IMPORT = 4, ID_MODULE = 8 };

typedef struct IdFlags {
    const char **keys;
    uint8_t *flags;
    uint32_t cap, count;
} IdFlags;

typedef struct Pruner {
    Arena *a;
    const ProjectIndex *idx;
    ImportMap imports;
    IdFlags ids;
    NameTab module_names; /* names bound at module level */
    /* the statement being walked */
    bool mention;
    VEC(const char *) reads;
    VEC(const char *) binds;
    StrBuf chain;
} Pruner;

static bool
async_target(const Pruner *p, const char *target)
{
    return relevance_watch_root(target) || project_async_related(p->idx, target);
}

static bool
group_name(const char *s)
{
    return strstr(s, "ExceptionGroup") != NULL;
}

static bool
async_dunder(const char *s)
{
    return !strcmp(s, "__aenter__") || !strcmp(s, "__aexit__") || !strcmp(s, "__aiter__") ||
           !strcmp(s, "__anext__") || !strcmp(s, "__await__");
}

static uint32_t
ptr_hash(const void *ptr)
{
    uint64_t x = (uint64_t)(uintptr_t)ptr;
    x ^= x >> 33;
    x *= 0xFF51AFD7ED558CCDull;
    return (uint32_t)(x >> 32);
}

static uint8_t
id_flags(Pruner *p, const char *id)
{
    if ((p->ids.count + 1) * 2 > p->ids.cap) {
        IdFlags old = p->ids;
        p->ids.cap = old.cap ? old.cap * 2 : 1024;
        p->ids.keys = ARENA_ARRAY(p->a, const char *, p->ids.cap);
        p->ids.flags = ARENA_ARRAY(p->a, uint8_t, p->ids.cap);
        for (uint32_t i = 0; i < old.cap; i++)
            if (old.keys[i]) {
                uint32_t j = ptr_hash(old.keys[i]) & (p->ids.cap - 1);
                while (p->ids.keys[j])
                    j = (j + 1) & (p->ids.cap - 1);
                p->ids.keys[j] = old.keys[i];
                p->ids.flags[j] = old.flags[i];
            }
    }
    uint32_t mask = p->ids.cap - 1, j = ptr_hash(id) & mask;
    for (; p->ids.keys[j]; j = (j + 1) & mask)
        if (p->ids.keys[j] == id)
            return p->ids.flags[j];
    size_t n = strlen(id);
    uint8_t f = ID_KNOWN;
    if (relevance_watch_word(id, n) || (id[0] == '_' && async_dunder(id)) ||
        (n >= 14 && group_name(id)))
        f |= ID_WATCH;
    if (tab_has(&p->imports.names, id, n))
        f |= ID_IMPORT;
    if (tab_has(&p->module_names, id, n))
        f |= ID_MODULE;
    p->ids.keys[j] = id;
    p->ids.flags[j] = f;
    p->ids.count++;
    return f;
}

/* An identifier of the statement: a watch word or such makes it mention on its own. */
static void
identifier(Pruner *p, const char *s)
{
    if (id_flags(p, s) & ID_WATCH)
        p->mention = true;
}

/* A name read (or a chain's head): through the imports it may reach something asynchronous. */
static void
read_chain(Pruner *p, const char *head, const char *rest)
{
    uint8_t f = id_flags(p, head);
    if (f & ID_MODULE)
        VEC_PUSH(p->a, p->reads, head);
    if (!(f & ID_IMPORT))
        return;
    for (uint32_t i = map_first(&p->imports, head); i != UINT32_MAX && !p->mention;
         i = p->imports.next_same[i]) {
        sb_clear(&p->chain);
        sb_adds(&p->chain, p->imports.targets[i]);
        sb_adds(&p->chain, rest);
        if (async_target(p, sb_cstr(&p->chain)))
            p->mention = true;
    }
}

/* The words of a string annotation, read as names (`c: "Conn"`, `Optional["pkg.Conn"]`). */
static void
annotation_words(Pruner *p, const Expr *e)
{
    if (!e)
        return;
    if (e->kind == E_Constant && e->v.Constant.kind == CONST_STR && e->v.Constant.text) {
        const char *s = e->v.Constant.text;
        size_t n = e->v.Constant.len;
        for (size_t i = 0; i < n;) {
            if (!(s[i] == '_' || ((s[i] | 0x20) >= 'a' && (s[i] | 0x20) <= 'z'))) {
                i++;
                continue;
            }
            size_t j = i; /* a dotted run of names */
            while (j < n && (s[j] == '_' || s[j] == '.' || (s[j] >= '0' && s[j] <= '9') ||
                             ((s[j] | 0x20) >= 'a' && (s[j] | 0x20) <= 'z')))
                j++;
            const char *word = arena_strndup(p->a, s + i, j - i);
            const char *dot = strchr(word, '.');
            const char *head = dot ? arena_strndup(p->a, word, (size_t)(dot - word)) : word;
            identifier(p, head);
            read_chain(p, head, dot ? dot : "");
            i = j;
        }
        return;
    }
    switch (e->kind) {
    case E_Subscript:
        annotation_words(p, e->v.Subscript.value);
        annotation_words(p, e->v.Subscript.slice);
        break;
    case E_Tuple:
        for (uint32_t i = 0; i < e->v.Tuple.elts.len; i++)
            annotation_words(p, e->v.Tuple.elts.items[i]);
        break;
    case E_BinOp:
        annotation_words(p, e->v.BinOp.left);
        annotation_words(p, e->v.BinOp.right);
        break;
    default:
        break;
    }
}

static void
arguments_annotations(Pruner *p, const Arguments *args)
{
    if (!args)
        return;
    const ArgSeq *seqs[3] = { &args->posonlyargs, &args->args, &args->kwonlyargs };
    for (int k = 0; k < 3; k++)
        for (uint32_t i = 0; i < seqs[k]->len; i++)
            annotation_words(p, seqs[k]->items[i]->annotation);
    if (args->vararg)
        annotation_words(p, args->vararg->annotation);
    if (args->kwarg)
        annotation_words(p, args->kwarg->annotation);
}

static bool
prune_enter_stmt(Visitor *v, const Stmt *s)
{
    Pruner *p = v->data;
    switch (s->kind) {
    case S_AsyncFunctionDef:
    case S_AsyncWith:
    case S_AsyncFor:
    case S_TryStar:
        p->mention = true;
        break;
    case S_FunctionDef:
        identifier(p, s->v.FunctionDef.name);
        VEC_PUSH(p->a, p->binds, s->v.FunctionDef.name);
        arguments_annotations(p, s->v.FunctionDef.args);
        annotation_words(p, s->v.FunctionDef.returns);
        break;
    case S_ClassDef:
        identifier(p, s->v.ClassDef.name);
        VEC_PUSH(p->a, p->binds, s->v.ClassDef.name);
        break;
    case S_AnnAssign:
        annotation_words(p, s->v.AnnAssign.annotation);
        break;
    case S_Import:
        /* an import binds; what is done with it decides (`import unittest` then
         * `unittest.TestCase` reaches nothing asynchronous, `unittest.IsolatedAsyncioTestCase`
         * does) */
        for (uint32_t i = 0; i < s->v.Import.names.len; i++) {
            const Alias *al = s->v.Import.names.items[i];
            const char *local = al->asname;
            if (!local) {
                const char *dot = strchr(al->name, '.');
                local = dot ? arena_strndup(p->a, al->name, (size_t)(dot - al->name)) : al->name;
            }
            VEC_PUSH(p->a, p->binds, local);
        }
        break;
    case S_ImportFrom:
        /* its targets were checked when the import map was built: bindings only here */
        for (uint32_t i = 0; i < s->v.ImportFrom.names.len; i++) {
            const Alias *al = s->v.ImportFrom.names.items[i];
            VEC_PUSH(p->a, p->binds, al->asname ? al->asname : al->name);
        }
        break;
    default:
        break;
    }
    return !p->mention;
}

static bool
prune_enter_handler(Visitor *v, const ExceptHandler *h)
{
    Pruner *p = v->data;
    if (h->name)
        VEC_PUSH(p->a, p->binds, h->name);
    return true;
}

static bool
prune_enter_expr(Visitor *v, const Expr *e)
{
    Pruner *p = v->data;
    switch (e->kind) {
    case E_Await:
        p->mention = true;
        break;
    case E_ListComp:
    case E_SetComp:
    case E_GeneratorExp:
    case E_DictComp: {
        ComprehensionSeq gens =
            e->kind == E_DictComp ? e->v.DictComp.generators : e->v.ListComp.generators;
        for (uint32_t i = 0; i < gens.len; i++)
            if (gens.items[i]->is_async)
                p->mention = true;
        break;
    }
    case E_Name:
        identifier(p, e->v.Name.id);
        if (e->v.Name.ctx == CTX_LOAD)
            read_chain(p, e->v.Name.id, "");
        else
            VEC_PUSH(p->a, p->binds, e->v.Name.id);
        break;
    case E_Attribute: {
        identifier(p, e->v.Attribute.attr);
        /* a chain of names is judged whole, by the path it resolves to: `unittest.TestCase` is
         * not asynchronous even though the module holds some that are */
        const Expr *x = e;
        while (x->kind == E_Attribute)
            x = x->v.Attribute.value;
        if (x->kind != E_Name)
            break;
        const Expr *parts[64];
        uint32_t np = 0;
        for (const Expr *y = e; y->kind == E_Attribute && np < 64; y = y->v.Attribute.value)
            parts[np++] = y;
        if (np == 64)
            break; /* absurdly long: walk it part by part */
        for (uint32_t i = np; i-- > 0;)
            identifier(p, parts[i]->v.Attribute.attr);
        identifier(p, x->v.Name.id);
        if (x->v.Name.ctx != CTX_LOAD)
            return false;
        if (!(id_flags(p, x->v.Name.id) & ID_IMPORT)) {
            read_chain(p, x->v.Name.id, "");
            return false;
        }
        StrBuf rest = STRBUF_INIT;
        for (uint32_t i = np; i-- > 0;) {
            sb_addc(&rest, '.');
            sb_adds(&rest, parts[i]->v.Attribute.attr);
        }
        read_chain(p, x->v.Name.id, sb_cstr(&rest));
        sb_free(&rest);
        return false;
    }
    case E_Call:
        for (uint32_t i = 0; i < e->v.Call.keywords.len; i++)
            if (e->v.Call.keywords.items[i]->arg)
                identifier(p, e->v.Call.keywords.items[i]->arg);
        break;
    default:
        break;
    }
    return !p->mention;
}

static int
cmp_binding_start(const void *pa, const void *pb)
{
    const Binding *a = *(const Binding *const *)pa, *b = *(const Binding *const *)pb;
    return a->start < b->start ? -1 : a->start > b->start;
}

typedef struct StmtInfo {
    bool mention;
    const char **reads, **binds;
    uint32_t nreads, nbinds;
} StmtInfo;

/* prune_units: see prune.h. */
bool *
prune_units(Arena *a, const Semantic *sm, const Module *mod, const ProjectIndex *idx)
{
    if (!mod || !project_async_known(idx) || !mod->body.len)
        return NULL;
    Pruner p = { .a = a, .idx = idx, .chain = STRBUF_INIT };
    /* every import of the file, whatever its scope: `from pkg.api import Conn as C` -> C */
    for (uint32_t i = 0; i < sm->imports.len; i++) {
        const ImportInfo *im = &sm->imports.items[i];
        const Stmt *s = im->stmt;
        if (s->kind == S_Import) {
            for (uint32_t k = 0; k < s->v.Import.names.len; k++) {
                const Alias *al = s->v.Import.names.items[k];
                if (al->asname) {
                    map_add(a, &p.imports, al->asname, al->name);
                } else {
                    const char *dot = strchr(al->name, '.');
                    map_add(a, &p.imports,
                            dot ? arena_strndup(a, al->name, (size_t)(dot - al->name)) : al->name,
                            dot ? arena_strndup(a, al->name, (size_t)(dot - al->name)) : al->name);
                }
            }
        } else if (s->kind == S_ImportFrom && im->module) {
            for (uint32_t k = 0; k < s->v.ImportFrom.names.len; k++) {
                const Alias *al = s->v.ImportFrom.names.items[k];
                if (!strcmp(al->name, "*")) {
                    p.imports.star_async |= async_target(&p, im->module);
                    continue;
                }
                map_add(a, &p.imports, al->asname ? al->asname : al->name,
                        arena_join(a, im->module, al->name));
            }
        }
    }
    if (p.imports.star_async) {
        sb_free(&p.chain);
        return NULL; /* names from it cannot be told apart: keep everything */
    }
    map_index(a, &p.imports);

    for (uint32_t k = 0; k < sm->module_scope->bindings.len; k++)
        tab_add(a, &p.module_names, sm->module_scope->bindings.items[k]->name);
    uint32_t n = mod->body.len;
    StmtInfo *info = ARENA_ARRAY(a, StmtInfo, n);
    Visitor v = { .enter_stmt = prune_enter_stmt,
                  .enter_expr = prune_enter_expr,
                  .enter_handler = prune_enter_handler,
                  .data = &p };
    NameTab tainted = { 0 };
    /* the module's bindings by position (made in walk order: `global` ones from inside defs come
     * late), to hand each statement those within it */
    uint32_t nb = sm->module_scope->bindings.len;
    const Binding **by_start = ARENA_ARRAY(a, const Binding *, nb ? nb : 1);
    for (uint32_t k = 0; k < nb; k++)
        by_start[k] = sm->module_scope->bindings.items[k];
    qsort(by_start, nb, sizeof *by_start, cmp_binding_start);
    uint32_t next_binding = 0;
    for (uint32_t i = 0; i < n; i++) {
        p.mention = false;
        p.reads.len = p.binds.len = 0;
        p.reads.items = p.binds.items = NULL;
        p.reads.cap = p.binds.cap = 0;
        v.stop = false;
        const Stmt *s = mod->body.items[i];
        StmtSeq one = { (Stmt **)&mod->body.items[i], 1 };
        visit_stmts(&v, one);
        /* what it binds at module level (a def's locals are not: they cannot reach another
         * statement), from the semantic model; bindings come in source order */
        VEC(const char *) binds = { 0 };
        for (; next_binding < nb; next_binding++) {
            const Binding *b = by_start[next_binding];
            if (b->start >= s->end)
                break;
            if (b->start >= s->start)
                VEC_PUSH(a, binds, b->name);
        }
        info[i] = (StmtInfo){ p.mention, p.reads.items, binds.items, p.reads.len, binds.len };
        for (uint32_t k = 0; p.mention && k < binds.len; k++)
            tab_add(a, &tainted, binds.items[k]);
    }
    for (bool changed = true; changed;) {
        changed = false;
        for (uint32_t i = 0; i < n; i++) {
            if (info[i].mention)
                continue;
            for (uint32_t k = 0; k < info[i].nreads && !info[i].mention; k++)
                info[i].mention = tab_has(&tainted, info[i].reads[k], strlen(info[i].reads[k]));
            if (!info[i].mention)
                continue;
            changed = true;
            for (uint32_t k = 0; k < info[i].nbinds; k++)
                tab_add(a, &tainted, info[i].binds[k]);
        }
    }
    sb_free(&p.chain);
    bool *skip = ARENA_ARRAY(a, bool, n);
    bool any = false;
    for (uint32_t i = 0; i < n; i++) {
        const Stmt *s = mod->body.items[i];
        skip[i] = !info[i].mention && (s->kind == S_FunctionDef || s->kind == S_ClassDef);
        any |= skip[i];
    }
    return any ? skip : NULL;
}
