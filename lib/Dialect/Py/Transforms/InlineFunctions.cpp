//===- InlineFunctions.cpp - Inline module-level Python functions ---------===//
//
// Dynamo's InliningInstructionTranslator, as MLIR inlining: a call of a known
// `def` becomes a copy of its `py.func` body (through the py dialect's
// inliner interface), its parameters bound to the call's arguments as Python
// binds them.
//
//===----------------------------------------------------------------------===//

#include "dynamir/Dialect/Py/Transforms/Passes.h"

#include "Exceptions.h"
#include "Objects.h"
#include "ResolveEnvironment.h"
#include "Super.h"

#include "dynamir/Dialect/Py/IR/PyAttributes.h"
#include "dynamir/Dialect/TG/IR/TGOps.h"

#include "mlir/IR/Dominance.h"
#include "mlir/Transforms/InliningUtils.h"
#include "llvm/Support/FormatVariadic.h"

namespace dynamir::py {
#define GEN_PASS_DEF_INLINEFUNCTIONS
#include "dynamir/Dialect/Py/Transforms/Passes.h.inc"
} // namespace dynamir::py

using namespace mlir;
using namespace dynamir;
using namespace dynamir::py;

namespace {
/// Code Dynamir does not inline: generators and coroutines.
constexpr CodeFlags kUnsupportedFlags = CodeFlags::generator |
                                        CodeFlags::coroutine | CodeFlags::iterable_coroutine |
                                        CodeFlags::async_generator;

/// What a call (or a property read) runs: a function of the environment,
/// with `self` bound where it is a method, and the guard the resolution
/// relies on.
struct InlineTarget {
  FuncOp code;
  /// The function as the environment holds it; null for a function made in
  /// the region, whose defaults and cells are values instead.
  FunctionAttr function;
  ArrayAttr constantDefaults;
  SmallVector<Value> defaults;
  SmallVector<Value> cells;
  /// The first argument a bound method supplies; or the class a classmethod
  /// found through `super()` binds: `type(obj)`, `obj` being `selfClassOf`.
  Value self;
  ClassOp selfClass;
  Value selfClassOf;
  /// The `functools.partial` a global holds, whose function this is.
  PartialAttr partial;
  /// CLOSURE_MATCH on a global, TYPE_MATCH on the object a method was found
  /// through, or the guards of a global partial (see guardPartial).
  enum { NoGuard, GlobalClosure, ObjectType, GlobalPartial, SuperClosure } guard = NoGuard;
  Value guarded;
  tg::SourceAttr source;
  FlatSymbolRefAttr cls;
  /// For SuperClosure on an instance the region made: the guard reads
  /// `mroClass.__mro__[mroIndex].name` (the instance has no source).
  Value mroClass;
  int64_t mroIndex = 0;
  /// For CLOSURE_MATCH on a function found through a class of known
  /// source: the guard reads `memberClass.name`.
  Value memberClass;
  /// The `__self__` of a bound method (`types.MethodType`) found through
  /// `super()`: a constant, or an object or class read from the method
  /// under ID_MATCH on `source.__self__`.
  Attribute boundSelf;
};

/// CLOSURE_MATCH on `G['C'].name` for a function found through the class
/// `cls` (a value under ID_MATCH), as Dynamo guards a function it reads
/// from a class before inlining it.
void guardClassMember(InlineTarget &target, Value cls, StringRef name) {
  auto guard = dyn_cast_or_null<tg::GuardOpInterface>(cls.getDefiningOp());
  if (!guard || target.guard != InlineTarget::NoGuard)
    return;
  target.guard = InlineTarget::SuperClosure;
  target.memberClass = cls;
  target.source = guard.getSource().attr(name);
}

/// The function of an environment value, where it is one Dynamir can inline:
/// its closure cells hold constants, and it is not a generator or coroutine.
std::optional<InlineTarget> getInlinable(ModuleOp module, Attribute value) {
  auto function = dyn_cast_or_null<FunctionAttr>(value);
  if (!function)
    return std::nullopt;
  auto code = module.lookupSymbol<FuncOp>(function.getCode());
  if (!code || code.isExternal())
    return std::nullopt;
  if ((code.getFlags() & kUnsupportedFlags) != CodeFlags::none)
    return std::nullopt;
  size_t numCells = function.getClosure() ? function.getClosure().size() : 0;
  if (numCells != code.getFreevars().size() ||
      code.getBody().front().getNumArguments() != code.getNumParameters() + numCells)
    return std::nullopt;
  // Cells hold constants, or a class (the `__class__` cell of a method).
  if (function.getClosure() && !llvm::all_of(function.getClosure(), [&](Attribute cell) {
        auto ref = dyn_cast<RefAttr>(cell);
        return isPythonConstant(cell) || (ref && module.lookupSymbol<ClassOp>(ref.getSymbol()));
      }))
    return std::nullopt;
  InlineTarget target;
  target.code = code;
  target.function = function;
  return target;
}

/// A function made in the region (`def` or `lambda` inside the entry, or
/// 3.11's comprehension function): its defaults and cells are the values the
/// code gave `py.make_function`, so no guard is needed.
std::optional<InlineTarget> getInlinable(ModuleOp module, MakeFunctionOp make) {
  auto code = module.lookupSymbol<FuncOp>(make.getFunctionAttr());
  if (!code || code.isExternal() || make.getKwdefaults())
    return std::nullopt;
  if ((code.getFlags() & kUnsupportedFlags) != CodeFlags::none)
    return std::nullopt;
  InlineTarget target;
  target.code = code;
  auto elementsOf = [](Value tuple, SmallVectorImpl<Value> &elements) {
    auto build = tuple.getDefiningOp<BuildTupleOp>();
    if (!build)
      return false;
    llvm::append_range(elements, build.getOperands());
    return true;
  };
  if (Value defaults = make.getDefaults()) {
    // A constant tuple of defaults, or one built from values.
    if (auto constant = defaults.getDefiningOp<ConstantOp>()) {
      target.constantDefaults = dyn_cast<ArrayAttr>(constant.getValue());
      if (!target.constantDefaults)
        return std::nullopt;
    } else if (!elementsOf(defaults, target.defaults)) {
      return std::nullopt;
    }
  }
  if (Value closure = make.getClosure())
    if (!elementsOf(closure, target.cells))
      return std::nullopt;
  if (target.cells.size() != code.getFreevars().size() ||
      code.getBody().front().getNumArguments() != code.getNumParameters() + target.cells.size())
    return std::nullopt;
  return target;
}

/// The source of the guard that made `value` known.
tg::SourceAttr getSourceOf(Value value) {
  auto guard = dyn_cast_or_null<tg::GuardOpInterface>(value.getDefiningOp());
  return guard ? guard.getSource() : tg::SourceAttr();
}

/// A method found on an object of the environment through its class: bound
/// to the object, under TYPE_MATCH on it.
std::optional<InlineTarget> bindMethod(ModuleOp module, const Environment &env,
                                       Value object, Operation *symbol,
                                       const AttributeLookup &found) {
  Attribute value = found.value;
  bool bind = true;
  if (auto method = dyn_cast<StaticMethodAttr>(value)) {
    value = method.getFunction();
    bind = false;
  } else if (auto method = dyn_cast<ClassMethodAttr>(value)) {
    // Bound to the class: the object's, through an instance.
    value = method.getFunction();
    if (auto instance = dyn_cast<ObjectOp>(symbol)) {
      std::optional<InlineTarget> target = getInlinable(module, value);
      if (!target || !env.getClassOf(instance))
        return std::nullopt;
      target->selfClass = env.getClassOf(instance);
      target->selfClassOf = object;
      target->guard = InlineTarget::ObjectType;
      target->guarded = object;
      target->source = getSourceOf(object);
      target->cls = instance.getClsAttr();
      return target;
    }
  } else if (isa<ClassOp>(symbol) || !found.fromClass) {
    // A function through its class, or an instance's own attribute.
    bind = false;
  }
  std::optional<InlineTarget> target = getInlinable(module, value);
  if (!target)
    return std::nullopt;
  if (bind)
    target->self = object;
  if (auto instance = dyn_cast<ObjectOp>(symbol)) {
    target->guard = InlineTarget::ObjectType;
    target->guarded = object;
    target->source = getSourceOf(object);
    target->cls = instance.getClsAttr();
  }
  return target;
}

/// A function found through `super()` (see lookupSuper): bound to the
/// object as a method (unbound when the object is a class), a staticmethod
/// unbound, a classmethod bound to the class (the object, or its type), under
/// CLOSURE_MATCH on its source `type(G['c']).__mro__[i].name`.
std::optional<InlineTarget> bindSuper(ModuleOp module, const Environment &env, GetAttrOp attr,
                                      SuperOp super) {
  std::optional<SuperLookup> found = lookupSuper(env, super, attr.getName());
  if (!found || !found->value)
    return std::nullopt;
  Attribute value = found->value;
  bool bindObject = !found->objectIsClass, bindClass = false;
  Attribute boundSelf;
  if (auto method = dyn_cast<MethodAttr>(value)) {
    // A bound method does not bind again: it calls its function with its
    // own `__self__`, which is read from it under a guard where it is an
    // object (so the method needs a source).
    value = method.getFunction();
    boundSelf = method.getSelf();
    bindObject = false;
    if (!isPythonConstant(boundSelf) && !found->source)
      return std::nullopt;
    if (!isPythonConstant(boundSelf) && !isa<RefAttr>(boundSelf))
      return std::nullopt;
  } else if (auto method = dyn_cast<StaticMethodAttr>(value)) {
    value = method.getFunction();
    bindObject = false;
  } else if (auto method = dyn_cast<ClassMethodAttr>(value)) {
    value = method.getFunction();
    bindObject = found->objectIsClass;
    bindClass = !found->objectIsClass;
  }
  std::optional<InlineTarget> target = getInlinable(module, value);
  if (!target)
    return std::nullopt;
  target->boundSelf = boundSelf;
  if (bindObject)
    target->self = super.getSelf();
  if (bindClass) {
    // `type(obj)` of an instance the region made is the class it was made of.
    if (auto made = super.getSelf().getDefiningOp<NewObjectOp>()) {
      target->self = made.getCls();
    } else {
      target->selfClass = found->searched;
      target->selfClassOf = super.getSelf();
    }
  }
  if (found->source) {
    target->guard = InlineTarget::SuperClosure;
    target->guarded = attr.getResult();
    target->source = found->source;
    if (auto made = super.getSelf().getDefiningOp<NewObjectOp>()) {
      target->mroClass = made.getCls();
      target->mroIndex = found->index;
    }
  }
  return target;
}

/// A member of the class of an instance the region made, read from the
/// instance where its `__dict__` does not hold the name: a function bound
/// to the instance, a staticmethod unbound, a classmethod bound to the
/// class the instance was made of (`type(obj)`). The instance's type is
/// known by construction; the function is guarded with CLOSURE_MATCH on
/// `G['Cls'].name`.
std::optional<InlineTarget> bindInstanceMember(ModuleOp module, const Environment &env,
                                               NewObjectOp object, Operation *at,
                                               StringRef name) {
  std::optional<InstanceModel> model = getInstanceModel(env, object);
  if (!model)
    return std::nullopt;
  // Special methods are looked up on the type, never in the instance.
  bool special = name.starts_with("__") && name.ends_with("__");
  if (!special &&
      findInstanceAttribute(env, object, name, at).kind != InstanceAttribute::Absent)
    return std::nullopt;
  std::optional<ClassMember> found = lookupClassMember(env, model->cls, name);
  if (!found || !found->value)
    return std::nullopt;
  Attribute value = found->value;
  Value self = object.getResult();
  if (auto method = dyn_cast<StaticMethodAttr>(value)) {
    value = method.getFunction();
    self = nullptr;
  } else if (auto method = dyn_cast<ClassMethodAttr>(value)) {
    value = method.getFunction();
    self = object.getCls();
  }
  std::optional<InlineTarget> target = getInlinable(module, value);
  if (!target)
    return std::nullopt;
  target->self = self;
  if (!isa<ClassMethodAttr>(found->value))
    guardClassMember(*target, object.getCls(), name);
  return target;
}

/// The method calling an instance of `cls` runs: its class's `__call__`,
/// or an nn.Module's `forward` where the `__call__` is Module's (Dynamir
/// records no hooks).
StringRef getCallMethod(const Environment &env, ClassOp cls) {
  std::optional<ClassMember> call = lookupClassMember(env, cls, "__call__");
  if (call && !call->value && call->owner.getSymName() == "torch.nn.Module")
    return "forward";
  return "__call__";
}

/// What `call` runs, when the environment knows it: a global function
/// (`helper(x)`), a method of a known object or class (`self.block(x)`,
/// `Cls.make(x)`), or a known object that is called (`model(x)`: an
/// `nn.Module` runs its `forward`, another object its `__call__`).
std::optional<InlineTarget> resolveCallee(ModuleOp module, const Environment &env,
                                          CallOp call) {
  Value callee = call.getCallee();
  auto load = callee.getDefiningOp<LoadGlobalOp>();
  if (!load)
    if (auto guard = callee.getDefiningOp<tg::GuardClosureOp>())
      load = guard.getInput().getDefiningOp<LoadGlobalOp>();
  if (auto make = callee.getDefiningOp<MakeFunctionOp>())
    return getInlinable(module, make);
  if (load) {
    Attribute value = env.lookupGlobal(load.getName());
    // A partial of a function, with constant arguments.
    if (auto partial = dyn_cast_or_null<PartialAttr>(value)) {
      if (!llvm::all_of(partial.getArgs(), isPythonConstant) ||
          !llvm::all_of(partial.getKwvalues(), isPythonConstant))
        return std::nullopt;
      std::optional<InlineTarget> target = getInlinable(module, partial.getFunction());
      if (target) {
        target->partial = partial;
        target->guard = InlineTarget::GlobalPartial;
      }
      return target;
    }
    std::optional<InlineTarget> target = getInlinable(module, value);
    if (target)
      target->guard = InlineTarget::GlobalClosure;
    return target;
  }
  if (auto attr = callee.getDefiningOp<GetAttrOp>()) {
    if (auto super = attr.getObject().getDefiningOp<SuperOp>())
      return bindSuper(module, env, attr, super);
    if (auto made = attr.getObject().getDefiningOp<NewObjectOp>()) {
      std::optional<ClassMember> found = lookupClassMember(
          env, getKnownClass(env, made.getCls()), attr.getName());
      if (found && isa_and_nonnull<PropertyAttr>(found->value))
        return std::nullopt;
      return bindInstanceMember(module, env, made, attr, attr.getName());
    }
    Operation *symbol = getEnvironmentSymbol(env, attr.getObject());
    std::optional<AttributeLookup> found =
        symbol ? env.lookupAttribute(symbol, attr.getName()) : std::nullopt;
    if (!found)
      return std::nullopt;
    std::optional<InlineTarget> target =
        bindMethod(module, env, attr.getObject(), symbol, *found);
    // A function or staticmethod read from a class is the function itself.
    if (target && isa<ClassOp>(symbol) && isa<FunctionAttr, StaticMethodAttr>(found->value))
      guardClassMember(*target, attr.getObject(), attr.getName());
    return target;
  }
  // An instance the region made: a Module (once `Module.__init__` has run)
  // runs its forward, another instance its class's `__call__`.
  if (auto made = callee.getDefiningOp<NewObjectOp>()) {
    std::optional<InstanceModel> model = getInstanceModel(env, made);
    if (!model)
      return std::nullopt;
    StringRef method = getCallMethod(env, model->cls);
    if (method == "forward" && !isModuleInitialized(env, made, call))
      return std::nullopt;
    return bindInstanceMember(module, env, made, call, method);
  }
  auto object = dyn_cast_or_null<ObjectOp>(getEnvironmentSymbol(env, callee));
  ClassOp cls = object ? env.getClassOf(object) : ClassOp();
  if (!cls || object.getOpaque())
    return std::nullopt;
  // The library modules' forwards are py-map-torch's.
  std::optional<AttributeLookup> found = env.lookupInMro(cls, getCallMethod(env, cls));
  if (!found || found->owner.getLibrary())
    return std::nullopt;
  return bindMethod(module, env, callee, object, *found);
}

/// What reading a property runs: its getter, bound to the object.
std::optional<InlineTarget> resolveProperty(ModuleOp module, const Environment &env,
                                            GetAttrOp read) {
  if (auto made = read.getObject().getDefiningOp<NewObjectOp>()) {
    std::optional<ClassMember> found =
        lookupClassMember(env, getKnownClass(env, made.getCls()), read.getName());
    if (!found || !isa_and_nonnull<PropertyAttr>(found->value))
      return std::nullopt;
    // A property is a data descriptor: it wins over the instance's `__dict__`.
    std::optional<InlineTarget> target =
        getInlinable(module, cast<PropertyAttr>(found->value).getFget());
    if (target)
      target->self = made.getResult();
    return target;
  }
  auto object = dyn_cast_or_null<ObjectOp>(getEnvironmentSymbol(env, read.getObject()));
  std::optional<AttributeLookup> found =
      object ? env.lookupAttribute(object, read.getName()) : std::nullopt;
  auto property = found ? dyn_cast<PropertyAttr>(found->value) : PropertyAttr();
  if (!property)
    return std::nullopt;
  AttributeLookup getter = *found;
  getter.value = property.getFget();
  return bindMethod(module, env, read.getObject(), object, getter);
}

/// `type(obj)` as a value: read from the object, under ID_MATCH on the
/// source `type(G['c'])` as Dynamo sources it; by symbol where the object
/// has no source.
Value bindClassOf(OpBuilder &builder, Location loc, Value object, ClassOp cls) {
  Type objectType = object.getType();
  auto symbol = FlatSymbolRefAttr::get(cls.getSymNameAttr());
  tg::SourceAttr source = getSourceOf(object);
  if (!source)
    return builder.create<ClassRefOp>(loc, objectType, symbol);
  Value read = builder.create<GetAttrOp>(loc, objectType, object, "__class__");
  return builder.create<tg::GuardIdOp>(loc, objectType, read, source.type(), symbol);
}

/// The `__self__` of a bound method found through `super()`: a constant as
/// itself, an object or class read from the method (the value its
/// CLOSURE_MATCH reads) under ID_MATCH on `<method>.__self__`. What it
/// makes goes into `made`.
Value bindMethodSelf(OpBuilder &builder, Location loc, InlineTarget &target,
                     SmallVectorImpl<Operation *> &made) {
  Type objectType = ObjectType::get(builder.getContext());
  Attribute self = target.boundSelf;
  if (isPythonConstant(self)) {
    made.push_back(builder.create<ConstantOp>(loc, objectType, self));
    return made.back()->getResult(0);
  }
  auto ref = cast<RefAttr>(self);
  if (!target.source || target.guard != InlineTarget::SuperClosure)
    return {};
  Value method = target.guarded;
  // Erased in this order if the binding fails: users first.
  SmallVector<Operation *> chain;
  if (target.mroClass) {
    method = readFromMro(builder, loc, target.mroClass, target.mroIndex,
                         cast<GetAttrOp>(target.guarded.getDefiningOp()).getName());
    Operation *name = method.getDefiningOp();
    Operation *item = name->getOperand(0).getDefiningOp();
    chain = {name, item, item->getOperand(1).getDefiningOp(),
             item->getOperand(0).getDefiningOp()};
  }
  auto read = builder.create<GetAttrOp>(loc, objectType, method, "__self__");
  auto guard = builder.create<tg::GuardIdOp>(loc, objectType, read, target.source.attr("__self__"),
                                             ref.getSymbol());
  made.push_back(guard);
  made.push_back(read);
  llvm::append_range(made, chain);
  return guard.getResult();
}

/// `'a'`, `'a' and 'b'`, `'a', 'b', and 'c'`: how CPython lists missing
/// arguments.
std::string listNames(ArrayRef<StringRef> names) {
  std::string text;
  for (size_t i = 0; i < names.size(); ++i) {
    if (i > 0)
      text += names.size() == 2 ? " and " : i + 1 == names.size() ? ", and " : ", ";
    text += ("'" + names[i] + "'").str();
  }
  return text;
}

/// The TypeError CPython raises when it binds `numGiven` positional
/// arguments and the keywords `kwnames` to `code`'s parameters
/// (`initialize_locals` in ceval.c, whose checks and messages this follows
/// in order); nothing where they bind. `numDefaults` defaults cover the last
/// positional parameters; `hasKwdefault` says whether a keyword-only
/// parameter has one, nothing where Dynamir does not know.
std::optional<std::string>
diagnoseBinding(FuncOp code, size_t numGiven, ArrayRef<Attribute> kwnames, size_t numDefaults,
                llvm::function_ref<std::optional<bool>(StringRef)> hasKwdefault) {
  unsigned numPositional = code.getArgcount(), numKwonly = code.getKwonlyargcount();
  unsigned numPosonly = code.getPosonlyargcount();
  bool varargs = bitEnumContainsAll(code.getFlags(), CodeFlags::varargs);
  bool varkw = bitEnumContainsAll(code.getFlags(), CodeFlags::varkeywords);
  SmallVector<StringRef> names = llvm::map_to_vector(
      code.getVarnames().getValue().take_front(numPositional + numKwonly),
      [](Attribute name) { return cast<StringAttr>(name).getValue(); });
  StringRef qualname = code.getQualname();
  unsigned minor = getPythonMinor(code->getParentOfType<ModuleOp>());
  SmallVector<bool> bound(names.size(), false);
  for (size_t i = 0; i < std::min<size_t>(numGiven, numPositional); ++i)
    bound[i] = true;
  for (Attribute attr : kwnames) {
    StringRef name = cast<StringAttr>(attr).getValue();
    auto it = llvm::find(ArrayRef(names).drop_front(numPosonly), name);
    if (it == names.end()) {
      if (varkw)
        continue;
      SmallVector<StringRef> posonly;
      for (Attribute other : kwnames)
        if (llvm::is_contained(ArrayRef(names).take_front(numPosonly),
                               cast<StringAttr>(other).getValue()))
          posonly.push_back(cast<StringAttr>(other).getValue());
      if (!posonly.empty())
        return (qualname + "() got some positional-only arguments passed as keyword "
                           "arguments: '" + llvm::join(posonly, ", ") + "'")
            .str();
      std::string message = (qualname + "() got an unexpected keyword argument '" + name + "'").str();
      // 3.13 suggests the closest name a keyword could have had.
      if (minor >= 13)
        if (std::optional<StringRef> suggestion =
                suggestName(ArrayRef(names).drop_front(numPosonly), name))
          message += (". Did you mean '" + *suggestion + "'?").str();
      return message;
    }
    size_t index = it - names.begin();
    if (bound[index])
      return (qualname + "() got multiple values for argument '" + name + "'").str();
    bound[index] = true;
  }
  if (numGiven > numPositional && !varargs) {
    size_t kwonlyGiven = llvm::count(ArrayRef(bound).drop_front(numPositional), true);
    std::string signature =
        numDefaults ? llvm::formatv("from {0} to {1}", numPositional - numDefaults, numPositional)
                          .str()
                    : std::to_string(numPositional);
    bool plural = numDefaults || numPositional != 1;
    std::string kwonly =
        kwonlyGiven ? llvm::formatv(" positional argument{0} (and {1} keyword-only argument{2})",
                                    numGiven != 1 ? "s" : "", kwonlyGiven,
                                    kwonlyGiven != 1 ? "s" : "")
                          .str()
                    : std::string();
    return llvm::formatv("{0}() takes {1} positional argument{2} but {3}{4} {5} given", qualname,
                         signature, plural ? "s" : "", numGiven, kwonly,
                         numGiven == 1 && !kwonlyGiven ? "was" : "were")
        .str();
  }
  auto missing = [&](ArrayRef<StringRef> which, StringRef kind) {
    return llvm::formatv("{0}() missing {1} required {2} argument{3}: {4}", qualname,
                         which.size(), kind, which.size() == 1 ? "" : "s", listNames(which))
        .str();
  };
  SmallVector<StringRef> absent;
  for (size_t i = numGiven; i + numDefaults < numPositional; ++i)
    if (!bound[i])
      absent.push_back(names[i]);
  if (!absent.empty())
    return missing(absent, "positional");
  for (size_t i = numPositional; i < names.size(); ++i) {
    if (bound[i])
      continue;
    std::optional<bool> has = hasKwdefault(names[i]);
    if (!has)
      return std::nullopt;
    if (!*has)
      absent.push_back(names[i]);
  }
  if (!absent.empty())
    return missing(absent, "keyword-only");
  return std::nullopt;
}

/// The arguments bound to the function's entry block, as Python binds them
/// (`self` first for a method; positional, keyword, defaults, keyword-only
/// defaults, the rest into `*args`, other keywords into `**kwargs`), then
/// the closure's cells. Nothing where Python would raise TypeError (its
/// message in `typeError`) or where Dynamir does not know a default.
std::optional<SmallVector<Value>> bindArguments(OpBuilder &builder, Location loc,
                                                InlineTarget &target, ValueRange positional,
                                                ArrayRef<Attribute> kwnames, ValueRange keywords,
                                                std::string &typeError) {
  FuncOp code = target.code;
  Type objectType = ObjectType::get(builder.getContext());
  unsigned numPositional = code.getArgcount(), numKwonly = code.getKwonlyargcount();
  bool varargs = bitEnumContainsAll(code.getFlags(), CodeFlags::varargs);
  bool varkw = bitEnumContainsAll(code.getFlags(), CodeFlags::varkeywords);
  ArrayRef<Attribute> names = code.getVarnames().getValue().take_front(numPositional + numKwonly);
  SmallVector<Value> args;
  // What binding makes before it knows it succeeds, to erase if it fails.
  SmallVector<Operation *> made;
  if (target.boundSelf) {
    Value self = bindMethodSelf(builder, loc, target, made);
    if (!self)
      return std::nullopt;
    args.push_back(self);
  } else if (target.self) {
    args.push_back(target.self);
  } else if (target.selfClass) {
    Value cls = bindClassOf(builder, loc, target.selfClassOf, target.selfClass);
    made.push_back(cls.getDefiningOp());
    if (auto guard = cls.getDefiningOp<tg::GuardIdOp>())
      made.push_back(guard.getInput().getDefiningOp());
    args.push_back(cls);
  }
  // A partial's arguments come first; the call's keywords override its own.
  SmallVector<Attribute> partialNames;
  SmallVector<Value> partialValues;
  if (PartialAttr partial = target.partial) {
    auto constant = [&](Attribute value) -> Value {
      made.push_back(builder.create<ConstantOp>(loc, objectType, value));
      return made.back()->getResult(0);
    };
    for (Attribute value : partial.getArgs())
      args.push_back(constant(value));
    for (auto [name, value] : llvm::zip(partial.getKwnames(), partial.getKwvalues())) {
      if (llvm::is_contained(kwnames, name))
        continue;
      partialNames.push_back(name);
      partialValues.push_back(constant(value));
    }
    llvm::append_range(partialNames, kwnames);
    llvm::append_range(partialValues, keywords);
    kwnames = partialNames;
    keywords = partialValues;
  }
  // What a failed binding made goes.
  auto fail = [&]() -> std::optional<SmallVector<Value>> {
    for (Operation *op : made)
      op->erase();
    return std::nullopt;
  };
  llvm::append_range(args, positional);
  FunctionAttr function = target.function;
  ArrayAttr defaults = function ? function.getDefaults() : target.constantDefaults;
  size_t numDefaults = defaults ? defaults.size() : target.defaults.size();
  auto hasKwdefault = [&](StringRef name) -> std::optional<bool> {
    if (!function)
      return std::nullopt;
    return function.getKwdefaults() && function.getKwdefaults().get(name);
  };
  if (std::optional<std::string> error =
          diagnoseBinding(code, args.size(), kwnames, numDefaults, hasKwdefault)) {
    typeError = *error;
    return fail();
  }
  // diagnoseBinding ruled out what CPython refuses: too many positional
  // arguments, unknown keywords, a value given twice.
  SmallVector<Value> extra;
  if (args.size() > numPositional) {
    assert(varargs && "too many positional arguments bind");
    extra.assign(args.begin() + numPositional, args.end());
    args.truncate(numPositional);
  }
  // Bind first, build after: a call that does not bind leaves no trace.
  SmallVector<Value> bound(numPositional + numKwonly);
  SmallVector<Attribute> fallback(bound.size());
  llvm::copy(args, bound.begin());
  SmallVector<Attribute> extraNames;
  SmallVector<Value> extraKeywords;
  for (auto [name, value] : llvm::zip(kwnames, keywords)) {
    auto it = llvm::find(names, name);
    size_t index = it - names.begin();
    // Unknown or positional-only: into `**kwargs`, where there is one.
    if (it == names.end() || index < code.getPosonlyargcount()) {
      assert(varkw && "an unknown keyword binds");
      extraNames.push_back(name);
      extraKeywords.push_back(value);
      continue;
    }
    assert(!bound[index] && "a parameter is given twice");
    bound[index] = value;
  }
  for (unsigned i = 0; i < bound.size(); ++i) {
    if (bound[i])
      continue;
    bool hasDefault = i < numPositional && i + numDefaults >= numPositional;
    size_t d = i + numDefaults - numPositional;
    if (hasDefault && !defaults) {
      // Defaults the code computed.
      bound[i] = target.defaults[d];
      continue;
    }
    if (hasDefault)
      fallback[i] = defaults[d];
    else if (i >= numPositional && function && function.getKwdefaults())
      fallback[i] = function.getKwdefaults().get(cast<StringAttr>(names[i]).getValue());
    if (!fallback[i] || !isPythonConstant(fallback[i]))
      return fail();
  }
  for (unsigned i = 0; i < bound.size(); ++i)
    if (!bound[i])
      bound[i] = builder.create<ConstantOp>(loc, objectType, fallback[i]);
  if (varargs)
    bound.push_back(builder.create<BuildTupleOp>(loc, objectType, extra));
  if (varkw) {
    SmallVector<Value> keys = llvm::map_to_vector(extraNames, [&](Attribute name) -> Value {
      return builder.create<ConstantOp>(loc, objectType, name);
    });
    bound.push_back(builder.create<BuildDictOp>(loc, objectType, keys, extraKeywords));
  }
  llvm::append_range(bound, target.cells);
  if (ArrayAttr closure = function ? function.getClosure() : ArrayAttr())
    for (Attribute value : closure) {
      Value contents;
      if (auto ref = dyn_cast<RefAttr>(value))
        contents = builder.create<ClassRefOp>(loc, objectType, ref.getSymbol());
      else
        contents = builder.create<ConstantOp>(loc, objectType, value);
      bound.push_back(builder.create<MakeCellOp>(loc, objectType, contents));
    }
  return bound;
}

struct InlineFunctionsPass
    : dynamir::py::impl::InlineFunctionsBase<InlineFunctionsPass> {
  using InlineFunctionsBase::InlineFunctionsBase;

  void runOnOperation() override {
    ModuleOp module = getOperation();
    FuncOp entry = getCaptureEntry(module);
    if (!entry)
      return signalPassFailure();
    Environment env(module);
    InlinerInterface interface(&getContext());
    // Each round inlines the calls present at its start, so a chain of n
    // calls takes n rounds; a recursive function stops at the limit.
    for (unsigned round = 0; round < maxDepth; ++round) {
      SmallVector<std::pair<Operation *, InlineTarget>> sites;
      entry.walk([&](Operation *op) {
        std::optional<InlineTarget> target;
        if (auto call = dyn_cast<CallOp>(op))
          target = resolveCallee(module, env, call);
        else if (auto read = dyn_cast<GetAttrOp>(op))
          target = resolveProperty(module, env, read);
        if (target)
          sites.emplace_back(op, *target);
      });
      if (sites.empty())
        return;
      bool changed = false;
      for (auto &[site, target] : sites) {
        FailureOr<bool> inlined = inlineAt(interface, env, site, target);
        if (failed(inlined))
          return signalPassFailure();
        changed |= *inlined;
      }
      if (!changed)
        return;
    }
  }

  /// A load the module binds cannot raise: where an earlier call already
  /// guarded the global (a `GuardOpT` on `source` that dominates the load),
  /// the load is that guard's value, and goes.
  template <typename GuardOpT>
  static bool useEarlierGuard(LoadGlobalOp load, tg::SourceAttr source) {
    GuardOpT earlier;
    DominanceInfo dominance(load->getParentOp());
    load->getParentOp()->walk([&](GuardOpT other) {
      if (!earlier && other.getSource() == source &&
          dominance.properlyDominates(other.getOperation(), load))
        earlier = other;
    });
    if (!earlier)
      return false;
    load.getResult().replaceAllUsesWith(earlier.getResult());
    load->erase();
    return true;
  }

  /// Guards what the resolution relied on, before the site.
  void guard(OpBuilder &builder, Operation *site, InlineTarget &target) {
    if (target.guard == InlineTarget::ObjectType) {
      if (!target.source)
        return;
      auto guard = builder.create<tg::GuardTypeOp>(site->getLoc(), target.guarded.getType(),
                                                   target.guarded, target.source, target.cls);
      builder.create<tg::AssumeOp>(site->getLoc(), guard.getResult());
      return;
    }
    if (target.guard == InlineTarget::GlobalPartial)
      return guardPartial(builder, cast<CallOp>(site), target);
    if (target.guard == InlineTarget::SuperClosure) {
      Value guarded = target.guarded;
      if (target.mroClass)
        guarded = readFromMro(builder, site->getLoc(), target.mroClass, target.mroIndex,
                              cast<GetAttrOp>(guarded.getDefiningOp()).getName());
      else if (target.memberClass)
        guarded = builder.create<GetAttrOp>(site->getLoc(), target.memberClass.getType(),
                                            target.memberClass,
                                            target.source.getName());
      auto closure = builder.create<tg::GuardClosureOp>(
          site->getLoc(), guarded.getType(), guarded, target.source,
          FlatSymbolRefAttr::get(target.code.getSymNameAttr()));
      builder.create<tg::AssumeOp>(site->getLoc(), closure.getResult());
      return;
    }
    if (target.guard != InlineTarget::GlobalClosure)
      return;
    auto call = cast<CallOp>(site);
    Value callee = call.getCallee();
    if (callee.getDefiningOp<tg::GuardClosureOp>())
      return;
    auto load = callee.getDefiningOp<LoadGlobalOp>();
    auto source = tg::SourceAttr::getGlobal(&getContext(), load.getName());
    if (useEarlierGuard<tg::GuardClosureOp>(load, source))
      return;
    OpBuilder::InsertionGuard insertion(builder);
    builder.setInsertionPointAfter(load);
    auto closure = builder.create<tg::GuardClosureOp>(
        load.getLoc(), load.getType(), load.getResult(), source,
        FlatSymbolRefAttr::get(target.code.getSymNameAttr()));
    load.getResult().replaceAllUsesExcept(closure.getResult(), closure);
    builder.create<tg::AssumeOp>(load.getLoc(), closure.getResult());
  }

  /// The guards Dynamo installs for a global `functools.partial`
  /// (FunctoolsPartialVariable): TYPE_MATCH on it, CLOSURE_MATCH on its
  /// `.func`, SEQUENCE_LENGTH on its `.args` and DICT_KEYS_MATCH on its
  /// `.keywords`, and CONSTANT_MATCH on each argument given ahead.
  void guardPartial(OpBuilder &builder, CallOp call, InlineTarget &target) {
    auto load = call.getCallee().getDefiningOp<LoadGlobalOp>();
    Location loc = load.getLoc();
    MLIRContext *context = &getContext();
    Type objectType = load.getType();
    OpBuilder::InsertionGuard insertion(builder);
    builder.setInsertionPointAfter(load);
    auto assume = [&](Value guarded) { builder.create<tg::AssumeOp>(loc, guarded); };
    auto source = tg::SourceAttr::getGlobal(context, load.getName());
    if (useEarlierGuard<tg::GuardTypeOp>(load, source))
      return;
    auto partial = builder.create<tg::GuardTypeOp>(loc, objectType, load.getResult(), source,
                                                   builder.getStringAttr("functools.partial"));
    load.getResult().replaceAllUsesExcept(partial.getResult(), partial);
    assume(partial.getResult());
    auto member = [&](StringRef name) {
      return builder.create<GetAttrOp>(loc, objectType, partial.getResult(), name).getResult();
    };
    auto func = builder.create<tg::GuardClosureOp>(
        loc, objectType, member("func"), source.attr("func"),
        FlatSymbolRefAttr::get(target.code.getSymNameAttr()));
    assume(func.getResult());
    PartialAttr value = target.partial;
    auto args = builder.create<tg::GuardLengthOp>(
        loc, objectType, member("args"), source.attr("args"),
        builder.getStringAttr("builtins.tuple"),
        builder.getI64IntegerAttr(value.getArgs().size()));
    assume(args.getResult());
    for (auto [i, arg] : llvm::enumerate(value.getArgs())) {
      Value index = builder.create<ConstantOp>(loc, objectType, IntAttr::get(context, i));
      Value item = builder.create<GetItemOp>(loc, objectType, args.getResult(), index);
      assume(builder.create<tg::GuardConstantOp>(loc, objectType, item,
                                                 source.attr("args").item(i), arg));
    }
    auto keywords = builder.create<tg::GuardDictKeysOp>(
        loc, objectType, member("keywords"), source.attr("keywords"), value.getKwnames());
    assume(keywords.getResult());
    for (auto [name, arg] : llvm::zip(value.getKwnames(), value.getKwvalues())) {
      Value key = builder.create<ConstantOp>(loc, objectType, name);
      Value item = builder.create<GetItemOp>(loc, objectType, keywords.getResult(), key);
      StringRef keyName = cast<StringAttr>(name).getValue();
      assume(builder.create<tg::GuardConstantOp>(loc, objectType, item,
                                                 source.attr("keywords").item(keyName), arg));
    }
  }

  /// Inlines the target's body at `site`; false where the arguments do not
  /// bind (Python would raise: the call stays, for capture to report).
  /// Gives the blocks of a body inlined inside a `try` (and the caller's
  /// block before it) the caller's unwind edge: a raise the body does not
  /// catch goes to `handler`, and so does any op that may raise in a block
  /// that had no handler of its own.
  static void addUnwindEdges(ArrayRef<Block *> blocks, Block *handler,
                             ValueRange operands) {
    for (Block *block : blocks) {
      Operation *terminator = block->getTerminator();
      if (auto raise = dyn_cast<RaiseOp>(terminator)) {
        if (raise.getUnwindDest().empty()) {
          OpBuilder builder(raise);
          builder.create<RaiseOp>(raise.getLoc(), raise.getException(), raise.getCause(),
                                  operands, handler);
          raise->erase();
        }
        continue;
      }
      if (auto reraise = dyn_cast<ReraiseOp>(terminator)) {
        if (reraise.getUnwindDest().empty()) {
          OpBuilder builder(reraise);
          builder.create<ReraiseOp>(reraise.getLoc(), reraise.getException(), operands,
                                    handler);
          reraise->erase();
        }
        continue;
      }
      if (isa<UnwindBranchOp>(terminator) || !mayRaiseBefore(terminator))
        continue;
      Block *rest = block->splitBlock(terminator);
      OpBuilder builder = OpBuilder::atBlockEnd(block);
      builder.create<UnwindBranchOp>(terminator->getLoc(), ValueRange(), operands, rest,
                                     handler);
    }
  }

  FailureOr<bool> inlineAt(InlinerInterface &interface, const Environment &env,
                           Operation *site, InlineTarget &target) {
    // Inside a `try`, the body's exceptions go to the caller's handler,
    // with what the handler sees of the caller's locals: values the ops
    // before the site made.
    std::optional<std::pair<Block *, SmallVector<Value>>> edge = getUnwindEdge(site);
    if (!edge)
      return false;
    auto [handler, unwindOperands] = *edge;
    Block *siteBlock = site->getBlock();
    OpBuilder builder(site);
    std::optional<SmallVector<Value>> arguments;
    std::string typeError;
    if (auto call = dyn_cast<CallOp>(site))
      arguments = bindArguments(builder, site->getLoc(), target, call.getPositionalArguments(),
                                call.getKwnames().getValue(), call.getKeywordArguments(),
                                typeError);
    else
      arguments = bindArguments(builder, site->getLoc(), target, {}, {}, {}, typeError);
    if (!arguments && (typeError.empty() || !canRaiseBuiltinException(env, site, "TypeError")))
      return false;
    guard(builder, site, target);
    // The call raises CPython's TypeError where the capture can raise it.
    if (!arguments) {
      IRRewriter rewriter(builder);
      return succeeded(raiseBuiltinException(rewriter, env, site, "TypeError", typeError));
    }
    Region &body = target.code.getBody();
    // MLIR splices a body of one block into the caller and drops its
    // terminator, which is only right for a return: a body that ends in a
    // raise gets an unreachable second block, and is inlined as blocks.
    FuncOp copy;
    Region *inlined = &body;
    Block *unreachable = nullptr;
    if (body.hasOneBlock() && !isa<ReturnOp>(body.front().getTerminator())) {
      copy = target.code.clone();
      unreachable = new Block();
      copy.getBody().push_back(unreachable);
      OpBuilder end = OpBuilder::atBlockEnd(unreachable);
      Type objectType = ObjectType::get(&getContext());
      end.create<ReturnOp>(site->getLoc(),
                           end.create<ConstantOp>(site->getLoc(), objectType,
                                                  NoneAttr::get(&getContext())));
      inlined = &copy.getBody();
    }
    Region *caller = siteBlock->getParent();
    Operation *siteTerminator = siteBlock->getTerminator();
    llvm::SmallPtrSet<Block *, 16> before;
    for (Block &block : *caller)
      before.insert(&block);
    LogicalResult result =
        inlineRegion(interface, inlined, site, *arguments, site->getResults(), site->getLoc(),
                     /*shouldCloneInlinedRegion=*/!copy);
    if (copy)
      copy->erase();
    if (failed(result))
      return site->emitError("could not inline '") << target.code.getQualname() << "'";
    // The caller's block before the site, and the body's blocks; the block
    // after the site keeps the caller's unwind edge.
    SmallVector<Block *> covered;
    if (handler) {
      Block *after = siteTerminator->getBlock();
      if (siteBlock != after)
        covered.push_back(siteBlock);
      for (Block &block : *caller)
        if (!before.contains(&block) && &block != after)
          covered.push_back(&block);
    }
    // The method's lookup on a known object cannot raise: it goes with the call.
    auto call = dyn_cast<CallOp>(site);
    auto attr = call ? call.getCallee().getDefiningOp<GetAttrOp>() : GetAttrOp();
    site->erase();
    if (attr && attr->use_empty())
      attr->erase();
    addUnwindEdges(covered, handler, unwindOperands);
    // The added block, moved into the caller, is reached from nowhere.
    if (unreachable) {
      unreachable->dropAllDefinedValueUses();
      unreachable->erase();
    }
    ++numInlined;
    return true;
  }
};
} // namespace
