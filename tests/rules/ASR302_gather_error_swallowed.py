# select: ASR302
# args: --python-version 3.11
import asyncio
import logging

log = logging.getLogger(__name__)


async def load(user_id):
    try:
        await asyncio.gather(fetch_profile(user_id), fetch_orders(user_id))  # expect: ASR302
    except Exception:
        log.warning("partial load")


async def load_all(ids):
    try:
        results = await asyncio.gather(*(fetch_profile(i) for i in ids))  # expect: ASR302
    except ValueError:
        return []
    return results


async def assigned(user_id):
    try:
        profile = await asyncio.gather(fetch_profile(user_id), fetch_orders(user_id))  # expect: ASR302
    except (KeyError, ValueError) as exc:
        log.info("failed: %s", exc)
        profile = None
    return profile


# ---- must stay silent ----


async def reraises(user_id):
    try:
        await asyncio.gather(fetch_profile(user_id), fetch_orders(user_id))
    except Exception:
        log.exception("load failed")
        raise  # ok: the error propagates


async def wraps(user_id):
    try:
        await asyncio.gather(fetch_profile(user_id), fetch_orders(user_id))
    except Exception as exc:
        raise RuntimeError("load failed") from exc


async def return_exceptions(user_id):
    try:
        await asyncio.gather(fetch_profile(user_id), fetch_orders(user_id), return_exceptions=True)
    except Exception:
        pass  # ok: gather itself does not raise for the children


async def single(user_id):
    try:
        await asyncio.gather(fetch_profile(user_id))  # ok: no siblings
    except Exception:
        pass


async def cancels(user_id):
    tasks = [asyncio.ensure_future(fetch_profile(user_id)), asyncio.ensure_future(fetch_orders(user_id))]
    try:
        await asyncio.gather(*tasks)
    except Exception:
        for t in tasks:
            t.cancel()  # ok: explicit cancellation


async def cancelled_only(user_id):
    try:
        await asyncio.gather(fetch_profile(user_id), fetch_orders(user_id))
    except asyncio.CancelledError:
        log.info("cancelled")  # ok: about our own cancellation


async def timeout(user_id):
    try:
        await asyncio.wait_for(asyncio.gather(fetch_profile(user_id), fetch_orders(user_id)), 5)
    except asyncio.TimeoutError:
        pass  # ok: wait_for cancels the gather on timeout


async def not_in_try(user_id):
    await asyncio.gather(fetch_profile(user_id), fetch_orders(user_id))


async def in_handler(user_id):
    try:
        await fetch_profile(user_id)
    except Exception:
        await asyncio.gather(fetch_profile(user_id), fetch_orders(user_id))  # ok: not guarded


async def fetch_profile(user_id):
    return user_id


async def fetch_orders(user_id):
    return user_id
