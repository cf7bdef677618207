# The capture passes on a function written with torch functions, operators,
# Tensor methods and sizes, from the bytecode of each supported CPython: the
# bytecode differs, the graph and the guards must not.
#
# RUN: dynamir-translate --import-py %s --python=%cpython311 --entry=f --input='f32[4,8]' --input='f32[16,8]' --input='f32[16]' --input='int=3' \
# RUN:   | dynamir-opt --dynamir-capture=fullgraph=true --verify-each > %t.311.mlir
# RUN: dynamir-translate --import-py %s --python=%cpython312 --entry=f --input='f32[4,8]' --input='f32[16,8]' --input='f32[16]' --input='int=3' \
# RUN:   | dynamir-opt --dynamir-capture=fullgraph=true --verify-each > %t.312.mlir
# RUN: dynamir-translate --import-py %s --python=%cpython313 --entry=f --input='f32[4,8]' --input='f32[16,8]' --input='f32[16]' --input='int=3' \
# RUN:   | dynamir-opt --dynamir-capture=fullgraph=true --verify-each > %t.313.mlir
# RUN: FileCheck %s --check-prefix=GUARDS < %t.311.mlir
# RUN: FileCheck %s --check-prefix=GUARDS < %t.312.mlir
# RUN: FileCheck %s --check-prefix=GUARDS < %t.313.mlir
# RUN: FileCheck %s --check-prefix=GRAPH < %t.311.mlir
# RUN: FileCheck %s --check-prefix=GRAPH < %t.312.mlir
# RUN: FileCheck %s --check-prefix=GRAPH < %t.313.mlir
# RUN: FileCheck %s --check-prefix=NOPY < %t.311.mlir
# RUN: FileCheck %s --check-prefix=NOPY < %t.312.mlir
# RUN: FileCheck %s --check-prefix=NOPY < %t.313.mlir

import torch
import torch.nn.functional as F


def f(x, w, b, n):
    h = F.linear(x, w, b)
    h = torch.relu(h) * 2.0 + n
    s = h.sum(dim=1, keepdim=True)
    y = F.softmax(h - s / h.shape[1], dim=-1)
    return y.t(), x.ndim, -y @ y.T

# The guards: the tensors, the specialized scalar, the two module globals;
# those whose values the graph no longer uses are assumed.
# GUARDS-LABEL: py.func @f(
# GUARDS-DAG:     %[[X:.*]] = tg.guard_tensor %x at "L['x']" strides [8, 1] : !py.object -> tensor<4x8xf32>
# GUARDS-DAG:     %[[W:.*]] = tg.guard_tensor %w at "L['w']" strides [8, 1] : !py.object -> tensor<16x8xf32>
# GUARDS-DAG:     %[[B:.*]] = tg.guard_tensor %b at "L['b']" strides [1] : !py.object -> tensor<16xf32>
# GUARDS-DAG:     %[[N:.*]] = tg.guard_constant %n at "L['n']" equals(#py.int<3>)
# GUARDS-DAG:     tg.assume %[[N]]
# GUARDS-DAG:     %[[GF:.*]] = tg.guard_id %{{.*}} at "G['F']" is "torch.nn.functional"
# GUARDS-DAG:     tg.assume %[[GF]]
# GUARDS-DAG:     %[[GT:.*]] = tg.guard_id %{{.*}} at "G['torch']" is "torch"
# GUARDS-DAG:     tg.assume %[[GT]]
# GUARDS-NOT:    tg.guard

# The graph, in order.
# GRAPH-LABEL: py.func @f(
# GRAPH-DAG:     %[[X:.*]] = tg.guard_tensor %x
# GRAPH-DAG:     %[[W:.*]] = tg.guard_tensor %w
# GRAPH-DAG:     %[[B:.*]] = tg.guard_tensor %b
# GRAPH-DAG:     %[[TWO:.*]] = arith.constant 2.000000e+00 : f64
# GRAPH-DAG:     %[[THREE:.*]] = arith.constant 3 : i64
# GRAPH-DAG:     %[[SIXTEEN:.*]] = arith.constant 16 : i64
# GRAPH:         %[[L:.*]] = tg.linear %[[X]], %[[W]], %[[B]]
# GRAPH:         %[[R:.*]] = tg.relu %[[L]]
# GRAPH:         %[[M:.*]] = tg.mul %[[R]], %[[TWO]]
# GRAPH:         %[[H:.*]] = tg.add %[[M]], %[[THREE]]
# GRAPH:         %[[S:.*]] = tg.sum %[[H]] dims [1] keepdim
# GRAPH:         %[[D:.*]] = tg.div %[[S]], %[[SIXTEEN]]
# GRAPH:         %[[SUB:.*]] = tg.sub %[[H]], %[[D]]
# GRAPH:         %[[Y:.*]] = tg.softmax %[[SUB]] dim -1
# GRAPH:         %[[T:.*]] = tg.permute %[[Y]] [1, 0]
# GRAPH:         %[[NEG:.*]] = tg.neg %[[Y]]
# GRAPH:         %[[MM:.*]] = tg.matmul %[[NEG]], %[[T]] : tensor<4x16xf32>, tensor<16x4xf32>
# GRAPH:         py.build_tuple(%{{.*}}, %{{.*}}, %{{.*}})

# Nothing of the function's Python is left but the structure of its result.
# NOPY-LABEL: py.func @f(
# NOPY-NOT:     py.call
# NOPY-NOT:     py.getattr
# NOPY-NOT:     py.binop
# NOPY-NOT:     py.unary
