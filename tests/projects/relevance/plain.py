"""Sync code that reaches nothing asynchronous: skimmed, not parsed."""
import json

from pkg.api import version


class Local:
    def get(self):
        return json.dumps({"ok": True})


def main():
    return Local().get(), version()
