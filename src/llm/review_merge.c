#include "llm/review_merge.h"

#include "llm/prompt.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void
review_check_splice(const FileReport *r, uint32_t start, uint32_t end, const char *code,
                    const char *code_of_interest, const Config *cfg, const RuleSet *rs,
                    const ProjectIndex *index, SpliceCheck *out)
{
    memset(out, 0, sizeof *out);
    if (!r->text || start > end || end > r->text_len) {
        snprintf(out->detail, sizeof out->detail, "its lines are outside the file");
        return;
    }
    StrBuf copy = STRBUF_INIT;
    sb_add(&copy, r->text, start);
    sb_adds(&copy, code);
    sb_add(&copy, r->text + end, r->text_len - end);
    uint32_t new_end = start + (uint32_t)strlen(code);
    Config all = *cfg;
    all.severity_threshold = SEV_SUGGESTION;
    FileReport after;
    checker_check_source(&after, r->path, NULL, sb_cstr(&copy), copy.len, &all, rs, index);
    if (after.syntax.set || after.error) {
        if (after.syntax.set)
            snprintf(out->detail, sizeof out->detail, "%s at line %u of the changed file: %s",
                     after.syntax.kind ? after.syntax.kind : "SyntaxError", after.syntax.line,
                     after.syntax.msg ? after.syntax.msg : "invalid syntax");
        else
            snprintf(out->detail, sizeof out->detail, "the changed file could not be checked: %s",
                     after.error);
        file_report_free(&after);
        sb_free(&copy);
        return;
    }
    out->parses = true;
    /* findings of that code already in the range, other than the one being corrected, may stay */
    uint32_t before = 0;
    for (uint32_t i = 0; code_of_interest && i < r->nfindings; i++) {
        const Finding *f = &r->findings[i];
        before += f->start >= start && f->start < (end > start ? end : start + 1) && f->rule &&
                  !strcmp(f->rule->code, code_of_interest);
    }
    uint32_t allowed = before ? before - 1 : 0;
    for (uint32_t i = 0; i < after.nfindings; i++) {
        const Finding *f = &after.findings[i];
        if (f->start < start || f->start >= (new_end > start ? new_end : start + 1))
            continue;
        bool crit = f->severity == SEV_CRITICAL;
        bool same = code_of_interest && f->rule && !strcmp(f->rule->code, code_of_interest);
        out->same_code += same;
        if (same && out->same_code <= allowed)
            same = false;
        if ((crit || same) && !out->detail[0])
            snprintf(out->detail, sizeof out->detail, "the re-check reports %s %s at line %u: %s",
                     severity_name(f->severity), f->rule ? f->rule->code : "?", f->line,
                     f->message ? f->message : "");
        out->critical += crit;
    }
    out->same_code = out->same_code > allowed ? out->same_code - allowed : 0;
    file_report_free(&after);
    sb_free(&copy);
}

/* The findings of r at or above the threshold, as the model is told about them. */
static void
input_for(LlmReviewInput *in, const FileReport *r, const Config *cfg, Arena *a)
{
    llm_input_from_report(in, r, a);
    LlmFinding *kept = ARENA_ARRAY(a, LlmFinding, in->nfindings + 1);
    uint32_t n = 0;
    for (uint32_t i = 0; i < in->nfindings; i++)
        if (in->findings[i].severity >= cfg->severity_threshold)
            kept[n++] = in->findings[i];
    in->findings = kept;
    in->nfindings = n;
}

/* Checks one point's code in place and sets verified/verdict; drops code that does not parse. */
static void
check_point(ReviewLlmPoint *pt, const FileReport *r, const Config *all, const RuleSet *rs,
            const ProjectIndex *index, Arena *a)
{
    if (!pt->code || !*pt->code) {
        pt->verdict = "";
        return;
    }
    if (!r->lines.line_starts || pt->end_line > r->lines.nlines) {
        pt->verdict = "its lines are outside the file; code removed";
        pt->code = "";
        return;
    }
    uint32_t start = lineindex_line_start(&r->lines, pt->line);
    uint32_t end =
        lineindex_line_start(&r->lines, pt->end_line) + lineindex_line_len(&r->lines, pt->end_line);
    SpliceCheck sc;
    review_check_splice(r, start, end, pt->code, NULL, all, rs, index, &sc);
    if (!sc.parses) {
        pt->verdict =
            arena_sprintf(a, "its code does not parse in place (%s); code removed", sc.detail);
        pt->code = "";
    } else if (sc.critical) {
        pt->verdict = arena_sprintf(a, "with its code in place, %s", sc.detail);
    } else {
        pt->verified = true;
        pt->verdict = arena_sprintf(a,
                                    "spliced into lines %u-%u it parses, and the re-check "
                                    "finds no CRITICAL finding there",
                                    pt->line, pt->end_line);
    }
}

void
review_llm(ReviewLlm *out, Arena *a, const ReviewFile *files, uint32_t nfiles,
           const LlmOptions *opt, uint32_t max_files, const Config *cfg, const RuleSet *rs,
           const ProjectIndex *index)
{
    *out = (ReviewLlm){ .summary = "" };
    char err[512];
    LlmClient *c = llm_client_new(opt, err, sizeof err);
    if (!c) {
        out->error = arena_strdup(a, err);
        return;
    }
    out->model = arena_strdup(a, llm_client_model(c));
    Config all = *cfg;
    all.severity_threshold = SEV_SUGGESTION;
    VEC(ReviewLlmPoint) points = { 0 };
    VEC(const char *) notes = { 0 };
    StrBuf summary = STRBUF_INIT;
    uint32_t asked = 0, skipped = 0;
    for (uint32_t i = 0; i < nfiles; i++) {
        const FileReport *r = files[i].report;
        if (!r->text || r->error || r->syntax.set)
            continue;
        if (asked == max_files) {
            skipped++;
            continue;
        }
        asked++;
        LlmReviewInput in;
        input_for(&in, r, cfg, a);
        const char *system = llm_prompt_system(a, &in);
        const char *user = llm_prompt_user(a, &in);
        LlmReply reply;
        if (llm_client_send(c, system, user, &reply) != 0) {
            out->error = arena_sprintf(a, "%s [%s]", reply.error ? reply.error : "request failed",
                                       llm_error_name(reply.kind));
            llm_reply_free(&reply);
            break;
        }
        LlmAnswer ans;
        int rc = llm_parse_answer(a, reply.text, strlen(reply.text), &in, &ans, err, sizeof err);
        if (reply.truncated)
            VEC_PUSH(a, notes,
                     arena_sprintf(a, "%s: the answer was cut off at the token limit", r->path));
        llm_reply_free(&reply);
        if (rc != 0) {
            VEC_PUSH(a, notes,
                     arena_sprintf(a, "%s: the answer could not be read: %s", r->path, err));
            continue;
        }
        for (uint32_t k = 0; k < ans.nnotes; k++)
            VEC_PUSH(a, notes,
                     nfiles > 1 ? arena_sprintf(a, "%s: %s", r->path, ans.notes[k]) : ans.notes[k]);
        for (uint32_t k = 0; k < ans.npoints; k++) {
            const LlmPoint *p = &ans.points[k];
            ReviewLlmPoint pt = {
                .path = r->path,
                .title = p->title,
                .severity = p->severity,
                .area = p->area,
                .line = p->line,
                .end_line = p->end_line,
                .explanation = p->explanation,
                .code = p->code,
            };
            check_point(&pt, r, &all, rs, index, a);
            VEC_PUSH(a, points, pt);
        }
        if (ans.summary && *ans.summary) {
            if (summary.len)
                sb_adds(&summary, " ");
            if (nfiles > 1)
                sb_printf(&summary, "%s: ", r->path);
            sb_adds(&summary, ans.summary);
        }
    }
    if (skipped)
        VEC_PUSH(a, notes,
                 arena_sprintf(a, "%u more files were not sent (at most %u per review)", skipped,
                               max_files));
    llm_client_free(c);
    if (!out->error) {
        out->points = points.items;
        out->npoints = points.len;
        out->summary = arena_strdup(a, sb_cstr(&summary));
    }
    out->notes = notes.items;
    out->nnotes = notes.len;
    sb_free(&summary);
}
