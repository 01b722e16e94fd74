/* ASYNC212 blocking-http-call-httpx-in-async-function: Method of a synchronous `httpx.Client`
 * called inside `async def`. */
#include "rules/blocking.h"

static const BlockKind kinds[] = { BLK_HTTPX_SYNC };

static void
check_call(RuleCtx *cx, const Expr *call)
{
    blocking_check_call(cx, call, kinds, ARRAY_LEN(kinds));
}

const RuleDesc rule_async212 = {
    .code = "ASYNC212",
    .name = "blocking-http-call-httpx-in-async-function",
    .severity = SEV_CRITICAL,
    .area = AREA_CORRECTNESS,
    .frameworks = FW_ALL,
    .fix = FIX_UNSAFE,
    .expr_kinds = EXPR_BIT(E_Call),
    .on_expr = check_call,
    .summary = "Method of a synchronous `httpx.Client` called inside `async def`",
    .why = "`httpx.Client` is the blocking client: each request holds the event loop until the "
           "response arrives. `httpx.AsyncClient` has the same API with awaitable methods.",
    .doc = "## What it does\n"
           "Checks for calls to methods of a synchronous `httpx.Client` (known from its "
           "constructor, an annotation or `with httpx.Client() as client`) inside an `async def`.\n"
           "\n"
           "## Why is this bad?\n"
           "`httpx.Client` is the blocking client: each request holds the event loop until the "
           "response arrives. `httpx.AsyncClient` has the same API with awaitable methods.\n"
           "\n"
           "## Example\n"
           "```python\n"
           "import httpx\n"
           "\n"
           "async def fetch(client: httpx.Client, url):\n"
           "    return client.get(url)\n"
           "```\n"
           "\n"
           "Use instead:\n"
           "```python\n"
           "import httpx\n"
           "\n"
           "async def fetch(client: httpx.AsyncClient, url):\n"
           "    return await client.get(url)\n"
           "```\n"
           "",
};
