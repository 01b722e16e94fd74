# select: ASYNC110
import asyncio


class State:
    ready = False


async def wait_ready(state: State):
    while not state.ready:  # expect: ASYNC110
        await asyncio.sleep(0.1)


async def heartbeat(conn):
    while True:  # ok: does work each time, not just sleeping
        await conn.ping()
        await asyncio.sleep(30)


async def correct(event: asyncio.Event):
    await event.wait()  # ok


def sync_poll(state):
    import time

    while not state.ready:  # ok: not async (and not this rule)
        time.sleep(0.1)


async def keep_alive():
    while True:  # ok: sleeps forever, polls no state
        await asyncio.sleep(3600)


async def remote_job(job):
    while (await job.status()) != "done":  # ok: remote state, no local event to wait on
        await asyncio.sleep(1)
