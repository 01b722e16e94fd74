# select: ASR403
# args: --show-fixes
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


async def split_uses_matched():
    try:
        async with asyncio.TaskGroup() as tg:
            tg.create_task(fetch())
    except ExceptionGroup as eg:  # expect: ASR403
        bad, rest = eg.split(ValueError)
        if bad is not None:
            log.warning("%d bad values", len(bad.exceptions))
        if rest is not None:
            raise rest


async def split_drops_matched():
    try:
        async with asyncio.TaskGroup() as tg:
            tg.create_task(fetch())
    except ExceptionGroup as eg:  # expect: ASR403
        timeouts, rest = eg.split(TimeoutError)
        if rest:
            raise rest


async def split_then_reraise_all():
    try:
        async with asyncio.TaskGroup() as tg:
            tg.create_task(fetch())
    except ExceptionGroup as eg:  # expect: ASR403
        timeouts, others = eg.split(TimeoutError)
        if timeouts:
            log.warning("timed out")
        raise


async def swallows_the_rest():
    try:
        async with asyncio.TaskGroup() as tg:
            tg.create_task(fetch())
    except ExceptionGroup as eg:  # expect: ASR403
        if eg.subgroup(TimeoutError):
            log.warning("timed out")


async def base_group_swallows():
    try:
        async with asyncio.TaskGroup() as tg:
            tg.create_task(fetch())
    except BaseExceptionGroup as eg:  # expect: ASR403
        if errors := eg.subgroup(OSError):
            log.warning("io: %s", errors)


async def loop_separate_ifs():
    try:
        async with asyncio.TaskGroup() as tg:
            tg.create_task(fetch())
    except ExceptionGroup as eg:  # expect: ASR403
        for exc in eg.exceptions:
            if isinstance(exc, KeyError):
                log.warning("missing %s", exc)
            if isinstance(exc, (ValueError, TypeError)):
                if not exc.args:
                    continue  # the next member: in the clause, its own loop's next
                log.warning("bad %s", exc)
        raise


async def loop_one_line_branches():
    try:
        async with asyncio.TaskGroup() as tg:
            tg.create_task(fetch())
    except ExceptionGroup as eg:  # expect: ASR403
        for exc in eg.exceptions:
            if isinstance(exc, KeyError): log.warning("key")  # noqa: E701
            elif isinstance(exc, ValueError): log.warning("value")  # noqa: E701


async def comments_and_strings():
    try:
        async with asyncio.TaskGroup() as tg:
            tg.create_task(fetch())
    except ExceptionGroup as eg:  # expect: ASR403
        # timeouts are expected under load
        if eg.subgroup(TimeoutError):  # see the runbook
            log.warning("""timed out:
                retrying later""")
        # lookups are bugs
        if eg.subgroup(LookupError):
            log.error(
                "lookup failed",
            )
        raise
    else:
        log.info("all done")
    finally:
        log.info("leaving")  # the last line's comment stays


async def not_only_a_task_group():
    try:
        await fetch()
        async with asyncio.TaskGroup() as tg:
            tg.create_task(fetch())
    except ExceptionGroup as eg:  # expect: ASR403
        if eg.subgroup(ValueError):
            log.warning("bad value")
        raise


async def logs_the_current_exception():
    try:
        async with asyncio.TaskGroup() as tg:
            tg.create_task(fetch())
    except ExceptionGroup as eg:  # expect: ASR403
        if eg.subgroup(ValueError):
            log.exception("bad value")
        raise


class RetryableError(Exception):
    pass


class FatalError(Exception):
    pass


class WorseError(FatalError):
    pass


class Worker:
    async def run(self):
        while True:
            try:
                async with asyncio.TaskGroup() as tg:
                    tg.create_task(fetch())
            except ExceptionGroup as eg:  # expect: ASR403
                if eg.subgroup(RetryableError):
                    await asyncio.sleep(1)
                if eg.subgroup(FatalError):
                    log.error("fatal")
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


async def unnamed_handler(errors):
    try:
        async with asyncio.TaskGroup() as tg:
            tg.create_task(fetch())
    except ExceptionGroup:
        if errors.subgroup(ValueError):  # ok: not the handler's group
            raise


async def tests_the_group_itself():
    try:
        async with asyncio.TaskGroup() as tg:
            tg.create_task(fetch())
    except BaseExceptionGroup as eg:
        if isinstance(eg, ExceptionGroup):  # ok: the group, not its members
            log.warning("only exceptions")
        raise
