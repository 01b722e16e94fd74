# select: ASR407
import asyncio


async def main():
    await asyncio.sleep(1)


async def cleanup():
    await asyncio.sleep(0)


def run_in_function():
    loop = asyncio.new_event_loop()
    loop.run_until_complete(main())  # ok: inside a function


asyncio.get_event_loop().run_until_complete(cleanup())  # expect: ASR407

if __name__ == "__main__":
    loop = asyncio.get_event_loop()
    loop.run_until_complete(main())  # expect: ASR407
    loop.close()
