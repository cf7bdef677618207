// RUN: dynamir-opt %s --py-outline-graphs --verify-each --split-input-file | FileCheck %s

// Two stretches of tensor ops around a residual call: two graphs, called in
// order; the cast of the first graph's result moves after its call; the
// constant the graph uses is copied in.
// CHECK-LABEL: py.func @f(
// CHECK:         %[[X:.*]] = tg.guard_tensor %x
// CHECK-NEXT:    %[[G0:.*]]:2 = func.call @f.graph0(%[[X]]) : (tensor<4xf32>) -> (tensor<4xf32>, tensor<f32>)
// CHECK-NEXT:    %[[O:.*]] = py.tensor_object %[[G0]]#1
// CHECK-NEXT:    %[[ITEM:.*]] = py.getattr %[[O]]["item"]
// CHECK-NEXT:    %[[V:.*]] = py.call %[[ITEM]]()
// CHECK-NEXT:    %[[G1:.*]] = func.call @f.graph1(%[[G0]]#0) : (tensor<4xf32>) -> tensor<4xf32>
// CHECK-NEXT:    %[[R:.*]] = py.tensor_object %[[G1]]
// CHECK-NEXT:    %[[T:.*]] = py.build_tuple(%[[R]], %[[V]])
// CHECK-NEXT:    py.return %[[T]]
// CHECK:       func.func private @f.graph0(%[[A:.*]]: tensor<4xf32>) -> (tensor<4xf32>, tensor<f32>) attributes {tg.graph} {
// CHECK-NEXT:    %[[C:.*]] = arith.constant 2.000000e+00 : f64
// CHECK-NEXT:    %[[M:.*]] = tg.mul %[[A]], %[[C]]
// CHECK-NEXT:    %[[S:.*]] = tg.sum %[[M]]
// CHECK-NEXT:    return %[[M]], %[[S]]
// CHECK:       func.func private @f.graph1(%[[B:.*]]: tensor<4xf32>) -> tensor<4xf32> attributes {tg.graph} {
// CHECK-NEXT:    tg.relu %[[B]]
module attributes {py.entry = @f, py.inputs = [#py.tensor_input<tensor<4xf32>>]} {
  py.func @f(%x: !py.object) -> !py.object
      attributes {argcount = 1 : i64, cellvars = [], flags = #py.code_flags<optimized | newlocals>,
                  freevars = [], kwonlyargcount = 0 : i64, posonlyargcount = 0 : i64,
                  qualname = "f", varnames = ["x"]} {
    %c2 = arith.constant 2.0 : f64
    %gx = tg.guard_tensor %x at "L['x']" strides [1] : !py.object -> tensor<4xf32>
    %m = tg.mul %gx, %c2 : tensor<4xf32>, f64
    %s = tg.sum %m : tensor<4xf32>
    %o = py.tensor_object %s : tensor<f32>
    %item = py.getattr %o["item"]
    %v = py.call %item()
    %r = tg.relu %m : tensor<4xf32>
    %ro = py.tensor_object %r : tensor<4xf32>
    %t = py.build_tuple(%ro, %v)
    py.return %t
  }
}

// -----

// A fully captured entry is one graph, and stays whole.
// CHECK-LABEL: py.func @g(
// CHECK-NEXT:    tg.guard_tensor
// CHECK-NEXT:    tg.relu
// CHECK-NOT:     func.call
// CHECK-NOT:     func.func
module attributes {py.entry = @g, py.inputs = [#py.tensor_input<tensor<4xf32>>]} {
  py.func @g(%x: !py.object) -> !py.object
      attributes {argcount = 1 : i64, cellvars = [], flags = #py.code_flags<optimized | newlocals>,
                  freevars = [], kwonlyargcount = 0 : i64, posonlyargcount = 0 : i64,
                  qualname = "g", varnames = ["x"]} {
    %gx = tg.guard_tensor %x at "L['x']" strides [1] : !py.object -> tensor<4xf32>
    %r = tg.relu %gx : tensor<4xf32>
    %ro = py.tensor_object %r : tensor<4xf32>
    py.return %ro
  }
}
