#!/usr/bin/env python3
"""make bench: asyncreview's benchmarks, one section each; every time is the best of several runs.

  parse   asyncreview parse --stats over a corpus (default: this Python's standard library), on all
          CPUs and on one thread, against CPython's own ast.parse over the same files in this
          process (bytes read first; only the parse is timed). MB/s, ratio, peak RSS, targets.
  check   asyncreview check (every default rule, --format json) over the standard library, a corpus
          of real async projects (Debian's packaged sources under /usr/lib/python3/dist-packages)
          and both together, on all CPUs and on one thread, and with --full (every file parsed,
          not only those with async code), against ruff's async rules through its WebAssembly
          build (../shared/peers/ruff-async) on exactly the same files. Wall and CPU seconds, MB/s,
          peak RSS, files, findings, rules; targets.
  skim    the pre-parse skim (src/analysis/skim.c) over the decoded standard library in memory,
          one thread, next to the lexer over the same text (build/tests/analysis_skim --bench):
          MB/s by CPU time, best of several runs.

Every tool runs in a fresh child process; wall time is measured around it, CPU seconds (user +
sys) come from its rusage (os.wait4) and peak RSS from GNU time (/usr/bin/time -f %M) around it.
Add a section by writing `def section_NAME(args)` and listing it in SECTIONS; `--only NAME` runs one.
MB here is 10^6 bytes; MiB (peak RSS) is 2^20 bytes. A benchmark reports: a MISS does not fail.
"""
import argparse
import ast
import collections
import json
import os
import platform
import shutil
import subprocess
import sys
import sysconfig
import tempfile
import time
import warnings

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(HERE)

# Targets: (name, threshold). Printed as PASS/MISS lines; they never change the exit status.
PARSE_MIN_RATIO = 25.0  # asyncreview parse (all CPUs) vs ast.parse, MB/s
PARSE_MAX_RSS_MIB = 64.0
CHECK_MIN_RATIO_RUFF = 20.0  # asyncreview check (all CPUs) vs ruff (wasm), stdlib wall time
CHECK_MAX_RSS_MIB = 200.0  # asyncreview check over stdlib + projects together

# The async project corpus: import name -> Debian package.
PROJECTS = [
    ("aiohttp", "python3-aiohttp"), ("httpx", "python3-httpx"), ("starlette", "python3-starlette"),
    ("trio", "python3-trio"), ("anyio", "python3-anyio"), ("redis", "python3-redis"),
    ("asyncpg", "python3-asyncpg"), ("discord", "python3-discord"), ("uvicorn", "python3-uvicorn"),
    ("fastapi", "python3-fastapi"),
]
DIST_PACKAGES = "/usr/lib/python3/dist-packages"


def default_corpus():
    return sysconfig.get_paths()["stdlib"]


def fmt_bytes(n):
    return f"{n / 1e6:.1f} MB"


def line(label, value):
    print(f"  {label + ':':<44} {value}")


def note(msg):
    print(f"  note: {msg}")


def target(ok, what):
    print(f"  {'PASS' if ok else 'MISS'}  {what}")


def table(header, rows):
    """Prints rows (lists of strings) under header, first column left-aligned, the rest right."""
    widths = [max(len(str(r[i])) for r in [header] + rows) for i in range(len(header))]
    for r in [header] + rows:
        cells = [str(r[0]).ljust(widths[0])] + [str(c).rjust(w) for c, w in zip(r[1:], widths[1:])]
        print("  " + "  ".join(cells))


TIME = "/usr/bin/time"  # GNU time (Debian's `time` package): the child's own peak RSS
HAVE_TIME = os.access(TIME, os.X_OK)


def run_child(cmd, stdout_path=None, env=None):
    """Runs cmd in a fresh process; returns wall and CPU seconds, peak RSS (MiB), exit code and
    stderr. stdout goes to stdout_path (or /dev/null).

    Peak RSS comes from GNU time wrapped around the command, not from our own wait4: Linux carries
    a process's RSS high-water mark across exec, and a child spawned from this (large) Python
    process starts with ours, so ru_maxrss would report the bench's memory for small runs. time is
    small and forks before it execs the tool. Without it, ru_maxrss is used and flagged."""
    with tempfile.TemporaryFile() as err, open(stdout_path or os.devnull, "wb") as out, \
            tempfile.NamedTemporaryFile("r") as tf:
        wrapped = [TIME, "-o", tf.name, "-f", "%M", *cmd] if HAVE_TIME else cmd
        start = time.perf_counter()
        proc = subprocess.Popen(wrapped, stdout=out, stderr=err, env=env)
        _, status, ru = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - start
        proc.returncode = os.waitstatus_to_exitcode(status)
        err.seek(0)
        stderr = err.read().decode("utf-8", "replace")
        rss = ru.ru_maxrss / 1024.0  # Linux reports KiB
        if HAVE_TIME:
            words = tf.read().split()  # "Command exited with non-zero status 1" comes first
            if words and words[-1].isdigit():
                rss = int(words[-1]) / 1024.0
    return {
        "wall": wall,
        "cpu": ru.ru_utime + ru.ru_stime,  # the child and what it waited for (time's own is ~0)
        "rss": rss,
        "rc": proc.returncode,
        "stderr": stderr,
    }


def best_of(runs, fn):
    """The run with the lowest wall time of `runs` calls of fn(); peak RSS is the highest seen."""
    best, rss = None, 0.0
    for _ in range(max(1, runs)):
        r = fn()
        rss = max(rss, r["rss"])
        if best is None or r["wall"] < best["wall"]:
            best = r
    best["rss_max"] = rss
    return best


def best_of_interleaved(runs_a, fn_a, runs_b, fn_b):
    """best_of for two tools compared with each other, their runs alternated (a, b, a, b, a...):
    both bests then come from the same stretch of time on a machine whose speed drifts."""
    best = [None, None]
    rss = [0.0, 0.0]
    for k in range(max(runs_a, runs_b, 1)):
        for i, (runs, fn) in enumerate(((runs_a, fn_a), (runs_b, fn_b))):
            if k >= max(1, runs):
                continue
            r = fn()
            rss[i] = max(rss[i], r["rss"])
            if best[i] is None or r["wall"] < best[i]["wall"]:
                best[i] = r
    for i in (0, 1):
        best[i]["rss_max"] = rss[i]
    return best[0], best[1]


def machine_info():
    model = "unknown CPU"
    try:
        with open("/proc/cpuinfo") as f:
            for ln in f:
                if ln.startswith("model name"):
                    model = ln.split(":", 1)[1].strip()
                    break
    except OSError:
        pass
    try:
        usable = len(os.sched_getaffinity(0))
    except AttributeError:
        usable = os.cpu_count()
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else 0.0
    return {"model": model, "cpus": os.cpu_count(), "usable": usable, "load": load}


def warn_if_busy(m):
    """Notes (and returns True) when other work shares the machine, so wall times are inflated."""
    load = os.getloadavg()[0]
    busy = load > 0.5 * m["usable"]
    if busy:
        note(f"load average {load:.1f} on {m['usable']} CPUs: other work shares this machine, so "
             "wall times (and wall-time ratios) are inflated and noisy; CPU seconds are steadier")
    return busy


# ---- asyncreview helpers ------------------------------------------------------------------------

def parse_stats(stderr):
    """The `key: value` lines of `asyncreview parse --stats`."""
    stats = {}
    for ln in stderr.splitlines():
        key, sep, val = ln.partition(":")
        if sep:
            stats[key.strip()] = val.strip()
    return stats


def list_files(binary, roots):
    """The .py files asyncreview would read under roots (its own walk: .gitignore, venvs, ...)."""
    proc = subprocess.run([binary, "parse", "--show-files", *roots], stdout=subprocess.PIPE,
                          stderr=subprocess.PIPE, text=True)
    if proc.returncode != 0:
        sys.exit(f"bench: cannot list files: {proc.stderr}")
    return proc.stdout.splitlines()


def total_bytes(paths):
    n = 0
    for p in paths:
        try:
            n += os.path.getsize(p)
        except OSError:
            pass
    return n


def run_parse(binary, roots, jobs):
    """One run of `asyncreview parse --quiet --stats`; stats plus the child's CPU and RSS."""
    cmd = [binary, "parse", "--quiet", "--stats", *roots]
    if jobs:
        cmd[2:2] = ["--jobs", str(jobs)]
    r = run_child(cmd)
    if r["rc"] not in (0, 1):
        sys.exit(f"bench: {' '.join(cmd)} failed with {r['rc']}:\n{r['stderr']}")
    st = parse_stats(r["stderr"])
    r.update({
        "files": int(st["files"]),
        "bytes": int(st["bytes"]),
        "errors": int(st["syntax errors"]),
        "jobs": int(st["jobs"]),
        "process_wall": r["wall"],
        # the tool's own wall time excludes process start-up and the directory walk
        "wall": float(st["wall seconds"]),
        "self_rss": float(st["peak RSS"].split()[0]),
    })
    return r


def run_check(binary, roots, jobs, out_path, full=False):
    """One run of `asyncreview check --format json` (with --full: every file parsed); findings
    counted from its output."""
    cmd = [binary, "check", "--format", "json", "--no-color", *roots]
    if jobs:
        cmd[2:2] = ["--jobs", str(jobs)]
    if full:
        cmd[2:2] = ["--full"]
    r = run_child(cmd, stdout_path=out_path)
    if r["rc"] not in (0, 1):
        sys.exit(f"bench: {' '.join(cmd[:6])} ... failed with {r['rc']}:\n{r['stderr'][-2000:]}")
    try:
        with open(out_path) as f:
            doc = json.load(f)
    except (OSError, ValueError) as e:
        sys.exit(f"bench: cannot read asyncreview check's JSON output: {e}")
    r["files"] = doc.get("files", 0)
    r["skimmed"] = doc.get("skimmed", 0)
    r["finding_keys"] = sorted((f["path"], f["line"], f["column"], f["code"])
                               for f in doc.get("findings", []))
    r["findings"] = len(doc.get("findings", []))
    r["errors"] = len(doc.get("errors", []))
    r["codes"] = collections.Counter(f["code"] for f in doc.get("findings", []))
    return r


def rule_counts(binary):
    proc = subprocess.run([binary, "rules", "--format", "json"], stdout=subprocess.PIPE, text=True)
    rules = json.loads(proc.stdout)
    return len(rules), sum(1 for r in rules if not r.get("opt_in"))


# ---- ruff (wasm) --------------------------------------------------------------------------------

def ruff_tool(args):
    """Path of ruff-async when it runs (installing it once if needed), else None after a note."""
    script = os.path.join(args.peers, "ruff-async")
    if not os.path.exists(script):
        note(f"{script} not found: ruff comparison skipped")
        return None
    if not shutil.which("node"):
        note("node not found: ruff (wasm) comparison skipped (Debian: apt-get install nodejs npm)")
        return None

    def version():
        p = subprocess.run([script, "--version"], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                           text=True)
        return p.stdout.strip() if p.returncode == 0 else None

    v = version()
    if v is None and not args.no_install:
        installer = os.path.join(args.peers, "install")
        if not shutil.which("npm"):
            note("ruff's wasm build is not installed and npm is missing: ruff comparison skipped")
            return None
        print(f"  installing ruff's wasm build once ({installer}; npm, outside the repository)",
              flush=True)
        p = subprocess.run([installer], stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        if p.returncode != 0:
            note(f"{installer} failed ({p.stdout.strip()[-300:]}): ruff comparison skipped")
            return None
        v = version()
    if v is None:
        note(f"ruff's wasm build is not installed (run {args.peers}/install): ruff comparison skipped")
        return None
    args.ruff_version = v
    return script


def run_ruff(script, files, out_path):
    """One run of ruff-async over an explicit file list; findings are its stdout lines."""
    r = run_child([script, *files], stdout_path=out_path)
    if r["rc"] != 0:
        sys.exit(f"bench: ruff-async failed with {r['rc']}:\n{r['stderr'][-2000:]}")
    codes = collections.Counter()
    n = 0
    with open(out_path, encoding="utf-8", errors="replace") as f:
        for ln in f:
            parts = ln.split(": ", 1)
            if len(parts) == 2:
                n += 1
                codes[parts[1].split(" ", 1)[0]] += 1
    r["findings"] = n
    r["codes"] = codes
    r["files"] = len(files)
    r["syntax_files"] = 0
    for ln in r["stderr"].splitlines():  # "ruff-async: N files, M syntax-error diagnostics in K files ..."
        if ln.startswith("ruff-async:") and " files, " in ln:
            words = ln.split()
            r["files"] = int(words[1])
            r["syntax_files"] = int(words[words.index("in") + 1])
    return r


# ---- corpora ------------------------------------------------------------------------------------

def project_dirs(args):
    """The async project corpus, installing missing Debian packages when allowed."""
    missing = [(m, pkg) for m, pkg in PROJECTS if not os.path.isdir(os.path.join(DIST_PACKAGES, m))]
    if missing and not args.no_install and os.geteuid() == 0 and shutil.which("apt-get"):
        pkgs = [pkg for _, pkg in missing]
        print(f"  installing {' '.join(pkgs)} (apt-get)", flush=True)
        env = dict(os.environ, DEBIAN_FRONTEND="noninteractive")
        cmd = ["apt-get", "install", "-y", "-q", "--no-install-recommends", *pkgs]
        if subprocess.run(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL).returncode:
            subprocess.run(["apt-get", "update", "-q"], env=env, stdout=subprocess.DEVNULL,
                           stderr=subprocess.DEVNULL)
            subprocess.run(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        missing = [(m, p) for m, p in missing if not os.path.isdir(os.path.join(DIST_PACKAGES, m))]
    if missing:
        how = "run as root" if os.geteuid() != 0 else "apt-get failed or --no-install"
        note(f"not installed ({how}): {' '.join(p for _, p in missing)}; "
             "the project corpus is what remains")
    absent = {m for m, _ in missing}
    return [os.path.join(DIST_PACKAGES, m) for m, _ in PROJECTS if m not in absent]


def top_codes(codes, k=4):
    return ", ".join(f"{c} {n}" for c, n in codes.most_common(k)) or "-"


# ---- sections -----------------------------------------------------------------------------------

def run_cpython(paths, runs):
    """Best of `runs` timings of ast.parse over every file's bytes (read beforehand)."""
    sources = []
    total = 0
    for p in paths:
        try:
            with open(p, "rb") as f:
                data = f.read()
        except OSError:
            continue
        sources.append((p, data))
        total += len(data)
    best = None
    errors = 0
    for _ in range(runs):
        errors = 0
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # SyntaxWarning for invalid escapes, etc.
            start, cpu0 = time.perf_counter(), time.process_time()
            for p, data in sources:
                try:
                    ast.parse(data, filename=p)
                except (SyntaxError, ValueError, MemoryError, RecursionError):
                    errors += 1
            wall, cpu = time.perf_counter() - start, time.process_time() - cpu0
        if best is None or wall < best[0]:
            best = (wall, cpu)
    return {"files": len(sources), "bytes": total, "errors": errors, "wall": best[0], "cpu": best[1]}


def section_parse(args):
    corpus = args.corpus or default_corpus()
    print(f"\n== parse: {corpus}")
    busy = warn_if_busy(args.machine)
    paths = list_files(args.bin, [corpus])
    ours = best_of(args.runs, lambda: run_parse(args.bin, [corpus], 0))
    ours1 = best_of(args.runs, lambda: run_parse(args.bin, [corpus], 1))
    cpy = run_cpython(paths, args.runs)
    mb = ours["bytes"] / 1e6
    mbs, mbs1, cmbs = mb / ours["wall"], mb / ours1["wall"], cpy["bytes"] / 1e6 / cpy["wall"]
    line("files", f"{ours['files']} ({fmt_bytes(ours['bytes'])}); rejected: asyncreview "
         f"{ours['errors']}, CPython {cpy['errors']}")
    table(["tool", "wall s", "MB/s", "CPU s", "peak RSS MiB", "vs ast.parse"], [
        [f"asyncreview parse, {ours['jobs']} threads", f"{ours['wall']:.3f}", f"{mbs:.1f}",
         f"{ours['cpu']:.2f}", f"{ours['rss_max']:.1f}", f"{mbs / cmbs:.1f}x"],
        ["asyncreview parse, 1 thread", f"{ours1['wall']:.3f}", f"{mbs1:.1f}",
         f"{ours1['cpu']:.2f}", f"{ours1['rss_max']:.1f}", f"{mbs1 / cmbs:.1f}x"],
        [f"CPython {platform.python_version()} ast.parse, 1 thread", f"{cpy['wall']:.3f}",
         f"{cmbs:.1f}", f"{cpy['cpu']:.2f}", "-", "1.0x"],
    ])
    print(f"  (best of {args.runs} runs; asyncreview wall excludes start-up and the directory walk, "
          "CPU s includes them; parallel speedup "
          f"{ours1['wall'] / ours['wall']:.2f}x on {ours['jobs']} threads)")
    cpu_ratio = cpy["cpu"] / ours1["cpu"]
    line("ratio by CPU seconds, 1 thread each", f"{cpu_ratio:.1f}x (CPU s include start-up and walk)")
    ratio = mbs / cmbs
    target(ratio >= PARSE_MIN_RATIO,
           f"parse >= {PARSE_MIN_RATIO:.0f}x ast.parse ({ours['jobs']} threads, wall): {ratio:.1f}x"
           + (f" (busy machine; by CPU seconds on 1 thread {cpu_ratio:.1f}x)" if busy else ""))
    target(ours["rss_max"] < PARSE_MAX_RSS_MIB,
           f"parse peak RSS < {PARSE_MAX_RSS_MIB:.0f} MiB: {ours['rss_max']:.1f} MiB")


def section_check(args):
    stdlib = args.corpus or default_corpus()
    print("\n== check: asyncreview check (default rules, --format json) vs ruff (wasm) async rules")
    busy = warn_if_busy(args.machine)
    nrules, ndefault = rule_counts(args.bin)
    line("asyncreview rules", f"{ndefault} run by default ({nrules} registered)")
    ruff = ruff_tool(args)
    if ruff:
        sel = subprocess.run([ruff, "--help"], stdout=subprocess.PIPE, text=True).stdout
        sel = next((ln.split(":", 1)[1].strip() for ln in sel.splitlines()
                    if ln.startswith("default select")), "?")
        line("ruff", f"{args.ruff_version}, preview, select {sel}, one thread")
    projects = project_dirs(args)
    corpora = [("stdlib", [stdlib], True)]
    if projects:
        corpora.append(("projects", projects, True))
        corpora.append(("stdlib+projects", [stdlib] + projects, False))
    else:
        note("no project corpus: only the standard library is measured")
    line("stdlib", stdlib)
    if projects:
        line("projects", f"{DIST_PACKAGES}/{{{','.join(os.path.basename(p) for p in projects)}}}")

    results = {}
    tmp = tempfile.mkdtemp(prefix="asyncreview-bench-")
    try:
        for name, roots, full in corpora:
            files = list_files(args.bin, roots)
            nbytes = total_bytes(files)
            mb = nbytes / 1e6
            out = os.path.join(tmp, "out")
            rf = None
            if ruff and full:
                # ruff gets asyncreview's own file list, so both read exactly the same files; the
                # two tools' runs alternate, so that both bests see the same machine
                ar, rf = best_of_interleaved(args.runs, lambda: run_check(args.bin, roots, 0, out),
                                             args.ruff_runs, lambda: run_ruff(ruff, files, out))
            else:
                ar = best_of(args.runs, lambda: run_check(args.bin, roots, 0, out))
            ar1 = best_of(args.runs, lambda: run_check(args.bin, roots, 1, out)) if full else None
            # every file parsed and checked: what the skim saves, and the same findings
            arf = best_of(args.runs, lambda: run_check(args.bin, roots, 0, out, True)) if full else None
            results[name] = (ar, ar1, rf)

            print(f"\n  -- {name}: {len(files)} files, {fmt_bytes(nbytes)}")
            rows = []

            def row(label, r, files_col):
                rows.append([label, f"{r['wall']:.2f}", f"{mb / r['wall']:.1f}", f"{r['cpu']:.2f}",
                             f"{r['rss_max']:.1f}", files_col, str(r["findings"])])

            row(f"asyncreview check, {args.machine['usable']} threads", ar,
                f"{ar['files']} ({ar['files'] - ar['skimmed']} parsed, {ar['errors']} unparsable)")
            if ar1:
                row("asyncreview check, 1 thread", ar1, f"{ar1['files']}")
            if arf:
                row(f"asyncreview check --full, {args.machine['usable']} threads", arf,
                    f"{arf['files']} (all parsed, {arf['errors']} unparsable)")
            if rf:
                row("ruff (wasm) async rules, 1 thread", rf,
                    f"{rf['files']} ({rf['syntax_files']} with syntax errors)")
            table(["tool", "wall s", "MB/s", "CPU s", "peak RSS MiB", "files", "findings"], rows)
            line("asyncreview top codes", top_codes(ar["codes"]))
            if rf:
                line("ruff top codes", top_codes(rf["codes"]))
            if ar["files"] != len(files) or (rf and rf["files"] != len(files)):
                note(f"file counts differ: listed {len(files)}, asyncreview check {ar['files']}"
                     + (f", ruff {rf['files']}" if rf else ""))
            if ar1:
                line("parallel speedup (wall, 1 thread -> all)", f"{ar1['wall'] / ar['wall']:.2f}x")
            if arf:
                line("files without async code, skimmed not parsed", f"{ar['skimmed']}")
                line("findings identical with --full",
                     "yes" if arf["finding_keys"] == ar["finding_keys"] else "NO")
            if rf:
                line("speed asyncreview/ruff, all threads (wall)", f"{rf['wall'] / ar['wall']:.1f}x")
                line("speed asyncreview/ruff, 1 thread (wall; CPU)",
                     f"{rf['wall'] / ar1['wall']:.1f}x; {rf['cpu'] / ar1['cpu']:.1f}x")
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    print(f"  (best of {args.runs} runs, ruff best of {args.ruff_runs}, the two alternating; wall "
          "includes start-up, the directory walk and writing the output; peak RSS is the highest "
          "of the runs)")

    print()
    ar, _, rf = results["stdlib"]
    if rf:
        ratio = rf["wall"] / ar["wall"]
        cpu_ratio = rf["cpu"] / results["stdlib"][1]["cpu"]
        target(ratio >= CHECK_MIN_RATIO_RUFF, f"check >= {CHECK_MIN_RATIO_RUFF:.0f}x ruff (wasm) on "
               f"the stdlib ({args.machine['usable']} threads, wall): {ratio:.1f}x"
               + (f" (busy machine; by CPU seconds on 1 thread {cpu_ratio:.1f}x)" if busy else ""))
    else:
        print(f"  SKIP  check >= {CHECK_MIN_RATIO_RUFF:.0f}x ruff (wasm): ruff not available")
    if "stdlib+projects" in results:
        rss = results["stdlib+projects"][0]["rss_max"]
        target(rss < CHECK_MAX_RSS_MIB,
               f"check peak RSS < {CHECK_MAX_RSS_MIB:.0f} MiB on stdlib + projects: {rss:.1f} MiB")
    else:
        print(f"  SKIP  check peak RSS < {CHECK_MAX_RSS_MIB:.0f} MiB on stdlib + projects: "
              "no project corpus")


def section_skim(args):
    corpus = args.corpus or default_corpus()
    print(f"\n== skim: the pre-parse skim against the lexer, over {corpus}")
    warn_if_busy(args.machine)
    skim_bin = os.path.join(args.build_dir, "tests", "analysis_skim")
    if not os.path.exists(skim_bin):
        note(f"{skim_bin} not built (make {skim_bin})")
        return
    runs = max(args.runs, 5)
    out = subprocess.run([skim_bin, "--bench", "--runs", str(runs), corpus], stdout=subprocess.PIPE,
                         stderr=subprocess.DEVNULL, text=True).stdout
    rates = {}
    for ln in out.splitlines():
        print("  " + ln.strip())
        parts = ln.split()
        if len(parts) >= 3 and parts[0] in ("skim_text:", "lex_tokenize:"):
            rates[parts[0][:-1]] = float(parts[1])
    if "skim_text" in rates and "lex_tokenize" in rates:
        # no target of its own: the skim serves check's, measured above
        line("skim / lexer, same text", f"{rates['skim_text'] / rates['lex_tokenize']:.2f}x")


SECTIONS = [("parse", section_parse), ("check", section_check), ("skim", section_skim)]


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("--bin", default="build/asyncreview")
    ap.add_argument("--corpus", help="directory used instead of the standard library")
    ap.add_argument("--runs", type=int, default=3, help="runs per asyncreview measurement (best)")
    ap.add_argument("--ruff-runs", type=int, default=2, help="runs per ruff measurement (best)")
    ap.add_argument("--peers", default=os.environ.get(
        "ASYNCREVIEW_PEERS", os.path.join(REPO, "..", "shared", "peers")),
        help="directory of ruff-async and its install script")
    ap.add_argument("--no-install", action="store_true",
                    help="never install the project corpus (apt-get) or ruff's wasm build (npm)")
    ap.add_argument("--only", choices=[n for n, _ in SECTIONS], help="run only this section")
    args = ap.parse_args()
    if not os.path.exists(args.bin):
        sys.exit(f"bench: {args.bin} not found; run make first")
    args.build_dir = os.path.dirname(os.path.abspath(args.bin))
    # A private copy, so a rebuild during the run cannot mix two binaries (or catch one half-linked).
    with tempfile.TemporaryDirectory(prefix="asyncreview-bench-bin-") as d:
        binary = os.path.join(d, "asyncreview")
        shutil.copy2(args.bin, binary)
        args.bin = binary
        m = machine_info()
        args.machine = m
        print(f"asyncreview bench: {platform.machine()}, {m['model']}, nproc {m['usable']} "
              f"({m['cpus']} CPUs), load average {m['load']:.1f}; Python {platform.python_version()}")
        if not HAVE_TIME:
            note("/usr/bin/time not found (Debian: apt-get install time): peak RSS is the child's "
                 "ru_maxrss, which on Linux also counts this Python process's memory before exec")
        start = time.perf_counter()
        for name, fn in SECTIONS:
            if args.only and args.only != name:
                continue
            fn(args)
        print(f"\nbench took {time.perf_counter() - start:.0f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
