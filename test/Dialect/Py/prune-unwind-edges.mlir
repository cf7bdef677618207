// RUN: dynamir-opt %s --split-input-file --verify-each --pass-pipeline='builtin.module(py.func(py-prune-unwind-edges))' | FileCheck %s

// A block whose ops cannot raise loses its unwind edge; the handler only it
// reached is erased.
// CHECK-LABEL: py.func @no_raise
// CHECK:         %[[T:.+]] = py.build_tuple(%a, %a)
// CHECK-NEXT:    cf.br ^[[NEXT:.+]](%[[T]] : !py.object)
// CHECK:       ^[[NEXT]](%[[R:.+]]: !py.object):
// CHECK-NEXT:    py.return %[[R]]
// CHECK-NOT:     py.landing_pad
py.func @no_raise(%a: !py.object) -> !py.object attributes {argcount = 1 : i64, cellvars = [], flags = #py.code_flags<optimized | newlocals>, freevars = [], kwonlyargcount = 0 : i64, posonlyargcount = 0 : i64, qualname = "no_raise", varnames = ["a"]} {
  %t = py.build_tuple(%a, %a)
  py.unwind_br ^bb1(%t : !py.object) unwind ^bb2
^bb1(%r: !py.object):
  py.return %r
^bb2:
  %e = py.landing_pad
  py.reraise %e
}

// -----

// A call may raise: the edge stays, and so does the handler.
// CHECK-LABEL: py.func @may_raise
// CHECK:         py.call %a()
// CHECK-NEXT:    py.unwind_br ^{{.+}} unwind ^[[LAND:[^ ]+]]
// CHECK:       ^[[LAND]]:
// CHECK-NEXT:    py.landing_pad
py.func @may_raise(%a: !py.object) -> !py.object attributes {argcount = 1 : i64, cellvars = [], flags = #py.code_flags<optimized | newlocals>, freevars = [], kwonlyargcount = 0 : i64, posonlyargcount = 0 : i64, qualname = "may_raise", varnames = ["a"]} {
  %r = py.call %a()
  py.unwind_br ^bb1 unwind ^bb2
^bb1:
  py.return %r
^bb2:
  %e = py.landing_pad
  py.reraise %e
}

// -----

// A handler that another block still unwinds to survives; only the edge of
// the block that cannot raise goes.
// CHECK-LABEL: py.func @shared_handler
// CHECK:         %[[N:.+]] = py.constant #py.none
// CHECK-NEXT:    cf.br ^[[CALL:[^ ]+]]
// CHECK:       ^[[CALL]]:
// CHECK-NEXT:    py.call %a(%[[N]])
// CHECK-NEXT:    py.unwind_br ^{{.+}} unwind ^[[LAND:[^ ]+]]
// CHECK:       ^[[LAND]]:  // pred: ^[[CALL]]
// CHECK-NEXT:    py.landing_pad
py.func @shared_handler(%a: !py.object) -> !py.object attributes {argcount = 1 : i64, cellvars = [], flags = #py.code_flags<optimized | newlocals>, freevars = [], kwonlyargcount = 0 : i64, posonlyargcount = 0 : i64, qualname = "shared_handler", varnames = ["a"]} {
  %n = py.constant #py.none
  py.unwind_br ^bb1 unwind ^bb3
^bb1:
  %r = py.call %a(%n)
  py.unwind_br ^bb2 unwind ^bb3
^bb2:
  py.return %r
^bb3:
  %e = py.landing_pad
  py.reraise %e
}

// -----

// Raising terminators keep their unwind successor.
// CHECK-LABEL: py.func @raise
// CHECK:         py.raise %a unwind
py.func @raise(%a: !py.object) -> !py.object attributes {argcount = 1 : i64, cellvars = [], flags = #py.code_flags<optimized | newlocals>, freevars = [], kwonlyargcount = 0 : i64, posonlyargcount = 0 : i64, qualname = "raise", varnames = ["a"]} {
  py.raise %a unwind ^bb1
^bb1:
  %e = py.landing_pad
  py.return %e
}
