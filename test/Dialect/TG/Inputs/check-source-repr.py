#!/usr/bin/env python3
"""Differential test of guard-source rendering against CPython's repr().

Dynamo renders a source with Python's repr() of its names and keys
(`L['x']`, `G["it's"]`, `getattr(L['self'], 'a-b')`, `L['d']['k\\n']`). For
random names and keys (quotes, backslashes, control characters, non-ASCII
letters, identifiers and non-identifiers), this script builds each source
string in Python, has dynamir-opt parse it and print it back, and checks that
the printed source is exactly the Python-built one.

    check-source-repr.py DYNAMIR_OPT [--seed N] [--count N]
"""

import argparse
import random
import re
import subprocess
import sys

ALPHABET = (["a", "b", "x", "_", "0", "9", " ", "-", ".", "'", '"', "\\", "\n",
             "\t", "\r", "\x00", "\x1f", "\x7f", "[", "]", "(", ")", "é", "中"])


def random_name(rng):
    if rng.random() < 0.4:
        # An identifier.
        first = rng.choice("abcxyz_")
        return first + "".join(rng.choice("abcxyz_019") for _ in range(rng.randrange(6)))
    return "".join(rng.choice(ALPHABET) for _ in range(rng.randrange(1, 8)))


def random_source(rng, depth=0):
    """A source in Dynamo's rendering, built the way Dynamo builds it."""
    if depth == 0 or rng.random() < 0.3:
        kind = rng.randrange(3)
        name = random_name(rng)
        if kind == 0:
            return "L[%r]" % name
        if kind == 1:
            return "G[%r]" % name
        return "__import__(%r)" % name
    base = random_source(rng, depth - 1)
    step = rng.randrange(8)
    if step == 0:
        name = random_name(rng)
        return "%s.%s" % (base, name) if name.isidentifier() \
            else "getattr(%s, %r)" % (base, name)
    if step == 1:
        return "object.__getattribute__(%s, %r)" % (base, random_name(rng))
    if step == 2:
        return "%s[%r]" % (base, random_name(rng))
    if step == 3:
        return "%s[%d]" % (base, rng.randrange(-5, 50))
    if step == 4:
        return "type(%s)" % base
    if step == 5:
        return "%s.size()[%d]" % (base, rng.randrange(8))
    if step == 6:
        return "%s.stride()[%d]" % (base, rng.randrange(8))
    return "%s()" % base


def mlir_string(s):
    """An MLIR string literal holding the UTF-8 bytes of s."""
    out = []
    for byte in s.encode("utf-8"):
        c = chr(byte)
        if c in '"\\' or byte < 0x20 or byte >= 0x7f:
            out.append("\\%02X" % byte)
        else:
            out.append(c)
    return '"' + "".join(out) + '"'


def unescape_mlir(s):
    data = bytearray()
    i = 0
    raw = s.encode("utf-8")
    while i < len(raw):
        if raw[i] == ord("\\"):
            nxt = raw[i + 1:i + 2]
            simple = {b"\\": b"\\", b'"': b'"', b"n": b"\n", b"t": b"\t"}
            if nxt in simple:
                data += simple[nxt]
                i += 2
            else:
                data.append(int(raw[i + 1:i + 3], 16))
                i += 3
        else:
            data.append(raw[i])
            i += 1
    return data.decode("utf-8")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("dynamir_opt")
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--count", type=int, default=2000)
    args = parser.parse_args()
    rng = random.Random(args.seed)
    sources = [random_source(rng, rng.randrange(5)) for _ in range(args.count)]
    lines = ["func.func @f(%v: !py.object) {"]
    for i, source in enumerate(sources):
        lines.append('  %%g%d = tg.guard_type %%v at %s is "builtins.object" '
                     ': !py.object -> !py.object' % (i, mlir_string(source)))
        lines.append('  "test.use"(%%g%d) : (!py.object) -> ()' % i)
    lines += ["  return", "}"]
    result = subprocess.run([args.dynamir_opt, "--allow-unregistered-dialect",
                             "--verify-each", "-"], input="\n".join(lines),
                            capture_output=True, text=True)
    if result.returncode != 0:
        print("dynamir-opt failed:\n" + result.stderr[:4000])
        return 1
    printed = [unescape_mlir(m) for m in re.findall(
        r'tg\.guard_type %\S+ at "((?:[^"\\]|\\.)*)"', result.stdout)]
    mismatches = 0
    if len(printed) != len(sources):
        print("MISMATCH: %d guards in, %d out" % (len(sources), len(printed)))
        return 1
    for want, got in zip(sources, printed):
        if want != got:
            mismatches += 1
            print("MISMATCH: Python renders %s, dynamir prints %s" % (want, got))
    print("seed %d: %d sources, %d mismatches" % (args.seed, len(sources), mismatches))
    return 1 if mismatches else 0


if __name__ == "__main__":
    sys.exit(main())
