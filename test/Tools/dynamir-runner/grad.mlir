// --grad runs reverse mode through the captured graph: the gradient of each
// --input whose spec requires grad, given ones (or --grad-output) as the
// gradients of the floating-point tensors of the result, as
// torch.autograd.backward gives them. An input that no output depends on
// gets zeros. The integer tensor of the result takes no gradient.
//
// RUN: rm -rf %t && mkdir -p %t
// RUN: %torch_python %S/Inputs/npytool.py save %t/x.npy "torch.randn(4, 3, generator=torch.Generator().manual_seed(1))"
// RUN: %torch_python %S/Inputs/npytool.py save %t/w.npy "torch.randn(3, generator=torch.Generator().manual_seed(2))"
// RUN: %torch_python %S/Inputs/npytool.py save %t/y.npy "torch.randn(2, generator=torch.Generator().manual_seed(3))"
// RUN: %torch_python %S/Inputs/npytool.py save %t/g.npy "torch.arange(4.0)"
// RUN: dynamir-runner %s --input=%t/x.npy --input=%t/w.npy --input=%t/y.npy --output-dir=%t/out --grad
// RUN: ls %t/out | FileCheck %s --check-prefix=FILES
// RUN: %torch_python %S/Inputs/npytool.py compare %t/out/grad0.npy "(lambda x, w: torch.autograd.grad([torch.exp(x * w).sum(1), x * 2], [x], [torch.ones(4), torch.ones(4, 3)])[0])(x.requires_grad_(), w.requires_grad_())" x=%t/x.npy w=%t/w.npy | FileCheck %s --check-prefix=GX
// RUN: %torch_python %S/Inputs/npytool.py compare %t/out/grad1.npy "(lambda x, w: torch.autograd.grad(torch.exp(x * w).sum(1), [w], torch.ones(4))[0])(x.requires_grad_(), w.requires_grad_())" x=%t/x.npy w=%t/w.npy | FileCheck %s --check-prefix=GW
// RUN: %torch_python %S/Inputs/npytool.py compare %t/out/grad2.npy "torch.zeros(2)" | FileCheck %s --check-prefix=GY
//
// With the gradients of the outputs given:
// RUN: %torch_python %S/Inputs/npytool.py save %t/g1.npy "torch.full((4, 3), 0.5)"
// RUN: dynamir-runner %s --input=%t/x.npy --input=%t/w.npy --input=%t/y.npy --output-dir=%t/given --grad --grad-output=%t/g.npy --grad-output=%t/g1.npy
// RUN: %torch_python %S/Inputs/npytool.py compare %t/given/grad1.npy "(lambda x, w: torch.autograd.grad(torch.exp(x * w).sum(1), [w], torch.arange(4.0))[0])(x.requires_grad_(), w.requires_grad_())" x=%t/x.npy w=%t/w.npy | FileCheck %s --check-prefix=GW
//
// RUN: %torch_python %S/Inputs/npytool.py status 1 -- dynamir-runner %s --input=%t/x.npy --input=%t/w.npy --input=%t/y.npy --output-dir=%t/bad --grad --grad-output=%t/g.npy | FileCheck %s --check-prefix=COUNT
// RUN: %torch_python %S/Inputs/npytool.py status 1 -- dynamir-runner %s --input=%t/x.npy --input=%t/w.npy --input=%t/y.npy --output-dir=%t/bad --grad --grad-output=%t/g1.npy --grad-output=%t/g.npy | FileCheck %s --check-prefix=SHAPE
//
// An op without a derivative rule on the way is an error at that op; the
// capture needs another runner (status 2), as PyTorch 1.13's backward
// refuses floor_divide.
// RUN: %torch_python %S/Inputs/npytool.py status 2 -- dynamir-runner %S/Inputs/floordiv-grad.mlir --input=%t/w.npy --output-dir=%t/bad --grad | FileCheck %s --check-prefix=RULE
// Without --grad, the same capture runs.
// RUN: dynamir-runner %S/Inputs/floordiv-grad.mlir --input=%t/w.npy --output-dir=%t/nograd

// FILES: grad0.npy
// FILES-NEXT: grad1.npy
// FILES-NEXT: grad2.npy
// FILES-NEXT: out0.npy
// FILES-NEXT: out1.npy
// FILES-NEXT: out2.npy
// FILES-NEXT: result.json
// GX: ok: {{.*}}grad0.npy torch.float32 [4, 3]
// GW: ok: {{.*}}grad1.npy torch.float32 [3]
// GY: ok: {{.*}}grad2.npy torch.float32 [2]
// COUNT: error: the result has 2 floating-point tensors; got 1 --grad-output
// SHAPE: error: '{{.*}}g1.npy' holds torch.float32 [4, 3]; the tensor it is the gradient of is torch.float32 [4]
// RULE: floordiv-grad.mlir:{{[0-9]+}}:{{[0-9]+}}: error: no derivative rule for 'tg.floordiv': the gradient cannot flow through it
// RULE: error: reverse mode cannot differentiate the tensor graph

module attributes {py.entry = @f, py.filename = "/tmp/grad.py", py.inputs = [#py.tensor_input<tensor<4x3xf32>, requires_grad>, #py.tensor_input<tensor<3xf32>, requires_grad>, #py.tensor_input<tensor<2xf32>, requires_grad>], py.module = @"<module>", py.version = "3.12"} {
  py.func @f(%x: !py.object, %w: !py.object, %y: !py.object) -> !py.object attributes {argcount = 3 : i64, cellvars = [], flags = #py.code_flags<optimized | newlocals>, freevars = [], kwonlyargcount = 0 : i64, posonlyargcount = 0 : i64, qualname = "f", varnames = ["x", "w", "y"]} {
    %cst = arith.constant 2.000000e+00 : f64
    %0 = tg.guard_tensor %x at "L['x']" strides [3, 1] requires_grad : !py.object -> tensor<4x3xf32>
    %1 = tg.guard_tensor %w at "L['w']" strides [1] requires_grad : !py.object -> tensor<3xf32>
    %2 = tg.guard_tensor %y at "L['y']" strides [1] requires_grad : !py.object -> tensor<2xf32>
    tg.assume %2 : tensor<2xf32>
    %3 = tg.mul %0, %1 : tensor<4x3xf32>, tensor<3xf32>
    %4 = tg.exp %3 : tensor<4x3xf32>
    %5 = tg.sum %4 dims [1] : tensor<4x3xf32>
    %6 = py.tensor_object %5 : tensor<4xf32>
    %7 = tg.mul %0, %cst : tensor<4x3xf32>, f64
    %8 = py.tensor_object %7 : tensor<4x3xf32>
    %9 = tg.cmp gt %5, %cst : tensor<4xf32>, f64
    %10 = py.tensor_object %9 : tensor<4xi1>
    %11 = py.build_tuple(%6, %8, %10)
    py.return %11
  }
}
