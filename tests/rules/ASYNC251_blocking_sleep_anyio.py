# select: ASYNC251
# args: --python-version 3.8
from time import sleep

import anyio


async def tick():
    sleep(0.2)  # expect: ASYNC251
    await anyio.sleep(0.2)  # ok
    await anyio.to_thread.run_sync(sleep, 0.2)  # ok
