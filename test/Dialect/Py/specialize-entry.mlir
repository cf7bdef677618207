// RUN: dynamir-opt %s --py-specialize-entry --verify-each --split-input-file --verify-diagnostics | FileCheck %s

// Tensors become guarded tensors that the code sees through a cast; scalars
// are specialized to constants under an assumed CONSTANT_MATCH.

// CHECK-LABEL: py.func @f(%x: !py.object, %n: !py.object, %w: !py.object, %s: !py.object)
// CHECK-NEXT:    %[[X:.*]] = tg.guard_tensor %x at "L['x']" strides [8, 1] : !py.object -> tensor<4x8xf32>
// CHECK-NEXT:    %[[XO:.*]] = py.tensor_object %[[X]] : tensor<4x8xf32>
// CHECK-NEXT:    %[[N:.*]] = tg.guard_constant %n at "L['n']" equals(#py.int<3>) : !py.object -> !py.object
// CHECK-NEXT:    tg.assume %[[N]] : !py.object
// CHECK-NEXT:    %[[C3:.*]] = py.constant #py.int<3>
// CHECK-NEXT:    %[[W:.*]] = tg.guard_tensor %w at "L['w']" strides [12, 4, 1] requires_grad : !py.object -> tensor<2x3x4xf64>
// CHECK-NEXT:    %[[WO:.*]] = py.tensor_object %[[W]]
// CHECK-NEXT:    %[[S:.*]] = tg.guard_constant %s at "L['s']" equals(#py.none)
// CHECK-NEXT:    tg.assume %[[S]]
// CHECK-NEXT:    %[[NONE:.*]] = py.constant #py.none
// CHECK-NEXT:    %[[M:.*]] = py.binop mul %[[XO]], %[[C3]]
// CHECK-NEXT:    py.build_tuple(%[[M]], %[[WO]], %[[NONE]])
module attributes {py.entry = @f, py.inputs = [#py.tensor_input<tensor<4x8xf32>>, #py.int<3>,
                                               #py.tensor_input<tensor<2x3x4xf64>, requires_grad>,
                                               #py.none]} {
  py.func @f(%x: !py.object, %n: !py.object, %w: !py.object, %s: !py.object) -> !py.object
      attributes {argcount = 4 : i64, cellvars = [], flags = #py.code_flags<optimized | newlocals>,
                  freevars = [], kwonlyargcount = 0 : i64, posonlyargcount = 0 : i64,
                  qualname = "f", varnames = ["x", "n", "w", "s"]} {
    %0 = py.binop mul %x, %n
    %1 = py.build_tuple(%0, %w, %s)
    py.return %1
  }
}

// -----

// Degenerate sizes: a 0-d tensor has no strides, a size-0 or size-1
// dimension still strides over the rest.
// CHECK-LABEL: py.func @g
// CHECK:         tg.guard_tensor %a at "L['a']" strides [] : !py.object -> tensor<i64>
// CHECK:         tg.guard_tensor %b at "L['b']" strides [3, 3, 1] : !py.object -> tensor<0x1x3xi1>
// CHECK:         tg.guard_constant %c at "L['c']" equals(5.000000e-01 : f64)
// CHECK:         tg.guard_constant %d at "L['d']" equals(true)
// CHECK:         tg.guard_constant %e at "L['e']" equals("abc")
module attributes {py.entry = @g, py.inputs = [#py.tensor_input<tensor<i64>>,
                                               #py.tensor_input<tensor<0x1x3xi1>>,
                                               0.5 : f64, true, "abc"]} {
  py.func @g(%a: !py.object, %b: !py.object, %c: !py.object, %d: !py.object, %e: !py.object) -> !py.object
      attributes {argcount = 5 : i64, cellvars = [], flags = #py.code_flags<optimized | newlocals>,
                  freevars = [], kwonlyargcount = 0 : i64, posonlyargcount = 0 : i64,
                  qualname = "g", varnames = ["a", "b", "c", "d", "e"]} {
    %0 = py.build_tuple(%a, %b, %c, %d, %e)
    py.return %0
  }
}

// -----

// Extra specs go to *args: each element is guarded at L['args'][i], the
// tuple's length is guarded, and an unused **kwargs is an empty dict with no
// keys.
// CHECK-LABEL: py.func @h(%x: !py.object, %args: !py.object, %kw: !py.object)
// CHECK:         %[[X:.*]] = tg.guard_constant %x at "L['x']" equals(#py.int<1>)
// CHECK:         %[[L:.*]] = tg.guard_len %args at "L['args']" is "builtins.tuple" length 2
// CHECK-NEXT:    tg.assume %[[L]]
// CHECK:         %[[E0:.*]] = py.getitem %[[L]][%{{.*}}]
// CHECK-NEXT:    %[[T0:.*]] = tg.guard_tensor %[[E0]] at "L['args'][0]" strides [1] : !py.object -> tensor<2xf32>
// CHECK-NEXT:    %[[O0:.*]] = py.tensor_object %[[T0]]
// CHECK:         %[[E1:.*]] = py.getitem %[[L]][%{{.*}}]
// CHECK-NEXT:    %[[G1:.*]] = tg.guard_constant %[[E1]] at "L['args'][1]" equals(2.500000e+00 : f64)
// CHECK-NEXT:    tg.assume %[[G1]]
// CHECK-NEXT:    %[[C1:.*]] = py.constant 2.500000e+00 : f64
// CHECK-NEXT:    %[[T:.*]] = py.build_tuple(%[[O0]], %[[C1]])
// CHECK-NEXT:    %[[K:.*]] = tg.guard_dict_keys %kw at "L['kw']" keys []
// CHECK-NEXT:    tg.assume %[[K]]
// CHECK-NEXT:    %[[D:.*]] = py.build_dict()
// CHECK:         py.build_tuple(%{{.*}}, %[[T]], %[[D]])
module attributes {py.entry = @h, py.inputs = [#py.int<1>, #py.tensor_input<tensor<2xf32>>, 2.5 : f64]} {
  py.func @h(%x: !py.object, %args: !py.object, %kw: !py.object) -> !py.object
      attributes {argcount = 1 : i64, cellvars = [], flags = #py.code_flags<optimized | newlocals | varargs | varkeywords>,
                  freevars = [], kwonlyargcount = 0 : i64, posonlyargcount = 0 : i64,
                  qualname = "h", varnames = ["x", "args", "kw"]} {
    %0 = py.build_tuple(%x, %args, %kw)
    py.return %0
  }
}

// -----

// expected-error @+1 {{no capture entry: the module needs `py.entry` and `py.inputs`}}
module {
}

// -----

module attributes {py.entry = @k, py.inputs = []} {
  // expected-error @+1 {{keyword-only parameters of the capture entry 'k' have no input spec}}
  py.func @k(%a: !py.object) -> !py.object
      attributes {argcount = 0 : i64, cellvars = [], flags = #py.code_flags<optimized | newlocals>,
                  freevars = [], kwonlyargcount = 1 : i64, posonlyargcount = 0 : i64,
                  qualname = "k", varnames = ["a"]} {
    py.return %a
  }
}

// -----

module attributes {py.entry = @m, py.inputs = [#py.int<1>]} {
  // expected-error @+1 {{the capture entry 'm' takes 2 positional parameters but `py.inputs` has 1 spec}}
  py.func @m(%a: !py.object, %b: !py.object) -> !py.object
      attributes {argcount = 2 : i64, cellvars = [], flags = #py.code_flags<optimized | newlocals>,
                  freevars = [], kwonlyargcount = 0 : i64, posonlyargcount = 0 : i64,
                  qualname = "m", varnames = ["a", "b"]} {
    py.return %a
  }
}
