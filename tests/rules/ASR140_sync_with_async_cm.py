# select: ASR140
import asyncio

import aiohttp
import httpx

lock = asyncio.Lock()


async def update():
    with lock:  # expect: ASR140
        pass


async def session():
    with aiohttp.ClientSession() as s:  # expect: ASR140
        return s


async def timeout():
    with asyncio.timeout(5):  # expect: ASR140
        await asyncio.sleep(1)


async def client():
    with httpx.AsyncClient() as c:  # expect: ASR140
        return c


class Resource:
    async def __aenter__(self):
        return self

    async def __aexit__(self, *exc):
        return None


async def project_class():
    with Resource() as r:  # expect: ASR140
        return r


async def correct():
    async with lock:  # ok
        pass
    async with aiohttp.ClientSession() as s:  # ok
        return s


def sync_client():
    with httpx.Client() as c:  # ok: the sync client is a sync context manager
        return c
