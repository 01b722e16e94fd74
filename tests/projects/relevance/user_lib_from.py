from asyncio import sleep as nap


def main():
    nap(1)
