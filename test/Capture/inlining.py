# User functions the entry calls are inlined (defaults, keywords, a chain of
# calls, a branch on a constant in the callee), under CLOSURE_MATCH guards;
# the same graph from the bytecode of each supported CPython.
#
# RUN: dynamir-translate --import-py %s --python=%cpython311 --entry=f --input='f32[4,8]' --mlir-print-debuginfo \
# RUN:   | dynamir-opt --dynamir-capture='fullgraph=true explain=true' --verify-each -o %t.311.mlir | FileCheck %s --check-prefix=EXPLAIN
# RUN: dynamir-translate --import-py %s --python=%cpython312 --entry=f --input='f32[4,8]' --mlir-print-debuginfo \
# RUN:   | dynamir-opt --dynamir-capture='fullgraph=true explain=true' --verify-each -o %t.312.mlir | FileCheck %s --check-prefix=EXPLAIN
# RUN: dynamir-translate --import-py %s --python=%cpython313 --entry=f --input='f32[4,8]' --mlir-print-debuginfo \
# RUN:   | dynamir-opt --dynamir-capture='fullgraph=true explain=true' --verify-each -o %t.313.mlir | FileCheck %s --check-prefix=EXPLAIN
# RUN: FileCheck %s < %t.311.mlir
# RUN: FileCheck %s < %t.312.mlir
# RUN: FileCheck %s < %t.313.mlir

import torch


def scale(x, factor=2.0):
    return x * factor


def act(x, kind):
    if kind == "relu":
        return torch.relu(x)
    return torch.sigmoid(x)


def block(x):
    return act(scale(x), kind="relu") + scale(x, factor=3)


def f(x):
    return block(x)

# EXPLAIN:      Graph Count: 1
# EXPLAIN-NEXT: Graph Break Count: 0
# EXPLAIN:      Out Guards:
# EXPLAIN-DAG:    CLOSURE_MATCH: G['block'] (__code__ is the code of block)
# EXPLAIN-DAG:    CLOSURE_MATCH: G['scale'] (__code__ is the code of scale)
# EXPLAIN-DAG:    CLOSURE_MATCH: G['act'] (__code__ is the code of act)
# EXPLAIN-DAG:    ID_MATCH: G['torch'] (is torch)
# EXPLAIN-DAG:    TENSOR_MATCH: L['x']

# CHECK-LABEL: py.func @f(
# CHECK-DAG:     %[[X:.*]] = tg.guard_tensor %x at "L['x']"
# CHECK-DAG:     %[[TWO:.*]] = arith.constant 2.000000e+00 : f64
# CHECK-DAG:     %[[THREE:.*]] = arith.constant 3 : i64
# CHECK:         %[[A:.*]] = tg.mul %[[X]], %[[TWO]]
# CHECK:         %[[R:.*]] = tg.relu %[[A]]
# CHECK:         %[[B:.*]] = tg.mul %[[X]], %[[THREE]]
# CHECK:         %[[S:.*]] = tg.add %[[R]], %[[B]]
# CHECK-NOT:     tg.sigmoid
# CHECK-NOT:     py.call
