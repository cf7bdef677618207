// RUN: dynamir-opt %s --py-report-graph-breaks --verify-each --split-input-file --verify-diagnostics
// RUN: not dynamir-opt %s --py-report-graph-breaks=fullgraph=true --split-input-file 2>&1 | FileCheck %s --check-prefix=FULLGRAPH
// RUN: dynamir-opt %s --py-report-graph-breaks=explain=true --split-input-file -o /dev/null 2>/dev/null | FileCheck %s --check-prefix=EXPLAIN

// What the capture left in Python is reported where it starts, with Dynamo's
// gb_type; code downstream of a break is not reported again, and values
// that are only named (a global, an attribute) are reported where used.

module attributes {py.entry = @f, py.inputs = []} {
  py.func @f(%x: !py.object) -> !py.object
      attributes {argcount = 1 : i64, cellvars = [], flags = #py.code_flags<optimized | newlocals>,
                  freevars = [], kwonlyargcount = 0 : i64, posonlyargcount = 0 : i64,
                  qualname = "f", varnames = ["x"]} {
    %g = tg.guard_tensor %x at "L['x']" strides [1] : !py.object -> tensor<4xf32>
    %s = tg.sum %g : tensor<4xf32>
    %zero = arith.constant 0 : i64
    %c = tg.cmp gt %s, %zero : tensor<f32>, i64
    %co = py.tensor_object %c : tensor<i1>
    // expected-warning @+5 {{graph break: Data-dependent branching}}
    // expected-note @+4 {{Explanation: Detected data-dependent branching (e.g. `if my_tensor.sum() > 0:`). Dynamir, like Dynamo, does not trace dynamic control flow.}}
    // expected-note @+3 {{Hint: This graph break is fundamental}}
    // expected-note @+2 {{Hint: Use `torch.cond` to express dynamic control flow.}}
    // expected-note @+1 {{Developer debug context: attempted to jump with a tensor<i1>}}
    %t = py.truth %co
    cf.cond_br %t, ^bb1, ^bb2
  ^bb1:
    %m = tg.mul %g, %zero : tensor<4xf32>, i64
    %mo = py.tensor_object %m : tensor<4xf32>
    %item = py.getattr %mo["item"]
    // expected-warning @+4 {{graph break: Unsupported Tensor.item() call with capture_scalar_outputs=False}}
    // expected-note @+3 {{Explanation}}
    // expected-note @+2 {{Hint}}
    // expected-note @+1 {{Developer debug context: call_method TensorVariable() item () {}}}
    %v = py.call %item()
    %print = py.load_global "print"
    %p = py.call %print(%v)
    py.return %mo
  ^bb2:
    %go = py.tensor_object %g : tensor<4xf32>
    %back = py.getattr %go["backward"]
    // expected-warning @+4 {{graph break: Unsupported Tensor.backward() call}}
    // expected-note @+3 {{Explanation}}
    // expected-note @+2 {{Hint}}
    // expected-note @+1 {{Developer debug context: call_method TensorVariable() backward () {}}}
    %b = py.call %back()
    %cos = py.getattr %go["cosh"]
    // expected-warning @+5 {{graph break: Unsupported method call}}
    // expected-note @+4 {{Explanation: Dynamir does not know how to trace method `cosh` of class `Tensor` (tensor<4xf32>)}}
    // expected-note @+3 {{Hint: Avoid calling `Tensor.cosh` in your code.}}
    // expected-note @+2 {{Hint: Please report an issue to Dynamir.}}
    // expected-note @+1 {{Developer debug context: call_method TensorVariable() cosh}}
    %r = py.call %cos()
    // Downstream of a break: not reported again.
    %len = py.load_global "len"
    %l = py.call %len(%r)
    %open = py.load_global "open"
    // expected-warning @+5 {{graph break: Unsupported function call}}
    // expected-note @+4 {{Explanation: Dynamir does not know how to trace the function `open`.}}
    // expected-note @+3 {{Hint: Avoid calling `open` in your code.}}
    // expected-note @+2 {{Hint: Please report an issue to Dynamir.}}
    // expected-note @+1 {{Developer debug context: call_function open}}
    %o = py.call %open(%go)
    %lo = py.build_tuple(%l, %o)
    py.return %lo
  }
}

// FULLGRAPH: error: graph break: Data-dependent branching
// FULLGRAPH: error: graph break: Unsupported Tensor.item() call with capture_scalar_outputs=False
// FULLGRAPH: error: graph break: Unsupported Tensor.backward() call
// FULLGRAPH: error: graph break: Unsupported method call
// FULLGRAPH: error: graph break: Unsupported function call

// EXPLAIN:      Graph Count: 2
// EXPLAIN-NEXT: Graph Break Count: 5
// EXPLAIN-NEXT: Op Count: 3
// EXPLAIN-NEXT: Break Reasons:
// EXPLAIN-NEXT:   Break Reason 1:
// EXPLAIN-NEXT:     Reason: Data-dependent branching
// EXPLAIN-NEXT:     User Stack: loc(
// EXPLAIN:      Ops per Graph:
// EXPLAIN-NEXT:   Ops 1:
// EXPLAIN-NEXT:     tg.sum
// EXPLAIN-NEXT:     tg.cmp
// EXPLAIN-NEXT:   Ops 2:
// EXPLAIN-NEXT:     tg.mul
// EXPLAIN-NEXT: Out Guards:
// EXPLAIN-NEXT:   Guard 1: TENSOR_MATCH: L['x'] (dtype=torch.float32, device=cpu, size=[4], stride=[1], requires_grad=False)

// -----

// A fully captured function has no break, and one graph.
module attributes {py.entry = @g, py.inputs = []} {
  py.func @g(%x: !py.object) -> !py.object
      attributes {argcount = 1 : i64, cellvars = [], flags = #py.code_flags<optimized | newlocals>,
                  freevars = [], kwonlyargcount = 0 : i64, posonlyargcount = 0 : i64,
                  qualname = "g", varnames = ["x"]} {
    %g = tg.guard_tensor %x at "L['x']" strides [1] : !py.object -> tensor<4xf32>
    %n = py.constant #py.int<2>
    %r = tg.relu %g : tensor<4xf32>
    %ro = py.tensor_object %r : tensor<4xf32>
    %t = py.build_tuple(%ro, %n)
    py.return %t
  }
}

// EXPLAIN:      Graph Count: 1
// EXPLAIN-NEXT: Graph Break Count: 0
// EXPLAIN-NEXT: Op Count: 1

// -----

module attributes {py.entry = @h, py.inputs = []} {
  py.func @h(%x: !py.object) -> !py.object
      attributes {argcount = 1 : i64, cellvars = [], flags = #py.code_flags<optimized | newlocals | generator>,
                  freevars = [], kwonlyargcount = 0 : i64, posonlyargcount = 0 : i64,
                  qualname = "h", varnames = ["x"]} {
    // expected-warning @+4 {{graph break: Attempt to trace generator}}
    // expected-note @+3 {{Explanation: Generators cannot be compiled directly with `torch.compile`.}}
    // expected-note @+2 {{Hint: Call a generator from inside of a non-generator Python function and compile that function instead.}}
    // expected-note @+1 {{Hint: This graph break is fundamental}}
    %sent = py.return_generator
    %none = py.constant #py.none
    py.return %none
  }
}

// FULLGRAPH: error: graph break: Attempt to trace generator
