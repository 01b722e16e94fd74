# select: ASYNC125
import trio


async def main(work, deadline):
    with trio.move_on_at(10):  # expect: ASYNC125
        await work()
    with trio.fail_at(7 * 3 + 2):  # expect: ASYNC125
        await work()
    with trio.fail_at(deadline=5):  # expect: ASYNC125
        await work()
    with trio.CancelScope(shield=True, deadline=7):  # expect: ASYNC125
        await work()
    with trio.move_on_after(10):  # ok: relative
        await work()
    with trio.fail_at(trio.current_time() + 7):  # ok: relative to the clock
        await work()
    with trio.fail_at(deadline):  # ok: a variable
        await work()
    with trio.CancelScope(relative_deadline=7):  # ok
        await work()
