# A module-level functools.partial of a function is inlined with its
# arguments first and its keywords under the call's own, under the guards
# Dynamo's FunctoolsPartialVariable installs: TYPE_MATCH on the partial,
# CLOSURE_MATCH on its func, SEQUENCE_LENGTH on its args, DICT_KEYS_MATCH on
# its keywords and CONSTANT_MATCH on each value given ahead. The same from
# the bytecode of each supported CPython.
#
# RUN: for v in %cpython311 %cpython312 %cpython313; do \
# RUN:   dynamir-translate --import-py %s --python=$v --entry=f --input='f32[3]' \
# RUN:   | dynamir-opt --dynamir-capture=fullgraph=true --verify-each | FileCheck %s \
# RUN:   || exit 1; done

import functools


def affine(x, scale, shift=0.0, *, clamp=None):
    y = x * scale + shift
    return y if clamp is None else y.clamp(max=clamp)


def clamped(limit, x, clamp=None):
    return x.clamp(max=limit if clamp is None else clamp)


double_plus = functools.partial(affine, scale=2.0, shift=1.0)
at_most = functools.partial(clamped, 0.5, clamp=4.0)


def f(x):
    return double_plus(x), double_plus(x, shift=-1.0), at_most(x)

# CHECK-LABEL: py.func @f(
# CHECK-DAG:     %[[X:.*]] = tg.guard_tensor %x at "L['x']"
# CHECK-DAG:     %[[P:.*]] = tg.guard_type %{{.*}} at "G['double_plus']" is "functools.partial"
# CHECK-DAG:     tg.assume %[[P]]
# CHECK-DAG:     tg.guard_closure %{{.*}} at "G['double_plus'].func" code @affine
# CHECK-DAG:     tg.guard_len %{{.*}} at "G['double_plus'].args" is "builtins.tuple" length 0
# CHECK-DAG:     tg.guard_dict_keys %{{.*}} at "G['double_plus'].keywords" keys ["scale", "shift"]
# CHECK-DAG:     tg.guard_constant %{{.*}} at "G['double_plus'].keywords['scale']" equals(2.000000e+00 : f64)
# CHECK-DAG:     tg.guard_constant %{{.*}} at "G['double_plus'].keywords['shift']" equals(1.000000e+00 : f64)
# CHECK-DAG:     tg.guard_len %{{.*}} at "G['at_most'].args" is "builtins.tuple" length 1
# CHECK-DAG:     tg.guard_constant %{{.*}} at "G['at_most'].args[0]" equals(5.000000e-01 : f64)
# CHECK-DAG:     tg.guard_constant %{{.*}} at "G['at_most'].keywords['clamp']" equals(4.000000e+00 : f64)
# The call's keyword overrides the partial's: shift -1.0 in the second.
# CHECK-DAG:     %[[TWO:.*]] = arith.constant 2.000000e+00 : f64
# CHECK-DAG:     %[[ONE:.*]] = arith.constant 1.000000e+00 : f64
# CHECK-DAG:     %[[MINUS:.*]] = arith.constant -1.000000e+00 : f64
# CHECK-DAG:     %[[FOUR:.*]] = arith.constant 4.000000e+00 : f64
# CHECK-DAG:     %[[D:.*]] = tg.mul %[[X]], %[[TWO]]
# CHECK-DAG:     tg.add %[[D]], %[[ONE]] : tensor<3xf32>, f64
# CHECK-DAG:     tg.add %[[D]], %[[MINUS]] : tensor<3xf32>, f64
# The partial's argument is `limit`, the call's `x`; its keyword `clamp`
# wins over `limit`.
# CHECK-DAG:     tg.clamp %[[X]] max(%[[FOUR]] : f64)
# CHECK-NOT:     py.call
# CHECK:         py.return
