# select: ASYNC251
import asyncio
import time
import time as t
from time import sleep
from time import sleep as nap


async def direct():
    time.sleep(1)  # expect: ASYNC251


async def aliased():
    t.sleep(0.5)  # expect: ASYNC251
    sleep(2)  # expect: ASYNC251
    nap(3)  # expect: ASYNC251


async def in_comprehension(delays):
    return [time.sleep(d) for d in delays]  # expect: ASYNC251


def sync_function():
    time.sleep(1)  # ok: not a coroutine


async def nested_sync_def():
    def helper():
        time.sleep(1)  # ok: a nested plain def is not the coroutine

    await asyncio.to_thread(helper)


async def offloaded():
    await asyncio.to_thread(time.sleep, 1)  # ok: runs in a worker thread
    loop = asyncio.get_running_loop()
    await loop.run_in_executor(None, time.sleep, 1)  # ok
    await loop.run_in_executor(None, lambda: time.sleep(1))  # ok: the lambda runs in the thread


async def already_async():
    await asyncio.sleep(1)  # ok


async def shadowed():
    def sleep(seconds):  # a local function named sleep, not time.sleep
        return seconds

    sleep(1)  # ok


class Worker:
    async def run(self):
        time.sleep(0.1)  # expect: ASYNC251

    def run_sync(self):
        time.sleep(0.1)  # ok
