# Tensors the entry makes and cuts: the factories become tg constants,
# tg.arange and tg.eye, with the dtype PyTorch infers; what a factory copies
# (the shape or dtype of a tensor, a torch dtype) keeps the guard it was
# known through. chunk/split/unbind are tuples of slices that unpack, and
# PyTorch's errors for bad sizes come at the call's line. The same from the
# bytecode of each supported CPython.
#
# RUN: for v in %cpython311 %cpython312 %cpython313; do \
# RUN:   dynamir-translate --import-py %s --python=$v --entry=made --input='f32[3,4]' \
# RUN:   | dynamir-opt --dynamir-capture=fullgraph=true --verify-each | FileCheck %s \
# RUN:   || exit 1; done
# RUN: dynamir-translate --import-py %s --python=%cpython312 --entry=cut --input='f32[5,6]' \
# RUN:   | dynamir-opt --dynamir-capture=fullgraph=true --verify-each | FileCheck %s --check-prefix=CUT
# RUN: dynamir-translate --import-py %s --python=%cpython312 --entry=negative_size --input='f32[3]' \
# RUN:   --mlir-print-debuginfo | not dynamir-opt --dynamir-capture --verify-each 2>&1 \
# RUN:   | FileCheck %s --check-prefix=NEGATIVE
# RUN: dynamir-translate --import-py %s --python=%cpython312 --entry=bad_chunks --input='f32[4]' \
# RUN:   | not dynamir-opt --dynamir-capture --verify-each 2>&1 | FileCheck %s --check-prefix=CHUNKS
# RUN: dynamir-translate --import-py %s --python=%cpython312 --entry=bad_sections --input='f32[4,5]' \
# RUN:   | not dynamir-opt --dynamir-capture --verify-each 2>&1 | FileCheck %s --check-prefix=SECTIONS
# RUN: dynamir-translate --import-py %s --python=%cpython312 --entry=overflowing_fill --input='f32[4]' \
# RUN:   | not dynamir-opt --dynamir-capture=fullgraph=true --verify-each 2>&1 | FileCheck %s --check-prefix=OVERFLOW
# RUN: dynamir-translate --import-py %s --python=%cpython312 --entry=not_a_number --input='f32[4]' \
# RUN:   | not dynamir-opt --dynamir-capture=fullgraph=true --verify-each 2>&1 | FileCheck %s --check-prefix=NAN

import torch


def made(x):
    z = torch.zeros_like(x)
    o = torch.ones(2, 3, dtype=torch.float64)
    f = torch.full((2,), 7)
    r = torch.arange(1, 7, 2)
    e = torch.eye(4)
    t = torch.tensor([[1, 2], [3, 4]])
    return z, o, f, r, x @ e, t, torch.tensor(2.5)

# CHECK-LABEL: py.func @made(
# The zeros copy x's shape and dtype: x's TENSOR_MATCH stays.
# CHECK-DAG:     %[[X:.*]] = tg.guard_tensor %x at "L['x']"
# CHECK-DAG:     tg.assume %[[X]]
# CHECK-DAG:     %[[TORCH:.*]] = tg.guard_id %{{.*}} at "G['torch']" is "torch"
# CHECK-DAG:     tg.assume %[[TORCH]]
# CHECK-DAG:     tg.constant dense<0.000000e+00> : tensor<3x4xf32>
# CHECK-DAG:     tg.constant dense<1.000000e+00> : tensor<2x3xf64>
# CHECK-DAG:     tg.constant dense<7> : tensor<2xi64>
# CHECK-DAG:     tg.arange 1.000000e+00, 7.000000e+00, 2.000000e+00 : tensor<3xi64>
# CHECK-DAG:     %[[EYE:.*]] = tg.eye : tensor<4x4xf32>
# CHECK-DAG:     tg.matmul %[[X]], %[[EYE]]
# CHECK-DAG:     tg.constant dense<{{\[}}[1, 2], [3, 4]]> : tensor<2x2xi64>
# CHECK-DAG:     tg.constant dense<2.500000e+00> : tensor<f32>
# CHECK-NOT:     py.call
# CHECK:         py.return


def cut(x):
    a, b = x.chunk(2, dim=1)
    c, d, e = x.split(2)
    rows = x.unbind()
    return a * b, c, e, len(rows), rows[4]

# CUT-LABEL: py.func @cut(
# CUT-DAG:     %[[X:.*]] = tg.guard_tensor %x at "L['x']"
# CUT-DAG:     %[[A:.*]] = tg.slice %[[X]] dim 1 start 0 end 3 step 1
# CUT-DAG:     %[[B:.*]] = tg.slice %[[X]] dim 1 start 3 end 6 step 1
# CUT-DAG:     tg.mul %[[A]], %[[B]]
# CUT-DAG:     tg.slice %[[X]] dim 0 start 0 end 2 step 1
# CUT-DAG:     tg.slice %[[X]] dim 0 start 4 end 5 step 1
# CUT-DAG:     tg.select %[[X]] dim 0 index 4
# CUT-DAG:     py.constant #py.int<5>
# CUT-NOT:     py.call
# CUT:         py.return


def negative_size(x):
    return torch.zeros(2, -1)

# NEGATIVE: factories.py:[[# @LINE - 2]]:{{[0-9]+}}: error: RuntimeError: Trying to create tensor with negative dimension -1: [2, -1]


def bad_chunks(x):
    return x.chunk(0)

# CHUNKS: error: RuntimeError: chunk expects `chunks` to be greater than 0, got: 0


def bad_sections(x):
    return x.split([2, 2], dim=1)

# SECTIONS: error: RuntimeError: split_with_sizes expects split_sizes to sum exactly to 5 (input tensor's size at dimension 1), but got split_sizes=[2, 2]


def overflowing_fill(x):
    # 1e10 overflows int32: PyTorch raises, so the call stays for it to.
    return x.int().masked_fill(x > 0, 1e10)

# OVERFLOW: error: graph break: Unsupported method call
# OVERFLOW: call_method TensorVariable() masked_fill


def not_a_number(x):
    # Python raises ValueError: the call stays, a graph break.
    return x * float("1_000.5x")

# NAN: error: graph break: Unsupported function call
# NAN: call_function float
