// TENSOR_MATCH guards on the entry's tensor parameters, positional and
// *args items, are checked against the .npy inputs: dtype, size and stride
// (a Fortran-order array has column-major strides). A failing guard is exit
// status 3 with the guard and what the input had instead.
//
// RUN: rm -rf %t && mkdir -p %t
// RUN: %torch_python %S/Inputs/npytool.py save %t/x.npy "torch.arange(32.0).reshape(4, 8)"
// RUN: %torch_python %S/Inputs/npytool.py save %t/y.npy "torch.linspace(-1, 1, 8)"
// RUN: %torch_python %S/Inputs/npytool.py save %t/x64.npy "torch.zeros(4, 8, dtype=torch.float64)"
// RUN: %torch_python %S/Inputs/npytool.py save %t/x49.npy "torch.zeros(4, 9)"
// RUN: %torch_python %S/Inputs/npytool.py save %t/xf.npy "torch.zeros(4, 8)" --fortran
// RUN: %torch_python %S/Inputs/npytool.py save %t/y9.npy "torch.zeros(9)"
// RUN: %torch_python %S/Inputs/npytool.py save %t/y16.npy "torch.zeros(8, dtype=torch.bfloat16)"
//
// RUN: dynamir-runner %s --input=%t/x.npy --input=%t/y.npy --output-dir=%t/out
// RUN: %torch_python %S/Inputs/npytool.py compare %t/out/out0.npy "x + y" x=%t/x.npy y=%t/y.npy | FileCheck %s --check-prefix=OK
// OK: ok: {{.*}} torch.float32 [4, 8]
//
// RUN: %torch_python %S/Inputs/npytool.py status 3 -- dynamir-runner %s --input=%t/x64.npy --input=%t/y.npy --output-dir=%t/out | FileCheck %s --check-prefix=DTYPE
// DTYPE: dynamir-runner: guard failed: TENSOR_MATCH: L['x'] (dtype=torch.float32, device=cpu, size=[4, 8], stride=[8, 1], requires_grad=False): got dtype torch.float64
// DTYPE-NEXT: exit status 3
//
// RUN: %torch_python %S/Inputs/npytool.py status 3 -- dynamir-runner %s --input=%t/x49.npy --input=%t/y.npy --output-dir=%t/out | FileCheck %s --check-prefix=SIZE
// SIZE: guard failed: TENSOR_MATCH: L['x'] ({{.*}}): got size [4, 9]
//
// RUN: %torch_python %S/Inputs/npytool.py status 3 -- dynamir-runner %s --input=%t/xf.npy --input=%t/y.npy --output-dir=%t/out | FileCheck %s --check-prefix=STRIDE
// STRIDE: guard failed: TENSOR_MATCH: L['x'] ({{.*}}): got stride [1, 4] (a Fortran-order array)
//
// RUN: %torch_python %S/Inputs/npytool.py status 3 -- dynamir-runner %s --input=%t/x.npy --input=%t/y9.npy --output-dir=%t/out | FileCheck %s --check-prefix=ARGS
// ARGS: guard failed: TENSOR_MATCH: L['args'][0] (dtype=torch.float32, device=cpu, size=[8], stride=[1], requires_grad=False): got size [9]
//
// RUN: %torch_python %S/Inputs/npytool.py status 3 -- dynamir-runner %s --input=%t/x.npy --input=%t/y16.npy --output-dir=%t/out | FileCheck %s --check-prefix=BF16
// BF16: guard failed: TENSOR_MATCH: L['args'][0] ({{.*}}): got dtype torch.bfloat16
//
// With --print-guards, every guard is listed with what became of it.
// RUN: %torch_python %S/Inputs/npytool.py status 3 -- dynamir-runner %s --input=%t/x64.npy --input=%t/y.npy --output-dir=%t/out --print-guards | FileCheck %s --check-prefix=LIST
// LIST:      guards of 'f':
// LIST-NEXT:   FAILED: TENSOR_MATCH: L['x'] ({{.*}}): got dtype torch.float64
// LIST-NEXT:   static: SEQUENCE_LENGTH: L['args'] (type is builtins.tuple, len == 1): established at capture
// LIST-NEXT:   passed: TENSOR_MATCH: L['args'][0] ({{.*}}): requires_grad is not checkable from .npy: taken as satisfied
// LIST-NEXT:   static: ID_MATCH: G['torch'] (is torch): established at capture
// LIST-NEXT: dynamir-runner: guard failed

module attributes {py.entry = @f, py.inputs = [#py.tensor_input<tensor<4x8xf32>>, #py.tensor_input<tensor<8xf32>>]} {
  py.func @f(%x: !py.object, %args: !py.object) -> !py.object attributes {argcount = 1 : i64, cellvars = [], flags = #py.code_flags<optimized | newlocals | varargs>, freevars = [], kwonlyargcount = 0 : i64, posonlyargcount = 0 : i64, qualname = "f", varnames = ["x", "args"]} {
    %0 = tg.guard_tensor %x at "L['x']" strides [8, 1] : !py.object -> tensor<4x8xf32>
    %1 = tg.guard_len %args at "L['args']" is "builtins.tuple" length 1 : !py.object -> !py.object
    tg.assume %1 : !py.object
    %c0 = py.constant #py.int<0>
    %2 = py.getitem %1[%c0]
    %3 = tg.guard_tensor %2 at "L['args'][0]" strides [1] : !py.object -> tensor<8xf32>
    %torch = py.load_global "torch"
    %4 = tg.guard_id %torch at "G['torch']" is "torch" : !py.object -> !py.object
    tg.assume %4 : !py.object
    %5 = tg.add %0, %3 : tensor<4x8xf32>, tensor<8xf32>
    %6 = py.tensor_object %5 : tensor<4x8xf32>
    py.return %6
  }
}
