// Debian's mlir-opt runs Dynamir's tg-to-linalg conversion from the plugin,
// with the linalg, arith and tensor dialects of its own build.
//
// RUN: %mlir_opt %s --load-dialect-plugin=%dynamir_lib_dir/libDynamirPlugin.so \
// RUN:   --load-pass-plugin=%dynamir_lib_dir/libDynamirPlugin.so \
// RUN:   --pass-pipeline='builtin.module(convert-tg-to-linalg,canonicalize)' \
// RUN:   --verify-each | FileCheck %s

// CHECK-LABEL: func.func @f
// CHECK-NOT:     tg.
// CHECK:         linalg.generic
// CHECK:           arith.addf
func.func @f(%x: tensor<4xf32>, %y: tensor<4xf32>) -> tensor<4xf32> {
  %z = tg.add %x, %y : tensor<4xf32>, tensor<4xf32>
  return %z : tensor<4xf32>
}
