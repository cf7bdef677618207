//===- ResolveEnvironment.cpp - Read globals and attributes from the environment -===//
//
// Dynamo's VariableBuilder for the values a frame reaches through its globals:
// a global bound to a module, a library function, a class, an object or a
// constant becomes that value under the guard Dynamo installs for it
// (ID_MATCH, CONSTANT_MATCH); an attribute or item of a known object becomes
// the member the environment records, under a guard on its source
// (`G['model'].blocks[0].fc1.weight` under TENSOR_MATCH).
//
//===----------------------------------------------------------------------===//

#include "ResolveEnvironment.h"
#include "Objects.h"
#include "Super.h"

#include "dynamir/Dialect/Py/Transforms/Passes.h"

#include "mlir/IR/Builders.h"
#include "mlir/Transforms/GreedyPatternRewriteDriver.h"

namespace dynamir::py {
#define GEN_PASS_DEF_RESOLVEENVIRONMENT
#include "dynamir/Dialect/Py/Transforms/Passes.h.inc"
} // namespace dynamir::py

using namespace mlir;
using namespace dynamir;
using namespace dynamir::py;

Operation *dynamir::py::getEnvironmentSymbol(const Environment &env, Value value) {
  auto guard = value.getDefiningOp<tg::GuardIdOp>();
  auto symbol = guard ? dyn_cast<FlatSymbolRefAttr>(guard.getObject()) : FlatSymbolRefAttr();
  if (!symbol)
    return nullptr;
  if (ObjectOp object = env.lookupObject(symbol))
    return object;
  return env.lookupClass(symbol);
}

Attribute dynamir::py::getConstant(Value value) {
  auto constant = value.getDefiningOp<ConstantOp>();
  return constant ? constant.getValue() : Attribute();
}

StringAttr dynamir::py::getConstantString(Value value) {
  return dyn_cast_or_null<StringAttr>(getConstant(value));
}

LoadGlobalOp dynamir::py::getBuiltinCall(const Environment &env, CallOp call, StringRef name,
                                         size_t arity) {
  auto load = call.getCallee().getDefiningOp<LoadGlobalOp>();
  if (!load || load.getName() != name || !env.isBuiltin(name) ||
      call.getArguments().size() != arity || !call.getKwnames().empty())
    return {};
  return load;
}

std::optional<int64_t> dynamir::py::getModuleContainerSize(const Environment &env,
                                                          Value value) {
  auto object = dyn_cast_or_null<ObjectOp>(getEnvironmentSymbol(env, value));
  if (!object || object.getOpaque())
    return std::nullopt;
  ClassOp cls = env.getClassOf(object);
  if (!cls || !cls.getLibrary() ||
      (cls.getSymName() != "torch.nn.ModuleList" && cls.getSymName() != "torch.nn.Sequential"))
    return std::nullopt;
  int64_t size = 0;
  while (object.lookupMember(std::to_string(size)))
    ++size;
  return size;
}

Value dynamir::py::materializeMember(RewriterBase &rewriter, Location loc, Value read,
                                     tg::SourceAttr source, Attribute member) {
  Type objectType = ObjectType::get(rewriter.getContext());
  if (isPythonConstant(member)) {
    auto guard = rewriter.create<tg::GuardConstantOp>(loc, objectType, read, source, member);
    rewriter.create<tg::AssumeOp>(loc, guard.getResult());
    return rewriter.create<ConstantOp>(loc, objectType, member);
  }
  Attribute identity;
  if (auto ref = dyn_cast<RefAttr>(member))
    identity = ref.getSymbol();
  else if (auto module = dyn_cast<ModuleAttr>(member))
    identity = rewriter.getStringAttr(module.getName());
  else if (auto builtin = dyn_cast<BuiltinAttr>(member))
    identity = rewriter.getStringAttr(builtin.getName());
  if (identity)
    return rewriter.create<tg::GuardIdOp>(loc, objectType, read, source, identity);
  if (auto parameter = dyn_cast<ParameterAttr>(member)) {
    RankedTensorType type = parameter.getType();
    auto guard = rewriter.create<tg::GuardTensorOp>(
        loc, type, read, source,
        rewriter.getDenseI64ArrayAttr(tg::getContiguousStrides(type.getShape())),
        parameter.getRequiresGrad());
    return rewriter.create<TensorObjectOp>(loc, objectType, guard.getResult());
  }
  return {};
}

bool dynamir::py::isGuardedEnvironmentRead(Operation *op) {
  if (!isa<LoadGlobalOp, GetAttrOp, GetItemOp>(op))
    return false;
  if (!isa<LoadGlobalOp>(op) && !op->getOperand(0).getDefiningOp<tg::GuardIdOp>())
    return false;
  return llvm::any_of(op->getUsers(),
                      [](Operation *user) { return isa<tg::GuardOpInterface>(user); });
}

bool dynamir::py::isGuarded(Value read, tg::SourceAttr source) {
  return llvm::any_of(read.getUsers(), [&](Operation *user) {
    auto guard = dyn_cast<tg::GuardOpInterface>(user);
    return guard && guard.getSource() == source;
  });
}

void dynamir::py::replaceReadWith(RewriterBase &rewriter, Value read, Value value) {
  Operation *guard = nullptr;
  for (Operation *user : read.getUsers())
    if (isa<tg::GuardOpInterface>(user))
      guard = user;
  rewriter.replaceUsesWithIf(read, value,
                             [&](OpOperand &use) { return use.getOwner() != guard; });
}

namespace {
/// A load of a global that the module body binds to a module, a library
/// function, a class, an object or a constant. Functions are the inliner's.
struct ResolveGlobal : ResolvePattern<LoadGlobalOp> {
  using ResolvePattern::ResolvePattern;

  LogicalResult matchAndRewrite(LoadGlobalOp load, PatternRewriter &rewriter) const override {
    Attribute value = state.env.lookupGlobal(load.getName());
    if (!value || isa<FunctionAttr, StaticMethodAttr, ClassMethodAttr, PropertyAttr,
                      ParameterAttr, ListAttr>(value))
      return failure();
    if (!isPythonConstant(value) && !isa<ModuleAttr, BuiltinAttr, RefAttr>(value))
      return failure();
    // The module binds the name: the load cannot raise, and unread it goes.
    if (load->use_empty()) {
      rewriter.eraseOp(load);
      return success();
    }
    auto source = tg::SourceAttr::getGlobal(getContext(), load.getName());
    if (isGuarded(load.getResult(), source))
      return failure();
    // Each load gets its guard; loads of one global merge into the first
    // once the blocks have settled (py-map-torch merges them, by dominance).
    rewriter.setInsertionPointAfter(load);
    Value known = materializeMember(rewriter, load.getLoc(), load.getResult(), source, value);
    if (!known)
      return failure();
    replaceReadWith(rewriter, load.getResult(), known);
    return success();
  }
};

/// An attribute of a known class or object, when it is a value rather than
/// something that binds (a method, a property): that is the inliner's.
struct ResolveAttribute : ResolvePattern<GetAttrOp> {
  using ResolvePattern::ResolvePattern;

  LogicalResult matchAndRewrite(GetAttrOp op, PatternRewriter &rewriter) const override {
    Operation *symbol = getEnvironmentSymbol(state.env, op.getObject());
    if (!symbol)
      return failure();
    std::optional<AttributeLookup> found = state.env.lookupAttribute(symbol, op.getName());
    if (!found || isa<PropertyAttr>(found->value))
      return failure();
    // Found without running code (no property), so the read cannot raise:
    // unread, it goes.
    if (op->use_empty()) {
      rewriter.eraseOp(op);
      return success();
    }
    if (isa<FunctionAttr, StaticMethodAttr, ClassMethodAttr>(found->value))
      return failure();
    auto base = cast<tg::GuardOpInterface>(op.getObject().getDefiningOp()).getSource();
    tg::SourceAttr source = base.attr(op.getName());
    if (isGuarded(op.getResult(), source))
      return failure();
    rewriter.setInsertionPointAfter(op);
    Value known = materializeMember(rewriter, op.getLoc(), op.getResult(), source, found->value);
    if (!known)
      return failure();
    replaceReadWith(rewriter, op.getResult(), known);
    return success();
  }
};

/// `self.blocks[i]` of an `nn.ModuleList` or `nn.Sequential` the environment
/// knows, with a constant index.
struct ResolveItem : ResolvePattern<GetItemOp> {
  using ResolvePattern::ResolvePattern;

  LogicalResult matchAndRewrite(GetItemOp op, PatternRewriter &rewriter) const override {
    std::optional<int64_t> size = getModuleContainerSize(state.env, op.getObject());
    auto key = op.getKey().getDefiningOp<ConstantOp>();
    auto index = key ? dyn_cast<IntAttr>(key.getValue()) : IntAttr();
    std::optional<int64_t> i = index ? index.getInt64() : std::nullopt;
    if (!size || !i || *i < -*size || *i >= *size)
      return failure();
    // An item in range of a known container cannot raise: unread, it goes.
    if (op->use_empty()) {
      rewriter.eraseOp(op);
      return success();
    }
    auto object = cast<ObjectOp>(getEnvironmentSymbol(state.env, op.getObject()));
    int64_t position = *i < 0 ? *i + *size : *i;
    MemberOp member = object.lookupMember(std::to_string(position));
    auto base = cast<tg::GuardOpInterface>(op.getObject().getDefiningOp()).getSource();
    tg::SourceAttr source = base.item(position);
    if (isGuarded(op.getResult(), source))
      return failure();
    rewriter.setInsertionPointAfter(op);
    Value known = materializeMember(rewriter, op.getLoc(), op.getResult(), source, member.getValue());
    if (!known)
      return failure();
    replaceReadWith(rewriter, op.getResult(), known);
    return success();
  }
};

/// A read of a builtin that the module does not rebind cannot raise: unused,
/// it goes (folds of builtin calls leave them).
struct EraseUnusedBuiltinLoad : ResolvePattern<LoadGlobalOp> {
  using ResolvePattern::ResolvePattern;

  LogicalResult matchAndRewrite(LoadGlobalOp load, PatternRewriter &rewriter) const override {
    if (!load->use_empty() || !Environment::isBuiltinName(load.getName()) ||
        !state.env.isBuiltin(load.getName()))
      return failure();
    rewriter.eraseOp(load);
    return success();
  }
};

struct ResolveEnvironmentPass
    : dynamir::py::impl::ResolveEnvironmentBase<ResolveEnvironmentPass> {
  void runOnOperation() override {
    GreedyRewriteConfig config;
    config.useTopDownTraversal = true;
    if (failed(resolveInCaptureEntry(getOperation(), getArgument(),
                                     populateResolveEnvironmentPatterns, config)))
      signalPassFailure();
  }
};
} // namespace

LogicalResult dynamir::py::resolveInCaptureEntry(
    ModuleOp module, StringRef passName,
    function_ref<void(RewritePatternSet &, ResolveState &)> populate,
    GreedyRewriteConfig config) {
  FuncOp entry = getCaptureEntry(module);
  if (!entry)
    return failure();
  ResolveState state(module);
  RewritePatternSet patterns(module.getContext());
  populate(patterns, state);
  if (failed(applyPatternsAndFoldGreedily(entry, std::move(patterns), config)))
    return module.emitError() << passName << " did not converge";
  return success();
}

void dynamir::py::populateResolveEnvironmentPatterns(RewritePatternSet &patterns,
                                                     ResolveState &state) {
  patterns.add<ResolveGlobal, ResolveAttribute, ResolveItem, EraseUnusedBuiltinLoad>(
      patterns.getContext(), state);
  populateResolveSuperPatterns(patterns, state);
  populateResolveObjectsPatterns(patterns, state);
}
