//===- Passes.td - Tensor graph passes ---------------------*- tablegen -*-===//

#ifndef DYNAMIR_DIALECT_TG_TRANSFORMS_PASSES_TD
#define DYNAMIR_DIALECT_TG_TRANSFORMS_PASSES_TD

include "mlir/Pass/PassBase.td"

def MergeGuards : Pass<"tg-merge-guards"> {
  let summary = "Merge guards that check the same source the same way";
  let description = [{
    A guard states a fact about the value at its source when the captured
    code is entered, whichever SSA value carries it: two guards with the same
    check, the same source and the same refined type are one guard. Where one
    dominates the other, uses of the second are replaced by the first and the
    second is erased. (CSE merges only guards of one SSA value; captures load
    the same source more than once, e.g. a global read twice.)

    ```mlir
    %a = tg.guard_id %t0 at "G['torch']" is "torch" : !py.object -> !py.object
    %b = tg.guard_id %t1 at "G['torch']" is "torch" : !py.object -> !py.object
    // becomes %a alone, with the uses of %b now using %a.
    ```
  }];
  let statistics = [
    Statistic<"numMerged", "merged", "guards merged into an earlier guard">,
  ];
}

def BuildVectorJacobianProducts : Pass<"tg-vjp", "mlir::ModuleOp"> {
  let summary = "Add the vector-Jacobian product of each function";
  let description = [{
    Reverse mode, as `torch.autograd.backward` runs it: for each
    `func.func @f` whose body is one block of tensor ops, adds
    `func.func @f_vjp` that takes `@f`'s arguments, then one gradient per
    result (of the result's type), and returns the gradient of each
    floating-point tensor argument. The derivative rules are PyTorch's;
    `tg.autograd_function` runs its backward region. An op with no rule on
    the way from an argument to a result is an error at that op.

    ```mlir
    func.func @f(%x: tensor<4xf32>) -> tensor<4xf32> {
      %y = tg.exp %x : tensor<4xf32>
      return %y : tensor<4xf32>
    }
    // gains
    func.func @f_vjp(%x: tensor<4xf32>, %g: tensor<4xf32>) -> tensor<4xf32> {
      %y = tg.exp %x : tensor<4xf32>
      %dx = tg.mul %g, %y : tensor<4xf32>, tensor<4xf32>
      return %dx : tensor<4xf32>
    }
    ```
  }];
  let dependentDialects = ["mlir::arith::ArithDialect", "mlir::func::FuncDialect"];
}

#endif // DYNAMIR_DIALECT_TG_TRANSFORMS_PASSES_TD
