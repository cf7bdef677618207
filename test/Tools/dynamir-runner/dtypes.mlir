// Every dtype crosses the runner: uint8 (held in i8 by the lowering), bool,
// float16, bfloat16 ('<u2' bit patterns in .npy) and a 0-d int64 tensor that
// is returned unchanged; the return value is a dict with constant entries.
//
// RUN: rm -rf %t && mkdir -p %t
// RUN: %torch_python %S/Inputs/npytool.py save %t/a.npy "torch.tensor([0, 7, 200, 255, 13], dtype=torch.uint8)"
// RUN: %torch_python %S/Inputs/npytool.py save %t/m.npy "torch.tensor([True, False, True, True, False])"
// RUN: %torch_python %S/Inputs/npytool.py save %t/h.npy "torch.tensor([[0.5, -1.25, 3.0], [1e-3, 2.0, -7.5]], dtype=torch.float16)"
// RUN: %torch_python %S/Inputs/npytool.py save %t/g.npy "torch.tensor([1.5, -2.25, 100.0], dtype=torch.bfloat16)"
// RUN: %torch_python %S/Inputs/npytool.py save %t/i.npy "torch.tensor(42)"
// RUN: dynamir-runner %s --input=%t/a.npy --input=%t/m.npy --input=%t/h.npy --input=%t/g.npy --input=%t/i.npy --output-dir=%t/out
// RUN: FileCheck %s --input-file=%t/out/result.json
// RUN: %torch_python %S/Inputs/npytool.py compare %t/out/out0.npy "a + 100" a=%t/a.npy
// RUN: %torch_python %S/Inputs/npytool.py compare %t/out/out1.npy "torch.where(m, a, 0)" a=%t/a.npy m=%t/m.npy
// RUN: %torch_python %S/Inputs/npytool.py compare %t/out/out2.npy "h * 2.5 > 1" h=%t/h.npy
// RUN: %torch_python %S/Inputs/npytool.py compare %t/out/out3.npy "torch.sigmoid(h.float()).half()" h=%t/h.npy
// RUN: %torch_python %S/Inputs/npytool.py compare %t/out/out4.npy "g * g" g=%t/g.npy
// RUN: %torch_python %S/Inputs/npytool.py compare %t/out/out5.npy "i" i=%t/i.npy
// RUN: %torch_python %S/Inputs/npytool.py compare %t/out/out6.npy "a.sum()" a=%t/a.npy

// CHECK: {"sum": {"tensor": "out0.npy"}, "masked": {"tensor": "out1.npy"}, "1": [{"tensor": "out2.npy"}, {"tensor": "out3.npy"}], "bf": {"tensor": "out4.npy"}, "same": [{"tensor": "out5.npy"}, {"tensor": "out5.npy"}], "None": [3, 0.5, true, null, "a\"b", [1, "x"]], "total": {"tensor": "out6.npy"}}

module attributes {py.entry = @f, py.inputs = [#py.tensor_input<tensor<5xui8>>, #py.tensor_input<tensor<5xi1>>, #py.tensor_input<tensor<2x3xf16>>, #py.tensor_input<tensor<3xbf16>>, #py.tensor_input<tensor<i64>>]} {
  py.func @f(%a: !py.object, %m: !py.object, %h: !py.object, %g: !py.object, %i: !py.object) -> !py.object attributes {argcount = 5 : i64, cellvars = [], flags = #py.code_flags<optimized | newlocals>, freevars = [], kwonlyargcount = 0 : i64, posonlyargcount = 0 : i64, qualname = "f", varnames = ["a", "m", "h", "g", "i"]} {
    %c100 = arith.constant 100 : i64
    %c0 = arith.constant 0 : i64
    %c2.5 = arith.constant 2.5 : f64
    %c1 = arith.constant 1 : i64
    %0 = tg.guard_tensor %a at "L['a']" strides [1] : !py.object -> tensor<5xui8>
    %1 = tg.guard_tensor %m at "L['m']" strides [1] : !py.object -> tensor<5xi1>
    %2 = tg.guard_tensor %h at "L['h']" strides [3, 1] : !py.object -> tensor<2x3xf16>
    %3 = tg.guard_tensor %g at "L['g']" strides [1] : !py.object -> tensor<3xbf16>
    %4 = tg.guard_tensor %i at "L['i']" strides [] : !py.object -> tensor<i64>
    %sum = tg.add %0, %c100 : tensor<5xui8>, i64
    %masked = tg.where %1, %0, %c0 : tensor<5xi1>, tensor<5xui8>, i64
    %scaled = tg.mul %2, %c2.5 : tensor<2x3xf16>, f64
    %gt = tg.cmp gt %scaled, %c1 : tensor<2x3xf16>, i64
    %sig = tg.sigmoid %2 : tensor<2x3xf16>
    %bf = tg.mul %3, %3 : tensor<3xbf16>, tensor<3xbf16>
    %total = tg.sum %0 dims [] : tensor<5xui8>
    %o0 = py.tensor_object %sum : tensor<5xui8>
    %o1 = py.tensor_object %masked : tensor<5xui8>
    %o2 = py.tensor_object %gt : tensor<2x3xi1>
    %o3 = py.tensor_object %sig : tensor<2x3xf16>
    %o4 = py.tensor_object %bf : tensor<3xbf16>
    %o5 = py.tensor_object %4 : tensor<i64>
    %o6 = py.tensor_object %total : tensor<i64>
    %k_sum = py.constant "sum"
    %k_masked = py.constant "masked"
    %k_1 = py.constant #py.int<1>
    %k_bf = py.constant "bf"
    %k_same = py.constant "same"
    %k_none = py.constant #py.none
    %k_total = py.constant "total"
    %pair = py.build_tuple(%o2, %o3)
    %same = py.build_list(%o5, %o5)
    %n = py.constant #py.int<3>
    %half = py.constant 5.000000e-01
    %true = py.constant true
    %str = py.constant "a\"b"
    %tuple = py.constant [#py.int<1>, "x"]
    %consts = py.build_tuple(%n, %half, %true, %k_none, %str, %tuple)
    %d = py.build_dict(%k_sum : %o0, %k_masked : %o1, %k_1 : %pair, %k_bf : %o4, %k_same : %same, %k_none : %consts, %k_total : %o6)
    py.return %d
  }
}
