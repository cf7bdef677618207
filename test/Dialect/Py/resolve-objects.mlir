// RUN: dynamir-opt %s --py-resolve-objects --verify-each --split-input-file | FileCheck %s

// A call of a user class without `__init__` is a new instance, under the
// class's guard; a read
// after a store is the stored value; a read of a name no store made is the
// class's, under CONSTANT_MATCH on `G['C'].name`; a call that received the
// instance keeps the reads after it; two instances are not the same object.
// CHECK-LABEL: py.func @f(
// CHECK-SAME:      %[[X:[^:]*]]: !py.object
// CHECK-DAG:     %[[FALSE:.*]] = py.constant false
// CHECK-DAG:     %[[TWO:.*]] = py.constant #py.int<2>
// CHECK:         %[[C:.*]] = tg.guard_id %{{.*}} at "G['C']" is @"G['C']"
// CHECK-NEXT:    %[[O:.*]] = py.new_object %[[C]]
// CHECK-NEXT:    tg.assume %[[C]]
// CHECK-NEXT:    py.setattr %[[O]]["a"] = %[[X]]
// CHECK-NEXT:    %[[K:.*]] = py.getattr %[[C]]["k"]
// CHECK-NEXT:    %[[GK:.*]] = tg.guard_constant %[[K]] at "G['C'].k" equals(#py.int<2>)
// CHECK-NEXT:    tg.assume %[[GK]]
// CHECK-NEXT:    %[[HELPER:.*]] = py.load_global "helper"
// CHECK-NEXT:    py.call %[[HELPER]](%[[O]])
// CHECK-NEXT:    %[[LATE:.*]] = py.getattr %[[O]]["a"]
// CHECK-NEXT:    py.build_tuple(%[[X]], %[[TWO]], %[[LATE]], %[[FALSE]])
module attributes {py.entry = @f, py.inputs = []} {
  py.globals {
    py.global "C" = #py.ref<@"G['C']">
  }
  py.class @builtins.object "object" library bases [] mro [@builtins.object] {
  }
  py.class @"G['C']" "C" bases [@builtins.object] mro [@"G['C']", @builtins.object] {
    py.member "k" = #py.int<2>
  }
  py.func @f(%x: !py.object) -> !py.object
      attributes {argcount = 1 : i64, cellvars = [], flags = #py.code_flags<optimized | newlocals>,
                  freevars = [], kwonlyargcount = 0 : i64, posonlyargcount = 0 : i64,
                  qualname = "f", varnames = ["x"]} {
    %load = py.load_global "C"
    %cls = tg.guard_id %load at "G['C']" is @"G['C']" : !py.object -> !py.object
    %o = py.call %cls()
    py.setattr %o["a"] = %x
    %a = py.getattr %o["a"]
    %k = py.getattr %o["k"]
    %helper = py.load_global "helper"
    %r = py.call %helper(%o)
    %late = py.getattr %o["a"]
    %other = py.new_object %cls
    %same = py.is %o, %other
    %t = py.build_tuple(%a, %k, %late, %same)
    py.return %t
  }
}

// -----

// A class with `__init__` calls it through the class, with the instance
// first, and checks that it returns None; until it is inlined, reads of
// the instance stay. Arguments that
// `object.__init__` refuses (TypeError) keep the call.
// CHECK-LABEL: py.func @f(
// CHECK-SAME:      %[[X:[^:]*]]: !py.object
// CHECK:         %[[C:.*]] = tg.guard_id %{{.*}} at "G['C']" is @"G['C']"
// CHECK-NEXT:    %[[O:.*]] = py.new_object %[[C]]
// CHECK-NEXT:    %[[INIT:.*]] = py.getattr %[[C]]["__init__"]
// CHECK-NEXT:    %[[R:.*]] = py.call %[[INIT]](%[[O]], a = %[[X]])
// CHECK-NEXT:    py.check_init_return %[[R]]
// CHECK-NEXT:    tg.assume %[[C]]
// CHECK-NEXT:    %[[K:.*]] = py.getattr %[[O]]["k"]
// CHECK:         %[[D:.*]] = tg.guard_id %{{.*}} at "G['D']" is @"G['D']"
// CHECK-NEXT:    %[[REFUSED:.*]] = py.call %[[D]](%[[X]])
// CHECK-NEXT:    py.build_tuple(%[[K]], %[[REFUSED]])
module attributes {py.entry = @f, py.inputs = []} {
  py.globals {
    py.global "C" = #py.ref<@"G['C']">
  }
  py.class @builtins.object "object" library bases [] mro [@builtins.object] {
  }
  py.class @"G['C']" "C" bases [@builtins.object] mro [@"G['C']", @builtins.object] {
    py.member "k" = #py.int<2>
    py.member "__init__" = #py.function<@init>
  }
  py.class @"G['D']" "D" bases [@builtins.object] mro [@"G['D']", @builtins.object] {
  }
  py.func @init(%self: !py.object, %a: !py.object) -> !py.object
      attributes {argcount = 2 : i64, cellvars = [], flags = #py.code_flags<optimized | newlocals>,
                  freevars = [], kwonlyargcount = 0 : i64, posonlyargcount = 0 : i64,
                  qualname = "C.__init__", varnames = ["self", "a"]} {
    %none = py.constant #py.none
    py.return %none
  }
  py.func @f(%x: !py.object) -> !py.object
      attributes {argcount = 1 : i64, cellvars = [], flags = #py.code_flags<optimized | newlocals>,
                  freevars = [], kwonlyargcount = 0 : i64, posonlyargcount = 0 : i64,
                  qualname = "f", varnames = ["x"]} {
    %load = py.load_global "C"
    %cls = tg.guard_id %load at "G['C']" is @"G['C']" : !py.object -> !py.object
    %o = py.call %cls(a = %x)
    %k = py.getattr %o["k"]
    %loadd = py.load_global "D"
    %d = tg.guard_id %loadd at "G['D']" is @"G['D']" : !py.object -> !py.object
    %refused = py.call %d(%x)
    %t = py.build_tuple(%k, %refused)
    py.return %t
  }
}

// -----

// An instance only stores see goes with them; a deletion of a name a store
// made goes too, and a read after it finds the class's value.
// CHECK-LABEL: py.func @f(
// CHECK-NOT:     py.new_object
// CHECK-NOT:     py.setattr
// CHECK-NOT:     py.delattr
// CHECK:         %[[TWO:.*]] = py.constant #py.int<2>
// CHECK:         tg.guard_constant %{{.*}} at "G['C'].k" equals(#py.int<2>)
// CHECK-NEXT:    tg.assume
// CHECK-NEXT:    py.return %[[TWO]]
module attributes {py.entry = @f, py.inputs = []} {
  py.globals {
    py.global "C" = #py.ref<@"G['C']">
  }
  py.class @builtins.object "object" library bases [] mro [@builtins.object] {
  }
  py.class @"G['C']" "C" bases [@builtins.object] mro [@"G['C']", @builtins.object] {
    py.member "k" = #py.int<2>
  }
  py.func @f() -> !py.object
      attributes {argcount = 0 : i64, cellvars = [], flags = #py.code_flags<optimized | newlocals>,
                  freevars = [], kwonlyargcount = 0 : i64, posonlyargcount = 0 : i64,
                  qualname = "f", varnames = []} {
    %load = py.load_global "C"
    %cls = tg.guard_id %load at "G['C']" is @"G['C']" : !py.object -> !py.object
    %o = py.new_object %cls
    %five = py.constant #py.int<5>
    py.setattr %o["k"] = %five
    py.delattr %o["k"]
    %k = py.getattr %o["k"]
    py.return %k
  }
}

// -----

// A class with its own `__new__` calls it, and `py.init_instance` runs
// `__init__` on what it returns: nothing for a constant. A class with
// `__setattr__` calls it for a store. A Module subclass without `__init__`
// runs `nn.Module.__init__`, which sets `training`.
// CHECK-LABEL: py.func @f(
// CHECK-DAG:     %[[TRUE:.*]] = py.constant true
// CHECK-DAG:     %[[NAME:.*]] = py.constant "v"
// CHECK-DAG:     %[[ONE:.*]] = py.constant #py.int<1>
// CHECK-DAG:     %[[TWO:.*]] = py.constant #py.int<2>
// CHECK:         %[[N:.*]] = tg.guard_id %{{.*}} at "G['N']"
// CHECK-NEXT:    %[[NEW:.*]] = py.getattr %[[N]]["__new__"]
// CHECK-NEXT:    %[[MADE:.*]] = py.call %[[NEW]](%[[N]], %[[ONE]])
// CHECK-NEXT:    tg.assume %[[N]]
// CHECK-NEXT:    %[[R:.*]] = py.init_instance %[[N]], %[[MADE]](%[[ONE]])
// CHECK:         %[[S:.*]] = tg.guard_id %{{.*}} at "G['S']"
// CHECK-NEXT:    %[[SO:.*]] = py.new_object %[[S]]
// CHECK-NEXT:    %[[SET:.*]] = py.getattr %[[S]]["__setattr__"]
// CHECK-NEXT:    py.call %[[SET]](%[[SO]], %[[NAME]], %[[ONE]])
// CHECK:         %[[M:.*]] = tg.guard_id %{{.*}} at "G['M']"
// CHECK-NEXT:    %[[MO:.*]] = py.new_object %[[M]]
// CHECK-NEXT:    py.object_setattr %[[MO]]["training"] = %[[TRUE]]
// CHECK-NEXT:    tg.assume %[[M]]
// CHECK-NEXT:    py.build_tuple(%[[R]], %[[SO]], %[[MO]], %[[TRUE]], %[[TWO]])
module attributes {py.entry = @f, py.inputs = []} {
  py.globals {
    py.global "N" = #py.ref<@"G['N']">
  }
  py.class @builtins.object "object" library bases [] mro [@builtins.object] {
  }
  py.class @torch.nn.Module "Module" library bases [@builtins.object] mro [@torch.nn.Module, @builtins.object] {
  }
  py.class @"G['N']" "N" bases [@builtins.object] mro [@"G['N']", @builtins.object] {
    py.member "__new__" = #py.staticmethod<#py.function<@new>>
  }
  py.class @"G['S']" "S" bases [@builtins.object] mro [@"G['S']", @builtins.object] {
    py.member "__setattr__" = #py.function<@new>
  }
  py.class @"G['M']" "M" bases [@torch.nn.Module] mro [@"G['M']", @torch.nn.Module, @builtins.object] {
  }
  py.func @new(%cls: !py.object, %v: !py.object) -> !py.object
      attributes {argcount = 2 : i64, cellvars = [], flags = #py.code_flags<optimized | newlocals>,
                  freevars = [], kwonlyargcount = 0 : i64, posonlyargcount = 0 : i64,
                  qualname = "N.__new__", varnames = ["cls", "v"]} {
    py.return %v
  }
  py.func @f() -> !py.object
      attributes {argcount = 0 : i64, cellvars = [], flags = #py.code_flags<optimized | newlocals>,
                  freevars = [], kwonlyargcount = 0 : i64, posonlyargcount = 0 : i64,
                  qualname = "f", varnames = []} {
    %one = py.constant #py.int<1>
    %two = py.constant #py.int<2>
    %load = py.load_global "N"
    %n = tg.guard_id %load at "G['N']" is @"G['N']" : !py.object -> !py.object
    %r = py.call %n(%one)
    %loads = py.load_global "S"
    %s = tg.guard_id %loads at "G['S']" is @"G['S']" : !py.object -> !py.object
    %so = py.new_object %s
    py.setattr %so["v"] = %one
    %loadm = py.load_global "M"
    %m = tg.guard_id %loadm at "G['M']" is @"G['M']" : !py.object -> !py.object
    %mo = py.call %m()
    %training = py.getattr %mo["training"]
    %done = py.init_instance %n, %two(%two)
    %t = py.build_tuple(%r, %so, %mo, %training, %done)
    py.return %t
  }
}

// -----

// The builtins on attributes: `setattr` and `getattr` with a constant name
// are the store and the read (which then forwards); `getattr` with a
// default is the default where neither the instance nor the class has the
// name; `hasattr` answers from the stores and the class; `type(obj)` is the
// class the instance was made of.
// CHECK-LABEL: py.func @f(
// CHECK-SAME:      %[[X:[^:]*]]: !py.object
// CHECK-DAG:     %[[TRUE:.*]] = py.constant true
// CHECK-DAG:     %[[FALSE:.*]] = py.constant false
// CHECK-DAG:     %[[D:.*]] = py.constant #py.int<9>
// CHECK:         %[[C:.*]] = tg.guard_id %{{.*}} at "G['C']" is @"G['C']"
// CHECK-NOT:     py.call
// CHECK:         py.build_tuple(%[[X]], %[[D]], %[[TRUE]], %[[FALSE]], %[[C]])
module attributes {py.entry = @f, py.inputs = []} {
  py.globals {
    py.global "C" = #py.ref<@"G['C']">
  }
  py.class @builtins.object "object" library bases [] mro [@builtins.object] {
  }
  py.class @"G['C']" "C" bases [@builtins.object] mro [@"G['C']", @builtins.object] {
  }
  py.func @f(%x: !py.object) -> !py.object
      attributes {argcount = 1 : i64, cellvars = [], flags = #py.code_flags<optimized | newlocals>,
                  freevars = [], kwonlyargcount = 0 : i64, posonlyargcount = 0 : i64,
                  qualname = "f", varnames = ["x"]} {
    %load = py.load_global "C"
    %cls = tg.guard_id %load at "G['C']" is @"G['C']" : !py.object -> !py.object
    %o = py.new_object %cls
    %name = py.constant "a"
    %missing = py.constant "b"
    %nine = py.constant #py.int<9>
    %setattr = py.load_global "setattr"
    %none = py.call %setattr(%o, %name, %x)
    %getattr = py.load_global "getattr"
    %a = py.call %getattr(%o, %name)
    %b = py.call %getattr(%o, %missing, %nine)
    %hasattr = py.load_global "hasattr"
    %has = py.call %hasattr(%o, %name)
    %hasnt = py.call %hasattr(%o, %missing)
    %type = py.load_global "type"
    %t = py.call %type(%o)
    %r = py.build_tuple(%a, %b, %has, %hasnt, %t)
    py.return %r
  }
}

// -----

// A subclass of list: the call makes the contents (`list.__new__`) and
// fills them (`list.__init__`, which the class inherits); the builtin's
// methods and slots the class inherits act on the contents, and a
// `__getitem__` of its own is called through the class. A loop that does
// not touch the instance does not hide its stores from a read after it.
// CHECK-LABEL: py.func @f(
// CHECK-SAME:      %[[X:[^:]*]]: !py.object
// CHECK:         %[[S:.*]] = tg.guard_id %{{.*}} at "G['S']" is @"G['S']"
// CHECK-NEXT:    %[[ITEMS:.*]] = py.build_list()
// CHECK-NEXT:    %[[O:.*]] = py.new_object %[[S]] contents %[[ITEMS]]
// CHECK-NEXT:    py.list_extend %[[ITEMS]], %[[X]]
// CHECK-NEXT:    tg.assume %[[S]]
// CHECK-NEXT:    %[[APPEND:.*]] = py.getattr %[[ITEMS]]["append"]
// CHECK-NEXT:    py.call %[[APPEND]](%[[X]])
// CHECK-NEXT:    %[[GET:.*]] = py.getattr %[[S]]["__getitem__"]
// CHECK-NEXT:    %[[FIRST:.*]] = py.call %[[GET]](%[[O]], %{{.*}})
// CHECK-NEXT:    %[[LEN:.*]] = py.load_global "len"
// CHECK-NEXT:    %[[N:.*]] = py.call %[[LEN]](%[[ITEMS]])
// CHECK-NEXT:    %[[IN:.*]] = py.contains %[[X]] in %[[ITEMS]]
// CHECK-NEXT:    py.setattr %[[O]]["tag"] = %[[X]]
// CHECK-NEXT:    py.get_iter %[[ITEMS]]
// CHECK:         py.build_tuple(%[[FIRST]], %[[N]], %[[IN]], %[[X]])
module attributes {py.entry = @f, py.inputs = []} {
  py.globals {
    py.global "S" = #py.ref<@"G['S']">
  }
  py.class @builtins.object "object" library bases [] mro [@builtins.object] {
  }
  py.class @builtins.list "list" library bases [@builtins.object] mro [@builtins.list, @builtins.object] {
  }
  py.class @"G['S']" "S" bases [@builtins.list] mro [@"G['S']", @builtins.list, @builtins.object] {
    py.member "__getitem__" = #py.function<@S.__getitem__>
  }
  py.func @f(%x: !py.object) -> !py.object
      attributes {argcount = 1 : i64, cellvars = [], flags = #py.code_flags<optimized | newlocals>,
                  freevars = [], kwonlyargcount = 0 : i64, posonlyargcount = 0 : i64,
                  qualname = "f", varnames = ["x"]} {
    %load = py.load_global "S"
    %cls = tg.guard_id %load at "G['S']" is @"G['S']" : !py.object -> !py.object
    %o = py.call %cls(%x)
    %append = py.getattr %o["append"]
    %none = py.call %append(%x)
    %zero = py.constant #py.int<0>
    %first = py.getitem %o[%zero]
    %len = py.load_global "len"
    %n = py.call %len(%o)
    %in = py.contains %x in %o
    py.setattr %o["tag"] = %x
    %it = py.get_iter %o
    cf.br ^loop
  ^loop:
    %v, %more = py.iter_next %it
    cf.cond_br %more, ^loop, ^done
  ^done:
    %tag = py.getattr %o["tag"]
    %t = py.build_tuple(%first, %n, %in, %tag)
    py.return %t
  }
  py.func @S.__getitem__(%self: !py.object, %i: !py.object) -> !py.object
      attributes {argcount = 2 : i64, cellvars = [], flags = #py.code_flags<optimized | newlocals>,
                  freevars = [], kwonlyargcount = 0 : i64, posonlyargcount = 0 : i64,
                  qualname = "S.__getitem__", varnames = ["self", "i"]} {
    py.return %i
  }
}

// -----

// A subclass of tuple with `__slots__ = ()` has no `__dict__`: a store
// stays (AttributeError), and so does the read after it; `tuple.__new__`
// takes a tuple as the contents. A dict subclass's call updates the empty
// contents with the keywords (`dict.__init__`), and its `__missing__`
// keeps the subscript.
// CHECK-LABEL: py.func @f(
// CHECK-SAME:      %[[X:[^:]*]]: !py.object
// CHECK:         %[[P:.*]] = tg.guard_id %{{.*}} at "G['P']"
// CHECK-NEXT:    %[[PAIR:.*]] = py.build_tuple(%[[X]], %[[X]])
// CHECK-NEXT:    %[[O:.*]] = py.new_object %[[P]] contents %[[PAIR]]
// CHECK-NEXT:    tg.assume %[[P]]
// CHECK-NEXT:    py.setattr %[[O]]["a"] = %[[X]]
// CHECK-NEXT:    %[[A:.*]] = py.getattr %[[O]]["a"]
// CHECK:         %[[M:.*]] = tg.guard_id %{{.*}} at "G['M']"
// CHECK-NEXT:    %[[D:.*]] = py.build_dict()
// CHECK-NEXT:    %[[MO:.*]] = py.new_object %[[M]] contents %[[D]]
// CHECK-NEXT:    %[[KW:.*]] = py.build_dict(%{{.*}} : %[[X]])
// CHECK-NEXT:    py.dict_update %[[D]], %[[KW]]
// CHECK:         %[[MISSING:.*]] = py.getitem %[[MO]][%{{.*}}]
// CHECK:         py.build_tuple(%[[A]], %[[MISSING]])
module attributes {py.entry = @f, py.inputs = []} {
  py.globals {
    py.global "P" = #py.ref<@"G['P']">
    py.global "M" = #py.ref<@"G['M']">
  }
  py.class @builtins.object "object" library bases [] mro [@builtins.object] {
  }
  py.class @builtins.tuple "tuple" library bases [@builtins.object] mro [@builtins.tuple, @builtins.object] {
  }
  py.class @builtins.dict "dict" library bases [@builtins.object] mro [@builtins.dict, @builtins.object] {
  }
  py.class @"G['P']" "P" bases [@builtins.tuple] mro [@"G['P']", @builtins.tuple, @builtins.object] {
    py.member "__slots__" = []
  }
  py.class @"G['M']" "M" bases [@builtins.dict] mro [@"G['M']", @builtins.dict, @builtins.object] {
    py.member "__missing__" = #py.function<@M.__missing__>
  }
  py.func @f(%x: !py.object) -> !py.object
      attributes {argcount = 1 : i64, cellvars = [], flags = #py.code_flags<optimized | newlocals>,
                  freevars = [], kwonlyargcount = 0 : i64, posonlyargcount = 0 : i64,
                  qualname = "f", varnames = ["x"]} {
    %load = py.load_global "P"
    %cls = tg.guard_id %load at "G['P']" is @"G['P']" : !py.object -> !py.object
    %items = py.build_tuple(%x, %x)
    %o = py.call %cls(%items)
    py.setattr %o["a"] = %x
    %a = py.getattr %o["a"]
    %mload = py.load_global "M"
    %m = tg.guard_id %mload at "G['M']" is @"G['M']" : !py.object -> !py.object
    %mo = py.call %m(k = %x)
    %key = py.constant "z"
    %missing = py.getitem %mo[%key]
    %t = py.build_tuple(%a, %missing)
    py.return %t
  }
  py.func @M.__missing__(%self: !py.object, %k: !py.object) -> !py.object
      attributes {argcount = 2 : i64, cellvars = [], flags = #py.code_flags<optimized | newlocals>,
                  freevars = [], kwonlyargcount = 0 : i64, posonlyargcount = 0 : i64,
                  qualname = "M.__missing__", varnames = ["self", "k"]} {
    py.return %k
  }
}

// -----

// An object of the environment whose class subclasses tuple: its constant
// contents (which its ID_MATCH fixes) answer the builtin's slots and
// members; an attribute of its own shadows the builtin's method.
// CHECK-LABEL: py.func @f(
// CHECK:         %[[T:.*]] = py.constant [#py.int<2>, #py.int<3>]
// CHECK:         %[[SIZE:.*]] = tg.guard_id %{{.*}} at "G['size']" is @"G['size']"
// CHECK-NEXT:    py.getitem %[[T]][
// CHECK:         py.call %{{.*}}(%[[T]])
// CHECK-NEXT:    py.getattr %[[T]]["count"]
// CHECK-NEXT:    py.getattr %[[SIZE]]["index"]
module attributes {py.entry = @f, py.inputs = []} {
  py.globals {
    py.global "size" = #py.ref<@"G['size']">
  }
  py.class @builtins.object "object" library bases [] mro [@builtins.object] {
  }
  py.class @builtins.tuple "tuple" library bases [@builtins.object] mro [@builtins.tuple, @builtins.object] {
  }
  py.class @"G['Size']" "Size" bases [@builtins.tuple] mro [@"G['Size']", @builtins.tuple, @builtins.object] {
  }
  py.object @"G['size']" : @"G['Size']" contents [#py.int<2>, #py.int<3>] {
    py.member "index" = #py.int<7>
  }
  py.func @f() -> !py.object
      attributes {argcount = 0 : i64, cellvars = [], flags = #py.code_flags<optimized | newlocals>,
                  freevars = [], kwonlyargcount = 0 : i64, posonlyargcount = 0 : i64,
                  qualname = "f", varnames = []} {
    %load = py.load_global "size"
    %size = tg.guard_id %load at "G['size']" is @"G['size']" : !py.object -> !py.object
    %zero = py.constant #py.int<0>
    %first = py.getitem %size[%zero]
    %len = py.load_global "len"
    %n = py.call %len(%size)
    %count = py.getattr %size["count"]
    %index = py.getattr %size["index"]
    %t = py.build_tuple(%first, %n, %count, %index)
    py.return %t
  }
}

// -----

// `len(obj)` and `iter(obj)` of an instance whose class defines `__len__`
// and `__iter__` call them through the class, and check what they return
// (py.check_len_result, py.check_iter_result); without `__contains__`,
// `x in obj` iterates the instance.
// CHECK-LABEL: py.func @f(
// CHECK-SAME:      %[[X:[^:]*]]: !py.object
// CHECK:         %[[C:.*]] = tg.guard_id %{{.*}} at "G['C']" is @"G['C']"
// CHECK-NEXT:    %[[O:.*]] = py.new_object %[[C]]
// CHECK:         %[[LEN:.*]] = py.getattr %[[C]]["__len__"]
// CHECK-NEXT:    %[[N:.*]] = py.call %[[LEN]](%[[O]])
// CHECK-NEXT:    %[[CHECKED:.*]] = py.check_len_result %[[N]]
// CHECK-NEXT:    %[[ITER:.*]] = py.getattr %[[C]]["__iter__"]
// CHECK-NEXT:    %[[IT:.*]] = py.call %[[ITER]](%[[O]])
// CHECK-NEXT:    %[[CHECKEDIT:.*]] = py.check_iter_result %[[IT]]
// CHECK:         %[[ITER2:.*]] = py.getattr %[[C]]["__iter__"]
// CHECK-NEXT:    %[[IT2:.*]] = py.call %[[ITER2]](%[[O]])
// CHECK-NEXT:    %[[CHECKEDIT2:.*]] = py.check_iter_result %[[IT2]]
// CHECK-NEXT:    %[[IN:.*]] = py.contains %[[X]] in %[[CHECKEDIT2]]
// CHECK-NEXT:    py.build_tuple(%[[CHECKED]], %[[CHECKEDIT]], %[[IN]])
module attributes {py.entry = @f, py.inputs = []} {
  py.globals {
    py.global "C" = #py.ref<@"G['C']">
  }
  py.class @builtins.object "object" library bases [] mro [@builtins.object] {
  }
  py.class @"G['C']" "C" bases [@builtins.object] mro [@"G['C']", @builtins.object] {
    py.member "__len__" = #py.function<@C.__len__>
    py.member "__iter__" = #py.function<@C.__iter__>
  }
  py.func @f(%x: !py.object) -> !py.object
      attributes {argcount = 1 : i64, cellvars = [], flags = #py.code_flags<optimized | newlocals>,
                  freevars = [], kwonlyargcount = 0 : i64, posonlyargcount = 0 : i64,
                  qualname = "f", varnames = ["x"]} {
    %load = py.load_global "C"
    %cls = tg.guard_id %load at "G['C']" is @"G['C']" : !py.object -> !py.object
    %o = py.new_object %cls
    %len = py.load_global "len"
    %n = py.call %len(%o)
    %it = py.get_iter %o
    %in = py.contains %x in %o
    %t = py.build_tuple(%n, %it, %in)
    py.return %t
  }
  py.func @C.__len__(%self: !py.object) -> !py.object
      attributes {argcount = 1 : i64, cellvars = [], flags = #py.code_flags<optimized | newlocals>,
                  freevars = [], kwonlyargcount = 0 : i64, posonlyargcount = 0 : i64,
                  qualname = "C.__len__", varnames = ["self"]} {
    py.return %self
  }
  py.func @C.__iter__(%self: !py.object) -> !py.object
      attributes {argcount = 1 : i64, cellvars = [], flags = #py.code_flags<optimized | newlocals>,
                  freevars = [], kwonlyargcount = 0 : i64, posonlyargcount = 0 : i64,
                  qualname = "C.__iter__", varnames = ["self"]} {
    py.return %self
  }
}

// -----

// Exceptions: a builtin exception class by name is its library class; a
// call of it is an instance whose `args` BaseException's `__init__` sets
// (a user subclass's own `__init__` is called through the class, after
// `__new__`'s `args`); `except T` on it folds through its MRO; a store of a
// field its setter accepts is an `exception_store` (`__cause__` also sets
// `__suppress_context__`), a read after it the stored value, and a field
// nothing set its default; `with_traceback(None)` is the instance;
// `type(e).__name__` of a builtin class is a constant.
// CHECK-LABEL: py.func @f(
// CHECK-SAME:      %[[X:[^:]*]]: !py.object
// CHECK-DAG:     %[[TRUE:.*]] = py.constant true
// CHECK-DAG:     %[[FALSE:.*]] = py.constant false
// CHECK-DAG:     %[[NONE:.*]] = py.constant #py.none
// CHECK-DAG:     %[[NAME:.*]] = py.constant "KeyError"
// CHECK:         %[[KEYERROR:.*]] = py.class_ref @builtins.KeyError
// CHECK-NEXT:    %[[E:.*]] = py.new_object %[[KEYERROR]]
// CHECK-NEXT:    %[[ARGS:.*]] = py.build_tuple(%[[X]])
// CHECK-NEXT:    py.exception_store %[[E]]["args"] = %[[ARGS]]
// CHECK:         %[[MINE:.*]] = py.new_object %[[MYERROR:.*]]
// CHECK-NEXT:    %[[NEWARGS:.*]] = py.build_tuple(%[[X]], %[[X]])
// CHECK-NEXT:    py.exception_store %[[MINE]]["args"] = %[[NEWARGS]]
// CHECK-NEXT:    %[[INIT:.*]] = py.getattr %[[MYERROR]]["__init__"]
// CHECK-NEXT:    py.call %[[INIT]](%[[MINE]], %[[X]], %[[X]])
// CHECK:         py.exception_store %[[E]]["__cause__"] = %[[MINE]]
// CHECK-NEXT:    py.exception_store %[[E]]["__suppress_context__"] = %[[TRUE]]
// CHECK-NEXT:    py.exception_store %[[E]]["__traceback__"] = %[[NONE]]
// CHECK:         py.build_tuple(%[[TRUE]], %[[FALSE]], %[[ARGS]], %[[MINE]], %[[TRUE]], %[[NONE]], %[[E]], %[[NAME]])
module attributes {py.entry = @f, py.inputs = []} {
  py.globals {
    py.global "MyError" = #py.ref<@"G['MyError']">
  }
  py.class @builtins.object "object" library bases [] mro [@builtins.object] {
  }
  py.class @builtins.BaseException "BaseException" library bases [@builtins.object] mro [@builtins.BaseException, @builtins.object] {
  }
  py.class @builtins.Exception "Exception" library bases [@builtins.BaseException] mro [@builtins.Exception, @builtins.BaseException, @builtins.object] {
  }
  py.class @builtins.LookupError "LookupError" library bases [@builtins.Exception] mro [@builtins.LookupError, @builtins.Exception, @builtins.BaseException, @builtins.object] {
  }
  py.class @builtins.KeyError "KeyError" library bases [@builtins.LookupError] mro [@builtins.KeyError, @builtins.LookupError, @builtins.Exception, @builtins.BaseException, @builtins.object] {
  }
  py.class @builtins.ValueError "ValueError" library bases [@builtins.Exception] mro [@builtins.ValueError, @builtins.Exception, @builtins.BaseException, @builtins.object] {
  }
  py.class @"G['MyError']" "MyError" bases [@builtins.ValueError] mro [@"G['MyError']", @builtins.ValueError, @builtins.Exception, @builtins.BaseException, @builtins.object] {
    py.member "__init__" = #py.function<@MyError.__init__>
  }
  py.func @MyError.__init__(%self: !py.object, %a: !py.object, %b: !py.object) -> !py.object
      attributes {argcount = 3 : i64, cellvars = [], flags = #py.code_flags<optimized | newlocals>,
                  freevars = [], kwonlyargcount = 0 : i64, posonlyargcount = 0 : i64,
                  qualname = "MyError.__init__", varnames = ["self", "a", "b"]} {
    %none = py.constant #py.none
    py.return %none
  }
  py.func @f(%x: !py.object) -> !py.object
      attributes {argcount = 1 : i64, cellvars = [], flags = #py.code_flags<optimized | newlocals>,
                  freevars = [], kwonlyargcount = 0 : i64, posonlyargcount = 0 : i64,
                  qualname = "f", varnames = ["x"]} {
    %none = py.constant #py.none
    %KeyError = py.load_global "KeyError"
    %e = py.call %KeyError(%x)
    %LookupError = py.load_global "LookupError"
    %ValueError = py.load_global "ValueError"
    %both = py.build_tuple(%ValueError, %LookupError)
    %m1 = py.check_exc_match %e, %both
    %m2 = py.check_exc_match %e, %ValueError
    %args = py.getattr %e["args"]
    %load = py.load_global "MyError"
    %cls = tg.guard_id %load at "G['MyError']" is @"G['MyError']" : !py.object -> !py.object
    %mine = py.call %cls(%x, %x)
    py.setattr %e["__cause__"] = %mine
    %cause = py.getattr %e["__cause__"]
    %suppress = py.getattr %e["__suppress_context__"]
    %context = py.getattr %e["__context__"]
    %with = py.getattr %e["with_traceback"]
    %same = py.call %with(%none)
    %type = py.load_global "type"
    %t = py.call %type(%e)
    %name = py.getattr %t["__name__"]
    %r = py.build_tuple(%m1, %m2, %args, %cause, %suppress, %context, %same, %name)
    py.return %r
  }
}

// -----

// Raised by the program's own operations, where a handler can catch them:
// a read of a name neither the instance nor its class has raises
// AttributeError with CPython's message, `name` and `obj`; an item out of
// range of a list display nothing else sees raises IndexError; a local
// unbound on every path raises UnboundLocalError. Each block ends at the
// raise, which takes the block's unwind edge; what followed it is
// unreachable and goes.
// CHECK-LABEL: py.func @f(
// CHECK-DAG:     %[[UMSG:.*]] = py.constant "cannot access local variable 'e' where it is not associated with a value"
// CHECK-DAG:     %[[IMSG:.*]] = py.constant "list index out of range"
// CHECK-DAG:     %[[MSG:.*]] = py.constant "'C' object has no attribute 'missing'"
// CHECK-DAG:     %[[NAME:.*]] = py.constant "missing"
// CHECK:         %[[O:.*]] = py.new_object
// CHECK:         %[[CLS:.*]] = py.class_ref @builtins.AttributeError
// CHECK-NEXT:    %[[E:.*]] = py.new_object %[[CLS]]
// CHECK-NEXT:    %[[ARGS:.*]] = py.build_tuple(%[[MSG]])
// CHECK-NEXT:    py.exception_store %[[E]]["args"] = %[[ARGS]]
// CHECK-NEXT:    py.exception_store %[[E]]["name"] = %[[NAME]]
// CHECK-NEXT:    py.exception_store %[[E]]["obj"] = %[[O]]
// CHECK-NEXT:    py.raise %[[E]] unwind ^[[PAD:.*]]
// CHECK:       ^[[PAD]]:
// CHECK:         %[[ICLS:.*]] = py.class_ref @builtins.IndexError
// CHECK-NEXT:    %[[I:.*]] = py.new_object %[[ICLS]]
// CHECK-NEXT:    %[[IARGS:.*]] = py.build_tuple(%[[IMSG]])
// CHECK-NEXT:    py.exception_store %[[I]]["args"] = %[[IARGS]]
// CHECK-NEXT:    py.raise %[[I]] unwind ^[[PAD2:.*]]
// CHECK:       ^[[PAD2]]:
// CHECK:         %[[UCLS:.*]] = py.class_ref @builtins.UnboundLocalError
// CHECK-NEXT:    %[[U:.*]] = py.new_object %[[UCLS]]
// CHECK-NEXT:    %[[UARGS:.*]] = py.build_tuple(%[[UMSG]])
// CHECK-NEXT:    py.exception_store %[[U]]["args"] = %[[UARGS]]
// CHECK-NEXT:    py.raise %[[U]]{{$}}
// CHECK-NOT:     py.getattr
// CHECK-NOT:     py.getitem
module attributes {py.entry = @f, py.inputs = []} {
  py.globals {
    py.global "C" = #py.ref<@"G['C']">
  }
  py.class @builtins.object "object" library bases [] mro [@builtins.object] {
  }
  py.class @builtins.BaseException "BaseException" library bases [@builtins.object] mro [@builtins.BaseException, @builtins.object] {
  }
  py.class @builtins.Exception "Exception" library bases [@builtins.BaseException] mro [@builtins.Exception, @builtins.BaseException, @builtins.object] {
  }
  py.class @builtins.AttributeError "AttributeError" library bases [@builtins.Exception] mro [@builtins.AttributeError, @builtins.Exception, @builtins.BaseException, @builtins.object] {
  }
  py.class @builtins.LookupError "LookupError" library bases [@builtins.Exception] mro [@builtins.LookupError, @builtins.Exception, @builtins.BaseException, @builtins.object] {
  }
  py.class @builtins.IndexError "IndexError" library bases [@builtins.LookupError] mro [@builtins.IndexError, @builtins.LookupError, @builtins.Exception, @builtins.BaseException, @builtins.object] {
  }
  py.class @builtins.NameError "NameError" library bases [@builtins.Exception] mro [@builtins.NameError, @builtins.Exception, @builtins.BaseException, @builtins.object] {
  }
  py.class @builtins.UnboundLocalError "UnboundLocalError" library bases [@builtins.NameError] mro [@builtins.UnboundLocalError, @builtins.NameError, @builtins.Exception, @builtins.BaseException, @builtins.object] {
  }
  py.class @"G['C']" "C" bases [@builtins.object] mro [@"G['C']", @builtins.object] {
  }
  py.func @f(%x: !py.object) -> !py.object
      attributes {argcount = 1 : i64, cellvars = [], flags = #py.code_flags<optimized | newlocals>,
                  freevars = [], kwonlyargcount = 0 : i64, posonlyargcount = 0 : i64,
                  qualname = "f", varnames = ["x"]} {
    %load = py.load_global "C"
    %cls = tg.guard_id %load at "G['C']" is @"G['C']" : !py.object -> !py.object
    %o = py.new_object %cls
    %a = py.getattr %o["missing"]
    py.unwind_br ^bb1 unwind ^bb2
  ^bb1:
    py.return %a
  ^bb2:
    %pad = py.landing_pad
    %c5 = py.constant #py.int<5>
    %list = py.build_list(%x, %x)
    %item = py.getitem %list[%c5]
    py.unwind_br ^bb3 unwind ^bb4
  ^bb3:
    py.return %item
  ^bb4:
    %pad2 = py.landing_pad
    %null = py.null
    py.check_bound %null["e"]
    py.return %null
  }
}

// -----

// A read of a name neither the instance nor its class has, where the class
// defines `__getattr__`: a call of it through the class.
// CHECK-LABEL: py.func @f(
// CHECK:         %[[NAME:.*]] = py.constant "missing"
// CHECK:         %[[C:.*]] = tg.guard_id
// CHECK-NEXT:    %[[O:.*]] = py.new_object %[[C]]
// CHECK-NEXT:    %[[GET:.*]] = py.getattr %[[C]]["__getattr__"]
// CHECK-NEXT:    %[[R:.*]] = py.call %[[GET]](%[[O]], %[[NAME]])
// CHECK-NEXT:    py.return %[[R]]
module attributes {py.entry = @f, py.inputs = []} {
  py.globals {
    py.global "C" = #py.ref<@"G['C']">
  }
  py.class @builtins.object "object" library bases [] mro [@builtins.object] {
  }
  py.class @"G['C']" "C" bases [@builtins.object] mro [@"G['C']", @builtins.object] {
    py.member "__getattr__" = #py.function<@C.__getattr__>
  }
  py.func @f(%x: !py.object) -> !py.object
      attributes {argcount = 1 : i64, cellvars = [], flags = #py.code_flags<optimized | newlocals>,
                  freevars = [], kwonlyargcount = 0 : i64, posonlyargcount = 0 : i64,
                  qualname = "f", varnames = ["x"]} {
    %load = py.load_global "C"
    %cls = tg.guard_id %load at "G['C']" is @"G['C']" : !py.object -> !py.object
    %o = py.new_object %cls
    %a = py.getattr %o["missing"]
    py.return %a
  }
  py.func @C.__getattr__(%self: !py.object, %name: !py.object) -> !py.object
      attributes {argcount = 2 : i64, cellvars = [], flags = #py.code_flags<optimized | newlocals>,
                  freevars = [], kwonlyargcount = 0 : i64, posonlyargcount = 0 : i64,
                  qualname = "C.__getattr__", varnames = ["self", "name"]} {
    py.return %name
  }
}

// -----

// `with` on an instance the region made: `__enter__` called through the
// class, `__exit__` read from the instance; an exception leaving the block
// calls `__exit__(type(e), e, None)`. `str()`, `repr()` and an f-string's
// `{e!r}` of an exception are its text; `__cause__ = 5` raises CPython's
// TypeError; a class is no constant and the same class as itself.
// CHECK-LABEL: py.func @f(
// CHECK-DAG:     %[[NONE:.*]] = py.constant #py.none
// CHECK-DAG:     %[[STR:.*]] = py.constant "a"
// CHECK-DAG:     %[[REPR:.*]] = py.constant "ValueError('a', 2)"
// CHECK-DAG:     %[[CAUSE:.*]] = py.constant "exception cause must be None or derive from BaseException"
// CHECK-DAG:     %[[FALSE:.*]] = py.constant false
// CHECK-DAG:     %[[TRUE:.*]] = py.constant true
// CHECK:         %[[C:.*]] = tg.guard_id
// CHECK-NEXT:    %[[M:.*]] = py.new_object %[[C]]
// CHECK-NEXT:    %[[ENTER:.*]] = py.getattr %[[C]]["__enter__"]
// CHECK-NEXT:    %[[EXIT:.*]] = py.getattr %[[M]]["__exit__"]
// CHECK-NEXT:    %[[V:.*]] = py.call %[[ENTER]](%[[M]])
// CHECK:         %[[VE:.*]] = py.class_ref @builtins.ValueError
// CHECK-NEXT:    %[[E:.*]] = py.new_object %[[VE]]
// CHECK:         %[[S:.*]] = py.call %[[EXIT]](%[[VE]], %[[E]], %[[NONE]])
// CHECK:         py.build_tuple(%[[V]], %[[S]], %[[STR]], %[[REPR]], %[[REPR]], %[[FALSE]], %[[TRUE]])
// CHECK:         %[[TE:.*]] = py.class_ref @builtins.TypeError
// CHECK-NEXT:    %[[T:.*]] = py.new_object %[[TE]]
// CHECK-NEXT:    %[[TARGS:.*]] = py.build_tuple(%[[CAUSE]])
// CHECK-NEXT:    py.exception_store %[[T]]["args"] = %[[TARGS]]
// CHECK-NEXT:    py.raise %[[T]] unwind
module attributes {py.entry = @f, py.inputs = []} {
  py.globals {
    py.global "M" = #py.ref<@"G['M']">
  }
  py.class @builtins.object "object" library bases [] mro [@builtins.object] {
  }
  py.class @builtins.BaseException "BaseException" library bases [@builtins.object] mro [@builtins.BaseException, @builtins.object] {
  }
  py.class @builtins.Exception "Exception" library bases [@builtins.BaseException] mro [@builtins.Exception, @builtins.BaseException, @builtins.object] {
  }
  py.class @builtins.ValueError "ValueError" library bases [@builtins.Exception] mro [@builtins.ValueError, @builtins.Exception, @builtins.BaseException, @builtins.object] {
  }
  py.class @builtins.TypeError "TypeError" library bases [@builtins.Exception] mro [@builtins.TypeError, @builtins.Exception, @builtins.BaseException, @builtins.object] {
  }
  py.class @"G['M']" "M" bases [@builtins.object] mro [@"G['M']", @builtins.object] {
    py.member "__enter__" = #py.function<@M.__enter__>
    py.member "__exit__" = #py.function<@M.__exit__>
  }
  py.func @f(%x: !py.object) -> !py.object
      attributes {argcount = 1 : i64, cellvars = [], flags = #py.code_flags<optimized | newlocals>,
                  freevars = [], kwonlyargcount = 0 : i64, posonlyargcount = 0 : i64,
                  qualname = "f", varnames = ["x"]} {
    %load = py.load_global "M"
    %cls = tg.guard_id %load at "G['M']" is @"G['M']" : !py.object -> !py.object
    %m = py.new_object %cls
    %exit, %value = py.before_with %m
    %VE = py.load_global "ValueError"
    %a = py.constant "a"
    %c2 = py.constant #py.int<2>
    %e = py.call %VE(%a)
    %suppress = py.with_except_start %exit, %e
    %e1 = py.call %VE(%a)
    %str = py.load_global "str"
    %s = py.call %str(%e1)
    %e2 = py.call %VE(%a, %c2)
    %repr = py.load_global "repr"
    %r = py.call %repr(%e2)
    %f = py.convert_value repr %e2
    %none = py.constant #py.none
    %is = py.is %VE, %none
    %same = py.is %VE, %VE
    %t = py.build_tuple(%value, %suppress, %s, %r, %f, %is, %same)
    %c5 = py.constant #py.int<5>
    py.setattr %e1["__cause__"] = %c5
    py.unwind_br ^bb1 unwind ^bb2
  ^bb1:
    py.return %t
  ^bb2:
    %pad = py.landing_pad
    py.return %t
  }
  py.func @M.__enter__(%self: !py.object) -> !py.object
      attributes {argcount = 1 : i64, cellvars = [], flags = #py.code_flags<optimized | newlocals>,
                  freevars = [], kwonlyargcount = 0 : i64, posonlyargcount = 0 : i64,
                  qualname = "M.__enter__", varnames = ["self"]} {
    py.return %self
  }
  py.func @M.__exit__(%self: !py.object, %t: !py.object, %v: !py.object, %tb: !py.object) -> !py.object
      attributes {argcount = 4 : i64, cellvars = [], flags = #py.code_flags<optimized | newlocals>,
                  freevars = [], kwonlyargcount = 0 : i64, posonlyargcount = 0 : i64,
                  qualname = "M.__exit__", varnames = ["self", "t", "v", "tb"]} {
    py.return %v
  }
}

// -----

// A read of a name that a user class and its MRO lack raises AttributeError
// with CPython's message for a type object, and the class as `obj`; a name
// the class has, and a special name (which `type` may answer), stay reads.
// CHECK-LABEL: py.func @f(
// CHECK-DAG:     %[[MSG:.*]] = py.constant "type object 'C' has no attribute 'missing'"
// CHECK-DAG:     %[[NAME:.*]] = py.constant "missing"
// CHECK:         %[[C:.*]] = tg.guard_id
// CHECK:         py.getattr %[[C]]["__doc__"]
// CHECK:         %[[E:.*]] = py.new_object
// CHECK-NEXT:    %[[ARGS:.*]] = py.build_tuple(%[[MSG]])
// CHECK-NEXT:    py.exception_store %[[E]]["args"] = %[[ARGS]]
// CHECK-NEXT:    py.exception_store %[[E]]["name"] = %[[NAME]]
// CHECK-NEXT:    py.exception_store %[[E]]["obj"] = %[[C]]
// CHECK-NEXT:    py.raise %[[E]] unwind
module attributes {py.entry = @f, py.inputs = []} {
  py.globals {
    py.global "C" = #py.ref<@"G['C']">
  }
  py.class @builtins.object "object" library bases [] mro [@builtins.object] {
  }
  py.class @builtins.BaseException "BaseException" library bases [@builtins.object] mro [@builtins.BaseException, @builtins.object] {
  }
  py.class @builtins.Exception "Exception" library bases [@builtins.BaseException] mro [@builtins.Exception, @builtins.BaseException, @builtins.object] {
  }
  py.class @builtins.AttributeError "AttributeError" library bases [@builtins.Exception] mro [@builtins.AttributeError, @builtins.Exception, @builtins.BaseException, @builtins.object] {
  }
  py.class @"G['C']" "C" bases [@builtins.object] mro [@"G['C']", @builtins.object] {
    py.member "scale" = 2.000000e+00 : f64
  }
  py.func @f(%x: !py.object) -> !py.object
      attributes {argcount = 1 : i64, cellvars = [], flags = #py.code_flags<optimized | newlocals>,
                  freevars = [], kwonlyargcount = 0 : i64, posonlyargcount = 0 : i64,
                  qualname = "f", varnames = ["x"]} {
    %load = py.load_global "C"
    %cls = tg.guard_id %load at "G['C']" is @"G['C']" : !py.object -> !py.object
    %doc = py.getattr %cls["__doc__"]
    %a = py.getattr %cls["missing"]
    py.unwind_br ^bb1 unwind ^bb2
  ^bb1:
    %t = py.build_tuple(%doc, %a)
    py.return %t
  ^bb2:
    %pad = py.landing_pad
    py.return %doc
  }
}

// -----

// `Fn.apply(x, c)` of a torch.autograd.Function where `x` requires no grad:
// `Fn.forward(ctx, x, c)` with a fresh context whose `needs_input_grad` is
// all False and whose `saved_tensors` is empty. With an input that requires
// grad, the context also starts with nothing saved and nothing marked
// non-differentiable, and the forward's result goes to `py.autograd_apply`,
// which traces the backward. On a context, `save_for_backward(x)` stores
// `to_save` (read back here) and `mark_dirty()` does nothing: both return
// None, and the context goes.
// CHECK-LABEL: py.func @f(
// CHECK:         %[[X:.*]] = tg.guard_tensor %x at "L['x']" strides [1]
// CHECK:         %[[T:.*]] = py.tensor_object %[[X]]
// CHECK:         %[[FN:.*]] = tg.guard_id
// CHECK:         %[[CTXCLS:.*]] = py.class_ref @torch.autograd.function.FunctionCtx
// CHECK-NEXT:    %[[CTX:.*]] = py.new_object %[[CTXCLS]]
// CHECK-NEXT:    %[[NEEDS:.*]] = py.build_tuple(%[[FALSE:.*]], %[[FALSE]])
// CHECK-NEXT:    py.object_setattr %[[CTX]]["needs_input_grad"] = %[[NEEDS]]
// CHECK-NEXT:    %[[NONE:.*]] = py.build_tuple()
// CHECK-NEXT:    py.object_setattr %[[CTX]]["saved_tensors"] = %[[NONE]]
// CHECK-NEXT:    %[[FWD:.*]] = py.getattr %[[FN]]["forward"]
// CHECK-NEXT:    py.call %[[FWD]](%[[CTX]], %[[T]], %{{.*}})
// CHECK:         %[[CTXCLS2:.*]] = py.class_ref @torch.autograd.function.FunctionCtx
// CHECK-NEXT:    %[[CTX2:.*]] = py.new_object %[[CTXCLS2]]
// CHECK-NEXT:    %[[NEEDS2:.*]] = py.build_tuple(%true)
// CHECK-NEXT:    py.object_setattr %[[CTX2]]["needs_input_grad"] = %[[NEEDS2]]
// CHECK-NEXT:    %[[EMPTY:.*]] = py.build_tuple()
// CHECK-NEXT:    py.object_setattr %[[CTX2]]["saved_tensors"] = %[[EMPTY]]
// CHECK-NEXT:    py.object_setattr %[[CTX2]]["to_save"] = %[[EMPTY]]
// CHECK-NEXT:    py.object_setattr %[[CTX2]]["non_differentiable"] = %[[EMPTY]]
// CHECK-NEXT:    %[[FWD2:.*]] = py.getattr %[[FN]]["forward"]
// CHECK-NEXT:    %[[OUT:.*]] = py.call %[[FWD2]](%[[CTX2]], %[[U:.*]])
// CHECK-NEXT:    %[[R2:.*]] = py.autograd_apply %[[FN]] ctx %[[CTX2]] forward %[[OUT]] args(%[[U]])
// CHECK-NEXT:    %[[SAVED:.*]] = py.build_tuple(%[[T]])
// CHECK-NEXT:    py.build_tuple(%{{.*}}, %[[R2]], %[[N:.*]], %[[N]], %[[SAVED]])
module attributes {py.entry = @f, py.inputs = []} {
  py.globals {
    py.global "Fn" = #py.ref<@"G['Fn']">
  }
  py.class @builtins.object "object" library bases [] mro [@builtins.object] {
  }
  py.class @torch.autograd.Function "Function" library bases [@builtins.object] mro [@torch.autograd.Function, @builtins.object] {
  }
  py.class @torch.autograd.function.FunctionCtx "FunctionCtx" library bases [@builtins.object] mro [@torch.autograd.function.FunctionCtx, @builtins.object] {
  }
  py.class @"G['Fn']" "Fn" bases [@torch.autograd.Function] mro [@"G['Fn']", @torch.autograd.Function, @builtins.object] {
    py.member "forward" = #py.staticmethod<#py.function<@Fn.forward>>
  }
  py.func @f(%x: !py.object, %y: !py.object) -> !py.object
      attributes {argcount = 2 : i64, cellvars = [], flags = #py.code_flags<optimized | newlocals>,
                  freevars = [], kwonlyargcount = 0 : i64, posonlyargcount = 0 : i64,
                  qualname = "f", varnames = ["x", "y"]} {
    %gx = tg.guard_tensor %x at "L['x']" strides [1] : !py.object -> tensor<4xf32>
    %t = py.tensor_object %gx : tensor<4xf32>
    %gy = tg.guard_tensor %y at "L['y']" strides [1] requires_grad : !py.object -> tensor<4xf32>
    %u = py.tensor_object %gy : tensor<4xf32>
    %load = py.load_global "Fn"
    %fn = tg.guard_id %load at "G['Fn']" is @"G['Fn']" : !py.object -> !py.object
    %apply = py.getattr %fn["apply"]
    %c = py.constant 2.000000e+00 : f64
    %r = py.call %apply(%t, %c)
    %apply2 = py.getattr %fn["apply"]
    %r2 = py.call %apply2(%u)
    %ctxcls = py.class_ref @torch.autograd.function.FunctionCtx
    %ctx = py.new_object %ctxcls
    %save = py.getattr %ctx["save_for_backward"]
    %s = py.call %save(%t)
    %dirty = py.getattr %ctx["mark_dirty"]
    %d = py.call %dirty()
    %saved = py.getattr %ctx["to_save"]
    %rt = py.build_tuple(%r, %r2, %s, %d, %saved)
    py.return %rt
  }
  py.func @Fn.forward(%ctx: !py.object, %a: !py.object, %c: !py.object) -> !py.object
      attributes {argcount = 3 : i64, cellvars = [], flags = #py.code_flags<optimized | newlocals>,
                  freevars = [], kwonlyargcount = 0 : i64, posonlyargcount = 0 : i64,
                  qualname = "Fn.forward", varnames = ["ctx", "a", "c"]} {
    py.return %a
  }
}

// -----

// An exception in the args of another is formatted where nothing reached it
// through the other since: `str(ValueError(KeyError('k')))` is the str of
// the KeyError. Once code the capture does not know (`h(outer)`) has seen
// the outer one, it could have changed the inner one, and the text is left
// to run.
// CHECK-LABEL: py.func @f(
// CHECK-DAG:     %[[S:.*]] = py.constant "'k'"
// CHECK-DAG:     %[[R:.*]] = py.constant "ValueError(KeyError('k'), 2)"
// CHECK:         %[[INNER:.*]] = py.new_object
// CHECK:         %[[OUTER:.*]] = py.new_object
// CHECK:         py.call %{{.*}}(%[[OUTER]])
// CHECK-NEXT:    %[[LATE:.*]] = py.call %{{.*}}(%[[INNER]])
// CHECK-NEXT:    py.build_tuple(%[[S]], %[[R]], %[[LATE]])
module attributes {py.entry = @f, py.inputs = []} {
  py.globals {
  }
  py.class @builtins.object "object" library bases [] mro [@builtins.object] {
  }
  py.class @builtins.BaseException "BaseException" library bases [@builtins.object] mro [@builtins.BaseException, @builtins.object] {
  }
  py.class @builtins.Exception "Exception" library bases [@builtins.BaseException] mro [@builtins.Exception, @builtins.BaseException, @builtins.object] {
  }
  py.class @builtins.ValueError "ValueError" library bases [@builtins.Exception] mro [@builtins.ValueError, @builtins.Exception, @builtins.BaseException, @builtins.object] {
  }
  py.class @builtins.LookupError "LookupError" library bases [@builtins.Exception] mro [@builtins.LookupError, @builtins.Exception, @builtins.BaseException, @builtins.object] {
  }
  py.class @builtins.KeyError "KeyError" library bases [@builtins.LookupError] mro [@builtins.KeyError, @builtins.LookupError, @builtins.Exception, @builtins.BaseException, @builtins.object] {
  }
  py.func @f() -> !py.object
      attributes {argcount = 0 : i64, cellvars = [], flags = #py.code_flags<optimized | newlocals>,
                  freevars = [], kwonlyargcount = 0 : i64, posonlyargcount = 0 : i64,
                  qualname = "f", varnames = []} {
    %k = py.constant "k"
    %c2 = py.constant #py.int<2>
    %kcls = py.class_ref @builtins.KeyError
    %inner = py.new_object %kcls
    %kargs = py.build_tuple(%k)
    py.exception_store %inner["args"] = %kargs
    %vcls = py.class_ref @builtins.ValueError
    %outer = py.new_object %vcls
    %vargs = py.build_tuple(%inner)
    py.exception_store %outer["args"] = %vargs
    %two = py.new_object %vcls
    %targs = py.build_tuple(%inner, %c2)
    py.exception_store %two["args"] = %targs
    %str = py.load_global "str"
    %s = py.call %str(%outer)
    %repr = py.load_global "repr"
    %r = py.call %repr(%two)
    %h = py.load_global "h"
    %u = py.call %h(%outer)
    %late = py.call %str(%inner)
    %t = py.build_tuple(%s, %r, %late)
    py.return %t
  }
}

// -----

// A builtin function given keywords it takes none of, or a number of
// arguments it refuses, raises CPython's TypeError with CPython's message
// (each form: METH_O's, _PyArg_CheckPositional's, keywords first). `min`
// with a keyword, and a name a global rebinds, are left alone.
// CHECK-LABEL: py.func @f(
// CHECK-DAG:     %[[ABS:.*]] = py.constant "abs() takes exactly one argument (2 given)"
// CHECK-DAG:     %[[GETATTR:.*]] = py.constant "getattr expected at least 2 arguments, got 1"
// CHECK-DAG:     %[[RANGE:.*]] = py.constant "range() takes no keyword arguments"
// CHECK:         py.class_ref @builtins.TypeError
// CHECK:         py.build_tuple(%[[ABS]])
// CHECK:         py.raise %{{.*}} unwind ^[[PAD:[^ ]*]]
// CHECK:       ^[[PAD]]:
// CHECK:         py.build_tuple(%[[GETATTR]])
// CHECK:         py.raise %{{.*}} unwind ^[[PAD2:[^ ]*]]
// CHECK:       ^[[PAD2]]:
// CHECK:         py.build_tuple(%[[RANGE]])
// CHECK:         py.raise %{{.*}} unwind ^[[PAD3:[^ ]*]]
// CHECK:       ^[[PAD3]]:
// CHECK:         py.call %{{.*}}(%x, key = %x)
// CHECK:         %[[LEN:.*]] = py.load_global "len"
// CHECK-NEXT:    py.call %[[LEN]]()
module attributes {py.entry = @f, py.inputs = []} {
  py.globals {
    py.global "len" = #py.int<3>
  }
  py.class @builtins.object "object" library bases [] mro [@builtins.object] {
  }
  py.class @builtins.BaseException "BaseException" library bases [@builtins.object] mro [@builtins.BaseException, @builtins.object] {
  }
  py.class @builtins.Exception "Exception" library bases [@builtins.BaseException] mro [@builtins.Exception, @builtins.BaseException, @builtins.object] {
  }
  py.class @builtins.TypeError "TypeError" library bases [@builtins.Exception] mro [@builtins.TypeError, @builtins.Exception, @builtins.BaseException, @builtins.object] {
  }
  py.func @f(%x: !py.object) -> !py.object
      attributes {argcount = 1 : i64, cellvars = [], flags = #py.code_flags<optimized | newlocals>,
                  freevars = [], kwonlyargcount = 0 : i64, posonlyargcount = 0 : i64,
                  qualname = "f", varnames = ["x"]} {
    %abs = py.load_global "abs"
    %a = py.call %abs(%x, %x)
    py.unwind_br ^bb1 unwind ^bb2
  ^bb1:
    py.return %a
  ^bb2:
    %pad = py.landing_pad
    %getattr = py.load_global "getattr"
    %g = py.call %getattr(%x)
    py.unwind_br ^bb3 unwind ^bb4
  ^bb3:
    py.return %g
  ^bb4:
    %pad2 = py.landing_pad
    %range = py.load_global "range"
    %c3 = py.constant #py.int<3>
    %r = py.call %range(stop = %c3)
    py.unwind_br ^bb5 unwind ^bb6
  ^bb5:
    py.return %r
  ^bb6:
    %pad3 = py.landing_pad
    %min = py.load_global "min"
    %m = py.call %min(%x, key = %x)
    %len = py.load_global "len"
    %l = py.call %len()
    %t = py.build_tuple(%m, %l)
    py.return %t
  }
}

// -----

// An operator on builtin values whose types lack it raises CPython's
// TypeError: abstract.c's "unsupported operand type(s)", a sequence's
// concatenation, rich comparison's ordering, a unary operator. An operand
// whose type is not certain (an argument) or whose class may define the
// operator (a tensor) leaves the operator to run.
// CHECK-LABEL: py.func @f(
// CHECK-DAG:     %[[ADD:.*]] = py.constant "unsupported operand type(s) for +=: 'NoneType' and 'int'"
// CHECK-DAG:     %[[CAT:.*]] = py.constant "can only concatenate tuple (not \22str\22) to tuple"
// CHECK-DAG:     %[[LT:.*]] = py.constant "'<' not supported between instances of 'str' and 'float'"
// CHECK-DAG:     %[[NEG:.*]] = py.constant "bad operand type for unary -: 'str'"
// CHECK:         py.build_tuple(%[[ADD]])
// CHECK:         py.raise %{{.*}} unwind ^[[PAD:[^ ]*]]
// CHECK:       ^[[PAD]]:
// CHECK:         py.build_tuple(%[[CAT]])
// CHECK:         py.raise %{{.*}} unwind ^[[PAD2:[^ ]*]]
// CHECK:       ^[[PAD2]]:
// CHECK:         py.build_tuple(%[[LT]])
// CHECK:         py.raise %{{.*}} unwind ^[[PAD3:[^ ]*]]
// CHECK:       ^[[PAD3]]:
// CHECK:         py.build_tuple(%[[NEG]])
// CHECK:         py.raise %{{.*}} unwind ^[[PAD4:[^ ]*]]
// CHECK:       ^[[PAD4]]:
// CHECK-NEXT:    py.landing_pad
// CHECK-NEXT:    tg.guard_tensor
// CHECK-NEXT:    py.tensor_object
// CHECK-NEXT:    py.binop add %x, %{{.*}}
// CHECK-NEXT:    py.binop mul %{{.*}}, %{{.*}}
// CHECK-NEXT:    py.build_tuple
module attributes {py.entry = @f, py.inputs = []} {
  py.globals {
  }
  py.class @builtins.object "object" library bases [] mro [@builtins.object] {
  }
  py.class @builtins.BaseException "BaseException" library bases [@builtins.object] mro [@builtins.BaseException, @builtins.object] {
  }
  py.class @builtins.Exception "Exception" library bases [@builtins.BaseException] mro [@builtins.Exception, @builtins.BaseException, @builtins.object] {
  }
  py.class @builtins.TypeError "TypeError" library bases [@builtins.Exception] mro [@builtins.TypeError, @builtins.Exception, @builtins.BaseException, @builtins.object] {
  }
  py.func @f(%x: !py.object, %y: !py.object) -> !py.object
      attributes {argcount = 2 : i64, cellvars = [], flags = #py.code_flags<optimized | newlocals>,
                  freevars = [], kwonlyargcount = 0 : i64, posonlyargcount = 0 : i64,
                  qualname = "f", varnames = ["x", "y"]} {
    %none = py.constant #py.none
    %c1 = py.constant #py.int<1>
    %a = py.binop iadd %none, %c1
    py.unwind_br ^bb1 unwind ^bb2
  ^bb1:
    py.return %a
  ^bb2:
    %pad = py.landing_pad
    %t = py.constant [#py.int<1>]
    %s = py.constant "s"
    %b = py.binop add %t, %s
    py.unwind_br ^bb3 unwind ^bb4
  ^bb3:
    py.return %b
  ^bb4:
    %pad2 = py.landing_pad
    %f = py.constant 2.5 : f64
    %c = py.compare lt %s, %f
    py.unwind_br ^bb5 unwind ^bb6
  ^bb5:
    py.return %c
  ^bb6:
    %pad3 = py.landing_pad
    %n = py.unary neg %s
    py.unwind_br ^bb7 unwind ^bb8
  ^bb7:
    py.return %n
  ^bb8:
    %pad4 = py.landing_pad
    %gy = tg.guard_tensor %y at "L['y']" strides [1] : !py.object -> tensor<4xf32>
    %ty = py.tensor_object %gy : tensor<4xf32>
    %d = py.binop add %x, %s
    %e = py.binop mul %ty, %s
    %r = py.build_tuple(%d, %e)
    py.return %r
  }
}

// -----

// What CPython refuses of a builtin value whatever the other operands:
// calling None, subscripting an int, storing into a tuple, deleting from a
// str by an index (a sequence's own message), iterating a float, unpacking a
// tuple into fewer targets; and `int()` of a str that is no number, or of
// None. The unpacking of a list display, which may have changed since it
// was built, is left to run.
// CHECK-LABEL: py.func @f(
// CHECK-DAG:     %[[CALL:.*]] = py.constant "'NoneType' object is not callable"
// CHECK-DAG:     %[[SUB:.*]] = py.constant "'int' object is not subscriptable"
// CHECK-DAG:     %[[SET:.*]] = py.constant "'tuple' object does not support item assignment"
// CHECK-DAG:     %[[DEL:.*]] = py.constant "'str' object doesn't support item deletion"
// CHECK-DAG:     %[[ITER:.*]] = py.constant "'float' object is not iterable"
// CHECK-DAG:     %[[MANY:.*]] = py.constant "too many values to unpack (expected 1)"
// CHECK-DAG:     %[[LIT:.*]] = py.constant "invalid literal for int() with base 10: '1x'"
// CHECK-DAG:     %[[ARG:.*]] = py.constant "int() argument must be a string, a bytes-like object or a real number, not 'NoneType'"
// CHECK:         py.build_tuple(%[[CALL]])
// CHECK:         py.build_tuple(%[[SUB]])
// CHECK:         py.build_tuple(%[[SET]])
// CHECK:         py.build_tuple(%[[DEL]])
// CHECK:         py.build_tuple(%[[ITER]])
// CHECK:         py.class_ref @builtins.ValueError
// CHECK:         py.build_tuple(%[[MANY]])
// CHECK:         py.class_ref @builtins.ValueError
// CHECK:         py.build_tuple(%[[LIT]])
// CHECK:         py.build_tuple(%[[ARG]])
// CHECK:         py.raise %{{.*}} unwind ^[[LAST:[^ ]*]]
// CHECK:       ^[[LAST]]:
// CHECK-NEXT:    py.landing_pad
// CHECK-NEXT:    py.build_list
// CHECK-NEXT:    py.unpack_sequence
module attributes {py.entry = @f, py.inputs = []} {
  py.globals {
  }
  py.class @builtins.object "object" library bases [] mro [@builtins.object] {
  }
  py.class @builtins.BaseException "BaseException" library bases [@builtins.object] mro [@builtins.BaseException, @builtins.object] {
  }
  py.class @builtins.Exception "Exception" library bases [@builtins.BaseException] mro [@builtins.Exception, @builtins.BaseException, @builtins.object] {
  }
  py.class @builtins.TypeError "TypeError" library bases [@builtins.Exception] mro [@builtins.TypeError, @builtins.Exception, @builtins.BaseException, @builtins.object] {
  }
  py.class @builtins.ValueError "ValueError" library bases [@builtins.Exception] mro [@builtins.ValueError, @builtins.Exception, @builtins.BaseException, @builtins.object] {
  }
  py.func @f(%x: !py.object) -> !py.object
      attributes {argcount = 1 : i64, cellvars = [], flags = #py.code_flags<optimized | newlocals>,
                  freevars = [], kwonlyargcount = 0 : i64, posonlyargcount = 0 : i64,
                  qualname = "f", varnames = ["x"]} {
    %none = py.constant #py.none
    %c0 = py.constant #py.int<0>
    %r0 = py.call %none(%x)
    py.unwind_br ^bb1 unwind ^bb2
  ^bb1:
    py.return %r0
  ^bb2:
    %p1 = py.landing_pad
    %c5 = py.constant #py.int<5>
    %r1 = py.getitem %c5[%c0]
    py.unwind_br ^bb3 unwind ^bb4
  ^bb3:
    py.return %r1
  ^bb4:
    %p2 = py.landing_pad
    %t = py.build_tuple(%x)
    py.setitem %t[%c0] = %x
    py.unwind_br ^bb5 unwind ^bb6
  ^bb5:
    py.return %x
  ^bb6:
    %p3 = py.landing_pad
    %s = py.constant "ab"
    py.delitem %s[%c0]
    py.unwind_br ^bb7 unwind ^bb8
  ^bb7:
    py.return %x
  ^bb8:
    %p4 = py.landing_pad
    %f = py.constant 2.5 : f64
    %it = py.get_iter %f
    py.unwind_br ^bb9 unwind ^bb10
  ^bb9:
    py.return %it
  ^bb10:
    %p5 = py.landing_pad
    %pair = py.constant [#py.int<1>, #py.int<2>]
    %one = py.unpack_sequence %pair, 1
    py.unwind_br ^bb11 unwind ^bb12
  ^bb11:
    py.return %one
  ^bb12:
    %p6 = py.landing_pad
    %int = py.load_global "int"
    %bad = py.constant "1x"
    %n = py.call %int(%bad)
    py.unwind_br ^bb13 unwind ^bb14
  ^bb13:
    py.return %n
  ^bb14:
    %p7 = py.landing_pad
    %m = py.call %int(%none)
    py.unwind_br ^bb15 unwind ^bb16
  ^bb15:
    py.return %m
  ^bb16:
    %p8 = py.landing_pad
    %l = py.build_list(%x)
    %u:2 = py.unpack_sequence %l, 2
    %r = py.build_tuple(%u#0, %u#1)
    py.return %r
  }
}

// -----

// Builtins given arguments of types they refuse whatever the values, and a
// dict display with a list display as a key. `min()` of an empty sequence
// says it as the module's CPython does (3.12 changed the message).
// CHECK-LABEL: py.func @f(
// CHECK-DAG:     %[[ABS:.*]] = py.constant "bad operand type for abs(): 'str'"
// CHECK-DAG:     %[[RANGE:.*]] = py.constant "'float' object cannot be interpreted as an integer"
// CHECK-DAG:     %[[MIN:.*]] = py.constant "min() arg is an empty sequence"
// CHECK-DAG:     %[[HASH:.*]] = py.constant "unhashable type: 'list'"
// CHECK:         py.build_tuple(%[[ABS]])
// CHECK:         py.build_tuple(%[[RANGE]])
// CHECK:         py.class_ref @builtins.ValueError
// CHECK:         py.build_tuple(%[[MIN]])
// CHECK:         py.build_tuple(%[[HASH]])
module attributes {py.entry = @f, py.inputs = [], py.version = "3.11"} {
  py.globals {
  }
  py.class @builtins.object "object" library bases [] mro [@builtins.object] {
  }
  py.class @builtins.BaseException "BaseException" library bases [@builtins.object] mro [@builtins.BaseException, @builtins.object] {
  }
  py.class @builtins.Exception "Exception" library bases [@builtins.BaseException] mro [@builtins.Exception, @builtins.BaseException, @builtins.object] {
  }
  py.class @builtins.TypeError "TypeError" library bases [@builtins.Exception] mro [@builtins.TypeError, @builtins.Exception, @builtins.BaseException, @builtins.object] {
  }
  py.class @builtins.ValueError "ValueError" library bases [@builtins.Exception] mro [@builtins.ValueError, @builtins.Exception, @builtins.BaseException, @builtins.object] {
  }
  py.func @f(%x: !py.object) -> !py.object
      attributes {argcount = 1 : i64, cellvars = [], flags = #py.code_flags<optimized | newlocals>,
                  freevars = [], kwonlyargcount = 0 : i64, posonlyargcount = 0 : i64,
                  qualname = "f", varnames = ["x"]} {
    %abs = py.load_global "abs"
    %s = py.constant "s"
    %r0 = py.call %abs(%s)
    py.unwind_br ^bb1 unwind ^bb2
  ^bb1:
    py.return %r0
  ^bb2:
    %p1 = py.landing_pad
    %range = py.load_global "range"
    %c0 = py.constant #py.int<0>
    %f = py.constant 1.5 : f64
    %r1 = py.call %range(%c0, %f)
    py.unwind_br ^bb3 unwind ^bb4
  ^bb3:
    py.return %r1
  ^bb4:
    %p2 = py.landing_pad
    %min = py.load_global "min"
    %empty = py.constant []
    %r2 = py.call %min(%empty)
    py.unwind_br ^bb5 unwind ^bb6
  ^bb5:
    py.return %r2
  ^bb6:
    %p3 = py.landing_pad
    %l = py.build_list(%x)
    %d = py.build_dict(%l : %x)
    py.return %d
  }
}

// -----

// CHECK-LABEL: py.func @f(
// CHECK:         py.constant "max() iterable argument is empty"
module attributes {py.entry = @f, py.inputs = [], py.version = "3.12"} {
  py.globals {
  }
  py.class @builtins.object "object" library bases [] mro [@builtins.object] {
  }
  py.class @builtins.BaseException "BaseException" library bases [@builtins.object] mro [@builtins.BaseException, @builtins.object] {
  }
  py.class @builtins.Exception "Exception" library bases [@builtins.BaseException] mro [@builtins.Exception, @builtins.BaseException, @builtins.object] {
  }
  py.class @builtins.ValueError "ValueError" library bases [@builtins.Exception] mro [@builtins.ValueError, @builtins.Exception, @builtins.BaseException, @builtins.object] {
  }
  py.func @f() -> !py.object
      attributes {argcount = 0 : i64, cellvars = [], flags = #py.code_flags<optimized | newlocals>,
                  freevars = [], kwonlyargcount = 0 : i64, posonlyargcount = 0 : i64,
                  qualname = "f", varnames = []} {
    %max = py.load_global "max"
    %empty = py.constant ""
    %r = py.call %max(%empty)
    py.return %r
  }
}
