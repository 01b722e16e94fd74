# select: ASYNC116
import math
from math import inf

import trio


async def park(hours):
    await trio.sleep(86401)  # expect: ASYNC116
    await trio.sleep(10**10)  # ok: not a literal (flake8-async only reads constants)
    await trio.sleep(1e999)  # expect: ASYNC116
    await trio.sleep(math.inf)  # expect: ASYNC116
    await trio.sleep(inf)  # expect: ASYNC116
    await trio.sleep(float("inf"))  # expect: ASYNC116
    await trio.sleep(100000000000000000000000)  # expect: ASYNC116


async def fine(hours):
    await trio.sleep(86400)  # ok: exactly a day
    await trio.sleep(hours * 3600)  # ok: not a constant
    await trio.sleep_forever()
    await trio.sleep(float("1e6"))  # ok: not infinity
