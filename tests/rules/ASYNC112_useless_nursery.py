# select: ASYNC112
import trio


async def worker(n, task_status=trio.TASK_STATUS_IGNORED):
    await trio.sleep(n)


async def main():
    async with trio.open_nursery() as nursery:  # expect: ASYNC112
        nursery.start_soon(worker, 1)
    async with trio.open_nursery() as n:  # expect: ASYNC112
        await n.start(worker, 2)
    async with trio.open_nursery() as nursery:  # ok: passes itself on
        nursery.start_soon(worker, nursery)
    async with trio.open_nursery() as nursery:  # ok: two tasks
        nursery.start_soon(worker, 1)
        nursery.start_soon(worker, 2)
    async with trio.open_nursery() as nursery:  # ok: not a start call
        print(nursery)
    async with trio.open_nursery() as nursery:  # expect: ASYNC112
        nursery.start_soon(worker, 3, name="w")
