// RUN: dynamir-opt %s --py-map-torch --verify-each --split-input-file --verify-diagnostics | FileCheck %s

// Each function stands for an entry after py-specialize-entry: tensors are
// guarded values seen through casts, scalars are constants.

// Operators on tensors and Python numbers become tg ops; Python numbers are
// f64, i64 and i1 scalars. In-place operators and `not` stay.
// CHECK-LABEL: py.func @operators
// CHECK-DAG:     %[[TWO:.*]] = arith.constant 2.000000e+00 : f64
// CHECK-DAG:     %[[ONE:.*]] = arith.constant 1 : i64
// CHECK-DAG:     %[[T:.*]] = arith.constant true
// CHECK:         %[[X:.*]] = tg.guard_tensor %x
// CHECK:         %[[W:.*]] = tg.guard_tensor %w
// CHECK:         %[[A:.*]] = tg.add %[[X]], %[[ONE]] : tensor<4x8xf32>, i64
// CHECK:         %[[M:.*]] = tg.mul %[[TWO]], %[[A]] : f64, tensor<4x8xf32>
// CHECK:         %[[MM:.*]] = tg.matmul %[[M]], %[[W]] : tensor<4x8xf32>, tensor<8x3xf32>
// CHECK:         %[[N:.*]] = tg.neg %[[MM]] : tensor<4x3xf32>
// CHECK:         %[[C:.*]] = tg.cmp lt %[[N]], %[[ONE]] : tensor<4x3xf32>, i64
// CHECK:         %[[B:.*]] = tg.bitwise_and %[[C]], %[[T]] : tensor<4x3xi1>, i1
// CHECK:         tg.bitwise_not %[[B]] : tensor<4x3xi1>
// CHECK:         py.binop iadd
// CHECK:         py.unary not
module attributes {py.entry = @operators, py.inputs = []} {
  py.func @operators(%x: !py.object, %w: !py.object) -> !py.object
      attributes {argcount = 2 : i64, cellvars = [], flags = #py.code_flags<optimized | newlocals>,
                  freevars = [], kwonlyargcount = 0 : i64, posonlyargcount = 0 : i64,
                  qualname = "operators", varnames = ["x", "w"]} {
    %gx = tg.guard_tensor %x at "L['x']" strides [8, 1] : !py.object -> tensor<4x8xf32>
    %tx = py.tensor_object %gx : tensor<4x8xf32>
    %gw = tg.guard_tensor %w at "L['w']" strides [3, 1] : !py.object -> tensor<8x3xf32>
    %tw = py.tensor_object %gw : tensor<8x3xf32>
    %one = py.constant #py.int<1>
    %two = py.constant 2.0 : f64
    %true = py.constant true
    %0 = py.binop add %tx, %one
    %1 = py.binop mul %two, %0
    %2 = py.binop matmul %1, %tw
    %3 = py.unary neg %2
    %4 = py.compare lt %3, %one
    %5 = py.binop and %4, %true
    %6 = py.unary invert %5
    %7 = py.binop iadd %tx, %one
    %8 = py.unary not %tx
    %9 = py.build_tuple(%6, %7, %8)
    py.return %9
  }
}

// -----

// A global the module body binds once to an import is that module under
// ID_MATCH; a function reached through it is known, and calling it on
// tensors is the tg op, with the guard assumed. The second load of the same
// global is the first one's guard.
// CHECK-LABEL: py.func @functions
// CHECK:         %[[X:.*]] = tg.guard_tensor %x
// CHECK:         %[[T:.*]] = py.load_global "torch"
// CHECK-NEXT:    %[[G:.*]] = tg.guard_id %[[T]] at "G['torch']" is "torch"
// CHECK-NEXT:    %[[R:.*]] = tg.relu %[[X]]
// CHECK-NEXT:    tg.assume %[[G]]
// CHECK:         %[[F:.*]] = py.load_global "F"
// CHECK-NEXT:    %[[GF:.*]] = tg.guard_id %[[F]] at "G['F']" is "torch.nn.functional"
// CHECK-NEXT:    %[[S:.*]] = tg.softmax %[[R]] dim -1
// CHECK-NEXT:    tg.assume %[[GF]]
// CHECK-NEXT:    %[[SUM:.*]] = tg.sum %[[S]] dims [1] keepdim
// CHECK-NOT:     py.load_global
// CHECK-NOT:     py.getattr
// CHECK-NOT:     py.call
module attributes {py.entry = @functions, py.inputs = [], py.module = @"<module>"} {
  // What py-build-environment makes of the module body below.
  py.globals {
    py.global "torch" = #py.module<"torch">
    py.global "F" = #py.module<"torch.nn.functional">
  }
  py.func @"<module>"() -> !py.object
      attributes {argcount = 0 : i64, cellvars = [], flags = #py.code_flags<none>,
                  freevars = [], kwonlyargcount = 0 : i64, posonlyargcount = 0 : i64,
                  qualname = "<module>", varnames = []} {
    %c0 = py.constant #py.int<0>
    %none = py.constant #py.none
    %torch = py.import_name "torch" level %c0 fromlist %none
    py.store_name "torch", %torch
    %tf = py.import_name "torch.nn.functional" level %c0 fromlist %none
    %nn = py.import_from %tf["nn"]
    %functional = py.import_from %nn["functional"]
    py.store_name "F", %functional
    py.return %none
  }
  py.func @functions(%x: !py.object) -> !py.object
      attributes {argcount = 1 : i64, cellvars = [], flags = #py.code_flags<optimized | newlocals>,
                  freevars = [], kwonlyargcount = 0 : i64, posonlyargcount = 0 : i64,
                  qualname = "functions", varnames = ["x"]} {
    %gx = tg.guard_tensor %x at "L['x']" strides [8, 1] : !py.object -> tensor<4x8xf32>
    %tx = py.tensor_object %gx : tensor<4x8xf32>
    %torch = py.load_global "torch"
    %relu = py.getattr %torch["relu"]
    %0 = py.call %relu(%tx)
    %F = py.load_global "F"
    %softmax = py.getattr %F["softmax"]
    %m1 = py.constant #py.int<-1>
    %1 = py.call %softmax(%0, dim = %m1)
    %torch2 = py.load_global "torch"
    %sum = py.getattr %torch2["sum"]
    %c1 = py.constant #py.int<1>
    %true = py.constant true
    %2 = py.call %sum(%1, %c1, keepdim = %true)
    py.return %2
  }
}

// -----

// Tensor methods, with PyTorch's signatures; sizes as varargs or a tuple.
// CHECK-LABEL: py.func @methods
// CHECK:         %[[X:.*]] = tg.guard_tensor %x
// CHECK-NEXT:    %[[V:.*]] = tg.reshape %[[X]] [2, 16] : tensor<4x8xf32>
// CHECK-NEXT:    %[[P:.*]] = tg.permute %[[V]] [1, 0] : tensor<2x16xf32>
// CHECK-NEXT:    %[[M:.*]] = tg.mean %[[P]] dims [0] : tensor<16x2xf32>
// CHECK-NEXT:    %[[H:.*]] = tg.to %[[M]] : tensor<2xf32> to tensor<2xf16>
// CHECK-NEXT:    %[[U:.*]] = tg.unsqueeze %[[H]] dim 0
// CHECK-NEXT:    %[[E:.*]] = tg.expand %[[U]] [3, -1]
// CHECK-NEXT:    %[[R:.*]] = tg.reshape %[[E]] [6]
// CHECK-NEXT:    py.load_global "torch"
// CHECK-NEXT:    %[[G:.*]] = tg.guard_id
// CHECK-NEXT:    tg.assume %[[G]]
// CHECK-NEXT:    %[[D:.*]] = tg.to %[[R]] : tensor<6xf16> to tensor<6xf64>
// CHECK-NOT:     py.getattr
module attributes {py.entry = @methods, py.inputs = [], py.module = @"<module>"} {
  // What py-build-environment makes of the module body below.
  py.globals {
    py.global "torch" = #py.module<"torch">
  }
  py.func @"<module>"() -> !py.object
      attributes {argcount = 0 : i64, cellvars = [], flags = #py.code_flags<none>,
                  freevars = [], kwonlyargcount = 0 : i64, posonlyargcount = 0 : i64,
                  qualname = "<module>", varnames = []} {
    %c0 = py.constant #py.int<0>
    %none = py.constant #py.none
    %torch = py.import_name "torch" level %c0 fromlist %none
    py.store_name "torch", %torch
    py.return %none
  }
  py.func @methods(%x: !py.object) -> !py.object
      attributes {argcount = 1 : i64, cellvars = [], flags = #py.code_flags<optimized | newlocals>,
                  freevars = [], kwonlyargcount = 0 : i64, posonlyargcount = 0 : i64,
                  qualname = "methods", varnames = ["x"]} {
    %gx = tg.guard_tensor %x at "L['x']" strides [8, 1] : !py.object -> tensor<4x8xf32>
    %tx = py.tensor_object %gx : tensor<4x8xf32>
    %c2 = py.constant #py.int<2>
    %m1 = py.constant #py.int<-1>
    %c1 = py.constant #py.int<1>
    %c0 = py.constant #py.int<0>
    %c3 = py.constant #py.int<3>
    %view = py.getattr %tx["view"]
    %0 = py.call %view(%c2, %m1)
    %permute = py.getattr %0["permute"]
    %shape = py.constant [#py.int<1>, #py.int<0>]
    %1 = py.call %permute(%shape)
    %mean = py.getattr %1["mean"]
    %2 = py.call %mean(dim = %c0)
    %half = py.getattr %2["half"]
    %3 = py.call %half()
    %unsqueeze = py.getattr %3["unsqueeze"]
    %4 = py.call %unsqueeze(%c0)
    %expand = py.getattr %4["expand"]
    %5 = py.call %expand(%c3, %m1)
    %contiguous = py.getattr %5["contiguous"]
    %6 = py.call %contiguous()
    %reshape = py.getattr %6["reshape"]
    %c6 = py.constant #py.int<6>
    %7 = py.call %reshape(%c6)
    %to = py.getattr %7["to"]
    %torch = py.load_global "torch"
    %float64 = py.getattr %torch["float64"]
    %8 = py.call %to(%float64)
    py.return %8
  }
}

// -----

// Sizes read from a tensor are constants; the guards they come from are
// assumed, since the code no longer depends on the tensor's value.
// CHECK-LABEL: py.func @sizes
// CHECK-DAG:     %[[X:.*]] = tg.guard_tensor %x
// CHECK-DAG:     %[[W:.*]] = tg.guard_tensor %w
// CHECK-DAG:     tg.assume %[[X]]
// CHECK-DAG:     tg.assume %[[W]]
// CHECK-DAG:     %[[SHAPE:.*]] = py.constant [#py.int<4>, #py.int<3>]
// CHECK-DAG:     %[[C3:.*]] = py.constant #py.int<3>
// CHECK-DAG:     %[[NDIM:.*]] = py.constant #py.int<2>
// CHECK-DAG:     %[[T:.*]] = tg.permute %[[X]] [1, 0]
// CHECK:         py.build_tuple(%[[SHAPE]], %{{.*}}, %[[NDIM]], %[[C3]], %{{.*}})
module attributes {py.entry = @sizes, py.inputs = []} {
  py.func @sizes(%x: !py.object, %w: !py.object) -> !py.object
      attributes {argcount = 2 : i64, cellvars = [], flags = #py.code_flags<optimized | newlocals>,
                  freevars = [], kwonlyargcount = 0 : i64, posonlyargcount = 0 : i64,
                  qualname = "sizes", varnames = ["x", "w"]} {
    %gx = tg.guard_tensor %x at "L['x']" strides [8, 1] : !py.object -> tensor<4x8xf32>
    %tx = py.tensor_object %gx : tensor<4x8xf32>
    %gw = tg.guard_tensor %w at "L['w']" strides [3, 1] : !py.object -> tensor<8x3xf32>
    %tw = py.tensor_object %gw : tensor<8x3xf32>
    %y = py.binop matmul %tx, %tw
    %shape = py.getattr %y["shape"]
    %c1 = py.constant #py.int<1>
    %s1 = py.getitem %shape[%c1]
    %ndim = py.getattr %y["ndim"]
    %size = py.getattr %y["size"]
    %m1 = py.constant #py.int<-1>
    %s = py.call %size(%m1)
    %t = py.getattr %tx["T"]
    %r = py.build_tuple(%shape, %s1, %ndim, %s, %t)
    py.return %r
  }
}

// -----

// A global bound twice, or to something other than a torch import, is not
// known; neither is a function tg does not hold, or a `dim` that is not a
// constant.
// CHECK-LABEL: py.func @unknown
// CHECK-NOT:     tg.guard_id
// CHECK:         py.call
// CHECK:         py.call
// CHECK:         py.call
// CHECK-NOT:     tg.softmax
module attributes {py.entry = @unknown, py.inputs = [], py.module = @"<module>"} {
  // What py-build-environment makes of the module body below.
  py.globals {
    py.global "torch" = #py.none
    py.global "os" = #py.module<"os">
  }
  py.func @"<module>"() -> !py.object
      attributes {argcount = 0 : i64, cellvars = [], flags = #py.code_flags<none>,
                  freevars = [], kwonlyargcount = 0 : i64, posonlyargcount = 0 : i64,
                  qualname = "<module>", varnames = []} {
    %c0 = py.constant #py.int<0>
    %none = py.constant #py.none
    %torch = py.import_name "torch" level %c0 fromlist %none
    py.store_name "torch", %torch
    py.store_name "torch", %none
    %os = py.import_name "os" level %c0 fromlist %none
    py.store_name "os", %os
    py.return %none
  }
  py.func @unknown(%x: !py.object, %d: !py.object) -> !py.object
      attributes {argcount = 2 : i64, cellvars = [], flags = #py.code_flags<optimized | newlocals>,
                  freevars = [], kwonlyargcount = 0 : i64, posonlyargcount = 0 : i64,
                  qualname = "unknown", varnames = ["x", "d"]} {
    %gx = tg.guard_tensor %x at "L['x']" strides [8, 1] : !py.object -> tensor<4x8xf32>
    %tx = py.tensor_object %gx : tensor<4x8xf32>
    %torch = py.load_global "torch"
    %relu = py.getattr %torch["relu"]
    %0 = py.call %relu(%tx)
    %os = py.load_global "os"
    %getcwd = py.getattr %os["getcwd"]
    %1 = py.call %getcwd()
    %softmax = py.getattr %tx["softmax"]
    %2 = py.call %softmax(%d)
    %r = py.build_tuple(%0, %1, %2)
    py.return %r
  }
}

// -----

// What PyTorch rejects is an error with its message, at the user's line.
module attributes {py.entry = @mismatch, py.inputs = []} {
  py.func @mismatch(%x: !py.object, %w: !py.object) -> !py.object
      attributes {argcount = 2 : i64, cellvars = [], flags = #py.code_flags<optimized | newlocals>,
                  freevars = [], kwonlyargcount = 0 : i64, posonlyargcount = 0 : i64,
                  qualname = "mismatch", varnames = ["x", "w"]} {
    %gx = tg.guard_tensor %x at "L['x']" strides [8, 1] : !py.object -> tensor<4x8xf32>
    %tx = py.tensor_object %gx : tensor<4x8xf32>
    %gw = tg.guard_tensor %w at "L['w']" strides [1] : !py.object -> tensor<3xf32>
    %tw = py.tensor_object %gw : tensor<3xf32>
    // expected-error @+1 {{'tg.add': the size of tensor a (8) must match the size of tensor b (3) at non-singleton dimension 1}}
    %0 = py.binop add %tx, %tw
    py.return %0
  }
}

// -----

// A loop over a known sequence is unrolled; over an unknown one it stays.
// CHECK-LABEL: py.func @loops
// CHECK:         %[[X:.*]] = tg.guard_tensor %x
// CHECK:         %[[A:.*]] = tg.sub %[[X]], %{{.*}} : tensor<4xf32>, i64
// CHECK-NEXT:    %[[B:.*]] = tg.sub %[[A]], %{{.*}} : tensor<4xf32>, i64
// CHECK:         py.get_iter %seq
// CHECK:         py.iter_next
module attributes {py.entry = @loops, py.inputs = []} {
  py.func @loops(%x: !py.object, %seq: !py.object) -> !py.object
      attributes {argcount = 2 : i64, cellvars = [], flags = #py.code_flags<optimized | newlocals>,
                  freevars = [], kwonlyargcount = 0 : i64, posonlyargcount = 0 : i64,
                  qualname = "loops", varnames = ["x", "seq"]} {
    %gx = tg.guard_tensor %x at "L['x']" strides [1] : !py.object -> tensor<4xf32>
    %tx = py.tensor_object %gx : tensor<4xf32>
    %ks = py.constant [#py.int<1>, #py.int<2>]
    %it = py.get_iter %ks
    cf.br ^head(%tx : !py.object)
  ^head(%acc: !py.object):
    %k, %more = py.iter_next %it
    cf.cond_br %more, ^body, ^done
  ^body:
    %next = py.binop sub %acc, %k
    cf.br ^head(%next : !py.object)
  ^done:
    %it2 = py.get_iter %seq
    cf.br ^head2(%acc : !py.object)
  ^head2(%acc2: !py.object):
    %v, %more2 = py.iter_next %it2
    cf.cond_br %more2, ^body2, ^done2
  ^body2:
    %next2 = py.binop sub %acc2, %v
    cf.br ^head2(%next2 : !py.object)
  ^done2:
    py.return %acc2
  }
}

// -----

// A dict built with constant keys is a value: the read before the change
// sees the old value, the read after it the new one, and a missing key stays.
// CHECK-LABEL: py.func @dicts
// CHECK-DAG:     %[[TWO:.*]] = py.constant 2.000000e+00 : f64
// CHECK-DAG:     %[[THREE:.*]] = py.constant 3.000000e+00 : f64
// CHECK:         %[[D:.*]] = py.build_dict(%{{.*}} : %[[THREE]])
// CHECK:         %[[MISSING:.*]] = py.getitem %[[D]][%{{.*}}]
// CHECK:         py.build_tuple(%[[TWO]], %[[THREE]], %[[MISSING]])
module attributes {py.entry = @dicts, py.inputs = []} {
  py.func @dicts() -> !py.object
      attributes {argcount = 0 : i64, cellvars = [], flags = #py.code_flags<optimized | newlocals>,
                  freevars = [], kwonlyargcount = 0 : i64, posonlyargcount = 0 : i64,
                  qualname = "dicts", varnames = []} {
    %k = py.constant "k"
    %two = py.constant 2.0 : f64
    %three = py.constant 3.0 : f64
    %d = py.build_dict(%k : %two)
    %before = py.getitem %d[%k]
    py.setitem %d[%k] = %three
    %after = py.getitem %d[%k]
    %other = py.constant "other"
    %missing = py.getitem %d[%other]
    %r = py.build_tuple(%before, %after, %missing)
    py.return %r
  }
}

// -----

// `in`, `index` and `count` of tuples (and of a list read once) of simple
// constants fold with Python's `==` (1 == 1.0 == True); an `index` that
// would raise ValueError, and a sequence holding something else, stay.
// CHECK-LABEL: py.func @sequences
// CHECK-DAG:     %[[TRUE:.*]] = py.constant true
// CHECK-DAG:     %[[FALSE:.*]] = py.constant false
// CHECK-DAG:     %[[ZERO:.*]] = py.constant #py.int<0>
// CHECK-DAG:     %[[TWO:.*]] = py.constant #py.int<2>
// CHECK:         %[[INDEX:.*]] = py.getattr %{{.*}}["index"]
// CHECK-NEXT:    %[[RAISES:.*]] = py.call %[[INDEX]](
// CHECK-NEXT:    %[[MIXEDT:.*]] = py.build_tuple(%{{.*}}, %{{.*}})
// CHECK-NEXT:    %[[MIXED:.*]] = py.contains %{{.*}} in %[[MIXEDT]]
// CHECK-NEXT:    py.build_tuple(%[[TRUE]], %[[FALSE]], %[[ZERO]], %[[TWO]], %[[RAISES]], %[[MIXED]], %[[TRUE]])
module attributes {py.entry = @sequences, py.inputs = []} {
  py.func @sequences(%x: !py.object) -> !py.object
      attributes {argcount = 1 : i64, cellvars = [], flags = #py.code_flags<optimized | newlocals>,
                  freevars = [], kwonlyargcount = 0 : i64, posonlyargcount = 0 : i64,
                  qualname = "sequences", varnames = ["x"]} {
    %t = py.constant [#py.int<1>, 2.5 : f64, #py.int<1>]
    %one = py.constant 1.0 : f64
    %true = py.constant true
    %s = py.constant "s"
    %in = py.contains %true in %t
    %out = py.contains %s in %t
    %index = py.getattr %t["index"]
    %at = py.call %index(%one)
    %count = py.getattr %t["count"]
    %n = py.call %count(%true)
    %index2 = py.getattr %t["index"]
    %raises = py.call %index2(%s)
    %mixed_t = py.build_tuple(%x, %one)
    %mixed = py.contains %one in %mixed_t
    %l = py.build_list(%s, %one)
    %in_list = py.contains %s in %l
    %r = py.build_tuple(%in, %out, %at, %n, %raises, %mixed, %in_list)
    py.return %r
  }
}

// -----

// `clear()` and `copy()` of a list the block builds: the reads after them
// see the list as it is then.
// CHECK-LABEL: py.func @list_methods
// CHECK-SAME:      %[[X:[^:]*]]: !py.object
// CHECK:         %[[COPY:.*]] = py.build_list(%[[X]])
// CHECK-NEXT:    %[[N:.*]] = py.len %[[COPY]]
// CHECK-NEXT:    py.build_tuple(%[[N]], %[[X]])
module attributes {py.entry = @list_methods, py.inputs = []} {
  py.func @list_methods(%x: !py.object) -> !py.object
      attributes {argcount = 1 : i64, cellvars = [], flags = #py.code_flags<optimized | newlocals>,
                  freevars = [], kwonlyargcount = 0 : i64, posonlyargcount = 0 : i64,
                  qualname = "list_methods", varnames = ["x"]} {
    %one = py.constant 1.0 : f64
    %l = py.build_list(%one)
    %clear = py.getattr %l["clear"]
    %none = py.call %clear()
    %append = py.getattr %l["append"]
    %none2 = py.call %append(%x)
    %copy = py.getattr %l["copy"]
    %c = py.call %copy()
    %n = py.len %c
    %zero = py.constant #py.int<0>
    %first = py.getitem %l[%zero]
    %r = py.build_tuple(%n, %first)
    py.return %r
  }
}

// -----

// A set of simple constants the block builds and changes is a value at each
// read: `add`, `discard`, `update`, a `remove` of a member and SET_ADD
// change it, `in` and `len` read it as it is then. A `remove` of what is not
// there (KeyError) leaves the set as it is (@raises).
// CHECK-LABEL: py.func @sets
// CHECK-DAG:     %[[TRUE:.*]] = py.constant true
// CHECK-DAG:     %[[FALSE:.*]] = py.constant false
// CHECK-DAG:     %[[ONE:.*]] = py.constant #py.int<1>
// CHECK-DAG:     %[[TWO:.*]] = py.constant #py.int<2>
// CHECK-NOT:     py.build_set
// CHECK:         py.build_tuple(%[[FALSE]], %[[TWO]], %[[TRUE]], %[[ONE]])
module attributes {py.entry = @sets, py.inputs = []} {
  py.globals {
  }
  py.func @sets() -> !py.object
      attributes {argcount = 0 : i64, cellvars = [], flags = #py.code_flags<optimized | newlocals>,
                  freevars = [], kwonlyargcount = 0 : i64, posonlyargcount = 0 : i64,
                  qualname = "sets", varnames = []} {
    %one = py.constant #py.int<1>
    %onef = py.constant 1.0 : f64
    %a = py.constant "a"
    %b = py.constant "b"
    %s = py.build_set(%one, %onef)
    %in1 = py.contains %a in %s
    %add = py.getattr %s["add"]
    %n1 = py.call %add(%a)
    py.set_add %s, %b
    %pair = py.constant ["c", "a"]
    %update = py.getattr %s["update"]
    %n2 = py.call %update(%pair)
    %remove = py.getattr %s["remove"]
    %n3 = py.call %remove(%onef)
    %discard = py.getattr %s["discard"]
    %n4 = py.call %discard(%b)
    %len = py.load_global "len"
    %size = py.call %len(%s)
    %in2 = py.contains %a in %s
    %discard2 = py.getattr %s["discard"]
    %n5 = py.call %discard2(%a)
    %size2 = py.len %s
    %r = py.build_tuple(%in1, %size, %in2, %size2)
    py.return %r
  }
}

// -----

// CHECK-LABEL: py.func @raises
// CHECK:         %[[S:.*]] = py.build_set(
// CHECK:         py.getattr %[[S]]["remove"]
// CHECK:         py.contains %{{.*}} in %[[S]]
module attributes {py.entry = @raises, py.inputs = []} {
  py.globals {
  }
  py.func @raises() -> !py.object
      attributes {argcount = 0 : i64, cellvars = [], flags = #py.code_flags<optimized | newlocals>,
                  freevars = [], kwonlyargcount = 0 : i64, posonlyargcount = 0 : i64,
                  qualname = "raises", varnames = []} {
    %one = py.constant #py.int<1>
    %two = py.constant #py.int<2>
    %s = py.build_set(%one)
    %remove = py.getattr %s["remove"]
    %n = py.call %remove(%two)
    %in = py.contains %one in %s
    py.return %in
  }
}

// -----

// `a, *rest, b = t` of a constant tuple and of a tuple built in the code;
// too few elements (ValueError) stays.
// CHECK-LABEL: py.func @unpack_ex
// CHECK-SAME:      %[[X:[^:]*]]: !py.object
// CHECK-DAG:     %[[ONE:.*]] = py.constant #py.int<1>
// CHECK-DAG:     %[[TWO:.*]] = py.constant #py.int<2>
// CHECK-DAG:     %[[THREE:.*]] = py.constant #py.int<3>
// CHECK-DAG:     %[[MID:.*]] = py.build_list(%[[TWO]])
// CHECK-DAG:     %[[EMPTY:.*]] = py.build_list()
// CHECK-DAG:     %[[SHORT:.*]]:4 = py.unpack_ex %{{.*}}, 2, 1
// CHECK:         py.build_tuple(%[[ONE]], %[[MID]], %[[THREE]], %[[X]], %[[EMPTY]], %[[SHORT]]#0)
module attributes {py.entry = @unpack_ex, py.inputs = []} {
  py.func @unpack_ex(%x: !py.object) -> !py.object
      attributes {argcount = 1 : i64, cellvars = [], flags = #py.code_flags<optimized | newlocals>,
                  freevars = [], kwonlyargcount = 0 : i64, posonlyargcount = 0 : i64,
                  qualname = "unpack_ex", varnames = ["x"]} {
    %t = py.constant [#py.int<1>, #py.int<2>, #py.int<3>]
    %a:3 = py.unpack_ex %t, 1, 1
    %built = py.build_tuple(%x)
    %b:2 = py.unpack_ex %built, 1, 0
    %pair = py.constant [#py.int<1>, #py.int<2>]
    %c:4 = py.unpack_ex %pair, 2, 1
    %r = py.build_tuple(%a#0, %a#1, %a#2, %b#0, %b#1, %c#0)
    py.return %r
  }
}

// -----

// `iter(x)` of the builtin is GET_ITER; `in` of a fresh iterator of a
// tuple of simple constants folds, and the iterator goes.
// CHECK-LABEL: py.func @iter_builtin
// CHECK-SAME:      %[[X:[^:]*]]: !py.object
// CHECK-DAG:     %[[TRUE:.*]] = py.constant true
// CHECK-DAG:     %[[IT:.*]] = py.get_iter %[[X]]
// CHECK-NOT:     py.load_global "iter"
// CHECK:         py.build_tuple(%[[IT]], %[[TRUE]])
module attributes {py.entry = @iter_builtin, py.inputs = []} {
  py.globals {
  }
  py.func @iter_builtin(%x: !py.object) -> !py.object
      attributes {argcount = 1 : i64, cellvars = [], flags = #py.code_flags<optimized | newlocals>,
                  freevars = [], kwonlyargcount = 0 : i64, posonlyargcount = 0 : i64,
                  qualname = "iter_builtin", varnames = ["x"]} {
    %iter = py.load_global "iter"
    %it = py.call %iter(%x)
    %t = py.constant [#py.int<1>, #py.int<2>]
    %tit = py.get_iter %t
    %one = py.constant 1.0 : f64
    %in = py.contains %one in %tit
    %r = py.build_tuple(%it, %in)
    py.return %r
  }
}

// -----

// Slices with constant bounds of a tuple built in the code, of a constant
// tuple, and of a list nothing else sees (a new list), as CPython's
// PySlice_AdjustIndices bounds them; a bound that is not a constant stays.
// CHECK-LABEL: py.func @slices
// CHECK-DAG:     %[[TAIL:.*]] = py.build_tuple(%b, %c)
// CHECK-DAG:     %[[REV:.*]] = py.build_tuple(%c, %b, %a)
// CHECK-DAG:     %[[EVERY:.*]] = py.build_tuple(%a, %c)
// CHECK-DAG:     %[[LIST:.*]] = py.build_list(%b)
// CHECK-DAG:     %[[CONST:.*]] = py.build_tuple(%c4, %c5)
// CHECK-DAG:     %[[KEPT:.*]] = py.getitem %{{.*}}[%{{.*}}]
// CHECK:         py.build_tuple(%[[TAIL]], %[[REV]], %[[EVERY]], %[[LIST]], %[[CONST]], %[[KEPT]])
module attributes {py.entry = @slices, py.inputs = []} {
py.func @slices(%a: !py.object, %b: !py.object, %c: !py.object) -> !py.object attributes {argcount = 3 : i64, cellvars = [], flags = #py.code_flags<optimized | newlocals>, freevars = [], kwonlyargcount = 0 : i64, posonlyargcount = 0 : i64, qualname = "slices", varnames = ["a", "b", "c"]} {
  %none = py.constant #py.none
  %one = py.constant #py.int<1>
  %two = py.constant #py.int<2>
  %m1 = py.constant #py.int<-1>
  %m9 = py.constant #py.int<-9>
  %t = py.build_tuple(%a, %b, %c)
  %s1 = py.build_slice %one : %none
  %tail = py.getitem %t[%s1]
  %s2 = py.build_slice %none : %none : %m1
  %rev = py.getitem %t[%s2]
  %s3 = py.build_slice %m9 : %none : %two
  %every = py.getitem %t[%s3]
  %l = py.build_list(%a, %b, %c)
  %s4 = py.build_slice %one : %m1
  %list = py.getitem %l[%s4]
  %k = py.constant [#py.int<4>, #py.int<5>, #py.int<6>]
  %s5 = py.build_slice %none : %two
  %const = py.getitem %k[%s5]
  %s6 = py.build_slice %a : %none
  %kept = py.getitem %t[%s6]
  %r = py.build_tuple(%tail, %rev, %every, %list, %const, %kept)
  py.return %r
}
}
// -----

// `x.squeeze()` and `x.squeeze(d)`.
// CHECK-LABEL: py.func @squeeze
// CHECK:         %[[X:.*]] = tg.guard_tensor
// CHECK:         tg.squeeze %[[X]] : tensor<1x4x1xf32>
// CHECK:         tg.squeeze %[[X]] dims [2] : tensor<1x4x1xf32>
module attributes {py.entry = @squeeze, py.inputs = []} {
py.func @squeeze(%x: !py.object) -> !py.object attributes {argcount = 1 : i64, cellvars = [], flags = #py.code_flags<optimized | newlocals>, freevars = [], kwonlyargcount = 0 : i64, posonlyargcount = 0 : i64, qualname = "squeeze", varnames = ["x"]} {
  %gx = tg.guard_tensor %x at "L['x']" strides [4, 1, 1] : !py.object -> tensor<1x4x1xf32>
  %tx = py.tensor_object %gx : tensor<1x4x1xf32>
  %m = py.getattr %tx["squeeze"]
  %all = py.call %m()
  %m2 = py.getattr %tx["squeeze"]
  %two = py.constant #py.int<2>
  %one = py.call %m2(%two)
  %r = py.build_tuple(%all, %one)
  py.return %r
}
}

// -----

// In-place methods of a tensor the code computed, held by one object that
// only later ops use: they become the out-of-place op, and later uses (and
// the method's result) see the changed tensor. On an input, or where the
// result would change the dtype (an int tensor's div_), they stay.
// CHECK-LABEL: py.func @in_place
// CHECK:         %[[X:.*]] = tg.guard_tensor %x
// CHECK:         %[[N:.*]] = tg.guard_tensor %n
// CHECK:         %[[Y:.*]] = tg.mul %[[X]], %{{.*}} : tensor<4xf32>, i64
// CHECK:         %[[A:.*]] = tg.add %[[Y]], %{{.*}} : tensor<4xf32>, i64
// CHECK:         %[[R:.*]] = tg.relu %[[A]] : tensor<4xf32>
// CHECK:         %[[RO:.*]] = py.tensor_object %[[R]]
// CHECK:         %[[IN:.*]] = py.getattr %{{.*}}["add_"]
// CHECK:         py.call %[[IN]]
// CHECK:         %[[DIV:.*]] = py.getattr %{{.*}}["div_"]
// CHECK:         py.call %[[DIV]]
// CHECK:         py.build_tuple(%[[RO]], %[[RO]]
module attributes {py.entry = @in_place, py.inputs = []} {
py.func @in_place(%x: !py.object, %n: !py.object) -> !py.object attributes {argcount = 2 : i64, cellvars = [], flags = #py.code_flags<optimized | newlocals>, freevars = [], kwonlyargcount = 0 : i64, posonlyargcount = 0 : i64, qualname = "in_place", varnames = ["x", "n"]} {
  %gx = tg.guard_tensor %x at "L['x']" strides [1] : !py.object -> tensor<4xf32>
  %tx = py.tensor_object %gx : tensor<4xf32>
  %gn = tg.guard_tensor %n at "L['n']" strides [1] : !py.object -> tensor<4xi64>
  %tn = py.tensor_object %gn : tensor<4xi64>
  %two = py.constant #py.int<2>
  %one = py.constant #py.int<1>
  %y = py.binop mul %tx, %two
  %m = py.getattr %y["add_"]
  %r = py.call %m(%one)
  %m2 = py.getattr %r["relu_"]
  %r2 = py.call %m2()
  %m3 = py.getattr %tx["add_"]
  %r3 = py.call %m3(%one)
  %k = py.binop mul %tn, %two
  %m4 = py.getattr %k["div_"]
  %r4 = py.call %m4(%two)
  %t = py.build_tuple(%y, %r2, %r3, %r4)
  py.return %t
}
}

// -----

// `l[i] = v` with a constant index in range changes a list the code built
// like append does: reads after it see the new item.
// CHECK-LABEL: py.func @list_store
// CHECK:         %[[L:.*]] = py.build_list(%a, %c, %b)
// CHECK-NOT:     py.setitem
// CHECK:         py.return %[[L]]
module attributes {py.entry = @list_store, py.inputs = []} {
py.func @list_store(%a: !py.object, %b: !py.object, %c: !py.object) -> !py.object attributes {argcount = 3 : i64, cellvars = [], flags = #py.code_flags<optimized | newlocals>, freevars = [], kwonlyargcount = 0 : i64, posonlyargcount = 0 : i64, qualname = "list_store", varnames = ["a", "b", "c"]} {
  %l = py.build_list(%a, %a)
  %one = py.constant #py.int<1>
  py.setitem %l[%one] = %c
  py.list_append %l, %b
  py.return %l
}
}

// -----

// A tuple display the function only returns (here inside another) reads the
// list it holds as the function leaves it (each read a new list, as ever). Where the list changes after the
// tuple was built, the list stays as it is.
// CHECK-LABEL: py.func @list_returned_in_tuple
// CHECK:         %[[L:.*]] = py.build_list(%a, %b)
// CHECK-NEXT:    %[[LEN:.*]] = py.len %[[L]]
// CHECK-NEXT:    %[[L2:.*]] = py.build_list(%a, %b)
// CHECK-NEXT:    %[[IN:.*]] = py.build_tuple(%[[L2]], %[[LEN]])
// CHECK-NEXT:    %[[T:.*]] = py.build_tuple(%a, %[[IN]])
// CHECK-NEXT:    py.return %[[T]]
module attributes {py.entry = @list_returned_in_tuple, py.inputs = []} {
py.func @list_returned_in_tuple(%a: !py.object, %b: !py.object) -> !py.object attributes {argcount = 2 : i64, cellvars = [], flags = #py.code_flags<optimized | newlocals>, freevars = [], kwonlyargcount = 0 : i64, posonlyargcount = 0 : i64, qualname = "list_returned_in_tuple", varnames = ["a", "b"]} {
  %l = py.build_list()
  %append = py.getattr %l["append"]
  %r = py.call %append(%a)
  py.list_append %l, %b
  %n = py.len %l
  %in = py.build_tuple(%l, %n)
  %t = py.build_tuple(%a, %in)
  py.return %t
}
}

// -----

// CHECK-LABEL: py.func @list_changed_after_tuple
// CHECK:         %[[L:.*]] = py.build_list(%a)
// CHECK-NEXT:    %[[T:.*]] = py.build_tuple(%[[L]])
// CHECK-NEXT:    py.list_append %[[L]], %b
// CHECK-NEXT:    py.return %[[T]]
module attributes {py.entry = @list_changed_after_tuple, py.inputs = []} {
py.func @list_changed_after_tuple(%a: !py.object, %b: !py.object) -> !py.object attributes {argcount = 2 : i64, cellvars = [], flags = #py.code_flags<optimized | newlocals>, freevars = [], kwonlyargcount = 0 : i64, posonlyargcount = 0 : i64, qualname = "list_changed_after_tuple", varnames = ["a", "b"]} {
  %l = py.build_list(%a)
  %t = py.build_tuple(%l)
  py.list_append %l, %b
  py.return %t
}
}

// -----

// `int()`, `bool()`, `str()` and `repr()` of constants, as CPython computes
// them (int of a float truncates; of a str, base 10 with underscores between
// digits); a str unpacks into its characters. What CPython refuses, or what
// is not a constant, stays.
// CHECK-LABEL: py.func @conversions
// CHECK-DAG:     %[[I:.*]] = py.constant #py.int<-3>
// CHECK-DAG:     %[[J:.*]] = py.constant #py.int<1000>
// CHECK-DAG:     %[[B:.*]] = py.constant true
// CHECK-DAG:     %[[S:.*]] = py.constant "2.5"
// CHECK-DAG:     %[[R:.*]] = py.constant "'q'"
// CHECK-DAG:     %[[A:.*]] = py.constant "a"
// CHECK-DAG:     %[[Z:.*]] = py.constant "z"
// CHECK-DAG:     %[[BAD:.*]] = py.call %{{.*}}(%{{.*}})
// CHECK-DAG:     %[[VAR:.*]] = py.call %{{.*}}(%x)
// CHECK:         py.build_tuple(%[[I]], %[[J]], %[[B]], %[[S]], %[[R]], %[[A]], %[[Z]], %[[BAD]], %[[VAR]])
module attributes {py.entry = @conversions, py.inputs = []} {
py.globals {
}
py.func @conversions(%x: !py.object) -> !py.object attributes {argcount = 1 : i64, cellvars = [], flags = #py.code_flags<optimized | newlocals>, freevars = [], kwonlyargcount = 0 : i64, posonlyargcount = 0 : i64, qualname = "conversions", varnames = ["x"]} {
  %int = py.load_global "int"
  %f = py.constant -3.75 : f64
  %i = py.call %int(%f)
  %digits = py.constant " 1_000 "
  %j = py.call %int(%digits)
  %bool = py.load_global "bool"
  %text = py.constant "a"
  %b = py.call %bool(%text)
  %str = py.load_global "str"
  %half = py.constant 2.5 : f64
  %s = py.call %str(%half)
  %repr = py.load_global "repr"
  %q = py.constant "q"
  %r = py.call %repr(%q)
  %az = py.constant "az"
  %u:2 = py.unpack_sequence %az, 2
  %nonsense = py.constant "1__0"
  %bad = py.call %int(%nonsense)
  %var = py.call %int(%x)
  %t = py.build_tuple(%i, %j, %b, %s, %r, %u#0, %u#1, %bad, %var)
  py.return %t
}
}
