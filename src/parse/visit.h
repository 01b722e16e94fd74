/* visit: a generic walk over the AST, in source order, so that no module writes its own traversal.
 * Each enter callback returns false to skip the node's children; leave callbacks may be NULL. */
#ifndef ASYNCREVIEW_PARSE_VISIT_H
#define ASYNCREVIEW_PARSE_VISIT_H

#include "parse/ast.h"

typedef struct Visitor Visitor;
struct Visitor {
    bool (*enter_stmt)(Visitor *v, const Stmt *s);
    void (*leave_stmt)(Visitor *v, const Stmt *s);
    bool (*enter_expr)(Visitor *v, const Expr *e);
    void (*leave_expr)(Visitor *v, const Expr *e);
    bool (*enter_pattern)(Visitor *v, const Pattern *p);
    bool (*enter_handler)(Visitor *v, const ExceptHandler *h);
    void *data; /* the caller's state */
    bool stop;  /* set by a callback to end the whole walk early */
};

/* visit_module / visit_stmts / visit_stmt / visit_expr: walk the tree below (and including) the
 * node. Function and class bodies, lambdas and comprehensions are entered like any other child: a
 * visitor that must stay in one scope returns false from enter_stmt/enter_expr for them.
 * Decorators, defaults and annotations are visited before the body, as Python evaluates them. */
void visit_module(Visitor *v, const Module *m);
void visit_stmts(Visitor *v, StmtSeq body);
void visit_stmt(Visitor *v, const Stmt *s);
void visit_expr(Visitor *v, const Expr *e);
void visit_arguments(Visitor *v, const Arguments *args);

/* expr_contains: whether e or any sub-expression satisfies pred (stopping at lambdas and nested
 * comprehensions' scopes only when stop_at_scopes). */
bool expr_contains(const Expr *e, bool (*pred)(const Expr *e, void *data), void *data,
                   bool stop_at_scopes);

#endif
