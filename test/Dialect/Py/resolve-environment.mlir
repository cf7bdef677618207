// RUN: dynamir-opt %s --py-resolve-environment --verify-each --split-input-file | FileCheck %s

// Globals bound to a module, a library function, an object and a constant;
// an object's attributes (instance, then class); a ModuleList's items with
// negative indices; parameters as tensors. Reads nothing uses go.
// CHECK-LABEL: py.func @f(
// CHECK:         %[[EPS:.*]] = py.constant 1.000000e-05 : f64
// CHECK:         %[[T:.*]] = py.load_global "torch"
// CHECK-NEXT:    %[[GT:.*]] = tg.guard_id %[[T]] at "G['torch']" is "torch"
// CHECK-NEXT:    py.getattr %[[GT]]["relu"]
// CHECK:         %[[R:.*]] = py.load_global "relu"
// CHECK-NEXT:    tg.guard_id %[[R]] at "G['relu']" is "torch.relu"
// CHECK:         %[[E:.*]] = py.load_global "EPS"
// CHECK-NEXT:    %[[GE:.*]] = tg.guard_constant %[[E]] at "G['EPS']" equals(1.000000e-05 : f64)
// CHECK-NEXT:    tg.assume %[[GE]]
// CHECK:         %[[M:.*]] = py.load_global "model"
// CHECK-NEXT:    %[[GM:.*]] = tg.guard_id %[[M]] at "G['model']" is @"G['model']"
// CHECK-NEXT:    %[[S:.*]] = py.getattr %[[GM]]["scale"]
// CHECK-NEXT:    tg.guard_constant %[[S]] at "G['model'].scale" equals(#py.int<3>)
// CHECK:         %[[K:.*]] = py.getattr %[[GM]]["kind"]
// CHECK-NEXT:    tg.guard_constant %[[K]] at "G['model'].kind" equals("net")
// CHECK:         %[[L:.*]] = py.getattr %[[GM]]["layers"]
// CHECK-NEXT:    %[[GL:.*]] = tg.guard_id %[[L]] at "G['model'].layers" is @"G['model'].layers"
// CHECK:         %[[I:.*]] = py.getitem %[[GL]][%{{.*}}]
// CHECK-NEXT:    %[[GI:.*]] = tg.guard_id %[[I]] at "G['model'].layers[1]" is @"G['model'].layers[1]"
// CHECK-NEXT:    %[[W:.*]] = py.getattr %[[GI]]["weight"]
// CHECK-NEXT:    %[[GW:.*]] = tg.guard_tensor %[[W]] at "G['model'].layers[1].weight" strides [8, 1] requires_grad : !py.object -> tensor<4x8xf32>
// CHECK-NEXT:    %[[TW:.*]] = py.tensor_object %[[GW]]
// The method is the inliner's; the out-of-range item and the unknown
// attribute stay, for Python to raise.
// CHECK:         py.getattr %[[GM]]["forward"]
// CHECK:         py.getitem %[[GL]][%{{.*}}]
// CHECK-NOT:     tg.guard
// CHECK:         py.getattr %[[GM]]["missing"]
// CHECK-NOT:     tg.guard
// CHECK:         py.build_tuple(%{{.*}}, %{{.*}}, %[[EPS]], %{{.*}}, %{{.*}}, %[[TW]], %{{.*}}, %{{.*}}, %{{.*}})
module attributes {py.entry = @f, py.inputs = []} {
  py.globals {
    py.global "torch" = #py.module<"torch">
    py.global "relu" = #py.builtin<"torch.relu">
    py.global "EPS" = 1.0e-5 : f64
    py.global "model" = #py.ref<@"G['model']">
  }
  py.class @builtins.object "object" library bases [] mro [@builtins.object] {
  }
  py.class @torch.nn.Module "Module" library bases [@builtins.object] mro [@torch.nn.Module, @builtins.object] {
  }
  py.class @torch.nn.ModuleList "ModuleList" library bases [@torch.nn.Module] mro [@torch.nn.ModuleList, @torch.nn.Module, @builtins.object] {
  }
  py.class @torch.nn.Linear "Linear" library bases [@torch.nn.Module] mro [@torch.nn.Linear, @torch.nn.Module, @builtins.object] {
  }
  py.class @"G['Net']" "Net" bases [@torch.nn.Module] mro [@"G['Net']", @torch.nn.Module, @builtins.object] {
    py.member "kind" = "net"
    py.member "forward" = #py.function<@forward>
  }
  py.object @"G['model']" : @"G['Net']" {
    py.member "scale" = #py.int<3>
    py.member "layers" = #py.ref<@"G['model'].layers">
  }
  py.object @"G['model'].layers" : @torch.nn.ModuleList {
    py.member "0" = #py.ref<@"G['model'].layers[0]">
    py.member "1" = #py.ref<@"G['model'].layers[1]">
  }
  py.object @"G['model'].layers[0]" : @torch.nn.Linear {
    py.member "weight" = #py.parameter<tensor<8x4xf32>, requires_grad>
  }
  py.object @"G['model'].layers[1]" : @torch.nn.Linear {
    py.member "weight" = #py.parameter<tensor<4x8xf32>, requires_grad>
  }
  py.func @forward(%self: !py.object) -> !py.object
      attributes {argcount = 1 : i64, cellvars = [], flags = #py.code_flags<optimized | newlocals>,
                  freevars = [], kwonlyargcount = 0 : i64, posonlyargcount = 0 : i64,
                  qualname = "Net.forward", varnames = ["self"]} {
    py.return %self
  }
  py.func @f() -> !py.object
      attributes {argcount = 0 : i64, cellvars = [], flags = #py.code_flags<optimized | newlocals>,
                  freevars = [], kwonlyargcount = 0 : i64, posonlyargcount = 0 : i64,
                  qualname = "f", varnames = []} {
    %torch = py.load_global "torch"
    %relu = py.getattr %torch["relu"]
    %r = py.load_global "relu"
    %eps = py.load_global "EPS"
    %model = py.load_global "model"
    %scale = py.getattr %model["scale"]
    %kind = py.getattr %model["kind"]
    %layers = py.getattr %model["layers"]
    %m1 = py.constant #py.int<-1>
    %last = py.getitem %layers[%m1]
    %w = py.getattr %last["weight"]
    %fwd = py.getattr %model["forward"]
    %c2 = py.constant #py.int<2>
    %out = py.getitem %layers[%c2]
    %missing = py.getattr %model["missing"]
    %unused = py.getattr %model["scale"]
    %t = py.build_tuple(%relu, %r, %eps, %scale, %kind, %w, %fwd, %out, %missing)
    py.return %t
  }
}

// -----

// A global some function rebinds, or one the module body left unknown, stays
// a load: its value when the entry runs is not the module body's.
// CHECK-LABEL: py.func @g(
// CHECK-NOT:     tg.guard
// CHECK:         py.return
module attributes {py.entry = @g, py.inputs = []} {
  py.globals {
    py.global "n" = #py.int<1>
    py.global "w" = #py.unknown<"the result of calling 'load'">
  }
  py.func @g() -> !py.object
      attributes {argcount = 0 : i64, cellvars = [], flags = #py.code_flags<optimized | newlocals>,
                  freevars = [], kwonlyargcount = 0 : i64, posonlyargcount = 0 : i64,
                  qualname = "g", varnames = []} {
    %n = py.load_global "n"
    %w = py.load_global "w"
    %t = py.build_tuple(%n, %w)
    py.return %t
  }
  py.func @bump() -> !py.object
      attributes {argcount = 0 : i64, cellvars = [], flags = #py.code_flags<optimized | newlocals>,
                  freevars = [], kwonlyargcount = 0 : i64, posonlyargcount = 0 : i64,
                  qualname = "bump", varnames = []} {
    %c2 = py.constant #py.int<2>
    py.store_global "n", %c2
    py.return %c2
  }
}
