# The parser reads names through NFKC normalisation: the ligature U+FB01 is "fi", so this defines
# `find`. The skim records names as written and marks the file unsure: every name of the module
# then counts as possibly asynchronous.


async def ﬁnd(key):
    return key
