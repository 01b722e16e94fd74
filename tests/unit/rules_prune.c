/* rules_prune: which top-level statements of a checked file the rule walk may skip. Each case
 * names the top-level defs and classes it expects kept; everything else that is a def or a class
 * must be skipped, and nothing else ever is. */
#include "analysis/project.h"
#include "analysis/semantic.h"
#include "base/strbuf.h"
#include "parse/parser.h"
#include "rules/prune.h"
#include "test.h"

/* The top-level statement names (def or class) skipped for src, as " a b c " (empty: none), with
 * the project index knowing `pkg.api.fetch` and `pkg.api.Conn` as asynchronous when async_known. */
static const char *
skipped(Arena *a, const char *src, bool async_known)
{
    ParsedFile pf;
    if (parse_source(&pf, a, "<test>", src, strlen(src)) != 0) {
        fprintf(stderr, "FAIL %s: parse error %s\n", test_current_name, pf.err.msg);
        test_failures_in_case++;
        return "<parse error>";
    }
    ProjectIndex *idx = project_new();
    if (async_known) {
        project_add_async_name(idx, "pkg.api.fetch");
        project_add_async_name(idx, "pkg.api.Conn");
    }
    Semantic *sm = sem_build_untyped(a, pf.mod, "mod", false, idx);
    bool *skip = prune_units(a, sm, pf.mod, idx);
    StrBuf out = STRBUF_INIT;
    sb_addc(&out, ' ');
    for (uint32_t i = 0; skip && i < pf.mod->body.len; i++) {
        if (!skip[i])
            continue;
        const Stmt *s = pf.mod->body.items[i];
        if (s->kind == S_FunctionDef)
            sb_adds(&out, s->v.FunctionDef.name);
        else if (s->kind == S_ClassDef)
            sb_adds(&out, s->v.ClassDef.name);
        else
            sb_adds(&out, "<not a def or class>");
        sb_addc(&out, ' ');
    }
    const char *r = arena_strdup(a, sb_cstr(&out));
    sb_free(&out);
    project_free(idx);
    return r;
}

#define EXPECT_SKIPPED(src, expected)                                                              \
    do {                                                                                           \
        Arena a;                                                                                   \
        arena_init(&a, 0);                                                                         \
        CHECK_STR_EQ(skipped(&a, src, true), expected);                                            \
        arena_free(&a);                                                                            \
    } while (0)

TEST(plain_defs_are_skipped_async_ones_kept)
{
    EXPECT_SKIPPED("import asyncio\n"
                   "async def main():\n    await asyncio.sleep(0)\n"
                   "def add(x):\n    return x + 1\n"
                   "class Point:\n    def norm(self):\n        return 0\n"
                   "def sleeper():\n    asyncio.run(main())\n",
                   " add Point ");
}

TEST(only_defs_and_classes_are_skipped)
{
    EXPECT_SKIPPED("import os\nx = os.getcwd()\nif x:\n    y = 1\nfor i in []:\n    pass\n"
                   "async def f():\n    pass\n",
                   " ");
}

TEST(async_syntax_inside_sync_def_keeps_it)
{
    EXPECT_SKIPPED("async def f():\n    pass\n"
                   "def wraps():\n    async def inner():\n        pass\n    return inner\n"
                   "class Cm:\n    async def __aenter__(self):\n        return self\n"
                   "class Dunder:\n    __aexit__ = None\n"
                   "def awaits_in_lambda():\n    return [x async for x in y]\n"
                   "def group():\n    try:\n        pass\n    except* ValueError:\n        pass\n"
                   "def group_name(e):\n    return isinstance(e, ExceptionGroup)\n"
                   "def other():\n    return 1\n",
                   " other ");
}

TEST(imports_reaching_async_project_names)
{
    EXPECT_SKIPPED("import pkg.api\nimport pkg\nfrom pkg.api import fetch as get, Conn\n"
                   "from pkg import api\nfrom pkg.other import plain\n"
                   "async def main():\n    pass\n"
                   "def by_alias():\n    get('u')\n"
                   "def by_module_chain():\n    pkg.api.fetch('u')\n"
                   "def by_submodule():\n    api.Conn()\n"
                   "def by_sync_name():\n    plain()\n"
                   "def by_sync_chain():\n    pkg.api.helper()\n"
                   "def annotated(c: 'Conn') -> None:\n    pass\n"
                   "def annotated_dotted(c: 'Optional[pkg.api.Conn]'):\n    pass\n"
                   "def annotated_plain(c: 'int'):\n    pass\n",
                   " by_sync_name by_sync_chain annotated_plain ");
}

TEST(watch_words_keep_statements)
{
    /* async libraries keep a statement by name; blocking calls do not: a sync def that blocks is
     * judged where a coroutine calls it, through the project index, not by walking the def */
    EXPECT_SKIPPED("import time, requests, trio, anyio\n"
                   "async def main():\n    pass\n"
                   "def sleeps():\n    time.sleep(1)\n"
                   "def fetches():\n    requests.get('u')\n"
                   "def nursery():\n    trio.run(other)\n"
                   "def starts():\n    anyio.run(other)\n"
                   "def quiet():\n    time.monotonic()\n",
                   " sleeps fetches quiet ");
}

TEST(tainted_module_names_spread)
{
    /* client holds something asynchronous, so does every def that names it, and every def that
     * names such a def, until nothing changes; an unrelated local of the same name keeps its
     * statement too (names are compared by text) */
    EXPECT_SKIPPED("from pkg.api import Conn\n"
                   "async def main():\n    pass\n"
                   "client = Conn()\n"
                   "def uses_client():\n    client.get()\n"
                   "def through_helper():\n    return uses_client()\n"
                   "def two_steps():\n    return through_helper()\n"
                   "def shadows():\n    client = 1\n    return client\n"
                   "def plain():\n    return 2\n"
                   "def calls_plain():\n    return plain()\n",
                   " plain calls_plain ");
}

TEST(tainted_later_binding_reaches_earlier_reader)
{
    /* the reader comes before the binding that makes the name asynchronous */
    EXPECT_SKIPPED("from pkg.api import fetch\n"
                   "def reader():\n    return handler()\n"
                   "def handler():\n    return fetch('u')\n"
                   "def alone():\n    return 3\n",
                   " alone ");
}

TEST(star_import_from_async_keeps_everything)
{
    EXPECT_SKIPPED("from pkg.api import *\n"
                   "async def main():\n    pass\n"
                   "def plain():\n    return fetch()\n",
                   " ");
    EXPECT_SKIPPED("from os.path import *\n"
                   "async def main():\n    pass\n"
                   "def plain():\n    return join('a', 'b')\n",
                   " plain ");
}

TEST(nothing_skipped_without_async_names)
{
    /* check --full and snippets: the project index recorded no asynchronous names */
    Arena a;
    arena_init(&a, 0);
    CHECK_STR_EQ(skipped(&a,
                         "async def main():\n    pass\n"
                         "def add(x):\n    return x + 1\n",
                         false),
                 " ");
    arena_free(&a);
}

TEST(decorators_and_bases_count)
{
    EXPECT_SKIPPED("import asyncio\nfrom pkg.api import Conn\n"
                   "async def main():\n    pass\n"
                   "@asyncio.coroutine\ndef legacy():\n    pass\n"
                   "class Sub(Conn):\n    def run(self):\n        pass\n"
                   "class Loop(asyncio.AbstractEventLoop):\n    pass\n"
                   "class Base:\n    pass\n",
                   " Base ");
}

TEST_MAIN("rules_prune", TEST_CASE(plain_defs_are_skipped_async_ones_kept),
          TEST_CASE(only_defs_and_classes_are_skipped),
          TEST_CASE(async_syntax_inside_sync_def_keeps_it),
          TEST_CASE(imports_reaching_async_project_names), TEST_CASE(watch_words_keep_statements),
          TEST_CASE(tainted_module_names_spread),
          TEST_CASE(tainted_later_binding_reaches_earlier_reader),
          TEST_CASE(star_import_from_async_keeps_everything),
          TEST_CASE(nothing_skipped_without_async_names), TEST_CASE(decorators_and_bases_count))
