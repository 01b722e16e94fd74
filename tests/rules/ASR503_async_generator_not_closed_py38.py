# select: ASR503
# args: --python-version 3.8


async def stream_rows(conn):
    async with conn.transaction():
        async for row in conn.cursor("SELECT * FROM events"):
            yield row


async def first_match(conn, pattern):
    async for row in stream_rows(conn):  # expect: ASR503
        if pattern in row:
            return row
    return None


async def through_name(conn):
    gen = stream_rows(conn)
    async for row in gen:  # expect: ASR503
        if row is None:
            break


# ---- must stay silent ----


async def aclose_finally(conn):
    gen = stream_rows(conn)
    try:
        async for row in gen:
            break
    finally:
        await gen.aclose()
