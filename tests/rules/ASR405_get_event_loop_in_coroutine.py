# select: ASR405
import asyncio
import asyncio as aio
from asyncio import get_event_loop


async def main():
    loop = asyncio.get_event_loop()  # expect: ASR405
    other = aio.get_event_loop()  # expect: ASR405
    third = get_event_loop()  # expect: ASR405
    await loop.run_in_executor(None, print, other, third)
    return asyncio.get_running_loop()  # ok: already right


def sync_setup():
    return asyncio.get_event_loop()  # ok: not in a coroutine


async def outer():
    def callback():
        return asyncio.get_event_loop()  # ok: a nested sync function may run outside the loop

    return callback


loop = asyncio.get_event_loop()  # ok: module level
