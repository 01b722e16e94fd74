# select: ASYNC101
from contextlib import asynccontextmanager

import trio


async def ticks():
    with trio.move_on_after(10):
        while True:
            yield 1  # expect: ASYNC101


async def children():
    async with trio.open_nursery() as nursery:
        yield nursery  # expect: ASYNC101


@asynccontextmanager
async def managed():
    async with trio.open_nursery() as nursery:
        yield nursery  # ok: a context manager yields once to its body


async def plain():
    yield 1  # ok: no scope open
