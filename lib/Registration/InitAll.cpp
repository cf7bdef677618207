//===- InitAll.cpp - Dynamir dialect and pass registration ----------------===//

#include "dynamir/InitAllDialects.h"
#include "dynamir/InitAllPasses.h"

#include "dynamir/Conversion/Passes.h"
#include "dynamir/Dialect/Py/IR/PyDialect.h"
#include "dynamir/Dialect/Py/Transforms/Passes.h"
#include "dynamir/Dialect/TG/IR/TGDialect.h"
#include "dynamir/Dialect/TG/Transforms/Passes.h"

#include "mlir/Conversion/Passes.h"
#include "mlir/Dialect/Affine/IR/AffineOps.h"
#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Arith/Transforms/BufferizableOpInterfaceImpl.h"
#include "mlir/Dialect/Arith/Transforms/Passes.h"
#include "mlir/Dialect/Bufferization/IR/Bufferization.h"
#include "mlir/Dialect/Bufferization/Transforms/FuncBufferizableOpInterfaceImpl.h"
#include "mlir/Dialect/Bufferization/Transforms/Passes.h"
#include "mlir/Dialect/ControlFlow/IR/ControlFlow.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/Func/Extensions/AllExtensions.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Linalg/Passes.h"
#include "mlir/Dialect/Linalg/Transforms/BufferizableOpInterfaceImpl.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Dialect/MemRef/Transforms/Passes.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/SCF/Transforms/BufferizableOpInterfaceImpl.h"
#include "mlir/Dialect/SCF/Transforms/Passes.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/Dialect/Tensor/Transforms/BufferizableOpInterfaceImpl.h"
#include "mlir/Dialect/Tensor/Transforms/Passes.h"
#include "mlir/Transforms/Passes.h"

void dynamir::registerDynamirDialects(mlir::DialectRegistry &registry) {
  registry.insert<py::PyDialect, tg::TGDialect>();
}

void dynamir::registerAllDialects(mlir::DialectRegistry &registry) {
  registerDynamirDialects(registry);
  registry.insert<mlir::arith::ArithDialect, mlir::bufferization::BufferizationDialect,
                  mlir::cf::ControlFlowDialect, mlir::func::FuncDialect,
                  mlir::affine::AffineDialect, mlir::linalg::LinalgDialect,
                  mlir::math::MathDialect,
                  mlir::memref::MemRefDialect, mlir::scf::SCFDialect,
                  mlir::tensor::TensorDialect>();
  mlir::func::registerAllExtensions(registry);
  // One-shot bufferization of what tg lowers to, function boundaries included.
  mlir::arith::registerBufferizableOpInterfaceExternalModels(registry);
  mlir::bufferization::func_ext::registerBufferizableOpInterfaceExternalModels(
      registry);
  mlir::linalg::registerBufferizableOpInterfaceExternalModels(registry);
  mlir::scf::registerBufferizableOpInterfaceExternalModels(registry);
  mlir::tensor::registerBufferizableOpInterfaceExternalModels(registry);
}

void dynamir::registerDynamirPasses() {
  py::registerPyPasses();
  tg::registerTGPasses();
  registerConversionPasses();
}

void dynamir::registerAllPasses() {
  registerDynamirPasses();
  mlir::registerTransformsPasses();
  mlir::arith::registerArithPasses();
  mlir::bufferization::registerBufferizationPasses();
  mlir::registerLinalgPasses();
  mlir::registerSCFPasses();
  mlir::tensor::registerTensorPasses();
  // The lowering of bufferized linalg to LLVM, to run a lowered tg graph in
  // mlir-cpu-runner.
  mlir::memref::registerExpandStridedMetadata();
  mlir::registerConvertAffineToStandard();
  mlir::registerSCFToControlFlow();
  mlir::registerArithToLLVMConversionPass();
  mlir::registerConvertMathToLLVMPass();
  mlir::registerConvertMathToLibm();
  mlir::registerFinalizeMemRefToLLVMConversionPass();
  mlir::registerConvertFuncToLLVMPass();
  mlir::registerConvertControlFlowToLLVMPass();
  mlir::registerConvertIndexToLLVMPass();
  mlir::registerReconcileUnrealizedCasts();
}
