// RUN: dynamir-opt %s --verify-each | FileCheck %s
// RUN: dynamir-opt %s --verify-each | dynamir-opt --verify-each | FileCheck %s
// RUN: dynamir-opt %s --verify-each --mlir-print-op-generic | dynamir-opt --verify-each | FileCheck %s

// Every tg op parses, infers its result type, verifies and prints back in its
// custom form. Result types are not printed: each function returns its
// results with the types PyTorch gives them, so the verifier of func.return
// checks the inference.

// CHECK-LABEL: func.func @creation
func.func @creation(%x: tensor<4x8xf32>)
    -> (tensor<2x2xf32>, tensor<2x3xf32>, tensor<4xi64>, tensor<5xf32>,
        tensor<3xi64>, tensor<3x4xf32>, tensor<4x8xf16>, tensor<4x8xi1>) {
  // CHECK: tg.constant dense<{{\[}}[1.000000e+00, 2.000000e+00], [3.000000e+00, 4.000000e+00]]> : tensor<2x2xf32>
  %0 = tg.constant dense<[[1.0, 2.0], [3.0, 4.0]]> : tensor<2x2xf32>
  // CHECK: tg.constant dense<0.000000e+00> : tensor<2x3xf32>
  %1 = tg.constant dense<0.0> : tensor<2x3xf32>
  // CHECK: tg.constant dense<1> : tensor<4xi64>
  %2 = tg.constant dense<1> : tensor<4xi64>
  // CHECK: tg.arange 0.000000e+00, 5.000000e+00, 1.000000e+00 : tensor<5xf32>
  %3 = tg.arange 0.0, 5.0, 1.0 : tensor<5xf32>
  // CHECK: tg.arange 1.000000e+01, 1.000000e+00, -3.000000e+00 : tensor<3xi64>
  %4 = tg.arange 10.0, 1.0, -3.0 : tensor<3xi64>
  // int64 truncates the arguments first (5 elements); other dtypes do not
  // (3 elements), as in PyTorch.
  // CHECK: tg.arange 5.000000e-01, 5.000000e+00, 1.500000e+00 : tensor<5xi64>
  %a0 = tg.arange 0.5, 5.0, 1.5 : tensor<5xi64>
  // CHECK: tg.arange 5.000000e-01, 5.000000e+00, 1.500000e+00 : tensor<3xi32>
  %a1 = tg.arange 0.5, 5.0, 1.5 : tensor<3xi32>
  // CHECK: tg.arange 5.500000e+00, 2.000000e-01, -1.500000e+00 : tensor<5xi64>
  %a2 = tg.arange 5.5, 0.2, -1.5 : tensor<5xi64>
  // CHECK: tg.arange 5.500000e+00, 2.000000e-01, -1.500000e+00 : tensor<4xi16>
  %a3 = tg.arange 5.5, 0.2, -1.5 : tensor<4xi16>
  // CHECK: tg.eye : tensor<3x4xf32>
  %5 = tg.eye : tensor<3x4xf32>
  // CHECK: tg.to %{{.*}} : tensor<4x8xf32> to tensor<4x8xf16>
  %6 = tg.to %x : tensor<4x8xf32> to tensor<4x8xf16>
  // CHECK: tg.to %{{.*}} : tensor<4x8xf32> to tensor<4x8xi1>
  %7 = tg.to %x : tensor<4x8xf32> to tensor<4x8xi1>
  return %0, %1, %2, %3, %4, %5, %6, %7
      : tensor<2x2xf32>, tensor<2x3xf32>, tensor<4xi64>, tensor<5xf32>,
        tensor<3xi64>, tensor<3x4xf32>, tensor<4x8xf16>, tensor<4x8xi1>
}

// Broadcasting and dtype promotion, including Python numbers, which promote
// only by category.
// CHECK-LABEL: func.func @binary
func.func @binary(%x: tensor<4x8xf32>, %y: tensor<8xf32>, %h: tensor<4x1xf16>,
                  %i: tensor<4xi32>, %l: tensor<4xi64>, %b: tensor<4xi1>,
                  %s: tensor<f64>, %c: f64, %n: i64, %t: i1)
    -> (tensor<4x8xf32>, tensor<4xi32>, tensor<4x8xf32>, tensor<4xf32>,
        tensor<4xi64>, tensor<4xf32>, tensor<4x8xf32>, tensor<4x1xf16>,
        tensor<4x8xf32>, tensor<4xi1>, tensor<4xi32>, tensor<4xi32>,
        tensor<4xi1>, tensor<4x8xi1>, tensor<4x8xi1>, tensor<4xi64>,
        tensor<4x1xf16>, tensor<4xi32>) {
  // CHECK: tg.add %{{.*}}, %{{.*}} : tensor<4x8xf32>, tensor<8xf32>
  %0 = tg.add %x, %y : tensor<4x8xf32>, tensor<8xf32>
  // CHECK: tg.sub %{{.*}}, %{{.*}} : tensor<4xi32>, i64
  %1 = tg.sub %i, %n : tensor<4xi32>, i64
  // CHECK: tg.mul %{{.*}}, %{{.*}} : tensor<4x1xf16>, tensor<4x8xf32>
  %2 = tg.mul %h, %x : tensor<4x1xf16>, tensor<4x8xf32>
  // Integral true division gives the default dtype.
  // CHECK: tg.div %{{.*}}, %{{.*}} : tensor<4xi64>, i64
  %3 = tg.div %l, %n : tensor<4xi64>, i64
  // CHECK: tg.floordiv %{{.*}}, %{{.*}} : tensor<4xi64>, i64
  %4 = tg.floordiv %l, %n : tensor<4xi64>, i64
  // An integral tensor and a Python float give the default dtype.
  // CHECK: tg.remainder %{{.*}}, %{{.*}} : tensor<4xi32>, f64
  %5 = tg.remainder %i, %c : tensor<4xi32>, f64
  // CHECK: tg.pow %{{.*}}, %{{.*}} : f64, tensor<4x8xf32>
  %6 = tg.pow %c, %x : f64, tensor<4x8xf32>
  // A 0-d tensor promotes like a number when the other operand is a tensor
  // of the same category.
  // CHECK: tg.maximum %{{.*}}, %{{.*}} : tensor<4x1xf16>, tensor<f64>
  %7 = tg.maximum %h, %s : tensor<4x1xf16>, tensor<f64>
  // CHECK: tg.minimum %{{.*}}, %{{.*}} : tensor<4x8xf32>, tensor<8xf32>
  %8 = tg.minimum %x, %y : tensor<4x8xf32>, tensor<8xf32>
  // CHECK: tg.bitwise_and %{{.*}}, %{{.*}} : tensor<4xi1>, tensor<4xi1>
  %9 = tg.bitwise_and %b, %b : tensor<4xi1>, tensor<4xi1>
  // CHECK: tg.bitwise_or %{{.*}}, %{{.*}} : tensor<4xi32>, i64
  %10 = tg.bitwise_or %i, %n : tensor<4xi32>, i64
  // CHECK: tg.bitwise_xor %{{.*}}, %{{.*}} : tensor<4xi1>, tensor<4xi32>
  %11 = tg.bitwise_xor %b, %i : tensor<4xi1>, tensor<4xi32>
  // CHECK: tg.logical_and %{{.*}}, %{{.*}} : tensor<4xi32>, tensor<4xi1>
  %12 = tg.logical_and %i, %b : tensor<4xi32>, tensor<4xi1>
  // CHECK: tg.logical_or %{{.*}}, %{{.*}} : tensor<4x8xf32>, tensor<8xf32>
  %13 = tg.logical_or %x, %y : tensor<4x8xf32>, tensor<8xf32>
  // CHECK: tg.logical_xor %{{.*}}, %{{.*}} : tensor<4x8xf32>, tensor<4x1xf16>
  %14 = tg.logical_xor %x, %h : tensor<4x8xf32>, tensor<4x1xf16>
  // A Python bool added to a bool tensor stays bool; to an int tensor, int.
  // CHECK: tg.add %{{.*}}, %{{.*}} : tensor<4xi64>, i1
  %15 = tg.add %l, %t : tensor<4xi64>, i1
  // CHECK: tg.mul %{{.*}}, %{{.*}} : tensor<4x1xf16>, f64
  %16 = tg.mul %h, %c : tensor<4x1xf16>, f64
  // CHECK: tg.add %{{.*}}, %{{.*}} : tensor<4xi1>, tensor<4xi32>
  %17 = tg.add %b, %i : tensor<4xi1>, tensor<4xi32>
  return %0, %1, %2, %3, %4, %5, %6, %7, %8, %9, %10, %11, %12, %13, %14, %15,
         %16, %17
      : tensor<4x8xf32>, tensor<4xi32>, tensor<4x8xf32>, tensor<4xf32>,
        tensor<4xi64>, tensor<4xf32>, tensor<4x8xf32>, tensor<4x1xf16>,
        tensor<4x8xf32>, tensor<4xi1>, tensor<4xi32>, tensor<4xi32>,
        tensor<4xi1>, tensor<4x8xi1>, tensor<4x8xi1>, tensor<4xi64>,
        tensor<4x1xf16>, tensor<4xi32>
}

// CHECK-LABEL: func.func @compare_select
func.func @compare_select(%x: tensor<4x8xf32>, %i: tensor<8xi64>, %c: f64,
                          %n: i64)
    -> (tensor<4x8xi1>, tensor<4x8xi1>, tensor<4x8xf32>, tensor<4x8xf32>,
        tensor<8xi64>, tensor<8xf32>, tensor<4x8xf32>) {
  // CHECK: tg.cmp gt %{{.*}}, %{{.*}} : tensor<4x8xf32>, f64
  %0 = tg.cmp gt %x, %c : tensor<4x8xf32>, f64
  // CHECK: tg.cmp eq %{{.*}}, %{{.*}} : tensor<4x8xf32>, tensor<8xi64>
  %1 = tg.cmp eq %x, %i : tensor<4x8xf32>, tensor<8xi64>
  // CHECK: tg.where %{{.*}}, %{{.*}}, %{{.*}} : tensor<4x8xi1>, tensor<4x8xf32>, f64
  %2 = tg.where %0, %x, %c : tensor<4x8xi1>, tensor<4x8xf32>, f64
  // CHECK: tg.where %{{.*}}, %{{.*}}, %{{.*}} : tensor<4x8xi1>, tensor<8xi64>, tensor<4x8xf32>
  %3 = tg.where %1, %i, %x : tensor<4x8xi1>, tensor<8xi64>, tensor<4x8xf32>
  // CHECK: tg.clamp %{{.*}} min(%{{.*}} : i64) max(%{{.*}} : i64) : tensor<8xi64>
  %4 = tg.clamp %i min(%n : i64) max(%n : i64) : tensor<8xi64>
  // CHECK: tg.clamp %{{.*}} max(%{{.*}} : f64) : tensor<8xi64>
  %5 = tg.clamp %i max(%c : f64) : tensor<8xi64>
  // CHECK: tg.clamp %{{.*}} min(%{{.*}} : tensor<8xi64>) : tensor<4x8xf32>
  %6 = tg.clamp %x min(%i : tensor<8xi64>) : tensor<4x8xf32>
  return %0, %1, %2, %3, %4, %5, %6
      : tensor<4x8xi1>, tensor<4x8xi1>, tensor<4x8xf32>, tensor<4x8xf32>,
        tensor<8xi64>, tensor<8xf32>, tensor<4x8xf32>
}

// CHECK-LABEL: func.func @unary
func.func @unary(%x: tensor<4x8xf32>, %i: tensor<3xi32>, %b: tensor<3xi1>,
                 %h: tensor<2xbf16>)
    -> (tensor<4x8xf32>, tensor<3xi32>, tensor<3xi32>, tensor<3xf32>,
        tensor<3xf32>, tensor<2xbf16>, tensor<3xf32>, tensor<4x8xf32>,
        tensor<3xf32>, tensor<4x8xf32>, tensor<3xf32>, tensor<2xbf16>,
        tensor<3xi1>, tensor<4x8xf32>, tensor<2xbf16>) {
  // CHECK: tg.neg %{{.*}} : tensor<4x8xf32>
  %0 = tg.neg %x : tensor<4x8xf32>
  // CHECK: tg.abs %{{.*}} : tensor<3xi32>
  %1 = tg.abs %i : tensor<3xi32>
  // CHECK: tg.relu %{{.*}} : tensor<3xi32>
  %2 = tg.relu %i : tensor<3xi32>
  // Integral inputs of transcendental functions give the default dtype.
  // CHECK: tg.exp %{{.*}} : tensor<3xi32>
  %3 = tg.exp %i : tensor<3xi32>
  // CHECK: tg.log %{{.*}} : tensor<3xi1>
  %4 = tg.log %b : tensor<3xi1>
  // CHECK: tg.sqrt %{{.*}} : tensor<2xbf16>
  %5 = tg.sqrt %h : tensor<2xbf16>
  // CHECK: tg.rsqrt %{{.*}} : tensor<3xi32>
  %6 = tg.rsqrt %i : tensor<3xi32>
  // CHECK: tg.sin %{{.*}} : tensor<4x8xf32>
  %7 = tg.sin %x : tensor<4x8xf32>
  // CHECK: tg.cos %{{.*}} : tensor<3xi32>
  %8 = tg.cos %i : tensor<3xi32>
  // CHECK: tg.tanh %{{.*}} : tensor<4x8xf32>
  %9 = tg.tanh %x : tensor<4x8xf32>
  // CHECK: tg.sigmoid %{{.*}} : tensor<3xi32>
  %10 = tg.sigmoid %i : tensor<3xi32>
  // CHECK: tg.silu %{{.*}} : tensor<2xbf16>
  %11 = tg.silu %h : tensor<2xbf16>
  // CHECK: tg.logical_not %{{.*}} : tensor<3xi32>
  %12 = tg.logical_not %i : tensor<3xi32>
  // CHECK: tg.gelu %{{.*}} : tensor<4x8xf32>
  %13 = tg.gelu %x : tensor<4x8xf32>
  // CHECK: tg.gelu %{{.*}} approximate tanh : tensor<2xbf16>
  %14 = tg.gelu %h approximate tanh : tensor<2xbf16>
  return %0, %1, %2, %3, %4, %5, %6, %7, %8, %9, %10, %11, %12, %13, %14
      : tensor<4x8xf32>, tensor<3xi32>, tensor<3xi32>, tensor<3xf32>,
        tensor<3xf32>, tensor<2xbf16>, tensor<3xf32>, tensor<4x8xf32>,
        tensor<3xf32>, tensor<4x8xf32>, tensor<3xf32>, tensor<2xbf16>,
        tensor<3xi1>, tensor<4x8xf32>, tensor<2xbf16>
}

// CHECK-LABEL: func.func @matrix
func.func @matrix(%v: tensor<8xf32>, %m: tensor<4x8xf32>, %w: tensor<8x16xf32>,
                  %b3: tensor<2x4x8xf32>, %b3w: tensor<2x8x16xf32>,
                  %b4: tensor<3x1x4x8xf32>, %lw: tensor<16x8xf32>,
                  %lb: tensor<16xf32>)
    -> (tensor<f32>, tensor<4xf32>, tensor<16xf32>, tensor<4x16xf32>,
        tensor<2x4x16xf32>, tensor<3x2x4x16xf32>, tensor<4x16xf32>,
        tensor<2x4x16xf32>, tensor<4x16xf32>, tensor<2x4x16xf32>, tensor<16xf32>) {
  // CHECK: tg.matmul %{{.*}}, %{{.*}} : tensor<8xf32>, tensor<8xf32>
  %0 = tg.matmul %v, %v : tensor<8xf32>, tensor<8xf32>
  // CHECK: tg.matmul %{{.*}}, %{{.*}} : tensor<4x8xf32>, tensor<8xf32>
  %1 = tg.matmul %m, %v : tensor<4x8xf32>, tensor<8xf32>
  // CHECK: tg.matmul %{{.*}}, %{{.*}} : tensor<8xf32>, tensor<8x16xf32>
  %2 = tg.matmul %v, %w : tensor<8xf32>, tensor<8x16xf32>
  // CHECK: tg.matmul %{{.*}}, %{{.*}} : tensor<4x8xf32>, tensor<8x16xf32>
  %3 = tg.matmul %m, %w : tensor<4x8xf32>, tensor<8x16xf32>
  // CHECK: tg.matmul %{{.*}}, %{{.*}} : tensor<2x4x8xf32>, tensor<8x16xf32>
  %4 = tg.matmul %b3, %w : tensor<2x4x8xf32>, tensor<8x16xf32>
  // Batch dimensions broadcast.
  // CHECK: tg.matmul %{{.*}}, %{{.*}} : tensor<3x1x4x8xf32>, tensor<2x8x16xf32>
  %5 = tg.matmul %b4, %b3w : tensor<3x1x4x8xf32>, tensor<2x8x16xf32>
  // CHECK: tg.mm %{{.*}}, %{{.*}} : tensor<4x8xf32>, tensor<8x16xf32>
  %6 = tg.mm %m, %w : tensor<4x8xf32>, tensor<8x16xf32>
  // CHECK: tg.bmm %{{.*}}, %{{.*}} : tensor<2x4x8xf32>, tensor<2x8x16xf32>
  %7 = tg.bmm %b3, %b3w : tensor<2x4x8xf32>, tensor<2x8x16xf32>
  // CHECK: tg.linear %{{.*}}, %{{.*}}, %{{.*}} : tensor<4x8xf32>, tensor<16x8xf32>, tensor<16xf32>
  %8 = tg.linear %m, %lw, %lb : tensor<4x8xf32>, tensor<16x8xf32>, tensor<16xf32>
  // CHECK: tg.linear %{{.*}}, %{{.*}} : tensor<2x4x8xf32>, tensor<16x8xf32>
  %9 = tg.linear %b3, %lw : tensor<2x4x8xf32>, tensor<16x8xf32>
  // CHECK: tg.linear %{{.*}}, %{{.*}} : tensor<8xf32>, tensor<16x8xf32>
  %10 = tg.linear %v, %lw : tensor<8xf32>, tensor<16x8xf32>
  return %0, %1, %2, %3, %4, %5, %6, %7, %8, %9, %10
      : tensor<f32>, tensor<4xf32>, tensor<16xf32>, tensor<4x16xf32>,
        tensor<2x4x16xf32>, tensor<3x2x4x16xf32>, tensor<4x16xf32>,
        tensor<2x4x16xf32>, tensor<4x16xf32>, tensor<2x4x16xf32>, tensor<16xf32>
}

// CHECK-LABEL: func.func @reductions
func.func @reductions(%x: tensor<4x8x2xf32>, %i: tensor<4x8xi32>, %b: tensor<4xi1>)
    -> (tensor<f32>, tensor<4x1x2xf32>, tensor<4xi64>, tensor<i64>,
        tensor<4x2xf32>, tensor<8xi32>, tensor<4x1x1xf32>, tensor<8x2xf32>,
        tensor<8x2xi64>, tensor<4x1xi32>, tensor<4x1xi64>, tensor<4x8x2xf32>,
        tensor<4x8x2xf32>) {
  // CHECK: tg.sum %{{.*}} : tensor<4x8x2xf32>
  %0 = tg.sum %x : tensor<4x8x2xf32>
  // CHECK: tg.sum %{{.*}} dims [1] keepdim : tensor<4x8x2xf32>
  %1 = tg.sum %x dims [1] keepdim : tensor<4x8x2xf32>
  // Integral sums are i64.
  // CHECK: tg.sum %{{.*}} dims [-1] : tensor<4x8xi32>
  %2 = tg.sum %i dims [-1] : tensor<4x8xi32>
  // CHECK: tg.sum %{{.*}} : tensor<4xi1>
  %3 = tg.sum %b : tensor<4xi1>
  // CHECK: tg.mean %{{.*}} dims [1] : tensor<4x8x2xf32>
  %4 = tg.mean %x dims [1] : tensor<4x8x2xf32>
  // CHECK: tg.amax %{{.*}} dims [0] : tensor<4x8xi32>
  %5 = tg.amax %i dims [0] : tensor<4x8xi32>
  // CHECK: tg.amin %{{.*}} dims [1, -1] keepdim : tensor<4x8x2xf32>
  %6 = tg.amin %x dims [1, -1] keepdim : tensor<4x8x2xf32>
  // CHECK: tg.max_dim %{{.*}} dim 0 : tensor<4x8x2xf32>
  %7:2 = tg.max_dim %x dim 0 : tensor<4x8x2xf32>
  // CHECK: tg.min_dim %{{.*}} dim -1 keepdim : tensor<4x8xi32>
  %8:2 = tg.min_dim %i dim -1 keepdim : tensor<4x8xi32>
  // CHECK: tg.softmax %{{.*}} dim -1 : tensor<4x8x2xf32>
  %9 = tg.softmax %x dim -1 : tensor<4x8x2xf32>
  // CHECK: tg.log_softmax %{{.*}} dim 1 : tensor<4x8x2xf32>
  %10 = tg.log_softmax %x dim 1 : tensor<4x8x2xf32>
  return %0, %1, %2, %3, %4, %5, %6, %7#0, %7#1, %8#0, %8#1, %9, %10
      : tensor<f32>, tensor<4x1x2xf32>, tensor<4xi64>, tensor<i64>,
        tensor<4x2xf32>, tensor<8xi32>, tensor<4x1x1xf32>, tensor<8x2xf32>,
        tensor<8x2xi64>, tensor<4x1xi32>, tensor<4x1xi64>, tensor<4x8x2xf32>,
        tensor<4x8x2xf32>
}

// CHECK-LABEL: func.func @shapes
func.func @shapes(%x: tensor<2x3x4xf32>, %o: tensor<1x4xf32>, %a: tensor<2x4xf32>,
                  %b: tensor<3x4xf32>, %i: tensor<3x4xi64>)
    -> (tensor<6x4xf32>, tensor<2x12xf32>, tensor<24xf32>, tensor<2x12xf32>,
        tensor<4x2x3xf32>, tensor<1x2x3x4xf32>, tensor<2x3x4x1xf32>,
        tensor<4xf32>, tensor<1x4xf32>, tensor<5x4xf32>, tensor<5x4xf32>,
        tensor<5x4xf32>, tensor<3x4xf32>, tensor<3x2x4xf32>, tensor<2x3x4xf32>,
        tensor<2x2x4xf32>, tensor<2x2x4xf32>, tensor<2x1x4xf32>,
        tensor<2x0x4xf32>, tensor<2x4xf32>, tensor<2x3xf32>, tensor<4xf32>) {
  // CHECK: tg.reshape %{{.*}} [6, 4] : tensor<2x3x4xf32>
  %0 = tg.reshape %x [6, 4] : tensor<2x3x4xf32>
  // CHECK: tg.reshape %{{.*}} [2, -1] : tensor<2x3x4xf32>
  %1 = tg.reshape %x [2, -1] : tensor<2x3x4xf32>
  // CHECK: tg.flatten %{{.*}} start 0 end -1 : tensor<2x3x4xf32>
  %2 = tg.flatten %x start 0 end -1 : tensor<2x3x4xf32>
  // CHECK: tg.flatten %{{.*}} start 1 end 2 : tensor<2x3x4xf32>
  %3 = tg.flatten %x start 1 end 2 : tensor<2x3x4xf32>
  // CHECK: tg.permute %{{.*}} [2, 0, 1] : tensor<2x3x4xf32>
  %4 = tg.permute %x [2, 0, 1] : tensor<2x3x4xf32>
  // CHECK: tg.unsqueeze %{{.*}} dim 0 : tensor<2x3x4xf32>
  %5 = tg.unsqueeze %x dim 0 : tensor<2x3x4xf32>
  // CHECK: tg.unsqueeze %{{.*}} dim -1 : tensor<2x3x4xf32>
  %6 = tg.unsqueeze %x dim -1 : tensor<2x3x4xf32>
  // CHECK: tg.squeeze %{{.*}} : tensor<1x4xf32>
  %7 = tg.squeeze %o : tensor<1x4xf32>
  // A dimension that is not 1 stays, as in PyTorch.
  // CHECK: tg.squeeze %{{.*}} dims [1] : tensor<1x4xf32>
  %8 = tg.squeeze %o dims [1] : tensor<1x4xf32>
  // CHECK: tg.expand %{{.*}} [5, -1] : tensor<1x4xf32>
  %9 = tg.expand %o [5, -1] : tensor<1x4xf32>
  // CHECK: tg.cat %{{.*}}, %{{.*}} dim 0 : tensor<2x4xf32>, tensor<3x4xf32>
  %10 = tg.cat %a, %b dim 0 : tensor<2x4xf32>, tensor<3x4xf32>
  // CHECK: tg.cat %{{.*}}, %{{.*}} dim -2 : tensor<3x4xf32>, tensor<2x4xf32>
  %11 = tg.cat %b, %a dim -2 : tensor<3x4xf32>, tensor<2x4xf32>
  // Mixed dtypes promote.
  // CHECK: tg.cat %{{.*}}, %{{.*}} dim 1 : tensor<3x4xf32>, tensor<3x4xi64>
  %12 = tg.cat %b, %i dim 1 : tensor<3x4xf32>, tensor<3x4xi64>
  %13 = tg.slice %12 dim 1 start 0 end 4 step 1 : tensor<3x8xf32>
  // CHECK: tg.stack %{{.*}}, %{{.*}} dim 1 : tensor<3x4xf32>, tensor<3x4xf32>
  %14 = tg.stack %b, %b dim 1 : tensor<3x4xf32>, tensor<3x4xf32>
  // CHECK: tg.slice %{{.*}} dim 0 start 0 end 100 step 1 : tensor<2x3x4xf32>
  %15 = tg.slice %x dim 0 start 0 end 100 step 1 : tensor<2x3x4xf32>
  // CHECK: tg.slice %{{.*}} dim 1 start -2 end 3 step 1 : tensor<2x3x4xf32>
  %16 = tg.slice %x dim 1 start -2 end 3 step 1 : tensor<2x3x4xf32>
  // CHECK: tg.slice %{{.*}} dim 1 start 0 end 3 step 2 : tensor<2x3x4xf32>
  %17 = tg.slice %x dim 1 start 0 end 3 step 2 : tensor<2x3x4xf32>
  %18 = tg.slice %17 dim 1 start 1 end 2 step 1 : tensor<2x2x4xf32>
  // An empty slice.
  // CHECK: tg.slice %{{.*}} dim 1 start 2 end 1 step 1 : tensor<2x3x4xf32>
  %19 = tg.slice %x dim 1 start 2 end 1 step 1 : tensor<2x3x4xf32>
  // CHECK: tg.select %{{.*}} dim 1 index -1 : tensor<2x3x4xf32>
  %20 = tg.select %x dim 1 index -1 : tensor<2x3x4xf32>
  // CHECK: tg.select %{{.*}} dim 2 index 0 : tensor<2x3x4xf32>
  %21 = tg.select %x dim 2 index 0 : tensor<2x3x4xf32>
  %22 = tg.select %20 dim 0 index 1 : tensor<2x4xf32>
  return %0, %1, %2, %3, %4, %5, %6, %7, %8, %9, %10, %11, %13, %14, %15, %16,
         %17, %18, %19, %20, %21, %22
      : tensor<6x4xf32>, tensor<2x12xf32>, tensor<24xf32>, tensor<2x12xf32>,
        tensor<4x2x3xf32>, tensor<1x2x3x4xf32>, tensor<2x3x4x1xf32>,
        tensor<4xf32>, tensor<1x4xf32>, tensor<5x4xf32>, tensor<5x4xf32>,
        tensor<5x4xf32>, tensor<3x4xf32>, tensor<3x2x4xf32>, tensor<2x3x4xf32>,
        tensor<2x2x4xf32>, tensor<2x2x4xf32>, tensor<2x1x4xf32>,
        tensor<2x0x4xf32>, tensor<2x4xf32>, tensor<2x3xf32>, tensor<4xf32>
}

// A clone has its input's type, bool included.
// CHECK-LABEL: func.func @clone
// CHECK:         tg.clone %{{.*}} : tensor<3xi1>
func.func @clone(%b: tensor<3xi1>) -> tensor<3xi1> {
  %0 = tg.clone %b : tensor<3xi1>
  return %0 : tensor<3xi1>
}

// Bitwise not keeps an integral or bool dtype.
// CHECK-LABEL: func.func @bitwise_not
// CHECK:         tg.bitwise_not %{{.*}} : tensor<3xi64>
// CHECK:         tg.bitwise_not %{{.*}} : tensor<3xi1>
func.func @bitwise_not(%i: tensor<3xi64>, %b: tensor<3xi1>) -> (tensor<3xi64>, tensor<3xi1>) {
  %0 = tg.bitwise_not %i : tensor<3xi64>
  %1 = tg.bitwise_not %b : tensor<3xi1>
  return %0, %1 : tensor<3xi64>, tensor<3xi1>
}

// Triangles keep the input's type, batch dimensions included.
// CHECK-LABEL: func.func @triangles
// CHECK:         tg.tril %{{.*}} diagonal 0 : tensor<2x3x4xf32>
// CHECK:         tg.triu %{{.*}} diagonal -1 : tensor<2x3x4xf32>
func.func @triangles(%x: tensor<2x3x4xf32>) -> (tensor<2x3x4xf32>, tensor<2x3x4xf32>) {
  %0 = tg.tril %x diagonal 0 : tensor<2x3x4xf32>
  %1 = tg.triu %x diagonal -1 : tensor<2x3x4xf32>
  return %0, %1 : tensor<2x3x4xf32>, tensor<2x3x4xf32>
}

// A torch.autograd.Function applied: the forward yields its output and the
// tensors it saved, the backward takes them and a gradient per output, and
// yields a gradient per input; the second output is non-differentiable.
// CHECK-LABEL: func.func @autograd_function
// CHECK:         %[[R:.*]]:2 = tg.autograd_function(%{{.*}}, %{{.*}}) non_differentiable [1] : (tensor<4xf32>, tensor<4xf32>) -> (tensor<4xf32>, tensor<4xi1>) forward {
// CHECK-NEXT:    ^bb0(%[[A:.*]]: tensor<4xf32>, %[[B:.*]]: tensor<4xf32>):
// CHECK-NEXT:      %[[P:.*]] = tg.mul %[[A]], %[[B]]
// CHECK-NEXT:      %[[S:.*]] = tg.cmp gt %[[P]], %[[A]]
// CHECK-NEXT:      tg.yield %[[P]], %[[S]], %[[A]], %[[B]] : tensor<4xf32>, tensor<4xi1>, tensor<4xf32>, tensor<4xf32>
// CHECK-NEXT:    } backward {
// CHECK-NEXT:    ^bb0(%[[SA:.*]]: tensor<4xf32>, %[[SB:.*]]: tensor<4xf32>, %[[G:.*]]: tensor<4xf32>, %{{.*}}: tensor<4xi1>):
// CHECK-NEXT:      %[[GA:.*]] = tg.mul %[[G]], %[[SB]]
// CHECK-NEXT:      %[[GB:.*]] = tg.mul %[[G]], %[[SA]]
// CHECK-NEXT:      tg.yield %[[GA]], %[[GB]] : tensor<4xf32>, tensor<4xf32>
// CHECK-NEXT:    }
func.func @autograd_function(%x: tensor<4xf32>, %w: tensor<4xf32>) -> tensor<4xf32> {
  %y:2 = tg.autograd_function(%x, %w) non_differentiable [1]
      : (tensor<4xf32>, tensor<4xf32>) -> (tensor<4xf32>, tensor<4xi1>)
  forward {
  ^bb0(%a: tensor<4xf32>, %b: tensor<4xf32>):
    %p = tg.mul %a, %b : tensor<4xf32>, tensor<4xf32>
    %s = tg.cmp gt %p, %a : tensor<4xf32>, tensor<4xf32>
    tg.yield %p, %s, %a, %b : tensor<4xf32>, tensor<4xi1>, tensor<4xf32>, tensor<4xf32>
  } backward {
  ^bb0(%a: tensor<4xf32>, %b: tensor<4xf32>, %g: tensor<4xf32>, %gs: tensor<4xi1>):
    %ga = tg.mul %g, %b : tensor<4xf32>, tensor<4xf32>
    %gb = tg.mul %g, %a : tensor<4xf32>, tensor<4xf32>
    tg.yield %ga, %gb : tensor<4xf32>, tensor<4xf32>
  }
  return %y#0 : tensor<4xf32>
}
// A detached tensor, and the placeholder for a gradient while a Function's
// backward is traced.
// CHECK-LABEL: func.func @detach_and_placeholder
// CHECK:         %[[D:.*]] = tg.detach %{{.*}} : tensor<4xf32>
// CHECK:         %[[G:.*]] = tg.grad_placeholder 1 : tensor<4xf32>
// CHECK:         tg.add %[[D]], %[[G]]
func.func @detach_and_placeholder(%x: tensor<4xf32>) -> tensor<4xf32> {
  %d = tg.detach %x : tensor<4xf32>
  %g = tg.grad_placeholder 1 : tensor<4xf32>
  %s = tg.add %d, %g : tensor<4xf32>, tensor<4xf32>
  return %s : tensor<4xf32>
}
