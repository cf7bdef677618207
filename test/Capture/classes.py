# Classes, instances and nn.Modules of the static environment, captured from
# the bytecode of each supported CPython: methods, a staticmethod, a
# classmethod, a property, class attributes, a closure over constants with a
# keyword-only default, nn.Sequential, nn.ModuleList, nn.LayerNorm, *args.
# The graph and guards must not depend on the bytecode, and the result must
# be PyTorch eager's (with the module's own initial weights).
#
# RUN: dynamir-translate --import-py %s --python=%cpython311 --entry=f --input='f32[2,8]' --input='f32[4]' \
# RUN:   | dynamir-opt --dynamir-capture=fullgraph=true --verify-each > %t.311.mlir
# RUN: dynamir-translate --import-py %s --python=%cpython312 --entry=f --input='f32[2,8]' --input='f32[4]' \
# RUN:   | dynamir-opt --dynamir-capture=fullgraph=true --verify-each > %t.312.mlir
# RUN: dynamir-translate --import-py %s --python=%cpython313 --entry=f --input='f32[2,8]' --input='f32[4]' \
# RUN:   | dynamir-opt --dynamir-capture=fullgraph=true --verify-each > %t.313.mlir
# RUN: FileCheck %s < %t.311.mlir
# RUN: FileCheck %s < %t.312.mlir
# RUN: FileCheck %s < %t.313.mlir
# RUN: %torch_python %S/../../utils/examples/compare-with-eager.py --runner dynamir-runner \
# RUN:   --capture %t.311.mlir --module %s --entry f --tensor x=2,8 --tensor b=4 --seed %test_seed | FileCheck %s --check-prefix=EAGER
# RUN: %torch_python %S/../../utils/examples/compare-with-eager.py --runner dynamir-runner \
# RUN:   --capture %t.312.mlir --module %s --entry f --tensor x=2,8 --tensor b=4 --seed %test_seed | FileCheck %s --check-prefix=EAGER
# RUN: %torch_python %S/../../utils/examples/compare-with-eager.py --runner dynamir-runner \
# RUN:   --capture %t.313.mlir --module %s --entry f --tensor x=2,8 --tensor b=4 --seed %test_seed | FileCheck %s --check-prefix=EAGER

import torch
import torch.nn as nn
import torch.nn.functional as F

SCALE = 0.5


def make_scaler(k, *, shift=1.0):
    def scaler(x):
        return x * k + shift
    return scaler


halve = make_scaler(0.5, shift=0.0)


class Base:
    factor = 2.0

    def __init__(self, width):
        self.width = width

    def apply(self, x):
        return x * self.factor

    @staticmethod
    def act(x):
        return torch.relu(x)

    @classmethod
    def describe(cls):
        return cls.factor

    @property
    def doubled(self):
        return self.width * 2


class Child(Base):
    factor = 3.0

    def __init__(self):
        super().__init__(4)

    def apply(self, x):
        return self.act(x) * self.factor


class Head(nn.Module):
    def __init__(self, features, classes):
        super().__init__()
        self.body = nn.Sequential(nn.Linear(features, 16), nn.ReLU(), nn.Linear(16, classes))
        self.norm = nn.LayerNorm(classes, eps=1e-6)
        self.layers = nn.ModuleList([nn.Identity(), nn.Tanh()])

    def forward(self, x, *extra):
        y = self.norm(self.body(x))
        for layer in self.layers:
            y = layer(y)
        for e in extra:
            y = y + e
        return F.softmax(y, dim=-1)


child = Child()
head = Head(8, 4)


def f(x, b):
    y = child.apply(x) + Child.describe() + child.doubled
    z = halve(y) * SCALE
    return head(z, b), child.width

# The method is found through the instance's class, under TYPE_MATCH; the
# staticmethod it calls is inlined; class and instance attributes are
# constants under CONSTANT_MATCH on their sources.
# CHECK-LABEL: py.func @f(
# CHECK:         %[[X:.*]] = tg.guard_tensor %x at "L['x']"
# CHECK:         %[[B:.*]] = tg.guard_tensor %b at "L['b']"
# CHECK:         %[[CHILD:.*]] = tg.guard_id %{{.*}} at "G['child']" is @"G['child']"
# CHECK:         tg.guard_type %[[CHILD]] at "G['child']" is @"G['Child']"
# CHECK:         %[[R:.*]] = tg.relu %[[X]]
# CHECK:         tg.guard_constant %{{.*}} at "G['child'].factor" equals(3.000000e+00 : f64)
# CHECK:         %[[M:.*]] = tg.mul %[[R]], %{{.*}} : tensor<2x8xf32>, f64
# The classmethod binds the class; the property runs its getter.
# CHECK:         tg.guard_id %{{.*}} at "G['Child']" is @"G['Child']"
# CHECK:         tg.guard_constant %{{.*}} at "G['Child'].factor" equals(3.000000e+00 : f64)
# CHECK:         %[[A:.*]] = tg.add %[[M]]
# CHECK:         tg.guard_constant %{{.*}} at "G['child'].width" equals(#py.int<4>)
# CHECK:         %[[A2:.*]] = tg.add %[[A]], %{{.*}} : tensor<2x8xf32>, i64
# The closure's cells hold constants.
# CHECK:         tg.guard_closure %{{.*}} at "G['halve']" code @"make_scaler.<locals>.scaler"
# CHECK:         tg.guard_constant %{{.*}} at "G['SCALE']" equals(5.000000e-01 : f64)
# nn.Module.__call__ runs forward; the library modules map to tg, their
# parameters guarded where forward reads them.
# CHECK:         %[[HEAD:.*]] = tg.guard_id %{{.*}} at "G['head']" is @"G['head']"
# CHECK:         tg.guard_type %[[HEAD]] at "G['head']" is @"G['Head']"
# CHECK:         %[[W0:.*]] = tg.guard_tensor %{{.*}} at "G['head'].body[0].weight" strides [8, 1] requires_grad : !py.object -> tensor<16x8xf32>
# CHECK:         %[[B0:.*]] = tg.guard_tensor %{{.*}} at "G['head'].body[0].bias" strides [1] requires_grad : !py.object -> tensor<16xf32>
# CHECK:         %[[L0:.*]] = tg.linear %{{.*}}, %[[W0]], %[[B0]]
# CHECK:         %[[R0:.*]] = tg.relu %[[L0]]
# CHECK:         tg.guard_tensor %{{.*}} at "G['head'].body[2].weight"
# CHECK:         %[[L2:.*]] = tg.linear %[[R0]]
# CHECK:         tg.guard_constant %{{.*}} at "G['head'].norm.eps" equals(9.9999999999999995E-7 : f64)
# CHECK:         tg.mean %[[L2]] dims [1] keepdim
# CHECK:         %[[N:.*]] = tg.add %{{.*}}, %{{.*}} : tensor<2x4xf32>, tensor<4xf32>
# The ModuleList unrolls: Identity is the input, Tanh a tg op.
# CHECK-NEXT:    %[[T:.*]] = tg.tanh %[[N]]
# CHECK-NEXT:    %[[E:.*]] = tg.add %[[T]], %[[B]]
# CHECK:         tg.softmax %[[E]] dim -1
# CHECK-NOT:     py.call
# CHECK:         py.return

# EAGER: matches PyTorch {{.*}} eager
