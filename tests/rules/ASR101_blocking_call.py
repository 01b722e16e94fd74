# select: ASR101
import queue
import socket
import sqlite3
import threading

lock = threading.Lock()
jobs = queue.Queue()


async def database(path):
    conn = sqlite3.connect(path)  # expect: ASR101
    return conn


async def network(host):
    return socket.create_connection((host, 80))  # expect: ASR101


async def primitives():
    lock.acquire()  # expect: ASR101
    item = jobs.get()  # expect: ASR101
    return item


async def non_blocking_variants():
    got = lock.acquire(False)  # ok: does not wait
    try:
        item = jobs.get(block=False)  # ok
    except queue.Empty:
        item = None
    return got, item


def sync_database(path):
    return sqlite3.connect(path)  # ok


unbounded = queue.Queue()
bounded = queue.Queue(maxsize=10)


async def queue_puts(item):
    unbounded.put(item)  # ok: an unbounded queue never blocks on put
    bounded.put(item)  # expect: ASR101


async def file_operations(path):
    import shutil

    shutil.copy(path, path + ".bak")  # expect: ASR101


async def numeric(address, host, port):
    info = socket.getnameinfo(address, socket.NI_NUMERICHOST | socket.NI_NUMERICSERV)  # ok: no DNS
    addrs = socket.getaddrinfo(host, port, flags=socket.AI_NUMERICHOST)  # ok: no DNS
    names = socket.getaddrinfo(host, port)  # expect: ASR101
    return info, addrs, names


_NUMERIC_ONLY = socket.AI_NUMERICHOST | socket.AI_NUMERICSERV


async def numeric_constant(host, port):
    return socket.getaddrinfo(host, port, 0, 0, 0, _NUMERIC_ONLY)  # ok: no DNS
