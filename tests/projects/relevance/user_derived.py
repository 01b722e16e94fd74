from pkg.sub import Derived


def main():
    Derived().get()
