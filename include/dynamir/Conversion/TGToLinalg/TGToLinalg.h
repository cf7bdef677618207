//===- TGToLinalg.h - tg to linalg conversion -------------------*- C++ -*-===//
//
// The patterns that lower `tg` ops to linalg, tensor, arith and math, and the
// type conversion they need (`ui8` tensors become `i8` ones), for users that
// plug them into conversions of their own; `--convert-tg-to-linalg` applies
// them alone.
//
//===----------------------------------------------------------------------===//

#ifndef DYNAMIR_CONVERSION_TGTOLINALG_TGTOLINALG_H
#define DYNAMIR_CONVERSION_TGTOLINALG_TGTOLINALG_H

#include "mlir/Pass/Pass.h"
#include "mlir/Transforms/DialectConversion.h"

#include <memory>

namespace dynamir {

#define GEN_PASS_DECL_CONVERTTGTOLINALG
#include "dynamir/Conversion/Passes.h.inc"

/// Converts `tg`'s types to those of the upstream ops it lowers to: tensors
/// of `ui8` become tensors of `i8` (arith only takes signless integers), any
/// other type stays.
class TGToLinalgTypeConverter : public mlir::TypeConverter {
public:
  TGToLinalgTypeConverter();
};

/// Adds the patterns that lower every `tg` tensor op, with PyTorch's
/// semantics, to `patterns`.
void populateTGToLinalgConversionPatterns(
    const mlir::TypeConverter &typeConverter, mlir::RewritePatternSet &patterns);

} // namespace dynamir

#endif // DYNAMIR_CONVERSION_TGTOLINALG_TGTOLINALG_H
