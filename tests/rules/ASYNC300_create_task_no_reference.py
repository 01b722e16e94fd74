# select: ASYNC300
import asyncio
from asyncio import create_task


async def notify(event):
    await asyncio.sleep(0)


background_tasks = set()


async def fire_and_forget(event):
    asyncio.create_task(notify(event))  # expect: ASYNC300
    asyncio.ensure_future(notify(event))  # expect: ASYNC300
    create_task(notify(event))  # expect: ASYNC300
    asyncio.get_running_loop().create_task(notify(event))  # expect: ASYNC300


async def kept(event):
    task = asyncio.create_task(notify(event))  # ok: kept and awaited
    background_tasks.add(asyncio.create_task(notify(event)))  # ok: stored in a set
    await task


async def task_group(events):
    async with asyncio.TaskGroup() as tg:
        for event in events:
            tg.create_task(notify(event))  # ok: the group owns its tasks
