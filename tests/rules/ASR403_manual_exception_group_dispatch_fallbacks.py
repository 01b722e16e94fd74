# select: ASR403
# args: --show-fixes
# The handler's code cannot move into `except*` clauses as it is: a skeleton of clauses says why,
# or, where no `except*` form fits, there is no suggestion.
import asyncio
import logging

from httpx import ConnectError, HTTPError

log = logging.getLogger(__name__)


async def fetch():
    await asyncio.sleep(1)


async def returns():
    try:
        async with asyncio.TaskGroup() as tg:
            tg.create_task(fetch())
    except ExceptionGroup as eg:  # expect: ASR403
        if eg.subgroup(TimeoutError):
            return None
        raise


async def breaks(urls):
    for url in urls:
        try:
            async with asyncio.TaskGroup() as tg:
                tg.create_task(fetch())
        except ExceptionGroup as eg:  # expect: ASR403
            if eg.subgroup(TimeoutError):
                continue
            raise


async def raises_another():
    try:
        async with asyncio.TaskGroup() as tg:
            tg.create_task(fetch())
    except ExceptionGroup as eg:  # expect: ASR403
        if eg.subgroup(KeyError):
            raise LookupError("missing") from None
        raise


async def reads_the_group():
    try:
        async with asyncio.TaskGroup() as tg:
            tg.create_task(fetch())
    except ExceptionGroup as eg:  # expect: ASR403
        if eg.subgroup(ValueError):
            log.warning("failed: %s", eg)
        raise


async def walrus_used_later():
    try:
        async with asyncio.TaskGroup() as tg:
            tg.create_task(fetch())
    except ExceptionGroup as eg:  # expect: ASR403
        if errors := eg.subgroup(OSError):
            log.warning("io")
        raise
    finally:
        log.info("io errors: %s", errors)


async def walrus_used_by_next_branch():
    try:
        async with asyncio.TaskGroup() as tg:
            tg.create_task(fetch())
    except ExceptionGroup as eg:  # expect: ASR403
        if io := eg.subgroup(OSError):
            log.warning("io")
        if eg.subgroup(ValueError):
            log.warning("value errors besides %s", io)
        raise


async def rest_used_later():
    try:
        async with asyncio.TaskGroup() as tg:
            tg.create_task(fetch())
    except ExceptionGroup as eg:  # expect: ASR403
        timeouts, rest = eg.split(TimeoutError)
        if timeouts:
            log.warning("timed out")
    return rest


async def rest_read_in_branch():
    try:
        async with asyncio.TaskGroup() as tg:
            tg.create_task(fetch())
    except ExceptionGroup as eg:  # expect: ASR403
        timeouts, rest = eg.split(TimeoutError)
        if timeouts:
            log.warning("timed out, besides %s", rest)
        if rest:
            raise rest


async def loop_variable_used_later():
    try:
        async with asyncio.TaskGroup() as tg:
            tg.create_task(fetch())
    except ExceptionGroup as eg:  # expect: ASR403
        for exc in eg.exceptions:
            if isinstance(exc, ValueError):
                log.warning("bad value")
        raise
    finally:
        log.info("last: %s", exc)


async def loop_break():
    try:
        async with asyncio.TaskGroup() as tg:
            tg.create_task(fetch())
    except ExceptionGroup as eg:  # expect: ASR403
        for exc in eg.exceptions:
            if isinstance(exc, ValueError):
                log.warning("bad value")
                break
        raise


async def loop_else_branch():
    try:
        async with asyncio.TaskGroup() as tg:
            tg.create_task(fetch())
    except ExceptionGroup as eg:  # expect: ASR403
        for exc in eg.exceptions:
            if isinstance(exc, ValueError):
                log.warning("bad value")
            else:
                log.warning("other: %s", exc)
        raise


async def overlapping_builtins():
    try:
        async with asyncio.TaskGroup() as tg:
            tg.create_task(fetch())
    except ExceptionGroup as eg:  # expect: ASR403
        if eg.subgroup(OSError):
            log.warning("io")
        if eg.subgroup(ConnectionError):
            log.warning("offline")
        raise


async def overlapping_loop_ifs():
    try:
        async with asyncio.TaskGroup() as tg:
            tg.create_task(fetch())
    except ExceptionGroup as eg:  # expect: ASR403
        for exc in eg.exceptions:
            if isinstance(exc, LookupError):
                log.warning("lookup")
            if isinstance(exc, KeyError):
                log.warning("key")
        raise


class AppError(Exception):
    pass


class StorageError(AppError):
    pass


async def overlapping_own_classes():
    try:
        async with asyncio.TaskGroup() as tg:
            tg.create_task(fetch())
    except ExceptionGroup as eg:  # expect: ASR403
        if eg.subgroup(AppError):
            log.warning("app")
        if eg.subgroup(StorageError):
            log.warning("storage")
        raise


async def unknown_library_classes():
    try:
        async with asyncio.TaskGroup() as tg:
            tg.create_task(fetch())
    except ExceptionGroup as eg:  # expect: ASR403
        if eg.subgroup(HTTPError):
            log.warning("http")
        if eg.subgroup(ConnectError):
            log.warning("offline")
        raise


async def swallows_after_plain_await():
    try:
        await fetch()
    except ExceptionGroup as eg:  # expect: ASR403
        if eg.subgroup(TimeoutError):
            log.warning("timed out")


async def more_than_dispatch():
    try:
        async with asyncio.TaskGroup() as tg:
            tg.create_task(fetch())
    except ExceptionGroup as eg:  # expect: ASR403
        log.warning("%d tasks failed", len(eg.exceptions))
        if eg.subgroup(TimeoutError):
            log.warning("timed out")
        raise


async def rest_raised_first():
    try:
        async with asyncio.TaskGroup() as tg:
            tg.create_task(fetch())
    except ExceptionGroup as eg:  # expect: ASR403
        timeouts, rest = eg.split(TimeoutError)
        if rest:
            raise rest
        if timeouts:
            log.warning("timed out")


async def subgroup_with_else():
    try:
        async with asyncio.TaskGroup() as tg:
            tg.create_task(fetch())
    except ExceptionGroup as eg:  # expect: ASR403
        if eg.subgroup(TimeoutError):
            log.warning("timed out")
        else:
            log.warning("something else")
        raise


async def chained_splits():
    try:
        async with asyncio.TaskGroup() as tg:
            tg.create_task(fetch())
    except ExceptionGroup as eg:  # expect: ASR403
        timeouts, rest = eg.split(TimeoutError)
        values, rest = rest.split(ValueError)
        if rest:
            raise rest


# no suggestion at all
async def handler_after_that_logs():
    try:
        async with asyncio.TaskGroup() as tg:
            tg.create_task(fetch())
    except ExceptionGroup as eg:  # expect: ASR403
        if eg.subgroup(TimeoutError):
            log.warning("timed out")
        raise
    except Exception as exc:
        log.error("failed: %s", exc)


async def reraise_handler_before():
    try:
        async with asyncio.TaskGroup() as tg:
            tg.create_task(fetch())
    except KeyboardInterrupt:
        raise
    except ExceptionGroup as eg:  # expect: ASR403
        if eg.subgroup(TimeoutError):
            log.warning("timed out")
        raise


async def dispatches_on_groups():
    try:
        async with asyncio.TaskGroup() as tg:
            tg.create_task(fetch())
    except BaseExceptionGroup as eg:  # expect: ASR403
        if eg.subgroup(ExceptionGroup):
            log.warning("nested")
        raise


async def string_left_of_the_try():
    try:
        async with asyncio.TaskGroup() as tg:
            tg.create_task(fetch())
    except ExceptionGroup as eg:  # expect: ASR403
        if eg.subgroup(TimeoutError):
            log.warning("""timed out,
retrying""")
        raise
