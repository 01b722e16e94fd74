/* options: the options `check` and `review` share (rule selection, target, framework, config file,
 * parallelism, colour), parsed once and merged over the pyproject.toml settings. */
#ifndef ASYNCREVIEW_CLI_OPTIONS_H
#define ASYNCREVIEW_CLI_OPTIONS_H

#include "rules/checker.h"

#define COMMON_OPTIONS_HELP                                                                        \
    "  --select CODES              run only these rules (codes or prefixes, comma-separated; "     \
    "ALL)\n"                                                                                       \
    "  --extend-select CODES       also run these (opt-in rules must be named exactly)\n"          \
    "  --ignore CODES              do not run these\n"                                             \
    "  --exclude GLOB              skip matching paths (repeatable)\n"                             \
    "  --python-version X.Y        target Python (default: requires-python, else 3.11)\n"          \
    "  --framework NAME            asyncio, trio or anyio for every file (default: from "          \
    "imports)\n"                                                                                   \
    "  --severity-threshold LEVEL  report only critical, warning or suggestion and above\n"        \
    "  --config FILE               read settings from this pyproject.toml\n"                       \
    "  --no-config                 ignore pyproject.toml files\n"                                  \
    "  --jobs N                    worker threads (default: all cores)\n"                          \
    "  --color / --no-color        force colours on or off (default: on a terminal, unless "       \
    "NO_COLOR)\n"

typedef struct CommonOptions {
    const char **paths;
    size_t npaths, paths_cap;
    Arena arena;
    const char *config_path;
    bool no_config;
    unsigned jobs;
    bool color;
    bool color_set;
    /* raw overrides, applied over the config file by options_finish */
    const char *python_version, *framework, *severity, *max_issues;
    int include_refactored; /* -1 unset, 0, 1 */
    VEC(const char *) select, extend_select, ignore, exclude;
    bool select_set;
} CommonOptions;

void options_init(CommonOptions *co);
/* options_parse_common: if argv[i] is a common option, consumes it (and its value) and returns how
 * many arguments it used; 0 if it is not one; -1 after printing an error (missing value). */
int options_parse_common(CommonOptions *co, int argc, char **argv, int i);
void options_add_path(CommonOptions *co, const char *path);
/* options_finish: loads the config (unless --no-config), applies the overrides, validates
 * everything, builds the rule set and the catalog. 0, or -1 after printing a clear error to stderr.
 */
WARN_UNUSED int options_finish(CommonOptions *co, Config *cfg, RuleSet *rs, const char *command);
void options_free(CommonOptions *co);

#endif
