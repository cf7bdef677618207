//===- ImportPyc.cpp - Import CPython bytecode into the py dialect --------===//
//
// Turns each code object of a `.pyc` into a `py.func`:
//
//  1. decode the instructions, the location table and the exception table;
//  2. split the code into basic blocks: at jump targets, after jumps and
//     returns, at handler targets and exception-table boundaries, and inside a
//     protected range before a fast-local store that follows another
//     instruction (so that a handler sees the same locals whichever op of the
//     block raised);
//  3. visit the reachable blocks in reverse post-order, simulating the
//     evaluation stack: every instruction becomes the `py` op(s) of its action,
//     stack slots and fast locals become SSA values, and values that meet at a
//     join become block arguments (Braun et al.'s on-the-fly SSA construction,
//     with trivial block arguments removed as soon as they are found);
//  4. emit the terminators: `cf.br`/`cf.cond_br`, `py.return`, `py.raise`, and
//     for blocks covered by the exception table, `py.unwind_br` (or the unwind
//     successor of `py.raise`/`py.reraise`) towards a block that begins with
//     `py.landing_pad`.
//
// Stack depths and NULL slots are checked at every join: bytecode whose stack
// disagrees with itself is rejected, never guessed at.
//
//===----------------------------------------------------------------------===//

#include "dynamir/Target/Pyc/ImportPyc.h"

#include "dynamir/Dialect/Py/IR/PyOps.h"
#include "dynamir/Target/Pyc/Bytecode.h"
#include "dynamir/Target/Pyc/Marshal.h"

#include "mlir/Dialect/ControlFlow/IR/ControlFlowOps.h"
#include "mlir/IR/Builders.h"
#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/Diagnostics.h"
#include "llvm/ADT/BitVector.h"
#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/DenseSet.h"
#include "llvm/ADT/SetVector.h"
#include "llvm/ADT/StringSwitch.h"
#include "llvm/Support/FormatVariadic.h"

#include <array>
#include <atomic>
#include <functional>

using namespace mlir;
using namespace dynamir;
using namespace dynamir::pyc;
using llvm::StringRef;

namespace {

/// Attributes that the code objects of one pyc ask for again and again: names
/// and locations. Each trip to the context's uniquer hashes the key and takes
/// its locks; a local table is several times cheaper.
class AttributeCache {
public:
  explicit AttributeCache(MLIRContext *context)
      : context(context), emptyArray(ArrayAttr::get(context, {})) {}

  /// `value` must be a slice of the pyc buffer (or other storage that
  /// outlives the cache and holds nothing else at that address). Marshal
  /// writes a string that code objects share once and refers back to it, so
  /// its address names it: the key is hashed without reading the bytes.
  StringAttr getString(StringRef value) {
    StringAttr &attr = strings[{value.data(), value.size()}];
    if (!attr)
      attr = StringAttr::get(context, value);
    return attr;
  }

  Location getFileLineCol(StringAttr filename, unsigned line, unsigned column) {
    // An instruction that repeats a position follows the one it repeats
    // closely: a small direct-mapped table catches nearly every repeat (all
    // but a few thousand of the 3.12 stdlib's 1.3 million), where a map of
    // every position costs a cache miss per instruction on a large module.
    RecentLocation &recent =
        recentLocations[(line * 31 + column) % recentLocations.size()];
    if (!recent.loc || recent.line != line || recent.column != column ||
        recent.filename != filename)
      recent = {filename, line, column,
                FileLineColLoc::get(filename, line, column)};
    return recent.loc;
  }

  ArrayAttr getEmptyArray() const { return emptyArray; }
  /// Most code objects have no cells or free variables.
  ArrayAttr getArray(ArrayRef<Attribute> elements) {
    return elements.empty() ? emptyArray : ArrayAttr::get(context, elements);
  }

  IntegerAttr getI64(int64_t value) {
    IntegerAttr &attr = integers[value];
    if (!attr)
      attr = IntegerAttr::get(IntegerType::get(context, 64), value);
    return attr;
  }

private:
  MLIRContext *context;
  ArrayAttr emptyArray;
  /// Keys are slices of the pyc buffer, which outlives the import.
  llvm::DenseMap<std::pair<const char *, size_t>, StringAttr> strings;
  llvm::DenseMap<int64_t, IntegerAttr> integers;
  struct RecentLocation {
    StringAttr filename;
    unsigned line, column;
    LocationAttr loc;
  };
  std::array<RecentLocation, 256> recentLocations = {};
};

/// The registered names of the ops the importer creates, looked up once per
/// pyc rather than once per op. Each op class gets a slot the first time any
/// import asks for it, so that a lookup is an index, not a hash.
class OpNameCache {
public:
  explicit OpNameCache(MLIRContext *context) : context(context) {}

  template <typename OpTy>
  OperationName get() {
    static const unsigned slot = nextSlot++;
    if (slot >= names.size())
      names.resize(slot + 1, nullptr);
    void *&name = names[slot];
    if (!name)
      name = OperationName(OpTy::getOperationName(), context).getAsOpaquePointer();
    return OperationName::getFromOpaquePointer(name);
  }

private:
  static std::atomic<unsigned> nextSlot;
  MLIRContext *context;
  SmallVector<void *, 32> names;
};
std::atomic<unsigned> OpNameCache::nextSlot{0};

/// Builds the attribute of a marshalled constant.
class ConstantBuilder {
public:
  ConstantBuilder(AttributeCache &cache, MLIRContext *context,
                  const llvm::DenseMap<const CodeObject *, StringAttr> &symbols)
      : cache(cache), context(context), symbols(symbols) {}

  Attribute get(const MarshalObject *obj) {
    using Kind = MarshalObject::Kind;
    switch (obj->kind) {
    case Kind::None:
      return py::NoneAttr::get(context);
    case Kind::Ellipsis:
      return py::EllipsisAttr::get(context);
    case Kind::False:
    case Kind::True:
      return BoolAttr::get(context, obj->kind == Kind::True);
    case Kind::Int:
      return py::IntAttr::get(context, obj->getInt());
    case Kind::Float:
      return FloatAttr::get(Float64Type::get(context), obj->floatValue);
    case Kind::Complex:
      return py::ComplexAttr::get(context, llvm::APFloat(obj->floatValue),
                                  llvm::APFloat(obj->imagValue));
    case Kind::Str:
      return cache.getString(obj->bytes);
    case Kind::Bytes:
      return py::BytesAttr::get(context, obj->bytes);
    case Kind::Tuple:
    case Kind::FrozenSet: {
      SmallVector<Attribute> elements;
      elements.reserve(obj->elements.size());
      for (const MarshalObject *element : obj->elements) {
        Attribute attr = get(element);
        if (!attr)
          return {};
        elements.push_back(attr);
      }
      ArrayAttr array = ArrayAttr::get(context, elements);
      if (obj->kind == Kind::Tuple)
        return array;
      return py::FrozenSetAttr::get(context, array);
    }
    case Kind::Code:
      codeOfSymbol[symbols.lookup(obj->code)] = obj->code;
      return py::CodeAttr::get(
          context, FlatSymbolRefAttr::get(symbols.lookup(obj->code)));
    case Kind::Null:
    case Kind::StopIteration:
    case Kind::List:
    case Kind::Dict:
    case Kind::Set:
      return {};
    }
    return {};
  }

  /// The code object a `#py.code` constant built here refers to.
  const CodeObject *lookupCode(StringAttr symbol) const {
    return codeOfSymbol.lookup(symbol);
  }

private:
  AttributeCache &cache;
  MLIRContext *context;
  const llvm::DenseMap<const CodeObject *, StringAttr> &symbols;
  llvm::DenseMap<StringAttr, const CodeObject *> codeOfSymbol;
};

/// Number of free variables of `code` (cells its closure must supply).
static size_t countFreeVars(const CodeObject &code) {
  return llvm::count_if(code.localspluskinds,
                        [](char kind) { return uint8_t(kind) & CO_FAST_FREE; });
}

/// Whether `op` defines a fast-local slot.
static bool writesLocal(Opcode op) {
  switch (op) {
  case Opcode::STORE_FAST:
  case Opcode::DELETE_FAST:
  case Opcode::STORE_FAST_LOAD_FAST:
  case Opcode::STORE_FAST_STORE_FAST:
  case Opcode::LOAD_FAST_AND_CLEAR:
  case Opcode::MAKE_CELL:
    return true;
  default:
    return false;
  }
}

/// Whether `op` creates no op (and so needs no location) in `version`: it
/// only moves values between the stack and fast locals, or does nothing.
static bool onlyMovesValues(Opcode op, PythonVersion version) {
  switch (op) {
  case Opcode::NOP:
  case Opcode::RESUME:
  case Opcode::PRECALL:
  case Opcode::KW_NAMES:
  case Opcode::COPY_FREE_VARS:
  case Opcode::PUSH_NULL:
  case Opcode::POP_TOP:
  case Opcode::END_FOR:
  case Opcode::END_SEND:
  case Opcode::COPY:
  case Opcode::SWAP:
  case Opcode::LOAD_CLOSURE:
  case Opcode::LOAD_FAST_LOAD_FAST:
  case Opcode::LOAD_FAST_AND_CLEAR:
  case Opcode::STORE_FAST:
  case Opcode::STORE_FAST_LOAD_FAST:
  case Opcode::STORE_FAST_STORE_FAST:
    return true;
  case Opcode::LOAD_FAST:
    // 3.11's LOAD_FAST may need a py.check_bound.
    return version.atLeast(12);
  default:
    return false;
  }
}

/// Whether `op` can raise an exception. Conservative: only instructions that
/// merely move values around, and a few that cannot fail, are known not to.
static bool mayRaise(Opcode op, PythonVersion version) {
  if (onlyMovesValues(op, version))
    return false;
  switch (op) {
  case Opcode::LOAD_CONST:
  case Opcode::RETURN_CONST:
  case Opcode::RETURN_VALUE:
  case Opcode::MAKE_CELL:
  case Opcode::LOAD_ASSERTION_ERROR:
  case Opcode::PUSH_EXC_INFO:
  case Opcode::POP_EXCEPT:
  case Opcode::JUMP_FORWARD:
  case Opcode::JUMP_BACKWARD:
  case Opcode::JUMP_BACKWARD_NO_INTERRUPT:
    return false;
  default:
    // 3.11's LOAD_FAST raises UnboundLocalError; later ones are proven bound
    // (and only move values).
    return true;
  }
}

/// Whether `op` never falls through to the next instruction.
static bool endsBlock(Opcode op) {
  switch (op) {
  case Opcode::RETURN_VALUE:
  case Opcode::RETURN_CONST:
  case Opcode::RAISE_VARARGS:
  case Opcode::RERAISE:
  case Opcode::JUMP_FORWARD:
  case Opcode::JUMP_BACKWARD:
  case Opcode::JUMP_BACKWARD_NO_INTERRUPT:
    return true;
  default:
    return false;
  }
}

namespace {
/// The questions above, answered for every opcode of one version: block
/// splitting and the visitor ask several of them of every instruction.
struct OpcodeTraits {
  bool writesLocal : 1;
  bool onlyMovesValues : 1;
  bool mayRaise : 1;
  bool endsBlock : 1;
};
using OpcodeTraitsTable = std::array<OpcodeTraits, size_t(Opcode::Invalid) + 1>;
} // namespace

/// The traits table of `version` (3.11-3.13, which the pyc reader checks).
static const OpcodeTraitsTable &getOpcodeTraits(PythonVersion version) {
  static const std::array<OpcodeTraitsTable, 3> tables = [] {
    std::array<OpcodeTraitsTable, 3> result;
    for (unsigned minor = 11; minor <= 13; ++minor)
      for (size_t i = 0; i <= size_t(Opcode::Invalid); ++i) {
        Opcode op = Opcode(i);
        PythonVersion version{minor};
        result[minor - 11][i] = {writesLocal(op), onlyMovesValues(op, version),
                                 mayRaise(op, version), endsBlock(op)};
      }
    return result;
  }();
  assert(version.minor >= 11 && version.minor <= 13 && "unsupported version");
  return tables[version.minor - 11];
}

/// A basic block of the bytecode.
struct BytecodeBlock {
  enum class ExitKind { Branch, CondBranch, Return, Raise, Reraise };
  /// An in-edge: from block `from`, as its successor number `succIndex`, or as
  /// its unwind edge.
  struct Edge {
    unsigned from;
    unsigned succIndex;
    bool unwind;
  };

  /// Instructions [first, last); empty for the synthetic entry block and for a
  /// landing block made for a handler that is also reached without unwinding.
  unsigned first = 0, last = 0;
  /// The exception table entry covering the block, or -1.
  int handler = -1;
  /// The exception table entry whose `py.landing_pad` begins the block, or -1.
  int landingEntry = -1;
  /// Normal successors, in order: the fallthrough (if any), then the target.
  SmallVector<unsigned, 2> successors;
  /// The landing block this block unwinds to, or -1.
  int unwindTo = -1;
  /// In-edges, in the order phis record their incoming values.
  SmallVector<Edge, 4> preds;

  Block *block = nullptr;
  bool reachable = false;
  bool filled = false;
  bool sealed = false;
  unsigned unfilledPreds = 0;
  /// Entry stack shape: whether each slot holds CPython's NULL.
  std::optional<SmallVector<bool, 8>> entryShape;
  unsigned entryShapeFrom = 0;
  /// Entry stack values (null Values for NULL slots).
  SmallVector<Value, 8> entryStack;
  /// The stack below the handler's depth where the block's ops may raise: what
  /// the unwind edge carries.
  SmallVector<Value, 8> unwindStack;
  /// The stack along each normal out-edge, parallel to `successors`.
  SmallVector<SmallVector<Value, 8>, 2> exitStacks;
  ExitKind exitKind = ExitKind::Branch;
  /// CondBranch: whether the condition being true takes the jump (successor 1)
  /// rather than the fallthrough (successor 0).
  bool jumpWhenTrue = true;
  /// The condition of CondBranch, the value of Return, the exception and cause
  /// of Raise, the exception of Reraise.
  SmallVector<Value, 2> exitOperands;
  std::optional<Location> exitLoc;
  /// Phis created before the block was sealed.
  SmallVector<BlockArgument, 4> incompletePhis;
};

/// A block argument that joins the values of one variable.
struct Phi {
  unsigned blockIndex;
  /// A fast-local index >= 0, or -1 - slot for a stack slot.
  int64_t variable;
  /// Incoming values, parallel to the block's `preds`, once complete.
  SmallVector<Value, 4> incoming;
  bool removed = false;
};

/// Imports one code object into a `py.func`.
class FunctionImporter {
public:
  FunctionImporter(const CodeObject &code, PythonVersion version,
                   StringAttr symbol, ModuleOp module,
                   const llvm::DenseMap<const CodeObject *, StringAttr> &symbols,
                   AttributeCache &cache, OpNameCache &opNames,
                   StringRef bufferName)
      : code(code), version(version), opcodeTraits(&getOpcodeTraits(version)),
        symbol(symbol), module(module),
        context(module.getContext()), builder(context), cache(cache),
        opNames(opNames), emptyDictionary(DictionaryAttr::get(context)),
        constants(cache, context, symbols), bufferName(bufferName),
        objectType(py::ObjectType::get(context)) {}

  LogicalResult run();
  size_t getNumInstructions() const { return instructions.size(); }

private:
  //===--------------------------------------------------------------------===//
  // Diagnostics and locations
  //===--------------------------------------------------------------------===//

  InFlightDiagnostic error(const Instruction *inst, const llvm::Twine &message) {
    InFlightDiagnostic diag =
        emitError(inst ? locationOf(*inst) : functionLoc());
    diag << message;
    if (inst)
      diag << " (" << getOpcodeName(inst->op) << " at offset "
           << 2 * inst->index << " of code object '" << code.qualname
           << "' in " << bufferName << ")";
    else
      diag << " (code object '" << code.qualname << "' in " << bufferName
           << ")";
    return diag;
  }

  Location functionLoc() {
    if (func)
      return func.getLoc();
    return cache.getFileLineCol(cache.getString(code.filename),
                                std::max<int32_t>(code.firstlineno, 0), 0);
  }

  Location locationOf(const Instruction &inst) {
    const SourcePosition &pos = positions[inst.index];
    if (pos.line < 0)
      return functionLoc();
    return cache.getFileLineCol(filenameAttr, pos.line,
                                pos.column < 0 ? 0 : pos.column + 1);
  }

  //===--------------------------------------------------------------------===//
  // CFG
  //===--------------------------------------------------------------------===//

  LogicalResult buildBlocks();
  int exceptionEntryAt(uint32_t unit) const;
  OpcodeTraits traitsOf(const Instruction &inst) const {
    return (*opcodeTraits)[size_t(inst.op)];
  }
  unsigned blockAt(uint32_t unit) const { return blockOfUnit[unit]; }
  void computeOrder();

  //===--------------------------------------------------------------------===//
  // SSA construction
  //===--------------------------------------------------------------------===//

  Value resolve(Value value) const {
    while (value) {
      auto it = replacements.find(value);
      if (it == replacements.end())
        break;
      value = it->second;
    }
    return value;
  }
  Value readLocal(unsigned blockIndex, unsigned local);
  Value readLocalRecursive(unsigned blockIndex, unsigned local);
  BlockArgument newPhi(unsigned blockIndex, int64_t variable);
  Value addPhiOperands(BlockArgument arg);
  Value tryRemoveTrivialPhi(BlockArgument arg);
  void sealBlock(unsigned blockIndex);
  Value edgeValue(const BytecodeBlock::Edge &edge, int64_t variable);
  unsigned edgeIndex(unsigned succ, unsigned from, unsigned succIndex,
                     bool unwind);

  LogicalResult visitBlock(unsigned blockIndex);
  LogicalResult setEntryShape(unsigned blockIndex, ArrayRef<bool> shape,
                              unsigned fromBlock, const Instruction *inst);
  void emitTerminators();
  void removeRedundantChecks();

  //===--------------------------------------------------------------------===//
  // Instruction semantics
  //===--------------------------------------------------------------------===//

  LogicalResult visitInstruction(const Instruction &inst);

  LogicalResult pop(const Instruction &inst, Value &out) {
    if (stack.empty())
      return error(&inst, "stack underflow");
    out = stack.pop_back_val();
    if (!out)
      return error(&inst, "unexpected NULL on the stack");
    return success();
  }
  /// Pops a slot that may hold NULL (a null Value).
  LogicalResult popMaybeNull(const Instruction &inst, Value &out) {
    if (stack.empty())
      return error(&inst, "stack underflow");
    out = stack.pop_back_val();
    return success();
  }
  /// Pops `n` values into `out`, deepest first.
  LogicalResult popN(const Instruction &inst, unsigned n,
                     SmallVectorImpl<Value> &out) {
    if (stack.size() < n)
      return error(&inst, llvm::formatv("stack underflow: needs {0} values, "
                                        "has {1}",
                                        n, stack.size())
                              .str());
    out.assign(stack.end() - n, stack.end());
    stack.resize(stack.size() - n);
    if (llvm::any_of(out, [](Value v) { return !v; }))
      return error(&inst, "unexpected NULL on the stack");
    return success();
  }
  /// The value `depth` slots from the top (1 is the top).
  LogicalResult peek(const Instruction &inst, unsigned depth, Value &out,
                     bool allowNull = false) {
    if (depth == 0 || stack.size() < depth)
      return error(&inst, llvm::formatv("stack underflow: reads slot {0} of "
                                        "{1}",
                                        depth, stack.size())
                              .str());
    out = stack[stack.size() - depth];
    if (!out && !allowNull)
      return error(&inst, "unexpected NULL on the stack");
    return success();
  }
  void push(Value value) { stack.push_back(value); }
  void pushNull() { stack.push_back(Value()); }

  LogicalResult getName(const Instruction &inst, uint32_t index,
                        StringAttr &out) {
    if (index >= code.names.size())
      return error(&inst, llvm::formatv("name index {0} out of range ({1} "
                                        "names)",
                                        index, code.names.size())
                              .str());
    if (!nameAttrs[index])
      nameAttrs[index] = cache.getString(code.names[index]);
    out = nameAttrs[index];
    return success();
  }
  LogicalResult getConst(const Instruction &inst, uint32_t index,
                         Attribute &out) {
    if (index >= code.consts.size())
      return error(&inst, llvm::formatv("constant index {0} out of range ({1} "
                                        "constants)",
                                        index, code.consts.size())
                              .str());
    if (!constAttrs[index])
      constAttrs[index] = constants.get(code.consts[index]);
    out = constAttrs[index];
    if (!out)
      return error(&inst, llvm::formatv("constant {0} is not an immutable "
                                        "Python value",
                                        index)
                              .str());
    return success();
  }
  LogicalResult checkLocal(const Instruction &inst, uint32_t index) {
    if (index >= code.numLocalsPlus())
      return error(&inst, llvm::formatv("local index {0} out of range ({1} "
                                        "locals)",
                                        index, code.numLocalsPlus())
                              .str());
    return success();
  }
  /// The names of a keyword-argument tuple: a constant tuple of strs.
  LogicalResult getKwnames(const Instruction &inst, Attribute attr,
                           ArrayAttr &out);
  Value loadLocal(unsigned index) { return readLocal(currentBlock, index); }
  void storeLocal(unsigned index, Value value) {
    localDef(currentBlock, index) = value;
  }
  /// Creates an `OpTy` without regions at the insertion point, from its
  /// properties. OpBuilder::create fills an OperationState, looks the op's
  /// name up and heap-allocates its properties on the way; the importer
  /// creates millions of ops, and its most frequent ones skip that (the
  /// verifier checks what the ODS builders would have ensured).
  template <typename OpTy>
  OpTy create(Location loc, TypeRange results, ValueRange operands,
              typename PropertiesSelector<OpTy>::type properties = {},
              BlockRange successors = {}) {
    Operation *op = Operation::create(loc, opNames.get<OpTy>(), results,
                                      operands, emptyDictionary,
                                      OpaqueProperties(&properties), successors,
                                      /*numRegions=*/0);
    builder.insert(op);
    return cast<OpTy>(op);
  }
  /// The ops below have operand segments, which `create` leaves to its caller.
  py::MakeFunctionOp createMakeFunction(Location loc, FlatSymbolRefAttr function,
                                        Value defaults, Value kwdefaults,
                                        Value annotations, Value closure) {
    py::MakeFunctionOp::Properties properties;
    properties.function = function;
    Value segments[] = {defaults, kwdefaults, annotations, closure};
    SmallVector<Value, 4> operands;
    for (auto [i, operand] : llvm::enumerate(segments)) {
      properties.operandSegmentSizes[i] = operand ? 1 : 0;
      if (operand)
        operands.push_back(operand);
    }
    return create<py::MakeFunctionOp>(loc, objectType, operands, properties);
  }
  void createUnwindBranch(Location loc, ValueRange destOperands,
                          ValueRange unwindOperands, Block *dest,
                          Block *unwindDest) {
    py::UnwindBranchOp::Properties properties;
    properties.operandSegmentSizes = {int32_t(destOperands.size()),
                                      int32_t(unwindOperands.size())};
    SmallVector<Value, 8> operands(destOperands);
    llvm::append_range(operands, unwindOperands);
    create<py::UnwindBranchOp>(loc, {}, operands, properties, {dest, unwindDest});
  }
  void createCondBranch(Location loc, Value condition, Block *trueDest,
                        ValueRange trueOperands, Block *falseDest,
                        ValueRange falseOperands) {
    cf::CondBranchOp::Properties properties;
    properties.operandSegmentSizes = {1, int32_t(trueOperands.size()),
                                      int32_t(falseOperands.size())};
    SmallVector<Value, 8> operands{condition};
    llvm::append_range(operands, trueOperands);
    llvm::append_range(operands, falseOperands);
    create<cf::CondBranchOp>(loc, {}, operands, properties, {trueDest, falseDest});
  }
  Value constant(Location loc, Attribute value) {
    py::ConstantOp::Properties properties;
    properties.value = value;
    return create<py::ConstantOp>(loc, objectType, {}, properties);
  }
  /// A closure must supply exactly the callee's free variables; CPython
  /// would read past the closure tuple otherwise.
  LogicalResult checkClosure(py::MakeFunctionOp make) {
    const CodeObject *callee = constants.lookupCode(make.getFunctionAttr().getAttr());
    size_t numFree = callee ? countFreeVars(*callee) : 0;
    Value closure = make.getClosure();
    if (!closure && numFree == 0)
      return success();
    auto tuple = closure ? closure.getDefiningOp<py::BuildTupleOp>()
                         : py::BuildTupleOp();
    if (tuple && tuple.getElements().size() == numFree)
      return success();
    InFlightDiagnostic diag = emitError(make.getLoc());
    if (!closure)
      diag << "makes a function of '" << make.getFunction() << "', which has "
           << numFree << " free variables, without a closure";
    else
      diag << "the closure of '" << make.getFunction()
           << "' is not a tuple of its " << numFree << " free-variable cells";
    diag << " (code object '" << code.qualname << "' in " << bufferName << ")";
    return failure();
  }
  LogicalResult emitCall(const Instruction &inst, unsigned argc,
                         ArrayAttr kwnames, Location loc);
  /// 3.11's `super()` with its implicit arguments; null where CPython would
  /// raise RuntimeError instead.
  Value emitZeroArgSuper(Value superFn, Location loc);
  LogicalResult emitLoadFast(const Instruction &inst, unsigned index,
                             bool checked, Location loc);
  LogicalResult emitCondJump(const Instruction &inst, Value condition,
                             bool jumpWhenTrue);
  StringAttr localName(unsigned index) {
    if (!localNameAttrs[index])
      localNameAttrs[index] = cache.getString(code.localsplusnames[index]);
    return localNameAttrs[index];
  }
  StringRef intrinsicName(bool binary, uint32_t index) const;

  // Inputs.
  const CodeObject &code;
  PythonVersion version;
  const OpcodeTraitsTable *opcodeTraits;
  StringAttr symbol;
  ModuleOp module;
  MLIRContext *context;
  OpBuilder builder;
  AttributeCache &cache;
  OpNameCache &opNames;
  DictionaryAttr emptyDictionary;
  ConstantBuilder constants;
  StringRef bufferName;
  Type objectType;
  StringAttr filenameAttr;

  // Names and constants by index, built on first use.
  SmallVector<StringAttr, 0> nameAttrs;
  SmallVector<StringAttr, 0> localNameAttrs;
  SmallVector<Attribute, 0> constAttrs;

  // Decoded tables.
  SmallVector<Instruction, 0> instructions;
  SmallVector<SourcePosition, 0> positions;
  SmallVector<ExceptionTableEntry, 4> exceptionEntries;

  // CFG.
  SmallVector<BytecodeBlock, 0> blocks;
  /// The block starting at each code unit (only block starts are set).
  SmallVector<unsigned, 0> blockOfUnit;
  llvm::DenseMap<uint32_t, unsigned> landingOfTarget;
  SmallVector<unsigned, 0> order;
  unsigned entryBlockIndex = 0;
  unsigned numParameters = 0;

  // SSA construction.
  py::FuncOp func;
  /// CPython's NULL in a fast local that holds nothing yet: a `py.null` at
  /// the top of the entry block, made the first time a read needs it (most
  /// functions store every local before reading it).
  Value unboundValue;
  Value getUnbound() {
    if (!unboundValue) {
      OpBuilder::InsertionGuard guard(builder);
      builder.setInsertionPointToStart(blocks[entryBlockIndex].block);
      unboundValue = create<py::NullOp>(func.getLoc(), objectType, {});
    }
    return unboundValue;
  }
  bool isUnbound(Value value) const {
    return unboundValue && value == unboundValue;
  }
  llvm::DenseMap<Value, Value> replacements;
  llvm::DenseMap<BlockArgument, Phi> phis;
  /// Current definitions of fast locals (Braun et al.'s currentDef), one row
  /// of code.numLocalsPlus() values per block.
  SmallVector<Value, 0> localDefs;
  Value &localDef(unsigned blockIndex, unsigned local) {
    return localDefs[blockIndex * code.numLocalsPlus() + local];
  }
  /// Phis that have a given phi among their incoming values.
  llvm::DenseMap<BlockArgument, SmallVector<BlockArgument, 2>> phiUsers;
  SmallVector<Operation *, 0> boundChecks;
  /// Ops to check or clean up once the function is built, collected as they
  /// are created rather than found by walking the function.
  SmallVector<py::MakeFunctionOp, 0> madeFunctions;
  /// Functions that SET_FUNCTION_ATTRIBUTE rebuilt with an attribute. Each
  /// is erased once the function is built, when nothing refers to it: a
  /// local or a stack slot may still name it until then.
  SmallVector<py::MakeFunctionOp, 0> replacedFunctions;
  llvm::SetVector<Operation *> foldedConstants;

  // Simulation state of the block being visited.
  unsigned currentBlock = 0;
  SmallVector<Value, 16> stack;
  std::optional<SmallVector<Value, 8>> jumpStack;
  ArrayAttr pendingKwnames;
};

} // namespace

//===----------------------------------------------------------------------===//
// CFG construction
//===----------------------------------------------------------------------===//

int FunctionImporter::exceptionEntryAt(uint32_t unit) const {
  // Entries are sorted and disjoint.
  auto it = llvm::upper_bound(exceptionEntries, unit,
                              [](uint32_t u, const ExceptionTableEntry &e) {
                                return u < e.start;
                              });
  if (it == exceptionEntries.begin())
    return -1;
  --it;
  return unit < it->end ? static_cast<int>(it - exceptionEntries.begin()) : -1;
}

LogicalResult FunctionImporter::buildBlocks() {
  size_t numInsts = instructions.size();
  // The instruction starting at each code unit, or -1.
  SmallVector<int32_t, 0> instOfUnit(code.numCodeUnits() + 1, -1);
  for (auto [i, inst] : llvm::enumerate(instructions))
    instOfUnit[inst.start] = i;

  llvm::BitVector leader(numInsts + 1);
  leader.set(0);
  for (auto [i, inst] : llvm::enumerate(instructions)) {
    if (inst.hasTarget())
      leader.set(instOfUnit[inst.target]);
    if (inst.hasTarget() || traitsOf(inst).endsBlock)
      leader.set(i + 1);
  }
  for (const ExceptionTableEntry &entry : exceptionEntries) {
    for (uint32_t unit : {entry.start, entry.end, entry.target}) {
      if (unit == code.numCodeUnits())
        continue;
      if (instOfUnit[unit] < 0)
        return error(nullptr, llvm::formatv("the exception table refers to "
                                            "offset {0}, which is not the start "
                                            "of an instruction",
                                            2 * unit)
                                  .str());
      leader.set(instOfUnit[unit]);
    }
  }
  // Under a handler, a fast-local store that follows an instruction of the
  // block that could raise starts a new block, so that a block writes locals
  // only before its first op that could raise.
  bool sawRaising = false;
  for (auto [i, inst] : llvm::enumerate(instructions)) {
    if (leader.test(i))
      sawRaising = false;
    if (traitsOf(inst).writesLocal && sawRaising &&
        exceptionEntryAt(inst.start) >= 0) {
      leader.set(i);
      sawRaising = false;
    }
    if (traitsOf(inst).mayRaise)
      sawRaising = true;
  }

  blockOfUnit.assign(code.numCodeUnits(), 0);
  blocks.reserve(leader.count() + exceptionEntries.size() + 1);
  for (unsigned i = 0; i < numInsts;) {
    unsigned end = i + 1;
    while (end < numInsts && !leader.test(end))
      ++end;
    blockOfUnit[instructions[i].start] = blocks.size();
    BytecodeBlock &block = blocks.emplace_back();
    block.first = i;
    block.last = end;
    block.handler = exceptionEntryAt(instructions[i].start);
    i = end;
  }

  size_t numBytecodeBlocks = blocks.size();
  for (unsigned b = 0; b < numBytecodeBlocks; ++b) {
    BytecodeBlock &block = blocks[b];
    const Instruction &lastInst = instructions[block.last - 1];
    if (!traitsOf(lastInst).endsBlock) {
      if (block.last == numInsts)
        return error(&lastInst, "control falls off the end of the code");
      block.successors.push_back(blockAt(instructions[block.last].start));
    }
    if (lastInst.hasTarget())
      block.successors.push_back(blockAt(lastInst.target));
  }

  // Handler targets that are also reached without unwinding get a landing
  // block of their own.
  // The first block is entered from the function's entry.
  llvm::DenseSet<unsigned> normallyReached{0};
  for (unsigned b = 0; b < numBytecodeBlocks; ++b)
    normallyReached.insert(blocks[b].successors.begin(),
                           blocks[b].successors.end());
  for (auto [index, entry] : llvm::enumerate(exceptionEntries)) {
    if (landingOfTarget.count(entry.target))
      continue;
    unsigned target = blockAt(entry.target);
    if (!normallyReached.count(target)) {
      blocks[target].landingEntry = index;
      landingOfTarget[entry.target] = target;
      continue;
    }
    unsigned first = blocks[target].first;
    landingOfTarget[entry.target] = blocks.size();
    BytecodeBlock &landing = blocks.emplace_back();
    landing.first = landing.last = first;
    landing.landingEntry = index;
    landing.successors.push_back(target);
  }
  for (BytecodeBlock &block : blocks)
    if (block.handler >= 0)
      block.unwindTo =
          landingOfTarget.lookup(exceptionEntries[block.handler].target);

  // The synthetic entry block: it holds the function's arguments and branches
  // to the first bytecode block, which may be a loop header.
  entryBlockIndex = blocks.size();
  blocks.emplace_back().successors.push_back(0);

  for (unsigned b = 0; b < blocks.size(); ++b) {
    for (auto [i, s] : llvm::enumerate(blocks[b].successors))
      blocks[s].preds.push_back({b, static_cast<unsigned>(i), false});
    if (blocks[b].unwindTo >= 0)
      blocks[blocks[b].unwindTo].preds.push_back({b, 0, true});
  }
  return success();
}

void FunctionImporter::computeOrder() {
  // Iterative DFS over normal and unwind edges; reverse post-order puts every
  // block after its DFS-tree parent, so each visited block has a filled
  // predecessor that fixed its entry stack.
  auto numSuccs = [&](unsigned b) {
    return blocks[b].successors.size() + (blocks[b].unwindTo >= 0 ? 1 : 0);
  };
  auto succAt = [&](unsigned b, unsigned i) -> unsigned {
    if (i < blocks[b].successors.size())
      return blocks[b].successors[i];
    return blocks[b].unwindTo;
  };
  SmallVector<std::pair<unsigned, unsigned>, 32> worklist;
  SmallVector<unsigned, 0> postorder;
  blocks[entryBlockIndex].reachable = true;
  worklist.push_back({entryBlockIndex, 0});
  while (!worklist.empty()) {
    auto &[b, next] = worklist.back();
    if (next < numSuccs(b)) {
      unsigned s = succAt(b, next++);
      if (!blocks[s].reachable) {
        blocks[s].reachable = true;
        worklist.push_back({s, 0});
      }
      continue;
    }
    postorder.push_back(b);
    worklist.pop_back();
  }
  order.assign(postorder.rbegin(), postorder.rend());
  // Unreachable code is not imported; its edges do not count.
  for (BytecodeBlock &block : blocks)
    if (block.reachable)
      llvm::erase_if(block.preds, [&](const BytecodeBlock::Edge &edge) {
        return !blocks[edge.from].reachable;
      });
}

//===----------------------------------------------------------------------===//
// SSA construction (Braun et al., "Simple and Efficient Construction of Static
// Single Assignment Form", CC 2013). Stack slots are variables too, but their
// value along an edge is the predecessor's exit stack for that edge.
//===----------------------------------------------------------------------===//

BlockArgument FunctionImporter::newPhi(unsigned blockIndex, int64_t variable) {
  BlockArgument arg =
      blocks[blockIndex].block->addArgument(objectType, func.getLoc());
  phis[arg] = Phi{blockIndex, variable, {}, false};
  return arg;
}

Value FunctionImporter::readLocal(unsigned blockIndex, unsigned local) {
  if (Value value = localDef(blockIndex, local))
    return resolve(value);
  return readLocalRecursive(blockIndex, local);
}

Value FunctionImporter::readLocalRecursive(unsigned blockIndex, unsigned local) {
  BytecodeBlock &block = blocks[blockIndex];
  Value value;
  if (!block.sealed) {
    BlockArgument arg = newPhi(blockIndex, local);
    blocks[blockIndex].incompletePhis.push_back(arg);
    value = arg;
  } else if (block.preds.size() == 1) {
    value = readLocal(block.preds.front().from, local);
  } else if (block.preds.empty()) {
    value = getUnbound();
  } else {
    BlockArgument arg = newPhi(blockIndex, local);
    localDef(blockIndex, local) = arg;
    value = addPhiOperands(arg);
  }
  localDef(blockIndex, local) = value;
  return value;
}

Value FunctionImporter::edgeValue(const BytecodeBlock::Edge &edge,
                                  int64_t variable) {
  if (variable >= 0)
    return readLocal(edge.from, variable);
  unsigned slot = -1 - variable;
  const BytecodeBlock &pred = blocks[edge.from];
  if (edge.unwind)
    return resolve(pred.unwindStack[slot]);
  return resolve(pred.exitStacks[edge.succIndex][slot]);
}

unsigned FunctionImporter::edgeIndex(unsigned succ, unsigned from,
                                     unsigned succIndex, bool unwind) {
  for (auto [i, edge] : llvm::enumerate(blocks[succ].preds))
    if (edge.from == from && edge.unwind == unwind &&
        (unwind || edge.succIndex == succIndex))
      return i;
  llvm_unreachable("no such edge");
}

Value FunctionImporter::addPhiOperands(BlockArgument arg) {
  unsigned blockIndex = phis[arg].blockIndex;
  int64_t variable = phis[arg].variable;
  SmallVector<Value, 4> incoming;
  // Copy the edges: reading a local may create phis and grow other tables.
  SmallVector<BytecodeBlock::Edge, 4> preds(blocks[blockIndex].preds);
  for (const BytecodeBlock::Edge &edge : preds) {
    Value value = edgeValue(edge, variable);
    incoming.push_back(value);
    if (auto other = dyn_cast<BlockArgument>(value))
      if (phis.count(other))
        phiUsers[other].push_back(arg);
  }
  phis[arg].incoming = std::move(incoming);
  return tryRemoveTrivialPhi(arg);
}

Value FunctionImporter::tryRemoveTrivialPhi(BlockArgument arg) {
  Phi &phi = phis[arg];
  if (phi.removed)
    return resolve(arg);
  Value same;
  for (Value incoming : phi.incoming) {
    Value value = resolve(incoming);
    if (value == same || value == arg)
      continue;
    if (same)
      return arg;
    same = value;
  }
  if (!same)
    same = getUnbound();
  phi.removed = true;
  replacements[arg] = same;
  arg.replaceAllUsesWith(same);
  SmallVector<BlockArgument, 2> users = phiUsers.lookup(arg);
  for (BlockArgument user : users)
    if (user != arg && !phis[user].removed &&
        phis[user].incoming.size() == blocks[phis[user].blockIndex].preds.size())
      tryRemoveTrivialPhi(user);
  return resolve(same);
}

void FunctionImporter::sealBlock(unsigned blockIndex) {
  if (blocks[blockIndex].sealed)
    return;
  blocks[blockIndex].sealed = true;
  SmallVector<BlockArgument, 4> pending =
      std::move(blocks[blockIndex].incompletePhis);
  for (BlockArgument arg : pending)
    addPhiOperands(arg);
}

LogicalResult FunctionImporter::setEntryShape(unsigned blockIndex,
                                              ArrayRef<bool> shape,
                                              unsigned fromBlock,
                                              const Instruction *inst) {
  BytecodeBlock &block = blocks[blockIndex];
  if (!block.entryShape) {
    block.entryShape.emplace(shape.begin(), shape.end());
    block.entryShapeFrom = fromBlock;
    return success();
  }
  if (ArrayRef<bool>(*block.entryShape) == shape)
    return success();
  // Where an edge comes from: the end of a block, or the function's entry.
  auto origin = [&](unsigned b) -> std::string {
    const BytecodeBlock &other = blocks[b];
    if (b == entryBlockIndex)
      return "the function's entry";
    if (other.first == other.last)
      return "an exception handler's landing";
    return llvm::formatv("offset {0}", 2 * instructions[other.last - 1].index);
  };
  int64_t target =
      block.first < instructions.size() ? 2 * instructions[block.first].start : -1;
  if (block.entryShape->size() != shape.size())
    return error(inst, llvm::formatv("stack depths disagree at the join at "
                                     "offset {0}: {1} from {2}, {3} from {4}",
                                     target, block.entryShape->size(),
                                     origin(block.entryShapeFrom), shape.size(),
                                     origin(fromBlock))
                           .str());
  return error(inst, llvm::formatv("the stack at the join at offset {0} holds "
                                   "NULL in different slots along the edges "
                                   "from {1} and from {2}",
                                   target, origin(block.entryShapeFrom),
                                   origin(fromBlock))
                         .str());
}

LogicalResult FunctionImporter::visitBlock(unsigned blockIndex) {
  currentBlock = blockIndex;
  BytecodeBlock &block = blocks[blockIndex];
  builder.setInsertionPointToEnd(block.block);
  pendingKwnames = {};
  jumpStack.reset();

  // Entry stack: NULL slots stay NULL, a single predecessor passes its values
  // on, a join gets phis.
  assert(block.entryShape && "visited before any predecessor");
  SmallVector<bool, 8> shape(*block.entryShape);
  block.entryStack.clear();
  bool single = block.sealed && block.preds.size() == 1;
  for (auto [slot, isNull] : llvm::enumerate(shape)) {
    int64_t variable = -1 - static_cast<int64_t>(slot);
    if (isNull) {
      blocks[blockIndex].entryStack.push_back(Value());
      continue;
    }
    if (single) {
      blocks[blockIndex].entryStack.push_back(
          edgeValue(blocks[blockIndex].preds.front(), variable));
      continue;
    }
    BlockArgument arg = newPhi(blockIndex, variable);
    Value value = arg;
    if (blocks[blockIndex].sealed)
      value = addPhiOperands(arg);
    else
      blocks[blockIndex].incompletePhis.push_back(arg);
    blocks[blockIndex].entryStack.push_back(value);
  }
  stack.assign(blocks[blockIndex].entryStack.begin(),
               blocks[blockIndex].entryStack.end());

  if (blocks[blockIndex].landingEntry >= 0) {
    const ExceptionTableEntry &entry =
        exceptionEntries[blocks[blockIndex].landingEntry];
    const BytecodeBlock &b = blocks[blockIndex];
    Location loc = b.first < instructions.size()
                       ? locationOf(instructions[b.first])
                       : functionLoc();
    Type results[] = {objectType, objectType};
    auto landing = create<py::LandingPadOp>(
        loc, ArrayRef(results).take_front(entry.pushLasti ? 2 : 1), {},
        {entry.pushLasti ? UnitAttr::get(context) : UnitAttr()});
    if (entry.pushLasti)
      push(landing.getResult(1));
    push(landing.getResult(0));
  }

  blocks[blockIndex].exitKind = BytecodeBlock::ExitKind::Branch;
  unsigned first = blocks[blockIndex].first, last = blocks[blockIndex].last;
  int handler = blocks[blockIndex].handler;
  unsigned depth = handler >= 0 ? exceptionEntries[handler].depth : 0;
  std::optional<SmallVector<Value, 8>> unwindStack;
  for (unsigned i = first; i < last; ++i) {
    const Instruction &inst = instructions[i];
    // Every op of the block that may raise must see the same stack below the
    // handler's depth: that is what the unwind edge passes.
    if (handler >= 0 && traitsOf(inst).mayRaise) {
      if (stack.size() < depth)
        return error(&inst, llvm::formatv("the exception handler at offset {0} "
                                          "expects {1} stack items below it, "
                                          "but the stack has {2}",
                                          2 * exceptionEntries[handler].target,
                                          depth, stack.size())
                                .str());
      ArrayRef<Value> prefix = ArrayRef<Value>(stack).take_front(depth);
      if (!unwindStack)
        unwindStack.emplace(prefix.begin(), prefix.end());
      else if (ArrayRef<Value>(*unwindStack) != prefix)
        return error(&inst, "the stack below the exception handler's depth "
                            "changes between instructions that may raise");
    }
    if (failed(visitInstruction(inst)))
      return failure();
  }
  if (handler >= 0 && !unwindStack) {
    // Nothing here raises: the edge is never taken, but must be well-formed.
    ArrayRef<Value> from = stack.size() >= depth
                               ? ArrayRef<Value>(stack)
                               : ArrayRef<Value>(blocks[blockIndex].entryStack);
    if (from.size() < depth)
      return error(&instructions[first], "the stack is shallower than the "
                                         "exception handler's depth");
    unwindStack.emplace(from.begin(), from.begin() + depth);
  }
  if (unwindStack)
    blocks[blockIndex].unwindStack.assign(unwindStack->begin(), unwindStack->end());

  BytecodeBlock &done = blocks[blockIndex];
  const Instruction *lastInst = last > first ? &instructions[last - 1] : nullptr;
  done.exitStacks.clear();
  for (unsigned i = 0; i < done.successors.size(); ++i) {
    if (i == 1 && jumpStack)
      done.exitStacks.emplace_back(jumpStack->begin(), jumpStack->end());
    else
      done.exitStacks.emplace_back(stack.begin(), stack.end());
  }

  if (done.unwindTo >= 0) {
    SmallVector<bool, 8> prefix;
    for (Value v : done.unwindStack)
      prefix.push_back(!v);
    if (failed(setEntryShape(done.unwindTo, prefix, blockIndex,
                             &instructions[done.first])))
      return failure();
  }
  for (unsigned i = 0; i < blocks[blockIndex].successors.size(); ++i) {
    SmallVector<bool, 8> succShape;
    for (Value v : blocks[blockIndex].exitStacks[i])
      succShape.push_back(!v);
    if (failed(setEntryShape(blocks[blockIndex].successors[i], succShape,
                             blockIndex, lastInst)))
      return failure();
  }
  blocks[blockIndex].filled = true;
  return success();
}

//===----------------------------------------------------------------------===//
// Instructions
//===----------------------------------------------------------------------===//

LogicalResult FunctionImporter::getKwnames(const Instruction &inst,
                                           Attribute attr, ArrayAttr &out) {
  auto tuple = dyn_cast_or_null<ArrayAttr>(attr);
  if (!tuple || !llvm::all_of(tuple, llvm::IsaPred<StringAttr>))
    return error(&inst, "keyword names are not a constant tuple of strs");
  out = tuple;
  return success();
}

StringRef FunctionImporter::intrinsicName(bool binary, uint32_t index) const {
#define PYC_INTRINSIC1(MINOR, INDEX, NAME)                                     \
  if (!binary && version.minor == MINOR && index == INDEX)                     \
    return #NAME;
#define PYC_INTRINSIC2(MINOR, INDEX, NAME)                                     \
  if (binary && version.minor == MINOR && index == INDEX)                      \
    return #NAME;
#include "dynamir/Target/Pyc/Opcodes.def"
  return "";
}

LogicalResult FunctionImporter::emitLoadFast(const Instruction &inst,
                                             unsigned index, bool checked,
                                             Location loc) {
  if (failed(checkLocal(inst, index)))
    return failure();
  Value value = loadLocal(index);
  if (checked && (isUnbound(value) || isa<BlockArgument>(value)))
    boundChecks.push_back(builder.create<py::CheckBoundOp>(
        loc, value, localName(index)));
  push(value);
  return success();
}

LogicalResult FunctionImporter::emitCall(const Instruction &inst, unsigned argc,
                                         ArrayAttr kwnames, Location loc) {
  SmallVector<Value, 8> args;
  if (failed(popN(inst, argc, args)))
    return failure();
  Value upper, lower;
  if (failed(popMaybeNull(inst, upper)) || failed(popMaybeNull(inst, lower)))
    return failure();
  // 3.11/3.12: [NULL, callable] or [method, self]; 3.13: [callable, NULL] or
  // [callable, self].
  Value callee, self;
  if (version.atLeast(13)) {
    callee = lower;
    self = upper;
  } else if (!lower) {
    callee = upper;
  } else {
    callee = lower;
    self = upper;
  }
  if (!callee)
    return error(&inst, "calls NULL");
  if (self)
    args.insert(args.begin(), self);
  if (kwnames && kwnames.size() > args.size())
    return error(&inst, "more keyword names than arguments");
  // 3.11's `super()` reads `__class__` and the first argument from the
  // frame: they become explicit, as LOAD_SUPER_ATTR makes them in 3.12+.
  if (!version.atLeast(12) && args.empty() && !self)
    if (auto load = callee.getDefiningOp<py::LoadGlobalOp>(); load && load.getName() == "super")
      if (Value super = emitZeroArgSuper(callee, loc)) {
        push(super);
        return success();
      }
  args.insert(args.begin(), callee);
  auto call = create<py::CallOp>(loc, objectType, args,
                                 {kwnames ? kwnames : cache.getEmptyArray()});
  push(call);
  return success();
}

Value FunctionImporter::emitZeroArgSuper(Value superFn, Location loc) {
  // Without a first argument or a `__class__` cell, CPython raises: the
  // call stays as written.
  if (code.argcount == 0 || code.localsplusnames.empty())
    return {};
  std::optional<unsigned> classIndex;
  for (auto [index, name] : llvm::enumerate(code.localsplusnames))
    if (name == "__class__" && (uint8_t(code.localspluskinds[index]) & CO_FAST_FREE))
      classIndex = index;
  if (!classIndex)
    return {};
  Value cls = builder.create<py::CellGetOp>(loc, objectType, loadLocal(*classIndex),
                                            localName(*classIndex));
  Value first = loadLocal(0);
  if (uint8_t(code.localspluskinds[0]) & CO_FAST_CELL)
    first = builder.create<py::CellGetOp>(loc, objectType, first, localName(0));
  return builder.create<py::SuperOp>(loc, objectType, superFn, cls, first,
                                     builder.getUnitAttr());
}

LogicalResult FunctionImporter::emitCondJump(const Instruction &inst,
                                             Value condition,
                                             bool jumpWhenTrue) {
  BytecodeBlock &block = blocks[currentBlock];
  block.exitKind = BytecodeBlock::ExitKind::CondBranch;
  block.jumpWhenTrue = jumpWhenTrue;
  block.exitOperands.assign({condition});
  block.exitLoc = locationOf(inst);
  return success();
}

LogicalResult FunctionImporter::visitInstruction(const Instruction &inst) {
  // A location is uniqued in the context the first time it is asked for,
  // which costs more than most instructions: skip it where no op needs it.
  Location loc = traitsOf(inst).onlyMovesValues ? builder.getUnknownLoc()
                                                : locationOf(inst);
  uint32_t arg = inst.arg;
  BytecodeBlock &block = blocks[currentBlock];
  Value a, b, c, d;
  StringAttr name;
  Attribute attr;

  switch (inst.op) {
  // No-ops at the level of Python semantics.
  case Opcode::NOP:
  case Opcode::RESUME:
  case Opcode::PRECALL:
    return success();
  case Opcode::COPY_FREE_VARS:
    if (arg != func.getFreevars().size())
      return error(&inst, llvm::formatv("copies {0} free variables, the code "
                                        "object has {1}",
                                        arg, func.getFreevars().size())
                              .str());
    return success();

  // Stack manipulation.
  case Opcode::POP_TOP:
  case Opcode::END_FOR:
    if (failed(popMaybeNull(inst, a)))
      return failure();
    // 3.12's END_FOR is POP_TOP twice.
    if (inst.op == Opcode::END_FOR && version.minor == 12)
      return popMaybeNull(inst, a);
    return success();
  case Opcode::PUSH_NULL:
    pushNull();
    return success();
  case Opcode::COPY:
    if (failed(peek(inst, arg, a, /*allowNull=*/true)))
      return failure();
    push(a);
    return success();
  case Opcode::SWAP:
    if (arg < 1 || stack.size() < arg)
      return error(&inst, llvm::formatv("stack underflow: swaps slot {0} of "
                                        "{1}",
                                        arg, stack.size())
                              .str());
    std::swap(stack.back(), stack[stack.size() - arg]);
    return success();
  case Opcode::END_SEND:
    if (failed(pop(inst, a)) || failed(pop(inst, b)))
      return failure();
    push(a);
    return success();

  // Constants and names.
  case Opcode::LOAD_CONST:
  case Opcode::RETURN_CONST:
    if (failed(getConst(inst, arg, attr)))
      return failure();
    a = constant(loc, attr);
    if (inst.op == Opcode::LOAD_CONST) {
      push(a);
      return success();
    }
    block.exitKind = BytecodeBlock::ExitKind::Return;
    block.exitOperands.assign({a});
    block.exitLoc = loc;
    return success();
  case Opcode::LOAD_NAME:
    if (failed(getName(inst, arg, name)))
      return failure();
    push(create<py::LoadNameOp>(loc, objectType, {}, {name}));
    return success();
  case Opcode::STORE_NAME:
  case Opcode::STORE_GLOBAL:
    if (failed(getName(inst, arg, name)) || failed(pop(inst, a)))
      return failure();
    if (inst.op == Opcode::STORE_NAME)
      create<py::StoreNameOp>(loc, {}, a, {name});
    else
      builder.create<py::StoreGlobalOp>(loc, name, a);
    return success();
  case Opcode::DELETE_NAME:
  case Opcode::DELETE_GLOBAL:
    if (failed(getName(inst, arg, name)))
      return failure();
    if (inst.op == Opcode::DELETE_NAME)
      builder.create<py::DeleteNameOp>(loc, name);
    else
      builder.create<py::DeleteGlobalOp>(loc, name);
    return success();
  case Opcode::LOAD_GLOBAL: {
    if (failed(getName(inst, arg >> 1, name)))
      return failure();
    bool withNull = arg & 1;
    if (withNull && !version.atLeast(13))
      pushNull();
    push(create<py::LoadGlobalOp>(loc, objectType, {}, {name}));
    if (withNull && version.atLeast(13))
      pushNull();
    return success();
  }
  case Opcode::LOAD_FROM_DICT_OR_GLOBALS:
    if (failed(getName(inst, arg, name)) || failed(pop(inst, a)))
      return failure();
    push(builder.create<py::LoadFromDictOrGlobalsOp>(loc, objectType, a, name));
    return success();
  case Opcode::LOAD_LOCALS:
    push(builder.create<py::LoadLocalsOp>(loc, objectType));
    return success();
  case Opcode::SETUP_ANNOTATIONS:
    builder.create<py::SetupAnnotationsOp>(loc);
    return success();
  case Opcode::LOAD_BUILD_CLASS:
    push(create<py::LoadBuildClassOp>(loc, objectType, {}));
    return success();
  case Opcode::LOAD_ASSERTION_ERROR:
    push(builder.create<py::LoadAssertionErrorOp>(loc, objectType));
    return success();

  // Fast locals and cells.
  case Opcode::LOAD_FAST:
    return emitLoadFast(inst, arg, /*checked=*/!version.atLeast(12), loc);
  case Opcode::LOAD_FAST_CHECK:
    return emitLoadFast(inst, arg, /*checked=*/true, loc);
  case Opcode::LOAD_FAST_LOAD_FAST:
    if (failed(emitLoadFast(inst, arg >> 4, false, loc)))
      return failure();
    return emitLoadFast(inst, arg & 15, false, loc);
  case Opcode::LOAD_FAST_AND_CLEAR:
    if (failed(emitLoadFast(inst, arg, false, loc)))
      return failure();
    storeLocal(arg, getUnbound());
    return success();
  case Opcode::STORE_FAST:
    if (failed(checkLocal(inst, arg)) || failed(pop(inst, a)))
      return failure();
    storeLocal(arg, a);
    return success();
  case Opcode::STORE_FAST_LOAD_FAST:
    if (failed(checkLocal(inst, arg >> 4)) || failed(pop(inst, a)))
      return failure();
    storeLocal(arg >> 4, a);
    return emitLoadFast(inst, arg & 15, false, loc);
  case Opcode::STORE_FAST_STORE_FAST:
    if (failed(checkLocal(inst, arg >> 4)) || failed(checkLocal(inst, arg & 15)) ||
        failed(pop(inst, a)) || failed(pop(inst, b)))
      return failure();
    storeLocal(arg >> 4, a);
    storeLocal(arg & 15, b);
    return success();
  case Opcode::DELETE_FAST:
    if (failed(checkLocal(inst, arg)))
      return failure();
    a = loadLocal(arg);
    if (isUnbound(a) || isa<BlockArgument>(a))
      boundChecks.push_back(builder.create<py::CheckBoundOp>(
          loc, a, localName(arg)));
    storeLocal(arg, getUnbound());
    return success();
  case Opcode::MAKE_CELL:
    if (failed(checkLocal(inst, arg)))
      return failure();
    storeLocal(arg, builder.create<py::MakeCellOp>(loc, objectType, loadLocal(arg)));
    return success();
  case Opcode::LOAD_CLOSURE:
    if (failed(checkLocal(inst, arg)))
      return failure();
    push(loadLocal(arg));
    return success();
  case Opcode::LOAD_DEREF:
    if (failed(checkLocal(inst, arg)))
      return failure();
    push(create<py::CellGetOp>(loc, objectType, loadLocal(arg),
                               {localName(arg)}));
    return success();
  case Opcode::STORE_DEREF:
    if (failed(checkLocal(inst, arg)) || failed(pop(inst, a)))
      return failure();
    builder.create<py::CellSetOp>(loc, loadLocal(arg), a);
    return success();
  case Opcode::DELETE_DEREF:
    if (failed(checkLocal(inst, arg)))
      return failure();
    builder.create<py::CellDeleteOp>(loc, loadLocal(arg), localName(arg));
    return success();
  case Opcode::LOAD_CLASSDEREF:
  case Opcode::LOAD_FROM_DICT_OR_DEREF:
    if (failed(checkLocal(inst, arg)))
      return failure();
    if (inst.op == Opcode::LOAD_CLASSDEREF)
      a = builder.create<py::LoadLocalsOp>(loc, objectType);
    else if (failed(pop(inst, a)))
      return failure();
    push(builder.create<py::LoadFromDictOrDerefOp>(loc, objectType, a,
                                                   loadLocal(arg), localName(arg)));
    return success();

  // Attributes and items.
  case Opcode::LOAD_ATTR:
  case Opcode::LOAD_METHOD: {
    bool isMethod = inst.op == Opcode::LOAD_METHOD ||
                    (version.atLeast(12) && (arg & 1));
    uint32_t index = version.atLeast(12) && inst.op == Opcode::LOAD_ATTR ? arg >> 1 : arg;
    if (failed(getName(inst, index, name)) || failed(pop(inst, a)))
      return failure();
    // A method load calls the bound attribute: the same as loading it.
    Value attrValue = create<py::GetAttrOp>(loc, objectType, a, {name});
    if (isMethod && !version.atLeast(13))
      pushNull();
    push(attrValue);
    if (isMethod && version.atLeast(13))
      pushNull();
    return success();
  }
  case Opcode::LOAD_SUPER_ATTR: {
    if (failed(getName(inst, arg >> 2, name)) || failed(pop(inst, c)) ||
        failed(pop(inst, b)) || failed(pop(inst, a)))
      return failure();
    // Bit 1 marks the two-argument form; without it the source wrote super().
    Value attrValue = builder.create<py::LoadSuperAttrOp>(
        loc, objectType, a, b, c, name,
        (arg & 2) ? UnitAttr() : builder.getUnitAttr());
    bool isMethod = arg & 1;
    if (isMethod && !version.atLeast(13))
      pushNull();
    push(attrValue);
    if (isMethod && version.atLeast(13))
      pushNull();
    return success();
  }
  case Opcode::STORE_ATTR:
    if (failed(getName(inst, arg, name)) || failed(pop(inst, a)) ||
        failed(pop(inst, b)))
      return failure();
    create<py::SetAttrOp>(loc, {}, {a, b}, {name});
    return success();
  case Opcode::DELETE_ATTR:
    if (failed(getName(inst, arg, name)) || failed(pop(inst, a)))
      return failure();
    builder.create<py::DelAttrOp>(loc, a, name);
    return success();
  case Opcode::BINARY_SUBSCR:
    if (failed(pop(inst, b)) || failed(pop(inst, a)))
      return failure();
    push(create<py::GetItemOp>(loc, objectType, {a, b}));
    return success();
  case Opcode::STORE_SUBSCR:
    if (failed(pop(inst, b)) || failed(pop(inst, a)) || failed(pop(inst, c)))
      return failure();
    builder.create<py::SetItemOp>(loc, a, b, c);
    return success();
  case Opcode::DELETE_SUBSCR:
    if (failed(pop(inst, b)) || failed(pop(inst, a)))
      return failure();
    builder.create<py::DelItemOp>(loc, a, b);
    return success();
  case Opcode::BINARY_SLICE:
    if (failed(pop(inst, c)) || failed(pop(inst, b)) || failed(pop(inst, a)))
      return failure();
    d = builder.create<py::BuildSliceOp>(loc, objectType, b, c, Value());
    push(builder.create<py::GetItemOp>(loc, objectType, a, d));
    return success();
  case Opcode::STORE_SLICE: {
    Value value;
    if (failed(pop(inst, c)) || failed(pop(inst, b)) || failed(pop(inst, a)) ||
        failed(pop(inst, value)))
      return failure();
    d = builder.create<py::BuildSliceOp>(loc, objectType, b, c, Value());
    builder.create<py::SetItemOp>(loc, a, d, value);
    return success();
  }

  // Calls.
  case Opcode::KW_NAMES:
    if (failed(getConst(inst, arg, attr)) ||
        failed(getKwnames(inst, attr, pendingKwnames)))
      return failure();
    return success();
  case Opcode::CALL: {
    ArrayAttr kwnames = pendingKwnames;
    pendingKwnames = {};
    return emitCall(inst, arg, kwnames, loc);
  }
  case Opcode::CALL_KW: {
    ArrayAttr kwnames;
    if (failed(pop(inst, a)))
      return failure();
    auto names = a.getDefiningOp<py::ConstantOp>();
    if (failed(getKwnames(inst, names ? names.getValue() : Attribute(), kwnames)))
      return failure();
    foldedConstants.insert(names);
    return emitCall(inst, arg, kwnames, loc);
  }
  case Opcode::CALL_FUNCTION_EX: {
    Value kwargs, unused, callee;
    if ((arg & 1) && failed(pop(inst, kwargs)))
      return failure();
    if (failed(pop(inst, a)))
      return failure();
    // The slot next to the callable is ignored: NULL below it in 3.11/3.12,
    // above it in 3.13.
    if (version.atLeast(13)) {
      if (failed(popMaybeNull(inst, unused)) || failed(pop(inst, callee)))
        return failure();
    } else if (failed(pop(inst, callee)) || failed(popMaybeNull(inst, unused))) {
      return failure();
    }
    push(builder.create<py::CallExOp>(loc, objectType, callee, a, kwargs));
    return success();
  }

  // Operators.
  case Opcode::BINARY_OP:
    if (arg > 25)
      return error(&inst, llvm::formatv("unknown binary operator {0}", arg).str());
    if (failed(pop(inst, b)) || failed(pop(inst, a)))
      return failure();
    push(create<py::BinaryOp>(
        loc, objectType, {a, b},
        {py::BinaryOpKindAttr::get(context, static_cast<py::BinaryOpKind>(arg))}));
    return success();
  case Opcode::UNARY_NEGATIVE:
  case Opcode::UNARY_POSITIVE:
  case Opcode::UNARY_INVERT:
  case Opcode::UNARY_NOT: {
    py::UnaryOpKind kind = inst.op == Opcode::UNARY_NEGATIVE ? py::UnaryOpKind::neg
                           : inst.op == Opcode::UNARY_POSITIVE
                               ? py::UnaryOpKind::pos
                           : inst.op == Opcode::UNARY_INVERT ? py::UnaryOpKind::invert
                                                             : py::UnaryOpKind::not_;
    if (failed(pop(inst, a)))
      return failure();
    push(builder.create<py::UnaryOp>(loc, objectType, kind, a));
    return success();
  }
  case Opcode::COMPARE_OP: {
    uint32_t predicate = version.minor == 11   ? arg
                         : version.minor == 12 ? arg >> 4
                                               : arg >> 5;
    if (predicate > 5)
      return error(&inst, llvm::formatv("unknown comparison {0}", predicate).str());
    if (failed(pop(inst, b)) || failed(pop(inst, a)))
      return failure();
    Value result = create<py::CompareOp>(
        loc, objectType, {a, b},
        {py::ComparePredicateAttr::get(
            context, static_cast<py::ComparePredicate>(predicate))});
    if (version.atLeast(13) && (arg & 16))
      result = create<py::ToBoolOp>(loc, objectType, result);
    push(result);
    return success();
  }
  case Opcode::IS_OP:
  case Opcode::CONTAINS_OP: {
    if (arg > 1)
      return error(&inst, llvm::formatv("invalid argument {0}", arg).str());
    UnitAttr negated = arg ? UnitAttr::get(context) : UnitAttr();
    if (failed(pop(inst, b)) || failed(pop(inst, a)))
      return failure();
    if (inst.op == Opcode::IS_OP)
      push(builder.create<py::IsOp>(loc, objectType, a, b, negated));
    else
      push(builder.create<py::ContainsOp>(loc, objectType, a, b, negated));
    return success();
  }
  case Opcode::TO_BOOL:
    if (failed(pop(inst, a)))
      return failure();
    push(create<py::ToBoolOp>(loc, objectType, a));
    return success();
  case Opcode::GET_LEN:
    if (failed(peek(inst, 1, a)))
      return failure();
    push(builder.create<py::LenOp>(loc, objectType, a));
    return success();

  // Building containers and strings.
  case Opcode::BUILD_TUPLE:
  case Opcode::BUILD_LIST:
  case Opcode::BUILD_SET:
  case Opcode::BUILD_STRING: {
    SmallVector<Value, 8> elements;
    if (failed(popN(inst, arg, elements)))
      return failure();
    Value result;
    if (inst.op == Opcode::BUILD_TUPLE)
      result = create<py::BuildTupleOp>(loc, objectType, elements);
    else if (inst.op == Opcode::BUILD_LIST)
      result = create<py::BuildListOp>(loc, objectType, elements);
    else if (inst.op == Opcode::BUILD_SET)
      result = builder.create<py::BuildSetOp>(loc, objectType, elements);
    else
      result = builder.create<py::BuildStringOp>(loc, objectType, elements);
    push(result);
    return success();
  }
  case Opcode::BUILD_MAP: {
    SmallVector<Value, 8> items, keys, values;
    if (failed(popN(inst, 2 * arg, items)))
      return failure();
    for (unsigned i = 0; i < arg; ++i) {
      keys.push_back(items[2 * i]);
      values.push_back(items[2 * i + 1]);
    }
    push(builder.create<py::BuildDictOp>(loc, objectType, keys, values));
    return success();
  }
  case Opcode::BUILD_CONST_KEY_MAP: {
    SmallVector<Value, 8> values, keys;
    if (failed(pop(inst, a)) || failed(popN(inst, arg, values)))
      return failure();
    auto keyConst = a.getDefiningOp<py::ConstantOp>();
    auto keyTuple = keyConst ? dyn_cast<ArrayAttr>(keyConst.getValue()) : ArrayAttr();
    if (!keyTuple || keyTuple.size() != arg)
      return error(&inst, llvm::formatv("the keys are not a constant tuple of "
                                        "{0} elements",
                                        arg)
                              .str());
    foldedConstants.insert(keyConst);
    for (Attribute key : keyTuple)
      keys.push_back(constant(loc, key));
    push(builder.create<py::BuildDictOp>(loc, objectType, keys, values));
    return success();
  }
  case Opcode::BUILD_SLICE:
    if (arg != 2 && arg != 3)
      return error(&inst, llvm::formatv("BUILD_SLICE of {0} values", arg).str());
    if (arg == 3 && failed(pop(inst, c)))
      return failure();
    if (failed(pop(inst, b)) || failed(pop(inst, a)))
      return failure();
    push(builder.create<py::BuildSliceOp>(loc, objectType, a, b, c));
    return success();
  case Opcode::FORMAT_VALUE: {
    Value spec;
    if ((arg & 4) && failed(pop(inst, spec)))
      return failure();
    if (failed(pop(inst, a)))
      return failure();
    if (unsigned conversion = arg & 3)
      a = builder.create<py::ConvertValueOp>(
          loc, objectType, static_cast<py::ConversionKind>(conversion), a);
    push(builder.create<py::FormatOp>(loc, objectType, a, spec));
    return success();
  }
  case Opcode::CONVERT_VALUE:
    if (arg < 1 || arg > 3)
      return error(&inst, llvm::formatv("unknown conversion {0}", arg).str());
    if (failed(pop(inst, a)))
      return failure();
    push(builder.create<py::ConvertValueOp>(
        loc, objectType, static_cast<py::ConversionKind>(arg), a));
    return success();
  case Opcode::FORMAT_SIMPLE:
    if (failed(pop(inst, a)))
      return failure();
    push(builder.create<py::FormatOp>(loc, objectType, a, Value()));
    return success();
  case Opcode::FORMAT_WITH_SPEC:
    if (failed(pop(inst, b)) || failed(pop(inst, a)))
      return failure();
    push(builder.create<py::FormatOp>(loc, objectType, a, b));
    return success();
  case Opcode::LIST_APPEND:
  case Opcode::SET_ADD:
  case Opcode::LIST_EXTEND:
  case Opcode::SET_UPDATE:
  case Opcode::DICT_UPDATE:
    if (failed(pop(inst, b)) || failed(peek(inst, arg, a)))
      return failure();
    switch (inst.op) {
    case Opcode::LIST_APPEND:
      builder.create<py::ListAppendOp>(loc, a, b);
      break;
    case Opcode::SET_ADD:
      builder.create<py::SetAddOp>(loc, a, b);
      break;
    case Opcode::LIST_EXTEND:
      builder.create<py::ListExtendOp>(loc, a, b);
      break;
    case Opcode::SET_UPDATE:
      builder.create<py::SetUpdateOp>(loc, a, b);
      break;
    default:
      builder.create<py::DictUpdateOp>(loc, a, b);
      break;
    }
    return success();
  case Opcode::DICT_MERGE:
    // The callee named in the duplicate-keyword error sits below the
    // positional arguments (and, in 3.13, the NULL-or-self slot).
    if (failed(pop(inst, b)) || failed(peek(inst, arg, a)) ||
        failed(peek(inst, arg + (version.atLeast(13) ? 3 : 2), c)))
      return failure();
    builder.create<py::DictMergeOp>(loc, a, b, c);
    return success();
  case Opcode::MAP_ADD:
    if (failed(pop(inst, c)) || failed(pop(inst, b)) || failed(peek(inst, arg, a)))
      return failure();
    builder.create<py::MapAddOp>(loc, a, b, c);
    return success();
  case Opcode::LIST_TO_TUPLE:
    if (failed(pop(inst, a)))
      return failure();
    push(builder.create<py::ListToTupleOp>(loc, objectType, a));
    return success();

  // Iteration and unpacking.
  case Opcode::GET_ITER:
    if (failed(pop(inst, a)))
      return failure();
    push(create<py::GetIterOp>(loc, objectType, a));
    return success();
  case Opcode::GET_YIELD_FROM_ITER:
    if (failed(pop(inst, a)))
      return failure();
    push(builder.create<py::GetYieldFromIterOp>(loc, objectType, a));
    return success();
  case Opcode::FOR_ITER: {
    if (failed(peek(inst, 1, a)))
      return failure();
    auto next = builder.create<py::IterNextOp>(loc, objectType,
                                               builder.getI1Type(), a);
    // Exhausted: 3.11 pops the iterator and jumps; 3.12 and 3.13 jump to
    // END_FOR, which pops the iterator and the value that is not there (the
    // interpreter skips it; taking it with a NULL in place is the same).
    jumpStack.emplace(stack.begin(), stack.end());
    if (version.minor == 11)
      jumpStack->pop_back();
    else
      jumpStack->push_back(Value());
    push(next.getValue());
    return emitCondJump(inst, next.getHasValue(), /*jumpWhenTrue=*/false);
  }
  case Opcode::UNPACK_SEQUENCE: {
    if (failed(pop(inst, a)))
      return failure();
    auto unpack = builder.create<py::UnpackSequenceOp>(loc, a, arg);
    for (Value result : llvm::reverse(unpack.getResults()))
      push(result);
    return success();
  }
  case Opcode::UNPACK_EX: {
    if (failed(pop(inst, a)))
      return failure();
    auto unpack = builder.create<py::UnpackExOp>(loc, a, arg & 0xff, arg >> 8);
    for (Value result : llvm::reverse(unpack.getResults()))
      push(result);
    return success();
  }

  // Imports.
  case Opcode::IMPORT_NAME:
    if (failed(getName(inst, arg, name)) || failed(pop(inst, b)) ||
        failed(pop(inst, a)))
      return failure();
    push(builder.create<py::ImportNameOp>(loc, objectType, name, a, b));
    return success();
  case Opcode::IMPORT_FROM:
    if (failed(getName(inst, arg, name)) || failed(peek(inst, 1, a)))
      return failure();
    push(builder.create<py::ImportFromOp>(loc, objectType, a, name));
    return success();
  case Opcode::IMPORT_STAR:
    if (failed(pop(inst, a)))
      return failure();
    builder.create<py::ImportStarOp>(loc, a);
    return success();

  // Functions.
  case Opcode::MAKE_FUNCTION: {
    Value defaults, kwdefaults, annotations, closure, codeValue;
    if (failed(pop(inst, codeValue)))
      return failure();
    if (!version.atLeast(13)) {
      if (arg & ~0xfu)
        return error(&inst, llvm::formatv("unknown flags {0:x}", arg).str());
      if (((arg & 8) && failed(pop(inst, closure))) ||
          ((arg & 4) && failed(pop(inst, annotations))) ||
          ((arg & 2) && failed(pop(inst, kwdefaults))) ||
          ((arg & 1) && failed(pop(inst, defaults))))
        return failure();
    }
    auto codeConst = codeValue.getDefiningOp<py::ConstantOp>();
    auto codeAttr = codeConst ? dyn_cast<py::CodeAttr>(codeConst.getValue())
                              : py::CodeAttr();
    if (!codeAttr)
      return error(&inst, "makes a function of something that is not a code "
                          "constant");
    foldedConstants.insert(codeConst);
    auto make = createMakeFunction(loc, codeAttr.getFunction(), defaults,
                                   kwdefaults, annotations, closure);
    madeFunctions.push_back(make);
    push(make);
    return success();
  }
  case Opcode::SET_FUNCTION_ATTRIBUTE: {
    if (failed(pop(inst, a)) || failed(pop(inst, b)))
      return failure();
    auto make = a.getDefiningOp<py::MakeFunctionOp>();
    if (!make || !a.use_empty())
      return error(&inst, "sets an attribute of something that is not a new "
                          "function");
    Value defaults = make.getDefaults(), kwdefaults = make.getKwdefaults(),
          annotations = make.getAnnotations(), closure = make.getClosure();
    Value *slot = arg == 1   ? &defaults
                  : arg == 2 ? &kwdefaults
                  : arg == 4 ? &annotations
                  : arg == 8 ? &closure
                             : nullptr;
    if (!slot)
      return error(&inst, llvm::formatv("unknown function attribute {0}", arg).str());
    if (*slot)
      return error(&inst, "sets a function attribute twice");
    *slot = b;
    auto updated = createMakeFunction(make.getLoc(), make.getFunctionAttr(),
                                      defaults, kwdefaults, annotations, closure);
    llvm::erase(madeFunctions, make);
    replacedFunctions.push_back(make);
    madeFunctions.push_back(updated);
    push(updated);
    return success();
  }
  case Opcode::CALL_INTRINSIC_1: {
    StringRef intrinsic = intrinsicName(false, arg);
    if (failed(pop(inst, a)))
      return failure();
    // PRINT and IMPORT_STAR return None, which the bytecode pops.
    if (intrinsic == "INTRINSIC_PRINT") {
      builder.create<py::PrintExprOp>(loc, a);
      push(constant(loc, py::NoneAttr::get(context)));
    } else if (intrinsic == "INTRINSIC_IMPORT_STAR") {
      builder.create<py::ImportStarOp>(loc, a);
      push(constant(loc, py::NoneAttr::get(context)));
    } else if (intrinsic == "INTRINSIC_STOPITERATION_ERROR") {
      push(builder.create<py::StopIterationErrorOp>(loc, objectType, a));
    } else if (intrinsic == "INTRINSIC_ASYNC_GEN_WRAP") {
      push(builder.create<py::AsyncGenWrapOp>(loc, objectType, a));
    } else if (intrinsic == "INTRINSIC_UNARY_POSITIVE") {
      push(builder.create<py::UnaryOp>(loc, objectType, py::UnaryOpKind::pos, a));
    } else if (intrinsic == "INTRINSIC_LIST_TO_TUPLE") {
      push(builder.create<py::ListToTupleOp>(loc, objectType, a));
    } else {
      std::optional<py::IntrinsicKind> kind =
          llvm::StringSwitch<std::optional<py::IntrinsicKind>>(intrinsic)
              .Case("INTRINSIC_TYPEVAR", py::IntrinsicKind::typevar)
              .Case("INTRINSIC_PARAMSPEC", py::IntrinsicKind::paramspec)
              .Case("INTRINSIC_TYPEVARTUPLE", py::IntrinsicKind::typevartuple)
              .Case("INTRINSIC_SUBSCRIPT_GENERIC",
                    py::IntrinsicKind::subscript_generic)
              .Case("INTRINSIC_TYPEALIAS", py::IntrinsicKind::typealias)
              .Default(std::nullopt);
      if (!kind)
        return error(&inst, llvm::formatv("unknown intrinsic {0}", arg).str());
      push(builder.create<py::CallIntrinsicOp>(loc, objectType, *kind,
                                               ValueRange{a}));
    }
    return success();
  }
  case Opcode::CALL_INTRINSIC_2: {
    StringRef intrinsic = intrinsicName(true, arg);
    if (failed(pop(inst, b)) || failed(pop(inst, a)))
      return failure();
    if (intrinsic == "INTRINSIC_PREP_RERAISE_STAR") {
      push(builder.create<py::PrepReraiseStarOp>(loc, objectType, a, b));
      return success();
    }
    std::optional<py::IntrinsicKind> kind =
        llvm::StringSwitch<std::optional<py::IntrinsicKind>>(intrinsic)
            .Case("INTRINSIC_TYPEVAR_WITH_BOUND",
                  py::IntrinsicKind::typevar_with_bound)
            .Case("INTRINSIC_TYPEVAR_WITH_CONSTRAINTS",
                  py::IntrinsicKind::typevar_with_constraints)
            .Case("INTRINSIC_SET_FUNCTION_TYPE_PARAMS",
                  py::IntrinsicKind::set_function_type_params)
            .Case("INTRINSIC_SET_TYPEPARAM_DEFAULT",
                  py::IntrinsicKind::set_typeparam_default)
            .Default(std::nullopt);
    if (!kind)
      return error(&inst, llvm::formatv("unknown intrinsic {0}", arg).str());
    push(builder.create<py::CallIntrinsicOp>(loc, objectType, *kind,
                                             ValueRange{a, b}));
    return success();
  }
  case Opcode::PRINT_EXPR:
    if (failed(pop(inst, a)))
      return failure();
    builder.create<py::PrintExprOp>(loc, a);
    return success();

  // Control flow.
  case Opcode::JUMP_FORWARD:
  case Opcode::JUMP_BACKWARD:
  case Opcode::JUMP_BACKWARD_NO_INTERRUPT:
    block.exitKind = BytecodeBlock::ExitKind::Branch;
    block.exitLoc = loc;
    return success();
  case Opcode::POP_JUMP_FORWARD_IF_TRUE:
  case Opcode::POP_JUMP_BACKWARD_IF_TRUE:
  case Opcode::POP_JUMP_IF_TRUE:
  case Opcode::POP_JUMP_FORWARD_IF_FALSE:
  case Opcode::POP_JUMP_BACKWARD_IF_FALSE:
  case Opcode::POP_JUMP_IF_FALSE: {
    if (failed(pop(inst, a)))
      return failure();
    bool onTrue = inst.op == Opcode::POP_JUMP_FORWARD_IF_TRUE ||
                  inst.op == Opcode::POP_JUMP_BACKWARD_IF_TRUE ||
                  inst.op == Opcode::POP_JUMP_IF_TRUE;
    Value truth = builder.create<py::TruthOp>(loc, builder.getI1Type(), a);
    return emitCondJump(inst, truth, onTrue);
  }
  case Opcode::POP_JUMP_FORWARD_IF_NONE:
  case Opcode::POP_JUMP_BACKWARD_IF_NONE:
  case Opcode::POP_JUMP_IF_NONE:
  case Opcode::POP_JUMP_FORWARD_IF_NOT_NONE:
  case Opcode::POP_JUMP_BACKWARD_IF_NOT_NONE:
  case Opcode::POP_JUMP_IF_NOT_NONE: {
    if (failed(pop(inst, a)))
      return failure();
    bool onNone = inst.op == Opcode::POP_JUMP_FORWARD_IF_NONE ||
                  inst.op == Opcode::POP_JUMP_BACKWARD_IF_NONE ||
                  inst.op == Opcode::POP_JUMP_IF_NONE;
    Value none = constant(loc, py::NoneAttr::get(context));
    Value isNone = builder.create<py::IsOp>(loc, objectType, a, none, UnitAttr());
    Value truth = builder.create<py::TruthOp>(loc, builder.getI1Type(), isNone);
    return emitCondJump(inst, truth, onNone);
  }
  case Opcode::JUMP_IF_TRUE_OR_POP:
  case Opcode::JUMP_IF_FALSE_OR_POP: {
    if (failed(peek(inst, 1, a)))
      return failure();
    Value truth = builder.create<py::TruthOp>(loc, builder.getI1Type(), a);
    jumpStack.emplace(stack.begin(), stack.end());
    stack.pop_back();
    return emitCondJump(inst, truth, inst.op == Opcode::JUMP_IF_TRUE_OR_POP);
  }
  case Opcode::RETURN_VALUE:
    if (failed(pop(inst, a)))
      return failure();
    block.exitKind = BytecodeBlock::ExitKind::Return;
    block.exitOperands.assign({a});
    block.exitLoc = loc;
    return success();

  // Exceptions.
  case Opcode::RAISE_VARARGS:
    if (arg > 2)
      return error(&inst, llvm::formatv("RAISE_VARARGS with {0} arguments", arg).str());
    if (arg == 2 && failed(pop(inst, b)))
      return failure();
    if (arg >= 1 && failed(pop(inst, a)))
      return failure();
    block.exitKind = BytecodeBlock::ExitKind::Raise;
    block.exitOperands.assign({a, b});
    block.exitLoc = loc;
    return success();
  case Opcode::RERAISE:
    if (failed(pop(inst, a)))
      return failure();
    if (arg && failed(peek(inst, arg, b)))
      return failure();
    block.exitKind = BytecodeBlock::ExitKind::Reraise;
    block.exitOperands.assign({a});
    block.exitLoc = loc;
    return success();
  case Opcode::PUSH_EXC_INFO:
    if (failed(pop(inst, a)))
      return failure();
    push(create<py::PushExcInfoOp>(loc, objectType, a));
    push(a);
    return success();
  case Opcode::POP_EXCEPT:
    if (failed(pop(inst, a)))
      return failure();
    create<py::PopExceptOp>(loc, {}, a);
    return success();
  case Opcode::CHECK_EXC_MATCH:
    if (failed(pop(inst, b)) || failed(peek(inst, 1, a)))
      return failure();
    push(builder.create<py::CheckExcMatchOp>(loc, objectType, a, b));
    return success();
  case Opcode::CHECK_EG_MATCH: {
    if (failed(pop(inst, b)) || failed(pop(inst, a)))
      return failure();
    auto match =
        builder.create<py::CheckEgMatchOp>(loc, objectType, objectType, a, b);
    push(match.getRest());
    push(match.getMatch());
    return success();
  }
  case Opcode::PREP_RERAISE_STAR:
    if (failed(pop(inst, b)) || failed(pop(inst, a)))
      return failure();
    push(builder.create<py::PrepReraiseStarOp>(loc, objectType, a, b));
    return success();
  case Opcode::BEFORE_WITH:
  case Opcode::BEFORE_ASYNC_WITH: {
    if (failed(pop(inst, a)))
      return failure();
    if (inst.op == Opcode::BEFORE_WITH) {
      auto enter = builder.create<py::BeforeWithOp>(loc, objectType, objectType, a);
      push(enter.getExit());
      push(enter.getValue());
    } else {
      auto enter =
          builder.create<py::BeforeAsyncWithOp>(loc, objectType, objectType, a);
      push(enter.getExit());
      push(enter.getAwaitable());
    }
    return success();
  }
  case Opcode::WITH_EXCEPT_START:
    if (failed(peek(inst, 1, b)) || failed(peek(inst, 4, a)))
      return failure();
    push(builder.create<py::WithExceptStartOp>(loc, objectType, a, b));
    return success();
  case Opcode::END_ASYNC_FOR:
    if (failed(pop(inst, a)) || failed(pop(inst, b)))
      return failure();
    builder.create<py::EndAsyncForOp>(loc, a);
    return success();
  case Opcode::CLEANUP_THROW: {
    if (failed(pop(inst, a)) || failed(pop(inst, b)) || failed(pop(inst, c)))
      return failure();
    Value value = builder.create<py::CleanupThrowOp>(loc, objectType, a);
    push(constant(loc, py::NoneAttr::get(context)));
    push(value);
    return success();
  }

  // Generators and coroutines.
  case Opcode::RETURN_GENERATOR:
    // The value sent in when the generator first resumes, popped next.
    push(builder.create<py::ReturnGeneratorOp>(loc, objectType));
    return success();
  case Opcode::YIELD_VALUE:
    if (failed(pop(inst, a)))
      return failure();
    push(builder.create<py::YieldOp>(loc, objectType, a));
    return success();
  case Opcode::SEND: {
    if (failed(pop(inst, b)) || failed(peek(inst, 1, a)))
      return failure();
    auto send =
        builder.create<py::SendOp>(loc, objectType, builder.getI1Type(), a, b);
    // Returned: 3.11 replaces the receiver with the result; 3.12+ keep it for
    // END_SEND to pop.
    jumpStack.emplace(stack.begin(), stack.end());
    if (version.minor == 11)
      jumpStack->pop_back();
    jumpStack->push_back(send.getResult());
    push(send.getResult());
    return emitCondJump(inst, send.getDone(), /*jumpWhenTrue=*/true);
  }
  case Opcode::GET_AWAITABLE:
    if (arg > 2)
      return error(&inst, llvm::formatv("unknown await context {0}", arg).str());
    if (failed(pop(inst, a)))
      return failure();
    push(builder.create<py::GetAwaitableOp>(
        loc, objectType, static_cast<py::AwaitableKind>(arg), a));
    return success();
  case Opcode::GET_AITER:
    if (failed(pop(inst, a)))
      return failure();
    push(builder.create<py::GetAIterOp>(loc, objectType, a));
    return success();
  case Opcode::GET_ANEXT:
    if (failed(peek(inst, 1, a)))
      return failure();
    push(builder.create<py::GetANextOp>(loc, objectType, a));
    return success();
  case Opcode::ASYNC_GEN_WRAP:
    if (failed(pop(inst, a)))
      return failure();
    push(builder.create<py::AsyncGenWrapOp>(loc, objectType, a));
    return success();

  // Pattern matching.
  case Opcode::MATCH_MAPPING:
  case Opcode::MATCH_SEQUENCE:
    if (failed(peek(inst, 1, a)))
      return failure();
    if (inst.op == Opcode::MATCH_MAPPING)
      push(builder.create<py::MatchMappingOp>(loc, objectType, a));
    else
      push(builder.create<py::MatchSequenceOp>(loc, objectType, a));
    return success();
  case Opcode::MATCH_KEYS:
    if (failed(peek(inst, 1, b)) || failed(peek(inst, 2, a)))
      return failure();
    push(builder.create<py::MatchKeysOp>(loc, objectType, a, b));
    return success();
  case Opcode::MATCH_CLASS:
    if (failed(pop(inst, c)) || failed(pop(inst, b)) || failed(pop(inst, a)))
      return failure();
    push(builder.create<py::MatchClassOp>(loc, objectType, a, b, c, arg));
    return success();

  case Opcode::EXIT_INIT_CHECK:
  case Opcode::CACHE:
  case Opcode::EXTENDED_ARG:
  case Opcode::Invalid:
    break;
  }
  return error(&inst, "this opcode does not appear in code objects that CPython "
                      "compiles");
}

//===----------------------------------------------------------------------===//
// Terminators and clean-up
//===----------------------------------------------------------------------===//

void FunctionImporter::emitTerminators() {
  // Trivial phis were replaced; drop their block arguments.
  for (unsigned b : order) {
    Block *block = blocks[b].block;
    for (int i = block->getNumArguments() - 1; i >= 0; --i) {
      BlockArgument arg = block->getArgument(i);
      auto it = phis.find(arg);
      if (it != phis.end() && it->second.removed) {
        assert(arg.use_empty() && "removed phi still in use");
        block->eraseArgument(i);
      }
    }
  }

  auto operandsFor = [&](unsigned from, unsigned succ, unsigned succIndex,
                         bool unwind) {
    unsigned index = edgeIndex(succ, from, succIndex, unwind);
    SmallVector<Value, 8> operands;
    for (BlockArgument arg : blocks[succ].block->getArguments())
      operands.push_back(resolve(phis[arg].incoming[index]));
    return operands;
  };

  for (unsigned b : order) {
    BytecodeBlock &block = blocks[b];
    Location loc = block.exitLoc ? *block.exitLoc : func.getLoc();
    builder.setInsertionPointToEnd(block.block);
    Block *unwindDest = nullptr;
    SmallVector<Value, 8> unwindOperands;
    if (block.unwindTo >= 0) {
      unwindDest = blocks[block.unwindTo].block;
      unwindOperands = operandsFor(b, block.unwindTo, 0, true);
    }
    auto resolved = [&](unsigned i) { return resolve(block.exitOperands[i]); };
    // The block whose terminator does the control transfer: the block itself,
    // or a fresh successor when the block's ops need an unwind edge first.
    auto continuation = [&]() {
      if (!unwindDest)
        return block.block;
      Block *next = new Block();
      func.getBody().getBlocks().insertAfter(Region::iterator(block.block), next);
      createUnwindBranch(loc, {}, unwindOperands, next, unwindDest);
      builder.setInsertionPointToEnd(next);
      return next;
    };

    switch (block.exitKind) {
    case BytecodeBlock::ExitKind::Branch: {
      unsigned succ = block.successors.back();
      SmallVector<Value, 8> operands =
          operandsFor(b, succ, block.successors.size() - 1, false);
      if (unwindDest)
        createUnwindBranch(loc, operands, unwindOperands, blocks[succ].block,
                           unwindDest);
      else
        create<cf::BranchOp>(loc, {}, operands, {}, blocks[succ].block);
      break;
    }
    case BytecodeBlock::ExitKind::CondBranch: {
      SmallVector<Value, 8> fallOperands =
          operandsFor(b, block.successors[0], 0, false);
      SmallVector<Value, 8> jumpOperands =
          operandsFor(b, block.successors[1], 1, false);
      Block *fall = blocks[block.successors[0]].block;
      Block *jump = blocks[block.successors[1]].block;
      continuation();
      if (block.jumpWhenTrue)
        createCondBranch(loc, resolved(0), jump, jumpOperands, fall,
                         fallOperands);
      else
        createCondBranch(loc, resolved(0), fall, fallOperands, jump,
                         jumpOperands);
      break;
    }
    case BytecodeBlock::ExitKind::Return:
      continuation();
      create<py::ReturnOp>(loc, {}, resolved(0));
      break;
    case BytecodeBlock::ExitKind::Raise: {
      SmallVector<Block *, 1> dests;
      if (unwindDest)
        dests.push_back(unwindDest);
      builder.create<py::RaiseOp>(loc, resolved(0), resolved(1), unwindOperands,
                                  dests);
      break;
    }
    case BytecodeBlock::ExitKind::Reraise: {
      SmallVector<Block *, 1> dests;
      if (unwindDest)
        dests.push_back(unwindDest);
      SmallVector<Value, 8> operands{resolved(0)};
      llvm::append_range(operands, unwindOperands);
      create<py::ReraiseOp>(loc, {}, operands, {}, dests);
      break;
    }
    }
  }
}

void FunctionImporter::removeRedundantChecks() {
  // A local is possibly unbound if it is the unbound value or a phi with a
  // possibly unbound incoming value.
  llvm::DenseSet<Value> maybeUnbound;
  if (unboundValue)
    maybeUnbound.insert(unboundValue);
  bool changed = true;
  while (changed) {
    changed = false;
    for (auto &[arg, phi] : phis) {
      if (phi.removed || maybeUnbound.count(arg))
        continue;
      if (llvm::any_of(phi.incoming, [&](Value v) {
            return maybeUnbound.count(resolve(v));
          })) {
        maybeUnbound.insert(arg);
        changed = true;
      }
    }
  }
  for (Operation *op : boundChecks) {
    auto check = cast<py::CheckBoundOp>(op);
    if (!maybeUnbound.count(check.getValue()))
      check.erase();
  }
}

LogicalResult FunctionImporter::run() {
  filenameAttr = cache.getString(code.filename);
  nameAttrs.resize(code.names.size());
  localNameAttrs.resize(code.numLocalsPlus());
  constAttrs.resize(code.consts.size());
  if (llvm::Error err = decodeInstructions(code, version, instructions))
    return error(nullptr, llvm::toString(std::move(err)));
  if (instructions.empty())
    return error(nullptr, "the code object has no instructions");
  if (llvm::Error err = decodeLocationTable(code, positions))
    return error(nullptr, llvm::toString(std::move(err)));
  if (llvm::Error err = decodeExceptionTable(code, exceptionEntries))
    return error(nullptr, llvm::toString(std::move(err)));

  // The signature: parameters, then the cells of free variables.
  // The counts are non-negative int32s (the reader checks); their sum is
  // taken wide so that a crafted code object cannot overflow it.
  int64_t parameters = int64_t(code.argcount) + code.kwonlyargcount +
                       ((code.flags & CO_VARARGS) ? 1 : 0) +
                       ((code.flags & CO_VARKEYWORDS) ? 1 : 0);
  if (parameters > int64_t(code.numLocalsPlus()))
    return error(nullptr, llvm::formatv("{0} parameters but only {1} locals",
                                        parameters, code.numLocalsPlus())
                              .str());
  numParameters = parameters;
  SmallVector<Attribute> varnames, cellvars, freevars;
  SmallVector<unsigned> freeSlots;
  for (size_t i = 0; i < code.numLocalsPlus(); ++i) {
    uint8_t kind = code.localKind(i);
    StringAttr name = localName(i);
    if (kind & CO_FAST_LOCAL)
      varnames.push_back(name);
    if (kind & CO_FAST_CELL)
      cellvars.push_back(name);
    if (kind & CO_FAST_FREE) {
      freevars.push_back(name);
      freeSlots.push_back(i);
    }
    if (i < numParameters && !(kind & CO_FAST_LOCAL))
      return error(nullptr, llvm::formatv("parameter {0} ('{1}') is not a "
                                          "local",
                                          i, code.localsplusnames[i])
                                .str());
  }
  constexpr uint32_t knownFlags = 0x3ff | 0x1fe0000;
  if (code.flags & ~knownFlags)
    return error(nullptr, llvm::formatv("unknown code flags {0:x}",
                                        code.flags & ~knownFlags)
                              .str());
  SmallVector<Type> argTypes(numParameters + freevars.size(), objectType);
  builder.setInsertionPointToEnd(module.getBody());
  func = builder.create<py::FuncOp>(
      functionLoc(), symbol,
      TypeAttr::get(builder.getFunctionType(argTypes, {objectType})),
      /*sym_visibility=*/StringAttr(), /*arg_attrs=*/ArrayAttr(),
      /*res_attrs=*/ArrayAttr(), cache.getString(code.qualname),
      cache.getI64(code.argcount), cache.getI64(code.posonlyargcount),
      cache.getI64(code.kwonlyargcount),
      py::CodeFlagsAttr::get(context, static_cast<py::CodeFlags>(code.flags)),
      cache.getArray(varnames), cache.getArray(cellvars),
      cache.getArray(freevars));

  if (failed(buildBlocks()))
    return failure();
  computeOrder();

  // MLIR blocks: the entry block with the arguments, then the reachable
  // bytecode blocks in code order.
  Region &body = func.getBody();
  size_t numLocals = code.numLocalsPlus();
  BytecodeBlock &entry = blocks[entryBlockIndex];
  entry.block = new Block();
  body.push_back(entry.block);
  for (Type type : argTypes)
    entry.block->addArgument(type, func.getLoc());
  builder.setInsertionPointToStart(entry.block);
  // Locals the entry does not define read as unbound (readLocalRecursive).
  localDefs.assign(blocks.size() * numLocals, Value());
  for (unsigned i = 0; i < numParameters; ++i)
    localDef(entryBlockIndex, i) = entry.block->getArgument(i);
  for (auto [index, slot] : llvm::enumerate(freeSlots))
    localDef(entryBlockIndex, slot) = entry.block->getArgument(numParameters + index);
  entry.filled = entry.sealed = true;
  entry.exitStacks.emplace_back();
  blocks[0].entryShape.emplace();
  blocks[0].entryShapeFrom = entryBlockIndex;
  // Unless the first bytecode block is a loop header, it shares the entry
  // block.
  bool mergeEntry = blocks[0].preds.size() == 1;
  if (mergeEntry)
    blocks[0].block = entry.block;
  for (auto [index, block] : llvm::enumerate(blocks)) {
    if (!block.reachable || index == entryBlockIndex)
      continue;
    if (block.block)
      continue;
    block.block = new Block();
    body.push_back(block.block);
  }

  // Visit in reverse post-order; a block is sealed once all its predecessors
  // are filled.
  for (BytecodeBlock &block : blocks)
    if (block.reachable)
      block.unfilledPreds = llvm::count_if(
          block.preds, [&](auto &edge) { return !blocks[edge.from].filled; });
  for (unsigned b : order)
    if (b != entryBlockIndex && blocks[b].unfilledPreds == 0)
      sealBlock(b);
  for (unsigned b : order) {
    if (b == entryBlockIndex)
      continue;
    if (failed(visitBlock(b)))
      return failure();
    auto noteFilled = [&](unsigned succ) {
      if (--blocks[succ].unfilledPreds == 0)
        sealBlock(succ);
    };
    for (unsigned succ : blocks[b].successors)
      noteFilled(succ);
    if (blocks[b].unwindTo >= 0)
      noteFilled(blocks[b].unwindTo);
  }
  llvm::erase(order, entryBlockIndex);
  if (!mergeEntry)
    order.insert(order.begin(), entryBlockIndex);

  emitTerminators();
  removeRedundantChecks();
  for (py::MakeFunctionOp make : madeFunctions)
    if (failed(checkClosure(make)))
      return failure();
  // CPython sets the attribute on the function object in place; a function
  // whose old value is still used (kept in a local, copied on the stack, or
  // made its own attribute) cannot be rebuilt as a new value.
  for (py::MakeFunctionOp make : replacedFunctions) {
    if (!make->use_empty()) {
      InFlightDiagnostic diag = emitError(make.getLoc());
      diag << "the function made of '" << make.getFunction()
           << "' is used apart from the SET_FUNCTION_ATTRIBUTE that completes "
              "it (code object '"
           << code.qualname << "' in " << bufferName << ")";
      return diag;
    }
    make.erase();
  }
  // Constants whose only use was folded into an op (code objects, keyword
  // names, keys of BUILD_CONST_KEY_MAP).
  for (Operation *op : foldedConstants)
    if (op->use_empty())
      op->erase();
  if (unboundValue && unboundValue.use_empty())
    unboundValue.getDefiningOp()->erase();
  return success();
}

//===----------------------------------------------------------------------===//
// Module import
//===----------------------------------------------------------------------===//

namespace {
/// A parsed `--input` spec.
FailureOr<Attribute> parseInputSpec(MLIRContext *context, StringRef spec,
                                    std::string &why) {
  Builder b(context);
  if (spec == "none")
    return Attribute(py::NoneAttr::get(context));
  auto [kind, value] = spec.split('=');
  if (spec.contains('=')) {
    if (kind == "int") {
      llvm::APInt v;
      StringRef digits = value;
      bool negative = digits.consume_front("-");
      if (digits.empty() || digits.getAsInteger(10, v)) {
        why = "'" + value.str() + "' is not an int";
        return failure();
      }
      v = v.zext(v.getBitWidth() + 1);
      if (negative)
        v.negate();
      return Attribute(py::IntAttr::get(context, v));
    }
    if (kind == "float") {
      double d;
      if (value.getAsDouble(d)) {
        why = "'" + value.str() + "' is not a float";
        return failure();
      }
      return Attribute(b.getF64FloatAttr(d));
    }
    if (kind == "bool") {
      if (value != "true" && value != "false") {
        why = "a bool is 'true' or 'false'";
        return failure();
      }
      return Attribute(b.getBoolAttr(value == "true"));
    }
    if (kind == "str")
      return Attribute(b.getStringAttr(value));
    why = "unknown scalar kind '" + kind.str() + "' (int, float, bool, str)";
    return failure();
  }
  // A tensor: DTYPE[DIMS](:grad)?
  StringRef rest = spec;
  bool requiresGrad = rest.consume_back(":grad");
  size_t open = rest.find('[');
  if (open == StringRef::npos || !rest.ends_with("]")) {
    why = "expected DTYPE[DIMS], DTYPE[DIMS]:grad, int=N, float=X, bool=B, "
          "str=S or none";
    return failure();
  }
  StringRef dtype = rest.take_front(open);
  Type element = llvm::StringSwitch<Type>(dtype)
                     .Case("f16", b.getF16Type())
                     .Case("bf16", b.getBF16Type())
                     .Case("f32", b.getF32Type())
                     .Case("f64", b.getF64Type())
                     .Case("i8", b.getIntegerType(8))
                     .Case("i16", b.getIntegerType(16))
                     .Case("i32", b.getIntegerType(32))
                     .Case("i64", b.getIntegerType(64))
                     .Case("u8", b.getIntegerType(8, /*isSigned=*/false))
                     .Case("bool", b.getI1Type())
                     .Default(Type());
  if (!element) {
    why = "unknown dtype '" + dtype.str() +
          "' (f16, bf16, f32, f64, i8, i16, i32, i64, u8, bool)";
    return failure();
  }
  if (requiresGrad && !isa<FloatType>(element)) {
    why = "only floating-point tensors can require grad";
    return failure();
  }
  SmallVector<int64_t> shape;
  StringRef dims = rest.drop_front(open + 1).drop_back();
  if (!dims.trim().empty()) {
    SmallVector<StringRef> parts;
    dims.split(parts, ',');
    for (StringRef part : parts) {
      int64_t size;
      if (part.trim().getAsInteger(10, size) || size < 0) {
        why = "dimension '" + part.str() + "' is not a non-negative integer";
        return failure();
      }
      shape.push_back(size);
    }
  }
  return Attribute(py::TensorInputAttr::get(
      context, RankedTensorType::get(shape, element), requiresGrad));
}
} // namespace

OwningOpRef<ModuleOp> dynamir::pyc::importPyc(StringRef contents,
                                              StringRef bufferName,
                                              MLIRContext *context,
                                              const ImportOptions &options,
                                              ImportStatistics *stats) {
  context->loadDialect<py::PyDialect, cf::ControlFlowDialect>();
  Location fileLoc = FileLineColLoc::get(context, bufferName, 0, 0);
  llvm::Expected<std::unique_ptr<PycFile>> file = PycFile::read(contents, bufferName);
  if (!file) {
    emitError(fileLoc) << llvm::toString(file.takeError());
    return {};
  }
  const CodeObject *moduleCode = (*file)->getModuleCode();

  // Every code object, in pre-order, with a unique symbol per qualname.
  AttributeCache cache(context);
  SmallVector<const CodeObject *, 0> codes;
  llvm::DenseMap<const CodeObject *, StringAttr> symbols;
  // Keys are slices of the pyc buffer or the values of symbols made here.
  llvm::DenseSet<StringRef> usedNames;
  SmallVector<const CodeObject *, 16> worklist{moduleCode};
  // Code objects found in a constant, including inside tuples and frozensets
  // (the compiler never nests them there, but marshal and CPython allow it).
  std::function<void(const MarshalObject *)> pushCodes =
      [&](const MarshalObject *c) {
        if (c->kind == MarshalObject::Kind::Code)
          worklist.push_back(c->code);
        else if (c->kind == MarshalObject::Kind::Tuple ||
                 c->kind == MarshalObject::Kind::FrozenSet)
          for (const MarshalObject *element : llvm::reverse(c->elements))
            pushCodes(element);
      };
  while (!worklist.empty()) {
    const CodeObject *code = worklist.pop_back_val();
    if (symbols.count(code))
      continue;
    // A symbol cannot be empty; CPython does not mind an empty qualname.
    StringRef base = !code->qualname.empty() ? code->qualname
                     : !code->name.empty()   ? code->name
                                             : StringRef("<code>");
    StringAttr symbol;
    if (usedNames.insert(base).second) {
      symbol = cache.getString(base);
    } else {
      for (unsigned n = 2; !symbol; ++n) {
        std::string name = (base + "#" + llvm::Twine(n)).str();
        if (!usedNames.contains(name)) {
          symbol = StringAttr::get(context, name);
          usedNames.insert(symbol.getValue());
        }
      }
    }
    symbols[code] = symbol;
    codes.push_back(code);
    // Push in reverse so that nested code objects come out in source order.
    for (const MarshalObject *c : llvm::reverse(code->consts))
      pushCodes(c);
  }

  OwningOpRef<ModuleOp> module = ModuleOp::create(fileLoc);
  Builder b(context);
  (*module)->setAttr("py.version",
                     b.getStringAttr("3." + std::to_string((*file)->getVersion().minor)));
  (*module)->setAttr("py.filename", b.getStringAttr(moduleCode->filename));
  (*module)->setAttr("py.module", FlatSymbolRefAttr::get(symbols[moduleCode]));
  OpNameCache opNames(context);
  for (const CodeObject *code : codes) {
    FunctionImporter importer(*code, (*file)->getVersion(), symbols[code],
                              *module, symbols, cache, opNames, bufferName);
    if (failed(importer.run()))
      return {};
    if (stats) {
      ++stats->codeObjects;
      stats->instructions += importer.getNumInstructions();
    }
  }

  if (!options.entry.empty() || !options.inputs.empty()) {
    if (options.entry.empty()) {
      emitError(fileLoc) << "--input given without --entry";
      return {};
    }
    py::FuncOp entry;
    SmallVector<StringRef> candidates;
    for (auto func : module->getOps<py::FuncOp>()) {
      if (func.getSymName() == options.entry)
        entry = func;
      else if (func.getQualname() == options.entry && !entry)
        entry = func;
      candidates.push_back(func.getQualname());
    }
    if (!entry) {
      InFlightDiagnostic diag = emitError(fileLoc);
      diag << "no code object named '" << options.entry << "' in " << bufferName
           << "; it has: ";
      llvm::interleaveComma(candidates, diag);
      return {};
    }
    SmallVector<Attribute> inputs;
    for (StringRef spec : options.inputs) {
      std::string why;
      FailureOr<Attribute> input = parseInputSpec(context, spec, why);
      if (failed(input)) {
        emitError(fileLoc) << "bad --input '" << spec << "': " << why;
        return {};
      }
      inputs.push_back(*input);
    }
    size_t expected = entry.getArgcount();
    bool varargs = bitEnumContainsAll(entry.getFlags(), py::CodeFlags::varargs);
    if (inputs.size() < expected || (!varargs && inputs.size() > expected)) {
      InFlightDiagnostic diag = emitError(fileLoc);
      diag << "'" << entry.getQualname() << "' has " << expected
           << " positional parameter" << (expected == 1 ? "" : "s");
      if (expected) {
        diag << " (";
        llvm::interleaveComma(entry.getVarnames().getValue().take_front(expected),
                              diag, [&](Attribute name) {
                                diag << cast<StringAttr>(name).getValue();
                              });
        diag << ")";
      }
      diag << (varargs ? " and *args" : "") << ", but " << inputs.size()
           << " --input specs were given";
      return {};
    }
    (*module)->setAttr("py.entry", FlatSymbolRefAttr::get(entry.getSymNameAttr()));
    (*module)->setAttr("py.inputs", b.getArrayAttr(inputs));
  }
  return module;
}
