# select: ASYNC112
import asyncio


async def worker(n):
    await asyncio.sleep(n)


async def main():
    async with asyncio.TaskGroup() as tg:  # expect: ASYNC112
        tg.create_task(worker(1))
    async with asyncio.TaskGroup() as tg:  # ok: start_soon is not an asyncio method
        tg.start_soon(worker, 1)
