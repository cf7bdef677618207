//===- InitAllDialects.h - Dynamir dialect registration ---------*- C++ -*-===//
//
// Registration of Dynamir's dialects and of the upstream dialects that a user of
// them needs in the same pipeline.
//
//===----------------------------------------------------------------------===//

#ifndef DYNAMIR_INITALLDIALECTS_H
#define DYNAMIR_INITALLDIALECTS_H

#include "mlir/IR/DialectRegistry.h"

namespace dynamir {

/// Registers Dynamir's own dialects.
void registerDynamirDialects(mlir::DialectRegistry &registry);

/// Registers Dynamir's dialects plus func, cf, arith, math, tensor, linalg,
/// scf, affine, bufferization and memref, and the interfaces their transforms
/// need (one-shot bufferization included).
void registerAllDialects(mlir::DialectRegistry &registry);

} // namespace dynamir

#endif // DYNAMIR_INITALLDIALECTS_H
