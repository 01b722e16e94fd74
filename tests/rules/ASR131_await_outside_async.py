# select: ASR131
import asyncio


def load(client):
    return await client.get("/")  # expect: ASR131


def consume(stream):
    async for item in stream:  # expect: ASR131
        print(item)


def locked(lock):
    async with lock:  # expect: ASR131
        pass


callback = lambda: await asyncio.sleep(1)  # expect: ASR131


async def fine(client, stream):
    await client.get("/")  # ok
    values = [await v async for v in stream]  # ok: async comprehension in a coroutine
    return values
