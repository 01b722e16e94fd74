"""skim_corpus: the skim (src/analysis/skim.c) against the real parser over whole trees.

`analysis_skim --corpus FILE...` skims every file, parses it, and prints one line per promise of
skim.h the skim broke for a file that parses (a name missing from `ids`, a chain from `chains`, an
import, a class, a module-level async def, `async_syntax`, or `unsure` without a reason the
contract names), then a summary line. Run over every .py file of this Python's standard library
(site-packages excluded; under SAN=1 a deterministic sample of about 300 files) and over the async
projects Debian ships under /usr/lib/python3/dist-packages when present. Each corpus is one test:
it passes with 0 violations. Unsure files (non-ASCII names, deep f-strings) are counted apart.
"""
import concurrent.futures
import os
import re
import subprocess
import sys

SAMPLE_SANITIZED = 300
CHUNK = 400  # files per process
JOBS = 2
SHOW = 20  # violation lines shown per corpus
PROJECTS = ["aiohttp", "httpx", "starlette", "trio", "anyio", "redis", "asyncpg", "discord", "uvicorn",
            "fastapi"]
DIST_PACKAGES = "/usr/lib/python3/dist-packages"
SUMMARY_RE = re.compile(r"^skim corpus: (\d+) files, (\d+) parsed, (\d+) violations, (\d+) unsure "
                        r"\((\d+) excused\)$")


def py_files(root, skip=("site-packages",)):
    files = []
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames[:] = sorted(d for d in dirnames if d not in skip)
        files.extend(os.path.join(dirpath, f) for f in sorted(filenames) if f.endswith(".py"))
    return files


def stdlib_root():
    return subprocess.run([sys.executable, "-c", "import sysconfig; print(sysconfig.get_paths()['stdlib'])"],
                          stdout=subprocess.PIPE, check=True, text=True).stdout.strip()


def run_chunk(binary, files):
    proc = subprocess.run([binary, "--corpus", *files], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                          timeout=1800)
    return proc.returncode, proc.stdout.decode("utf-8", "replace"), proc.stderr.decode("utf-8", "replace")


def check(ctx, binary, name, files):
    """Runs the corpus check; returns (ok, one-line report)."""
    chunks = [files[i:i + CHUNK] for i in range(0, len(files), CHUNK)]
    totals = [0, 0, 0, 0, 0]
    violations = []
    problems = []
    with concurrent.futures.ThreadPoolExecutor(max_workers=JOBS) as pool:
        for rc, out, err in pool.map(lambda c: run_chunk(binary, c), chunks):
            summary = None
            for line in out.splitlines():
                m = SUMMARY_RE.match(line)
                if m:
                    summary = [int(g) for g in m.groups()]
                elif "unsure (excused" not in line:
                    violations.append(line)
            if summary is None or rc not in (0, 1) or "Sanitizer" in err or "runtime error" in err:
                problems.append(f"exit status {rc}: {err.strip()[-400:]}")
                continue
            totals = [a + b for a, b in zip(totals, summary)]
    for line in violations[:SHOW]:
        print(f"FAIL skim_corpus {name}: {line}")
    for p in problems:
        print(f"FAIL skim_corpus {name}: {p}")
    files_n, parsed, nviol, unsure, excused = totals
    report = (f"skim_corpus {name}: {files_n} files, {parsed} parsed, {nviol} violations, "
              f"{unsure} unsure ({excused} excused: non-ASCII names or deep f-strings)")
    return not violations and not problems and nviol == 0, report


def run(ctx):
    binary = os.path.join(ctx.build, "tests", "analysis_skim")
    if not os.path.exists(binary):
        print(f"FAIL skim_corpus: {binary} not built")
        return 0, 1
    corpora = []
    files = py_files(stdlib_root())
    if ctx.sanitized and len(files) > SAMPLE_SANITIZED:
        step = len(files) / SAMPLE_SANITIZED
        files = [files[int(i * step)] for i in range(SAMPLE_SANITIZED)]
    corpora.append(("stdlib", files))
    for project in PROJECTS:
        root = os.path.join(DIST_PACKAGES, project)
        if os.path.isdir(root):
            pfiles = py_files(root)
            if ctx.sanitized:
                pfiles = pfiles[::4]
            corpora.append((project, pfiles))
    passed = failed = 0
    for name, cfiles in corpora:
        if not cfiles:
            continue
        ok, report = check(ctx, binary, name, cfiles)
        print(report)
        if ok:
            passed += 1
        else:
            failed += 1
    return passed, failed
