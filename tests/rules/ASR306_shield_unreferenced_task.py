# select: ASR306
import asyncio
from asyncio import shield


async def commit(order):
    return order


async def save(order):
    await asyncio.shield(commit(order))  # expect: ASR306


async def save_task(order):
    result = await asyncio.shield(asyncio.create_task(commit(order)))  # expect: ASR306
    return result


async def save_alias(order):
    return await shield(asyncio.ensure_future(commit(order)))  # expect: ASR306


async def with_timeout(order):
    await asyncio.wait_for(asyncio.shield(commit(order)), 5)  # expect: ASR306


# ---- must stay silent ----

background_tasks = set()


async def kept(order):
    task = asyncio.create_task(commit(order))
    background_tasks.add(task)
    task.add_done_callback(background_tasks.discard)
    await asyncio.shield(task)  # ok: referenced


class Saver:
    def __init__(self):
        self._flush = None

    async def flush(self, order):
        self._flush = asyncio.ensure_future(commit(order))
        await asyncio.shield(self._flush)  # ok: kept on self


async def unknown(factory):
    await asyncio.shield(factory.make_future())  # ok: may be kept by the factory
