import time, requests, subprocess

async def handler(request):
    time.sleep(1)
    data = requests.get("https://example.com").json()
    subprocess.run(["ls"])
    with open("f.txt") as f:
        return f.read(), data
