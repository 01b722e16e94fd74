"""Async syntax here, so the file is checked; its plain defs and classes that touch nothing
asynchronous are skipped by the rule walk (rules/prune.h), the others are not."""
import asyncio

from pkg.api import Conn, fetch

client = Conn()


async def main():
    await asyncio.sleep(0)


def uses_client():
    client.get()


def plain(x):
    return x + 1


def string_annotated(c: "Conn"):
    c.get()


class Helper:
    def run(self):
        return plain(1)


def calls_fetch():
    fetch("u")


def through_helper():
    return uses_client()
