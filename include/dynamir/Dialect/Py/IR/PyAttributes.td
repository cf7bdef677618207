//===- PyAttributes.td - Python dialect attributes ---------*- tablegen -*-===//
//
// Attributes of the `py` dialect: the Python constants that builtin attributes cannot
// express (None, Ellipsis, arbitrary-precision int, complex, bytes, frozenset, code
// objects), the enumerations that parameterize operators, and the capture entry's
// input specifications.
//
//===----------------------------------------------------------------------===//

#ifndef DYNAMIR_DIALECT_PY_IR_PYATTRIBUTES_TD
#define DYNAMIR_DIALECT_PY_IR_PYATTRIBUTES_TD

include "dynamir/Dialect/Py/IR/PyBase.td"
include "mlir/IR/AttrTypeBase.td"
include "mlir/IR/EnumAttr.td"
include "mlir/IR/BuiltinAttributeInterfaces.td"

class Py_Attr<string name, string attrMnemonic, list<Trait> traits = []>
    : AttrDef<Py_Dialect, name, traits> {
  let mnemonic = attrMnemonic;
}

//===----------------------------------------------------------------------===//
// Constants
//===----------------------------------------------------------------------===//

def Py_NoneAttr : Py_Attr<"None", "none"> {
  let summary = "the Python constant `None`";
  let description = [{
    ```mlir
    %n = py.constant #py.none
    ```
  }];
}

def Py_EllipsisAttr : Py_Attr<"Ellipsis", "ellipsis"> {
  let summary = "the Python constant `Ellipsis` (`...`)";
  let description = [{
    ```mlir
    %e = py.constant #py.ellipsis
    ```
  }];
}

def Py_IntAttr : Py_Attr<"Int", "int"> {
  let summary = "a Python `int` of arbitrary precision";
  let description = [{
    The value is held as an `APInt` of the smallest signed width that represents
    it, so equal integers are the same attribute whatever their magnitude.

    ```mlir
    %big = py.constant #py.int<-340282366920938463463374607431768211456>
    ```
  }];
  let parameters = (ins AttrParameter<"::llvm::APInt", "signed value"> :$value);
  let hasCustomAssemblyFormat = 1;
  let builders = [
    AttrBuilder<(ins "const ::llvm::APInt &":$value)>,
    AttrBuilder<(ins "int64_t":$value)>,
  ];
  let skipDefaultBuilders = 1;
  let genStorageClass = 0;
  let extraClassDeclaration = [{
    /// Returns the value if it fits in 64 bits.
    std::optional<int64_t> getInt64() const;
  }];
}

def Py_ComplexAttr : Py_Attr<"Complex", "complex"> {
  let summary = "a Python `complex` constant";
  let description = [{
    Real and imaginary parts as IEEE doubles, printed as `FloatAttr`s do.

    ```mlir
    %j = py.constant #py.complex<0.000000e+00, 1.000000e+00>
    ```
  }];
  let parameters = (ins APFloatParameter<"real part">:$real,
                        APFloatParameter<"imaginary part">:$imag);
  let hasCustomAssemblyFormat = 1;
}

def Py_BytesAttr : Py_Attr<"Bytes", "bytes"> {
  let summary = "a Python `bytes` constant";
  let description = [{
    ```mlir
    %b = py.constant #py.bytes<"\00\FFabc">
    ```
  }];
  let parameters = (ins StringRefParameter<"contents">:$value);
  let assemblyFormat = "`<` $value `>`";
}

def Py_FrozenSetAttr : Py_Attr<"FrozenSet", "frozenset"> {
  let summary = "a Python `frozenset` constant";
  let description = [{
    Elements in the order marshal stored them (CPython's set iteration order for
    the interpreter that wrote the file).

    ```mlir
    %s = py.constant #py.frozenset<["a", "b"]>
    ```
  }];
  let parameters = (ins "::mlir::ArrayAttr":$elements);
  let assemblyFormat = "`<` $elements `>`";
  let genVerifyDecl = 1;
}

def Py_CodeAttr : Py_Attr<"Code", "code"> {
  let summary = "a reference to a code object imported as a `py.func`";
  let description = [{
    Code objects found among a code object's constants are imported as their own
    `py.func` and referenced by symbol.

    ```mlir
    %c = py.constant #py.code<@"f.<locals>.g">
    ```
  }];
  let parameters = (ins "::mlir::FlatSymbolRefAttr":$function);
  let assemblyFormat = "`<` $function `>`";
}

//===----------------------------------------------------------------------===//
// Capture entry
//===----------------------------------------------------------------------===//

def Py_TensorInputAttr : Py_Attr<"TensorInput", "tensor_input"> {
  let summary = "a tensor argument of the capture entry";
  let description = [{
    One tensor parameter of the entry function: its dtype and static shape as a
    builtin ranked tensor type (Python's `bool` is `i1`, `u8` is `ui8`), and whether
    it requires grad. Written from the `--input` spec `f32[4,8]:grad`.

    ```mlir
    #py.tensor_input<tensor<4x8xf32>, requires_grad>
    ```
  }];
  let parameters = (ins "::mlir::RankedTensorType":$type,
                        "bool":$requiresGrad);
  let hasCustomAssemblyFormat = 1;
}

//===----------------------------------------------------------------------===//
// Values of the static environment
//===----------------------------------------------------------------------===//

// What `py-build-environment` finds the module body binds: the values held by
// `py.global` and `py.member`, beside the constants above.

def Py_ModuleAttr : Py_Attr<"Module", "module"> {
  let summary = "an imported module, by qualified name";
  let description = [{
    `import torch.nn as nn` binds `nn` to `#py.module<"torch.nn">`. Modules
    Dynamir does not know are still modules: opaque, but known by name.

    ```mlir
    py.global "nn" = #py.module<"torch.nn">
    ```
  }];
  let parameters = (ins StringRefParameter<"qualified name">:$name);
  let assemblyFormat = "`<` $name `>`";
}

def Py_RefAttr : Py_Attr<"Ref", "ref"> {
  let summary = "a reference to a class or object of the environment";
  let description = [{
    Names a `py.class` or `py.object` symbol. Objects have identity, so a
    value that is an object is a reference to its one symbol.

    ```mlir
    py.global "model" = #py.ref<@"G['model']">
    ```
  }];
  let parameters = (ins "::mlir::FlatSymbolRefAttr":$symbol);
  let assemblyFormat = "`<` $symbol `>`";
}

def Py_FunctionAttr : Py_Attr<"Function", "function"> {
  let summary = "a function object: code, defaults and closure";
  let description = [{
    What `MAKE_FUNCTION` made: the `py.func` of its code, its positional
    defaults (a tuple), its keyword-only defaults (a dictionary) and the
    contents of its closure cells, one per free variable of the code.

    ```mlir
    py.member "__init__" = #py.function<@MLP.__init__ defaults [#py.int<8>] closure [#py.ref<@"G['MLP']">]>
    ```
  }];
  let parameters = (ins "::mlir::FlatSymbolRefAttr":$code,
                        OptionalParameter<"::mlir::ArrayAttr">:$defaults,
                        OptionalParameter<"::mlir::DictionaryAttr">:$kwdefaults,
                        OptionalParameter<"::mlir::ArrayAttr">:$closure);
  let assemblyFormat = [{
    `<` $code (`defaults` $defaults^)? (`kwdefaults` $kwdefaults^)?
    (`closure` $closure^)? `>`
  }];
}

def Py_PartialAttr : Py_Attr<"Partial", "partial"> {
  let summary = "a `functools.partial`: a function with arguments given ahead";
  let description = [{
    `functools.partial(fn, *args, **keywords)`: calling it calls `fn` with
    `args` first and `keywords` (names and values, in order) merged under the
    call's own keywords.

    ```mlir
    py.global "scale4" = #py.partial<#py.function<@scale>, [], ["factor"], [4.000000e+00 : f64]>
    ```
  }];
  let parameters = (ins "::mlir::Attribute":$function, "::mlir::ArrayAttr":$args,
                        "::mlir::ArrayAttr":$kwnames, "::mlir::ArrayAttr":$kwvalues);
  let assemblyFormat = "`<` $function `,` $args `,` $kwnames `,` $kwvalues `>`";
  let genVerifyDecl = 1;
}

def Py_MethodAttr : Py_Attr<"Method", "method"> {
  let summary = "a bound method (`types.MethodType`): a function and its `__self__`";
  let description = [{
    Calling it calls `function` with `self` first. A class attribute that
    holds one is not a descriptor that binds again: reading it through an
    instance or `super()` gives the method itself.

    ```mlir
    py.member "act" = #py.method<#py.function<@scaled>, #py.ref<@"G['cfg']">>
    ```
  }];
  let parameters = (ins "::mlir::Attribute":$function, "::mlir::Attribute":$self);
  let assemblyFormat = "`<` $function `,` $self `>`";
}

def Py_BuiltinAttr : Py_Attr<"Builtin", "builtin"> {
  let summary = "a builtin function or type, by name";
  let description = [{
    ```mlir
    py.member "make" = #py.builtin<"range">
    ```
  }];
  let parameters = (ins StringRefParameter<"name in builtins">:$name);
  let assemblyFormat = "`<` $name `>`";
}

def Py_StaticMethodAttr : Py_Attr<"StaticMethod", "staticmethod"> {
  let summary = "a `staticmethod` wrapping a function";
  let description = [{
    ```mlir
    py.member "make" = #py.staticmethod<#py.function<@A.make>>
    ```
  }];
  let parameters = (ins "::mlir::Attribute":$function);
  let assemblyFormat = "`<` $function `>`";
}

def Py_ClassMethodAttr : Py_Attr<"ClassMethod", "classmethod"> {
  let summary = "a `classmethod` wrapping a function";
  let description = [{
    ```mlir
    py.member "create" = #py.classmethod<#py.function<@A.create>>
    ```
  }];
  let parameters = (ins "::mlir::Attribute":$function);
  let assemblyFormat = "`<` $function `>`";
}

def Py_PropertyAttr : Py_Attr<"Property", "property"> {
  let summary = "a `property` with its getter, setter and deleter";
  let description = [{
    Each accessor is a function, or `#py.none` where the property has none.

    ```mlir
    py.member "scale" = #py.property<#py.function<@A.scale>, #py.none, #py.none>
    ```
  }];
  let parameters = (ins "::mlir::Attribute":$fget, "::mlir::Attribute":$fset,
                        "::mlir::Attribute":$fdel);
  let assemblyFormat = "`<` $fget `,` $fset `,` $fdel `>`";
}

def Py_ParameterAttr : Py_Attr<"Parameter", "parameter"> {
  let summary = "an `nn.Parameter` (or buffer): a tensor known by type only";
  let description = [{
    A tensor the module body made (the weight of an `nn.Linear`, say): its
    dtype and shape are known ahead of time, its values are not. A capture
    reads it as a graph input under TENSOR_MATCH on its source.

    ```mlir
    py.member "weight" = #py.parameter<tensor<32x8xf32>, requires_grad>
    ```
  }];
  let parameters = (ins "::mlir::RankedTensorType":$type, "bool":$requiresGrad);
  let hasCustomAssemblyFormat = 1;
}

def Py_ListAttr : Py_Attr<"List", "list"> {
  let summary = "a `list` the module body built";
  let description = [{
    ```mlir
    py.member "sizes" = #py.list<[#py.int<8>, #py.int<16>]>
    ```
  }];
  let parameters = (ins "::mlir::ArrayAttr":$elements);
  let assemblyFormat = "`<` $elements `>`";
}

def Py_UnknownAttr : Py_Attr<"Unknown", "unknown"> {
  let summary = "a value the module body makes that Dynamir cannot model";
  let description = [{
    Kept with the reason, so a capture that needs the value can say why it
    cannot have it instead of guessing.

    ```mlir
    py.global "weights" = #py.unknown<"the result of calling 'open'">
    ```
  }];
  let parameters = (ins StringRefParameter<"why">:$reason);
  let assemblyFormat = "`<` $reason `>`";
}

//===----------------------------------------------------------------------===//
// Enumerations
//===----------------------------------------------------------------------===//

// An enum attribute; its printer emits a space before the keyword, so op
// formats put it right after the mnemonic with an empty literal
// (`` `` $kind``) to print `py.binop add`.
class Py_EnumAttr<EnumAttrInfo info, string mnemonic>
    : EnumAttr<Py_Dialect, info, mnemonic>;

// The numbering is CPython's `NB_*` numbering (Include/internal/pycore_opcode.h),
// which is the `BINARY_OP` oparg in 3.11, 3.12 and 3.13.
def Py_BinaryOpKind : I32EnumAttr<"BinaryOpKind", "Python binary operator", [
    I32EnumAttrCase<"add", 0>, I32EnumAttrCase<"and_", 1, "and">,
    I32EnumAttrCase<"floordiv", 2>, I32EnumAttrCase<"lshift", 3>,
    I32EnumAttrCase<"matmul", 4>, I32EnumAttrCase<"mul", 5>,
    I32EnumAttrCase<"mod", 6>, I32EnumAttrCase<"or_", 7, "or">,
    I32EnumAttrCase<"pow", 8>, I32EnumAttrCase<"rshift", 9>,
    I32EnumAttrCase<"sub", 10>, I32EnumAttrCase<"truediv", 11>,
    I32EnumAttrCase<"xor_", 12, "xor">,
    I32EnumAttrCase<"iadd", 13>, I32EnumAttrCase<"iand", 14>,
    I32EnumAttrCase<"ifloordiv", 15>, I32EnumAttrCase<"ilshift", 16>,
    I32EnumAttrCase<"imatmul", 17>, I32EnumAttrCase<"imul", 18>,
    I32EnumAttrCase<"imod", 19>, I32EnumAttrCase<"ior", 20>,
    I32EnumAttrCase<"ipow", 21>, I32EnumAttrCase<"irshift", 22>,
    I32EnumAttrCase<"isub", 23>, I32EnumAttrCase<"itruediv", 24>,
    I32EnumAttrCase<"ixor", 25>]> {
  let cppNamespace = "::dynamir::py";
  let genSpecializedAttr = 0;
}
def Py_BinaryOpKindAttr : Py_EnumAttr<Py_BinaryOpKind, "binop">;

def Py_UnaryOpKind : I32EnumAttr<"UnaryOpKind", "Python unary operator", [
    I32EnumAttrCase<"neg", 0>, I32EnumAttrCase<"pos", 1>,
    I32EnumAttrCase<"invert", 2>, I32EnumAttrCase<"not_", 3, "not">]> {
  let cppNamespace = "::dynamir::py";
  let genSpecializedAttr = 0;
}
def Py_UnaryOpKindAttr : Py_EnumAttr<Py_UnaryOpKind, "unop">;

// Rich comparison, numbered as CPython's `Py_LT` ... `Py_GE`.
def Py_ComparePredicate : I32EnumAttr<"ComparePredicate", "Python rich comparison", [
    I32EnumAttrCase<"lt", 0>, I32EnumAttrCase<"le", 1>, I32EnumAttrCase<"eq", 2>,
    I32EnumAttrCase<"ne", 3>, I32EnumAttrCase<"gt", 4>, I32EnumAttrCase<"ge", 5>]> {
  let cppNamespace = "::dynamir::py";
  let genSpecializedAttr = 0;
}
def Py_ComparePredicateAttr : Py_EnumAttr<Py_ComparePredicate, "cmp">;

// The conversion of an f-string replacement field (`!s`, `!r`, `!a`).
def Py_ConversionKind : I32EnumAttr<"ConversionKind", "f-string conversion", [
    I32EnumAttrCase<"str", 1>, I32EnumAttrCase<"repr", 2>,
    I32EnumAttrCase<"ascii", 3>]> {
  let cppNamespace = "::dynamir::py";
  let genSpecializedAttr = 0;
}
def Py_ConversionKindAttr : Py_EnumAttr<Py_ConversionKind, "conversion">;

// The intrinsics of `CALL_INTRINSIC_1`/`CALL_INTRINSIC_2` (3.12+) that have no
// op of their own: the PEP 695 typing constructs.
def Py_IntrinsicKind : I32EnumAttr<"IntrinsicKind", "typing intrinsic", [
    I32EnumAttrCase<"typevar", 0>, I32EnumAttrCase<"paramspec", 1>,
    I32EnumAttrCase<"typevartuple", 2>, I32EnumAttrCase<"subscript_generic", 3>,
    I32EnumAttrCase<"typealias", 4>, I32EnumAttrCase<"typevar_with_bound", 5>,
    I32EnumAttrCase<"typevar_with_constraints", 6>,
    I32EnumAttrCase<"set_function_type_params", 7>,
    I32EnumAttrCase<"set_typeparam_default", 8>]> {
  let cppNamespace = "::dynamir::py";
  let genSpecializedAttr = 0;
}
def Py_IntrinsicKindAttr : Py_EnumAttr<Py_IntrinsicKind, "intrinsic">;

// Where `GET_AWAITABLE` appears, for its error messages.
def Py_AwaitableKind : I32EnumAttr<"AwaitableKind", "context of an await", [
    I32EnumAttrCase<"await_", 0, "await">, I32EnumAttrCase<"aenter", 1>,
    I32EnumAttrCase<"aexit", 2>]> {
  let cppNamespace = "::dynamir::py";
  let genSpecializedAttr = 0;
}
def Py_AwaitableKindAttr : Py_EnumAttr<Py_AwaitableKind, "awaitable">;

// Code object flags (`co_flags`), as CPython numbers them.
def Py_CodeFlags : I32BitEnumAttr<"CodeFlags", "code object flags", [
    I32BitEnumAttrCaseNone<"none">,
    I32BitEnumAttrCaseBit<"optimized", 0>, I32BitEnumAttrCaseBit<"newlocals", 1>,
    I32BitEnumAttrCaseBit<"varargs", 2>, I32BitEnumAttrCaseBit<"varkeywords", 3>,
    I32BitEnumAttrCaseBit<"nested", 4>, I32BitEnumAttrCaseBit<"generator", 5>,
    I32BitEnumAttrCaseBit<"nofree", 6>, I32BitEnumAttrCaseBit<"coroutine", 7>,
    I32BitEnumAttrCaseBit<"iterable_coroutine", 8>,
    I32BitEnumAttrCaseBit<"async_generator", 9>,
    I32BitEnumAttrCaseBit<"future_division", 17>,
    I32BitEnumAttrCaseBit<"future_absolute_import", 18>,
    I32BitEnumAttrCaseBit<"future_with_statement", 19>,
    I32BitEnumAttrCaseBit<"future_print_function", 20>,
    I32BitEnumAttrCaseBit<"future_unicode_literals", 21>,
    I32BitEnumAttrCaseBit<"future_barry_as_bdfl", 22>,
    I32BitEnumAttrCaseBit<"future_generator_stop", 23>,
    I32BitEnumAttrCaseBit<"future_annotations", 24>]> {
  let cppNamespace = "::dynamir::py";
  let separator = " | ";
  let genSpecializedAttr = 0;
  let printBitEnumPrimaryGroups = 0;
}
def Py_CodeFlagsAttr : EnumAttr<Py_Dialect, Py_CodeFlags, "code_flags"> {
  let assemblyFormat = "`<` $value `>`";
}

#endif // DYNAMIR_DIALECT_PY_IR_PYATTRIBUTES_TD
