#!/usr/bin/env python3
"""Compiles Python sources into a libFuzzer seed corpus of real pycs.

Run with the interpreter whose pycs are wanted:

    python3.12 make-seed-corpus.py OUTDIR PREFIX SOURCE.py ...

Sources the interpreter cannot compile (newer syntax) are skipped; having no
seed at all is an error.
"""
import os
import py_compile
import sys

out, prefix, sources = sys.argv[1], sys.argv[2], sys.argv[3:]
os.makedirs(out, exist_ok=True)
written = 0
for source in sources:
    target = os.path.join(out, "%s-%s.pyc" % (prefix, os.path.basename(source)[:-3]))
    try:
        py_compile.compile(source, cfile=target, doraise=True)
        written += 1
    except py_compile.PyCompileError:
        pass
if not written:
    sys.exit("error: no seed compiled")
print("%d seeds" % written)
