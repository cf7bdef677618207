//===- dynamir-import-bench.cpp - Import many pycs in one process ---------===//
//
// Imports every `.pyc` named on the command line (or in the file given with
// `--files-from`) into one MLIRContext, verifies each module, and reports
// files, code objects, instructions, failures, time and peak memory. The
// import sweep (utils/import-sweep.py) uses it to find every pyc the importer
// rejects; the benchmark (utils/bench/import-bench.py) to measure throughput.
//
//===----------------------------------------------------------------------===//

#include "dynamir/Dialect/Py/IR/PyDialect.h"
#include "dynamir/Target/Pyc/ImportPyc.h"

#include "mlir/Dialect/ControlFlow/IR/ControlFlow.h"
#include "mlir/IR/Diagnostics.h"
#include "mlir/IR/MLIRContext.h"
#include "mlir/IR/Verifier.h"
#include "mlir/Parser/Parser.h"
#include "llvm/Support/CommandLine.h"
#include "llvm/Support/Format.h"
#include "llvm/Support/InitLLVM.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/raw_ostream.h"

#include <chrono>
#include <sys/resource.h>

using namespace llvm;

static cl::list<std::string> files(cl::Positional, cl::desc("<pyc files>"));
static cl::opt<std::string> filesFrom("files-from",
                                      cl::desc("Read pyc paths, one per line"),
                                      cl::value_desc("file"));
static cl::opt<bool> verify("verify", cl::desc("Verify each imported module"),
                            cl::init(true));
static cl::opt<bool> print("print",
                           cl::desc("Print each module (to a null stream)"),
                           cl::init(false));
static cl::opt<bool> roundtrip(
    "roundtrip",
    cl::desc("Print each module, parse the text back and check that it prints "
             "identically"),
    cl::init(false));
static cl::opt<bool> contextPerFile(
    "context-per-file",
    cl::desc("Import each file into a fresh MLIRContext, as a compiler run per "
             "module does (default: one context for all files)"),
    cl::init(true));
static cl::opt<unsigned> repeat("repeat", cl::desc("Import everything N times"),
                                cl::init(1));
static cl::opt<unsigned> maxErrors("max-errors",
                                   cl::desc("Failures to describe in full"),
                                   cl::init(50));

int main(int argc, char **argv) {
  InitLLVM init(argc, argv);
  cl::ParseCommandLineOptions(argc, argv, "Dynamir pyc import sweep and benchmark\n");

  std::vector<std::string> paths(files.begin(), files.end());
  if (!filesFrom.empty()) {
    auto list = MemoryBuffer::getFile(filesFrom);
    if (!list) {
      errs() << "error: cannot read " << filesFrom << ": "
             << list.getError().message() << "\n";
      return 2;
    }
    SmallVector<StringRef> lines;
    (*list)->getBuffer().split(lines, '\n', -1, false);
    for (StringRef line : lines)
      if (!line.trim().empty())
        paths.push_back(line.trim().str());
  }
  std::vector<std::unique_ptr<MemoryBuffer>> buffers;
  for (const std::string &path : paths) {
    auto buffer = MemoryBuffer::getFile(path, /*IsText=*/false,
                                        /*RequiresNullTerminator=*/false);
    if (!buffer) {
      errs() << "error: cannot read " << path << ": "
             << buffer.getError().message() << "\n";
      return 2;
    }
    buffers.push_back(std::move(*buffer));
  }

  mlir::DialectRegistry registry;
  registry.insert<dynamir::py::PyDialect, mlir::cf::ControlFlowDialect>();
  std::string lastError;
  auto makeContext = [&]() {
    auto context = std::make_unique<mlir::MLIRContext>(
        registry, mlir::MLIRContext::Threading::DISABLED);
    context->loadAllAvailableDialects();
    context->getDiagEngine().registerHandler([&](mlir::Diagnostic &diag) {
      if (diag.getSeverity() == mlir::DiagnosticSeverity::Error) {
        llvm::raw_string_ostream os(lastError);
        os << diag.getLocation() << ": " << diag;
      }
      return mlir::success();
    });
    return context;
  };
  std::unique_ptr<mlir::MLIRContext> shared = makeContext();

  dynamir::pyc::ImportStatistics stats;
  unsigned failures = 0;
  auto start = std::chrono::steady_clock::now();
  for (unsigned round = 0; round < repeat; ++round) {
    for (auto [path, buffer] : llvm::zip(paths, buffers)) {
      lastError.clear();
      std::unique_ptr<mlir::MLIRContext> own;
      if (contextPerFile)
        own = makeContext();
      mlir::MLIRContext &context = own ? *own : *shared;
      dynamir::pyc::ImportStatistics fileStats;
      auto module = dynamir::pyc::importPyc(buffer->getBuffer(), path, &context,
                                            {}, &fileStats);
      bool ok = static_cast<bool>(module);
      if (ok && verify && mlir::failed(mlir::verify(*module))) {
        ok = false;
        if (lastError.empty())
          lastError = "verification failed";
      }
      if (ok && (print || roundtrip)) {
        std::string text;
        llvm::raw_string_ostream os(text);
        module->print(os);
        if (roundtrip) {
          auto parsed = mlir::parseSourceString<mlir::ModuleOp>(text, &context);
          std::string again;
          llvm::raw_string_ostream againOs(again);
          if (parsed)
            parsed->print(againOs);
          if (!parsed || again != text) {
            ok = false;
            lastError = parsed ? "the printed IR prints differently after "
                                 "parsing it back"
                               : "the printed IR does not parse: " + lastError;
          }
        }
      }
      if (round == 0) {
        stats.codeObjects += fileStats.codeObjects;
        stats.instructions += fileStats.instructions;
        if (!ok) {
          if (failures < maxErrors)
            outs() << "FAIL " << path << "\n  " << lastError << "\n";
          ++failures;
        }
      }
    }
  }
  double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start)
          .count();
  struct rusage usage;
  getrusage(RUSAGE_SELF, &usage);
  outs() << "files: " << paths.size() << "\n"
         << "code objects: " << stats.codeObjects << "\n"
         << "instructions: " << stats.instructions << "\n"
         << "failures: " << failures << "\n"
         << "seconds: " << format("%.3f", seconds) << "\n"
         << "instructions per second: "
         << format("%.0f", repeat * stats.instructions / std::max(seconds, 1e-9))
         << "\n"
         << "peak RSS MiB: " << format("%.1f", usage.ru_maxrss / 1024.0) << "\n";
  return failures ? 1 : 0;
}
