# select: ASR408
import asyncio


@asyncio.coroutine  # expect: ASR408
def fetch(reader):
    data = yield from reader.read(100)
    return data
