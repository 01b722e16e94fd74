counter = 0
def outer():
    x = 1
    def inner():
        nonlocal x
        global counter
        x += 1
        counter += 1
    return inner
assert counter == 0, "message"
import os.path as p, sys
from . import sibling
from ..pkg.mod import (a as b, c)
