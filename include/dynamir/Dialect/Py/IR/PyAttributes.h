//===- PyAttributes.h - Python dialect attributes ---------------*- C++ -*-===//
//
// Python constants that builtin attributes cannot express, the operator
// enumerations, and the capture entry's input specifications.
//
//===----------------------------------------------------------------------===//

#ifndef DYNAMIR_DIALECT_PY_IR_PYATTRIBUTES_H
#define DYNAMIR_DIALECT_PY_IR_PYATTRIBUTES_H

#include "mlir/IR/Attributes.h"
#include "mlir/IR/BuiltinAttributes.h"
#include "mlir/IR/BuiltinTypes.h"
#include "llvm/ADT/APInt.h"

#include "dynamir/Dialect/Py/IR/PyEnums.h.inc"

namespace dynamir::py {
namespace detail {
struct IntAttrStorage;
} // namespace detail

/// Whether `attr` is a Python constant the `py` dialect can materialize: None,
/// Ellipsis, bool, int, float, complex, str, bytes, or a tuple or frozenset of
/// those, or a code object reference.
bool isPythonConstant(mlir::Attribute attr);

/// Whether `attr` is a value the static environment holds: a Python constant,
/// a module, function, builtin, method wrapper, property, parameter, list,
/// tuple of those, reference to a class or object, or `#py.unknown`.
bool isEnvironmentValue(mlir::Attribute attr);
} // namespace dynamir::py

#define GET_ATTRDEF_CLASSES
#include "dynamir/Dialect/Py/IR/PyAttributes.h.inc"

#endif // DYNAMIR_DIALECT_PY_IR_PYATTRIBUTES_H
