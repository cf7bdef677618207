//===- AutogradFunction.h - torch.autograd.Function -------------*- C++ -*-===//
//
// `Fn.apply(...)` of a torch.autograd.Function, and the methods of its
// context: Dynamo's AutogradFunctionVariable and
// AutogradFunctionContextVariable.
//
//===----------------------------------------------------------------------===//

#ifndef DYNAMIR_LIB_DIALECT_PY_TRANSFORMS_AUTOGRADFUNCTION_H
#define DYNAMIR_LIB_DIALECT_PY_TRANSFORMS_AUTOGRADFUNCTION_H

#include "ResolveEnvironment.h"

#include "mlir/IR/PatternMatch.h"

namespace dynamir::py {

/// Patterns on torch.autograd.Function: `Fn.apply(...)` where no input
/// requires grad calls `Fn.forward` with a fresh context (which
/// py-inline-functions inlines); where one may, the forward and then the
/// backward are traced (`py.autograd_apply`, `py.autograd_backward`) and
/// their tensor ops formed into one `tg.autograd_function`. The context's
/// `save_for_backward` keeps the tensors as `to_save`, and
/// `mark_non_differentiable` as `non_differentiable`; its other `mark_*`
/// methods change nothing.
void populateAutogradFunctionPatterns(mlir::RewritePatternSet &patterns, ResolveState &state);

} // namespace dynamir::py

#endif // DYNAMIR_LIB_DIALECT_PY_TRANSFORMS_AUTOGRADFUNCTION_H
