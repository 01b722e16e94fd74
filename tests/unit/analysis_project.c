#include "analysis/catalog.h"
#include "analysis/project.h"
#include "analysis/semantic.h"
#include "parse/parser.h"
#include "test.h"

#include <limits.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

/* add_module: parses src as module `module`, summarizes it in a scratch arena (freed right after,
 * so the index must have copied everything) and adds it to idx. */
static void
add_module(ProjectIndex *idx, const char *module, const char *path, const char *src)
{
    Arena a, sa;
    arena_init(&a, 0);
    arena_init(&sa, 0);
    ParsedFile pf;
    if (parse_source(&pf, &a, path, src, strlen(src)) != 0) {
        fprintf(stderr, "FAIL %s: parse error in %s: %s line %u\n", test_current_name, path,
                pf.err.msg, pf.err.line);
        test_failures_in_case++;
    } else {
        Semantic *sm = sem_build(&a, pf.mod, module, false, NULL);
        sm->lines = &pf.lines;
        FileSummary *fs = project_summarize(&sa, sm, path);
        arena_free(&a); /* the summary must not point into the AST arena */
        project_add(idx, fs);
    }
    arena_free(&a);
    arena_free(&sa);
}

static bool
has_call(const FuncInfo *fi, const char *callee)
{
    for (uint32_t i = 0; fi && i < fi->ncalls; i++)
        if (strcmp(fi->calls[i].callee, callee) == 0)
            return true;
    return false;
}

static void
write_file(const char *path, const char *text)
{
    FILE *f = fopen(path, "w");
    if (!f) {
        fprintf(stderr, "FAIL %s: cannot write %s\n", test_current_name, path);
        test_failures_in_case++;
        return;
    }
    fputs(text, f);
    fclose(f);
}

/* make_dirs: root/dirs[i] for each i, parents first. */
static void
make_dirs(const char *root, const char *const *dirs, size_t n)
{
    char p[PATH_MAX];
    for (size_t i = 0; i < n; i++) {
        snprintf(p, sizeof p, "%s/%s", root, dirs[i]);
        mkdir(p, 0700);
    }
}

/* touch_files: root/files[i], each holding an empty line. */
static void
touch_files(const char *root, const char *const *files, size_t n)
{
    char p[PATH_MAX];
    for (size_t i = 0; i < n; i++) {
        snprintf(p, sizeof p, "%s/%s", root, files[i]);
        write_file(p, "\n");
    }
}

static char *
module_of(const char *path, bool *init)
{
    /* the per-tree namer (which remembers directories) must agree with the one-file function */
    ModuleNamer *mn = module_namer_new();
    bool namer_init = false;
    char *by_namer = module_namer_name(mn, path, &namer_init);
    char *m = project_module_name(path, init);
    CHECK_STR_EQ(by_namer, m);
    CHECK(namer_init == *init);
    free(by_namer);
    module_namer_free(mn);
    return m;
}

#define CHECK_MODULE(path, want, want_init)                                                        \
    do {                                                                                           \
        bool init_ = !(want_init);                                                                 \
        char *m_ = module_of(path, &init_);                                                        \
        CHECK_STR_EQ(m_, want);                                                                    \
        CHECK(init_ == (want_init));                                                               \
        free(m_);                                                                                  \
    } while (0)

TEST(module_names)
{
    char root[] = "/tmp/asyncreview-projXXXXXX";
    if (!mkdtemp(root)) {
        CHECK(!"mkdtemp");
        return;
    }
    char p[PATH_MAX];
    const char *dirs[] = { "src", "src/pkg", "src/pkg/sub", "scripts", "stubs", "stubs/spkg" };
    make_dirs(root, dirs, ARRAY_LEN(dirs));
    const char *files[] = {
        "src/pkg/__init__.py", "src/pkg/sub/__init__.py", "src/pkg/sub/mod.py",
        "scripts/run.py",      "stubs/spkg/__init__.pyi", "stubs/spkg/api.pyi"
    };
    touch_files(root, files, ARRAY_LEN(files));
    snprintf(p, sizeof p, "%s/src/pkg/sub/mod.py", root);
    CHECK_MODULE(p, "pkg.sub.mod", false);
    snprintf(p, sizeof p, "%s/src/pkg/__init__.py", root);
    CHECK_MODULE(p, "pkg", true);
    snprintf(p, sizeof p, "%s/src/pkg/sub/__init__.py", root);
    CHECK_MODULE(p, "pkg.sub", true);
    snprintf(p, sizeof p, "%s/scripts/run.py", root);
    CHECK_MODULE(p, "run", false);
    snprintf(p, sizeof p, "%s/stubs/spkg/api.pyi", root);
    CHECK_MODULE(p, "spkg.api", false);
    snprintf(p, sizeof p, "%s/src/pkg/sub/../sub/mod.py", root);
    CHECK_MODULE(p, "pkg.sub.mod", false);

    char cwd[PATH_MAX];
    if (getcwd(cwd, sizeof cwd)) {
        snprintf(p, sizeof p, "%s/src/pkg/sub", root);
        if (chdir(p) == 0) {
            CHECK_MODULE("./mod.py", "pkg.sub.mod", false);
            CHECK_MODULE("mod.py", "pkg.sub.mod", false);
            CHECK_MODULE("__init__.py", "pkg.sub", true);
        }
        snprintf(p, sizeof p, "%s/src", root);
        if (chdir(p) == 0) {
            CHECK_MODULE("pkg/sub/mod.py", "pkg.sub.mod", false);
            CHECK_MODULE("./pkg/__init__.py", "pkg", true);
        }
        CHECK(chdir(cwd) == 0);
    }
    CHECK_MODULE("/nonexistent-dir-xyz/tool.py", "tool", false);
    CHECK_MODULE("plain", "plain", false);

    for (size_t i = ARRAY_LEN(files); i-- > 0;) {
        snprintf(p, sizeof p, "%s/%s", root, files[i]);
        unlink(p);
    }
    for (size_t i = ARRAY_LEN(dirs); i-- > 0;) {
        snprintf(p, sizeof p, "%s/%s", root, dirs[i]);
        rmdir(p);
    }
    rmdir(root);
}

TEST(summary_contents)
{
    const char *src = "import abc, time, functools\n"
                      "from contextlib import contextmanager\n"
                      "class Base(abc.ABC):\n"
                      "    @abc.abstractmethod\n"
                      "    def run(self): ...\n"
                      "    def stop(self):\n"
                      "        '''Stop.'''\n"
                      "        raise NotImplementedError\n"
                      "class Conn(Base):\n"
                      "    async def __aexit__(self, *exc): pass\n"
                      "    def run(self):\n"
                      "        time.sleep(1)\n"
                      "        return self.helper()\n"
                      "    def helper(self):\n"
                      "        return 1\n"
                      "@contextmanager\n"
                      "def cm():\n"
                      "    yield\n"
                      "async def agen():\n"
                      "    yield 1\n"
                      "def outer():\n"
                      "    def inner():\n"
                      "        time.sleep(2)\n"
                      "    class Local:\n"
                      "        def m(self): pass\n"
                      "    lambda: time.sleep(3)\n"
                      "    return [open(p) for p in 'ab']\n";
    Arena a;
    arena_init(&a, 0);
    ParsedFile pf;
    if (parse_source(&pf, &a, "pkg/m.py", src, strlen(src)) != 0) {
        CHECK(!"parse");
        arena_free(&a);
        return;
    }
    Semantic *sm = sem_build(&a, pf.mod, "pkg.m", false, NULL);
    sm->lines = &pf.lines;
    FileSummary *fs = project_summarize(&a, sm, "pkg/m.py");
    CHECK_STR_EQ(fs->module, "pkg.m");
    CHECK_STR_EQ(fs->path, "pkg/m.py");
    const char *want[] = { "pkg.m.Base.run",
                           "pkg.m.Base.stop",
                           "pkg.m.Conn.__aexit__",
                           "pkg.m.Conn.run",
                           "pkg.m.Conn.helper",
                           "pkg.m.cm",
                           "pkg.m.agen",
                           "pkg.m.outer",
                           "pkg.m.outer.<locals>.inner",
                           "pkg.m.outer.<locals>.Local.m" };
    CHECK_INT_EQ(fs->nfuncs, ARRAY_LEN(want));
    for (uint32_t i = 0; i < fs->nfuncs && i < ARRAY_LEN(want); i++)
        CHECK_STR_EQ(fs->funcs[i].qualname, want[i]);
    if (fs->nfuncs == ARRAY_LEN(want)) {
        const FuncInfo *f = fs->funcs;
        CHECK(f[0].is_abstract && f[0].is_method && !f[0].is_async);
        CHECK_INT_EQ(f[0].ndecorators, 1);
        CHECK_STR_EQ(f[0].decorators[0], "abc.abstractmethod");
        CHECK(f[1].is_abstract); /* docstring + raise NotImplementedError */
        CHECK(f[2].is_async && f[2].is_method && f[2].is_abstract); /* only `pass` */
        CHECK(!f[3].is_abstract && f[3].line == 11);
        CHECK(has_call(&f[3], "time.sleep") && has_call(&f[3], "pkg.m.Conn.helper"));
        CHECK_INT_EQ(f[3].ncalls, 2);
        CHECK_INT_EQ(f[3].calls[0].line, 12);
        CHECK(f[5].is_generator && !f[5].is_async);
        CHECK_STR_EQ(f[5].decorators[0], "contextlib.contextmanager");
        CHECK(f[6].is_generator && f[6].is_async);
        /* outer: open() in the comprehension counts; inner's and the lambda's sleeps do not */
        CHECK(has_call(&f[7], "builtins.open"));
        CHECK(!has_call(&f[7], "time.sleep"));
        CHECK(has_call(&f[8], "time.sleep"));
        CHECK(f[9].is_method);
    }
    CHECK_INT_EQ(fs->nclasses, 3);
    if (fs->nclasses == 3) {
        const ClassInfo *c = fs->classes;
        CHECK_STR_EQ(c[0].qualname, "pkg.m.Base");
        CHECK(c[0].nbases == 1 && strcmp(c[0].bases[0], "abc.ABC") == 0);
        CHECK_INT_EQ(c[0].nmethods, 2);
        CHECK(!c[0].has_aclose);
        CHECK_STR_EQ(c[1].qualname, "pkg.m.Conn");
        CHECK(c[1].nbases == 1 && strcmp(c[1].bases[0], "pkg.m.Base") == 0);
        CHECK_INT_EQ(c[1].nmethods, 3);
        CHECK(c[1].has_aclose);
        CHECK_STR_EQ(c[2].qualname, "pkg.m.outer.<locals>.Local");
        CHECK(c[2].nmethods == 1 && strcmp(c[2].methods[0], "m") == 0);
    }
    arena_free(&a);
}

TEST(cross_module_chains)
{
    ProjectIndex *idx = project_new();
    add_module(idx, "pkg.config", "pkg/config.py",
               "from pkg.io import read_file\n"
               "from pkg import util\n"
               "def load_config():\n"
               "    return read_file('c')\n"
               "def ping(n):\n"
               "    return util.pong(n)\n"
               "def quiet_a():\n"
               "    return quiet_b()\n"
               "def quiet_b():\n"
               "    return quiet_a()\n"
               "async def handler():\n"
               "    load_config()\n");
    add_module(idx, "pkg.io", "pkg/io.py",
               "from .util import raw_open\n"
               "def read_file(p):\n"
               "    with raw_open(p) as f:\n"
               "        return f.read()\n");
    add_module(idx, "pkg.util", "pkg/util.py",
               "import time\n"
               "from pkg.config import ping\n"
               "def raw_open(p):\n"
               "    return open(p)\n"
               "def pong(n):\n"
               "    if n:\n"
               "        return ping(n - 1)\n"
               "    time.sleep(0.1)\n"
               "def longer(n):\n"
               "    ping(n)\n"
               "    time.sleep(1)\n");

    const FuncInfo *lc = project_find_func(idx, "pkg.config.load_config");
    CHECK(lc && project_func_blocks(idx, lc) && !lc->is_async);
    CHECK(lc && lc->blocks_via == project_find_func(idx, "pkg.io.read_file"));
    CHECK(lc && lc->blocking_call && strcmp(lc->blocking_call->callee, "pkg.io.read_file") == 0);
    CHECK_STR_EQ(lc ? lc->path : NULL, "pkg/config.py");
    Arena a;
    arena_init(&a, 0);
    CHECK_STR_EQ(project_blocking_chain(idx, &a, lc),
                 "load_config() -> read_file() -> raw_open() -> open()");
    /* the ping <-> pong cycle blocks through pong's time.sleep */
    const FuncInfo *ping = project_find_func(idx, "pkg.config.ping");
    const FuncInfo *pong = project_find_func(idx, "pkg.util.pong");
    CHECK(ping && project_func_blocks(idx, ping) && pong && project_func_blocks(idx, pong));
    CHECK_STR_EQ(project_blocking_chain(idx, &a, ping), "ping() -> pong() -> time.sleep()");
    CHECK_STR_EQ(project_blocking_chain(idx, &a, pong), "pong() -> time.sleep()");
    CHECK(pong && pong->blocking_call && pong->blocking_call->line == 8);
    /* the shortest chain wins even when a longer one comes first in the body */
    CHECK_STR_EQ(project_blocking_chain(idx, &a, project_find_func(idx, "pkg.util.longer")),
                 "longer() -> time.sleep()");
    /* a cycle with nothing blocking terminates and does not block */
    const FuncInfo *qa = project_find_func(idx, "pkg.config.quiet_a");
    CHECK(qa && !project_func_blocks(idx, qa) && !qa->blocking_call &&
          !project_blocking_chain(idx, &a, qa));
    /* async functions record no calls and never "block" */
    const FuncInfo *h = project_find_func(idx, "pkg.config.handler");
    CHECK(h && h->is_async && h->ncalls == 0 && !project_func_blocks(idx, h));
    arena_free(&a);
    project_free(idx);
}

TEST(offloaded_calls_not_counted)
{
    ProjectIndex *idx = project_new();
    add_module(idx, "app", "app.py",
               "import asyncio, functools, time\n"
               "import trio, anyio\n"
               "def blocking(p):\n"
               "    time.sleep(p)\n"
               "def offloaded(loop):\n"
               "    asyncio.to_thread(blocking, 1)\n"
               "    loop2 = asyncio.get_running_loop()\n"
               "    loop2.run_in_executor(None, functools.partial(blocking, 2))\n"
               "    trio.to_thread.run_sync(lambda: blocking(3))\n"
               "    anyio.to_thread.run_sync(functools.partial(blocking, 4))\n"
               "    asyncio.to_thread(time.sleep, 5)\n"
               "    def later():\n"
               "        blocking(6)\n"
               "    return later\n"
               "def direct():\n"
               "    functools.partial(blocking, 1)\n"
               "    return blocking(7)\n");
    const FuncInfo *off = project_find_func(idx, "app.offloaded");
    CHECK(off && !project_func_blocks(idx, off));
    CHECK(off && !has_call(off, "app.blocking") && !has_call(off, "time.sleep"));
    const FuncInfo *later = project_find_func(idx, "app.offloaded.<locals>.later");
    CHECK(later && project_func_blocks(idx, later));
    const FuncInfo *direct = project_find_func(idx, "app.direct");
    CHECK(direct && project_func_blocks(idx, direct) && has_call(direct, "app.blocking"));
    CHECK(direct && direct->blocking_call && direct->blocking_call->line == 17);
    project_free(idx);
}

TEST(methods_and_bases)
{
    ProjectIndex *idx = project_new();
    add_module(idx, "lib.base", "lib/base.py",
               "import requests\n"
               "class Root:\n"
               "    def fetch(self):\n"
               "        return requests.get('u')\n"
               "class Loop1(Loop2): pass\n"
               "class Loop2(Loop1): pass\n");
    add_module(idx, "lib.svc", "lib/svc.py",
               "from lib.base import Root\n"
               "class Mid(Root):\n"
               "    pass\n"
               "class Leaf(Mid):\n"
               "    def go(self):\n"
               "        return self.fetch()\n");
    const FuncInfo *m = project_find_method(idx, "lib.svc.Leaf", "fetch");
    CHECK_STR_EQ(m ? m->qualname : NULL, "lib.base.Root.fetch");
    CHECK(project_find_method(idx, "lib.svc.Leaf", "missing") == NULL);
    CHECK(project_find_method(idx, "lib.base.Loop1", "x") == NULL); /* base cycle */
    CHECK(project_find_class(idx, "lib.svc.Mid") != NULL);
    /* `self.fetch()` summarized without an index is "lib.svc.Leaf.fetch": finish follows the bases
     */
    const FuncInfo *go = project_find_func(idx, "lib.svc.Leaf.go");
    CHECK(go && has_call(go, "lib.svc.Leaf.fetch"));
    CHECK(go && project_func_blocks(idx, go) && go->blocks_via == m);
    Arena a;
    arena_init(&a, 0);
    CHECK_STR_EQ(project_blocking_chain(idx, &a, go), "go() -> fetch() -> requests.get()");
    arena_free(&a);
    project_free(idx);
}

TEST(reexports)
{
    ProjectIndex *idx = project_new();
    add_module(idx, "pkg", "pkg/__init__.py",
               "from pkg.api import fetch, Conn as Connection, version\n"
               "from pkg.impl import *\n"
               "from pkg.loop_a import x\n"
               "version = staticmethod(version)\n");
    add_module(idx, "pkg.api", "pkg/api.py",
               "async def fetch():\n"
               "    pass\n"
               "class Conn:\n"
               "    async def get(self):\n"
               "        pass\n"
               "def version():\n"
               "    return 1\n");
    add_module(idx, "pkg.impl", "pkg/impl.py",
               "async def helper():\n"
               "    pass\n");
    add_module(idx, "pkg.loop_a", "pkg/loop_a.py", "from pkg.loop_b import x\n");
    add_module(idx, "pkg.loop_b", "pkg/loop_b.py", "from pkg.loop_a import x\n");
    const FuncInfo *f = project_find_func(idx, "pkg.fetch");
    CHECK_STR_EQ(f ? f->qualname : NULL, "pkg.api.fetch");
    CHECK(f && f->is_async);
    const ClassInfo *c = project_find_class(idx, "pkg.Connection");
    CHECK_STR_EQ(c ? c->qualname : NULL, "pkg.api.Conn");
    const FuncInfo *m = project_find_method(idx, "pkg.Connection", "get");
    CHECK_STR_EQ(m ? m->qualname : NULL, "pkg.api.Conn.get");
    const FuncInfo *h = project_find_func(idx, "pkg.helper");
    CHECK_STR_EQ(h ? h->qualname : NULL, "pkg.impl.helper");
    /* rebound after the import: importers get the new value, which is not known */
    CHECK(project_find_func(idx, "pkg.version") == NULL);
    /* a module attribute is not a method: the name the code wrote is kept */
    CHECK(project_find_method(idx, "pkg", "fetch") == NULL);
    /* re-export cycles end */
    CHECK(project_find_func(idx, "pkg.x") == NULL);
    CHECK(project_find_func(idx, "pkg.loop_a.x.y") == NULL);
    project_free(idx);
}

TEST(submodules_shadow_reexports)
{
    /* pkg binds `sub` to a class, but pkg/sub.py is a module: `pkg.sub` is that module once
     * imported, so its names are not looked for through pkg's import */
    ProjectIndex *idx = project_new();
    add_module(idx, "pkg", "pkg/__init__.py", "from pkg.other import Sub as sub, Sub\n");
    add_module(idx, "pkg.other", "pkg/other.py",
               "class Sub:\n    async def go(self):\n        pass\n");
    add_module(idx, "pkg.sub", "pkg/sub.py", "def run():\n    pass\n");
    CHECK(project_find_class(idx, "pkg.sub") == NULL);
    CHECK(project_find_func(idx, "pkg.sub.go") == NULL);
    const FuncInfo *run = project_find_func(idx, "pkg.sub.run");
    CHECK_STR_EQ(run ? run->qualname : NULL, "pkg.sub.run");
    /* the same class under a name no module has is still followed */
    const FuncInfo *go = project_find_func(idx, "pkg.Sub.go");
    CHECK_STR_EQ(go ? go->qualname : NULL, "pkg.other.Sub.go");
    project_free(idx);
}

TEST(may_hold_async)
{
    /* without recorded names (check --full, a snippet) every lookup may find one */
    ProjectIndex *idx = project_new();
    CHECK(project_may_hold_async(idx, "pkg.other.helper"));
    project_add_async_name(idx, "pkg.api.fetch");
    project_add_async_name(idx, "pkg.api.Conn");
    CHECK(project_may_hold_async(idx, "pkg.api.fetch"));
    CHECK(project_may_hold_async(idx, "pkg.api.Conn.get")); /* a method of a class holding one */
    CHECK(project_may_hold_async(idx, "pkg.api"));          /* a module above one */
    CHECK(!project_may_hold_async(idx, "pkg.api.version"));
    CHECK(!project_may_hold_async(idx, "pkg.other.helper"));
    CHECK(!project_may_hold_async(NULL, "pkg.api.fetch"));
    project_free(idx);
}

TEST(lazy_loading)
{
    char root[] = "/tmp/asyncreview-lazyXXXXXX";
    if (!mkdtemp(root)) {
        CHECK(!"mkdtemp");
        return;
    }
    char p[PATH_MAX];
    const char *dirs[] = { "app", "one", "two" };
    make_dirs(root, dirs, ARRAY_LEN(dirs));
    struct {
        const char *path, *text;
    } files[] = {
        { "app/__init__.py", "" },
        { "app/db.py", "import sqlite3\ndef connect():\n    return sqlite3.connect('x')\n" },
        { "app/svc.py", "from app.db import connect\ndef load():\n    return connect()\n"
                        "async def handler():\n    load()\n" },
        { "app/other.py", "def unused():\n    pass\n" },
        { "one/tool.py", "def run():\n    pass\n" }, /* two scripts, one module name */
        { "two/tool.py", "async def run():\n    pass\n" },
        { "app/broken.py", "def f(:\n" },
    };
    ProjectIndex *idx = project_new();
    ModuleNamer *mn = module_namer_new();
    for (size_t i = 0; i < ARRAY_LEN(files); i++) {
        snprintf(p, sizeof p, "%s/%s", root, files[i].path);
        write_file(p, files[i].text);
        bool init = false;
        char *m = module_namer_name(mn, p, &init);
        project_add_file(idx, p, m, init);
        free(m);
    }
    module_namer_free(mn);
    CHECK_INT_EQ(project_loaded_files(idx, NULL), 0);
    const FuncInfo *load = project_find_func(idx, "app.svc.load");
    CHECK(load != NULL);
    CHECK_INT_EQ(project_loaded_files(idx, NULL), 2); /* app/__init__.py and app/svc.py */
    Arena a;
    arena_init(&a, 0);
    CHECK_STR_EQ(project_blocking_chain(idx, &a, load), "load() -> connect() -> sqlite3.connect()");
    CHECK_INT_EQ(project_loaded_files(idx, NULL), 3); /* and app/db.py, which the chain reached */
    arena_free(&a);
    /* two files of one module name: the later in registration order wins */
    const FuncInfo *run = project_find_func(idx, "tool.run");
    CHECK(run && run->is_async);
    CHECK(project_find_func(idx, "app.broken.f") == NULL); /* unparsable: contributes nothing */
    CHECK(project_find_func(idx, "app.nothing") == NULL);
    bool init = true;
    CHECK_STR_EQ(project_file_module(idx, 1, &init), "app.db");
    CHECK(!init);
    CHECK(project_file_module(idx, 99, NULL) == NULL);
    project_free(idx);
    for (size_t i = ARRAY_LEN(files); i-- > 0;) {
        snprintf(p, sizeof p, "%s/%s", root, files[i].path);
        unlink(p);
    }
    for (size_t i = ARRAY_LEN(dirs); i-- > 0;) {
        snprintf(p, sizeof p, "%s/%s", root, dirs[i]);
        rmdir(p);
    }
    rmdir(root);
}

/* A module whose skim named its defs and class paths apart: a lookup of a function under a class's
 * name (`sock.Sock` as a function), of a class under a def's name or a method's, loads nothing;
 * what may be defined there (a class path, a method of one, a def's locals) still loads it. */
static ProjectIndex *
kinds_index(const char *path)
{
    ProjectIndex *idx = project_new();
    project_add_file(idx, path, "kinds", false);
    const char *functions[] = { "helper" }, *classes[] = { "Sock", "Sock.Inner" };
    ModuleExports ex = { functions, 1, classes, 2, NULL, 0, false };
    project_set_exports(idx, 0, &ex);
    return idx;
}

/* Whether looking up `name` (a function when which is 0, else a class) in a fresh index finds it,
 * and how many files that loaded, as "found/loads". */
static const char *
kinds_lookup(Arena *a, const char *path, const char *name, int which)
{
    ProjectIndex *idx = kinds_index(path);
    bool found =
        which ? project_find_class(idx, name) != NULL : project_find_func(idx, name) != NULL;
    const char *r = arena_sprintf(a, "%d/%u", found, project_loaded_files(idx, NULL));
    project_free(idx);
    return r;
}

TEST(exports_by_kind)
{
    char path[] = "/tmp/asyncreview-kindsXXXXXX.py";
    int fd = mkstemps(path, 3);
    if (fd < 0) {
        CHECK(!"mkstemps");
        return;
    }
    close(fd);
    write_file(path, "class Sock:\n    def send(self):\n        pass\n"
                     "    class Inner:\n        def go(self):\n            pass\n"
                     "def helper():\n    class Local:\n        pass\n    return Local\n");
    Arena a;
    arena_init(&a, 0);
    CHECK_STR_EQ(kinds_lookup(&a, path, "kinds.Sock", 0), "0/0");
    CHECK_STR_EQ(kinds_lookup(&a, path, "kinds.helper", 1), "0/0");
    CHECK_STR_EQ(kinds_lookup(&a, path, "kinds.other", 0), "0/0");
    CHECK_STR_EQ(kinds_lookup(&a, path, "kinds.Sock.send", 1), "0/0");
    CHECK_STR_EQ(kinds_lookup(&a, path, "kinds.Sock.Inner.go", 1), "0/0");
    CHECK_STR_EQ(kinds_lookup(&a, path, "kinds.Sock", 1), "1/1");
    CHECK_STR_EQ(kinds_lookup(&a, path, "kinds.Sock.Inner", 1), "1/1");
    CHECK_STR_EQ(kinds_lookup(&a, path, "kinds.helper", 0), "1/1");
    CHECK_STR_EQ(kinds_lookup(&a, path, "kinds.Sock.send", 0), "1/1");
    CHECK_STR_EQ(kinds_lookup(&a, path, "kinds.Sock.Inner.go", 0), "1/1");
    CHECK_STR_EQ(kinds_lookup(&a, path, "kinds.helper.<locals>.Local", 1), "1/1");
    arena_free(&a);
    unlink(path);
}

TEST(large_call_graph)
{
    /* a chain of 20,000 functions (f0 -> f1 -> ... -> time.sleep) plus a 20,000-long cycle */
    enum { N = 20000 };
    size_t cap = (size_t)N * 80;
    char *src = malloc(cap);
    size_t len = (size_t)snprintf(src, cap, "import time\n");
    for (int i = 0; i < N; i++)
        len += (size_t)snprintf(src + len, cap - len, "def f%d():\n    f%d()\n", i, i + 1);
    len += (size_t)snprintf(src + len, cap - len, "def f%d():\n    time.sleep(1)\n", N);
    for (int i = 0; i < N; i++)
        len += (size_t)snprintf(src + len, cap - len, "def g%d():\n    g%d()\n", i, (i + 1) % N);
    ProjectIndex *idx = project_new();
    add_module(idx, "big", "big.py", src);
    const FuncInfo *f0 = project_find_func(idx, "big.f0");
    CHECK(f0 && project_func_blocks(idx, f0));
    int hops = 0;
    for (const FuncInfo *f = f0; f && f->blocks_via; f = f->blocks_via)
        hops++;
    CHECK_INT_EQ(hops, N);
    Arena a;
    arena_init(&a, 0);
    char name[32];
    snprintf(name, sizeof name, "big.f%d", N - 2);
    CHECK_STR_EQ(project_blocking_chain(idx, &a, project_find_func(idx, name)),
                 "f19998() -> f19999() -> f20000() -> time.sleep()");
    CHECK(!project_func_blocks(idx, project_find_func(idx, "big.g0")));
    arena_free(&a);
    project_free(idx);
    free(src);
}

/* One namer for a whole tree (it remembers real paths and package prefixes across directories)
 * names every file as project_module_name does alone: nested packages, a directory reached through
 * a symbolic link, "..", a stub-only package, a folder outside any package. */
TEST(module_namer_shared)
{
    char root[] = "/tmp/asyncreview-namerXXXXXX";
    if (!mkdtemp(root)) {
        CHECK(!"mkdtemp");
        return;
    }
    char p[PATH_MAX], q[PATH_MAX];
    const char *dirs[] = { "a", "a/pkg", "a/pkg/sub", "a/pkg/sub/deep", "b", "s", "s/spkg" };
    make_dirs(root, dirs, ARRAY_LEN(dirs));
    const char *files[] = { "a/pkg/__init__.py",   "a/pkg/m.py",     "a/pkg/sub/__init__.py",
                            "a/pkg/sub/deep/x.py", "a/pkg/sub/y.py", "b/tool.py",
                            "s/spkg/__init__.pyi", "s/spkg/api.pyi" };
    touch_files(root, files, ARRAY_LEN(files));
    snprintf(p, sizeof p, "%s/a/pkg/sub", root);
    snprintf(q, sizeof q, "%s/b/linked", root);
    CHECK(symlink(p, q) == 0);
    const char *paths[] = { "a/pkg/m.py",          "a/pkg/__init__.py", "a/pkg/sub/y.py",
                            "a/pkg/sub/deep/x.py", "b/tool.py",         "b/linked/y.py",
                            "b/linked/deep/x.py",  "a/pkg/sub/../m.py", "s/spkg/api.pyi",
                            "b/linked/__init__.py" };
    /* deep/ has no __init__.py: x is a top-level module */
    const char *want[] = { "pkg.m",     "pkg", "pkg.sub.y", "x",        "tool",
                           "pkg.sub.y", "x",   "pkg.m",     "spkg.api", "pkg.sub" };
    ModuleNamer *mn = module_namer_new();
    for (size_t i = 0; i < ARRAY_LEN(paths); i++) {
        snprintf(p, sizeof p, "%s/%s", root, paths[i]);
        bool init_a = false, init_b = true;
        char *by_namer = module_namer_name(mn, p, &init_a);
        char *alone = project_module_name(p, &init_b);
        CHECK_STR_EQ(by_namer, alone);
        CHECK_STR_EQ(by_namer, want[i]);
        CHECK(init_a == init_b);
        free(by_namer);
        free(alone);
    }
    module_namer_free(mn);
    snprintf(p, sizeof p, "rm -rf '%s'", root);
    CHECK(system(p) == 0);
}

TEST_MAIN("analysis_project", TEST_CASE(module_names), TEST_CASE(module_namer_shared),
          TEST_CASE(summary_contents), TEST_CASE(cross_module_chains),
          TEST_CASE(offloaded_calls_not_counted), TEST_CASE(reexports),
          TEST_CASE(submodules_shadow_reexports), TEST_CASE(may_hold_async),
          TEST_CASE(lazy_loading), TEST_CASE(exports_by_kind), TEST_CASE(methods_and_bases),
          TEST_CASE(large_call_graph))
