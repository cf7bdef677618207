//===- ModuleBindings.h - What a module body binds its globals to -*- C++ -*-===//
//
// The beginning of the static environment: a global that the module body
// binds exactly once, unconditionally, and that nothing else rebinds or
// deletes, has the value of that binding whenever the entry runs.
//
//===----------------------------------------------------------------------===//

#ifndef DYNAMIR_LIB_DIALECT_PY_TRANSFORMS_MODULEBINDINGS_H
#define DYNAMIR_LIB_DIALECT_PY_TRANSFORMS_MODULEBINDINGS_H

#include "dynamir/Dialect/Py/IR/PyOps.h"

#include "mlir/IR/BuiltinOps.h"

namespace dynamir::py {

/// The value the module body binds global `name` to, when it binds it exactly
/// once, in its first block, and no code rebinds or deletes it; else null.
mlir::Value getModuleBinding(mlir::ModuleOp module, llvm::StringRef name);

/// The capture entry the module names with `py.entry`; where there is
/// none, an error on the module and null.
FuncOp getCaptureEntry(mlir::ModuleOp module);

} // namespace dynamir::py

#endif // DYNAMIR_LIB_DIALECT_PY_TRANSFORMS_MODULEBINDINGS_H
