# select: ASR501
import asyncio
import contextlib

import aiofiles
import aiohttp
import asyncpg
import httpx
import redis.asyncio as aioredis


async def fetch(url):
    session = aiohttp.ClientSession()  # expect: ASR501
    resp = await session.get(url)
    data = await resp.json()
    await session.close()
    return data


async def query(dsn):
    conn = await asyncpg.connect(dsn)  # expect: ASR501
    return await conn.fetch("SELECT 1")


async def read_config(path):
    f = await aiofiles.open(path)  # expect: ASR501
    text = await f.read()
    await f.close()
    return text


async def ping(host):
    reader, writer = await asyncio.open_connection(host, 80)  # expect: ASR501
    writer.write(b"PING\r\n")
    return await reader.readline()


async def counter(url):
    r = aioredis.from_url(url)  # expect: ASR501
    await r.incr("hits")


class Scraper:
    async def scrape(self, url):
        self.client = httpx.AsyncClient()  # expect: ASR501
        resp = await self.client.get(url)
        return resp.text


# ---- must stay silent ----


async def with_form(url):
    async with aiohttp.ClientSession() as session:
        async with session.get(url) as resp:
            return await resp.json()


async def finally_close(dsn):
    conn = await asyncpg.connect(dsn)
    try:
        return await conn.fetch("SELECT 1")
    finally:
        await conn.close()


async def later_with(url):
    client = httpx.AsyncClient(timeout=10)
    async with client:
        return (await client.get(url)).text


async def returned():
    session = aiohttp.ClientSession()
    return session  # ok: the caller owns it


async def handed_over(url, registry):
    session = aiohttp.ClientSession()
    registry.register(session)  # ok: ownership moves


async def exit_stack(url):
    async with contextlib.AsyncExitStack() as stack:
        session = aiohttp.ClientSession()
        stack.push_async_callback(session.close)
        return await session.get(url)


async def writer_closed(host):
    reader, writer = await asyncio.open_connection(host, 80)
    try:
        writer.write(b"PING\r\n")
        return await reader.readline()
    finally:
        writer.close()
        await writer.wait_closed()


class Service:
    def __init__(self):
        self.session = None

    async def start(self):
        self.session = aiohttp.ClientSession()  # ok: closed in close()

    async def close(self):
        await self.session.close()


class Pooled:
    async def __aenter__(self):
        self.pool = await asyncpg.create_pool("postgres://")  # ok: closed in __aexit__
        return self

    async def __aexit__(self, *exc):
        await self.pool.close()


def sync_factory():
    return aiohttp.ClientSession()  # ok: not async code


async def branch_bound(first, addr):
    if first:
        con = await asyncpg.connect(addr)  # ok: returned below, through either branch
    else:
        con = await asyncpg.connect(addr, timeout=5)
    return con
