# select: ASYNC220
import asyncio
import os
import subprocess


async def start():
    proc = subprocess.Popen(["ls"])  # expect: ASYNC220
    pipe = os.popen("ls")  # expect: ASYNC220
    return proc, pipe


async def correct():
    proc = await asyncio.create_subprocess_exec("ls")  # ok
    return proc
