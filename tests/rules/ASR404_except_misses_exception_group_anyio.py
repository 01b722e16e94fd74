# select: ASR404
import anyio


async def fetch():
    await anyio.sleep(1)


async def main():
    try:
        async with anyio.create_task_group() as tg:
            tg.start_soon(fetch)
    except OSError:  # expect: ASR404
        print("io")
