"""Compiling a tree of Python sources into pycs with a given interpreter.

Shared by utils/import-sweep.py and utils/bench/import-bench.py. The sources
are compiled by the interpreter under test (never by the one running this
module), mirroring each tree under an output directory.
"""

import os
import subprocess

# Runs inside the interpreter under test.
_COMPILER = r"""
import os, py_compile, sys
out, listing = sys.argv[1], sys.argv[2]
compiled, rejected = [], []
for line in open(listing, encoding="utf-8"):
    tree, root, path = line.rstrip("\n").split("\t")
    target = os.path.join(out, "tree" + tree, os.path.relpath(path, root) + "c")
    try:
        py_compile.compile(path, cfile=target, dfile=path, doraise=True)
        compiled.append(target)
    except (py_compile.PyCompileError, SyntaxError, ValueError, UnicodeError):
        rejected.append(path)
with open(os.path.join(out, "compiled.txt"), "w") as f:
    f.write("".join(p + "\n" for p in compiled))
with open(os.path.join(out, "rejected.txt"), "w") as f:
    f.write("".join(p + "\n" for p in rejected))
"""


def interpreter_version(python):
    return subprocess.check_output(
        [python, "-I", "-c", "import sys; print('%d.%d.%d' % sys.version_info[:3])"],
        text=True).strip()


def stdlib_of(python):
    """The interpreter's standard library directory."""
    return subprocess.check_output(
        [python, "-I", "-c", "import sysconfig; print(sysconfig.get_paths()['stdlib'])"],
        text=True).strip()


def package_of(module, python):
    """The directory of package `module` as `python` finds it, or None."""
    found = subprocess.run(
        [python, "-I", "-c",
         "import importlib.util, sys; s = importlib.util.find_spec(sys.argv[1]); "
         "print(s.submodule_search_locations[0] if s and s.submodule_search_locations else '')",
         module], capture_output=True, text=True)
    location = found.stdout.strip()
    return location if found.returncode == 0 and location else None


def compile_trees(python, sources, out, exclude=("site-packages",)):
    """Compiles every .py under `sources` with `python` into `out`.

    Returns (number of sources, compiled pyc paths, sources the interpreter
    refused to compile). Raises RuntimeError when the interpreter fails.
    """
    listing = os.path.join(out, "sources.txt")
    count = 0
    with open(listing, "w", encoding="utf-8") as f:
        for tree, root in enumerate(sources):
            if not os.path.isdir(root):
                raise RuntimeError("source tree %s does not exist" % root)
            for dirpath, dirnames, filenames in os.walk(root):
                dirnames[:] = sorted(d for d in dirnames
                                     if d not in exclude and d != "__pycache__")
                for name in sorted(filenames):
                    if name.endswith(".py"):
                        f.write("%d\t%s\t%s\n" % (tree, root, os.path.join(dirpath, name)))
                        count += 1
    result = subprocess.run([python, "-I", "-c", _COMPILER, out, listing],
                            capture_output=True, text=True)
    if result.returncode != 0:
        raise RuntimeError("compiling with %s failed:\n%s" % (python, result.stderr))
    with open(os.path.join(out, "compiled.txt")) as f:
        compiled = f.read().splitlines()
    with open(os.path.join(out, "rejected.txt")) as f:
        rejected = f.read().splitlines()
    return count, compiled, rejected
