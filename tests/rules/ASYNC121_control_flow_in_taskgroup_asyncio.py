# select: ASYNC121
import asyncio


async def first(fetch):
    async with asyncio.TaskGroup() as tg:
        tg.create_task(fetch())
        return 1  # expect: ASYNC121
