# select: ASR401
import asyncio


async def fetch(n):
    await asyncio.sleep(n)
    return n


async def load(urls):
    await asyncio.gather(fetch(1), fetch(2))  # expect: ASR401
    a, b = await asyncio.gather(fetch(1), fetch(2))  # expect: ASR401
    both = await asyncio.gather(fetch(3), asyncio.sleep(1))  # expect: ASR401
    pages = await asyncio.gather(*(fetch(u) for u in urls))  # expect: ASR401
    return a, b, both, pages


async def collect():
    return await asyncio.gather(fetch(1), fetch(2), return_exceptions=False)  # expect: ASR401


async def fine(tasks, urls):
    results = await asyncio.gather(fetch(1), fetch(2), return_exceptions=True)  # ok: deliberate
    await asyncio.gather(*tasks)  # ok: unknown contents
    await asyncio.gather(fetch(1))  # ok: a single coroutine
    total = sum(await asyncio.gather(fetch(1), fetch(2)))  # ok: part of a larger expression
    try:
        await asyncio.gather(fetch(1), fetch(2))  # ok: the handler would see an ExceptionGroup
    except ValueError:
        pass
    await asyncio.gather(fetch(1), tasks[0])  # ok: not every argument is a coroutine
    return results, total


def sync_gather():
    return asyncio.gather(fetch(1), fetch(2))  # ok: not awaited here
