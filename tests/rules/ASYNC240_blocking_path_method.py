# select: ASYNC240
import os
import os.path
from pathlib import Path


async def checks(path):
    if os.path.exists(path):  # expect: ASYNC240
        return os.path.getsize(path)  # expect: ASYNC240
    return Path(path).is_file()  # expect: ASYNC240


async def pure(path):
    name = os.path.join("/tmp", path)  # ok: no filesystem access
    base = os.path.basename(name)  # ok
    return Path(base).suffix  # ok
