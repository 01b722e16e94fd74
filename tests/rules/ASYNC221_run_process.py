# select: ASYNC221
import asyncio
import os
import subprocess
from subprocess import check_output


async def build():
    subprocess.run(["make"], check=True)  # expect: ASYNC221
    out = check_output(["git", "rev-parse", "HEAD"])  # expect: ASYNC221
    os.system("sync")  # expect: ASYNC221
    return out


async def offloaded():
    await asyncio.to_thread(subprocess.run, ["make"], check=True)  # ok


def sync_build():
    subprocess.run(["make"], check=True)  # ok
