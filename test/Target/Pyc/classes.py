# Class statements: __build_class__ called with the class body function, whose
# namespace operations are py.load_name/py.store_name; methods that use
# super() or __class__ receive the __class__ cell; annotations, decorators and
# defaults reach py.make_function.
#
# RUN: dynamir-translate --import-py %s --python=%cpython311 | dynamir-opt --verify-each | FileCheck %s
# RUN: dynamir-translate --import-py %s --python=%cpython312 | dynamir-opt --verify-each | FileCheck %s
# RUN: dynamir-translate --import-py %s --python=%cpython313 | dynamir-opt --verify-each | FileCheck %s

# CHECK-LABEL: py.func @"<module>"()
# CHECK:         %[[BC:.+]] = py.load_build_class
# CHECK-NEXT:    %[[BODY:.+]] = py.make_function @Child
# CHECK-NEXT:    %[[NAME:.+]] = py.constant "Child"
# CHECK-NEXT:    %Base = py.load_name "Base"
# CHECK-NEXT:    %Meta = py.load_name "Meta"
# CHECK-NEXT:    %[[CLS:.+]] = py.call %[[BC]](%[[BODY]], %[[NAME]], %Base, metaclass = %Meta)
# CHECK-NEXT:    py.store_name "Child", %[[CLS]]

# The class body stores into the namespace and hands the __class__ cell back.
# CHECK-LABEL: py.func @Child()
# CHECK-SAME:    cellvars = ["__class__"]
# CHECK:         %[[CELL:.+]] = py.make_cell
# CHECK:         py.store_name "__module__", %__name__
# CHECK:         py.setup_annotations
# CHECK:         py.store_name "scale", %c2
# CHECK:         %[[ANN:.+]] = py.load_name "__annotations__"
# CHECK:         py.setitem %[[ANN]][%{{.+}}] = %int
# CHECK:         %[[DEFAULTS:.+]] = py.constant [#py.int<1>]
# CHECK:         %[[KWDEFAULTS:.+]] = py.build_dict(%{{.+}} : %none{{.*}})
# CHECK:         %[[CLOSURE:.+]] = py.build_tuple(%[[CELL]])
# CHECK-NEXT:    %[[F:.+]] = py.make_function @Child.forward defaults %[[DEFAULTS]] kwdefaults %[[KWDEFAULTS]] annotations %{{.+}} closure %[[CLOSURE]]
# CHECK:         %[[DECO:.+]] = py.load_name "staticmethod"
# CHECK:         py.call %[[DECO]](%{{.+}})
# CHECK:         py.store_name "__classcell__", %[[CELL]]
# CHECK-NEXT:    py.return %[[CELL]]

# Keyword-only parameters come after the positional ones; the __class__ cell
# after all parameters.
# CHECK-LABEL: py.func @Child.forward(%self: !py.object, %x: !py.object, %y: !py.object, %z: !py.object, %__class__: !py.object)
# CHECK-SAME:    kwonlyargcount = 1
# CHECK:         py.cell_get %__class__["__class__"]
scale = 0
class Child(Base, metaclass=Meta):
    scale: int = 2

    def forward(self, x, y=1, *, z=None) -> int:
        return super().forward(x) * self.scale + __class__.scale

    @staticmethod
    def helper():
        return 0
