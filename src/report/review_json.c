/* review_json: `asyncreview review --format json`, the Markdown review's content as one JSON
 * document. Each finding is check's JSON object for it (report_json, so the fields stay the same as
 * check's) with "applied" and "not_applied" added. */
#include "report/report.h"

#include <cJSON.h>
#include <stdlib.h>
#include <string.h>

static cJSON *
str_or_null(const char *s)
{
    return s ? cJSON_CreateString(s) : cJSON_CreateNull();
}

/* check's JSON object for one finding, parsed back. */
static cJSON *
finding_object(const ReviewFinding *rf, uint32_t nfiles)
{
    FileReport view = *rf->file;
    view.findings = (Finding *)rf->f;
    view.nfindings = 1;
    view.error = NULL;
    view.syntax.set = false;
    FileReport *one = &view;
    ReportOptions ro = { .nfiles = nfiles };
    StrBuf sb = STRBUF_INIT;
    report_json(&sb, &one, 1, &ro);
    cJSON *doc = cJSON_Parse(sb_cstr(&sb));
    sb_free(&sb);
    cJSON *item = NULL;
    if (doc) {
        cJSON *arr = cJSON_GetObjectItemCaseSensitive(doc, "findings");
        item = cJSON_DetachItemFromArray(arr, 0);
        cJSON_Delete(doc);
    }
    if (!item)
        fatal("review: could not build a finding's JSON");
    cJSON_AddBoolToObject(item, "applied", rf->applied);
    cJSON_AddItemToObject(item, "not_applied", str_or_null(rf->applied ? NULL : rf->not_applied));
    cJSON_AddItemToObject(item, "suggestion_check", str_or_null(rf->sugg_check));
    return item;
}

static cJSON *
summary_object(const Review *rv)
{
    cJSON *s = cJSON_CreateObject();
    uint32_t sev[SEV_COUNT] = { 0 }, area[AREA_COUNT] = { 0 }, fw[FW_COUNT] = { 0 }, errors = 0,
             applied = 0;
    for (uint32_t i = 0; i < rv->nfindings; i++) {
        const Finding *f = rv->findings[i].f;
        sev[f->severity < SEV_COUNT ? f->severity : SEV_SUGGESTION]++;
        if (f->rule && f->rule->area < AREA_COUNT)
            area[f->rule->area]++;
        applied += rv->findings[i].applied;
    }
    cJSON *paths = cJSON_CreateArray();
    for (uint32_t i = 0; i < rv->nfiles; i++) {
        const FileReport *r = rv->files[i].report;
        cJSON_AddItemToArray(paths, cJSON_CreateString(r->path));
        if (r->error || r->syntax.set)
            errors++;
        else if (r->framework < FW_COUNT)
            fw[r->framework]++;
    }
    cJSON_AddNumberToObject(s, "files", rv->nfiles);
    cJSON_AddItemToObject(s, "paths", paths);
    cJSON_AddNumberToObject(s, "findings", rv->nfindings);
    cJSON *counts = cJSON_AddObjectToObject(s, "counts");
    for (int k = SEV_CRITICAL; k >= 0; k--)
        cJSON_AddNumberToObject(counts, severity_name((Severity)k), sev[k]);
    cJSON *areas = cJSON_AddObjectToObject(s, "areas");
    for (int k = 0; k < AREA_COUNT; k++)
        cJSON_AddNumberToObject(areas, area_name((Area)k), area[k]);
    StrBuf names = STRBUF_INIT;
    cJSON *fws = cJSON_AddObjectToObject(s, "frameworks");
    for (int k = 0; k < FW_COUNT; k++)
        if (fw[k]) {
            cJSON_AddNumberToObject(fws, framework_name((Framework)k), fw[k]);
            sb_printf(&names, "%s%s", names.len ? "," : "", framework_name((Framework)k));
        }
    cJSON_AddItemToObject(s, "framework", str_or_null(names.len ? sb_cstr(&names) : NULL));
    sb_free(&names);
    int v = rv->cfg->python_version ? rv->cfg->python_version : 311;
    char ver[16];
    snprintf(ver, sizeof ver, "%d.%d", v / 100, v % 100);
    cJSON_AddStringToObject(s, "python_version", ver);
    cJSON_AddStringToObject(s, "severity_threshold", severity_name(rv->cfg->severity_threshold));
    cJSON_AddNumberToObject(s, "max_issues", rv->cfg->max_issues);
    cJSON_AddNumberToObject(s, "applied", applied);
    cJSON_AddNumberToObject(s, "errors", errors);
    return s;
}

static cJSON *
error_object(const FileReport *r)
{
    cJSON *e = cJSON_CreateObject();
    cJSON_AddStringToObject(e, "path", r->path);
    if (r->syntax.set) {
        cJSON_AddStringToObject(e, "kind", r->syntax.kind ? r->syntax.kind : "SyntaxError");
        cJSON_AddStringToObject(e, "message", r->syntax.msg ? r->syntax.msg : "invalid syntax");
        cJSON_AddNumberToObject(e, "line", r->syntax.line);
        cJSON_AddNumberToObject(e, "column", r->syntax.col);
        const char *text = NULL;
        uint32_t len = 0;
        if (r->text && r->lines.line_starts && r->syntax.line &&
            r->syntax.line <= r->lines.nlines) {
            text = r->text + lineindex_line_start(&r->lines, r->syntax.line);
            len = lineindex_line_len(&r->lines, r->syntax.line);
        }
        char *line = text ? strndup(text, len) : NULL;
        cJSON_AddItemToObject(e, "source_line", str_or_null(line));
        free(line);
    } else {
        cJSON_AddStringToObject(e, "kind", "error");
        cJSON_AddStringToObject(e, "message", r->error);
    }
    return e;
}

static cJSON *
refactored_object(const Review *rv, const ReviewFile *f)
{
    cJSON *o = cJSON_CreateObject();
    cJSON_AddStringToObject(o, "path", f->report->path);
    char *content = strndup(f->refactored, f->refactored_len);
    cJSON_AddStringToObject(o, "content", content);
    free(content);
    cJSON *applied = cJSON_AddArrayToObject(o, "applied");
    cJSON *not_applied = cJSON_AddArrayToObject(o, "not_applied");
    for (uint32_t i = 0; i < rv->nfindings; i++) {
        const ReviewFinding *rf = &rv->findings[i];
        if (rf->file != f->report)
            continue;
        cJSON *it = cJSON_CreateObject();
        cJSON_AddStringToObject(it, "code", rf->f->rule ? rf->f->rule->code : "?");
        cJSON_AddNumberToObject(it, "line", rf->f->line);
        if (!rf->applied)
            cJSON_AddStringToObject(it, "reason",
                                    rf->not_applied ? rf->not_applied : "no automatic correction");
        cJSON_AddItemToArray(rf->applied ? applied : not_applied, it);
    }
    cJSON_AddItemToObject(o, "backoff", str_or_null(f->backoff));
    return o;
}

static cJSON *
llm_object(const ReviewLlm *llm)
{
    if (!llm)
        return cJSON_CreateNull();
    cJSON *o = cJSON_CreateObject();
    cJSON_AddItemToObject(o, "model", str_or_null(llm->model));
    cJSON_AddItemToObject(o, "error", str_or_null(llm->error));
    cJSON *points = cJSON_AddArrayToObject(o, "points");
    for (uint32_t i = 0; i < llm->npoints; i++) {
        const ReviewLlmPoint *pt = &llm->points[i];
        cJSON *p = cJSON_CreateObject();
        cJSON_AddStringToObject(p, "source", "llm");
        cJSON_AddStringToObject(p, "path", pt->path);
        cJSON_AddNumberToObject(p, "line", pt->line);
        cJSON_AddNumberToObject(p, "end_line", pt->end_line);
        cJSON_AddStringToObject(p, "severity", severity_name(pt->severity));
        cJSON_AddStringToObject(p, "area", area_name(pt->area));
        cJSON_AddStringToObject(p, "title", pt->title);
        cJSON_AddStringToObject(p, "explanation", pt->explanation);
        cJSON_AddItemToObject(p, "code", str_or_null(pt->code && *pt->code ? pt->code : NULL));
        cJSON_AddBoolToObject(p, "verified", pt->verified && pt->code && *pt->code);
        cJSON_AddItemToObject(p, "verdict",
                              str_or_null(pt->verdict && *pt->verdict ? pt->verdict : NULL));
        cJSON_AddItemToArray(points, p);
    }
    cJSON *notes = cJSON_AddArrayToObject(o, "notes");
    for (uint32_t i = 0; i < llm->nnotes; i++)
        cJSON_AddItemToArray(notes, cJSON_CreateString(llm->notes[i]));
    cJSON_AddStringToObject(o, "summary", llm->summary ? llm->summary : "");
    return o;
}

void
report_review_json(StrBuf *out, const Review *rv)
{
    cJSON *root = cJSON_CreateObject();
    cJSON_AddItemToObject(root, "summary", summary_object(rv));
    cJSON *findings = cJSON_AddArrayToObject(root, "findings");
    for (uint32_t i = 0; i < rv->nshown && i < rv->nfindings; i++)
        cJSON_AddItemToArray(findings, finding_object(&rv->findings[i], rv->nfiles));
    cJSON_AddNumberToObject(
        root, "omitted", rv->nfindings - (rv->nshown < rv->nfindings ? rv->nshown : rv->nfindings));
    cJSON *by_sev = cJSON_AddObjectToObject(root, "omitted_by_severity");
    uint32_t sev[SEV_COUNT] = { 0 };
    for (uint32_t i = rv->nshown; i < rv->nfindings; i++)
        sev[rv->findings[i].f->severity < SEV_COUNT ? rv->findings[i].f->severity : 0]++;
    for (int k = SEV_CRITICAL; k >= 0; k--)
        cJSON_AddNumberToObject(by_sev, severity_name((Severity)k), sev[k]);
    cJSON *errors = cJSON_AddArrayToObject(root, "errors");
    for (uint32_t i = 0; i < rv->nfiles; i++)
        if (rv->files[i].report->error || rv->files[i].report->syntax.set)
            cJSON_AddItemToArray(errors, error_object(rv->files[i].report));
    cJSON *refactored = cJSON_AddArrayToObject(root, "refactored");
    for (uint32_t i = 0; rv->cfg->include_refactored && i < rv->nfiles; i++)
        if (rv->files[i].refactored)
            cJSON_AddItemToArray(refactored, refactored_object(rv, &rv->files[i]));
    cJSON_AddItemToObject(root, "llm", llm_object(rv->llm));
    char *text = cJSON_PrintUnformatted(root);
    if (!text)
        fatal("out of memory printing JSON");
    sb_adds(out, text);
    sb_addc(out, '\n');
    cJSON_free(text);
    cJSON_Delete(root);
}
