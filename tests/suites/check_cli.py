"""`asyncreview check` end to end: cross-module analysis, configuration, exit statuses, output formats,
suppression, the scan going on past bad files, and --fix writing only parsable results."""
import json
import os
import subprocess
import tempfile


def write(root, rel, text):
    path = os.path.join(root, rel)
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w", encoding="utf-8") as f:
        f.write(text)
    return path


def run(ctx):
    passed = failed = 0

    def verdict(ok, what):
        nonlocal passed, failed
        if ok:
            passed += 1
        else:
            failed += 1
            print(f"FAIL check_cli: {what}")

    def check(args, cwd):
        proc = subprocess.run([ctx.bin, "check", "--no-color", *args], cwd=cwd, stdout=subprocess.PIPE,
                              stderr=subprocess.PIPE, timeout=120)
        return proc.returncode, proc.stdout.decode(), proc.stderr.decode()

    with tempfile.TemporaryDirectory() as root:
        # a package whose coroutine calls a helper in another module that blocks through a third
        write(root, "app/__init__.py", "")
        write(root, "app/io_utils.py", "def read_file(path):\n    with open(path) as f:\n        return f.read()\n")
        write(root, "app/config.py",
              "import json\nfrom .io_utils import read_file\n\n\ndef load_config(path):\n"
              "    return json.loads(read_file(path))\n")
        write(root, "app/handlers.py",
              "from app.config import load_config\nfrom . import service\n\n\nasync def handler():\n"
              "    cfg = load_config('app.json')\n    service.refresh()\n    return cfg\n")
        write(root, "app/service.py",
              "import asyncio\n\n\nasync def refresh():\n    await asyncio.sleep(0)\n")
        code, out, err = check(["--format", "json", "--select", "ASR102,ASR110", "app"], root)
        data = json.loads(out or "{}")
        findings = [(os.path.basename(f["path"]), f["line"], f["code"]) for f in data.get("findings", [])]
        verdict(("handlers.py", 6, "ASR102") in findings, f"cross-module blocking chain not found: {findings}")
        chain = [f["message"] for f in data.get("findings", []) if f["code"] == "ASR102"]
        verdict(any("load_config() -> read_file() -> open()" in m for m in chain),
                f"the chain is not named in the message: {chain}")
        verdict(("handlers.py", 7, "ASR110") in findings,
                f"coroutine imported from another module not known to be one: {findings}")
        verdict(code == 1, f"exit status {code} with findings (want 1)")
        verdict(data.get("files") == 5, f"files count {data.get('files')}")

        # The calls of a checked file's sync functions are collected when first needed: from the
        # checker's own parse while it checks that file (a_owner), or by a new parse once it has
        # moved on (b_user, checked after it on one thread). Both give the same chain, whatever
        # the thread count.
        write(root, "lazy/__init__.py", "")
        write(root, "lazy/a_owner.py",
              "import asyncio\n\n\ndef read_raw(path):\n    with open(path) as f:\n"
              "        return f.read()\n\n\ndef slow_helper(path):\n    data = read_raw(path)\n"
              "    return data.strip()\n\n\ndef other_helper(path):\n    return read_raw(path)\n\n\n"
              "async def own_use():\n    await asyncio.sleep(0)\n    return slow_helper('x')\n")
        write(root, "lazy/b_user.py",
              "from lazy.a_owner import other_helper, slow_helper\n\n\nasync def other_use():\n"
              "    return slow_helper('y') + other_helper('z')\n")
        runs = []
        for jobs in ("1", "2"):
            code, out, err = check(["--format", "json", "--select", "ASR102", "--jobs", jobs, "lazy"], root)
            data = json.loads(out or "{}")
            runs.append(sorted((os.path.basename(f["path"]), f["line"], f["message"])
                               for f in data.get("findings", [])))
        lazy = runs[0]
        verdict([(p, l) for p, l, _ in lazy] == [("a_owner.py", 20), ("b_user.py", 5), ("b_user.py", 5)],
                f"blocking helpers of a checked file not found from both files: {lazy}")
        verdict(sum("slow_helper() -> read_raw() -> open()" in m for _, _, m in lazy) == 2,
                f"the chain of a helper the checked file calls itself: {lazy}")
        verdict(sum("other_helper() -> read_raw() -> open()" in m for _, _, m in lazy) == 1,
                f"the chain of a helper only another file calls: {lazy}")
        verdict(runs[0] == runs[1], f"--jobs 1 and --jobs 2 differ: {runs}")

        # a syntax error in one file does not stop the scan
        write(root, "mixed/bad.py", "def broken(:\n")
        write(root, "mixed/good.py", "import time\n\n\nasync def f():\n    time.sleep(1)\n")
        write(root, "mixed/nul.py", "x = 1\0\n")
        code, out, err = check(["mixed"], root)
        verdict("bad.py:1:12: SyntaxError: invalid syntax" in out + err,
                f"syntax error not reported CPython-style: {out + err}")
        verdict("good.py:5:5: ASYNC251" in out, f"the scan did not go on past the bad file: {out}")
        verdict("nul.py" in out + err and "null bytes" in out + err, f"NUL byte file not reported: {out + err}")
        verdict(code == 1, f"exit status {code} (want 1)")

        # clean code exits 0; a missing path exits 2; an unknown rule exits 2
        write(root, "clean/ok.py", "import asyncio\n\n\nasync def f():\n    await asyncio.sleep(1)\n")
        code, out, err = check(["clean"], root)
        verdict(code == 0 and "No issues found" in out, f"clean tree: exit {code}, {out}")
        code, out, err = check(["does-not-exist"], root)
        verdict(code == 2, f"missing path: exit {code}")
        code, out, err = check(["--select", "NOPE999", "clean"], root)
        verdict(code == 2 and "NOPE999" in err, f"unknown rule: exit {code}, {err}")

        # configuration from pyproject.toml: framework, ignore, and a broken key
        cfgdir = os.path.join(root, "cfg")
        write(cfgdir, "pyproject.toml", "[tool.asyncreview]\nignore = [\"ASYNC251\"]\n")
        write(cfgdir, "m.py", "import time\n\n\nasync def f():\n    time.sleep(1)\n")
        code, out, err = check(["."], cfgdir)
        verdict(code == 0, f"ignore from pyproject.toml not applied: {out}{err}")
        write(cfgdir, "pyproject.toml", "[tool.asyncreview]\nseverity_treshold = \"warning\"\n")
        code, out, err = check(["."], cfgdir)
        verdict(code == 2 and "pyproject.toml:2" in err and "severity-threshold" in err,
                f"a misspelt key must be a clear error naming file, line and key: {err}")
        write(cfgdir, "pyproject.toml", "[tool.asyncreview]\nseverity-threshold = \"critical\"\n")
        write(cfgdir, "m.py", "import asyncio\n\n\nasync def f(x):\n    asyncio.create_task(x())\n")
        code, out, err = check(["."], cfgdir)
        verdict(code == 0, f"severity threshold from config not applied: {out}{err}")

        # noqa and the file-level switch
        write(root, "sup/a.py", "import time\n\n\nasync def f():\n    time.sleep(1)  # noqa: ASYNC251\n")
        write(root, "sup/b.py", "# asyncreview: noqa\nimport time\n\n\nasync def f():\n    time.sleep(1)\n")
        write(root, "sup/c.py", "import time\n\n\nasync def f():\n    time.sleep(1)  # noqa: ASYNC25\n")
        code, out, err = check(["--format", "json", "sup"], root)
        data = json.loads(out or "{}")
        paths = sorted(os.path.basename(f["path"]) for f in data.get("findings", []))
        verdict(paths == ["c.py"], f"noqa handling: findings in {paths} (want only c.py: prefixes do not match)")

        # --fix rewrites atomically and only when the result parses; a second run changes nothing
        fixdir = os.path.join(root, "fix")
        p = write(fixdir, "f.py", "import asyncio\n\n\nasync def f(event: asyncio.Event):\n    await event.set()\n")
        code, out, err = check(["--fix", "f.py"], fixdir)
        with open(p, encoding="utf-8") as f:
            fixed = f.read()
        verdict("    event.set()\n" in fixed and "await event.set()" not in fixed, f"--fix result: {fixed!r}")
        code2, out2, err2 = check(["--fix", "f.py"], fixdir)
        with open(p, encoding="utf-8") as f:
            verdict(f.read() == fixed and code2 == 0, "a second --fix changed the file or found something")
        leftovers = [n for n in os.listdir(fixdir) if n != "f.py"]
        verdict(not leftovers, f"temporary files left behind: {leftovers}")

        # JSON shape
        code, out, err = check(["--format", "json", "mixed/good.py"], root)
        data = json.loads(out)
        f0 = data["findings"][0]
        keys = ["path", "line", "column", "end_line", "end_column", "code", "name", "severity", "area",
                "message", "why", "suggestion", "fix"]
        verdict(list(f0.keys()) == keys, f"JSON keys {list(f0.keys())}")
        verdict(f0["suggestion"] and "await asyncio.sleep(1)" in f0["suggestion"],
                f"suggestion: {f0['suggestion']!r}")
        verdict(set(data) == {"findings", "files", "skimmed", "errors"}, f"top-level keys {sorted(data)}")
    return passed, failed
