/* `asyncreview rules [--format text|json] [CODE]`: the rule list, or one rule's documentation. */
#include "cli/commands.h"
#include "report/report.h"
#include "rules/rule.h"

#include <stdio.h>
#include <string.h>

static void
frameworks_text(StrBuf *sb, unsigned mask)
{
    const char *sep = "";
    for (int fw = 0; fw < FW_COUNT; fw++)
        if (mask & FW_BIT(fw)) {
            sb_printf(sb, "%s%s", sep, framework_name((Framework)fw));
            sep = ",";
        }
}

static void
version_text(StrBuf *sb, const RuleDesc *r)
{
    if (r->min_version)
        sb_printf(sb, "Python >= %d.%d", r->min_version / 100, r->min_version % 100);
    if (r->max_version)
        sb_printf(sb, "%sPython < %d.%d", r->min_version ? ", " : "", r->max_version / 100,
                  r->max_version % 100);
}

static void
rule_json(StrBuf *out, const RuleDesc *r)
{
    StrBuf fws = STRBUF_INIT;
    frameworks_text(&fws, r->frameworks);
    sb_adds(out, "{\"code\": ");
    json_escape(out, r->code);
    sb_adds(out, ", \"name\": ");
    json_escape(out, r->name);
    sb_adds(out, ", \"severity\": ");
    json_escape(out, severity_name(r->severity));
    sb_adds(out, ", \"area\": ");
    json_escape(out, area_name(r->area));
    sb_adds(out, ", \"frameworks\": ");
    json_escape(out, sb_cstr(&fws));
    sb_printf(out, ", \"min_version\": %d, \"max_version\": %d, \"opt_in\": %s, \"fix\": ",
              r->min_version, r->max_version, r->opt_in ? "true" : "false");
    json_escape(out, r->fix == FIX_SAFE ? "safe" : r->fix == FIX_UNSAFE ? "unsafe" : "none");
    sb_adds(out, ", \"summary\": ");
    json_escape(out, r->summary ? r->summary : "");
    sb_adds(out, ", \"why\": ");
    json_escape(out, r->why ? r->why : "");
    sb_adds(out, ", \"doc\": ");
    json_escape(out, r->doc ? r->doc : "");
    sb_adds(out, "}");
    sb_free(&fws);
}

static void
rule_doc_text(StrBuf *out, const RuleDesc *r)
{
    sb_printf(out, "# %s %s\n\n", r->code, r->name);
    sb_printf(out, "Severity: %s. Area: %s. Frameworks: ", severity_name(r->severity),
              area_name(r->area));
    frameworks_text(out, r->frameworks);
    sb_adds(out, ".");
    if (r->min_version || r->max_version) {
        sb_adds(out, " Applies to ");
        version_text(out, r);
        sb_adds(out, ".");
    }
    if (r->opt_in)
        sb_adds(out, " Opt-in: enable it with `--extend-select ");
    if (r->opt_in)
        sb_printf(out, "%s`.", r->code);
    sb_printf(out, " Fix: %s.\n\n",
              r->fix == FIX_SAFE     ? "safe"
              : r->fix == FIX_UNSAFE ? "unsafe"
                                     : "none");
    sb_adds(out, r->doc ? r->doc : "");
    if (out->len && out->data[out->len - 1] != '\n')
        sb_addc(out, '\n');
}

int
cmd_rules(int argc, char **argv)
{
    bool json = false;
    const char *code = NULL;
    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "--format") && i + 1 < argc) {
            const char *f = argv[++i];
            if (!strcmp(f, "json"))
                json = true;
            else if (strcmp(f, "text")) {
                fprintf(stderr, "asyncreview rules: unknown format '%s' (text or json)\n", f);
                return 2;
            }
        } else if (!strcmp(argv[i], "--help") || !strcmp(argv[i], "-h")) {
            puts("usage: asyncreview rules [--format text|json] [CODE]\n\n"
                 "Without CODE, lists every rule; with CODE, prints its documentation.");
            return 0;
        } else if (argv[i][0] == '-') {
            fprintf(stderr, "asyncreview rules: unknown option '%s'\n", argv[i]);
            return 2;
        } else
            code = argv[i];
    }
    StrBuf out = STRBUF_INIT;
    if (code) {
        const RuleDesc *r = rule_find(code);
        if (!r) {
            fprintf(stderr,
                    "asyncreview rules: unknown rule '%s' (`asyncreview rules` lists them)\n",
                    code);
            return 2;
        }
        if (json)
            rule_json(&out, r);
        else
            rule_doc_text(&out, r);
    } else if (json) {
        sb_adds(&out, "[");
        for (uint32_t i = 0; i < rule_count; i++) {
            sb_adds(&out, i ? ",\n " : "");
            rule_json(&out, rule_table[i]);
        }
        sb_adds(&out, "]\n");
    } else {
        for (uint32_t i = 0; i < rule_count; i++) {
            const RuleDesc *r = rule_table[i];
            sb_printf(&out, "%-9s %-11s %-15s %-34s %s%s\n", r->code, severity_name(r->severity),
                      area_name(r->area), r->name, r->summary ? r->summary : "",
                      r->opt_in ? " (opt-in)" : "");
        }
        sb_printf(&out, "\n%u rules. `asyncreview rules CODE` prints one rule's documentation.\n",
                  rule_count);
    }
    fputs(sb_cstr(&out), stdout);
    if (json && code)
        fputc('\n', stdout);
    sb_free(&out);
    return 0;
}
