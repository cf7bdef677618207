//===- BuildEnvironment.cpp - Interpret the module body ahead of time -----===//
//
// Runs the module body on an interpreter of the py dialect whose values are
// what importing the module would make: constants, modules, functions,
// classes (with their C3 MRO) and instances (their `__init__` run), lists and
// tuples, and the parameters of the torch.nn modules the body builds, known by
// type. What the interpreter cannot model becomes `#py.unknown`, with the
// reason, and every object the unmodelled code could reach is marked opaque.
// The result is written back as `py.globals`, `py.class` and `py.object` ops.
//
//===----------------------------------------------------------------------===//

#include "dynamir/Dialect/Py/Transforms/Passes.h"

#include "Exceptions.h"

#include "dynamir/Dialect/Py/IR/PyAttributes.h"
#include "dynamir/Dialect/Py/IR/PyOps.h"
#include "dynamir/Dialect/TG/IR/TGOps.h"

#include "mlir/Dialect/ControlFlow/IR/ControlFlowOps.h"
#include "mlir/IR/Builders.h"
#include "llvm/ADT/MapVector.h"
#include "llvm/ADT/StringMap.h"
#include "llvm/ADT/TypeSwitch.h"
#include "llvm/Support/Path.h"

#include <deque>
#include <variant>

namespace dynamir::py {
#define GEN_PASS_DEF_BUILDENVIRONMENT
#include "dynamir/Dialect/Py/Transforms/Passes.h.inc"
} // namespace dynamir::py

using namespace mlir;
using namespace dynamir;
using namespace dynamir::py;

namespace {
struct Object;

/// A value of the interpreter: a Python constant, a module or builtin known
/// by name, a heap object, or unknown (with the reason).
struct Val {
  enum Kind { Unknown, Constant, Module, Builtin, Heap } kind = Unknown;
  Attribute attr;
  Object *object = nullptr;

  static Val unknown(MLIRContext *context, const Twine &reason) {
    return {Unknown, StringAttr::get(context, reason), nullptr};
  }
  static Val constant(Attribute attr) { return {Constant, attr, nullptr}; }
  static Val module(MLIRContext *context, StringRef name) {
    return {Module, StringAttr::get(context, name), nullptr};
  }
  static Val builtin(MLIRContext *context, StringRef name) {
    return {Builtin, StringAttr::get(context, name), nullptr};
  }
  static Val heap(Object *object) { return {Heap, {}, object}; }

  StringRef name() const { return cast<StringAttr>(attr).getValue(); }
  bool is(Kind k) const { return kind == k; }
  bool operator==(const Val &other) const {
    return kind == other.kind && attr == other.attr && object == other.object;
  }
};

/// An object on the interpreter's heap.
struct Object {
  enum Kind {
    Class, Instance, Function, Tuple, List, Cell, BoundMethod, StaticMethod,
    ClassMethod, Property, Super, Iterator, Parameter, Dict, Partial
  } kind;
  explicit Object(Kind kind) : kind(kind) {}

  // Class: its `__name__`, bases, MRO (itself first), whether Dynamir
  // defines it (a library class, named by `qualified`), and its __dict__.
  // Instance: its class and attributes.
  std::string name, qualified;
  SmallVector<Object *> bases, mro;
  bool library = false;
  llvm::MapVector<StringAttr, Val> dict;
  Object *cls = nullptr;
  bool opaque = false;
  Location loc = UnknownLoc();

  // Function: code, defaults, keyword-only defaults and closure cells.
  FuncOp code;
  SmallVector<Val> defaults;
  llvm::MapVector<StringAttr, Val> kwdefaults;
  SmallVector<Object *> closure;

  // Dict: its string keys and values are in `dict`. Partial: its function
  // in `function`, its arguments in `elements`, its keywords in `dict`.
  // Tuple, List, Iterator: elements (and the iterator's position); Cell: its
  // contents in elements[0] when bound. BoundMethod: self and function;
  // the method wrappers and Super: their values; Property: get, set, del.
  SmallVector<Val> elements;
  // Instance of a subclass of tuple: its contents are in `elements`.
  bool hasContents = false;
  size_t position = 0;
  Val self, function;
  Object *superType = nullptr;

  // Parameter: the tensor's type.
  RankedTensorType tensorType;
  bool requiresGrad = true;
};

/// Stops the interpretation: what could not be done, and where.
struct Unsupported {
  Location loc;
  std::string reason;
};

class Interpreter;

/// One activation of a code object.
struct Frame {
  FuncOp code;
  DenseMap<Value, Val> values;
  /// Where `py.store_name` and `py.load_name` go: the module's globals for
  /// the module body, the class namespace for a class body.
  llvm::MapVector<StringAttr, Val> *names = nullptr;
  /// The first parameter and the `__class__` cell, for zero-argument super().
  Val firstArgument;
  Object *classCell = nullptr;
  /// The op the frame could not run.
  Operation *stoppedAt = nullptr;
  /// Whether an op the interpreter cannot run makes its results unknown
  /// and the frame goes on (the module body), rather than stopping it.
  bool continueOnError = false;
};

/// What the torch.nn classes Dynamir knows take and make.
struct LibraryClass {
  StringRef qualified, name, base;
};

const LibraryClass kLibraryClasses[] = {
    {"builtins.object", "object", ""},
    {"builtins.tuple", "tuple", "builtins.object"},
    {"builtins.list", "list", "builtins.object"},
    {"builtins.dict", "dict", "builtins.object"},
    {"builtins.set", "set", "builtins.object"},
    {"torch.nn.Module", "Module", "builtins.object"},
    {"torch.nn.Linear", "Linear", "torch.nn.Module"},
    {"torch.nn.LayerNorm", "LayerNorm", "torch.nn.Module"},
    {"torch.nn.ModuleList", "ModuleList", "torch.nn.Module"},
    {"torch.nn.Sequential", "Sequential", "torch.nn.Module"},
    {"torch.nn.ReLU", "ReLU", "torch.nn.Module"},
    {"torch.nn.GELU", "GELU", "torch.nn.Module"},
    {"torch.nn.SiLU", "SiLU", "torch.nn.Module"},
    {"torch.nn.Sigmoid", "Sigmoid", "torch.nn.Module"},
    {"torch.nn.Tanh", "Tanh", "torch.nn.Module"},
    {"torch.nn.Identity", "Identity", "torch.nn.Module"},
    {"torch.nn.Softmax", "Softmax", "torch.nn.Module"},
    {"torch.autograd.Function", "Function", "builtins.object"},
    {"torch.autograd.function.FunctionCtx", "FunctionCtx", "builtins.object"},
};

/// The builtin exceptions the capture passes raise for operations they
/// fold (see Exceptions.h).
const StringRef kRaisedByOperations[] = {"ZeroDivisionError", "KeyError",  "IndexError",
                                         "AttributeError",    "TypeError", "UnboundLocalError",
                                         "ValueError",        "OverflowError"};

/// The builtins the interpreter calls.
const StringRef kBuiltins[] = {"range", "len", "super", "print", "staticmethod",
                               "classmethod", "property", "list", "tuple", "dict", "set",
                               "isinstance", "object", "__build_class__"};

class Interpreter {
public:
  Interpreter(ModuleOp module) : module(module), context(module.getContext()) {
    auto version = module->getAttrOfType<StringAttr>("py.version");
    pythonVersion = version ? version.getValue() : "3.12";
    pythonMinor = getPythonMinor(module);
    auto filename = module->getAttrOfType<StringAttr>("py.filename");
    moduleName = filename ? llvm::sys::path::stem(filename.getValue()).str() : "__main__";
  }

  /// Runs the module body. Fails only where importing the module would raise
  /// an error Dynamir reports (an inconsistent MRO); what it cannot model
  /// leaves the remaining globals unknown.
  LogicalResult run(FuncOp body);

  /// Writes the environment as IR at the start of the module.
  void emit(OpBuilder &builder);

  unsigned numClasses = 0, numObjects = 0, numUnknown = 0;

private:
  using Result = std::variant<Val, Unsupported>;

  Object *allocate(Object::Kind kind) {
    heap.emplace_back(kind);
    // Where nothing better is known, the module.
    heap.back().loc = module.getLoc();
    return &heap.back();
  }
  Object *makeTuple(ArrayRef<Val> elements) {
    Object *tuple = allocate(Object::Tuple);
    tuple->elements.assign(elements.begin(), elements.end());
    return tuple;
  }
  StringAttr str(StringRef s) { return StringAttr::get(context, s); }
  Val none() { return Val::constant(NoneAttr::get(context)); }
  Val boolean(bool b) { return Val::constant(BoolAttr::get(context, b)); }

  Object *libraryClass(StringRef qualified);
  Object *builtinException(StringRef qualified);
  bool isSubclass(Object *cls, Object *base) { return llvm::is_contained(cls->mro, base); }
  bool isModule(Object *object) {
    return object && object->kind == Object::Instance &&
           isSubclass(object->cls, libraryClass("torch.nn.Module"));
  }

  Result interpret(Frame &frame);
  std::optional<Unsupported> execute(Operation *op, Frame &frame);
  Result call(Val callee, SmallVector<Val> args, ArrayRef<Attribute> kwnames,
              ArrayRef<Val> kwargs, Location loc);
  Result callFunction(Object *function, SmallVector<Val> args, ArrayRef<Attribute> kwnames,
                      ArrayRef<Val> kwargs, Location loc);
  Result callBuiltin(StringRef name, ArrayRef<Val> args, ArrayRef<Attribute> kwnames,
                     ArrayRef<Val> kwargs, Location loc, Frame *frame);
  Result buildClass(ArrayRef<Val> args, ArrayRef<Attribute> kwnames, Location loc);
  Result instantiate(Object *cls, ArrayRef<Val> args, ArrayRef<Attribute> kwnames,
                     ArrayRef<Val> kwargs, Location loc);
  Result initLibrary(Object *self, StringRef qualified, ArrayRef<Val> args,
                     ArrayRef<Attribute> kwnames, ArrayRef<Val> kwargs, Location loc);
  Result getAttr(Val object, StringAttr name, Location loc);
  std::optional<Val> lookupInMro(ArrayRef<Object *> mro, StringAttr name);
  Result bindDescriptor(Val attribute, Val instance, Object *owner, Location loc);
  std::optional<SmallVector<Val>> elementsOf(Val value);
  std::optional<int64_t> intOf(Val value);
  void markOpaque(ArrayRef<Val> values);

  Unsupported unsupported(Location loc, const Twine &reason) { return {loc, reason.str()}; }

  /// The reason, and the user's line where there is one.
  static std::string describe(const Unsupported &error) {
    std::string text = error.reason;
    if (auto file = dyn_cast<FileLineColLoc>(error.loc))
      text += (" (" + file.getFilename().getValue() + ":" + Twine(file.getLine()) + ")").str();
    return text;
  }

  // Emission.
  Attribute toAttribute(Val value, SmallPtrSetImpl<Object *> &visiting);
  void name(Val value, tg::SourceAttr source);

  ModuleOp module;
  MLIRContext *context;
  StringRef pythonVersion;
  unsigned pythonMinor;
  std::string moduleName;
  std::deque<Object> heap;
  llvm::MapVector<StringAttr, Val> globals;
  llvm::StringMap<Object *> libraryClasses;
  unsigned steps = 0;
  unsigned depth = 0;
  /// The error that makes the import fail, reported once.
  bool importFails = false;

  // Symbols of the classes and objects reachable from the globals.
  DenseMap<Object *, std::string> symbols;
  DenseMap<Object *, tg::SourceAttr> sources;
  SmallVector<Object *> order;
};
} // namespace

//===----------------------------------------------------------------------===//
// Library classes
//===----------------------------------------------------------------------===//

Object *Interpreter::libraryClass(StringRef qualified) {
  if (Object *cls = libraryClasses.lookup(qualified))
    return cls;
  const LibraryClass *info = llvm::find_if(
      kLibraryClasses, [&](const LibraryClass &c) { return c.qualified == qualified; });
  if (info == std::end(kLibraryClasses))
    return builtinException(qualified);
  Object *cls = allocate(Object::Class);
  cls->name = info->name.str();
  cls->qualified = info->qualified.str();
  cls->library = true;
  cls->mro.push_back(cls);
  if (!info->base.empty()) {
    Object *base = libraryClass(info->base);
    cls->bases.push_back(base);
    llvm::append_range(cls->mro, base->mro);
  }
  libraryClasses[qualified] = cls;
  return cls;
}

Object *Interpreter::builtinException(StringRef qualified) {
  if (Object *cls = libraryClasses.lookup(qualified))
    return cls;
  StringRef name = qualified;
  if (!name.consume_front("builtins."))
    return nullptr;
  std::optional<BuiltinException> info = lookupBuiltinException(name, pythonMinor);
  if (!info)
    return nullptr;
  // An alias (`IOError`) is the class it names.
  if (info->name != name)
    return libraryClass(("builtins." + info->name).str());
  Object *cls = allocate(Object::Class);
  cls->name = info->name.str();
  cls->qualified = ("builtins." + info->name).str();
  cls->library = true;
  libraryClasses[qualified] = cls;
  cls->mro.push_back(cls);
  for (StringRef base : info->bases)
    cls->bases.push_back(libraryClass(("builtins." + base).str()));
  for (StringRef base : info->mro)
    cls->mro.push_back(libraryClass(("builtins." + base).str()));
  return cls;
}

//===----------------------------------------------------------------------===//
// Values
//===----------------------------------------------------------------------===//

std::optional<SmallVector<Val>> Interpreter::elementsOf(Val value) {
  if (value.is(Val::Constant))
    if (auto tuple = dyn_cast<ArrayAttr>(value.attr))
      return llvm::to_vector(
          llvm::map_range(tuple, [](Attribute a) { return Val::constant(a); }));
  if (value.is(Val::Heap) &&
      (value.object->kind == Object::Tuple || value.object->kind == Object::List))
    return value.object->elements;
  // An instance of a subclass of tuple iterates over its contents, unless
  // its class iterates its own way.
  if (value.is(Val::Heap) && value.object->kind == Object::Instance &&
      value.object->hasContents && !value.object->opaque &&
      !lookupInMro(value.object->cls->mro, StringAttr::get(context, "__iter__")))
    return value.object->elements;
  // A ModuleList or Sequential iterates over its submodules.
  if (value.is(Val::Heap) && value.object->kind == Object::Instance &&
      value.object->cls->library &&
      (value.object->cls->qualified == "torch.nn.ModuleList" ||
       value.object->cls->qualified == "torch.nn.Sequential") &&
      !value.object->opaque) {
    SmallVector<Val> elements;
    for (auto &[key, element] : value.object->dict)
      if (llvm::all_of(key.getValue(), llvm::isDigit))
        elements.push_back(element);
    return elements;
  }
  return std::nullopt;
}

std::optional<int64_t> Interpreter::intOf(Val value) {
  if (!value.is(Val::Constant))
    return std::nullopt;
  if (auto i = dyn_cast<IntAttr>(value.attr))
    return i.getInt64();
  if (auto b = dyn_cast<BoolAttr>(value.attr))
    return b.getValue();
  return std::nullopt;
}

void Interpreter::markOpaque(ArrayRef<Val> values) {
  SmallVector<Object *> worklist;
  for (const Val &value : values)
    if (value.is(Val::Heap))
      worklist.push_back(value.object);
  llvm::SmallPtrSet<Object *, 16> seen;
  while (!worklist.empty()) {
    Object *object = worklist.pop_back_val();
    if (!object || !seen.insert(object).second)
      continue;
    // Classes stay known: code that changes a class is rare, and its
    // instances are what the unknown code was given.
    if (object->kind == Object::Class)
      continue;
    if (object->kind == Object::Instance || object->kind == Object::List)
      object->opaque = true;
    for (auto &[key, value] : object->dict)
      if (value.is(Val::Heap))
        worklist.push_back(value.object);
    for (Val &value : object->elements)
      if (value.is(Val::Heap))
        worklist.push_back(value.object);
    for (Val *value : {&object->self, &object->function})
      if (value->is(Val::Heap))
        worklist.push_back(value->object);
    llvm::append_range(worklist, object->closure);
  }
}

//===----------------------------------------------------------------------===//
// Attributes
//===----------------------------------------------------------------------===//

std::optional<Val> Interpreter::lookupInMro(ArrayRef<Object *> mro, StringAttr name) {
  for (Object *cls : mro) {
    auto it = cls->dict.find(name);
    if (it != cls->dict.end())
      return it->second;
    // The methods of library classes the interpreter runs (tuple has no
    // `__init__` of its own).
    if (cls->library && name.getValue() == "__init__" && cls->qualified != "builtins.tuple")
      return Val::builtin(context, (cls->qualified + ".__init__"));
  }
  return std::nullopt;
}

Interpreter::Result Interpreter::bindDescriptor(Val attribute, Val instance, Object *owner,
                                                Location loc) {
  if (!attribute.is(Val::Heap) && !attribute.is(Val::Builtin))
    return attribute;
  if (attribute.is(Val::Builtin)) {
    // A library method (`Module.__init__`), bound to the instance.
    if (!instance.is(Val::Heap))
      return attribute;
    Object *bound = allocate(Object::BoundMethod);
    bound->self = instance;
    bound->function = attribute;
    return Val::heap(bound);
  }
  Object *object = attribute.object;
  switch (object->kind) {
  case Object::Function: {
    if (!instance.is(Val::Heap) && !instance.is(Val::Constant))
      return attribute;
    Object *bound = allocate(Object::BoundMethod);
    bound->self = instance;
    bound->function = attribute;
    return Val::heap(bound);
  }
  case Object::StaticMethod:
    return object->function;
  case Object::ClassMethod: {
    Object *bound = allocate(Object::BoundMethod);
    bound->self = Val::heap(owner);
    bound->function = object->function;
    return Val::heap(bound);
  }
  case Object::Property:
    if (!instance.is(Val::Heap))
      return attribute;
    return call(object->elements[0], {instance}, {}, {}, loc);
  default:
    return attribute;
  }
}

Interpreter::Result Interpreter::getAttr(Val value, StringAttr name, Location loc) {
  if (value.is(Val::Module)) {
    std::string qualified = (value.name() + "." + name.getValue()).str();
    // `torch.nn.Linear` is a class Dynamir knows; a submodule of a known
    // package (`torch.nn.functional`) a module; anything else in a module,
    // a library object known by name.
    if (Object *cls = libraryClass(qualified))
      return Val::heap(cls);
    static const StringRef submodules[] = {"torch.nn", "torch.nn.functional", "torch.autograd", "torch.linalg",
                                           "torch.fft", "torch.special", "numpy.linalg",
                                           "numpy.random"};
    if (llvm::is_contained(submodules, qualified))
      return Val::module(context, qualified);
    return Val::builtin(context, qualified);
  }
  if (!value.is(Val::Heap))
    return unsupported(loc, "an attribute of a " +
                                Twine(value.is(Val::Constant) ? "constant" : "value") +
                                " the module body cannot know");
  Object *object = value.object;
  if (object->opaque)
    return unsupported(loc, "an attribute of an object unknown code may have changed");
  switch (object->kind) {
  case Object::Instance: {
    // Data descriptors (properties) first, then the instance, then the class.
    std::optional<Val> found = lookupInMro(object->cls->mro, name);
    if (found && found->is(Val::Heap) && found->object->kind == Object::Property)
      return bindDescriptor(*found, value, object->cls, loc);
    auto it = object->dict.find(name);
    if (it != object->dict.end())
      return it->second;
    if (found)
      return bindDescriptor(*found, value, object->cls, loc);
    if (name.getValue() == "__class__")
      return Val::heap(object->cls);
    return unsupported(loc, "AttributeError: '" + object->cls->name +
                                "' object has no attribute '" + name.getValue() + "'");
  }
  case Object::Class: {
    if (name.getValue() == "__name__")
      return Val::constant(str(object->name));
    std::optional<Val> found = lookupInMro(object->mro, name);
    if (!found)
      return unsupported(loc, "AttributeError: type object '" + object->name +
                                  "' has no attribute '" + name.getValue() + "'");
    if (found->is(Val::Heap) && found->object->kind == Object::Function)
      return *found;
    return bindDescriptor(*found, Val(), object, loc);
  }
  case Object::Super: {
    // CPython's super_getattro: the MRO of the object's type (or of the
    // object, when it is a class) after the given type.
    Val obj = object->self;
    Object *start = obj.is(Val::Heap) && obj.object->kind == Object::Class
                        ? obj.object
                        : (obj.is(Val::Heap) ? obj.object->cls : nullptr);
    if (!start)
      return unsupported(loc, "super() of an object the module body cannot know");
    ArrayRef<Object *> mro = start->mro;
    auto it = llvm::find(mro, object->superType);
    if (it == mro.end())
      return unsupported(loc, "super() of a type not in the object's MRO");
    std::optional<Val> found = lookupInMro(mro.drop_front(it - mro.begin() + 1), name);
    if (!found)
      return unsupported(loc, "AttributeError: 'super' object has no attribute '" +
                                  name.getValue() + "'");
    Val instance = start == obj.object ? Val() : obj;
    if (found->is(Val::Heap) && found->object->kind == Object::ClassMethod) {
      Object *bound = allocate(Object::BoundMethod);
      bound->self = Val::heap(start);
      bound->function = found->object->function;
      return Val::heap(bound);
    }
    return bindDescriptor(*found, instance, start, loc);
  }
  default:
    return unsupported(loc, "an attribute of a value the module body cannot know");
  }
}

//===----------------------------------------------------------------------===//
// Calls
//===----------------------------------------------------------------------===//

/// Binds `args` and keywords to named parameters with defaults; the missing
/// ones stay null.
static std::optional<std::string>
bindParameters(ArrayRef<StringRef> params, ArrayRef<Val> args, ArrayRef<Attribute> kwnames,
               ArrayRef<Val> kwargs, SmallVectorImpl<std::optional<Val>> &bound) {
  bound.assign(params.size(), std::nullopt);
  if (args.size() > params.size())
    return "too many positional arguments";
  for (auto [i, arg] : llvm::enumerate(args))
    bound[i] = arg;
  for (auto [name, value] : llvm::zip(kwnames, kwargs)) {
    auto it = llvm::find(params, cast<StringAttr>(name).getValue());
    if (it == params.end())
      return ("an unexpected keyword argument '" + cast<StringAttr>(name).getValue() + "'")
          .str();
    if (bound[it - params.begin()])
      return ("multiple values for argument '" + *it + "'").str();
    bound[it - params.begin()] = value;
  }
  return std::nullopt;
}

Interpreter::Result Interpreter::call(Val callee, SmallVector<Val> args,
                                      ArrayRef<Attribute> kwnames, ArrayRef<Val> kwargs,
                                      Location loc) {
  if (callee.is(Val::Builtin))
    return callBuiltin(callee.name(), args, kwnames, kwargs, loc, nullptr);
  if (!callee.is(Val::Heap))
    return unsupported(loc, "a call of a value the module body cannot know");
  Object *object = callee.object;
  switch (object->kind) {
  case Object::Function:
    return callFunction(object, std::move(args), kwnames, kwargs, loc);
  case Object::BoundMethod:
    args.insert(args.begin(), object->self);
    return call(object->function, std::move(args), kwnames, kwargs, loc);
  case Object::Partial: {
    // partial(f, *a, **k)(*b, **c) is f(*a, *b, **{**k, **c}).
    args.insert(args.begin(), object->elements.begin(), object->elements.end());
    llvm::MapVector<StringAttr, Val> merged = object->dict;
    for (auto [name, value] : llvm::zip(kwnames, kwargs))
      merged[cast<StringAttr>(name)] = value;
    SmallVector<Attribute> names;
    SmallVector<Val> values;
    for (auto &[name, value] : merged) {
      names.push_back(name);
      values.push_back(value);
    }
    return call(object->function, std::move(args), names, values, loc);
  }
  case Object::Class:
    return instantiate(object, args, kwnames, kwargs, loc);
  default:
    return unsupported(loc, "a call of an object that is not callable");
  }
}

Interpreter::Result Interpreter::callFunction(Object *function, SmallVector<Val> args,
                                              ArrayRef<Attribute> kwnames,
                                              ArrayRef<Val> kwargs, Location loc) {
  FuncOp code = function->code;
  if (code.isExternal())
    return unsupported(loc, "a call of a function without code");
  CodeFlags flags = code.getFlags();
  if ((flags & (CodeFlags::generator | CodeFlags::coroutine | CodeFlags::async_generator |
                CodeFlags::iterable_coroutine)) != CodeFlags::none)
    return unsupported(loc, "a call of a generator or coroutine");
  unsigned numPositional = code.getArgcount(), numKwonly = code.getKwonlyargcount();
  bool varargs = (flags & CodeFlags::varargs) != CodeFlags::none;
  bool varkw = (flags & CodeFlags::varkeywords) != CodeFlags::none;
  if (varkw)
    return unsupported(loc, "a call of a function taking **kwargs");
  ArrayRef<Attribute> varnames = code.getVarnames().getValue();
  SmallVector<StringRef> params;
  for (unsigned i = 0; i < numPositional + numKwonly; ++i)
    params.push_back(cast<StringAttr>(varnames[i]).getValue());
  SmallVector<Val> extra;
  if (varargs && args.size() > numPositional) {
    extra.assign(args.begin() + numPositional, args.end());
    args.truncate(numPositional);
  }
  SmallVector<std::optional<Val>> bound;
  if (std::optional<std::string> error = bindParameters(params, args, kwnames, kwargs, bound))
    return unsupported(loc, "TypeError: " + code.getQualname() + "() got " + *error);
  if (code.getPosonlyargcount())
    for (auto name : kwnames)
      if (llvm::is_contained(ArrayRef(params).take_front(code.getPosonlyargcount()),
                             cast<StringAttr>(name).getValue()))
        return unsupported(loc, "TypeError: a positional-only argument passed by keyword");
  size_t firstDefault = numPositional - function->defaults.size();
  for (unsigned i = 0; i < params.size(); ++i) {
    if (bound[i])
      continue;
    if (i < numPositional && i >= firstDefault) {
      bound[i] = function->defaults[i - firstDefault];
      continue;
    }
    if (i >= numPositional) {
      auto it = function->kwdefaults.find(str(params[i]));
      if (it != function->kwdefaults.end()) {
        bound[i] = it->second;
        continue;
      }
    }
    return unsupported(loc, "TypeError: " + code.getQualname() +
                                "() missing a required argument: '" + params[i] + "'");
  }
  Block &entry = code.getBody().front();
  unsigned numParams = numPositional + numKwonly + (varargs ? 1 : 0);
  if (entry.getNumArguments() != numParams + function->closure.size())
    return unsupported(loc, "a function whose closure does not match its code");
  Frame frame;
  frame.code = code;
  SmallVector<Val> values;
  for (std::optional<Val> &value : bound)
    values.push_back(*value);
  if (varargs)
    values.insert(values.begin() + numPositional, Val::heap(makeTuple(extra)));
  for (Object *cell : function->closure)
    values.push_back(Val::heap(cell));
  for (auto [arg, value] : llvm::zip(entry.getArguments(), values))
    frame.values[arg] = value;
  if (!values.empty())
    frame.firstArgument = values.front();
  ArrayRef<Attribute> freevars = code.getFreevars().getValue();
  for (auto [name, cell] : llvm::zip(freevars, function->closure))
    if (cast<StringAttr>(name).getValue() == "__class__")
      frame.classCell = cell;
  if (++depth > 64) {
    --depth;
    return unsupported(loc, "calls nested too deeply");
  }
  Result result = interpret(frame);
  --depth;
  return result;
}

Interpreter::Result Interpreter::instantiate(Object *cls, ArrayRef<Val> args,
                                             ArrayRef<Attribute> kwnames,
                                             ArrayRef<Val> kwargs, Location loc) {
  if (cls->opaque)
    return unsupported(loc, "an instance of a class unknown code may have changed");
  if (cls->qualified == "builtins.object") {
    if (!args.empty() || !kwnames.empty())
      return unsupported(loc, "TypeError: object() takes no arguments");
  }
  if (lookupInMro(cls->mro, str("__new__")))
    return unsupported(loc, "a class with its own __new__");
  // tuple.__new__(cls, it): contents of constants. A list, dict or set
  // changes, as the module-level containers Dynamir leaves unknown do.
  bool tuple = false;
  for (Object *base : cls->mro) {
    if (base->library && base->qualified == "builtins.tuple") {
      tuple = true;
      continue;
    }
    if (base->library && StringRef(base->qualified).starts_with("builtins.") &&
        base->qualified != "builtins.object")
      return unsupported(loc, "an instance of a subclass of '" + base->name + "'");
  }
  Object *self = allocate(Object::Instance);
  self->cls = cls;
  self->loc = loc;
  if (tuple) {
    std::optional<SmallVector<Val>> elements =
        args.empty() ? SmallVector<Val>() : elementsOf(args[0]);
    if (args.size() > 1 || !kwnames.empty() || !elements ||
        !llvm::all_of(*elements, [](const Val &v) {
          return v.is(Val::Constant) && isPythonConstant(v.attr);
        }))
      return unsupported(loc, "an instance of a subclass of 'tuple' whose contents are not "
                              "constants");
    self->elements = std::move(*elements);
    self->hasContents = true;
  }
  std::optional<Val> init = lookupInMro(cls->mro, str("__init__"));
  // object.__init__ leaves the arguments to tuple.__new__.
  if (!init || (tuple && init->is(Val::Builtin) && init->name() == "builtins.object.__init__"))
    return Val::heap(self);
  SmallVector<Val> all{Val::heap(self)};
  llvm::append_range(all, args);
  Result result = call(*init, all, kwnames, kwargs, loc);
  if (auto *error = std::get_if<Unsupported>(&result))
    return *error;
  if (!(std::get<Val>(result) == none()))
    return unsupported(loc, "TypeError: __init__() should return None");
  return Val::heap(self);
}

Interpreter::Result Interpreter::initLibrary(Object *self, StringRef qualified,
                                             ArrayRef<Val> args, ArrayRef<Attribute> kwnames,
                                             ArrayRef<Val> kwargs, Location loc) {
  auto fail = [&](const Twine &why) {
    return unsupported(loc, "torch.nn." + self->cls->name + "(...): " + why);
  };
  auto bindLibrary = [&](ArrayRef<StringRef> params, ArrayRef<Val> defaults,
                         SmallVectorImpl<Val> &out) -> bool {
    SmallVector<std::optional<Val>> bound;
    if (bindParameters(params, args, kwnames, kwargs, bound))
      return false;
    size_t firstDefault = params.size() - defaults.size();
    for (auto [i, value] : llvm::enumerate(bound)) {
      if (!value && i < firstDefault)
        return false;
      out.push_back(value ? *value : defaults[i - firstDefault]);
    }
    return true;
  };
  auto set = [&](StringRef name, Val value) { self->dict[str(name)] = value; };
  auto parameter = [&](ArrayRef<int64_t> shape) {
    Object *p = allocate(Object::Parameter);
    p->tensorType = RankedTensorType::get(shape, Float32Type::get(context));
    return Val::heap(p);
  };
  // Every module starts as Module.__init__ leaves it.
  if (qualified == "builtins.object")
    return args.empty() && kwnames.empty() ? Result(none()) : Result(fail("takes no arguments"));
  if (!self->dict.count(str("training")))
    set("training", boolean(true));
  if (qualified == "torch.nn.Module")
    return args.empty() && kwnames.empty() ? Result(none()) : Result(fail("takes no arguments"));

  SmallVector<Val> bound;
  if (qualified == "torch.nn.Linear") {
    if (!bindLibrary({"in_features", "out_features", "bias", "device", "dtype"},
                     {boolean(true), none(), none()}, bound))
      return fail("arguments that do not bind");
    std::optional<int64_t> in = intOf(bound[0]), out = intOf(bound[1]);
    if (!in || !out || !(bound[3] == none()) || !(bound[4] == none()) ||
        !bound[2].is(Val::Constant))
      return fail("sizes that are not constants, or a device or dtype");
    set("in_features", bound[0]);
    set("out_features", bound[1]);
    set("weight", parameter({*out, *in}));
    auto bias = dyn_cast<BoolAttr>(bound[2].attr);
    set("bias", bias && !bias.getValue() ? none() : parameter({*out}));
    return none();
  }
  if (qualified == "torch.nn.LayerNorm") {
    if (!bindLibrary({"normalized_shape", "eps", "elementwise_affine", "device", "dtype"},
                     {Val::constant(FloatAttr::get(Float64Type::get(context), 1e-5)),
                      boolean(true), none(), none()},
                     bound))
      return fail("arguments that do not bind");
    SmallVector<int64_t> shape;
    if (std::optional<int64_t> n = intOf(bound[0])) {
      shape.push_back(*n);
    } else if (std::optional<SmallVector<Val>> elements = elementsOf(bound[0])) {
      for (Val &e : *elements) {
        std::optional<int64_t> n = intOf(e);
        if (!n)
          return fail("a normalized_shape that is not constant");
        shape.push_back(*n);
      }
    } else {
      return fail("a normalized_shape that is not constant");
    }
    if (!bound[1].is(Val::Constant) || !isa<FloatAttr>(bound[1].attr) ||
        !bound[2].is(Val::Constant) || !isa<BoolAttr>(bound[2].attr) ||
        !(bound[3] == none()) || !(bound[4] == none()))
      return fail("an eps or elementwise_affine that is not constant, or a device or dtype");
    SmallVector<Attribute> dims;
    for (int64_t d : shape)
      dims.push_back(IntAttr::get(context, d));
    set("normalized_shape", Val::constant(ArrayAttr::get(context, dims)));
    set("eps", bound[1]);
    set("elementwise_affine", bound[2]);
    bool affine = cast<BoolAttr>(bound[2].attr).getValue();
    set("weight", affine ? parameter(shape) : none());
    set("bias", affine ? parameter(shape) : none());
    return none();
  }
  if (qualified == "torch.nn.ModuleList" || qualified == "torch.nn.Sequential") {
    SmallVector<Val> elements;
    if (qualified == "torch.nn.Sequential") {
      if (!kwnames.empty())
        return fail("keyword arguments");
      elements.assign(args.begin(), args.end());
    } else {
      if (!bindLibrary({"modules"}, {none()}, bound))
        return fail("arguments that do not bind");
      if (!(bound[0] == none())) {
        std::optional<SmallVector<Val>> items = elementsOf(bound[0]);
        if (!items)
          return fail("modules that are not a known sequence");
        elements = *items;
      }
    }
    for (auto [i, element] : llvm::enumerate(elements)) {
      if (!element.is(Val::Heap) || !isModule(element.object))
        return unsupported(loc, "TypeError: " + self->cls->name +
                                    " holds something that is not a Module subclass");
      set(std::to_string(i), element);
    }
    return none();
  }
  if (qualified == "torch.nn.ReLU" || qualified == "torch.nn.SiLU") {
    if (!bindLibrary({"inplace"}, {boolean(false)}, bound) || !(bound[0] == boolean(false)))
      return fail("arguments Dynamir does not model");
    set("inplace", bound[0]);
    return none();
  }
  if (qualified == "torch.nn.GELU") {
    if (!bindLibrary({"approximate"}, {Val::constant(str("none"))}, bound) ||
        !bound[0].is(Val::Constant) || !isa<StringAttr>(bound[0].attr))
      return fail("an approximate that is not a constant string");
    set("approximate", bound[0]);
    return none();
  }
  if (qualified == "torch.nn.Softmax") {
    if (!bindLibrary({"dim"}, {none()}, bound) || !intOf(bound[0]))
      return fail("a dim that is not a constant int");
    set("dim", bound[0]);
    return none();
  }
  if (qualified == "torch.nn.Sigmoid" || qualified == "torch.nn.Tanh")
    return args.empty() && kwnames.empty() ? Result(none()) : Result(fail("takes no arguments"));
  if (qualified == "torch.nn.Identity")
    return none();
  return fail("a library class Dynamir does not model");
}

Interpreter::Result Interpreter::callBuiltin(StringRef name, ArrayRef<Val> args,
                                             ArrayRef<Attribute> kwnames,
                                             ArrayRef<Val> kwargs, Location loc,
                                             Frame *frame) {
  // A library class's __init__, bound to the instance.
  if (name.consume_back(".__init__")) {
    if (args.empty() || !args[0].is(Val::Heap) || args[0].object->kind != Object::Instance)
      return unsupported(loc, "a library __init__ without an instance");
    return initLibrary(args[0].object, name, args.drop_front(), kwnames, kwargs, loc);
  }
  bool noKeywords = kwnames.empty();
  if (name == "__build_class__")
    return buildClass(args, kwnames, loc);
  if (name == "print")
    return none();
  if (name == "functools.partial" && !args.empty()) {
    Object *partial = allocate(Object::Partial);
    partial->function = args[0];
    partial->elements.assign(args.begin() + 1, args.end());
    for (auto [keyword, value] : llvm::zip(kwnames, kwargs))
      partial->dict[cast<StringAttr>(keyword)] = value;
    return Val::heap(partial);
  }
  if (name == "types.MethodType" && noKeywords && args.size() == 2) {
    Object *bound = allocate(Object::BoundMethod);
    bound->function = args[0];
    bound->self = args[1];
    return Val::heap(bound);
  }
  if (name == "super" && noKeywords) {
    Object *proxy = allocate(Object::Super);
    if (args.size() == 2 && args[0].is(Val::Heap) && args[0].object->kind == Object::Class) {
      proxy->superType = args[0].object;
      proxy->self = args[1];
      return Val::heap(proxy);
    }
    if (args.empty() && frame && frame->classCell && !frame->classCell->elements.empty() &&
        frame->classCell->elements[0].is(Val::Heap)) {
      proxy->superType = frame->classCell->elements[0].object;
      proxy->self = frame->firstArgument;
      return Val::heap(proxy);
    }
    return unsupported(loc, "a super() Dynamir cannot resolve ahead of time");
  }
  if (name == "range" && noKeywords && !args.empty() && args.size() <= 3) {
    SmallVector<int64_t> ints;
    for (const Val &arg : args) {
      std::optional<int64_t> i = intOf(arg);
      if (!i)
        return unsupported(loc, "range() of values that are not constant ints");
      ints.push_back(*i);
    }
    int64_t start = args.size() == 1 ? 0 : ints[0];
    int64_t stop = args.size() == 1 ? ints[0] : ints[1];
    int64_t step = args.size() == 3 ? ints[2] : 1;
    if (step == 0)
      return unsupported(loc, "ValueError: range() arg 3 must not be zero");
    SmallVector<Val> elements;
    for (int64_t i = start; step > 0 ? i < stop : i > stop; i += step) {
      if (elements.size() > 100000)
        return unsupported(loc, "a range too long to unroll at import");
      elements.push_back(Val::constant(IntAttr::get(context, i)));
    }
    return Val::heap(makeTuple(elements));
  }
  if (name == "len" && noKeywords && args.size() == 1) {
    if (std::optional<SmallVector<Val>> elements = elementsOf(args[0]))
      return Val::constant(IntAttr::get(context, elements->size()));
    return unsupported(loc, "len() of a value without a known length");
  }
  if ((name == "list" || name == "tuple") && noKeywords && args.size() <= 1) {
    SmallVector<Val> elements;
    if (!args.empty()) {
      std::optional<SmallVector<Val>> items = elementsOf(args[0]);
      if (!items)
        return unsupported(loc, name + "() of a value that is not a known sequence");
      elements = *items;
    }
    Object *result = makeTuple(elements);
    if (name == "list")
      result->kind = Object::List;
    return Val::heap(result);
  }
  if ((name == "staticmethod" || name == "classmethod") && noKeywords && args.size() == 1) {
    Object *wrapper =
        allocate(name == "staticmethod" ? Object::StaticMethod : Object::ClassMethod);
    wrapper->function = args[0];
    return Val::heap(wrapper);
  }
  if (name == "property" && args.size() <= 3 && noKeywords) {
    Object *property = allocate(Object::Property);
    for (unsigned i = 0; i < 3; ++i)
      property->elements.push_back(i < args.size() ? args[i] : none());
    return Val::heap(property);
  }
  if (name == "isinstance" && noKeywords && args.size() == 2 && args[1].is(Val::Heap) &&
      args[1].object->kind == Object::Class && args[0].is(Val::Heap) &&
      args[0].object->kind == Object::Instance)
    return boolean(isSubclass(args[0].object->cls, args[1].object));
  return unsupported(loc, "a call of '" + name + "' the module body cannot run ahead of time");
}

Interpreter::Result Interpreter::buildClass(ArrayRef<Val> args, ArrayRef<Attribute> kwnames,
                                            Location loc) {
  if (!kwnames.empty())
    return unsupported(loc, "a class with a metaclass or class keywords");
  if (args.size() < 2 || !args[0].is(Val::Heap) || args[0].object->kind != Object::Function ||
      !args[1].is(Val::Constant) || !isa<StringAttr>(args[1].attr))
    return unsupported(loc, "__build_class__ without a class body");
  Object *cls = allocate(Object::Class);
  cls->name = cast<StringAttr>(args[1].attr).getValue().str();
  cls->loc = loc;
  for (Val base : args.drop_front(2)) {
    // The builtin containers are classes to derive from.
    if (base.is(Val::Builtin) && llvm::is_contained({"tuple", "list", "dict", "set"}, base.name()))
      base = Val::heap(libraryClass(("builtins." + base.name()).str()));
    if (!base.is(Val::Heap) || base.object->kind != Object::Class)
      return unsupported(loc, "a base class the module body cannot know");
    if (base.object->opaque)
      return unsupported(loc, "a base class unknown code may have changed");
    cls->bases.push_back(base.object);
  }
  if (cls->bases.empty())
    cls->bases.push_back(libraryClass("builtins.object"));
  // The class body runs with the class namespace as its names.
  Frame frame;
  frame.code = args[0].object->code;
  frame.names = &cls->dict;
  Block &entry = frame.code.getBody().front();
  if (entry.getNumArguments() != args[0].object->closure.size())
    return unsupported(loc, "a class body with parameters");
  for (auto [arg, cell] : llvm::zip(entry.getArguments(), args[0].object->closure))
    frame.values[arg] = Val::heap(cell);
  Result body = interpret(frame);
  if (auto *error = std::get_if<Unsupported>(&body))
    return *error;
  // Two builtin containers cannot share an instance: CPython's TypeError,
  // before it computes the MRO.
  Object *container = nullptr;
  for (Object *base : cls->bases)
    for (Object *c : base->mro)
      if (c->library && llvm::is_contained({"builtins.tuple", "builtins.list", "builtins.dict",
                                            "builtins.set"},
                                           StringRef(c->qualified))) {
        if (container && container != c) {
          emitError(loc) << "TypeError: multiple bases have instance lay-out conflict"
                         << "\nnote: importing the module raises this error";
          importFails = true;
          return unsupported(loc, "bases with an instance lay-out conflict");
        }
        container = c;
      }
  // C3, or CPython's TypeError: the import fails.
  SmallVector<StringRef> bases;
  SmallVector<SmallVector<StringRef>> baseMros;
  DenseMap<StringRef, Object *> byName;
  std::deque<std::string> keys;
  DenseMap<Object *, StringRef> keyOf;
  auto key = [&](Object *c) {
    // Unique per class object for the linearization.
    auto [it, inserted] = keyOf.try_emplace(c);
    if (inserted) {
      it->second = keys.emplace_back("#" + std::to_string(keys.size()));
      byName[it->second] = c;
    }
    return it->second;
  };
  for (Object *base : cls->bases) {
    bases.push_back(key(base));
    SmallVector<StringRef> mro;
    for (Object *c : base->mro)
      mro.push_back(key(c));
    baseMros.push_back(mro);
  }
  std::string error;
  StringRef self = key(cls);
  FailureOr<SmallVector<StringRef>> mro = linearizeC3(
      self, bases, baseMros, [&](StringRef k) { return StringRef(byName[k]->name); },
      pythonVersion, error);
  if (failed(mro)) {
    emitError(loc) << "TypeError: " << error
                   << "\nnote: importing the module raises this error";
    importFails = true;
    return unsupported(loc, "an inconsistent MRO");
  }
  for (StringRef k : *mro)
    cls->mro.push_back(byName[k]);
  // CPython keeps `__qualname__` on the type and fills `__class__` cells.
  cls->dict.remove_if([&](auto &entry) {
    return entry.first.getValue() == "__qualname__" || entry.first.getValue() == "__classcell__";
  });
  // type.__new__ makes a plain `__new__` a staticmethod, and plain
  // `__init_subclass__` and `__class_getitem__` classmethods.
  for (auto &entry : cls->dict) {
    StringRef member = entry.first.getValue();
    Val &value = entry.second;
    if (!value.is(Val::Heap) || value.object->kind != Object::Function)
      continue;
    if (member != "__new__" && member != "__init_subclass__" && member != "__class_getitem__")
      continue;
    Object *wrapper =
        allocate(member == "__new__" ? Object::StaticMethod : Object::ClassMethod);
    wrapper->function = value;
    value = Val::heap(wrapper);
  }
  Val result = std::get<Val>(body);
  if (result.is(Val::Heap) && result.object->kind == Object::Cell)
    result.object->elements.assign({Val::heap(cls)});
  return Val::heap(cls);
}

//===----------------------------------------------------------------------===//
// Execution
//===----------------------------------------------------------------------===//

Interpreter::Result Interpreter::interpret(Frame &frame) {
  Block *block = &frame.code.getBody().front();
  while (true) {
    for (Operation &op : block->without_terminator())
      if (std::optional<Unsupported> error = execute(&op, frame)) {
        if (frame.continueOnError) {
          Val unknown = Val::unknown(context, describe(*error));
          for (Value result : op.getResults())
            frame.values[result] = unknown;
          continue;
        }
        frame.stoppedAt = &op;
        return *error;
      }
    Operation *terminator = block->getTerminator();
    if (++steps > 1000000) {
      frame.stoppedAt = terminator;
      return unsupported(terminator->getLoc(), "a module body that runs too long");
    }
    auto jump = [&](Block *dest, ValueRange operands) -> std::optional<Unsupported> {
      SmallVector<Val> values;
      for (Value operand : operands) {
        auto it = frame.values.find(operand);
        if (it == frame.values.end())
          return unsupported(terminator->getLoc(), "a value the interpreter did not compute");
        values.push_back(it->second);
      }
      for (auto [arg, value] : llvm::zip(dest->getArguments(), values))
        frame.values[arg] = value;
      block = dest;
      return std::nullopt;
    };
    std::optional<Unsupported> error;
    if (auto ret = dyn_cast<ReturnOp>(terminator))
      return frame.values.lookup(ret.getValue());
    if (auto br = dyn_cast<cf::BranchOp>(terminator)) {
      error = jump(br.getDest(), br.getDestOperands());
    } else if (auto unwind = dyn_cast<UnwindBranchOp>(terminator)) {
      // Nothing the interpreter runs raises: what would is unsupported.
      error = jump(unwind.getDest(), unwind.getDestOperands());
    } else if (auto cond = dyn_cast<cf::CondBranchOp>(terminator)) {
      Val condition = frame.values.lookup(cond.getCondition());
      auto b = condition.is(Val::Constant) ? dyn_cast<BoolAttr>(condition.attr) : BoolAttr();
      if (!b) {
        frame.stoppedAt = terminator;
        return unsupported(cond.getLoc(), "a branch on a value the module body cannot know");
      }
      error = b.getValue() ? jump(cond.getTrueDest(), cond.getTrueDestOperands())
                           : jump(cond.getFalseDest(), cond.getFalseDestOperands());
    } else {
      frame.stoppedAt = terminator;
      return unsupported(terminator->getLoc(),
                         "'" + terminator->getName().getStringRef() + "'");
    }
    if (error) {
      frame.stoppedAt = terminator;
      return *error;
    }
  }
}

std::optional<Unsupported> Interpreter::execute(Operation *op, Frame &frame) {
  if (++steps > 1000000)
    return unsupported(op->getLoc(), "a module body that runs too long");
  Location loc = op->getLoc();
  auto get = [&](Value value) { return frame.values.lookup(value); };
  auto set = [&](Value value, Val v) { frame.values[value] = v; };
  auto fromResult = [&](Value value, Result result) -> std::optional<Unsupported> {
    if (auto *error = std::get_if<Unsupported>(&result))
      return *error;
    set(value, std::get<Val>(result));
    return std::nullopt;
  };
  auto lookupName = [&](StringAttr name, bool local) -> Val {
    if (local && frame.names) {
      auto it = frame.names->find(name);
      if (it != frame.names->end())
        return it->second;
    }
    auto it = globals.find(name);
    if (it != globals.end())
      return it->second;
    if (name.getValue() == "__name__")
      return Val::constant(str(moduleName));
    if (Object *cls = builtinException(("builtins." + name.getValue()).str()))
      return Val::heap(cls);
    if (llvm::is_contained(kBuiltins, name.getValue())) {
      if (name.getValue() == "object")
        return Val::heap(libraryClass("builtins.object"));
      return Val::builtin(context, name.getValue());
    }
    return Val::unknown(context, "NameError: name '" + name.getValue() + "' is not defined");
  };
  auto checkKnown = [&](Val value) -> std::optional<Unsupported> {
    if (value.is(Val::Unknown))
      return unsupported(loc, value.name());
    return std::nullopt;
  };

  auto callFrom = [&](Value result, Val callee, ArrayRef<Val> args, ArrayRef<Attribute> kwnames,
                      ArrayRef<Val> kwargs) -> std::optional<Unsupported> {
    if (auto error = checkKnown(callee))
      return error;
    Result value = callee.is(Val::Builtin)
                       ? callBuiltin(callee.name(), args, kwnames, kwargs, loc, &frame)
                       : call(callee, SmallVector<Val>(args), kwnames, kwargs, loc);
    if (auto *error = std::get_if<Unsupported>(&value)) {
      // The callee may have changed whatever it was given.
      SmallVector<Val> reached(args);
      llvm::append_range(reached, kwargs);
      reached.push_back(callee);
      markOpaque(reached);
      return *error;
    }
    set(result, std::get<Val>(value));
    return std::nullopt;
  };

  return llvm::TypeSwitch<Operation *, std::optional<Unsupported>>(op)
      .Case([&](ConstantOp c) {
        set(c.getResult(), Val::constant(c.getValue()));
        return std::nullopt;
      })
      .Case([&](NullOp n) {
        set(n.getResult(), Val::unknown(context, "an unbound local"));
        return std::nullopt;
      })
      .Case([&](LoadNameOp load) -> std::optional<Unsupported> {
        Val value = lookupName(load.getNameAttr(), true);
        if (auto error = checkKnown(value))
          return error;
        set(load.getResult(), value);
        return std::nullopt;
      })
      .Case([&](LoadGlobalOp load) -> std::optional<Unsupported> {
        Val value = lookupName(load.getNameAttr(), false);
        if (auto error = checkKnown(value))
          return error;
        set(load.getResult(), value);
        return std::nullopt;
      })
      .Case([&](StoreNameOp store) {
        auto &names = frame.names ? *frame.names : globals;
        names[store.getNameAttr()] = get(store.getValue());
        return std::nullopt;
      })
      .Case([&](StoreGlobalOp store) {
        globals[store.getNameAttr()] = get(store.getValue());
        return std::nullopt;
      })
      .Case([&](LoadBuildClassOp build) {
        set(build.getResult(), Val::builtin(context, "__build_class__"));
        return std::nullopt;
      })
      .Case([&](SetupAnnotationsOp) { return std::nullopt; })
      .Case([&](MakeCellOp make) {
        Object *cell = allocate(Object::Cell);
        Val initial = get(make.getValue());
        if (!make.getValue().getDefiningOp<NullOp>())
          cell->elements.push_back(initial);
        set(make.getCell(), Val::heap(cell));
        return std::nullopt;
      })
      .Case([&](CellGetOp getOp) -> std::optional<Unsupported> {
        Val cell = get(getOp.getCell());
        if (!cell.is(Val::Heap) || cell.object->kind != Object::Cell ||
            cell.object->elements.empty())
          return unsupported(loc, "NameError: free variable '" + getOp.getName() +
                                      "' referenced before assignment");
        set(getOp.getResult(), cell.object->elements[0]);
        return std::nullopt;
      })
      .Case([&](CellSetOp setOp) -> std::optional<Unsupported> {
        Val cell = get(setOp.getCell());
        if (!cell.is(Val::Heap) || cell.object->kind != Object::Cell)
          return unsupported(loc, "a cell the interpreter did not make");
        cell.object->elements.assign({get(setOp.getValue())});
        return std::nullopt;
      })
      .Case([&](ImportNameOp import) -> std::optional<Unsupported> {
        std::optional<int64_t> level = intOf(get(import.getLevel()));
        if (level != 0)
          return unsupported(loc, "a relative import");
        Val fromlist = get(import.getFromlist());
        // `import a.b` binds `a`; with a fromlist the result is `a.b` itself.
        StringRef name = import.getName();
        if (fromlist == none())
          name = name.split('.').first;
        set(import.getResult(), Val::module(context, name));
        return std::nullopt;
      })
      .Case([&](ImportFromOp from) -> std::optional<Unsupported> {
        Val module = get(from.getModule());
        if (!module.is(Val::Module))
          return unsupported(loc, "an import from something that is not a module");
        return fromResult(from.getResult(), getAttr(module, from.getNameAttr(), loc));
      })
      .Case([&](MakeFunctionOp make) -> std::optional<Unsupported> {
        Object *function = allocate(Object::Function);
        function->code = module.lookupSymbol<FuncOp>(make.getFunctionAttr());
        if (!function->code)
          return unsupported(loc, "a function without code");
        if (Value defaults = make.getDefaults()) {
          std::optional<SmallVector<Val>> elements = elementsOf(get(defaults));
          if (!elements)
            return unsupported(loc, "defaults that are not a tuple");
          function->defaults = *elements;
        }
        if (Value kwdefaults = make.getKwdefaults()) {
          Val dict = get(kwdefaults);
          if (!dict.is(Val::Heap) || dict.object->kind != Object::Dict)
            return unsupported(loc, "keyword-only defaults that are not a dict");
          function->kwdefaults = dict.object->dict;
        }
        if (Value closure = make.getClosure()) {
          std::optional<SmallVector<Val>> cells = elementsOf(get(closure));
          if (!cells)
            return unsupported(loc, "a closure that is not a tuple of cells");
          for (Val &cell : *cells) {
            if (!cell.is(Val::Heap) || cell.object->kind != Object::Cell)
              return unsupported(loc, "a closure that is not a tuple of cells");
            function->closure.push_back(cell.object);
          }
        }
        set(make.getResult(), Val::heap(function));
        return std::nullopt;
      })
      .Case([&](GetAttrOp attr) -> std::optional<Unsupported> {
        Val object = get(attr.getObject());
        if (auto error = checkKnown(object))
          return error;
        return fromResult(attr.getResult(), getAttr(object, attr.getNameAttr(), loc));
      })
      .Case([&](SetAttrOp setattr) -> std::optional<Unsupported> {
        Val object = get(setattr.getObject());
        Val value = get(setattr.getValue());
        if (!object.is(Val::Heap) ||
            (object.object->kind != Object::Instance && object.object->kind != Object::Class) ||
            (object.object->kind == Object::Class && object.object->library))
          return unsupported(loc, "setting an attribute of a value the module body cannot know");
        if (object.object->kind == Object::Instance &&
            lookupInMro(object.object->cls->mro, str("__setattr__")))
          return unsupported(loc, "a class with its own __setattr__");
        if (std::optional<Val> descriptor =
                object.object->kind == Object::Instance
                    ? lookupInMro(object.object->cls->mro, setattr.getNameAttr())
                    : std::nullopt;
            descriptor && descriptor->is(Val::Heap) &&
            descriptor->object->kind == Object::Property)
          return unsupported(loc, "setting a property");
        // torch.nn.Module.__setattr__ refuses a submodule before its __init__.
        if (object.object->kind == Object::Instance && isModule(object.object) &&
            !object.object->dict.count(str("training")) && value.is(Val::Heap) &&
            (isModule(value.object) || value.object->kind == Object::Parameter))
          return unsupported(
              loc, "AttributeError: cannot assign module before Module.__init__() call");
        object.object->dict[setattr.getNameAttr()] = value;
        return std::nullopt;
      })
      .Case([&](LoadSuperAttrOp super) -> std::optional<Unsupported> {
        Val fn = get(super.getSuperFn());
        if (!fn.is(Val::Builtin) || fn.name() != "super")
          return unsupported(loc, "a super that is not the builtin");
        Result proxy = callBuiltin("super", {get(super.getCls()), get(super.getSelf())}, {},
                                   {}, loc, &frame);
        if (auto *error = std::get_if<Unsupported>(&proxy))
          return *error;
        return fromResult(super.getResult(),
                          getAttr(std::get<Val>(proxy), super.getNameAttr(), loc));
      })
      .Case([&](SuperOp super) -> std::optional<Unsupported> {
        Val fn = get(super.getSuperFn());
        if (!fn.is(Val::Builtin) || fn.name() != "super")
          return unsupported(loc, "a super that is not the builtin");
        return fromResult(super.getResult(),
                          callBuiltin("super", {get(super.getCls()), get(super.getSelf())}, {},
                                      {}, loc, &frame));
      })
      .Case([&](CallOp callOp) -> std::optional<Unsupported> {
        SmallVector<Val> args, kwargs;
        for (Value arg : callOp.getPositionalArguments())
          args.push_back(get(arg));
        for (Value arg : callOp.getKeywordArguments())
          kwargs.push_back(get(arg));
        return callFrom(callOp.getResult(), get(callOp.getCallee()), args,
                        callOp.getKwnames().getValue(), kwargs);
      })
      .Case([&](CallExOp callOp) -> std::optional<Unsupported> {
        std::optional<SmallVector<Val>> args = elementsOf(get(callOp.getArgs()));
        if (!args)
          return unsupported(loc, "a call with *args the module body cannot know");
        SmallVector<Attribute> kwnames;
        SmallVector<Val> kwargs;
        if (Value kw = callOp.getKwargs()) {
          Val dict = get(kw);
          if (!dict.is(Val::Heap) || dict.object->kind != Object::Dict)
            return unsupported(loc, "a call with **kwargs the module body cannot know");
          for (auto &[key, value] : dict.object->dict) {
            kwnames.push_back(key);
            kwargs.push_back(value);
          }
        }
        return callFrom(callOp.getResult(), get(callOp.getCallee()), *args, kwnames, kwargs);
      })
      .Case([&](GetItemOp item) -> std::optional<Unsupported> {
        Val container = get(item.getObject());
        std::optional<int64_t> index = intOf(get(item.getKey()));
        std::optional<SmallVector<Val>> elements = elementsOf(container);
        if (!index || !elements || (container.is(Val::Heap) &&
                                    container.object->kind == Object::Instance))
          return unsupported(loc, "a subscript the module body cannot know");
        int64_t size = elements->size();
        int64_t i = *index < 0 ? *index + size : *index;
        if (i < 0 || i >= size)
          return unsupported(loc, "IndexError: index out of range");
        set(item.getResult(), (*elements)[i]);
        return std::nullopt;
      })
      .Case([&](BuildDictOp build) -> std::optional<Unsupported> {
        Object *dict = allocate(Object::Dict);
        for (auto [key, value] : llvm::zip(build.getKeys(), build.getValues())) {
          Val k = get(key);
          if (!k.is(Val::Constant) || !isa<StringAttr>(k.attr))
            return unsupported(loc, "a dict whose keys are not constant strings");
          dict->dict[cast<StringAttr>(k.attr)] = get(value);
        }
        set(build.getResult(), Val::heap(dict));
        return std::nullopt;
      })
      .Case([&](BuildTupleOp build) {
        SmallVector<Val> elements;
        for (Value v : build->getOperands())
          elements.push_back(get(v));
        set(build.getResult(), Val::heap(makeTuple(elements)));
        return std::nullopt;
      })
      .Case([&](BuildListOp build) {
        SmallVector<Val> elements;
        for (Value v : build->getOperands())
          elements.push_back(get(v));
        Object *list = makeTuple(elements);
        list->kind = Object::List;
        set(build.getResult(), Val::heap(list));
        return std::nullopt;
      })
      .Case([&](ListAppendOp append) -> std::optional<Unsupported> {
        Val list = get(append->getOperand(0));
        if (!list.is(Val::Heap) || list.object->kind != Object::List)
          return unsupported(loc, "appending to something that is not a list");
        list.object->elements.push_back(get(append->getOperand(1)));
        return std::nullopt;
      })
      .Case([&](ListExtendOp extend) -> std::optional<Unsupported> {
        Val list = get(extend->getOperand(0));
        std::optional<SmallVector<Val>> items = elementsOf(get(extend->getOperand(1)));
        if (!list.is(Val::Heap) || list.object->kind != Object::List || !items)
          return unsupported(loc, "extending a list with an unknown sequence");
        llvm::append_range(list.object->elements, *items);
        return std::nullopt;
      })
      .Case([&](ListToTupleOp convert) -> std::optional<Unsupported> {
        std::optional<SmallVector<Val>> items = elementsOf(get(convert->getOperand(0)));
        if (!items)
          return unsupported(loc, "a tuple of an unknown list");
        set(convert->getResult(0), Val::heap(makeTuple(*items)));
        return std::nullopt;
      })
      .Case([&](GetIterOp iter) -> std::optional<Unsupported> {
        Val value = get(iter.getValue());
        if (value.is(Val::Heap) && value.object->kind == Object::Iterator) {
          set(iter.getResult(), value);
          return std::nullopt;
        }
        std::optional<SmallVector<Val>> items = elementsOf(value);
        if (!items)
          return unsupported(loc, "iterating over a value the module body cannot know");
        Object *iterator = allocate(Object::Iterator);
        iterator->elements = *items;
        set(iter.getResult(), Val::heap(iterator));
        return std::nullopt;
      })
      .Case([&](IterNextOp next) -> std::optional<Unsupported> {
        Val iterator = get(next.getIterator());
        if (!iterator.is(Val::Heap) || iterator.object->kind != Object::Iterator)
          return unsupported(loc, "next() of something that is not an iterator");
        Object *it = iterator.object;
        bool has = it->position < it->elements.size();
        set(next.getValue(), has ? it->elements[it->position++] : none());
        set(next.getHasValue(), boolean(has));
        return std::nullopt;
      })
      .Case([&](UnpackSequenceOp unpack) -> std::optional<Unsupported> {
        std::optional<SmallVector<Val>> items = elementsOf(get(unpack.getValue()));
        if (!items || items->size() != unpack.getCount())
          return unsupported(loc, "unpacking a value of unknown length");
        for (auto [result, item] : llvm::zip(unpack.getResults(), *items))
          set(result, item);
        return std::nullopt;
      })
      .Case([&](IsOp is) {
        Val lhs = get(is.getLhs()), rhs = get(is.getRhs());
        bool known = (lhs.is(Val::Heap) || rhs.is(Val::Heap)) ||
                     (lhs.is(Val::Constant) && rhs.is(Val::Constant) &&
                      isa<NoneAttr, BoolAttr>(lhs.attr) && isa<NoneAttr, BoolAttr>(rhs.attr));
        if (!known)
          set(is.getResult(), Val::unknown(context, "an identity of values"));
        else
          set(is.getResult(), boolean((lhs == rhs) != is.getNegated()));
        return std::nullopt;
      })
      .Default([&](Operation *other) -> std::optional<Unsupported> {
        // Pure Python arithmetic, comparisons and truth on constants: the
        // ops' own folders, which compute what CPython computes.
        SmallVector<Attribute> operands;
        bool constant = true;
        for (Value operand : other->getOperands()) {
          Val value = get(operand);
          constant &= value.is(Val::Constant);
          operands.push_back(value.attr);
        }
        SmallVector<OpFoldResult> folded;
        if (constant && isa<BinaryOp, UnaryOp, CompareOp, TruthOp, ToBoolOp, BuildSliceOp>(other) &&
            succeeded(other->fold(operands, folded)) && folded.size() == other->getNumResults()) {
          for (auto [result, value] : llvm::zip(other->getResults(), folded)) {
            auto attr = dyn_cast<Attribute>(value);
            if (!attr)
              return unsupported(loc, "an operation on constants that does not fold");
            // Truth folds to an i1 for branches; the interpreter keeps bools.
            if (auto i = dyn_cast<IntegerAttr>(attr); i && i.getType().isInteger(1))
              attr = BoolAttr::get(context, i.getValue().getBoolValue());
            set(result, Val::constant(attr));
          }
          return std::nullopt;
        }
        if (isa<TruthOp, ToBoolOp>(other) && other->getNumOperands() == 1) {
          Val value = get(other->getOperand(0));
          if (value.is(Val::Heap) && (value.object->kind == Object::Class ||
                                      value.object->kind == Object::Function)) {
            set(other->getResult(0), boolean(true));
            return std::nullopt;
          }
        }
        return unsupported(loc, "'" + other->getName().getStringRef() + "'" +
                                    (constant ? "" : " on values the module body cannot know"));
      });
}

//===----------------------------------------------------------------------===//
// The module body
//===----------------------------------------------------------------------===//

LogicalResult Interpreter::run(FuncOp body) {
  Frame frame;
  frame.code = body;
  frame.names = &globals;
  frame.continueOnError = true;
  Result result = interpret(frame);
  if (importFails)
    return failure();
  if (auto *error = std::get_if<Unsupported>(&result)) {
    // The body stopped there: what it would bind from there on is unknown
    // (the objects the failing call was given are opaque already).
    Val unknown = Val::unknown(context, "the module body stops at " + describe(*error));
    auto markStores = [&](Operation *op) {
      if (isa<StoreNameOp, StoreGlobalOp, DeleteNameOp, DeleteGlobalOp>(op))
        globals[op->getAttrOfType<StringAttr>("name")] = unknown;
    };
    Operation *stop = frame.stoppedAt;
    assert(stop && "the module body stops at an op");
    for (Operation *op = stop; op; op = op->getNextNode())
      markStores(op);
    SmallVector<Block *> worklist(stop->getBlock()->getSuccessors());
    llvm::SmallPtrSet<Block *, 8> seen;
    while (!worklist.empty()) {
      Block *block = worklist.pop_back_val();
      if (!seen.insert(block).second)
        continue;
      for (Operation &op : *block)
        markStores(&op);
      llvm::append_range(worklist, block->getSuccessors());
    }
  }
  return success();
}

//===----------------------------------------------------------------------===//
// Emission
//===----------------------------------------------------------------------===//

Attribute Interpreter::toAttribute(Val value, SmallPtrSetImpl<Object *> &visiting) {
  switch (value.kind) {
  case Val::Unknown:
    return UnknownAttr::get(context, value.name());
  case Val::Constant:
    return value.attr;
  case Val::Module:
    return ModuleAttr::get(context, value.name());
  case Val::Builtin:
    return BuiltinAttr::get(context, value.name());
  case Val::Heap:
    break;
  }
  Object *object = value.object;
  if (object->kind == Object::Class || object->kind == Object::Instance) {
    auto it = symbols.find(object);
    if (it == symbols.end())
      return UnknownAttr::get(context, "an object no global reaches");
    return RefAttr::get(context, FlatSymbolRefAttr::get(context, it->second));
  }
  if (!visiting.insert(object).second)
    return UnknownAttr::get(context, "a container that holds itself");
  auto convert = [&](ArrayRef<Val> values) {
    return ArrayAttr::get(context, llvm::to_vector(llvm::map_range(values, [&](const Val &v) {
                            return toAttribute(v, visiting);
                          })));
  };
  Attribute result;
  switch (object->kind) {
  case Object::Function: {
    SmallVector<Val> cells;
    for (Object *cell : object->closure)
      cells.push_back(cell->elements.empty() ? Val::unknown(context, "an empty cell")
                                             : cell->elements[0]);
    SmallVector<NamedAttribute> kwdefaults;
    for (auto &[name, v] : object->kwdefaults)
      kwdefaults.emplace_back(name, toAttribute(v, visiting));
    result = FunctionAttr::get(
        context, FlatSymbolRefAttr::get(object->code.getSymNameAttr()),
        object->defaults.empty() ? ArrayAttr() : convert(object->defaults),
        kwdefaults.empty() ? DictionaryAttr() : DictionaryAttr::get(context, kwdefaults),
        cells.empty() ? ArrayAttr() : convert(cells));
    break;
  }
  case Object::Tuple:
    result = convert(object->elements);
    break;
  case Object::List:
    result = object->opaque ? Attribute(UnknownAttr::get(context, "a list unknown code may have changed"))
                            : ListAttr::get(context, convert(object->elements));
    break;
  case Object::BoundMethod:
    // A method of a function the module defines; a library method stays
    // unknown.
    if (object->function.is(Val::Heap) && object->function.object->kind == Object::Function)
      result = MethodAttr::get(context, toAttribute(object->function, visiting),
                               toAttribute(object->self, visiting));
    else
      result = UnknownAttr::get(context, "a method of a library function");
    break;
  case Object::StaticMethod:
    result = StaticMethodAttr::get(context, toAttribute(object->function, visiting));
    break;
  case Object::ClassMethod:
    result = ClassMethodAttr::get(context, toAttribute(object->function, visiting));
    break;
  case Object::Property:
    result = PropertyAttr::get(context, toAttribute(object->elements[0], visiting),
                               toAttribute(object->elements[1], visiting),
                               toAttribute(object->elements[2], visiting));
    break;
  case Object::Parameter:
    result = ParameterAttr::get(context, object->tensorType, object->requiresGrad);
    break;
  case Object::Partial: {
    SmallVector<Attribute> names;
    SmallVector<Val> values;
    for (auto &[name, value] : object->dict) {
      names.push_back(name);
      values.push_back(value);
    }
    result = PartialAttr::get(context, toAttribute(object->function, visiting),
                              convert(object->elements), ArrayAttr::get(context, names),
                              convert(values));
    break;
  }
  default:
    result = UnknownAttr::get(context, "an object Dynamir does not model");
    break;
  }
  visiting.erase(object);
  return result;
}

void Interpreter::name(Val value, tg::SourceAttr source) {
  if (!value.is(Val::Heap))
    return;
  Object *object = value.object;
  // Containers are named through: their elements are reached by index.
  if (object->kind == Object::Tuple || object->kind == Object::List) {
    if (!sources.try_emplace(object, source).second)
      return;
    for (auto [i, element] : llvm::enumerate(object->elements))
      name(element, source ? source.item(i) : source);
    return;
  }
  if (object->kind != Object::Class && object->kind != Object::Instance)
    return;
  if (symbols.count(object))
    return;
  if (object->kind == Object::Class && object->library)
    symbols[object] = object->qualified;
  else if (source)
    symbols[object] = source.str();
  else
    return;
  sources[object] = source;
  order.push_back(object);
}

void Interpreter::emit(OpBuilder &builder) {
  symbols.clear();
  order.clear();
  // Sources breadth-first, so each object is named by its shortest path:
  // globals first, then their attributes, then the classes they need.
  for (auto &[key, value] : globals)
    name(value, tg::SourceAttr::getGlobal(context, key.getValue()));
  // The builtin exception classes the code names: what it raises and
  // catches are instances of them.
  bool catches = false;
  module.walk([&](Operation *op) {
    catches |= isa<LandingPadOp>(op);
    if (!isa<LoadGlobalOp, LoadNameOp>(op))
      return;
    auto key = op->getAttrOfType<StringAttr>("name");
    if (!globals.count(key))
      if (Object *cls = builtinException(("builtins." + key.getValue()).str()))
        name(Val::heap(cls), tg::SourceAttr());
  });
  // Where the code defines a torch.autograd.Function, the class of the
  // context its `apply` makes.
  Object *function = libraryClasses.lookup("torch.autograd.Function");
  if (function && llvm::any_of(order, [&](Object *object) {
        return object->kind == Object::Class && object != function &&
               llvm::is_contained(object->mro, function);
      }))
    name(Val::heap(libraryClass("torch.autograd.function.FunctionCtx")), tg::SourceAttr());
  // Where the code has handlers, those the program's own operations raise
  // (a division by zero, a missing key, an index out of range), which a
  // handler may catch.
  if (catches)
    for (StringRef raised : kRaisedByOperations)
      name(Val::heap(builtinException(("builtins." + raised).str())), tg::SourceAttr());
  for (size_t i = 0; i < order.size(); ++i) {
    Object *object = order[i];
    tg::SourceAttr source = sources.lookup(object);
    if (object->kind == Object::Instance) {
      name(Val::heap(object->cls), source ? source.type() : source);
      for (auto &[key, value] : object->dict) {
        // The elements of ModuleList and Sequential are read by index.
        int64_t index;
        bool element = object->cls->library && !key.getValue().getAsInteger(10, index);
        name(value, !source ? source : element ? source.item(index) : source.attr(key.getValue()));
      }
    } else {
      for (auto [i, base] : llvm::enumerate(object->mro))
        name(Val::heap(base), source ? source.attr("__mro__").item(i) : source);
      for (auto &[key, value] : object->dict)
        name(value, source ? source.attr(key.getValue()) : source);
    }
  }
  // Library classes first, each after its bases.
  SmallVector<Object *> sorted;
  for (Object *o : order)
    if (o->kind == Object::Class && o->library)
      sorted.push_back(o);
  llvm::sort(sorted, [](Object *a, Object *b) {
    return std::make_pair(a->mro.size(), StringRef(a->qualified)) <
           std::make_pair(b->mro.size(), StringRef(b->qualified));
  });
  for (Object *o : order)
    if (!(o->kind == Object::Class && o->library))
      sorted.push_back(o);
  order = std::move(sorted);
  auto globalsOp = builder.create<GlobalsOp>(module.getLoc());
  OpBuilder::InsertionGuard guard(builder);
  builder.setInsertionPointToStart(&globalsOp.getBody().front());
  SmallPtrSet<Object *, 8> visiting;
  for (auto &[key, value] : globals) {
    Attribute attr = toAttribute(value, visiting);
    numUnknown += isa<UnknownAttr>(attr);
    builder.create<GlobalOp>(module.getLoc(), key, attr);
  }
  builder.setInsertionPointAfter(globalsOp);
  auto refs = [&](ArrayRef<Object *> classes) {
    return builder.getArrayAttr(llvm::to_vector(llvm::map_range(classes, [&](Object *c) {
      return Attribute(FlatSymbolRefAttr::get(context, symbols[c]));
    })));
  };
  for (Object *object : order) {
    Block *body;
    if (object->kind == Object::Class) {
      auto cls = builder.create<ClassOp>(object->loc, symbols[object], object->name,
                                         refs(object->bases), refs(object->mro), object->library);
      body = &cls.getBody().front();
      ++numClasses;
    } else {
      auto obj = builder.create<ObjectOp>(object->loc, symbols[object],
                                          FlatSymbolRefAttr::get(context, symbols[object->cls]));
      if (object->opaque)
        obj.setOpaque(true);
      else if (object->hasContents)
        obj.setContentsAttr(ArrayAttr::get(
            context, llvm::to_vector(llvm::map_range(object->elements, [](const Val &v) {
              return v.attr;
            }))));
      body = &obj.getBody().front();
      ++numObjects;
    }
    OpBuilder::InsertionGuard memberGuard(builder);
    builder.setInsertionPointToEnd(body);
    if (!object->opaque)
      for (auto &[key, value] : object->dict)
        builder.create<MemberOp>(object->loc, key, toAttribute(value, visiting));
  }
}

namespace {
struct BuildEnvironmentPass
    : dynamir::py::impl::BuildEnvironmentBase<BuildEnvironmentPass> {
  void runOnOperation() override {
    ModuleOp module = getOperation();
    // Built once: a second run would see its own symbols.
    if (!module.getOps<GlobalsOp>().empty())
      return;
    auto bodyName = module->getAttrOfType<FlatSymbolRefAttr>("py.module");
    auto body = bodyName ? module.lookupSymbol<FuncOp>(bodyName) : FuncOp();
    if (!body || body.isExternal()) {
      module.emitError("no module body: the module needs `py.module` naming the "
                       "py.func of its body (dynamir-translate --import-pyc makes it)");
      return signalPassFailure();
    }
    Interpreter interpreter(module);
    if (failed(interpreter.run(body)))
      return signalPassFailure();
    OpBuilder builder(module.getBodyRegion());
    builder.setInsertionPointToStart(module.getBody());
    interpreter.emit(builder);
    numClasses += interpreter.numClasses;
    numObjects += interpreter.numObjects;
    numUnknown += interpreter.numUnknown;
  }
};
} // namespace
