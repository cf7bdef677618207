//===- PyTypes.td - Python dialect types -------------------*- tablegen -*-===//
//
// The types of the `py` dialect. Every Python value starts as `!py.object`; refined
// types (what Dynamo's variable trackers know about a value) are added by the capture
// passes.
//
//===----------------------------------------------------------------------===//

#ifndef DYNAMIR_DIALECT_PY_IR_PYTYPES_TD
#define DYNAMIR_DIALECT_PY_IR_PYTYPES_TD

include "dynamir/Dialect/Py/IR/PyBase.td"
include "mlir/IR/AttrTypeBase.td"

class Py_Type<string name, string typeMnemonic, list<Trait> traits = []>
    : TypeDef<Py_Dialect, name, traits> {
  let mnemonic = typeMnemonic;
}

def Py_ObjectType : Py_Type<"Object", "object"> {
  let summary = "an arbitrary Python object";
  let description = [{
    A reference to a Python object about which nothing is known statically. Every
    value the importer produces from the evaluation stack or a local has this type.

    ```mlir
    %x = py.load_global "x" : !py.object
    ```
  }];
}

def Py_AnyValue : AnyTypeOf<[Py_ObjectType]>;

#endif // DYNAMIR_DIALECT_PY_IR_PYTYPES_TD
