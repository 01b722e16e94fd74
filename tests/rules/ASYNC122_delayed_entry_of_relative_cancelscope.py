# select: ASYNC122
import trio


async def fetch(conn):
    scope = trio.move_on_after(5)  # expect: ASYNC122
    await conn.connect()
    with scope:
        await conn.read()


def make_deadline():
    return trio.fail_after(1)  # expect: ASYNC122


async def fine(conn):
    with trio.move_on_after(5):  # ok: created where it is entered
        await conn.read()
    with trio.fail_after(1) as scope, open("log") as log:  # ok
        await conn.read()
    with trio.move_on_at(trio.current_time() + 5):  # ok: an absolute deadline
        await conn.read()
    return scope, log
