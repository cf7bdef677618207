// RUN: dynamir-opt %s --py-inline-functions --verify-each --split-input-file | FileCheck %s

// A call of a global the module binds to a `def` becomes its body, with the
// arguments bound as Python binds them and the defaults of the `def`, under
// an assumed CLOSURE_MATCH on the global; a second call reuses the guard.

// CHECK-LABEL: py.func @f(%x: !py.object)
// CHECK:         %[[H:.*]] = py.load_global "helper"
// CHECK-NEXT:    %[[G:.*]] = tg.guard_closure %[[H]] at "G['helper']" code @helper
// CHECK-NEXT:    tg.assume %[[G]]
// CHECK:         %[[D:.*]] = py.constant 2.000000e+00 : f64
// CHECK-NEXT:    %[[A:.*]] = py.binop mul %x, %[[D]]
// CHECK:         %[[C3:.*]] = py.constant #py.int<3>
// CHECK-NEXT:    %[[B:.*]] = py.binop mul %x, %[[C3]]
// CHECK-NEXT:    %[[S:.*]] = py.binop add %[[A]], %[[B]]
// CHECK-NEXT:    py.return %[[S]]
// CHECK-NOT:     py.call
module attributes {py.entry = @f, py.inputs = [], py.module = @"<module>"} {
  // What py-build-environment makes of the module body below.
  py.globals {
    py.global "helper" = #py.function<@helper defaults [2.000000e+00]>
  }
  py.func @"<module>"() -> !py.object
      attributes {argcount = 0 : i64, cellvars = [], flags = #py.code_flags<none>, freevars = [],
                  kwonlyargcount = 0 : i64, posonlyargcount = 0 : i64, qualname = "<module>", varnames = []} {
    %d = py.constant [2.0 : f64]
    %h = py.make_function @helper defaults %d
    py.store_name "helper", %h
    %none = py.constant #py.none
    py.return %none
  }
  py.func @helper(%x: !py.object, %scale: !py.object) -> !py.object
      attributes {argcount = 2 : i64, cellvars = [], flags = #py.code_flags<optimized | newlocals>, freevars = [],
                  kwonlyargcount = 0 : i64, posonlyargcount = 0 : i64, qualname = "helper", varnames = ["x", "scale"]} {
    %0 = py.binop mul %x, %scale
    py.return %0
  }
  py.func @f(%x: !py.object) -> !py.object
      attributes {argcount = 1 : i64, cellvars = [], flags = #py.code_flags<optimized | newlocals>, freevars = [],
                  kwonlyargcount = 0 : i64, posonlyargcount = 0 : i64, qualname = "f", varnames = ["x"]} {
    %h = py.load_global "helper"
    %0 = py.call %h(%x)
    %h2 = py.load_global "helper"
    %c3 = py.constant #py.int<3>
    %1 = py.call %h2(%x, scale = %c3)
    %2 = py.binop add %0, %1
    py.return %2
  }
}

// -----

// A body of several blocks: its returns branch to the continuation, which
// receives the result as a block argument; locations say where it was called.
// CHECK-LABEL: py.func @g(%x: !py.object)
// CHECK:         cf.cond_br %{{.*}}, ^[[THEN:.*]], ^[[ELSE:.*]]
// CHECK:       ^[[THEN]]:
// CHECK:         cf.br ^[[JOIN:.*]](%x : !py.object)
// CHECK:       ^[[ELSE]]:
// CHECK:         %[[N:.*]] = py.unary neg %x
// CHECK:         cf.br ^[[JOIN]](%[[N]] : !py.object)
// CHECK:       ^[[JOIN]](%[[R:.*]]: !py.object):
// CHECK:         py.return %[[R]]
module attributes {py.entry = @g, py.inputs = [], py.module = @"<module>"} {
  // What py-build-environment makes of the module body below.
  py.globals {
    py.global "absolute" = #py.function<@absolute>
  }
  py.func @"<module>"() -> !py.object
      attributes {argcount = 0 : i64, cellvars = [], flags = #py.code_flags<none>, freevars = [],
                  kwonlyargcount = 0 : i64, posonlyargcount = 0 : i64, qualname = "<module>", varnames = []} {
    %a = py.make_function @absolute
    py.store_name "absolute", %a
    %none = py.constant #py.none
    py.return %none
  }
  py.func @absolute(%v: !py.object) -> !py.object
      attributes {argcount = 1 : i64, cellvars = [], flags = #py.code_flags<optimized | newlocals>, freevars = [],
                  kwonlyargcount = 0 : i64, posonlyargcount = 0 : i64, qualname = "absolute", varnames = ["v"]} {
    %zero = py.constant #py.int<0>
    %c = py.compare ge %v, %zero
    %t = py.truth %c
    cf.cond_br %t, ^bb1, ^bb2
  ^bb1:
    py.return %v
  ^bb2:
    %n = py.unary neg %v
    py.return %n
  }
  py.func @g(%x: !py.object) -> !py.object
      attributes {argcount = 1 : i64, cellvars = [], flags = #py.code_flags<optimized | newlocals>, freevars = [],
                  kwonlyargcount = 0 : i64, posonlyargcount = 0 : i64, qualname = "g", varnames = ["x"]} {
    %a = py.load_global "absolute"
    %0 = py.call %a(%x)
    py.return %0
  }
}

// -----

// Left alone: missing or unknown arguments, and positional-only
// parameters passed by keyword. A `*args` function binds the rest of the
// arguments to a tuple; a global bound twice has its last value; a call
// inside a try is inlined too (its body is under the try's handler).
// CHECK-LABEL: py.func @k(
// CHECK:         %[[ARGS:.*]] = py.build_tuple(%x)
// CHECK-COUNT-4: py.call
// CHECK:         cf.br
// CHECK-NOT:     py.call
// CHECK:         py.unwind_br
// CHECK:         py.build_tuple(%[[ARGS]], {{.*}}, %x, %x)
module attributes {py.entry = @k, py.inputs = [], py.module = @"<module>"} {
  // What py-build-environment makes of the module body below.
  py.globals {
    py.global "variadic" = #py.function<@variadic>
    py.global "one" = #py.function<@one>
    py.global "posonly" = #py.function<@posonly>
    py.global "twice" = #py.function<@one>
  }
  py.func @"<module>"() -> !py.object
      attributes {argcount = 0 : i64, cellvars = [], flags = #py.code_flags<none>, freevars = [],
                  kwonlyargcount = 0 : i64, posonlyargcount = 0 : i64, qualname = "<module>", varnames = []} {
    %va = py.make_function @variadic
    py.store_name "variadic", %va
    %one = py.make_function @one
    py.store_name "one", %one
    %po = py.make_function @posonly
    py.store_name "posonly", %po
    py.store_name "twice", %one
    py.store_name "twice", %one
    %none = py.constant #py.none
    py.return %none
  }
  py.func @variadic(%args: !py.object) -> !py.object
      attributes {argcount = 0 : i64, cellvars = [], flags = #py.code_flags<optimized | newlocals | varargs>, freevars = [],
                  kwonlyargcount = 0 : i64, posonlyargcount = 0 : i64, qualname = "variadic", varnames = ["args"]} {
    py.return %args
  }
  py.func @one(%a: !py.object) -> !py.object
      attributes {argcount = 1 : i64, cellvars = [], flags = #py.code_flags<optimized | newlocals>, freevars = [],
                  kwonlyargcount = 0 : i64, posonlyargcount = 0 : i64, qualname = "one", varnames = ["a"]} {
    py.return %a
  }
  py.func @posonly(%a: !py.object) -> !py.object
      attributes {argcount = 1 : i64, cellvars = [], flags = #py.code_flags<optimized | newlocals>, freevars = [],
                  kwonlyargcount = 0 : i64, posonlyargcount = 1 : i64, qualname = "posonly", varnames = ["a"]} {
    py.return %a
  }
  py.func @k(%x: !py.object) -> !py.object
      attributes {argcount = 1 : i64, cellvars = [], flags = #py.code_flags<optimized | newlocals>, freevars = [],
                  kwonlyargcount = 0 : i64, posonlyargcount = 0 : i64, qualname = "k", varnames = ["x"]} {
    %va = py.load_global "variadic"
    %0 = py.call %va(%x)
    %one = py.load_global "one"
    %1 = py.call %one()
    %2 = py.call %one(b = %x)
    %3 = py.call %one(%x, %x)
    %po = py.load_global "posonly"
    %4 = py.call %po(a = %x)
    %tw = py.load_global "twice"
    %5 = py.call %tw(%x)
    cf.br ^bb3
  ^bb3:
    %6 = py.call %one(%x)
    py.unwind_br ^bb1 unwind ^bb2
  ^bb1:
    %t = py.build_tuple(%0, %1, %2, %3, %4, %5, %6)
    py.return %t
  ^bb2:
    %e = py.landing_pad
    py.return %e
  }
}

// -----

// Inside a try, an inlined body's raises that it does not catch go to the
// caller's handler, and so does every block of it (and the caller's block
// before the call) whose ops may raise; the block after the call keeps the
// caller's edge. A body of one block that ends in a raise is inlined as
// blocks, its raise kept (MLIR's splicing would drop it).
// CHECK-LABEL: py.func @k(
// CHECK-SAME:      %[[X:[^:]*]]: !py.object
// CHECK:         %[[H:.*]] = py.load_global "helper"
// CHECK-NEXT:    %[[R:.*]] = py.call %[[H]](%[[X]])
// CHECK:         tg.guard_closure %{{.*}} at "G['boom']" code @boom
// CHECK:         %[[T:.*]] = py.truth %[[R]]
// CHECK-NEXT:    py.unwind_br ^[[BRANCH:.*]] unwind ^[[HANDLER:[^ ]*]]{{$}}
// CHECK-NEXT:  ^[[BRANCH]]:
// CHECK-NEXT:    cf.cond_br %[[T]], ^[[RAISE:.*]], ^[[RETURN:[^ ]*]]{{$}}
// CHECK-NEXT:  ^[[RAISE]]:
// CHECK-NEXT:    py.load_global "log"
// CHECK-NEXT:    py.call %{{.*}}(%[[R]])
// CHECK-NEXT:    py.raise %[[R]] unwind ^[[HANDLER]]{{$}}
// CHECK-NEXT:  ^[[RETURN]]:
// CHECK-NEXT:    cf.br ^[[AFTER:.*]](%[[R]] : !py.object)
// CHECK-NEXT:  ^[[AFTER]](%[[V:.*]]: !py.object):
// CHECK-NEXT:    py.unwind_br ^[[DONE:.*]] unwind ^[[HANDLER]]{{$}}
// CHECK-NEXT:  ^[[DONE]]:
// CHECK-NEXT:    py.return %[[V]]
// CHECK-NEXT:  ^[[HANDLER]]:
// CHECK-NEXT:    py.landing_pad
module attributes {py.entry = @k, py.inputs = [], py.module = @"<module>"} {
  py.globals {
    py.global "boom" = #py.function<@boom>
  }
  py.func @"<module>"() -> !py.object
      attributes {argcount = 0 : i64, cellvars = [], flags = #py.code_flags<none>, freevars = [],
                  kwonlyargcount = 0 : i64, posonlyargcount = 0 : i64, qualname = "<module>", varnames = []} {
    %b = py.make_function @boom
    py.store_name "boom", %b
    %none = py.constant #py.none
    py.return %none
  }
  py.func @boom(%a: !py.object) -> !py.object
      attributes {argcount = 1 : i64, cellvars = [], flags = #py.code_flags<optimized | newlocals>, freevars = [],
                  kwonlyargcount = 0 : i64, posonlyargcount = 0 : i64, qualname = "boom", varnames = ["a"]} {
    %t = py.truth %a
    cf.cond_br %t, ^bb1, ^bb2
  ^bb1:
    %log = py.load_global "log"
    %0 = py.call %log(%a)
    py.raise %a
  ^bb2:
    py.return %a
  }
  py.func @k(%x: !py.object) -> !py.object
      attributes {argcount = 1 : i64, cellvars = [], flags = #py.code_flags<optimized | newlocals>, freevars = [],
                  kwonlyargcount = 0 : i64, posonlyargcount = 0 : i64, qualname = "k", varnames = ["x"]} {
    %h = py.load_global "helper"
    %r = py.call %h(%x)
    %boom = py.load_global "boom"
    %0 = py.call %boom(%r)
    py.unwind_br ^bb1 unwind ^bb2
  ^bb1:
    py.return %0
  ^bb2:
    %e = py.landing_pad
    py.return %e
  }
}

// -----

// A call whose arguments do not bind raises CPython's TypeError in place of
// the call, under the callee's guard: too many positional arguments (with
// the count of keyword-only ones given), a missing one, and, in 3.13, a
// misspelt keyword with the name CPython suggests for it. Each raise takes
// the block's unwind edge.
// CHECK-LABEL: py.func @f(%x: !py.object)
// CHECK:         %[[G:.*]] = tg.guard_closure %{{.*}} at "G['helper']" code @helper
// CHECK-NEXT:    tg.assume %[[G]]
// CHECK-NEXT:    %[[M1:.*]] = py.constant "helper() takes 2 positional arguments but 3 positional arguments (and 1 keyword-only argument) were given"
// CHECK-NEXT:    %[[CLS:.*]] = py.class_ref @builtins.TypeError
// CHECK-NEXT:    %[[E:.*]] = py.new_object %[[CLS]]
// CHECK-NEXT:    %[[ARGS:.*]] = py.build_tuple(%[[M1]])
// CHECK-NEXT:    py.exception_store %[[E]]["args"] = %[[ARGS]]
// CHECK-NEXT:    py.raise %[[E]] unwind ^[[PAD:.*]]
// CHECK:       ^[[PAD]]:
// CHECK:         %[[M2:.*]] = py.constant "helper() missing 1 required positional argument: 'scale'"
// CHECK:         py.build_tuple(%[[M2]])
// CHECK:         py.raise %{{.*}} unwind ^[[PAD2:.*]]
// CHECK:       ^[[PAD2]]:
// CHECK:         %[[M3:.*]] = py.constant "helper() got an unexpected keyword argument 'sacle'. Did you mean 'scale'?"
// CHECK:         py.build_tuple(%[[M3]])
// CHECK:         py.raise %{{.*}}{{$}}
module attributes {py.entry = @f, py.inputs = [], py.module = @"<module>", py.version = "3.13"} {
  py.globals {
    py.global "helper" = #py.function<@helper>
  }
  py.class @builtins.object "object" library bases [] mro [@builtins.object] {
  }
  py.class @builtins.BaseException "BaseException" library bases [@builtins.object] mro [@builtins.BaseException, @builtins.object] {
  }
  py.class @builtins.Exception "Exception" library bases [@builtins.BaseException] mro [@builtins.Exception, @builtins.BaseException, @builtins.object] {
  }
  py.class @builtins.TypeError "TypeError" library bases [@builtins.Exception] mro [@builtins.TypeError, @builtins.Exception, @builtins.BaseException, @builtins.object] {
  }
  py.func @helper(%x: !py.object, %scale: !py.object, %shift: !py.object) -> !py.object
      attributes {argcount = 2 : i64, cellvars = [], flags = #py.code_flags<optimized | newlocals>, freevars = [],
                  kwonlyargcount = 1 : i64, posonlyargcount = 0 : i64, qualname = "helper", varnames = ["x", "scale", "shift"]} {
    %0 = py.binop mul %x, %scale
    py.return %0
  }
  py.func @f(%x: !py.object) -> !py.object
      attributes {argcount = 1 : i64, cellvars = [], flags = #py.code_flags<optimized | newlocals>, freevars = [],
                  kwonlyargcount = 0 : i64, posonlyargcount = 0 : i64, qualname = "f", varnames = ["x"]} {
    %h = py.load_global "helper"
    %0 = py.call %h(%x, %x, %x, shift = %x)
    py.unwind_br ^bb1 unwind ^bb2
  ^bb1:
    py.return %0
  ^bb2:
    %pad = py.landing_pad
    %h2 = py.load_global "helper"
    %1 = py.call %h2(%x, shift = %x)
    py.unwind_br ^bb3 unwind ^bb4
  ^bb3:
    py.return %1
  ^bb4:
    %pad2 = py.landing_pad
    %h3 = py.load_global "helper"
    %2 = py.call %h3(%x, sacle = %x, shift = %x)
    py.return %2
  }
}
