#!/usr/bin/env python3
"""Differential suite of the whole capture against PyTorch eager.

Each corpus module (a plain Python file of entry functions) ends with three
tables:

    CASES = [(entry, [spec, ...]), (entry, [spec, ...], {options}), ...]
    BREAKS = [(entry, [spec, ...], gb_type), ...]
    KNOWN_GAPS = [(entry, [spec, ...], reason), ...]

A spec is what `dynamir-translate --input=` takes (`f32[4,8]`, `i64[]`,
`f32[3]:grad`, `int=3`, `float=0.5`, `bool=true`, `str=abc`, `none`),
optionally followed by `|how`, which says how the harness draws the values of
that tensor and is not passed on: `|pos` (floats uniform in [0.5, 2], ints in
[1, 8]: divisors, logarithms, square roots) or `|unit` (floats uniform in
[-0.9, 0.9]). Other tensors are standard normal (floats), uniform in [-8, 8]
(ints) or fair coins (bool), from numpy's default_rng seeded with --seed and
the case's name, so a case's inputs do not depend on which cases run.

What is checked, for each of the bytecode versions 3.11, 3.12 and 3.13 (each
corpus module is compiled by that interpreter with py_compile, as
`dynamir-translate --import-py` does, and imported with --import-pyc):

* CASES (full graph): `dynamir-opt --dynamir-capture=fullgraph=true
  --verify-each` succeeds; `dynamir-runner` on the generated inputs succeeds;
  its result.json is exactly the structure of what the entry returns in
  PyTorch eager (Debian's python3-torch on Python 3.11, run once per case, not
  once per version): same nesting, same JSON constants with the same Python
  types (an int is not a float, a bool not an int), tensors numbered in order
  of first appearance; and every outN.npy has the eager tensor's dtype and
  shape exactly and its values within the tolerance below. A capture from
  3.12 or 3.13 bytecode that is character for character the program of a
  capture already run and matched (the runner reads only the module's
  attributes and the entry's py.func; py.version aside, they are the same)
  has the same answer and is not run again (--rerun-identical runs it); one
  that differs is run and compared with eager in its own right. The summary
  says how many of each there were.
* Guard violations, one per full-graph case, on the capture from one of the
  three versions (which one, which tensor input and which violation vary from
  case to case, so that each version, input position and kind is exercised
  across the suite): the runner, given the same capture with one tensor input
  changed in its shape, its dtype or its strides (a Fortran-order copy), exits
  with status 3 and says `guard failed: TENSOR_MATCH: <source>` naming that
  parameter (`L['x']`, `L['args'][1]`) and what was wrong.
* BREAKS (graph breaks): `dynamir-opt --dynamir-capture` reports its first
  graph break as a warning with the expected gb_type, at the line marked
  `# BREAK` in the entry (or `# BREAK for <entry>` in a helper it calls);
  with fullgraph=true it fails with an error of the same gb_type; the runner
  refuses the capture (status 2, a capture that needs an interpreter). The
  entry also runs in eager, so the case is real Python.
* KNOWN_GAPS are not run: code Dynamo captures and Dynamir does not yet (or
  gets wrong), each with its reason. `--gaps` runs them as full-graph cases
  instead and prints, for each, GAP-FAIL with the first problem per version
  or GAP-PASS (time to move it to CASES).

Tolerance rule. Integer and bool outputs must be equal. Floating outputs must
satisfy |got - want| <= atol + rtol * |want| elementwise (NaNs in the same
places), with the per-dtype defaults of DEFAULT_TOLERANCE:
* float32: rtol 1e-5, atol 1e-6, about a hundred ulps. The lowered graph and
  PyTorch do not round the same way: PyTorch's vectorized reductions and
  matrix products add in another order than the lowered loops (for the sums
  of at most a few dozen standard-normal terms in the corpus the difference
  is typically sqrt(n) ulps of the terms), and MLIR's polynomial exp, log,
  tanh and erf differ from PyTorch's (Sleef) in the last ulps, compounded
  through a few ops (softmax, layer norm, gelu). Inputs of log, sqrt, rsqrt
  and divisors are drawn away from 0 (`|pos`), where rounding is amplified.
* float64: rtol 1e-12, atol 1e-12, the same reasoning in double precision.
* float16 and bfloat16: a bit more than one ulp of the type (rtol 2e-3 atol
  1e-3; rtol 1.6e-2 atol 1e-2): PyTorch computes these in float32 and rounds
  once, a lowering may round intermediate results.
A case may loosen its tolerance only with an option `why` that says why (the
harness refuses an override without one).

An entry that raises says so with the option `raises: True`: the eager
exception that escapes it is the expected result, and result.json must be
`{"raised": E}`, where an exception E (raised, or anywhere in a return value)
is `{"exception": type(e).__name__, "args": [...], "context": E or null,
"cause": E or null, "suppress_context": bool, "attributes": vars(e)}`.

A case with the option `grad: True` also checks reverse mode: eager runs
`torch.autograd.backward` on the tensors of the result that require grad,
with ones as their gradients, and the runner, given `--grad`, must write
gradN.npy for each tensor input N whose spec has `:grad`, equal to that
input's `.grad` within the tolerance (zeros where eager leaves it None:
no output depends on the input).

A case whose code this eager PyTorch cannot run (an API newer than Debian's
1.13, such as `setup_context` or keyword arguments to `Function.apply`)
names an equivalent entry with the option `reference: "other_entry"` and says
why (`why`): eager runs that entry on the same inputs.

A case whose result depends on the version of CPython (a message that
changed between versions) says so with the option `cpython: True`: it takes
no tensor, and the capture of each version's bytecode must give the result
that version's own interpreter gives (cpython_result.py runs it there); eager
still runs it once, as for every case.

    harness.py --python311 P --python312 P --python313 P
               --translate T --opt O --runner R --workdir DIR
               [--seed N] [--jobs N] [--min-fullgraph N] [--filter SUBSTR]
               [--gaps] MODULE.py ...

Prints one line per problem, starting with MISMATCH, then the counts per
corpus module and per kind of check, and `N cases, M mismatches`; exits 1 on
any mismatch. DIR holds the pycs, one scratch directory per worker, and under
DIR/failures/<module>.<entry>/ the files of each failing case (the
captures, the inputs, the outputs). Run with a Python that has torch and numpy
(the eager reference).
"""

import argparse
import collections
import concurrent.futures
import contextlib
import importlib.util
import inspect
import io
import json
import math
import os
import queue
import re
import shutil
import subprocess
import sys
import time
import traceback
import warnings
import zlib

import numpy as np
import torch

import cpython_result

CPYTHON_RESULT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "cpython_result.py")

# Importing the corpus for eager must not leave __pycache__ in the sources.
sys.dont_write_bytecode = True

VERSIONS = ("3.11", "3.12", "3.13")

DEFAULT_TOLERANCE = {
    torch.float32: (1e-5, 1e-6),
    torch.float64: (1e-12, 1e-12),
    torch.float16: (2e-3, 1e-3),
    torch.bfloat16: (1.6e-2, 1e-2),
}

DTYPES = {
    "f16": torch.float16, "bf16": torch.bfloat16, "f32": torch.float32,
    "f64": torch.float64, "i8": torch.int8, "i16": torch.int16,
    "i32": torch.int32, "i64": torch.int64, "u8": torch.uint8, "bool": torch.bool,
}

# What a dtype violation turns each dtype into.
OTHER_DTYPE = {
    torch.float32: torch.float64, torch.float64: torch.float32,
    torch.float16: torch.float32, torch.bfloat16: torch.float32,
    torch.int64: torch.int32, torch.int32: torch.int64, torch.int16: torch.int32,
    torch.int8: torch.int16, torch.uint8: torch.int8, torch.bool: torch.uint8,
}

TORCH_NAMES = {v: "torch." + str(v).split(".")[1] for v in DTYPES.values()}


# ---------------------------------------------------------------------------
# Specs and inputs
# ---------------------------------------------------------------------------

class Spec:
    """One input spec: a tensor (dtype, shape, grad) or a Python scalar."""

    def __init__(self, text):
        self.text, _, self.how = text.partition("|")
        if self.how not in ("", "pos", "unit"):
            raise ValueError("unknown input distribution %r in %r" % (self.how, text))
        match = re.fullmatch(r"(\w+)\[([\d,]*)\](:grad)?", self.text)
        self.is_tensor = bool(match)
        if match:
            self.dtype = DTYPES[match.group(1)]
            self.shape = tuple(int(d) for d in match.group(2).split(",") if d)
            self.grad = bool(match.group(3))
            return
        kind, _, value = self.text.partition("=")
        if kind == "int":
            self.value = int(value)
        elif kind == "float":
            self.value = float(value)
        elif kind == "bool":
            self.value = {"true": True, "false": False}[value]
        elif kind == "str":
            self.value = value
        elif self.text == "none":
            self.value = None
        else:
            raise ValueError("bad input spec %r" % text)

    def draw(self, rng):
        """A tensor of this spec, drawn from rng."""
        if self.dtype == torch.bool:
            return torch.from_numpy(rng.random(self.shape) < 0.5)
        if not self.dtype.is_floating_point:
            low, high = (1, 9) if self.how == "pos" else (-8, 9)
            return torch.from_numpy(rng.integers(low, high, self.shape)).to(self.dtype)
        if self.how == "pos":
            values = rng.uniform(0.5, 2.0, self.shape)
        elif self.how == "unit":
            values = rng.uniform(-0.9, 0.9, self.shape)
        else:
            values = rng.standard_normal(self.shape)
        return torch.from_numpy(np.asarray(values)).to(self.dtype)


def save_npy(path, tensor, fortran=False):
    """A tensor as a .npy file; bfloat16 as its bit patterns (<u2), as the
    runner reads it."""
    if tensor.dtype == torch.bfloat16:
        array = tensor.view(torch.int16).numpy().view(np.uint16)
    else:
        array = tensor.numpy()
    # copy(), not ascontiguousarray(), which makes a 0-d array 1-d.
    np.save(path, array.copy(order="F" if fortran else "C"))


def load_npy(path):
    array = np.load(path)
    if array.dtype == np.uint16:
        return torch.from_numpy(array.view(np.int16)).view(torch.bfloat16)
    return torch.from_numpy(array)


# ---------------------------------------------------------------------------
# The corpus
# ---------------------------------------------------------------------------

class Case:
    def __init__(self, module, entry, specs, kind, options=None, gb_type=None):
        self.module = module          # the corpus module's name (file stem)
        self.entry = entry
        self.specs = [Spec(s) for s in specs]
        self.kind = kind              # "full" or "break"
        self.options = options or {}
        self.gb_type = gb_type
        self.name = "%s.%s" % (module, entry)
        self.break_line = None
        self.runs = 0       # captures run by dynamir-runner
        self.identical = 0  # captures the same as one run before (not run again)
        self.expected_by_version = None  # with the option `cpython`
        unknown = set(self.options) - {"rtol", "atol", "why", "raises", "cpython", "grad",
                                       "reference"}
        if unknown:
            raise ValueError("%s: unknown options %s" % (self.name, sorted(unknown)))
        if ("rtol" in self.options or "atol" in self.options) and not self.options.get("why"):
            raise ValueError("%s: a tolerance override needs a `why`" % self.name)
        if "reference" in self.options and not self.options.get("why"):
            raise ValueError("%s: an eager reference other than the entry needs a `why`"
                             % self.name)
        if self.options.get("grad") and (self.options.get("raises") or kind != "full"):
            raise ValueError("%s: `grad` is for full-graph cases that return" % self.name)
        self.expected_grads = []  # (input index, tensor), with the option `grad`

    def tolerance(self, dtype):
        rtol, atol = DEFAULT_TOLERANCE[dtype]
        return self.options.get("rtol", rtol), self.options.get("atol", atol)


def load_corpus(paths):
    """The corpus modules (imported in this Python, for eager) and their cases."""
    modules, cases, gaps = {}, [], []
    for path in paths:
        stem = os.path.splitext(os.path.basename(path))[0]
        spec = importlib.util.spec_from_file_location("corpus_" + stem, path)
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        modules[stem] = (os.path.abspath(path), module)
        listed = set()
        for row in module.CASES:
            entry, specs = row[0], row[1]
            cases.append(Case(stem, entry, specs, "full", row[2] if len(row) > 2 else None))
            listed.add(entry)
        for entry, specs, gb_type in getattr(module, "BREAKS", []):
            cases.append(Case(stem, entry, specs, "break", gb_type=gb_type))
            listed.add(entry)
        for entry, specs, reason in getattr(module, "KNOWN_GAPS", []):
            gaps.append((stem, entry, specs, reason))
            listed.add(entry)
        # Every public function of a corpus module is an entry of one table;
        # helpers the entries call start with an underscore.
        for name, value in vars(module).items():
            if (inspect.isfunction(value) and value.__module__ == module.__name__
                    and not name.startswith("_") and name not in listed):
                raise ValueError("%s.%s is in no table (helpers start with _)" % (stem, name))
        for entry in listed:
            if not inspect.isfunction(getattr(module, entry, None)):
                raise ValueError("%s: no function %s" % (stem, entry))
    names = [c.name for c in cases] + ["%s.%s" % (g[0], g[1]) for g in gaps]
    duplicates = [n for n, k in collections.Counter(names).items() if k > 1]
    if duplicates:
        raise ValueError("entries listed twice: %s" % ", ".join(duplicates))
    # The line of the first graph break: marked `# BREAK` in the entry, or
    # `# BREAK for <entry>` in a helper the entry calls.
    for case in cases:
        if case.kind == "break":
            path, module = modules[case.module]
            lines, first = inspect.getsourcelines(getattr(module, case.entry))
            marked = [first + i for i, line in enumerate(lines)
                      if re.search(r"# BREAK( \(|$)", line.rstrip())]
            with open(path) as f:
                marked += [i + 1 for i, line in enumerate(f)
                           if line.rstrip().endswith("# BREAK for " + case.entry)]
            if len(marked) != 1:
                raise ValueError("%s: mark the line of the graph break with # BREAK" % case.name)
            case.break_line = marked[0]
    return modules, cases, gaps


# ---------------------------------------------------------------------------
# The eager reference
# ---------------------------------------------------------------------------

def tensor_namer(tensors):
    """The hook of result_json that names tensors: appends each to
    `tensors` in order of first appearance (a tensor returned twice is one
    file)."""
    def name(value):
        if not isinstance(value, torch.Tensor):
            return None
        for index, seen in enumerate(tensors):
            if seen is value:
                return {"tensor": "out%d.npy" % index}
        tensors.append(value)
        return {"tensor": "out%d.npy" % (len(tensors) - 1)}
    return name


def expected_json(value, tensors):
    """The result.json a return value should give; appends its tensors."""
    return cpython_result.result_json(value, tensor_namer(tensors))


def expected_exception(exc, tensors):
    """An exception as the runner writes it."""
    return cpython_result.exception_json(exc, tensor_namer(tensors))


def expected_by_version(args, case, modules):
    """For a case with the option `cpython`: the result each version's own
    interpreter gives (see cpython_result.py), or a problem."""
    if any(spec.is_tensor for spec in case.specs):
        return "a case checked against each CPython takes no tensor"
    arguments = json.dumps([spec.value for spec in case.specs])
    case.expected_by_version = {}
    for version, python in zip(VERSIONS, (args.python311, args.python312, args.python313)):
        found = run([python, "-I", CPYTHON_RESULT, modules[case.module][0], case.entry,
                     arguments])
        if found.returncode != 0:
            return "CPython %s failed: %s" % (version, short(found.stderr))
        case.expected_by_version[version] = json.loads(found.stdout)
    return None


def same_json(got, want):
    """Equal JSON values of the same Python types (json.load's)."""
    if type(got) is not type(want):
        return False
    if isinstance(want, list):
        return len(got) == len(want) and all(same_json(g, w) for g, w in zip(got, want))
    if isinstance(want, dict):
        return (list(got) == list(want)
                and all(same_json(got[k], want[k]) for k in want))
    if isinstance(want, float) and math.isnan(want):
        return math.isnan(got)
    return got == want


def prepare(case, modules, seed):
    """Draws the case's inputs and runs eager once: the expected result.json
    and tensors, or a problem."""
    rng = np.random.default_rng([seed, zlib.crc32(case.name.encode())])
    arguments, case.sources, leaves = [], [], []
    function = getattr(modules[case.module][1], case.entry)
    params = list(inspect.signature(function).parameters.values())
    # The entry's sources name the inputs; the reference computes them.
    function = getattr(modules[case.module][1], case.options.get("reference", case.entry))
    for index, spec in enumerate(case.specs):
        # The source the runner names: a positional parameter or an item of
        # *args.
        if index < len(params) and params[index].kind != inspect.Parameter.VAR_POSITIONAL:
            source = "L['%s']" % params[index].name
        else:
            star = [i for i, p in enumerate(params)
                    if p.kind == inspect.Parameter.VAR_POSITIONAL]
            if not star:
                return "%d input specs for %d parameters" % (len(case.specs), len(params))
            source = "L['%s'][%d]" % (params[star[0]].name, index - star[0])
        if not spec.is_tensor:
            arguments.append(spec.value)
            continue
        tensor = spec.draw(rng)
        case.sources.append((source, spec, tensor))
        arguments.append(tensor.clone().requires_grad_(spec.grad))
        if spec.grad:
            leaves.append((len(case.sources) - 1, arguments[-1]))
    case.expected_tensors = []
    try:
        # What the entries print is not the harness's output.
        with contextlib.redirect_stdout(io.StringIO()):
            result = function(*arguments)
            if inspect.isgenerator(result):
                result = list(result)
        if case.kind == "break":
            return None  # eager ran: the case is valid Python
        if case.options.get("raises"):
            return "eager returned, but the case says it raises"
        case.expected_json = expected_json(result, case.expected_tensors)
        if case.options.get("grad"):
            seeded = [t for t in case.expected_tensors if t.requires_grad]
            if not seeded:
                return "the case checks gradients, but no output requires grad"
            torch.autograd.backward(seeded, [torch.ones_like(t) for t in seeded])
            case.expected_grads = [
                (index, leaf.grad if leaf.grad is not None else torch.zeros_like(leaf))
                for index, leaf in leaves]
    except Exception as e:  # the corpus must be valid Python
        if not case.options.get("raises") or case.kind == "break":
            return "eager raised %s: %s" % (type(e).__name__, e)
        # What escapes the entry is its result.
        case.expected_json = {"raised": expected_exception(e, case.expected_tensors)}
    case.expected_tensors = [t.detach().contiguous() for t in case.expected_tensors]
    case.expected_grads = [(i, g.detach().contiguous()) for i, g in case.expected_grads]
    return None


def compare_tensor(case, got, want):
    if got.dtype != want.dtype or tuple(got.shape) != tuple(want.shape):
        return "got %s%s, want %s%s" % (TORCH_NAMES.get(got.dtype, got.dtype), list(got.shape),
                                         TORCH_NAMES.get(want.dtype, want.dtype), list(want.shape))
    if want.dtype.is_floating_point:
        rtol, atol = case.tolerance(want.dtype)
        g, w = got.double(), want.double()
        if not torch.allclose(g, w, rtol=rtol, atol=atol, equal_nan=True):
            bad = ~torch.isclose(g, w, rtol=rtol, atol=atol, equal_nan=True)
            worst = (g - w).abs()[bad].nan_to_num(float("inf")).max().item()
            first = bad.nonzero()[0].tolist()
            return ("values differ at %d of %d elements beyond rtol=%g atol=%g "
                    "(max abs difference %g; at %s got %r want %r)"
                    % (int(bad.sum()), w.numel(), rtol, atol, worst, first,
                       g[tuple(first)].item(), w[tuple(first)].item()))
    elif not torch.equal(got, want):
        bad = got != want
        return "values differ at %d of %d elements" % (int(bad.sum()), want.numel())
    return None


# ---------------------------------------------------------------------------
# Dynamir
# ---------------------------------------------------------------------------

def run(command, stdin=None):
    """Runs a tool; one that cannot be started (missing, being relinked) is
    status 127 with the reason as its stderr, like a shell's."""
    try:
        return subprocess.run(command, input=stdin, capture_output=True, text=True)
    except OSError as e:
        return subprocess.CompletedProcess(command, 127, "", "cannot run %s: %s"
                                           % (command[0], e))


def short(text, limit=1500):
    text = text.strip()
    return text if len(text) <= limit else text[:limit] + " ..."


def translate(args, case, pyc, debuginfo=False):
    command = [args.translate, "--import-pyc", pyc, "--entry=" + case.entry]
    command += ["--input=" + s.text for s in case.specs]
    if debuginfo:
        command.append("--mlir-print-debuginfo")
    return run(command)


def write_inputs(case, scratch):
    """The case's tensor inputs as scratch/inN.npy: the runner's --input flags."""
    paths = []
    for index, (_, _, tensor) in enumerate(case.sources):
        paths.append(os.path.join(scratch, "in%d.npy" % index))
        save_npy(paths[-1], tensor)
    return paths


def capture_text(path, entry):
    """What of a capture the runner reads: the module's attributes but
    py.version, and the entry's py.func. None if not found."""
    with open(path) as f:
        text = f.read()
    header = re.search(r"^module attributes \{.*\}", text, re.M)
    func = re.search(r"^  py\.func @%s\(.*?^  \}$" % re.escape(entry), text, re.M | re.S)
    if not header or not func:
        return None
    return re.sub(r'py\.version = "[^"]*"', "", header.group(0)) + "\n" + func.group(0)


def expected_for(case, version):
    """The result.json the capture of `version`'s bytecode should give."""
    if case.expected_by_version is not None:
        return case.expected_by_version[version]
    return case.expected_json


def run_capture(args, case, version, capture, inputs, scratch):
    """Runs a capture on the case's inputs and compares with eager: problems."""
    outdir = os.path.join(scratch, "out")
    result = os.path.join(outdir, "result.json")
    runner = run([args.runner, capture, "--output-dir=" + outdir]
                 + ["--input=" + p for p in inputs]
                 + (["--grad"] if case.options.get("grad") else []))
    if runner.returncode != 0:
        return ["dynamir-runner failed (status %d): %s"
                % (runner.returncode, short(runner.stderr))]
    try:
        with open(result) as f:
            got_json = json.load(f)
    except ValueError as e:
        got_json = "unreadable result.json: %s" % e
    want_json = expected_for(case, version)
    if not same_json(got_json, want_json):
        return ["result.json is %s, want %s" % (json.dumps(got_json), json.dumps(want_json))]
    problems = []
    files = [("out%d.npy" % index, want) for index, want in enumerate(case.expected_tensors)]
    files += [("grad%d.npy" % index, want) for index, want in case.expected_grads]
    for name, want in files:
        try:
            got = load_npy(os.path.join(outdir, name))
        except (OSError, ValueError) as e:
            problems.append("%s: unreadable: %s" % (name, e))
            continue
        problem = compare_tensor(case, got, want)
        if problem:
            problems.append("%s: %s" % (name, problem))
    return problems


def check_full(args, case, pycs, scratch):
    """A full-graph case from each version's bytecode: (version, problem)s.

    Each version's bytecode is captured. The first capture is run and
    compared with eager; a later capture that is the same program (the same
    module attributes but py.version, the same entry py.func, character for
    character) has the same answer, and is run again only with
    --rerun-identical; a capture that differs is run and compared in turn."""
    problems = []
    inputs = write_inputs(case, scratch)
    verified = None  # the text of a capture whose run matched eager
    for version in VERSIONS:
        imported = translate(args, case, pycs[(case.module, version)])
        if imported.returncode != 0:
            problems.append((version, "dynamir-translate failed: " + short(imported.stderr)))
            continue
        capture = os.path.join(scratch, "capture%s.mlir" % version.replace(".", ""))
        opt = run([args.opt, "--dynamir-capture=fullgraph=true", "--verify-each",
                   "-o", capture], imported.stdout)
        if opt.returncode != 0:
            problems.append((version, "dynamir-opt failed: " + short(opt.stderr)))
            continue
        text = capture_text(capture, case.entry)
        # The same program with the same expected result.
        text = (text, json.dumps(expected_for(case, version))) if text is not None else None
        if text is not None and text == verified and not args.rerun_identical:
            case.identical += 1
        else:
            case.runs += 1
            found = run_capture(args, case, version, capture, inputs, scratch)
            problems += [(version, p) for p in found]
            if not found and verified is None:
                verified = text
        if case.sources and version == violation_version(case):
            problem = check_guard_violation(args, case, capture, inputs, scratch)
            if problem:
                problems.append((version, "guard violation: " + problem))
    return problems


def violation_version(case):
    """The bytecode version whose capture gets the case's guard violation."""
    return VERSIONS[zlib.crc32(case.name.encode()) // 21 % len(VERSIONS)]


def violation_plan(case):
    """Which tensor input of the case gets a violation, and which kind: a
    different one from case to case (a stride violation needs two dimensions
    of more than one element, else it is a shape violation)."""
    key = zlib.crc32(case.name.encode())
    index = key % len(case.sources)
    kind = ("shape", "dtype", "stride")[(key // 7) % 3]
    tensor = case.sources[index][2]
    if kind == "stride" and sum(d > 1 for d in tensor.shape) < 2:
        kind = "shape"
    return index, kind


def check_guard_violation(args, case, capture, inputs, scratch):
    """Runs the capture with one input that breaks its TENSOR_MATCH guard:
    status 3 and a message naming the parameter; a problem or None.

    A tensor the entry never reads (`rest[1]` of `*rest` when only `rest[0]`
    is used) has no guard, as in Dynamo, whose tuple items are lazy: changing
    it must not matter, and the violation goes to the next guarded input."""
    index, kind = violation_plan(case)
    with open(capture) as f:
        text = f.read()
    for step in range(len(case.sources)):
        i = (index + step) % len(case.sources)
        if 'at "%s"' % case.sources[i][0] in text:
            break
        problem = run_violation(args, case, capture, inputs, scratch, i, kind, guarded=False)
        if problem:
            return problem
    else:
        # The result depends on no tensor input: each was changed, and accepted.
        return None
    return run_violation(args, case, capture, inputs, scratch, i, kind, guarded=True)


def run_violation(args, case, capture, inputs, scratch, index, kind, guarded):
    """Runs the capture with input `index` changed by `kind`: a guarded input
    must be refused, an unguarded one accepted. A problem or None."""
    source, spec, tensor = case.sources[index]
    if kind == "stride" and sum(d > 1 for d in tensor.shape) < 2:
        kind = "shape"
    fortran = False
    if kind == "shape":
        shape = list(tensor.shape) or [1]
        if tensor.dim():
            shape[-1] += 1
        bad = torch.zeros(shape, dtype=tensor.dtype)
        detail = "got size %s" % list(bad.shape)
    elif kind == "dtype":
        bad = tensor.to(OTHER_DTYPE[tensor.dtype])
        detail = "got dtype %s" % TORCH_NAMES[bad.dtype]
    else:
        bad, fortran = tensor, True
        detail = "got stride"
    path = os.path.join(scratch, "bad.npy")
    save_npy(path, bad, fortran=fortran)
    inputs = list(inputs)
    inputs[index] = path
    runner = run([args.runner, capture, "--output-dir=" + os.path.join(scratch, "bad")]
                 + ["--input=" + p for p in inputs])
    if not guarded:
        if runner.returncode != 0:
            return ("%s of %s, which the capture does not guard: want status 0, got %d: %s"
                    % (kind, source, runner.returncode, short(runner.stderr)))
        return None
    want = "guard failed: TENSOR_MATCH: %s" % source
    if runner.returncode != 3 or want not in runner.stderr or detail not in runner.stderr:
        return ("%s of %s: want status 3 and `%s ... %s`, got status %d: %s"
                % (kind, source, want, detail, runner.returncode, short(runner.stderr)))
    return None


def check_break(args, case, pycs, scratch):
    """A graph-break case from each version's bytecode: (version, problem)s."""
    return [(version, problem) for version in VERSIONS
            for problem in check_break_version(args, case, pycs[(case.module, version)],
                                               scratch)]


def check_break_version(args, case, pyc, scratch):
    """A graph-break case from one version's bytecode: problems, as strings."""
    imported = translate(args, case, pyc, debuginfo=True)
    if imported.returncode != 0:
        return ["dynamir-translate failed: " + short(imported.stderr)]
    capture = os.path.join(scratch, "capture.mlir")
    problems = []
    opt = run([args.opt, "--dynamir-capture", "--verify-each", "-o", capture], imported.stdout)
    where = "%s.py:%d:" % (case.module, case.break_line)
    warnings = re.findall(r"^(\S+?):(\d+):\d+: warning: graph break: (.*)$", opt.stderr, re.M)
    if opt.returncode != 0:
        return ["dynamir-opt --dynamir-capture failed: " + short(opt.stderr)]
    if not warnings:
        problems.append("no graph break reported, want %r at %s" % (case.gb_type, where))
    else:
        path, line, gb_type = warnings[0]
        if gb_type != case.gb_type or not (os.path.basename(path) + ":" + line + ":") == where:
            problems.append("first graph break is %r at %s:%s, want %r at %s"
                            % (gb_type, os.path.basename(path), line, case.gb_type, where))
    full = run([args.opt, "--dynamir-capture=fullgraph=true", "-o", os.devnull], imported.stdout)
    if full.returncode == 0 or ("error: graph break: " + case.gb_type) not in full.stderr:
        problems.append("with fullgraph=true: want an error `graph break: %s`, got status %d: %s"
                        % (case.gb_type, full.returncode, short(full.stderr)))
    if opt.returncode == 0:
        runner = run([args.runner, capture, "--output-dir=" + os.path.join(scratch, "out")]
                     + ["--input=" + p for p in write_inputs(case, scratch)])
        if runner.returncode != 2:
            problems.append("dynamir-runner on the capture with residual Python: want "
                            "status 2, got %d: %s" % (runner.returncode, short(runner.stderr)))
    return problems


def empty_files(scratch):
    """Truncates every file a previous case left in a scratch directory (which
    is cheap where deleting is not): none can pass for this case's."""
    os.makedirs(scratch, exist_ok=True)
    for root, _, files in os.walk(scratch):
        for name in files:
            open(os.path.join(root, name), "w").close()


def keep_files(scratch, keep):
    """Copies what a case wrote in its scratch directory (the files that are
    not empty) to `keep`."""
    for root, _, files in os.walk(scratch):
        for name in files:
            path = os.path.join(root, name)
            if os.path.getsize(path):
                target = os.path.join(keep, os.path.relpath(path, scratch))
                os.makedirs(os.path.dirname(target), exist_ok=True)
                shutil.copy2(path, target)


def compile_corpus(args, modules):
    """Each corpus module compiled by each interpreter: {(module, version): pyc}."""
    pycs = {}
    for version, python in zip(VERSIONS, (args.python311, args.python312, args.python313)):
        jobs = []
        for stem, (path, _) in modules.items():
            pyc = os.path.join(args.workdir, "pyc", "%s.%s.pyc" % (stem, version))
            jobs.append((path, pyc))
            pycs[(stem, version)] = pyc
        os.makedirs(os.path.join(args.workdir, "pyc"), exist_ok=True)
        script = ("import py_compile, sys\n"
                  "for src, dst in zip(sys.argv[1::2], sys.argv[2::2]):\n"
                  "    py_compile.compile(src, cfile=dst, doraise=True)\n")
        compiled = run([python, "-I", "-c", script] + [p for job in jobs for p in job])
        if compiled.returncode != 0:
            sys.exit("%s failed to compile the corpus: %s" % (python, compiled.stderr))
        found = run([python, "-I", "-c", "import sys; print('%d.%d' % sys.version_info[:2])"])
        if found.stdout.strip() != version:
            sys.exit("%s is Python %s, not %s" % (python, found.stdout.strip(), version))
    return pycs


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--python311", required=True)
    parser.add_argument("--python312", required=True)
    parser.add_argument("--python313", required=True)
    parser.add_argument("--translate", required=True)
    parser.add_argument("--opt", required=True)
    parser.add_argument("--runner", required=True)
    parser.add_argument("--workdir", required=True)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--min-fullgraph", type=int, default=0,
                        help="fewer full-graph cases than this is a mismatch")
    parser.add_argument("--filter", default="", help="run only cases whose name has this")
    parser.add_argument("--rerun-identical", action="store_true",
                        help="run each version's capture even when it is the same "
                             "program as one already run and compared")
    parser.add_argument("--gaps", action="store_true",
                        help="run the KNOWN_GAPS as full-graph cases instead, and say "
                             "which still fail (GAP-FAIL) and which pass (GAP-PASS)")
    parser.add_argument("modules", nargs="+")
    args = parser.parse_args()
    start = time.time()
    torch.set_num_threads(1)
    # Deprecation warnings of the corpus' F.tanh and friends.
    warnings.simplefilter("ignore", UserWarning)

    os.makedirs(args.workdir, exist_ok=True)
    modules, cases, gaps = load_corpus(args.modules)
    if args.gaps:
        cases = [Case(stem, entry, specs, "full") for stem, entry, specs, _ in gaps]
        for case, gap in zip(cases, gaps):
            case.reason = gap[3]
    cases = [c for c in cases if args.filter in c.name]
    pycs = compile_corpus(args, modules)

    mismatches = []
    runnable = []
    for case in cases:
        problem = prepare(case, modules, args.seed)
        if not problem and case.options.get("cpython"):
            problem = expected_by_version(args, case, modules)
        if problem:
            mismatches.append((case, "eager", problem))
        else:
            runnable.append(case)

    # Each worker reuses one scratch directory, overwriting its files (the
    # inputs, the capture, the outputs) from case to case, so that the suite
    # leaves a few dozen files rather than thousands: deleting files is what
    # is slow on some filesystems (ext4 with online discard), and lit deletes
    # %t before each run. A failing case's files are copied to
    # WORKDIR/failures/<module>.<entry>/.
    scratches = queue.Queue()
    for index in range(args.jobs):
        scratches.put(os.path.join(args.workdir, "scratch%d" % index))

    def check(case):
        scratch = scratches.get()
        try:
            empty_files(scratch)
            try:
                if case.kind == "full":
                    problems = check_full(args, case, pycs, scratch)
                else:
                    problems = check_break(args, case, pycs, scratch)
            except Exception:  # a bug of the harness, or of what it reads
                problems = [("-", "harness error: " + traceback.format_exc())]
            if problems:
                keep_files(scratch, os.path.join(args.workdir, "failures", case.name))
            return problems
        finally:
            scratches.put(scratch)

    with concurrent.futures.ThreadPoolExecutor(max_workers=args.jobs) as pool:
        futures = {pool.submit(check, case): case for case in runnable}
        for future in futures:
            for version, problem in future.result():
                mismatches.append((futures[future], version, problem))

    if args.gaps:
        failing = collections.defaultdict(list)
        for case, version, problem in mismatches:
            failing[case.name].append((version, problem))
        for case in cases:
            if case.name in failing:
                print("GAP-FAIL %s (%s)" % (case.name, case.reason))
                for version, problem in failing[case.name]:
                    print("  [%s] %s" % (version, problem.splitlines()[0]))
            else:
                print("GAP-PASS %s (%s)" % (case.name, case.reason))
        return 0
    for case, version, problem in mismatches:
        print("MISMATCH %s [%s]: %s" % (case.name, version, problem))

    full = [c for c in cases if c.kind == "full"]
    breaks = [c for c in cases if c.kind == "break"]
    if len(full) < args.min_fullgraph and not args.filter:
        print("MISMATCH: %d full-graph cases, want at least %d" % (len(full), args.min_fullgraph))
        mismatches.append((None, None, None))
    print("corpus (full-graph / graph-break / known gaps, not run):")
    for stem in modules:
        print("  %-24s %3d / %2d / %2d" % (
            stem, sum(c.module == stem for c in full), sum(c.module == stem for c in breaks),
            sum(g[0] == stem for g in gaps)))
    bad = {c.name for c, _, _ in mismatches if c is not None}
    print("full-graph: %d entry functions x %d bytecode versions, %d failing"
          % (len(full), len(VERSIONS), sum(c.name in bad for c in full)))
    print("captures run: %d; the same program as a capture run before, not run "
          "again: %d" % (sum(c.runs for c in full), sum(c.identical for c in full)))
    guarded = [c for c in full if getattr(c, "sources", None)]
    kinds = collections.Counter(violation_plan(c)[1] for c in guarded)
    print("guard violations: %d runs (one per full-graph case with a tensor input; "
          "%s; %s)" % (len(guarded), ", ".join(
              "%d on %s" % (sum(violation_version(c) == v for c in guarded), v)
              for v in VERSIONS), ", ".join(
              "%d %s" % (kinds[k], k) for k in ("shape", "dtype", "stride"))))
    print("graph breaks: %d entry functions x %d bytecode versions, %d failing"
          % (len(breaks), len(VERSIONS), sum(c.name in bad for c in breaks)))
    print("known gaps (not run): %d" % len(gaps))
    print("seed %d, %.1f s" % (args.seed, time.time() - start))
    print("%d cases, %d mismatches" % (len(cases), len(mismatches)))
    return 1 if mismatches else 0


if __name__ == "__main__":
    sys.exit(main())
