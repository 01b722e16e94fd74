/* ASYNC210 blocking-http-call-in-async-function: Synchronous HTTP request (requests, urllib,
 * http.client, httpx's module functions) inside `async def`. */
#include "rules/blocking.h"

static const BlockKind kinds[] = { BLK_HTTP };

static void
check_call(RuleCtx *cx, const Expr *call)
{
    blocking_check_call(cx, call, kinds, ARRAY_LEN(kinds));
}

const RuleDesc rule_async210 = {
    .code = "ASYNC210",
    .name = "blocking-http-call-in-async-function",
    .severity = SEV_CRITICAL,
    .area = AREA_CORRECTNESS,
    .frameworks = FW_ALL,
    .fix = FIX_UNSAFE,
    .expr_kinds = EXPR_BIT(E_Call),
    .on_expr = check_call,
    .summary = "Synchronous HTTP request (requests, urllib, http.client, httpx's module functions) "
               "inside `async def`",
    .why = "A synchronous HTTP request blocks the event loop until the server answers, so every "
           "other task in the process stalls for the whole round trip. Use the framework's async "
           "HTTP client, or run the request in a worker thread.",
    .doc = "## What it does\n"
           "Checks for synchronous HTTP calls (`requests.get`, `requests.Session.post`, "
           "`urllib.request.urlopen`, `http.client.HTTPConnection.request`, `httpx.get`, ...) made "
           "directly in an `async def`.\n"
           "\n"
           "## Why is this bad?\n"
           "A synchronous HTTP request blocks the event loop until the server answers, so every "
           "other task in the process stalls for the whole round trip. Use the framework's async "
           "HTTP client, or run the request in a worker thread.\n"
           "\n"
           "## Example\n"
           "```python\n"
           "import requests\n"
           "\n"
           "async def fetch(url):\n"
           "    resp = requests.get(url, timeout=10)\n"
           "    return resp.json()\n"
           "```\n"
           "\n"
           "Use instead:\n"
           "```python\n"
           "import httpx\n"
           "\n"
           "async def fetch(url):\n"
           "    async with httpx.AsyncClient() as client:\n"
           "        resp = await client.get(url, timeout=10)\n"
           "    return resp.json()\n"
           "```\n"
           "",
};
