# select: ASR130
import asyncio


async def fetch():
    await asyncio.sleep(0)
    return 1


async def handler():
    data = asyncio.run(fetch())  # expect: ASR130
    loop = asyncio.get_event_loop()
    loop.run_until_complete(fetch())  # expect: ASR130
    return data


def main():
    return asyncio.run(fetch())  # ok: no loop is running in a plain function


async def runs_in_thread():
    # a plain function run in a worker thread may start its own loop
    await asyncio.to_thread(lambda: asyncio.run(fetch()))  # ok
