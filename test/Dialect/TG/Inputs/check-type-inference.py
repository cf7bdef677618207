#!/usr/bin/env python3
"""Differential test of tg's result-type inference against PyTorch.

For many combinations of ops, dtypes, shapes and Python-number operands, asks
PyTorch (on meta tensors where it has meta kernels, on small CPU tensors
otherwise) for the dtype and shape of the result, or whether it raises, and
asks dynamir-opt to infer the same op's result type. Prints every mismatch and
a summary line; exits 1 on any mismatch.

    check-type-inference.py DYNAMIR_OPT [--seed N] [--random N]

Run with a Python that has torch (Debian's python3-torch).
"""

import argparse
import itertools
import random
import subprocess
import sys

import torch

DTYPES = {
    torch.bool: "i1", torch.uint8: "ui8", torch.int8: "i8", torch.int16: "i16",
    torch.int32: "i32", torch.int64: "i64", torch.float16: "f16",
    torch.bfloat16: "bf16", torch.float32: "f32", torch.float64: "f64",
}
FLOATS = [torch.float16, torch.bfloat16, torch.float32, torch.float64]
SCALARS = {float: ("f64", 2.5), int: ("i64", 3), bool: ("i1", True)}


def mlir_tensor(shape, dtype):
    return "tensor<%s%s>" % ("".join("%dx" % d for d in shape), DTYPES[dtype])


class Operand:
    """A tensor (shape, dtype) or a Python number (kind)."""

    def __init__(self, shape=None, dtype=None, scalar=None):
        self.shape, self.dtype, self.scalar = shape, dtype, scalar

    def mlir_type(self):
        if self.scalar is not None:
            return SCALARS[self.scalar][0]
        return mlir_tensor(self.shape, self.dtype)

    def torch_value(self, device):
        if self.scalar is not None:
            return SCALARS[self.scalar][1]
        if device == "meta":
            return torch.empty(self.shape, dtype=self.dtype, device="meta")
        return torch.ones(self.shape, dtype=self.dtype)


class Case:
    def __init__(self, name, operands, torch_fn, mlir_op):
        self.name, self.operands = name, operands
        self.torch_fn, self.mlir_op = torch_fn, mlir_op

    def run(self, device):
        """('ok', dtype, shape) or ('error', message)."""
        try:
            result = self.torch_fn(*[o.torch_value(device) for o in self.operands])
        except (RuntimeError, NotImplementedError, TypeError, IndexError,
                ValueError) as e:
            return ("error", str(e).splitlines()[0] if str(e) else type(e).__name__)
        if isinstance(result, tuple):
            result = result[0]
        return ("ok", result.dtype, tuple(result.shape))

    def expected(self):
        """What PyTorch does: ('ok', dtype, shape), ('error', message), or
        None when it cannot tell (no CPU kernel for a reduced-precision dtype
        and no meta kernel)."""
        cpu = self.run("cpu")
        if cpu[0] == "ok":
            return cpu
        # CPU kernels of 1.13 lack many float16/bfloat16 variants that other
        # backends have: a limitation of the backend, not of the op. Meta
        # tensors then give the op's result type. Any other missing kernel
        # means the op does not exist for that dtype.
        if ("not implemented for 'Half'" in cpu[1] or
                "not implemented for 'BFloat16'" in cpu[1]):
            # Meta kernels do not check dtypes: the op must also exist for
            # float32 for the reduced-precision result to count.
            widened = Case(self.name, [Operand(o.shape, torch.float32)
                                       if o.dtype in (torch.float16, torch.bfloat16)
                                       else o for o in self.operands],
                           self.torch_fn, self.mlir_op)
            if widened.run("cpu")[0] != "ok":
                return cpu
            meta = self.run("meta")
            return meta if meta[0] == "ok" else None
        return cpu

    def mlir(self):
        args = ", ".join("%%a%d: %s" % (i, o.mlir_type())
                         for i, o in enumerate(self.operands))
        return "func.func @%s(%s) {\n  %s\n  return\n}" % (self.name, args, self.mlir_op)


def binary_cases(rng, count):
    ops = [
        ("add", torch.add), ("sub", torch.sub), ("mul", torch.mul),
        ("div", torch.div), ("floordiv", torch.floor_divide),
        ("remainder", torch.remainder), ("pow", torch.pow),
        ("maximum", torch.maximum), ("minimum", torch.minimum),
        ("bitwise_and", torch.bitwise_and), ("bitwise_or", torch.bitwise_or),
        ("bitwise_xor", torch.bitwise_xor), ("logical_and", torch.logical_and),
        ("logical_or", torch.logical_or), ("logical_xor", torch.logical_xor),
    ]
    shapes = [(), (4,), (1,), (3, 4), (3, 1), (1, 4), (2, 3, 4), (5,), (2, 1, 4)]
    cases = []
    # Every dtype pair, for every op, on compatible shapes.
    for (name, fn), (da, db) in itertools.product(ops, itertools.product(DTYPES, DTYPES)):
        a, b = Operand((3, 4), da), Operand((4,), db)
        cases.append((name, fn, [a, b]))
    # Python numbers on either side, and zero-dim tensors.
    for (name, fn), dt, kind in itertools.product(ops, DTYPES, SCALARS):
        cases.append((name, fn, [Operand((2, 3), dt), Operand(scalar=kind)]))
        cases.append((name, fn, [Operand(scalar=kind), Operand((2, 3), dt)]))
    for (name, fn), da, db in itertools.product(ops[:9], DTYPES, DTYPES):
        cases.append((name, fn, [Operand((2, 3), da), Operand((), db)]))
    # Random shapes, compatible or not.
    for _ in range(count):
        name, fn = rng.choice(ops)
        cases.append((name, fn, [Operand(rng.choice(shapes), rng.choice(list(DTYPES))),
                                 Operand(rng.choice(shapes), rng.choice(list(DTYPES)))]))
    result = []
    for i, (name, fn, operands) in enumerate(cases):
        mlir = "%%r = tg.%s %%a0, %%a1 : %s, %s" % (
            name, operands[0].mlir_type(), operands[1].mlir_type())
        result.append(Case("%s_%d" % (name, i), operands, fn, mlir))
    return result


def compare_cases():
    preds = {"eq": torch.eq, "ne": torch.ne, "lt": torch.lt, "le": torch.le,
             "gt": torch.gt, "ge": torch.ge}
    cases = []
    for i, ((pred, fn), da, db) in enumerate(itertools.product(preds.items(), DTYPES, DTYPES)):
        operands = [Operand((2, 3), da), Operand((3,), db)]
        cases.append(Case("cmp_%d" % i, operands, fn,
                          "%%r = tg.cmp %s %%a0, %%a1 : %s, %s" % (
                              pred, operands[0].mlir_type(), operands[1].mlir_type())))
    return cases


def unary_cases():
    ops = [("neg", torch.neg), ("abs", torch.abs), ("relu", torch.relu),
           ("exp", torch.exp), ("log", torch.log), ("sqrt", torch.sqrt),
           ("rsqrt", torch.rsqrt), ("sin", torch.sin), ("cos", torch.cos),
           ("tanh", torch.tanh), ("sigmoid", torch.sigmoid),
           ("silu", torch.nn.functional.silu), ("gelu", torch.nn.functional.gelu),
           ("logical_not", torch.logical_not), ("bitwise_not", torch.bitwise_not)]
    cases = []
    for i, ((name, fn), dt, shape) in enumerate(itertools.product(ops, DTYPES, [(), (2, 3)])):
        operand = Operand(shape, dt)
        cases.append(Case("%s_%d" % (name, i), [operand], fn,
                          "%%r = tg.%s %%a0 : %s" % (name, operand.mlir_type())))
    return cases


def other_cases():
    cases = []
    n = itertools.count()

    def add(operands, fn, mlir):
        cases.append(Case("case_%d" % next(n), operands, fn, mlir))

    # where and clamp.
    for dt, kind in itertools.product(DTYPES, [None, float, int]):
        b = Operand(scalar=kind) if kind else Operand((3,), torch.float32)
        ops = [Operand((2, 3), torch.bool), Operand((2, 3), dt), b]
        add(ops, torch.where, "%%r = tg.where %%a0, %%a1, %%a2 : %s, %s, %s"
            % tuple(o.mlir_type() for o in ops))
        ops = [Operand((2, 3), dt), Operand(scalar=kind or float)]
        add(ops, lambda x, lo: torch.clamp(x, min=lo),
            "%%r = tg.clamp %%a0 min(%%a1 : %s) : %s" % (ops[1].mlir_type(), ops[0].mlir_type()))
    # Matrix products.
    mats = [((3,), (3,)), ((2, 3), (3,)), ((3,), (3, 4)), ((2, 3), (3, 4)),
            ((5, 2, 3), (3, 4)), ((2, 3), (5, 3, 4)), ((5, 1, 2, 3), (4, 3, 2)),
            ((2, 3), (4, 5)), ((5, 2, 3), (6, 3, 4))]
    for (sa, sb), dt in itertools.product(mats, [torch.float32, torch.float64]):
        ops = [Operand(sa, dt), Operand(sb, dt)]
        add(ops, torch.matmul, "%%r = tg.matmul %%a0, %%a1 : %s, %s" % (
            ops[0].mlir_type(), ops[1].mlir_type()))
    add([Operand((2, 3), torch.float32), Operand((3, 4), torch.float64)], torch.matmul,
        "%r = tg.matmul %a0, %a1 : tensor<2x3xf32>, tensor<3x4xf64>")
    for sa, sb in [((2, 3), (3, 4)), ((2, 3), (4, 3)), ((2, 3, 4), (2, 4, 5)),
                   ((2, 3, 4), (3, 4, 5))]:
        ops = [Operand(sa, torch.float32), Operand(sb, torch.float32)]
        fn = torch.mm if len(sa) == 2 else torch.bmm
        add(ops, fn, "%%r = tg.%s %%a0, %%a1 : %s, %s" % (
            "mm" if len(sa) == 2 else "bmm", ops[0].mlir_type(), ops[1].mlir_type()))
    for sx in [(4, 8), (2, 4, 8), (8,), (4, 7)]:
        ops = [Operand(sx, torch.float32), Operand((16, 8), torch.float32),
               Operand((16,), torch.float32)]
        add(ops, torch.nn.functional.linear,
            "%%r = tg.linear %%a0, %%a1, %%a2 : %s, %s, %s" % tuple(o.mlir_type() for o in ops))
    # Reductions.
    for dt, dims, keep in itertools.product(DTYPES, [None, (1,), (0, 2), (-1,), (3,)], [False, True]):
        x = Operand((2, 3, 4), dt)
        attr = ("dims [%s] " % ", ".join(map(str, dims))) if dims else ""
        kd = "keepdim " if keep else ""
        for name, fn in [("sum", torch.sum), ("mean", torch.mean),
                         ("amax", torch.amax), ("amin", torch.amin)]:
            if dims is None:
                if name in ("amax", "amin"):
                    tfn = (lambda f, k: lambda t: f(t, dim=(0, 1, 2), keepdim=k))(fn, keep)
                else:
                    tfn = (lambda f, k: lambda t: f(t, dim=(0, 1, 2), keepdim=k) if k else f(t))(fn, keep)
            else:
                tfn = (lambda f, d, k: lambda t: f(t, dim=d, keepdim=k))(fn, dims, keep)
            add([x], tfn, "%%r = tg.%s %%a0 %s%s: %s" % (name, attr, kd, x.mlir_type()))
    for dt, dim, keep in itertools.product([torch.float32, torch.int32], [0, -1, 3], [False, True]):
        x = Operand((2, 3, 4), dt)
        add([x], lambda t, d=dim, k=keep: torch.max(t, dim=d, keepdim=k),
            "%%r:2 = tg.max_dim %%a0 dim %d %s: %s" % (dim, "keepdim " if keep else "", x.mlir_type()))
        add([x], lambda t, d=dim: torch.softmax(t, dim=d),
            "%%r = tg.softmax %%a0 dim %d : %s" % (dim, x.mlir_type()))
    # Shapes.
    x = Operand((2, 3, 4), torch.float32)
    t = x.mlir_type()
    for shape in [(6, 4), (-1, 4), (24,), (2, -1), (5, -1), (-1, -1), (4, 6), (7,)]:
        add([x], lambda v, s=shape: v.reshape(s),
            "%%r = tg.reshape %%a0 [%s] : %s" % (", ".join(map(str, shape)), t))
    for start, end in [(0, -1), (1, 2), (0, 0), (2, 1), (-2, -1), (0, 3)]:
        add([x], lambda v, s=start, e=end: torch.flatten(v, s, e),
            "%%r = tg.flatten %%a0 start %d end %d : %s" % (start, end, t))
    for dims in [(2, 0, 1), (0, 1, 2), (1, 1, 0), (0, 1), (-1, 0, 1)]:
        add([x], lambda v, d=dims: v.permute(d),
            "%%r = tg.permute %%a0 [%s] : %s" % (", ".join(map(str, dims)), t))
    for dim in [0, 3, -1, -4, 4, -5]:
        add([x], lambda v, d=dim: v.unsqueeze(d), "%%r = tg.unsqueeze %%a0 dim %d : %s" % (dim, t))
    y = Operand((1, 3, 1), torch.float32)
    for dims in [None, (0,), (1,), (0, 2), (-1,)]:
        fn = (lambda v: v.squeeze()) if dims is None else (
            lambda v, d=dims: v.squeeze(d[0]) if len(d) == 1 else v.squeeze(d[0]).squeeze(d[1] - 1))
        attr = "" if dims is None else "dims [%s] " % ", ".join(map(str, dims))
        add([y], fn, "%%r = tg.squeeze %%a0 %s: %s" % (attr, y.mlir_type()))
    for shape in [(4, 3, 5), (-1, 3, 5), (2, 1, 3, 7), (2, 3, 5), (3, 3, 3)]:
        add([y], lambda v, s=shape: v.expand(s),
            "%%r = tg.expand %%a0 [%s] : %s" % (", ".join(map(str, shape)), y.mlir_type()))
    for dim, (sa, sb), (da, db) in itertools.product(
            [0, 1, -1], [((2, 3), (4, 3)), ((2, 3), (2, 5)), ((2, 3), (2, 3))],
            [(torch.float32, torch.float32), (torch.int32, torch.float16)]):
        ops = [Operand(sa, da), Operand(sb, db)]
        add(ops, lambda a, b, d=dim: torch.cat([a, b], d),
            "%%r = tg.cat %%a0, %%a1 dim %d : %s, %s" % (dim, ops[0].mlir_type(), ops[1].mlir_type()))
        add(ops, lambda a, b, d=dim: torch.stack([a, b], d),
            "%%r = tg.stack %%a0, %%a1 dim %d : %s, %s" % (dim, ops[0].mlir_type(), ops[1].mlir_type()))
    z = Operand((3, 8), torch.float32)
    for dim, start, end, step in [(1, 0, 4, 2), (1, -3, 100, 1), (0, 5, 2, 1),
                                  (0, -100, 2, 1), (1, 1, 8, 3)]:
        add([z], lambda v, d=dim, s=start, e=end, st=step: v[(slice(None),) * d + (slice(s, e, st),)],
            "%%r = tg.slice %%a0 dim %d start %d end %d step %d : %s" % (dim, start, end, step, z.mlir_type()))
    for dim, index in [(0, 2), (1, -1), (0, 3), (1, 7), (-1, 0)]:
        add([z], lambda v, d=dim, i=index: v.select(d, i),
            "%%r = tg.select %%a0 dim %d index %d : %s" % (dim, index, z.mlir_type()))
    for name, fn in (("tril", torch.tril), ("triu", torch.triu)):
        for shape, dt in [((3, 4), torch.float32), ((2, 3, 3), torch.int64), ((4,), torch.bool),
                          ((), torch.float32)]:
            x = Operand(shape, dt)
            add([x], lambda v, f=fn: f(v, 1),
                "%%r = tg.%s %%a0 diagonal 1 : %s" % (name, x.mlir_type()))
    return cases


def result_types(opt, cases):
    text = "\n// -----\n".join(c.mlir() for c in cases)
    result = subprocess.run([opt, "--split-input-file", "--mlir-print-op-generic", "-"],
                            input=text, capture_output=True, text=True)
    found = {}
    for chunk in result.stdout.split("// -----"):
        name = None
        for line in chunk.splitlines():
            if "sym_name = \"" in line:
                name = line.split("sym_name = \"")[1].split("\"")[0]
            if name and "\"tg." in line and "->" in line:
                results = line.rsplit("->", 1)[1].strip()
                found[name] = results.strip("()").split(",")[0].strip()
    return found


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("dynamir_opt")
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--random", type=int, default=400)
    args = parser.parse_args()
    rng = random.Random(args.seed)
    cases = (binary_cases(rng, args.random) + compare_cases() + unary_cases() +
             other_cases())
    inferred = result_types(args.dynamir_opt, cases)
    compared = mismatches = no_oracle = errors_agreed = 0
    for case in cases:
        expected = case.expected()
        got = inferred.get(case.name)
        if expected is None:
            no_oracle += 1
            continue
        compared += 1
        if expected[0] == "error":
            if got is None:
                errors_agreed += 1
                continue
            print("MISMATCH %s: PyTorch raises (%s), tg infers %s\n  %s"
                  % (case.name, expected[1], got, case.mlir_op))
            mismatches += 1
            continue
        want = mlir_tensor(expected[2], expected[1])
        if got != want:
            print("MISMATCH %s: PyTorch gives %s, tg %s\n  %s"
                  % (case.name, want, got or "an error", case.mlir_op))
            mismatches += 1
    print("seed %d: %d cases, %d compared (%d both reject), %d without an "
          "oracle (no meta or CPU kernel), %d mismatches"
          % (args.seed, len(cases), compared, errors_agreed, no_oracle, mismatches))
    return 1 if mismatches else 0


if __name__ == "__main__":
    sys.exit(main())
