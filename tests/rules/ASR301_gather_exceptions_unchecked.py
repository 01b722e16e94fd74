# select: ASR301
import asyncio
import logging

log = logging.getLogger(__name__)


async def refresh_all(caches):
    await asyncio.gather(*(c.refresh() for c in caches), return_exceptions=True)  # expect: ASR301


async def fetch_pages(client, urls):
    pages = await asyncio.gather(*(client.get(u) for u in urls), return_exceptions=True)  # expect: ASR301
    print(len(pages))


async def pair(a, b):
    first, second = await asyncio.gather(a(), b(), return_exceptions=True)  # expect: ASR301
    if first and second:
        log.info("both done")


async def each(jobs):
    done = 0
    for result in await asyncio.gather(*jobs, return_exceptions=True):  # expect: ASR301
        if result is not None:
            done += 1
    return done


async def each_handled(jobs, handle):
    for result in await asyncio.gather(*jobs, return_exceptions=True):
        handle(result)  # ok: handle() may check


# ---- must stay silent ----


async def checked(jobs):
    results = await asyncio.gather(*jobs, return_exceptions=True)
    for job, result in zip(jobs, results):
        if isinstance(result, Exception):
            log.error("job %s failed", job, exc_info=result)


async def checked_any(jobs):
    results = await asyncio.gather(*jobs, return_exceptions=True)
    errors = [r for r in results if isinstance(r, BaseException)]
    if errors:
        raise errors[0]


async def reraised(jobs):
    results = await asyncio.gather(*jobs, return_exceptions=True)
    for r in results:
        if isinstance(r, (ValueError, KeyError)):
            raise r


async def returned(jobs):
    return await asyncio.gather(*jobs, return_exceptions=True)  # ok: the caller checks


async def returned_name(jobs):
    results = await asyncio.gather(*jobs, return_exceptions=True)
    return results


async def handed_over(jobs, report):
    results = await asyncio.gather(*jobs, return_exceptions=True)
    report(results)  # ok: examined elsewhere


async def stored(self, jobs):
    self.results = await asyncio.gather(*jobs, return_exceptions=True)


async def without_flag(jobs):
    await asyncio.gather(*jobs)  # ok: exceptions propagate


async def explicit_false(jobs):
    await asyncio.gather(*jobs, return_exceptions=False)


async def cancel_then_wait(tasks):
    for t in tasks:
        t.cancel()
    await asyncio.gather(*tasks, return_exceptions=True)  # ok: waiting out cancellations


class Worker:
    async def close(self):
        await asyncio.gather(*self._tasks, return_exceptions=True)  # ok: clean-up method

    async def run(self, jobs):
        try:
            await asyncio.wait_for(asyncio.gather(*jobs), 10)
        finally:
            await asyncio.gather(*jobs, return_exceptions=True)  # ok: in finally


async def with_timeout(jobs):
    done = await asyncio.wait_for(asyncio.gather(*jobs, return_exceptions=True), 5)  # ok: passed on
    return done
