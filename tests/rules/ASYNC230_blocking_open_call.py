# select: ASYNC230
import asyncio
import io
from pathlib import Path


async def load(path):
    with open(path) as f:  # expect: ASYNC230
        data = f.read()
    return data


async def other_forms(path):
    f = io.open(path)  # expect: ASYNC230
    g = Path(path).open()  # expect: ASYNC230
    return f, g


async def offloaded(path):
    def read():
        with open(path) as f:  # ok: runs in a thread
            return f.read()

    return await asyncio.to_thread(read)


def sync_load(path):
    with open(path) as f:  # ok
        return f.read()
