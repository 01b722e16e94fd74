/* ast: names of the AST's node kinds, spelled as CPython's classes. */
#include "parse/ast.h"

#include <stddef.h>

static const char *const expr_names[E_KIND_COUNT] = {
    "BoolOp",        "NamedExpr", "BinOp",       "UnaryOp",  "Lambda",    "IfExp",
    "Dict",          "Set",       "ListComp",    "SetComp",  "DictComp",  "GeneratorExp",
    "Await",         "Yield",     "YieldFrom",   "Compare",  "Call",      "FormattedValue",
    "Interpolation", "JoinedStr", "TemplateStr", "Constant", "Attribute", "Subscript",
    "Starred",       "Name",      "List",        "Tuple",    "Slice",
};

static const char *const stmt_names[S_KIND_COUNT] = {
    "FunctionDef", "AsyncFunctionDef",
    "ClassDef",    "Return",
    "Delete",      "Assign",
    "TypeAlias",   "AugAssign",
    "AnnAssign",   "For",
    "AsyncFor",    "While",
    "If",          "With",
    "AsyncWith",   "Match",
    "Raise",       "Try",
    "TryStar",     "Assert",
    "Import",      "ImportFrom",
    "Global",      "Nonlocal",
    "Expr",        "Pass",
    "Break",       "Continue",
};

static const char *const pattern_names[P_KIND_COUNT] = {
    "MatchValue", "MatchSingleton", "MatchSequence", "MatchMapping",
    "MatchClass", "MatchStar",      "MatchAs",       "MatchOr",
};

/* ast_expr_kind_name: CPython's class name for an expression kind ("?" if out of range). */
const char *
ast_expr_kind_name(ExprKind kind)
{
    return (unsigned)kind < E_KIND_COUNT ? expr_names[kind] : "?";
}

/* ast_stmt_kind_name: CPython's class name for a statement kind ("?" if out of range). */
const char *
ast_stmt_kind_name(StmtKind kind)
{
    return (unsigned)kind < S_KIND_COUNT ? stmt_names[kind] : "?";
}

/* ast_pattern_kind_name: CPython's class name for a pattern kind ("?" if out of range). */
const char *
ast_pattern_kind_name(PatternKind kind)
{
    return (unsigned)kind < P_KIND_COUNT ? pattern_names[kind] : "?";
}
