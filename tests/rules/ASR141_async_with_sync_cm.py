# select: ASR141
import threading

import trio

thread_lock = threading.Lock()


async def thread_locked():
    async with thread_lock:  # expect: ASR141
        pass


async def cancel_scope():
    async with trio.move_on_after(5):  # expect: ASR141
        await trio.sleep(1)


async def file():
    async with open("data.txt") as f:  # expect: ASR141
        return f


async def correct():
    with trio.move_on_after(5):  # ok: cancel scopes use plain with
        await trio.sleep(1)
    async with trio.open_nursery() as nursery:  # ok
        nursery.start_soon(trio.sleep, 1)
