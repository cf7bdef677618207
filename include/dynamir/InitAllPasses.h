//===- InitAllPasses.h - Dynamir pass registration --------------*- C++ -*-===//

#ifndef DYNAMIR_INITALLPASSES_H
#define DYNAMIR_INITALLPASSES_H

namespace dynamir {

/// Registers Dynamir's passes and pipelines with the global pass registry.
void registerDynamirPasses();

/// Registers Dynamir's passes plus the upstream passes a user of its dialects
/// needs: the standard transforms (canonicalize, cse, inline, symbol-dce, ...)
/// and the conversions and bufferization of func, cf, arith, tensor, linalg
/// and scf.
void registerAllPasses();

} // namespace dynamir

#endif // DYNAMIR_INITALLPASSES_H
