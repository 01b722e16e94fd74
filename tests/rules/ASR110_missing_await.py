# select: ASR110
import asyncio

import httpx


async def fetch_user(uid):
    await asyncio.sleep(0)
    return {"id": uid}


async def ticker():
    yield 1


class Repo:
    async def save(self, item):
        await asyncio.sleep(0)

    async def update(self, item):
        self.save(item)  # expect: ASR110
        await self.save(item)  # ok


async def discarded():
    fetch_user(1)  # expect: ASR110
    asyncio.sleep(1)  # expect: ASR110


async def truth():
    if fetch_user(1):  # expect: ASR110
        pass
    while not fetch_user(2):  # expect: ASR110
        break


async def unused_local():
    result = fetch_user(1)  # expect: ASR110


async def used_as_value():
    name = fetch_user(1)["name"]  # expect: ASR110
    print(fetch_user(2))  # expect: ASR110
    return name


async def typed_receiver(client: httpx.AsyncClient):
    client.get("/health")  # expect: ASR110
    return await client.get("/")  # ok


async def handed_on():
    user = await fetch_user(1)  # ok
    results = await asyncio.gather(fetch_user(1), fetch_user(2))  # ok: gather awaits them
    task = asyncio.create_task(fetch_user(3))  # ok: scheduled
    await task
    coro = fetch_user(4)  # ok: awaited below
    await coro
    return user, results


def sync_entry():
    asyncio.run(fetch_user(1))  # ok: handed to the runner
    return fetch_user(2)  # ok: returned to the caller


async def generator_is_not_a_coroutine():
    ticker()  # ok: an async generator (not awaitable); never iterated, but not this rule
    async for t in ticker():
        print(t)


class Awaitable:
    def __await__(self):
        return fetch_user(1).__await__()  # ok: the coroutine protocol itself


async def branches(flag):
    if flag:
        coro = fetch_user(1)  # ok: read below through another branch's binding
    else:
        coro = fetch_user(2)
    return await coro
