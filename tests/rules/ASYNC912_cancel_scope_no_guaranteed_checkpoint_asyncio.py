# select: ASYNC912
import asyncio


async def refresh(conn, stale):
    async with asyncio.timeout(5):  # expect: ASYNC912
        if stale:
            await conn.reload()


async def fine(conn):
    async with asyncio.timeout(5):  # ok
        await conn.reload()
