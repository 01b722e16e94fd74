# select: ASR144
import trio


async def fetch(url):
    await trio.sleep(0)


async def main():
    async with trio.open_nursery() as nursery:
        nursery.start_soon(fetch("https://example.com"))  # expect: ASR144
        nursery.start_soon(fetch, "https://example.com")  # ok
