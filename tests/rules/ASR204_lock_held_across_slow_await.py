# select: ASR204
import asyncio

import asyncpg
import httpx


class EventRecorder:
    def __init__(self, client: httpx.AsyncClient):
        self.client = client
        self._lock = asyncio.Lock()
        self._counts = {}

    async def record(self, event):
        async with self._lock:
            self._counts[event.kind] = self._counts.get(event.kind, 0) + 1
            await self.client.post("/events", json=event.payload)  # expect: ASR204

    async def record_first(self, event):
        async with self._lock:
            resp = await self.client.get(f"/kinds/{event.kind}")  # expect: ASR204
            self._counts[event.kind] = 0
        return resp

    # ---- must stay silent -----------------------------------------------------------------------

    async def single_flight(self, key):
        async with self._lock:
            if key in self._counts:
                return self._counts[key]
            value = await self.client.get(f"/counts/{key}")  # ok: the result feeds the shared state
            self._counts[key] = value
        return value

    async def reads_shared(self, event):
        async with self._lock:
            self._counts[event.kind] = 1
            await self.client.post("/events", json=self._counts)  # ok: sends the shared state

    async def only_the_call(self, event):
        async with self._lock:
            await self.client.post("/events", json=event.payload)  # ok: serialising the call is the point

    async def result_used_inside(self, event):
        async with self._lock:
            resp = await self.client.get("/config")  # ok: the block uses the result
            self._counts["config"] = len(resp.content)


async def bounded(sem: asyncio.Semaphore, client: httpx.AsyncClient, url, seen):
    async with sem:
        seen.append(url)
        return await client.get(url)  # ok: a semaphore bounds concurrent requests


async def pool_http(pool: asyncpg.Pool, client: httpx.AsyncClient, user_id):
    async with pool.acquire() as conn:
        profile = await client.get(f"/profiles/{user_id}")  # expect: ASR204
        await conn.execute("update users set profile = $1 where id = $2", profile.text, user_id)


async def pool_uses_conn(pool: asyncpg.Pool, client: httpx.AsyncClient, user_id):
    async with pool.acquire() as conn:
        row = await conn.fetchrow("select url from users where id = $1", user_id)
        page = await client.get(row["url"])  # ok: needs what was read on the connection
        await conn.execute("update users set page = $1 where id = $2", page.text, user_id)


async def pool_db_only(pool: asyncpg.Pool, user_id):
    async with pool.acquire() as conn:
        row = await conn.fetchrow("select * from users where id = $1", user_id)  # ok: uses the connection
        await conn.execute("update users set seen = now() where id = $1", user_id)
        return row
