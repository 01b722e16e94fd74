# select: ASR402
# args: --python-version 3.10
import asyncio


async def read(reader):
    return await asyncio.wait_for(reader.readline(), 5)  # ok: no asyncio.timeout before 3.11
