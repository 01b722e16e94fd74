from . import api


def sync_caller():
    api.fetch("module attribute")
