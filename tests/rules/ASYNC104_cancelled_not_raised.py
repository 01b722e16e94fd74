# select: ASYNC104
import asyncio


async def returns(queue):
    try:
        await queue.get()
    except asyncio.CancelledError:
        return None  # expect: ASYNC104


async def raises_other(queue):
    try:
        await queue.get()
    except BaseException as exc:
        raise RuntimeError("stopped") from exc  # expect: ASYNC104


async def breaks(queue):
    while True:
        try:
            await queue.get()
        except BaseException:
            break  # expect: ASYNC104


async def continues(queue):
    while True:
        try:
            await queue.get()
        except:
            continue  # expect: ASYNC104


async def agen(queue):
    try:
        await queue.get()
    except asyncio.CancelledError:
        yield None  # expect: ASYNC104
        raise


async def conditional(queue, quiet):
    try:
        await queue.get()
    except asyncio.CancelledError:
        if quiet:
            return  # expect: ASYNC104
        raise


# ---- must stay silent ----


async def reraise_then_nothing(queue):
    try:
        await queue.get()
    except asyncio.CancelledError as exc:
        raise exc  # ok: the caught exception


async def exception_handler(queue):
    try:
        await queue.get()
    except Exception:
        return None  # ok: does not catch cancellation


async def return_after_raise(queue):
    try:
        await queue.get()
    except asyncio.CancelledError:
        raise
    except BaseException:
        return None  # ok: cancellation was taken by the handler above


async def loop_inside_handler(queue, items):
    try:
        await queue.get()
    except BaseException:
        for item in items:
            if item:
                break  # ok: leaves the inner loop, not the handler
        raise


async def nested_function(queue):
    try:
        await queue.get()
    except BaseException:

        def describe():
            return "cancelled"  # ok: another function

        print(describe())
        raise


def sync_code(queue):
    try:
        queue.get_nowait()
    except BaseException:
        return None  # ok: not async code
