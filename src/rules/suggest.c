#include "rules/suggest.h"

#include "base/strbuf.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

static void
add_args(RuleCtx *cx, StrBuf *sb, const Expr *call, bool keywords)
{
    const char *sep = "";
    for (uint32_t i = 0; i < call->v.Call.args.len; i++) {
        sb_printf(sb, "%s%s", sep, cx_expr_text(cx, call->v.Call.args.items[i]));
        sep = ", ";
    }
    if (!keywords)
        return;
    for (uint32_t i = 0; i < call->v.Call.keywords.len; i++) {
        const Keyword *k = call->v.Call.keywords.items[i];
        if (k->arg)
            sb_printf(sb, "%s%s=%s", sep, k->arg, cx_expr_text(cx, k->value));
        else
            sb_printf(sb, "%s**%s", sep, cx_expr_text(cx, k->value));
        sep = ", ";
    }
}

const char *
sugg_render(RuleCtx *cx, const char *t, const Expr *call)
{
    if (!t || call->kind != E_Call)
        return NULL;
    StrBuf sb = STRBUF_INIT;
    const Expr *func = call->v.Call.func;
    /* catalog templates name the framework module plainly; the file may import it under an alias */
    const char *fw = framework_name(cx->fw), *alias = cx_framework_module(cx);
    size_t fw_len = strlen(fw);
    for (const char *p = t; *p; p++) {
        if (alias != fw && !strncmp(p, fw, fw_len) && p[fw_len] == '.' &&
            (p == t || !(isalnum((unsigned char)p[-1]) || p[-1] == '_' || p[-1] == '.'))) {
            sb_adds(&sb, alias);
            p += fw_len - 1;
            continue;
        }
        if (*p != '{') {
            sb_addc(&sb, *p);
            continue;
        }
        const char *close = strchr(p, '}');
        if (!close) {
            sb_addc(&sb, *p);
            continue;
        }
        size_t n = (size_t)(close - p - 1);
        const char *name = p + 1;
        if (n == 4 && !strncmp(name, "args", 4))
            add_args(cx, &sb, call, true);
        else if (n == 4 && !strncmp(name, "func", 4))
            sb_adds(&sb, cx_expr_text(cx, func));
        else if (n == 4 && !strncmp(name, "recv", 4)) {
            if (func->kind != E_Attribute) {
                sb_free(&sb);
                return NULL;
            }
            sb_adds(&sb, cx_expr_text(cx, func->v.Attribute.value));
        } else if (n == 2 && !strncmp(name, "fw", 2))
            sb_adds(&sb, cx_framework_module(cx));
        else if (n >= 1 && name[0] >= '0' && name[0] <= '9') {
            uint32_t idx = (uint32_t)atoi(name);
            if (idx >= call->v.Call.args.len) {
                sb_free(&sb);
                return NULL;
            }
            sb_adds(&sb, cx_expr_text(cx, call->v.Call.args.items[idx]));
        } else {
            sb_add(&sb, p, n + 2); /* not a placeholder: a literal brace in the template */
        }
        p = close;
    }
    const char *out = arena_strndup(cx->out_arena, sb_cstr(&sb), sb.len);
    sb_free(&sb);
    return out;
}

const char *
sugg_offload(RuleCtx *cx, const Expr *call, bool *needs_functools)
{
    StrBuf sb = STRBUF_INIT;
    const char *func = cx_expr_text(cx, call->v.Call.func);
    bool has_kw = call->v.Call.keywords.len > 0;
    bool has_args = call->v.Call.args.len > 0;
    *needs_functools = false;
    const char *fw = cx_framework_module(cx);
    if (cx->fw == FW_ASYNCIO && cx->pyver >= 309) {
        sb_printf(&sb, "await %s.to_thread(%s", fw, func);
        if (has_args || has_kw)
            sb_adds(&sb, ", ");
        add_args(cx, &sb, call, true);
        sb_adds(&sb, ")");
    } else {
        if (cx->fw == FW_ASYNCIO)
            sb_printf(&sb, "await %s.get_running_loop().run_in_executor(None, ", fw);
        else
            sb_printf(&sb, "await %s.to_thread.run_sync(", fw);
        if (has_kw) {
            *needs_functools = true;
            sb_printf(&sb, "functools.partial(%s", func);
            sb_adds(&sb, ", ");
            add_args(cx, &sb, call, true);
            sb_adds(&sb, ")");
        } else {
            sb_adds(&sb, func);
            if (has_args)
                sb_adds(&sb, ", ");
            add_args(cx, &sb, call, false);
        }
        sb_adds(&sb, ")");
    }
    const char *out = arena_strndup(cx->out_arena, sb_cstr(&sb), sb.len);
    sb_free(&sb);
    return out;
}

const char *
sugg_await_expr(RuleCtx *cx, const Expr *e, const char *awaitable)
{
    bool is_stmt = false;
    const void *parent = cx_parent(cx, 0, &is_stmt);
    /* rules call this for the node being visited: its parent is the top of the stack; when a rule
     * reports a child of the visited node, the visited node itself is the parent */
    const Expr *pe = NULL;
    if (parent && !is_stmt)
        pe = parent;
    if (pe == e)
        pe = NULL;
    bool paren = false;
    if (pe) {
        switch (pe->kind) {
        case E_Attribute:
        case E_Subscript:
            paren = pe->v.Attribute.value == e ||
                    (pe->kind == E_Subscript && pe->v.Subscript.value == e);
            break;
        case E_Call:
            paren = pe->v.Call.func == e;
            break;
        case E_BinOp:
            paren = pe->v.BinOp.op == OP_POW && pe->v.BinOp.left == e;
            break;
        case E_Await:
            paren = true; /* `await await x` does not parse */
            break;
        default:
            break;
        }
    }
    return paren ? arena_sprintf(cx->out_arena, "(%s)", awaitable) : awaitable;
}

static uint32_t
line_start(RuleCtx *cx, uint32_t off)
{
    return lineindex_line_start(&cx->pf->lines, lineindex_line(&cx->pf->lines, off));
}

/* Removes `indent` from the start of every line of text[0..n) that has it. */
static const char *
dedent_text(RuleCtx *cx, const char *text, size_t n, size_t indent_len)
{
    StrBuf sb = STRBUF_INIT;
    size_t i = 0;
    while (i < n) {
        size_t skip = 0;
        while (skip < indent_len && i + skip < n &&
               (text[i + skip] == ' ' || text[i + skip] == '\t'))
            skip++;
        i += skip;
        while (i < n && text[i] != '\n')
            sb_addc(&sb, text[i++]);
        if (i < n) {
            sb_addc(&sb, '\n');
            i++;
        }
    }
    const char *out = arena_strndup(cx->out_arena, sb_cstr(&sb), sb.len);
    sb_free(&sb);
    return out;
}

const char *
sugg_stmt_with(RuleCtx *cx, const Stmt *s, uint32_t start, uint32_t end, const char *repl)
{
    uint32_t ls = line_start(cx, s->start);
    const char *text = cx->pf->src.text;
    size_t indent = s->start - ls;
    StrBuf sb = STRBUF_INIT;
    sb_add(&sb, text + ls, start - ls);
    sb_adds(&sb, repl);
    sb_add(&sb, text + end, s->end - end);
    const char *out = dedent_text(cx, sb_cstr(&sb), sb.len, indent);
    sb_free(&sb);
    return out;
}

const char *
sugg_dedent(RuleCtx *cx, uint32_t start, uint32_t end)
{
    uint32_t ls = line_start(cx, start);
    return dedent_text(cx, cx->pf->src.text + ls, end - ls, start - ls);
}

bool
sugg_has_import(RuleCtx *cx, const char *module)
{
    const Binding *b = sem_lookup_str(cx->sm, cx->sm->module_scope, module, UINT32_MAX);
    /* `module` is bound by an import: `import asyncio`, or `import asyncio as aio` when the
     * suggestion already uses the alias (cx_framework_module) */
    return b && b->kind == BIND_IMPORT && b->qualname &&
           (!strcmp(b->qualname, module) || !strcmp(b->name, module));
}

void
finding_add_import(RuleCtx *cx, Finding *f, const char *module)
{
    if (sugg_has_import(cx, module))
        return;
    const StmtSeq body = cx->sm->mod->body;
    uint32_t at = 0;
    for (uint32_t i = 0; i < body.len; i++) {
        const Stmt *s = body.items[i];
        bool docstring = i == 0 && s->kind == S_Expr && s->v.Expr.value->kind == E_Constant &&
                         s->v.Expr.value->v.Constant.kind == CONST_STR;
        bool import = s->kind == S_Import || s->kind == S_ImportFrom;
        if (!docstring && !import)
            break;
        /* after this statement's line */
        uint32_t line = lineindex_line(&cx->pf->lines, s->end);
        at = lineindex_line_start(&cx->pf->lines, line + 1);
        if (at > cx->pf->src.len)
            at = cx->pf->src.len;
    }
    const char *text = arena_sprintf(
        cx->out_arena, "%simport %s\n",
        at == cx->pf->src.len && at && cx->pf->src.text[at - 1] != '\n' ? "\n" : "", module);
    finding_edit(cx, f, at, at, text);
}

const char *
sugg_keep_task(RuleCtx *cx, const char *spawn)
{
    return arena_sprintf(
        cx->out_arena,
        "# module level: background_tasks = set()  (strong references keep tasks alive)\n"
        "task = %s\n"
        "background_tasks.add(task)\n"
        "task.add_done_callback(background_tasks.discard)",
        spawn);
}
