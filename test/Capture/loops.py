# Loops over known iterables are unrolled, one copy of the body (branches
# included) per element:
# range() of a specialized int, constant tuples, lists built in the code, and a
# tensor's sizes; bodies with handlers, and loops under a `try`; the same
# graph from the bytecode of each supported CPython.
#
# RUN: dynamir-translate --import-py %s --python=%cpython311 --entry=f --input='f32[2,3]' --input='int=2' \
# RUN:   | dynamir-opt --dynamir-capture=fullgraph=true --verify-each | FileCheck %s
# RUN: dynamir-translate --import-py %s --python=%cpython312 --entry=f --input='f32[2,3]' --input='int=2' \
# RUN:   | dynamir-opt --dynamir-capture=fullgraph=true --verify-each | FileCheck %s
# RUN: dynamir-translate --import-py %s --python=%cpython313 --entry=f --input='f32[2,3]' --input='int=2' \
# RUN:   | dynamir-opt --dynamir-capture=fullgraph=true --verify-each | FileCheck %s
# RUN: for v in %cpython311 %cpython312 %cpython313; do \
# RUN:   dynamir-translate --import-py %s --python=$v --entry=leave --input='f32[2,3]' \
# RUN:   | dynamir-opt --dynamir-capture=fullgraph=true --verify-each | FileCheck %s --check-prefix=LEAVE \
# RUN:   || exit 1; done
# RUN: for v in %cpython311 %cpython312 %cpython313; do \
# RUN:   dynamir-translate --import-py %s --python=$v --entry=pairs --input='f32[2,3]' --input='f32[2,3]' \
# RUN:   | dynamir-opt --dynamir-capture=fullgraph=true --verify-each | FileCheck %s --check-prefix=PAIRS \
# RUN:   || exit 1; done
# RUN: for v in %cpython311 %cpython312 %cpython313; do \
# RUN:   dynamir-translate --import-py %s --python=$v --entry=counted --input='f32[2,3]' --input='int=3' \
# RUN:   | dynamir-opt --dynamir-capture=fullgraph=true --verify-each | FileCheck %s --check-prefix=WHILE \
# RUN:   || exit 1; done
# RUN: for v in %cpython311 %cpython312 %cpython313; do \
# RUN:   dynamir-translate --import-py %s --python=$v --entry=handled --input='f32[2,3]' \
# RUN:   | dynamir-opt --dynamir-capture=fullgraph=true --verify-each | FileCheck %s --check-prefix=HANDLED \
# RUN:   || exit 1; done
# RUN: dynamir-translate --import-py %s --python=%cpython312 --entry=data_dependent --input='f32[2,3]' \
# RUN:   | dynamir-opt --dynamir-capture --verify-each 2>&1 | FileCheck %s --check-prefix=DATA

import torch


def f(x, n):
    for i in range(n):
        x = x * 2 + i
    for k in (1, 2):
        x = x - k
    for s in x.shape:
        x = x / s
    for act in [torch.relu, torch.sigmoid]:
        x = act(x)
    for j in range(3):
        if j % 2 == 0:
            x = x + j
        else:
            x = -x
    return x

# CHECK-LABEL: py.func @f(
# CHECK-DAG:     %[[X:.*]] = tg.guard_tensor %x at "L['x']" strides [3, 1]
# CHECK-DAG:     %[[C0:.*]] = arith.constant 0 : i64
# CHECK-DAG:     %[[C1:.*]] = arith.constant 1 : i64
# CHECK-DAG:     %[[C2:.*]] = arith.constant 2 : i64
# CHECK-DAG:     %[[C3:.*]] = arith.constant 3 : i64
# CHECK:         %[[A:.*]] = tg.mul %[[X]], %[[C2]]
# CHECK-NEXT:    %[[B:.*]] = tg.add %[[A]], %[[C0]]
# CHECK-NEXT:    %[[D:.*]] = tg.mul %[[B]], %[[C2]]
# CHECK-NEXT:    %[[E:.*]] = tg.add %[[D]], %[[C1]]
# CHECK-NEXT:    %[[F:.*]] = tg.sub %[[E]], %[[C1]]
# CHECK-NEXT:    %[[G:.*]] = tg.sub %[[F]], %[[C2]]
# CHECK:         %[[H:.*]] = tg.div %[[G]], %[[C2]]
# CHECK-NEXT:    %[[I:.*]] = tg.div %[[H]], %[[C3]]
# CHECK:         %[[R:.*]] = tg.relu %[[I]]
# CHECK:         %[[S:.*]] = tg.sigmoid %[[R]]
# A body with a branch on the loop variable: each copy keeps its own arm.
# CHECK-NEXT:    %[[J0:.*]] = tg.add %[[S]], %[[C0]]
# CHECK-NEXT:    %[[J1:.*]] = tg.neg %[[J0]]
# CHECK-NEXT:    %[[J2:.*]] = tg.add %[[J1]], %[[C2]]
# CHECK-NOT:     py.getattr
# CHECK-NOT:     py.build_tuple
# CHECK-NOT:     py.iter_next
# CHECK-NOT:     cf.cond_br
# CHECK:         py.return


# `break` and `return` leave the loop: each iteration's copy passes its own
# values to the code after the loop, and the branches on the known index
# fold, so the graph is the iterations that ran. The first loop breaks at
# i == 2, the nested one at j > i, and the last returns at i == 1.
def leave(x):
    for i in range(5):
        if i == 2:
            break
        x = x + 1
    for i in range(2):
        for j in range(3):
            if j > i:
                break
            x = x * 2
    for i in range(4):
        x = x - 1
        if i == 1:
            return x
    return -x

# LEAVE-LABEL: py.func @leave(
# LEAVE:         %[[X:.*]] = tg.guard_tensor %x at "L['x']"
# LEAVE-NEXT:    %[[A:.*]] = tg.add %[[X]], %c1
# LEAVE-NEXT:    %[[B:.*]] = tg.add %[[A]], %c1
# LEAVE-NEXT:    %[[C:.*]] = tg.mul %[[B]], %c2
# LEAVE-NEXT:    %[[D:.*]] = tg.mul %[[C]], %c2
# LEAVE-NEXT:    %[[E:.*]] = tg.mul %[[D]], %c2
# LEAVE-NEXT:    %[[F:.*]] = tg.sub %[[E]], %c1
# LEAVE-NEXT:    %[[G:.*]] = tg.sub %[[F]], %c1
# LEAVE-NEXT:    %[[R:.*]] = py.tensor_object %[[G]]
# LEAVE-NEXT:    py.return %[[R]]


# enumerate (with a start) and zip (to the shortest) of known sequences.
def pairs(x, y):
    acc = 0
    for i, t in enumerate((x, y), 1):
        acc = acc + t * i
    for a, b in zip([x, y], (y, x, x)):
        acc = acc + a - b
    return acc

# PAIRS-LABEL: py.func @pairs(
# PAIRS-DAG:     %[[X:.*]] = tg.guard_tensor %x at "L['x']"
# PAIRS-DAG:     %[[Y:.*]] = tg.guard_tensor %y at "L['y']"
# PAIRS:         %[[M1:.*]] = tg.mul %[[X]], %c1
# PAIRS-NEXT:    %[[S1:.*]] = tg.add %c0{{.*}}, %[[M1]]
# PAIRS-NEXT:    %[[M2:.*]] = tg.mul %[[Y]], %c2
# PAIRS-NEXT:    %[[S2:.*]] = tg.add %[[S1]], %[[M2]]
# PAIRS-NEXT:    %[[S3:.*]] = tg.add %[[S2]], %[[X]]
# PAIRS-NEXT:    %[[S4:.*]] = tg.sub %[[S3]], %[[Y]]
# PAIRS-NEXT:    %[[S5:.*]] = tg.add %[[S4]], %[[Y]]
# PAIRS-NEXT:    %[[S6:.*]] = tg.sub %[[S5]], %[[X]]
# PAIRS-NOT:     tg.
# PAIRS:         py.return


# `while` loops whose test the counter decides are peeled an iteration at a
# time until the test fails: `i < 3` runs the body three times, and the
# `while True` loop breaks when `j` reaches the specialized n = 3.
def counted(x, n):
    i = 0
    while i < 3:
        x = x * 2
        i += 1
    j = 0
    while True:
        x = x + j
        j += 1
        if j >= n:
            break
    return x, i + j

# WHILE-LABEL: py.func @counted(
# WHILE-DAG:     %[[SIX:.*]] = py.constant #py.int<6>
# WHILE-DAG:     %[[X:.*]] = tg.guard_tensor %x at "L['x']"
# WHILE:         %[[A:.*]] = tg.mul %[[X]], %c2
# WHILE-NEXT:    %[[B:.*]] = tg.mul %[[A]], %c2
# WHILE-NEXT:    %[[C:.*]] = tg.mul %[[B]], %c2
# WHILE-NEXT:    %[[D:.*]] = tg.add %[[C]], %c0
# WHILE-NEXT:    %[[E:.*]] = tg.add %[[D]], %c1
# WHILE-NEXT:    %[[F:.*]] = tg.add %[[E]], %c2
# WHILE-NEXT:    %[[R:.*]] = py.tensor_object %[[F]]
# WHILE-NEXT:    py.build_tuple(%[[R]], %[[SIX]])


# A test on a tensor's value is not known: the loop stays, a graph break.
def data_dependent(x):
    while x.sum() > 0:
        x = x - 1
    return x

# DATA: warning: graph break: Data-dependent branching


# A loop whose body has a handler: the paths that leave the function (the
# handler's re-raise when nothing matches, a `return` from the handler)
# are copied with each iteration; a loop under a `try` iterates a known
# sequence, which raises nothing, and unrolls too. All of it folds away:
# only the tensor work of the iterations that ran is left.
def handled(x):
    for i in range(3):
        try:
            if i == 1:
                raise KeyError(i)
            x = x + i
        except KeyError as e:
            x = x * e.args[0]
        if i == 2:
            return x
    return x - 1

# HANDLED-LABEL: py.func @handled(
# HANDLED:         %[[X:.*]] = tg.guard_tensor %x at "L['x']"
# HANDLED-NEXT:    %[[A:.*]] = tg.add %[[X]], %c0
# HANDLED-NEXT:    %[[B:.*]] = tg.mul %[[A]], %c1
# HANDLED-NEXT:    %[[C:.*]] = tg.add %[[B]], %c2
# HANDLED-NEXT:    %[[R:.*]] = py.tensor_object %[[C]]
# HANDLED-NEXT:    py.return %[[R]]
# HANDLED-NOT:     py.landing_pad
