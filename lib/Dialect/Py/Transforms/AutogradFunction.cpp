//===- AutogradFunction.cpp - torch.autograd.Function ---------------------===//

#include "AutogradFunction.h"

#include "Objects.h"
#include "Super.h"

#include "dynamir/Dialect/Py/IR/PyAttributes.h"
#include "dynamir/Dialect/TG/IR/TGOps.h"

#include "llvm/ADT/DenseMap.h"

using namespace mlir;
using namespace dynamir;
using namespace dynamir::py;

namespace {
/// Whether the tensor `value` may require grad: it derives from an input
/// that requires grad, or from something Dynamir cannot see into.
bool mayRequireGrad(Value value, llvm::DenseMap<Value, bool> &known) {
  if (auto it = known.find(value); it != known.end())
    return it->second;
  known[value] = true; // Cycles are not expected; assume the worst meanwhile.
  bool result = true;
  Operation *def = value.getDefiningOp();
  if (auto guard = dyn_cast_or_null<tg::GuardTensorOp>(def)) {
    result = guard.getRequiresGrad();
  } else if (def && isa<tg::TGDialect>(def->getDialect())) {
    result = llvm::any_of(def->getOperands(), [&](Value operand) {
      return isa<RankedTensorType>(operand.getType()) && mayRequireGrad(operand, known);
    });
  }
  known[value] = result;
  return result;
}

/// Whether an argument of `apply` is certainly no tensor that requires
/// grad: a constant, or a tensor computed from inputs that do not.
bool isWithoutGrad(Value argument) {
  if (getConstant(argument))
    return true;
  auto tensor = argument.getDefiningOp<TensorObjectOp>();
  llvm::DenseMap<Value, bool> known;
  return tensor && !mayRequireGrad(tensor->getOperand(0), known);
}

/// `Fn.apply(*args)` of a subclass of torch.autograd.Function where no
/// argument requires grad: `Fn.forward(ctx, *args)` with a fresh context
/// whose `needs_input_grad` is all False, as Dynamo inlines the forward
/// (AutogradFunctionVariable.call_apply).
struct ApplyWithoutGrad : ResolvePattern<CallOp> {
  using ResolvePattern::ResolvePattern;

  LogicalResult matchAndRewrite(CallOp call, PatternRewriter &rewriter) const override {
    auto method = call.getCallee().getDefiningOp<GetAttrOp>();
    if (!method || method.getName() != "apply")
      return failure();
    ClassOp cls = getKnownClass(state.env, method.getObject());
    auto ctxSymbol = FlatSymbolRefAttr::get(getContext(), kFunctionCtx);
    if (!cls || cls.getLibrary() || !state.env.isSubclassOf(cls, "torch.autograd.Function") ||
        !state.env.lookupClass(ctxSymbol) || !call.getKwnames().empty())
      return failure();
    std::optional<ClassMember> forward = lookupClassMember(state.env, cls, "forward");
    if (!forward || forward->owner.getLibrary() ||
        !isa_and_nonnull<StaticMethodAttr, ClassMethodAttr>(forward->value))
      return failure();
    if (!llvm::all_of(call.getArguments(), isWithoutGrad))
      return failure();
    Location loc = call.getLoc();
    Type objectType = call.getType();
    Value ctxClass = rewriter.create<ClassRefOp>(loc, objectType, ctxSymbol);
    Value ctx = rewriter.create<NewObjectOp>(loc, objectType, ctxClass);
    Value no = rewriter.create<ConstantOp>(loc, objectType, rewriter.getBoolAttr(false));
    SmallVector<Value> flags(call.getArguments().size(), no);
    Value needs = rewriter.create<BuildTupleOp>(loc, objectType, flags);
    rewriter.create<ObjectSetAttrOp>(loc, ctx, "needs_input_grad", needs);
    // What forward saves is packed when it returns: until then, none.
    Value none = rewriter.create<BuildTupleOp>(loc, objectType, ValueRange());
    rewriter.create<ObjectSetAttrOp>(loc, ctx, "saved_tensors", none);
    Value function = rewriter.create<GetAttrOp>(loc, objectType, method.getObject(), "forward");
    SmallVector<Value> arguments{ctx};
    llvm::append_range(arguments, call.getArguments());
    rewriter.replaceOpWithNewOp<CallOp>(call, objectType, function, arguments,
                                        rewriter.getStrArrayAttr({}));
    if (method->use_empty())
      rewriter.eraseOp(method);
    return success();
  }
};

/// A method of the context the forward runs with:
/// `ctx.save_for_backward(*tensors)` keeps them as `ctx.to_save`, as
/// PyTorch does (a second call replaces them; `saved_tensors` has them once
/// forward returns); `mark_non_differentiable`, `mark_dirty`,
/// `set_materialize_grads` and `save_for_forward` change nothing where no
/// gradient is computed.
struct CallContextMethod : ResolvePattern<CallOp> {
  using ResolvePattern::ResolvePattern;

  LogicalResult matchAndRewrite(CallOp call, PatternRewriter &rewriter) const override {
    auto method = call.getCallee().getDefiningOp<GetAttrOp>();
    auto object = method ? method.getObject().getDefiningOp<NewObjectOp>() : NewObjectOp();
    std::optional<InstanceModel> model =
        object ? getInstanceModel(state.env, object) : std::nullopt;
    if (!model || !model->autogradContext || !call.getKwnames().empty())
      return failure();
    StringRef name = method.getName();
    Location loc = call.getLoc();
    Type objectType = call.getType();
    if (name == "save_for_backward") {
      Value saved = rewriter.create<BuildTupleOp>(loc, objectType, call.getArguments());
      rewriter.create<ObjectSetAttrOp>(loc, object, "to_save", saved);
    } else if (!llvm::is_contained({"mark_non_differentiable", "mark_dirty",
                                    "set_materialize_grads", "save_for_forward"},
                                   name)) {
      return failure();
    }
    rewriter.replaceOpWithNewOp<ConstantOp>(call, objectType, NoneAttr::get(getContext()));
    if (method->use_empty())
      rewriter.eraseOp(method);
    return success();
  }
};
} // namespace

void dynamir::py::populateAutogradFunctionPatterns(RewritePatternSet &patterns,
                                                   ResolveState &state) {
  patterns.add<ApplyWithoutGrad, CallContextMethod>(patterns.getContext(), state);
}
