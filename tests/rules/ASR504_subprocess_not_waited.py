# select: ASR504
import asyncio
from asyncio.subprocess import PIPE


async def reload_nginx():
    await asyncio.create_subprocess_exec("nginx", "-s", "reload")  # expect: ASR504


async def run_shell(cmd):
    proc = await asyncio.create_subprocess_shell(cmd, stdout=PIPE)  # expect: ASR504
    line = await proc.stdout.readline()
    return line


async def killed(cmd):
    proc = await asyncio.create_subprocess_exec(cmd)  # expect: ASR504
    await asyncio.sleep(1)
    proc.kill()  # signalled but never reaped


# ---- must stay silent ----


async def waited(cmd):
    proc = await asyncio.create_subprocess_exec(cmd)
    return await proc.wait()


async def communicated(cmd):
    proc = await asyncio.create_subprocess_shell(cmd, stdout=PIPE, stderr=PIPE)
    out, err = await proc.communicate()
    return out


async def killed_and_waited(cmd):
    proc = await asyncio.create_subprocess_exec(cmd)
    try:
        await asyncio.wait_for(proc.wait(), 5)
    except asyncio.TimeoutError:
        proc.kill()
        await proc.wait()


async def returned(cmd):
    proc = await asyncio.create_subprocess_exec(cmd)
    return proc  # ok: the caller waits


class Server:
    async def start(self, cmd):
        self.proc = await asyncio.create_subprocess_exec(cmd)  # ok: kept on the object

    async def spawn(self, cmd):
        proc = await asyncio.create_subprocess_exec(cmd)
        self._procs.append(proc)  # ok: handed over


async def supervised(cmd, supervisor):
    proc = await asyncio.create_subprocess_exec(cmd)
    await supervisor.watch(proc)


def not_async(loop, cmd):
    return loop.run_until_complete(asyncio.create_subprocess_exec(cmd))


async def branches(shell, command):
    if shell:
        process = await asyncio.create_subprocess_shell(command)  # ok: returned below
    else:
        process = await asyncio.create_subprocess_exec(*command)
    return Wrapper(process)


class Wrapper:
    def __init__(self, process):
        self.process = process


async def test_rejects_bad_arguments():
    import pytest

    with pytest.raises(TypeError):
        await asyncio.create_subprocess_exec("ls", encoding="utf-8")  # ok: expected to fail
