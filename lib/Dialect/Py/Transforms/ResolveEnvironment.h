//===- ResolveEnvironment.h - Patterns that read the environment -*- C++ -*-===//
//
// The rewrites that turn reads of globals, attributes and items into the
// values the static environment knows, each under the guard on its source
// that makes it true. py-resolve-environment runs them alone; py-map-torch
// runs them with its own, since unrolling a loop over `self.blocks` needs
// `self.blocks` resolved first, and mapping its body needs the items.
//
//===----------------------------------------------------------------------===//

#ifndef DYNAMIR_LIB_DIALECT_PY_TRANSFORMS_RESOLVEENVIRONMENT_H
#define DYNAMIR_LIB_DIALECT_PY_TRANSFORMS_RESOLVEENVIRONMENT_H

#include "Environment.h"

#include "dynamir/Dialect/TG/IR/TGOps.h"

#include "mlir/IR/PatternMatch.h"
#include "mlir/Transforms/GreedyPatternRewriteDriver.h"

namespace dynamir::py {

/// What the patterns share: the environment.
struct ResolveState {
  ResolveState() = default;
  explicit ResolveState(mlir::ModuleOp module) : env(module) {}

  /// Starts over on `module` (patterns built once keep this state).
  void reset(mlir::ModuleOp module) { env = Environment(module); }

  Environment env;
};

/// A pattern that reads the environment.
template <typename OpT>
struct ResolvePattern : mlir::OpRewritePattern<OpT> {
  ResolvePattern(mlir::MLIRContext *context, ResolveState &state)
      : mlir::OpRewritePattern<OpT>(context), state(state) {}

  ResolveState &state;
};

/// The class or object of the environment that `value` is known to be: the
/// result of an ID_MATCH guard on one of its symbols; else null.
mlir::Operation *getEnvironmentSymbol(const Environment &env, mlir::Value value);

/// The attribute a `py.constant` holds; null for anything else.
/// A read of the environment that a guard checks cannot raise: the guard
/// holds only where the global, attribute or item is there. A block whose
/// other ops cannot raise either never takes its unwind edge (a `try` around
/// code that became tg ops).
bool isGuardedEnvironmentRead(mlir::Operation *op);

/// Whether `read` already feeds a guard on `source`.
bool isGuarded(mlir::Value read, tg::SourceAttr source);

/// Replaces the uses of `read` but the guard's by the value the guard proves.
void replaceReadWith(mlir::RewriterBase &rewriter, mlir::Value read, mlir::Value value);

mlir::Attribute getConstant(mlir::Value value);

/// The string a `py.constant` holds (an attribute name, a dict key); null
/// for anything else.
mlir::StringAttr getConstantString(mlir::Value value);

/// The load of the builtin `name` where `call` calls it with `arity`
/// positional arguments and no keywords (and no global hides it); null
/// otherwise.
LoadGlobalOp getBuiltinCall(const Environment &env, CallOp call, llvm::StringRef name,
                            size_t arity);

/// The number of modules a known `nn.ModuleList` or `nn.Sequential` holds.
std::optional<int64_t> getModuleContainerSize(const Environment &env, mlir::Value value);

/// Reads `member` (found on `object`, whose source is `source`) as a value
/// under the guard its kind needs: a constant under CONSTANT_MATCH, a class
/// or object under ID_MATCH, a parameter under TENSOR_MATCH (seen as an
/// object through a cast). `read` is the op that reads it at run time (the
/// getattr or getitem); null where the member's kind is not one of these.
mlir::Value materializeMember(mlir::RewriterBase &rewriter, mlir::Location loc,
                              mlir::Value read, tg::SourceAttr source,
                              mlir::Attribute member);

void populateResolveEnvironmentPatterns(mlir::RewritePatternSet &patterns,
                                        ResolveState &state);

/// Runs the patterns `populate` adds on the capture entry of `module`, with
/// the environment the module holds; an error naming `passName` where they
/// do not converge (or there is no entry).
mlir::LogicalResult
resolveInCaptureEntry(mlir::ModuleOp module, llvm::StringRef passName,
                      llvm::function_ref<void(mlir::RewritePatternSet &, ResolveState &)> populate,
                      mlir::GreedyRewriteConfig config = {});

} // namespace dynamir::py

#endif // DYNAMIR_LIB_DIALECT_PY_TRANSFORMS_RESOLVEENVIRONMENT_H
