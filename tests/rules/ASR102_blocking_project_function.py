# select: ASR102
import asyncio
import json
import time


def read_file(path):
    with open(path) as f:
        return f.read()


def load_config(path):
    return json.loads(read_file(path))


def pause():
    time.sleep(0.1)


def pure(x):
    return x * 2


class Service:
    def refresh(self):
        pause()

    async def handle(self):
        self.refresh()  # expect: ASR102
        return pure(2)  # ok: does not block


async def handler():
    config = load_config("app.json")  # expect: ASR102
    pause()  # expect: ASR102
    return config


async def offloaded():
    return await asyncio.to_thread(load_config, "app.json")  # ok
