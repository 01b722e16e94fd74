# select: ASR201
import asyncio

import httpx

http_client = httpx.AsyncClient(base_url="https://api.example.com")


async def fetch_all_users(user_ids):
    results = []
    for uid in user_ids:  # expect: ASR201
        resp = await http_client.get(f"/users/{uid}")
        results.append(resp.json())
    return results


async def notify_all(users, notify):
    for user in users:  # expect: ASR201
        await notify(user)


async def by_key(keys, load):
    found = {}
    for key in keys:  # expect: ASR201
        found[key] = await load(key)
    return found


async def small_literal(load):
    out = []
    for name in ("a", "b", "c"):  # expect: ASR201
        out.append(await load(name))
    return out


# ---- must stay silent -------------------------------------------------------------------------


async def pagination(client):
    cursor = None
    pages = []
    while True:
        page = await client.get("/items", params={"cursor": cursor})
        pages.append(page)
        cursor = page.headers.get("next")
        if not cursor:
            break
    return pages


async def carried_value(fetch, ids):
    token = None
    for i in ids:  # ok: each call uses the previous result
        token = await fetch(i, token)
    return token


async def running_total(fetch, ids):
    total = 0
    for i in ids:  # ok: a running total
        total += await fetch(i)
    return total


async def rate_limited(client, urls):
    out = []
    for url in urls:  # ok: sleeps between requests on purpose
        out.append(await client.get(url))
        await asyncio.sleep(1)
    return out


async def same_connection(conn, orders):
    for order in orders:  # ok: writes on one connection stay in order
        await conn.execute("insert into orders values ($1)", order.id)


async def transaction(pool, parent, children):
    async with pool.acquire() as conn:
        async with conn.transaction():
            for child in children:  # ok: one transaction
                await conn.execute("insert into child values ($1, $2)", parent, child)


async def marked(client, urls):
    out = []
    # asyncreview: ordered (the server requires sequential calls)
    for url in urls:
        out.append(await client.get(url))
    return out


async def early_exit(client, urls):
    for url in urls:  # ok: stops at the first success
        resp = await client.get(url)
        if resp.status_code == 200:
            return resp
    return None


async def retries(client, url):
    for attempt in range(3):  # ok: retry with backoff
        try:
            return await client.get(url)
        except httpx.TransportError:
            await asyncio.sleep(2**attempt)
    raise RuntimeError("unreachable")


async def search_else(client, urls):
    for url in urls:  # ok: for-else is a search
        await client.get(url)
    else:
        pass


async def consumer(queue):
    while True:
        item = await queue.get()
        queue.task_done()
        if item is None:
            break


async def writer(stream, chunks):
    for chunk in chunks:  # ok: a stream keeps the order
        await stream.write(chunk)


async def dedupe(fetch, ids):
    seen = set()
    for i in ids:  # ok: reads a set the loop fills
        if i in seen:
            continue
        seen.add(i)
        await fetch(i)


async def last_value_used(fetch, ids):
    for i in ids:  # ok: `resp` from the last iteration is used after the loop
        resp = await fetch(i)
    return resp


async def sets_attributes(self_, fetch, ids):
    for i in ids:  # ok: the last value wins
        self_.value = await fetch(i)


async def no_await(items):
    out = []
    for item in items:  # ok: nothing awaited
        out.append(item * 2)
    return out


def sync_loop(items, fetch):
    for item in items:  # ok: not a coroutine
        fetch(item)


async def test_sequential(client):
    for url in ["/a", "/b"]:  # ok: test code
        await client.get(url)


async def callbacks(hooks, request):
    for hook in hooks:  # ok: a different callback each iteration, run in order
        await hook(request)


async def traces(traces_, host):
    for trace in traces_:  # ok: observers are notified in order
        await trace.send_dns_resolvehost_start(host)


async def lifecycle(self_, extensions):
    for extension in tuple(extensions):  # ok: loading and unloading keep their order
        await self_.unload_extension(extension)


async def pages_in_order(destination, pages):
    for page in pages:  # ok: messages must arrive in order
        await destination.send(page)


async def already_running(futures):
    for fut in futures:  # ok: the work already runs; waiting in order costs nothing
        await asyncio.wait_for(fut, 10)


async def shards(self_, shard_ids, gateway):
    for shard_id in shard_ids:  # ok: launches are sequential on purpose
        await self_.launch_shard(gateway, shard_id)


async def one_protocol(self_, to_close):
    for stmt in to_close:  # ok: one protocol connection
        await self_._protocol.close_statement(stmt)


class Server:
    async def start(self, loop, sockets, make_protocol):
        for sock in sockets:  # ok: fills self.servers in order
            server = await loop.create_server(make_protocol, sock=sock)
            self.servers.append(server)
