//===- TGBase.td - Tensor graph dialect base ---------------*- tablegen -*-===//
//
// The `tg` dialect: the tensor graph a capture produces, on builtin ranked
// tensor types, with PyTorch's dtype promotion and broadcasting.
//
//===----------------------------------------------------------------------===//

#ifndef DYNAMIR_DIALECT_TG_IR_TGBASE_TD
#define DYNAMIR_DIALECT_TG_IR_TGBASE_TD

include "mlir/IR/OpBase.td"

def TG_Dialect : Dialect {
  let name = "tg";
  let cppNamespace = "::dynamir::tg";
  let summary = "Tensor graphs with PyTorch semantics on builtin tensors";
  let description = [{
    The `tg` dialect holds the tensor computation a capture extracts from
    Python code: value-semantics ops on builtin ranked tensor types (so other
    MLIR pipelines accept them), each with the dtype and shape PyTorch gives
    its result. Element types map to PyTorch dtypes: `i1` is `torch.bool`,
    `ui8` `torch.uint8`, `i8`-`i64` the signed integers, `f16`, `bf16`, `f32`,
    `f64` the floating-point types.

    Operands that are Python numbers rather than tensors (`x + 2`, `x * 0.5`)
    have the scalar types `f64` (float), `i64` (int) and `i1` (bool). As in
    PyTorch they take part in dtype promotion only by category: `x * 0.5` on
    an `f16` tensor stays `f16`, on an `i32` tensor becomes `f32` (the default
    dtype).

    Result types are inferred (InferTypeOpInterface), so a producer only
    states operands; a mismatch of shapes or dtypes is a verifier error with
    PyTorch's message.
  }];
  // Guards compare with Python constants, which are py attributes.
  let dependentDialects = ["::dynamir::py::PyDialect"];
  let hasConstantMaterializer = 1;
  let useDefaultAttributePrinterParser = 1;
  let extraClassDeclaration = [{
    void registerAttributes();
  }];
}

class TG_Op<string mnemonic, list<Trait> traits = []>
    : Op<TG_Dialect, mnemonic, traits>;

// Tensors of the dtypes PyTorch and Dynamir support.
def TG_ElementType : AnyTypeOf<[I1, UI8, I8, I16, I32, I64, F16, BF16, F32, F64],
                               "a PyTorch dtype">;
def TG_Tensor : Type<
    RankedTensorOf<[I1, UI8, I8, I16, I32, I64, F16, BF16, F32, F64]>.predicate,
    "ranked tensor of a PyTorch dtype (i1, ui8, i8, i16, i32, i64, f16, bf16, "
    "f32, f64)", "::mlir::RankedTensorType">;
// A Python number: float, int or bool.
def TG_PyScalar : AnyTypeOf<[F64, I64, I1], "a Python float, int or bool">;
def TG_TensorOrScalar : AnyTypeOf<[TG_Tensor, TG_PyScalar],
                                  "a tensor or a Python number">;

#endif // DYNAMIR_DIALECT_TG_IR_TGBASE_TD
