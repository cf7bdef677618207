# Calls of every shape import to py.call (positional and keyword arguments) and
# py.call_ex (*args and **kwargs); method calls call the bound attribute. The
# three versions' calling sequences (PRECALL/KW_NAMES, KW_NAMES, CALL_KW;
# NULL below or above the callable) import to the same IR.
#
# RUN: dynamir-translate --import-py %s --python=%cpython311 | dynamir-opt --verify-each | FileCheck %s --check-prefixes=CHECK,PY311
# RUN: dynamir-translate --import-py %s --python=%cpython312 | dynamir-opt --verify-each | FileCheck %s --check-prefixes=CHECK,PY312
# RUN: dynamir-translate --import-py %s --python=%cpython313 | dynamir-opt --verify-each | FileCheck %s --check-prefixes=CHECK,PY313

# CHECK-LABEL: py.func @calls(%f: !py.object, %o: !py.object, %args: !py.object, %kw: !py.object)
# CHECK:         py.call %f(%c1, x = %c2)
# CHECK:         %[[M:.+]] = py.getattr %o["m"]
# CHECK-NEXT:    %[[ONE:.+]] = py.constant #py.int<1>
# CHECK-NEXT:    py.call %[[M]](%[[ONE]])
# CHECK:         %[[KW:.+]] = py.build_dict()
# CHECK-NEXT:    py.dict_merge %[[KW]], %kw for %f
# CHECK-NEXT:    py.call_ex %f(*%args, **%[[KW]])
# CHECK:         %[[M2:.+]] = py.getattr %o["m"]
# CHECK-NEXT:    py.call_ex %[[M2]](*%args)
# CHECK:         %[[L:.+]] = py.build_list(%c0)
# CHECK-NEXT:    py.list_extend %[[L]], %args
# CHECK-NEXT:    %[[T:.+]] = py.list_to_tuple %[[L]]
# CHECK:         %[[K:.+]] = py.constant "k"
# CHECK:         %[[D:.+]] = py.build_dict(%[[K]] : %{{.+}})
# CHECK-NEXT:    %[[R:.+]] = py.call_ex %f(*%[[T]], **%[[D]])
# CHECK-NEXT:    py.return %[[R]]
def calls(f, o, args, kw):
    f(1, x=2)
    o.m(1)
    f(*args, **kw)
    o.m(*args)
    return f(0, *args, k=1)


# The `with` exit call passes three Nones through the method-call convention
# (a non-NULL slot next to the callable); they are all positional arguments.
# CHECK-LABEL: py.func @with_block(%m: !py.object)
# CHECK:         %exit, %value = py.before_with %m
# CHECK:         py.call %exit(%none{{.*}}, %none{{.*}}, %none{{.*}})
def with_block(m):
    with m:
        pass


# super(): 3.11 calls the global `super`, whose implicit `__class__` cell and
# first argument become explicit operands of `py.super`, and loads the
# attribute; 3.12 and 3.13 use LOAD_SUPER_ATTR, with the same operands. The
# two-argument form is a plain call in 3.11.
# CHECK-LABEL: py.func @C.m(%self: !py.object, %__class__: !py.object)
# PY311:         %[[CLS:.+]] = py.cell_get %__class__["__class__"]
# PY311-NEXT:    %[[S:.+]] = py.super %super(%[[CLS]], %self) zero_arg
# PY311-NEXT:    %[[F:.+]] = py.getattr %[[S]]["m"]
# PY312:         %[[CLS:.+]] = py.cell_get %__class__["__class__"]
# PY312-NEXT:    %[[F:.+]] = py.load_super_attr %super(%[[CLS]], %self)["m"] zero_arg
# PY313:         %[[CLS:.+]] = py.cell_get %__class__["__class__"]
# PY313-NEXT:    %[[F:.+]] = py.load_super_attr %super(%[[CLS]], %self)["m"] zero_arg
# CHECK:         py.call %[[F]](%c1)
# PY311:         py.call %super_0(%C, %self)
# PY312:         py.load_super_attr %super_0(%C, %self)["x"]{{$}}
# PY313:         py.load_super_attr %super_0(%C, %self)["x"]{{$}}
class C(object):
    def m(self):
        super().m(1)
        return super(C, self).x


# A first argument that a closure captures is a cell: 3.11's super() reads
# its contents; without a `__class__` cell (no method of a class) or without
# a first argument, CPython raises RuntimeError and the call stays as written.
# CHECK-LABEL: py.func @D.m(%self: !py.object, %__class__: !py.object)
# PY311:         %[[CELL:.+]] = py.make_cell %self
# PY311:         %[[CLS:.+]] = py.cell_get %__class__["__class__"]
# PY311-NEXT:    %[[SELF:.+]] = py.cell_get %[[CELL]]["self"]
# PY311-NEXT:    py.super %super(%[[CLS]], %[[SELF]]) zero_arg
# CHECK-LABEL: py.func @no_class()
# PY311:         py.call %super()
class D:
    def m(self):
        inner = lambda: self
        return super().m, inner


def no_class():
    return super()
