# select: ASYNC100
import anyio


async def compute(values):
    with anyio.move_on_after(1):  # expect: ASYNC100
        total = sum(values)
    with anyio.fail_after(1):
        await anyio.sleep(0)  # ok
    return total
