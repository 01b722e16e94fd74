# select: ASYNC105
# args: --unsafe-fixes
import trio


async def task(task_status=trio.TASK_STATUS_IGNORED):
    task_status.started()


async def main(path):
    trio.sleep(1)  # expect: ASYNC105
    async with trio.open_file(path) as f:  # expect: ASYNC105
        await f.read()
    trio.open_file(path).close  # expect: ASYNC105
    async with trio.open_nursery() as nursery:
        nursery.start(task)  # expect: ASYNC105


def not_async():
    return trio.sleep(1)  # expect: ASYNC105
