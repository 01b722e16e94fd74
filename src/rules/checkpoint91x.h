/* checkpoint91x: the path-sensitive "has a checkpoint definitely happened" analysis behind the
 * opt-in 91x rules (ASYNC910, ASYNC911, ASYNC912, ASYNC913), following flake8-async's Visitor91X.
 *
 * One async function body is walked in execution order while keeping the set of *uncheckpointed
 * statements*: the points (function entry, each `yield`) from which some path reaches here without
 * an `await`, `async for` / `async with` checkpoint or a `raise`. Branches merge by union; a loop
 * body starts from an artificial marker so a `return` or `yield` in it learns, once the loop ends,
 * whether the previous iteration (or the code before the loop) checkpointed; an exception may enter
 * an `except` handler from any point of its `try`. Each rule runs the walk and reports its own
 * events. */
#ifndef ASYNCREVIEW_RULES_CHECKPOINT91X_H
#define ASYNCREVIEW_RULES_CHECKPOINT91X_H

#include "rules/rule.h"

typedef enum Cp91Code { CP91_910, CP91_911, CP91_912, CP91_913 } Cp91Code;

/* Where a fix inserts the framework's checkpoint line. */
typedef enum Cp91FixAt {
    CP91_FIX_NONE,
    CP91_FIX_BEFORE, /* a new line before the statement holding the return / yield */
    CP91_FIX_END,    /* a new last line of the function body */
    CP91_FIX_LOOP    /* a new first line of the loop body */
} Cp91FixAt;

typedef struct Cp91Event {
    Cp91Code code;
    const char *what;    /* "exit", "return" or "yield" (910/911) */
    uint32_t start, end; /* the flagged range */
    bool since_yield;    /* 910/911: the unchecked path starts at a yield, not at the definition */
    uint32_t since;      /* offset of that definition / yield */
    Cp91FixAt fix_at;
    uint32_t fix_off; /* offset of a line start where the checkpoint line goes */
    const char *fix_indent;
} Cp91Event;

typedef struct Cp91Result {
    Cp91Event *events; /* in out_arena, in the order found */
    uint32_t n;
} Cp91Result;

/* cp91x_analyze: walks fn (an `async def`) and returns the 91x events of its own body (nested
 * functions are analysed when the checker reaches them). Functions whose body is only `pass`, `...`
 * or strings, and those decorated with `overload` or a pytest `fixture`, give no events. */
Cp91Result cp91x_analyze(RuleCtx *cx, const Stmt *fn);

/* cp91x_report: reports the events with code `code` for the current rule, with their messages and
 * (trio/anyio only, as flake8-async) the edit inserting the checkpoint. */
void cp91x_report(RuleCtx *cx, const Stmt *fn, Cp91Code code);

#endif
