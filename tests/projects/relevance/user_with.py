from pkg.api import Conn


def main():
    with Conn():
        pass
    for item in Conn():
        print(item)
