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

    import-sweep.py --python PY --tool BUILD/bin/dynamir-import-bench \
        [--source DIR ...] [--exclude GLOB ...] [--roundtrip]
"""

import argparse
import os
import subprocess
import sys
import tempfile

# Runs inside the interpreter under test: compiles each source into OUT,
# mirroring the tree, and reports what it could not compile.
COMPILER = r"""
import os, py_compile, sys
out, listing = sys.argv[1], sys.argv[2]
sources = [l.rstrip("\n") for l in open(listing, encoding="utf-8")]
compiled, rejected = [], []
for i, (root, path) in enumerate(s.split("\t") for s in sources):
    rel = os.path.relpath(path, root)
    target = os.path.join(out, str(hash(root) & 0xffff), rel + "c")
    try:
        py_compile.compile(path, cfile=target, dfile=path, doraise=True)
        compiled.append(target)
    except (py_compile.PyCompileError, SyntaxError, ValueError, UnicodeError) as e:
        rejected.append(path)
with open(os.path.join(out, "compiled.txt"), "w") as f:
    f.write("\n".join(compiled) + "\n")
with open(os.path.join(out, "rejected.txt"), "w") as f:
    f.write("\n".join(rejected) + "\n")
print(len(compiled), len(rejected))
"""


def default_sources(python):
    """The interpreter's standard library, without site-packages."""
    out = subprocess.check_output(
        [python, "-I", "-c", "import sysconfig; print(sysconfig.get_paths()['stdlib'])"],
        text=True)
    return [out.strip()]


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
    parser.add_argument("--exclude", action="append", default=["site-packages"],
                        help="path component to skip (default: site-packages)")
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
        found = subprocess.run(
            [args.module_python, "-I", "-c",
             "import importlib.util, sys; s = importlib.util.find_spec(sys.argv[1]); "
             "print(s.submodule_search_locations[0] if s and s.submodule_search_locations else '')",
             module], capture_output=True, text=True)
        location = found.stdout.strip()
        if found.returncode != 0 or not location:
            sys.exit("error: %s cannot find the package %s (is it installed?)"
                     % (args.module_python, module))
        sources.append(location)
    if not sources:
        sources = default_sources(args.python)
    version = subprocess.check_output(
        [args.python, "-I", "-c", "import sys; print('%d.%d.%d' % sys.version_info[:3])"],
        text=True).strip()

    with tempfile.TemporaryDirectory(prefix="dynamir-sweep-") as out:
        listing = os.path.join(out, "sources.txt")
        count = 0
        with open(listing, "w", encoding="utf-8") as f:
            for root in sources:
                if not os.path.isdir(root):
                    sys.exit("error: source tree %s does not exist" % root)
                for dirpath, dirnames, filenames in os.walk(root):
                    dirnames[:] = sorted(d for d in dirnames
                                         if d not in args.exclude and d != "__pycache__")
                    for name in sorted(filenames):
                        if name.endswith(".py"):
                            f.write("%s\t%s\n" % (root, os.path.join(dirpath, name)))
                            count += 1
        result = subprocess.run([args.python, "-I", "-c", COMPILER, out, listing],
                                capture_output=True, text=True)
        if result.returncode != 0:
            sys.exit("error: compiling with %s failed:\n%s" % (args.python, result.stderr))
        with open(os.path.join(out, "rejected.txt")) as f:
            rejected = [l for l in f.read().splitlines() if l]
        with open(os.path.join(out, "compiled.txt")) as f:
            compiled = [l for l in f.read().splitlines() if l]

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
