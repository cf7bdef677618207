//===- PyOps.cpp - Python dialect operations ------------------------------===//
//
// Verifiers, custom assembly and interface methods of the `py` ops.
//
//===----------------------------------------------------------------------===//

#include "dynamir/Dialect/Py/IR/PyOps.h"

#include "mlir/IR/Builders.h"
#include "mlir/IR/OpImplementation.h"
#include "mlir/Interfaces/FunctionImplementation.h"
#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/SmallString.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/ADT/StringSet.h"

using namespace mlir;
using namespace dynamir::py;

bool dynamir::py::mayRaise(Operation *op) {
  if (!isa<PyDialect>(op->getDialect()))
    return false;
  return !op->hasTrait<OpTrait::NoRaise>();
}

bool dynamir::py::mayRaiseBefore(Operation *terminator,
                                 function_ref<bool(Operation *)> cannotRaise) {
  return llvm::any_of(terminator->getBlock()->without_terminator(), [&](Operation &op) {
    return mayRaise(&op) && !(cannotRaise && cannotRaise(&op));
  });
}

//===----------------------------------------------------------------------===//
// Custom directives
//===----------------------------------------------------------------------===//

/// `unwind ^bb(%a, %b : !py.object, !py.object)`, or nothing.
static ParseResult
parseUnwindSuccessor(OpAsmParser &parser, SmallVectorImpl<Block *> &dest,
                     SmallVectorImpl<OpAsmParser::UnresolvedOperand> &operands,
                     SmallVectorImpl<Type> &types) {
  if (failed(parser.parseOptionalKeyword("unwind")))
    return success();
  Block *block;
  if (parser.parseSuccessor(block))
    return failure();
  dest.push_back(block);
  if (failed(parser.parseOptionalLParen()))
    return success();
  return failure(parser.parseOperandList(operands) ||
                 parser.parseColonTypeList(types) || parser.parseRParen());
}

static void printUnwindSuccessor(OpAsmPrinter &printer, Operation *,
                                 SuccessorRange dest, OperandRange operands,
                                 TypeRange) {
  if (dest.empty())
    return;
  printer << " unwind ";
  printer.printSuccessorAndUseList(dest.front(), operands);
}

//===----------------------------------------------------------------------===//
// FuncOp
//===----------------------------------------------------------------------===//

unsigned FuncOp::getNumParameters() {
  CodeFlags flags = getFlags();
  return getArgcount() + getKwonlyargcount() +
         (bitEnumContainsAll(flags, CodeFlags::varargs) ? 1 : 0) +
         (bitEnumContainsAll(flags, CodeFlags::varkeywords) ? 1 : 0);
}

ParseResult FuncOp::parse(OpAsmParser &parser, OperationState &result) {
  auto buildFuncType = [](Builder &builder, ArrayRef<Type> argTypes,
                          ArrayRef<Type> results,
                          function_interface_impl::VariadicFlag,
                          std::string &) {
    return builder.getFunctionType(argTypes, results);
  };
  return function_interface_impl::parseFunctionOp(
      parser, result, /*allowVariadic=*/false,
      getFunctionTypeAttrName(result.name), buildFuncType,
      getArgAttrsAttrName(result.name), getResAttrsAttrName(result.name));
}

void FuncOp::print(OpAsmPrinter &printer) {
  function_interface_impl::printFunctionOp(
      printer, *this, /*isVariadic=*/false, getFunctionTypeAttrName(),
      getArgAttrsAttrName(), getResAttrsAttrName());
}

LogicalResult FuncOp::verify() {
  FunctionType type = getFunctionType();
  if (!llvm::all_of(type.getInputs(), llvm::IsaPred<ObjectType>) ||
      type.getNumResults() != 1 || !isa<ObjectType>(type.getResult(0)))
    return emitOpError("expects a type of the form (!py.object, ...) -> !py.object");
  if (getPosonlyargcount() < 0 || getArgcount() < 0 || getKwonlyargcount() < 0)
    return emitOpError("expects non-negative argument counts");
  if (getPosonlyargcount() > getArgcount())
    return emitOpError("has more positional-only parameters (")
           << getPosonlyargcount() << ") than positional parameters ("
           << getArgcount() << ")";
  unsigned numParameters = getNumParameters();
  if (getVarnames().size() < numParameters)
    return emitOpError("names ") << getVarnames().size()
                                 << " locals but has " << numParameters
                                 << " parameters";
  unsigned expected = numParameters + getFreevars().size();
  if (type.getNumInputs() != expected)
    return emitOpError("expects ")
           << expected << " arguments (" << numParameters
           << " parameters and " << getFreevars().size()
           << " free-variable cells), but its type has " << type.getNumInputs();
  if (isExternal())
    return emitOpError("expects a body");
  if (getBody().front().getNumArguments() != expected)
    return emitOpError("entry block has ")
           << getBody().front().getNumArguments() << " arguments, expected "
           << expected;
  return success();
}

void FuncOp::getAsmBlockArgumentNames(Region &region,
                                      OpAsmSetValueNameFn setNameFn) {
  if (&region != &getBody() || region.empty())
    return;
  Block &entry = region.front();
  unsigned numParameters = getNumParameters();
  ArrayAttr varnames = getVarnames(), freevars = getFreevars();
  for (auto [index, arg] : llvm::enumerate(entry.getArguments())) {
    StringAttr name;
    if (index < numParameters && index < varnames.size())
      name = dyn_cast<StringAttr>(varnames[index]);
    else if (index >= numParameters && index - numParameters < freevars.size())
      name = dyn_cast<StringAttr>(freevars[index - numParameters]);
    if (name && !name.getValue().empty())
      setNameFn(arg, name.getValue());
  }
}

//===----------------------------------------------------------------------===//
// ConstantOp
//===----------------------------------------------------------------------===//

OpFoldResult ConstantOp::fold(FoldAdaptor) { return getValue(); }

LogicalResult ConstantOp::verify() {
  if (!isPythonConstant(getValue()))
    return emitOpError("expects a Python constant attribute, got ")
           << getValue();
  return success();
}

void ConstantOp::getAsmResultNames(OpAsmSetValueNameFn setNameFn) {
  Attribute value = getValue();
  if (isa<NoneAttr>(value)) {
    setNameFn(getResult(), "none");
  } else if (auto b = dyn_cast<BoolAttr>(value)) {
    setNameFn(getResult(), b.getValue() ? "true" : "false");
  } else if (auto i = dyn_cast<IntAttr>(value)) {
    std::optional<int64_t> v = i.getInt64();
    if (!v)
      return;
    SmallString<32> name("c");
    if (*v < 0)
      name += "_neg";
    name += std::to_string(*v < 0 ? -static_cast<uint64_t>(*v)
                                  : static_cast<uint64_t>(*v));
    setNameFn(getResult(), name);
  } else if (isa<CodeAttr>(value)) {
    setNameFn(getResult(), "code");
  }
}

//===----------------------------------------------------------------------===//
// Named loads
//===----------------------------------------------------------------------===//

void LoadGlobalOp::getAsmResultNames(OpAsmSetValueNameFn setNameFn) {
  setNameFn(getResult(), getName());
}

void LoadNameOp::getAsmResultNames(OpAsmSetValueNameFn setNameFn) {
  setNameFn(getResult(), getName());
}

void ImportNameOp::getAsmResultNames(OpAsmSetValueNameFn setNameFn) {
  setNameFn(getResult(), getName());
}

//===----------------------------------------------------------------------===//
// CallOp
//===----------------------------------------------------------------------===//

// py.call %f(%a, %b, key = %c, "ключ" = %d)
ParseResult CallOp::parse(OpAsmParser &parser, OperationState &result) {
  OpAsmParser::UnresolvedOperand callee;
  SmallVector<OpAsmParser::UnresolvedOperand> arguments;
  SmallVector<Attribute> kwnames;
  if (parser.parseOperand(callee))
    return failure();
  auto parseArgument = [&]() -> ParseResult {
    OpAsmParser::UnresolvedOperand operand;
    OptionalParseResult positional = parser.parseOptionalOperand(operand);
    if (positional.has_value()) {
      if (failed(*positional))
        return failure();
      if (!kwnames.empty())
        return parser.emitError(parser.getCurrentLocation(),
                                "positional argument follows keyword argument");
      arguments.push_back(operand);
      return success();
    }
    std::string name;
    if (parser.parseKeywordOrString(&name) || parser.parseEqual() ||
        parser.parseOperand(operand))
      return failure();
    kwnames.push_back(parser.getBuilder().getStringAttr(name));
    arguments.push_back(operand);
    return success();
  };
  if (parser.parseCommaSeparatedList(OpAsmParser::Delimiter::Paren,
                                     parseArgument) ||
      parser.parseOptionalAttrDict(result.attributes))
    return failure();
  Type object = ObjectType::get(parser.getContext());
  if (parser.resolveOperand(callee, object, result.operands) ||
      parser.resolveOperands(arguments, object, result.operands))
    return failure();
  if (!kwnames.empty())
    result.addAttribute(getKwnamesAttrName(result.name),
                        parser.getBuilder().getArrayAttr(kwnames));
  result.addTypes(object);
  return success();
}

/// Prints `name` bare when the MLIR lexer reads it back as a keyword.
static void printKeywordOrString(OpAsmPrinter &printer, StringRef name) {
  auto isKeywordChar = [](char c) {
    return llvm::isAlnum(c) || c == '_' || c == '$' || c == '.';
  };
  if (!name.empty() && (llvm::isAlpha(name.front()) || name.front() == '_') &&
      llvm::all_of(name, isKeywordChar))
    printer << name;
  else
    printer.printString(name);
}

void CallOp::print(OpAsmPrinter &printer) {
  printer << ' ' << getCallee() << '(';
  OperandRange positional = getPositionalArguments();
  printer << positional;
  for (auto [name, value] : llvm::zip(getKwnames(), getKeywordArguments())) {
    if (&name != &*getKwnames().begin() || !positional.empty())
      printer << ", ";
    printKeywordOrString(printer, cast<StringAttr>(name).getValue());
    printer << " = " << value;
  }
  printer << ')';
  printer.printOptionalAttrDict((*this)->getAttrs(),
                                {getKwnamesAttrName().getValue()});
}

/// Keyword names that name some of the arguments, each once.
static LogicalResult verifyKeywordNames(Operation *op, ArrayAttr kwnames,
                                        size_t numArguments) {
  if (kwnames.size() > numArguments)
    return op->emitOpError("names ") << kwnames.size() << " keyword arguments but has "
                                     << numArguments << " arguments";
  llvm::StringSet<> seen;
  for (Attribute name : kwnames)
    if (!seen.insert(cast<StringAttr>(name).getValue()).second)
      return op->emitOpError("repeats keyword argument '")
             << cast<StringAttr>(name).getValue() << "'";
  return success();
}

LogicalResult CallOp::verify() {
  return verifyKeywordNames(*this, getKwnames(), getArguments().size());
}

//===----------------------------------------------------------------------===//
// CheckInitReturnOp
//===----------------------------------------------------------------------===//

LogicalResult CheckInitReturnOp::canonicalize(CheckInitReturnOp op, PatternRewriter &rewriter) {
  auto constant = op.getResult().getDefiningOp<ConstantOp>();
  if (!constant || !isa<NoneAttr>(constant.getValue()))
    return failure();
  rewriter.eraseOp(op);
  return success();
}

/// `seq * n` or `n * seq` of a tuple display, or of a list display nothing
/// else sees, and a constant int: the display repeated (none for n <= 0).
static LogicalResult repeatDisplay(BinaryOp op, PatternRewriter &rewriter) {
  Value lhs = op.getLhs(), rhs = op.getRhs();
  // An int or a bool (`__index__`); a negative count repeats nothing.
  auto countOf = [](Value value) -> std::optional<int64_t> {
    auto constant = value.getDefiningOp<ConstantOp>();
    if (!constant)
      return std::nullopt;
    if (auto flag = dyn_cast<BoolAttr>(constant.getValue()))
      return flag.getValue() ? 1 : 0;
    auto count = dyn_cast<IntAttr>(constant.getValue());
    std::optional<int64_t> n = count ? count.getInt64() : std::nullopt;
    return n ? std::optional<int64_t>(std::max<int64_t>(*n, 0)) : std::nullopt;
  };
  Operation *display = lhs.getDefiningOp();
  std::optional<int64_t> count = countOf(rhs);
  if (!count) {
    display = rhs.getDefiningOp();
    count = countOf(lhs);
  }
  bool isTuple = isa_and_present<BuildTupleOp>(display);
  bool isList = isa_and_present<BuildListOp>(display) && display->getResult(0).hasOneUse();
  // A bound on what a display may grow to: beyond it, the op stays.
  constexpr int64_t kMaxElements = 4096;
  if (!count || (!isTuple && !isList) ||
      (display->getNumOperands() &&
       *count > kMaxElements / static_cast<int64_t>(display->getNumOperands())))
    return failure();
  SmallVector<Value> elements;
  for (int64_t i = 0; i < *count; ++i)
    llvm::append_range(elements, display->getOperands());
  if (isTuple)
    rewriter.replaceOpWithNewOp<BuildTupleOp>(op, op.getType(), elements);
  else
    rewriter.replaceOpWithNewOp<BuildListOp>(op, op.getType(), elements);
  return success();
}

LogicalResult BinaryOp::canonicalize(BinaryOp op, PatternRewriter &rewriter) {
  if (op.getKind() == BinaryOpKind::mul || op.getKind() == BinaryOpKind::imul)
    return repeatDisplay(op, rewriter);
  if (op.getKind() != BinaryOpKind::add && op.getKind() != BinaryOpKind::iadd)
    return failure();
  // Two constants fold; a display and a constant, or two displays, concatenate.
  Value lhs = op.getLhs(), rhs = op.getRhs();
  auto lhsTuple = lhs.getDefiningOp<BuildTupleOp>(), rhsTuple = rhs.getDefiningOp<BuildTupleOp>();
  auto constantTuple = [](Value value) -> ArrayAttr {
    auto constant = value.getDefiningOp<ConstantOp>();
    return constant ? dyn_cast<ArrayAttr>(constant.getValue()) : ArrayAttr();
  };
  ArrayAttr lhsConstant = constantTuple(lhs), rhsConstant = constantTuple(rhs);
  if (!(lhsTuple || lhsConstant) || !(rhsTuple || rhsConstant) || (lhsConstant && rhsConstant))
    return failure();
  SmallVector<Value> elements;
  auto append = [&](BuildTupleOp tuple, ArrayAttr constant) {
    if (tuple) {
      llvm::append_range(elements, tuple.getElements());
      return;
    }
    for (Attribute element : constant)
      elements.push_back(rewriter.create<ConstantOp>(op.getLoc(), op.getType(), element));
  };
  append(lhsTuple, lhsConstant);
  append(rhsTuple, rhsConstant);
  rewriter.replaceOpWithNewOp<BuildTupleOp>(op, op.getType(), elements);
  return success();
}

LogicalResult CheckBoundOp::canonicalize(CheckBoundOp op, PatternRewriter &rewriter) {
  // Only `py.null` stands for an unbound local; a block argument may carry it.
  Operation *def = op.getValue().getDefiningOp();
  if (!def || isa<NullOp>(def))
    return failure();
  rewriter.eraseOp(op);
  return success();
}

//===----------------------------------------------------------------------===//
// InitInstanceOp
//===----------------------------------------------------------------------===//

LogicalResult InitInstanceOp::verify() {
  return verifyKeywordNames(*this, getKwnames(), getArguments().size());
}

//===----------------------------------------------------------------------===//
// BuildDictOp
//===----------------------------------------------------------------------===//

// py.build_dict(%k0 : %v0, %k1 : %v1)
ParseResult BuildDictOp::parse(OpAsmParser &parser, OperationState &result) {
  SmallVector<OpAsmParser::UnresolvedOperand> keys, values;
  auto parsePair = [&]() -> ParseResult {
    return failure(parser.parseOperand(keys.emplace_back()) ||
                   parser.parseColon() ||
                   parser.parseOperand(values.emplace_back()));
  };
  if (parser.parseCommaSeparatedList(OpAsmParser::Delimiter::Paren, parsePair) ||
      parser.parseOptionalAttrDict(result.attributes))
    return failure();
  Type object = ObjectType::get(parser.getContext());
  if (parser.resolveOperands(keys, object, result.operands) ||
      parser.resolveOperands(values, object, result.operands))
    return failure();
  result.addTypes(object);
  return success();
}

void BuildDictOp::print(OpAsmPrinter &printer) {
  printer << '(';
  llvm::interleaveComma(llvm::zip(getKeys(), getValues()), printer,
                        [&](auto pair) {
                          printer << std::get<0>(pair) << " : "
                                  << std::get<1>(pair);
                        });
  printer << ')';
  printer.printOptionalAttrDict((*this)->getAttrs());
}

//===----------------------------------------------------------------------===//
// Unpacking
//===----------------------------------------------------------------------===//

LogicalResult UnpackSequenceOp::inferReturnTypes(
    MLIRContext *context, std::optional<Location>, ValueRange operands,
    DictionaryAttr attributes, OpaqueProperties properties, RegionRange regions,
    SmallVectorImpl<Type> &inferredReturnTypes) {
  Adaptor adaptor(operands, attributes, properties, regions);
  int64_t count = adaptor.getCount();
  if (count < 0)
    return failure();
  inferredReturnTypes.assign(count, ObjectType::get(context));
  return success();
}

LogicalResult UnpackSequenceOp::verify() {
  if (getCount() < 0 || static_cast<uint64_t>(getCount()) != getNumResults())
    return emitOpError("expects ") << getCount() << " results, got "
                                   << getNumResults();
  return success();
}

LogicalResult UnpackExOp::inferReturnTypes(
    MLIRContext *context, std::optional<Location>, ValueRange operands,
    DictionaryAttr attributes, OpaqueProperties properties, RegionRange regions,
    SmallVectorImpl<Type> &inferredReturnTypes) {
  Adaptor adaptor(operands, attributes, properties, regions);
  int64_t before = adaptor.getBefore(), after = adaptor.getAfter();
  if (before < 0 || after < 0)
    return failure();
  inferredReturnTypes.assign(before + 1 + after, ObjectType::get(context));
  return success();
}

LogicalResult UnpackExOp::verify() {
  if (getBefore() < 0 || getAfter() < 0 ||
      static_cast<uint64_t>(getBefore() + 1 + getAfter()) != getNumResults())
    return emitOpError("expects before + 1 + after results");
  return success();
}

//===----------------------------------------------------------------------===//
// MakeFunctionOp
//===----------------------------------------------------------------------===//

LogicalResult
MakeFunctionOp::verifySymbolUses(SymbolTableCollection &symbolTable) {
  auto callee = symbolTable.lookupNearestSymbolFrom<FuncOp>(*this, getFunctionAttr());
  if (!callee)
    return emitOpError("'") << getFunction() << "' does not name a py.func";
  bool needsClosure = !callee.getFreevars().empty();
  if (needsClosure != static_cast<bool>(getClosure()))
    return emitOpError(needsClosure ? "needs a closure for the "
                                    : "has a closure, but ")
           << callee.getFreevars().size() << " free variables of '"
           << getFunction() << "'";
  return success();
}

//===----------------------------------------------------------------------===//
// CallIntrinsicOp
//===----------------------------------------------------------------------===//

LogicalResult CallIntrinsicOp::verify() {
  unsigned expected = 1;
  switch (getKind()) {
  case IntrinsicKind::typevar:
  case IntrinsicKind::paramspec:
  case IntrinsicKind::typevartuple:
  case IntrinsicKind::subscript_generic:
  case IntrinsicKind::typealias:
    expected = 1;
    break;
  case IntrinsicKind::typevar_with_bound:
  case IntrinsicKind::typevar_with_constraints:
  case IntrinsicKind::set_function_type_params:
  case IntrinsicKind::set_typeparam_default:
    expected = 2;
    break;
  }
  if (getArguments().size() != expected)
    return emitOpError("'") << stringifyIntrinsicKind(getKind()) << "' takes "
                            << expected << " arguments, got "
                            << getArguments().size();
  return success();
}

//===----------------------------------------------------------------------===//
// Exceptions
//===----------------------------------------------------------------------===//

static LogicalResult verifyUnwind(Operation *op, SuccessorRange dest,
                                  OperandRange operands) {
  if (dest.size() > 1)
    return op->emitOpError("has more than one unwind destination");
  if (dest.empty() && !operands.empty())
    return op->emitOpError("has unwind operands but no unwind destination");
  return success();
}

LogicalResult RaiseOp::verify() {
  if (getCause() && !getException())
    return emitOpError("has a cause but no exception");
  return verifyUnwind(*this, getUnwindDest(), getUnwindOperands());
}

SuccessorOperands RaiseOp::getSuccessorOperands(unsigned) {
  return SuccessorOperands(getUnwindOperandsMutable());
}

LogicalResult ReraiseOp::verify() {
  return verifyUnwind(*this, getUnwindDest(), getUnwindOperands());
}

SuccessorOperands ReraiseOp::getSuccessorOperands(unsigned) {
  return SuccessorOperands(getUnwindOperandsMutable());
}

LogicalResult ExceptionStoreOp::verify() {
  // BaseException's fields, and those of the builtin subclasses whose
  // `__init__` the capture passes model.
  static constexpr llvm::StringLiteral kFields[] = {
      "args", "__context__", "__cause__", "__suppress_context__", "__traceback__",
      "value", "code", "name", "obj", "msg", "path", "name_from"};
  if (!llvm::is_contained(kFields, getName()))
    return emitOpError("stores '") << getName() << "', which no builtin exception keeps "
                                   << "outside its __dict__";
  return success();
}

SuccessorOperands UnwindBranchOp::getSuccessorOperands(unsigned index) {
  return SuccessorOperands(index == 0 ? getDestOperandsMutable()
                                      : getUnwindOperandsMutable());
}

/// Whether `succIndex` of `terminator` is an unwind edge.
static bool isUnwindEdge(Operation *terminator, unsigned succIndex) {
  if (isa<UnwindBranchOp>(terminator))
    return succIndex == 1;
  return isa<RaiseOp, ReraiseOp>(terminator);
}

LogicalResult LandingPadOp::inferReturnTypes(
    MLIRContext *context, std::optional<Location>, ValueRange operands,
    DictionaryAttr attributes, OpaqueProperties properties, RegionRange regions,
    SmallVectorImpl<Type> &inferredReturnTypes) {
  Adaptor adaptor(operands, attributes, properties, regions);
  inferredReturnTypes.assign(adaptor.getLasti() ? 2 : 1, ObjectType::get(context));
  return success();
}

LogicalResult LandingPadOp::verify() {
  Block *block = (*this)->getBlock();
  if (&block->front() != getOperation())
    return emitOpError("must be the first operation of its block");
  if (block->isEntryBlock())
    return emitOpError("cannot be in an entry block");
  for (auto it = block->pred_begin(), e = block->pred_end(); it != e; ++it) {
    Operation *terminator = (*it)->getTerminator();
    if (!isUnwindEdge(terminator, it.getSuccessorIndex()))
      return emitOpError("is reached by a non-unwind edge from '")
             << terminator->getName() << "'";
  }
  return success();
}

#define GET_OP_CLASSES
#include "dynamir/Dialect/Py/IR/PyOps.cpp.inc"

LogicalResult AutogradBackwardOp::verify() {
  ArrayRef<int64_t> positions = getInputPositions();
  if (positions.size() != getInputs().size())
    return emitOpError("has ") << getInputs().size() << " inputs but "
                               << positions.size() << " input_positions";
  for (auto [i, position] : llvm::enumerate(positions))
    if (position < 0 || static_cast<uint64_t>(position) >= getNumArgs() || (i > 0 && position <= positions[i - 1]))
      return emitOpError("input_positions must be increasing indices of the ")
             << getNumArgs() << " arguments";
  if (getGradOutputs().getTypes() != getOutputs().getTypes())
    return emitOpError("needs a gradient placeholder of each output's type");
  if (!getTuple() && getOutputs().size() != 1)
    return emitOpError("returns one output unless it is a tuple");
  return success();
}

LogicalResult CheckStrResultOp::verify() {
  if (getMethod() != "__str__" && getMethod() != "__repr__")
    return emitOpError("checks what __str__ or __repr__ returned, not ") << getMethod();
  return success();
}
