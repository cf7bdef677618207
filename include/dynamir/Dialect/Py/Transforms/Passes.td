//===- Passes.td - Python dialect passes -------------------*- tablegen -*-===//
//
// Passes that transform `py` IR on its own, before any capture.
//
//===----------------------------------------------------------------------===//

#ifndef DYNAMIR_DIALECT_PY_TRANSFORMS_PASSES_TD
#define DYNAMIR_DIALECT_PY_TRANSFORMS_PASSES_TD

include "mlir/Pass/PassBase.td"

def PruneUnwindEdges : Pass<"py-prune-unwind-edges", "dynamir::py::FuncOp"> {
  let summary = "Drop unwind edges from blocks that cannot raise";
  let description = [{
    The importer gives every block covered by the exception table an unwind
    edge, whether or not its ops can raise (a block that only moves values
    between locals, or builds a tuple, still gets one). This pass turns the
    `py.unwind_br` of a block whose ops all carry the `NoRaise` trait into a
    `cf.br`, then erases the landing pads no edge reaches any more.

    ```mlir
    ^bb1:
      %t = py.build_tuple(%a, %b)
      py.unwind_br ^bb2(%t : !py.object) unwind ^bb3
    ```
    becomes
    ```mlir
    ^bb1:
      %t = py.build_tuple(%a, %b)
      cf.br ^bb2(%t : !py.object)
    ```
  }];
  let dependentDialects = ["mlir::cf::ControlFlowDialect"];
  let statistics = [
    Statistic<"numPruned", "pruned-edges", "unwind edges removed">,
    Statistic<"numErasedBlocks", "erased-blocks", "unreachable blocks erased">,
  ];
}

#endif // DYNAMIR_DIALECT_PY_TRANSFORMS_PASSES_TD
