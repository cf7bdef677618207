# Structural pattern matching: mapping, class, sequence and wildcard patterns
# import to the py.match_* ops, py.len and py.unpack_*.
#
# RUN: dynamir-translate --import-py %s --python=%cpython311 | dynamir-opt --verify-each | FileCheck %s
# RUN: dynamir-translate --import-py %s --python=%cpython312 | dynamir-opt --verify-each | FileCheck %s
# RUN: dynamir-translate --import-py %s --python=%cpython313 | dynamir-opt --verify-each | FileCheck %s

# CHECK-LABEL: py.func @match(%p: !py.object)
# CHECK:         py.match_mapping %p
# CHECK:         py.len %p
# CHECK:         %[[KEYS:.+]] = py.constant ["k"]
# CHECK-NEXT:    %[[VALUES:.+]] = py.match_keys %p, %[[KEYS]]
# CHECK:         %[[V:.+]] = py.unpack_sequence %[[VALUES]], 1
# CHECK-NEXT:    py.return %[[V]]
# CHECK:         %[[NAMES:.+]] = py.constant ["x", "y"]
# CHECK-NEXT:    %[[ATTRS:.+]] = py.match_class %p, %Point, %[[NAMES]], 0
# CHECK:         %[[XY:.+]]:2 = py.unpack_sequence %[[ATTRS]], 2
# CHECK:         py.compare eq %[[XY]]#0, %c0
# CHECK:         py.return %[[XY]]#1
# CHECK:         py.match_sequence %p
# CHECK:         %[[SEQ:.+]]:2 = py.unpack_ex %p, 1, 0
# CHECK-NEXT:    py.return %[[SEQ]]#1
def match(p):
    match p:
        case {"k": v}:
            return v
        case Point(x=0, y=yy):
            return yy
        case [a, *rest]:
            return rest
        case _:
            return None
