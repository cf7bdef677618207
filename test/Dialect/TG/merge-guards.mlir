// RUN: dynamir-opt %s --allow-unregistered-dialect --tg-merge-guards --verify-each --split-input-file | FileCheck %s

// A guard is a fact about its source: a later guard with the same check, the
// same source and the same refined type is the earlier one, whichever SSA
// value carries the source.

// CHECK-LABEL: func.func @same_source
// CHECK:         %[[A:.*]] = tg.guard_id %{{.*}} at "G['torch']" is "torch"
// CHECK-NOT:     tg.guard_id {{.*}} at "G['torch']" is "torch"
// CHECK:         %[[N:.*]] = tg.guard_id %{{.*}} at "G['torch']" is "numpy"
// CHECK:         %[[B:.*]] = tg.guard_id %{{.*}} at "G['np']" is "numpy"
// CHECK:         "test.use"(%[[A]], %[[A]], %[[N]], %[[B]])
func.func @same_source(%t0: !py.object, %t1: !py.object) {
  %0 = tg.guard_id %t0 at "G['torch']" is "torch" : !py.object -> !py.object
  %1 = tg.guard_id %t1 at "G['torch']" is "torch" : !py.object -> !py.object
  // A different check, or a different source, stays.
  %2 = tg.guard_id %t1 at "G['torch']" is "numpy" : !py.object -> !py.object
  %3 = tg.guard_id %t1 at "G['np']" is "numpy" : !py.object -> !py.object
  "test.use"(%0, %1, %2, %3) : (!py.object, !py.object, !py.object, !py.object) -> ()
  return
}

// -----

// A guard that does not dominate the other (each in its own branch) stays;
// a guard after both branches merges into the dominating one.
// CHECK-LABEL: func.func @dominance
// CHECK:         %[[E:.*]] = tg.guard_tensor %{{.*}} at "L['x']"
// CHECK:       ^bb1:
// CHECK:         %[[L:.*]] = tg.guard_type %{{.*}} at "L['y']"
// CHECK:       ^bb2:
// CHECK:         %[[R:.*]] = tg.guard_type %{{.*}} at "L['y']"
// CHECK:       ^bb3:
// CHECK-NOT:     tg.guard_tensor
// CHECK:         "test.use"(%[[E]])
func.func @dominance(%c: i1, %x: !py.object, %y: !py.object) {
  %0 = tg.guard_tensor %x at "L['x']" strides [1] : !py.object -> tensor<4xf32>
  cf.cond_br %c, ^bb1, ^bb2
^bb1:
  %1 = tg.guard_type %y at "L['y']" is "builtins.int" : !py.object -> !py.object
  "test.use"(%1) : (!py.object) -> ()
  cf.br ^bb3
^bb2:
  %2 = tg.guard_type %y at "L['y']" is "builtins.int" : !py.object -> !py.object
  "test.use"(%2) : (!py.object) -> ()
  cf.br ^bb3
^bb3:
  %3 = tg.guard_tensor %x at "L['x']" strides [1] : !py.object -> tensor<4xf32>
  "test.use"(%3) : (tensor<4xf32>) -> ()
  return
}

// -----

// A different refined type is a different guard.
// CHECK-LABEL: func.func @refined_types
// CHECK-COUNT-2: tg.guard_tensor
func.func @refined_types(%x: !py.object) {
  %0 = tg.guard_tensor %x at "L['x']" strides [1] : !py.object -> tensor<4xf32>
  %1 = tg.guard_tensor %x at "L['x']" strides [1] : !py.object -> tensor<4xf64>
  "test.use"(%0, %1) : (tensor<4xf32>, tensor<4xf64>) -> ()
  return
}
