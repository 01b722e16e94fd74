# select: ASR203
import abc
import asyncio
from typing import Protocol

import pytest


async def _total_price(items):  # expect: ASR203
    return sum(item.price for item in items)


async def format_invoice(order):  # expect: ASR203
    lines = [f"{item.name}: {item.price}" for item in order.items]
    return "\n".join(lines)


async def checkout(cart, payments):
    price = await _total_price(cart.items)
    text = await format_invoice(cart)
    await payments.charge(cart.user, price, text)


class PriceCache:
    def __init__(self):
        self._prices = {}

    async def _lookup(self, sku):  # expect: ASR203
        return self._prices.get(sku)

    async def price(self, sku, fetch):
        cached = await self._lookup(sku)
        if cached is None:
            cached = self._prices[sku] = await fetch(sku)
        return cached


async def outer(items, send):
    async def _render(item):  # expect: ASR203
        return {"id": item.id, "name": item.name}

    for item in items:
        await send(await _render(item))


# ---- must stay silent -------------------------------------------------------------------------


async def fetch_user(client, uid):  # ok: awaits
    return await client.get(f"/users/{uid}")


async def stream_rows(cursor):  # ok: async for
    async for row in cursor:
        print(row)


async def locked(lock, state):  # ok: async with
    async with lock:
        state.value += 1


async def gen_numbers():  # ok: an async generator (yield)
    for i in range(3):
        yield i


async def collect(aiter_):  # ok: async comprehension
    return [x async for x in aiter_]


async def public_api(value):  # ok: public and never awaited in this file (other modules may)
    return value * 2


async def _passed_to_create_task(x):  # ok: its coroutine is passed on, not awaited
    return x + 1


async def _registered_handler(request):  # ok: referenced as a value (a callback)
    return {"status": "ok"}


async def _main():  # ok: run by asyncio.run
    print("hello")


def start():
    asyncio.create_task(_passed_to_create_task(1))
    ROUTES["/health"] = _registered_handler
    asyncio.run(_main())


ROUTES = {}


@pytest.fixture
async def _client_fixture():  # ok: decorated (fixture, route, event handler...)
    return object()


async def _stub():  # ok: an interface stub
    """Implemented by subclasses."""
    raise NotImplementedError


async def _noop():  # ok: a no-op default
    pass


async def _spawns_task(coro):  # ok: relies on the running loop
    return asyncio.ensure_future(coro)


async def _returns_coroutine(client):  # ok: returns an un-awaited coroutine (a missing-await bug, not this rule)
    return fetch_user(client, 1)


async def maybe_async(value):  # ok: async by design (the name says so)
    return value


async def _deprecated_shim(obj, value):  # ok: a deprecation shim keeps its old signature
    import warnings

    warnings.warn("use obj.value", DeprecationWarning)
    obj.value = value


async def _named_in_string(x):  # ok: looked up by name
    return x


def dispatch(obj, name):
    return getattr(obj, "_named_in_string")


class Base(abc.ABC):
    @abc.abstractmethod
    async def load(self):
        ...


class Impl(Base):
    async def load(self):  # ok: overrides a base method
        return {}


class Reader(Protocol):
    async def read(self) -> bytes:  # ok: a protocol stub
        ...


class Plain:
    async def __aenter__(self):  # ok: dunder
        return self

    async def __aexit__(self, *exc):
        return None

    async def on_message(self, msg):  # ok: a callback looked up by name
        self.last = msg

    async def _close(self):  # ok: another class implements `_close` with awaits (duck typing)
        self.closed = True

    async def use(self):
        await self._close()


class Remote:
    async def _close(self):
        await self.conn.close()


class FromLibrary(asyncio.Protocol):
    async def _helper(self):  # ok: the base is not a project class (may define it)
        return 1

    async def run(self):
        return await self._helper()


class WithMeta(metaclass=abc.ABCMeta):
    async def _x(self):  # ok: a metaclass may impose the signature
        return 1

    async def y(self):
        return await self._x()


async def test_something():  # ok: test code
    assert 1 + 1 == 2


async def _uses_nested_await():  # expect: ASR203
    async def inner(x):  # the inner function's await is its own
        return await x

    return inner


async def caller():
    return await _uses_nested_await()


class StatelessServer:
    """Subclasses may override `application_exception()` to do more."""

    async def application_exception(self, exc):  # ok: a public method is a hook subclasses may override
        print(exc)

    async def handle(self, exc):
        await self.application_exception(exc)
