"""`asyncreview review`: the Markdown and JSON review.

Over every rule fixture (tests/rules/*.py, with its `# select:` / `# args:` header) the review's
JSON must hold only valid Python for the target version (ast.parse with feature_version): each
finding's suggestion and each refactored file. Each refactored file is re-checked with
`asyncreview check`: the applied findings must be gone and no new CRITICAL or WARNING finding may
appear. The totals are printed (review_report: N refactored files re-checked, ...). Then the canonical
example, ordering, --max-issues, the threshold, --no-include-refactored, stdin snippets, syntax errors,
fences and the JSON shape."""
import ast
import glob
import json
import os
import re
import tempfile

SEV_ORDER = {"CRITICAL": 0, "WARNING": 1, "SUGGESTION": 2}


def header(path):
    select, args = None, []
    with open(path, encoding="utf-8") as f:
        for line in f:
            if not line.startswith("#"):
                break
            m = re.match(r"#\s*select:\s*(.+)", line)
            if m:
                select = ",".join(c.strip() for c in m.group(1).split(","))
            m = re.match(r"#\s*args:\s*(.+)", line)
            if m:
                args += m.group(1).split()
    return select, args


def target_version(args):
    for i, a in enumerate(args):
        if a == "--python-version" and i + 1 < len(args):
            major, minor = args[i + 1].replace("py3", "3.").split(".")[:2]
            return (int(major), int(minor))
    return (3, 11)


def parses(code, version):
    try:
        ast.parse(code, feature_version=version)
        return None
    except SyntaxError as e:
        return f"{e.msg} (line {e.lineno})"


def dedent_parses(code, version):
    """A suggestion is written at the flagged statement's indentation: parse it dedented, or, when its
    first line is indented deeper than later ones (a continuation), inside a function body."""
    import textwrap
    err = parses(textwrap.dedent(code), version)
    if err is None:
        return None
    wrapped = "async def _w():\n" + textwrap.indent(textwrap.dedent(code), "    ")
    return err if parses(wrapped, version) else None


def run(ctx):
    results = []

    def check(name, cond, detail=""):
        results.append(bool(cond))
        if not cond:
            print(f"FAIL review_report: {name} {detail}"[:3000])

    def review(args, stdin=None, cwd=None):
        proc = ctx.run([ctx.bin, "review", *args], stdin=stdin, cwd=cwd)
        err = proc.stderr.decode(errors="replace")
        if any(m in err for m in ("AddressSanitizer", "runtime error:", "LeakSanitizer")):
            check(f"no sanitizer report: {args}", False, err[-1500:])
        return proc.returncode, proc.stdout.decode(errors="replace"), err

    # --- every rule fixture: valid snippets, refactored files re-checked ---
    totals = dict(files=0, refactored=0, applied=0, gone=0, still=0, new_bad=0, snippets=0,
                  bad_snippets=0, notapplied=0)
    tmp = tempfile.mkdtemp(prefix="asyncreview-review-")
    for path in sorted(glob.glob(os.path.join(ctx.root, "tests", "rules", "*.py"))):
        if path.endswith(".fixed.py"):
            continue
        select, args = header(path)
        if not select:
            continue
        args = [a for a in args if a not in ("--fix", "--show-fixes", "--no-source")]  # check-only
        version = target_version(args)
        stem = os.path.basename(path)[:-3]
        base = ["--no-config", "--select", select, *args]
        rc, out, err = review([*base, "--format", "json", "--max-issues", "1000", path])
        if rc == 2 and "unknown rule code" in err:
            totals["skipped"] = totals.get("skipped", 0) + 1  # a fixture whose rule is not registered yet
            continue
        totals["files"] += 1
        try:
            doc = json.loads(out)
        except ValueError:
            check(f"{stem}: JSON output", False, f"(exit {rc}) {err[:500]} {out[:300]}")
            continue
        check(f"{stem}: exit status 0/1", rc in (0, 1), f"(exit {rc}) {err[:300]}")
        for f in doc["findings"]:
            if f.get("suggestion"):
                totals["snippets"] += 1
                e = dedent_parses(f["suggestion"], version)
                if e:
                    totals["bad_snippets"] += 1
                check(f"{stem}:{f['line']} {f['code']}: suggestion parses for {version}", e is None,
                      f"{e}\n{f['suggestion']}")
            totals["notapplied"] += not f["applied"]
        # the Markdown holds the same python blocks; every block that is a whole file must parse
        for ref in doc["refactored"]:
            totals["refactored"] += 1
            content = ref["content"]
            e = parses(content, version)
            check(f"{stem}: refactored file parses for {version}", e is None, e or "")
            fixed = os.path.join(tmp, os.path.basename(path))
            with open(fixed, "w", encoding="utf-8") as fh:
                fh.write(content)
            before = run_check(ctx, path, base)
            after = run_check(ctx, fixed, base)
            applied = ref["applied"]
            totals["applied"] += len(applied)
            # applied findings gone: per code, after <= before - applied
            for code in {a["code"] for a in applied}:
                n_before = sum(1 for f in before if f["code"] == code)
                n_after = sum(1 for f in after if f["code"] == code)
                n_applied = sum(1 for a in applied if a["code"] == code)
                ok = n_after <= n_before - n_applied
                totals["gone" if ok else "still"] += n_applied
                check(f"{stem}: applied {code} gone after the refactoring", ok,
                      f"before {n_before}, applied {n_applied}, after {n_after}")
            for sev in ("CRITICAL", "WARNING"):
                for code in {f["code"] for f in after if f["severity"] == sev}:
                    n_before = sum(1 for f in before if f["code"] == code and f["severity"] == sev)
                    n_after = sum(1 for f in after if f["code"] == code and f["severity"] == sev)
                    ok = n_after <= n_before
                    totals["new_bad"] += 0 if ok else n_after - n_before
                    check(f"{stem}: no new {sev} {code} in the refactored file", ok,
                          f"before {n_before}, after {n_after}")
    print(f"review_report: {totals['files']} fixtures reviewed; {totals['snippets']} suggestions "
          f"({totals['bad_snippets']} not valid Python); {totals['refactored']} refactored files "
          f"re-checked with `check`: {totals['applied']} applied corrections, {totals['gone']} gone, "
          f"{totals['still']} still reported, {totals['new_bad']} new CRITICAL/WARNING; "
          f"{totals['notapplied']} findings not applied; {totals.get('skipped', 0)} fixtures skipped "
          f"(rule not registered)")

    # --- the canonical example ---
    example = os.path.join("examples", "fetch_users.py")
    rc, out, err = review([example])
    check("example: exit 1 (a WARNING)", rc == 1, f"(exit {rc}) {err}")
    check("example: summary", "## Summary" in out and "asyncio" in out and "Python 3.11" in out, out[:800])
    check("example: ASR201 section with location",
          re.search(r"^### 1\. WARNING · ASR201 sequential-await-in-loop · `examples/fetch_users.py:8`$",
                    out, re.M), out[:1500])
    check("example: flagged lines", "```python\nfor uid in user_ids:\n    resp = await http_client.get" in out,
          out[:2000])
    check("example: why", "**Why it is a problem:**" in out)
    check("example: TaskGroup rewrite", "async with asyncio.TaskGroup() as tg:" in out, out[-2000:])
    check("example: not applied, said so", "not a mechanical correction" in out)
    blocks = re.findall(r"^```python\n(.*?)^```$", out, re.M | re.S)
    check("example: corrected snippet parses", any("TaskGroup" in b and parses(b, (3, 11)) is None
                                                   for b in blocks), str(blocks))

    # --- ordering, truncation, threshold ---
    src = ("import asyncio\nimport time\n\n\nasync def a():\n    time.sleep(1)\n    loop = asyncio.get_event_loop()\n"
           "    asyncio.create_task(a())\n    await asyncio.sleep(0)\n\n\nasync def b(xs, client):\n"
           "    out = []\n    for x in xs:\n        out.append(await client.get(x))\n    return out\n")
    d = os.path.join(tmp, "proj")
    os.makedirs(d, exist_ok=True)
    for name in ("b_mod.py", "a_mod.py"):
        with open(os.path.join(d, name), "w") as fh:
            fh.write(src)
    rc, out, err = review(["--no-config", "--format", "json", "--max-issues", "1000", d])
    doc = json.loads(out) if out.startswith("{") else None
    check("dir: JSON", doc is not None, err)
    if doc:
        keys = [(SEV_ORDER[f["severity"]], f["path"], f["line"]) for f in doc["findings"]]
        check("dir: findings ordered by severity, path, line", keys == sorted(keys), str(keys))
        check("dir: several severities", len({k[0] for k in keys}) >= 2, str(keys))
        check("dir: refactored files in path order",
              [r["path"] for r in doc["refactored"]] == sorted(r["path"] for r in doc["refactored"]))
        n = len(doc["findings"])
        rc2, out2, _ = review(["--no-config", "--format", "json", "--max-issues", "2", d])
        d2 = json.loads(out2)
        check("max-issues: 2 findings, omitted counted", len(d2["findings"]) == 2 and d2["omitted"] == n - 2,
              f"{len(d2['findings'])} {d2['omitted']} of {n}")
        check("max-issues: the most severe kept", d2["findings"] == doc["findings"][:2] or
              [f["line"] for f in d2["findings"]] == [f["line"] for f in doc["findings"][:2]])
        check("max-issues: omitted by severity sums", sum(d2["omitted_by_severity"].values()) == n - 2)
        rc3, out3, _ = review(["--no-config", "--max-issues", "2", d])
        check("max-issues: Markdown says how many were left out, per severity",
              re.search(rf"_{n - 2} more findings not shown \(--max-issues 2\):.*(WARNING|SUGGESTION)", out3),
              out3[-1500:])
        check("max-issues: 2 sections", len(re.findall(r"^### \d+\. ", out3, re.M)) == 2)
        rc4, out4, _ = review(["--no-config", "--format", "json", "--severity-threshold", "critical", d])
        d4 = json.loads(out4)
        check("threshold: only CRITICAL", all(f["severity"] == "CRITICAL" for f in d4["findings"]),
              str([f["severity"] for f in d4["findings"]]))
        rc5, out5, _ = review(["--no-config", "--format", "json", "--severity-threshold", "warning", d])
        d5 = json.loads(out5)
        check("threshold: no SUGGESTION", all(f["severity"] != "SUGGESTION" for f in d5["findings"]))
        check("JSON shape: keys", set(doc) >= {"summary", "findings", "omitted", "refactored", "llm"}, str(set(doc)))
        s = doc["summary"]
        check("JSON shape: summary", {"counts", "framework", "python_version", "files", "areas"} <= set(s), str(s))
        check("JSON shape: llm null without --llm", doc["llm"] is None)
        f0 = doc["findings"][0]
        check("JSON shape: check's fields plus applied",
              {"path", "line", "column", "end_line", "end_column", "code", "name", "severity", "area",
               "message", "why", "suggestion", "fix", "applied"} <= set(f0), str(set(f0)))
        for r in doc["refactored"]:
            check("JSON shape: refactored entry", {"path", "content", "applied", "not_applied"} <= set(r))
    rc, out, _ = review(["--no-config", "--no-include-refactored", d])
    check("no-refactored: no refactored section", "## Refactored code" not in out, out[-800:])
    rc, out, _ = review(["--no-config", d])
    check("refactored: section present for a directory", "## Refactored code" in out)

    # --- stdin ---
    snippet = b"import asyncio, time\n\nasync def main():\n    time.sleep(2)\n"
    rc, out, err = review(["--no-config", "-"], stdin=snippet)
    check("stdin: exit 1", rc == 1, f"(exit {rc}) {err}")
    check("stdin: <stdin> location", "`<stdin>:4`" in out, out[:1500])
    rc, out, err = review(["--no-config", "--stdin-filename", "snip.py", "-"], stdin=snippet)
    check("stdin: --stdin-filename", "`snip.py:4`" in out, out[:1500])
    rc, out, err = review(["--no-config", "-"], stdin=b"import asyncio\n\nasync def main():\n    await asyncio.sleep(1)\n")
    check("stdin: clean snippet exits 0", rc == 0, f"(exit {rc}) {out}")
    check("stdin: clean snippet says so", "No finding at or above SUGGESTION" in out, out)

    # --- syntax errors ---
    rc, out, err = review(["--no-config", "-"], stdin=b"import asyncio\n\nasync def main(:\n    pass\n")
    check("syntax error: exit 1", rc == 1, f"(exit {rc})")
    m = re.search(r'```text\n  File "<stdin>", line 3\n    async def main\(:\n( *)\^+\nSyntaxError: (.+)\n```', out)
    check("syntax error: CPython layout (File, line, caret, message)", m, out)
    rcj, outj, _ = review(["--no-config", "--format", "json", "-"],
                          stdin=b"import asyncio\n\nasync def main(:\n    pass\n")
    if m:
        col = json.loads(outj)["errors"][0]["column"]
        check("syntax error: caret under the reported column", len(m.group(1)) == 4 + col - 1,
              f"{len(m.group(1))} vs column {col}")
    rc, out, err = review(["--no-config", "--format", "json", "-"], stdin=b"x = (\n")
    try:
        ej = json.loads(out)["errors"]
    except (ValueError, KeyError):
        ej = []
    check("syntax error: JSON errors entry", ej and ej[0]["kind"] == "SyntaxError" and ej[0]["line"] == 1, out)

    # --- fences longer than backtick runs inside ---
    tick = b"import time\n\nasync def f():\n    time.sleep(1)  # ```` four ticks\n"
    rc, out, err = review(["--no-config", "-"], stdin=tick)
    check("fence: longer than the content's backtick run", "`````python\n" in out, out[:2000])

    # --- usage errors ---
    rc, _, _ = review(["--format", "yaml", example])
    check("usage: bad format exits 2", rc == 2)
    rc, _, _ = review(["--bogus", example])
    check("usage: unknown option exits 2", rc == 2)
    rc, _, _ = review([os.path.join(tmp, "missing.py")])
    check("usage: missing path exits 2", rc == 2)

    passed = sum(results)
    return passed, len(results) - passed


def run_check(ctx, path, base):
    proc = ctx.run([ctx.bin, "check", "--format", "json", "--no-color", *base, path])
    try:
        return json.loads(proc.stdout)["findings"]
    except ValueError:
        return []
