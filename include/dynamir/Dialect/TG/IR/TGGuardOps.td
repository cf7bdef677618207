//===- TGGuardOps.td - Tensor graph guards -----------------*- tablegen -*-===//
//
// The guards of a capture: checks on the values found at sources when the
// captured code is entered. Each guard yields the value it checks, refined by
// what the check proves.
//
//===----------------------------------------------------------------------===//

#ifndef DYNAMIR_DIALECT_TG_IR_TGGUARDOPS_TD
#define DYNAMIR_DIALECT_TG_IR_TGGUARDOPS_TD

include "dynamir/Dialect/TG/IR/TGAttributes.td"
include "dynamir/Dialect/TG/IR/TGBase.td"
include "dynamir/Dialect/TG/IR/TGInterfaces.td"
include "mlir/IR/SymbolInterfaces.td"
include "mlir/Interfaces/SideEffectInterfaces.td"

// A guard op: `input` is the value found at `source`; the result is that
// value, refined. Guards have no side effects: one whose result nothing uses
// is dead, and identical guards merge (CSE).
class TG_GuardOp<string mnemonic, string checkName, dag checkArguments,
                 string checkFormat, list<Trait> traits = []>
    : TG_Op<"guard_" # mnemonic, !listconcat([Pure, TG_GuardOpInterface],
                                             traits)> {
  let arguments = !con((ins AnyType:$input, TG_SourceAttr:$source),
                       checkArguments);
  let results = (outs AnyType:$result);
  let assemblyFormat = "$input `at` custom<Source>($source) " # checkFormat #
                       " attr-dict `:` type($input) `->` type($result)";
  let hasFolder = 1;
  let extraClassDeclaration = [{
    static ::llvm::StringRef getCheckName() { return "}] # checkName # [{"; }
    void describeExpectation(::llvm::raw_ostream &os);
  }];
}

def TG_GuardTypeOp : TG_GuardOp<"type", "TYPE_MATCH",
    (ins AnyAttrOf<[FlatSymbolRefAttr, StrAttr]>:$cls), "`is` custom<Named>($cls)"> {
  let summary = "TYPE_MATCH: the value's type is a known class";
  let description = [{
    `type(value) is cls`, where `cls` is a class of the static environment
    (a symbol) or a class known by its qualified name (`"builtins.list"`,
    `"torch.Tensor"`). Taken when code relied on the class of an object:
    its attributes, methods or MRO.

    ```mlir
    %s = tg.guard_type %self at "L['self']" is @MLP : !py.object -> !py.object
    ```
  }];
}

def TG_GuardIdOp : TG_GuardOp<"id", "ID_MATCH",
    (ins AnyAttrOf<[FlatSymbolRefAttr, StrAttr]>:$object), "`is` custom<Named>($object)"> {
  let summary = "ID_MATCH: the value is a known object";
  let description = [{
    `value is object`, where `object` is a symbol of the static environment
    (a class or function) or a module or builtin known by its qualified name.
    Taken when code resolved a name to that object (`torch.relu` relies on
    `G['torch']` being the `torch` module).

    ```mlir
    %t = tg.guard_id %torch at "G['torch']" is "torch" : !py.object -> !py.object
    ```
  }];
}

def TG_GuardConstantOp : TG_GuardOp<"constant", "CONSTANT_MATCH",
    (ins AnyAttr:$value), "`equals` `(` $value `)`"> {
  let summary = "CONSTANT_MATCH: the value is a known Python constant";
  let description = [{
    The value equals a Python constant, checked as Dynamo dispatches
    CONSTANT_MATCH: `None` by identity (NONE_MATCH), a bool by identity
    (BOOL_MATCH), anything else by type and `==` (EQUALS_MATCH). Scalars given
    to the entry are specialized under this guard.

    ```mlir
    %n = tg.guard_constant %arg at "L['n']" equals(#py.int<3>) : !py.object -> !py.object
    %f = tg.guard_constant %flag at "L['self'].training" equals(true) : !py.object -> !py.object
    ```
  }];
  let hasVerifier = 1;
  let extraClassDeclaration = [{
    static ::llvm::StringRef getCheckName() { return "CONSTANT_MATCH"; }
    void describeExpectation(::llvm::raw_ostream &os);
    /// NONE_MATCH, BOOL_MATCH or EQUALS_MATCH, as Dynamo dispatches.
    ::llvm::StringRef getDispatchedCheckName();
  }];
}

def TG_GuardTensorOp : TG_GuardOp<"tensor", "TENSOR_MATCH",
    (ins DenseI64ArrayAttr:$strides, UnitAttr:$requires_grad),
    "`strides` $strides (`requires_grad` $requires_grad^)?"> {
  let summary = "TENSOR_MATCH: the value is a tensor of a known dtype, size, strides";
  let description = [{
    The value is a CPU `torch.Tensor` whose dtype and sizes are the result
    type's, whose strides are `strides` and whose `requires_grad` is the
    `requires_grad` flag. The result is the tensor as a value.

    ```mlir
    %x = tg.guard_tensor %arg at "L['x']" strides [8, 1]
        : !py.object -> tensor<4x8xf32>
    ```
  }];
  let results = (outs TG_Tensor:$result);
  let hasVerifier = 1;
}

def TG_GuardClosureOp : TG_GuardOp<"closure", "CLOSURE_MATCH",
    (ins FlatSymbolRefAttr:$code), "`code` $code",
    [DeclareOpInterfaceMethods<SymbolUserOpInterface>]> {
  let summary = "CLOSURE_MATCH: the value is a function with known code";
  let description = [{
    The value is a Python function whose `__code__` is the code object
    imported as the `py.func` `code`: its body is what was inlined.

    ```mlir
    %f = tg.guard_closure %fwd at "G['Fn'].forward" code @"Fn.forward"
        : !py.object -> !py.object
    ```
  }];
}

def TG_GuardHasAttrOp : TG_GuardOp<"hasattr", "HASATTR",
    (ins StrAttr:$name, UnitAttr:$absent), "(`not` $absent^)? $name"> {
  let summary = "HASATTR: the value has, or has not, an attribute";
  let description = [{
    `hasattr(value, name)`, or its negation with `not`. Taken when code
    relied on an attribute's presence or absence (a lookup that went past an
    instance dictionary).

    ```mlir
    %m = tg.guard_hasattr %self at "L['self']" not "bias" : !py.object -> !py.object
    ```
  }];
}

def TG_GuardLengthOp : TG_GuardOp<"len", "SEQUENCE_LENGTH",
    (ins AnyAttrOf<[FlatSymbolRefAttr, StrAttr]>:$cls, I64Attr:$length),
    "`is` custom<Named>($cls) `length` $length"> {
  let summary = "SEQUENCE_LENGTH: the value is a sequence of a known type and length";
  let description = [{
    `type(value) is cls and len(value) == length`: taken when code unpacked
    or iterated a list or tuple.

    ```mlir
    %xs = tg.guard_len %args at "L['args']" is "builtins.tuple" length 2
        : !py.object -> !py.object
    ```
  }];
  let hasVerifier = 1;
}

def TG_GuardDictKeysOp : TG_GuardOp<"dict_keys", "DICT_KEYS_MATCH",
    (ins ArrayAttr:$keys), "`keys` $keys"> {
  let summary = "DICT_KEYS_MATCH: the value is a dict with known keys, in order";
  let description = [{
    `list(value.keys()) == keys`: taken when code iterated a dict or relied on
    which keys it holds.

    ```mlir
    %d = tg.guard_dict_keys %cfg at "L['cfg']" keys ["hidden", "depth"]
        : !py.object -> !py.object
    ```
  }];
  let hasVerifier = 1;
}

// What `tg.assume` writes: the set of guards a capture relies on.
def TG_GuardResource : Resource<"::dynamir::tg::GuardResource">;

def TG_AssumeOp : TG_Op<"assume", [MemoryEffects<[MemWrite<TG_GuardResource>]>]> {
  let summary = "the capture relies on a guard whose value it no longer uses";
  let description = [{
    Keeps a guard alive when the code that relied on its check no longer uses
    the refined value: a specialized scalar replaced by its constant, a
    branch folded on it, an attribute resolved through a class whose type was
    checked. Like `llvm.assume`, it computes nothing; its effect on the guard
    set makes it live. Repeated assumptions of one guard in a block are one.

    ```mlir
    %n = tg.guard_constant %arg1 at "L['n']" equals(#py.int<3>) : !py.object -> !py.object
    tg.assume %n : !py.object
    ```
  }];
  let arguments = (ins AnyType:$guard);
  let assemblyFormat = "$guard attr-dict `:` type($guard)";
  let hasVerifier = 1;
  let hasCanonicalizeMethod = 1;
}

#endif // DYNAMIR_DIALECT_TG_IR_TGGUARDOPS_TD
