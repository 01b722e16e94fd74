# select: ASYNC125
import anyio


async def main(work):
    with anyio.CancelScope(deadline=100):  # expect: ASYNC125
        await work()
    with anyio.CancelScope(deadline=anyio.current_time() + 100):  # ok
        await work()
