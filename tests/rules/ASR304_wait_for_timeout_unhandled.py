# select: ASR304
# args: --python-version 3.11
import asyncio

from fastapi import APIRouter

router = APIRouter()


async def consume(queue, handle):
    while True:
        item = await queue.get()
        await asyncio.wait_for(handle(item), 10)  # expect: ASR304


async def fetch_all(client, urls):
    pages = []
    for url in urls:
        page = await asyncio.wait_for(client.get(url), 5)  # expect: ASR304
        pages.append(page)
    return pages


@router.get("/status")
async def status(backend):
    return await asyncio.wait_for(backend.ping(), 2)  # expect: ASR304


# ---- must stay silent ----


async def consume_handled(queue, handle):
    while True:
        item = await queue.get()
        try:
            await asyncio.wait_for(handle(item), 10)
        except TimeoutError:  # ok on 3.11+: the same class
            continue


async def broad(queue, handle):
    while True:
        try:
            await asyncio.wait_for(handle(await queue.get()), 10)
        except Exception:
            pass


async def os_error(queue, handle):
    while True:
        try:
            await asyncio.wait_for(handle(await queue.get()), 10)
        except OSError:  # ok on 3.11+: TimeoutError is an OSError
            pass


async def once(backend):
    return await asyncio.wait_for(backend.ping(), 2)  # ok: not a loop, not a route


async def outer_try(queue, handle):
    try:
        while True:
            await asyncio.wait_for(handle(await queue.get()), 10)
    except asyncio.TimeoutError:
        return
