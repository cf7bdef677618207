//===- Dicts.h - Dicts the code builds, as values ----------------*- C++ -*-===//
//
// Dynamo's ConstDictVariable in SSA form: a dict the code builds with
// constant keys, which only reads see, has known contents at every read;
// each change in the block that built it makes a new dict value for the
// code after it.
//
//===----------------------------------------------------------------------===//

#ifndef DYNAMIR_LIB_DIALECT_PY_TRANSFORMS_DICTS_H
#define DYNAMIR_LIB_DIALECT_PY_TRANSFORMS_DICTS_H

#include "ResolveEnvironment.h"

#include "dynamir/Dialect/Py/IR/PyOps.h"

#include "mlir/IR/PatternMatch.h"

namespace dynamir::py {

/// The contents of a dict, in insertion order.
struct DictContents {
  llvm::SmallVector<mlir::Attribute> keys;
  llvm::SmallVector<mlir::Value> values;

  /// The position of `key`, where the keys are known to hold it or not.
  std::optional<std::optional<size_t>> find(mlir::Attribute key) const;
};

/// The contents of `value` where it is a dict the code built
/// (`py.build_dict`) with constant keys Python compares without user code
/// (str, int, bool, float, None), that nothing can change: every use reads
/// it without keeping it.
std::optional<DictContents> getKnownDict(const Environment &env, mlir::Value value);

/// What iterating `sequence` yields, where it is a known dict (its keys) or
/// `d.keys()`, `d.values()` or `d.items()` of one used only to be iterated:
/// with `rewriter`, the values (keys as constants, items as built tuples);
/// without, as many nulls, to check.
std::optional<llvm::SmallVector<mlir::Value>>
getDictIteration(const Environment &env, mlir::Value sequence, mlir::PatternRewriter *rewriter,
                 mlir::Location loc);

/// Erases what a dict iteration leaves unused: the view's call and getattr.
void eraseDictView(mlir::Operation *op, mlir::PatternRewriter &rewriter);

void populateDictPatterns(mlir::RewritePatternSet &patterns, ResolveState &state);

} // namespace dynamir::py

#endif // DYNAMIR_LIB_DIALECT_PY_TRANSFORMS_DICTS_H
