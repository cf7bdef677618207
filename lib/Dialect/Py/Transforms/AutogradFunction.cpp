//===- AutogradFunction.cpp - torch.autograd.Function ---------------------===//

#include "AutogradFunction.h"

#include "Objects.h"
#include "Super.h"

#include "dynamir/Dialect/Py/IR/PyAttributes.h"
#include "dynamir/Dialect/TG/IR/TGOps.h"
#include "dynamir/Dialect/TG/Transforms/ReverseMode.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/IR/IRMapping.h"
#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/SetVector.h"

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
  } else if (isa_and_nonnull<tg::DetachOp>(def)) {
    result = false;
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

} // namespace

bool dynamir::py::definesCustomDerivative(const Environment &env, ClassOp cls) {
  for (StringRef name : {"vjp", "jvp"}) {
    std::optional<ClassMember> member = lookupClassMember(env, cls, name);
    if (member && !member->owner.getLibrary())
      return true;
  }
  return false;
}

bool dynamir::py::mayNeedGrad(ArrayRef<Value> arguments) {
  return !llvm::all_of(arguments, isWithoutGrad);
}

std::optional<ApplyTarget> dynamir::py::matchAutogradApply(CallOp call, const Environment &env) {
  auto method = call.getCallee().getDefiningOp<GetAttrOp>();
  if (!method || method.getName() != "apply")
    return std::nullopt;
  ClassOp cls = getKnownClass(env, method.getObject());
  auto ctxSymbol = FlatSymbolRefAttr::get(call.getContext(), kFunctionCtx);
  if (!cls || cls.getLibrary() || !env.isSubclassOf(cls, "torch.autograd.Function") ||
      !env.lookupClass(ctxSymbol))
    return std::nullopt;
  ApplyTarget target;
  target.method = method;
  target.cls = cls;
  std::optional<ClassMember> forward = lookupClassMember(env, cls, "forward");
  if (!forward || forward->owner.getLibrary())
    return std::nullopt;
  Attribute function = forward->value;
  if (auto wrapped = dyn_cast_or_null<StaticMethodAttr>(function)) {
    function = wrapped.getFunction();
  } else if (auto wrapped = dyn_cast_or_null<ClassMethodAttr>(function)) {
    function = wrapped.getFunction();
    target.classMethod = true;
  }
  auto code = dyn_cast_or_null<FunctionAttr>(function);
  target.forward =
      code ? SymbolTable::lookupNearestSymbolFrom<FuncOp>(call, code.getCode()) : FuncOp();
  if (!target.forward)
    return std::nullopt;
  std::optional<ClassMember> setup = lookupClassMember(env, cls, "setup_context");
  target.setupContext = setup && !setup->owner.getLibrary();

  // Keywords name positional parameters of forward (after cls and ctx), as
  // Dynamo resolves them; any other keyword is refused
  // (autograd_function_kwonly_args).
  llvm::append_range(target.arguments, call.getArguments());
  ArrayAttr kwnames = call.getKwnames();
  if (kwnames.empty())
    return target;
  size_t numPositional = call.getArguments().size() - kwnames.size();
  target.arguments.resize(numPositional);
  unsigned offset = (target.classMethod ? 1 : 0) + (target.setupContext ? 0 : 1);
  ArrayRef<Attribute> varnames = target.forward.getVarnames().getValue();
  unsigned argcount = target.forward.getArgcount();
  SmallVector<StringRef> params;
  for (unsigned i = offset; i < argcount && i < varnames.size(); ++i)
    params.push_back(cast<StringAttr>(varnames[i]).getValue());
  llvm::DenseMap<StringRef, Value> byName;
  size_t lastIndex = numPositional;
  for (auto [name, value] : llvm::zip(kwnames.getAsValueRange<StringAttr>(),
                                      call.getArguments().drop_front(numPositional))) {
    auto it = llvm::find(params, name);
    if (it == params.end()) {
      target.unknownKeyword = name.str();
      return target;
    }
    // Given twice: Python's TypeError, which the call raising keeps.
    if (static_cast<size_t>(it - params.begin()) < numPositional)
      return std::nullopt;
    byName[name] = value;
    lastIndex = std::max<size_t>(lastIndex, it - params.begin() + 1);
  }
  for (size_t i = numPositional; i < lastIndex; ++i) {
    Value value = byName.lookup(params[i]);
    if (!value)
      return std::nullopt;
    target.arguments.push_back(value);
  }
  return target;
}

namespace {
/// A fresh context whose `needs_input_grad` is `needs`, and the call of
/// `Fn.forward` with it (or without it, where `withCtx` is false: a forward
/// of the setup_context style). For a backward, the context starts with
/// nothing saved and no output marked non-differentiable, and
/// `Fn.setup_context(ctx, inputs, output)` runs after a forward that takes
/// no context.
std::pair<Value, Value> callForward(PatternRewriter &rewriter, CallOp call,
                                    const ApplyTarget &target, ArrayRef<bool> needs,
                                    bool forBackward, bool withCtx) {
  Location loc = call.getLoc();
  Type objectType = call.getType();
  GetAttrOp method = target.method;
  Value fn = method.getObject();
  auto ctxSymbol = FlatSymbolRefAttr::get(call.getContext(), kFunctionCtx);
  Value ctx;
  if (withCtx || forBackward) {
    Value ctxClass = rewriter.create<ClassRefOp>(loc, objectType, ctxSymbol);
    ctx = rewriter.create<NewObjectOp>(loc, objectType, ctxClass);
    SmallVector<Value> flags;
    for (bool need : needs)
      flags.push_back(rewriter.create<ConstantOp>(loc, objectType, rewriter.getBoolAttr(need)));
    Value tuple = rewriter.create<BuildTupleOp>(loc, objectType, flags);
    rewriter.create<ObjectSetAttrOp>(loc, ctx, "needs_input_grad", tuple);
    // What forward saves is packed when it returns: until then, none.
    Value empty = rewriter.create<BuildTupleOp>(loc, objectType, ValueRange());
    rewriter.create<ObjectSetAttrOp>(loc, ctx, "saved_tensors", empty);
    if (forBackward) {
      rewriter.create<ObjectSetAttrOp>(loc, ctx, "to_save", empty);
      rewriter.create<ObjectSetAttrOp>(loc, ctx, "non_differentiable", empty);
    }
  }
  Value function = rewriter.create<GetAttrOp>(loc, objectType, fn, "forward");
  SmallVector<Value> arguments;
  if (withCtx)
    arguments.push_back(ctx);
  llvm::append_range(arguments, target.arguments);
  Value result = rewriter.create<CallOp>(loc, objectType, function, arguments,
                                         rewriter.getStrArrayAttr({}));
  if (forBackward && !withCtx) {
    Value setup = rewriter.create<GetAttrOp>(loc, objectType, fn, "setup_context");
    Value inputs = rewriter.create<BuildTupleOp>(loc, objectType, target.arguments);
    rewriter.create<CallOp>(loc, objectType, setup, ValueRange{ctx, inputs, result},
                            rewriter.getStrArrayAttr({}));
  }
  return {ctx, result};
}

/// `Fn.apply(*args)` of a subclass of torch.autograd.Function where no
/// argument requires grad: `Fn.forward(ctx, *args)` with a fresh context
/// whose `needs_input_grad` is all False, as Dynamo inlines the forward
/// (AutogradFunctionVariable.call_apply).
struct ApplyWithoutGrad : ResolvePattern<CallOp> {
  using ResolvePattern::ResolvePattern;

  LogicalResult matchAndRewrite(CallOp call, PatternRewriter &rewriter) const override {
    std::optional<ApplyTarget> target = matchAutogradApply(call, state.env);
    if (!target || !target->unknownKeyword.empty() ||
        !llvm::all_of(target->arguments, isWithoutGrad))
      return failure();
    SmallVector<bool> needs(target->arguments.size(), false);
    // A forward of the setup_context style takes no context. (Dynamo tells
    // it by the number of parameters, which takes `forward(ctx, *xs)` given
    // two arguments for one; PyTorch tells it by setup_context.)
    bool withCtx = !target->setupContext;
    auto [ctx, result] =
        callForward(rewriter, call, *target, needs, /*forBackward=*/false, withCtx);
    rewriter.replaceOp(call, result);
    if (target->method->use_empty())
      rewriter.eraseOp(target->method);
    return success();
  }
};

/// `Fn.apply(*args)` where some argument is a tensor that may require grad:
/// the forward with a fresh context (`needs_input_grad` True for those
/// tensors), then `py.autograd_apply` on its result, which traces the
/// backward once the forward's tensors are known (TraceBackward). A
/// Function with its own `vjp` or `jvp` stays (Dynamo refuses it).
struct ApplyWithGrad : ResolvePattern<CallOp> {
  using ResolvePattern::ResolvePattern;

  LogicalResult matchAndRewrite(CallOp call, PatternRewriter &rewriter) const override {
    std::optional<ApplyTarget> target = matchAutogradApply(call, state.env);
    if (!target || !target->unknownKeyword.empty() ||
        llvm::all_of(target->arguments, isWithoutGrad) ||
        definesCustomDerivative(state.env, target->cls))
      return failure();
    SmallVector<bool> needs;
    for (Value argument : target->arguments) {
      if (getConstant(argument)) {
        needs.push_back(false);
        continue;
      }
      auto tensor = argument.getDefiningOp<TensorObjectOp>();
      if (!tensor)
        return failure();
      llvm::DenseMap<Value, bool> known;
      needs.push_back(mayRequireGrad(tensor.getTensor(), known));
    }
    auto [ctx, result] = callForward(rewriter, call, *target, needs, /*forBackward=*/true,
                                     /*withCtx=*/!target->setupContext);
    rewriter.replaceOpWithNewOp<AutogradApplyOp>(call, call.getType(), target->method.getObject(),
                                                 ctx, result, target->arguments);
    if (target->method->use_empty())
      rewriter.eraseOp(target->method);
    return success();
  }
};

/// The elements of a forward's result: one tensor, or a tuple of tensors and
/// constants (Python values beside the tensors); the tensor of each element,
/// or null for a constant.
std::optional<SmallVector<Value>> getForwardElements(Value result, bool &isTuple) {
  SmallVector<Value> tensors;
  if (auto tensor = result.getDefiningOp<TensorObjectOp>()) {
    isTuple = false;
    tensors.push_back(tensor.getTensor());
    return tensors;
  }
  auto tuple = result.getDefiningOp<BuildTupleOp>();
  if (!tuple)
    return std::nullopt;
  isTuple = true;
  for (Value element : tuple.getElements()) {
    if (auto tensor = element.getDefiningOp<TensorObjectOp>())
      tensors.push_back(tensor.getTensor());
    else if (getConstant(element))
      tensors.push_back(Value());
    else
      return std::nullopt;
  }
  if (llvm::all_of(tensors, [](Value tensor) { return !tensor; }))
    return std::nullopt;
  return tensors;
}

/// Once the forward's result is a tensor or a tuple of tensors (and Python
/// values): the saved tensors are packed (`saved_tensors` is what
/// `save_for_backward` got), and `Fn.backward(ctx, *grads)` runs on a
/// placeholder gradient per tensor output (None for the other outputs, as
/// PyTorch gives it), to be formed into `tg.autograd_function` by
/// FormAutogradFunction. The Python values of the result are `apply`'s as
/// the forward returned them.
struct TraceBackward : ResolvePattern<AutogradApplyOp> {
  using ResolvePattern::ResolvePattern;

  LogicalResult matchAndRewrite(AutogradApplyOp op, PatternRewriter &rewriter) const override {
    bool isTuple = false;
    std::optional<SmallVector<Value>> elements = getForwardElements(op.getForward(), isTuple);
    if (!elements)
      return failure();
    // The forward is done with its outputs once no method or call of its
    // own still has them: an in-place method (`x.mul_(2)`) may yet change
    // one.
    SmallVector<Value> objects{op.getForward()};
    if (auto tuple = op.getForward().getDefiningOp<BuildTupleOp>())
      objects.assign(tuple.getElements().begin(), tuple.getElements().end());
    for (Value object : objects)
      for (Operation *user : object.getUsers())
        if (isa<GetAttrOp, CallOp>(user) && user->getBlock() == op->getBlock() &&
            user->isBeforeInBlock(op))
          return failure();
    SmallVector<Value> inputs;
    SmallVector<int64_t> positions;
    for (auto [index, argument] : llvm::enumerate(op.getArgs())) {
      if (auto tensor = argument.getDefiningOp<TensorObjectOp>()) {
        inputs.push_back(tensor.getTensor());
        positions.push_back(index);
      } else if (!getConstant(argument)) {
        return failure();
      }
    }
    Location loc = op.getLoc();
    Type objectType = op.getType();
    Value ctx = op.getCtx();
    Value saved = rewriter.create<GetAttrOp>(loc, objectType, ctx, "to_save");
    rewriter.create<ObjectSetAttrOp>(loc, ctx, "saved_tensors", saved);
    Value marked = rewriter.create<GetAttrOp>(loc, objectType, ctx, "non_differentiable");
    SmallVector<Value> outputs, placeholders, arguments{ctx};
    Value none;
    for (Value output : *elements) {
      if (!output) {
        if (!none)
          none = rewriter.create<ConstantOp>(loc, objectType, NoneAttr::get(getContext()));
        arguments.push_back(none);
        continue;
      }
      placeholders.push_back(rewriter.create<tg::GradPlaceholderOp>(
          loc, output.getType(), rewriter.getI64IntegerAttr(outputs.size())));
      outputs.push_back(output);
      arguments.push_back(rewriter.create<TensorObjectOp>(loc, objectType, placeholders.back()));
    }
    Value backward = rewriter.create<GetAttrOp>(loc, objectType, op.getFunction(), "backward");
    Value grads = rewriter.create<CallOp>(loc, objectType, backward, arguments,
                                          rewriter.getStrArrayAttr({}));
    Value applied = rewriter.create<AutogradBackwardOp>(
        loc, objectType, inputs, outputs, placeholders, ctx, grads, marked,
        rewriter.getDenseI64ArrayAttr(positions),
        rewriter.getI64IntegerAttr(op.getArgs().size()),
        isTuple ? rewriter.getUnitAttr() : UnitAttr());
    if (outputs.size() == elements->size()) {
      rewriter.replaceOp(op, applied);
      return success();
    }
    // The Python values go around the op: its tuple holds the tensors.
    auto forward = op.getForward().getDefiningOp<BuildTupleOp>();
    SmallVector<Value> result;
    unsigned next = 0;
    for (auto [element, tensor] : llvm::zip(forward.getElements(), *elements)) {
      if (!tensor) {
        result.push_back(element);
        continue;
      }
      Value index = rewriter.create<ConstantOp>(loc, objectType,
                                                IntAttr::get(getContext(), static_cast<int64_t>(next++)));
      result.push_back(rewriter.create<GetItemOp>(loc, objectType, applied, index));
    }
    rewriter.replaceOpWithNewOp<BuildTupleOp>(op, objectType, result);
    return success();
  }
};

/// Whether a Function's region may hold a copy of `op`: tensor and scalar
/// ops, not guards nor placeholders.
bool isSliceable(Operation *op) {
  if (isa<tg::GuardOpInterface, tg::AssumeOp, tg::GradPlaceholderOp>(op))
    return false;
  if (op->getNumRegions() != 0 && !isa<tg::AutogradFunctionOp>(op))
    return false;
  return isa<tg::TGDialect, arith::ArithDialect>(op->getDialect());
}

/// The ops `roots` depend on that a region may hold, operands before
/// users. The walk does not go past a value `stop` accepts; a value no such
/// op defines goes to `outside`.
SmallVector<Operation *> sliceOps(ArrayRef<Value> roots, function_ref<bool(Value)> stop,
                                  llvm::SetVector<Value> &outside) {
  SmallVector<Operation *> ordered;
  llvm::DenseSet<Operation *> seen;
  // Post-order DFS: an op is placed once all its operands are.
  SmallVector<std::pair<Operation *, bool>> stack;
  auto visit = [&](Value value) {
    if (stop(value))
      return;
    Operation *def = value.getDefiningOp();
    if (!def || !isSliceable(def)) {
      outside.insert(value);
      return;
    }
    if (!seen.contains(def))
      stack.push_back({def, false});
  };
  for (Value root : roots) {
    visit(root);
    while (!stack.empty()) {
      auto [op, expanded] = stack.pop_back_val();
      if (expanded) {
        ordered.push_back(op);
        continue;
      }
      if (!seen.insert(op).second)
        continue;
      stack.push_back({op, true});
      for (Value operand : op->getOperands())
        visit(operand);
    }
  }
  return ordered;
}

/// `py.autograd_backward` whose backward returned a tensor or None per
/// argument of `apply`: one `tg.autograd_function` whose forward region
/// holds the tensor ops from the inputs to the outputs and whose backward
/// region holds those from the saved tensors and the placeholders to the
/// gradients. What the backward uses from the forward (or from outside
/// it) is saved; what either uses from outside is an input of its own,
/// whose gradient is zero (no gradient flows through a Function but to
/// the arguments of `apply`).
struct FormAutogradFunction : ResolvePattern<AutogradBackwardOp> {
  using ResolvePattern::ResolvePattern;

  /// The gradient of each argument of `apply` that backward returned: a
  /// tensor, or null for None.
  static std::optional<SmallVector<Value>> getArgumentGrads(AutogradBackwardOp op) {
    SmallVector<Value> elements;
    Value backward = op.getBackward();
    if (auto tuple = backward.getDefiningOp<BuildTupleOp>())
      llvm::append_range(elements, tuple.getElements());
    else if (op.getNumArgs() == 1)
      elements.push_back(backward);
    else
      return std::nullopt;
    // PyTorch accepts surplus gradients that are None.
    uint64_t numArgs = op.getNumArgs();
    if (elements.size() < numArgs)
      return std::nullopt;
    SmallVector<Value> grads;
    for (auto [index, element] : llvm::enumerate(elements)) {
      Value grad;
      if (auto tensor = element.getDefiningOp<TensorObjectOp>())
        grad = tensor.getTensor();
      else if (!isa_and_present<NoneAttr>(getConstant(element)))
        return std::nullopt;
      if (index >= numArgs) {
        if (grad)
          return std::nullopt;
        continue;
      }
      grads.push_back(grad);
    }
    return grads;
  }

  LogicalResult matchAndRewrite(AutogradBackwardOp op, PatternRewriter &rewriter) const override {
    std::optional<SmallVector<Value>> argumentGrads = getArgumentGrads(op);
    if (!argumentGrads)
      return failure();
    SmallVector<Value> marked;
    if (auto tuple = op.getNonDifferentiable().getDefiningOp<BuildTupleOp>()) {
      for (Value element : tuple.getElements()) {
        auto tensor = element.getDefiningOp<TensorObjectOp>();
        if (!tensor)
          return failure();
        marked.push_back(tensor.getTensor());
      }
    } else {
      return failure();
    }
    SmallVector<Value> inputs(op.getInputs()), outputs(op.getOutputs());
    SmallVector<Value> grads;
    for (auto [input, position] : llvm::zip(inputs, op.getInputPositions())) {
      Value grad = (*argumentGrads)[position];
      // PyTorch sums a gradient of a shape its input broadcasts to down to
      // the input's shape (validate_outputs); another shape is its error at
      // run time, and the apply stays.
      if (grad && !tg::isExpandableTo(cast<RankedTensorType>(input.getType()).getShape(),
                                cast<RankedTensorType>(grad.getType()).getShape()))
        return failure();
      grads.push_back(grad);
    }

    llvm::DenseSet<Value> inputSet(inputs.begin(), inputs.end());
    llvm::SetVector<Value> extras;
    SmallVector<Operation *> forwardOps =
        sliceOps(outputs, [&](Value v) { return inputSet.contains(v); }, extras);
    llvm::DenseSet<Operation *> forwardSet(forwardOps.begin(), forwardOps.end());
    llvm::DenseMap<Value, unsigned> placeholderIndex;
    for (auto [index, placeholder] : llvm::enumerate(op.getGradOutputs()))
      placeholderIndex[placeholder] = index;
    llvm::SetVector<Value> saved, savedOutside;
    SmallVector<Value> gradRoots;
    for (Value grad : grads)
      if (grad)
        gradRoots.push_back(grad);
    SmallVector<Operation *> backwardOps = sliceOps(
        gradRoots,
        [&](Value v) {
          if (placeholderIndex.count(v))
            return true;
          Operation *def = v.getDefiningOp();
          bool constant = def && def->hasTrait<mlir::OpTrait::ConstantLike>();
          if (inputSet.contains(v) || (def && forwardSet.contains(def) && !constant)) {
            saved.insert(v);
            return true;
          }
          return false;
        },
        savedOutside);
    // Only placeholders of this Function may reach its backward.
    for (Value value : savedOutside) {
      if (value.getDefiningOp<tg::GradPlaceholderOp>())
        return failure();
      saved.insert(value);
      extras.insert(value);
    }
    for (Value value : extras)
      if (value.getDefiningOp<tg::GradPlaceholderOp>() ||
          !isa<RankedTensorType>(value.getType()))
        return failure();

    Location loc = op.getLoc();
    SmallVector<Value> allInputs(inputs);
    for (Value extra : extras)
      if (!inputSet.contains(extra))
        allInputs.push_back(extra);
    SmallVector<int64_t> nonDifferentiable;
    for (auto [index, output] : llvm::enumerate(outputs))
      if (llvm::is_contained(marked, output))
        nonDifferentiable.push_back(index);
    auto function = rewriter.create<tg::AutogradFunctionOp>(
        loc, ValueRange(outputs).getTypes(), allInputs,
        rewriter.getDenseI64ArrayAttr(nonDifferentiable));

    OpBuilder::InsertionGuard guard(rewriter);
    SmallVector<Location> inputLocs(allInputs.size(), loc);
    Block *forward = rewriter.createBlock(&function.getForward(), {},
                                          ValueRange(allInputs).getTypes(), inputLocs);
    IRMapping forwardMap;
    forwardMap.map(allInputs, forward->getArguments());
    for (Operation *inner : forwardOps)
      rewriter.clone(*inner, forwardMap);
    SmallVector<Value> yielded;
    for (Value output : outputs)
      yielded.push_back(forwardMap.lookupOrDefault(output));
    for (Value value : saved)
      yielded.push_back(forwardMap.lookupOrDefault(value));
    rewriter.create<tg::YieldOp>(loc, yielded);

    SmallVector<Type> backwardTypes(ValueRange(saved.getArrayRef()).getTypes());
    llvm::append_range(backwardTypes, ValueRange(outputs).getTypes());
    SmallVector<Location> backwardLocs(backwardTypes.size(), loc);
    Block *backward =
        rewriter.createBlock(&function.getBackward(), {}, backwardTypes, backwardLocs);
    IRMapping backwardMap;
    backwardMap.map(saved.getArrayRef(), backward->getArguments().take_front(saved.size()));
    for (auto [placeholder, index] : placeholderIndex)
      backwardMap.map(placeholder, backward->getArgument(saved.size() + index));
    for (Operation *inner : backwardOps)
      rewriter.clone(*inner, backwardMap);
    SmallVector<Value> inputGrads;
    for (auto [index, input] : llvm::enumerate(allInputs)) {
      auto type = cast<RankedTensorType>(input.getType());
      Value grad = index < grads.size() ? grads[index] : Value();
      Value value = grad ? backwardMap.lookupOrDefault(grad) : Value();
      if (!value) {
        value = rewriter.create<tg::ConstantOp>(
            loc, DenseElementsAttr::get(type, rewriter.getZeroAttr(type.getElementType())));
      } else {
        value = tg::sumToShape(rewriter, loc, value, type.getShape());
        if (value.getType() != type)
          value = rewriter.create<tg::ToOp>(loc, type, value);
      }
      inputGrads.push_back(value);
    }
    rewriter.create<tg::YieldOp>(loc, inputGrads);

    rewriter.setInsertionPoint(op);
    Type objectType = op.getType();
    SmallVector<Value> objects;
    for (Value result : function.getResults())
      objects.push_back(rewriter.create<TensorObjectOp>(loc, objectType, result));
    if (op.getTuple())
      rewriter.replaceOpWithNewOp<BuildTupleOp>(op, objectType, objects);
    else
      rewriter.replaceOp(op, objects.front());
    return success();
  }
};

/// Whether the context `ctx` is that of a Function whose backward is traced.
bool hasBackward(Value ctx) {
  return llvm::any_of(ctx.getUsers(), [](Operation *user) {
    return isa<AutogradApplyOp, AutogradBackwardOp>(user);
  });
}

/// A method of the context the forward runs with:
/// `ctx.save_for_backward(*tensors)` keeps them as `ctx.to_save` and
/// `ctx.mark_non_differentiable(*tensors)` as `ctx.non_differentiable`, as
/// PyTorch does (a second call replaces them; `saved_tensors` has them once
/// forward returns); `mark_dirty` changes nothing, and so does
/// `set_materialize_grads`, but for `set_materialize_grads(False)` where the
/// backward is traced: its gradients are always tensors here, so that call
/// stays (a graph break). Other methods stay too.
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
    if (name == "save_for_backward" || name == "mark_non_differentiable") {
      Value tensors = rewriter.create<BuildTupleOp>(loc, objectType, call.getArguments());
      rewriter.create<ObjectSetAttrOp>(
          loc, object, name == "save_for_backward" ? "to_save" : "non_differentiable", tensors);
    } else if (name == "set_materialize_grads") {
      auto value = call.getArguments().size() == 1
                       ? dyn_cast_or_null<BoolAttr>(getConstant(call.getArguments().front()))
                       : BoolAttr();
      if (!value || (!value.getValue() && hasBackward(object)))
        return failure();
    } else if (name != "mark_dirty") {
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
  patterns.add<ApplyWithoutGrad, ApplyWithGrad, TraceBackward, FormAutogradFunction,
               CallContextMethod>(patterns.getContext(), state);
}
