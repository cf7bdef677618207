// RUN: dynamir-opt %s --split-input-file --verify-diagnostics

py.func @f() -> !py.object attributes {argcount = 0 : i64, cellvars = [], flags = #py.code_flags<none>, freevars = [], kwonlyargcount = 0 : i64, posonlyargcount = 0 : i64, qualname = "f", varnames = []} {
  // expected-error @+1 {{'py.constant' op expects a Python constant attribute, got 1 : i32}}
  %0 = py.constant 1 : i32
  py.return %0
}

// -----

py.func @f() -> !py.object attributes {argcount = 0 : i64, cellvars = [], flags = #py.code_flags<none>, freevars = [], kwonlyargcount = 0 : i64, posonlyargcount = 0 : i64, qualname = "f", varnames = []} {
  // expected-error @+1 {{'py.constant' op expects a Python constant attribute}}
  %0 = py.constant [#py.none, 2.0 : f32]
  py.return %0
}

// -----

py.func @f() -> !py.object attributes {argcount = 0 : i64, cellvars = [], flags = #py.code_flags<none>, freevars = [], kwonlyargcount = 0 : i64, posonlyargcount = 0 : i64, qualname = "f", varnames = []} {
  // expected-error @+1 {{frozenset element 1 : i32 is not a Python constant}}
  %0 = py.constant #py.frozenset<[1 : i32]>
  py.return %0
}

// -----

// expected-error @+1 {{'py.func' op expects 2 arguments (1 parameters and 1 free-variable cells), but its type has 1}}
py.func @f(%a: !py.object) -> !py.object attributes {argcount = 1 : i64, cellvars = [], flags = #py.code_flags<none>, freevars = ["z"], kwonlyargcount = 0 : i64, posonlyargcount = 0 : i64, qualname = "f", varnames = ["a"]} {
  py.return %a
}

// -----

// *args and **kwargs are parameters too.
// expected-error @+1 {{'py.func' op expects 3 arguments (3 parameters and 0 free-variable cells), but its type has 1}}
py.func @f(%a: !py.object) -> !py.object attributes {argcount = 1 : i64, cellvars = [], flags = #py.code_flags<varargs | varkeywords>, freevars = [], kwonlyargcount = 0 : i64, posonlyargcount = 0 : i64, qualname = "f", varnames = ["a", "args", "kwargs"]} {
  py.return %a
}

// -----

// expected-error @+1 {{'py.func' op has more positional-only parameters (2) than positional parameters (1)}}
py.func @f(%a: !py.object) -> !py.object attributes {argcount = 1 : i64, cellvars = [], flags = #py.code_flags<none>, freevars = [], kwonlyargcount = 0 : i64, posonlyargcount = 2 : i64, qualname = "f", varnames = ["a"]} {
  py.return %a
}

// -----

py.func @f(%a: !py.object) -> !py.object attributes {argcount = 1 : i64, cellvars = [], flags = #py.code_flags<none>, freevars = [], kwonlyargcount = 0 : i64, posonlyargcount = 0 : i64, qualname = "f", varnames = ["a"]} {
  // expected-error @+1 {{'py.call' op repeats keyword argument 'k'}}
  %0 = py.call %a(k = %a, k = %a)
  py.return %0
}

// -----

py.func @f(%a: !py.object) -> !py.object attributes {argcount = 1 : i64, cellvars = [], flags = #py.code_flags<none>, freevars = [], kwonlyargcount = 0 : i64, posonlyargcount = 0 : i64, qualname = "f", varnames = ["a"]} {
  // expected-error @+1 {{positional argument follows keyword argument}}
  %0 = py.call %a(k = %a, %a)
  py.return %0
}

// -----

py.func @f(%a: !py.object) -> !py.object attributes {argcount = 1 : i64, cellvars = [], flags = #py.code_flags<none>, freevars = [], kwonlyargcount = 0 : i64, posonlyargcount = 0 : i64, qualname = "f", varnames = ["a"]} {
  // expected-error @+1 {{'py.unpack_sequence' op expects 3 results, got 2}}
  %0:2 = "py.unpack_sequence"(%a) <{count = 3 : i64}> : (!py.object) -> (!py.object, !py.object)
  py.return %a
}

// -----

py.func @f(%a: !py.object) -> !py.object attributes {argcount = 1 : i64, cellvars = [], flags = #py.code_flags<none>, freevars = [], kwonlyargcount = 0 : i64, posonlyargcount = 0 : i64, qualname = "f", varnames = ["a"]} {
  // expected-error @+1 {{'py.make_function' op 'missing' does not name a py.func}}
  %0 = py.make_function @missing
  py.return %0
}

// -----

py.func @g(%z: !py.object) -> !py.object attributes {argcount = 0 : i64, cellvars = [], flags = #py.code_flags<nested>, freevars = ["z"], kwonlyargcount = 0 : i64, posonlyargcount = 0 : i64, qualname = "g", varnames = []} {
  py.return %z
}
py.func @f(%a: !py.object) -> !py.object attributes {argcount = 1 : i64, cellvars = [], flags = #py.code_flags<none>, freevars = [], kwonlyargcount = 0 : i64, posonlyargcount = 0 : i64, qualname = "f", varnames = ["a"]} {
  // expected-error @+1 {{'py.make_function' op needs a closure for the 1 free variables of 'g'}}
  %0 = py.make_function @g
  py.return %0
}

// -----

py.func @f(%a: !py.object) -> !py.object attributes {argcount = 1 : i64, cellvars = [], flags = #py.code_flags<none>, freevars = [], kwonlyargcount = 0 : i64, posonlyargcount = 0 : i64, qualname = "f", varnames = ["a"]} {
  // expected-error @+1 {{'py.call_intrinsic' op 'typevar_with_bound' takes 2 arguments, got 1}}
  %0 = py.call_intrinsic typevar_with_bound(%a)
  py.return %0
}

// -----

py.func @f(%a: !py.object) -> !py.object attributes {argcount = 1 : i64, cellvars = [], flags = #py.code_flags<none>, freevars = [], kwonlyargcount = 0 : i64, posonlyargcount = 0 : i64, qualname = "f", varnames = ["a"]} {
  %t = py.truth %a
  cf.cond_br %t, ^bb1, ^bb2
^bb1:
  py.return %a
^bb2:
  // expected-error @+1 {{'py.landing_pad' op is reached by a non-unwind edge from 'cf.cond_br'}}
  %e = py.landing_pad
  py.return %e
}

// -----

py.func @f(%a: !py.object) -> !py.object attributes {argcount = 1 : i64, cellvars = [], flags = #py.code_flags<none>, freevars = [], kwonlyargcount = 0 : i64, posonlyargcount = 0 : i64, qualname = "f", varnames = ["a"]} {
  py.raise %a unwind ^bb1
^bb1:
  %c = py.constant #py.none
  // expected-error @+1 {{'py.landing_pad' op must be the first operation of its block}}
  %e = py.landing_pad
  py.return %e
}

// -----

py.func @f(%a: !py.object) -> !py.object attributes {argcount = 1 : i64, cellvars = [], flags = #py.code_flags<none>, freevars = [], kwonlyargcount = 0 : i64, posonlyargcount = 0 : i64, qualname = "f", varnames = ["a"]} {
  // expected-error @+1 {{'py.raise' op has a cause but no exception}}
  "py.raise"(%a) <{operandSegmentSizes = array<i32: 0, 1, 0>}> : (!py.object) -> ()
}

// -----

py.func @f(%a: !py.object) -> !py.object attributes {argcount = 1 : i64, cellvars = [], flags = #py.code_flags<none>, freevars = [], kwonlyargcount = 0 : i64, posonlyargcount = 0 : i64, qualname = "f", varnames = ["a"]} {
  // expected-error @+1 {{branch has 1 operands for successor #1, but target block has 0}}
  py.unwind_br ^bb1 unwind ^bb2(%a : !py.object)
^bb1:
  py.return %a
^bb2:
  %e = py.landing_pad
  py.return %e
}

// -----

py.func @f(%a: !py.object) -> !py.object attributes {argcount = 1 : i64, cellvars = [], flags = #py.code_flags<none>, freevars = [], kwonlyargcount = 0 : i64, posonlyargcount = 0 : i64, qualname = "f", varnames = ["a"]} {
  // expected-error @+1 {{'py.init_instance' op repeats keyword argument 'k'}}
  %r = py.init_instance %a, %a(%a, %a) kwnames ["k", "k"]
  py.return %r
}

// -----

py.func @f(%a: !py.object) -> !py.object attributes {argcount = 1 : i64, cellvars = [], flags = #py.code_flags<none>, freevars = [], kwonlyargcount = 0 : i64, posonlyargcount = 0 : i64, qualname = "f", varnames = ["a"]} {
  // expected-error @+1 {{'py.init_instance' op names 2 keyword arguments but has 1 arguments}}
  %r = py.init_instance %a, %a(%a) kwnames ["j", "k"]
  py.return %r
}

// -----

py.func @f(%a: !py.object) -> !py.object attributes {argcount = 1 : i64, cellvars = [], flags = #py.code_flags<none>, freevars = [], kwonlyargcount = 0 : i64, posonlyargcount = 0 : i64, qualname = "f", varnames = ["a"]} {
  %t = tg.guard_tensor %a at "L['a']" strides [1] : !py.object -> tensor<4xf32>
  // expected-error @+1 {{'py.autograd_backward' op has 1 inputs but 2 input_positions}}
  %r = py.autograd_backward inputs(%t : tensor<4xf32>) outputs(%t : tensor<4xf32>) grad_outputs(%t : tensor<4xf32>) ctx %a backward %a non_differentiable %a {input_positions = array<i64: 0, 1>, num_args = 2 : i64}
  py.return %r
}

// -----

py.func @f(%a: !py.object) -> !py.object attributes {argcount = 1 : i64, cellvars = [], flags = #py.code_flags<none>, freevars = [], kwonlyargcount = 0 : i64, posonlyargcount = 0 : i64, qualname = "f", varnames = ["a"]} {
  %t = tg.guard_tensor %a at "L['a']" strides [1] : !py.object -> tensor<4xf32>
  // expected-error @+1 {{'py.autograd_backward' op input_positions must be increasing indices of the 1 arguments}}
  %r = py.autograd_backward inputs(%t : tensor<4xf32>) outputs(%t : tensor<4xf32>) grad_outputs(%t : tensor<4xf32>) ctx %a backward %a non_differentiable %a {input_positions = array<i64: 1>, num_args = 1 : i64}
  py.return %r
}

// -----

py.func @f(%a: !py.object) -> !py.object attributes {argcount = 1 : i64, cellvars = [], flags = #py.code_flags<none>, freevars = [], kwonlyargcount = 0 : i64, posonlyargcount = 0 : i64, qualname = "f", varnames = ["a"]} {
  %t = tg.guard_tensor %a at "L['a']" strides [1] : !py.object -> tensor<4xf32>
  %u = tg.guard_tensor %a at "L['a']" strides [1] : !py.object -> tensor<4xf64>
  // expected-error @+1 {{'py.autograd_backward' op needs a gradient placeholder of each output's type}}
  %r = py.autograd_backward inputs(%t : tensor<4xf32>) outputs(%t : tensor<4xf32>) grad_outputs(%u : tensor<4xf64>) ctx %a backward %a non_differentiable %a {input_positions = array<i64: 0>, num_args = 1 : i64}
  py.return %r
}

// -----

py.func @f(%a: !py.object) -> !py.object attributes {argcount = 1 : i64, cellvars = [], flags = #py.code_flags<none>, freevars = [], kwonlyargcount = 0 : i64, posonlyargcount = 0 : i64, qualname = "f", varnames = ["a"]} {
  %t = tg.guard_tensor %a at "L['a']" strides [1] : !py.object -> tensor<4xf32>
  // expected-error @+1 {{'py.autograd_backward' op returns one output unless it is a tuple}}
  %r = py.autograd_backward inputs(%t : tensor<4xf32>) outputs(%t, %t : tensor<4xf32>, tensor<4xf32>) grad_outputs(%t, %t : tensor<4xf32>, tensor<4xf32>) ctx %a backward %a non_differentiable %a {input_positions = array<i64: 0>, num_args = 1 : i64}
  py.return %r
}

// -----

py.func @f(%a: !py.object) -> !py.object attributes {argcount = 1 : i64, cellvars = [], flags = #py.code_flags<none>, freevars = [], kwonlyargcount = 0 : i64, posonlyargcount = 0 : i64, qualname = "f", varnames = ["a"]} {
  // expected-error @+1 {{'py.check_str_result' op checks what __str__ or __repr__ returned, not __len__}}
  %r = py.check_str_result %a of "__len__"
  py.return %r
}
