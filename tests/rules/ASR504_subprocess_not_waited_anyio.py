# select: ASR504
# args: --framework anyio
import anyio


async def start_worker(cmd):
    process = await anyio.open_process(cmd)  # expect: ASR504
    await process.stdin.send(b"go\n")


# ---- must stay silent ----


async def closed(cmd):
    process = await anyio.open_process(cmd)
    await process.aclose()


async def with_form(cmd):
    async with await anyio.open_process(cmd) as process:
        await process.wait()
