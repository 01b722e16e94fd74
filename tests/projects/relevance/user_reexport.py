from pkg import Conn, fetch, helper_impl


def main():
    fetch("through the package")
    helper_impl()
    with Conn():
        pass
