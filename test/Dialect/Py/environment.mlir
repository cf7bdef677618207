// RUN: dynamir-opt %s --verify-each | dynamir-opt --verify-each | FileCheck %s

// The static environment's ops round-trip, with every kind of value.

// CHECK-LABEL: py.globals {
// CHECK-NEXT:    py.global "torch" = #py.module<"torch">
// CHECK-NEXT:    py.global "relu" = #py.builtin<"torch.relu">
// CHECK-NEXT:    py.global "model" = #py.ref<@"G['model']">
// CHECK-NEXT:    py.global "EPS" = 1.000000e-05 : f64
// CHECK-NEXT:    py.global "sizes" = #py.list<[#py.int<8>, #py.int<16>]>
// CHECK-NEXT:    py.global "weights" = #py.unknown<"the result of calling 'open'">
// CHECK-NEXT:  }
// CHECK:       py.class @builtins.object "object" library bases [] mro [@builtins.object] {
// CHECK:       py.class @"G['A']" "A" bases [@builtins.object] mro [@"G['A']", @builtins.object] {
// CHECK-NEXT:    py.member "scale" = #py.int<2>
// CHECK-NEXT:    py.member "f" = #py.function<@A.f defaults [#py.int<1>] closure [#py.ref<@"G['A']">]>
// CHECK-NEXT:    py.member "s" = #py.staticmethod<#py.function<@A.f>>
// CHECK-NEXT:    py.member "c" = #py.classmethod<#py.function<@A.f>>
// CHECK-NEXT:    py.member "p" = #py.property<#py.function<@A.f>, #py.none, #py.none>
// CHECK-NEXT:  }
// CHECK:       py.object @"G['model']" : @"G['A']" {
// CHECK-NEXT:    py.member "w" = #py.parameter<tensor<4x8xf32>, requires_grad>
// CHECK-NEXT:    py.member "b" = #py.parameter<tensor<4xf32>>
// CHECK-NEXT:  }
// CHECK:       py.object @"G['other']" : @"G['A']" opaque {
// CHECK:       py.object @"G['size']" : @"G['A']" contents [#py.int<2>, "a"] {
module attributes {py.version = "3.12"} {
  py.globals {
    py.global "torch" = #py.module<"torch">
    py.global "relu" = #py.builtin<"torch.relu">
    py.global "model" = #py.ref<@"G['model']">
    py.global "EPS" = 1.0e-5 : f64
    py.global "sizes" = #py.list<[#py.int<8>, #py.int<16>]>
    py.global "weights" = #py.unknown<"the result of calling 'open'">
  }
  py.class @builtins.object "object" library bases [] mro [@builtins.object] {
  }
  py.class @"G['A']" "A" bases [@builtins.object] mro [@"G['A']", @builtins.object] {
    py.member "scale" = #py.int<2>
    py.member "f" = #py.function<@A.f defaults [#py.int<1>] closure [#py.ref<@"G['A']">]>
    py.member "s" = #py.staticmethod<#py.function<@A.f>>
    py.member "c" = #py.classmethod<#py.function<@A.f>>
    py.member "p" = #py.property<#py.function<@A.f>, #py.none, #py.none>
  }
  py.object @"G['model']" : @"G['A']" {
    py.member "w" = #py.parameter<tensor<4x8xf32>, requires_grad>
    py.member "b" = #py.parameter<tensor<4xf32>>
  }
  py.object @"G['other']" : @"G['A']" opaque {
  }
  py.object @"G['size']" : @"G['A']" contents [#py.int<2>, "a"] {
  }
}
