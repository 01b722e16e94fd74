/* concurrency: what the performance rules (ASR201-204) ask before suggesting that awaits run
 * concurrently or move out of a lock: is this awaited call ordered on purpose (sleeps, sends,
 * lifecycle steps, one connection / transaction / stream / queue), is it clearly network I/O, is
 * the code a test, and a fresh local name for rewrites. */
#ifndef ASYNCREVIEW_RULES_CONCURRENCY_H
#define ASYNCREVIEW_RULES_CONCURRENCY_H

#include "rules/rule.h"

/* The framework sleeps (asyncio/trio/anyio sleep and sleep_until), NULL-terminated. */
extern const char *const conc_sleep_calls[];

/* conc_word_in: w equals one of list (NULL-terminated). */
bool conc_word_in(const char *w, const char *const *list);

/* conc_is_lifecycle: the name starts (after leading underscores) with a lifecycle verb: close,
 * stop, start, connect, register, commit, login, __aenter__... whose order is usually part of a
 * contract. */
bool conc_is_lifecycle(const char *name);

/* conc_name_is_connection_like: a receiver name that suggests one database connection, transaction,
 * cursor, stream, socket, channel or queue (as a whole snake_case word: conn, db_conn,
 * read_cursor). */
bool conc_name_is_connection_like(const char *name);

/* conc_type_is_ordered: the type serves requests in order (asyncpg, SQLAlchemy, streams, queues,
 * locks, websockets...). conc_type_is_http_client: httpx.AsyncClient or aiohttp.ClientSession. */
bool conc_type_is_ordered(const char *type);
bool conc_type_is_http_client(const char *type);

/* conc_awaited_callee: the object an awaited value works on: the called function (with its
 * receiver), or for wait_for/shield/ensure_future the awaitable they wrap, or v itself when it is
 * not a call. */
const Expr *conc_awaited_callee(RuleCtx *cx, const Expr *v);

/* ConcJudgement: what one awaited call says about reordering it. */
typedef struct ConcJudgement {
    bool
        ordered; /* its order (or its exclusive use of a resource) is likely part of the contract */
    const char
        *why;     /* for ordered: a phrase ("sends or writes, and messages must arrive in order") */
    bool network; /* clearly network I/O (catalog CATF_NETWORK or an HTTP client's verb) */
} ConcJudgement;

/* conc_judge_call: judges the awaited call `call` (an E_Call): sleeps, `maybe_*` dispatch,
 * lifecycle verbs, sends/writes/acquires/waits, ordered receiver types and connection-like
 * receivers calling ordered methods are ordered; catalog network entries and HTTP client verbs are
 * network. */
ConcJudgement conc_judge_call(RuleCtx *cx, const Expr *call);

/* conc_in_test_code: the visited node is in a test file (test_*.py, *_test.py, conftest.py) or in a
 * function whose name starts with "test". */
bool conc_in_test_code(RuleCtx *cx);

/* conc_fresh_name: a name not bound in the visited scope, derived from base (base, base_2, ...), in
 * out_arena. */
const char *conc_fresh_name(RuleCtx *cx, const char *base);

#endif
