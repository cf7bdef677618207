# Control flow imports to cf branches on py.truth, with stack slots and fast
# locals joined through block arguments.
#
# RUN: dynamir-translate --import-py %s --python=%cpython311 | dynamir-opt --verify-each | FileCheck %s --check-prefixes=CHECK,PY311
# RUN: dynamir-translate --import-py %s --python=%cpython312 | dynamir-opt --verify-each | FileCheck %s --check-prefixes=CHECK,PY312
# RUN: dynamir-translate --import-py %s --python=%cpython313 | dynamir-opt --verify-each | FileCheck %s --check-prefixes=CHECK,PY313


# A local assigned on both arms: 3.11 joins it in a block argument; 3.12 and
# 3.13 duplicate the return into each arm.
# CHECK-LABEL: py.func @branch(%x: !py.object)
# PY313:         %[[B:.+]] = py.to_bool %x
# PY313:         py.truth %[[B]]
# PY311:         %[[T:.+]] = py.truth %x
# PY311:         cf.cond_br %[[T]], ^[[THEN:.+]], ^[[ELSE:[^ ]+]]
# PY311:       ^[[THEN]]:
# PY311:         %[[ONE:.+]] = py.constant #py.int<1>
# PY311:         cf.br ^[[JOIN:.+]](%[[ONE]] : !py.object)
# PY311:       ^[[ELSE]]:
# PY311:         %[[TWO:.+]] = py.constant #py.int<2>
# PY311:         cf.br ^[[JOIN]](%[[TWO]] : !py.object)
# PY311:       ^[[JOIN]](%[[Y:.+]]: !py.object):
# PY311:         py.return %[[Y]]
# PY312:         py.return %c1
# PY312:         py.return %c2
def branch(x):
    if x:
        y = 1
    else:
        y = 2
    return y


# Both loop-carried locals become arguments of the loop header; only the total
# leaves the loop.
# CHECK-LABEL: py.func @loop(%n: !py.object)
# CHECK:         %[[TOTAL0:.+]] = py.constant #py.int<0>
# CHECK:         %[[I0:.+]] = py.constant #py.int<0>
# CHECK:         py.compare lt %[[I0]], %n
# CHECK:         cf.cond_br %{{.+}}, ^[[BODY:.+]](%[[TOTAL0]], %[[I0]] : !py.object, !py.object), ^[[EXIT:.+]](%[[TOTAL0]] : !py.object)
# CHECK:       ^[[BODY]](%[[TOTAL:.+]]: !py.object, %[[I:.+]]: !py.object):
# CHECK:         %[[NEXT_TOTAL:.+]] = py.binop iadd %[[TOTAL]], %[[I]]
# CHECK:         %[[NEXT_I:.+]] = py.binop iadd %[[I]], %c1
# CHECK:         py.compare lt %[[NEXT_I]], %n
# CHECK:       ^[[EXIT]](%[[RESULT:.+]]: !py.object):
# CHECK-NEXT:    py.return %[[RESULT]]
def loop(n):
    total = 0
    i = 0
    while i < n:
        total += i
        i += 1
    return total


# The iterator stays on the stack across the loop; the exhausted edge drops it.
# CHECK-LABEL: py.func @iterate(%xs: !py.object)
# CHECK:         %[[ACC:.+]] = py.build_list()
# CHECK:         %[[IT:.+]] = py.get_iter %xs
# CHECK:       ^[[HEAD:.+]]:  // 3 preds
# CHECK-NEXT:    %value, %hasValue = py.iter_next %[[IT]]
# CHECK-NEXT:    cf.cond_br %hasValue, ^[[BODY:.+]], ^[[DONE:[^ ]+]]
# CHECK:       ^[[BODY]]:
# CHECK:         %[[IS:.+]] = py.is %value, %none
# CHECK:         py.truth %[[IS]]
# CHECK:         %[[APPEND:.+]] = py.getattr %[[ACC]]["append"]
# CHECK:         py.call %[[APPEND]](%value)
# CHECK:       ^[[DONE]]:
# CHECK-NEXT:    py.return %[[ACC]]
def iterate(xs):
    acc = []
    for x in xs:
        if x is None:
            continue
        acc.append(x)
    return acc


# A value computed before a branch stays on the stack through both arms (the
# callee), and the arms' results meet in a block argument.
# CHECK-LABEL: py.func @ternary(%a: !py.object, %b: !py.object)
# CHECK:         %[[F:.+]] = py.load_global "f"
# PY311:         cf.br ^[[JOIN:.+]](%a : !py.object)
# PY311:         cf.br ^[[JOIN]](%c0 : !py.object)
# PY311:       ^[[JOIN]](%[[ARG:.+]]: !py.object):
# PY311-NEXT:    py.call %[[F]](%[[ARG]])
# PY312:         py.call %[[F]](%a)
# PY312:         py.call %[[F]](%c0)
# PY313:         py.call %[[F]](%a)
# PY313:         py.call %[[F]](%c0)
def ternary(a, b):
    return f(a if b else 0)


# `a and b` keeps `a` on the stack along the short-circuit edge.
# CHECK-LABEL: py.func @short_circuit(%a: !py.object, %b: !py.object)
# CHECK:         py.truth
# CHECK:         cf.cond_br %{{.+}}, ^{{.+}}, ^[[SHORT:bb[0-9]+]](%a : !py.object)
# CHECK:       ^[[SHORT]](%[[R:.+]]: !py.object):
# CHECK-NEXT:    py.return %[[R]]
def short_circuit(a, b):
    return a and b


# An infinite loop whose header is the function's first block: the entry
# block branches to it and the loop-carried local is a block argument.
# CHECK-LABEL: py.func @countdown(%n: !py.object)
# CHECK-NEXT:    cf.br ^[[HEAD:.+]](%n : !py.object)
# CHECK:       ^[[HEAD]](%[[N:.+]]: !py.object):
# CHECK:         %[[M:.+]] = py.binop sub %[[N]], %c1
# CHECK:         py.return %[[M]]
# CHECK:         cf.br ^[[HEAD]](%[[M]] : !py.object)
def countdown(n):
    while True:
        n = n - 1
        if n < 0:
            return n


# Chained comparisons evaluate the middle operand once.
# CHECK-LABEL: py.func @chained(%a: !py.object, %b: !py.object, %c: !py.object)
# CHECK:         py.compare lt %a, %b
# CHECK:         py.compare le %b, %c
def chained(a, b, c):
    return a < b <= c
