//===- Environment.h - Looking up the static environment --------*- C++ -*-===//
//
// What the capture passes read from the `py.globals`, `py.class` and
// `py.object` ops that py-build-environment wrote: the value of a global, and
// attribute lookup on classes and objects as Python does it.
//
//===----------------------------------------------------------------------===//

#ifndef DYNAMIR_LIB_DIALECT_PY_TRANSFORMS_ENVIRONMENT_H
#define DYNAMIR_LIB_DIALECT_PY_TRANSFORMS_ENVIRONMENT_H

#include "dynamir/Dialect/Py/IR/PyOps.h"

#include "mlir/IR/BuiltinOps.h"
#include "llvm/ADT/StringMap.h"
#include "llvm/ADT/StringSet.h"

namespace dynamir::py {

/// The result of looking up an attribute on a class or object.
struct AttributeLookup {
  /// The value found: in the object's own attributes, or in the `__dict__`
  /// of `owner`, the first class of the MRO that has it.
  mlir::Attribute value;
  ClassOp owner;
  /// Whether `value` came from a class and binds as a method would: a
  /// function found through an instance binds it as `self`, a classmethod
  /// binds the class, a property calls its getter.
  bool fromClass = false;
};

class Environment {
public:
  Environment() = default;
  explicit Environment(mlir::ModuleOp module);

  /// The value the module body leaves global `name` bound to; null where it
  /// is unbound, unknown, or some function rebinds or deletes it (then the
  /// value the entry sees is not the module body's).
  mlir::Attribute lookupGlobal(llvm::StringRef name) const;

  /// Whether a load of global `name` reads the builtin: the module body does
  /// not bind it and no code rebinds it.
  bool isBuiltin(llvm::StringRef name) const;

  /// Whether `name` is in `builtins` in every supported CPython (`site`'s
  /// additions, such as `exit`, aside): a load of it that isBuiltin cannot
  /// raise.
  static bool isBuiltinName(llvm::StringRef name);

  ClassOp lookupClass(mlir::FlatSymbolRefAttr symbol) const;
  ObjectOp lookupObject(mlir::FlatSymbolRefAttr symbol) const;

  /// The class of a referenced object, or null.
  ClassOp getClassOf(ObjectOp object) const;

  /// `getattr(obj, name)` on an object or class of the environment, as
  /// Python looks it up (data descriptors of the class, then the instance's
  /// attributes, then the class's MRO); nothing when the object is opaque or
  /// has no such attribute.
  std::optional<AttributeLookup> lookupAttribute(mlir::Operation *symbol,
                                                 llvm::StringRef name) const;

  /// The first class of `cls`'s MRO whose `__dict__` holds `name`.
  std::optional<AttributeLookup> lookupInMro(ClassOp cls, llvm::StringRef name) const;

  /// Whether `cls` derives from the class named `qualified` (a library
  /// class such as "torch.nn.Module").
  bool isSubclassOf(ClassOp cls, llvm::StringRef qualified) const;

private:
  mlir::ModuleOp module;
  bool built = false;
  llvm::StringMap<mlir::Attribute> globals;
  /// Globals some function stores or deletes with STORE_GLOBAL/DELETE_GLOBAL.
  llvm::StringSet<> rebound;
  llvm::StringMap<mlir::Operation *> symbols;
};

/// The capture entry the module names with `py.entry`; where there is
/// none, an error on the module and null.
FuncOp getCaptureEntry(mlir::ModuleOp module);

} // namespace dynamir::py

#endif // DYNAMIR_LIB_DIALECT_PY_TRANSFORMS_ENVIRONMENT_H
