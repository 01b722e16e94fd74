"""`asyncreview parse` as a command: exit statuses, message format and order, options. One test per
check below."""
import os
import shutil
import tempfile


def write(path, data):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "wb") as f:
        f.write(data.encode() if isinstance(data, str) else data)
    return path


def run(ctx):
    if not os.path.exists(ctx.bin):
        print(f"FAIL parse_cli: {ctx.bin} not built")
        return 0, 1
    tmp = tempfile.mkdtemp(prefix="asyncreview-cli-")
    results = []

    def check(name, cond, detail=""):
        results.append(cond)
        if not cond:
            print(f"FAIL parse_cli: {name} {detail}")

    def parse(*args, cwd=None):
        proc = ctx.run([ctx.bin, "parse", *args], cwd=cwd or tmp, timeout=120)
        return proc.returncode, proc.stdout.decode(errors="replace"), proc.stderr.decode(errors="replace")

    try:
        write(os.path.join(tmp, "proj/a.py"), "async def f():\n    await g()\n")
        write(os.path.join(tmp, "proj/pkg/b.py"), "x = (\n")
        write(os.path.join(tmp, "proj/pkg/c.py"), "def f(:\n    pass\n")
        write(os.path.join(tmp, "proj/z.py"), b"x = '\xff'\n")
        write(os.path.join(tmp, "proj/venv/pyvenv.cfg"), "")
        write(os.path.join(tmp, "proj/venv/lib/bad.py"), "(((\n")
        write(os.path.join(tmp, "proj/.gitignore"), "ignored/\n")
        write(os.path.join(tmp, "proj/ignored/bad.py"), "(((\n")
        write(os.path.join(tmp, "proj/notes.txt"), "(((\n")
        write(os.path.join(tmp, "good/ok.py"), "x = 1\n")
        write(os.path.join(tmp, "script"), "print('no .py suffix')\n")

        rc, out, err = parse("good")
        check("all good: exit 0", rc == 0, f"(exit {rc}, {err})")
        check("all good: no output", out == "", repr(out))

        rc, out, err = parse("proj")
        lines = out.splitlines()
        check("errors: exit 1", rc == 1, f"(exit {rc}, {err})")
        check("errors: one line per bad file, in path order",
              [ln.split(":")[0] for ln in lines] == ["proj/pkg/b.py", "proj/pkg/c.py", "proj/z.py"],
              repr(lines))
        check("errors: FILE:LINE:COL: KIND: MESSAGE",
              all(len(ln.split(":", 4)) == 5 and ln.split(":")[1].isdigit() and ln.split(":")[2].isdigit()
                  for ln in lines), repr(lines))
        check("errors: '(' was never closed", "proj/pkg/b.py:1:5: SyntaxError: '(' was never closed" in lines,
              repr(lines))
        check("errors: Non-UTF-8 message names the file",
              any(ln.startswith("proj/z.py:1:") and "in file proj/z.py on line 1" in ln for ln in lines),
              repr(lines))

        rc, out, err = parse("--quiet", "proj")
        check("--quiet: exit 1, no output", rc == 1 and out == "", repr(out))

        rc, out, err = parse("--jobs", "1", "proj")
        rc4, out4, _ = parse("-j4", "proj")
        check("--jobs: same output whatever the thread count", out == out4 and rc == rc4 == 1)

        rc, out, err = parse("--exclude", "pkg", "proj")
        check("--exclude: directory skipped", rc == 1 and "pkg/" not in out, repr(out))

        rc, out, err = parse("--show-files", "proj", "script")
        check("--show-files: walked files, sorted",
              out.splitlines() == ["proj/a.py", "proj/pkg/b.py", "proj/pkg/c.py", "proj/z.py", "script"],
              repr(out))

        rc, out, err = parse("script")
        check("explicit file without .py is parsed", rc == 0, f"(exit {rc}, {out}{err})")

        rc, out, err = parse("--stats", "--quiet", "good")
        keys = {ln.split(":")[0] for ln in err.splitlines()}
        check("--stats: keys on stderr", {"files", "bytes", "syntax errors", "wall seconds", "throughput",
                                          "peak RSS"} <= keys, repr(err))
        check("--stats: counts", "files: 1" in err and "bytes: 6" in err, repr(err))

        rc, out, err = parse("good", "missing.py")
        check("missing path: exit 2", rc == 2, f"(exit {rc})")
        check("missing path: message", "missing.py: No such file or directory" in err, repr(err))

        rc, out, err = parse()
        check("no path: exit 2", rc == 2)
        rc, out, err = parse("--jobs", "x", "good")
        check("bad --jobs: exit 2", rc == 2 and "invalid number of jobs" in err, repr(err))
        rc, out, err = parse("--frobnicate", "good")
        check("unknown option: exit 2", rc == 2 and "unknown option" in err, repr(err))
        rc, out, err = parse("--help")
        check("--help: exit 0 and usage", rc == 0 and out.startswith("usage: asyncreview parse"))

        os.mkdir(os.path.join(tmp, "emptydir"))
        rc, out, err = parse("emptydir")
        check("empty directory: exit 0", rc == 0 and out == "")
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    passed = sum(1 for r in results if r)
    return passed, len(results) - passed
