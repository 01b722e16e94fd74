#!/usr/bin/env python3
"""Regenerates the reference list in docs/catalog.md from src/analysis/catalog.c.

The tables are read after the C preprocessor has expanded their macros (`cc -E`), so what the doc
lists is exactly what the compiler sees; asyncreview itself is not needed. The generated part of the
Markdown file lies between the markers <!-- BEGIN GENERATED --> and <!-- END GENERATED -->.

    tests/tools/catalog_doc.py           rewrite docs/catalog.md
    tests/tools/catalog_doc.py --check   exit 1 (and say so) when docs/catalog.md is out of date
    tests/tools/catalog_doc.py --stdout  print the generated part
"""
import argparse
import os
import re
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
SOURCE = os.path.join(ROOT, "src", "analysis", "catalog.c")
DOC = os.path.join(ROOT, "docs", "catalog.md")
BEGIN, END = "<!-- BEGIN GENERATED -->", "<!-- END GENERATED -->"

FRAMEWORKS = ["FW_ASYNCIO", "FW_TRIO", "FW_ANYIO"]

# BlockKind -> (rule code, heading). Our own kinds are reported by the blocking-call rule.
KINDS = [
    ("BLK_HTTP", "ASYNC210", "Synchronous HTTP"),
    ("BLK_HTTPX_SYNC", "ASYNC212", "Blocking HTTP client objects"),
    ("BLK_SUBPROCESS_START", "ASYNC220", "Starting a process"),
    ("BLK_SUBPROCESS_RUN", "ASYNC221", "Running a process to completion"),
    ("BLK_PROCESS_WAIT", "ASYNC222", "Waiting for a process"),
    ("BLK_OPEN", "ASYNC230", "Opening a file"),
    ("BLK_FDOPEN", "ASYNC231", "os.fdopen"),
    ("BLK_PATH", "ASYNC240", "os.path and pathlib I/O"),
    ("BLK_INPUT", "ASYNC250", "Console input"),
    ("BLK_SLEEP", "ASYNC251", "Sleeping"),
    ("BLK_SOCKET", "ASR101", "Sockets, DNS, TLS, select and network protocols"),
    ("BLK_DB", "ASR101", "Databases, caches and cloud clients"),
    ("BLK_SYNC_PRIMITIVE", "ASR101", "Thread synchronisation"),
    ("BLK_FILE_IO", "ASR101", "File system operations and file objects"),
    ("BLK_OTHER", "ASR101", "Other blocking calls"),
]

FLAG_NAMES = [
    ("CATF_COROUTINE", "coroutine"),
    ("CATF_ASYNC_CM", "async with"),
    ("CATF_SYNC_CM", "with"),
    ("CATF_ASYNC_ITER", "async for"),
    ("CATF_CLASS", "class"),
    ("CATF_OFFLOAD", "offload"),
    ("CATF_LOOP_RUNNER", "loop runner"),
    ("CATF_NOT_AWAITABLE", "not awaitable"),
    ("CATF_TASK_SPAWN", "task spawn"),
    ("CATF_START_SOON", "start_soon"),
    ("CATF_RESOURCE", "resource"),
    ("CATF_NETWORK", "network"),
    ("CATF_CANCEL_SCOPE", "cancel scope"),
    ("CATF_CHECKPOINT", "checkpoint"),
]

TOKEN = re.compile(r'\s+|"(?:[^"\\]|\\.)*"|[A-Za-z_]\w*|\d\w*|.', re.S)


def preprocess():
    cc = os.environ.get("CC", "cc")
    cmd = [cc, "-E", "-P", "-I" + os.path.join(ROOT, "src"), "-D_POSIX_C_SOURCE=200809L",
           "-D_DEFAULT_SOURCE", SOURCE]
    return subprocess.run(cmd, check=True, stdout=subprocess.PIPE, text=True).stdout


def tokens(text):
    return [t for t in TOKEN.findall(text) if not t.isspace()]


def unquote(tok):
    body = tok[1:-1]
    return re.sub(r"\\(.)", lambda m: {"n": "\n", "t": "\t"}.get(m.group(1), m.group(1)), body)


def initializer(toks, name):
    """The tokens between the braces of `name[] = { ... };`."""
    for i in range(len(toks) - 4):
        if toks[i] == name and toks[i + 1:i + 5] == ["[", "]", "=", "{"]:
            depth, j = 1, i + 5
            while depth:
                depth += {"{": 1, "}": -1}.get(toks[j], 0)
                j += 1
            return toks[i + 5:j - 1]
    sys.exit(f"catalog_doc: no initializer for {name} in {SOURCE}")


def split_top(toks, sep=","):
    """Splits a token list at separators outside brackets."""
    parts, cur, depth = [], [], 0
    for t in toks:
        if t in "([{":
            depth += 1
        elif t in ")]}":
            depth -= 1
        if t == sep and depth == 0:
            parts.append(cur)
            cur = []
        else:
            cur.append(t)
    if cur:
        parts.append(cur)
    return parts


def value(toks):
    """A field value: concatenated strings, NULL, a number, or the identifiers of an `|` expression."""
    strings = [t for t in toks if t.startswith('"')]
    if strings:
        return "".join(unquote(t) for t in strings)
    if toks in (["(", "(", "void", "*", ")", "0", ")"], ["NULL"]):
        return None
    if len(toks) == 1 and toks[0].isdigit():
        return int(toks[0])
    idents = [t for t in toks if re.match(r"[A-Za-z_]", t)]
    bad = [t for t in toks if t not in ("(", ")", "|", "0") and t not in idents]
    if bad:
        sys.exit(f"catalog_doc: cannot read value {' '.join(toks)}")
    return idents


def records(toks):
    """Each `{ .field = value, ... }` or positional `{ a, b }` initializer as a dict or list."""
    out = []
    for item in split_top(toks):
        assert item[0] == "{" and item[-1] == "}", item
        fields = split_top(item[1:-1])
        if fields and fields[0][0] == ".":
            rec = {}
            for f in fields:
                name, rest = f[1], f[3:]
                if name == "replace":
                    rec[name] = {sub[1]: value(sub[4:]) for sub in split_top(rest[1:-1])}
                else:
                    rec[name] = value(rest)
            out.append(rec)
        else:
            out.append([value(f) for f in fields])
    return out


def code(text):
    return "`" + text.replace("|", "\\|") + "`" if text else "—"


def generate():
    toks = tokens(preprocess())
    entries = records(initializer(toks, "catalog_table"))
    aliases = records(initializer(toks, "alias_table"))
    relations = records(initializer(toks, "relation_table"))
    lines = []
    add = lines.append
    blocking = [e for e in entries if "CATF_BLOCKING" in e.get("flags", [])]
    other = [e for e in entries if "CATF_BLOCKING" not in e.get("flags", [])]
    add(f"The catalog has {len(entries)} entries ({len(blocking)} blocking calls, "
        f"{len(other)} async APIs, classes and known calls), {len(aliases)} aliases and {len(relations)} class "
        "relations.\n")
    add("### Blocking calls\n")
    add("| Kind | Rule | Entries |")
    add("| --- | --- | --- |")
    for kind, rule, heading in KINDS:
        n = sum(1 for e in blocking if e.get("block") == [kind])
        add(f"| `{kind}` ({heading}) | {rule} | {n} |")
    add("")
    for kind, rule, heading in KINDS:
        rows = [e for e in blocking if e.get("block") == [kind]]
        add(f"#### {heading} — `{kind}`, {rule}\n")
        add("| Call | Note | asyncio | trio | anyio |")
        add("| --- | --- | --- | --- | --- |")
        for e in rows:
            rep = e.get("replace", {})
            extra = [label for flag, label in FLAG_NAMES if flag in e["flags"]]
            note = e.get("note") or ""
            if extra:
                note += f" ({', '.join(extra)})"
            if e.get("min_version"):
                note += f"; Python {e['min_version'] // 100}.{e['min_version'] % 100}+"
            add(f"| {code(e['qualname'])} | {note} | "
                + " | ".join(code(rep.get(fw)) for fw in FRAMEWORKS) + " |")
        add("")
    add("### Async APIs, classes and known calls\n")
    add("| Name | What it is | Result type | Since |")
    add("| --- | --- | --- | --- |")
    for e in other:
        flags = e.get("flags", [])
        what = ", ".join(label for flag, label in FLAG_NAMES if flag in flags) or "plain call"
        if "CATF_OFFLOAD" in flags:
            what += f" (argument {e.get('offload_arg', 0)})"
        since = e.get("min_version")
        since = f"{since // 100}.{since % 100}" if since else ""
        add(f"| {code(e['qualname'])} | {what} | {code(e.get('result_type'))} | {since} |")
    add("")
    add("### Aliases\n")
    add("| Spelling | Canonical | Match |")
    add("| --- | --- | --- |")
    for src, dst, exact in aliases:
        add(f"| {code(src)} | {code(dst)} | {'whole name' if exact in (1, ['true']) else 'prefix'} |")
    add("")
    add("### Class relations\n")
    add("| Class | Derives from |")
    add("| --- | --- |")
    for cls, base in relations:
        add(f"| {code(cls)} | {code(base)} |")
    return "\n".join(lines) + "\n"


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--check", action="store_true")
    ap.add_argument("--stdout", action="store_true")
    args = ap.parse_args()
    generated = generate()
    if args.stdout:
        sys.stdout.write(generated)
        return 0
    with open(DOC, encoding="utf-8") as f:
        doc = f.read()
    head, sep, rest = doc.partition(BEGIN + "\n")
    _, sep2, tail = rest.partition(END)
    if not sep or not sep2:
        sys.exit(f"catalog_doc: {DOC} lacks the {BEGIN} / {END} markers")
    new = head + BEGIN + "\n" + generated + END + tail
    if args.check:
        if new != doc:
            print(f"{os.path.relpath(DOC, ROOT)} is out of date: run tests/tools/catalog_doc.py")
            return 1
        return 0
    if new != doc:
        with open(DOC, "w", encoding="utf-8") as f:
            f.write(new)
    return 0


if __name__ == "__main__":
    sys.exit(main())
