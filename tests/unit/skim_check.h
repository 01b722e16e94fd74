/* skim_check: the skim's contract (analysis/skim.h) checked against the real parser. For a file
 * that parses, skim_check() walks the AST and verifies that everything the skim promises is
 * there: every Name id and Attribute attr in `ids`; the dotted text of every Attribute chain made
 * of names in `chains`; a SkimImport for every import alias (same level, module, name, local,
 * top_level); every module-level async def in `async_defs`; for every class a SkimClass with the
 * dotted name, the bases written in its header and has_async_member; `async_syntax` when the file
 * has async syntax or an async protocol dunder; and `unsure` only for a reason the contract names.
 *
 * Shared by tests/unit/analysis_skim.c (targeted cases and `--corpus`) and fuzz/fuzz_skim.c, so the
 * functions are static. Each violation is one line "PATH: what" on `out` (when not NULL). */
#ifndef ASYNCREVIEW_TESTS_SKIM_CHECK_H
#define ASYNCREVIEW_TESTS_SKIM_CHECK_H

#include "analysis/skim.h"
#include "base/strbuf.h"
#include "parse/parser.h"
#include "parse/visit.h"

#include <stdio.h>
#include <string.h>

typedef struct SkimCheck {
    const FileSkim *fs;
    Arena *a; /* for the class paths */
    const char *path;
    FILE *out;
    uint32_t violations;
    bool needs_async_syntax;
    bool needs_group_syntax;
    /* enclosing classes and defs: for each, whether it is a class and (classes) its dotted name */
    uint32_t depth;
    bool is_class[512];
    const char *class_path[512];
    StrBuf text;
} SkimCheck;

static void
skim_check_fail(SkimCheck *c, const char *what, const char *detail)
{
    c->violations++;
    if (c->out)
        fprintf(c->out, "%s: %s %s\n", c->path, what, detail ? detail : "(null)");
}

static bool
skim_check_is_async_dunder(const char *s)
{
    return s && (!strcmp(s, "__aenter__") || !strcmp(s, "__aexit__") || !strcmp(s, "__aiter__") ||
                 !strcmp(s, "__anext__") || !strcmp(s, "__await__"));
}

/* skim_check_chain: appends the dotted text of e to sb when e is a Name or an Attribute chain of
 * names; false otherwise. */
static bool
skim_check_chain(StrBuf *sb, const Expr *e)
{
    if (e->kind == E_Name) {
        sb_adds(sb, e->v.Name.id);
        return true;
    }
    if (e->kind != E_Attribute || !skim_check_chain(sb, e->v.Attribute.value))
        return false;
    sb_addc(sb, '.');
    sb_adds(sb, e->v.Attribute.attr);
    return true;
}

static bool
skim_check_str_eq(const char *a, const char *b)
{
    return (!a && !b) || (a && b && !strcmp(a, b));
}

static bool
skim_check_top(const SkimCheck *c)
{
    return c->depth == 0;
}

static bool
skim_check_in_def(const SkimCheck *c)
{
    for (uint32_t i = 0; i < c->depth && i < ARRAY_LEN(c->is_class); i++)
        if (!c->is_class[i])
            return true;
    return false;
}

static void
skim_check_import(SkimCheck *c, int level, const char *module, const char *name, const char *local)
{
    bool top = skim_check_top(c);
    for (uint32_t i = 0; i < c->fs->nimports; i++) {
        const SkimImport *imp = &c->fs->imports[i];
        if (imp->level == level && skim_check_str_eq(imp->module, module) &&
            skim_check_str_eq(imp->name, name) && skim_check_str_eq(imp->local, local) &&
            imp->top_level == top)
            return;
    }
    char detail[512];
    snprintf(detail, sizeof detail, "level=%d module=%s name=%s local=%s top_level=%d", level,
             module, name ? name : "NULL", local ? local : "NULL", top);
    skim_check_fail(c, "missing import", detail);
}

/* skim_check_collect_chains: the maximal name chains inside e (a chain that is the value of a
 * longer chain is not listed apart), as NUL-separated texts appended to sb. */
typedef struct SkimChains {
    StrBuf *sb;
    uint32_t n;
} SkimChains;

static bool
skim_check_collect_enter(Visitor *v, const Expr *e)
{
    SkimChains *sc = v->data;
    if (e->kind != E_Name && e->kind != E_Attribute)
        return true;
    size_t mark = sc->sb->len;
    if (skim_check_chain(sc->sb, e)) {
        sb_addc(sc->sb, '\0');
        sc->n++;
        return false; /* its own prefixes are not maximal */
    }
    sc->sb->len = mark;
    if (sc->sb->data)
        sc->sb->data[mark] = '\0';
    return true;
}

static void
skim_check_class(SkimCheck *c, const Stmt *s)
{
    StrBuf path = STRBUF_INIT;
    for (uint32_t i = c->depth; i-- > 0;) {
        if (i < ARRAY_LEN(c->is_class) && c->is_class[i]) {
            sb_adds(&path, c->class_path[i]);
            sb_addc(&path, '.');
            break;
        }
    }
    sb_adds(&path, s->v.ClassDef.name);

    StrBuf chains = STRBUF_INIT;
    SkimChains sc = { &chains, 0 };
    Visitor v = { .enter_expr = skim_check_collect_enter, .data = &sc };
    for (uint32_t i = 0; i < s->v.ClassDef.bases.len; i++)
        visit_expr(&v, s->v.ClassDef.bases.items[i]);
    for (uint32_t i = 0; i < s->v.ClassDef.keywords.len; i++)
        visit_expr(&v, s->v.ClassDef.keywords.items[i]->value);

    bool needs_async = false;
    for (uint32_t i = 0; i < s->v.ClassDef.body.len; i++) {
        const Stmt *b = s->v.ClassDef.body.items[i];
        if (b->kind == S_AsyncFunctionDef ||
            (b->kind == S_FunctionDef && skim_check_is_async_dunder(b->v.FunctionDef.name)))
            needs_async = true;
    }
    bool top = !skim_check_in_def(c);

    const char *why = "missing class";
    for (uint32_t i = 0; i < c->fs->nclasses; i++) {
        const SkimClass *k = &c->fs->classes[i];
        if (strcmp(k->name, sb_cstr(&path)) != 0)
            continue;
        why = "class with other top_level, has_async_member or bases";
        if (k->top_level != top || (needs_async && !k->has_async_member))
            continue;
        bool all = true;
        const char *base = chains.data;
        for (uint32_t j = 0; j < sc.n && all; j++, base += strlen(base) + 1) {
            bool found = false;
            for (uint32_t m = 0; m < k->nbases && !found; m++)
                found = !strcmp(k->bases[m], base);
            all = found;
        }
        if (all) {
            why = NULL;
            break;
        }
    }
    if (why) {
        StrBuf detail = STRBUF_INIT;
        sb_printf(&detail, "%s (top_level=%d has_async_member=%d bases:", sb_cstr(&path), top,
                  needs_async);
        const char *base = chains.data;
        for (uint32_t j = 0; j < sc.n; j++, base += strlen(base) + 1)
            sb_printf(&detail, " %s", base);
        sb_addc(&detail, ')');
        skim_check_fail(c, why, sb_cstr(&detail));
        sb_free(&detail);
    }
    if (c->depth < ARRAY_LEN(c->is_class))
        c->class_path[c->depth] = arena_strdup(c->a, sb_cstr(&path));
    sb_free(&chains);
    sb_free(&path);
}

/* Every module-level def and async def is in `defs`. */
static void
skim_check_def(SkimCheck *c, const Stmt *s)
{
    if (!skim_check_top(c))
        return;
    const FileSkim *fs = c->fs;
    bool found = false;
    for (uint32_t i = 0; i < fs->ndefs && !found; i++)
        found = !strcmp(fs->defs[i], s->v.FunctionDef.name);
    if (!found)
        skim_check_fail(c, "missing module-level def", s->v.FunctionDef.name);
}

static bool
skim_check_enter_stmt(Visitor *v, const Stmt *s)
{
    SkimCheck *c = v->data;
    const FileSkim *fs = c->fs;
    switch (s->kind) {
    case S_Import:
        for (uint32_t i = 0; i < s->v.Import.names.len; i++) {
            const Alias *al = s->v.Import.names.items[i];
            const char *local = al->asname;
            if (!local) /* `import a.b` binds a, whatever its length */
                local = arena_strndup(c->a, al->name, strcspn(al->name, "."));
            skim_check_import(c, 0, al->name, NULL, local);
        }
        break;
    case S_ImportFrom:
        for (uint32_t i = 0; i < s->v.ImportFrom.names.len; i++) {
            const Alias *al = s->v.ImportFrom.names.items[i];
            bool star = !strcmp(al->name, "*");
            skim_check_import(c, s->v.ImportFrom.level,
                              s->v.ImportFrom.module ? s->v.ImportFrom.module : "", al->name,
                              star         ? NULL
                              : al->asname ? al->asname
                                           : al->name);
        }
        break;
    case S_AsyncFunctionDef:
        c->needs_async_syntax = true;
        if (skim_check_top(c)) {
            bool found = false;
            for (uint32_t i = 0; i < fs->nasync_defs && !found; i++)
                found = !strcmp(fs->async_defs[i], s->v.FunctionDef.name);
            if (!found)
                skim_check_fail(c, "missing module-level async def", s->v.FunctionDef.name);
        }
        skim_check_def(c, s);
        break;
    case S_FunctionDef:
        if (skim_check_is_async_dunder(s->v.FunctionDef.name))
            c->needs_async_syntax = true;
        skim_check_def(c, s);
        break;
    case S_ClassDef:
        skim_check_class(c, s);
        break;
    case S_TryStar:
        c->needs_group_syntax = true;
        break;
    case S_AsyncWith:
    case S_AsyncFor:
        c->needs_async_syntax = true;
        break;
    case S_TypeAlias: /* the visitor does not enter its name */
        if (s->v.TypeAlias.name->kind == E_Name) {
            const char *id = s->v.TypeAlias.name->v.Name.id;
            if (!skim_has_id(fs, id, strlen(id)))
                skim_check_fail(c, "missing id", id);
        }
        break;
    default:
        break;
    }
    if (s->kind == S_FunctionDef || s->kind == S_AsyncFunctionDef || s->kind == S_ClassDef) {
        if (c->depth < ARRAY_LEN(c->is_class)) {
            c->is_class[c->depth] = s->kind == S_ClassDef;
            if (s->kind != S_ClassDef)
                c->class_path[c->depth] = NULL;
        }
        c->depth++;
    }
    return true;
}

static void
skim_check_leave_stmt(Visitor *v, const Stmt *s)
{
    SkimCheck *c = v->data;
    if (s->kind == S_FunctionDef || s->kind == S_AsyncFunctionDef || s->kind == S_ClassDef)
        c->depth--;
}

static bool
skim_check_enter_expr(Visitor *v, const Expr *e)
{
    SkimCheck *c = v->data;
    const FileSkim *fs = c->fs;
    const ComprehensionSeq *gens = NULL;
    switch (e->kind) {
    case E_Name:
        if (!skim_has_id(fs, e->v.Name.id, strlen(e->v.Name.id)))
            skim_check_fail(c, "missing id", e->v.Name.id);
        if (strstr(e->v.Name.id, "ExceptionGroup"))
            c->needs_group_syntax = true;
        if (skim_check_is_async_dunder(e->v.Name.id))
            c->needs_async_syntax = true;
        break;
    case E_Attribute:
        if (!skim_has_id(fs, e->v.Attribute.attr, strlen(e->v.Attribute.attr)))
            skim_check_fail(c, "missing attribute id", e->v.Attribute.attr);
        if (strstr(e->v.Attribute.attr, "ExceptionGroup"))
            c->needs_group_syntax = true;
        if (skim_check_is_async_dunder(e->v.Attribute.attr))
            c->needs_async_syntax = true;
        sb_clear(&c->text);
        if (skim_check_chain(&c->text, e) && !skim_has_chain(fs, sb_cstr(&c->text), c->text.len))
            skim_check_fail(c, "missing chain", sb_cstr(&c->text));
        break;
    case E_Await:
        c->needs_async_syntax = true;
        break;
    case E_ListComp:
        gens = &e->v.ListComp.generators;
        break;
    case E_SetComp:
        gens = &e->v.SetComp.generators;
        break;
    case E_GeneratorExp:
        gens = &e->v.GeneratorExp.generators;
        break;
    case E_DictComp:
        gens = &e->v.DictComp.generators;
        break;
    default:
        break;
    }
    for (uint32_t i = 0; gens && i < gens->len; i++)
        if (gens->items[i]->is_async)
            c->needs_async_syntax = true;
    return true;
}

/* skim_check_unsure_excused: whether the contract lets the skim be unsure about this file that
 * parses: a non-ASCII identifier, or f-strings nested past the skim's limit. */
static bool
skim_check_unsure_excused(const ParsedFile *pf)
{
    int fdepth = 0;
    for (uint32_t i = 0; i < pf->lex.ntokens; i++) {
        const Token *t = &pf->lex.tokens[i];
        if (t->kind == TOK_NAME) {
            for (uint32_t j = t->start; j < t->end; j++)
                if ((unsigned char)pf->src.text[j] >= 0x80)
                    return true;
        } else if (t->kind == TOK_FSTRING_START || t->kind == TOK_TSTRING_START) {
            if (++fdepth >= SKIM_MAX_FSTRINGS)
                return true;
        } else if (t->kind == TOK_FSTRING_END || t->kind == TOK_TSTRING_END) {
            fdepth--;
        }
    }
    return false;
}

/* skim_check: the number of broken promises of fs (the skim of pf's text) about pf, a file that
 * parsed, each reported on out (when not NULL) under path. An unsure skim promises nothing more,
 * but it is itself a broken promise unless skim_check_unsure_excused(). */
static uint32_t
skim_check(const ParsedFile *pf, const FileSkim *fs, const char *path, FILE *out)
{
    SkimCheck c = { .fs = fs, .path = path, .out = out };
    if (fs->unsure) {
        if (!skim_check_unsure_excused(pf))
            skim_check_fail(&c, "unsure about a file without a reason", "");
        return c.violations;
    }
    Arena a;
    arena_init(&a, 0);
    c.a = &a;
    Visitor v = { .enter_stmt = skim_check_enter_stmt,
                  .leave_stmt = skim_check_leave_stmt,
                  .enter_expr = skim_check_enter_expr,
                  .data = &c };
    visit_module(&v, pf->mod);
    if (c.needs_async_syntax && !fs->async_syntax)
        skim_check_fail(&c, "async_syntax not set", "");
    if (c.needs_group_syntax && !fs->group_syntax)
        skim_check_fail(&c, "group_syntax not set", "");
    sb_free(&c.text);
    arena_free(&a);
    return c.violations;
}

#endif
