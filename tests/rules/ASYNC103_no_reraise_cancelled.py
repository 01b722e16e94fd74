# select: ASYNC103
import asyncio
import logging

log = logging.getLogger(__name__)


async def bare(queue):
    try:
        await queue.get()
    except:  # expect: ASYNC103
        log.exception("failed")


async def base(queue):
    try:
        await queue.get()
    except BaseException:  # expect: ASYNC103
        log.exception("failed")


async def explicit(queue):
    try:
        await queue.get()
    except asyncio.CancelledError:  # expect: ASYNC103
        log.info("cancelled")


async def in_tuple(queue):
    try:
        await queue.get()
    except (ValueError, asyncio.CancelledError) as exc:  # expect: ASYNC103
        log.info("stopped: %s", exc)


async def one_branch(queue, strict):
    try:
        await queue.get()
    except BaseException:  # expect: ASYNC103
        if strict:
            raise
        log.warning("ignored")


async def loop_may_not_run(queue, retries):
    try:
        await queue.get()
    except BaseException:  # expect: ASYNC103
        for _ in retries:
            raise


# ---- must stay silent ----


async def exception_only(queue):
    try:
        await queue.get()
    except Exception:  # ok: does not catch cancellation
        log.exception("failed")


async def logs_then_raises(queue):
    try:
        await queue.get()
    except BaseException:  # ok: re-raised
        log.exception("failed")
        raise


async def raises_name(queue):
    try:
        await queue.get()
    except asyncio.CancelledError as exc:  # ok: re-raises the caught exception
        log.info("cancelled")
        raise exc


async def both_branches(queue, strict):
    try:
        await queue.get()
    except BaseException:  # ok: every path re-raises
        if strict:
            raise
        else:
            log.warning("bad")
            raise


async def cancelled_first(queue):
    try:
        await queue.get()
    except asyncio.CancelledError:  # ok: re-raised
        raise
    except BaseException:  # ok: cancellation handled by the handler above
        log.exception("failed")


async def finally_raises(queue):
    try:
        await queue.get()
    except BaseException:  # ok: the finally always re-raises
        try:
            log.exception("failed")
        finally:
            raise


async def no_await(text):
    try:
        return int(text)
    except BaseException:  # ok: nothing in the try can be cancelled
        return 0


def sync_code(text):
    try:
        return int(text)
    except:  # ok: not async code
        return 0


async def nested_def(queue):
    def helper():
        try:
            return queue.get_nowait()
        except BaseException:  # ok: sync helper
            return None

    return helper()


async def infinite_loop(queue):
    try:
        await queue.get()
    except BaseException:  # ok: the loop body always raises
        while True:
            raise
