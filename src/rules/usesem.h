/* usesem: where a value goes after it is bound, for the error-handling and resource rules
 * (ASR301-306, ASR501-505): the expressions and statements around one read of a name (is it
 * awaited, called as a method, passed on, returned, stored), and whether an offset lies in a
 * `finally` block or an except handler of an enclosing `try`. */
#ifndef ASYNCREVIEW_RULES_USESEM_H
#define ASYNCREVIEW_RULES_USESEM_H

#include "rules/rule.h"

#define USE_PATH_MAX 128

typedef struct UsePath {
    const Expr *exprs[USE_PATH_MAX]; /* enclosing expressions, innermost first (not the node) */
    uint32_t nexprs;
    const Stmt *stmts[USE_PATH_MAX]; /* enclosing statements, innermost first */
    uint32_t nstmts;
} UsePath;

/* use_path: the expressions and statements of body enclosing node (found by identity, nested
 * functions included). false when node is not in body or lies deeper than USE_PATH_MAX. */
bool use_path(StmtSeq body, const Expr *node, UsePath *out);

typedef enum UseKind {
    USE_METHOD, /* x.m(...): detail is the call */
    USE_ATTR, /* x.a read without calling it (x.close passed as a callback): detail the attribute */
    USE_AWAIT,  /* await x */
    USE_ARG,    /* f(x), f(k=x), f(*x): detail is the call */
    USE_RETURN, /* return x, yield x */
    USE_STORE,  /* bound to another target (y = x, self.a = x, d[k] = x) or put in a container
                   literal */
    USE_ITER,   /* for _ in x, async for _ in x */
    USE_WITH,   /* with x, async with x */
    USE_TEST,   /* if x, x is None, not x, x == y */
    USE_OTHER
} UseKind;

/* use_kind: how the read at node (whose enclosing nodes are p) uses the value; *detail receives the
 * call or attribute named above (NULL otherwise). */
UseKind use_kind(const UsePath *p, const Expr *node, const Expr **detail);

/* use_method_name: for USE_METHOD/USE_ATTR, the attribute name, else NULL. */
const char *use_method_name(UseKind k, const Expr *detail);

/* path_in_cleanup: some `try` statement on the path holds off in its `finally` block or in one of
 * its except handlers. */
bool path_in_cleanup(const UsePath *p, uint32_t off);

/* path_in_loop: a for/async for/while statement of the path (below any function definition on it)
 * holds the node in its body. */
bool path_in_loop(const UsePath *p);

/* stmt_seq_holding: the statement sequence (a body, orelse, handler body or finally block) of
 * parent that holds s, or an empty one. */
StmtSeq stmt_seq_holding(const Stmt *parent, const Stmt *s);

/* class_of_method: the class statement defining the function fn is in, from cx->stack (fn is the
 * enclosing function of the visited node), or NULL. */
const Stmt *class_of_method(RuleCtx *cx, const Stmt *fn);

/* is_self_attr: e is `self.<attr>` (the first parameter's name is not checked: `self` only). */
bool is_self_attr(const Expr *e);

/* stmts_call_method: body calls `<something>.<method>(...)` at an offset before `before`
 * (UINT32_MAX: anywhere), nested functions included. */
bool stmts_call_method(StmtSeq body, const char *method, uint32_t before);

/* func_is_cleanup: fn's name says it tears things down (close, aclose, shutdown, stop, cleanup,
 * teardown, cancel..., __aexit__, __exit__, __del__). */
bool func_is_cleanup(const Stmt *fn);

#endif
