# select: ASR503
import contextlib
from contextlib import aclosing


async def stream_rows(conn):
    async with conn.transaction():
        async for row in conn.cursor("SELECT * FROM events"):
            yield row


async def first_match(conn, pattern):
    async for row in stream_rows(conn):  # expect: ASR503
        if pattern in row:
            return row
    return None


async def take(conn, n):
    rows = []
    async for row in stream_rows(conn):  # expect: ASR503
        rows.append(row)
        if len(rows) == n:
            break
    return rows


async def through_name(conn):
    gen = stream_rows(conn)
    async for row in gen:  # expect: ASR503
        if row is None:
            break


class Feed:
    async def events(self):
        yield 1

    async def first(self):
        async for e in self.events():  # expect: ASR503
            return e


# ---- must stay silent ----


async def consume_all(conn):
    async for row in stream_rows(conn):  # ok: runs to the end
        print(row)


async def closed(conn, pattern):
    async with contextlib.aclosing(stream_rows(conn)) as rows:
        async for row in rows:
            if pattern in row:
                return row


async def closed_imported(conn):
    async with aclosing(stream_rows(conn)) as rows:
        async for row in rows:
            break


async def aclose_finally(conn):
    gen = stream_rows(conn)
    try:
        async for row in gen:
            break
    finally:
        await gen.aclose()


async def nested_break(conn, groups):
    async for row in stream_rows(conn):
        for g in groups:
            if g in row:
                break  # ok: leaves the inner loop only


async def library_iter(resp):
    async for chunk in resp.content.iter_chunked(1024):  # ok: not a project generator
        break
