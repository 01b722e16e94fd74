/* ast: the Python syntax tree, with CPython's node classes and fields (Python.asdl, 3.14).
 *
 * Every node lives in its file's Arena. Positions are byte offsets into the decoded source buffer
 * (Source.text: UTF-8, newlines normalised to '\n'); `start` is the first byte, `end` one past the
 * last, exactly CPython's (lineno, col_offset) .. (end_lineno, end_col_offset) once converted by
 * lineindex. Optional children are NULL when absent. Identifiers are NUL-terminated strings
 * interned per file (the same name in one file is the same pointer). */
#ifndef ASYNCREVIEW_PARSE_AST_H
#define ASYNCREVIEW_PARSE_AST_H

#include <stdbool.h>
#include <stdint.h>

typedef const char *Ident; /* interned per file; compare with == inside one file */

typedef struct Expr Expr;
typedef struct Stmt Stmt;
typedef struct Pattern Pattern;
typedef struct Arg Arg;
typedef struct Keyword Keyword;
typedef struct Alias Alias;
typedef struct WithItem WithItem;
typedef struct Comprehension Comprehension;
typedef struct ExceptHandler ExceptHandler;
typedef struct MatchCase MatchCase;
typedef struct Arguments Arguments;
typedef struct TypeParam TypeParam;

/* Sequences: a length and an array of pointers, both in the arena. An empty sequence is {NULL, 0}.
 * Dict.keys may hold NULL entries (`**mapping`), as in CPython. */
#define AST_SEQ(Name, T)                                                                           \
    typedef struct Name {                                                                          \
        T **items;                                                                                 \
        uint32_t len;                                                                              \
    } Name
AST_SEQ(ExprSeq, Expr);
AST_SEQ(StmtSeq, Stmt);
AST_SEQ(PatternSeq, Pattern);
AST_SEQ(ArgSeq, Arg);
AST_SEQ(KeywordSeq, Keyword);
AST_SEQ(AliasSeq, Alias);
AST_SEQ(WithItemSeq, WithItem);
AST_SEQ(ComprehensionSeq, Comprehension);
AST_SEQ(ExceptHandlerSeq, ExceptHandler);
AST_SEQ(MatchCaseSeq, MatchCase);
AST_SEQ(TypeParamSeq, TypeParam);
typedef struct IdentSeq {
    Ident *items;
    uint32_t len;
} IdentSeq;
#undef AST_SEQ

typedef enum ExprContext { CTX_LOAD, CTX_STORE, CTX_DEL } ExprContext;
typedef enum BoolOpKind { BOOL_AND, BOOL_OR } BoolOpKind;
/* Binary operators in CPython's order (Add .. FloorDiv) */
typedef enum OperatorKind {
    OP_ADD,
    OP_SUB,
    OP_MULT,
    OP_MATMULT,
    OP_DIV,
    OP_MOD,
    OP_POW,
    OP_LSHIFT,
    OP_RSHIFT,
    OP_BITOR,
    OP_BITXOR,
    OP_BITAND,
    OP_FLOORDIV
} OperatorKind;
typedef enum UnaryOpKind { UNARY_INVERT, UNARY_NOT, UNARY_UADD, UNARY_USUB } UnaryOpKind;
typedef enum CmpOpKind {
    CMP_EQ,
    CMP_NOTEQ,
    CMP_LT,
    CMP_LTE,
    CMP_GT,
    CMP_GTE,
    CMP_IS,
    CMP_ISNOT,
    CMP_IN,
    CMP_NOTIN
} CmpOpKind;

/* Constant values. Integers keep their literal digits (underscores removed, base prefix kept, e.g.
 * "0x1F", "123", "0o17") so any size is exact; `small` holds the value when `fits_int64`.
 * Strings are UTF-8 (lone surrogates from escapes encoded as 3-byte sequences, i.e. WTF-8) and may
 * contain NUL bytes; bytes are raw. */
typedef enum ConstKind {
    CONST_NONE,
    CONST_TRUE,
    CONST_FALSE,
    CONST_ELLIPSIS,
    CONST_INT,
    CONST_FLOAT,
    CONST_COMPLEX, /* imaginary literal: value is the imaginary part */
    CONST_STR,
    CONST_BYTES
} ConstKind;

typedef struct Constant {
    ConstKind kind;
    bool fits_int64;   /* CONST_INT only */
    bool has_u_prefix; /* CONST_STR: the first literal had a `u` prefix (CPython's kind='u') */
    int64_t small;
    double number;    /* CONST_FLOAT, CONST_COMPLEX */
    const char *text; /* CONST_INT: literal digits; CONST_STR/CONST_BYTES: contents */
    uint32_t len;     /* length of text in bytes */
} Constant;

typedef enum ExprKind {
    E_BoolOp,
    E_NamedExpr,
    E_BinOp,
    E_UnaryOp,
    E_Lambda,
    E_IfExp,
    E_Dict,
    E_Set,
    E_ListComp,
    E_SetComp,
    E_DictComp,
    E_GeneratorExp,
    E_Await,
    E_Yield,
    E_YieldFrom,
    E_Compare,
    E_Call,
    E_FormattedValue,
    E_Interpolation,
    E_JoinedStr,
    E_TemplateStr,
    E_Constant,
    E_Attribute,
    E_Subscript,
    E_Starred,
    E_Name,
    E_List,
    E_Tuple,
    E_Slice,
    E_KIND_COUNT
} ExprKind;

struct Expr {
    ExprKind kind;
    uint32_t start, end;
    union {
        struct {
            BoolOpKind op;
            ExprSeq values;
        } BoolOp;
        struct {
            Expr *target;
            Expr *value;
        } NamedExpr;
        struct {
            Expr *left;
            OperatorKind op;
            Expr *right;
        } BinOp;
        struct {
            UnaryOpKind op;
            Expr *operand;
        } UnaryOp;
        struct {
            Arguments *args;
            Expr *body;
        } Lambda;
        struct {
            Expr *test;
            Expr *body;
            Expr *orelse;
        } IfExp;
        struct {
            ExprSeq keys;
            ExprSeq values;
        } Dict;
        struct {
            ExprSeq elts;
        } Set;
        struct {
            Expr *elt;
            ComprehensionSeq generators;
        } ListComp; /* also SetComp, GeneratorExp */
        struct {
            Expr *elt;
            ComprehensionSeq generators;
        } SetComp;
        struct {
            Expr *key;
            Expr *value;
            ComprehensionSeq generators;
        } DictComp;
        struct {
            Expr *elt;
            ComprehensionSeq generators;
        } GeneratorExp;
        struct {
            Expr *value;
        } Await;
        struct {
            Expr *value;
        } Yield; /* value may be NULL */
        struct {
            Expr *value;
        } YieldFrom;
        struct {
            Expr *left;
            uint32_t n;
            CmpOpKind *ops;
            ExprSeq comparators;
        } Compare;
        struct {
            Expr *func;
            ExprSeq args;
            KeywordSeq keywords;
        } Call;
        /* conversion: -1 none, else 's', 'r' or 'a'; format_spec is a JoinedStr or NULL */
        struct {
            Expr *value;
            int conversion;
            Expr *format_spec;
        } FormattedValue;
        /* PEP 750: `str` is the expression's source text as written */
        struct {
            Expr *value;
            const char *str;
            uint32_t str_len;
            int conversion;
            Expr *format_spec;
        } Interpolation;
        struct {
            ExprSeq values;
        } JoinedStr;
        struct {
            ExprSeq values;
        } TemplateStr;
        Constant Constant;
        struct {
            Expr *value;
            Ident attr;
            ExprContext ctx;
        } Attribute;
        struct {
            Expr *value;
            Expr *slice;
            ExprContext ctx;
        } Subscript;
        struct {
            Expr *value;
            ExprContext ctx;
        } Starred;
        struct {
            Ident id;
            ExprContext ctx;
        } Name;
        struct {
            ExprSeq elts;
            ExprContext ctx;
        } List;
        struct {
            ExprSeq elts;
            ExprContext ctx;
        } Tuple;
        struct {
            Expr *lower;
            Expr *upper;
            Expr *step;
        } Slice;
    } v;
};

typedef enum StmtKind {
    S_FunctionDef,
    S_AsyncFunctionDef,
    S_ClassDef,
    S_Return,
    S_Delete,
    S_Assign,
    S_TypeAlias,
    S_AugAssign,
    S_AnnAssign,
    S_For,
    S_AsyncFor,
    S_While,
    S_If,
    S_With,
    S_AsyncWith,
    S_Match,
    S_Raise,
    S_Try,
    S_TryStar,
    S_Assert,
    S_Import,
    S_ImportFrom,
    S_Global,
    S_Nonlocal,
    S_Expr,
    S_Pass,
    S_Break,
    S_Continue,
    S_KIND_COUNT
} StmtKind;

struct Stmt {
    StmtKind kind;
    uint32_t start, end;
    union {
        /* FunctionDef and AsyncFunctionDef share this layout */
        struct {
            Ident name;
            Arguments *args;
            StmtSeq body;
            ExprSeq decorator_list;
            Expr *returns;
            TypeParamSeq type_params;
        } FunctionDef;
        struct {
            Ident name;
            ExprSeq bases;
            KeywordSeq keywords;
            StmtSeq body;
            ExprSeq decorator_list;
            TypeParamSeq type_params;
        } ClassDef;
        struct {
            Expr *value;
        } Return;
        struct {
            ExprSeq targets;
        } Delete;
        struct {
            ExprSeq targets;
            Expr *value;
        } Assign;
        struct {
            Expr *name;
            TypeParamSeq type_params;
            Expr *value;
        } TypeAlias;
        struct {
            Expr *target;
            OperatorKind op;
            Expr *value;
        } AugAssign;
        struct {
            Expr *target;
            Expr *annotation;
            Expr *value;
            bool simple;
        } AnnAssign;
        /* For and AsyncFor share this layout */
        struct {
            Expr *target;
            Expr *iter;
            StmtSeq body;
            StmtSeq orelse;
        } For;
        struct {
            Expr *test;
            StmtSeq body;
            StmtSeq orelse;
        } While;
        struct {
            Expr *test;
            StmtSeq body;
            StmtSeq orelse;
        } If;
        /* With and AsyncWith share this layout */
        struct {
            WithItemSeq items;
            StmtSeq body;
        } With;
        struct {
            Expr *subject;
            MatchCaseSeq cases;
        } Match;
        struct {
            Expr *exc;
            Expr *cause;
        } Raise;
        /* Try and TryStar share this layout */
        struct {
            StmtSeq body;
            ExceptHandlerSeq handlers;
            StmtSeq orelse;
            StmtSeq finalbody;
        } Try;
        struct {
            Expr *test;
            Expr *msg;
        } Assert;
        struct {
            AliasSeq names;
        } Import;
        struct {
            Ident module;
            AliasSeq names;
            int level;
        } ImportFrom; /* module NULL for `from . import x` */
        struct {
            IdentSeq names;
        } Global;
        struct {
            IdentSeq names;
        } Nonlocal;
        struct {
            Expr *value;
        } Expr;
    } v;
};

struct Arg {
    uint32_t start, end;
    Ident arg;
    Expr *annotation;
};

struct Arguments {
    ArgSeq posonlyargs;
    ArgSeq args;
    Arg *vararg;
    ArgSeq kwonlyargs;
    ExprSeq kw_defaults; /* one per kwonlyarg, NULL where it has no default */
    Arg *kwarg;
    ExprSeq defaults; /* defaults of the last positional parameters */
};

struct Keyword {
    uint32_t start, end;
    Ident arg; /* NULL for `**kwargs` */
    Expr *value;
};

struct Alias {
    uint32_t start, end;
    Ident name; /* dotted name as written, e.g. "os.path"; "*" for `from m import *` */
    Ident asname;
};

struct WithItem {
    Expr *context_expr;
    Expr *optional_vars;
};

struct Comprehension {
    Expr *target;
    Expr *iter;
    ExprSeq ifs;
    bool is_async;
};

struct ExceptHandler {
    uint32_t start, end;
    Expr *type;
    Ident name;
    StmtSeq body;
};

struct MatchCase {
    Pattern *pattern;
    Expr *guard;
    StmtSeq body;
};

typedef enum PatternKind {
    P_MatchValue,
    P_MatchSingleton,
    P_MatchSequence,
    P_MatchMapping,
    P_MatchClass,
    P_MatchStar,
    P_MatchAs,
    P_MatchOr,
    P_KIND_COUNT
} PatternKind;

struct Pattern {
    PatternKind kind;
    uint32_t start, end;
    union {
        struct {
            Expr *value;
        } MatchValue;
        struct {
            ConstKind value;
        } MatchSingleton; /* CONST_NONE, CONST_TRUE or CONST_FALSE */
        struct {
            PatternSeq patterns;
        } MatchSequence;
        struct {
            ExprSeq keys;
            PatternSeq patterns;
            Ident rest;
        } MatchMapping;
        struct {
            Expr *cls;
            PatternSeq patterns;
            IdentSeq kwd_attrs;
            PatternSeq kwd_patterns;
        } MatchClass;
        struct {
            Ident name;
        } MatchStar;
        struct {
            Pattern *pattern;
            Ident name;
        } MatchAs;
        struct {
            PatternSeq patterns;
        } MatchOr;
    } v;
};

typedef enum TypeParamKind { TP_TypeVar, TP_ParamSpec, TP_TypeVarTuple } TypeParamKind;

struct TypeParam {
    TypeParamKind kind;
    uint32_t start, end;
    Ident name;
    Expr *bound;         /* TypeVar only */
    Expr *default_value; /* PEP 696 */
};

typedef struct Module {
    StmtSeq body;
} Module;

/* Names of node kinds as CPython spells them ("Await", "AsyncWith", "MatchAs"). */
const char *ast_expr_kind_name(ExprKind kind);
const char *ast_stmt_kind_name(StmtKind kind);
const char *ast_pattern_kind_name(PatternKind kind);

#endif
