#include "rules/usesem.h"

#include "base/util.h"
#include "parse/visit.h"

#include <stdlib.h>

#include <string.h>

typedef struct PathFind {
    const Expr *node;
    const Expr *exprs[USE_PATH_MAX]; /* outermost first while walking */
    uint32_t nexprs;
    const Stmt *stmts[USE_PATH_MAX];
    uint32_t nstmts;
    bool found, overflow;
    UsePath *out;
} PathFind;

static bool
holds(uint32_t start, uint32_t end, const Expr *node)
{
    return start <= node->start && node->end <= end;
}

static bool
pf_enter_stmt(Visitor *v, const Stmt *s)
{
    PathFind *pf = v->data;
    if (!holds(s->start, s->end, pf->node))
        return false;
    if (pf->nstmts == USE_PATH_MAX) {
        pf->overflow = v->stop = true;
        return false;
    }
    pf->stmts[pf->nstmts++] = s;
    return true;
}

static void
pf_leave_stmt(Visitor *v, const Stmt *s)
{
    (void)s;
    PathFind *pf = v->data;
    pf->nstmts--;
}

static bool
pf_enter_expr(Visitor *v, const Expr *e)
{
    PathFind *pf = v->data;
    if (e == pf->node) {
        UsePath *out = pf->out;
        out->nexprs = pf->nexprs;
        for (uint32_t i = 0; i < pf->nexprs; i++)
            out->exprs[i] = pf->exprs[pf->nexprs - 1 - i];
        out->nstmts = pf->nstmts;
        for (uint32_t i = 0; i < pf->nstmts; i++)
            out->stmts[i] = pf->stmts[pf->nstmts - 1 - i];
        pf->found = v->stop = true;
        return false;
    }
    if (!holds(e->start, e->end, pf->node))
        return false;
    if (pf->nexprs == USE_PATH_MAX) {
        pf->overflow = v->stop = true;
        return false;
    }
    pf->exprs[pf->nexprs++] = e;
    return true;
}

static void
pf_leave_expr(Visitor *v, const Expr *e)
{
    (void)e;
    PathFind *pf = v->data;
    pf->nexprs--;
}

bool
use_path(StmtSeq body, const Expr *node, UsePath *out)
{
    PathFind *pf = xmalloc(sizeof *pf);
    memset(pf, 0, sizeof *pf);
    pf->node = node;
    pf->out = out;
    memset(out, 0, sizeof *out);
    Visitor v = { .enter_stmt = pf_enter_stmt,
                  .leave_stmt = pf_leave_stmt,
                  .enter_expr = pf_enter_expr,
                  .leave_expr = pf_leave_expr,
                  .data = pf };
    visit_stmts(&v, body);
    bool ok = pf->found && !pf->overflow;
    free(pf);
    return ok;
}

UseKind
use_kind(const UsePath *p, const Expr *node, const Expr **detail)
{
    *detail = NULL;
    const Expr *parent = p->nexprs ? p->exprs[0] : NULL;
    const Expr *grand = p->nexprs > 1 ? p->exprs[1] : NULL;
    const Stmt *s = p->nstmts ? p->stmts[0] : NULL;
    if (parent) {
        switch (parent->kind) {
        case E_Attribute:
            if (parent->v.Attribute.value != node)
                return USE_OTHER;
            if (grand && grand->kind == E_Call && grand->v.Call.func == parent) {
                *detail = grand;
                return USE_METHOD;
            }
            *detail = parent;
            return USE_ATTR;
        case E_Await:
            return USE_AWAIT;
        case E_Starred:
            if (grand && grand->kind == E_Call) {
                *detail = grand;
                return USE_ARG;
            }
            return USE_STORE;
        case E_Call:
            if (parent->v.Call.func == node)
                return USE_OTHER;
            *detail = parent;
            return USE_ARG;
        case E_Yield:
        case E_YieldFrom:
            return USE_RETURN;
        case E_Compare:
        case E_UnaryOp:
            return parent->kind == E_Compare || parent->v.UnaryOp.op == UNARY_NOT ? USE_TEST
                                                                                  : USE_OTHER;
        case E_List:
        case E_Tuple:
        case E_Set:
        case E_Dict:
            return USE_STORE;
        case E_NamedExpr:
            return parent->v.NamedExpr.value == node ? USE_STORE : USE_OTHER;
        default:
            return USE_OTHER;
        }
    }
    if (!s)
        return USE_OTHER;
    switch (s->kind) {
    case S_Return:
        return USE_RETURN;
    case S_Assign:
    case S_AnnAssign:
    case S_AugAssign:
        return s->v.Assign.value == node || (s->kind != S_Assign && s->v.AnnAssign.value == node)
                   ? USE_STORE
                   : USE_OTHER;
    case S_For:
    case S_AsyncFor:
        return s->v.For.iter == node ? USE_ITER : USE_OTHER;
    case S_With:
    case S_AsyncWith:
        for (uint32_t i = 0; i < s->v.With.items.len; i++)
            if (s->v.With.items.items[i]->context_expr == node)
                return USE_WITH;
        return USE_OTHER;
    case S_If:
    case S_While:
        return s->v.If.test == node ? USE_TEST : USE_OTHER;
    case S_Assert:
        return USE_TEST;
    default:
        return USE_OTHER;
    }
}

const char *
use_method_name(UseKind k, const Expr *detail)
{
    if (k == USE_METHOD)
        return detail->v.Call.func->v.Attribute.attr;
    if (k == USE_ATTR)
        return detail->v.Attribute.attr;
    return NULL;
}

bool
path_in_cleanup(const UsePath *p, uint32_t off)
{
    for (uint32_t i = 0; i < p->nstmts; i++) {
        const Stmt *t = p->stmts[i];
        if (t->kind == S_FunctionDef || t->kind == S_AsyncFunctionDef)
            return false;
        if (t->kind != S_Try && t->kind != S_TryStar)
            continue;
        StmtSeq fin = t->v.Try.finalbody;
        if (fin.len && off >= fin.items[0]->start && off < t->end)
            return true;
        for (uint32_t k = 0; k < t->v.Try.handlers.len; k++)
            if (off >= t->v.Try.handlers.items[k]->start && off < t->v.Try.handlers.items[k]->end)
                return true;
    }
    return false;
}

bool
path_in_loop(const UsePath *p)
{
    for (uint32_t i = 0; i < p->nstmts; i++) {
        const Stmt *t = p->stmts[i];
        if (t->kind == S_FunctionDef || t->kind == S_AsyncFunctionDef || t->kind == S_ClassDef)
            return false;
        if (t->kind == S_For || t->kind == S_AsyncFor || t->kind == S_While) {
            StmtSeq b = t->v.For.body;
            if (t->kind == S_While)
                b = t->v.While.body;
            if (i > 0 && b.len && p->stmts[i - 1]->start >= b.items[0]->start &&
                p->stmts[i - 1]->end <= b.items[b.len - 1]->end)
                return true;
        }
    }
    return false;
}

static bool
seq_holds(StmtSeq seq, const Stmt *s)
{
    for (uint32_t i = 0; i < seq.len; i++)
        if (seq.items[i] == s)
            return true;
    return false;
}

StmtSeq
stmt_seq_holding(const Stmt *parent, const Stmt *s)
{
    StmtSeq none = { NULL, 0 };
    switch (parent->kind) {
    case S_FunctionDef:
    case S_AsyncFunctionDef:
        return seq_holds(parent->v.FunctionDef.body, s) ? parent->v.FunctionDef.body : none;
    case S_ClassDef:
        return seq_holds(parent->v.ClassDef.body, s) ? parent->v.ClassDef.body : none;
    case S_If:
    case S_While:
        if (seq_holds(parent->v.If.body, s))
            return parent->v.If.body;
        return seq_holds(parent->v.If.orelse, s) ? parent->v.If.orelse : none;
    case S_For:
    case S_AsyncFor:
        if (seq_holds(parent->v.For.body, s))
            return parent->v.For.body;
        return seq_holds(parent->v.For.orelse, s) ? parent->v.For.orelse : none;
    case S_With:
    case S_AsyncWith:
        return seq_holds(parent->v.With.body, s) ? parent->v.With.body : none;
    case S_Try:
    case S_TryStar:
        if (seq_holds(parent->v.Try.body, s))
            return parent->v.Try.body;
        if (seq_holds(parent->v.Try.orelse, s))
            return parent->v.Try.orelse;
        if (seq_holds(parent->v.Try.finalbody, s))
            return parent->v.Try.finalbody;
        for (uint32_t k = 0; k < parent->v.Try.handlers.len; k++)
            if (seq_holds(parent->v.Try.handlers.items[k]->body, s))
                return parent->v.Try.handlers.items[k]->body;
        return none;
    case S_Match:
        for (uint32_t k = 0; k < parent->v.Match.cases.len; k++)
            if (seq_holds(parent->v.Match.cases.items[k]->body, s))
                return parent->v.Match.cases.items[k]->body;
        return none;
    default:
        return none;
    }
}

const Stmt *
class_of_method(RuleCtx *cx, const Stmt *fn)
{
    for (uint32_t i = cx->depth; i-- > 0;) {
        if (!cx->stack[i].is_stmt || cx->stack[i].node != fn)
            continue;
        if (i == 0 || !cx->stack[i - 1].is_stmt)
            return NULL;
        const Stmt *c = cx->stack[i - 1].node;
        return c->kind == S_ClassDef ? c : NULL;
    }
    return NULL;
}

bool
is_self_attr(const Expr *e)
{
    return e && e->kind == E_Attribute && e->v.Attribute.value->kind == E_Name &&
           !strcmp(e->v.Attribute.value->v.Name.id, "self");
}

typedef struct MethodFind {
    const char *method;
    uint32_t before;
    bool found;
} MethodFind;

static bool
mf_enter_expr(Visitor *v, const Expr *e)
{
    MethodFind *mf = v->data;
    if (e->kind == E_Call && e->start < mf->before && e->v.Call.func->kind == E_Attribute &&
        !strcmp(e->v.Call.func->v.Attribute.attr, mf->method))
        mf->found = v->stop = true;
    return true;
}

bool
stmts_call_method(StmtSeq body, const char *method, uint32_t before)
{
    MethodFind mf = { method, before, false };
    Visitor v = { .enter_expr = mf_enter_expr, .data = &mf };
    visit_stmts(&v, body);
    return mf.found;
}

bool
func_is_cleanup(const Stmt *fn)
{
    static const char *const words[] = { "close",     "shutdown", "stop",      "cleanup",
                                         "clean_up",  "teardown", "tear_down", "cancel",
                                         "__aexit__", "__exit__", "__del__",   "dispose",
                                         "finalize",  NULL };
    const char *name = fn->v.FunctionDef.name;
    for (const char *const *w = words; *w; w++)
        if (strstr(name, *w))
            return true;
    return false;
}
