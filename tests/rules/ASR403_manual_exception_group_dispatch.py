# select: ASR403
import asyncio
import logging

import exceptiongroup

log = logging.getLogger(__name__)


async def fetch():
    await asyncio.sleep(1)


def is_retryable(exc):
    return isinstance(exc, OSError)


async def split_by_hand():
    try:
        async with asyncio.TaskGroup() as tg:
            tg.create_task(fetch())
    except ExceptionGroup as eg:  # expect: ASR403
        timeouts, rest = eg.split(TimeoutError)
        if timeouts:
            log.warning("timed out")
        if rest:
            raise rest


async def subgroup_by_hand():
    try:
        async with asyncio.TaskGroup() as tg:
            tg.create_task(fetch())
    except BaseExceptionGroup as group:  # expect: ASR403
        if group.subgroup((KeyError, IndexError)):
            log.warning("lookup failed")
        if conn := group.subgroup(ConnectionError):
            log.warning("offline: %s", conn)
        raise
    finally:
        log.info("done")


async def isinstance_loop():
    try:
        async with asyncio.TaskGroup() as tg:
            tg.create_task(fetch())
    except exceptiongroup.ExceptionGroup as eg:  # expect: ASR403
        for exc in eg.exceptions:
            if isinstance(exc, ValueError):
                log.warning("bad value: %s", exc)
            elif isinstance(exc, asyncio.TimeoutError):
                log.warning("timeout")
        raise


async def other_handlers():
    try:
        async with asyncio.TaskGroup() as tg:
            tg.create_task(fetch())
    except ExceptionGroup as eg:  # expect: ASR403
        if eg.subgroup(OSError):
            log.warning("io")
        raise
    except KeyboardInterrupt:
        raise


# look-alikes
async def logs_the_group():
    try:
        async with asyncio.TaskGroup() as tg:
            tg.create_task(fetch())
    except ExceptionGroup as eg:
        log.exception("tasks failed: %s", eg)
        raise


async def wraps_the_group():
    try:
        async with asyncio.TaskGroup() as tg:
            tg.create_task(fetch())
    except ExceptionGroup as eg:
        raise RuntimeError("tasks failed") from eg


async def predicate():
    try:
        async with asyncio.TaskGroup() as tg:
            tg.create_task(fetch())
    except ExceptionGroup as eg:
        retry, rest = eg.split(is_retryable)  # ok: a predicate, not a type
        if rest:
            raise rest
        match = eg.subgroup(lambda e: e.args)  # ok: a predicate
        del match


async def counts_members():
    try:
        async with asyncio.TaskGroup() as tg:
            tg.create_task(fetch())
    except ExceptionGroup as eg:
        for exc in eg.exceptions:
            log.warning("member: %r", exc)  # ok: no type dispatch
        other = ValueError()
        if isinstance(other, ValueError):  # ok: not a member of the group
            raise


async def plain_handler():
    try:
        await fetch()
    except ValueError as err:
        if err.args:
            raise
    except Exception as exc:
        if isinstance(exc, KeyError):  # ok: not a group handler
            raise


async def already_star():
    try:
        async with asyncio.TaskGroup() as tg:
            tg.create_task(fetch())
    except* TimeoutError:
        log.warning("timed out")
