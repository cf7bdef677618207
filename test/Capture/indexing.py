# Subscripts of tensors with constant indices become tg.select, tg.slice and
# tg.unsqueeze (ints, slices with Python's clamping, None, one Ellipsis),
# from the bytecode of each supported CPython, and give eager's values.
#
# RUN: dynamir-translate --import-py %s --python=%cpython311 --entry=f --input='f32[4,6]' \
# RUN:   | dynamir-opt --dynamir-capture=fullgraph=true --verify-each > %t.311.mlir
# RUN: dynamir-translate --import-py %s --python=%cpython312 --entry=f --input='f32[4,6]' \
# RUN:   | dynamir-opt --dynamir-capture=fullgraph=true --verify-each > %t.312.mlir
# RUN: dynamir-translate --import-py %s --python=%cpython313 --entry=f --input='f32[4,6]' \
# RUN:   | dynamir-opt --dynamir-capture=fullgraph=true --verify-each > %t.313.mlir
# RUN: FileCheck %s < %t.311.mlir
# RUN: FileCheck %s < %t.312.mlir
# RUN: FileCheck %s < %t.313.mlir
# RUN: %torch_python %S/../../utils/examples/compare-with-eager.py --runner dynamir-runner \
# RUN:   --capture %t.312.mlir --module %s --entry f --tensor x=4,6 --seed %test_seed | FileCheck %s --check-prefix=EAGER
#
# An index out of range is PyTorch's IndexError, at the user's line.
# RUN: dynamir-translate --import-py %s --python=%cpython312 --entry=g --input='f32[4,6]' --mlir-print-debuginfo \
# RUN:   | not dynamir-opt --dynamir-capture 2>&1 | FileCheck %s --check-prefix=RANGE

import torch


def f(x):
    return x[1:3], x[:, 0], x[-1], x[..., 1:], x[None, 0, ::2], x[-10:2, 4:100]


def g(x):
    return x[:, 6]

# CHECK-LABEL: py.func @f(
# CHECK:         %[[X:.*]] = tg.guard_tensor %x
# CHECK:         tg.slice %[[X]] dim 0 start 1 end 3 step 1 : tensor<4x6xf32>
# CHECK:         tg.select %{{.*}} dim 1 index 0 : tensor<4x6xf32>
# CHECK:         tg.select %[[X]] dim 0 index -1 : tensor<4x6xf32>
# CHECK:         tg.slice %[[X]] dim 1 start 1 end {{[0-9]+}} step 1 : tensor<4x6xf32>
# CHECK:         %[[U:.*]] = tg.unsqueeze %[[X]] dim 0 : tensor<4x6xf32>
# CHECK-NEXT:    %[[S:.*]] = tg.select %[[U]] dim 1 index 0 : tensor<1x4x6xf32>
# CHECK-NEXT:    tg.slice %[[S]] dim 1 start 0 end {{[0-9]+}} step 2 : tensor<1x6xf32>
# CHECK-NOT:     py.getitem
# CHECK:         py.return

# EAGER: matches PyTorch {{.*}} eager

# RANGE: indexing.py:29:{{[0-9]+}}: error: {{.*}}index 6 is out of bounds for dimension 1 with size 6
