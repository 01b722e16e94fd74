# select: ASR204
import httpx
import trio


class Registry:
    def __init__(self, client: httpx.AsyncClient):
        self.client = client
        self.lock = trio.Lock()
        self.limiter = trio.CapacityLimiter(4)
        self.names = set()

    async def register(self, name):
        async with self.lock:
            self.names.add(name)
            await self.client.put(f"/names/{name}")  # expect: ASR204

    async def limited(self, name):
        async with self.limiter:
            self.names.add(name)
            await self.client.put(f"/names/{name}")  # ok: a capacity limiter bounds concurrency

    async def early_exit(self, name):
        async with self.lock:
            if name in self.names:
                return
            self.names.add(name)
            await self.client.put(f"/names/{name}")  # ok: the block can return before the call
