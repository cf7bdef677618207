//===- PyCanonicalize.cpp - Canonicalization patterns of py ops -----------===//
//
// Rewrites that hold for any Python code: unwind edges that cannot be taken
// or lead to a handler that only re-raises, and cells whose every access is
// visible in one block.
//
//===----------------------------------------------------------------------===//

#include "dynamir/Dialect/Py/IR/PyOps.h"

#include "mlir/Dialect/ControlFlow/IR/ControlFlowOps.h"
#include "mlir/IR/PatternMatch.h"

using namespace mlir;
using namespace dynamir::py;

namespace {
/// A block none of whose ops can raise never takes its unwind edge.
struct DropUnraisableUnwindEdge : OpRewritePattern<UnwindBranchOp> {
  using OpRewritePattern::OpRewritePattern;

  LogicalResult matchAndRewrite(UnwindBranchOp branch,
                                PatternRewriter &rewriter) const override {
    if (mayRaiseBefore(branch))
      return failure();
    rewriter.replaceOpWithNewOp<cf::BranchOp>(branch, branch.getDest(), branch.getDestOperands());
    return success();
  }
};

/// A handler that re-raises what it caught, and does nothing else, is no
/// handler: the exception goes where the handler's own re-raise would send it
/// (CPython's comprehension cleanup in 3.12+, which only restores a local).
struct SkipReraisingHandler : OpRewritePattern<UnwindBranchOp> {
  using OpRewritePattern::OpRewritePattern;

  LogicalResult matchAndRewrite(UnwindBranchOp branch,
                                PatternRewriter &rewriter) const override {
    Block *handler = branch.getUnwindDest();
    auto pad = dyn_cast<LandingPadOp>(&handler->front());
    auto reraise = dyn_cast<ReraiseOp>(handler->getTerminator());
    if (!pad || !reraise || pad->getNextNode() != reraise.getOperation() ||
        reraise.getException() != pad->getResult(0))
      return failure();
    if (reraise.getUnwindDest().empty()) {
      // Nothing else catches it here: the block's raising ops simply raise.
      rewriter.replaceOpWithNewOp<cf::BranchOp>(branch, branch.getDest(),
                                                branch.getDestOperands());
      return success();
    }
    // An outer handler: its operands, seen from the handler, are the
    // handler's arguments or values from before it.
    SmallVector<Value> outer;
    for (Value operand : reraise.getUnwindOperands()) {
      if (auto arg = dyn_cast<BlockArgument>(operand); arg && arg.getOwner() == handler)
        outer.push_back(branch.getUnwindOperands()[arg.getArgNumber()]);
      else if (operand.getParentBlock() != handler)
        outer.push_back(operand);
      else
        return failure();
    }
    rewriter.replaceOpWithNewOp<UnwindBranchOp>(branch, branch.getDestOperands(), outer,
                                                branch.getDest(), reraise.getUnwindDest().front());
    return success();
  }
};

/// A cell that only its own block reads and writes is a local variable: each
/// read is the value last stored (Dynamo's cells of inlined closures). Reads
/// of an empty cell raise, and stay.
struct ForwardCellContents : OpRewritePattern<MakeCellOp> {
  using OpRewritePattern::OpRewritePattern;

  LogicalResult matchAndRewrite(MakeCellOp make, PatternRewriter &rewriter) const override {
    Block *block = make->getBlock();
    size_t numUsers = 0;
    for (Operation *user : make->getUsers()) {
      if (user->getBlock() != block || !isa<CellGetOp, CellSetOp, CellDeleteOp>(user))
        return failure();
      if (auto set = dyn_cast<CellSetOp>(user); set && set.getValue() == make.getCell())
        return failure();
      ++numUsers;
    }
    // The accesses in order; a read of an empty cell ends the forwarding.
    SmallVector<Operation *> accesses;
    Value current = make.getValue();
    auto isEmpty = [](Value value) { return !value || value.getDefiningOp<NullOp>(); };
    for (Operation *op = make->getNextNode(); op && accesses.size() < numUsers;
         op = op->getNextNode()) {
      if (!llvm::is_contained(op->getOperands(), make.getCell()))
        continue;
      accesses.push_back(op);
      if (auto get = dyn_cast<CellGetOp>(op)) {
        if (isEmpty(current))
          return failure();
      } else if (auto set = dyn_cast<CellSetOp>(op)) {
        current = set.getValue();
      } else {
        current = Value();
      }
    }
    if (accesses.size() != numUsers)
      return failure();
    current = make.getValue();
    for (Operation *op : accesses) {
      if (auto get = dyn_cast<CellGetOp>(op)) {
        rewriter.replaceOp(get, current);
      } else {
        if (auto set = dyn_cast<CellSetOp>(op))
          current = set.getValue();
        rewriter.eraseOp(op);
      }
    }
    rewriter.eraseOp(make);
    return success();
  }
};

/// `f(*t)` of a tuple the code built, without `**kwargs`, is the call with
/// the tuple's elements (`torch.add(*ts)`, a forwarded `*args`).
struct SpreadBuiltTuple : OpRewritePattern<CallExOp> {
  using OpRewritePattern::OpRewritePattern;

  LogicalResult matchAndRewrite(CallExOp call, PatternRewriter &rewriter) const override {
    auto tuple = call.getArgs().getDefiningOp<BuildTupleOp>();
    if (!tuple || call.getKwargs())
      return failure();
    rewriter.replaceOpWithNewOp<CallOp>(call, call.getType(), call.getCallee(),
                                        tuple.getElements(), rewriter.getStrArrayAttr({}));
    return success();
  }
};
} // namespace

namespace {
/// `LOAD_SUPER_ATTR` is `super(...)` then a getattr: one form for 3.11's
/// call of `super` and 3.12+'s fused instruction.
struct SplitLoadSuperAttr : OpRewritePattern<LoadSuperAttrOp> {
  using OpRewritePattern::OpRewritePattern;

  LogicalResult matchAndRewrite(LoadSuperAttrOp op, PatternRewriter &rewriter) const override {
    auto super = rewriter.create<SuperOp>(op.getLoc(), op.getType(), op.getSuperFn(),
                                          op.getCls(), op.getSelf(), op.getZeroArgAttr());
    rewriter.replaceOpWithNewOp<GetAttrOp>(op, op.getType(), super.getResult(), op.getName());
    return success();
  }
};
} // namespace

void LoadSuperAttrOp::getCanonicalizationPatterns(RewritePatternSet &patterns,
                                                  MLIRContext *context) {
  patterns.add<SplitLoadSuperAttr>(context);
}

void CallExOp::getCanonicalizationPatterns(RewritePatternSet &patterns, MLIRContext *context) {
  patterns.add<SpreadBuiltTuple>(context);
}

void UnwindBranchOp::getCanonicalizationPatterns(RewritePatternSet &patterns,
                                                 MLIRContext *context) {
  patterns.add<DropUnraisableUnwindEdge, SkipReraisingHandler>(context);
}

void MakeCellOp::getCanonicalizationPatterns(RewritePatternSet &patterns,
                                             MLIRContext *context) {
  patterns.add<ForwardCellContents>(context);
}
