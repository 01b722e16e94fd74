/* fuzz_lexer: libFuzzer target for source decoding and the tokenizer. Any input must decode or give
 * a SyntaxErr, and tokenize into a token array ending with ENDMARKER or ERRORTOKEN whose offsets
 * stay inside the text; a crash, a sanitizer report or a broken invariant is a bug. */
#include "base/arena.h"
#include "parse/lexer.h"
#include "parse/source.h"

#include <stdint.h>
#include <stdlib.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    Arena a;
    arena_init(&a, 0);
    Source src;
    SyntaxErr err;
    if (source_decode(&a, "fuzz.py", (const char *)data, size, &src, &err) == 0) {
        if (src.text[src.len] != '\0')
            abort();
        Lexer lx;
        lex_tokenize(&lx, &a, &src);
        if (lx.ntokens == 0)
            abort();
        uint8_t last = lx.tokens[lx.ntokens - 1].kind;
        if (last != TOK_ENDMARKER && last != TOK_ERROR)
            abort();
        if (last == TOK_ERROR && (!lx.err.set || !lx.err.msg))
            abort();
        for (uint32_t i = 0; i < lx.ntokens; i++)
            if (lx.tokens[i].start > src.len + 1 || lx.tokens[i].end > src.len + 1)
                abort();
    } else if (!err.set || !err.msg) {
        abort();
    }
    arena_free(&a);
    return 0;
}
