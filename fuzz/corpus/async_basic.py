import asyncio

async def main():
    await asyncio.sleep(1)
    return 42

asyncio.run(main())
