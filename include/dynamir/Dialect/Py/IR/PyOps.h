//===- PyOps.h - Python dialect operations ----------------------*- C++ -*-===//

#ifndef DYNAMIR_DIALECT_PY_IR_PYOPS_H
#define DYNAMIR_DIALECT_PY_IR_PYOPS_H

#include "dynamir/Dialect/Py/IR/PyAttributes.h"
#include "dynamir/Dialect/Py/IR/PyDialect.h"
#include "dynamir/Dialect/Py/IR/PyTypes.h"

#include "mlir/Bytecode/BytecodeOpInterface.h"
#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/OpImplementation.h"
#include "mlir/IR/PatternMatch.h"
#include "mlir/IR/SymbolTable.h"
#include "mlir/Interfaces/CallInterfaces.h"
#include "mlir/Interfaces/ControlFlowInterfaces.h"
#include "mlir/Interfaces/FunctionInterfaces.h"
#include "mlir/Interfaces/InferTypeOpInterface.h"
#include "mlir/Interfaces/SideEffectInterfaces.h"

namespace dynamir::py::OpTrait {
/// Marks ops that never raise a Python exception.
template <typename ConcreteType>
class NoRaise : public mlir::OpTrait::TraitBase<ConcreteType, NoRaise> {};
} // namespace dynamir::py::OpTrait

namespace dynamir::py {
/// Whether `op` may raise a Python exception. Ops of other dialects (arith,
/// tensor, ...) do not raise Python exceptions.
bool mayRaise(mlir::Operation *op);
/// Whether an op before `terminator` in its block may raise: if none
/// can, the block's unwind edge is never taken. Ops `cannotRaise` vouches
/// for (what a capture knows more about) count as not raising.
bool mayRaiseBefore(mlir::Operation *terminator,
                    llvm::function_ref<bool(mlir::Operation *)> cannotRaise = nullptr);

/// C3 linearization, as CPython's `mro_implementation` computes `__mro__`
/// for a class `self` with `bases`, given each base's own MRO. Classes are
/// symbol names; `displayName` gives a class's `__name__` for the message.
/// On failure, returns CPython's TypeError message (3.11 and 3.12 break its
/// line after "resolution", 3.13 does not).
mlir::FailureOr<llvm::SmallVector<llvm::StringRef>> linearizeC3(
    llvm::StringRef self, llvm::ArrayRef<llvm::StringRef> bases,
    llvm::ArrayRef<llvm::SmallVector<llvm::StringRef>> baseMros,
    llvm::function_ref<llvm::StringRef(llvm::StringRef)> displayName,
    llvm::StringRef pythonVersion, std::string &error);
} // namespace dynamir::py

#define GET_OP_CLASSES
#include "dynamir/Dialect/Py/IR/PyOps.h.inc"

#endif // DYNAMIR_DIALECT_PY_IR_PYOPS_H
