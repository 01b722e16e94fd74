# select: ASYNC900
import asyncio
from contextlib import asynccontextmanager


async def ticks():  # expect: ASYNC900
    while True:
        await asyncio.sleep(1)
        yield


@asynccontextmanager
async def session():
    yield  # ok
