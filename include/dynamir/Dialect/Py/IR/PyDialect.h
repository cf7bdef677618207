//===- PyDialect.h - Python dialect -----------------------------*- C++ -*-===//
//
// The `py` dialect: CPython bytecode semantics in SSA form.
//
//===----------------------------------------------------------------------===//

#ifndef DYNAMIR_DIALECT_PY_IR_PYDIALECT_H
#define DYNAMIR_DIALECT_PY_IR_PYDIALECT_H

#include "mlir/IR/Dialect.h"

#include "dynamir/Dialect/Py/IR/PyDialect.h.inc"

#endif // DYNAMIR_DIALECT_PY_IR_PYDIALECT_H
