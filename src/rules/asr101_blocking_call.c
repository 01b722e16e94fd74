/* ASR101 blocking-call-in-async-function: Blocking socket, database, thread-primitive or file call
 * inside `async def`. */
#include "rules/blocking.h"

static const BlockKind kinds[] = { BLK_SOCKET, BLK_DB, BLK_SYNC_PRIMITIVE, BLK_FILE_IO, BLK_OTHER };

static void
check_call(RuleCtx *cx, const Expr *call)
{
    blocking_check_call(cx, call, kinds, ARRAY_LEN(kinds));
}

const RuleDesc rule_asr101 = {
    .code = "ASR101",
    .name = "blocking-call-in-async-function",
    .severity = SEV_CRITICAL,
    .area = AREA_CORRECTNESS,
    .frameworks = FW_ALL,
    .fix = FIX_UNSAFE,
    .expr_kinds = EXPR_BIT(E_Call),
    .on_expr = check_call,
    .summary = "Blocking socket, database, thread-primitive or file call inside `async def`",
    .why = "A blocking socket read, synchronous database query, `threading.Lock.acquire`, "
           "`queue.Queue.get` or `Future.result()` holds the event loop's thread until it returns, "
           "so every other task waits. Use the async driver or primitive, or run the call in a "
           "worker thread.",
    .doc = "## What it does\n"
           "Checks for blocking calls outside flake8-async's families: sync sockets and DNS "
           "(`socket`, `ssl`, `select`), sync database drivers (sqlite3, psycopg2, pymysql, "
           "redis-py, pymongo, boto3), thread primitives (`threading` locks and events, "
           "`queue.Queue`, `concurrent.futures` results) and file operations (`shutil`), made "
           "directly in an `async def`. Non-blocking variants (`q.get(block=False)`, "
           "`lock.acquire(False)`, `timeout=0`) are not flagged.\n"
           "\n"
           "## Why is this bad?\n"
           "A blocking socket read, synchronous database query, `threading.Lock.acquire`, "
           "`queue.Queue.get` or `Future.result()` holds the event loop's thread until it returns, "
           "so every other task waits. Use the async driver or primitive, or run the call in a "
           "worker thread.\n"
           "\n"
           "## Example\n"
           "```python\n"
           "import sqlite3\n"
           "\n"
           "async def count(db_path):\n"
           "    conn = sqlite3.connect(db_path)\n"
           "    return conn.execute(\"select count(*) from t\").fetchone()\n"
           "```\n"
           "\n"
           "Use instead:\n"
           "```python\n"
           "import asyncio\n"
           "import sqlite3\n"
           "\n"
           "async def count(db_path):\n"
           "    def _query():\n"
           "        with sqlite3.connect(db_path) as conn:\n"
           "            return conn.execute(\"select count(*) from t\").fetchone()\n"
           "    return await asyncio.to_thread(_query)\n"
           "```\n"
           "",
};
