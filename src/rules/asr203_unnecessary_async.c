/* ASR203 unnecessary-async: an `async def` whose own body never suspends (no `await`, `async for`,
 * `async with` or async comprehension), so it could be a plain `def` (ruff's RUF029).
 *
 * Precision first: a function is async for reasons its body does not show far more often than it is
 * async by mistake. It is left alone when its signature is imposed from elsewhere (decorated,
 * dunder, a method a base class may define or another class of the file also defines as async, a
 * class with a metaclass), when it is an interface stub (docstring, pass, `...`, raise, bare
 * return), a generator, a callback looked up by name (on_*, handle_*, named in a string), when its
 * coroutine function or a coroutine it makes is used as a value (passed to
 * create_task/gather/run/add_route, stored, returned), when its body relies on running in the event
 * loop (calls into asyncio/trio/anyio/sniffio), warns of a deprecation or returns an un-awaited
 * coroutine, and in test code. A public function (no leading underscore, not nested in a function)
 * may be awaited by other modules or a library's users: it is flagged only when the file itself
 * awaits it; a public method may be a hook that subclasses override with an awaiting body, so it is
 * never flagged. */
#include "rules/asyncsem.h"
#include "rules/concurrency.h"
#include "rules/suggest.h"

#include "parse/visit.h"

#include <string.h>

/* ---- the body: does it suspend, does it need the loop?
 * -------------------------------------------- */

typedef struct BodyScan {
    RuleCtx *cx;
    const Scope *scope; /* the function's own scope */
    bool suspends;      /* await, async for/with, async comprehension, or yield */
    bool needs_loop;    /* calls the framework, or makes a coroutine it does not await */
} BodyScan;

/* Calls into the framework (the function relies on running in the loop) or deprecation warnings (a
 * shim keeping an old async signature). */
static bool
is_framework_call(const char *q)
{
    static const char *const modules[] = { "asyncio.", "trio.",         "anyio.",
                                           "sniffio.", "warnings.warn", NULL };
    for (const char *const *m = modules; q && *m; m++)
        if (!strncmp(q, *m, strlen(*m)))
            return true;
    return false;
}

/* Whether calling `call` (read in the function's scope) makes a coroutine: a catalog coroutine, a
 * project or local `async def`. */
static bool
makes_coroutine(BodyScan *b, const Expr *call)
{
    const Expr *func = call->v.Call.func;
    if (func->kind == E_Name) {
        const Binding *bd = sem_lookup(b->cx->sm, b->scope, func->v.Name.id, call->start);
        if (bd && bd->kind == BIND_FUNCTION && bd->stmt && bd->stmt->kind == S_AsyncFunctionDef)
            return true;
    }
    const char *q = sem_call_target(b->cx->sm, b->scope, call);
    if (!q)
        return false;
    const CatalogEntry *ce = catalog_lookup(q);
    if (ce)
        return (ce->flags & CATF_COROUTINE) != 0;
    const FuncInfo *fi =
        project_may_hold_async(b->cx->index, q) ? project_find_func(b->cx->index, q) : NULL;
    return fi && fi->is_async;
}

static bool
body_enter_stmt(Visitor *v, const Stmt *s)
{
    BodyScan *b = v->data;
    if (s->kind == S_FunctionDef || s->kind == S_AsyncFunctionDef || s->kind == S_ClassDef)
        return false; /* their own bodies; decorators and defaults are rare enough to ignore */
    if (s->kind == S_AsyncFor || s->kind == S_AsyncWith) {
        b->suspends = v->stop = true;
        return false;
    }
    return true;
}

static bool
body_enter_expr(Visitor *v, const Expr *e)
{
    BodyScan *b = v->data;
    switch (e->kind) {
    case E_Lambda:
        return false;
    case E_Await:
    case E_Yield:
    case E_YieldFrom:
        b->suspends = v->stop = true;
        return false;
    case E_ListComp:
    case E_SetComp:
    case E_GeneratorExp:
    case E_DictComp: {
        const ComprehensionSeq gens =
            e->kind == E_DictComp ? e->v.DictComp.generators : e->v.ListComp.generators;
        for (uint32_t i = 0; i < gens.len; i++)
            if (gens.items[i]->is_async) {
                b->suspends = v->stop = true;
                return false;
            }
        return true;
    }
    case E_Call:
        if (is_framework_call(sem_call_target(b->cx->sm, b->scope, e)) || makes_coroutine(b, e))
            b->needs_loop = true;
        return true;
    default:
        return true;
    }
}

/* An interface stub or a no-op default: only a docstring, pass, `...`, raise, or a bare/constant
 * return. Subclasses or other implementations supply the real (awaiting) body. */
static bool
is_stub_body(StmtSeq body)
{
    for (uint32_t i = 0; i < body.len; i++) {
        const Stmt *s = body.items[i];
        switch (s->kind) {
        case S_Pass:
        case S_Raise:
            break;
        case S_Expr:
            if (s->v.Expr.value->kind != E_Constant)
                return false;
            break;
        case S_Return:
            if (s->v.Return.value && s->v.Return.value->kind != E_Constant)
                return false;
            break;
        default:
            return false;
        }
    }
    return true;
}

/* ---- the class: may the signature be imposed by a base?
 * ------------------------------------------ */

/* Whether class q (or a class it derives from) may define `name`: true for anything that is not a
 * project class we can see all the way up to `object`. */
static bool
class_may_define(const ProjectIndex *idx, const char *q, const char *name, int depth)
{
    if (!q || depth > 16)
        return true;
    if (!strcmp(q, "builtins.object") || !strcmp(q, "object"))
        return false;
    const ClassInfo *ci = idx ? project_find_class(idx, q) : NULL;
    if (!ci)
        return true;
    for (uint32_t i = 0; i < ci->nmethods; i++)
        if (!strcmp(ci->methods[i], name))
            return true;
    for (uint32_t i = 0; i < ci->nbases; i++)
        if (class_may_define(idx, ci->bases[i], name, depth + 1))
            return true;
    return false;
}

static bool
signature_imposed_by_class(RuleCtx *cx, const Stmt *cls, const char *name)
{
    if (cls->v.ClassDef.keywords.len || cls->v.ClassDef.decorator_list.len)
        return true; /* metaclass=ABCMeta, @runtime_checkable, registries... */
    const ExprSeq bases = cls->v.ClassDef.bases;
    for (uint32_t i = 0; i < bases.len; i++) {
        const Expr *base = bases.items[i];
        if (base->kind == E_Subscript)
            base = base->v.Subscript.value; /* Generic[T], Base[T] */
        const char *q = cx_qualname(cx, base);
        if (q && (!strcmp(q, "typing.Generic") || !strcmp(q, "typing_extensions.Generic")))
            continue;
        if (class_may_define(cx->index, q, name, 0))
            return true;
    }
    return false;
}

/* ---- the file: is the function (or a coroutine it makes) used as a value? ----------------------
 */

typedef struct RefScan {
    const Stmt *fn;
    Ident name;
    bool method;             /* match `x.name` (methods) rather than bare `name` */
    const Expr *awaited[64]; /* funcs of awaited calls seen so far */
    uint32_t nawaited;
    uint32_t nawaited_calls; /* `await name(...)` calls of it in the file */
    bool as_value;           /* referenced other than as `await name(...)` */
    bool same_name_async;    /* another `async def` of the same name in a class (duck typing,
                                overrides) */
} RefScan;

static bool
ref_enter_stmt(Visitor *v, const Stmt *s)
{
    RefScan *r = v->data;
    if (s != r->fn && s->kind == S_AsyncFunctionDef && !strcmp(s->v.FunctionDef.name, r->name) &&
        r->method)
        r->same_name_async = true;
    return true;
}

static bool
ref_enter_expr(Visitor *v, const Expr *e)
{
    RefScan *r = v->data;
    if (e->kind == E_Await && e->v.Await.value->kind == E_Call) {
        if (r->nawaited == sizeof r->awaited / sizeof r->awaited[0]) {
            r->as_value = v->stop = true; /* too many to track: assume the worst */
            return false;
        }
        r->awaited[r->nawaited++] = e->v.Await.value->v.Call.func;
        return true;
    }
    bool hit = false;
    if (e->kind == E_Constant && e->v.Constant.kind == CONST_STR)
        hit = e->v.Constant.len == strlen(r->name) &&
              !memcmp(e->v.Constant.text, r->name, e->v.Constant.len);
    else if (r->method)
        hit = e->kind == E_Attribute && e->v.Attribute.ctx == CTX_LOAD &&
              !strcmp(e->v.Attribute.attr, r->name);
    else
        hit = e->kind == E_Name && e->v.Name.ctx == CTX_LOAD && !strcmp(e->v.Name.id, r->name);
    if (!hit)
        return true;
    for (uint32_t i = 0; i < r->nawaited; i++)
        if (r->awaited[i] == e) {
            r->nawaited_calls++;
            return true;
        }
    r->as_value = v->stop = true;
    return false;
}

/* ---- the rule -----------------------------------------------------------------------------------
 */

static bool
name_is_callback(const char *name)
{
    static const char *const prefixes[] = { "on_",  "handle_",  "do_", "visit_",
                                            "_on_", "_handle_", NULL };
    for (const char *const *p = prefixes; *p; p++)
        if (!strncmp(name, *p, strlen(*p)))
            return true;
    return name[0] == '_' && name[1] == '_' && strlen(name) > 4 &&
           !strcmp(name + strlen(name) - 2, "__");
}

/* The enclosing class when fn is a method: the innermost ancestor, when it is a class statement. */
static const Stmt *
enclosing_class(RuleCtx *cx)
{
    if (!cx->depth || !cx->stack[cx->depth - 1].is_stmt)
        return NULL;
    const Stmt *s = cx->stack[cx->depth - 1].node;
    return s->kind == S_ClassDef ? s : NULL;
}

/* The offset just past the function's name in its header. */
static uint32_t
name_end(RuleCtx *cx, const Stmt *fn)
{
    const char *text = cx->pf->src.text;
    const char *def = strstr(text + fn->start, "def");
    if (!def || (uint32_t)(def - text) > fn->end)
        return fn->start + 5;
    const char *p = strstr(def + 3, fn->v.FunctionDef.name);
    if (!p || (uint32_t)(p - text) > fn->end)
        return (uint32_t)(def - text) + 3;
    return (uint32_t)(p - text) + (uint32_t)strlen(fn->v.FunctionDef.name);
}

static void
check_function(RuleCtx *cx, const Stmt *fn)
{
    if (fn->kind != S_AsyncFunctionDef || fn->v.FunctionDef.decorator_list.len)
        return;
    const char *name = fn->v.FunctionDef.name;
    if (name_is_callback(name) || strstr(name, "async") || is_stub_body(fn->v.FunctionDef.body))
        return;
    const Scope *scope = sem_scope_of_node(cx->sm, fn);
    if (!scope || scope->is_generator || scope->has_await)
        return;
    BodyScan b = { .cx = cx, .scope = scope };
    Visitor bv = { .enter_stmt = body_enter_stmt, .enter_expr = body_enter_expr, .data = &b };
    visit_stmts(&bv, fn->v.FunctionDef.body);
    if (b.suspends || b.needs_loop)
        return;
    const char *path = cx->pf->src.path ? cx->pf->src.path : "";
    const char *base = strrchr(path, '/');
    base = base ? base + 1 : path;
    if (!strncmp(base, "test_", 5) || strstr(base, "_test.py") || !strcmp(base, "conftest.py") ||
        !strncmp(name, "test", 4))
        return;
    const Stmt *cls = enclosing_class(cx);
    if (cls && signature_imposed_by_class(cx, cls, name))
        return;
    RefScan r = { .fn = fn, .name = name, .method = cls != NULL };
    Visitor rv = { .enter_stmt = ref_enter_stmt, .enter_expr = ref_enter_expr, .data = &r };
    visit_module(&rv, cx->sm->mod);
    if (r.as_value || r.same_name_async)
        return;
    /* A public function may be awaited (or passed where a coroutine function is required) by other
     * modules or by users of a library: flag it only when this file awaits it itself. A public
     * method is also a hook subclasses may override with a body that awaits: never flag it. */
    bool local = name[0] == '_' || (scope->parent && sem_enclosing_function(scope->parent));
    if (!local && (cls || !r.nawaited_calls))
        return;

    Finding *f = rule_report(cx, fn->start, name_end(cx, fn),
                             "`async def %s` never awaits, so it can be a plain `def`", name);
    /* the same function without `async`: the header starts with the keyword (no decorators here) */
    const char *code = sugg_dedent(cx, fn->start, fn->end);
    if (!strncmp(code, "async", 5)) {
        code += 5;
        while (*code == ' ' || *code == '\t')
            code++;
    }
    finding_suggest(cx, f, fn->start, fn->end,
                    arena_sprintf(cx->out_arena, "# callers now call `%s(...)` without `await`\n%s",
                                  name, code));
    finding_fix_title(cx, f, "Make `%s` a plain `def` and call it without `await`", name);
}

const RuleDesc rule_asr203 = {
    .code = "ASR203",
    .name = "unnecessary-async",
    .severity = SEV_SUGGESTION,
    .area = AREA_PERFORMANCE,
    .frameworks = FW_ALL,
    .fix = FIX_NONE,
    .hooks = HOOK_FUNCTION,
    .on_function = check_function,
    .summary = "`async def` that never awaits and could be a plain function",
    .why = "An `async def` that never suspends still makes every call allocate a coroutine and go "
           "through "
           "`await`, and it cannot be called from synchronous code. As a plain `def` it runs "
           "directly, "
           "and readers no longer look for I/O that is not there.",
    .doc =
        "## What it does\n"
        "Flags an `async def` whose own body has no `await`, `async for`, `async with` or async "
        "comprehension (nested functions do not count), like ruff's `RUF029`. Callers must then "
        "call "
        "it without `await`, so no fix is applied automatically.\n\n"
        "It stays silent where the function is async for reasons its body does not show: decorated "
        "functions (routes, fixtures, event handlers, `@override`), dunder methods and callbacks "
        "looked up by name (`on_*`, `handle_*`, names in strings), methods a base class may define "
        "(any base that is not a project class known all the way up) or that another class of the "
        "file also defines as `async def` (duck-typed interfaces, overrides), classes with a "
        "metaclass or decorators, interface stubs (only a docstring, `pass`, `...`, `raise` or a "
        "bare `return`), generators, functions whose coroutine function or coroutine is used as a "
        "value (passed to `create_task`, `gather`, `asyncio.run`, `add_route`, stored, returned), "
        "bodies that call into asyncio, trio, anyio or sniffio (they rely on running in the event "
        "loop), warn of a deprecation or return an un-awaited coroutine, and test code. Public API "
        "is left alone too: a public method may be a hook that subclasses override with a body "
        "that "
        "awaits, and a public function is flagged only when its own module awaits it (other "
        "modules "
        "or a library's users may await it or pass it as a callback).\n\n"
        "## Why is this bad?\n"
        "Each call creates a coroutine object and needs an `await`, which costs time and spreads "
        "`async` to every caller; synchronous code cannot call the function at all. It also "
        "misleads "
        "readers into expecting a suspension point (where other tasks run and state may "
        "change).\n\n"
        "## Example\n"
        "```python\n"
        "async def total_price(items):\n"
        "    return sum(item.price for item in items)\n\n"
        "async def checkout(cart):\n"
        "    price = await total_price(cart.items)\n"
        "    await payments.charge(cart.user, price)\n"
        "```\n\n"
        "Use instead:\n"
        "```python\n"
        "def total_price(items):\n"
        "    return sum(item.price for item in items)\n\n"
        "async def checkout(cart):\n"
        "    price = total_price(cart.items)\n"
        "    await payments.charge(cart.user, price)\n"
        "```\n",
};
