//===- Passes.h - Tensor graph passes ---------------------------*- C++ -*-===//

#ifndef DYNAMIR_DIALECT_TG_TRANSFORMS_PASSES_H
#define DYNAMIR_DIALECT_TG_TRANSFORMS_PASSES_H

#include "dynamir/Dialect/TG/IR/TGOps.h"

#include "mlir/IR/Dominance.h"
#include "mlir/Pass/Pass.h"

namespace dynamir::tg {

#define GEN_PASS_DECL
#include "dynamir/Dialect/TG/Transforms/Passes.h.inc"

#define GEN_PASS_REGISTRATION
#include "dynamir/Dialect/TG/Transforms/Passes.h.inc"

/// What `--tg-merge-guards` does, for passes that merge as they go: under
/// `root`, a guard (for which `select` holds, if given) dominated by one with
/// the same op, attributes and refined type is replaced by it and erased;
/// `erased` sees the merged guard's input once the guard is gone. Returns how
/// many guards were merged.
unsigned mergeGuards(mlir::Operation *root, mlir::DominanceInfo &dominance,
                     llvm::function_ref<bool(GuardOpInterface)> select = {},
                     llvm::function_ref<void(mlir::Value)> erased = {});

} // namespace dynamir::tg

#endif // DYNAMIR_DIALECT_TG_TRANSFORMS_PASSES_H
