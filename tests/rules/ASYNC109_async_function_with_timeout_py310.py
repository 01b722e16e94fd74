# select: ASYNC109
# args: --python-version 3.10
import asyncio


async def fetch(url, timeout=10):  # ok: asyncio.timeout() needs 3.11
    return await asyncio.wait_for(download(url), timeout)


async def download(url):
    await asyncio.sleep(0)
    return url
