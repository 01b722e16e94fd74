#!/usr/bin/env python3
"""diffdump: where `asyncreview dump-ast FILE` and CPython 3.11's
ast.dump(ast.parse(source), include_attributes=True) first differ, for one file.

    tests/tools/diffdump.py FILE [--bin build/asyncreview] [--hunks 2] [--context 4]

Both dumps are pretty-printed one field per line (nesting by indentation), and the first hunks of
their unified diff are shown, with the source lines the nearby nodes point at. Also accepts
`-c 'SOURCE'` instead of FILE to try a snippet. Exit status 0 when identical, 1 otherwise.
"""
import argparse
import difflib
import os
import re
import subprocess
import sys
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import refdump  # noqa: E402


def pretty(dump):
    """One field or list item per line, indented by nesting; string literals are kept whole."""
    lines, cur, depth, i, n = [], [], 0, 0, len(dump)

    def flush():
        if cur:
            lines.append("  " * depth + "".join(cur))
            cur.clear()

    while i < n:
        c = dump[i]
        if c in "'\"":  # a repr: skip to the matching quote, honouring backslashes
            j = i + 1
            while j < n and dump[j] != c:
                j += 2 if dump[j] == "\\" else 1
            cur.append(dump[i:j + 1])
            i = j + 1
            continue
        if c in "([":
            cur.append(c)
            if i + 1 < n and dump[i + 1] in ")]":  # () and [] stay on one line
                cur.append(dump[i + 1])
                i += 2
                continue
            flush()
            depth += 1
        elif c in ")]":
            flush()
            depth -= 1
            cur.append(c)
        elif c == "," and dump.startswith(", ", i):
            cur.append(",")
            flush()
            i += 2
            continue
        else:
            cur.append(c)
        i += 1
    flush()
    return lines


def ours(binary, path):
    proc = subprocess.run([binary, "dump-ast", path], stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    if proc.returncode != 0:
        return None, proc.stderr.decode("utf-8", "replace").strip() or f"exit status {proc.returncode}"
    return proc.stdout.decode("utf-8", "replace").rstrip("\n"), None


def source_line(src_lines, lineno):
    if 1 <= lineno <= len(src_lines):
        return src_lines[lineno - 1].rstrip("\n")
    return ""


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("file", nargs="?")
    ap.add_argument("-c", dest="code", help="source text to try instead of a file")
    ap.add_argument("--bin", default=os.path.join(ROOT, "build", "asyncreview"))
    ap.add_argument("--hunks", type=int, default=2)
    ap.add_argument("--context", type=int, default=4)
    args = ap.parse_args()
    if args.code is not None:
        tmp = tempfile.NamedTemporaryFile("w", suffix=".py", delete=False)
        tmp.write(args.code)
        tmp.close()
        path = tmp.name
    elif args.file:
        path = args.file
    else:
        ap.error("give FILE or -c SOURCE")

    try:
        ref = refdump.reference(path, full=True)
        mine, err = ours(args.bin, path)
    finally:
        if args.code is not None:
            os.unlink(path)
    if not ref["ok"] or mine is None:
        print(f"CPython: {'accepts' if ref['ok'] else ref['error']}")
        print(f"ours:    {'accepts' if mine is not None else err}")
        return 0 if (not ref["ok"]) == (mine is None) else 1
    if mine == ref["dump"]:
        print("identical")
        return 0

    a, b = pretty(ref["dump"]), pretty(mine)
    if args.code is not None:
        src_lines = args.code.splitlines()
    else:
        with open(path, "rb") as f:
            src_lines = f.read().decode("utf-8", "replace").splitlines()
    shown = 0
    matcher = difflib.SequenceMatcher(None, a, b, autojunk=False)
    for group in matcher.get_grouped_opcodes(args.context):
        if shown == args.hunks:
            print("...")
            break
        shown += 1
        linenos = set()
        print(f"@@ cpython {group[0][1] + 1}..{group[-1][2]}  ours {group[0][3] + 1}..{group[-1][4]} @@")
        for tag, i1, i2, j1, j2 in group:
            for line in a[i1:i2] if tag == "equal" else []:
                print("  " + line)
            if tag in ("replace", "delete"):
                for line in a[i1:i2]:
                    print("- " + line)  # CPython
            if tag in ("replace", "insert"):
                for line in b[j1:j2]:
                    print("+ " + line)  # ours
            for line in a[i1:i2] + b[j1:j2]:
                m = re.search(r"\blineno=(\d+)", line)
                if m:
                    linenos.add(int(m.group(1)))
        for lineno in sorted(linenos)[:4]:
            print(f"    source {lineno}: {source_line(src_lines, lineno)}")
    print("(- CPython 3.11, + asyncreview)")
    return 1


if __name__ == "__main__":
    sys.exit(main())
