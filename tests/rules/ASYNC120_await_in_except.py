# select: ASYNC120
import trio


async def reports_then_raises(conn, data):
    try:
        await conn.send(data)
    except OSError:
        await conn.report_failure()  # expect: ASYNC120
        raise


async def raises_other(conn, data):
    try:
        await conn.send(data)
    except OSError as exc:
        async with conn.lock:  # expect: ASYNC120
            conn.failed = True
        raise RuntimeError("send failed") from exc


# ---- must stay silent ----


async def no_raise(conn, data):
    try:
        await conn.send(data)
    except OSError:
        await conn.report_failure()  # ok: nothing is re-raised, nothing to lose


async def raise_before(conn, data, strict):
    try:
        await conn.send(data)
    except OSError:
        if strict:
            raise
        await conn.report_failure()  # ok: the raise comes before


async def shielded(conn, data):
    try:
        await conn.send(data)
    except OSError:
        with trio.move_on_after(5) as scope:
            scope.shield = True
            await conn.report_failure()  # ok: shielded
        raise


async def aclose(conn, data):
    try:
        await conn.send(data)
    except OSError:
        await conn.aclose()  # ok: aclose is made for cleanup
        raise


async def in_try_body(conn, data):
    try:
        await conn.send(data)  # ok: not in a handler
    except OSError:
        raise


async def cancel_handler(conn, data):
    try:
        await conn.send(data)
    except BaseException:
        await conn.report_failure()  # ok: ASYNC102's case
        raise
