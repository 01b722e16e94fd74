# select: ASR201
# args: --python-version 3.8
import asyncio


async def fetch_all(session, urls):
    pages = []
    for url in urls:  # expect: ASR201
        resp = await session.get(url)
        pages.append(await resp.text())
    return pages


async def nested_append(session, urls):
    pages = []
    for url in urls:  # ok: the append inside `async with` is not rewritten (order would change)
        async with session.get(url) as resp:
            pages.append(await resp.text())
    return pages


async def main(session):
    await asyncio.sleep(0)
    return await fetch_all(session, ["https://example.com"])
