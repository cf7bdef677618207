//===- Objects.h - Instances the captured function creates ------*- C++ -*-===//
//
// Dynamo tracks the objects a traced function creates (its side effects'
// `track_object_new`) and their attribute stores. Here an instance is a
// `py.new_object` value, and its attributes are the stores on it: a read
// walks back from itself to the store that last wrote the name, or to the
// instance's creation, after which the class answers.
//
//===----------------------------------------------------------------------===//

#ifndef DYNAMIR_LIB_DIALECT_PY_TRANSFORMS_OBJECTS_H
#define DYNAMIR_LIB_DIALECT_PY_TRANSFORMS_OBJECTS_H

#include "ResolveEnvironment.h"

#include "dynamir/Dialect/Py/IR/PyOps.h"

#include "mlir/IR/PatternMatch.h"

namespace dynamir::py {

/// How instances of a class behave, where Dynamir models them: the MRO
/// holds user classes, `object` and `torch.nn.Module`, and no user class
/// defines `__getattribute__` or `__slots__`.
struct InstanceModel {
  ClassOp cls;
  /// Whether `torch.nn.Module` is in the MRO.
  bool module = false;
  /// User functions that take the place of object's generic attribute
  /// access: a store runs `__setattr__`, a deletion `__delattr__`, a read of
  /// a missing name `__getattr__`.
  bool customSetAttr = false;
  bool customDelAttr = false;
  bool customGetAttr = false;
};

std::optional<InstanceModel> getInstanceModel(const Environment &env, ClassOp cls);

/// The model of an instance the region made, from the class it was made of.
std::optional<InstanceModel> getInstanceModel(const Environment &env, NewObjectOp object);

/// What a member found through the MRO of a modelled class is: a value of
/// a user class's `__dict__` (`value`, `owner`), or the slot of a library
/// class Dynamir knows (`owner` alone: `object.__init__`,
/// `nn.Module.__init__`, ...).
struct ClassMember {
  mlir::Attribute value;
  ClassOp owner;
};

/// `name` in the MRO of `model.cls` from position `start`; nothing where no
/// class has it, or where a library class may have it without Dynamir
/// knowing (a method of `nn.Module` such as `train`).
std::optional<ClassMember> lookupClassMember(const Environment &env, ClassOp cls,
                                             llvm::StringRef name, size_t start = 0);

/// Whether a library class Dynamir models holds `name` in its `__dict__`
/// (`object.__setattr__`, `nn.Module.__init__`, ...); none where Dynamir
/// does not know.
std::optional<bool> libraryClassHas(ClassOp cls, llvm::StringRef name);

/// What `object.name` holds just before `at`, as the stores since the
/// object was made tell it: the value a store left (`Stored`), nothing in
/// the instance's `__dict__` (`Absent`: the class answers), or `Unknown`
/// where code Dynamir does not follow may have changed it, a data
/// descriptor of the class takes the name, or the path from the creation
/// to `at` is not a straight line.
struct InstanceAttribute {
  enum Kind { Unknown, Stored, Absent } kind = Unknown;
  mlir::Value value;
  /// The store (for Stored).
  mlir::Operation *store = nullptr;
};

InstanceAttribute findInstanceAttribute(const Environment &env, NewObjectOp object,
                                        llvm::StringRef name, mlir::Operation *at);

/// Whether `nn.Module.__init__` has run on `object` before `at`.
bool isModuleInitialized(const Environment &env, NewObjectOp object, mlir::Operation *at);

/// Makes what `nn.Module.__init__(obj)` does that Dynamir models: `training`
/// set to True.
void emitModuleInit(mlir::OpBuilder &builder, mlir::Location loc, mlir::Value object);

void populateResolveObjectsPatterns(mlir::RewritePatternSet &patterns, ResolveState &state);

} // namespace dynamir::py

#endif // DYNAMIR_LIB_DIALECT_PY_TRANSFORMS_OBJECTS_H
