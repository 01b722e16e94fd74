await something()
def f():
    await g()
async def h():
    yield from x
