from pkg import nfkc_defs


def lookup(key):
    nfkc_defs.find(key)
