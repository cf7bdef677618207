// Parses py IR, runs Dynamir's py-prune-unwind-edges through an MLIR pass
// manager, and prints the result: the installed headers, libraries and
// generated files are all a user needs.
#include "dynamir/Dialect/Py/IR/PyOps.h"
#include "dynamir/Dialect/Py/Transforms/Passes.h"
#include "dynamir/Target/Pyc/ImportPyc.h"

#include "mlir/IR/MLIRContext.h"
#include "mlir/Parser/Parser.h"
#include "mlir/Pass/PassManager.h"
#include "llvm/Support/raw_ostream.h"

static const char *kInput = R"mlir(
py.func @f(%a: !py.object) -> !py.object attributes {argcount = 1 : i64, cellvars = [], flags = #py.code_flags<optimized | newlocals>, freevars = [], kwonlyargcount = 0 : i64, posonlyargcount = 0 : i64, qualname = "f", varnames = ["a"]} {
  %t = py.build_tuple(%a, %a)
  py.unwind_br ^bb1(%t : !py.object) unwind ^bb2
^bb1(%r: !py.object):
  py.return %r
^bb2:
  %e = py.landing_pad
  py.reraise %e
}
)mlir";

int main() {
  mlir::MLIRContext context;
  context.loadDialect<dynamir::py::PyDialect, mlir::cf::ControlFlowDialect>();
  auto module = mlir::parseSourceString<mlir::ModuleOp>(kInput, &context);
  if (!module)
    return 1;
  mlir::PassManager pm(&context);
  pm.addNestedPass<dynamir::py::FuncOp>(dynamir::py::createPruneUnwindEdges());
  if (mlir::failed(pm.run(*module)))
    return 1;
  module->print(llvm::outs());
  // The importer is linkable too: an empty buffer is a diagnosed error.
  mlir::ScopedDiagnosticHandler quiet(&context, [](mlir::Diagnostic &) {
    return mlir::success();
  });
  bool rejected = !dynamir::pyc::importPyc("", "empty.pyc", &context);
  llvm::outs() << "empty pyc rejected: " << (rejected ? "yes" : "no") << "\n";
  return rejected ? 0 : 1;
}
