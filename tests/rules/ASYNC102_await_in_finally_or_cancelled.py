# select: ASYNC102
import trio


async def in_finally(conn):
    try:
        await conn.serve()
    finally:
        await conn.send_goodbye()  # expect: ASYNC102


async def in_cancel_handler(conn):
    try:
        await conn.serve()
    except trio.Cancelled:
        await conn.send_goodbye()  # expect: ASYNC102
        raise


async def in_catch_all(conn):
    try:
        await conn.serve()
    except BaseException:
        async with conn.lock:  # expect: ASYNC102
            pass
        raise


async def async_for_in_finally(conn):
    try:
        await conn.serve()
    finally:
        async for msg in conn.pending():  # expect: ASYNC102
            print(msg)


async def shield_outside_finally(conn):
    with trio.CancelScope(shield=True):
        try:
            await conn.serve()
        finally:
            await conn.flush()  # expect: ASYNC102


# ---- must stay silent ----


async def shielded(conn):
    try:
        await conn.serve()
    finally:
        with trio.move_on_after(5) as cleanup_scope:
            cleanup_scope.shield = True
            await conn.send_goodbye()  # ok: shielded with a deadline


async def shielded_kwarg(conn):
    try:
        await conn.serve()
    finally:
        with trio.CancelScope(shield=True):
            await conn.send_goodbye()  # ok: shielded


async def aclose(conn):
    try:
        await conn.serve()
    finally:
        await conn.aclose()  # ok: aclose is made for cleanup
        await trio.aclose_forcefully(conn)  # ok


async def exception_handler(conn):
    try:
        await conn.serve()
    except ValueError:
        await conn.report()  # ok here: ASYNC120's concern


async def nursery_in_finally(conn):
    try:
        await conn.serve()
    finally:
        async with trio.open_nursery() as nursery:  # ok: opening a nursery does not checkpoint
            nursery.start_soon(conn.flush)


async def cancelled_taken_first(conn):
    try:
        await conn.serve()
    except trio.Cancelled:
        raise
    except BaseException:
        await conn.report()  # ok: not a cancellation handler any more
        raise


def sync_finally(conn):
    try:
        conn.serve()
    finally:
        conn.close()
