# Loops over known iterables are unrolled, one copy of the body (branches
# included) per element:
# range() of a specialized int, constant tuples, lists built in the code, and a
# tensor's sizes; the same graph from the bytecode of each supported CPython.
#
# RUN: dynamir-translate --import-py %s --python=%cpython311 --entry=f --input='f32[2,3]' --input='int=2' \
# RUN:   | dynamir-opt --dynamir-capture=fullgraph=true --verify-each | FileCheck %s
# RUN: dynamir-translate --import-py %s --python=%cpython312 --entry=f --input='f32[2,3]' --input='int=2' \
# RUN:   | dynamir-opt --dynamir-capture=fullgraph=true --verify-each | FileCheck %s
# RUN: dynamir-translate --import-py %s --python=%cpython313 --entry=f --input='f32[2,3]' --input='int=2' \
# RUN:   | dynamir-opt --dynamir-capture=fullgraph=true --verify-each | FileCheck %s

import torch


def f(x, n):
    for i in range(n):
        x = x * 2 + i
    for k in (1, 2):
        x = x - k
    for s in x.shape:
        x = x / s
    for act in [torch.relu, torch.sigmoid]:
        x = act(x)
    for j in range(3):
        if j % 2 == 0:
            x = x + j
        else:
            x = -x
    return x

# CHECK-LABEL: py.func @f(
# CHECK-DAG:     %[[X:.*]] = tg.guard_tensor %x at "L['x']" strides [3, 1]
# CHECK-DAG:     %[[C0:.*]] = arith.constant 0 : i64
# CHECK-DAG:     %[[C1:.*]] = arith.constant 1 : i64
# CHECK-DAG:     %[[C2:.*]] = arith.constant 2 : i64
# CHECK-DAG:     %[[C3:.*]] = arith.constant 3 : i64
# CHECK:         %[[A:.*]] = tg.mul %[[X]], %[[C2]]
# CHECK-NEXT:    %[[B:.*]] = tg.add %[[A]], %[[C0]]
# CHECK-NEXT:    %[[D:.*]] = tg.mul %[[B]], %[[C2]]
# CHECK-NEXT:    %[[E:.*]] = tg.add %[[D]], %[[C1]]
# CHECK-NEXT:    %[[F:.*]] = tg.sub %[[E]], %[[C1]]
# CHECK-NEXT:    %[[G:.*]] = tg.sub %[[F]], %[[C2]]
# CHECK:         %[[H:.*]] = tg.div %[[G]], %[[C2]]
# CHECK-NEXT:    %[[I:.*]] = tg.div %[[H]], %[[C3]]
# CHECK:         %[[R:.*]] = tg.relu %[[I]]
# CHECK:         %[[S:.*]] = tg.sigmoid %[[R]]
# A body with a branch on the loop variable: each copy keeps its own arm.
# CHECK-NEXT:    %[[J0:.*]] = tg.add %[[S]], %[[C0]]
# CHECK-NEXT:    %[[J1:.*]] = tg.neg %[[J0]]
# CHECK-NEXT:    %[[J2:.*]] = tg.add %[[J1]], %[[C2]]
# CHECK-NOT:     py.getattr
# CHECK-NOT:     py.build_tuple
# CHECK-NOT:     py.iter_next
# CHECK-NOT:     cf.cond_br
