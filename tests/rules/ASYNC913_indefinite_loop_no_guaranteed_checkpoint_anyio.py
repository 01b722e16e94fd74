# select: ASYNC913
# args: --unsafe-fixes
import anyio


async def pump(queue, sink):
    while True:  # expect: ASYNC913
        if queue:
            await sink.send(queue.pop())


async def fine(stream):
    while True:  # ok
        await anyio.sleep(1)
