//===- Passes.h - Python dialect passes -------------------------*- C++ -*-===//

#ifndef DYNAMIR_DIALECT_PY_TRANSFORMS_PASSES_H
#define DYNAMIR_DIALECT_PY_TRANSFORMS_PASSES_H

#include "dynamir/Dialect/Py/IR/PyOps.h"
#include "dynamir/Dialect/TG/IR/TGDialect.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/ControlFlow/IR/ControlFlow.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/IR/BuiltinOps.h"
#include "mlir/Pass/Pass.h"

namespace dynamir::py {

#define GEN_PASS_DECL
#include "dynamir/Dialect/Py/Transforms/Passes.h.inc"

#define GEN_PASS_REGISTRATION
#include "dynamir/Dialect/Py/Transforms/Passes.h.inc"

} // namespace dynamir::py

#endif // DYNAMIR_DIALECT_PY_TRANSFORMS_PASSES_H
