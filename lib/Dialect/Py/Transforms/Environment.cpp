//===- Environment.cpp - Looking up the static environment ----------------===//

#include "Environment.h"

#include <algorithm>

using namespace mlir;
using namespace dynamir::py;

Environment::Environment(ModuleOp module) : module(module) {
  for (Operation &op : *module.getBody()) {
    if (auto globalsOp = dyn_cast<GlobalsOp>(op)) {
      built = true;
      for (Operation &entry : globalsOp.getBody().front())
        if (auto global = dyn_cast<GlobalOp>(entry))
          globals[global.getName()] = global.getValue();
    } else if (isa<ClassOp, ObjectOp>(op)) {
      symbols[SymbolTable::getSymbolName(&op).getValue()] = &op;
    }
  }
  // The module body's own stores are what the environment holds; a function
  // that stores a global may run before or during the entry.
  auto bodyName = module->getAttrOfType<FlatSymbolRefAttr>("py.module");
  for (auto function : module.getOps<FuncOp>()) {
    if (bodyName && function.getSymName() == bodyName.getValue())
      continue;
    function.walk([&](Operation *op) {
      if (isa<StoreGlobalOp, DeleteGlobalOp>(op))
        rebound.insert(op->getAttrOfType<StringAttr>("name").getValue());
    });
  }
}

Attribute Environment::lookupGlobal(StringRef name) const {
  if (rebound.contains(name))
    return {};
  Attribute value = globals.lookup(name);
  return isa_and_nonnull<UnknownAttr>(value) ? Attribute() : value;
}

bool Environment::isBuiltin(StringRef name) const {
  return built && !globals.count(name) && !rebound.contains(name);
}

bool Environment::isBuiltinName(StringRef name) {
  // dir(builtins) of 3.11, 3.12 and 3.13, without the private names; sorted.
  static const StringRef names[] = {
      "ArithmeticError", "AssertionError", "AttributeError", "BaseException",
      "BaseExceptionGroup", "BlockingIOError", "BrokenPipeError", "BufferError",
      "BytesWarning", "ChildProcessError", "ConnectionAbortedError",
      "ConnectionError", "ConnectionRefusedError", "ConnectionResetError",
      "DeprecationWarning", "EOFError", "Ellipsis", "EncodingWarning",
      "EnvironmentError", "Exception", "ExceptionGroup", "False", "FileExistsError",
      "FileNotFoundError", "FloatingPointError", "FutureWarning", "GeneratorExit",
      "IOError", "ImportError", "ImportWarning", "IndentationError", "IndexError",
      "InterruptedError", "IsADirectoryError", "KeyError", "KeyboardInterrupt",
      "LookupError", "MemoryError", "ModuleNotFoundError", "NameError", "None",
      "NotADirectoryError", "NotImplemented", "NotImplementedError", "OSError",
      "OverflowError", "PendingDeprecationWarning", "PermissionError",
      "ProcessLookupError", "RecursionError", "ReferenceError", "ResourceWarning",
      "RuntimeError", "RuntimeWarning", "StopAsyncIteration", "StopIteration",
      "SyntaxError", "SyntaxWarning", "SystemError", "SystemExit", "TabError",
      "TimeoutError", "True", "TypeError", "UnboundLocalError",
      "UnicodeDecodeError", "UnicodeEncodeError", "UnicodeError",
      "UnicodeTranslateError", "UnicodeWarning", "UserWarning", "ValueError",
      "Warning", "ZeroDivisionError", "abs", "aiter", "all", "anext", "any",
      "ascii", "bin", "bool", "breakpoint", "bytearray", "bytes", "callable", "chr",
      "classmethod", "compile", "complex", "delattr", "dict", "dir", "divmod",
      "enumerate", "eval", "exec", "filter", "float", "format", "frozenset",
      "getattr", "globals", "hasattr", "hash", "hex", "id", "input", "int",
      "isinstance", "issubclass", "iter", "len", "list", "locals", "map", "max",
      "memoryview", "min", "next", "object", "oct", "open", "ord", "pow", "print",
      "property", "range", "repr", "reversed", "round", "set", "setattr", "slice",
      "sorted", "staticmethod", "str", "sum", "super", "tuple", "type", "vars",
      "zip"
  };
  return std::binary_search(std::begin(names), std::end(names), name);
}

ClassOp Environment::lookupClass(FlatSymbolRefAttr symbol) const {
  return dyn_cast_or_null<ClassOp>(symbols.lookup(symbol.getValue()));
}

ObjectOp Environment::lookupObject(FlatSymbolRefAttr symbol) const {
  return dyn_cast_or_null<ObjectOp>(symbols.lookup(symbol.getValue()));
}

ClassOp Environment::getClassOf(ObjectOp object) const {
  return lookupClass(object.getClsAttr());
}

std::optional<AttributeLookup> Environment::lookupInMro(ClassOp cls, StringRef name) const {
  for (auto ref : cls.getMro().getAsRange<FlatSymbolRefAttr>()) {
    ClassOp base = lookupClass(ref);
    if (!base)
      return std::nullopt;
    if (MemberOp member = base.lookupMember(name))
      return AttributeLookup{member.getValue(), base, true};
  }
  return std::nullopt;
}

std::optional<AttributeLookup> Environment::lookupAttribute(Operation *symbol,
                                                            StringRef name) const {
  if (auto cls = dyn_cast_or_null<ClassOp>(symbol))
    return lookupInMro(cls, name);
  auto object = dyn_cast_or_null<ObjectOp>(symbol);
  if (!object || object.getOpaque())
    return std::nullopt;
  ClassOp cls = getClassOf(object);
  if (!cls)
    return std::nullopt;
  std::optional<AttributeLookup> fromClass = lookupInMro(cls, name);
  // A property (a data descriptor) wins over the instance's attributes.
  if (fromClass && isa<PropertyAttr>(fromClass->value))
    return fromClass;
  if (MemberOp member = object.lookupMember(name))
    return AttributeLookup{member.getValue(), {}, false};
  return fromClass;
}

bool Environment::isSubclassOf(ClassOp cls, StringRef qualified) const {
  return llvm::any_of(cls.getMro().getAsRange<FlatSymbolRefAttr>(),
                      [&](FlatSymbolRefAttr ref) { return ref.getValue() == qualified; });
}

FuncOp dynamir::py::getCaptureEntry(ModuleOp module) {
  auto name = module->getAttrOfType<FlatSymbolRefAttr>("py.entry");
  auto entry = name ? module.lookupSymbol<FuncOp>(name) : FuncOp();
  if (!entry || entry.isExternal()) {
    module.emitError("no capture entry: the module needs `py.entry` naming a "
                     "py.func (dynamir-translate --entry=...)");
    return {};
  }
  return entry;
}
