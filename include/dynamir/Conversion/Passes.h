//===- Passes.h - Dynamir conversion passes ---------------------*- C++ -*-===//
//
// The passes that lower Dynamir's dialects to upstream ones.
//
//===----------------------------------------------------------------------===//

#ifndef DYNAMIR_CONVERSION_PASSES_H
#define DYNAMIR_CONVERSION_PASSES_H

#include "dynamir/Conversion/TGToLinalg/TGToLinalg.h"

#include "mlir/Pass/Pass.h"

namespace dynamir {

#define GEN_PASS_REGISTRATION
#include "dynamir/Conversion/Passes.h.inc"

} // namespace dynamir

#endif // DYNAMIR_CONVERSION_PASSES_H
