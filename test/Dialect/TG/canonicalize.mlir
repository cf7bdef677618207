// RUN: dynamir-opt %s --canonicalize --verify-each --split-input-file | FileCheck %s

// The folders of the tg ops, through the canonicalizer.

// CHECK-LABEL: func.func @identity_shapes
// CHECK-SAME:    (%[[X:.*]]: tensor<2x3xf32>)
// CHECK-NEXT:    return %[[X]], %[[X]], %[[X]], %[[X]], %[[X]], %[[X]]
func.func @identity_shapes(%x: tensor<2x3xf32>)
    -> (tensor<2x3xf32>, tensor<2x3xf32>, tensor<2x3xf32>, tensor<2x3xf32>,
        tensor<2x3xf32>, tensor<2x3xf32>) {
  %0 = tg.reshape %x [2, -1] : tensor<2x3xf32>
  %1 = tg.permute %x [0, -1] : tensor<2x3xf32>
  %2 = tg.squeeze %x : tensor<2x3xf32>
  %3 = tg.expand %x [-1, 3] : tensor<2x3xf32>
  %4 = tg.to %x : tensor<2x3xf32> to tensor<2x3xf32>
  %5 = tg.flatten %x start 1 end 1 : tensor<2x3xf32>
  return %0, %1, %2, %3, %4, %5
      : tensor<2x3xf32>, tensor<2x3xf32>, tensor<2x3xf32>, tensor<2x3xf32>,
        tensor<2x3xf32>, tensor<2x3xf32>
}

// -----

// Chains collapse to one op on the original input.
// CHECK-LABEL: func.func @chains
// CHECK-SAME:    (%[[X:.*]]: tensor<2x3x4xf32>)
// CHECK-DAG:     %[[R:.*]] = tg.reshape %[[X]] [4, 6] : tensor<2x3x4xf32>
// CHECK-DAG:     %[[P:.*]] = tg.permute %[[X]] [1, 0, 2] : tensor<2x3x4xf32>
// CHECK:         return %[[R]], %[[P]], %[[X]]
func.func @chains(%x: tensor<2x3x4xf32>)
    -> (tensor<4x6xf32>, tensor<3x2x4xf32>, tensor<2x3x4xf32>) {
  %0 = tg.reshape %x [6, 4] : tensor<2x3x4xf32>
  %1 = tg.reshape %0 [4, -1] : tensor<6x4xf32>
  // [2, 0, 1] then [2, 0, 1] is [1, 2, 0]; then [1, 0, 2] gives [2, 1, 0]...
  %2 = tg.permute %x [2, 0, 1] : tensor<2x3x4xf32>
  %3 = tg.permute %2 [2, 1, 0] : tensor<4x2x3xf32>
  // ... and a permutation followed by its inverse is nothing.
  %4 = tg.permute %x [1, 2, 0] : tensor<2x3x4xf32>
  %5 = tg.permute %4 [2, 0, 1] : tensor<3x4x2xf32>
  return %1, %3, %5 : tensor<4x6xf32>, tensor<3x2x4xf32>, tensor<2x3x4xf32>
}

// -----

// Shape ops of constants are constants.
// CHECK-LABEL: func.func @constants
// CHECK-DAG:   tg.constant dense<{{\[}}[1.000000e+00, 2.000000e+00, 3.000000e+00, 4.000000e+00, 5.000000e+00, 6.000000e+00]]> : tensor<1x6xf32>
// CHECK-DAG:   tg.constant dense<0.000000e+00> : tensor<3x2xf32>
// CHECK-DAG:   tg.constant dense<0.000000e+00> : tensor<5x2x3xf32>
// CHECK-DAG:   tg.constant dense<2> : tensor<2x3xi32>
// CHECK-DAG:   tg.constant dense<true> : tensor<2x3xi1>
// CHECK-DAG:   tg.constant dense<-1.000000e+00> : tensor<2x3xf16>
// CHECK-DAG:   tg.constant dense<0.000000e+00> : tensor<6xf32>
// CHECK-NOT:   tg.reshape
// CHECK-NOT:   tg.permute
// CHECK-NOT:   tg.to
func.func @constants()
    -> (tensor<1x6xf32>, tensor<3x2xf32>, tensor<5x2x3xf32>, tensor<2x3xi32>,
        tensor<2x3xi1>, tensor<2x3xf16>, tensor<6xf32>) {
  %c = tg.constant dense<[[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]]> : tensor<2x3xf32>
  %z = tg.constant dense<0.0> : tensor<2x3xf32>
  %0 = tg.reshape %c [1, 6] : tensor<2x3xf32>
  %1 = tg.permute %z [1, 0] : tensor<2x3xf32>
  %2 = tg.expand %z [5, 2, 3] : tensor<2x3xf32>
  // A fill value converts as PyTorch converts it: floats truncate toward
  // zero, nonzero is true.
  %f = tg.constant dense<2.75> : tensor<2x3xf32>
  %3 = tg.to %f : tensor<2x3xf32> to tensor<2x3xi32>
  %4 = tg.to %f : tensor<2x3xf32> to tensor<2x3xi1>
  %t = tg.constant dense<true> : tensor<2x3xi1>
  %n = tg.constant dense<-1> : tensor<2x3xi64>
  %5 = tg.to %n : tensor<2x3xi64> to tensor<2x3xf16>
  %6 = tg.flatten %z start 0 end -1 : tensor<2x3xf32>
  return %0, %1, %2, %3, %4, %5, %6
      : tensor<1x6xf32>, tensor<3x2xf32>, tensor<5x2x3xf32>, tensor<2x3xi32>,
        tensor<2x3xi1>, tensor<2x3xf16>, tensor<6xf32>
}

// -----

// A permuted non-splat constant is left alone: the elements move.
// CHECK-LABEL: func.func @dense_permute
// CHECK: tg.permute
func.func @dense_permute() -> tensor<3x2xf32> {
  %c = tg.constant dense<[[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]]> : tensor<2x3xf32>
  %0 = tg.permute %c [1, 0] : tensor<2x3xf32>
  return %0 : tensor<3x2xf32>
}

// -----

// Unused pure ops go away; a conversion of a bool splat is 1, not -1.
// CHECK-LABEL: func.func @dead_and_bool
// CHECK-NEXT:    %[[C:.*]] = tg.constant dense<1> : tensor<4xi32>
// CHECK-NEXT:    return %[[C]]
func.func @dead_and_bool(%x: tensor<4xf32>) -> tensor<4xi32> {
  %0 = tg.exp %x : tensor<4xf32>
  %t = tg.constant dense<true> : tensor<4xi1>
  %1 = tg.to %t : tensor<4xi1> to tensor<4xi32>
  return %1 : tensor<4xi32>
}

// -----

// Out-of-range float-to-integer conversions of constants give what PyTorch's
// CPU cast gives (checked with torch 1.13: 300.7 -> int8 is 44, -1.5 -> uint8
// is 255, 1e10 -> int32 is the minimum).
// CHECK-LABEL: func.func @wrapping_casts
// CHECK-DAG:   tg.constant dense<44> : tensor<2xi8>
// CHECK-DAG:   tg.constant dense<255> : tensor<2xui8>
// CHECK-DAG:   tg.constant dense<-2147483648> : tensor<2xi32>
// CHECK-DAG:   tg.constant dense<0> : tensor<2xi8>
func.func @wrapping_casts() -> (tensor<2xi8>, tensor<2xui8>, tensor<2xi32>, tensor<2xi8>) {
  %a = tg.constant dense<300.7> : tensor<2xf32>
  %0 = tg.to %a : tensor<2xf32> to tensor<2xi8>
  %b = tg.constant dense<-1.5> : tensor<2xf32>
  %1 = tg.to %b : tensor<2xf32> to tensor<2xui8>
  %c = tg.constant dense<1.0e10> : tensor<2xf64>
  %2 = tg.to %c : tensor<2xf64> to tensor<2xi32>
  %3 = tg.to %c : tensor<2xf64> to tensor<2xi8>
  return %0, %1, %2, %3 : tensor<2xi8>, tensor<2xui8>, tensor<2xi32>, tensor<2xi8>
}
