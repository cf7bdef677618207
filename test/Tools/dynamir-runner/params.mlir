// The tensors a capture reads from the static environment (parameters of
// module-level nn.Modules) come from --params, by state-dict name; their
// TENSOR_MATCH guards are checked like the inputs'.
//
// RUN: rm -rf %t && mkdir -p %t/params %t/bad
// RUN: %torch_python %S/Inputs/npytool.py save %t/x.npy "torch.arange(8.0).reshape(2, 4)"
// RUN: %torch_python %S/Inputs/npytool.py save %t/params/model.fc.weight.npy "torch.linspace(-1, 1, 12).reshape(3, 4)"
// RUN: %torch_python %S/Inputs/npytool.py save %t/params/model.fc.bias.npy "torch.tensor([0.5, -0.5, 1.0])"
// RUN: %torch_python %S/Inputs/npytool.py save %t/bad/model.fc.weight.npy "torch.zeros(4, 3)"
// RUN: %torch_python %S/Inputs/npytool.py save %t/bad/model.fc.bias.npy "torch.zeros(3)"
//
// RUN: dynamir-runner %s --input=%t/x.npy --params=%t/params --output-dir=%t/out
// RUN: %torch_python %S/Inputs/npytool.py compare %t/out/out0.npy "F.linear(x, w, b)" x=%t/x.npy w=%t/params/model.fc.weight.npy b=%t/params/model.fc.bias.npy | FileCheck %s --check-prefix=OK
// OK: ok: {{.*}} torch.float32 [2, 3]
//
// With --grad, the parameters' gradients too (their guards require grad;
// x's spec does not), as NAME.grad.npy:
// RUN: dynamir-runner %s --input=%t/x.npy --params=%t/params --output-dir=%t/grad --grad
// RUN: ls %t/grad | FileCheck %s --check-prefix=GRADFILES
// GRADFILES-NOT: grad0.npy
// GRADFILES: model.fc.bias.grad.npy
// GRADFILES-NEXT: model.fc.weight.grad.npy
// RUN: %torch_python %S/Inputs/npytool.py compare %t/grad/model.fc.weight.grad.npy "torch.autograd.grad(F.linear(x, w.requires_grad_(), b).sum(), [w])[0]" x=%t/x.npy w=%t/params/model.fc.weight.npy b=%t/params/model.fc.bias.npy | FileCheck %s --check-prefix=GW
// GW: ok: {{.*}} torch.float32 [3, 4]
// RUN: %torch_python %S/Inputs/npytool.py compare %t/grad/model.fc.bias.grad.npy "torch.full((3,), 2.0)" | FileCheck %s --check-prefix=GB
// GB: ok: {{.*}} torch.float32 [3]
//
// RUN: %torch_python %S/Inputs/npytool.py status 1 -- dynamir-runner %s --input=%t/x.npy --output-dir=%t/out | FileCheck %s --check-prefix=MISSING
// MISSING: dynamir-runner: error: the capture reads the tensor G['model'].fc.weight from the environment: give --params=DIR with model.fc.weight.npy in it
//
// RUN: %torch_python %S/Inputs/npytool.py status 3 -- dynamir-runner %s --input=%t/x.npy --params=%t/bad --output-dir=%t/out | FileCheck %s --check-prefix=SHAPE
// SHAPE: dynamir-runner: guard failed: TENSOR_MATCH: G['model'].fc.weight (dtype=torch.float32, device=cpu, size=[3, 4], stride=[4, 1], requires_grad=True): got size [4, 3]
//
// RUN: dynamir-runner %s --print-guards | FileCheck %s --check-prefix=LIST
// LIST: unchecked: TENSOR_MATCH: G['model'].fc.weight {{.*}}: a tensor of the environment: --params gives it

module attributes {py.entry = @f, py.inputs = [#py.tensor_input<tensor<2x4xf32>>]} {
  py.func @f(%x: !py.object) -> !py.object
      attributes {argcount = 1 : i64, cellvars = [], flags = #py.code_flags<optimized | newlocals>,
                  freevars = [], kwonlyargcount = 0 : i64, posonlyargcount = 0 : i64,
                  qualname = "f", varnames = ["x"]} {
    %gx = tg.guard_tensor %x at "L['x']" strides [4, 1] : !py.object -> tensor<2x4xf32>
    %model = py.load_global "model"
    %m = tg.guard_id %model at "G['model']" is "model" : !py.object -> !py.object
    %fc = py.getattr %m["fc"]
    %gfc = tg.guard_id %fc at "G['model'].fc" is "model.fc" : !py.object -> !py.object
    %w = py.getattr %gfc["weight"]
    %gw = tg.guard_tensor %w at "G['model'].fc.weight" strides [4, 1] requires_grad : !py.object -> tensor<3x4xf32>
    %b = py.getattr %gfc["bias"]
    %gb = tg.guard_tensor %b at "G['model'].fc.bias" strides [1] requires_grad : !py.object -> tensor<3xf32>
    %y = tg.linear %gx, %gw, %gb : tensor<2x4xf32>, tensor<3x4xf32>, tensor<3xf32>
    %o = py.tensor_object %y : tensor<2x3xf32>
    py.return %o
  }
}
