#!/usr/bin/env python3
"""Imports a whole corpus of real Python code with Dynamir.

Compiles every .py file of the given source trees (by default the standard
library of the interpreter) with that interpreter, then imports every .pyc in
one dynamir-import-bench process, which verifies each module and, with
--roundtrip, checks that its printed IR parses back and prints identically.
Prints the number of files, code objects, instructions and failures; exits
non-zero on any failure.

Files the interpreter itself refuses to compile (the standard library's
deliberately broken test inputs) are not pycs CPython writes; they are counted
and listed, never imported.

    import-sweep.py --python PY --tool BUILD/bin/dynamir-import-bench \\
        [--source DIR ...] [--source-module MOD ...] [--roundtrip]
"""

import argparse
import os
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import pyccorpus  # noqa: E402


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--python", required=True, help="interpreter that compiles the sources")
    parser.add_argument("--tool", required=True, help="path of dynamir-import-bench")
    parser.add_argument("--source", action="append", default=[],
                        help="source tree to sweep (default: the interpreter's stdlib)")
    parser.add_argument("--source-module", action="append", default=[],
                        help="sweep the package of this module, located with --module-python")
    parser.add_argument("--module-python", default="/usr/bin/python3",
                        help="interpreter that locates --source-module (default: /usr/bin/python3)")
    parser.add_argument("--roundtrip", action="store_true",
                        help="also check that the printed IR parses back identically")
    parser.add_argument("--expect-min-files", type=int, default=1,
                        help="fail if fewer files are compiled (a sweep of nothing is a failure)")
    args = parser.parse_args()

    for tool in (args.python, args.tool):
        if not os.access(tool, os.X_OK):
            sys.exit("error: %s is not an executable" % tool)
    sources = list(args.source)
    for module in args.source_module:
        location = pyccorpus.package_of(module, args.module_python)
        if not location:
            sys.exit("error: %s cannot find the package %s (is it installed?)"
                     % (args.module_python, module))
        sources.append(location)
    if not sources:
        sources = [pyccorpus.stdlib_of(args.python)]
    version = pyccorpus.interpreter_version(args.python)

    with tempfile.TemporaryDirectory(prefix="dynamir-sweep-") as out:
        try:
            count, compiled, rejected = pyccorpus.compile_trees(args.python, sources, out)
        except RuntimeError as e:
            sys.exit("error: %s" % e)
        command = [args.tool, "--files-from", os.path.join(out, "compiled.txt"),
                   "--max-errors", "100"]
        if args.roundtrip:
            command.append("--roundtrip")
        run = subprocess.run(command, capture_output=True, text=True)

    print("Python %s: %d sources in %s" % (version, count, ", ".join(sources)))
    print("not compilable by CPython itself (skipped): %d" % len(rejected))
    for path in rejected:
        print("  " + path)
    sys.stdout.write(run.stdout)
    if run.stderr:
        sys.stdout.write(run.stderr)
    if run.returncode != 0:
        print("FAILED: the sweep found failures (exit status %d)" % run.returncode)
        return 1
    if len(compiled) < args.expect_min_files:
        print("FAILED: only %d files compiled, expected at least %d"
              % (len(compiled), args.expect_min_files))
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
