// RUN: dynamir-opt %s --py-resolve-exceptions --verify-each --split-input-file | FileCheck %s

// A raise inside a `try` of an exception the capture made is a branch to the
// handler: the handler is split after its landing pad, the branch goes to the
// rest with the exception, and the landing pad no edge reaches goes. With
// nothing left that raises, the push and pop of the handled exception go.
// CHECK-LABEL: py.func @f(
// CHECK-SAME:      %[[X:[^:]*]]: !py.object
// CHECK:         %[[E:.*]] = py.new_object %{{.*}}
// CHECK:         py.exception_store %[[E]]["args"]
// CHECK-NEXT:    cf.br ^[[BODY:.*]]{{$}}
// CHECK-NEXT:  ^[[BODY]]:
// CHECK-NEXT:    %[[T:.*]] = py.build_tuple(%[[X]], %[[E]])
// CHECK-NEXT:    py.return %[[T]]
// CHECK-NOT:     py.landing_pad
module attributes {py.entry = @f, py.inputs = []} {
  py.class @builtins.object "object" library bases [] mro [@builtins.object] {
  }
  py.class @builtins.BaseException "BaseException" library bases [@builtins.object] mro [@builtins.BaseException, @builtins.object] {
  }
  py.class @builtins.Exception "Exception" library bases [@builtins.BaseException] mro [@builtins.Exception, @builtins.BaseException, @builtins.object] {
  }
  py.class @builtins.ValueError "ValueError" library bases [@builtins.Exception] mro [@builtins.ValueError, @builtins.Exception, @builtins.BaseException, @builtins.object] {
  }
  py.func @f(%x: !py.object) -> !py.object
      attributes {argcount = 1 : i64, cellvars = [], flags = #py.code_flags<optimized | newlocals>,
                  freevars = [], kwonlyargcount = 0 : i64, posonlyargcount = 0 : i64,
                  qualname = "f", varnames = ["x"]} {
    %cls = py.class_ref @builtins.ValueError
    %e = py.new_object %cls
    %c = py.constant "bad"
    %args = py.build_tuple(%c)
    py.exception_store %e["args"] = %args
    py.raise %e unwind ^handler(%x : !py.object)
  ^handler(%y: !py.object):
    %caught = py.landing_pad
    %prev = py.push_exc_info %caught
    %t = py.build_tuple(%y, %caught)
    py.pop_except %prev
    py.return %t
  }
}

// -----

// Raising while a handler runs chains the handled exception as
// `__context__`; `from` also sets `__cause__` and `__suppress_context__`.
// A raise outside any `try` stays a raise of that object (`py.reraise`).
// The handled exception is still read by what may raise (the call), so its
// push and pop stay.
// CHECK-LABEL: py.func @f(
// CHECK:         %[[FIRST:.*]] = py.new_object
// CHECK:         py.push_exc_info %[[FIRST]]
// CHECK:         %[[SECOND:.*]] = py.new_object
// CHECK:         py.exception_store %[[SECOND]]["args"]
// CHECK-NEXT:    py.exception_store %[[SECOND]]["__cause__"] = %[[FIRST]]
// CHECK-NEXT:    %[[TRUE:.*]] = py.constant true
// CHECK-NEXT:    py.exception_store %[[SECOND]]["__suppress_context__"] = %[[TRUE]]
// CHECK-NEXT:    py.exception_store %[[SECOND]]["__context__"] = %[[FIRST]]
// CHECK-NEXT:    py.reraise %[[SECOND]]{{$}}
module attributes {py.entry = @f, py.inputs = []} {
  py.class @builtins.object "object" library bases [] mro [@builtins.object] {
  }
  py.class @builtins.BaseException "BaseException" library bases [@builtins.object] mro [@builtins.BaseException, @builtins.object] {
  }
  py.class @builtins.Exception "Exception" library bases [@builtins.BaseException] mro [@builtins.Exception, @builtins.BaseException, @builtins.object] {
  }
  py.class @builtins.ValueError "ValueError" library bases [@builtins.Exception] mro [@builtins.ValueError, @builtins.Exception, @builtins.BaseException, @builtins.object] {
  }
  py.func @f(%x: !py.object) -> !py.object
      attributes {argcount = 1 : i64, cellvars = [], flags = #py.code_flags<optimized | newlocals>,
                  freevars = [], kwonlyargcount = 0 : i64, posonlyargcount = 0 : i64,
                  qualname = "f", varnames = ["x"]} {
    %cls = py.class_ref @builtins.ValueError
    %first = py.new_object %cls
    %empty = py.build_tuple()
    py.exception_store %first["args"] = %empty
    %prev = py.push_exc_info %first
    %helper = py.load_global "helper"
    %r = py.call %helper(%x)
    %second = py.new_object %cls
    %args = py.build_tuple(%r)
    py.exception_store %second["args"] = %args
    py.raise %second from %first
  }
}

// -----

// A bare `raise` re-raises the exception being handled, and, inside the
// outer `try`, reaches its handler; `raise C` instantiates the class first
// (a call py-resolve-objects resolves). Where no exception is handled, a
// bare `raise` stays (CPython's RuntimeError).
// CHECK-LABEL: py.func @f(
// CHECK:         %[[CAUGHT:.*]] = py.landing_pad
// CHECK-NEXT:    py.push_exc_info %[[CAUGHT]]
// CHECK-NEXT:    cf.br ^[[OUTER:.*]]{{$}}
// CHECK-NEXT:  ^[[OUTER]]:
// CHECK:         %[[CLS:.*]] = py.class_ref @builtins.ValueError
// CHECK-NEXT:    %[[MADE:.*]] = py.call %[[CLS]]()
// CHECK-NEXT:    py.raise %[[MADE]]{{$}}
module attributes {py.entry = @f, py.inputs = []} {
  py.class @builtins.object "object" library bases [] mro [@builtins.object] {
  }
  py.class @builtins.BaseException "BaseException" library bases [@builtins.object] mro [@builtins.BaseException, @builtins.object] {
  }
  py.class @builtins.Exception "Exception" library bases [@builtins.BaseException] mro [@builtins.Exception, @builtins.BaseException, @builtins.object] {
  }
  py.class @builtins.ValueError "ValueError" library bases [@builtins.Exception] mro [@builtins.ValueError, @builtins.Exception, @builtins.BaseException, @builtins.object] {
  }
  py.func @f(%x: !py.object) -> !py.object
      attributes {argcount = 1 : i64, cellvars = [], flags = #py.code_flags<optimized | newlocals>,
                  freevars = [], kwonlyargcount = 0 : i64, posonlyargcount = 0 : i64,
                  qualname = "f", varnames = ["x"]} {
    %helper = py.load_global "helper"
    %r = py.call %helper(%x)
    py.unwind_br ^done unwind ^inner
  ^done:
    py.return %r
  ^inner:
    %caught = py.landing_pad
    %prev = py.push_exc_info %caught
    py.raise unwind ^outer
  ^outer:
    %again = py.landing_pad
    %cls = py.class_ref @builtins.ValueError
    py.raise %cls
  }
}

// -----

// Re-raising the exception a handler caught, from inside a nested handler,
// cuts the cycle CPython's `_PyErr_SetObject` would make: the handled
// exception's context is the re-raised one, so that link is cleared first.
// CHECK-LABEL: py.func @f(
// CHECK:         %[[A:.*]] = py.new_object
// CHECK:         %[[B:.*]] = py.new_object
// CHECK:         py.exception_store %[[B]]["__context__"] = %[[A]]
// CHECK:         %[[NONE:.*]] = py.constant #py.none
// CHECK-NEXT:    py.exception_store %[[B]]["__context__"] = %[[NONE]]
// CHECK-NEXT:    py.exception_store %[[A]]["__context__"] = %[[B]]
// CHECK-NEXT:    py.reraise %[[A]]{{$}}
module attributes {py.entry = @f, py.inputs = []} {
  py.class @builtins.object "object" library bases [] mro [@builtins.object] {
  }
  py.class @builtins.BaseException "BaseException" library bases [@builtins.object] mro [@builtins.BaseException, @builtins.object] {
  }
  py.func @f(%x: !py.object) -> !py.object
      attributes {argcount = 1 : i64, cellvars = [], flags = #py.code_flags<optimized | newlocals>,
                  freevars = [], kwonlyargcount = 0 : i64, posonlyargcount = 0 : i64,
                  qualname = "f", varnames = ["x"]} {
    %cls = py.class_ref @builtins.BaseException
    %empty = py.build_tuple()
    %a = py.new_object %cls
    py.exception_store %a["args"] = %empty
    %p1 = py.push_exc_info %a
    %b = py.new_object %cls
    py.exception_store %b["args"] = %empty
    py.raise %b unwind ^h
  ^h:
    %caught = py.landing_pad
    %p2 = py.push_exc_info %caught
    py.raise %a
  }
}
