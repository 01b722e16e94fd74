# select: ASYNC119
from contextlib import asynccontextmanager


async def rows(pool):
    async with pool.acquire() as conn:
        async for row in conn.cursor("select 1"):
            yield row  # expect: ASYNC119


async def lines(path):
    with open(path) as f:
        for line in f:
            yield line  # expect: ASYNC119


@asynccontextmanager
async def connection(pool):
    async with pool.acquire() as conn:
        yield conn  # ok: an async context manager


def sync_generator(path):
    with open(path) as f:
        yield f.read()  # ok: not an async generator


async def outside():
    yield 1  # ok
