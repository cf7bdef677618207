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

namespace {
/// Whether `cls` is a builtin exception class (`py.class_ref`) or a class of
/// the environment under ID_MATCH that derives from BaseException.
bool isExceptionClass(Value cls) {
  FlatSymbolRefAttr symbol;
  if (auto ref = cls.getDefiningOp<ClassRefOp>())
    symbol = ref.getClsAttr();
  else if (auto guard = cls.getDefiningOp<tg::GuardIdOp>())
    symbol = dyn_cast<FlatSymbolRefAttr>(guard.getObject());
  auto module = cls.getParentRegion()->getParentOfType<ModuleOp>();
  auto classOp = symbol && module ? dyn_cast_or_null<ClassOp>(
                                        SymbolTable::lookupSymbolIn(module, symbol.getAttr()))
                                  : ClassOp();
  return classOp && llvm::any_of(classOp.getMro().getAsRange<FlatSymbolRefAttr>(),
                                 [](FlatSymbolRefAttr base) {
                                   return base.getValue() == "builtins.BaseException";
                                 });
}

/// An exception the function made and returns or raises: its fields are
/// set by `py.exception_store` alone, and it is only returned, raised,
/// kept in the return value's containers or another such exception's
/// fields.
bool isCapturedException(Value value) {
  auto object = value.getDefiningOp<NewObjectOp>();
  if (!object || object.getContents() || !isExceptionClass(object.getCls()))
    return false;
  return llvm::all_of(object->getUsers(), [&](Operation *user) {
    if (auto reraise = dyn_cast<ReraiseOp>(user))
      return reraise.getUnwindDest().empty();
    // The attributes a user exception class's `__init__` stores in its
    // `__dict__`.
    if (auto store = dyn_cast<ObjectSetAttrOp>(user))
      return store.getObject() == object.getResult();
    return isa<ExceptionStoreOp, BuildTupleOp, BuildListOp, BuildDictOp, ReturnOp>(user);
  });
}
} // namespace

bool dynamir::py::isCaptured(Operation *op) {
  if (isa<tg::TGDialect>(op->getDialect()))
    return true;
  if (isa<arith::ConstantOp, ConstantOp, TensorObjectOp, BuildTupleOp,
          BuildListOp, BuildDictOp, ReturnOp>(op))
    return true;
  if (isa<NewObjectOp>(op))
    return isCapturedException(op->getResult(0));
  if (auto store = dyn_cast<ExceptionStoreOp>(op))
    return isCapturedException(store.getException());
  if (auto store = dyn_cast<ObjectSetAttrOp>(op))
    return isCapturedException(store.getObject());
  if (auto reraise = dyn_cast<ReraiseOp>(op))
    return isCapturedException(reraise.getException());
  if (isa<ClassRefOp>(op) && !op->use_empty() &&
      llvm::all_of(op->getUsers(), [](Operation *user) {
        return isa<NewObjectOp>(user) && isCapturedException(user->getResult(0));
      }))
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
