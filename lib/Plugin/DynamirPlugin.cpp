//===- DynamirPlugin.cpp - Dynamir as an mlir-opt plugin ------------------===//
//
// The entry points through which an mlir-opt built against the same MLIR (for
// instance Debian's, from mlir-19-tools) loads Dynamir:
//
//   mlir-opt --load-dialect-plugin=libDynamirPlugin.so \
//            --load-pass-plugin=libDynamirPlugin.so \
//            --pass-pipeline='builtin.module(py.func(py-prune-unwind-edges))'
//
// The library holds only Dynamir's own code; MLIR and LLVM come from the
// process that loads it, so registries and type identities are shared.
//
//===----------------------------------------------------------------------===//

#include "dynamir/Conversion/Passes.h"
#include "dynamir/Dialect/Py/IR/PyDialect.h"
#include "dynamir/Dialect/Py/Transforms/Passes.h"
#include "dynamir/Dialect/TG/IR/TGDialect.h"
#include "dynamir/Dialect/TG/Transforms/Passes.h"

#include "mlir/IR/DialectRegistry.h"
#include "mlir/Tools/Plugins/DialectPlugin.h"
#include "mlir/Tools/Plugins/PassPlugin.h"
#include "llvm/Config/llvm-config.h"

extern "C" LLVM_ATTRIBUTE_WEAK ::mlir::DialectPluginLibraryInfo
mlirGetDialectPluginInfo() {
  return {MLIR_PLUGIN_API_VERSION, "Dynamir", LLVM_VERSION_STRING,
          [](mlir::DialectRegistry *registry) {
            registry->insert<dynamir::py::PyDialect, dynamir::tg::TGDialect>();
          }};
}

extern "C" LLVM_ATTRIBUTE_WEAK ::mlir::PassPluginLibraryInfo
mlirGetPassPluginInfo() {
  return {MLIR_PLUGIN_API_VERSION, "Dynamir", LLVM_VERSION_STRING,
          []() {
            dynamir::py::registerPyPasses();
            dynamir::tg::registerTGPasses();
            dynamir::registerConversionPasses();
          }};
}
