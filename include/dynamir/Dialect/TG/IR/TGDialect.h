//===- TGDialect.h - Tensor graph dialect -----------------------*- C++ -*-===//

#ifndef DYNAMIR_DIALECT_TG_IR_TGDIALECT_H
#define DYNAMIR_DIALECT_TG_IR_TGDIALECT_H

#include "mlir/IR/Dialect.h"

#include "dynamir/Dialect/TG/IR/TGDialect.h.inc"

#endif // DYNAMIR_DIALECT_TG_IR_TGDIALECT_H
