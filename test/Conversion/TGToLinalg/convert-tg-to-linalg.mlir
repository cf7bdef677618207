// RUN: dynamir-opt %s --convert-tg-to-linalg --split-input-file --verify-each | FileCheck %s

// Elementwise: a size-1 or missing dimension broadcasts through a constant or
// dropped index in the operand's indexing map.
// CHECK-DAG:   #[[ID2:.+]] = affine_map<(d0, d1) -> (d0, d1)>
// CHECK-DAG:   #[[ROW:.+]] = affine_map<(d0, d1) -> (d1)>
// CHECK-DAG:   #[[COL:.+]] = affine_map<(d0, d1) -> (d0, 0)>
// CHECK-LABEL: func.func @add_broadcast
// CHECK:         %[[E:.+]] = tensor.empty() : tensor<4x8xf32>
// CHECK:         linalg.generic {indexing_maps = [#[[COL]], #[[ROW]], #[[ID2]]], iterator_types = ["parallel", "parallel"]}
// CHECK-SAME:      outs(%[[E]] : tensor<4x8xf32>)
// CHECK:           arith.addf
func.func @add_broadcast(%x: tensor<4x1xf32>, %y: tensor<8xf32>) -> tensor<4x8xf32> {
  %z = tg.add %x, %y : tensor<4x1xf32>, tensor<8xf32>
  return %z : tensor<4x8xf32>
}

// -----

// A Python float is converted to the result dtype once, before the loop; the
// integer tensor's elements inside it.
// CHECK-LABEL: func.func @mul_int_by_python_float
// CHECK-SAME:    (%{{.*}}: tensor<4xi32>, %[[C:.+]]: f64)
// CHECK:         %[[CF:.+]] = arith.truncf %[[C]] : f64 to f32
// CHECK:         linalg.generic
// CHECK:         ^bb0(%[[IN:.+]]: i32, %{{.*}}: f32):
// CHECK:           %[[X:.+]] = arith.sitofp %[[IN]] : i32 to f32
// CHECK:           arith.mulf %[[X]], %[[CF]] : f32
func.func @mul_int_by_python_float(%x: tensor<4xi32>, %c: f64) -> tensor<4xf32> {
  %z = tg.mul %x, %c : tensor<4xi32>, f64
  return %z : tensor<4xf32>
}

// -----

// bool + bool is true when either is; bool * bool when both are.
// CHECK-LABEL: func.func @bool_arithmetic
// CHECK:         arith.ori %{{.*}}, %{{.*}} : i1
// CHECK:         arith.andi %{{.*}}, %{{.*}} : i1
func.func @bool_arithmetic(%x: tensor<4xi1>, %y: tensor<4xi1>) -> (tensor<4xi1>, tensor<4xi1>) {
  %a = tg.add %x, %y : tensor<4xi1>, tensor<4xi1>
  %m = tg.mul %x, %y : tensor<4xi1>, tensor<4xi1>
  return %a, %m : tensor<4xi1>, tensor<4xi1>
}

// -----

// True division of integers divides in the default float dtype.
// CHECK-LABEL: func.func @div_int
// CHECK:         arith.constant 2 : i64
// CHECK:         arith.sitofp %{{.*}} : i64 to f32
// CHECK:         linalg.generic
// CHECK:           arith.sitofp %{{.*}} : i64 to f32
// CHECK:           arith.divf
func.func @div_int(%x: tensor<4xi64>) -> tensor<4xf32> {
  %c = arith.constant 2 : i64
  %z = tg.div %x, %c : tensor<4xi64>, i64
  return %z : tensor<4xf32>
}

// -----

// Floor division rounds toward negative infinity: floordivsi for signed
// integers, divui for uint8 (held in i8), and Python's fmod-based float
// algorithm, not floor(a / b).
// CHECK-LABEL: func.func @floordiv
// CHECK-SAME:    (%{{.*}}: tensor<4xi32>, %{{.*}}: tensor<4xi8>, %{{.*}}: tensor<4xf64>)
// CHECK:         arith.floordivsi %{{.*}}, %{{.*}} : i32
// CHECK:         arith.divui %{{.*}}, %{{.*}} : i8
// CHECK:         %[[MOD:.+]] = arith.remf %[[A:.+]], %[[B:.+]] : f64
// CHECK:         arith.subf %[[A]], %[[MOD]] : f64
// CHECK:         math.floor
// CHECK:         math.copysign
func.func @floordiv(%i: tensor<4xi32>, %u: tensor<4xui8>, %f: tensor<4xf64>)
    -> (tensor<4xi32>, tensor<4xui8>, tensor<4xf64>) {
  %a = tg.floordiv %i, %i : tensor<4xi32>, tensor<4xi32>
  %b = tg.floordiv %u, %u : tensor<4xui8>, tensor<4xui8>
  %c = tg.floordiv %f, %f : tensor<4xf64>, tensor<4xf64>
  return %a, %b, %c : tensor<4xi32>, tensor<4xui8>, tensor<4xf64>
}

// -----

// The remainder takes the divisor's sign: remsi moved by the divisor when the
// signs differ.
// CHECK-LABEL: func.func @remainder
// CHECK:         %[[MOD:.+]] = arith.remsi %{{.*}}, %[[D:.+]] : i64
// CHECK:         %[[FIX:.+]] = arith.addi %[[MOD]], %[[D]] : i64
// CHECK:         arith.select %{{.*}}, %[[FIX]], %[[MOD]] : i64
func.func @remainder(%x: tensor<4xi64>, %d: i64) -> tensor<4xi64> {
  %z = tg.remainder %x, %d : tensor<4xi64>, i64
  return %z : tensor<4xi64>
}

// -----

// Integer powers are integer exponentiation (by squaring), float ones powf;
// an f16 power computes in f32 and rounds once.
// CHECK-LABEL: func.func @pow
// CHECK:         scf.while
// CHECK:           arith.muli
// CHECK:         arith.extf %{{.*}} : f16 to f32
// CHECK:         math.powf %{{.*}}, %{{.*}} : f32
// CHECK:         arith.truncf %{{.*}} : f32 to f16
func.func @pow(%i: tensor<4xi32>, %h: tensor<4xf16>) -> (tensor<4xi32>, tensor<4xf16>) {
  %a = tg.pow %i, %i : tensor<4xi32>, tensor<4xi32>
  %b = tg.pow %h, %h : tensor<4xf16>, tensor<4xf16>
  return %a, %b : tensor<4xi32>, tensor<4xf16>
}

// -----

// maximum and minimum propagate NaN; on bool they are or and and.
// CHECK-LABEL: func.func @maximum_minimum
// CHECK:         arith.maximumf
// CHECK:         arith.minui %{{.*}}, %{{.*}} : i8
// CHECK:         arith.ori %{{.*}}, %{{.*}} : i1
func.func @maximum_minimum(%x: tensor<4xf32>, %u: tensor<4xui8>, %b: tensor<4xi1>)
    -> (tensor<4xf32>, tensor<4xui8>, tensor<4xi1>) {
  %a = tg.maximum %x, %x : tensor<4xf32>, tensor<4xf32>
  %m = tg.minimum %u, %u : tensor<4xui8>, tensor<4xui8>
  %o = tg.maximum %b, %b : tensor<4xi1>, tensor<4xi1>
  return %a, %m, %o : tensor<4xf32>, tensor<4xui8>, tensor<4xi1>
}

// -----

// A comparison converts to the common dtype: uint8 and int8 meet in int16.
// CHECK-LABEL: func.func @cmp_mixed
// CHECK:         %[[U:.+]] = arith.extui %{{.*}} : i8 to i16
// CHECK:         %[[S:.+]] = arith.extsi %{{.*}} : i8 to i16
// CHECK:         arith.cmpi slt, %[[U]], %[[S]] : i16
func.func @cmp_mixed(%x: tensor<3xui8>, %y: tensor<3xi8>) -> tensor<3xi1> {
  %z = tg.cmp lt %x, %y : tensor<3xui8>, tensor<3xi8>
  return %z : tensor<3xi1>
}

// -----

// Float `!=` is unordered (true for NaN), the others ordered.
// CHECK-LABEL: func.func @cmp_float
// CHECK:         arith.cmpf une
// CHECK:         arith.cmpf oge
func.func @cmp_float(%x: tensor<3xf32>, %c: f64) -> (tensor<3xi1>, tensor<3xi1>) {
  %a = tg.cmp ne %x, %c : tensor<3xf32>, f64
  %b = tg.cmp ge %x, %c : tensor<3xf32>, f64
  return %a, %b : tensor<3xi1>, tensor<3xi1>
}

// -----

// Logical ops test each operand's truth in its own dtype, bitwise ones
// operate in the promoted one.
// CHECK-LABEL: func.func @logical_and_bitwise
// CHECK:         %[[F:.+]] = arith.cmpf une, %{{.*}}, %{{.*}} : f32
// CHECK:         %[[I:.+]] = arith.cmpi ne, %{{.*}}, %{{.*}} : i64
// CHECK:         arith.andi %[[F]], %[[I]] : i1
// CHECK:         arith.extui %{{.*}} : i1 to i32
// CHECK:         arith.xori %{{.*}}, %{{.*}} : i32
func.func @logical_and_bitwise(%x: tensor<4xf32>, %y: tensor<4xi64>, %b: tensor<4xi1>,
                               %i: tensor<4xi32>) -> (tensor<4xi1>, tensor<4xi32>) {
  %l = tg.logical_and %x, %y : tensor<4xf32>, tensor<4xi64>
  %x2 = tg.bitwise_xor %b, %i : tensor<4xi1>, tensor<4xi32>
  return %l, %x2 : tensor<4xi1>, tensor<4xi32>
}

// -----

// where selects in the values' promoted dtype; a lone NaN Python bound of
// clamp leaves the input unchanged, as clamp_min does.
// CHECK-LABEL: func.func @where_clamp
// CHECK:         arith.sitofp %{{.*}} : i32 to f32
// CHECK:         arith.select %{{.*}}, %{{.*}}, %{{.*}} : f32
// CHECK:         %[[MAX:.+]] = arith.maximumf %[[X:.+]], %[[LO:.+]] : f32
// CHECK:         %[[NAN:.+]] = arith.cmpf uno, %[[LO]], %[[LO]] : f32
// CHECK:         arith.select %[[NAN]], %[[X]], %[[MAX]] : f32
func.func @where_clamp(%m: tensor<4xi1>, %i: tensor<4xi32>, %x: tensor<4xf32>, %lo: f64)
    -> (tensor<4xf32>, tensor<4xf32>) {
  %w = tg.where %m, %i, %x : tensor<4xi1>, tensor<4xi32>, tensor<4xf32>
  %c = tg.clamp %x min(%lo : f64) : tensor<4xf32>
  return %w, %c : tensor<4xf32>, tensor<4xf32>
}

// -----

// Transcendental ops of f16 compute in f32; integers become the default dtype.
// CHECK-LABEL: func.func @unary
// CHECK:         arith.extf %{{.*}} : f16 to f32
// CHECK-NEXT:    math.exp %{{.*}} : f32
// CHECK-NEXT:    arith.truncf %{{.*}} : f32 to f16
// CHECK:         arith.sitofp %{{.*}} : i64 to f32
// CHECK-NEXT:    math.sqrt %{{.*}} : f32
// CHECK:         arith.cmpf olt
// CHECK:         arith.maxsi
// CHECK:         math.absi
func.func @unary(%h: tensor<4xf16>, %l: tensor<4xi64>, %x: tensor<4xf32>, %i: tensor<4xi32>)
    -> (tensor<4xf16>, tensor<4xf32>, tensor<4xf32>, tensor<4xi32>, tensor<4xi32>) {
  %e = tg.exp %h : tensor<4xf16>
  %s = tg.sqrt %l : tensor<4xi64>
  %r = tg.relu %x : tensor<4xf32>
  %ri = tg.relu %i : tensor<4xi32>
  %a = tg.abs %i : tensor<4xi32>
  return %e, %s, %r, %ri, %a : tensor<4xf16>, tensor<4xf32>, tensor<4xf32>, tensor<4xi32>, tensor<4xi32>
}

// -----

// Activations: sigmoid is 1 / (1 + exp(-x)); gelu's erf form uses math.erf,
// its tanh approximation math.tanh.
// CHECK-LABEL: func.func @activations
// CHECK:         arith.negf
// CHECK:         math.exp
// CHECK:         arith.divf
// CHECK:         math.erf
// CHECK:         math.tanh
func.func @activations(%x: tensor<4xf32>) -> (tensor<4xf32>, tensor<4xf32>, tensor<4xf32>) {
  %s = tg.sigmoid %x : tensor<4xf32>
  %g = tg.gelu %x : tensor<4xf32>
  %t = tg.gelu %x approximate tanh : tensor<4xf32>
  return %s, %g, %t : tensor<4xf32>, tensor<4xf32>, tensor<4xf32>
}

// -----

// Conversions: float to a narrow integer truncates through i64 (wrapping as
// PyTorch's static_cast does on x86), to bool is nonzero, uint8 to float is
// unsigned.
// CHECK-LABEL: func.func @to
// CHECK:         arith.fptosi %{{.*}} : f32 to i64
// CHECK-NEXT:    arith.trunci %{{.*}} : i64 to i8
// CHECK:         arith.cmpf une
// CHECK:         arith.uitofp %{{.*}} : i8 to f32
func.func @to(%x: tensor<4xf32>, %u: tensor<4xui8>) -> (tensor<4xi8>, tensor<4xi1>, tensor<4xf32>) {
  %a = tg.to %x : tensor<4xf32> to tensor<4xi8>
  %b = tg.to %x : tensor<4xf32> to tensor<4xi1>
  %c = tg.to %u : tensor<4xui8> to tensor<4xf32>
  return %a, %b, %c : tensor<4xi8>, tensor<4xi1>, tensor<4xf32>
}

// -----

// Matrix products accumulate into a zero-filled init; the named op where the
// ranks have one.
// CHECK-LABEL: func.func @named_products
// CHECK:         %[[Z:.+]] = arith.constant 0.000000e+00 : f32
// CHECK:         %[[F:.+]] = linalg.fill ins(%[[Z]] : f32) outs(%{{.*}} : tensor<4x16xf32>)
// CHECK:         linalg.matmul ins(%{{.*}}, %{{.*}} : tensor<4x8xf32>, tensor<8x16xf32>) outs(%[[F]] : tensor<4x16xf32>)
// CHECK:         linalg.batch_matmul
// CHECK:         linalg.dot
// CHECK:         linalg.matvec
func.func @named_products(%a: tensor<4x8xf32>, %b: tensor<8x16xf32>, %c: tensor<2x4x8xf32>,
                          %d: tensor<2x8x16xf32>, %v: tensor<8xf32>)
    -> (tensor<4x16xf32>, tensor<2x4x16xf32>, tensor<f32>, tensor<4xf32>) {
  %0 = tg.mm %a, %b : tensor<4x8xf32>, tensor<8x16xf32>
  %1 = tg.bmm %c, %d : tensor<2x4x8xf32>, tensor<2x8x16xf32>
  %2 = tg.matmul %v, %v : tensor<8xf32>, tensor<8xf32>
  %3 = tg.matmul %a, %v : tensor<4x8xf32>, tensor<8xf32>
  return %0, %1, %2, %3 : tensor<4x16xf32>, tensor<2x4x16xf32>, tensor<f32>, tensor<4xf32>
}

// -----

// Batch dimensions broadcast: the size-1 batch dimension of the lhs reads
// index 0, the rhs has one batch dimension fewer.
// CHECK-DAG:   #[[LHS:.+]] = affine_map<(d0, d1, d2, d3, d4) -> (d0, 0, d2, d4)>
// CHECK-DAG:   #[[RHS:.+]] = affine_map<(d0, d1, d2, d3, d4) -> (d1, d4, d3)>
// CHECK-DAG:   #[[OUT:.+]] = affine_map<(d0, d1, d2, d3, d4) -> (d0, d1, d2, d3)>
// CHECK-LABEL: func.func @matmul_broadcast
// CHECK:         linalg.generic {indexing_maps = [#[[LHS]], #[[RHS]], #[[OUT]]], iterator_types = ["parallel", "parallel", "parallel", "parallel", "reduction"]}
// CHECK:           arith.mulf
// CHECK:           arith.addf
func.func @matmul_broadcast(%x: tensor<2x1x2x3xf32>, %y: tensor<3x3x2xf32>) -> tensor<2x3x2x2xf32> {
  %z = tg.matmul %x, %y : tensor<2x1x2x3xf32>, tensor<3x3x2xf32>
  return %z : tensor<2x3x2x2xf32>
}

// -----

// bf16 products accumulate in f32 and round once; linear reads the weight
// transposed and adds the bias afterwards.
// CHECK-DAG:   #[[W:.+]] = affine_map<(d0, d1, d2) -> (d1, d2)>
// CHECK-LABEL: func.func @bf16_and_linear
// CHECK:         linalg.matmul ins(%{{.*}}, %{{.*}} : tensor<4x8xbf16>, tensor<8x16xbf16>) outs(%{{.*}} : tensor<4x16xf32>)
// CHECK:         arith.truncf %{{.*}} : f32 to bf16
// CHECK:         linalg.generic {indexing_maps = [#{{.+}}, #[[W]], #{{.+}}], iterator_types = ["parallel", "parallel", "reduction"]}
// CHECK:         arith.addf
func.func @bf16_and_linear(%a: tensor<4x8xbf16>, %b: tensor<8x16xbf16>, %x: tensor<4x8xf32>,
                           %w: tensor<16x8xf32>, %bias: tensor<16xf32>)
    -> (tensor<4x16xbf16>, tensor<4x16xf32>) {
  %0 = tg.mm %a, %b : tensor<4x8xbf16>, tensor<8x16xbf16>
  %1 = tg.linear %x, %w, %bias : tensor<4x8xf32>, tensor<16x8xf32>, tensor<16xf32>
  return %0, %1 : tensor<4x16xbf16>, tensor<4x16xf32>
}

// -----

// Integer sums accumulate in i64; keepdim expands the reduced result.
// CHECK-DAG:   #[[KEEP:.+]] = affine_map<(d0, d1) -> (d0)>
// CHECK-LABEL: func.func @sum_int
// CHECK:         %[[Z:.+]] = arith.constant 0 : i64
// CHECK:         %[[I:.+]] = linalg.fill ins(%[[Z]] : i64)
// CHECK:         linalg.generic {indexing_maps = [#{{.+}}, #[[KEEP]]], iterator_types = ["parallel", "reduction"]}
// CHECK-SAME:      outs(%[[I]] : tensor<2xi64>)
// CHECK:           arith.extsi %{{.*}} : i32 to i64
// CHECK:           arith.addi
// CHECK:         tensor.expand_shape %{{.*}} {{\[\[}}0, 1]] output_shape [2, 1]
func.func @sum_int(%x: tensor<2x3xi32>) -> tensor<2x1xi64> {
  %z = tg.sum %x dims [1] keepdim : tensor<2x3xi32>
  return %z : tensor<2x1xi64>
}

// -----

// amax starts from -inf and propagates NaN; mean divides the sum by the
// number of reduced elements.
// CHECK-LABEL: func.func @amax_mean
// CHECK:         arith.constant 0xFF800000 : f32
// CHECK:         arith.maximumf
// CHECK:         arith.constant 6.000000e+00 : f32
// CHECK:         arith.divf
func.func @amax_mean(%x: tensor<2x3xf32>) -> (tensor<f32>, tensor<f32>) {
  %a = tg.amax %x : tensor<2x3xf32>
  %m = tg.mean %x : tensor<2x3xf32>
  return %a, %m : tensor<f32>, tensor<f32>
}

// -----

// max_dim keeps the first index of the maximum, and of the first NaN.
// CHECK-LABEL: func.func @max_dim
// CHECK:         linalg.generic
// CHECK-SAME:      outs(%{{.*}}, %{{.*}} : tensor<2xf32>, tensor<2xi64>)
// CHECK:           arith.cmpf ogt
// CHECK:           arith.cmpf uno
// CHECK:           linalg.index 1
func.func @max_dim(%x: tensor<2x3xf32>) -> (tensor<2xf32>, tensor<2xi64>) {
  %v, %i = tg.max_dim %x dim 1 : tensor<2x3xf32>
  return %v, %i : tensor<2xf32>, tensor<2xi64>
}

// -----

// Softmax subtracts the maximum before exponentiating.
// CHECK-LABEL: func.func @softmax
// CHECK:         arith.maximumf
// CHECK:         arith.subf
// CHECK:         math.exp
// CHECK:         arith.addf
// CHECK:         math.exp
// CHECK:         arith.divf
func.func @softmax(%x: tensor<2x3xf32>) -> tensor<2x3xf32> {
  %s = tg.softmax %x dim -1 : tensor<2x3xf32>
  return %s : tensor<2x3xf32>
}

// -----

// Shape ops: reshapes regroup, permute transposes, slice and select extract.
// CHECK-LABEL: func.func @shapes
// CHECK:         tensor.collapse_shape %{{.*}} {{\[\[}}0, 1], [2]] : tensor<2x3x4xf32> into tensor<6x4xf32>
// CHECK:         linalg.transpose ins(%{{.*}} : tensor<2x3x4xf32>) outs(%{{.*}} : tensor<4x2x3xf32>) permutation = [2, 0, 1]
// CHECK:         tensor.extract_slice %{{.*}}[0, 0] [3, 4] [2, 1] : tensor<6x4xf32> to tensor<3x4xf32>
// CHECK:         tensor.extract_slice %{{.*}}[0, 2, 0] [2, 1, 4] [1, 1, 1] : tensor<2x3x4xf32> to tensor<2x4xf32>
// CHECK:         tensor.expand_shape %{{.*}} {{\[\[}}0, 1], [2]] output_shape [1, 2, 4] : tensor<2x4xf32> into tensor<1x2x4xf32>
func.func @shapes(%x: tensor<2x3x4xf32>)
    -> (tensor<6x4xf32>, tensor<4x2x3xf32>, tensor<3x4xf32>, tensor<1x2x4xf32>) {
  %a = tg.reshape %x [6, 4] : tensor<2x3x4xf32>
  %b = tg.permute %x [2, 0, 1] : tensor<2x3x4xf32>
  %c = tg.slice %a dim 0 start -100 end 5 step 2 : tensor<6x4xf32>
  %d = tg.select %x dim 1 index -1 : tensor<2x3x4xf32>
  %e = tg.unsqueeze %d dim 0 : tensor<2x4xf32>
  return %a, %b, %c, %e : tensor<6x4xf32>, tensor<4x2x3xf32>, tensor<3x4xf32>, tensor<1x2x4xf32>
}

// -----

// A reshape that is neither a collapse nor an expansion goes through 1-d;
// expand broadcasts the size-1 dimension.
// CHECK-DAG:   #[[B:.+]] = affine_map<(d0, d1) -> (0, d1)>
// CHECK-LABEL: func.func @reshape_expand
// CHECK:         tensor.collapse_shape %{{.*}} {{\[\[}}0, 1]] : tensor<2x3xf32> into tensor<6xf32>
// CHECK:         tensor.expand_shape %{{.*}} {{\[\[}}0, 1]] output_shape [3, 2] : tensor<6xf32> into tensor<3x2xf32>
// CHECK:         linalg.generic {indexing_maps = [#[[B]], #{{.+}}]
func.func @reshape_expand(%x: tensor<2x3xf32>, %y: tensor<1x3xf32>) -> (tensor<3x2xf32>, tensor<4x3xf32>) {
  %a = tg.reshape %x [3, 2] : tensor<2x3xf32>
  %b = tg.expand %y [4, -1] : tensor<1x3xf32>
  return %a, %b : tensor<3x2xf32>, tensor<4x3xf32>
}

// -----

// cat converts each input to the promoted dtype and inserts it at its offset;
// stack unsqueezes first.
// CHECK-LABEL: func.func @cat_stack
// CHECK:         %[[E:.+]] = tensor.empty() : tensor<3x3xf32>
// CHECK:         %[[S:.+]] = tensor.insert_slice %{{.*}} into %[[E]][0, 0] [2, 3] [1, 1]
// CHECK:         arith.sitofp %{{.*}} : i64 to f32
// CHECK:         tensor.insert_slice %{{.*}} into %[[S]][2, 0] [1, 3] [1, 1]
// CHECK:         tensor.expand_shape %{{.*}} : tensor<3xf32> into tensor<3x1xf32>
// CHECK:         tensor.insert_slice %{{.*}}[0, 1] [3, 1] [1, 1] : tensor<3x1xf32> into tensor<3x2xf32>
func.func @cat_stack(%a: tensor<2x3xf32>, %b: tensor<1x3xi64>, %v: tensor<3xf32>)
    -> (tensor<3x3xf32>, tensor<3x2xf32>) {
  %c = tg.cat %a, %b dim 0 : tensor<2x3xf32>, tensor<1x3xi64>
  %s = tg.stack %v, %v dim 1 : tensor<3xf32>, tensor<3xf32>
  return %c, %s : tensor<3x3xf32>, tensor<3x2xf32>
}

// -----

// uint8 tensors are i8 tensors after the conversion, function boundaries
// included; constants keep their bits.
// CHECK-LABEL: func.func @uint8
// CHECK-SAME:    (%{{.*}}: tensor<2xi8>) -> tensor<2xi8>
// CHECK:         arith.constant dense<[-56, 7]> : tensor<2xi8>
// CHECK:         arith.addi %{{.*}}, %{{.*}} : i8
func.func @uint8(%a: tensor<2xui8>) -> tensor<2xui8> {
  %c = tg.constant dense<[200, 7]> : tensor<2xui8>
  %d = tg.add %a, %c : tensor<2xui8>, tensor<2xui8>
  return %d : tensor<2xui8>
}

// -----

// arange computes start + step * i in f64 for f32 results; eye compares the
// two loop indices.
// CHECK-LABEL: func.func @creation
// CHECK:         linalg.generic
// CHECK:           %[[I:.+]] = linalg.index 0 : index
// CHECK:           arith.sitofp %{{.*}} : i64 to f64
// CHECK:           arith.mulf %{{.*}}, %{{.*}} : f64
// CHECK:           arith.truncf %{{.*}} : f64 to f32
// CHECK:         linalg.generic
// CHECK:           %[[R:.+]] = linalg.index 0 : index
// CHECK:           %[[C:.+]] = linalg.index 1 : index
// CHECK:           arith.cmpi eq, %[[R]], %[[C]] : index
// CHECK:           arith.uitofp %{{.*}} : i1 to f32
func.func @creation() -> (tensor<3xf32>, tensor<2x3xf32>) {
  %r = tg.arange 0.1, 1.0, 0.3 : tensor<3xf32>
  %e = tg.eye : tensor<2x3xf32>
  return %r, %e : tensor<3xf32>, tensor<2x3xf32>
}

// -----

// Guards are not computation: they stay, and the tensor they yield feeds the
// lowered ops.
// CHECK-LABEL: func.func @guards
// CHECK:         %[[X:.*]] = tg.guard_tensor %{{.*}} at "L['x']" strides [1] : !py.object -> tensor<4xf32>
// CHECK:         %[[N:.*]] = tg.guard_constant %{{.*}} at "L['n']" equals(#py.int<2>)
// CHECK:         tg.assume %[[N]]
// CHECK:         linalg.generic {{.*}} ins(%[[X]], %[[X]] : tensor<4xf32>, tensor<4xf32>)
// CHECK-NOT:     tg.add
func.func @guards(%x: !py.object, %n: !py.object) -> tensor<4xf32> {
  %t = tg.guard_tensor %x at "L['x']" strides [1] : !py.object -> tensor<4xf32>
  %g = tg.guard_constant %n at "L['n']" equals(#py.int<2>) : !py.object -> !py.object
  tg.assume %g : !py.object
  %r = tg.add %t, %t : tensor<4xf32>, tensor<4xf32>
  return %r : tensor<4xf32>
}

// -----

// A clone is its input: bufferization makes the copy where one is needed.
// CHECK-LABEL: func.func @clone
// CHECK-SAME:    (%[[X:.*]]: tensor<4xf32>)
// CHECK-NEXT:    return %[[X]]
func.func @clone(%x: tensor<4xf32>) -> tensor<4xf32> {
  %c = tg.clone %x : tensor<4xf32>
  return %c : tensor<4xf32>
}

// -----

// A triangle keeps the element where column - row is on its side of the
// diagonal, else zero.
// CHECK-LABEL: func.func @tril
// CHECK:         %[[DIAGONAL:.*]] = arith.constant 1 : i64
// CHECK:         linalg.generic
// CHECK:           %[[COL:.*]] = linalg.index 2 : index
// CHECK:           %[[COL64:.*]] = arith.index_cast %[[COL]]
// CHECK:           %[[ROW:.*]] = linalg.index 1 : index
// CHECK:           %[[ROW64:.*]] = arith.index_cast %[[ROW]]
// CHECK:           %[[OFFSET:.*]] = arith.subi %[[COL64]], %[[ROW64]]
// CHECK:           %[[KEPT:.*]] = arith.cmpi sle, %[[OFFSET]], %[[DIAGONAL]]
// CHECK:           arith.select %[[KEPT]], %{{.*}}, %{{.*}} : f32
func.func @tril(%x: tensor<2x3x4xf32>) -> tensor<2x3x4xf32> {
  %0 = tg.tril %x diagonal 1 : tensor<2x3x4xf32>
  return %0 : tensor<2x3x4xf32>
}

// -----

// CHECK-LABEL: func.func @bitwise_not
// CHECK:         linalg.generic
// CHECK:           %[[ONES:.*]] = arith.constant -1 : i32
// CHECK:           arith.xori %{{.*}}, %[[ONES]] : i32
func.func @bitwise_not(%x: tensor<4xi32>) -> tensor<4xi32> {
  %0 = tg.bitwise_not %x : tensor<4xi32>
  return %0 : tensor<4xi32>
}
