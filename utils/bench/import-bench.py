#!/usr/bin/env python3
"""Benchmarks the pyc importer against CPython's own bytecode reading.

In one invocation, on the same pycs (the standard library of the given
interpreter, compiled by it):

  * CPython: `marshal.loads` of every file and `dis.get_instructions` over
    every code object, timed inside the interpreter;
  * Dynamir: dynamir-import-bench importing every file into py IR (not
    verified, not printed), on one thread with a fresh MLIRContext per file
    (what a compiler run per module does), with a context per 8 files (a
    batch import: dialects loaded once per batch, uniquer tables kept small),
    and with one context for all files; and on every core (files are
    independent);
  * end-to-end `dynamir-translate --import-pyc F -o OUT` on the largest files,
    text output included, and its start-up time on an empty module.

Each throughput figure is the median of --repeats rounds, each of which runs
CPython and then every Dynamir configuration once, with the fastest and
slowest beside it: one run of either side moves by several percent on a
shared machine. Reports instructions per second for both and their ratio,
peak memory, and the per-file times. Wall-clock figures: run it on an
otherwise idle machine.

    import-bench.py --python PY --build BUILD [--repeats N] [--largest N] [--runs N]
"""

import argparse
import collections
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
import pyccorpus  # noqa: E402

# Runs inside the reference interpreter.
CPYTHON_READER = r"""
import dis, marshal, sys, time, types
paths = [l.rstrip("\n") for l in open(sys.argv[1])]
blobs = [open(p, "rb").read()[16:] for p in paths]
def count(code):
    n = sum(1 for _ in dis.get_instructions(code))
    for const in code.co_consts:
        if isinstance(const, types.CodeType):
            n += count(const)
    return n
start = time.perf_counter()
instructions = sum(count(marshal.loads(blob)) for blob in blobs)
print(instructions, time.perf_counter() - start)
"""


BenchRun = collections.namedtuple("BenchRun", "instructions seconds rss allocator")


def run_dynamir_bench(tool, files, files_per_context, jobs=1):
    out = subprocess.run([tool, "--files-from", files, "--verify=false",
                          "--files-per-context=%d" % files_per_context,
                          "--jobs=%d" % jobs],
                         capture_output=True, text=True)
    if out.returncode != 0:
        sys.exit("error: dynamir-import-bench failed:\n" + out.stdout + out.stderr)
    stats = {}
    for line in out.stdout.splitlines():
        key, _, value = line.partition(": ")
        stats[key] = value
    return BenchRun(int(stats["instructions"]), float(stats["seconds"]),
                    float(stats["peak RSS MiB"]), stats["allocator"])


def best_wall_time(command, runs):
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        result = subprocess.run(command, capture_output=True)
        times.append(time.perf_counter() - start)
        if result.returncode != 0:
            sys.exit("error: %s failed:\n%s" % (" ".join(command), result.stderr.decode()))
    return min(times), statistics.median(times)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--python", required=True, help="reference interpreter (3.12 for the target)")
    parser.add_argument("--build", required=True, help="Dynamir build directory")
    parser.add_argument("--largest", type=int, default=5, help="end-to-end runs on the N largest files")
    parser.add_argument("--repeats", type=int, default=3,
                        help="runs of each throughput measurement, CPython's included (median reported)")
    parser.add_argument("--runs", type=int, default=5, help="repetitions of each end-to-end command")
    args = parser.parse_args()

    bench = os.path.join(args.build, "bin", "dynamir-import-bench")
    translate = os.path.join(args.build, "bin", "dynamir-translate")
    version = pyccorpus.interpreter_version(args.python)
    with tempfile.TemporaryDirectory(prefix="dynamir-bench-") as out:
        count, compiled, rejected = pyccorpus.compile_trees(
            args.python, [pyccorpus.stdlib_of(args.python)], out)
        files = os.path.join(out, "compiled.txt")
        print("corpus: standard library of Python %s, %d pycs (%d sources, %d "
              "refused by CPython)" % (version, len(compiled), count, len(rejected)))

        configurations = [
            ("one thread, a context per file", 1, 1),
            ("one thread, a context per 8 files", 8, 1),
            ("one thread, one shared context", 0, 1),
        ]
        cores = os.cpu_count() or 1
        if cores > 1:
            configurations.append(("%d threads, a context per file" % cores, 1, cores))
            configurations.append(("%d threads, a context per 8 files" % cores, 8, cores))

        # Rounds interleave the two sides, so that a machine that slows down
        # during the run slows both.
        repeats = max(args.repeats, 1)
        ref_times = []
        results = {name: [] for name, _, _ in configurations}
        for _ in range(repeats):
            ref = subprocess.run([args.python, "-I", "-c", CPYTHON_READER, files],
                                 capture_output=True, text=True, check=True).stdout.split()
            ref_instructions = int(ref[0])
            ref_times.append(float(ref[1]))
            for name, files_per_context, jobs in configurations:
                results[name].append(run_dynamir_bench(bench, files, files_per_context, jobs))

        ref_seconds = statistics.median(ref_times)
        ref_rate = ref_instructions / ref_seconds
        print("\nCPython %s marshal.loads + dis.get_instructions, median of %d: %d "
              "instructions in %.2f s (%.2f-%.2f) = %.0f instructions/s"
              % (version, repeats, ref_instructions, ref_seconds, min(ref_times),
                 max(ref_times), ref_rate))
        for name, _, _ in configurations:
            runs = results[name]
            instructions, allocator = runs[0].instructions, runs[0].allocator
            times = [run.seconds for run in runs]
            seconds = statistics.median(times)
            rate = instructions / seconds
            print("Dynamir import, %s: %d instructions in %.2f s (%.2f-%.2f) = %.0f "
                  "instructions/s, %.1fx CPython (time ratio %.1fx, %.1f-%.1fx), "
                  "peak RSS %.0f MiB, %s"
                  % (name, instructions, seconds, min(times), max(times), rate,
                     rate / ref_rate, ref_seconds / seconds, min(ref_times) / max(times),
                     max(ref_times) / min(times), max(run.rss for run in runs), allocator))

        largest = sorted(compiled, key=os.path.getsize, reverse=True)[:args.largest]
        print("\nend to end, dynamir-translate --import-pyc F -o OUT (text output), "
              "best/median of %d:" % args.runs)
        for path in largest:
            ir = os.path.join(out, "out.mlir")
            best, median = best_wall_time([translate, "--import-pyc", path, "-o", ir], args.runs)
            print("  %-60s %7.1f KiB pyc -> %7.1f KiB IR: %6.1f / %6.1f ms"
                  % (os.path.relpath(path, out), os.path.getsize(path) / 1024,
                     os.path.getsize(ir) / 1024, best * 1e3, median * 1e3))

        empty_py = os.path.join(out, "empty.py")
        open(empty_py, "w").close()
        empty_pyc = os.path.join(out, "empty.pyc")
        subprocess.run([args.python, "-I", "-c",
                        "import py_compile, sys; py_compile.compile(sys.argv[1], cfile=sys.argv[2])",
                        empty_py, empty_pyc], check=True)
        best, median = best_wall_time(
            [translate, "--import-pyc", empty_pyc, "-o", os.path.join(out, "empty.mlir")],
            max(args.runs, 20))
        print("\nstart-up, dynamir-translate --import-pyc on an empty module: "
              "best %.1f ms, median %.1f ms" % (best * 1e3, median * 1e3))
    return 0


if __name__ == "__main__":
    sys.exit(main())
