# f-strings: 3.11/3.12's FORMAT_VALUE and 3.13's CONVERT_VALUE, FORMAT_SIMPLE
# and FORMAT_WITH_SPEC import to the same py.convert_value and py.format ops.
#
# RUN: dynamir-translate --import-py %s --python=%cpython311 | dynamir-opt --verify-each | FileCheck %s
# RUN: dynamir-translate --import-py %s --python=%cpython312 | dynamir-opt --verify-each | FileCheck %s
# RUN: dynamir-translate --import-py %s --python=%cpython313 | dynamir-opt --verify-each | FileCheck %s

# The order of the ops differs between versions (3.12 evaluates the spec
# first); the dataflow does not.
# CHECK-LABEL: py.func @fstr(%a: !py.object, %b: !py.object)
# CHECK-DAG:     %[[R:.+]] = py.convert_value repr %a
# CHECK-DAG:     %[[GT:.+]] = py.constant ">"
# CHECK-DAG:     %[[W:.+]] = py.format %b{{$}}
# CHECK-DAG:     %[[SPEC:.+]] = py.build_string(%[[GT]], %[[W]]
# CHECK-DAG:     %[[F0:.+]] = py.format %[[R]], %[[SPEC]]
# CHECK-DAG:     %[[S:.+]] = py.convert_value str %a
# CHECK-DAG:     %[[F1:.+]] = py.format %[[S]]{{$}}
# CHECK-DAG:     %[[A:.+]] = py.convert_value ascii %b
# CHECK-DAG:     %[[F2:.+]] = py.format %[[A]]{{$}}
# CHECK-DAG:     %[[F3:.+]] = py.format %a{{$}}
# CHECK:         %[[RESULT:.+]] = py.build_string(%[[F0]], %{{.+}}, %[[F1]], %{{.+}}, %[[F2]], %{{.+}}, %[[F3]], %{{.+}})
# CHECK-NEXT:    py.return %[[RESULT]]
def fstr(a, b):
    return f"{a!r:>{b}} {a!s} {b!a} {a}x"
