//===- MergeGuards.cpp - Merge guards of the same source ------------------===//
//
// Guards are keyed by what they check (op name, source, check attributes,
// refined type); within a key, a guard dominated by an earlier one is
// replaced by it.
//
//===----------------------------------------------------------------------===//

#include "dynamir/Dialect/TG/Transforms/Passes.h"

#include "mlir/IR/Dominance.h"
#include "llvm/ADT/DenseMap.h"

#include <tuple>

namespace dynamir::tg {
#define GEN_PASS_DEF_MERGEGUARDS
#include "dynamir/Dialect/TG/Transforms/Passes.h.inc"
} // namespace dynamir::tg

using namespace mlir;
using namespace dynamir::tg;

/// What a guard checks, apart from which SSA value carries the source: the
/// op, its attributes (source and check) and the refined type.
using GuardKey = std::tuple<const void *, Attribute, Type>;

unsigned dynamir::tg::mergeGuards(Operation *root, DominanceInfo &dominance,
                                  function_ref<bool(GuardOpInterface)> select,
                                  function_ref<void(Value)> erased) {
  llvm::DenseMap<GuardKey, SmallVector<GuardOpInterface, 1>> kept;
  SmallVector<GuardOpInterface> merged;
  // Pre-order visits a dominating guard before the guards it dominates
  // within a region; across blocks, dominance decides.
  root->walk<WalkOrder::PreOrder>([&](GuardOpInterface guard) {
    if (select && !select(guard))
      return;
    Operation *op = guard.getOperation();
    GuardKey key{op->getName().getAsOpaquePointer(), op->getAttrDictionary(),
                 guard.getRefined().getType()};
    SmallVector<GuardOpInterface, 1> &candidates = kept[key];
    for (GuardOpInterface earlier : candidates) {
      if (dominance.properlyDominates(earlier.getOperation(), op)) {
        guard.getRefined().replaceAllUsesWith(earlier.getRefined());
        merged.push_back(guard);
        return;
      }
    }
    candidates.push_back(guard);
  });
  for (GuardOpInterface guard : merged) {
    Value input = guard.getGuarded();
    guard->erase();
    if (erased)
      erased(input);
  }
  return merged.size();
}

namespace {
struct MergeGuardsPass : dynamir::tg::impl::MergeGuardsBase<MergeGuardsPass> {
  void runOnOperation() override {
    unsigned merged =
        mergeGuards(getOperation(), getAnalysis<DominanceInfo>());
    numMerged += merged;
    if (!merged)
      markAllAnalysesPreserved();
  }
};
} // namespace
