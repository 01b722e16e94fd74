/* lexdump: prints the tokens of each file given, one per line, as
 * "KIND startline startcol endline endcol TEXT" (columns in code points, TEXT with \n and \\
 * escaped), or "ERROR kind line col end_line end_col msg". For comparing with Python's tokenize. */
#include "parse/lexer.h"
#include "parse/lineindex.h"
#include "parse/source.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void
put_text(const char *s, uint32_t n)
{
    for (uint32_t i = 0; i < n; i++) {
        if (s[i] == '\n')
            fputs("\\n", stdout);
        else if (s[i] == '\\')
            fputs("\\\\", stdout);
        else
            putchar(s[i]);
    }
}

static int
dump(const char *path)
{
    char reason[256];
    size_t n;
    char *raw = source_read_file(path, &n, reason, sizeof reason);
    if (!raw) {
        fprintf(stderr, "%s: %s\n", path, reason);
        return 1;
    }
    Arena a;
    arena_init(&a, 0);
    Source src;
    SyntaxErr err = { 0 };
    if (source_decode(&a, path, raw, n, &src, &err) != 0) {
        printf("DECODE-ERROR %s\n", err.msg);
        free(raw);
        arena_free(&a);
        return 0;
    }
    Lexer lx;
    lex_tokenize(&lx, &a, &src);
    LineIndex li;
    lineindex_build(&li, &a, src.text, src.len);
    for (uint32_t i = 0; i < lx.ntokens; i++) {
        const Token *t = &lx.tokens[i];
        if (t->kind == TOK_ERROR) {
            printf("ERROR %s %u %u %u %u %s\n", lx.err.kind, lx.err.line, lx.err.col,
                   lx.err.end_line, lx.err.end_col, lx.err.msg);
            break;
        }
        const char *kind = tok_spelling(t->kind);
        if (t->kind >= TOK_FIRST_KEYWORD)
            kind = "NAME";
        else if (t->kind >= TOK_LPAR)
            kind = "OP";
        printf("%s %u %u %u %u ", kind, lineindex_line(&li, t->start),
               lineindex_char_col(&li, t->start), lineindex_line(&li, t->end),
               lineindex_char_col(&li, t->end));
        put_text(src.text + t->start, t->end - t->start);
        putchar('\n');
    }
    free(raw);
    arena_free(&a);
    return 0;
}

int
main(int argc, char **argv)
{
    int rc = 0;
    for (int i = 1; i < argc; i++) {
        if (argc > 2)
            printf("FILE %s\n", argv[i]);
        rc |= dump(argv[i]);
    }
    return rc;
}
