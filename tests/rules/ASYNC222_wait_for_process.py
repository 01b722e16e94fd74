# select: ASYNC222
import asyncio
import os


async def reap(pid):
    os.waitpid(pid, 0)  # expect: ASYNC222
    os.wait()  # expect: ASYNC222


async def correct(pid):
    await asyncio.to_thread(os.waitpid, pid, 0)  # ok
