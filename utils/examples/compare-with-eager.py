#!/usr/bin/env python3
"""The demo's last step: runs a capture with dynamir-runner on random inputs
and compares its outputs with PyTorch eager on the same inputs.

    compare-with-eager.py --runner RUNNER --capture CAPTURE.mlir \
        --module utils/examples/mlp.py --entry run \
        --tensor x=4,8 ... --scalar depth=2 [--seed N]

The module is imported here, after torch.manual_seed(N), so its modules get
their initial weights; the parameters and buffers of each module-level
nn.Module `m` are saved as m.<name>.npy for the runner's --params.

Run with a Python that has torch and numpy (Debian's python3-torch).
"""

import argparse
import importlib.util
import json
import os
import subprocess
import sys
import tempfile

import numpy as np
import torch


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runner", required=True)
    parser.add_argument("--capture", required=True)
    parser.add_argument("--module", required=True)
    parser.add_argument("--entry", required=True)
    parser.add_argument("--tensor", action="append", default=[],
                        help="NAME=D0,D1,... (float32, in parameter order)")
    parser.add_argument("--scalar", action="append", default=[], help="NAME=INT")
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()

    rng = np.random.default_rng(args.seed)
    torch.manual_seed(args.seed)
    spec = importlib.util.spec_from_file_location("example", args.module)
    example = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(example)

    with tempfile.TemporaryDirectory() as tmp:
        inputs, kwargs = [], {}
        for item in args.tensor:
            name, dims = item.split("=")
            array = rng.standard_normal([int(d) for d in dims.split(",")]).astype(np.float32)
            path = os.path.join(tmp, name + ".npy")
            np.save(path, array)
            inputs.append("--input=" + path)
            kwargs[name] = torch.from_numpy(array)
        for item in args.scalar:
            name, value = item.split("=")
            kwargs[name] = int(value)
        params = os.path.join(tmp, "params")
        os.makedirs(params)
        for global_name, value in vars(example).items():
            if isinstance(value, torch.nn.Module):
                state = dict(value.named_parameters())
                state.update(value.named_buffers())
                for name, tensor in state.items():
                    np.save(os.path.join(params, "%s.%s.npy" % (global_name, name)),
                            tensor.detach().numpy())
        out = os.path.join(tmp, "out")
        subprocess.run([args.runner, args.capture, "--params=" + params,
                        "--output-dir=" + out] + inputs, check=True)
        with open(os.path.join(out, "result.json")) as f:
            result = json.load(f)
        with torch.no_grad():
            expected = getattr(example, args.entry)(**kwargs)

        worst = 0.0

        def compare(got, want, where):
            nonlocal worst
            if isinstance(got, dict) and "tensor" in got:
                actual = np.load(os.path.join(out, got["tensor"]))
                want = want.detach().numpy()
                if actual.dtype != want.dtype or actual.shape != want.shape:
                    sys.exit("%s: dynamir gives %s%s, eager %s%s" % (
                        where, actual.dtype, actual.shape, want.dtype, want.shape))
                if not np.allclose(actual, want, rtol=1e-5, atol=1e-6):
                    sys.exit("%s: values differ (max abs diff %g)" % (
                        where, np.abs(actual - want).max()))
                worst = max(worst, float(np.abs(actual - want).max()))
            elif isinstance(got, list):
                if len(got) != len(want):
                    sys.exit("%s: %d items, eager %d" % (where, len(got), len(want)))
                for i, (g, w) in enumerate(zip(got, want)):
                    compare(g, w, "%s[%d]" % (where, i))
            elif got != want:
                sys.exit("%s: dynamir gives %r, eager %r" % (where, got, want))

        compare(result, expected, "result")
        print("result.json: %s" % json.dumps(result))
        print("matches PyTorch %s eager (rtol 1e-5, atol 1e-6; max abs diff %.3g)"
              % (torch.__version__, worst))


if __name__ == "__main__":
    main()
