# select: ASR202
import asyncio

import httpx

http = httpx.AsyncClient(base_url="https://api.example.com")


async def profile_page(user_id):
    user = await http.get(f"/users/{user_id}")  # expect: ASR202
    orders = await http.get(f"/users/{user_id}/orders")
    return user.json(), orders.json()


async def dashboard(users_api, billing_api, account_id):
    account = await users_api.fetch_account(account_id)  # expect: ASR202
    invoices = await billing_api.list_invoices(account_id)
    usage: dict = await load_usage(account_id)
    return account, invoices, usage


async def load_usage(account_id):
    return await http.get(f"/usage/{account_id}")


async def split_runs(api, key):
    config = await api.load_config(key)
    flags = await fetch_flags(config)  # expect: ASR202 (uses `config`: a new run starts here)
    limits = await fetch_limits(key)
    return flags, limits


async def fetch_flags(config):
    return await http.get(f"/flags/{config}")


async def fetch_limits(key):
    return await http.get(f"/limits/{key}")


async def with_client(urls):
    async with httpx.AsyncClient() as client:
        home = await client.get(urls[0])  # expect: ASR202
        about = await client.get(urls[1])
    return home, about


# ---- must stay silent -------------------------------------------------------------------------


async def dependent(api, user_id):
    user = await api.get_user(user_id)  # ok: the second call uses the first result
    team = await api.get_team(user.team_id)
    return user, team


async def bare_awaits(api):
    await api.load_config("a")  # ok: bare awaits are ordered side effects
    await api.load_config("b")


async def writes(api, a, b):
    first = await api.create_user(a)  # ok: writes
    second = await api.update_user(b)
    return first, second


async def same_session(session, User, Order):
    user = await session.get(User, 1)  # ok: one database session cannot serve concurrent requests
    order = await session.get(Order, 2)
    return user, order


async def same_receiver(self_like):
    a = await self_like.get_a()  # ok: the same object may hold one connection
    b = await self_like.get_b()
    return a, b


async def repository(repo_users, repo_orders, uid):
    user = await repo_users.get(uid)  # ok: repositories usually share a session
    orders = await repo_orders.list(uid)
    return user, orders


async def on_connection(conn, uid):
    user = await conn.fetchrow("select * from users where id = $1", uid)  # ok: one connection
    orders = await conn.fetch("select * from orders where user_id = $1", uid)
    return user, orders


async def from_stream(reader):
    header = await reader.readexactly(4)  # ok: reads from one stream, in order
    body = await reader.read(100)
    return header, body


async def with_lock(lock, api):
    async with lock:
        a = await api.get_a()  # ok: inside a lock or transaction
        b = await api.get_b()
    return a, b


async def in_loop(api, keys):
    out = []
    for key in keys:
        a = await api.get_a(key)  # ok: loops are ASR201's
        b = await api.get_b(key)
        out.append((a, b))
    return out


async def in_finally(api):
    try:
        pass
    finally:
        a = await api.get_a()  # ok: cleanup code
        b = await api.get_b()
    return a, b


async def queue_reads(inbox, outbox):
    first = await inbox.get()  # ok: `get()` without arguments is a queue or channel
    second = await outbox.get()
    return first, second


async def sleeps(api):
    a = await asyncio.sleep(1, result=1)  # ok: framework primitives
    b = await api.get_b()
    return a, b


async def nested_await(api):
    a = await api.get_a(await api.token())  # ok: awaits inside the call
    b = await api.get_b()
    return a, b


async def single(api):
    a = await api.get_a()  # ok: only one
    print(a)
    b = await api.get_b()
    return b


async def test_reads(api):
    a = await api.get_a()  # ok: test code
    b = await api.get_b()
    return a, b


def sync_code(api):
    a = api.get_a()  # ok: not awaited
    b = api.get_b()
    return a, b
