//===- InitAll.cpp - Dynamir dialect and pass registration ----------------===//

#include "dynamir/InitAllDialects.h"
#include "dynamir/InitAllPasses.h"

#include "dynamir/Dialect/Py/IR/PyDialect.h"
#include "dynamir/Dialect/Py/Transforms/Passes.h"
#include "dynamir/Dialect/TG/IR/TGDialect.h"
#include "dynamir/Dialect/TG/Transforms/Passes.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Arith/Transforms/Passes.h"
#include "mlir/Dialect/Bufferization/IR/Bufferization.h"
#include "mlir/Dialect/Bufferization/Transforms/Passes.h"
#include "mlir/Dialect/ControlFlow/IR/ControlFlow.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/Func/Extensions/AllExtensions.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Linalg/Passes.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/SCF/Transforms/Passes.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/Dialect/Tensor/Transforms/Passes.h"
#include "mlir/Transforms/Passes.h"

void dynamir::registerDynamirDialects(mlir::DialectRegistry &registry) {
  registry.insert<py::PyDialect, tg::TGDialect>();
}

void dynamir::registerAllDialects(mlir::DialectRegistry &registry) {
  registerDynamirDialects(registry);
  registry.insert<mlir::arith::ArithDialect, mlir::bufferization::BufferizationDialect,
                  mlir::cf::ControlFlowDialect, mlir::func::FuncDialect,
                  mlir::linalg::LinalgDialect, mlir::math::MathDialect,
                  mlir::memref::MemRefDialect, mlir::scf::SCFDialect,
                  mlir::tensor::TensorDialect>();
  mlir::func::registerAllExtensions(registry);
}

void dynamir::registerDynamirPasses() {
  py::registerPyPasses();
  tg::registerTGPasses();
}

void dynamir::registerAllPasses() {
  registerDynamirPasses();
  mlir::registerTransformsPasses();
  mlir::arith::registerArithPasses();
  mlir::bufferization::registerBufferizationPasses();
  mlir::registerLinalgPasses();
  mlir::registerSCFPasses();
  mlir::tensor::registerTensorPasses();
}
