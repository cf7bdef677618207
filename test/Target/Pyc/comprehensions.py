# Comprehensions: 3.11 makes a function per comprehension and calls it with the
# iterator; 3.12 and 3.13 inline them (PEP 709), saving and restoring the
# shadowed local around the loop with a handler.
#
# RUN: dynamir-translate --import-py %s --python=%cpython311 | dynamir-opt --verify-each | FileCheck %s --check-prefixes=CHECK,PY311
# RUN: dynamir-translate --import-py %s --python=%cpython312 | dynamir-opt --verify-each | FileCheck %s --check-prefixes=CHECK,PY312
# RUN: dynamir-translate --import-py %s --python=%cpython313 | dynamir-opt --verify-each | FileCheck %s --check-prefixes=CHECK,PY312

# CHECK-LABEL: py.func @comp(%xs: !py.object)
# PY311:         %[[MAKE:.+]] = py.make_function @"comp.<locals>.<listcomp>"
# PY311-NEXT:    %[[IT:.+]] = py.get_iter %xs
# PY311-NEXT:    py.call %[[MAKE]](%[[IT]])
# PY312:         %[[IT:.+]] = py.get_iter %xs
# PY312:         %[[L:.+]] = py.build_list()
# PY312:         %value, %hasValue = py.iter_next %[[IT]]
# PY312:         py.binop mul %value, %c2
# PY312:         py.list_append %[[L]], %{{.+}}
# PY312:         py.map_add
# PY312:         py.landing_pad
# PY312-NEXT:    py.reraise

# 3.11's comprehension function takes the iterator as its parameter `.0`.
# PY311-LABEL: py.func @"comp.<locals>.<listcomp>"(%.0: !py.object)
# PY311:         %[[L:.+]] = py.build_list()
# PY311:         py.iter_next %.0
# PY311:         py.list_append %[[L]], %{{.+}}
def comp(xs):
    return [x * 2 for x in xs if x], {k: v for k, v in xs}


# A generator expression is a generator function in every version.
# CHECK-LABEL: py.func @genexp(%xs: !py.object)
# CHECK:         %[[G:.+]] = py.make_function @"genexp.<locals>.<genexpr>"
# CHECK:         py.call %[[G]](%{{.+}})
# CHECK-LABEL: py.func @"genexp.<locals>.<genexpr>"(%.0: !py.object)
# CHECK:         py.yield
def genexp(xs):
    return sum(x for x in xs)


# CHECK-LABEL: py.func @walrus(%xs: !py.object)
# CHECK:         %[[N:.+]] = py.call %len(%xs)
# CHECK:         py.compare gt %[[N]], %c3
# CHECK:         py.return %[[N]]
def walrus(xs):
    if (n := len(xs)) > 3:
        return n
