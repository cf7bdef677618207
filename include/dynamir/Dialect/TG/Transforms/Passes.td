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

#endif // DYNAMIR_DIALECT_TG_TRANSFORMS_PASSES_TD
