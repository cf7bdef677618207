#!/usr/bin/env python3
"""Differential test of --convert-tg-to-linalg against PyTorch eager (CPU).

Generates many cases (every tg op; bool, integer and floating dtypes;
broadcasting; Python-number operands; negative values, zeros, NaN and
infinities where they matter), each a function whose inputs are dense
constants. The functions of a batch form one module, which dynamir-opt lowers
with --convert-tg-to-linalg and upstream passes down to LLVM and
mlir-cpu-runner runs. Each result is printed as the bits of its elements
(floats bit-cast to integers), so the comparison with PyTorch's result is not
limited by printing precision: exact for bool and integers, within a stated
tolerance for floats, NaN in the same places.

    check-tg-to-linalg.py --opt DYNAMIR_OPT --runner P --runner-utils DIR
                          [--seed N] [--jobs N]

Prints each mismatch (a line starting with MISMATCH) and a summary line; exits
1 on any mismatch. Run with a Python that has torch (Debian's python3-torch).
"""

import argparse
import concurrent.futures
import os
import random
import re
import subprocess
import sys
import tempfile

import numpy as np
import torch
import torch.nn.functional as F

MLIR_DTYPES = {
    torch.bool: "i1", torch.uint8: "ui8", torch.int8: "i8", torch.int16: "i16",
    torch.int32: "i32", torch.int64: "i64", torch.float16: "f16",
    torch.bfloat16: "bf16", torch.float32: "f32", torch.float64: "f64",
}
INTS = [torch.uint8, torch.int8, torch.int16, torch.int32, torch.int64]
FLOATS = [torch.float16, torch.bfloat16, torch.float32, torch.float64]
ALL = [torch.bool] + INTS + FLOATS
# The bit patterns of floats, as the runner prints them.
BITS = {torch.float16: (np.uint16, np.float16), torch.float32: (np.uint32, np.float32),
        torch.float64: (np.uint64, np.float64)}

# |got - want| <= ATOL + RTOL * |want|: a few units in the last place of the
# dtype. PyTorch's vectorized transcendental functions (Sleef) and its
# blocked summation order differ from libm and a sequential loop by that.
# Products of bf16 matrices get the error bound of their summation instead
# (see contraction_bound): some of PyTorch's bf16 GEMM paths round every
# product and partial sum to bf16, the lowering accumulates in f32, and with
# cancellation the two differ by more than a few ulps of the result.
TOLERANCE = {
    torch.float16: (2e-3, 2e-3), torch.bfloat16: (1.6e-2, 1.6e-2),
    torch.float32: (1e-5, 1e-5), torch.float64: (1e-12, 1e-12),
}

PIPELINE = [
    "--convert-tg-to-linalg", "--one-shot-bufferize=bufferize-function-boundaries",
    "--convert-linalg-to-loops", "--expand-strided-metadata", "--lower-affine",
    "--convert-scf-to-cf", "--arith-expand", "--convert-math-to-llvm",
    "--convert-math-to-libm", "--convert-arith-to-llvm", "--convert-index-to-llvm",
    "--finalize-memref-to-llvm", "--convert-func-to-llvm", "--convert-cf-to-llvm",
    "--reconcile-unrealized-casts",
]


def tensor_type(shape, dtype):
    return "tensor<%s%s>" % ("".join("%dx" % d for d in shape), MLIR_DTYPES[dtype])


def float_literal(value, dtype):
    """An MLIR literal of a float element: decimal for finite values, the bit
    pattern for NaN and infinities."""
    value = float(value)
    if np.isfinite(value):
        return "%.17e" % value
    if dtype == torch.bfloat16:
        bits = int(torch.tensor(value, dtype=torch.bfloat16).view(torch.int16)) & 0xFFFF
        return "0x%04X" % bits
    utype, ftype = BITS[dtype]
    return "0x%X" % int(np.array(value, dtype=ftype).view(utype))


def element_literal(value, dtype):
    if dtype == torch.bool:
        return "true" if value else "false"
    if dtype.is_floating_point:
        return float_literal(value, dtype)
    return str(int(value))


def dense_literal(tensor):
    def nested(t):
        if t.dim() == 0:
            return element_literal(t.item(), t.dtype)
        return "[" + ", ".join(nested(s) for s in t) + "]"
    if tensor.dim() == 0:
        return "dense<%s>" % nested(tensor)
    return "dense<%s>" % nested(tensor)


class Tensor:
    """A tensor operand: a dense constant."""

    def __init__(self, value):
        self.value = value

    def mlir_type(self):
        return tensor_type(tuple(self.value.shape), self.value.dtype)

    def mlir_def(self, name):
        return "%%%s = tg.constant %s : %s" % (name, dense_literal(self.value),
                                               self.mlir_type())

    def torch_value(self):
        return self.value.clone()


class Scalar:
    """A Python number operand: an arith.constant of f64, i64 or i1."""

    def __init__(self, value):
        self.value = value

    def mlir_type(self):
        return {bool: "i1", int: "i64", float: "f64"}[type(self.value)]

    def mlir_def(self, name):
        v = self.value
        if isinstance(v, bool):
            # A bool attribute carries its type.
            return "%%%s = arith.constant %s" % (name, "true" if v else "false")
        if isinstance(v, int):
            literal = str(v)
        else:
            literal = float_literal(v, torch.float64)
        return "%%%s = arith.constant %s : %s" % (name, literal, self.mlir_type())

    def torch_value(self):
        return self.value


class Values:
    """Seeded generators of operand values."""

    def __init__(self, rng):
        self.rng = rng

    def tensor(self, shape, dtype, kind="any"):
        rng, n = self.rng, int(np.prod(shape, dtype=np.int64))
        if dtype == torch.bool:
            data = rng.integers(0, 2, n).astype(bool)
        elif dtype == torch.uint8:
            data = rng.integers(0 if kind != "nonzero" else 1, 256, n)
            if kind == "small":
                data = rng.integers(0, 6, n)
        elif not dtype.is_floating_point:
            lo, hi = {"small": (-4, 5), "exponent": (-3, 6)}.get(kind, (-60, 61))
            if dtype != torch.int8 and kind == "any":
                lo, hi = -1000, 1001
            data = rng.integers(lo, hi, n)
            if kind == "nonzero":
                data[data == 0] = 7
            if kind == "ties":
                data = rng.integers(-2, 3, n)
        else:
            if kind == "positive":
                data = rng.uniform(0.1, 5.0, n)
            elif kind == "finite":
                data = rng.uniform(-300.0, 300.0, n)
            elif kind == "exponent":
                data = rng.integers(-3, 4, n).astype(float)
                data[rng.random(n) < 0.3] = 0.5
            else:
                data = np.round(rng.normal(0.0, 3.0, n), 3)
                if kind == "special" and n:
                    specials = [0.0, -0.0, float("nan"), float("inf"), -float("inf"), 1.0]
                    mask = rng.random(n) < 0.35
                    data[mask] = rng.choice(specials, int(mask.sum()))
                if kind == "ties" and n:
                    data = rng.integers(-2, 3, n).astype(float)
                    data[rng.random(n) < 0.15] = float("nan")
        return Tensor(torch.tensor(data.reshape(shape)).to(dtype))

    def scalar(self, kind):
        if kind is bool:
            return Scalar(bool(self.rng.integers(0, 2)))
        if kind is int:
            return Scalar(int(self.rng.choice([-3, -2, 2, 3, 5])))
        return Scalar(float(self.rng.choice([-2.5, -1.0, 0.5, 1.5, 3.0])))


class Case:
    """One function: operands, tg ops producing results, and PyTorch's
    computation of the same results."""

    def __init__(self, name, operands, body, torch_fn, bound=None):
        # body(names) -> (MLIR lines, result names)
        self.name, self.operands, self.body = name, operands, body
        self.torch_fn = torch_fn
        self.expected = None
        # An absolute error bound per result element, beyond the tolerance.
        self.bound = bound

    def compute_expected(self):
        """PyTorch's results, or None when PyTorch refuses (no CPU kernel for
        the dtype, or an invalid combination)."""
        try:
            result = self.torch_fn(*[o.torch_value() for o in self.operands])
        except (RuntimeError, TypeError, ValueError, IndexError) as e:
            self.refusal = str(e).splitlines()[0]
            return None
        results = list(result) if isinstance(result, tuple) else [result]
        if any(r.numel() == 0 for r in results):
            self.refusal = "empty result"
            return None
        self.expected = results
        return results

    def mlir(self, index):
        names = ["a%d" % i for i in range(len(self.operands))]
        lines = [o.mlir_def(n) for o, n in zip(self.operands, names)]
        body, results = self.body(names, [o.mlir_type() for o in self.operands])
        lines += body
        for i, (name, want) in enumerate(zip(results, self.expected)):
            lines += print_lines(name, want, "p%d" % i)
        return "func.func @case%d() {\n  %s\n  return\n}\n" % (
            index, "\n  ".join(lines))


def print_lines(name, want, tag):
    """Lines that print result `%name` (of PyTorch's dtype and shape) as i64s:
    integers sign- or zero-extended, floats as their bits."""
    shape, dtype = tuple(want.shape), want.dtype
    value = "%" + name
    lines = []
    if dtype == torch.uint8:
        lines.append("%%%s_u = tg.to %s : %s to %s" % (
            tag, value, tensor_type(shape, dtype), tensor_type(shape, torch.int64)))
        value, dtype = "%%%s_u" % tag, torch.int64
    elem = MLIR_DTYPES[dtype]
    rank = len(shape)
    dims = ", ".join("d%d" % i for i in range(rank))
    amap = "affine_map<(%s) -> (%s)>" % (dims, dims)
    if dtype.is_floating_point:
        width = {"f16": 16, "bf16": 16, "f32": 32, "f64": 64}[elem]
        convert = ["%%b = arith.bitcast %%in : %s to i%d" % (elem, width)]
        if width < 64:
            convert.append("%%x = arith.extui %%b : i%d to i64" % width)
        else:
            convert.append("%x = arith.addi %b, %zero : i64")
    elif dtype == torch.bool:
        convert = ["%x = arith.extui %in : i1 to i64"]
    elif dtype == torch.int64:
        convert = ["%x = arith.addi %in, %zero : i64"]
    else:
        convert = ["%%x = arith.extsi %%in : %s to i64" % elem]
    out = tensor_type(shape, torch.int64)
    lines += [
        "%%%s_e = tensor.empty() : %s" % (tag, out),
        "%%%s_g = linalg.generic {indexing_maps = [%s, %s], iterator_types = [%s]} "
        "ins(%s : %s) outs(%%%s_e : %s) {" % (
            tag, amap, amap, ", ".join(['"parallel"'] * rank), value,
            tensor_type(shape, dtype), tag, out),
        "^bb0(%%in: %s, %%o: i64):" % elem,
        "  %zero = arith.constant 0 : i64",
    ] + ["  " + c for c in convert] + [
        "  linalg.yield %x : i64",
        "} -> %s" % out,
        "%%%s_m = bufferization.to_memref %%%s_g : memref<%si64>" % (
            tag, tag, "".join("%dx" % d for d in shape)),
        "%%%s_c = memref.cast %%%s_m : memref<%si64> to memref<*xi64>" % (
            tag, tag, "".join("%dx" % d for d in shape)),
        "call @printMemrefI64(%%%s_c) : (memref<*xi64>) -> ()" % tag,
    ]
    return lines


def decode(values, want):
    """The printed i64s as a numpy array of PyTorch's dtype and shape."""
    dtype = want.dtype
    raw = np.array(values, dtype=np.int64)
    if dtype == torch.bfloat16:
        bits = torch.tensor((raw & 0xFFFF).astype(np.int32)).to(torch.int16)
        return bits.view(torch.bfloat16).float().numpy().reshape(tuple(want.shape))
    if dtype.is_floating_point:
        utype, ftype = BITS[dtype]
        return raw.astype(np.uint64).astype(utype).view(ftype).reshape(tuple(want.shape))
    return raw.reshape(tuple(want.shape))


def contraction_bound(*operands, linear=False):
    """The error bound of a bf16 matrix product summed in bf16: (k + 1) units
    of bf16 rounding (2^-8) times the product of the magnitudes; the bias of
    `linear`, when there is one, adds one more rounding of its own size."""
    a, b = operands[0].double().abs(), operands[1].double().abs()
    if linear:
        b = b.t()  # input @ weight^T
    k = a.shape[-1]
    bound = torch.matmul(a, b) * (k + 1) * 2.0 ** -8
    if len(operands) == 3:
        bound = bound + operands[2].double().abs() * 2.0 ** -8
    return bound.numpy()


def compare(got, want, bound=None):
    """None when `got` (numpy) matches `want` (a torch tensor), else why not."""
    dtype = want.dtype
    if dtype == torch.bfloat16:
        w = want.float().numpy()
    elif dtype == torch.bool:
        w = want.numpy().astype(np.int64)
    else:
        w = want.numpy()
    if not dtype.is_floating_point:
        bad = got != w.astype(np.int64)
        if bad.any():
            return "got %s, want %s" % (got.tolist(), w.tolist())
        return None
    g, w = got.astype(np.float64), w.astype(np.float64)
    rtol, atol = TOLERANCE[dtype]
    nan_g, nan_w = np.isnan(g), np.isnan(w)
    same_inf = np.isinf(w) & (g == w)
    with np.errstate(invalid="ignore"):
        close = np.abs(g - w) <= atol + rtol * np.abs(w)
        if bound is not None:
            close |= np.abs(g - w) <= bound
    ok = (nan_g & nan_w) | (~nan_g & ~nan_w & (same_inf | close))
    if not ok.all():
        return "got %s, want %s" % (g.tolist(), w.tolist())
    return None


#===------------------------------------------------------------------------===#
# The cases
#===------------------------------------------------------------------------===#

def op_body(template):
    """A body whose op is `template` formatted with operand names (`{0}`,
    ...) and types (`{t0}`, ...); one result `%r`."""
    def body(names, types):
        args = {("t%d" % i): t for i, t in enumerate(types)}
        line = "%r = " + template.format(*["%" + n for n in names], **args)
        return [line], ["r"]
    return body


BINARY = {
    # name: (torch function, tensor-only, divisor needs nonzero integers)
    "add": (lambda a, b: a + b, False),
    "sub": (lambda a, b: a - b, False),
    "mul": (lambda a, b: a * b, False),
    "div": (lambda a, b: a / b, False),
    "floordiv": (lambda a, b: a // b, False),
    "remainder": (lambda a, b: a % b, False),
    "pow": (lambda a, b: a ** b, False),
    "maximum": (torch.maximum, True),
    "minimum": (torch.minimum, True),
    "bitwise_and": (lambda a, b: a & b, False),
    "bitwise_or": (lambda a, b: a | b, False),
    "bitwise_xor": (lambda a, b: a ^ b, False),
    "logical_and": (torch.logical_and, True),
    "logical_or": (torch.logical_or, True),
    "logical_xor": (torch.logical_xor, True),
}
COMPARE = {"eq": lambda a, b: a == b, "ne": lambda a, b: a != b,
           "lt": lambda a, b: a < b, "le": lambda a, b: a <= b,
           "gt": lambda a, b: a > b, "ge": lambda a, b: a >= b}
SHAPE_PAIRS = [((2, 3), (2, 3)), ((4, 1), (3,)), ((2, 1, 3), (1, 4, 1)),
               ((), (3,)), ((3,), ()), ((1,), (2, 2))]


def binary_operand_kinds(op, dtype, side):
    """Values that exercise `op` without asking for what PyTorch refuses or
    leaves undefined (integer division by zero, huge integer powers)."""
    if op in ("floordiv", "remainder") and side == 1 and not dtype.is_floating_point:
        return "nonzero"
    if op == "pow":
        return "exponent" if side == 1 else ("small" if not dtype.is_floating_point
                                              else "any")
    return "special" if dtype.is_floating_point else "any"


def binary_cases(values, rng):
    cases = []
    ops = list(BINARY) + ["cmp_" + p for p in COMPARE]
    for op in ops:
        if op.startswith("cmp_"):
            pred = op[4:]
            fn, tensor_only = COMPARE[pred], False
            template = "tg.cmp %s {0}, {1} : {t0}, {t1}" % pred
        else:
            fn, tensor_only = BINARY[op]
            template = "tg.%s {0}, {1} : {t0}, {t1}" % op
        combos = [(d, d, SHAPE_PAIRS[0]) for d in ALL]
        for _ in range(8):
            combos.append((rng.choice(ALL), rng.choice(ALL),
                           SHAPE_PAIRS[int(rng.integers(len(SHAPE_PAIRS)))]))
        for da, db, (sa, sb) in combos:
            a = values.tensor(sa, da, binary_operand_kinds(op, da, 0))
            b = values.tensor(sb, db, binary_operand_kinds(op, db, 1))
            cases.append(Case("%s(%s%s, %s%s)" % (op, da, list(sa), db, list(sb)),
                              [a, b], op_body(template), fn))
        if tensor_only:
            continue
        for kind in (float, int, bool):
            for dtype in (rng.choice(INTS), rng.choice(FLOATS), torch.bool):
                t = values.tensor((2, 3), dtype, binary_operand_kinds(op, dtype, 0))
                s = values.scalar(kind)
                cases.append(Case("%s(%s, %s)" % (op, dtype, kind.__name__), [t, s],
                                  op_body(template), fn))
                t = values.tensor((3,), dtype, binary_operand_kinds(op, dtype, 1))
                if op == "pow" and not dtype.is_floating_point and kind is int:
                    s = Scalar(2)
                cases.append(Case("%s(%s, %s)" % (op, kind.__name__, dtype), [s, t],
                                  op_body(template), fn))
    return cases


UNARY = {
    "neg": torch.neg, "abs": torch.abs, "relu": torch.relu, "exp": torch.exp,
    "log": torch.log, "sqrt": torch.sqrt, "rsqrt": torch.rsqrt, "sin": torch.sin,
    "cos": torch.cos, "tanh": torch.tanh, "sigmoid": torch.sigmoid,
    "silu": F.silu, "logical_not": torch.logical_not, "bitwise_not": torch.bitwise_not,
}


def unary_cases(values, rng):
    cases = []
    for op, fn in UNARY.items():
        for dtype in ALL:
            x = values.tensor((2, 5), dtype, "special" if dtype.is_floating_point else "any")
            cases.append(Case("%s(%s)" % (op, dtype), [x],
                              op_body("tg.%s {0} : {t0}" % op), fn))
    for approximate in ("none", "tanh"):
        for dtype in FLOATS:
            x = values.tensor((3, 4), dtype, "special")
            suffix = "" if approximate == "none" else " approximate tanh"
            cases.append(Case("gelu_%s(%s)" % (approximate, dtype), [x],
                              op_body("tg.gelu {0}%s : {t0}" % suffix),
                              lambda x, a=approximate: F.gelu(x, approximate=a)))
    return cases


def where_clamp_cases(values, rng):
    cases = []
    for _ in range(14):
        da, db = rng.choice(ALL), rng.choice(ALL)
        c = values.tensor((2, 1), torch.bool)
        a = values.tensor((1, 3), da, "special" if da.is_floating_point else "any")
        b = values.tensor((3,), db, "special" if db.is_floating_point else "any")
        cases.append(Case("where(%s, %s)" % (da, db), [c, a, b],
                          op_body("tg.where {0}, {1}, {2} : {t0}, {t1}, {t2}"),
                          torch.where))
    for kind in (float, int):
        c = values.tensor((2, 3), torch.bool)
        a = values.tensor((2, 3), torch.int32)
        cases.append(Case("where(i32, %s)" % kind.__name__, [c, a, values.scalar(kind)],
                          op_body("tg.where {0}, {1}, {2} : {t0}, {t1}, {t2}"),
                          torch.where))
    nan = float("nan")
    bounds = [(-1.0, 2.0), (2.0, -1.0), (None, 0.5), (-0.5, None), (nan, None),
              (None, nan), (nan, 1.0), (0.0, nan), (-2, 3), (None, 1)]
    for lo, hi in bounds:
        for dtype in (torch.float32, torch.float64, torch.int32, torch.float16):
            x = values.tensor((2, 4), dtype, "special" if dtype.is_floating_point else "any")
            ops = [x]
            text = "tg.clamp {0}"
            index = 1
            for key, bound in (("min", lo), ("max", hi)):
                if bound is None:
                    continue
                ops.append(Scalar(bound))
                text += " %s({%d} : {t%d})" % (key, index, index)
                index += 1
            text += " : {t0}"
            cases.append(Case("clamp(%s, %s, %s)" % (dtype, lo, hi), ops, op_body(text),
                              lambda x, *b, lo=lo, hi=hi: torch.clamp(x, min=lo, max=hi)))
    for dtype in (torch.float32, torch.int64, torch.float64):
        x = values.tensor((2, 3), dtype, "special" if dtype.is_floating_point else "any")
        lo = values.tensor((3,), dtype, "special" if dtype.is_floating_point else "any")
        hi = values.tensor((2, 1), dtype, "special" if dtype.is_floating_point else "any")
        cases.append(Case("clamp(%s, tensor, tensor)" % dtype, [x, lo, hi],
                          op_body("tg.clamp {0} min({1} : {t1}) max({2} : {t2}) : {t0}"),
                          lambda x, lo, hi: torch.clamp(x, lo, hi)))
        cases.append(Case("clamp(%s, tensor)" % dtype, [x, lo],
                          op_body("tg.clamp {0} min({1} : {t1}) : {t0}"),
                          lambda x, lo: torch.clamp(x, min=lo)))
    return cases


def to_cases(values, rng):
    cases = []
    for src in ALL:
        for dst in ALL:
            kind = "any"
            if src.is_floating_point:
                kind = "finite" if not dst.is_floating_point else "special"
            x = values.tensor((2, 4), src, kind)
            cases.append(Case("to(%s -> %s)" % (src, dst), [x],
                              op_body("tg.to {0} : {t0} to %s" % tensor_type((2, 4), dst)),
                              lambda x, d=dst: x.to(d)))
    return cases


def bound_of(dtype, linear=False):
    if dtype != torch.bfloat16:
        return None
    return lambda *operands: contraction_bound(*operands, linear=linear)


def matmul_cases(values, rng):
    cases = []
    shapes = [((3,), (3,)), ((2, 3), (3,)), ((3,), (3, 4)), ((2, 3), (3, 4)),
              ((2, 2, 3), (2, 3, 4)), ((2, 2, 3), (3, 4)), ((3,), (2, 3, 4)),
              ((2, 1, 2, 3), (3, 3, 2)), ((2, 3), (2, 3, 4)), ((2, 3, 4), (4,)),
              ((1, 2, 3), (4, 3, 2))]
    dtypes = [torch.float32, torch.float64, torch.int32, torch.int64,
              torch.bfloat16, torch.float16, torch.uint8]
    for sa, sb in shapes:
        for dtype in dtypes:
            a = values.tensor(sa, dtype, "small" if not dtype.is_floating_point else "any")
            b = values.tensor(sb, dtype, "small" if not dtype.is_floating_point else "any")
            cases.append(Case("matmul(%s, %s, %s)" % (dtype, list(sa), list(sb)), [a, b],
                              op_body("tg.matmul {0}, {1} : {t0}, {t1}"), torch.matmul,
                              bound_of(dtype)))
    for dtype in (torch.float32, torch.int64, torch.bfloat16):
        kind = "small" if not dtype.is_floating_point else "any"
        a, b = values.tensor((2, 3), dtype, kind), values.tensor((3, 4), dtype, kind)
        cases.append(Case("mm(%s)" % dtype, [a, b],
                          op_body("tg.mm {0}, {1} : {t0}, {t1}"), torch.mm,
                          bound_of(dtype)))
        a, b = values.tensor((2, 2, 3), dtype, kind), values.tensor((2, 3, 4), dtype, kind)
        cases.append(Case("bmm(%s)" % dtype, [a, b],
                          op_body("tg.bmm {0}, {1} : {t0}, {t1}"), torch.bmm,
                          bound_of(dtype)))
    for dtype in (torch.float32, torch.float64, torch.bfloat16, torch.int64):
        kind = "small" if not dtype.is_floating_point else "any"
        for shape in ((4,), (2, 4), (2, 3, 4)):
            x, w = values.tensor(shape, dtype, kind), values.tensor((5, 4), dtype, kind)
            cases.append(Case("linear(%s, %s)" % (dtype, list(shape)), [x, w],
                              op_body("tg.linear {0}, {1} : {t0}, {t1}"), F.linear,
                              bound_of(dtype, linear=True)))
            for bshape in ((5,), (1,), ()):
                bias = values.tensor(bshape, dtype, kind)
                cases.append(Case("linear(%s, %s, bias %s)" % (dtype, list(shape), list(bshape)),
                                  [x, w, bias],
                                  op_body("tg.linear {0}, {1}, {2} : {t0}, {t1}, {t2}"),
                                  F.linear, bound_of(dtype, linear=True)))
    return cases


def reduction_cases(values, rng):
    cases = []
    reductions = {"sum": torch.sum, "mean": torch.mean, "amax": torch.amax,
                  "amin": torch.amin}
    dims_list = [None, [], [0], [1], [-1], [0, 2]]
    for op, fn in reductions.items():
        for dtype in ALL:
            for dims in dims_list:
                for keepdim in (False, True):
                    if rng.random() < 0.6:
                        continue
                    x = values.tensor((2, 3, 4), dtype,
                                      "special" if dtype.is_floating_point else "any")
                    text = "tg.%s {0}" % op
                    if dims is not None:
                        text += " dims [%s]" % ", ".join(map(str, dims))
                    if keepdim:
                        text += " keepdim"
                    text += " : {t0}"
                    def call(x, fn=fn, dims=dims, keepdim=keepdim):
                        if dims is None or dims == []:
                            if fn in (torch.amax, torch.amin):
                                return fn(x, dim=[], keepdim=keepdim)
                            return fn(x, dim=list(range(x.dim())), keepdim=keepdim)
                        return fn(x, dim=dims, keepdim=keepdim)
                    cases.append(Case("%s(%s, %s, keepdim=%s)" % (op, dtype, dims, keepdim),
                                      [x], op_body(text), call))
        for dtype in (torch.float32, torch.int64):
            x = values.tensor((), dtype)
            cases.append(Case("%s(0-d %s)" % (op, dtype), [x],
                              op_body("tg.%s {0} : {t0}" % op), fn))
    for op, fn in (("max_dim", torch.max), ("min_dim", torch.min)):
        for dtype in ALL:
            for dim, keepdim in ((0, False), (1, True), (-1, False)):
                x = values.tensor((3, 4), dtype, "ties")
                text = "tg.%s {0} dim %d%s : {t0}" % (op, dim, " keepdim" if keepdim else "")
                def body(names, types, text=text):
                    line = "%v, %i = " + text.format(*["%" + n for n in names],
                                                       **{"t0": types[0]})
                    return [line], ["v", "i"]
                cases.append(Case("%s(%s, %d, keepdim=%s)" % (op, dtype, dim, keepdim), [x],
                                  body, lambda x, fn=fn, d=dim, k=keepdim: tuple(fn(x, d, k))))
    for op, fn in (("softmax", torch.softmax), ("log_softmax", torch.log_softmax)):
        for dtype in FLOATS:
            for dim in (0, -1, 1):
                x = values.tensor((3, 4), dtype, "any")
                if rng.random() < 0.3:
                    x.value[0, 0] = float("-inf")
                cases.append(Case("%s(%s, %d)" % (op, dtype, dim), [x],
                                  op_body("tg.%s {0} dim %d : {t0}" % (op, dim)),
                                  lambda x, fn=fn, d=dim: fn(x, d)))
        x = values.tensor((2, 5), torch.float32, "special")
        cases.append(Case("%s(f32 special)" % op, [x],
                          op_body("tg.%s {0} dim 1 : {t0}" % op), lambda x, fn=fn: fn(x, 1)))
    return cases


def shape_cases(values, rng):
    cases = []

    def dtype():
        return ALL[int(rng.integers(len(ALL)))]

    def add(name, operands, text, fn):
        cases.append(Case(name, operands, op_body(text), fn))

    for shape, new in (((2, 3, 4), [6, 4]), ((2, 3, 4), [4, -1]), ((6,), [2, 3]),
                       ((2, 3), [3, 2]), ((2, 3), [-1]), ((1,), []), ((), [1, 1]),
                       ((2, 6), [4, 1, 3])):
        add("reshape(%s -> %s)" % (list(shape), new), [values.tensor(shape, dtype())],
            "tg.reshape {0} [%s] : {t0}" % ", ".join(map(str, new)),
            lambda x, n=new: x.reshape(n))
    for shape, start, end in (((2, 3, 4), 0, -1), ((2, 3, 4), 1, 2), ((2, 3, 4), 0, 1),
                              ((), 0, -1), ((5,), 0, 0)):
        add("flatten(%s, %d, %d)" % (list(shape), start, end), [values.tensor(shape, dtype())],
            "tg.flatten {0} start %d end %d : {t0}" % (start, end),
            lambda x, s=start, e=end: torch.flatten(x, s, e))
    for shape, dims in (((2, 3, 4), [2, 0, 1]), ((2, 3), [1, 0]), ((2, 3, 4), [-1, 1, 0]),
                        ((3,), [0])):
        add("permute(%s, %s)" % (list(shape), dims), [values.tensor(shape, dtype())],
            "tg.permute {0} [%s] : {t0}" % ", ".join(map(str, dims)),
            lambda x, d=dims: x.permute(d))
    for shape, dim in (((2, 3), 0), ((2, 3), 1), ((2, 3), 2), ((2, 3), -1), ((), 0)):
        add("unsqueeze(%s, %d)" % (list(shape), dim), [values.tensor(shape, dtype())],
            "tg.unsqueeze {0} dim %d : {t0}" % dim, lambda x, d=dim: x.unsqueeze(d))
    for shape, dims in (((1, 3, 1), None), ((1, 3, 1), [0]), ((1, 3, 1), [1]),
                        ((1, 3, 1), [-1]), ((1,), None), ((2, 1), [1])):
        text = "tg.squeeze {0}%s : {t0}" % (
            "" if dims is None else " dims [%s]" % ", ".join(map(str, dims)))
        add("squeeze(%s, %s)" % (list(shape), dims), [values.tensor(shape, dtype())], text,
            lambda x, d=dims: x.squeeze() if d is None else x.squeeze(d[0]))
    for shape, new in (((1, 3), [4, -1]), ((3, 1), [3, 2]), ((3,), [2, 3]),
                       ((), [2, 2]), ((1, 1), [2, 1, 3])):
        add("expand(%s, %s)" % (list(shape), new), [values.tensor(shape, dtype())],
            "tg.expand {0} [%s] : {t0}" % ", ".join(map(str, new)),
            lambda x, n=new: x.expand(n))
    for shapes, dim in ((((2, 3), (1, 3)), 0), (((2, 3), (2, 1), (2, 2)), 1),
                        (((2, 3), (2, 3)), -1), (((4,), (2,)), 0)):
        dtypes = [dtype() for _ in shapes]
        ops = [values.tensor(s, d) for s, d in zip(shapes, dtypes)]
        names = ", ".join("{%d}" % i for i in range(len(ops)))
        types = ", ".join("{t%d}" % i for i in range(len(ops)))
        add("cat(%s, %d)" % (dtypes, dim), ops, "tg.cat %s dim %d : %s" % (names, dim, types),
            lambda *xs, d=dim: torch.cat(xs, d))
    for shape, dim in (((2, 3), 0), ((2, 3), 1), ((2, 3), 2), ((2, 3), -1), ((), 0)):
        dtypes = [dtype(), dtype()]
        ops = [values.tensor(shape, d) for d in dtypes]
        add("stack(%s, %d)" % (dtypes, dim), ops, "tg.stack {0}, {1} dim %d : {t0}, {t1}" % dim,
            lambda *xs, d=dim: torch.stack(xs, d))
    for dim, start, end, step in ((1, 0, 4, 2), (1, 1, 100, 1), (0, -2, 3, 1),
                                  (1, -100, -1, 3), (-1, 2, 6, 2), (0, 0, 1, 1)):
        x = values.tensor((3, 6), dtype())
        def fn(x, dim=dim, start=start, end=end, step=step):
            index = [slice(None)] * x.dim()
            index[dim] = slice(start, end, step)
            return x[tuple(index)]
        add("slice(%d, %d, %d, %d)" % (dim, start, end, step), [x],
            "tg.slice {0} dim %d start %d end %d step %d : {t0}" % (dim, start, end, step), fn)
    for dim, index in ((0, 2), (1, -1), (-1, 0), (0, -3)):
        x = values.tensor((3, 4), dtype())
        add("select(%d, %d)" % (dim, index), [x],
            "tg.select {0} dim %d index %d : {t0}" % (dim, index),
            lambda x, d=dim, i=index: x.select(d, i))
    for op, fn in (("tril", torch.tril), ("triu", torch.triu)):
        for shape, diagonal in (((4, 4), 0), ((3, 5), 1), ((5, 3), -1), ((2, 3, 4), 2),
                                ((2, 2, 3), -5), ((3, 3), 7), ((0, 3), 0)):
            add("%s(%s, %d)" % (op, list(shape), diagonal), [values.tensor(shape, dtype())],
                "tg.%s {0} diagonal %d : {t0}" % (op, diagonal),
                lambda x, f=fn, d=diagonal: f(x, d))
    return cases


def creation_cases(values, rng):
    cases = []
    for dtype in ALL:
        for shape in ((2, 3), (), (4,)):
            x = values.tensor(shape, dtype, "special" if dtype.is_floating_point else "any")
            cases.append(Case("constant(%s, %s)" % (dtype, list(shape)), [x],
                              lambda names, types: ([], [names[0]]), lambda x: x))
        splat = Tensor(values.tensor((), dtype).value.expand(2, 2).contiguous())

        def splat_def(name, t=splat):
            return "%%%s = tg.constant dense<%s> : %s" % (
                name, element_literal(t.value.flatten()[0].item(), t.value.dtype),
                t.mlir_type())
        splat.mlir_def = splat_def
        cases.append(Case("constant(splat %s)" % dtype, [splat],
                          lambda names, types: ([], [names[0]]), lambda x: x))
    float_ranges = [(0.0, 5.0, 1.0), (0.1, 1.0, 0.3), (10.0, 1.0, -3.0), (-1.5, 2.0, 0.5)]
    int_ranges = [(0.0, 5.0, 1.0), (10.0, 1.0, -3.0), (-4.0, 7.0, 2.0)]
    for dtype in ALL[1:]:
        for start, end, step in (float_ranges if dtype.is_floating_point else int_ranges):
            want = torch.arange(start, end, step, dtype=dtype)
            text = "%%r = tg.arange %s, %s, %s : %s" % (
                float_literal(start, torch.float64), float_literal(end, torch.float64),
                float_literal(step, torch.float64), tensor_type(tuple(want.shape), dtype))
            cases.append(Case("arange(%s, %s, %s, %s)" % (start, end, step, dtype), [],
                              lambda names, types, t=text: ([t], ["r"]),
                              lambda s=start, e=end, st=step, d=dtype:
                              torch.arange(s, e, st, dtype=d)))
    for dtype in ALL:
        for n, m in ((3, 3), (2, 4), (4, 1)):
            text = "%%r = tg.eye : %s" % tensor_type((n, m), dtype)
            cases.append(Case("eye(%d, %d, %s)" % (n, m, dtype), [],
                              lambda names, types, t=text: ([t], ["r"]),
                              lambda n=n, m=m, d=dtype: torch.eye(n, m, dtype=d)))
    return cases


def all_cases(seed):
    rng = np.random.default_rng(seed)
    values = Values(rng)
    cases = []
    for family in (binary_cases, unary_cases, where_clamp_cases, to_cases,
                   matmul_cases, reduction_cases, shape_cases, creation_cases):
        cases += family(values, rng)
    return cases


#===------------------------------------------------------------------------===#
# Running
#===------------------------------------------------------------------------===#

def run_batch(args, batch, workdir, tag):
    """Lowers and runs the cases of `batch` (index, case) in one module; the
    per-case outputs (lists of printed i64 lists), or an error message."""
    module = "func.func private @printMemrefI64(memref<*xi64>)\n"
    module += "".join(case.mlir(i) for i, case in batch)
    module += "func.func @main() {\n%s  return\n}\n" % "".join(
        "  call @case%d() : () -> ()\n" % i for i, _ in batch)
    source = os.path.join(workdir, "%s.mlir" % tag)
    with open(source, "w") as f:
        f.write(module)
    printed = lower_and_run(args, source)
    if isinstance(printed, str):
        return printed
    return split_printed(printed, [len(case.expected) for _, case in batch])


def lower_and_run(args, source):
    """Lowers the module at `source` (with a @main that prints memrefs of
    i64) to LLVM and runs it: the printed memrefs' elements, or an error
    message."""
    lowered = subprocess.run([args.opt, source] + PIPELINE,
                             capture_output=True, text=True)
    if lowered.returncode != 0:
        return "dynamir-opt failed: " + lowered.stderr.strip()[:2000]
    utils = ",".join(os.path.join(args.runner_utils, lib) for lib in
                     ("libmlir_runner_utils.so", "libmlir_c_runner_utils.so"))
    run = subprocess.run([args.runner, "-e", "main", "-entry-point-result=void",
                          "-shared-libs=" + utils], input=lowered.stdout,
                         capture_output=True, text=True)
    if run.returncode != 0:
        return "mlir-cpu-runner failed (%d): %s" % (run.returncode, run.stderr[:2000])
    return [re.findall(r"-?\d+", block.split("data =", 1)[1])
            for block in run.stdout.split("Unranked Memref")[1:]]


def split_printed(printed, counts):
    """The printed memrefs, `counts[i]` for case i; or an error message."""
    outputs, next_block = [], 0
    for count in counts:
        outputs.append(printed[next_block:next_block + count])
        next_block += count
    if next_block != len(printed):
        return "expected %d printed results, got %d" % (next_block, len(printed))
    return outputs


def check_batch(args, batch, workdir, tag):
    """Mismatch messages of a batch; a batch that fails as a whole is split
    until the failing cases are found."""
    outputs = run_batch(args, batch, workdir, tag)
    if isinstance(outputs, str):
        if len(batch) == 1:
            return ["MISMATCH %s: %s" % (batch[0][1].name, outputs)]
        half = len(batch) // 2
        return (check_batch(args, batch[:half], workdir, tag + "a") +
                check_batch(args, batch[half:], workdir, tag + "b"))
    messages = []
    for (_, case), printed in zip(batch, outputs):
        for i, (values, want) in enumerate(zip(printed, case.expected)):
            bound = None
            if case.bound is not None:
                bound = case.bound(*[o.torch_value() for o in case.operands])
            why = compare(decode([int(v) for v in values], want), want, bound)
            if why:
                messages.append("MISMATCH %s (result %d): %s; inputs %s" % (
                    case.name, i, why,
                    [o.value.tolist() if isinstance(o, Tensor) else o.value
                     for o in case.operands]))
    return messages


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--opt", required=True, help="dynamir-opt")
    parser.add_argument("--runner", required=True)
    parser.add_argument("--runner-utils", required=True)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--batch", type=int, default=150)
    parser.add_argument("--filter", default="", help="only cases whose name has this")
    args = parser.parse_args()
    torch.manual_seed(args.seed)

    cases = [c for c in all_cases(args.seed) if args.filter in c.name]
    compared = [c for c in cases if c.compute_expected() is not None]
    refused = len(cases) - len(compared)
    indexed = list(enumerate(compared))
    batches = [indexed[i:i + args.batch] for i in range(0, len(indexed), args.batch)]
    messages = []
    with tempfile.TemporaryDirectory() as workdir:
        with concurrent.futures.ThreadPoolExecutor(args.jobs) as pool:
            futures = [pool.submit(check_batch, args, batch, workdir, "batch%d" % i)
                       for i, batch in enumerate(batches)]
            for future in futures:
                messages += future.result()
    for message in messages:
        print(message)
    print("%d cases, %d compared, %d refused by PyTorch, %d mismatches" % (
        len(cases), len(compared), refused, len(messages)))
    return 1 if messages else 0


if __name__ == "__main__":
    sys.exit(main())
