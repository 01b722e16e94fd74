import asyncio


def main():
    asyncio.sleep(1)
