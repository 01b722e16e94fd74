# select: ASR404
# args: --python-version 3.9
import trio


async def fetch():
    await trio.sleep(1)


async def main():
    try:
        async with trio.open_nursery() as nursery:
            nursery.start_soon(fetch)
    except ValueError as e:  # expect: ASR404
        print("bad value", e)


async def loose():
    try:
        async with trio.open_nursery(strict_exception_groups=False) as nursery:
            nursery.start_soon(fetch)
    except ValueError:  # ok: loose mode lets a single exception through
        pass
