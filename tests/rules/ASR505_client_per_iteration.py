# select: ASR505
import aiohttp
import asyncpg
import httpx
from fastapi import APIRouter

router = APIRouter()


async def fetch_all(urls):
    pages = []
    for url in urls:
        async with aiohttp.ClientSession() as session:  # expect: ASR505
            async with session.get(url) as resp:
                pages.append(await resp.text())
    return pages


async def poll(url, stop):
    while not stop.is_set():
        async with httpx.AsyncClient(timeout=10) as client:  # expect: ASR505
            await client.get(url)


async def load(dsn, ids):
    for i in ids:
        async with asyncpg.create_pool(dsn) as pool:  # expect: ASR505
            await pool.execute("DELETE FROM t WHERE id = $1", i)


@router.get("/proxy")
async def proxy(url: str):
    async with httpx.AsyncClient() as client:  # expect: ASR505
        resp = await client.get(url)
    return resp.json()


# ---- must stay silent ----


async def shared(urls):
    async with aiohttp.ClientSession() as session:
        for url in urls:
            async with session.get(url) as resp:
                await resp.text()


async def retry(url):
    for attempt in range(3):
        async with httpx.AsyncClient() as client:  # ok: a retry loop
            resp = await client.get(url)
            if resp.status_code == 200:
                return resp


async def reconnect(url):
    while True:
        try:
            async with aiohttp.ClientSession() as session:  # ok: reconnect after errors
                async with session.ws_connect(url) as ws:
                    async for msg in ws:
                        print(msg)
        except aiohttp.ClientError:
            continue


async def listen(dsn):
    while True:
        async with asyncpg.create_pool(dsn) as pool:  # ok: reconnecting in a while loop
            await pool.execute("LISTEN x")


async def not_a_route(url):
    async with httpx.AsyncClient() as client:  # ok: called once, as far as we know
        return await client.get(url)


async def nested_def(urls):
    for url in urls:
        async def one(u):
            async with httpx.AsyncClient() as client:  # ok: the def is not the loop body's code
                return await client.get(u)
        await one(url)
