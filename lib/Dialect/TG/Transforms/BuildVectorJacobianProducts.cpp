//===- BuildVectorJacobianProducts.cpp - The --tg-vjp pass ----------------===//

#include "dynamir/Dialect/TG/Transforms/Passes.h"
#include "dynamir/Dialect/TG/Transforms/ReverseMode.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/IR/IRMapping.h"
#include "mlir/IR/SymbolTable.h"

namespace dynamir::tg {
#define GEN_PASS_DEF_BUILDVECTORJACOBIANPRODUCTS
#include "dynamir/Dialect/TG/Transforms/Passes.h.inc"
} // namespace dynamir::tg

using namespace mlir;
using namespace dynamir;

namespace {
bool isDifferentiable(Type type) {
  auto tensor = dyn_cast<RankedTensorType>(type);
  return tensor && isa<FloatType>(tensor.getElementType());
}

struct BuildVectorJacobianProductsPass
    : tg::impl::BuildVectorJacobianProductsBase<BuildVectorJacobianProductsPass> {
  void runOnOperation() override {
    ModuleOp module = getOperation();
    SymbolTable symbols(module);
    SmallVector<func::FuncOp> functions(module.getOps<func::FuncOp>());
    for (func::FuncOp function : functions) {
      if (function.isExternal())
        continue;
      if (!function.getBody().hasOneBlock()) {
        function.emitError("'tg-vjp' needs a function of one block");
        return signalPassFailure();
      }
      if (failed(addVectorJacobianProduct(function, symbols)))
        return signalPassFailure();
    }
  }

  LogicalResult addVectorJacobianProduct(func::FuncOp function, SymbolTable &symbols) {
    Block &body = function.getBody().front();
    auto ret = cast<func::ReturnOp>(body.getTerminator());
    for (Type type : function.getResultTypes())
      if (!isa<RankedTensorType>(type))
        return function.emitError("'tg-vjp' needs tensor results, got ") << type;

    SmallVector<Type> argumentTypes(function.getArgumentTypes());
    llvm::append_range(argumentTypes, function.getResultTypes());
    SmallVector<Type> gradTypes;
    SmallVector<Value> wrt;
    for (Type type : function.getArgumentTypes())
      if (isDifferentiable(type))
        gradTypes.push_back(type);
    OpBuilder builder(function.getContext());
    builder.setInsertionPointAfter(function);
    auto vjp = builder.create<func::FuncOp>(
        function.getLoc(), (function.getSymName() + "_vjp").str(),
        builder.getFunctionType(argumentTypes, gradTypes));
    vjp.setVisibility(function.getVisibility());
    Block *entry = vjp.addEntryBlock();
    builder.setInsertionPointToStart(entry);
    IRMapping mapping;
    mapping.map(body.getArguments(), entry->getArguments().take_front(body.getNumArguments()));
    SmallVector<Operation *> ops;
    for (Operation &op : body.without_terminator())
      ops.push_back(builder.clone(op, mapping));
    for (BlockArgument argument : entry->getArguments().take_front(body.getNumArguments()))
      if (isDifferentiable(argument.getType()))
        wrt.push_back(argument);
    SmallVector<Value> outputs;
    for (Value value : ret.getOperands())
      outputs.push_back(mapping.lookupOrDefault(value));
    FailureOr<SmallVector<Value>> grads = tg::buildVectorJacobianProduct(
        builder, ops, outputs, entry->getArguments().drop_front(body.getNumArguments()), wrt);
    if (failed(grads)) {
      vjp.erase();
      return failure();
    }
    builder.create<func::ReturnOp>(function.getLoc(), *grads);
    symbols.insert(vjp);
    return success();
  }
};
} // namespace
