//===- Exceptions.cpp - CPython's builtin exception classes ---------------===//

#include "Exceptions.h"

#include "Objects.h"
#include "Super.h"

#include "dynamir/Dialect/Py/IR/PyAttributes.h"
#include "dynamir/Dialect/Py/IR/PyRepr.h"

#include "mlir/Dialect/ControlFlow/IR/ControlFlowOps.h"
#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/StringExtras.h"

using namespace mlir;
using namespace dynamir;
using namespace dynamir::py;

namespace {
struct Row {
  unsigned first, last;
  StringRef name, bases, mro, members;
};

const Row kRows[] = {
#define PY_EXCEPTION(FIRST, LAST, NAME, BASES, MRO, MEMBERS)                                  \
  {FIRST, LAST, #NAME, BASES, MRO, MEMBERS},
#include "dynamir/Dialect/Py/IR/Exceptions.def"
};

const std::pair<StringRef, StringRef> kAliases[] = {
#define PY_EXCEPTION_ALIAS(NAME, CLASS) {#NAME, #CLASS},
#include "dynamir/Dialect/Py/IR/Exceptions.def"
};

SmallVector<StringRef> split(StringRef text) {
  SmallVector<StringRef> parts;
  text.split(parts, ' ', /*MaxSplit=*/-1, /*KeepEmpty=*/false);
  return parts;
}
} // namespace

std::optional<BuiltinException> dynamir::py::lookupBuiltinException(StringRef name,
                                                                    unsigned minor) {
  for (auto [alias, cls] : kAliases)
    if (alias == name)
      name = cls;
  for (const Row &row : kRows)
    if (row.name == name && row.first <= minor && minor <= row.last)
      return BuiltinException{row.name, split(row.bases), split(row.mro), split(row.members)};
  return std::nullopt;
}

unsigned dynamir::py::getPythonMinor(ModuleOp module) {
  auto version = module ? module->getAttrOfType<StringAttr>("py.version") : StringAttr();
  unsigned minor = 12;
  if (version && version.getValue().starts_with("3."))
    (void)version.getValue().drop_front(2).getAsInteger(10, minor);
  return minor;
}

bool dynamir::py::isExceptionSlot(StringRef name) {
  return llvm::is_contained(
      {"args", "__context__", "__cause__", "__suppress_context__", "__traceback__"}, name);
}

std::optional<BuiltinException> dynamir::py::getBuiltinException(ClassOp cls) {
  if (!cls || !cls.getLibrary())
    return std::nullopt;
  StringRef name = cls.getSymName();
  if (!name.consume_front("builtins."))
    return std::nullopt;
  std::optional<BuiltinException> info =
      lookupBuiltinException(name, getPythonMinor(cls->getParentOfType<ModuleOp>()));
  // An alias names its class's symbol, never one of its own.
  if (!info || info->name != name)
    return std::nullopt;
  return info;
}

namespace {
/// The fields of builtin subclasses that Dynamir models: what their
/// `__init__` sets from the arguments.
constexpr StringLiteral kSubclassFields[] = {"value", "code", "name",  "obj",
                                             "msg",   "path", "name_from"};

/// How the `__init__` of each builtin exception class treats its arguments.
enum class InitKind {
  Base,
  StopIteration,
  SystemExit,
  AttributeError,
  NameError,
  ImportError,
  Unmodelled
};

InitKind getInitKind(const BuiltinException &info, unsigned minor, size_t numPositional,
                     size_t numKeywords) {
  if (info.name == "StopIteration")
    return InitKind::StopIteration;
  if (info.name == "SystemExit")
    return InitKind::SystemExit;
  if (info.name == "AttributeError")
    return InitKind::AttributeError;
  if (info.name == "NameError")
    return InitKind::NameError;
  if (info.name == "ImportError" || llvm::is_contained(info.mro, "ImportError"))
    return InitKind::ImportError;
  if (info.name == "BaseException")
    return InitKind::Base;
  // A class whose MRO holds fields of its own (OSError's `errno`,
  // SyntaxError's `lineno`, ...) parses its arguments into them; the others
  // run BaseException's `__init__`. OSError given at most one argument and
  // no keywords keeps it in `args` alone.
  bool hasFields = false, isOSError = false;
  auto scan = [&](const BuiltinException &cls) {
    isOSError |= cls.name == "OSError";
    for (StringRef member : cls.members)
      hasFields |= !llvm::is_contained({"__doc__", "__init__", "__new__", "__str__", "__reduce__",
                                        "__getstate__", "__setstate__", "__module__",
                                        "__weakref__"},
                                       member);
  };
  scan(info);
  for (StringRef base : info.mro)
    if (base != "BaseException" && base != "object")
      if (std::optional<BuiltinException> b = lookupBuiltinException(base, minor))
        scan(*b);
  if (!hasFields || (isOSError && numPositional <= 1 && numKeywords == 0))
    return InitKind::Base;
  return InitKind::Unmodelled;
}
} // namespace

bool dynamir::py::isExceptionField(ClassOp exception, StringRef name) {
  if (isExceptionSlot(name))
    return true;
  if (!llvm::is_contained(kSubclassFields, name))
    return false;
  ModuleOp module = exception->getParentOfType<ModuleOp>();
  std::optional<BuiltinException> info = getBuiltinException(exception);
  if (!info)
    return false;
  unsigned minor = getPythonMinor(module);
  if (llvm::is_contained(info->members, name))
    return true;
  for (StringRef base : info->mro)
    if (std::optional<BuiltinException> b = lookupBuiltinException(base, minor);
        b && llvm::is_contained(b->members, name))
      return true;
  return false;
}

Attribute dynamir::py::getExceptionFieldDefault(MLIRContext *context, StringRef name) {
  if (name == "__suppress_context__")
    return BoolAttr::get(context, false);
  return NoneAttr::get(context);
}

void dynamir::py::emitExceptionNew(OpBuilder &builder, Location loc, Value object,
                                   ValueRange arguments, ArrayAttr kwnames) {
  Type objectType = object.getType();
  ValueRange positional = arguments.drop_back(kwnames ? kwnames.size() : 0);
  Value args = builder.create<BuildTupleOp>(loc, objectType, positional);
  builder.create<ExceptionStoreOp>(loc, object, "args", args);
}

bool dynamir::py::emitExceptionInit(OpBuilder &builder, Location loc, ClassOp owner,
                                    Value object, ValueRange arguments, ArrayAttr kwnames) {
  std::optional<BuiltinException> info = getBuiltinException(owner);
  if (!info)
    return false;
  size_t numKeywords = kwnames ? kwnames.size() : 0;
  InitKind kind = getInitKind(*info, getPythonMinor(owner->getParentOfType<ModuleOp>()),
                              arguments.size() - numKeywords, numKeywords);
  if (kind == InitKind::Unmodelled)
    return false;
  ValueRange positional = arguments.drop_back(numKeywords);
  ValueRange keywordValues = arguments.take_back(numKeywords);
  // Only AttributeError's (name, obj) and NameError's (name) keywords: as
  // Dynamo, Dynamir refuses the others (ImportError's `name` and `path`
  // among them), which ReportGraphBreaks reports.
  unsigned minor = getPythonMinor(owner->getParentOfType<ModuleOp>());
  llvm::SmallDenseMap<StringRef, Value> keywords;
  for (auto [name, value] : llvm::zip(kwnames.getAsValueRange<StringAttr>(), keywordValues)) {
    bool accepted = (kind == InitKind::AttributeError && (name == "name" || name == "obj")) ||
                    (kind == InitKind::NameError && name == "name");
    if (!accepted || !keywords.try_emplace(name, value).second)
      return false;
  }
  Type objectType = object.getType();
  auto none = [&]() -> Value {
    return builder.create<ConstantOp>(loc, objectType, NoneAttr::get(builder.getContext()));
  };
  Value args = builder.create<BuildTupleOp>(loc, objectType, positional);
  builder.create<ExceptionStoreOp>(loc, object, "args", args);
  switch (kind) {
  case InitKind::StopIteration:
    builder.create<ExceptionStoreOp>(loc, object, "value",
                                     positional.empty() ? none() : positional.front());
    break;
  case InitKind::SystemExit:
    builder.create<ExceptionStoreOp>(loc, object, "code",
                                     positional.empty()       ? none()
                                     : positional.size() == 1 ? positional.front()
                                                              : args);
    break;
  case InitKind::AttributeError:
    builder.create<ExceptionStoreOp>(loc, object, "name",
                                     keywords.count("name") ? keywords["name"] : none());
    builder.create<ExceptionStoreOp>(loc, object, "obj",
                                     keywords.count("obj") ? keywords["obj"] : none());
    break;
  case InitKind::NameError:
    builder.create<ExceptionStoreOp>(loc, object, "name",
                                     keywords.count("name") ? keywords["name"] : none());
    break;
  case InitKind::ImportError:
    // `msg` is a lone argument (ImportError_init); `name`, `path` (and
    // since 3.12 `name_from`) come from keywords, here none.
    builder.create<ExceptionStoreOp>(loc, object, "msg",
                                     positional.size() == 1 ? positional.front() : none());
    for (StringRef field : {"name", "path", "name_from"})
      if (field != "name_from" || minor >= 12)
        builder.create<ExceptionStoreOp>(loc, object, field, none());
    break;
  default:
    break;
  }
  return true;
}

namespace {
// The costs of suggestions.c.
constexpr size_t kMoveCost = 2, kCaseCost = 1, kMaxStringSize = 40, kMaxCandidates = 750;

size_t substitutionCost(char a, char b) {
  // Letters that differ only in case cost less; the low five bits decide
  // first, as in CPython.
  if ((a & 31) != (b & 31))
    return kMoveCost;
  if (a == b)
    return 0;
  return llvm::toLower(a) == llvm::toLower(b) ? kCaseCost : kMoveCost;
}

/// The distance of `a` and `b`, or `maxCost + 1` once it exceeds `maxCost`.
size_t levenshteinDistance(StringRef a, StringRef b, size_t maxCost) {
  while (!a.empty() && !b.empty() && a.front() == b.front()) {
    a = a.drop_front();
    b = b.drop_front();
  }
  while (!a.empty() && !b.empty() && a.back() == b.back()) {
    a = a.drop_back();
    b = b.drop_back();
  }
  if (a.empty() || b.empty())
    return (a.size() + b.size()) * kMoveCost;
  if (a.size() > kMaxStringSize || b.size() > kMaxStringSize)
    return maxCost + 1;
  if (b.size() < a.size())
    std::swap(a, b);
  if ((b.size() - a.size()) * kMoveCost > maxCost)
    return maxCost + 1;
  // One row of the matrix, updated in place.
  SmallVector<size_t, kMaxStringSize> row(a.size());
  for (size_t i = 0; i < a.size(); ++i)
    row[i] = (i + 1) * kMoveCost;
  size_t result = 0;
  for (size_t j = 0; j < b.size(); ++j) {
    size_t distance = result = j * kMoveCost;
    size_t minimum = SIZE_MAX;
    for (size_t i = 0; i < a.size(); ++i) {
      size_t substitute = distance + substitutionCost(b[j], a[i]);
      distance = row[i];
      result = std::min(std::min(result, distance) + kMoveCost, substitute);
      row[i] = result;
      minimum = std::min(minimum, result);
    }
    if (minimum > maxCost)
      return maxCost + 1;
  }
  return result;
}
} // namespace

std::optional<StringRef> dynamir::py::suggestName(ArrayRef<StringRef> candidates,
                                                  StringRef name) {
  if (candidates.size() >= kMaxCandidates)
    return std::nullopt;
  std::optional<StringRef> suggestion;
  size_t best = SIZE_MAX;
  for (StringRef candidate : candidates) {
    if (candidate == name)
      continue;
    // No more than a third of the characters may change; a tie keeps the
    // earlier candidate.
    size_t maxDistance = (name.size() + candidate.size() + 3) * kMoveCost / 6;
    maxDistance = std::min(maxDistance, best - 1);
    size_t distance = levenshteinDistance(name, candidate, maxDistance);
    if (distance > maxDistance)
      continue;
    if (!suggestion || distance < best) {
      suggestion = candidate;
      best = distance;
    }
  }
  return suggestion;
}

NewObjectOp dynamir::py::getModelledException(const Environment &env, Value value) {
  auto object = value.getDefiningOp<NewObjectOp>();
  std::optional<InstanceModel> model = object ? getInstanceModel(env, object) : std::nullopt;
  return model && model->exception ? object : NewObjectOp();
}

std::optional<std::pair<Block *, SmallVector<Value>>> dynamir::py::getUnwindEdge(Operation *op) {
  Block *block = op->getBlock();
  Operation *terminator = block->getTerminator();
  Block *handler = nullptr;
  ValueRange operands;
  if (auto branch = dyn_cast<UnwindBranchOp>(terminator)) {
    handler = branch.getUnwindDest();
    operands = branch.getUnwindOperands();
  } else if (auto raise = dyn_cast<RaiseOp>(terminator); raise && !raise.getUnwindDest().empty()) {
    handler = raise.getUnwindDest().front();
    operands = raise.getUnwindOperands();
  } else if (auto reraise = dyn_cast<ReraiseOp>(terminator);
             reraise && !reraise.getUnwindDest().empty()) {
    handler = reraise.getUnwindDest().front();
    operands = reraise.getUnwindOperands();
  }
  for (Value operand : operands)
    if (Operation *def = operand.getDefiningOp();
        def && def->getBlock() == block && !def->isBeforeInBlock(op))
      return std::nullopt;
  return std::make_pair(handler, SmallVector<Value>(operands));
}

namespace {
/// The class `builtins.<name>` and the unwind edge of `op`, where a raise
/// can replace it: the environment has the class, `op`'s block is reached,
/// and the edge's operands are defined before `op`.
std::optional<std::pair<FlatSymbolRefAttr, std::pair<Block *, SmallVector<Value>>>>
getRaiseTarget(const Environment &env, Operation *op, StringRef name) {
  auto symbol = FlatSymbolRefAttr::get(op->getContext(), ("builtins." + name).str());
  // What follows a raise is unreachable until it is erased.
  Block *block = op->getBlock();
  if ((!block->isEntryBlock() && block->hasNoPredecessors()) || !env.lookupClass(symbol))
    return std::nullopt;
  std::optional<std::pair<Block *, SmallVector<Value>>> edge = getUnwindEdge(op);
  if (!edge)
    return std::nullopt;
  return std::make_pair(symbol, *edge);
}
} // namespace

bool dynamir::py::canRaiseBuiltinException(const Environment &env, Operation *op,
                                           StringRef name) {
  return getRaiseTarget(env, op, name).has_value();
}

LogicalResult dynamir::py::raiseBuiltinException(RewriterBase &rewriter, const Environment &env,
                                                 Operation *op, StringRef name, Value argument,
                                                 ArrayRef<ExceptionField> fields) {
  auto target = getRaiseTarget(env, op, name);
  if (!target)
    return failure();
  auto &[symbol, edge] = *target;
  Location loc = op->getLoc();
  rewriter.setInsertionPoint(op);
  Type objectType = ObjectType::get(rewriter.getContext());
  Value cls = rewriter.create<ClassRefOp>(loc, objectType, symbol);
  Value exception = rewriter.create<NewObjectOp>(loc, objectType, cls);
  Value tuple = rewriter.create<BuildTupleOp>(loc, objectType, argument);
  rewriter.create<ExceptionStoreOp>(loc, exception, "args", tuple);
  for (auto [field, value] : fields)
    rewriter.create<ExceptionStoreOp>(loc, exception, field, value);
  Block *block = op->getBlock();
  rewriter.splitBlock(block, op->getIterator());
  rewriter.setInsertionPointToEnd(block);
  auto &[handler, operands] = edge;
  rewriter.create<RaiseOp>(loc, exception, Value(), operands,
                           handler ? BlockRange(handler) : BlockRange());
  return success();
}

LogicalResult dynamir::py::raiseBuiltinException(RewriterBase &rewriter, const Environment &env,
                                                 Operation *op, StringRef name,
                                                 StringRef message,
                                                 ArrayRef<ExceptionField> fields) {
  if (!getRaiseTarget(env, op, name))
    return failure();
  rewriter.setInsertionPoint(op);
  Value text = rewriter.create<ConstantOp>(op->getLoc(), ObjectType::get(rewriter.getContext()),
                                           rewriter.getStringAttr(message));
  return raiseBuiltinException(rewriter, env, op, name, text, fields);
}

//===----------------------------------------------------------------------===//
// Patterns
//===----------------------------------------------------------------------===//

namespace {
bool isNoneConstant(Value value) {
  return isa_and_nonnull<NoneAttr>(getConstant(value));
}

/// A load of a builtin exception class that the module does not rebind:
/// the library class of the environment.
struct ResolveBuiltinExceptionClass : ResolvePattern<LoadGlobalOp> {
  using ResolvePattern::ResolvePattern;

  LogicalResult matchAndRewrite(LoadGlobalOp load, PatternRewriter &rewriter) const override {
    if (!state.env.isBuiltin(load.getName()))
      return failure();
    std::optional<BuiltinException> info = lookupBuiltinException(
        load.getName(), getPythonMinor(load->getParentOfType<ModuleOp>()));
    if (!info)
      return failure();
    auto symbol = FlatSymbolRefAttr::get(getContext(), ("builtins." + info->name).str());
    if (!state.env.lookupClass(symbol))
      return failure();
    rewriter.replaceOpWithNewOp<ClassRefOp>(load, load.getType(), symbol);
    return success();
  }
};

/// `__name__`, `__qualname__` and `__module__` of a builtin exception class,
/// which no code can change; and `__name__` of a class of the environment
/// (`type(e).__name__`), which code could, under CONSTANT_MATCH on its
/// source.
struct FoldClassName : ResolvePattern<GetAttrOp> {
  using ResolvePattern::ResolvePattern;

  LogicalResult matchAndRewrite(GetAttrOp read, PatternRewriter &rewriter) const override {
    StringRef name = read.getName();
    Value object = read.getObject();
    if (auto ref = object.getDefiningOp<ClassRefOp>()) {
      ClassOp cls = state.env.lookupClass(ref.getClsAttr());
      if (!cls || !getBuiltinException(cls))
        return failure();
      Attribute value;
      if (name == "__name__" || name == "__qualname__")
        value = rewriter.getStringAttr(cls.getName());
      else if (name == "__module__")
        value = rewriter.getStringAttr("builtins");
      else
        return failure();
      rewriter.replaceOpWithNewOp<ConstantOp>(read, read.getType(), value);
      return success();
    }
    auto guard = object.getDefiningOp<tg::GuardIdOp>();
    auto cls = dyn_cast_or_null<ClassOp>(getEnvironmentSymbol(state.env, object));
    if (!guard || !cls || cls.getLibrary() || name != "__name__" || cls.lookupMember(name))
      return failure();
    tg::SourceAttr source = guard.getSource().attr(name);
    if (isGuarded(read.getResult(), source))
      return failure();
    rewriter.setInsertionPointAfter(read);
    Value known = materializeMember(rewriter, read.getLoc(), read.getResult(), source,
                                    rewriter.getStringAttr(cls.getName()));
    if (!known)
      return failure();
    replaceReadWith(rewriter, read.getResult(), known);
    return success();
  }
};

/// `except T:` on an exception the capture models, with `T` a class (or a
/// tuple of classes) deriving from BaseException: whether `T` is in the
/// exception's MRO.
struct FoldCheckExcMatch : ResolvePattern<CheckExcMatchOp> {
  using ResolvePattern::ResolvePattern;

  LogicalResult matchAndRewrite(CheckExcMatchOp op, PatternRewriter &rewriter) const override {
    NewObjectOp exception = getModelledException(state.env, op.getException());
    if (!exception)
      return failure();
    SmallVector<Value> types;
    if (auto tuple = op.getMatchType().getDefiningOp<BuildTupleOp>())
      llvm::append_range(types, tuple.getElements());
    else
      types.push_back(op.getMatchType());
    ClassOp cls = getKnownClass(state.env, exception.getCls());
    bool matches = false;
    for (Value type : types) {
      ClassOp match = getKnownClass(state.env, type);
      // CPython's TypeError for a class that is no exception stays.
      if (!match || !state.env.isSubclassOf(match, "builtins.BaseException"))
        return failure();
      matches |= state.env.isSubclassOf(cls, match.getSymName());
    }
    rewriter.replaceOpWithNewOp<ConstantOp>(op, op.getType(), rewriter.getBoolAttr(matches));
    return success();
  }
};

/// A store on an exception: a plain attribute of a user class's instance is
/// object's store; a field, once the value is one its setter accepts: `__cause__` (None or an exception; it also sets
/// `__suppress_context__`), `__context__` (None or an exception),
/// `__suppress_context__` (a bool), `__traceback__` (None: Dynamo keeps no
/// tracebacks), `args` (a tuple), and the fields of the builtin subclasses
/// (anything). A value the setter refuses stays a store, for the capture
/// to report.
struct StoreExceptionField : ResolvePattern<SetAttrOp> {
  using ResolvePattern::ResolvePattern;

  LogicalResult matchAndRewrite(SetAttrOp store, PatternRewriter &rewriter) const override {
    NewObjectOp exception = getModelledException(state.env, store.getObject());
    if (!exception)
      return failure();
    InstanceModel model = *getInstanceModel(state.env, exception);
    StringRef name = store.getName();
    // Another attribute of a user exception class's instance goes to its
    // `__dict__`, as object's store does: the form the result keeps.
    if (cannotRaise(state.env, store)) {
      rewriter.replaceOpWithNewOp<ObjectSetAttrOp>(store, exception, name, store.getValue());
      return success();
    }
    if (model.customSetAttr || !isExceptionField(model.exception, name))
      return failure();
    Value value = store.getValue();
    bool isNone = isNoneConstant(value);
    bool isException = static_cast<bool>(getModelledException(state.env, value));
    bool accepted;
    if (name == "__cause__" || name == "__context__")
      accepted = isNone || isException;
    else if (name == "__suppress_context__")
      accepted = isa_and_nonnull<BoolAttr>(getConstant(value));
    else if (name == "__traceback__")
      accepted = isNone;
    else if (name == "args")
      accepted = value.getDefiningOp<BuildTupleOp>() ||
                 isa_and_nonnull<ArrayAttr>(getConstant(value));
    else
      accepted = true;
    if (!accepted)
      return raiseRefusedValue(store, name, value, rewriter);
    Location loc = store.getLoc();
    rewriter.create<ExceptionStoreOp>(loc, exception, name, value);
    if (name == "__cause__") {
      Value yes = rewriter.create<ConstantOp>(loc, value.getType(), rewriter.getBoolAttr(true));
      rewriter.create<ExceptionStoreOp>(loc, exception, "__suppress_context__", yes);
    }
    rewriter.eraseOp(store);
    return success();
  }

  /// The name of the type of `value` where it is certain and `value` is no
  /// exception: a constant, a tensor, a display, a class, an instance of a
  /// class that is no exception.
  static std::optional<StringRef> getKnownNonExceptionType(const Environment &env, Value value) {
    Attribute constant = getConstant(value);
    if (isa_and_nonnull<NoneAttr>(constant))
      return StringRef("NoneType");
    if (isa_and_nonnull<BoolAttr>(constant))
      return StringRef("bool");
    if (isa_and_nonnull<IntAttr>(constant))
      return StringRef("int");
    if (isa_and_nonnull<FloatAttr>(constant))
      return StringRef("float");
    if (isa_and_nonnull<StringAttr>(constant))
      return StringRef("str");
    if (isa_and_nonnull<ArrayAttr>(constant))
      return StringRef("tuple");
    Operation *def = value.getDefiningOp();
    if (isa_and_nonnull<TensorObjectOp>(def))
      return StringRef("Tensor");
    if (isa_and_nonnull<BuildTupleOp>(def))
      return StringRef("tuple");
    if (isa_and_nonnull<BuildListOp>(def))
      return StringRef("list");
    if (isa_and_nonnull<BuildDictOp>(def))
      return StringRef("dict");
    if (isa_and_nonnull<ClassRefOp>(def))
      return StringRef("type");
    if (auto object = dyn_cast_or_null<NewObjectOp>(def)) {
      ClassOp cls = getKnownClass(env, object.getCls());
      if (cls && !env.isSubclassOf(cls, "builtins.BaseException"))
        return cls.getName();
    }
    return std::nullopt;
  }

  /// Where a field's setter refuses a value it certainly refuses, CPython's
  /// TypeError: `__cause__` and `__context__` take None or an exception,
  /// `__suppress_context__` a bool, `args` an iterable (a list display
  /// becomes a tuple). `__traceback__` stays for the capture to report, as
  /// Dynamo does.
  LogicalResult raiseRefusedValue(SetAttrOp store, StringRef name, Value value,
                                  PatternRewriter &rewriter) const {
    NewObjectOp exception = getModelledException(state.env, store.getObject());
    if (name == "args") {
      if (auto list = value.getDefiningOp<BuildListOp>()) {
        Value tuple = rewriter.create<ListToTupleOp>(store.getLoc(), value.getType(), list);
        rewriter.create<ExceptionStoreOp>(store.getLoc(), exception, name, tuple);
        rewriter.eraseOp(store);
        return success();
      }
    }
    std::optional<StringRef> type = getKnownNonExceptionType(state.env, value);
    if (!type)
      return failure();
    std::string message;
    if (name == "__cause__")
      message = "exception cause must be None or derive from BaseException";
    else if (name == "__context__")
      message = "exception context must be None or derive from BaseException";
    else if (name == "__suppress_context__")
      message = "attribute value type must be bool";
    else if (name == "args" && llvm::is_contained({"NoneType", "bool", "int", "float", "type"},
                                                  *type))
      message = ("'" + *type + "' object is not iterable").str();
    else
      return failure();
    return raiseBuiltinException(rewriter, state.env, store, "TypeError", message);
  }
};

/// A class's `__str__` or `__repr__` that returned what is certainly not a
/// str: CPython's TypeError.
struct RaiseStrResultTypeError : ResolvePattern<CheckStrResultOp> {
  using ResolvePattern::ResolvePattern;

  LogicalResult matchAndRewrite(CheckStrResultOp op, PatternRewriter &rewriter) const override {
    std::optional<StringRef> type =
        StoreExceptionField::getKnownNonExceptionType(state.env, op.getValue());
    if (!type || *type == "str")
      return failure();
    return raiseBuiltinException(
        rewriter, state.env, op, "TypeError",
        (op.getMethod() + " returned non-string (type " + *type + ")").str());
  }
};

/// How a builtin function of CPython checks the number of its arguments.
/// Where it takes keywords (`takesKeywords`), Dynamir checks only calls
/// without them.
struct BuiltinArity {
  StringLiteral name;
  unsigned min, max;
  enum Form {
    /// METH_O: "abs() takes exactly one argument (2 given)".
    ExactlyOne,
    /// _PyArg_CheckPositional: "isinstance expected 2 arguments, got 1",
    /// "range expected at least 1 argument, got 0", "... at most 3 ...".
    Expected,
    /// "type() takes 1 or 3 arguments".
    OneOrThree,
    /// "sum() takes at least 1 positional argument (0 given)", "sum()
    /// takes at most 2 arguments (3 given)".
    Sum,
  } form;
  bool takesKeywords = false;
};

constexpr unsigned kUnbounded = ~0u;

/// The builtins whose wrong number of arguments Dynamir raises as CPython
/// does (the same message in 3.11, 3.12 and 3.13).
const BuiltinArity kBuiltinArities[] = {
    {"abs", 1, 1, BuiltinArity::ExactlyOne},
    {"all", 1, 1, BuiltinArity::ExactlyOne},
    {"any", 1, 1, BuiltinArity::ExactlyOne},
    {"ascii", 1, 1, BuiltinArity::ExactlyOne},
    {"bin", 1, 1, BuiltinArity::ExactlyOne},
    {"callable", 1, 1, BuiltinArity::ExactlyOne},
    {"chr", 1, 1, BuiltinArity::ExactlyOne},
    {"hash", 1, 1, BuiltinArity::ExactlyOne},
    {"hex", 1, 1, BuiltinArity::ExactlyOne},
    {"id", 1, 1, BuiltinArity::ExactlyOne},
    {"len", 1, 1, BuiltinArity::ExactlyOne},
    {"oct", 1, 1, BuiltinArity::ExactlyOne},
    {"ord", 1, 1, BuiltinArity::ExactlyOne},
    {"repr", 1, 1, BuiltinArity::ExactlyOne},
    {"delattr", 2, 2, BuiltinArity::Expected},
    {"divmod", 2, 2, BuiltinArity::Expected},
    {"getattr", 2, 3, BuiltinArity::Expected},
    {"hasattr", 2, 2, BuiltinArity::Expected},
    {"isinstance", 2, 2, BuiltinArity::Expected},
    {"issubclass", 2, 2, BuiltinArity::Expected},
    {"iter", 1, 2, BuiltinArity::Expected},
    {"next", 1, 2, BuiltinArity::Expected},
    {"range", 1, 3, BuiltinArity::Expected},
    {"setattr", 3, 3, BuiltinArity::Expected},
    {"max", 1, kUnbounded, BuiltinArity::Expected, /*takesKeywords=*/true},
    {"min", 1, kUnbounded, BuiltinArity::Expected, /*takesKeywords=*/true},
    {"sum", 1, 2, BuiltinArity::Sum, /*takesKeywords=*/true},
    {"type", 1, 3, BuiltinArity::OneOrThree, /*takesKeywords=*/true},
};

/// CPython's TypeError for `given` positional arguments (and keywords where
/// `keywords`) to `arity`'s builtin; nothing where it takes them.
std::optional<std::string> getArityError(const BuiltinArity &arity, size_t given,
                                         bool keywords) {
  std::string name = arity.name.str();
  if (keywords)
    return name + "() takes no keyword arguments";
  bool ok = given >= arity.min && given <= arity.max &&
            (arity.form != BuiltinArity::OneOrThree || given != 2);
  if (ok)
    return std::nullopt;
  std::string count = std::to_string(given);
  switch (arity.form) {
  case BuiltinArity::ExactlyOne:
    return name + "() takes exactly one argument (" + count + " given)";
  case BuiltinArity::OneOrThree:
    return name + "() takes 1 or 3 arguments";
  case BuiltinArity::Sum:
    return given < arity.min ? name + "() takes at least 1 positional argument (" + count + " given)"
                             : name + "() takes at most 2 arguments (" + count + " given)";
  case BuiltinArity::Expected:
    break;
  }
  unsigned bound = given < arity.min ? arity.min : arity.max;
  StringRef quantity = arity.min == arity.max ? "" : given < arity.min ? "at least " : "at most ";
  return name + " expected " + quantity.str() + std::to_string(bound) + " argument" +
         (bound == 1 ? "" : "s") + ", got " + count;
}

/// A builtin function given what CPython refuses before it looks at the
/// arguments: keywords it takes none of, or too few or too many arguments
/// (kBuiltinArities); and `len()` of a value that has no length (None, a
/// bool, an int, a float, a class).
struct RaiseBuiltinCallTypeError : ResolvePattern<CallOp> {
  using ResolvePattern::ResolvePattern;

  LogicalResult matchAndRewrite(CallOp call, PatternRewriter &rewriter) const override {
    auto load = call.getCallee().getDefiningOp<LoadGlobalOp>();
    if (!load)
      return failure();
    const BuiltinArity *arity = llvm::find_if(
        kBuiltinArities, [&](const BuiltinArity &a) { return a.name == load.getName(); });
    if (arity == std::end(kBuiltinArities) || !state.env.isBuiltin(arity->name))
      return failure();
    bool keywords = !call.getKwnames().empty();
    if (keywords && arity->takesKeywords)
      return failure();
    size_t given = call.getArguments().size() - call.getKwnames().size();
    std::optional<std::string> message = getArityError(*arity, given, keywords);
    if (!message && arity->name == "len") {
      std::optional<StringRef> type =
          StoreExceptionField::getKnownNonExceptionType(state.env, call.getArguments()[0]);
      if (!type || !llvm::is_contained({"NoneType", "bool", "int", "float", "type"}, *type))
        return failure();
      message = ("object of type '" + *type + "' has no len()").str();
    }
    if (!message)
      return failure();
    return raiseBuiltinException(rewriter, state.env, call, "TypeError", *message);
  }
};

/// `e.with_traceback(None)` returns `e`, its traceback cleared.
struct ResolveWithTraceback : ResolvePattern<CallOp> {
  using ResolvePattern::ResolvePattern;

  LogicalResult matchAndRewrite(CallOp call, PatternRewriter &rewriter) const override {
    auto method = call.getCallee().getDefiningOp<GetAttrOp>();
    if (!method || method.getName() != "with_traceback" || call.getArguments().size() != 1 ||
        !call.getKwnames().empty() || !isNoneConstant(call.getArguments()[0]))
      return failure();
    NewObjectOp exception = getModelledException(state.env, method.getObject());
    if (!exception)
      return failure();
    std::optional<ClassMember> found =
        lookupClassMember(state.env, getInstanceModel(state.env, exception)->cls,
                          "with_traceback");
    if (!found || found->value || !getBuiltinException(found->owner))
      return failure();
    rewriter.create<ExceptionStoreOp>(call.getLoc(), exception, "__traceback__",
                                      call.getArguments()[0]);
    rewriter.replaceOp(call, exception.getResult());
    if (method->use_empty())
      rewriter.eraseOp(method);
    return success();
  }
};
} // namespace

namespace {
/// A field of an exception that escapes the entry, or that the entry
/// returns, without anything reading it: the result keeps `args` and the
/// chain, not `name`, `obj`, `value` or `code`. The store goes, so that
/// what it held (the instance an AttributeError names) need not outlive
/// the capture.
struct EraseUnobservedExceptionField : ResolvePattern<ExceptionStoreOp> {
  using ResolvePattern::ResolvePattern;

  LogicalResult matchAndRewrite(ExceptionStoreOp store,
                                PatternRewriter &rewriter) const override {
    StringRef name = store.getName();
    if (llvm::is_contained({"args", "__context__", "__cause__", "__suppress_context__"}, name))
      return failure();
    Value exception = store.getException();
    // Only the entry's raises without a handler leave the capture.
    auto func = store->getParentOfType<FuncOp>();
    auto entry = func->getParentOfType<ModuleOp>()->getAttrOfType<FlatSymbolRefAttr>("py.entry");
    if (!getModelledException(state.env, exception) || !entry ||
        entry.getValue() != func.getSymName())
      return failure();
    for (Operation *user : exception.getUsers()) {
      if (isa<ExceptionStoreOp, ObjectSetAttrOp>(user) && user->getOperand(0) == exception &&
          user->getOperand(1) != exception)
        continue;
      if (auto raise = dyn_cast<RaiseOp>(user);
          raise && raise.getUnwindDest().empty() && !raise.getCause())
        continue;
      if (auto reraise = dyn_cast<ReraiseOp>(user); reraise && reraise.getUnwindDest().empty())
        continue;
      if (isa<ReturnOp>(user))
        continue;
      return failure();
    }
    rewriter.eraseOp(store);
    return success();
  }
};

/// A block whose ops cannot raise, as the capture knows them, never takes
/// its unwind edge (a `try` around code that became tg ops, instance
/// stores and guarded reads).
struct DropUnwindEdgeOfResolvedBlock : ResolvePattern<UnwindBranchOp> {
  using ResolvePattern::ResolvePattern;

  LogicalResult matchAndRewrite(UnwindBranchOp branch,
                                PatternRewriter &rewriter) const override {
    if (mayRaiseBefore(branch, [&](Operation *op) { return cannotRaise(state.env, op); }))
      return failure();
    rewriter.replaceOpWithNewOp<cf::BranchOp>(branch, branch.getDest(), branch.getDestOperands());
    return success();
  }
};
} // namespace

/// The type of `value` where it is certain and one whose operators CPython
/// implements in C, with no method a subclass could override: None, bool,
/// int, float, str, tuple, list.
std::optional<StringRef> getOperandType(const Environment &env, Value value) {
  std::optional<StringRef> type = StoreExceptionField::getKnownNonExceptionType(env, value);
  if (!type ||
      !llvm::is_contained({"NoneType", "bool", "int", "float", "str", "tuple", "list"}, *type))
    return std::nullopt;
  return type;
}

bool isNumberType(StringRef type) { return llvm::is_contained({"bool", "int", "float"}, type); }
bool isIntegerType(StringRef type) { return type == "bool" || type == "int"; }
bool isSequenceType(StringRef type) { return llvm::is_contained({"str", "tuple", "list"}, type); }

/// CPython's TypeError for `lhs <kind> rhs` (BINARY_OP on these types:
/// PyNumber_* and then the sequence slots of `abstract.c`); nothing where
/// the operator applies, or where Dynamir does not decide (`str % x`
/// formats, `list += x` extends).
std::optional<std::string> getBinaryTypeError(BinaryOpKind kind, StringRef lhs, StringRef rhs) {
  StringRef name = stringifyBinaryOpKind(kind);
  bool inPlace = name.starts_with("i");
  StringRef base = inPlace ? name.drop_front() : name;
  StringRef symbol = llvm::StringSwitch<StringRef>(base)
                         .Case("add", "+")
                         .Case("sub", "-")
                         .Case("mul", "*")
                         .Case("truediv", "/")
                         .Case("floordiv", "//")
                         .Case("mod", "%")
                         .Case("pow", "**")
                         .Case("lshift", "<<")
                         .Case("rshift", ">>")
                         .Case("and", "&")
                         .Case("or", "|")
                         .Case("xor", "^")
                         .Case("matmul", "@");
  std::string op = inPlace ? (symbol + "=").str() : base == "pow" ? "** or pow()" : symbol.str();
  std::string unsupported =
      "unsupported operand type(s) for " + op + ": '" + lhs.str() + "' and '" + rhs.str() + "'";
  bool numbers = isNumberType(lhs) && isNumberType(rhs);
  if (base == "add") {
    if (numbers || (isSequenceType(lhs) && lhs == rhs) || (inPlace && lhs == "list"))
      return std::nullopt;
    if (isSequenceType(lhs))
      return ("can only concatenate " + lhs + " (not \"" + rhs + "\") to " + lhs).str();
    return unsupported;
  }
  if (base == "mul") {
    if (numbers)
      return std::nullopt;
    // The sequence repeats by the other operand's `__index__`.
    for (auto [sequence, count] : {std::pair{lhs, rhs}, std::pair{rhs, lhs}})
      if (isSequenceType(sequence))
        return isIntegerType(count)
                   ? std::nullopt
                   : std::optional("can't multiply sequence by non-int of type '" + count.str() +
                                   "'");
    return unsupported;
  }
  if (base == "mod" && lhs == "str")
    return std::nullopt;
  if (llvm::is_contained({"sub", "truediv", "floordiv", "mod", "pow"}, base))
    return numbers ? std::nullopt : std::optional(unsupported);
  if (llvm::is_contained({"lshift", "rshift", "and", "or", "xor"}, base))
    return isIntegerType(lhs) && isIntegerType(rhs) ? std::nullopt : std::optional(unsupported);
  return unsupported;
}

/// An operator (`py.binop`, `py.compare`, `py.unary`) on values whose
/// types lack it: CPython's TypeError.
template <typename OpT>
struct RaiseOperatorTypeError : ResolvePattern<OpT> {
  using ResolvePattern<OpT>::ResolvePattern;

  LogicalResult matchAndRewrite(OpT typedOp, PatternRewriter &rewriter) const override {
    Operation *op = typedOp.getOperation();
    const Environment &env = this->state.env;
    SmallVector<StringRef, 2> types;
    for (Value operand : op->getOperands()) {
      std::optional<StringRef> type = getOperandType(env, operand);
      if (!type)
        return failure();
      types.push_back(*type);
    }
    std::optional<std::string> message;
    if (auto binary = dyn_cast<BinaryOp>(op)) {
      message = getBinaryTypeError(binary.getKind(), types[0], types[1]);
    } else if (auto compare = dyn_cast<CompareOp>(op)) {
      ComparePredicate predicate = compare.getPredicate();
      bool ordered = (isNumberType(types[0]) && isNumberType(types[1])) ||
                     (isSequenceType(types[0]) && types[0] == types[1]);
      if (predicate != ComparePredicate::eq && predicate != ComparePredicate::ne && !ordered) {
        StringRef symbol = llvm::StringSwitch<StringRef>(stringifyComparePredicate(predicate))
                               .Case("lt", "<")
                               .Case("le", "<=")
                               .Case("gt", ">")
                               .Case("ge", ">=");
        message = ("'" + symbol + "' not supported between instances of '" + types[0] +
                   "' and '" + types[1] + "'")
                      .str();
      }
    } else {
      UnaryOpKind kind = cast<UnaryOp>(op).getKind();
      bool applies = kind == UnaryOpKind::not_ ||
                     (kind == UnaryOpKind::invert ? isIntegerType(types[0])
                                                  : isNumberType(types[0]));
      if (!applies)
        message = ("bad operand type for unary " +
                   StringRef(kind == UnaryOpKind::neg   ? "-"
                             : kind == UnaryOpKind::pos ? "+"
                                                        : "~") +
                   ": '" + types[0] + "'")
                      .str();
    }
    if (!message)
      return failure();
    return raiseBuiltinException(rewriter, env, op, "TypeError", *message);
  }
};

/// `int(c)` or `float(c)` of a value CPython refuses: of a type that has
/// no conversion (TypeError), a str that is no number (ValueError), an
/// infinite or NaN float to int (OverflowError, ValueError).
struct RaiseConversionError : ResolvePattern<CallOp> {
  using ResolvePattern::ResolvePattern;

  LogicalResult matchAndRewrite(CallOp call, PatternRewriter &rewriter) const override {
    LoadGlobalOp load = getBuiltinCall(state.env, call, "int", 1);
    bool isInt = static_cast<bool>(load);
    if (!load && !(load = getBuiltinCall(state.env, call, "float", 1)))
      return failure();
    Value value = call.getArguments()[0];
    StringRef name = isInt ? "int" : "float";
    std::optional<StringRef> type = getOperandType(state.env, value);
    if (type && llvm::is_contained({"NoneType", "tuple", "list"}, *type))
      return raiseBuiltinException(
          rewriter, state.env, call, "TypeError",
          (name + "() argument must be " +
           (isInt ? "a string, a bytes-like object or a real number"
                  : "a string or a real number") +
           ", not '" + *type + "'")
              .str());
    Attribute constant = getConstant(value);
    if (auto text = dyn_cast_or_null<StringAttr>(constant)) {
      bool invalid;
      if (isInt) {
        std::optional<std::optional<APInt>> parsed = parseIntLiteral(text.getValue());
        invalid = parsed && !*parsed;
      } else {
        std::optional<std::optional<double>> parsed = parseFloatLiteral(text.getValue());
        invalid = parsed && !*parsed;
      }
      std::optional<std::string> repr = getStringRepr(text.getValue());
      if (!invalid || !repr)
        return failure();
      // int's message holds at most 200 characters of the repr (`%.200R`).
      std::string message = isInt ? "invalid literal for int() with base 10: " +
                                        repr->substr(0, 200)
                                  : "could not convert string to float: " + *repr;
      return raiseBuiltinException(rewriter, state.env, call, "ValueError", message);
    }
    auto real = dyn_cast_or_null<FloatAttr>(constant);
    if (!isInt || !real || real.getValue().isFinite())
      return failure();
    if (real.getValue().isNaN())
      return raiseBuiltinException(rewriter, state.env, call, "ValueError",
                                   "cannot convert float NaN to integer");
    return raiseBuiltinException(rewriter, state.env, call, "OverflowError",
                                 "cannot convert float infinity to integer");
  }
};

/// The items of a constant tuple or str (ASCII: one per character), or of
/// a tuple display. (A list display's operands are its items only until
/// the list changes.)
std::optional<size_t> getKnownLength(Value value) {
  Attribute constant = getConstant(value);
  if (auto tuple = dyn_cast_or_null<ArrayAttr>(constant))
    return tuple.size();
  if (auto text = dyn_cast_or_null<StringAttr>(constant))
    return llvm::all_of(text.getValue(), [](char c) { return llvm::isASCII(c); })
               ? std::optional<size_t>(text.size())
               : std::nullopt;
  if (auto tuple = value.getDefiningOp<BuildTupleOp>())
    return tuple->getNumOperands();
  return std::nullopt;
}

/// What CPython refuses of a value of a builtin type whatever the other
/// operands: calling it, subscripting, storing or deleting an item of it,
/// iterating it, and unpacking it into another number of targets. The
/// exception's class and message.
std::optional<std::pair<StringRef, std::string>> getProtocolError(const Environment &env,
                                                                  Operation *op) {
  Value value = isa<CallOp>(op) ? cast<CallOp>(op).getCallee() : op->getOperand(0);
  std::optional<StringRef> type = getOperandType(env, value);
  if (!type)
    return std::nullopt;
  bool scalar = llvm::is_contained({"NoneType", "bool", "int", "float"}, *type);
  std::string quoted = ("'" + *type + "' object").str();
  if (isa<CallOp>(op))
    return std::pair(StringRef("TypeError"), quoted + " is not callable");
  if (isa<GetItemOp>(op) && scalar)
    return std::pair(StringRef("TypeError"), quoted + " is not subscriptable");
  if (isa<SetItemOp>(op) && *type != "list")
    return std::pair(StringRef("TypeError"), quoted + " does not support item assignment");
  if (isa<DelItemOp>(op) && *type != "list") {
    // PyObject_DelItem: a sequence given an index says it differently.
    if (scalar)
      return std::pair(StringRef("TypeError"), quoted + " does not support item deletion");
    std::optional<StringRef> keyType = getOperandType(env, op->getOperand(1));
    if (!keyType)
      return std::nullopt;
    return std::pair(StringRef("TypeError"),
                     quoted + (isIntegerType(*keyType) ? " doesn't" : " does not") +
                         " support item deletion");
  }
  if (isa<GetIterOp>(op) && scalar)
    return std::pair(StringRef("TypeError"), quoted + " is not iterable");
  if (!isa<UnpackSequenceOp, UnpackExOp>(op))
    return std::nullopt;
  if (scalar)
    return std::pair(StringRef("TypeError"),
                     ("cannot unpack non-iterable " + *type + " object").str());
  std::optional<size_t> length = getKnownLength(value);
  if (!length)
    return std::nullopt;
  std::string got = std::to_string(*length);
  if (auto unpack = dyn_cast<UnpackSequenceOp>(op)) {
    std::string expected = std::to_string(unpack.getCount());
    if (*length > unpack.getCount())
      return std::pair(StringRef("ValueError"),
                       "too many values to unpack (expected " + expected + ")");
    if (*length < unpack.getCount())
      return std::pair(StringRef("ValueError"), "not enough values to unpack (expected " +
                                                    expected + ", got " + got + ")");
    return std::nullopt;
  }
  auto unpack = cast<UnpackExOp>(op);
  uint64_t atLeast = unpack.getBefore() + unpack.getAfter();
  if (*length >= atLeast)
    return std::nullopt;
  return std::pair(StringRef("ValueError"), "not enough values to unpack (expected at least " +
                                                std::to_string(atLeast) + ", got " + got + ")");
}

/// Raises what getProtocolError finds `OpT` refusing.
template <typename OpT>
struct RaiseProtocolError : ResolvePattern<OpT> {
  using ResolvePattern<OpT>::ResolvePattern;

  LogicalResult matchAndRewrite(OpT op, PatternRewriter &rewriter) const override {
    std::optional<std::pair<StringRef, std::string>> error =
        getProtocolError(this->state.env, op);
    if (!error)
      return failure();
    return raiseBuiltinException(rewriter, this->state.env, op, error->first, error->second);
  }
};

/// A builtin function given an argument of a type it refuses, whatever its
/// value (or an empty sequence to `min` and `max`): CPython's exception.
struct RaiseBuiltinArgumentError : ResolvePattern<CallOp> {
  using ResolvePattern::ResolvePattern;

  /// The message where the call raises; its exception class in `exception`.
  std::optional<std::string> getError(StringRef name, ValueRange args,
                                      StringRef &exception) const {
    const Environment &env = state.env;
    auto typeOf = [&](Value value) { return getOperandType(env, value); };
    auto scalarOrSequence = [](std::optional<StringRef> type) {
      return type && *type != "tuple";
    };
    exception = "TypeError";
    if (name == "abs" && args.size() == 1) {
      std::optional<StringRef> type = typeOf(args[0]);
      if (type && llvm::is_contained({"NoneType", "str", "tuple", "list"}, *type))
        return ("bad operand type for abs(): '" + *type + "'").str();
      return std::nullopt;
    }
    if (name == "isinstance" && args.size() == 2) {
      // A tuple is checked item by item: the first item decides where it
      // is no class and no tuple (a constant tuple holds no class).
      Attribute first;
      if (auto tuple = dyn_cast_or_null<ArrayAttr>(getConstant(args[1])))
        first = tuple.empty() ? Attribute() : tuple[0];
      if ((first && !isa<ArrayAttr>(first)) || scalarOrSequence(typeOf(args[1])))
        return std::string("isinstance() arg 2 must be a type, a tuple of types, or a union");
      return std::nullopt;
    }
    if (name == "issubclass" && args.size() == 2) {
      // Where the second is no tuple and has no `__subclasscheck__`: a
      // value of these types, or a builtin class.
      auto isBuiltinClass = [&](Value value) {
        if (auto ref = value.getDefiningOp<ClassRefOp>())
          return ref.getCls().starts_with("builtins.");
        auto load = value.getDefiningOp<LoadGlobalOp>();
        return load && env.isBuiltin(load.getName()) &&
               llvm::is_contained({"bool", "bytes", "complex", "dict", "float", "frozenset",
                                   "int", "list", "object", "set", "str", "tuple", "type"},
                                  load.getName());
      };
      bool builtinClass = isBuiltinClass(args[1]);
      if (!builtinClass && !scalarOrSequence(typeOf(args[1])))
        return std::nullopt;
      if (typeOf(args[0]))
        return std::string("issubclass() arg 1 must be a class");
      if (isBuiltinClass(args[0]) && !builtinClass)
        return std::string("issubclass() arg 2 must be a class, a tuple of classes, or a union");
      return std::nullopt;
    }
    if (llvm::is_contained({"getattr", "hasattr", "setattr", "delattr"}, name) &&
        args.size() >= 2) {
      std::optional<StringRef> type = typeOf(args[1]);
      if (type && *type != "str")
        return ("attribute name must be string, not '" + *type + "'").str();
      return std::nullopt;
    }
    if (name == "range" && !args.empty() && args.size() <= 3) {
      // Each argument's `__index__`, in order; then the step.
      for (Value arg : args) {
        std::optional<StringRef> type = typeOf(arg);
        if (!type)
          return std::nullopt;
        if (!isIntegerType(*type))
          return ("'" + *type + "' object cannot be interpreted as an integer").str();
      }
      Attribute step = args.size() == 3 ? getConstant(args[2]) : Attribute();
      bool zero = (isa_and_nonnull<IntAttr>(step) && cast<IntAttr>(step).getValue().isZero()) ||
                  (isa_and_nonnull<BoolAttr>(step) && !cast<BoolAttr>(step).getValue());
      if (zero) {
        exception = "ValueError";
        return std::string("range() arg 3 must not be zero");
      }
      return std::nullopt;
    }
    if ((name == "min" || name == "max") && args.size() == 1) {
      Value items = args[0];
      Attribute constant = getConstant(items);
      bool empty = (isa_and_nonnull<ArrayAttr>(constant) && cast<ArrayAttr>(constant).empty()) ||
                   (isa_and_nonnull<StringAttr>(constant) &&
                    cast<StringAttr>(constant).getValue().empty()) ||
                   (items.getDefiningOp<BuildTupleOp>() &&
                    items.getDefiningOp()->getNumOperands() == 0);
      if (!empty)
        return std::nullopt;
      exception = "ValueError";
      unsigned minor = getPythonMinor(items.getParentRegion()->getParentOfType<ModuleOp>());
      return (name + (minor >= 12 ? "() iterable argument is empty" : "() arg is an empty sequence"))
          .str();
    }
    return std::nullopt;
  }

  LogicalResult matchAndRewrite(CallOp call, PatternRewriter &rewriter) const override {
    auto load = call.getCallee().getDefiningOp<LoadGlobalOp>();
    if (!load || !call.getKwnames().empty() || !state.env.isBuiltin(load.getName()))
      return failure();
    StringRef exception;
    std::optional<std::string> message =
        getError(load.getName(), call.getArguments(), exception);
    if (!message)
      return failure();
    return raiseBuiltinException(rewriter, state.env, call, exception, *message);
  }
};

/// A key that has no hash: a list, dict or set display, or a tuple display
/// holding one.
std::optional<StringRef> getUnhashableType(Value key, unsigned depth = 0) {
  Operation *def = key.getDefiningOp();
  if (isa_and_nonnull<BuildListOp>(def))
    return StringRef("list");
  if (isa_and_nonnull<BuildDictOp>(def))
    return StringRef("dict");
  if (isa_and_nonnull<BuildSetOp>(def))
    return StringRef("set");
  if (auto tuple = dyn_cast_or_null<BuildTupleOp>(def); tuple && depth < 8)
    for (Value element : tuple.getElements())
      if (std::optional<StringRef> type = getUnhashableType(element, depth + 1))
        return type;
  return std::nullopt;
}

/// A dict or set display with a key that has no hash: CPython's TypeError.
template <typename OpT>
struct RaiseUnhashableTypeError : ResolvePattern<OpT> {
  using ResolvePattern<OpT>::ResolvePattern;

  LogicalResult matchAndRewrite(OpT op, PatternRewriter &rewriter) const override {
    ValueRange keys = op->getOperands();
    if constexpr (std::is_same_v<OpT, BuildDictOp>)
      keys = op.getKeys();
    for (Value key : keys)
      if (std::optional<StringRef> type = getUnhashableType(key))
        return raiseBuiltinException(rewriter, this->state.env, op, "TypeError",
                                     ("unhashable type: '" + *type + "'").str());
    return failure();
  }
};

namespace {
/// A division (`/`, `//`, `%`, and the in-place forms) of known numbers by
/// zero raises ZeroDivisionError with CPython's message.
struct RaiseZeroDivision : ResolvePattern<BinaryOp> {
  using ResolvePattern::ResolvePattern;

  LogicalResult matchAndRewrite(BinaryOp op, PatternRewriter &rewriter) const override {
    auto isNumber = [](Attribute a) {
      return isa_and_nonnull<IntAttr, BoolAttr>(a) ||
             (isa_and_nonnull<FloatAttr>(a) && cast<FloatAttr>(a).getType().isF64());
    };
    Attribute lhs = getConstant(op.getLhs()), rhs = getConstant(op.getRhs());
    if (!isNumber(lhs) || !isNumber(rhs))
      return failure();
    bool zero = false;
    if (auto i = dyn_cast<IntAttr>(rhs))
      zero = i.getValue().isZero();
    else if (auto b = dyn_cast<BoolAttr>(rhs))
      zero = !b.getValue();
    else
      zero = cast<FloatAttr>(rhs).getValue().isZero();
    bool isFloat = isa<FloatAttr>(lhs) || isa<FloatAttr>(rhs);
    StringRef message;
    switch (op.getKind()) {
    case BinaryOpKind::truediv:
    case BinaryOpKind::itruediv:
      message = isFloat ? "float division by zero" : "division by zero";
      break;
    case BinaryOpKind::floordiv:
    case BinaryOpKind::ifloordiv:
      message = isFloat ? "float floor division by zero" : "integer division or modulo by zero";
      break;
    case BinaryOpKind::mod:
    case BinaryOpKind::imod:
      message = !isFloat ? "integer modulo by zero"
                : getPythonMinor(op->getParentOfType<ModuleOp>()) >= 13 ? "float modulo by zero"
                                                                        : "float modulo";
      break;
    default:
      return failure();
    }
    if (!zero)
      return failure();
    return raiseBuiltinException(rewriter, state.env, op, "ZeroDivisionError", message);
  }
};

/// An item out of range of a tuple the code built (or a constant one), or
/// of a list display nothing else sees, raises IndexError with CPython's
/// message.
struct RaiseIndexError : ResolvePattern<GetItemOp> {
  using ResolvePattern::ResolvePattern;

  LogicalResult matchAndRewrite(GetItemOp op, PatternRewriter &rewriter) const override {
    auto index = dyn_cast_or_null<IntAttr>(getConstant(op.getKey()));
    std::optional<int64_t> i = index ? index.getInt64() : std::nullopt;
    int64_t size;
    StringRef message = "tuple index out of range";
    if (auto tuple = dyn_cast_or_null<ArrayAttr>(getConstant(op.getObject()))) {
      size = tuple.size();
    } else if (auto built = op.getObject().getDefiningOp<BuildTupleOp>()) {
      size = built.getElements().size();
    } else if (auto list = op.getObject().getDefiningOp<BuildListOp>();
               list && op.getObject().hasOneUse()) {
      // Any other use could change the list before this read.
      size = list.getElements().size();
      message = "list index out of range";
    } else {
      return failure();
    }
    if (!i || (*i >= -size && *i < size))
      return failure();
    return raiseBuiltinException(rewriter, state.env, op, "IndexError", message);
  }
};

/// `l[i] = v` out of range of a list display, where nothing used the list
/// since it was built: IndexError, as CPython raises it.
struct RaiseListAssignIndexError : ResolvePattern<SetItemOp> {
  using ResolvePattern::ResolvePattern;

  LogicalResult matchAndRewrite(SetItemOp op, PatternRewriter &rewriter) const override {
    auto index = dyn_cast_or_null<IntAttr>(getConstant(op.getKey()));
    std::optional<int64_t> i = index ? index.getInt64() : std::nullopt;
    auto list = op.getObject().getDefiningOp<BuildListOp>();
    if (!i || !list || list->getBlock() != op->getBlock())
      return failure();
    for (Operation *user : list->getUsers())
      if (user != op.getOperation() && user->getBlock() == op->getBlock() &&
          user->isBeforeInBlock(op))
        return failure();
    int64_t size = list.getElements().size();
    if (*i >= -size && *i < size)
      return failure();
    return raiseBuiltinException(rewriter, state.env, op, "IndexError",
                                 "list assignment index out of range");
  }
};

/// A read of a name that a user class (a class of the environment, or one
/// the code refers to) and every class of its MRO lack raises
/// `AttributeError("type object 'C' has no attribute 'x'")`, with `name`
/// and `obj`. Special names and `mro`, which `type` answers, stay.
struct RaiseClassAttributeError : ResolvePattern<GetAttrOp> {
  using ResolvePattern::ResolvePattern;

  LogicalResult matchAndRewrite(GetAttrOp read, PatternRewriter &rewriter) const override {
    StringRef name = read.getName();
    ClassOp cls = getKnownClass(state.env, read.getObject());
    if (!cls || cls.getLibrary() || name == "mro" ||
        (name.starts_with("__") && name.ends_with("__")) ||
        !isAbsentFromClass(state.env, cls, name) ||
        llvm::any_of(read->getUsers(),
                     [](Operation *user) { return isa<tg::GuardOpInterface>(user); }) ||
        !canRaiseBuiltinException(state.env, read, "AttributeError"))
      return failure();
    rewriter.setInsertionPoint(read);
    Value key = rewriter.create<ConstantOp>(read.getLoc(), read.getType(), read.getNameAttr());
    std::string message =
        ("type object '" + cls.getName() + "' has no attribute '" + name + "'").str();
    return raiseBuiltinException(rewriter, state.env, read, "AttributeError", message,
                                 {{"name", key}, {"obj", read.getObject()}});
  }
};

/// A local read where it is unbound on every path (`e` after its `except
/// E as e:` handler deleted it) raises UnboundLocalError.
struct RaiseUnboundLocal : ResolvePattern<CheckBoundOp> {
  using ResolvePattern::ResolvePattern;

  LogicalResult matchAndRewrite(CheckBoundOp op, PatternRewriter &rewriter) const override {
    if (!op.getValue().getDefiningOp<NullOp>())
      return failure();
    std::string message = ("cannot access local variable '" + op.getName() +
                           "' where it is not associated with a value")
                              .str();
    return raiseBuiltinException(rewriter, state.env, op, "UnboundLocalError", message);
  }
};
} // namespace

namespace {
std::optional<std::string> formatException(const Environment &env, NewObjectOp exception,
                                           bool repr, Operation *at, unsigned depth = 0);

/// `repr()` (or `str()`) at `at` of a value whose text is certain: a
/// constant, a tuple display of such values, an exception the capture
/// models (in the args of another, where the walk to its own args sees what
/// reaches it through the other).
std::optional<std::string> formatValue(const Environment &env, Value value, bool repr,
                                       Operation *at, unsigned depth) {
  if (depth > 16)
    return std::nullopt;
  if (Attribute constant = getConstant(value))
    return repr ? getPythonRepr(constant) : getPythonStr(constant);
  if (auto tuple = value.getDefiningOp<BuildTupleOp>()) {
    SmallVector<std::string> items;
    for (Value element : tuple.getElements()) {
      std::optional<std::string> item = formatValue(env, element, true, at, depth + 1);
      if (!item)
        return std::nullopt;
      items.push_back(*item);
    }
    return getTupleRepr(items);
  }
  if (auto object = value.getDefiningOp<NewObjectOp>())
    return formatException(env, object, repr, at, depth + 1);
  return std::nullopt;
}

/// The elements of an exception's `args` as stored at `at`: the values of
/// a tuple display, or the items of a constant tuple.
std::optional<SmallVector<std::pair<Value, Attribute>>>
getExceptionArgs(const Environment &env, NewObjectOp exception, Operation *at) {
  InstanceAttribute found = findInstanceAttribute(env, exception, "args", at);
  if (found.kind != InstanceAttribute::Stored)
    return std::nullopt;
  SmallVector<std::pair<Value, Attribute>> args;
  if (auto tuple = found.value.getDefiningOp<BuildTupleOp>()) {
    for (Value element : tuple.getElements())
      args.emplace_back(element, Attribute());
    return args;
  }
  if (auto tuple = dyn_cast_or_null<ArrayAttr>(getConstant(found.value))) {
    for (Attribute element : tuple)
      args.emplace_back(Value(), element);
    return args;
  }
  return std::nullopt;
}

/// `str(e)` or `repr(e)` of an exception the capture models, where its
/// class keeps BaseException's `__str__` and `__repr__` (or KeyError's
/// `__str__`, which gives the repr of a lone key).
std::optional<std::string> formatException(const Environment &env, NewObjectOp exception,
                                           bool repr, Operation *at, unsigned depth) {
  std::optional<InstanceModel> model = getInstanceModel(env, exception);
  if (!model || !model->exception)
    return std::nullopt;
  std::optional<ClassMember> method =
      lookupClassMember(env, model->cls, repr ? "__repr__" : "__str__");
  if (!method || method->value)
    return std::nullopt;
  StringRef owner = method->owner.getSymName();
  if (owner != "builtins.BaseException" &&
      (repr || (owner != "builtins.KeyError" && owner != "builtins.ImportError")))
    return std::nullopt;
  // ImportError's `__str__` is its `msg` where that is a str.
  if (owner == "builtins.ImportError") {
    InstanceAttribute msg = findInstanceAttribute(env, exception, "msg", at);
    if (msg.kind != InstanceAttribute::Stored)
      return std::nullopt;
    // A constant of another type (None) leaves BaseException's text.
    Attribute text = getConstant(msg.value);
    if (!text)
      return std::nullopt;
    if (auto str = dyn_cast<StringAttr>(text))
      return str.getValue().str();
  }
  std::optional<SmallVector<std::pair<Value, Attribute>>> args =
      getExceptionArgs(env, exception, at);
  if (!args)
    return std::nullopt;
  auto formatArg = [&](std::pair<Value, Attribute> arg, bool reprArg) {
    if (arg.first)
      return formatValue(env, arg.first, reprArg, at, depth);
    return reprArg ? getPythonRepr(arg.second) : getPythonStr(arg.second);
  };
  auto formatArgs = [&]() -> std::optional<std::string> {
    SmallVector<std::string> items;
    for (std::pair<Value, Attribute> arg : *args) {
      std::optional<std::string> item = formatArg(arg, true);
      if (!item)
        return std::nullopt;
      items.push_back(*item);
    }
    return getTupleRepr(items);
  };
  if (repr) {
    std::string name = model->cls.getName().str();
    if (args->size() == 1) {
      std::optional<std::string> item = formatArg((*args)[0], true);
      return item ? std::optional(name + "(" + *item + ")") : std::nullopt;
    }
    std::optional<std::string> all = formatArgs();
    return all ? std::optional(name + *all) : std::nullopt;
  }
  if (args->empty())
    return std::string();
  if (args->size() == 1)
    return formatArg((*args)[0], owner == "builtins.KeyError");
  return formatArgs();
}


/// `str(obj)` or `repr(obj)` in place of `op`, of an instance the capture
/// models: a call of its class's own `__str__` or `__repr__` (object's
/// `__str__` is the repr), or the text of an exception as BaseException's
/// methods give it.
LogicalResult formatInstance(const Environment &env, Operation *op, Value value, bool repr,
                             PatternRewriter &rewriter) {
  auto object = value.getDefiningOp<NewObjectOp>();
  std::optional<InstanceModel> model = object ? getInstanceModel(env, object) : std::nullopt;
  if (!model)
    return failure();
  std::optional<ClassMember> method =
      lookupClassMember(env, model->cls, repr ? "__repr__" : "__str__");
  if (!repr && method && !method->value && method->owner.getSymName() == "builtins.object") {
    repr = true;
    method = lookupClassMember(env, model->cls, "__repr__");
  }
  if (!method)
    return failure();
  Type objectType = value.getType();
  if (isa_and_nonnull<FunctionAttr>(method->value)) {
    // The method's result, which CPython checks is a str.
    rewriter.setInsertionPoint(op);
    StringRef name = repr ? "__repr__" : "__str__";
    Value function = rewriter.create<GetAttrOp>(op->getLoc(), objectType, object.getCls(), name);
    Value text = rewriter.create<CallOp>(op->getLoc(), objectType, function, ValueRange{value},
                                         rewriter.getStrArrayAttr({}));
    rewriter.replaceOpWithNewOp<CheckStrResultOp>(op, objectType, text,
                                                  rewriter.getStringAttr(name));
    return success();
  }
  std::optional<std::string> text =
      model->exception ? formatException(env, object, repr, op) : std::nullopt;
  if (!text)
    return failure();
  rewriter.replaceOpWithNewOp<ConstantOp>(op, objectType, rewriter.getStringAttr(*text));
  return success();
}

/// `str(obj)` and `repr(obj)` of the builtins on an instance the capture
/// models.
struct FormatInstance : ResolvePattern<CallOp> {
  using ResolvePattern::ResolvePattern;

  LogicalResult matchAndRewrite(CallOp call, PatternRewriter &rewriter) const override {
    LoadGlobalOp load = getBuiltinCall(state.env, call, "str", 1);
    bool repr = false;
    if (!load) {
      load = getBuiltinCall(state.env, call, "repr", 1);
      repr = true;
    }
    if (!load || failed(formatInstance(state.env, call, call.getArguments()[0], repr, rewriter)))
      return failure();
    if (load->use_empty())
      rewriter.eraseOp(load);
    return success();
  }
};

/// An f-string's `{obj}` (a format without spec) and `{obj!s}`, `{obj!r}`
/// of an instance the capture models.
struct FormatInstanceField : ResolvePattern<FormatOp> {
  using ResolvePattern::ResolvePattern;

  LogicalResult matchAndRewrite(FormatOp op, PatternRewriter &rewriter) const override {
    if (op.getSpec())
      return failure();
    return formatInstance(state.env, op, op.getValue(), /*repr=*/false, rewriter);
  }
};

struct ConvertInstanceField : ResolvePattern<ConvertValueOp> {
  using ResolvePattern::ResolvePattern;

  LogicalResult matchAndRewrite(ConvertValueOp op, PatternRewriter &rewriter) const override {
    if (op.getKind() == ConversionKind::ascii)
      return failure();
    return formatInstance(state.env, op, op.getValue(), op.getKind() == ConversionKind::repr,
                          rewriter);
  }
};
} // namespace

namespace {
/// `with mgr:` on an instance the capture models whose class defines
/// `__enter__` and `__exit__`: `__exit__` bound to the instance, and a call
/// of `__enter__`, both found on the class, as CPython's special lookup
/// finds them.
struct EnterWithBlock : ResolvePattern<BeforeWithOp> {
  using ResolvePattern::ResolvePattern;

  LogicalResult matchAndRewrite(BeforeWithOp op, PatternRewriter &rewriter) const override {
    auto object = op.getManager().getDefiningOp<NewObjectOp>();
    std::optional<InstanceModel> model =
        object ? getInstanceModel(state.env, object) : std::nullopt;
    if (!model)
      return failure();
    for (StringRef name : {"__enter__", "__exit__"}) {
      std::optional<ClassMember> found = lookupClassMember(state.env, model->cls, name);
      if (!found || !isa_and_nonnull<FunctionAttr>(found->value))
        return failure();
    }
    Location loc = op.getLoc();
    Type objectType = op.getManager().getType();
    Value enter = rewriter.create<GetAttrOp>(loc, objectType, object.getCls(), "__enter__");
    Value exit = rewriter.create<GetAttrOp>(loc, objectType, op.getManager(), "__exit__");
    Value value = rewriter.create<CallOp>(loc, objectType, enter, ValueRange{op.getManager()},
                                          rewriter.getStrArrayAttr({}));
    rewriter.replaceOp(op, {exit, value});
    return success();
  }
};

/// The `__exit__` call of a `with` block that an exception the capture
/// models leaves: `exit(type(e), e, None)` (Dynamo keeps no tracebacks).
struct ExitWithBlock : ResolvePattern<WithExceptStartOp> {
  using ResolvePattern::ResolvePattern;

  LogicalResult matchAndRewrite(WithExceptStartOp op, PatternRewriter &rewriter) const override {
    NewObjectOp exception = getModelledException(state.env, op.getException());
    if (!exception)
      return failure();
    Location loc = op.getLoc();
    Type objectType = op.getType();
    Value none = rewriter.create<ConstantOp>(loc, objectType, NoneAttr::get(getContext()));
    rewriter.replaceOpWithNewOp<CallOp>(
        op, objectType, op.getExit(), ValueRange{exception.getCls(), op.getException(), none},
        rewriter.getStrArrayAttr({}));
    return success();
  }
};
} // namespace

void dynamir::py::populateExceptionPatterns(RewritePatternSet &patterns, ResolveState &state) {
  patterns.add<ResolveBuiltinExceptionClass, FoldClassName, FoldCheckExcMatch,
               StoreExceptionField, ResolveWithTraceback, DropUnwindEdgeOfResolvedBlock,
               RaiseZeroDivision, RaiseIndexError, RaiseListAssignIndexError, RaiseStrResultTypeError,
               RaiseBuiltinCallTypeError, RaiseOperatorTypeError<BinaryOp>,
               RaiseOperatorTypeError<CompareOp>, RaiseOperatorTypeError<UnaryOp>,
               RaiseConversionError, RaiseProtocolError<CallOp>, RaiseProtocolError<GetItemOp>,
               RaiseProtocolError<SetItemOp>, RaiseProtocolError<DelItemOp>,
               RaiseProtocolError<GetIterOp>, RaiseProtocolError<UnpackSequenceOp>,
               RaiseProtocolError<UnpackExOp>, RaiseBuiltinArgumentError,
               RaiseUnhashableTypeError<BuildDictOp>, RaiseUnhashableTypeError<BuildSetOp>,
               RaiseUnboundLocal,
               RaiseClassAttributeError,
               EraseUnobservedExceptionField, FormatInstance, FormatInstanceField, ConvertInstanceField,
               EnterWithBlock, ExitWithBlock>(patterns.getContext(), state);
}
