# select: ASYNC910
# args: --unsafe-fixes
import contextlib

import trio


async def early_return(cache, key):
    if key in cache:
        await trio.lowlevel.checkpoint()
        return cache[key]  # expect: ASYNC910
    return await trio.sleep(0)


async def no_await_at_all(x):  # expect: ASYNC910
    print(x)
    await trio.lowlevel.checkpoint()


async def else_branch_only(flag):  # expect: ASYNC910
    if flag:
        await trio.sleep(1)
    await trio.lowlevel.checkpoint()


async def loop_may_not_run(items):  # expect: ASYNC910
    for item in items:
        await trio.sleep(item)
    await trio.lowlevel.checkpoint()


async def try_may_raise_first(conn):  # expect: ASYNC910
    try:
        await conn.send()
    except ValueError:
        pass
    await trio.lowlevel.checkpoint()


async def suppressed(conn):  # expect: ASYNC910
    with contextlib.suppress(OSError):
        await conn.send()
    await trio.lowlevel.checkpoint()


async def short_circuit(a, b):  # expect: ASYNC910
    if a and await b():
        pass
    await trio.lowlevel.checkpoint()


async def match_without_fallback(cmd):  # expect: ASYNC910
    match cmd:
        case "go":
            await trio.sleep(0)
    await trio.lowlevel.checkpoint()


async def both_branches(flag):
    if flag:
        await trio.sleep(1)  # ok: every path awaits
    else:
        await trio.sleep(2)


async def raises_instead(flag):
    if flag:
        raise ValueError("no checkpoint needed on the way out")  # ok
    await trio.sleep(0)


async def guaranteed_loop():
    for i in [1, 2]:
        await trio.sleep(i)  # ok: a non-empty literal runs at least once


async def forever(chan):
    while True:
        await chan.receive()  # ok: the loop never ends


async def async_for(chan):
    async for item in chan:  # ok: async for checkpoints when it ends
        print(item)


async def async_with(lock):
    async with lock:  # ok: async with checkpoints
        pass


async def try_everywhere(conn):
    try:
        await conn.send()
    except ValueError:
        await trio.sleep(0)  # ok: the handler checkpoints too


async def match_with_fallback(cmd):
    match cmd:
        case "go":
            await trio.sleep(0)
        case _:
            await trio.sleep(1)  # ok


async def stub():
    ...  # ok: empty bodies are skipped


def sync_function(x):
    return x  # ok: not async


async def outer():
    def inner():
        return 1  # ok: a nested sync function

    await trio.sleep(0)
    return inner()


class Resource:
    async def __aenter__(self):
        return self  # ok: __aexit__ checkpoints

    async def __aexit__(self, *exc):
        await trio.sleep(0)
