// The capture of test/Capture's running example (F.linear, relu, a reduction,
// softmax, a transpose and a matrix product; a specialized int and a returned
// constant), as --py-specialize-entry --py-map-torch --canonicalize --cse
// leave it: the runner checks its guards, runs it and writes its result.
//
// RUN: rm -rf %t && mkdir -p %t
// RUN: %torch_python %S/Inputs/npytool.py save %t/x.npy "torch.randn(4, 8, generator=torch.Generator().manual_seed(1))"
// RUN: %torch_python %S/Inputs/npytool.py save %t/w.npy "torch.randn(16, 8, generator=torch.Generator().manual_seed(2))"
// RUN: %torch_python %S/Inputs/npytool.py save %t/b.npy "torch.randn(16, generator=torch.Generator().manual_seed(3))"
// RUN: dynamir-runner %s --input=%t/x.npy --input=%t/w.npy --input=%t/b.npy --output-dir=%t/out --print-guards | FileCheck %s --check-prefix=GUARDS
// RUN: FileCheck %s --check-prefix=JSON --input-file=%t/out/result.json
// RUN: %torch_python %S/Inputs/npytool.py compare %t/out/out0.npy "(lambda y: y.t())(F.softmax((lambda h: h - h.sum(dim=1, keepdim=True) / h.shape[1])(torch.relu(F.linear(x, w, b)) * 2.0 + 3), dim=-1))" x=%t/x.npy w=%t/w.npy b=%t/b.npy | FileCheck %s --check-prefix=OUT0
// RUN: %torch_python %S/Inputs/npytool.py compare %t/out/out1.npy "(lambda y: -y @ y.T)(F.softmax((lambda h: h - h.sum(dim=1, keepdim=True) / h.shape[1])(torch.relu(F.linear(x, w, b)) * 2.0 + 3), dim=-1))" x=%t/x.npy w=%t/w.npy b=%t/b.npy | FileCheck %s --check-prefix=OUT1
//
// Only the guards it relies on are listed without inputs, none checked.
// RUN: dynamir-runner %s --print-guards | FileCheck %s --check-prefix=LIST

// GUARDS:      guards of 'f':
// GUARDS-NEXT:   passed: TENSOR_MATCH: L['x'] (dtype=torch.float32, device=cpu, size=[4, 8], stride=[8, 1], requires_grad=False): requires_grad is not checkable from .npy: taken as satisfied
// GUARDS-NEXT:   passed: TENSOR_MATCH: L['w'] (dtype=torch.float32, device=cpu, size=[16, 8], stride=[8, 1], requires_grad=False)
// GUARDS-NEXT:   passed: TENSOR_MATCH: L['b'] (dtype=torch.float32, device=cpu, size=[16], stride=[1], requires_grad=False)
// GUARDS-NEXT:   static: CONSTANT_MATCH: L['n'] (EQUALS_MATCH, == 3): established at capture
// GUARDS-NEXT:   static: ID_MATCH: G['F'] (is torch.nn.functional): established at capture
// GUARDS-NEXT:   static: ID_MATCH: G['torch'] (is torch): established at capture

// JSON: [{"tensor": "out0.npy"}, 2, {"tensor": "out1.npy"}]

// OUT0: ok: {{.*}}out0.npy torch.float32 [16, 4]
// OUT1: ok: {{.*}}out1.npy torch.float32 [4, 4]

// LIST:      guards of 'f':
// LIST-NEXT:   unchecked: TENSOR_MATCH: L['x'] {{.*}}: no inputs given
// LIST:        static: ID_MATCH: G['torch'] (is torch): established at capture

module attributes {py.entry = @f, py.filename = "/tmp/e2e.py", py.inputs = [#py.tensor_input<tensor<4x8xf32>>, #py.tensor_input<tensor<16x8xf32>>, #py.tensor_input<tensor<16xf32>>, #py.int<3>], py.module = @"<module>", py.version = "3.12"} {
  py.func @f(%x: !py.object, %w: !py.object, %b: !py.object, %n: !py.object) -> !py.object attributes {argcount = 4 : i64, cellvars = [], flags = #py.code_flags<optimized | newlocals>, freevars = [], kwonlyargcount = 0 : i64, posonlyargcount = 0 : i64, qualname = "f", varnames = ["x", "w", "b", "n", "h", "s", "y"]} {
    %c2 = py.constant #py.int<2>
    %c16_i64 = arith.constant 16 : i64
    %c3_i64 = arith.constant 3 : i64
    %cst = arith.constant 2.000000e+00 : f64
    %0 = tg.guard_tensor %x at "L['x']" strides [8, 1] : !py.object -> tensor<4x8xf32>
    %1 = tg.guard_tensor %w at "L['w']" strides [8, 1] : !py.object -> tensor<16x8xf32>
    %2 = tg.guard_tensor %b at "L['b']" strides [1] : !py.object -> tensor<16xf32>
    %3 = tg.guard_constant %n at "L['n']" equals(#py.int<3>) : !py.object -> !py.object
    tg.assume %3 : !py.object
    %F = py.load_global "F"
    %4 = tg.guard_id %F at "G['F']" is "torch.nn.functional" : !py.object -> !py.object
    %5 = tg.linear %0, %1, %2 : tensor<4x8xf32>, tensor<16x8xf32>, tensor<16xf32>
    tg.assume %4 : !py.object
    %torch = py.load_global "torch"
    %6 = tg.guard_id %torch at "G['torch']" is "torch" : !py.object -> !py.object
    %7 = tg.relu %5 : tensor<4x16xf32>
    tg.assume %6 : !py.object
    %8 = tg.mul %7, %cst : tensor<4x16xf32>, f64
    %9 = tg.add %8, %c3_i64 : tensor<4x16xf32>, i64
    %10 = tg.sum %9 dims [1] keepdim : tensor<4x16xf32>
    tg.assume %2 : tensor<16xf32>
    tg.assume %1 : tensor<16x8xf32>
    tg.assume %0 : tensor<4x8xf32>
    %11 = tg.div %10, %c16_i64 : tensor<4x1xf32>, i64
    %12 = tg.sub %9, %11 : tensor<4x16xf32>, tensor<4x1xf32>
    %13 = tg.softmax %12 dim -1 : tensor<4x16xf32>
    %14 = tg.permute %13 [1, 0] : tensor<4x16xf32>
    %15 = py.tensor_object %14 : tensor<16x4xf32>
    %16 = tg.neg %13 : tensor<4x16xf32>
    %17 = tg.matmul %16, %14 : tensor<4x16xf32>, tensor<16x4xf32>
    %18 = py.tensor_object %17 : tensor<4x4xf32>
    %19 = py.build_tuple(%15, %c2, %18)
    py.return %19
  }
}

