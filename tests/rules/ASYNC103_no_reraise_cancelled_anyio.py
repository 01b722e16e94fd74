# select: ASYNC103
# args: --python-version 3.8
import anyio


async def swallow(receive):
    try:
        await receive()
    except anyio.get_cancelled_exc_class():  # expect: ASYNC103
        print("cancelled")


async def bare(receive):
    try:
        async with anyio.create_task_group() as tg:
            tg.start_soon(receive)
    except:  # expect: ASYNC103
        pass


async def reraised(receive):
    try:
        await receive()
    except anyio.get_cancelled_exc_class():  # ok: re-raised
        raise
    except BaseException:  # ok: cancellation taken by the handler above
        pass
