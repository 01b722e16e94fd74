# select: ASYNC230
import trio


async def load(path):
    with open(path) as f:  # expect: ASYNC230
        return f.read()


async def correct(path):
    async with await trio.open_file(path) as f:  # ok
        return await f.read()
