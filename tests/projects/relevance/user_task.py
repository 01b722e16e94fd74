def schedule(loop, coro):
    loop.create_task(coro)
