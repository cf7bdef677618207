//===- CapturePipeline.cpp - The --dynamir-capture pass -------------------===//
//
// The capture passes in order, with inlining and mapping run in turn to a
// fixpoint: each exposes work for the other (as MLIR's inliner runs its
// simplification pipeline between rounds).
//
//===----------------------------------------------------------------------===//

#include "dynamir/Dialect/Py/Transforms/Passes.h"

#include "Environment.h"

#include "dynamir/Dialect/TG/Transforms/Passes.h"

#include "mlir/IR/OperationSupport.h"
#include "mlir/Pass/PassManager.h"
#include "mlir/Transforms/Passes.h"

namespace dynamir::py {
#define GEN_PASS_DEF_CAPTURE
#include "dynamir/Dialect/Py/Transforms/Passes.h.inc"
} // namespace dynamir::py

using namespace mlir;
using namespace dynamir;

namespace {
struct CapturePass : py::impl::CaptureBase<CapturePass> {
  using CaptureBase::CaptureBase;

  LogicalResult initialize(MLIRContext *context) override {
    prologue = OpPassManager(ModuleOp::getOperationName());
    prologue.addPass(py::createBuildEnvironment());
    prologue.addPass(py::createSpecializeEntry());
    inlining = OpPassManager(ModuleOp::getOperationName());
    inlining.addPass(py::createInlineFunctions());
    mapping = OpPassManager(ModuleOp::getOperationName());
    mapping.addPass(py::createMapTorch());
    exceptions = OpPassManager(ModuleOp::getOperationName());
    exceptions.addPass(py::createResolveExceptions());
    // Cleaning up is for the entry alone: the other functions are the
    // module's code as imported, and a module of many functions would pay
    // for each of them on every capture.
    cleanup = OpPassManager(py::FuncOp::getOperationName());
    cleanup.addPass(tg::createMergeGuards());
    cleanup.addPass(createCanonicalizerPass());
    cleanup.addPass(createCSEPass());
    epilogue = OpPassManager(ModuleOp::getOperationName());
    // Merging guards leaves the reads of the merged ones unused: reads of
    // the environment that cannot raise, which resolving erases (with what
    // only they used).
    epilogue.addPass(py::createResolveEnvironment());
    // With the reads gone, what remains may no longer observe the handled
    // exception.
    epilogue.addPass(py::createResolveExceptions());
    epilogue.addPass(py::createReportGraphBreaks(
        py::ReportGraphBreaksOptions{fullgraph, explain}));
    epilogue.addPass(py::createOutlineGraphs());
    return success();
  }

  void getDependentDialects(DialectRegistry &registry) const override {
    CaptureBase::getDependentDialects(registry);
    py::createBuildEnvironment()->getDependentDialects(registry);
    py::createSpecializeEntry()->getDependentDialects(registry);
    py::createInlineFunctions()->getDependentDialects(registry);
    py::createMapTorch()->getDependentDialects(registry);
    py::createResolveExceptions()->getDependentDialects(registry);
    tg::createMergeGuards()->getDependentDialects(registry);
    py::createResolveEnvironment()->getDependentDialects(registry);
    py::createOutlineGraphs()->getDependentDialects(registry);
  }

  void runOnOperation() override {
    ModuleOp module = getOperation();
    if (failed(runPipeline(prologue, module)))
      return signalPassFailure();
    // The rounds change only the entry.
    py::FuncOp entry = py::getCaptureEntry(module);
    if (!entry)
      return signalPassFailure();
    // Mapping runs to its own fixpoint, so after the first round only what
    // the inliner adds is new: a round that inlines nothing ends the loop.
    for (unsigned i = 0; i < maxIterations; ++i) {
      ++numRounds;
      OperationFingerPrint before(entry);
      if (failed(runPipeline(inlining, module)))
        return signalPassFailure();
      if (i > 0 && OperationFingerPrint(entry) == before)
        break;
      if (failed(runPipeline(mapping, module)))
        return signalPassFailure();
      // A raise that reaches its handler gives the handler a known
      // exception: mapping goes on from there.
      for (unsigned j = 0; j < maxIterations; ++j) {
        OperationFingerPrint beforeRaising(entry);
        if (failed(runPipeline(exceptions, module)))
          return signalPassFailure();
        if (OperationFingerPrint(entry) == beforeRaising)
          break;
        if (failed(runPipeline(mapping, module)))
          return signalPassFailure();
      }
    }
    if (failed(runPipeline(cleanup, entry)) || failed(runPipeline(epilogue, module)))
      return signalPassFailure();
  }

  OpPassManager prologue, inlining, mapping, exceptions, cleanup, epilogue;
};
} // namespace
