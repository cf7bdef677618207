//===- TGToLinalg.cpp - Lower tg to linalg, tensor, arith and math --------===//
//
// The patterns of `--convert-tg-to-linalg`: one OpConversionPattern per `tg`
// op or op family, each reproducing what PyTorch's CPU eager kernels compute,
// dtype conversions, rounding, NaN and integer corner cases included, so that
// a lowered graph gives PyTorch's numbers. Elementwise ops share one builder
// of broadcasting `linalg.generic`s; what differs per op is the dtype the
// operands are converted to and the scalar computation in the body.
//
//===----------------------------------------------------------------------===//

#include "dynamir/Conversion/TGToLinalg/TGToLinalg.h"

#include "dynamir/Dialect/TG/IR/TGOps.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/Func/Transforms/FuncConversions.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/Dialect/Utils/ReshapeOpsUtils.h"
#include "mlir/IR/BuiltinOps.h"

#include <cmath>

namespace dynamir {
#define GEN_PASS_DEF_CONVERTTGTOLINALG
#include "dynamir/Conversion/Passes.h.inc"
} // namespace dynamir

using namespace mlir;
using namespace dynamir;
using namespace dynamir::tg;

//===----------------------------------------------------------------------===//
// Scalar helpers: dtypes and PyTorch's conversions between them
//===----------------------------------------------------------------------===//

namespace {
/// The dtype of a tensor's elements, or of a Python number (`f64`, `i64`,
/// `i1` are float, int and bool).
DType dtypeOf(Type type) {
  if (auto tensor = dyn_cast<RankedTensorType>(type))
    type = tensor.getElementType();
  return *getDType(type);
}

/// The type that holds `dtype` after conversion: `ui8` is held in `i8`.
Type storageType(MLIRContext *context, DType dtype) {
  if (dtype == DType::UInt8)
    return IntegerType::get(context, 8);
  return getElementType(context, dtype);
}

/// Whether the integer dtype compares, divides and extends as unsigned.
bool isUnsigned(DType dtype) {
  return dtype == DType::UInt8 || dtype == DType::Bool;
}

bool isReducedFloat(DType dtype) {
  return dtype == DType::Float16 || dtype == DType::BFloat16;
}

Value floatConstant(OpBuilder &b, Location loc, Type type, double value) {
  return b.create<arith::ConstantOp>(loc, b.getFloatAttr(type, value));
}

Value intConstant(OpBuilder &b, Location loc, Type type, int64_t value) {
  return b.create<arith::ConstantOp>(loc, b.getIntegerAttr(type, value));
}

Value zeroOf(OpBuilder &b, Location loc, Type type) {
  return b.create<arith::ConstantOp>(loc, b.getZeroAttr(type));
}

/// `value != 0` (NaN is nonzero), PyTorch's truth value of an element.
Value isNonzero(OpBuilder &b, Location loc, Value value, DType dtype) {
  if (dtype == DType::Bool)
    return value;
  Value zero = zeroOf(b, loc, value.getType());
  if (isFloatingPoint(dtype))
    return b.create<arith::CmpFOp>(loc, arith::CmpFPredicate::UNE, value, zero);
  return b.create<arith::CmpIOp>(loc, arith::CmpIPredicate::ne, value, zero);
}

/// Converts an element of dtype `from` to dtype `to` as PyTorch's
/// `static_cast` does on x86: floats truncate toward zero into integers (into
/// narrow ones through a 64-bit integer, which wraps), anything nonzero is
/// true, bool and uint8 extend with zeros.
Value convertElement(OpBuilder &b, Location loc, Value value, DType from,
                     DType to) {
  if (from == to)
    return value;
  MLIRContext *context = b.getContext();
  Type target = storageType(context, to);
  if (to == DType::Bool)
    return isNonzero(b, loc, value, from);
  bool fromFloat = isFloatingPoint(from), toFloat = isFloatingPoint(to);
  if (fromFloat && toFloat) {
    // f16 and bf16 have no common wider-or-equal type but f32.
    if (isReducedFloat(from) && isReducedFloat(to)) {
      value = b.create<arith::ExtFOp>(loc, b.getF32Type(), value);
      return b.create<arith::TruncFOp>(loc, target, value);
    }
    unsigned fromWidth = value.getType().getIntOrFloatBitWidth();
    if (fromWidth < target.getIntOrFloatBitWidth())
      return b.create<arith::ExtFOp>(loc, target, value);
    return b.create<arith::TruncFOp>(loc, target, value);
  }
  if (!fromFloat && toFloat) {
    if (isUnsigned(from))
      return b.create<arith::UIToFPOp>(loc, target, value);
    return b.create<arith::SIToFPOp>(loc, target, value);
  }
  unsigned toWidth = target.getIntOrFloatBitWidth();
  if (fromFloat) {
    if (toWidth >= 32)
      return b.create<arith::FPToSIOp>(loc, target, value);
    Value wide = b.create<arith::FPToSIOp>(loc, b.getI64Type(), value);
    return b.create<arith::TruncIOp>(loc, target, wide);
  }
  unsigned fromWidth = value.getType().getIntOrFloatBitWidth();
  if (fromWidth == toWidth)
    return value;
  if (fromWidth > toWidth)
    return b.create<arith::TruncIOp>(loc, target, value);
  if (isUnsigned(from))
    return b.create<arith::ExtUIOp>(loc, target, value);
  return b.create<arith::ExtSIOp>(loc, target, value);
}

/// Applies `compute` to `args` of float dtype `dtype` in PyTorch's "opmath"
/// type: f16 and bf16 are computed in f32 and rounded once at the end.
Value inOpMath(OpBuilder &b, Location loc, DType dtype, ValueRange args,
               function_ref<Value(ValueRange)> compute) {
  if (!isReducedFloat(dtype))
    return compute(args);
  SmallVector<Value> wide;
  for (Value arg : args)
    wide.push_back(convertElement(b, loc, arg, dtype, DType::Float32));
  return convertElement(b, loc, compute(wide), DType::Float32, dtype);
}

Value selectIf(OpBuilder &b, Location loc, Value condition, Value ifTrue,
               Value ifFalse) {
  return b.create<arith::SelectOp>(loc, condition, ifTrue, ifFalse);
}

Value cmpF(OpBuilder &b, Location loc, arith::CmpFPredicate predicate, Value lhs,
           Value rhs) {
  return b.create<arith::CmpFOp>(loc, predicate, lhs, rhs);
}

Value cmpI(OpBuilder &b, Location loc, arith::CmpIPredicate predicate, Value lhs,
           Value rhs) {
  return b.create<arith::CmpIOp>(loc, predicate, lhs, rhs);
}

/// c10::div_floor_floating, Python's float `//`: `(a - fmod(a, b)) / b`,
/// corrected toward negative infinity and rounded to the nearest integer, so
/// that `1.0 // 0.1` is 9 rather than floor(10.000000000000002) = 10.
Value floorDivFloat(OpBuilder &b, Location loc, Value lhs, Value rhs) {
  Type type = lhs.getType();
  Value zero = zeroOf(b, loc, type), one = floatConstant(b, loc, type, 1.0),
        half = floatConstant(b, loc, type, 0.5);
  Value quotient = b.create<arith::DivFOp>(loc, lhs, rhs);
  Value mod = b.create<arith::RemFOp>(loc, lhs, rhs);
  Value div = b.create<arith::DivFOp>(
      loc, b.create<arith::SubFOp>(loc, lhs, mod), rhs);
  Value signsDiffer = b.create<arith::XOrIOp>(
      loc, cmpF(b, loc, arith::CmpFPredicate::OLT, rhs, zero),
      cmpF(b, loc, arith::CmpFPredicate::OLT, mod, zero));
  Value adjust = b.create<arith::AndIOp>(
      loc, cmpF(b, loc, arith::CmpFPredicate::UNE, mod, zero), signsDiffer);
  div = selectIf(b, loc, adjust, b.create<arith::SubFOp>(loc, div, one), div);
  Value floor = b.create<math::FloorOp>(loc, div);
  Value roundUp = cmpF(b, loc, arith::CmpFPredicate::OGT,
                       b.create<arith::SubFOp>(loc, div, floor), half);
  floor = selectIf(b, loc, roundUp, b.create<arith::AddFOp>(loc, floor, one),
                   floor);
  Value signedZero = b.create<math::CopySignOp>(loc, zero, quotient);
  Value result = selectIf(b, loc, cmpF(b, loc, arith::CmpFPredicate::UNE, div, zero),
                          floor, signedZero);
  // Division by zero is the IEEE quotient.
  return selectIf(b, loc, cmpF(b, loc, arith::CmpFPredicate::OEQ, rhs, zero),
                  quotient, result);
}

/// Python's `%`: `fmod` (or `rem`) moved into the divisor's sign.
Value remainderFloat(OpBuilder &b, Location loc, Value lhs, Value rhs) {
  Value zero = zeroOf(b, loc, lhs.getType());
  Value mod = b.create<arith::RemFOp>(loc, lhs, rhs);
  Value signsDiffer = b.create<arith::XOrIOp>(
      loc, cmpF(b, loc, arith::CmpFPredicate::OLT, rhs, zero),
      cmpF(b, loc, arith::CmpFPredicate::OLT, mod, zero));
  Value adjust = b.create<arith::AndIOp>(
      loc, cmpF(b, loc, arith::CmpFPredicate::UNE, mod, zero), signsDiffer);
  return selectIf(b, loc, adjust, b.create<arith::AddFOp>(loc, mod, rhs), mod);
}

Value remainderSigned(OpBuilder &b, Location loc, Value lhs, Value rhs) {
  Value zero = zeroOf(b, loc, lhs.getType());
  Value mod = b.create<arith::RemSIOp>(loc, lhs, rhs);
  Value signsDiffer = b.create<arith::XOrIOp>(
      loc, cmpI(b, loc, arith::CmpIPredicate::slt, rhs, zero),
      cmpI(b, loc, arith::CmpIPredicate::slt, mod, zero));
  Value adjust = b.create<arith::AndIOp>(
      loc, cmpI(b, loc, arith::CmpIPredicate::ne, mod, zero), signsDiffer);
  return selectIf(b, loc, adjust, b.create<arith::AddIOp>(loc, mod, rhs), mod);
}

/// PyTorch's powi: exponentiation by squaring; a negative exponent gives 0
/// unless the base is 1 or -1 (no division, so no trap on a zero base).
Value integerPower(OpBuilder &b, Location loc, Value base, Value exponent,
                   DType dtype) {
  Type type = base.getType();
  Value zero = zeroOf(b, loc, type), one = intConstant(b, loc, type, 1);
  auto loop = b.create<scf::WhileOp>(
      loc, TypeRange{type, type, type}, ValueRange{one, base, exponent},
      [&](OpBuilder &nb, Location nl, ValueRange args) {
        Value more = nb.create<arith::CmpIOp>(nl, arith::CmpIPredicate::sgt,
                                              args[2], zero);
        if (isUnsigned(dtype))
          more = nb.create<arith::CmpIOp>(nl, arith::CmpIPredicate::ne, args[2],
                                          zero);
        nb.create<scf::ConditionOp>(nl, more, args);
      },
      [&](OpBuilder &nb, Location nl, ValueRange args) {
        Value odd = nb.create<arith::CmpIOp>(
            nl, arith::CmpIPredicate::ne,
            nb.create<arith::AndIOp>(nl, args[2], one), zero);
        Value product = nb.create<arith::MulIOp>(nl, args[0], args[1]);
        Value result = nb.create<arith::SelectOp>(nl, odd, product, args[0]);
        Value square = nb.create<arith::MulIOp>(nl, args[1], args[1]);
        Value rest = nb.create<arith::ShRUIOp>(nl, args[2], one);
        nb.create<scf::YieldOp>(nl, ValueRange{result, square, rest});
      });
  Value power = loop.getResult(0);
  if (isUnsigned(dtype))
    return power;
  // base ** negative: 1 for base 1, +-1 for base -1, else 0.
  Value minusOne = intConstant(b, loc, type, -1);
  Value oddExponent = cmpI(b, loc, arith::CmpIPredicate::ne,
                           b.create<arith::AndIOp>(loc, exponent, one), zero);
  Value ofMinusOne = selectIf(b, loc, oddExponent, minusOne, one);
  Value negative =
      selectIf(b, loc, cmpI(b, loc, arith::CmpIPredicate::eq, base, one), one,
               selectIf(b, loc, cmpI(b, loc, arith::CmpIPredicate::eq, base, minusOne),
                        ofMinusOne, zero));
  return selectIf(b, loc, cmpI(b, loc, arith::CmpIPredicate::slt, exponent, zero),
                  negative, power);
}

/// PyTorch's maximum/minimum of one dtype: NaN propagates; bools are or/and.
Value maxOrMin(OpBuilder &b, Location loc, Value lhs, Value rhs, DType dtype,
               bool isMax) {
  if (isFloatingPoint(dtype))
    return isMax ? Value(b.create<arith::MaximumFOp>(loc, lhs, rhs))
                 : Value(b.create<arith::MinimumFOp>(loc, lhs, rhs));
  if (dtype == DType::Bool)
    return isMax ? Value(b.create<arith::OrIOp>(loc, lhs, rhs))
                 : Value(b.create<arith::AndIOp>(loc, lhs, rhs));
  if (isUnsigned(dtype))
    return isMax ? Value(b.create<arith::MaxUIOp>(loc, lhs, rhs))
                 : Value(b.create<arith::MinUIOp>(loc, lhs, rhs));
  return isMax ? Value(b.create<arith::MaxSIOp>(loc, lhs, rhs))
               : Value(b.create<arith::MinSIOp>(loc, lhs, rhs));
}

Value compare(OpBuilder &b, Location loc, ComparePredicate predicate, Value lhs,
              Value rhs, DType dtype) {
  if (isFloatingPoint(dtype)) {
    // Ordered, except `!=`, which is true when either side is NaN.
    arith::CmpFPredicate p;
    switch (predicate) {
    case ComparePredicate::eq: p = arith::CmpFPredicate::OEQ; break;
    case ComparePredicate::ne: p = arith::CmpFPredicate::UNE; break;
    case ComparePredicate::lt: p = arith::CmpFPredicate::OLT; break;
    case ComparePredicate::le: p = arith::CmpFPredicate::OLE; break;
    case ComparePredicate::gt: p = arith::CmpFPredicate::OGT; break;
    case ComparePredicate::ge: p = arith::CmpFPredicate::OGE; break;
    }
    return cmpF(b, loc, p, lhs, rhs);
  }
  bool u = isUnsigned(dtype);
  arith::CmpIPredicate p;
  switch (predicate) {
  case ComparePredicate::eq: p = arith::CmpIPredicate::eq; break;
  case ComparePredicate::ne: p = arith::CmpIPredicate::ne; break;
  case ComparePredicate::lt: p = u ? arith::CmpIPredicate::ult : arith::CmpIPredicate::slt; break;
  case ComparePredicate::le: p = u ? arith::CmpIPredicate::ule : arith::CmpIPredicate::sle; break;
  case ComparePredicate::gt: p = u ? arith::CmpIPredicate::ugt : arith::CmpIPredicate::sgt; break;
  case ComparePredicate::ge: p = u ? arith::CmpIPredicate::uge : arith::CmpIPredicate::sge; break;
  }
  return cmpI(b, loc, p, lhs, rhs);
}

/// The smallest (or largest) value of a dtype: the identity of max (or min).
Value lowestOrHighest(OpBuilder &b, Location loc, DType dtype, bool lowest) {
  Type type = storageType(b.getContext(), dtype);
  if (auto floatType = dyn_cast<FloatType>(type))
    return b.create<arith::ConstantOp>(
        loc, b.getFloatAttr(type, APFloat::getInf(floatType.getFloatSemantics(),
                                                  /*Negative=*/lowest)));
  unsigned width = type.getIntOrFloatBitWidth();
  APInt value = isUnsigned(dtype)
                    ? (lowest ? APInt::getMinValue(width) : APInt::getMaxValue(width))
                    : (lowest ? APInt::getSignedMinValue(width)
                              : APInt::getSignedMaxValue(width));
  return b.create<arith::ConstantOp>(loc, b.getIntegerAttr(type, value));
}
} // namespace

//===----------------------------------------------------------------------===//
// Tensor helpers
//===----------------------------------------------------------------------===//

namespace {
SmallVector<utils::IteratorType> parallelIterators(int64_t rank) {
  return SmallVector<utils::IteratorType>(rank, utils::IteratorType::parallel);
}

Value emptyTensor(OpBuilder &b, Location loc, ArrayRef<int64_t> shape,
                  Type elementType) {
  return b.create<tensor::EmptyOp>(loc, shape, elementType);
}

Value filledTensor(OpBuilder &b, Location loc, ArrayRef<int64_t> shape,
                   Value fill) {
  Value empty = emptyTensor(b, loc, shape, fill.getType());
  return b.create<linalg::FillOp>(loc, ValueRange{fill}, ValueRange{empty})
      .getResult(0);
}

/// The map from the loops of a `resultShape` iteration to the elements of an
/// operand of `shape` broadcast to it: dimensions align on the right, and a
/// size-1 dimension that the result widens always reads index 0.
AffineMap broadcastMap(MLIRContext *context, ArrayRef<int64_t> shape,
                       ArrayRef<int64_t> resultShape) {
  int64_t rank = resultShape.size(), lead = rank - shape.size();
  SmallVector<AffineExpr> exprs;
  for (auto [i, size] : llvm::enumerate(shape)) {
    int64_t loop = lead + i;
    if (size == 1 && resultShape[loop] != 1)
      exprs.push_back(getAffineConstantExpr(0, context));
    else
      exprs.push_back(getAffineDimExpr(loop, context));
  }
  return AffineMap::get(rank, 0, exprs, context);
}

/// A `linalg.generic` computing `resultType` elementwise: tensor operands are
/// broadcast to it through their indexing maps, scalars are captured from
/// above; `body` gets one element (or scalar) per operand.
Value buildElementwise(
    OpBuilder &b, Location loc, RankedTensorType resultType, ValueRange operands,
    function_ref<Value(OpBuilder &, Location, ValueRange)> body) {
  MLIRContext *context = b.getContext();
  ArrayRef<int64_t> shape = resultType.getShape();
  SmallVector<Value> inputs;
  SmallVector<AffineMap> maps;
  for (Value operand : operands) {
    if (auto tensor = dyn_cast<RankedTensorType>(operand.getType())) {
      inputs.push_back(operand);
      maps.push_back(broadcastMap(context, tensor.getShape(), shape));
    }
  }
  maps.push_back(AffineMap::getMultiDimIdentityMap(shape.size(), context));
  Value init = emptyTensor(b, loc, shape, resultType.getElementType());
  auto generic = b.create<linalg::GenericOp>(
      loc, resultType, inputs, init, maps, parallelIterators(shape.size()),
      [&](OpBuilder &nb, Location nl, ValueRange args) {
        SmallVector<Value> elements;
        unsigned next = 0;
        for (Value operand : operands)
          elements.push_back(isa<RankedTensorType>(operand.getType())
                                 ? args[next++]
                                 : operand);
        nb.create<linalg::YieldOp>(nl, body(nb, nl, elements));
      });
  return generic.getResult(0);
}

/// `value` (elements of dtype `from`) converted to dtype `to`.
Value convertTensor(OpBuilder &b, Location loc, Value value, DType from,
                    DType to) {
  if (from == to)
    return value;
  auto type = cast<RankedTensorType>(value.getType());
  auto resultType = type.clone(storageType(b.getContext(), to));
  return buildElementwise(b, loc, resultType, value,
                          [&](OpBuilder &nb, Location nl, ValueRange args) {
                            return convertElement(nb, nl, args[0], from, to);
                          });
}

/// `value` with the same elements in row-major order and shape `resultType`:
/// one `tensor.collapse_shape` or `expand_shape` when the shapes allow it,
/// else a collapse to one dimension followed by an expansion.
Value reshapeTensor(OpBuilder &b, Location loc, Value value,
                    RankedTensorType resultType) {
  auto type = cast<RankedTensorType>(value.getType());
  if (type == resultType)
    return value;
  if (type.getRank() > resultType.getRank()) {
    if (auto reassociation = getReassociationIndicesForReshape(type, resultType))
      return b.create<tensor::CollapseShapeOp>(loc, resultType, value,
                                               *reassociation);
  } else if (type.getRank() < resultType.getRank()) {
    if (auto reassociation = getReassociationIndicesForReshape(type, resultType))
      return b.create<tensor::ExpandShapeOp>(loc, resultType, value,
                                             *reassociation);
  }
  auto flat = RankedTensorType::get({type.getNumElements()},
                                    type.getElementType());
  return reshapeTensor(b, loc, reshapeTensor(b, loc, value, flat), resultType);
}

/// The dimensions a reduction with `dims` reduces: all when `dims` is absent
/// or empty.
SmallVector<bool> reducedDimensions(std::optional<ArrayRef<int64_t>> dims,
                                    int64_t rank) {
  SmallVector<bool> reduced(rank, !dims || dims->empty());
  if (dims)
    for (int64_t dim : *dims)
      reduced[*normalizeDim(dim, rank)] = true;
  return reduced;
}

/// A `linalg.generic` reducing `input` over the dimensions marked in
/// `reduced` into `inits` (one per result, of the shape without them);
/// `body` gets the input element, the loop indices and the accumulators, and
/// returns the new accumulators.
SmallVector<Value> buildReduction(
    OpBuilder &b, Location loc, Value input, ArrayRef<bool> reduced,
    ValueRange inits,
    function_ref<SmallVector<Value>(OpBuilder &, Location, Value, ValueRange)>
        body) {
  MLIRContext *context = b.getContext();
  int64_t rank = reduced.size();
  SmallVector<AffineExpr> kept;
  SmallVector<utils::IteratorType> iterators;
  for (int64_t d = 0; d < rank; ++d) {
    iterators.push_back(reduced[d] ? utils::IteratorType::reduction
                                   : utils::IteratorType::parallel);
    if (!reduced[d])
      kept.push_back(getAffineDimExpr(d, context));
  }
  SmallVector<AffineMap> maps{AffineMap::getMultiDimIdentityMap(rank, context)};
  for (size_t i = 0; i < inits.size(); ++i)
    maps.push_back(AffineMap::get(rank, 0, kept, context));
  auto generic = b.create<linalg::GenericOp>(
      loc, TypeRange(inits), input, inits, maps, iterators,
      [&](OpBuilder &nb, Location nl, ValueRange args) {
        nb.create<linalg::YieldOp>(
            nl, body(nb, nl, args[0], args.drop_front()));
      });
  return generic.getResults();
}

SmallVector<int64_t> keptShape(ArrayRef<int64_t> shape, ArrayRef<bool> reduced) {
  SmallVector<int64_t> result;
  for (auto [size, isReduced] : llvm::zip(shape, reduced))
    if (!isReduced)
      result.push_back(size);
  return result;
}

SmallVector<OpFoldResult> indexAttrs(OpBuilder &b, ArrayRef<int64_t> values) {
  return llvm::map_to_vector(values, [&](int64_t v) -> OpFoldResult {
    return b.getIndexAttr(v);
  });
}

/// A 0-d tensor as a 1-element 1-d one, for the ops whose lowering needs a
/// dimension (PyTorch treats a 0-d tensor's `dim` 0 as that dimension).
Value atLeast1d(OpBuilder &b, Location loc, Value value) {
  auto type = cast<RankedTensorType>(value.getType());
  if (type.getRank() > 0)
    return value;
  return reshapeTensor(b, loc, value, type.clone({1}));
}
} // namespace


//===----------------------------------------------------------------------===//
// Elementwise ops
//===----------------------------------------------------------------------===//

namespace {
/// The dtype each operand is converted to before the op computes
/// (`std::nullopt`: its own). By default, the result dtype: PyTorch's
/// TensorIterator converts every operand to the common dtype, which for these
/// ops is the result's.
template <typename OpTy>
SmallVector<std::optional<DType>> computeDTypes(OpTy op, DType result) {
  return SmallVector<std::optional<DType>>(op->getNumOperands(), result);
}

/// A comparison converts to the operands' common dtype; its result is bool.
SmallVector<std::optional<DType>> computeDTypes(CompareOp op, DType) {
  DType common = *resultType(op->getOperandTypes());
  return SmallVector<std::optional<DType>>(2, common);
}

/// Logical ops test each operand's truth in its own dtype.
template <typename OpTy>
SmallVector<std::optional<DType>> ownDTypes(OpTy op) {
  return SmallVector<std::optional<DType>>(op->getNumOperands(), std::nullopt);
}
SmallVector<std::optional<DType>> computeDTypes(LogicalAndOp op, DType) {
  return ownDTypes(op);
}
SmallVector<std::optional<DType>> computeDTypes(LogicalOrOp op, DType) {
  return ownDTypes(op);
}
SmallVector<std::optional<DType>> computeDTypes(LogicalXorOp op, DType) {
  return ownDTypes(op);
}
SmallVector<std::optional<DType>> computeDTypes(LogicalNotOp op, DType) {
  return ownDTypes(op);
}

/// The condition stays bool; the values take the result dtype.
SmallVector<std::optional<DType>> computeDTypes(WhereOp, DType result) {
  return {std::nullopt, result, result};
}

// The computation of each op on elements already converted to their compute
// dtypes (`dtypes`); it returns an element of the result dtype.
#define TG_ELEMENT(OP)                                                         \
  [[maybe_unused]] Value computeElement(OP op, OpBuilder &b, Location loc,     \
                                        ValueRange args,                       \
                                        ArrayRef<DType> dtypes, DType result)

TG_ELEMENT(AddOp) {
  if (isFloatingPoint(result))
    return b.create<arith::AddFOp>(loc, args[0], args[1]);
  // bool + bool is the sum cast back to bool: true when either is.
  if (result == DType::Bool)
    return b.create<arith::OrIOp>(loc, args[0], args[1]);
  return b.create<arith::AddIOp>(loc, args[0], args[1]);
}

TG_ELEMENT(SubOp) {
  if (isFloatingPoint(result))
    return b.create<arith::SubFOp>(loc, args[0], args[1]);
  return b.create<arith::SubIOp>(loc, args[0], args[1]);
}

TG_ELEMENT(MulOp) {
  if (isFloatingPoint(result))
    return b.create<arith::MulFOp>(loc, args[0], args[1]);
  if (result == DType::Bool)
    return b.create<arith::AndIOp>(loc, args[0], args[1]);
  return b.create<arith::MulIOp>(loc, args[0], args[1]);
}

TG_ELEMENT(DivOp) { return b.create<arith::DivFOp>(loc, args[0], args[1]); }

TG_ELEMENT(FloorDivOp) {
  if (isFloatingPoint(result))
    return inOpMath(b, loc, result, args, [&](ValueRange a) {
      return floorDivFloat(b, loc, a[0], a[1]);
    });
  if (isUnsigned(result))
    return b.create<arith::DivUIOp>(loc, args[0], args[1]);
  return b.create<arith::FloorDivSIOp>(loc, args[0], args[1]);
}

TG_ELEMENT(RemainderOp) {
  if (isFloatingPoint(result))
    return inOpMath(b, loc, result, args, [&](ValueRange a) {
      return remainderFloat(b, loc, a[0], a[1]);
    });
  if (isUnsigned(result))
    return b.create<arith::RemUIOp>(loc, args[0], args[1]);
  return remainderSigned(b, loc, args[0], args[1]);
}

TG_ELEMENT(PowOp) {
  if (isFloatingPoint(result))
    return inOpMath(b, loc, result, args, [&](ValueRange a) -> Value {
      return b.create<math::PowFOp>(loc, a[0], a[1]);
    });
  return integerPower(b, loc, args[0], args[1], result);
}

TG_ELEMENT(MaximumOp) { return maxOrMin(b, loc, args[0], args[1], result, true); }
TG_ELEMENT(MinimumOp) { return maxOrMin(b, loc, args[0], args[1], result, false); }

TG_ELEMENT(BitwiseAndOp) { return b.create<arith::AndIOp>(loc, args[0], args[1]); }
TG_ELEMENT(BitwiseOrOp) { return b.create<arith::OrIOp>(loc, args[0], args[1]); }
TG_ELEMENT(BitwiseXorOp) { return b.create<arith::XOrIOp>(loc, args[0], args[1]); }

TG_ELEMENT(LogicalAndOp) {
  return b.create<arith::AndIOp>(loc, isNonzero(b, loc, args[0], dtypes[0]),
                                 isNonzero(b, loc, args[1], dtypes[1]));
}
TG_ELEMENT(LogicalOrOp) {
  return b.create<arith::OrIOp>(loc, isNonzero(b, loc, args[0], dtypes[0]),
                                isNonzero(b, loc, args[1], dtypes[1]));
}
TG_ELEMENT(LogicalXorOp) {
  return b.create<arith::XOrIOp>(loc, isNonzero(b, loc, args[0], dtypes[0]),
                                 isNonzero(b, loc, args[1], dtypes[1]));
}
TG_ELEMENT(LogicalNotOp) {
  Value truth = isNonzero(b, loc, args[0], dtypes[0]);
  return b.create<arith::XOrIOp>(loc, truth,
                                 intConstant(b, loc, b.getI1Type(), 1));
}

TG_ELEMENT(BitwiseNotOp) {
  auto type = cast<IntegerType>(args[0].getType());
  Value ones = b.create<arith::ConstantOp>(
      loc, IntegerAttr::get(type, APInt::getAllOnes(type.getWidth())));
  return b.create<arith::XOrIOp>(loc, args[0], ones);
}

TG_ELEMENT(CompareOp) {
  return compare(b, loc, op.getPredicate(), args[0], args[1], dtypes[0]);
}

TG_ELEMENT(WhereOp) { return selectIf(b, loc, args[0], args[1], args[2]); }

TG_ELEMENT(ClampOp) {
  Value value = args[0];
  unsigned next = 1;
  // A lone Python-number bound that is NaN leaves the input as it is
  // (clamp_min/clamp_max take std::max/std::min, whose NaN operand is the
  // second); any other NaN bound propagates, as maximum/minimum do.
  bool lone = !op.getMin() || !op.getMax();
  auto bound = [&](Value limit, Value operand, bool isMax) {
    Value clamped = maxOrMin(b, loc, value, limit, result, isMax);
    if (!lone || !isFloatingPoint(result) ||
        isa<RankedTensorType>(operand.getType()))
      return clamped;
    Value isNaN = cmpF(b, loc, arith::CmpFPredicate::UNO, limit, limit);
    return selectIf(b, loc, isNaN, value, clamped);
  };
  if (op.getMin())
    value = bound(args[next++], op.getMin(), /*isMax=*/true);
  if (op.getMax())
    value = bound(args[next++], op.getMax(), /*isMax=*/false);
  return value;
}

TG_ELEMENT(NegOp) {
  if (isFloatingPoint(result))
    return b.create<arith::NegFOp>(loc, args[0]);
  return b.create<arith::SubIOp>(loc, zeroOf(b, loc, args[0].getType()), args[0]);
}

TG_ELEMENT(AbsOp) {
  if (isFloatingPoint(result))
    return b.create<math::AbsFOp>(loc, args[0]);
  if (isUnsigned(result))
    return args[0];
  return b.create<math::AbsIOp>(loc, args[0]);
}

TG_ELEMENT(ReluOp) {
  Value zero = zeroOf(b, loc, args[0].getType());
  // clamp_min(x, 0): NaN and -0.0 stay as they are.
  if (isFloatingPoint(result))
    return selectIf(b, loc, cmpF(b, loc, arith::CmpFPredicate::OLT, args[0], zero),
                    zero, args[0]);
  if (isUnsigned(result))
    return args[0];
  return b.create<arith::MaxSIOp>(loc, args[0], zero);
}

/// A float unary op computed in opmath by `OpTy` of the math dialect.
template <typename MathOpTy>
Value unaryMath(OpBuilder &b, Location loc, ValueRange args, DType result) {
  return inOpMath(b, loc, result, args, [&](ValueRange a) -> Value {
    return b.create<MathOpTy>(loc, a[0]);
  });
}

TG_ELEMENT(ExpOp) { return unaryMath<math::ExpOp>(b, loc, args, result); }
TG_ELEMENT(LogOp) { return unaryMath<math::LogOp>(b, loc, args, result); }
TG_ELEMENT(SqrtOp) { return unaryMath<math::SqrtOp>(b, loc, args, result); }
TG_ELEMENT(RsqrtOp) { return unaryMath<math::RsqrtOp>(b, loc, args, result); }
TG_ELEMENT(SinOp) { return unaryMath<math::SinOp>(b, loc, args, result); }
TG_ELEMENT(CosOp) { return unaryMath<math::CosOp>(b, loc, args, result); }
TG_ELEMENT(TanhOp) { return unaryMath<math::TanhOp>(b, loc, args, result); }

/// `1 + exp(-x)`, the denominator of sigmoid and silu.
Value onePlusExpNeg(OpBuilder &b, Location loc, Value x) {
  Value one = floatConstant(b, loc, x.getType(), 1.0);
  Value e = b.create<math::ExpOp>(loc, b.create<arith::NegFOp>(loc, x));
  return b.create<arith::AddFOp>(loc, one, e);
}

TG_ELEMENT(SigmoidOp) {
  return inOpMath(b, loc, result, args, [&](ValueRange a) -> Value {
    Value one = floatConstant(b, loc, a[0].getType(), 1.0);
    return b.create<arith::DivFOp>(loc, one, onePlusExpNeg(b, loc, a[0]));
  });
}

TG_ELEMENT(SiluOp) {
  return inOpMath(b, loc, result, args, [&](ValueRange a) -> Value {
    return b.create<arith::DivFOp>(loc, a[0], onePlusExpNeg(b, loc, a[0]));
  });
}

TG_ELEMENT(GeluOp) {
  bool tanhForm = op.getApproximate() == GeluApproximation::tanh;
  return inOpMath(b, loc, result, args, [&](ValueRange a) -> Value {
    Value x = a[0];
    Type type = x.getType();
    Value half = floatConstant(b, loc, type, 0.5),
          one = floatConstant(b, loc, type, 1.0);
    if (!tanhForm) {
      // x * 0.5 * (1 + erf(x / sqrt(2)))
      Value scaled =
          b.create<arith::MulFOp>(loc, x, floatConstant(b, loc, type, M_SQRT1_2));
      Value cdf = b.create<arith::AddFOp>(loc, one,
                                          b.create<math::ErfOp>(loc, scaled));
      return b.create<arith::MulFOp>(loc, b.create<arith::MulFOp>(loc, x, half),
                                     cdf);
    }
    // 0.5 * x * (1 + tanh(sqrt(2 / pi) * (x + 0.044715 * x^3)))
    Value beta = floatConstant(b, loc, type, M_SQRT2 * M_2_SQRTPI * 0.5);
    Value kappa = floatConstant(b, loc, type, 0.044715);
    Value cube = b.create<arith::MulFOp>(loc, b.create<arith::MulFOp>(loc, x, x), x);
    Value inner = b.create<arith::MulFOp>(
        loc, beta,
        b.create<arith::AddFOp>(loc, x, b.create<arith::MulFOp>(loc, kappa, cube)));
    Value cdf =
        b.create<arith::AddFOp>(loc, one, b.create<math::TanhOp>(loc, inner));
    return b.create<arith::MulFOp>(loc, b.create<arith::MulFOp>(loc, half, x),
                                   cdf);
  });
}

#undef TG_ELEMENT

/// Lowers an elementwise op to a broadcasting `linalg.generic`. Python-number
/// operands are converted to their compute dtype once, before the loop;
/// tensor elements inside it.
template <typename OpTy>
struct ElementwiseOpLowering : OpConversionPattern<OpTy> {
  using OpConversionPattern<OpTy>::OpConversionPattern;

  LogicalResult
  matchAndRewrite(OpTy op, typename OpTy::Adaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    auto resultType = dyn_cast_or_null<RankedTensorType>(
        this->getTypeConverter()->convertType(op.getType()));
    if (!resultType)
      return rewriter.notifyMatchFailure(op, "unsupported result type");
    DType result = dtypeOf(op.getType());
    SmallVector<DType> from =
        llvm::map_to_vector(op->getOperandTypes(), dtypeOf);
    SmallVector<std::optional<DType>> to = computeDTypes(op, result);
    SmallVector<DType> computed;
    for (auto [own, target] : llvm::zip(from, to))
      computed.push_back(target.value_or(own));
    SmallVector<Value> operands(adaptor.getOperands());
    for (auto [i, operand] : llvm::enumerate(operands))
      if (!isa<RankedTensorType>(operand.getType()))
        operand = convertElement(rewriter, loc, operand, from[i], computed[i]);
    Value lowered = buildElementwise(
        rewriter, loc, resultType, operands,
        [&](OpBuilder &b, Location l, ValueRange elements) {
          SmallVector<Value> args;
          for (auto [i, element] : llvm::enumerate(elements))
            args.push_back(isa<RankedTensorType>(operands[i].getType())
                               ? convertElement(b, l, element, from[i],
                                                computed[i])
                               : element);
          return computeElement(op, b, l, args, computed, result);
        });
    rewriter.replaceOp(op, lowered);
    return success();
  }
};

/// `tg.to`: one conversion per element.
struct ToOpLowering : OpConversionPattern<ToOp> {
  using OpConversionPattern::OpConversionPattern;

  LogicalResult
  matchAndRewrite(ToOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    DType from = dtypeOf(op.getInput().getType()), to = dtypeOf(op.getType());
    auto resultType =
        cast<RankedTensorType>(getTypeConverter()->convertType(op.getType()));
    Value input = adaptor.getInput();
    // uint8 <-> int8 is the same bits once ui8 is held in i8.
    Value lowered =
        storageType(getContext(), from) == resultType.getElementType()
            ? input
            : convertTensor(rewriter, op.getLoc(), input, from, to);
    rewriter.replaceOp(op, lowered);
    return success();
  }
};
} // namespace

//===----------------------------------------------------------------------===//
// Matrix products
//===----------------------------------------------------------------------===//

namespace {
/// The dtype products accumulate in: f16 and bf16 in f32, as PyTorch's CPU
/// GEMMs do; others in their own dtype (integers wrap).
DType accumulatorDType(DType dtype) {
  return isReducedFloat(dtype) ? DType::Float32 : dtype;
}

/// A zero-filled tensor of `shape` in the accumulator dtype of `dtype`.
Value zeroAccumulator(OpBuilder &b, Location loc, ArrayRef<int64_t> shape,
                      DType dtype) {
  Type type = storageType(b.getContext(), accumulatorDType(dtype));
  return filledTensor(b, loc, shape, zeroOf(b, loc, type));
}

/// `acc + lhs * rhs`, the operands extended to the accumulator's dtype.
Value multiplyAccumulate(OpBuilder &b, Location loc, Value lhs, Value rhs,
                         Value acc, DType dtype) {
  DType accDType = accumulatorDType(dtype);
  lhs = convertElement(b, loc, lhs, dtype, accDType);
  rhs = convertElement(b, loc, rhs, dtype, accDType);
  if (isFloatingPoint(accDType))
    return b.create<arith::AddFOp>(loc, acc, b.create<arith::MulFOp>(loc, lhs, rhs));
  return b.create<arith::AddIOp>(loc, acc, b.create<arith::MulIOp>(loc, lhs, rhs));
}

/// torch.matmul of any ranks as one `linalg.generic`: loops over the
/// broadcast batch dimensions, the rows of `lhs` and columns of `rhs` when
/// they are matrices, and the contracted dimension; a size-1 batch dimension
/// broadcasts as in elementwise ops.
Value buildBatchedContraction(OpBuilder &b, Location loc, Value lhs, Value rhs,
                              ArrayRef<int64_t> resultShape, DType dtype) {
  MLIRContext *context = b.getContext();
  ArrayRef<int64_t> sa = cast<RankedTensorType>(lhs.getType()).getShape();
  ArrayRef<int64_t> sb = cast<RankedTensorType>(rhs.getType()).getShape();
  bool lhsMatrix = sa.size() >= 2, rhsMatrix = sb.size() >= 2;
  int64_t parallel = resultShape.size();
  int64_t batch = parallel - lhsMatrix - rhsMatrix;
  int64_t k = parallel;
  auto dim = [&](int64_t d) { return getAffineDimExpr(d, context); };
  auto batchExprs = [&](ArrayRef<int64_t> batchShape) {
    SmallVector<AffineExpr> exprs;
    int64_t lead = batch - batchShape.size();
    for (auto [i, size] : llvm::enumerate(batchShape)) {
      int64_t loop = lead + i;
      exprs.push_back(size == 1 && resultShape[loop] != 1
                          ? getAffineConstantExpr(0, context)
                          : dim(loop));
    }
    return exprs;
  };
  SmallVector<AffineExpr> lhsExprs =
      batchExprs(lhsMatrix ? sa.drop_back(2) : ArrayRef<int64_t>());
  if (lhsMatrix)
    lhsExprs.push_back(dim(batch));
  lhsExprs.push_back(dim(k));
  SmallVector<AffineExpr> rhsExprs =
      batchExprs(rhsMatrix ? sb.drop_back(2) : ArrayRef<int64_t>());
  rhsExprs.push_back(dim(k));
  if (rhsMatrix)
    rhsExprs.push_back(dim(batch + lhsMatrix));
  SmallVector<AffineMap> maps{
      AffineMap::get(parallel + 1, 0, lhsExprs, context),
      AffineMap::get(parallel + 1, 0, rhsExprs, context),
      AffineMap::getMultiDimIdentityMap(parallel + 1, context)
          .getMajorSubMap(parallel)};
  SmallVector<utils::IteratorType> iterators = parallelIterators(parallel);
  iterators.push_back(utils::IteratorType::reduction);
  Value init = zeroAccumulator(b, loc, resultShape, dtype);
  auto generic = b.create<linalg::GenericOp>(
      loc, init.getType(), ValueRange{lhs, rhs}, init, maps, iterators,
      [&](OpBuilder &nb, Location nl, ValueRange args) {
        nb.create<linalg::YieldOp>(
            nl, multiplyAccumulate(nb, nl, args[0], args[1], args[2], dtype));
      });
  return generic.getResult(0);
}

/// A named contraction op (`linalg.matmul`, ...) into a zero-filled
/// accumulator; named ops extend their inputs to the accumulator's type.
template <typename NamedOpTy>
Value buildNamedContraction(OpBuilder &b, Location loc, Value lhs, Value rhs,
                            ArrayRef<int64_t> resultShape, DType dtype) {
  Value init = zeroAccumulator(b, loc, resultShape, dtype);
  return b
      .create<NamedOpTy>(loc, init.getType(), ValueRange{lhs, rhs},
                         ValueRange{init})
      .getResult(0);
}

/// Lowers a matrix product: the named linalg op where one exists for the
/// ranks, else a batched `linalg.generic`; the accumulator is rounded to the
/// result dtype at the end.
template <typename OpTy>
struct MatrixProductLowering : OpConversionPattern<OpTy> {
  using OpConversionPattern<OpTy>::OpConversionPattern;

  LogicalResult
  matchAndRewrite(OpTy op, typename OpTy::Adaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    DType dtype = dtypeOf(op.getType());
    if (dtype == DType::Bool)
      return rewriter.notifyMatchFailure(op, "PyTorch has no bool matmul");
    Value lhs = adaptor.getLhs(), rhs = adaptor.getRhs();
    auto lhsType = cast<RankedTensorType>(lhs.getType());
    auto rhsType = cast<RankedTensorType>(rhs.getType());
    ArrayRef<int64_t> shape = op.getType().getShape();
    int64_t ra = lhsType.getRank(), rb = rhsType.getRank();
    Value product;
    if (ra == 2 && rb == 2)
      product = buildNamedContraction<linalg::MatmulOp>(rewriter, loc, lhs, rhs,
                                                        shape, dtype);
    else if (ra == 3 && rb == 3 &&
             lhsType.getDimSize(0) == rhsType.getDimSize(0))
      product = buildNamedContraction<linalg::BatchMatmulOp>(
          rewriter, loc, lhs, rhs, shape, dtype);
    else if (ra == 1 && rb == 1)
      product = buildNamedContraction<linalg::DotOp>(rewriter, loc, lhs, rhs,
                                                     shape, dtype);
    else if (ra == 2 && rb == 1)
      product = buildNamedContraction<linalg::MatvecOp>(rewriter, loc, lhs, rhs,
                                                        shape, dtype);
    else if (ra == 1 && rb == 2)
      product = buildNamedContraction<linalg::VecmatOp>(rewriter, loc, lhs, rhs,
                                                        shape, dtype);
    else
      product =
          buildBatchedContraction(rewriter, loc, lhs, rhs, shape, dtype);
    rewriter.replaceOp(op, convertTensor(rewriter, loc, product,
                                         accumulatorDType(dtype), dtype));
    return success();
  }
};

/// `tg.linear`: `input @ weight^T` as one `linalg.generic` that reads the
/// weight transposed, then the bias added (broadcast) in the result dtype,
/// as addmm adds it to the rounded product.
struct LinearOpLowering : OpConversionPattern<LinearOp> {
  using OpConversionPattern::OpConversionPattern;

  LogicalResult
  matchAndRewrite(LinearOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    MLIRContext *context = getContext();
    DType dtype = dtypeOf(op.getType());
    if (dtype == DType::Bool)
      return rewriter.notifyMatchFailure(op, "PyTorch has no bool linear");
    auto resultType =
        cast<RankedTensorType>(getTypeConverter()->convertType(op.getType()));
    ArrayRef<int64_t> shape = resultType.getShape();
    int64_t parallel = shape.size(), k = parallel;
    auto dim = [&](int64_t d) { return getAffineDimExpr(d, context); };
    SmallVector<AffineExpr> inputExprs;
    for (int64_t d = 0; d < parallel - 1; ++d)
      inputExprs.push_back(dim(d));
    inputExprs.push_back(dim(k));
    SmallVector<AffineMap> maps{
        AffineMap::get(parallel + 1, 0, inputExprs, context),
        AffineMap::get(parallel + 1, 0, {dim(parallel - 1), dim(k)}, context),
        AffineMap::getMultiDimIdentityMap(parallel + 1, context)
            .getMajorSubMap(parallel)};
    SmallVector<utils::IteratorType> iterators = parallelIterators(parallel);
    iterators.push_back(utils::IteratorType::reduction);
    Value init = zeroAccumulator(rewriter, loc, shape, dtype);
    Value product =
        rewriter
            .create<linalg::GenericOp>(
                loc, init.getType(),
                ValueRange{adaptor.getInput(), adaptor.getWeight()}, init, maps,
                iterators,
                [&](OpBuilder &b, Location l, ValueRange args) {
                  b.create<linalg::YieldOp>(
                      l, multiplyAccumulate(b, l, args[0], args[1], args[2],
                                            dtype));
                })
            .getResult(0);
    product = convertTensor(rewriter, loc, product, accumulatorDType(dtype), dtype);
    if (Value bias = adaptor.getBias()) {
      product = buildElementwise(
          rewriter, loc, resultType, ValueRange{product, bias},
          [&](OpBuilder &b, Location l, ValueRange args) {
            return computeElement(AddOp(), b, l, args, {dtype, dtype}, dtype);
          });
    }
    rewriter.replaceOp(op, product);
    return success();
  }
};
} // namespace

//===----------------------------------------------------------------------===//
// Reductions
//===----------------------------------------------------------------------===//

namespace {
/// What a reduction accumulates, in which dtype, from which initial value.
enum class ReductionKind { Sum, Mean, Max, Min };

/// Lowers sum, mean, amax and amin to a `linalg.generic` with reduction
/// iterators, then expands the result back to keepdim's shape.
template <typename OpTy, ReductionKind kind>
struct ReductionLowering : OpConversionPattern<OpTy> {
  using OpConversionPattern<OpTy>::OpConversionPattern;

  LogicalResult
  matchAndRewrite(OpTy op, typename OpTy::Adaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    DType in = dtypeOf(op.getInput().getType()), out = dtypeOf(op.getType());
    auto resultType = cast<RankedTensorType>(
        this->getTypeConverter()->convertType(op.getType()));
    auto inputType = op.getInput().getType();
    SmallVector<bool> reduced =
        reducedDimensions(op.getDims(), inputType.getRank());
    Value input = adaptor.getInput();
    if (inputType.getRank() == 0) {
      input = atLeast1d(rewriter, loc, input);
      reduced = {true};
    }
    ArrayRef<int64_t> inputShape =
        cast<RankedTensorType>(input.getType()).getShape();
    SmallVector<int64_t> shape = keptShape(inputShape, reduced);
    bool isSum = kind == ReductionKind::Sum || kind == ReductionKind::Mean;
    // Sums of f16/bf16 accumulate in f32; integer sums in i64 (the result).
    DType acc = isSum ? accumulatorDType(out) : out;
    Value initValue =
        isSum ? zeroOf(rewriter, loc, storageType(this->getContext(), acc))
              : lowestOrHighest(rewriter, loc, acc,
                                /*lowest=*/kind == ReductionKind::Max);
    Value init = filledTensor(rewriter, loc, shape, initValue);
    Value value = buildReduction(
        rewriter, loc, input, reduced, init,
        [&](OpBuilder &b, Location l, Value element, ValueRange accs) {
          Value x = convertElement(b, l, element, in, acc);
          if (!isSum)
            return SmallVector<Value>{maxOrMin(b, l, accs[0], x, acc,
                                               kind == ReductionKind::Max)};
          if (isFloatingPoint(acc))
            return SmallVector<Value>{b.create<arith::AddFOp>(l, accs[0], x)};
          return SmallVector<Value>{b.create<arith::AddIOp>(l, accs[0], x)};
        })[0];
    if (kind == ReductionKind::Mean) {
      int64_t count = 1;
      for (auto [size, isReduced] : llvm::zip(inputShape, reduced))
        if (isReduced)
          count *= size;
      auto valueType = cast<RankedTensorType>(value.getType());
      Value divisor = floatConstant(rewriter, loc, valueType.getElementType(),
                                    static_cast<double>(count));
      value = buildElementwise(rewriter, loc, valueType, {value, divisor},
                               [&](OpBuilder &b, Location l, ValueRange args) {
                                 return b.create<arith::DivFOp>(l, args[0],
                                                                args[1]);
                               });
    }
    value = convertTensor(rewriter, loc, value, acc, out);
    rewriter.replaceOp(op, reshapeTensor(rewriter, loc, value, resultType));
    return success();
  }
};

/// Lowers max_dim and min_dim to one `linalg.generic` with two results: the
/// extreme value and the first index where it occurs. NaN is the extreme of
/// everything, and the first NaN wins.
template <typename OpTy, bool isMax>
struct ArgReductionLowering : OpConversionPattern<OpTy> {
  using OpConversionPattern<OpTy>::OpConversionPattern;

  LogicalResult
  matchAndRewrite(OpTy op, typename OpTy::Adaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    DType dtype = dtypeOf(op.getInput().getType());
    auto inputType = op.getInput().getType();
    int64_t dim = *normalizeDim(op.getDim(), inputType.getRank());
    Value input = atLeast1d(rewriter, loc, adaptor.getInput());
    auto shape1d = cast<RankedTensorType>(input.getType()).getShape();
    SmallVector<bool> reduced(shape1d.size(), false);
    reduced[dim] = true;
    SmallVector<int64_t> shape = keptShape(shape1d, reduced);
    Value values = filledTensor(rewriter, loc, shape,
                                lowestOrHighest(rewriter, loc, dtype, isMax));
    Value indices = filledTensor(rewriter, loc, shape,
                                 zeroOf(rewriter, loc, rewriter.getI64Type()));
    SmallVector<Value> results = buildReduction(
        rewriter, loc, input, reduced, {values, indices},
        [&](OpBuilder &b, Location l, Value x, ValueRange accs) {
          Value best = accs[0];
          // Strictly better only, so that the first occurrence stays.
          Value better;
          if (isFloatingPoint(dtype)) {
            Value beyond =
                cmpF(b, l, isMax ? arith::CmpFPredicate::OGT
                                 : arith::CmpFPredicate::OLT,
                     x, best);
            Value xNaN = cmpF(b, l, arith::CmpFPredicate::UNO, x, x);
            Value bestNaN = cmpF(b, l, arith::CmpFPredicate::UNO, best, best);
            Value firstNaN = b.create<arith::AndIOp>(
                l, xNaN,
                b.create<arith::XOrIOp>(l, bestNaN,
                                        intConstant(b, l, b.getI1Type(), 1)));
            better = b.create<arith::OrIOp>(l, beyond, firstNaN);
          } else {
            better = compare(b, l,
                             isMax ? ComparePredicate::gt : ComparePredicate::lt,
                             x, best, dtype);
          }
          Value index = b.create<arith::IndexCastOp>(
              l, b.getI64Type(), b.create<linalg::IndexOp>(l, dim));
          return SmallVector<Value>{selectIf(b, l, better, x, best),
                                    selectIf(b, l, better, index, accs[1])};
        });
    auto valuesType = cast<RankedTensorType>(
        this->getTypeConverter()->convertType(op.getValues().getType()));
    rewriter.replaceOp(
        op, {reshapeTensor(rewriter, loc, results[0], valuesType),
             reshapeTensor(rewriter, loc, results[1],
                           op.getIndices().getType())});
    return success();
  }
};

/// Softmax and log-softmax along one dimension, numerically stable: with
/// `m` the maximum along it, `exp(x - m) / sum(exp(x - m))` and
/// `x - m - log(sum(exp(x - m)))`. f16 and bf16 compute in f32.
template <typename OpTy, bool isLog>
struct SoftmaxLowering : OpConversionPattern<OpTy> {
  using OpConversionPattern<OpTy>::OpConversionPattern;

  LogicalResult
  matchAndRewrite(OpTy op, typename OpTy::Adaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    DType dtype = dtypeOf(op.getType());
    DType math = accumulatorDType(dtype);
    auto inputType = op.getInput().getType();
    int64_t dim = *normalizeDim(op.getDim(), inputType.getRank());
    Value input = convertTensor(rewriter, loc,
                                atLeast1d(rewriter, loc, adaptor.getInput()),
                                dtype, math);
    auto type = cast<RankedTensorType>(input.getType());
    SmallVector<bool> reduced(type.getRank(), false);
    reduced[dim] = true;
    SmallVector<int64_t> shape = keptShape(type.getShape(), reduced);
    Value max = buildReduction(
        rewriter, loc, input, reduced,
        filledTensor(rewriter, loc, shape,
                     lowestOrHighest(rewriter, loc, math, /*lowest=*/true)),
        [&](OpBuilder &b, Location l, Value x, ValueRange accs) {
          return SmallVector<Value>{b.create<arith::MaximumFOp>(l, accs[0], x)};
        })[0];
    // The maximum, read back along the reduced dimension.
    SmallVector<int64_t> keepShape(type.getShape());
    keepShape[dim] = 1;
    Value maxKept =
        reshapeTensor(rewriter, loc, max, type.clone(keepShape));
    Value shifted = buildElementwise(
        rewriter, loc, type, {input, maxKept},
        [&](OpBuilder &b, Location l, ValueRange args) -> Value {
          return b.create<arith::SubFOp>(l, args[0], args[1]);
        });
    Value sum = buildReduction(
        rewriter, loc, shifted, reduced,
        filledTensor(rewriter, loc, shape,
                     zeroOf(rewriter, loc, type.getElementType())),
        [&](OpBuilder &b, Location l, Value x, ValueRange accs) {
          return SmallVector<Value>{b.create<arith::AddFOp>(
              l, accs[0], b.create<math::ExpOp>(l, x))};
        })[0];
    Value sumKept = reshapeTensor(rewriter, loc, sum, type.clone(keepShape));
    Value result = buildElementwise(
        rewriter, loc, type, {shifted, sumKept},
        [&](OpBuilder &b, Location l, ValueRange args) -> Value {
          if (isLog)
            return b.create<arith::SubFOp>(l, args[0],
                                           b.create<math::LogOp>(l, args[1]));
          return b.create<arith::DivFOp>(l, b.create<math::ExpOp>(l, args[0]),
                                         args[1]);
        });
    result = convertTensor(rewriter, loc, result, math, dtype);
    rewriter.replaceOp(op, reshapeTensor(rewriter, loc, result,
                                         cast<RankedTensorType>(
                                             this->getTypeConverter()->convertType(
                                                 op.getType()))));
    return success();
  }
};
} // namespace

//===----------------------------------------------------------------------===//
// Shape manipulation
//===----------------------------------------------------------------------===//

namespace {
/// A copy of a value is the value: bufferization makes the buffers. So is
/// a detached one.
template <typename OpTy>
struct IdentityLowering : OpConversionPattern<OpTy> {
  using OpConversionPattern<OpTy>::OpConversionPattern;

  LogicalResult matchAndRewrite(OpTy op, typename OpTy::Adaptor adaptor,
                                ConversionPatternRewriter &rewriter) const override {
    rewriter.replaceOp(op, adaptor.getInput());
    return success();
  }
};

/// reshape, flatten, squeeze and unsqueeze only regroup the elements in
/// row-major order: collapse and expand shapes.
template <typename OpTy>
struct ReshapeLikeLowering : OpConversionPattern<OpTy> {
  using OpConversionPattern<OpTy>::OpConversionPattern;

  LogicalResult
  matchAndRewrite(OpTy op, typename OpTy::Adaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    auto resultType = cast<RankedTensorType>(
        this->getTypeConverter()->convertType(op.getType()));
    rewriter.replaceOp(op, reshapeTensor(rewriter, op.getLoc(),
                                         adaptor.getInput(), resultType));
    return success();
  }
};

struct PermuteOpLowering : OpConversionPattern<PermuteOp> {
  using OpConversionPattern::OpConversionPattern;

  LogicalResult
  matchAndRewrite(PermuteOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    auto resultType =
        cast<RankedTensorType>(getTypeConverter()->convertType(op.getType()));
    int64_t rank = resultType.getRank();
    SmallVector<int64_t> permutation = llvm::map_to_vector(
        op.getDims(), [&](int64_t d) { return *normalizeDim(d, rank); });
    if (rank == 0) {
      rewriter.replaceOp(op, adaptor.getInput());
      return success();
    }
    Value init = emptyTensor(rewriter, op.getLoc(), resultType.getShape(),
                             resultType.getElementType());
    rewriter.replaceOp(op, rewriter
                               .create<linalg::TransposeOp>(
                                   op.getLoc(), adaptor.getInput(), init,
                                   permutation)
                               .getResult());
    return success();
  }
};

/// `tg.expand`: a copy whose indexing map reads size-1 and missing
/// dimensions at index 0, as elementwise broadcasting does.
struct ExpandOpLowering : OpConversionPattern<ExpandOp> {
  using OpConversionPattern::OpConversionPattern;

  LogicalResult
  matchAndRewrite(ExpandOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    auto resultType =
        cast<RankedTensorType>(getTypeConverter()->convertType(op.getType()));
    rewriter.replaceOp(
        op, buildElementwise(rewriter, op.getLoc(), resultType,
                             adaptor.getInput(),
                             [](OpBuilder &, Location, ValueRange args) {
                               return args[0];
                             }));
    return success();
  }
};

/// Inserts `inputs` (of dtypes `dtypes`, converted to the result's) one after
/// the other along `dim` into an empty tensor of `resultType`.
Value concatenate(OpBuilder &b, Location loc, ValueRange inputs,
                  ArrayRef<DType> dtypes, DType dtype, int64_t dim,
                  RankedTensorType resultType) {
  Value result = emptyTensor(b, loc, resultType.getShape(),
                             resultType.getElementType());
  int64_t offset = 0;
  for (auto [input, from] : llvm::zip(inputs, dtypes)) {
    Value converted = convertTensor(b, loc, input, from, dtype);
    auto type = cast<RankedTensorType>(converted.getType());
    SmallVector<int64_t> offsets(type.getRank(), 0);
    offsets[dim] = offset;
    SmallVector<int64_t> strides(type.getRank(), 1);
    result = b.create<tensor::InsertSliceOp>(
        loc, converted, result, indexAttrs(b, offsets),
        indexAttrs(b, type.getShape()), indexAttrs(b, strides));
    offset += type.getDimSize(dim);
  }
  return result;
}

struct CatOpLowering : OpConversionPattern<CatOp> {
  using OpConversionPattern::OpConversionPattern;

  LogicalResult
  matchAndRewrite(CatOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    auto resultType =
        cast<RankedTensorType>(getTypeConverter()->convertType(op.getType()));
    SmallVector<DType> dtypes =
        llvm::map_to_vector(op.getInputs().getTypes(), dtypeOf);
    int64_t dim = *normalizeDim(op.getDim(), resultType.getRank());
    rewriter.replaceOp(op, concatenate(rewriter, op.getLoc(),
                                       adaptor.getInputs(), dtypes,
                                       dtypeOf(op.getType()), dim, resultType));
    return success();
  }
};

/// `tg.stack`: each input unsqueezed at `dim`, then concatenated.
struct StackOpLowering : OpConversionPattern<StackOp> {
  using OpConversionPattern::OpConversionPattern;

  LogicalResult
  matchAndRewrite(StackOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    auto resultType =
        cast<RankedTensorType>(getTypeConverter()->convertType(op.getType()));
    int64_t dim = op.getDim();
    if (dim < 0)
      dim += resultType.getRank();
    SmallVector<Value> unsqueezed;
    for (Value input : adaptor.getInputs()) {
      auto type = cast<RankedTensorType>(input.getType());
      SmallVector<int64_t> shape(type.getShape());
      shape.insert(shape.begin() + dim, 1);
      unsqueezed.push_back(reshapeTensor(rewriter, loc, input, type.clone(shape)));
    }
    SmallVector<DType> dtypes =
        llvm::map_to_vector(op.getInputs().getTypes(), dtypeOf);
    rewriter.replaceOp(op, concatenate(rewriter, loc, unsqueezed, dtypes,
                                       dtypeOf(op.getType()), dim, resultType));
    return success();
  }
};

/// `tg.slice`: a strided `tensor.extract_slice`, starting where Python's
/// clamping (the one the op's type inference applies) puts the start.
struct SliceOpLowering : OpConversionPattern<SliceOp> {
  using OpConversionPattern::OpConversionPattern;

  LogicalResult
  matchAndRewrite(SliceOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    auto inputType = op.getInput().getType();
    auto resultType =
        cast<RankedTensorType>(getTypeConverter()->convertType(op.getType()));
    int64_t rank = inputType.getRank();
    int64_t dim = *normalizeDim(op.getDim(), rank);
    int64_t size = inputType.getDimSize(dim), start = op.getStart();
    if (start < 0)
      start += size;
    start = std::clamp<int64_t>(start, 0, size);
    SmallVector<int64_t> offsets(rank, 0), strides(rank, 1);
    offsets[dim] = start;
    strides[dim] = op.getStep();
    rewriter.replaceOpWithNewOp<tensor::ExtractSliceOp>(
        op, resultType, adaptor.getInput(), indexAttrs(rewriter, offsets),
        indexAttrs(rewriter, resultType.getShape()),
        indexAttrs(rewriter, strides));
    return success();
  }
};

/// `tg.select`: a rank-reducing `tensor.extract_slice` of size 1 along `dim`.
struct SelectOpLowering : OpConversionPattern<SelectOp> {
  using OpConversionPattern::OpConversionPattern;

  LogicalResult
  matchAndRewrite(SelectOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    auto inputType = op.getInput().getType();
    auto resultType =
        cast<RankedTensorType>(getTypeConverter()->convertType(op.getType()));
    int64_t rank = inputType.getRank();
    int64_t dim = *normalizeDim(op.getDim(), rank);
    int64_t index = op.getIndex();
    if (index < 0)
      index += inputType.getDimSize(dim);
    SmallVector<int64_t> offsets(rank, 0), sizes(inputType.getShape()),
        strides(rank, 1);
    offsets[dim] = index;
    sizes[dim] = 1;
    rewriter.replaceOpWithNewOp<tensor::ExtractSliceOp>(
        op, resultType, adaptor.getInput(), indexAttrs(rewriter, offsets),
        indexAttrs(rewriter, sizes), indexAttrs(rewriter, strides));
    return success();
  }
};
} // namespace

//===----------------------------------------------------------------------===//
// Constants and creation
//===----------------------------------------------------------------------===//

namespace {
struct ConstantOpLowering : OpConversionPattern<ConstantOp> {
  using OpConversionPattern::OpConversionPattern;

  LogicalResult
  matchAndRewrite(ConstantOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    auto resultType =
        cast<RankedTensorType>(getTypeConverter()->convertType(op.getType()));
    TypedAttr value = cast<TypedAttr>(op.getValue());
    if (resultType != op.getType()) {
      // ui8 elements, the same bits as i8 ones.
      auto dense = dyn_cast<DenseElementsAttr>(value);
      if (!dense)
        return rewriter.notifyMatchFailure(op, "non-dense uint8 constant");
      value = dense.bitcast(resultType.getElementType());
    }
    rewriter.replaceOpWithNewOp<arith::ConstantOp>(op, resultType, value);
    return success();
  }
};

/// `tg.arange`: element `i` is `start + step * i`, computed as PyTorch's
/// kernel does in its accumulation type (f64 for f32 and f64, f32 for f16 and
/// bf16, i64 for integers, with start and step truncated to integers) and
/// converted to the result dtype.
struct ArangeOpLowering : OpConversionPattern<ArangeOp> {
  using OpConversionPattern::OpConversionPattern;

  LogicalResult
  matchAndRewrite(ArangeOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    auto resultType =
        cast<RankedTensorType>(getTypeConverter()->convertType(op.getType()));
    DType dtype = dtypeOf(op.getType());
    DType acc = isReducedFloat(dtype)     ? DType::Float32
                : isFloatingPoint(dtype) ? DType::Float64
                                         : DType::Int64;
    double start = op.getStart().convertToDouble(),
           step = op.getStep().convertToDouble();
    Type accType = storageType(getContext(), acc);
    Value startValue, stepValue;
    if (isFloatingPoint(acc)) {
      startValue = floatConstant(rewriter, loc, accType, start);
      stepValue = floatConstant(rewriter, loc, accType, step);
    } else {
      startValue = intConstant(rewriter, loc, accType, static_cast<int64_t>(start));
      stepValue = intConstant(rewriter, loc, accType, static_cast<int64_t>(step));
    }
    Value result = buildElementwise(
        rewriter, loc, resultType, {},
        [&](OpBuilder &b, Location l, ValueRange) {
          Value index = b.create<arith::IndexCastOp>(
              l, b.getI64Type(), b.create<linalg::IndexOp>(l, 0));
          Value value;
          if (isFloatingPoint(acc)) {
            index = b.create<arith::SIToFPOp>(l, accType, index);
            value = b.create<arith::AddFOp>(
                l, startValue, b.create<arith::MulFOp>(l, stepValue, index));
          } else {
            value = b.create<arith::AddIOp>(
                l, startValue, b.create<arith::MulIOp>(l, stepValue, index));
          }
          return convertElement(b, l, value, acc, dtype);
        });
    rewriter.replaceOp(op, result);
    return success();
  }
};

/// `tg.eye`: one where the row and column indices are equal.
struct EyeOpLowering : OpConversionPattern<EyeOp> {
  using OpConversionPattern::OpConversionPattern;

  LogicalResult
  matchAndRewrite(EyeOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    auto resultType =
        cast<RankedTensorType>(getTypeConverter()->convertType(op.getType()));
    DType dtype = dtypeOf(op.getType());
    Value result = buildElementwise(
        rewriter, op.getLoc(), resultType, {},
        [&](OpBuilder &b, Location l, ValueRange) {
          Value diagonal = b.create<arith::CmpIOp>(
              l, arith::CmpIPredicate::eq, b.create<linalg::IndexOp>(l, 0),
              b.create<linalg::IndexOp>(l, 1));
          return convertElement(b, l, diagonal, DType::Bool, dtype);
        });
    rewriter.replaceOp(op, result);
    return success();
  }
};

/// `tg.tril` and `tg.triu`: the element where its column minus its row is on
/// the kept side of the diagonal, else zero.
template <typename OpTy, bool isLower>
struct TriangleOpLowering : OpConversionPattern<OpTy> {
  using OpConversionPattern<OpTy>::OpConversionPattern;

  LogicalResult
  matchAndRewrite(OpTy op, typename OpTy::Adaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    auto resultType = cast<RankedTensorType>(
        this->getTypeConverter()->convertType(op.getType()));
    int64_t rank = resultType.getRank();
    Location loc = op.getLoc();
    Value diagonal = intConstant(rewriter, loc, rewriter.getI64Type(), op.getDiagonal());
    Value result = buildElementwise(
        rewriter, loc, resultType, {adaptor.getInput()},
        [&](OpBuilder &b, Location l, ValueRange elements) {
          auto index = [&](int64_t dim) -> Value {
            return b.create<arith::IndexCastOp>(l, b.getI64Type(),
                                                b.create<linalg::IndexOp>(l, dim));
          };
          Value offset = b.create<arith::SubIOp>(l, index(rank - 1), index(rank - 2));
          Value kept = b.create<arith::CmpIOp>(
              l, isLower ? arith::CmpIPredicate::sle : arith::CmpIPredicate::sge, offset,
              diagonal);
          return selectIf(b, l, kept, elements[0], zeroOf(b, l, elements[0].getType()));
        });
    rewriter.replaceOp(op, result);
    return success();
  }
};
} // namespace

//===----------------------------------------------------------------------===//
// Type conversion, pattern population and the pass
//===----------------------------------------------------------------------===//

TGToLinalgTypeConverter::TGToLinalgTypeConverter() {
  addConversion([](Type type) { return type; });
  addConversion([](RankedTensorType type) -> Type {
    auto integer = dyn_cast<IntegerType>(type.getElementType());
    if (!integer || !integer.isUnsigned())
      return type;
    return type.clone(IntegerType::get(type.getContext(), integer.getWidth()));
  });
  // Values whose users this conversion does not rewrite keep their type
  // through a cast that a later conversion (or the user) resolves.
  auto materialize = [](OpBuilder &builder, Type type, ValueRange inputs,
                        Location loc) -> std::optional<Value> {
    if (inputs.size() != 1)
      return std::nullopt;
    return builder.create<UnrealizedConversionCastOp>(loc, type, inputs)
        .getResult(0);
  };
  addSourceMaterialization(materialize);
  addTargetMaterialization(materialize);
  addArgumentMaterialization(materialize);
}

void dynamir::populateTGToLinalgConversionPatterns(
    const TypeConverter &typeConverter, RewritePatternSet &patterns) {
  MLIRContext *context = patterns.getContext();
  patterns.add<
      // Elementwise.
      ElementwiseOpLowering<AddOp>, ElementwiseOpLowering<SubOp>,
      ElementwiseOpLowering<MulOp>, ElementwiseOpLowering<DivOp>,
      ElementwiseOpLowering<FloorDivOp>, ElementwiseOpLowering<RemainderOp>,
      ElementwiseOpLowering<PowOp>, ElementwiseOpLowering<MaximumOp>,
      ElementwiseOpLowering<MinimumOp>, ElementwiseOpLowering<BitwiseAndOp>,
      ElementwiseOpLowering<BitwiseOrOp>, ElementwiseOpLowering<BitwiseXorOp>,
      ElementwiseOpLowering<LogicalAndOp>, ElementwiseOpLowering<LogicalOrOp>,
      ElementwiseOpLowering<LogicalXorOp>, ElementwiseOpLowering<CompareOp>,
      ElementwiseOpLowering<WhereOp>, ElementwiseOpLowering<ClampOp>,
      ElementwiseOpLowering<NegOp>, ElementwiseOpLowering<AbsOp>,
      ElementwiseOpLowering<ReluOp>, ElementwiseOpLowering<ExpOp>,
      ElementwiseOpLowering<LogOp>, ElementwiseOpLowering<SqrtOp>,
      ElementwiseOpLowering<RsqrtOp>, ElementwiseOpLowering<SinOp>,
      ElementwiseOpLowering<CosOp>, ElementwiseOpLowering<TanhOp>,
      ElementwiseOpLowering<SigmoidOp>, ElementwiseOpLowering<SiluOp>,
      ElementwiseOpLowering<GeluOp>, ElementwiseOpLowering<LogicalNotOp>,
      ElementwiseOpLowering<BitwiseNotOp>, TriangleOpLowering<TrilOp, true>,
      TriangleOpLowering<TriuOp, false>,
      ToOpLowering, IdentityLowering<CloneOp>, IdentityLowering<DetachOp>,
      // Matrix products.
      MatrixProductLowering<MatmulOp>, MatrixProductLowering<MmOp>,
      MatrixProductLowering<BmmOp>, LinearOpLowering,
      // Reductions.
      ReductionLowering<SumOp, ReductionKind::Sum>,
      ReductionLowering<MeanOp, ReductionKind::Mean>,
      ReductionLowering<AmaxOp, ReductionKind::Max>,
      ReductionLowering<AminOp, ReductionKind::Min>,
      ArgReductionLowering<MaxDimOp, true>, ArgReductionLowering<MinDimOp, false>,
      SoftmaxLowering<SoftmaxOp, false>, SoftmaxLowering<LogSoftmaxOp, true>,
      // Shape manipulation.
      ReshapeLikeLowering<ReshapeOp>, ReshapeLikeLowering<FlattenOp>,
      ReshapeLikeLowering<SqueezeOp>, ReshapeLikeLowering<UnsqueezeOp>,
      PermuteOpLowering, ExpandOpLowering, CatOpLowering, StackOpLowering,
      SliceOpLowering, SelectOpLowering,
      // Creation.
      ConstantOpLowering, ArangeOpLowering, EyeOpLowering>(typeConverter,
                                                           context);
}

namespace {
struct ConvertTGToLinalgPass
    : dynamir::impl::ConvertTGToLinalgBase<ConvertTGToLinalgPass> {
  void runOnOperation() override {
    MLIRContext *context = &getContext();
    // Computing a Function's outputs is running its forward: the backward
    // is for reverse mode, which runs before (see tg-vjp).
    getOperation()->walk<WalkOrder::PostOrder>([](AutogradFunctionOp function) {
      Block &forward = function.getForward().front();
      auto yield = cast<YieldOp>(forward.getTerminator());
      IRRewriter rewriter(function);
      // The yield's operands are read once inlined: a forward may yield one
      // of its arguments, which inlining replaces by the input.
      rewriter.inlineBlockBefore(&forward, function, function.getInputs());
      SmallVector<Value> outputs(yield.getValues().take_front(function.getNumResults()));
      rewriter.eraseOp(yield);
      rewriter.replaceOp(function, outputs);
    });
    TGToLinalgTypeConverter typeConverter;
    ConversionTarget target(*context);
    // Guards are not computation: they stay for whoever checks them.
    target.addDynamicallyLegalDialect<TGDialect>([](Operation *op) {
      return isa<GuardOpInterface, AssumeOp>(op);
    });
    target.addLegalDialect<arith::ArithDialect, linalg::LinalgDialect,
                           math::MathDialect, scf::SCFDialect,
                           tensor::TensorDialect>();
    target.addLegalOp<UnrealizedConversionCastOp>();

    RewritePatternSet patterns(context);
    populateTGToLinalgConversionPatterns(typeConverter, patterns);
    // uint8 tensors cross function boundaries as i8 tensors too.
    populateFunctionOpInterfaceTypeConversionPattern<func::FuncOp>(
        patterns, typeConverter);
    target.addDynamicallyLegalOp<func::FuncOp>([&](func::FuncOp op) {
      return typeConverter.isSignatureLegal(op.getFunctionType()) &&
             typeConverter.isLegal(&op.getBody());
    });
    populateCallOpTypeConversionPattern(patterns, typeConverter);
    populateBranchOpInterfaceTypeConversionPattern(patterns, typeConverter);
    populateReturnOpTypeConversionPattern(patterns, typeConverter);
    target.markUnknownOpDynamicallyLegal([&](Operation *op) {
      return isNotBranchOpInterfaceOrReturnLikeOp(op) ||
             isLegalForBranchOpInterfaceTypeConversionPattern(op,
                                                              typeConverter) ||
             isLegalForReturnOpTypeConversionPattern(op, typeConverter);
    });
    target.addDynamicallyLegalOp<func::CallOp>(
        [&](func::CallOp op) { return typeConverter.isLegal(op); });

    if (failed(applyPartialConversion(getOperation(), target,
                                      std::move(patterns))))
      signalPassFailure();
  }
};
} // namespace
