import asyncio


async def fetch(url):
    await asyncio.sleep(0)
    return url


class Conn:
    async def __aenter__(self):
        return self

    async def __aexit__(self, *exc):
        return None

    def __aiter__(self):
        return self

    async def __anext__(self):
        raise StopAsyncIteration


class Base:
    async def get(self):
        return 1

    def name(self):
        return "base"


def version():
    return "1"
