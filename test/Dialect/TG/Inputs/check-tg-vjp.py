#!/usr/bin/env python3
"""Differential test of --tg-vjp (reverse mode) against PyTorch's backward.

Takes the cases of the --convert-tg-to-linalg checker (every tg op, with
broadcasting and Python-number operands; see
test/Conversion/TGToLinalg/Inputs/check-tg-to-linalg.py) whose operands
include a float32 or float64 tensor, with finite values. Each becomes a
function of its tensor operands, `@fK`; --tg-vjp adds `@fK_vjp`, which is
called with the operands and a seeded random gradient per result, lowered
with the same upstream pipeline and run by mlir-cpu-runner. PyTorch runs
`torch.autograd.backward` on the same results with the same gradients; the
gradient of each floating-point operand must match (zeros where PyTorch's
is None), within the checker's float tolerance. A case whose derivative
PyTorch does not implement (floor_divide, say) must make --tg-vjp fail too;
one whose backward lacks a CPU kernel for a dtype is only counted.

    check-tg-vjp.py --opt DYNAMIR_OPT --runner P --runner-utils DIR
                    [--seed N] [--jobs N]

Prints each mismatch (MISMATCH ...) and a summary line; exits 1 on any
mismatch. Run with a Python that has torch.
"""

import argparse
import concurrent.futures
import importlib.util
import os
import subprocess
import sys
import tempfile

import numpy as np
import torch

HERE = os.path.dirname(os.path.abspath(__file__))
_spec = importlib.util.spec_from_file_location(
    "check_tg_to_linalg",
    os.path.join(HERE, "..", "..", "..", "Conversion", "TGToLinalg", "Inputs",
                 "check-tg-to-linalg.py"))
base = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(base)

DIFFERENTIABLE = (torch.float32, torch.float64)


class VjpCase:
    """A case of the linalg checker, differentiated."""

    def __init__(self, case, rng):
        self.case = case
        self.name = case.name
        # Finite values: derivatives at infinities and NaNs are not the point.
        for operand in case.operands:
            if isinstance(operand, base.Tensor) and operand.value.dtype.is_floating_point:
                value = operand.value
                bad = ~torch.isfinite(value)
                if bad.any():
                    fresh = torch.tensor(np.round(rng.normal(0.0, 2.0, value.shape), 3))
                    operand.value = torch.where(bad, fresh.to(value.dtype), value)
        # @fK_vjp returns a gradient per floating-point tensor operand; those
        # of float32 and float64 ones are compared (PyTorch rounds float16
        # and bfloat16 gradients its own way).
        self.floats = [i for i, o in enumerate(case.operands)
                       if isinstance(o, base.Tensor) and o.value.dtype.is_floating_point]
        self.wrt = [i for i in self.floats if case.operands[i].value.dtype in DIFFERENTIABLE]
        self.seeds = None
        self.expected = None
        self.refusal = None

    def compute_expected(self, rng):
        """PyTorch's gradients; False where there is nothing to compare,
        "refused" where PyTorch refuses the backward."""
        if not self.wrt:
            return False
        inputs = []
        for i, operand in enumerate(self.case.operands):
            value = operand.torch_value()
            if i in self.floats:
                value = value.clone().requires_grad_(True)
            inputs.append(value)
        try:
            result = self.case.torch_fn(*inputs)
        except (RuntimeError, TypeError, ValueError, IndexError):
            return False
        results = list(result) if isinstance(result, tuple) else [result]
        if any(r.numel() == 0 for r in results):
            return False
        self.results = [r.detach() for r in results]
        self.seeds = []
        for r in results:
            if r.dtype.is_floating_point:
                seed = torch.tensor(np.round(rng.normal(0.0, 1.0, tuple(r.shape)), 3))
                self.seeds.append(seed.to(r.dtype))
            else:
                self.seeds.append(torch.zeros_like(r.detach()))
        pairs = [(r, s) for r, s in zip(results, self.seeds) if r.requires_grad]
        if not pairs:
            return False
        try:
            torch.autograd.backward([r for r, _ in pairs], [s for _, s in pairs])
        except RuntimeError as e:
            self.refusal = str(e).splitlines()[0]
            # A missing derivative is semantics; a missing CPU kernel for a
            # dtype is not, and is only counted.
            return "refused" if "derivative for" in self.refusal else "kernel"
        self.expected = [inputs[i].grad if inputs[i].grad is not None
                         else torch.zeros_like(inputs[i].detach()) for i in self.wrt]
        return True

    def function(self, index):
        """`@fK`: the case's op on its tensor operands, returning its results."""
        operands = self.case.operands
        names = ["a%d" % i for i in range(len(operands))]
        args = ["%%%s: %s" % (n, o.mlir_type())
                for n, o in zip(names, operands) if isinstance(o, base.Tensor)]
        lines = [o.mlir_def(n) for o, n in zip(operands, names)
                 if not isinstance(o, base.Tensor)]
        body, results = self.case.body(names, [o.mlir_type() for o in operands])
        lines += body
        types = [base.tensor_type(tuple(r.shape), r.dtype) for r in self.results]
        lines.append("return %s : %s" % (", ".join("%" + r for r in results),
                                         ", ".join(types)))
        return "func.func @f%d(%s) -> (%s) {\n  %s\n}\n" % (
            index, ", ".join(args), ", ".join(types), "\n  ".join(lines))

    def caller(self, index):
        """`@caseK`: calls `@fK_vjp` on the operands and seeds and prints the
        gradients."""
        operands = self.case.operands
        lines, values, types = [], [], []
        for i, operand in enumerate(operands):
            if isinstance(operand, base.Tensor):
                lines.append(operand.mlir_def("a%d" % i))
                values.append("%%a%d" % i)
                types.append(operand.mlir_type())
        for i, seed in enumerate(self.seeds):
            lines.append(base.Tensor(seed).mlir_def("s%d" % i))
            values.append("%%s%d" % i)
            types.append(base.tensor_type(tuple(seed.shape), seed.dtype))
        grad_types = [operands[i].mlir_type() for i in self.floats]
        call = "call @f%d_vjp(%s) : (%s) -> (%s)" % (
            index, ", ".join(values), ", ".join(types), ", ".join(grad_types))
        if len(self.floats) == 1:
            lines.append("%g = " + call)
            grads = ["g"]
        else:
            lines.append("%%g:%d = %s" % (len(self.floats), call))
            grads = ["g#%d" % self.floats.index(i) for i in self.wrt]
        for k, want in enumerate(self.expected):
            lines += base.print_lines(grads[k], want, "p%d" % k)
        return "func.func @case%d() {\n  %s\n  return\n}\n" % (index, "\n  ".join(lines))


def extra_cases(seed):
    """More draws of the shape and reduction families with float32 and
    float64 alone (they draw their dtypes from all of them), and the ops the
    linalg checker leaves out: clone, and detach (which stops the gradient)."""
    cases = []
    every = base.ALL
    base.ALL = list(DIFFERENTIABLE)  # the families draw their dtypes from it
    try:
        for k in range(2):
            rng = np.random.default_rng([seed, k])
            values = base.Values(rng)
            cases += base.shape_cases(values, rng) + base.reduction_cases(values, rng)
    finally:
        base.ALL = every
    values = base.Values(np.random.default_rng([seed, 99]))
    for dtype in DIFFERENTIABLE:
        x = values.tensor((2, 3), dtype)
        cases.append(base.Case("clone(%s)" % dtype, [x], base.op_body("tg.clone {0} : {t0}"),
                               lambda x: x.clone()))

        def detached(names, types):
            return (["%%d = tg.detach %%%s : %s" % (names[0], types[0]),
                     "%%r = tg.mul %%d, %%%s : %s, %s" % (names[0], types[0], types[0])],
                    ["r"])
        x = values.tensor((2, 3), dtype)
        cases.append(base.Case("detach(%s)" % dtype, [x], detached,
                               lambda x: x.detach() * x))
    return cases


def run_batch(args, batch, workdir, tag):
    """Differentiates, lowers and runs the cases of `batch`; per-case printed
    gradients, or an error message."""
    functions = "".join(case.function(i) for i, case in batch)
    source = os.path.join(workdir, "%s-f.mlir" % tag)
    with open(source, "w") as f:
        f.write(functions)
    differentiated = subprocess.run([args.opt, source, "--tg-vjp", "--verify-each"],
                                    capture_output=True, text=True)
    if differentiated.returncode != 0:
        return "dynamir-opt --tg-vjp failed: " + differentiated.stderr.strip()[:2000]
    module = differentiated.stdout.strip()
    assert module.startswith("module {") and module.endswith("}")
    module = module[:-1]
    module += "func.func private @printMemrefI64(memref<*xi64>)\n"
    module += "".join(case.caller(i) for i, case in batch)
    module += "func.func @main() {\n%s  return\n}\n}\n" % "".join(
        "  call @case%d() : () -> ()\n" % i for i, _ in batch)
    whole = os.path.join(workdir, "%s.mlir" % tag)
    with open(whole, "w") as f:
        f.write(module)
    printed = base.lower_and_run(args, whole)
    if isinstance(printed, str):
        return printed
    return base.split_printed(printed, [len(case.expected) for _, case in batch])


def check_batch(args, batch, workdir, tag):
    outputs = run_batch(args, batch, workdir, tag)
    if isinstance(outputs, str):
        if len(batch) == 1:
            return ["MISMATCH %s: %s" % (batch[0][1].name, outputs)]
        half = len(batch) // 2
        return (check_batch(args, batch[:half], workdir, tag + "a") +
                check_batch(args, batch[half:], workdir, tag + "b"))
    messages = []
    for (_, case), printed in zip(batch, outputs):
        for k, (values, want) in enumerate(zip(printed, case.expected)):
            why = base.compare(base.decode([int(v) for v in values], want), want)
            if why:
                messages.append("MISMATCH %s (gradient of operand %d): %s; inputs %s" % (
                    case.name, case.wrt[k], why,
                    [o.value.tolist() if isinstance(o, base.Tensor) else o.value
                     for o in case.case.operands]))
    return messages


def check_refused(args, case, workdir, index):
    """A case whose backward PyTorch refuses: --tg-vjp must fail too."""
    source = os.path.join(workdir, "refused%d.mlir" % index)
    with open(source, "w") as f:
        f.write(case.function(index))
    run = subprocess.run([args.opt, source, "--tg-vjp"], capture_output=True, text=True)
    if run.returncode == 0 or "no derivative rule" not in run.stderr:
        return ["MISMATCH %s: PyTorch refuses its backward (%s), but --tg-vjp %s" % (
            case.name, case.refusal,
            "succeeds" if run.returncode == 0 else "fails otherwise: " + run.stderr[:500])]
    return []


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--opt", required=True, help="dynamir-opt")
    parser.add_argument("--runner", required=True)
    parser.add_argument("--runner-utils", required=True)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--batch", type=int, default=100)
    parser.add_argument("--filter", default="", help="only cases whose name has this")
    args = parser.parse_args()
    torch.manual_seed(args.seed)
    rng = np.random.default_rng(args.seed + 1)

    cases = [VjpCase(c, rng) for c in base.all_cases(args.seed) + extra_cases(args.seed)
             if args.filter in c.name]
    outcome = [(c, c.compute_expected(rng)) for c in cases]
    compared = [c for c, o in outcome if o is True]
    refused = [c for c, o in outcome if o == "refused"]
    kernels = sum(1 for _, o in outcome if o == "kernel")
    indexed = list(enumerate(compared))
    batches = [indexed[i:i + args.batch] for i in range(0, len(indexed), args.batch)]
    messages = []
    with tempfile.TemporaryDirectory() as workdir:
        with concurrent.futures.ThreadPoolExecutor(args.jobs) as pool:
            futures = [pool.submit(check_batch, args, batch, workdir, "batch%d" % i)
                       for i, batch in enumerate(batches)]
            for future in futures:
                messages += future.result()
        for index, case in enumerate(refused):
            messages += check_refused(args, case, workdir, index)
    for message in messages:
        print(message)
    print("%d cases differentiated, %d refused by PyTorch and --tg-vjp, %d without a "
          "PyTorch kernel, %d mismatches" % (len(compared), len(refused), kernels,
                                             len(messages)))
    return 1 if messages else 0


if __name__ == "__main__":
    sys.exit(main())
