//===- Passes.td - Dynamir conversion passes ---------------*- tablegen -*-===//
//
// Conversions from Dynamir's dialects to upstream MLIR dialects.
//
//===----------------------------------------------------------------------===//

#ifndef DYNAMIR_CONVERSION_PASSES_TD
#define DYNAMIR_CONVERSION_PASSES_TD

include "mlir/Pass/PassBase.td"

def ConvertTGToLinalg : Pass<"convert-tg-to-linalg", "mlir::ModuleOp"> {
  let summary = "Lower `tg` tensor ops to linalg, tensor, arith and math";
  let description = [{
    Rewrites every `tg` op into upstream ops on builtin tensors, with
    PyTorch's (CPU, eager) semantics, so that the result goes through
    upstream bufferization and LLVM lowering:

    - elementwise ops become `linalg.generic`s whose indexing maps broadcast
      size-1 and missing dimensions; each operand is converted to the dtype
      PyTorch computes in (the promoted result dtype, or the common dtype of
      a comparison) and Python-number operands are converted once, before
      the loop. `f16` and `bf16` transcendental ops compute in `f32`, as
      PyTorch's CPU kernels do;
    - matrix products become `linalg.matmul`, `linalg.batch_matmul`,
      `linalg.dot` or a `linalg.generic` with broadcast batch dimensions,
      accumulating into a zero-filled (`linalg.fill`) init;
    - reductions become `linalg.generic`s with reduction iterators; softmax
      and log-softmax subtract the maximum first;
    - shape ops become `tensor.collapse_shape`/`expand_shape`,
      `linalg.transpose`, `tensor.extract_slice` and `tensor.insert_slice`;
    - `tg.constant` becomes `arith.constant`; `arange` and `eye` are
      `linalg.generic`s over `linalg.index`;
    - `tg.autograd_function` is its forward region, inlined (its backward
      region is reverse mode's: `--tg-vjp` first, where gradients are
      wanted); `tg.detach` and `tg.clone` are their input.

    Guards (`tg.guard_*`, `tg.assume`) are not computation and stay as they
    are, for whatever checks them.

    Builtin arith ops take signless integers only, so `ui8` (`torch.uint8`)
    tensors become `i8` tensors, function signatures included; their unsigned
    semantics is kept in the choice of ops (`arith.extui`, `arith.divui`,
    `arith.cmpi ult`, `arith.uitofp`, ...).

    ```mlir
    func.func @f(%x: tensor<4x8xf32>, %y: tensor<8xf32>) -> tensor<4x8xf32> {
      %z = tg.add %x, %y : tensor<4x8xf32>, tensor<8xf32>
      return %z : tensor<4x8xf32>
    }
    ```
    becomes
    ```mlir
    #map = affine_map<(d0, d1) -> (d0, d1)>
    #map1 = affine_map<(d0, d1) -> (d1)>
    func.func @f(%x: tensor<4x8xf32>, %y: tensor<8xf32>) -> tensor<4x8xf32> {
      %0 = tensor.empty() : tensor<4x8xf32>
      %1 = linalg.generic {indexing_maps = [#map, #map1, #map],
                           iterator_types = ["parallel", "parallel"]}
          ins(%x, %y : tensor<4x8xf32>, tensor<8xf32>) outs(%0 : tensor<4x8xf32>) {
      ^bb0(%a: f32, %b: f32, %out: f32):
        %2 = arith.addf %a, %b : f32
        linalg.yield %2 : f32
      } -> tensor<4x8xf32>
      return %1 : tensor<4x8xf32>
    }
    ```
  }];
  let dependentDialects = [
    "mlir::arith::ArithDialect",
    "mlir::linalg::LinalgDialect",
    "mlir::math::MathDialect",
    "mlir::scf::SCFDialect",
    "mlir::tensor::TensorDialect",
  ];
}

#endif // DYNAMIR_CONVERSION_PASSES_TD
