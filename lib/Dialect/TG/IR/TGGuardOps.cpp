//===- TGGuardOps.cpp - Tensor graph guards -------------------------------===//
//
// Verifiers, folders and descriptions of the guard ops. A description is the
// expectation in Python terms, as Dynamo's guard failure messages state it.
//
//===----------------------------------------------------------------------===//

#include "dynamir/Dialect/Py/IR/PyAttributes.h"
#include "dynamir/Dialect/Py/IR/PyOps.h"
#include "dynamir/Dialect/TG/IR/TGOps.h"

#include "mlir/IR/Builders.h"
#include "mlir/IR/PatternMatch.h"
#include "llvm/ADT/SmallPtrSet.h"
#include "llvm/ADT/TypeSwitch.h"

using namespace mlir;
using namespace dynamir;
using namespace dynamir::tg;

SmallVector<int64_t> dynamir::tg::getContiguousStrides(ArrayRef<int64_t> shape) {
  SmallVector<int64_t> strides(shape.size());
  int64_t stride = 1;
  for (int64_t i = static_cast<int64_t>(shape.size()) - 1; i >= 0; --i) {
    strides[i] = stride;
    stride *= std::max<int64_t>(shape[i], 1);
  }
  return strides;
}

#include "dynamir/Dialect/TG/IR/TGInterfaces.cpp.inc"

/// A guard re-checking what the guard producing its input already proved is
/// that guard: same op, same source and check, same refined type.
static OpFoldResult foldRepeatedGuard(Operation *guard) {
  Operation *producer = guard->getOperand(0).getDefiningOp();
  if (!producer || producer->getName() != guard->getName() ||
      producer->getAttrDictionary() != guard->getAttrDictionary() ||
      producer->getResult(0).getType() != guard->getResult(0).getType())
    return {};
  return producer->getResult(0);
}

/// A class or object named by a symbol (`@MLP`) or a qualified name.
static void describeNamed(raw_ostream &os, Attribute named) {
  if (auto symbol = dyn_cast<FlatSymbolRefAttr>(named))
    os << symbol.getValue();
  else
    os << cast<StringAttr>(named).getValue();
}

/// A Python constant as Python's repr() writes it, where that is simple.
static void describeConstant(raw_ostream &os, Attribute value) {
  llvm::TypeSwitch<Attribute>(value)
      .Case<py::NoneAttr>([&](auto) { os << "None"; })
      .Case<BoolAttr>([&](BoolAttr b) { os << (b.getValue() ? "True" : "False"); })
      .Case<py::IntAttr>([&](py::IntAttr i) { os << i.getValue(); })
      .Case<IntegerAttr>([&](IntegerAttr i) { os << i.getValue(); })
      .Case<FloatAttr>([&](FloatAttr f) { os << f.getValueAsDouble(); })
      .Case<StringAttr>([&](StringAttr s) { os << "'" << s.getValue() << "'"; })
      .Case<ArrayAttr>([&](ArrayAttr tuple) {
        // A tuple, as Python writes it: `(8,)`, `(2, 3)`.
        os << '(';
        llvm::interleaveComma(tuple, os, [&](Attribute e) { describeConstant(os, e); });
        os << (tuple.size() == 1 ? ",)" : ")");
      })
      .Default([&](Attribute other) { os << other; });
}

//===----------------------------------------------------------------------===//
// TYPE_MATCH, ID_MATCH
//===----------------------------------------------------------------------===//

void GuardTypeOp::describeExpectation(raw_ostream &os) {
  os << "type is ";
  describeNamed(os, getCls());
}

OpFoldResult GuardTypeOp::fold(FoldAdaptor) { return foldRepeatedGuard(*this); }

void GuardIdOp::describeExpectation(raw_ostream &os) {
  os << "is ";
  describeNamed(os, getObject());
}

OpFoldResult GuardIdOp::fold(FoldAdaptor) { return foldRepeatedGuard(*this); }

//===----------------------------------------------------------------------===//
// CONSTANT_MATCH
//===----------------------------------------------------------------------===//

LogicalResult GuardConstantOp::verify() {
  Attribute value = getValue();
  if (isa<py::CodeAttr>(value))
    return emitOpError("compares code objects by identity: use "
                       "tg.guard_closure or tg.guard_id");
  if (!py::isPythonConstant(value))
    return emitOpError("expects a Python constant, got ") << value;
  return success();
}

StringRef GuardConstantOp::getDispatchedCheckName() {
  if (isa<py::NoneAttr>(getValue()))
    return "NONE_MATCH";
  if (isa<BoolAttr>(getValue()))
    return "BOOL_MATCH";
  return "EQUALS_MATCH";
}

void GuardConstantOp::describeExpectation(raw_ostream &os) {
  os << getDispatchedCheckName()
     << (isa<py::NoneAttr, BoolAttr>(getValue()) ? ", is " : ", == ");
  describeConstant(os, getValue());
}

OpFoldResult GuardConstantOp::fold(FoldAdaptor) {
  return foldRepeatedGuard(*this);
}

//===----------------------------------------------------------------------===//
// TENSOR_MATCH
//===----------------------------------------------------------------------===//

LogicalResult GuardTensorOp::verify() {
  RankedTensorType type = getType();
  if (!type.hasStaticShape())
    return emitOpError("expects static sizes, got ") << type;
  if (getStrides().size() != static_cast<size_t>(type.getRank()))
    return emitOpError("expects ")
           << type.getRank() << " strides for " << type << ", got "
           << getStrides().size();
  if (llvm::any_of(getStrides(), [](int64_t stride) { return stride < 0; }))
    return emitOpError("expects non-negative strides");
  if (getRequiresGrad() &&
      !isFloatingPoint(*getDType(type.getElementType())))
    return emitOpError("only tensors of floating point dtype can require "
                       "gradients");
  return success();
}

void GuardTensorOp::describeExpectation(raw_ostream &os) {
  RankedTensorType type = getType();
  os << "dtype=" << getDTypeName(*getDType(type.getElementType()))
     << ", device=cpu, size=[";
  llvm::interleaveComma(type.getShape(), os);
  os << "], stride=[";
  llvm::interleaveComma(getStrides(), os);
  os << "], requires_grad=" << (getRequiresGrad() ? "True" : "False");
}

OpFoldResult GuardTensorOp::fold(FoldAdaptor) { return foldRepeatedGuard(*this); }

//===----------------------------------------------------------------------===//
// CLOSURE_MATCH
//===----------------------------------------------------------------------===//

LogicalResult
GuardClosureOp::verifySymbolUses(SymbolTableCollection &symbolTable) {
  Operation *code = symbolTable.lookupNearestSymbolFrom(*this, getCodeAttr());
  if (!isa_and_present<py::FuncOp>(code))
    return emitOpError("expects '") << getCode() << "' to name a py.func";
  return success();
}

void GuardClosureOp::describeExpectation(raw_ostream &os) {
  os << "__code__ is the code of " << getCode();
}

OpFoldResult GuardClosureOp::fold(FoldAdaptor) {
  return foldRepeatedGuard(*this);
}

//===----------------------------------------------------------------------===//
// HASATTR
//===----------------------------------------------------------------------===//

void GuardHasAttrOp::describeExpectation(raw_ostream &os) {
  os << (getAbsent() ? "not " : "") << "hasattr '" << getName() << "'";
}

OpFoldResult GuardHasAttrOp::fold(FoldAdaptor) {
  return foldRepeatedGuard(*this);
}

//===----------------------------------------------------------------------===//
// SEQUENCE_LENGTH
//===----------------------------------------------------------------------===//

LogicalResult GuardLengthOp::verify() {
  if (static_cast<int64_t>(getLength()) < 0)
    return emitOpError("expects a non-negative length, got ")
           << static_cast<int64_t>(getLength());
  return success();
}

void GuardLengthOp::describeExpectation(raw_ostream &os) {
  os << "type is ";
  describeNamed(os, getCls());
  os << ", len == " << static_cast<int64_t>(getLength());
}

OpFoldResult GuardLengthOp::fold(FoldAdaptor) { return foldRepeatedGuard(*this); }

//===----------------------------------------------------------------------===//
// DICT_KEYS_MATCH
//===----------------------------------------------------------------------===//

LogicalResult GuardDictKeysOp::verify() {
  llvm::SmallPtrSet<Attribute, 8> seen;
  for (Attribute key : getKeys()) {
    if (!py::isPythonConstant(key) || isa<py::CodeAttr>(key))
      return emitOpError("expects constant keys, got ") << key;
    if (!seen.insert(key).second)
      return emitOpError("has the key ") << key << " twice";
  }
  return success();
}

void GuardDictKeysOp::describeExpectation(raw_ostream &os) {
  os << "keys == [";
  llvm::interleaveComma(getKeys(), os,
                        [&](Attribute key) { describeConstant(os, key); });
  os << "]";
}

OpFoldResult GuardDictKeysOp::fold(FoldAdaptor) {
  return foldRepeatedGuard(*this);
}

//===----------------------------------------------------------------------===//
// AssumeOp
//===----------------------------------------------------------------------===//

LogicalResult AssumeOp::verify() {
  if (!getGuard().getDefiningOp<GuardOpInterface>())
    return emitOpError("expects the result of a guard");
  return success();
}

LogicalResult AssumeOp::canonicalize(AssumeOp op, PatternRewriter &rewriter) {
  // One assumption of a guard per block is enough; where in the block does
  // not matter, so this one stays and the others go, all at once (a guard
  // read in an unrolled loop has one per iteration).
  SmallVector<Operation *> others;
  for (Operation *user : op.getGuard().getUsers())
    if (isa<AssumeOp>(user) && user != op && user->getBlock() == op->getBlock())
      others.push_back(user);
  for (Operation *other : others)
    rewriter.eraseOp(other);
  return success(!others.empty());
}
