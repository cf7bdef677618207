//===- dynamir-pyc-fuzzer.cpp - libFuzzer target for the pyc importer -----===//
//
// Feeds arbitrary bytes to the whole importer: pyc header, marshal reader,
// instruction and table decoding, SSA construction, and the verifier of the
// resulting module. Any input must yield a module that verifies or an error
// diagnostic; a crash, a sanitizer report, a hang or a module that fails to
// verify is a finding.
//
//===----------------------------------------------------------------------===//

#include "dynamir/Dialect/Py/IR/PyDialect.h"
#include "dynamir/Target/Pyc/ImportPyc.h"

#include "mlir/Dialect/ControlFlow/IR/ControlFlow.h"
#include "mlir/IR/Diagnostics.h"
#include "mlir/IR/MLIRContext.h"
#include "mlir/IR/Verifier.h"
#include "llvm/ADT/StringRef.h"

#include <cstdio>
#include <cstdlib>

// MLIR is linked uninstrumented while this target's copies of LLVM's header-only
// allocators poison their slabs; manual poisoning would then report MLIR's own
// writes. Real heap errors are still caught by the malloc interceptors.
extern "C" const char *__asan_default_options() {
  return "allow_user_poisoning=0";
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  static mlir::DialectRegistry *registry = [] {
    auto *r = new mlir::DialectRegistry();
    r->insert<dynamir::py::PyDialect, mlir::cf::ControlFlowDialect>();
    return r;
  }();
  mlir::MLIRContext context(*registry, mlir::MLIRContext::Threading::DISABLED);
  // The constructor leaves the uniquers' locks on.
  context.disableMultithreading();
  bool sawError = false;
  mlir::ScopedDiagnosticHandler handler(&context, [&](mlir::Diagnostic &diag) {
    sawError |= diag.getSeverity() == mlir::DiagnosticSeverity::Error;
    return mlir::success();
  });
  llvm::StringRef contents(reinterpret_cast<const char *>(data), size);
  auto module = dynamir::pyc::importPyc(contents, "fuzz.pyc", &context);
  if (!module) {
    if (!sawError) {
      std::fprintf(stderr, "import failed without an error diagnostic\n");
      std::abort();
    }
    return 0;
  }
  if (mlir::failed(mlir::verify(*module))) {
    std::fprintf(stderr, "imported module does not verify\n");
    std::abort();
  }
  return 0;
}
