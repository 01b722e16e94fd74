# select: ASYNC110
import trio


async def wait_for_flag(flags):
    while "done" not in flags:  # expect: ASYNC110
        await trio.sleep(1)
