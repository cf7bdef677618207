// RUN: dynamir-opt %s --allow-unregistered-dialect --canonicalize --cse --verify-each --split-input-file | FileCheck %s

// Guards have no side effects: one whose refined value nothing uses goes
// away, a guard re-checking its own input's guard is that guard, and
// identical guards merge.

// CHECK-LABEL: func.func @unused
// CHECK-NOT:     tg.guard
// CHECK:         return
func.func @unused(%x: !py.object, %torch: !py.object) {
  %0 = tg.guard_tensor %x at "L['x']" strides [1] : !py.object -> tensor<4xf32>
  %1 = tg.guard_id %torch at "G['torch']" is "torch" : !py.object -> !py.object
  return
}

// -----

// CHECK-LABEL: func.func @repeated
// CHECK:         %[[G:.*]] = tg.guard_tensor %[[X:.*]] at "L['x']"
// CHECK:         %[[T:.*]] = tg.guard_type %[[X]] at "L['x']" is "torch.Tensor"
// CHECK-NOT:     tg.guard_type
// CHECK:         %[[H:.*]] = tg.guard_tensor %[[T]] at "L['x']"
// CHECK-NOT:     tg.guard_tensor
// CHECK:         tg.add %[[G]], %[[H]]
func.func @repeated(%x: !py.object) -> tensor<4xf32> {
  %0 = tg.guard_tensor %x at "L['x']" strides [1] : !py.object -> tensor<4xf32>
  %1 = "test.as_object"(%0) : (tensor<4xf32>) -> !py.object
  %2 = tg.guard_type %x at "L['x']" is "torch.Tensor" : !py.object -> !py.object
  %3 = tg.guard_type %2 at "L['x']" is "torch.Tensor" : !py.object -> !py.object
  %4 = tg.guard_tensor %3 at "L['x']" strides [1] : !py.object -> tensor<4xf32>
  %5 = tg.guard_tensor %4 at "L['x']" strides [1] : tensor<4xf32> -> tensor<4xf32>
  %6 = tg.add %0, %5 : tensor<4xf32>, tensor<4xf32>
  return %6 : tensor<4xf32>
}

// -----

// Identical guards of one value merge; guards that differ in their check,
// their source or their refined type stay.
// CHECK-LABEL: func.func @duplicates
// CHECK-COUNT-1: tg.guard_id %{{.*}} at "G['torch']" is "torch"
// CHECK-COUNT-1: tg.guard_id %{{.*}} at "G['torch']" is "numpy"
// CHECK-COUNT-1: tg.guard_id %{{.*}} at "G['th']" is "torch"
// CHECK-NOT:     tg.guard_id
func.func @duplicates(%torch: !py.object) {
  %0 = tg.guard_id %torch at "G['torch']" is "torch" : !py.object -> !py.object
  %1 = tg.guard_id %torch at "G['torch']" is "torch" : !py.object -> !py.object
  %2 = tg.guard_id %torch at "G['torch']" is "numpy" : !py.object -> !py.object
  %3 = tg.guard_id %torch at "G['th']" is "torch" : !py.object -> !py.object
  "test.use"(%0, %1, %2, %3) : (!py.object, !py.object, !py.object, !py.object) -> ()
  return
}

// -----

// A guard the capture relies on stays although nothing uses its value; one
// assumption of it is enough.
// CHECK-LABEL: func.func @assumed
// CHECK-NEXT:    %[[G:.*]] = tg.guard_constant %{{.*}} at "L['n']" equals(#py.int<3>)
// CHECK-NEXT:    tg.assume %[[G]]
// CHECK-NEXT:    return
func.func @assumed(%n: !py.object) {
  %0 = tg.guard_constant %n at "L['n']" equals(#py.int<3>) : !py.object -> !py.object
  tg.assume %0 : !py.object
  tg.assume %0 : !py.object
  return
}
