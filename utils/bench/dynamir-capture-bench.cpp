//===- dynamir-capture-bench.cpp - Time import and capture in-process -----===//
//
// For each `PYC ENTRY SPEC...` line of a manifest, imports the pyc with that
// capture entry and input specs, runs the capture pipeline
// (`dynamir-capture`), and reports, per function, the time of the import and
// of the capture (best of --repeat runs, each in a fresh MLIRContext, as a
// compiler run does), the tg ops captured and the graph breaks, as one JSON
// object per line. Process start-up is not included: utils/bench/
// capture-bench.py measures that separately.
//
//===----------------------------------------------------------------------===//

#include "dynamir/InitAllDialects.h"
#include "dynamir/InitAllPasses.h"
#include "dynamir/Dialect/TG/IR/TGOps.h"
#include "dynamir/Target/Pyc/ImportPyc.h"

#include "mlir/IR/Diagnostics.h"
#include "mlir/IR/MLIRContext.h"
#include "mlir/Pass/PassManager.h"
#include "mlir/Pass/PassRegistry.h"
#include "llvm/Support/CommandLine.h"
#include "llvm/Support/InitLLVM.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/raw_ostream.h"

#include <chrono>

using namespace llvm;

static cl::opt<std::string> manifest(cl::Positional, cl::Required,
                                     cl::desc("<manifest: PYC ENTRY SPEC... per line>"));
static cl::opt<unsigned> repeat("repeat", cl::desc("Runs per function (best is reported)"),
                                cl::init(5));
static cl::opt<bool> dump("dump", cl::desc("Print each captured module to stderr"),
                          cl::init(false));
static cl::opt<std::string> pipeline("pipeline",
                                     cl::desc("The capture pipeline"),
                                     cl::init("dynamir-capture"));

namespace {
double secondsSince(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}
} // namespace

int main(int argc, char **argv) {
  InitLLVM init(argc, argv);
  dynamir::registerAllPasses();
  cl::ParseCommandLineOptions(argc, argv, "Dynamir capture benchmark\n");

  auto manifestBuffer = MemoryBuffer::getFile(manifest);
  if (!manifestBuffer) {
    errs() << "error: cannot read " << manifest << "\n";
    return 1;
  }
  mlir::DialectRegistry registry;
  dynamir::registerAllDialects(registry);

  SmallVector<StringRef> lines;
  (*manifestBuffer)->getBuffer().split(lines, '\n', -1, /*KeepEmpty=*/false);
  int status = 0;
  for (StringRef line : lines) {
    SmallVector<StringRef> fields;
    line.split(fields, ' ', -1, /*KeepEmpty=*/false);
    if (fields.size() < 2) {
      errs() << "error: bad manifest line: " << line << "\n";
      return 1;
    }
    auto pyc = MemoryBuffer::getFile(fields[0]);
    if (!pyc) {
      errs() << "error: cannot read " << fields[0] << "\n";
      return 1;
    }
    dynamir::pyc::ImportOptions options;
    options.entry = fields[1].str();
    for (StringRef spec : ArrayRef(fields).drop_front(2))
      options.inputs.push_back(spec.str());

    double bestImport = 1e30, bestCapture = 1e30;
    unsigned numOps = 0, numGuards = 0, instructions = 0;
    bool failed = false;
    for (unsigned run = 0; run < repeat && !failed; ++run) {
      mlir::MLIRContext context(registry);
      context.loadAllAvailableDialects();
      // Graph breaks are results here, not noise.
      mlir::ScopedDiagnosticHandler quiet(&context, [](mlir::Diagnostic &diag) {
        if (diag.getSeverity() == mlir::DiagnosticSeverity::Error)
          errs() << diag << "\n";
        return mlir::success();
      });
      dynamir::pyc::ImportStatistics stats;
      auto start = std::chrono::steady_clock::now();
      auto module = dynamir::pyc::importPyc((*pyc)->getBuffer(), fields[0], &context,
                                            options, &stats);
      double importTime = secondsSince(start);
      if (!module) {
        failed = true;
        break;
      }
      mlir::PassManager pm(&context);
      if (failed || mlir::failed(mlir::parsePassPipeline(pipeline, pm))) {
        errs() << "error: bad pipeline " << pipeline << "\n";
        return 1;
      }
      start = std::chrono::steady_clock::now();
      if (mlir::failed(pm.run(*module)) && run == 0)
        errs() << "note: the capture of " << fields[0]
               << " failed (graph breaks with fullgraph, or an error)\n";
      double captureTime = secondsSince(start);
      if (dump && run == 0)
        module->print(errs());
      bestImport = std::min(bestImport, importTime);
      bestCapture = std::min(bestCapture, captureTime);
      numOps = numGuards = 0;
      module->walk([&](mlir::Operation *op) {
        if (!isa<dynamir::tg::TGDialect>(op->getDialect()))
          return;
        if (isa<dynamir::tg::GuardOpInterface>(op))
          ++numGuards;
        else if (!isa<dynamir::tg::AssumeOp>(op))
          ++numOps;
      });
      instructions = stats.instructions;
    }
    if (failed) {
      outs() << "{\"pyc\": \"" << fields[0] << "\", \"error\": \"import failed\"}\n";
      status = 1;
      continue;
    }
    outs() << "{\"pyc\": \"" << fields[0] << "\", \"entry\": \"" << fields[1]
           << "\", \"instructions\": " << instructions << ", \"ops\": " << numOps
           << ", \"guards\": " << numGuards << ", \"import_s\": " << bestImport
           << ", \"capture_s\": " << bestCapture << "}\n";
  }
  return status;
}
