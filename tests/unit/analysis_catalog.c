/* analysis_catalog: lookups of each kind of entry, aliases and class relations, the table's own
 * invariants (no duplicates, canonical names, templates that parse for their framework), and
 * concurrent lookups from several threads. */
#include "analysis/catalog.h"
#include "base/strbuf.h"
#include "parse/parser.h"
#include "test.h"

#include <ctype.h>
#include <pthread.h>

#define ROWS(table) (sizeof(table) / sizeof((table)[0]))

/* has: qualname resolves to an entry with all of flags. */
static bool
has(const char *qualname, uint32_t flags)
{
    const CatalogEntry *e = catalog_lookup(qualname);
    return e && (e->flags & flags) == flags;
}

/* The function lists of flake8-async's 2xx rules (visitor2xx.py) and ruff's ports, each with the
 * kind that picks its code. A name listed there must resolve to exactly that kind. */
static const struct {
    const char *name;
    BlockKind kind;
} flake8_async_cases[] = {
    /* ASYNC210 */
    { "requests.get", BLK_HTTP },
    { "requests.options", BLK_HTTP },
    { "requests.head", BLK_HTTP },
    { "requests.post", BLK_HTTP },
    { "requests.put", BLK_HTTP },
    { "requests.patch", BLK_HTTP },
    { "requests.delete", BLK_HTTP },
    { "requests.request", BLK_HTTP },
    { "httpx.get", BLK_HTTP },
    { "httpx.options", BLK_HTTP },
    { "httpx.head", BLK_HTTP },
    { "httpx.post", BLK_HTTP },
    { "httpx.put", BLK_HTTP },
    { "httpx.patch", BLK_HTTP },
    { "httpx.delete", BLK_HTTP },
    { "httpx.request", BLK_HTTP },
    { "urllib3.request", BLK_HTTP },
    { "urllib.request.urlopen", BLK_HTTP },
    /* ASYNC212: httpx.Client's request methods, and urllib3's pools */
    { "httpx.Client.close", BLK_HTTPX_SYNC },
    { "httpx.Client.delete", BLK_HTTPX_SYNC },
    { "httpx.Client.get", BLK_HTTPX_SYNC },
    { "httpx.Client.head", BLK_HTTPX_SYNC },
    { "httpx.Client.options", BLK_HTTPX_SYNC },
    { "httpx.Client.patch", BLK_HTTPX_SYNC },
    { "httpx.Client.post", BLK_HTTPX_SYNC },
    { "httpx.Client.put", BLK_HTTPX_SYNC },
    { "httpx.Client.request", BLK_HTTPX_SYNC },
    { "httpx.Client.send", BLK_HTTPX_SYNC },
    { "httpx.Client.stream", BLK_HTTPX_SYNC },
    { "urllib3.PoolManager.request", BLK_HTTPX_SYNC },
    { "urllib3.ProxyManager.request", BLK_HTTPX_SYNC },
    { "urllib3.HTTPSConnectionPool.urlopen", BLK_HTTPX_SYNC },
    /* ASYNC220 / ASYNC221 / ASYNC222 */
    { "subprocess.Popen", BLK_SUBPROCESS_START },
    { "os.popen", BLK_SUBPROCESS_START },
    { "os.spawnl", BLK_SUBPROCESS_START },
    { "os.spawnvpe", BLK_SUBPROCESS_START },
    { "subprocess.run", BLK_SUBPROCESS_RUN },
    { "subprocess.call", BLK_SUBPROCESS_RUN },
    { "subprocess.check_call", BLK_SUBPROCESS_RUN },
    { "subprocess.check_output", BLK_SUBPROCESS_RUN },
    { "subprocess.getoutput", BLK_SUBPROCESS_RUN },
    { "subprocess.getstatusoutput", BLK_SUBPROCESS_RUN },
    { "os.system", BLK_SUBPROCESS_RUN },
    { "os.posix_spawn", BLK_SUBPROCESS_RUN },
    { "os.posix_spawnp", BLK_SUBPROCESS_RUN },
    { "os.wait", BLK_PROCESS_WAIT },
    { "os.wait3", BLK_PROCESS_WAIT },
    { "os.wait4", BLK_PROCESS_WAIT },
    { "os.waitid", BLK_PROCESS_WAIT },
    { "os.waitpid", BLK_PROCESS_WAIT },
    /* ASYNC230 / ASYNC231 */
    { "builtins.open", BLK_OPEN },
    { "open", BLK_OPEN },
    { "io.open", BLK_OPEN },
    { "io.open_code", BLK_OPEN },
    { "pathlib.Path.open", BLK_OPEN },
    { "os.fdopen", BLK_FDOPEN },
    /* ASYNC240: flake8-async's os.path list (public names) and ruff's pathlib list */
    { "os.path.islink", BLK_PATH },
    { "os.path.lexists", BLK_PATH },
    { "os.path.ismount", BLK_PATH },
    { "os.path.realpath", BLK_PATH },
    { "os.path.exists", BLK_PATH },
    { "os.path.isdir", BLK_PATH },
    { "os.path.isfile", BLK_PATH },
    { "os.path.getatime", BLK_PATH },
    { "os.path.getctime", BLK_PATH },
    { "os.path.getmtime", BLK_PATH },
    { "os.path.getsize", BLK_PATH },
    { "os.path.samefile", BLK_PATH },
    { "os.path.sameopenfile", BLK_PATH },
    { "os.path.relpath", BLK_PATH },
    { "os.path.abspath", BLK_PATH },
    { "os.path.expanduser", BLK_PATH },
    { "os.path.isjunction", BLK_PATH },
    { "pathlib.Path.absolute", BLK_PATH },
    { "pathlib.Path.chmod", BLK_PATH },
    { "pathlib.Path.cwd", BLK_PATH },
    { "pathlib.Path.exists", BLK_PATH },
    { "pathlib.Path.expanduser", BLK_PATH },
    { "pathlib.Path.glob", BLK_PATH },
    { "pathlib.Path.group", BLK_PATH },
    { "pathlib.Path.hardlink_to", BLK_PATH },
    { "pathlib.Path.home", BLK_PATH },
    { "pathlib.Path.is_block_device", BLK_PATH },
    { "pathlib.Path.is_char_device", BLK_PATH },
    { "pathlib.Path.is_dir", BLK_PATH },
    { "pathlib.Path.is_fifo", BLK_PATH },
    { "pathlib.Path.is_file", BLK_PATH },
    { "pathlib.Path.is_junction", BLK_PATH },
    { "pathlib.Path.is_mount", BLK_PATH },
    { "pathlib.Path.is_socket", BLK_PATH },
    { "pathlib.Path.is_symlink", BLK_PATH },
    { "pathlib.Path.iterdir", BLK_PATH },
    { "pathlib.Path.lchmod", BLK_PATH },
    { "pathlib.Path.lstat", BLK_PATH },
    { "pathlib.Path.mkdir", BLK_PATH },
    { "pathlib.Path.owner", BLK_PATH },
    { "pathlib.Path.read_bytes", BLK_PATH },
    { "pathlib.Path.read_text", BLK_PATH },
    { "pathlib.Path.readlink", BLK_PATH },
    { "pathlib.Path.rename", BLK_PATH },
    { "pathlib.Path.replace", BLK_PATH },
    { "pathlib.Path.resolve", BLK_PATH },
    { "pathlib.Path.rglob", BLK_PATH },
    { "pathlib.Path.rmdir", BLK_PATH },
    { "pathlib.Path.samefile", BLK_PATH },
    { "pathlib.Path.stat", BLK_PATH },
    { "pathlib.Path.symlink_to", BLK_PATH },
    { "pathlib.Path.touch", BLK_PATH },
    { "pathlib.Path.unlink", BLK_PATH },
    { "pathlib.Path.walk", BLK_PATH },
    { "pathlib.Path.write_bytes", BLK_PATH },
    { "pathlib.Path.write_text", BLK_PATH },
    { "pathlib.PosixPath.exists", BLK_PATH },
    /* ASYNC250 / ASYNC251 */
    { "builtins.input", BLK_INPUT },
    { "input", BLK_INPUT },
    { "time.sleep", BLK_SLEEP },
};

TEST(flake8_async_parity)
{
    catalog_init();
    for (size_t i = 0; i < ROWS(flake8_async_cases); i++) {
        const CatalogEntry *e = catalog_lookup(flake8_async_cases[i].name);
        if (!e || !(e->flags & CATF_BLOCKING) || e->block != flake8_async_cases[i].kind) {
            fprintf(stderr, "  row: %s\n", flake8_async_cases[i].name);
            CHECK(e && (e->flags & CATF_BLOCKING) && e->block == flake8_async_cases[i].kind);
        }
    }
}

TEST(blocking_extensions)
{
    static const struct {
        const char *name;
        BlockKind kind;
    } rows[] = {
        { "requests.Session.get", BLK_HTTP },
        { "requests.Session.request", BLK_HTTP },
        { "http.client.HTTPConnection.request", BLK_HTTP },
        { "http.client.HTTPSConnection.getresponse", BLK_HTTP },
        { "urllib.request.urlretrieve", BLK_HTTP },
        { "httpx.stream", BLK_HTTP },
        { "socket.create_connection", BLK_SOCKET },
        { "socket.getaddrinfo", BLK_SOCKET },
        { "socket.gethostbyname", BLK_SOCKET },
        { "socket.socket.recv", BLK_SOCKET },
        { "socket.socket.sendall", BLK_SOCKET },
        { "socket.socket.makefile", BLK_SOCKET },
        { "ssl.SSLSocket.do_handshake", BLK_SOCKET },
        { "ssl.SSLSocket.recv", BLK_SOCKET },
        { "select.select", BLK_SOCKET },
        { "select.epoll.poll", BLK_SOCKET },
        { "selectors.DefaultSelector.select", BLK_SOCKET },
        { "ftplib.FTP_TLS.login", BLK_SOCKET },
        { "smtplib.SMTP.sendmail", BLK_SOCKET },
        { "telnetlib.Telnet.read_until", BLK_SOCKET },
        { "sqlite3.connect", BLK_DB },
        { "sqlite3.Connection.execute", BLK_DB },
        { "sqlite3.Cursor.fetchall", BLK_DB },
        { "psycopg2.connect", BLK_DB },
        { "psycopg2.extensions.cursor.execute", BLK_DB },
        { "psycopg2.extras.RealDictCursor.fetchone", BLK_DB },
        { "pymysql.connect", BLK_DB },
        { "pymysql.cursors.DictCursor.execute", BLK_DB },
        { "redis.Redis.get", BLK_DB },
        { "redis.Redis.hgetall", BLK_DB },
        { "redis.client.Pipeline.execute", BLK_DB },
        { "pymongo.collection.Collection.find_one", BLK_DB },
        { "pymongo.collection.Collection.aggregate", BLK_DB },
        { "boto3.client", BLK_DB },
        { "botocore.client.BaseClient.put_object", BLK_DB },
        { "threading.Lock.acquire", BLK_SYNC_PRIMITIVE },
        { "threading.Event.wait", BLK_SYNC_PRIMITIVE },
        { "threading.BoundedSemaphore.acquire", BLK_SYNC_PRIMITIVE },
        { "threading.Thread.join", BLK_SYNC_PRIMITIVE },
        { "queue.Queue.get", BLK_SYNC_PRIMITIVE },
        { "queue.PriorityQueue.put", BLK_SYNC_PRIMITIVE },
        { "concurrent.futures.Future.result", BLK_SYNC_PRIMITIVE },
        { "concurrent.futures.as_completed", BLK_SYNC_PRIMITIVE },
        { "multiprocessing.pool.ThreadPool.map", BLK_SYNC_PRIMITIVE },
        { "shutil.copytree", BLK_FILE_IO },
        { "shutil.rmtree", BLK_FILE_IO },
        { "os.makedirs", BLK_FILE_IO },
        { "os.listdir", BLK_FILE_IO },
        { "io.TextIOWrapper.read", BLK_FILE_IO },
        { "getpass.getpass", BLK_INPUT },
        { "subprocess.Popen.wait", BLK_PROCESS_WAIT },
        { "trio.from_thread.run", BLK_OTHER },
    };
    for (size_t i = 0; i < ROWS(rows); i++) {
        const CatalogEntry *e = catalog_lookup(rows[i].name);
        if (!e || !(e->flags & CATF_BLOCKING) || e->block != rows[i].kind) {
            fprintf(stderr, "  row: %s\n", rows[i].name);
            CHECK(e && (e->flags & CATF_BLOCKING) && e->block == rows[i].kind);
        }
    }
    /* plain calls that must not be called blocking */
    static const char *const harmless[] = {
        "requests.Session",
        "socket.socket",
        "redis.Redis",
        "redis.Redis.pipeline",
        "threading.Lock",
        "pymongo.MongoClient",
        "botocore.client.BaseClient.generate_presigned_url",
        "botocore.client.BaseClient.get_paginator",
        "sqlite3.Connection.cursor",
        "pathlib.Path",
        "asyncio.get_running_loop",
        "concurrent.futures.Executor.submit",
    };
    for (size_t i = 0; i < ROWS(harmless); i++) {
        const CatalogEntry *e = catalog_lookup(harmless[i]);
        if (!e || (e->flags & CATF_BLOCKING)) {
            fprintf(stderr, "  row: %s\n", harmless[i]);
            CHECK(e && !(e->flags & CATF_BLOCKING));
        }
    }
}

TEST(replacements)
{
    const CatalogEntry *e = catalog_lookup("time.sleep");
    CHECK_STR_EQ(e->replace[FW_ASYNCIO], "await asyncio.sleep({args})");
    CHECK_STR_EQ(e->replace[FW_TRIO], "await trio.sleep({args})");
    CHECK_STR_EQ(e->replace[FW_ANYIO], "await anyio.sleep({args})");
    e = catalog_lookup("open");
    CHECK(e->replace[FW_ASYNCIO] == NULL); /* no stdlib async open: the rule offloads */
    CHECK_STR_EQ(e->replace[FW_TRIO], "await trio.open_file({args})");
    e = catalog_lookup("requests.get");
    CHECK(!e->replace[FW_ASYNCIO] && !e->replace[FW_TRIO] && !e->replace[FW_ANYIO]);
    CHECK(e->note != NULL);
    e = catalog_lookup("pathlib.Path.exists");
    CHECK_STR_EQ(e->replace[FW_ANYIO], "await anyio.Path({recv}).exists({args})");
    e = catalog_lookup("pathlib.Path.glob"); /* anyio's glob is an async iterator: no drop-in */
    CHECK(e->replace[FW_TRIO] != NULL && e->replace[FW_ANYIO] == NULL);
    e = catalog_lookup("socket.getaddrinfo");
    CHECK_STR_EQ(e->replace[FW_ASYNCIO], "await asyncio.get_running_loop().getaddrinfo({args})");
    e = catalog_lookup("os.path.getsize");
    CHECK_STR_EQ(e->replace[FW_TRIO], "(await trio.Path({0}).stat()).st_size");
    e = catalog_lookup("asyncio.to_thread");
    CHECK(e && (e->flags & CATF_OFFLOAD) && e->offload_arg == 0 && e->min_version == 309);
}

TEST(asyncio_entries)
{
    CHECK(has("asyncio.sleep", CATF_COROUTINE | CATF_CHECKPOINT));
    CHECK(has("asyncio.gather", CATF_COROUTINE));
    CHECK(has("asyncio.wait_for", CATF_COROUTINE));
    CHECK(has("asyncio.timeout", CATF_ASYNC_CM | CATF_CANCEL_SCOPE));
    CHECK_INT_EQ(catalog_lookup("asyncio.timeout")->min_version, 311);
    CHECK(has("asyncio.Lock", CATF_CLASS | CATF_ASYNC_CM));
    CHECK(!has("asyncio.Lock", CATF_SYNC_CM));
    CHECK(has("asyncio.Lock.acquire", CATF_COROUTINE));
    CHECK(has("asyncio.Lock.release", CATF_NOT_AWAITABLE));
    CHECK(has("asyncio.Event.wait", CATF_COROUTINE));
    CHECK(has("asyncio.Event.set", CATF_NOT_AWAITABLE));
    CHECK(has("asyncio.Event.is_set", CATF_NOT_AWAITABLE));
    CHECK(has("asyncio.Queue.get", CATF_COROUTINE));
    CHECK(has("asyncio.Queue.put_nowait", CATF_NOT_AWAITABLE));
    CHECK(has("asyncio.TaskGroup", CATF_CLASS | CATF_ASYNC_CM));
    CHECK(has("asyncio.TaskGroup.create_task", CATF_TASK_SPAWN));
    CHECK(has("asyncio.create_task", CATF_TASK_SPAWN));
    CHECK(has("asyncio.ensure_future", CATF_TASK_SPAWN));
    CHECK(has("asyncio.run", CATF_LOOP_RUNNER));
    CHECK(has("asyncio.Runner.run", CATF_LOOP_RUNNER));
    CHECK_STR_EQ(catalog_lookup("asyncio.get_running_loop")->result_type,
                 "asyncio.AbstractEventLoop");
    CHECK_STR_EQ(catalog_lookup("asyncio.get_event_loop")->result_type,
                 "asyncio.AbstractEventLoop");
    CHECK(has("asyncio.AbstractEventLoop.run_until_complete", CATF_LOOP_RUNNER));
    CHECK(has("asyncio.AbstractEventLoop.run_forever", CATF_LOOP_RUNNER));
    const CatalogEntry *e = catalog_lookup("asyncio.AbstractEventLoop.run_in_executor");
    CHECK(e && (e->flags & (CATF_OFFLOAD | CATF_COROUTINE)) == (CATF_OFFLOAD | CATF_COROUTINE));
    CHECK(e && e->offload_arg == 1);
    CHECK(has("asyncio.AbstractEventLoop.call_soon", CATF_NOT_AWAITABLE));
    CHECK(has("asyncio.AbstractEventLoop.sock_recv", CATF_COROUTINE | CATF_NETWORK));
    CHECK(has("asyncio.AbstractEventLoop.getaddrinfo", CATF_COROUTINE));
    CHECK(has("asyncio.StreamReader.readexactly", CATF_COROUTINE));
    CHECK(has("asyncio.StreamWriter.write", CATF_NOT_AWAITABLE));
    CHECK(has("asyncio.StreamWriter.drain", CATF_COROUTINE));
    CHECK(has("asyncio.StreamWriter.close", CATF_NOT_AWAITABLE));
    CHECK(has("asyncio.StreamWriter", CATF_RESOURCE));
    CHECK(has("asyncio.subprocess.Process.communicate", CATF_COROUTINE));
    CHECK(has("asyncio.run_coroutine_threadsafe", CATF_NOT_AWAITABLE));
}

TEST(trio_anyio_entries)
{
    CHECK(has("trio.sleep", CATF_COROUTINE | CATF_CHECKPOINT));
    CHECK(has("trio.open_nursery", CATF_ASYNC_CM));
    CHECK_STR_EQ(catalog_lookup("trio.open_nursery")->result_type, "trio.Nursery");
    CHECK(has("trio.Nursery.start_soon", CATF_START_SOON | CATF_NOT_AWAITABLE));
    CHECK(has("trio.Nursery.start", CATF_COROUTINE | CATF_START_SOON));
    /* `with trio.move_on_after(1):` is right: a sync CM that is a cancel scope */
    CHECK(has("trio.move_on_after", CATF_SYNC_CM | CATF_CANCEL_SCOPE));
    CHECK(!has("trio.move_on_after", CATF_ASYNC_CM));
    CHECK(has("trio.fail_at", CATF_SYNC_CM | CATF_CANCEL_SCOPE));
    CHECK(has("trio.CancelScope", CATF_CLASS | CATF_SYNC_CM | CATF_CANCEL_SCOPE));
    CHECK(has("trio.run", CATF_LOOP_RUNNER));
    const CatalogEntry *e = catalog_lookup("trio.to_thread.run_sync");
    CHECK(e && (e->flags & CATF_OFFLOAD) && e->offload_arg == 0);
    CHECK(has("trio.Lock", CATF_ASYNC_CM));
    CHECK(has("trio.Event.set", CATF_NOT_AWAITABLE));
    CHECK(has("trio.Path.read_text", CATF_COROUTINE));
    CHECK(has("trio.PosixPath.exists", CATF_COROUTINE));
    CHECK(has("trio.lowlevel.checkpoint", CATF_CHECKPOINT));
    CHECK(has("trio.open_memory_channel", CATF_NOT_AWAITABLE));
    CHECK(has("trio.SocketStream.send_all", CATF_COROUTINE | CATF_NETWORK));
    CHECK(has("anyio.create_task_group", CATF_ASYNC_CM));
    CHECK(has("anyio.abc.TaskGroup.start_soon", CATF_START_SOON | CATF_NOT_AWAITABLE));
    CHECK(has("anyio.move_on_after", CATF_SYNC_CM | CATF_CANCEL_SCOPE));
    CHECK(has("anyio.CancelScope", CATF_SYNC_CM));
    CHECK(has("anyio.to_thread.run_sync", CATF_OFFLOAD | CATF_COROUTINE));
    CHECK(has("anyio.Path.exists", CATF_COROUTINE));
    CHECK(has("anyio.Path.iterdir", CATF_ASYNC_ITER | CATF_NOT_AWAITABLE));
    CHECK(has("anyio.open_file", CATF_COROUTINE));
    CHECK(has("anyio.AsyncFile", CATF_ASYNC_CM | CATF_ASYNC_ITER));
    CHECK(has("anyio.connect_tcp", CATF_COROUTINE | CATF_NETWORK));
    CHECK(has("anyio.abc.SocketStream.receive", CATF_COROUTINE)); /* through ByteStream */
    CHECK(has("anyio.run", CATF_LOOP_RUNNER));
    CHECK(has("anyio.Event.set", CATF_NOT_AWAITABLE));
}

TEST(library_entries)
{
    CHECK(has("aiohttp.ClientSession", CATF_CLASS | CATF_ASYNC_CM | CATF_RESOURCE));
    CHECK(has("aiohttp.ClientSession.get", CATF_COROUTINE | CATF_ASYNC_CM | CATF_NETWORK));
    CHECK_STR_EQ(catalog_lookup("aiohttp.ClientSession.post")->result_type,
                 "aiohttp.ClientResponse");
    CHECK(has("aiohttp.ClientResponse.json", CATF_COROUTINE));
    CHECK(has("aiohttp.request", CATF_ASYNC_CM));
    CHECK(!has("aiohttp.request", CATF_COROUTINE));
    CHECK(has("httpx.AsyncClient", CATF_CLASS | CATF_ASYNC_CM | CATF_RESOURCE));
    CHECK(has("httpx.AsyncClient.get", CATF_COROUTINE | CATF_NETWORK));
    CHECK_STR_EQ(catalog_lookup("httpx.AsyncClient.get")->result_type, "httpx.Response");
    CHECK(has("httpx.AsyncClient.stream", CATF_ASYNC_CM));
    CHECK(!has("httpx.AsyncClient.stream", CATF_COROUTINE));
    CHECK(has("httpx.AsyncClient.aclose", CATF_COROUTINE));
    CHECK(has("asyncpg.connect", CATF_COROUTINE));
    CHECK_STR_EQ(catalog_lookup("asyncpg.connect")->result_type, "asyncpg.Connection");
    CHECK(has("asyncpg.Connection.fetchrow", CATF_COROUTINE));
    CHECK(has("asyncpg.Connection.transaction", CATF_ASYNC_CM));
    CHECK(has("asyncpg.Pool.acquire", CATF_ASYNC_CM | CATF_COROUTINE));
    CHECK(has("asyncpg.pool.PoolConnectionProxy.fetch", CATF_COROUTINE));
    CHECK(has("redis.asyncio.Redis.get", CATF_COROUTINE));
    CHECK(!has("redis.asyncio.Redis.get", CATF_BLOCKING));
    CHECK(has("redis.asyncio.Redis.pipeline", CATF_NOT_AWAITABLE));
    CHECK_STR_EQ(catalog_lookup("redis.from_url")->result_type, "redis.Redis");
    CHECK(has("motor.motor_asyncio.AsyncIOMotorCollection.find_one", CATF_COROUTINE));
    CHECK(has("motor.motor_asyncio.AsyncIOMotorCollection.find", CATF_ASYNC_ITER));
    CHECK(has("aiofiles.open", CATF_ASYNC_CM));
    CHECK(has("aiofiles.threadpool.text.AsyncTextIOWrapper.read", CATF_COROUTINE));
    CHECK(has("sqlalchemy.ext.asyncio.AsyncSession.execute", CATF_COROUTINE));
    CHECK(has("sqlalchemy.ext.asyncio.AsyncSession.add", CATF_NOT_AWAITABLE));
    CHECK(has("sqlalchemy.ext.asyncio.AsyncEngine.begin", CATF_ASYNC_CM));
    CHECK(has("sqlalchemy.ext.asyncio.AsyncEngine.connect", CATF_ASYNC_CM));
    CHECK_STR_EQ(catalog_lookup("psycopg2.connect")->result_type, "psycopg2.extensions.connection");
    CHECK_STR_EQ(catalog_lookup("boto3.client")->result_type, "botocore.client.BaseClient");
    CHECK(has("threading.Lock", CATF_SYNC_CM));
    CHECK(!has("threading.Lock", CATF_ASYNC_CM));
    CHECK(has("requests.Session", CATF_CLASS | CATF_SYNC_CM | CATF_RESOURCE));
}

TEST(canonical_names)
{
    static const struct {
        const char *in, *out;
    } rows[] = {
        { "asyncio.locks.Lock", "asyncio.Lock" },
        { "asyncio.tasks.gather", "asyncio.gather" },
        { "asyncio.events.AbstractEventLoop", "asyncio.AbstractEventLoop" },
        { "asyncio.exceptions.CancelledError", "asyncio.CancelledError" },
        { "asyncio.subprocess.create_subprocess_exec", "asyncio.create_subprocess_exec" },
        { "asyncio.subprocess.Process", "asyncio.subprocess.Process" }, /* not re-exported */
        { "requests.sessions.Session", "requests.Session" },
        { "requests.sessions.Session.get", "requests.Session.get" },
        { "requests.api.get", "requests.get" },
        { "httpx._client.AsyncClient", "httpx.AsyncClient" },
        { "aiohttp.client.ClientSession", "aiohttp.ClientSession" },
        { "concurrent.futures._base.Future", "concurrent.futures.Future" },
        { "posixpath.exists", "os.path.exists" },
        { "ntpath.isfile", "os.path.isfile" },
        { "redis.StrictRedis.get", "redis.Redis.get" },
        { "redis.client.StrictRedis", "redis.Redis" },
        { "redis.asyncio.client.Redis.get", "redis.asyncio.Redis.get" },
        { "open", "builtins.open" },
        { "open.x", "open.x" }, /* an exact alias does not rewrite a prefix */
        { "input", "builtins.input" },
        { "openpyxl.load", "openpyxl.load" },
        { "asyncio.locksmith", "asyncio.locksmith" }, /* aliases match whole segments */
        { "asyncpg.pool.PoolConnectionProxy", "asyncpg.pool.PoolConnectionProxy" },
        { "asyncpg.pool.Pool.acquire", "asyncpg.Pool.acquire" },
    };
    for (size_t i = 0; i < ROWS(rows); i++)
        CHECK_STR_EQ(catalog_canonical(rows[i].in), rows[i].out);
    const char *unknown = "mypkg.service.fetch";
    CHECK(catalog_canonical(unknown) == unknown); /* no alias: the argument itself */
    CHECK(catalog_canonical(NULL) == NULL);
}

TEST(methods_through_aliases_and_bases)
{
    static const struct {
        const char *in, *entry;
    } rows[] = {
        { "requests.sessions.Session.get", "requests.Session.get" },
        { "requests.api.post", "requests.post" },
        { "asyncio.locks.Lock.acquire", "asyncio.Lock.acquire" },
        { "asyncio.events.AbstractEventLoop.run_in_executor",
          "asyncio.AbstractEventLoop.run_in_executor" },
        { "asyncio.BaseEventLoop.run_until_complete",
          "asyncio.AbstractEventLoop.run_until_complete" },
        { "asyncio.base_events.BaseEventLoop.create_task",
          "asyncio.AbstractEventLoop.create_task" },
        { "asyncio.SelectorEventLoop.run_forever", "asyncio.AbstractEventLoop.run_forever" },
        { "uvloop.Loop.run_until_complete", "asyncio.AbstractEventLoop.run_until_complete" },
        { "asyncio.Task.result", "asyncio.Future.result" },
        { "asyncio.tasks.Task.done", "asyncio.Future.done" },
        { "asyncio.PriorityQueue.get_nowait", "asyncio.Queue.get_nowait" },
        { "asyncio.queues.LifoQueue.get", "asyncio.Queue.get" },
        { "asyncio.BoundedSemaphore.acquire", "asyncio.Semaphore.acquire" },
        { "httpx._client.AsyncClient.get", "httpx.AsyncClient.get" },
        { "aiohttp.client.ClientSession.get", "aiohttp.ClientSession.get" },
        { "redis.StrictRedis.set", "redis.Redis.set" },
        { "ssl.SSLSocket.sendall", "socket.socket.sendall" },
        { "socket.SocketType.recv", "socket.socket.recv" },
        { "concurrent.futures._base.Future.result", "concurrent.futures.Future.result" },
        { "concurrent.futures.ThreadPoolExecutor.submit", "concurrent.futures.Executor.submit" },
        { "concurrent.futures.thread.ThreadPoolExecutor.shutdown",
          "concurrent.futures.Executor.shutdown" },
        { "posixpath.getsize", "os.path.getsize" },
        { "pathlib.WindowsPath.read_text", "pathlib.Path.read_text" },
        { "io.BufferedReader.read", "io.IOBase.read" },
        { "sqlite3.dbapi2.connect", "sqlite3.connect" },
        { "pymysql.Connection.commit", "pymysql.connections.Connection.commit" },
        { "boto3.Session.client", "boto3.session.Session.client" },
        { "_thread.lock.acquire", "threading.Lock.acquire" },
        { "aiofiles.threadpool.binary.AsyncBufferedReader.read", "aiofiles.base.AsyncBase.read" },
        { "botocore.client.BaseClient.list_buckets", "botocore.client.BaseClient.*" },
    };
    for (size_t i = 0; i < ROWS(rows); i++) {
        const CatalogEntry *e = catalog_lookup(rows[i].in);
        if (!e)
            fprintf(stderr, "  row: %s\n", rows[i].in);
        CHECK(e != NULL);
        if (e)
            CHECK_STR_EQ(e->qualname, rows[i].entry);
    }
}

TEST(wildcard)
{
    const CatalogEntry *e = catalog_lookup("botocore.client.BaseClient.describe_instances");
    CHECK(e && (e->flags & CATF_BLOCKING) && e->block == BLK_DB);
    /* listed exceptions win over the wildcard */
    e = catalog_lookup("botocore.client.BaseClient.generate_presigned_url");
    CHECK(e && e->flags == 0);
    CHECK_STR_EQ(catalog_lookup("botocore.client.BaseClient.get_paginator")->result_type,
                 "botocore.paginate.Paginator");
    /* the wildcard covers methods only: not the class, not deeper names, not other classes */
    CHECK(catalog_lookup("botocore.client.BaseClient") == NULL);
    CHECK(catalog_lookup("botocore.client.BaseClient.meta.region_name") == NULL);
    CHECK(catalog_lookup("botocore.client.BaseClientX.get") == NULL);
    CHECK(catalog_lookup("botocore.client.BaseClient.") == NULL);
    CHECK(catalog_lookup("botocore.client.BaseClient.*") != NULL);
}

TEST(subtypes)
{
    CHECK(catalog_is_subtype("asyncio.BaseEventLoop", "asyncio.AbstractEventLoop"));
    CHECK(catalog_is_subtype("asyncio.SelectorEventLoop", "asyncio.AbstractEventLoop"));
    CHECK(catalog_is_subtype("asyncio.base_events.BaseEventLoop",
                             "asyncio.events.AbstractEventLoop"));
    CHECK(catalog_is_subtype("asyncio.AbstractEventLoop", "asyncio.AbstractEventLoop"));
    CHECK(!catalog_is_subtype("asyncio.AbstractEventLoop", "asyncio.BaseEventLoop"));
    CHECK(catalog_is_subtype("asyncio.Task", "asyncio.Future"));
    CHECK(catalog_is_subtype("requests.sessions.Session", "requests.Session"));
    CHECK(!catalog_is_subtype("aiohttp.ClientSession", "requests.Session"));
    CHECK(!catalog_is_subtype("httpx.AsyncClient", "httpx.Client"));
    CHECK(catalog_is_subtype("ssl.SSLSocket", "socket.socket"));
    CHECK(catalog_is_subtype("redis.StrictRedis", "redis.Redis"));
    CHECK(catalog_is_subtype("anyio.abc.UNIXSocketStream", "anyio.abc.ByteStream"));
    CHECK(catalog_is_subtype("mypkg.Thing", "mypkg.Thing")); /* unknown but equal */
    CHECK(!catalog_is_subtype("mypkg.Thing", "mypkg.Other"));
    CHECK(!catalog_is_subtype(NULL, "asyncio.Future"));
    CHECK(!catalog_is_subtype("asyncio.Task", NULL));
}

TEST(unknown_names)
{
    static const char *const rows[] = {
        "",
        ".",
        "..",
        "foo",
        "foo.bar",
        "mypkg.service.fetch",
        "asyncio",
        "asyncio.",
        "asyncio..sleep",
        ".asyncio.sleep",
        "asyncio.sleepy",
        "asyncio.sleep.x",
        "time",
        "time.sleeps",
        "sleep",
        "requests.Session.get.x",
        "asyncio.Lock.acquire.x",
        "builtins",
        "builtins.print",
        "redis.asyncio",
        "trio.Nursery.cancel_scope",
        "asyncio.BaseEventLoop.nonexistent",
    };
    for (size_t i = 0; i < ROWS(rows); i++) {
        if (catalog_lookup(rows[i]))
            fprintf(stderr, "  row: '%s'\n", rows[i]);
        CHECK(catalog_lookup(rows[i]) == NULL);
    }
    CHECK(catalog_lookup(NULL) == NULL);
    /* a very long name under a known root */
    char big[4096];
    memcpy(big, "asyncio.", 8);
    memset(big + 8, 'a', sizeof big - 9);
    big[sizeof big - 1] = '\0';
    CHECK(catalog_lookup(big) == NULL);
    CHECK(catalog_canonical(big) == big);
    memcpy(big, "asyncio.locks.", 14); /* an alias applies, but the result would not fit */
    CHECK(catalog_lookup(big) == NULL);
    CHECK(!catalog_is_subtype(big, "asyncio.Lock"));
}

/* A qualname is dotted identifiers, optionally ending in ".*" (a wildcard entry). */
static bool
well_formed(const char *q)
{
    size_t len = strlen(q);
    if (len > 2 && strcmp(q + len - 2, ".*") == 0)
        len -= 2;
    bool start = true;
    for (size_t i = 0; i < len; i++) {
        char c = q[i];
        if (c == '.') {
            if (start)
                return false;
            start = true;
        } else if (isalpha((unsigned char)c) || c == '_' || (!start && isdigit((unsigned char)c))) {
            start = false;
        } else {
            return false;
        }
    }
    return len > 0 && !start;
}

TEST(table_invariants)
{
    uint32_t n;
    const CatalogEntry *t = catalog_entries(&n);
    CHECK(n > 500);
    for (uint32_t i = 0; i < n; i++) {
        const CatalogEntry *e = &t[i];
        const char *q = e->qualname;
        if (!well_formed(q))
            fprintf(stderr, "  malformed qualname: %s\n", q);
        CHECK(well_formed(q));
        for (uint32_t j = i + 1; j < n; j++)
            if (strcmp(q, t[j].qualname) == 0) {
                fprintf(stderr, "  duplicate qualname: %s\n", q);
                CHECK(strcmp(q, t[j].qualname) != 0);
            }
        /* the name is canonical, and lookup finds this very entry */
        if (strcmp(catalog_canonical(q), q) != 0)
            fprintf(stderr, "  entry under an aliased name: %s\n", q);
        CHECK(strcmp(catalog_canonical(q), q) == 0);
        CHECK(catalog_lookup(q) == e);
        bool blocking = (e->flags & CATF_BLOCKING) != 0;
        if (blocking != (e->block != BLK_NONE) || (blocking && !e->note))
            fprintf(stderr, "  blocking flag, kind and note disagree: %s\n", q);
        CHECK(blocking == (e->block != BLK_NONE));
        CHECK(!blocking || e->note);
        for (int fw = 0; fw < FW_COUNT; fw++)
            CHECK(!e->replace[fw] || blocking); /* replacements belong to blocking calls */
        if (e->flags & CATF_CLASS)
            CHECK(e->result_type != NULL);
        if (e->flags & CATF_OFFLOAD)
            CHECK(e->offload_arg >= 0 && e->offload_arg <= 1);
        else
            CHECK(e->offload_arg == 0);
        CHECK(e->min_version == 0 || (e->min_version >= 307 && e->min_version <= 314));
        /* a coroutine is awaited, a not-awaitable call is not: never both */
        CHECK((e->flags & (CATF_COROUTINE | CATF_NOT_AWAITABLE)) !=
              (CATF_COROUTINE | CATF_NOT_AWAITABLE));
        CHECK(!(e->flags & CATF_START_SOON) || !(e->flags & CATF_TASK_SPAWN));
        if (e->result_type)
            CHECK(well_formed(e->result_type) &&
                  strcmp(catalog_canonical(e->result_type), e->result_type) == 0);
    }
}

TEST(table_counts)
{
    uint32_t n, per_kind[BLK_OTHER + 1] = { 0 }, coroutines = 0, classes = 0, other = 0;
    const CatalogEntry *t = catalog_entries(&n);
    for (uint32_t i = 0; i < n; i++) {
        if (t[i].flags & CATF_BLOCKING)
            per_kind[t[i].block]++;
        else if (t[i].flags & CATF_COROUTINE)
            coroutines++;
        else if (t[i].flags & CATF_CLASS)
            classes++;
        else
            other++;
    }
    /* every blocking kind has entries; the counts are printed for the record */
    for (int k = BLK_SLEEP; k <= BLK_OTHER; k++)
        CHECK(per_kind[k] > 0);
    printf("catalog: %u entries; blocking by kind:", n);
    for (int k = BLK_SLEEP; k <= BLK_OTHER; k++)
        printf(" %u", per_kind[k]);
    printf("; coroutines %u, classes %u, other %u\n", coroutines, classes, other);
}

/* render: a template with sample text for its placeholders; false when it has an unknown one. */
static bool
render(const char *t, StrBuf *out)
{
    sb_clear(out);
    for (const char *p = t; *p; p++) {
        if (*p == '}')
            return false; /* a literal brace outside a placeholder */
        if (*p != '{') {
            sb_addc(out, *p);
            continue;
        }
        const char *close = strchr(p, '}');
        if (!close)
            return false;
        size_t n = (size_t)(close - p - 1);
        if (n == 4 && strncmp(p + 1, "args", 4) == 0)
            sb_adds(out, "a, b=1");
        else if (n == 4 && strncmp(p + 1, "func", 4) == 0)
            sb_adds(out, "mod.fn");
        else if (n == 4 && strncmp(p + 1, "recv", 4) == 0)
            sb_adds(out, "obj.attr");
        else if (n >= 1 && isdigit((unsigned char)p[1])) {
            for (size_t i = 1; i <= n; i++)
                if (!isdigit((unsigned char)p[i]))
                    return false;
            sb_printf(out, "arg%.*s", (int)n, p + 1);
        } else
            return false;
        p = close;
    }
    return true;
}

TEST(templates_parse)
{
    static const char *const modules[FW_COUNT] = { "asyncio.", "trio.", "anyio." };
    uint32_t n, templates = 0;
    const CatalogEntry *t = catalog_entries(&n);
    StrBuf text = STRBUF_INIT, src = STRBUF_INIT;
    for (uint32_t i = 0; i < n; i++) {
        for (int fw = 0; fw < FW_COUNT; fw++) {
            const char *tpl = t[i].replace[fw];
            if (!tpl)
                continue;
            templates++;
            bool ok = render(tpl, &text);
            if (!ok)
                fprintf(stderr, "  bad placeholder in %s: %s\n", t[i].qualname, tpl);
            CHECK(ok);
            /* a template names its own framework and no other */
            CHECK(strstr(tpl, modules[fw]) != NULL);
            for (int other = 0; other < FW_COUNT; other++)
                if (other != fw && strstr(tpl, modules[other])) {
                    fprintf(stderr, "  %s: the %s template names %s\n", t[i].qualname, modules[fw],
                            modules[other]);
                    CHECK(!strstr(tpl, modules[other]));
                }
            sb_clear(&src);
            sb_printf(&src, "async def _t():\n    _ = %s\n    %s\n", sb_cstr(&text),
                      sb_cstr(&text));
            Arena a;
            arena_init(&a, 0);
            ParsedFile pf;
            int rc = parse_source(&pf, &a, "<template>", src.data, src.len);
            if (rc != 0)
                fprintf(stderr, "  %s (%d): %s\n    %s: %s\n", t[i].qualname, fw, tpl,
                        pf.err.kind ? pf.err.kind : "?", pf.err.msg ? pf.err.msg : "?");
            CHECK(rc == 0);
            arena_free(&a);
        }
    }
    CHECK(templates > 50);
    sb_free(&text);
    sb_free(&src);
}

TEST(aliases_and_relations_are_consistent)
{
    /* alias targets are canonical: canonicalising twice changes nothing */
    static const char *const names[] = { "open",
                                         "asyncio.locks.Lock",
                                         "requests.sessions.Session",
                                         "posixpath.exists",
                                         "redis.client.StrictRedis",
                                         "pymysql.connect",
                                         "boto3.Session" };
    for (size_t i = 0; i < ROWS(names); i++) {
        char once[512];
        snprintf(once, sizeof once, "%s", catalog_canonical(names[i]));
        CHECK(strcmp(once, names[i]) != 0);
        CHECK_STR_EQ(catalog_canonical(once), once);
        CHECK(catalog_lookup(once) != NULL || strcmp(once, "redis.Redis") == 0 ||
              catalog_lookup(names[i]) != NULL);
    }
    /* the relation graph has no cycle: no base derives from its own subclass */
    static const char *const classes[] = {
        "asyncio.AbstractEventLoop",
        "asyncio.Future",
        "asyncio.Queue",
        "socket.socket",
        "trio.abc.Stream",
        "anyio.abc.ByteStream",
        "io.IOBase",
        "aiofiles.base.AsyncBase",
    };
    static const char *const subs[] = {
        "asyncio.SelectorEventLoop",
        "asyncio.Task",
        "asyncio.LifoQueue",
        "ssl.SSLSocket",
        "trio.SSLStream",
        "anyio.abc.UNIXSocketStream",
        "io.TextIOWrapper",
        "aiofiles.threadpool.binary.AsyncBufferedReader",
    };
    for (size_t i = 0; i < ROWS(classes); i++) {
        CHECK(catalog_is_subtype(subs[i], classes[i]));
        CHECK(!catalog_is_subtype(classes[i], subs[i]));
    }
}

/* Lookups from several threads at once must agree with the single-threaded answers. */
static const char *const mixed_names[] = {
    "time.sleep",
    "requests.sessions.Session.get",
    "asyncio.BaseEventLoop.run_until_complete",
    "botocore.client.BaseClient.list_buckets",
    "mypkg.mod.func",
    "open",
    "posixpath.exists",
    "asyncio.tasks.Task.result",
    "redis.StrictRedis.get",
    "unknown",
    "os.path.join",
    "print",
};

static void *
lookup_worker(void *arg)
{
    const CatalogEntry **expected = arg;
    long mismatches = 0;
    char canon[512];
    for (int round = 0; round < 20000; round++) {
        for (size_t i = 0; i < ROWS(mixed_names); i++) {
            if (catalog_lookup(mixed_names[i]) != expected[i])
                mismatches++;
            snprintf(canon, sizeof canon, "%s", catalog_canonical(mixed_names[i]));
            if (catalog_lookup(canon) != expected[i])
                mismatches++;
        }
    }
    return (void *)mismatches;
}

TEST(concurrent_lookups)
{
    const CatalogEntry *expected[ROWS(mixed_names)];
    for (size_t i = 0; i < ROWS(mixed_names); i++)
        expected[i] = catalog_lookup(mixed_names[i]);
    CHECK(expected[0] && expected[1] && expected[2] && expected[3] && !expected[4]);
    pthread_t threads[4];
    for (int i = 0; i < 4; i++)
        CHECK(pthread_create(&threads[i], NULL, lookup_worker, (void *)expected) == 0);
    for (int i = 0; i < 4; i++) {
        void *mismatches = NULL;
        pthread_join(threads[i], &mismatches);
        CHECK(mismatches == NULL);
    }
}

TEST_MAIN("analysis_catalog", TEST_CASE(flake8_async_parity), TEST_CASE(blocking_extensions),
          TEST_CASE(replacements), TEST_CASE(asyncio_entries), TEST_CASE(trio_anyio_entries),
          TEST_CASE(library_entries), TEST_CASE(canonical_names),
          TEST_CASE(methods_through_aliases_and_bases), TEST_CASE(wildcard), TEST_CASE(subtypes),
          TEST_CASE(unknown_names), TEST_CASE(table_invariants), TEST_CASE(table_counts),
          TEST_CASE(templates_parse), TEST_CASE(aliases_and_relations_are_consistent),
          TEST_CASE(concurrent_lookups))
