//===- PyEnvironment.cpp - The static environment's ops -------------------===//
//
// `py.global`, `py.class`, `py.object` and `py.member`: what the module body
// binds, as IR. The C3 linearization lives here because the class verifier
// checks each `mro` against it.
//
//===----------------------------------------------------------------------===//

#include "dynamir/Dialect/Py/IR/PyOps.h"

#include "mlir/IR/Builders.h"
#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/StringSet.h"

using namespace mlir;
using namespace dynamir::py;

bool dynamir::py::isEnvironmentValue(Attribute attr) {
  if (!attr)
    return false;
  if (auto tuple = dyn_cast<ArrayAttr>(attr))
    return llvm::all_of(tuple, isEnvironmentValue);
  if (auto list = dyn_cast<ListAttr>(attr))
    return llvm::all_of(list.getElements(), isEnvironmentValue);
  if (auto method = dyn_cast<StaticMethodAttr>(attr))
    return isEnvironmentValue(method.getFunction());
  if (auto method = dyn_cast<ClassMethodAttr>(attr))
    return isEnvironmentValue(method.getFunction());
  if (auto method = dyn_cast<MethodAttr>(attr))
    return isEnvironmentValue(method.getFunction()) && isEnvironmentValue(method.getSelf());
  if (auto property = dyn_cast<PropertyAttr>(attr))
    return isEnvironmentValue(property.getFget()) &&
           isEnvironmentValue(property.getFset()) &&
           isEnvironmentValue(property.getFdel());
  if (auto partial = dyn_cast<PartialAttr>(attr))
    return isEnvironmentValue(partial.getFunction()) &&
           isEnvironmentValue(partial.getArgs()) && isEnvironmentValue(partial.getKwvalues());
  if (auto function = dyn_cast<FunctionAttr>(attr)) {
    if (function.getDefaults() && !isEnvironmentValue(function.getDefaults()))
      return false;
    if (function.getClosure() && !isEnvironmentValue(function.getClosure()))
      return false;
    return !function.getKwdefaults() ||
           llvm::all_of(function.getKwdefaults(), [](NamedAttribute entry) {
             return isEnvironmentValue(entry.getValue());
           });
  }
  return isa<ModuleAttr, RefAttr, BuiltinAttr, ParameterAttr, UnknownAttr>(attr) ||
         isPythonConstant(attr);
}

FailureOr<SmallVector<StringRef>> dynamir::py::linearizeC3(
    StringRef self, ArrayRef<StringRef> bases, ArrayRef<SmallVector<StringRef>> baseMros,
    llvm::function_ref<StringRef(StringRef)> displayName, StringRef pythonVersion,
    std::string &error) {
  llvm::StringSet<> seen;
  for (StringRef base : bases)
    if (!seen.insert(base).second) {
      error = ("duplicate base class " + displayName(base)).str();
      return failure();
    }
  // CPython merges the bases' MROs followed by the list of bases itself.
  SmallVector<ArrayRef<StringRef>> toMerge(baseMros.begin(), baseMros.end());
  toMerge.push_back(bases);
  SmallVector<size_t> heads(toMerge.size(), 0);
  SmallVector<StringRef> result{self};
  auto inSomeTail = [&](StringRef candidate) {
    for (auto [list, head] : llvm::zip(toMerge, heads))
      if (head < list.size() && llvm::is_contained(list.drop_front(head + 1), candidate))
        return true;
    return false;
  };
  while (true) {
    bool empty = true, merged = false;
    for (auto [list, head] : llvm::zip(toMerge, heads)) {
      if (head >= list.size())
        continue;
      empty = false;
      StringRef candidate = list[head];
      if (inSomeTail(candidate))
        continue;
      result.push_back(candidate);
      for (auto [other, otherHead] : llvm::zip(toMerge, heads))
        if (otherHead < other.size() && other[otherHead] == candidate)
          ++otherHead;
      merged = true;
      break;
    }
    if (empty)
      return result;
    if (merged)
      continue;
    // CPython's set_mro_error: the heads left, each named once, in order.
    std::string names;
    llvm::StringSet<> named;
    for (auto [list, head] : llvm::zip(toMerge, heads)) {
      if (head >= list.size() || !named.insert(list[head]).second)
        continue;
      if (!names.empty())
        names += ", ";
      names += displayName(list[head]);
    }
    error = std::string("Cannot create a consistent method resolution") +
            (pythonVersion == "3.11" || pythonVersion == "3.12" ? "\n" : " ") +
            "order (MRO) for bases " + names;
    return failure();
  }
}

/// Checks that a body holds only `Entry` ops, each named once.
template <typename Entry>
static LogicalResult verifyEntries(Operation *owner, Block &body, StringRef what) {
  llvm::StringSet<> names;
  for (Operation &op : body) {
    auto entry = dyn_cast<Entry>(op);
    if (!entry)
      return op.emitOpError("cannot be in a ") << owner->getName();
    if (!names.insert(entry.getName()).second)
      return entry.emitOpError() << what << " '" << entry.getName() << "' twice";
  }
  return success();
}

//===----------------------------------------------------------------------===//
// GlobalsOp
//===----------------------------------------------------------------------===//

void GlobalsOp::build(OpBuilder &builder, OperationState &state) {
  state.addRegion()->emplaceBlock();
}

GlobalOp GlobalsOp::lookup(StringRef name) {
  for (Operation &op : getBody().front())
    if (auto global = dyn_cast<GlobalOp>(op); global && global.getName() == name)
      return global;
  return {};
}

LogicalResult GlobalsOp::verify() {
  return verifyEntries<GlobalOp>(*this, getBody().front(), "binds global");
}

//===----------------------------------------------------------------------===//
// ClassOp
//===----------------------------------------------------------------------===//

void ClassOp::build(OpBuilder &builder, OperationState &state, StringRef symbol,
                    StringRef name, ArrayAttr bases, ArrayAttr mro, bool library) {
  state.addAttribute(getSymNameAttrName(state.name), builder.getStringAttr(symbol));
  state.addAttribute(getNameAttrName(state.name), builder.getStringAttr(name));
  state.addAttribute(getBasesAttrName(state.name), bases);
  state.addAttribute(getMroAttrName(state.name), mro);
  if (library)
    state.addAttribute(getLibraryAttrName(state.name), builder.getUnitAttr());
  state.addRegion()->emplaceBlock();
}

/// The member of a class or object body named `name`.
static MemberOp lookupMemberIn(Block &body, StringRef name) {
  for (Operation &op : body)
    if (auto member = dyn_cast<MemberOp>(op); member && member.getName() == name)
      return member;
  return {};
}

MemberOp ClassOp::lookupMember(StringRef name) { return lookupMemberIn(getBody().front(), name); }

LogicalResult ClassOp::verify() {
  auto mro = getMro().getAsRange<FlatSymbolRefAttr>();
  if (mro.empty() || (*mro.begin()).getValue() != getSymName())
    return emitOpError("mro must start with the class itself");
  return verifyEntries<MemberOp>(*this, getBody().front(), "sets member");
}

LogicalResult ClassOp::verifySymbolUses(SymbolTableCollection &symbolTable) {
  auto module = (*this)->getParentOfType<ModuleOp>();
  auto lookup = [&](FlatSymbolRefAttr ref) {
    return symbolTable.lookupSymbolIn<ClassOp>(module, ref);
  };
  SmallVector<StringRef> bases;
  SmallVector<SmallVector<StringRef>> baseMros;
  for (auto base : getBases().getAsRange<FlatSymbolRefAttr>()) {
    ClassOp cls = lookup(base);
    if (!cls)
      return emitOpError("base ") << base << " is not a py.class";
    bases.push_back(base.getValue());
    baseMros.push_back(llvm::to_vector(llvm::map_range(
        cls.getMro().getAsRange<FlatSymbolRefAttr>(),
        [](FlatSymbolRefAttr ref) { return ref.getValue(); })));
  }
  for (auto ref : getMro().getAsRange<FlatSymbolRefAttr>())
    if (!lookup(ref))
      return emitOpError("mro entry ") << ref << " is not a py.class";
  // `object` itself has no bases; everything else derives from something.
  if (bases.empty())
    return success();
  std::string error;
  auto version = module->getAttrOfType<StringAttr>("py.version");
  auto expected = linearizeC3(
      getSymName(), bases, baseMros,
      [&](StringRef symbol) {
        ClassOp cls = lookup(FlatSymbolRefAttr::get(getContext(), symbol));
        return cls ? cls.getName() : symbol;
      },
      version ? version.getValue() : "3.12", error);
  if (failed(expected))
    return emitOpError("has no consistent MRO: ") << error;
  auto mro = getMro().getAsRange<FlatSymbolRefAttr>();
  if (!llvm::equal(*expected, mro, [](StringRef a, FlatSymbolRefAttr b) {
        return a == b.getValue();
      }))
    return emitOpError("mro is not the C3 linearization of its bases");
  return success();
}

//===----------------------------------------------------------------------===//
// ObjectOp
//===----------------------------------------------------------------------===//

void ObjectOp::build(OpBuilder &builder, OperationState &state, StringRef symbol,
                     FlatSymbolRefAttr cls) {
  state.addAttribute(getSymNameAttrName(state.name), builder.getStringAttr(symbol));
  state.addAttribute(getClsAttrName(state.name), cls);
  state.addRegion()->emplaceBlock();
}

MemberOp ObjectOp::lookupMember(StringRef name) { return lookupMemberIn(getBody().front(), name); }

LogicalResult ObjectOp::verify() {
  if (std::optional<ArrayAttr> contents = getContents())
    for (Attribute element : *contents)
      if (!isPythonConstant(element))
        return emitOpError("contents hold ") << element << ", which is not a Python constant";
  return verifyEntries<MemberOp>(*this, getBody().front(), "sets member");
}

LogicalResult ObjectOp::verifySymbolUses(SymbolTableCollection &symbolTable) {
  auto module = (*this)->getParentOfType<ModuleOp>();
  if (!symbolTable.lookupSymbolIn<ClassOp>(module, getClsAttr()))
    return emitOpError("class ") << getClsAttr() << " is not a py.class";
  return success();
}

LogicalResult ClassRefOp::verifySymbolUses(SymbolTableCollection &symbolTable) {
  auto module = (*this)->getParentOfType<ModuleOp>();
  if (!module || !symbolTable.lookupSymbolIn<ClassOp>(module, getClsAttr()))
    return emitOpError() << "names " << getClsAttr() << ", which is not a py.class";
  return success();
}
