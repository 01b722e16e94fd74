# select: ASYNC210
import asyncio
import urllib.request

import httpx
import requests
from requests import Session


async def get_user(uid):
    resp = requests.get(f"https://api.example.com/users/{uid}", timeout=5)  # expect: ASYNC210
    return resp.json()


async def with_session():
    s = requests.Session()
    return s.post("https://example.com", json={})  # expect: ASYNC210


async def session_as_context():
    with Session() as s:
        return s.get("https://example.com")  # expect: ASYNC210


async def urlopen(url):
    with urllib.request.urlopen(url) as r:  # expect: ASYNC210
        return r.read()  # expect: ASYNC210


async def chained():
    return requests.get("https://example.com").json()  # expect: ASYNC210


async def good(client: httpx.AsyncClient):
    return await client.get("https://example.com")  # ok: the async client


def sync_ok():
    return requests.get("https://example.com")  # ok: not a coroutine


async def offloaded():
    return await asyncio.to_thread(requests.get, "https://example.com")  # ok
