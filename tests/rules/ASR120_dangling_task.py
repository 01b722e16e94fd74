# select: ASR120
import asyncio


async def work(item):
    await asyncio.sleep(0)


async def unused_local(item):
    task = asyncio.create_task(work(item))  # expect: ASR120


async def discarded_comprehension(items):
    [asyncio.create_task(work(i)) for i in items]  # expect: ASR120


async def kept(items):
    tasks = [asyncio.create_task(work(i)) for i in items]  # ok: the list is kept and awaited
    await asyncio.gather(*tasks)
    task = asyncio.create_task(work(1))  # ok: awaited later
    await task


pending = None


async def module_global(item):
    global pending
    pending = asyncio.create_task(work(item))  # ok: a global keeps it
