//===- PyBase.td - Python dialect base definitions ---------*- tablegen -*-===//
//
// The `py` dialect models CPython bytecode at the level of Python semantics: one op
// per bytecode-level action, with the interpreter's stack and fast locals turned into
// SSA values. This file holds the dialect itself and the base class of its ops.
//
//===----------------------------------------------------------------------===//

#ifndef DYNAMIR_DIALECT_PY_IR_PYBASE_TD
#define DYNAMIR_DIALECT_PY_IR_PYBASE_TD

include "mlir/IR/OpBase.td"

def Py_Dialect : Dialect {
  let name = "py";
  let cppNamespace = "::dynamir::py";
  let summary = "Python bytecode semantics in SSA form";
  let description = [{
    The `py` dialect is what Dynamir imports CPython 3.11, 3.12 and 3.13 bytecode
    into. Each op performs one action of the interpreter (a global load, an
    attribute lookup, a call, a binary operator, raising an exception, ...) with
    exactly the semantics CPython gives it; the evaluation stack and the fast
    locals of a frame are SSA values, and control flow uses the `cf` dialect.

    Values are `!py.object` until a pass proves more. Python constants are
    attributes: builtin `BoolAttr` (bool), `FloatAttr` of `f64` (float),
    `StringAttr` (str) and `ArrayAttr` (tuple), plus the dialect's own `#py.none`,
    `#py.ellipsis`, `#py.int` (arbitrary precision), `#py.complex`, `#py.bytes`,
    `#py.frozenset` and `#py.code` (a nested code object, by symbol).

    Exception handling follows CPython's zero-cost exception table: a block that
    runs under a handler ends in `py.unwind_br` (or a `py.raise` with an unwind
    destination), whose unwind successor is the handler, entered with
    `py.landing_pad`.
  }];
  let useDefaultTypePrinterParser = 1;
  let useDefaultAttributePrinterParser = 1;
  // Folded truth values for cf.cond_br are arith constants; canonical
  // branches without an unwind edge are cf.br.
  let dependentDialects = ["::mlir::arith::ArithDialect",
                           "::mlir::cf::ControlFlowDialect"];
  let hasConstantMaterializer = 1;
  let extraClassDeclaration = [{
    void registerTypes();
    void registerAttributes();
  }];
}

class Py_Op<string mnemonic, list<Trait> traits = []>
    : Op<Py_Dialect, mnemonic, traits>;

// Ops that never raise a Python exception (MemoryError aside, which CPython's
// own compiler does not model either). Passes that reason about unwind edges
// rely on it; every op without it may raise.
def Py_NoRaise : NativeOpTrait<"NoRaise"> {
  let cppNamespace = "::dynamir::py::OpTrait";
}

#endif // DYNAMIR_DIALECT_PY_IR_PYBASE_TD
