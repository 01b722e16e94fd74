# select: ASR402
import asyncio

import async_timeout
from async_timeout import timeout as atimeout


async def read(reader: asyncio.StreamReader, t):
    line = await asyncio.wait_for(reader.readline(), 5)  # expect: ASR402
    await asyncio.wait_for(asyncio.sleep(1), timeout=t)  # expect: ASR402
    return await asyncio.wait_for(reader.read(10), t)  # expect: ASR402


async def scoped(reader):
    async with async_timeout.timeout(3):  # expect: ASR402
        await reader.read(1)
    async with atimeout(3) as cm:  # expect: ASR402
        await reader.read(1)
    return cm.expired


async def fine(reader: asyncio.StreamReader, task, t):
    await asyncio.wait_for(task, 5)  # ok: not a coroutine call (a task or future)
    data = [await asyncio.wait_for(reader.read(1), t)]  # ok: not a whole statement value
    async with asyncio.timeout(5):  # ok: already the 3.11 form
        await reader.read(1)
    return data


async def multi(reader: asyncio.StreamReader):
    line = await asyncio.wait_for(  # expect: ASR402
        reader.readline(),
        timeout=5,
    )
    return line
