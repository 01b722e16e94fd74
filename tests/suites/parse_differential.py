"""parse_differential: our parser against CPython 3.11's on every .py file of the standard library.

For each file, `asyncreview dump-ast --batch` must print exactly CPython's
`ast.dump(ast.parse(source_bytes), include_attributes=True)`, or reject the file when CPython does.
CPython's dumps are made in one python3 process (tests/tools/refdump.py) and cached, as SHA-1s,
under build/parse_differential/, keyed by the Python version, refdump.py's own hash and each file's
path, mtime and size. Our side runs in a few batches, two at a time.

Three checks: identical / CPython-accepted >= 99.5%; every file CPython rejects is rejected by us;
no crashes (a file whose dump line is missing: a signal, a sanitizer report, a hang). The numbers
go on one line; the first differing files get an excerpt around the first difference
(tests/tools/diffdump.py FILE shows a whole diff for one file). Under SAN=1 a deterministic sample
of about 300 files is used.
"""
import concurrent.futures
import fnmatch
import hashlib
import json
import os
import re
import subprocess
import sys

THRESHOLD = 0.995
SAMPLE_SANITIZED = 300
CHUNKS = 4
JOBS = 2
SHOW = 10  # differing / rejected files shown in detail
REJECT_RE = re.compile(rb": (SyntaxError|IndentationError|TabError|RecursionError): ")


def stdlib_files():
    root = subprocess.run([sys.executable, "-c", "import sysconfig; print(sysconfig.get_paths()['stdlib'])"],
                          stdout=subprocess.PIPE, check=True, text=True).stdout.strip()
    files = []
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames[:] = sorted(d for d in dirnames if d != "site-packages")
        files.extend(os.path.join(dirpath, f) for f in sorted(filenames) if f.endswith(".py"))
    return root, files


def tool_path(ctx, name):
    return os.path.join(ctx.root, "tests", "tools", name)


def reference(ctx, files):
    """path -> refdump record, from the cache where the file's mtime and size still match."""
    script = tool_path(ctx, "refdump.py")
    with open(script, "rb") as f:
        script_sha = hashlib.sha1(f.read()).hexdigest()[:12]
    cache_dir = os.path.join(ctx.root, "build", "parse_differential")
    os.makedirs(cache_dir, exist_ok=True)
    version = sys.version.split()[0]
    cache_path = os.path.join(cache_dir, f"ref-cpython-{version}-{script_sha}.json")
    cache = {}
    if os.path.exists(cache_path):
        try:
            with open(cache_path) as f:
                cache = json.load(f)
        except (OSError, ValueError):
            cache = {}
    stale = []
    for path in files:
        rec = cache.get(path)
        try:
            st = os.stat(path)
        except OSError:
            continue
        if not rec or rec["mtime_ns"] != st.st_mtime_ns or rec["size"] != st.st_size:
            stale.append(path)
    if stale:
        proc = subprocess.run([sys.executable, script], input="\n".join(stale) + "\n", text=True,
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, timeout=1800)
        if proc.returncode != 0:
            raise RuntimeError(f"refdump.py failed: {proc.stderr.strip()[-500:]}")
        for line in proc.stdout.splitlines():
            rec = json.loads(line)
            cache[rec["path"]] = rec
        tmp = cache_path + ".tmp"
        with open(tmp, "w") as f:
            json.dump(cache, f)
        os.replace(tmp, cache_path)
        for name in os.listdir(cache_dir):  # caches of other Python versions or refdump.py versions
            if name.startswith("ref-cpython-") and name.endswith(".json") and name != os.path.basename(cache_path):
                os.remove(os.path.join(cache_dir, name))
    return {p: cache[p] for p in files if p in cache}


def run_batch(ctx, files, timeout):
    """Runs dump-ast --batch over files; returns {path: ("ok", sha1) | ("rejected", msg) |
    ("crash", why)}. A file whose header is printed without a result line crashed (a signal, a
    sanitizer report) or hung; the files after it run in a fresh process."""
    results = {}
    todo = list(files)
    while todo:
        proc = subprocess.Popen([ctx.bin, "dump-ast", "--batch", *todo], stdout=subprocess.PIPE,
                                stderr=subprocess.PIPE, cwd=ctx.root)
        try:
            out, err = proc.communicate(timeout=timeout)
            hung = False
        except subprocess.TimeoutExpired:
            proc.kill()
            out, err = proc.communicate()
            hung = True
        tail = " / ".join(err.decode("utf-8", "replace").strip().splitlines()[-3:])
        current, last = None, -1
        for line in out.split(b"\n")[:-1]:  # complete lines only: a dying process may leave half a line
            if line.startswith(b"==> "):
                current = line[4:].decode("utf-8", "surrogateescape")
                last += 1
                continue
            if current is None:
                continue
            if not line.startswith(b"!! "):
                results[current] = ("ok", hashlib.sha1(line).hexdigest())
            elif REJECT_RE.search(line):
                results[current] = ("rejected", line[3:].decode("utf-8", "replace"))
            else:
                results[current] = ("crash", line[3:].decode("utf-8", "replace"))
            current = None
        bad_exit = hung or proc.returncode not in (0, 1, 2)
        if current is not None:  # died or hung on this file
            why = f"no result after {timeout}s" if hung else f"exit status {proc.returncode}: {tail}"
            results[current] = ("crash", why[:300])
            todo = todo[last + 1:]
        elif last == len(todo) - 1:  # all printed; a bad exit (a leak report at exit...) goes to the last
            if bad_exit:
                results[todo[-1]] = ("crash", f"exit status {proc.returncode} after the last file: {tail}"[:300])
            todo = []
        elif last < 0:  # nothing printed at all
            for path in todo:
                results[path] = ("crash", f"no output (exit status {proc.returncode}: {tail})"[:300])
            todo = []
        else:  # died between files: while cleaning up after the last one, most likely
            results[todo[last]] = ("crash", f"exit status {proc.returncode} after this file: {tail}"[:300])
            todo = todo[last + 1:]
    return results


OUR_ERROR_RE = re.compile(r"^.*:(\d+):(\d+): (\w+): (.*)$")


def error_matches(ours, ref):
    """Whether our one-line error has CPython's kind, message, line and column."""
    m = OUR_ERROR_RE.match(ours)
    return bool(m) and "msg" in ref and (int(m.group(1)), int(m.group(2)), m.group(3), m.group(4)) == \
        (ref["lineno"], ref["offset"] or 0, ref["kind"], ref["msg"])


def first_difference(ours, ref, width=70):
    """(index, our excerpt, CPython's excerpt, line hint) around the first differing character."""
    n = min(len(ours), len(ref))
    i = next((k for k in range(n) if ours[k] != ref[k]), n)
    lo = max(0, i - width)
    m = re.compile(r"lineno=(\d+)").search(ref, i)
    hint = f"near line {m.group(1)}" if m else ""
    return i, ours[lo:i + width], ref[lo:i + width], hint


def show_differences(ctx, paths):
    proc = subprocess.run([sys.executable, tool_path(ctx, "refdump.py"), "--full"], input="\n".join(paths) + "\n",
                          text=True, stdout=subprocess.PIPE, stderr=subprocess.PIPE, timeout=600)
    refs = {}
    for line in proc.stdout.splitlines():
        rec = json.loads(line)
        refs[rec["path"]] = rec.get("dump", "")
    for path in paths:
        ours = subprocess.run([ctx.bin, "dump-ast", path], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                              timeout=600).stdout.decode("utf-8", "replace").rstrip("\n")
        i, mine, theirs, hint = first_difference(ours, refs.get(path, ""))
        print(f"DIFF {path}: first difference at char {i} {hint}\n"
              f"    ours:    ...{mine}...\n    cpython: ...{theirs}...")


# Snippets compared with this python3 (3.11) the same way: the corners the stdlib rarely reaches,
# above all 3.11's f-string positions (see src/parse/dump.h) and literal reprs.
SNIPPETS_311 = [
    "f'a{x}b'\n",
    "x = f'{x} {x}'\n",
    "'a' f'{x}'\n",
    "f'{x:>{w}}'\n",
    "f'{x=}'\nf'{x = !r:>10}'\nf'{x=!s:{y}}'\nf'{x=:>{y}}'\nf'{x=!a}'\n",
    "f'{f\"{y}\"}'\n",
    "f'''\n{x}\n{  y  }'''\n",
    "('a'\n f'{x}' 'b')\n",
    "f'{x:}'\nf'{x!r}'\nf'{{}}{x}}}'\n",
    "f'\u00e9{x}' + f'{\u00e9}\u00e9'\n",
    "('a'\n f'{x:{y}}' f'{z:>3}' 'b')\n",
    "f'{x:>3}' f'{f\"{y:{z}}\":3}'\n",
    "f'''{x!r}\n''' f'{y:{z}}'\n",
    "u'a' f'{x}'\nf'a' u'b'\nf''\n'' f''\nf'{x}' ''\nf'{x:{y}}' ''\n",
    "f'{ (x) }' f'{x:a{y}b}' ' '\n",
    "f'{(lambda: 1)()}' f\"{ {'a': 1}['a'] }\" f\"{'a'}\"\n",
    "f'{x!a:{y}.{z}}'\nrf'\\d{x}' fr'{x}\\n'\n",
    "f'''{\nx\n+ y}'''\n",
    "x = 1; f'{x}' \\\n f'{y}'\n",
    "async def f():\n    return f'{await x:{await y}}'\n",
    "0; 00; 1_000; 0xFF; 0XdeadBEEF; 0o17; 0B1_0; 123456789012345678901234567890; 0x" + "f" * 40 + "\n",
    "1.0; 1e16; 1e15; 1e-5; .5; 1_0.0_1; 1e400; 0.1; 5e-324; 1.7976931348623157e308; 123e-310\n",
    "1j; 1.5J; 1e400j; 0j; 1e16j; 10j\n",
    "'\\x00\\n\\t\\'\"'; '\\ud800'; '\\N{EM DASH}'; u'x'; b'\\xff\\x00\\'\"'; rb'\\d'; 'a' 'b'\n",
    "'''multi\nline'''; '\\u2028\\xa0\\xad\\u3000'; '\\U0001f600\\U000e0001\\U0010ffff'; \"it's\"\n",
    "b'a' b'b'; ...; None; True; False; -1; ~x; not x; +x\n",
    "async def f(a, /, b=1, *c, d, e=2, **g):\n    async with a as b, c:\n        async for x in y:\n"
    "            await z\n    return [i async for i in x if i]\n",
    "match x:\n    case 1 | 2: pass\n    case [a, *rest]: pass\n    case {'k': v, **kw}: pass\n"
    "    case Point(x=0, y=yy) as p if p: pass\n    case None | True | False: pass\n"
    "    case -1 | 1+2j | 'a' 'b': pass\n    case (a, b,): pass\n    case _: pass\n",
    "try:\n    pass\nexcept* ValueError as e:\n    pass\nexcept* (A, B):\n    raise X from e\nelse:\n"
    "    pass\nfinally:\n    del a, b[0], c.d\n",
    "@dec\n@dec2(1)\nclass C(B, metaclass=M, **kw):\n    x: int = 1\n    y: 'str'\n    (z): int\n"
    "    global g\n    def m(self, *, k): nonlocal n; yield; yield x; yield from y\n",
    "from . import a as b, c\nfrom ..m import *\nimport os.path as p, sys\nassert x, 'msg'\n"
    "with (open(a) as f, open(b) as g):\n    pass\n",
    "a[1:2, ::3, ...]; a[:]; a[x:=1]; (y := 2); f(*a, **k, x=1); {**a, 'b': 1}; {1, *s}\n"
    "x = y = z; x += 1; x @= m; a, *b = c; [a, b] = c; lambda: 0; lambda *a, **k: 0; a if b else c\n"
    "a < b <= c != d is not e not in f; a and b or c; {k: v for k, v in d}; (x for x in y for z in x)\n",
    "if a:\n    pass\nelif b:\n    pass\nelse:\n    pass\nwhile x:\n    break\nelse:\n    continue\n"
    "for i, in x:\n    pass\nelse:\n    pass\n",
    "\ufeff# coding: utf-8\nx = '\u00e9\u00e9\u00e9'; y = '\u20ac'  # comment\n",
    "# -*- coding: latin-1 -*-\nx = '\xe9'\n",
    "x = (1 +\n     2)\ndef \u00e9t\u00e9(\u00e9): return \u00e9 + \ufb01\n",
    "x = 1\r\ny = 2\r\nif x:\r\n    z = 3\r\n",
    "if True:\n\tx = 1\n\tif x:\n\t\ty = 2\n",
    "def f(\n    a,\n    b,\n):\n    '''doc'''\n",
    "x = 1 if y else 2 # trailing comment without newline",
    "\n\n\n",
    "",
    "def f(x):\n  return (yield)\n",
    "print(*[1], sep='')\n@property\ndef f(): ...\n",
    "x = (\n  1, # one\n  2, \\\n  3)\n",
    "def f():\n    x = 1\n\n  # dedented comment\n    return x\n",
    "f'{x}' 'a' f'{y!r}' \\\n  'b{c}' f'{z:{w}>{v}}'\n",
    # kind='u' on an f-string's Constants follows the first piece's prefix
    "u'a' f'{x:a{y}b}c'\nu'' f'{x}a'\nf'' u'a'\nU'a' f'{x}'\n(fR'a{x}'\n u'b')\nu'a' 'b'\n'a' u'b'\n",
    # a bare tuple in a replacement field spans the braces (3.11 parsed "(" + text + ")")
    "x = f'{a, b}' f'{c,}' f'{*a,}' f'{a, b!r:{c, d}}' f'{a, b = }' f'{(a), (b)}' f'{(a, b)}' f'{ (a, b) }'\n",
    "x = (f'''a\n  {a, b}''')\nx = f'''{\na, b}'''\nx = f'''ab\n{\na, b}'''\nx = f'''{  \n  a,\n b\n }'''\n"
    "x = ('a'\n  f'{a, b}')\nx = ('a' f'''{\n a, b}''')\n",
]

# Syntax newer than 3.11, with what CPython prints for it (3.13's ast.dump(..., show_empty=True): 3.11's
# format, except that functions and classes always carry type_params; these all have some).
SNIPPETS_NEWER = [
    ("type X[T: int = str, *Ts = int, **P = [int]] = list[T]\n",
     "Module(body=[TypeAlias(name=Name(id='X', ctx=Store(), lineno=1, col_offset=5, end_lineno=1, end_col_offset=6), type_params=[TypeVar(name='T', bound=Name(id='int', ctx=Load(), lineno=1, col_offset=10, end_lineno=1, end_col_offset=13), default_value=Name(id='str', ctx=Load(), lineno=1, col_offset=16, end_lineno=1, end_col_offset=19), lineno=1, col_offset=7, end_lineno=1, end_col_offset=19), TypeVarTuple(name='Ts', default_value=Name(id='int', ctx=Load(), lineno=1, col_offset=27, end_lineno=1, end_col_offset=30), lineno=1, col_offset=21, end_lineno=1, end_col_offset=30), ParamSpec(name='P', default_value=List(elts=[Name(id='int', ctx=Load(), lineno=1, col_offset=39, end_lineno=1, end_col_offset=42)], ctx=Load(), lineno=1, col_offset=38, end_lineno=1, end_col_offset=43), lineno=1, col_offset=32, end_lineno=1, end_col_offset=43)], value=Subscript(value=Name(id='list', ctx=Load(), lineno=1, col_offset=47, end_lineno=1, end_col_offset=51), slice=Name(id='T', ctx=Load(), lineno=1, col_offset=52, end_lineno=1, end_col_offset=53), ctx=Load(), lineno=1, col_offset=47, end_lineno=1, end_col_offset=54), lineno=1, col_offset=0, end_lineno=1, end_col_offset=54)], type_ignores=[])"),  # noqa: E501
    ("type A = int\n",
     "Module(body=[TypeAlias(name=Name(id='A', ctx=Store(), lineno=1, col_offset=5, end_lineno=1, end_col_offset=6), type_params=[], value=Name(id='int', ctx=Load(), lineno=1, col_offset=9, end_lineno=1, end_col_offset=12), lineno=1, col_offset=0, end_lineno=1, end_col_offset=12)], type_ignores=[])"),  # noqa: E501
    ("def f[T, *Ts, **P](x: T) -> T:\n    return x\n",
     "Module(body=[FunctionDef(name='f', args=arguments(posonlyargs=[], args=[arg(arg='x', annotation=Name(id='T', ctx=Load(), lineno=1, col_offset=22, end_lineno=1, end_col_offset=23), lineno=1, col_offset=19, end_lineno=1, end_col_offset=23)], kwonlyargs=[], kw_defaults=[], defaults=[]), body=[Return(value=Name(id='x', ctx=Load(), lineno=2, col_offset=11, end_lineno=2, end_col_offset=12), lineno=2, col_offset=4, end_lineno=2, end_col_offset=12)], decorator_list=[], returns=Name(id='T', ctx=Load(), lineno=1, col_offset=28, end_lineno=1, end_col_offset=29), type_params=[TypeVar(name='T', lineno=1, col_offset=6, end_lineno=1, end_col_offset=7), TypeVarTuple(name='Ts', lineno=1, col_offset=9, end_lineno=1, end_col_offset=12), ParamSpec(name='P', lineno=1, col_offset=14, end_lineno=1, end_col_offset=17)], lineno=1, col_offset=0, end_lineno=2, end_col_offset=12)], type_ignores=[])"),  # noqa: E501
    ("class C[T: (int, str)](B, metaclass=M):\n    async def m[U](self): pass\n",
     "Module(body=[ClassDef(name='C', bases=[Name(id='B', ctx=Load(), lineno=1, col_offset=23, end_lineno=1, end_col_offset=24)], keywords=[keyword(arg='metaclass', value=Name(id='M', ctx=Load(), lineno=1, col_offset=36, end_lineno=1, end_col_offset=37), lineno=1, col_offset=26, end_lineno=1, end_col_offset=37)], body=[AsyncFunctionDef(name='m', args=arguments(posonlyargs=[], args=[arg(arg='self', lineno=2, col_offset=19, end_lineno=2, end_col_offset=23)], kwonlyargs=[], kw_defaults=[], defaults=[]), body=[Pass(lineno=2, col_offset=26, end_lineno=2, end_col_offset=30)], decorator_list=[], type_params=[TypeVar(name='U', lineno=2, col_offset=16, end_lineno=2, end_col_offset=17)], lineno=2, col_offset=4, end_lineno=2, end_col_offset=30)], decorator_list=[], type_params=[TypeVar(name='T', bound=Tuple(elts=[Name(id='int', ctx=Load(), lineno=1, col_offset=12, end_lineno=1, end_col_offset=15), Name(id='str', ctx=Load(), lineno=1, col_offset=17, end_lineno=1, end_col_offset=20)], ctx=Load(), lineno=1, col_offset=11, end_lineno=1, end_col_offset=21), lineno=1, col_offset=8, end_lineno=1, end_col_offset=21)], lineno=1, col_offset=0, end_lineno=2, end_col_offset=30)], type_ignores=[])"),  # noqa: E501
    # PEP 750 (3.14): no such CPython here, so only the shape is checked (a glob pattern)
    ("t'a{x!r:>3}'\n",
     "*TemplateStr(values=[Constant(value='a', *Interpolation(value=Name(id='x', ctx=Load(), *"
     "str='x', conversion=114, format_spec=JoinedStr(values=[Constant(value='>3', *"),
]


def write_snippets(ctx, snippets):
    d = os.path.join(ctx.root, "build", "parse_differential", "snippets")
    os.makedirs(d, exist_ok=True)
    paths = []
    for i, src in enumerate(snippets):
        path = os.path.join(d, f"snippet_{i:03d}.py")
        data = src.encode("latin-1") if "coding: latin-1" in src else src.encode("utf-8")
        with open(path, "wb") as f:
            f.write(data)
        paths.append(path)
    return paths


def check_snippets(ctx):
    """(snippets that do not dump as CPython does, snippets), printing each mismatch."""
    sources = SNIPPETS_311 + [src for src, _ in SNIPPETS_NEWER]
    paths = write_snippets(ctx, sources)
    n311 = len(SNIPPETS_311)
    proc = subprocess.run([sys.executable, tool_path(ctx, "refdump.py"), "--full"],
                          input="\n".join(paths[:n311]) + "\n", text=True, stdout=subprocess.PIPE,
                          stderr=subprocess.PIPE, timeout=600)
    expected = {}
    for line in proc.stdout.splitlines():
        rec = json.loads(line)
        expected[rec["path"]] = rec.get("dump") if rec["ok"] else None
    for path, (_, want) in zip(paths[n311:], SNIPPETS_NEWER):
        expected[path] = want
    bad = 0
    for path, src in zip(paths, sources):
        proc = subprocess.run([ctx.bin, "dump-ast", path], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                              timeout=120)
        err = proc.stderr.decode("utf-8", "replace").strip()
        got = proc.stdout.decode("utf-8", "replace").rstrip("\n") if proc.returncode == 0 else None
        want = expected.get(path)
        if proc.returncode not in (0, 1) or (proc.returncode == 1 and not REJECT_RE.search(proc.stderr)):
            ok, why = False, f"exit status {proc.returncode}: {err[-200:]}"
        elif want is None or got is None:
            ok = want is None and got is None
            why = f"CPython {'rejects' if want is None else 'accepts'}, we " + ("accept" if got is not None else "say " + err)
        elif want.startswith("*"):
            ok, why = fnmatch.fnmatchcase(got, want), f"shape differs: {got[:300]}"
        else:
            ok = got == want
            i, mine, theirs, hint = first_difference(got, want, 50)
            why = f"first difference at char {i} {hint}: ours ...{mine}... cpython ...{theirs}..."
        if not ok:
            bad += 1
            print(f"SNIPPET {os.path.basename(path)} {src[:50]!r}: {why}")
    return bad, len(paths)


def run(ctx):
    if sys.version_info[:2] != (3, 11):
        print(f"FAIL parse_differential: needs CPython 3.11 as python3 (this is {sys.version.split()[0]}); stopping")
        return 0, 1
    if not os.access(ctx.bin, os.X_OK):
        print(f"FAIL parse_differential: {ctx.bin} not built")
        return 0, 1
    root, files = stdlib_files()
    note = ""
    if ctx.sanitized:
        step = max(1, -(-len(files) // SAMPLE_SANITIZED))  # ceil
        files = files[::step]
        note = f" (sanitized build: every {step}th file, {len(files)} of the stdlib)"
    refs = reference(ctx, files)
    files = [p for p in files if p in refs]

    chunks = [files[i::CHUNKS] for i in range(CHUNKS)]
    timeout = 1800 if ctx.sanitized else 600
    ours = {}
    with concurrent.futures.ThreadPoolExecutor(max_workers=JOBS) as pool:
        for res in pool.map(lambda chunk: run_batch(ctx, chunk, timeout), [c for c in chunks if c]):
            ours.update(res)

    identical, differing, both_rejected, we_rejected, we_accepted, crashes = [], [], [], [], [], []
    for path in files:
        ref = refs[path]
        kind, detail = ours.get(path, ("crash", "no result"))
        if kind == "crash":
            crashes.append((path, detail))
        elif ref["ok"] and kind == "ok":
            (identical if detail == ref["sha1"] else differing).append(path)
        elif ref["ok"]:
            we_rejected.append((path, detail))
        elif kind == "ok":
            we_accepted.append((path, ref["error"]))
        else:
            both_rejected.append(path)
    accepted = len(identical) + len(differing) + len(we_rejected) + sum(1 for p, _ in crashes if refs[p]["ok"])
    ratio = len(identical) / accepted if accepted else 0.0

    for path, detail in crashes[:SHOW]:
        print(f"CRASH {path}: {detail}")
    for path, error in we_accepted[:SHOW]:
        print(f"ACCEPTED {path}: CPython rejects it ({error})")
    for path, detail in we_rejected[:SHOW]:
        print(f"REJECTED {path}: CPython accepts it; we say {detail}")
    if differing:
        show_differences(ctx, differing[:SHOW])
    same_error = [p for p in both_rejected if error_matches(ours[p][1], refs[p])]
    print(f"parse_differential: {len(files)} stdlib files{note}, CPython {sys.version.split()[0]}: "
          f"{len(identical)} identical, {len(differing)} differing, {len(both_rejected)} both-rejected, "
          f"{len(we_rejected)} we-rejected-CPython-accepted, {len(we_accepted)} we-accepted-CPython-rejected, "
          f"{len(crashes)} crashes; identical/CPython-accepted = {100 * ratio:.2f}% ({len(identical)}/{accepted})")
    print(f"parse_differential: both-rejected with CPython's kind, message, line and column: "
          f"{len(same_error)}/{len(both_rejected)} (informational)")

    bad_snippets, nsnippets = check_snippets(ctx)
    print(f"parse_differential: snippets: {nsnippets - bad_snippets}/{nsnippets} identical")

    checks = [
        (bad_snippets == 0, f"{bad_snippets} of {nsnippets} snippets differ"),
        (ratio >= THRESHOLD, f"identical/CPython-accepted {100 * ratio:.2f}% < {100 * THRESHOLD:.1f}%"),
        (not we_accepted, f"{len(we_accepted)} files CPython rejects were accepted"),
        (not crashes, f"{len(crashes)} crashes"),
    ]
    failed = 0
    for ok, why in checks:
        if not ok:
            print(f"FAIL parse_differential: {why}")
            failed += 1
    return len(checks) - failed, failed
