# select: ASR203
import trio


async def _parse_header(raw):  # expect: ASR203
    key, _, value = raw.partition(b":")
    return key.strip().lower(), value.strip()


async def read_headers(stream):
    headers = {}
    for raw in (await stream.receive_some()).split(b"\r\n"):
        key, value = await _parse_header(raw)
        headers[key] = value
    return headers


async def _child(task_status=trio.TASK_STATUS_IGNORED):  # ok: calls into trio (needs the loop)
    task_status.started()


async def _worker(results):  # ok: passed to start_soon as a value
    results.append(1)


async def main():
    results = []
    async with trio.open_nursery() as nursery:
        nursery.start_soon(_worker, results)
        await nursery.start(_child)
