#include "cli/options.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

void
options_init(CommonOptions *co)
{
    memset(co, 0, sizeof *co);
    arena_init(&co->arena, 0);
    co->include_refactored = -1;
    const char *no_color = getenv("NO_COLOR");
    co->color = isatty(STDOUT_FILENO) && !(no_color && *no_color);
}

/* Splits "A,B, C" into the list. */
static void
add_codes(CommonOptions *co, void *list_ptr, const char *text)
{
    VEC(const char *) *list = list_ptr;
    const char *p = text;
    while (*p) {
        while (*p == ',' || *p == ' ')
            p++;
        const char *start = p;
        while (*p && *p != ',' && *p != ' ')
            p++;
        if (p > start) {
            char *code = arena_strndup(&co->arena, start, (size_t)(p - start));
            for (char *c = code; *c; c++)
                if (*c >= 'a' && *c <= 'z')
                    *c = (char)(*c - 'a' + 'A');
            VEC_PUSH(&co->arena, *list, code);
        }
    }
}

int
options_parse_common(CommonOptions *co, int argc, char **argv, int i)
{
    const char *a = argv[i];
    static const char *const with_value[] = {
        "--select",    "--extend-select",      "--ignore", "--exclude", "--python-version",
        "--framework", "--severity-threshold", "--config", "--jobs",    "--max-issues",
    };
    const char *value = NULL;
    const char *name = a;
    char namebuf[64];
    /* --opt=value form */
    const char *eq = strchr(a, '=');
    if (!strncmp(a, "--", 2) && eq && (size_t)(eq - a) < sizeof namebuf) {
        memcpy(namebuf, a, (size_t)(eq - a));
        namebuf[eq - a] = '\0';
        name = namebuf;
        value = eq + 1;
    }
    bool wants_value = false;
    for (size_t k = 0; k < ARRAY_LEN(with_value); k++)
        wants_value |= !strcmp(name, with_value[k]);
    int used = 1;
    if (wants_value && !value) {
        if (i + 1 >= argc) {
            fprintf(stderr, "asyncreview: option %s needs a value\n", name);
            return -1;
        }
        value = argv[i + 1];
        used = 2;
    }
    if (!strcmp(name, "--select")) {
        add_codes(co, &co->select, value);
        co->select_set = true;
    } else if (!strcmp(name, "--extend-select"))
        add_codes(co, &co->extend_select, value);
    else if (!strcmp(name, "--ignore"))
        add_codes(co, &co->ignore, value);
    else if (!strcmp(name, "--exclude"))
        VEC_PUSH(&co->arena, co->exclude, arena_strdup(&co->arena, value));
    else if (!strcmp(name, "--python-version"))
        co->python_version = value;
    else if (!strcmp(name, "--framework"))
        co->framework = value;
    else if (!strcmp(name, "--severity-threshold"))
        co->severity = value;
    else if (!strcmp(name, "--max-issues"))
        co->max_issues = value;
    else if (!strcmp(name, "--config"))
        co->config_path = value;
    else if (!strcmp(name, "--jobs")) {
        char *end;
        long n = strtol(value, &end, 10);
        if (*end || n < 1 || n > 1024) {
            fprintf(stderr, "asyncreview: --jobs needs a number from 1 to 1024, not '%s'\n", value);
            return -1;
        }
        co->jobs = (unsigned)n;
    } else if (!strcmp(name, "--no-config"))
        co->no_config = true;
    else if (!strcmp(name, "--color")) {
        co->color = true;
        co->color_set = true;
    } else if (!strcmp(name, "--no-color")) {
        co->color = false;
        co->color_set = true;
    } else if (!strcmp(name, "--include-refactored"))
        co->include_refactored = 1;
    else if (!strcmp(name, "--no-include-refactored"))
        co->include_refactored = 0;
    else
        return 0;
    return used;
}

void
options_add_path(CommonOptions *co, const char *path)
{
    if (co->npaths == co->paths_cap) {
        co->paths_cap = co->paths_cap ? co->paths_cap * 2 : 8;
        co->paths = xrealloc(co->paths, sizeof *co->paths * co->paths_cap);
    }
    co->paths[co->npaths++] = path;
}

static void
to_codelist(Arena *a, CodeList *out, const char *const *items, uint32_t n, bool replace)
{
    if (!n && !replace)
        return;
    const char **copy = arena_alloc(a, sizeof *copy * (n + out->len + 1));
    uint32_t k = 0;
    if (!replace)
        for (uint32_t i = 0; i < out->len; i++)
            copy[k++] = out->items[i];
    for (uint32_t i = 0; i < n; i++)
        copy[k++] = items[i];
    out->items = copy;
    out->len = k;
}

int
options_finish(CommonOptions *co, Config *cfg, RuleSet *rs, const char *command)
{
    config_defaults(cfg);
    char err[512];
    if (!co->no_config) {
        char *path = NULL;
        if (co->config_path)
            path = xstrdup(co->config_path);
        else {
            char cwd[4096];
            const char *start = co->npaths && strcmp(co->paths[0], "-") ? co->paths[0] : ".";
            char *dir = xstrdup(start);
            /* start from the first path's directory (or itself when it is one) */
            if (access(dir, F_OK) == 0) {
                char *slash = strrchr(dir, '/');
                size_t len = strlen(dir);
                if (len < 3 || strcmp(dir + len - 3, ".py") != 0)
                    slash = NULL;
                if (slash)
                    *slash = '\0';
                else if (len >= 3 && !strcmp(dir + len - 3, ".py")) {
                    free(dir);
                    dir = xstrdup(getcwd(cwd, sizeof cwd) ? cwd : ".");
                }
            }
            path = config_find(dir);
            free(dir);
        }
        if (path) {
            if (config_load(cfg, &co->arena, path, err, sizeof err) != 0) {
                fprintf(stderr, "asyncreview %s: %s\n", command, err);
                free(path);
                return -1;
            }
            free(path);
        }
    }
    if (co->python_version) {
        int v = config_parse_version(co->python_version);
        if (v < 0) {
            fprintf(
                stderr,
                "asyncreview %s: --python-version: '%s' is not a Python version from 3.7 to 3.14\n",
                command, co->python_version);
            return -1;
        }
        cfg->python_version = v;
    }
    if (co->framework) {
        if (config_parse_framework(co->framework, &cfg->framework) != 0) {
            fprintf(stderr, "asyncreview %s: --framework: '%s' is not asyncio, trio or anyio\n",
                    command, co->framework);
            return -1;
        }
        cfg->framework_set = true;
    }
    if (co->severity && config_parse_severity(co->severity, &cfg->severity_threshold) != 0) {
        fprintf(
            stderr,
            "asyncreview %s: --severity-threshold: '%s' is not critical, warning or suggestion\n",
            command, co->severity);
        return -1;
    }
    if (co->max_issues) {
        char *end;
        long n = strtol(co->max_issues, &end, 10);
        if (*end || n < 1 || n > 100000) {
            fprintf(stderr, "asyncreview %s: --max-issues needs a positive number, not '%s'\n",
                    command, co->max_issues);
            return -1;
        }
        cfg->max_issues = (int)n;
    }
    if (co->include_refactored >= 0)
        cfg->include_refactored = co->include_refactored;
    if (!cfg->python_version)
        cfg->python_version = 311;
    if (co->select_set)
        to_codelist(&co->arena, &cfg->select, co->select.items, co->select.len, true);
    to_codelist(&co->arena, &cfg->extend_select, co->extend_select.items, co->extend_select.len,
                false);
    to_codelist(&co->arena, &cfg->ignore, co->ignore.items, co->ignore.len, false);
    to_codelist(&co->arena, &cfg->exclude, co->exclude.items, co->exclude.len, false);
    if (ruleset_build(rs, cfg, err, sizeof err) != 0) {
        fprintf(stderr, "asyncreview %s: %s\n", command, err);
        return -1;
    }
    catalog_init();
    if (!co->npaths)
        options_add_path(co, ".");
    return 0;
}

void
options_free(CommonOptions *co)
{
    free(co->paths);
    arena_free(&co->arena);
}
