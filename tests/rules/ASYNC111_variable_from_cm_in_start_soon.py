# select: ASYNC111
# args: --show-fixes
import contextlib
import functools

import trio
import trio as other
from trio import open_nursery


async def worker(resource, *args, **kwargs):
    await trio.sleep(0)


async def flagged():
    async with trio.open_nursery() as nursery:
        async with await trio.open_file("log.txt") as log:
            nursery.start_soon(worker, log)  # expect: ASYNC111
            await nursery.start(worker, resource=log)  # expect: ASYNC111
            nursery.start_soon(worker, 1, 2, log, 3)  # expect: ASYNC111
        with open("data.bin") as fh:
            nursery.start_soon(worker, fh.read)  # expect: ASYNC111
            nursery.start_soon(functools.partial(worker, fh))  # expect: ASYNC111
            nursery.start_soon(worker, *fh)  # expect: ASYNC111
            nursery.start_soon(worker, **fh)  # expect: ASYNC111
            nursery.start_soon(worker, list((tuple([0]), (fh))))  # expect: ASYNC111
            nursery.start_soon(
                worker,
                fh,  # expect: ASYNC111
            )


async def bare_import():
    async with open_nursery() as nursery:
        with open("x") as fh:
            nursery.start_soon(worker, fh)  # expect: ASYNC111


async def task_group():
    import anyio
    import asyncio
    async with anyio.create_task_group() as tg:
        with open("x") as fh:
            tg.start_soon(worker, fh)  # expect: ASYNC111
    async with asyncio.TaskGroup() as tg:
        with open("x") as fh:
            tg.create_task(worker(fh))  # expect: ASYNC111


async def several_items():
    with trio.open_nursery() as first, open("a") as a, trio.open_nursery() as second, open("b") as b:
        first.start_soon(worker, a)  # expect: ASYNC111
        first.start_soon(worker, b)  # expect: ASYNC111
        second.start_soon(worker, a)  # ok: `a` encloses `second`
        second.start_soon(worker, b)  # expect: ASYNC111


async def nursery_passed():
    async with trio.open_nursery() as outer:
        async with trio.open_nursery() as inner:
            outer.start_soon(worker, inner)  # expect: ASYNC111
            inner.start_soon(worker, outer)  # ok: outer lives longer


async def moved_out(path):
    async with trio.open_nursery() as nursery:  # the workers
        # quiet statements before the `with` stay where they are
        label = "log"
        async with await trio.open_file(path) as log:  # opened once
            nursery.start_soon(worker, log, label)  # expect: ASYNC111
            text = """a string
            that spans lines"""
        nursery.start_soon(worker, text)


async def body_on_its_line():
    async with trio.open_nursery() as nursery:
        async with await trio.open_file("log.txt") as log: nursery.start_soon(worker, log)  # expect: ASYNC111  # noqa: E701


async def several_inner_items():
    async with trio.open_nursery() as nursery:
        async with await trio.open_file("a") as first, await trio.open_file("b") as second:
            nursery.start_soon(worker, first)  # expect: ASYNC111
            nursery.start_soon(worker, second)  # expect: ASYNC111


async def outer_item_first(lock):
    async with lock, trio.open_nursery() as nursery:
        with open("x") as fh:
            nursery.start_soon(worker, fh)  # expect: ASYNC111


# refused: no suggestion for these
async def after_a_call():
    async with trio.open_nursery() as nursery:
        await nursery.start(worker, None)  # the server the file may need
        async with await trio.open_file("log.txt") as log:
            nursery.start_soon(worker, log)  # expect: ASYNC111


async def reads_a_name_bound_in_the_block():
    async with trio.open_nursery() as nursery:
        path = "log.txt"
        async with await trio.open_file(path) as log:
            nursery.start_soon(worker, log)  # expect: ASYNC111


async def reads_the_nursery(connect):
    async with trio.open_nursery() as nursery:
        async with connect(nursery) as conn:
            nursery.start_soon(worker, conn)  # expect: ASYNC111


async def name_used_before(log):
    async with trio.open_nursery() as nursery:
        previous = log
        async with await trio.open_file("log.txt") as log:
            nursery.start_soon(worker, log, previous)  # expect: ASYNC111


async def inside_a_loop(paths):
    async with trio.open_nursery() as nursery:
        for path in paths:
            async with await trio.open_file(path) as log:
                nursery.start_soon(worker, log)  # expect: ASYNC111


async def inside_an_if(verbose):
    async with trio.open_nursery() as nursery:
        if verbose:
            with open("x") as fh:
                nursery.start_soon(worker, fh)  # expect: ASYNC111


async def nursery_not_innermost():
    async with trio.open_nursery() as nursery, trio.open_nursery() as inner:
        with open("x") as fh:
            nursery.start_soon(worker, fh)  # expect: ASYNC111
            inner.start_soon(worker, fh)  # expect: ASYNC111


async def cancel_scope():
    async with trio.open_nursery() as nursery:
        with trio.move_on_after(5) as scope:
            nursery.start_soon(worker, scope)  # expect: ASYNC111


async def suppressor():
    async with trio.open_nursery() as nursery:
        with contextlib.suppress(KeyError) as quiet:
            nursery.start_soon(worker, quiet)  # expect: ASYNC111


async def string_left_of_the_block():
    async with trio.open_nursery() as nursery:
        with open("x") as fh:
            nursery.start_soon(
                worker,
                fh,  # expect: ASYNC111
                """a string
that starts its lines at the margin""",
            )


# look-alikes
async def fine():
    async with await trio.open_file("log.txt") as log:
        async with trio.open_nursery() as nursery:
            nursery.start_soon(worker, log)  # ok: the nursery is innermost
    async with trio.open_nursery() as nursery:
        async with await trio.open_file("log.txt") as log:
            nursery.start_soon(worker, "log")  # ok: a string
            nursery.start_soon(lambda log: log)  # ok: a lambda parameter
            nursery.start_soon(worker, other.log)  # ok: an attribute named log
            await log.write("x")  # ok: not handed to the nursery
            nursery.start_soon(worker, other.wrap(log))  # expect: ASYNC111

            def helper(nursery, log):
                nursery.start_soon(worker, log)  # ok: a new function

        nursery.start_soon(worker, log)  # ok for ASYNC111: the `with` has already ended here
    async with other.open_nursery() as nursery:
        with open("x") as fh:
            nursery.start_soon(worker, fh)  # ok: only `trio.open_nursery` as written
    async with trio.open_nursery() as nursery:
        with open("x") as nursery:
            with open("y") as fh:
                nursery.start_soon(worker, fh)  # ok: `nursery` is shadowed by a plain cm
    async with trio.open_nursery() as nursery:
        with open("x") as fh:
            nursery.run(worker, fh)  # ok: not a start method
            self_nursery = nursery
            self_nursery.start_soon(worker, fh)  # ok: only names bound by `with` are followed
