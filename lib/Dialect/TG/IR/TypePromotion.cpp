//===- TypePromotion.cpp - PyTorch's dtype promotion and broadcasting -----===//

#include "dynamir/Dialect/TG/IR/TypePromotion.h"

#include "mlir/IR/Builders.h"
#include "mlir/IR/BuiltinTypes.h"
#include "mlir/IR/TypeRange.h"
#include "llvm/ADT/APSInt.h"
#include "llvm/Support/FormatVariadic.h"

using namespace mlir;
using namespace dynamir::tg;

std::optional<DType> dynamir::tg::getDType(Type type) {
  if (type.isInteger(1))
    return DType::Bool;
  if (type.isUnsignedInteger(8))
    return DType::UInt8;
  if (type.isSignlessInteger(8))
    return DType::Int8;
  if (type.isSignlessInteger(16))
    return DType::Int16;
  if (type.isSignlessInteger(32))
    return DType::Int32;
  if (type.isSignlessInteger(64))
    return DType::Int64;
  if (type.isF16())
    return DType::Float16;
  if (type.isBF16())
    return DType::BFloat16;
  if (type.isF32())
    return DType::Float32;
  if (type.isF64())
    return DType::Float64;
  return std::nullopt;
}

Type dynamir::tg::getElementType(MLIRContext *context, DType dtype) {
  Builder b(context);
  switch (dtype) {
  case DType::Bool:
    return b.getI1Type();
  case DType::UInt8:
    return b.getIntegerType(8, /*isSigned=*/false);
  case DType::Int8:
    return b.getIntegerType(8);
  case DType::Int16:
    return b.getIntegerType(16);
  case DType::Int32:
    return b.getIntegerType(32);
  case DType::Int64:
    return b.getIntegerType(64);
  case DType::Float16:
    return b.getF16Type();
  case DType::BFloat16:
    return b.getBF16Type();
  case DType::Float32:
    return b.getF32Type();
  case DType::Float64:
    return b.getF64Type();
  }
  llvm_unreachable("unknown dtype");
}

StringRef dynamir::tg::getDTypeName(DType dtype) {
  switch (dtype) {
  case DType::Bool:
    return "torch.bool";
  case DType::UInt8:
    return "torch.uint8";
  case DType::Int8:
    return "torch.int8";
  case DType::Int16:
    return "torch.int16";
  case DType::Int32:
    return "torch.int32";
  case DType::Int64:
    return "torch.int64";
  case DType::Float16:
    return "torch.float16";
  case DType::BFloat16:
    return "torch.bfloat16";
  case DType::Float32:
    return "torch.float32";
  case DType::Float64:
    return "torch.float64";
  }
  llvm_unreachable("unknown dtype");
}

bool dynamir::tg::isFloatingPoint(DType dtype) {
  return dtype == DType::Float16 || dtype == DType::BFloat16 ||
         dtype == DType::Float32 || dtype == DType::Float64;
}

bool dynamir::tg::isIntegral(DType dtype, bool includeBool) {
  return dtype == DType::UInt8 || dtype == DType::Int8 ||
         dtype == DType::Int16 || dtype == DType::Int32 ||
         dtype == DType::Int64 || (includeBool && dtype == DType::Bool);
}

DType dynamir::tg::promoteTypes(DType a, DType b) {
  // c10/core/ScalarType.cpp's table, restricted to these dtypes, in the order
  // of the enum: b1 u1 i1 i2 i4 i8 f2 bf f4 f8.
  using D = DType;
  constexpr D b1 = D::Bool, u1 = D::UInt8, i1 = D::Int8, i2 = D::Int16,
              i4 = D::Int32, i8 = D::Int64, f2 = D::Float16, bf = D::BFloat16,
              f4 = D::Float32, f8 = D::Float64;
  static constexpr D table[10][10] = {
      /* b1 */ {b1, u1, i1, i2, i4, i8, f2, bf, f4, f8},
      /* u1 */ {u1, u1, i2, i2, i4, i8, f2, bf, f4, f8},
      /* i1 */ {i1, i2, i1, i2, i4, i8, f2, bf, f4, f8},
      /* i2 */ {i2, i2, i2, i2, i4, i8, f2, bf, f4, f8},
      /* i4 */ {i4, i4, i4, i4, i4, i8, f2, bf, f4, f8},
      /* i8 */ {i8, i8, i8, i8, i8, i8, f2, bf, f4, f8},
      /* f2 */ {f2, f2, f2, f2, f2, f2, f2, f4, f4, f8},
      /* bf */ {bf, bf, bf, bf, bf, bf, f4, bf, f4, f8},
      /* f4 */ {f4, f4, f4, f4, f4, f4, f4, f4, f4, f8},
      /* f8 */ {f8, f8, f8, f8, f8, f8, f8, f8, f8, f8},
  };
  return table[static_cast<int>(a)][static_cast<int>(b)];
}

bool dynamir::tg::isPythonScalar(Type type) {
  return type.isF64() || type.isSignlessInteger(64) || type.isInteger(1);
}

namespace {
/// at::native::ResultTypeState.
struct ResultTypeState {
  std::optional<DType> dimResult, zeroResult, wrappedResult;

  static void promoteInto(std::optional<DType> &slot, DType dtype) {
    slot = slot ? promoteTypes(*slot, dtype) : dtype;
  }
};

/// at::native's combine_categories: `higher` wins unless `lower` is of a
/// higher category (bool < integral < floating).
std::optional<DType> combineCategories(std::optional<DType> higher,
                                       std::optional<DType> lower) {
  if (!higher)
    return lower;
  if (!lower)
    return higher;
  if (isFloatingPoint(*higher))
    return higher;
  if (*higher == DType::Bool || isFloatingPoint(*lower))
    return promoteTypes(*higher, *lower);
  return higher;
}
} // namespace

std::optional<DType> dynamir::tg::resultType(TypeRange operands) {
  ResultTypeState state;
  for (Type type : operands) {
    if (auto tensor = dyn_cast<RankedTensorType>(type)) {
      std::optional<DType> dtype = getDType(tensor.getElementType());
      if (!dtype)
        return std::nullopt;
      if (tensor.getRank() > 0)
        ResultTypeState::promoteInto(state.dimResult, *dtype);
      else
        ResultTypeState::promoteInto(state.zeroResult, *dtype);
      continue;
    }
    if (!isPythonScalar(type))
      return std::nullopt;
    // A wrapped float counts as the default dtype.
    DType dtype = type.isF64()   ? DType::Float32
                  : type.isInteger(1) ? DType::Bool
                                      : DType::Int64;
    ResultTypeState::promoteInto(state.wrappedResult, dtype);
  }
  return combineCategories(state.dimResult,
                           combineCategories(state.zeroResult,
                                             state.wrappedResult));
}

std::optional<SmallVector<int64_t>>
dynamir::tg::broadcastShapes(ArrayRef<int64_t> a, ArrayRef<int64_t> b,
                             std::string &error) {
  size_t rank = std::max(a.size(), b.size());
  SmallVector<int64_t> result(rank);
  for (size_t i = 0; i < rank; ++i) {
    // Dimensions aligned on the right; a missing one counts as 1.
    int64_t da = i < rank - a.size() ? 1 : a[i - (rank - a.size())];
    int64_t db = i < rank - b.size() ? 1 : b[i - (rank - b.size())];
    if (da != db && da != 1 && db != 1) {
      error = llvm::formatv("the size of tensor a ({0}) must match the size of "
                            "tensor b ({1}) at non-singleton dimension {2}",
                            da, db, i)
                  .str();
      return std::nullopt;
    }
    result[i] = da == 1 ? db : da;
  }
  return result;
}

std::optional<SmallVector<int64_t>>
dynamir::tg::broadcastShapes(TypeRange operands, std::string &error) {
  SmallVector<int64_t> shape;
  for (Type type : operands) {
    auto tensor = dyn_cast<RankedTensorType>(type);
    if (!tensor)
      continue;
    std::optional<SmallVector<int64_t>> next =
        broadcastShapes(shape, tensor.getShape(), error);
    if (!next)
      return std::nullopt;
    shape = std::move(*next);
  }
  return shape;
}

std::optional<int64_t> dynamir::tg::normalizeDim(int64_t dim, int64_t rank) {
  // PyTorch treats a 0-d tensor as having one dimension for indexing.
  int64_t bound = std::max<int64_t>(rank, 1);
  if (dim < -bound || dim >= bound)
    return std::nullopt;
  return dim < 0 ? dim + bound : dim;
}

TypedAttr dynamir::tg::castScalar(TypedAttr value, Type elementType) {
  if (auto f = dyn_cast<FloatAttr>(value)) {
    if (auto ft = dyn_cast<FloatType>(elementType)) {
      bool lost;
      APFloat v = f.getValue();
      v.convert(ft.getFloatSemantics(), APFloat::rmNearestTiesToEven, &lost);
      return FloatAttr::get(ft, v);
    }
    auto it = cast<IntegerType>(elementType);
    if (it.getWidth() == 1)
      return IntegerAttr::get(it, !f.getValue().isZero());
    // PyTorch's C++ cast on x86: truncation into a signed int (64 bits for
    // int64, else 32), the "integer indefinite" minimum when out of range,
    // then the low bits (300.7 -> int8 is 44, -1.5 -> uint8 is 255).
    unsigned via = it.getWidth() == 64 ? 64 : 32;
    APSInt result(via, /*isUnsigned=*/false);
    bool exact;
    if (f.getValue().convertToInteger(result, APFloat::rmTowardZero, &exact) &
        APFloat::opInvalidOp)
      result = APSInt(APInt::getSignedMinValue(via), /*isUnsigned=*/false);
    return IntegerAttr::get(it, APInt(result).zextOrTrunc(it.getWidth()));
  }
  APInt i = cast<IntegerAttr>(value).getValue();
  bool isSigned = !value.getType().isUnsignedInteger() && i.getBitWidth() != 1;
  if (auto ft = dyn_cast<FloatType>(elementType)) {
    APFloat v(ft.getFloatSemantics());
    v.convertFromAPInt(i, isSigned, APFloat::rmNearestTiesToEven);
    return FloatAttr::get(ft, v);
  }
  auto it = cast<IntegerType>(elementType);
  if (it.getWidth() == 1)
    return IntegerAttr::get(it, !i.isZero());
  return IntegerAttr::get(it, isSigned ? i.sextOrTrunc(it.getWidth())
                                       : i.zextOrTrunc(it.getWidth()));
}
