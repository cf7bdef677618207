//===- Objects.cpp - Instances the captured function creates --------------===//
//
// A call of a user class becomes `py.new_object` and a call of its
// `__init__` (which py-inline-functions inlines); the stores `__init__`
// makes are `py.setattr` ops on the instance, and a read of the instance
// is the value the last store before it left, or the class's attribute
// where none did. An instance that only stores see goes.
//
//===----------------------------------------------------------------------===//

#include "Objects.h"

#include "Super.h"

#include "dynamir/Dialect/Py/IR/PyAttributes.h"
#include "dynamir/Dialect/Py/Transforms/Passes.h"

#include "llvm/ADT/SmallPtrSet.h"

namespace dynamir::py {
#define GEN_PASS_DEF_RESOLVEOBJECTS
#include "dynamir/Dialect/Py/Transforms/Passes.h.inc"
} // namespace dynamir::py

using namespace mlir;
using namespace dynamir;
using namespace dynamir::py;

namespace {
bool isDunder(StringRef name) {
  return name.size() > 4 && name.starts_with("__") && name.ends_with("__");
}

/// The source of the guard that made `value` known.
tg::SourceAttr getSourceOf(Value value) {
  auto guard = dyn_cast_or_null<tg::GuardOpInterface>(value.getDefiningOp());
  return guard ? guard.getSource() : tg::SourceAttr();
}
} // namespace

std::optional<bool> dynamir::py::libraryClassHas(ClassOp cls, StringRef name) {
  if (cls.getSymName() == "builtins.object") {
    // object's `__dict__`, the same in 3.11 to 3.13 (`__getstate__` is 3.11's).
    static constexpr StringLiteral kObject[] = {
        "__new__",         "__init__",      "__repr__",       "__hash__",
        "__str__",         "__getattribute__", "__setattr__", "__delattr__",
        "__lt__",          "__le__",        "__eq__",         "__ne__",
        "__gt__",          "__ge__",        "__reduce_ex__",  "__reduce__",
        "__getstate__",    "__subclasshook__", "__init_subclass__", "__format__",
        "__sizeof__",      "__dir__",       "__class__",      "__doc__"};
    return llvm::is_contained(kObject, name);
  }
  if (cls.getSymName() == "torch.nn.Module") {
    // What Dynamir models of nn.Module; its many methods (`train`, `to`, ...)
    // it does not list.
    if (llvm::is_contained({"__init__", "__call__", "__setattr__", "__getattr__",
                            "__delattr__", "__setstate__", "__repr__", "__dir__"},
                           name))
      return true;
    if (llvm::is_contained({"__new__", "__getattribute__"}, name))
      return false;
  }
  return std::nullopt;
}

std::optional<ClassMember> dynamir::py::lookupClassMember(const Environment &env, ClassOp cls,
                                                          StringRef name, size_t start) {
  if (!cls)
    return std::nullopt;
  ArrayRef<Attribute> mro = cls.getMro().getValue();
  for (size_t i = start; i < mro.size(); ++i) {
    ClassOp base = env.lookupClass(cast<FlatSymbolRefAttr>(mro[i]));
    if (!base)
      return std::nullopt;
    if (!base.getLibrary()) {
      if (MemberOp member = base.lookupMember(name))
        return ClassMember{member.getValue(), base};
      continue;
    }
    std::optional<bool> has = libraryClassHas(base, name);
    if (!has)
      return std::nullopt;
    if (*has)
      return ClassMember{Attribute(), base};
  }
  return std::nullopt;
}

std::optional<InstanceModel> dynamir::py::getInstanceModel(const Environment &env, ClassOp cls) {
  if (!cls || cls.getLibrary())
    return std::nullopt;
  InstanceModel model;
  model.cls = cls;
  for (auto ref : cls.getMro().getAsRange<FlatSymbolRefAttr>()) {
    ClassOp base = env.lookupClass(ref);
    if (!base)
      return std::nullopt;
    if (base.getLibrary()) {
      if (base.getSymName() == "torch.nn.Module")
        model.module = true;
      else if (base.getSymName() != "builtins.object")
        return std::nullopt;
      continue;
    }
    if (base.lookupMember("__getattribute__") || base.lookupMember("__slots__"))
      return std::nullopt;
  }
  auto isUser = [&](StringRef name) {
    std::optional<ClassMember> found = lookupClassMember(env, cls, name);
    return found && !found->owner.getLibrary();
  };
  model.customSetAttr = isUser("__setattr__");
  model.customDelAttr = isUser("__delattr__");
  model.customGetAttr = isUser("__getattr__");
  return model;
}

std::optional<InstanceModel> dynamir::py::getInstanceModel(const Environment &env,
                                                           NewObjectOp object) {
  return getInstanceModel(env, getKnownClass(env, object.getCls()));
}

namespace {
/// Whether a member of a class's `__dict__` is read, stored over and
/// deleted without running code: not a property, nor an object that may be
/// a descriptor (only classes, functions, constants, modules are known not
/// to be).
bool isPlainMember(const Environment &env, Attribute member) {
  if (!member)
    return true;
  if (auto ref = dyn_cast<RefAttr>(member))
    return static_cast<bool>(env.lookupClass(ref.getSymbol()));
  return !isa<PropertyAttr, UnknownAttr>(member);
}

/// Whether a store of `name` goes to the instance's `__dict__` and a read
/// finds it there: no data descriptor of the class takes the name, and it
/// is not one of object's own (`__class__`, `__dict__`).
bool isInstanceName(const Environment &env, const InstanceModel &model, StringRef name) {
  if (isDunder(name))
    return false;
  std::optional<ClassMember> found = lookupClassMember(env, model.cls, name);
  return !found || isPlainMember(env, found->value);
}

/// Whether `value` is `object` or reaches it: a `super()` of it, an
/// attribute read from it (a bound method), a guard of one.
bool reaches(Value value, Value object, unsigned depth = 0) {
  if (value == object)
    return true;
  Operation *def = value.getDefiningOp();
  if (!def)
    return false;
  if (depth > 8)
    return true;
  if (auto super = dyn_cast<SuperOp>(def))
    return reaches(super.getSelf(), object, depth + 1);
  if (auto attr = dyn_cast<GetAttrOp>(def))
    return reaches(attr.getObject(), object, depth + 1);
  if (auto guard = dyn_cast<tg::GuardOpInterface>(def))
    return reaches(guard.getGuarded(), object, depth + 1);
  return false;
}

/// Whether `op`, which uses `object` (or what reaches it), leaves the
/// instance's attributes as they were and runs no code that could change
/// them.
bool keepsAttributes(const Environment &env, const InstanceModel &model, Value object,
                     Operation *op) {
  if (isa<SuperOp, IsOp, tg::GuardOpInterface, tg::AssumeOp>(op))
    return true;
  auto attr = dyn_cast<GetAttrOp>(op);
  if (!attr)
    return false;
  StringRef name = attr.getName();
  if (attr.getObject() == object) {
    // A read runs code where a property (or an unknown descriptor) has the
    // name, or where a missing name calls the class's `__getattr__`.
    if (model.customGetAttr)
      return false;
    std::optional<ClassMember> found = lookupClassMember(env, model.cls, name);
    return !found || isPlainMember(env, found->value);
  }
  if (auto super = attr.getObject().getDefiningOp<SuperOp>()) {
    std::optional<SuperLookup> found = lookupSuper(env, super, name);
    return found && isPlainMember(env, found->value);
  }
  return false;
}

/// Whether a `py.setattr` on a modelled instance is the generic store:
/// the class has no `__setattr__` of its own, and where `nn.Module`'s
/// takes it, the value goes to `__dict__` as a plain attribute would (a
/// constant; or, once `Module.__init__` has run, anything whose name no
/// class holds, which a read finds wherever the Module put it).
bool isGenericStore(const Environment &env, const InstanceModel &model, NewObjectOp object,
                    SetAttrOp store) {
  if (model.customSetAttr || !isInstanceName(env, model, store.getName()))
    return false;
  if (!model.module || store.getValue().getDefiningOp<ConstantOp>())
    return true;
  std::optional<ClassMember> found = lookupClassMember(env, model.cls, store.getName());
  if (found && found->value)
    return false;
  return isModuleInitialized(env, object, store);
}
} // namespace

namespace {
/// The walk of findInstanceAttribute. Looking for `nn.Module.__init__`'s
/// store of `training` (`forInit`), every store on a Module is one that
/// runs no user code, and only that store counts.
InstanceAttribute walkToStore(const Environment &env, const InstanceModel &model,
                              NewObjectOp object, StringRef name, Operation *at,
                              bool forInit) {
  Value instance = object.getResult();
  llvm::SmallPtrSet<Block *, 4> visited;
  Operation *op = at;
  while (true) {
    if (Operation *previous = op->getPrevNode()) {
      op = previous;
    } else {
      // Back along a straight line of blocks only.
      Block *predecessor = op->getBlock()->getSinglePredecessor();
      if (!predecessor || !visited.insert(predecessor).second)
        return {};
      op = predecessor->getTerminator();
    }
    if (op == object.getOperation())
      return {InstanceAttribute::Absent, Value(), nullptr};
    if (auto store = dyn_cast<ObjectSetAttrOp>(op); store && store.getObject() == instance) {
      // A property's setter, or `__class__`, is not a store to follow.
      if (!isInstanceName(env, model, store.getName()))
        return {};
      if (store.getName() == name)
        return {InstanceAttribute::Stored, store.getValue(), op};
      continue;
    }
    if (auto store = dyn_cast<SetAttrOp>(op); store && store.getObject() == instance) {
      if (forInit && !model.customSetAttr && isInstanceName(env, model, store.getName()))
        continue;
      if (!isGenericStore(env, model, object, store))
        return {};
      if (store.getName() == name)
        return {InstanceAttribute::Stored, store.getValue(), op};
      continue;
    }
    if (auto erase = dyn_cast<DelAttrOp>(op); erase && erase.getObject() == instance) {
      if (model.customDelAttr || !isInstanceName(env, model, erase.getName()))
        return {};
      // Deleted (or the deletion raised, and `at` is not reached).
      if (erase.getName() == name)
        return {InstanceAttribute::Absent, Value(), nullptr};
      continue;
    }
    bool uses = llvm::any_of(op->getOperands(),
                             [&](Value operand) { return reaches(operand, instance); });
    if (uses && !keepsAttributes(env, model, instance, op))
      return {};
  }
}
} // namespace

InstanceAttribute dynamir::py::findInstanceAttribute(const Environment &env, NewObjectOp object,
                                                     StringRef name, Operation *at) {
  std::optional<InstanceModel> model = getInstanceModel(env, object);
  if (!model || !isInstanceName(env, *model, name))
    return {};
  return walkToStore(env, *model, object, name, at, /*forInit=*/false);
}

bool dynamir::py::isModuleInitialized(const Environment &env, NewObjectOp object,
                                      Operation *at) {
  std::optional<InstanceModel> model = getInstanceModel(env, object);
  return model && model->module &&
         walkToStore(env, *model, object, "training", at, /*forInit=*/true).kind ==
             InstanceAttribute::Stored;
}

void dynamir::py::emitModuleInit(OpBuilder &builder, Location loc, Value object) {
  Value training =
      builder.create<ConstantOp>(loc, object.getType(), builder.getBoolAttr(true));
  builder.create<ObjectSetAttrOp>(loc, object, "training", training);
}

namespace {
/// Makes `type(obj).__init__(obj, *args)` where `cls` (a value of the
/// class `model.cls`) is `type(obj)` and `newOverridden` says whether it
/// has its own `__new__`: a call of a user `__init__` through the class,
/// `nn.Module.__init__()`, or nothing for `object.__init__`. False, having
/// made nothing, where CPython raises TypeError (arguments that
/// `object.__init__` refuses) or Dynamir does not model the `__init__`.
bool emitInit(PatternRewriter &rewriter, Location loc, const Environment &env,
              const InstanceModel &model, Value cls, Value object, ValueRange arguments,
              ArrayAttr kwnames, bool newOverridden) {
  std::optional<ClassMember> init = lookupClassMember(env, model.cls, "__init__");
  if (!init)
    return false;
  if (init->value) {
    if (!isa<FunctionAttr>(init->value))
      return false;
    Type objectType = object.getType();
    Value function = rewriter.create<GetAttrOp>(loc, objectType, cls, "__init__");
    SmallVector<Value> bound{object};
    llvm::append_range(bound, arguments);
    auto call = rewriter.create<CallOp>(loc, objectType, function, bound, kwnames);
    rewriter.create<CheckInitReturnOp>(loc, call);
    return true;
  }
  if (init->owner.getSymName() == "torch.nn.Module") {
    if (!arguments.empty())
      return false;
    emitModuleInit(rewriter, loc, object);
    return true;
  }
  // object.__init__ takes excess arguments only where `__new__` is the
  // class's own (they were `__new__`'s).
  return arguments.empty() || newOverridden;
}

bool hasOwnNew(const Environment &env, ClassOp cls) {
  std::optional<ClassMember> found = lookupClassMember(env, cls, "__new__");
  return found && found->value;
}

/// `Cls(*args)` of a modelled user class, as `type.__call__` runs it:
/// `object.__new__` makes a `py.new_object` and `__init__` is called on it;
/// a class's own `__new__` is called, and `py.init_instance` initializes
/// what it returns.
struct InstantiateClass : ResolvePattern<CallOp> {
  using ResolvePattern::ResolvePattern;

  LogicalResult matchAndRewrite(CallOp call, PatternRewriter &rewriter) const override {
    Value cls = call.getCallee();
    auto symbol = dyn_cast_or_null<ClassOp>(getEnvironmentSymbol(state.env, cls));
    std::optional<InstanceModel> model = getInstanceModel(state.env, symbol);
    if (!model)
      return failure();
    Location loc = call.getLoc();
    Type objectType = call.getType();
    // What the call runs relies on the class being the one its guard says.
    auto assumeClass = [&] { rewriter.create<tg::AssumeOp>(loc, cls); };
    if (std::optional<ClassMember> found = lookupClassMember(state.env, symbol, "__new__");
        found && found->value) {
      if (!isa<StaticMethodAttr>(found->value))
        return failure();
      Value function = rewriter.create<GetAttrOp>(loc, objectType, cls, "__new__");
      SmallVector<Value> arguments{cls};
      llvm::append_range(arguments, call.getArguments());
      Value made = rewriter.create<CallOp>(loc, objectType, function, arguments,
                                           call.getKwnames());
      assumeClass();
      rewriter.replaceOpWithNewOp<InitInstanceOp>(call, objectType, cls, made,
                                                  call.getArguments(), call.getKwnames());
      return success();
    }
    auto object = rewriter.create<NewObjectOp>(loc, objectType, cls);
    if (!emitInit(rewriter, loc, state.env, *model, cls, object, call.getArguments(),
                  call.getKwnames(), /*newOverridden=*/false)) {
      rewriter.eraseOp(object);
      return failure();
    }
    assumeClass();
    rewriter.replaceOp(call, object);
    return success();
  }
};

/// `py.init_instance` once `__new__`'s result is known: an instance it made
/// of the class (or a subclass) is initialized by its own type's
/// `__init__`; a constant is no instance of a user class, and is returned
/// as it is.
struct ResolveInitInstance : ResolvePattern<InitInstanceOp> {
  using ResolvePattern::ResolvePattern;

  LogicalResult matchAndRewrite(InitInstanceOp op, PatternRewriter &rewriter) const override {
    Value instance = op.getInstance();
    if (instance.getDefiningOp<ConstantOp>()) {
      rewriter.replaceOp(op, instance);
      return success();
    }
    auto object = instance.getDefiningOp<NewObjectOp>();
    ClassOp cls = getKnownClass(state.env, op.getCls());
    std::optional<InstanceModel> model =
        object ? getInstanceModel(state.env, object) : std::nullopt;
    if (!cls || !model)
      return failure();
    bool isInstance = llvm::any_of(model->cls.getMro().getAsRange<FlatSymbolRefAttr>(),
                                   [&](FlatSymbolRefAttr ref) {
                                     return ref.getAttr() == cls.getSymNameAttr();
                                   });
    if (isInstance &&
        !emitInit(rewriter, op.getLoc(), state.env, *model, object.getCls(), object,
                  op.getArguments(), op.getKwnames(), hasOwnNew(state.env, model->cls)))
      return failure();
    rewriter.replaceOp(op, instance);
    return success();
  }
};

/// A read of an instance's attribute: the value the last store left, or,
/// where the instance's `__dict__` has none, the class's value (a
/// constant, a class, a module) under the guard on its source
/// `G['Cls'].name`. Functions the class holds are py-inline-functions' to
/// bind and call.
struct ForwardInstanceAttribute : ResolvePattern<GetAttrOp> {
  using ResolvePattern::ResolvePattern;

  LogicalResult matchAndRewrite(GetAttrOp read, PatternRewriter &rewriter) const override {
    auto object = read.getObject().getDefiningOp<NewObjectOp>();
    if (!object)
      return failure();
    StringRef name = read.getName();
    InstanceAttribute found = findInstanceAttribute(state.env, object, name, read);
    if (found.kind == InstanceAttribute::Stored) {
      rewriter.replaceOp(read, found.value);
      return success();
    }
    std::optional<InstanceModel> model = getInstanceModel(state.env, object);
    if (found.kind != InstanceAttribute::Absent || !model)
      return failure();
    std::optional<ClassMember> member = lookupClassMember(state.env, model->cls, name);
    tg::SourceAttr source = getSourceOf(object.getCls());
    if (!member || !member->value || !source ||
        isa<FunctionAttr, StaticMethodAttr, ClassMethodAttr, PropertyAttr, PartialAttr>(
            member->value))
      return failure();
    // The guard reads the class, not the instance: the instance may go.
    Value fromClass =
        rewriter.create<GetAttrOp>(read.getLoc(), read.getType(), object.getCls(), name);
    Value known =
        materializeMember(rewriter, read.getLoc(), fromClass, source.attr(name), member->value);
    if (!known) {
      rewriter.eraseOp(fromClass.getDefiningOp());
      return failure();
    }
    rewriter.replaceOp(read, known);
    return success();
  }
};

/// A store or deletion on an instance whose class defines `__setattr__` or
/// `__delattr__` calls it, through the class, as CPython's slot does.
template <typename OpT>
struct CallCustomAttributeMethod : OpRewritePattern<OpT> {
  CallCustomAttributeMethod(MLIRContext *context, ResolveState &state)
      : OpRewritePattern<OpT>(context), state(state) {}
  ResolveState &state;

  LogicalResult matchAndRewrite(OpT op, PatternRewriter &rewriter) const override {
    auto object = op.getObject().template getDefiningOp<NewObjectOp>();
    std::optional<InstanceModel> model =
        object ? getInstanceModel(state.env, object) : std::nullopt;
    constexpr bool isStore = std::is_same_v<OpT, SetAttrOp>;
    StringRef method = isStore ? "__setattr__" : "__delattr__";
    if (!model || !(isStore ? model->customSetAttr : model->customDelAttr))
      return failure();
    std::optional<ClassMember> found = lookupClassMember(state.env, model->cls, method);
    if (!found || !isa_and_nonnull<FunctionAttr>(found->value))
      return failure();
    Location loc = op.getLoc();
    Type objectType = object.getType();
    Value function = rewriter.create<GetAttrOp>(loc, objectType, object.getCls(), method);
    SmallVector<Value> arguments{object,
                                 rewriter.create<ConstantOp>(loc, objectType, op.getNameAttr())};
    if constexpr (isStore)
      arguments.push_back(op.getValue());
    rewriter.create<CallOp>(loc, objectType, function, arguments, rewriter.getStrArrayAttr({}));
    rewriter.eraseOp(op);
    return success();
  }
};

/// An instance that only stores on it see goes, with the stores: nothing
/// reads what they wrote. A deletion goes too where a store made the name
/// (else it would raise AttributeError, and stays).
struct EraseUnreadInstance : ResolvePattern<NewObjectOp> {
  using ResolvePattern::ResolvePattern;

  LogicalResult matchAndRewrite(NewObjectOp object, PatternRewriter &rewriter) const override {
    Value instance = object.getResult();
    std::optional<InstanceModel> model = getInstanceModel(state.env, object);
    if (!model)
      return failure();
    for (Operation *user : instance.getUsers()) {
      if (auto store = dyn_cast<SetAttrOp>(user)) {
        if (store.getObject() != instance || !isGenericStore(state.env, *model, object, store))
          return failure();
        continue;
      }
      if (auto store = dyn_cast<ObjectSetAttrOp>(user)) {
        if (store.getObject() != instance ||
            !isInstanceName(state.env, *model, store.getName()))
          return failure();
        continue;
      }
      if (auto erase = dyn_cast<DelAttrOp>(user)) {
        if (findInstanceAttribute(state.env, object, erase.getName(), erase).kind !=
            InstanceAttribute::Stored)
          return failure();
        continue;
      }
      return failure();
    }
    for (Operation *user : llvm::make_early_inc_range(instance.getUsers()))
      rewriter.eraseOp(user);
    rewriter.eraseOp(object);
    return success();
  }
};

/// `a is b` where `a` is an instance the region made and `b` another one,
/// or a constant: False, since each `py.new_object` is a new object.
struct FoldInstanceIdentity : OpRewritePattern<IsOp> {
  using OpRewritePattern::OpRewritePattern;

  LogicalResult matchAndRewrite(IsOp op, PatternRewriter &rewriter) const override {
    Value lhs = op.getLhs(), rhs = op.getRhs();
    auto isFresh = [](Value value) { return static_cast<bool>(value.getDefiningOp<NewObjectOp>()); };
    auto isKnownOther = [&](Value value) {
      return isFresh(value) || value.getDefiningOp<ConstantOp>();
    };
    if (lhs == rhs || !((isFresh(lhs) && isKnownOther(rhs)) || (isFresh(rhs) && isKnownOther(lhs))))
      return failure();
    rewriter.replaceOpWithNewOp<ConstantOp>(op, op.getType(),
                                            rewriter.getBoolAttr(op.getNegated()));
    return success();
  }
};

/// The builtin `name` called with `arity` positional arguments and no
/// keywords; null otherwise.
LoadGlobalOp getBuiltinCall(const Environment &env, CallOp call, StringRef name,
                            size_t arity) {
  auto load = call.getCallee().getDefiningOp<LoadGlobalOp>();
  if (!load || load.getName() != name || !env.isBuiltin(name) ||
      call.getArguments().size() != arity || !call.getKwnames().empty())
    return {};
  return load;
}

/// `getattr(obj, "name")` and `setattr(obj, "name", v)` of the builtins with
/// a constant name are the attribute read and store themselves (CPython's
/// LOAD_ATTR and STORE_ATTR run the same `tp_getattro` / `tp_setattro`).
/// `getattr(obj, "name", default)` on an instance the region made is the
/// read where the instance or its class has the name, and `default` where
/// neither does (and no `__getattr__` could answer).
struct ResolveAttributeBuiltin : ResolvePattern<CallOp> {
  using ResolvePattern::ResolvePattern;

  LogicalResult matchAndRewrite(CallOp call, PatternRewriter &rewriter) const override {
    const Environment &env = state.env;
    ValueRange args = call.getArguments();
    if (getBuiltinCall(env, call, "getattr", 2)) {
      StringAttr name = getConstantString(args[1]);
      if (!name)
        return failure();
      rewriter.replaceOpWithNewOp<GetAttrOp>(call, call.getType(), args[0], name);
      return success();
    }
    if (getBuiltinCall(env, call, "setattr", 3)) {
      StringAttr name = getConstantString(args[1]);
      if (!name)
        return failure();
      rewriter.create<SetAttrOp>(call.getLoc(), args[0], name, args[2]);
      rewriter.replaceOpWithNewOp<ConstantOp>(call, call.getType(),
                                              NoneAttr::get(getContext()));
      return success();
    }
    if (getBuiltinCall(env, call, "getattr", 3)) {
      StringAttr name = getConstantString(args[1]);
      auto object = args[0].getDefiningOp<NewObjectOp>();
      std::optional<InstanceModel> model =
          object ? getInstanceModel(env, object) : std::nullopt;
      if (!name || !model || model->module || model->customGetAttr)
        return failure();
      InstanceAttribute found = findInstanceAttribute(env, object, name, call);
      if (found.kind == InstanceAttribute::Unknown)
        return failure();
      std::optional<ClassMember> member = lookupClassMember(env, model->cls, name);
      bool has = found.kind == InstanceAttribute::Stored || (member && member->value);
      if (has)
        rewriter.replaceOpWithNewOp<GetAttrOp>(call, call.getType(), args[0], name);
      else
        rewriter.replaceOp(call, args[2]);
      return success();
    }
    return failure();
  }
};

/// `object.__setattr__(obj, "name", v)` and `object.__delattr__(obj,
/// "name")` called on an instance the region made, as code that bypasses
/// its class's own `__setattr__` writes them: the generic store, and the
/// deletion where the class has no `__delattr__` of its own.
struct ResolveObjectSlotCall : ResolvePattern<CallOp> {
  using ResolvePattern::ResolvePattern;

  LogicalResult matchAndRewrite(CallOp call, PatternRewriter &rewriter) const override {
    auto attr = call.getCallee().getDefiningOp<GetAttrOp>();
    auto load = attr ? attr.getObject().getDefiningOp<LoadGlobalOp>() : LoadGlobalOp();
    if (!load || load.getName() != "object" || !state.env.isBuiltin("object") ||
        !call.getKwnames().empty() || call.getArguments().empty())
      return failure();
    bool store = attr.getName() == "__setattr__";
    if (!store && attr.getName() != "__delattr__")
      return failure();
    ValueRange args = call.getArguments();
    auto object = args[0].getDefiningOp<NewObjectOp>();
    std::optional<InstanceModel> model =
        object ? getInstanceModel(state.env, object) : std::nullopt;
    if (!model || args.size() != (store ? 3u : 2u))
      return failure();
    StringAttr name = getConstantString(args[1]);
    if (!name || (!store && model->customDelAttr))
      return failure();
    if (store)
      rewriter.create<ObjectSetAttrOp>(call.getLoc(), object, name, args[2]);
    else
      rewriter.create<DelAttrOp>(call.getLoc(), object, name);
    rewriter.replaceOpWithNewOp<ConstantOp>(call, call.getType(), NoneAttr::get(getContext()));
    if (attr->use_empty())
      rewriter.eraseOp(attr);
    return success();
  }
};

/// `type(obj)` of the builtin on an instance the region made: the class it
/// was made of.
struct FoldInstanceType : ResolvePattern<CallOp> {
  using ResolvePattern::ResolvePattern;

  LogicalResult matchAndRewrite(CallOp call, PatternRewriter &rewriter) const override {
    if (!getBuiltinCall(state.env, call, "type", 1))
      return failure();
    auto object = call.getArguments()[0].getDefiningOp<NewObjectOp>();
    if (!object || !getInstanceModel(state.env, object))
      return failure();
    rewriter.replaceOp(call, object.getCls());
    return success();
  }
};

/// `hasattr(obj, "name")` of the builtin on an instance the region made:
/// whether a store left the name, or the class has it. A Module's own
/// members (`train`, ...) Dynamir does not list, nor what `__getattr__`
/// would answer: those stay.
struct FoldInstanceHasAttr : ResolvePattern<CallOp> {
  using ResolvePattern::ResolvePattern;

  LogicalResult matchAndRewrite(CallOp call, PatternRewriter &rewriter) const override {
    LoadGlobalOp load = getBuiltinCall(state.env, call, "hasattr", 2);
    if (!load)
      return failure();
    auto object = call.getArguments()[0].getDefiningOp<NewObjectOp>();
    StringAttr text = getConstantString(call.getArguments()[1]);
    std::optional<InstanceModel> model =
        object ? getInstanceModel(state.env, object) : std::nullopt;
    if (!text || !model || model->module || model->customGetAttr)
      return failure();
    InstanceAttribute found = findInstanceAttribute(state.env, object, text, call);
    bool has;
    if (found.kind == InstanceAttribute::Stored) {
      has = true;
    } else if (found.kind == InstanceAttribute::Absent) {
      // Through user classes and object, whose `__dict__` Dynamir knows.
      std::optional<ClassMember> member = lookupClassMember(state.env, model->cls, text);
      has = member && member->value && !isa<PropertyAttr>(member->value);
      if (member && isa_and_nonnull<PropertyAttr>(member->value))
        return failure();
    } else {
      return failure();
    }
    rewriter.replaceOpWithNewOp<ConstantOp>(call, call.getType(), rewriter.getBoolAttr(has));
    if (load->use_empty())
      rewriter.eraseOp(load);
    return success();
  }
};

struct ResolveObjectsPass : dynamir::py::impl::ResolveObjectsBase<ResolveObjectsPass> {
  void runOnOperation() override {
    if (failed(resolveInCaptureEntry(getOperation(), getArgument(),
                                     populateResolveObjectsPatterns)))
      signalPassFailure();
  }
};
} // namespace

void dynamir::py::populateResolveObjectsPatterns(RewritePatternSet &patterns,
                                                 ResolveState &state) {
  patterns.add<InstantiateClass, ResolveInitInstance, ForwardInstanceAttribute,
               CallCustomAttributeMethod<SetAttrOp>, CallCustomAttributeMethod<DelAttrOp>,
               FoldInstanceHasAttr, ResolveAttributeBuiltin, ResolveObjectSlotCall,
               FoldInstanceType,
               EraseUnreadInstance>(patterns.getContext(), state);
  patterns.add<FoldInstanceIdentity>(patterns.getContext());
  patterns.add(CheckInitReturnOp::canonicalize);
}
