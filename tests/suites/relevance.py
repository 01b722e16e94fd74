"""`check` analyses only the files that can have findings (analysis/relevance.h), and in them walks
only the top-level defs and classes that can (rules/prune.h): everything it reports must be exactly
what `check --full` (every file parsed, every statement walked) reports, on the
relevance project (tests/projects/relevance: every way sync code reaches async definitions of other
modules), on the rule fixtures, on this Python's standard library and on Debian's packaged async
projects when they are installed. Also: the skimmed count, that a skimmed file's syntax error shows
only with --full, that a file named on the command line is always parsed, and that the answers do
not depend on the number of threads (the project index loads modules on demand from any thread)."""
import json
import os
import subprocess
import sysconfig

PROJECTS = ["aiohttp", "httpx", "starlette", "trio", "anyio", "redis", "asyncpg", "discord",
            "uvicorn", "fastapi"]
DIST = "/usr/lib/python3/dist-packages"


def run(ctx):
    passed = failed = 0

    def verdict(ok, what):
        nonlocal passed, failed
        if ok:
            passed += 1
        else:
            failed += 1
            print(f"FAIL relevance: {what}")

    def check(*args):
        proc = subprocess.run([ctx.bin, "check", "--format", "json", "--exit-zero", *args],
                              cwd=ctx.root, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                              timeout=1800)
        try:
            return json.loads(proc.stdout.decode())
        except ValueError:
            return {"findings": None, "errors": None, "stderr": proc.stderr.decode()[-2000:]}

    def same(label, paths, extra=()):
        pruned = check(*extra, *paths)
        full = check("--full", *extra, *paths)
        ok = pruned["findings"] is not None and pruned["findings"] == full["findings"]
        if not ok and pruned["findings"] is not None and full["findings"] is not None:
            a = {(f["path"], f["line"], f["code"]) for f in pruned["findings"]}
            b = {(f["path"], f["line"], f["code"]) for f in full["findings"]}
            print(f"  only with --full: {sorted(b - a)[:10]}")
            print(f"  only without: {sorted(a - b)[:10]}")
        verdict(ok, f"{label}: findings differ between check and check --full")
        return pruned, full

    project = "tests/projects/relevance"
    pruned, full = same("relevance project", [project], ("--select", "ALL"))
    codes = sorted((os.path.relpath(f["path"], project), f["code"]) for f in pruned["findings"] or [])
    want = [("mixed_units.py", "ASR110"), ("pkg/deep.py", "ASR110"), ("pkg/rel_user.py", "ASR110"),
            ("user_alias.py", "ASR110"),
            ("user_derived.py", "ASR110"), ("user_direct.py", "ASR110"),
            ("user_group.py", "ASYNC123"), ("user_lib.py", "ASR110"),
            ("user_lib_from.py", "ASR110"), ("user_module.py", "ASR110"), ("user_nfkc.py", "ASR110"),
            ("user_reexport.py", "ASR110"), ("user_reexport.py", "ASR110"),
            ("user_reexport.py", "ASR140"), ("user_with.py", "ASR140"), ("user_with.py", "ASR142")]
    verdict(codes == want, f"relevance project findings: {codes}")
    verdict(pruned.get("skimmed") == 2, f"skimmed {pruned.get('skimmed')} files (want 2)")
    verdict(full.get("skimmed") == 0, f"--full skimmed {full.get('skimmed')} files (want 0)")
    broken = [e["path"] for e in full.get("errors") or []]
    verdict([os.path.basename(p) for p in broken] == ["plain_broken.py"],
            f"--full errors {broken} (want plain_broken.py)")
    verdict(pruned.get("errors") == [], f"errors without --full: {pruned.get('errors')}")
    named = check(f"{project}/plain_broken.py", project)
    verdict([os.path.basename(e["path"]) for e in named.get("errors") or []] == ["plain_broken.py"],
            f"a file named on the command line is not parsed: {named.get('errors')}")
    one = check("--jobs", "1", "--select", "ALL", project)
    many = check("--jobs", "4", "--select", "ALL", project)
    verdict(one["findings"] == many["findings"] == pruned["findings"],
            "findings depend on the number of threads")

    same("rule fixtures", ["tests/rules"], ("--select", "ALL"))

    stdlib = sysconfig.get_paths()["stdlib"]
    if ctx.sanitized:
        stdlib = [os.path.join(stdlib, d) for d in ("asyncio", "unittest", "concurrent", "json")]
    else:
        stdlib = [stdlib]
    std, _ = same("standard library", stdlib)
    if not ctx.sanitized:
        verdict((std.get("skimmed") or 0) > std.get("files", 0) // 2,
                f"stdlib: only {std.get('skimmed')} of {std.get('files')} files skimmed")
        one = check("--jobs", "1", *stdlib)
        verdict(one["findings"] == std["findings"], "stdlib findings depend on the number of threads")

    present = [os.path.join(DIST, p) for p in PROJECTS if os.path.isdir(os.path.join(DIST, p))]
    if present and not ctx.sanitized:
        same("async projects", present)
    elif not present:
        print("relevance: Debian's async project packages are not installed; skipped that corpus")
    return passed, failed
