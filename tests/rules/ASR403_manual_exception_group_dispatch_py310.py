# select: ASR403
# args: --python-version 3.10
import asyncio
import logging

from exceptiongroup import ExceptionGroup

log = logging.getLogger(__name__)


async def fetch():
    await asyncio.sleep(1)


async def before_except_star():
    try:
        await fetch()
    except ExceptionGroup as eg:  # ok: `except*` needs Python 3.11
        if eg.subgroup(TimeoutError):
            log.warning("timed out")
        raise
