//===- AutogradFunction.h - torch.autograd.Function -------------*- C++ -*-===//
//
// `Fn.apply(...)` of a torch.autograd.Function, and the methods of its
// context: Dynamo's AutogradFunctionVariable and
// AutogradFunctionContextVariable.
//
//===----------------------------------------------------------------------===//

#ifndef DYNAMIR_LIB_DIALECT_PY_TRANSFORMS_AUTOGRADFUNCTION_H
#define DYNAMIR_LIB_DIALECT_PY_TRANSFORMS_AUTOGRADFUNCTION_H

#include "Environment.h"
#include "ResolveEnvironment.h"

#include "dynamir/Dialect/Py/IR/PyOps.h"

#include "mlir/IR/PatternMatch.h"

#include <string>

namespace dynamir::py {

/// Patterns on torch.autograd.Function: `Fn.apply(...)` where no input
/// requires grad calls `Fn.forward` with a fresh context (which
/// py-inline-functions inlines); where one may, the forward and then the
/// backward are traced (`py.autograd_apply`, `py.autograd_backward`) and
/// their tensor ops formed into one `tg.autograd_function`. The context's
/// `save_for_backward` keeps the tensors as `to_save`, and
/// `mark_non_differentiable` as `non_differentiable`; its other `mark_*`
/// methods change nothing.
/// How `Fn.apply(...)` calls the forward of Fn, a user subclass of
/// torch.autograd.Function.
struct ApplyTarget {
  GetAttrOp method; // `Fn.apply`
  ClassOp cls;
  FuncOp forward;            // the code of Fn.forward
  bool classMethod = false;  // forward is a classmethod
  bool setupContext = false; // Fn defines setup_context: forward takes no ctx
  /// The arguments of apply, keywords resolved to positions.
  llvm::SmallVector<mlir::Value> arguments;
  /// A keyword that names no positional parameter of forward (after cls
  /// and ctx), which Dynamo refuses; `arguments` is then incomplete.
  std::string unknownKeyword;
};

/// The target of `call` if it is `Fn.apply(...)` with a forward Dynamir
/// can call (a function, staticmethod or classmethod) and keywords it can
/// bind (or one that names no positional parameter: `unknownKeyword`);
/// nothing otherwise.
std::optional<ApplyTarget> matchAutogradApply(CallOp call, const Environment &env);

/// Whether `cls` defines its own `vjp` or `jvp` (Dynamo refuses those with
/// grad).
bool definesCustomDerivative(const Environment &env, ClassOp cls);

/// Whether some of `arguments` may be a tensor that requires grad.
bool mayNeedGrad(llvm::ArrayRef<mlir::Value> arguments);

void populateAutogradFunctionPatterns(mlir::RewritePatternSet &patterns, ResolveState &state);

} // namespace dynamir::py

#endif // DYNAMIR_LIB_DIALECT_PY_TRANSFORMS_AUTOGRADFUNCTION_H
