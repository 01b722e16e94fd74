/* blocking: the shared check behind the blocking-call rules (ASYNC210 ... ASYNC251, ASR101,
 * ASR102): each rule file owns its descriptor, documentation and fixtures, and asks this module
 * whether a call in a coroutine blocks and what the correction is. */
#ifndef ASYNCREVIEW_RULES_BLOCKING_H
#define ASYNCREVIEW_RULES_BLOCKING_H

#include "rules/rule.h"

/* blocking_check_call: reports `call` if it is a blocking catalog call whose kind is one of
 * kinds[0..nkinds), made in the body of an `async def` itself (not a nested def or lambda, not
 * handed to a thread), with the framework's async replacement as the suggestion (and as an unsafe
 * fix). */
void blocking_check_call(RuleCtx *cx, const Expr *call, const BlockKind *kinds, uint32_t nkinds);

/* blocking_check_project_call: reports `call` if it calls a project sync function that blocks
 * through a chain of project functions (ASR102), naming the chain. */
void blocking_check_project_call(RuleCtx *cx, const Expr *call);

#endif
