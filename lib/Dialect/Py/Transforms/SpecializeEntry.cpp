//===- SpecializeEntry.cpp - Guard the entry's parameters -----------------===//
//
// Dynamo starts a trace by wrapping each of the frame's locals in a variable
// tracker with a LocalSource; tensors become graph inputs under TENSOR_MATCH,
// Python scalars are specialized under CONSTANT_MATCH. This pass does the same
// to the entry function's parameters, from the module's input specs.
//
//===----------------------------------------------------------------------===//

#include "dynamir/Dialect/Py/Transforms/Passes.h"

#include "dynamir/Dialect/TG/IR/TGOps.h"

#include "mlir/IR/Builders.h"

namespace dynamir::py {
#define GEN_PASS_DEF_SPECIALIZEENTRY
#include "dynamir/Dialect/Py/Transforms/Passes.h.inc"
} // namespace dynamir::py

using namespace mlir;
using namespace dynamir;
using namespace dynamir::py;

namespace {
struct SpecializeEntryPass
    : dynamir::py::impl::SpecializeEntryBase<SpecializeEntryPass> {
  void runOnOperation() override;

private:
  /// Guards `value`, found at `source`, on `spec`; returns the guard and
  /// what the code should see instead of the value.
  std::pair<tg::GuardOpInterface, Value> specialize(OpBuilder &builder,
                                                    Location loc, Value value,
                                                    tg::SourceAttr source,
                                                    Attribute spec);
};
} // namespace

std::pair<tg::GuardOpInterface, Value>
SpecializeEntryPass::specialize(OpBuilder &builder, Location loc, Value value,
                                tg::SourceAttr source, Attribute spec) {
  Type objectType = ObjectType::get(&getContext());
  ++numGuards;
  if (auto tensor = dyn_cast<TensorInputAttr>(spec)) {
    RankedTensorType type = tensor.getType();
    auto guard = builder.create<tg::GuardTensorOp>(
        loc, type, value, source,
        builder.getDenseI64ArrayAttr(tg::getContiguousStrides(type.getShape())),
        tensor.getRequiresGrad());
    auto object = builder.create<TensorObjectOp>(loc, objectType, guard.getResult());
    return {guard, object.getResult()};
  }
  auto guard =
      builder.create<tg::GuardConstantOp>(loc, objectType, value, source, spec);
  builder.create<tg::AssumeOp>(loc, guard.getResult());
  return {guard, builder.create<ConstantOp>(loc, objectType, spec)};
}

void SpecializeEntryPass::runOnOperation() {
  ModuleOp module = getOperation();
  auto entryName = module->getAttrOfType<FlatSymbolRefAttr>("py.entry");
  auto inputs = module->getAttrOfType<ArrayAttr>("py.inputs");
  if (!entryName || !inputs) {
    module.emitError("no capture entry: the module needs `py.entry` and "
                     "`py.inputs` (dynamir-translate --entry=... --input=...)");
    return signalPassFailure();
  }
  auto entry = module.lookupSymbol<FuncOp>(entryName);
  if (!entry || entry.isExternal()) {
    module.emitError("capture entry ") << entryName << " is not a py.func";
    return signalPassFailure();
  }
  if (entry.getKwonlyargcount() != 0) {
    entry.emitError("keyword-only parameters of the capture entry '")
        << entry.getQualname() << "' have no input spec";
    return signalPassFailure();
  }

  size_t numPositional = entry.getArgcount();
  bool hasVarargs = bitEnumContainsAll(entry.getFlags(), CodeFlags::varargs);
  bool hasVarkw = bitEnumContainsAll(entry.getFlags(), CodeFlags::varkeywords);
  if (inputs.size() < numPositional ||
      (!hasVarargs && inputs.size() > numPositional)) {
    entry.emitError("the capture entry '")
        << entry.getQualname() << "' takes " << numPositional
        << " positional parameter" << (numPositional == 1 ? "" : "s")
        << (hasVarargs ? " and *args" : "") << " but `py.inputs` has "
        << inputs.size() << " spec" << (inputs.size() == 1 ? "" : "s");
    return signalPassFailure();
  }

  Block &body = entry.getBody().front();
  ArrayRef<Attribute> varnames = entry.getVarnames().getValue();
  OpBuilder builder = OpBuilder::atBlockBegin(&body);
  auto nameOf = [&](unsigned index) {
    return cast<StringAttr>(varnames[index]).getValue();
  };

  // Specializing a parameter replaces every use of it but the guard's.
  auto replace = [&](BlockArgument parameter, Value replacement,
                     Operation *guardUser) {
    parameter.replaceUsesWithIf(replacement, [&](OpOperand &use) {
      return use.getOwner() != guardUser;
    });
  };

  for (unsigned i = 0; i < numPositional; ++i) {
    BlockArgument parameter = body.getArgument(i);
    Location loc = entry.getLoc();
    auto [guard, seen] = specialize(
        builder, loc, parameter,
        tg::SourceAttr::getLocal(&getContext(), nameOf(i)), inputs[i]);
    replace(parameter, seen, guard);
  }

  Type objectType = ObjectType::get(&getContext());
  unsigned nextParameter = numPositional;
  if (hasVarargs) {
    BlockArgument args = body.getArgument(nextParameter);
    Location loc = entry.getLoc();
    auto source = tg::SourceAttr::getLocal(&getContext(), nameOf(nextParameter));
    auto length = builder.create<tg::GuardLengthOp>(
        loc, objectType, args, source, builder.getStringAttr("builtins.tuple"),
        builder.getI64IntegerAttr(inputs.size() - numPositional));
    builder.create<tg::AssumeOp>(loc, length.getResult());
    ++numGuards;
    SmallVector<Value> elements;
    for (unsigned i = numPositional; i < inputs.size(); ++i) {
      int64_t index = i - numPositional;
      auto key = builder.create<ConstantOp>(loc, objectType,
                                            IntAttr::get(&getContext(), index));
      auto element =
          builder.create<GetItemOp>(loc, objectType, length.getResult(), key);
      elements.push_back(
          specialize(builder, loc, element, source.item(index), inputs[i]).second);
    }
    auto tuple = builder.create<BuildTupleOp>(loc, objectType, elements);
    replace(args, tuple.getResult(), length);
    ++nextParameter;
  }
  if (hasVarkw) {
    BlockArgument kwargs = body.getArgument(nextParameter);
    Location loc = entry.getLoc();
    auto keys = builder.create<tg::GuardDictKeysOp>(
        loc, objectType, kwargs,
        tg::SourceAttr::getLocal(&getContext(), nameOf(nextParameter)),
        builder.getArrayAttr({}));
    builder.create<tg::AssumeOp>(loc, keys.getResult());
    ++numGuards;
    auto dict = builder.create<BuildDictOp>(loc, objectType, ValueRange(),
                                            ValueRange());
    replace(kwargs, dict.getResult(), keys);
  }
}
