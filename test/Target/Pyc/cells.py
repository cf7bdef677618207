# Fast locals are SSA values; cells are objects made by py.make_cell and read
# and written through py.cell_get/py.cell_set; closures pass their cells as the
# trailing arguments of the inner function. A local that may be unbound is
# checked where it is read.
#
# RUN: dynamir-translate --import-py %s --python=%cpython311 | dynamir-opt --verify-each | FileCheck %s
# RUN: dynamir-translate --import-py %s --python=%cpython312 | dynamir-opt --verify-each | FileCheck %s
# RUN: dynamir-translate --import-py %s --python=%cpython313 | dynamir-opt --verify-each | FileCheck %s

# CHECK-LABEL: py.func @outer(%a: !py.object)
# CHECK-SAME:    cellvars = ["a", "b"]
# CHECK:         %[[UNBOUND:.+]] = py.null
# CHECK:         %[[A:.+]] = py.make_cell %a
# CHECK:         %[[B:.+]] = py.make_cell %[[UNBOUND]]
# CHECK:         py.cell_set %[[B]], %c1
# CHECK:         %[[CELLS:.+]] = py.build_tuple(%[[A]], %[[B]])
# CHECK:         %[[INNER:.+]] = py.make_function @"outer.<locals>.inner" closure %[[CELLS]]
# CHECK:         py.return %[[INNER]]

# CHECK-LABEL: py.func @"outer.<locals>.inner"(%c: !py.object, %a: !py.object, %b: !py.object)
# CHECK-SAME:    freevars = ["a", "b"]
# CHECK:         %[[B0:.+]] = py.cell_get %b["b"]
# CHECK:         %[[B1:.+]] = py.binop iadd %[[B0]], %c
# CHECK:         py.cell_set %b, %[[B1]]
# CHECK:         py.cell_get %a["a"]
def outer(a):
    b = 1
    def inner(c):
        nonlocal b
        b += c
        return a + b
    return inner


# CHECK-LABEL: py.func @maybe_unbound(%flag: !py.object)
# CHECK:         %[[UNBOUND:.+]] = py.null
# CHECK:         cf.cond_br %{{.+}}, ^[[SET:.+]], ^[[JOIN:.+]](%[[UNBOUND]] : !py.object)
# CHECK:       ^[[SET]]:
# CHECK:         cf.br ^[[JOIN]](%c1 : !py.object)
# CHECK:       ^[[JOIN]](%[[X:.+]]: !py.object):
# CHECK-NEXT:    py.check_bound %[[X]]["x"]
# CHECK-NEXT:    py.return %[[X]]
def maybe_unbound(flag):
    if flag:
        x = 1
    return x


# Deleting a bound parameter needs no check; reading it afterwards is an
# unconditional UnboundLocalError.
# CHECK-LABEL: py.func @deleted(%x: !py.object)
# CHECK-NEXT:    %[[UNBOUND:.+]] = py.null
# CHECK-NEXT:    py.check_bound %[[UNBOUND]]["x"]
# CHECK-NEXT:    py.return %[[UNBOUND]]
def deleted(x):
    del x
    return x


# CHECK-LABEL: py.func @set_global(%v: !py.object)
# CHECK:         py.store_global "G", %v
G = 0
def set_global(v):
    global G
    G = v
