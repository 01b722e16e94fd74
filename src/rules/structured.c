#include "rules/structured.h"

#include "rules/asyncsem.h"
#include "rules/suggest.h"

#include "base/strbuf.h"
#include "parse/visit.h"

#include <string.h>

const char *
taskgroup_kind(RuleCtx *cx, const Expr *ce)
{
    if (!ce || ce->kind != E_Call)
        return NULL;
    const char *q = canonical_target(cx, ce);
    if (!q)
        return NULL;
    if (!strcmp(q, "trio.open_nursery"))
        return "nursery";
    if (!strcmp(q, "anyio.create_task_group") || !strcmp(q, "asyncio.TaskGroup"))
        return "task group";
    return NULL;
}

const CatalogEntry *
cancel_scope_call(RuleCtx *cx, const Expr *ce)
{
    const CatalogEntry *e = ce && ce->kind == E_Call ? call_entry(cx, ce) : NULL;
    return e && (e->flags & CATF_CANCEL_SCOPE) ? e : NULL;
}

typedef struct CheckpointScan {
    bool found;
    bool want_kind;
    StmtKind kind;
} CheckpointScan;

static bool
scan_stmt(Visitor *v, const Stmt *s)
{
    CheckpointScan *cs = v->data;
    if (s->kind == S_FunctionDef || s->kind == S_AsyncFunctionDef || s->kind == S_ClassDef)
        return false;
    if (cs->want_kind ? s->kind == cs->kind : (s->kind == S_AsyncFor || s->kind == S_AsyncWith)) {
        cs->found = true;
        v->stop = true;
        return false;
    }
    return true;
}

static bool
scan_expr(Visitor *v, const Expr *e)
{
    CheckpointScan *cs = v->data;
    if (e->kind == E_Lambda)
        return false;
    if (cs->want_kind)
        return true;
    bool async_comp = false;
    if (e->kind == E_ListComp || e->kind == E_SetComp || e->kind == E_GeneratorExp ||
        e->kind == E_DictComp) {
        ComprehensionSeq gens =
            e->kind == E_DictComp ? e->v.DictComp.generators : e->v.ListComp.generators;
        for (uint32_t i = 0; i < gens.len; i++)
            async_comp |= gens.items[i]->is_async;
        /* a generator expression's body runs when it is consumed, not here */
        if (e->kind == E_GeneratorExp && !async_comp)
            return false;
    }
    if (e->kind == E_Await || e->kind == E_Yield || e->kind == E_YieldFrom || async_comp) {
        cs->found = true;
        v->stop = true;
        return false;
    }
    return true;
}

bool
stmts_checkpoint(StmtSeq body)
{
    CheckpointScan cs = { 0 };
    Visitor v = { .enter_stmt = scan_stmt, .enter_expr = scan_expr, .data = &cs };
    visit_stmts(&v, body);
    return cs.found;
}

bool
expr_checkpoints(const Expr *e)
{
    CheckpointScan cs = { 0 };
    Visitor v = { .enter_stmt = scan_stmt, .enter_expr = scan_expr, .data = &cs };
    visit_expr(&v, e);
    return cs.found;
}

bool
stmts_contain_kind(StmtSeq body, StmtKind kind)
{
    CheckpointScan cs = { .want_kind = true, .kind = kind };
    Visitor v = { .enter_stmt = scan_stmt, .enter_expr = scan_expr, .data = &cs };
    visit_stmts(&v, body);
    return cs.found;
}

uint32_t
src_line_start(RuleCtx *cx, uint32_t off)
{
    return lineindex_line_start(&cx->pf->lines, lineindex_line(&cx->pf->lines, off));
}

uint32_t
src_next_line(RuleCtx *cx, uint32_t off)
{
    uint32_t line = lineindex_line(&cx->pf->lines, off);
    uint32_t end =
        lineindex_line_start(&cx->pf->lines, line) + lineindex_line_len(&cx->pf->lines, line);
    return end < cx->pf->src.len ? end + 1 : cx->pf->src.len;
}

bool
range_has_comment(RuleCtx *cx, uint32_t start, uint32_t end)
{
    const Lexer *lx = &cx->pf->lex;
    for (uint32_t i = 0; i < lx->ncomments; i++)
        if (lx->comments[i].start >= start && lx->comments[i].start < end)
            return true;
    return false;
}

const char *
module_ref(RuleCtx *cx, Finding *f, const Expr *func, const char *module)
{
    if (func && func->kind == E_Attribute) {
        const char *q = cx_qualname(cx, func->v.Attribute.value);
        if (q && !strcmp(q, module))
            return cx_expr_text(cx, func->v.Attribute.value);
    }
    if (f)
        finding_add_import(cx, f, module);
    return module;
}

const char *
canonical_target(RuleCtx *cx, const Expr *call)
{
    return cx_call_target(cx, call); /* sem_qualname already resolves catalog aliases */
}

const Expr *
keyword_arg(const Expr *call, const char *name)
{
    for (uint32_t i = 0; i < call->v.Call.keywords.len; i++) {
        const Keyword *k = call->v.Call.keywords.items[i];
        if (k->arg && !strcmp(k->arg, name))
            return k->value;
    }
    return NULL;
}

const char *
reindent(RuleCtx *cx, const char *text, const char *from, const char *to)
{
    StrBuf sb = STRBUF_INIT;
    size_t flen = strlen(from);
    bool first = true;
    for (const char *p = text; *p;) {
        const char *nl = strchr(p, '\n');
        size_t n = nl ? (size_t)(nl - p) : strlen(p);
        if (!first && n) {
            if (!strncmp(p, from, flen)) {
                sb_adds(&sb, to);
                p += flen;
                n -= flen;
            }
        }
        sb_add(&sb, p, n);
        first = false;
        if (!nl)
            break;
        sb_addc(&sb, '\n');
        p = nl + 1;
    }
    const char *out = arena_strndup(cx->out_arena, sb_cstr(&sb), sb.len);
    sb_free(&sb);
    return out;
}

const char *
fw_checkpoint(RuleCtx *cx)
{
    if (cx->fw == FW_ASYNCIO)
        return "await asyncio.sleep(0)";
    return arena_sprintf(cx->out_arena, "await %s.lowlevel.checkpoint()", framework_name(cx->fw));
}
