# select: ASR202
# args: --python-version 3.8
import aiohttp


async def weather(session: aiohttp.ClientSession, city):
    current = await session.get(f"/weather/{city}")  # expect: ASR202
    forecast: dict = await session.get(f"/forecast/{city}")
    return current, forecast


async def dependent(session: aiohttp.ClientSession, city):
    place = await session.get(f"/places/{city}")  # ok: the second call uses the first result
    forecast = await session.get(f"/forecast/{place}")
    return forecast
