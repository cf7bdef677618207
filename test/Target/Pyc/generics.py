# PEP 695 generics (3.12+): the typing intrinsics of CALL_INTRINSIC_1/2 import
# to py.call_intrinsic, inside the annotation scopes CPython compiles.
#
# RUN: dynamir-translate --import-py %s --python=%cpython312 | dynamir-opt --verify-each | FileCheck %s
# RUN: dynamir-translate --import-py %s --python=%cpython313 | dynamir-opt --verify-each | FileCheck %s

# CHECK-LABEL: py.func @"<generic parameters of Alias>"()
# CHECK:         %[[T:.+]] = py.call_intrinsic typevar(%{{.+}})
# CHECK:         %[[EVAL:.+]] = py.make_function @Alias closure
# CHECK:         %[[ARGS:.+]] = py.build_tuple(%{{.+}}, %{{.+}}, %[[EVAL]])
# CHECK-NEXT:    py.call_intrinsic typealias(%[[ARGS]])
type Alias[T] = list[T]

# CHECK-LABEL: py.func @"<generic parameters of first>"()
# CHECK:         py.call_intrinsic typevar_with_bound(%{{.+}}, %{{.+}})
# CHECK:         py.call_intrinsic typevartuple
# CHECK:         py.call_intrinsic paramspec
# CHECK:         %[[F:.+]] = py.make_function @first annotations
# CHECK-NEXT:    py.call_intrinsic set_function_type_params(%[[F]], %{{.+}})
def first[T: int, *Ts, **P](xs: list[T]) -> T:
    return xs[0]

# CHECK-LABEL: py.func @"<generic parameters of Box>"()
# CHECK:         py.cell_get %{{.+}}[".type_params"]
# CHECK-NEXT:    py.call_intrinsic subscript_generic
# CHECK-LABEL: py.func @Box(%.type_params: !py.object, %T: !py.object)
# CHECK:         %[[NS:.+]] = py.load_locals
# CHECK-NEXT:    py.load_from_dict_or_deref %[[NS]], %.type_params[".type_params"]
class Box[T]:
    def get(self) -> T:
        return self.v
