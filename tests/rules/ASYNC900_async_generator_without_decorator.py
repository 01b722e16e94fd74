# select: ASYNC900
import contextlib

import pytest
import trio


async def messages(conn):  # expect: ASYNC900
    while True:
        yield await conn.receive()


class Stream:
    async def __aiter__(self):  # expect: ASYNC900
        yield 1


@contextlib.asynccontextmanager
async def opened(conn):
    yield conn  # ok: an async context manager


@pytest.fixture
async def client():
    yield object()  # ok: a fixture


@trio.as_safe_channel
async def channel():
    yield 1  # ok: trio's safe channel


async def not_a_generator(conn):
    await conn.receive()  # ok


async def outer():
    def inner():
        yield 1  # ok: a sync generator

    return inner
