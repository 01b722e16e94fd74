# select: ASR403
# args: --show-fixes
import logging

import trio

log = logging.getLogger(__name__)


async def worker():
    await trio.sleep(1)


async def strict_nursery():
    try:
        async with trio.open_nursery() as nursery:
            nursery.start_soon(worker)
    except ExceptionGroup as eg:  # expect: ASR403
        if eg.subgroup(trio.TooSlowError):
            log.warning("too slow")
        raise


async def loose_nursery():
    try:
        async with trio.open_nursery(strict_exception_groups=False) as nursery:
            nursery.start_soon(worker)
    except ExceptionGroup as eg:  # expect: ASR403
        if eg.subgroup(ValueError):
            log.warning("bad value")
        raise


async def not_an_exception():
    try:
        async with trio.open_nursery() as nursery:
            nursery.start_soon(worker)
    except BaseExceptionGroup as eg:  # expect: ASR403
        if eg.subgroup(KeyboardInterrupt):
            log.warning("interrupted")
        raise


async def cancel_scope_outside():
    try:
        with trio.move_on_after(5):
            async with trio.open_nursery() as nursery:
                nursery.start_soon(worker)
    except ExceptionGroup as eg:  # expect: ASR403
        for exc in eg.exceptions:
            if isinstance(exc, ValueError):
                log.warning("bad value: %s", exc)
        raise
