# select: ASYNC102
import asyncio


async def in_finally(conn):
    try:
        await conn.serve()
    finally:
        await conn.close()  # ok: asyncio does not re-cancel at every await


async def in_handler(conn):
    try:
        await conn.serve()
    except asyncio.CancelledError:
        await conn.close()  # ok: asyncio semantics differ
        raise
