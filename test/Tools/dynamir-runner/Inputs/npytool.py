#!/usr/bin/env python3
"""Helpers of the dynamir-runner tests (run with a Python that has torch).

    npytool.py save OUT.npy EXPR [--fortran]
        Saves the tensor EXPR (a Python expression over torch, numpy as np)
        as OUT.npy; bfloat16 tensors are saved as '<u2' bit patterns, the
        runner's convention.
    npytool.py raw OUT.npy EXPR
        Writes the bytes EXPR evaluates to (for malformed files); in EXPR,
        v1(header) is a version 1.0 prefix (magic, version, length) and header.
    npytool.py compare ACTUAL.npy EXPR NAME=IN.npy ...
        Evaluates EXPR with each NAME bound to the tensor in IN.npy and
        compares it with ACTUAL.npy: dtype and shape exactly, values within
        the dtype's tolerance (exactly for bool and integers, NaN where NaN).
        Prints 'ok: ...' or 'MISMATCH: ...' (exit status 1).
    npytool.py status N -- CMD ...
        Runs CMD, forwards its stdout and stderr, and fails unless its exit
        status is exactly N.
"""

import subprocess
import sys

import numpy as np
import torch
import torch.nn.functional as F  # noqa: F401 (for expressions)

TOLERANCE = {
    torch.float16: (1e-3, 1e-3), torch.bfloat16: (1e-2, 1e-2),
    torch.float32: (1e-5, 1e-6), torch.float64: (1e-12, 1e-12),
}


def to_numpy(t):
    t = t.contiguous()
    if t.dtype == torch.bfloat16:
        return t.view(torch.int16).numpy().view(np.uint16)
    return t.numpy()


def load(path):
    a = np.load(path)
    if a.dtype == np.uint16:
        return torch.from_numpy(a.view(np.int16).copy()).view(torch.bfloat16)
    return torch.from_numpy(np.array(a, order="C"))


def evaluate(expr, names):
    return eval(expr, {"torch": torch, "np": np, "F": F}, names)


def main(argv):
    command = argv[1]
    if command == "save":
        tensor = evaluate(argv[3], {})
        array = to_numpy(tensor)
        if "--fortran" in argv[4:]:
            array = np.asfortranarray(array)
        np.save(argv[2], array)
        return 0
    if command == "raw":
        text = argv[3]
        def v1(header):
            return b"\x93NUMPY\x01\x00" + len(header).to_bytes(2, "little") + header
        data = eval(text, {"v1": v1})
        with open(argv[2], "wb") as f:
            f.write(data)
        return 0
    if command == "compare":
        names = {}
        for binding in argv[4:]:
            name, path = binding.split("=", 1)
            names[name] = load(path)
        want = evaluate(argv[3], names)
        if not isinstance(want, torch.Tensor):
            want = torch.tensor(want)
        got = load(argv[2])
        if got.dtype != want.dtype or tuple(got.shape) != tuple(want.shape):
            print("MISMATCH: %s: got %s %s, want %s %s" % (
                argv[2], got.dtype, tuple(got.shape), want.dtype, tuple(want.shape)))
            return 1
        if want.dtype.is_floating_point:
            rtol, atol = TOLERANCE[want.dtype]
            same = torch.allclose(got.double(), want.double(), rtol=rtol, atol=atol,
                                  equal_nan=True)
        else:
            same = torch.equal(got, want)
        if not same:
            print("MISMATCH: %s: got\n%s\nwant\n%s" % (argv[2], got, want))
            return 1
        print("ok: %s %s %s" % (argv[2], str(want.dtype), list(want.shape)))
        return 0
    if command == "status":
        expected = int(argv[2])
        assert argv[3] == "--"
        run = subprocess.run(argv[4:], capture_output=True, text=True, errors="replace")
        sys.stdout.write(run.stdout)
        sys.stdout.write(run.stderr)
        if run.returncode != expected:
            print("UNEXPECTED EXIT STATUS %d (expected %d)" % (run.returncode, expected))
            return 1
        print("exit status %d" % expected)
        return 0
    print("unknown command %s" % command, file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv))
