#!/usr/bin/env python3
"""Differential test of dynamir-runner against PyTorch eager.

Writes a module of small functions built from the torch operations that
--py-map-torch maps, captures each one with CPython 3.11 through
dynamir-translate and dynamir-opt (--py-build-environment --py-specialize-entry --py-map-torch
--canonicalize --cse), runs the capture with dynamir-runner on seeded random
inputs, and compares every output tensor and result.json with what PyTorch
eager returns for the same inputs: dtypes and shapes exactly, float32 values
within rtol 1e-5 / atol 1e-6.

    differential.py --python311 P --translate T --opt O --runner R
                    --workdir DIR [--seed N]

Prints each mismatch (a line starting with MISMATCH) and
`N functions, N mismatches`. Run with a Python that has torch.
"""

import argparse
import json
import os
import subprocess
import sys

import numpy as np
import torch
import torch.nn.functional as F

RTOL, ATOL = 1e-5, 1e-6

# name, parameters (tensor specs or Python scalars), source. Tensor inputs
# are float32 unless the spec says otherwise.
FUNCTIONS = [
    ("arith", ["f32[4,8]", "f32[8]"], """
def arith(x, y):
    return x * 2.0 + y - x / 3.0, -x
"""),
    ("activations", ["f32[3,5]"], """
def activations(x):
    return torch.relu(x), torch.sigmoid(x), torch.tanh(x), torch.exp(x * 0.5)
"""),
    ("linear_gelu", ["f32[4,8]", "f32[6,8]", "f32[6]"], """
def linear_gelu(x, w, b):
    return F.gelu(F.linear(x, w, b))
"""),
    ("softmaxes", ["f32[2,7]"], """
def softmaxes(x):
    return F.softmax(x, dim=-1), torch.log_softmax(x, dim=1)
"""),
    ("reductions", ["f32[3,4,5]"], """
def reductions(x):
    return {"sum": x.sum(dim=1, keepdim=True), "mean": x.mean(dim=-1),
            "amax": x.amax(dim=0), "all": x.sum()}
"""),
    ("shapes", ["f32[2,3,4]"], """
def shapes(x):
    a = x.reshape(6, 4)
    b = x.permute(2, 0, 1)
    c = x.transpose(0, 1)
    d = x.view(2, 12).t()
    e = torch.flatten(x, 1)
    return [a, b, c, d, e, x.unsqueeze(1)]
"""),
    ("matmuls", ["f32[5,3]", "f32[3,4]", "f32[2,5,3]"], """
def matmuls(a, b, c):
    return a @ b, torch.matmul(c, b), a.T @ a
"""),
    ("where_clamp", ["f32[4,4]"], """
def where_clamp(x):
    return torch.where(x > 0, x, x * 0.1), torch.clamp(x, -0.5, 0.5)
"""),
    ("cat_stack", ["f32[2,3]", "f32[2,3]"], """
def cat_stack(x, y):
    return torch.cat([x, y], dim=0), torch.stack([x, y], dim=1)
"""),
    ("shape_ints", ["f32[3,6]", "int=4"], """
def shape_ints(x, n):
    h = x * n
    return h / x.shape[1], x.ndim, x.shape[0] + n, h.mean(dim=0)
"""),
    ("mlp", ["f32[8,4]", "f32[16,4]", "f32[16]", "f32[3,16]", "f32[3]"], """
def mlp(x, w1, b1, w2, b2):
    h = torch.relu(F.linear(x, w1, b1))
    return F.softmax(F.linear(h, w2, b2), dim=-1)
"""),
    ("passthrough", ["f32[3]", "float=0.5"], """
def passthrough(x, s):
    return x, x * s, s, None, "done", True
"""),
    ("mixed", ["f32[4,5]", "f32[5]"], """
def mixed(x, v):
    m = x - x.mean(dim=1, keepdim=True)
    n = torch.sqrt((m * m).sum(dim=1, keepdim=True) + 1e-5)
    return (m / n) * v + torch.abs(v), torch.maximum(x, v), torch.minimum(x, v)
"""),
]

DTYPES = {"f32": torch.float32, "f64": torch.float64, "i64": torch.int64}


def parse_spec(spec):
    """A tensor spec `f32[4,8]` as (dtype, shape); a scalar spec as None."""
    if "[" not in spec:
        return None
    dtype, dims = spec[:-1].split("[")
    return DTYPES[dtype], [int(d) for d in dims.split(",") if d]


def scalar_value(spec):
    kind, _, text = spec.partition("=")
    return {"int": int, "float": float}[kind](text)


def expected_json(value, tensors):
    """The result.json PyTorch's return value should give; appends tensors."""
    if isinstance(value, torch.Tensor):
        for index, seen in enumerate(tensors):
            if seen is value:
                return {"tensor": "out%d.npy" % index}
        tensors.append(value)
        return {"tensor": "out%d.npy" % (len(tensors) - 1)}
    if isinstance(value, (tuple, list)):
        return [expected_json(v, tensors) for v in value]
    if isinstance(value, dict):
        return {str(k): expected_json(v, tensors) for k, v in value.items()}
    return value


def close(got, want):
    if got.dtype != want.dtype or tuple(got.shape) != tuple(want.shape):
        return "got %s %s, want %s %s" % (got.dtype, tuple(got.shape), want.dtype,
                                         tuple(want.shape))
    if want.dtype.is_floating_point:
        if not torch.allclose(got, want, rtol=RTOL, atol=ATOL, equal_nan=True):
            worst = (got - want).abs().max().item()
            return "values differ (max abs difference %g)" % worst
    elif not torch.equal(got, want):
        return "values differ"
    return None


def run_case(args, source_path, name, specs, rng):
    """Captures and runs one function; a mismatch message or None."""
    workdir = os.path.join(args.workdir, name)
    os.makedirs(workdir, exist_ok=True)
    translate = subprocess.run(
        [args.translate, "--import-py", source_path, "--python=" + args.python311,
         "--entry=" + name] + ["--input=" + s for s in specs],
        capture_output=True, text=True)
    if translate.returncode != 0:
        return "dynamir-translate failed: " + translate.stderr.strip()[:1000]
    capture = os.path.join(workdir, "capture.mlir")
    opt = subprocess.run(
        [args.opt, "--py-build-environment", "--py-specialize-entry", "--py-map-torch", "--canonicalize",
         "--cse", "-o", capture], input=translate.stdout, capture_output=True,
        text=True)
    if opt.returncode != 0:
        return "dynamir-opt failed: " + opt.stderr.strip()[:1000]

    arguments, input_flags = [], []
    for index, spec in enumerate(specs):
        parsed = parse_spec(spec)
        if parsed is None:
            arguments.append(scalar_value(spec))
            continue
        dtype, shape = parsed
        tensor = torch.from_numpy(rng.standard_normal(shape)).to(dtype)
        path = os.path.join(workdir, "in%d.npy" % index)
        np.save(path, tensor.numpy())
        arguments.append(tensor)
        input_flags.append("--input=" + path)
    outdir = os.path.join(workdir, "out")
    run = subprocess.run([args.runner, capture, "--output-dir=" + outdir] + input_flags,
                         capture_output=True, text=True)
    if run.returncode != 0:
        return "dynamir-runner failed (%d): %s" % (run.returncode, run.stderr.strip()[:1000])

    namespace = {"torch": torch, "F": F}
    exec(compile(open(source_path).read(), source_path, "exec"), namespace)
    want = namespace[name](*arguments)
    tensors = []
    want_json = expected_json(want, tensors)
    with open(os.path.join(outdir, "result.json")) as f:
        got_json = json.load(f)
    if got_json != want_json:
        return "result.json is %s, want %s" % (json.dumps(got_json), json.dumps(want_json))
    for index, want_tensor in enumerate(tensors):
        got = torch.from_numpy(np.load(os.path.join(outdir, "out%d.npy" % index)))
        problem = close(got, want_tensor.detach().contiguous())
        if problem:
            return "out%d.npy: %s" % (index, problem)
    return None


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--python311", required=True)
    parser.add_argument("--translate", required=True)
    parser.add_argument("--opt", required=True)
    parser.add_argument("--runner", required=True)
    parser.add_argument("--workdir", required=True)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()

    os.makedirs(args.workdir, exist_ok=True)
    source_path = os.path.join(args.workdir, "functions.py")
    with open(source_path, "w") as f:
        f.write("import torch\nimport torch.nn.functional as F\n")
        for _, _, source in FUNCTIONS:
            f.write(source)
    rng = np.random.default_rng(args.seed)
    mismatches = 0
    for name, specs, _ in FUNCTIONS:
        problem = run_case(args, source_path, name, specs, rng)
        if problem:
            mismatches += 1
            print("MISMATCH %s: %s" % (name, problem))
    print("%d functions, %d mismatches" % (len(FUNCTIONS), mismatches))
    return 1 if mismatches else 0


if __name__ == "__main__":
    sys.exit(main())
