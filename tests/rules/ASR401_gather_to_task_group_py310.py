# select: ASR401
# args: --python-version 3.10
import asyncio


async def fetch(n):
    return n


async def load():
    await asyncio.gather(fetch(1), fetch(2))  # ok: no TaskGroup before 3.11
