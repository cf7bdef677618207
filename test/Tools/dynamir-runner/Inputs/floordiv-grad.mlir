// `(w // 2.0) * w` with w requiring grad: used by ../grad.mlir.
module attributes {py.entry = @f, py.filename = "/tmp/grad.py", py.inputs = [#py.tensor_input<tensor<3xf32>, requires_grad>], py.module = @"<module>", py.version = "3.12"} {
  py.func @f(%w: !py.object) -> !py.object attributes {argcount = 1 : i64, cellvars = [], flags = #py.code_flags<optimized | newlocals>, freevars = [], kwonlyargcount = 0 : i64, posonlyargcount = 0 : i64, qualname = "f", varnames = ["w"]} {
    %cst = arith.constant 2.000000e+00 : f64
    %0 = tg.guard_tensor %w at "L['w']" strides [1] requires_grad : !py.object -> tensor<3xf32>
    %1 = tg.floordiv %0, %cst : tensor<3xf32>, f64
    %2 = tg.mul %1, %0 : tensor<3xf32>, tensor<3xf32>
    %3 = py.tensor_object %2 : tensor<3xf32>
    py.return %3
  }
}
