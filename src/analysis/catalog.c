/* catalog: library knowledge as data. One const table of entries (what a function, method or class
 * means for async code), one of aliases (other spellings of a module or class) and one of class
 * relations (which class derives from which), all declared once below and indexed by hash tables
 * that catalog_init builds. After that everything is read-only, so lookups need no locks.
 *
 * docs/catalog.md explains how to extend the tables; tests/tools/catalog_doc.py regenerates its
 * reference list from this file. */
#include "analysis/catalog.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

/* The tables and their macros are laid out by hand, one entry a line. */
/* clang-format off */
/* ---------------------------------------------------------------------------------------------------
 * Entry macros. Parameter names never equal a field name, so designators are not substituted.
 *
 *   SYNC(q, kind, nt)                         blocking, no direct replacement
 *   SYNCR(q, kind, nt, aio, tr, any)          blocking, with a template per framework
 *   SYNCX(q, kind, fl, ty, nt)                blocking, with more flags and a result type
 *   SYNCXR(q, kind, fl, ty, nt, aio, tr, any) both
 *   AWAIT(q, fl, ty)                          an async-world entry (coroutine, CM, sync method ...)
 *   AWAITV(q, fl, ty, ver)                    the same, for an API added in Python `ver`
 *   CLASS(q, fl)                              a class; fl describes its instances
 *   CLASSV(q, fl, ver)                        the same, added in Python `ver`
 *   RUNS(q, fl, arg, ver)                     runs the callable at argument `arg` in a worker
 *   KNOWN(q, fl, ty)                          a plain call worth knowing (result type, harmless)
 * ------------------------------------------------------------------------------------------------- */
#define R3(aio, tr, any) .replace = {[FW_ASYNCIO] = aio, [FW_TRIO] = tr, [FW_ANYIO] = any }
#define SYNC(q, kind, nt) { .qualname = q, .flags = CATF_BLOCKING, .block = kind, .note = nt }
#define SYNCR(q, kind, nt, aio, tr, any)                                                           \
    { .qualname = q, .flags = CATF_BLOCKING, .block = kind, .note = nt, R3(aio, tr, any) }
#define SYNCX(q, kind, fl, ty, nt)                                                                 \
    { .qualname = q, .flags = CATF_BLOCKING | (fl), .block = kind, .result_type = ty, .note = nt }
#define SYNCXR(q, kind, fl, ty, nt, aio, tr, any)                                                  \
    { .qualname = q, .flags = CATF_BLOCKING | (fl), .block = kind, .result_type = ty, .note = nt,  \
      R3(aio, tr, any) }
#define AWAIT(q, fl, ty) { .qualname = q, .flags = (fl), .result_type = ty }
#define AWAITV(q, fl, ty, ver) { .qualname = q, .flags = (fl), .result_type = ty, .min_version = ver }
#define CLASS(q, fl) { .qualname = q, .flags = CATF_CLASS | (fl), .result_type = q }
#define CLASSV(q, fl, ver) { .qualname = q, .flags = CATF_CLASS | (fl), .result_type = q, .min_version = ver }
#define RUNS(q, fl, arg, ver)                                                                      \
    { .qualname = q, .flags = CATF_OFFLOAD | (fl), .offload_arg = arg, .min_version = ver }
#define KNOWN(q, fl, ty) { .qualname = q, .flags = (fl), .result_type = ty }

/* Shorthands for the flags that travel together. */
#define CO CATF_COROUTINE
#define NET (CATF_COROUTINE | CATF_NETWORK)
#define SYNC_ONLY CATF_NOT_AWAITABLE
#define ACM CATF_ASYNC_CM
#define SCM CATF_SYNC_CM
#define RES CATF_RESOURCE
#define AITER (CATF_NOT_AWAITABLE | CATF_ASYNC_ITER)
#define SLEEP (CATF_COROUTINE | CATF_CHECKPOINT)

/* Notes: one phrase each, used in messages ("... is a synchronous HTTP request"). */
#define N_HTTP "a synchronous HTTP request"
#define N_HTTPX "a blocking `httpx.Client` request"
#define N_URLLIB3 "a blocking urllib3 request"
#define N_POPEN "starts a process synchronously"
#define N_SPAWN "starts a process synchronously (ASYNC221 when mode is `os.P_WAIT`)"
#define N_RUN "runs a process and waits for it"
#define N_WAIT "waits for a process to exit"
#define N_OPEN "opens a file synchronously"
#define N_PATH "a blocking filesystem call"
#define N_SOCK "blocking socket I/O"
#define N_DNS "a blocking DNS lookup"
#define N_TLS "a blocking TLS operation"
#define N_SELECT "waits for file descriptors synchronously"
#define N_NETLIB "a blocking network protocol call"
#define N_DB "a blocking database call"
#define N_REDIS "a blocking Redis command"
#define N_MONGO "a blocking MongoDB call"
#define N_AWS "a blocking AWS API call"
#define N_LOCK "blocks the thread until the lock is free"
#define N_THREADWAIT "blocks the thread until another thread acts"
#define N_QUEUE "blocks the thread unless called with block=False"
#define N_FUTURE "blocks the thread until the future completes"
#define N_POOL "blocks the thread until the worker pool finishes"
#define N_FS "a blocking filesystem operation"
#define N_FILE "blocking file I/O"
#define N_FROM_THREAD "waits for the event loop; fails when called from the loop's own thread"

/* Method lists shared by several classes (expanded with X-macros, as redis and QuickJS do). */

/* pathlib.Path methods that touch the disk (ruff's ASYNC240 list; open is ASYNC230). trio.Path and
 * anyio.Path make each of them a coroutine. */
#define PATH_IO_METHODS(X)                                                                         \
    X(absolute) X(chmod) X(exists) X(expanduser) X(group) X(hardlink_to) X(is_block_device)        \
    X(is_char_device) X(is_dir) X(is_fifo) X(is_file) X(is_junction) X(is_mount) X(is_socket)      \
    X(is_symlink) X(lchmod) X(lstat) X(mkdir) X(owner) X(read_bytes) X(read_text) X(readlink)      \
    X(rename) X(replace) X(resolve) X(rmdir) X(samefile) X(stat) X(symlink_to) X(touch) X(unlink)  \
    X(write_bytes) X(write_text)
/* Directory listings: trio returns a list from a coroutine, anyio an async iterator. */
#define PATH_LIST_METHODS(X) X(glob) X(iterdir) X(rglob)
/* Methods of the async file wrappers (trio.wrap_file, anyio.AsyncFile, aiofiles): all coroutines. */
#define ASYNC_FILE_METHODS(X)                                                                      \
    X(read) X(read1) X(readline) X(readlines) X(readinto) X(write) X(writelines) X(truncate)       \
    X(seek) X(tell) X(flush)
/* socket.socket methods that wait for the network. */
#define SOCKET_METHODS(X)                                                                          \
    X(accept) X(connect) X(connect_ex) X(recv) X(recv_into) X(recvfrom) X(recvfrom_into)           \
    X(recvmsg) X(send) X(sendall) X(sendto) X(sendmsg) X(sendfile)
/* trio.socket.SocketType: the same operations, as coroutines. */
#define TRIO_SOCKET_METHODS(X)                                                                     \
    X(accept) X(connect) X(recv) X(recv_into) X(recvfrom) X(recvfrom_into) X(recvmsg) X(send)      \
    X(sendto) X(sendmsg)
/* asyncio event loop coroutines that do network I/O. */
#define LOOP_NET_METHODS(X)                                                                        \
    X(sock_recv) X(sock_recv_into) X(sock_recvfrom) X(sock_recvfrom_into) X(sock_sendall)          \
    X(sock_sendto) X(sock_connect) X(sock_accept) X(sock_sendfile) X(getaddrinfo) X(getnameinfo)   \
    X(create_connection) X(create_datagram_endpoint) X(create_unix_connection)                     \
    X(connect_accepted_socket) X(start_tls) X(sendfile)
/* asyncio event loop coroutines without network I/O of their own. */
#define LOOP_CO_METHODS(X)                                                                         \
    X(create_server) X(create_unix_server) X(connect_read_pipe) X(connect_write_pipe)              \
    X(subprocess_exec) X(subprocess_shell) X(shutdown_asyncgens) X(shutdown_default_executor)
/* asyncio event loop methods that are plain sync calls. */
#define LOOP_SYNC_METHODS(X)                                                                       \
    X(call_soon) X(call_soon_threadsafe) X(call_later) X(call_at) X(time) X(stop) X(close)        \
    X(is_running) X(is_closed) X(add_reader) X(remove_reader) X(add_writer) X(remove_writer)       \
    X(add_signal_handler) X(remove_signal_handler) X(set_exception_handler)                        \
    X(set_default_executor) X(set_debug) X(create_future)
/* HTTP verbs of the session-style clients. */
#define HTTP_VERBS(X) X(get) X(post) X(put) X(delete) X(patch) X(head) X(options) X(request)
/* Common Redis commands (redis.Redis blocks on each; redis.asyncio.Redis makes each a coroutine). */
#define REDIS_COMMANDS(X)                                                                          \
    X(get) X(set) X(mget) X(mset) X(setex) X(setnx) X(getset) X(getdel) X(delete) X(exists)        \
    X(expire) X(pexpire) X(ttl) X(incr) X(incrby) X(decr) X(decrby) X(keys) X(scan) X(type)        \
    X(rename) X(hget) X(hset) X(hmget) X(hmset) X(hgetall) X(hdel) X(hexists) X(hincrby) X(hkeys)  \
    X(hvals) X(hlen) X(lpush) X(rpush) X(lpop) X(rpop) X(blpop) X(brpop) X(lrange) X(llen) X(lrem) \
    X(ltrim) X(sadd) X(srem) X(smembers) X(sismember) X(scard) X(zadd) X(zrem) X(zrange)           \
    X(zrangebyscore) X(zrevrange) X(zscore) X(zincrby) X(zcard) X(publish) X(ping) X(flushdb)      \
    X(flushall) X(eval) X(evalsha) X(xadd) X(xread) X(xreadgroup) X(xack) X(info) X(dbsize)
/* MongoDB collection methods that run a command at once (pymongo blocks; motor awaits). */
#define MONGO_COLLECTION_METHODS(X)                                                                \
    X(find_one) X(insert_one) X(insert_many) X(update_one) X(update_many) X(replace_one)           \
    X(delete_one) X(delete_many) X(count_documents) X(estimated_document_count) X(distinct)        \
    X(find_one_and_update) X(find_one_and_replace) X(find_one_and_delete) X(bulk_write)            \
    X(create_index) X(create_indexes) X(drop_index) X(drop) X(index_information)
/* DB-API 2.0 cursor methods that may talk to the server. */
#define DBAPI_CURSOR_METHODS(X) X(execute) X(executemany) X(fetchone) X(fetchmany) X(fetchall)
/* asyncpg query methods, on both Connection and Pool. */
#define PG_QUERY_METHODS(X)                                                                        \
    X(execute) X(executemany) X(fetch) X(fetchrow) X(fetchval) X(copy_from_query)                  \
    X(copy_from_table) X(copy_to_table) X(copy_records_to_table)

/* Expanders for those lists. */
#define PATHLIB_IO(m)                                                                              \
    SYNCR("pathlib.Path." #m, BLK_PATH, N_PATH, NULL, "await trio.Path({recv})." #m "({args})",    \
          "await anyio.Path({recv})." #m "({args})"),
#define PATHLIB_LIST(m)                                                                            \
    SYNCR("pathlib.Path." #m, BLK_PATH, N_PATH, NULL, "await trio.Path({recv})." #m "({args})",    \
          NULL),
#define TRIO_PATH_CO(m) AWAIT("trio.Path." #m, CO, NULL),
#define ANYIO_PATH_CO(m) AWAIT("anyio.Path." #m, CO, NULL),
#define ANYIO_PATH_ITER(m) AWAIT("anyio.Path." #m, AITER, "anyio.Path"),
#define TRIO_FILE_CO(m) AWAIT("trio._file_io.AsyncIOWrapper." #m, CO, NULL),
#define ANYIO_FILE_CO(m) AWAIT("anyio.AsyncFile." #m, CO, NULL),
#define AIOFILES_CO(m) AWAIT("aiofiles.base.AsyncBase." #m, CO, NULL),
#define SOCKET_BLOCK(m) SYNC("socket.socket." #m, BLK_SOCKET, N_SOCK),
#define TRIO_SOCKET_CO(m) AWAIT("trio.socket.SocketType." #m, NET, NULL),
#define LOOP_NET(m) AWAIT("asyncio.AbstractEventLoop." #m, NET, NULL),
#define LOOP_CO(m) AWAIT("asyncio.AbstractEventLoop." #m, CO, NULL),
#define LOOP_SYNC(m) AWAIT("asyncio.AbstractEventLoop." #m, SYNC_ONLY, NULL),
#define REQUESTS_SESSION(m) SYNC("requests.Session." #m, BLK_HTTP, N_HTTP),
#define AIOHTTP_VERB(m) AWAIT("aiohttp.ClientSession." #m, NET | ACM, "aiohttp.ClientResponse"),
#define HTTPX_ASYNC_VERB(m) AWAIT("httpx.AsyncClient." #m, NET, "httpx.Response"),
#define REDIS_SYNC(m) SYNC("redis.Redis." #m, BLK_DB, N_REDIS),
#define REDIS_ASYNC(m) AWAIT("redis.asyncio.Redis." #m, NET, NULL),
#define PYMONGO(m) SYNC("pymongo.collection.Collection." #m, BLK_DB, N_MONGO),
#define MOTOR(m) AWAIT("motor.motor_asyncio.AsyncIOMotorCollection." #m, NET, NULL),
#define PYMONGO_ASYNC(m) AWAIT("pymongo.asynchronous.collection.AsyncCollection." #m, NET, NULL),
#define SQLITE_CURSOR(m) SYNC("sqlite3.Cursor." #m, BLK_DB, N_DB),
#define PSYCOPG2_CURSOR(m) SYNC("psycopg2.extensions.cursor." #m, BLK_DB, N_DB),
#define PYMYSQL_CURSOR(m) SYNC("pymysql.cursors.Cursor." #m, BLK_DB, N_DB),
#define PSYCOPG_CURSOR(m) SYNC("psycopg.Cursor." #m, BLK_DB, N_DB),
#define PSYCOPG_ASYNC_CURSOR(m) AWAIT("psycopg.AsyncCursor." #m, NET, NULL),
#define ASYNCPG_CONN(m) AWAIT("asyncpg.Connection." #m, NET, NULL),
#define ASYNCPG_POOL(m) AWAIT("asyncpg.Pool." #m, NET, NULL),

/* os functions that wait for the disk. */
#define OS_FS_FUNCS(X) \
    X(open) X(remove) X(unlink) X(rename) X(renames) X(replace) X(mkdir) X(makedirs) X(rmdir) \
    X(removedirs) X(listdir) X(scandir) X(walk) X(fwalk) X(stat) X(lstat) X(statvfs) X(access) \
    X(chmod) X(chown) X(lchown) X(link) X(symlink) X(readlink) X(truncate) X(utime) X(fsync) \
    X(fdatasync) X(sync) X(copy_file_range)
#define OS_FS(m) SYNC("os." #m, BLK_FILE_IO, N_FS),
/* shutil: every one copies, moves or deletes files. */
#define SHUTIL_FUNCS(X) \
    X(copy) X(copy2) X(copyfile) X(copyfileobj) X(copytree) X(rmtree) X(move) X(make_archive) \
    X(unpack_archive) X(disk_usage) X(chown)
#define SHUTIL_FS(m) SYNC("shutil." #m, BLK_FILE_IO, N_FS),
/* ftplib.FTP commands (each a round trip to the server). */
#define FTP_METHODS(X) \
    X(connect) X(login) X(cwd) X(dir) X(nlst) X(mlsd) X(retrbinary) X(retrlines) X(storbinary) \
    X(storlines) X(sendcmd) X(voidcmd) X(delete) X(rename) X(mkd) X(rmd) X(size) X(quit)
#define FTP_BLOCK(m) SYNC("ftplib.FTP." #m, BLK_SOCKET, N_NETLIB),
/* smtplib.SMTP commands. */
#define SMTP_METHODS(X) \
    X(connect) X(login) X(starttls) X(ehlo) X(helo) X(sendmail) X(send_message) X(noop) \
    X(verify) X(quit)
#define SMTP_BLOCK(m) SYNC("smtplib.SMTP." #m, BLK_SOCKET, N_NETLIB),
/* telnetlib.Telnet reads and writes (the module is gone in 3.13). */
#define TELNET_METHODS(X) \
    X(open) X(read_until) X(read_all) X(read_some) X(expect) X(write)
#define TELNET_BLOCK(m) SYNC("telnetlib.Telnet." #m, BLK_SOCKET, N_NETLIB),
/* imaplib.IMAP4 commands. */
#define IMAP_METHODS(X) \
    X(login) X(select) X(search) X(fetch) X(store) X(logout)
#define IMAP_BLOCK(m) SYNC("imaplib.IMAP4." #m, BLK_SOCKET, N_NETLIB),
/* os.spawn*: ASYNC220, or ASYNC221 when the mode argument is os.P_WAIT (the rule decides). */
#define OS_SPAWN_FUNCS(X) \
    X(spawnl) X(spawnle) X(spawnlp) X(spawnlpe) X(spawnv) X(spawnve) X(spawnvp) X(spawnvpe)
#define OS_SPAWN(m) SYNC("os." #m, BLK_SUBPROCESS_START, N_SPAWN),
/* os.wait*: ASYNC222. */
#define OS_WAIT_FUNCS(X) \
    X(wait) X(wait3) X(wait4) X(waitid) X(waitpid)
#define OS_WAIT(m) SYNC("os." #m, BLK_PROCESS_WAIT, N_WAIT),
/* sqlalchemy.orm.Session methods that talk to the database. */
#define SA_SESSION_METHODS(X) \
    X(execute) X(scalar) X(scalars) X(get) X(commit) X(rollback) X(flush) X(refresh) X(merge)
#define SA_SESSION(m) SYNC("sqlalchemy.orm.Session." #m, BLK_DB, N_DB),
/* sqlalchemy.ext.asyncio.AsyncSession coroutines that talk to the database. */
#define SA_ASYNC_SESSION_METHODS(X) \
    X(execute) X(scalar) X(scalars) X(get) X(stream) X(commit) X(rollback) X(flush) X(refresh) \
    X(merge) X(delete)
#define SA_ASYNC_SESSION(m) AWAIT("sqlalchemy.ext.asyncio.AsyncSession." #m, NET, NULL),
/* asyncio.Future methods that are plain calls (asyncio.Task inherits them). */
#define FUTURE_SYNC_METHODS(X) \
    X(result) X(exception) X(done) X(cancel) X(cancelled) X(add_done_callback) X(set_result) \
    X(set_exception)
#define FUTURE_SYNC(m) AWAIT("asyncio.Future." #m, SYNC_ONLY, NULL),
/* aiofiles.os coroutines. */
#define AIOFILES_OS_FUNCS(X) \
    X(remove) X(unlink) X(rename) X(replace) X(mkdir) X(makedirs) X(rmdir) X(stat) X(listdir) \
    X(scandir)
#define AIOFILES_OS(m) AWAIT("aiofiles.os." #m, CO, NULL),
/* aiohttp websocket coroutines. */
#define AIOHTTP_WS_METHODS(X) \
    X(send_str) X(send_bytes) X(send_json) X(receive) X(receive_str) X(receive_bytes) \
    X(receive_json) X(ping)
#define AIOHTTP_WS(m) AWAIT("aiohttp.ClientWebSocketResponse." #m, NET, NULL),

static const CatalogEntry catalog_table[] = {
    /* ---- ASYNC251 blocking sleep, ASYNC250 console input ------------------------------------- */
    SYNCR("time.sleep", BLK_SLEEP, "a blocking sleep",
          "await asyncio.sleep({args})", "await trio.sleep({args})", "await anyio.sleep({args})"),
    SYNC("builtins.input", BLK_INPUT, "waits for console input"),
    SYNC("getpass.getpass", BLK_INPUT, "waits for console input"),
    SYNC("sys.stdin.read", BLK_INPUT, "waits for console input"),
    SYNC("sys.stdin.readline", BLK_INPUT, "waits for console input"),
    SYNC("sys.stdin.readlines", BLK_INPUT, "waits for console input"),

    /* ---- ASYNC210 synchronous HTTP ----------------------------------------------------------- */
    SYNCX("requests.get", BLK_HTTP, 0, "requests.Response", N_HTTP),
    SYNCX("requests.post", BLK_HTTP, 0, "requests.Response", N_HTTP),
    SYNCX("requests.put", BLK_HTTP, 0, "requests.Response", N_HTTP),
    SYNCX("requests.delete", BLK_HTTP, 0, "requests.Response", N_HTTP),
    SYNCX("requests.patch", BLK_HTTP, 0, "requests.Response", N_HTTP),
    SYNCX("requests.head", BLK_HTTP, 0, "requests.Response", N_HTTP),
    SYNCX("requests.options", BLK_HTTP, 0, "requests.Response", N_HTTP),
    SYNCX("requests.request", BLK_HTTP, 0, "requests.Response", N_HTTP),
    CLASS("requests.Session", SCM | RES),
    KNOWN("requests.session", CATF_CLASS | SCM | RES, "requests.Session"),
    HTTP_VERBS(REQUESTS_SESSION)
    SYNC("requests.Session.send", BLK_HTTP, N_HTTP),
    SYNCX("httpx.get", BLK_HTTP, 0, "httpx.Response", N_HTTP),
    SYNCX("httpx.post", BLK_HTTP, 0, "httpx.Response", N_HTTP),
    SYNCX("httpx.put", BLK_HTTP, 0, "httpx.Response", N_HTTP),
    SYNCX("httpx.delete", BLK_HTTP, 0, "httpx.Response", N_HTTP),
    SYNCX("httpx.patch", BLK_HTTP, 0, "httpx.Response", N_HTTP),
    SYNCX("httpx.head", BLK_HTTP, 0, "httpx.Response", N_HTTP),
    SYNCX("httpx.options", BLK_HTTP, 0, "httpx.Response", N_HTTP),
    SYNCX("httpx.request", BLK_HTTP, 0, "httpx.Response", N_HTTP),
    SYNCX("httpx.stream", BLK_HTTP, SCM, "httpx.Response", N_HTTP),
    SYNCX("urllib.request.urlopen", BLK_HTTP, SCM | RES, "http.client.HTTPResponse", N_HTTP),
    SYNC("urllib.request.urlretrieve", BLK_HTTP, N_HTTP),
    SYNCX("urllib.request.OpenerDirector.open", BLK_HTTP, SCM | RES, "http.client.HTTPResponse", N_HTTP),
    SYNC("urllib3.request", BLK_HTTP, N_HTTP),
    CLASS("http.client.HTTPConnection", RES),
    SYNC("http.client.HTTPConnection.connect", BLK_HTTP, N_HTTP),
    SYNC("http.client.HTTPConnection.request", BLK_HTTP, N_HTTP),
    SYNCX("http.client.HTTPConnection.getresponse", BLK_HTTP, 0, "http.client.HTTPResponse", N_HTTP),
    SYNC("http.client.HTTPConnection.send", BLK_HTTP, N_HTTP),
    SYNC("http.client.HTTPResponse.read", BLK_HTTP, N_HTTP),
    SYNC("http.client.HTTPResponse.readline", BLK_HTTP, N_HTTP),

    /* ---- ASYNC212 blocking client objects (flake8-async also lists urllib3's pools here) ------ */
    CLASS("httpx.Client", SCM | RES),
    SYNC("httpx.Client.close", BLK_HTTPX_SYNC, N_HTTPX),
    SYNCX("httpx.Client.delete", BLK_HTTPX_SYNC, 0, "httpx.Response", N_HTTPX),
    SYNCX("httpx.Client.get", BLK_HTTPX_SYNC, 0, "httpx.Response", N_HTTPX),
    SYNCX("httpx.Client.head", BLK_HTTPX_SYNC, 0, "httpx.Response", N_HTTPX),
    SYNCX("httpx.Client.options", BLK_HTTPX_SYNC, 0, "httpx.Response", N_HTTPX),
    SYNCX("httpx.Client.patch", BLK_HTTPX_SYNC, 0, "httpx.Response", N_HTTPX),
    SYNCX("httpx.Client.post", BLK_HTTPX_SYNC, 0, "httpx.Response", N_HTTPX),
    SYNCX("httpx.Client.put", BLK_HTTPX_SYNC, 0, "httpx.Response", N_HTTPX),
    SYNCX("httpx.Client.request", BLK_HTTPX_SYNC, 0, "httpx.Response", N_HTTPX),
    SYNCX("httpx.Client.send", BLK_HTTPX_SYNC, 0, "httpx.Response", N_HTTPX),
    SYNCX("httpx.Client.stream", BLK_HTTPX_SYNC, SCM, "httpx.Response", N_HTTPX),
    CLASS("urllib3.PoolManager", SCM | RES),
    SYNC("urllib3.PoolManager.request", BLK_HTTPX_SYNC, N_URLLIB3),
    SYNC("urllib3.PoolManager.urlopen", BLK_HTTPX_SYNC, N_URLLIB3),
    SYNC("urllib3.PoolManager.request_encode_url", BLK_HTTPX_SYNC, N_URLLIB3),
    SYNC("urllib3.PoolManager.request_encode_body", BLK_HTTPX_SYNC, N_URLLIB3),
    CLASS("urllib3.HTTPConnectionPool", SCM | RES),
    SYNC("urllib3.HTTPConnectionPool.request", BLK_HTTPX_SYNC, N_URLLIB3),
    SYNC("urllib3.HTTPConnectionPool.urlopen", BLK_HTTPX_SYNC, N_URLLIB3),
    SYNC("urllib3.HTTPConnectionPool.request_encode_url", BLK_HTTPX_SYNC, N_URLLIB3),
    SYNC("urllib3.HTTPConnectionPool.request_encode_body", BLK_HTTPX_SYNC, N_URLLIB3),

    /* ---- ASYNC220 start a process, ASYNC221 run one, ASYNC222 wait for one -------------------- */
    SYNCXR("subprocess.Popen", BLK_SUBPROCESS_START, CATF_CLASS | SCM | RES, "subprocess.Popen", N_POPEN,
           NULL, "await trio.lowlevel.open_process({args})", "await anyio.open_process({args})"),
    SYNC("os.popen", BLK_SUBPROCESS_START, N_POPEN),
    OS_SPAWN_FUNCS(OS_SPAWN)
    SYNCXR("subprocess.run", BLK_SUBPROCESS_RUN, 0, "subprocess.CompletedProcess", N_RUN,
           NULL, "await trio.run_process({args})", "await anyio.run_process({args})"),
    SYNCR("subprocess.call", BLK_SUBPROCESS_RUN, N_RUN, NULL,
          "(await trio.run_process({args}, check=False)).returncode",
          "(await anyio.run_process({args}, stdout=None, stderr=None, check=False)).returncode"),
    SYNCR("subprocess.check_call", BLK_SUBPROCESS_RUN, N_RUN, NULL,
          "await trio.run_process({args})", "await anyio.run_process({args}, stdout=None, stderr=None)"),
    SYNCR("subprocess.check_output", BLK_SUBPROCESS_RUN, N_RUN, NULL,
          "(await trio.run_process({args}, capture_stdout=True)).stdout",
          "(await anyio.run_process({args}, stderr=None)).stdout"),
    SYNC("subprocess.getoutput", BLK_SUBPROCESS_RUN, N_RUN),
    SYNC("subprocess.getstatusoutput", BLK_SUBPROCESS_RUN, N_RUN),
    SYNC("os.system", BLK_SUBPROCESS_RUN, N_RUN),
    SYNC("os.posix_spawn", BLK_SUBPROCESS_RUN, N_RUN),
    SYNC("os.posix_spawnp", BLK_SUBPROCESS_RUN, N_RUN),
    OS_WAIT_FUNCS(OS_WAIT)
    SYNC("subprocess.Popen.wait", BLK_PROCESS_WAIT, N_WAIT),
    SYNC("subprocess.Popen.communicate", BLK_PROCESS_WAIT, N_WAIT),

    /* ---- ASYNC230 open a file, ASYNC231 fdopen ------------------------------------------------ */
    SYNCXR("builtins.open", BLK_OPEN, SCM | RES, "io.TextIOWrapper", N_OPEN,
           NULL, "await trio.open_file({args})", "await anyio.open_file({args})"),
    SYNCXR("io.open", BLK_OPEN, SCM | RES, "io.TextIOWrapper", N_OPEN,
           NULL, "await trio.open_file({args})", "await anyio.open_file({args})"),
    SYNCX("io.open_code", BLK_OPEN, SCM | RES, "io.BufferedReader", N_OPEN),
    SYNCX("codecs.open", BLK_OPEN, SCM | RES, "codecs.StreamReaderWriter", N_OPEN),
    SYNCXR("pathlib.Path.open", BLK_OPEN, SCM | RES, "io.TextIOWrapper", N_OPEN,
           NULL, "await trio.Path({recv}).open({args})", "await anyio.Path({recv}).open({args})"),
    SYNCXR("os.fdopen", BLK_FDOPEN, SCM | RES, "io.TextIOWrapper", N_OPEN,
           NULL, "trio.wrap_file({func}({args}))", "anyio.wrap_file({func}({args}))"),

    /* ---- ASYNC240 os.path and pathlib I/O (flake8-async's os.path list, ruff's Path list) ------ */
    SYNCR("os.path.exists", BLK_PATH, N_PATH, NULL,
          "await trio.Path({0}).exists()", "await anyio.Path({0}).exists()"),
    SYNC("os.path.lexists", BLK_PATH, N_PATH),
    SYNCR("os.path.isdir", BLK_PATH, N_PATH, NULL,
          "await trio.Path({0}).is_dir()", "await anyio.Path({0}).is_dir()"),
    SYNCR("os.path.isfile", BLK_PATH, N_PATH, NULL,
          "await trio.Path({0}).is_file()", "await anyio.Path({0}).is_file()"),
    SYNCR("os.path.islink", BLK_PATH, N_PATH, NULL,
          "await trio.Path({0}).is_symlink()", "await anyio.Path({0}).is_symlink()"),
    SYNCR("os.path.ismount", BLK_PATH, N_PATH, NULL,
          "await trio.Path({0}).is_mount()", "await anyio.Path({0}).is_mount()"),
    SYNC("os.path.isjunction", BLK_PATH, N_PATH),
    SYNCR("os.path.realpath", BLK_PATH, N_PATH, NULL,
          "str(await trio.Path({0}).resolve())", "str(await anyio.Path({0}).resolve())"),
    SYNC("os.path.abspath", BLK_PATH, N_PATH),
    SYNC("os.path.relpath", BLK_PATH, N_PATH),
    /* os.path.normpath is in flake8-async's list but only rewrites a string: no filesystem access,
     * so it is left out on purpose (aiohttp and starlette call it on every static-file request) */
    SYNC("os.path.expanduser", BLK_PATH, N_PATH),
    SYNCR("os.path.getatime", BLK_PATH, N_PATH, NULL,
          "(await trio.Path({0}).stat()).st_atime", "(await anyio.Path({0}).stat()).st_atime"),
    SYNCR("os.path.getctime", BLK_PATH, N_PATH, NULL,
          "(await trio.Path({0}).stat()).st_ctime", "(await anyio.Path({0}).stat()).st_ctime"),
    SYNCR("os.path.getmtime", BLK_PATH, N_PATH, NULL,
          "(await trio.Path({0}).stat()).st_mtime", "(await anyio.Path({0}).stat()).st_mtime"),
    SYNCR("os.path.getsize", BLK_PATH, N_PATH, NULL,
          "(await trio.Path({0}).stat()).st_size", "(await anyio.Path({0}).stat()).st_size"),
    SYNCR("os.path.samefile", BLK_PATH, N_PATH, NULL,
          "await trio.Path({0}).samefile({1})", "await anyio.Path({0}).samefile({1})"),
    SYNC("os.path.sameopenfile", BLK_PATH, N_PATH),
    CLASS("pathlib.Path", 0),
    PATH_IO_METHODS(PATHLIB_IO)
    PATH_LIST_METHODS(PATHLIB_LIST)
    SYNC("pathlib.Path.walk", BLK_PATH, N_PATH),
    SYNCR("pathlib.Path.cwd", BLK_PATH, N_PATH, NULL, "await trio.Path.cwd()", "await anyio.Path.cwd()"),
    SYNCR("pathlib.Path.home", BLK_PATH, N_PATH, NULL, "await trio.Path.home()", "await anyio.Path.home()"),

    /* ---- sockets, DNS, TLS, select; network protocols in the standard library ---------------- */
    SYNCX("socket.create_connection", BLK_SOCKET, RES, "socket.socket", N_SOCK),
    SYNCR("socket.getaddrinfo", BLK_SOCKET, N_DNS,
          "await asyncio.get_running_loop().getaddrinfo({args})",
          "await trio.socket.getaddrinfo({args})", "await anyio.getaddrinfo({args})"),
    SYNCR("socket.getnameinfo", BLK_SOCKET, N_DNS,
          "await asyncio.get_running_loop().getnameinfo({args})",
          "await trio.socket.getnameinfo({args})", "await anyio.getnameinfo({args})"),
    SYNC("socket.gethostbyname", BLK_SOCKET, N_DNS),
    SYNC("socket.gethostbyname_ex", BLK_SOCKET, N_DNS),
    SYNC("socket.gethostbyaddr", BLK_SOCKET, N_DNS),
    SYNC("socket.getfqdn", BLK_SOCKET, N_DNS),
    CLASS("socket.socket", SCM | RES),
    SOCKET_METHODS(SOCKET_BLOCK)
    SYNC("socket.socket.makefile", BLK_SOCKET, "a file over a blocking socket"),
    SYNC("ssl.SSLSocket.do_handshake", BLK_SOCKET, N_TLS),
    SYNC("ssl.SSLSocket.read", BLK_SOCKET, N_TLS),
    SYNC("ssl.SSLSocket.write", BLK_SOCKET, N_TLS),
    SYNCX("ssl.SSLContext.wrap_socket", BLK_SOCKET, 0, "ssl.SSLSocket",
          "performs the TLS handshake on a connected socket"),
    SYNC("ssl.get_server_certificate", BLK_SOCKET, N_TLS),
    SYNCX("ssl.create_default_context", BLK_FILE_IO, 0, "ssl.SSLContext",
          "loads the CA certificates from disk"),
    SYNC("select.select", BLK_SOCKET, N_SELECT),
    CLASS("select.poll", 0),
    SYNC("select.poll.poll", BLK_SOCKET, N_SELECT),
    CLASS("select.epoll", SCM | RES),
    SYNC("select.epoll.poll", BLK_SOCKET, N_SELECT),
    SYNC("select.devpoll.poll", BLK_SOCKET, N_SELECT),
    SYNC("select.kqueue.control", BLK_SOCKET, N_SELECT),
    CLASS("selectors.BaseSelector", SCM | RES),
    SYNC("selectors.BaseSelector.select", BLK_SOCKET, N_SELECT),
    SYNCX("ftplib.FTP", BLK_SOCKET, CATF_CLASS | SCM | RES, "ftplib.FTP", "connects when given a host"),
    FTP_METHODS(FTP_BLOCK)
    SYNCX("smtplib.SMTP", BLK_SOCKET, CATF_CLASS | SCM | RES, "smtplib.SMTP", "connects when given a host"),
    SMTP_METHODS(SMTP_BLOCK)
    SYNCX("telnetlib.Telnet", BLK_SOCKET, CATF_CLASS | SCM | RES, "telnetlib.Telnet", "connects when given a host"),
    TELNET_METHODS(TELNET_BLOCK)
    SYNCX("imaplib.IMAP4", BLK_SOCKET, CATF_CLASS | RES, "imaplib.IMAP4", "connects to the server"),
    IMAP_METHODS(IMAP_BLOCK)

    /* ---- databases, caches and cloud clients -------------------------------------------------- */
    SYNCX("sqlite3.connect", BLK_DB, RES, "sqlite3.Connection", N_DB),
    SYNCX("sqlite3.Connection.execute", BLK_DB, 0, "sqlite3.Cursor", N_DB),
    SYNCX("sqlite3.Connection.executemany", BLK_DB, 0, "sqlite3.Cursor", N_DB),
    SYNCX("sqlite3.Connection.executescript", BLK_DB, 0, "sqlite3.Cursor", N_DB),
    SYNC("sqlite3.Connection.commit", BLK_DB, N_DB),
    SYNC("sqlite3.Connection.rollback", BLK_DB, N_DB),
    SYNC("sqlite3.Connection.backup", BLK_DB, N_DB),
    KNOWN("sqlite3.Connection.cursor", 0, "sqlite3.Cursor"),
    DBAPI_CURSOR_METHODS(SQLITE_CURSOR)
    SYNC("sqlite3.Cursor.executescript", BLK_DB, N_DB),
    SYNCX("psycopg2.connect", BLK_DB, RES, "psycopg2.extensions.connection", N_DB),
    CLASS("psycopg2.extensions.connection", SCM | RES),
    SYNC("psycopg2.extensions.connection.commit", BLK_DB, N_DB),
    SYNC("psycopg2.extensions.connection.rollback", BLK_DB, N_DB),
    KNOWN("psycopg2.extensions.connection.cursor", 0, "psycopg2.extensions.cursor"),
    DBAPI_CURSOR_METHODS(PSYCOPG2_CURSOR)
    SYNC("psycopg2.extensions.cursor.callproc", BLK_DB, N_DB),
    SYNC("psycopg2.extensions.cursor.copy_from", BLK_DB, N_DB),
    SYNC("psycopg2.extensions.cursor.copy_to", BLK_DB, N_DB),
    SYNC("psycopg2.extensions.cursor.copy_expert", BLK_DB, N_DB),
    SYNCX("psycopg.connect", BLK_DB, RES, "psycopg.Connection", N_DB),
    CLASS("psycopg.Connection", SCM | RES),
    SYNCX("psycopg.Connection.connect", BLK_DB, RES, "psycopg.Connection", N_DB),
    SYNCX("psycopg.Connection.execute", BLK_DB, 0, "psycopg.Cursor", N_DB),
    SYNC("psycopg.Connection.commit", BLK_DB, N_DB),
    SYNC("psycopg.Connection.rollback", BLK_DB, N_DB),
    KNOWN("psycopg.Connection.cursor", 0, "psycopg.Cursor"),
    DBAPI_CURSOR_METHODS(PSYCOPG_CURSOR)
    SYNCX("pymysql.connections.Connection", BLK_DB, CATF_CLASS | SCM | RES,
          "pymysql.connections.Connection", N_DB),
    SYNC("pymysql.connections.Connection.commit", BLK_DB, N_DB),
    SYNC("pymysql.connections.Connection.rollback", BLK_DB, N_DB),
    SYNC("pymysql.connections.Connection.begin", BLK_DB, N_DB),
    SYNC("pymysql.connections.Connection.ping", BLK_DB, N_DB),
    SYNC("pymysql.connections.Connection.select_db", BLK_DB, N_DB),
    KNOWN("pymysql.connections.Connection.cursor", 0, "pymysql.cursors.Cursor"),
    DBAPI_CURSOR_METHODS(PYMYSQL_CURSOR)
    SYNC("pymysql.cursors.Cursor.callproc", BLK_DB, N_DB),
    SYNC("mysql.connector.connect", BLK_DB, N_DB),
    SYNCX("sqlalchemy.engine.Engine.connect", BLK_DB, SCM | RES, "sqlalchemy.engine.Connection", N_DB),
    SYNCX("sqlalchemy.engine.Engine.begin", BLK_DB, SCM, "sqlalchemy.engine.Connection", N_DB),
    SYNC("sqlalchemy.engine.Connection.execute", BLK_DB, N_DB),
    SYNC("sqlalchemy.engine.Connection.exec_driver_sql", BLK_DB, N_DB),
    SYNC("sqlalchemy.engine.Connection.scalar", BLK_DB, N_DB),
    SYNC("sqlalchemy.engine.Connection.commit", BLK_DB, N_DB),
    SYNC("sqlalchemy.engine.Connection.rollback", BLK_DB, N_DB),
    CLASS("sqlalchemy.orm.Session", SCM | RES),
    SA_SESSION_METHODS(SA_SESSION)
    CLASS("redis.Redis", SCM | RES),
    KNOWN("redis.from_url", RES, "redis.Redis"),
    REDIS_COMMANDS(REDIS_SYNC)
    KNOWN("redis.Redis.pipeline", 0, "redis.client.Pipeline"),
    KNOWN("redis.Redis.pubsub", 0, "redis.client.PubSub"),
    SYNC("redis.client.Pipeline.execute", BLK_DB, N_REDIS),
    SYNC("redis.client.PubSub.subscribe", BLK_DB, N_REDIS),
    SYNC("redis.client.PubSub.get_message", BLK_DB, N_REDIS),
    SYNC("redis.client.PubSub.listen", BLK_DB, N_REDIS),
    CLASS("pymongo.MongoClient", SCM | RES),
    SYNC("pymongo.MongoClient.list_database_names", BLK_DB, N_MONGO),
    SYNC("pymongo.MongoClient.server_info", BLK_DB, N_MONGO),
    SYNC("pymongo.MongoClient.drop_database", BLK_DB, N_MONGO),
    KNOWN("pymongo.MongoClient.get_database", 0, "pymongo.database.Database"),
    SYNC("pymongo.database.Database.command", BLK_DB, N_MONGO),
    SYNC("pymongo.database.Database.list_collection_names", BLK_DB, N_MONGO),
    SYNC("pymongo.database.Database.create_collection", BLK_DB, N_MONGO),
    SYNC("pymongo.database.Database.drop_collection", BLK_DB, N_MONGO),
    KNOWN("pymongo.database.Database.get_collection", 0, "pymongo.collection.Collection"),
    MONGO_COLLECTION_METHODS(PYMONGO)
    SYNCX("pymongo.collection.Collection.find", BLK_DB, 0, "pymongo.cursor.Cursor",
          "a MongoDB query whose cursor blocks on iteration"),
    SYNC("pymongo.collection.Collection.aggregate", BLK_DB, N_MONGO),
    SYNCX("boto3.client", BLK_DB, 0, "botocore.client.BaseClient",
          "loads service models from disk and may fetch credentials"),
    SYNCX("boto3.resource", BLK_DB, 0, "boto3.resources.base.ServiceResource",
          "loads service models from disk and may fetch credentials"),
    CLASS("boto3.session.Session", 0),
    SYNCX("boto3.session.Session.client", BLK_DB, 0, "botocore.client.BaseClient",
          "loads service models from disk and may fetch credentials"),
    SYNCX("boto3.session.Session.resource", BLK_DB, 0, "boto3.resources.base.ServiceResource",
          "loads service models from disk and may fetch credentials"),
    SYNC("botocore.client.BaseClient.*", BLK_DB, N_AWS),
    KNOWN("botocore.client.BaseClient.generate_presigned_url", 0, NULL),
    KNOWN("botocore.client.BaseClient.generate_presigned_post", 0, NULL),
    KNOWN("botocore.client.BaseClient.get_paginator", 0, "botocore.paginate.Paginator"),
    KNOWN("botocore.client.BaseClient.get_waiter", 0, "botocore.waiter.Waiter"),
    KNOWN("botocore.client.BaseClient.can_paginate", 0, NULL),
    KNOWN("botocore.client.BaseClient.close", 0, NULL),
    SYNC("botocore.waiter.Waiter.wait", BLK_DB, N_AWS),

    /* ---- thread synchronisation: locks, events, queues, futures, pools ------------------------ */
    CLASS("threading.Lock", SCM),
    SYNC("threading.Lock.acquire", BLK_SYNC_PRIMITIVE, N_LOCK),
    CLASS("threading.RLock", SCM),
    SYNC("threading.RLock.acquire", BLK_SYNC_PRIMITIVE, N_LOCK),
    CLASS("threading.Semaphore", SCM),
    SYNC("threading.Semaphore.acquire", BLK_SYNC_PRIMITIVE, N_LOCK),
    CLASS("threading.BoundedSemaphore", SCM),
    CLASS("threading.Condition", SCM),
    SYNC("threading.Condition.acquire", BLK_SYNC_PRIMITIVE, N_LOCK),
    SYNC("threading.Condition.wait", BLK_SYNC_PRIMITIVE, N_THREADWAIT),
    SYNC("threading.Condition.wait_for", BLK_SYNC_PRIMITIVE, N_THREADWAIT),
    CLASS("threading.Event", 0),
    SYNC("threading.Event.wait", BLK_SYNC_PRIMITIVE, N_THREADWAIT),
    CLASS("threading.Barrier", 0),
    SYNC("threading.Barrier.wait", BLK_SYNC_PRIMITIVE, N_THREADWAIT),
    CLASS("threading.Thread", 0),
    SYNC("threading.Thread.join", BLK_SYNC_PRIMITIVE, N_THREADWAIT),
    CLASS("queue.Queue", 0),
    SYNC("queue.Queue.get", BLK_SYNC_PRIMITIVE, N_QUEUE),
    SYNC("queue.Queue.put", BLK_SYNC_PRIMITIVE, N_QUEUE),
    SYNC("queue.Queue.join", BLK_SYNC_PRIMITIVE, N_THREADWAIT),
    CLASS("queue.SimpleQueue", 0),
    SYNC("queue.SimpleQueue.get", BLK_SYNC_PRIMITIVE, N_QUEUE),
    CLASS("concurrent.futures.Future", 0),
    SYNCR("concurrent.futures.Future.result", BLK_SYNC_PRIMITIVE, N_FUTURE,
          "await asyncio.wrap_future({recv})", NULL, NULL),
    SYNC("concurrent.futures.Future.exception", BLK_SYNC_PRIMITIVE, N_FUTURE),
    SYNC("concurrent.futures.wait", BLK_SYNC_PRIMITIVE, N_FUTURE),
    SYNC("concurrent.futures.as_completed", BLK_SYNC_PRIMITIVE, N_FUTURE),
    CLASS("concurrent.futures.Executor", SCM | RES),
    CLASS("concurrent.futures.ThreadPoolExecutor", SCM | RES),
    CLASS("concurrent.futures.ProcessPoolExecutor", SCM | RES),
    RUNS("concurrent.futures.Executor.submit", SYNC_ONLY, 0, 0),
    SYNC("concurrent.futures.Executor.shutdown", BLK_SYNC_PRIMITIVE, N_POOL),
    KNOWN("multiprocessing.Pool", CATF_CLASS | SCM | RES, "multiprocessing.pool.Pool"),
    CLASS("multiprocessing.pool.Pool", SCM | RES),
    CLASS("multiprocessing.pool.ThreadPool", SCM | RES),
    SYNC("multiprocessing.pool.Pool.apply", BLK_SYNC_PRIMITIVE, N_POOL),
    SYNC("multiprocessing.pool.Pool.map", BLK_SYNC_PRIMITIVE, N_POOL),
    SYNC("multiprocessing.pool.Pool.starmap", BLK_SYNC_PRIMITIVE, N_POOL),
    SYNC("multiprocessing.pool.Pool.join", BLK_SYNC_PRIMITIVE, N_POOL),
    RUNS("multiprocessing.pool.Pool.apply_async", SYNC_ONLY, 0, 0),
    SYNC("multiprocessing.pool.AsyncResult.get", BLK_SYNC_PRIMITIVE, N_FUTURE),
    SYNC("multiprocessing.pool.AsyncResult.wait", BLK_SYNC_PRIMITIVE, N_FUTURE),
    CLASS("multiprocessing.Process", 0),
    SYNC("multiprocessing.Process.join", BLK_SYNC_PRIMITIVE, N_THREADWAIT),
    KNOWN("multiprocessing.Queue", CATF_CLASS, "multiprocessing.queues.Queue"),
    SYNC("multiprocessing.queues.Queue.get", BLK_SYNC_PRIMITIVE, N_QUEUE),
    SYNC("multiprocessing.queues.Queue.put", BLK_SYNC_PRIMITIVE, N_QUEUE),
    SYNC("multiprocessing.connection.Connection.recv", BLK_SYNC_PRIMITIVE, N_THREADWAIT),
    SYNC("trio.from_thread.run", BLK_OTHER, N_FROM_THREAD),
    SYNC("trio.from_thread.run_sync", BLK_OTHER, N_FROM_THREAD),
    SYNC("anyio.from_thread.run", BLK_OTHER, N_FROM_THREAD),
    SYNC("anyio.from_thread.run_sync", BLK_OTHER, N_FROM_THREAD),

    /* ---- file system operations and file objects ---------------------------------------------- */
    SHUTIL_FUNCS(SHUTIL_FS)
    OS_FS_FUNCS(OS_FS)
    SYNC("glob.glob", BLK_FILE_IO, N_FS),
    SYNC("netrc.netrc", BLK_FILE_IO, N_FS),
    SYNCX("tempfile.NamedTemporaryFile", BLK_FILE_IO, SCM | RES, NULL, N_FS),
    SYNCX("tempfile.TemporaryFile", BLK_FILE_IO, SCM | RES, NULL, N_FS),
    SYNCX("tempfile.TemporaryDirectory", BLK_FILE_IO, CATF_CLASS | SCM | RES, "tempfile.TemporaryDirectory", N_FS),
    SYNC("tempfile.mkstemp", BLK_FILE_IO, N_FS),
    SYNC("tempfile.mkdtemp", BLK_FILE_IO, N_FS),
    CLASS("io.IOBase", SCM | RES),
    SYNC("io.IOBase.read", BLK_FILE_IO, N_FILE),
    SYNC("io.IOBase.readline", BLK_FILE_IO, N_FILE),
    SYNC("io.IOBase.readlines", BLK_FILE_IO, N_FILE),
    SYNC("io.IOBase.write", BLK_FILE_IO, N_FILE),
    SYNC("io.IOBase.writelines", BLK_FILE_IO, N_FILE),
    SYNC("io.IOBase.flush", BLK_FILE_IO, N_FILE),
    CLASS("io.TextIOWrapper", SCM | RES),
    CLASS("io.BufferedReader", SCM | RES),
    CLASS("io.BufferedWriter", SCM | RES),
    CLASS("io.BufferedRandom", SCM | RES),
    CLASS("io.FileIO", SCM | RES),

    /* ---- asyncio ------------------------------------------------------------------------------ */
    AWAIT("asyncio.sleep", SLEEP, NULL),
    AWAIT("asyncio.gather", CO, NULL),
    AWAIT("asyncio.wait", CO, NULL),
    AWAIT("asyncio.wait_for", CO, NULL),
    AWAIT("asyncio.shield", CO, NULL),
    AWAIT("asyncio.wrap_future", CO, NULL),
    AWAITV("asyncio.timeout", ACM | CATF_CANCEL_SCOPE, "asyncio.Timeout", 311),
    AWAITV("asyncio.timeout_at", ACM | CATF_CANCEL_SCOPE, "asyncio.Timeout", 311),
    CLASSV("asyncio.Timeout", ACM | CATF_CANCEL_SCOPE, 311),
    AWAIT("asyncio.Timeout.reschedule", SYNC_ONLY, NULL),
    AWAIT("asyncio.Timeout.expired", SYNC_ONLY, NULL),
    AWAIT("asyncio.open_connection", NET, NULL),
    AWAIT("asyncio.open_unix_connection", CO, NULL),
    AWAIT("asyncio.start_server", NET, "asyncio.Server"),
    AWAIT("asyncio.start_unix_server", CO, "asyncio.Server"),
    CLASS("asyncio.Server", ACM | RES),
    AWAIT("asyncio.Server.serve_forever", CO, NULL),
    AWAIT("asyncio.Server.start_serving", CO, NULL),
    AWAIT("asyncio.Server.wait_closed", CO, NULL),
    AWAIT("asyncio.Server.close", SYNC_ONLY, NULL),
    AWAIT("asyncio.create_subprocess_exec", CO, "asyncio.subprocess.Process"),
    AWAIT("asyncio.create_subprocess_shell", CO, "asyncio.subprocess.Process"),
    AWAIT("asyncio.subprocess.Process.wait", CO, NULL),
    AWAIT("asyncio.subprocess.Process.communicate", CO, NULL),
    AWAIT("asyncio.subprocess.Process.kill", SYNC_ONLY, NULL),
    AWAIT("asyncio.subprocess.Process.terminate", SYNC_ONLY, NULL),
    AWAIT("asyncio.subprocess.Process.send_signal", SYNC_ONLY, NULL),
    RUNS("asyncio.to_thread", CO, 0, 309),
    AWAIT("asyncio.create_task", CATF_TASK_SPAWN, "asyncio.Task"),
    AWAIT("asyncio.ensure_future", CATF_TASK_SPAWN, "asyncio.Task"),
    AWAIT("asyncio.run_coroutine_threadsafe", SYNC_ONLY, "concurrent.futures.Future"),
    AWAIT("asyncio.run", CATF_LOOP_RUNNER, NULL),
    CLASSV("asyncio.Runner", SCM, 311),
    AWAITV("asyncio.Runner.run", CATF_LOOP_RUNNER, NULL, 311),
    CLASSV("asyncio.TaskGroup", ACM, 311),
    AWAITV("asyncio.TaskGroup.create_task", CATF_TASK_SPAWN, "asyncio.Task", 311),
    KNOWN("asyncio.get_event_loop", 0, "asyncio.AbstractEventLoop"),
    KNOWN("asyncio.get_running_loop", 0, "asyncio.AbstractEventLoop"),
    KNOWN("asyncio.new_event_loop", RES, "asyncio.AbstractEventLoop"),
    CLASS("asyncio.AbstractEventLoop", 0),
    AWAIT("asyncio.AbstractEventLoop.run_until_complete", CATF_LOOP_RUNNER, NULL),
    AWAIT("asyncio.AbstractEventLoop.run_forever", CATF_LOOP_RUNNER, NULL),
    RUNS("asyncio.AbstractEventLoop.run_in_executor", CO, 1, 0),
    AWAIT("asyncio.AbstractEventLoop.create_task", CATF_TASK_SPAWN, "asyncio.Task"),
    LOOP_NET_METHODS(LOOP_NET)
    LOOP_CO_METHODS(LOOP_CO)
    LOOP_SYNC_METHODS(LOOP_SYNC)
    CLASS("asyncio.Future", 0),
    FUTURE_SYNC_METHODS(FUTURE_SYNC)
    CLASS("asyncio.Task", 0),
    CLASS("asyncio.Lock", ACM),
    AWAIT("asyncio.Lock.acquire", CO, NULL),
    AWAIT("asyncio.Lock.release", SYNC_ONLY, NULL),
    AWAIT("asyncio.Lock.locked", SYNC_ONLY, NULL),
    CLASS("asyncio.Semaphore", ACM),
    AWAIT("asyncio.Semaphore.acquire", CO, NULL),
    AWAIT("asyncio.Semaphore.release", SYNC_ONLY, NULL),
    AWAIT("asyncio.Semaphore.locked", SYNC_ONLY, NULL),
    CLASS("asyncio.BoundedSemaphore", ACM),
    CLASS("asyncio.Condition", ACM),
    AWAIT("asyncio.Condition.acquire", CO, NULL),
    AWAIT("asyncio.Condition.wait", CO, NULL),
    AWAIT("asyncio.Condition.wait_for", CO, NULL),
    AWAIT("asyncio.Condition.notify", SYNC_ONLY, NULL),
    AWAIT("asyncio.Condition.notify_all", SYNC_ONLY, NULL),
    AWAIT("asyncio.Condition.release", SYNC_ONLY, NULL),
    CLASS("asyncio.Event", 0),
    AWAIT("asyncio.Event.wait", CO, NULL),
    AWAIT("asyncio.Event.set", SYNC_ONLY, NULL),
    AWAIT("asyncio.Event.clear", SYNC_ONLY, NULL),
    AWAIT("asyncio.Event.is_set", SYNC_ONLY, NULL),
    CLASSV("asyncio.Barrier", ACM, 311),
    AWAITV("asyncio.Barrier.wait", CO, NULL, 311),
    AWAITV("asyncio.Barrier.reset", CO, NULL, 311),
    AWAITV("asyncio.Barrier.abort", CO, NULL, 311),
    CLASS("asyncio.Queue", 0),
    CLASS("asyncio.PriorityQueue", 0),
    CLASS("asyncio.LifoQueue", 0),
    AWAIT("asyncio.Queue.get", CO, NULL),
    AWAIT("asyncio.Queue.put", CO, NULL),
    AWAIT("asyncio.Queue.join", CO, NULL),
    AWAIT("asyncio.Queue.get_nowait", SYNC_ONLY, NULL),
    AWAIT("asyncio.Queue.put_nowait", SYNC_ONLY, NULL),
    AWAIT("asyncio.Queue.task_done", SYNC_ONLY, NULL),
    AWAIT("asyncio.Queue.qsize", SYNC_ONLY, NULL),
    AWAIT("asyncio.Queue.empty", SYNC_ONLY, NULL),
    AWAIT("asyncio.Queue.full", SYNC_ONLY, NULL),
    CLASS("asyncio.StreamReader", CATF_ASYNC_ITER),
    AWAIT("asyncio.StreamReader.read", NET, NULL),
    AWAIT("asyncio.StreamReader.readline", NET, NULL),
    AWAIT("asyncio.StreamReader.readexactly", NET, NULL),
    AWAIT("asyncio.StreamReader.readuntil", NET, NULL),
    AWAIT("asyncio.StreamReader.at_eof", SYNC_ONLY, NULL),
    CLASS("asyncio.StreamWriter", RES),
    AWAIT("asyncio.StreamWriter.write", SYNC_ONLY, NULL),
    AWAIT("asyncio.StreamWriter.writelines", SYNC_ONLY, NULL),
    AWAIT("asyncio.StreamWriter.write_eof", SYNC_ONLY, NULL),
    AWAIT("asyncio.StreamWriter.close", SYNC_ONLY, NULL),
    AWAIT("asyncio.StreamWriter.is_closing", SYNC_ONLY, NULL),
    AWAIT("asyncio.StreamWriter.get_extra_info", SYNC_ONLY, NULL),
    AWAIT("asyncio.StreamWriter.drain", NET, NULL),
    AWAIT("asyncio.StreamWriter.wait_closed", CO, NULL),
    AWAIT("asyncio.StreamWriter.start_tls", NET, NULL),
    AWAIT("uvloop.run", CATF_LOOP_RUNNER, NULL),

    /* ---- trio --------------------------------------------------------------------------------- */
    AWAIT("trio.sleep", SLEEP, NULL),
    AWAIT("trio.sleep_until", SLEEP, NULL),
    AWAIT("trio.sleep_forever", SLEEP, NULL),
    AWAIT("trio.lowlevel.checkpoint", SLEEP, NULL),
    AWAIT("trio.lowlevel.checkpoint_if_cancelled", SLEEP, NULL),
    AWAIT("trio.lowlevel.cancel_shielded_checkpoint", SLEEP, NULL),
    AWAIT("trio.open_nursery", ACM, "trio.Nursery"),
    CLASS("trio.Nursery", 0),
    AWAIT("trio.Nursery.start_soon", CATF_START_SOON | SYNC_ONLY, NULL),
    AWAIT("trio.Nursery.start", CO | CATF_START_SOON, NULL),
    AWAIT("trio.lowlevel.spawn_system_task", CATF_START_SOON | SYNC_ONLY, NULL),
    AWAIT("trio.move_on_after", SCM | CATF_CANCEL_SCOPE, "trio.CancelScope"),
    AWAIT("trio.move_on_at", SCM | CATF_CANCEL_SCOPE, "trio.CancelScope"),
    AWAIT("trio.fail_after", SCM | CATF_CANCEL_SCOPE, "trio.CancelScope"),
    AWAIT("trio.fail_at", SCM | CATF_CANCEL_SCOPE, "trio.CancelScope"),
    CLASS("trio.CancelScope", SCM | CATF_CANCEL_SCOPE),
    AWAIT("trio.CancelScope.cancel", SYNC_ONLY, NULL),
    AWAIT("trio.run", CATF_LOOP_RUNNER, NULL),
    RUNS("trio.to_thread.run_sync", CO, 0, 0),
    AWAIT("trio.run_process", CO, "subprocess.CompletedProcess"),
    AWAIT("trio.lowlevel.open_process", CO | RES, "trio.Process"),
    CLASS("trio.Process", RES),
    AWAIT("trio.Process.wait", CO, NULL),
    AWAIT("trio.Process.kill", SYNC_ONLY, NULL),
    AWAIT("trio.Process.terminate", SYNC_ONLY, NULL),
    AWAIT("trio.Process.send_signal", SYNC_ONLY, NULL),
    AWAIT("trio.Process.poll", SYNC_ONLY, NULL),
    AWAIT("trio.open_tcp_stream", NET | RES, "trio.SocketStream"),
    AWAIT("trio.open_ssl_over_tcp_stream", NET | RES, "trio.SSLStream"),
    AWAIT("trio.open_unix_socket", CO | RES, "trio.SocketStream"),
    AWAIT("trio.open_tcp_listeners", NET, NULL),
    AWAIT("trio.serve_tcp", NET, NULL),
    CLASS("trio.abc.Stream", ACM | RES),
    AWAIT("trio.abc.Stream.send_all", NET, NULL),
    AWAIT("trio.abc.Stream.receive_some", NET, NULL),
    AWAIT("trio.abc.Stream.wait_send_all_might_not_block", NET, NULL),
    AWAIT("trio.abc.Stream.aclose", CO, NULL),
    CLASS("trio.SocketStream", ACM | RES),
    AWAIT("trio.SocketStream.send_eof", NET, NULL),
    CLASS("trio.SSLStream", ACM | RES),
    AWAIT("trio.SSLStream.do_handshake", NET, NULL),
    AWAIT("trio.socket.getaddrinfo", NET, NULL),
    AWAIT("trio.socket.getnameinfo", NET, NULL),
    KNOWN("trio.socket.socket", CATF_CLASS | SCM | RES, "trio.socket.SocketType"),
    TRIO_SOCKET_METHODS(TRIO_SOCKET_CO)
    AWAIT("trio.open_file", CO | RES, "trio._file_io.AsyncIOWrapper"),
    AWAIT("trio.wrap_file", SYNC_ONLY, "trio._file_io.AsyncIOWrapper"),
    CLASS("trio._file_io.AsyncIOWrapper", ACM | CATF_ASYNC_ITER | RES),
    ASYNC_FILE_METHODS(TRIO_FILE_CO)
    AWAIT("trio._file_io.AsyncIOWrapper.aclose", CO, NULL),
    CLASS("trio.Path", 0),
    PATH_IO_METHODS(TRIO_PATH_CO)
    PATH_LIST_METHODS(TRIO_PATH_CO)
    AWAIT("trio.Path.open", CO | RES, "trio._file_io.AsyncIOWrapper"),
    AWAIT("trio.Path.cwd", CO, "trio.Path"),
    AWAIT("trio.Path.home", CO, "trio.Path"),
    CLASS("trio.Lock", ACM),
    AWAIT("trio.Lock.acquire", CO, NULL),
    AWAIT("trio.Lock.acquire_nowait", SYNC_ONLY, NULL),
    AWAIT("trio.Lock.release", SYNC_ONLY, NULL),
    AWAIT("trio.Lock.locked", SYNC_ONLY, NULL),
    CLASS("trio.StrictFIFOLock", ACM),
    CLASS("trio.Semaphore", ACM),
    AWAIT("trio.Semaphore.acquire", CO, NULL),
    AWAIT("trio.Semaphore.acquire_nowait", SYNC_ONLY, NULL),
    AWAIT("trio.Semaphore.release", SYNC_ONLY, NULL),
    CLASS("trio.CapacityLimiter", ACM),
    AWAIT("trio.CapacityLimiter.acquire", CO, NULL),
    AWAIT("trio.CapacityLimiter.acquire_nowait", SYNC_ONLY, NULL),
    AWAIT("trio.CapacityLimiter.release", SYNC_ONLY, NULL),
    CLASS("trio.Condition", ACM),
    AWAIT("trio.Condition.acquire", CO, NULL),
    AWAIT("trio.Condition.wait", CO, NULL),
    AWAIT("trio.Condition.notify", SYNC_ONLY, NULL),
    AWAIT("trio.Condition.notify_all", SYNC_ONLY, NULL),
    AWAIT("trio.Condition.release", SYNC_ONLY, NULL),
    CLASS("trio.Event", 0),
    AWAIT("trio.Event.wait", CO, NULL),
    AWAIT("trio.Event.set", SYNC_ONLY, NULL),
    AWAIT("trio.Event.is_set", SYNC_ONLY, NULL),
    AWAIT("trio.open_memory_channel", SYNC_ONLY, NULL),
    CLASS("trio.MemorySendChannel", 0),
    AWAIT("trio.MemorySendChannel.send", CO, NULL),
    AWAIT("trio.MemorySendChannel.send_nowait", SYNC_ONLY, NULL),
    AWAIT("trio.MemorySendChannel.close", SYNC_ONLY, NULL),
    AWAIT("trio.MemorySendChannel.aclose", CO, NULL),
    CLASS("trio.MemoryReceiveChannel", CATF_ASYNC_ITER),
    AWAIT("trio.MemoryReceiveChannel.receive", CO, NULL),
    AWAIT("trio.MemoryReceiveChannel.receive_nowait", SYNC_ONLY, NULL),
    AWAIT("trio.MemoryReceiveChannel.close", SYNC_ONLY, NULL),
    AWAIT("trio.MemoryReceiveChannel.aclose", CO, NULL),

    /* ---- anyio -------------------------------------------------------------------------------- */
    AWAIT("anyio.sleep", SLEEP, NULL),
    AWAIT("anyio.sleep_until", SLEEP, NULL),
    AWAIT("anyio.sleep_forever", SLEEP, NULL),
    AWAIT("anyio.lowlevel.checkpoint", SLEEP, NULL),
    AWAIT("anyio.lowlevel.checkpoint_if_cancelled", SLEEP, NULL),
    AWAIT("anyio.lowlevel.cancel_shielded_checkpoint", SLEEP, NULL),
    AWAIT("anyio.create_task_group", ACM, "anyio.abc.TaskGroup"),
    CLASS("anyio.abc.TaskGroup", ACM),
    AWAIT("anyio.abc.TaskGroup.start_soon", CATF_START_SOON | SYNC_ONLY, NULL),
    AWAIT("anyio.abc.TaskGroup.start", CO | CATF_START_SOON, NULL),
    AWAIT("anyio.move_on_after", SCM | CATF_CANCEL_SCOPE, "anyio.CancelScope"),
    AWAIT("anyio.fail_after", SCM | CATF_CANCEL_SCOPE, "anyio.CancelScope"),
    CLASS("anyio.CancelScope", SCM | CATF_CANCEL_SCOPE),
    AWAIT("anyio.CancelScope.cancel", SYNC_ONLY, NULL),
    AWAIT("anyio.run", CATF_LOOP_RUNNER, NULL),
    RUNS("anyio.to_thread.run_sync", CO, 0, 0),
    RUNS("anyio.to_process.run_sync", CO, 0, 0),
    AWAIT("anyio.run_process", CO, "subprocess.CompletedProcess"),
    AWAIT("anyio.open_process", CO | RES, "anyio.abc.Process"),
    CLASS("anyio.abc.Process", ACM | RES),
    AWAIT("anyio.abc.Process.wait", CO, NULL),
    AWAIT("anyio.abc.Process.aclose", CO, NULL),
    AWAIT("anyio.abc.Process.kill", SYNC_ONLY, NULL),
    AWAIT("anyio.abc.Process.terminate", SYNC_ONLY, NULL),
    AWAIT("anyio.abc.Process.send_signal", SYNC_ONLY, NULL),
    AWAIT("anyio.connect_tcp", NET | RES, "anyio.abc.SocketStream"),
    AWAIT("anyio.connect_unix", CO | RES, "anyio.abc.UNIXSocketStream"),
    AWAIT("anyio.getaddrinfo", NET, NULL),
    AWAIT("anyio.getnameinfo", NET, NULL),
    CLASS("anyio.abc.ByteStream", ACM | RES),
    AWAIT("anyio.abc.ByteStream.send", NET, NULL),
    AWAIT("anyio.abc.ByteStream.receive", NET, NULL),
    AWAIT("anyio.abc.ByteStream.send_eof", NET, NULL),
    AWAIT("anyio.abc.ByteStream.aclose", CO, NULL),
    CLASS("anyio.abc.SocketStream", ACM | RES),
    CLASS("anyio.abc.UNIXSocketStream", ACM | RES),
    AWAIT("anyio.open_file", CO | RES, "anyio.AsyncFile"),
    AWAIT("anyio.wrap_file", SYNC_ONLY, "anyio.AsyncFile"),
    CLASS("anyio.AsyncFile", ACM | CATF_ASYNC_ITER | RES),
    ASYNC_FILE_METHODS(ANYIO_FILE_CO)
    AWAIT("anyio.AsyncFile.aclose", CO, NULL),
    CLASS("anyio.Path", 0),
    PATH_IO_METHODS(ANYIO_PATH_CO)
    PATH_LIST_METHODS(ANYIO_PATH_ITER)
    AWAIT("anyio.Path.walk", AITER, NULL),
    AWAIT("anyio.Path.open", CO | RES, "anyio.AsyncFile"),
    AWAIT("anyio.Path.cwd", CO, "anyio.Path"),
    AWAIT("anyio.Path.home", CO, "anyio.Path"),
    CLASS("anyio.Lock", ACM),
    AWAIT("anyio.Lock.acquire", CO, NULL),
    AWAIT("anyio.Lock.acquire_nowait", SYNC_ONLY, NULL),
    AWAIT("anyio.Lock.release", SYNC_ONLY, NULL),
    AWAIT("anyio.Lock.locked", SYNC_ONLY, NULL),
    CLASS("anyio.Semaphore", ACM),
    AWAIT("anyio.Semaphore.acquire", CO, NULL),
    AWAIT("anyio.Semaphore.acquire_nowait", SYNC_ONLY, NULL),
    AWAIT("anyio.Semaphore.release", SYNC_ONLY, NULL),
    CLASS("anyio.CapacityLimiter", ACM),
    AWAIT("anyio.CapacityLimiter.acquire", CO, NULL),
    AWAIT("anyio.CapacityLimiter.release", SYNC_ONLY, NULL),
    CLASS("anyio.Condition", ACM),
    AWAIT("anyio.Condition.acquire", CO, NULL),
    AWAIT("anyio.Condition.wait", CO, NULL),
    AWAIT("anyio.Condition.notify", SYNC_ONLY, NULL),
    AWAIT("anyio.Condition.notify_all", SYNC_ONLY, NULL),
    AWAIT("anyio.Condition.release", SYNC_ONLY, NULL),
    CLASS("anyio.Event", 0),
    AWAIT("anyio.Event.wait", CO, NULL),
    AWAIT("anyio.Event.set", SYNC_ONLY, NULL),
    AWAIT("anyio.Event.is_set", SYNC_ONLY, NULL),
    AWAIT("anyio.create_memory_object_stream", SYNC_ONLY, NULL),
    CLASS("anyio.streams.memory.MemoryObjectSendStream", ACM | RES),
    AWAIT("anyio.streams.memory.MemoryObjectSendStream.send", CO, NULL),
    AWAIT("anyio.streams.memory.MemoryObjectSendStream.send_nowait", SYNC_ONLY, NULL),
    AWAIT("anyio.streams.memory.MemoryObjectSendStream.aclose", CO, NULL),
    CLASS("anyio.streams.memory.MemoryObjectReceiveStream", ACM | CATF_ASYNC_ITER | RES),
    AWAIT("anyio.streams.memory.MemoryObjectReceiveStream.receive", CO, NULL),
    AWAIT("anyio.streams.memory.MemoryObjectReceiveStream.receive_nowait", SYNC_ONLY, NULL),
    AWAIT("anyio.streams.memory.MemoryObjectReceiveStream.aclose", CO, NULL),

    /* ---- aiohttp, httpx.AsyncClient ----------------------------------------------------------- */
    CLASS("aiohttp.ClientSession", ACM | RES),
    HTTP_VERBS(AIOHTTP_VERB)
    AWAIT("aiohttp.ClientSession.ws_connect", NET | ACM, "aiohttp.ClientWebSocketResponse"),
    AWAIT("aiohttp.ClientSession.close", CO, NULL),
    AWAIT("aiohttp.request", ACM | CATF_NETWORK | SYNC_ONLY, "aiohttp.ClientResponse"),
    CLASS("aiohttp.ClientResponse", ACM | RES),
    AWAIT("aiohttp.ClientResponse.json", NET, NULL),
    AWAIT("aiohttp.ClientResponse.text", NET, NULL),
    AWAIT("aiohttp.ClientResponse.read", NET, NULL),
    KNOWN("aiohttp.ClientResponse.release", 0, NULL),
    AWAIT("aiohttp.ClientResponse.raise_for_status", SYNC_ONLY, NULL),
    AWAIT("aiohttp.ClientResponse.close", SYNC_ONLY, NULL),
    CLASS("aiohttp.ClientWebSocketResponse", CATF_ASYNC_ITER | RES),
    AIOHTTP_WS_METHODS(AIOHTTP_WS)
    AWAIT("aiohttp.ClientWebSocketResponse.close", CO, NULL),
    AWAIT("aiohttp.StreamReader.read", NET, NULL),
    AWAIT("aiohttp.StreamReader.readline", NET, NULL),
    AWAIT("aiohttp.StreamReader.readany", NET, NULL),
    AWAIT("aiohttp.StreamReader.readexactly", NET, NULL),
    AWAIT("aiohttp.StreamReader.readchunk", NET, NULL),
    AWAIT("aiohttp.StreamReader.iter_chunked", AITER, NULL),
    AWAIT("aiohttp.StreamReader.iter_any", AITER, NULL),
    AWAIT("aiohttp.StreamReader.iter_chunks", AITER, NULL),
    CLASS("aiohttp.TCPConnector", RES),
    CLASS("httpx.AsyncClient", ACM | RES),
    HTTP_VERBS(HTTPX_ASYNC_VERB)
    AWAIT("httpx.AsyncClient.send", NET, "httpx.Response"),
    AWAIT("httpx.AsyncClient.stream", ACM | CATF_NETWORK | SYNC_ONLY, "httpx.Response"),
    AWAIT("httpx.AsyncClient.aclose", CO, NULL),
    AWAIT("httpx.Response.aread", NET, NULL),
    AWAIT("httpx.Response.aclose", CO, NULL),
    AWAIT("httpx.Response.aiter_bytes", AITER, NULL),
    AWAIT("httpx.Response.aiter_text", AITER, NULL),
    AWAIT("httpx.Response.aiter_lines", AITER, NULL),
    AWAIT("httpx.Response.aiter_raw", AITER, NULL),
    AWAIT("httpx.Response.json", SYNC_ONLY, NULL),
    AWAIT("httpx.Response.raise_for_status", SYNC_ONLY, NULL),

    /* ---- async database and file libraries ---------------------------------------------------- */
    AWAIT("asyncpg.connect", NET | RES, "asyncpg.Connection"),
    AWAIT("asyncpg.create_pool", CO | ACM | RES, "asyncpg.Pool"),
    CLASS("asyncpg.Connection", RES),
    PG_QUERY_METHODS(ASYNCPG_CONN)
    AWAIT("asyncpg.Connection.prepare", NET, NULL),
    AWAIT("asyncpg.Connection.close", CO, NULL),
    AWAIT("asyncpg.Connection.reset", CO, NULL),
    AWAIT("asyncpg.Connection.set_type_codec", CO, NULL),
    AWAIT("asyncpg.Connection.add_listener", CO, NULL),
    AWAIT("asyncpg.Connection.remove_listener", CO, NULL),
    AWAIT("asyncpg.Connection.transaction", ACM | SYNC_ONLY, "asyncpg.transaction.Transaction"),
    AWAIT("asyncpg.Connection.is_closed", SYNC_ONLY, NULL),
    AWAIT("asyncpg.Connection.terminate", SYNC_ONLY, NULL),
    CLASS("asyncpg.transaction.Transaction", ACM),
    AWAIT("asyncpg.transaction.Transaction.start", CO, NULL),
    AWAIT("asyncpg.transaction.Transaction.commit", CO, NULL),
    AWAIT("asyncpg.transaction.Transaction.rollback", CO, NULL),
    CLASS("asyncpg.Pool", ACM | RES),
    PG_QUERY_METHODS(ASYNCPG_POOL)
    AWAIT("asyncpg.Pool.acquire", CO | ACM, "asyncpg.Connection"),
    AWAIT("asyncpg.Pool.release", CO, NULL),
    AWAIT("asyncpg.Pool.close", CO, NULL),
    AWAIT("asyncpg.Pool.expire_connections", CO, NULL),
    AWAIT("asyncpg.Pool.terminate", SYNC_ONLY, NULL),
    CLASS("redis.asyncio.Redis", ACM | RES),
    KNOWN("redis.asyncio.from_url", RES, "redis.asyncio.Redis"),
    REDIS_COMMANDS(REDIS_ASYNC)
    AWAIT("redis.asyncio.Redis.aclose", CO, NULL),
    AWAIT("redis.asyncio.Redis.close", CO, NULL),
    AWAIT("redis.asyncio.Redis.pipeline", SYNC_ONLY, "redis.asyncio.client.Pipeline"),
    AWAIT("redis.asyncio.Redis.pubsub", SYNC_ONLY, "redis.asyncio.client.PubSub"),
    CLASS("redis.asyncio.client.Pipeline", ACM),
    AWAIT("redis.asyncio.client.Pipeline.execute", NET, NULL),
    AWAIT("redis.asyncio.client.PubSub.subscribe", NET, NULL),
    AWAIT("redis.asyncio.client.PubSub.get_message", NET, NULL),
    AWAIT("redis.asyncio.client.PubSub.listen", AITER, NULL),
    CLASS("motor.motor_asyncio.AsyncIOMotorClient", RES),
    AWAIT("motor.motor_asyncio.AsyncIOMotorClient.list_database_names", NET, NULL),
    AWAIT("motor.motor_asyncio.AsyncIOMotorClient.server_info", NET, NULL),
    AWAIT("motor.motor_asyncio.AsyncIOMotorClient.drop_database", NET, NULL),
    AWAIT("motor.motor_asyncio.AsyncIOMotorClient.get_database", SYNC_ONLY,
          "motor.motor_asyncio.AsyncIOMotorDatabase"),
    AWAIT("motor.motor_asyncio.AsyncIOMotorDatabase.command", NET, NULL),
    AWAIT("motor.motor_asyncio.AsyncIOMotorDatabase.list_collection_names", NET, NULL),
    AWAIT("motor.motor_asyncio.AsyncIOMotorDatabase.create_collection", NET, NULL),
    AWAIT("motor.motor_asyncio.AsyncIOMotorDatabase.drop_collection", NET, NULL),
    AWAIT("motor.motor_asyncio.AsyncIOMotorDatabase.get_collection", SYNC_ONLY,
          "motor.motor_asyncio.AsyncIOMotorCollection"),
    MONGO_COLLECTION_METHODS(MOTOR)
    AWAIT("motor.motor_asyncio.AsyncIOMotorCollection.find", AITER,
          "motor.motor_asyncio.AsyncIOMotorCursor"),
    AWAIT("motor.motor_asyncio.AsyncIOMotorCollection.aggregate", AITER,
          "motor.motor_asyncio.AsyncIOMotorLatentCommandCursor"),
    CLASS("motor.motor_asyncio.AsyncIOMotorCursor", CATF_ASYNC_ITER),
    AWAIT("motor.motor_asyncio.AsyncIOMotorCursor.to_list", NET, NULL),
    AWAIT("motor.motor_asyncio.AsyncIOMotorCursor.next", NET, NULL),
    CLASS("motor.motor_asyncio.AsyncIOMotorLatentCommandCursor", CATF_ASYNC_ITER),
    AWAIT("motor.motor_asyncio.AsyncIOMotorLatentCommandCursor.to_list", NET, NULL),
    CLASS("pymongo.AsyncMongoClient", ACM | RES),
    AWAIT("pymongo.AsyncMongoClient.list_database_names", NET, NULL),
    AWAIT("pymongo.AsyncMongoClient.server_info", NET, NULL),
    AWAIT("pymongo.AsyncMongoClient.aclose", CO, NULL),
    MONGO_COLLECTION_METHODS(PYMONGO_ASYNC)
    AWAIT("pymongo.asynchronous.collection.AsyncCollection.find", AITER,
          "pymongo.asynchronous.cursor.AsyncCursor"),
    AWAIT("pymongo.asynchronous.collection.AsyncCollection.aggregate", NET,
          "pymongo.asynchronous.command_cursor.AsyncCommandCursor"),
    CLASS("pymongo.asynchronous.cursor.AsyncCursor", CATF_ASYNC_ITER),
    AWAIT("pymongo.asynchronous.cursor.AsyncCursor.to_list", NET, NULL),
    AWAIT("aiofiles.open", CO | ACM | RES, "aiofiles.threadpool.text.AsyncTextIOWrapper"),
    CLASS("aiofiles.base.AsyncBase", CATF_ASYNC_ITER | RES),
    CLASS("aiofiles.threadpool.text.AsyncTextIOWrapper", CATF_ASYNC_ITER | RES),
    ASYNC_FILE_METHODS(AIOFILES_CO)
    AWAIT("aiofiles.base.AsyncBase.close", CO, NULL),
    AIOFILES_OS_FUNCS(AIOFILES_OS)
    AWAIT("aiofiles.os.path.exists", CO, NULL),
    AWAIT("aiofiles.os.path.isfile", CO, NULL),
    AWAIT("aiofiles.os.path.isdir", CO, NULL),
    AWAIT("aiofiles.os.path.getsize", CO, NULL),
    AWAIT("aiofiles.tempfile.NamedTemporaryFile", CO | ACM | RES, NULL),
    AWAIT("aiofiles.tempfile.TemporaryDirectory", ACM, NULL),
    AWAIT("aiosqlite.connect", CO | ACM | RES, "aiosqlite.Connection"),
    CLASS("aiosqlite.Connection", ACM | RES),
    AWAIT("aiosqlite.Connection.execute", CO | ACM, "aiosqlite.Cursor"),
    AWAIT("aiosqlite.Connection.executemany", CO | ACM, "aiosqlite.Cursor"),
    AWAIT("aiosqlite.Connection.executescript", CO | ACM, "aiosqlite.Cursor"),
    AWAIT("aiosqlite.Connection.cursor", CO | ACM, "aiosqlite.Cursor"),
    AWAIT("aiosqlite.Connection.commit", CO, NULL),
    AWAIT("aiosqlite.Connection.rollback", CO, NULL),
    AWAIT("aiosqlite.Connection.close", CO, NULL),
    CLASS("aiosqlite.Cursor", ACM | CATF_ASYNC_ITER),
    AWAIT("aiosqlite.Cursor.execute", CO, NULL),
    AWAIT("aiosqlite.Cursor.fetchone", CO, NULL),
    AWAIT("aiosqlite.Cursor.fetchmany", CO, NULL),
    AWAIT("aiosqlite.Cursor.fetchall", CO, NULL),
    CLASS("psycopg.AsyncConnection", ACM | RES),
    AWAIT("psycopg.AsyncConnection.connect", NET | RES, "psycopg.AsyncConnection"),
    AWAIT("psycopg.AsyncConnection.execute", NET, "psycopg.AsyncCursor"),
    AWAIT("psycopg.AsyncConnection.commit", NET, NULL),
    AWAIT("psycopg.AsyncConnection.rollback", NET, NULL),
    AWAIT("psycopg.AsyncConnection.close", CO, NULL),
    AWAIT("psycopg.AsyncConnection.cursor", SYNC_ONLY, "psycopg.AsyncCursor"),
    CLASS("psycopg.AsyncCursor", ACM | CATF_ASYNC_ITER),
    DBAPI_CURSOR_METHODS(PSYCOPG_ASYNC_CURSOR)
    KNOWN("sqlalchemy.ext.asyncio.create_async_engine", 0, "sqlalchemy.ext.asyncio.AsyncEngine"),
    CLASS("sqlalchemy.ext.asyncio.AsyncEngine", 0),
    AWAIT("sqlalchemy.ext.asyncio.AsyncEngine.connect", CO | ACM, "sqlalchemy.ext.asyncio.AsyncConnection"),
    AWAIT("sqlalchemy.ext.asyncio.AsyncEngine.begin", ACM | SYNC_ONLY, "sqlalchemy.ext.asyncio.AsyncConnection"),
    AWAIT("sqlalchemy.ext.asyncio.AsyncEngine.dispose", CO, NULL),
    CLASS("sqlalchemy.ext.asyncio.AsyncConnection", ACM | RES),
    AWAIT("sqlalchemy.ext.asyncio.AsyncConnection.execute", NET, NULL),
    AWAIT("sqlalchemy.ext.asyncio.AsyncConnection.exec_driver_sql", NET, NULL),
    AWAIT("sqlalchemy.ext.asyncio.AsyncConnection.scalar", NET, NULL),
    AWAIT("sqlalchemy.ext.asyncio.AsyncConnection.scalars", NET, NULL),
    AWAIT("sqlalchemy.ext.asyncio.AsyncConnection.stream", NET, NULL),
    AWAIT("sqlalchemy.ext.asyncio.AsyncConnection.commit", NET, NULL),
    AWAIT("sqlalchemy.ext.asyncio.AsyncConnection.rollback", NET, NULL),
    AWAIT("sqlalchemy.ext.asyncio.AsyncConnection.close", CO, NULL),
    AWAIT("sqlalchemy.ext.asyncio.AsyncConnection.run_sync", CO, NULL),
    AWAIT("sqlalchemy.ext.asyncio.AsyncConnection.begin", CO | ACM, NULL),
    CLASS("sqlalchemy.ext.asyncio.AsyncSession", ACM | RES),
    SA_ASYNC_SESSION_METHODS(SA_ASYNC_SESSION)
    AWAIT("sqlalchemy.ext.asyncio.AsyncSession.close", CO, NULL),
    AWAIT("sqlalchemy.ext.asyncio.AsyncSession.run_sync", CO, NULL),
    AWAIT("sqlalchemy.ext.asyncio.AsyncSession.begin", CO | ACM, NULL),
    AWAIT("sqlalchemy.ext.asyncio.AsyncSession.add", SYNC_ONLY, NULL),
    AWAIT("sqlalchemy.ext.asyncio.AsyncSession.add_all", SYNC_ONLY, NULL),
    AWAIT("sqlalchemy.ext.asyncio.AsyncSession.expunge", SYNC_ONLY, NULL),
    AWAIT("sqlalchemy.ext.asyncio.AsyncSession.in_transaction", SYNC_ONLY, NULL),
};

/* Aliases: another spelling of a module or class path. A prefix alias rewrites any name that starts
 * with `from` at a dot boundary; an exact alias (a bare builtin name) only the whole name. Targets are
 * canonical names (no alias applies to them). */
typedef struct CatalogAlias {
    const char *from, *to;
    bool exact;
} CatalogAlias;

#define ALIAS(f, t) { f, t, false }
#define ALIAS_EXACT(f, t) { f, t, true }

static const CatalogAlias alias_table[] = {
    ALIAS_EXACT("open", "builtins.open"),
    ALIAS_EXACT("input", "builtins.input"),
    ALIAS("asyncio.base_events", "asyncio"),
    ALIAS("asyncio.events", "asyncio"),
    ALIAS("asyncio.exceptions", "asyncio"),
    ALIAS("asyncio.futures", "asyncio"),
    ALIAS("asyncio.locks", "asyncio"),
    ALIAS("asyncio.queues", "asyncio"),
    ALIAS("asyncio.runners", "asyncio"),
    ALIAS("asyncio.streams", "asyncio"),
    ALIAS("asyncio.taskgroups", "asyncio"),
    ALIAS("asyncio.tasks", "asyncio"),
    ALIAS("asyncio.timeouts", "asyncio"),
    ALIAS("asyncio.subprocess.create_subprocess_exec", "asyncio.create_subprocess_exec"),
    ALIAS("asyncio.subprocess.create_subprocess_shell", "asyncio.create_subprocess_shell"),
    ALIAS("posixpath", "os.path"),
    ALIAS("ntpath", "os.path"),
    ALIAS("genericpath", "os.path"),
    ALIAS("socket.SocketType", "socket.socket"),
    ALIAS("_thread.allocate_lock", "threading.Lock"),
    ALIAS("_thread.LockType", "threading.Lock"),
    ALIAS("_thread.lock", "threading.Lock"),
    ALIAS("_thread.RLock", "threading.RLock"),
    ALIAS("concurrent.futures._base", "concurrent.futures"),
    ALIAS("concurrent.futures.thread", "concurrent.futures"),
    ALIAS("concurrent.futures.process", "concurrent.futures"),
    ALIAS("sqlite3.dbapi2", "sqlite3"),
    ALIAS("requests.api", "requests"),
    ALIAS("requests.sessions", "requests"),
    ALIAS("requests.models", "requests"),
    ALIAS("httpx._api", "httpx"),
    ALIAS("httpx._client", "httpx"),
    ALIAS("httpx._models", "httpx"),
    ALIAS("urllib3.poolmanager", "urllib3"),
    ALIAS("urllib3.connectionpool", "urllib3"),
    ALIAS("aiohttp.client", "aiohttp"),
    ALIAS("aiohttp.client_reqrep", "aiohttp"),
    ALIAS("aiohttp.client_ws", "aiohttp"),
    ALIAS("aiohttp.connector", "aiohttp"),
    ALIAS("aiohttp.streams", "aiohttp"),
    ALIAS("asyncpg.connection", "asyncpg"),
    ALIAS("asyncpg.pool.Pool", "asyncpg.Pool"),
    ALIAS("asyncpg.pool.create_pool", "asyncpg.create_pool"),
    ALIAS("redis.client.Redis", "redis.Redis"),
    ALIAS("redis.client.StrictRedis", "redis.Redis"),
    ALIAS("redis.StrictRedis", "redis.Redis"),
    ALIAS("redis.asyncio.client.Redis", "redis.asyncio.Redis"),
    ALIAS("redis.asyncio.client.StrictRedis", "redis.asyncio.Redis"),
    ALIAS("redis.asyncio.StrictRedis", "redis.asyncio.Redis"),
    ALIAS("pymongo.mongo_client.MongoClient", "pymongo.MongoClient"),
    ALIAS("pymongo.asynchronous.mongo_client.AsyncMongoClient", "pymongo.AsyncMongoClient"),
    ALIAS("pymysql.connect", "pymysql.connections.Connection"),
    ALIAS("pymysql.Connect", "pymysql.connections.Connection"),
    ALIAS("pymysql.Connection", "pymysql.connections.Connection"),
    ALIAS("psycopg2._psycopg", "psycopg2.extensions"),
    ALIAS("psycopg.connection.Connection", "psycopg.Connection"),
    ALIAS("psycopg.connection_async.AsyncConnection", "psycopg.AsyncConnection"),
    ALIAS("sqlalchemy.Engine", "sqlalchemy.engine.Engine"),
    ALIAS("sqlalchemy.Connection", "sqlalchemy.engine.Connection"),
    ALIAS("sqlalchemy.engine.base", "sqlalchemy.engine"),
    ALIAS("sqlalchemy.orm.session", "sqlalchemy.orm"),
    ALIAS("sqlalchemy.ext.asyncio.engine", "sqlalchemy.ext.asyncio"),
    ALIAS("sqlalchemy.ext.asyncio.session", "sqlalchemy.ext.asyncio"),
    ALIAS("boto3.Session", "boto3.session.Session"),
    ALIAS("aiofiles.threadpool.open", "aiofiles.open"),
};

/* Class relations: `cls` derives from `base` (for inherited methods and catalog_is_subtype). */
typedef struct CatalogRelation {
    const char *cls, *base;
} CatalogRelation;

static const CatalogRelation relation_table[] = {
    { "asyncio.BaseEventLoop", "asyncio.AbstractEventLoop" },
    { "asyncio.SelectorEventLoop", "asyncio.BaseEventLoop" },
    { "asyncio.ProactorEventLoop", "asyncio.BaseEventLoop" },
    { "uvloop.Loop", "asyncio.AbstractEventLoop" },
    { "asyncio.Task", "asyncio.Future" },
    { "asyncio.BoundedSemaphore", "asyncio.Semaphore" },
    { "asyncio.PriorityQueue", "asyncio.Queue" },
    { "asyncio.LifoQueue", "asyncio.Queue" },
    { "threading.BoundedSemaphore", "threading.Semaphore" },
    { "threading.Timer", "threading.Thread" },
    { "queue.PriorityQueue", "queue.Queue" },
    { "queue.LifoQueue", "queue.Queue" },
    { "concurrent.futures.ThreadPoolExecutor", "concurrent.futures.Executor" },
    { "concurrent.futures.ProcessPoolExecutor", "concurrent.futures.Executor" },
    { "multiprocessing.pool.ThreadPool", "multiprocessing.pool.Pool" },
    { "pathlib.PosixPath", "pathlib.Path" },
    { "pathlib.WindowsPath", "pathlib.Path" },
    { "io.TextIOWrapper", "io.IOBase" },
    { "io.BufferedReader", "io.IOBase" },
    { "io.BufferedWriter", "io.IOBase" },
    { "io.BufferedRandom", "io.IOBase" },
    { "io.FileIO", "io.IOBase" },
    { "ssl.SSLSocket", "socket.socket" },
    { "http.client.HTTPSConnection", "http.client.HTTPConnection" },
    { "urllib3.ProxyManager", "urllib3.PoolManager" },
    { "urllib3.HTTPSConnectionPool", "urllib3.HTTPConnectionPool" },
    { "selectors.DefaultSelector", "selectors.BaseSelector" },
    { "selectors.SelectSelector", "selectors.BaseSelector" },
    { "selectors.PollSelector", "selectors.BaseSelector" },
    { "selectors.EpollSelector", "selectors.BaseSelector" },
    { "selectors.DevpollSelector", "selectors.BaseSelector" },
    { "selectors.KqueueSelector", "selectors.BaseSelector" },
    { "ftplib.FTP_TLS", "ftplib.FTP" },
    { "smtplib.SMTP_SSL", "smtplib.SMTP" },
    { "smtplib.LMTP", "smtplib.SMTP" },
    { "imaplib.IMAP4_SSL", "imaplib.IMAP4" },
    { "psycopg2.extras.DictCursor", "psycopg2.extensions.cursor" },
    { "psycopg2.extras.RealDictCursor", "psycopg2.extensions.cursor" },
    { "psycopg2.extras.NamedTupleCursor", "psycopg2.extensions.cursor" },
    { "psycopg2.extras.DictConnection", "psycopg2.extensions.connection" },
    { "psycopg2.extras.RealDictConnection", "psycopg2.extensions.connection" },
    { "pymysql.cursors.DictCursor", "pymysql.cursors.Cursor" },
    { "pymysql.cursors.SSCursor", "pymysql.cursors.Cursor" },
    { "pymysql.cursors.SSDictCursor", "pymysql.cursors.Cursor" },
    { "asyncpg.pool.PoolConnectionProxy", "asyncpg.Connection" },
    { "trio.PosixPath", "trio.Path" },
    { "trio.WindowsPath", "trio.Path" },
    { "trio.StrictFIFOLock", "trio.Lock" },
    { "trio.SocketStream", "trio.abc.Stream" },
    { "trio.SSLStream", "trio.abc.Stream" },
    { "trio.StapledStream", "trio.abc.Stream" },
    { "anyio.abc.SocketStream", "anyio.abc.ByteStream" },
    { "anyio.abc.UNIXSocketStream", "anyio.abc.SocketStream" },
    { "aiofiles.threadpool.text.AsyncTextIOWrapper", "aiofiles.base.AsyncBase" },
    { "aiofiles.threadpool.binary.AsyncBufferedIOBase", "aiofiles.base.AsyncBase" },
    { "aiofiles.threadpool.binary.AsyncBufferedReader", "aiofiles.threadpool.binary.AsyncBufferedIOBase" },
    { "aiofiles.threadpool.binary.AsyncFileIO", "aiofiles.base.AsyncBase" },
};
/* clang-format on */

/* Hash tables: open addressing over (pointer, length) keys, so a prefix of a name can be looked up
 * without copying it. Built once; read-only afterwards. */
typedef struct Slot {
    const char *key; /* NULL: empty */
    uint32_t len, hash, value;
} Slot;

typedef struct HashTable {
    Slot *slots;
    uint32_t mask;
} HashTable;

/* What the tables know about a class that has a ".*" entry or base classes. */
typedef struct ClassInfo {
    int32_t wildcard;          /* index of its "C.*" entry, or -1 */
    uint32_t first_rel, nrels; /* its rows in cat.rels */
} ClassInfo;

#define MAX_NAME 512    /* longer names are never in the catalog */
#define MAX_DEPTH 16    /* class relations deeper than this are a table error */
#define ROOT_ALIASED 1u /* roots value: some alias starts with this root */

/* hash_bytes: eight bytes at a time (a byte-wise hash was most of a lookup's cost). */
static uint32_t
hash_bytes(const char *s, size_t n)
{
    uint64_t h = 0x9e3779b97f4a7c15u ^ n;
    for (; n >= 8; s += 8, n -= 8) {
        uint64_t w;
        memcpy(&w, s, 8);
        h = (h ^ w) * 0xbf58476d1ce4e5b9u;
        h ^= h >> 31;
    }
    uint64_t w = 0;
    for (size_t i = 0; i < n; i++)
        w |= (uint64_t)(unsigned char)s[i] << (8 * i);
    h = (h ^ w) * 0x94d049bb133111ebu;
    h ^= h >> 32;
    return (uint32_t)h;
}

static void
table_init(HashTable *t, size_t n)
{
    size_t cap = 16;
    while (cap < n * 2)
        cap *= 2;
    t->slots = xcalloc(cap, sizeof(Slot));
    t->mask = (uint32_t)(cap - 1);
}

static const Slot *
table_get(const HashTable *t, const char *key, size_t len)
{
    uint32_t h = hash_bytes(key, len);
    for (uint32_t i = h & t->mask;; i = (i + 1) & t->mask) {
        const Slot *s = &t->slots[i];
        if (!s->key)
            return NULL;
        if (s->hash == h && s->len == len && memcmp(s->key, key, len) == 0)
            return s;
    }
}

/* table_put: the slot for key, added with value 0 when new; *fresh says which. */
static Slot *
table_put(HashTable *t, const char *key, size_t len, bool *fresh)
{
    uint32_t h = hash_bytes(key, len);
    for (uint32_t i = h & t->mask;; i = (i + 1) & t->mask) {
        Slot *s = &t->slots[i];
        if (!s->key) {
            *s = (Slot){ .key = key, .len = (uint32_t)len, .hash = h, .value = 0 };
            *fresh = true;
            return s;
        }
        if (s->hash == h && s->len == len && memcmp(s->key, key, len) == 0) {
            *fresh = false;
            return s;
        }
    }
}

static struct {
    HashTable entries; /* qualname -> index in catalog_table */
    HashTable classes; /* class with a ".*" entry or bases -> index in infos */
    HashTable aliases; /* alias source -> index in alias_table */
    HashTable roots;   /* first dotted segment of every known name -> ROOT_* bits */
    ClassInfo *infos;
    uint32_t ninfos;
    CatalogRelation *rels; /* relation_table sorted by cls */
} cat;

static pthread_once_t cat_once = PTHREAD_ONCE_INIT;

static size_t
root_len(const char *name)
{
    const char *dot = strchr(name, '.');
    return dot ? (size_t)(dot - name) : strlen(name);
}

static void
add_root(const char *name, uint32_t bits)
{
    bool fresh;
    table_put(&cat.roots, name, root_len(name), &fresh)->value |= bits;
}

static ClassInfo *
class_info(const char *cls, size_t len)
{
    bool fresh;
    Slot *s = table_put(&cat.classes, cls, len, &fresh);
    if (fresh) {
        s->value = cat.ninfos++;
        cat.infos[s->value] = (ClassInfo){ .wildcard = -1 };
    }
    return &cat.infos[s->value];
}

static int
compare_relations(const void *a, const void *b)
{
    const CatalogRelation *x = a, *y = b;
    return strcmp(x->cls, y->cls);
}

static void
build_tables(void)
{
    const size_t n_entries = ARRAY_LEN(catalog_table);
    const size_t n_aliases = ARRAY_LEN(alias_table);
    const size_t n_rels = ARRAY_LEN(relation_table);
    bool fresh;

    table_init(&cat.entries, n_entries);
    table_init(&cat.classes, n_rels + 16);
    table_init(&cat.aliases, n_aliases);
    table_init(&cat.roots, 256);
    cat.infos = xcalloc(n_rels + n_entries, sizeof *cat.infos);

    for (size_t i = 0; i < n_entries; i++) {
        const char *q = catalog_table[i].qualname;
        size_t len = strlen(q);
        if (len > 2 && q[len - 2] == '.' && q[len - 1] == '*') {
            ClassInfo *ci = class_info(q, len - 2); /* "C.*" is filed under C */
            if (NEVER(ci->wildcard >= 0))
                continue;
            ci->wildcard = (int32_t)i;
        } else {
            Slot *s = table_put(&cat.entries, q, len, &fresh);
            if (NEVER(!fresh))
                continue; /* a duplicate qualname: the unit test names it */
            s->value = (uint32_t)i;
        }
        add_root(q, 0);
    }
    for (size_t i = 0; i < n_aliases; i++) {
        const char *from = alias_table[i].from;
        Slot *s = table_put(&cat.aliases, from, strlen(from), &fresh);
        if (NEVER(!fresh))
            continue;
        s->value = (uint32_t)i;
        add_root(from, ROOT_ALIASED);
    }
    cat.rels = xmalloc(sizeof relation_table);
    memcpy(cat.rels, relation_table, sizeof relation_table);
    qsort(cat.rels, n_rels, sizeof *cat.rels, compare_relations);
    for (size_t i = 0; i < n_rels; i++) {
        ClassInfo *ci = class_info(cat.rels[i].cls, strlen(cat.rels[i].cls));
        if (!ci->nrels)
            ci->first_rel = (uint32_t)i; /* sorted: a class's rows are adjacent */
        ci->nrels++;
        add_root(cat.rels[i].cls, 0);
    }
}

/* catalog_init: builds the hash tables once (with pthread_once: a late or repeated call is safe).
 */
void
catalog_init(void)
{
    pthread_once(&cat_once, build_tables);
}

/* find_member: the entry for name[0..len) (already canonical): the exact entry, else a method found
 * through its class: the class's ".*" entry, then each base class in turn, recursively. */
static const CatalogEntry *
find_member(const char *name, size_t len, int depth)
{
    const Slot *s = table_get(&cat.entries, name, len);
    if (s)
        return &catalog_table[s->value];
    size_t dot = len;
    while (dot > 0 && name[dot - 1] != '.')
        dot--;
    if (dot <= 1 || dot == len || !(s = table_get(&cat.classes, name, dot - 1)))
        return NULL; /* no class part, an empty method name, or a class without wildcard or bases */
    const ClassInfo *ci = &cat.infos[s->value];
    if (ci->wildcard >= 0)
        return &catalog_table[ci->wildcard];
    if (depth >= MAX_DEPTH)
        return NULL;
    const char *meth = name + dot;
    size_t meth_len = len - dot;
    for (uint32_t i = ci->first_rel; i < ci->first_rel + ci->nrels; i++) {
        const char *base = cat.rels[i].base;
        size_t base_len = strlen(base);
        char buf[MAX_NAME];
        if (base_len + 1 + meth_len >= sizeof buf)
            continue;
        memcpy(buf, base, base_len);
        buf[base_len] = '.';
        memcpy(buf + base_len + 1, meth, meth_len);
        const CatalogEntry *e = find_member(buf, base_len + 1 + meth_len, depth + 1);
        if (e)
            return e;
    }
    return NULL;
}

/* canonical: qualname[0..len) with its longest aliased prefix replaced, written to buf; NULL when
 * no alias applies (or the result would not fit). */
static const char *
canonical(const char *qualname, size_t len, char *buf, size_t size)
{
    for (size_t end = len; end > 0;) {
        const Slot *s = table_get(&cat.aliases, qualname, end);
        if (s && (!alias_table[s->value].exact || end == len)) {
            const char *to = alias_table[s->value].to;
            size_t to_len = strlen(to);
            if (to_len + (len - end) >= size)
                return NULL;
            memcpy(buf, to, to_len);
            memcpy(buf + to_len, qualname + end, len - end);
            buf[to_len + len - end] = '\0';
            return buf;
        }
        while (end > 0 && qualname[end - 1] != '.')
            end--;
        if (end > 0)
            end--; /* drop the dot: the next prefix ends before it */
    }
    return NULL;
}

/* catalog_lookup: see catalog.h. A name whose first segment no table mentions (a project function,
 * most builtins) is rejected by one probe of a short key; aliases are tried only under roots that
 * have some. */
const CatalogEntry *
catalog_lookup(const char *qualname)
{
    catalog_init();
    if (!qualname)
        return NULL;
    const Slot *root = table_get(&cat.roots, qualname, root_len(qualname));
    size_t len;
    if (!root || (len = strlen(qualname)) >= MAX_NAME)
        return NULL;
    const CatalogEntry *e = find_member(qualname, len, 0);
    if (e || !(root->value & ROOT_ALIASED))
        return e;
    char buf[MAX_NAME];
    const char *canon = canonical(qualname, len, buf, sizeof buf);
    return canon ? find_member(canon, strlen(canon), 0) : NULL;
}

/* catalog_canonical: see catalog.h. Tries the whole name, then each shorter dotted prefix. */
const char *
catalog_canonical(const char *qualname)
{
    static _Thread_local char buf[MAX_NAME];
    catalog_init();
    if (!qualname)
        return NULL;
    const Slot *root = table_get(&cat.roots, qualname, root_len(qualname));
    if (!root || !(root->value & ROOT_ALIASED))
        return qualname;
    const char *canon = canonical(qualname, strlen(qualname), buf, sizeof buf);
    return canon ? canon : qualname;
}

static bool
derives_from(const char *type, const char *base, int depth)
{
    if (strcmp(type, base) == 0)
        return true;
    const Slot *s;
    if (depth >= MAX_DEPTH || !(s = table_get(&cat.classes, type, strlen(type))))
        return false;
    const ClassInfo *ci = &cat.infos[s->value];
    for (uint32_t i = ci->first_rel; i < ci->first_rel + ci->nrels; i++)
        if (derives_from(cat.rels[i].base, base, depth + 1))
            return true;
    return false;
}

/* catalog_is_subtype: see catalog.h. Both names are canonicalised first. */
bool
catalog_is_subtype(const char *type, const char *base)
{
    if (!type || !base)
        return false;
    char base_buf[MAX_NAME];
    const char *b = catalog_canonical(base);
    if (strlen(b) >= sizeof base_buf)
        return false;
    strcpy(base_buf, b); /* the thread-local buffer is reused by the next call */
    return derives_from(catalog_canonical(type), base_buf, 0);
}

/* catalog_entries: see catalog.h. The table is static; *n receives its length. */
const CatalogEntry *
catalog_entries(uint32_t *n)
{
    *n = (uint32_t)ARRAY_LEN(catalog_table);
    return catalog_table;
}
