//===- MapTorch.cpp - Map Python tensor operations to tg ------------------===//
//
// Dynamo's TensorVariable and TorchInGraphFunctionVariable, as patterns: a
// Python operation whose operands are known tensors and constants becomes the
// tg op PyTorch would run. What a value is comes from facts in the IR: a
// tensor is seen through the `py.tensor_object` that holds it, a
// module through the ID_MATCH guard of the global bound to it.
//
//===----------------------------------------------------------------------===//

#include "dynamir/Dialect/Py/Transforms/Passes.h"

#include "Dicts.h"
#include "Objects.h"
#include "ResolveEnvironment.h"
#include "Super.h"

#include "dynamir/Dialect/Py/IR/PyAttributes.h"
#include "dynamir/Dialect/Py/IR/PyRepr.h"
#include "dynamir/Dialect/TG/IR/TGOps.h"
#include "dynamir/Dialect/TG/IR/TypePromotion.h"
#include "dynamir/Dialect/TG/Transforms/Passes.h"

#include "mlir/Dialect/ControlFlow/IR/ControlFlowOps.h"
#include "mlir/IR/Dominance.h"
#include "mlir/IR/IRMapping.h"
#include "mlir/IR/Matchers.h"
#include "mlir/IR/PatternMatch.h"
#include "mlir/Transforms/GreedyPatternRewriteDriver.h"
#include "llvm/ADT/SetVector.h"
#include "llvm/ADT/StringMap.h"
#include "llvm/ADT/TypeSwitch.h"
#include "llvm/Support/Error.h"
#include "llvm/Support/Regex.h"

#include <functional>
#include <limits>

namespace dynamir::py {
#define GEN_PASS_DEF_MAPTORCH
#include "dynamir/Dialect/Py/Transforms/Passes.h.inc"
} // namespace dynamir::py

using namespace mlir;
using namespace dynamir;
using namespace dynamir::py;

//===----------------------------------------------------------------------===//
// What values are known to be
//===----------------------------------------------------------------------===//

namespace {
/// Loops over longer sequences stay loops.
constexpr size_t kMaxUnroll = 1024;

/// The tensor a Python value is known to be: a tensor seen as an object.
Value getTensor(Value value) {
  auto object = value.getDefiningOp<TensorObjectOp>();
  return object ? object.getTensor() : Value();
}


std::optional<int64_t> getInt(Value value) {
  if (auto i = dyn_cast_or_null<IntAttr>(getConstant(value)))
    return i.getInt64();
  return std::nullopt;
}

std::optional<bool> getBool(Value value) {
  if (auto b = dyn_cast_or_null<BoolAttr>(getConstant(value)))
    return b.getValue();
  return std::nullopt;
}

bool isNone(Value value) { return isa_and_present<NoneAttr>(getConstant(value)); }

/// The elements of a tuple or list built in the code.
std::optional<SmallVector<Value>> getElements(Value value) {
  Operation *op = value.getDefiningOp();
  // A list is only known where nothing else sees it: any other use could
  // change it (append, extend, a call) before this one reads it.
  if (isa_and_present<BuildTupleOp>(op) || (isa_and_present<BuildListOp>(op) && value.hasOneUse()))
    return SmallVector<Value>(op->getOperands());
  return std::nullopt;
}

/// A constant int, or a tuple or list of them (a constant or built).
std::optional<SmallVector<int64_t>> getIntList(Value value) {
  if (auto tuple = dyn_cast_or_null<ArrayAttr>(getConstant(value))) {
    SmallVector<int64_t> ints;
    for (Attribute element : tuple) {
      auto i = dyn_cast<IntAttr>(element);
      if (!i || !i.getInt64())
        return std::nullopt;
      ints.push_back(*i.getInt64());
    }
    return ints;
  }
  if (std::optional<SmallVector<Value>> elements = getElements(value)) {
    SmallVector<int64_t> ints;
    for (Value element : *elements) {
      std::optional<int64_t> i = getInt(element);
      if (!i)
        return std::nullopt;
      ints.push_back(*i);
    }
    return ints;
  }
  if (std::optional<int64_t> i = getInt(value))
    return SmallVector<int64_t>{*i};
  return std::nullopt;
}

/// Whether a value can be a tg operand: a tensor, or a Python bool, float or
/// int (that fits in 64 bits). Patterns check this before building anything.
bool isTensorOrNumber(Value value) {
  if (getTensor(value))
    return true;
  Attribute constant = getConstant(value);
  if (isa_and_present<BoolAttr>(constant))
    return true;
  if (auto f = dyn_cast_or_null<FloatAttr>(constant))
    return f.getType().isF64();
  if (auto i = dyn_cast_or_null<IntAttr>(constant))
    return i.getInt64().has_value();
  return false;
}

/// The PyTorch dtypes as `torch` attributes.
Type getDTypeNamed(MLIRContext *context, StringRef name) {
  mlir::Builder b(context);
  return llvm::StringSwitch<Type>(name)
      .Cases("torch.float32", "torch.float", b.getF32Type())
      .Cases("torch.float64", "torch.double", b.getF64Type())
      .Cases("torch.float16", "torch.half", b.getF16Type())
      .Case("torch.bfloat16", b.getBF16Type())
      .Cases("torch.int64", "torch.long", b.getI64Type())
      .Cases("torch.int32", "torch.int", b.getI32Type())
      .Cases("torch.int16", "torch.short", b.getI16Type())
      .Case("torch.int8", b.getI8Type())
      .Case("torch.uint8", IntegerType::get(context, 8, IntegerType::Unsigned))
      .Case("torch.bool", b.getI1Type())
      .Default(Type());
}

/// The qualified name of a value reached from a guarded module global
/// (`torch.nn.functional.relu`), and the guard it relies on.
std::optional<std::pair<std::string, tg::GuardIdOp>> getQualifiedName(Value value) {
  if (auto guard = value.getDefiningOp<tg::GuardIdOp>()) {
    if (auto name = dyn_cast<StringAttr>(guard.getObject()))
      return std::make_pair(name.str(), guard);
    return std::nullopt;
  }
  if (auto attr = value.getDefiningOp<GetAttrOp>()) {
    auto base = getQualifiedName(attr.getObject());
    if (base)
      return std::make_pair(base->first + "." + attr.getName().str(), base->second);
  }
  return std::nullopt;
}

//===----------------------------------------------------------------------===//
// Building tg ops
//===----------------------------------------------------------------------===//

/// What the patterns share: where errors go, and what the environment
/// patterns keep (a listener of the rewrites keeps it current).
struct MapperState : RewriterBase::Listener {
  /// Starts over on `module`.
  void reset(ModuleOp module) {
    reported.clear();
    peeled.clear();
    failed = false;
    resolve.reset(module);
  }

  /// How many iterations of each loop (by header) were peeled.
  llvm::DenseMap<Block *, unsigned> peeled;

  /// Ops whose mapping PyTorch rejects, reported once each.
  llvm::SmallPtrSet<Operation *, 8> reported;
  bool failed = false;
  ResolveState resolve;

  void notifyOperationErased(Operation *op) override {
    reported.erase(op);
  }
};

/// Builds tg ops for one Python op, with its location.
class TGBuilder {
public:
  TGBuilder(PatternRewriter &rewriter, Operation *pyOp, MapperState &state)
      : rewriter(rewriter), pyOp(pyOp), loc(pyOp->getLoc()), state(state) {}

  /// A tg op `name` on `operands`, its result types inferred as PyTorch
  /// infers them; where PyTorch raises, its message at the Python op's
  /// location, and null.
  Operation *create(StringRef name, ValueRange operands,
                    ArrayRef<NamedAttribute> attributes = {},
                    unsigned numResults = 1) {
    OperationState opState(loc, name);
    opState.addOperands(operands);
    opState.addAttributes(attributes);
    opState.addTypes(SmallVector<Type>(numResults, rewriter.getNoneType()));
    Operation *op = rewriter.create(opState);
    SmallVector<Type> types;
    bool report = state.reported.insert(pyOp).second;
    auto inference = cast<InferTypeOpInterface>(op);
    if (failed(inference.inferReturnTypes(
            rewriter.getContext(), report ? std::optional<Location>(loc) : std::nullopt,
            op->getOperands(), op->getAttrDictionary(), op->getPropertiesStorage(),
            op->getRegions(), types))) {
      rewriter.eraseOp(op);
      state.failed = true;
      return nullptr;
    }
    state.reported.erase(pyOp);
    for (auto [result, type] : llvm::zip(op->getResults(), types))
      result.setType(type);
    return op;
  }

  Value createValue(StringRef name, ValueRange operands,
                    ArrayRef<NamedAttribute> attributes = {}) {
    Operation *op = create(name, operands, attributes);
    return op ? op->getResult(0) : Value();
  }

  /// A Python number as a tg scalar operand (f64, i64 or i1), or a tensor.
  Value tensorOrNumber(Value value) {
    if (Value tensor = getTensor(value))
      return tensor;
    Attribute constant = getConstant(value);
    if (auto b = dyn_cast_or_null<BoolAttr>(constant))
      return rewriter.create<arith::ConstantOp>(loc, b);
    if (auto f = dyn_cast_or_null<FloatAttr>(constant))
      return rewriter.create<arith::ConstantOp>(loc, f);
    if (auto i = dyn_cast_or_null<IntAttr>(constant))
      if (std::optional<int64_t> v = i.getInt64())
        return rewriter.create<arith::ConstantOp>(loc, rewriter.getI64IntegerAttr(*v));
    return {};
  }

  Value toObject(Value tensor) {
    return rewriter.create<TensorObjectOp>(loc, ObjectType::get(rewriter.getContext()), tensor);
  }

  Value constantInt(int64_t value) {
    return rewriter.create<ConstantOp>(loc, ObjectType::get(rewriter.getContext()),
                                       IntAttr::get(rewriter.getContext(), value));
  }

  /// Keeps the guards that `tensor`'s sizes and dtype come from: code that
  /// reads them no longer depends on the tensor's value.
  void assumeGuardsOf(Value tensor) {
    llvm::SetVector<Operation *> guards;
    SmallVector<Value> worklist{tensor};
    llvm::SmallPtrSet<Value, 16> seen;
    while (!worklist.empty()) {
      Value value = worklist.pop_back_val();
      if (!seen.insert(value).second)
        continue;
      Operation *def = value.getDefiningOp();
      if (!def)
        continue;
      if (isa<tg::GuardOpInterface>(def)) {
        guards.insert(def);
        continue;
      }
      llvm::append_range(worklist, def->getOperands());
    }
    for (Operation *guard : guards)
      rewriter.create<tg::AssumeOp>(loc, guard->getResult(0));
  }

  NamedAttribute attr(StringRef name, Attribute value) {
    return rewriter.getNamedAttr(name, value);
  }
  NamedAttribute i64(StringRef name, int64_t value) {
    return attr(name, rewriter.getI64IntegerAttr(value));
  }
  NamedAttribute i64s(StringRef name, ArrayRef<int64_t> values) {
    return attr(name, rewriter.getDenseI64ArrayAttr(values));
  }

  PatternRewriter &rewriter;
  Operation *pyOp;
  Location loc;
  MapperState &state;
  /// The `*size` of a factory called with sizes as separate ints
  /// (`torch.zeros(2, 3)`), where its `size` argument is null.
  std::optional<SmallVector<int64_t>> sizes;
};

/// Arguments bound to parameter names as Python binds them; null where a
/// parameter got nothing. Fails on an unknown keyword or too many arguments.
std::optional<SmallVector<Value>> bind(ArrayRef<StringRef> params,
                                       ValueRange positional,
                                       ArrayRef<Attribute> kwnames,
                                       ValueRange keywords) {
  if (positional.size() > params.size())
    return std::nullopt;
  SmallVector<Value> bound(params.size());
  llvm::copy(positional, bound.begin());
  for (auto [name, value] : llvm::zip(kwnames, keywords)) {
    auto it = llvm::find(params, cast<StringAttr>(name).getValue());
    if (it == params.end() || bound[it - params.begin()])
      return std::nullopt;
    bound[it - params.begin()] = value;
  }
  return bound;
}

//===----------------------------------------------------------------------===//
// torch functions and Tensor methods
//===----------------------------------------------------------------------===//

std::optional<SmallVector<int64_t>> getVarargInts(ArrayRef<Value> args);

/// Maps a call on bound arguments; null when the call is not one tg holds
/// (an argument not known, an unsupported option).
using Handler = std::function<Value(TGBuilder &, ArrayRef<Value>)>;

struct Signature {
  SmallVector<StringRef> params;
  Handler handler;
  /// Takes its first parameter as `*size` too: `zeros(2, 3)`, `zeros((2, 3))`.
  bool sizeVarargs = false;
};

/// Binds a call to `signature`; a `*size` call leaves the size argument null
/// and its ints in `b.sizes`.
std::optional<SmallVector<Value>> bindCall(TGBuilder &b, const Signature &signature,
                                           ValueRange positional,
                                           ArrayRef<Attribute> kwnames,
                                           ValueRange keywords) {
  if (signature.sizeVarargs && !positional.empty() && getInt(positional[0])) {
    b.sizes = getVarargInts(SmallVector<Value>(positional));
    if (!b.sizes)
      return std::nullopt;
    return bind(signature.params, {}, kwnames, keywords);
  }
  return bind(signature.params, positional, kwnames, keywords);
}

/// Reads a `dim` argument (int) or a `dims` argument (int or sequence).
std::optional<SmallVector<int64_t>> getDims(Value value) {
  if (!value || isNone(value))
    return SmallVector<int64_t>();
  return getIntList(value);
}

/// `keepdim` and friends: absent is `fallback`.
std::optional<bool> getFlag(Value value, bool fallback) {
  if (!value)
    return fallback;
  return getBool(value);
}

Handler unary(StringRef name) {
  return [name](TGBuilder &b, ArrayRef<Value> args) -> Value {
    Value x = getTensor(args[0]);
    return x ? b.createValue(name, x) : Value();
  };
}

Handler binary(StringRef name) {
  return [name](TGBuilder &b, ArrayRef<Value> args) -> Value {
    if (!args[0] || !args[1] || !isTensorOrNumber(args[0]) ||
        !isTensorOrNumber(args[1]) || (!getTensor(args[0]) && !getTensor(args[1])))
      return {};
    return b.createValue(name, {b.tensorOrNumber(args[0]), b.tensorOrNumber(args[1])});
  };
}

Handler reduction(StringRef name) {
  // (input, dim=None, keepdim=False)
  return [name](TGBuilder &b, ArrayRef<Value> args) -> Value {
    Value x = getTensor(args[0]);
    std::optional<SmallVector<int64_t>> dims = getDims(args[1]);
    std::optional<bool> keepdim = getFlag(args[2], false);
    if (!x || !dims || !keepdim)
      return {};
    SmallVector<NamedAttribute> attrs;
    if (!dims->empty())
      attrs.push_back(b.i64s("dims", *dims));
    if (*keepdim)
      attrs.push_back(b.attr("keepdim", b.rewriter.getUnitAttr()));
    return b.createValue(name, x, attrs);
  };
}

Handler softmaxLike(StringRef name) {
  // (input, dim)
  return [name](TGBuilder &b, ArrayRef<Value> args) -> Value {
    Value x = getTensor(args[0]);
    std::optional<int64_t> dim = args[1] ? getInt(args[1]) : std::nullopt;
    if (!x || !dim)
      return {};
    return b.createValue(name, x, b.i64("dim", *dim));
  };
}

/// `reshape(2, -1)` and `reshape((2, -1))` alike: the sizes of a method
/// taking `*shape`.
std::optional<SmallVector<int64_t>> getVarargInts(ArrayRef<Value> args) {
  if (args.size() == 1)
    return getIntList(args[0]);
  SmallVector<int64_t> ints;
  for (Value arg : args) {
    std::optional<int64_t> i = getInt(arg);
    if (!i)
      return std::nullopt;
    ints.push_back(*i);
  }
  return ints;
}

Value reshape(TGBuilder &b, Value x, ArrayRef<int64_t> shape) {
  return b.createValue("tg.reshape", x, b.i64s("shape", shape));
}

Value transpose(TGBuilder &b, Value x, int64_t dim0, int64_t dim1) {
  auto type = cast<RankedTensorType>(x.getType());
  int64_t rank = std::max<int64_t>(type.getRank(), 1);
  std::optional<int64_t> a = tg::normalizeDim(dim0, rank), c = tg::normalizeDim(dim1, rank);
  if (!a || !c) {
    // tg.permute reports the bad dims with PyTorch's message.
    return b.createValue("tg.permute", x, b.i64s("dims", {dim0, dim1}));
  }
  SmallVector<int64_t> dims = llvm::to_vector(llvm::seq<int64_t>(0, type.getRank()));
  if (type.getRank() == 0)
    return x;
  std::swap(dims[*a], dims[*c]);
  return b.createValue("tg.permute", x, b.i64s("dims", dims));
}

Value convert(TGBuilder &b, Value x, Type element) {
  auto type = cast<RankedTensorType>(x.getType());
  if (type.getElementType() == element)
    return x;
  return b.rewriter.create<tg::ToOp>(b.loc, type.clone(element), x);
}

/// Whether `value` names the dtype `type` without running code: absent or
/// None (then `fallback`), a torch dtype, or `x.dtype` of a tensor. Null
/// when it is none of those. assumeArgument keeps what it relied on.
Type peekDType(Value value, Type fallback) {
  if (!value || isNone(value))
    return fallback;
  if (auto name = getQualifiedName(value))
    return getDTypeNamed(value.getContext(), name->first);
  if (auto attr = value.getDefiningOp<GetAttrOp>(); attr && attr.getName() == "dtype")
    if (Value tensor = getTensor(attr.getObject()))
      return cast<RankedTensorType>(tensor.getType()).getElementType();
  return {};
}

/// Whether a factory option that does not change the values is what the
/// graph computes: the CPU (where every input is), strided, no grad.
bool isPlainOption(StringRef param, Value value) {
  if (!value || isNone(value))
    return true;
  if (param == "requires_grad" || param == "pin_memory")
    return getBool(value) == false;
  if (param == "device") {
    if (auto name = dyn_cast_or_null<StringAttr>(getConstant(value)))
      return name.getValue() == "cpu";
    auto attr = value.getDefiningOp<GetAttrOp>();
    return attr && attr.getName() == "device" && getTensor(attr.getObject());
  }
  auto name = getQualifiedName(value);
  if (param == "layout")
    return name && name->first == "torch.strided";
  if (param == "memory_format")
    return name && (name->first == "torch.preserve_format" ||
                    name->first == "torch.contiguous_format");
  return false;
}

/// Keeps the guards a consumed argument was known through: the module a
/// qualified name was read from, the tensor whose `dtype` was read.
void assumeArgument(TGBuilder &b, Value value) {
  if (!value)
    return;
  if (auto name = getQualifiedName(value)) {
    b.rewriter.create<tg::AssumeOp>(b.loc, name->second);
    return;
  }
  if (auto attr = value.getDefiningOp<GetAttrOp>())
    if (Value tensor = getTensor(attr.getObject()))
      b.assumeGuardsOf(tensor);
}

/// A Python bool, int (of 64 bits) or float as a typed scalar.
TypedAttr getScalar(MLIRContext *context, Attribute constant) {
  if (auto b = dyn_cast_or_null<BoolAttr>(constant))
    return IntegerAttr::get(IntegerType::get(context, 1), b.getValue());
  if (auto i = dyn_cast_or_null<IntAttr>(constant))
    if (std::optional<int64_t> v = i.getInt64())
      return IntegerAttr::get(IntegerType::get(context, 64), *v);
  if (auto f = dyn_cast_or_null<FloatAttr>(constant); f && f.getType().isF64())
    return f;
  return {};
}

TypedAttr getScalar(Value value) { return getScalar(value.getContext(), getConstant(value)); }

/// The dtype PyTorch infers for Python scalars: bool, int64 or the default
/// float (float32).
Type inferScalarDType(MLIRContext *context, ArrayRef<TypedAttr> scalars) {
  bool anyFloat = false, allBool = true;
  for (TypedAttr scalar : scalars) {
    anyFloat |= isa<FloatAttr>(scalar);
    allBool &= scalar.getType().isInteger(1);
  }
  if (anyFloat || scalars.empty())
    return Float32Type::get(context);
  return IntegerType::get(context, allBool ? 1 : 64);
}

/// A Python number converted to the dtype `element` as masked_fill converts
/// its value (c10::checked_convert: truncation toward zero into an integer
/// type, nonzero into bool; nothing where it would overflow), as the tg
/// scalar of that category (f64, i64 or i1), so that it keeps the dtype.
TypedAttr convertFillValue(TypedAttr value, Type element) {
  MLIRContext *context = element.getContext();
  if (isa<FloatType>(element)) {
    if (auto f = dyn_cast<FloatAttr>(value))
      return f;
    auto i = cast<IntegerAttr>(value);
    return FloatAttr::get(Float64Type::get(context),
                          i.getType().isInteger(1) ? double(i.getValue().getBoolValue())
                                                   : double(i.getInt()));
  }
  if (element.isInteger(1)) {
    bool nonzero = isa<FloatAttr>(value) ? !cast<FloatAttr>(value).getValue().isZero()
                                         : !cast<IntegerAttr>(value).getValue().isZero();
    return IntegerAttr::get(IntegerType::get(context, 1), nonzero);
  }
  auto integer = cast<IntegerType>(element);
  std::optional<int64_t> truncated;
  if (auto f = dyn_cast<FloatAttr>(value)) {
    double v = std::trunc(f.getValueAsDouble());
    if (std::isfinite(v) && v >= -9.2e18 && v <= 9.2e18)
      truncated = static_cast<int64_t>(v);
  } else {
    auto i = cast<IntegerAttr>(value);
    truncated = i.getType().isInteger(1) ? int64_t(i.getValue().getBoolValue()) : i.getInt();
  }
  if (!truncated)
    return {};
  unsigned width = integer.getWidth();
  bool isUnsigned = integer.isUnsignedInteger();
  int64_t lo = isUnsigned ? 0 : (width >= 64 ? INT64_MIN : -(int64_t(1) << (width - 1)));
  int64_t hi = width >= 64 ? INT64_MAX
                           : (isUnsigned ? (int64_t(1) << width) - 1
                                         : (int64_t(1) << (width - 1)) - 1);
  if (*truncated < lo || *truncated > hi)
    return {};
  return IntegerAttr::get(IntegerType::get(context, 64), *truncated);
}

/// A constant tensor of `type` filled with `fill`, converted as PyTorch
/// converts a fill value; PyTorch's error for a negative size.
Value filledTensor(TGBuilder &b, ArrayRef<int64_t> shape, Type element, TypedAttr fill) {
  if (llvm::any_of(shape, [](int64_t size) { return size < 0; })) {
    int64_t negative = *llvm::find_if(shape, [](int64_t size) { return size < 0; });
    mlir::emitError(b.loc) << "RuntimeError: Trying to create tensor with negative dimension "
                           << negative << ": [" << shape << "]";
    b.state.failed = true;
    return {};
  }
  auto type = RankedTensorType::get(shape, element);
  return b.rewriter.create<tg::ConstantOp>(
      b.loc, type, DenseElementsAttr::get(type, tg::castScalar(fill, element)));
}

/// The factories (`zeros`, `ones`, `full`, `arange`, `eye`, `tensor` and the
/// `*_like` and `new_*` forms): `kind` names the torch function, `like` is
/// the tensor a `*_like` or `new_*` form copies (its shape for `*_like`, its
/// dtype for both). The arguments are bound to the function's signature.
Value mapFactory(TGBuilder &b, StringRef kind, ArrayRef<StringRef> params,
                 ArrayRef<Value> args, Value like) {
  MLIRContext *context = b.rewriter.getContext();
  auto arg = [&](StringRef name) -> Value {
    auto it = llvm::find(params, name);
    return it == params.end() ? Value() : args[it - params.begin()];
  };
  for (auto [param, value] : llvm::zip(params, args))
    if ((param == "device" || param == "requires_grad" || param == "layout" ||
         param == "pin_memory" || param == "memory_format") &&
        !isPlainOption(param, value))
      return {};
  Type likeDType = like ? cast<RankedTensorType>(like.getType()).getElementType() : Type();
  Value dtypeArg = arg("dtype");
  if (dtypeArg && !isNone(dtypeArg) && !peekDType(dtypeArg, {}))
    return {};
  // What the result relied on: the options' guards, and the guards of the
  // tensor whose shape or dtype it copies.
  auto commit = [&](Value result) {
    for (auto [param, value] : llvm::zip(params, args))
      if (param != "input" && param != "data")
        assumeArgument(b, value);
    if (result && like)
      b.assumeGuardsOf(like);
    return result;
  };

  if (kind == "zeros" || kind == "ones" || kind == "full") {
    std::optional<SmallVector<int64_t>> shape;
    if (Value size = arg("size"))
      shape = getIntList(size);
    else if (b.sizes)
      shape = b.sizes;
    else if (like && params.front() == "input")
      shape = SmallVector<int64_t>(cast<RankedTensorType>(like.getType()).getShape());
    if (!shape)
      return {};
    TypedAttr fill;
    if (kind == "full") {
      Value fillArg = arg("fill_value");
      fill = fillArg ? getScalar(fillArg) : TypedAttr();
      if (!fill)
        return {};
    } else {
      fill = IntegerAttr::get(IntegerType::get(context, 64), kind == "ones");
    }
    // `full` infers its dtype from the fill value; the others take the
    // default float.
    Type fallback = likeDType ? likeDType
                    : kind == "full" ? inferScalarDType(context, fill)
                                     : Float32Type::get(context);
    return commit(filledTensor(b, *shape, peekDType(dtypeArg, fallback), fill));
  }

  if (kind == "arange") {
    // arange(end) or arange(start, end, step).
    Value start = arg("start"), end = arg("end"), step = arg("step");
    if (!end && start && !step)
      std::swap(start, end);
    SmallVector<TypedAttr> scalars;
    for (Value value : {start, end, step}) {
      if (!value)
        continue;
      TypedAttr scalar = getScalar(value);
      if (!scalar || scalar.getType().isInteger(1))
        return {};
      scalars.push_back(scalar);
    }
    if (!end)
      return {};
    auto asDouble = [](Value value, double fallback) {
      if (!value)
        return fallback;
      TypedAttr scalar = getScalar(value);
      if (auto f = dyn_cast<FloatAttr>(scalar))
        return f.getValueAsDouble();
      return static_cast<double>(cast<IntegerAttr>(scalar).getInt());
    };
    double from = asDouble(start, 0), to = asDouble(end, 0), by = asDouble(step, 1);
    if (by == 0 || std::isnan(from) || std::isnan(to) || std::isinf(from) || std::isinf(to) ||
        (by > 0 ? to < from : to > from)) {
      mlir::emitError(b.loc) << (by == 0 ? "RuntimeError: step must be nonzero"
                                         : "RuntimeError: upper bound and larger bound "
                                           "inconsistent with step sign");
      b.state.failed = true;
      return {};
    }
    Type element = peekDType(dtypeArg, inferScalarDType(context, scalars));
    int64_t size = static_cast<int64_t>(std::ceil((to - from) / by));
    auto type = RankedTensorType::get({size}, element);
    return commit(b.rewriter.create<tg::ArangeOp>(
        b.loc, type, b.rewriter.getF64FloatAttr(from), b.rewriter.getF64FloatAttr(to),
        b.rewriter.getF64FloatAttr(by)));
  }

  if (kind == "eye") {
    std::optional<int64_t> n = arg("n") ? getInt(arg("n")) : std::nullopt;
    std::optional<int64_t> m = n;
    if (Value mArg = arg("m"); mArg && !isNone(mArg))
      m = getInt(mArg);
    if (!n || !m)
      return {};
    if (*n < 0 || *m < 0) {
      mlir::emitError(b.loc) << "RuntimeError: " << (*n < 0 ? "n" : "m")
                             << " must be greater or equal to 0, got " << (*n < 0 ? *n : *m);
      b.state.failed = true;
      return {};
    }
    auto type = RankedTensorType::get({*n, *m}, peekDType(dtypeArg, Float32Type::get(context)));
    return commit(b.rewriter.create<tg::EyeOp>(b.loc, type));
  }

  if (kind == "tensor") {
    // Nested tuples and lists of Python numbers, rectangular: the shape is
    // that of the first path down, every other must match it.
    SmallVector<int64_t> shape;
    SmallVector<TypedAttr> scalars;
    auto enter = [&](int64_t size, unsigned depth) {
      if (depth == shape.size() && scalars.empty()) {
        shape.push_back(size);
        return true;
      }
      return depth < shape.size() && shape[depth] == size;
    };
    auto leaf = [&](TypedAttr scalar, unsigned depth) {
      if (!scalar || depth != shape.size())
        return false;
      scalars.push_back(scalar);
      return true;
    };
    std::function<bool(Attribute, unsigned)> flattenConstant = [&](Attribute constant,
                                                                   unsigned depth) {
      if (auto tuple = dyn_cast<ArrayAttr>(constant))
        return enter(tuple.size(), depth) &&
               llvm::all_of(tuple, [&](Attribute a) { return flattenConstant(a, depth + 1); });
      return leaf(getScalar(context, constant), depth);
    };
    std::function<bool(Value, unsigned)> flatten = [&](Value value, unsigned depth) {
      if (std::optional<SmallVector<Value>> elements = getElements(value))
        return enter(elements->size(), depth) &&
               llvm::all_of(*elements, [&](Value v) { return flatten(v, depth + 1); });
      Attribute constant = getConstant(value);
      return constant && flattenConstant(constant, depth);
    };
    Value data = arg("data");
    if (!data || !flatten(data, 0))
      return {};
    Type element =
        peekDType(dtypeArg, likeDType ? likeDType : inferScalarDType(context, scalars));
    auto type = RankedTensorType::get(shape, element);
    SmallVector<Attribute> elements = llvm::map_to_vector(
        scalars, [&](TypedAttr scalar) -> Attribute { return tg::castScalar(scalar, element); });
    return commit(b.rewriter.create<tg::ConstantOp>(b.loc, type,
                                                    DenseElementsAttr::get(type, elements)));
  }
  return {};
}

/// The pieces of `x` along `dim` with the given sizes, as a tuple of tensors.
Value splitInto(TGBuilder &b, Value x, int64_t dim, ArrayRef<int64_t> sizes) {
  SmallVector<Value> pieces;
  int64_t start = 0;
  for (int64_t size : sizes) {
    Value piece = b.createValue("tg.slice", x,
                                {b.i64("dim", dim), b.i64("start", start),
                                 b.i64("end", start + size), b.i64("step", 1)});
    if (!piece)
      return {};
    pieces.push_back(b.toObject(piece));
    start += size;
  }
  return b.rewriter.create<BuildTupleOp>(b.loc, ObjectType::get(b.rewriter.getContext()),
                                         pieces);
}

/// `chunk`, `split` and `unbind`: the size of the split dimension, or
/// PyTorch's error for a 0-d tensor or a bad dim.
std::optional<std::pair<int64_t, int64_t>> getSplitDim(TGBuilder &b, Value x, int64_t dim,
                                                       StringRef name) {
  auto type = cast<RankedTensorType>(x.getType());
  std::optional<int64_t> d = tg::normalizeDim(dim, std::max<int64_t>(type.getRank(), 1));
  if (type.getRank() == 0 || !d) {
    mlir::emitError(b.loc) << (type.getRank() == 0
                                   ? "RuntimeError: " + name.str() +
                                         " expects at least a 1-dimensional tensor"
                                   : "IndexError: Dimension out of range");
    b.state.failed = true;
    return std::nullopt;
  }
  return std::make_pair(*d, type.getDimSize(*d));
}

/// The sizes `split(split_size)` cuts a dimension of `size` into.
SmallVector<int64_t> getSplitSizes(int64_t size, int64_t splitSize) {
  int64_t count = std::max<int64_t>((size + splitSize - 1) / splitSize, 1);
  SmallVector<int64_t> sizes(count, splitSize);
  sizes.back() = splitSize - (splitSize * count - size);
  return sizes;
}

/// The p-norm over `dims` (all when empty), as `torch.linalg.vector_norm`
/// defines it; the input must be floating-point.
Value vectorNorm(TGBuilder &b, Value x, double p, ArrayRef<int64_t> dims, bool keepdim) {
  SmallVector<NamedAttribute> reduce;
  if (!dims.empty())
    reduce.push_back(b.i64s("dims", dims));
  if (keepdim)
    reduce.push_back(b.attr("keepdim", b.rewriter.getUnitAttr()));
  auto number = [&](double v) -> Value {
    return b.rewriter.create<arith::ConstantOp>(b.loc, b.rewriter.getF64FloatAttr(v));
  };
  if (p == 2) {
    Value square = b.createValue("tg.mul", {x, x});
    Value sum = square ? b.createValue("tg.sum", square, reduce) : Value();
    return sum ? b.createValue("tg.sqrt", sum) : Value();
  }
  Value magnitude = b.createValue("tg.abs", x);
  if (!magnitude)
    return {};
  if (std::isinf(p))
    return b.createValue(p > 0 ? "tg.amax" : "tg.amin", magnitude, reduce);
  if (p == 1)
    return b.createValue("tg.sum", magnitude, reduce);
  Value powered = b.createValue("tg.pow", {magnitude, number(p)});
  Value sum = powered ? b.createValue("tg.sum", powered, reduce) : Value();
  return sum ? b.createValue("tg.pow", {sum, number(1.0 / p)}) : Value();
}

/// A `p` argument of a norm: a Python number, or "fro" (the 2-norm).
std::optional<double> getNormOrder(Value value, double fallback) {
  if (!value || isNone(value))
    return fallback;
  Attribute constant = getConstant(value);
  if (auto name = dyn_cast_or_null<StringAttr>(constant))
    return name.getValue() == "fro" ? std::optional<double>(2) : std::nullopt;
  if (auto f = dyn_cast_or_null<FloatAttr>(constant))
    return f.getValueAsDouble();
  if (auto i = dyn_cast_or_null<IntAttr>(constant))
    if (std::optional<int64_t> v = i.getInt64())
      return static_cast<double>(*v);
  return std::nullopt;
}

bool isFloatTensor(Value x) {
  return x && isa<FloatType>(cast<RankedTensorType>(x.getType()).getElementType());
}

/// The functions of `torch` and `torch.nn.functional` that map to tg, with
/// PyTorch's parameter names.
const llvm::StringMap<Signature> &getTorchFunctions() {
  static const llvm::StringMap<Signature> functions = [] {
    llvm::StringMap<Signature> table;
    for (auto [fn, op] : {std::pair{"relu", "tg.relu"}, {"sigmoid", "tg.sigmoid"},
                          {"tanh", "tg.tanh"}, {"exp", "tg.exp"}, {"log", "tg.log"},
                          {"sqrt", "tg.sqrt"}, {"rsqrt", "tg.rsqrt"}, {"sin", "tg.sin"},
                          {"cos", "tg.cos"}, {"abs", "tg.abs"}, {"neg", "tg.neg"},
                          {"logical_not", "tg.logical_not"},
                          {"bitwise_not", "tg.bitwise_not"}}) {
      table[std::string("torch.") + fn] = {{"input"}, unary(op)};
    }
    for (auto [fn, op] : {std::pair{"relu", "tg.relu"}, {"sigmoid", "tg.sigmoid"},
                          {"tanh", "tg.tanh"}, {"silu", "tg.silu"}})
      table[std::string("torch.nn.functional.") + fn] = {{"input"}, unary(op)};
    for (auto [fn, op] : {std::pair{"add", "tg.add"}, {"sub", "tg.sub"},
                          {"mul", "tg.mul"}, {"div", "tg.div"},
                          {"floor_divide", "tg.floordiv"}, {"remainder", "tg.remainder"},
                          {"pow", "tg.pow"}, {"maximum", "tg.maximum"},
                          {"minimum", "tg.minimum"}, {"matmul", "tg.matmul"},
                          {"mm", "tg.mm"}, {"bmm", "tg.bmm"},
                          {"logical_and", "tg.logical_and"},
                          {"logical_or", "tg.logical_or"},
                          {"logical_xor", "tg.logical_xor"}})
      table[std::string("torch.") + fn] = {{"input", "other"}, binary(op)};
    for (auto [fn, op] : {std::pair{"sum", "tg.sum"}, {"mean", "tg.mean"},
                          {"amax", "tg.amax"}, {"amin", "tg.amin"}})
      table[std::string("torch.") + fn] = {{"input", "dim", "keepdim"}, reduction(op)};
    table["torch.softmax"] = {{"input", "dim"}, softmaxLike("tg.softmax")};
    table["torch.log_softmax"] = {{"input", "dim"}, softmaxLike("tg.log_softmax")};
    table["torch.nn.functional.softmax"] = {{"input", "dim"}, softmaxLike("tg.softmax")};
    table["torch.nn.functional.log_softmax"] = {{"input", "dim"},
                                                softmaxLike("tg.log_softmax")};
    table["torch.nn.functional.gelu"] = {
        {"input", "approximate"}, [](TGBuilder &b, ArrayRef<Value> args) -> Value {
          Value x = getTensor(args[0]);
          auto approximate = tg::GeluApproximation::none;
          if (args[1]) {
            auto mode = dyn_cast_or_null<StringAttr>(getConstant(args[1]));
            if (!mode || (mode.getValue() != "none" && mode.getValue() != "tanh"))
              return {};
            if (mode.getValue() == "tanh")
              approximate = tg::GeluApproximation::tanh;
          }
          if (!x)
            return {};
          return b.createValue(
              "tg.gelu", x,
              b.attr("approximate", tg::GeluApproximationAttr::get(
                                        b.rewriter.getContext(), approximate)));
        }};
    table["torch.nn.functional.linear"] = {
        {"input", "weight", "bias"}, [](TGBuilder &b, ArrayRef<Value> args) -> Value {
          Value x = getTensor(args[0]), w = args[1] ? getTensor(args[1]) : Value();
          if (!x || !w)
            return {};
          SmallVector<Value> operands{x, w};
          if (args[2] && !isNone(args[2])) {
            Value bias = getTensor(args[2]);
            if (!bias)
              return {};
            operands.push_back(bias);
          }
          return b.createValue("tg.linear", operands);
        }};
    // Over the last len(normalized_shape) dims, with the biased variance, as
    // ATen's layer_norm computes it.
    table["torch.nn.functional.layer_norm"] = {
        {"input", "normalized_shape", "weight", "bias", "eps"},
        [](TGBuilder &b, ArrayRef<Value> args) -> Value {
          Value x = getTensor(args[0]);
          std::optional<SmallVector<int64_t>> shape =
              args[1] ? getIntList(args[1]) : std::nullopt;
          if (!x || !shape)
            return {};
          if (!shape->empty() && !args[1].getDefiningOp<ConstantOp>())
            return {};
          Value weight, bias;
          for (auto [arg, tensor] : {std::pair{args[2], &weight}, {args[3], &bias}}) {
            if (!arg || isNone(arg))
              continue;
            *tensor = getTensor(arg);
            if (!*tensor)
              return {};
          }
          Attribute epsAttr = args[4] ? getConstant(args[4]) : Attribute();
          double eps = 1e-5;
          if (auto f = dyn_cast_or_null<FloatAttr>(epsAttr))
            eps = f.getValueAsDouble();
          else if (args[4])
            return {};
          auto type = cast<RankedTensorType>(x.getType());
          int64_t k = shape->size(), rank = type.getRank();
          if (k == 0 || k > rank || type.getShape().take_back(k) != ArrayRef(*shape)) {
            mlir::emitError(b.loc) << "RuntimeError: Given normalized_shape=[" << *shape
                                   << "], expected input with shape [*, " << *shape
                                   << "], but got input of size" << type.getShape();
            b.state.failed = true;
            return {};
          }
          SmallVector<int64_t> dims = llvm::to_vector(llvm::seq<int64_t>(rank - k, rank));
          NamedAttribute reduce[] = {b.i64s("dims", dims), b.attr("keepdim", b.rewriter.getUnitAttr())};
          Value mean = b.createValue("tg.mean", x, reduce);
          Value centered = mean ? b.createValue("tg.sub", {x, mean}) : Value();
          Value square = centered ? b.createValue("tg.mul", {centered, centered}) : Value();
          Value variance = square ? b.createValue("tg.mean", square, reduce) : Value();
          Value epsValue = b.rewriter.create<arith::ConstantOp>(b.loc, b.rewriter.getF64FloatAttr(eps));
          Value shifted = variance ? b.createValue("tg.add", {variance, epsValue}) : Value();
          Value scale = shifted ? b.createValue("tg.rsqrt", shifted) : Value();
          Value y = scale ? b.createValue("tg.mul", {centered, scale}) : Value();
          if (y && weight)
            y = b.createValue("tg.mul", {y, weight});
          if (y && bias)
            y = b.createValue("tg.add", {y, bias});
          return y;
        }};
    table["torch.where"] = {
        {"condition", "input", "other"}, [](TGBuilder &b, ArrayRef<Value> args) -> Value {
          Value c = getTensor(args[0]);
          if (!c || !args[1] || !args[2] || !isTensorOrNumber(args[1]) ||
              !isTensorOrNumber(args[2]))
            return {};
          return b.createValue("tg.where", {c, b.tensorOrNumber(args[1]),
                                            b.tensorOrNumber(args[2])});
        }};
    table["torch.clamp"] = {
        {"input", "min", "max"}, [](TGBuilder &b, ArrayRef<Value> args) -> Value {
          Value x = getTensor(args[0]);
          if (!x)
            return {};
          for (int i : {1, 2})
            if (args[i] && !isNone(args[i]) && !isTensorOrNumber(args[i]))
              return {};
          SmallVector<Value> operands{x};
          SmallVector<int32_t> segments{1, 0, 0};
          for (int i : {1, 2}) {
            if (!args[i] || isNone(args[i]))
              continue;
            operands.push_back(b.tensorOrNumber(args[i]));
            segments[i] = 1;
          }
          return b.createValue("tg.clamp", operands,
                               b.attr("operandSegmentSizes",
                                      b.rewriter.getDenseI32ArrayAttr(segments)));
        }};
    for (auto [fn, op] : {std::pair{"cat", "tg.cat"}, {"stack", "tg.stack"}})
      table[std::string("torch.") + fn] = {
          {"tensors", "dim"}, [op = op](TGBuilder &b, ArrayRef<Value> args) -> Value {
            std::optional<SmallVector<Value>> elements =
                args[0] ? getElements(args[0]) : std::nullopt;
            std::optional<int64_t> dim = args[1] ? getInt(args[1]) : 0;
            if (!elements || !dim)
              return {};
            SmallVector<Value> tensors;
            for (Value element : *elements) {
              Value tensor = getTensor(element);
              if (!tensor)
                return {};
              tensors.push_back(tensor);
            }
            return b.createValue(op, tensors, b.i64("dim", *dim));
          }};
    table["torch.flatten"] = {
        {"input", "start_dim", "end_dim"}, [](TGBuilder &b, ArrayRef<Value> args) -> Value {
          Value x = getTensor(args[0]);
          std::optional<int64_t> start = args[1] ? getInt(args[1]) : 0,
                                 end = args[2] ? getInt(args[2]) : -1;
          if (!x || !start || !end)
            return {};
          return b.createValue("tg.flatten", x,
                               {b.i64("start", *start), b.i64("end", *end)});
        }};
    table["torch.transpose"] = {
        {"input", "dim0", "dim1"}, [](TGBuilder &b, ArrayRef<Value> args) -> Value {
          Value x = getTensor(args[0]);
          std::optional<int64_t> d0 = args[1] ? getInt(args[1]) : std::nullopt,
                                 d1 = args[2] ? getInt(args[2]) : std::nullopt;
          return x && d0 && d1 ? transpose(b, x, *d0, *d1) : Value();
        }};
    table["torch.squeeze"] = {
        {"input", "dim"}, [](TGBuilder &b, ArrayRef<Value> args) -> Value {
          Value x = getTensor(args[0]);
          std::optional<SmallVector<int64_t>> dims = getDims(args[1]);
          if (!x || !dims)
            return {};
          SmallVector<NamedAttribute> attrs;
          if (!dims->empty())
            attrs.push_back(b.i64s("dims", *dims));
          return b.createValue("tg.squeeze", x, attrs);
        }};
    table["torch.unsqueeze"] = {
        {"input", "dim"}, [](TGBuilder &b, ArrayRef<Value> args) -> Value {
          Value x = getTensor(args[0]);
          std::optional<int64_t> dim = args[1] ? getInt(args[1]) : std::nullopt;
          return x && dim ? b.createValue("tg.unsqueeze", x, b.i64("dim", *dim))
                          : Value();
        }};
    table["torch.reshape"] = {
        {"input", "shape"}, [](TGBuilder &b, ArrayRef<Value> args) -> Value {
          Value x = getTensor(args[0]);
          auto shape = args[1] ? getIntList(args[1]) : std::nullopt;
          return x && shape ? reshape(b, x, *shape) : Value();
        }};
    // Factories. The options that do not change values (device, layout,
    // requires_grad, ...) are bound so that mapFactory can check them.
    auto factory = [&](StringRef name, SmallVector<StringRef> params, bool sizeVarargs = false) {
      params.append({"device", "requires_grad", "layout", "pin_memory"});
      if (name.ends_with("_like"))
        params.back() = "memory_format";
      StringRef kind = name.ends_with("_like") ? name.drop_back(5) : name;
      table[("torch." + name).str()] = {
          params,
          [kind, params](TGBuilder &b, ArrayRef<Value> args) -> Value {
            Value like = params.front() == "input" && args[0] ? getTensor(args[0]) : Value();
            if (params.front() == "input" && !like)
              return {};
            return mapFactory(b, kind, params, args, like);
          },
          sizeVarargs};
    };
    factory("zeros", {"size", "dtype"}, /*sizeVarargs=*/true);
    factory("ones", {"size", "dtype"}, /*sizeVarargs=*/true);
    factory("full", {"size", "fill_value", "dtype"});
    factory("zeros_like", {"input", "dtype"});
    factory("ones_like", {"input", "dtype"});
    factory("full_like", {"input", "fill_value", "dtype"});
    factory("arange", {"start", "end", "step", "dtype"});
    factory("eye", {"n", "m", "dtype"});
    factory("tensor", {"data", "dtype"});
    for (auto [fn, op] : {std::pair{"tril", "tg.tril"}, {"triu", "tg.triu"}})
      table[std::string("torch.") + fn] = {
          {"input", "diagonal"}, [op = op](TGBuilder &b, ArrayRef<Value> args) -> Value {
            Value x = getTensor(args[0]);
            std::optional<int64_t> diagonal = args[1] ? getInt(args[1]) : 0;
            return x && diagonal ? b.createValue(op, x, b.i64("diagonal", *diagonal)) : Value();
          }};
    // where(mask, value, input), when that keeps the input's dtype and shape
    // as masked_fill does.
    table["torch.masked_fill"] = {
        {"input", "mask", "value"}, [](TGBuilder &b, ArrayRef<Value> args) -> Value {
          Value x = getTensor(args[0]), mask = args[1] ? getTensor(args[1]) : Value();
          if (!x || !mask || !args[2] || !isTensorOrNumber(args[2]))
            return {};
          auto type = cast<RankedTensorType>(x.getType());
          auto maskType = cast<RankedTensorType>(mask.getType());
          if (!maskType.getElementType().isInteger(1)) {
            mlir::emitError(b.loc) << "RuntimeError: masked_fill_ only supports boolean "
                                      "masks, but got mask with dtype "
                                   << maskType.getElementType();
            b.state.failed = true;
            return {};
          }
          Value value = getTensor(args[2]);
          if (value && cast<RankedTensorType>(value.getType()).getRank() != 0)
            return {};
          std::string error;
          std::optional<SmallVector<int64_t>> shape =
              tg::broadcastShapes(TypeRange{type, maskType}, error);
          if (!shape || ArrayRef<int64_t>(*shape) != type.getShape())
            return {};
          Type element = type.getElementType();
          Value fill;
          if (value) {
            std::optional<tg::DType> dtype = tg::resultType({type, value.getType()});
            if (!dtype || *dtype != tg::getDType(element))
              return {};
            fill = value;
          } else {
            // A number takes the input's dtype, as PyTorch converts it (and
            // refuses one that overflows it: left for PyTorch to raise).
            TypedAttr converted = convertFillValue(getScalar(args[2]), element);
            if (!converted)
              return {};
            fill = b.rewriter.create<arith::ConstantOp>(b.loc, converted);
          }
          return b.createValue("tg.where", {mask, fill, x});
        }};
    // Without training (or with p = 0), dropout returns its input itself.
    for (StringRef fn : {"torch.nn.functional.dropout", "torch.dropout"})
      table[fn] = {
          fn == "torch.dropout" ? SmallVector<StringRef>{"input", "p", "train"}
                                : SmallVector<StringRef>{"input", "p", "training", "inplace"},
          [fn](TGBuilder &b, ArrayRef<Value> args) -> Value {
            if (!getTensor(args[0]))
              return {};
            std::optional<bool> training = getFlag(args[2], fn != "torch.dropout");
            TypedAttr p = args[1] ? getScalar(args[1]) : TypedAttr();
            bool zero = p && !p.getType().isInteger(1) &&
                        (isa<FloatAttr>(p) ? cast<FloatAttr>(p).getValue().isZero()
                                           : cast<IntegerAttr>(p).getInt() == 0);
            if (args.size() > 3 && args[3] && !getBool(args[3]))
              return {};
            if (!training || (*training && !zero))
              return {};
            return args[0];
          }};
    // x / max(||x||_p over dim, eps).
    table["torch.nn.functional.normalize"] = {
        {"input", "p", "dim", "eps"}, [](TGBuilder &b, ArrayRef<Value> args) -> Value {
          Value x = getTensor(args[0]);
          std::optional<double> p = getNormOrder(args[1], 2);
          std::optional<int64_t> dim = args[2] ? getInt(args[2]) : 1;
          TypedAttr eps = args[3] ? getScalar(args[3]) : TypedAttr();
          if (!isFloatTensor(x) || !p || !dim || (args[3] && (!eps || eps.getType().isInteger(1))))
            return {};
          double epsValue = !eps ? 1e-12
                            : isa<FloatAttr>(eps) ? cast<FloatAttr>(eps).getValueAsDouble()
                                                  : static_cast<double>(cast<IntegerAttr>(eps).getInt());
          Value norm = vectorNorm(b, x, *p, {*dim}, /*keepdim=*/true);
          Value epsOperand = b.rewriter.create<arith::ConstantOp>(
              b.loc, b.rewriter.getF64FloatAttr(epsValue));
          Value denominator =
              norm ? b.createValue("tg.clamp", {norm, epsOperand},
                                   b.attr("operandSegmentSizes",
                                          b.rewriter.getDenseI32ArrayAttr({1, 1, 0})))
                   : Value();
          return denominator ? b.createValue("tg.div", {x, denominator}) : Value();
        }};
    table["torch.norm"] = {
        {"input", "p", "dim", "keepdim"}, [](TGBuilder &b, ArrayRef<Value> args) -> Value {
          Value x = getTensor(args[0]);
          std::optional<double> p = getNormOrder(args[1], 2);
          std::optional<SmallVector<int64_t>> dims = getDims(args[2]);
          std::optional<bool> keepdim = getFlag(args[3], false);
          if (!isFloatTensor(x) || !p || !dims || !keepdim)
            return {};
          return vectorNorm(b, x, *p, *dims, *keepdim);
        }};
    // Tuples of tensors.
    table["torch.chunk"] = {
        {"input", "chunks", "dim"}, [](TGBuilder &b, ArrayRef<Value> args) -> Value {
          Value x = getTensor(args[0]);
          std::optional<int64_t> chunks = args[1] ? getInt(args[1]) : std::nullopt;
          std::optional<int64_t> dim = args[2] ? getInt(args[2]) : 0;
          if (!x || !chunks || !dim)
            return {};
          if (*chunks <= 0) {
            mlir::emitError(b.loc)
                << "RuntimeError: chunk expects `chunks` to be greater than 0, got: " << *chunks;
            b.state.failed = true;
            return {};
          }
          auto split = getSplitDim(b, x, *dim, "chunk");
          if (!split)
            return {};
          auto [d, size] = *split;
          int64_t splitSize = (size + *chunks - 1) / *chunks;
          // Empty pieces keep their number only when the dimension is empty.
          SmallVector<int64_t> sizes = splitSize == 0 ? SmallVector<int64_t>(*chunks, 0)
                                                      : getSplitSizes(size, splitSize);
          return splitInto(b, x, d, sizes);
        }};
    table["torch.split"] = {
        {"tensor", "split_size_or_sections", "dim"},
        [](TGBuilder &b, ArrayRef<Value> args) -> Value {
          Value x = getTensor(args[0]);
          std::optional<int64_t> dim = args[2] ? getInt(args[2]) : 0;
          if (!x || !dim || !args[1])
            return {};
          std::optional<int64_t> splitSize = getInt(args[1]);
          std::optional<SmallVector<int64_t>> sections =
              splitSize ? std::nullopt : getIntList(args[1]);
          if (!splitSize && !sections)
            return {};
          auto split = getSplitDim(b, x, *dim, "split");
          if (!split)
            return {};
          auto [d, size] = *split;
          if (splitSize) {
            if (*splitSize < 0 || (*splitSize == 0 && size != 0)) {
              mlir::emitError(b.loc)
                  << "RuntimeError: split_size can only be 0 if dimension size is 0, but got "
                     "dimension size of "
                  << size;
              b.state.failed = true;
              return {};
            }
            return splitInto(b, x, d, getSplitSizes(size, *splitSize));
          }
          int64_t total = 0;
          for (int64_t section : *sections)
            total += section;
          if (total != size || llvm::any_of(*sections, [](int64_t v) { return v < 0; })) {
            mlir::emitError(b.loc) << "RuntimeError: split_with_sizes expects split_sizes to "
                                      "sum exactly to "
                                   << size << " (input tensor's size at dimension " << d
                                   << "), but got split_sizes=[" << *sections << "]";
            b.state.failed = true;
            return {};
          }
          return splitInto(b, x, d, *sections);
        }};
    table["torch.unbind"] = {
        {"input", "dim"}, [](TGBuilder &b, ArrayRef<Value> args) -> Value {
          Value x = getTensor(args[0]);
          std::optional<int64_t> dim = args[1] ? getInt(args[1]) : 0;
          if (!x || !dim)
            return {};
          auto split = getSplitDim(b, x, *dim, "unbind");
          if (!split)
            return {};
          SmallVector<Value> rows;
          for (int64_t i = 0; i < split->second; ++i) {
            Value row = b.createValue("tg.select", x,
                                      {b.i64("dim", split->first), b.i64("index", i)});
            if (!row)
              return {};
            rows.push_back(b.toObject(row));
          }
          return b.rewriter.create<BuildTupleOp>(
              b.loc, ObjectType::get(b.rewriter.getContext()), rows);
        }};
    return table;
  }();
  return functions;
}

/// A Tensor method: the receiver (`selfObject`, the tensor `self` as an
/// object) and the call's arguments.
Value mapTensorMethod(TGBuilder &b, Value selfObject, Value self, StringRef name,
                      ValueRange positional, ArrayRef<Attribute> kwnames,
                      ValueRange keywords) {
  MLIRContext *context = b.rewriter.getContext();
  // Methods taking `*sizes`, without keywords.
  if (name == "view" || name == "reshape" || name == "permute" || name == "expand") {
    if (!kwnames.empty())
      return {};
    std::optional<SmallVector<int64_t>> ints =
        getVarargInts(SmallVector<Value>(positional));
    if (!ints)
      return {};
    if (name == "permute")
      return b.createValue("tg.permute", self, b.i64s("dims", *ints));
    if (name == "expand")
      return b.createValue("tg.expand", self, b.i64s("shape", *ints));
    return reshape(b, self, *ints);
  }
  // Conversions.
  Type element = llvm::StringSwitch<Type>(name)
                     .Case("float", Float32Type::get(context))
                     .Case("double", Float64Type::get(context))
                     .Case("half", Float16Type::get(context))
                     .Case("bfloat16", BFloat16Type::get(context))
                     .Case("long", IntegerType::get(context, 64))
                     .Case("int", IntegerType::get(context, 32))
                     .Case("bool", IntegerType::get(context, 1))
                     .Default(Type());
  if (element)
    return positional.empty() && kwnames.empty() ? convert(b, self, element) : Value();
  if (name == "to") {
    std::optional<SmallVector<Value>> args =
        bind({"dtype"}, positional, kwnames, keywords);
    if (!args || !(*args)[0])
      return {};
    auto dtypeName = getQualifiedName((*args)[0]);
    Type dtype = dtypeName ? getDTypeNamed(context, dtypeName->first) : Type();
    if (!dtype)
      return {};
    b.rewriter.create<tg::AssumeOp>(b.loc, dtypeName->second);
    return convert(b, self, dtype);
  }
  // An identity on values; a detached tensor shares its storage too, but
  // no gradient flows through it. A clone is a tensor of its own, which
  // in-place operators may change.
  if (name == "contiguous")
    return positional.empty() && kwnames.empty() ? self : Value();
  if (name == "detach")
    return positional.empty() && kwnames.empty() ? b.createValue("tg.detach", self) : Value();
  if (name == "clone")
    return positional.empty() && kwnames.empty() ? b.createValue("tg.clone", self) : Value();
  if (name == "t") {
    if (!positional.empty() || !kwnames.empty())
      return {};
    // PyTorch refuses t() of more than 2 dimensions.
    if (cast<RankedTensorType>(self.getType()).getRank() > 2)
      return {};
    return transpose(b, self, 0, -1);
  }
  const llvm::StringMap<Signature> &functions = getTorchFunctions();
  // `new_zeros` and friends: the factory, with self's dtype by default.
  if (name == "new_zeros" || name == "new_ones" || name == "new_full" || name == "new_tensor") {
    StringRef kind = name.drop_front(4);
    const Signature &signature = functions.find(("torch." + kind).str())->second;
    std::optional<SmallVector<Value>> args =
        bindCall(b, signature, positional, kwnames, keywords);
    if (!args)
      return {};
    return mapFactory(b, kind, signature.params, *args, self);
  }
  // The rest have torch functions' signatures, with self as the input.
  auto it = functions.find(("torch." + name).str());
  if (it == functions.end())
    return {};
  const Signature &signature = it->second;
  // Methods of the torch factories are not Tensor methods (`x.zeros`).
  if (signature.params.front() != "input" && signature.params.front() != "tensor")
    return {};
  std::optional<SmallVector<Value>> args =
      bind(ArrayRef<StringRef>(signature.params).drop_front(), positional, kwnames,
           keywords);
  if (!args)
    return {};
  args->insert(args->begin(), selfObject);
  return signature.handler(b, *args);
}

//===----------------------------------------------------------------------===//
// Patterns
//===----------------------------------------------------------------------===//

template <typename OpTy>
struct MapPattern : OpRewritePattern<OpTy> {
  MapPattern(MLIRContext *context, MapperState &state)
      : OpRewritePattern<OpTy>(context), state(state) {}
  MapperState &state;
};

StringRef getBinaryOpName(BinaryOpKind kind) {
  switch (kind) {
  case BinaryOpKind::add: return "tg.add";
  case BinaryOpKind::sub: return "tg.sub";
  case BinaryOpKind::mul: return "tg.mul";
  case BinaryOpKind::truediv: return "tg.div";
  case BinaryOpKind::floordiv: return "tg.floordiv";
  case BinaryOpKind::mod: return "tg.remainder";
  case BinaryOpKind::pow: return "tg.pow";
  case BinaryOpKind::matmul: return "tg.matmul";
  case BinaryOpKind::and_: return "tg.bitwise_and";
  case BinaryOpKind::or_: return "tg.bitwise_or";
  case BinaryOpKind::xor_: return "tg.bitwise_xor";
  default: return {};
  }
}

/// The operator an in-place operator (`+=`) falls back to.
std::optional<BinaryOpKind> getOutOfPlaceKind(BinaryOpKind kind) {
  switch (kind) {
  case BinaryOpKind::iadd: return BinaryOpKind::add;
  case BinaryOpKind::isub: return BinaryOpKind::sub;
  case BinaryOpKind::imul: return BinaryOpKind::mul;
  case BinaryOpKind::itruediv: return BinaryOpKind::truediv;
  case BinaryOpKind::ifloordiv: return BinaryOpKind::floordiv;
  case BinaryOpKind::imod: return BinaryOpKind::mod;
  case BinaryOpKind::ipow: return BinaryOpKind::pow;
  case BinaryOpKind::imatmul: return BinaryOpKind::matmul;
  case BinaryOpKind::iand: return BinaryOpKind::and_;
  case BinaryOpKind::ior: return BinaryOpKind::or_;
  case BinaryOpKind::ixor: return BinaryOpKind::xor_;
  default: return std::nullopt;
  }
}

/// Whether `op` makes a view of its first operand: a tensor that shares
/// its storage, which a change in place of either changes in both.
bool isViewOp(Operation *op) {
  return isa<tg::ReshapeOp, tg::FlattenOp, tg::PermuteOp, tg::UnsqueezeOp, tg::SqueezeOp,
             tg::ExpandOp, tg::SliceOp, tg::SelectOp, tg::DetachOp>(op);
}

/// Whether changing the tensor object `value` in place is seen by nothing
/// else: a tensor the region computed (not an input, nor a view of one),
/// held by this object alone, used only once. Then `x += y` is `x = x + y`.
bool isUnobservedTemporary(Value value) {
  if (!value.hasOneUse() || !getTensor(value))
    return false;
  Value tensor = getTensor(value);
  // A view shares its base's storage: the base must be unobserved too.
  while (true) {
    Operation *def = tensor.getDefiningOp();
    if (!tensor.hasOneUse() || !def || !isa<tg::TGDialect>(def->getDialect()) ||
        isa<tg::GuardOpInterface>(def))
      return false;
    if (!isViewOp(def))
      return true;
    tensor = def->getOperand(0);
  }
}

struct MapBinaryOp : MapPattern<BinaryOp> {
  using MapPattern::MapPattern;

  /// Whether `lhs op rhs` has `lhs`'s dtype and shape, as an in-place
  /// operator must: it writes its result into `lhs` (where it cannot,
  /// PyTorch raises, and the operator stays).
  static bool keepsType(Value lhs, Value rhs, BinaryOpKind kind) {
    auto lhsType = cast<RankedTensorType>(getTensor(lhs).getType());
    Type rhsType;
    if (Value tensor = getTensor(rhs))
      rhsType = tensor.getType();
    else if (auto constant = getConstant(rhs); isa_and_present<BoolAttr>(constant))
      rhsType = IntegerType::get(lhs.getContext(), 1);
    else if (isa_and_present<FloatAttr>(constant))
      rhsType = Float64Type::get(lhs.getContext());
    else if (isa_and_present<IntAttr>(constant))
      rhsType = IntegerType::get(lhs.getContext(), 64);
    if (!rhsType)
      return false;
    std::optional<tg::DType> dtype = tg::resultType({lhsType, rhsType});
    std::optional<tg::DType> own = tg::getDType(lhsType.getElementType());
    // True division of integers is a float.
    if (!dtype || !own || *dtype != *own ||
        (kind == BinaryOpKind::truediv && !tg::isFloatingPoint(*own)))
      return false;
    std::string error;
    std::optional<SmallVector<int64_t>> shape =
        tg::broadcastShapes(TypeRange{lhsType, rhsType}, error);
    return shape && ArrayRef<int64_t>(*shape) == lhsType.getShape();
  }

  LogicalResult matchAndRewrite(BinaryOp op, PatternRewriter &rewriter) const override {
    // `a += b` changes a tensor `a` in place; a number has no in-place
    // operator, and Python falls back to `a + b`.
    BinaryOpKind kind = op.getKind();
    std::optional<BinaryOpKind> outOfPlace = getOutOfPlaceKind(kind);
    bool inPlace = outOfPlace && getTensor(op.getLhs());
    if (outOfPlace)
      kind = *outOfPlace;
    if (inPlace && (kind == BinaryOpKind::matmul || !isUnobservedTemporary(op.getLhs()) ||
                    !keepsType(op.getLhs(), op.getRhs(), kind)))
      return failure();
    StringRef name = getBinaryOpName(kind);
    if (name.empty() || (!getTensor(op.getLhs()) && !getTensor(op.getRhs())))
      return failure();
    if (!isTensorOrNumber(op.getLhs()) || !isTensorOrNumber(op.getRhs()) ||
        (name == "tg.matmul" && (!getTensor(op.getLhs()) || !getTensor(op.getRhs()))))
      return failure();
    TGBuilder b(rewriter, op, state);
    Value lhs = b.tensorOrNumber(op.getLhs()), rhs = b.tensorOrNumber(op.getRhs());
    Value result = b.createValue(name, {lhs, rhs});
    if (!result)
      return failure();
    rewriter.replaceOp(op, b.toObject(result));
    return success();
  }
};

struct MapUnaryOp : MapPattern<UnaryOp> {
  using MapPattern::MapPattern;

  LogicalResult matchAndRewrite(UnaryOp op, PatternRewriter &rewriter) const override {
    Value x = getTensor(op.getOperand());
    if (!x)
      return failure();
    TGBuilder b(rewriter, op, state);
    Value result;
    switch (op.getKind()) {
    case UnaryOpKind::neg:
      result = b.createValue("tg.neg", x);
      break;
    case UnaryOpKind::pos:
      result = x;
      break;
    case UnaryOpKind::invert:
      result = b.createValue("tg.bitwise_not", x);
      break;
    case UnaryOpKind::not_:
      // Truthiness of a tensor is data-dependent.
      return failure();
    }
    if (!result)
      return failure();
    rewriter.replaceOp(op, b.toObject(result));
    return success();
  }
};

struct MapCompareOp : MapPattern<CompareOp> {
  using MapPattern::MapPattern;

  LogicalResult matchAndRewrite(CompareOp op, PatternRewriter &rewriter) const override {
    if (!getTensor(op.getLhs()) && !getTensor(op.getRhs()))
      return failure();
    if (!isTensorOrNumber(op.getLhs()) || !isTensorOrNumber(op.getRhs()))
      return failure();
    TGBuilder b(rewriter, op, state);
    Value lhs = b.tensorOrNumber(op.getLhs()), rhs = b.tensorOrNumber(op.getRhs());
    // The two enums share their names (lt, le, eq, ne, gt, ge).
    tg::ComparePredicate predicate =
        *tg::symbolizeComparePredicate(stringifyComparePredicate(op.getPredicate()));
    Value result = b.createValue(
        "tg.cmp", {lhs, rhs},
        b.attr("predicate", tg::ComparePredicateAttr::get(getContext(), predicate)));
    if (!result)
      return failure();
    rewriter.replaceOp(op, b.toObject(result));
    return success();
  }
};

struct MapCall : MapPattern<CallOp> {
  using MapPattern::MapPattern;

  /// Replaces the call; its callee, an attribute of a tensor or a module that
  /// nothing else reads, goes with it (a getattr may raise, so it is not
  /// dead on its own; this one is known not to).
  void replace(CallOp call, Value result, TGBuilder &b, PatternRewriter &rewriter) const {
    SmallVector<Value> operands(call->getOperands());
    // A tensor, or an object already (a tuple of tensors, the input itself).
    rewriter.replaceOp(call, isa<ObjectType>(result.getType()) ? result : b.toObject(result));
    for (Value operand : operands) {
      auto attr = operand.getDefiningOp<GetAttrOp>();
      if (attr && attr->use_empty() &&
          (getTensor(attr.getObject()) || getQualifiedName(attr.getResult())))
        rewriter.eraseOp(attr);
    }
  }

  LogicalResult mapLibraryModule(CallOp call, ObjectOp object, TGBuilder &b,
                                 PatternRewriter &rewriter) const;

  /// `x.add_(y)` and the other in-place methods whose out-of-place method
  /// maps, where nothing else sees the change: x is a tensor the code
  /// computed (not an input, a view or a detached alias), held by this one
  /// object, which nothing used before but this method and which later ops
  /// of the block use. They use the changed tensor instead; the call
  /// returns it (in-place methods return self). Where the result would
  /// change x's dtype or shape, PyTorch raises, and the call stays.
  LogicalResult mapInPlaceMethod(CallOp call, GetAttrOp attr, Value self, TGBuilder &b,
                                 PatternRewriter &rewriter) const {
    Value object = attr.getObject();
    Operation *def = self.getDefiningOp();
    if (!def || !isa<tg::TGDialect>(def->getDialect()) || isa<tg::GuardOpInterface>(def) ||
        isViewOp(def) || !self.hasOneUse() || !attr->hasOneUse())
      return failure();
    // Only where the result is known to keep x's dtype and shape (else
    // PyTorch raises): a unary method of a floating-point x, clamp_ of one
    // with numbers, an arithmetic method whose operands keep x's type.
    StringRef name = attr.getName();
    auto type = cast<RankedTensorType>(self.getType());
    bool isFloat = isa<FloatType>(type.getElementType());
    std::optional<BinaryOpKind> kind = llvm::StringSwitch<std::optional<BinaryOpKind>>(name)
                                           .Case("add_", BinaryOpKind::add)
                                           .Case("sub_", BinaryOpKind::sub)
                                           .Case("mul_", BinaryOpKind::mul)
                                           .Case("div_", BinaryOpKind::truediv)
                                           .Case("pow_", BinaryOpKind::pow)
                                           .Default(std::nullopt);
    bool unary = llvm::is_contained({"relu_", "exp_", "log_", "sqrt_", "rsqrt_", "sigmoid_",
                                     "tanh_", "neg_", "abs_", "sin_", "cos_"},
                                    name);
    bool keepsType = false;
    if (kind)
      keepsType = !call.getPositionalArguments().empty() &&
                  isTensorOrNumber(call.getPositionalArguments().front()) &&
                  MapBinaryOp::keepsType(object, call.getPositionalArguments().front(), *kind);
    else if (unary)
      keepsType = isFloat && call.getArguments().empty();
    else if (name == "clamp_")
      keepsType = isFloat && llvm::all_of(call.getArguments(), [](Value arg) {
                    return getInt(arg) || isa_and_present<FloatAttr>(getConstant(arg)) ||
                           isNone(arg);
                  });
    if (!keepsType)
      return failure();
    Block *block = call->getBlock();
    SmallVector<OpOperand *> later;
    for (OpOperand &use : object.getUses()) {
      Operation *user = use.getOwner();
      if (user == attr.getOperation())
        continue;
      if (user->getBlock() != block || !call->isBeforeInBlock(user))
        return failure();
      // The arguments of a torch.autograd.Function's apply are what it was
      // called with (its forward, which the call is part of, changes them).
      if (auto apply = dyn_cast<AutogradApplyOp>(user);
          apply && use.getOperandNumber() >= apply.getArgs().getBeginOperandIndex())
        continue;
      later.push_back(&use);
    }
    Value result = mapTensorMethod(b, object, self, attr.getName().drop_back(),
                                   call.getPositionalArguments(), call.getKwnames().getValue(),
                                   call.getKeywordArguments());
    if (!result)
      return failure();
    assert(result.getType() == self.getType() && "an in-place method changed the type");
    Value changed = b.toObject(result);
    for (OpOperand *use : later)
      rewriter.modifyOpInPlace(use->getOwner(), [&] { use->set(changed); });
    rewriter.replaceOp(call, changed);
    rewriter.eraseOp(attr);
    return success();
  }

  LogicalResult matchAndRewrite(CallOp call, PatternRewriter &rewriter) const override {
    ArrayRef<Attribute> kwnames = call.getKwnames().getValue();
    TGBuilder b(rewriter, call, state);
    // A Tensor method.
    if (auto attr = call.getCallee().getDefiningOp<GetAttrOp>()) {
      if (Value self = getTensor(attr.getObject())) {
        StringRef name = attr.getName();
        if (name.size() > 1 && name.ends_with("_") && !name.starts_with("_"))
          return mapInPlaceMethod(call, attr, self, b, rewriter);
        Value result = mapTensorMethod(b, attr.getObject(), self, attr.getName(),
                                       call.getPositionalArguments(), kwnames,
                                       call.getKeywordArguments());
        if (!result)
          return failure();
        replace(call, result, b, rewriter);
        return success();
      }
    }
    // A torch.nn module of the environment: its forward.
    if (auto object = dyn_cast_or_null<ObjectOp>(
            getEnvironmentSymbol(state.resolve.env, call.getCallee())))
      return mapLibraryModule(call, object, b, rewriter);
    // A torch function.
    auto qualified = getQualifiedName(call.getCallee());
    if (!qualified)
      return failure();
    const llvm::StringMap<Signature> &functions = getTorchFunctions();
    auto it = functions.find(qualified->first);
    if (it == functions.end())
      return failure();
    std::optional<SmallVector<Value>> args = bindCall(
        b, it->second, call.getPositionalArguments(), kwnames, call.getKeywordArguments());
    if (!args)
      return failure();
    Value result = it->second.handler(b, *args);
    if (!result)
      return failure();
    rewriter.create<tg::AssumeOp>(call.getLoc(), qualified->second);
    replace(call, result, b, rewriter);
    return success();
  }
};

/// The forward of a `torch.nn` module the environment knows, as the torch
/// function it calls on the module's attributes (read at run time, under
/// their guards: `G['model'].fc.weight` under TENSOR_MATCH). A Sequential
/// calls its modules in turn, for later rounds to inline or map.
LogicalResult MapCall::mapLibraryModule(CallOp call, ObjectOp object, TGBuilder &b,
                                        PatternRewriter &rewriter) const {
  const Environment &env = state.resolve.env;
  ClassOp cls = env.getClassOf(object);
  if (!cls || !cls.getLibrary() || object.getOpaque() || !call.getKwnames().empty() ||
      call.getArguments().size() != 1)
    return failure();
  StringRef kind = cls.getSymName();
  Value self = call.getCallee(), input = call.getArguments()[0];
  auto source = cast<tg::GuardOpInterface>(self.getDefiningOp()).getSource();
  Location loc = call.getLoc();
  Type objectType = ObjectType::get(getContext());
  if (kind == "torch.nn.Sequential") {
    std::optional<int64_t> size = getModuleContainerSize(env, self);
    Value x = input;
    for (int64_t i = 0; i < *size; ++i) {
      Value index = rewriter.create<ConstantOp>(loc, objectType, IntAttr::get(getContext(), i));
      Value module = rewriter.create<GetItemOp>(loc, objectType, self, index);
      x = rewriter.create<CallOp>(loc, objectType, module, ValueRange{x}, rewriter.getStrArrayAttr({}));
    }
    rewriter.replaceOp(call, x);
    return success();
  }
  if (kind == "torch.nn.Identity") {
    rewriter.replaceOp(call, input);
    return success();
  }
  struct Forward {
    StringRef function;
    SmallVector<StringRef> members;
  };
  std::optional<Forward> forward =
      llvm::StringSwitch<std::optional<Forward>>(kind)
          .Case("torch.nn.Linear", Forward{"torch.nn.functional.linear", {"weight", "bias"}})
          .Case("torch.nn.LayerNorm",
                Forward{"torch.nn.functional.layer_norm", {"normalized_shape", "weight", "bias", "eps"}})
          .Case("torch.nn.ReLU", Forward{"torch.relu", {}})
          .Case("torch.nn.Sigmoid", Forward{"torch.sigmoid", {}})
          .Case("torch.nn.Tanh", Forward{"torch.tanh", {}})
          .Case("torch.nn.SiLU", Forward{"torch.nn.functional.silu", {}})
          .Case("torch.nn.GELU", Forward{"torch.nn.functional.gelu", {"approximate"}})
          .Case("torch.nn.Softmax", Forward{"torch.nn.functional.softmax", {"dim"}})
          .Default(std::nullopt);
  if (!forward || !getTensor(input))
    return failure();
  // Every member must be there, as a parameter, None or a constant, before
  // anything is built.
  SmallVector<MemberOp> members;
  for (StringRef name : forward->members) {
    MemberOp member = object.lookupMember(name);
    if (!member || !(isa<ParameterAttr>(member.getValue()) || isPythonConstant(member.getValue())))
      return failure();
    members.push_back(member);
  }
  SmallVector<Value> args{input};
  for (MemberOp member : members) {
    auto read = rewriter.create<GetAttrOp>(loc, objectType, self, member.getName());
    args.push_back(materializeMember(rewriter, loc, read, source.attr(member.getName()),
                                     member.getValue()));
  }
  Value result = getTorchFunctions().lookup(forward->function).handler(b, args);
  if (!result)
    return failure();
  replace(call, result, b, rewriter);
  return success();
}

/// `x.shape`, `x.ndim` and `x.T`; `x.size()` and `x.dim()` too, which are
/// calls of a getattr.
struct MapTensorAttribute : MapPattern<GetAttrOp> {
  using MapPattern::MapPattern;

  LogicalResult matchAndRewrite(GetAttrOp op, PatternRewriter &rewriter) const override {
    Value self = getTensor(op.getObject());
    if (!self)
      return failure();
    auto type = cast<RankedTensorType>(self.getType());
    TGBuilder b(rewriter, op, state);
    StringRef name = op.getName();
    if (name == "T") {
      SmallVector<int64_t> dims =
          llvm::to_vector(llvm::reverse(llvm::seq<int64_t>(0, type.getRank())));
      Value result = b.createValue("tg.permute", self, b.i64s("dims", dims));
      if (!result)
        return failure();
      rewriter.replaceOp(op, b.toObject(result));
      return success();
    }
    if (name != "shape" && name != "ndim" && name != "size" && name != "dim")
      return failure();
    // `size` and `dim` are only known when called: x.size(), x.size(1).
    CallOp call;
    if (name == "size" || name == "dim") {
      if (!op->hasOneUse())
        return failure();
      call = dyn_cast<CallOp>(*op->getUsers().begin());
      if (!call || call.getCallee() != op.getResult() || !call.getKwnames().empty())
        return failure();
    }
    Value result;
    if (name == "ndim" || name == "dim") {
      if (call && !call.getArguments().empty())
        return failure();
      result = b.constantInt(type.getRank());
    } else if (call && call.getArguments().size() == 1) {
      std::optional<int64_t> dim = getInt(call.getArguments()[0]);
      std::optional<int64_t> index =
          dim ? tg::normalizeDim(*dim, std::max<int64_t>(type.getRank(), 1))
              : std::nullopt;
      if (!index || type.getRank() == 0)
        return failure();
      result = b.constantInt(type.getDimSize(*index));
    } else if (call && !call.getArguments().empty()) {
      return failure();
    } else {
      SmallVector<Attribute> sizes;
      for (int64_t size : type.getShape())
        sizes.push_back(IntAttr::get(getContext(), size));
      result = rewriter.create<ConstantOp>(op.getLoc(), op.getType(),
                                           rewriter.getArrayAttr(sizes));
    }
    b.assumeGuardsOf(self);
    rewriter.replaceOp(call ? call.getOperation() : op.getOperation(), result);
    if (call)
      rewriter.eraseOp(op);
    return success();
  }
};

/// The classes a value is known to be an instance of, by symbol or
/// qualified name, most derived first: a tensor is a `torch.Tensor`, an
/// object of the environment has its class's MRO, a constant its builtin
/// type's.
std::optional<SmallVector<StringRef>> getKnownTypes(const Environment &env, Value value) {
  if (getTensor(value))
    return SmallVector<StringRef>{"torch.Tensor", "builtins.object"};
  if (auto object = dyn_cast_or_null<ObjectOp>(getEnvironmentSymbol(env, value))) {
    ClassOp cls = env.getClassOf(object);
    if (!cls)
      return std::nullopt;
    return llvm::to_vector(llvm::map_range(cls.getMro().getAsRange<FlatSymbolRefAttr>(),
                                           [](FlatSymbolRefAttr ref) { return ref.getValue(); }));
  }
  // An instance the region made is of the class it was made of.
  if (auto made = value.getDefiningOp<NewObjectOp>()) {
    ClassOp cls = getKnownClass(env, made.getCls());
    if (!cls)
      return std::nullopt;
    return llvm::to_vector(llvm::map_range(cls.getMro().getAsRange<FlatSymbolRefAttr>(),
                                           [](FlatSymbolRefAttr ref) { return ref.getValue(); }));
  }
  Attribute constant = getConstant(value);
  if (!constant)
    return std::nullopt;
  StringRef type = llvm::TypeSwitch<Attribute, StringRef>(constant)
                       .Case([](BoolAttr) { return "builtins.bool"; })
                       .Case([](IntAttr) { return "builtins.int"; })
                       .Case([](FloatAttr) { return "builtins.float"; })
                       .Case([](StringAttr) { return "builtins.str"; })
                       .Case([](NoneAttr) { return "builtins.NoneType"; })
                       .Case([](ArrayAttr) { return "builtins.tuple"; })
                       .Default(StringRef());
  if (type.empty())
    return std::nullopt;
  SmallVector<StringRef> types{type};
  if (type == "builtins.bool")
    types.push_back("builtins.int");
  types.push_back("builtins.object");
  return types;
}

/// The classes an `isinstance` class argument names: a class of the
/// environment, `torch.Tensor` or another name reached from a guarded
/// module, a builtin type, or a tuple of those.
std::optional<SmallVector<std::string>> getClassArgument(const Environment &env, Value value) {
  if (auto cls = dyn_cast_or_null<ClassOp>(getEnvironmentSymbol(env, value)))
    return SmallVector<std::string>{cls.getSymName().str()};
  if (auto qualified = getQualifiedName(value))
    return SmallVector<std::string>{qualified->first};
  if (auto load = value.getDefiningOp<LoadGlobalOp>()) {
    static const StringRef builtinTypes[] = {"bool", "int",  "float", "str", "tuple",
                                             "list", "dict", "set",   "object"};
    if (llvm::is_contained(builtinTypes, load.getName()) && env.isBuiltin(load.getName()))
      return SmallVector<std::string>{("builtins." + load.getName()).str()};
    return std::nullopt;
  }
  if (auto tuple = value.getDefiningOp<BuildTupleOp>()) {
    SmallVector<std::string> all;
    for (Value element : tuple->getOperands()) {
      std::optional<SmallVector<std::string>> names = getClassArgument(env, element);
      if (!names)
        return std::nullopt;
      llvm::append_range(all, *names);
    }
    return all;
  }
  return std::nullopt;
}

/// `isinstance(v, C)` of the builtin where the classes `v` is an instance of
/// are known (see getKnownTypes): a constant bool. Nothing is assumed beyond
/// the guards that made `v` known (TENSOR_MATCH, ID_MATCH on the object).
struct FoldIsInstance : MapPattern<CallOp> {
  using MapPattern::MapPattern;

  LogicalResult matchAndRewrite(CallOp call, PatternRewriter &rewriter) const override {
    auto load = call.getCallee().getDefiningOp<LoadGlobalOp>();
    if (!load || load.getName() != "isinstance" || call.getArguments().size() != 2 ||
        !call.getKwnames().empty())
      return failure();
    const Environment &env = state.resolve.env;
    if (!env.isBuiltin(load.getName()))
      return failure();
    std::optional<SmallVector<StringRef>> types = getKnownTypes(env, call.getArguments()[0]);
    std::optional<SmallVector<std::string>> classes =
        getClassArgument(env, call.getArguments()[1]);
    if (!types || !classes)
      return failure();
    bool result = llvm::any_of(*classes, [&](const std::string &cls) {
      return llvm::is_contained(*types, cls);
    });
    // The MRO of an object or constant is whole, so a class not in it is not
    // a base; a tensor's is not (a parameter is a torch.nn.Parameter): it is
    // not an instance only of builtin types and user classes.
    if (!result && getTensor(call.getArguments()[0]) &&
        !llvm::all_of(*classes, [&](const std::string &cls) {
          return StringRef(cls).starts_with("builtins.") || StringRef(cls).starts_with("G[");
        }))
      return failure();
    SmallVector<Value> names{call.getCallee(), call.getArguments()[1]};
    // The answer relies on the classes being what their guards say.
    SmallVector<Value> leaves{call.getArguments()[1]};
    while (!leaves.empty()) {
      Value leaf = leaves.pop_back_val();
      if (auto tuple = leaf.getDefiningOp<BuildTupleOp>())
        llvm::append_range(leaves, tuple->getOperands());
      else if (auto qualified = getQualifiedName(leaf))
        rewriter.create<tg::AssumeOp>(call.getLoc(), qualified->second);
      else if (auto guard = leaf.getDefiningOp<tg::GuardIdOp>())
        rewriter.create<tg::AssumeOp>(call.getLoc(), guard.getResult());
    }
    rewriter.replaceOpWithNewOp<ConstantOp>(call, call.getType(), rewriter.getBoolAttr(result));
    for (Value name : names)
      eraseUnusedName(name, rewriter);
    return success();
  }

  /// Erases what only named the classes, now unused: the builtins' loads,
  /// the attributes of guarded modules, the tuple that held them. None of
  /// them can raise; the guards of what they were read from stay assumed.
  void eraseUnusedName(Value value, PatternRewriter &rewriter) const {
    Operation *op = value.getDefiningOp();
    if (!op || !op->use_empty())
      return;
    if (auto load = dyn_cast<LoadGlobalOp>(op)) {
      if (state.resolve.env.isBuiltin(load.getName()))
        rewriter.eraseOp(load);
      return;
    }
    if (isa<GetAttrOp>(op) && getQualifiedName(value)) {
      rewriter.eraseOp(op);
      return;
    }
    if (isa<BuildTupleOp>(op)) {
      SmallVector<Value> elements(op->getOperands());
      rewriter.eraseOp(op);
      for (Value element : elements)
        eraseUnusedName(element, rewriter);
    }
  }
};

/// `x[...]` of a tensor with constant indices: ints select, slices slice
/// (Python's clamping, positive steps), None adds a dimension, and one
/// Ellipsis stands for the dimensions the others leave out.
struct MapTensorSubscript : MapPattern<GetItemOp> {
  using MapPattern::MapPattern;

  struct Index {
    enum Kind { Int, Slice, NewAxis, Ellipsis } kind;
    int64_t start = 0, end = std::numeric_limits<int64_t>::max(), step = 1;
  };

  static std::optional<Index> parseAttr(Attribute attr) {
    if (auto i = dyn_cast_or_null<IntAttr>(attr)) {
      if (std::optional<int64_t> value = i.getInt64())
        return Index{Index::Int, *value};
      return std::nullopt;
    }
    if (isa_and_present<NoneAttr>(attr))
      return Index{Index::NewAxis};
    if (isa_and_present<EllipsisAttr>(attr))
      return Index{Index::Ellipsis};
    return std::nullopt;
  }

  static std::optional<Index> parse(Value key) {
    if (auto slice = key.getDefiningOp<BuildSliceOp>()) {
      Index index{Index::Slice};
      auto bound = [](Value v, int64_t &out) {
        if (isNone(v))
          return true;
        std::optional<int64_t> i = getInt(v);
        if (i)
          out = *i;
        return bool(i);
      };
      if (!bound(slice.getStart(), index.start) || !bound(slice.getStop(), index.end) ||
          (slice.getStep() && !bound(slice.getStep(), index.step)))
        return std::nullopt;
      return index;
    }
    return parseAttr(getConstant(key));
  }

  LogicalResult matchAndRewrite(GetItemOp op, PatternRewriter &rewriter) const override {
    Value x = getTensor(op.getObject());
    if (!x)
      return failure();
    SmallVector<Index> indices;
    Value key = op.getKey();
    if (auto tuple = key.getDefiningOp<BuildTupleOp>()) {
      for (Value element : tuple->getOperands()) {
        std::optional<Index> index = parse(element);
        if (!index)
          return failure();
        indices.push_back(*index);
      }
    } else if (auto tuple = dyn_cast_or_null<ArrayAttr>(getConstant(key))) {
      for (Attribute element : tuple) {
        std::optional<Index> index = parseAttr(element);
        if (!index)
          return failure();
        indices.push_back(*index);
      }
    } else if (std::optional<Index> index = parse(key)) {
      indices.push_back(*index);
    } else {
      return failure();
    }
    int64_t rank = cast<RankedTensorType>(x.getType()).getRank();
    int64_t consumed = llvm::count_if(indices, [](const Index &i) {
      return i.kind == Index::Int || i.kind == Index::Slice;
    });
    int64_t ellipses = llvm::count_if(indices, [](const Index &i) { return i.kind == Index::Ellipsis; });
    // More indices than dimensions, or two Ellipses, are PyTorch's errors:
    // left for Python to raise.
    if (ellipses > 1 || consumed > rank)
      return failure();
    TGBuilder b(rewriter, op, state);
    Value result = x;
    int64_t dim = 0;
    // What PyTorch rejects (an index out of range) is reported at the user's
    // line; the ops built before it go, so a failed match changes nothing.
    SmallVector<Operation *> built;
    for (const Index &index : indices) {
      switch (index.kind) {
      case Index::Int:
        result = b.createValue("tg.select", result,
                               {b.i64("dim", dim), b.i64("index", index.start)});
        break;
      case Index::Slice:
        result = b.createValue("tg.slice", result,
                               {b.i64("dim", dim), b.i64("start", index.start),
                                b.i64("end", index.end), b.i64("step", index.step)});
        ++dim;
        break;
      case Index::NewAxis:
        result = b.createValue("tg.unsqueeze", result, b.i64("dim", dim));
        ++dim;
        break;
      case Index::Ellipsis:
        dim += rank - consumed;
        break;
      }
      if (!result) {
        for (Operation *partial : llvm::reverse(built))
          rewriter.eraseOp(partial);
        return failure();
      }
      if (result != x && result.getDefiningOp() != (built.empty() ? nullptr : built.back()))
        built.push_back(result.getDefiningOp());
    }
    rewriter.replaceOp(op, b.toObject(result));
    return success();
  }
};

/// `len(...)` of the builtin on what has a known length: a constant tuple,
/// string or bytes, a tuple built in the code, a list built only to be
/// measured, a tensor of at least one dimension (whose guards it assumes).
struct FoldLen : MapPattern<CallOp> {
  using MapPattern::MapPattern;

  LogicalResult matchAndRewrite(CallOp call, PatternRewriter &rewriter) const override {
    auto load = call.getCallee().getDefiningOp<LoadGlobalOp>();
    if (!load || load.getName() != "len" || call.getArguments().size() != 1 ||
        !call.getKwnames().empty())
      return failure();
    if (!state.resolve.env.isBuiltin(load.getName()))
      return failure();
    Value arg = call.getArguments()[0];
    std::optional<int64_t> length;
    Attribute constant = getConstant(arg);
    if (auto tuple = dyn_cast_or_null<ArrayAttr>(constant))
      length = tuple.size();
    else if (auto str = dyn_cast_or_null<StringAttr>(constant))
      // Code points: the UTF-8 bytes that do not continue a sequence.
      length = llvm::count_if(str.getValue(), [](char c) {
        return (static_cast<unsigned char>(c) & 0xC0) != 0x80;
      });
    else if (auto bytes = dyn_cast_or_null<BytesAttr>(constant))
      length = bytes.getValue().size();
    else if (auto tuple = arg.getDefiningOp<BuildTupleOp>())
      length = tuple->getNumOperands();
    else if (auto list = arg.getDefiningOp<BuildListOp>(); list && arg.hasOneUse())
      length = list->getNumOperands();
    TGBuilder b(rewriter, call, state);
    if (Value tensor = getTensor(arg)) {
      auto type = cast<RankedTensorType>(tensor.getType());
      if (type.getRank() == 0)
        return failure();
      length = type.getDimSize(0);
      b.assumeGuardsOf(tensor);
    }
    else if (std::optional<int64_t> size = getModuleContainerSize(state.resolve.env, arg))
      length = size;
    if (!length)
      return failure();
    rewriter.replaceOp(call, b.constantInt(*length));
    if (load->use_empty())
      rewriter.eraseOp(load);
    return success();
  }
};

/// -1, 0 or 1 as Python orders two constant numbers, where it is certain.
std::optional<int> compareNumbers(Attribute a, Attribute b) {
  auto asInt = [](Attribute attr) -> std::optional<llvm::APInt> {
    if (auto i = dyn_cast<IntAttr>(attr))
      return i.getValue();
    if (auto flag = dyn_cast<BoolAttr>(attr))
      return llvm::APInt(2, flag.getValue() ? 1 : 0, /*isSigned=*/true);
    return std::nullopt;
  };
  auto asDouble = [&](Attribute attr) -> std::optional<double> {
    if (auto f = dyn_cast<FloatAttr>(attr); f && f.getType().isF64())
      return f.getValueAsDouble();
    // Exact only for ints that a double holds.
    if (std::optional<llvm::APInt> i = asInt(attr); i && i->getSignificantBits() <= 53)
      return static_cast<double>(i->getSExtValue());
    return std::nullopt;
  };
  std::optional<llvm::APInt> ia = asInt(a), ib = asInt(b);
  if (ia && ib) {
    unsigned width = std::max(ia->getBitWidth(), ib->getBitWidth());
    llvm::APInt x = ia->sext(width), y = ib->sext(width);
    return x.slt(y) ? -1 : (x == y ? 0 : 1);
  }
  std::optional<double> da = asDouble(a), db = asDouble(b);
  if (!da || !db || std::isnan(*da) || std::isnan(*db))
    return std::nullopt;
  return *da < *db ? -1 : (*da == *db ? 0 : 1);
}

/// The builtins `abs`, `min`, `max` and `sum` where Python's answer is
/// certain: `abs` of a constant number or of a tensor (`tg.abs`), `min` and
/// `max` of constant numbers (given as arguments or as one known sequence;
/// the first extreme wins, as in Python), and `sum` of a known sequence as
/// the additions Python makes (`0 + a + b`), so tensors add as tg ops. A
/// float constant in `sum` stays: 3.12 sums floats with compensation.
/// `float(c)` of a constant as Python computes it: a float is itself, an
/// int or bool rounds to nearest, a string is parsed (parseFloatLiteral;
/// the rare forms with underscores are left to Python). Nothing where
/// Python would raise.
std::optional<double> toFloat(Attribute constant) {
  if (auto f = dyn_cast_or_null<FloatAttr>(constant); f && f.getType().isF64())
    return f.getValueAsDouble();
  if (auto flag = dyn_cast_or_null<BoolAttr>(constant))
    return flag.getValue() ? 1.0 : 0.0;
  if (auto i = dyn_cast_or_null<IntAttr>(constant)) {
    APFloat value(APFloat::IEEEdouble());
    if (value.convertFromAPInt(i.getValue(), /*IsSigned=*/true,
                               APFloat::rmNearestTiesToEven) & APFloat::opOverflow)
      return std::nullopt;
    return value.convertToDouble();
  }
  auto str = dyn_cast_or_null<StringAttr>(constant);
  if (!str)
    return std::nullopt;
  std::optional<std::optional<double>> parsed = parseFloatLiteral(str.getValue());
  return parsed ? *parsed : std::nullopt;
}

/// `int(c)` of a constant as Python computes it: an int is itself, a bool
/// 0 or 1, a finite float truncated, a str read in base 10 (ASCII text).
/// Nothing where Python would raise.
std::optional<llvm::APInt> toInt(Attribute constant) {
  if (auto i = dyn_cast_or_null<IntAttr>(constant))
    return i.getValue();
  if (auto flag = dyn_cast_or_null<BoolAttr>(constant))
    return llvm::APInt(2, flag.getValue() ? 1 : 0, /*isSigned=*/true);
  if (auto f = dyn_cast_or_null<FloatAttr>(constant); f && f.getType().isF64()) {
    APFloat value = f.getValue();
    if (!value.isFinite())
      return std::nullopt;
    llvm::APSInt result(1100, /*isUnsigned=*/false);
    bool exact;
    value.convertToInteger(result, APFloat::rmTowardZero, &exact);
    return static_cast<llvm::APInt>(result);
  }
  auto str = dyn_cast_or_null<StringAttr>(constant);
  std::optional<std::optional<llvm::APInt>> parsed =
      str ? parseIntLiteral(str.getValue()) : std::nullopt;
  return parsed ? *parsed : std::nullopt;
}

struct FoldBuiltinCall : MapPattern<CallOp> {
  using MapPattern::MapPattern;

  LogicalResult matchAndRewrite(CallOp call, PatternRewriter &rewriter) const override {
    auto load = call.getCallee().getDefiningOp<LoadGlobalOp>();
    if (!load || !call.getKwnames().empty() ||
        !llvm::is_contained({"abs", "min", "max", "sum", "float", "int", "bool", "str", "repr"},
                            load.getName()) ||
        !state.resolve.env.isBuiltin(load.getName()))
      return failure();
    StringRef name = load.getName();
    ValueRange args = call.getArguments();
    Type objectType = call.getType();
    Location loc = call.getLoc();
    if (name == "float") {
      std::optional<double> value =
          args.empty() ? 0.0 : args.size() == 1 ? toFloat(getConstant(args[0])) : std::nullopt;
      if (!value)
        return failure();
      rewriter.replaceOpWithNewOp<ConstantOp>(call, objectType, rewriter.getF64FloatAttr(*value));
      return success();
    }
    if (name == "int") {
      std::optional<llvm::APInt> value = args.empty() ? llvm::APInt(2, 0)
                                         : args.size() == 1 ? toInt(getConstant(args[0]))
                                                            : std::nullopt;
      if (!value)
        return failure();
      rewriter.replaceOpWithNewOp<ConstantOp>(call, objectType,
                                              IntAttr::get(getContext(), *value));
      return success();
    }
    // `bool(c)`, `str(c)` and `repr(c)` of a constant are TO_BOOL and
    // FORMAT_VALUE's conversions, whose folders compute them.
    if (name == "bool" || name == "str" || name == "repr") {
      if (args.empty() && name != "repr") {
        Attribute empty = name == "bool" ? Attribute(rewriter.getBoolAttr(false))
                                         : Attribute(rewriter.getStringAttr(""));
        rewriter.replaceOpWithNewOp<ConstantOp>(call, objectType, empty);
        return success();
      }
      if (args.size() != 1 || !getConstant(args[0]))
        return failure();
      if (name == "bool")
        rewriter.replaceOpWithNewOp<ToBoolOp>(call, objectType, args[0]);
      else
        rewriter.replaceOpWithNewOp<ConvertValueOp>(
            call, objectType, name == "str" ? ConversionKind::str : ConversionKind::repr,
            args[0]);
      return success();
    }
    if (name == "abs") {
      if (args.size() != 1)
        return failure();
      if (Value tensor = getTensor(args[0])) {
        TGBuilder b(rewriter, call, state);
        Value result = b.createValue("tg.abs", tensor);
        if (!result)
          return failure();
        rewriter.replaceOp(call, b.toObject(result));
        return success();
      }
      Attribute constant = getConstant(args[0]);
      Attribute result;
      if (auto f = dyn_cast_or_null<FloatAttr>(constant); f && f.getType().isF64())
        result = rewriter.getF64FloatAttr(std::fabs(f.getValueAsDouble()));
      else if (auto i = dyn_cast_or_null<IntAttr>(constant))
        result = IntAttr::get(getContext(), i.getValue().sext(i.getValue().getBitWidth() + 1).abs());
      else if (auto flag = dyn_cast_or_null<BoolAttr>(constant))
        result = IntAttr::get(getContext(), flag.getValue() ? 1 : 0);
      if (!result)
        return failure();
      rewriter.replaceOpWithNewOp<ConstantOp>(call, objectType, result);
      return success();
    }
    // The items: the arguments, or the elements of the one sequence given
    // (values, or the attributes of a constant tuple).
    SmallVector<Value> items;
    SmallVector<Attribute> constants;
    if (args.size() == 1 || name == "sum") {
      if (args.empty() || args.size() > 2)
        return failure();
      if (std::optional<SmallVector<Value>> elements = getElements(args[0]))
        items = *elements;
      else if (auto tuple = dyn_cast_or_null<ArrayAttr>(getConstant(args[0])))
        llvm::append_range(constants, tuple.getValue());
      else
        return failure();
    } else {
      llvm::append_range(items, args);
    }
    for (Value item : items)
      constants.push_back(getConstant(item));
    if (name == "sum") {
      for (auto [i, constant] : llvm::enumerate(constants))
        if (!isa_and_present<IntAttr, BoolAttr>(constant) && !(i < items.size() && getTensor(items[i])))
          return failure();
      Value total = args.size() == 2 ? args[1]
                                     : rewriter.create<ConstantOp>(loc, objectType,
                                                                   IntAttr::get(getContext(), 0));
      for (auto [i, constant] : llvm::enumerate(constants)) {
        Value item = i < items.size() ? items[i]
                                      : rewriter.create<ConstantOp>(loc, objectType, constant);
        total = rewriter.create<BinaryOp>(loc, objectType, BinaryOpKind::add, total, item);
      }
      rewriter.replaceOp(call, total);
      return success();
    }
    // min() of nothing raises; only numbers are ordered here.
    if (constants.empty() ||
        llvm::any_of(constants, [](Attribute c) { return !c || !compareNumbers(c, c); }))
      return failure();
    size_t best = 0;
    for (size_t i = 1; i < constants.size(); ++i) {
      std::optional<int> order = compareNumbers(constants[i], constants[best]);
      if (!order)
        return failure();
      if (*order == (name == "max" ? 1 : -1))
        best = i;
    }
    if (best < items.size())
      rewriter.replaceOp(call, items[best]);
    else
      rewriter.replaceOpWithNewOp<ConstantOp>(call, objectType, constants[best]);
    return success();
  }
};

/// `[a, b] + extend(t)` of a known tuple, right after the list is built, is
/// the list of all the elements: how CPython 3.12+ builds a list display of
/// three or more constants (`BUILD_LIST 0; LIST_EXTEND (2, 2, 6)`).
struct FoldListExtend : OpRewritePattern<ListExtendOp> {
  using OpRewritePattern::OpRewritePattern;

  LogicalResult matchAndRewrite(ListExtendOp extend, PatternRewriter &rewriter) const override {
    Value list = extend->getOperand(0), items = extend->getOperand(1);
    auto build = list.getDefiningOp<BuildListOp>();
    if (!build || build->getBlock() != extend->getBlock())
      return failure();
    SmallVector<Value> elements(build->getOperands());
    if (auto tuple = dyn_cast_or_null<ArrayAttr>(getConstant(items))) {
      if (!isPythonConstant(tuple))
        return failure();
    } else if (!items.getDefiningOp<BuildTupleOp>()) {
      return failure();
    }
    // Nothing between the build and the extend sees the list.
    for (Operation *user : list.getUsers())
      if (user != extend && !extend->isBeforeInBlock(user))
        return failure();
    rewriter.setInsertionPoint(extend);
    if (auto tuple = dyn_cast_or_null<ArrayAttr>(getConstant(items))) {
      for (Attribute element : tuple)
        elements.push_back(rewriter.create<ConstantOp>(extend.getLoc(), list.getType(), element));
    } else {
      llvm::append_range(elements, items.getDefiningOp()->getOperands());
    }
    auto merged = rewriter.create<BuildListOp>(build.getLoc(), list.getType(), elements);
    rewriter.replaceUsesWithIf(list, merged.getResult(),
                               [&](OpOperand &use) { return use.getOwner() != extend; });
    rewriter.eraseOp(extend);
    rewriter.eraseOp(build);
    return success();
  }
};

/// A list that one block builds, changes (`append`, `extend` by known
/// items, `clear`) and reads is a value at each read: every read gets the
/// list as it is then, built anew (as `copy()` does), and the changes go.
/// Dynamo's ListVariable, in SSA.
/// Changes are `append`, `extend`, `clear`, `copy` and `l[i] = v` with a
/// constant index in range.
/// Reads are the ones that neither keep nor change the list: subscripts,
/// `len`, iteration, unpacking, `in`, `tuple(...)`, the arguments of torch
/// functions, and returning it. Anything else (a user call, putting it in
/// another container) could alias it, and the list stays as it is.
///
/// The pattern matches the changes as well as the build: a loop unrolled
/// after the list was built merges its blocks into the build's without
/// visiting the build again.
struct ForwardListContents : RewritePattern {
  ForwardListContents(StringRef root, MLIRContext *context, MapperState &state)
      : RewritePattern(root, /*benefit=*/1, context), state(state) {}
  MapperState &state;

  static void add(RewritePatternSet &set, MLIRContext *context, MapperState &state) {
    for (StringRef root : {BuildListOp::getOperationName(), ListAppendOp::getOperationName(),
                           ListExtendOp::getOperationName(), SetItemOp::getOperationName(),
                           GetAttrOp::getOperationName()})
      set.add(std::make_unique<ForwardListContents>(root, context, state));
  }

  LogicalResult matchAndRewrite(Operation *op, PatternRewriter &rewriter) const override {
    if (auto build = dyn_cast<BuildListOp>(op))
      return forward(build, rewriter);
    bool change = isa<ListAppendOp, ListExtendOp, SetItemOp>(op);
    if (auto attr = dyn_cast<GetAttrOp>(op))
      change = llvm::is_contained({"append", "extend", "clear", "copy"}, attr.getName());
    auto build = change ? op->getOperand(0).getDefiningOp<BuildListOp>() : BuildListOp();
    return build ? forward(build, rewriter) : failure();
  }

  /// Whether `tuple`, a tuple display, is only returned, as it is or in
  /// other tuple displays: the lists it holds are read where the function
  /// returns.
  static bool isOnlyReturned(Operation *tuple, unsigned depth = 0) {
    return depth < 8 && isa<BuildTupleOp>(tuple) &&
           llvm::all_of(tuple->getUsers(), [&](Operation *user) {
             return isa<ReturnOp>(user) || isOnlyReturned(user, depth + 1);
           });
  }

  /// Where `use` reads the list without keeping or changing it.
  bool isRead(OpOperand &use) const {
    Operation *user = use.getOwner();
    if (isa<LenOp, GetIterOp, UnpackSequenceOp, ListToTupleOp, ReturnOp>(user) ||
        isOnlyReturned(user) || isContentsHolder(state.resolve.env, use))
      return true;
    if (isa<GetItemOp>(user))
      return use.getOperandNumber() == 0;
    if (auto contains = dyn_cast<ContainsOp>(user))
      return use.get() == contains.getContainer() && use.get() != contains.getItem();
    auto call = dyn_cast<CallOp>(user);
    if (!call || call.getCallee() == use.get())
      return false;
    if (auto load = call.getCallee().getDefiningOp<LoadGlobalOp>())
      return llvm::is_contained({"len", "tuple", "list", "sum", "min", "max", "any", "all"},
                                load.getName()) &&
             state.resolve.env.isBuiltin(load.getName());
    auto name = getQualifiedName(call.getCallee());
    return name && StringRef(name->first).starts_with("torch.");
  }

  /// The call `list.append(x)`, `list.extend(x)`, `list.clear()` or
  /// `list.copy()` that `use` starts.
  CallOp getMethodCall(OpOperand &use, StringRef &method) const {
    auto attr = dyn_cast<GetAttrOp>(use.getOwner());
    if (!attr || !attr->hasOneUse() ||
        !llvm::is_contained({"append", "extend", "clear", "copy"}, attr.getName()))
      return {};
    auto call = dyn_cast<CallOp>(*attr->user_begin());
    size_t arity = llvm::is_contained({"clear", "copy"}, attr.getName()) ? 0 : 1;
    if (!call || call.getCallee() != attr.getResult() || call->getBlock() != attr->getBlock() ||
        call.getArguments().size() != arity || !call.getKwnames().empty())
      return {};
    method = attr.getName();
    return call;
  }

  /// The elements `extend` adds, where they are known.
  static std::optional<SmallVector<Value>> getExtension(Value items, PatternRewriter *rewriter,
                                                        Location loc) {
    if (auto tuple = dyn_cast_or_null<ArrayAttr>(getConstant(items))) {
      if (!isPythonConstant(tuple))
        return std::nullopt;
      SmallVector<Value> elements;
      if (rewriter)
        for (Attribute element : tuple)
          elements.push_back(rewriter->create<ConstantOp>(loc, items.getType(), element));
      return elements;
    }
    if (auto tuple = items.getDefiningOp<BuildTupleOp>())
      return SmallVector<Value>(tuple->getOperands());
    return std::nullopt;
  }

  LogicalResult forward(BuildListOp build, PatternRewriter &rewriter) const {
    Value list = build.getResult();
    Block *block = build->getBlock();
    // Each use is a read or a change; changes are in the build's block, so
    // reads in other blocks, which run after it, see the list as the block
    // leaves it.
    size_t numUses = 0, numReads = 0;
    SmallVector<OpOperand *> lateReads;
    for (OpOperand &use : list.getUses()) {
      Operation *user = use.getOwner();
      if (user->getBlock() != block) {
        if (!isRead(use))
          return failure();
        lateReads.push_back(&use);
        continue;
      }
      ++numUses;
      StringRef method;
      Value added;
      if (isa<ListAppendOp, ListExtendOp>(user) && use.getOperandNumber() == 0)
        added = user->getOperand(1);
      else if (auto store = dyn_cast<SetItemOp>(user);
               store && use.getOperandNumber() == 0 && getInt(store.getKey()))
        added = store.getValue();
      else if (CallOp call = getMethodCall(use, method))
        added = call.getArguments().empty() ? Value() : call.getArguments()[0];
      else if (isRead(use)) {
        // A returned tuple shows the list as the function leaves it: no
        // change may follow.
        if (isOnlyReturned(user))
          for (Operation *next = user->getNextNode(); next; next = next->getNextNode())
            for (OpOperand &later : next->getOpOperands())
              if (later.get() == list && !isRead(later))
                return failure();
        ++numReads;
        continue;
      } else {
        return failure();
      }
      if (added == list)
        return failure();
      bool extend = isa<ListExtendOp>(user) || method == "extend";
      if (extend && !getExtension(added, nullptr, user->getLoc()))
        return failure();
    }
    // Nothing to do for a list read once as it was built.
    if (numReads == numUses && numReads + lateReads.size() <= 1)
      return failure();
    // `l[i] = v` out of range raises IndexError: the list stays for
    // RaiseListAssignIndexError (the lengths are known in block order).
    int64_t length = build.getElements().size();
    for (Operation *op = build->getNextNode(); op; op = op->getNextNode()) {
      if (isa<ListAppendOp>(op) && op->getOperand(0) == list) {
        ++length;
      } else if (isa<ListExtendOp>(op) && op->getOperand(0) == list) {
        length += getExtension(op->getOperand(1), nullptr, op->getLoc())->size();
      } else if (auto store = dyn_cast<SetItemOp>(op); store && store.getObject() == list) {
        int64_t index = *getInt(store.getKey());
        if (index < -length || index >= length)
          return failure();
      } else if (auto call = dyn_cast<CallOp>(op)) {
        auto attr = call.getCallee().getDefiningOp<GetAttrOp>();
        if (attr && attr.getObject() == list && attr.getName() == "clear")
          length = 0;
        else if (attr && attr.getObject() == list && attr.getName() == "append")
          ++length;
        else if (attr && attr.getObject() == list && attr.getName() == "extend")
          length += getExtension(call.getArguments()[0], nullptr, call.getLoc())->size();
      }
    }

    SmallVector<Value> elements(build->getOperands());
    SmallVector<Operation *> changes;
    size_t seen = 0;
    for (Operation *op = build->getNextNode(); op && seen < numUses;) {
      Operation *next = op->getNextNode();
      for (OpOperand &use : llvm::make_early_inc_range(op->getOpOperands())) {
        if (use.get() != list)
          continue;
        ++seen;
        StringRef method;
        if (isa<ListAppendOp, ListExtendOp>(op) && use.getOperandNumber() == 0) {
          rewriter.setInsertionPoint(op);
          if (isa<ListAppendOp>(op))
            elements.push_back(op->getOperand(1));
          else
            llvm::append_range(elements, *getExtension(op->getOperand(1), &rewriter, op->getLoc()));
          changes.push_back(op);
        } else if (auto store = dyn_cast<SetItemOp>(op);
                   store && use.getOperandNumber() == 0 && getInt(store.getKey())) {
          int64_t index = *getInt(store.getKey());
          int64_t size = elements.size();
          elements[index < 0 ? index + size : index] = store.getValue();
          changes.push_back(op);
        } else if (CallOp call = getMethodCall(use, method)) {
          rewriter.setInsertionPoint(call);
          if (method == "copy") {
            // A new list of the elements as they are now.
            if (next == call.getOperation())
              next = next->getNextNode();
            rewriter.replaceOpWithNewOp<BuildListOp>(call, call.getType(), elements);
            changes.push_back(op);
            continue;
          }
          if (method == "clear")
            elements.clear();
          else if (method == "append")
            elements.push_back(call.getArguments()[0]);
          else
            llvm::append_range(elements,
                               *getExtension(call.getArguments()[0], &rewriter, call.getLoc()));
          // The methods return None; the call goes with the read of the
          // method.
          if (next == call.getOperation())
            next = next->getNextNode();
          rewriter.replaceOpWithNewOp<ConstantOp>(call, call.getType(),
                                                  NoneAttr::get(rewriter.getContext()));
          changes.push_back(op);
        } else {
          rewriter.setInsertionPoint(op);
          Value snapshot = rewriter.create<BuildListOp>(build.getLoc(), list.getType(), elements);
          rewriter.modifyOpInPlace(op, [&] { use.set(snapshot); });
        }
      }
      op = next;
    }
    for (OpOperand *use : lateReads) {
      rewriter.setInsertionPoint(use->getOwner());
      Value snapshot = rewriter.create<BuildListOp>(build.getLoc(), list.getType(), elements);
      rewriter.modifyOpInPlace(use->getOwner(), [&] { use->set(snapshot); });
    }
    for (Operation *op : changes)
      rewriter.eraseOp(op);
    rewriter.eraseOp(build);
    return success();
  }
};

/// `t[i]` of a constant tuple (as `x.shape[0]` gives) or of a tuple or list
/// built in the code (`args[0]`, `pair[1]`, `outs[-1]`), with a constant
/// index in range.
struct FoldConstantSubscript : OpRewritePattern<GetItemOp> {
  using OpRewritePattern::OpRewritePattern;

  LogicalResult matchAndRewrite(GetItemOp op, PatternRewriter &rewriter) const override {
    std::optional<int64_t> index = getInt(op.getKey());
    auto tuple = dyn_cast_or_null<ArrayAttr>(getConstant(op.getObject()));
    std::optional<SmallVector<Value>> built = getElements(op.getObject());
    if (!index || (!tuple && !built))
      return failure();
    int64_t size = tuple ? tuple.size() : built->size();
    if (*index < -size || *index >= size)
      return failure();
    int64_t position = *index < 0 ? *index + size : *index;
    if (tuple)
      rewriter.replaceOpWithNewOp<ConstantOp>(op, op.getType(), tuple[position]);
    else
      rewriter.replaceOp(op, (*built)[position]);
    return success();
  }
};

/// `t[a:b:c]` of a tuple built in the code or a constant tuple (a tuple),
/// or of a list nothing else sees (a new list), with constant bounds.
struct FoldConstantSlice : OpRewritePattern<GetItemOp> {
  using OpRewritePattern::OpRewritePattern;

  LogicalResult matchAndRewrite(GetItemOp op, PatternRewriter &rewriter) const override {
    auto slice = op.getKey().getDefiningOp<BuildSliceOp>();
    if (!slice)
      return failure();
    auto bound = [](Value value) -> std::optional<std::optional<int64_t>> {
      if (!value || isNone(value))
        return std::optional<int64_t>();
      if (std::optional<int64_t> i = getInt(value))
        return std::optional<int64_t>(*i);
      return std::nullopt;
    };
    auto start = bound(slice.getStart()), stop = bound(slice.getStop()),
         step = bound(slice.getStep());
    if (!start || !stop || !step || (*step && **step == 0))
      return failure();
    SmallVector<Value> elements;
    auto tuple = dyn_cast_or_null<ArrayAttr>(getConstant(op.getObject()));
    if (tuple) {
      for (Attribute element : tuple)
        elements.push_back(rewriter.create<ConstantOp>(op.getLoc(), op.getType(), element));
    } else if (std::optional<SmallVector<Value>> built = getElements(op.getObject())) {
      elements = *built;
    } else {
      return failure();
    }
    // CPython's PySlice_AdjustIndices.
    int64_t length = elements.size(), by = step->value_or(1);
    auto adjust = [&](std::optional<int64_t> index, int64_t fallback) {
      if (!index)
        return fallback;
      int64_t i = *index;
      if (i < 0)
        i = std::max<int64_t>(i + length, by < 0 ? -1 : 0);
      else if (i >= length)
        i = by < 0 ? length - 1 : length;
      return i;
    };
    int64_t from = adjust(*start, by < 0 ? length - 1 : 0);
    int64_t to = adjust(*stop, by < 0 ? -1 : length);
    SmallVector<Value> picked;
    for (int64_t i = from; by > 0 ? i < to : i > to; i += by)
      picked.push_back(elements[i]);
    if (isa_and_present<BuildListOp>(op.getObject().getDefiningOp()))
      rewriter.replaceOpWithNewOp<BuildListOp>(op, op.getType(), picked);
    else
      rewriter.replaceOpWithNewOp<BuildTupleOp>(op, op.getType(), picked);
    return success();
  }
};

/// An item of `*args` (a sequence under SEQUENCE_LENGTH) in range cannot
/// raise: unread, it goes (its own guard already did, unused).
struct EraseUnusedGuardedItem : OpRewritePattern<GetItemOp> {
  using OpRewritePattern::OpRewritePattern;

  LogicalResult matchAndRewrite(GetItemOp op, PatternRewriter &rewriter) const override {
    auto guard = op.getObject().getDefiningOp<tg::GuardLengthOp>();
    std::optional<int64_t> index = getInt(op.getKey());
    if (!op->use_empty() || !guard || !index)
      return failure();
    int64_t length = guard.getLength();
    if (*index < -length || *index >= length)
      return failure();
    rewriter.eraseOp(op);
    return success();
  }
};

/// A method of a list display read and never called (the call's arguments
/// raised first, as `out.append(a + b)` does where `a + b` raises): a read
/// that cannot raise (see cannotRaise), unread, goes.
struct EraseUnusedListMethod : MapPattern<GetAttrOp> {
  using MapPattern::MapPattern;

  LogicalResult matchAndRewrite(GetAttrOp op, PatternRewriter &rewriter) const override {
    if (!op->use_empty() || !op.getObject().getDefiningOp<BuildListOp>() ||
        !cannotRaise(state.resolve.env, op))
      return failure();
    rewriter.eraseOp(op);
    return success();
  }
};

/// The items of a constant tuple, or the characters of a constant ASCII
/// str (one str each).
std::optional<SmallVector<Attribute>> getConstantItems(Value value) {
  Attribute constant = getConstant(value);
  if (auto tuple = dyn_cast_or_null<ArrayAttr>(constant))
    return SmallVector<Attribute>(tuple.getValue());
  auto text = dyn_cast_or_null<StringAttr>(constant);
  if (!text || !llvm::all_of(text.getValue(), [](char c) { return llvm::isASCII(c); }))
    return std::nullopt;
  SmallVector<Attribute> characters;
  for (char c : text.getValue())
    characters.push_back(StringAttr::get(value.getContext(), StringRef(&c, 1)));
  return characters;
}

/// `a, b = t` of a constant tuple or str, a tuple built in the code, or a
/// list nothing else sees, of the right length (`b, n, d = x.shape`).
struct FoldUnpackSequence : OpRewritePattern<UnpackSequenceOp> {
  using OpRewritePattern::OpRewritePattern;

  LogicalResult matchAndRewrite(UnpackSequenceOp op, PatternRewriter &rewriter) const override {
    SmallVector<Value> values;
    if (std::optional<SmallVector<Attribute>> items = getConstantItems(op.getValue())) {
      if (items->size() != op.getCount())
        return failure();
      for (Attribute element : *items)
        values.push_back(rewriter.create<ConstantOp>(op.getLoc(), op.getValue().getType(), element));
    } else if (std::optional<SmallVector<Value>> elements = getElements(op.getValue())) {
      // Of the wrong length, Python raises ValueError: left for Python.
      if (elements->size() != static_cast<size_t>(op.getCount()))
        return failure();
      values = *elements;
    } else {
      return failure();
    }
    rewriter.replaceOp(op, values);
    return success();
  }
};

/// `a, *rest, b = t` of the same sequences: the leading and trailing
/// elements, and a new list of those between.
struct FoldUnpackEx : OpRewritePattern<UnpackExOp> {
  using OpRewritePattern::OpRewritePattern;

  LogicalResult matchAndRewrite(UnpackExOp op, PatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    Type objectType = op.getValue().getType();
    std::optional<SmallVector<Attribute>> items = getConstantItems(op.getValue());
    std::optional<SmallVector<Value>> known = getElements(op.getValue());
    int64_t before = op.getBefore(), after = op.getAfter();
    // Too few elements: Python's ValueError, left for Python.
    int64_t size = items ? items->size() : known ? known->size() : -1;
    if (size < before + after)
      return failure();
    SmallVector<Value> elements;
    if (items) {
      for (Attribute element : *items)
        elements.push_back(rewriter.create<ConstantOp>(loc, objectType, element));
    } else {
      elements = *known;
    }
    ArrayRef<Value> all = elements;
    SmallVector<Value> values(all.take_front(before));
    values.push_back(rewriter.create<BuildListOp>(
        loc, objectType, all.drop_front(before).drop_back(after)));
    llvm::append_range(values, all.take_back(after));
    rewriter.replaceOp(op, values);
    return success();
  }
};

/// `a is b` where both are known: a value is itself; None, bools and
/// Ellipsis by value; a
/// tensor, an object of the environment or another constant is not None;
/// two objects of the environment are one object when they are one symbol.
struct FoldIdentity : MapPattern<IsOp> {
  using MapPattern::MapPattern;

  LogicalResult matchAndRewrite(IsOp op, PatternRewriter &rewriter) const override {
    auto singleton = [](Attribute a) { return isa_and_present<NoneAttr, BoolAttr, EllipsisAttr>(a); };
    auto identity = [&](Value v) -> Attribute {
      if (Attribute c = getConstant(v); singleton(c))
        return c;
      if (auto guard = v.getDefiningOp<tg::GuardIdOp>())
        if (getEnvironmentSymbol(state.resolve.env, v))
          return guard.getObject();
      return {};
    };
    // A value known to be none of the singletons.
    auto other = [&](Value v) {
      Attribute c = getConstant(v);
      return getTensor(v) || (c && !singleton(c) && isPythonConstant(c)) ||
             getEnvironmentSymbol(state.resolve.env, v);
    };
    Attribute lhs = identity(op.getLhs()), rhs = identity(op.getRhs());
    std::optional<bool> same;
    if (op.getLhs() == op.getRhs())
      same = true;
    else if (lhs && rhs)
      same = lhs == rhs;
    else if ((singleton(lhs) && other(op.getRhs())) || (singleton(rhs) && other(op.getLhs())))
      same = false;
    if (!same)
      return failure();
    rewriter.replaceOpWithNewOp<ConstantOp>(op, op.getType(),
                                            rewriter.getBoolAttr(*same != op.getNegated()));
    return success();
  }
};

/// `x in s` of constant strings: a substring. (Tuples, lists and sets of
/// constants are the dict folds', which share Python's `==` of keys.)
struct FoldContains : OpRewritePattern<ContainsOp> {
  using OpRewritePattern::OpRewritePattern;

  LogicalResult matchAndRewrite(ContainsOp op, PatternRewriter &rewriter) const override {
    auto needle = dyn_cast_or_null<StringAttr>(getConstant(op.getItem()));
    auto text = dyn_cast_or_null<StringAttr>(getConstant(op.getContainer()));
    if (!needle || !text)
      return failure();
    bool found = text.getValue().contains(needle.getValue());
    rewriter.replaceOpWithNewOp<ConstantOp>(op, op.getType(),
                                            rewriter.getBoolAttr(found != op.getNegated()));
    return success();
  }
};

/// The elements of a sequence the code iterates, when they are known: a
/// constant tuple, a tuple or list built in the code (and used for nothing
/// else), `range` of constant ints, `enumerate` and `zip` of known sequences
/// (where they are the builtins), or the modules of a known `nn.ModuleList`
/// or `nn.Sequential` (read by index). Without a rewriter, only whether they
/// are known: the result then holds as many null values.
std::optional<SmallVector<Value>> getIteratedElements(const Environment &env, Value sequence,
                                                      PatternRewriter *rewriter,
                                                      Location loc) {
  Type objectType = ObjectType::get(sequence.getContext());
  MLIRContext *context = sequence.getContext();
  auto constantInt = [&](int64_t i) -> Value {
    return rewriter ? rewriter->create<ConstantOp>(loc, objectType, IntAttr::get(context, i))
                    : Value();
  };
  if (std::optional<int64_t> size = getModuleContainerSize(env, sequence)) {
    if (*size > static_cast<int64_t>(kMaxUnroll))
      return std::nullopt;
    SmallVector<Value> elements;
    for (int64_t i = 0; i < *size; ++i)
      elements.push_back(rewriter ? rewriter->create<GetItemOp>(loc, objectType, sequence,
                                                                constantInt(i))
                                  : Value());
    return elements;
  }
  if (auto tuple = dyn_cast_or_null<ArrayAttr>(getConstant(sequence))) {
    if (tuple.size() > kMaxUnroll)
      return std::nullopt;
    SmallVector<Value> elements;
    for (Attribute element : tuple)
      elements.push_back(rewriter ? rewriter->create<ConstantOp>(loc, objectType, element)
                                  : Value());
    return elements;
  }
  if (std::optional<SmallVector<Value>> elements = getElements(sequence))
    if (sequence.hasOneUse() && elements->size() <= kMaxUnroll)
      return elements;
  if (std::optional<SmallVector<Value>> elements =
          getDictIteration(env, sequence, rewriter, loc))
    return elements->size() <= kMaxUnroll ? elements : std::nullopt;
  auto call = sequence.getDefiningOp<CallOp>();
  auto load = call ? call.getCallee().getDefiningOp<LoadGlobalOp>() : LoadGlobalOp();
  if (!load || !call.getKwnames().empty() || !sequence.hasOneUse() ||
      !env.isBuiltin(load.getName()))
    return std::nullopt;
  ValueRange args = call.getArguments();
  if (load.getName() == "enumerate" && (args.size() == 1 || args.size() == 2)) {
    std::optional<int64_t> start = args.size() == 2 ? getInt(args[1]) : 0;
    std::optional<SmallVector<Value>> items =
        start ? getIteratedElements(env, args[0], rewriter, loc) : std::nullopt;
    if (!items)
      return std::nullopt;
    if (!rewriter)
      return items;
    SmallVector<Value> pairs;
    for (auto [i, item] : llvm::enumerate(*items)) {
      Value index = constantInt(*start + static_cast<int64_t>(i));
      pairs.push_back(rewriter->create<BuildTupleOp>(loc, objectType, ValueRange{index, item}));
    }
    return pairs;
  }
  if (load.getName() == "zip" && !args.empty()) {
    // zip stops at the shortest sequence.
    SmallVector<SmallVector<Value>> columns;
    size_t length = kMaxUnroll;
    for (Value arg : args) {
      std::optional<SmallVector<Value>> items = getIteratedElements(env, arg, rewriter, loc);
      if (!items)
        return std::nullopt;
      length = std::min(length, items->size());
      columns.push_back(std::move(*items));
    }
    SmallVector<Value> rows;
    for (size_t i = 0; i < length; ++i) {
      SmallVector<Value> row;
      for (SmallVector<Value> &column : columns)
        row.push_back(column[i]);
      rows.push_back(rewriter ? rewriter->create<BuildTupleOp>(loc, objectType, row) : Value());
    }
    return rows;
  }
  if (load.getName() != "range" || args.empty() || args.size() > 3)
    return std::nullopt;
  SmallVector<int64_t> bounds;
  for (Value arg : args) {
    std::optional<int64_t> i = getInt(arg);
    if (!i)
      return std::nullopt;
    bounds.push_back(*i);
  }
  int64_t start = bounds.size() > 1 ? bounds[0] : 0;
  int64_t stop = bounds.size() > 1 ? bounds[1] : bounds[0];
  int64_t step = bounds.size() > 2 ? bounds[2] : 1;
  if (step == 0)
    return std::nullopt;
  int64_t count = step > 0 ? (stop - start + step - 1) / step
                           : (start - stop - step - 1) / -step;
  if (count > static_cast<int64_t>(kMaxUnroll))
    return std::nullopt;
  SmallVector<Value> elements;
  for (int64_t i = start; step > 0 ? i < stop : i > stop; i += step)
    elements.push_back(constantInt(i));
  return elements;
}

/// Erases `op` if nothing uses it and it only made a sequence to iterate: a
/// tuple or list, or a call of the builtin `range`, `enumerate` or `zip`
/// (whose load cannot raise), and in turn the sequences it was given and the
/// attributes of known modules it held.
void eraseIteratedSequence(Operation *op, PatternRewriter &rewriter) {
  if (!op || !op->use_empty())
    return;
  SmallVector<Value> operands(op->getOperands());
  if (auto call = dyn_cast<CallOp>(op)) {
    auto load = call.getCallee().getDefiningOp<LoadGlobalOp>();
    if (!load || !llvm::is_contained({"range", "enumerate", "zip"}, load.getName()))
      return eraseDictView(op, rewriter);
  } else if (!isa<BuildTupleOp, BuildListOp>(op)) {
    return;
  }
  rewriter.eraseOp(op);
  for (Value operand : operands) {
    Operation *def = operand.getDefiningOp();
    if (!def || !def->use_empty())
      continue;
    if (isa<LoadGlobalOp>(def) || (isa<GetAttrOp>(def) && getQualifiedName(def->getResult(0))))
      rewriter.eraseOp(def);
    else
      eraseIteratedSequence(def, rewriter);
  }
}

/// `list(it)` and `tuple(it)` of the builtins, where what iterating `it`
/// yields is known (see getIteratedElements), are displays of the elements;
/// `LIST_TO_TUPLE` of a list nothing else sees is a tuple display; `str(c)`
/// and `repr(c)` of a constant whose text is certain fold (see PyRepr.h).
struct FoldSequenceCall : MapPattern<CallOp> {
  using MapPattern::MapPattern;

  LogicalResult matchAndRewrite(CallOp call, PatternRewriter &rewriter) const override {
    auto load = call.getCallee().getDefiningOp<LoadGlobalOp>();
    const Environment &env = state.resolve.env;
    if (!load || !call.getKwnames().empty() || call.getArguments().size() != 1 ||
        !llvm::is_contained({"list", "tuple", "str", "repr"}, load.getName()) ||
        !env.isBuiltin(load.getName()))
      return failure();
    Value arg = call.getArguments()[0];
    if (load.getName() == "str" || load.getName() == "repr") {
      Attribute constant = getConstant(arg);
      std::optional<std::string> text =
          load.getName() == "str" ? getPythonStr(constant) : getPythonRepr(constant);
      if (!text)
        return failure();
      rewriter.replaceOpWithNewOp<ConstantOp>(call, call.getType(), rewriter.getStringAttr(*text));
      return success();
    }
    if (!arg.hasOneUse() || !getIteratedElements(env, arg, nullptr, call.getLoc()))
      return failure();
    rewriter.setInsertionPoint(call);
    SmallVector<Value> elements = *getIteratedElements(env, arg, &rewriter, call.getLoc());
    if (load.getName() == "list")
      rewriter.replaceOpWithNewOp<BuildListOp>(call, call.getType(), elements);
    else
      rewriter.replaceOpWithNewOp<BuildTupleOp>(call, call.getType(), elements);
    eraseIteratedSequence(arg.getDefiningOp(), rewriter);
    return success();
  }
};

/// `iter(x)` of the builtin with one argument is GET_ITER.
struct FoldIterCall : MapPattern<CallOp> {
  using MapPattern::MapPattern;

  LogicalResult matchAndRewrite(CallOp call, PatternRewriter &rewriter) const override {
    LoadGlobalOp load = getBuiltinCall(state.resolve.env, call, "iter", 1);
    if (!load)
      return failure();
    rewriter.replaceOpWithNewOp<GetIterOp>(call, call.getType(), call.getArguments()[0]);
    if (load->use_empty())
      rewriter.eraseOp(load);
    return success();
  }
};

struct FoldListToTuple : OpRewritePattern<ListToTupleOp> {
  using OpRewritePattern::OpRewritePattern;

  LogicalResult matchAndRewrite(ListToTupleOp op, PatternRewriter &rewriter) const override {
    Value list = op->getOperand(0);
    auto build = list.getDefiningOp<BuildListOp>();
    if (!build || !list.hasOneUse())
      return failure();
    rewriter.replaceOpWithNewOp<BuildTupleOp>(op, op->getResult(0).getType(),
                                              build->getOperands());
    rewriter.eraseOp(build);
    return success();
  }
};

/// What the folder of `op`, a py op, computes from `operands`, without
/// changing the op: only the op's own folder runs (Operation::fold may also
/// reorder a commutative op's operands in place), and py folders only
/// compute.
LogicalResult foldPyOp(Operation *op, ArrayRef<Attribute> operands,
                       SmallVectorImpl<OpFoldResult> &results) {
  if (!isa<PyDialect>(op->getDialect()) || op->getNumRegions() != 0)
    return failure();
  return op->getName().foldHook(op, operands, results);
}

/// The constant `value` folds to from constants, through a few py ops that
/// fold (`py.truth(py.compare(...))`); null if it does not.
Attribute foldsTo(Value value, unsigned depth = 4) {
  Attribute attr;
  if (matchPattern(value, m_Constant(&attr)))
    return attr;
  Operation *op = value.getDefiningOp();
  if (!op || depth == 0 || op->getNumResults() != 1)
    return {};
  SmallVector<Attribute> operands;
  for (Value operand : op->getOperands()) {
    operands.push_back(foldsTo(operand, depth - 1));
    if (!operands.back())
      return {};
  }
  SmallVector<OpFoldResult> results;
  if (failed(foldPyOp(op, operands, results)) || results.size() != 1)
    return {};
  if (auto folded = dyn_cast<Attribute>(results[0]))
    return folded;
  return {};
}

/// A value of a loop that blocks after it use, and the exit those blocks are
/// reached through.
struct LiveOut {
  Value value;
  Block *exit;
  /// The uses after the loop that `exit` leads to.
  SmallVector<OpOperand *> uses;
};

/// The values of the loop used after it, each with the exit its uses are
/// reached through; none where such a use is reached through several
/// exits, or where `element` (a `for` loop's, and whether there is one) is
/// used after it.
std::optional<SmallVector<LiveOut>>
getLiveOuts(Block *header, const llvm::SetVector<Block *> &body,
            const llvm::SetVector<Block *> &exits, IterNextOp element, bool unrolling) {
  SmallVector<LiveOut> liveOuts;
  auto inLoop = [&](Block *block) { return block == header || body.contains(block); };
  // Unrolled, a loop that only the header leaves needs none: the header's
  // arguments become the last head's, and nothing else of the loop
  // dominates what follows.
  bool onlyHeader =
      unrolling && exits.size() == 1 && exits.front()->getSinglePredecessor() == header;
  std::optional<DominanceInfo> dominance;
  SmallVector<Block *> blocks(body.begin(), body.end());
  blocks.push_back(header);
  for (Block *block : blocks) {
    auto check = [&](Value value) -> bool {
      if (value.use_empty())
        return true;
      size_t first = liveOuts.size();
      for (OpOperand &use : value.getUses()) {
        Block *where = use.getOwner()->getBlock();
        if (inLoop(where))
          continue;
        if (element && (value == element.getValue() || value == element.getHasValue()))
          return false;
        if (onlyHeader)
          break;
        if (!dominance)
          dominance.emplace(header->getParentOp());
        // The one exit the use is reached through.
        Block *through = nullptr;
        for (Block *candidate : exits) {
          if (!dominance->dominates(candidate, where))
            continue;
          if (through)
            return false;
          through = candidate;
        }
        if (!through)
          return false;
        auto it = std::find_if(liveOuts.begin() + first, liveOuts.end(),
                               [&](const LiveOut &l) { return l.exit == through; });
        if (it == liveOuts.end()) {
          liveOuts.push_back({value, through, {}});
          it = liveOuts.end() - 1;
        }
        it->uses.push_back(&use);
      }
      return true;
    };
    for (BlockArgument arg : block->getArguments())
      if (!check(arg))
        return std::nullopt;
    for (Operation &op : *block)
      for (Value result : op.getResults())
        if (!check(result))
          return std::nullopt;
  }
  return liveOuts;
}

/// Gives each exit an argument per live-out it leads to, passed on every
/// edge from the loop, and makes the uses after the exit use it.
/// An edge from code outside the loop to an exit that a live-out leaves
/// through (a handler around the loop, which what follows the loop may
/// reach too), and what it passes for the live-out.
struct OutsideEdge {
  size_t liveOut;
  Block *pred;
  /// The live-out whose argument the edge passes; none for the value itself.
  std::optional<size_t> source;
};

/// What each outside edge passes: the value as the code there sees it, which
/// is the value's live-out at the one exit above the edge, or the value
/// itself past the loop's normal end (the unroller replaces a header value
/// there with the last iteration's). Adds the live-outs this needs; nothing
/// where an edge has no one exit above it.
std::optional<SmallVector<OutsideEdge>>
planOutsideEdges(SmallVectorImpl<LiveOut> &liveOuts, Block *header,
                 const llvm::SetVector<Block *> &body, const llvm::SetVector<Block *> &exits,
                 Block *normalExit) {
  auto inLoop = [&](Block *block) { return block == header || body.contains(block); };
  std::optional<DominanceInfo> dominance;
  SmallVector<OutsideEdge> edges;
  bool normalOnlyFromHeader = llvm::all_of(normalExit->getPredecessors(),
                                           [&](Block *pred) { return pred == header; });
  for (size_t i = 0; i < liveOuts.size(); ++i) {
    for (Block *pred : llvm::SetVector<Block *>(liveOuts[i].exit->pred_begin(),
                                                liveOuts[i].exit->pred_end())) {
      if (inLoop(pred))
        continue;
      if (!dominance)
        dominance.emplace(header->getParentOp());
      Block *above = nullptr;
      for (Block *candidate : exits) {
        if (!dominance->dominates(candidate, pred))
          continue;
        if (above)
          return std::nullopt;
        above = candidate;
      }
      if (!above)
        return std::nullopt;
      Value value = liveOuts[i].value;
      if (above == normalExit && normalOnlyFromHeader) {
        // Past the loop's normal end, a header value is the last
        // iteration's; nothing else of the loop reaches there.
        if (!llvm::is_contained(header->getArguments(), value))
          return std::nullopt;
        edges.push_back({i, pred, std::nullopt});
        continue;
      }
      auto it = llvm::find_if(liveOuts, [&](const LiveOut &other) {
        return other.value == value && other.exit == above;
      });
      size_t source = it - liveOuts.begin();
      if (it == liveOuts.end())
        liveOuts.push_back({value, above, {}});
      edges.push_back({i, pred, source});
      if (liveOuts.size() > 4 * kMaxUnroll)
        return std::nullopt;
    }
  }
  return edges;
}

/// Gives each exit an argument per live-out it leads to, passed on every
/// edge that reaches the exit (from the loop, the live-out; from outside it,
/// what planOutsideEdges found), and makes the uses after the exit use it.
void closeLoop(ArrayRef<LiveOut> liveOuts, ArrayRef<OutsideEdge> edges,
               function_ref<bool(Block *)> inLoop, PatternRewriter &rewriter) {
  SmallVector<BlockArgument> args;
  for (const LiveOut &liveOut : liveOuts)
    args.push_back(liveOut.exit->addArgument(liveOut.value.getType(), liveOut.value.getLoc()));
  for (size_t index = 0; index < liveOuts.size(); ++index) {
    const LiveOut &liveOut = liveOuts[index];
    Block *exit = liveOut.exit;
    llvm::SetVector<Block *> preds(exit->pred_begin(), exit->pred_end());
    for (Block *pred : preds) {
      Value passed = liveOut.value;
      if (!inLoop(pred)) {
        const OutsideEdge *edge = llvm::find_if(edges, [&](const OutsideEdge &e) {
          return e.liveOut == index && e.pred == pred;
        });
        if (edge->source)
          passed = args[*edge->source];
      }
      auto terminator = cast<BranchOpInterface>(pred->getTerminator());
      rewriter.modifyOpInPlace(terminator, [&] {
        for (unsigned i = 0; i < terminator->getNumSuccessors(); ++i)
          if (terminator->getSuccessor(i) == exit)
            terminator.getSuccessorOperands(i).append(passed);
      });
    }
    for (OpOperand *use : liveOut.uses)
      rewriter.modifyOpInPlace(use->getOwner(), [&] { use->set(args[index]); });
  }
}

/// Whether iterating `op`'s sequence cannot raise: `op` is the `range(...)`
/// call (or the load of the builtin it calls), `iter()` or `next()` of a
/// sequence whose elements are known.
bool isKnownIteration(const Environment &env, Operation *op) {
  if (auto load = dyn_cast<LoadGlobalOp>(op))
    return env.isBuiltin(load.getName()) && !load->use_empty() &&
           llvm::all_of(load->getUsers(), [&](Operation *user) {
             return isa<CallOp>(user) && isKnownIteration(env, user);
           });
  Value sequence;
  if (auto next = dyn_cast<IterNextOp>(op)) {
    auto iter = next.getIterator().getDefiningOp<GetIterOp>();
    sequence = iter ? iter.getValue() : Value();
  } else if (auto iter = dyn_cast<GetIterOp>(op)) {
    sequence = iter.getValue();
  } else if (isa<CallOp>(op) && op->hasOneUse() && isa<GetIterOp>(*op->user_begin())) {
    sequence = op->getResult(0);
  }
  return sequence && getIteratedElements(env, sequence, nullptr, op->getLoc());
}

/// A `for` loop under a `try` over a sequence whose elements are known:
/// starting and stepping it cannot raise, so its blocks keep no unwind edge
/// for it and the loop unrolls like any other.
struct DropUnwindEdgeOfKnownIteration : MapPattern<UnwindBranchOp> {
  using MapPattern::MapPattern;

  LogicalResult matchAndRewrite(UnwindBranchOp branch,
                                PatternRewriter &rewriter) const override {
    const Environment &env = state.resolve.env;
    bool iterates = false;
    bool raises = mayRaiseBefore(branch, [&](Operation *op) {
      bool known = isKnownIteration(env, op);
      iterates |= known;
      return known || cannotRaise(env, op);
    });
    if (raises || !iterates)
      return failure();
    rewriter.replaceOpWithNewOp<cf::BranchOp>(branch, branch.getDest(), branch.getDestOperands());
    return success();
  }
};

/// The one `next()` of an iterator in the block that made it (a loop whose
/// body never comes back, as one that always raises): the sequence's first
/// element, or none.
struct FoldFirstIteration : MapPattern<IterNextOp> {
  using MapPattern::MapPattern;

  LogicalResult matchAndRewrite(IterNextOp next, PatternRewriter &rewriter) const override {
    auto iter = next.getIterator().getDefiningOp<GetIterOp>();
    const Environment &env = state.resolve.env;
    if (!iter || !iter->hasOneUse() || iter->getBlock() != next->getBlock() ||
        !getIteratedElements(env, iter.getValue(), nullptr, next.getLoc()))
      return failure();
    rewriter.setInsertionPoint(next);
    Value sequence = iter.getValue();
    SmallVector<Value> elements =
        *getIteratedElements(env, sequence, &rewriter, next.getLoc());
    Value value = elements.empty()
                      ? rewriter.create<NullOp>(next.getLoc(), next.getValue().getType())
                      : elements.front();
    Value hasValue = rewriter.create<arith::ConstantOp>(
        next.getLoc(), rewriter.getBoolAttr(!elements.empty()));
    rewriter.replaceOp(next, {value, hasValue});
    rewriter.eraseOp(iter);
    eraseIteratedSequence(sequence.getDefiningOp(), rewriter);
    return success();
  }
};

/// A `for` loop over a known sequence, unrolled: the body once per element,
/// in order, as Dynamo traces each iteration. The loop is the shape the
/// importer gives a `for`: a header that takes the next element and branches
/// to the body or the exit, and body blocks (branches included) that lead
/// back to the header. `break` and `return` leave the body for blocks outside
/// it; those are reached only from the loop, and see the loop's values
/// through arguments the unrolling adds (loop-closed SSA), so that each
/// iteration's copy passes its own.
struct UnrollKnownLoop : OpRewritePattern<IterNextOp> {
  UnrollKnownLoop(MLIRContext *context, MapperState &state)
      : OpRewritePattern(context), state(state) {}
  MapperState &state;

  LogicalResult matchAndRewrite(IterNextOp next,
                                PatternRewriter &rewriter) const override {
    Block *header = next->getBlock();
    auto branch = dyn_cast<cf::CondBranchOp>(header->getTerminator());
    auto iter = next.getIterator().getDefiningOp<GetIterOp>();
    if (!iter || !branch || &header->front() != next.getOperation() ||
        next->getNextNode() != branch.getOperation() ||
        branch.getCondition() != next.getHasValue() || !branch.getTrueOperands().empty() ||
        llvm::any_of(branch.getFalseOperands(),
                     [&](Value operand) { return operand.getDefiningOp() == next; }))
      return failure();
    Block *bodyEntry = branch.getTrueDest(), *exit = branch.getFalseDest();
    if (bodyEntry == header || exit == header)
      return failure();

    // The body: what the header's true edge reaches, before coming back, and
    // from which it comes back.
    llvm::SetVector<Block *> reached;
    SmallVector<Block *> worklist{bodyEntry};
    while (!worklist.empty()) {
      Block *block = worklist.pop_back_val();
      if (block == header || !reached.insert(block))
        continue;
      llvm::append_range(worklist, block->getSuccessors());
    }
    llvm::SetVector<Block *> body;
    for (Block *pred : header->getPredecessors())
      if (reached.contains(pred))
        worklist.push_back(pred);
    while (!worklist.empty()) {
      Block *block = worklist.pop_back_val();
      if (!reached.contains(block) || !body.insert(block))
        continue;
      llvm::append_range(worklist, block->getPredecessors());
    }
    // Paths of the body that do not come back to the header (a handler's
    // re-raise when no `except` matches, a handler that `break` leaves,
    // a `return`) go with each iteration: the blocks reached only from the
    // body.
    llvm::SetVector<Block *> tails;
    for (Block *block : reached)
      if (!body.contains(block) &&
          isa<cf::BranchOp, cf::CondBranchOp, UnwindBranchOp, RaiseOp, ReraiseOp, ReturnOp>(
              block->getTerminator()))
        tails.insert(block);
    for (bool changed = true; changed;) {
      changed = false;
      for (Block *block : SmallVector<Block *>(tails.begin(), tails.end())) {
        bool onlyFromLoop = llvm::all_of(block->getPredecessors(), [&](Block *pred) {
          return body.contains(pred) || tails.contains(pred);
        });
        if (!onlyFromLoop) {
          tails.remove(block);
          changed = true;
        }
      }
    }
    // The blocks to copy and the exits: the header's, and where `break`,
    // `return` and the handlers outside the loop go. Blocks under a `try`
    // in the body, and its handlers, are copied like any other: their
    // unwind edges stay within the copy. Code outside the loop may reach an
    // exit too (a handler around the loop and what follows it; see
    // planOutsideEdges).
    auto getExits = [&](const llvm::SetVector<Block *> &blocks)
        -> std::optional<llvm::SetVector<Block *>> {
      if (!blocks.contains(bodyEntry))
        return std::nullopt;
      for (Block *block : blocks) {
        if (!isa<cf::BranchOp, cf::CondBranchOp, UnwindBranchOp, RaiseOp, ReraiseOp, ReturnOp>(
                block->getTerminator()))
          return std::nullopt;
        for (Block *pred : block->getPredecessors())
          if (!blocks.contains(pred) && !(block == bodyEntry && pred == header))
            return std::nullopt;
      }
      auto inside = [&](Block *block) { return block == header || blocks.contains(block); };
      llvm::SetVector<Block *> exits;
      exits.insert(exit);
      for (Block *block : blocks)
        for (Block *succ : block->getSuccessors())
          if (!inside(succ))
            exits.insert(succ);
      return exits;
    };
    // With the tails where their exits allow it (a tail that joins what
    // follows the loop does not).
    llvm::SetVector<Block *> withTails = body;
    withTails.insert(tails.begin(), tails.end());
    std::optional<llvm::SetVector<Block *>> found = getExits(withTails);
    if (found)
      body = std::move(withTails);
    else
      found = getExits(body);
    if (!found)
      return failure();
    llvm::SetVector<Block *> exits = std::move(*found);
    // What a raise left unreachable in the body's blocks goes first (the
    // driver erases unreachable blocks between rounds): it uses their values.
    auto usedUnreachable = [&](Value value) {
      return llvm::any_of(value.getUsers(), [&](Operation *user) {
        Block *where = user->getBlock();
        return where != header && !body.contains(where) && !where->isEntryBlock() &&
               where->hasNoPredecessors();
      });
    };
    for (Block *block : body) {
      if (llvm::any_of(block->getArguments(), usedUnreachable))
        return failure();
      for (Operation &op : *block)
        if (llvm::any_of(op.getResults(), usedUnreachable))
          return failure();
    }
    Block *preheader = nullptr;
    for (Block *pred : header->getPredecessors()) {
      if (body.contains(pred))
        continue;
      if (preheader && preheader != pred)
        return failure();
      preheader = pred;
    }
    auto entry = preheader ? dyn_cast<cf::BranchOp>(preheader->getTerminator())
                           : cf::BranchOp();
    // The iterator is made once, before the loop, and only the loop reads it.
    if (!entry || !iter->hasOneUse() || iter->getBlock() != preheader)
      return failure();
    // A branch of the body that is about to fold goes first: the body then
    // has fewer blocks to copy, often one.
    for (Block *block : body)
      if (auto inner = dyn_cast<cf::CondBranchOp>(block->getTerminator()))
        if (foldsTo(inner.getCondition()))
          return failure();
    Value sequence = iter.getValue();
    if (!getIteratedElements(state.resolve.env, sequence, nullptr, next.getLoc()))
      return failure();
    std::optional<SmallVector<OutsideEdge>> outsideEdges;
    auto findLiveOuts = [&]() -> std::optional<SmallVector<LiveOut>> {
      std::optional<SmallVector<LiveOut>> result =
          getLiveOuts(header, body, exits, next, /*unrolling=*/true);
      if (result)
        outsideEdges = planOutsideEdges(*result, header, body, exits, exit);
      if (!result || !outsideEdges)
        return std::nullopt;
      return result;
    };
    std::optional<SmallVector<LiveOut>> liveOuts = findLiveOuts();
    if (!liveOuts) {
      // Values used after exits join go through the join first; undone if
      // that is not enough (the driver would fold the arguments away).
      SmallVector<JoinForward> forwarded;
      while (!liveOuts && forwarded.size() < kMaxUnroll &&
             forwardThroughJoin(header, body, exits, next, forwarded))
        liveOuts = findLiveOuts();
      if (!liveOuts) {
        for (JoinForward &forward : llvm::reverse(forwarded))
          forward.undo();
        return failure();
      }
      for (JoinForward &forward : forwarded)
        forward.notify(rewriter);
    }

    // Nothing fails from here.
    closeLoop(
        *liveOuts, *outsideEdges,
        [&](Block *block) { return block == header || body.contains(block); }, rewriter);
    rewriter.setInsertionPoint(entry);
    SmallVector<Value> elements =
        *getIteratedElements(state.resolve.env, sequence, &rewriter, next.getLoc());
    unrollBlocks(next, entry, branch, body, elements, rewriter);
    rewriter.eraseOp(iter);
    eraseIteratedSequence(sequence.getDefiningOp(), rewriter);
    return success();
  }

  /// A value of the loop passed through a join of its exits (see
  /// forwardThroughJoin), with what it takes to undo it.
  struct JoinForward {
    Value value;
    BlockArgument arg;
    SmallVector<std::pair<Operation *, unsigned>> edges;
    SmallVector<OpOperand *> uses;

    void undo() {
      for (OpOperand *use : uses)
        use->set(value);
      for (auto [terminator, successor] : edges) {
        SuccessorOperands operands =
            cast<BranchOpInterface>(terminator).getSuccessorOperands(successor);
        operands.erase(operands.size() - 1);
      }
      arg.getOwner()->eraseArgument(arg.getArgNumber());
    }

    void notify(PatternRewriter &rewriter) {
      for (auto [terminator, successor] : edges)
        rewriter.modifyOpInPlace(terminator, [] {});
      for (OpOperand *use : uses)
        rewriter.modifyOpInPlace(use->getOwner(), [] {});
    }
  };

  /// Where a value of the loop is used after two of its exits join (the
  /// loop's end and a handler outside it, both going on to what follows a
  /// `finally`), no exit dominates the use and the value has no single
  /// live-out: the join gets an argument for it, passed from each of its
  /// predecessors, which one exit each dominates. Changes the IR without
  /// the rewriter (the caller notifies it, or undoes the change); false
  /// where there is no such use.
  static bool forwardThroughJoin(Block *header, const llvm::SetVector<Block *> &body,
                                 const llvm::SetVector<Block *> &exits, IterNextOp next,
                                 SmallVectorImpl<JoinForward> &forwarded) {
    auto inLoop = [&](Block *block) { return block == header || body.contains(block); };
    DominanceInfo dominance(header->getParentOp());
    auto exitsDominating = [&](Block *block) {
      return llvm::count_if(exits, [&](Block *exit) { return dominance.dominates(exit, block); });
    };
    SmallVector<Value> values(header->getArguments());
    for (Block *block : body) {
      llvm::append_range(values, block->getArguments());
      for (Operation &op : *block)
        llvm::append_range(values, op.getResults());
    }
    for (Value value : values) {
      if (value == next.getValue() || value == next.getHasValue())
        continue;
      for (OpOperand &use : value.getUses()) {
        Block *where = use.getOwner()->getBlock();
        if (inLoop(where) || exitsDominating(where) == 1)
          continue;
        // The nearest block above the use whose predecessors each have one
        // exit above them.
        Block *join = nullptr;
        for (auto *node = dominance.getNode(where); node && !inLoop(node->getBlock());
             node = node->getIDom()) {
          Block *candidate = node->getBlock();
          if (!candidate->hasNoPredecessors() &&
              llvm::all_of(candidate->getPredecessors(), [&](Block *pred) {
                return !inLoop(pred) && exitsDominating(pred) == 1 &&
                       isa<BranchOpInterface>(pred->getTerminator());
              })) {
            join = candidate;
            break;
          }
        }
        if (!join)
          return false;
        JoinForward forward{value, join->addArgument(value.getType(), value.getLoc()), {}, {}};
        llvm::SetVector<Block *> preds(join->pred_begin(), join->pred_end());
        for (Block *pred : preds) {
          auto terminator = cast<BranchOpInterface>(pred->getTerminator());
          for (unsigned i = 0; i < terminator->getNumSuccessors(); ++i)
            if (terminator->getSuccessor(i) == join) {
              terminator.getSuccessorOperands(i).append(value);
              forward.edges.emplace_back(terminator, i);
            }
        }
        for (OpOperand &other : llvm::make_early_inc_range(value.getUses())) {
          Operation *owner = other.getOwner();
          bool edge = llvm::any_of(forward.edges, [&](auto &e) { return e.first == owner; });
          if (!edge && dominance.dominates(join, owner->getBlock())) {
            other.set(forward.arg);
            forward.uses.push_back(&other);
          }
        }
        forwarded.push_back(std::move(forward));
        return true;
      }
    }
    return false;
  }

  /// The old loop goes whole: its ops may use each other's values across
  /// blocks (a nested loop's header uses its preheader's iterator), so all
  /// references inside it are dropped first; then no op or block it holds
  /// is used when it is erased.
  static void eraseLoop(Block *header, ArrayRef<Block *> body, PatternRewriter &rewriter) {
    SmallVector<Block *> dead(body.begin(), body.end());
    dead.push_back(header);
    for (Block *block : dead)
      for (Operation &op : *block)
        rewriter.modifyOpInPlace(&op, [&] { op.dropAllReferences(); });
    for (Block *block : dead)
      rewriter.eraseBlock(block);
  }

  /// Per iteration, a copy of the body's blocks, settled as they are made.
  void unrollBlocks(IterNextOp next, cf::BranchOp entry, cf::CondBranchOp branch,
                    const llvm::SetVector<Block *> &body, ArrayRef<Value> elements,
                    PatternRewriter &rewriter) const {
    Block *header = next->getBlock();
    Block *bodyEntry = branch.getTrueDest(), *exit = branch.getFalseDest();
    // Definitions before uses: the body's blocks in reverse post-order.
    SmallVector<Block *> order;
    llvm::SmallPtrSet<Block *, 8> visited;
    std::function<void(Block *)> visit = [&](Block *block) {
      if (!body.contains(block) || !visited.insert(block).second)
        return;
      for (Block *succ : block->getSuccessors())
        visit(succ);
      order.push_back(block);
    };
    visit(bodyEntry);
    std::reverse(order.begin(), order.end());

    // A head block per iteration receives the carried values; the back edges
    // of iteration k branch to head k + 1, the last head to the exit.
    Region *region = header->getParent();
    SmallVector<Location> argLocs(header->getNumArguments(), header->getParent()->getLoc());
    for (auto [i, arg] : llvm::enumerate(header->getArguments()))
      argLocs[i] = arg.getLoc();
    SmallVector<Block *> heads, created;
    for (size_t k = 0; k <= elements.size(); ++k)
      heads.push_back(rewriter.createBlock(region, exit->getIterator(),
                                           header->getArgumentTypes(), argLocs));
    for (auto [k, element] : llvm::enumerate(elements)) {
      IRMapping mapping;
      mapping.map(header, heads[k + 1]);
      mapping.map(header->getArguments(), heads[k]->getArguments());
      mapping.map(next.getValue(), element);
      created.push_back(heads[k]);
      for (Block *block : order) {
        Block *copy = rewriter.createBlock(region, exit->getIterator(),
                                           block->getArgumentTypes(),
                                           SmallVector<Location>(block->getNumArguments(),
                                                                 next.getLoc()));
        mapping.map(block, copy);
        mapping.map(block->getArguments(), copy->getArguments());
        created.push_back(copy);
      }
      for (Block *block : order) {
        rewriter.setInsertionPointToEnd(mapping.lookup(block));
        for (Operation &op : *block)
          rewriter.clone(op, mapping);
      }
      rewriter.setInsertionPointToEnd(heads[k]);
      rewriter.create<cf::BranchOp>(next.getLoc(), mapping.lookup(bodyEntry));
    }
    // The last head leaves as the header's false edge did, with the values
    // the last iteration carried.
    IRMapping last;
    last.map(header->getArguments(), heads.back()->getArguments());
    SmallVector<Value> exitOperands;
    for (Value operand : branch.getFalseOperands())
      exitOperands.push_back(last.lookupOrDefault(operand));
    rewriter.setInsertionPointToEnd(heads.back());
    rewriter.create<cf::BranchOp>(next.getLoc(), exit, exitOperands);
    // After the loop, the header's values are the last head's.
    for (auto [arg, value] : llvm::zip(header->getArguments(), heads.back()->getArguments()))
      rewriter.replaceAllUsesWith(arg, value);
    rewriter.setInsertionPoint(entry);
    rewriter.replaceOpWithNewOp<cf::BranchOp>(entry, heads.front(), entry.getDestOperands());
    eraseLoop(header, body.getArrayRef(), rewriter);
    created.push_back(heads.back());
    settle(created, rewriter);
  }

  /// Settles the copies first to last: a branch the element decides goes
  /// to the arm taken, and a block that only one block reaches joins it.
  /// The greedy driver would do the same, but from the last copy back,
  /// moving each op once per block before it.
  static void settle(ArrayRef<Block *> blocks, PatternRewriter &rewriter) {
    llvm::SmallPtrSet<Block *, 16> ours(blocks.begin(), blocks.end()), merged;
    // An arm not taken goes, where nothing outside it uses its values.
    auto eraseIfDead = [&](Block *arm) {
      if (!ours.contains(arm) || !arm->hasNoPredecessors())
        return;
      for (BlockArgument arg : arm->getArguments())
        for (Operation *user : arg.getUsers())
          if (user->getBlock() != arm)
            return;
      for (Operation &op : *arm)
        for (Operation *user : op.getUsers())
          if (user->getBlock() != arm)
            return;
      rewriter.eraseBlock(arm);
      merged.insert(arm);
    };
    for (Block *block : blocks) {
      if (merged.contains(block))
        continue;
      while (true) {
        Operation *terminator = block->getTerminator();
        if (auto cond = dyn_cast<cf::CondBranchOp>(terminator)) {
          auto known = dyn_cast_or_null<IntegerAttr>(foldsTo(cond.getCondition()));
          if (!known)
            break;
          bool taken = !known.getValue().isZero();
          Block *other = taken ? cond.getFalseDest() : cond.getTrueDest();
          rewriter.setInsertionPoint(cond);
          rewriter.replaceOpWithNewOp<cf::BranchOp>(
              cond, taken ? cond.getTrueDest() : cond.getFalseDest(),
              taken ? cond.getTrueDestOperands() : cond.getFalseDestOperands());
          eraseIfDead(other);
          continue;
        }
        auto br = dyn_cast<cf::BranchOp>(terminator);
        Block *next = br ? br.getDest() : nullptr;
        if (!next || next == block || next->getSinglePredecessor() != block ||
            !ours.contains(next) || merged.contains(next))
          break;
        SmallVector<Value> operands(br.getDestOperands());
        rewriter.eraseOp(br);
        rewriter.mergeBlocks(next, block, operands);
        merged.insert(next);
      }
    }
  }

};

/// One iteration of a loop whose exit test is known on entry, peeled: a
/// `while` loop on a counter (`while i < n: ...; i += 1`), as Dynamo traces
/// it one iteration at a time. The loop is a header, entered from one block,
/// and the blocks that lead back to it; the copy takes the entry's values for
/// the header's arguments, branches back to the original header, and folds.
/// A test is known when the header's arguments from the entry make it
/// constant (folding the loop's ops on them). `for` loops are
/// UnrollKnownLoop's; a loop peels at most kMaxUnroll times per run.
struct PeelKnownLoopIteration : RewritePattern {
  PeelKnownLoopIteration(StringRef root, MLIRContext *context, MapperState &state)
      : RewritePattern(root, /*benefit=*/1, context), state(state) {}
  MapperState &state;

  /// Rooted at the branches that enter a loop: the entry's terminator.
  static void add(RewritePatternSet &set, MLIRContext *context, MapperState &state) {
    for (StringRef root : {cf::BranchOp::getOperationName(), cf::CondBranchOp::getOperationName()})
      set.add(std::make_unique<PeelKnownLoopIteration>(root, context, state));
  }

  LogicalResult matchAndRewrite(Operation *op, PatternRewriter &rewriter) const override {
    // Only an edge that passes a constant can make a test known: finding
    // the loop costs a walk of what follows, so other edges go first.
    auto branch = cast<BranchOpInterface>(op);
    for (unsigned i = 0; i < op->getNumSuccessors(); ++i) {
      Block *header = op->getSuccessor(i);
      OperandRange passed = branch.getSuccessorOperands(i).getForwardedOperands();
      if (header->getSinglePredecessor() ||
          llvm::none_of(passed, [](Value value) { return matchPattern(value, m_Constant()); }))
        continue;
      if (succeeded(peel(header, rewriter)))
        return success();
    }
    return failure();
  }

  LogicalResult peel(Block *header, PatternRewriter &rewriter) const {
    if (header->empty() || isa<IterNextOp>(header->front()) || header->getSinglePredecessor() ||
        header->isEntryBlock())
      return failure();
    // What the header reaches; the latches are its predecessors among them.
    llvm::SetVector<Block *> reached;
    SmallVector<Block *> worklist(header->getSuccessors());
    while (!worklist.empty()) {
      Block *block = worklist.pop_back_val();
      if (block == header || !reached.insert(block))
        continue;
      llvm::append_range(worklist, block->getSuccessors());
    }
    Block *entry = nullptr;
    llvm::SetVector<Block *> body;
    for (Block *pred : header->getPredecessors()) {
      if (reached.contains(pred) || pred == header) {
        worklist.push_back(pred);
      } else if (entry && entry != pred) {
        return failure();
      } else {
        entry = pred;
      }
    }
    // An entry nothing reaches is a copy whose test already left the loop.
    if (!entry || worklist.empty() || (!entry->isEntryBlock() && entry->hasNoPredecessors()))
      return failure();
    while (!worklist.empty()) {
      Block *block = worklist.pop_back_val();
      if (block == header || !reached.contains(block) || !body.insert(block))
        continue;
      llvm::append_range(worklist, block->getPredecessors());
    }
    auto inLoop = [&](Block *block) { return block == header || body.contains(block); };
    SmallVector<Block *> blocks{header};
    llvm::append_range(blocks, body);
    for (Block *block : blocks) {
      if (!isa<cf::BranchOp, cf::CondBranchOp>(block->getTerminator()))
        return failure();
      for (Block *pred : block->getPredecessors())
        if (!inLoop(pred) && !(block == header && pred == entry))
          return failure();
    }
    // One edge enters.
    auto entryBranch = dyn_cast<BranchOpInterface>(entry->getTerminator());
    std::optional<unsigned> entryEdge;
    for (unsigned i = 0; i < entry->getTerminator()->getNumSuccessors(); ++i) {
      if (entry->getTerminator()->getSuccessor(i) != header)
        continue;
      if (entryEdge)
        return failure();
      entryEdge = i;
    }
    if (!entryBranch || !entryEdge)
      return failure();
    SmallVector<Value> initial(entryBranch.getSuccessorOperands(*entryEdge).getForwardedOperands());
    if (initial.size() != header->getNumArguments())
      return failure();
    unsigned &peeled = state.peeled[header];
    if (peeled >= kMaxUnroll || !isExitKnown(header, blocks, inLoop, initial))
      return failure();
    llvm::SetVector<Block *> exits;
    for (Block *block : blocks)
      for (Block *succ : block->getSuccessors())
        if (!inLoop(succ))
          exits.insert(succ);
    std::optional<SmallVector<LiveOut>> liveOuts =
        getLiveOuts(header, body, exits, IterNextOp(), /*unrolling=*/false);
    if (!liveOuts)
      return failure();
    // A value the loop leaves through an exit the entry also reaches would
    // need a merge that is not there.
    for (const LiveOut &liveOut : *liveOuts)
      for (Block *pred : liveOut.exit->getPredecessors())
        if (!inLoop(pred))
          return failure();

    ++peeled;
    // Only the loop reaches its exits (checked above).
    closeLoop(*liveOuts, {}, inLoop, rewriter);
    // The copy: the header's arguments are the entry's values; branches back
    // to the header go to the original, which stays for later iterations.
    IRMapping mapping;
    mapping.map(header->getArguments(), initial);
    Region *region = header->getParent();
    Block *firstCopy = nullptr;
    for (Block *block : blocks) {
      Block *copy = rewriter.createBlock(region, header->getIterator());
      if (block == header)
        firstCopy = copy;
      else
        for (BlockArgument arg : block->getArguments())
          mapping.map(arg, copy->addArgument(arg.getType(), arg.getLoc()));
      mapping.map(block, copy);
    }
    for (Block *block : blocks) {
      rewriter.setInsertionPointToEnd(mapping.lookup(block));
      for (Operation &inner : *block) {
        Operation *copy = rewriter.clone(inner, mapping);
        // Back edges of the copy reach the original header.
        for (unsigned i = 0; i < copy->getNumSuccessors(); ++i)
          if (inner.getSuccessor(i) == header)
            rewriter.modifyOpInPlace(copy, [&] { copy->setSuccessor(header, i); });
      }
    }
    rewriter.modifyOpInPlace(entry->getTerminator(), [&] {
      entryBranch.getSuccessorOperands(*entryEdge).erase(0, initial.size());
      entry->getTerminator()->setSuccessor(firstCopy, *entryEdge);
    });
    return success();
  }

  /// Whether, with the header's arguments bound to `initial`, a branch of
  /// the loop that leaves it or goes back folds: constants through the
  /// loop's ops, in order.
  static bool isExitKnown(Block *header, ArrayRef<Block *> blocks,
                          function_ref<bool(Block *)> inLoop, ArrayRef<Value> initial) {
    DenseMap<Value, Attribute> known;
    auto lookup = [&](Value value) -> Attribute {
      if (Attribute attr = known.lookup(value))
        return attr;
      Attribute attr;
      if (matchPattern(value, m_Constant(&attr)))
        return attr;
      return {};
    };
    bool anyKnown = false;
    for (auto [arg, value] : llvm::zip(header->getArguments(), initial))
      if (Attribute attr = lookup(value)) {
        known[arg] = attr;
        anyKnown = true;
      }
    if (!anyKnown)
      return false;
    for (Block *block : blocks) {
      for (Operation &op : block->without_terminator()) {
        if (op.getNumResults() == 0)
          continue;
        SmallVector<Attribute> operands;
        for (Value operand : op.getOperands())
          operands.push_back(lookup(operand));
        if (llvm::any_of(operands, [](Attribute attr) { return !attr; }))
          continue;
        SmallVector<OpFoldResult> results;
        if (failed(foldPyOp(&op, operands, results)) || results.size() != op.getNumResults())
          continue;
        for (auto [result, folded] : llvm::zip(op.getResults(), results))
          if (auto attr = dyn_cast<Attribute>(folded))
            known[result] = attr;
          else if (Attribute same = lookup(cast<Value>(folded)))
            known[result] = same;
      }
      auto branch = dyn_cast<cf::CondBranchOp>(block->getTerminator());
      if (!branch || !isa_and_present<BoolAttr, IntegerAttr>(lookup(branch.getCondition())))
        continue;
      for (Block *succ : branch->getSuccessors())
        if (succ == header || !inLoop(succ))
          return true;
    }
    return false;
  }
};

struct MapTorchPass : dynamir::py::impl::MapTorchBase<MapTorchPass> {
  /// Unrolling and inlining copy the reads of globals and of attributes and
  /// items of known objects; once the blocks have settled, a guard of such a
  /// read dominated by another on the same source is that one, and the read
  /// (which cannot raise: the environment resolved it) goes with it.
  void mergeEnvironmentGuards(FuncOp entry) {
    auto isEnvironmentRead = [](Value value) {
      Operation *read = value.getDefiningOp();
      if (isa_and_nonnull<LoadGlobalOp>(read))
        return true;
      return isa_and_nonnull<GetAttrOp, GetItemOp>(read) &&
             read->getOperand(0).getDefiningOp<tg::GuardIdOp>();
    };
    DominanceInfo dominance(entry);
    tg::mergeGuards(
        entry, dominance,
        [&](tg::GuardOpInterface guard) { return isEnvironmentRead(guard.getGuarded()); },
        [](Value input) {
          if (Operation *read = input.getDefiningOp(); read && read->use_empty())
            read->erase();
        });
  }

  /// The patterns, built once: the canonicalization patterns of every
  /// registered op are many, and the capture runs this pass every round.
  LogicalResult initialize(MLIRContext *context) override {
    // Shared with the copies the pass manager makes of this pass, which
    // share the patterns too.
    state = std::make_shared<MapperState>();
    RewritePatternSet set(context);
    set.add<FoldConstantSubscript, FoldConstantSlice, FoldListExtend, FoldUnpackSequence, FoldUnpackEx, FoldContains,
            EraseUnusedGuardedItem>(context);
    populateResolveEnvironmentPatterns(set, state->resolve);
    populateDictPatterns(set, state->resolve);
    ForwardListContents::add(set, context, *state);
    PeelKnownLoopIteration::add(set, context, *state);
    set.add<FoldListToTuple>(context);
    set.add<UnrollKnownLoop, DropUnwindEdgeOfKnownIteration, FoldFirstIteration, FoldSequenceCall, FoldIterCall, FoldLen, FoldBuiltinCall, EraseUnusedListMethod, FoldIsInstance, FoldIdentity, MapTensorSubscript, MapBinaryOp, MapUnaryOp, MapCompareOp, MapCall,
            MapTensorAttribute>(context, *state);
    // With the canonicalizations: a branch on a folded condition goes, and
    // the values that meet after it become known tensors to map in turn.
    for (Dialect *dialect : context->getLoadedDialects())
      dialect->getCanonicalizationPatterns(set);
    for (RegisteredOperationName op : context->getRegisteredOperations())
      op.getCanonicalizationPatterns(set, context);
    patterns = FrozenRewritePatternSet(std::move(set));
    return success();
  }

  void runOnOperation() override {
    MapperState &state = *this->state;
    state.reset(getOperation());
    // Only the entry runs; other functions are code to inline or leave.
    FuncOp entry = getCaptureEntry(getOperation());
    if (!entry)
      return signalPassFailure();
    unsigned before = 0;
    entry.walk([&](Operation *op) { before += isa<tg::TGDialect>(op->getDialect()); });
    GreedyRewriteConfig config;
    config.useTopDownTraversal = true;
    config.listener = &state;
    if (failed(applyPatternsAndFoldGreedily(entry, patterns, config))) {
      getOperation().emitError("py-map-torch did not converge");
      return signalPassFailure();
    }
    if (state.failed)
      return signalPassFailure();
    mergeEnvironmentGuards(entry);
    for (auto &[header, count] : state.peeled)
      numPeeled += count;
    unsigned after = 0;
    entry.walk([&](Operation *op) { after += isa<tg::TGDialect>(op->getDialect()); });
    numMapped += after - before;
  }

  std::shared_ptr<MapperState> state;
  FrozenRewritePatternSet patterns;
};
} // namespace
