# select: ASR143
import asyncio


async def signal(event: asyncio.Event, queue: asyncio.Queue):
    await event.set()  # expect: ASR143
    await queue.put_nowait(1)  # expect: ASR143


async def correct(event: asyncio.Event, queue: asyncio.Queue):
    event.set()  # ok
    await event.wait()  # ok: a coroutine
    await queue.put(1)  # ok
