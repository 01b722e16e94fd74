#include "analysis/catalog.h"
#include "analysis/project.h"
#include "analysis/semantic.h"
#include "parse/parser.h"
#include "parse/visit.h"
#include "test.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

/* A parsed snippet with its semantic model. Expressions are found by their exact source text. */
typedef struct Fx {
    Arena a;
    ParsedFile pf;
    Semantic *sm;
    const char *src;
} Fx;

static bool
fx_open_ex(Fx *fx, const char *src, const char *module, bool is_init, const ProjectIndex *idx)
{
    arena_init(&fx->a, 0);
    fx->src = src;
    if (parse_source(&fx->pf, &fx->a, "<test>", src, strlen(src)) != 0) {
        fprintf(stderr, "FAIL %s: parse error %s at %u:%u\n", test_current_name, fx->pf.err.msg,
                fx->pf.err.line, fx->pf.err.col);
        test_failures_in_case++;
        fx->sm = NULL;
        return false;
    }
    fx->sm = sem_build(&fx->a, fx->pf.mod, module, is_init, idx);
    fx->sm->lines = &fx->pf.lines;
    return true;
}

static bool
fx_open(Fx *fx, const char *src)
{
    return fx_open_ex(fx, src, "mod", false, NULL);
}

static void
fx_close(Fx *fx)
{
    arena_free(&fx->a);
}

typedef struct Finder {
    uint32_t start, end;
    int skip;
    const Expr *found;
} Finder;

static bool
find_enter(Visitor *v, const Expr *e)
{
    Finder *f = v->data;
    if (e->start == f->start && e->end == f->end && !f->found) {
        if (f->skip-- == 0) {
            f->found = e;
            v->stop = true;
        }
    }
    return true;
}

/* expr_at: the expression whose source is exactly `text`, at its nth occurrence (0-based) in the
 * snippet. The outermost such node (a Name that is a whole Call's func is found as the func). */
static const Expr *
expr_at(Fx *fx, const char *text, int nth)
{
    const char *p = fx->src;
    for (int i = 0; p && i <= nth; i++) {
        p = strstr(i ? p + 1 : p, text);
    }
    if (!p) {
        fprintf(stderr, "FAIL %s: text '%s' #%d not in snippet\n", test_current_name, text, nth);
        test_failures_in_case++;
        return NULL;
    }
    Finder f = { (uint32_t)(p - fx->src), (uint32_t)(p - fx->src + strlen(text)), 0, NULL };
    Visitor v = { .enter_expr = find_enter, .data = &f };
    visit_module(&v, fx->pf.mod);
    if (!f.found) {
        fprintf(stderr, "FAIL %s: no expression spans '%s'\n", test_current_name, text);
        test_failures_in_case++;
    }
    return f.found;
}

typedef struct ScopeFinder {
    const Semantic *sm;
    uint32_t off;
    const Scope *scope;
} ScopeFinder;

static bool
scope_enter_stmt(Visitor *v, const Stmt *s)
{
    ScopeFinder *f = v->data;
    if (s->kind == S_FunctionDef || s->kind == S_AsyncFunctionDef || s->kind == S_ClassDef) {
        StmtSeq body = s->kind == S_ClassDef ? s->v.ClassDef.body : s->v.FunctionDef.body;
        if (body.len && f->off >= body.items[0]->start && f->off < s->end)
            f->scope = sem_scope_of_node(f->sm, s);
    }
    return true;
}

static bool
scope_enter_expr(Visitor *v, const Expr *e)
{
    ScopeFinder *f = v->data;
    if (e->kind == E_Lambda && f->off >= e->v.Lambda.body->start && f->off < e->end)
        f->scope = sem_scope_of_node(f->sm, e);
    if (e->kind == E_ListComp || e->kind == E_SetComp || e->kind == E_GeneratorExp ||
        e->kind == E_DictComp) {
        ComprehensionSeq gens =
            e->kind == E_DictComp ? e->v.DictComp.generators : e->v.ListComp.generators;
        const Expr *iter0 = gens.items[0]->iter; /* evaluated outside the comprehension */
        if (f->off >= e->start && f->off < e->end &&
            !(f->off >= iter0->start && f->off < iter0->end))
            f->scope = sem_scope_of_node(f->sm, e);
    }
    return true;
}

/* scope_at: the innermost scope whose body holds offset off. */
static const Scope *
scope_at(Fx *fx, uint32_t off)
{
    ScopeFinder f = { fx->sm, off, fx->sm->module_scope };
    Visitor v = { .enter_stmt = scope_enter_stmt, .enter_expr = scope_enter_expr, .data = &f };
    visit_module(&v, fx->pf.mod);
    return f.scope;
}

typedef struct NameFinder {
    const char *id;
    const Expr *items[64];
    int n;
} NameFinder;

static bool
name_enter(Visitor *v, const Expr *e)
{
    NameFinder *f = v->data;
    if (e->kind == E_Name && strcmp(e->v.Name.id, f->id) == 0 && f->n < 64)
        f->items[f->n++] = e;
    return true;
}

static int
cmp_start(const void *x, const void *y)
{
    const Expr *a = *(const Expr *const *)x, *b = *(const Expr *const *)y;
    return a->start < b->start ? -1 : a->start > b->start;
}

/* name_at: the nth Name node (load, store or del) with this id, in source order. */
static const Expr *
name_at(Fx *fx, const char *id, int nth)
{
    NameFinder f = { id, { 0 }, 0 };
    Visitor v = { .enter_expr = name_enter, .data = &f };
    visit_module(&v, fx->pf.mod);
    qsort(f.items, (size_t)f.n, sizeof f.items[0], cmp_start);
    if (nth >= f.n) {
        fprintf(stderr, "FAIL %s: no name %s #%d\n", test_current_name, id, nth);
        test_failures_in_case++;
        return NULL;
    }
    return f.items[nth];
}

static const char *
qn_name(Fx *fx, const char *id, int nth)
{
    const Expr *e = name_at(fx, id, nth);
    return e ? sem_qualname(fx->sm, scope_at(fx, e->start), e) : NULL;
}

static const char *
ty_name(Fx *fx, const char *id, int nth)
{
    const Expr *e = name_at(fx, id, nth);
    return e ? sem_type_of(fx->sm, scope_at(fx, e->start), e) : NULL;
}

static const char *
qn(Fx *fx, const char *text, int nth)
{
    const Expr *e = expr_at(fx, text, nth);
    return e ? sem_qualname(fx->sm, scope_at(fx, e->start), e) : NULL;
}

static const char *
ty(Fx *fx, const char *text, int nth)
{
    const Expr *e = expr_at(fx, text, nth);
    return e ? sem_type_of(fx->sm, scope_at(fx, e->start), e) : NULL;
}

/* binding_at: the binding the nth Name `id` (a store target) makes. */
static const Binding *
binding_at(Fx *fx, const char *id, int nth)
{
    const Expr *e = name_at(fx, id, nth);
    return e ? sem_binding_of(fx->sm, e) : NULL;
}

/* lookup_at: what the nth Name `id` resolves to. */
static const Binding *
lookup_at(Fx *fx, const char *id, int nth)
{
    const Expr *e = name_at(fx, id, nth);
    if (!e)
        return NULL;
    return sem_lookup(fx->sm, scope_at(fx, e->start), e->v.Name.id, e->start);
}

#define CHECK_NULL(x) CHECK((x) == NULL)

TEST(import_aliases)
{
    Fx fx;
    if (!fx_open(&fx, "import time as t\n"
                      "from time import sleep as nap\n"
                      "import os.path\n"
                      "import a.b as c\n"
                      "import x.y.z\n"
                      "def f():\n"
                      "    t.sleep(1)\n"
                      "    nap(2)\n"
                      "    os.path.join('a')\n"
                      "    c.d()\n"
                      "    x.y.z.w()\n"))
        return;
    CHECK_STR_EQ(qn(&fx, "t.sleep", 0), "time.sleep");
    CHECK_STR_EQ(qn_name(&fx, "nap", 0), "time.sleep");
    CHECK_STR_EQ(qn(&fx, "os.path.join", 0), "os.path.join");
    CHECK_STR_EQ(qn(&fx, "c.d", 0), "a.b.d");
    CHECK_STR_EQ(qn(&fx, "x.y.z.w", 0), "x.y.z.w");
    CHECK_STR_EQ(sem_lookup_str(fx.sm, fx.sm->module_scope, "f", 0)->qualname, "mod.f");
    CHECK_INT_EQ(fx.sm->imports.len, 5);
    CHECK_STR_EQ(fx.sm->imports.items[1].module, "time");
    CHECK_STR_EQ(fx.sm->imports.items[3].module, "a.b");
    /* import x.y.z binds x, and x is used once */
    const Binding *b = sem_lookup_str(fx.sm, fx.sm->module_scope, "x", UINT32_MAX);
    CHECK(b && b->kind == BIND_IMPORT);
    CHECK_STR_EQ(b ? b->qualname : NULL, "x");
    CHECK_INT_EQ(b ? b->uses.len : 99, 1);
    fx_close(&fx);
}

TEST(shadowing)
{
    Fx fx;
    if (!fx_open(&fx, "from time import sleep\n"
                      "import time\n"
                      "def sleep(x): pass\n"
                      "def g():\n"
                      "    sleep(1)\n"
                      "def h():\n"
                      "    def sleep(): pass\n"
                      "    sleep()\n"
                      "    time.sleep(1)\n"
                      "def k(time):\n"
                      "    time.sleep(1)\n"
                      "def m():\n"
                      "    time = load()\n"
                      "    time.sleep(2)\n"))
        return;
    CHECK_STR_EQ(qn_name(&fx, "sleep", 0), "mod.sleep");
    CHECK_STR_EQ(qn_name(&fx, "sleep", 1), "mod.h.<locals>.sleep");
    CHECK_STR_EQ(qn(&fx, "time.sleep", 0), "time.sleep");
    CHECK_NULL(qn(&fx, "time.sleep", 1)); /* a parameter of unknown type */
    CHECK_NULL(qn(&fx, "time.sleep", 2)); /* a local */
    fx_close(&fx);
}

TEST(builtins)
{
    Fx fx;
    if (!fx_open(&fx, "open('x')\n"
                      "def f():\n"
                      "    open('y')\n"
                      "def g(open):\n"
                      "    open('z')\n"
                      "print(len([]))\n"))
        return;
    CHECK_STR_EQ(qn(&fx, "open", 0), "builtins.open");
    CHECK_STR_EQ(qn(&fx, "open", 1), "builtins.open");
    CHECK_NULL(qn(&fx, "open", 3));
    CHECK_STR_EQ(qn(&fx, "print", 0), "builtins.print");
    CHECK_STR_EQ(qn(&fx, "len", 0), "builtins.len");
    const Expr *o1 = expr_at(&fx, "open", 1), *o3 = expr_at(&fx, "open", 3);
    CHECK(o1 && sem_is_builtin(fx.sm, scope_at(&fx, o1->start), o1, "open"));
    CHECK(o3 && !sem_is_builtin(fx.sm, scope_at(&fx, o3->start), o3, "open"));
    CHECK(o1 && !sem_is_builtin(fx.sm, scope_at(&fx, o1->start), o1, "print"));
    fx_close(&fx);

    if (!fx_open(&fx, "def my_open(p): pass\n"
                      "open = my_open\n"
                      "open('x')\n"
                      "undefined_name()\n"))
        return;
    CHECK_STR_EQ(qn_name(&fx, "open", 1), "mod.my_open");
    const Expr *o = name_at(&fx, "open", 1);
    CHECK(o && !sem_is_builtin(fx.sm, fx.sm->module_scope, o, "open"));
    CHECK_NULL(qn(&fx, "undefined_name", 0));
    fx_close(&fx);
}

TEST(class_scope_skipping)
{
    Fx fx;
    if (!fx_open(&fx, "x = 1\n"
                      "class C:\n"
                      "    x = 2\n"
                      "    y = x\n"
                      "    def m(self):\n"
                      "        return x\n"
                      "    z = [x for _ in range(3)]\n"
                      "    w = [q for q in x]\n"))
        return;
    const Binding *b;
    b = lookup_at(&fx, "x", 2); /* y = x: the class's x */
    CHECK(b && b->scope->kind == SCOPE_CLASS);
    b = lookup_at(&fx, "x", 3); /* in the method: the module's x */
    CHECK(b && b->scope->kind == SCOPE_MODULE);
    b = lookup_at(&fx, "x", 4); /* comprehension element: skips the class */
    CHECK(b && b->scope->kind == SCOPE_MODULE);
    b = lookup_at(&fx, "x", 5); /* first iterable: evaluated in the class body */
    CHECK(b && b->scope->kind == SCOPE_CLASS);
    /* uses: module x read twice, class x read twice */
    const Binding *mx = sem_lookup_str(fx.sm, fx.sm->module_scope, "x", UINT32_MAX);
    CHECK_INT_EQ(mx ? mx->uses.len : 99, 2);
    const Scope *cs = sem_scope_of_node(fx.sm, fx.pf.mod->body.items[1]);
    CHECK(cs && cs->kind == SCOPE_CLASS);
    CHECK_STR_EQ(cs ? cs->qualname : NULL, "mod.C");
    const Binding *cx = cs ? sem_lookup_str(fx.sm, cs, "x", UINT32_MAX) : NULL;
    CHECK(cx && cx->scope == cs);
    CHECK_INT_EQ(cx ? cx->uses.len : 99, 2);
    fx_close(&fx);
}

TEST(global_nonlocal)
{
    Fx fx;
    if (!fx_open(&fx, "counter = 0\n"
                      "def inc():\n"
                      "    global counter\n"
                      "    counter += 1\n"
                      "    total = 5\n"
                      "def outer():\n"
                      "    n = 0\n"
                      "    def inner():\n"
                      "        nonlocal n\n"
                      "        n = n + 1\n"
                      "    inner()\n"
                      "    return n\n"
                      "def later():\n"
                      "    global made_here\n"
                      "    made_here = 1\n"
                      "print(made_here)\n"))
        return;
    const Binding *b = binding_at(&fx, "counter", 1);
    CHECK(b && b->scope->kind == SCOPE_MODULE && b->kind == BIND_ASSIGN);
    const Binding *first = binding_at(&fx, "counter", 0);
    CHECK_INT_EQ(first ? first->uses.len : 99, 1); /* `counter += 1` reads it */
    b = binding_at(&fx, "total", 0);
    CHECK(b && b->scope->kind == SCOPE_FUNCTION);
    b = binding_at(&fx, "n", 1); /* n = n + 1 in inner binds outer's n */
    CHECK(b && b->scope->kind == SCOPE_FUNCTION);
    CHECK_STR_EQ(b ? b->scope->qualname : NULL, "mod.outer");
    const Binding *n0 = binding_at(&fx, "n", 0);
    CHECK_INT_EQ(n0 ? n0->uses.len : 99, 1);
    CHECK(b && b->uses.len == 1); /* return n */
    b = lookup_at(&fx, "made_here", 1);
    CHECK(b && b->scope->kind == SCOPE_MODULE);
    /* the declaration itself is a BIND_GLOBAL in the function's scope */
    const Scope *inc = sem_scope_of_node(fx.sm, fx.pf.mod->body.items[1]);
    CHECK(inc && inc->bindings.len == 2 && inc->bindings.items[0]->kind == BIND_GLOBAL);
    fx_close(&fx);
}

TEST(relative_imports)
{
    Fx fx;
    if (!fx_open_ex(&fx,
                    "from . import x\n"
                    "from .. import y\n"
                    "from ..other import z\n"
                    "from .helpers import load as ld\n"
                    "from ... import top\n"
                    "x; y; z; ld; top\n",
                    "pkg.sub.mod", false, NULL))
        return;
    CHECK_STR_EQ(fx.sm->package, "pkg.sub");
    CHECK_STR_EQ(qn_name(&fx, "x", 0), "pkg.sub.x");
    CHECK_STR_EQ(qn_name(&fx, "y", 0), "pkg.y");
    CHECK_STR_EQ(qn_name(&fx, "z", 0), "pkg.other.z");
    CHECK_STR_EQ(qn_name(&fx, "ld", 0), "pkg.sub.helpers.load");
    CHECK_STR_EQ(qn_name(&fx, "top", 0), "top"); /* beyond the top package */
    CHECK_STR_EQ(fx.sm->imports.items[2].module, "pkg.other");
    fx_close(&fx);

    if (!fx_open_ex(&fx, "from . import x\nfrom .util import h\nx; h\n", "pkg.sub", true, NULL))
        return;
    CHECK_STR_EQ(fx.sm->package, "pkg.sub");
    CHECK_STR_EQ(qn_name(&fx, "x", 0), "pkg.sub.x");
    CHECK_STR_EQ(qn_name(&fx, "h", 0), "pkg.sub.util.h");
    fx_close(&fx);

    if (!fx_open_ex(&fx, "def f(): pass\n", "", false, NULL))
        return;
    CHECK_STR_EQ(fx.sm->package, "");
    CHECK_STR_EQ(sem_lookup_str(fx.sm, fx.sm->module_scope, "f", 0)->qualname, "f");
    fx_close(&fx);
}

TEST(self_methods_and_super)
{
    Fx fx;
    if (!fx_open(&fx, "class Base:\n"
                      "    def fetch(self): pass\n"
                      "    def close(self): pass\n"
                      "class Mid(Base):\n"
                      "    pass\n"
                      "class Service(Mid):\n"
                      "    def fetch(me):\n"
                      "        super().fetch()\n"
                      "        me.close()\n"
                      "        me.fetch()\n"
                      "        me.data.get()\n"
                      "    @staticmethod\n"
                      "    def s(self):\n"
                      "        self.fetch()\n"
                      "    @classmethod\n"
                      "    def make(cls):\n"
                      "        cls.fetch()\n"
                      "Service.close\n"))
        return;
    CHECK_STR_EQ(qn(&fx, "super().fetch", 0), "mod.Base.fetch");
    CHECK_STR_EQ(qn(&fx, "me.close", 0), "mod.Base.close");
    CHECK_STR_EQ(qn(&fx, "me.fetch", 0), "mod.Service.fetch");
    CHECK_NULL(qn(&fx, "me.data.get", 0));
    CHECK_NULL(qn(&fx, "self.fetch", 0));
    CHECK_STR_EQ(qn(&fx, "cls.fetch", 0), "mod.Service.fetch");
    CHECK_STR_EQ(qn(&fx, "Service.close", 0), "mod.Base.close");
    CHECK_STR_EQ(ty_name(&fx, "me", 0), "mod.Service");
    const Scope *svc = sem_scope_of_node(fx.sm, fx.pf.mod->body.items[2]);
    const Scope *m = sem_scope_of_node(fx.sm, svc->stmt->v.ClassDef.body.items[0]);
    CHECK(m && m->class_scope == svc);
    CHECK_STR_EQ(m ? m->qualname : NULL, "mod.Service.fetch");
    fx_close(&fx);
}

TEST(typed_receivers)
{
    Fx fx;
    if (!fx_open(&fx, "import asyncio\n"
                      "import httpx\n"
                      "from typing import Optional\n"
                      "client = httpx.AsyncClient()\n"
                      "async def f(c: httpx.AsyncClient, d: 'httpx.AsyncClient',\n"
                      "            e: Optional[httpx.AsyncClient], g: httpx.AsyncClient | None,\n"
                      "            k: 'Optional[httpx.AsyncClient]'):\n"
                      "    await client.get('u')\n"
                      "    await c.get('u')\n"
                      "    await d.get('u')\n"
                      "    await e.get('u')\n"
                      "    await g.get('u')\n"
                      "    await k.get('u')\n"
                      "    async with httpx.AsyncClient() as h:\n"
                      "        await h.get('u')\n"
                      "    loop = asyncio.get_running_loop()\n"
                      "    loop.run_in_executor(None, f)\n"
                      "    asyncio.get_running_loop().run_in_executor(None, f)\n"
                      "    ann: httpx.AsyncClient = make()\n"
                      "    await ann.post('u')\n"
                      "class K:\n"
                      "    def __init__(self):\n"
                      "        self.http = httpx.AsyncClient()\n"
                      "    async def go(self):\n"
                      "        await self.http.get('x')\n"))
        return;
    const char *want = "httpx.AsyncClient.get";
    CHECK_STR_EQ(qn(&fx, "client.get", 0), want);
    CHECK_STR_EQ(qn(&fx, "c.get", 0), want);
    CHECK_STR_EQ(qn(&fx, "d.get", 0), want);
    CHECK_STR_EQ(qn(&fx, "e.get", 0), want);
    CHECK_STR_EQ(qn(&fx, "g.get", 0), want);
    CHECK_STR_EQ(qn(&fx, "k.get", 0), want);
    CHECK_STR_EQ(qn(&fx, "h.get", 0), want);
    CHECK_STR_EQ(qn(&fx, "self.http.get", 0), want);
    CHECK_STR_EQ(qn(&fx, "ann.post", 0), "httpx.AsyncClient.post");
    CHECK_STR_EQ(ty_name(&fx, "client", 1), "httpx.AsyncClient");
    CHECK_STR_EQ(ty(&fx, "self.http", 1), "httpx.AsyncClient");
    CHECK_STR_EQ(ty_name(&fx, "self", 0), "mod.K");
    CHECK_STR_EQ(qn(&fx, "loop.run_in_executor", 0), "asyncio.AbstractEventLoop.run_in_executor");
    CHECK_STR_EQ(qn(&fx, "asyncio.get_running_loop().run_in_executor", 0),
                 "asyncio.AbstractEventLoop.run_in_executor");
    const Binding *b = binding_at(&fx, "client", 0);
    CHECK_STR_EQ(b ? b->type : NULL, "httpx.AsyncClient");
    fx_close(&fx);
}

TEST(catalog_result_types)
{
    Fx fx;
    if (!fx_open(&fx, "import asyncpg, aiohttp\n"
                      "async def f(u):\n"
                      "    conn = await asyncpg.connect()\n"
                      "    await conn.fetch('q')\n"
                      "    async with aiohttp.ClientSession() as s:\n"
                      "        async with s.get(u) as r:\n"
                      "            await r.text()\n"
                      "    with open('p') as fh:\n"
                      "        fh.read()\n"
                      "    pending = asyncpg.connect()\n"))
        return;
    CHECK_STR_EQ(ty(&fx, "await asyncpg.connect()", 0), "asyncpg.Connection");
    CHECK_STR_EQ(ty_name(&fx, "conn", 1), "asyncpg.Connection");
    CHECK_STR_EQ(qn(&fx, "conn.fetch", 0), "asyncpg.Connection.fetch");
    CHECK_STR_EQ(ty_name(&fx, "s", 1), "aiohttp.ClientSession");
    CHECK_STR_EQ(qn(&fx, "s.get", 0), "aiohttp.ClientSession.get");
    CHECK_STR_EQ(ty_name(&fx, "r", 1), "aiohttp.ClientResponse");
    CHECK_STR_EQ(qn(&fx, "r.text", 0), "aiohttp.ClientResponse.text");
    CHECK_STR_EQ(qn(&fx, "open", 0), "builtins.open");
    CHECK_STR_EQ(ty_name(&fx, "fh", 1), "io.TextIOWrapper");
    CHECK_NULL(ty_name(&fx, "pending", 0)); /* a coroutine object, not a connection */
    fx_close(&fx);
}

TEST(local_types)
{
    Fx fx;
    if (!fx_open(&fx, "from pkg.other import Remote\n"
                      "class Repo:\n"
                      "    def load(self): pass\n"
                      "def make() -> Repo:\n"
                      "    return Repo()\n"
                      "async def amake() -> 'Repo':\n"
                      "    return Repo()\n"
                      "async def use():\n"
                      "    a = Repo()\n"
                      "    b = make()\n"
                      "    c = await amake()\n"
                      "    d = a\n"
                      "    r = Remote()\n"
                      "    a.load(); b.load(); c.load(); d.load(); r.run()\n"
                      "    try:\n"
                      "        pass\n"
                      "    except ValueError as err:\n"
                      "        err.args\n"))
        return;
    CHECK_STR_EQ(ty_name(&fx, "a", 1), "mod.Repo");
    CHECK_STR_EQ(qn(&fx, "a.load", 0), "mod.Repo.load");
    CHECK_STR_EQ(qn(&fx, "b.load", 0), "mod.Repo.load");
    CHECK_STR_EQ(qn(&fx, "c.load", 0), "mod.Repo.load");
    CHECK_STR_EQ(qn(&fx, "d.load", 0), "mod.Repo.load");
    CHECK_STR_EQ(qn(&fx, "r.run", 0), "pkg.other.Remote.run");
    CHECK_STR_EQ(ty_name(&fx, "err", 0), "builtins.ValueError");
    CHECK_NULL(ty_name(&fx, "make", 0)); /* the function itself, not a call */
    fx_close(&fx);
}

TEST(project_inheritance)
{
    /* module pkg.base defines Base.run; pkg.svc's Svc(Base) calls self.run() */
    Arena sa;
    arena_init(&sa, 0);
    ParsedFile pf;
    const char *base_src = "class Base:\n    def run(self): pass\n";
    CHECK(parse_source(&pf, &sa, "base.py", base_src, strlen(base_src)) == 0);
    Semantic *bsm = sem_build(&sa, pf.mod, "pkg.base", false, NULL);
    ProjectIndex *idx = project_new();
    project_add(idx, project_summarize(&sa, bsm, "pkg/base.py"));
    arena_free(&sa);

    const char *src = "from pkg.base import Base\n"
                      "class Svc(Base):\n"
                      "    def go(self):\n"
                      "        self.run()\n"
                      "        super().run()\n"
                      "        Svc().run()\n";
    Fx fx;
    if (fx_open_ex(&fx, src, "pkg.svc", false, idx)) {
        CHECK_STR_EQ(qn(&fx, "self.run", 0), "pkg.base.Base.run");
        CHECK_STR_EQ(qn(&fx, "super().run", 0), "pkg.base.Base.run");
        CHECK_STR_EQ(qn(&fx, "Svc().run", 0), "pkg.base.Base.run");
        fx_close(&fx);
    }
    if (fx_open_ex(&fx, src, "pkg.svc", false, NULL)) { /* without the index: the class's name */
        CHECK_STR_EQ(qn(&fx, "self.run", 0), "pkg.svc.Svc.run");
        CHECK_STR_EQ(qn(&fx, "super().run", 0), "pkg.base.Base.run");
        fx_close(&fx);
    }
    project_free(idx);
}

/* The project module lib, loaded on demand from a temporary file, its skim telling its functions
 * from its classes. */
static ProjectIndex *
lib_index(const char *path)
{
    ProjectIndex *idx = project_new();
    project_add_file(idx, path, "lib", false);
    const char *functions[] = { "helper", "Make" }, *classes[] = { "Thing" };
    ModuleExports ex = { functions, 2, classes, 1, NULL, 0, false };
    project_set_exports(idx, 0, &ex);
    return idx;
}

TEST(module_members_without_loading)
{
    /* what a module's member is called, and that a lower-case call makes no known type, needs no
     * loading: only a class may resolve a member elsewhere, only a capitalised name may be a class
     * the catalog does not know */
    char path[] = "/tmp/asyncreview-libXXXXXX.py";
    int fd = mkstemps(path, 3);
    if (fd < 0) {
        CHECK(!"mkstemps");
        return;
    }
    const char *lib =
        "def helper(): pass\ndef Make(): pass\nclass Thing:\n    def go(self): pass\n";
    CHECK(write(fd, lib, strlen(lib)) == (ssize_t)strlen(lib));
    close(fd);
    Fx fx;
    ProjectIndex *idx = lib_index(path);
    if (fx_open_ex(&fx, "import lib\nx = lib.helper()\nlib.helper\n", "app", false, idx)) {
        CHECK_STR_EQ(qn(&fx, "lib.helper", 1), "lib.helper");
        CHECK_NULL(ty_name(&fx, "x", 0));
        CHECK_INT_EQ(project_loaded_files(idx, NULL), 0);
        fx_close(&fx);
    }
    project_free(idx);
    idx = lib_index(path);
    if (fx_open_ex(&fx, "import lib\nm = lib.Make()\nt = lib.Thing()\nt.go\n", "app", false, idx)) {
        CHECK_NULL(ty_name(&fx, "m", 0)); /* capitalised, but a function */
        CHECK_STR_EQ(ty_name(&fx, "t", 0), "lib.Thing");
        CHECK_STR_EQ(qn(&fx, "t.go", 0), "lib.Thing.go");
        CHECK_INT_EQ(project_loaded_files(idx, NULL), 1);
        fx_close(&fx);
    }
    project_free(idx);
    unlink(path);
}

TEST(name_uses)
{
    Fx fx;
    if (!fx_open(&fx, "def f():\n"
                      "    a = 1\n"
                      "    b = 2\n"
                      "    a = a + 1\n"
                      "    print(a)\n"
                      "    for i in range(3): pass\n"
                      "    c = [j for j in range(3)]\n"
                      "    (w := 5)\n"
                      "    u, v = 1, 2\n"
                      "    with open('f') as fh: pass\n"
                      "    return w + v\n"
                      "x = 0\n"
                      "x = x + 1\n"))
        return;
    const Binding *a0 = binding_at(&fx, "a", 0), *a1 = binding_at(&fx, "a", 1);
    CHECK(a0 && a1 && a0 != a1);
    CHECK_INT_EQ(a0 ? a0->uses.len : 99, 1);
    CHECK_INT_EQ(a1 ? a1->uses.len : 99, 1);
    CHECK(a1 && a1->shadowed == a0);
    CHECK(a0 && a0->value && a0->value->kind == E_Constant);
    CHECK_INT_EQ(binding_at(&fx, "b", 0)->uses.len, 0);
    const Binding *i = binding_at(&fx, "i", 0);
    CHECK(i && i->kind == BIND_FOR_TARGET && i->uses.len == 0);
    const Binding *j = binding_at(&fx, "j", 1);
    CHECK(j && j->kind == BIND_FOR_TARGET && j->uses.len == 1 &&
          j->scope->kind == SCOPE_COMPREHENSION);
    CHECK_INT_EQ(binding_at(&fx, "c", 0)->uses.len, 0);
    const Binding *w = binding_at(&fx, "w", 0);
    CHECK(w && w->scope->kind == SCOPE_FUNCTION && w->uses.len == 1);
    CHECK_INT_EQ(binding_at(&fx, "u", 0)->uses.len, 0);
    CHECK_INT_EQ(binding_at(&fx, "v", 0)->uses.len, 1);
    const Binding *fh = binding_at(&fx, "fh", 0);
    CHECK(fh && fh->kind == BIND_WITH_TARGET && fh->uses.len == 0);
    const Binding *x0 = binding_at(&fx, "x", 0), *x1 = binding_at(&fx, "x", 1);
    CHECK_INT_EQ(x0 ? x0->uses.len : 99, 1);
    CHECK_INT_EQ(x1 ? x1->uses.len : 99, 0);
    /* rules ask with the target's end offset, too */
    const Expr *t = expr_at(&fx, "a", 1);
    CHECK(t && sem_lookup(fx.sm, scope_at(&fx, t->start), "a", t->end) == a1);
    CHECK(t && sem_lookup(fx.sm, scope_at(&fx, t->start), "a", t->start) == a1);
    const Scope *fs = sem_scope_of_node(fx.sm, fx.pf.mod->body.items[0]);
    CHECK(fs && fs->bindings.len == 9); /* a b a i c w u v fh; j is the comprehension's */
    fx_close(&fx);
}

TEST(binding_kinds)
{
    Fx fx;
    if (!fx_open(&fx, "import os\n"
                      "def f(p, *args, q: int = 1, **kw):\n"
                      "    try:\n"
                      "        pass\n"
                      "    except OSError as exc:\n"
                      "        pass\n"
                      "    match p:\n"
                      "        case [first, *rest]:\n"
                      "            pass\n"
                      "        case {'k': val, **others}:\n"
                      "            pass\n"
                      "        case Point(x=px) as whole:\n"
                      "            pass\n"
                      "    del os\n"
                      "    t: int\n"
                      "    lam = lambda y, z=p: y + z\n"
                      "    return lam\n"))
        return;
    const Scope *fs = sem_scope_of_node(fx.sm, fx.pf.mod->body.items[1]);
    struct {
        const char *name;
        BindingKind kind;
    } want[] = { { "p", BIND_PARAMETER },  { "args", BIND_PARAMETER }, { "q", BIND_PARAMETER },
                 { "kw", BIND_PARAMETER }, { "exc", BIND_EXCEPT },     { "first", BIND_MATCH },
                 { "rest", BIND_MATCH },   { "val", BIND_MATCH },      { "others", BIND_MATCH },
                 { "px", BIND_MATCH },     { "whole", BIND_MATCH },    { "t", BIND_ANNOTATION },
                 { "lam", BIND_ASSIGN } };
    for (size_t k = 0; k < ARRAY_LEN(want); k++) {
        const Binding *b = sem_lookup_str(fx.sm, fs, want[k].name, UINT32_MAX);
        if (!b || b->kind != want[k].kind || b->scope != fs) {
            fprintf(stderr, "FAIL %s: binding %s\n", test_current_name, want[k].name);
            test_failures_in_case++;
        }
    }
    const Binding *os_del = sem_lookup_str(fx.sm, fs, "os", UINT32_MAX);
    CHECK(os_del && os_del->kind == BIND_DELETE && os_del->scope == fs);
    const Binding *q = sem_lookup_str(fx.sm, fs, "q", UINT32_MAX);
    CHECK_STR_EQ(q ? q->type : NULL, "builtins.int");
    const Binding *p = sem_lookup_str(fx.sm, fs, "p", UINT32_MAX);
    CHECK_INT_EQ(p ? p->uses.len : 99, 2); /* match subject, lambda default */
    const Binding *y = lookup_at(&fx, "y", 0);
    CHECK(y && y->kind == BIND_PARAMETER && y->scope->kind == SCOPE_LAMBDA);
    CHECK_STR_EQ(y ? y->scope->qualname : NULL, "mod.f.<locals>.<lambda>");
    fx_close(&fx);
}

TEST(framework_detection)
{
    static const struct {
        const char *src;
        Framework fw;
        bool aio, trio, anyio;
    } cases[] = {
        { "import trio\n", FW_TRIO, false, true, false },
        { "import anyio\nimport asyncio\n", FW_ANYIO, true, false, true },
        { "import anyio, trio\n", FW_TRIO, false, true, true },
        { "from asyncio import sleep\n", FW_ASYNCIO, true, false, false },
        { "import asyncio.subprocess as sp\n", FW_ASYNCIO, true, false, false },
        { "def f():\n    from trio import sleep\n", FW_TRIO, false, true, false },
        { "import trio_util\nx = 1\n", FW_ASYNCIO, false, false, false },
    };
    for (size_t i = 0; i < ARRAY_LEN(cases); i++) {
        Fx fx;
        if (!fx_open(&fx, cases[i].src))
            continue;
        if (fx.sm->framework != cases[i].fw || fx.sm->imports_asyncio != cases[i].aio ||
            fx.sm->imports_trio != cases[i].trio || fx.sm->imports_anyio != cases[i].anyio) {
            fprintf(stderr, "FAIL %s: case %zu\n", test_current_name, i);
            test_failures_in_case++;
        }
        fx_close(&fx);
    }
}

TEST(scope_flags)
{
    Fx fx;
    if (!fx_open(&fx, "async def a():\n"
                      "    await x()\n"
                      "    def inner():\n"
                      "        yield 1\n"
                      "async def b():\n"
                      "    async def c():\n"
                      "        await y()\n"
                      "async def d():\n"
                      "    async for i in it: pass\n"
                      "async def e():\n"
                      "    return [await z for z in w]\n"
                      "async def g():\n"
                      "    return (await z for z in w)\n"
                      "def h():\n"
                      "    yield from range(3)\n"))
        return;
    StmtSeq body = fx.pf.mod->body;
    const Scope *a = sem_scope_of_node(fx.sm, body.items[0]);
    const Scope *inner = sem_scope_of_node(fx.sm, body.items[0]->v.FunctionDef.body.items[1]);
    const Scope *b = sem_scope_of_node(fx.sm, body.items[1]);
    const Scope *c = sem_scope_of_node(fx.sm, body.items[1]->v.FunctionDef.body.items[0]);
    const Scope *d = sem_scope_of_node(fx.sm, body.items[2]);
    const Scope *e = sem_scope_of_node(fx.sm, body.items[3]);
    const Scope *g = sem_scope_of_node(fx.sm, body.items[4]);
    const Scope *h = sem_scope_of_node(fx.sm, body.items[5]);
    CHECK(a && a->is_async && a->has_await && !a->is_generator);
    CHECK(inner && !inner->is_async && inner->is_generator && !inner->has_await);
    CHECK_STR_EQ(inner ? inner->qualname : NULL, "mod.a.<locals>.inner");
    CHECK(b && !b->has_await);
    CHECK(c && c->has_await);
    CHECK(d && d->has_await);
    CHECK(e && e->has_await);  /* list comprehensions run inline */
    CHECK(g && !g->has_await); /* a generator expression does not */
    CHECK(h && h->is_generator);
    CHECK(sem_enclosing_function(inner) == inner);
    CHECK(sem_enclosing_function(fx.sm->module_scope) == NULL);
    fx_close(&fx);
}

TEST(large_file_is_linear)
{
    /* 20,000 rebindings of one name and 20,000 reads (a quadratic lookup would show in make
     * bench; here the chain of bindings must be right) */
    enum { N = 20000 };
    size_t cap = (size_t)N * 32;
    char *src = malloc(cap);
    size_t len = 0;
    for (int i = 0; i < N; i++)
        len += (size_t)snprintf(src + len, cap - len, "x = x + %d\n", i);
    Fx fx;
    if (fx_open(&fx, src)) {
        const Binding *last = sem_lookup_str(fx.sm, fx.sm->module_scope, "x", UINT32_MAX);
        /* each read sees the previous binding; the very first read has none before it, so it
         * falls back to the latest (as a function body reading a later global would) */
        CHECK(last && last->uses.len == 1 && last->shadowed && last->shadowed->uses.len == 1);
        fx_close(&fx);
    }
    free(src);
}

TEST(type_annotation_forms)
{
    Fx fx;
    if (!fx_open(&fx, "import typing\n"
                      "from typing import Union, Annotated\n"
                      "import httpx as hx\n"
                      "def f(a: typing.Optional[hx.Client], b: Union[None, hx.Client],\n"
                      "      c: Annotated[hx.Client, 'x'], d: 'None | hx.Client', e: typing.Any,\n"
                      "      g: list[int], h: Union[int, str]):\n"
                      "    a; b; c; d; e; g; h\n"))
        return;
    CHECK_STR_EQ(ty_name(&fx, "a", 0), "httpx.Client");
    CHECK_STR_EQ(ty_name(&fx, "b", 0), "httpx.Client");
    CHECK_STR_EQ(ty_name(&fx, "c", 0), "httpx.Client");
    CHECK_STR_EQ(ty_name(&fx, "d", 0), "httpx.Client");
    CHECK_NULL(ty_name(&fx, "e", 0));
    CHECK_STR_EQ(ty_name(&fx, "g", 0), "builtins.list");
    CHECK_NULL(ty_name(&fx, "h", 0));
    fx_close(&fx);
}

TEST(typed_attributes)
{
    Fx fx;
    if (!fx_open(&fx, "import aiohttp, httpx\n"
                      "class Base:\n"
                      "    session: aiohttp.ClientSession\n"
                      "    def __init__(self, client: httpx.AsyncClient):\n"
                      "        self.client = client\n"
                      "        self.other: 'httpx.Client' = make()\n"
                      "class Sub(Base):\n"
                      "    async def go(self, url):\n"
                      "        async with self.session.get(url) as resp:\n"
                      "            await resp.json()\n"
                      "        await self.client.get(url)\n"
                      "        self.other.get(url)\n"
                      "        def cb():\n"
                      "            return url\n"
                      "        return cb\n"
                      "    @classmethod\n"
                      "    def make(cls):\n"
                      "        return cls\n"))
        return;
    CHECK_STR_EQ(qn(&fx, "self.session.get", 0), "aiohttp.ClientSession.get");
    CHECK_STR_EQ(ty_name(&fx, "resp", 1), "aiohttp.ClientResponse");
    CHECK_STR_EQ(qn(&fx, "resp.json", 0), "aiohttp.ClientResponse.json");
    CHECK_STR_EQ(qn(&fx, "self.client.get", 0), "httpx.AsyncClient.get");
    CHECK_STR_EQ(qn(&fx, "self.other.get", 0), "httpx.Client.get");
    CHECK_NULL(ty_name(&fx, "cls", 0)); /* the class object, not an instance */
    fx_close(&fx);

    if (!fx_open(&fx, "import httpx\n"
                      "class MyClient(httpx.AsyncClient):\n"
                      "    async def go(self, u):\n"
                      "        await self.get(u)\n"
                      "        await super().post(u)\n"
                      "        self.custom()\n"))
        return;
    CHECK_STR_EQ(qn(&fx, "self.get", 0), "httpx.AsyncClient.get");
    CHECK_STR_EQ(qn(&fx, "super().post", 0), "httpx.AsyncClient.post");
    CHECK_STR_EQ(qn(&fx, "self.custom", 0), "mod.MyClient.custom");
    fx_close(&fx);
    if (!fx_open(&fx, "import aiohttp, httpx\n"
                      "class Base:\n"
                      "    session: aiohttp.ClientSession\n"
                      "    def __init__(self, client: httpx.AsyncClient):\n"
                      "        self.client = client\n"
                      "class Sub(Base):\n"
                      "    async def go(self, url):\n"
                      "        def cb():\n"
                      "            return url\n"
                      "        return cb\n"))
        return;
    /* the closure reads the method's parameter */
    const Binding *u = lookup_at(&fx, "url", 0);
    CHECK(u && u->kind == BIND_PARAMETER);
    CHECK_STR_EQ(u ? u->scope->qualname : NULL, "mod.Sub.go");
    CHECK_INT_EQ(u ? u->uses.len : 99, 1);
    fx_close(&fx);
}

TEST(decorators_and_dotted_imports)
{
    Fx fx;
    if (!fx_open(&fx, "import asyncio.subprocess\n"
                      "import functools\n"
                      "try:\n"
                      "    import trio\n"
                      "except ImportError:\n"
                      "    trio = None\n"
                      "def deco(f):\n"
                      "    @functools.wraps(f)\n"
                      "    def wrapper(*a):\n"
                      "        return f(*a)\n"
                      "    return wrapper\n"
                      "@deco\n"
                      "async def main():\n"
                      "    await asyncio.create_subprocess_exec('ls')\n"
                      "    await asyncio.sleep(1)\n"
                      "    main\n"))
        return;
    CHECK_STR_EQ(qn(&fx, "asyncio.create_subprocess_exec", 0), "asyncio.create_subprocess_exec");
    CHECK_STR_EQ(qn(&fx, "asyncio.sleep", 0), "asyncio.sleep");
    CHECK_STR_EQ(qn(&fx, "functools.wraps", 0), "functools.wraps");
    CHECK_STR_EQ(qn_name(&fx, "deco", 0), "mod.deco");
    CHECK_STR_EQ(qn_name(&fx, "main", 0), "mod.main");
    CHECK(fx.sm->imports_trio && fx.sm->framework == FW_TRIO);
    const Scope *w =
        sem_scope_of_node(fx.sm, fx.pf.mod->body.items[3]->v.FunctionDef.body.items[0]);
    CHECK_STR_EQ(w ? w->qualname : NULL, "mod.deco.<locals>.wrapper");
    fx_close(&fx);
}

TEST(deep_nesting_stays_linear)
{
    /* 2,900 nested lambdas: scope names stop growing, so memory stays linear */
    enum { N = 2900 };
    size_t cap = (size_t)N * 8 + 16;
    char *src = malloc(cap);
    size_t len = (size_t)snprintf(src, cap, "f = ");
    for (int i = 0; i < N; i++)
        len += (size_t)snprintf(src + len, cap - len, "lambda: ");
    snprintf(src + len, cap - len, "1\n");
    Fx fx;
    if (fx_open(&fx, src)) {
        const Expr *e = fx.pf.mod->body.items[0]->v.Assign.value;
        for (int i = 0; i < N - 1; i++)
            e = e->v.Lambda.body;
        const Scope *inner = sem_scope_of_node(fx.sm, e);
        CHECK(inner && inner->kind == SCOPE_LAMBDA);
        CHECK(inner && strlen(inner->qualname) < 1200);
        CHECK(fx.a.total < 64u * 1024 * 1024);
        fx_close(&fx);
    }
    free(src);
}

/* A name's first sight (an AST identifier here) and a later copy of its text (the head of a dotted
 * import) are one name for lookups, and sem_bindings lists every binding. */
TEST(names_unify_and_bindings_list)
{
    Fx fx;
    if (!fx_open(&fx, "def f(os):\n"
                      "    return os\n"
                      "import os.path\n"
                      "with open('x') as fh:\n"
                      "    os.path.join(fh)\n"))
        return;
    const Binding *param = lookup_at(&fx, "os", 0), *imp = lookup_at(&fx, "os", 1);
    CHECK(param && param->kind == BIND_PARAMETER);
    CHECK(imp && imp->kind == BIND_IMPORT && imp->qualname && !strcmp(imp->qualname, "os"));
    CHECK(imp && sem_lookup_str(fx.sm, fx.sm->module_scope, "os", UINT32_MAX) == imp);
    CHECK(imp && imp->uses.len == 1);
    CHECK(sem_lookup_str(fx.sm, fx.sm->module_scope, "nowhere", UINT32_MAX) == NULL);
    uint32_t n = 0;
    Binding *const *all = sem_bindings(fx.sm, &n);
    int kinds[BIND_OTHER + 1] = { 0 };
    for (uint32_t i = 0; i < n; i++)
        kinds[all[i]->kind]++;
    CHECK_INT_EQ(n, 4); /* f, os (parameter), os (import), fh */
    CHECK_INT_EQ(kinds[BIND_WITH_TARGET], 1);
    CHECK_INT_EQ(kinds[BIND_IMPORT], 1);
    fx_close(&fx);
}

/* Every binding's uses are in source order, whichever way the builder sorted its loads. */
static void
check_uses_in_order(const Scope *scope, int *nbindings)
{
    for (uint32_t i = 0; i < scope->bindings.len; i++) {
        const Binding *b = scope->bindings.items[i];
        (*nbindings)++;
        for (uint32_t k = 1; k < b->uses.len; k++)
            CHECK(b->uses.items[k - 1].name->start < b->uses.items[k].name->start);
    }
}

static bool
uses_enter_expr(Visitor *v, const Expr *e)
{
    Fx *fx = v->data;
    const Scope *s = sem_scope_of_node(fx->sm, e);
    int n = 0;
    if (s)
        check_uses_in_order(s, &n);
    return true;
}

TEST(uses_in_source_order)
{
    /* `self` and `y` are read inside targets after the values' reads; 40 nested comprehensions
     * with long iterables are visited innermost-iterable-last, far from source order (the merge
     * sort's case) */
    enum { DEPTH = 40, WIDTH = 60 };
    size_t cap = (size_t)DEPTH * WIDTH * 8 + 4096;
    char *src = malloc(cap);
    size_t len = (size_t)snprintf(src, cap,
                                  "class C:\n"
                                  "    def m(self, y, z):\n"
                                  "        self.a = y + z\n"
                                  "        y[z] = self.a\n"
                                  "        self.b = [q for q in z if y]\n"
                                  "        return self.a, y\n"
                                  "y = z = 1\n"
                                  "r = ");
    for (int d = 0; d < DEPTH; d++)
        len += (size_t)snprintf(src + len, cap - len, "[y + z + ");
    len += (size_t)snprintf(src + len, cap - len, "y");
    for (int d = 0; d < DEPTH; d++) {
        len += (size_t)snprintf(src + len, cap - len, " for q%d in (", d);
        for (int w = 0; w < WIDTH; w++)
            len += (size_t)snprintf(src + len, cap - len, "%s, ", w % 2 ? "y" : "z");
        len += (size_t)snprintf(src + len, cap - len, ")]");
    }
    snprintf(src + len, cap - len, "\n");
    Fx fx;
    if (fx_open(&fx, src)) {
        int nbindings = 0;
        check_uses_in_order(fx.sm->module_scope, &nbindings);
        Visitor v = { .enter_expr = uses_enter_expr, .data = &fx };
        visit_module(&v, fx.pf.mod);
        const Stmt *cls = fx.pf.mod->body.items[0];
        check_uses_in_order(sem_scope_of_node(fx.sm, cls->v.ClassDef.body.items[0]), &nbindings);
        CHECK(nbindings >= 5);
        const Binding *y = sem_lookup_str(fx.sm, fx.sm->module_scope, "y", UINT32_MAX);
        CHECK_INT_EQ(y ? y->uses.len : 0, DEPTH + 1 + DEPTH * WIDTH / 2);
        fx_close(&fx);
    }
    free(src);
}

TEST_MAIN("analysis_semantic", TEST_CASE(import_aliases), TEST_CASE(shadowing), TEST_CASE(builtins),
          TEST_CASE(class_scope_skipping), TEST_CASE(global_nonlocal), TEST_CASE(relative_imports),
          TEST_CASE(self_methods_and_super), TEST_CASE(typed_receivers),
          TEST_CASE(catalog_result_types), TEST_CASE(local_types), TEST_CASE(project_inheritance),
          TEST_CASE(module_members_without_loading), TEST_CASE(name_uses), TEST_CASE(binding_kinds),
          TEST_CASE(framework_detection), TEST_CASE(scope_flags), TEST_CASE(large_file_is_linear),
          TEST_CASE(type_annotation_forms), TEST_CASE(typed_attributes),
          TEST_CASE(decorators_and_dotted_imports), TEST_CASE(deep_nesting_stays_linear),
          TEST_CASE(uses_in_source_order), TEST_CASE(names_unify_and_bindings_list))
