# select: ASYNC115
import time

import trio
import trio as t
from trio import sleep


async def spin():
    await trio.lowlevel.checkpoint()  # expect: ASYNC115
    await trio.lowlevel.checkpoint()  # expect: ASYNC115
    await trio.lowlevel.checkpoint()  # expect: ASYNC115
    await t.lowlevel.checkpoint()  # expect: ASYNC115
    await trio.lowlevel.checkpoint()  # expect: ASYNC115


async def fine(delay):
    await trio.sleep(1)  # ok: a real sleep
    await trio.sleep(delay)  # ok: not a literal zero
    await trio.sleep(0.5)
    await trio.lowlevel.checkpoint()  # ok: already the checkpoint
    time.sleep(0)  # ok: not trio's sleep (ASYNC251's business)
    await trio.sleep_until(0)  # ok: an absolute deadline


def sync_caller():
    return trio.lowlevel.checkpoint()  # expect: ASYNC115
