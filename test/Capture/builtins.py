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
