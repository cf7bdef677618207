# isinstance() of what the capture knows folds: an object of the static
# environment (its class's MRO), a tensor, a specialized constant; against
# classes of the environment, torch.nn classes, torch.Tensor, builtin types
# and tuples of them. The guards of the classes it names are kept.
#
# RUN: dynamir-translate --import-py %s --python=%cpython311 --entry=f --input='f32[2,4]' --input='int=3' \
# RUN:   | dynamir-opt --dynamir-capture=fullgraph=true --verify-each > %t.311.mlir
# RUN: dynamir-translate --import-py %s --python=%cpython313 --entry=f --input='f32[2,4]' --input='int=3' \
# RUN:   | dynamir-opt --dynamir-capture=fullgraph=true --verify-each > %t.313.mlir
# RUN: FileCheck %s < %t.311.mlir
# RUN: FileCheck %s < %t.313.mlir
# RUN: FileCheck %s --check-prefix=GUARDS < %t.311.mlir
# RUN: FileCheck %s --check-prefix=GUARDS < %t.313.mlir
# RUN: %torch_python %S/../../utils/examples/compare-with-eager.py --runner dynamir-runner \
# RUN:   --capture %t.313.mlir --module %s --entry f --tensor x=2,4 --scalar s=3 --seed %test_seed \
# RUN:   | FileCheck %s --check-prefix=EAGER

import torch
import torch.nn as nn


class Gate(nn.Module):
    def __init__(self):
        super().__init__()
        self.proj = nn.Linear(4, 4)

    def forward(self, x, scale):
        if isinstance(self.proj, nn.Linear) and isinstance(scale, (int, float)):
            x = self.proj(x) * scale
        if isinstance(x, torch.Tensor) and not isinstance(self, nn.Linear):
            x = x + 1
        return x, isinstance(scale, bool), isinstance(self, Gate)


gate = Gate()


def f(x, s):
    return gate(x, s)

# CHECK-LABEL: py.func @f(
# CHECK-DAG:     %[[TRUE:.*]] = py.constant true
# CHECK-DAG:     %[[FALSE:.*]] = py.constant false
# CHECK:         tg.linear
# CHECK:         tg.mul
# CHECK:         tg.add
# CHECK:         py.build_tuple(%{{.*}}, %[[FALSE]], %[[TRUE]])
# CHECK-NOT:     py.call

# GUARDS-LABEL: py.func @f(
# GUARDS-DAG:     tg.guard_id %{{.*}} at "G['nn']" is "torch.nn"
# GUARDS-DAG:     tg.guard_id %{{.*}} at "G['torch']" is "torch"
# GUARDS-DAG:     tg.guard_id %{{.*}} at "G['Gate']" is @"G['Gate']"

# EAGER: matches PyTorch {{.*}} eager
