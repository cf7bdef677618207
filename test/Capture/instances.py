# Instances the captured function creates (py-resolve-objects), the same
# from the bytecode of each supported CPython: a class called in the entry
# runs its __init__ chain through super() (CLOSURE_MATCH on
# `G['Child'].__mro__[i].__init__`, read from the class: the instance has
# no source), its stores are what later reads see, a class attribute behind
# them is a constant under CONSTANT_MATCH on `G['Child'].k`, and the
# instance itself is gone from the captured code. An nn.Module subclass
# made in the entry runs its forward; __new__ and __setattr__ /
# __delattr__ through super() act on the new instance. An instance that
# leaves the entry is a graph break at the class call.
#
# RUN: for v in %cpython311 %cpython312 %cpython313; do \
# RUN:   dynamir-translate --import-py %s --python=$v --entry=chain --input='f32[3]' \
# RUN:   | dynamir-opt --dynamir-capture=fullgraph=true --verify-each > %t || exit 1; \
# RUN:   FileCheck %s --check-prefix=CHAIN < %t && FileCheck %s --check-prefix=CHAINGONE < %t \
# RUN:   || exit 1; \
# RUN:   dynamir-translate --import-py %s --python=$v --entry=module --input='f32[3]' \
# RUN:   | dynamir-opt --dynamir-capture=fullgraph=true --verify-each > %t || exit 1; \
# RUN:   FileCheck %s --check-prefix=MODULE < %t && FileCheck %s --check-prefix=MODULEGONE < %t \
# RUN:   || exit 1; \
# RUN:   dynamir-translate --import-py %s --python=$v --entry=special --input='f32[3]' \
# RUN:   | dynamir-opt --dynamir-capture=fullgraph=true --verify-each > %t || exit 1; \
# RUN:   FileCheck %s --check-prefix=SPECIAL < %t && FileCheck %s --check-prefix=SPECIALGONE < %t \
# RUN:   || exit 1; \
# RUN:   dynamir-translate --import-py %s --python=$v --entry=escapes --input='f32[3]' \
# RUN:   | not dynamir-opt --dynamir-capture=fullgraph=true 2>&1 | FileCheck %s --check-prefix=ESCAPES \
# RUN:   || exit 1; \
# RUN:   dynamir-translate --import-py %s --python=$v --entry=init_returns --input='f32[3]' \
# RUN:   | not dynamir-opt --dynamir-capture=fullgraph=true 2>&1 | FileCheck %s --check-prefix=INITRETURNS \
# RUN:   || exit 1; \
# RUN:   dynamir-translate --import-py %s --python=$v --entry=refused --input='f32[3]' \
# RUN:   | not dynamir-opt --dynamir-capture=fullgraph=true 2>&1 | FileCheck %s --check-prefix=REFUSED \
# RUN:   || exit 1; done

import torch.nn as nn


class Base:
    k = 2.0

    def __init__(self, a):
        self.a = a

    def f(self, x):
        return x * self.a + self.k


class Child(Base):
    def __init__(self, a):
        super().__init__(a)
        self.b = self.a + 1.0

    def f(self, x):
        return super().f(x) - self.b


def chain(x):
    c = Child(3.0)
    return c.f(x), c.b

# CHAIN-LABEL: py.func @chain(
# CHAIN-DAG:     %[[X:.*]] = tg.guard_tensor %x at "L['x']"
# CHAIN-DAG:     %[[CHILD:.*]] = tg.guard_id %{{.*}} at "G['Child']" is @"G['Child']"
# CHAIN-DAG:     tg.guard_closure %{{.*}} at "G['Child'].__mro__[1].__init__" code @Base.__init__
# CHAIN-DAG:     tg.guard_closure %{{.*}} at "G['Child'].__mro__[1].f" code @Base.f
# CHAIN-DAG:     tg.guard_constant %{{.*}} at "G['Child'].k" equals(2.000000e+00 : f64)
# x * 3 + 2 - 4, and c.b is the constant 4.
# CHAIN-DAG:     %[[A:.*]] = tg.mul %[[X]], %{{.*}} : tensor<3xf32>, f64
# CHAIN-DAG:     %[[K:.*]] = tg.add %[[A]], %{{.*}} : tensor<3xf32>, f64
# CHAIN-DAG:     %[[B:.*]] = tg.sub %[[K]], %{{.*}} : tensor<3xf32>, f64
# CHAIN-DAG:     %[[FOUR:.*]] = py.constant 4.000000e+00 : f64
# CHAIN-DAG:     %[[R:.*]] = py.tensor_object %[[B]]
# CHAIN:         py.build_tuple(%[[R]], %[[FOUR]])
# CHAINGONE-LABEL: py.func @chain(
# CHAINGONE-NOT:     py.new_object
# CHAINGONE-NOT:     py.setattr
# CHAINGONE-NOT:     py.call
# CHAINGONE:         py.return


class Net(nn.Module):
    def __init__(self, scale):
        super().__init__()
        self.scale = scale

    def forward(self, x):
        return x * self.scale


def module(x):
    net = Net(2.0)
    return net(x), net.training

# MODULE-LABEL: py.func @module(
# MODULE-DAG:     %[[X:.*]] = tg.guard_tensor %x at "L['x']"
# MODULE-DAG:     %[[TRUE:.*]] = py.constant true
# MODULE-DAG:     %[[Y:.*]] = tg.mul %[[X]], %{{.*}} : tensor<3xf32>, f64
# MODULE-DAG:     %[[R:.*]] = py.tensor_object %[[Y]]
# MODULE:         py.build_tuple(%[[R]], %[[TRUE]])
# MODULEGONE-LABEL: py.func @module(
# MODULEGONE-NOT:     py.new_object
# MODULEGONE-NOT:     py.object_setattr
# MODULEGONE-NOT:     py.call
# MODULEGONE:         py.return


class Tagged:
    def __new__(cls, v):
        obj = super().__new__(cls)
        obj.tag = v
        return obj

    def __setattr__(self, name, value):
        super().__setattr__(name, value * 2)

    def drop(self):
        super().__delattr__("tag")


def special(x):
    t = Tagged(1.5)
    doubled = t.tag
    t.drop()
    return x * doubled, hasattr(t, "tag")

# obj.tag = v runs Tagged.__setattr__ (1.5 * 2), drop() deletes it, and
# hasattr sees it gone; the instance goes.
# SPECIAL-LABEL: py.func @special(
# SPECIAL-DAG:     %[[X:.*]] = tg.guard_tensor %x at "L['x']"
# SPECIAL-DAG:     %[[THREE:.*]] = arith.constant 3.000000e+00 : f64
# SPECIAL-DAG:     %[[FALSE:.*]] = py.constant false
# SPECIAL-DAG:     %[[Y:.*]] = tg.mul %[[X]], %[[THREE]] : tensor<3xf32>, f64
# SPECIAL-DAG:     %[[R:.*]] = py.tensor_object %[[Y]]
# SPECIAL:         py.build_tuple(%[[R]], %[[FALSE]])
# SPECIALGONE-LABEL: py.func @special(
# SPECIALGONE-NOT:     py.new_object
# SPECIALGONE-NOT:     py.delattr
# SPECIALGONE-NOT:     py.call
# SPECIALGONE:         py.return


def escapes(x):
    return Child(1.0)

# ESCAPES: error: graph break: Unsupported function call
# ESCAPES-NEXT: py.call %Child(
# ESCAPES: note: Explanation: Dynamir models an instance of `Child` that the captured function creates only while it stays inside it


def refused(x):
    return Base(), x

# Base.__init__ lacks its argument (TypeError): the call of it stays.
# REFUSED: error: graph break: Unsupported function call
# REFUSED-NEXT: py.call %Base()
# REFUSED: Explanation: Dynamir could not inline `Base.__init__` for the instance the call creates
# REFUSED: Developer debug context: call_function UserFunctionVariable(Base.__init__)


class Returns:
    def __init__(self):
        return 1


def init_returns(x):
    Returns()
    return x

# CPython's TypeError: __init__() should return None, not 'int'.
# INITRETURNS: error: graph break: Observed exception
# INITRETURNS: Explanation: The class's `__init__` returns something other than None
