#!/usr/bin/env python3
"""Differential test of the py dialect's constant folding against CPython.

Generates operations on constants (ints small and huge, bools, floats with
-0.0, inf and nan, strings, None, small tuples of these) with the binary
(shifts and sequence repetition included), unary and comparison operators
and truth tests, and `str()`, `repr()` and `ascii()` (an f-string's
conversions and `format` without spec) of constants (floats of any bits,
strings with quotes and escapes, tuples), and f-string concatenation; folds
them with `dynamir-opt --canonicalize`, and checks every folded result
against what this interpreter computes. An
operation CPython rejects (TypeError, ZeroDivisionError) must not fold; one
that folds must give CPython's value and type exactly (bool vs int vs float,
-0.0, nan).

    check-constant-folding.py DYNAMIR_OPT [--seed N] [--count N]
"""

import argparse
import math
import operator
import random
import re
import struct
import subprocess
import sys

BINARY = {"add": operator.add, "sub": operator.sub, "mul": operator.mul,
          "truediv": operator.truediv, "floordiv": operator.floordiv,
          "mod": operator.mod, "and": operator.and_, "or": operator.or_,
          "xor": operator.xor, "pow": operator.pow, "lshift": operator.lshift,
          "rshift": operator.rshift}
COMPARE = {"eq": operator.eq, "ne": operator.ne, "lt": operator.lt,
           "le": operator.le, "gt": operator.gt, "ge": operator.ge}
UNARY = {"neg": operator.neg, "pos": operator.pos, "invert": operator.invert,
         "not": operator.not_}


def random_constant(rng, depth=0):
    kind = rng.randrange(9 if depth < 2 else 8)
    if kind == 8:
        return tuple(random_constant(rng, depth + 1) for _ in range(rng.randrange(0, 3)))
    if kind == 0:
        return rng.randrange(-10, 11)
    if kind == 1:
        return rng.choice([1, -1]) * rng.randrange(2 ** 60, 2 ** 130)
    if kind == 2:
        return rng.choice([True, False])
    if kind == 3:
        return rng.choice([0.0, -0.0, 0.5, -2.25, 1e300, 3.0, float("inf"),
                           float("nan"), 7.0, -1.0])
    if kind == 4:
        return rng.uniform(-100, 100)
    if kind == 5:
        return rng.choice(["", "a", "b", "ab", "\u00e9", "abc"])
    if kind == 6:
        return None
    return rng.randrange(-3, 4)


def text_constant(rng):
    """A constant for str() and repr(): any double, a str of characters
    that need quoting or escaping, a tuple of such constants."""
    kind = rng.randrange(6)
    if kind == 0:
        return struct.unpack("<d", struct.pack("<Q", rng.getrandbits(64)))[0]
    if kind == 1:
        return rng.choice([1e16, 1e15, 123456789012345678.0, 1e-4, 1e-5, 0.1, 2.5e-7,
                           -0.0, 0.0, 100.0, 1.5, float("inf"), -float("inf"),
                           float("nan"), 5e-324, 1.7976931348623157e308,
                           9999999999999998.0, 0.30000000000000004])
    if kind == 2:
        return rng.uniform(-1, 1) * 10 ** rng.randrange(-20, 25)
    if kind == 3:
        return "".join(rng.choice(["a", "'", '"', "\\", "\n", "\t", "\r", "\x01", "\x7f",
                                   " ", "z", "\u00e9"])
                       for _ in range(rng.randrange(0, 5)))
    if kind == 4:
        return tuple(text_constant(rng) for _ in range(rng.randrange(0, 3)))
    return random_constant(rng)


def mlir_constant(value):
    if isinstance(value, tuple):
        return "[" + ", ".join(mlir_constant(v) for v in value) + "]"
    if value is None:
        return "#py.none"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return "#py.int<%d>" % value
    if isinstance(value, float):
        bits = struct.unpack("<Q", struct.pack("<d", value))[0]
        return "0x%016X : f64" % bits
    if isinstance(value, str):
        return '"' + "".join(
            c if c.isascii() and c.isprintable() and c not in '"\\'
            else "".join("\\%02X" % b for b in c.encode())
            for c in value) + '"'
    raise ValueError(value)


def split_items(text):
    """The items of an array attribute's body, split at top-level commas."""
    items, depth, start, quoted, i = [], 0, 0, False, 0
    while i < len(text):
        c = text[i]
        if quoted:
            if c == "\\":
                i += 1
            elif c == '"':
                quoted = False
        elif c == '"':
            quoted = True
        elif c in "[<":
            depth += 1
        elif c in "]>":
            depth -= 1
        elif c == "," and depth == 0:
            items.append(text[start:i])
            start = i + 1
        i += 1
    if text.strip():
        items.append(text[start:])
    return items


def parse_constant(text):
    text = text.strip()
    if text.startswith("[") and text.endswith("]"):
        return tuple(parse_constant(item) for item in split_items(text[1:-1]))
    if text == "#py.none":
        return None
    if text in ("true", "false"):
        return text == "true"
    m = re.fullmatch(r"#py\.int<(-?\d+)>", text)
    if m:
        return int(m.group(1))
    m = re.fullmatch(r"(0x[0-9A-Fa-f]+) : f64", text)
    if m:
        return struct.unpack("<d", struct.pack("<Q", int(m.group(1), 16)))[0]
    m = re.fullmatch(r"(\S+) : f64", text)
    if m:
        return float(m.group(1))
    # A float inside an array prints without its type.
    if re.fullmatch(r"0x[0-9A-Fa-f]{16}", text):
        return struct.unpack("<d", struct.pack("<Q", int(text, 16)))[0]
    if re.fullmatch(r"[-+]?(\d+\.\d*([eE][-+]?\d+)?|inf|nan)", text):
        return float(text)
    m = re.fullmatch(r'"(.*)"', text)
    if m:
        raw = m.group(1).encode()
        out = bytearray()
        i = 0
        while i < len(raw):
            if raw[i] == ord("\\"):
                nxt = raw[i + 1:i + 2]
                simple = {b"\\": b"\\", b'"': b'"', b"n": b"\n", b"t": b"\t"}
                if nxt in simple:
                    out += simple[nxt]
                    i += 2
                else:
                    out.append(int(raw[i + 1:i + 3], 16))
                    i += 3
            else:
                out.append(raw[i])
                i += 1
        return out.decode()
    raise ValueError("unparsed constant: " + text)


def same(a, b):
    if type(a) is not type(b):
        return False
    if isinstance(a, float):
        if math.isnan(a) or math.isnan(b):
            return math.isnan(a) and math.isnan(b)
        return a == b and math.copysign(1, a) == math.copysign(1, b)
    return a == b


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("dynamir_opt")
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--count", type=int, default=3000)
    args = parser.parse_args()
    rng = random.Random(args.seed)

    cases = []
    lines = []
    for i in range(args.count):
        kind = rng.randrange(6)
        a, b = random_constant(rng), random_constant(rng)
        body = ["%%a = py.constant %s" % mlir_constant(a)]
        if kind == 0:
            name = rng.choice(sorted(BINARY))
            if name in ("pow", "lshift") and isinstance(b, int) and abs(b) > 64:
                # CPython would compute a huge power for a long time.
                b = rng.randrange(-3, 40)
            body += ["%%b = py.constant %s" % mlir_constant(b),
                     "%%r = py.binop %s %%a, %%b" % name]
            cases.append((BINARY[name], (a, b), "%r %s %r" % (a, name, b)))
        elif kind == 1:
            name = rng.choice(sorted(COMPARE))
            body += ["%%b = py.constant %s" % mlir_constant(b),
                     "%%r = py.compare %s %%a, %%b" % name]
            cases.append((COMPARE[name], (a, b), "%r %s %r" % (a, name, b)))
        elif kind == 2:
            name = rng.choice(sorted(UNARY))
            body += ["%%r = py.unary %s %%a" % name]
            cases.append((UNARY[name], (a,), "%s %r" % (name, a)))
        elif kind == 3:
            body += ["%r = py.to_bool %a"]
            cases.append((bool, (a,), "bool(%r)" % (a,)))
        elif kind == 4:
            a = text_constant(rng)
            name = rng.choice(["str", "repr", "ascii", "format"])
            body = ["%%a = py.constant %s" % mlir_constant(a)]
            body += ["%r = py.format %a" if name == "format"
                     else "%%r = py.convert_value %s %%a" % name]
            cases.append(({"str": str, "repr": repr, "ascii": ascii, "format": format}[name],
                          (a,), "%s(%r)" % (name, a)))
        else:
            a = text_constant(rng)
            body = ["%%a = py.constant %s" % mlir_constant(a),
                    "%s = py.convert_value repr %a",
                    '%p = py.constant "<"',
                    "%r = py.build_string(%p, %s)"]
            cases.append((lambda v: "<" + repr(v), (a,), "f'<{%r!r}'" % (a,)))
        lines.append(
            'py.func @case%d() -> !py.object attributes {argcount = 0 : i64, '
            'cellvars = [], flags = #py.code_flags<optimized>, freevars = [], '
            'kwonlyargcount = 0 : i64, posonlyargcount = 0 : i64, '
            'qualname = "case%d", varnames = []} {' % (i, i))
        lines += ["  " + line for line in body] + ["  py.return %r", "}"]
    result = subprocess.run([args.dynamir_opt, "--canonicalize", "--verify-each", "-"],
                            input="\n".join(lines), capture_output=True, text=True)
    if result.returncode != 0:
        print("dynamir-opt failed:\n" + result.stderr[:4000])
        return 1
    # Each function's result: the constant it folded to, or nothing.
    folded = {}
    for m in re.finditer(r'py\.func @case(\d+)\(\).*?\{\n(.*?)\n  \}', result.stdout, re.S):
        index, body = int(m.group(1)), m.group(2)
        ret = re.search(r"py\.return (%\S+)", body)
        const = ret and re.search(re.escape(ret.group(1)) + r" = py\.constant (.*)", body)
        if const:
            folded[index] = parse_constant(const.group(1))
    if len(re.findall(r"py\.func @case", result.stdout)) != len(cases):
        print("MISMATCH: functions missing from the output")
        return 1
    mismatches = num_folded = num_raise = 0
    for index, (fn, operands, text) in enumerate(cases):
        try:
            want, raised = fn(*operands), None
        except (TypeError, ZeroDivisionError, OverflowError, ValueError,
                MemoryError) as e:
            want, raised = None, e
        if raised is not None:
            num_raise += 1
            if index in folded:
                mismatches += 1
                print("MISMATCH %s: CPython raises %s, folded to %r"
                      % (text, type(raised).__name__, folded[index]))
            continue
        if index not in folded:
            continue
        num_folded += 1
        if not same(want, folded[index]):
            mismatches += 1
            print("MISMATCH %s: CPython gives %r, folded to %r" % (text, want, folded[index]))
    print("seed %d: %d cases, %d folded, %d raise in CPython, %d mismatches"
          % (args.seed, len(cases), num_folded, num_raise, mismatches))
    return 1 if mismatches else 0


if __name__ == "__main__":
    sys.exit(main())
