import pkg.api as client


def main():
    client.fetch("alias")
