#include "parse/visit.h"

#include <stddef.h>

static void
visit_exprs(Visitor *v, ExprSeq seq)
{
    for (uint32_t i = 0; i < seq.len && !v->stop; i++)
        if (seq.items[i]) /* Dict keys hold NULL for `**mapping` */
            visit_expr(v, seq.items[i]);
}

static void
visit_opt(Visitor *v, const Expr *e)
{
    if (e && !v->stop)
        visit_expr(v, e);
}

static void
visit_generators(Visitor *v, ComprehensionSeq gens)
{
    for (uint32_t i = 0; i < gens.len && !v->stop; i++) {
        const Comprehension *c = gens.items[i];
        visit_expr(v, c->iter);
        visit_expr(v, c->target);
        visit_exprs(v, c->ifs);
    }
}

static void
visit_type_params(Visitor *v, TypeParamSeq params)
{
    for (uint32_t i = 0; i < params.len && !v->stop; i++) {
        visit_opt(v, params.items[i]->bound);
        visit_opt(v, params.items[i]->default_value);
    }
}

static void
visit_pattern(Visitor *v, const Pattern *p)
{
    if (v->stop || (v->enter_pattern && !v->enter_pattern(v, p)))
        return;
    switch (p->kind) {
    case P_MatchValue:
        visit_expr(v, p->v.MatchValue.value);
        break;
    case P_MatchSingleton:
    case P_MatchStar:
        break;
    case P_MatchSequence:
        for (uint32_t i = 0; i < p->v.MatchSequence.patterns.len; i++)
            visit_pattern(v, p->v.MatchSequence.patterns.items[i]);
        break;
    case P_MatchMapping:
        for (uint32_t i = 0; i < p->v.MatchMapping.keys.len; i++) {
            visit_expr(v, p->v.MatchMapping.keys.items[i]);
            visit_pattern(v, p->v.MatchMapping.patterns.items[i]);
        }
        break;
    case P_MatchClass:
        visit_expr(v, p->v.MatchClass.cls);
        for (uint32_t i = 0; i < p->v.MatchClass.patterns.len; i++)
            visit_pattern(v, p->v.MatchClass.patterns.items[i]);
        for (uint32_t i = 0; i < p->v.MatchClass.kwd_patterns.len; i++)
            visit_pattern(v, p->v.MatchClass.kwd_patterns.items[i]);
        break;
    case P_MatchAs:
        if (p->v.MatchAs.pattern)
            visit_pattern(v, p->v.MatchAs.pattern);
        break;
    case P_MatchOr:
        for (uint32_t i = 0; i < p->v.MatchOr.patterns.len; i++)
            visit_pattern(v, p->v.MatchOr.patterns.items[i]);
        break;
    case P_KIND_COUNT:
        break;
    }
}

void
visit_arguments(Visitor *v, const Arguments *args)
{
    if (!args)
        return;
    visit_exprs(v, args->defaults);
    visit_exprs(v, args->kw_defaults);
    const ArgSeq seqs[3] = { args->posonlyargs, args->args, args->kwonlyargs };
    for (int k = 0; k < 3; k++)
        for (uint32_t i = 0; i < seqs[k].len; i++)
            visit_opt(v, seqs[k].items[i]->annotation);
    if (args->vararg)
        visit_opt(v, args->vararg->annotation);
    if (args->kwarg)
        visit_opt(v, args->kwarg->annotation);
}

void
visit_expr(Visitor *v, const Expr *e)
{
    if (v->stop || (v->enter_expr && !v->enter_expr(v, e)))
        return;
    switch (e->kind) {
    case E_BoolOp:
        visit_exprs(v, e->v.BoolOp.values);
        break;
    case E_NamedExpr:
        visit_expr(v, e->v.NamedExpr.value);
        visit_expr(v, e->v.NamedExpr.target);
        break;
    case E_BinOp:
        visit_expr(v, e->v.BinOp.left);
        visit_expr(v, e->v.BinOp.right);
        break;
    case E_UnaryOp:
        visit_expr(v, e->v.UnaryOp.operand);
        break;
    case E_Lambda:
        visit_arguments(v, e->v.Lambda.args);
        visit_expr(v, e->v.Lambda.body);
        break;
    case E_IfExp:
        visit_expr(v, e->v.IfExp.test);
        visit_expr(v, e->v.IfExp.body);
        visit_expr(v, e->v.IfExp.orelse);
        break;
    case E_Dict:
        for (uint32_t i = 0; i < e->v.Dict.values.len && !v->stop; i++) {
            visit_opt(v, e->v.Dict.keys.items[i]);
            visit_expr(v, e->v.Dict.values.items[i]);
        }
        break;
    case E_Set:
        visit_exprs(v, e->v.Set.elts);
        break;
    case E_ListComp:
    case E_SetComp:
    case E_GeneratorExp:
        visit_generators(v, e->v.ListComp.generators);
        visit_expr(v, e->v.ListComp.elt);
        break;
    case E_DictComp:
        visit_generators(v, e->v.DictComp.generators);
        visit_expr(v, e->v.DictComp.key);
        visit_expr(v, e->v.DictComp.value);
        break;
    case E_Await:
    case E_YieldFrom:
        visit_expr(v, e->v.Await.value);
        break;
    case E_Yield:
        visit_opt(v, e->v.Yield.value);
        break;
    case E_Compare:
        visit_expr(v, e->v.Compare.left);
        visit_exprs(v, e->v.Compare.comparators);
        break;
    case E_Call:
        visit_expr(v, e->v.Call.func);
        visit_exprs(v, e->v.Call.args);
        for (uint32_t i = 0; i < e->v.Call.keywords.len && !v->stop; i++)
            visit_expr(v, e->v.Call.keywords.items[i]->value);
        break;
    case E_FormattedValue:
        visit_expr(v, e->v.FormattedValue.value);
        visit_opt(v, e->v.FormattedValue.format_spec);
        break;
    case E_Interpolation:
        visit_expr(v, e->v.Interpolation.value);
        visit_opt(v, e->v.Interpolation.format_spec);
        break;
    case E_JoinedStr:
    case E_TemplateStr:
        visit_exprs(v, e->v.JoinedStr.values);
        break;
    case E_Constant:
    case E_Name:
        break;
    case E_Attribute:
        visit_expr(v, e->v.Attribute.value);
        break;
    case E_Subscript:
        visit_expr(v, e->v.Subscript.value);
        visit_expr(v, e->v.Subscript.slice);
        break;
    case E_Starred:
        visit_expr(v, e->v.Starred.value);
        break;
    case E_List:
    case E_Tuple:
        visit_exprs(v, e->v.List.elts);
        break;
    case E_Slice:
        visit_opt(v, e->v.Slice.lower);
        visit_opt(v, e->v.Slice.upper);
        visit_opt(v, e->v.Slice.step);
        break;
    case E_KIND_COUNT:
        break;
    }
    if (v->leave_expr && !v->stop)
        v->leave_expr(v, e);
}

static void
visit_handlers(Visitor *v, ExceptHandlerSeq handlers)
{
    for (uint32_t i = 0; i < handlers.len && !v->stop; i++) {
        const ExceptHandler *h = handlers.items[i];
        if (v->enter_handler && !v->enter_handler(v, h))
            continue;
        visit_opt(v, h->type);
        visit_stmts(v, h->body);
    }
}

void
visit_stmt(Visitor *v, const Stmt *s)
{
    if (v->stop || (v->enter_stmt && !v->enter_stmt(v, s)))
        return;
    switch (s->kind) {
    case S_FunctionDef:
    case S_AsyncFunctionDef:
        visit_exprs(v, s->v.FunctionDef.decorator_list);
        visit_type_params(v, s->v.FunctionDef.type_params);
        visit_arguments(v, s->v.FunctionDef.args);
        visit_opt(v, s->v.FunctionDef.returns);
        visit_stmts(v, s->v.FunctionDef.body);
        break;
    case S_ClassDef:
        visit_exprs(v, s->v.ClassDef.decorator_list);
        visit_type_params(v, s->v.ClassDef.type_params);
        visit_exprs(v, s->v.ClassDef.bases);
        for (uint32_t i = 0; i < s->v.ClassDef.keywords.len && !v->stop; i++)
            visit_expr(v, s->v.ClassDef.keywords.items[i]->value);
        visit_stmts(v, s->v.ClassDef.body);
        break;
    case S_Return:
        visit_opt(v, s->v.Return.value);
        break;
    case S_Delete:
        visit_exprs(v, s->v.Delete.targets);
        break;
    case S_Assign:
        visit_expr(v, s->v.Assign.value);
        visit_exprs(v, s->v.Assign.targets);
        break;
    case S_TypeAlias:
        visit_type_params(v, s->v.TypeAlias.type_params);
        visit_expr(v, s->v.TypeAlias.value);
        break;
    case S_AugAssign:
        visit_expr(v, s->v.AugAssign.value);
        visit_expr(v, s->v.AugAssign.target);
        break;
    case S_AnnAssign:
        visit_expr(v, s->v.AnnAssign.annotation);
        visit_opt(v, s->v.AnnAssign.value);
        visit_expr(v, s->v.AnnAssign.target);
        break;
    case S_For:
    case S_AsyncFor:
        visit_expr(v, s->v.For.iter);
        visit_expr(v, s->v.For.target);
        visit_stmts(v, s->v.For.body);
        visit_stmts(v, s->v.For.orelse);
        break;
    case S_While:
    case S_If:
        visit_expr(v, s->v.While.test);
        visit_stmts(v, s->v.While.body);
        visit_stmts(v, s->v.While.orelse);
        break;
    case S_With:
    case S_AsyncWith:
        for (uint32_t i = 0; i < s->v.With.items.len && !v->stop; i++) {
            visit_expr(v, s->v.With.items.items[i]->context_expr);
            visit_opt(v, s->v.With.items.items[i]->optional_vars);
        }
        visit_stmts(v, s->v.With.body);
        break;
    case S_Match:
        visit_expr(v, s->v.Match.subject);
        for (uint32_t i = 0; i < s->v.Match.cases.len && !v->stop; i++) {
            const MatchCase *mc = s->v.Match.cases.items[i];
            visit_pattern(v, mc->pattern);
            visit_opt(v, mc->guard);
            visit_stmts(v, mc->body);
        }
        break;
    case S_Raise:
        visit_opt(v, s->v.Raise.exc);
        visit_opt(v, s->v.Raise.cause);
        break;
    case S_Try:
    case S_TryStar:
        visit_stmts(v, s->v.Try.body);
        visit_handlers(v, s->v.Try.handlers);
        visit_stmts(v, s->v.Try.orelse);
        visit_stmts(v, s->v.Try.finalbody);
        break;
    case S_Assert:
        visit_expr(v, s->v.Assert.test);
        visit_opt(v, s->v.Assert.msg);
        break;
    case S_Expr:
        visit_expr(v, s->v.Expr.value);
        break;
    case S_Import:
    case S_ImportFrom:
    case S_Global:
    case S_Nonlocal:
    case S_Pass:
    case S_Break:
    case S_Continue:
    case S_KIND_COUNT:
        break;
    }
    if (v->leave_stmt && !v->stop)
        v->leave_stmt(v, s);
}

void
visit_stmts(Visitor *v, StmtSeq body)
{
    for (uint32_t i = 0; i < body.len && !v->stop; i++)
        visit_stmt(v, body.items[i]);
}

void
visit_module(Visitor *v, const Module *m)
{
    visit_stmts(v, m->body);
}

typedef struct ContainsState {
    bool (*pred)(const Expr *e, void *data);
    void *data;
    bool stop_at_scopes;
    bool found;
} ContainsState;

static bool
contains_enter(Visitor *v, const Expr *e)
{
    ContainsState *st = v->data;
    if (st->pred(e, st->data)) {
        st->found = true;
        v->stop = true;
        return false;
    }
    if (st->stop_at_scopes &&
        (e->kind == E_Lambda || e->kind == E_ListComp || e->kind == E_SetComp ||
         e->kind == E_DictComp || e->kind == E_GeneratorExp))
        return false;
    return true;
}

bool
expr_contains(const Expr *e, bool (*pred)(const Expr *e, void *data), void *data,
              bool stop_at_scopes)
{
    ContainsState st = { pred, data, stop_at_scopes, false };
    Visitor v = { .enter_expr = contains_enter, .data = &st };
    visit_expr(&v, e);
    return st.found;
}
