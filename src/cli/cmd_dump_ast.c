/* dump-ast: prints a file's AST exactly as CPython 3.11's
 * `ast.dump(ast.parse(source), include_attributes=True)` does (see parse/dump.h), for comparing our
 * parser with CPython's (tests/suites/parse_differential.py, tests/tools/diffdump.py).
 *
 *   asyncreview dump-ast FILE            the dump on stdout; a syntax error on stderr as
 *                                        FILE:LINE:COL: SyntaxError: MESSAGE, exit status 1
 *   asyncreview dump-ast --batch FILE... for each file "==> FILE", then its dump or "!! <error>" */
#include "base/arena.h"
#include "base/strbuf.h"
#include "cli/commands.h"
#include "parse/dump.h"
#include "parse/parser.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef enum DumpStatus { DUMP_OK = 0, DUMP_REJECTED = 1, DUMP_IO_ERROR = 2 } DumpStatus;

/* dump_file: reads and parses path; on success out holds the dump, otherwise out holds the one-line
 * error ("FILE:LINE:COL: KIND: MESSAGE" or "FILE: REASON"). */
static DumpStatus
dump_file(const char *path, StrBuf *out)
{
    char reason[256];
    size_t n;
    char *raw = source_read_file(path, &n, reason, sizeof reason);
    if (!raw) {
        sb_printf(out, "%s: %s", path, reason);
        return DUMP_IO_ERROR;
    }
    Arena a;
    arena_init(&a, 0);
    ParsedFile pf;
    memset(&pf, 0, sizeof pf);
    DumpStatus status = DUMP_OK;
    if (parse_source(&pf, &a, path, raw, n) != 0 || !pf.mod) {
        const SyntaxErr *err = &pf.err;
        sb_printf(out, "%s:%u:%u: %s: %s", path, err->line, err->col,
                  err->kind ? err->kind : "SyntaxError", err->msg ? err->msg : "invalid syntax");
        status = DUMP_REJECTED;
    } else if (dump_module(out, &pf) != 0) {
        sb_clear(out);
        sb_printf(out,
                  "%s: RecursionError: maximum recursion depth exceeded during ast construction",
                  path);
        status = DUMP_REJECTED;
    }
    arena_free(&a);
    free(raw);
    return status;
}

static void
usage(FILE *f)
{
    fputs("usage: asyncreview dump-ast FILE\n"
          "       asyncreview dump-ast --batch FILE...\n\n"
          "Prints the file's AST as CPython 3.11's ast.dump(ast.parse(source), "
          "include_attributes=True).\n"
          "With --batch, prints \"==> FILE\" and then the dump or \"!! <error>\" for each file.\n",
          f);
}

int
cmd_dump_ast(int argc, char **argv)
{
    bool batch = false;
    int first = 1;
    if (argc > 1 && (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h"))) {
        usage(stdout);
        return 0;
    }
    if (argc > 1 && !strcmp(argv[1], "--batch")) {
        batch = true;
        first = 2;
    }
    if (argc <= first || (!batch && argc != 2)) {
        usage(stderr);
        return 2;
    }
    StrBuf out = STRBUF_INIT;
    int worst = 0;
    for (int i = first; i < argc; i++) {
        if (batch) {
            /* flushed before parsing, so that a crash leaves the culprit's name as the last line */
            printf("==> %s\n", argv[i]);
            fflush(stdout);
        }
        sb_clear(&out);
        DumpStatus status = dump_file(argv[i], &out);
        if (status == DUMP_OK) {
            fwrite(out.data, 1, out.len, stdout);
            putchar('\n');
        } else if (batch) {
            printf("!! %s\n", sb_cstr(&out));
        } else {
            fprintf(stderr, "%s\n", sb_cstr(&out));
        }
        if ((int)status > worst)
            worst = (int)status;
    }
    sb_free(&out);
    if (fflush(stdout) != 0)
        return 2;
    return worst;
}
