"""parse_differential: our parser against CPython 3.11's on every .py file of the standard library.

For each file, `asyncreview dump-ast --batch` must print exactly CPython's
`ast.dump(ast.parse(source_bytes), include_attributes=True)`, or reject the file when CPython does.
CPython's dumps are made in one python3 process (tests/tools/refdump.py) and cached, as SHA-1s,
under build/parse_differential/, keyed by the Python version, refdump.py's own hash and each file's
path, mtime and size. Our side runs in a few batches, two at a time.

Three checks: identical / CPython-accepted >= 99.5%; every file CPython rejects is rejected by us;
no crashes (a file whose dump line is missing: a signal, a sanitizer report, a hang). The numbers
go on one line; the first differing files get an excerpt around the first difference
(tests/tools/diffdump.py FILE shows a whole diff for one file). Under SAN=1 a deterministic sample
of about 300 files is used.
"""
import concurrent.futures
import hashlib
import json
import os
import re
import subprocess
import sys

THRESHOLD = 0.995
SAMPLE_SANITIZED = 300
CHUNKS = 4
JOBS = 2
SHOW = 10  # differing / rejected files shown in detail
REJECT_RE = re.compile(rb": (SyntaxError|IndentationError|TabError|RecursionError): ")


def stdlib_files():
    root = subprocess.run([sys.executable, "-c", "import sysconfig; print(sysconfig.get_paths()['stdlib'])"],
                          stdout=subprocess.PIPE, check=True, text=True).stdout.strip()
    files = []
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames[:] = sorted(d for d in dirnames if d != "site-packages")
        files.extend(os.path.join(dirpath, f) for f in sorted(filenames) if f.endswith(".py"))
    return root, files


def tool_path(ctx, name):
    return os.path.join(ctx.root, "tests", "tools", name)


def reference(ctx, files):
    """path -> refdump record, from the cache where the file's mtime and size still match."""
    script = tool_path(ctx, "refdump.py")
    with open(script, "rb") as f:
        script_sha = hashlib.sha1(f.read()).hexdigest()[:12]
    cache_dir = os.path.join(ctx.root, "build", "parse_differential")
    os.makedirs(cache_dir, exist_ok=True)
    version = sys.version.split()[0]
    cache_path = os.path.join(cache_dir, f"ref-cpython-{version}-{script_sha}.json")
    cache = {}
    if os.path.exists(cache_path):
        try:
            with open(cache_path) as f:
                cache = json.load(f)
        except (OSError, ValueError):
            cache = {}
    stale = []
    for path in files:
        rec = cache.get(path)
        try:
            st = os.stat(path)
        except OSError:
            continue
        if not rec or rec["mtime_ns"] != st.st_mtime_ns or rec["size"] != st.st_size:
            stale.append(path)
    if stale:
        proc = subprocess.run([sys.executable, script], input="\n".join(stale) + "\n", text=True,
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, timeout=1800)
        if proc.returncode != 0:
            raise RuntimeError(f"refdump.py failed: {proc.stderr.strip()[-500:]}")
        for line in proc.stdout.splitlines():
            rec = json.loads(line)
            cache[rec["path"]] = rec
        tmp = cache_path + ".tmp"
        with open(tmp, "w") as f:
            json.dump(cache, f)
        os.replace(tmp, cache_path)
    return {p: cache[p] for p in files if p in cache}


def run_batch(ctx, files, timeout):
    """Runs dump-ast --batch over files; returns {path: ("ok", sha1) | ("rejected", msg) |
    ("crash", why)}. A file whose header is printed without a result line crashed; the files after
    it run in a fresh process."""
    results = {}
    todo = list(files)
    while todo:
        proc = subprocess.Popen([ctx.bin, "dump-ast", "--batch", *todo], stdout=subprocess.PIPE,
                                stderr=subprocess.PIPE, cwd=ctx.root)
        try:
            out, err = proc.communicate(timeout=timeout)
            hung = False
        except subprocess.TimeoutExpired:
            proc.kill()
            out, err = proc.communicate()
            hung = True
        current = None
        done = 0
        for line in out.split(b"\n"):
            if line.startswith(b"==> "):
                current = line[4:].decode("utf-8", "surrogateescape")
                continue
            if current is None:
                continue
            if line.startswith(b"!! "):
                if REJECT_RE.search(line):
                    results[current] = ("rejected", line[3:].decode("utf-8", "replace"))
                else:
                    results[current] = ("crash", line[3:].decode("utf-8", "replace"))
            else:
                results[current] = ("ok", hashlib.sha1(line).hexdigest())
            current = None
            done += 1
        if current is not None:  # died (or hung) on this file
            if hung:
                why = f"no result after {timeout}s"
            else:
                tail = err.decode("utf-8", "replace").strip().splitlines()[-3:]
                why = f"exit status {proc.returncode}: " + " / ".join(tail)
            results[current] = ("crash", why[:300])
            done += 1
            todo = todo[done:]
            continue
        if proc.returncode not in (0, 1) and todo:
            # all results printed, yet a bad exit (a leak report at exit, ...): charge the last file
            tail = err.decode("utf-8", "replace").strip().splitlines()[-3:]
            results[todo[-1]] = ("crash", f"exit status {proc.returncode}: " + " / ".join(tail))
        for path in todo[done:]:
            results.setdefault(path, ("crash", "no output"))
        todo = []
    return results


def first_difference(ours, ref, width=70):
    """(index, our excerpt, CPython's excerpt, line hint) around the first differing character."""
    n = min(len(ours), len(ref))
    i = next((k for k in range(n) if ours[k] != ref[k]), n)
    lo = max(0, i - width)
    m = re.compile(r"lineno=(\d+)").search(ref, i)
    hint = f"near line {m.group(1)}" if m else ""
    return i, ours[lo:i + width], ref[lo:i + width], hint


def show_differences(ctx, paths):
    proc = subprocess.run([sys.executable, tool_path(ctx, "refdump.py"), "--full"], input="\n".join(paths) + "\n",
                          text=True, stdout=subprocess.PIPE, stderr=subprocess.PIPE, timeout=600)
    refs = {}
    for line in proc.stdout.splitlines():
        rec = json.loads(line)
        refs[rec["path"]] = rec.get("dump", "")
    for path in paths:
        ours = subprocess.run([ctx.bin, "dump-ast", path], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                              timeout=600).stdout.decode("utf-8", "replace").rstrip("\n")
        i, mine, theirs, hint = first_difference(ours, refs.get(path, ""))
        print(f"DIFF {path}: first difference at char {i} {hint}\n"
              f"    ours:    ...{mine}...\n    cpython: ...{theirs}...")


def run(ctx):
    if sys.version_info[:2] != (3, 11):
        print(f"FAIL parse_differential: needs CPython 3.11 as python3 (this is {sys.version.split()[0]}); stopping")
        return 0, 1
    if not os.access(ctx.bin, os.X_OK):
        print(f"FAIL parse_differential: {ctx.bin} not built")
        return 0, 1
    root, files = stdlib_files()
    note = ""
    if ctx.sanitized:
        step = max(1, len(files) // SAMPLE_SANITIZED)
        files = files[::step]
        note = f" (sanitized build: every {step}th file, {len(files)} of the stdlib)"
    refs = reference(ctx, files)
    files = [p for p in files if p in refs]

    chunks = [files[i::CHUNKS] for i in range(CHUNKS)]
    timeout = 1800 if ctx.sanitized else 600
    ours = {}
    with concurrent.futures.ThreadPoolExecutor(max_workers=JOBS) as pool:
        for res in pool.map(lambda chunk: run_batch(ctx, chunk, timeout), [c for c in chunks if c]):
            ours.update(res)

    identical, differing, both_rejected, we_rejected, we_accepted, crashes = [], [], [], [], [], []
    for path in files:
        ref = refs[path]
        kind, detail = ours.get(path, ("crash", "no result"))
        if kind == "crash":
            crashes.append((path, detail))
        elif ref["ok"] and kind == "ok":
            (identical if detail == ref["sha1"] else differing).append(path)
        elif ref["ok"]:
            we_rejected.append((path, detail))
        elif kind == "ok":
            we_accepted.append((path, ref["error"]))
        else:
            both_rejected.append(path)
    accepted = len(identical) + len(differing) + len(we_rejected) + sum(1 for p, _ in crashes if refs[p]["ok"])
    ratio = len(identical) / accepted if accepted else 0.0

    for path, detail in crashes[:SHOW]:
        print(f"CRASH {path}: {detail}")
    for path, error in we_accepted[:SHOW]:
        print(f"ACCEPTED {path}: CPython rejects it ({error})")
    for path, detail in we_rejected[:SHOW]:
        print(f"REJECTED {path}: CPython accepts it; we say {detail}")
    if differing:
        show_differences(ctx, differing[:SHOW])
    print(f"parse_differential: {len(files)} stdlib files{note}, CPython {sys.version.split()[0]}: "
          f"{len(identical)} identical, {len(differing)} differing, {len(both_rejected)} both-rejected, "
          f"{len(we_rejected)} we-rejected-CPython-accepted, {len(we_accepted)} we-accepted-CPython-rejected, "
          f"{len(crashes)} crashes; identical/CPython-accepted = {100 * ratio:.2f}% ({len(identical)}/{accepted})")

    checks = [
        (ratio >= THRESHOLD, f"identical/CPython-accepted {100 * ratio:.2f}% < {100 * THRESHOLD:.1f}%"),
        (not we_accepted, f"{len(we_accepted)} files CPython rejects were accepted"),
        (not crashes, f"{len(crashes)} crashes"),
    ]
    failed = 0
    for ok, why in checks:
        if not ok:
            print(f"FAIL parse_differential: {why}")
            failed += 1
    return len(checks) - failed, failed
