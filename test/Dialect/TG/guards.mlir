// RUN: dynamir-opt %s --allow-unregistered-dialect --verify-each | FileCheck %s
// RUN: dynamir-opt %s --allow-unregistered-dialect --verify-each | dynamir-opt --allow-unregistered-dialect --verify-each | FileCheck %s
// RUN: dynamir-opt %s --allow-unregistered-dialect --verify-each --mlir-print-op-generic | dynamir-opt --allow-unregistered-dialect --verify-each | FileCheck %s

// Every guard op parses, verifies and prints back; sources print as Dynamo
// prints them, inside quotes.

py.func @"Fn.forward"(%ctx: !py.object, %x: !py.object) -> !py.object
    attributes {argcount = 2 : i64, cellvars = [], flags = #py.code_flags<optimized | newlocals>,
                freevars = [], kwonlyargcount = 0 : i64, posonlyargcount = 0 : i64,
                qualname = "Fn.forward", varnames = ["ctx", "x"]} {
  py.return %x
}

// CHECK-LABEL: func.func @guards
func.func @guards(%self: !py.object, %x: !py.object, %n: !py.object,
                  %torch: !py.object, %fwd: !py.object, %args: !py.object,
                  %cfg: !py.object) -> tensor<4x8xf32> {
  // CHECK: tg.guard_type %{{.*}} at "L['self']" is @MLP : !py.object -> !py.object
  %0 = tg.guard_type %self at "L['self']" is @MLP : !py.object -> !py.object
  // CHECK: tg.guard_type %{{.*}} at "type(L['self']).__mro__[1]" is "torch.nn.modules.module.Module"
  %1 = tg.guard_type %self at "type(L['self']).__mro__[1]" is "torch.nn.modules.module.Module" : !py.object -> !py.object
  // CHECK: tg.guard_id %{{.*}} at "G['torch']" is "torch" : !py.object -> !py.object
  %2 = tg.guard_id %torch at "G['torch']" is "torch" : !py.object -> !py.object
  // CHECK: tg.guard_constant %{{.*}} at "L['n']" equals(#py.int<3>)
  %3 = tg.guard_constant %n at "L['n']" equals(#py.int<3>) : !py.object -> !py.object
  // CHECK: tg.guard_constant %{{.*}} at "L['self'].training" equals(true)
  %4 = tg.guard_constant %n at "L['self'].training" equals(true) : !py.object -> !py.object
  // CHECK: tg.guard_constant %{{.*}} at "L['self'].bias" equals(#py.none)
  %5 = tg.guard_constant %n at "L['self'].bias" equals(#py.none) : !py.object -> !py.object
  // CHECK: tg.guard_constant %{{.*}} at "L['self'].act" equals("gelu")
  %6 = tg.guard_constant %n at "L['self'].act" equals("gelu") : !py.object -> !py.object
  // CHECK: tg.guard_constant %{{.*}} at "L['self'].scale" equals(5.000000e-01 : f64)
  %7 = tg.guard_constant %n at "L['self'].scale" equals(0.5 : f64) : !py.object -> !py.object
  // CHECK: tg.guard_tensor %{{.*}} at "L['x']" strides [8, 1] : !py.object -> tensor<4x8xf32>
  %8 = tg.guard_tensor %x at "L['x']" strides [8, 1] : !py.object -> tensor<4x8xf32>
  // CHECK: tg.guard_tensor %{{.*}} at "L['self'].weight" strides [1, 8] requires_grad : !py.object -> tensor<8x4xf32>
  %9 = tg.guard_tensor %x at "L['self'].weight" strides [1, 8] requires_grad : !py.object -> tensor<8x4xf32>
  // CHECK: tg.guard_closure %{{.*}} at "G['Fn'].forward" code @Fn.forward
  %10 = tg.guard_closure %fwd at "G['Fn'].forward" code @"Fn.forward" : !py.object -> !py.object
  // CHECK: tg.guard_hasattr %{{.*}} at "L['self']" "weight"
  %11 = tg.guard_hasattr %self at "L['self']" "weight" : !py.object -> !py.object
  // CHECK: tg.guard_hasattr %{{.*}} at "L['self']" not "extra"
  %12 = tg.guard_hasattr %self at "L['self']" not "extra" : !py.object -> !py.object
  // CHECK: tg.guard_len %{{.*}} at "L['args']" is "builtins.tuple" length 2
  %13 = tg.guard_len %args at "L['args']" is "builtins.tuple" length 2 : !py.object -> !py.object
  // CHECK: tg.guard_dict_keys %{{.*}} at "L['cfg']" keys ["hidden", #py.int<2>]
  %14 = tg.guard_dict_keys %cfg at "L['cfg']" keys ["hidden", #py.int<2>] : !py.object -> !py.object
  // CHECK: tg.assume %{{.*}} : !py.object
  tg.assume %3 : !py.object
  "test.use"(%0, %1, %2, %3, %4, %5, %6, %7, %9, %10, %11, %12, %13, %14)
      : (!py.object, !py.object, !py.object, !py.object, !py.object, !py.object,
         !py.object, !py.object, tensor<8x4xf32>, !py.object, !py.object,
         !py.object, !py.object, !py.object) -> ()
  return %8 : tensor<4x8xf32>
}

// Each kind of source step; a source prints as Dynamo's Source.name().
// CHECK-LABEL: func.func @sources
func.func @sources(%v: !py.object) {
  // CHECK: at "L['x'].size()[0]"
  %0 = tg.guard_constant %v at "L['x'].size()[0]" equals(#py.int<4>) : !py.object -> !py.object
  // CHECK: at "L['x'].stride()[1]"
  %1 = tg.guard_constant %v at "L['x'].stride()[1]" equals(#py.int<1>) : !py.object -> !py.object
  // CHECK: at "getattr(L['self'], 'a-b')"
  %2 = tg.guard_type %v at "getattr(L['self'], 'a-b')" is "builtins.int" : !py.object -> !py.object
  // CHECK: at "object.__getattribute__(L['self'], 'x')"
  %3 = tg.guard_type %v at "object.__getattribute__(L['self'], 'x')" is "builtins.int" : !py.object -> !py.object
  // CHECK: at "__import__('torch').nn.functional"
  %4 = tg.guard_id %v at "__import__('torch').nn.functional" is "torch.nn.functional" : !py.object -> !py.object
  // CHECK: at "L['w']()"
  %5 = tg.guard_type %v at "L['w']()" is @MLP : !py.object -> !py.object
  // CHECK: at "L['d']['k']['j'][-1]"
  %6 = tg.guard_type %v at "L['d']['k'][\22j\22][-1]" is "builtins.int" : !py.object -> !py.object
  // Python's repr chooses the quotes.
  // CHECK: at "L[\22it's\22]"
  %7 = tg.guard_type %v at "L[\22it's\22]" is "builtins.int" : !py.object -> !py.object
  // CHECK: at "G['f'].__defaults__[0]"
  %8 = tg.guard_type %v at "G['f'].__defaults__[0]" is "builtins.int" : !py.object -> !py.object
  // CHECK: at "G['f'].__closure__[0].cell_contents"
  %9 = tg.guard_type %v at "G['f'].__closure__[0].cell_contents" is "builtins.int" : !py.object -> !py.object
  // CHECK: at "L['xs']['a\\nb']"
  %10 = tg.guard_type %v at "L['xs']['a\\nb']" is "builtins.int" : !py.object -> !py.object
  "test.use"(%0, %1, %2, %3, %4, %5, %6, %7, %8, %9, %10)
      : (!py.object, !py.object, !py.object, !py.object, !py.object, !py.object,
         !py.object, !py.object, !py.object, !py.object, !py.object) -> ()
  return
}

// The source attribute on its own.
// CHECK-LABEL: func.func @attribute
// CHECK-SAME:    tg.where = #tg.source<"type(L['self']).__mro__[1].f">
func.func @attribute() attributes {tg.where = #tg.source<"type(L['self']).__mro__[1].f">} {
  return
}
