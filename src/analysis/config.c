/* config: `[tool.asyncreview]` from pyproject.toml. Unknown keys, wrong types and bad values are
 * errors with the line they are on (a misspelt key silently ignored is a setting silently lost);
 * every other tool's tables are left alone. */
#include "analysis/config.h"

#include "analysis/toml.h"
#include "base/strbuf.h"

#include <errno.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MIN_VERSION 307
#define MAX_VERSION 314
#define CONFIG_MAX_BYTES (16u * 1024u * 1024u)

/* config_defaults: the settings of a run with no pyproject.toml and no flags. */
void
config_defaults(Config *cfg)
{
    *cfg = (Config){
        .python_version = 311,
        .severity_threshold = SEV_SUGGESTION,
        .max_issues = 20,
        .include_refactored = true,
    };
}

/* ---- names ----------------------------------------------------------------------------------- */

/* severity_name, area_name, framework_name: static strings for reports and messages. */
const char *
severity_name(Severity s)
{
    switch (s) {
    case SEV_SUGGESTION:
        return "SUGGESTION";
    case SEV_WARNING:
        return "WARNING";
    case SEV_CRITICAL:
        return "CRITICAL";
    case SEV_COUNT:
        break;
    }
    return "UNKNOWN";
}

const char *
area_name(Area a)
{
    switch (a) {
    case AREA_CORRECTNESS:
        return "correctness";
    case AREA_PERFORMANCE:
        return "performance";
    case AREA_ERROR_HANDLING:
        return "error-handling";
    case AREA_PATTERNS:
        return "patterns";
    case AREA_RESOURCES:
        return "resources";
    case AREA_COUNT:
        break;
    }
    return "unknown";
}

const char *
framework_name(Framework fw)
{
    switch (fw) {
    case FW_ASYNCIO:
        return "asyncio";
    case FW_TRIO:
        return "trio";
    case FW_ANYIO:
        return "anyio";
    case FW_COUNT:
        break;
    }
    return "unknown";
}

static bool
equal_nocase(const char *a, const char *b)
{
    for (; *a && *b; a++, b++) {
        char x = *a >= 'A' && *a <= 'Z' ? (char)(*a - 'A' + 'a') : *a;
        char y = *b >= 'A' && *b <= 'Z' ? (char)(*b - 'A' + 'a') : *b;
        if (x != y)
            return false;
    }
    return *a == *b;
}

/* config_parse_severity / config_parse_framework: case-insensitive names, 0 or -1. */
int
config_parse_severity(const char *text, Severity *out)
{
    for (int s = 0; s < SEV_COUNT; s++)
        if (equal_nocase(text, severity_name((Severity)s))) {
            *out = (Severity)s;
            return 0;
        }
    return -1;
}

int
config_parse_framework(const char *text, Framework *out)
{
    for (int fw = 0; fw < FW_COUNT; fw++)
        if (equal_nocase(text, framework_name((Framework)fw))) {
            *out = (Framework)fw;
            return 0;
        }
    return -1;
}

static bool
is_digit(char c)
{
    return c >= '0' && c <= '9';
}

/* Reads 1 to 3 digits at *s as a number. */
static int
read_small(const char **s)
{
    int n = 0, k = 0;
    while (is_digit(**s)) {
        if (++k > 3)
            return -1;
        n = n * 10 + (**s - '0');
        (*s)++;
    }
    return k ? n : -1;
}

/* "3.11", "3.11.4", "py311", "311", "py39", "39" -> 311 or 309 */
int
config_parse_version(const char *text)
{
    const char *s = text;
    if ((s[0] == 'p' || s[0] == 'P') && (s[1] == 'y' || s[1] == 'Y'))
        s += 2;
    int minor;
    if (s[0] == '3' && s[1] == '.') {
        s += 2;
        minor = read_small(&s);
        if (*s == '.') {
            s++;
            if (read_small(&s) < 0)
                return -1;
        }
    } else if (s[0] == '3' && is_digit(s[1])) {
        s++;
        minor = read_small(&s);
    } else {
        return -1;
    }
    if (*s || minor < 0)
        return -1;
    int v = 300 + minor;
    return v >= MIN_VERSION && v <= MAX_VERSION ? v : -1;
}

/* ---- requires-python ------------------------------------------------------------------------- */

static void
skip_spaces(const char **s)
{
    while (**s == ' ' || **s == '\t')
        (*s)++;
}

/* requires_lower_bound: the lowest Python 3 minor version a PEP 440 specifier set allows, as 3xx
 * (">=3.9" -> 309, "~=3.10" -> 310, ">=3.8,<4" -> 308, "==3.11.*" -> 311); 0 when it has no lower
 * bound ("<4", "!=3.5.*", ""), -1 when it cannot be read. Versions below 3 give 300. */
static int
requires_lower_bound(const char *spec)
{
    const char *s = spec;
    int lower = 0;
    for (;;) {
        skip_spaces(&s);
        if (!*s)
            break;
        static const char *const ops[] = { "===", "~=", "==", "!=", "<=", ">=", "<", ">", "^" };
        const char *op = NULL;
        for (size_t i = 0; i < ARRAY_LEN(ops) && !op; i++)
            if (strncmp(s, ops[i], strlen(ops[i])) == 0)
                op = ops[i];
        if (!op)
            return -1;
        s += strlen(op);
        skip_spaces(&s);
        if (*s == 'v' || *s == 'V')
            s++;
        if (!is_digit(*s))
            return -1;
        char *end;
        long major = strtol(s, &end, 10);
        long minor = 0;
        s = end;
        if (*s == '.' && is_digit(s[1])) {
            minor = strtol(s + 1, &end, 10);
            s = end;
        }
        /* the rest of the version: more components, ".*", pre/post/dev/local parts */
        while (*s && *s != ',' && *s != ' ' && *s != '\t') {
            char c = *s;
            if (!(is_digit(c) || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '.' ||
                  c == '*' || c == '+' || c == '-' || c == '_' || c == '!'))
                return -1;
            s++;
        }
        int v = major < 3 ? 300 : major > 3 ? 400 : 300 + (int)(minor > 99 ? 99 : minor);
        bool is_lower = strcmp(op, ">=") == 0 || strcmp(op, ">") == 0 || strcmp(op, "~=") == 0 ||
                        strcmp(op, "==") == 0 || strcmp(op, "===") == 0 || strcmp(op, "^") == 0;
        if (is_lower && v > lower)
            lower = v;
        skip_spaces(&s);
        if (*s == ',')
            s++;
        else if (*s)
            return -1;
    }
    return lower;
}

/* ---- loading --------------------------------------------------------------------------------- */

typedef struct Loader {
    const char *path;
    Arena *a; /* the config's arena: strings kept in cfg are copied here */
    char *err;
    size_t err_size;
} Loader;

static int fail(Loader *ld, uint32_t line, const char *fmt, ...) PRINTF_LIKE(3, 4);

static int
fail(Loader *ld, uint32_t line, const char *fmt, ...)
{
    char msg[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    if (ld->err && ld->err_size)
        snprintf(ld->err, ld->err_size, "%s:%u: %s", ld->path, line, msg);
    return -1;
}

static const char *
a_type(const TomlValue *v)
{
    switch (v->type) {
    case TOML_STRING:
        return "a string";
    case TOML_INTEGER:
        return "an integer";
    case TOML_FLOAT:
        return "a float";
    case TOML_BOOLEAN:
        return "a boolean";
    case TOML_DATETIME:
        return "a date";
    case TOML_ARRAY:
        return "an array";
    case TOML_TABLE:
        return "a table";
    }
    return "a value";
}

/* A rule selector: "ALL", or upper-case letters followed by digits ("ASYNC", "ASYNC1", "AR101"). */
static bool
valid_selector(const char *s)
{
    if (strcmp(s, "ALL") == 0)
        return true;
    const char *c = s;
    while (*c >= 'A' && *c <= 'Z')
        c++;
    if (c == s)
        return false;
    while (is_digit(*c))
        c++;
    return *c == '\0';
}

/* An array of strings into list; rule selectors are checked when `codes`. `what` names the key in
 * messages. */
static int
read_list(Loader *ld, const char *what, const TomlEntry *e, const TomlValue *v, bool codes,
          CodeList *list)
{
    if (v->type != TOML_ARRAY)
        return fail(ld, e->line, "%s: expected an array of %s, got %s", what,
                    codes ? "rule codes" : "strings", a_type(v));
    const char **items = ARENA_ARRAY(ld->a, const char *, v->u.array.len + 1);
    for (uint32_t i = 0; i < v->u.array.len; i++) {
        const TomlValue *item = v->u.array.items[i];
        if (item->type != TOML_STRING)
            return fail(ld, item->line, "%s: expected an array of %s, but item %u is %s", what,
                        codes ? "rule codes" : "strings", i + 1, a_type(item));
        if (strlen(item->u.str.s) != item->u.str.len || item->u.str.len == 0)
            return fail(ld, item->line, "%s: item %u is an empty string", what, i + 1);
        if (codes && !valid_selector(item->u.str.s)) {
            bool lower = false;
            for (const char *c = item->u.str.s; *c; c++)
                lower |= *c >= 'a' && *c <= 'z';
            return fail(ld, item->line,
                        "%s: '%s' is not a rule code or prefix (%s, such as \"ASYNC251\", "
                        "\"ASYNC\" or \"ALL\")",
                        what, item->u.str.s,
                        lower ? "codes are upper-case" : "expected letters then digits");
        }
        items[i] = arena_strdup(ld->a, item->u.str.s);
    }
    list->items = items;
    list->len = v->u.array.len;
    return 0;
}

static int
read_string(Loader *ld, const char *key, const TomlEntry *e, const char *example, const char **out)
{
    if (e->value->type != TOML_STRING)
        return fail(ld, e->line, "%s: expected a string such as %s, got %s", key, example,
                    a_type(e->value));
    *out = e->value->u.str.s;
    return 0;
}

static int
set_python_version(Loader *ld, Config *cfg, const TomlEntry *e)
{
    const char *s = NULL;
    if (read_string(ld, "python-version", e, "\"3.11\"", &s) < 0)
        return -1;
    int v = config_parse_version(s);
    if (v < 0)
        return fail(
            ld, e->line,
            "python-version: '%s' is not a supported version (expected \"3.7\" to \"3.14\", "
            "or \"py37\" to \"py314\")",
            s);
    cfg->python_version = v;
    return 0;
}

static int
set_framework(Loader *ld, Config *cfg, const TomlEntry *e)
{
    const char *s = NULL;
    if (read_string(ld, "framework", e, "\"asyncio\"", &s) < 0)
        return -1;
    if (config_parse_framework(s, &cfg->framework) < 0)
        return fail(
            ld, e->line,
            "framework: unknown framework '%s' (expected \"asyncio\", \"trio\" or \"anyio\")", s);
    cfg->framework_set = true;
    return 0;
}

static int
set_severity(Loader *ld, Config *cfg, const TomlEntry *e)
{
    const char *s = NULL;
    if (read_string(ld, "severity-threshold", e, "\"warning\"", &s) < 0)
        return -1;
    if (config_parse_severity(s, &cfg->severity_threshold) < 0)
        return fail(
            ld, e->line,
            "severity-threshold: unknown severity '%s' (expected \"critical\", \"warning\" or "
            "\"suggestion\")",
            s);
    return 0;
}

static int
set_max_issues(Loader *ld, Config *cfg, const TomlEntry *e)
{
    const TomlValue *v = e->value;
    if (v->type != TOML_INTEGER)
        return fail(ld, e->line, "max-issues: expected an integer such as 20, got %s", a_type(v));
    if (v->u.integer < 1)
        return fail(ld, e->line, "max-issues: must be at least 1, got %lld",
                    (long long)v->u.integer);
    if (v->u.integer > INT_MAX)
        return fail(ld, e->line, "max-issues: %lld is too large", (long long)v->u.integer);
    cfg->max_issues = (int)v->u.integer;
    return 0;
}

static int
set_include_refactored(Loader *ld, Config *cfg, const TomlEntry *e)
{
    if (e->value->type != TOML_BOOLEAN)
        return fail(ld, e->line, "include-refactored: expected true or false, got %s",
                    a_type(e->value));
    cfg->include_refactored = e->value->u.boolean;
    return 0;
}

static int
set_select(Loader *ld, Config *cfg, const TomlEntry *e)
{
    return read_list(ld, "select", e, e->value, true, &cfg->select);
}

static int
set_extend_select(Loader *ld, Config *cfg, const TomlEntry *e)
{
    return read_list(ld, "extend-select", e, e->value, true, &cfg->extend_select);
}

static int
set_ignore(Loader *ld, Config *cfg, const TomlEntry *e)
{
    return read_list(ld, "ignore", e, e->value, true, &cfg->ignore);
}

static int
set_exclude(Loader *ld, Config *cfg, const TomlEntry *e)
{
    return read_list(ld, "exclude", e, e->value, false, &cfg->exclude);
}

static int
set_per_file_ignores(Loader *ld, Config *cfg, const TomlEntry *e)
{
    const TomlValue *t = e->value;
    if (t->type != TOML_TABLE)
        return fail(ld, e->line,
                    "per-file-ignores: expected a table of glob = [codes], such as "
                    "{ \"tests/*\" = [\"ASYNC251\"] }, got %s",
                    a_type(t));
    PerFileIgnore *pfi = ARENA_ARRAY(ld->a, PerFileIgnore, t->u.table.len + 1);
    for (uint32_t i = 0; i < t->u.table.len; i++) {
        const TomlEntry *g = &t->u.table.items[i];
        if (!*g->key)
            return fail(ld, g->line, "per-file-ignores: a glob is an empty string");
        char what[300];
        snprintf(what, sizeof what, "per-file-ignores: \"%s\"", g->key);
        if (read_list(ld, what, g, g->value, true, &pfi[i].codes) < 0)
            return -1;
        pfi[i].glob = arena_strdup(ld->a, g->key);
    }
    cfg->per_file_ignores = pfi;
    cfg->n_per_file_ignores = t->u.table.len;
    return 0;
}

typedef struct KeyHandler {
    const char *key;
    int (*set)(Loader *ld, Config *cfg, const TomlEntry *e);
} KeyHandler;

static const KeyHandler key_handlers[] = {
    { "python-version", set_python_version },
    { "framework", set_framework },
    { "severity-threshold", set_severity },
    { "max-issues", set_max_issues },
    { "include-refactored", set_include_refactored },
    { "select", set_select },
    { "extend-select", set_extend_select },
    { "ignore", set_ignore },
    { "exclude", set_exclude },
    { "per-file-ignores", set_per_file_ignores },
};

/* Keys other tools use for the same thing. */
static const struct {
    const char *alias, *key;
} key_aliases[] = {
    { "target-version", "python-version" }, { "extend-ignore", "ignore" },
    { "exclude-files", "exclude" },         { "max-findings", "max-issues" },
    { "severity", "severity-threshold" },   { "threshold", "severity-threshold" },
};

/* Levenshtein distance of a and b after folding case and '_' to '-', capped at 99 for long keys. */
static int
key_distance(const char *a, const char *b)
{
    size_t la = strlen(a), lb = strlen(b);
    if (la > 63 || lb > 63)
        return 99;
    int row[64];
    for (size_t j = 0; j <= lb; j++)
        row[j] = (int)j;
    for (size_t i = 1; i <= la; i++) {
        int diag = row[0];
        row[0] = (int)i;
        for (size_t j = 1; j <= lb; j++) {
            char x = a[i - 1] == '_' ? '-' : a[i - 1], y = b[j - 1];
            if (x >= 'A' && x <= 'Z')
                x = (char)(x - 'A' + 'a');
            int cost = x != y;
            int best = diag + cost;
            if (row[j] + 1 < best)
                best = row[j] + 1;
            if (row[j - 1] + 1 < best)
                best = row[j - 1] + 1;
            diag = row[j];
            row[j] = best;
        }
    }
    return row[lb];
}

static int
unknown_key(Loader *ld, const TomlEntry *e)
{
    const char *best = NULL;
    for (size_t i = 0; i < ARRAY_LEN(key_aliases) && !best; i++)
        if (equal_nocase(e->key, key_aliases[i].alias))
            best = key_aliases[i].key;
    int best_d = INT_MAX;
    const char *closest = NULL;
    for (size_t i = 0; i < ARRAY_LEN(key_handlers); i++) {
        int d = key_distance(e->key, key_handlers[i].key);
        if (d < best_d) {
            best_d = d;
            closest = key_handlers[i].key;
        }
    }
    if (!best && (best_d <= 2 || (size_t)best_d * 3 <= strlen(e->key)))
        best = closest;
    if (best)
        return fail(ld, e->line, "%s: unknown key in [tool.asyncreview]; did you mean '%s'?",
                    e->key, best);
    StrBuf known = STRBUF_INIT;
    for (size_t i = 0; i < ARRAY_LEN(key_handlers); i++)
        sb_printf(&known, "%s%s", i ? ", " : "", key_handlers[i].key);
    fail(ld, e->line, "%s: unknown key in [tool.asyncreview] (known keys: %s)", e->key,
         sb_cstr(&known));
    sb_free(&known);
    return -1;
}

/* Reads path into a heap buffer; NULL with errno set on failure. */
static char *
read_text(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    StrBuf sb = STRBUF_INIT;
    char chunk[8192];
    size_t n;
    while ((n = fread(chunk, 1, sizeof chunk, f)) > 0) {
        sb_add(&sb, chunk, n);
        if (sb.len > CONFIG_MAX_BYTES) {
            fclose(f);
            sb_free(&sb);
            errno = EFBIG;
            return NULL;
        }
    }
    int failed = ferror(f);
    fclose(f);
    if (failed) {
        sb_free(&sb);
        errno = EIO;
        return NULL;
    }
    *len = sb.len;
    char *text = sb_steal(&sb);
    return text ? text : xstrdup("");
}

static char *
dir_of(Arena *a, const char *path)
{
    const char *slash = strrchr(path, '/');
    if (!slash)
        return arena_strdup(a, ".");
    if (slash == path)
        return arena_strdup(a, "/");
    return arena_strndup(a, path, (size_t)(slash - path));
}

static int
apply(Loader *ld, Config *cfg, const TomlValue *root)
{
    const TomlValue *tool = toml_get(root, "tool");
    const TomlEntry *ar = tool && tool->type == TOML_TABLE ? toml_entry(tool, "asyncreview") : NULL;
    bool version_set = false;
    if (ar) {
        if (ar->value->type != TOML_TABLE)
            return fail(ld, ar->line, "tool.asyncreview: expected a table, got %s",
                        a_type(ar->value));
        const TomlValue *t = ar->value;
        for (uint32_t i = 0; i < t->u.table.len; i++) {
            const TomlEntry *e = &t->u.table.items[i];
            const KeyHandler *h = NULL;
            for (size_t k = 0; k < ARRAY_LEN(key_handlers) && !h; k++)
                if (strcmp(e->key, key_handlers[k].key) == 0)
                    h = &key_handlers[k];
            if (!h)
                return unknown_key(ld, e);
            if (h->set(ld, cfg, e) < 0)
                return -1;
            version_set |= h->set == set_python_version;
        }
    }
    const TomlValue *project = toml_get(root, "project");
    const TomlEntry *rp =
        project && project->type == TOML_TABLE ? toml_entry(project, "requires-python") : NULL;
    if (!version_set && rp) {
        if (rp->value->type != TOML_STRING)
            return fail(ld, rp->line,
                        "requires-python: expected a string such as \">=3.9\", got %s",
                        a_type(rp->value));
        int v = requires_lower_bound(rp->value->u.str.s);
        if (v < 0)
            return fail(ld, rp->line, "requires-python: cannot read the version specifier '%s'",
                        rp->value->u.str.s);
        if (v > 0)
            cfg->python_version = v < MIN_VERSION ? MIN_VERSION : v > MAX_VERSION ? MAX_VERSION : v;
    }
    return 0;
}

/* config_load: parses the file in a scratch arena, then copies what cfg keeps into arena a. Only
 * the keys present change cfg (callers start from config_defaults); the first problem is written to
 * err as "PATH:LINE: KEY: what is wrong" and -1 returned. */
int
config_load(Config *cfg, Arena *a, const char *path, char *err, size_t err_size)
{
    Loader ld = { path, a, err, err_size };
    size_t len = 0;
    char *text = read_text(path, &len);
    if (!text) {
        if (err && err_size)
            snprintf(err, err_size, "%s: cannot read: %s", path, strerror(errno));
        return -1;
    }
    Arena doc_arena;
    arena_init(&doc_arena, 0);
    TomlError terr;
    TomlValue *root = toml_parse(&doc_arena, text, len, &terr);
    free(text);
    int rc;
    if (!root) {
        rc = fail(&ld, terr.line, "invalid TOML: %s", terr.msg);
    } else {
        cfg->path = arena_strdup(a, path);
        cfg->root = dir_of(a, cfg->path);
        rc = apply(&ld, cfg, root);
    }
    arena_free(&doc_arena);
    return rc;
}

/* Whether the pyproject.toml at path configures us: a [tool.asyncreview] table or a
 * requires-python. A file that does not parse counts when it mentions either, so that config_load
 * reports its error. */
static bool
is_config(const char *path)
{
    size_t len = 0;
    char *text = read_text(path, &len);
    if (!text)
        return false;
    bool mentions = strstr(text, "asyncreview") || strstr(text, "requires-python");
    bool found = false;
    if (mentions) {
        Arena doc_arena;
        arena_init(&doc_arena, 0);
        TomlError terr;
        TomlValue *root = toml_parse(&doc_arena, text, len, &terr);
        if (!root) {
            found = true;
        } else {
            const TomlValue *project = toml_get(root, "project");
            found = toml_get(toml_get(root, "tool"), "asyncreview") ||
                    (project && toml_get(project, "requires-python"));
        }
        arena_free(&doc_arena);
    }
    free(text);
    return found;
}

/* config_find: from dir (made absolute) up to "/", the first pyproject.toml that configures us;
 * a heap string or NULL. */
char *
config_find(const char *dir)
{
    char *abs = realpath(dir, NULL);
    StrBuf cur = STRBUF_INIT;
    sb_adds(&cur, abs ? abs : dir);
    free(abs);
    while (cur.len > 1 && cur.data[cur.len - 1] == '/')
        cur.data[--cur.len] = '\0';
    char *found = NULL;
    for (;;) {
        StrBuf candidate = STRBUF_INIT;
        sb_printf(&candidate, "%s/pyproject.toml",
                  strcmp(sb_cstr(&cur), "/") == 0 ? "" : sb_cstr(&cur));
        if (is_config(sb_cstr(&candidate))) {
            found = sb_steal(&candidate);
            break;
        }
        sb_free(&candidate);
        char *slash = strrchr(sb_cstr(&cur), '/');
        if (!slash || strcmp(sb_cstr(&cur), "/") == 0)
            break;
        if (slash == cur.data) {
            cur.len = 1; /* "/x" -> "/" */
            cur.data[1] = '\0';
        } else {
            cur.len = (size_t)(slash - cur.data);
            *slash = '\0';
        }
    }
    sb_free(&cur);
    return found;
}
