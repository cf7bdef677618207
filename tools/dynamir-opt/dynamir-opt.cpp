//===- dynamir-opt.cpp - Dynamir optimizer driver -------------------------===//
//
// mlir-opt with Dynamir's dialects and passes, and the upstream dialects and
// passes that pipelines over them use.
//
//===----------------------------------------------------------------------===//

#include "dynamir/InitAllDialects.h"
#include "dynamir/InitAllPasses.h"

#include "mlir/IR/DialectRegistry.h"
#include "mlir/Tools/mlir-opt/MlirOptMain.h"

int main(int argc, char **argv) {
  dynamir::registerAllPasses();
  mlir::DialectRegistry registry;
  dynamir::registerAllDialects(registry);
  return mlir::asMainReturnCode(
      mlir::MlirOptMain(argc, argv, "Dynamir optimizer driver\n", registry));
}
