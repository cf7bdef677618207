# The module body, run ahead of time: the same environment from the bytecode
# of each supported CPython.
#
# RUN: dynamir-translate --import-py %s --python=%cpython311 | dynamir-opt --py-build-environment --verify-each > %t.311.mlir
# RUN: dynamir-translate --import-py %s --python=%cpython312 | dynamir-opt --py-build-environment --verify-each > %t.312.mlir
# RUN: dynamir-translate --import-py %s --python=%cpython313 | dynamir-opt --py-build-environment --verify-each > %t.313.mlir
# RUN: FileCheck %s < %t.311.mlir
# RUN: FileCheck %s < %t.312.mlir
# RUN: FileCheck %s < %t.313.mlir
#
# Code the interpreter cannot run stops the body; an inconsistent MRO is
# CPython's TypeError (with 3.13's one-line message).
# RUN: dynamir-translate --import-py %S/Inputs/environment-unknown.py --python=%cpython312 --mlir-print-debuginfo \
# RUN:   | dynamir-opt --py-build-environment --verify-each | FileCheck %s --check-prefix=UNKNOWN
# RUN: dynamir-translate --import-py %S/Inputs/environment-mro.py --python=%cpython311 --mlir-print-debuginfo \
# RUN:   | not dynamir-opt --py-build-environment 2>&1 | FileCheck %s --check-prefix=MRO311
# RUN: dynamir-translate --import-py %S/Inputs/environment-mro.py --python=%cpython313 --mlir-print-debuginfo \
# RUN:   | not dynamir-opt --py-build-environment 2>&1 | FileCheck %s --check-prefix=MRO313
#
# Two builtin containers as bases are CPython's layout conflict.
# RUN: dynamir-translate --import-py %S/Inputs/environment-layout.py --python=%cpython312 --mlir-print-debuginfo \
# RUN:   | not dynamir-opt --py-build-environment 2>&1 | FileCheck %s --check-prefix=LAYOUT

import functools
import math
import numpy as np
import types
import torch
import torch.nn as nn
from torch.nn import functional as F

EPS = 1e-5
SIZES = (4, 8)
NAMES = ["a", "b"]
HALF = SIZES[1] // 2 + 0.5


def make(k, *, bias=1.0):
    def scale(x):
        return x * k + bias
    return scale


triple = make(3, bias=0.5)
scale_by = functools.partial(make, 2)
quadruple = scale_by(bias=0.25)


class A:
    scale = 2

    def f(self):
        return self.scale

    @staticmethod
    def s(x):
        return x

    @classmethod
    def c(cls):
        return cls.scale

    @property
    def p(self):
        return self.scale * 2


class B(A):
    scale = 3


class C(A):
    def f(self):
        return 0


class D(B, C):
    pass


class E:
    # type.__new__ makes these a staticmethod and classmethods.
    def __new__(cls):
        return super().__new__(cls)

    def __init_subclass__(cls):
        pass

    # A bound method in the class's __dict__.
    bound = types.MethodType(make, 3)


class Base:
    def __init__(self, k):
        self.k = k


class Derived(Base):
    def __init__(self):
        super().__init__(4)
        self.j = self.k + 1


class Net(nn.Module):
    def __init__(self, features, layers=2):
        super().__init__()
        self.proj = nn.Linear(features, 2 * features, bias=False)
        self.body = nn.Sequential(*[nn.Linear(2 * features, 2 * features) for _ in range(layers)],
                                  nn.ReLU())
        self.norm = nn.LayerNorm((2 * features,), eps=1e-6)
        self.act = nn.GELU(approximate="tanh")
        self.depth = len(self.body)


class Shape(tuple):
    __slots__ = ()

    def numel(self):
        return self[0] * self[1]


class Names(list):
    pass


d = D()
derived = Derived()
net = Net(SIZES[0])
shape = Shape((2, 3))
names = Names()
FIRST, SECOND = shape
if __name__ == "__main__":
    print("never at import")

# CHECK-LABEL: py.globals {
# CHECK-NEXT:    py.global "functools" = #py.module<"functools">
# CHECK-NEXT:    py.global "math" = #py.module<"math">
# CHECK-NEXT:    py.global "np" = #py.module<"numpy">
# CHECK-NEXT:    py.global "types" = #py.module<"types">
# CHECK-NEXT:    py.global "torch" = #py.module<"torch">
# CHECK-NEXT:    py.global "nn" = #py.module<"torch.nn">
# CHECK-NEXT:    py.global "F" = #py.module<"torch.nn.functional">
# CHECK-NEXT:    py.global "EPS" = 1.000000e-05 : f64
# CHECK-NEXT:    py.global "SIZES" = [#py.int<4>, #py.int<8>]
# CHECK-NEXT:    py.global "NAMES" = #py.list<["a", "b"]>
# CHECK-NEXT:    py.global "HALF" = 4.500000e+00 : f64
# CHECK-NEXT:    py.global "make" = #py.function<@make kwdefaults {bias = 1.000000e+00 : f64}>
# CHECK-NEXT:    py.global "triple" = #py.function<@"make.<locals>.scale" closure [5.000000e-01, #py.int<3>]>
# CHECK-NEXT:    py.global "scale_by" = #py.partial<#py.function<@make kwdefaults {bias = 1.000000e+00 : f64}>, [#py.int<2>], [], []>
# CHECK-NEXT:    py.global "quadruple" = #py.function<@"make.<locals>.scale" closure [2.500000e-01, #py.int<2>]>
# CHECK-NEXT:    py.global "A" = #py.ref<@"G['A']">
# CHECK-NEXT:    py.global "B" = #py.ref<@"G['B']">
# CHECK-NEXT:    py.global "C" = #py.ref<@"G['C']">
# CHECK-NEXT:    py.global "D" = #py.ref<@"G['D']">
# CHECK-NEXT:    py.global "E" = #py.ref<@"G['E']">
# CHECK-NEXT:    py.global "Base" = #py.ref<@"G['Base']">
# CHECK-NEXT:    py.global "Derived" = #py.ref<@"G['Derived']">
# CHECK-NEXT:    py.global "Net" = #py.ref<@"G['Net']">
# CHECK-NEXT:    py.global "Shape" = #py.ref<@"G['Shape']">
# CHECK-NEXT:    py.global "Names" = #py.ref<@"G['Names']">
# CHECK-NEXT:    py.global "d" = #py.ref<@"G['d']">
# CHECK-NEXT:    py.global "derived" = #py.ref<@"G['derived']">
# CHECK-NEXT:    py.global "net" = #py.ref<@"G['net']">
# CHECK-NEXT:    py.global "shape" = #py.ref<@"G['shape']">
# CHECK-NEXT:    py.global "names" = #py.unknown<"an instance of a subclass of 'list' {{.*}}">
# CHECK-NEXT:    py.global "FIRST" = #py.int<2>
# CHECK-NEXT:    py.global "SECOND" = #py.int<3>
# CHECK-NEXT:  }

# Library classes first, each after its bases; a builtin container is a
# base class like any library class.
# CHECK-NEXT:  py.class @builtins.object "object" library bases [] mro [@builtins.object] {
# CHECK:       py.class @builtins.tuple "tuple" library bases [@builtins.object] mro [@builtins.tuple, @builtins.object] {
# CHECK:       py.class @torch.nn.Module "Module" library bases [@builtins.object] mro [@torch.nn.Module, @builtins.object] {

# The diamond's C3 order, and each class's own __dict__.
# CHECK:       py.class @"G['A']" "A" bases [@builtins.object] mro [@"G['A']", @builtins.object] {
# CHECK-NEXT:    py.member "__module__" = "build-environment"
# CHECK:         py.member "scale" = #py.int<2>
# CHECK-NEXT:    py.member "f" = #py.function<@A.f>
# CHECK-NEXT:    py.member "s" = #py.staticmethod<#py.function<@A.s>>
# CHECK-NEXT:    py.member "c" = #py.classmethod<#py.function<@A.c>>
# CHECK-NEXT:    py.member "p" = #py.property<#py.function<@A.p>, #py.none, #py.none>
# CHECK:       py.class @"G['D']" "D" bases [@"G['B']", @"G['C']"] mro [@"G['D']", @"G['B']", @"G['C']", @"G['A']", @builtins.object] {

# CHECK:       py.class @"G['E']" "E" bases [@builtins.object] mro [@"G['E']", @builtins.object] {
# CHECK:         py.member "__new__" = #py.staticmethod<#py.function<@E.__new__ closure [#py.ref<@"G['E']">]>>
# CHECK-NEXT:    py.member "__init_subclass__" = #py.classmethod<#py.function<@E.__init_subclass__>>
# CHECK-NEXT:    py.member "bound" = #py.method<#py.function<@make kwdefaults {bias = 1.000000e+00 : f64}>, #py.int<3>>

# CHECK:       py.class @"G['Shape']" "Shape" bases [@builtins.tuple] mro [@"G['Shape']", @builtins.tuple, @builtins.object] {
# CHECK-NEXT:    py.member "__module__" = "build-environment"
# CHECK:         py.member "__slots__" = []
# CHECK-NEXT:    py.member "numel" = #py.function<@Shape.numel>

# The instances, their __init__ run through super(); a tuple subclass's
# with the contents `tuple.__new__` gave it.
# CHECK:       py.object @"G['d']" : @"G['D']" {
# CHECK-NEXT:  }
# CHECK:       py.object @"G['derived']" : @"G['Derived']" {
# CHECK-NEXT:    py.member "k" = #py.int<4>
# CHECK-NEXT:    py.member "j" = #py.int<5>
# CHECK-NEXT:  }
# CHECK:       py.object @"G['net']" : @"G['Net']" {
# CHECK-NEXT:    py.member "training" = true
# CHECK-NEXT:    py.member "proj" = #py.ref<@"G['net'].proj">
# CHECK-NEXT:    py.member "body" = #py.ref<@"G['net'].body">
# CHECK-NEXT:    py.member "norm" = #py.ref<@"G['net'].norm">
# CHECK-NEXT:    py.member "act" = #py.ref<@"G['net'].act">
# CHECK-NEXT:    py.member "depth" = #py.int<3>
# CHECK-NEXT:  }
# CHECK:       py.object @"G['shape']" : @"G['Shape']" contents [#py.int<2>, #py.int<3>] {
# CHECK-NEXT:  }
# CHECK:       py.object @"G['net'].proj" : @torch.nn.Linear {
# CHECK:         py.member "weight" = #py.parameter<tensor<8x4xf32>, requires_grad>
# CHECK-NEXT:    py.member "bias" = #py.none
# CHECK:       py.object @"G['net'].body" : @torch.nn.Sequential {
# CHECK-NEXT:    py.member "training" = true
# CHECK-NEXT:    py.member "0" = #py.ref<@"G['net'].body[0]">
# CHECK-NEXT:    py.member "1" = #py.ref<@"G['net'].body[1]">
# CHECK-NEXT:    py.member "2" = #py.ref<@"G['net'].body[2]">
# CHECK-NEXT:  }
# CHECK:       py.object @"G['net'].norm" : @torch.nn.LayerNorm {
# CHECK:         py.member "normalized_shape" = [#py.int<8>]
# CHECK-NEXT:    py.member "eps" = 9.9999999999999995E-7 : f64
# CHECK:         py.member "weight" = #py.parameter<tensor<8xf32>, requires_grad>
# CHECK:       py.object @"G['net'].act" : @torch.nn.GELU {
# CHECK:         py.member "approximate" = "tanh"
# CHECK:       py.object @"G['net'].body[0]" : @torch.nn.Linear {
# CHECK:         py.member "weight" = #py.parameter<tensor<8x8xf32>, requires_grad>
# CHECK:       py.object @"G['net'].body[2]" : @torch.nn.ReLU {

# A call the interpreter cannot run makes its result unknown, and what it was
# given opaque; the body goes on. A branch on an unknown value stops it: what
# it binds from there on is unknown.
# UNKNOWN-LABEL: py.globals {
# UNKNOWN-NEXT:    py.global "torch" = #py.module<"torch">
# UNKNOWN-NEXT:    py.global "mylib" = #py.module<"mylib">
# UNKNOWN-NEXT:    py.global "Box" = #py.ref<@"G['Box']">
# UNKNOWN-NEXT:    py.global "box" = #py.ref<@"G['box']">
# UNKNOWN-NEXT:    py.global "weights" = #py.unknown<"a call of 'mylib.load' the module body cannot run ahead of time ({{.*}}environment-unknown.py:11)">
# UNKNOWN-NEXT:    py.global "after" = #py.int<1>
# UNKNOWN-NEXT:    py.global "late" = #py.unknown<"the module body stops at a branch on a value the module body cannot know ({{.*}}environment-unknown.py:13)">
# UNKNOWN-NEXT:    py.global "final" = #py.unknown<"the module body stops at a branch
# UNKNOWN-NEXT:  }
# UNKNOWN:       py.object @"G['box']" : @"G['Box']" opaque {
# UNKNOWN-NEXT:  }

# MRO311: environment-mro.py:11:{{[0-9]+}}: error: TypeError: Cannot create a consistent method resolution
# MRO311-NEXT: order (MRO) for bases X, Y
# MRO311-NEXT: note: importing the module raises this error
# MRO313: environment-mro.py:11:{{[0-9]+}}: error: TypeError: Cannot create a consistent method resolution order (MRO) for bases X, Y

# LAYOUT: environment-layout.py:9:{{[0-9]+}}: error: TypeError: multiple bases have instance lay-out conflict
# LAYOUT-NEXT: note: importing the module raises this error
