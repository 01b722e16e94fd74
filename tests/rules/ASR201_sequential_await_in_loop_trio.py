# select: ASR201
import trio


async def fetch_all(client, urls):
    pages = []
    for url in urls:  # expect: ASR201
        resp = await client.get(url)
        pages.append(resp.text)
    return pages


async def ping_all(hosts, ping):
    for host in hosts:  # expect: ASR201
        await ping(host)


async def ordered(stream, chunks):
    for chunk in chunks:  # ok: a stream keeps the order
        await stream.send_all(chunk)
    await trio.sleep(0)
