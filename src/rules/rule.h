/* rule: what a rule is (RuleDesc), what it sees while the checker walks a file (RuleCtx), and what
 * it produces (Finding). One rule is one file src/rules/<code>_<name>.c with one const RuleDesc,
 * registered by one line in rules.def. The checker walks each file once and calls every enabled
 * rule's hooks for the node kinds it asked for. */
#ifndef ASYNCREVIEW_RULES_RULE_H
#define ASYNCREVIEW_RULES_RULE_H

#include "analysis/catalog.h"
#include "analysis/config.h"
#include "analysis/project.h"
#include "analysis/semantic.h"
#include "parse/parser.h"

typedef struct RuleCtx RuleCtx;
typedef struct RuleDesc RuleDesc;

typedef enum FixKind {
    FIX_NONE,  /* no machine edit; the suggestion is shown as code only */
    FIX_SAFE,  /* edits keep behaviour; `--fix` applies them */
    FIX_UNSAFE /* edits may change behaviour; applied only with `--unsafe-fixes` */
} FixKind;

typedef struct Edit {
    uint32_t start, end; /* byte range in Source.text to replace */
    const char *text;    /* replacement */
} Edit;

typedef struct Finding {
    const RuleDesc *rule;
    Severity severity;   /* usually rule->severity; a rule may raise or lower it per finding */
    uint32_t start, end; /* byte range flagged */
    uint32_t line, col;  /* 1-based; col in characters */
    uint32_t end_line, end_col;    /* 1-based, exclusive end column in characters */
    const char *message;           /* one sentence, no trailing period, code in backticks */
    const char *why;               /* two or three sentences; defaults to the rule's why */
    const char *suggestion;        /* corrected code for the flagged statement (valid Python for the
                                      file's framework and target version), or NULL */
    uint32_t sugg_start, sugg_end; /* source range (whole lines) the suggestion replaces */
    const char *fix_title;         /* imperative, e.g. "Replace with `await asyncio.sleep(1)`" */
    FixKind fix;
    Edit *edits;
    uint32_t nedits;
    bool applied; /* its edits were written by --fix (or into a refactored file) */
} Finding;

/* The ancestors of the node being visited, outermost first. */
typedef struct NodeRef {
    bool is_stmt;
    const void *node; /* Stmt* or Expr* */
} NodeRef;

enum {
    HOOK_MODULE = 1u << 0,   /* on_module: once per file, before the walk */
    HOOK_FUNCTION = 1u << 1, /* on_function: every def / async def (and lambda via on_expr) */
};

struct RuleDesc {
    const char *code; /* "ASYNC251" or our own series "AR101" */
    const char *name; /* kebab-case */
    Severity severity;
    Area area;
    unsigned frameworks; /* FW_BIT mask of frameworks it applies to */
    int min_version;     /* only for targets >= this (e.g. 311), 0 = any */
    int max_version;     /* only for targets < this, 0 = any */
    bool opt_in;         /* off unless selected explicitly (like flake8-async's 9xx) */
    FixKind fix;
    unsigned hooks;      /* HOOK_* */
    uint64_t expr_kinds; /* bit (1 << ExprKind) for each expression kind on_expr wants */
    uint64_t stmt_kinds; /* bit (1 << StmtKind) for each statement kind on_stmt wants */
    void (*on_module)(RuleCtx *cx, const Module *m);
    void (*on_function)(RuleCtx *cx, const Stmt *fn);
    void (*on_stmt)(RuleCtx *cx, const Stmt *s);
    void (*on_expr)(RuleCtx *cx, const Expr *e);
    const char *summary; /* one line for `asyncreview rules` */
    const char *why;     /* the default why of its findings */
    const char
        *doc; /* Markdown: ## What it does / ## Why is this bad? / ## Example / Use instead */
};

#define EXPR_BIT(k) (UINT64_C(1) << (k))
#define STMT_BIT(k) (UINT64_C(1) << (k))

struct RuleCtx {
    const ParsedFile *pf;
    const Semantic *sm;
    const ProjectIndex *index; /* may be NULL */
    const Config *cfg;
    Framework fw;       /* the file's framework (configured or detected) */
    int pyver;          /* target version, 3xx */
    const Scope *scope; /* scope of the node being visited */
    NodeRef *stack;     /* ancestors, outermost first (not including the node itself) */
    uint32_t depth;
    const RuleDesc *rule;    /* rule being run */
    Arena *out_arena;        /* findings are allocated here: it outlives the AST */
    struct FindingList *out; /* private to the checker */
    struct CxCache *cache;   /* private: memoised qualified names and types per expression */
};

/* Reporting. rule_report makes a finding over [start, end) with the rule's severity and a
 * printf-style one-sentence message; the rule may then set why, suggestion and edits. All text is
 * copied. The returned pointer is valid until the next rule_report: set its fields right away. */
Finding *rule_report(RuleCtx *cx, uint32_t start, uint32_t end, const char *fmt, ...)
    PRINTF_LIKE(4, 5);
Finding *rule_report_expr(RuleCtx *cx, const Expr *e, const char *fmt, ...) PRINTF_LIKE(3, 4);
Finding *rule_report_stmt(RuleCtx *cx, const Stmt *s, const char *fmt, ...) PRINTF_LIKE(3, 4);
void finding_why(RuleCtx *cx, Finding *f, const char *fmt, ...) PRINTF_LIKE(3, 4);
/* finding_suggest: the corrected code replacing source range [start, end) (widened to whole lines;
 * `code` is written at the indentation of the first line, and re-indented line by line). */
void finding_suggest(RuleCtx *cx, Finding *f, uint32_t start, uint32_t end, const char *code);
void finding_edit(RuleCtx *cx, Finding *f, uint32_t start, uint32_t end, const char *text);
void finding_fix_title(RuleCtx *cx, Finding *f, const char *fmt, ...) PRINTF_LIKE(3, 4);

/* Context queries. */
const char *cx_text(RuleCtx *cx, uint32_t start, uint32_t end); /* source slice, in out_arena */
const char *cx_expr_text(RuleCtx *cx, const Expr *e);
const char *cx_qualname(RuleCtx *cx, const Expr *e); /* sem_qualname in this scope */
const char *cx_call_target(RuleCtx *cx, const Expr *call);
const char *cx_type_of(RuleCtx *cx, const Expr *e);
/* cx_catalog: catalog_lookup(q), memoised per file by q's address, so q must not change while the
 * file is checked: an answer of cx_qualname/cx_call_target/cx_type_of, a catalog or static string.
 */
const CatalogEntry *cx_catalog(RuleCtx *cx, const char *q);
const Scope *cx_function(RuleCtx *cx); /* enclosing def/async def scope (NULL at module level) */
/* cx_in_async_function: the code runs in an `async def` body itself (not in a nested def/lambda,
 * not at module level). Inline: most rules ask it first, for every node they see. */
static inline bool
cx_in_async_function(RuleCtx *cx)
{
    /* lambdas and nested sync defs are not the coroutine, but comprehensions run inline */
    const Scope *s = cx->scope;
    while (s && s->kind == SCOPE_COMPREHENSION)
        s = s->parent;
    return s && s->kind == SCOPE_FUNCTION && s->is_async;
}
const Stmt *cx_parent_stmt(RuleCtx *cx);                        /* nearest enclosing statement */
const void *cx_parent(RuleCtx *cx, uint32_t up, bool *is_stmt); /* up=0: direct parent */
const char *cx_func_name(RuleCtx *cx);
uint32_t cx_line(RuleCtx *cx, uint32_t off);
/* cx_indent: the indentation (spaces/tabs) of the line holding offset off. */
const char *cx_indent(RuleCtx *cx, uint32_t off);
/* cx_framework_module: how the file refers to its framework's module ("asyncio", "trio", "anyio"),
 * honouring `import asyncio as aio`; the plain name when not imported. */
const char *cx_framework_module(RuleCtx *cx);

/* The registry (registry.c expands rules.def). */
extern const RuleDesc *const rule_table[];
extern const uint32_t rule_count;
const RuleDesc *rule_find(const char *code);

#endif
