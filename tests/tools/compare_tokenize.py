#!/usr/bin/env python3
"""Compares our tokens (tests/tools/lexdump.c) with Python's own tokenize module over the standard
library of the python3 running this script: kinds, texts and (line, column) positions. Python 3.11's
tokenize keeps an f-string as one STRING, so our FSTRING_START..FSTRING_END runs are compared as one
STRING span. Build the dumper first:

  make build/libasyncreview.a && cc -Isrc -std=c11 -O2 -o build/lexdump tests/tools/lexdump.c \
      build/libasyncreview.a $(pkg-config --libs icu-uc) -lm -pthread
  python3 tests/tools/compare_tokenize.py build/lexdump

The last line is "files ok=N mismatched=N skipped=N" (skipped: files Python's tokenize rejects).
"""
import os, sys, subprocess, tokenize, io, sysconfig
stdlib = sysconfig.get_paths()["stdlib"]
files = []
for root, dirs, fs in os.walk(stdlib):
    if 'site-packages' in root: continue
    for f in fs:
        if f.endswith('.py'): files.append(os.path.join(root, f))
files.sort()
def py_tokens(path):
    with open(path, 'rb') as fh:
        data = fh.read()
    out = []
    toks = list(tokenize.tokenize(io.BytesIO(data).readline))
    for t in toks:
        if t.type in (tokenize.COMMENT, tokenize.NL, tokenize.ENCODING): continue
        if t.type == tokenize.ERRORTOKEN: return None
        name = tokenize.tok_name[t.type]
        if name == 'NEWLINE':
            out.append(f"NEWLINE {t.start[0]} {t.start[1]}")
        elif name in ('ENDMARKER',):
            out.append(name)
        else:
            s = t.string.replace('\\', '\\\\').replace('\n', '\\n')
            if name == 'STRING':
                pre = t.string[:t.string.find(t.string[-1])].lower()
                if 'f' in pre: s = ''
            out.append(f"{name} {t.start[0]} {t.start[1]} {t.end[0]} {t.end[1]} {s}".rstrip())
    return out
def ours(lines):
    out = []
    depth = 0
    for l in lines:
        parts = l.split(' ', 5)
        if parts[0] == 'FSTRING_START':
            if depth == 0: fstart = parts[1:3]
            depth += 1; continue
        if parts[0] == 'FSTRING_END':
            depth -= 1
            if depth == 0: out.append(f"STRING {fstart[0]} {fstart[1]} {parts[3]} {parts[4]}")
            continue
        if depth: continue
        if parts[0] == 'NEWLINE':
            out.append(f"NEWLINE {parts[3]} {parts[4]}")
        elif parts[0] == 'ENDMARKER':
            out.append('ENDMARKER')
        else:
            out.append(l.rstrip() if parts[0] != 'STRING' else l)
    return out
good = skipped = bad = 0
nmis = 0
chunk = []
cands = []
for p in files:
    try:
        pt = py_tokens(p)
    except Exception as e:
        pt = None
    if pt is None:
        skipped += 1; continue
    cands.append((p, pt))
BIN = sys.argv[1]
for i in range(0, len(cands), 200):
    group = cands[i:i+200]
    res = subprocess.run([BIN] + [p for p, _ in group] + (['/dev/null'] if len(group) == 1 else []), capture_output=True, text=True, errors='surrogateescape')
    blocks = {}
    cur = None
    for line in res.stdout.split('\n'):
        if line.startswith('FILE '):
            cur = line[5:]; blocks[cur] = []
        elif line and cur: blocks[cur].append(line)
    for p, pt in group:
        o = ours(blocks.get(p, []))
        if o != pt:
            bad += 1
            # first mismatch
            for k in range(max(len(o), len(pt))):
                a = o[k] if k < len(o) else None; b = pt[k] if k < len(pt) else None
                if a != b:
                    if bad <= 15: print(p, k, '\n  ours:', a, '\n  py:  ', b)
                    break
        else:
            good += 1
print(f"files ok={good} mismatched={bad} skipped={skipped}")
