# select: ASR202
import httpx
import trio


async def mirror_status(client: httpx.AsyncClient):
    primary = await client.get("https://a.example.com/status")  # expect: ASR202
    mirror = await client.get("https://b.example.com/status")
    return primary.status_code, mirror.status_code


async def handshake(stream: trio.SocketStream):
    hello = await stream.receive_some(5)  # ok: one stream, read in order
    rest = await stream.receive_some(100)
    return hello, rest


async def rate_limited(client: httpx.AsyncClient):
    first = await client.get("https://a.example.com/")  # ok: not consecutive (a sleep between)
    await trio.sleep(1)
    second = await client.get("https://a.example.com/")
    return first, second
