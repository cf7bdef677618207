//===- InlineFunctions.cpp - Inline module-level Python functions ---------===//
//
// Dynamo's InliningInstructionTranslator, as MLIR inlining: a call of a known
// `def` becomes a copy of its `py.func` body (through the py dialect's
// inliner interface), its parameters bound to the call's arguments as Python
// binds them.
//
//===----------------------------------------------------------------------===//

#include "dynamir/Dialect/Py/Transforms/Passes.h"

#include "ModuleBindings.h"

#include "dynamir/Dialect/Py/IR/PyAttributes.h"
#include "dynamir/Dialect/TG/IR/TGOps.h"

#include "mlir/IR/Dominance.h"
#include "mlir/Transforms/InliningUtils.h"

namespace dynamir::py {
#define GEN_PASS_DEF_INLINEFUNCTIONS
#include "dynamir/Dialect/Py/Transforms/Passes.h.inc"
} // namespace dynamir::py

using namespace mlir;
using namespace dynamir;
using namespace dynamir::py;

namespace {
/// A function the module body defines: its code and its defaults.
struct KnownFunction {
  FuncOp code;
  /// The `def`'s default values, for its last parameters.
  SmallVector<Attribute> defaults;
};

/// The function a global names, when the module body binds it once to a
/// `def` without a closure whose defaults are constants.
std::optional<KnownFunction> resolveFunction(ModuleOp module, StringRef name) {
  Value binding = getModuleBinding(module, name);
  auto make = binding ? binding.getDefiningOp<MakeFunctionOp>() : MakeFunctionOp();
  if (!make || make.getClosure() || make.getKwdefaults())
    return std::nullopt;
  auto code = module.lookupSymbol<FuncOp>(make.getFunctionAttr());
  if (!code || code.isExternal())
    return std::nullopt;
  KnownFunction function{code, {}};
  if (Value defaults = make.getDefaults()) {
    auto constant = defaults.getDefiningOp<ConstantOp>();
    auto tuple = constant ? dyn_cast<ArrayAttr>(constant.getValue()) : ArrayAttr();
    if (!tuple)
      return std::nullopt;
    llvm::append_range(function.defaults, tuple.getValue());
  }
  return function;
}

/// Whether the function's body can stand in for a call: its parameters are
/// plain positional-or-keyword ones and it keeps no state across calls.
bool isInlinable(FuncOp code) {
  CodeFlags flags = code.getFlags();
  CodeFlags unsupported = CodeFlags::varargs | CodeFlags::varkeywords |
                          CodeFlags::generator | CodeFlags::coroutine |
                          CodeFlags::iterable_coroutine | CodeFlags::async_generator;
  return (flags & unsupported) == CodeFlags::none && code.getKwonlyargcount() == 0 &&
         code.getFreevars().empty() &&
         code.getBody().front().getNumArguments() == code.getArgcount();
}

/// The call's arguments bound to the function's parameters, as Python binds
/// them; nothing where Python would raise TypeError.
std::optional<SmallVector<Value>> bindArguments(OpBuilder &builder, CallOp call,
                                                KnownFunction &function) {
  FuncOp code = function.code;
  unsigned numParams = code.getArgcount();
  ArrayRef<Attribute> names = code.getVarnames().getValue().take_front(numParams);
  ValueRange positional = call.getPositionalArguments();
  if (positional.size() > numParams)
    return std::nullopt;
  SmallVector<Value> bound(numParams);
  llvm::copy(positional, bound.begin());
  for (auto [name, value] :
       llvm::zip(call.getKwnames().getValue(), call.getKeywordArguments())) {
    auto it = llvm::find(names, name);
    size_t index = it - names.begin();
    // Unknown, given twice, or positional-only.
    if (it == names.end() || bound[index] || index < code.getPosonlyargcount())
      return std::nullopt;
    bound[index] = value;
  }
  size_t firstDefault = numParams - function.defaults.size();
  for (unsigned i = 0; i < numParams; ++i) {
    if (bound[i])
      continue;
    if (i < firstDefault)
      return std::nullopt;
    bound[i] = builder.create<ConstantOp>(call.getLoc(), ObjectType::get(builder.getContext()),
                                          function.defaults[i - firstDefault]);
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
    InlinerInterface interface(&getContext());
    // Each round inlines the calls present at its start, so a chain of n
    // calls takes n rounds; a recursive function stops at the limit.
    for (unsigned round = 0; round < maxDepth; ++round) {
      SmallVector<std::pair<CallOp, KnownFunction>> calls;
      entry.walk([&](CallOp call) {
        auto load = call.getCallee().getDefiningOp<LoadGlobalOp>();
        if (!load)
          if (auto guard = call.getCallee().getDefiningOp<tg::GuardClosureOp>())
            load = guard.getInput().getDefiningOp<LoadGlobalOp>();
        if (!load)
          return;
        // Inside a try, the body's exceptions would need the caller's handler.
        if (isa<UnwindBranchOp>(call->getBlock()->getTerminator()))
          return;
        std::optional<KnownFunction> function = resolveFunction(module, load.getName());
        if (function && isInlinable(function->code))
          calls.emplace_back(call, *function);
      });
      if (calls.empty())
        return;
      for (auto &[call, function] : calls)
        if (failed(inlineCall(interface, call, function)))
          return signalPassFailure();
    }
  }

  LogicalResult inlineCall(InlinerInterface &interface, CallOp call,
                           KnownFunction &function) {
    OpBuilder builder(call);
    std::optional<SmallVector<Value>> arguments =
        bindArguments(builder, call, function);
    if (!arguments)
      return success();
    // The body relies on the global being this function.
    Value callee = call.getCallee();
    auto guard = callee.getDefiningOp<tg::GuardClosureOp>();
    if (!guard) {
      auto load = callee.getDefiningOp<LoadGlobalOp>();
      auto source = tg::SourceAttr::getGlobal(&getContext(), load.getName());
      // A load the module binds cannot raise: where the global is already
      // guarded, the load is that guard's value.
      DominanceInfo dominance(load->getParentOp());
      load->getParentOp()->walk([&](tg::GuardClosureOp earlier) {
        if (!guard && earlier.getSource() == source &&
            dominance.properlyDominates(earlier.getOperation(), load))
          guard = earlier;
      });
      if (guard) {
        load.getResult().replaceAllUsesWith(guard.getResult());
        load->erase();
      }
    }
    if (!guard) {
      auto load = callee.getDefiningOp<LoadGlobalOp>();
      builder.setInsertionPointAfter(load);
      guard = builder.create<tg::GuardClosureOp>(
          load.getLoc(), load.getType(), load.getResult(),
          tg::SourceAttr::getGlobal(&getContext(), load.getName()),
          FlatSymbolRefAttr::get(function.code.getSymNameAttr()));
      load.getResult().replaceAllUsesExcept(guard.getResult(), guard);
      builder.create<tg::AssumeOp>(load.getLoc(), guard.getResult());
    }
    if (failed(inlineRegion(interface, &function.code.getBody(), call, *arguments,
                            call->getResults(), call.getLoc(),
                            /*shouldCloneInlinedRegion=*/true)))
      return call.emitError("could not inline '")
             << function.code.getQualname() << "'";
    call->erase();
    ++numInlined;
    return success();
  }
};
} // namespace
