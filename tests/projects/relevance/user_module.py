import pkg.api


def main():
    pkg.api.fetch("module path")
