# select: ASYNC109
# args: --python-version 3.8
import trio


async def fetch(url, timeout=10):  # expect: ASYNC109
    with trio.fail_after(timeout):
        await trio.sleep(1)


async def fetch_all(urls):  # ok
    with trio.fail_after(10):
        await trio.sleep(1)
