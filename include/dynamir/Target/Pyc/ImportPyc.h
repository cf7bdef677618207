//===- ImportPyc.h - Import CPython bytecode into the py dialect -*- C++ -*-===//
//
// The importer: a `.pyc` written by CPython 3.11, 3.12 or 3.13 becomes a module of
// `py.func`s, one per code object, with the evaluation stack and fast locals in
// SSA form and the exception table as explicit unwind edges.
//
//===----------------------------------------------------------------------===//

#ifndef DYNAMIR_TARGET_PYC_IMPORTPYC_H
#define DYNAMIR_TARGET_PYC_IMPORTPYC_H

#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/OwningOpRef.h"
#include "llvm/ADT/StringRef.h"

#include <string>
#include <vector>

namespace dynamir::pyc {

struct ImportOptions {
  /// Qualname (or symbol name) of the capture entry; empty for none.
  std::string entry;
  /// One input spec per positional parameter of the entry (DESIGN.md's grammar:
  /// `f32[4,8]`, `f32[4,8]:grad`, `int=3`, `float=0.5`, `bool=true`,
  /// `str=abc`, `none`).
  std::vector<std::string> inputs;
};

/// What an import read, for sweeps and benchmarks.
struct ImportStatistics {
  uint64_t codeObjects = 0;
  uint64_t instructions = 0;
};

/// Imports the `.pyc` in `contents`. Errors are emitted as diagnostics located
/// in `bufferName` (or at the source line of the offending instruction) and
/// yield a null module.
mlir::OwningOpRef<mlir::ModuleOp> importPyc(llvm::StringRef contents,
                                            llvm::StringRef bufferName,
                                            mlir::MLIRContext *context,
                                            const ImportOptions &options = {},
                                            ImportStatistics *stats = nullptr);

/// Registers `--import-pyc` and `--import-py` with mlir-translate's registry,
/// together with their `--entry`, `--input` and `--python` options.
void registerImportPycTranslation();

} // namespace dynamir::pyc

#endif // DYNAMIR_TARGET_PYC_IMPORTPYC_H
