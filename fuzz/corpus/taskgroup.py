import asyncio

async def run_all(coros):
    async with asyncio.TaskGroup() as tg:
        tasks = [tg.create_task(c) for c in coros]
    return [t.result() for t in tasks]

async def timeout_demo():
    try:
        async with asyncio.timeout(10):
            await asyncio.sleep(100)
    except* TimeoutError as eg:
        print(eg)
