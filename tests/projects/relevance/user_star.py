from pkg.impl import *  # noqa: F403


def main():
    helper_impl()  # noqa: F405
