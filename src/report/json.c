/* json: the machine format of `asyncreview check`, one compact JSON document and a newline.
 *
 * The document is walked once by report_json, which emits it through a small writer. With cJSON
 * (HAVE_CJSON) the writer builds a cJSON tree and prints it with cJSON_PrintUnformatted; without
 * it, the writer prints the same text itself. Both produce identical bytes: cJSON's compact layout,
 * its escapes (\" \\ \b \f \n \r \t, other control characters as \u00xx, everything else as is),
 * and integers in decimal. Strings are made valid UTF-8 first (each invalid byte becomes U+FFFD),
 * since a JSON document must be UTF-8 and paths need not be. */
#include "report/report.h"

#include <stdlib.h>
#include <string.h>

#ifdef HAVE_CJSON
#include <cJSON.h>
#endif

/* Length of the valid UTF-8 sequence at s (as Python's decoder: no overlong forms, no surrogates,
 * nothing past U+10FFFF), or 0. */
static size_t
utf8_len(const unsigned char *s)
{
    unsigned c = s[0];
    size_t n = c < 0x80                 ? 1
               : c >= 0xC2 && c <= 0xDF ? 2
               : c >= 0xE0 && c <= 0xEF ? 3
               : c >= 0xF0 && c <= 0xF4 ? 4
                                        : 0;
    for (size_t k = 1; k < n; k++)
        if ((s[k] & 0xC0) != 0x80)
            return 0;
    if (n == 3 && ((c == 0xE0 && s[1] < 0xA0) || (c == 0xED && s[1] >= 0xA0)))
        return 0;
    if (n == 4 && ((c == 0xF0 && s[1] < 0x90) || (c == 0xF4 && s[1] >= 0x90)))
        return 0;
    return n;
}

/* s as valid UTF-8: s itself when it is, else a copy in *tmp with U+FFFD for each invalid byte. */
static const char *
valid_utf8(const char *s, StrBuf *tmp)
{
    const unsigned char *u = (const unsigned char *)s;
    size_t i = 0, n;
    while (u[i] && (n = utf8_len(u + i)) > 0)
        i += n;
    if (!u[i])
        return s;
    sb_clear(tmp);
    sb_add(tmp, s, i);
    while (u[i]) {
        n = utf8_len(u + i);
        if (n) {
            sb_add(tmp, s + i, n);
            i += n;
        } else {
            sb_adds(tmp, "\xEF\xBF\xBD");
            i++;
        }
    }
    return sb_cstr(tmp);
}

/* Escapes valid UTF-8 text s as cJSON does. */
static void
escape_valid(StrBuf *out, const char *s)
{
    sb_addc(out, '"');
    for (const unsigned char *c = (const unsigned char *)s; *c; c++) {
        switch (*c) {
        case '"':
            sb_adds(out, "\\\"");
            break;
        case '\\':
            sb_adds(out, "\\\\");
            break;
        case '\b':
            sb_adds(out, "\\b");
            break;
        case '\f':
            sb_adds(out, "\\f");
            break;
        case '\n':
            sb_adds(out, "\\n");
            break;
        case '\r':
            sb_adds(out, "\\r");
            break;
        case '\t':
            sb_adds(out, "\\t");
            break;
        default:
            if (*c < 0x20)
                sb_printf(out, "\\u%04x", *c);
            else
                sb_addc(out, (char)*c);
        }
    }
    sb_addc(out, '"');
}

/* json_escape: s as a JSON string literal (null for NULL), escaped as the JSON reports are. */
void
json_escape(StrBuf *out, const char *s)
{
    if (!s) {
        sb_adds(out, "null");
        return;
    }
    StrBuf tmp = STRBUF_INIT;
    escape_valid(out, valid_utf8(s, &tmp));
    sb_free(&tmp);
}

/* ---- the writer ------------------------------------------------------------------------------ */

#define JW_MAX_DEPTH 8

typedef struct JsonWriter {
    StrBuf *out;
    StrBuf tmp; /* for valid_utf8 */
    uint32_t depth;
#ifdef HAVE_CJSON
    cJSON *stack[JW_MAX_DEPTH];
    cJSON *root;
    const char *key; /* pending key in an object */
#else
    bool object[JW_MAX_DEPTH];    /* the open containers: object or array */
    uint32_t count[JW_MAX_DEPTH]; /* keys or items written in each */
#endif
} JsonWriter;

#ifdef HAVE_CJSON

static void
jw_put(JsonWriter *w, cJSON *item)
{
    if (!item)
        fatal("out of memory building JSON");
    if (!w->depth) {
        w->root = item;
        return;
    }
    cJSON *parent = w->stack[w->depth - 1];
    if (cJSON_IsObject(parent))
        cJSON_AddItemToObject(parent, w->key, item);
    else
        cJSON_AddItemToArray(parent, item);
}

static void
jw_open(JsonWriter *w, bool object)
{
    cJSON *c = object ? cJSON_CreateObject() : cJSON_CreateArray();
    jw_put(w, c);
    if (w->depth >= JW_MAX_DEPTH)
        fatal("JSON nested too deep");
    w->stack[w->depth++] = c;
}

static void
jw_close(JsonWriter *w)
{
    w->depth--;
}

static void
jw_key(JsonWriter *w, const char *key)
{
    w->key = key;
}

static void
jw_string(JsonWriter *w, const char *s)
{
    jw_put(w, s ? cJSON_CreateString(valid_utf8(s, &w->tmp)) : cJSON_CreateNull());
}

static void
jw_uint(JsonWriter *w, uint32_t n)
{
    jw_put(w, cJSON_CreateNumber((double)n));
}

static void
jw_null(JsonWriter *w)
{
    jw_put(w, cJSON_CreateNull());
}

/* jw_raw: text, already JSON, as the next value(s) of the open array. */
static void
jw_raw(JsonWriter *w, const char *text)
{
    jw_put(w, cJSON_CreateRaw(text));
}

static void
jw_finish(JsonWriter *w)
{
    char *text = cJSON_PrintUnformatted(w->root);
    if (!text)
        fatal("out of memory printing JSON");
    sb_adds(w->out, text);
    sb_addc(w->out, '\n');
    cJSON_free(text);
    cJSON_Delete(w->root);
    w->root = NULL;
}

#else

/* A value inside an array takes a comma after the first; inside an object, jw_key wrote it. */
static void
jw_value(JsonWriter *w)
{
    if (w->depth && !w->object[w->depth - 1] && w->count[w->depth - 1]++)
        sb_addc(w->out, ',');
}

static void
jw_open(JsonWriter *w, bool object)
{
    jw_value(w);
    sb_addc(w->out, object ? '{' : '[');
    if (w->depth >= JW_MAX_DEPTH)
        fatal("JSON nested too deep");
    w->object[w->depth] = object;
    w->count[w->depth++] = 0;
}

static void
jw_close(JsonWriter *w)
{
    w->depth--;
    sb_addc(w->out, w->object[w->depth] ? '}' : ']');
}

static void
jw_key(JsonWriter *w, const char *key)
{
    if (w->count[w->depth - 1]++)
        sb_addc(w->out, ',');
    escape_valid(w->out, key);
    sb_addc(w->out, ':');
}

static void
jw_string(JsonWriter *w, const char *s)
{
    jw_value(w);
    if (s)
        escape_valid(w->out, valid_utf8(s, &w->tmp));
    else
        sb_adds(w->out, "null");
}

static void
jw_uint(JsonWriter *w, uint32_t n)
{
    jw_value(w);
    sb_printf(w->out, "%u", n);
}

static void
jw_null(JsonWriter *w)
{
    jw_value(w);
    sb_adds(w->out, "null");
}

static void
jw_raw(JsonWriter *w, const char *text)
{
    jw_value(w);
    sb_adds(w->out, text);
}

static void
jw_finish(JsonWriter *w)
{
    sb_addc(w->out, '\n');
}

#endif

/* ---- the document ---------------------------------------------------------------------------- */

static void
jw_kstring(JsonWriter *w, const char *key, const char *s)
{
    jw_key(w, key);
    jw_string(w, s);
}

static void
jw_kuint(JsonWriter *w, const char *key, uint32_t n)
{
    jw_key(w, key);
    jw_uint(w, n);
}

/* One edit's range as 1-based lines and character columns, through the report's line index. */
static void
edit_json(JsonWriter *w, const FileReport *r, const Edit *e)
{
    bool have = r->lines.line_starts && e->start <= e->end && e->end <= r->lines.len;
    jw_open(w, true);
    jw_kuint(w, "line", have ? lineindex_line(&r->lines, e->start) : 0);
    jw_kuint(w, "column", have ? lineindex_char_col(&r->lines, e->start) + 1 : 0);
    jw_kuint(w, "end_line", have ? lineindex_line(&r->lines, e->end) : 0);
    jw_kuint(w, "end_column", have ? lineindex_char_col(&r->lines, e->end) + 1 : 0);
    jw_kstring(w, "content", e->text ? e->text : "");
    jw_close(w);
}

static void
finding_json(JsonWriter *w, const FileReport *r, const Finding *f)
{
    const RuleDesc *rule = f->rule;
    Severity sev = f->severity < SEV_COUNT ? f->severity : SEV_SUGGESTION;
    jw_open(w, true);
    jw_kstring(w, "path", r->path);
    jw_kuint(w, "line", f->line);
    jw_kuint(w, "column", f->col);
    jw_kuint(w, "end_line", f->end_line);
    jw_kuint(w, "end_column", f->end_col);
    jw_kstring(w, "code", rule ? rule->code : NULL);
    jw_kstring(w, "name", rule ? rule->name : NULL);
    jw_kstring(w, "severity", severity_name(sev));
    jw_kstring(w, "area", rule ? area_name(rule->area) : NULL);
    jw_kstring(w, "message", f->message);
    jw_kstring(w, "why", f->why ? f->why : rule ? rule->why : NULL);
    jw_kstring(w, "suggestion", f->suggestion);
    jw_key(w, "fix");
    if (f->fix == FIX_NONE || f->nedits == 0) {
        jw_null(w);
    } else {
        jw_open(w, true);
        jw_kstring(w, "title", f->fix_title);
        jw_kstring(w, "applicability", f->fix == FIX_SAFE ? "safe" : "unsafe");
        jw_key(w, "edits");
        jw_open(w, false);
        for (uint32_t i = 0; i < f->nedits; i++)
            edit_json(w, r, &f->edits[i]);
        jw_close(w);
        jw_close(w);
    }
    jw_close(w);
}

/* An error's message: the checker's one line, with the position of a syntax error. */
static void
error_json(JsonWriter *w, const FileReport *r)
{
    jw_open(w, true);
    jw_kstring(w, "path", r->path);
    if (r->syntax.set) {
        StrBuf msg = STRBUF_INIT;
        sb_printf(&msg, "%s: %s", r->syntax.kind ? r->syntax.kind : "SyntaxError",
                  r->syntax.msg ? r->syntax.msg : "invalid syntax");
        if (r->syntax.line && r->syntax.col)
            sb_printf(&msg, " (line %u, column %u)", r->syntax.line, r->syntax.col);
        else if (r->syntax.line)
            sb_printf(&msg, " (line %u)", r->syntax.line);
        jw_kstring(w, "message", sb_cstr(&msg));
        sb_free(&msg);
    } else {
        jw_kstring(w, "message", r->error);
    }
    jw_close(w);
}

/* report_json_prepare: see report.h. The findings are printed as an array and its brackets left
 * off: a compact array of several is its items joined by commas, as the whole document prints. */
void
report_json_prepare(FileReport *r)
{
    r->json_findings = NULL;
    if (!r->nfindings)
        return;
    StrBuf text = STRBUF_INIT;
    JsonWriter w = { .out = &text };
    jw_open(&w, false);
    for (uint32_t k = 0; k < r->nfindings; k++)
        finding_json(&w, r, &r->findings[k]);
    jw_close(&w);
    jw_finish(&w);
    sb_free(&w.tmp);
    /* "[" items "]\n" */
    if (text.len >= 3)
        r->json_findings = arena_strndup(&r->arena, text.data + 1, text.len - 3);
    sb_free(&text);
}

/* report_json: the whole document; keys in the order report.h lists them. */
void
report_json(StrBuf *out, FileReport *const *files, uint32_t nfiles, const ReportOptions *opt)
{
    JsonWriter w = { .out = out };
    jw_open(&w, true);
    jw_key(&w, "findings");
    jw_open(&w, false);
    for (uint32_t i = 0; i < nfiles; i++) {
        if (files[i]->json_findings) {
            jw_raw(&w, files[i]->json_findings);
            continue;
        }
        for (uint32_t k = 0; k < files[i]->nfindings; k++)
            finding_json(&w, files[i], &files[i]->findings[k]);
    }
    jw_close(&w);
    jw_kuint(&w, "files", opt->nfiles ? opt->nfiles : nfiles);
    jw_kuint(&w, "skimmed", opt->nskimmed);
    jw_key(&w, "errors");
    jw_open(&w, false);
    for (uint32_t i = 0; i < nfiles; i++)
        if (files[i]->error || files[i]->syntax.set)
            error_json(&w, files[i]);
    jw_close(&w);
    jw_close(&w);
    jw_finish(&w);
    sb_free(&w.tmp);
}
