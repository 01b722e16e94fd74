# select: ASYNC231
import os


async def dump(fd, text):
    f = os.fdopen(fd, "w")  # expect: ASYNC231
    return f


def sync_dump(fd):
    return os.fdopen(fd, "w")  # ok
