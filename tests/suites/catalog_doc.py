"""docs/catalog.md's reference list matches src/analysis/catalog.c (tests/tools/catalog_doc.py --check)."""
import os
import sys


def run(ctx):
    tool = os.path.join(ctx.root, "tests", "tools", "catalog_doc.py")
    proc = ctx.run([sys.executable, tool, "--check"], timeout=120)
    if proc.returncode != 0:
        out = (proc.stdout + proc.stderr).decode(errors="replace").strip()
        print(f"FAIL catalog_doc: {out}")
        return 0, 1
    return 1, 0
