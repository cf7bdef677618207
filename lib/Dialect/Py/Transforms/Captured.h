//===- Captured.h - What a captured entry may keep --------------*- C++ -*-===//
//
// The ops that belong to a captured function rather than to residual Python:
// guards and graph ops, the constants they use, the reads of guarded sources,
// and the Python that assembles the result.
//
//===----------------------------------------------------------------------===//

#ifndef DYNAMIR_LIB_DIALECT_PY_TRANSFORMS_CAPTURED_H
#define DYNAMIR_LIB_DIALECT_PY_TRANSFORMS_CAPTURED_H

#include "mlir/IR/Operation.h"

namespace dynamir::py {

/// Whether `op` belongs to the captured function: a `tg` op, a constant, a
/// tensor seen as an object, the tuple, list or dict of the result, the
/// return, or the read of a global, attribute or item that only guards use.
bool isCaptured(mlir::Operation *op);

/// Whether `op` reads the value at a source only for the guards on it: a
/// global, an item, an attribute, a `super()` object, a class by symbol or a
/// cell's contents, whose every use is a guard or another such read.
bool isGuardRead(mlir::Operation *op);

/// Whether `op` is a tensor op of a graph: a `tg` op other than a guard or
/// an assumption.
bool isGraphOp(mlir::Operation *op);

} // namespace dynamir::py

#endif // DYNAMIR_LIB_DIALECT_PY_TRANSFORMS_CAPTURED_H
