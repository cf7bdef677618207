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
/// holds user classes, `object`, and either `torch.nn.Module` or one of
/// `tuple`, `list`, `dict` and `set`; no user class defines
/// `__getattribute__`, and none defines `__slots__` other than `()`.
struct InstanceModel {
  ClassOp cls;
  /// Whether `torch.nn.Module` is in the MRO.
  bool module = false;
  /// The builtin container class in the MRO (`builtins.list`, ...), whose
  /// instances hold their contents in `py.new_object`'s `contents`.
  ClassOp container;
  /// The first builtin exception class in the MRO (`builtins.ValueError`),
  /// whose fields (`args`, `__context__`, ...) `py.exception_store` sets.
  ClassOp exception;
  /// Whether the instance is the context of a torch.autograd.Function
  /// (`torch.autograd.function.FunctionCtx`, kFunctionCtx).
  bool autogradContext = false;
  /// Whether every user class sets `__slots__ = ()`: the instance has no
  /// `__dict__`, and a store raises AttributeError.
  bool noDict = false;
  /// User functions that take the place of object's generic attribute
  /// access: a store runs `__setattr__`, a deletion `__delattr__`, a read of
  /// a missing name `__getattr__`.
  bool customSetAttr = false;
  bool customDelAttr = false;
  bool customGetAttr = false;
};

/// The library class of a torch.autograd.Function's context.
inline constexpr llvm::StringLiteral kFunctionCtx = "torch.autograd.function.FunctionCtx";

std::optional<InstanceModel> getInstanceModel(const Environment &env, ClassOp cls);

/// `tuple`, `list`, `dict` or `set` where `cls` is that builtin's library
/// class; empty otherwise.
llvm::StringRef getContainerKind(ClassOp cls);

/// Whether the member `name` of `model.container`, read from an instance,
/// is the same member read from its contents: a method that acts on the
/// container alone and returns no reference to `self`. Not `__init__`,
/// `__new__` and the classmethods (which know the class), nor the in-place
/// operators (which return the instance), nor dict's `__getitem__` where the
/// class defines `__missing__`.
bool isContentsMember(const Environment &env, const InstanceModel &model, llvm::StringRef name);

/// An instance whose builtin container part Dynamir knows: one the region
/// made of a container subclass (`py.new_object` with `contents`), or an
/// object of the environment whose class subclasses tuple (its constant
/// `contents`, which its ID_MATCH fixes: a tuple does not change).
struct ContainerInstance {
  InstanceModel model;
  NewObjectOp made;
  ObjectOp object;
};

std::optional<ContainerInstance> getContainerInstance(const Environment &env, mlir::Value value);

/// The contents of `instance`: the new object's, or a constant tuple made
/// at `builder`'s insertion point.
mlir::Value getContents(mlir::OpBuilder &builder, mlir::Location loc,
                        const ContainerInstance &instance);

/// Whether `use` is the `contents` of a `py.new_object` whose own uses
/// cannot reach them: stores, deletions and reads of its plain attributes
/// (no `__setattr__`, `__delattr__` or `__getattr__` of its own), guards,
/// `is`. The container folds take such a use as a read: the instance holds
/// its contents, but no code left can see them through it.
bool isContentsHolder(const Environment &env, mlir::OpOperand &use);

/// Makes the contents `kind.__new__(cls, *args)` gives an instance: an
/// empty list, dict or set (which take no arguments here), or the tuple of
/// `args[0]`. Null, having made nothing, for arguments CPython refuses or
/// Dynamir does not model.
mlir::Value emitContainerContents(mlir::OpBuilder &builder, mlir::Location loc,
                                  const Environment &env, llvm::StringRef kind,
                                  mlir::ValueRange args, mlir::ArrayAttr kwnames);

/// Makes what `kind.__init__(obj, *args)` does to the contents of `obj`:
/// `list` clears and extends, `set` clears and updates, `dict` updates.
/// `fresh` contents are known empty, so nothing is cleared. False, having
/// made nothing, for arguments CPython refuses or Dynamir does not model.
bool emitContainerInit(mlir::OpBuilder &builder, mlir::Location loc, const Environment &env,
                       llvm::StringRef kind, mlir::Value contents, mlir::ValueRange args,
                       mlir::ArrayAttr kwnames, bool fresh);

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

/// Whether `read`, of an attribute of an instance the region made, finds
/// it without running code and without raising: a store left it, or the
/// class holds it (no property, no `__getattr__`).
bool isKnownRead(const Environment &env, GetAttrOp read);

/// Whether no class of `cls`'s MRO holds `name`, as far as Dynamir knows
/// every one of them: a read of it on an instance with nothing stored
/// under it raises AttributeError.
bool isAbsentFromClass(const Environment &env, ClassOp cls, llvm::StringRef name);

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

/// Whether `op`, which may raise in general, cannot here: a read of the
/// environment a guard checks, a plain store on an instance Dynamir
/// models, or a method of a list display that takes no chances (`append`).
bool cannotRaise(const Environment &env, mlir::Operation *op);

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
