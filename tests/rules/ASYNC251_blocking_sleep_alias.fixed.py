# select: ASYNC251
# args: --unsafe-fixes
import asyncio as aio
import time


async def tick():
    await aio.sleep(1)  # expect: ASYNC251
    await aio.sleep(0)  # ok
