# select: ASR409
import asyncio


async def pause(loop):
    await asyncio.sleep(1)  # expect: ASR409
    lock = asyncio.Lock()  # expect: ASR409
    queue = asyncio.Queue(maxsize=3)  # expect: ASR409
    await asyncio.wait_for(
        queue.get(),  # expect: ASR409
        timeout=2,
    )
    ev = asyncio.Event()  # expect: ASR409
    fut = asyncio.ensure_future(queue.get(), loop=loop)  # ok: ensure_future still accepts loop
    task = loop.create_task(queue.get())  # ok: a loop method
    return lock, ev, fut, task
