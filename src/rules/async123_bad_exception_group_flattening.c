/* ASYNC123 bad-exception-group-flattening: `raise eg.exceptions[0]` (or a name bound to one member
 * of the group) inside a handler that caught an ExceptionGroup: the member is raised without the
 * group's traceback, and its own context and cause are replaced. */
#include "rules/rule.h"

#include "parse/visit.h"

#include <string.h>

typedef VEC(Ident) NameList;

/* What is known at the current point of the walk, as flake8-async tracks it: names bound to a
 * group, to a group's `.exceptions` tuple, and to one member. The lists only grow inside a handler
 * and are restored when the handler ends. */
typedef struct GroupState {
    RuleCtx *cx;
    bool try_star;    /* inside a `try: ... except*` statement (any part of it) */
    NameList groups;  /* bound to the caught group, a subgroup or a split part */
    NameList lists;   /* bound to `<group>.exceptions` */
    NameList members; /* bound to one exception of a group */
} GroupState;

static bool
has_name(const NameList *l, Ident id)
{
    for (uint32_t i = 0; i < l->len; i++)
        if (l->items[i] == id)
            return true;
    return false;
}

static void
add_name(GroupState *st, NameList *l, Ident id)
{
    VEC_PUSH(st->cx->out_arena, *l, id);
}

static bool is_member(const GroupState *st, const Expr *e);

/* A group: a group name, a member (members may be groups themselves), or `<group>.subgroup(...)` /
 * `<group>.split(...)`. */
static bool
is_group(const GroupState *st, const Expr *e)
{
    if (e->kind == E_Name && has_name(&st->groups, e->v.Name.id))
        return true;
    if (is_member(st, e))
        return true;
    if (e->kind != E_Call || e->v.Call.func->kind != E_Attribute)
        return false;
    const Expr *f = e->v.Call.func;
    return (!strcmp(f->v.Attribute.attr, "subgroup") || !strcmp(f->v.Attribute.attr, "split")) &&
           is_group(st, f->v.Attribute.value);
}

/* The members tuple: a name bound to one, or `<group>.exceptions`. */
static bool
is_member_list(const GroupState *st, const Expr *e)
{
    if (e->kind == E_Name)
        return has_name(&st->lists, e->v.Name.id);
    return e->kind == E_Attribute && !strcmp(e->v.Attribute.attr, "exceptions") &&
           is_group(st, e->v.Attribute.value);
}

/* One member: a name bound to one, or an index into the members tuple. */
static bool
is_member(const GroupState *st, const Expr *e)
{
    if (e->kind == E_Name)
        return has_name(&st->members, e->v.Name.id);
    return e->kind == E_Subscript && is_member_list(st, e->v.Subscript.value);
}

static bool
text_has_group(const char *text, size_t len)
{
    static const char needle[] = "ExceptionGroup";
    const size_t n = sizeof needle - 1;
    for (size_t i = 0; i + n <= len; i++)
        if (!memcmp(text + i, needle, n))
            return true;
    return false;
}

static bool
mentions_group(const Expr *e, void *data)
{
    (void)data;
    if (e->kind == E_Name)
        return strstr(e->v.Name.id, "ExceptionGroup") != NULL;
    if (e->kind == E_Attribute)
        return strstr(e->v.Attribute.attr, "ExceptionGroup") != NULL;
    return e->kind == E_Constant && e->v.Constant.kind == CONST_STR && e->v.Constant.text &&
           text_has_group(e->v.Constant.text, e->v.Constant.len);
}

/* flake8-async reads the handler's type as text and looks for "ExceptionGroup" in it: the names,
 * attributes and strings written there are that text without spacing and comments. */
static bool
names_exception_group(const Expr *type)
{
    return expr_contains(type, mentions_group, NULL, false);
}

static void
track_assign(GroupState *st, const Expr *value, const Expr *const *targets, uint32_t ntargets)
{
    if (!value || !st->groups.len)
        return;
    bool single = ntargets == 1 && targets[0]->kind == E_Name;
    if (is_member(st, value)) {
        if (single)
            add_name(st, &st->members, targets[0]->v.Name.id);
    } else if (is_member_list(st, value)) {
        if (single)
            add_name(st, &st->lists, targets[0]->v.Name.id);
    } else if (is_group(st, value)) {
        for (uint32_t i = 0; i < ntargets; i++) {
            const Expr *t = targets[i];
            if (t->kind == E_Name)
                add_name(st, &st->groups, t->v.Name.id);
            else if (t->kind == E_Tuple)
                for (uint32_t j = 0; j < t->v.Tuple.elts.len; j++)
                    if (t->v.Tuple.elts.items[j]->kind == E_Name)
                        add_name(st, &st->groups, t->v.Tuple.elts.items[j]->v.Name.id);
        }
    }
}

static void walk_try(Visitor *v, const Stmt *s);

static bool
enter_stmt(Visitor *v, const Stmt *s)
{
    GroupState *st = v->data;
    switch (s->kind) {
    case S_Raise:
        if (s->v.Raise.exc && is_member(st, s->v.Raise.exc))
            rule_report_stmt(
                st->cx, s,
                "`raise %s` raises one exception out of its group, losing the group's traceback "
                "and replacing the exception's own context and cause",
                cx_expr_text(st->cx, s->v.Raise.exc));
        return true;
    case S_Assign:
        track_assign(st, s->v.Assign.value, (const Expr *const *)s->v.Assign.targets.items,
                     s->v.Assign.targets.len);
        return true;
    case S_AnnAssign: {
        const Expr *target = s->v.AnnAssign.target;
        track_assign(st, s->v.AnnAssign.value, &target, 1);
        return true;
    }
    case S_For:
        if (is_member_list(st, s->v.For.iter) && s->v.For.target->kind == E_Name)
            add_name(st, &st->members, s->v.For.target->v.Name.id);
        return true;
    case S_Try:
    case S_TryStar:
        walk_try(v, s);
        return false;
    default:
        return true;
    }
}

/* A try statement, walked by hand so that each handler's names are dropped when it ends. A handler
 * that does not catch a group (or has no `as` name) is not looked into at all, as in flake8-async.
 */
static void
walk_try(Visitor *v, const Stmt *s)
{
    GroupState *st = v->data;
    bool outer_star = st->try_star;
    if (s->kind == S_TryStar)
        st->try_star = true;
    visit_stmts(v, s->v.Try.body);
    for (uint32_t i = 0; i < s->v.Try.handlers.len; i++) {
        const ExceptHandler *h = s->v.Try.handlers.items[i];
        if (!h->name || (!st->try_star && (!h->type || !names_exception_group(h->type))))
            continue;
        GroupState saved = *st;
        st->groups = (NameList){ 0 };
        add_name(st, &st->groups, h->name);
        visit_stmts(v, h->body);
        st->groups = saved.groups;
        st->lists = saved.lists;
        st->members = saved.members;
    }
    visit_stmts(v, s->v.Try.orelse);
    visit_stmts(v, s->v.Try.finalbody);
    st->try_star = outer_star;
}

/* Only statements are looked at, and no statement is inside an expression: skipping expressions
 * keeps this module-wide walk to the statements. */
static bool
skip_expr(Visitor *v, const Expr *e)
{
    (void)v;
    (void)e;
    return false;
}

static void
check_module(RuleCtx *cx, const Module *m)
{
    GroupState st = { .cx = cx };
    Visitor v = { .enter_stmt = enter_stmt, .enter_expr = skip_expr, .data = &st };
    visit_module(&v, m);
}

const RuleDesc rule_async123 = {
    .code = "ASYNC123",
    .name = "bad-exception-group-flattening",
    .severity = SEV_WARNING,
    .area = AREA_ERROR_HANDLING,
    .frameworks = FW_ALL,
    .hooks = HOOK_MODULE,
    .on_module = check_module,
    .summary = "One exception raised out of a caught `ExceptionGroup` loses the group's traceback "
               "and context",
    .why =
        "Raising a member of a caught group re-raises an object whose traceback ends where it was "
        "grouped: the frames that collected it into the group are gone, and Python sets the "
        "member's "
        "`__context__` to the group, hiding the context it had. Re-raise the group, or raise a new "
        "exception `from` the member.",
    .doc =
        "## What it does\n"
        "Flags `raise` of a single exception taken out of an exception group inside a handler that "
        "caught the group: `except ExceptionGroup as eg:` (any handler type whose text names "
        "`ExceptionGroup`, such as `BaseExceptionGroup` or `exceptiongroup.ExceptionGroup`) or any "
        "named `except*` handler. It follows the handler's names as flake8-async does: "
        "`eg.exceptions[i]`, names assigned from it, names bound to `eg.exceptions` and indexed, "
        "`for exc in eg.exceptions:` loop variables, and groups from `eg.subgroup(...)`, "
        "`eg.split(...)` or plain re-binding (`f = eg`). Passing the member through a call first "
        "(`raise copy.copy(eg.exceptions[0])`) is not flagged, nor is star-unpacking.\n\n"
        "## Why is this bad?\n"
        "The traceback of the member stops where the group was built, so the frames between it "
        "and the handler vanish from the report; the member's `__context__` and `__cause__` are "
        "overwritten by the group it came from. Debugging the failure gets much harder. If you "
        "really want to unwrap a single exception, raise a new one chained to it, or copy it and "
        "keep the original traceback (`raise "
        "copy.copy(exc).with_traceback(exc.__traceback__)`).\n\n"
        "## Example\n"
        "```python\n"
        "try:\n"
        "    async with trio.open_nursery() as nursery:\n"
        "        nursery.start_soon(worker)\n"
        "except ExceptionGroup as eg:\n"
        "    if len(eg.exceptions) == 1:\n"
        "        raise eg.exceptions[0]\n"
        "    raise\n"
        "```\n\n"
        "Use instead:\n"
        "```python\n"
        "try:\n"
        "    async with trio.open_nursery() as nursery:\n"
        "        nursery.start_soon(worker)\n"
        "except ExceptionGroup as eg:\n"
        "    if len(eg.exceptions) == 1:\n"
        "        raise RuntimeError(\"worker failed\") from eg.exceptions[0]\n"
        "    raise\n"
        "```\n",
};
