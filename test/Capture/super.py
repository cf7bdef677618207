# super() through the MRO (Dynamo's SuperVariable), the same from the
# bytecode of each supported CPython: a cooperative chain through a diamond
# inlines each method under CLOSURE_MATCH on `type(G['d']).__mro__[i].f`;
# a class attribute read through super() is a constant under CONSTANT_MATCH
# on its source; a staticmethod is called unbound, a classmethod with
# `type(obj)` (ID_MATCH on `type(G['d'])`); `object.__init__` is nothing;
# two-argument super starts after the class given; a bound method found
# through super() calls its function. What Dynamo refuses is a
# graph break with its gb_type.
#
# RUN: for v in %cpython311 %cpython312 %cpython313; do \
# RUN:   dynamir-translate --import-py %s --python=$v --entry=chain --input='f32[3]' \
# RUN:   | dynamir-opt --dynamir-capture=fullgraph=true --verify-each | FileCheck %s --check-prefix=CHAIN \
# RUN:   || exit 1; \
# RUN:   dynamir-translate --import-py %s --python=$v --entry=members --input='f32[3]' \
# RUN:   | dynamir-opt --dynamir-capture=fullgraph=true --verify-each | FileCheck %s --check-prefix=MEMBERS \
# RUN:   || exit 1; \
# RUN:   dynamir-translate --import-py %s --python=$v --entry=bound --input='f32[3]' \
# RUN:   | dynamir-opt --dynamir-capture=fullgraph=true --verify-each | FileCheck %s --check-prefix=BOUND \
# RUN:   || exit 1; \
# RUN:   dynamir-translate --import-py %s --python=$v --entry=one_arg --input='f32[3]' \
# RUN:   | not dynamir-opt --dynamir-capture=fullgraph=true 2>&1 | FileCheck %s --check-prefix=ONEARG \
# RUN:   || exit 1; \
# RUN:   dynamir-translate --import-py %s --python=$v --entry=module_init --input='f32[3]' \
# RUN:   | not dynamir-opt --dynamir-capture=fullgraph=true 2>&1 | FileCheck %s --check-prefix=INIT \
# RUN:   || exit 1; \
# RUN:   dynamir-translate --import-py %s --python=$v --entry=unresolved --input='f32[3]' \
# RUN:   | not dynamir-opt --dynamir-capture=fullgraph=true 2>&1 | FileCheck %s --check-prefix=UNRESOLVED \
# RUN:   || exit 1; \
# RUN:   dynamir-translate --import-py %s --python=$v --entry=not_callable --input='f32[3]' \
# RUN:   | not dynamir-opt --dynamir-capture=fullgraph=true 2>&1 | FileCheck %s --check-prefix=NOTCALLABLE \
# RUN:   || exit 1; \
# RUN:   dynamir-translate --import-py %s --python=$v --entry=delete_constant --input='f32[3]' \
# RUN:   | not dynamir-opt --dynamir-capture=fullgraph=true 2>&1 | FileCheck %s --check-prefix=DELETE \
# RUN:   || exit 1; \
# RUN:   dynamir-translate --import-py %s --python=$v --entry=delete_non_constant --input='f32[3]' \
# RUN:   | not dynamir-opt --dynamir-capture=fullgraph=true 2>&1 | FileCheck %s --check-prefix=DELETEVAR \
# RUN:   || exit 1; \
# RUN:   dynamir-translate --import-py %s --python=$v --entry=unbound_call --input='f32[3]' \
# RUN:   | dynamir-opt --dynamir-capture 2>/dev/null | FileCheck %s --check-prefix=UNBOUND \
# RUN:   || exit 1; done

import types

import torch.nn as nn


class Base:
    k = 2.0

    def __init__(self):
        super().__init__()

    def f(self, x):
        return x * self.k

    @staticmethod
    def s(x):
        return x + 10

    @classmethod
    def c(cls, x):
        return x * cls.k


class Left(Base):
    def f(self, x):
        return super().f(x) + 1


class Right(Base):
    k = 4.0

    def f(self, x):
        return super().f(x) * 3


class Diamond(Left, Right):
    def f(self, x):
        return super().f(x) - 5


class Net(nn.Module):
    def forward(self, x):
        return x


d = Diamond()
net = Net()


def chain(x):
    d.__init__()
    return d.f(x), super(Left, d).f(x)

# CHAIN-LABEL: py.func @chain(
# CHAIN-DAG:     %[[X:.*]] = tg.guard_tensor %x at "L['x']"
# CHAIN-DAG:     tg.guard_closure %{{.*}} at "type(G['d']).__mro__[1].f" code @Left.f
# CHAIN-DAG:     tg.guard_closure %{{.*}} at "type(G['d']).__mro__[2].f" code @Right.f
# CHAIN-DAG:     tg.guard_closure %{{.*}} at "type(G['d']).__mro__[3].f" code @Base.f
# d.__init__ is Base.__init__, whose super().__init__() reaches object's.
# CHAIN-DAG:     tg.guard_type %{{.*}} at "G['d']" is @"G['Diamond']"
# CHAIN-DAG:     tg.guard_constant %{{.*}} at "G['d'].k" equals(4.000000e+00 : f64)
# (x * 4 * 3 + 1) - 5, and from after Left: x * 4 * 3. Nothing is left
# for Python: the tg ops stay in the entry.
# CHAIN-DAG:     %[[K:.*]] = tg.mul %[[X]], %{{.*}} : tensor<3xf32>, f64
# CHAIN-DAG:     %[[THREE:.*]] = tg.mul %[[K]], %{{.*}} : tensor<3xf32>, i64
# CHAIN-DAG:     %[[ONE:.*]] = tg.add %[[THREE]], %{{.*}} : tensor<3xf32>, i64
# CHAIN-DAG:     %[[FIVE:.*]] = tg.sub %[[ONE]], %{{.*}} : tensor<3xf32>, i64
# CHAIN-DAG:     py.tensor_object %[[THREE]]
# CHAIN-DAG:     py.tensor_object %[[FIVE]]
# CHAIN-NOT:     py.call
# CHAIN-NOT:     func.call
# CHAIN:         py.return


def members(x):
    return (super(Diamond, d).s(x), super(Diamond, d).c(x), x * super(Left, d).k,
            super(Left, d).__getattribute__("k"))

# MEMBERS-LABEL: py.func @members(
# MEMBERS-DAG:     tg.guard_closure %{{.*}} at "type(G['d']).__mro__[3].s" code @Base.s
# MEMBERS-DAG:     tg.guard_closure %{{.*}} at "type(G['d']).__mro__[3].c" code @Base.c
# MEMBERS-DAG:     tg.guard_id %{{.*}} at "type(G['d'])" is @"G['Diamond']"
# MEMBERS-DAG:     tg.guard_constant %{{.*}} at "type(G['d']).k" equals(4.000000e+00 : f64)
# MEMBERS-DAG:     tg.guard_constant %{{.*}} at "type(G['d']).__mro__[2].k" equals(4.000000e+00 : f64)
# object.__getattribute__ is the plain read of d.k.
# MEMBERS-DAG:     tg.guard_constant %{{.*}} at "G['d'].k" equals(4.000000e+00 : f64)
# MEMBERS-NOT:     py.call
# MEMBERS:         py.return


class Settings:
    gain = 3.0


settings = Settings()


def _scaled(self, x):
    return x * self.gain


class WithBound:
    act = types.MethodType(_scaled, settings)


class UsesBound(WithBound):
    def act(self, x):
        return super().act(x)


uses = UsesBound()


def bound(x):
    return uses.act(x)

# A bound method in a class's __dict__ calls its function with its own
# __self__, read from it under ID_MATCH.
# BOUND-LABEL: py.func @bound(
# BOUND-DAG:     tg.guard_closure %[[M:.*]] at "type(G['uses']).__mro__[1].act" code @_scaled
# BOUND-DAG:     %[[SELF:.*]] = py.getattr %[[M]]["__self__"]
# BOUND-DAG:     %[[S:.*]] = tg.guard_id %[[SELF]] at "type(G['uses']).__mro__[1].act.__self__" is @"G['settings']"
# BOUND-DAG:     %[[GAIN:.*]] = py.getattr %[[S]]["gain"]
# BOUND-DAG:     tg.guard_constant %[[GAIN]] at "type(G['uses']).__mro__[1].act.__self__.gain" equals(3.000000e+00 : f64)
# BOUND-DAG:     tg.mul %{{.*}}, %{{.*}} : tensor<3xf32>, f64
# BOUND-NOT:     py.call
# BOUND:         py.return


def one_arg(x):
    return super(Base)

# ONEARG: error: graph break: 1-arg super not implemented


def module_init(x):
    super(Net, net).__init__()
    return x

# INIT: error: graph break: Unsupported super().__init__() call


def unresolved(x):
    return super(Net, net).train

# UNRESOLVED: error: graph break: Unable to resolve super getattr
# UNRESOLVED: var_getattr SuperVariable() train


def not_callable(x):
    return super(Left, d).k(x)

# NOTCALLABLE: error: graph break: Attempted to call a super() attribute that is not a function or method


def delete_constant(x):
    super(Left, d).__delattr__("k")
    return x

# DELETE: error: graph break: Attempted super().__delattr__() on an object without mutation tracking


def delete_non_constant(x):
    super(Left, d).__delattr__(x)
    return x

# DELETEVAR: error: graph break: Non-constant attribute given to `super().__delattr__()`


def unbound_call(x):
    # The classmethod takes x: without it Python raises TypeError, the call
    # stays, and binding leaves nothing behind (no read of type(d)).
    return super(Diamond, d).c()

# UNBOUND-LABEL: py.func @unbound_call(
# UNBOUND-NOT:     {{type\(G\['d'\]\)|\["__class__"\]}}
# UNBOUND:         py.call
# UNBOUND-NOT:     {{type\(G\['d'\]\)|\["__class__"\]}}
# UNBOUND:         py.return
