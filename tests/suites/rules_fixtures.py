"""Rule fixtures: tests/rules/<stem>.py with <stem>.expected (and optional <stem>.fixed.py).

A fixture starts with header comments:
    # select: CODE[, CODE...]          rules to run (required)
    # args: --framework trio ...       extra command-line arguments (optional)
Lines that must be flagged carry `# expect: CODE[, CODE]`; everything else must stay silent.

For each fixture the suite checks, each as one test:
  1. the exact `check --format text --no-color` output equals <stem>.expected (UPDATE=1 rewrites it);
  2. the reported (line, code) pairs equal the `# expect:` comments;
  3. turning every `# expect: C` into `# noqa: C` silences every finding;
  4. every suggestion in the JSON output is valid Python for the target version (ast.parse with
     feature_version) and never names another framework than the file's;
  5. with <stem>.fixed.py: `check --fix` on a copy reproduces it, the result parses, and a second
     `--fix` changes nothing.
Finally every registered rule must have a fixture, an .expected file and documentation.
"""
import ast
import json
import os
import re
import shutil
import tempfile
import textwrap

EXPECT_RE = re.compile(r"#\s*expect:\s*([A-Z]+[0-9]+(?:\s*,\s*[A-Z]+[0-9]+)*)")
FRAMEWORK_WORDS = {"asyncio": ("asyncio",), "trio": ("trio",), "anyio": ("anyio",)}


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


def expected_pairs(text):
    pairs = set()
    for lineno, line in enumerate(text.splitlines(), 1):
        m = EXPECT_RE.search(line)
        if m:
            for code in m.group(1).split(","):
                pairs.add((lineno, code.strip()))
    return pairs


def target_version(args):
    for i, a in enumerate(args):
        if a == "--python-version" and i + 1 < len(args):
            major, minor = args[i + 1].replace("py3", "3.").split(".")[:2]
            return (int(major), int(minor))
    return (3, 11)


def run_check(ctx, path, select, args, fmt="text", extra=()):
    cmd = [ctx.bin, "check", "--no-config", "--no-color", "--format", fmt, "--select", select,
           *args, *extra, path]
    return ctx.run(cmd)


def rel(ctx, path):
    return os.path.relpath(path, ctx.root)


def run(ctx):
    fixture_dir = os.path.join(ctx.root, "tests", "rules")
    passed = failed = 0

    def verdict(ok, what):
        nonlocal passed, failed
        if ok:
            passed += 1
        else:
            failed += 1
            print(f"FAIL rules: {what}")

    fixtures = sorted(f for f in os.listdir(fixture_dir)
                      if f.endswith(".py") and not f.endswith(".fixed.py"))
    covered = set()
    for name in fixtures:
        path = os.path.join(fixture_dir, name)
        stem = name[:-3]
        select, args = header(path)
        if not select:
            verdict(False, f"{name}: no '# select:' header")
            continue
        covered.update(select.split(","))
        relpath = rel(ctx, path)
        with open(path, encoding="utf-8") as f:
            source = f.read()

        # 1. exact text output
        proc = run_check(ctx, relpath, select, args)
        out = proc.stdout.decode()
        if proc.returncode not in (0, 1) or proc.stderr:
            verdict(False, f"{name}: exit {proc.returncode}, stderr: {proc.stderr.decode()[:400]}")
            continue
        exp_path = os.path.join(fixture_dir, stem + ".expected")
        if ctx.update:
            with open(exp_path, "w", encoding="utf-8") as f:
                f.write(out)
        if not os.path.exists(exp_path):
            verdict(False, f"{name}: missing {stem}.expected (run UPDATE=1 make check)")
        else:
            with open(exp_path, encoding="utf-8") as f:
                want = f.read()
            verdict(out == want, f"{name}: output differs from {stem}.expected:\n"
                    + "".join(f"    {l}\n" for l in out.splitlines()[:30]))

        # 2. (line, code) pairs against `# expect:` comments
        jproc = run_check(ctx, relpath, select, args, fmt="json")
        try:
            data = json.loads(jproc.stdout.decode())
        except ValueError as exc:
            verdict(False, f"{name}: JSON output does not parse: {exc}")
            continue
        got = {(f["line"], f["code"]) for f in data["findings"]}
        want_pairs = expected_pairs(source)
        verdict(got == want_pairs,
                f"{name}: findings {sorted(got - want_pairs)} not expected; "
                f"expected {sorted(want_pairs - got)} not found")

        # 3. noqa silences everything
        with tempfile.TemporaryDirectory() as tmp:
            silenced = EXPECT_RE.sub(lambda m: "noqa: " + m.group(1), source)
            tmp_path = os.path.join(tmp, name)
            with open(tmp_path, "w", encoding="utf-8") as f:
                f.write(silenced)
            nproc = run_check(ctx, tmp_path, select, args, fmt="json")
            ndata = json.loads(nproc.stdout.decode() or '{"findings": []}')
            verdict(not ndata["findings"],
                    f"{name}: noqa did not silence {[(f['line'], f['code']) for f in ndata['findings']]}")

        # 4. every suggestion is valid Python for the target and names no other framework
        version = target_version(args)
        framework = None
        if "--framework" in args:
            framework = args[args.index("--framework") + 1]
        for finding in data["findings"]:
            sugg = finding.get("suggestion")
            if not sugg:
                continue
            try:
                ast.parse(textwrap.dedent(sugg), feature_version=version)
                ok = True
            except SyntaxError as exc:
                ok = False
                print(f"    suggestion at line {finding['line']} does not parse: {exc}\n{sugg}")
            fw = framework or detect_framework(source)
            others = [w for k, ws in FRAMEWORK_WORDS.items() if k != fw for w in ws]
            foreign = [w for w in others if re.search(r"\b" + w + r"\.", sugg)]
            verdict(ok and not foreign,
                    f"{name}:{finding['line']}: suggestion invalid or names {foreign} in a {fw} file")

        # 5. fixes
        fixed_path = os.path.join(fixture_dir, stem + ".fixed.py")
        if os.path.exists(fixed_path):
            with tempfile.TemporaryDirectory() as tmp:
                work = os.path.join(tmp, name)
                shutil.copy(path, work)
                run_check(ctx, work, select, args, extra=("--fix",))
                with open(work, encoding="utf-8") as f:
                    once = f.read()
                if ctx.update:
                    with open(fixed_path, "w", encoding="utf-8") as f:
                        f.write(once)
                with open(fixed_path, encoding="utf-8") as f:
                    want_fixed = f.read()
                try:
                    ast.parse(once)
                    parses = True
                except SyntaxError:
                    parses = False
                run_check(ctx, work, select, args, extra=("--fix",))
                with open(work, encoding="utf-8") as f:
                    twice = f.read()
                verdict(once == want_fixed and parses and twice == once,
                        f"{name}: --fix result differs from {stem}.fixed.py, does not parse, "
                        "or is not idempotent")

    # every registered rule has a fixture and documentation
    proc = ctx.run([ctx.bin, "rules", "--format", "json"])
    try:
        rules = json.loads(proc.stdout.decode())
    except ValueError:
        verdict(False, "`asyncreview rules --format json` does not print JSON")
        rules = []
    for rule in rules:
        code = rule["code"]
        stems = [f for f in fixtures if f.startswith(code + "_")]
        verdict(bool(stems) and code in covered, f"rule {code} has no fixture tests/rules/{code}_*.py")
        doc = rule.get("doc") or ""
        verdict(all(h in doc for h in ("## What it does", "## Why is this bad?", "## Example")),
                f"rule {code} documentation lacks a section")
    return passed, failed


def detect_framework(source):
    if re.search(r"^\s*(import|from)\s+trio\b", source, re.M):
        return "trio"
    if re.search(r"^\s*(import|from)\s+anyio\b", source, re.M):
        return "anyio"
    return "asyncio"
