//===- Super.h - super() lookup through the MRO ------------------*- C++ -*-===//
//
// Dynamo's SuperVariable: `super(T, obj).name` walks the MRO of `type(obj)`
// (of `obj` itself when it is a class) after `T`, reading each class's
// `__dict__` directly, as CPython's super_getattro does.
//
//===----------------------------------------------------------------------===//

#ifndef DYNAMIR_LIB_DIALECT_PY_TRANSFORMS_SUPER_H
#define DYNAMIR_LIB_DIALECT_PY_TRANSFORMS_SUPER_H

#include "ResolveEnvironment.h"

#include "dynamir/Dialect/Py/IR/PyOps.h"
#include "dynamir/Dialect/TG/IR/TGOps.h"

namespace dynamir::py {

/// Where `super(T, obj).name` found `name`.
struct SuperLookup {
  /// `type(obj)`, or `obj` when it is a class.
  ClassOp searched;
  /// Whether `obj` is a class (then a classmethod binds it, not its type).
  bool objectIsClass = false;
  /// The class whose `__dict__` holds the name, and its index in the MRO.
  ClassOp owner;
  int64_t index = 0;
  /// What the `__dict__` holds; null for `object.__init__`, which the
  /// environment does not spell out.
  mlir::Attribute value;
  /// `type(G['c']).__mro__[1].name`; null where `obj` has no source (a
  /// class known only by symbol).
  tg::SourceAttr source;
};

/// The class `value` is known to be: a `py.class_ref`, or a class of the
/// environment under ID_MATCH.
ClassOp getKnownClass(const Environment &env, mlir::Value value);

/// The lookup `getattr(super, name)` makes, where `super` is a `py.super` of
/// the builtin `super` on a known class and a known object or class; null
/// where Dynamir cannot resolve it (Dynamo's "Unable to resolve super
/// getattr"): an unknown operand, `T` not in the MRO (CPython's TypeError),
/// a library class on the way (its `__dict__` is not spelled out), or no
/// class that has the name.
std::optional<SuperLookup> lookupSuper(const Environment &env, SuperOp super,
                                       llvm::StringRef name);

/// `cls.__mro__[index].name`, read: what a guard on a member found through
/// `super()` of an instance the region made reads (the instance has no
/// source; its class does).
mlir::Value readFromMro(mlir::OpBuilder &builder, mlir::Location loc, mlir::Value cls,
                        int64_t index, llvm::StringRef name);

void populateResolveSuperPatterns(mlir::RewritePatternSet &patterns, ResolveState &state);

} // namespace dynamir::py

#endif // DYNAMIR_LIB_DIALECT_PY_TRANSFORMS_SUPER_H
