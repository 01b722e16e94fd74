# select: ASYNC115
import time

import trio
import trio as t
from trio import sleep


async def spin():
    await trio.sleep(0)  # expect: ASYNC115
    await trio.sleep(0.0)  # expect: ASYNC115
    await trio.sleep(seconds=0)  # expect: ASYNC115
    await t.sleep(0)  # expect: ASYNC115
    await sleep(0)  # expect: ASYNC115


async def fine(delay):
    await trio.sleep(1)  # ok: a real sleep
    await trio.sleep(delay)  # ok: not a literal zero
    await trio.sleep(0.5)
    await trio.lowlevel.checkpoint()  # ok: already the checkpoint
    time.sleep(0)  # ok: not trio's sleep (ASYNC251's business)
    await trio.sleep_until(0)  # ok: an absolute deadline


def sync_caller():
    return trio.sleep(0)  # expect: ASYNC115
