# select: ASYNC912
import trio


async def refresh(conn, stale):
    with trio.move_on_after(5):  # expect: ASYNC912
        if stale:
            await conn.reload()


async def drain(items):
    with trio.fail_after(1):  # expect: ASYNC912
        for item in items:
            await trio.sleep(item)


async def guaranteed(conn, stale):
    with trio.move_on_after(5):  # ok: both branches checkpoint
        if stale:
            await conn.reload()
        else:
            await trio.sleep(0)


async def no_checkpoint_at_all(x):
    with trio.move_on_after(5):  # ok: that is ASYNC100
        print(x)


async def plain_cm(conn, stale):
    with open("f") as f:  # ok: not a cancel scope
        if stale:
            await conn.reload()
    await trio.sleep(0)
    return f
