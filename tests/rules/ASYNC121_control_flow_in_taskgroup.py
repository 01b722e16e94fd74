# select: ASYNC121
import trio


async def first(urls, fetch, log):
    async with trio.open_nursery() as nursery:
        nursery.start_soon(log)
        return await fetch(urls[0])  # expect: ASYNC121


async def loops(urls, fetch):
    for url in urls:
        async with trio.open_nursery() as nursery:
            nursery.start_soon(fetch, url)
            if not url:
                continue  # expect: ASYNC121
            if url == "stop":
                break  # expect: ASYNC121
    async with trio.open_nursery() as nursery:
        for url in urls:
            if not url:
                continue  # ok: the loop is inside the nursery
            nursery.start_soon(fetch, url)
            break  # ok


async def nested(fetch):
    async with trio.open_nursery() as nursery:

        async def inner():
            return 1  # ok: another function

        nursery.start_soon(inner)
        result = await fetch()
    return result  # ok: outside the block


async def other_cm(lock):
    async with lock:
        return 1  # ok: not a nursery
