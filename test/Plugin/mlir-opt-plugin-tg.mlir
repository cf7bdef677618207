// Debian's own mlir-opt loads the tg dialect and its passes from the plugin
// and runs them next to upstream passes.
//
// RUN: %mlir_opt %s --load-dialect-plugin=%dynamir_lib_dir/libDynamirPlugin.so \
// RUN:   --load-pass-plugin=%dynamir_lib_dir/libDynamirPlugin.so \
// RUN:   --pass-pipeline='builtin.module(func.func(tg-merge-guards,canonicalize))' \
// RUN:   --verify-each | FileCheck %s

// CHECK-LABEL: func.func @f
// CHECK-NEXT:    %[[X:.*]] = tg.guard_tensor %{{.*}} at "L['x']" strides [8, 1] : !py.object -> tensor<4x8xf32>
// CHECK-NEXT:    %[[Y:.*]] = tg.add %[[X]], %[[X]] : tensor<4x8xf32>, tensor<4x8xf32>
// CHECK-NEXT:    return %[[Y]]
func.func @f(%a: !py.object, %b: !py.object) -> tensor<4x8xf32> {
  %x = tg.guard_tensor %a at "L['x']" strides [8, 1] : !py.object -> tensor<4x8xf32>
  %y = tg.guard_tensor %b at "L['x']" strides [8, 1] : !py.object -> tensor<4x8xf32>
  %unused = tg.guard_id %b at "G['torch']" is "torch" : !py.object -> !py.object
  %r = tg.reshape %x [4, -1] : tensor<4x8xf32>
  %s = tg.add %r, %y : tensor<4x8xf32>, tensor<4x8xf32>
  return %s : tensor<4x8xf32>
}
