# select: ASR303
import asyncio
import contextlib


async def ping(conn):
    await conn.send(b"ping")


async def serve(conn):
    heartbeat = asyncio.create_task(ping(conn))  # expect: ASR303
    try:
        await conn.serve_forever()
    finally:
        heartbeat.cancel()


async def poll(conn):
    job = asyncio.ensure_future(ping(conn))  # expect: ASR303
    while not job.done():
        await asyncio.sleep(1)


class Client:
    def __init__(self, conn):
        self._conn = conn
        self._pinger = None

    async def connect(self):
        self._pinger = asyncio.create_task(self._ping_forever())  # expect: ASR303

    async def _ping_forever(self):
        while True:
            await self._conn.send(b"ping")
            await asyncio.sleep(30)

    async def close(self):
        if self._pinger is not None:
            self._pinger.cancel()


# ---- must stay silent ----


async def awaited_after_cancel(conn):
    heartbeat = asyncio.create_task(ping(conn))
    try:
        await conn.serve_forever()
    finally:
        heartbeat.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await heartbeat  # ok: retrieves the outcome


async def gathered(conn):
    a = asyncio.create_task(ping(conn))
    b = asyncio.create_task(ping(conn))
    await asyncio.gather(a, b)


async def callback(conn, on_done):
    t = asyncio.create_task(ping(conn))
    t.add_done_callback(on_done)


async def checked(conn):
    t = asyncio.create_task(ping(conn))
    await asyncio.sleep(1)
    if t.done() and t.exception() is not None:
        raise t.exception()


async def unused(conn):
    t = asyncio.create_task(ping(conn))  # ok: ASR120's case


async def returned(conn):
    t = asyncio.create_task(ping(conn))
    return t


class Owner:
    async def start(self):
        self._reader = asyncio.create_task(self._read_loop())

    async def _read_loop(self):
        await asyncio.sleep(1)

    async def stop(self):
        self._reader.cancel()
        await asyncio.wait([self._reader])  # ok: waited


class SelfHandled:
    async def start(self):
        self._worker = asyncio.create_task(self._work())  # ok: _work catches its own errors

    async def _work(self):
        while True:
            try:
                await asyncio.sleep(1)
            except Exception:
                pass

    def stop(self):
        self._worker.cancel()


class Exposed:
    async def start(self):
        self.task = asyncio.create_task(ping(None))


async def watcher(obj):
    await obj.task  # ok: awaited through another receiver
