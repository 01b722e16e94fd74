"""No async code and a syntax error the skim cannot see: only --full reports it."""


def broken():
    return 1 +
