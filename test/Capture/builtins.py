# len() of the builtin folds on what has a known length: *args, a tensor (its
# first size, under its guard), constant tuples and strings (code points), a
# tensor's shape; the same from the bytecode of each supported CPython.
#
# RUN: dynamir-translate --import-py %s --python=%cpython311 --entry=f --input='f32[4,2]' --input='int=1' --input='int=2' \
# RUN:   | dynamir-opt --dynamir-capture=fullgraph=true --verify-each | FileCheck %s
# RUN: dynamir-translate --import-py %s --python=%cpython312 --entry=f --input='f32[4,2]' --input='int=1' --input='int=2' \
# RUN:   | dynamir-opt --dynamir-capture=fullgraph=true --verify-each | FileCheck %s
# RUN: dynamir-translate --import-py %s --python=%cpython313 --entry=f --input='f32[4,2]' --input='int=1' --input='int=2' \
# RUN:   | dynamir-opt --dynamir-capture=fullgraph=true --verify-each | FileCheck %s
# RUN: dynamir-translate --import-py %s --python=%cpython311 --entry=numbers --input='f32[3,4]' --input='int=3' \
# RUN:   | dynamir-opt --dynamir-capture=fullgraph=true --verify-each | FileCheck %s --check-prefix=NUM
# RUN: dynamir-translate --import-py %s --python=%cpython313 --entry=numbers --input='f32[3,4]' --input='int=3' \
# RUN:   | dynamir-opt --dynamir-capture=fullgraph=true --verify-each | FileCheck %s --check-prefix=NUM
# RUN: dynamir-translate --import-py %s --python=%cpython312 --entry=numbers --input='f32[3,4]' --input='int=3' \
# RUN:   | dynamir-opt --dynamir-capture=fullgraph=true --verify-each | sed -n '/py.func @numbers(/,/^  }/p' \
# RUN:   | FileCheck %s --check-prefix=BODY --implicit-check-not=py.load_global
# RUN: dynamir-translate --import-py %s --python=%cpython312 --entry=float_sum --input='int=3' \
# RUN:   | dynamir-opt --dynamir-capture --verify-each 2>&1 | FileCheck %s --check-prefix=FSUM

import torch


def f(x, *args):
    n = len(args) + len(x) + len((1, 2, 3)) + len("h\u00e9llo") + len(x.shape)
    return x * n

# 2 + 4 + 3 + 5 + 2
# CHECK-LABEL: py.func @f(
# CHECK-DAG:     %[[N:.*]] = arith.constant 16 : i64
# CHECK-DAG:     %[[X:.*]] = tg.guard_tensor %x at "L['x']"
# CHECK-DAG:     %[[L:.*]] = tg.guard_len %args at "L['args']" is "builtins.tuple" length 2
# CHECK-DAG:     tg.assume %[[X]]
# CHECK:         tg.mul %[[X]], %[[N]]
# CHECK-NOT:     py.call
# CHECK:         py.return


# abs, min, max and sum of the builtins: abs of a tensor is tg.abs; min and
# max of numbers return the first extreme argument itself (max(2, 2.0) is
# the int 2, min(3.0, 3) the float); sum adds as Python does, from 0.
def numbers(x, n):
    k = max(n, 2, 1.5) + min((4, n)) + abs(-n) + sum((1, 2, n))
    return abs(x), sum((x, x)), k, max(2, 2.0), min(3.0, 3), abs(-2.5), abs(True)

# NUM-LABEL: py.func @numbers(
# NUM-DAG:     %[[K:.*]] = py.constant #py.int<15>
# NUM-DAG:     %[[TWO:.*]] = py.constant #py.int<2>
# NUM-DAG:     %[[THREE:.*]] = py.constant 3.000000e+00 : f64
# NUM-DAG:     %[[HALF:.*]] = py.constant 2.500000e+00 : f64
# NUM-DAG:     %[[ONE:.*]] = py.constant #py.int<1>
# NUM-DAG:     %[[X:.*]] = tg.guard_tensor %x at "L['x']"
# NUM-DAG:     tg.abs %[[X]]
# NUM-DAG:     %[[S:.*]] = tg.add %c0{{.*}}, %[[X]]
# NUM-DAG:     tg.add %[[S]], %[[X]]
# NUM:         py.build_tuple(%{{.*}}, %{{.*}}, %[[K]], %[[TWO]], %[[THREE]], %[[HALF]], %[[ONE]])

# The loads of the builtins go with the calls.
# BODY: py.func @numbers(
# BODY: py.return


# 3.12 sums floats with compensation: a float constant is not folded.
def float_sum(n):
    return sum((0.1, 0.2, n))

# FSUM: warning: graph break: Unsupported function call
# FSUM: Developer debug context: call_function sum
