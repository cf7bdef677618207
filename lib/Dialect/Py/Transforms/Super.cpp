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
      // A library class's `__dict__` is not spelled out; its `__init__`
      // (object's, or the library's own, which Dynamo refuses) is known to
      // be there, and object's `__getattribute__`.
      bool objectMember =
          cls.getSymName() == "builtins.object" && name == "__getattribute__";
      if (name != "__init__" && !objectMember)
        return std::nullopt;
    }
    result.owner = cls;
    result.index = i;
    result.value = member ? member.getValue() : Attribute();
    if (auto guard = dyn_cast_or_null<tg::GuardOpInterface>(self.getDefiningOp())) {
      tg::SourceAttr searched = result.objectIsClass ? guard.getSource() : guard.getSource().type();
      result.source = searched.attr("__mro__").item(i).attr(name);
    }
    return result;
  }
  return std::nullopt;
}

namespace {
/// The `super()` object of a call `super().name(...)`, and the getattr that
/// only the call uses.
SuperOp getSuperMethodCall(CallOp call, StringRef name, GetAttrOp &attr) {
  attr = call.getCallee().getDefiningOp<GetAttrOp>();
  if (!attr || attr.getName() != name || !attr->hasOneUse() || !call.getKwnames().empty())
    return {};
  return attr.getObject().getDefiningOp<SuperOp>();
}

/// Whether the lookup found `object.__init__`.
bool isObjectInit(const SuperLookup &found) {
  return !found.value && ClassOp(found.owner).getSymName() == "builtins.object";
}

/// `super().name` that is a value, not something that binds: the value
/// under a guard on its source, as Dynamo's VariableBuilder wraps it
/// (CONSTANT_MATCH for a literal, ID_MATCH for a class or module).
struct ResolveSuperAttribute : OpRewritePattern<GetAttrOp> {
  ResolveSuperAttribute(MLIRContext *context, ResolveState &state)
      : OpRewritePattern(context), state(state) {}
  ResolveState &state;

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
        isa<FunctionAttr, StaticMethodAttr, ClassMethodAttr, PartialAttr>(found->value) ||
        llvm::any_of(op->getUsers(), [](Operation *user) { return isa<tg::GuardOpInterface>(user); }))
      return failure();
    rewriter.setInsertionPointAfter(op);
    Value known =
        materializeMember(rewriter, op.getLoc(), op.getResult(), found->source, found->value);
    if (!known)
      return failure();
    rewriter.replaceUsesWithIf(op.getResult(), known, [&](OpOperand &use) {
      return !isa<tg::GuardOpInterface>(use.getOwner());
    });
    return success();
  }
};

/// `super().__init__()` that reaches `object.__init__` does nothing (Dynamo
/// returns None for it).
struct ResolveObjectInit : OpRewritePattern<CallOp> {
  ResolveObjectInit(MLIRContext *context, ResolveState &state)
      : OpRewritePattern(context), state(state) {}
  ResolveState &state;

  LogicalResult matchAndRewrite(CallOp call, PatternRewriter &rewriter) const override {
    GetAttrOp attr;
    SuperOp super = getSuperMethodCall(call, "__init__", attr);
    if (!super || !call.getArguments().empty())
      return failure();
    std::optional<SuperLookup> found = lookupSuper(state.env, super, "__init__");
    if (!found || !isObjectInit(*found))
      return failure();
    rewriter.replaceOpWithNewOp<ConstantOp>(call, call.getType(), NoneAttr::get(getContext()));
    rewriter.eraseOp(attr);
    return success();
  }
};

/// 3.11 spells `super(T, obj)` as a call: the one form, for the builtin.
struct TwoArgumentSuper : OpRewritePattern<CallOp> {
  TwoArgumentSuper(MLIRContext *context, ResolveState &state)
      : OpRewritePattern(context), state(state) {}
  ResolveState &state;

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
struct ResolveObjectGetAttribute : OpRewritePattern<CallOp> {
  ResolveObjectGetAttribute(MLIRContext *context, ResolveState &state)
      : OpRewritePattern(context), state(state) {}
  ResolveState &state;

  LogicalResult matchAndRewrite(CallOp call, PatternRewriter &rewriter) const override {
    GetAttrOp attr;
    SuperOp super = getSuperMethodCall(call, "__getattribute__", attr);
    if (!super || call.getArguments().size() != 1)
      return failure();
    auto name = call.getArguments()[0].getDefiningOp<ConstantOp>();
    auto text = name ? dyn_cast<StringAttr>(name.getValue()) : StringAttr();
    std::optional<SuperLookup> found = lookupSuper(state.env, super, "__getattribute__");
    if (!text || !found || found->value || found->owner.getSymName() != "builtins.object")
      return failure();
    // A class that defines __getattr__ answers a missing name its own way;
    // object.__getattribute__ would raise instead. Only where it has none.
    for (auto ref : found->searched.getMro().getAsRange<FlatSymbolRefAttr>())
      if (ClassOp cls = state.env.lookupClass(ref); !cls || cls.lookupMember("__getattr__") ||
                                                     (cls.getLibrary() &&
                                                      cls.getSymName() != "builtins.object"))
        return failure();
    rewriter.replaceOpWithNewOp<GetAttrOp>(call, call.getType(), super.getSelf(), text);
    rewriter.eraseOp(attr);
    return success();
  }
};

/// A `super()` object nothing reads goes, once it is known to make no
/// error: the builtin on a class and an instance or subclass of it.
struct EraseUnusedSuper : OpRewritePattern<SuperOp> {
  EraseUnusedSuper(MLIRContext *context, ResolveState &state)
      : OpRewritePattern(context), state(state) {}
  ResolveState &state;

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

void dynamir::py::populateResolveSuperPatterns(RewritePatternSet &patterns,
                                               ResolveState &state) {
  patterns.add<TwoArgumentSuper, ResolveSuperAttribute, ResolveObjectInit,
               ResolveObjectGetAttribute, EraseUnusedSuper>(
      patterns.getContext(), state);
}
