# select: ASYNC251
import time

import trio


async def tick():
    time.sleep(1)  # expect: ASYNC251
    await trio.sleep(1)  # ok


async def offloaded():
    await trio.to_thread.run_sync(time.sleep, 1)  # ok
