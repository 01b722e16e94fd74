# select: ASR502
import asyncio

lock = asyncio.Lock()


async def update(store, key, value):
    await lock.acquire()  # expect: ASR502
    await store.put(key, value)
    lock.release()


class Cache:
    def __init__(self):
        self._sem = asyncio.Semaphore(4)

    async def fill(self, store):
        await self._sem.acquire()  # expect: ASR502
        data = await store.load()
        self._sem.release()
        return data

    # ---- must stay silent ----

    async def safe(self, store):
        await self._sem.acquire()
        try:
            return await store.load()
        finally:
            self._sem.release()  # ok: released in finally

    async def __aenter__(self):
        await self._sem.acquire()  # ok: __aexit__ releases
        return self

    async def handed_over(self, store):
        await self._sem.acquire()  # ok: released elsewhere (a callback)
        store.on_done(self._sem.release)


async def with_form(store):
    async with lock:  # ok: async with
        await store.flush()


async def handler_release(store):
    await lock.acquire()
    try:
        await store.flush()
    except BaseException:
        lock.release()  # ok: released on the error path too
        raise
    lock.release()


async def unknown_type(thing, store):
    await thing.acquire()  # ok: not known to be a lock
    await store.flush()
    thing.release()
