#!/usr/bin/env python3
"""make bench: asyncreview's benchmarks, one section each, every number the best of --runs runs.

  parse   asyncreview parse --stats over a corpus (default: this Python's standard library), on all
          CPUs and on one thread, against CPython's own ast.parse over the same files in this
          process (bytes read first; only the parse is timed). Prints MB/s, the ratio and peak RSS.

Add a section by writing `def section_NAME(args)` and listing it in SECTIONS; `--only NAME` runs one.
MB here is 10^6 bytes; MiB (peak RSS) is 2^20 bytes.
"""
import argparse
import ast
import os
import platform
import subprocess
import sys
import sysconfig
import time
import warnings


def default_corpus():
    return sysconfig.get_paths()["stdlib"]


def fmt_bytes(n):
    return f"{n / 1e6:.1f} MB"


def line(label, value):
    print(f"  {label + ':':<44} {value}")


def parse_stats(stderr):
    """The `key: value` lines of `asyncreview parse --stats`."""
    stats = {}
    for ln in stderr.splitlines():
        key, sep, val = ln.partition(":")
        if sep:
            stats[key.strip()] = val.strip()
    return stats


def run_asyncreview(binary, corpus, jobs, runs):
    """Best (lowest wall) of `runs` runs of `asyncreview parse --quiet --stats`."""
    best = None
    for _ in range(runs):
        cmd = [binary, "parse", "--quiet", "--stats", corpus]
        if jobs:
            cmd[2:2] = ["--jobs", str(jobs)]
        proc = subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
        if proc.returncode not in (0, 1):
            sys.exit(f"bench: {' '.join(cmd)} failed with {proc.returncode}:\n{proc.stderr}")
        st = parse_stats(proc.stderr)
        run = {
            "files": int(st["files"]),
            "bytes": int(st["bytes"]),
            "errors": int(st["syntax errors"]),
            "wall": float(st["wall seconds"]),
            "rss": float(st["peak RSS"].split()[0]),
            "jobs": int(st["jobs"]),
        }
        if best is None or run["wall"] < best["wall"]:
            best = run
    return best


def list_files(binary, corpus):
    proc = subprocess.run([binary, "parse", "--show-files", corpus], stdout=subprocess.PIPE,
                          stderr=subprocess.PIPE, text=True)
    if proc.returncode != 0:
        sys.exit(f"bench: cannot list files: {proc.stderr}")
    return proc.stdout.splitlines()


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
            start = time.perf_counter()
            for p, data in sources:
                try:
                    ast.parse(data, filename=p)
                except (SyntaxError, ValueError, MemoryError, RecursionError):
                    errors += 1
            wall = time.perf_counter() - start
        if best is None or wall < best:
            best = wall
    return {"files": len(sources), "bytes": total, "errors": errors, "wall": best}


def section_parse(args):
    corpus = args.corpus or default_corpus()
    print(f"== parse: {corpus}")
    paths = list_files(args.bin, corpus)
    ours = run_asyncreview(args.bin, corpus, 0, args.runs)
    ours1 = run_asyncreview(args.bin, corpus, 1, args.runs)
    cpy = run_cpython(paths, args.runs)
    line("files", f"{ours['files']} ({fmt_bytes(ours['bytes'])})")
    mbs = ours["bytes"] / 1e6 / ours["wall"]
    mbs1 = ours1["bytes"] / 1e6 / ours1["wall"]
    cmbs = cpy["bytes"] / 1e6 / cpy["wall"]
    line(f"asyncreview parse, {ours['jobs']} threads",
         f"{ours['wall']:.3f} s  {mbs:8.1f} MB/s  peak RSS {ours['rss']:.1f} MiB")
    line("asyncreview parse, 1 thread",
         f"{ours1['wall']:.3f} s  {mbs1:8.1f} MB/s  peak RSS {ours1['rss']:.1f} MiB")
    line(f"CPython {platform.python_version()} ast.parse, 1 thread",
         f"{cpy['wall']:.3f} s  {cmbs:8.1f} MB/s")
    line("ratio asyncreview/CPython, 1 thread each", f"{mbs1 / cmbs:.2f}x")
    line(f"ratio asyncreview {ours['jobs']} threads/CPython", f"{mbs / cmbs:.2f}x")
    line("files rejected (asyncreview, CPython)", f"{ours['errors']}, {cpy['errors']}")
    print(f"  (best of {args.runs} runs each; MB = 10^6 bytes; asyncreview times exclude the directory walk)")


SECTIONS = [("parse", section_parse)]


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("--bin", default="build/asyncreview")
    ap.add_argument("--corpus", help="directory to parse (default: the standard library)")
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--only", help="run only this section")
    args = ap.parse_args()
    if not os.path.exists(args.bin):
        sys.exit(f"bench: {args.bin} not found; run make first")
    print(f"asyncreview bench on {platform.machine()}, {os.cpu_count()} CPUs")
    for name, fn in SECTIONS:
        if args.only and args.only != name:
            continue
        fn(args)
    return 0


if __name__ == "__main__":
    sys.exit(main())
