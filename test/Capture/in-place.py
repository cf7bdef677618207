# In-place operators (`x += y`) change a tensor: captured as the operator
# itself where nothing else sees the tensor (a temporary the code computed,
# a view of one, or a clone), and where the result keeps the tensor's dtype
# and shape, as an in-place result must. On an input, or on a tensor another
# name still holds, the change would be seen: the operator stays, a graph
# break. On a number, Python falls back to `+`. The same from the bytecode of
# each supported CPython.
#
# RUN: for v in %cpython311 %cpython312 %cpython313; do \
# RUN:   dynamir-translate --import-py %s --python=$v --entry=temporaries --input='f32[3,4]' --input='f32[3,4]' \
# RUN:   | dynamir-opt --dynamir-capture=fullgraph=true --verify-each | FileCheck %s \
# RUN:   || exit 1; done
# RUN: dynamir-translate --import-py %s --python=%cpython312 --entry=aliased --input='f32[3,4]' --input='f32[3,4]' \
# RUN:   | dynamir-opt --dynamir-capture --verify-each 2>&1 | FileCheck %s --check-prefix=ALIASED
# RUN: dynamir-translate --import-py %s --python=%cpython312 --entry=input --input='f32[3,4]' --input='f32[3,4]' \
# RUN:   | dynamir-opt --dynamir-capture --verify-each 2>&1 | FileCheck %s --check-prefix=INPUT
# RUN: dynamir-translate --import-py %s --python=%cpython312 --entry=view_of_input --input='f32[3,4]' \
# RUN:   | dynamir-opt --dynamir-capture --verify-each 2>&1 | FileCheck %s --check-prefix=VIEW
# RUN: dynamir-translate --import-py %s --python=%cpython312 --entry=int_tensor --input='i64[3,4]' \
# RUN:   | dynamir-opt --dynamir-capture --verify-each 2>&1 | FileCheck %s --check-prefix=INT
# RUN: dynamir-translate --import-py %s --python=%cpython312 --entry=broadcast --input='f32[1,4]' --input='f32[3,4]' \
# RUN:   | dynamir-opt --dynamir-capture --verify-each 2>&1 | FileCheck %s --check-prefix=BROADCAST

import torch


def temporaries(x, y):
    h = x * 2
    h += y
    h *= 3
    v = h.view(12)
    v -= 1
    c = x.clone()
    c /= y
    n = 1
    n += 2
    return v, c, n

# CHECK-LABEL: py.func @temporaries(
# CHECK-DAG:     %[[X:.*]] = tg.guard_tensor %x at "L['x']"
# CHECK-DAG:     %[[Y:.*]] = tg.guard_tensor %y at "L['y']"
# CHECK:         %[[H:.*]] = tg.mul %[[X]], %c2
# CHECK-NEXT:    %[[H1:.*]] = tg.add %[[H]], %[[Y]]
# CHECK-NEXT:    %[[H2:.*]] = tg.mul %[[H1]], %c3
# CHECK-NEXT:    %[[V:.*]] = tg.reshape %[[H2]] [12]
# CHECK-NEXT:    %[[V1:.*]] = tg.sub %[[V]], %c1
# CHECK:         %[[C:.*]] = tg.clone %[[X]]
# CHECK-NEXT:    %[[C1:.*]] = tg.div %[[C]], %[[Y]]
# CHECK-NOT:     py.binop
# CHECK:         py.return


def aliased(x, y):
    h = x * 2
    g = h
    h += y
    return g

# ALIASED:     warning: graph break: Missing bytecode handler
# ALIASED:     py.binop iadd


def input(x, y):
    x += y
    return x

# INPUT:       warning: graph break: Missing bytecode handler
# INPUT:       py.binop iadd %x, %y


def view_of_input(x):
    v = x.view(12)
    v += 1
    return v

# VIEW:        warning: graph break: Missing bytecode handler
# VIEW:        py.binop iadd


# An integer tensor cannot hold a true division's float result.
def int_tensor(x):
    h = x * 2
    h /= 2
    return h

# INT:         warning: graph break: Missing bytecode handler
# INT:         py.binop itruediv


# An in-place result cannot broadcast its operand to a larger shape.
def broadcast(x, y):
    h = x * 2
    h += y
    return h

# BROADCAST:   warning: graph break: Missing bytecode handler
# BROADCAST:   py.binop iadd
