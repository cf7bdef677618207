//===- CapturePipeline.cpp - The --dynamir-capture pipeline ---------------===//

#include "dynamir/Dialect/Py/Transforms/Passes.h"

#include "dynamir/Dialect/TG/Transforms/Passes.h"

#include "mlir/Pass/PassManager.h"
#include "mlir/Pass/PassRegistry.h"
#include "mlir/Transforms/Passes.h"

using namespace mlir;

namespace {
struct CaptureOptions : PassPipelineOptions<CaptureOptions> {
  Option<bool> fullgraph{*this, "fullgraph",
                         llvm::cl::desc("Make every graph break an error"),
                         llvm::cl::init(false)};
  Option<bool> explain{*this, "explain",
                       llvm::cl::desc("Print graphs, ops, break reasons and "
                                      "guards like torch._dynamo.explain()"),
                       llvm::cl::init(false)};
};
} // namespace

void dynamir::py::registerCapturePipeline() {
  PassPipelineRegistration<CaptureOptions>(
      "dynamir-capture",
      "Capture the entry's tensor computation as tg with its guards",
      [](OpPassManager &pm, const CaptureOptions &options) {
        pm.addPass(createSpecializeEntry());
        pm.addPass(createInlineFunctions());
        pm.addPass(createMapTorch());
        pm.addPass(tg::createMergeGuards());
        pm.addPass(createCanonicalizerPass());
        pm.addPass(createCSEPass());
        pm.addPass(createReportGraphBreaks(
            ReportGraphBreaksOptions{options.fullgraph, options.explain}));
      });
}
