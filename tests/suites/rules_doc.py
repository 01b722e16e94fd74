"""docs/rules.md matches the rules' descriptors (tests/tools/rules_doc.py --check)."""
import os
import sys


def run(ctx):
    tool = os.path.join(ctx.root, "tests", "tools", "rules_doc.py")
    proc = ctx.run([sys.executable, tool, ctx.bin, "--check"], timeout=120)
    if proc.returncode != 0:
        out = (proc.stdout + proc.stderr).decode(errors="replace").strip()
        print(f"FAIL rules_doc: {out}")
        return 0, 1
    return 1, 0
