import asyncio
import httpx

http_client = httpx.AsyncClient(base_url="https://api.example.com")

async def fetch_all_users(user_ids):
    results = []
    for uid in user_ids:
        resp = await http_client.get(f"/users/{uid}")
        results.append(resp.json())
    return results
