/* fuzz_check: libFuzzer target for the analysis behind `check` and `review`: parse, semantic model,
 * every rule (opt-in ones included) for each framework, the text and JSON reports and the fix
 * engine. Any input must give findings or an error, never a crash or a sanitizer report; and every
 * finding must lie inside the file. */
#include "analysis/catalog.h"
#include "fix/fix.h"
#include "report/report.h"
#include "rules/checker.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const char *const every_rule[] = { "ALL" };

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static bool ready;
    static Config cfg;
    static RuleSet rs;
    if (!ready) {
        catalog_init();
        config_defaults(&cfg);
        cfg.python_version = 311;
        cfg.select = (CodeList){ (const char **)every_rule, 1 };
        char err[256];
        if (ruleset_build(&rs, &cfg, err, sizeof err) != 0)
            abort();
        for (uint32_t i = 0; i < rule_count; i++) /* opt-in rules too */
            rs.enabled[i] = true;
        ready = true;
    }
    /* the first byte picks the framework, so trio and anyio rules run as well */
    Framework fw = size ? (Framework)(data[0] % FW_COUNT) : FW_ASYNCIO;
    cfg.framework = fw;
    cfg.framework_set = size && data[0] % 4 != 3;
    FileReport report;
    checker_check_source(&report, "fuzz.py", "fuzz", (const char *)data, size, &cfg, &rs, NULL);
    for (uint32_t i = 0; i < report.nfindings; i++) {
        const Finding *f = &report.findings[i];
        if (f->start > f->end || f->end > report.text_len || !f->message)
            abort();
        for (uint32_t k = 0; k < f->nedits; k++)
            if (f->edits[k].start > f->edits[k].end || f->edits[k].end > report.text_len)
                abort();
    }
    if (!report.error) {
        StrBuf out = STRBUF_INIT;
        ReportOptions ro = { .show_source = true, .show_fixes = true, .cfg = &cfg, .nfiles = 1 };
        FileReport *one = &report;
        report_text(&out, &one, 1, &ro);
        sb_clear(&out);
        report_json(&out, &one, 1, &ro);
        sb_free(&out);
        size_t len = 0;
        free(fix_apply_text(&report, true, &len));
    }
    file_report_free(&report);
    return 0;
}
