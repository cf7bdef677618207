// Debian's own mlir-opt (mlir-19-tools) loads Dynamir as a dialect and pass
// plugin, parses py IR, and runs Dynamir's passes next to upstream ones inside
// its own pass pipeline.
//
// RUN: %mlir_opt %s --load-dialect-plugin=%dynamir_lib_dir/libDynamirPlugin.so \
// RUN:   --load-pass-plugin=%dynamir_lib_dir/libDynamirPlugin.so \
// RUN:   --pass-pipeline='builtin.module(py.func(py-prune-unwind-edges),canonicalize)' \
// RUN:   --verify-each | FileCheck %s

// Pruning the edge that cannot be taken leaves a straight line that upstream
// canonicalization folds into one block.
// CHECK-LABEL: py.func @f(%a: !py.object)
// CHECK-NEXT:    %[[T:.+]] = py.build_tuple(%a, %a)
// CHECK-NEXT:    py.return %[[T]]
// CHECK-NEXT:  }
py.func @f(%a: !py.object) -> !py.object attributes {argcount = 1 : i64, cellvars = [], flags = #py.code_flags<optimized | newlocals>, freevars = [], kwonlyargcount = 0 : i64, posonlyargcount = 0 : i64, qualname = "f", varnames = ["a"]} {
  %t = py.build_tuple(%a, %a)
  py.unwind_br ^bb1(%t : !py.object) unwind ^bb2
^bb1(%r: !py.object):
  py.return %r
^bb2:
  %e = py.landing_pad
  py.reraise %e
}
