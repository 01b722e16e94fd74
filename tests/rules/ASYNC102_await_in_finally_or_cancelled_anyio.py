# select: ASYNC102
import anyio


async def in_finally(stream):
    try:
        await stream.send(b"x")
    finally:
        await stream.send(b"bye")  # expect: ASYNC102


async def in_cancel_handler(stream):
    try:
        await stream.send(b"x")
    except anyio.get_cancelled_exc_class():
        await stream.send(b"bye")  # expect: ASYNC102
        raise


async def shielded(stream):
    try:
        await stream.send(b"x")
    finally:
        with anyio.move_on_after(5, shield=True):
            await stream.send(b"bye")  # ok: shielded with a deadline


async def shielded_scope(stream):
    try:
        await stream.send(b"x")
    finally:
        with anyio.CancelScope(shield=True):
            await stream.send(b"bye")  # ok: shielded
