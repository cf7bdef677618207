// f(x) = torch.relu(x) for x: f32[4], captured.
module attributes {py.entry = @f, py.inputs = [#py.tensor_input<tensor<4xf32>>]} {
  py.func @f(%x: !py.object) -> !py.object attributes {argcount = 1 : i64, cellvars = [], flags = #py.code_flags<optimized | newlocals>, freevars = [], kwonlyargcount = 0 : i64, posonlyargcount = 0 : i64, qualname = "f", varnames = ["x"]} {
    %0 = tg.guard_tensor %x at "L['x']" strides [1] : !py.object -> tensor<4xf32>
    %1 = tg.relu %0 : tensor<4xf32>
    %2 = py.tensor_object %1 : tensor<4xf32>
    py.return %2
  }
}
