# select: ASR144
import anyio


async def fetch(url):
    await anyio.sleep(0)


async def main():
    async with anyio.create_task_group() as tg:
        tg.start_soon(fetch("https://example.com"))  # expect: ASR144
        tg.start_soon(fetch, "https://example.com")  # ok
