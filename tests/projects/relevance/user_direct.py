from pkg.api import fetch


def main():
    fetch("direct")
