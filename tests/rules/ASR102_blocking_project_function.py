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


import os.path
import threading

_fork_lock = threading.Lock()


def check_pid():
    with _fork_lock:  # a short critical section, not I/O
        return 1


def clean(path):
    return os.path.normpath(path)  # a string operation


async def not_stalls(path):
    check_pid()  # ok: ends in an uncontended thread lock
    return clean(path)  # ok: no filesystem access
