# select: ASR406
import asyncio


async def worker(n):
    await asyncio.sleep(n)


async def main(fut, loop):
    task = asyncio.create_task(worker(1))  # expect: ASR406
    other = asyncio.create_task(asyncio.sleep(1))  # expect: ASR406
    wrapped = asyncio.ensure_future(fut)  # ok: may be a future, not a coroutine
    pinned = asyncio.ensure_future(worker(2), loop=loop)  # ok: an explicit loop
    await asyncio.gather(task, other, wrapped, pinned)


def sync_start():
    return asyncio.ensure_future(worker(3))  # ok: no running loop is guaranteed here
