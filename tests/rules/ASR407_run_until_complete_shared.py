# select: ASR407
import asyncio


async def main():
    await asyncio.sleep(1)


loop = asyncio.new_event_loop()
asyncio.set_event_loop(loop)
try:
    loop.run_until_complete(main())  # expect: ASR407
finally:
    loop.close()

for _ in range(3):
    loop.run_until_complete(main())  # ok: runs the loop repeatedly

fut = loop.create_future()
loop.run_until_complete(fut)  # ok: a future, not a coroutine
