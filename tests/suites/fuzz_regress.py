"""Replays every committed fuzz input (fuzz/regress/: crashers found by the fuzzers, once fixed; and
the seed corpus fuzz/corpus/) through `asyncreview parse`. Each file is one test: it must end with
exit 0 (parses) or exit 1 with a message naming the file, never a signal or a sanitizer report.
Each input is also one test of the skim (fuzz_skim's check): `analysis_skim --corpus FILE` skims it
without a crash and, when it parses, finds no broken promise of skim.h (exit 0)."""
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import _crashcheck  # noqa: E402


def inputs(root):
    for sub in ("fuzz/regress", "fuzz/corpus"):
        d = os.path.join(root, sub)
        if not os.path.isdir(d):
            continue
        for name in sorted(os.listdir(d)):
            path = os.path.join(d, name)
            if name.startswith(".") or not os.path.isfile(path):
                continue
            yield os.path.join(sub, name), path


def run(ctx):
    passed = failed = 0
    if not os.path.exists(ctx.bin):
        print(f"FAIL fuzz_regress: {ctx.bin} not built")
        return 0, 1
    for rel, path in inputs(ctx.root):
        r = _crashcheck.run([ctx.bin, "parse", path], timeout=120)
        problem = r.crash()
        if not problem and r.returncode not in (0, 1):
            problem = f"exit status {r.returncode}: {r.stderr.decode(errors='replace')[:300]}"
        if not problem and r.returncode == 1 and path.encode() not in r.stdout:
            problem = "exit status 1 without a message naming the file"
        if problem:
            print(f"FAIL fuzz_regress {rel}: {problem}")
            failed += 1
        else:
            passed += 1
    skim = os.path.join(ctx.build, "tests", "analysis_skim")
    if not os.path.exists(skim):
        print(f"FAIL fuzz_regress: {skim} not built")
        return passed, failed + 1
    for rel, path in inputs(ctx.root):
        r = _crashcheck.run([skim, "--corpus", path], timeout=120)
        problem = r.crash()
        if not problem and r.returncode != 0:
            out = (r.stdout + r.stderr).decode(errors="replace").strip()
            problem = f"skim: exit status {r.returncode}: {out[-400:]}"
        if problem:
            print(f"FAIL fuzz_regress {rel} (skim): {problem}")
            failed += 1
        else:
            passed += 1
    return passed, failed
