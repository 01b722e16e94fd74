"""Pathological inputs for `asyncreview parse` (after cmark's pathological tests): each case is generated
in a temporary directory and must give its exact expected outcome (parses, or the expected message on
the right file), never crash (no signal, no sanitizer report), finish in bounded time, and stay under
512 MB of peak RSS (measured per child with wait4; not checked in sanitizer builds). Linux counts the
forking Python process's RSS in a child's peak, so the figure is an upper bound. VERBOSE=1 prints
each case's time and peak RSS."""
import os
import shutil
import stat
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import _crashcheck  # noqa: E402

RSS_LIMIT_MB = 512
NOBODY = 65534


def nested_fstring(depth):
    s = "x"
    for _ in range(depth):
        s = "f'{" + s + "}'"
    return s


def nested_blocks(depth):
    lines = []
    for i in range(depth):
        lines.append(" " * i + "if x:\n")
    lines.append(" " * depth + "pass\n")
    return "".join(lines)


def write(path, data):
    with open(path, "wb") as f:
        f.write(data.encode() if isinstance(data, str) else data)
    return path


def write_big(path, mib):
    """mib MiB of `x = 1\\n` statements, written 1 MiB at a time."""
    line = b"x = 1\n"
    block = line * ((1 << 20) // len(line))
    block += b"#" * ((1 << 20) - len(block) - 1) + b"\n"
    with open(path, "wb") as f:
        for _ in range(mib):
            f.write(block)
    return path


class Case:
    """expect: list of (file, kind, substring) lines; `ok` files must not appear in the output."""

    def __init__(self, name, paths, status, expect=(), ok=(), preexec=None, skip=None, timeout=120):
        self.name = name
        self.paths = paths
        self.status = status
        self.expect = expect
        self.ok = ok
        self.preexec = preexec
        self.skip = skip
        self.timeout = timeout


def drop_to_nobody():
    os.setgid(NOBODY)
    os.setuid(NOBODY)


def make_cases(tmp):
    cases = []

    def f(name, data):
        return write(os.path.join(tmp, name), data)

    p = f("parens.py", "(" * 100_000 + "\n")
    cases.append(Case("100,000 nested '('", [p], 1, [(p, "SyntaxError", "too many nested parentheses")]))

    p = f("brackets.py", "x = " + "[" * 100_000 + "]" * 100_000 + "\n")
    cases.append(Case("100,000 nested '[' closed", [p], 1,
                      [(p, "SyntaxError", "too many nested parentheses")]))

    p = write_big(os.path.join(tmp, "big.py"), 100)
    cases.append(Case("100 MB file", [p], 1,
                      [(p, "error", "file too large (100.0 MB; the limit is 32 MB)")]))

    p = f("nul.py", b"x = 1\ny = 2\x00\nz = 3\n")
    cases.append(Case("NUL bytes", [p], 1,
                      [(p, "SyntaxError", "source code cannot contain null bytes")]))

    p = f("badutf8.py", b"x = 1\ns = '\xff\xfe'\n")
    cases.append(Case("invalid UTF-8", [p], 1, [
        (p, "SyntaxError", f"Non-UTF-8 code starting with '\\xff' in file {p} on line 2, but no "
                           "encoding declared; see https://peps.python.org/pep-0263/ for details")]))

    # a flat 1 MB line must parse; a 1 MB left-nested chain is refused with a clear message, as
    # CPython refuses it too (RecursionError while compiling) rather than building a tree so deep that
    # every later pass over it would need unbounded recursion
    p = f("longlist.py", "x = [" + ", ".join(["1"] * ((1 << 20) // 3)) + "]\n")
    cases.append(Case("1 MB single line (flat list)", [p], 0, ok=[p]))
    p = f("longstr.py", "s = '" + "a" * (1 << 20) + "' + 'b'\n")
    cases.append(Case("1 MB single line (string)", [p], 0, ok=[p]))
    p = f("longline.py", "x = " + " + ".join(["1"] * ((1 << 20) // 4)) + "\n")
    cases.append(Case("1 MB single line (1 + 1 + ...)", [p], 1,
                      [(p, "SyntaxError", "too many nested expressions")]))

    p = f("fstrings.py", nested_fstring(200) + "\n")
    cases.append(Case("f-strings nested 200 deep", [p], 1,
                      [(p, "SyntaxError", "too many nested f-strings")]))

    p = f("nots.py", "x = " + "not " * 100_000 + "y\n")
    cases.append(Case("100,000 nested not", [p], 1,
                      [(p, "SyntaxError", "too many nested expressions")]))

    p = f("minus.py", "x = " + "-" * 100_000 + "1\n")
    cases.append(Case("100,000 nested unary minus", [p], 1,
                      [(p, "SyntaxError", "too many nested expressions")]))

    p = f("blocks.py", nested_blocks(5000))
    cases.append(Case("5,000 nested blocks", [p], 1,
                      [(p, "IndentationError", "too many levels of indentation")]))

    d = os.path.join(tmp, "unreadable")
    os.mkdir(d)
    p = write(os.path.join(d, "secret.py"), "x = 1\n")
    os.chmod(p, 0)
    if os.geteuid() == 0:  # root reads anything: run the check as nobody
        os.chmod(tmp, 0o755)
        os.chmod(d, 0o755)
        cases.append(Case("unreadable file (as nobody)", [p], 1, [(p, "error", "Permission denied")],
                          preexec=drop_to_nobody))
    else:
        cases.append(Case("unreadable file", [p], 1, [(p, "error", "Permission denied")]))

    d = os.path.join(tmp, "looptree")
    os.makedirs(os.path.join(d, "pkg"))
    good = write(os.path.join(d, "pkg", "good.py"), "x = 1\n")
    os.symlink("..", os.path.join(d, "pkg", "up"))
    os.symlink("self", os.path.join(d, "self"))
    cases.append(Case("symlink loop directory", [d], 0,
                      [(os.path.join(d, "pkg", "up"), "warning", "symbolic link loop")], ok=[good]))

    d = os.path.join(tmp, "mixed")
    os.mkdir(d)
    goods = [write(os.path.join(d, "a_good.py"), "async def f():\n    await g()\n"),
             write(os.path.join(d, "m_good.py"), "x = [i for i in range(3)]\n"),
             write(os.path.join(d, "z_good.py"), "pass\n")]
    bad1 = write(os.path.join(d, "b_bad.py"), "def f(:\n    pass\n")
    bad2 = write(os.path.join(d, "c_nul.py"), b"x = 1\x00\n")
    bad3 = write(os.path.join(d, "d_utf8.py"), b"s = '\xc3'\n")
    bad4 = write(os.path.join(d, "e_indent.py"), "if x:\npass\n")
    bad5 = write(os.path.join(d, "f_unclosed.py"), "x = (1,\n")
    cases.append(Case("mixed good and bad files", [d], 1, [
        (bad1, "SyntaxError", ""),
        (bad2, "SyntaxError", "source code cannot contain null bytes"),
        (bad3, "SyntaxError", "Non-UTF-8 code starting with '\\xc3'"),
        (bad4, "IndentationError", "expected an indented block after 'if' statement on line 1"),
        (bad5, "SyntaxError", "'(' was never closed"),
    ], ok=goods))
    return cases


def check(ctx, case):
    try:
        r = _crashcheck.run([ctx.bin, "parse", *case.paths], timeout=case.timeout,
                            preexec_fn=case.preexec)
    except (PermissionError, subprocess.SubprocessError) as exc:
        if case.preexec is None:
            raise
        print(f"note: pathological: {case.name}: skipped, nobody cannot run {ctx.bin} ({exc})")
        return None
    problems = []
    crash = r.crash()
    if crash:
        return [crash]
    if r.returncode != case.status:
        problems.append(f"exit status {r.returncode}, expected {case.status}")
    out = r.stdout.decode(errors="replace")
    lines = out.splitlines()
    for path, kind, sub in case.expect:
        # FILE:LINE:COL: KIND: MESSAGE for syntax errors, FILE: error|warning: MESSAGE otherwise
        want = [ln for ln in lines if ln.startswith(path + ":")
                and (not kind or f" {kind}: " in ln) and sub in ln]
        if not want:
            problems.append(f"no line for {os.path.basename(path)} with {kind!r} and {sub!r}")
    expected_lines = sum(1 for path, kind, _ in case.expect)
    if len(lines) != expected_lines:
        problems.append(f"{len(lines)} output lines, expected {expected_lines}")
    for path in case.ok:
        if any(ln.startswith(path + ":") for ln in lines):
            problems.append(f"{os.path.basename(path)} should parse")
    if not ctx.sanitized and r.maxrss_mb > RSS_LIMIT_MB:
        problems.append(f"peak RSS {r.maxrss_mb:.0f} MB > {RSS_LIMIT_MB} MB")
    if problems:
        problems.append("output: " + out[:400].replace("\n", " | "))
    if os.environ.get("VERBOSE"):
        print(f"  {case.name}: exit {r.returncode}, {r.seconds:.2f} s, peak RSS {r.maxrss_mb:.1f} MB")
    return problems


def run(ctx):
    passed = failed = 0
    if not os.path.exists(ctx.bin):
        print(f"FAIL pathological: {ctx.bin} not built")
        return 0, 1
    tmp = tempfile.mkdtemp(prefix="asyncreview-patho-")
    try:
        for case in make_cases(tmp):
            problems = check(ctx, case)
            if problems is None:
                continue
            if problems:
                failed += 1
                print(f"FAIL pathological: {case.name}: " + "; ".join(problems))
            else:
                passed += 1
    finally:
        for root, dirs, files in os.walk(tmp):
            for name in dirs + files:
                full = os.path.join(root, name)
                if not os.path.islink(full):
                    os.chmod(full, stat.S_IRWXU)
        shutil.rmtree(tmp, ignore_errors=True)
    return passed, failed
