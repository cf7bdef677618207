# Functions made inside the entry are inlined like module-level ones: a def
# with a closure over a local and a parameter (its cells become values), a
# lambda, defaults the code computed, and 3.11's comprehension function; no
# guard is needed, since the code made them. The same from the bytecode of
# each supported CPython.
#
# RUN: dynamir-translate --import-py %s --python=%cpython311 --entry=f --input='f32[3,4]' --input='int=3' \
# RUN:   | dynamir-opt --dynamir-capture=fullgraph=true --verify-each | FileCheck %s
# RUN: dynamir-translate --import-py %s --python=%cpython312 --entry=f --input='f32[3,4]' --input='int=3' \
# RUN:   | dynamir-opt --dynamir-capture=fullgraph=true --verify-each | FileCheck %s
# RUN: dynamir-translate --import-py %s --python=%cpython313 --entry=f --input='f32[3,4]' --input='int=3' \
# RUN:   | dynamir-opt --dynamir-capture=fullgraph=true --verify-each | FileCheck %s
# RUN: dynamir-translate --import-py %s --python=%cpython311 --entry=comprehension --input='f32[3,4]' \
# RUN:   | dynamir-opt --dynamir-capture=fullgraph=true --verify-each | FileCheck %s --check-prefix=COMP
# RUN: dynamir-translate --import-py %s --python=%cpython312 --entry=comprehension --input='f32[3,4]' \
# RUN:   | dynamir-opt --dynamir-capture=fullgraph=true --verify-each | FileCheck %s --check-prefix=COMP
# RUN: dynamir-translate --import-py %s --python=%cpython313 --entry=comprehension --input='f32[3,4]' \
# RUN:   | dynamir-opt --dynamir-capture=fullgraph=true --verify-each | FileCheck %s --check-prefix=COMP

import torch


def f(x, n):
    k = 2
    def scale(y, bias=x.sum()):
        return y * k + n + bias
    square = lambda t: t * t
    k = 5
    return scale(x) + square(x)

# The cell of `k` holds 5 when `scale` runs; `n` is the specialized 3.
# CHECK-LABEL: py.func @f(
# CHECK-DAG:     %[[FIVE:.*]] = arith.constant 5 : i64
# CHECK-DAG:     %[[THREE:.*]] = arith.constant 3 : i64
# CHECK-DAG:     %[[X:.*]] = tg.guard_tensor %x at "L['x']"
# CHECK-DAG:     %[[BIAS:.*]] = tg.sum %[[X]]
# CHECK-DAG:     %[[M:.*]] = tg.mul %[[X]], %[[FIVE]]
# CHECK-DAG:     %[[A:.*]] = tg.add %[[M]], %[[THREE]]
# CHECK-DAG:     %[[B:.*]] = tg.add %[[A]], %[[BIAS]]
# CHECK-DAG:     %[[SQ:.*]] = tg.mul %[[X]], %[[X]]
# CHECK:         tg.add %[[B]], %[[SQ]]
# CHECK-NOT:     py.make_function
# CHECK-NOT:     py.make_cell
# CHECK-NOT:     py.call
# CHECK-NOT:     tg.guard_closure
# CHECK:         py.return


def comprehension(x):
    return torch.stack([t * 2 for t in (x, x + 1)])

# COMP-LABEL: py.func @comprehension(
# COMP:         %[[X:.*]] = tg.guard_tensor %x at "L['x']"
# COMP-DAG:     %[[X1:.*]] = tg.add %[[X]]
# COMP-DAG:     %[[A:.*]] = tg.mul %[[X]]
# COMP-DAG:     %[[B:.*]] = tg.mul %[[X1]]
# COMP:         tg.stack %[[A]], %[[B]] dim 0
# COMP-NOT:     py.call
# COMP-NOT:     py.landing_pad
# COMP:         py.return
