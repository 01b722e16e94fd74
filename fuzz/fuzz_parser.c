/* fuzz_parser: libFuzzer target for the whole front end: decoding, tokenizing, parsing, and (when
 * the AST dumper is built in) dumping the tree. A parse either succeeds with a module or fails with
 * a message; a crash, a sanitizer report or a broken invariant is a bug. */
#include "base/arena.h"
#include "parse/parser.h"

#if defined(__has_include)
#if __has_include("parse/dump.h")
#include "base/strbuf.h"
#include "parse/dump.h"
#define HAVE_DUMP 1
#endif
#endif

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    Arena a;
    arena_init(&a, 0);
    ParsedFile pf;
    memset(&pf, 0, sizeof pf);
    if (parse_source(&pf, &a, "fuzz.py", (const char *)data, size) == 0) {
        if (!pf.mod)
            abort();
#ifdef HAVE_DUMP
        StrBuf out = STRBUF_INIT;
        if (dump_module(&out, &pf) == 0 && out.len == 0)
            abort();
        sb_free(&out);
#endif
    } else if (!pf.err.set || !pf.err.msg || !pf.err.kind) {
        abort();
    }
    arena_free(&a);
    return 0;
}
