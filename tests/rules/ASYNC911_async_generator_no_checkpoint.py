# select: ASYNC911
# args: --unsafe-fixes
import trio


async def from_buffer(buffer):  # expect: ASYNC911
    await trio.sleep(0)
    yield 1
    yield 2  # expect: ASYNC911


async def yields_first(items):
    yield 0  # expect: ASYNC911
    await trio.sleep(0)


async def loop_yield(items):  # expect: ASYNC911
    await trio.sleep(0)
    for item in items:
        yield item  # expect: ASYNC911


async def exit_after_yield():  # expect: ASYNC911
    await trio.sleep(0)
    yield 1


async def fine(stream):
    async for line in stream:
        yield line  # ok: every step awaits the stream
    await trio.sleep(0)


async def fine_loop(chan):
    while True:
        await chan.receive()
        yield 1  # ok: each iteration awaits first


def sync_generator(items):
    for item in items:
        yield item  # ok: not async
