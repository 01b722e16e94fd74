import asyncio

__all__ = ["helper_impl"]


async def helper_impl():
    await asyncio.sleep(0)
