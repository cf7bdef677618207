//===- TypePromotion.h - PyTorch's dtype promotion and broadcasting -*- C++ -*-===//
//
// The rules by which PyTorch chooses the dtype and shape of an elementwise
// result, on MLIR types: builtin ranked tensors stand for tensors, and the
// scalar types f64, i64 and i1 for Python's float, int and bool ("wrapped
// numbers" in PyTorch, which only take part in promotion by category).
//
// DType order and the promotion table are c10::promoteTypes'; the three-tier
// result_type state (dimensioned tensors, zero-dim tensors, wrapped numbers)
// is at::native::result_type's.
//
//===----------------------------------------------------------------------===//

#ifndef DYNAMIR_DIALECT_TG_IR_TYPEPROMOTION_H
#define DYNAMIR_DIALECT_TG_IR_TYPEPROMOTION_H

#include "mlir/IR/BuiltinAttributes.h"
#include "mlir/IR/BuiltinTypes.h"
#include "mlir/IR/Types.h"
#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/SmallVector.h"

#include <optional>
#include <string>

namespace dynamir::tg {

/// The PyTorch dtypes Dynamir supports.
enum class DType : uint8_t {
  Bool, UInt8, Int8, Int16, Int32, Int64, Float16, BFloat16, Float32, Float64,
};

/// The dtype of an MLIR element type, if PyTorch has it.
std::optional<DType> getDType(mlir::Type elementType);
/// The MLIR element type of a dtype (`ui8` for uint8, `i1` for bool).
mlir::Type getElementType(mlir::MLIRContext *context, DType dtype);
/// PyTorch's name of the dtype (`torch.float32`, ...).
llvm::StringRef getDTypeName(DType dtype);

bool isFloatingPoint(DType dtype);
bool isIntegral(DType dtype, bool includeBool);

/// c10::promoteTypes.
DType promoteTypes(DType a, DType b);

/// Whether `type` is a wrapped number: a Python float, int or bool operand.
bool isPythonScalar(mlir::Type type);

/// at::native::result_type over tensors and wrapped numbers; nothing if an
/// operand is neither a supported tensor nor a Python scalar. Wrapped floats
/// count as the default dtype (float32).
std::optional<DType> resultType(mlir::TypeRange operands);

/// The broadcast of the shapes of `operands`' tensors (scalars take no part);
/// on a mismatch, nothing, with PyTorch's message in `error`.
std::optional<llvm::SmallVector<int64_t>>
broadcastShapes(mlir::TypeRange operands, std::string &error);

/// The broadcast of two shapes, PyTorch's way (aligned on the right, sizes
/// equal or 1).
std::optional<llvm::SmallVector<int64_t>>
broadcastShapes(llvm::ArrayRef<int64_t> a, llvm::ArrayRef<int64_t> b,
                std::string &error);

/// A Python number (or any integer or float attribute) converted to
/// `elementType` as PyTorch converts a fill value: floats truncate toward zero
/// into integers, anything nonzero is true.
mlir::TypedAttr castScalar(mlir::TypedAttr value, mlir::Type elementType);

/// A dimension index in [-rank, rank) made non-negative, or nothing.
std::optional<int64_t> normalizeDim(int64_t dim, int64_t rank);

} // namespace dynamir::tg

#endif // DYNAMIR_DIALECT_TG_IR_TYPEPROMOTION_H
