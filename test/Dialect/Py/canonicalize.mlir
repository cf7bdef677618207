// RUN: dynamir-opt %s --split-input-file --verify-each --canonicalize | FileCheck %s

// A block whose ops cannot raise never takes its unwind edge.
// CHECK-LABEL: py.func @no_raise
// CHECK-NOT:     py.unwind_br
// CHECK-NOT:     py.landing_pad
// CHECK:         py.return %a
py.func @no_raise(%a: !py.object) -> !py.object attributes {argcount = 1 : i64, cellvars = [], flags = #py.code_flags<optimized | newlocals>, freevars = [], kwonlyargcount = 0 : i64, posonlyargcount = 0 : i64, qualname = "no_raise", varnames = ["a"]} {
  %t = py.build_tuple(%a, %a)
  py.unwind_br ^bb1 unwind ^bb2(%t : !py.object)
^bb1:
  py.return %a
^bb2(%x: !py.object):
  %e = py.landing_pad
  py.call %x()
  py.reraise %e
}

// -----

// A handler that only re-raises what it caught is no handler (3.12's
// comprehension cleanup): the call raises to the caller.
// CHECK-LABEL: py.func @reraising_handler
// CHECK:         %[[R:.+]] = py.call %a()
// CHECK-NEXT:    py.return %[[R]]
// CHECK-NOT:     py.landing_pad
py.func @reraising_handler(%a: !py.object) -> !py.object attributes {argcount = 1 : i64, cellvars = [], flags = #py.code_flags<optimized | newlocals>, freevars = [], kwonlyargcount = 0 : i64, posonlyargcount = 0 : i64, qualname = "reraising_handler", varnames = ["a"]} {
  %r = py.call %a()
  py.unwind_br ^bb1 unwind ^bb2(%a : !py.object)
^bb1:
  py.return %r
^bb2(%x: !py.object):
  %e = py.landing_pad
  py.reraise %e
}

// -----

// Inside an outer try, the edge goes to the outer handler, with the operands
// the re-raise gave it.
// CHECK-LABEL: py.func @nested_reraising_handler
// CHECK:         %[[R:.+]] = py.call %a()
// CHECK-NEXT:    py.unwind_br ^[[NEXT:.+]] unwind ^[[OUTER:[^ ]+]](%b : !py.object)
// CHECK:       ^[[OUTER]](%[[Y:.+]]: !py.object):
// CHECK-NEXT:    py.landing_pad
py.func @nested_reraising_handler(%a: !py.object, %b: !py.object) -> !py.object attributes {argcount = 2 : i64, cellvars = [], flags = #py.code_flags<optimized | newlocals>, freevars = [], kwonlyargcount = 0 : i64, posonlyargcount = 0 : i64, qualname = "nested_reraising_handler", varnames = ["a", "b"]} {
  %r = py.call %a()
  py.unwind_br ^bb1 unwind ^bb2(%b : !py.object)
^bb1:
  py.return %r
^bb2(%x: !py.object):
  %e = py.landing_pad
  py.reraise %e unwind ^bb3(%x : !py.object)
^bb3(%y: !py.object):
  %f = py.landing_pad
  py.return %y
}

// -----

// A handler that does something before re-raising stays.
// CHECK-LABEL: py.func @working_handler
// CHECK:         py.unwind_br ^{{.+}} unwind ^[[LAND:[^ ]+]]
// CHECK:       ^[[LAND]]:
// CHECK-NEXT:    py.landing_pad
// CHECK-NEXT:    py.call %b()
py.func @working_handler(%a: !py.object, %b: !py.object) -> !py.object attributes {argcount = 2 : i64, cellvars = [], flags = #py.code_flags<optimized | newlocals>, freevars = [], kwonlyargcount = 0 : i64, posonlyargcount = 0 : i64, qualname = "working_handler", varnames = ["a", "b"]} {
  %r = py.call %a()
  py.unwind_br ^bb1 unwind ^bb2
^bb1:
  py.return %r
^bb2:
  %e = py.landing_pad
  py.call %b()
  py.reraise %e
}

// -----

// A cell only its block reads and writes is a local: each read is the value
// last stored, and the cell goes.
// CHECK-LABEL: py.func @cell_forwarding
// CHECK-NOT:     py.make_cell
// CHECK-NOT:     py.cell_
// CHECK:         %[[T:.+]] = py.build_tuple(%a, %b, %b)
// CHECK-NEXT:    py.return %[[T]]
py.func @cell_forwarding(%a: !py.object, %b: !py.object) -> !py.object attributes {argcount = 2 : i64, cellvars = [], flags = #py.code_flags<optimized | newlocals>, freevars = [], kwonlyargcount = 0 : i64, posonlyargcount = 0 : i64, qualname = "cell_forwarding", varnames = ["a", "b"]} {
  %c = py.make_cell %a
  %0 = py.cell_get %c["v"]
  py.cell_set %c, %b
  %1 = py.cell_get %c["v"]
  %2 = py.cell_get %c["v"]
  %t = py.build_tuple(%0, %1, %2)
  py.return %t
}

// -----

// A read of an empty cell raises; a cell a closure holds may change in the
// callee: both stay.
// CHECK-LABEL: py.func @cell_kept
// CHECK:         %[[E:.+]] = py.make_cell %{{.+}}
// CHECK:         py.cell_get %[[E]]["v"]
// CHECK:         %[[C:.+]] = py.make_cell %a
// CHECK:         py.build_tuple(%[[C]])
// CHECK:         py.cell_get %[[C]]["w"]
py.func @cell_kept(%a: !py.object, %f: !py.object) -> !py.object attributes {argcount = 2 : i64, cellvars = [], flags = #py.code_flags<optimized | newlocals>, freevars = [], kwonlyargcount = 0 : i64, posonlyargcount = 0 : i64, qualname = "cell_kept", varnames = ["a", "f"]} {
  %null = py.null
  %e = py.make_cell %null
  %0 = py.cell_get %e["v"]
  %c = py.make_cell %a
  %cells = py.build_tuple(%c)
  %r = py.call %f(%cells)
  %1 = py.cell_get %c["w"]
  %t = py.build_tuple(%0, %1, %r)
  py.return %t
}

// -----

// `f(*t)` of a built tuple is the call with its elements; with `**kwargs`
// it stays.
// CHECK-LABEL: py.func @spread_built_tuple
// CHECK:         %[[R:.+]] = py.call %f(%a, %b)
// CHECK:         py.call_ex %f(*%{{.+}}, **%k)
py.func @spread_built_tuple(%f: !py.object, %a: !py.object, %b: !py.object, %k: !py.object) -> !py.object attributes {argcount = 4 : i64, cellvars = [], flags = #py.code_flags<optimized | newlocals>, freevars = [], kwonlyargcount = 0 : i64, posonlyargcount = 0 : i64, qualname = "spread_built_tuple", varnames = ["f", "a", "b", "k"]} {
  %t = py.build_tuple(%a, %b)
  %0 = py.call_ex %f(*%t)
  %1 = py.call_ex %f(*%t, **%k)
  %r = py.build_tuple(%0, %1)
  py.return %r
}

// -----

// `len()`'s check of a `__len__` result folds on an int or a bool that is
// not negative (operator.index); a negative int (ValueError) or a float
// (TypeError) stays. `iter()`'s check folds on what GET_ITER made.
// CHECK-LABEL: py.func @checks
// CHECK-DAG:     %[[THREE:.*]] = py.constant #py.int<3>
// CHECK-DAG:     %[[ONE:.*]] = py.constant #py.int<1>
// CHECK-DAG:     %[[NEG:.*]] = py.constant #py.int<-1>
// CHECK-DAG:     %[[HALF:.*]] = py.constant 5.000000e-01
// CHECK-DAG:     %[[NEGCHECK:.*]] = py.check_len_result %[[NEG]]
// CHECK-DAG:     %[[HALFCHECK:.*]] = py.check_len_result %[[HALF]]
// CHECK-DAG:     %[[IT:.*]] = py.get_iter %a
// CHECK-DAG:     %[[OTHER:.*]] = py.check_iter_result %a
// CHECK:         py.build_tuple(%[[THREE]], %[[ONE]], %[[NEGCHECK]], %[[HALFCHECK]], %[[IT]], %[[OTHER]])
py.func @checks(%a: !py.object) -> !py.object attributes {argcount = 1 : i64, cellvars = [], flags = #py.code_flags<optimized | newlocals>, freevars = [], kwonlyargcount = 0 : i64, posonlyargcount = 0 : i64, qualname = "checks", varnames = ["a"]} {
  %three = py.constant #py.int<3>
  %true = py.constant true
  %neg = py.constant #py.int<-1>
  %half = py.constant 0.5 : f64
  %l1 = py.check_len_result %three
  %l2 = py.check_len_result %true
  %l3 = py.check_len_result %neg
  %l4 = py.check_len_result %half
  %it = py.get_iter %a
  %i1 = py.check_iter_result %it
  %i2 = py.check_iter_result %a
  %t = py.build_tuple(%l1, %l2, %l3, %l4, %i1, %i2)
  py.return %t
}

// -----

// A tuple display, or a list display nothing else sees, times a constant
// int or bool is the display repeated (nothing for a count <= 0); a list
// another op sees, a count that is not a constant, or one too large to
// repeat, stays.
// CHECK-LABEL: py.func @repeat
// CHECK-DAG:     %[[T:.*]] = py.build_tuple(%a, %b, %a, %b, %a, %b)
// CHECK-DAG:     %[[L:.*]] = py.build_list(%a, %a)
// CHECK-DAG:     %[[E:.*]] = py.build_tuple()
// CHECK-DAG:     %[[KEPT:.*]] = py.binop mul %[[SEEN:.*]], %{{.*}}
// CHECK-DAG:     %[[VAR:.*]] = py.binop mul %{{.*}}, %b
// CHECK-DAG:     %[[ONCE:.*]] = py.build_list(%b)
// CHECK-DAG:     %[[BIG:.*]] = py.binop mul %{{.*}}, %c9223372036854775807
// CHECK:         py.build_tuple(%[[T]], %[[L]], %[[E]], %[[KEPT]], %[[SEEN]], %[[VAR]], %[[ONCE]], %[[BIG]])
py.func @repeat(%a: !py.object, %b: !py.object) -> !py.object attributes {argcount = 2 : i64, cellvars = [], flags = #py.code_flags<optimized | newlocals>, freevars = [], kwonlyargcount = 0 : i64, posonlyargcount = 0 : i64, qualname = "repeat", varnames = ["a", "b"]} {
  %three = py.constant #py.int<3>
  %two = py.constant #py.int<2>
  %neg = py.constant #py.int<-2>
  %pair = py.build_tuple(%a, %b)
  %t = py.binop mul %pair, %three
  %one = py.build_list(%a)
  %l = py.binop mul %two, %one
  %e = py.binop mul %pair, %neg
  %seen = py.build_list(%a)
  %kept = py.binop mul %seen, %two
  %var = py.binop mul %pair, %b
  %true = py.constant true
  %single = py.build_list(%b)
  %once = py.binop mul %single, %true
  %huge = py.constant #py.int<9223372036854775807>
  %big = py.binop mul %pair, %huge
  %r = py.build_tuple(%t, %l, %e, %kept, %seen, %var, %once, %big)
  py.return %r
}

// -----

// What `__str__` returned is the text once it is a str: a constant, or what
// py.format builds; a constant of another type stays for the TypeError.
// CHECK-LABEL: py.func @str_results
// CHECK-DAG:     %[[S:.*]] = py.constant "text"
// CHECK-DAG:     %[[F:.*]] = py.format %a
// CHECK-DAG:     %[[N:.*]] = py.check_str_result %{{.*}} of "__str__"
// CHECK:         py.build_tuple(%[[S]], %[[F]], %[[N]])
py.func @str_results(%a: !py.object) -> !py.object attributes {argcount = 1 : i64, cellvars = [], flags = #py.code_flags<optimized | newlocals>, freevars = [], kwonlyargcount = 0 : i64, posonlyargcount = 0 : i64, qualname = "str_results", varnames = ["a"]} {
  %s = py.constant "text"
  %c1 = py.check_str_result %s of "__str__"
  %f = py.format %a
  %c2 = py.check_str_result %f of "__repr__"
  %n = py.constant #py.int<3>
  %c3 = py.check_str_result %n of "__str__"
  %t = py.build_tuple(%c1, %c2, %c3)
  py.return %t
}
