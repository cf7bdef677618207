//===- ModuleBindings.cpp - What a module body binds its globals to -------===//

#include "ModuleBindings.h"

using namespace mlir;
using namespace dynamir::py;

Value dynamir::py::getModuleBinding(ModuleOp module, StringRef name) {
  auto bodyName = module->getAttrOfType<FlatSymbolRefAttr>("py.module");
  auto body = bodyName ? module.lookupSymbol<FuncOp>(bodyName) : FuncOp();
  if (!body || body.isExternal())
    return {};
  StoreNameOp binding;
  bool rebound = false;
  module.walk([&](Operation *op) {
    if (auto store = dyn_cast<StoreNameOp>(op); store && store.getName() == name) {
      rebound |= binding || store->getParentOp() != body ||
                 store->getBlock() != &body.getBody().front();
      binding = store;
    } else if (isa<StoreGlobalOp, DeleteGlobalOp, DeleteNameOp>(op) &&
               op->getAttrOfType<StringAttr>("name").getValue() == name) {
      rebound = true;
    }
  });
  if (!binding || rebound)
    return {};
  return binding.getValue();
}

FuncOp dynamir::py::getCaptureEntry(ModuleOp module) {
  auto name = module->getAttrOfType<FlatSymbolRefAttr>("py.entry");
  auto entry = name ? module.lookupSymbol<FuncOp>(name) : FuncOp();
  if (!entry || entry.isExternal()) {
    module.emitError("no capture entry: the module needs `py.entry` naming a "
                     "py.func (dynamir-translate --entry=...)");
    return {};
  }
  return entry;
}
