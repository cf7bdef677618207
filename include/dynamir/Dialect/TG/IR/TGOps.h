//===- TGOps.h - Tensor graph operations ------------------------*- C++ -*-===//

#ifndef DYNAMIR_DIALECT_TG_IR_TGOPS_H
#define DYNAMIR_DIALECT_TG_IR_TGOPS_H

#include "dynamir/Dialect/TG/IR/TGDialect.h"
#include "dynamir/Dialect/TG/IR/TypePromotion.h"

#include "mlir/Bytecode/BytecodeOpInterface.h"
#include "mlir/IR/BuiltinAttributes.h"
#include "mlir/IR/BuiltinTypes.h"
#include "mlir/IR/OpImplementation.h"
#include "mlir/IR/PatternMatch.h"
#include "mlir/IR/SymbolTable.h"
#include "mlir/Interfaces/InferTypeOpInterface.h"
#include "mlir/Interfaces/SideEffectInterfaces.h"

#include "dynamir/Dialect/TG/IR/TGEnums.h.inc"

#define GET_ATTRDEF_CLASSES
#include "dynamir/Dialect/TG/IR/TGAttributes.h.inc"

namespace dynamir::tg {
/// The guards a capture relies on, which `tg.assume` adds to.
struct GuardResource : mlir::SideEffects::Resource::Base<GuardResource> {
  llvm::StringRef getName() final { return "<Guards>"; }
};

/// Row-major (contiguous) strides of a static shape, as PyTorch gives a fresh
/// tensor; a size-0 or size-1 dimension still gets the product of the sizes
/// after it. What TENSOR_MATCH expects of a tensor made as the capture assumes.
llvm::SmallVector<int64_t> getContiguousStrides(llvm::ArrayRef<int64_t> shape);
} // namespace dynamir::tg

#include "dynamir/Dialect/TG/IR/TGInterfaces.h.inc"

#define GET_OP_CLASSES
#include "dynamir/Dialect/TG/IR/TGOps.h.inc"

#endif // DYNAMIR_DIALECT_TG_IR_TGOPS_H
