# select: ASYNC113
import contextlib
import functools

import trio


class Server:
    async def __aenter__(self):
        self.nursery.start_soon(trio.serve_tcp, self.handler, 8080)  # expect: ASYNC113
        self.nursery.start_soon(functools.partial(trio.serve_tcp, self.handler, 8081))  # expect: ASYNC113
        self.nursery.start_soon(self.background)  # ok: not a startable function
        await self.nursery.start(trio.serve_tcp, self.handler, 8082)  # ok: waits for it
        return self

    async def open(self):
        self.nursery.start_soon(trio.serve_tcp, self.handler, 8080)  # ok: not __aenter__


@contextlib.asynccontextmanager
async def serving(handler):
    async with trio.open_nursery() as nursery:
        nursery.start_soon(trio.serve_tcp, handler, 8080)  # expect: ASYNC113
        yield nursery
        nursery.start_soon(trio.serve_tcp, handler, 8081)  # ok: after the yield


@contextlib.asynccontextmanager
async def scoped(handler):
    async with trio.open_nursery() as nursery:
        nursery.start_soon(trio.serve_tcp, handler, 8080)  # ok: the nursery waits before the yield
    yield
