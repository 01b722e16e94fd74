# select: ASR142
import asyncio


async def rows():
    for i in range(3):
        yield i
        await asyncio.sleep(0)


def numbers():
    yield 1


async def consume():
    for row in rows():  # expect: ASR142
        print(row)
    total = sum(r for r in rows())  # expect: ASR142
    return total


async def correct():
    async for row in rows():  # ok
        print(row)
    values = [r async for r in rows()]  # ok
    for n in numbers():  # ok: a sync generator
        print(n)
    return values
