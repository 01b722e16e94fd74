# select: ASYNC122
import anyio


async def fetch(conn):
    scopes = [anyio.fail_after(1)]  # expect: ASYNC122
    with anyio.move_on_after(5):  # ok
        await conn.read()
    return scopes
