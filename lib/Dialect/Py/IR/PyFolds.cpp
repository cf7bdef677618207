//===- PyFolds.cpp - Folding Python operations on constants ---------------===//
//
// What CPython computes for operations on constants, where the answer is
// certain: ints of any size (bools as ints), floats, strings and None. An
// operation that would raise (division by zero, ordering different types) or
// whose result depends on more than its operands is not folded.
//
//===----------------------------------------------------------------------===//

#include "dynamir/Dialect/Py/IR/PyOps.h"
#include "dynamir/Dialect/Py/IR/PyRepr.h"

#include "mlir/IR/Builders.h"

#include <cmath>
#include <optional>

using namespace mlir;
using namespace dynamir::py;

namespace {
/// A constant as a Python number: an int (bools included) or a float.
struct Number {
  std::optional<llvm::APInt> integer;
  std::optional<double> real;
};

std::optional<Number> getNumber(Attribute attr) {
  if (auto b = dyn_cast_or_null<BoolAttr>(attr))
    return Number{llvm::APInt(2, b.getValue() ? 1 : 0, /*isSigned=*/true), {}};
  if (auto i = dyn_cast_or_null<IntAttr>(attr))
    return Number{i.getValue(), {}};
  if (auto f = dyn_cast_or_null<FloatAttr>(attr); f && f.getType().isF64())
    return Number{{}, f.getValueAsDouble()};
  return std::nullopt;
}

/// The int as a double when the conversion is exact (Python compares and
/// mixes ints and floats exactly; only small ints are certain here).
std::optional<double> toDouble(const Number &n) {
  if (n.real)
    return n.real;
  if (n.integer->getSignificantBits() > 53)
    return std::nullopt;
  return static_cast<double>(n.integer->getSExtValue());
}

/// Both ints at one width with room for a result of `extraBits` more.
std::pair<llvm::APInt, llvm::APInt> widen(const llvm::APInt &a, const llvm::APInt &b,
                                          unsigned extraBits) {
  unsigned width = std::max(a.getBitWidth(), b.getBitWidth()) + extraBits;
  return {a.sext(width), b.sext(width)};
}

Attribute makeInt(MLIRContext *context, const llvm::APInt &value) {
  return IntAttr::get(context, value);
}

/// Python's truth value of a constant.
std::optional<bool> truthOf(Attribute attr) {
  if (!attr)
    return std::nullopt;
  if (isa<NoneAttr>(attr))
    return false;
  if (std::optional<Number> n = getNumber(attr))
    return n->integer ? !n->integer->isZero() : *n->real != 0.0;
  if (auto s = dyn_cast<StringAttr>(attr))
    return !s.getValue().empty();
  if (auto tuple = dyn_cast<ArrayAttr>(attr))
    return !tuple.empty();
  if (auto bytes = dyn_cast<BytesAttr>(attr))
    return !bytes.getValue().empty();
  return std::nullopt;
}

/// The three-way comparison of two constants Python can order; `equalOnly`
/// for constants only `==` and `!=` apply to.
std::optional<int> compare(Attribute a, Attribute b, bool &equalOnly) {
  equalOnly = false;
  std::optional<Number> x = getNumber(a), y = getNumber(b);
  if (x && y) {
    if (x->integer && y->integer) {
      auto [p, q] = widen(*x->integer, *y->integer, 0);
      return p.slt(q) ? -1 : p.sgt(q) ? 1 : 0;
    }
    std::optional<double> p = toDouble(*x), q = toDouble(*y);
    if (!p || !q || std::isnan(*p) || std::isnan(*q))
      return std::nullopt;
    return *p < *q ? -1 : *p > *q ? 1 : 0;
  }
  auto s = dyn_cast_or_null<StringAttr>(a), t = dyn_cast_or_null<StringAttr>(b);
  if (s && t) {
    // UTF-8 byte order is code point order, which is Python's.
    int c = s.getValue().compare(t.getValue());
    return c < 0 ? -1 : c > 0 ? 1 : 0;
  }
  // None, strings and numbers of different kinds are never equal.
  auto kind = [](Attribute attr) -> int {
    if (isa<NoneAttr>(attr))
      return 0;
    if (getNumber(attr))
      return 1;
    if (isa<StringAttr>(attr))
      return 2;
    return -1;
  };
  auto u = dyn_cast_or_null<ArrayAttr>(a), v = dyn_cast_or_null<ArrayAttr>(b);
  if (u && v) {
    // tuple's richcompare: the first items that differ by `==` decide (an
    // ordering of them that Python refuses is refused for the tuples); else
    // the lengths.
    for (auto [p, q] : llvm::zip(u, v)) {
      bool itemsEqualOnly;
      std::optional<int> order = compare(p, q, itemsEqualOnly);
      if (!order)
        return std::nullopt;
      if (*order != 0) {
        equalOnly = itemsEqualOnly;
        return order;
      }
    }
    return u.size() < v.size() ? -1 : u.size() > v.size() ? 1 : 0;
  }
  if (a && b && (kind(a) >= 0 || u) && (kind(b) >= 0 || v)) {
    equalOnly = true;
    return kind(a) == kind(b) && !u && !v ? 0 : 1;
  }
  return std::nullopt;
}

/// `text * count` (or a tuple's items `count` times), where the result is
/// small: nothing where it is not.
Attribute repeat(MLIRContext *context, Attribute sequence, const Number &count) {
  if (!count.integer)
    return {};
  // A count beyond a Py_ssize_t raises OverflowError, negative ones too.
  const llvm::APInt &n = *count.integer;
  if (n.getSignificantBits() > 64)
    return {};
  int64_t times = n.isNegative() ? 0 : n.getSignificantBits() > 16 ? -1 : n.getSExtValue();
  if (auto text = dyn_cast<StringAttr>(sequence)) {
    if (times < 0 || text.size() * times > 4096)
      return {};
    std::string result;
    for (int64_t i = 0; i < times; ++i)
      result += text.getValue();
    return StringAttr::get(context, result);
  }
  auto tuple = dyn_cast<ArrayAttr>(sequence);
  if (!tuple || times < 0 || tuple.size() * times > 4096)
    return {};
  SmallVector<Attribute> elements;
  for (int64_t i = 0; i < times; ++i)
    llvm::append_range(elements, tuple.getValue());
  return ArrayAttr::get(context, elements);
}
} // namespace

OpFoldResult TruthOp::fold(FoldAdaptor adaptor) {
  if (std::optional<bool> truth = truthOf(adaptor.getValue()))
    return BoolAttr::get(getContext(), *truth);
  return {};
}

OpFoldResult ToBoolOp::fold(FoldAdaptor adaptor) {
  if (std::optional<bool> truth = truthOf(adaptor.getValue()))
    return BoolAttr::get(getContext(), *truth);
  return {};
}

OpFoldResult UnaryOp::fold(FoldAdaptor adaptor) {
  Attribute operand = adaptor.getOperand();
  if (getKind() == UnaryOpKind::not_) {
    if (std::optional<bool> truth = truthOf(operand))
      return BoolAttr::get(getContext(), !*truth);
    return {};
  }
  std::optional<Number> n = getNumber(operand);
  if (!n)
    return {};
  switch (getKind()) {
  case UnaryOpKind::neg:
    if (n->integer)
      return makeInt(getContext(), -n->integer->sext(n->integer->getBitWidth() + 1));
    return FloatAttr::get(Float64Type::get(getContext()), -*n->real);
  case UnaryOpKind::pos:
    if (n->integer)
      return makeInt(getContext(), *n->integer);
    return operand;
  case UnaryOpKind::invert:
    if (n->integer)
      return makeInt(getContext(), ~*n->integer);
    return {};
  case UnaryOpKind::not_:
    break;
  }
  return {};
}

OpFoldResult CompareOp::fold(FoldAdaptor adaptor) {
  bool equalOnly;
  std::optional<int> order = compare(adaptor.getLhs(), adaptor.getRhs(), equalOnly);
  if (!order)
    return {};
  bool result;
  switch (getPredicate()) {
  case ComparePredicate::eq: result = *order == 0; break;
  case ComparePredicate::ne: result = *order != 0; break;
  case ComparePredicate::lt: result = *order < 0; break;
  case ComparePredicate::le: result = *order <= 0; break;
  case ComparePredicate::gt: result = *order > 0; break;
  case ComparePredicate::ge: result = *order >= 0; break;
  }
  // Ordering None, str and numbers against each other raises TypeError.
  if (equalOnly && getPredicate() != ComparePredicate::eq &&
      getPredicate() != ComparePredicate::ne)
    return {};
  return BoolAttr::get(getContext(), result);
}

OpFoldResult BinaryOp::fold(FoldAdaptor adaptor) {
  MLIRContext *context = getContext();
  Attribute lhs = adaptor.getLhs(), rhs = adaptor.getRhs();
  // String concatenation and repetition by a small count.
  auto s = dyn_cast_or_null<StringAttr>(lhs), t = dyn_cast_or_null<StringAttr>(rhs);
  BinaryOpKind kind = getKind();
  bool isAdd = kind == BinaryOpKind::add || kind == BinaryOpKind::iadd;
  if (s && t && isAdd)
    return StringAttr::get(context, s.getValue() + t.getValue());
  // Tuple concatenation (a constant tuple is an array).
  auto u = dyn_cast_or_null<ArrayAttr>(lhs), v = dyn_cast_or_null<ArrayAttr>(rhs);
  if (u && v && isAdd) {
    SmallVector<Attribute> elements(u.getValue());
    llvm::append_range(elements, v.getValue());
    return ArrayAttr::get(context, elements);
  }
  std::optional<Number> x = getNumber(lhs), y = getNumber(rhs);
  bool isMul = kind == BinaryOpKind::mul || kind == BinaryOpKind::imul;
  if (isMul && lhs && rhs && (x || y) && !(x && y))
    return x ? repeat(context, rhs, *x) : repeat(context, lhs, *y);
  if (!x || !y)
    return {};
  if (x->integer && y->integer) {
    const llvm::APInt &a = *x->integer, &b = *y->integer;
    switch (kind) {
    case BinaryOpKind::add:
    case BinaryOpKind::iadd: {
      auto [p, q] = widen(a, b, 1);
      return makeInt(context, p + q);
    }
    case BinaryOpKind::sub:
    case BinaryOpKind::isub: {
      auto [p, q] = widen(a, b, 1);
      return makeInt(context, p - q);
    }
    case BinaryOpKind::mul:
    case BinaryOpKind::imul: {
      auto [p, q] = widen(a, b, std::min(a.getBitWidth(), b.getBitWidth()));
      return makeInt(context, p * q);
    }
    case BinaryOpKind::floordiv:
    case BinaryOpKind::ifloordiv:
    case BinaryOpKind::mod:
    case BinaryOpKind::imod: {
      if (b.isZero())
        return {};
      auto [p, q] = widen(a, b, 1);
      llvm::APInt quotient, remainder;
      llvm::APInt::sdivrem(p, q, quotient, remainder);
      // Python floors: the remainder takes the divisor's sign.
      if (!remainder.isZero() && (remainder.isNegative() != q.isNegative())) {
        quotient -= 1;
        remainder += q;
      }
      bool isDiv = kind == BinaryOpKind::floordiv || kind == BinaryOpKind::ifloordiv;
      return makeInt(context, isDiv ? quotient : remainder);
    }
    case BinaryOpKind::pow:
    case BinaryOpKind::ipow: {
      // Non-negative exponents stay ints; a size bound keeps folding cheap.
      if (b.isNegative() || b.getSignificantBits() > 16)
        break;
      uint64_t exponent = b.getZExtValue();
      uint64_t bits = (a.getSignificantBits() + 1) * std::max<uint64_t>(exponent, 1);
      if (bits > 4096)
        break;
      llvm::APInt result(bits + 1, 1, /*isSigned=*/true);
      llvm::APInt base = a.sext(bits + 1);
      for (uint64_t i = 0; i < exponent; ++i)
        result *= base;
      return makeInt(context, result);
    }
    case BinaryOpKind::and_:
    case BinaryOpKind::iand:
    case BinaryOpKind::or_:
    case BinaryOpKind::ior:
    case BinaryOpKind::xor_:
    case BinaryOpKind::ixor: {
      // bool op bool stays a bool.
      bool bools = isa<BoolAttr>(lhs) && isa<BoolAttr>(rhs);
      auto [p, q] = widen(a, b, 0);
      llvm::APInt r = (kind == BinaryOpKind::and_ || kind == BinaryOpKind::iand) ? (p & q)
                      : (kind == BinaryOpKind::or_ || kind == BinaryOpKind::ior) ? (p | q)
                                                                                   : (p ^ q);
      if (bools)
        return BoolAttr::get(context, !r.isZero());
      return makeInt(context, r);
    }
    case BinaryOpKind::lshift:
    case BinaryOpKind::ilshift:
    case BinaryOpKind::rshift:
    case BinaryOpKind::irshift: {
      // A negative count raises ValueError; a size bound keeps folding cheap.
      if (b.isNegative())
        break;
      bool left = kind == BinaryOpKind::lshift || kind == BinaryOpKind::ilshift;
      uint64_t count = b.getSignificantBits() > 32 ? UINT64_MAX : b.getZExtValue();
      if (!left) {
        if (count >= a.getBitWidth())
          return makeInt(context, llvm::APInt(2, a.isNegative() ? -1 : 0, /*isSigned=*/true));
        return makeInt(context, a.ashr(count));
      }
      if (a.isZero())
        return makeInt(context, a);
      if (count > 4096)
        break;
      return makeInt(context, a.sext(a.getBitWidth() + count).shl(count));
    }
    default:
      break;
    }
  }
  // Float arithmetic, with ints converted exactly.
  std::optional<double> p = toDouble(*x), q = toDouble(*y);
  if (!p || !q)
    return {};
  auto f64 = [&](double v) { return FloatAttr::get(Float64Type::get(context), v); };
  switch (kind) {
  case BinaryOpKind::add:
  case BinaryOpKind::iadd:
    return f64(*p + *q);
  case BinaryOpKind::sub:
  case BinaryOpKind::isub:
    return f64(*p - *q);
  case BinaryOpKind::mul:
  case BinaryOpKind::imul:
    return f64(*p * *q);
  case BinaryOpKind::truediv:
  case BinaryOpKind::itruediv:
    if (*q == 0)
      return {};
    return f64(*p / *q);
  case BinaryOpKind::floordiv:
  case BinaryOpKind::ifloordiv:
  case BinaryOpKind::mod:
  case BinaryOpKind::imod: {
    if (*q == 0)
      return {};
    // floatobject.c's _float_div_mod: the remainder takes the divisor's
    // sign, the quotient is floored and rounded to the nearest integer.
    double mod = std::fmod(*p, *q);
    double div = (*p - mod) / *q;
    if (mod != 0) {
      if ((*q < 0) != (mod < 0)) {
        mod += *q;
        div -= 1.0;
      }
    } else {
      mod = std::copysign(0.0, *q);
    }
    double floorDiv;
    if (div != 0) {
      floorDiv = std::floor(div);
      if (div - floorDiv > 0.5)
        floorDiv += 1.0;
    } else {
      floorDiv = std::copysign(0.0, *p / *q);
    }
    bool isDiv = kind == BinaryOpKind::floordiv || kind == BinaryOpKind::ifloordiv;
    return f64(isDiv ? floorDiv : mod);
  }
  case BinaryOpKind::pow:
  case BinaryOpKind::ipow:
    // C's pow is Python's for a positive finite base (a negative base with
    // a fractional exponent is complex in Python; 0 ** -1 raises).
    if (!(*p > 0) || std::isinf(*p) || std::isnan(*q))
      return {};
    // An overflow raises OverflowError in Python.
    if (double r = std::pow(*p, *q); !std::isinf(r) || std::isinf(*q))
      return f64(r);
    return {};
  default:
    return {};
  }
}

//===----------------------------------------------------------------------===//
// Cells
//===----------------------------------------------------------------------===//

/// A cell made with a value and never stored into or cleared still holds it.
OpFoldResult CellGetOp::fold(FoldAdaptor) {
  auto make = getCell().getDefiningOp<MakeCellOp>();
  if (!make || make.getValue().getDefiningOp<NullOp>())
    return {};
  // Any other use (a closure tuple, a store) may change it.
  if (!llvm::all_of(make.getCell().getUsers(), [](Operation *user) { return isa<CellGetOp>(user); }))
    return {};
  return make.getValue();
}

OpFoldResult CheckLenResultOp::fold(FoldAdaptor adaptor) {
  // operator.index of an int or a bool, not negative.
  Attribute value = adaptor.getValue();
  if (auto b = dyn_cast_or_null<BoolAttr>(value))
    return IntAttr::get(getContext(), b.getValue() ? 1 : 0);
  if (auto i = dyn_cast_or_null<IntAttr>(value); i && !i.getValue().isNegative())
    return i;
  return {};
}

OpFoldResult CheckStrResultOp::fold(FoldAdaptor adaptor) {
  if (isa_and_nonnull<StringAttr>(adaptor.getValue()))
    return adaptor.getValue();
  // What these make is a str.
  if (isa_and_nonnull<BuildStringOp, FormatOp, ConvertValueOp>(getValue().getDefiningOp()))
    return getValue();
  return {};
}

OpFoldResult CheckIterResultOp::fold(FoldAdaptor adaptor) {
  // What GET_ITER makes is an iterator (it raises where it cannot make one).
  if (getValue().getDefiningOp<GetIterOp>())
    return getValue();
  return {};
}

OpFoldResult BuildStringOp::fold(FoldAdaptor adaptor) {
  std::string text;
  for (Attribute element : adaptor.getElements()) {
    auto s = dyn_cast_or_null<StringAttr>(element);
    if (!s)
      return {};
    text += s.getValue();
  }
  return StringAttr::get(getContext(), text);
}

OpFoldResult FormatOp::fold(FoldAdaptor adaptor) {
  if (getSpec()) {
    auto spec = dyn_cast_or_null<StringAttr>(adaptor.getSpec());
    if (!spec || !spec.getValue().empty())
      return {};
  }
  std::optional<std::string> text = getPythonStr(adaptor.getValue());
  if (!text)
    return {};
  return StringAttr::get(getContext(), *text);
}

OpFoldResult ConvertValueOp::fold(FoldAdaptor adaptor) {
  // `ascii()` is `repr()` for the ASCII text getPythonRepr is sure of.
  std::optional<std::string> text = getKind() == ConversionKind::str
                                        ? getPythonStr(adaptor.getValue())
                                        : getPythonRepr(adaptor.getValue());
  if (!text)
    return {};
  return StringAttr::get(getContext(), *text);
}
