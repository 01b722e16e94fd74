# select: ASR304
# args: --python-version 3.8
import asyncio


async def consume(queue, handle):
    while True:
        item = await queue.get()
        try:
            await asyncio.wait_for(handle(item), 10)  # expect: ASR304
        except TimeoutError:
            continue


# ---- must stay silent ----


async def consume_handled(queue, handle):
    while True:
        item = await queue.get()
        try:
            await asyncio.wait_for(handle(item), 10)
        except asyncio.TimeoutError:
            continue
