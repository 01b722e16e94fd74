# select: ASYNC100
import trio


async def poll(sock, items):
    with trio.move_on_after(5):  # expect: ASYNC100
        data = sock.recv(1024)
        print(data)
    with trio.fail_after(1), open("log") as log:  # expect: ASYNC100
        log.write("x")
    with trio.CancelScope() as scope:  # expect: ASYNC100
        scope.cancel()
    with trio.move_on_after(5):  # expect: ASYNC100
        with trio.move_on_after(1):  # expect: ASYNC100
            print("nested, still no checkpoint")

        async def helper():
            await trio.sleep(1)  # ok: a nested function does not run here


async def fine(sock, items, aiter_):
    with trio.move_on_after(5):
        await sock.recv(1024)  # ok: a checkpoint
    with trio.move_on_after(5):
        async for item in aiter_:  # ok: async for checkpoints
            print(item)
    with trio.move_on_after(5):
        async with trio.open_nursery():  # ok: async with checkpoints
            pass
    with trio.fail_after(5):
        with trio.move_on_after(1):
            await trio.sleep(2)  # ok: checkpoints in the inner scope count for both
    with trio.fail_after(5):
        data = [await sock.recv(1) for _ in items]  # ok: await in a comprehension
    with open("f") as f:  # ok: not a cancel scope
        print(f)
    return data


async def generator():
    with trio.move_on_after(5):  # ok: yield lets the consumer checkpoint
        yield 1
