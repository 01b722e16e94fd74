# select: ASYNC250
import asyncio


async def ask():
    return input("name? ")  # expect: ASYNC250


async def correct():
    return await asyncio.to_thread(input, "name? ")  # ok


def sync_ask():
    return input("name? ")  # ok
