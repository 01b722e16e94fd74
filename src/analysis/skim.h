/* skim: a first look at a file without parsing it, fast enough to run over every file of a large
 * tree (several hundred MB/s), that tells `check` which files the rules need to see and lets the
 * project index load only the modules that are asked about.
 *
 * It reads the decoded text (Source.text: UTF-8, '\n' newlines, NUL-terminated) with a reduced
 * tokenizer: comments, every string form (prefixes, triple quotes, PEP 701 f-strings and PEP 750
 * t-strings with nested replacement fields, quotes and format specs), brackets, line joining and
 * indentation. It never reports errors and never fails.
 *
 * Everything it records OVER-approximates what the parser would find, never under: for a file that
 * CPython accepts,
 *   - every NAME token (and `async`/`await`) is in `ids`, also names inside f-string fields;
 *   - every attribute chain `a.b.c` of names (whitespace, comments and line joins between the parts
 *     allowed) has its prefixes "a.b" and "a.b.c" in `chains`;
 *   - every import statement, at any depth, has its SkimImport entries;
 *   - every module-level `async def` (not inside a def or class, possibly inside if/try/with) is in
 *     `async_defs`, and every module-level `def` or `async def` in `defs`;
 *   - every class statement is in `classes`, with every dotted name written in its header's
 *     parentheses among `bases` and `has_async_member` set when its body directly defines an
 *     `async def` or a method named like an async protocol dunder;
 *   - `async_syntax` is set when the file has an `async` or `await` token or an async protocol
 *     dunder name (__aenter__, __aexit__, __aiter__, __anext__, __await__) anywhere outside strings
 *     and comments;
 *   - `group_syntax` is set when it has an `except*` clause or a name containing
 *     "ExceptionGroup" (what the exception-group rules look for).
 * Extra entries (from text the skim misread as code, e.g. a docstring line "import x") are allowed.
 * Where the skim cannot follow the text (an unterminated string, unbalanced brackets, nesting past
 * its limits, a non-ASCII identifier, which NFKC normalisation may spell differently elsewhere) it
 * sets `unsure`, and callers treat the file as one that needs the full analysis. */
#ifndef ASYNCREVIEW_ANALYSIS_SKIM_H
#define ASYNCREVIEW_ANALYSIS_SKIM_H

#include "base/arena.h"

/* The skim's own limits: past one of them it sets `unsure` and stops reading. Nested f-strings
 * and t-strings (CPython allows 150), open brackets (CPython: 200) and enclosing class/def blocks
 * (CPython: 100 indentation levels). */
#define SKIM_MAX_FSTRINGS 64
#define SKIM_MAX_BRACKETS 256
#define SKIM_MAX_BLOCKS 128

/* A set of 64-bit name hashes (open addressing, in the skim's arena). */
typedef struct SkimSet {
    uint64_t *slots; /* 0 marks an empty slot; a real hash of 0 is stored as 1 */
    uint32_t cap;    /* a power of two */
    uint32_t count;
} SkimSet;

typedef struct SkimImport {
    const char *module; /* dotted module as written, without leading dots: "os.path"; "" for
                           `from . import x` */
    const char *name;   /* `from` imports: the imported name ("x", or "*"); NULL for `import m` */
    const char *local;  /* the name bound in the importing scope: "os" for `import os.path`, "p"
                           for `import os.path as p`, "x" or its alias for `from m import x`;
                           NULL for `from m import *` */
    uint8_t level;      /* leading dots of a relative `from` import (0: absolute) */
    bool top_level;     /* not inside a def or class (if/try/with at module level count as top) */
} SkimImport;

typedef struct SkimClass {
    const char *name;   /* dotted path through enclosing classes: "Outer.Inner"; enclosing
                           functions are left out */
    const char **bases; /* every dotted name in the header's parentheses, as written without
                           whitespace: "Base", "abc.ABC", "Generic", "T"; keyword arguments'
                           values too (metaclass=M gives "M") */
    uint32_t nbases;
    bool has_async_member; /* directly defines `async def` or an async protocol dunder */
    bool top_level;        /* not inside a def (possibly inside classes) */
} SkimClass;

typedef struct FileSkim {
    bool async_syntax;
    bool group_syntax;
    bool unsure;
    SkimSet ids;    /* hashes (skim_hash) of every identifier */
    SkimSet chains; /* hashes (skim_hash of the text "a.b") of dotted chain prefixes */
    SkimImport *imports;
    uint32_t nimports;
    const char **async_defs; /* module-level async def names */
    uint32_t nasync_defs;
    const char **defs; /* module-level def and async def names */
    uint32_t ndefs;
    SkimClass *classes;
    uint32_t nclasses;
} FileSkim;

/* skim_text: skims text[0..len) (text[len] must be NUL) into out, everything in arena a. */
void skim_text(FileSkim *out, Arena *a, const char *text, uint32_t len);

/* skim_compact: a copy of src in arena a at its smallest (sets at most half full, every string
 * copied): skim in a scratch arena, keep the compact copy. */
void skim_compact(FileSkim *dst, Arena *a, const FileSkim *src);

/* skim_hash: the hash the sets hold, of s[0..n): a name, or a dotted chain written "a.b.c". */
uint64_t skim_hash(const char *s, size_t n);

/* skim_set_has: whether set holds hash h (a skim_hash value). */
bool skim_set_has(const SkimSet *set, uint64_t h);

/* skim_has_id / skim_has_chain: membership tests (false positives only at hash-collision odds). */
bool skim_has_id(const FileSkim *fs, const char *name, size_t n);
bool skim_has_chain(const FileSkim *fs, const char *dotted, size_t n);

#endif
