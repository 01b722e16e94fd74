/* catalog: library knowledge kept as data, one table (catalog.c), documented in docs/catalog.md.
 * Each entry names a function, method or class by qualified name and says what it is for async
 * code: blocking (with the async replacement per framework), a coroutine function, an async-only
 * context manager or iterator, a constructor of a known type, a call that runs its argument in a
 * thread, an event-loop runner, or a sync method of an async object (not awaitable).
 *
 * Methods are named through their class: "requests.Session.get", "asyncio.Lock.acquire". Aliases
 * ("requests.sessions.Session" -> "requests.Session", "asyncio.locks.Lock" -> "asyncio.Lock") are
 * resolved by catalog_canonical().
 *
 * A CATF_CLASS entry's CM/iterator/resource flags describe its instances. An entry whose qualname
 * ends in ".*" ("botocore.client.BaseClient.*") stands for every method of that class that has no
 * entry of its own; an entry with flags 0 only records a result type or such an exception. */
#ifndef ASYNCREVIEW_ANALYSIS_CATALOG_H
#define ASYNCREVIEW_ANALYSIS_CATALOG_H

#include "analysis/config.h"

/* What an entry is; an entry may have several flags. */
enum {
    CATF_BLOCKING = 1u << 0,    /* blocks the calling thread: must not run on the event loop */
    CATF_COROUTINE = 1u << 1,   /* calling it returns an awaitable that must be awaited */
    CATF_ASYNC_CM = 1u << 2,    /* its result is used with `async with` only */
    CATF_SYNC_CM = 1u << 3,     /* its result is used with plain `with` only */
    CATF_ASYNC_ITER = 1u << 4,  /* its result is iterated with `async for` only */
    CATF_CLASS = 1u << 5,       /* a class: calling it constructs result_type */
    CATF_OFFLOAD = 1u << 6,     /* runs the callable at offload_arg in a worker thread/process */
    CATF_LOOP_RUNNER = 1u << 7, /* starts/runs an event loop: fails inside a running loop */
    CATF_NOT_AWAITABLE =
        1u << 8,                /* a plain sync method of an async object: `await` on it is a bug */
    CATF_TASK_SPAWN = 1u << 9,  /* schedules a task and returns it (create_task, ensure_future) */
    CATF_START_SOON = 1u << 10, /* takes an async function and its args, not a coroutine object */
    CATF_RESOURCE = 1u << 11,   /* result must be closed (session, client, connection, file...) */
    CATF_NETWORK = 1u << 12,    /* awaits network I/O (for sequential-await severity, timeouts) */
    CATF_CANCEL_SCOPE = 1u << 13, /* a timeout / cancel scope context manager */
    CATF_CHECKPOINT =
        1u << 14, /* an await that is a cancellation checkpoint (trio/anyio sleep...) */
};

/* Kinds of blocking call: they choose the rule code and the wording. */
typedef enum BlockKind {
    BLK_NONE,
    BLK_SLEEP,            /* time.sleep                      -> ASYNC251 */
    BLK_HTTP,             /* requests, urllib, http.client   -> ASYNC210 */
    BLK_HTTPX_SYNC,       /* httpx.Client methods            -> ASYNC212 */
    BLK_SUBPROCESS_START, /* subprocess.Popen, os.popen ...  -> ASYNC220 */
    BLK_SUBPROCESS_RUN,   /* subprocess.run, os.system ...   -> ASYNC221 */
    BLK_PROCESS_WAIT,     /* os.wait, os.waitpid ...         -> ASYNC222 */
    BLK_OPEN,             /* open(), io.open ...             -> ASYNC230 */
    BLK_FDOPEN,           /* os.fdopen                        -> ASYNC231 */
    BLK_PATH,             /* os.path / pathlib I/O           -> ASYNC240 */
    BLK_INPUT,            /* input()                         -> ASYNC250 */
    BLK_SOCKET,           /* socket, ssl, select, DNS        -> our own code */
    BLK_DB,               /* sqlite3, psycopg2, pymysql, redis, pymongo, boto3 */
    BLK_SYNC_PRIMITIVE,   /* threading locks/events, queue.Queue.get, Future.result */
    BLK_FILE_IO,          /* shutil, os file operations */
    BLK_OTHER
} BlockKind;

typedef struct CatalogEntry {
    const char *qualname;
    uint32_t flags;                /* CATF_* */
    BlockKind block;               /* for CATF_BLOCKING */
    const char *result_type;       /* type of the call's result (or of the awaited result for a
                                      coroutine), e.g. "httpx.AsyncClient", "asyncpg.Connection" */
    const char *replace[FW_COUNT]; /* async replacement per framework as a template, NULL when none:
                                      "await asyncio.sleep({args})"; placeholders: {args} (all the
                                      call's arguments as written), {0} {1} (one argument), {func}
                                      (the callable as written), {recv} (receiver of a method) */
    int offload_arg;               /* CATF_OFFLOAD: index of the callable argument */
    int min_version;               /* replace[] needs at least this Python (e.g. 309 for to_thread);
                                      without replace[], the version that added the API (311 for
                                      asyncio.TaskGroup) */
    const char *note;              /* one phrase for messages, e.g. "a synchronous HTTP request" */
} CatalogEntry;

/* catalog_lookup: the entry for a qualified name (after aliases), or NULL. A method the class does
 * not list is looked up in its ".*" entry, then in its known base classes ("asyncio.Task.result" ->
 * "asyncio.Future.result"). Thread-safe (the table is built before threads start, by catalog_init).
 */
const CatalogEntry *catalog_lookup(const char *qualname);

/* catalog_canonical: qualname with its longest aliased prefix replaced
 * ("requests.sessions.Session.get"
 * -> "requests.Session.get"); qualname itself when no alias applies. Result in a thread-local
 * buffer valid until the next call, or qualname. */
const char *catalog_canonical(const char *qualname);

/* catalog_is_subtype: whether type (a class qualname) is or derives from base in the catalog's
 * known class relations ("aiohttp.ClientSession" is not "requests.Session"). */
bool catalog_is_subtype(const char *type, const char *base);

/* catalog_init: builds the lookup tables once; call before starting worker threads. */
void catalog_init(void);

/* catalog_entries: the whole table, for documentation (`asyncreview rules --catalog`) and tests. */
const CatalogEntry *catalog_entries(uint32_t *n);

#endif
