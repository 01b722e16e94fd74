# select: ASR404
import asyncio
import logging

log = logging.getLogger(__name__)


async def fetch():
    await asyncio.sleep(1)


async def main():
    try:
        async with asyncio.TaskGroup() as tg:
            tg.create_task(fetch())
    except ConnectionError:  # expect: ASR404
        log.warning("offline")
    try:
        async with asyncio.TaskGroup() as tg:
            tg.create_task(fetch())
    except (KeyError, ValueError) as e:  # expect: ASR404
        log.warning("bad data: %s", e)
    except OSError:
        log.warning("io")


async def fine():
    try:
        async with asyncio.TaskGroup() as tg:
            tg.create_task(fetch())
    except* ConnectionError:  # ok: already except*
        log.warning("offline")
    try:
        async with asyncio.TaskGroup() as tg:
            tg.create_task(fetch())
    except ExceptionGroup as eg:  # ok: catches the group
        log.warning("%s", eg)
    try:
        async with asyncio.TaskGroup() as tg:
            tg.create_task(fetch())
    except Exception:  # ok: catches the group too
        log.warning("failed")
    try:
        async with asyncio.TaskGroup() as tg:
            tg.create_task(fetch())
    except asyncio.CancelledError:  # ok: cancellation is not wrapped
        raise
    try:
        await fetch()
        async with asyncio.TaskGroup() as tg:
            tg.create_task(fetch())
    except ConnectionError:  # ok: the first await may raise it unwrapped
        log.warning("offline")
    try:
        async with asyncio.Lock():
            await fetch()
    except ConnectionError:  # ok: not a task group
        log.warning("offline")


async def returns():
    try:
        async with asyncio.TaskGroup() as tg:
            tg.create_task(fetch())
    except ConnectionError:  # expect: ASR404
        return None
    return 1
