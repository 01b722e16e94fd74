# select: ASYNC212
import httpx


async def annotated(client: httpx.Client):
    return client.get("https://example.com")  # expect: ASYNC212


async def constructed():
    client = httpx.Client()
    return client.post("https://example.com", json={})  # expect: ASYNC212


async def as_context():
    with httpx.Client() as client:
        return client.get("https://example.com")  # expect: ASYNC212


async def correct():
    async with httpx.AsyncClient() as client:
        return await client.get("https://example.com")  # ok
