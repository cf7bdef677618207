//===- TGOps.td - Tensor graph operations ------------------*- tablegen -*-===//
//
// The tensor ops of the `tg` dialect: PyTorch's elementwise arithmetic,
// activations, matrix products, reductions, shape manipulation and tensor
// creation, with result types inferred as PyTorch infers them.
//
//===----------------------------------------------------------------------===//

#ifndef DYNAMIR_DIALECT_TG_IR_TGOPS_TD
#define DYNAMIR_DIALECT_TG_IR_TGOPS_TD

include "dynamir/Dialect/TG/IR/TGAttributes.td"
include "dynamir/Dialect/TG/IR/TGBase.td"
include "dynamir/Dialect/TG/IR/TGGuardOps.td"
include "mlir/IR/BuiltinAttributeInterfaces.td"
include "mlir/IR/EnumAttr.td"
include "mlir/IR/OpAsmInterface.td"
include "mlir/Interfaces/InferTypeOpInterface.td"
include "mlir/Interfaces/SideEffectInterfaces.td"

//===----------------------------------------------------------------------===//
// Enumerations
//===----------------------------------------------------------------------===//

def TG_ComparePredicate : I32EnumAttr<"ComparePredicate", "tensor comparison", [
    I32EnumAttrCase<"eq", 0>, I32EnumAttrCase<"ne", 1>, I32EnumAttrCase<"lt", 2>,
    I32EnumAttrCase<"le", 3>, I32EnumAttrCase<"gt", 4>, I32EnumAttrCase<"ge", 5>]> {
  let cppNamespace = "::dynamir::tg";
  let genSpecializedAttr = 0;
}
def TG_ComparePredicateAttr : EnumAttr<TG_Dialect, TG_ComparePredicate, "cmp">;

def TG_GeluApproximation : I32EnumAttr<"GeluApproximation", "gelu approximation", [
    I32EnumAttrCase<"none", 0>, I32EnumAttrCase<"tanh", 1>]> {
  let cppNamespace = "::dynamir::tg";
  let genSpecializedAttr = 0;
}
def TG_GeluApproximationAttr
    : EnumAttr<TG_Dialect, TG_GeluApproximation, "gelu_approximation">;

//===----------------------------------------------------------------------===//
// Constants and creation
//===----------------------------------------------------------------------===//

def TG_ConstantOp : TG_Op<"constant", [ConstantLike, Pure,
    AllTypesMatch<["value", "result"]>]> {
  let summary = "a constant tensor (`torch.tensor`, `zeros`, `ones`, `full`)";
  let description = [{
    A tensor of known elements. `torch.zeros`, `torch.ones`, `torch.full` and
    their `*_like` forms are splat constants, which MLIR stores as one
    element; a producer converts the fill value to the dtype with
    `castScalar`, as PyTorch does.

    ```mlir
    %w = tg.constant dense<[[1.0, 2.0], [3.0, 4.0]]> : tensor<2x2xf32>
    %z = tg.constant dense<0.0> : tensor<64x64xf32>
    %o = tg.constant dense<1> : tensor<4xi64>
    ```
  }];
  let arguments = (ins ElementsAttr:$value);
  let results = (outs TG_Tensor:$result);
  let assemblyFormat = "attr-dict $value";
  let hasFolder = 1;
}

def TG_ArangeOp : TG_Op<"arange", [Pure]> {
  let summary = "evenly spaced values (`torch.arange`)";
  let description = [{
    `start, start + step, ...` up to but excluding `end`; the result has
    `ceil((end - start) / step)` elements.

    ```mlir
    %r = tg.arange 0.0, 5.0, 1.0 : tensor<5xf32>
    ```
  }];
  let arguments = (ins F64Attr:$start, F64Attr:$end, F64Attr:$step);
  let results = (outs TG_Tensor:$result);
  let assemblyFormat = "$start `,` $end `,` $step attr-dict `:` type($result)";
  let hasVerifier = 1;
}

def TG_EyeOp : TG_Op<"eye", [Pure]> {
  let summary = "an identity matrix (`torch.eye`)";
  let description = [{
    Ones on the diagonal, zeros elsewhere; `n` and `m` are the result's shape.

    ```mlir
    %i = tg.eye : tensor<3x4xf32>
    ```
  }];
  let results = (outs TG_Tensor:$result);
  let assemblyFormat = "attr-dict `:` type($result)";
  let hasVerifier = 1;
}

def TG_ToOp : TG_Op<"to", [Pure]> {
  let summary = "convert to another dtype (`Tensor.to(dtype)`)";
  let description = [{
    Floating-point to integer conversion truncates toward zero; to `bool`,
    nonzero is true.

    ```mlir
    %h = tg.to %x : tensor<4x8xf32> to tensor<4x8xf16>
    ```
  }];
  let arguments = (ins TG_Tensor:$input);
  let results = (outs TG_Tensor:$result);
  let assemblyFormat = "$input attr-dict `:` type($input) `to` type($result)";
  let hasVerifier = 1;
  let hasFolder = 1;
}

//===----------------------------------------------------------------------===//
// Elementwise binary ops
//===----------------------------------------------------------------------===//

class TG_BinaryOp<string mnemonic, string what, string rule, string example,
                  list<Trait> traits = []>
    : TG_Op<mnemonic, !listconcat([Pure,
        DeclareOpInterfaceMethods<InferTypeOpInterface>], traits)> {
  let summary = what;
  let description = rule # [{ The shapes broadcast as in PyTorch; either
operand may be a Python number, but not both.

```mlir
}] # example # [{

```
}];
  let arguments = (ins TG_TensorOrScalar:$lhs, TG_TensorOrScalar:$rhs);
  let results = (outs TG_Tensor:$result);
  let assemblyFormat = "$lhs `,` $rhs attr-dict `:` type($lhs) `,` type($rhs)";
}

defvar kPromoted = "The result dtype is PyTorch's result type of the operands.";

def TG_AddOp : TG_BinaryOp<"add", "elementwise addition (`+`, `torch.add`)",
    kPromoted, "%z = tg.add %x, %y : tensor<4x8xf32>, tensor<8xf32>">;
def TG_SubOp : TG_BinaryOp<"sub", "elementwise subtraction (`-`, `torch.sub`)",
    kPromoted # " Two bool operands are an error, as in PyTorch.",
    "%z = tg.sub %x, %c : tensor<4xi32>, f64">;
def TG_MulOp : TG_BinaryOp<"mul", "elementwise multiplication (`*`, `torch.mul`)",
    kPromoted, "%z = tg.mul %x, %y : tensor<4xf16>, tensor<f32>">;
def TG_DivOp : TG_BinaryOp<"div", "true division (`/`, `torch.div`)",
    "The result is floating-point: integral operands give the default dtype "
    "(`f32`).", "%z = tg.div %x, %y : tensor<4xi64>, i64">;
def TG_FloorDivOp : TG_BinaryOp<"floordiv",
    "floor division (`//`, `torch.floor_divide`)", kPromoted,
    "%z = tg.floordiv %x, %c : tensor<4xi64>, i64">;
def TG_RemainderOp : TG_BinaryOp<"remainder",
    "Python-style remainder (`%`, `torch.remainder`)",
    kPromoted # " The sign follows the divisor.",
    "%z = tg.remainder %x, %c : tensor<4xf32>, f64">;
def TG_PowOp : TG_BinaryOp<"pow", "elementwise power (`**`, `torch.pow`)",
    kPromoted, "%z = tg.pow %x, %c : tensor<4xf32>, f64">;
def TG_MaximumOp : TG_BinaryOp<"maximum", "elementwise maximum (`torch.maximum`)",
    kPromoted # " NaN propagates.", "%z = tg.maximum %x, %y : tensor<4xf32>, tensor<4xf32>">;
def TG_MinimumOp : TG_BinaryOp<"minimum", "elementwise minimum (`torch.minimum`)",
    kPromoted # " NaN propagates.", "%z = tg.minimum %x, %y : tensor<4xf32>, tensor<4xf32>">;
def TG_BitwiseAndOp : TG_BinaryOp<"bitwise_and", "bitwise and (`&`)",
    "Integral and bool operands only; " # kPromoted,
    "%z = tg.bitwise_and %x, %y : tensor<4xi1>, tensor<4xi1>">;
def TG_BitwiseOrOp : TG_BinaryOp<"bitwise_or", "bitwise or (`|`)",
    "Integral and bool operands only; " # kPromoted,
    "%z = tg.bitwise_or %x, %c : tensor<4xi32>, i64">;
def TG_BitwiseXorOp : TG_BinaryOp<"bitwise_xor", "bitwise xor (`^`)",
    "Integral and bool operands only; " # kPromoted,
    "%z = tg.bitwise_xor %x, %y : tensor<4xi1>, tensor<4xi1>">;
def TG_LogicalAndOp : TG_BinaryOp<"logical_and", "logical and (`torch.logical_and`)",
    "The result is bool: whether both operands are nonzero.",
    "%z = tg.logical_and %x, %y : tensor<4xf32>, tensor<4xi1>">;
def TG_LogicalOrOp : TG_BinaryOp<"logical_or", "logical or (`torch.logical_or`)",
    "The result is bool: whether either operand is nonzero.",
    "%z = tg.logical_or %x, %y : tensor<4xf32>, tensor<4xi1>">;
def TG_LogicalXorOp : TG_BinaryOp<"logical_xor", "logical xor (`torch.logical_xor`)",
    "The result is bool: whether exactly one operand is nonzero.",
    "%z = tg.logical_xor %x, %y : tensor<4xf32>, tensor<4xi1>">;

def TG_CompareOp : TG_Op<"cmp", [Pure,
    DeclareOpInterfaceMethods<InferTypeOpInterface>]> {
  let summary = "elementwise comparison (`==`, `<`, ...)";
  let description = [{
    The operands are compared in their common dtype (PyTorch's result type);
    the result is bool, of the broadcast shape.

    ```mlir
    %m = tg.cmp gt %x, %c : tensor<4x8xf32>, f64
    ```
  }];
  let arguments = (ins TG_ComparePredicateAttr:$predicate,
                       TG_TensorOrScalar:$lhs, TG_TensorOrScalar:$rhs);
  let results = (outs TG_Tensor:$result);
  let assemblyFormat = "`` $predicate $lhs `,` $rhs attr-dict `:` type($lhs) `,` type($rhs)";
}

def TG_WhereOp : TG_Op<"where", [Pure,
    DeclareOpInterfaceMethods<InferTypeOpInterface>]> {
  let summary = "elementwise selection (`torch.where`)";
  let description = [{
    `condition ? lhs : rhs` elementwise, all three broadcast together; the
    condition is a bool tensor, the result dtype the result type of `lhs` and
    `rhs`.

    ```mlir
    %r = tg.where %m, %x, %c : tensor<4x8xi1>, tensor<4x8xf32>, f64
    ```
  }];
  let arguments = (ins TG_Tensor:$condition, TG_TensorOrScalar:$lhs,
                       TG_TensorOrScalar:$rhs);
  let results = (outs TG_Tensor:$result);
  let assemblyFormat = [{
    $condition `,` $lhs `,` $rhs attr-dict `:` type($condition) `,` type($lhs) `,` type($rhs)
  }];
}

def TG_ClampOp : TG_Op<"clamp", [Pure, AttrSizedOperandSegments,
    DeclareOpInterfaceMethods<InferTypeOpInterface>]> {
  let summary = "clamp into a range (`torch.clamp`)";
  let description = [{
    `min(max(input, min), max)` with either bound optional; the bounds are
    Python numbers or tensors and take part in dtype promotion.

    ```mlir
    %r = tg.clamp %x min(%lo : f64) max(%hi : f64) : tensor<4xf32>
    %s = tg.clamp %x max(%t : tensor<4xf32>) : tensor<4xf32>
    ```
  }];
  let arguments = (ins TG_Tensor:$input, Optional<TG_TensorOrScalar>:$min,
                       Optional<TG_TensorOrScalar>:$max);
  let results = (outs TG_Tensor:$result);
  let assemblyFormat = [{
    $input (`min` `(` $min^ `:` type($min) `)`)? (`max` `(` $max^ `:` type($max) `)`)?
    attr-dict `:` type($input)
  }];
  let hasVerifier = 1;
}

//===----------------------------------------------------------------------===//
// Elementwise unary ops
//===----------------------------------------------------------------------===//

class TG_UnaryOp<string mnemonic, string what, string rule, list<Trait> traits = []>
    : TG_Op<mnemonic, !listconcat([Pure,
        DeclareOpInterfaceMethods<InferTypeOpInterface>], traits)> {
  let summary = what;
  let description = rule # [{

```mlir
%y = tg.}] # mnemonic # [{ %x : tensor<4x8xf32>
```
}];
  let arguments = (ins TG_Tensor:$input);
  let results = (outs TG_Tensor:$result);
  let assemblyFormat = "$input attr-dict `:` type($input)";
}

defvar kSameDType = "The result has the input's dtype and shape.";
defvar kToFloat = "The result is floating-point: an integral or bool input "
                  "gives the default dtype (`f32`).";
defvar kFloatOnly = "The input must be floating-point; the result has its "
                    "dtype and shape.";

def TG_NegOp : TG_UnaryOp<"neg", "negation (`-x`)",
    kSameDType # " A bool input is an error, as in PyTorch.">;
def TG_AbsOp : TG_UnaryOp<"abs", "absolute value (`abs`, `torch.abs`)", kSameDType>;
def TG_ReluOp : TG_UnaryOp<"relu", "rectified linear unit (`torch.relu`)",
    kSameDType # " A bool input is an error, as in PyTorch.">;
def TG_ExpOp : TG_UnaryOp<"exp", "exponential (`torch.exp`)", kToFloat>;
def TG_LogOp : TG_UnaryOp<"log", "natural logarithm (`torch.log`)", kToFloat>;
def TG_SqrtOp : TG_UnaryOp<"sqrt", "square root (`torch.sqrt`)", kToFloat>;
def TG_RsqrtOp : TG_UnaryOp<"rsqrt", "reciprocal square root (`torch.rsqrt`)", kToFloat>;
def TG_SinOp : TG_UnaryOp<"sin", "sine (`torch.sin`)", kToFloat>;
def TG_CosOp : TG_UnaryOp<"cos", "cosine (`torch.cos`)", kToFloat>;
def TG_TanhOp : TG_UnaryOp<"tanh", "hyperbolic tangent (`torch.tanh`)", kToFloat>;
def TG_SigmoidOp : TG_UnaryOp<"sigmoid", "logistic sigmoid (`torch.sigmoid`)", kToFloat>;
def TG_SiluOp : TG_UnaryOp<"silu", "`x * sigmoid(x)` (`F.silu`)", kFloatOnly>;
def TG_CloneOp : TG_UnaryOp<"clone", "a copy (`Tensor.clone`)",
    kSameDType # [{ Tensors are values here, so it computes nothing; it
    marks a tensor whose storage nothing else shares (where `contiguous` or
    `detach` may return their input itself), which an in-place operator can
    then change without changing another tensor.}]>;
def TG_DetachOp : TG_UnaryOp<"detach", "the same values, cut from autograd (`Tensor.detach`)",
    kSameDType # [{ It computes nothing; reverse mode passes no gradient
    through it. Like a view, it shares its input's storage.}]>;
def TG_LogicalNotOp : TG_UnaryOp<"logical_not", "logical not (`torch.logical_not`)",
    "The result is bool: whether the input is zero.">;
def TG_BitwiseNotOp : TG_UnaryOp<"bitwise_not", "bitwise not (`~`, `torch.bitwise_not`)",
    "Integral and bool inputs only; " # kSameDType # " On bool it is logical not.">;

class TG_TriangleOp<string mnemonic, string what, string kept>
    : TG_Op<mnemonic, [Pure, DeclareOpInterfaceMethods<InferTypeOpInterface>]> {
  let summary = what;
  let description = [{
    Keeps the elements }] # kept # [{ of each matrix (the last two
    dimensions) and zeroes the others: diagonal 0 is the main diagonal, a
    positive one lies above it, a negative one below. The input has at least
    two dimensions; the result has its dtype and shape.

    ```mlir
    %m = tg.}] # mnemonic # [{ %x diagonal 0 : tensor<4x4xf32>
    ```
  }];
  let arguments = (ins TG_Tensor:$input, DefaultValuedAttr<I64Attr, "0">:$diagonal);
  let results = (outs TG_Tensor:$result);
  let assemblyFormat = "$input `diagonal` $diagonal attr-dict `:` type($input)";
}

def TG_TrilOp : TG_TriangleOp<"tril", "lower triangle (`torch.tril`)",
    "on and below the diagonal `diagonal`">;
def TG_TriuOp : TG_TriangleOp<"triu", "upper triangle (`torch.triu`)",
    "on and above the diagonal `diagonal`">;

def TG_GeluOp : TG_Op<"gelu", [Pure,
    DeclareOpInterfaceMethods<InferTypeOpInterface>]> {
  let summary = "Gaussian error linear unit (`F.gelu`)";
  let description = [{
    `x * Phi(x)`, with the erf form or, with `approximate = tanh`, the tanh
    approximation. The input must be floating-point.

    ```mlir
    %y = tg.gelu %x approximate tanh : tensor<4x8xf32>
    ```
  }];
  let arguments = (ins TG_Tensor:$input,
      DefaultValuedAttr<TG_GeluApproximationAttr, "GeluApproximation::none">:$approximate);
  let results = (outs TG_Tensor:$result);
  let assemblyFormat = "$input (`approximate` $approximate^)? attr-dict `:` type($input)";
}

//===----------------------------------------------------------------------===//
// Matrix products
//===----------------------------------------------------------------------===//

class TG_MatrixOp<string mnemonic, string what, string rule, string example>
    : TG_Op<mnemonic, [Pure, DeclareOpInterfaceMethods<InferTypeOpInterface>]> {
  let summary = what;
  let description = rule # [{ The operands must have the same dtype (PyTorch
does not promote here).

```mlir
}] # example # [{

```
}];
  let arguments = (ins TG_Tensor:$lhs, TG_Tensor:$rhs);
  let results = (outs TG_Tensor:$result);
  let assemblyFormat = "$lhs `,` $rhs attr-dict `:` type($lhs) `,` type($rhs)";
}

def TG_MatmulOp : TG_MatrixOp<"matmul", "matrix product (`@`, `torch.matmul`)",
    "`torch.matmul`'s rules: vector-vector dot product, matrix-vector and "
    "vector-matrix products, and batched products whose batch dimensions "
    "broadcast.",
    "%z = tg.matmul %x, %w : tensor<2x4x8xf32>, tensor<8x16xf32>">;
def TG_MmOp : TG_MatrixOp<"mm", "matrix-matrix product (`torch.mm`)",
    "Two matrices.", "%z = tg.mm %x, %w : tensor<4x8xf32>, tensor<8x16xf32>">;
def TG_BmmOp : TG_MatrixOp<"bmm", "batched matrix product (`torch.bmm`)",
    "Two 3-d tensors with the same batch size.",
    "%z = tg.bmm %x, %w : tensor<2x4x8xf32>, tensor<2x8x16xf32>">;

def TG_LinearOp : TG_Op<"linear", [Pure,
    DeclareOpInterfaceMethods<InferTypeOpInterface>]> {
  let summary = "affine map `x @ weight.T + bias` (`F.linear`)";
  let description = [{
    `input` is `[..., in]`, `weight` `[out, in]` and the optional `bias`
    `[out]`; the result is `[..., out]`. All have the same dtype.

    ```mlir
    %y = tg.linear %x, %w, %b : tensor<4x8xf32>, tensor<16x8xf32>, tensor<16xf32>
    ```
  }];
  let arguments = (ins TG_Tensor:$input, TG_Tensor:$weight, Optional<TG_Tensor>:$bias);
  let results = (outs TG_Tensor:$result);
  let assemblyFormat = [{
    $input `,` $weight (`,` $bias^)? attr-dict `:` type($input) `,` type($weight)
    (`,` type($bias)^)?
  }];
}

//===----------------------------------------------------------------------===//
// Reductions
//===----------------------------------------------------------------------===//

class TG_ReductionOp<string mnemonic, string what, string rule>
    : TG_Op<mnemonic, [Pure, DeclareOpInterfaceMethods<InferTypeOpInterface>]> {
  let summary = what;
  let description = rule # [{ `dims` are the reduced dimensions (negative
ones count from the end; none or empty means all); with `keepdim` they stay
with size 1.

```mlir
%s = tg.}] # mnemonic # [{ %x dims [1] keepdim : tensor<4x8xf32>
```
}];
  let arguments = (ins TG_Tensor:$input, OptionalAttr<DenseI64ArrayAttr>:$dims,
                       UnitAttr:$keepdim);
  let results = (outs TG_Tensor:$result);
  let assemblyFormat = [{
    $input (`dims` $dims^)? (`keepdim` $keepdim^)? attr-dict `:` type($input)
  }];
}

def TG_SumOp : TG_ReductionOp<"sum", "sum (`torch.sum`, `Tensor.sum`)",
    "Integral and bool inputs sum to `i64`, as in PyTorch.">;
def TG_MeanOp : TG_ReductionOp<"mean", "arithmetic mean (`torch.mean`)",
    "The input must be floating-point.">;
def TG_AmaxOp : TG_ReductionOp<"amax", "maximum over dimensions (`torch.amax`)",
    "The result has the input's dtype.">;
def TG_AminOp : TG_ReductionOp<"amin", "minimum over dimensions (`torch.amin`)",
    "The result has the input's dtype.">;

class TG_ArgReductionOp<string mnemonic, string what>
    : TG_Op<mnemonic, [Pure, DeclareOpInterfaceMethods<InferTypeOpInterface>]> {
  let summary = what;
  let description = [{
    The values along dimension `dim` and the index (`i64`) where each is
    first found, as `torch.max(x, dim)` returns them.

    ```mlir
    %v, %i = tg.}] # mnemonic # [{ %x dim 1 keepdim : tensor<4x8xf32>
    ```
  }];
  let arguments = (ins TG_Tensor:$input, I64Attr:$dim, UnitAttr:$keepdim);
  let results = (outs TG_Tensor:$values, TG_Tensor:$indices);
  let assemblyFormat = "$input `dim` $dim (`keepdim` $keepdim^)? attr-dict `:` type($input)";
}

def TG_MaxDimOp : TG_ArgReductionOp<"max_dim", "maximum along a dimension (`torch.max(x, dim)`)">;
def TG_MinDimOp : TG_ArgReductionOp<"min_dim", "minimum along a dimension (`torch.min(x, dim)`)">;

class TG_SoftmaxLikeOp<string mnemonic, string what>
    : TG_Op<mnemonic, [Pure, DeclareOpInterfaceMethods<InferTypeOpInterface>]> {
  let summary = what;
  let description = [{
    Along dimension `dim`, of a floating-point input; the result has its
    dtype and shape.

    ```mlir
    %p = tg.}] # mnemonic # [{ %x dim -1 : tensor<4x8xf32>
    ```
  }];
  let arguments = (ins TG_Tensor:$input, I64Attr:$dim);
  let results = (outs TG_Tensor:$result);
  let assemblyFormat = "$input `dim` $dim attr-dict `:` type($input)";
}

def TG_SoftmaxOp : TG_SoftmaxLikeOp<"softmax", "softmax (`torch.softmax`)">;
def TG_LogSoftmaxOp : TG_SoftmaxLikeOp<"log_softmax", "log-softmax (`torch.log_softmax`)">;

//===----------------------------------------------------------------------===//
// Shape manipulation
//===----------------------------------------------------------------------===//

def TG_ReshapeOp : TG_Op<"reshape", [Pure,
    DeclareOpInterfaceMethods<InferTypeOpInterface>]> {
  let summary = "reshape (`Tensor.reshape`, `Tensor.view`)";
  let description = [{
    The same elements in row-major order with shape `shape`, where one size
    may be `-1` (inferred). `view` imports to this op: values have no strides.

    ```mlir
    %y = tg.reshape %x [2, -1] : tensor<4x8xf32>
    ```
  }];
  let arguments = (ins TG_Tensor:$input, DenseI64ArrayAttr:$shape);
  let results = (outs TG_Tensor:$result);
  let assemblyFormat = "$input $shape attr-dict `:` type($input)";
  let hasFolder = 1;
}

def TG_FlattenOp : TG_Op<"flatten", [Pure,
    DeclareOpInterfaceMethods<InferTypeOpInterface>]> {
  let summary = "flatten a range of dimensions (`torch.flatten`)";
  let description = [{
    Merges dimensions `start` to `end` (inclusive, negative from the end).

    ```mlir
    %y = tg.flatten %x start 1 end -1 : tensor<2x3x4xf32>
    ```
  }];
  let arguments = (ins TG_Tensor:$input, DefaultValuedAttr<I64Attr, "0">:$start,
                       DefaultValuedAttr<I64Attr, "-1">:$end);
  let results = (outs TG_Tensor:$result);
  let assemblyFormat = "$input `start` $start `end` $end attr-dict `:` type($input)";
  let hasFolder = 1;
}

def TG_PermuteOp : TG_Op<"permute", [Pure,
    DeclareOpInterfaceMethods<InferTypeOpInterface>]> {
  let summary = "reorder dimensions (`Tensor.permute`, `transpose`, `t`, `T`)";
  let description = [{
    Result dimension `i` is input dimension `dims[i]`. `transpose(a, b)`,
    `t()` and `.T` import to this op.

    ```mlir
    %y = tg.permute %x [2, 0, 1] : tensor<2x3x4xf32>
    ```
  }];
  let arguments = (ins TG_Tensor:$input, DenseI64ArrayAttr:$dims);
  let results = (outs TG_Tensor:$result);
  let assemblyFormat = "$input $dims attr-dict `:` type($input)";
  let hasFolder = 1;
}

def TG_UnsqueezeOp : TG_Op<"unsqueeze", [Pure,
    DeclareOpInterfaceMethods<InferTypeOpInterface>]> {
  let summary = "insert a dimension of size 1 (`Tensor.unsqueeze`)";
  let description = [{
    `dim` may be in `[-rank - 1, rank]`.

    ```mlir
    %y = tg.unsqueeze %x dim 0 : tensor<3x4xf32>
    ```
  }];
  let arguments = (ins TG_Tensor:$input, I64Attr:$dim);
  let results = (outs TG_Tensor:$result);
  let assemblyFormat = "$input `dim` $dim attr-dict `:` type($input)";
  let hasFolder = 1;
}

def TG_SqueezeOp : TG_Op<"squeeze", [Pure,
    DeclareOpInterfaceMethods<InferTypeOpInterface>]> {
  let summary = "remove dimensions of size 1 (`Tensor.squeeze`)";
  let description = [{
    Without `dims`, every dimension of size 1; otherwise those of `dims` that
    have size 1 (others stay, as in PyTorch).

    ```mlir
    %y = tg.squeeze %x dims [0] : tensor<1x4xf32>
    ```
  }];
  let arguments = (ins TG_Tensor:$input, OptionalAttr<DenseI64ArrayAttr>:$dims);
  let results = (outs TG_Tensor:$result);
  let assemblyFormat = "$input (`dims` $dims^)? attr-dict `:` type($input)";
  let hasFolder = 1;
}

def TG_ExpandOp : TG_Op<"expand", [Pure,
    DeclareOpInterfaceMethods<InferTypeOpInterface>]> {
  let summary = "broadcast to a larger shape (`Tensor.expand`)";
  let description = [{
    Sizes of 1 grow to `shape`; `-1` keeps a size; new leading dimensions may
    be added.

    ```mlir
    %y = tg.expand %x [4, -1] : tensor<1x8xf32>
    ```
  }];
  let arguments = (ins TG_Tensor:$input, DenseI64ArrayAttr:$shape);
  let results = (outs TG_Tensor:$result);
  let assemblyFormat = "$input $shape attr-dict `:` type($input)";
  let hasFolder = 1;
}

def TG_CatOp : TG_Op<"cat", [Pure,
    DeclareOpInterfaceMethods<InferTypeOpInterface>]> {
  let summary = "concatenate along a dimension (`torch.cat`)";
  let description = [{
    The inputs have the same rank and the same sizes except along `dim`; the
    result dtype is their result type.

    ```mlir
    %y = tg.cat %a, %b dim 0 : tensor<2x4xf32>, tensor<3x4xf32>
    ```
  }];
  let arguments = (ins Variadic<TG_Tensor>:$inputs, I64Attr:$dim);
  let results = (outs TG_Tensor:$result);
  let assemblyFormat = "$inputs `dim` $dim attr-dict `:` type($inputs)";
}

def TG_StackOp : TG_Op<"stack", [Pure,
    DeclareOpInterfaceMethods<InferTypeOpInterface>]> {
  let summary = "stack along a new dimension (`torch.stack`)";
  let description = [{
    The inputs have the same shape; `dim` is the new dimension's position.

    ```mlir
    %y = tg.stack %a, %b dim 0 : tensor<4xf32>, tensor<4xf32>
    ```
  }];
  let arguments = (ins Variadic<TG_Tensor>:$inputs, I64Attr:$dim);
  let results = (outs TG_Tensor:$result);
  let assemblyFormat = "$inputs `dim` $dim attr-dict `:` type($inputs)";
}

def TG_SliceOp : TG_Op<"slice", [Pure,
    DeclareOpInterfaceMethods<InferTypeOpInterface>]> {
  let summary = "a strided range of one dimension (`x[a:b:c]`)";
  let description = [{
    Python slice semantics on dimension `dim`: `start` and `end` count from
    the end when negative and are clamped to the size; `step` is positive.

    ```mlir
    %y = tg.slice %x dim 1 start 0 end 4 step 2 : tensor<3x8xf32>
    ```
  }];
  let arguments = (ins TG_Tensor:$input, I64Attr:$dim, I64Attr:$start,
                       I64Attr:$end, DefaultValuedAttr<I64Attr, "1">:$step);
  let results = (outs TG_Tensor:$result);
  let assemblyFormat = [{
    $input `dim` $dim `start` $start `end` $end `step` $step attr-dict `:` type($input)
  }];
}

def TG_SelectOp : TG_Op<"select", [Pure,
    DeclareOpInterfaceMethods<InferTypeOpInterface>]> {
  let summary = "index one dimension with a constant (`x[i]`)";
  let description = [{
    Removes dimension `dim`, keeping index `index` (negative from the end).

    ```mlir
    %row = tg.select %x dim 0 index 2 : tensor<3x8xf32>
    ```
  }];
  let arguments = (ins TG_Tensor:$input, I64Attr:$dim, I64Attr:$index);
  let results = (outs TG_Tensor:$result);
  let assemblyFormat = "$input `dim` $dim `index` $index attr-dict `:` type($input)";
}

//===----------------------------------------------------------------------===//
// torch.autograd.Function
//===----------------------------------------------------------------------===//

def TG_AutogradFunctionOp : TG_Op<"autograd_function", [IsolatedFromAbove,
    RecursiveMemoryEffects]> {
  let summary = "a `torch.autograd.Function` applied, with its forward and backward";
  let description = [{
    What `Fn.apply(*inputs)` computes where some input requires grad:
    Dynamo's `autograd_function_apply`, the forward and backward graphs of a
    `torch.autograd.Function` in one op. Its results are the forward's
    outputs.

    The `forward` region takes the inputs and yields the outputs, then the
    tensors the forward saved for backward (`ctx.save_for_backward`, and
    the tensors it set as attributes of `ctx`). The `backward` region takes
    the saved tensors, then one gradient per output (of the output's type),
    and yields one gradient per input (of the input's type; a zero tensor
    where `backward` returns None). Both regions are isolated from above: all
    they use they are given. `non_differentiable` lists the outputs that
    `ctx.mark_non_differentiable` marked: their gradients are zeros, and
    nothing differentiates through them.

    ```mlir
    // y = x * w, saving both.
    %y = tg.autograd_function(%x, %w) : (tensor<4xf32>, tensor<4xf32>) -> tensor<4xf32>
    forward {
    ^bb0(%a: tensor<4xf32>, %b: tensor<4xf32>):
      %p = tg.mul %a, %b : tensor<4xf32>, tensor<4xf32>
      tg.yield %p, %a, %b : tensor<4xf32>, tensor<4xf32>, tensor<4xf32>
    } backward {
    ^bb0(%a: tensor<4xf32>, %b: tensor<4xf32>, %g: tensor<4xf32>):
      %ga = tg.mul %g, %b : tensor<4xf32>, tensor<4xf32>
      %gb = tg.mul %g, %a : tensor<4xf32>, tensor<4xf32>
      tg.yield %ga, %gb : tensor<4xf32>, tensor<4xf32>
    }
    ```
  }];
  let arguments = (ins Variadic<TG_Tensor>:$inputs,
                       DefaultValuedAttr<DenseI64ArrayAttr, "{}">:$non_differentiable);
  let results = (outs Variadic<TG_Tensor>:$outputs);
  let regions = (region SizedRegion<1>:$forward, SizedRegion<1>:$backward);
  let assemblyFormat = [{
    `(` $inputs `)` (`non_differentiable` $non_differentiable^)? attr-dict `:`
    functional-type($inputs, results) `forward` $forward `backward` $backward
  }];
  let hasVerifier = 1;
  let extraClassDeclaration = [{
    /// The tensors the forward saves for backward: what its yield gives
    /// after the outputs.
    ::mlir::ValueRange getSavedValues();
  }];
}

def TG_GradPlaceholderOp : TG_Op<"grad_placeholder", [Pure]> {
  let summary = "the gradient of a Function's output, while its backward is traced";
  let description = [{
    Stands for the gradient of output `index` of a `torch.autograd.Function`
    while `py-resolve-objects` traces its backward (see
    `py.autograd_backward`); it becomes an argument of the backward region
    of the `tg.autograd_function` made from them. It has no value of its
    own: a graph cannot run it.

    ```mlir
    %g = tg.grad_placeholder 0 : tensor<4xf32>
    ```
  }];
  let arguments = (ins I64Attr:$index);
  let results = (outs TG_Tensor:$result);
  let assemblyFormat = "$index attr-dict `:` type($result)";
}

def TG_YieldOp : TG_Op<"yield", [Pure, Terminator,
    HasParent<"AutogradFunctionOp">]> {
  let summary = "the values a region of `tg.autograd_function` gives";
  let description = [{
    Ends the `forward` region (the outputs, then the saved tensors) or the
    `backward` region (one gradient per input) of a `tg.autograd_function`.

    ```mlir
    tg.yield %y, %saved : tensor<4xf32>, tensor<4xf32>
    ```
  }];
  let arguments = (ins Variadic<TG_Tensor>:$values);
  let assemblyFormat = "($values^ `:` type($values))? attr-dict";
}

#endif // DYNAMIR_DIALECT_TG_IR_TGOPS_TD
