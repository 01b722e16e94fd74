#include "parse/token.h"

static const char *const spellings[TOK_KIND_COUNT] = {
#define TOKEN_SPELLING(kind, spelling) [kind] = spelling,
    TOKEN_LIST(TOKEN_SPELLING)
#undef TOKEN_SPELLING
};

/* tok_spelling: the token's CPython name ("NAME") or its text for operators and keywords ("(",
 * "async"); a static string. */
const char *
tok_spelling(TokKind kind)
{
    if ((unsigned)kind >= TOK_KIND_COUNT)
        return "?";
    return spellings[kind];
}
