//===- TGOps.cpp - Tensor graph operations --------------------------------===//
//
// Result-type inference, verifiers and folders of the `tg` ops. Inference is
// PyTorch's: dtype promotion and broadcasting from TypePromotion.h, and each
// op's own shape rule; a mismatch is reported with PyTorch's wording.
//
//===----------------------------------------------------------------------===//

#include "dynamir/Dialect/TG/IR/TGOps.h"
#include "dynamir/Dialect/Py/IR/PyDialect.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/IR/Builders.h"
#include "mlir/IR/DialectImplementation.h"
#include "mlir/IR/Matchers.h"
#include "mlir/Transforms/InliningUtils.h"
#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/TypeSwitch.h"
#include "llvm/Support/FormatVariadic.h"

#include <cmath>

using namespace mlir;
using namespace dynamir::tg;

#include "dynamir/Dialect/TG/IR/TGDialect.cpp.inc"
#include "dynamir/Dialect/TG/IR/TGEnums.cpp.inc"

#define GET_ATTRDEF_CLASSES
#include "dynamir/Dialect/TG/IR/TGAttributes.cpp.inc"

namespace {
/// Tensor ops and guards have no ties to their region: they inline anywhere.
struct TGInlinerInterface : DialectInlinerInterface {
  using DialectInlinerInterface::DialectInlinerInterface;
  bool isLegalToInline(Operation *, Region *, bool, IRMapping &) const final {
    return true;
  }
};
} // namespace

void TGDialect::initialize() {
  registerAttributes();
  addOperations<
#define GET_OP_LIST
#include "dynamir/Dialect/TG/IR/TGOps.cpp.inc"
      >();
  addInterfaces<TGInlinerInterface>();
}

void TGDialect::registerAttributes() {
  addAttributes<
#define GET_ATTRDEF_LIST
#include "dynamir/Dialect/TG/IR/TGAttributes.cpp.inc"
      >();
}

Operation *TGDialect::materializeConstant(OpBuilder &builder, Attribute value,
                                          Type type, Location loc) {
  auto elements = dyn_cast<ElementsAttr>(value);
  if (!elements || elements.getType() != type)
    return nullptr;
  return builder.create<ConstantOp>(loc, type, elements);
}

//===----------------------------------------------------------------------===//
// Inference helpers
//===----------------------------------------------------------------------===//

namespace {
/// Emits `message` at `loc` when there is one, and fails.
LogicalResult inferenceError(std::optional<Location> loc, const Twine &message) {
  return emitOptionalError(loc, message);
}

/// How an elementwise op's result dtype follows from its operands' result
/// type.
enum class DTypeRule {
  /// The result type itself.
  Promoted,
  /// The result type, made floating-point (true division).
  ToFloat,
  /// Bool (comparisons and logical ops).
  Bool,
  /// The result type, which must be integral or bool (bitwise ops).
  IntegralOnly,
  /// The result type, which must not be bool (negation, relu, pow, ...).
  NotBool,
  /// The result type, with no operand bool (subtraction).
  NoBoolOperand,
  /// The result type, which must be floating-point.
  FloatOnly,
};

/// Which operands may be Python numbers.
enum class ScalarOperands {
  /// Any but all of them (the operators: `x + 2`, `2 ** x`).
  Allowed,
  /// None (`torch.maximum`, `torch.logical_and`, ... take tensors only).
  Forbidden,
};

LogicalResult inferElementwise(MLIRContext *context, std::optional<Location> loc,
                               TypeRange operands, DTypeRule rule,
                               StringRef opName,
                               SmallVectorImpl<Type> &inferred,
                               ScalarOperands scalars = ScalarOperands::Allowed) {
  if (llvm::none_of(operands, llvm::IsaPred<RankedTensorType>))
    return inferenceError(loc, "'tg." + opName + "' needs a tensor operand");
  if (scalars == ScalarOperands::Forbidden &&
      !llvm::all_of(operands, llvm::IsaPred<RankedTensorType>))
    return inferenceError(loc, "'tg." + opName + "' takes tensors, not Python "
                               "numbers");
  if (rule == DTypeRule::NoBoolOperand && llvm::any_of(operands, [](Type type) {
        auto tensor = dyn_cast<RankedTensorType>(type);
        return (tensor ? tensor.getElementType() : type).isInteger(1);
      }))
    return inferenceError(loc, "'tg." + opName + "': subtraction, the `-` "
                               "operator, with a bool tensor is not supported");
  std::optional<DType> dtype = resultType(operands);
  if (!dtype)
    return inferenceError(loc, "'tg." + opName + "' has an operand that is "
                               "neither a supported tensor nor a Python number");
  std::string error;
  std::optional<SmallVector<int64_t>> shape = broadcastShapes(operands, error);
  if (!shape)
    return inferenceError(loc, "'tg." + opName + "': " + error);
  switch (rule) {
  case DTypeRule::Promoted:
  case DTypeRule::NoBoolOperand:
    break;
  case DTypeRule::ToFloat:
    if (!isFloatingPoint(*dtype))
      dtype = DType::Float32;
    break;
  case DTypeRule::Bool:
    dtype = DType::Bool;
    break;
  case DTypeRule::IntegralOnly:
    if (!isIntegral(*dtype, /*includeBool=*/true))
      return inferenceError(loc, "'tg." + opName + "' is only defined for "
                                 "integral and bool tensors, got " +
                                 getDTypeName(*dtype));
    break;
  case DTypeRule::NotBool:
    if (*dtype == DType::Bool)
      return inferenceError(loc, "'tg." + opName +
                                     "' is not supported on bool tensors");
    break;
  case DTypeRule::FloatOnly:
    if (!isFloatingPoint(*dtype))
      return inferenceError(loc, "'tg." + opName + "' needs a floating-point "
                                 "tensor, got " +
                                 getDTypeName(*dtype));
    break;
  }
  inferred.push_back(
      RankedTensorType::get(*shape, getElementType(context, *dtype)));
  return success();
}

RankedTensorType tensorOf(Type type) { return cast<RankedTensorType>(type); }

/// Normalizes `dim` for a tensor of `rank`, or reports PyTorch's error.
FailureOr<int64_t> checkDim(std::optional<Location> loc, StringRef opName,
                            int64_t dim, int64_t rank) {
  std::optional<int64_t> normalized = normalizeDim(dim, rank);
  if (!normalized) {
    int64_t bound = std::max<int64_t>(rank, 1);
    return inferenceError(loc, llvm::formatv("'tg.{0}': dimension out of range "
                                             "(expected to be in range of "
                                             "[{1}, {2}], but got {3})",
                                             opName, -bound, bound - 1, dim)
                                   .str());
  }
  return *normalized;
}

/// The set of reduced dimensions: all when `dims` is absent or empty.
FailureOr<SmallVector<bool>> reducedDims(std::optional<Location> loc,
                                         StringRef opName,
                                         std::optional<ArrayRef<int64_t>> dims,
                                         int64_t rank) {
  SmallVector<bool> reduced(rank, !dims || dims->empty());
  if (!dims)
    return reduced;
  for (int64_t dim : *dims) {
    FailureOr<int64_t> d = checkDim(loc, opName, dim, rank);
    if (failed(d))
      return failure();
    if (rank == 0)
      continue;
    if (reduced[*d] && !dims->empty() &&
        llvm::count_if(*dims, [&](int64_t other) {
          return normalizeDim(other, rank) == *d;
        }) > 1)
      return inferenceError(loc, llvm::formatv("'tg.{0}': dim {1} appears "
                                               "multiple times in the list of "
                                               "dims",
                                               opName, *d)
                                     .str());
    reduced[*d] = true;
  }
  return reduced;
}

SmallVector<int64_t> reducedShape(ArrayRef<int64_t> shape,
                                  ArrayRef<bool> reduced, bool keepdim) {
  SmallVector<int64_t> result;
  for (auto [size, isReduced] : llvm::zip(shape, reduced)) {
    if (!isReduced)
      result.push_back(size);
    else if (keepdim)
      result.push_back(1);
  }
  return result;
}
} // namespace

//===----------------------------------------------------------------------===//
// Elementwise ops
//===----------------------------------------------------------------------===//

#define TG_INFER_ELEMENTWISE_SCALARS(OP, RULE, NAME, SCALARS)                  \
  LogicalResult OP::inferReturnTypes(                                          \
      MLIRContext *context, std::optional<Location> loc, ValueRange operands,  \
      DictionaryAttr, OpaqueProperties, RegionRange,                           \
      SmallVectorImpl<Type> &inferred) {                                       \
    return inferElementwise(context, loc, operands.getTypes(), RULE, NAME,     \
                            inferred, SCALARS);                                \
  }
#define TG_INFER_ELEMENTWISE(OP, RULE, NAME)                                   \
  TG_INFER_ELEMENTWISE_SCALARS(OP, RULE, NAME, ScalarOperands::Allowed)

TG_INFER_ELEMENTWISE(AddOp, DTypeRule::Promoted, "add")
TG_INFER_ELEMENTWISE(SubOp, DTypeRule::NoBoolOperand, "sub")
TG_INFER_ELEMENTWISE(MulOp, DTypeRule::Promoted, "mul")
TG_INFER_ELEMENTWISE(DivOp, DTypeRule::ToFloat, "div")
TG_INFER_ELEMENTWISE(FloorDivOp, DTypeRule::NotBool, "floordiv")
TG_INFER_ELEMENTWISE(RemainderOp, DTypeRule::NotBool, "remainder")
TG_INFER_ELEMENTWISE(PowOp, DTypeRule::NotBool, "pow")
TG_INFER_ELEMENTWISE_SCALARS(MaximumOp, DTypeRule::Promoted, "maximum",
                             ScalarOperands::Forbidden)
TG_INFER_ELEMENTWISE_SCALARS(MinimumOp, DTypeRule::Promoted, "minimum",
                             ScalarOperands::Forbidden)
TG_INFER_ELEMENTWISE(BitwiseAndOp, DTypeRule::IntegralOnly, "bitwise_and")
TG_INFER_ELEMENTWISE(BitwiseOrOp, DTypeRule::IntegralOnly, "bitwise_or")
TG_INFER_ELEMENTWISE(BitwiseXorOp, DTypeRule::IntegralOnly, "bitwise_xor")
TG_INFER_ELEMENTWISE_SCALARS(LogicalAndOp, DTypeRule::Bool, "logical_and",
                             ScalarOperands::Forbidden)
TG_INFER_ELEMENTWISE_SCALARS(LogicalOrOp, DTypeRule::Bool, "logical_or",
                             ScalarOperands::Forbidden)
TG_INFER_ELEMENTWISE_SCALARS(LogicalXorOp, DTypeRule::Bool, "logical_xor",
                             ScalarOperands::Forbidden)
TG_INFER_ELEMENTWISE(CloneOp, DTypeRule::Promoted, "clone")
TG_INFER_ELEMENTWISE(DetachOp, DTypeRule::Promoted, "detach")
TG_INFER_ELEMENTWISE(NegOp, DTypeRule::NotBool, "neg")
TG_INFER_ELEMENTWISE(AbsOp, DTypeRule::NotBool, "abs")
TG_INFER_ELEMENTWISE(ReluOp, DTypeRule::NotBool, "relu")
TG_INFER_ELEMENTWISE(ExpOp, DTypeRule::ToFloat, "exp")
TG_INFER_ELEMENTWISE(LogOp, DTypeRule::ToFloat, "log")
TG_INFER_ELEMENTWISE(SqrtOp, DTypeRule::ToFloat, "sqrt")
TG_INFER_ELEMENTWISE(RsqrtOp, DTypeRule::ToFloat, "rsqrt")
TG_INFER_ELEMENTWISE(SinOp, DTypeRule::ToFloat, "sin")
TG_INFER_ELEMENTWISE(CosOp, DTypeRule::ToFloat, "cos")
TG_INFER_ELEMENTWISE(TanhOp, DTypeRule::ToFloat, "tanh")
TG_INFER_ELEMENTWISE(SigmoidOp, DTypeRule::ToFloat, "sigmoid")
TG_INFER_ELEMENTWISE(SiluOp, DTypeRule::FloatOnly, "silu")
TG_INFER_ELEMENTWISE(LogicalNotOp, DTypeRule::Bool, "logical_not")
TG_INFER_ELEMENTWISE(BitwiseNotOp, DTypeRule::IntegralOnly, "bitwise_not")

#undef TG_INFER_ELEMENTWISE
#undef TG_INFER_ELEMENTWISE_SCALARS

static LogicalResult inferTriangle(std::optional<Location> loc, StringRef name,
                                   Type input, SmallVectorImpl<Type> &inferred) {
  auto type = dyn_cast<RankedTensorType>(input);
  if (!type)
    return inferenceError(loc, "'tg." + name + "' needs a tensor operand");
  if (type.getRank() < 2)
    return inferenceError(loc, "RuntimeError: " + name +
                                   ": input tensor must have at least 2 dimensions");
  inferred.push_back(type);
  return success();
}

LogicalResult TrilOp::inferReturnTypes(MLIRContext *, std::optional<Location> loc,
                                       ValueRange operands, DictionaryAttr,
                                       OpaqueProperties, RegionRange,
                                       SmallVectorImpl<Type> &inferred) {
  return inferTriangle(loc, "tril", operands[0].getType(), inferred);
}

LogicalResult TriuOp::inferReturnTypes(MLIRContext *, std::optional<Location> loc,
                                       ValueRange operands, DictionaryAttr,
                                       OpaqueProperties, RegionRange,
                                       SmallVectorImpl<Type> &inferred) {
  return inferTriangle(loc, "triu", operands[0].getType(), inferred);
}

LogicalResult GeluOp::inferReturnTypes(MLIRContext *context,
                                       std::optional<Location> loc,
                                       ValueRange operands, DictionaryAttr,
                                       OpaqueProperties, RegionRange,
                                       SmallVectorImpl<Type> &inferred) {
  return inferElementwise(context, loc, TypeRange(operands).take_front(1),
                          DTypeRule::FloatOnly, "gelu", inferred);
}

LogicalResult CompareOp::inferReturnTypes(MLIRContext *context,
                                          std::optional<Location> loc,
                                          ValueRange operands, DictionaryAttr,
                                          OpaqueProperties, RegionRange,
                                          SmallVectorImpl<Type> &inferred) {
  return inferElementwise(context, loc, operands.getTypes(), DTypeRule::Bool,
                          "cmp", inferred);
}

LogicalResult WhereOp::inferReturnTypes(MLIRContext *context,
                                        std::optional<Location> loc,
                                        ValueRange operands, DictionaryAttr,
                                        OpaqueProperties, RegionRange,
                                        SmallVectorImpl<Type> &inferred) {
  if (operands.size() != 3)
    return failure();
  auto condition = dyn_cast<RankedTensorType>(operands[0].getType());
  if (!condition || !condition.getElementType().isInteger(1))
    return inferenceError(loc, "'tg.where': the condition must be a bool tensor");
  // The value operands decide the dtype; all three decide the shape.
  SmallVector<Type> values;
  if (failed(inferElementwise(context, loc, TypeRange(operands).drop_front(),
                              DTypeRule::Promoted, "where", values)))
    return failure();
  std::string error;
  std::optional<SmallVector<int64_t>> shape =
      broadcastShapes(operands.getTypes(), error);
  if (!shape)
    return inferenceError(loc, "'tg.where': " + error);
  inferred.push_back(RankedTensorType::get(
      *shape, tensorOf(values.front()).getElementType()));
  return success();
}

LogicalResult ClampOp::inferReturnTypes(MLIRContext *context,
                                        std::optional<Location> loc,
                                        ValueRange operands, DictionaryAttr,
                                        OpaqueProperties, RegionRange,
                                        SmallVectorImpl<Type> &inferred) {
  return inferElementwise(context, loc, operands.getTypes(), DTypeRule::Promoted,
                          "clamp", inferred);
}

//===----------------------------------------------------------------------===//
// AutogradFunctionOp
//===----------------------------------------------------------------------===//

ValueRange AutogradFunctionOp::getSavedValues() {
  auto yield = cast<YieldOp>(getForward().front().getTerminator());
  return yield.getValues().drop_front(getNumResults());
}

LogicalResult AutogradFunctionOp::verify() {
  auto describe = [](TypeRange types) {
    std::string text;
    llvm::raw_string_ostream os(text);
    os << "(";
    llvm::interleaveComma(types, os);
    os << ")";
    return text;
  };
  Block &forward = getForward().front(), &backward = getBackward().front();
  auto forwardYield = dyn_cast<YieldOp>(forward.getTerminator());
  auto backwardYield = dyn_cast<YieldOp>(backward.getTerminator());
  if (!forwardYield || !backwardYield)
    return emitOpError("regions must end with 'tg.yield'");
  if (forward.getArgumentTypes() != getInputs().getTypes())
    return emitOpError("forward takes ")
           << describe(forward.getArgumentTypes()) << ", the inputs are "
           << describe(getInputs().getTypes());
  TypeRange yielded = forwardYield.getValues().getTypes();
  if (yielded.size() < getNumResults() ||
      yielded.take_front(getNumResults()) != getResultTypes())
    return emitOpError("forward yields ")
           << describe(yielded) << ", which must start with the outputs "
           << describe(getResultTypes());
  SmallVector<Type> backwardArgs(yielded.drop_front(getNumResults()));
  llvm::append_range(backwardArgs, getResultTypes());
  if (TypeRange(backwardArgs) != backward.getArgumentTypes())
    return emitOpError("backward takes ")
           << describe(backward.getArgumentTypes())
           << ", it must take the saved tensors and a gradient per output "
           << describe(backwardArgs);
  if (backwardYield.getValues().getTypes() != getInputs().getTypes())
    return emitOpError("backward yields ")
           << describe(backwardYield.getValues().getTypes())
           << ", it must yield a gradient per input " << describe(getInputs().getTypes());
  ArrayRef<int64_t> marked = getNonDifferentiable();
  for (auto [i, index] : llvm::enumerate(marked))
    if (index < 0 || index >= static_cast<int64_t>(getNumResults()) ||
        (i > 0 && index <= marked[i - 1]))
      return emitOpError("non_differentiable must list outputs (0 to ")
             << getNumResults() << ") in increasing order";
  return success();
}

LogicalResult ClampOp::verify() {
  if (!getMin() && !getMax())
    return emitOpError("needs at least one of min and max");
  return success();
}

//===----------------------------------------------------------------------===//
// Matrix products
//===----------------------------------------------------------------------===//

namespace {
LogicalResult checkSameDType(std::optional<Location> loc, StringRef opName,
                             TypeRange types) {
  Type element = tensorOf(types.front()).getElementType();
  for (Type type : types.drop_front()) {
    Type other = tensorOf(type).getElementType();
    if (other != element)
      return inferenceError(loc, llvm::formatv("'tg.{0}': expected both "
                                               "operands to have the same "
                                               "dtype, but got {1} and {2}",
                                               opName,
                                               getDTypeName(*getDType(element)),
                                               getDTypeName(*getDType(other)))
                                     .str());
  }
  return success();
}

std::string shapeString(ArrayRef<int64_t> shape) {
  std::string result;
  llvm::raw_string_ostream os(result);
  llvm::interleave(shape, os, "x");
  return result;
}
} // namespace

LogicalResult MatmulOp::inferReturnTypes(MLIRContext *context,
                                         std::optional<Location> loc,
                                         ValueRange operands, DictionaryAttr,
                                         OpaqueProperties, RegionRange,
                                         SmallVectorImpl<Type> &inferred) {
  if (failed(checkSameDType(loc, "matmul", operands.getTypes())))
    return failure();
  RankedTensorType a = tensorOf(operands[0].getType());
  RankedTensorType b = tensorOf(operands[1].getType());
  ArrayRef<int64_t> sa = a.getShape(), sb = b.getShape();
  if (sa.empty() || sb.empty())
    return inferenceError(loc, "'tg.matmul': both arguments to matmul need to "
                               "be at least 1D");
  // Vectors take part as matrices with a dimension that is dropped again.
  int64_t k1 = sa.back();
  int64_t k2 = sb.size() == 1 ? sb[0] : sb[sb.size() - 2];
  if (k1 != k2)
    return inferenceError(
        loc, llvm::formatv("'tg.matmul': mat1 and mat2 shapes cannot be "
                           "multiplied ({0} and {1})",
                           shapeString(sa), shapeString(sb))
                 .str());
  ArrayRef<int64_t> batchA =
      sa.size() > 2 ? sa.drop_back(2) : ArrayRef<int64_t>();
  ArrayRef<int64_t> batchB =
      sb.size() > 2 ? sb.drop_back(2) : ArrayRef<int64_t>();
  std::string error;
  std::optional<SmallVector<int64_t>> batch =
      broadcastShapes(batchA, batchB, error);
  if (!batch)
    return inferenceError(loc, "'tg.matmul': " + error);
  SmallVector<int64_t> shape(*batch);
  if (sa.size() >= 2)
    shape.push_back(sa[sa.size() - 2]);
  if (sb.size() >= 2)
    shape.push_back(sb.back());
  inferred.push_back(RankedTensorType::get(shape, a.getElementType()));
  return success();
}

LogicalResult MmOp::inferReturnTypes(MLIRContext *context,
                                     std::optional<Location> loc,
                                     ValueRange operands, DictionaryAttr,
                                     OpaqueProperties, RegionRange,
                                     SmallVectorImpl<Type> &inferred) {
  RankedTensorType a = tensorOf(operands[0].getType());
  RankedTensorType b = tensorOf(operands[1].getType());
  if (a.getRank() != 2 || b.getRank() != 2)
    return inferenceError(loc, "'tg.mm': both operands must be matrices");
  if (failed(checkSameDType(loc, "mm", operands.getTypes())))
    return failure();
  if (a.getDimSize(1) != b.getDimSize(0))
    return inferenceError(
        loc, llvm::formatv("'tg.mm': mat1 and mat2 shapes cannot be multiplied "
                           "({0} and {1})",
                           shapeString(a.getShape()), shapeString(b.getShape()))
                 .str());
  inferred.push_back(RankedTensorType::get({a.getDimSize(0), b.getDimSize(1)},
                                           a.getElementType()));
  return success();
}

LogicalResult BmmOp::inferReturnTypes(MLIRContext *context,
                                      std::optional<Location> loc,
                                      ValueRange operands, DictionaryAttr,
                                      OpaqueProperties, RegionRange,
                                      SmallVectorImpl<Type> &inferred) {
  RankedTensorType a = tensorOf(operands[0].getType());
  RankedTensorType b = tensorOf(operands[1].getType());
  if (a.getRank() != 3 || b.getRank() != 3)
    return inferenceError(loc, "'tg.bmm': both operands must be 3-D tensors");
  if (failed(checkSameDType(loc, "bmm", operands.getTypes())))
    return failure();
  if (a.getDimSize(0) != b.getDimSize(0) || a.getDimSize(2) != b.getDimSize(1))
    return inferenceError(
        loc, llvm::formatv("'tg.bmm': batch1 and batch2 shapes do not match "
                           "({0} and {1})",
                           shapeString(a.getShape()), shapeString(b.getShape()))
                 .str());
  inferred.push_back(RankedTensorType::get(
      {a.getDimSize(0), a.getDimSize(1), b.getDimSize(2)}, a.getElementType()));
  return success();
}

LogicalResult LinearOp::inferReturnTypes(MLIRContext *context,
                                         std::optional<Location> loc,
                                         ValueRange operands, DictionaryAttr,
                                         OpaqueProperties, RegionRange,
                                         SmallVectorImpl<Type> &inferred) {
  if (failed(checkSameDType(loc, "linear", operands.getTypes())))
    return failure();
  RankedTensorType input = tensorOf(operands[0].getType());
  RankedTensorType weight = tensorOf(operands[1].getType());
  if (input.getRank() < 1 || weight.getRank() != 2)
    return inferenceError(loc, "'tg.linear': the input must be at least 1-D "
                               "and the weight a matrix");
  if (input.getShape().back() != weight.getDimSize(1))
    return inferenceError(
        loc, llvm::formatv("'tg.linear': mat1 and mat2 shapes cannot be "
                           "multiplied ({0} and {1})",
                           shapeString(input.getShape()),
                           shapeString({weight.getDimSize(1), weight.getDimSize(0)}))
                 .str());
  if (operands.size() == 3) {
    RankedTensorType bias = tensorOf(operands[2].getType());
    std::string error;
    if (bias.getRank() > 1 ||
        (bias.getRank() == 1 && bias.getDimSize(0) != weight.getDimSize(0) &&
         bias.getDimSize(0) != 1))
      return inferenceError(loc, "'tg.linear': the bias must have the weight's "
                                 "number of rows");
  }
  SmallVector<int64_t> shape(input.getShape().drop_back());
  shape.push_back(weight.getDimSize(0));
  inferred.push_back(RankedTensorType::get(shape, input.getElementType()));
  return success();
}

//===----------------------------------------------------------------------===//
// Reductions
//===----------------------------------------------------------------------===//

namespace {
template <typename OpTy>
LogicalResult inferReduction(MLIRContext *context, std::optional<Location> loc,
                             ValueRange operands, DictionaryAttr attributes,
                             OpaqueProperties properties, RegionRange regions,
                             StringRef opName, SmallVectorImpl<Type> &inferred) {
  typename OpTy::Adaptor adaptor(operands, attributes, properties, regions);
  RankedTensorType input = tensorOf(adaptor.getInput().getType());
  FailureOr<SmallVector<bool>> reduced =
      reducedDims(loc, opName, adaptor.getDims(), input.getRank());
  if (failed(reduced))
    return failure();
  DType dtype = *getDType(input.getElementType());
  if (std::is_same_v<OpTy, SumOp> && isIntegral(dtype, /*includeBool=*/true))
    dtype = DType::Int64;
  if (std::is_same_v<OpTy, MeanOp> && !isFloatingPoint(dtype))
    return inferenceError(loc, "'tg.mean': could not infer output dtype. Input "
                               "dtype must be either a floating point or "
                               "complex dtype. Got: " +
                               getDTypeName(dtype));
  inferred.push_back(RankedTensorType::get(
      reducedShape(input.getShape(), *reduced, adaptor.getKeepdim()),
      getElementType(context, dtype)));
  return success();
}
} // namespace

#define TG_INFER_REDUCTION(OP, NAME)                                           \
  LogicalResult OP::inferReturnTypes(                                          \
      MLIRContext *context, std::optional<Location> loc, ValueRange operands,  \
      DictionaryAttr attributes, OpaqueProperties properties,                  \
      RegionRange regions, SmallVectorImpl<Type> &inferred) {                  \
    return inferReduction<OP>(context, loc, operands, attributes, properties,  \
                              regions, NAME, inferred);                        \
  }

TG_INFER_REDUCTION(SumOp, "sum")
TG_INFER_REDUCTION(MeanOp, "mean")
TG_INFER_REDUCTION(AmaxOp, "amax")
TG_INFER_REDUCTION(AminOp, "amin")

#undef TG_INFER_REDUCTION

namespace {
template <typename OpTy>
LogicalResult inferArgReduction(MLIRContext *context,
                                std::optional<Location> loc, ValueRange operands,
                                DictionaryAttr attributes,
                                OpaqueProperties properties, RegionRange regions,
                                StringRef opName,
                                SmallVectorImpl<Type> &inferred) {
  typename OpTy::Adaptor adaptor(operands, attributes, properties, regions);
  RankedTensorType input = tensorOf(adaptor.getInput().getType());
  SmallVector<int64_t> dim{static_cast<int64_t>(adaptor.getDim())};
  FailureOr<SmallVector<bool>> reduced =
      reducedDims(loc, opName, ArrayRef<int64_t>(dim), input.getRank());
  if (failed(reduced))
    return failure();
  SmallVector<int64_t> shape =
      reducedShape(input.getShape(), *reduced, adaptor.getKeepdim());
  inferred.push_back(RankedTensorType::get(shape, input.getElementType()));
  inferred.push_back(
      RankedTensorType::get(shape, IntegerType::get(context, 64)));
  return success();
}

template <typename OpTy>
LogicalResult inferSoftmax(MLIRContext *context, std::optional<Location> loc,
                           ValueRange operands, DictionaryAttr attributes,
                           OpaqueProperties properties, RegionRange regions,
                           StringRef opName, SmallVectorImpl<Type> &inferred) {
  typename OpTy::Adaptor adaptor(operands, attributes, properties, regions);
  RankedTensorType input = tensorOf(adaptor.getInput().getType());
  if (failed(checkDim(loc, opName, adaptor.getDim(), input.getRank())))
    return failure();
  if (!isFloatingPoint(*getDType(input.getElementType())))
    return inferenceError(loc, "'tg." + opName + "' needs a floating-point "
                               "tensor, got " +
                               getDTypeName(*getDType(input.getElementType())));
  inferred.push_back(input);
  return success();
}
} // namespace

LogicalResult MaxDimOp::inferReturnTypes(
    MLIRContext *context, std::optional<Location> loc, ValueRange operands,
    DictionaryAttr attributes, OpaqueProperties properties, RegionRange regions,
    SmallVectorImpl<Type> &inferred) {
  return inferArgReduction<MaxDimOp>(context, loc, operands, attributes,
                                     properties, regions, "max_dim", inferred);
}

LogicalResult MinDimOp::inferReturnTypes(
    MLIRContext *context, std::optional<Location> loc, ValueRange operands,
    DictionaryAttr attributes, OpaqueProperties properties, RegionRange regions,
    SmallVectorImpl<Type> &inferred) {
  return inferArgReduction<MinDimOp>(context, loc, operands, attributes,
                                     properties, regions, "min_dim", inferred);
}

LogicalResult SoftmaxOp::inferReturnTypes(
    MLIRContext *context, std::optional<Location> loc, ValueRange operands,
    DictionaryAttr attributes, OpaqueProperties properties, RegionRange regions,
    SmallVectorImpl<Type> &inferred) {
  return inferSoftmax<SoftmaxOp>(context, loc, operands, attributes, properties,
                                 regions, "softmax", inferred);
}

LogicalResult LogSoftmaxOp::inferReturnTypes(
    MLIRContext *context, std::optional<Location> loc, ValueRange operands,
    DictionaryAttr attributes, OpaqueProperties properties, RegionRange regions,
    SmallVectorImpl<Type> &inferred) {
  return inferSoftmax<LogSoftmaxOp>(context, loc, operands, attributes,
                                    properties, regions, "log_softmax",
                                    inferred);
}

//===----------------------------------------------------------------------===//
// Shape manipulation
//===----------------------------------------------------------------------===//

LogicalResult ReshapeOp::inferReturnTypes(
    MLIRContext *context, std::optional<Location> loc, ValueRange operands,
    DictionaryAttr attributes, OpaqueProperties properties, RegionRange regions,
    SmallVectorImpl<Type> &inferred) {
  Adaptor adaptor(operands, attributes, properties, regions);
  RankedTensorType input = tensorOf(adaptor.getInput().getType());
  int64_t numElements = input.getNumElements();
  SmallVector<int64_t> shape(adaptor.getShape());
  int64_t known = 1;
  std::optional<size_t> inferredDim;
  for (auto [i, size] : llvm::enumerate(shape)) {
    if (size == -1) {
      if (inferredDim)
        return inferenceError(loc, "'tg.reshape': only one dimension can be "
                                   "inferred");
      inferredDim = i;
    } else if (size < 0) {
      return inferenceError(loc, llvm::formatv("'tg.reshape': invalid shape "
                                               "dimension {0}",
                                               size)
                                     .str());
    } else {
      known *= size;
    }
  }
  if (inferredDim) {
    if (known == 0 || numElements % known != 0)
      return inferenceError(
          loc, llvm::formatv("'tg.reshape': shape '[{0}]' is invalid for input "
                             "of size {1}",
                             llvm::join(llvm::map_range(shape,
                                                        [](int64_t v) {
                                                          return std::to_string(v);
                                                        }),
                                        ", "),
                             numElements)
                   .str());
    shape[*inferredDim] = numElements / known;
  } else if (known != numElements) {
    return inferenceError(
        loc, llvm::formatv("'tg.reshape': shape '[{0}]' is invalid for input "
                           "of size {1}",
                           llvm::join(llvm::map_range(shape,
                                                      [](int64_t v) {
                                                        return std::to_string(v);
                                                      }),
                                      ", "),
                           numElements)
                 .str());
  }
  inferred.push_back(RankedTensorType::get(shape, input.getElementType()));
  return success();
}

/// Folds an op that only rearranges elements in row-major order (reshape,
/// flatten, squeeze, unsqueeze) or broadcasts them (expand): the input
/// itself when nothing changes, else a constant input rearranged.
static OpFoldResult foldShapeOp(Value input, Attribute constant,
                                RankedTensorType resultType,
                                bool preservesOrder) {
  if (input.getType() == resultType)
    return input;
  if (auto splat = dyn_cast_or_null<SplatElementsAttr>(constant))
    return SplatElementsAttr::get(resultType, splat.getSplatValue<Attribute>());
  if (auto dense = dyn_cast_or_null<DenseElementsAttr>(constant);
      dense && preservesOrder)
    return dense.reshape(resultType);
  return {};
}

OpFoldResult ReshapeOp::fold(FoldAdaptor adaptor) {
  if (OpFoldResult folded = foldShapeOp(getInput(), adaptor.getInput(), getType(),
                                        /*preservesOrder=*/true))
    return folded;
  bool changed = false;
  // Reshaping a reshape only needs the original input.
  if (auto producer = getInput().getDefiningOp<ReshapeOp>()) {
    getInputMutable().assign(producer.getInput());
    changed = true;
  }
  // The inferred size is known: spell it out.
  if (llvm::is_contained(getShape(), -1)) {
    setShape(getType().getShape());
    changed = true;
  }
  return changed ? getResult() : OpFoldResult();
}

LogicalResult FlattenOp::inferReturnTypes(
    MLIRContext *context, std::optional<Location> loc, ValueRange operands,
    DictionaryAttr attributes, OpaqueProperties properties, RegionRange regions,
    SmallVectorImpl<Type> &inferred) {
  Adaptor adaptor(operands, attributes, properties, regions);
  RankedTensorType input = tensorOf(adaptor.getInput().getType());
  int64_t rank = input.getRank();
  FailureOr<int64_t> start = checkDim(loc, "flatten", adaptor.getStart(), rank);
  FailureOr<int64_t> end = checkDim(loc, "flatten", adaptor.getEnd(), rank);
  if (failed(start) || failed(end))
    return failure();
  if (*start > *end)
    return inferenceError(loc, "'tg.flatten': flatten() has invalid args: "
                               "start_dim cannot come after end_dim");
  SmallVector<int64_t> shape;
  if (rank == 0) {
    shape.push_back(1);
  } else {
    ArrayRef<int64_t> dims = input.getShape();
    shape.append(dims.begin(), dims.begin() + *start);
    int64_t merged = 1;
    for (int64_t i = *start; i <= *end; ++i)
      merged *= dims[i];
    shape.push_back(merged);
    shape.append(dims.begin() + *end + 1, dims.end());
  }
  inferred.push_back(RankedTensorType::get(shape, input.getElementType()));
  return success();
}

LogicalResult PermuteOp::inferReturnTypes(
    MLIRContext *context, std::optional<Location> loc, ValueRange operands,
    DictionaryAttr attributes, OpaqueProperties properties, RegionRange regions,
    SmallVectorImpl<Type> &inferred) {
  Adaptor adaptor(operands, attributes, properties, regions);
  RankedTensorType input = tensorOf(adaptor.getInput().getType());
  ArrayRef<int64_t> dims = adaptor.getDims();
  int64_t rank = input.getRank();
  if (static_cast<int64_t>(dims.size()) != rank)
    return inferenceError(loc, llvm::formatv("'tg.permute': number of dims "
                                             "don't match in permute ({0} "
                                             "for a {1}-d tensor)",
                                             dims.size(), rank)
                                   .str());
  SmallVector<bool> seen(rank, false);
  SmallVector<int64_t> shape;
  for (int64_t dim : dims) {
    FailureOr<int64_t> d = checkDim(loc, "permute", dim, rank);
    if (failed(d))
      return failure();
    if (seen[*d])
      return inferenceError(loc, "'tg.permute': repeated dim in permute");
    seen[*d] = true;
    shape.push_back(input.getDimSize(*d));
  }
  inferred.push_back(RankedTensorType::get(shape, input.getElementType()));
  return success();
}

OpFoldResult PermuteOp::fold(FoldAdaptor adaptor) {
  // Any permutation of a splat is the splat.
  if (auto splat = dyn_cast_or_null<SplatElementsAttr>(adaptor.getInput()))
    return SplatElementsAttr::get(getType(), splat.getSplatValue<Attribute>());
  int64_t rank = getDims().size();
  // The identity permutation.
  if (llvm::all_of(llvm::enumerate(getDims()), [&](auto it) {
        return *normalizeDim(it.value(), rank) == static_cast<int64_t>(it.index());
      }))
    return getInput();
  // A permutation of a permutation is one permutation of the original input.
  if (auto producer = getInput().getDefiningOp<PermuteOp>()) {
    SmallVector<int64_t> composed;
    for (int64_t dim : getDims())
      composed.push_back(*normalizeDim(
          producer.getDims()[*normalizeDim(dim, rank)], rank));
    getInputMutable().assign(producer.getInput());
    setDims(composed);
    return getResult();
  }
  return {};
}

OpFoldResult FlattenOp::fold(FoldAdaptor adaptor) {
  return foldShapeOp(getInput(), adaptor.getInput(), getType(),
                     /*preservesOrder=*/true);
}

LogicalResult UnsqueezeOp::inferReturnTypes(
    MLIRContext *context, std::optional<Location> loc, ValueRange operands,
    DictionaryAttr attributes, OpaqueProperties properties, RegionRange regions,
    SmallVectorImpl<Type> &inferred) {
  Adaptor adaptor(operands, attributes, properties, regions);
  RankedTensorType input = tensorOf(adaptor.getInput().getType());
  int64_t rank = input.getRank();
  int64_t dim = adaptor.getDim();
  if (dim < -rank - 1 || dim > rank)
    return inferenceError(loc, llvm::formatv("'tg.unsqueeze': dimension out of "
                                             "range (expected to be in range "
                                             "of [{0}, {1}], but got {2})",
                                             -rank - 1, rank, dim)
                                   .str());
  if (dim < 0)
    dim += rank + 1;
  SmallVector<int64_t> shape(input.getShape());
  shape.insert(shape.begin() + dim, 1);
  inferred.push_back(RankedTensorType::get(shape, input.getElementType()));
  return success();
}

LogicalResult SqueezeOp::inferReturnTypes(
    MLIRContext *context, std::optional<Location> loc, ValueRange operands,
    DictionaryAttr attributes, OpaqueProperties properties, RegionRange regions,
    SmallVectorImpl<Type> &inferred) {
  Adaptor adaptor(operands, attributes, properties, regions);
  RankedTensorType input = tensorOf(adaptor.getInput().getType());
  int64_t rank = input.getRank();
  SmallVector<bool> squeezed(rank, !adaptor.getDims());
  if (auto dims = adaptor.getDims()) {
    for (int64_t dim : *dims) {
      FailureOr<int64_t> d = checkDim(loc, "squeeze", dim, rank);
      if (failed(d))
        return failure();
      if (rank > 0)
        squeezed[*d] = true;
    }
  }
  SmallVector<int64_t> shape;
  for (auto [size, squeeze] : llvm::zip(input.getShape(), squeezed))
    if (!squeeze || size != 1)
      shape.push_back(size);
  inferred.push_back(RankedTensorType::get(shape, input.getElementType()));
  return success();
}

OpFoldResult SqueezeOp::fold(FoldAdaptor adaptor) {
  return foldShapeOp(getInput(), adaptor.getInput(), getType(),
                     /*preservesOrder=*/true);
}

OpFoldResult UnsqueezeOp::fold(FoldAdaptor adaptor) {
  return foldShapeOp(getInput(), adaptor.getInput(), getType(),
                     /*preservesOrder=*/true);
}

LogicalResult ExpandOp::inferReturnTypes(
    MLIRContext *context, std::optional<Location> loc, ValueRange operands,
    DictionaryAttr attributes, OpaqueProperties properties, RegionRange regions,
    SmallVectorImpl<Type> &inferred) {
  Adaptor adaptor(operands, attributes, properties, regions);
  RankedTensorType input = tensorOf(adaptor.getInput().getType());
  ArrayRef<int64_t> sizes = adaptor.getShape();
  ArrayRef<int64_t> in = input.getShape();
  if (sizes.size() < in.size())
    return inferenceError(loc, llvm::formatv("'tg.expand': the number of sizes "
                                             "provided ({0}) must be greater "
                                             "or equal to the number of "
                                             "dimensions in the tensor ({1})",
                                             sizes.size(), in.size())
                                   .str());
  size_t lead = sizes.size() - in.size();
  SmallVector<int64_t> shape;
  for (auto [i, size] : llvm::enumerate(sizes)) {
    if (i < lead) {
      if (size < 0)
        return inferenceError(loc, "'tg.expand': -1 is not allowed in a "
                                   "leading, non-existing dimension");
      shape.push_back(size);
      continue;
    }
    int64_t current = in[i - lead];
    if (size == -1 || size == current) {
      shape.push_back(current);
    } else if (current == 1 && size >= 0) {
      shape.push_back(size);
    } else {
      return inferenceError(
          loc, llvm::formatv("'tg.expand': the expanded size of the tensor "
                             "({0}) must match the existing size ({1}) at "
                             "non-singleton dimension {2}",
                             size, current, i)
                   .str());
    }
  }
  inferred.push_back(RankedTensorType::get(shape, input.getElementType()));
  return success();
}

OpFoldResult ExpandOp::fold(FoldAdaptor adaptor) {
  return foldShapeOp(getInput(), adaptor.getInput(), getType(),
                     /*preservesOrder=*/false);
}

LogicalResult CatOp::inferReturnTypes(
    MLIRContext *context, std::optional<Location> loc, ValueRange operands,
    DictionaryAttr attributes, OpaqueProperties properties, RegionRange regions,
    SmallVectorImpl<Type> &inferred) {
  Adaptor adaptor(operands, attributes, properties, regions);
  if (operands.empty())
    return inferenceError(loc, "'tg.cat': expected a non-empty list of tensors");
  RankedTensorType first = tensorOf(operands[0].getType());
  int64_t rank = first.getRank();
  if (rank == 0)
    return inferenceError(loc, "'tg.cat': zero-dimensional tensor cannot be "
                               "concatenated");
  FailureOr<int64_t> dim = checkDim(loc, "cat", adaptor.getDim(), rank);
  if (failed(dim))
    return failure();
  SmallVector<int64_t> shape(first.getShape());
  shape[*dim] = 0;
  for (auto [index, value] : llvm::enumerate(operands)) {
    RankedTensorType type = tensorOf(value.getType());
    if (type.getRank() != rank)
      return inferenceError(loc, llvm::formatv("'tg.cat': tensors must have "
                                               "the same number of dimensions: "
                                               "got {0} and {1}",
                                               rank, type.getRank())
                                     .str());
    for (int64_t d = 0; d < rank; ++d) {
      if (d == *dim)
        continue;
      if (type.getDimSize(d) != first.getDimSize(d))
        return inferenceError(
            loc, llvm::formatv("'tg.cat': sizes of tensors must match except "
                               "in dimension {0}. Expected size {1} but got "
                               "size {2} for tensor number {3} in the list.",
                               *dim, first.getDimSize(d), type.getDimSize(d),
                               index)
                     .str());
    }
    shape[*dim] += type.getDimSize(*dim);
  }
  std::optional<DType> dtype = resultType(operands.getTypes());
  inferred.push_back(
      RankedTensorType::get(shape, getElementType(context, *dtype)));
  return success();
}

LogicalResult StackOp::inferReturnTypes(
    MLIRContext *context, std::optional<Location> loc, ValueRange operands,
    DictionaryAttr attributes, OpaqueProperties properties, RegionRange regions,
    SmallVectorImpl<Type> &inferred) {
  Adaptor adaptor(operands, attributes, properties, regions);
  if (operands.empty())
    return inferenceError(loc, "'tg.stack': expected a non-empty list of tensors");
  RankedTensorType first = tensorOf(operands[0].getType());
  int64_t rank = first.getRank();
  int64_t dim = adaptor.getDim();
  if (dim < -rank - 1 || dim > rank)
    return inferenceError(loc, llvm::formatv("'tg.stack': dimension out of "
                                             "range (expected to be in range "
                                             "of [{0}, {1}], but got {2})",
                                             -rank - 1, rank, dim)
                                   .str());
  if (dim < 0)
    dim += rank + 1;
  for (auto [index, value] : llvm::enumerate(operands))
    if (tensorOf(value.getType()).getShape() != first.getShape())
      return inferenceError(loc, llvm::formatv("'tg.stack': stack expects each "
                                               "tensor to be equal size, but "
                                               "got [{0}] at entry 0 and [{1}] "
                                               "at entry {2}",
                                               shapeString(first.getShape()),
                                               shapeString(tensorOf(value.getType())
                                                               .getShape()),
                                               index)
                                     .str());
  SmallVector<int64_t> shape(first.getShape());
  shape.insert(shape.begin() + dim, operands.size());
  std::optional<DType> dtype = resultType(operands.getTypes());
  inferred.push_back(
      RankedTensorType::get(shape, getElementType(context, *dtype)));
  return success();
}

LogicalResult SliceOp::inferReturnTypes(
    MLIRContext *context, std::optional<Location> loc, ValueRange operands,
    DictionaryAttr attributes, OpaqueProperties properties, RegionRange regions,
    SmallVectorImpl<Type> &inferred) {
  Adaptor adaptor(operands, attributes, properties, regions);
  RankedTensorType input = tensorOf(adaptor.getInput().getType());
  if (input.getRank() == 0)
    return inferenceError(loc, "'tg.slice': slice() cannot be applied to a "
                               "0-dim tensor");
  FailureOr<int64_t> dim = checkDim(loc, "slice", adaptor.getDim(), input.getRank());
  if (failed(dim))
    return failure();
  int64_t step = adaptor.getStep();
  if (step <= 0)
    return inferenceError(loc, "'tg.slice': slice step must be positive");
  int64_t size = input.getDimSize(*dim);
  // Python's slice clamping.
  auto clamp = [&](int64_t v) {
    if (v < 0)
      v += size;
    return std::clamp<int64_t>(v, 0, size);
  };
  int64_t start = clamp(adaptor.getStart()), end = clamp(adaptor.getEnd());
  int64_t length = end > start ? (end - start + step - 1) / step : 0;
  SmallVector<int64_t> shape(input.getShape());
  shape[*dim] = length;
  inferred.push_back(RankedTensorType::get(shape, input.getElementType()));
  return success();
}

LogicalResult SelectOp::inferReturnTypes(
    MLIRContext *context, std::optional<Location> loc, ValueRange operands,
    DictionaryAttr attributes, OpaqueProperties properties, RegionRange regions,
    SmallVectorImpl<Type> &inferred) {
  Adaptor adaptor(operands, attributes, properties, regions);
  RankedTensorType input = tensorOf(adaptor.getInput().getType());
  if (input.getRank() == 0)
    return inferenceError(loc, "'tg.select': invalid index of a 0-dim tensor");
  FailureOr<int64_t> dim =
      checkDim(loc, "select", adaptor.getDim(), input.getRank());
  if (failed(dim))
    return failure();
  int64_t size = input.getDimSize(*dim), index = adaptor.getIndex();
  if (index < -size || index >= size)
    return inferenceError(loc, llvm::formatv("'tg.select': index {0} is out of "
                                             "bounds for dimension {1} with "
                                             "size {2}",
                                             index, *dim, size)
                                   .str());
  SmallVector<int64_t> shape(input.getShape());
  shape.erase(shape.begin() + *dim);
  inferred.push_back(RankedTensorType::get(shape, input.getElementType()));
  return success();
}

//===----------------------------------------------------------------------===//
// Constants and creation
//===----------------------------------------------------------------------===//

OpFoldResult ConstantOp::fold(FoldAdaptor) { return getValue(); }

LogicalResult ArangeOp::verify() {
  double start = getStart().convertToDouble(), end = getEnd().convertToDouble(),
         step = getStep().convertToDouble();
  if (step == 0)
    return emitOpError("step must be nonzero");
  if ((step > 0 && end < start) || (step < 0 && end > start))
    return emitOpError("upper bound and larger bound inconsistent with step sign");
  // PyTorch's length: for int64, of the arguments truncated to integers;
  // otherwise in double.
  int64_t length;
  if (getType().getElementType().isInteger(64)) {
    auto istart = static_cast<int64_t>(start), iend = static_cast<int64_t>(end),
         istep = static_cast<int64_t>(step);
    if (istep == 0)
      return emitOpError("step must be nonzero");
    int64_t sign = istep > 0 ? 1 : -1;
    length = (iend - istart + istep - sign) / istep;
  } else {
    length = static_cast<int64_t>(std::ceil((end - start) / step));
  }
  if (getType().getRank() != 1 || getType().getDimSize(0) != length)
    return emitOpError("expects a 1-d result of ") << length << " elements";
  return success();
}

LogicalResult EyeOp::verify() {
  if (getType().getRank() != 2)
    return emitOpError("expects a matrix result");
  return success();
}

LogicalResult ToOp::verify() {
  if (getInput().getType().getShape() != getType().getShape())
    return emitOpError("changes the shape from ")
           << getInput().getType() << " to " << getType();
  return success();
}

OpFoldResult ToOp::fold(FoldAdaptor adaptor) {
  if (getInput().getType() == getType())
    return getInput();
  if (auto splat = dyn_cast_or_null<SplatElementsAttr>(adaptor.getInput()))
    return SplatElementsAttr::get(
        getType(), castScalar(splat.getSplatValue<TypedAttr>(),
                              getType().getElementType()));
  return {};
}

//===----------------------------------------------------------------------===//
// Guard sources in op syntax: the quoted Dynamo rendering, `at "L['x']"`.
//===----------------------------------------------------------------------===//

static ParseResult parseSource(OpAsmParser &parser, SourceAttr &source) {
  llvm::SMLoc loc = parser.getCurrentLocation();
  std::string text, error;
  if (parser.parseString(&text))
    return failure();
  source = SourceAttr::parseDynamoName(parser.getContext(), text, error);
  if (!source)
    return parser.emitError(loc, "invalid source: ") << error;
  return success();
}

static void printSource(OpAsmPrinter &printer, Operation *, SourceAttr source) {
  printer << '"';
  llvm::printEscapedString(source.str(), printer.getStream());
  printer << '"';
}

/// A class or object of the static environment (`@MLP`) or one known by its
/// qualified name (`"builtins.list"`).
static ParseResult parseNamed(OpAsmParser &parser, Attribute &named) {
  std::string name;
  if (succeeded(parser.parseOptionalString(&name))) {
    named = parser.getBuilder().getStringAttr(name);
    return success();
  }
  StringAttr symbol;
  if (parser.parseSymbolName(symbol))
    return failure();
  named = FlatSymbolRefAttr::get(symbol);
  return success();
}

static void printNamed(OpAsmPrinter &printer, Operation *, Attribute named) {
  if (auto symbol = dyn_cast<FlatSymbolRefAttr>(named))
    printer.printSymbolName(symbol.getValue());
  else
    printer.printString(cast<StringAttr>(named).getValue());
}

#define GET_OP_CLASSES
#include "dynamir/Dialect/TG/IR/TGOps.cpp.inc"
