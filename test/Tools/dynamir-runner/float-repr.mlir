// Python floats in result.json are written as Python's repr writes them
// (the shortest digits that round-trip; positional from 1e-4 to below 1e16,
// scientific with a signed two-digit exponent outside), as json.dumps does.
//
// RUN: rm -rf %t && dynamir-runner %s --output-dir=%t
// RUN: FileCheck %s --input-file=%t/result.json
// RUN: %torch_python -c "import json; print(json.dumps([10.02, 1e16, 1.5e-05, 123456.789, -2.5e+20, 0.0001, 100.0, 1e+22, 5e-324, 1.7976931348623157e+308, 0.1, -0.0, 1234567890123456.0, 9.999e-05]))" | FileCheck %s

// CHECK: [10.02, 1e+16, 1.5e-05, 123456.789, -2.5e+20, 0.0001, 100.0, 1e+22, 5e-324, 1.7976931348623157e+308, 0.1, -0.0, 1234567890123456.0, 9.999e-05]

module attributes {py.entry = @f, py.inputs = [], py.module = @"<module>", py.version = "3.12"} {
  py.func @f() -> !py.object attributes {argcount = 0 : i64, cellvars = [], flags = #py.code_flags<optimized | newlocals>, freevars = [], kwonlyargcount = 0 : i64, posonlyargcount = 0 : i64, qualname = "f", varnames = []} {
    %0 = py.constant 10.02 : f64
    %1 = py.constant 1.0e16 : f64
    %2 = py.constant 1.5e-05 : f64
    %3 = py.constant 123456.789 : f64
    %4 = py.constant -2.5e+20 : f64
    %5 = py.constant 0.0001 : f64
    %6 = py.constant 100.0 : f64
    %7 = py.constant 1.0e+22 : f64
    %8 = py.constant 4.9406564584124654E-324 : f64
    %9 = py.constant 1.7976931348623157e+308 : f64
    %10 = py.constant 0.1 : f64
    %11 = py.constant -0.0 : f64
    %12 = py.constant 1234567890123456.0 : f64
    %13 = py.constant 9.999e-05 : f64
    %r = py.build_tuple(%0, %1, %2, %3, %4, %5, %6, %7, %8, %9, %10, %11, %12, %13)
    py.return %r
  }
}
