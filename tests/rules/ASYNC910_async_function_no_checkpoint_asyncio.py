# select: ASYNC910
import asyncio


async def cached(cache, key):
    if key in cache:
        return cache[key]  # expect: ASYNC910
    await asyncio.sleep(0)
    return None


async def fine():
    await asyncio.sleep(0)  # ok
