#!/usr/bin/env python3
"""make check's driver: runs every test suite and ends with the line "N passed, N failed".

Suites are the unit-test binaries (tests/unit/*.c, built by make) and the Python modules in
tests/suites/ (each defines `run(ctx)` returning (passed, failed) and prints one line per failure).
`--only NAME` runs the suites whose name contains NAME.
"""
import argparse
import importlib.util
import os
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


class Ctx:
    def __init__(self, build, sanitized, update):
        self.root = ROOT
        self.build = os.path.join(ROOT, build)
        self.bin = os.path.join(self.build, "asyncreview")
        self.sanitized = sanitized
        self.update = update  # UPDATE=1: rewrite expected outputs instead of comparing

    def run(self, args, stdin=None, timeout=600, cwd=None, env=None):
        """Runs a command, returns CompletedProcess with bytes stdout/stderr."""
        return subprocess.run(args, input=stdin, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                              timeout=timeout, cwd=cwd or ROOT, env=env)


def unit_suites(ctx):
    tests_dir = os.path.join(ctx.build, "tests")
    if not os.path.isdir(tests_dir):
        return []
    return [(f"unit/{name}", os.path.join(tests_dir, name)) for name in sorted(os.listdir(tests_dir))
            if os.access(os.path.join(tests_dir, name), os.X_OK) and not name.endswith(".d")]


def run_unit(ctx, path):
    proc = ctx.run([path])
    sys.stderr.write(proc.stderr.decode(errors="replace"))
    last = proc.stdout.decode(errors="replace").strip().splitlines()[-1:] or [""]
    parts = last[0].rsplit(":", 1)[-1].replace(",", " ").split()
    try:
        passed, failed = int(parts[0]), int(parts[2])
    except (IndexError, ValueError):
        print(f"FAIL {path}: no summary line (exit {proc.returncode})")
        return 0, 1
    if proc.returncode != 0 and failed == 0:
        print(f"FAIL {path}: exit status {proc.returncode}")
        failed = 1
    return passed, failed


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--build", default="build")
    ap.add_argument("--sanitized", action="store_true")
    ap.add_argument("--only", default="")
    args = ap.parse_args()
    ctx = Ctx(args.build, args.sanitized, os.environ.get("UPDATE") == "1")
    total_passed = total_failed = 0
    for name, path in unit_suites(ctx):
        if args.only not in name:
            continue
        p, f = run_unit(ctx, path)
        print(f"{name}: {p} passed, {f} failed")
        total_passed += p
        total_failed += f
    suite_dir = os.path.join(ROOT, "tests", "suites")
    for fname in sorted(os.listdir(suite_dir)):
        if not fname.endswith(".py") or fname.startswith("_"):
            continue
        name = "suite/" + fname[:-3]
        if args.only not in name:
            continue
        spec = importlib.util.spec_from_file_location(fname[:-3], os.path.join(suite_dir, fname))
        mod = importlib.util.module_from_spec(spec)
        try:
            spec.loader.exec_module(mod)
            p, f = mod.run(ctx)
        except Exception as exc:  # a broken suite is a failure, not a crash of the driver
            print(f"FAIL {name}: {type(exc).__name__}: {exc}")
            p, f = 0, 1
        print(f"{name}: {p} passed, {f} failed")
        total_passed += p
        total_failed += f
        sys.stdout.flush()
    print(f"{total_passed} passed, {total_failed} failed")
    return 1 if total_failed or total_passed == 0 else 0


if __name__ == "__main__":
    sys.exit(main())
