/* fuzz_toml: libFuzzer target for the TOML reader. Any input must parse into a well-formed tree or
 * give an error with a message and a line inside the input; a crash, a sanitizer report or a broken
 * invariant is a bug. */
#include "analysis/toml.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void
check_value(const TomlValue *v, uint32_t nlines, int depth)
{
    if (!v || v->line < 1 || v->line > nlines || depth > 100000)
        abort();
    switch (v->type) {
    case TOML_STRING:
    case TOML_DATETIME:
        if (!v->u.str.s || v->u.str.s[v->u.str.len] != '\0')
            abort();
        break;
    case TOML_ARRAY:
        for (uint32_t i = 0; i < v->u.array.len; i++)
            check_value(v->u.array.items[i], nlines, depth + 1);
        break;
    case TOML_TABLE:
        for (uint32_t i = 0; i < v->u.table.len; i++) {
            const TomlEntry *e = &v->u.table.items[i];
            if (!e->key || e->line < 1 || e->line > nlines)
                abort();
            check_value(e->value, nlines, depth + 1);
        }
        break;
    case TOML_INTEGER:
    case TOML_FLOAT:
    case TOML_BOOLEAN:
        break;
    default:
        abort();
    }
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    uint32_t nlines = 1;
    for (size_t i = 0; i < size; i++)
        nlines += data[i] == '\n';
    Arena a;
    arena_init(&a, 0);
    TomlError err;
    TomlValue *root = toml_parse(&a, (const char *)data, size, &err);
    if (root) {
        if (root->type != TOML_TABLE)
            abort();
        check_value(root, nlines, 0);
    } else if (err.line < 1 || err.line > nlines || !err.msg[0] ||
               !memchr(err.msg, '\0', sizeof err.msg)) {
        abort();
    }
    arena_free(&a);
    return 0;
}
