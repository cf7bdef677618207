//===- dynamir-import-bench.cpp - Import many pycs in one process ---------===//
//
// Imports every `.pyc` named on the command line (or in the file given with
// `--files-from`), verifies each module, and reports files, code objects,
// instructions, failures, time and peak memory. The import sweep
// (utils/import-sweep.py) uses it to find every pyc the importer rejects; the
// benchmark (utils/bench/import-bench.py) to measure throughput.
//
// Each MLIRContext imports `--files-per-context` files before it is replaced:
// a fresh context per file pays for loading the dialects every time, and one
// context for everything keeps every location and name it ever uniqued (MLIR
// frees none of them), which makes its uniquer tables slower the larger they
// grow.
//
//===----------------------------------------------------------------------===//

#include "dynamir/Dialect/Py/IR/PyDialect.h"
#include "dynamir/Target/Pyc/ImportPyc.h"

#include "mlir/Dialect/ControlFlow/IR/ControlFlow.h"
#include "mlir/IR/Diagnostics.h"
#include "mlir/IR/MLIRContext.h"
#include "mlir/IR/Verifier.h"
#include "mlir/Parser/Parser.h"
#include "llvm/ADT/ScopeExit.h"
#include "llvm/Support/CommandLine.h"
#include "llvm/Support/Format.h"
#include "llvm/Support/InitLLVM.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/raw_ostream.h"

#ifdef DYNAMIR_USE_MIMALLOC
#include <mimalloc.h>
#endif

#include <atomic>
#include <chrono>
#include <thread>
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
static cl::opt<unsigned> filesPerContext(
    "files-per-context",
    cl::desc("Import N files into each MLIRContext before making a fresh one "
             "(1: a context per file, as a compiler run per module has; 0: one "
             "context for all files)"),
    cl::init(1));
static cl::opt<unsigned> jobs(
    "jobs", cl::desc("Import files on N threads, each into contexts of its own"),
    cl::init(1));
static cl::opt<unsigned> repeat("repeat", cl::desc("Import everything N times"),
                                cl::init(1));
static cl::opt<unsigned> maxErrors("max-errors",
                                   cl::desc("Failures to describe in full"),
                                   cl::init(50));

/// Drops every operand and successor of the ops nested in `region`.
static void dropReferences(mlir::Region &region) {
  for (mlir::Block &block : region)
    for (mlir::Operation &op : block) {
      for (mlir::OpOperand &operand : op.getOpOperands())
        operand.drop();
      for (mlir::BlockOperand &successor : op.getBlockOperands())
        successor.drop();
      for (mlir::Region &nested : op.getRegions())
        dropReferences(nested);
    }
}

/// Destroys `module` in two walks over its ops: one that drops every operand
/// and successor, one that deletes the ops. The destructors of Region and
/// Block would each walk everything nested in them again (dropping references,
/// then uses, then deleting), about seven walks over every op of a function
/// body, each a cache miss per op on a large module.
static void destroy(mlir::OwningOpRef<mlir::ModuleOp> module) {
  dropReferences(module->getBodyRegion());
  for (mlir::Operation &op : *module->getBody())
    for (mlir::Region &region : op.getRegions())
      for (mlir::Block &block : region)
        block.getOperations().clear();
}

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
  // Every file is read into memory before the clock starts, as the CPython
  // reference reads its blobs: a mapped file would fault its pages in during
  // the import and charge the page cache to the importer.
  std::vector<std::unique_ptr<MemoryBuffer>> buffers;
  for (const std::string &path : paths) {
    auto buffer = MemoryBuffer::getFile(path, /*IsText=*/false,
                                        /*RequiresNullTerminator=*/false,
                                        /*IsVolatile=*/true);
    if (!buffer) {
      errs() << "error: cannot read " << path << ": "
             << buffer.getError().message() << "\n";
      return 2;
    }
    buffers.push_back(std::move(*buffer));
  }

  mlir::DialectRegistry registry;
  registry.insert<dynamir::py::PyDialect, mlir::cf::ControlFlowDialect>();
  auto makeContext = [&](std::string &errorOut) {
    auto context = std::make_unique<mlir::MLIRContext>(
        registry, mlir::MLIRContext::Threading::DISABLED);
    // The constructor only forgoes the thread pool; the uniquers still lock
    // on every lookup until threading is disabled explicitly.
    context->disableMultithreading();
    context->loadAllAvailableDialects();
    context->getDiagEngine().registerHandler([&errorOut](mlir::Diagnostic &diag) {
      if (diag.getSeverity() == mlir::DiagnosticSeverity::Error) {
        llvm::raw_string_ostream os(errorOut);
        os << diag.getLocation() << ": " << diag;
      }
      return mlir::success();
    });
    return context;
  };

  // Imports file `index`; returns whether it succeeded, with `error` set
  // otherwise.
  auto importOne = [&](size_t index, mlir::MLIRContext &context,
                       std::string &error,
                       dynamir::pyc::ImportStatistics &fileStats) {
    auto module = dynamir::pyc::importPyc(buffers[index]->getBuffer(),
                                          paths[index], &context, {}, &fileStats);
    if (!module)
      return false;
    auto teardown = llvm::make_scope_exit([&] { destroy(std::move(module)); });
    if (verify && mlir::failed(mlir::verify(*module))) {
      if (error.empty())
        error = "verification failed";
      return false;
    }
    if (print || roundtrip) {
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
          error = parsed ? "the printed IR prints differently after parsing "
                           "it back"
                         : "the printed IR does not parse: " + error;
          return false;
        }
      }
    }
    return true;
  };

  std::vector<std::string> errors(paths.size());
  std::vector<dynamir::pyc::ImportStatistics> fileStats(paths.size());
  std::vector<char> succeeded(paths.size(), 0);
  auto start = std::chrono::steady_clock::now();
  // Files are independent: each worker imports into contexts of its own.
  auto work = [&](std::atomic<size_t> &next, unsigned round) {
    std::string error;
    std::unique_ptr<mlir::MLIRContext> context;
    unsigned imported = 0;
    for (size_t i; (i = next.fetch_add(1)) < paths.size();) {
      if (!context || (filesPerContext && imported == filesPerContext)) {
        context.reset();
        context = makeContext(error);
        imported = 0;
      }
      ++imported;
      error.clear();
      dynamir::pyc::ImportStatistics stats;
      bool ok = importOne(i, *context, error, stats);
      if (round == 0) {
        succeeded[i] = ok;
        fileStats[i] = stats;
        errors[i] = error;
      }
    }
  };
  for (unsigned round = 0; round < repeat; ++round) {
    std::atomic<size_t> next{0};
    if (jobs <= 1) {
      work(next, round);
      continue;
    }
    std::vector<std::thread> workers;
    for (unsigned w = 0; w < jobs; ++w)
      workers.emplace_back([&, round]() { work(next, round); });
    for (std::thread &worker : workers)
      worker.join();
  }

  dynamir::pyc::ImportStatistics stats;
  unsigned failures = 0;
  for (size_t i = 0; i < paths.size(); ++i) {
    stats.codeObjects += fileStats[i].codeObjects;
    stats.instructions += fileStats[i].instructions;
    if (succeeded[i])
      continue;
    if (failures < maxErrors)
      outs() << "FAIL " << paths[i] << "\n  " << errors[i] << "\n";
    ++failures;
  }
  double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start)
          .count();
  struct rusage usage;
  getrusage(RUSAGE_SELF, &usage);
#ifdef DYNAMIR_USE_MIMALLOC
  outs() << "allocator: mimalloc (mi_version " << mi_version() << ")\n";
#else
  outs() << "allocator: system malloc\n";
#endif
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
