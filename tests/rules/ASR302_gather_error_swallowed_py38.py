# select: ASR302
# args: --python-version 3.8
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




async def fetch_profile(user_id):
    return user_id


async def fetch_orders(user_id):
    return user_id
