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

#include "AutogradFunction.h"
#include "Captured.h"
#include "Exceptions.h"
#include "Super.h"

#include "dynamir/Dialect/Py/IR/PyAttributes.h"
#include "dynamir/Dialect/Py/Transforms/Passes.h"

#include "mlir/IR/Dominance.h"
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

/// Whether `value` is a builtin container the code built (a tuple, list,
/// dict or set display) or a constant tuple: its methods are the builtin's.
bool isBuiltinContainer(Value value) {
  return isa_and_present<ArrayAttr>(getConstant(value)) ||
         isa_and_present<BuildTupleOp, BuildListOp, BuildDictOp, BuildSetOp>(value.getDefiningOp());
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
  // The builtin containers' `__dict__`, the same in 3.11 to 3.13.
  static constexpr StringLiteral kTuple[] = {
      "__new__",  "__repr__", "__hash__",  "__getattribute__", "__lt__",
      "__le__",   "__eq__",   "__ne__",    "__gt__",           "__ge__",
      "__iter__", "__len__",  "__getitem__", "__add__",        "__mul__",
      "__rmul__", "__contains__", "__getnewargs__", "index", "count",
      "__class_getitem__", "__doc__"};
  static constexpr StringLiteral kList[] = {
      "__new__", "__repr__", "__hash__", "__getattribute__", "__lt__", "__le__",
      "__eq__", "__ne__", "__gt__", "__ge__", "__iter__", "__init__", "__len__",
      "__getitem__", "__setitem__", "__delitem__", "__add__", "__mul__", "__rmul__",
      "__contains__", "__iadd__", "__imul__", "__reversed__", "__sizeof__", "clear",
      "copy", "append", "insert", "extend", "pop", "remove", "index", "count",
      "reverse", "sort", "__class_getitem__", "__doc__"};
  static constexpr StringLiteral kDict[] = {
      "__new__", "__repr__", "__hash__", "__getattribute__", "__lt__", "__le__",
      "__eq__", "__ne__", "__gt__", "__ge__", "__iter__", "__init__", "__or__",
      "__ror__", "__ior__", "__len__", "__getitem__", "__setitem__", "__delitem__",
      "__contains__", "__sizeof__", "get", "setdefault", "pop", "popitem", "keys",
      "items", "values", "update", "fromkeys", "clear", "copy", "__reversed__",
      "__class_getitem__", "__doc__"};
  static constexpr StringLiteral kSet[] = {
      "__new__", "__repr__", "__hash__", "__getattribute__", "__lt__", "__le__",
      "__eq__", "__ne__", "__gt__", "__ge__", "__iter__", "__init__", "__sub__",
      "__rsub__", "__and__", "__rand__", "__xor__", "__rxor__", "__or__", "__ror__",
      "__isub__", "__iand__", "__ixor__", "__ior__", "__len__", "__contains__",
      "__reduce__", "__sizeof__", "add", "clear", "copy", "discard", "difference",
      "difference_update", "intersection", "intersection_update", "isdisjoint",
      "issubset", "issuperset", "pop", "remove", "symmetric_difference",
      "symmetric_difference_update", "union", "update", "__class_getitem__",
      "__doc__"};
  if (std::optional<BuiltinException> info = getBuiltinException(cls))
    return llvm::is_contained(info->members, name);
  StringRef kind = getContainerKind(cls);
  if (kind == "tuple")
    return llvm::is_contained(kTuple, name);
  if (kind == "list")
    return llvm::is_contained(kList, name);
  if (kind == "dict")
    return llvm::is_contained(kDict, name);
  if (kind == "set")
    return llvm::is_contained(kSet, name);
  if (cls.getSymName() == kFunctionCtx) {
    // The methods Dynamir models (the instance holds `saved_tensors`,
    // `needs_input_grad` and `to_save`); FunctionCtx has more, which
    // Dynamir does not list.
    if (llvm::is_contained({"save_for_backward", "save_for_forward", "mark_dirty",
                            "mark_non_differentiable", "set_materialize_grads"},
                           name))
      return true;
    return std::nullopt;
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

bool dynamir::py::isAbsentFromClass(const Environment &env, ClassOp cls, StringRef name) {
  if (!cls)
    return false;
  for (auto ref : cls.getMro().getAsRange<FlatSymbolRefAttr>()) {
    ClassOp base = env.lookupClass(ref);
    if (!base)
      return false;
    if (base.getLibrary() ? libraryClassHas(base, name) != std::optional<bool>(false)
                          : static_cast<bool>(base.lookupMember(name)))
      return false;
  }
  return true;
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

StringRef dynamir::py::getContainerKind(ClassOp cls) {
  if (!cls || !cls.getLibrary())
    return {};
  StringRef name = cls.getSymName();
  if (!name.consume_front("builtins."))
    return {};
  return llvm::is_contained({"tuple", "list", "dict", "set"}, name) ? name : StringRef();
}

std::optional<InstanceModel> dynamir::py::getInstanceModel(const Environment &env, ClassOp cls) {
  // Of library classes, only the builtin exceptions' instances, and the
  // context of a torch.autograd.Function.
  if (!cls || (cls.getLibrary() && !getBuiltinException(cls) &&
               cls.getSymName() != kFunctionCtx))
    return std::nullopt;
  InstanceModel model;
  model.cls = cls;
  bool allSlotsEmpty = true;
  for (auto ref : cls.getMro().getAsRange<FlatSymbolRefAttr>()) {
    ClassOp base = env.lookupClass(ref);
    if (!base)
      return std::nullopt;
    if (base.getLibrary()) {
      if (base.getSymName() == "torch.nn.Module")
        model.module = true;
      else if (!getContainerKind(base).empty() && !model.container)
        model.container = base;
      else if (getBuiltinException(base))
        model.exception = model.exception ? model.exception : base;
      else if (base.getSymName() == kFunctionCtx)
        model.autogradContext = true;
      else if (base.getSymName() != "builtins.object")
        return std::nullopt;
      continue;
    }
    if (base.lookupMember("__getattribute__"))
      return std::nullopt;
    // `__slots__ = ()` (as tuple subclasses write it) takes the `__dict__`
    // away where every class says it; other slots are descriptors Dynamir
    // does not model.
    MemberOp slots = base.lookupMember("__slots__");
    auto names = slots ? dyn_cast<ArrayAttr>(slots.getValue()) : ArrayAttr();
    if (slots && (!names || !names.empty()))
      return std::nullopt;
    allSlotsEmpty &= static_cast<bool>(slots);
  }
  if ((model.module && model.container) || (model.exception && (model.module || model.container)))
    return std::nullopt;
  // nn.Module's, BaseException's and FunctionCtx's instances have a
  // `__dict__` whatever their subclasses say.
  model.noDict = allSlotsEmpty && !model.module && !model.exception && !model.autogradContext;
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
  // An exception's fields are read from where `py.exception_store` left them.
  if (model.exception && isExceptionField(model.exception, name))
    return true;
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
  // Comparing, passing along an edge, handling or raising the instance, or
  // storing it as another exception's context or cause run no code of its.
  if (isa<SuperOp, IsOp, tg::GuardOpInterface, tg::AssumeOp, BranchOpInterface, PushExcInfoOp,
          CheckExcMatchOp, RaiseOp, ReraiseOp>(op))
    return true;
  if (auto store = dyn_cast<ExceptionStoreOp>(op))
    return store.getException() != object;
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
  if (model.customSetAttr || model.noDict || !isInstanceName(env, model, store.getName()))
    return false;
  // An exception field's setter checks the value first (see
  // py-resolve-exceptions); Dynamo stores nothing else on a builtin
  // exception.
  if (model.exception && (isExceptionField(model.exception, store.getName()) ||
                          ClassOp(model.cls).getLibrary()))
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
/// What holds an instance without running code: the tuple displays that
/// have it (or another holder) as an element, and the modelled exceptions
/// whose fields hold it or them (`ValueError(inner)` stores `(inner,)` as
/// its `args`). Code reaches the instance through such a tuple only by way
/// of one of the exceptions, whose uses the walk checks in its place.
struct Holders {
  SmallVector<Value> tuples;
  SmallVector<std::pair<Value, InstanceModel>> exceptions;
};

/// The holders of `instance`; none where a tuple that holds it has a use
/// other than another tuple display or an exception's field, or an
/// exception that holds it is not one the capture models.
std::optional<Holders> findHolders(const Environment &env, Value instance) {
  Holders holders;
  SmallVector<Value> worklist{instance};
  llvm::SmallPtrSet<Operation *, 8> seen;
  while (!worklist.empty()) {
    Value value = worklist.pop_back_val();
    bool isTuple = llvm::is_contained(holders.tuples, value);
    for (Operation *user : value.getUsers()) {
      Value holder;
      if (isa<BuildTupleOp>(user)) {
        holder = user->getResult(0);
        if (seen.insert(user).second)
          holders.tuples.push_back(holder);
        else
          continue;
      } else if (auto store = dyn_cast<ExceptionStoreOp>(user);
                 store && store.getValue() == value && store.getException() != value) {
        auto exception = store.getException().getDefiningOp<NewObjectOp>();
        std::optional<InstanceModel> model =
            exception ? getInstanceModel(env, exception) : std::nullopt;
        if (!model || !model->exception)
          return std::nullopt;
        holder = exception.getResult();
        if (holder == instance)
          continue;
        if (seen.insert(exception).second)
          holders.exceptions.emplace_back(holder, *model);
        else
          continue;
      } else if (isTuple) {
        return std::nullopt;
      } else {
        continue;
      }
      if (seen.size() > 32)
        return std::nullopt;
      worklist.push_back(holder);
    }
  }
  return holders;
}

/// Whether `op`, which is not a store on `instance`, could change its
/// attributes, or give code a way to: it uses the instance otherwise than
/// keepsAttributes allows (an element of a tuple display, given holders),
/// or one of its holding exceptions otherwise than keepsAttributes allows
/// for that one (a field store aside).
bool disturbs(const Environment &env, const InstanceModel &model, Value instance,
              const std::optional<Holders> &holders, Operation *op) {
  bool uses = llvm::any_of(op->getOperands(),
                           [&](Value operand) { return reaches(operand, instance); });
  if (uses)
    return !(holders && isa<BuildTupleOp>(op)) && !keepsAttributes(env, model, instance, op);
  // A tuple display that holds it (or a holder) runs no code.
  if (!holders || (isa<BuildTupleOp>(op) && llvm::is_contained(holders->tuples, op->getResult(0))))
    return false;
  for (const auto &[holder, holderModel] : holders->exceptions) {
    Value exception = holder;
    if (auto store = dyn_cast<ExceptionStoreOp>(op); store && store.getException() == exception)
      continue;
    bool usesHolder = llvm::any_of(op->getOperands(),
                                   [&](Value operand) { return reaches(operand, exception); });
    if (usesHolder && !keepsAttributes(env, holderModel, exception, op))
      return true;
  }
  return false;
}

/// Whether `op` may change `instance`'s attributes: it stores, deletes, or
/// disturbs the instance.
bool mayChange(const Environment &env, const InstanceModel &model, Value instance,
               const std::optional<Holders> &holders, Operation *op) {
  if (isa<SetAttrOp, ObjectSetAttrOp, DelAttrOp, ExceptionStoreOp>(op) &&
      op->getOperand(0) == instance)
    return true;
  return disturbs(env, model, instance, holders, op);
}

/// The immediate dominator of `join`, where no block on a path from it to
/// `join` (a loop's body, the arms of an if) may change the instance; null
/// otherwise.
Block *skipJoin(const Environment &env, const InstanceModel &model, Value instance,
                const std::optional<Holders> &holders, Block *join) {
  if (join->hasNoPredecessors() || join->isEntryBlock())
    return nullptr;
  DominanceInfo dominance(join->getParentOp());
  llvm::DomTreeNodeBase<Block> *node = dominance.getNode(join);
  if (!node || !node->getIDom())
    return nullptr;
  Block *dominator = node->getIDom()->getBlock();
  llvm::SmallPtrSet<Block *, 8> seen{dominator};
  SmallVector<Block *> worklist(join->getPredecessors());
  while (!worklist.empty()) {
    Block *block = worklist.pop_back_val();
    // The join itself is on the path where it loops back to itself: all of
    // it ran before the last time the path reached it.
    if (!seen.insert(block).second)
      continue;
    for (Operation &op : *block)
      if (mayChange(env, model, instance, holders, &op))
        return nullptr;
    llvm::append_range(worklist, block->getPredecessors());
  }
  return dominator;
}

/// The walk of findInstanceAttribute. Looking for `nn.Module.__init__`'s
/// store of `training` (`forInit`), every store on a Module is one that
/// runs no user code, and only that store counts.
InstanceAttribute walkToStore(const Environment &env, const InstanceModel &model,
                              NewObjectOp object, StringRef name, Operation *at,
                              bool forInit) {
  Value instance = object.getResult();
  std::optional<Holders> holders = findHolders(env, instance);
  llvm::SmallPtrSet<Block *, 4> visited;
  Operation *op = at;
  while (true) {
    if (Operation *previous = op->getPrevNode()) {
      op = previous;
    } else {
      // Back to the single predecessor, or past a join (a loop's header,
      // the end of an if) to its dominator, where no path between them
      // touches the instance.
      Block *predecessor = op->getBlock()->getSinglePredecessor();
      if (!predecessor)
        predecessor = skipJoin(env, model, instance, holders, op->getBlock());
      if (!predecessor || !visited.insert(predecessor).second)
        return {};
      op = predecessor->getTerminator();
    }
    if (op == object.getOperation())
      return {InstanceAttribute::Absent, Value(), nullptr};
    if (auto store = dyn_cast<ExceptionStoreOp>(op); store && store.getException() == instance) {
      if (store.getName() == name)
        return {InstanceAttribute::Stored, store.getValue(), op};
      continue;
    }
    if (auto store = dyn_cast<ObjectSetAttrOp>(op); store && store.getObject() == instance) {
      // A property's setter, or `__class__`, is not a store to follow; nor
      // is one that raises for want of a `__dict__`.
      if (model.noDict || !isInstanceName(env, model, store.getName()))
        return {};
      if (store.getName() == name)
        return {InstanceAttribute::Stored, store.getValue(), op};
      continue;
    }
    if (auto store = dyn_cast<SetAttrOp>(op); store && store.getObject() == instance) {
      if (forInit && !model.customSetAttr && !model.noDict &&
          isInstanceName(env, model, store.getName()))
        continue;
      if (!isGenericStore(env, model, object, store))
        return {};
      if (store.getName() == name)
        return {InstanceAttribute::Stored, store.getValue(), op};
      continue;
    }
    if (auto erase = dyn_cast<DelAttrOp>(op); erase && erase.getObject() == instance) {
      if (model.customDelAttr || model.noDict || !isInstanceName(env, model, erase.getName()) ||
          (model.exception && isExceptionField(model.exception, erase.getName())))
        return {};
      // Deleted (or the deletion raised, and `at` is not reached).
      if (erase.getName() == name)
        return {InstanceAttribute::Absent, Value(), nullptr};
      continue;
    }
    if (disturbs(env, model, instance, holders, op))
      return {};
  }
}
} // namespace

bool dynamir::py::isKnownRead(const Environment &env, GetAttrOp read) {
  auto object = read.getObject().getDefiningOp<NewObjectOp>();
  std::optional<InstanceModel> model = object ? getInstanceModel(env, object) : std::nullopt;
  if (!model || model->customGetAttr)
    return false;
  StringRef name = read.getName();
  // A special method (`__exit__`) is found on the class where no store put
  // one in the instance's `__dict__`; object's own data descriptors aside.
  InstanceAttribute found =
      isInstanceName(env, *model, name) ? findInstanceAttribute(env, object, name, read)
      : isDunder(name) && !llvm::is_contained({"__class__", "__dict__"}, name)
          ? walkToStore(env, *model, object, name, read, /*forInit=*/false)
          : InstanceAttribute();
  if (found.kind == InstanceAttribute::Stored)
    return true;
  if (found.kind != InstanceAttribute::Absent)
    return false;
  std::optional<ClassMember> member = lookupClassMember(env, model->cls, name);
  return member && isPlainMember(env, member->value);
}

bool dynamir::py::cannotRaise(const Environment &env, Operation *op) {
  // A read the guards check (`G['C'].__mro__[1].f`) does not raise where
  // they hold.
  if (isGuardedEnvironmentRead(op) || isGuardRead(op))
    return true;
  // The methods of a list display that raise for no argument: append,
  // clear, copy, reverse.
  if (auto call = dyn_cast<CallOp>(op)) {
    auto method = call.getCallee().getDefiningOp<GetAttrOp>();
    if (!method || !method.getObject().getDefiningOp<BuildListOp>() ||
        !call.getKwnames().empty())
      return false;
    size_t arity = call.getArguments().size();
    StringRef name = method.getName();
    return (name == "append" && arity == 1) ||
           (llvm::is_contained({"clear", "copy", "reverse"}, name) && arity == 0);
  }
  if (auto method = dyn_cast<GetAttrOp>(op))
    return (method.getObject().getDefiningOp<BuildListOp>() &&
            llvm::is_contained({"append", "clear", "copy", "reverse"}, method.getName())) ||
           isKnownRead(env, method);
  // A deletion of an attribute a store made.
  if (auto erase = dyn_cast<DelAttrOp>(op)) {
    auto object = erase.getObject().getDefiningOp<NewObjectOp>();
    std::optional<InstanceModel> model = object ? getInstanceModel(env, object) : std::nullopt;
    return model && !model->customDelAttr && !model->noDict &&
           isInstanceName(env, *model, erase.getName()) &&
           !(model->exception && isExceptionField(model->exception, erase.getName())) &&
           findInstanceAttribute(env, object, erase.getName(), erase).kind ==
               InstanceAttribute::Stored;
  }
  if (auto store = dyn_cast<ObjectSetAttrOp>(op)) {
    auto object = store.getObject().getDefiningOp<NewObjectOp>();
    std::optional<InstanceModel> model = object ? getInstanceModel(env, object) : std::nullopt;
    return model && !model->noDict && isInstanceName(env, *model, store.getName()) &&
           !(model->exception && isExceptionField(model->exception, store.getName()));
  }
  auto store = dyn_cast<SetAttrOp>(op);
  auto object = store ? store.getObject().getDefiningOp<NewObjectOp>() : NewObjectOp();
  std::optional<InstanceModel> model = object ? getInstanceModel(env, object) : std::nullopt;
  return model && isGenericStore(env, *model, object, store);
}

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

bool dynamir::py::isContentsMember(const Environment &env, const InstanceModel &model,
                                   StringRef name) {
  if (!model.container ||
      llvm::is_contained({"__new__", "__init__", "__init_subclass__", "__subclasshook__",
                          "__class_getitem__", "fromkeys", "__doc__", "__hash__",
                          "__getattribute__", "__iadd__", "__imul__", "__ior__", "__iand__",
                          "__isub__", "__ixor__"},
                         name))
    return false;
  // dict's subscript calls a subclass's `__missing__` for a missing key.
  if (name == "__getitem__" && getContainerKind(model.container) == "dict" &&
      lookupClassMember(env, model.cls, "__missing__"))
    return false;
  return libraryClassHas(model.container, name).value_or(false);
}

std::optional<ContainerInstance> dynamir::py::getContainerInstance(const Environment &env,
                                                                  Value value) {
  ContainerInstance instance;
  std::optional<InstanceModel> model;
  if ((instance.made = value.getDefiningOp<NewObjectOp>())) {
    if (!instance.made.getContents())
      return std::nullopt;
    model = getInstanceModel(env, instance.made);
  } else if ((instance.object =
                  dyn_cast_or_null<ObjectOp>(getEnvironmentSymbol(env, value)))) {
    if (instance.object.getOpaque() || !instance.object.getContents())
      return std::nullopt;
    model = getInstanceModel(env, env.getClassOf(instance.object));
  }
  if (!model || !model->container)
    return std::nullopt;
  instance.model = *model;
  return instance;
}

Value dynamir::py::getContents(OpBuilder &builder, Location loc,
                               const ContainerInstance &instance) {
  if (NewObjectOp made = instance.made)
    return made.getContents();
  ObjectOp object = instance.object;
  return builder.create<ConstantOp>(loc, ObjectType::get(builder.getContext()),
                                    *object.getContents());
}

bool dynamir::py::isContentsHolder(const Environment &env, OpOperand &use) {
  auto object = dyn_cast<NewObjectOp>(use.getOwner());
  if (!object || use.get() != object.getContents())
    return false;
  std::optional<InstanceModel> model = getInstanceModel(env, object);
  if (!model || model->customSetAttr || model->customDelAttr || model->customGetAttr)
    return false;
  Value instance = object.getResult();
  for (OpOperand &instanceUse : instance.getUses()) {
    Operation *user = instanceUse.getOwner();
    if (isa<tg::GuardOpInterface, tg::AssumeOp, IsOp>(user))
      continue;
    if (instanceUse.getOperandNumber() != 0)
      return false;
    if (isa<SetAttrOp, ObjectSetAttrOp, DelAttrOp>(user) &&
        llvm::count(user->getOperands(), instance) == 1)
      continue;
    // A read of the instance's own data: nothing that binds it.
    auto read = dyn_cast<GetAttrOp>(user);
    if (!read || !isInstanceName(env, *model, read.getName()))
      return false;
    std::optional<ClassMember> member = lookupClassMember(env, model->cls, read.getName());
    if (member && !(member->value && isa<IntAttr, FloatAttr, StringAttr, BoolAttr, NoneAttr,
                                         ArrayAttr>(member->value)))
      return false;
  }
  return true;
}

Value dynamir::py::emitContainerContents(OpBuilder &builder, Location loc,
                                        const Environment &env, StringRef kind,
                                        ValueRange args, ArrayAttr kwnames) {
  if (!kwnames.empty())
    return {};
  Type objectType = ObjectType::get(builder.getContext());
  if (kind == "list")
    return args.empty() ? builder.create<BuildListOp>(loc, objectType, ValueRange()) : Value();
  if (kind == "dict")
    return args.empty() ? builder.create<BuildDictOp>(loc, objectType, ValueRange(), ValueRange())
                        : Value();
  if (kind == "set")
    return args.empty() ? builder.create<BuildSetOp>(loc, objectType, ValueRange()) : Value();
  if (kind != "tuple" || args.size() > 1)
    return {};
  if (args.empty())
    return builder.create<BuildTupleOp>(loc, objectType, ValueRange());
  // A tuple is its own tuple(); anything else is iterated by the builtin.
  if (args[0].getDefiningOp<BuildTupleOp>())
    return args[0];
  if (isa_and_present<ArrayAttr>(getConstant(args[0])))
    return args[0];
  if (!env.isBuiltin("tuple"))
    return {};
  Value tuple = builder.create<LoadGlobalOp>(loc, objectType, "tuple");
  return builder.create<CallOp>(loc, objectType, tuple, args[0], builder.getStrArrayAttr({}));
}

bool dynamir::py::emitContainerInit(OpBuilder &builder, Location loc, const Environment &env,
                                    StringRef kind, Value contents, ValueRange args,
                                    ArrayAttr kwnames, bool fresh) {
  Type objectType = contents.getType();
  size_t numPositional = args.size() - kwnames.size();
  if (kind == "dict") {
    // dict.__init__ is update(): a mapping Dynamir knows (a dict display;
    // an iterable of pairs stays a call), then the keywords.
    if (numPositional > 1 ||
        (numPositional == 1 && !args[0].getDefiningOp<BuildDictOp>()))
      return false;
    if (numPositional == 1)
      builder.create<DictUpdateOp>(loc, contents, args[0]);
    if (!kwnames.empty()) {
      SmallVector<Value> keys;
      for (Attribute name : kwnames)
        keys.push_back(builder.create<ConstantOp>(loc, objectType, name));
      Value keywords =
          builder.create<BuildDictOp>(loc, objectType, keys, args.drop_front(numPositional));
      builder.create<DictUpdateOp>(loc, contents, keywords);
    }
    return true;
  }
  if ((kind != "list" && kind != "set") || !kwnames.empty() || args.size() > 1)
    return false;
  // list.__init__ and set.__init__ start over, then take the iterable's items.
  if (!fresh) {
    Value clear = builder.create<GetAttrOp>(loc, objectType, contents, "clear");
    builder.create<CallOp>(loc, objectType, clear, ValueRange(), builder.getStrArrayAttr({}));
  }
  if (args.size() == 1) {
    if (kind == "list")
      builder.create<ListExtendOp>(loc, contents, args[0]);
    else
      builder.create<SetUpdateOp>(loc, contents, args[0]);
  }
  return true;
}

namespace {
/// Whether the class inherits `name` from its builtin container (no class
/// before it in the MRO has it), and it is the contents' member.
bool inheritsContentsMember(const Environment &env, const InstanceModel &model,
                            StringRef name) {
  std::optional<ClassMember> member = lookupClassMember(env, model.cls, name);
  return member && !member->value && member->owner == model.container &&
         isContentsMember(env, model, name);
}

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
  if (getBuiltinException(init->owner))
    return emitExceptionInit(rewriter, loc, init->owner, object, arguments, kwnames);
  if (StringRef kind = getContainerKind(init->owner); !kind.empty()) {
    auto made = object.getDefiningOp<NewObjectOp>();
    if (!made || !made.getContents())
      return false;
    // Contents the builtin `__new__` made a moment ago are empty.
    return emitContainerInit(rewriter, loc, env, kind, made.getContents(), arguments, kwnames,
                             /*fresh=*/!newOverridden);
  }
  // object.__init__ takes excess arguments only where `__new__` is not
  // object's (they were `__new__`'s): the class's own, or tuple's.
  return arguments.empty() || newOverridden || model.container;
}

/// Erases contents emitContainerContents made and nothing used.
void eraseContents(PatternRewriter &rewriter, Value contents) {
  Operation *def = contents.getDefiningOp();
  if (!def || !contents.use_empty())
    return;
  auto call = dyn_cast<CallOp>(def);
  Value callee = call ? call.getCallee() : Value();
  rewriter.eraseOp(def);
  if (callee && callee.use_empty())
    rewriter.eraseOp(callee.getDefiningOp());
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
    ClassOp symbol = getKnownClass(state.env, cls);
    std::optional<InstanceModel> model = getInstanceModel(state.env, symbol);
    if (!model)
      return failure();
    Location loc = call.getLoc();
    Type objectType = call.getType();
    // What the call runs relies on the class being the one its guard says.
    auto assumeClass = [&] {
      if (isa_and_nonnull<tg::GuardOpInterface>(cls.getDefiningOp()))
        rewriter.create<tg::AssumeOp>(loc, cls);
    };
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
    // A container's `__new__` makes its contents: tuple's from the
    // arguments, the others' empty (their `__init__` fills them).
    Value contents;
    if (model->container) {
      StringRef kind = getContainerKind(model->container);
      ValueRange newArguments = kind == "tuple" ? call.getArguments() : ValueRange();
      ArrayAttr newKwnames = kind == "tuple" ? call.getKwnames() : rewriter.getStrArrayAttr({});
      contents = emitContainerContents(rewriter, loc, state.env, kind, newArguments, newKwnames);
      if (!contents)
        return failure();
    }
    auto object = rewriter.create<NewObjectOp>(loc, objectType, cls, contents);
    // BaseException.__new__ sets `args`, which its `__init__` (unless a
    // class overrides it) sets again.
    std::optional<ClassMember> init = lookupClassMember(state.env, symbol, "__init__");
    if (model->exception && !(init && !init->value && getBuiltinException(init->owner)))
      emitExceptionNew(rewriter, loc, object, call.getArguments(), call.getKwnames());
    if (!emitInit(rewriter, loc, state.env, *model, cls, object, call.getArguments(),
                  call.getKwnames(), /*newOverridden=*/false)) {
      for (Operation *user : llvm::make_early_inc_range(object->getUsers()))
        rewriter.eraseOp(user);
      rewriter.eraseOp(object);
      if (contents && !llvm::is_contained(call.getArguments(), contents))
        eraseContents(rewriter, contents);
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
    // A method looked up for a call that raised before it ran.
    if (read->use_empty() && isKnownRead(state.env, read)) {
      rewriter.eraseOp(read);
      return success();
    }
    StringRef name = read.getName();
    InstanceAttribute found = findInstanceAttribute(state.env, object, name, read);
    if (found.kind == InstanceAttribute::Stored) {
      rewriter.replaceOp(read, found.value);
      return success();
    }
    std::optional<InstanceModel> model = getInstanceModel(state.env, object);
    if (found.kind != InstanceAttribute::Absent || !model)
      return failure();
    // A field of an exception nothing set.
    if (model->exception && isExceptionField(model->exception, name)) {
      if (name == "args")
        return failure();
      rewriter.replaceOpWithNewOp<ConstantOp>(
          read, read.getType(), getExceptionFieldDefault(getContext(), name));
      return success();
    }
    // A method of the builtin container is its contents' method.
    if (object.getContents() && inheritsContentsMember(state.env, *model, name)) {
      rewriter.replaceOpWithNewOp<GetAttrOp>(read, read.getType(), object.getContents(), name);
      return success();
    }
    std::optional<ClassMember> member = lookupClassMember(state.env, model->cls, name);
    if (!member && !model->module && isAbsentFromClass(state.env, model->cls, name)) {
      if (!model->customGetAttr)
        return raiseAttributeError(read, object, rewriter);
      // What CPython's slot does where the lookup fails: the class's
      // `__getattr__`, called through the class.
      std::optional<ClassMember> getter =
          lookupClassMember(state.env, model->cls, "__getattr__");
      if (!getter || !isa_and_nonnull<FunctionAttr>(getter->value))
        return failure();
      Location loc = read.getLoc();
      Type objectType = read.getType();
      Value function = rewriter.create<GetAttrOp>(loc, objectType, object.getCls(), "__getattr__");
      Value key = rewriter.create<ConstantOp>(loc, objectType, read.getNameAttr());
      rewriter.replaceOpWithNewOp<CallOp>(read, objectType, function,
                                          ValueRange{object.getResult(), key},
                                          rewriter.getStrArrayAttr({}));
      return success();
    }
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

  /// CPython's AttributeError for a name neither the instance nor its class
  /// has, with its `name` and `obj`.
  LogicalResult raiseAttributeError(GetAttrOp read, NewObjectOp object,
                                    PatternRewriter &rewriter) const {
    ClassOp cls = getInstanceModel(state.env, object)->cls;
    if (!canRaiseBuiltinException(state.env, read, "AttributeError"))
      return failure();
    rewriter.setInsertionPoint(read);
    Value name = rewriter.create<ConstantOp>(read.getLoc(), read.getType(), read.getNameAttr());
    std::string message =
        ("'" + cls.getName() + "' object has no attribute '" + read.getName() + "'").str();
    return raiseBuiltinException(rewriter, state.env, read, "AttributeError", message,
                                 {{"name", name}, {"obj", object.getResult()}});
  }
};

/// An operation CPython runs through a slot of the instance's type
/// (`obj[k]`, `len(obj)`, `x in obj`, iteration, truth): where the class
/// inherits the slot from its builtin container, the operation on the
/// contents; where a user class defines `__getitem__`, `__setitem__` or
/// `__delitem__`, a call of it through the class.
struct DispatchInstanceSlot : RewritePattern {
  DispatchInstanceSlot(StringRef root, MLIRContext *context, ResolveState &state)
      : RewritePattern(root, /*benefit=*/1, context), state(state) {}
  ResolveState &state;

  static void add(RewritePatternSet &set, MLIRContext *context, ResolveState &state) {
    for (StringRef root :
         {GetItemOp::getOperationName(), SetItemOp::getOperationName(),
          DelItemOp::getOperationName(), ContainsOp::getOperationName(),
          GetIterOp::getOperationName(), UnpackSequenceOp::getOperationName(),
          UnpackExOp::getOperationName(),
          LenOp::getOperationName(), TruthOp::getOperationName(), ToBoolOp::getOperationName(),
          CallOp::getOperationName()})
      set.add(std::make_unique<DispatchInstanceSlot>(root, context, state));
  }

  /// The operand that is the instance, and the slot the operation runs.
  std::optional<std::pair<OpOperand *, StringRef>> getSlot(Operation *op) const {
    auto slot = [&](unsigned index, StringRef name) {
      return std::make_optional(std::make_pair(&op->getOpOperand(index), name));
    };
    if (isa<GetItemOp>(op))
      return slot(0, "__getitem__");
    if (isa<SetItemOp>(op))
      return slot(0, "__setitem__");
    if (isa<DelItemOp>(op))
      return slot(0, "__delitem__");
    if (auto contains = dyn_cast<ContainsOp>(op))
      return slot(contains.getContainerMutable().getOperandNumber(), "__contains__");
    if (isa<GetIterOp, UnpackSequenceOp, UnpackExOp>(op))
      return slot(0, "__iter__");
    if (isa<LenOp>(op))
      return slot(0, "__len__");
    // Truth asks `__bool__`, then `__len__`, which containers define.
    if (isa<TruthOp, ToBoolOp>(op))
      return slot(0, "__len__");
    if (auto call = dyn_cast<CallOp>(op)) {
      if (!getBuiltinCall(state.env, call, "len", 1))
        return std::nullopt;
      return slot(call.getArgumentsMutable()[0].getOperandNumber(), "__len__");
    }
    return std::nullopt;
  }

  LogicalResult matchAndRewrite(Operation *op, PatternRewriter &rewriter) const override {
    std::optional<std::pair<OpOperand *, StringRef>> slot = getSlot(op);
    if (!slot)
      return failure();
    StringRef name = slot->second;
    // The builtin's slot, on an instance of a container subclass.
    if (std::optional<ContainerInstance> instance =
            getContainerInstance(state.env, slot->first->get())) {
      const InstanceModel &model = instance->model;
      if (inheritsContentsMember(state.env, model, name) &&
          !(isa<TruthOp, ToBoolOp>(op) && lookupClassMember(state.env, model.cls, "__bool__"))) {
        rewriter.setInsertionPoint(op);
        Value contents = getContents(rewriter, op->getLoc(), *instance);
        rewriter.modifyOpInPlace(op, [&] { slot->first->set(contents); });
        return success();
      }
    }
    // A slot of the class's own, on an instance the region made.
    auto object = slot->first->get().getDefiningOp<NewObjectOp>();
    std::optional<InstanceModel> model =
        object ? getInstanceModel(state.env, object) : std::nullopt;
    if (!model)
      return failure();
    std::optional<ClassMember> member = lookupClassMember(state.env, model->cls, name);
    // Without `__contains__`, `in` iterates the instance (`__iter__`).
    // Where a library class (nn.Module) is in the MRO, the lookup does not
    // know that it has none.
    if (auto contains = dyn_cast<ContainsOp>(op);
        contains && !member && !model->container && !model->module) {
      std::optional<ClassMember> iter = lookupClassMember(state.env, model->cls, "__iter__");
      if (!iter || !isa_and_nonnull<FunctionAttr>(iter->value))
        return failure();
      Location loc = op->getLoc();
      Type objectType = object.getType();
      Value function = rewriter.create<GetAttrOp>(loc, objectType, object.getCls(), "__iter__");
      Value iterator = rewriter.create<CheckIterResultOp>(
          loc, objectType,
          rewriter.create<CallOp>(loc, objectType, function, ValueRange{object},
                                  rewriter.getStrArrayAttr({})));
      rewriter.modifyOpInPlace(op, [&] { slot->first->set(iterator); });
      return success();
    }
    if (!member || !member->value)
      return failure();
    // Unpacking and truth through the class's own methods stay.
    auto lenCall = dyn_cast<CallOp>(op);
    if (!isa<FunctionAttr>(member->value) ||
        !isa<GetItemOp, SetItemOp, DelItemOp, ContainsOp, LenOp, GetIterOp, CallOp>(op))
      return failure();
    Location loc = op->getLoc();
    Type objectType = object.getType();
    Value function = rewriter.create<GetAttrOp>(loc, objectType, object.getCls(), name);
    SmallVector<Value> arguments(op->getOperands());
    auto contains = dyn_cast<ContainsOp>(op);
    if (contains)
      arguments = {contains.getContainer(), contains.getItem()};
    if (lenCall || isa<LenOp, GetIterOp>(op))
      arguments = {object};
    auto call = rewriter.create<CallOp>(loc, objectType, function, arguments,
                                        rewriter.getStrArrayAttr({}));
    // `len()` and `iter()` check what the method returns.
    if (lenCall || isa<LenOp>(op)) {
      rewriter.replaceOpWithNewOp<CheckLenResultOp>(op, objectType, call);
    } else if (isa<GetIterOp>(op)) {
      rewriter.replaceOpWithNewOp<CheckIterResultOp>(op, objectType, call);
    } else if (contains) {
      // `x in obj` is the truth of what `__contains__` returns.
      Value truth = rewriter.create<ToBoolOp>(loc, objectType, call);
      if (contains.getNegated())
        truth = rewriter.create<UnaryOp>(loc, objectType, UnaryOpKind::not_, truth);
      rewriter.replaceOp(op, truth);
    } else if (isa<GetItemOp>(op)) {
      rewriter.replaceOp(op, call);
    } else {
      rewriter.eraseOp(op);
    }
    return success();
  }
};

/// `c.__getitem__(k)` and the other slots called as methods of a builtin
/// container the code built (what forwarding `super().__getitem__(k)` to
/// an instance's contents gives): the operation itself, which the
/// container folds understand.
struct CallContainerSlot : ResolvePattern<CallOp> {
  using ResolvePattern::ResolvePattern;

  LogicalResult matchAndRewrite(CallOp call, PatternRewriter &rewriter) const override {
    auto attr = call.getCallee().getDefiningOp<GetAttrOp>();
    if (!attr || !call.getKwnames().empty())
      return failure();
    Value container = attr.getObject();
    Operation *def = container.getDefiningOp();
    if (!isBuiltinContainer(container))
      return failure();
    bool tuple = !isa<BuildListOp, BuildDictOp, BuildSetOp>(def);
    StringRef name = attr.getName();
    ValueRange args = call.getArguments();
    Location loc = call.getLoc();
    Type objectType = call.getType();
    auto none = [&] {
      return rewriter.create<ConstantOp>(loc, objectType, NoneAttr::get(getContext()));
    };
    // What each builtin defines: sets no subscript, tuples no stores.
    bool reads = llvm::is_contained({"__len__", "__contains__", "__iter__"}, name);
    if ((isa<BuildSetOp>(def) && !reads) ||
        (tuple && !reads && name != "__getitem__"))
      return failure();
    Value result;
    if (name == "__getitem__" && args.size() == 1) {
      result = rewriter.create<GetItemOp>(loc, objectType, container, args[0]);
    } else if (name == "__setitem__" && args.size() == 2) {
      rewriter.create<SetItemOp>(loc, container, args[0], args[1]);
      result = none();
    } else if (name == "__delitem__" && args.size() == 1) {
      rewriter.create<DelItemOp>(loc, container, args[0]);
      result = none();
    } else if (name == "__len__" && args.empty()) {
      // The builtin `len`, which the folds know, where no global hides it.
      if (state.env.isBuiltin("len")) {
        Value len = rewriter.create<LoadGlobalOp>(loc, objectType, "len");
        result = rewriter.create<CallOp>(loc, objectType, len, container,
                                         rewriter.getStrArrayAttr({}));
      } else {
        result = rewriter.create<LenOp>(loc, objectType, container);
      }
    } else if (name == "__contains__" && args.size() == 1) {
      result = rewriter.create<ContainsOp>(loc, objectType, args[0], container, UnitAttr());
    } else if (name == "__iter__" && args.empty()) {
      result = rewriter.create<GetIterOp>(loc, objectType, container);
    } else {
      return failure();
    }
    rewriter.replaceOp(call, result);
    if (attr->use_empty())
      rewriter.eraseOp(attr);
    return success();
  }
};

/// `iter(it)` of an iterator of a builtin container the code built is the
/// iterator itself (what `for v in super().__iter__()` asks).
struct FoldIterOfIterator : OpRewritePattern<GetIterOp> {
  using OpRewritePattern::OpRewritePattern;

  LogicalResult matchAndRewrite(GetIterOp op, PatternRewriter &rewriter) const override {
    auto inner = op->getOperand(0).getDefiningOp<GetIterOp>();
    if (!inner || !isBuiltinContainer(inner->getOperand(0)))
      return failure();
    rewriter.replaceOp(op, inner);
    return success();
  }
};

/// A read of a member of the builtin tuple on an object of the environment
/// whose class subclasses tuple (`size.count`), where the object's own
/// attributes do not hold the name: the member of its constant contents.
struct ForwardObjectContentsMember : ResolvePattern<GetAttrOp> {
  using ResolvePattern::ResolvePattern;

  LogicalResult matchAndRewrite(GetAttrOp read, PatternRewriter &rewriter) const override {
    std::optional<ContainerInstance> instance =
        getContainerInstance(state.env, read.getObject());
    StringRef name = read.getName();
    if (!instance || !instance->object || instance->object.lookupMember(name))
      return failure();
    if (!inheritsContentsMember(state.env, instance->model, name))
      return failure();
    Value contents = getContents(rewriter, read.getLoc(), *instance);
    rewriter.replaceOpWithNewOp<GetAttrOp>(read, read.getType(), contents, name);
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
        if (store.getObject() != instance || model->noDict ||
            !isInstanceName(state.env, *model, store.getName()))
          return failure();
        continue;
      }
      if (isa<ExceptionStoreOp>(user) && user->getOperand(0) == instance)
        continue;
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
/// or a constant: False, since each `py.new_object` is a new object. Of two
/// known classes, whether they are the same; of a class and a constant,
/// False; of a value and itself, True.
struct FoldInstanceIdentity : ResolvePattern<IsOp> {
  using ResolvePattern::ResolvePattern;

  LogicalResult matchAndRewrite(IsOp op, PatternRewriter &rewriter) const override {
    Value lhs = op.getLhs(), rhs = op.getRhs();
    auto isFresh = [](Value value) { return static_cast<bool>(value.getDefiningOp<NewObjectOp>()); };
    auto isKnownOther = [&](Value value) {
      return isFresh(value) || value.getDefiningOp<ConstantOp>();
    };
    bool same;
    if (lhs == rhs) {
      same = true;
    } else if ((isFresh(lhs) && isKnownOther(rhs)) || (isFresh(rhs) && isKnownOther(lhs))) {
      same = false;
    } else if (ClassOp left = getKnownClass(state.env, lhs), right = getKnownClass(state.env, rhs);
               left && right) {
      // Two classes: the same one or not.
      same = left == right;
    } else if ((left && isa_and_nonnull<NoneAttr, BoolAttr, IntAttr, FloatAttr, StringAttr>(
                            getConstant(rhs))) ||
               (right && isa_and_nonnull<NoneAttr, BoolAttr, IntAttr, FloatAttr, StringAttr>(
                             getConstant(lhs)))) {
      // A class is no constant (`exc_type is None` in an `__exit__`).
      same = false;
    } else {
      return failure();
    }
    rewriter.replaceOpWithNewOp<ConstantOp>(op, op.getType(),
                                            rewriter.getBoolAttr(same != op.getNegated()));
    return success();
  }
};

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
    if (!name || (!store && model->customDelAttr) ||
        (model->exception && isExceptionField(model->exception, name)))
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
      // Through user classes and the library classes whose `__dict__`
      // Dynamir knows (object, the builtin exceptions).
      std::optional<ClassMember> member = lookupClassMember(state.env, model->cls, text);
      if (member && isa_and_nonnull<PropertyAttr>(member->value))
        return failure();
      if (!member && !isAbsentFromClass(state.env, model->cls, text))
        return failure();
      has = static_cast<bool>(member);
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
               FoldInstanceType, CallContainerSlot, ForwardObjectContentsMember,
               EraseUnreadInstance, FoldInstanceIdentity>(patterns.getContext(), state);
  DispatchInstanceSlot::add(patterns, patterns.getContext(), state);
  patterns.add<FoldIterOfIterator>(patterns.getContext());
  patterns.add(CheckInitReturnOp::canonicalize);
  populateExceptionPatterns(patterns, state);
  populateAutogradFunctionPatterns(patterns, state);
}
