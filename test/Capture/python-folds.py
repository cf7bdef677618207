# Python-level facts the capture folds, from the bytecode of each supported
# CPython: unpacking a shape, subscripts of built tuples (a helper's *args and
# its returned pair), `is None` / `is not None` of tensors, `in` of a
# constant tuple, all under the guards the values came from.
#
# RUN: dynamir-translate --import-py %s --python=%cpython311 --entry=f --input='f32[2,4]' --input='f32[4]' --input='str=relu' \
# RUN:   | dynamir-opt --dynamir-capture=fullgraph=true --verify-each > %t.311.mlir
# RUN: dynamir-translate --import-py %s --python=%cpython312 --entry=f --input='f32[2,4]' --input='f32[4]' --input='str=relu' \
# RUN:   | dynamir-opt --dynamir-capture=fullgraph=true --verify-each > %t.312.mlir
# RUN: dynamir-translate --import-py %s --python=%cpython313 --entry=f --input='f32[2,4]' --input='f32[4]' --input='str=relu' \
# RUN:   | dynamir-opt --dynamir-capture=fullgraph=true --verify-each > %t.313.mlir
# RUN: FileCheck %s < %t.311.mlir
# RUN: FileCheck %s < %t.312.mlir
# RUN: FileCheck %s < %t.313.mlir

import torch
def helper(x, *args):
    return args[0] + x, args[-1]
def f(x, bias, act):
    b, n = x.shape
    y, z = helper(x, 2.0, 3)
    if bias is not None:
        y = y + bias
    if act in ("relu", "silu"):
        y = torch.relu(y)
    if x is None:
        y = y * 0
    return y.view(n, b), z

# CHECK-LABEL: py.func @f(
# CHECK:         %[[X:.*]] = tg.guard_tensor %x at "L['x']"
# CHECK:         %[[B:.*]] = tg.guard_tensor %bias at "L['bias']"
# CHECK:         tg.guard_constant %act at "L['act']" equals("relu")
# CHECK:         %[[Y:.*]] = tg.add %{{.*}}, %[[X]] : f64, tensor<2x4xf32>
# CHECK:         %[[YB:.*]] = tg.add %[[Y]], %[[B]]
# CHECK:         %[[R:.*]] = tg.relu %[[YB]]
# CHECK-NOT:     tg.mul
# CHECK:         tg.reshape %[[R]] [4, 2]
# CHECK-NOT:     py.call
# CHECK-NOT:     py.unpack_sequence
# CHECK:         py.return
