/* relevance: see relevance.h.
 *
 * Three steps. (1) Each file's imports become bindings `local -> target` with absolute targets
 * (relative imports resolved against the file's package). (2) The asynchronous qualified names of
 * the project: module-level `async def`s and classes with async members, then, until nothing
 * changes, classes with a base that resolves to one of them or into an async library, and
 * module-level imports that re-export one (`from .impl import fetch` in pkg/__init__.py makes
 * "pkg.fetch" asynchronous, as does `from .impl import *`). (3) A file is relevant if its skim
 * says so on its own (async syntax, unsure), if it names a trigger word, or if one of its bindings
 * reaches an asynchronous name: the target itself is one (`from pkg.api import fetch`), or the
 * target is a module or class above one and the file writes the next step of the path
 * (`import pkg.api` then `pkg.api.fetch`, which the skim recorded as the chain "pkg.api"). */
#include "analysis/relevance.h"

#include "analysis/catalog.h"
#include "base/hash.h"
#include "base/pool.h"

#include <pthread.h>
#include "base/strbuf.h"

#include <stdlib.h>
#include <string.h>

/* Names rules match by themselves, whatever module they come from (a method on an object of
 * unknown type, a decorator, an annotation). The exception-group rules (ASYNC123, ASR403) need a
 * handler that names an ExceptionGroup or an `except*`: the skim's group_syntax. */
static const char *const rule_words[] = {
    "create_task",    "ensure_future",  "run_until_complete", "run_forever",
    "shield",         "get_event_loop", "coroutine",          "start_soon",
    "new_event_loop", "set_event_loop", "Awaitable",          "Coroutine",
};

/* ---- the watch words, built once ---- */

static const char *watch_words[256];
static uint32_t nwatch_words;
static pthread_once_t watch_once = PTHREAD_ONCE_INIT;
static const char *watch_slots[1024]; /* open addressing on the words, for relevance_watch_word */

static void
add_watch_word(const char *w, size_t n)
{
    for (uint32_t i = 0; i < nwatch_words; i++)
        if (strlen(watch_words[i]) == n && !strncmp(watch_words[i], w, n))
            return;
    if (nwatch_words < ARRAY_LEN(watch_words))
        watch_words[nwatch_words++] = strndup(w, n);
}

/* The top-level module names of the catalog's async entries, and the rules' own names. A blocking
 * entry (a sync class or function) is not among them: it matters only inside an async def, which
 * the file's async syntax already selects; nor are CATF_OFFLOAD and CATF_NOT_AWAITABLE (running a
 * callable in a thread, awaiting what is not awaitable: only inside an async def). */
static void
build_watch_words(void)
{
    const uint32_t async_flags = CATF_COROUTINE | CATF_ASYNC_CM | CATF_ASYNC_ITER |
                                 CATF_LOOP_RUNNER | CATF_TASK_SPAWN | CATF_START_SOON |
                                 CATF_CANCEL_SCOPE | CATF_CHECKPOINT;
    uint32_t n = 0;
    const CatalogEntry *e = catalog_entries(&n);
    for (uint32_t i = 0; i < n; i++) {
        if (!(e[i].flags & async_flags))
            continue;
        const char *q = e[i].qualname;
        size_t len = strcspn(q, ".");
        if (len == 8 && !strncmp(q, "builtins", 8))
            continue;
        add_watch_word(q, len);
    }
    for (size_t k = 0; k < ARRAY_LEN(rule_words); k++)
        add_watch_word(rule_words[k], strlen(rule_words[k]));
    for (uint32_t i = 0; i < nwatch_words; i++) {
        uint32_t j = hash_str(watch_words[i]) & (ARRAY_LEN(watch_slots) - 1);
        while (watch_slots[j])
            j = (j + 1) & (ARRAY_LEN(watch_slots) - 1);
        watch_slots[j] = watch_words[i];
    }
}

/* relevance_watch_word: see relevance.h. */
bool
relevance_watch_word(const char *name, size_t n)
{
    pthread_once(&watch_once, build_watch_words);
    const uint32_t mask = ARRAY_LEN(watch_slots) - 1;
    for (uint32_t j = hash_bytes(name, n) & mask; watch_slots[j]; j = (j + 1) & mask)
        if (!strncmp(watch_slots[j], name, n) && !watch_slots[j][n])
            return true;
    return false;
}

/* relevance_watch_root: see relevance.h. */
bool
relevance_watch_root(const char *qualname)
{
    return relevance_watch_word(qualname, strcspn(qualname, "."));
}

/* ---- a string set / map (keys owned by the caller's arena) ---- */

typedef struct StrMap {
    const char **keys;
    void **vals;
    uint32_t *hashes;
    uint32_t cap, count;
} StrMap;

static void
map_init(StrMap *m)
{
    m->cap = 256;
    m->count = 0;
    m->keys = xcalloc(m->cap, sizeof *m->keys);
    m->vals = xcalloc(m->cap, sizeof *m->vals);
    m->hashes = xcalloc(m->cap, sizeof *m->hashes);
}

static void
map_free(StrMap *m)
{
    free(m->keys);
    free(m->vals);
    free(m->hashes);
}

static uint32_t
map_slot(const StrMap *m, const char *k, size_t n, uint32_t h)
{
    uint32_t mask = m->cap - 1;
    for (uint32_t i = h & mask;; i = (i + 1) & mask)
        if (!m->keys[i] ||
            (m->hashes[i] == h && strncmp(m->keys[i], k, n) == 0 && m->keys[i][n] == '\0'))
            return i;
}

static void *
map_get(const StrMap *m, const char *k, size_t n)
{
    uint32_t i = map_slot(m, k, n, hash_bytes(k, n));
    return m->keys[i] ? m->vals[i] : NULL;
}

static bool
map_has(const StrMap *m, const char *k)
{
    size_t n = strlen(k);
    return m->keys[map_slot(m, k, n, hash_bytes(k, n))] != NULL;
}

/* A string with its length and hash, worked out in the parallel pass for the serial fixpoint,
 * which asks about the same strings on every round. */
typedef struct HashedStr {
    const char *s;
    uint32_t len, hash;
} HashedStr;

static HashedStr
hashed(const char *s)
{
    size_t n = strlen(s);
    return (HashedStr){ s, (uint32_t)n, hash_bytes(s, n) };
}

static bool
map_has_hashed(const StrMap *m, HashedStr k)
{
    return m->keys[map_slot(m, k.s, k.len, k.hash)] != NULL;
}

/* map_put: inserts k (already in an arena) if absent; returns whether it was new. */
static bool
map_put(StrMap *m, const char *k, void *v)
{
    if ((m->count + 1) * 2 > m->cap) {
        StrMap old = *m;
        m->cap *= 2;
        m->count = 0;
        m->keys = xcalloc(m->cap, sizeof *m->keys);
        m->vals = xcalloc(m->cap, sizeof *m->vals);
        m->hashes = xcalloc(m->cap, sizeof *m->hashes);
        for (uint32_t i = 0; i < old.cap; i++)
            if (old.keys[i]) {
                uint32_t j = map_slot(m, old.keys[i], strlen(old.keys[i]), old.hashes[i]);
                m->keys[j] = old.keys[i];
                m->vals[j] = old.vals[i];
                m->hashes[j] = old.hashes[i];
                m->count++;
            }
        map_free(&old);
    }
    size_t n = strlen(k);
    uint32_t h = hash_bytes(k, n);
    uint32_t i = map_slot(m, k, n, h);
    if (m->keys[i])
        return false;
    m->keys[i] = k;
    m->vals[i] = v;
    m->hashes[i] = h;
    m->count++;
    return true;
}

/* ---- step 1: bindings ---- */

typedef struct Binding {
    const char *local;  /* NULL for a star import */
    HashedStr target;   /* absolute dotted name */
    uint32_t local_len; /* strlen(local): base classes are matched against every binding */
    bool top_level;
} Binding;

typedef VEC(Binding) BindingVec;

typedef struct FileInfo {
    Binding *bindings;
    uint32_t nbindings;
} FileInfo;

static const char *
join(Arena *a, const char *prefix, const char *name)
{
    if (!*prefix)
        return arena_strdup(a, name);
    if (!*name)
        return arena_strdup(a, prefix);
    return arena_join(a, prefix, name);
}

/* The package a relative import of `level` dots starts from, or NULL when it climbs out of the
 * top-level package. */
static const char *
relative_base(Arena *a, const char *module, bool is_init, uint8_t level)
{
    size_t n = strlen(module);
    uint32_t up = level - (is_init ? 1u : 0u); /* components to drop from the module name */
    for (uint32_t k = 0; k < up; k++) {
        if (!n)
            return NULL;
        while (n && module[n - 1] != '.')
            n--;
        if (n)
            n--; /* the dot */
    }
    return arena_strndup(a, module, n);
}

static void
add_binding(Arena *a, BindingVec *out, const char *local, const char *target, bool top)
{
    Binding b = { local, hashed(target), local ? (uint32_t)strlen(local) : 0, top };
    VEC_PUSH(a, *out, b);
}

static void
file_bindings(Arena *a, const RelevanceFile *rf, FileInfo *fi)
{
    BindingVec out = { 0 };
    const FileSkim *sk = rf->skim;
    for (uint32_t i = 0; i < sk->nimports; i++) {
        const SkimImport *im = &sk->imports[i];
        if (!im->name) { /* import a.b.c [as x] */
            const char *dot = strchr(im->module, '.');
            size_t first = dot ? (size_t)(dot - im->module) : strlen(im->module);
            if (!im->local)
                continue;
            if (strlen(im->local) == first && !strncmp(im->local, im->module, first)) {
                /* `import a.b` binds a; `import a.b as a` (odd, but legal) binds a.b */
                add_binding(a, &out, im->local, arena_strndup(a, im->module, first), im->top_level);
                if (dot)
                    add_binding(a, &out, im->local, im->module, im->top_level);
            } else {
                add_binding(a, &out, im->local, im->module, im->top_level);
            }
            continue;
        }
        const char *base = im->module;
        if (im->level) {
            const char *pkg = relative_base(a, rf->module, rf->is_init, im->level);
            if (!pkg)
                continue;
            base = join(a, pkg, im->module);
        }
        if (!strcmp(im->name, "*"))
            add_binding(a, &out, NULL, base, im->top_level);
        else
            add_binding(a, &out, im->local ? im->local : im->name, join(a, base, im->name),
                        im->top_level);
    }
    fi->bindings = out.items;
    fi->nbindings = out.len;
}

/* ---- step 2: asynchronous project names ---- */

typedef struct ClassRef ClassRef;

/* What the parallel first pass prepares per file, in its thread's arena. */
typedef struct FileWork {
    ClassRef *refs; /* classes without async members but with bases */
    uint32_t nrefs;
    uint8_t verdict; /* pass three: a Verdict */
} FileWork;

typedef struct Ctx {
    Arena a;
    FileWork *work;
    /* one arena per worker of the first pass (by pool_worker()): an arena per file took a fresh
     * chunk each */
    Arena *thread_arenas;
    uint32_t nthread_arenas;
    const char *const *words; /* async library roots and the rules' own names */
    const uint64_t *word_hashes;
    uint32_t nwords;
    const RelevanceFile *files;
    size_t n;
    FileInfo *info;
    StrMap async_names; /* qualified name -> (void *)1 */
    StrMap children;    /* parent of an asynchronous name -> the StrVec of last components */
    StrMap lib_roots;   /* top-level module names of async libraries */
} Ctx;

static bool
root_is_async_lib(const Ctx *cx, const char *q)
{
    const char *dot = strchr(q, '.');
    size_t n = dot ? (size_t)(dot - q) : strlen(q);
    return map_get(&cx->lib_roots, q, n) != NULL;
}

static void
collect_lib_roots(Ctx *cx)
{
    pthread_once(&watch_once, build_watch_words);
    for (uint32_t i = 0; i < nwatch_words; i++) /* rule words included: harmless as roots */
        map_put(&cx->lib_roots, arena_strdup(&cx->a, watch_words[i]), (void *)1);
}

/* The absolute names a dotted base written in file f may stand for: a class of the same module,
 * the name written out, or what the file's import bindings make of its first component. Whether a
 * base is an async library's is decided once here (the library part never changes). */
struct ClassRef {
    size_t file;
    const SkimClass *cls;
    HashedStr *candidates;
    uint32_t ncandidates;
    bool lib_base; /* a base from an async library */
};

typedef VEC(const char *) StrVec;

static void
add_candidate(Arena *a, StrVec *out, const char *s)
{
    VEC_PUSH(a, *out, arena_strdup(a, s));
}

static void
base_candidates(Ctx *cx, Arena *a, ClassRef *ref)
{
    const RelevanceFile *rf = &cx->files[ref->file];
    StrVec out = { 0 };
    StrBuf sb = STRBUF_INIT;
    for (uint32_t j = 0; j < ref->cls->nbases; j++) {
        const char *text = ref->cls->bases[j];
        const char *dot = strchr(text, '.');
        size_t first = dot ? (size_t)(dot - text) : strlen(text);
        const char *rest = dot ? dot : "";
        sb_clear(&sb);
        sb_adds(&sb, rf->module);
        if (*rf->module)
            sb_addc(&sb, '.');
        sb_adds(&sb, text);
        add_candidate(a, &out, sb_cstr(&sb));
        add_candidate(a, &out, text);
        ref->lib_base |= root_is_async_lib(cx, text);
        const FileInfo *fi = &cx->info[ref->file];
        for (uint32_t i = 0; i < fi->nbindings; i++) {
            const Binding *b = &fi->bindings[i];
            if (!b->local || b->local_len != first || memcmp(b->local, text, first) != 0)
                continue;
            ref->lib_base |= root_is_async_lib(cx, b->target.s);
            sb_clear(&sb);
            sb_adds(&sb, b->target.s);
            sb_adds(&sb, rest);
            add_candidate(a, &out, sb_cstr(&sb));
        }
    }
    sb_free(&sb);
    ref->candidates = ARENA_ARRAY(a, HashedStr, out.len ? out.len : 1);
    for (uint32_t i = 0; i < out.len; i++)
        ref->candidates[i] = hashed(out.items[i]);
    ref->ncandidates = out.len;
}

/* add_async: adds module.name; also files it under its parent, for star re-exports. */
static bool
add_async(Ctx *cx, const char *module, const char *name)
{
    StrBuf sb = STRBUF_INIT;
    sb_adds(&sb, module);
    if (*module)
        sb_addc(&sb, '.');
    sb_adds(&sb, name);
    bool added = false;
    if (!map_has(&cx->async_names, sb_cstr(&sb))) {
        const char *q = arena_strdup(&cx->a, sb_cstr(&sb));
        added = map_put(&cx->async_names, q, (void *)1);
        const char *dot = strrchr(q, '.');
        if (dot) {
            StrVec *children = map_get(&cx->children, q, (size_t)(dot - q));
            if (!children) {
                children = ARENA_NEW(&cx->a, StrVec);
                map_put(&cx->children, arena_strndup(&cx->a, q, (size_t)(dot - q)), children);
            }
            VEC_PUSH(&cx->a, *children, dot + 1);
        }
    }
    sb_free(&sb);
    return added;
}

static void
async_names(Ctx *cx)
{
    for (size_t f = 0; f < cx->n; f++) {
        const FileSkim *sk = cx->files[f].skim;
        if (!sk)
            continue;
        /* a skim that could not follow the file may have missed some: the whole module counts */
        if (sk->unsure && *cx->files[f].module)
            add_async(cx, "", cx->files[f].module);
        for (uint32_t i = 0; i < sk->nasync_defs; i++)
            add_async(cx, cx->files[f].module, sk->async_defs[i]);
        for (uint32_t i = 0; i < sk->nclasses; i++)
            if (sk->classes[i].has_async_member)
                add_async(cx, cx->files[f].module, sk->classes[i].name);
    }
    for (bool changed = true; changed;) {
        changed = false;
        for (size_t f = 0; f < cx->n; f++)
            for (uint32_t r = 0; r < cx->work[f].nrefs; r++) {
                ClassRef *ref = &cx->work[f].refs[r];
                if (!ref->cls)
                    continue; /* already asynchronous */
                bool async = ref->lib_base;
                for (uint32_t c = 0; c < ref->ncandidates && !async; c++)
                    async = map_has_hashed(&cx->async_names, ref->candidates[c]);
                if (async) {
                    changed |= add_async(cx, cx->files[f].module, ref->cls->name);
                    ref->cls = NULL;
                }
            }
        for (size_t f = 0; f < cx->n; f++) {
            const char *module = cx->files[f].module;
            const FileInfo *fi = &cx->info[f];
            for (uint32_t i = 0; i < fi->nbindings; i++) {
                const Binding *b = &fi->bindings[i];
                if (!b->top_level)
                    continue;
                if (b->local) {
                    if (map_has_hashed(&cx->async_names, b->target))
                        changed |= add_async(cx, module, b->local);
                    continue;
                }
                /* `from x import *` re-exports x's asynchronous names one level down */
                const StrVec *children = map_get(&cx->children, b->target.s, b->target.len);
                for (uint32_t k = 0; children && k < children->len; k++)
                    changed |= add_async(cx, module, children->items[k]);
            }
        }
    }
}

/* ---- step 3 ---- */

typedef struct NextList {
    VEC(const char *) names;
} NextList;

/* For every proper prefix of an asynchronous name, the components that may follow it. */
static void
build_prefixes(Ctx *cx, StrMap *prefixes)
{
    for (uint32_t k = 0; k < cx->async_names.cap; k++) {
        const char *q = cx->async_names.keys[k];
        if (!q)
            continue;
        for (const char *dot = strchr(q, '.'); dot; dot = strchr(dot + 1, '.')) {
            size_t n = (size_t)(dot - q);
            NextList *nl = map_get(prefixes, q, n);
            if (!nl) {
                nl = ARENA_NEW(&cx->a, NextList);
                map_put(prefixes, arena_strndup(&cx->a, q, n), nl);
            }
            const char *end = strchr(dot + 1, '.');
            size_t len = end ? (size_t)(end - dot - 1) : strlen(dot + 1);
            bool seen = false;
            for (uint32_t i = 0; i < nl->names.len && !seen; i++)
                seen =
                    strlen(nl->names.items[i]) == len && !strncmp(nl->names.items[i], dot + 1, len);
            if (!seen)
                VEC_PUSH(&cx->a, nl->names, arena_strndup(&cx->a, dot + 1, len));
        }
    }
}

/* reaches_async: whether the file, through a name bound to `target` and written as `chain`,
 * reaches an asynchronous name: following the recorded chains down the prefix tree
 * ("unittest" -> "unittest.mock" -> "unittest.mock.AsyncMock"), or, where the written chain stops
 * at a module or class above asynchronous names (it may be aliased: `m = unittest.mock`), naming
 * one of the names one level further down anywhere in the file. */
static bool
reaches_async(Ctx *cx, const FileSkim *sk, const StrMap *prefixes, const char *target,
              const char *chain, int depth)
{
    const NextList *nl = map_get(prefixes, target, strlen(target));
    if (!nl || depth > 32)
        return false;
    bool found = false;
    StrBuf t = STRBUF_INIT, c = STRBUF_INIT;
    for (uint32_t j = 0; j < nl->names.len && !found; j++) {
        const char *next = nl->names.items[j];
        sb_clear(&t);
        sb_adds(&t, target);
        sb_addc(&t, '.');
        sb_adds(&t, next);
        sb_clear(&c);
        sb_adds(&c, chain);
        sb_addc(&c, '.');
        sb_adds(&c, next);
        if (!skim_has_chain(sk, sb_cstr(&c), c.len))
            continue;
        found = map_has(&cx->async_names, sb_cstr(&t)) ||
                reaches_async(cx, sk, prefixes, sb_cstr(&t), sb_cstr(&c), depth + 1);
        if (!found) { /* the chain stops here: an alias of this module or class may go on */
            const NextList *below = map_get(prefixes, sb_cstr(&t), t.len);
            for (uint32_t k = 0; below && k < below->names.len && !found; k++)
                found = skim_has_id(sk, below->names.items[k], strlen(below->names.items[k]));
        }
    }
    sb_free(&t);
    sb_free(&c);
    return found;
}

static bool
imports_async(Ctx *cx, size_t f, const StrMap *prefixes)
{
    const FileSkim *sk = cx->files[f].skim;
    const FileInfo *fi = &cx->info[f];
    for (uint32_t i = 0; i < fi->nbindings; i++) {
        const Binding *b = &fi->bindings[i];
        if (b->local) {
            if (map_has_hashed(&cx->async_names, b->target))
                return true;
            if (reaches_async(cx, sk, prefixes, b->target.s, b->local, 0))
                return true;
            continue;
        }
        /* star import: the names one level down arrive bare */
        const NextList *nl = map_get(prefixes, b->target.s, b->target.len);
        for (uint32_t j = 0; nl && j < nl->names.len; j++)
            if (skim_has_id(sk, nl->names.items[j], strlen(nl->names.items[j])))
                return true;
    }
    return false;
}

enum Verdict { V_NO, V_DEFAULT, V_SYNTAX, V_NAME, V_IMPORT };

/* Pass one, per file: its bindings, its classes' base candidates, whether it names a word. */
static void
prepare_file(void *ctxp, size_t f)
{
    Ctx *cx = ctxp;
    Arena *a = &cx->thread_arenas[pool_worker()];
    FileWork *w = &cx->work[f];
    const RelevanceFile *rf = &cx->files[f];
    const FileSkim *sk = rf->skim;
    if (!sk)
        return;
    file_bindings(a, rf, &cx->info[f]);
    uint32_t nrefs = 0;
    for (uint32_t i = 0; i < sk->nclasses; i++)
        nrefs += !sk->classes[i].has_async_member && sk->classes[i].nbases;
    w->refs = ARENA_ARRAY(a, ClassRef, nrefs ? nrefs : 1);
    for (uint32_t i = 0; i < sk->nclasses; i++)
        if (!sk->classes[i].has_async_member && sk->classes[i].nbases) {
            ClassRef *ref = &w->refs[w->nrefs++];
            *ref = (ClassRef){ .file = f, .cls = &sk->classes[i] };
            base_candidates(cx, a, ref);
        }
    bool named_word = false;
    for (uint32_t k = 0; k < cx->nwords && !named_word; k++)
        named_word = skim_set_has(&sk->ids, cx->word_hashes[k]);
    w->verdict = !sk || sk->unsure || rf->named   ? V_DEFAULT
                 : sk->async_syntax               ? V_SYNTAX
                 : named_word || sk->group_syntax ? V_NAME
                                                  : V_NO;
}

/* Pass three, per file not yet relevant: its imports, against the project's async names. */
typedef struct ImportPass {
    Ctx *cx;
    const StrMap *prefixes;
} ImportPass;

static void
check_imports(void *ctxp, size_t f)
{
    ImportPass *ip = ctxp;
    FileWork *w = &ip->cx->work[f];
    if (w->verdict == V_NO && ip->cx->files[f].skim && imports_async(ip->cx, f, ip->prefixes))
        w->verdict = V_IMPORT;
}

/* relevance_compute: see relevance.h. Passes one and three run per file on `jobs` threads; the
 * project's asynchronous names (pass two) are worked out on one. */
void
relevance_compute(const RelevanceFile *files, size_t n, bool *relevant, unsigned jobs,
                  RelevanceStats *stats, void (*on_async_name)(void *ctx, const char *name),
                  void *ctx)
{
    RelevanceStats st = { .files = (uint32_t)n };
    Ctx cx = { .files = files, .n = n };
    arena_init(&cx.a, 0);
    cx.info = ARENA_ARRAY(&cx.a, FileInfo, n ? n : 1);
    cx.work = ARENA_ARRAY(&cx.a, FileWork, n ? n : 1);
    map_init(&cx.async_names);
    map_init(&cx.children);
    map_init(&cx.lib_roots);
    collect_lib_roots(&cx);
    cx.words = watch_words;
    cx.nwords = nwatch_words;
    uint64_t *hashes = ARENA_ARRAY(&cx.a, uint64_t, nwatch_words ? nwatch_words : 1);
    for (uint32_t k = 0; k < nwatch_words; k++)
        hashes[k] = skim_hash(watch_words[k], strlen(watch_words[k]));
    cx.word_hashes = hashes;
    cx.nthread_arenas = n ? pool_threads(n, jobs) : 1;
    cx.thread_arenas = ARENA_ARRAY(&cx.a, Arena, cx.nthread_arenas);
    for (uint32_t k = 0; k < cx.nthread_arenas; k++)
        arena_init(&cx.thread_arenas[k], 64 * 1024);

    pool_run(n, jobs, prepare_file, &cx);
    async_names(&cx);
    st.async_defs = cx.async_names.count;
    for (uint32_t k = 0; on_async_name && k < cx.async_names.cap; k++)
        if (cx.async_names.keys[k])
            on_async_name(ctx, cx.async_names.keys[k]);
    StrMap prefixes;
    map_init(&prefixes);
    build_prefixes(&cx, &prefixes);
    ImportPass ip = { &cx, &prefixes };
    pool_run(n, jobs, check_imports, &ip);

    for (size_t f = 0; f < n; f++) {
        uint8_t v = files[f].skim ? cx.work[f].verdict : V_DEFAULT;
        st.by_default += v == V_DEFAULT;
        st.by_syntax += v == V_SYNTAX;
        st.by_name += v == V_NAME;
        st.by_import += v == V_IMPORT;
        relevant[f] = v != V_NO;
        st.relevant += relevant[f];
    }
    for (uint32_t k = 0; k < cx.nthread_arenas; k++)
        arena_free(&cx.thread_arenas[k]);
    map_free(&prefixes);
    map_free(&cx.async_names);
    map_free(&cx.children);
    map_free(&cx.lib_roots);
    arena_free(&cx.a);
    if (stats)
        *stats = st;
}
