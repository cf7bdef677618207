//===- ReverseMode.h - Reverse-mode differentiation of tg -------*- C++ -*-===//
//
// The vector-Jacobian product of a straight-line tensor computation: what
// `torch.autograd.backward(outputs, grad_outputs)` computes for the inputs
// that require grad, built as tg ops. Each op has a derivative rule as
// PyTorch's derivatives.yaml gives it; `tg.autograd_function` runs its own
// backward region.
//
//===----------------------------------------------------------------------===//

#ifndef DYNAMIR_DIALECT_TG_TRANSFORMS_REVERSEMODE_H
#define DYNAMIR_DIALECT_TG_TRANSFORMS_REVERSEMODE_H

#include "mlir/IR/Builders.h"
#include "mlir/Support/LogicalResult.h"
#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/SmallVector.h"

namespace dynamir::tg {

/// Builds, at `builder`'s insertion point (after `ops`), the gradient of
/// each of `wrt` given one seed gradient per output: `ops` are the
/// computation in execution order, `outputs` values it computes (or
/// members of `wrt`), `seeds` tensors of the outputs' types. A member of
/// `wrt` that no output depends on gets a zero tensor, as does one that
/// reaches the outputs only through non-differentiable ops. An op on the
/// way from `wrt` to `outputs` without a derivative rule is an error
/// emitted at the op.
mlir::FailureOr<llvm::SmallVector<mlir::Value>>
buildVectorJacobianProduct(mlir::OpBuilder &builder,
                           llvm::ArrayRef<mlir::Operation *> ops,
                           mlir::ValueRange outputs, mlir::ValueRange seeds,
                           mlir::ValueRange wrt);

/// Whether a tensor of `shape` broadcasts to `target` (PyTorch's
/// `is_expandable_to`).
bool isExpandableTo(llvm::ArrayRef<int64_t> shape, llvm::ArrayRef<int64_t> target);

/// `value`, of a shape some tensor of `shape` was broadcast to, summed over
/// the broadcast dimensions back to `shape` (PyTorch's `sum_to`): the
/// gradient of the broadcast tensor.
mlir::Value sumToShape(mlir::OpBuilder &builder, mlir::Location loc, mlir::Value value,
                       llvm::ArrayRef<int64_t> shape);

} // namespace dynamir::tg

#endif // DYNAMIR_DIALECT_TG_TRANSFORMS_REVERSEMODE_H
