/* fuzz_skim: libFuzzer target for the pre-parse skim. Any input that decodes is skimmed (no crash,
 * no sanitizer report, no hang); when the parser also accepts it, the skim must keep every promise
 * of skim.h about it (tests/unit/skim_check.h prints the broken one before the abort). */
#include "analysis/skim.h"
#include "parse/parser.h"
#include "parse/source.h"

#include "../tests/unit/skim_check.h"

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
        FileSkim fs;
        skim_text(&fs, &a, src.text, src.len);
        ParsedFile pf;
        if (parse_source(&pf, &a, "fuzz.py", (const char *)data, size) == 0 &&
            skim_check(&pf, &fs, "fuzz.py", stderr) != 0)
            abort();
    }
    arena_free(&a);
    return 0;
}
