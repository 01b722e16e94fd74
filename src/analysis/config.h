/* config: the settings of a run, from `[tool.asyncreview]` in the nearest pyproject.toml,
 * overridden by command-line flags of the same names. */
#ifndef ASYNCREVIEW_ANALYSIS_CONFIG_H
#define ASYNCREVIEW_ANALYSIS_CONFIG_H

#include "base/arena.h"

typedef enum Framework { FW_ASYNCIO, FW_TRIO, FW_ANYIO, FW_COUNT } Framework;
#define FW_BIT(fw) (1u << (fw))
#define FW_ALL (FW_BIT(FW_ASYNCIO) | FW_BIT(FW_TRIO) | FW_BIT(FW_ANYIO))

typedef enum Severity { SEV_SUGGESTION, SEV_WARNING, SEV_CRITICAL, SEV_COUNT } Severity;

typedef enum Area {
    AREA_CORRECTNESS,
    AREA_PERFORMANCE,
    AREA_ERROR_HANDLING,
    AREA_PATTERNS,
    AREA_RESOURCES,
    AREA_COUNT
} Area;

/* A rule selector as written: a full code ("ASYNC251"), a prefix ("ASYNC1", "AR"), or "ALL". */
typedef struct CodeList {
    const char **items;
    uint32_t len;
} CodeList;

typedef struct PerFileIgnore {
    const char
        *glob; /* matched against the path relative to the config's directory and the basename */
    CodeList codes;
} PerFileIgnore;

typedef struct Config {
    const char *path;   /* the pyproject.toml read, or NULL */
    const char *root;   /* directory of that file (project root), or NULL */
    int python_version; /* minor version as 3xx: 311 means 3.11; 0 = not set */
    bool framework_set; /* framework forced for every file (else detected per file) */
    Framework framework;
    Severity severity_threshold; /* findings below it are not reported (default SUGGESTION) */
    int max_issues;              /* review reports: at most this many sections (default 20) */
    bool include_refactored;     /* review reports: the corrected file at the end (default true) */
    CodeList select;             /* empty = the default rule set */
    CodeList extend_select;      /* added to the default set (opt-in rules) */
    CodeList ignore;
    CodeList exclude; /* path globs */
    PerFileIgnore *per_file_ignores;
    uint32_t n_per_file_ignores;
} Config;

/* config_defaults: python_version 311, severity SUGGESTION, max_issues 20, include_refactored true.
 */
void config_defaults(Config *cfg);

/* config_find: the nearest pyproject.toml at or above dir that has a [tool.asyncreview] table or a
 * [project] requires-python; NULL when none (heap string, caller frees). */
char *config_find(const char *dir);

/* config_load: reads `[tool.asyncreview]` (and `requires-python` from `[project]` when
 * python-version is not set) from the TOML file at path into cfg, allocating in arena a. Returns 0,
 * or -1 with a message "PATH:LINE: KEY: what is wrong" in err (unknown key, wrong type, bad value,
 * TOML syntax error). */
WARN_UNUSED int config_load(Config *cfg, Arena *a, const char *path, char *err, size_t err_size);

/* config_parse_version: "3.11" / "py311" / "311" -> 311; -1 when malformed or outside 3.7..3.14. */
int config_parse_version(const char *text);
/* config_parse_severity: "critical"/"warning"/"suggestion" (any case) -> 0 with *out set, else -1.
 */
int config_parse_severity(const char *text, Severity *out);
int config_parse_framework(const char *text, Framework *out);

const char *severity_name(Severity s);    /* "CRITICAL", "WARNING", "SUGGESTION" */
const char *area_name(Area a);            /* "correctness", "performance", "error-handling", ... */
const char *framework_name(Framework fw); /* "asyncio", "trio", "anyio" */

#endif
