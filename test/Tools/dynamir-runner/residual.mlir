// A capture that kept Python code (a call nothing mapped to tg) needs an
// interpreter: the runner refuses it with exit status 2 and names the first
// such op with its location, before it looks at any input.
//
// RUN: %torch_python %S/Inputs/npytool.py status 2 -- dynamir-runner %s --input=%S/missing.npy --output-dir=%t | FileCheck %s

// CHECK: dynamir-runner: error: 'f' has residual Python code that needs an interpreter (graph break): 'py.call' at /tmp/g.py:3:8 (and 1 more op that tg does not capture)
// CHECK: exit status 2

module attributes {py.entry = @f, py.inputs = [#py.tensor_input<tensor<4xf32>>]} {
  py.func @f(%x: !py.object) -> !py.object attributes {argcount = 1 : i64, cellvars = [], flags = #py.code_flags<optimized | newlocals>, freevars = [], kwonlyargcount = 0 : i64, posonlyargcount = 0 : i64, qualname = "f", varnames = ["x"]} {
    %0 = tg.guard_tensor %x at "L['x']" strides [1] : !py.object -> tensor<4xf32>
    %1 = tg.relu %0 : tensor<4xf32>
    %2 = py.tensor_object %1 : tensor<4xf32>
    %print = py.load_global "print" loc("/tmp/g.py":3:4)
    %3 = py.call %print(%2) loc("/tmp/g.py":3:8)
    %4 = py.getattr %2["sum"] loc("/tmp/g.py":4:11)
    py.return %2
  }
}
