//===- ReverseMode.cpp - Reverse-mode differentiation of tg ---------------===//
//
// Adjoints are accumulated walking the ops backwards. Each rule is
// PyTorch's (tools/autograd/derivatives.yaml), including its choices at
// the kinks: relu's gradient is zero at zero, abs's is sign(x), ties of
// maximum and minimum split the gradient in halves, ties of amax and amin
// share it evenly, pow's gradient is zero where the exponent is zero.
//
//===----------------------------------------------------------------------===//

#include "dynamir/Dialect/TG/Transforms/ReverseMode.h"

#include "dynamir/Dialect/TG/IR/TGOps.h"
#include "dynamir/Dialect/TG/IR/TypePromotion.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/IR/BuiltinAttributes.h"
#include "mlir/IR/IRMapping.h"
#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/DenseSet.h"
#include "llvm/ADT/TypeSwitch.h"

#include <cmath>
#include <numeric>

using namespace mlir;
using namespace dynamir;
using namespace dynamir::tg;

namespace {
/// Whether `value` is a Python number known to be zero.
bool isZeroConstant(Value value) {
  auto constant = value.getDefiningOp<arith::ConstantOp>();
  if (!constant)
    return false;
  if (auto number = dyn_cast<FloatAttr>(constant.getValue()))
    return number.getValue().isZero();
  auto number = dyn_cast<IntegerAttr>(constant.getValue());
  return number && number.getValue().isZero();
}

bool isFloatTensor(Value value) {
  auto type = dyn_cast<RankedTensorType>(value.getType());
  return type && isa<FloatType>(type.getElementType());
}

/// Ops whose results carry no gradient whatever their inputs.
bool isNonDifferentiable(Operation *op) {
  return isa<CompareOp, LogicalAndOp, LogicalOrOp, LogicalXorOp,
             LogicalNotOp, BitwiseAndOp, BitwiseOrOp, BitwiseXorOp,
             BitwiseNotOp, DetachOp, ConstantOp, ArangeOp, EyeOp>(op);
}

class Differentiator {
public:
  Differentiator(OpBuilder &builder) : b(builder) {}

  FailureOr<SmallVector<Value>> run(ArrayRef<Operation *> ops, ValueRange outputs,
                                    ValueRange seeds, ValueRange wrt);

private:
  // Building blocks; each op's type is inferred.
  Location loc() const { return current ? current->getLoc() : b.getUnknownLoc(); }
  Value scalar(double value) {
    return b.create<arith::ConstantOp>(loc(), b.getF64FloatAttr(value));
  }
  Value zerosLike(Type type) {
    auto tensor = cast<RankedTensorType>(type);
    return b.create<ConstantOp>(
        loc(), DenseElementsAttr::get(tensor, b.getZeroAttr(tensor.getElementType())));
  }
  Value add(Value x, Value y) { return b.create<AddOp>(loc(), x, y); }
  Value sub(Value x, Value y) { return b.create<SubOp>(loc(), x, y); }
  Value mul(Value x, Value y) { return b.create<MulOp>(loc(), x, y); }
  Value div(Value x, Value y) { return b.create<DivOp>(loc(), x, y); }
  Value neg(Value x) { return b.create<NegOp>(loc(), x); }
  Value cmp(ComparePredicate predicate, Value x, Value y) {
    return b.create<CompareOp>(loc(), predicate, x, y);
  }
  Value where(Value condition, Value x, Value y) {
    return b.create<WhereOp>(loc(), condition, x, y);
  }
  Value reshape(Value x, ArrayRef<int64_t> shape) {
    if (cast<RankedTensorType>(x.getType()).getShape() == shape)
      return x;
    return b.create<ReshapeOp>(loc(), x, b.getDenseI64ArrayAttr(shape));
  }
  Value sum(Value x, ArrayRef<int64_t> dims, bool keepdim) {
    return b.create<SumOp>(loc(), x, b.getDenseI64ArrayAttr(dims),
                           keepdim ? b.getUnitAttr() : UnitAttr());
  }
  Value permute(Value x, ArrayRef<int64_t> dims) {
    return b.create<PermuteOp>(loc(), x, b.getDenseI64ArrayAttr(dims));
  }
  Value unsqueeze(Value x, int64_t dim) {
    return b.create<UnsqueezeOp>(loc(), x, b.getI64IntegerAttr(dim));
  }
  Value cat(ArrayRef<Value> parts, int64_t dim) {
    if (parts.size() == 1)
      return parts.front();
    return b.create<CatOp>(loc(), parts, b.getI64IntegerAttr(dim));
  }
  /// The last two dimensions swapped.
  Value transpose(Value x) {
    int64_t rank = cast<RankedTensorType>(x.getType()).getRank();
    SmallVector<int64_t> dims(rank);
    std::iota(dims.begin(), dims.end(), 0);
    std::swap(dims[rank - 1], dims[rank - 2]);
    return permute(x, dims);
  }
  /// Zeros of `like`'s type with dimension `dim` of size `size`.
  Value zerosAlong(RankedTensorType like, int64_t dim, int64_t size) {
    SmallVector<int64_t> shape(like.getShape());
    shape[dim] = size;
    return zerosLike(like.clone(shape));
  }
  /// `g` placed at [start, start + size) of a zero tensor whose dimension
  /// `dim` has `total` elements.
  Value padAlong(Value g, int64_t dim, int64_t start, int64_t total) {
    auto type = cast<RankedTensorType>(g.getType());
    int64_t size = type.getDimSize(dim);
    SmallVector<Value> parts;
    if (start > 0)
      parts.push_back(zerosAlong(type, dim, start));
    parts.push_back(g);
    if (total - start - size > 0)
      parts.push_back(zerosAlong(type, dim, total - start - size));
    return cat(parts, dim);
  }

  /// The gradient of a value of `target`'s type from `g`, which has the
  /// shape it was broadcast to and maybe another dtype: summed over the
  /// broadcast dimensions, then cast.
  Value fitTo(Value g, RankedTensorType target) {
    g = sumToShape(b, loc(), g, target.getShape());
    if (cast<RankedTensorType>(g.getType()).getElementType() != target.getElementType())
      g = b.create<ToOp>(loc(), target, g);
    return g;
  }

  bool isActive(Value value) const { return active.contains(value); }

  /// Adds `g` to the adjoint of `value`, if gradient flows to it.
  void accumulate(Value value, Value g) {
    if (!isActive(value))
      return;
    g = fitTo(g, cast<RankedTensorType>(value.getType()));
    Value &adjoint = adjoints[value];
    adjoint = adjoint ? add(adjoint, g) : g;
  }

  /// The adjoint of `g` reshaped to the shape the reduction had with
  /// `keepdim`: the input's, with the reduced dimensions of size 1.
  Value keepReduced(Value g, RankedTensorType input, ArrayRef<int64_t> dims) {
    SmallVector<int64_t> shape(input.getShape());
    for (int64_t d : dims)
      shape[d] = 1;
    return reshape(g, shape);
  }

  /// The reduced dimensions of a reduction, non-negative; all of them where
  /// it names none.
  SmallVector<int64_t> reducedDims(std::optional<ArrayRef<int64_t>> dims, int64_t rank) {
    SmallVector<int64_t> result;
    if (!dims || dims->empty()) {
      result.resize(rank);
      std::iota(result.begin(), result.end(), 0);
      return result;
    }
    for (int64_t d : *dims)
      result.push_back(*normalizeDim(d, std::max<int64_t>(rank, 1)));
    return result;
  }

  /// The dimension a softmax normalizes over, as reduction dims (none for
  /// a 0-d input).
  SmallVector<int64_t> softmaxDims(Value input, uint64_t dim) {
    int64_t rank = cast<RankedTensorType>(input.getType()).getRank();
    if (rank == 0)
      return {};
    return {*normalizeDim(static_cast<int64_t>(dim), rank)};
  }

  LogicalResult differentiate(Operation *op);
  LogicalResult differentiateMatmul(Value lhs, Value rhs, Value g);
  LogicalResult differentiateAutogradFunction(AutogradFunctionOp op);

  OpBuilder &b;
  Operation *current = nullptr;
  llvm::DenseSet<Value> active;
  llvm::DenseMap<Value, Value> adjoints;
};

LogicalResult Differentiator::differentiateMatmul(Value lhs, Value rhs, Value g) {
  auto lhsType = cast<RankedTensorType>(lhs.getType());
  auto rhsType = cast<RankedTensorType>(rhs.getType());
  bool lhsVector = lhsType.getRank() == 1, rhsVector = rhsType.getRank() == 1;
  // Vectors are promoted to matrices as matmul does, and so is g.
  Value a = lhsVector ? unsqueeze(lhs, 0) : lhs;
  Value c = rhsVector ? unsqueeze(rhs, 1) : rhs;
  SmallVector<int64_t> shape(cast<RankedTensorType>(g.getType()).getShape());
  if (rhsVector)
    shape.push_back(1);
  if (lhsVector)
    shape.insert(shape.end() - 1, 1);
  g = reshape(g, shape);
  auto dropPromoted = [&](Value grad, int64_t fromEnd) {
    SmallVector<int64_t> s(cast<RankedTensorType>(grad.getType()).getShape());
    s.erase(s.end() - fromEnd);
    return reshape(grad, s);
  };
  if (isActive(lhs)) {
    Value grad = b.create<MatmulOp>(loc(), g, transpose(c));
    accumulate(lhs, lhsVector ? dropPromoted(grad, 2) : grad);
  }
  if (isActive(rhs)) {
    Value grad = b.create<MatmulOp>(loc(), transpose(a), g);
    accumulate(rhs, rhsVector ? dropPromoted(grad, 1) : grad);
  }
  return success();
}

/// The forward region runs again for the saved tensors (the outputs'
/// recomputation folds into the forward's own copy), then the backward
/// region with the seeds, zeros for outputs that get no gradient
/// (`set_materialize_grads(True)`, PyTorch's default) and for those marked
/// non-differentiable.
LogicalResult Differentiator::differentiateAutogradFunction(AutogradFunctionOp op) {
  IRMapping forward;
  Block &forwardBlock = op.getForward().front();
  forward.map(forwardBlock.getArguments(), op.getInputs());
  for (Operation &inner : forwardBlock.without_terminator())
    b.clone(inner, forward);
  SmallVector<Value> backwardArgs;
  for (Value saved : op.getSavedValues())
    backwardArgs.push_back(forward.lookupOrDefault(saved));
  ArrayRef<int64_t> marked = op.getNonDifferentiable();
  for (auto [index, output] : llvm::enumerate(op.getOutputs())) {
    Value adjoint = adjoints.lookup(output);
    if (!adjoint || llvm::is_contained(marked, static_cast<int64_t>(index)))
      adjoint = zerosLike(output.getType());
    backwardArgs.push_back(adjoint);
  }
  IRMapping backward;
  Block &backwardBlock = op.getBackward().front();
  backward.map(backwardBlock.getArguments(), backwardArgs);
  for (Operation &inner : backwardBlock.without_terminator())
    b.clone(inner, backward);
  auto yield = cast<YieldOp>(backwardBlock.getTerminator());
  for (auto [input, grad] : llvm::zip(op.getInputs(), yield.getValues()))
    accumulate(input, backward.lookupOrDefault(grad));
  return success();
}

LogicalResult Differentiator::differentiate(Operation *op) {
  current = op;
  Value result = op->getNumResults() ? op->getResult(0) : Value();
  Value g = result ? adjoints.lookup(result) : Value();
  if (auto function = dyn_cast<AutogradFunctionOp>(op))
    return differentiateAutogradFunction(function);
  if (!g)
    return success();
  auto inputType = [&](Value v) { return cast<RankedTensorType>(v.getType()); };
  return TypeSwitch<Operation *, LogicalResult>(op)
      .Case([&](AddOp op) {
        accumulate(op.getLhs(), g);
        accumulate(op.getRhs(), g);
        return success();
      })
      .Case([&](SubOp op) {
        accumulate(op.getLhs(), g);
        if (isActive(op.getRhs()))
          accumulate(op.getRhs(), neg(g));
        return success();
      })
      .Case([&](MulOp op) {
        if (isActive(op.getLhs()))
          accumulate(op.getLhs(), mul(g, op.getRhs()));
        if (isActive(op.getRhs()))
          accumulate(op.getRhs(), mul(g, op.getLhs()));
        return success();
      })
      .Case([&](DivOp op) {
        if (isActive(op.getLhs()))
          accumulate(op.getLhs(), div(g, op.getRhs()));
        if (isActive(op.getRhs()))
          accumulate(op.getRhs(), neg(div(mul(g, result), op.getRhs())));
        return success();
      })
      .Case([&](RemainderOp op) -> LogicalResult {
        // PyTorch has no derivative of `number % tensor`.
        if (isActive(op.getRhs()) && !isa<RankedTensorType>(op.getLhs().getType()))
          return op.emitError("no derivative rule for 'tg.remainder' with respect to "
                              "the divisor of a Python number");
        accumulate(op.getLhs(), g);
        if (isActive(op.getRhs())) {
          Value quotient = b.create<FloorDivOp>(loc(), op.getLhs(), op.getRhs());
          accumulate(op.getRhs(), neg(mul(g, quotient)));
        }
        return success();
      })
      .Case([&](PowOp op) -> LogicalResult {
        Value base = op.getLhs(), exponent = op.getRhs();
        auto exponentTensor = dyn_cast<RankedTensorType>(exponent.getType());
        if (isActive(base) && exponentTensor && exponentTensor.getElementType().isInteger(1))
          return op.emitError("no derivative rule for 'tg.pow' with a bool exponent "
                              "tensor: PyTorch's derivative subtracts from it");
        if (isActive(base)) {
          // exponent * base ** (exponent - 1), zero where the exponent is.
          Value term;
          if (isa<RankedTensorType>(exponent.getType())) {
            term = mul(exponent, b.create<PowOp>(loc(), base, sub(exponent, scalar(1.0))));
            term = where(cmp(ComparePredicate::eq, exponent, scalar(0.0)), scalar(0.0), term);
          } else if (isZeroConstant(exponent)) {
            term = zerosLike(base.getType());
          } else {
            Value lowered;
            if (isa<FloatType>(exponent.getType()))
              lowered = b.create<arith::SubFOp>(loc(), exponent, scalar(1.0));
            else
              lowered = b.create<arith::SubIOp>(
                  loc(), exponent,
                  b.create<arith::ConstantOp>(loc(), b.getIntegerAttr(exponent.getType(), 1)));
            term = mul(b.create<PowOp>(loc(), base, lowered), exponent);
          }
          accumulate(base, mul(g, term));
        }
        if (isActive(exponent)) {
          // result * log(base), zero where base is 0 and exponent >= 0.
          if (!isa<RankedTensorType>(base.getType())) {
            // c ** x: result * log(c), c known.
            auto constant = base.getDefiningOp<arith::ConstantOp>();
            std::optional<double> c;
            if (constant) {
              if (auto number = dyn_cast<FloatAttr>(constant.getValue()))
                c = number.getValueAsDouble();
              else if (auto number = dyn_cast<IntegerAttr>(constant.getValue()))
                c = number.getType().isInteger(1)
                        ? static_cast<double>(number.getValue().getZExtValue())
                        : static_cast<double>(number.getValue().getSExtValue());
            }
            if (!c)
              return op.emitError("no derivative rule for 'tg.pow' with respect "
                                  "to the exponent of a Python number base that "
                                  "is not a constant");
            Value term = mul(result, scalar(std::log(*c)));
            // 0 ** x: zero where x >= 0, as PyTorch's pow_backward_exponent.
            if (*c == 0.0)
              term = where(cmp(ComparePredicate::ge, exponent, scalar(0.0)), scalar(0.0), term);
            accumulate(exponent, mul(g, term));
            return success();
          }
          Value term = mul(result, b.create<LogOp>(loc(), base));
          Value zeroBase = cmp(ComparePredicate::eq, base, scalar(0.0));
          Value nonNegative = cmp(ComparePredicate::ge, exponent, scalar(0.0));
          Value mask = b.create<LogicalAndOp>(loc(), zeroBase, nonNegative);
          accumulate(exponent, mul(g, where(mask, scalar(0.0), term)));
        }
        return success();
      })
      .Case<MaximumOp, MinimumOp>([&](auto op) {
        ComparePredicate wins =
            isa<MaximumOp>(op.getOperation()) ? ComparePredicate::gt : ComparePredicate::lt;
        Value lhs = op.getLhs(), rhs = op.getRhs();
        Value half = mul(g, scalar(0.5));
        Value tie = cmp(ComparePredicate::eq, lhs, rhs);
        if (isActive(lhs))
          accumulate(lhs, where(tie, half, where(cmp(wins, lhs, rhs), g, scalar(0.0))));
        if (isActive(rhs))
          accumulate(rhs, where(tie, half, where(cmp(wins, rhs, lhs), g, scalar(0.0))));
        return success();
      })
      .Case([&](WhereOp op) {
        if (isActive(op.getLhs()))
          accumulate(op.getLhs(), where(op.getCondition(), g, scalar(0.0)));
        if (isActive(op.getRhs()))
          accumulate(op.getRhs(), where(op.getCondition(), scalar(0.0), g));
        return success();
      })
      .Case([&](ClampOp op) {
        // PyTorch's clamp_backward and clamp_backward_min_max: the input
        // takes the gradient inside [min, max]; a tensor bound takes it
        // where it binds (max where max < min binds everywhere).
        Value x = op.getInput(), low = op.getMin(), high = op.getMax();
        Value inside;
        if (low)
          inside = cmp(ComparePredicate::ge, x, low);
        if (high) {
          Value below = cmp(ComparePredicate::le, x, high);
          inside = inside ? b.create<LogicalAndOp>(loc(), inside, below) : below;
        }
        accumulate(x, where(inside, g, scalar(0.0)));
        if (low && isActive(low)) {
          Value binds = cmp(ComparePredicate::lt, x, low);
          if (high)
            binds = b.create<LogicalAndOp>(loc(), binds, cmp(ComparePredicate::lt, low, high));
          accumulate(low, where(binds, g, scalar(0.0)));
        }
        if (high && isActive(high)) {
          Value binds = cmp(ComparePredicate::gt, x, high);
          if (low)
            binds = b.create<LogicalOrOp>(loc(), binds, cmp(ComparePredicate::lt, high, low));
          accumulate(high, where(binds, g, scalar(0.0)));
        }
        return success();
      })
      .Case([&](NegOp op) {
        accumulate(op.getInput(), neg(g));
        return success();
      })
      .Case([&](AbsOp op) {
        Value x = op.getInput();
        Value sign = where(cmp(ComparePredicate::gt, x, scalar(0.0)), g,
                           where(cmp(ComparePredicate::lt, x, scalar(0.0)), neg(g),
                                 scalar(0.0)));
        accumulate(x, sign);
        return success();
      })
      .Case([&](ReluOp op) {
        accumulate(op.getInput(),
                   where(cmp(ComparePredicate::gt, result, scalar(0.0)), g, scalar(0.0)));
        return success();
      })
      .Case([&](ExpOp op) {
        accumulate(op.getInput(), mul(g, result));
        return success();
      })
      .Case([&](LogOp op) {
        accumulate(op.getInput(), div(g, op.getInput()));
        return success();
      })
      .Case([&](SqrtOp op) {
        accumulate(op.getInput(), div(g, mul(result, scalar(2.0))));
        return success();
      })
      .Case([&](RsqrtOp op) {
        Value cube = mul(mul(result, result), result);
        accumulate(op.getInput(), mul(g, mul(cube, scalar(-0.5))));
        return success();
      })
      .Case([&](SinOp op) {
        accumulate(op.getInput(), mul(g, b.create<CosOp>(loc(), op.getInput())));
        return success();
      })
      .Case([&](CosOp op) {
        accumulate(op.getInput(), neg(mul(g, b.create<SinOp>(loc(), op.getInput()))));
        return success();
      })
      .Case([&](TanhOp op) {
        accumulate(op.getInput(), mul(g, sub(scalar(1.0), mul(result, result))));
        return success();
      })
      .Case([&](SigmoidOp op) {
        accumulate(op.getInput(), mul(g, mul(result, sub(scalar(1.0), result))));
        return success();
      })
      .Case([&](SiluOp op) {
        Value x = op.getInput();
        Value s = b.create<SigmoidOp>(loc(), x);
        Value slope = mul(s, add(scalar(1.0), mul(x, sub(scalar(1.0), s))));
        accumulate(x, mul(g, slope));
        return success();
      })
      .Case([&](GeluOp op) {
        Value x = op.getInput();
        Value slope;
        if (op.getApproximate() == GeluApproximation::tanh) {
          // y = x/2 (1 + tanh(u)), u = k (x + 0.044715 x^3).
          constexpr double k = 0.7978845608028654; // sqrt(2/pi)
          Value x2 = mul(x, x);
          Value u = mul(mul(x, add(scalar(1.0), mul(x2, scalar(0.044715)))), scalar(k));
          Value t = b.create<TanhOp>(loc(), u);
          Value du = mul(add(scalar(1.0), mul(x2, scalar(3 * 0.044715))), scalar(k));
          slope = add(mul(add(scalar(1.0), t), scalar(0.5)),
                      mul(mul(mul(x, scalar(0.5)), sub(scalar(1.0), mul(t, t))), du));
        } else {
          // Phi(x) + x phi(x); Phi(x) is y / x, and 1/2 at 0 (tg has no erf).
          constexpr double invSqrt2Pi = 0.3989422804014327;
          Value cdf = where(cmp(ComparePredicate::eq, x, scalar(0.0)), scalar(0.5),
                            div(result, x));
          Value pdf = mul(b.create<ExpOp>(loc(), mul(mul(x, x), scalar(-0.5))),
                          scalar(invSqrt2Pi));
          slope = add(cdf, mul(x, pdf));
        }
        accumulate(x, mul(g, slope));
        return success();
      })
      .Case<CloneOp, ToOp>([&](auto op) {
        accumulate(op.getInput(), g);
        return success();
      })
      .Case([&](TrilOp op) {
        accumulate(op.getInput(), b.create<TrilOp>(loc(), g, op.getDiagonalAttr()));
        return success();
      })
      .Case([&](TriuOp op) {
        accumulate(op.getInput(), b.create<TriuOp>(loc(), g, op.getDiagonalAttr()));
        return success();
      })
      .Case<MatmulOp, MmOp, BmmOp>([&](auto op) {
        return differentiateMatmul(op.getLhs(), op.getRhs(), g);
      })
      .Case([&](LinearOp op) {
        // y = x @ w.T + bias.
        Value x = op.getInput(), w = op.getWeight();
        if (isActive(x))
          accumulate(x, b.create<MatmulOp>(loc(), g, w));
        if (isActive(w)) {
          Value gm = g, xm = x;
          if (inputType(x).getRank() == 1) {
            gm = unsqueeze(g, 0);
            xm = unsqueeze(x, 0);
          }
          accumulate(w, b.create<MatmulOp>(loc(), transpose(gm), xm));
        }
        if (op.getBias() && isActive(op.getBias()))
          accumulate(op.getBias(), g);
        return success();
      })
      .Case<SumOp, MeanOp>([&](auto op) {
        RankedTensorType input = inputType(op.getInput());
        SmallVector<int64_t> dims = reducedDims(op.getDims(), input.getRank());
        Value spread = keepReduced(g, input, dims);
        if (isa<MeanOp>(op.getOperation())) {
          int64_t count = 1;
          for (int64_t d : dims)
            count *= input.getRank() ? input.getDimSize(d) : 1;
          spread = div(spread, scalar(static_cast<double>(count)));
        }
        accumulate(op.getInput(), b.create<ExpandOp>(loc(), spread,
                                                     b.getDenseI64ArrayAttr(input.getShape())));
        return success();
      })
      .Case<AmaxOp, AminOp>([&](auto op) {
        Value x = op.getInput();
        RankedTensorType input = inputType(x);
        SmallVector<int64_t> dims = reducedDims(op.getDims(), input.getRank());
        Value extreme = keepReduced(result, input, dims);
        Value mask = b.create<ToOp>(loc(), input, cmp(ComparePredicate::eq, x, extreme));
        Value count = sum(mask, dims, /*keepdim=*/true);
        accumulate(x, div(mul(keepReduced(g, input, dims), mask), count));
        return success();
      })
      .Case<MaxDimOp, MinDimOp>([&](auto op) {
        Value x = op.getInput();
        RankedTensorType input = inputType(x);
        int64_t dim = *normalizeDim(static_cast<int64_t>(op.getDim()),
                                    std::max<int64_t>(input.getRank(), 1));
        if (input.getRank() == 0) {
          accumulate(x, g);
          return success();
        }
        int64_t size = input.getDimSize(dim);
        Value iota = b.create<ArangeOp>(
            loc(), RankedTensorType::get({size}, b.getI64Type()), APFloat(0.0),
            APFloat(static_cast<double>(size)), APFloat(1.0));
        SmallVector<int64_t> along(input.getRank(), 1);
        along[dim] = size;
        Value hit = cmp(ComparePredicate::eq, reshape(iota, along),
                        keepReduced(op.getIndices(), input, {dim}));
        accumulate(x, where(hit, keepReduced(g, input, {dim}), scalar(0.0)));
        return success();
      })
      .Case([&](SoftmaxOp op) {
        SmallVector<int64_t> dims = softmaxDims(op.getInput(), op.getDim());
        Value dot = sum(mul(g, result), dims, /*keepdim=*/true);
        accumulate(op.getInput(), mul(result, sub(g, dot)));
        return success();
      })
      .Case([&](LogSoftmaxOp op) {
        SmallVector<int64_t> dims = softmaxDims(op.getInput(), op.getDim());
        Value total = sum(g, dims, /*keepdim=*/true);
        accumulate(op.getInput(), sub(g, mul(b.create<ExpOp>(loc(), result), total)));
        return success();
      })
      .Case<ReshapeOp, FlattenOp, SqueezeOp, UnsqueezeOp>([&](auto op) {
        accumulate(op.getInput(), reshape(g, inputType(op.getInput()).getShape()));
        return success();
      })
      .Case([&](ExpandOp op) {
        accumulate(op.getInput(), g);
        return success();
      })
      .Case([&](PermuteOp op) {
        int64_t rank = inputType(op.getInput()).getRank();
        SmallVector<int64_t> inverse(rank);
        for (auto [i, d] : llvm::enumerate(op.getDims()))
          inverse[*normalizeDim(d, rank)] = i;
        accumulate(op.getInput(), permute(g, inverse));
        return success();
      })
      .Case([&](CatOp op) {
        int64_t rank = inputType(result).getRank();
        int64_t dim = *normalizeDim(static_cast<int64_t>(op.getDim()), rank);
        int64_t offset = 0;
        for (Value input : op.getInputs()) {
          int64_t size = inputType(input).getDimSize(dim);
          if (isActive(input))
            accumulate(input, b.create<SliceOp>(loc(), g, b.getI64IntegerAttr(dim),
                                                b.getI64IntegerAttr(offset),
                                                b.getI64IntegerAttr(offset + size),
                                                b.getI64IntegerAttr(1)));
          offset += size;
        }
        return success();
      })
      .Case([&](StackOp op) {
        int64_t rank = inputType(result).getRank();
        int64_t dim = *normalizeDim(static_cast<int64_t>(op.getDim()), rank);
        for (auto [index, input] : llvm::enumerate(op.getInputs()))
          if (isActive(input))
            accumulate(input, b.create<SelectOp>(loc(), g, b.getI64IntegerAttr(dim),
                                                 b.getI64IntegerAttr(index)));
        return success();
      })
      .Case([&](SliceOp op) {
        RankedTensorType input = inputType(op.getInput());
        int64_t dim = *normalizeDim(static_cast<int64_t>(op.getDim()), input.getRank());
        int64_t size = input.getDimSize(dim);
        int64_t start = static_cast<int64_t>(op.getStart());
        if (start < 0)
          start += size;
        start = std::clamp<int64_t>(start, 0, size);
        int64_t step = op.getStep();
        int64_t length = inputType(result).getDimSize(dim);
        if (length == 0) {
          return success();
        }
        Value spread = g;
        if (step > 1) {
          // Each element followed by step - 1 zeros, then the tail cut.
          RankedTensorType type = inputType(g);
          Value column = unsqueeze(g, dim + 1);
          Value gaps = zerosAlong(inputType(column), dim + 1, step - 1);
          Value interleaved = cat({column, gaps}, dim + 1);
          SmallVector<int64_t> shape(type.getShape());
          shape[dim] = length * step;
          spread = b.create<SliceOp>(loc(), reshape(interleaved, shape),
                                     b.getI64IntegerAttr(dim), b.getI64IntegerAttr(0),
                                     b.getI64IntegerAttr((length - 1) * step + 1),
                                     b.getI64IntegerAttr(1));
        }
        accumulate(op.getInput(), padAlong(spread, dim, start, size));
        return success();
      })
      .Case([&](SelectOp op) {
        RankedTensorType input = inputType(op.getInput());
        int64_t dim = *normalizeDim(static_cast<int64_t>(op.getDim()), input.getRank());
        int64_t size = input.getDimSize(dim);
        int64_t index = static_cast<int64_t>(op.getIndex());
        if (index < 0)
          index += size;
        accumulate(op.getInput(), padAlong(unsqueeze(g, dim), dim, index, size));
        return success();
      })
      .Default([&](Operation *op) -> LogicalResult {
        if (isNonDifferentiable(op) || isa<arith::ArithDialect>(op->getDialect()))
          return success();
        return op->emitError("no derivative rule for '")
               << op->getName() << "': the gradient cannot flow through it";
      });
}

FailureOr<SmallVector<Value>> Differentiator::run(ArrayRef<Operation *> ops,
                                                  ValueRange outputs, ValueRange seeds,
                                                  ValueRange wrt) {
  for (Value value : wrt)
    if (isFloatTensor(value))
      active.insert(value);
  for (Operation *op : ops) {
    if (isNonDifferentiable(op))
      continue;
    if (llvm::any_of(op->getOperands(), [&](Value v) { return isActive(v); }))
      for (Value result : op->getResults())
        if (isFloatTensor(result))
          active.insert(result);
  }
  for (auto [output, seed] : llvm::zip(outputs, seeds))
    accumulate(output, seed);
  for (Operation *op : llvm::reverse(ops)) {
    if (!llvm::any_of(op->getResults(), [&](Value v) { return adjoints.count(v); }))
      continue;
    if (failed(differentiate(op)))
      return failure();
  }
  current = nullptr;
  SmallVector<Value> grads;
  for (Value value : wrt) {
    Value adjoint = adjoints.lookup(value);
    grads.push_back(adjoint ? adjoint : zerosLike(value.getType()));
  }
  return grads;
}
} // namespace

FailureOr<SmallVector<Value>>
dynamir::tg::buildVectorJacobianProduct(OpBuilder &builder, ArrayRef<Operation *> ops,
                                        ValueRange outputs, ValueRange seeds,
                                        ValueRange wrt) {
  return Differentiator(builder).run(ops, outputs, seeds, wrt);
}

bool dynamir::tg::isExpandableTo(ArrayRef<int64_t> shape, ArrayRef<int64_t> target) {
  if (shape.size() > target.size())
    return false;
  size_t lead = target.size() - shape.size();
  for (auto [i, size] : llvm::enumerate(shape))
    if (size != 1 && size != target[lead + i])
      return false;
  return true;
}

Value dynamir::tg::sumToShape(OpBuilder &builder, Location loc, Value value,
                              ArrayRef<int64_t> shape) {
  ArrayRef<int64_t> from = cast<RankedTensorType>(value.getType()).getShape();
  if (from == shape)
    return value;
  int64_t lead = from.size() - shape.size();
  SmallVector<int64_t> dims;
  for (int64_t d = 0; d < static_cast<int64_t>(from.size()); ++d)
    if (d < lead || (shape[d - lead] == 1 && from[d] != 1))
      dims.push_back(d);
  if (!dims.empty())
    value = builder.create<SumOp>(loc, value, builder.getDenseI64ArrayAttr(dims), UnitAttr());
  if (cast<RankedTensorType>(value.getType()).getShape() != shape)
    value = builder.create<ReshapeOp>(loc, value, builder.getDenseI64ArrayAttr(shape));
  return value;
}
