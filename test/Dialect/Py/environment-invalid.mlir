// RUN: dynamir-opt %s --split-input-file --verify-diagnostics

py.globals {
  py.global "x" = #py.int<1>
  // expected-error @below {{'py.global' op binds global 'x' twice}}
  py.global "x" = #py.int<2>
}

// -----

py.class @builtins.object "object" library bases [] mro [@builtins.object] {
}
// expected-error @below {{'py.class' op mro must start with the class itself}}
py.class @"G['A']" "A" bases [@builtins.object] mro [@builtins.object] {
}

// -----

py.class @builtins.object "object" library bases [] mro [@builtins.object] {
}
py.class @"G['A']" "A" bases [@builtins.object] mro [@"G['A']", @builtins.object] {
}
py.class @"G['B']" "B" bases [@"G['A']"] mro [@"G['B']", @"G['A']", @builtins.object] {
}
// A(B) after B(A) would need A both before and after B.
// expected-error @below {{'py.class' op has no consistent MRO: Cannot create a consistent method resolution}}
py.class @"G['C']" "C" bases [@"G['A']", @"G['B']"] mro [@"G['C']", @"G['A']", @"G['B']", @builtins.object] {
}

// -----

py.class @builtins.object "object" library bases [] mro [@builtins.object] {
}
py.class @"G['A']" "A" bases [@builtins.object] mro [@"G['A']", @builtins.object] {
}
py.class @"G['B']" "B" bases [@builtins.object] mro [@"G['B']", @builtins.object] {
}
// expected-error @below {{'py.class' op mro is not the C3 linearization of its bases}}
py.class @"G['C']" "C" bases [@"G['A']", @"G['B']"] mro [@"G['C']", @"G['B']", @"G['A']", @builtins.object] {
}

// -----

py.class @builtins.object "object" library bases [] mro [@builtins.object] {
  py.member "f" = #py.int<1>
  // expected-error @below {{'py.member' op sets member 'f' twice}}
  py.member "f" = #py.int<2>
}

// -----

// expected-error @below {{'py.object' op class @"G['A']" is not a py.class}}
py.object @"G['a']" : @"G['A']" {
}

// -----

py.globals {
  // expected-error @below {{'py.global' op attribute 'value' failed to satisfy constraint: a value of the static environment}}
  py.global "x" = 1 : i32
}

// -----

// expected-error @below {{'py.class' op base @nowhere is not a py.class}}
py.class @"G['A']" "A" bases [@nowhere] mro [@"G['A']"] {
}

// -----

py.globals {
}
py.func @f() -> !py.object attributes {argcount = 0 : i64, cellvars = [], flags = #py.code_flags<none>, freevars = [], kwonlyargcount = 0 : i64, posonlyargcount = 0 : i64, qualname = "f", varnames = []} {
  // expected-error @below {{'py.class_ref' op names @f, which is not a py.class}}
  %c = py.class_ref @f
  py.return %c
}

// -----

py.globals {
  // expected-error @below {{a partial has 1 keyword names but 0 keyword values}}
  py.global "p" = #py.partial<#py.none, [], ["k"], []>
}

// -----

py.class @builtins.object "object" library bases [] mro [@builtins.object] {
}
// expected-error @below {{'py.object' op contents hold #py.ref<@"G['A']">, which is not a Python constant}}
py.object @"G['t']" : @builtins.object contents [#py.ref<@"G['A']">] {
}
