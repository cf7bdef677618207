//===- PruneUnwindEdges.cpp - Drop unwind edges that cannot be taken ------===//
//
// The importer is conservative: every block under an exception table entry
// unwinds to its handler. Where no op of the block can raise, the edge can
// never be taken; removing it simplifies the CFG and lets handlers that only
// such blocks reached disappear.
//
//===----------------------------------------------------------------------===//

#include "dynamir/Dialect/Py/Transforms/Passes.h"

#include "mlir/Dialect/ControlFlow/IR/ControlFlowOps.h"
#include "mlir/IR/PatternMatch.h"
#include "mlir/Transforms/RegionUtils.h"

namespace dynamir::py {
#define GEN_PASS_DEF_PRUNEUNWINDEDGES
#include "dynamir/Dialect/Py/Transforms/Passes.h.inc"
} // namespace dynamir::py

using namespace mlir;
using namespace dynamir::py;

namespace {
struct PruneUnwindEdgesPass
    : dynamir::py::impl::PruneUnwindEdgesBase<PruneUnwindEdgesPass> {
  void runOnOperation() override {
    FuncOp func = getOperation();
    IRRewriter rewriter(&getContext());
    SmallVector<UnwindBranchOp> prunable;
    func.walk([&](UnwindBranchOp branch) {
      if (!mayRaiseBefore(branch))
        prunable.push_back(branch);
    });
    for (UnwindBranchOp branch : prunable) {
      rewriter.setInsertionPoint(branch);
      rewriter.replaceOpWithNewOp<cf::BranchOp>(branch, branch.getDest(),
                                                branch.getDestOperands());
    }
    numPruned += prunable.size();
    if (prunable.empty())
      return;
    // Landing pads that lost their last unwind edge are now unreachable.
    unsigned before = func.getBody().getBlocks().size();
    (void)eraseUnreachableBlocks(rewriter, func->getRegions());
    numErasedBlocks += before - func.getBody().getBlocks().size();
  }
};
} // namespace
