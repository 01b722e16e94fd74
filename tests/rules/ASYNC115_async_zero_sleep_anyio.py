# select: ASYNC115
import asyncio

import anyio


async def spin():
    await anyio.sleep(0)  # expect: ASYNC115
    await asyncio.sleep(0)  # ok: asyncio has no lowlevel.checkpoint
    await anyio.sleep(0.1)
