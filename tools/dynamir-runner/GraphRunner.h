//===- GraphRunner.h - Compile and run a captured tensor graph --*- C++ -*-===//
//
// The execution half of dynamir-runner: the tensor computation of a capture,
// cut out of its entry function, lowered with --convert-tg-to-linalg and
// upstream bufferization and LLVM lowering, and run with MLIR's
// ExecutionEngine.
//
//===----------------------------------------------------------------------===//

#ifndef DYNAMIR_TOOLS_DYNAMIR_RUNNER_GRAPHRUNNER_H
#define DYNAMIR_TOOLS_DYNAMIR_RUNNER_GRAPHRUNNER_H

#include "dynamir/Dialect/TG/IR/TypePromotion.h"

#include "mlir/IR/Value.h"
#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/SmallVector.h"
#include "llvm/Support/Error.h"

#include <vector>

namespace dynamir::runner {

/// A tensor's elements in C (row-major) order.
struct TensorData {
  tg::DType dtype;
  llvm::SmallVector<int64_t> shape;
  std::vector<char> data;
};

/// A value of the capture that the graph takes as an input (a tg.guard_tensor
/// result), with the elements it has in this run.
struct GraphInput {
  mlir::Value value;
  const TensorData *data;
};

/// What reverse mode computes along with the outputs: the gradients of
/// `wrt` (inputs of the graph) given a gradient for each of `seeded`
/// (tensors of the entry, the graph's inputs among them), as
/// `torch.autograd.backward(seeded, seeds)` does.
struct GradientRequest {
  llvm::ArrayRef<mlir::Value> wrt;
  llvm::ArrayRef<mlir::Value> seeded;
  llvm::ArrayRef<const TensorData *> seeds;
};

/// Computes `outputs`, tensors of the entry function, from `inputs`: the ops
/// they depend on (tg tensor ops and arith ops) are cloned into a function of
/// a fresh module, lowered to LLVM and run. An op the graph cannot contain,
/// or a value it depends on that is not an input, is an error that names it.
/// With `gradient`, the results go on with one gradient per member of its
/// `wrt`. With `printGraph`, the graph's module is printed before it is
/// lowered.
llvm::Expected<std::vector<TensorData>>
runTensorGraph(llvm::ArrayRef<GraphInput> inputs,
               llvm::ArrayRef<mlir::Value> outputs,
               bool printGraph = false,
               const GradientRequest *gradient = nullptr);

} // namespace dynamir::runner

#endif // DYNAMIR_TOOLS_DYNAMIR_RUNNER_GRAPHRUNNER_H
