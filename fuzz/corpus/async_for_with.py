async def consume(session, urls):
    async with session.get(urls[0]) as resp, session.get(urls[1]) as other:
        async for chunk in resp.content.iter_chunked(1024):
            yield chunk
    results = [x async for x in aiter(urls) if await x]
    return {k: await v async for k, v in results}
