/* review_merge: what `asyncreview review` does with code it did not write itself: corrected code is
 * spliced into a copy of the file, parsed and re-checked by the engine (review_check_splice), and
 * the LLM's answer is fetched, read and merged into the review as separate, checked points
 * (review_llm). The engine's own findings are never touched here: the LLM can only add. */
#ifndef ASYNCREVIEW_LLM_REVIEW_MERGE_H
#define ASYNCREVIEW_LLM_REVIEW_MERGE_H

#include "llm/anthropic.h"
#include "report/report.h"

typedef struct SpliceCheck {
    bool parses;
    uint32_t critical;  /* CRITICAL findings starting inside the spliced code */
    uint32_t same_code; /* findings of the given code inside the spliced code, beyond those the
                           original range had besides the one being corrected */
    char detail[384];   /* one line: the syntax error, or the first finding above; "" when clean */
} SpliceCheck;

/* review_check_splice: replaces bytes [start, end) of r's text with code in a copy, parses the copy
 * and re-checks it (cfg, rs, index as for the original; path and module as r's). `code_of_interest`
 * (may be NULL) is the rule whose findings are counted in same_code. Never fails. */
void review_check_splice(const FileReport *r, uint32_t start, uint32_t end, const char *code,
                         const char *code_of_interest, const Config *cfg, const RuleSet *rs,
                         const ProjectIndex *index, SpliceCheck *out);

/* review_llm: asks the model about each readable file (at most max_files; each file's findings at
 * or above cfg's threshold are sent as facts), reads the answers with llm_parse_answer and checks
 * every proposed code block with review_check_splice: code that does not parse is dropped (with a
 * verdict), code that keeps or adds a CRITICAL finding in its range is kept but unverified. On an
 * error out->error says what failed (key-free) and the points gathered so far are dropped. Strings
 * live in arena a. */
void review_llm(ReviewLlm *out, Arena *a, const ReviewFile *files, uint32_t nfiles,
                const LlmOptions *opt, uint32_t max_files, const Config *cfg, const RuleSet *rs,
                const ProjectIndex *index);

#endif
