//===- Passes.h - Tensor graph passes ---------------------------*- C++ -*-===//

#ifndef DYNAMIR_DIALECT_TG_TRANSFORMS_PASSES_H
#define DYNAMIR_DIALECT_TG_TRANSFORMS_PASSES_H

#include "dynamir/Dialect/TG/IR/TGOps.h"

#include "mlir/Pass/Pass.h"

namespace dynamir::tg {

#define GEN_PASS_DECL
#include "dynamir/Dialect/TG/Transforms/Passes.h.inc"

#define GEN_PASS_REGISTRATION
#include "dynamir/Dialect/TG/Transforms/Passes.h.inc"

} // namespace dynamir::tg

#endif // DYNAMIR_DIALECT_TG_TRANSFORMS_PASSES_H
