//===- Super.cpp - super() lookup through the MRO -------------------------===//
//
// `py.super` of the builtin `super` on a known class and object resolves
// attribute reads as CPython's super_getattro does: the first class after
// `T` in the MRO of `type(obj)` (or of `obj`, a class) whose `__dict__`
// holds the name. A value (a constant, a class, a module) becomes itself
// under a guard on `type(G['c']).__mro__[i].name`; `object.__init__()` is
// nothing; functions and methods are py-inline-functions'.
//
//===----------------------------------------------------------------------===//

#include "Super.h"

#include "Exceptions.h"
#include "Objects.h"

#include "dynamir/Dialect/Py/IR/PyAttributes.h"
#include "dynamir/Dialect/Py/Transforms/Passes.h"


namespace dynamir::py {
#define GEN_PASS_DEF_RESOLVESUPER
#include "dynamir/Dialect/Py/Transforms/Passes.h.inc"
} // namespace dynamir::py

using namespace mlir;
using namespace dynamir;
using namespace dynamir::py;

ClassOp dynamir::py::getKnownClass(const Environment &env, Value value) {
  if (auto ref = value.getDefiningOp<ClassRefOp>())
    return env.lookupClass(ref.getClsAttr());
  return dyn_cast_or_null<ClassOp>(getEnvironmentSymbol(env, value));
}

namespace {
/// What `super(T, obj)` of known operands searches: the MRO of `type(obj)`
/// (of `obj` when it is a class) and where `T` stands in it; nothing where
/// `super` is not the builtin, an operand is unknown, or `T` is not in that
/// MRO (CPython's TypeError: obj is not an instance or subtype of T).
struct SuperSearch {
  ClassOp searched;
  bool objectIsClass = false;
  SmallVector<FlatSymbolRefAttr> mro;
  int64_t start = 0;
};

std::optional<SuperSearch> getSuperSearch(const Environment &env, SuperOp super) {
  auto load = super.getSuperFn().getDefiningOp<LoadGlobalOp>();
  if (!load || load.getName() != "super" || !env.isBuiltin("super"))
    return std::nullopt;
  ClassOp start = getKnownClass(env, super.getCls());
  if (!start)
    return std::nullopt;
  SuperSearch search;
  Value self = super.getSelf();
  if (ClassOp cls = getKnownClass(env, self)) {
    search.searched = cls;
    search.objectIsClass = true;
  } else if (auto object = dyn_cast_or_null<ObjectOp>(getEnvironmentSymbol(env, self))) {
    if (object.getOpaque())
      return std::nullopt;
    search.searched = env.getClassOf(object);
  } else if (auto made = self.getDefiningOp<NewObjectOp>()) {
    search.searched = getKnownClass(env, made.getCls());
  }
  if (!search.searched)
    return std::nullopt;
  search.mro = llvm::to_vector(search.searched.getMro().getAsRange<FlatSymbolRefAttr>());
  auto it = llvm::find_if(search.mro, [&](FlatSymbolRefAttr ref) {
    return ref.getAttr() == start.getSymNameAttr();
  });
  if (it == search.mro.end())
    return std::nullopt;
  search.start = it - search.mro.begin();
  return search;
}
} // namespace

std::optional<SuperLookup> dynamir::py::lookupSuper(const Environment &env, SuperOp super,
                                                    StringRef name) {
  std::optional<SuperSearch> search = getSuperSearch(env, super);
  if (!search)
    return std::nullopt;
  SuperLookup result;
  result.searched = search->searched;
  result.objectIsClass = search->objectIsClass;
  Value self = super.getSelf();
  ArrayRef<FlatSymbolRefAttr> mro = search->mro;
  for (int64_t i = search->start + 1, e = mro.size(); i < e; ++i) {
    ClassOp cls = env.lookupClass(mro[i]);
    if (!cls)
      return std::nullopt;
    MemberOp member = cls.lookupMember(name);
    if (!member) {
      if (!cls.getLibrary())
        continue;
      // A library class's `__dict__` is not spelled out: what Dynamir
      // models of it (`object.__init__`, `nn.Module.__init__`, ...).
      std::optional<bool> has = libraryClassHas(cls, name);
      if (!has)
        return std::nullopt;
      if (!*has)
        continue;
    }
    result.owner = cls;
    result.index = i;
    result.value = member ? member.getValue() : Attribute();
    // type(obj) is read from the object, or is the class an instance the
    // region made was made of.
    tg::SourceAttr searched;
    if (auto guard = dyn_cast_or_null<tg::GuardOpInterface>(self.getDefiningOp()))
      searched = result.objectIsClass ? guard.getSource() : guard.getSource().type();
    else if (auto made = self.getDefiningOp<NewObjectOp>())
      if (auto guard = dyn_cast_or_null<tg::GuardOpInterface>(made.getCls().getDefiningOp()))
        searched = guard.getSource();
    if (searched)
      result.source = searched.attr("__mro__").item(i).attr(name);
    return result;
  }
  return std::nullopt;
}

namespace {
/// The `super()` object of a call `super().name(...)`, and the getattr that
/// only the call uses.
SuperOp getSuperMethodCall(CallOp call, StringRef name, GetAttrOp &attr,
                           bool keywords = false) {
  attr = call.getCallee().getDefiningOp<GetAttrOp>();
  if (!attr || attr.getName() != name || !attr->hasOneUse() ||
      (!keywords && !call.getKwnames().empty()))
    return {};
  return attr.getObject().getDefiningOp<SuperOp>();
}

/// Whether the lookup found the slot `qualified` Dynamir models of a
/// library class (`builtins.object`, `torch.nn.Module`).
bool foundLibrarySlot(const SuperLookup &found, StringRef qualified) {
  return !found.value && ClassOp(found.owner).getSymName() == qualified;
}

bool isObjectInit(const SuperLookup &found) {
  return foundLibrarySlot(found, "builtins.object");
}

/// Erases the read `value` made (by readFromMro) and what only it used.
void eraseUnused(PatternRewriter &rewriter, Value value) {
  SmallVector<Operation *> worklist{value.getDefiningOp()};
  while (!worklist.empty()) {
    Operation *op = worklist.pop_back_val();
    if (!op || !op->use_empty())
      continue;
    SmallVector<Value> operands(op->getOperands());
    rewriter.eraseOp(op);
    for (Value operand : operands)
      if (Operation *def = operand.getDefiningOp(); def && isa<GetAttrOp, GetItemOp, ConstantOp>(def))
        worklist.push_back(def);
  }
}

/// `super().name` that is a value, not something that binds: the value
/// under a guard on its source, as Dynamo's VariableBuilder wraps it
/// (CONSTANT_MATCH for a literal, ID_MATCH for a class or module).
struct ResolveSuperAttribute : ResolvePattern<GetAttrOp> {
  using ResolvePattern::ResolvePattern;

  LogicalResult matchAndRewrite(GetAttrOp op, PatternRewriter &rewriter) const override {
    auto super = op.getObject().getDefiningOp<SuperOp>();
    std::optional<SuperLookup> found =
        super ? lookupSuper(state.env, super, op.getName()) : std::nullopt;
    if (!found || !found->value || isa<PropertyAttr>(found->value))
      return failure();
    // Found in a `__dict__` without running code: unread, the read goes.
    if (op->use_empty()) {
      rewriter.eraseOp(op);
      return success();
    }
    // A value that is called is not a function: TypeError, which the call
    // reports as Dynamo does.
    bool called = llvm::any_of(op->getUsers(), [&](Operation *user) {
      auto call = dyn_cast<CallOp>(user);
      return call && call.getCallee() == op.getResult();
    });
    if (!found->source || called ||
        isa<FunctionAttr, StaticMethodAttr, ClassMethodAttr, PartialAttr, MethodAttr>(found->value) ||
        llvm::any_of(op->getUsers(), [](Operation *user) { return isa<tg::GuardOpInterface>(user); }))
      return failure();
    rewriter.setInsertionPointAfter(op);
    // For an instance the region made, the guard reads the class's MRO, so
    // that the instance itself may go.
    Value read = op.getResult();
    auto made = super.getSelf().getDefiningOp<NewObjectOp>();
    if (made)
      read = readFromMro(rewriter, op.getLoc(), made.getCls(), found->index, op.getName());
    Value known = materializeMember(rewriter, op.getLoc(), read, found->source, found->value);
    if (!known) {
      if (made)
        eraseUnused(rewriter, read);
      return failure();
    }
    rewriter.replaceUsesWithIf(op.getResult(), known, [&](OpOperand &use) {
      return !isa<tg::GuardOpInterface>(use.getOwner());
    });
    if (made && op->use_empty())
      rewriter.eraseOp(op);
    return success();
  }
};

/// `super().name` that reaches a method of the builtin container an
/// instance subclasses (one the region made, or a tuple of the
/// environment): the method of its contents, as
/// Dynamo's UserDefined{Tuple,List,Dict,Set}Variable forward to their
/// builtin part.
struct ResolveContainerSuperAttribute : ResolvePattern<GetAttrOp> {
  using ResolvePattern::ResolvePattern;

  LogicalResult matchAndRewrite(GetAttrOp op, PatternRewriter &rewriter) const override {
    auto super = op.getObject().getDefiningOp<SuperOp>();
    std::optional<ContainerInstance> instance =
        super ? getContainerInstance(state.env, super.getSelf()) : std::nullopt;
    if (!instance)
      return failure();
    const InstanceModel &model = instance->model;
    std::optional<SuperLookup> found = lookupSuper(state.env, super, op.getName());
    if (!found || found->value || found->owner != model.container ||
        !isContentsMember(state.env, model, op.getName()))
      return failure();
    Value contents = getContents(rewriter, op.getLoc(), *instance);
    rewriter.replaceOpWithNewOp<GetAttrOp>(op, op.getType(), contents, op.getName());
    return success();
  }
};

/// `super().__init__()` that reaches `object.__init__` does nothing (Dynamo
/// returns None for it).
struct ResolveObjectInit : ResolvePattern<CallOp> {
  using ResolvePattern::ResolvePattern;

  LogicalResult matchAndRewrite(CallOp call, PatternRewriter &rewriter) const override {
    GetAttrOp attr;
    SuperOp super = getSuperMethodCall(call, "__init__", attr, /*keywords=*/true);
    std::optional<SuperLookup> found =
        super ? lookupSuper(state.env, super, "__init__") : std::nullopt;
    if (!found)
      return failure();
    auto made = super.getSelf().getDefiningOp<NewObjectOp>();
    // list.__init__, dict.__init__ and set.__init__ fill the contents of an
    // instance the region made.
    if (StringRef kind = getContainerKind(found->owner); !kind.empty() && !found->value) {
      if (!made || !made.getContents() ||
          !emitContainerInit(rewriter, call.getLoc(), state.env, kind, made.getContents(),
                             call.getArguments(), call.getKwnames(), /*fresh=*/false))
        return failure();
      rewriter.replaceOpWithNewOp<ConstantOp>(call, call.getType(), NoneAttr::get(getContext()));
      rewriter.eraseOp(attr);
      return success();
    }
    // BaseException.__init__ and its builtin subclasses' set the fields of
    // an exception the region made.
    if (getBuiltinException(found->owner) && !found->value) {
      std::optional<InstanceModel> model =
          made ? getInstanceModel(state.env, made) : std::nullopt;
      if (!model || !model->exception ||
          !emitExceptionInit(rewriter, call.getLoc(), found->owner, made, call.getArguments(),
                             call.getKwnames()))
        return failure();
      rewriter.replaceOpWithNewOp<ConstantOp>(call, call.getType(), NoneAttr::get(getContext()));
      rewriter.eraseOp(attr);
      return success();
    }
    if (!call.getArguments().empty())
      return failure();
    // nn.Module.__init__ on an instance the region made (with no arguments,
    // as Dynamo runs it) sets what Dynamir models of a Module.
    if (made && foundLibrarySlot(*found, "torch.nn.Module"))
      emitModuleInit(rewriter, call.getLoc(), made);
    else if (!isObjectInit(*found))
      return failure();
    rewriter.replaceOpWithNewOp<ConstantOp>(call, call.getType(), NoneAttr::get(getContext()));
    rewriter.eraseOp(attr);
    return success();
  }
};

/// 3.11 spells `super(T, obj)` as a call: the one form, for the builtin.
struct TwoArgumentSuper : ResolvePattern<CallOp> {
  using ResolvePattern::ResolvePattern;

  LogicalResult matchAndRewrite(CallOp call, PatternRewriter &rewriter) const override {
    auto load = call.getCallee().getDefiningOp<LoadGlobalOp>();
    if (!load || load.getName() != "super" || !state.env.isBuiltin("super") ||
        call.getArguments().size() != 2 || !call.getKwnames().empty())
      return failure();
    ValueRange args = call.getArguments();
    rewriter.replaceOpWithNewOp<SuperOp>(call, call.getType(), load.getResult(), args[0], args[1],
                                         UnitAttr());
    return success();
  }
};

/// `super().__getattribute__("name")` that reaches `object.__getattribute__`
/// is the attribute as the standard lookup finds it (data descriptors, the
/// instance, the MRO), without the class's own `__getattr__`: a plain read,
/// which the environment then resolves.
struct ResolveObjectGetAttribute : ResolvePattern<CallOp> {
  using ResolvePattern::ResolvePattern;

  LogicalResult matchAndRewrite(CallOp call, PatternRewriter &rewriter) const override {
    GetAttrOp attr;
    SuperOp super = getSuperMethodCall(call, "__getattribute__", attr);
    if (!super || call.getArguments().size() != 1)
      return failure();
    StringAttr text = getConstantString(call.getArguments()[0]);
    std::optional<SuperLookup> found = lookupSuper(state.env, super, "__getattribute__");
    // The builtin containers' `__getattribute__` is object's generic one.
    auto isGeneric = [](ClassOp cls) {
      return cls.getSymName() == "builtins.object" || !getContainerKind(cls).empty();
    };
    if (!text || !found || found->value || !isGeneric(found->owner))
      return failure();
    // A class that defines __getattr__ answers a missing name its own way;
    // object.__getattribute__ would raise instead. Only where it has none.
    for (auto ref : found->searched.getMro().getAsRange<FlatSymbolRefAttr>())
      if (ClassOp cls = state.env.lookupClass(ref);
          !cls || cls.lookupMember("__getattr__") || (cls.getLibrary() && !isGeneric(cls)))
        return failure();
    rewriter.replaceOpWithNewOp<GetAttrOp>(call, call.getType(), super.getSelf(), text);
    rewriter.eraseOp(attr);
    return success();
  }
};

/// `super().__new__(cls)` that reaches `object.__new__` makes an instance of
/// `cls`, a known class Dynamir models the instances of. Extra arguments
/// stay: `object.__new__` refuses them from a class that defines `__new__`.
struct ResolveObjectNew : ResolvePattern<CallOp> {
  using ResolvePattern::ResolvePattern;

  LogicalResult matchAndRewrite(CallOp call, PatternRewriter &rewriter) const override {
    GetAttrOp attr;
    SuperOp super = getSuperMethodCall(call, "__new__", attr);
    if (!super || call.getArguments().empty())
      return failure();
    std::optional<SuperLookup> found = lookupSuper(state.env, super, "__new__");
    Value cls = call.getArguments()[0];
    std::optional<InstanceModel> model = getInstanceModel(state.env, getKnownClass(state.env, cls));
    if (!found || found->value || !model)
      return failure();
    // tuple.__new__(cls, it) and the other containers' make the contents
    // of an instance of `cls`, which must be a subclass of that container.
    Value contents;
    if (StringRef kind = getContainerKind(found->owner); !kind.empty()) {
      if (model->container != found->owner)
        return failure();
      contents = emitContainerContents(rewriter, call.getLoc(), state.env, kind,
                                       call.getArguments().drop_front(), call.getKwnames());
      if (!contents)
        return failure();
    } else if (!foundLibrarySlot(*found, "builtins.object") || call.getArguments().size() != 1 ||
               model->container) {
      return failure();
    }
    rewriter.replaceOpWithNewOp<NewObjectOp>(call, call.getType(), cls, contents);
    rewriter.eraseOp(attr);
    return success();
  }
};

/// `super().__setattr__("name", value)` and `super().__delattr__("name")`
/// that reach object's (or nn.Module's) on an instance the region made:
/// the generic store, and a deletion where the class has no `__delattr__`
/// of its own (which `py.delattr` would run again).
struct ResolveObjectSetAttr : ResolvePattern<CallOp> {
  using ResolvePattern::ResolvePattern;

  LogicalResult matchAndRewrite(CallOp call, PatternRewriter &rewriter) const override {
    GetAttrOp attr;
    SuperOp super = getSuperMethodCall(call, "__setattr__", attr);
    bool store = static_cast<bool>(super);
    if (!super)
      super = getSuperMethodCall(call, "__delattr__", attr);
    auto made = super ? super.getSelf().getDefiningOp<NewObjectOp>() : NewObjectOp();
    if (!made || call.getArguments().size() != (store ? 2u : 1u))
      return failure();
    StringAttr name = getConstantString(call.getArguments()[0]);
    std::optional<SuperLookup> found = lookupSuper(state.env, super, attr.getName());
    std::optional<InstanceModel> model = getInstanceModel(state.env, made);
    if (!name || !found || !model ||
        !(foundLibrarySlot(*found, "builtins.object") ||
          foundLibrarySlot(*found, "torch.nn.Module")))
      return failure();
    if (store) {
      rewriter.create<ObjectSetAttrOp>(call.getLoc(), made, name, call.getArguments()[1]);
    } else {
      if (model->customDelAttr)
        return failure();
      rewriter.create<DelAttrOp>(call.getLoc(), made, name);
    }
    rewriter.replaceOpWithNewOp<ConstantOp>(call, call.getType(), NoneAttr::get(getContext()));
    rewriter.eraseOp(attr);
    return success();
  }
};

/// A read along `Cls.__mro__[i].name` (what the guards on members found
/// through `super()` of an instance the region made read) that nothing
/// uses any more, as merging guards leaves them: a known class's
/// `__mro__`, an index in range, a name the lookup found there. None can
/// raise, so each goes.
template <typename OpT>
struct EraseUnusedMroRead : OpRewritePattern<OpT> {
  EraseUnusedMroRead(MLIRContext *context, ResolveState &state)
      : OpRewritePattern<OpT>(context), state(state) {}
  ResolveState &state;

  /// The class `value` is `Cls.__mro__[i]` of, with `i` in range.
  ClassOp getMroItem(Value value) const {
    auto item = value.getDefiningOp<GetItemOp>();
    if (!item)
      return {};
    std::optional<ArrayAttr> mro = getMro(item.getObject());
    auto key = item.getKey().getDefiningOp<ConstantOp>();
    auto index = key ? dyn_cast<IntAttr>(key.getValue()) : IntAttr();
    std::optional<int64_t> i = index ? index.getInt64() : std::nullopt;
    if (!mro || !i || *i < 0 || *i >= static_cast<int64_t>(mro->size()))
      return {};
    return state.env.lookupClass(cast<FlatSymbolRefAttr>((*mro)[*i]));
  }

  /// The MRO `value` is `Cls.__mro__` of.
  std::optional<ArrayAttr> getMro(Value value) const {
    auto attr = value.getDefiningOp<GetAttrOp>();
    ClassOp cls = attr && attr.getName() == "__mro__"
                      ? getKnownClass(state.env, attr.getObject())
                      : ClassOp();
    if (!cls)
      return std::nullopt;
    return cls.getMro();
  }

  LogicalResult matchAndRewrite(OpT op, PatternRewriter &rewriter) const override {
    if (!op->use_empty())
      return failure();
    bool cannotRaise = false;
    if constexpr (std::is_same_v<OpT, GetAttrOp>) {
      ClassOp owner = getMroItem(op.getObject());
      cannotRaise = (owner && owner.lookupMember(op.getName())) ||
                    getMro(op.getResult()).has_value();
    } else {
      cannotRaise = static_cast<bool>(getMroItem(op.getResult()));
    }
    if (!cannotRaise)
      return failure();
    rewriter.eraseOp(op);
    return success();
  }
};

/// A `super()` object nothing reads goes, once it is known to make no
/// error: the builtin on a class and an instance or subclass of it.
struct EraseUnusedSuper : ResolvePattern<SuperOp> {
  using ResolvePattern::ResolvePattern;

  LogicalResult matchAndRewrite(SuperOp op, PatternRewriter &rewriter) const override {
    if (!op->use_empty() || !getSuperSearch(state.env, op))
      return failure();
    rewriter.eraseOp(op);
    return success();
  }
};

struct ResolveSuperPass : dynamir::py::impl::ResolveSuperBase<ResolveSuperPass> {
  void runOnOperation() override {
    if (failed(resolveInCaptureEntry(getOperation(), getArgument(),
                                     populateResolveSuperPatterns)))
      signalPassFailure();
  }
};
} // namespace

Value dynamir::py::readFromMro(OpBuilder &builder, Location loc, Value cls, int64_t index,
                               StringRef name) {
  Type objectType = cls.getType();
  Value mro = builder.create<GetAttrOp>(loc, objectType, cls, "__mro__");
  Value position =
      builder.create<ConstantOp>(loc, objectType, IntAttr::get(builder.getContext(), index));
  Value item = builder.create<GetItemOp>(loc, objectType, mro, position);
  return builder.create<GetAttrOp>(loc, objectType, item, name);
}

void dynamir::py::populateResolveSuperPatterns(RewritePatternSet &patterns,
                                               ResolveState &state) {
  patterns.add<TwoArgumentSuper, ResolveSuperAttribute, ResolveContainerSuperAttribute,
               ResolveObjectInit,
               ResolveObjectGetAttribute, ResolveObjectNew, ResolveObjectSetAttr,
               EraseUnusedMroRead<GetAttrOp>, EraseUnusedMroRead<GetItemOp>,
               EraseUnusedSuper>(
      patterns.getContext(), state);
}
