# select: ASYNC103
import trio


async def swallow(receive):
    try:
        await receive()
    except trio.Cancelled:  # expect: ASYNC103
        print("cancelled")


async def catch_all(receive):
    try:
        await receive()
    except BaseException:  # expect: ASYNC103
        print("failed")


async def reraised(receive):
    try:
        await receive()
    except trio.Cancelled:  # ok: re-raised after cleanup
        print("cancelled")
        raise


async def shielded_cleanup(receive):
    try:
        await receive()
    except BaseException:  # ok: the match always re-raises
        match 1:
            case _:
                raise
