# select: ASYNC105
import trio
import trio.lowlevel
from trio import sleep as nap


async def task(task_status=trio.TASK_STATUS_IGNORED):
    task_status.started()


async def flagged(path, port):
    trio.sleep(1)  # expect: ASYNC105
    trio.sleep_forever()  # expect: ASYNC105
    trio.sleep_until(5)  # expect: ASYNC105
    trio.open_file(path)  # expect: ASYNC105
    trio.open_tcp_stream("example.com", port)  # expect: ASYNC105
    trio.open_ssl_over_tcp_stream("example.com", port)  # expect: ASYNC105
    trio.open_tcp_listeners(port)  # expect: ASYNC105
    trio.open_ssl_over_tcp_listeners(port, None)  # expect: ASYNC105
    trio.open_unix_socket(path)  # expect: ASYNC105
    trio.run_process(["ls"])  # expect: ASYNC105
    trio.serve_tcp(task, port)  # expect: ASYNC105
    trio.serve_ssl_over_tcp(task, port, None)  # expect: ASYNC105
    trio.serve_listeners(task, [])  # expect: ASYNC105
    trio.aclose_forcefully(path)  # expect: ASYNC105
    trio.lowlevel.checkpoint()  # expect: ASYNC105
    trio.lowlevel.checkpoint_if_cancelled()  # expect: ASYNC105
    trio.lowlevel.cancel_shielded_checkpoint()  # expect: ASYNC105
    trio.lowlevel.open_process(["ls"])  # expect: ASYNC105
    trio.lowlevel.wait_readable(port)  # expect: ASYNC105
    trio.lowlevel.wait_writable(port)  # expect: ASYNC105
    trio.lowlevel.wait_task_rescheduled(None)  # expect: ASYNC105
    trio.lowlevel.permanently_detach_coroutine_object(None)  # expect: ASYNC105
    trio.lowlevel.temporarily_detach_coroutine_object(None)  # expect: ASYNC105
    trio.lowlevel.reattach_detached_coroutine_object(None, None)  # expect: ASYNC105
    nap(1)  # expect: ASYNC105
    async with trio.open_file(path) as f:  # expect: ASYNC105
        pass
    pending = trio.open_file(path)  # expect: ASYNC105
    await pending
    await (trio.sleep(1), 2)[0]  # expect: ASYNC105
    async with trio.open_nursery() as nursery:
        nursery.start(task)  # expect: ASYNC105
        async with trio.open_nursery() as pool:
            pool.start(task)  # expect: ASYNC105
        typed: trio.Nursery = nursery
        typed.start(task)  # expect: ASYNC105


def sync_helper():
    return trio.sleep(1)  # expect: ASYNC105


# look-alikes
async def fine(path, par):
    await trio.sleep(1)
    await (trio.sleep(1))
    await nap(1)
    await trio.lowlevel.checkpoint()
    async with await trio.open_file(path) as f:
        pass
    trio.run(task)  # ok: not an async function
    trio.current_time()  # ok: sync
    trio.from_thread.run(task)  # ok: not in the list
    async with trio.open_nursery() as nursery:
        await nursery.start(task)
        nursery.start_soon(task)  # ok: start_soon is sync
        await nursery.start_foo()
        nursery.start_foo()  # ok: another method
        None.start()  # ok: not a nursery
        par.start()  # ok: unknown receiver
