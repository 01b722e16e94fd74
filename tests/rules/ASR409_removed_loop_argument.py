# select: ASR409
import asyncio


async def pause(loop):
    await asyncio.sleep(1, loop=loop)  # expect: ASR409
    lock = asyncio.Lock(loop=loop)  # expect: ASR409
    queue = asyncio.Queue(maxsize=3, loop=loop)  # expect: ASR409
    await asyncio.wait_for(
        queue.get(),
        loop=loop,  # expect: ASR409
        timeout=2,
    )
    ev = asyncio.Event(loop=loop,)  # expect: ASR409
    fut = asyncio.ensure_future(queue.get(), loop=loop)  # ok: ensure_future still accepts loop
    task = loop.create_task(queue.get())  # ok: a loop method
    return lock, ev, fut, task
