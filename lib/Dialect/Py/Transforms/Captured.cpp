//===- Captured.cpp - What a captured entry may keep ----------------------===//

#include "Captured.h"

#include "dynamir/Dialect/Py/IR/PyOps.h"
#include "dynamir/Dialect/TG/IR/TGOps.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/IR/BuiltinOps.h"

using namespace mlir;
using namespace dynamir;
using namespace dynamir::py;

bool dynamir::py::isGraphOp(Operation *op) {
  return isa<tg::TGDialect>(op->getDialect()) &&
         !isa<tg::GuardOpInterface, tg::AssumeOp>(op) && op->getNumRegions() == 0;
}

bool dynamir::py::isCaptured(Operation *op) {
  if (isa<tg::TGDialect>(op->getDialect()))
    return true;
  if (isa<arith::ConstantOp, ConstantOp, TensorObjectOp, BuildTupleOp,
          BuildListOp, BuildDictOp, ReturnOp>(op))
    return true;
  return isGuardRead(op);
}

bool dynamir::py::isGuardRead(Operation *op) {
  // The value at a source (a global, an item, an attribute, through a
  // `super()` of known operands), read only for its guards.
  if (!isa<LoadGlobalOp, GetItemOp, GetAttrOp, SuperOp, ClassRefOp, CellGetOp, MakeCellOp>(op))
    return false;
  return !op->use_empty() && llvm::all_of(op->getUsers(), [](Operation *user) {
    return isa<tg::GuardOpInterface>(user) || isGuardRead(user);
  });
}
