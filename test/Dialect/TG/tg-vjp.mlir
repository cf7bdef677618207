// RUN: dynamir-opt %s --tg-vjp --verify-each --split-input-file --verify-diagnostics | FileCheck %s
//
// The derivative rules' numbers are checked against PyTorch's backward in
// test/Capture/Differential/Inputs/gradients.py; this checks their shape,
// and the rules of ops no Python form reaches yet.

// Broadcasting sums the gradient back to the operand's shape.
// CHECK-LABEL: func.func @f_vjp(
// CHECK-SAME:    %[[X:.*]]: tensor<2x3xf32>, %[[W:.*]]: tensor<3xf32>, %[[G:.*]]: tensor<2xf32>) -> (tensor<2x3xf32>, tensor<3xf32>)
// CHECK:         %[[E:.*]] = tg.exp
// CHECK:         %[[K:.*]] = tg.reshape %[[G]] [2, 1]
// CHECK:         %[[S:.*]] = tg.expand %[[K]] [2, 3]
// CHECK:         %[[D:.*]] = tg.mul %[[S]], %[[E]]
// CHECK:         %[[DX:.*]] = tg.mul %[[D]], %[[W]]
// CHECK:         %[[P:.*]] = tg.mul %[[D]], %[[X]]
// CHECK:         %[[DW:.*]] = tg.sum %[[P]] dims [0]
// CHECK:         return %[[DX]], %[[DW]]
func.func @f(%x: tensor<2x3xf32>, %w: tensor<3xf32>) -> tensor<2xf32> {
  %y = tg.mul %x, %w : tensor<2x3xf32>, tensor<3xf32>
  %e = tg.exp %y : tensor<2x3xf32>
  %s = tg.sum %e dims [1] : tensor<2x3xf32>
  return %s : tensor<2xf32>
}

// -----

// The gradient goes to the index max_dim chose, not to every tie.
// CHECK-LABEL: func.func @max_dim_vjp(
// CHECK-SAME:    %[[X:.*]]: tensor<3x4xf32>, %[[G:.*]]: tensor<3xf32>)
// CHECK:         %{{.*}}, %[[I:.*]] = tg.max_dim %[[X]] dim 1
// CHECK:         %[[IOTA:.*]] = tg.arange 0.{{0+}}e+00, 4.{{0+}}e+00, 1.{{0+}}e+00 : tensor<4xi64>
// CHECK:         %[[ROW:.*]] = tg.reshape %[[IOTA]] [1, 4]
// CHECK:         %[[COL:.*]] = tg.reshape %[[I]] [3, 1]
// CHECK:         %[[HIT:.*]] = tg.cmp eq %[[ROW]], %[[COL]]
// CHECK:         %[[GK:.*]] = tg.reshape %[[G]] [3, 1]
// CHECK:         %[[R:.*]] = tg.where %[[HIT]], %[[GK]], %{{.*}} : tensor<3x4xi1>, tensor<3x1xf32>, f64
// CHECK:         return %[[R]]
func.func @max_dim(%x: tensor<3x4xf32>) -> tensor<3xf32> {
  %v, %i = tg.max_dim %x dim 1 : tensor<3x4xf32>
  return %v : tensor<3xf32>
}

// -----

// CHECK-LABEL: func.func @squeeze_vjp(
// CHECK:         %[[R:.*]] = tg.reshape %arg1 [3, 1] : tensor<3xf32>
// CHECK:         return %[[R]]
func.func @squeeze(%x: tensor<3x1xf32>) -> tensor<3xf32> {
  %y = tg.squeeze %x : tensor<3x1xf32>
  return %y : tensor<3xf32>
}

// -----

// A strided slice: each element followed by step - 1 zeros, placed at start.
// CHECK-LABEL: func.func @slice_step_vjp(
// CHECK:         %[[C:.*]] = tg.unsqueeze %arg1 dim 1 : tensor<3xf32>
// CHECK:         %[[Z:.*]] = tg.constant dense<0.{{0+}}e+00> : tensor<3x1xf32>
// CHECK:         %[[I:.*]] = tg.cat %[[C]], %[[Z]] dim 1
// CHECK:         %[[F:.*]] = tg.reshape %[[I]] [6]
// CHECK:         %[[T:.*]] = tg.slice %[[F]] dim 0 start 0 end 5 step 1
// CHECK:         %[[R:.*]] = tg.cat %{{.*}}, %[[T]], %{{.*}} dim 0 : tensor<1xf32>, tensor<5xf32>, tensor<1xf32>
// CHECK:         return %[[R]] : tensor<7xf32>
func.func @slice_step(%x: tensor<7xf32>) -> tensor<3xf32> {
  %y = tg.slice %x dim 0 start 1 end 7 step 2 : tensor<7xf32>
  return %y : tensor<3xf32>
}

// -----

// tg.autograd_function: the forward again for the saved tensors, then the
// backward region with them and the output's gradient.
// CHECK-LABEL: func.func @function_vjp(
// CHECK-SAME:    %[[X:.*]]: tensor<4xf32>, %[[W:.*]]: tensor<4xf32>, %[[G:.*]]: tensor<4xf32>)
// CHECK:         tg.autograd_function
// CHECK:         } backward {
// CHECK:         }
// CHECK:         %[[GX:.*]] = tg.mul %[[G]], %[[W]]
// CHECK:         %[[GW:.*]] = tg.constant dense<0.{{0+}}e+00>
// CHECK:         return %[[GX]], %[[GW]]
func.func @function(%x: tensor<4xf32>, %w: tensor<4xf32>) -> tensor<4xf32> {
  %y = tg.autograd_function(%x, %w) : (tensor<4xf32>, tensor<4xf32>) -> tensor<4xf32>
  forward {
  ^bb0(%a: tensor<4xf32>, %b: tensor<4xf32>):
    %p = tg.mul %a, %b : tensor<4xf32>, tensor<4xf32>
    tg.yield %p, %b : tensor<4xf32>, tensor<4xf32>
  } backward {
  ^bb0(%b: tensor<4xf32>, %g: tensor<4xf32>):
    %ga = tg.mul %g, %b : tensor<4xf32>, tensor<4xf32>
    %z = tg.constant dense<0.0> : tensor<4xf32>
    tg.yield %ga, %z : tensor<4xf32>, tensor<4xf32>
  }
  return %y : tensor<4xf32>
}

// -----

// detach stops the gradient; an integer argument gets none.
// CHECK-LABEL: func.func @detached_vjp(
// CHECK-SAME:    %{{.*}}: tensor<4xf32>, %{{.*}}: tensor<4xi64>, %{{.*}}: tensor<4xf32>) -> tensor<4xf32>
// CHECK:         %[[Z:.*]] = tg.constant dense<0.{{0+}}e+00> : tensor<4xf32>
// CHECK-NEXT:    return %[[Z]]
func.func @detached(%x: tensor<4xf32>, %n: tensor<4xi64>) -> tensor<4xf32> {
  %d = tg.detach %x : tensor<4xf32>
  %y = tg.mul %d, %n : tensor<4xf32>, tensor<4xi64>
  return %y : tensor<4xf32>
}

// -----

func.func @floordiv(%x: tensor<4xf32>) -> tensor<4xf32> {
  %c = arith.constant 2.0 : f64
  // expected-error @below {{no derivative rule for 'tg.floordiv': the gradient cannot flow through it}}
  %y = tg.floordiv %x, %c : tensor<4xf32>, f64
  return %y : tensor<4xf32>
}
