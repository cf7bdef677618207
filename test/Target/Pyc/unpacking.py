# Unpacking produces its results in source order; swaps and rotations are pure
# SSA renaming.
#
# RUN: dynamir-translate --import-py %s --python=%cpython311 | dynamir-opt --verify-each | FileCheck %s
# RUN: dynamir-translate --import-py %s --python=%cpython312 | dynamir-opt --verify-each | FileCheck %s
# RUN: dynamir-translate --import-py %s --python=%cpython313 | dynamir-opt --verify-each | FileCheck %s

# CHECK-LABEL: py.func @unpack(%t: !py.object)
# CHECK:         %[[AB:.+]]:2 = py.unpack_sequence %t, 2
# CHECK:         %[[CDE:.+]]:3 = py.unpack_ex %t, 1, 1
# CHECK:         %[[R:.+]] = py.build_tuple(%[[AB]]#1, %[[AB]]#0, %[[CDE]]#0, %[[CDE]]#1, %[[CDE]]#2)
# CHECK:         py.return %[[R]]
def unpack(t):
    a, b = t
    c, *d, e = t
    a, b = b, a
    return a, b, c, d, e


# CHECK-LABEL: py.func @rotate(%x: !py.object, %y: !py.object, %z: !py.object)
# CHECK-NEXT:    %[[R:.+]] = py.build_tuple(%y, %z, %x)
# CHECK-NEXT:    py.return %[[R]]
def rotate(x, y, z):
    x, y, z = y, z, x
    return x, y, z
