// RUN: dynamir-opt %s --py-resolve-super --verify-each --split-input-file | FileCheck %s

// super(Child, c) on an instance: a constant found after Child is itself
// under CONSTANT_MATCH on `type(G['c']).__mro__[i].k`, a class under
// ID_MATCH; object.__init__() is None; 3.11's two-argument call is the one
// form; functions are the inliner's; a name no class after Child has stays.
// CHECK-LABEL: py.func @f(
// CHECK-DAG:     %[[NONE:.*]] = py.constant #py.none
// CHECK-DAG:     %[[TWO:.*]] = py.constant #py.int<2>
// CHECK-DAG:     %[[C:.*]] = tg.guard_id %{{.*}} at "G['c']" is @"G['c']"
// CHECK-DAG:     %[[CLS:.*]] = py.class_ref @"G['Child']"
// CHECK:         %[[S:.*]] = py.super %{{.*}}(%[[CLS]], %[[C]]) zero_arg
// CHECK-NEXT:    %[[K:.*]] = py.getattr %[[S]]["k"]
// CHECK-NEXT:    %[[GK:.*]] = tg.guard_constant %[[K]] at "type(G['c']).__mro__[2].k" equals(#py.int<2>)
// CHECK-NEXT:    tg.assume %[[GK]]
// CHECK-NEXT:    %[[M:.*]] = py.getattr %[[S]]["kind"]
// CHECK-NEXT:    %[[GM:.*]] = tg.guard_id %[[M]] at "type(G['c']).__mro__[1].kind" is @"G['Base']"
// CHECK-NEXT:    %[[F:.*]] = py.getattr %[[S]]["f"]
// CHECK-NEXT:    %[[MISSING:.*]] = py.getattr %[[S]]["missing"]
// CHECK-NEXT:    %[[S2:.*]] = py.super %{{.*}}(%[[CLS]], %[[C]]){{$}}
// CHECK-NEXT:    %[[K2:.*]] = py.getattr %[[S2]]["k"]
// CHECK-NEXT:    tg.guard_constant %[[K2]] at "type(G['c']).__mro__[2].k"
// CHECK-NEXT:    tg.assume
// CHECK-NEXT:    py.build_tuple(%[[TWO]], %[[GM]], %[[F]], %[[MISSING]], %[[TWO]], %[[NONE]])
module attributes {py.entry = @f, py.inputs = []} {
  py.globals {
    py.global "c" = #py.ref<@"G['c']">
  }
  py.class @builtins.object "object" library bases [] mro [@builtins.object] {
  }
  py.class @"G['Base']" "Base" bases [@builtins.object] mro [@"G['Base']", @builtins.object] {
    py.member "k" = #py.int<2>
    py.member "f" = #py.function<@f>
  }
  py.class @"G['Mid']" "Mid" bases [@"G['Base']"] mro [@"G['Mid']", @"G['Base']", @builtins.object] {
    py.member "kind" = #py.ref<@"G['Base']">
  }
  py.class @"G['Child']" "Child" bases [@"G['Mid']"] mro [@"G['Child']", @"G['Mid']", @"G['Base']", @builtins.object] {
    py.member "k" = #py.int<5>
  }
  py.object @"G['c']" : @"G['Child']" {
  }
  py.func @f() -> !py.object
      attributes {argcount = 0 : i64, cellvars = [], flags = #py.code_flags<optimized | newlocals>,
                  freevars = [], kwonlyargcount = 0 : i64, posonlyargcount = 0 : i64,
                  qualname = "f", varnames = []} {
    %super = py.load_global "super"
    %c = py.load_global "c"
    %gc = tg.guard_id %c at "G['c']" is @"G['c']" : !py.object -> !py.object
    %cls = py.class_ref @"G['Child']"
    %s = py.super %super(%cls, %gc) zero_arg
    %k = py.getattr %s["k"]
    %kind = py.getattr %s["kind"]
    %fn = py.getattr %s["f"]
    %missing = py.getattr %s["missing"]
    %unused = py.getattr %s["k"]
    %s2 = py.call %super(%cls, %gc)
    %k2 = py.getattr %s2["k"]
    %init = py.getattr %s["__init__"]
    %none = py.call %init()
    %r = py.build_tuple(%k, %kind, %fn, %missing, %k2, %none)
    py.return %r
  }
}

// -----

// `T` not in the MRO of type(obj) (CPython's TypeError), a `super` that is
// not the builtin, and a library class's namespace on the way stay.
// CHECK-LABEL: py.func @g(
// CHECK-COUNT-3: py.super
// CHECK-NOT:     tg.guard_constant
// CHECK:         py.return
module attributes {py.entry = @g, py.inputs = []} {
  py.globals {
    py.global "c" = #py.ref<@"G['c']">
    py.global "super" = #py.int<1>
  }
  py.class @builtins.object "object" library bases [] mro [@builtins.object] {
  }
  py.class @torch.nn.Module "Module" library bases [@builtins.object] mro [@torch.nn.Module, @builtins.object] {
  }
  py.class @"G['Other']" "Other" bases [@builtins.object] mro [@"G['Other']", @builtins.object] {
    py.member "k" = #py.int<2>
  }
  py.class @"G['Net']" "Net" bases [@torch.nn.Module] mro [@"G['Net']", @torch.nn.Module, @builtins.object] {
  }
  py.object @"G['c']" : @"G['Net']" {
  }
  py.func @g() -> !py.object
      attributes {argcount = 0 : i64, cellvars = [], flags = #py.code_flags<optimized | newlocals>,
                  freevars = [], kwonlyargcount = 0 : i64, posonlyargcount = 0 : i64,
                  qualname = "g", varnames = []} {
    %super = py.load_global "super"
    %c = py.load_global "c"
    %gc = tg.guard_id %c at "G['c']" is @"G['c']" : !py.object -> !py.object
    %other = py.class_ref @"G['Other']"
    %net = py.class_ref @"G['Net']"
    %s1 = py.super %super(%other, %gc)
    %k1 = py.getattr %s1["k"]
    %s2 = py.super %super(%net, %gc)
    %k2 = py.getattr %s2["training"]
    %s3 = py.super %super(%net, %gc) zero_arg
    %k3 = py.getattr %s3["k"]
    %r = py.build_tuple(%k1, %k2, %k3)
    py.return %r
  }
}

// -----

// super() on an instance the region made of a list subclass: the builtin's
// methods are its contents' (Dynamo's UserDefinedListVariable forwards to
// its list); `list.__init__` clears and extends the contents;
// `tuple.__new__` makes an instance whose contents are the tuple given.
// The classmethod `fromkeys` and the in-place `__iadd__`, which would see
// the class or return the instance, stay; `__getattribute__`, list's being
// object's generic one, is the plain read.
// CHECK-LABEL: py.func @f(
// CHECK-SAME:      %[[X:[^:]*]]: !py.object
// CHECK:         %[[ITEMS:.*]] = py.build_list()
// CHECK-NEXT:    %[[O:.*]] = py.new_object %[[S:.*]] contents %[[ITEMS]]
// CHECK:         %[[GET:.*]] = py.getattr %[[ITEMS]]["__getitem__"]
// CHECK-NEXT:    %[[FIRST:.*]] = py.call %[[GET]](%{{.*}})
// CHECK-NEXT:    %[[APPEND:.*]] = py.getattr %[[ITEMS]]["append"]
// CHECK-NEXT:    py.call %[[APPEND]](%[[X]])
// CHECK-NEXT:    %[[CLEAR:.*]] = py.getattr %[[ITEMS]]["clear"]
// CHECK-NEXT:    py.call %[[CLEAR]]()
// CHECK-NEXT:    py.list_extend %[[ITEMS]], %[[X]]
// CHECK:         %[[IADD:.*]] = py.getattr %{{.*}}["__iadd__"]
// CHECK:         %[[TAG:.*]] = py.getattr %[[O]]["tag"]
// CHECK:         %[[PAIR:.*]] = py.build_tuple(%[[X]])
// CHECK-NEXT:    %[[T:.*]] = py.new_object %[[P:.*]] contents %[[PAIR]]
// CHECK:         py.getattr %{{.*}}["fromkeys"]
module attributes {py.entry = @f, py.inputs = []} {
  py.globals {
  }
  py.class @builtins.object "object" library bases [] mro [@builtins.object] {
  }
  py.class @builtins.list "list" library bases [@builtins.object] mro [@builtins.list, @builtins.object] {
  }
  py.class @builtins.tuple "tuple" library bases [@builtins.object] mro [@builtins.tuple, @builtins.object] {
  }
  py.class @builtins.dict "dict" library bases [@builtins.object] mro [@builtins.dict, @builtins.object] {
  }
  py.class @"G['S']" "S" bases [@builtins.list] mro [@"G['S']", @builtins.list, @builtins.object] {
  }
  py.class @"G['P']" "P" bases [@builtins.tuple] mro [@"G['P']", @builtins.tuple, @builtins.object] {
  }
  py.class @"G['D']" "D" bases [@builtins.dict] mro [@"G['D']", @builtins.dict, @builtins.object] {
  }
  py.func @f(%x: !py.object) -> !py.object
      attributes {argcount = 1 : i64, cellvars = [], flags = #py.code_flags<optimized | newlocals>,
                  freevars = [], kwonlyargcount = 0 : i64, posonlyargcount = 0 : i64,
                  qualname = "f", varnames = ["x"]} {
    %super = py.load_global "super"
    %s = py.class_ref @"G['S']"
    %items = py.build_list()
    %o = py.new_object %s contents %items
    %sup = py.super %super(%s, %o)
    %get = py.getattr %sup["__getitem__"]
    %zero = py.constant #py.int<0>
    %first = py.call %get(%zero)
    %append = py.getattr %sup["append"]
    %none = py.call %append(%x)
    %init = py.getattr %sup["__init__"]
    %none2 = py.call %init(%x)
    %iadd = py.getattr %sup["__iadd__"]
    %same = py.call %iadd(%x)
    %ga = py.getattr %sup["__getattribute__"]
    %tagName = py.constant "tag"
    %tag = py.call %ga(%tagName)
    %p = py.class_ref @"G['P']"
    %psup = py.super %super(%p, %p)
    %new = py.getattr %psup["__new__"]
    %pair = py.build_tuple(%x)
    %t = py.call %new(%p, %pair)
    %d = py.class_ref @"G['D']"
    %contents = py.build_dict()
    %do = py.new_object %d contents %contents
    %dsup = py.super %super(%d, %do)
    %fromkeys = py.getattr %dsup["fromkeys"]
    %r = py.build_tuple(%first, %same, %t, %fromkeys, %tag)
    py.return %r
  }
}
