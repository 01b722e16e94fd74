# select: ASR408
# args: --python-version 3.10
import asyncio
import types


@asyncio.coroutine  # expect: ASR408
def fetch(reader):
    data = yield from reader.read(100)
    yield from asyncio.sleep(1)
    return data


class Client:
    @asyncio.coroutine  # expect: ASR408
    def close(self, a, b):
        result = yield from a + b
        return result


@types.coroutine  # expect: ASR408
def delegate(aw):
    return (yield from aw)


@types.coroutine
def raw_yield():
    yield  # ok: a low-level awaitable that yields to the event loop itself


@asyncio.coroutine  # expect: ASR408
def old_style():
    value = yield  # a bare yield: flagged, but no automatic rewrite
    return value


def plain_generator(items):
    yield from items  # ok: not a coroutine


async def modern(reader):
    return await reader.read(1)
