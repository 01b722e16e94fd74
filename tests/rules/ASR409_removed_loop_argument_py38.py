# select: ASR409
# args: --python-version 3.8
import asyncio


async def pause(loop):
    await asyncio.sleep(1, loop=loop)  # expect: ASR409
    return asyncio.gather(pause(loop))  # ok: no loop argument
