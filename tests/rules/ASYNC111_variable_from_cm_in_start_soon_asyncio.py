# select: ASYNC111
# args: --show-fixes
import asyncio
import contextlib


async def fetch(session, url):
    await asyncio.sleep(0)


async def main(make_session, urls):
    async with asyncio.TaskGroup() as tg:
        async with make_session() as session:
            for url in urls:
                tg.create_task(fetch(session, url))  # expect: ASYNC111


async def sync_resource():
    async with asyncio.TaskGroup() as tg:
        with open("data.bin", "rb") as fh:
            tg.create_task(fetch(fh, None))  # expect: ASYNC111
        tg.create_task(fetch(None, None))


async def timeout_scope():
    async with asyncio.TaskGroup() as tg:
        async with asyncio.timeout(5) as scope:  # a timeout: no suggestion
            tg.create_task(fetch(scope, None))  # expect: ASYNC111


async def exit_stack():
    async with asyncio.TaskGroup() as tg:
        async with contextlib.AsyncExitStack() as stack:
            tg.create_task(fetch(stack, None))  # expect: ASYNC111


# look-alike
async def already_outside(make_session):
    async with make_session() as session:
        async with asyncio.TaskGroup() as tg:
            tg.create_task(fetch(session, "x"))  # ok: the task group is innermost
