# select: ASYNC109
import asyncio
import typing


async def fetch(url, timeout=10):  # expect: ASYNC109
    async with asyncio.timeout(timeout):
        return await download(url)


async def poll(url, *, timeout: float):  # expect: ASYNC109
    return await asyncio.wait_for(download(url), timeout)


class Client:
    async def get(self, path, timeout=None):  # expect: ASYNC109
        return await download(path)


# ---- must stay silent ----


def sync_fetch(url, timeout=10):  # ok: not async
    return url


async def delay(url, timeout_message="late"):  # ok: another name
    return await download(url)


class Base:
    @typing.override
    async def get(self, path, timeout=None):  # ok: signature imposed by the base class
        return await download(path)


async def download(url):
    await asyncio.sleep(0)
    return url
