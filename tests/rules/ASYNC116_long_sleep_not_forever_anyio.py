# select: ASYNC116
import asyncio

import anyio


async def park():
    await anyio.sleep(90000)  # expect: ASYNC116
    await asyncio.sleep(90000)  # ok: asyncio has no sleep_forever
