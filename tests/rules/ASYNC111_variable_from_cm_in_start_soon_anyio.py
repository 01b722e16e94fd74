# select: ASYNC111
# args: --show-fixes
import anyio


async def worker(resource):
    await anyio.sleep(0)


async def main(path):
    async with anyio.create_task_group() as tg:
        async with await anyio.open_file(path) as f:
            tg.start_soon(worker, f)  # expect: ASYNC111


async def started(path):
    async with anyio.create_task_group() as tg:
        async with await anyio.open_file(path) as f:
            await tg.start(worker, f)  # expect: ASYNC111


async def cancel_scope():
    async with anyio.create_task_group() as tg:
        with anyio.move_on_after(1) as scope:  # a cancel scope: no suggestion
            tg.start_soon(worker, scope)  # expect: ASYNC111
