# select: ASR504
# args: --framework trio
import trio


async def start_worker(cmd):
    proc = await trio.lowlevel.open_process(cmd)  # expect: ASR504
    proc.terminate()


async def fire_and_forget(cmd):
    await trio.lowlevel.open_process(cmd)  # expect: ASR504


# ---- must stay silent ----


async def waited(cmd):
    proc = await trio.lowlevel.open_process(cmd)
    try:
        await proc.wait()
    finally:
        proc.kill()


async def closed(cmd):
    proc = await trio.lowlevel.open_process(cmd)
    async with proc:
        pass


async def with_form(cmd):
    async with await trio.lowlevel.open_process(cmd) as proc:
        await proc.wait()


async def run(cmd):
    await trio.run_process(cmd)  # ok: waits itself
