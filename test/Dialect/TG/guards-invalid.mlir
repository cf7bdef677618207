// RUN: dynamir-opt %s --split-input-file --verify-each --verify-diagnostics

func.func @f(%v: !py.object) {
  // expected-error @+1 {{invalid source: expected L[...], G[...], __import__(...), type(...), getattr(...) or object.__getattribute__(...) at offset 0 of "x"}}
  %0 = tg.guard_type %v at "x" is @A : !py.object -> !py.object
  return
}

// -----

func.func @f(%v: !py.object) {
  // expected-error @+1 {{invalid source: expected an attribute name at offset 7 of "L['x']."}}
  %0 = tg.guard_type %v at "L['x']." is @A : !py.object -> !py.object
  return
}

// -----

func.func @f(%v: !py.object) {
  // expected-error @+1 {{invalid source: unterminated string}}
  %0 = tg.guard_type %v at "L['x" is @A : !py.object -> !py.object
  return
}

// -----

func.func @f(%v: !py.object) {
  // expected-error @+1 {{invalid source: a negative dimension}}
  %0 = tg.guard_type %v at "L['x'].size()[-1]" is @A : !py.object -> !py.object
  return
}

// -----

func.func @f(%v: !py.object) {
  // expected-error @+1 {{'tg.guard_tensor' op expects 2 strides for 'tensor<4x8xf32>', got 1}}
  %0 = tg.guard_tensor %v at "L['x']" strides [1] : !py.object -> tensor<4x8xf32>
  return
}

// -----

func.func @f(%v: !py.object) {
  // expected-error @+1 {{'tg.guard_tensor' op only tensors of floating point dtype can require gradients}}
  %0 = tg.guard_tensor %v at "L['x']" strides [1] requires_grad : !py.object -> tensor<4xi64>
  return
}

// -----

func.func @f(%v: !py.object) {
  // expected-error @+1 {{'tg.guard_tensor' op expects non-negative strides}}
  %0 = tg.guard_tensor %v at "L['x']" strides [-1] : !py.object -> tensor<4xf32>
  return
}

// -----

func.func @f(%v: !py.object) {
  // expected-error @+1 {{'tg.guard_constant' op expects a Python constant, got 3 : i32}}
  %0 = tg.guard_constant %v at "L['n']" equals(3 : i32) : !py.object -> !py.object
  return
}

// -----

func.func @f(%v: !py.object) {
  // expected-error @+1 {{'tg.guard_constant' op compares code objects by identity}}
  %0 = tg.guard_constant %v at "L['n']" equals(#py.code<@f>) : !py.object -> !py.object
  return
}

// -----

func.func @f(%v: !py.object) {
  // expected-error @+1 {{'tg.guard_closure' op expects 'nowhere' to name a py.func}}
  %0 = tg.guard_closure %v at "L['f']" code @nowhere : !py.object -> !py.object
  return
}

// -----

func.func @f(%v: !py.object) {
  // expected-error @+1 {{'tg.guard_len' op expects a non-negative length, got -1}}
  %0 = tg.guard_len %v at "L['xs']" is "builtins.list" length -1 : !py.object -> !py.object
  return
}

// -----

func.func @f(%v: !py.object) {
  // expected-error @+1 {{'tg.guard_dict_keys' op has the key "a" twice}}
  %0 = tg.guard_dict_keys %v at "L['d']" keys ["a", "a"] : !py.object -> !py.object
  return
}

// -----

func.func @f(%v: !py.object) {
  // expected-error @+1 {{'tg.guard_dict_keys' op expects constant keys, got 1 : i32}}
  %0 = tg.guard_dict_keys %v at "L['d']" keys [1 : i32] : !py.object -> !py.object
  return
}

// -----

// expected-error @+1 {{invalid source: expected ']' at offset 5 of "L['x'"}}
func.func @f() attributes {tg.where = #tg.source<"L['x'">} {
  return
}

// -----

func.func @f(%v: !py.object) {
  // expected-error @+1 {{'tg.assume' op expects the result of a guard}}
  tg.assume %v : !py.object
  return
}
