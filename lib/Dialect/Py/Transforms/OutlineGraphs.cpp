//===- OutlineGraphs.cpp - Split a capture into graphs and residual Python ===//
//
// Dynamo's graph break: the frame runs the graph compiled so far, the
// unsupported code in Python, then the graph of what follows. Here: each
// stretch of tensor ops between residual Python ops becomes a function of its
// own, which the residual code calls.
//
//===----------------------------------------------------------------------===//

#include "dynamir/Dialect/Py/Transforms/Passes.h"

#include "Captured.h"
#include "Environment.h"

#include "dynamir/Dialect/TG/IR/TGOps.h"

#include "mlir/Dialect/ControlFlow/IR/ControlFlowOps.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/IR/IRMapping.h"
#include "llvm/ADT/SetVector.h"

namespace dynamir::py {
#define GEN_PASS_DEF_OUTLINEGRAPHS
#include "dynamir/Dialect/Py/Transforms/Passes.h.inc"
} // namespace dynamir::py

using namespace mlir;
using namespace dynamir;
using namespace dynamir::py;

namespace {
struct OutlineGraphsPass : dynamir::py::impl::OutlineGraphsBase<OutlineGraphsPass> {
  void runOnOperation() override {
    ModuleOp module = getOperation();
    FuncOp entry = getCaptureEntry(module);
    if (!entry)
      return signalPassFailure();
    // A fully captured entry is its own graph.
    WalkResult residual = entry.getBody().walk([](Operation *op) -> WalkResult {
      return isCaptured(op) || isa<cf::BranchOp>(op) ? WalkResult::advance()
                                                       : WalkResult::interrupt();
    });
    if (!residual.wasInterrupted())
      return;
    SymbolTable symbols(module);
    graphs = 0;
    lastGraph = nullptr;
    for (Block &block : entry.getBody()) {
      SmallVector<Operation *> stretch;
      for (Operation &op : llvm::make_early_inc_range(block)) {
        if (isGraphOp(&op)) {
          stretch.push_back(&op);
          continue;
        }
        if (isCaptured(&op))
          continue;
        outline(symbols, entry, stretch);
        stretch.clear();
      }
      outline(symbols, entry, stretch);
    }
  }

  /// Outlines one stretch of graph ops of a block (in order) into a function
  /// the entry calls after the stretch's last op. Captured ops interleaved
  /// with the stretch that use its results (the object of a tensor,
  /// an assumption) move after the call.
  void outline(SymbolTable &symbols, FuncOp entry, ArrayRef<Operation *> stretch) {
    if (stretch.empty())
      return;
    llvm::SmallPtrSet<Operation *, 16> inStretch(stretch.begin(), stretch.end());
    Operation *last = stretch.back();
    SmallVector<Operation *> toMove;
    llvm::SmallPtrSet<Operation *, 16> moving;
    for (Operation *op = stretch.front(); op != last; op = op->getNextNode()) {
      if (inStretch.contains(op))
        continue;
      bool usesStretch = llvm::any_of(op->getOperands(), [&](Value v) {
        Operation *def = v.getDefiningOp();
        return def && (inStretch.contains(def) || moving.contains(def));
      });
      if (usesStretch) {
        toMove.push_back(op);
        moving.insert(op);
      }
    }
    // A stretch op that needs a moved op cannot be outlined as one graph.
    for (Operation *op : stretch)
      for (Value operand : op->getOperands())
        if (Operation *def = operand.getDefiningOp(); def && moving.contains(def))
          return;

    llvm::SetVector<Value> inputs;
    SmallVector<Operation *> constants;
    for (Operation *op : stretch)
      for (Value operand : op->getOperands()) {
        Operation *def = operand.getDefiningOp();
        if (def && inStretch.contains(def))
          continue;
        if (def && isa<arith::ConstantOp>(def)) {
          if (!llvm::is_contained(constants, def))
            constants.push_back(def);
          continue;
        }
        inputs.insert(operand);
      }
    SmallVector<Value> outputs;
    for (Operation *op : stretch)
      for (Value result : op->getResults())
        if (llvm::any_of(result.getUsers(),
                         [&](Operation *user) { return !inStretch.contains(user); }))
          outputs.push_back(result);

    OpBuilder builder(entry);
    // In order, after the entry.
    builder.setInsertionPointAfter(lastGraph ? lastGraph : entry.getOperation());
    Location loc = stretch.front()->getLoc();
    auto type = builder.getFunctionType(
        llvm::to_vector(llvm::map_range(inputs, [](Value v) { return v.getType(); })),
        llvm::to_vector(llvm::map_range(outputs, [](Value v) { return v.getType(); })));
    auto graph = builder.create<func::FuncOp>(
        loc, (entry.getSymName() + ".graph" + Twine(graphs)).str(), type);
    graph.setPrivate();
    graph->setAttr("tg.graph", builder.getUnitAttr());
    // Renamed if the name is taken.
    symbols.insert(graph);
    lastGraph = graph;
    Block *body = graph.addEntryBlock();
    IRMapping mapping;
    mapping.map(inputs.getArrayRef(), body->getArguments());
    builder.setInsertionPointToStart(body);
    for (Operation *constant : constants)
      builder.clone(*constant, mapping);
    for (Operation *op : stretch)
      builder.clone(*op, mapping);
    builder.create<func::ReturnOp>(
        loc, llvm::to_vector(llvm::map_range(outputs, [&](Value v) { return mapping.lookup(v); })));

    builder.setInsertionPointAfter(last);
    auto call = builder.create<func::CallOp>(last->getLoc(), graph, inputs.getArrayRef());
    for (auto [output, result] : llvm::zip(outputs, call.getResults()))
      output.replaceUsesWithIf(result, [&](OpOperand &use) {
        return !inStretch.contains(use.getOwner());
      });
    Operation *after = call;
    for (Operation *op : toMove) {
      op->moveAfter(after);
      after = op;
    }
    for (Operation *op : llvm::reverse(stretch))
      op->erase();
    ++graphs;
    ++numGraphs;
  }

  /// Graphs outlined from the entry so far, for their names.
  unsigned graphs = 0;
  Operation *lastGraph = nullptr;
};
} // namespace
