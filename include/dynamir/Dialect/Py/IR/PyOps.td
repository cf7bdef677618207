//===- PyOps.td - Python dialect operations ----------------*- tablegen -*-===//
//
// The operations of the `py` dialect: one op per action of the CPython 3.11-3.13
// interpreter, at the level of Python semantics. Stack shuffles (POP_TOP, COPY,
// SWAP, ...) and fast-local loads and stores have no op: the importer turns them
// into SSA def-use edges. Versions that spell the same action differently (3.11's
// LOAD_METHOD and 3.12's LOAD_ATTR, 3.12's FORMAT_VALUE and 3.13's
// CONVERT_VALUE + FORMAT_SIMPLE, ...) import to the same ops.
//
//===----------------------------------------------------------------------===//

#ifndef DYNAMIR_DIALECT_PY_IR_PYOPS_TD
#define DYNAMIR_DIALECT_PY_IR_PYOPS_TD

include "dynamir/Dialect/Py/IR/PyBase.td"
include "dynamir/Dialect/Py/IR/PyTypes.td"
include "dynamir/Dialect/Py/IR/PyAttributes.td"
include "mlir/IR/OpAsmInterface.td"
include "mlir/IR/SymbolInterfaces.td"
include "mlir/Interfaces/CallInterfaces.td"
include "mlir/Interfaces/ControlFlowInterfaces.td"
include "mlir/Interfaces/FunctionInterfaces.td"
include "mlir/Interfaces/InferTypeOpInterface.td"
include "mlir/Interfaces/SideEffectInterfaces.td"

defvar Py_Obj = Py_ObjectType;

//===----------------------------------------------------------------------===//
// Functions
//===----------------------------------------------------------------------===//

def Py_FuncOp : Py_Op<"func", [
    FunctionOpInterface, IsolatedFromAbove, OpAsmOpInterface,
    DeclareOpInterfaceMethods<OpAsmOpInterface, ["getAsmBlockArgumentNames"]>]> {
  let summary = "a Python code object as a function";
  let description = [{
    One code object of a `.pyc`: a module body, a class body, a function, a
    lambda, a comprehension or a generator. The entry block's arguments are the
    parameters in CPython's order (positional, keyword-only, `*args`,
    `**kwargs`) followed by the cells of the free variables (`co_freevars`),
    which the closure supplies. Every other fast local starts unbound.

    The attributes mirror the code object: `qualname`, the argument counts,
    `co_flags`, and the names of its locals, cells and free variables. The
    symbol name is the qualname, made unique within the module.

    ```mlir
    py.func @"f.<locals>.g"(%x: !py.object, %y: !py.object, %z: !py.object) -> !py.object
        attributes {argcount = 2 : i64, cellvars = [], flags = #py.code_flags<optimized | newlocals | nested>,
                    freevars = ["z"], kwonlyargcount = 0 : i64, posonlyargcount = 0 : i64,
                    qualname = "f.<locals>.g", varnames = ["x", "y"]} {
      %0 = py.cell_get %z["z"]
      %1 = py.binop add %x, %0
      py.return %1
    }
    ```
  }];

  let arguments = (ins SymbolNameAttr:$sym_name,
                       TypeAttrOf<FunctionType>:$function_type,
                       OptionalAttr<StrAttr>:$sym_visibility,
                       OptionalAttr<DictArrayAttr>:$arg_attrs,
                       OptionalAttr<DictArrayAttr>:$res_attrs,
                       StrAttr:$qualname,
                       I64Attr:$argcount,
                       I64Attr:$posonlyargcount,
                       I64Attr:$kwonlyargcount,
                       Py_CodeFlagsAttr:$flags,
                       StrArrayAttr:$varnames,
                       StrArrayAttr:$cellvars,
                       StrArrayAttr:$freevars);
  let regions = (region AnyRegion:$body);

  let extraClassDeclaration = [{
    /// Number of entry-block arguments that are parameters (not closure cells).
    unsigned getNumParameters();

    //===------------------------------------------------------------------===//
    // FunctionOpInterface
    //===------------------------------------------------------------------===//
    ::mlir::Region *getCallableRegion() { return isExternal() ? nullptr : &getBody(); }
    ::llvm::ArrayRef<::mlir::Type> getArgumentTypes() { return getFunctionType().getInputs(); }
    ::llvm::ArrayRef<::mlir::Type> getResultTypes() { return getFunctionType().getResults(); }
    bool isDeclaration() { return isExternal(); }
  }];
  let hasCustomAssemblyFormat = 1;
  let hasVerifier = 1;
}

def Py_ReturnOp : Py_Op<"return", [HasParent<"FuncOp">, ReturnLike, Terminator]> {
  let summary = "return a value from the function (`RETURN_VALUE`)";
  let description = [{
    Returns `value` to the caller (or, in a generator, finishes it with
    `StopIteration(value)`). `RETURN_CONST` imports as a `py.constant` and this op.

    ```mlir
    py.return %0
    ```
  }];
  let arguments = (ins Py_Obj:$value);
  let assemblyFormat = "$value attr-dict";
}

//===----------------------------------------------------------------------===//
// Constants
//===----------------------------------------------------------------------===//

def Py_ConstantOp : Py_Op<"constant", [Py_NoRaise, ConstantLike, Pure,
    DeclareOpInterfaceMethods<OpAsmOpInterface, ["getAsmResultNames"]>]> {
  let summary = "a Python constant (`LOAD_CONST`)";
  let description = [{
    Materializes an immutable Python constant: `#py.none`, `#py.ellipsis`, a
    `BoolAttr`, a `#py.int`, an `f64` `FloatAttr`, a `#py.complex`, a
    `StringAttr` (str), a `#py.bytes`, an `ArrayAttr` of constants (tuple), a
    `#py.frozenset` of constants, or a `#py.code` naming a nested code object.

    ```mlir
    %0 = py.constant #py.int<42>
    %1 = py.constant "hello"
    %2 = py.constant [#py.none, 1.500000e+00 : f64, true]
    ```
  }];
  let arguments = (ins AnyAttr:$value);
  let results = (outs Py_Obj:$result);
  let assemblyFormat = "$value attr-dict";
  let hasFolder = 1;
  let hasVerifier = 1;
}

def Py_NullOp : Py_Op<"null", [Py_NoRaise, Pure]> {
  let summary = "the absence of a value (an unbound local or a `PUSH_NULL` slot)";
  let description = [{
    CPython's `NULL` where the bytecode can observe one: the value of a fast local
    that is unbound on some path, or of a cell that was never filled. Reading it
    through `py.check_bound` or `py.cell_get` raises.

    ```mlir
    %unbound = py.null
    ```
  }];
  let results = (outs Py_Obj:$result);
  let assemblyFormat = "attr-dict";
}

//===----------------------------------------------------------------------===//
// Names, globals and builtins
//===----------------------------------------------------------------------===//

class Py_NamedLoadOp<string mnemonic, string what, string example>
    : Py_Op<mnemonic, [DeclareOpInterfaceMethods<OpAsmOpInterface, ["getAsmResultNames"]>]> {
  let summary = what;
  let description = "Raises `NameError` when the name is not found.\n\n```mlir\n"
                    # example # "\n```";
  let arguments = (ins StrAttr:$name);
  let results = (outs Py_Obj:$result);
  let assemblyFormat = "$name attr-dict";
}

def Py_LoadGlobalOp : Py_NamedLoadOp<"load_global",
    "load a global, falling back to builtins (`LOAD_GLOBAL`)",
    "%torch = py.load_global \"torch\"">;
def Py_LoadNameOp : Py_NamedLoadOp<"load_name",
    "load a name from locals, globals, then builtins (`LOAD_NAME`)",
    "%x = py.load_name \"x\"">;

class Py_NamedStoreOp<string mnemonic, string what, string example>
    : Py_Op<mnemonic> {
  let summary = what;
  let description = "```mlir\n" # example # "\n```";
  let arguments = (ins StrAttr:$name, Py_Obj:$value);
  let assemblyFormat = "$name `,` $value attr-dict";
}

def Py_StoreGlobalOp : Py_NamedStoreOp<"store_global",
    "store into the module's globals (`STORE_GLOBAL`)",
    "py.store_global \"counter\", %v">;
def Py_StoreNameOp : Py_NamedStoreOp<"store_name",
    "store into the frame's locals mapping (`STORE_NAME`)",
    "py.store_name \"x\", %v">;

class Py_NamedDeleteOp<string mnemonic, string what, string example>
    : Py_Op<mnemonic> {
  let summary = what;
  let description = "Raises `NameError` when the name is not bound.\n\n```mlir\n"
                    # example # "\n```";
  let arguments = (ins StrAttr:$name);
  let assemblyFormat = "$name attr-dict";
}

def Py_DeleteGlobalOp : Py_NamedDeleteOp<"delete_global",
    "delete a global (`DELETE_GLOBAL`)", "py.delete_global \"x\"">;
def Py_DeleteNameOp : Py_NamedDeleteOp<"delete_name",
    "delete a name from the frame's locals mapping (`DELETE_NAME`)",
    "py.delete_name \"x\"">;

def Py_LoadFromDictOrGlobalsOp : Py_Op<"load_from_dict_or_globals"> {
  let summary = "load a name from a mapping, then globals and builtins";
  let description = [{
    `LOAD_FROM_DICT_OR_GLOBALS` (3.12+, annotation scopes of classes): looks
    `name` up in `mapping`, then in globals, then in builtins.

    ```mlir
    %t = py.load_from_dict_or_globals %ns["T"]
    ```
  }];
  let arguments = (ins Py_Obj:$mapping, StrAttr:$name);
  let results = (outs Py_Obj:$result);
  let assemblyFormat = "$mapping `[` $name `]` attr-dict";
}

def Py_LoadFromDictOrDerefOp : Py_Op<"load_from_dict_or_deref"> {
  let summary = "load a name from a mapping, then from a cell";
  let description = [{
    A free variable of a class body: `LOAD_CLASSDEREF` (3.11, which reads the
    frame's locals, imported as `py.load_locals`) and
    `LOAD_FROM_DICT_OR_DEREF` (3.12+). Raises `NameError` when the name is in
    neither.

    ```mlir
    %ns = py.load_locals
    %x = py.load_from_dict_or_deref %ns, %cell["x"]
    ```
  }];
  let arguments = (ins Py_Obj:$mapping, Py_Obj:$cell, StrAttr:$name);
  let results = (outs Py_Obj:$result);
  let assemblyFormat = "$mapping `,` $cell `[` $name `]` attr-dict";
}

def Py_LoadLocalsOp : Py_Op<"load_locals"> {
  let summary = "the frame's locals mapping (`LOAD_LOCALS`)";
  let description = [{
    The namespace of a module or class body. Raises `SystemError` when the frame
    has none.

    ```mlir
    %ns = py.load_locals
    ```
  }];
  let results = (outs Py_Obj:$result);
  let assemblyFormat = "attr-dict";
}

def Py_SetupAnnotationsOp : Py_Op<"setup_annotations"> {
  let summary = "create `__annotations__` in the locals mapping (`SETUP_ANNOTATIONS`)";
  let description = [{
    ```mlir
    py.setup_annotations
    ```
  }];
  let assemblyFormat = "attr-dict";
}

def Py_LoadBuildClassOp : Py_Op<"load_build_class"> {
  let summary = "`builtins.__build_class__` (`LOAD_BUILD_CLASS`)";
  let description = [{
    Looks `__build_class__` up in the builtins of the frame; raises `NameError`
    when it is missing. A class statement calls it with the class body function
    and the class name.

    ```mlir
    %bc = py.load_build_class
    %cls = py.call %bc(%body, %name, %base)
    ```
  }];
  let results = (outs Py_Obj:$result);
  let assemblyFormat = "attr-dict";
}

def Py_LoadAssertionErrorOp : Py_Op<"load_assertion_error", [Py_NoRaise, Pure]> {
  let summary = "the builtin `AssertionError` type (`LOAD_ASSERTION_ERROR`)";
  let description = [{
    The builtin type itself, whatever the name `AssertionError` is bound to.

    ```mlir
    %t = py.load_assertion_error
    ```
  }];
  let results = (outs Py_Obj:$result);
  let assemblyFormat = "attr-dict";
}

//===----------------------------------------------------------------------===//
// Fast locals and cells
//===----------------------------------------------------------------------===//

def Py_CheckBoundOp : Py_Op<"check_bound"> {
  let summary = "raise `UnboundLocalError` if a local is unbound";
  let description = [{
    The check of `LOAD_FAST` (3.11), `LOAD_FAST_CHECK` and `DELETE_FAST`: raises
    `UnboundLocalError` naming `name` when `value` is `py.null`. The importer
    emits it only where the local may be unbound on some path; a value an
    op other than `py.null` defines is bound, and the check goes.

    ```mlir
    py.check_bound %x["x"]
    ```
  }];
  let arguments = (ins Py_Obj:$value, StrAttr:$name);
  let assemblyFormat = "$value `[` $name `]` attr-dict";
  let hasCanonicalizeMethod = 1;
}

def Py_MakeCellOp : Py_Op<"make_cell", [Py_NoRaise]> {
  let summary = "a new cell holding a value (`MAKE_CELL`)";
  let description = [{
    A cell for a variable that inner functions capture. `value` is the current
    value of the local, `py.null` when it is unbound (the cell is then empty).

    ```mlir
    %cell = py.make_cell %x
    ```
  }];
  let arguments = (ins Py_Obj:$value);
  // A new object: unused, it can go.
  let results = (outs Res<Py_Obj, "", [MemAlloc]>:$cell);
  let assemblyFormat = "$value attr-dict";
  let hasCanonicalizer = 1;
}

def Py_CellGetOp : Py_Op<"cell_get"> {
  let summary = "the contents of a cell (`LOAD_DEREF`)";
  let description = [{
    Raises `NameError` ("cannot access free variable") or `UnboundLocalError`
    naming `name` when the cell is empty.

    ```mlir
    %v = py.cell_get %cell["x"]
    ```
  }];
  let arguments = (ins Py_Obj:$cell, StrAttr:$name);
  let results = (outs Py_Obj:$result);
  let assemblyFormat = "$cell `[` $name `]` attr-dict";
  let hasFolder = 1;
}

def Py_CellSetOp : Py_Op<"cell_set", [Py_NoRaise]> {
  let summary = "store into a cell (`STORE_DEREF`)";
  let description = [{
    ```mlir
    py.cell_set %cell, %v
    ```
  }];
  let arguments = (ins Py_Obj:$cell, Py_Obj:$value);
  let assemblyFormat = "$cell `,` $value attr-dict";
}

def Py_CellDeleteOp : Py_Op<"cell_delete"> {
  let summary = "empty a cell (`DELETE_DEREF`)";
  let description = [{
    Raises like `py.cell_get` when the cell is already empty.

    ```mlir
    py.cell_delete %cell["x"]
    ```
  }];
  let arguments = (ins Py_Obj:$cell, StrAttr:$name);
  let assemblyFormat = "$cell `[` $name `]` attr-dict";
}

//===----------------------------------------------------------------------===//
// Attributes, items
//===----------------------------------------------------------------------===//

def Py_GetAttrOp : Py_Op<"getattr"> {
  let summary = "Python attribute load (`obj.name`)";
  let description = [{
    Loads attribute `name` of `object` with Python's full lookup (type slots,
    descriptors, instance dictionary, `__getattr__`). `LOAD_ATTR` and the
    method-loading forms (`LOAD_METHOD` in 3.11, `LOAD_ATTR` with the method bit
    in 3.12+) import to this op: calling the bound attribute is what the method
    form does, without allocating the bound method. Raises `AttributeError`.

    ```mlir
    %w = py.getattr %self["weight"]
    ```
  }];
  let arguments = (ins Py_Obj:$object, StrAttr:$name);
  let results = (outs Py_Obj:$result);
  let assemblyFormat = "$object `[` $name `]` attr-dict";
}

def Py_SetAttrOp : Py_Op<"setattr"> {
  let summary = "Python attribute store (`obj.name = value`, `STORE_ATTR`)";
  let description = [{
    ```mlir
    py.setattr %self["weight"] = %w
    ```
  }];
  let arguments = (ins Py_Obj:$object, StrAttr:$name, Py_Obj:$value);
  let assemblyFormat = "$object `[` $name `]` `=` $value attr-dict";
}

def Py_DelAttrOp : Py_Op<"delattr"> {
  let summary = "Python attribute deletion (`del obj.name`, `DELETE_ATTR`)";
  let description = [{
    ```mlir
    py.delattr %self["cache"]
    ```
  }];
  let arguments = (ins Py_Obj:$object, StrAttr:$name);
  let assemblyFormat = "$object `[` $name `]` attr-dict";
}

def Py_GetItemOp : Py_Op<"getitem"> {
  let summary = "Python subscript (`obj[key]`, `BINARY_SUBSCR`)";
  let description = [{
    `BINARY_SLICE` (3.12+) imports as a `py.build_slice` and this op.

    ```mlir
    %row = py.getitem %x[%i]
    ```
  }];
  let arguments = (ins Py_Obj:$object, Py_Obj:$key);
  let results = (outs Py_Obj:$result);
  let assemblyFormat = "$object `[` $key `]` attr-dict";
}

def Py_SetItemOp : Py_Op<"setitem"> {
  let summary = "Python subscript store (`obj[key] = value`, `STORE_SUBSCR`)";
  let description = [{
    `STORE_SLICE` (3.12+) imports as a `py.build_slice` and this op.

    ```mlir
    py.setitem %d[%k] = %v
    ```
  }];
  let arguments = (ins Py_Obj:$object, Py_Obj:$key, Py_Obj:$value);
  let assemblyFormat = "$object `[` $key `]` `=` $value attr-dict";
}

def Py_DelItemOp : Py_Op<"delitem"> {
  let summary = "Python subscript deletion (`del obj[key]`, `DELETE_SUBSCR`)";
  let description = [{
    ```mlir
    py.delitem %d[%k]
    ```
  }];
  let arguments = (ins Py_Obj:$object, Py_Obj:$key);
  let assemblyFormat = "$object `[` $key `]` attr-dict";
}

//===----------------------------------------------------------------------===//
// Calls
//===----------------------------------------------------------------------===//

def Py_CallOp : Py_Op<"call"> {
  let summary = "Python call with positional and keyword arguments (`CALL`)";
  let description = [{
    Calls `callee` with `arguments`; the last `kwnames.size()` of them are passed
    by keyword. 3.11's `PRECALL`/`KW_NAMES`/`CALL`, 3.12's `KW_NAMES`/`CALL` and
    3.13's `CALL_KW` import to this op; a method call whose receiver the
    bytecode passes separately (`self_or_null`) imports with the receiver as
    the first positional argument of the bound attribute, i.e. as a call of the
    `py.getattr` result.

    ```mlir
    %y = py.call %f(%x, %w, bias = %b)
    ```
  }];
  let arguments = (ins Py_Obj:$callee, Variadic<Py_Obj>:$arguments,
                       DefaultValuedAttr<StrArrayAttr, "{}">:$kwnames);
  let results = (outs Py_Obj:$result);
  let extraClassDeclaration = [{
    /// The arguments passed by position.
    ::mlir::OperandRange getPositionalArguments() {
      return getArguments().drop_back(getKwnames().size());
    }
    /// The arguments passed by keyword, in `kwnames` order.
    ::mlir::OperandRange getKeywordArguments() {
      return getArguments().take_back(getKwnames().size());
    }
  }];
  let hasCustomAssemblyFormat = 1;
  let hasVerifier = 1;
}

def Py_CallExOp : Py_Op<"call_ex"> {
  let summary = "Python call with `*args` and `**kwargs` (`CALL_FUNCTION_EX`)";
  let description = [{
    `args` is a tuple of positional arguments; `kwargs`, when present, a dict of
    keyword arguments.

    ```mlir
    %r = py.call_ex %f(*%args, **%kwargs)
    ```
  }];
  let arguments = (ins Py_Obj:$callee, Py_Obj:$args, Optional<Py_Obj>:$kwargs);
  let results = (outs Py_Obj:$result);
  let assemblyFormat = [{
    $callee `(` `*` `` $args (`,` `*` `` `*` `` $kwargs^)? `)` attr-dict
  }];
  let hasCanonicalizer = 1;
}

def Py_LoadSuperAttrOp : Py_Op<"load_super_attr"> {
  let summary = "attribute lookup through `super()` (`LOAD_SUPER_ATTR`, 3.12+)";
  let description = [{
    `super(cls, self).name`, where `super` is whatever the global `super` is
    bound to (`superFn`). With `zero_arg`, the source wrote `super()` and
    `superFn` is called without arguments when it is not the builtin `super`
    (the builtin resolves `cls` from `__class__` and `self` from the first
    argument, which is what `cls` and `self` hold). 3.11 spells the same thing
    as a call of `super` followed by `py.getattr`.

    ```mlir
    %f = py.load_super_attr %super(%cls, %self)["forward"] zero_arg
    ```
  }];
  let arguments = (ins Py_Obj:$superFn, Py_Obj:$cls, Py_Obj:$self,
                       StrAttr:$name, UnitAttr:$zero_arg);
  let results = (outs Py_Obj:$result);
  let assemblyFormat = [{
    $superFn `(` $cls `,` $self `)` `` `[` $name `]` (`zero_arg` $zero_arg^)? attr-dict
  }];
  let hasCanonicalizer = 1;
}

def Py_SuperOp : Py_Op<"super"> {
  let summary = "a `super()` object, its type and object explicit";
  let description = [{
    `superFn(cls, self)`; with `zero_arg`, the source wrote `super()` and
    `superFn` is called without arguments (the builtin `super` then takes
    `cls` from the `__class__` cell and `self` from the first argument, which
    is what `cls` and `self` hold). The importer makes it from 3.11's
    zero-argument `super()` call; `py.load_super_attr` (3.12+) canonicalizes
    to it and a `py.getattr`, so both versions have one form.

    ```mlir
    %s = py.super %super(%cls, %self) zero_arg
    %f = py.getattr %s["forward"]
    ```
  }];
  let arguments = (ins Py_Obj:$superFn, Py_Obj:$cls, Py_Obj:$self, UnitAttr:$zero_arg);
  let results = (outs Py_Obj:$result);
  let assemblyFormat = [{
    $superFn `(` $cls `,` $self `)` (`zero_arg` $zero_arg^)? attr-dict
  }];
}

def Py_ClassRefOp : Py_Op<"class_ref", [Pure, Py_NoRaise,
    DeclareOpInterfaceMethods<SymbolUserOpInterface>]> {
  let summary = "a class of the static environment, by symbol";
  let description = [{
    The class object a `py.class` symbol stands for: what the `__class__`
    cell of its methods holds when one is inlined (the cell belongs to the
    function, which its guard already identifies).

    ```mlir
    %cls = py.class_ref @"G['Block']"
    ```
  }];
  let arguments = (ins FlatSymbolRefAttr:$cls);
  let results = (outs Py_Obj:$result);
  let assemblyFormat = "$cls attr-dict";
}

//===----------------------------------------------------------------------===//
// Objects the captured function creates
//===----------------------------------------------------------------------===//

def Py_NewObjectOp : Py_Op<"new_object", [Py_NoRaise, MemoryEffects<[MemAlloc]>]> {
  let summary = "`object.__new__(cls)`: a new instance with an empty `__dict__`";
  let description = [{
    What a call of a user class makes before its `__init__` runs, and what
    `super().__new__(cls)` returns when it reaches `object.__new__`. The
    capture passes make it for classes of the static environment whose
    instances they model (see py-resolve-objects), so it cannot raise; its
    attributes are then
    the `py.setattr` and `py.object_setattr` ops on it, which reads after
    them forward. An instance nothing reads goes, with its stores.

    An instance of a subclass of `tuple`, `list`, `dict` or `set` is also a
    container: `contents` is the builtin container it holds (what
    `tuple.__new__(cls, it)` or `list.__new__(cls)` made), on which the
    builtin's methods that the class does not override act. Nothing else
    sees `contents`, so an operation the builtin would run on the instance
    (`obj[k]`, `obj.append(x)`, `super().__getitem__(k)`) runs on it
    instead, with the same result.

    ```mlir
    %cls = tg.guard_id %Block at "G['Block']" is @"G['Block']" : !py.object -> !py.object
    %b = py.new_object %cls
    %items = py.build_list
    %l = py.new_object %Stack contents %items
    ```
  }];
  let arguments = (ins Py_Obj:$cls, Optional<Py_Obj>:$contents);
  let results = (outs Py_Obj:$result);
  let assemblyFormat = "$cls (`contents` $contents^)? attr-dict";
  let builders = [
    OpBuilder<(ins "::mlir::Type":$type, "::mlir::Value":$cls), [{
      build($_builder, $_state, type, cls, ::mlir::Value());
    }]>
  ];
}

def Py_ObjectSetAttrOp : Py_Op<"object_setattr"> {
  let summary = "`object.__setattr__(obj, name, value)`: the generic store";
  let description = [{
    The store `object.__setattr__` makes, without the class's own
    `__setattr__` (which `py.setattr` would run): a data descriptor of the
    class for `name` (a property) takes it, else the instance's `__dict__`.
    `super().__setattr__(name, value)` that reaches `object.__setattr__`
    becomes this op, and so does `nn.Module.__init__()`'s setting of
    `training`.

    ```mlir
    py.object_setattr %self["scale"] = %v
    ```
  }];
  let arguments = (ins Py_Obj:$object, StrAttr:$name, Py_Obj:$value);
  let assemblyFormat = "$object `[` $name `]` `=` $value attr-dict";
}

def Py_InitInstanceOp : Py_Op<"init_instance"> {
  let summary = "the second half of a class call: `__init__` of what `__new__` made";
  let description = [{
    `type.__call__(cls, *args)` calls `cls.__new__(cls, *args)`, and then,
    when the result is an instance of `cls`, `type(obj).__init__(obj,
    *args)`; it returns the object either way. A call of a class with its
    own `__new__` becomes that call of `__new__` and this op, which resolves
    once the object `__new__` returns is known. The last `kwnames.size()`
    arguments are passed by keyword, as in `py.call`.

    ```mlir
    %new = py.getattr %cls["__new__"]
    %obj = py.call %new(%cls, %x)
    %r = py.init_instance %cls, %obj(%x)
    ```
  }];
  let arguments = (ins Py_Obj:$cls, Py_Obj:$instance, Variadic<Py_Obj>:$arguments,
                       DefaultValuedAttr<StrArrayAttr, "{}">:$kwnames);
  let results = (outs Py_Obj:$result);
  let assemblyFormat = [{
    $cls `,` $instance `(` $arguments `)` (`kwnames` $kwnames^)? attr-dict
  }];
  let hasVerifier = 1;
}

def Py_CheckInitReturnOp : Py_Op<"check_init_return"> {
  let summary = "`type.__call__`'s check that `__init__` returned None";
  let description = [{
    CPython raises `TypeError: __init__() should return None, not 'int'`
    where a class's `__init__` returns anything else. A call of a class
    keeps the result of its `__init__` in this op; once the call is inlined
    and the result is the constant None, the check goes.

    ```mlir
    %r = py.call %init(%obj, %x)
    py.check_init_return %r
    ```
  }];
  let arguments = (ins Py_Obj:$result);
  let assemblyFormat = "$result attr-dict";
  let hasCanonicalizeMethod = 1;
}

def Py_CheckLenResultOp : Py_Op<"check_len_result"> {
  let summary = "`len()`'s check of what a class's `__len__` returned";
  let description = [{
    `len(obj)` of an instance whose class defines `__len__` calls it and
    takes the result as an index (`operator.index`), which must be at least
    0: CPython raises TypeError ("'float' object cannot be interpreted as an
    integer") or ValueError ("__len__() should return >= 0") otherwise. The
    op is the length; once `__len__` is inlined and returns a constant int
    (or bool) that is not negative, it folds to it.

    ```mlir
    %r = py.call %len_method(%obj)
    %n = py.check_len_result %r
    ```
  }];
  let arguments = (ins Py_Obj:$value);
  let results = (outs Py_Obj:$result);
  let assemblyFormat = "$value attr-dict";
  let hasFolder = 1;
}

def Py_CheckStrResultOp : Py_Op<"check_str_result"> {
  let summary = "`str()`'s or `repr()`'s check that a class's `__str__` or `__repr__` returned a str";
  let description = [{
    `str(obj)`, `repr(obj)` and f-string fields of an instance whose class
    defines `__str__` or `__repr__` (`method`) call it, and CPython raises
    TypeError ("__str__ returned non-string (type int)") where the result is
    not a str. The op is the text; once the method is inlined and returns a
    str constant, or a string an op builds (`py.build_string`, `py.format`,
    `py.convert_value`), it folds to it.

    ```mlir
    %r = py.call %str_method(%obj)
    %s = py.check_str_result %r of "__str__"
    ```
  }];
  let arguments = (ins Py_Obj:$value, StrAttr:$method);
  let results = (outs Py_Obj:$result);
  let assemblyFormat = "$value `of` $method attr-dict";
  let hasFolder = 1;
  let hasVerifier = 1;
}

def Py_CheckIterResultOp : Py_Op<"check_iter_result"> {
  let summary = "`iter()`'s check that a class's `__iter__` returned an iterator";
  let description = [{
    `iter(obj)` (and `for x in obj`) of an instance whose class defines
    `__iter__` calls it, and CPython raises TypeError ("iter() returned
    non-iterator") where the result has no `__next__`. The op is the
    iterator; once `__iter__` is inlined and returns what `py.get_iter`
    made (a builtin iterator), it folds to it.

    ```mlir
    %r = py.call %iter_method(%obj)
    %it = py.check_iter_result %r
    ```
  }];
  let arguments = (ins Py_Obj:$value);
  let results = (outs Py_Obj:$result);
  let assemblyFormat = "$value attr-dict";
  let hasFolder = 1;
}

//===----------------------------------------------------------------------===//
// Operators
//===----------------------------------------------------------------------===//

def Py_BinaryOp : Py_Op<"binop"> {
  let summary = "Python binary or in-place operator (`BINARY_OP`)";
  let description = [{
    `kind` is one of CPython's `NB_*` operators; the `i`-prefixed kinds are the
    in-place forms (`+=`, ...), which try `__iadd__` before `__add__`. On
    constants it folds as CPython computes: arbitrary-precision int
    arithmetic with Python's floor division and modulo, shifts, bools as
    ints (and `&`, `|`, `^` of bools as bools), float arithmetic (floor
    division and modulo as `float_divmod`), string and tuple concatenation,
    and their repetition by an int or a bool to a small result; never where
    CPython would raise.

    ```mlir
    %c = py.binop add %a, %b
    %d = py.binop imatmul %c, %w
    ```
  }];
  let arguments = (ins Py_BinaryOpKindAttr:$kind, Py_Obj:$lhs, Py_Obj:$rhs);
  let results = (outs Py_Obj:$result);
  let assemblyFormat = "`` $kind $lhs `,` $rhs attr-dict";
  let hasFolder = 1;
  // `+` of tuple displays and constant tuples is a display of their items.
  let hasCanonicalizeMethod = 1;
}

def Py_UnaryOp : Py_Op<"unary"> {
  let summary = "Python unary operator (`UNARY_*`)";
  let description = [{
    `-x`, `+x`, `~x` and `not x`. 3.13 compiles `not x` as `TO_BOOL` and
    `UNARY_NOT`, imported as `py.to_bool` and this op.

    ```mlir
    %n = py.unary neg %x
    ```
  }];
  let arguments = (ins Py_UnaryOpKindAttr:$kind, Py_Obj:$operand);
  let results = (outs Py_Obj:$result);
  let assemblyFormat = "`` $kind $operand attr-dict";
  let hasFolder = 1;
}

def Py_CompareOp : Py_Op<"compare"> {
  let summary = "Python rich comparison (`COMPARE_OP`)";
  let description = [{
    The result is whatever the comparison method returns (not necessarily a
    bool). 3.13's `COMPARE_OP` with its bool flag imports as this op followed by
    `py.to_bool`. On constants it folds to CPython's answer: numbers
    (ints exactly, ints and floats mixed where exact, NaN unordered),
    strings by code point, tuples item by item, `==`/`!=` across None,
    numbers, strings and tuples; never an ordering CPython refuses.

    ```mlir
    %lt = py.compare lt %a, %b
    ```
  }];
  let arguments = (ins Py_ComparePredicateAttr:$predicate, Py_Obj:$lhs, Py_Obj:$rhs);
  let results = (outs Py_Obj:$result);
  let assemblyFormat = "`` $predicate $lhs `,` $rhs attr-dict";
  let hasFolder = 1;
}

def Py_IsOp : Py_Op<"is", [Py_NoRaise, Pure]> {
  let summary = "identity test (`a is b`, `a is not b`, `IS_OP`)";
  let description = [{
    Produces a Python `bool`.

    ```mlir
    %same = py.is %a, %b
    %diff = py.is not %a, %none
    ```
  }];
  let arguments = (ins Py_Obj:$lhs, Py_Obj:$rhs, UnitAttr:$negated);
  let results = (outs Py_Obj:$result);
  let assemblyFormat = "(`not` $negated^)? $lhs `,` $rhs attr-dict";
}

def Py_ContainsOp : Py_Op<"contains"> {
  let summary = "membership test (`x in c`, `x not in c`, `CONTAINS_OP`)";
  let description = [{
    Produces a Python `bool`; calls `__contains__` or iterates.

    ```mlir
    %found = py.contains %key in %d
    %missing = py.contains %key not in %d
    ```
  }];
  let arguments = (ins Py_Obj:$item, Py_Obj:$container, UnitAttr:$negated);
  let results = (outs Py_Obj:$result);
  let assemblyFormat = "$item (`not` $negated^)? `in` $container attr-dict";
}

def Py_TruthOp : Py_Op<"truth"> {
  let summary = "truth value of an object, for control flow";
  let description = [{
    `PyObject_IsTrue`: calls `__bool__` or `__len__`, which may raise. The
    conditional jumps of the bytecode branch on its `i1` result with
    `cf.cond_br`. Folds on constants (None, numbers, strings, tuples, bytes)
    to an `arith.constant`, so that branches on them fold too.

    ```mlir
    %c = py.truth %x
    cf.cond_br %c, ^then, ^else
    ```
  }];
  let arguments = (ins Py_Obj:$value);
  let results = (outs I1:$result);
  let assemblyFormat = "$value attr-dict";
  let hasFolder = 1;
}

def Py_ToBoolOp : Py_Op<"to_bool"> {
  let summary = "convert to a Python `bool` (`TO_BOOL`, 3.13)";
  let description = [{
    `bool(value)` as the interpreter computes it, without looking `bool` up.

    ```mlir
    %b = py.to_bool %x
    ```
  }];
  let arguments = (ins Py_Obj:$value);
  let results = (outs Py_Obj:$result);
  let assemblyFormat = "$value attr-dict";
  let hasFolder = 1;
}

def Py_LenOp : Py_Op<"len"> {
  let summary = "`len(value)` as a Python int (`GET_LEN`)";
  let description = [{
    Used by pattern matching; does not look `len` up.

    ```mlir
    %n = py.len %subject
    ```
  }];
  let arguments = (ins Py_Obj:$value);
  let results = (outs Py_Obj:$result);
  let assemblyFormat = "$value attr-dict";
}

//===----------------------------------------------------------------------===//
// Building containers and strings
//===----------------------------------------------------------------------===//

class Py_BuildOp<string mnemonic, string what, string example,
                 list<Trait> traits = []>
    : Py_Op<mnemonic, traits> {
  let summary = what;
  let description = "```mlir\n" # example # "\n```";
  let arguments = (ins Variadic<Py_Obj>:$elements);
  let results = (outs Py_Obj:$result);
  let assemblyFormat = "`(` $elements `)` attr-dict";
}

// A new tuple or list: nothing else happens, so an unused one can go (but two
// are two objects, so they do not merge).
def Py_BuildTupleOp : Py_BuildOp<"build_tuple", "build a tuple (`BUILD_TUPLE`)",
    "%t = py.build_tuple(%a, %b)", [Py_NoRaise]> {
  let results = (outs Res<Py_Obj, "", [MemAlloc]>:$result);
}
def Py_BuildListOp : Py_BuildOp<"build_list", "build a list (`BUILD_LIST`)",
    "%l = py.build_list(%a, %b)", [Py_NoRaise]> {
  let results = (outs Res<Py_Obj, "", [MemAlloc]>:$result);
}
def Py_BuildSetOp : Py_BuildOp<"build_set", "build a set (`BUILD_SET`)",
    "%s = py.build_set(%a, %b)">;
def Py_BuildStringOp : Py_BuildOp<"build_string",
    "concatenate strs (`BUILD_STRING`, f-strings)",
    "%s = py.build_string(%prefix, %formatted)"> {
  // Constant strs concatenate.
  let hasFolder = 1;
}

def Py_BuildDictOp : Py_Op<"build_dict", [SameVariadicOperandSize]> {
  let summary = "build a dict (`BUILD_MAP`, `BUILD_CONST_KEY_MAP`)";
  let description = [{
    Inserts the pairs in order, so a later duplicate key wins.

    ```mlir
    %d = py.build_dict(%k0 : %v0, %k1 : %v1)
    ```
  }];
  let arguments = (ins Variadic<Py_Obj>:$keys, Variadic<Py_Obj>:$values);
  let results = (outs Py_Obj:$result);
  let hasCustomAssemblyFormat = 1;
}

def Py_BuildSliceOp : Py_Op<"build_slice", [Py_NoRaise, Pure]> {
  let summary = "build a slice object (`BUILD_SLICE`)";
  let description = [{
    `slice(start, stop)` or `slice(start, stop, step)`.

    ```mlir
    %s = py.build_slice %start : %stop : %step
    ```
  }];
  let arguments = (ins Py_Obj:$start, Py_Obj:$stop, Optional<Py_Obj>:$step);
  let results = (outs Py_Obj:$result);
  let assemblyFormat = "$start `:` $stop (`:` $step^)? attr-dict";
}

def Py_ConvertValueOp : Py_Op<"convert_value"> {
  let summary = "`str()`, `repr()` or `ascii()` of an f-string field";
  let description = [{
    The conversion of `FORMAT_VALUE` (3.11, 3.12) and `CONVERT_VALUE` (3.13).

    ```mlir
    %r = py.convert_value repr %x
    ```
  }];
  let arguments = (ins Py_ConversionKindAttr:$kind, Py_Obj:$value);
  let results = (outs Py_Obj:$result);
  let assemblyFormat = "`` $kind $value attr-dict";
  // Of a constant whose text is certain (see PyRepr.h).
  let hasFolder = 1;
}

def Py_FormatOp : Py_Op<"format"> {
  let summary = "`format(value, spec)` of an f-string field";
  let description = [{
    The formatting of `FORMAT_VALUE` (3.11, 3.12), `FORMAT_SIMPLE` and
    `FORMAT_WITH_SPEC` (3.13). Without `spec`, an exact `str` is returned as is.

    ```mlir
    %s = py.format %x, %spec
    ```
  }];
  let arguments = (ins Py_Obj:$value, Optional<Py_Obj>:$spec);
  let results = (outs Py_Obj:$result);
  let assemblyFormat = "$value (`,` $spec^)? attr-dict";
  // `str()` of a constant whose text is certain (see PyRepr.h), without a
  // spec or with an empty one.
  let hasFolder = 1;
}

class Py_ContainerUpdateOp<string mnemonic, string what, string example>
    : Py_Op<mnemonic> {
  let summary = what;
  let description = "Mutates `container` in place.\n\n```mlir\n" # example # "\n```";
  let arguments = (ins Py_Obj:$container, Py_Obj:$value);
  let assemblyFormat = "$container `,` $value attr-dict";
}

def Py_ListAppendOp : Py_ContainerUpdateOp<"list_append",
    "append to a list (`LIST_APPEND`)", "py.list_append %l, %v">;
def Py_ListExtendOp : Py_ContainerUpdateOp<"list_extend",
    "extend a list with an iterable (`LIST_EXTEND`)", "py.list_extend %l, %it">;
def Py_SetAddOp : Py_ContainerUpdateOp<"set_add",
    "add to a set (`SET_ADD`)", "py.set_add %s, %v">;
def Py_SetUpdateOp : Py_ContainerUpdateOp<"set_update",
    "update a set with an iterable (`SET_UPDATE`)", "py.set_update %s, %it">;
def Py_DictUpdateOp : Py_ContainerUpdateOp<"dict_update",
    "update a dict with a mapping (`DICT_UPDATE`)", "py.dict_update %d, %m">;

def Py_DictMergeOp : Py_Op<"dict_merge"> {
  let summary = "merge keyword arguments into a dict (`DICT_MERGE`)";
  let description = [{
    Like `py.dict_update`, but a duplicate key raises `TypeError` ("got multiple
    values for keyword argument"), naming `callee`.

    ```mlir
    py.dict_merge %kwargs, %extra for %f
    ```
  }];
  let arguments = (ins Py_Obj:$container, Py_Obj:$value, Py_Obj:$callee);
  let assemblyFormat = "$container `,` $value `for` $callee attr-dict";
}

def Py_MapAddOp : Py_Op<"map_add"> {
  let summary = "store a key/value pair in a dict (`MAP_ADD`)";
  let description = [{
    ```mlir
    py.map_add %d[%k] = %v
    ```
  }];
  let arguments = (ins Py_Obj:$container, Py_Obj:$key, Py_Obj:$value);
  let assemblyFormat = "$container `[` $key `]` `=` $value attr-dict";
}

def Py_ListToTupleOp : Py_Op<"list_to_tuple"> {
  let summary = "a tuple with a list's elements (`LIST_TO_TUPLE`)";
  let description = [{
    ```mlir
    %t = py.list_to_tuple %l
    ```
  }];
  let arguments = (ins Py_Obj:$list);
  let results = (outs Py_Obj:$result);
  let assemblyFormat = "$list attr-dict";
}

//===----------------------------------------------------------------------===//
// Iteration and unpacking
//===----------------------------------------------------------------------===//

def Py_GetIterOp : Py_Op<"get_iter"> {
  let summary = "`iter(value)` (`GET_ITER`)";
  let description = [{
    ```mlir
    %it = py.get_iter %xs
    ```
  }];
  let arguments = (ins Py_Obj:$value);
  let results = (outs Py_Obj:$result);
  let assemblyFormat = "$value attr-dict";
}

def Py_GetYieldFromIterOp : Py_Op<"get_yield_from_iter"> {
  let summary = "the iterator of `yield from` (`GET_YIELD_FROM_ITER`)";
  let description = [{
    Generators and (in a coroutine) coroutines pass through; anything else gets
    `iter()`.

    ```mlir
    %it = py.get_yield_from_iter %g
    ```
  }];
  let arguments = (ins Py_Obj:$value);
  let results = (outs Py_Obj:$result);
  let assemblyFormat = "$value attr-dict";
}

def Py_IterNextOp : Py_Op<"iter_next"> {
  let summary = "advance an iterator (`FOR_ITER`)";
  let description = [{
    Calls `__next__`. `hasValue` is false when the iterator is exhausted
    (`StopIteration` is swallowed), and `value` is then `py.null`-like and must
    not be used.

    ```mlir
    %v, %more = py.iter_next %it
    cf.cond_br %more, ^body(%v : !py.object), ^exit
    ```
  }];
  let arguments = (ins Py_Obj:$iterator);
  let results = (outs Py_Obj:$value, I1:$hasValue);
  let assemblyFormat = "$iterator attr-dict";
}

def Py_UnpackSequenceOp : Py_Op<"unpack_sequence",
    [DeclareOpInterfaceMethods<InferTypeOpInterface>]> {
  let summary = "unpack an iterable of known length (`UNPACK_SEQUENCE`)";
  let description = [{
    `a, b, c = value`: raises `ValueError` when `value` does not have exactly
    `count` elements. The results are in source order.

    ```mlir
    %a, %b = py.unpack_sequence %pair, 2
    ```
  }];
  let arguments = (ins Py_Obj:$value, I64Attr:$count);
  let results = (outs Variadic<Py_Obj>:$results);
  let assemblyFormat = "$value `,` $count attr-dict";
  let hasVerifier = 1;
}

def Py_UnpackExOp : Py_Op<"unpack_ex",
    [DeclareOpInterfaceMethods<InferTypeOpInterface>]> {
  let summary = "unpack with a starred target (`UNPACK_EX`)";
  let description = [{
    `a, *rest, b = value`: `before` leading elements, a list of the middle ones,
    then `after` trailing elements, in source order.

    ```mlir
    %a, %rest, %b = py.unpack_ex %xs, 1, 1
    ```
  }];
  let arguments = (ins Py_Obj:$value, I64Attr:$before, I64Attr:$after);
  let results = (outs Variadic<Py_Obj>:$results);
  let assemblyFormat = "$value `,` $before `,` $after attr-dict";
  let hasVerifier = 1;
}

//===----------------------------------------------------------------------===//
// Imports
//===----------------------------------------------------------------------===//

def Py_ImportNameOp : Py_Op<"import_name",
    [DeclareOpInterfaceMethods<OpAsmOpInterface, ["getAsmResultNames"]>]> {
  let summary = "`__import__(name, globals, locals, fromlist, level)` (`IMPORT_NAME`)";
  let description = [{
    ```mlir
    %lvl = py.constant #py.int<0>
    %none = py.constant #py.none
    %torch = py.import_name "torch" level %lvl fromlist %none
    ```
  }];
  let arguments = (ins StrAttr:$name, Py_Obj:$level, Py_Obj:$fromlist);
  let results = (outs Py_Obj:$result);
  let assemblyFormat = "$name `level` $level `fromlist` $fromlist attr-dict";
}

def Py_ImportFromOp : Py_Op<"import_from"> {
  let summary = "`from module import name` (`IMPORT_FROM`)";
  let description = [{
    An attribute of the module, falling back to the submodule
    `module.__name__ + "." + name`; raises `ImportError`.

    ```mlir
    %nn = py.import_from %torch["nn"]
    ```
  }];
  let arguments = (ins Py_Obj:$module, StrAttr:$name);
  let results = (outs Py_Obj:$result);
  let assemblyFormat = "$module `[` $name `]` attr-dict";
}

def Py_ImportStarOp : Py_Op<"import_star"> {
  let summary = "`from module import *` (`IMPORT_STAR`)";
  let description = [{
    Copies the public names of `module` into the frame's locals mapping.

    ```mlir
    py.import_star %m
    ```
  }];
  let arguments = (ins Py_Obj:$module);
  let assemblyFormat = "$module attr-dict";
}

//===----------------------------------------------------------------------===//
// Making functions, intrinsics
//===----------------------------------------------------------------------===//

def Py_MakeFunctionOp : Py_Op<"make_function", [Py_NoRaise, AttrSizedOperandSegments,
    DeclareOpInterfaceMethods<SymbolUserOpInterface>]> {
  let summary = "a function object for a nested code object (`MAKE_FUNCTION`)";
  let description = [{
    `function` names the `py.func` of the code object. `defaults` is the tuple
    of positional defaults, `kwdefaults` the dict of keyword-only defaults,
    `annotations` the annotations (a tuple of name/value pairs or a dict), and
    `closure` the tuple of cells for the callee's free variables. 3.13's
    `MAKE_FUNCTION` and `SET_FUNCTION_ATTRIBUTE` import to this one op.

    ```mlir
    %g = py.make_function @"f.<locals>.g" defaults %d closure %cells
    ```
  }];
  let arguments = (ins FlatSymbolRefAttr:$function,
                       Optional<Py_Obj>:$defaults, Optional<Py_Obj>:$kwdefaults,
                       Optional<Py_Obj>:$annotations, Optional<Py_Obj>:$closure);
  // A new function object: unused, it can go.
  let results = (outs Res<Py_Obj, "", [MemAlloc]>:$result);
  let assemblyFormat = [{
    $function (`defaults` $defaults^)? (`kwdefaults` $kwdefaults^)?
    (`annotations` $annotations^)? (`closure` $closure^)? attr-dict
  }];
}

def Py_CallIntrinsicOp : Py_Op<"call_intrinsic"> {
  let summary = "a typing intrinsic of `CALL_INTRINSIC_1`/`CALL_INTRINSIC_2`";
  let description = [{
    The PEP 695 constructs (3.12+): type variables, parameter specs, type
    aliases, generic subscripts and the type parameters of functions. The other
    intrinsics import to ops of their own (`py.import_star`,
    `py.stopiteration_error`, `py.async_gen_wrap`, `py.unary pos`,
    `py.list_to_tuple`, `py.print_expr`, `py.prep_reraise_star`).

    ```mlir
    %T = py.call_intrinsic typevar(%name)
    ```
  }];
  let arguments = (ins Py_IntrinsicKindAttr:$kind, Variadic<Py_Obj>:$arguments);
  let results = (outs Py_Obj:$result);
  let assemblyFormat = "`` $kind `(` $arguments `)` attr-dict";
  let hasVerifier = 1;
}

def Py_PrintExprOp : Py_Op<"print_expr"> {
  let summary = "display an expression statement's value (`PRINT_EXPR`)";
  let description = [{
    Calls `sys.displayhook`; only interactive code compiles to it.

    ```mlir
    py.print_expr %v
    ```
  }];
  let arguments = (ins Py_Obj:$value);
  let assemblyFormat = "$value attr-dict";
}

//===----------------------------------------------------------------------===//
// Exceptions
//===----------------------------------------------------------------------===//

def Py_RaiseOp : Py_Op<"raise", [AttrSizedOperandSegments, Terminator,
    DeclareOpInterfaceMethods<BranchOpInterface>]> {
  let summary = "raise an exception (`RAISE_VARARGS`)";
  let description = [{
    `raise`, `raise exc` and `raise exc from cause`. Without `exception` it
    re-raises the exception being handled (`RuntimeError` when there is none).
    Inside a `try`, the unwind successor is the handler, entered with the stack
    and locals given as its operands.

    ```mlir
    py.raise %err from %cause
    py.raise %err unwind ^handler(%x : !py.object)
    ```
  }];
  let arguments = (ins Optional<Py_Obj>:$exception, Optional<Py_Obj>:$cause,
                       Variadic<AnyType>:$unwindOperands);
  let successors = (successor VariadicSuccessor<AnySuccessor>:$unwindDest);
  let assemblyFormat = [{
    ($exception^)? (`from` $cause^)?
    `` custom<UnwindSuccessor>($unwindDest, $unwindOperands, type($unwindOperands))
    attr-dict
  }];
  let hasVerifier = 1;
}

def Py_ReraiseOp : Py_Op<"reraise", [Terminator,
    DeclareOpInterfaceMethods<BranchOpInterface>]> {
  let summary = "re-raise an exception (`RERAISE`)";
  let description = [{
    Raises `exception` again without touching its traceback or context; ends
    `finally` blocks and handlers that did not match.

    ```mlir
    py.reraise %exc
    ```
  }];
  let arguments = (ins Py_Obj:$exception, Variadic<AnyType>:$unwindOperands);
  let successors = (successor VariadicSuccessor<AnySuccessor>:$unwindDest);
  let assemblyFormat = [{
    $exception
    `` custom<UnwindSuccessor>($unwindDest, $unwindOperands, type($unwindOperands))
    attr-dict
  }];
  let hasVerifier = 1;
}

def Py_ExceptionStoreOp : Py_Op<"exception_store", [Py_NoRaise]> {
  let summary = "set a field an exception keeps outside its `__dict__`";
  let description = [{
    Sets `name` on the exception instance `exception`: one of the fields
    of BaseException's C struct (`args`, `__context__`, `__cause__`,
    `__suppress_context__`, `__traceback__`) or of a builtin subclass's
    (`StopIteration.value`, `AttributeError.name`, ...). The capture passes
    make it where CPython sets them without running Python code: the
    exception's `__new__` and `__init__`, a `raise` that chains the handled
    exception as `__context__`, `raise ... from` and the attribute setters,
    once the value is one the setter accepts. It never raises; reads of the
    field after it forward its value.

    ```mlir
    py.exception_store %err["__cause__"] = %inner
    py.exception_store %err["__suppress_context__"] = %true
    ```
  }];
  let arguments = (ins Py_Obj:$exception, StrAttr:$name, Py_Obj:$value);
  let assemblyFormat = "$exception `[` $name `]` `=` $value attr-dict";
  let hasVerifier = 1;
}

def Py_UnwindBranchOp : Py_Op<"unwind_br", [AttrSizedOperandSegments, Terminator,
    DeclareOpInterfaceMethods<BranchOpInterface>]> {
  let summary = "end of a block that runs under an exception handler";
  let description = [{
    Ends a block covered by an entry of the code object's exception table.
    Control continues to `dest`; if any op of this block raised instead, control
    continues to `unwindDest`, whose first op is a `py.landing_pad`. Ops of a
    block that ends this way write no fast local after their first raising op
    (the importer splits blocks to make it so), so `unwindOperands`, the stack
    below the handler's depth and the fast locals, are what the handler sees
    whichever op raised.

    ```mlir
    ^bb1:
      %r = py.call %f(%x)
      py.unwind_br ^bb2(%r : !py.object) unwind ^bb3(%x : !py.object)
    ^bb3(%x1: !py.object):
      %exc = py.landing_pad
    ```
  }];
  let arguments = (ins Variadic<AnyType>:$destOperands,
                       Variadic<AnyType>:$unwindOperands);
  let successors = (successor AnySuccessor:$dest, AnySuccessor:$unwindDest);
  let assemblyFormat = [{
    $dest (`(` $destOperands^ `:` type($destOperands) `)`)?
    `unwind` $unwindDest (`(` $unwindOperands^ `:` type($unwindOperands) `)`)?
    attr-dict
  }];
  let hasCanonicalizer = 1;
}

def Py_LandingPadOp : Py_Op<"landing_pad",
    [Py_NoRaise, DeclareOpInterfaceMethods<InferTypeOpInterface>]> {
  let summary = "entry of an exception handler";
  let description = [{
    The exception that transferred control here. With `lasti`, also the offset
    of the raising instruction that CPython pushes for handlers that re-raise
    (an opaque int here: it only restores `f_lasti` for the traceback).
    Must be the first op of a block that is reached only as an unwind
    destination.

    ```mlir
    %exc = py.landing_pad
    %exc2, %lasti = py.landing_pad lasti
    ```
  }];
  let arguments = (ins UnitAttr:$lasti);
  let results = (outs Variadic<Py_Obj>:$results);
  let assemblyFormat = "(`lasti` $lasti^)? attr-dict";
  let hasVerifier = 1;
}

def Py_PushExcInfoOp : Py_Op<"push_exc_info", [Py_NoRaise]> {
  let summary = "make an exception the one being handled (`PUSH_EXC_INFO`)";
  let description = [{
    Sets the thread's handled exception (`sys.exception()`) to `exception` and
    returns the one it replaces, for `py.pop_except` to restore.

    ```mlir
    %prev = py.push_exc_info %exc
    ```
  }];
  let arguments = (ins Py_Obj:$exception);
  let results = (outs Py_Obj:$previous);
  let assemblyFormat = "$exception attr-dict";
}

def Py_PopExceptOp : Py_Op<"pop_except", [Py_NoRaise]> {
  let summary = "restore the previously handled exception (`POP_EXCEPT`)";
  let description = [{
    ```mlir
    py.pop_except %prev
    ```
  }];
  let arguments = (ins Py_Obj:$previous);
  let assemblyFormat = "$previous attr-dict";
}

def Py_CheckExcMatchOp : Py_Op<"check_exc_match"> {
  let summary = "`except T:` match test (`CHECK_EXC_MATCH`)";
  let description = [{
    A Python `bool`: whether `exception` is an instance of `matchType` (a class or a
    tuple of classes). Raises `TypeError` when `matchType` is not an exception class.

    ```mlir
    %m = py.check_exc_match %exc, %ValueError
    ```
  }];
  let arguments = (ins Py_Obj:$exception, Py_Obj:$matchType);
  let results = (outs Py_Obj:$result);
  let assemblyFormat = "$exception `,` $matchType attr-dict";
}

def Py_CheckEgMatchOp : Py_Op<"check_eg_match"> {
  let summary = "`except* T:` split of an exception group (`CHECK_EG_MATCH`)";
  let description = [{
    `rest` is what does not match (or `None`), `match` the matching part (or
    `None` when nothing matches).

    ```mlir
    %rest, %match = py.check_eg_match %eg, %ValueError
    ```
  }];
  let arguments = (ins Py_Obj:$exception, Py_Obj:$matchType);
  let results = (outs Py_Obj:$rest, Py_Obj:$match);
  let assemblyFormat = "$exception `,` $matchType attr-dict";
}

def Py_PrepReraiseStarOp : Py_Op<"prep_reraise_star"> {
  let summary = "combine what `except*` handlers raised (`PREP_RERAISE_STAR`)";
  let description = [{
    The exception group to re-raise after the `except*` clauses of a `try`, or
    `None`.

    ```mlir
    %eg = py.prep_reraise_star %orig, %raised
    ```
  }];
  let arguments = (ins Py_Obj:$original, Py_Obj:$raised);
  let results = (outs Py_Obj:$result);
  let assemblyFormat = "$original `,` $raised attr-dict";
}

def Py_BeforeWithOp : Py_Op<"before_with"> {
  let summary = "enter a `with` block (`BEFORE_WITH`)";
  let description = [{
    Looks up `__enter__` and `__exit__` on the type of `manager`, calls
    `__enter__`, and returns the bound `__exit__` and the value of `__enter__()`.

    ```mlir
    %exit, %value = py.before_with %mgr
    ```
  }];
  let arguments = (ins Py_Obj:$manager);
  let results = (outs Py_Obj:$exit, Py_Obj:$value);
  let assemblyFormat = "$manager attr-dict";
}

def Py_BeforeAsyncWithOp : Py_Op<"before_async_with"> {
  let summary = "enter an `async with` block (`BEFORE_ASYNC_WITH`)";
  let description = [{
    Like `py.before_with` with `__aenter__`/`__aexit__`; `awaitable` is the
    result of `__aenter__()`, awaited next.

    ```mlir
    %aexit, %awaitable = py.before_async_with %mgr
    ```
  }];
  let arguments = (ins Py_Obj:$manager);
  let results = (outs Py_Obj:$exit, Py_Obj:$awaitable);
  let assemblyFormat = "$manager attr-dict";
}

def Py_WithExceptStartOp : Py_Op<"with_except_start"> {
  let summary = "call `__exit__` with the handled exception (`WITH_EXCEPT_START`)";
  let description = [{
    `exit(type(exc), exc, exc.__traceback__)`; the result decides whether the
    exception is suppressed.

    ```mlir
    %suppress = py.with_except_start %exit, %exc
    ```
  }];
  let arguments = (ins Py_Obj:$exit, Py_Obj:$exception);
  let results = (outs Py_Obj:$result);
  let assemblyFormat = "$exit `,` $exception attr-dict";
}

def Py_EndAsyncForOp : Py_Op<"end_async_for"> {
  let summary = "end an `async for` loop (`END_ASYNC_FOR`)";
  let description = [{
    Swallows `exception` if it is a `StopAsyncIteration`; re-raises it
    otherwise.

    ```mlir
    py.end_async_for %exc
    ```
  }];
  let arguments = (ins Py_Obj:$exception);
  let assemblyFormat = "$exception attr-dict";
}

def Py_CleanupThrowOp : Py_Op<"cleanup_throw"> {
  let summary = "finish a `yield from` whose `throw()` stopped it (`CLEANUP_THROW`)";
  let description = [{
    Returns the `value` of `exception` when it is a `StopIteration`; re-raises it
    otherwise.

    ```mlir
    %v = py.cleanup_throw %exc
    ```
  }];
  let arguments = (ins Py_Obj:$exception);
  let results = (outs Py_Obj:$result);
  let assemblyFormat = "$exception attr-dict";
}

def Py_StopIterationErrorOp : Py_Op<"stopiteration_error"> {
  let summary = "PEP 479: `StopIteration` escaping a generator becomes `RuntimeError`";
  let description = [{
    The `INTRINSIC_STOPITERATION_ERROR` handler of generators and coroutines
    (3.12+): returns the exception to re-raise, a `RuntimeError` whose cause is
    `exception` when it is a `StopIteration` (or `StopAsyncIteration` in an
    async generator), `exception` itself otherwise.

    ```mlir
    %e = py.stopiteration_error %exc
    ```
  }];
  let arguments = (ins Py_Obj:$exception);
  let results = (outs Py_Obj:$result);
  let assemblyFormat = "$exception attr-dict";
}

//===----------------------------------------------------------------------===//
// Generators and coroutines
//===----------------------------------------------------------------------===//

def Py_ReturnGeneratorOp : Py_Op<"return_generator"> {
  let summary = "suspend at the start of a generator (`RETURN_GENERATOR`)";
  let description = [{
    The call returns the new generator, coroutine or async generator; the body
    goes on when it is first resumed, with the value sent in (`None`).

    ```mlir
    %sent = py.return_generator
    ```
  }];
  let results = (outs Py_Obj:$sent);
  let assemblyFormat = "attr-dict";
}

def Py_YieldOp : Py_Op<"yield"> {
  let summary = "suspend and produce a value (`YIELD_VALUE`)";
  let description = [{
    Resumes with the value sent in (`None` for `next()`), or raises what
    `throw()` passed in.

    ```mlir
    %sent = py.yield %v
    ```
  }];
  let arguments = (ins Py_Obj:$value);
  let results = (outs Py_Obj:$sent);
  let assemblyFormat = "$value attr-dict";
}

def Py_SendOp : Py_Op<"send"> {
  let summary = "delegate to a sub-iterator (`SEND`)";
  let description = [{
    `receiver.send(value)` (or `next(receiver)` when `value` is `None`). When the
    receiver returns, `done` is true and `result` is its return value; otherwise
    `result` is the value it yielded.

    ```mlir
    %r, %done = py.send %sub, %v
    cf.cond_br %done, ^finished(%r : !py.object), ^yielded(%r : !py.object)
    ```
  }];
  let arguments = (ins Py_Obj:$receiver, Py_Obj:$value);
  let results = (outs Py_Obj:$result, I1:$done);
  let assemblyFormat = "$receiver `,` $value attr-dict";
}

def Py_GetAwaitableOp : Py_Op<"get_awaitable"> {
  let summary = "the iterator of an `await` (`GET_AWAITABLE`)";
  let description = [{
    `kind` says where the await is (plain `await`, after `__aenter__`, after
    `__aexit__`), for the error message.

    ```mlir
    %it = py.get_awaitable await %coro
    ```
  }];
  let arguments = (ins Py_AwaitableKindAttr:$kind, Py_Obj:$value);
  let results = (outs Py_Obj:$result);
  let assemblyFormat = "`` $kind $value attr-dict";
}

def Py_GetAIterOp : Py_Op<"get_aiter"> {
  let summary = "`aiter(value)` (`GET_AITER`)";
  let description = [{
    ```mlir
    %ait = py.get_aiter %xs
    ```
  }];
  let arguments = (ins Py_Obj:$value);
  let results = (outs Py_Obj:$result);
  let assemblyFormat = "$value attr-dict";
}

def Py_GetANextOp : Py_Op<"get_anext"> {
  let summary = "the awaitable of `anext(aiterator)` (`GET_ANEXT`)";
  let description = [{
    ```mlir
    %aw = py.get_anext %ait
    ```
  }];
  let arguments = (ins Py_Obj:$aiterator);
  let results = (outs Py_Obj:$result);
  let assemblyFormat = "$aiterator attr-dict";
}

def Py_AsyncGenWrapOp : Py_Op<"async_gen_wrap"> {
  let summary = "wrap a value an async generator yields (`ASYNC_GEN_WRAP`)";
  let description = [{
    ```mlir
    %w = py.async_gen_wrap %v
    %sent = py.yield %w
    ```
  }];
  let arguments = (ins Py_Obj:$value);
  let results = (outs Py_Obj:$result);
  let assemblyFormat = "$value attr-dict";
}

//===----------------------------------------------------------------------===//
// Structural pattern matching
//===----------------------------------------------------------------------===//

def Py_MatchMappingOp : Py_Op<"match_mapping"> {
  let summary = "whether a `match` subject is a mapping (`MATCH_MAPPING`)";
  let description = [{
    A Python `bool` from the subject type's `Py_TPFLAGS_MAPPING`.

    ```mlir
    %is_map = py.match_mapping %subject
    ```
  }];
  let arguments = (ins Py_Obj:$subject);
  let results = (outs Py_Obj:$result);
  let assemblyFormat = "$subject attr-dict";
}

def Py_MatchSequenceOp : Py_Op<"match_sequence"> {
  let summary = "whether a `match` subject is a sequence (`MATCH_SEQUENCE`)";
  let description = [{
    A Python `bool` from the subject type's `Py_TPFLAGS_SEQUENCE`.

    ```mlir
    %is_seq = py.match_sequence %subject
    ```
  }];
  let arguments = (ins Py_Obj:$subject);
  let results = (outs Py_Obj:$result);
  let assemblyFormat = "$subject attr-dict";
}

def Py_MatchKeysOp : Py_Op<"match_keys"> {
  let summary = "look up the keys of a mapping pattern (`MATCH_KEYS`)";
  let description = [{
    A tuple of the values for the tuple of `keys`, or `None` when one is missing.

    ```mlir
    %values = py.match_keys %subject, %keys
    ```
  }];
  let arguments = (ins Py_Obj:$subject, Py_Obj:$keys);
  let results = (outs Py_Obj:$result);
  let assemblyFormat = "$subject `,` $keys attr-dict";
}

def Py_MatchClassOp : Py_Op<"match_class"> {
  let summary = "match a class pattern (`MATCH_CLASS`)";
  let description = [{
    If `subject` is an instance of `cls`, a tuple of the `count` positional
    attributes (through `__match_args__`) followed by the keyword attributes
    named in the tuple `names`; `None` otherwise.

    ```mlir
    %attrs = py.match_class %subject, %Point, %names, 2
    ```
  }];
  let arguments = (ins Py_Obj:$subject, Py_Obj:$cls, Py_Obj:$names, I64Attr:$count);
  let results = (outs Py_Obj:$result);
  let assemblyFormat = "$subject `,` $cls `,` $names `,` $count attr-dict";
}

//===----------------------------------------------------------------------===//
// Tensors
//===----------------------------------------------------------------------===//

def Py_TensorObjectOp : Py_Op<"tensor_object", [Py_NoRaise]> {
  let summary = "the Python object of a tensor value";
  let description = [{
    A `torch.Tensor` object holding `tensor`: how a capture gives Python code
    the tensors that guards and `tg` ops compute. Each op is its own object,
    as each PyTorch call returns a new tensor: two of one value are equal but
    not identical (`is`), so the op is never merged with another; unused, it
    goes.

    ```mlir
    %x = py.tensor_object %t : tensor<3x4xf32>
    ```
  }];
  let arguments = (ins AnyRankedTensor:$tensor);
  let results = (outs Res<Py_Obj, "", [MemAlloc]>:$result);
  let assemblyFormat = "$tensor attr-dict `:` type($tensor)";
}

def Py_AutogradApplyOp : Py_Op<"autograd_apply", [Py_NoRaise]> {
  let summary = "`Fn.apply(*args)` of a `torch.autograd.Function` that may need a backward, after its forward";
  let description = [{
    Where some argument of `Fn.apply(*args)` may require grad,
    `py-resolve-objects` calls `Fn.forward(ctx, *args)` with a fresh
    context and gives its result, `forward`, to this op. Once `forward` is
    known to be a tensor or a tuple of tensors, the op becomes the call of
    `Fn.backward(ctx, *grads)` on a placeholder gradient per tensor
    (`tg.grad_placeholder`), followed by `py.autograd_backward`.

    ```mlir
    %r = py.autograd_apply %Fn ctx %ctx forward %out args(%x, %c3)
    ```
  }];
  let arguments = (ins Py_Obj:$function, Py_Obj:$ctx, Py_Obj:$forward,
                       Variadic<Py_Obj>:$args);
  let results = (outs Py_Obj:$result);
  let assemblyFormat = [{
    $function `ctx` $ctx `forward` $forward `args` `(` $args `)` attr-dict
  }];
}

def Py_AutogradBackwardOp : Py_Op<"autograd_backward", [Py_NoRaise,
    AttrSizedOperandSegments]> {
  let summary = "`Fn.apply(*args)` of a `torch.autograd.Function`, its forward and backward traced";
  let description = [{
    The forward of a Function computed `outputs` from `inputs` (the tensors
    among the arguments of `apply`, at `input_positions` among its
    `num_args`); its backward, run on the placeholders `grad_outputs` (one
    per output, `tg.grad_placeholder`) with the context `ctx`, returned
    `backward`; the forward gave `ctx.mark_non_differentiable` the tuple
    `non_differentiable`. The
    result is what `apply` returns: the outputs, as a tuple where `tuple`
    is set. Once `backward` is known to hold a tensor or None per argument,
    `py-resolve-objects` moves the forward's and backward's tensor ops into
    one `tg.autograd_function`.

    ```mlir
    %r = py.autograd_backward inputs(%x : tensor<4xf32>) outputs(%y : tensor<4xf32>)
        grad_outputs(%g : tensor<4xf32>) ctx %ctx backward %grads non_differentiable %nd
        {input_positions = array<i64: 0>, num_args = 1 : i64}
    ```
  }];
  let arguments = (ins Variadic<AnyRankedTensor>:$inputs,
                       Variadic<AnyRankedTensor>:$outputs,
                       Variadic<AnyRankedTensor>:$grad_outputs,
                       Py_Obj:$ctx, Py_Obj:$backward, Py_Obj:$non_differentiable,
                       DenseI64ArrayAttr:$input_positions, I64Attr:$num_args,
                       UnitAttr:$tuple);
  let results = (outs Py_Obj:$result);
  let assemblyFormat = [{
    `inputs` `(` $inputs `:` type($inputs) `)` `outputs` `(` $outputs `:` type($outputs) `)`
    `grad_outputs` `(` $grad_outputs `:` type($grad_outputs) `)`
    `ctx` $ctx `backward` $backward `non_differentiable` $non_differentiable attr-dict
  }];
  let hasVerifier = 1;
}

//===----------------------------------------------------------------------===//
// The static environment
//===----------------------------------------------------------------------===//

// What `py-build-environment` finds the module body binds, as ops at the top
// of the module that later passes look up: `py.global` for each global name,
// `py.class` and `py.object` symbols for the classes and the objects reachable
// from them, named by the source Dynamo would give them.

def Py_EnvironmentValue : Attr<CPred<"::dynamir::py::isEnvironmentValue($_self)">,
                               "a value of the static environment"> {
  let storageType = "::mlir::Attribute";
  let returnType = "::mlir::Attribute";
  let convertFromStorage = "$_self";
}

def Py_GlobalsOp : Py_Op<"globals", [NoTerminator, SingleBlock,
    HasParent<"mlir::ModuleOp">]> {
  let summary = "the module's globals, as its body leaves them";
  let description = [{
    One `py.global` per name the module body binds, at most one per name,
    in the order the body first binds them. A name without a `py.global` is
    a builtin, or unbound.

    ```mlir
    py.globals {
      py.global "torch" = #py.module<"torch">
      py.global "model" = #py.ref<@"G['model']">
    }
    ```
  }];
  let regions = (region SizedRegion<1>:$body);
  let assemblyFormat = "attr-dict-with-keyword $body";
  let hasVerifier = 1;
  let skipDefaultBuilders = 1;
  let builders = [OpBuilder<(ins)>];
  let extraClassDeclaration = [{
    /// The `py.global` binding `name`.
    GlobalOp lookup(::llvm::StringRef name);
  }];
}

def Py_GlobalOp : Py_Op<"global", [HasParent<"GlobalsOp">]> {
  let summary = "a global of the module and the value the module body binds it to";
  let description = [{
    The value the module body leaves `name` bound to, once it has run: a
    Python constant, a module, a function, a builtin, a reference to a class
    or object, or `#py.unknown` where the body does something Dynamir cannot
    model.

    ```mlir
    py.global "torch" = #py.module<"torch">
    py.global "EPS" = 1.000000e-05 : f64
    py.global "model" = #py.ref<@"G['model']">
    ```
  }];
  let arguments = (ins StrAttr:$name, Py_EnvironmentValue:$value);
  let assemblyFormat = "$name `=` $value attr-dict";
}

def Py_ClassOp : Py_Op<"class", [Symbol, SymbolTable, NoTerminator, SingleBlock,
    HasParent<"mlir::ModuleOp">, DeclareOpInterfaceMethods<SymbolUserOpInterface>]> {
  let summary = "a class of the environment, with its bases, MRO and namespace";
  let description = [{
    A class the module body creates (or a library class such as
    `torch.nn.Linear` that Dynamir knows, marked `library`). The symbol is the
    source Dynamo would read the class from (`G['Block']`), or the library
    class's qualified name. `name` is its `__name__`; `bases` its `__bases__`
    and `mro` its `__mro__`, the C3 linearization of its bases, both as
    symbols of other `py.class`es. The body holds its `__dict__`, one
    `py.member` per entry, in definition order; a library class lists only
    what Dynamir implements of it.

    ```mlir
    py.class @"G['Block']" "Block" bases [@torch.nn.Module]
        mro [@"G['Block']", @torch.nn.Module, @builtins.object] {
      py.member "forward" = #py.function<@Block.forward>
    }
    ```
  }];
  let arguments = (ins SymbolNameAttr:$sym_name, StrAttr:$name,
                       FlatSymbolRefArrayAttr:$bases, FlatSymbolRefArrayAttr:$mro,
                       UnitAttr:$library);
  let regions = (region SizedRegion<1>:$body);
  let assemblyFormat = [{
    $sym_name $name (`library` $library^)? `bases` $bases `mro` $mro attr-dict-with-keyword $body
  }];
  let hasVerifier = 1;
  let skipDefaultBuilders = 1;
  let builders = [
    OpBuilder<(ins "::llvm::StringRef":$symbol, "::llvm::StringRef":$name,
                   "::mlir::ArrayAttr":$bases, "::mlir::ArrayAttr":$mro,
                   "bool":$library)>,
  ];
  let extraClassDeclaration = [{
    /// The `py.member` named `name` in the class's own `__dict__`.
    MemberOp lookupMember(::llvm::StringRef name);
  }];
}

def Py_ObjectOp : Py_Op<"object", [Symbol, SymbolTable, NoTerminator, SingleBlock,
    HasParent<"mlir::ModuleOp">, DeclareOpInterfaceMethods<SymbolUserOpInterface>]> {
  let summary = "an object of the environment: its class and its attributes";
  let description = [{
    An instance the module body creates (`model = MLP()`, with `MLP.__init__`
    run ahead of time), named by the first source that reaches it
    (`G['model']`, `G['model'].blocks[0]`). The body holds its attributes in
    the order they were set; for an `nn.Module`, its submodules, parameters
    and buffers are attributes too (what `getattr` finds through
    `Module.__getattr__`), and a container module (`nn.ModuleList`,
    `nn.Sequential`) holds its elements as the members `"0"`, `"1"`, ...
    `opaque` marks an object that code Dynamir could not model may have
    changed: its attributes are not known. `contents` are the elements of an
    instance of a subclass of `tuple` (what `tuple.__new__` gave it), Python
    constants: a tuple does not change, so the object's identity (its
    ID_MATCH) is all a read of them assumes.

    ```mlir
    py.object @"G['model']" : @"G['MLP']" {
      py.member "norm" = #py.ref<@"G['model'].norm">
    }
    py.object @"G['size']" : @"G['Size']" contents [#py.int<2>, #py.int<3>] {
    }
    ```
  }];
  let arguments = (ins SymbolNameAttr:$sym_name, FlatSymbolRefAttr:$cls,
                       OptionalAttr<ArrayAttr>:$contents, UnitAttr:$opaque);
  let regions = (region SizedRegion<1>:$body);
  let assemblyFormat = [{
    $sym_name `:` $cls (`contents` $contents^)? (`opaque` $opaque^)? attr-dict-with-keyword $body
  }];
  let hasVerifier = 1;
  let skipDefaultBuilders = 1;
  let builders = [
    OpBuilder<(ins "::llvm::StringRef":$symbol, "::mlir::FlatSymbolRefAttr":$cls)>,
  ];
  let extraClassDeclaration = [{
    /// The `py.member` named `name` among the object's attributes.
    MemberOp lookupMember(::llvm::StringRef name);
  }];
}

def Py_MemberOp : Py_Op<"member", [HasParent<"ClassOp, ObjectOp">]> {
  let summary = "one entry of a class's `__dict__` or an object's attributes";
  let description = [{
    At most one per name in a class or object.

    ```mlir
    py.member "scale" = 2.000000e+00 : f64
    ```
  }];
  let arguments = (ins StrAttr:$name, Py_EnvironmentValue:$value);
  let assemblyFormat = "$name `=` $value attr-dict";
}

#endif // DYNAMIR_DIALECT_PY_IR_PYOPS_TD
