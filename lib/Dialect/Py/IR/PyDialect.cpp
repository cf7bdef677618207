//===- PyDialect.cpp - Python dialect, types and attributes ---------------===//
//
// Registration of the `py` dialect, its types and attributes, and the C++ parts
// of the attributes that ODS cannot generate: the storage of arbitrary-precision
// ints and the textual forms of ints, complex numbers and tensor inputs.
//
//===----------------------------------------------------------------------===//

#include "dynamir/Dialect/Py/IR/PyOps.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/ControlFlow/IR/ControlFlowOps.h"
#include "mlir/IR/Builders.h"
#include "mlir/IR/DialectImplementation.h"
#include "mlir/Transforms/InliningUtils.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/ADT/TypeSwitch.h"

using namespace mlir;
using namespace dynamir::py;

#include "dynamir/Dialect/Py/IR/PyDialect.cpp.inc"
#include "dynamir/Dialect/Py/IR/PyEnums.cpp.inc"

//===----------------------------------------------------------------------===//
// Dialect
//===----------------------------------------------------------------------===//

namespace {
/// Python code inlines anywhere: a `py.func` body is a region of ops on
/// objects, and its `py.return`s become branches to the continuation of the
/// call (or the call's result, for a single block).
struct PyInlinerInterface : DialectInlinerInterface {
  using DialectInlinerInterface::DialectInlinerInterface;

  bool isLegalToInline(Operation *, Operation *, bool) const final { return true; }
  bool isLegalToInline(Region *, Region *, bool, IRMapping &) const final {
    return true;
  }
  bool isLegalToInline(Operation *, Region *, bool, IRMapping &) const final {
    return true;
  }

  void handleTerminator(Operation *op, Block *newDest) const final {
    auto ret = dyn_cast<ReturnOp>(op);
    if (!ret)
      return;
    OpBuilder builder(op);
    builder.create<cf::BranchOp>(op->getLoc(), newDest, ret->getOperands());
    op->erase();
  }

  void handleTerminator(Operation *op, ValueRange valuesToRepl) const final {
    auto ret = dyn_cast<ReturnOp>(op);
    if (!ret)
      return;
    for (auto [from, to] : llvm::zip(valuesToRepl, ret->getOperands()))
      from.replaceAllUsesWith(to);
  }
};
} // namespace

void PyDialect::initialize() {
  registerTypes();
  registerAttributes();
  addOperations<
#define GET_OP_LIST
#include "dynamir/Dialect/Py/IR/PyOps.cpp.inc"
      >();
  addInterfaces<PyInlinerInterface>();
}

Operation *PyDialect::materializeConstant(OpBuilder &builder, Attribute value,
                                          Type type, Location loc) {
  // A folded truth value, for control flow.
  if (type.isInteger(1))
    if (auto b = dyn_cast<BoolAttr>(value))
      return builder.create<arith::ConstantOp>(loc, b);
  if (!isa<ObjectType>(type) || !isPythonConstant(value))
    return nullptr;
  return builder.create<ConstantOp>(loc, type, value);
}

//===----------------------------------------------------------------------===//
// Types
//===----------------------------------------------------------------------===//

#define GET_TYPEDEF_CLASSES
#include "dynamir/Dialect/Py/IR/PyTypes.cpp.inc"

void PyDialect::registerTypes() {
  addTypes<
#define GET_TYPEDEF_LIST
#include "dynamir/Dialect/Py/IR/PyTypes.cpp.inc"
      >();
}

//===----------------------------------------------------------------------===//
// IntAttr
//===----------------------------------------------------------------------===//

namespace dynamir::py::detail {
/// Holds the value at the smallest signed width that represents it, so that
/// equal Python ints unique to one attribute.
struct IntAttrStorage : public AttributeStorage {
  using KeyTy = llvm::APInt;

  explicit IntAttrStorage(llvm::APInt value) : value(std::move(value)) {}

  bool operator==(const KeyTy &key) const {
    return value.getBitWidth() == key.getBitWidth() && value == key;
  }
  static llvm::hash_code hashKey(const KeyTy &key) { return llvm::hash_value(key); }
  static IntAttrStorage *construct(AttributeStorageAllocator &allocator,
                                   const KeyTy &key) {
    return new (allocator.allocate<IntAttrStorage>()) IntAttrStorage(key);
  }

  llvm::APInt value;
};
} // namespace dynamir::py::detail

IntAttr IntAttr::get(MLIRContext *context, const llvm::APInt &value) {
  unsigned width = std::max(1u, value.getSignificantBits());
  return Base::get(context, value.sextOrTrunc(width));
}

IntAttr IntAttr::get(MLIRContext *context, int64_t value) {
  return get(context, llvm::APInt(64, value, /*isSigned=*/true));
}

llvm::APInt IntAttr::getValue() const { return getImpl()->value; }

std::optional<int64_t> IntAttr::getInt64() const {
  const llvm::APInt &value = getImpl()->value;
  if (value.getBitWidth() > 64)
    return std::nullopt;
  return value.getSExtValue();
}

Attribute IntAttr::parse(AsmParser &parser, Type) {
  llvm::APInt value;
  if (parser.parseLess() || parser.parseInteger(value) || parser.parseGreater())
    return {};
  // The parser yields the narrowest unsigned-capable width; widen by one bit so
  // that a positive literal with its top bit set stays positive.
  if (!value.isNegative() || value.getBitWidth() == 0)
    value = value.zext(value.getBitWidth() + 1);
  return IntAttr::get(parser.getContext(), value);
}

void IntAttr::print(AsmPrinter &printer) const {
  printer << '<';
  getImpl()->value.print(printer.getStream(), /*isSigned=*/true);
  printer << '>';
}

//===----------------------------------------------------------------------===//
// ComplexAttr
//===----------------------------------------------------------------------===//

Attribute ComplexAttr::parse(AsmParser &parser, Type) {
  llvm::APFloat real(0.0), imag(0.0);
  if (parser.parseLess() ||
      parser.parseFloat(llvm::APFloat::IEEEdouble(), real) ||
      parser.parseComma() ||
      parser.parseFloat(llvm::APFloat::IEEEdouble(), imag) ||
      parser.parseGreater())
    return {};
  return ComplexAttr::get(parser.getContext(), real, imag);
}

void ComplexAttr::print(AsmPrinter &printer) const {
  printer << '<';
  printer.printFloat(getReal());
  printer << ", ";
  printer.printFloat(getImag());
  printer << '>';
}

//===----------------------------------------------------------------------===//
// FrozenSetAttr
//===----------------------------------------------------------------------===//

LogicalResult
FrozenSetAttr::verify(llvm::function_ref<InFlightDiagnostic()> emitError,
                      ArrayAttr elements) {
  for (Attribute element : elements)
    if (!isPythonConstant(element))
      return emitError() << "frozenset element " << element
                         << " is not a Python constant";
  return success();
}

//===----------------------------------------------------------------------===//
// PartialAttr
//===----------------------------------------------------------------------===//

LogicalResult PartialAttr::verify(llvm::function_ref<InFlightDiagnostic()> emitError,
                                  Attribute function, ArrayAttr args, ArrayAttr kwnames,
                                  ArrayAttr kwvalues) {
  if (kwnames.size() != kwvalues.size())
    return emitError() << "a partial has " << kwnames.size() << " keyword names but "
                       << kwvalues.size() << " keyword values";
  llvm::SmallDenseSet<Attribute> seen;
  for (Attribute name : kwnames)
    if (!llvm::isa<StringAttr>(name) || !seen.insert(name).second)
      return emitError() << "a partial's keyword names are distinct strings, not " << kwnames;
  return success();
}

//===----------------------------------------------------------------------===//
// TensorInputAttr
//===----------------------------------------------------------------------===//

/// `<tensor<...>` then `, requires_grad>` or `>`: the tensor attributes'
/// shared syntax.
static ParseResult parseTensorSpec(AsmParser &parser, RankedTensorType &type,
                                   bool &requiresGrad) {
  requiresGrad = false;
  if (parser.parseLess() || parser.parseType(type))
    return failure();
  if (succeeded(parser.parseOptionalComma())) {
    if (parser.parseKeyword("requires_grad"))
      return failure();
    requiresGrad = true;
  }
  return parser.parseGreater();
}

static void printTensorSpec(AsmPrinter &printer, RankedTensorType type,
                            bool requiresGrad) {
  printer << '<' << type;
  if (requiresGrad)
    printer << ", requires_grad";
  printer << '>';
}

Attribute TensorInputAttr::parse(AsmParser &parser, Type) {
  RankedTensorType type;
  bool requiresGrad;
  if (failed(parseTensorSpec(parser, type, requiresGrad)))
    return {};
  return TensorInputAttr::get(parser.getContext(), type, requiresGrad);
}

void TensorInputAttr::print(AsmPrinter &printer) const {
  printTensorSpec(printer, getType(), getRequiresGrad());
}

Attribute ParameterAttr::parse(AsmParser &parser, Type) {
  RankedTensorType type;
  bool requiresGrad;
  if (failed(parseTensorSpec(parser, type, requiresGrad)))
    return {};
  return ParameterAttr::get(parser.getContext(), type, requiresGrad);
}

void ParameterAttr::print(AsmPrinter &printer) const {
  printTensorSpec(printer, getType(), getRequiresGrad());
}

//===----------------------------------------------------------------------===//
// Constants
//===----------------------------------------------------------------------===//

bool dynamir::py::isPythonConstant(Attribute attr) {
  if (isa<NoneAttr, EllipsisAttr, IntAttr, ComplexAttr, StringAttr, BytesAttr,
          FrozenSetAttr, CodeAttr, BoolAttr>(attr))
    return true;
  if (auto f = dyn_cast<FloatAttr>(attr))
    return f.getType().isF64();
  if (auto tuple = dyn_cast<ArrayAttr>(attr))
    return llvm::all_of(tuple, isPythonConstant);
  return false;
}

#define GET_ATTRDEF_CLASSES
#include "dynamir/Dialect/Py/IR/PyAttributes.cpp.inc"

void PyDialect::registerAttributes() {
  addAttributes<
#define GET_ATTRDEF_LIST
#include "dynamir/Dialect/Py/IR/PyAttributes.cpp.inc"
      >();
}
