# select: ASYNC913
# args: --unsafe-fixes
import trio


async def pump(queue, sink):
    while True:  # expect: ASYNC913
        if queue:
            await sink.send(queue.pop())


async def spin(state):
    while 1:  # expect: ASYNC913
        state.tick()


async def with_break(queue, sink):
    while True:  # ok: the loop can end
        if not queue:
            break
        await sink.send(queue.pop())


async def always_awaits(chan):
    while True:  # ok: every iteration awaits
        await chan.receive()


async def bounded(queue):
    while queue:  # ok: not an indefinite loop
        queue.pop()
    await trio.sleep(0)
