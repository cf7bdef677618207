#!/usr/bin/env python3
"""Benchmarks capture: import plus `--dynamir-capture`, per function and per op.

Generates entry functions of several shapes and sizes (straight-line tensor
code, loops over range() that unroll, calls of user functions that inline,
attention-like blocks), compiles them with the given CPython, and runs
dynamir-capture-bench on them: each function is imported and captured in a
fresh MLIRContext, best of --repeat runs, without process start-up. Reports
per function the captured tg ops, the import and capture times and the time
per captured op, then the totals, and the end-to-end time of the command-line
pipeline (dynamir-translate | dynamir-opt, start-up included) for a 100-op
function. Run it on an otherwise idle machine.

With --corpus DIR, it runs over the full-graph cases of the differential
suite in DIR (test/Capture/Differential/Inputs: each module's CASES) instead,
and reports per module and over all of them.

    capture-bench.py --python PY --build BUILD [--repeat N] [--corpus DIR]
"""

import ast
import glob

import argparse
import json
import os
import py_compile
import subprocess
import sys
import tempfile
import time

HEADER = "import torch\nimport torch.nn.functional as F\n\n"


def straight_line(n):
    body = ["def f(x, w):"]
    for i in range(n // 2):
        body.append("    x = torch.relu(x * %d.5 + w)" % (i % 7))
    body.append("    return x")
    return HEADER + "\n".join(body) + "\n", ["f32[8,16]", "f32[16]"]


def loop(n):
    return HEADER + (
        "def f(x, n):\n"
        "    for i in range(n):\n"
        "        x = torch.tanh(x @ x.T) * 0.5 + i\n"
        "    return x\n"), ["f32[8,8]", "int=%d" % max(1, n // 5)]


def inlined(n):
    return HEADER + (
        "def layer(x, w, b, act='relu'):\n"
        "    y = F.linear(x, w, b)\n"
        "    if act == 'relu':\n"
        "        return F.relu(y)\n"
        "    return F.gelu(y)\n\n"
        "def f(x, w, b):\n"
        "    for i in range(%d):\n"
        "        x = layer(x, w, b)\n"
        "        x = layer(x, w, b, act='gelu')\n"
        "    return x.sum(dim=-1)\n") % max(1, n // 4), ["f32[4,16]", "f32[16,16]", "f32[16]"]


def attention(n):
    return HEADER + (
        "def attend(q, k, v):\n"
        "    s = q @ k.transpose(-2, -1) / q.shape[-1] ** 0.5\n"
        "    return F.softmax(s, dim=-1) @ v\n\n"
        "def f(x, wq, wk, wv):\n"
        "    for _ in range(%d):\n"
        "        x = x + attend(x @ wq, x @ wk, x @ wv)\n"
        "    return x\n") % max(1, n // 10), ["f32[2,8,16]", "f32[16,16]", "f32[16,16]",
                                             "f32[16,16]"]


SHAPES = {"straight-line": straight_line, "loop": loop, "inlined": inlined,
          "attention": attention}
SIZES = [10, 100, 1000]


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--python", required=True, help="CPython that compiles the inputs")
    parser.add_argument("--build", required=True, help="Dynamir build directory")
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--corpus", help="the differential suite's Inputs directory")
    args = parser.parse_args()
    bench = os.path.join(args.build, "bin", "dynamir-capture-bench")
    if args.corpus:
        return run_corpus(args, bench)

    with tempfile.TemporaryDirectory() as tmp:
        manifest = []
        for shape, make in SHAPES.items():
            for size in SIZES:
                source, specs = make(size)
                path = os.path.join(tmp, "%s_%d.py" % (shape.replace("-", "_"), size))
                with open(path, "w") as f:
                    f.write(source)
                pyc = path + "c"
                subprocess.run([args.python, "-c",
                                "import py_compile, sys; py_compile.compile(sys.argv[1], "
                                "cfile=sys.argv[2], doraise=True)", path, pyc], check=True)
                manifest.append((shape, size, pyc, specs, path))
        with open(os.path.join(tmp, "manifest"), "w") as f:
            for _, _, pyc, specs, _ in manifest:
                f.write("%s f %s\n" % (pyc, " ".join(specs)))
        out = subprocess.run([bench, os.path.join(tmp, "manifest"), "--repeat",
                              str(args.repeat)], capture_output=True, text=True, check=True)
        results = [json.loads(line) for line in out.stdout.splitlines()]

        print("%-14s %6s %6s %7s %10s %11s %11s %12s" % (
            "shape", "size", "ops", "guards", "bytecode", "import ms", "capture ms",
            "us/op total"))
        total_ops = total_s = 0.0
        for (shape, size, _, _, _), r in zip(manifest, results):
            total = r["import_s"] + r["capture_s"]
            per_op = total / r["ops"] * 1e6 if r["ops"] else float("nan")
            total_ops += r["ops"]
            total_s += total
            print("%-14s %6d %6d %7d %10d %11.3f %11.3f %12.1f" % (
                shape, size, r["ops"], r["guards"], r["instructions"], r["import_s"] * 1e3,
                r["capture_s"] * 1e3, per_op))
        print("all functions: %d captured ops in %.1f ms, %.1f us per op (import included)"
              % (total_ops, total_s * 1e3, total_s / total_ops * 1e6))

        # The command line, process start-up included, on a ~100-op function.
        shape, size, pyc, specs, path = next(m for m in manifest
                                              if m[0] == "straight-line" and m[1] == 100)
        translate = os.path.join(args.build, "bin", "dynamir-translate")
        opt = os.path.join(args.build, "bin", "dynamir-opt")
        best = float("inf")
        for _ in range(args.repeat):
            start = time.perf_counter()
            imported = subprocess.run([translate, "--import-pyc", pyc, "--entry=f"] +
                                      ["--input=" + s for s in specs],
                                      capture_output=True, check=True).stdout
            subprocess.run([opt, "--dynamir-capture", "-o", os.devnull], input=imported,
                           capture_output=True, check=True)
            best = min(best, time.perf_counter() - start)
        print("command line (dynamir-translate | dynamir-opt --dynamir-capture), %s %d: "
              "%.1f ms" % (shape, size, best * 1e3))


def corpus_cases(path):
    """The (entry, specs) of a corpus module's CASES, read without running it."""
    tree = ast.parse(open(path).read(), path)
    for node in tree.body:
        if (isinstance(node, ast.Assign) and len(node.targets) == 1
                and getattr(node.targets[0], "id", None) == "CASES"):
            # A spec's `|domain` only shapes the random data.
            return [(entry, [spec.split("|")[0] for spec in specs])
                    for entry, specs in ast.literal_eval(node.value)]
    return []


def run_corpus(args, bench):
    with tempfile.TemporaryDirectory() as tmp:
        manifest = []
        for path in sorted(glob.glob(os.path.join(args.corpus, "*.py"))):
            cases = corpus_cases(path)
            if not cases:
                continue
            module = os.path.splitext(os.path.basename(path))[0]
            pyc = os.path.join(tmp, module + ".pyc")
            subprocess.run([args.python, "-c",
                            "import py_compile, sys; py_compile.compile(sys.argv[1], "
                            "cfile=sys.argv[2], doraise=True)", path, pyc], check=True)
            for entry, specs in cases:
                manifest.append((module, entry, pyc, specs))
        with open(os.path.join(tmp, "manifest"), "w") as f:
            for _, entry, pyc, specs in manifest:
                f.write("%s %s %s\n" % (pyc, entry, " ".join(specs)))
        out = subprocess.run([bench, os.path.join(tmp, "manifest"), "--repeat",
                              str(args.repeat)], capture_output=True, text=True)
        if out.returncode != 0:
            sys.exit("dynamir-capture-bench failed:\n" + out.stderr)
        results = [json.loads(line) for line in out.stdout.splitlines()]

    print("%-24s %9s %6s %12s %12s %12s" % ("module", "functions", "ops", "total ms",
                                            "max ms", "us/op"))
    modules = {}
    for (module, entry, _, _), r in zip(manifest, results):
        modules.setdefault(module, []).append((entry, r))
    total_ops = total_s = 0.0
    slowest = (0.0, "")
    for module, rows in modules.items():
        ops = sum(r["ops"] for _, r in rows)
        times = [r["import_s"] + r["capture_s"] for _, r in rows]
        total_ops += ops
        total_s += sum(times)
        for (entry, _), t in zip(rows, times):
            slowest = max(slowest, (t, "%s.%s" % (module, entry)))
        print("%-24s %9d %6d %12.1f %12.2f %12.1f" % (
            module, len(rows), ops, sum(times) * 1e3, max(times) * 1e3,
            sum(times) / ops * 1e6 if ops else float("nan")))
    print("all %d functions: %d captured ops in %.1f ms (%.2f ms per function), %.1f us per "
          "op (import included); slowest %s, %.2f ms" % (
              len(manifest), total_ops, total_s * 1e3, total_s / len(manifest) * 1e3,
              total_s / total_ops * 1e6, slowest[1], slowest[0] * 1e3))


if __name__ == "__main__":
    sys.exit(main())
