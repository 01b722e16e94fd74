from .api import fetch


def sync_caller():
    fetch("relative")
