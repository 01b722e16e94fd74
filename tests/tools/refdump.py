#!/usr/bin/env python3
"""CPython's reference for `asyncreview dump-ast`: ast.dump(ast.parse(source_bytes), include_attributes=True).

Reads file paths, one per line, on stdin and writes one JSON object per file on stdout:
    {"path": P, "mtime_ns": N, "size": N, "ok": true, "sha1": HEX, "len": N}      (parsed)
    {"path": P, "mtime_ns": N, "size": N, "ok": false, "error": "SyntaxError: ...",
     "kind": "SyntaxError", "msg": M, "lineno": N, "offset": N}                   (rejected)
With --full, "dump" (the whole text) replaces "sha1"/"len".

ast.parse runs at the default recursion limit, because that limit decides which deep trees CPython
rejects ("maximum recursion depth exceeded during ast construction"); only ast.dump, a recursive
Python function, gets a higher one.
"""
import ast
import hashlib
import json
import os
import sys
import warnings


def reference(path, full=False):
    st = os.stat(path)
    rec = {"path": path, "mtime_ns": st.st_mtime_ns, "size": st.st_size}
    with open(path, "rb") as f:
        src = f.read()
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # invalid escape sequences etc.
            tree = ast.parse(src)
    except (SyntaxError, ValueError, RecursionError, MemoryError, OverflowError) as exc:
        rec["ok"] = False
        rec["error"] = f"{type(exc).__name__}: {exc}"
        if isinstance(exc, SyntaxError):  # SyntaxError, IndentationError, TabError
            rec["kind"], rec["msg"] = type(exc).__name__, exc.msg
            rec["lineno"], rec["offset"] = exc.lineno, exc.offset
        return rec
    limit = sys.getrecursionlimit()
    sys.setrecursionlimit(max(limit, 20000))
    try:
        text = ast.dump(tree, include_attributes=True)
    except (RecursionError, ValueError) as exc:  # ValueError: int too large to convert to str
        rec["ok"] = False
        rec["error"] = f"{type(exc).__name__} in ast.dump: {exc}"
        return rec
    finally:
        sys.setrecursionlimit(limit)
    rec["ok"] = True
    if full:
        rec["dump"] = text
    else:
        data = text.encode("utf-8", "surrogatepass")
        rec["sha1"] = hashlib.sha1(data).hexdigest()
        rec["len"] = len(data)
    return rec


def main():
    full = "--full" in sys.argv[1:]
    out = sys.stdout
    for line in sys.stdin:
        path = line.rstrip("\n")
        if not path:
            continue
        try:
            rec = reference(path, full)
        except OSError as exc:
            rec = {"path": path, "mtime_ns": 0, "size": -1, "ok": False, "error": f"OSError: {exc}"}
        out.write(json.dumps(rec) + "\n")
    out.flush()


if __name__ == "__main__":
    main()
