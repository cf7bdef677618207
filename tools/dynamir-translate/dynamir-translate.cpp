//===- dynamir-translate.cpp - Dynamir translation driver -----------------===//
//
// mlir-translate with Dynamir's translations: `--import-pyc` (CPython
// 3.11-3.13 bytecode to the py dialect) and `--import-py`.
//
//===----------------------------------------------------------------------===//

#include "dynamir/Target/Pyc/ImportPyc.h"

#include "mlir/Tools/mlir-translate/MlirTranslateMain.h"

int main(int argc, char **argv) {
  dynamir::pyc::registerImportPycTranslation();
  return mlir::failed(
      mlir::mlirTranslateMain(argc, argv, "Dynamir translation driver\n"));
}
