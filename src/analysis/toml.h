/* toml: a strict reader for TOML 1.0 documents such as pyproject.toml (Debian 12 ships no C TOML
 * library). It accepts what Python's tomllib accepts and rejects what it rejects: tables and arrays
 * of tables, dotted and quoted keys, basic and literal strings (multi-line too), integers (decimal,
 * hex, octal, binary), floats, booleans, dates and times (kept as their text), arrays, inline
 * tables, and the rules against defining a key or table twice. Every value records its line, for
 * messages. */
#ifndef ASYNCREVIEW_ANALYSIS_TOML_H
#define ASYNCREVIEW_ANALYSIS_TOML_H

#include "base/arena.h"

typedef enum TomlType {
    TOML_STRING,
    TOML_INTEGER,
    TOML_FLOAT,
    TOML_BOOLEAN,
    TOML_DATETIME, /* offset or local date-time, local date or local time; text as written */
    TOML_ARRAY,
    TOML_TABLE
} TomlType;

typedef struct TomlValue TomlValue;

typedef struct TomlEntry {
    const char *key; /* decoded; NUL-terminated (a key holding "\u0000" is cut there) */
    uint32_t line;   /* 1-based line of the key (for a table: of its header, when it has one) */
    TomlValue *value;
} TomlEntry;

struct TomlValue {
    TomlType type;
    uint32_t line;  /* 1-based line where the value starts */
    unsigned flags; /* private to the parser */
    union {
        struct {
            const char *s; /* decoded UTF-8, NUL-terminated; may hold NULs from "\u0000" */
            uint32_t len;
        } str;           /* TOML_STRING and TOML_DATETIME */
        int64_t integer; /* TOML_INTEGER */
        double real;     /* TOML_FLOAT */
        bool boolean;    /* TOML_BOOLEAN */
        struct {
            TomlValue **items;
            uint32_t len, cap;
        } array; /* TOML_ARRAY (arrays of tables too) */
        struct {
            TomlEntry *items; /* in the order written */
            uint32_t len, cap;
        } table; /* TOML_TABLE */
    } u;
};

typedef struct TomlError {
    uint32_t line; /* 1-based */
    char msg[200]; /* e.g. "expected '=' after the key 'name'" */
} TomlError;

/* Limits: arrays and inline tables nest at most TOML_MAX_DEPTH deep (tomllib has no limit but
 * Python's recursion limit, which stops it near the same depth). */
#define TOML_MAX_DEPTH 128

/* toml_parse: parses text[0..len) (UTF-8, an optional BOM) into a root table allocated in arena a.
 * Returns NULL and fills err on the first error. */
WARN_UNUSED TomlValue *toml_parse(Arena *a, const char *text, size_t len, TomlError *err);

/* toml_entry: the entry of `key` in table (direct child), or NULL; toml_get: its value. */
const TomlEntry *toml_entry(const TomlValue *table, const char *key);
const TomlValue *toml_get(const TomlValue *table, const char *key);

/* toml_type_name: "string", "integer", "float", "boolean", "date-time", "array", "table". */
const char *toml_type_name(TomlType type);

#endif
