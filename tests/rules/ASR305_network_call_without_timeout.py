# select: ASR305
import asyncio

import aiohttp
import httpx


async def fetch(url):
    async with aiohttp.ClientSession() as session:
        async with session.get(url) as resp:  # expect: ASR305
            return await resp.text()


async def post(url, payload):
    session = aiohttp.ClientSession()
    try:
        resp = await session.post(url, json=payload)  # expect: ASR305
        return resp.status
    finally:
        await session.close()


async def unbounded(url):
    async with httpx.AsyncClient(timeout=None) as client:
        return await client.get(url)  # expect: ASR305


# ---- must stay silent ----


async def call_timeout(url):
    async with aiohttp.ClientSession() as session:
        async with session.get(url, timeout=aiohttp.ClientTimeout(total=10)) as resp:
            return await resp.text()


async def session_timeout(url):
    async with aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=10)) as session:
        async with session.get(url) as resp:
            return await resp.text()


async def httpx_default(url):
    async with httpx.AsyncClient() as client:
        return await client.get(url)  # ok: httpx defaults to 5 seconds


async def scoped(url):
    async with aiohttp.ClientSession() as session:
        async with asyncio.timeout(10):
            async with session.get(url) as resp:
                return await resp.text()


async def waited(url):
    async with httpx.AsyncClient(timeout=None) as client:
        return await asyncio.wait_for(client.get(url), 10)


async def parameter(session, url):
    async with session.get(url) as resp:  # ok: the session is configured elsewhere
        return await resp.text()


async def options(url, **kwargs):
    async with aiohttp.ClientSession(**kwargs) as session:
        return await session.get(url)  # ok: timeout may be in kwargs
