//===- dynamir-runner.cpp - Run a captured function -----------------------===//
//
// dynamir-runner IN.mlir --input=X.npy ... --output-dir=DIR
//
// Runs a capture as Dynamo's compiled frame would: checks the guards it can
// check against the tensors given (TENSOR_MATCH on the entry's tensor
// parameters), runs the tensor graph (GraphRunner.cpp), and writes the
// output tensors as DIR/outN.npy and the structure of the Python return value
// as DIR/result.json. A capture that kept Python code needs an interpreter
// and is refused. Exit status: 0 success, 1 bad usage or input, 2 a capture
// that cannot run without Python, 3 a failing guard.
//
//===----------------------------------------------------------------------===//

#include "GraphRunner.h"
#include "Npy.h"

#include "dynamir/Dialect/Py/IR/PyAttributes.h"
#include "dynamir/Dialect/Py/IR/PyDialect.h"
#include "dynamir/Dialect/Py/IR/PyOps.h"
#include "dynamir/Dialect/Py/IR/PyRepr.h"
#include "dynamir/Dialect/Py/IR/PyTypes.h"
#include "dynamir/Dialect/TG/IR/TGOps.h"
#include "dynamir/InitAllDialects.h"
#include "dynamir/InitAllPasses.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/MLIRContext.h"
#include "mlir/Parser/Parser.h"
#include "mlir/Support/FileUtilities.h"

#include "llvm/ADT/MapVector.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/CommandLine.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/FormatVariadic.h"
#include "llvm/Support/InitLLVM.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/SourceMgr.h"
#include "llvm/Support/ToolOutputFile.h"

#include <deque>
#include <functional>
#include "llvm/Support/raw_ostream.h"

#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <deque>
#include <functional>
#include <map>

using namespace mlir;
using namespace dynamir;
using namespace dynamir::runner;
namespace cl = llvm::cl;

namespace {
enum ExitStatus : int {
  Success = 0,
  BadInput = 1,
  NeedsInterpreter = 2,
  GuardFailed = 3,
};

cl::opt<std::string> inputFilename(cl::Positional, cl::Required,
                                   cl::desc("<captured module>"));
cl::list<std::string> inputFiles(
    "input", cl::desc("a .npy file for the next tensor parameter, in order"),
    cl::value_desc("X.npy"));
cl::opt<std::string> paramsDir(
    "params",
    cl::desc("where the tensors the capture reads from globals are: "
             "DIR/<state-dict name>.npy (G['model'].fc.weight is "
             "DIR/model.fc.weight.npy)"),
    cl::value_desc("DIR"));
cl::opt<std::string>
    outputDir("output-dir",
              cl::desc("where to write outN.npy and result.json"),
              cl::value_desc("DIR"));
cl::opt<bool> printGuards(
    "print-guards",
    cl::desc("print each guard of the capture and whether it was checked; "
             "without --input and --output-dir, only print them"));
cl::opt<bool> computeGrad(
    "grad",
    cl::desc("also run reverse mode: write gradN.npy, the gradient of the "
             "N-th --input, for each one whose spec requires grad, and "
             "NAME.grad.npy for each tensor of --params (NAME.npy) whose "
             "guard requires grad"));
cl::list<std::string> gradOutputFiles(
    "grad-output",
    cl::desc("with --grad, a .npy gradient for the next floating-point tensor "
             "of the result, in the order of outN.npy (default: ones)"),
    cl::value_desc("G.npy"));
cl::opt<bool> printGraph(
    "print-graph",
    cl::desc("print the tensor graph cut out of the capture, before lowering"));

/// A failure with its exit status; the message is printed by main.
struct Failure {
  ExitStatus status;
  std::string message;
};

std::string typeToString(Type type) {
  std::string text;
  llvm::raw_string_ostream os(text);
  type.print(os);
  return text;
}

std::string renderLocation(Location loc) {
  if (auto file = dyn_cast<FileLineColLoc>(loc))
    return (file.getFilename().getValue() + ":" + llvm::Twine(file.getLine()) +
            ":" + llvm::Twine(file.getColumn()))
        .str();
  if (auto name = dyn_cast<NameLoc>(loc))
    return renderLocation(name.getChildLoc());
  if (auto callSite = dyn_cast<CallSiteLoc>(loc))
    return renderLocation(callSite.getCallee());
  if (auto fused = dyn_cast<FusedLoc>(loc))
    for (Location part : fused.getLocations())
      if (!isa<UnknownLoc>(part))
        return renderLocation(part);
  std::string text;
  llvm::raw_string_ostream os(text);
  loc.print(os);
  return text;
}

//===----------------------------------------------------------------------===//
// JSON
//===----------------------------------------------------------------------===//

std::string jsonString(llvm::StringRef text) {
  std::string result = "\"";
  for (unsigned char c : text) {
    if (c == '"' || c == '\\')
      result += '\\', result += c;
    else if (c == '\n')
      result += "\\n";
    else if (c == '\r')
      result += "\\r";
    else if (c == '\t')
      result += "\\t";
    else if (c < 0x20)
      result += llvm::formatv("\\u{0:x-4}", unsigned(c)).str();
    else
      result += c;
  }
  return result + "\"";
}

/// A constant as JSON, as Python's json.dumps writes it (NaN and Infinity
/// included); nothing for a constant JSON has no form for.
std::optional<std::string> jsonConstant(Attribute value) {
  if (isa<py::NoneAttr>(value))
    return std::string("null");
  if (auto boolean = dyn_cast<BoolAttr>(value))
    return std::string(boolean.getValue() ? "true" : "false");
  if (auto integer = dyn_cast<py::IntAttr>(value))
    return llvm::toString(integer.getValue(), 10, /*Signed=*/true);
  if (auto real = dyn_cast<FloatAttr>(value)) {
    double v = real.getValueAsDouble();
    if (std::isnan(v))
      return std::string("NaN");
    if (std::isinf(v))
      return std::string(v < 0 ? "-Infinity" : "Infinity");
    return py::getFloatRepr(v);
  }
  if (auto text = dyn_cast<StringAttr>(value))
    return jsonString(text.getValue());
  if (auto tuple = dyn_cast<ArrayAttr>(value)) {
    std::string result = "[";
    for (auto [index, element] : llvm::enumerate(tuple)) {
      std::optional<std::string> json = jsonConstant(element);
      if (!json)
        return std::nullopt;
      result += (index ? ", " : "") + *json;
    }
    return result + "]";
  }
  return std::nullopt;
}

//===----------------------------------------------------------------------===//
// The capture
//===----------------------------------------------------------------------===//

/// The entry function of a captured module and what its parameters are.
struct Capture {
  py::FuncOp entry;
  ArrayAttr inputSpecs;
  /// The source of each positional (and *args) parameter, with its spec's
  /// index in `inputSpecs`.
  llvm::DenseMap<Attribute, unsigned> specOfSource;
  /// For each spec that is a tensor, the index of its --input; -1 otherwise.
  SmallVector<int> inputOfSpec;
  /// The tensor parameters' sources, in --input order.
  SmallVector<tg::SourceAttr> tensorSources;
};

std::optional<Failure> analyzeCapture(ModuleOp module, Capture &capture) {
  auto entryName = module->getAttrOfType<FlatSymbolRefAttr>("py.entry");
  capture.inputSpecs = module->getAttrOfType<ArrayAttr>("py.inputs");
  if (!entryName || !capture.inputSpecs)
    return Failure{BadInput, "'" + inputFilename +
                                 "' is not a captured module: it has no "
                                 "`py.entry` and `py.inputs` attributes"};
  capture.entry = module.lookupSymbol<py::FuncOp>(entryName);
  if (!capture.entry || capture.entry.getBody().empty())
    return Failure{BadInput, "the capture entry " + entryName.getValue().str() +
                                 " is not a py.func with a body"};
  py::FuncOp entry = capture.entry;
  MLIRContext *context = module.getContext();
  ArrayRef<Attribute> varnames = entry.getVarnames().getValue();
  size_t numPositional = entry.getArgcount();
  bool hasVarargs =
      py::bitEnumContainsAll(entry.getFlags(), py::CodeFlags::varargs);
  auto nameOf = [&](size_t index) -> llvm::StringRef {
    if (index >= varnames.size())
      return "";
    return cast<StringAttr>(varnames[index]).getValue();
  };
  for (auto [index, spec] : llvm::enumerate(capture.inputSpecs)) {
    tg::SourceAttr source;
    if (index < numPositional)
      source = tg::SourceAttr::getLocal(context, nameOf(index));
    else if (hasVarargs)
      source = tg::SourceAttr::getLocal(context, nameOf(numPositional))
                   .item(static_cast<int64_t>(index - numPositional));
    if (source)
      capture.specOfSource[source] = index;
    if (isa<py::TensorInputAttr>(spec)) {
      capture.inputOfSpec.push_back(capture.tensorSources.size());
      capture.tensorSources.push_back(source);
    } else {
      capture.inputOfSpec.push_back(-1);
    }
  }
  return std::nullopt;
}

/// Whether guards alone use what `read` reads, directly or through further
/// attribute and item reads.
bool feedsOnlyGuards(Operation *read) {
  return !read->use_empty() && llvm::all_of(read->getUsers(), [&](Operation *user) {
    return isa<tg::GuardOpInterface>(user) ||
           (isa<py::GetAttrOp, py::GetItemOp>(user) &&
            user->getOperand(0) == read->getResult(0) && feedsOnlyGuards(user));
  });
}

/// Whether `op` is a read along a path of attributes and constant items
/// from an object known by identity, whose end only guards use:
/// `G['C'].__mro__[1].f` under CLOSURE_MATCH. The lookup that made the
/// guard found each step, so none can fail or run code.
bool isGuardPathRead(Operation *op) {
  Value object;
  if (auto attr = dyn_cast<py::GetAttrOp>(op))
    object = attr.getObject();
  else if (auto item = dyn_cast<py::GetItemOp>(op);
           item && item.getKey().getDefiningOp<py::ConstantOp>())
    object = item.getObject();
  else
    return false;
  std::function<bool(Value)> rooted = [&](Value value) {
    Operation *def = value.getDefiningOp();
    // An object known by identity, or a `super()` of known operands (its
    // own operands are read for guards alone).
    if (isa_and_nonnull<tg::GuardIdOp, py::SuperOp>(def))
      return true;
    if (auto attr = dyn_cast_or_null<py::GetAttrOp>(def))
      return rooted(attr.getObject());
    if (auto item = dyn_cast_or_null<py::GetItemOp>(def))
      return item.getKey().getDefiningOp<py::ConstantOp>() && rooted(item.getObject());
    return false;
  };
  return rooted(object) && feedsOnlyGuards(op);
}

/// The class an exception instance of the capture was made of: a builtin
/// exception class (`py.class_ref`) or a class of the environment under
/// ID_MATCH, deriving from BaseException; null for anything else.
py::ClassOp getExceptionClass(Value cls) {
  FlatSymbolRefAttr symbol;
  if (auto ref = cls.getDefiningOp<py::ClassRefOp>())
    symbol = ref.getClsAttr();
  else if (auto guard = cls.getDefiningOp<tg::GuardIdOp>())
    symbol = dyn_cast<FlatSymbolRefAttr>(guard.getObject());
  auto module = cls.getParentRegion()->getParentOfType<ModuleOp>();
  auto found = symbol && module
                   ? SymbolTable::lookupSymbolIn(module, symbol.getAttr())
                   : nullptr;
  auto classOp = dyn_cast_or_null<py::ClassOp>(found);
  if (!classOp)
    return {};
  for (auto base : classOp.getMro().getAsRange<FlatSymbolRefAttr>())
    if (base.getValue() == "builtins.BaseException")
      return classOp;
  return {};
}

/// An exception instance the capture made: `py.new_object` of an exception
/// class, whose fields `py.exception_store` ops set.
py::NewObjectOp getCapturedException(Value value) {
  auto object = value.getDefiningOp<py::NewObjectOp>();
  return object && !object.getContents() && getExceptionClass(object.getCls()) ? object
                                                                               : nullptr;
}

/// Whether the entry of a fully captured function may hold `op`: guards and
/// assumptions, tensor and scalar computation, constants, the globals and
/// *args items that guards check, tensors seen as Python objects, and the
/// containers of the return value.
bool isCapturedOp(Operation *op) {
  if (isa<tg::GradPlaceholderOp>(op))
    return false;
  if (isa<tg::TGDialect, arith::ArithDialect>(op->getDialect()))
    return op->getNumRegions() == 0 || isa<tg::AutogradFunctionOp>(op);
  if (isa<py::ConstantOp, py::LoadGlobalOp, py::BuildTupleOp, py::BuildListOp,
          py::BuildDictOp, py::ReturnOp>(op))
    return true;
  if (isGuardPathRead(op))
    return true;
  // Exceptions the function returns or raises: made, their fields set, and
  // raised from the entry.
  if (auto object = dyn_cast<py::NewObjectOp>(op))
    return static_cast<bool>(getCapturedException(object));
  if (auto store = dyn_cast<py::ExceptionStoreOp>(op))
    return static_cast<bool>(getCapturedException(store.getException()));
  if (auto store = dyn_cast<py::ObjectSetAttrOp>(op))
    return static_cast<bool>(getCapturedException(store.getObject()));
  if (auto reraise = dyn_cast<py::ReraiseOp>(op))
    return reraise.getUnwindDest().empty() && getCapturedException(reraise.getException());
  if (auto ref = dyn_cast<py::ClassRefOp>(op);
      ref && !ref->use_empty() && llvm::all_of(ref->getUsers(), [](Operation *user) {
        return isa<py::NewObjectOp>(user);
      }))
    return true;
  // Reads along a guarded path of the static environment: each step is
  // guarded, so none can fail or run code.
  if (auto item = dyn_cast<py::GetItemOp>(op))
    return isa_and_nonnull<tg::GuardLengthOp, tg::GuardIdOp, tg::GuardDictKeysOp>(
               item.getObject().getDefiningOp()) &&
           item.getKey().getDefiningOp<py::ConstantOp>();
  if (auto attr = dyn_cast<py::GetAttrOp>(op)) {
    // An object known by identity, or a functools.partial, whose attributes
    // are read-only members.
    Operation *object = attr.getObject().getDefiningOp();
    auto type = dyn_cast_or_null<tg::GuardTypeOp>(object);
    auto name = type ? dyn_cast<StringAttr>(type.getCls()) : StringAttr();
    return (isa_and_nonnull<tg::GuardIdOp, py::SuperOp>(object) ||
            (name && name.getValue() == "functools.partial")) &&
           llvm::all_of(attr->getUsers(), [](Operation *user) {
             return isa<tg::GuardOpInterface>(user);
           });
  }
  // The objects a `super()` read is made of, read for its guards alone.
  if (isa<py::SuperOp, py::ClassRefOp, py::CellGetOp, py::MakeCellOp>(op))
    return !op->use_empty() && llvm::all_of(op->getUsers(), [&](Operation *user) {
      return isa<py::SuperOp, py::CellGetOp>(user) ||
             (isa<py::GetAttrOp>(user) && isa<py::SuperOp>(op) &&
              feedsOnlyGuards(user));
    });
  return isa<py::TensorObjectOp>(op);
}

std::optional<Failure> checkFullyCaptured(Capture &capture) {
  Operation *residual = nullptr;
  unsigned numResidual = 0;
  capture.entry.getBody().walk([&](Operation *op) {
    if (isCapturedOp(op))
      return;
    if (!residual)
      residual = op;
    ++numResidual;
  });
  if (!residual)
    return std::nullopt;
  std::string message;
  llvm::raw_string_ostream os(message);
  os << "'" << capture.entry.getQualname()
     << "' has residual Python code that needs an interpreter (graph break): '"
     << residual->getName() << "' at " << renderLocation(residual->getLoc());
  if (numResidual > 1)
    os << " (and " << numResidual - 1 << " more op"
       << (numResidual > 2 ? "s" : "") << " that tg does not capture)";
  return Failure{NeedsInterpreter, message};
}

//===----------------------------------------------------------------------===//
// Guards
//===----------------------------------------------------------------------===//

enum class GuardStatus { Passed, Failed, Unchecked, Static };

struct GuardCheck {
  tg::GuardOpInterface guard;
  GuardStatus status;
  std::string note;
};

std::string describeGuard(tg::GuardOpInterface guard) {
  std::string text;
  llvm::raw_string_ostream os(text);
  guard.describe(os);
  return text;
}

std::string renderList(ArrayRef<int64_t> values) {
  std::string text = "[";
  for (auto [index, value] : llvm::enumerate(values))
    text += (index ? ", " : "") + std::to_string(value);
  return text + "]";
}

/// The name `nn.Module.state_dict()` gives the tensor at `source`, prefixed
/// with the global it is reached from: `G['model'].blocks[0].fc.weight` is
/// `model.blocks.0.fc.weight`. Nothing for a source that is not such a path.
std::optional<std::string> getStateDictName(tg::SourceAttr source) {
  switch (source.getKind()) {
  case tg::SourceKind::global:
    return source.getName().str();
  case tg::SourceKind::attr: {
    std::optional<std::string> base = getStateDictName(source.getBaseSource());
    return base ? std::optional(*base + "." + source.getName().str()) : std::nullopt;
  }
  case tg::SourceKind::item: {
    std::optional<std::string> base = getStateDictName(source.getBaseSource());
    std::string key;
    if (auto index = dyn_cast<IntegerAttr>(source.getKey()))
      key = std::to_string(index.getInt());
    else if (auto text = dyn_cast<StringAttr>(source.getKey()))
      key = text.getValue().str();
    else
      return std::nullopt;
    return base ? std::optional(*base + "." + key) : std::nullopt;
  }
  default:
    return std::nullopt;
  }
}

/// Checks TENSOR_MATCH guards on tensor parameters against `inputs` (null
/// when there are none to check against); other guards are facts the capture
/// established.
SmallVector<GuardCheck> checkGuards(Capture &capture,
                                    ArrayRef<NpyArray> *inputs,
                                    const llvm::DenseMap<Attribute, NpyArray> *params = nullptr) {
  SmallVector<GuardCheck> checks;
  capture.entry.getBody().walk([&](tg::GuardOpInterface guard) {
    GuardCheck &check = checks.emplace_back();
    check.guard = guard;
    auto tensorGuard = dyn_cast<tg::GuardTensorOp>(guard.getOperation());
    if (!tensorGuard) {
      check.status = GuardStatus::Static;
      check.note = "established at capture";
      return;
    }
    auto spec = capture.specOfSource.find(guard.getSource());
    int input = spec == capture.specOfSource.end()
                    ? -1
                    : capture.inputOfSpec[spec->second];
    const NpyArray *found = nullptr;
    if (input >= 0 && inputs) {
      found = &(*inputs)[input];
    } else if (input < 0 && params) {
      auto it = params->find(guard.getSource());
      if (it != params->end())
        found = &it->second;
    }
    if (!found) {
      check.status = GuardStatus::Unchecked;
      check.note = input >= 0 ? "no inputs given"
                   : params   ? "not a tensor parameter of the entry"
                              : "a tensor of the environment: --params gives it";
      return;
    }
    const NpyArray &array = *found;
    RankedTensorType type = tensorGuard.getType();
    tg::DType expected = *tg::getDType(type.getElementType());
    check.status = GuardStatus::Failed;
    if (array.dtype != expected) {
      check.note = ("got dtype " + tg::getDTypeName(array.dtype)).str();
      return;
    }
    if (ArrayRef<int64_t>(array.shape) != type.getShape()) {
      check.note = "got size " + renderList(array.shape);
      return;
    }
    if (ArrayRef<int64_t>(array.getStrides()) != tensorGuard.getStrides()) {
      check.note = "got stride " + renderList(array.getStrides()) +
                   (array.fortranOrder ? " (a Fortran-order array)" : "");
      return;
    }
    check.status = GuardStatus::Passed;
    check.note = "requires_grad is not checkable from .npy: taken as satisfied";
  });
  return checks;
}

void printGuardChecks(Capture &capture, ArrayRef<GuardCheck> checks) {
  llvm::outs() << "guards of '" << capture.entry.getQualname() << "':\n";
  for (const GuardCheck &check : checks) {
    llvm::StringRef status;
    switch (check.status) {
    case GuardStatus::Passed:
      status = "passed";
      break;
    case GuardStatus::Failed:
      status = "FAILED";
      break;
    case GuardStatus::Unchecked:
      status = "unchecked";
      break;
    case GuardStatus::Static:
      status = "static";
      break;
    }
    llvm::outs() << "  " << status << ": " << describeGuard(check.guard)
                 << ": " << check.note << "\n";
  }
  llvm::outs().flush();
}

//===----------------------------------------------------------------------===//
// The return value
//===----------------------------------------------------------------------===//

/// The return value's structure as JSON, with its tensor objects numbered in
/// order of first appearance (an object returned twice is one file; two
/// objects of one tensor value are two, as in PyTorch).
class ResultWriter {
public:
  std::optional<Failure> render(Value value, std::string &json) {
    Operation *op = value.getDefiningOp();
    if (!op)
      return unsupported(value, "a parameter of the entry");
    if (auto tuple = dyn_cast<py::BuildTupleOp>(op))
      return renderSequence(tuple.getElements(), json);
    if (auto list = dyn_cast<py::BuildListOp>(op))
      return renderSequence(list.getElements(), json);
    if (auto dict = dyn_cast<py::BuildDictOp>(op))
      return renderDict(dict, json);
    if (auto constant = dyn_cast<py::ConstantOp>(op))
      return renderConstant(op, constant.getValue(), json);
    if (auto guard = dyn_cast<tg::GuardConstantOp>(op))
      return renderConstant(op, guard.getValue(), json);
    if (py::NewObjectOp exception = getCapturedException(value))
      return renderException(exception, json);
    if (auto object = dyn_cast<py::TensorObjectOp>(op)) {
      Value tensor = object.getTensor();
      auto type = cast<RankedTensorType>(tensor.getType());
      if (!type.hasStaticShape() || !tg::getDType(type.getElementType()))
        return Failure{BadInput, "the return value holds a tensor of type " +
                                     typeToString(type) +
                                     ", which has no .npy form, at " +
                                     renderLocation(op->getLoc())};
      // One file per object: two objects of one value are two tensors.
      auto [it, inserted] = indexOfObject.try_emplace(value, tensors.size());
      if (inserted)
        tensors.push_back(tensor);
      json += "{\"tensor\": " +
              jsonString("out" + std::to_string(it->second) + ".npy") + "}";
      return std::nullopt;
    }
    return unsupported(value, describeOp(op));
  }

  /// The returned tensors, in file order.
  ArrayRef<Value> getTensors() const { return tensors; }

private:
  static std::string describeOp(Operation *op) {
    return "'" + op->getName().getStringRef().str() + "' at " +
           renderLocation(op->getLoc());
  }

  std::optional<Failure> unsupported(Value value, const std::string &what) {
    return Failure{NeedsInterpreter,
                   "the return value holds " + what +
                       ", which only a Python interpreter can produce"};
  }

  std::optional<Failure> renderConstant(Operation *op, Attribute value,
                                        std::string &json) {
    std::optional<std::string> constant = jsonConstant(value);
    if (!constant)
      return Failure{BadInput, "the return value holds a constant JSON has no "
                               "form for, at " +
                                   renderLocation(op->getLoc())};
    json += *constant;
    return std::nullopt;
  }

  /// An exception as its type's name, `args`, its chain, recursively, and
  /// the attributes its `__dict__` holds: `{"exception": "ValueError",
  /// "args": [...], "context": ..., "cause": ..., "suppress_context": false,
  /// "attributes": {...}}`.
  std::optional<Failure> renderException(py::NewObjectOp exception, std::string &json) {
    if (!renderingExceptions.insert(exception).second)
      return Failure{NeedsInterpreter, "the return value holds an exception whose chain is a "
                                       "cycle, at " +
                                           renderLocation(exception.getLoc())};
    // The fields as the last store in the entry (a single block) left them.
    llvm::StringMap<Value> fields;
    llvm::MapVector<StringRef, Value> attributes;
    for (Operation &op : *exception->getBlock()) {
      if (auto store = dyn_cast<py::ExceptionStoreOp>(op);
          store && store.getException() == exception.getResult())
        fields[store.getName()] = store.getValue();
      if (auto store = dyn_cast<py::ObjectSetAttrOp>(op);
          store && store.getObject() == exception.getResult())
        attributes[store.getName()] = store.getValue();
    }
    if (!fields.count("args"))
      return Failure{NeedsInterpreter, "the return value holds an exception whose args are "
                                       "not known, at " +
                                           renderLocation(exception.getLoc())};
    json += "{\"exception\": " +
            jsonString(getExceptionClass(exception.getCls()).getName()) + ", \"args\": ";
    if (std::optional<Failure> failure = render(fields["args"], json))
      return failure;
    for (auto [key, name] : {std::pair<StringRef, StringRef>{"context", "__context__"},
                             {"cause", "__cause__"}}) {
      json += ", " + jsonString(key) + ": ";
      if (Value field = fields.lookup(name)) {
        if (std::optional<Failure> failure = render(field, json))
          return failure;
      } else {
        json += "null";
      }
    }
    json += ", \"suppress_context\": ";
    if (Value field = fields.lookup("__suppress_context__")) {
      if (std::optional<Failure> failure = render(field, json))
        return failure;
    } else {
      json += "false";
    }
    json += ", \"attributes\": {";
    for (auto [index, attribute] : llvm::enumerate(attributes)) {
      json += (index ? ", " : "") + jsonString(attribute.first) + ": ";
      if (std::optional<Failure> failure = render(attribute.second, json))
        return failure;
    }
    json += "}}";
    renderingExceptions.erase(exception);
    return std::nullopt;
  }

  std::optional<Failure> renderSequence(ValueRange elements, std::string &json) {
    json += "[";
    for (auto [index, element] : llvm::enumerate(elements)) {
      if (index)
        json += ", ";
      if (std::optional<Failure> failure = render(element, json))
        return failure;
    }
    json += "]";
    return std::nullopt;
  }

  std::optional<Failure> renderDict(py::BuildDictOp dict, std::string &json) {
    // Python keeps the first position of a repeated key and its last value.
    SmallVector<std::pair<std::string, Value>> entries;
    for (auto [key, value] : llvm::zip(dict.getKeys(), dict.getValues())) {
      Attribute keyValue;
      if (auto constant = key.getDefiningOp<py::ConstantOp>())
        keyValue = constant.getValue();
      std::optional<std::string> name;
      if (auto text = dyn_cast_or_null<StringAttr>(keyValue))
        name = text.getValue().str();
      else if (keyValue)
        name = py::getPythonRepr(keyValue);
      if (!name)
        return Failure{NeedsInterpreter,
                       "the return value is a dict with a key that is not a "
                       "constant, at " +
                           renderLocation(dict.getLoc())};
      auto existing = llvm::find_if(
          entries, [&](const auto &entry) { return entry.first == *name; });
      if (existing != entries.end())
        existing->second = value;
      else
        entries.emplace_back(*name, value);
    }
    json += "{";
    for (auto [index, entry] : llvm::enumerate(entries)) {
      json += (index ? ", " : "") + jsonString(entry.first) + ": ";
      if (std::optional<Failure> failure = render(entry.second, json))
        return failure;
    }
    json += "}";
    return std::nullopt;
  }

  llvm::DenseMap<Value, unsigned> indexOfObject;
  llvm::SmallPtrSet<Operation *, 4> renderingExceptions;
  SmallVector<Value> tensors;
};

//===----------------------------------------------------------------------===//
// The run
//===----------------------------------------------------------------------===//

/// `count` ones of a floating-point dtype, as bytes.
std::vector<char> makeOnes(tg::DType dtype, int64_t count) {
  std::vector<char> data(count * getElementSize(dtype));
  for (int64_t i = 0; i < count; ++i) {
    char *element = data.data() + i * getElementSize(dtype);
    switch (dtype) {
    case tg::DType::Float64: {
      double one = 1.0;
      std::memcpy(element, &one, sizeof one);
      break;
    }
    case tg::DType::Float32: {
      float one = 1.0f;
      std::memcpy(element, &one, sizeof one);
      break;
    }
    case tg::DType::Float16:
    case tg::DType::BFloat16: {
      uint16_t one = dtype == tg::DType::Float16 ? 0x3C00 : 0x3F80;
      std::memcpy(element, &one, sizeof one);
      break;
    }
    default:
      llvm_unreachable("seeds are floating-point");
    }
  }
  return data;
}

std::optional<Failure> writeFile(llvm::StringRef path, llvm::StringRef text) {
  std::string error;
  std::unique_ptr<llvm::ToolOutputFile> file = openOutputFile(path, &error);
  if (!file)
    return Failure{BadInput, error};
  file->os() << text;
  file->keep();
  return std::nullopt;
}

std::optional<Failure> run(MLIRContext &context, llvm::SourceMgr &sourceMgr) {
  OwningOpRef<ModuleOp> module = parseSourceFile<ModuleOp>(sourceMgr, &context);
  if (!module)
    return Failure{BadInput, "cannot parse '" + inputFilename + "'"};
  Capture capture;
  if (std::optional<Failure> failure = analyzeCapture(*module, capture))
    return failure;
  if (std::optional<Failure> failure = checkFullyCaptured(capture))
    return failure;

  bool listOnly = printGuards && inputFiles.empty() && outputDir.empty();
  if (listOnly) {
    printGuardChecks(capture, checkGuards(capture, nullptr));
    return std::nullopt;
  }
  if (outputDir.empty())
    return Failure{BadInput, "no --output-dir given"};
  if (inputFiles.size() != capture.tensorSources.size()) {
    std::string expected;
    for (auto [index, source] : llvm::enumerate(capture.tensorSources)) {
      auto spec = cast<py::TensorInputAttr>(
          capture.inputSpecs[capture.specOfSource.lookup(source)]);
      RankedTensorType type = spec.getType();
      expected += (index ? ", " : "") + source.str() + " (" +
                  tg::getDTypeName(*tg::getDType(type.getElementType())).str() +
                  " " + renderList(type.getShape()) + ")";
    }
    return Failure{
        BadInput,
        "'" + capture.entry.getQualname().str() + "' takes " +
            std::to_string(capture.tensorSources.size()) + " tensor input" +
            (capture.tensorSources.size() == 1 ? "" : "s") +
            (expected.empty() ? "" : ": " + expected) + "; got " +
            std::to_string(inputFiles.size()) + " --input"};
  }

  std::vector<NpyArray> arrays;
  for (const std::string &path : inputFiles) {
    llvm::Expected<NpyArray> array = readNpy(path);
    if (!array)
      return Failure{BadInput, llvm::toString(array.takeError())};
    arrays.push_back(std::move(*array));
  }
  // The tensors read from globals (parameters of modules): from --params.
  llvm::DenseMap<Attribute, NpyArray> params;
  std::optional<Failure> paramFailure;
  capture.entry.getBody().walk([&](tg::GuardTensorOp guard) {
    if (paramFailure || capture.specOfSource.count(guard.getSource()) ||
        params.count(guard.getSource()))
      return;
    std::optional<std::string> name = getStateDictName(guard.getSource());
    if (!name) {
      paramFailure = Failure{BadInput, "the capture reads a tensor at " + guard.getSource().str() +
                                           ", which has no file name under --params"};
      return;
    }
    if (paramsDir.empty()) {
      paramFailure = Failure{BadInput, "the capture reads the tensor " + guard.getSource().str() +
                                           " from the environment: give --params=DIR with " +
                                           *name + ".npy in it"};
      return;
    }
    llvm::SmallString<128> path(paramsDir);
    llvm::sys::path::append(path, *name + ".npy");
    llvm::Expected<NpyArray> array = readNpy(path);
    if (!array) {
      paramFailure = Failure{BadInput, llvm::toString(array.takeError())};
      return;
    }
    params.try_emplace(guard.getSource(), std::move(*array));
  });
  if (paramFailure)
    return paramFailure;
  ArrayRef<NpyArray> arrayRef(arrays);
  SmallVector<GuardCheck> checks = checkGuards(capture, &arrayRef, &params);
  if (printGuards)
    printGuardChecks(capture, checks);
  for (const GuardCheck &check : checks)
    if (check.status == GuardStatus::Failed)
      return Failure{GuardFailed, "guard failed: " + describeGuard(check.guard) +
                                      ": " + check.note};

  // The return value's structure, and the tensors it holds.
  // What the function returns, or the exception it raises.
  Operation *terminator = capture.entry.getBody().front().getTerminator();
  ResultWriter writer;
  std::string json;
  if (auto reraise = dyn_cast<py::ReraiseOp>(terminator)) {
    json += "{\"raised\": ";
    if (std::optional<Failure> failure = writer.render(reraise.getException(), json))
      return failure;
    json += "}";
  } else if (std::optional<Failure> failure = writer.render(
                 cast<py::ReturnOp>(terminator).getValue(), json)) {
    return failure;
  }

  // Tensors returned as they came in need no computation; the others come
  // from the graph, whose inputs are the guarded tensor parameters.
  std::vector<TensorData> inputData(arrays.size());
  for (auto [data, array] : llvm::zip(inputData, arrays)) {
    data.dtype = array.dtype;
    data.shape = array.shape;
    data.data = std::move(array.data);
  }
  std::deque<TensorData> paramData;
  llvm::DenseMap<Attribute, const TensorData *> paramOfSource;
  for (auto &[source, array] : params) {
    TensorData &data = paramData.emplace_back();
    data.dtype = array.dtype;
    data.shape = array.shape;
    data.data = std::move(array.data);
    paramOfSource[source] = &data;
  }
  SmallVector<GraphInput> graphInputs;
  llvm::DenseMap<Value, const TensorData *> inputOfValue;
  for (GuardCheck &check : checks) {
    if (check.status != GuardStatus::Passed)
      continue;
    auto spec = capture.specOfSource.find(check.guard.getSource());
    const TensorData *data = spec != capture.specOfSource.end()
                                 ? &inputData[capture.inputOfSpec[spec->second]]
                                 : paramOfSource.lookup(check.guard.getSource());
    Value refined = check.guard.getRefined();
    graphInputs.push_back({refined, data});
    inputOfValue[refined] = data;
  }
  SmallVector<Value> computed;
  for (Value tensor : writer.getTensors())
    if (!inputOfValue.count(tensor))
      computed.push_back(tensor);
  // Reverse mode: every floating-point tensor of the result is seeded, as
  // torch.autograd.backward on them would be; the gradients are those of
  // the --inputs whose specs require grad, then those of the --params
  // tensors whose guards do (a module's parameters).
  SmallVector<Value> wrt, seeded;
  SmallVector<int> gradInputs;
  SmallVector<std::pair<std::string, Value>> gradParams;
  std::deque<TensorData> seedData;
  SmallVector<const TensorData *> seeds;
  if (computeGrad) {
    for (auto [index, source] : llvm::enumerate(capture.tensorSources)) {
      auto spec = cast<py::TensorInputAttr>(
          capture.inputSpecs[capture.specOfSource.lookup(source)]);
      if (!spec.getRequiresGrad())
        continue;
      gradInputs.push_back(index);
      Value guarded;
      for (GuardCheck &check : checks)
        if (check.status == GuardStatus::Passed && check.guard.getSource() == source)
          guarded = check.guard.getRefined();
      wrt.push_back(guarded);
    }
    for (GuardCheck &check : checks) {
      auto guard = dyn_cast<tg::GuardTensorOp>(check.guard.getOperation());
      if (check.status != GuardStatus::Passed || !guard || !guard.getRequiresGrad() ||
          capture.specOfSource.count(guard.getSource()) ||
          llvm::any_of(gradParams,
                       [&](auto &param) { return param.second == check.guard.getRefined(); }))
        continue;
      if (std::optional<std::string> name = getStateDictName(guard.getSource()))
        gradParams.emplace_back(*name, check.guard.getRefined());
    }
    for (Value tensor : writer.getTensors()) {
      auto type = cast<RankedTensorType>(tensor.getType());
      if (isa<FloatType>(type.getElementType()))
        seeded.push_back(tensor);
    }
    if (!gradOutputFiles.empty() && gradOutputFiles.size() != seeded.size())
      return Failure{BadInput, "the result has " + std::to_string(seeded.size()) +
                                   " floating-point tensor" + (seeded.size() == 1 ? "" : "s") +
                                   "; got " + std::to_string(gradOutputFiles.size()) +
                                   " --grad-output"};
    for (auto [index, tensor] : llvm::enumerate(seeded)) {
      auto type = cast<RankedTensorType>(tensor.getType());
      TensorData &seed = seedData.emplace_back();
      seed.dtype = *tg::getDType(type.getElementType());
      seed.shape.assign(type.getShape().begin(), type.getShape().end());
      if (gradOutputFiles.empty()) {
        seed.data = makeOnes(seed.dtype, type.getNumElements());
      } else {
        llvm::Expected<NpyArray> array = readNpy(gradOutputFiles[index]);
        if (!array)
          return Failure{BadInput, llvm::toString(array.takeError())};
        if (array->dtype != seed.dtype || array->shape != seed.shape)
          return Failure{BadInput, "'" + gradOutputFiles[index] + "' holds " +
                                       tg::getDTypeName(array->dtype).str() + " " +
                                       renderList(array->shape) + "; the tensor it is "
                                       "the gradient of is " +
                                       tg::getDTypeName(seed.dtype).str() + " " +
                                       renderList(seed.shape)};
        seed.data = std::move(array->data);
      }
      seeds.push_back(&seed);
    }
  }
  // An input that requires grad and that the capture never reads gets a
  // zero gradient (eager leaves its .grad None).
  SmallVector<Value> reached;
  for (Value value : wrt)
    if (value)
      reached.push_back(value);
  for (auto &[name, value] : gradParams)
    reached.push_back(value);
  GradientRequest gradient{reached, seeded, seeds};
  llvm::Expected<std::vector<TensorData>> results = runTensorGraph(
      graphInputs, computed, printGraph, computeGrad ? &gradient : nullptr);
  if (!results)
    return Failure{NeedsInterpreter, llvm::toString(results.takeError())};

  if (std::error_code ec = llvm::sys::fs::create_directories(outputDir))
    return Failure{BadInput, "cannot create '" + outputDir + "': " + ec.message()};
  unsigned nextComputed = 0;
  for (auto [index, tensor] : llvm::enumerate(writer.getTensors())) {
    const TensorData *data = inputOfValue.lookup(tensor);
    if (!data)
      data = &(*results)[nextComputed++];
    llvm::SmallString<128> path(outputDir);
    llvm::sys::path::append(path, "out" + std::to_string(index) + ".npy");
    if (llvm::Error error =
            writeNpy(path, data->dtype, data->shape, data->data.data()))
      return Failure{BadInput, llvm::toString(std::move(error))};
  }
  unsigned nextGrad = computed.size();
  for (auto [index, value] : llvm::zip(gradInputs, wrt)) {
    TensorData zeros;
    const TensorData *grad = value ? &(*results)[nextGrad++] : nullptr;
    if (!grad) {
      const TensorData &input = inputData[index];
      zeros.dtype = input.dtype;
      zeros.shape = input.shape;
      zeros.data.assign(input.data.size(), 0);
      grad = &zeros;
    }
    llvm::SmallString<128> path(outputDir);
    llvm::sys::path::append(path, "grad" + std::to_string(index) + ".npy");
    if (llvm::Error error = writeNpy(path, grad->dtype, grad->shape, grad->data.data()))
      return Failure{BadInput, llvm::toString(std::move(error))};
  }
  for (auto &[name, value] : gradParams) {
    const TensorData &grad = (*results)[nextGrad++];
    llvm::SmallString<128> path(outputDir);
    llvm::sys::path::append(path, name + ".grad.npy");
    if (llvm::Error error = writeNpy(path, grad.dtype, grad.shape, grad.data.data()))
      return Failure{BadInput, llvm::toString(std::move(error))};
  }
  llvm::SmallString<128> jsonPath(outputDir);
  llvm::sys::path::append(jsonPath, "result.json");
  return writeFile(jsonPath, json + "\n");
}
} // namespace

int main(int argc, char **argv) {
  llvm::InitLLVM initLLVM(argc, argv);
  dynamir::registerAllPasses();
  cl::ParseCommandLineOptions(
      argc, argv,
      "Dynamir runner: checks a capture's guards against .npy inputs, runs "
      "its tensor graph and writes the outputs\n");

  DialectRegistry registry;
  dynamir::registerAllDialects(registry);
  MLIRContext context(registry);
  context.loadAllAvailableDialects();

  std::string error;
  std::unique_ptr<llvm::MemoryBuffer> file = openInputFile(inputFilename, &error);
  if (!file) {
    llvm::errs() << "dynamir-runner: error: " << error << "\n";
    return BadInput;
  }
  llvm::SourceMgr sourceMgr;
  sourceMgr.AddNewSourceBuffer(std::move(file), llvm::SMLoc());
  SourceMgrDiagnosticHandler diagnostics(sourceMgr, &context);

  std::optional<Failure> failure = run(context, sourceMgr);
  if (!failure)
    return Success;
  llvm::errs() << "dynamir-runner: "
               << (failure->status == GuardFailed ? "" : "error: ")
               << failure->message << "\n";
  return failure->status;
}
