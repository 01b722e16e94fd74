# select: ASYNC100
import asyncio


async def compute(values):
    async with asyncio.timeout(1):  # expect: ASYNC100
        total = sum(values)
    async with asyncio.timeout(1):
        await asyncio.sleep(0)  # ok
    return total
