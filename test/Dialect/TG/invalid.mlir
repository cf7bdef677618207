// RUN: dynamir-opt %s --split-input-file --verify-each --verify-diagnostics

// Shapes and dtypes that PyTorch rejects are rejected when the result type is
// inferred, with PyTorch's message; attributes that cannot hold are rejected
// by the verifiers.

func.func @f(%x: tensor<4x8xf32>, %y: tensor<3xf32>) {
  // expected-error @+1 {{'tg.add': the size of tensor a (8) must match the size of tensor b (3) at non-singleton dimension 1}}
  %0 = tg.add %x, %y : tensor<4x8xf32>, tensor<3xf32>
  return
}

// -----

func.func @f(%c: f64) {
  // expected-error @+1 {{'tg.add' needs a tensor operand}}
  %0 = tg.add %c, %c : f64, f64
  return
}

// -----

func.func @f(%b: tensor<4xi1>) {
  // expected-error @+1 {{'tg.sub': subtraction, the `-` operator, with a bool tensor is not supported}}
  %0 = tg.sub %b, %b : tensor<4xi1>, tensor<4xi1>
  return
}

// -----

func.func @f(%x: tensor<4xf32>, %c: f64) {
  // expected-error @+1 {{'tg.maximum' takes tensors, not Python numbers}}
  %0 = tg.maximum %x, %c : tensor<4xf32>, f64
  return
}

// -----

func.func @f(%x: tensor<4xf32>) {
  // expected-error @+1 {{'tg.bitwise_and' is only defined for integral and bool tensors, got torch.float32}}
  %0 = tg.bitwise_and %x, %x : tensor<4xf32>, tensor<4xf32>
  return
}

// -----

func.func @f(%b: tensor<4xi1>) {
  // expected-error @+1 {{'tg.neg' is not supported on bool tensors}}
  %0 = tg.neg %b : tensor<4xi1>
  return
}

// -----

func.func @f(%b: tensor<4xi1>) {
  // expected-error @+1 {{'tg.abs' is not supported on bool tensors}}
  %0 = tg.abs %b : tensor<4xi1>
  return
}

// -----

func.func @f(%i: tensor<4xi32>) {
  // expected-error @+1 {{'tg.silu' needs a floating-point tensor, got torch.int32}}
  %0 = tg.silu %i : tensor<4xi32>
  return
}

// -----

func.func @f(%i: tensor<4xi32>) {
  // expected-error @+1 {{'tg.mean': could not infer output dtype. Input dtype must be either a floating point or complex dtype. Got: torch.int32}}
  %0 = tg.mean %i : tensor<4xi32>
  return
}

// -----

func.func @f(%i: tensor<4xi32>) {
  // expected-error @+1 {{'tg.softmax' needs a floating-point tensor, got torch.int32}}
  %0 = tg.softmax %i dim 0 : tensor<4xi32>
  return
}

// -----

func.func @f(%x: tensor<4x8xf32>) {
  // expected-error @+1 {{'tg.sum': dimension out of range (expected to be in range of [-2, 1], but got 2)}}
  %0 = tg.sum %x dims [2] : tensor<4x8xf32>
  return
}

// -----

func.func @f(%x: tensor<4x8xf32>) {
  // expected-error @+1 {{'tg.sum': dim 1 appears multiple times in the list of dims}}
  %0 = tg.sum %x dims [1, -1] : tensor<4x8xf32>
  return
}

// -----

func.func @f(%x: tensor<4x8xf32>, %m: tensor<4x8xf32>) {
  // expected-error @+1 {{'tg.where': the condition must be a bool tensor}}
  %0 = tg.where %m, %x, %x : tensor<4x8xf32>, tensor<4x8xf32>, tensor<4x8xf32>
  return
}

// -----

func.func @f(%x: tensor<4x8xf32>) {
  // expected-error @+1 {{'tg.clamp' op needs at least one of min and max}}
  %0 = tg.clamp %x : tensor<4x8xf32>
  return
}

// -----

func.func @f(%x: tensor<4x8xf32>, %w: tensor<4x8xf32>) {
  // expected-error @+1 {{'tg.matmul': mat1 and mat2 shapes cannot be multiplied (4x8 and 4x8)}}
  %0 = tg.matmul %x, %w : tensor<4x8xf32>, tensor<4x8xf32>
  return
}

// -----

func.func @f(%x: tensor<4x8xf32>, %w: tensor<8x4xf64>) {
  // expected-error @+1 {{'tg.mm': expected both operands to have the same dtype, but got torch.float32 and torch.float64}}
  %0 = tg.mm %x, %w : tensor<4x8xf32>, tensor<8x4xf64>
  return
}

// -----

func.func @f(%x: tensor<8xf32>, %w: tensor<8x4xf32>) {
  // expected-error @+1 {{'tg.mm': both operands must be matrices}}
  %0 = tg.mm %x, %w : tensor<8xf32>, tensor<8x4xf32>
  return
}

// -----

func.func @f(%x: tensor<2x4x8xf32>, %w: tensor<3x8x4xf32>) {
  // expected-error @+1 {{'tg.bmm': batch1 and batch2 shapes do not match (2x4x8 and 3x8x4)}}
  %0 = tg.bmm %x, %w : tensor<2x4x8xf32>, tensor<3x8x4xf32>
  return
}

// -----

func.func @f(%x: tensor<4x8xf32>, %w: tensor<16x8xf32>, %b: tensor<8xf32>) {
  // expected-error @+1 {{'tg.linear': the bias must have the weight's number of rows}}
  %0 = tg.linear %x, %w, %b : tensor<4x8xf32>, tensor<16x8xf32>, tensor<8xf32>
  return
}

// -----

func.func @f(%x: tensor<f32>) {
  // expected-error @+1 {{'tg.max_dim': dimension out of range (expected to be in range of [-1, 0], but got 1)}}
  %0 = tg.max_dim %x dim 1 : tensor<f32>
  return
}

// -----

func.func @f(%x: tensor<4x8xf32>) {
  // expected-error @+1 {{'tg.reshape': shape '[5, -1]' is invalid for input of size 32}}
  %0 = tg.reshape %x [5, -1] : tensor<4x8xf32>
  return
}

// -----

func.func @f(%x: tensor<4x8xf32>) {
  // expected-error @+1 {{'tg.reshape': only one dimension can be inferred}}
  %0 = tg.reshape %x [-1, -1] : tensor<4x8xf32>
  return
}

// -----

func.func @f(%x: tensor<4x8xf32>) {
  // expected-error @+1 {{'tg.flatten': flatten() has invalid args: start_dim cannot come after end_dim}}
  %0 = tg.flatten %x start 1 end 0 : tensor<4x8xf32>
  return
}

// -----

func.func @f(%x: tensor<4x8xf32>) {
  // expected-error @+1 {{'tg.permute': repeated dim in permute}}
  %0 = tg.permute %x [0, 0] : tensor<4x8xf32>
  return
}

// -----

func.func @f(%x: tensor<4x8xf32>) {
  // expected-error @+1 {{'tg.permute': number of dims don't match in permute (1 for a 2-d tensor)}}
  %0 = tg.permute %x [0] : tensor<4x8xf32>
  return
}

// -----

func.func @f(%x: tensor<4x8xf32>) {
  // expected-error @+1 {{'tg.unsqueeze': dimension out of range (expected to be in range of [-3, 2], but got 3)}}
  %0 = tg.unsqueeze %x dim 3 : tensor<4x8xf32>
  return
}

// -----

func.func @f(%x: tensor<4x8xf32>) {
  // expected-error @+1 {{'tg.expand': the expanded size of the tensor (4) must match the existing size (8) at non-singleton dimension 1}}
  %0 = tg.expand %x [4, 4] : tensor<4x8xf32>
  return
}

// -----

func.func @f(%x: tensor<4x8xf32>) {
  // expected-error @+1 {{'tg.expand': -1 is not allowed in a leading, non-existing dimension}}
  %0 = tg.expand %x [-1, 4, 8] : tensor<4x8xf32>
  return
}

// -----

func.func @f(%x: tensor<4x8xf32>, %y: tensor<4x7xf32>) {
  // expected-error @+1 {{'tg.cat': sizes of tensors must match except in dimension 0. Expected size 8 but got size 7 for tensor number 1 in the list.}}
  %0 = tg.cat %x, %y dim 0 : tensor<4x8xf32>, tensor<4x7xf32>
  return
}

// -----

func.func @f(%x: tensor<f32>) {
  // expected-error @+1 {{'tg.cat': zero-dimensional tensor cannot be concatenated}}
  %0 = tg.cat %x dim 0 : tensor<f32>
  return
}

// -----

func.func @f(%x: tensor<4x8xf32>, %y: tensor<4x7xf32>) {
  // expected-error @+1 {{'tg.stack': stack expects each tensor to be equal size, but got [4x8] at entry 0 and [4x7] at entry 1}}
  %0 = tg.stack %x, %y dim 0 : tensor<4x8xf32>, tensor<4x7xf32>
  return
}

// -----

func.func @f(%x: tensor<4x8xf32>) {
  // expected-error @+1 {{'tg.slice': slice step must be positive}}
  %0 = tg.slice %x dim 0 start 0 end 2 step 0 : tensor<4x8xf32>
  return
}

// -----

func.func @f(%x: tensor<4x8xf32>) {
  // expected-error @+1 {{'tg.select': index 8 is out of bounds for dimension 1 with size 8}}
  %0 = tg.select %x dim 1 index 8 : tensor<4x8xf32>
  return
}

// -----

func.func @f(%x: tensor<f32>) {
  // expected-error @+1 {{'tg.select': invalid index of a 0-dim tensor}}
  %0 = tg.select %x dim 0 index 0 : tensor<f32>
  return
}

// -----

func.func @f() {
  // expected-error @+1 {{'tg.arange' op step must be nonzero}}
  %0 = tg.arange 0.0, 5.0, 0.0 : tensor<5xf32>
  return
}

// -----

func.func @f() {
  // expected-error @+1 {{'tg.arange' op upper bound and larger bound inconsistent with step sign}}
  %0 = tg.arange 0.0, 5.0, -1.0 : tensor<5xf32>
  return
}

// -----

func.func @f() {
  // expected-error @+1 {{'tg.arange' op expects a 1-d result of 3 elements}}
  %0 = tg.arange 0.0, 5.0, 2.0 : tensor<5xf32>
  return
}

// -----

func.func @f() {
  // expected-error @+1 {{'tg.eye' op expects a matrix result}}
  %0 = tg.eye : tensor<3xf32>
  return
}

// -----

func.func @f(%x: tensor<4x8xf32>) {
  // expected-error @+1 {{'tg.to' op changes the shape from 'tensor<4x8xf32>' to 'tensor<8x4xf16>'}}
  %0 = tg.to %x : tensor<4x8xf32> to tensor<8x4xf16>
  return
}

// -----

func.func @f(%x: tensor<4x8xf32>) {
  %0 = tg.constant dense<1.0> : tensor<4xf32>
  // expected-error @+1 {{'tg.add': the size of tensor a (8) must match the size of tensor b (4) at non-singleton dimension 1}}
  %1 = tg.add %x, %0 : tensor<4x8xf32>, tensor<4xf32>
  return
}

// -----

func.func @f(%x: tensor<4xcomplex<f32>>) {
  // expected-error @+1 {{'tg.neg' has an operand that is neither a supported tensor nor a Python number}}
  %0 = tg.neg %x : tensor<4xcomplex<f32>>
  return
}

// -----

func.func @f(%x: tensor<4xf32>, %c: i32) {
  // expected-error @+1 {{'tg.add' has an operand that is neither a supported tensor nor a Python number}}
  %0 = tg.add %x, %c : tensor<4xf32>, i32
  return
}

// -----

// A declared result type must be the inferred one.
func.func @f(%x: tensor<4x8xf32>, %y: tensor<8xf32>) {
  // expected-error @+2 {{'tg.add' op inferred type(s) 'tensor<4x8xf32>' are incompatible with return type(s) of operation 'tensor<4x8xf16>'}}
  // expected-error @+1 {{'tg.add' op failed to infer returned types}}
  %0 = "tg.add"(%x, %y) : (tensor<4x8xf32>, tensor<8xf32>) -> tensor<4x8xf16>
  return
}

// -----

func.func @f(%x: tensor<4xf32>) {
  // expected-error @+1 {{RuntimeError: tril: input tensor must have at least 2 dimensions}}
  %0 = tg.tril %x diagonal 0 : tensor<4xf32>
  return
}

// -----

func.func @f(%x: tensor<4xf32>) {
  // expected-error @+1 {{'tg.bitwise_not'}}
  %0 = tg.bitwise_not %x : tensor<4xf32>
  return
}

// -----

func.func @f(%x: tensor<4xf32>) -> tensor<4xf32> {
  // expected-error @+1 {{'tg.autograd_function' op forward takes (tensor<3xf32>), the inputs are (tensor<4xf32>)}}
  %y = tg.autograd_function(%x) : (tensor<4xf32>) -> tensor<4xf32>
  forward {
  ^bb0(%a: tensor<3xf32>):
    tg.yield %x : tensor<4xf32>
  } backward {
  ^bb0(%g: tensor<4xf32>):
    tg.yield %g : tensor<4xf32>
  }
  return %y : tensor<4xf32>
}

// -----

func.func @f(%x: tensor<4xf32>) -> tensor<4xf32> {
  // expected-error @+1 {{'tg.autograd_function' op forward yields (tensor<4xi64>), which must start with the outputs (tensor<4xf32>)}}
  %y = tg.autograd_function(%x) : (tensor<4xf32>) -> tensor<4xf32>
  forward {
  ^bb0(%a: tensor<4xf32>):
    %i = tg.to %a : tensor<4xf32> to tensor<4xi64>
    tg.yield %i : tensor<4xi64>
  } backward {
  ^bb0(%g: tensor<4xf32>):
    tg.yield %g : tensor<4xf32>
  }
  return %y : tensor<4xf32>
}

// -----

func.func @f(%x: tensor<4xf32>) -> tensor<4xf32> {
  // expected-error @+1 {{'tg.autograd_function' op backward takes (tensor<4xf32>), it must take the saved tensors and a gradient per output (tensor<4xf32>, tensor<4xf32>)}}
  %y = tg.autograd_function(%x) : (tensor<4xf32>) -> tensor<4xf32>
  forward {
  ^bb0(%a: tensor<4xf32>):
    tg.yield %a, %a : tensor<4xf32>, tensor<4xf32>
  } backward {
  ^bb0(%g: tensor<4xf32>):
    tg.yield %g : tensor<4xf32>
  }
  return %y : tensor<4xf32>
}

// -----

func.func @f(%x: tensor<4xf32>, %w: tensor<4xf32>) -> tensor<4xf32> {
  // expected-error @+1 {{'tg.autograd_function' op backward yields (tensor<4xf32>), it must yield a gradient per input (tensor<4xf32>, tensor<4xf32>)}}
  %y = tg.autograd_function(%x, %w) : (tensor<4xf32>, tensor<4xf32>) -> tensor<4xf32>
  forward {
  ^bb0(%a: tensor<4xf32>, %b: tensor<4xf32>):
    tg.yield %a : tensor<4xf32>
  } backward {
  ^bb0(%g: tensor<4xf32>):
    tg.yield %g : tensor<4xf32>
  }
  return %y : tensor<4xf32>
}

// -----

func.func @f(%x: tensor<4xf32>) -> tensor<4xf32> {
  // expected-error @+1 {{'tg.autograd_function' op non_differentiable must list outputs (0 to 1) in increasing order}}
  %y = tg.autograd_function(%x) non_differentiable [1] : (tensor<4xf32>) -> tensor<4xf32>
  forward {
  ^bb0(%a: tensor<4xf32>):
    tg.yield %a : tensor<4xf32>
  } backward {
  ^bb0(%g: tensor<4xf32>):
    tg.yield %g : tensor<4xf32>
  }
  return %y : tensor<4xf32>
}

// -----

func.func @f(%x: tensor<4xf32>) -> tensor<4xf32> {
  // expected-note @+1 {{required by region isolation constraints}}
  %y = tg.autograd_function(%x) : (tensor<4xf32>) -> tensor<4xf32>
  forward {
  ^bb0(%a: tensor<4xf32>):
    // expected-error @+1 {{'tg.add' op using value defined outside the region}}
    %s = tg.add %a, %x : tensor<4xf32>, tensor<4xf32>
    tg.yield %s : tensor<4xf32>
  } backward {
  ^bb0(%g: tensor<4xf32>):
    tg.yield %g : tensor<4xf32>
  }
  return %y : tensor<4xf32>
}
