//===- PyTypes.h - Python dialect types -------------------------*- C++ -*-===//

#ifndef DYNAMIR_DIALECT_PY_IR_PYTYPES_H
#define DYNAMIR_DIALECT_PY_IR_PYTYPES_H

#include "mlir/IR/BuiltinTypes.h"
#include "mlir/IR/Types.h"

#define GET_TYPEDEF_CLASSES
#include "dynamir/Dialect/Py/IR/PyTypes.h.inc"

#endif // DYNAMIR_DIALECT_PY_IR_PYTYPES_H
