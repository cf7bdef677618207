//===- PyOps.h - Python dialect operations ----------------------*- C++ -*-===//

#ifndef DYNAMIR_DIALECT_PY_IR_PYOPS_H
#define DYNAMIR_DIALECT_PY_IR_PYOPS_H

#include "dynamir/Dialect/Py/IR/PyAttributes.h"
#include "dynamir/Dialect/Py/IR/PyDialect.h"
#include "dynamir/Dialect/Py/IR/PyTypes.h"

#include "mlir/Bytecode/BytecodeOpInterface.h"
#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/OpImplementation.h"
#include "mlir/IR/SymbolTable.h"
#include "mlir/Interfaces/CallInterfaces.h"
#include "mlir/Interfaces/ControlFlowInterfaces.h"
#include "mlir/Interfaces/FunctionInterfaces.h"
#include "mlir/Interfaces/InferTypeOpInterface.h"
#include "mlir/Interfaces/SideEffectInterfaces.h"

#define GET_OP_CLASSES
#include "dynamir/Dialect/Py/IR/PyOps.h.inc"

#endif // DYNAMIR_DIALECT_PY_IR_PYOPS_H
